/* test_cases_store.c: the case repository (scope in SQL, lists, search, clocks, timeline,
 * aggregates, the sealed identity) and the notification outbox. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "base/utf8.h"
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

/*
 * VN ─ 01 Hà Nội ─ 00004 Ba Đình ─ 00004-01 Tổ dân phố số 1
 *    │          └ 00010 Sóc Sơn
 *    └ 04 Cao Bằng ─ 01273 Thục Phán
 * Units: central (VN) ─ hn (01) ─ badinh (00004)
 *                     │         └ socson (00010)
 *                     └ cb (04) ─ thucphan (01273)
 *
 * DANVAN_TEST_DB=postgresql://... runs the same tests on an empty PostgreSQL database (its
 * public schema is dropped and recreated before each test).
 */
struct fixture {
	struct db *db;
	struct arena *arena;
	struct scope sys;
	int64_t a_hn, a_cb, a_badinh, a_socson, a_thucphan, a_village;
	int64_t u_central, u_hn, u_badinh, u_socson, u_cb, u_thucphan;
	int64_t officer, settler, inspector, officer_socson, settler_cb, leader;
	struct scope s_officer, s_settler, s_inspector, s_officer_socson, s_settler_cb, s_leader;
	int64_t t_land, t_env;
	dv_date today;
	int seq;
};

static int64_t add_area(struct fixture *f, const char *code, const char *parent, int level,
                        const char *name)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = {0};
	int64_t id = 0;

	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = in.kind_en = "Area";
	in.name = in.name_en = in.full_name = in.full_name_en = name;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
	return id;
}

static int64_t add_unit(struct fixture *f, int64_t parent, const char *name, const char *area)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = {parent, "mm-board", name, NULL, area};
	int64_t id = 0;

	assert_int_equal(unit_create(f->db, &f->sys, &in, &id, &e), DV_OK);
	return id;
}

static int64_t add_user(struct fixture *f, const char *login, int64_t unit, enum role role)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id = 0;

	assert_int_equal(
	    user_create(f->db, &f->sys, login, login, unit, role, "$argon2id$x", &id, &e), DV_OK);
	return id;
}

static struct db *open_db(void)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *url = getenv("DANVAN_TEST_DB");
	struct db *db = NULL;

	assert_int_equal(db_open(&db, url && *url ? url : "sqlite::memory:", true, &e), DV_OK);
	if (db_engine(db) == DB_POSTGRES)
		assert_int_equal(
		    db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e), DV_OK);
	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_OK);
	return db;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dv_error e = DV_ERROR_INIT;
	struct topic t;

	f->sys = scope_system();
	f->db = open_db();
	f->arena = arena_new();
	f->today = date_from_ymd(2026, 3, 10);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	add_area(f, "VN", NULL, AREA_NATION, "Việt Nam");
	f->a_hn = add_area(f, "01", "VN", AREA_PROVINCE, "Thành phố Hà Nội");
	f->a_cb = add_area(f, "04", "VN", AREA_PROVINCE, "Tỉnh Cao Bằng");
	f->a_badinh = add_area(f, "00004", "01", AREA_COMMUNE, "Phường Ba Đình");
	f->a_socson = add_area(f, "00010", "01", AREA_COMMUNE, "Xã Sóc Sơn");
	f->a_thucphan = add_area(f, "01273", "04", AREA_COMMUNE, "Phường Thục Phán");
	f->a_village = add_area(f, "00004-01", "00004", AREA_VILLAGE, "Tổ dân phố số 1");

	f->u_central = add_unit(f, 0, "Ban Dân vận Trung ương", "VN");
	f->u_hn = add_unit(f, f->u_central, "Ban Dân vận Thành ủy Hà Nội", "01");
	f->u_cb = add_unit(f, f->u_central, "Ban Dân vận Tỉnh ủy Cao Bằng", "04");
	f->u_badinh = add_unit(f, f->u_hn, "Ban Dân vận phường Ba Đình", "00004");
	f->u_socson = add_unit(f, f->u_hn, "Ban Dân vận xã Sóc Sơn", "00010");
	f->u_thucphan = add_unit(f, f->u_cb, "Ban Dân vận phường Thục Phán", "01273");

	f->officer = add_user(f, "canbo.badinh", f->u_badinh, ROLE_OFFICER);
	f->settler = add_user(f, "giaiquyet.badinh", f->u_badinh, ROLE_SETTLER);
	f->inspector = add_user(f, "thanhtra.hn", f->u_hn, ROLE_INSPECTOR);
	f->officer_socson = add_user(f, "canbo.socson", f->u_socson, ROLE_OFFICER);
	f->settler_cb = add_user(f, "giaiquyet.thucphan", f->u_thucphan, ROLE_SETTLER);
	f->leader = add_user(f, "lanhdao.hn", f->u_hn, ROLE_LEADER);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	f->s_officer = scope_for_user(f->officer, f->u_badinh, ROLE_OFFICER);
	f->s_settler = scope_for_user(f->settler, f->u_badinh, ROLE_SETTLER);
	f->s_inspector = scope_for_user(f->inspector, f->u_hn, ROLE_INSPECTOR);
	f->s_officer_socson = scope_for_user(f->officer_socson, f->u_socson, ROLE_OFFICER);
	f->s_settler_cb = scope_for_user(f->settler_cb, f->u_thucphan, ROLE_SETTLER);
	f->s_leader = scope_for_user(f->leader, f->u_hn, ROLE_LEADER);

	assert_int_equal(topic_get_by_code(f->db, "land", f->arena, &t, &e), DV_OK);
	f->t_land = t.id;
	assert_int_equal(topic_get_by_code(f->db, "environment", f->arena, &t, &e), DV_OK);
	f->t_env = t.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->arena);
	db_close(f->db);
	free(f);
	return 0;
}

/* A plain feedback case: fill the required fields; text_fold as the app computes it. */
static void base_case(struct fixture *f, struct case_new *in, int64_t area, int64_t unit,
                      const char *title, const char *description)
{
	struct strbuf both = STRBUF_INIT;
	char *code = arena_printf(f->arena, "TEST-%04d-XXXX", ++f->seq);

	memset(in, 0, sizeof(*in));
	in->tracking_code = code;
	in->kind = KIND_FEEDBACK;
	in->channel = CHANNEL_WEB;
	in->status = ST_RECEIVED;
	in->topic_id = f->t_land;
	in->area_id = area;
	in->handling_unit_id = unit;
	in->title = title;
	in->description = description;
	strbuf_addstr(&both, title);
	strbuf_addch(&both, ' ');
	strbuf_addstr(&both, description);
	in->text_fold = NULL;
	{
		struct strbuf fold = STRBUF_INIT;

		assert_int_equal(utf8_fold(&fold, both.buf, both.len), 0);
		in->text_fold = arena_strdup(f->arena, fold.buf);
		strbuf_release(&fold);
	}
	strbuf_release(&both);
	in->people_count = 1;
	in->submitter_name = "Nguyễn Văn An";
	in->submitter_contact = "0912345678";
	in->received_on = f->today;
	in->received_at = 1773100000 + f->seq;
}

static int64_t insert(struct fixture *f, const struct case_new *in)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id = 0;

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_insert(f->db, in, &id, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_true(id > 0);
	return id;
}

static int64_t simple(struct fixture *f, int64_t area, int64_t unit, const char *title)
{
	struct case_new in;

	base_case(f, &in, area, unit, title, "Mô tả");
	return insert(f, &in);
}

/* A 30-calendar-day clock from receipt that falls due on `due`. */
static struct deadline clock_due(dv_date due)
{
	struct deadline d;

	memset(&d, 0, sizeof(d));
	snprintf(d.rule_code, sizeof(d.rule_code), "%s", "PAKN_SETTLE");
	d.rule_set_id = 1;
	d.from = due - 30;
	d.days = 30;
	d.kind = DAYS_CALENDAR;
	d.anchor = ANCHOR_RECEIPT;
	d.nominal = due;
	d.due = due;
	return d;
}

static void put_clock(struct fixture *f, int64_t id, const char *step, dv_date due)
{
	struct dv_error e = DV_ERROR_INIT;
	struct deadline d = clock_due(due);

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_deadline_put(f->db, id, step, &d, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
}

/* The next step of a case read alone, as the views read it. */
static void with_next(struct fixture *f, struct citizen_case *k)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_clock *cl;
	size_t n;

	assert_int_equal(case_deadlines(f->db, k->id, f->arena, &cl, &n, &e), DV_OK);
	case_next_of(k, cl, n);
}

static void change(struct fixture *f, int64_t id, const struct case_change *c)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_update(f->db, id, c, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
}

static struct case_change no_change(enum case_status status)
{
	struct case_change c = {status, 0, -1, 0, 0, NULL, -1, -1, -1, 0, 0, 1773200000};

	return c;
}

static int64_t scalar(struct fixture *f, const char *sql)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t v;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static void exec_ok(struct fixture *f, const char *sql)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_exec(f->db, sql, &e), DV_OK);
}

/* ---- tests ---- */

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_change c;
	struct citizen_case k, p;
	struct case_new in;
	int64_t parent, id;

	parent = simple(f, f->a_badinh, f->u_badinh, "Khiếu nại lần đầu");
	base_case(f, &in, f->a_village, f->u_badinh, "Đường ngập nước", "Ngõ 5 ngập sau mưa");
	in.kind = KIND_COMPLAINT2;
	in.channel = CHANNEL_RECEPTION;
	in.status = ST_ACCEPTED;
	in.topic_id = f->t_env;
	in.subject_unit_id = f->u_socson;
	in.names_head = true;
	in.people_count = 12;
	in.representatives = "Trần Thị Bình; Lê Văn Cường";
	in.submitter_address = "Số 1 Đội Cấn";
	in.signed_ = true;
	in.complex = 2;
	in.remote = true;
	in.address_text = "Ngõ 5";
	in.has_location = true;
	in.lat = 21.0345;
	in.lon = 105.8123;
	in.received_on = date_from_ymd(2026, 3, 2);
	in.received_at = 1772400000;
	in.parent_case_id = parent;
	in.created_by = f->officer;
	in.open311_client = "fixmystreet";
	id = insert(f, &in);

	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.id, id);
	assert_string_equal(k.tracking_code, in.tracking_code);
	assert_int_equal(k.kind, KIND_COMPLAINT2);
	assert_int_equal(k.channel, CHANNEL_RECEPTION);
	assert_int_equal(k.status, ST_ACCEPTED);
	assert_int_equal(k.topic_id, f->t_env);
	assert_string_equal(k.topic_code, "environment");
	assert_string_equal(k.topic_name, "Môi trường");
	assert_string_equal(k.topic_name_en, "Environment");
	assert_int_equal(k.area_id, f->a_village);
	assert_string_equal(k.area_code, "00004-01");
	assert_string_equal(k.area_name, "Tổ dân phố số 1");
	assert_int_equal(k.commune_id, f->a_badinh);
	assert_int_equal(k.subject_unit_id, f->u_socson);
	assert_string_equal(k.subject_unit_name, "Ban Dân vận xã Sóc Sơn");
	assert_true(k.names_head);
	assert_int_equal(k.handling_unit_id, f->u_badinh);
	assert_string_equal(k.handling_unit_name, "Ban Dân vận phường Ba Đình");
	assert_int_equal(k.assignee_id, 0);
	assert_null(k.assignee_name);
	assert_string_equal(k.title, "Đường ngập nước");
	assert_string_equal(k.description, "Ngõ 5 ngập sau mưa");
	assert_int_equal(k.people_count, 12);
	assert_string_equal(k.representatives, "Trần Thị Bình; Lê Văn Cường");
	assert_string_equal(k.submitter_name, "Nguyễn Văn An");
	assert_string_equal(k.submitter_contact, "0912345678");
	assert_string_equal(k.submitter_address, "Số 1 Đội Cấn");
	assert_false(k.sealed);
	assert_true(k.signed_);
	assert_int_equal(k.complex, 2);
	assert_true(k.remote);
	assert_string_equal(k.address_text, "Ngõ 5");
	assert_true(k.has_location);
	assert_true(k.lat > 21.0344 && k.lat < 21.0346);
	assert_true(k.lon > 105.8122 && k.lon < 105.8124);
	assert_int_equal(k.received_on, date_from_ymd(2026, 3, 2));
	assert_int_equal(k.received_at, 1772400000);
	assert_int_equal(k.accepted_on, 0);
	assert_int_equal(k.decided_on, 0);
	assert_null(k.decision);
	assert_true(k.decision_public);
	assert_int_equal(k.closed_at, 0);
	assert_int_equal(k.extensions, 0);
	assert_int_equal(k.rating, 0);
	assert_null(k.rating_comment);
	assert_int_equal(k.parent_case_id, parent);
	assert_int_equal(k.duplicate_of, 0);
	assert_int_equal(k.created_by, f->officer);
	assert_string_equal(k.open311_client, "fixmystreet");
	assert_int_equal(k.updated_at, 1772400000);
	assert_null(k.next_step);
	assert_int_equal(k.next_due, 0);

	/* every changeable field, then the clock shows as the next step */
	c = no_change(ST_DECIDED);
	c.assignee_id = f->officer;
	c.accepted_on = date_from_ymd(2026, 3, 3);
	c.decided_on = date_from_ymd(2026, 3, 20);
	c.decision = "Chấp nhận một phần";
	c.decision_public = 0;
	c.extensions = 1;
	c.complex = 1;
	c.closed_at = 1773300000;
	c.duplicate_of = parent;
	change(f, id, &c);
	put_clock(f, id, "settle", date_from_ymd(2026, 4, 2));
	assert_int_equal(case_get_by_tracking(f->db, in.tracking_code, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.status, ST_DECIDED);
	assert_int_equal(k.assignee_id, f->officer);
	assert_string_equal(k.assignee_name, "canbo.badinh");
	assert_int_equal(k.accepted_on, date_from_ymd(2026, 3, 3));
	assert_int_equal(k.decided_on, date_from_ymd(2026, 3, 20));
	assert_string_equal(k.decision, "Chấp nhận một phần");
	assert_false(k.decision_public);
	assert_int_equal(k.extensions, 1);
	assert_int_equal(k.complex, 1);
	assert_int_equal(k.closed_at, 1773300000);
	assert_int_equal(k.duplicate_of, parent);
	assert_int_equal(k.updated_at, 1773200000);
	/* one case is read without its next step: case_next_of() takes it from the clocks */
	assert_null(k.next_step);
	with_next(f, &k);
	assert_string_equal(k.next_step, "settle");
	assert_int_equal(k.next_due, date_from_ymd(2026, 4, 2));

	/* "unchanged" keeps everything; clearing the assignee and reopening clear them */
	c = no_change(ST_IN_PROGRESS);
	change(f, id, &c);
	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.assignee_id, f->officer);
	assert_string_equal(k.decision, "Chấp nhận một phần");
	assert_int_equal(k.closed_at, 1773300000);
	c.assignee_id = 0;
	c.closed_at = -1;
	change(f, id, &c);
	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.assignee_id, 0);
	assert_int_equal(k.closed_at, 0);
	assert_int_equal(k.status, ST_IN_PROGRESS);

	/* the citizen's rating */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_rate(f->db, id, 6, "quá tốt", 1773400000, &e), DV_EINVAL);
	assert_int_equal(case_rate(f->db, id, 4, "Hài lòng", 1773400000, &e), DV_OK);
	assert_int_equal(case_rate(f->db, id + 1000, 4, NULL, 1773400000, &e), DV_ENOTFOUND);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.rating, 4);
	assert_string_equal(k.rating_comment, "Hài lòng");

	/* the parent is untouched */
	assert_int_equal(case_get(f->db, &f->sys, parent, f->arena, &p, &e), DV_OK);
	assert_int_equal(p.status, ST_RECEIVED);
	assert_int_equal(p.commune_id, f->a_badinh);
	assert_int_equal(case_get_by_tracking(f->db, "NOPE-NOPE-NOPE", f->arena, &p, &e),
	                 DV_ENOTFOUND);
}

static void test_bad_writes_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_change c;
	struct case_new in;
	int64_t id, cases;

	id = simple(f, f->a_badinh, f->u_badinh, "Một");
	cases = scalar(f, "SELECT COUNT(*) FROM citizen_case");

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Hai", "Hai");
	in.title = NULL;
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EINVAL);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Hai", "Hai");
	in.complex = 3;
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EINVAL);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Hai", "Hai");
	in.sealed_identity = "x";
	in.sealed_len = 1;
	dv_error_clear(&e);
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "plain text"));
	base_case(f, &in, f->a_badinh, f->u_badinh, "Hai", "Hai");
	in.tracking_code = "TEST-0001-XXXX";
	dv_error_clear(&e);
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EEXIST);
	assert_non_null(strstr(e.detail, "TEST-0001-XXXX"));
	/* a taken code is no error of the transaction: it goes on, with nothing written */
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case"), cases);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_handler WHERE case_id NOT IN"
	                           " (SELECT id FROM citizen_case)"),
	                 0);
	db_rollback(f->db);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case"), cases);

	/* writes outside a transaction are refused */
	base_case(f, &in, f->a_badinh, f->u_badinh, "Ba", "Ba");
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EDB);

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	c = no_change((enum case_status)ST__COUNT);
	assert_int_equal(case_update(f->db, id, &c, &e), DV_EINVAL);
	c = no_change(ST_ACCEPTED);
	c.complex = 5;
	assert_int_equal(case_update(f->db, id, &c, &e), DV_EINVAL);
	c = no_change(ST_ACCEPTED);
	c.duplicate_of = id;
	assert_int_equal(case_update(f->db, id, &c, &e), DV_EINVAL);
	c = no_change(ST_ACCEPTED);
	assert_int_equal(case_update(f->db, id + 1000, &c, &e), DV_ENOTFOUND);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE status = 'received'"),
	                 cases);
}

static void test_scoping(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct scope anon = scope_anonymous();
	struct case_change c;
	struct citizen_case k;
	int64_t id, other;

	id = simple(f, f->a_badinh, f->u_badinh, "Ba Đình");
	other = simple(f, f->a_thucphan, f->u_thucphan, "Thục Phán");

	assert_int_equal(case_get(f->db, &f->s_officer, id, f->arena, &k, &e), DV_OK);
	assert_true(k.handles);
	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	assert_true(k.handles);
	assert_int_equal(case_get(f->db, &f->s_leader, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(case_get(f->db, &f->s_inspector, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(case_get(f->db, &f->s_officer_socson, id, f->arena, &k, &e), DV_ENOTFOUND);
	assert_int_equal(case_get(f->db, &f->s_settler_cb, id, f->arena, &k, &e), DV_ENOTFOUND);
	assert_int_equal(case_get(f->db, &anon, id, f->arena, &k, &e), DV_ENOTFOUND);
	/* another province's case is "not found", exactly like a missing one */
	dv_error_clear(&e);
	assert_int_equal(case_get(f->db, &f->s_officer, other, f->arena, &k, &e), DV_ENOTFOUND);
	assert_non_null(strstr(e.detail, "not found"));
	assert_int_equal(case_get(f->db, &f->s_officer, other + 1000, f->arena, &k, &e),
	                 DV_ENOTFOUND);

	/* forwarded to Sóc Sơn: both units see it, Cao Bằng still does not */
	c = no_change(ST_FORWARDED);
	c.handling_unit_id = f->u_socson;
	change(f, id, &c);
	assert_int_equal(case_get(f->db, &f->s_officer_socson, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(k.handling_unit_id, f->u_socson);
	assert_true(k.handles);
	/* Ba Đình still sees the case it handled, but no longer handles it */
	assert_int_equal(case_get(f->db, &f->s_officer, id, f->arena, &k, &e), DV_OK);
	assert_false(k.handles);
	assert_int_equal(case_get_by_tracking(f->db, k.tracking_code, f->arena, &k, &e), DV_OK);
	assert_false(k.handles);
	assert_int_equal(case_get(f->db, &f->s_settler_cb, id, f->arena, &k, &e), DV_ENOTFOUND);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_handler"), 3);
	/* forwarding back adds no second row */
	c.handling_unit_id = f->u_badinh;
	change(f, id, &c);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_handler"), 3);
}

/* The cases `sc` lists under `flt` in area `code` (in *list); their total. */
static int64_t area_total(struct fixture *f, const struct scope *sc, struct case_filter *flt,
                          const char *code, struct citizen_case **list)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t total = -1;
	size_t n;

	flt->area_code = code;
	assert_int_equal(case_list(f->db, sc, flt, f->arena, list, &n, &total, &e), DV_OK);
	return total;
}

static void test_lists_and_inbox(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_filter flt;
	struct citizen_case *list;
	struct case_change c;
	int64_t late, soon, later, none, closed, other, socson, above, total;
	size_t n;

	late = simple(f, f->a_badinh, f->u_badinh, "Quá hạn");
	soon = simple(f, f->a_village, f->u_badinh, "Sắp đến hạn");
	later = simple(f, f->a_badinh, f->u_badinh, "Còn lâu");
	none = simple(f, f->a_badinh, f->u_badinh, "Không có hạn");
	closed = simple(f, f->a_badinh, f->u_badinh, "Đã đóng");
	socson = simple(f, f->a_socson, f->u_socson, "Sóc Sơn");
	other = simple(f, f->a_thucphan, f->u_thucphan, "Cao Bằng");
	put_clock(f, late, "accept", f->today - 2);
	put_clock(f, late, "settle", f->today + 20);
	put_clock(f, soon, "settle", f->today + 3);
	put_clock(f, later, "settle", f->today + 15);
	put_clock(f, closed, "settle", f->today - 5);
	c = no_change(ST_CLOSED);
	change(f, closed, &c);
	c = no_change(ST_ACCEPTED);
	c.assignee_id = 0;
	change(f, later, &c);

	/* the inbox of Ba Đình: overdue, then due soon, then later, then the rest newest first */
	memset(&flt, 0, sizeof(flt));
	flt.status = -1;
	flt.kind = -1;
	flt.today = f->today;
	flt.inbox_order = true;
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 5);
	assert_int_equal(total, 5);
	assert_int_equal(list[0].id, late);
	assert_string_equal(list[0].next_step, "accept");
	assert_int_equal(list[0].next_due, f->today - 2);
	assert_int_equal(list[1].id, soon);
	assert_int_equal(list[2].id, later);
	assert_int_equal(list[3].id, closed);
	assert_int_equal(list[4].id, none);

	/* newest first without the inbox order; the Hà Nội leader sees both communes */
	flt.inbox_order = false;
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 6);
	assert_int_equal(list[0].id, socson);
	assert_int_equal(list[5].id, late);
	assert_int_equal(case_list(f->db, &f->sys, &flt, f->arena, &list, &n, &total, &e), DV_OK);
	assert_int_equal(n, 7);
	assert_int_equal(list[0].id, other);

	/* filters */
	flt.overdue = true;
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, late);
	flt.overdue = false;
	flt.open_only = true;
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(total, 4);
	flt.open_only = false;
	flt.status = ST_ACCEPTED;
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, later);
	flt.status = -1;
	flt.kind = KIND_DENUNCIATION;
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	flt.kind = KIND_FEEDBACK;
	flt.topic_id = f->t_env;
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	flt.topic_id = f->t_land;
	flt.area_code = "00004-01";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, soon);
	flt.area_code = "01";
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 6);
	flt.area_code = "04";
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	flt.area_code = NULL;
	flt.handling_unit_id = f->u_socson;
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, socson);
	flt.handling_unit_id = 0;
	flt.limit = 2;
	flt.offset = 4;
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 6);
	assert_int_equal(list[1].id, late);

	/* a subtree's cases: by their commune, plus those filed above commune level (no commune) */
	flt.limit = 0;
	flt.offset = 0;
	above = simple(f, f->a_hn, f->u_hn, "Cả thành phố");
	assert_int_equal(area_total(f, &f->s_leader, &flt, "01", &list), 7);
	assert_int_equal(list[0].id, above);
	assert_int_equal(area_total(f, &f->sys, &flt, "VN", &list), 8);
	/* a commune's include its villages' and not the province's; a village's only its own */
	assert_int_equal(area_total(f, &f->s_leader, &flt, "00004", &list), 5);
	assert_int_not_equal(list[0].id, above);
	assert_int_equal(area_total(f, &f->s_leader, &flt, "00004-01", &list), 1);
	assert_int_equal(list[0].id, soon);
	assert_int_equal(area_total(f, &f->sys, &flt, "04", &list), 1);
	assert_int_equal(list[0].id, other);
	assert_int_equal(area_total(f, &f->sys, &flt, "99999", &list), 0);
	flt.area_code = NULL;

	/* bad filters are refused */
	flt.status = 42;
	assert_int_equal(case_list(f->db, &f->s_leader, &flt, f->arena, &list, &n, &total, &e),
	                 DV_EINVAL);
}

static void test_search_without_diacritics(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *list;
	struct case_filter flt;
	struct case_new in;
	int64_t flood, id;
	size_t n;

	base_case(f, &in, f->a_badinh, f->u_badinh, "Đường ngập nước",
	          "Ngõ 5 phố Đội Cấn ngập sâu 50% sau mưa");
	flood = insert(f, &in);
	simple(f, f->a_badinh, f->u_badinh, "Tiếng ồn karaoke");
	base_case(f, &in, f->a_thucphan, f->u_thucphan, "Đường ngập nước", "Cao Bằng");
	id = insert(f, &in);
	(void)id;

	memset(&flt, 0, sizeof(flt));
	flt.status = -1;
	flt.kind = -1;
	flt.today = f->today;
	flt.query = "duong NGAP";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, flood);
	flt.query = "ĐỘI CẤN";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	/* punctuation folds to spaces, so LIKE metacharacters never reach the pattern */
	flt.query = "50%";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	flt.query = "mưa đông";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	flt.query = "karaoke";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	flt.query = "\xff\xfe";
	assert_int_equal(case_list(f->db, &f->s_officer, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_EINVAL);
}

/* Clocks come by due day then step; events by time then id, whatever order they were written. */
static void test_read_order(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_clock *cl;
	struct case_event *ev;
	size_t n, i;
	int64_t id = simple(f, f->a_badinh, f->u_badinh, "Thứ tự");
	static const int64_t at[] = {300, 100, 200, 100};
	static const char *const notes[] = {"c", "a", "b", "a2"};

	put_clock(f, id, "settle", f->today + 30);
	put_clock(f, id, "publish", f->today + 5);
	put_clock(f, id, "accept", f->today + 5);
	put_clock(f, id, "forward", f->today + 1);
	assert_int_equal(case_deadlines(f->db, id, f->arena, &cl, &n, &e), DV_OK);
	assert_int_equal(n, 4);
	assert_string_equal(cl[0].step, "forward");
	assert_string_equal(cl[1].step, "accept");
	assert_string_equal(cl[2].step, "publish");
	assert_string_equal(cl[3].step, "settle");

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(case_event_add(f->db, id, 0, f->u_badinh, "commented", true, NULL,
		                                NULL, notes[i], at[i], &e),
		                 DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_events(f->db, id, true, f->arena, &ev, &n, &e), DV_OK);
	/* simple() wrote none public at these times: the four come first, by time then id */
	assert_true(n >= 4);
	assert_string_equal(ev[0].note, "a");
	assert_string_equal(ev[1].note, "a2");
	assert_true(ev[0].id < ev[1].id);
	assert_string_equal(ev[2].note, "b");
	assert_string_equal(ev[3].note, "c");
	for (i = 1; i < n; i++)
		assert_true(ev[i - 1].at < ev[i].at ||
		            (ev[i - 1].at == ev[i].at && ev[i - 1].id < ev[i].id));
}

/* The next step: the running clock due first, ties by step name, met clocks ignored. */
static void test_next_of(void **state)
{
	struct case_clock cl[4];
	struct citizen_case k;

	(void)state;
	memset(cl, 0, sizeof(cl));
	memset(&k, 0, sizeof(k));
	cl[0].step = "settle";
	cl[0].d.due = 20;
	cl[1].step = "accept";
	cl[1].d.due = 5;
	cl[1].met_on = 4;
	cl[2].step = "publish";
	cl[2].d.due = 12;
	cl[3].step = "forward";
	cl[3].d.due = 12;
	case_next_of(&k, cl, 4);
	assert_string_equal(k.next_step, "forward");
	assert_int_equal(k.next_due, 12);
	case_next_of(&k, cl, 2);
	assert_string_equal(k.next_step, "settle");
	assert_int_equal(k.next_due, 20);
	case_next_of(&k, &cl[1], 1);
	assert_null(k.next_step);
	assert_int_equal(k.next_due, 0);
	case_next_of(&k, NULL, 0);
	assert_null(k.next_step);
}

static void test_similar(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *list;
	struct case_change c;
	struct case_new in;
	int64_t a, b, closed, one_word, other_topic, other_commune;
	size_t n;

	base_case(f, &in, f->a_badinh, f->u_badinh, "Cống thoát nước tắc",
	          "Nước thải tràn ra đường");
	a = insert(f, &in);
	base_case(f, &in, f->a_village, f->u_badinh, "Tắc cống thoát nước ngõ 5", "Mùi hôi");
	b = insert(f, &in);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Cống thoát nước", "đã xử lý");
	closed = insert(f, &in);
	c = no_change(ST_CLOSED);
	change(f, closed, &c);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Thoát hiểm chung cư", "Lối ra bị khóa");
	one_word = insert(f, &in);
	base_case(f, &in, f->a_badinh, f->u_badinh, "Cống thoát nước tắc", "Môi trường");
	in.topic_id = f->t_env;
	other_topic = insert(f, &in);
	base_case(f, &in, f->a_socson, f->u_socson, "Cống thoát nước tắc", "Sóc Sơn");
	other_commune = insert(f, &in);
	(void)one_word;
	(void)other_topic;
	(void)other_commune;

	/* a new text about the same drain in Ba Đình (folded as the app does) */
	assert_int_equal(case_similar(f->db, &f->sys, f->a_badinh, f->t_land,
	                              "cong thoat nuoc bi tac lau ngay", 0, 10, f->arena, &list, &n,
	                              &e),
	                 DV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, b);
	assert_int_equal(list[1].id, a);
	/* excluding itself, limited, and scoped */
	assert_int_equal(case_similar(f->db, &f->sys, f->a_village, f->t_land,
	                              "cong thoat nuoc bi tac lau ngay", b, 10, f->arena, &list, &n,
	                              &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, a);
	assert_int_equal(case_similar(f->db, &f->sys, f->a_badinh, f->t_land,
	                              "cong thoat nuoc bi tac lau ngay", 0, 1, f->arena, &list, &n,
	                              &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(case_similar(f->db, &f->s_settler_cb, f->a_badinh, f->t_land,
	                              "cong thoat nuoc bi tac lau ngay", 0, 10, f->arena, &list, &n,
	                              &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	/* one shared long word is not enough; short words do not count */
	assert_int_equal(case_similar(f->db, &f->sys, f->a_badinh, f->t_land, "thoat nhanh", 0, 10,
	                              f->arena, &list, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
	assert_int_equal(case_similar(f->db, &f->sys, f->a_badinh, f->t_land, "tac cong ra", 0, 10,
	                              f->arena, &list, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 0);
}

static void test_sealed_identity(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	static const unsigned char blob[] = {0x01, 0x00, 0xfe, 0x42, 0x00, 0x7f};
	struct citizen_case k, *list;
	struct case_filter flt;
	struct case_new in;
	const void *p;
	size_t len, n, i;
	int64_t id, plain;

	base_case(f, &in, f->a_badinh, f->u_badinh, "Tố cáo cán bộ", "Nhận tiền");
	in.kind = KIND_DENUNCIATION;
	in.submitter_name = in.submitter_contact = in.submitter_address = NULL;
	in.sealed_identity = blob;
	in.sealed_len = sizeof(blob);
	in.signed_ = true;
	id = insert(f, &in);
	plain = simple(f, f->a_badinh, f->u_badinh, "Phản ánh");

	assert_int_equal(case_get(f->db, &f->s_officer, id, f->arena, &k, &e), DV_OK);
	assert_true(k.sealed);
	assert_null(k.submitter_name);
	assert_null(k.submitter_contact);
	assert_null(k.submitter_address);

	/* an officer may read the case but never the identity: "not found" */
	assert_int_equal(case_sealed_identity(f->db, &f->s_officer, id, f->arena, &p, &len, &e),
	                 DV_ENOTFOUND);
	assert_null(p);
	assert_int_equal(case_sealed_identity(f->db, &f->s_leader, id, f->arena, &p, &len, &e),
	                 DV_ENOTFOUND);
	assert_int_equal(case_sealed_identity(f->db, &f->s_settler_cb, id, f->arena, &p, &len, &e),
	                 DV_ENOTFOUND);
	/* the settler of the handling unit and an inspector above it */
	assert_int_equal(case_sealed_identity(f->db, &f->s_settler, id, f->arena, &p, &len, &e),
	                 DV_OK);
	assert_int_equal(len, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_int_equal(case_sealed_identity(f->db, &f->s_inspector, id, f->arena, &p, &len, &e),
	                 DV_OK);
	assert_int_equal(len, sizeof(blob));
	/* nothing sealed: not found */
	assert_int_equal(case_sealed_identity(f->db, &f->s_settler, plain, f->arena, &p, &len, &e),
	                 DV_ENOTFOUND);

	/* lists never carry it, nor plain fields of the denouncer */
	memset(&flt, 0, sizeof(flt));
	flt.status = -1;
	flt.kind = -1;
	flt.today = f->today;
	assert_int_equal(case_list(f->db, &f->s_settler, &flt, f->arena, &list, &n, NULL, &e),
	                 DV_OK);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		if (list[i].id == id)
			assert_null(list[i].submitter_name);
	assert_int_equal(case_list_public(f->db, 0, 0, NULL, -1, 10, f->arena, &list, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_null(list[i].submitter_name);
		assert_null(list[i].submitter_contact);
	}
}

static void test_clocks(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_clock *clocks;
	struct citizen_case k;
	struct deadline d;
	size_t n;
	int64_t id;

	id = simple(f, f->a_badinh, f->u_badinh, "Khiếu nại");
	put_clock(f, id, "settle", f->today + 30);
	put_clock(f, id, "accept", f->today + 10);
	assert_int_equal(case_deadlines(f->db, id, f->arena, &clocks, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(clocks[0].step, "accept");
	assert_string_equal(clocks[0].d.rule_code, "PAKN_SETTLE");
	assert_int_equal(clocks[0].d.rule_set_id, 1);
	assert_int_equal(clocks[0].d.from, f->today - 20);
	assert_int_equal(clocks[0].d.days, 30);
	assert_int_equal(clocks[0].d.kind, DAYS_CALENDAR);
	assert_int_equal(clocks[0].d.anchor, ANCHOR_RECEIPT);
	assert_int_equal(clocks[0].d.due, f->today + 10);
	assert_int_equal(clocks[0].met_on, 0);
	assert_string_equal(clocks[1].step, "settle");

	/* met: no longer the next step */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_deadline_meet(f->db, id, "accept", f->today, &e), DV_OK);
	assert_int_equal(case_deadline_meet(f->db, id, "publish", f->today, &e), DV_OK);
	assert_int_equal(case_deadline_meet(f->db, id, "", f->today, &e), DV_EINVAL);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_deadlines(f->db, id, f->arena, &clocks, &n, &e), DV_OK);
	assert_int_equal(clocks[0].met_on, f->today);
	assert_int_equal(case_get(f->db, &f->sys, id, f->arena, &k, &e), DV_OK);
	with_next(f, &k);
	assert_string_equal(k.next_step, "settle");
	assert_int_equal(k.next_due, f->today + 30);

	/* put replaces (an extension), running again */
	memset(&d, 0, sizeof(d));
	snprintf(d.rule_code, sizeof(d.rule_code), "TC_SETTLE");
	d.rule_set_id = 1;
	d.from = f->today;
	d.days = 60;
	d.kind = DAYS_WORKING;
	d.anchor = ANCHOR_ACCEPTANCE;
	d.flags = DL_REMOTE | DL_COMPLEX;
	d.extensions = 1;
	d.nominal = f->today + 60;
	d.due = f->today + 61;
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_deadline_put(f->db, id, "settle", &d, &e), DV_OK);
	d.days = 0;
	assert_int_equal(case_deadline_put(f->db, id, "settle", &d, &e), DV_EINVAL);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_deadlines(f->db, id, f->arena, &clocks, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(clocks[1].d.rule_code, "TC_SETTLE");
	assert_int_equal(clocks[1].d.kind, DAYS_WORKING);
	assert_int_equal(clocks[1].d.anchor, ANCHOR_ACCEPTANCE);
	assert_int_equal(clocks[1].d.flags, DL_REMOTE | DL_COMPLEX);
	assert_int_equal(clocks[1].d.extensions, 1);
	assert_int_equal(clocks[1].d.days, 60);
	assert_int_equal(clocks[1].d.nominal, f->today + 60);
	assert_int_equal(clocks[1].d.due, f->today + 61);
}

static void test_events(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_event *ev;
	size_t n;
	int64_t id;

	id = simple(f, f->a_badinh, f->u_badinh, "Sự kiện");
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_event_add(f->db, id, 0, f->u_badinh, "received", true, NULL,
	                                "received", NULL, 100, &e),
	                 DV_OK);
	assert_int_equal(case_event_add(f->db, id, f->officer, f->u_badinh, "comment", false, NULL,
	                                NULL, "Ghi chú nội bộ", 300, &e),
	                 DV_OK);
	assert_int_equal(case_event_add(f->db, id, f->settler, f->u_badinh, "accept", true,
	                                "received", "accepted", "Thụ lý", 200, &e),
	                 DV_OK);
	assert_int_equal(case_event_add(f->db, id, 0, 0, "", true, NULL, NULL, NULL, 400, &e),
	                 DV_EINVAL);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	assert_int_equal(case_events(f->db, id, false, f->arena, &ev, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ev[0].kind, "received");
	assert_null(ev[0].actor_name);
	assert_int_equal(ev[0].actor_user_id, 0);
	assert_string_equal(ev[0].unit_name, "Ban Dân vận phường Ba Đình");
	assert_true(ev[0].public_);
	assert_null(ev[0].from_status);
	assert_string_equal(ev[0].to_status, "received");
	assert_string_equal(ev[0].note, "");
	assert_string_equal(ev[1].kind, "accept");
	assert_string_equal(ev[1].actor_name, "giaiquyet.badinh");
	assert_string_equal(ev[1].from_status, "received");
	assert_int_equal(ev[1].at, 200);
	assert_string_equal(ev[2].kind, "comment");
	assert_false(ev[2].public_);
	assert_string_equal(ev[2].note, "Ghi chú nội bộ");

	assert_int_equal(case_events(f->db, id, true, f->arena, &ev, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].kind, "received");
	assert_string_equal(ev[1].kind, "accept");
}

/* The stamp moves with every change to what a case's answers show, and only then. */
static void test_stamp(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_stamp s0, s, t;
	struct case_change c;
	struct citizen_case k;
	int64_t id, other;

	id = simple(f, f->a_badinh, f->u_badinh, "Dấu phiên bản");
	other = simple(f, f->a_badinh, f->u_badinh, "Hồ sơ khác");
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s0, &e), DV_OK);
	assert_int_equal(s0.id, id);
	/* in scope as case_get is; by tracking code unscoped */
	assert_int_equal(case_stamp(f->db, &f->s_officer_socson, id, &s, &e), DV_ENOTFOUND);
	assert_int_equal(case_stamp(f->db, &f->s_officer, id + 1000, &s, &e), DV_ENOTFOUND);
	assert_int_equal(case_get(f->db, &f->s_officer, id, f->arena, &k, &e), DV_OK);
	assert_int_equal(case_stamp_by_tracking(f->db, k.tracking_code, &t, &e), DV_OK);
	assert_memory_equal(&t, &s0, sizeof(t));
	assert_int_equal(case_stamp_by_tracking(f->db, "NONE-0000-0000", &t, &e), DV_ENOTFOUND);
	/* the receipt event written with the case leaves the revision (no one has seen it) */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_event_first(f->db, id, 0, f->u_badinh, "received", true, NULL,
	                                  "received", NULL, 400, &e),
	                 DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_memory_equal(&s, &s0, sizeof(s));

	/* a status change */
	change(f, id, (c = no_change(ST_ACCEPTED), &c));
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_true(s.revision > s0.revision);
	assert_int_equal(s.catalog, s0.catalog);
	s0 = s;
	/* an internal comment alone (no change to the row) */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_event_add(f->db, id, f->officer, f->u_badinh, "comment", false, NULL,
	                                NULL, "Ghi chú", 500, &e),
	                 DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_true(s.revision > s0.revision);
	s0 = s;
	/* the citizen's rating */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_rate(f->db, id, 5, NULL, 1773400000, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_true(s.revision > s0.revision);
	s0 = s;
	/* another case's change leaves this one's stamp alone */
	change(f, other, (c = no_change(ST_ACCEPTED), &c));
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_memory_equal(&s, &s0, sizeof(s));
	/* a catalogue change (names of units, topics, areas) moves every case's stamp */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(catalog_changed(f->db, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(case_stamp(f->db, &f->s_officer, id, &s, &e), DV_OK);
	assert_int_equal(s.revision, s0.revision);
	assert_true(s.catalog > s0.catalog);
}

/* A new case counted in "overdue now" at its insert (counted_due, case_deadline_first) ends in
 * the same state as one marked and recounted at the commit; a closed one cannot be. */
static void test_counted_at_insert(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct case_new in;
	struct deadline d;
	int64_t marked, counted, cases;
	char sql[320];

	marked = simple(f, f->a_village, f->u_badinh, "Đếm khi ghi");
	put_clock(f, marked, "accept", f->today + 5);
	put_clock(f, marked, "settle", f->today + 30);
	base_case(f, &in, f->a_village, f->u_badinh, "Đếm ngay", "Mô tả");
	in.counted_due = f->today + 5;
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_insert(f->db, &in, &counted, &e), DV_OK);
	d = clock_due(f->today + 30);
	assert_int_equal(case_deadline_first(f->db, counted, "settle", &d, &e), DV_OK);
	d = clock_due(f->today + 5);
	assert_int_equal(case_deadline_first(f->db, counted, "accept", &d, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(DISTINCT counted_due) * 10 + SUM(due_dirty) FROM citizen_case"
	         " WHERE id IN (%lld, %lld) AND counted_due IS NOT NULL",
	         (long long)marked, (long long)counted);
	assert_int_equal(scalar(f, sql), 10);
	/* the counts at that day: 2 in the village, its commune, province and the nation */
	cases = scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE counted_due IS NOT NULL");
	assert_int_equal(cases, 2);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_due_agg WHERE n = 2"), 4);
	/* and every count equals the recount from the cases */
	assert_int_equal(scalar(f,
	                        "SELECT COUNT(*) FROM (SELECT ac.ancestor AS a, c.counted_due AS d,"
	                        " COUNT(*) AS n FROM citizen_case c JOIN area_closure ac"
	                        " ON ac.descendant = c.area_id WHERE c.counted_due IS NOT NULL"
	                        " GROUP BY 1, 2 EXCEPT SELECT area_id, due_day, n FROM case_due_agg"
	                        " WHERE n <> 0)"),
	                 0);

	/* a closed case has no running clock to be counted at */
	base_case(f, &in, f->a_village, f->u_badinh, "Đã đóng", "Mô tả");
	in.status = ST_CLOSED;
	in.counted_due = f->today + 5;
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_insert(f->db, &in, NULL, &e), DV_EINVAL);
	dv_error_clear(&e);
	db_rollback(f->db);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case"), cases);
}

static void test_aggregates(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case k;
	struct case_new in;
	int64_t a, b, prov;
	char sql[256];

	a = simple(f, f->a_badinh, f->u_badinh, "Một");
	b = simple(f, f->a_village, f->u_badinh, "Hai");
	base_case(f, &in, f->a_badinh, f->u_badinh, "Ba", "Tháng sau");
	in.received_on = date_from_ymd(2026, 4, 1);
	insert(f, &in);
	base_case(f, &in, f->a_hn, f->u_hn, "Cấp tỉnh", "Không có xã");
	prov = insert(f, &in);

	snprintf(sql, sizeof(sql),
	         "SELECT received FROM case_area_agg WHERE area_id = %lld AND month = '2026-03'"
	         " AND kind = 'feedback' AND topic_id = %lld",
	         (long long)f->a_badinh, (long long)f->t_land);
	assert_int_equal(scalar(f, sql), 2);
	/* April's case counts in its commune, its province and the nation */
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_area_agg WHERE month = '2026-04'"), 3);
	/* the province's rows hold its communes' cases and the case above the communes */
	snprintf(sql, sizeof(sql), "SELECT SUM(received) FROM case_area_agg WHERE area_id = %lld",
	         (long long)f->a_hn);
	assert_int_equal(scalar(f, sql), 4);
	snprintf(sql, sizeof(sql), "SELECT SUM(received) FROM case_area_agg WHERE area_id = %lld",
	         (long long)f->a_badinh);
	assert_int_equal(scalar(f, sql), 3);

	assert_int_equal(case_get(f->db, &f->sys, a, f->arena, &k, &e), DV_OK);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(case_agg_decided(f->db, &k, date_from_ymd(2026, 3, 20), true, &e), DV_OK);
	assert_int_equal(case_get(f->db, &f->sys, b, f->arena, &k, &e), DV_OK);
	assert_int_equal(case_agg_decided(f->db, &k, date_from_ymd(2026, 3, 25), false, &e), DV_OK);
	assert_int_equal(case_get(f->db, &f->sys, prov, f->arena, &k, &e), DV_OK);
	assert_int_equal(case_agg_decided(f->db, &k, date_from_ymd(2026, 5, 2), true, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	snprintf(sql, sizeof(sql),
	         "SELECT decided * 100 + decided_on_time FROM case_area_agg WHERE area_id = %lld"
	         " AND month = '2026-03'",
	         (long long)f->a_badinh);
	assert_int_equal(scalar(f, sql), 201);
	assert_int_equal(scalar(f, "SELECT SUM(received) FROM case_area_agg WHERE area_id ="
	                           " (SELECT id FROM area WHERE parent_id IS NULL)"), 4);
	assert_int_equal(scalar(f, "SELECT SUM(decided_on_time) FROM case_area_agg WHERE area_id ="
	                           " (SELECT id FROM area WHERE parent_id IS NULL)"), 2);
}

static void test_list_public(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *list;
	struct case_change c;
	struct case_new in;
	int64_t a, b;
	size_t n;

	a = simple(f, f->a_badinh, f->u_badinh, "Mở");
	base_case(f, &in, f->a_thucphan, f->u_thucphan, "Đóng", "Môi trường");
	in.topic_id = f->t_env;
	b = insert(f, &in);
	c = no_change(ST_CLOSED);
	change(f, b, &c); /* updated_at 1773200000 */

	assert_int_equal(case_list_public(f->db, 0, 0, NULL, -1, 0, f->arena, &list, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, b);
	assert_int_equal(case_list_public(f->db, 0, 0, NULL, 1, 0, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, a);
	assert_int_equal(case_list_public(f->db, 0, 0, NULL, 0, 0, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, b);
	assert_int_equal(
	    case_list_public(f->db, 0, 0, "environment", -1, 0, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    case_list_public(f->db, 1773200000, 0, NULL, -1, 0, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    case_list_public(f->db, 0, 1773200000, NULL, -1, 0, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, a);
}

static void test_outbox(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	static const unsigned char sealed[] = {9, 8, 7, 0, 6};
	struct outbox_msg m, *list;
	int64_t id, m1, m2, m3;
	size_t n;

	id = simple(f, f->a_badinh, f->u_badinh, "Thông báo");
	memset(&m, 0, sizeof(m));
	m.case_id = id;
	m.event = "received";
	m.channel = "email";
	m.recipient = "an@example.vn";
	m.subject = "Đã tiếp nhận";
	m.body = "Mã theo dõi: TEST";
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(outbox_put(f->db, &m, 1000, &m1, &e), DV_OK);
	m.event = "accepted";
	m.recipient = NULL;
	m.sealed_recipient = sealed;
	m.sealed_len = sizeof(sealed);
	assert_int_equal(outbox_put(f->db, &m, 1001, &m2, &e), DV_OK);
	m.case_id = 0;
	m.event = "digest";
	m.channel = "officer";
	m.recipient = "canbo.badinh";
	m.sealed_recipient = NULL;
	assert_int_equal(outbox_put(f->db, &m, 1002, &m3, &e), DV_OK);
	/* bad messages are refused */
	m.recipient = NULL;
	assert_int_equal(outbox_put(f->db, &m, 1003, NULL, &e), DV_EINVAL);
	m.recipient = "x";
	m.event = "Bad Event";
	assert_int_equal(outbox_put(f->db, &m, 1003, NULL, &e), DV_EINVAL);
	m.event = "x";
	m.subject = NULL;
	assert_int_equal(outbox_put(f->db, &m, 1003, NULL, &e), DV_EINVAL);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	assert_int_equal(outbox_pending(f->db, 10, 3, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, m1);
	assert_string_equal(list[0].recipient, "an@example.vn");
	assert_null(list[0].sealed_recipient);
	assert_null(list[1].recipient);
	assert_int_equal(list[1].sealed_len, sizeof(sealed));
	assert_memory_equal(list[1].sealed_recipient, sealed, sizeof(sealed));
	assert_int_equal(list[2].case_id, 0);

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(outbox_sent(f->db, m1, 2000, &e), DV_OK);
	assert_int_equal(outbox_sent(f->db, m1, 2001, &e), DV_ENOTFOUND);
	assert_int_equal(outbox_failed(f->db, m2, "smtp: connection refused", &e), DV_OK);
	assert_int_equal(outbox_failed(f->db, m2, "smtp: timeout", &e), DV_OK);
	assert_int_equal(outbox_failed(f->db, m1, "late", &e), DV_ENOTFOUND);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	assert_int_equal(outbox_pending(f->db, 10, 3, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, m2);
	assert_int_equal(list[0].attempts, 2);
	/* at most two attempts: the failing one is left out */
	assert_int_equal(outbox_pending(f->db, 10, 2, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, m3);
	assert_int_equal(outbox_pending(f->db, 1, 9, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);

	assert_int_equal(outbox_for_case(f->db, id, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].event, "received");
	assert_int_equal(list[0].sent_at, 2000);
	assert_int_equal(list[0].attempts, 1);
	assert_string_equal(list[1].event, "accepted");
	assert_int_equal(list[1].sent_at, 0);
	exec_ok(f, "UPDATE notification SET attempts = 0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_writes_change_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scoping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lists_and_inbox, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_without_diacritics, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_similar, setup, teardown),
	    cmocka_unit_test(test_next_of),
	    cmocka_unit_test_setup_teardown(test_read_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sealed_identity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clocks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stamp, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_counted_at_insert, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_aggregates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_public, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
