/* test_catalog.c: topics, rule sets, holidays, routing rules and Open311 clients. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/catalog.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/unit.h"

/*
 * VN ─ 01 Hà Nội ─ 00004 Ba Đình ─ 00004-01
 *    │          └ 00010 Sóc Sơn (no people's committee of its own)
 *    └ 04 Cao Bằng ─ 01273 Thục Phán (no people's committee at all)
 * Units: central ─ hn board (01) ─ badinh board (00004)
 *                └ pc_hn (01, people's committee) ─ pc_badinh (00004, people's committee)
 *                └ cb board (04)
 * DANVAN_TEST_DB=postgresql://... runs the tests on PostgreSQL (schema recreated per test).
 */
struct fixture {
	struct db *db;
	struct arena *arena;
	struct scope sys, admin_hn, admin_cb, officer;
	int64_t a_hn, a_cb, a_badinh, a_socson, a_thucphan, a_village;
	int64_t u_central, u_hn, u_badinh, u_pc_hn, u_pc_badinh, u_cb;
	int64_t t_land, t_env;
};

static int64_t add_area(struct fixture *f, const char *code, const char *parent, int level)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = {0};
	int64_t id = 0;

	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = in.kind_en = "Area";
	in.name = in.name_en = in.full_name = in.full_name_en = code;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
	return id;
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

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dv_error e = DV_ERROR_INIT;
	const char *url = getenv("DANVAN_TEST_DB");
	struct topic t;

	f->sys = scope_system();
	assert_int_equal(db_open(&f->db, url && *url ? url : "sqlite::memory:", true, &e), DV_OK);
	if (db_engine(f->db) == DB_POSTGRES)
		assert_int_equal(
		    db_exec(f->db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e), DV_OK);
	assert_int_equal(migrate_run(f->db, NULL, NULL, &e), DV_OK);
	f->arena = arena_new();
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	add_area(f, "VN", NULL, AREA_NATION);
	f->a_hn = add_area(f, "01", "VN", AREA_PROVINCE);
	f->a_cb = add_area(f, "04", "VN", AREA_PROVINCE);
	f->a_badinh = add_area(f, "00004", "01", AREA_COMMUNE);
	f->a_socson = add_area(f, "00010", "01", AREA_COMMUNE);
	f->a_thucphan = add_area(f, "01273", "04", AREA_COMMUNE);
	f->a_village = add_area(f, "00004-01", "00004", AREA_VILLAGE);
	f->u_central = add_unit(f, 0, "central-commission", "Trung ương", "VN");
	f->u_hn = add_unit(f, f->u_central, "mm-board", "Ban Dân vận Hà Nội", "01");
	f->u_badinh = add_unit(f, f->u_hn, "mm-board", "Ban Dân vận Ba Đình", "00004");
	f->u_pc_hn = add_unit(f, f->u_central, "peoples-committee", "UBND Hà Nội", "01");
	f->u_pc_badinh = add_unit(f, f->u_pc_hn, "peoples-committee", "UBND Ba Đình", "00004");
	f->u_cb = add_unit(f, f->u_central, "mm-board", "Ban Dân vận Cao Bằng", "04");
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	f->admin_hn = scope_for_user(1, f->u_hn, ROLE_ADMIN);
	f->admin_cb = scope_for_user(2, f->u_cb, ROLE_ADMIN);
	f->officer = scope_for_user(3, f->u_badinh, ROLE_OFFICER);
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

static void begin(struct fixture *f)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
}

static void commit(struct fixture *f)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_commit(f->db, &e), DV_OK);
}

static void test_topics(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct topic t, *list;
	int64_t id = 0, v0, v1, nrules;
	size_t n;

	assert_int_equal(topic_list(f->db, false, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 10);
	assert_string_equal(list[0].code, "land");
	assert_string_equal(list[0].name, "Đất đai");
	assert_string_equal(list[0].name_en, "Land");
	assert_true(list[0].active);
	assert_string_equal(list[9].code, "other");

	memset(&t, 0, sizeof(t));
	t.code = "water-supply";
	t.name = "Cấp nước sạch";
	t.name_en = "Water supply";
	t.description = "Nước sinh hoạt";
	t.active = true;
	t.sort = 45;
	begin(f);
	assert_int_equal(topic_save(f->db, &f->officer, &t, &id, &e), DV_EPERM);
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, &id, &e), DV_OK);
	assert_true(id > 0);
	commit(f);
	/* a failed statement spoils the transaction on PostgreSQL: the caller rolls back */
	begin(f);
	dv_error_clear(&e);
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_EEXIST);
	assert_non_null(strstr(e.detail, "water-supply"));
	db_rollback(f->db);

	begin(f);
	t.code = "Water Supply";
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_EINVAL);
	t.code = "water";
	t.name = "";
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_EINVAL);
	t.name = "\xc3";
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_EINVAL);
	commit(f);

	assert_int_equal(topic_list(f->db, false, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 11);
	assert_string_equal(list[4].code, "water-supply");

	/* an update: renamed and made inactive, hidden unless `all` */
	t.id = id;
	t.code = "water-supply";
	t.name = "Nước sạch";
	t.active = false;
	assert_int_equal(catalog_version(f->db, &v0, &nrules, &e), DV_OK);
	begin(f);
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_OK);
	/* case pages show topic names: the rename raises the catalogue's version */
	assert_int_equal(catalog_version(f->db, &v1, &nrules, &e), DV_OK);
	assert_true(v1 > v0);
	t.id = id + 1000;
	assert_int_equal(topic_save(f->db, &f->admin_hn, &t, NULL, &e), DV_ENOTFOUND);
	commit(f);
	assert_int_equal(topic_list(f->db, false, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 10);
	assert_int_equal(topic_list(f->db, true, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 11);
	assert_int_equal(topic_get(f->db, id, f->arena, &t, &e), DV_OK);
	assert_string_equal(t.name, "Nước sạch");
	assert_false(t.active);
	assert_int_equal(t.sort, 45);
	assert_string_equal(t.description, "Nước sinh hoạt");
	assert_int_equal(topic_get_by_code(f->db, "water-supply", f->arena, &t, &e), DV_OK);
	assert_int_equal(t.id, id);
	assert_int_equal(topic_get_by_code(f->db, "nope", f->arena, &t, &e), DV_ENOTFOUND);
	assert_int_equal(topic_get(f->db, id + 1000, f->arena, &t, &e), DV_ENOTFOUND);
}

static struct rule make_rule(const char *code, int days)
{
	struct rule r;

	memset(&r, 0, sizeof(r));
	snprintf(r.code, sizeof(r.code), "%s", code);
	r.days = days;
	r.kind = DAYS_CALENDAR;
	r.anchor = ANCHOR_RECEIPT;
	r.status = 'C';
	return r;
}

static void test_rule_sets(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct rule rules[2], bad;
	struct rule_set *sets;
	const struct rule *r;
	int64_t id = 0;
	size_t n;

	assert_int_equal(ruleset_load(f->db, f->arena, &sets, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(sets[0].effective_from, date_from_ymd(2025, 7, 1));
	assert_int_equal(sets[0].n, 18);
	r = rule_find(&sets[0], "KN1_SETTLE");
	assert_non_null(r);
	assert_int_equal(r->days, 30);
	assert_int_equal(r->days_complex, 45);
	assert_int_equal(r->days_remote, 45);
	assert_int_equal(r->days_remote_complex, 60);
	assert_int_equal(r->kind, DAYS_CALENDAR);
	assert_int_equal(r->anchor, ANCHOR_ACCEPTANCE);
	assert_int_equal(r->status, 'C');
	r = rule_find(&sets[0], "TC_SETTLE");
	assert_non_null(r);
	assert_int_equal(r->max_extensions, 2);
	assert_int_equal(r->extension_days, 30);
	r = rule_find(&sets[0], "TC_INIT");
	assert_non_null(r);
	assert_int_equal(r->kind, DAYS_WORKING);
	assert_int_equal(r->status, 'P');

	rules[0] = make_rule("PAKN_SETTLE", 20);
	rules[0].status = 'U';
	rules[1] = make_rule("KN1_ACCEPT", 7);
	rules[1].kind = DAYS_WORKING;
	rules[1].anchor = ANCHOR_DECISION;
	begin(f);
	assert_int_equal(ruleset_add(f->db, &f->officer, date_from_ymd(2026, 7, 1), "Luật 2026",
	                             NULL, rules, 2, &id, &e),
	                 DV_EPERM);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2026, 7, 1), "Luật 2026",
	                             "sửa đổi", rules, 2, &id, &e),
	                 DV_OK);
	assert_true(id > 0);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2026, 7, 1), "Lại", NULL,
	                             rules, 2, NULL, &e),
	                 DV_EEXIST);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2026, 1, 1), "Trước", NULL,
	                             rules, 2, NULL, &e),
	                 DV_EINVAL);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2027, 1, 1), "Rỗng", NULL,
	                             rules, 0, NULL, &e),
	                 DV_EINVAL);
	bad = make_rule("KN1_ACCEPT", 0);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2027, 1, 1), "Sai", NULL,
	                             &bad, 1, NULL, &e),
	                 DV_EINVAL);
	bad = make_rule("kn1", 5);
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2027, 1, 1), "Sai", NULL,
	                             &bad, 1, NULL, &e),
	                 DV_EINVAL);
	bad = make_rule("KN1", 5);
	bad.status = 'X';
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2027, 1, 1), "Sai", NULL,
	                             &bad, 1, NULL, &e),
	                 DV_EINVAL);
	rules[1] = rules[0];
	assert_int_equal(ruleset_add(f->db, &f->admin_hn, date_from_ymd(2027, 1, 1), "Trùng", NULL,
	                             rules, 2, NULL, &e),
	                 DV_EINVAL);
	commit(f);

	assert_int_equal(ruleset_load(f->db, f->arena, &sets, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(sets[0].n, 18);
	assert_int_equal(sets[1].id, id);
	assert_int_equal(sets[1].effective_from, date_from_ymd(2026, 7, 1));
	assert_string_equal(sets[1].name, "Luật 2026");
	assert_int_equal(sets[1].n, 2);
	assert_string_equal(sets[1].rules[0].code, "KN1_ACCEPT");
	assert_int_equal(sets[1].rules[0].kind, DAYS_WORKING);
	assert_int_equal(sets[1].rules[0].anchor, ANCHOR_DECISION);
	assert_int_equal(sets[1].rules[1].days, 20);
	assert_int_equal(sets[1].rules[1].status, 'U');
	assert_ptr_equal(rule_set_in_force(sets, n, date_from_ymd(2026, 6, 30)), &sets[0]);
	assert_ptr_equal(rule_set_in_force(sets, n, date_from_ymd(2026, 7, 1)), &sets[1]);

	/* the one-rule read agrees with the loaded sets: every rule, either side of the change,
	 * a rule the new set lacks (0 though the old set has it), a day before any set */
	{
		static const int days[][3] = {
		    {2025, 6, 30}, {2025, 7, 1}, {2026, 6, 30}, {2026, 7, 1}, {2030, 1, 1}};
		size_t d, k;
		int got;

		for (d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
			dv_date day = date_from_ymd(days[d][0], days[d][1], days[d][2]);
			const struct rule_set *in_force = rule_set_in_force(sets, n, day);

			for (k = 0; k < sets[0].n; k++) {
				const char *code = sets[0].rules[k].code;
				const struct rule *want = rule_find(in_force, code);

				assert_int_equal(rule_max_extensions(f->db, code, day, &got, &e), DV_OK);
				assert_int_equal(got, want ? want->max_extensions : 0);
			}
		}
		assert_int_equal(rule_max_extensions(f->db, "TC_SETTLE", date_from_ymd(2026, 6, 30),
		                                     &got, &e),
		                 DV_OK);
		assert_int_equal(got, 2);
		assert_int_equal(rule_max_extensions(f->db, "TC_SETTLE", date_from_ymd(2026, 7, 1),
		                                     &got, &e),
		                 DV_OK);
		assert_int_equal(got, 0);
		assert_int_equal(rule_max_extensions(f->db, NULL, date_from_ymd(2026, 7, 1), &got, &e),
		                 DV_OK);
		assert_int_equal(got, 0);
	}
}

static void test_holidays(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct holiday_row *rows;
	struct holidays h;
	int64_t v0, v1, nrules;
	size_t n;

	assert_int_equal(holiday_load(f->db, f->arena, &h, &e), DV_OK);
	assert_int_equal(h.n, 0);
	assert_int_equal(catalog_version(f->db, &v0, &nrules, &e), DV_OK);
	begin(f);
	assert_int_equal(holiday_add(f->db, &f->officer, date_from_ymd(2026, 2, 17), "Tết", &e),
	                 DV_EPERM);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 4, 26), "Giỗ Tổ", &e),
	                 DV_OK);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 2, 17), "Tết", &e),
	                 DV_OK);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 2, 16), "x", &e),
	                 DV_OK);
	assert_int_equal(
	    holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 2, 16), "Tết (29 tháng Chạp)", &e),
	    DV_OK);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 2, 18), "", &e),
	                 DV_EINVAL);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2500, 1, 2), "Xa", &e),
	                 DV_EINVAL);
	assert_int_equal(holiday_remove(f->db, &f->admin_hn, date_from_ymd(2026, 4, 26), &e),
	                 DV_OK);
	assert_int_equal(holiday_remove(f->db, &f->admin_hn, date_from_ymd(2026, 4, 26), &e),
	                 DV_ENOTFOUND);
	assert_int_equal(holiday_add(f->db, &f->admin_hn, date_from_ymd(2026, 4, 27), "Bù", &e),
	                 DV_OK);
	commit(f);
	/* each change that was made (not the refused ones) raised the version */
	assert_int_equal(catalog_version(f->db, &v1, &nrules, &e), DV_OK);
	assert_int_equal(v1, v0 + 6);

	assert_int_equal(holiday_load(f->db, f->arena, &h, &e), DV_OK);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.extra[0], date_from_ymd(2026, 2, 16));
	assert_int_equal(h.extra[1], date_from_ymd(2026, 2, 17));
	assert_int_equal(h.extra[2], date_from_ymd(2026, 4, 27));
	assert_int_equal(holiday_list(f->db, f->arena, &rows, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].name, "Tết (29 tháng Chạp)");
	assert_int_equal(rows[2].day, date_from_ymd(2026, 4, 27));
}

static int64_t resolve(struct fixture *f, int64_t area, int64_t topic, const char *kind)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t unit = -1, version, rules;

	/* as the intake does: the rules are looked at only when there are some */
	assert_int_equal(catalog_version(f->db, &version, &rules, &e), DV_OK);
	assert_int_equal(routing_resolve(f->db, area, topic, kind, rules > 0, &unit, &e), DV_OK);
	return unit;
}

static void test_routing(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct routing_rule r, *list;
	int64_t unit = 0, r_prov, r_commune, r_topic, r_kind, v0, v1, nrules;
	size_t n;

	/* defaults: the commune's people's committee, else the province's */
	assert_int_equal(resolve(f, f->a_badinh, f->t_land, "feedback"), f->u_pc_badinh);
	assert_int_equal(resolve(f, f->a_village, f->t_land, "feedback"), f->u_pc_badinh);
	assert_int_equal(resolve(f, f->a_socson, f->t_land, "feedback"), f->u_pc_hn);
	assert_int_equal(resolve(f, f->a_hn, f->t_land, NULL), f->u_pc_hn);
	dv_error_clear(&e);
	assert_int_equal(routing_resolve(f->db, f->a_thucphan, f->t_land, "feedback", true, &unit,
	                                 &e),
	                 DV_ENOTFOUND);
	assert_non_null(strstr(e.detail, "'01273'"));

	/* rules: deeper area beats shallower; a topic, then a kind, beat none */
	memset(&r, 0, sizeof(r));
	assert_int_equal(catalog_version(f->db, &v0, &nrules, &e), DV_OK);
	assert_int_equal(nrules, 0);
	begin(f);
	r.area_code = "01";
	r.unit_id = f->u_hn;
	assert_int_equal(routing_add(f->db, &f->officer, &r, &r_prov, &e), DV_EPERM);
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, &r_prov, &e), DV_OK);
	r.area_code = NULL;
	r.area_id = f->a_badinh;
	r.unit_id = f->u_badinh;
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, &r_commune, &e), DV_OK);
	r.topic_code = "environment";
	r.unit_id = f->u_pc_hn;
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, &r_topic, &e), DV_EINVAL); /* scope */
	r.unit_id = f->u_hn;
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, &r_topic, &e), DV_OK);
	r.topic_code = NULL;
	r.kind = "denunciation";
	r.unit_id = f->u_central;
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, &r_kind, &e), DV_EINVAL); /* scope */
	assert_int_equal(routing_add(f->db, &f->sys, &r, &r_kind, &e), DV_OK);
	/* bad rules are refused */
	r.kind = "gossip";
	assert_int_equal(routing_add(f->db, &f->sys, &r, NULL, &e), DV_EINVAL);
	r.kind = NULL;
	r.area_id = 0;
	r.area_code = "04";
	r.unit_id = f->u_hn;
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, NULL, &e), DV_EINVAL);
	r.area_code = NULL;
	r.topic_code = "nope";
	assert_int_equal(routing_add(f->db, &f->admin_hn, &r, NULL, &e), DV_EINVAL);
	commit(f);
	/* every change raises the version that caches of the rules are kept by */
	assert_int_equal(catalog_version(f->db, &v1, &nrules, &e), DV_OK);
	assert_int_equal(nrules, 4);
	assert_true(v1 >= v0 + 4);

	assert_int_equal(resolve(f, f->a_socson, f->t_land, "feedback"), f->u_hn);
	assert_int_equal(resolve(f, f->a_village, f->t_land, "feedback"), f->u_badinh);
	assert_int_equal(resolve(f, f->a_village, f->t_env, "feedback"), f->u_hn);
	assert_int_equal(resolve(f, f->a_badinh, f->t_land, "denunciation"), f->u_central);
	assert_int_equal(resolve(f, f->a_badinh, f->t_env, "denunciation"), f->u_hn);

	/* an inactive unit takes nothing */
	assert_int_equal(db_exec(f->db,
	                         "UPDATE unit SET active = 0 WHERE kind = 'mm-board'"
	                         " AND name = 'Ban Dân vận Hà Nội'",
	                         &e),
	                 DV_OK);
	assert_int_equal(resolve(f, f->a_socson, f->t_land, "feedback"), f->u_pc_hn);
	assert_int_equal(db_exec(f->db, "UPDATE unit SET active = 1", &e), DV_OK);

	/* lists are scoped by the rule's unit */
	assert_int_equal(routing_list(f->db, &f->sys, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 4);
	assert_int_equal(routing_list(f->db, &f->admin_hn, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_int_equal(routing_list(f->db, &f->admin_cb, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 0);
	assert_int_equal(routing_list(f->db, &f->officer, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, r_commune);
	assert_string_equal(list[0].area_code, "00004");
	assert_null(list[0].topic_code);
	assert_null(list[0].kind);
	assert_string_equal(list[0].unit_name, "Ban Dân vận Ba Đình");

	begin(f);
	assert_int_equal(routing_remove(f->db, &f->admin_cb, r_commune, &e), DV_ENOTFOUND);
	assert_int_equal(routing_remove(f->db, &f->admin_hn, r_commune, &e), DV_OK);
	assert_int_equal(routing_remove(f->db, &f->admin_hn, r_commune, &e), DV_ENOTFOUND);
	commit(f);
	assert_int_equal(resolve(f, f->a_village, f->t_land, "feedback"), f->u_hn);
	(void)r_prov;
	(void)r_topic;
	(void)r_kind;
}

static void test_open311_clients(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	const char *name = NULL;
	int64_t id = 0, got = 0;

	begin(f);
	assert_int_equal(open311_client_add(f->db, &f->officer, "FixMyStreet", "h1", &id, &e),
	                 DV_EPERM);
	assert_int_equal(open311_client_add(f->db, &f->admin_hn, "FixMyStreet", "h1", &id, &e),
	                 DV_OK);
	commit(f);
	begin(f);
	assert_int_equal(open311_client_add(f->db, &f->admin_hn, "", "h2", NULL, &e), DV_EINVAL);
	assert_int_equal(open311_client_add(f->db, &f->admin_hn, "Again", "h1", NULL, &e),
	                 DV_EEXIST);
	db_rollback(f->db);
	assert_int_equal(open311_client_check(f->db, "h1", &got, &name, f->arena, &e), DV_OK);
	assert_int_equal(got, id);
	assert_string_equal(name, "FixMyStreet");
	assert_int_equal(open311_client_check(f->db, "h9", &got, &name, f->arena, &e), DV_EAUTH);
	assert_int_equal(open311_client_check(f->db, "", &got, &name, f->arena, &e), DV_EAUTH);
	assert_int_equal(db_exec(f->db, "UPDATE open311_client SET revoked_at = 1", &e), DV_OK);
	assert_int_equal(open311_client_check(f->db, "h1", &got, &name, f->arena, &e), DV_EAUTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_topics, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rule_sets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_holidays, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open311_clients, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
