/* test_closure.c: closure tables of areas and units after inserts and moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/unit.h"

struct fixture {
	struct db *db;
	struct arena *arena;
	struct scope sys;
	int64_t vn, p1, p2, c11, c12, v111;
	int64_t r, a, b, a1, a11;
};

static int64_t add_area(struct fixture *f, const char *code, const char *parent, int level,
			const char *name)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = { 0 };
	int64_t id = 0;

	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = in.kind_en = "x";
	in.name = in.name_en = in.full_name = in.full_name_en = name;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
	assert_true(id > 0);
	return id;
}

static int64_t add_unit(struct fixture *f, const struct scope *sc, int64_t parent,
			const char *name, const char *area)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { parent, "mm-board", name, NULL, area };
	int64_t id = 0;

	assert_int_equal(unit_create(f->db, sc, &in, &id, &e), DV_OK);
	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	static struct fixture f;
	struct dv_error e = DV_ERROR_INIT;

	memset(&f, 0, sizeof(f));
	f.sys = scope_system();
	assert_int_equal(db_open(&f.db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(f.db, NULL, NULL, &e), DV_OK);
	f.arena = arena_new();
	assert_int_equal(db_begin(f.db, DB_TX_WRITE, &e), DV_OK);
	f.vn = add_area(&f, "VN", NULL, AREA_NATION, "Việt Nam");
	f.p1 = add_area(&f, "01", "VN", AREA_PROVINCE, "Hà Nội");
	f.p2 = add_area(&f, "04", "VN", AREA_PROVINCE, "Cao Bằng");
	f.c11 = add_area(&f, "00004", "01", AREA_COMMUNE, "Ba Đình");
	f.c12 = add_area(&f, "00008", "01", AREA_COMMUNE, "Ngọc Hà");
	f.v111 = add_area(&f, "00004-01", "00004", AREA_VILLAGE, "Tổ 1");

	f.r = add_unit(&f, &f.sys, 0, "Trung ương", "VN");
	f.a = add_unit(&f, &f.sys, f.r, "A", "01");
	f.b = add_unit(&f, &f.sys, f.r, "B", "04");
	f.a1 = add_unit(&f, &f.sys, f.a, "A1", "00004");
	f.a11 = add_unit(&f, &f.sys, f.a1, "A11", "00004-01");
	assert_int_equal(db_commit(f.db, &e), DV_OK);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->arena);
	db_close(f->db);
	return 0;
}

static int64_t count(struct db *db, const char *sql, int64_t arg)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v;

	assert_non_null(st);
	db_bind_int64(st, 1, arg);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static int64_t depth(struct db *db, const char *table, int64_t anc, int64_t desc)
{
	static const char sql_area[] =
		"SELECT COALESCE(MAX(depth), -1) FROM area_closure WHERE ancestor = ? AND descendant = ?";
	static const char sql_unit[] =
		"SELECT COALESCE(MAX(depth), -1) FROM unit_closure WHERE ancestor = ? AND descendant = ?";
	struct db_stmt *st = db_prepare(db, !strcmp(table, "area") ? sql_area : sql_unit);
	int64_t v;

	db_bind_int64(st, 1, anc);
	db_bind_int64(st, 2, desc);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

/* The whole unit closure and parent links as text, to compare before and after. */
static void unit_snapshot(struct db *db, struct strbuf *out)
{
	static const char sql_cl[] =
		"SELECT ancestor, descendant, depth FROM unit_closure ORDER BY ancestor, descendant";
	static const char sql_parents[] = "SELECT id, COALESCE(parent_id, 0) FROM unit ORDER BY id";
	struct db_stmt *st = db_prepare(db, sql_cl);

	while (db_step(st) == DB_ROW)
		strbuf_addf(out, "%lld>%lld:%lld;", (long long)db_col_int64(st, 0),
			    (long long)db_col_int64(st, 1), (long long)db_col_int64(st, 2));
	st = db_prepare(db, sql_parents);
	while (db_step(st) == DB_ROW)
		strbuf_addf(out, "%lld^%lld;", (long long)db_col_int64(st, 0),
			    (long long)db_col_int64(st, 1));
}

static void test_area_closure(void **state)
{
	static const char sql_anc[] = "SELECT COUNT(*) FROM area_closure WHERE descendant = ?";
	struct fixture *f = *state;

	/* 1 + 2 + 2 + 3 + 3 + 4 */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM area_closure WHERE depth >= ?", 0), 15);
	assert_int_equal(count(f->db, sql_anc, f->v111), 4);
	assert_int_equal(depth(f->db, "area", f->v111, f->v111), 0);
	assert_int_equal(depth(f->db, "area", f->c11, f->v111), 1);
	assert_int_equal(depth(f->db, "area", f->p1, f->v111), 2);
	assert_int_equal(depth(f->db, "area", f->vn, f->v111), 3);
	assert_int_equal(depth(f->db, "area", f->p2, f->v111), -1);
	assert_int_equal(depth(f->db, "area", f->c12, f->v111), -1);
	assert_int_equal(depth(f->db, "area", f->vn, f->p2), 1);
}

static void test_area_insert_checks(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = { 0 };
	struct area got;
	int64_t id = 0;

	in.code = "00004-02";
	in.parent_code = "00004";
	in.level = AREA_VILLAGE;
	in.kind = in.kind_en = "Thôn";
	in.name = in.name_en = in.full_name = in.full_name_en = "Thôn 2";

	/* outside a transaction: refused */
	assert_int_not_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
	dv_error_clear(&e);

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	/* wrong level for the parent */
	in.level = AREA_COMMUNE;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_EINVAL);
	dv_error_clear(&e);
	in.level = AREA_VILLAGE;
	/* missing parent */
	in.parent_code = "99999";
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "'99999'"));
	dv_error_clear(&e);
	in.parent_code = "00004";
	/* duplicate code */
	in.code = "00004-01";
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_EEXIST);
	assert_non_null(strstr(e.detail, "'00004-01'"));
	dv_error_clear(&e);
	in.code = "00004-02";
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
	db_rollback(f->db);

	/* rolled back: gone, closure too */
	assert_int_equal(area_get(f->db, &f->sys, "00004-02", f->arena, &got, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(area_get(f->db, &f->sys, "00004", f->arena, &got, &e), DV_OK);
	assert_int_equal(got.child_count, 1);
	assert_string_equal(got.parent_code, "01");
	assert_int_equal(got.level, AREA_COMMUNE);
}

/* area_place: what filing a case reads of its area, in one statement, scoped. */
static void test_area_place(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct area_place p;
	struct scope so = scope_system();

	assert_int_equal(area_place(f->db, &f->sys, "00004-01", f->arena, &p, &e), DV_OK);
	assert_int_equal(p.id, f->v111);
	assert_int_equal(p.level, AREA_VILLAGE);
	assert_int_equal(p.commune_id, f->c11);
	assert_false(p.remote);
	assert_false(p.retired);
	assert_null(p.successor_code);
	assert_int_equal(area_place(f->db, &f->sys, "00004", f->arena, &p, &e), DV_OK);
	assert_int_equal(p.commune_id, f->c11);
	assert_int_equal(area_place(f->db, &f->sys, "01", f->arena, &p, &e), DV_OK);
	assert_int_equal(p.level, AREA_PROVINCE);
	assert_int_equal(p.commune_id, 0);

	/* a remote commune makes its villages remote; the village's own bit counts too */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(area_set_designations(f->db, &f->sys, "00004", DESIG_REMOTE, &e), DV_OK);
	assert_int_equal(area_retire(f->db, &f->sys, "00008", "2026-01-01", "00004", &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(area_place(f->db, &f->sys, "00004-01", f->arena, &p, &e), DV_OK);
	assert_true(p.remote);
	assert_int_equal(area_place(f->db, &f->sys, "00004", f->arena, &p, &e), DV_OK);
	assert_true(p.remote);
	assert_int_equal(area_place(f->db, &f->sys, "00008", f->arena, &p, &e), DV_OK);
	assert_false(p.remote);
	assert_true(p.retired);
	assert_string_equal(p.successor_code, "00004");

	/* scoped: unit B (Cao Bằng) does not see Hà Nội's villages; unknown codes likewise */
	so.system = false;
	so.unit_id = f->b;
	assert_int_equal(area_place(f->db, &so, "00004-01", f->arena, &p, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(area_place(f->db, &so, "04", f->arena, &p, &e), DV_OK);
	assert_int_equal(p.id, f->p2);
	assert_int_equal(area_place(f->db, &f->sys, "99999", f->arena, &p, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
}

static void test_unit_closure(void **state)
{
	static const char sql_anc[] = "SELECT COUNT(*) FROM unit_closure WHERE descendant = ?";
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct unit *list;
	size_t n;

	assert_int_equal(count(f->db, sql_anc, f->r), 1);
	assert_int_equal(count(f->db, sql_anc, f->a), 2);
	assert_int_equal(count(f->db, sql_anc, f->a1), 3);
	assert_int_equal(count(f->db, sql_anc, f->a11), 4);
	assert_int_equal(depth(f->db, "unit", f->r, f->a11), 3);
	assert_int_equal(depth(f->db, "unit", f->a, f->a11), 2);
	assert_int_equal(depth(f->db, "unit", f->b, f->a11), -1);

	assert_int_equal(unit_ancestors(f->db, &f->sys, f->a11, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, f->r);
	assert_int_equal(list[1].id, f->a);
	assert_int_equal(list[2].id, f->a1);
}

static void test_unit_move(void **state)
{
	static const char sql_total[] = "SELECT COUNT(*) FROM unit_closure WHERE depth >= ?";
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct unit *list;
	struct unit got;
	size_t n;

	assert_int_equal(count(f->db, sql_total, 0), 12);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(unit_move(f->db, &f->sys, f->a1, f->b, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	/* same number of rows; the moved subtree now hangs under B */
	assert_int_equal(count(f->db, sql_total, 0), 12);
	assert_int_equal(depth(f->db, "unit", f->a11, f->a11), 0);
	assert_int_equal(depth(f->db, "unit", f->a1, f->a11), 1);
	assert_int_equal(depth(f->db, "unit", f->b, f->a11), 2);
	assert_int_equal(depth(f->db, "unit", f->r, f->a11), 3);
	assert_int_equal(depth(f->db, "unit", f->a, f->a11), -1);
	assert_int_equal(depth(f->db, "unit", f->a, f->a1), -1);
	assert_int_equal(depth(f->db, "unit", f->b, f->a1), 1);
	/* A keeps only itself */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM unit_closure WHERE ancestor = ?", f->a), 1);

	assert_int_equal(unit_ancestors(f->db, &f->sys, f->a11, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, f->r);
	assert_int_equal(list[1].id, f->b);
	assert_int_equal(list[2].id, f->a1);
	assert_int_equal(unit_get(f->db, &f->sys, f->a1, f->arena, &got, &e), DV_OK);
	assert_int_equal(got.parent_id, f->b);
	assert_string_equal(got.parent_name, "B");
	assert_int_equal(got.child_count, 1);

	/* a leader of B now sees A11; a leader of A no longer does */
	{
		struct scope sb = scope_for_user(1, f->b, ROLE_LEADER);
		struct scope sa = scope_for_user(1, f->a, ROLE_LEADER);

		assert_int_equal(unit_get(f->db, &sb, f->a11, f->arena, &got, &e), DV_OK);
		assert_int_equal(unit_get(f->db, &sa, f->a11, f->arena, &got, &e), DV_ENOTFOUND);
		dv_error_clear(&e);
	}

	/* and back */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(unit_move(f->db, &f->sys, f->a1, f->a, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(depth(f->db, "unit", f->a, f->a11), 2);
	assert_int_equal(depth(f->db, "unit", f->b, f->a11), -1);
	assert_int_equal(count(f->db, sql_total, 0), 12);
}

static void test_unit_move_refused(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	struct scope admin_a = scope_for_user(1, f->a, ROLE_ADMIN);
	struct scope officer_a = scope_for_user(1, f->a, ROLE_OFFICER);

	unit_snapshot(f->db, &before);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);

	/* under its own descendant: a cycle */
	assert_int_equal(unit_move(f->db, &f->sys, f->a, f->a11, &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "'A'"));
	dv_error_clear(&e);
	/* under itself */
	assert_int_equal(unit_move(f->db, &f->sys, f->a, f->a, &e), DV_EINVAL);
	dv_error_clear(&e);
	/* the root of the caller's scope */
	assert_int_equal(unit_move(f->db, &admin_a, f->a, f->a1, &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "root of your scope"));
	dv_error_clear(&e);
	/* a parent outside the caller's scope is not found */
	assert_int_equal(unit_move(f->db, &admin_a, f->a11, f->b, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	/* a unit outside the caller's scope is not found */
	assert_int_equal(unit_move(f->db, &admin_a, f->b, f->a1, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	/* an officer may not move anything */
	assert_int_equal(unit_move(f->db, &officer_a, f->a11, f->a, &e), DV_EPERM);
	dv_error_clear(&e);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	unit_snapshot(f->db, &after);
	assert_false(before.failed);
	assert_string_equal(before.buf, after.buf);
	strbuf_release(&before);
	strbuf_release(&after);
}

static void test_unit_update_home_area(void **state)
{
	static const char sql_served[] =
		"SELECT COUNT(*) FROM unit_area WHERE unit_id = ? AND area_id = ?";
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { 0, "mm-board", "A1 mới", "A1 new", "00008" };
	struct db_stmt *st;
	struct unit got;

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(unit_update(f->db, &f->sys, f->a1, &in, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(unit_get(f->db, &f->sys, f->a1, f->arena, &got, &e), DV_OK);
	assert_string_equal(got.name, "A1 mới");
	assert_string_equal(got.home_area_code, "00008");
	assert_int_equal(got.home_area_id, f->c12);

	st = db_prepare(f->db, sql_served);
	db_bind_int64(st, 1, f->a1);
	db_bind_int64(st, 2, f->c12);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	db_reset(st);
	st = db_prepare(f->db, sql_served);
	db_bind_int64(st, 1, f->a1);
	db_bind_int64(st, 2, f->c11);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 0);
	db_reset(st);

	/* an officer of A1 now sees Ngọc Hà, not Ba Đình */
	{
		struct scope so = scope_for_user(1, f->a1, ROLE_OFFICER);
		struct area ar;

		assert_int_equal(area_get(f->db, &so, "00008", f->arena, &ar, &e), DV_OK);
		assert_int_equal(area_get(f->db, &so, "00004", f->arena, &ar, &e), DV_ENOTFOUND);
		dv_error_clear(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_area_closure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_area_insert_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_area_place, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unit_closure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unit_move, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unit_move_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unit_update_home_area, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
