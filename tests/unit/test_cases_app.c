/* test_cases_app.c: the case use cases end to end on SQLite: journeys, routing, clocks,
 * confidentiality of a denouncer and bad input that writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "app/cases.h"
#include "app/config.h"
#include "app/notify.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/log.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/outbox.h"
#include "store/unit.h"
#include "store/user.h"

#define SECRET_NAME    "Trần Thị Bí Mật"
#define SECRET_ADDR    "Số 7 ngõ Kín, Ba Đình"
#define SECRET_CONTACT "bimat@example.vn"

/*
 * VN ─ 01 Hà Nội ─ 00004 Ba Đình ─ 00004-01 Tổ dân phố số 1
 *              └ 00010 Sóc Sơn (remote)
 * Units: central ─ hn (UBND Hà Nội, 01) ─ badinh (UBND Ba Đình, 00004)
 *                                      └ socson (UBND Sóc Sơn, 00010)
 */
struct fixture {
	struct app app;
	struct db *db;
	struct arena *a;
	struct scope sys, anon;
	int64_t u_central, u_hn, u_badinh, u_socson;
	struct scope officer, settler, settler_hn, inspector, settler_socson;
};

static void add_area(struct fixture *f, const char *code, const char *parent, int level,
                     const char *name, uint32_t desig)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = {0};
	int64_t id = 0;

	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = "Xã";
	in.kind_en = "Commune";
	in.name = name;
	in.name_en = name;
	in.full_name = name;
	in.full_name_en = name;
	in.designations = desig;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
}

static int64_t add_unit(struct fixture *f, int64_t parent, const char *kind, const char *name,
                        const char *area)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = {parent, kind, name, NULL, area};
	int64_t id = 0;

	assert_int_equal(unit_create(f->db, &f->sys, &in, &id, &e), DV_OK);
	return id;
}

static struct scope add_user(struct fixture *f, const char *login, int64_t unit, enum role role)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id = 0;

	assert_int_equal(
	    user_create(f->db, &f->sys, login, login, unit, role, "$argon2id$x", &id, &e), DV_OK);
	return scope_for_user(id, unit, role);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dv_error e = DV_ERROR_INIT;
	struct config cfg;

	config_defaults(&cfg);
	app_init(&f->app, &cfg);
	randombytes_buf(f->app.key, sizeof(f->app.key));
	f->app.have_key = true;
	f->sys = scope_system();
	f->anon = scope_anonymous();
	assert_int_equal(db_open(&f->db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(f->db, NULL, NULL, &e), DV_OK);
	f->a = arena_new();
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	add_area(f, "VN", NULL, AREA_NATION, "Việt Nam", 0);
	add_area(f, "01", "VN", AREA_PROVINCE, "Hà Nội", 0);
	add_area(f, "00004", "01", AREA_COMMUNE, "Ba Đình", 0);
	add_area(f, "00010", "01", AREA_COMMUNE, "Sóc Sơn", DESIG_REMOTE);
	add_area(f, "00004-01", "00004", AREA_VILLAGE, "Tổ dân phố số 1", 0);
	f->u_central = add_unit(f, 0, "mm-board", "Ban Dân vận Trung ương", "VN");
	f->u_hn = add_unit(f, f->u_central, "peoples-committee", "Ủy ban nhân dân Hà Nội", "01");
	f->u_badinh =
	    add_unit(f, f->u_hn, "peoples-committee", "Ủy ban nhân dân phường Ba Đình", "00004");
	f->u_socson =
	    add_unit(f, f->u_hn, "peoples-committee", "Ủy ban nhân dân xã Sóc Sơn", "00010");
	f->officer = add_user(f, "canbo.badinh", f->u_badinh, ROLE_OFFICER);
	f->settler = add_user(f, "giaiquyet.badinh", f->u_badinh, ROLE_SETTLER);
	f->settler_hn = add_user(f, "giaiquyet.hn", f->u_hn, ROLE_SETTLER);
	f->inspector = add_user(f, "thanhtra.hn", f->u_hn, ROLE_INSPECTOR);
	f->settler_socson = add_user(f, "giaiquyet.socson", f->u_socson, ROLE_SETTLER);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->a);
	db_close(f->db);
	app_release(&f->app);
	free(f);
	app_cases_thread_done(); /* what this thread remembered belongs to that database */
	return 0;
}

static int64_t count(struct fixture *f, const char *sql)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t n = -1;

	assert_non_null(st);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

static int64_t count_id(struct fixture *f, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t n = -1;

	assert_non_null(st);
	db_bind_int64(st, 1, id);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

/* Rows of every table a case writes, as one fingerprint. */
struct counts {
	int64_t cases, events, clocks, audit, outbox, agg;
};

static struct counts counts(struct fixture *f)
{
	struct counts c;

	c.cases = count(f, "SELECT count(*) FROM citizen_case");
	c.events = count(f, "SELECT count(*) FROM case_event");
	c.clocks = count(f, "SELECT count(*) FROM case_deadline");
	c.audit = count(f, "SELECT count(*) FROM audit_log");
	c.outbox = count(f, "SELECT count(*) FROM notification");
	c.agg = count(f, "SELECT coalesce(sum(received) + sum(accepted) + sum(decided), 0) FROM case_area_agg");
	return c;
}

static void assert_same(struct counts x, struct counts y)
{
	assert_int_equal(x.cases, y.cases);
	assert_int_equal(x.events, y.events);
	assert_int_equal(x.clocks, y.clocks);
	assert_int_equal(x.audit, y.audit);
	assert_int_equal(x.outbox, y.outbox);
	assert_int_equal(x.agg, y.agg);
}

/* No text column of `table` holds `needle`. */
static void assert_absent(struct fixture *f, const char *sql, const char *needle)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	enum db_step rc;

	assert_non_null(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int i;

		for (i = 0; i < db_col_count(st); i++) {
			const char *t =
			    db_col_type(st, i) == DB_TYPE_TEXT ? db_col_text(st, i) : NULL;

			if (t && strstr(t, needle))
				fail_msg("'%s' found in column %s of: %s", needle,
				         db_col_name(st, i), sql);
		}
	}
	assert_int_equal(rc, DB_DONE);
}

static struct intake base_intake(enum case_kind kind)
{
	struct intake in;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.channel = CHANNEL_WEB;
	in.topic_code = "land";
	in.area_code = "00004-01";
	in.title = "Lấn chiếm đất công";
	in.description = "Hộ gia đình lấn chiếm lối đi chung\ncủa tổ dân phố.";
	in.people_count = 1;
	return in;
}

static struct intake denunciation(void)
{
	struct intake in = base_intake(KIND_DENUNCIATION);

	in.topic_code = "officials-conduct";
	in.title = "Tố cáo cán bộ nhận tiền";
	in.description = "Cán bộ địa chính nhận tiền để hợp thức hóa đất.";
	in.name = SECRET_NAME;
	in.address = SECRET_ADDR;
	in.contact = SECRET_CONTACT;
	in.signed_ = true;
	return in;
}

static int64_t submit(struct fixture *f, const struct scope *sc, const struct intake *in,
                      char code[TRACKING_LEN + 1])
{
	struct dv_error e = DV_ERROR_INIT;
	char tmp[TRACKING_LEN + 1];
	int64_t id = 0;

	if (app_case_submit(&f->app, f->db, sc, in, f->a, &id, code ? code : tmp, &e) != DV_OK)
		fail_msg("submit: %s", e.detail);
	assert_true(id > 0);
	return id;
}

static enum dv_err act(struct fixture *f, const struct scope *sc, int64_t id,
                       enum case_action action, const char *note, int64_t *new_id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_action_req req;

	memset(&req, 0, sizeof(req));
	req.action = action;
	req.note = note;
	req.complex = -1;
	return app_case_act(&f->app, f->db, sc, "test", id, &req, new_id, &e);
}

static const struct case_clock *clock_of(const struct case_view *v, const char *step)
{
	size_t i;

	for (i = 0; i < v->n_clocks; i++)
		if (!strcmp(v->clocks[i].step, step))
			return &v->clocks[i];
	return NULL;
}

static void view(struct fixture *f, const struct scope *sc, int64_t id, struct case_view *v)
{
	struct dv_error e = DV_ERROR_INIT;

	if (app_case_view(&f->app, f->db, sc, id, VIEW_SIMILAR, f->a, v, &e) != DV_OK)
		fail_msg("view: %s", e.detail);
}

static dv_date due_of(struct fixture *f, const char *rule, dv_date from, unsigned flags)
{
	struct dv_error e = DV_ERROR_INIT;
	struct deadline d;

	assert_int_equal(app_deadline(&f->app, f->db, rule, from, flags, f->a, &d, NULL, &e),
	                 DV_OK);
	return d.due;
}

static bool has_event(const struct case_view *v, const char *kind)
{
	size_t i;

	for (i = 0; i < v->n_events; i++)
		if (!strcmp(v->events[i].kind, kind))
			return true;
	return false;
}

/* Staff entry on an earlier day, a holiday on the due day: exact accept clock. */
static void test_staff_intake_clock_with_holiday(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = base_intake(KIND_COMPLAINT1);
	struct case_view v;
	const struct case_clock *c;
	char code[TRACKING_LEN + 1];
	int64_t id;

	assert_int_equal(app_holiday_add(&f->app, f->db, &f->sys, "test",
	                                 date_from_ymd(2025, 11, 12), "Ngày thử", &e),
	                 DV_OK);
	in.channel = CHANNEL_RECEPTION;
	in.received_on = date_from_ymd(2025, 11, 2); /* a Sunday */
	in.name = "Lê Văn Khiếu";
	in.contact = "0912345678";
	in.actor = "canbo.badinh";
	id = submit(f, &f->officer, &in, code);
	view(f, &f->officer, id, &v);
	assert_int_equal(v.c.status, ST_RECEIVED);
	assert_int_equal(v.c.handling_unit_id, f->u_badinh);
	/* the village's commune, as intake read it with the area */
	assert_int_equal(v.c.area_id, count(f, "SELECT id FROM area WHERE code = '00004-01'"));
	assert_int_equal(v.c.commune_id, count(f, "SELECT id FROM area WHERE code = '00004'"));
	c = clock_of(&v, "accept");
	assert_non_null(c);
	assert_string_equal(c->d.rule_code, "KN1_ACCEPT");
	/* 10 days after 2025-11-02 is Wednesday 2025-11-12, a holiday: Thursday 2025-11-13 */
	assert_int_equal(c->d.due, date_from_ymd(2025, 11, 13));
	c = clock_of(&v, "forward");
	assert_non_null(c);
	assert_null(clock_of(&v, "settle"));
	assert_int_equal(count_id(f,
	                          "SELECT count(*) FROM notification WHERE case_id = ? AND "
	                          "recipient = '0912345678' AND channel = 'sms'",
	                          id),
	                 1);
	assert_int_equal(
	    app_holiday_remove(&f->app, f->db, &f->sys, "test", date_from_ymd(2025, 11, 12), &e),
	    DV_OK);
	/* a citizen cannot choose the day of receipt, nor a reception channel */
	in.actor = NULL;
	in.name = NULL;
	in.contact = NULL;
	assert_int_equal(app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e),
	                 DV_EINVAL);
}

/* A denunciation: submit -> accept (complex) -> extend -> decide, with its confidentiality. */
static void test_denunciation_journey(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = denunciation();
	struct case_action_req req;
	struct case_view v;
	struct case_public pub;
	struct citizen_case *list;
	size_t n, i;
	int64_t total, id;
	const struct case_clock *c;
	dv_date today = date_of_instant(time_now()), settle_due;
	char code[TRACKING_LEN + 1];
	struct outbox_msg *msgs;
	struct counts before;

	id = submit(f, &f->anon, &in, code);
	view(f, &f->settler, id, &v);
	assert_int_equal(v.c.kind, KIND_DENUNCIATION);
	assert_true(v.c.sealed);
	assert_true(v.c.signed_);
	assert_null(v.c.submitter_name);
	assert_null(v.c.submitter_contact);
	assert_null(v.c.submitter_address);
	assert_true(v.can_reveal);
	c = clock_of(&v, "accept");
	assert_non_null(c);
	assert_string_equal(c->d.rule_code, "TC_INIT");
	assert_int_equal(c->d.due, due_of(f, "TC_INIT", today, 0));
	assert_non_null(clock_of(&v, "forward"));
	assert_true(has_event(&v, "received"));

	/* an officer may not accept; a settler accepts, particularly complex */
	assert_int_equal(act(f, &f->officer, id, ACT_ACCEPT, NULL, NULL), DV_EPERM);
	memset(&req, 0, sizeof(req));
	req.action = ACT_ACCEPT;
	req.complex = 1;
	if (app_case_act(&f->app, f->db, &f->settler, "giaiquyet.badinh", id, &req, NULL, &e))
		fail_msg("accept: %s", e.detail);
	view(f, &f->settler, id, &v);
	assert_int_equal(v.c.status, ST_ACCEPTED);
	assert_int_equal(v.c.accepted_on, today);
	assert_int_equal(v.c.complex, 1);
	c = clock_of(&v, "accept");
	assert_int_equal(c->met_on, today);
	c = clock_of(&v, "settle");
	assert_non_null(c);
	assert_string_equal(c->d.rule_code, "TC_SETTLE");
	settle_due = due_of(f, "TC_SETTLE", today, 0);
	assert_int_equal(c->d.due, settle_due);

	/* complex: one extension of at most 30 days; a second one is refused */
	memset(&req, 0, sizeof(req));
	req.action = ACT_EXTEND;
	req.extend_days = 31;
	req.complex = -1;
	before = counts(f);
	assert_int_equal(app_case_act(&f->app, f->db, &f->settler, "x", id, &req, NULL, &e),
	                 DV_EINVAL);
	assert_same(before, counts(f));
	dv_error_clear(&e);
	req.extend_days = 0;
	if (app_case_act(&f->app, f->db, &f->settler, "giaiquyet.badinh", id, &req, NULL, &e))
		fail_msg("extend: %s", e.detail);
	view(f, &f->settler, id, &v);
	assert_int_equal(v.c.extensions, 1);
	c = clock_of(&v, "settle");
	assert_int_equal(c->d.extensions, 1);
	assert_true(c->d.due >= settle_due + 30);
	assert_true(c->d.due <= settle_due + 34);
	before = counts(f);
	assert_int_equal(act(f, &f->settler, id, ACT_EXTEND, NULL, NULL), DV_ECONFLICT);
	assert_same(before, counts(f));

	/* decide: a decision text is needed */
	assert_int_equal(act(f, &f->settler, id, ACT_DECIDE, "", NULL), DV_EINVAL);
	assert_same(before, counts(f));
	assert_int_equal(act(f, &f->settler, id, ACT_DECIDE, "Tố cáo đúng một phần.", NULL), DV_OK);
	view(f, &f->settler, id, &v);
	assert_int_equal(v.c.status, ST_DECIDED);
	assert_int_equal(v.c.decided_on, today);
	assert_string_equal(v.c.decision, "Tố cáo đúng một phần.");
	assert_int_equal(clock_of(&v, "settle")->met_on, today);
	assert_true(has_event(&v, "accepted"));
	assert_true(has_event(&v, "extended"));
	assert_true(has_event(&v, "decided"));
	assert_int_equal(count(f, "SELECT sum(decided) FROM case_area_agg WHERE kind = 'denunciation'"
	                          " AND area_id = (SELECT id FROM area WHERE parent_id IS NULL)"),
	                 1);
	assert_int_equal(count(f, "SELECT sum(decided_on_time) FROM case_area_agg WHERE kind = "
	                          "'denunciation' AND area_id = (SELECT id FROM area WHERE "
	                          "parent_id IS NULL)"),
	                 1);
	assert_int_equal(count_id(f,
	                          "SELECT count(*) FROM audit_log WHERE object_type = 'case' "
	                          "AND object_id = CAST(? AS TEXT) AND action IN ('case.submit', "
	                          "'case.accept', 'case.extend', 'case.decide')",
	                          id),
	                 4);

	/* notifications: receipt, acceptance, extension, decision, all sealed */
	assert_int_equal(outbox_for_case(f->db, id, f->a, &msgs, &n, &e), DV_OK);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_null(msgs[i].recipient);
		assert_non_null(msgs[i].sealed_recipient);
		assert_null(strstr(msgs[i].body, SECRET_NAME));
	}
	assert_int_equal(count(f, "SELECT count(*) FROM notification WHERE recipient IS NOT NULL "
	                          "AND case_id IN (SELECT id FROM citizen_case WHERE kind = "
	                          "'denunciation')"),
	                 0);

	/* the citizen sees the answer and rates it once */
	assert_int_equal(app_case_track(&f->app, f->db, code, f->a, &pub, &e), DV_OK);
	assert_int_equal(pub.status, ST_DECIDED);
	assert_string_equal(pub.decision, "Tố cáo đúng một phần.");
	assert_true(pub.can_rate);
	for (i = 0; i < pub.n_events; i++)
		assert_true(pub.events[i].public_);
	assert_int_equal(app_case_rate(&f->app, f->db, code, 6, NULL, &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(app_case_rate(&f->app, f->db, code, 4, "Cảm ơn", &e), DV_OK);
	assert_int_equal(app_case_rate(&f->app, f->db, code, 5, NULL, &e), DV_ECONFLICT);
	dv_error_clear(&e);

	/* the identity is nowhere but in the sealed column */
	assert_int_equal(case_list(f->db, &f->settler_hn,
	                           &(struct case_filter){.status = -1, .kind = -1}, f->a, &list, &n,
	                           &total, &e),
	                 DV_OK);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (list[i].sealed) {
			assert_null(list[i].submitter_name);
			assert_null(list[i].submitter_contact);
			assert_null(list[i].submitter_address);
		}
		assert_true(!list[i].submitter_name || !strstr(list[i].submitter_name, "Bí Mật"));
	}
	assert_absent(f, "SELECT * FROM citizen_case", "Bí Mật");
	assert_absent(f, "SELECT * FROM citizen_case", "bimat@");
	assert_absent(f, "SELECT * FROM case_event", "Bí Mật");
	assert_absent(f, "SELECT * FROM notification", "Bí Mật");
	assert_absent(f, "SELECT * FROM notification", "bimat@");
	assert_absent(f, "SELECT * FROM audit_log", "Bí Mật");
	assert_absent(f, "SELECT * FROM audit_log", "bimat@");
	assert_absent(f, "SELECT * FROM audit_log", "ngõ Kín");
}

static void test_denunciation_needs_identity(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct counts before = counts(f);
	struct intake in;
	char code[TRACKING_LEN + 1];
	int64_t id = 0;
	int k;

	for (k = 0; k < 4; k++) {
		in = denunciation();
		if (k == 0)
			in.name = "  ";
		else if (k == 1)
			in.address = NULL;
		else if (k == 2)
			in.contact = "";
		else
			in.signed_ = false;
		dv_error_clear(&e);
		assert_int_equal(
		    app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e), DV_EINVAL);
		assert_true(strstr(e.detail, "denunciation") != NULL);
		assert_same(before, counts(f));
	}
}

static void test_names_head_goes_to_superior(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct routing_rule rr;
	struct intake in = denunciation();
	struct case_view v;
	struct counts before;
	char code[TRACKING_LEN + 1];
	int64_t id, rid;

	/* even a routing rule sending land cases of Ba Đình to Ba Đình itself */
	memset(&rr, 0, sizeof(rr));
	rr.unit_id = f->u_badinh;
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(routing_add(f->db, &f->sys, &rr, &rid, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	in.subject_unit_id = f->u_badinh;
	in.names_head = true;
	id = submit(f, &f->anon, &in, code);
	view(f, &f->sys, id, &v);
	assert_int_equal(v.c.handling_unit_id, f->u_hn);
	assert_true(v.c.names_head);
	/* Ba Đình cannot see it, nor can it be forwarded back there */
	assert_int_equal(app_case_view(&f->app, f->db, &f->officer, id, VIEW_SIMILAR, f->a, &v, &e),
	                 DV_ENOTFOUND);
	dv_error_clear(&e);
	{
		struct case_action_req req = {.action = ACT_FORWARD,
		                              .target_unit_id = f->u_badinh,
		                              .note = "chuyển",
		                              .complex = -1};

		before = counts(f);
		assert_int_equal(
		    app_case_act(&f->app, f->db, &f->settler_hn, "x", id, &req, NULL, &e),
		    DV_EINVAL);
		assert_same(before, counts(f));
		dv_error_clear(&e);
	}
	/* a head named without a unit */
	in = denunciation();
	in.names_head = true;
	before = counts(f);
	assert_int_equal(app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e),
	                 DV_EINVAL);
	assert_same(before, counts(f));
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(routing_remove(f->db, &f->sys, rid, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
}

static void test_anonymous(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = base_intake(KIND_ANONYMOUS);
	struct case_view v;
	struct counts before;
	char code[TRACKING_LEN + 1];
	int64_t id;

	in.name = "Ai đó";
	assert_int_equal(app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e),
	                 DV_EINVAL);
	dv_error_clear(&e);
	in.name = NULL;
	id = submit(f, &f->anon, &in, code);
	view(f, &f->settler, id, &v);
	assert_null(clock_of(&v, "accept"));
	assert_null(clock_of(&v, "settle"));
	assert_false((v.allowed >> ACT_ACCEPT) & 1u);
	before = counts(f);
	assert_int_not_equal(act(f, &f->settler, id, ACT_ACCEPT, NULL, NULL), DV_OK);
	assert_same(before, counts(f));
	/* no contact, no notification */
	assert_int_equal(count_id(f, "SELECT count(*) FROM notification WHERE case_id = ?", id), 0);
	assert_int_equal(act(f, &f->officer, id, ACT_START, NULL, NULL), DV_OK);
}

static void test_escalation(void **state)
{
	struct fixture *f = *state;
	struct intake in = base_intake(KIND_COMPLAINT1);
	struct case_view v, v2;
	char code[TRACKING_LEN + 1];
	int64_t id, id2 = 0;
	dv_date today = date_of_instant(time_now());
	const struct case_clock *c;

	in.name = "Phạm Văn Khiếu";
	in.contact = "khieu@example.vn";
	id = submit(f, &f->anon, &in, code);
	/* not before a decision (and the settlement period has not ended) */
	assert_int_not_equal(act(f, &f->settler, id, ACT_ESCALATE, NULL, &id2), DV_OK);
	assert_int_equal(id2, 0);
	assert_int_equal(act(f, &f->settler, id, ACT_ACCEPT, NULL, NULL), DV_OK);
	view(f, &f->settler, id, &v);
	c = clock_of(&v, "settle");
	assert_string_equal(c->d.rule_code, "KN1_SETTLE");
	assert_int_equal(c->d.due, due_of(f, "KN1_SETTLE", today, 0));
	assert_int_equal(act(f, &f->settler, id, ACT_DECIDE, "Giữ nguyên hiện trạng.", NULL),
	                 DV_OK);
	view(f, &f->settler, id, &v);
	assert_non_null(clock_of(&v, "publish"));
	assert_int_equal(clock_of(&v, "publish")->d.due, due_of(f, "KN_PUBLISH", today, 0));
	assert_int_equal(act(f, &f->settler, id, ACT_ESCALATE, "Không đồng ý", &id2), DV_OK);
	assert_true(id2 > 0);
	view(f, &f->settler_hn, id2, &v2);
	assert_int_equal(v2.c.kind, KIND_COMPLAINT2);
	assert_int_equal(v2.c.parent_case_id, id);
	assert_int_equal(v2.c.handling_unit_id, f->u_hn);
	assert_string_equal(v2.c.submitter_name, "Phạm Văn Khiếu");
	c = clock_of(&v2, "accept");
	assert_non_null(c);
	assert_string_equal(c->d.rule_code, "KN2_ACCEPT");
	assert_int_equal(c->d.due, due_of(f, "KN2_ACCEPT", today, 0));
	assert_true(has_event(&v2, "received"));
	view(f, &f->settler, id, &v);
	assert_true(has_event(&v, "escalated"));
	assert_int_equal(act(f, &f->settler_hn, id2, ACT_ACCEPT, NULL, NULL), DV_OK);
	view(f, &f->settler_hn, id2, &v2);
	assert_string_equal(clock_of(&v2, "settle")->d.rule_code, "KN2_SETTLE");
	assert_int_equal(clock_of(&v2, "settle")->d.due, due_of(f, "KN2_SETTLE", today, 0));
}

static void test_remote_clock(void **state)
{
	struct fixture *f = *state;
	struct intake in = base_intake(KIND_COMPLAINT1);
	struct case_view v;
	dv_date today = date_of_instant(time_now());
	int64_t id;

	in.area_code = "00010";
	id = submit(f, &f->anon, &in, NULL);
	view(f, &f->settler_socson, id, &v);
	assert_true(v.c.remote);
	assert_int_equal(v.c.handling_unit_id, f->u_socson);
	assert_int_equal(act(f, &f->settler_socson, id, ACT_ACCEPT, NULL, NULL), DV_OK);
	view(f, &f->settler_socson, id, &v);
	assert_int_equal(clock_of(&v, "settle")->d.due, due_of(f, "KN1_SETTLE", today, DL_REMOTE));
	assert_true(clock_of(&v, "settle")->d.flags & DL_REMOTE);
}

static void test_reveal(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = denunciation();
	struct case_identity id;
	int64_t cid;
	int64_t audits;

	cid = submit(f, &f->anon, &in, NULL);
	audits = count(f, "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'");
	assert_int_equal(app_case_reveal(&f->app, f->db, &f->officer, "canbo", cid, f->a, &id, &e),
	                 DV_ENOTFOUND);
	assert_null(id.name);
	dv_error_clear(&e);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'"),
	                 audits);
	/* a settler of another commune cannot see the case at all */
	assert_int_equal(
	    app_case_reveal(&f->app, f->db, &f->settler_socson, "x", cid, f->a, &id, &e),
	    DV_ENOTFOUND);
	dv_error_clear(&e);
	if (app_case_reveal(&f->app, f->db, &f->settler, "giaiquyet.badinh", cid, f->a, &id, &e))
		fail_msg("reveal: %s", e.detail);
	assert_string_equal(id.name, SECRET_NAME);
	assert_string_equal(id.address, SECRET_ADDR);
	assert_string_equal(id.contact, SECRET_CONTACT);
	assert_true(id.signed_);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'"),
	                 audits + 1);
	/* an inspector in scope too, audited again */
	assert_int_equal(
	    app_case_reveal(&f->app, f->db, &f->inspector, "thanhtra", cid, f->a, &id, &e), DV_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'"),
	                 audits + 2);
	assert_absent(f, "SELECT * FROM audit_log", "Bí Mật");
	assert_absent(f, "SELECT * FROM case_event", "Bí Mật");
}

static void test_bad_input_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct counts before = counts(f);
	char code[TRACKING_LEN + 1];
	char big[CASE_TITLE_MAX + 10];
	struct intake in;
	int64_t id = 0;
	int k;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (k = 0; k < 12; k++) {
		in = base_intake(KIND_FEEDBACK);
		switch (k) {
		case 0:
			in.title = "";
			break;
		case 1:
			in.title = big;
			break;
		case 2:
			in.description = "\xff\xfe";
			break;
		case 3:
			in.topic_code = "no-such-topic";
			break;
		case 4:
			in.area_code = "99999";
			break;
		case 5:
			in.area_code = "VN";
			break;
		case 6:
			in.kind = (enum case_kind)42;
			break;
		case 7:
			in.people_count = -3;
			break;
		case 8:
			in.has_location = true;
			in.lat = 200;
			break;
		case 9:
			in.title = "hai\ndòng";
			break;
		case 10:
			in.channel = CHANNEL_LETTER;
			break;
		case 11:
			in.names_head = true;
			in.subject_unit_id = f->u_badinh;
			break;
		}
		dv_error_clear(&e);
		if (app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e) !=
		    DV_EINVAL)
			fail_msg("bad input %d: %s", k, e.detail);
		assert_true(e.detail[0] != '\0');
		assert_same(before, counts(f));
	}
	/* actions on a missing case, citizen actions with a bad code */
	assert_int_equal(act(f, &f->settler, 999999, ACT_ACCEPT, NULL, NULL), DV_ENOTFOUND);
	assert_int_equal(app_case_citizen(&f->app, f->db, "not-a-code", ACT_REOPEN, NULL, &e),
	                 DV_EINVAL);
	dv_error_clear(&e);
	/* well formed or not, an unknown code changes nothing */
	assert_int_not_equal(
	    app_case_citizen(&f->app, f->db, "0000-0000-0000", ACT_REOPEN, NULL, &e), DV_OK);
	assert_same(before, counts(f));
}

static void test_rate_limit(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = base_intake(KIND_FEEDBACK);
	struct counts before;
	char code[TRACKING_LEN + 1];
	int64_t id;
	int i;

	f->app.cfg.submit_max_addr = 2;
	in.client_addr = "203.0.113.9";
	for (i = 0; i < 2; i++)
		submit(f, &f->anon, &in, code);
	before = counts(f);
	assert_int_equal(app_case_submit(&f->app, f->db, &f->anon, &in, f->a, &id, code, &e),
	                 DV_ELIMIT);
	assert_same(before, counts(f));
	/* staff entering cases are not limited */
	in.actor = "canbo";
	submit(f, &f->officer, &in, code);
	f->app.cfg.submit_max_addr = 30;
}

static void test_notify_log_delivery(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	const struct notify_adapter *ad = notify_adapter_for(&f->app.cfg);
	size_t sent = 0, failed = 0;
	FILE *log = tmpfile();

	assert_non_null(ad);
	assert_string_equal(ad->name, "log");
	assert_true(count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL") > 0);
	log_set_output(log);
	assert_int_equal(notify_deliver_with(&f->app, f->db, ad, 500, &sent, &failed, &e), DV_OK);
	log_set_output(stderr);
	assert_true(sent > 0);
	assert_int_equal(failed, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL"), 0);
	{
		char buf[4096];
		size_t n;

		rewind(log);
		while ((n = fread(buf, 1, sizeof(buf) - 1, log)) > 0) {
			buf[n] = '\0';
			assert_null(strstr(buf, "bimat@"));
			assert_null(strstr(buf, "@example.vn"));
			assert_null(strstr(buf, "0912345678"));
			assert_non_null(strstr(buf, "event="));
		}
	}
	fclose(log);
}

/* A delivery that fails every other message, and finds the first one already recorded by
 * another server (as a second server delivering the same outbox would). */
static struct db *odd_db;
static int64_t odd_first;
static enum dv_err send_odd(void *ctx, const struct notify_msg *m, struct dv_error *e)
{
	(void)ctx;
	if (!odd_first) {
		struct db_stmt *st =
		    db_prepare(odd_db, "UPDATE notification SET sent_at = 1 WHERE id = ?");

		odd_first = m->id;
		assert_non_null(st);
		assert_int_equal(db_bind_int64(st, 1, m->id), 0);
		assert_int_equal(db_step(st), DB_DONE);
		return DV_OK;
	}
	return (m->id & 1) ? dv_fail(e, DV_EUNAVAIL, "mail server down") : DV_OK;
}

/* A batch's outcomes are recorded together; one recorded meanwhile elsewhere stays as it is. */
static void test_notify_batch_outcomes(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	const struct notify_adapter odd = {"odd", send_odd};
	struct intake in = base_intake(KIND_FEEDBACK);
	size_t sent = 0, failed = 0;
	int64_t pending, odd_pending;
	int i;

	in.name = "Trần Văn Nhận";
	in.contact = "nhan@example.vn";
	for (i = 0; i < 6; i++)
		submit(f, &f->anon, &in, NULL);
	pending = count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL");
	odd_pending = count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL AND id % 2 = 1");
	assert_true(pending >= 6);
	odd_db = f->db;
	odd_first = 0;
	assert_int_equal(notify_deliver_with(&f->app, f->db, &odd, 500, &sent, &failed, &e), DV_OK);
	assert_int_equal(sent + failed, pending);
	/* the first message was recorded by "another server" (sent_at 1): left as it was */
	assert_int_equal(count_id(f, "SELECT sent_at FROM notification WHERE id = ?", odd_first), 1);
	assert_int_equal(count_id(f, "SELECT attempts FROM notification WHERE id = ?", odd_first),
	                 0);
	/* the failed ones wait for another attempt, with the reason; the rest are sent */
	assert_int_equal(count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL"),
	                 odd_pending - (odd_first & 1));
	assert_int_equal(count(f, "SELECT count(*) FROM notification WHERE sent_at IS NULL AND"
	                          " attempts = 1 AND last_error = 'mail server down'"),
	                 odd_pending - (odd_first & 1));
	assert_int_equal(failed, (size_t)(odd_pending - (odd_first & 1)));
}

/* The route a thread remembers is dropped when a unit changes (the catalogue's version). */
static void test_route_follows_units(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = base_intake(KIND_FEEDBACK);
	struct unit_new elsewhere = {f->u_hn, "peoples-committee", "Ủy ban nhân dân phường Ba Đình",
	                             NULL, "00010"};
	struct unit_new home = elsewhere;
	struct case_view v;

	home.home_area_code = "00004";
	view(f, &f->sys, submit(f, &f->anon, &in, NULL), &v);
	assert_int_equal(v.c.handling_unit_id, f->u_badinh);
	view(f, &f->sys, submit(f, &f->anon, &in, NULL), &v); /* remembered: the same */
	assert_int_equal(v.c.handling_unit_id, f->u_badinh);
	/* Ba Đình's committee now sits in Sóc Sơn: Ba Đình's cases go to the province */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(unit_update(f->db, &f->sys, f->u_badinh, &elsewhere, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	view(f, &f->sys, submit(f, &f->anon, &in, NULL), &v);
	assert_int_equal(v.c.handling_unit_id, f->u_hn);
	/* and back */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(unit_update(f->db, &f->sys, f->u_badinh, &home, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	view(f, &f->sys, submit(f, &f->anon, &in, NULL), &v);
	assert_int_equal(v.c.handling_unit_id, f->u_badinh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_staff_intake_clock_with_holiday),
	    cmocka_unit_test(test_denunciation_journey),
	    cmocka_unit_test(test_denunciation_needs_identity),
	    cmocka_unit_test(test_names_head_goes_to_superior),
	    cmocka_unit_test(test_anonymous),
	    cmocka_unit_test(test_escalation),
	    cmocka_unit_test(test_remote_clock),
	    cmocka_unit_test(test_reveal),
	    cmocka_unit_test(test_bad_input_writes_nothing),
	    cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_notify_log_delivery),
	    cmocka_unit_test(test_notify_batch_outcomes),
	    cmocka_unit_test(test_route_follows_units),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
