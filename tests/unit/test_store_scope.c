/* test_store_scope.c: every repository read and write applies the caller's scope in SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/session.h"
#include "store/unit.h"
#include "store/user.h"

/*
 * VN ─ 01 Hà Nội ─ 00004 Ba Đình ─ 00004-01 Tổ dân phố số 1
 *    │          └ 00010 Sóc Sơn
 *    └ 04 Cao Bằng ─ 01273 Thục Phán ─ 01273-01 Thôn Nà Cáp
 * Units: central (VN) ─ hn (01) ─ badinh (00004)
 *                     └ cb (04) ─ thucphan (01273)
 */
struct fixture {
	struct db *db;
	struct arena *arena;
	struct scope sys;
	int64_t u_central, u_hn, u_badinh, u_cb, u_thucphan;
	int64_t officer, leader, admin_hn, officer_cb, root_admin;
	struct scope s_officer, s_leader, s_admin_hn, s_officer_cb;
};

static void add_area(struct fixture *f, const char *code, const char *parent, int level,
		     const char *kind, const char *name, const char *name_en)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_new in = { 0 };
	char full[128];
	int64_t id = 0;

	snprintf(full, sizeof(full), "%s %s", kind, name);
	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = kind;
	in.kind_en = "Area";
	in.name = name;
	in.name_en = name_en;
	in.full_name = full;
	in.full_name_en = name_en;
	assert_int_equal(area_insert(f->db, &f->sys, &in, &id, &e), DV_OK);
}

static int64_t add_unit(struct fixture *f, int64_t parent, const char *name, const char *area)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { parent, "mm-board", name, NULL, area };
	int64_t id = 0;

	assert_int_equal(unit_create(f->db, &f->sys, &in, &id, &e), DV_OK);
	return id;
}

static int64_t add_user(struct fixture *f, const char *login, int64_t unit, enum role role)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id = 0;

	assert_int_equal(user_create(f->db, &f->sys, login, login, unit, role, "$argon2id$x", &id, &e),
			 DV_OK);
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
	add_area(&f, "VN", NULL, AREA_NATION, "Nước", "Việt Nam", "Viet Nam");
	add_area(&f, "01", "VN", AREA_PROVINCE, "Thành phố", "Hà Nội", "Ha Noi");
	add_area(&f, "04", "VN", AREA_PROVINCE, "Tỉnh", "Cao Bằng", "Cao Bang");
	add_area(&f, "00004", "01", AREA_COMMUNE, "Phường", "Ba Đình", "Ba Dinh");
	add_area(&f, "00010", "01", AREA_COMMUNE, "Xã", "Sóc Sơn", "Soc Son");
	add_area(&f, "01273", "04", AREA_COMMUNE, "Phường", "Thục Phán", "Thuc Phan");
	add_area(&f, "00004-01", "00004", AREA_VILLAGE, "Tổ dân phố", "số 1", "No 1");
	add_area(&f, "01273-01", "01273", AREA_VILLAGE, "Thôn", "Nà Cáp", "Na Cap");

	f.u_central = add_unit(&f, 0, "Ban Dân vận Trung ương", "VN");
	f.u_hn = add_unit(&f, f.u_central, "Ban Dân vận Thành ủy Hà Nội", "01");
	f.u_cb = add_unit(&f, f.u_central, "Ban Dân vận Tỉnh ủy Cao Bằng", "04");
	f.u_badinh = add_unit(&f, f.u_hn, "Ban Dân vận Đảng ủy phường Ba Đình", "00004");
	f.u_thucphan = add_unit(&f, f.u_cb, "Ban Dân vận Đảng ủy phường Thục Phán", "01273");

	f.officer = add_user(&f, "canbo.badinh", f.u_badinh, ROLE_OFFICER);
	f.leader = add_user(&f, "lanhdao.hn", f.u_hn, ROLE_LEADER);
	f.admin_hn = add_user(&f, "admin.hn", f.u_hn, ROLE_ADMIN);
	f.officer_cb = add_user(&f, "canbo.thucphan", f.u_thucphan, ROLE_OFFICER);
	f.root_admin = add_user(&f, "admin", f.u_central, ROLE_ADMIN);
	assert_int_equal(db_commit(f.db, &e), DV_OK);

	f.s_officer = scope_for_user(f.officer, f.u_badinh, ROLE_OFFICER);
	f.s_leader = scope_for_user(f.leader, f.u_hn, ROLE_LEADER);
	f.s_admin_hn = scope_for_user(f.admin_hn, f.u_hn, ROLE_ADMIN);
	f.s_officer_cb = scope_for_user(f.officer_cb, f.u_thucphan, ROLE_OFFICER);
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

static enum dv_err get_area(struct fixture *f, const struct scope *sc, const char *code)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area a;

	return area_get(f->db, sc, code, f->arena, &a, &e);
}

static enum dv_err get_unit(struct fixture *f, const struct scope *sc, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit u;

	return unit_get(f->db, sc, id, f->arena, &u, &e);
}

static void test_officer_sees_commune(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct scope *sc = &f->s_officer;
	struct area a, *list;
	int64_t counts[4], total;
	size_t n;

	assert_int_equal(area_get(f->db, sc, "00004", f->arena, &a, &e), DV_OK);
	assert_string_equal(a.name, "Ba Đình");
	assert_string_equal(a.full_name, "Phường Ba Đình");
	assert_string_equal(a.parent_code, "01");
	assert_int_equal(a.level, AREA_COMMUNE);
	assert_int_equal(a.child_count, 1);
	assert_null(a.valid_to);
	assert_string_equal(a.valid_from, "2025-07-01");
	assert_int_equal(get_area(f, sc, "00004-01"), DV_OK);
	/* the province above, the other commune, the other province: all "not found" */
	assert_int_equal(get_area(f, sc, "01"), DV_ENOTFOUND);
	assert_int_equal(get_area(f, sc, "VN"), DV_ENOTFOUND);
	assert_int_equal(get_area(f, sc, "00010"), DV_ENOTFOUND);
	assert_int_equal(get_area(f, sc, "04"), DV_ENOTFOUND);
	assert_int_equal(get_area(f, sc, "01273-01"), DV_ENOTFOUND);
	/* same answer and same message shape as a code that does not exist */
	assert_int_equal(area_get(f->db, sc, "01273", f->arena, &a, &e), DV_ENOTFOUND);
	assert_string_equal(e.detail, "area '01273' not found");

	assert_int_equal(area_count_by_level(f->db, sc, counts, &e), DV_OK);
	assert_int_equal(counts[0], 0);
	assert_int_equal(counts[1], 0);
	assert_int_equal(counts[2], 1);
	assert_int_equal(counts[3], 1);

	assert_int_equal(area_children(f->db, sc, NULL, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "00004");
	assert_int_equal(area_children(f->db, sc, "01", f->arena, &list, &n, &e), DV_ENOTFOUND);
	dv_error_clear(&e);

	/* search: every area in scope, then one word that also matches out of scope */
	assert_int_equal(area_search(f->db, sc, "", -1, 10, 0, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].code, "00004");
	assert_string_equal(list[1].code, "00004-01");
	assert_int_equal(area_search(f->db, sc, "phường", -1, 10, 0, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 1); /* not Phường Thục Phán */
	assert_string_equal(list[0].code, "00004");
	assert_int_equal(area_search(f->db, &f->sys, "phuong", -1, 10, 0, f->arena, &list, &n,
				     &total, &e),
			 DV_OK);
	assert_int_equal(total, 2);

	/* ancestors stop at the scope */
	assert_int_equal(area_get(f->db, sc, "00004-01", f->arena, &a, &e), DV_OK);
	assert_int_equal(area_ancestors(f->db, sc, a.id, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "00004");

	/* units */
	assert_int_equal(get_unit(f, sc, f->u_badinh), DV_OK);
	assert_int_equal(get_unit(f, sc, f->u_hn), DV_ENOTFOUND);
	assert_int_equal(get_unit(f, sc, f->u_thucphan), DV_ENOTFOUND);
	assert_int_equal(get_unit(f, sc, 9999), DV_ENOTFOUND);
	{
		struct unit *units;
		struct unit u;
		int64_t c;

		assert_int_equal(unit_count(f->db, sc, &c, &e), DV_OK);
		assert_int_equal(c, 1);
		assert_int_equal(unit_children(f->db, sc, 0, f->arena, &units, &n, &e), DV_OK);
		assert_int_equal(n, 1);
		assert_int_equal(units[0].id, f->u_badinh);
		/* the root's parent is outside the scope: no name given */
		assert_null(units[0].parent_name);
		assert_int_equal(units[0].parent_id, f->u_hn);
		assert_int_equal(units[0].user_count, 1);
		assert_int_equal(unit_search(f->db, sc, "ban dan van", NULL, 10, 0, f->arena, &units, &n,
					     &c, &e),
				 DV_OK);
		assert_int_equal(c, 1);
		assert_int_equal(units[0].id, f->u_badinh);
		assert_int_equal(unit_ancestors(f->db, sc, f->u_badinh, f->arena, &units, &n, &e),
				 DV_OK);
		assert_int_equal(n, 0);
		assert_int_equal(unit_get(f->db, &f->sys, f->u_badinh, f->arena, &u, &e), DV_OK);
		assert_string_equal(u.parent_name, "Ban Dân vận Thành ủy Hà Nội");
		assert_string_equal(u.home_area_code, "00004");
	}
}

static void test_leader_and_system(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	int64_t counts[4], c;
	struct area *list;
	struct unit *units;
	size_t n;

	assert_int_equal(get_area(f, &f->s_leader, "01"), DV_OK);
	assert_int_equal(get_area(f, &f->s_leader, "00010"), DV_OK);
	assert_int_equal(get_area(f, &f->s_leader, "00004-01"), DV_OK);
	assert_int_equal(get_area(f, &f->s_leader, "04"), DV_ENOTFOUND);
	assert_int_equal(get_area(f, &f->s_leader, "VN"), DV_ENOTFOUND);
	assert_int_equal(area_count_by_level(f->db, &f->s_leader, counts, &e), DV_OK);
	assert_true(counts[0] == 0 && counts[1] == 1 && counts[2] == 2 && counts[3] == 1);
	assert_int_equal(area_children(f->db, &f->s_leader, "01", f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Ba Đình");
	assert_string_equal(list[1].name, "Sóc Sơn");
	assert_int_equal(get_unit(f, &f->s_leader, f->u_badinh), DV_OK);
	assert_int_equal(get_unit(f, &f->s_leader, f->u_cb), DV_ENOTFOUND);
	assert_int_equal(unit_count(f->db, &f->s_leader, &c, &e), DV_OK);
	assert_int_equal(c, 2);

	/* the officer of the other province sees only its own commune */
	assert_int_equal(get_area(f, &f->s_officer_cb, "01273-01"), DV_OK);
	assert_int_equal(get_area(f, &f->s_officer_cb, "00004"), DV_ENOTFOUND);

	/* system sees all */
	assert_int_equal(area_count_by_level(f->db, &f->sys, counts, &e), DV_OK);
	assert_true(counts[0] == 1 && counts[1] == 2 && counts[2] == 3 && counts[3] == 2);
	assert_int_equal(unit_count(f->db, &f->sys, &c, &e), DV_OK);
	assert_int_equal(c, 5);
	assert_int_equal(area_children(f->db, &f->sys, NULL, f->arena, &list, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "VN");
	assert_int_equal(list[0].child_count, 2);
	assert_null(list[0].parent_code);
	assert_int_equal(unit_children(f->db, &f->sys, 0, f->arena, &units, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(units[0].id, f->u_central);
	assert_int_equal(units[0].child_count, 2);

	/* an anonymous scope sees nothing */
	{
		struct scope anon = scope_anonymous();

		assert_int_equal(get_area(f, &anon, "00004"), DV_ENOTFOUND);
		assert_int_equal(area_count_by_level(f->db, &anon, counts, &e), DV_OK);
		assert_true(counts[0] == 0 && counts[1] == 0 && counts[2] == 0 && counts[3] == 0);
		assert_int_equal(unit_count(f->db, &anon, &c, &e), DV_OK);
		assert_int_equal(c, 0);
	}
}

static void test_diacritic_search(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct area *list;
	int64_t total;
	size_t n;

	assert_int_equal(area_search(f->db, &f->sys, "ha noi", -1, 10, 0, f->arena, &list, &n,
				     &total, &e),
			 DV_OK);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].name, "Hà Nội");
	assert_int_equal(area_search(f->db, &f->sys, "  HÀ   nội ", AREA_PROVINCE, 10, 0, f->arena,
				     &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].code, "01");
	/* the level filter */
	assert_int_equal(area_search(f->db, &f->sys, "ha noi", AREA_COMMUNE, 10, 0, f->arena, &list,
				     &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* every word must match */
	assert_int_equal(area_search(f->db, &f->sys, "ba dinh", -1, 10, 0, f->arena, &list, &n,
				     &total, &e),
			 DV_OK);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].code, "00004");
	assert_int_equal(area_search(f->db, &f->sys, "ba soc", -1, 10, 0, f->arena, &list, &n, &total,
				     &e),
			 DV_OK);
	assert_int_equal(total, 0);
	/* đ folds to d; English names are searchable */
	assert_int_equal(area_search(f->db, &f->sys, "Đình", -1, 10, 0, f->arena, &list, &n, &total,
				     &e),
			 DV_OK);
	assert_int_equal(total, 1);
	/* LIKE metacharacters are punctuation, folded away: "%" is an empty query, "b_" is "b" */
	assert_int_equal(area_search(f->db, &f->sys, "%", -1, 10, 0, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 8);
	assert_int_equal(area_search(f->db, &f->sys, "b_ dinh", -1, 10, 0, f->arena, &list, &n,
				     &total, &e),
			 DV_OK);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].code, "00004");
	assert_int_equal(area_search(f->db, &f->sys, "z_z", -1, 10, 0, f->arena, &list, &n, &total,
				     &e),
			 DV_OK);
	assert_int_equal(total, 0);
	/* paging: total counts all matches, n only the page */
	assert_int_equal(area_search(f->db, &f->sys, "", -1, 3, 2, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 8);
	assert_int_equal(n, 3);
	/* by level then name: VN, Cao Bằng (skipped), Hà Nội, Ba Đình, Sóc Sơn, ... */
	assert_int_equal(list[0].level, AREA_PROVINCE);
	assert_string_equal(list[0].code, "01");
	assert_string_equal(list[1].code, "00004");
	assert_string_equal(list[2].code, "00010");

	{
		struct unit *units;

		assert_int_equal(unit_search(f->db, &f->sys, "dang uy", NULL, 10, 0, f->arena, &units,
					     &n, &total, &e),
				 DV_OK);
		assert_int_equal(total, 2);
		assert_int_equal(unit_search(f->db, &f->sys, "dang uy", "police", 10, 0, f->arena,
					     &units, &n, &total, &e),
				 DV_OK);
		assert_int_equal(total, 0);
		assert_int_equal(unit_search(f->db, &f->s_leader, "dang uy", "mm-board", 10, 0,
					     f->arena, &units, &n, &total, &e),
				 DV_OK);
		assert_int_equal(total, 1);
		assert_int_equal(units[0].id, f->u_badinh);
	}
}

static void test_unit_writes(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { 0, "village-team", "Tổ dân vận số 1", NULL, "00004-01" };
	int64_t id = 0, c0, c1;

	assert_int_equal(unit_count(f->db, &f->sys, &c0, &e), DV_OK);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);

	/* an officer cannot create units */
	in.parent_id = f->u_badinh;
	assert_int_equal(unit_create(f->db, &f->s_officer, &in, &id, &e), DV_EPERM);
	dv_error_clear(&e);
	/* an administrator of Hà Nội cannot create under Cao Bằng's unit: not found */
	in.parent_id = f->u_thucphan;
	in.home_area_code = "01273-01";
	assert_int_equal(unit_create(f->db, &f->s_admin_hn, &in, &id, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	/* nor give a home area outside the scope */
	in.parent_id = f->u_badinh;
	assert_int_equal(unit_create(f->db, &f->s_admin_hn, &in, &id, &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "'01273-01'"));
	dv_error_clear(&e);
	/* unknown kind */
	in.home_area_code = "00004-01";
	in.kind = "space-force";
	assert_int_equal(unit_create(f->db, &f->s_admin_hn, &in, &id, &e), DV_EINVAL);
	dv_error_clear(&e);
	in.kind = "village-team";
	/* no parent: only maintenance may create a root */
	in.parent_id = 0;
	assert_int_equal(unit_create(f->db, &f->s_admin_hn, &in, &id, &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(unit_count(f->db, &f->sys, &c1, &e), DV_OK);
	assert_int_equal(c1, c0);

	in.parent_id = f->u_badinh;
	assert_int_equal(unit_create(f->db, &f->s_admin_hn, &in, &id, &e), DV_OK);
	assert_true(id > 0);
	/* the administrator may add Sóc Sơn to Ba Đình's areas, but not Thục Phán */
	assert_int_equal(unit_add_area(f->db, &f->s_admin_hn, f->u_badinh, "00010", &e), DV_OK);
	assert_int_equal(unit_add_area(f->db, &f->s_admin_hn, f->u_badinh, "00010", &e), DV_OK);
	assert_int_equal(unit_add_area(f->db, &f->s_admin_hn, f->u_badinh, "01273", &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	assert_int_equal(get_unit(f, &f->s_officer, id), DV_OK);
	assert_int_equal(get_unit(f, &f->s_officer_cb, id), DV_ENOTFOUND);
	/* the officer of Ba Đình now also sees Sóc Sơn */
	assert_int_equal(get_area(f, &f->s_officer, "00010"), DV_OK);
	{
		struct unit *units;
		struct area a;
		size_t n;

		assert_int_equal(area_get(f->db, &f->sys, "00004", f->arena, &a, &e), DV_OK);
		assert_int_equal(unit_list_by_area(f->db, &f->s_leader, a.id, f->arena, &units, &n, &e),
				 DV_OK);
		assert_int_equal(n, 1);
		assert_int_equal(units[0].id, f->u_badinh);
		assert_int_equal(units[0].child_count, 1);
		assert_int_equal(unit_list_by_area(f->db, &f->s_officer_cb, a.id, f->arena, &units, &n,
						   &e),
				 DV_OK);
		assert_int_equal(n, 0);
	}
}

static void test_user_scope(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct user *list, u;
	int64_t total, id = 0;
	size_t n;

	/* a leader of Hà Nội lists the users of its subtree */
	assert_int_equal(user_list(f->db, &f->s_leader, 50, 0, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].login, "admin.hn");
	assert_string_equal(list[1].login, "canbo.badinh");
	assert_string_equal(list[2].login, "lanhdao.hn");
	assert_int_equal(list[1].role, ROLE_OFFICER);
	assert_string_equal(list[1].unit_name, "Ban Dân vận Đảng ủy phường Ba Đình");
	assert_string_equal(list[1].lang, "vi");
	assert_int_equal(user_get(f->db, &f->s_leader, f->officer_cb, f->arena, &u, &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);

	/* an officer (no user-read permission) sees only its own account */
	assert_int_equal(user_list(f->db, &f->s_officer, 50, 0, f->arena, &list, &n, &total, &e),
			 DV_OK);
	assert_int_equal(total, 1);
	assert_int_equal(list[0].id, f->officer);
	assert_int_equal(user_get(f->db, &f->s_officer, f->officer, f->arena, &u, &e), DV_OK);
	assert_int_equal(user_get_by_login(f->db, &f->s_officer, "lanhdao.hn", f->arena, &u, &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);

	/* system lists everyone */
	assert_int_equal(user_count(f->db, &f->sys, &total, &e), DV_OK);
	assert_int_equal(total, 5);

	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	/* a leader cannot create users */
	assert_int_equal(user_create(f->db, &f->s_leader, "moi", "Mới", f->u_badinh, ROLE_OFFICER,
				     "h", &id, &e),
			 DV_EPERM);
	dv_error_clear(&e);
	/* the Hà Nội administrator cannot create in Cao Bằng */
	assert_int_equal(user_create(f->db, &f->s_admin_hn, "moi", "Mới", f->u_thucphan,
				     ROLE_OFFICER, "h", &id, &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);
	/* only an administrator may create administrators */
	{
		struct scope not_admin = f->s_leader;

		not_admin.perms |= PERM_USER_WRITE;
		assert_int_equal(user_create(f->db, &not_admin, "moi", "Mới", f->u_badinh, ROLE_ADMIN,
					     "h", &id, &e),
				 DV_EPERM);
		dv_error_clear(&e);
	}
	assert_int_equal(user_create(f->db, &f->s_admin_hn, "moi.admin", "Mới", f->u_badinh,
				     ROLE_ADMIN, "h", &id, &e),
			 DV_OK);
	/* login taken */
	assert_int_equal(user_create(f->db, &f->s_admin_hn, "canbo.badinh", "X", f->u_badinh,
				     ROLE_OFFICER, "h", &id, &e),
			 DV_EEXIST);
	assert_non_null(strstr(e.detail, "'canbo.badinh'"));
	dv_error_clear(&e);
	/* bad login */
	assert_int_equal(user_create(f->db, &f->s_admin_hn, "có dấu", "X", f->u_badinh, ROLE_OFFICER,
				     "h", &id, &e),
			 DV_EINVAL);
	dv_error_clear(&e);

	/* disabling: in scope yes, outside not found, self refused */
	assert_int_equal(user_set_active(f->db, &f->s_admin_hn, f->officer, false, &e), DV_OK);
	assert_int_equal(user_set_active(f->db, &f->s_admin_hn, f->officer_cb, false, &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(user_set_active(f->db, &f->s_admin_hn, f->admin_hn, false, &e), DV_EINVAL);
	dv_error_clear(&e);
	/* own password yes, someone else's without the permission: not found */
	assert_int_equal(user_set_password(f->db, &f->s_leader, f->leader, "new", &e), DV_OK);
	assert_int_equal(user_set_password(f->db, &f->s_leader, f->officer, "new", &e),
			 DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(user_set_lang(f->db, &f->s_officer_cb, f->officer_cb, "en", &e), DV_OK);
	assert_int_equal(user_set_lang(f->db, &f->s_officer_cb, f->officer_cb, "fr", &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(db_commit(f->db, &e), DV_OK);

	assert_int_equal(user_get(f->db, &f->sys, f->officer, f->arena, &u, &e), DV_OK);
	assert_false(u.active);
	assert_int_equal(user_get(f->db, &f->sys, f->officer_cb, f->arena, &u, &e), DV_OK);
	assert_true(u.active);
	assert_string_equal(u.lang, "en");
	{
		struct user_auth ua;

		assert_int_equal(user_auth_lookup(f->db, "lanhdao.hn", f->arena, &ua, &e), DV_OK);
		assert_string_equal(ua.password_hash, "new");
		assert_int_equal(ua.role, ROLE_LEADER);
		assert_int_equal(ua.unit_id, f->u_hn);
		assert_true(ua.active);
		assert_int_equal(user_auth_lookup(f->db, "nobody", f->arena, &ua, &e), DV_ENOTFOUND);
	}
}

/* Sessions, API tokens and rate limits: the per-request lookups and their expiry rules. */
static void test_sessions_and_tokens(void **state)
{
	struct fixture *f = *state;
	struct dv_error e = DV_ERROR_INIT;
	struct principal p;
	struct api_token *tokens;
	int64_t id = 0, tid = 0, n = 0, failures = -1;
	size_t count;

	assert_int_equal(session_insert(f->db, "h1", f->leader, "csrf1", 1000, "10.0.0.1", "curl/8",
					&e),
			 DV_OK);
	assert_int_equal(session_lookup(f->db, "h1", 1500, 1800, 43200, f->arena, &p, &e), DV_OK);
	assert_int_equal(p.user_id, f->leader);
	assert_int_equal(p.unit_id, f->u_hn);
	assert_int_equal(p.role, ROLE_LEADER);
	assert_string_equal(p.login, "lanhdao.hn");
	assert_string_equal(p.display_name, "lanhdao.hn");
	assert_string_equal(p.lang, "vi");
	assert_string_equal(p.csrf, "csrf1");
	assert_int_equal(p.token_id, 0);
	assert_int_equal(p.created_at, 1000);
	id = p.session_id;
	assert_true(id > 0);
	/* idle timeout, then touched keeps it alive */
	assert_int_equal(session_lookup(f->db, "h1", 2801, 1800, 43200, f->arena, &p, &e), DV_EAUTH);
	dv_error_clear(&e);
	assert_int_equal(session_touch(f->db, id, 2000, &e), DV_OK);
	assert_int_equal(session_lookup(f->db, "h1", 2801, 1800, 43200, f->arena, &p, &e), DV_OK);
	assert_int_equal(p.last_seen_at, 2000);
	/* absolute timeout */
	assert_int_equal(session_touch(f->db, id, 44000, &e), DV_OK);
	assert_int_equal(session_lookup(f->db, "h1", 44201, 1800, 43200, f->arena, &p, &e),
			 DV_EAUTH);
	dv_error_clear(&e);
	assert_int_equal(session_lookup(f->db, "nope", 1500, 1800, 43200, f->arena, &p, &e),
			 DV_EAUTH);
	dv_error_clear(&e);

	/* a disabled user's session is dead */
	assert_int_equal(session_insert(f->db, "h2", f->officer, "csrf2", 1000, NULL, NULL, &e), DV_OK);
	assert_int_equal(session_insert(f->db, "h3", f->officer, "csrf3", 1000, NULL, NULL, &e), DV_OK);
	assert_int_equal(session_lookup(f->db, "h2", 1000, 1800, 43200, f->arena, &p, &e), DV_OK);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(user_set_active(f->db, &f->s_admin_hn, f->officer, false, &e), DV_OK);
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	assert_int_equal(session_lookup(f->db, "h2", 1000, 1800, 43200, f->arena, &p, &e), DV_EAUTH);
	dv_error_clear(&e);
	assert_int_equal(session_delete_user(f->db, f->officer, &e), DV_OK);
	assert_int_equal(session_delete(f->db, "h1", &e), DV_OK);
	assert_int_equal(session_delete(f->db, "h1", &e), DV_OK);
	assert_int_equal(session_insert(f->db, "h4", f->leader, "c", 1000, "", "", &e), DV_OK);
	assert_int_equal(session_insert(f->db, "h5", f->leader, "c", 5000, "", "", &e), DV_OK);
	assert_int_equal(session_purge(f->db, 5100, 1800, 43200, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_int_equal(session_lookup(f->db, "h5", 5100, 1800, 43200, f->arena, &p, &e), DV_OK);

	/* API tokens belong to the caller */
	assert_int_equal(api_token_insert(f->db, &f->s_leader, "báo cáo", "t1", 1000, 0, &tid, &e),
			 DV_OK);
	assert_int_equal(api_token_insert(f->db, &f->s_leader, "ngắn", "t2", 1000, 2000, NULL, &e),
			 DV_OK);
	assert_int_equal(api_token_insert(f->db, &f->sys, "x", "t3", 1000, 0, NULL, &e), DV_EPERM);
	dv_error_clear(&e);
	assert_int_equal(api_token_list(f->db, &f->s_leader, f->arena, &tokens, &count, &e), DV_OK);
	assert_int_equal(count, 2);
	assert_int_equal(api_token_list(f->db, &f->s_officer_cb, f->arena, &tokens, &count, &e),
			 DV_OK);
	assert_int_equal(count, 0);
	assert_int_equal(api_token_lookup(f->db, "t1", 1500, f->arena, &p, &e), DV_OK);
	assert_int_equal(p.token_id, tid);
	assert_int_equal(p.session_id, 0);
	assert_null(p.csrf);
	assert_int_equal(p.user_id, f->leader);
	assert_int_equal(p.role, ROLE_LEADER);
	assert_int_equal(p.last_seen_at, 0);
	assert_int_equal(api_token_touch(f->db, tid, 1600, &e), DV_OK);
	assert_int_equal(api_token_lookup(f->db, "t1", 1700, f->arena, &p, &e), DV_OK);
	assert_int_equal(p.last_seen_at, 1600);
	/* expired */
	assert_int_equal(api_token_lookup(f->db, "t2", 1999, f->arena, &p, &e), DV_OK);
	assert_int_equal(api_token_lookup(f->db, "t2", 2000, f->arena, &p, &e), DV_EAUTH);
	dv_error_clear(&e);
	/* someone else cannot revoke it; the owner can */
	assert_int_equal(api_token_revoke(f->db, &f->s_officer_cb, tid, 1800, &e), DV_ENOTFOUND);
	dv_error_clear(&e);
	assert_int_equal(api_token_lookup(f->db, "t1", 1900, f->arena, &p, &e), DV_OK);
	assert_int_equal(api_token_revoke(f->db, &f->s_leader, tid, 1800, &e), DV_OK);
	assert_int_equal(api_token_lookup(f->db, "t1", 1900, f->arena, &p, &e), DV_EAUTH);
	dv_error_clear(&e);
	assert_int_equal(api_token_list(f->db, &f->s_leader, f->arena, &tokens, &count, &e), DV_OK);
	assert_int_equal(count, 2);
	assert_true(tokens[0].revoked_at == 1800 || tokens[1].revoked_at == 1800);

	/* fixed-window failure counters */
	assert_int_equal(ratelimit_failures(f->db, "login:x", 100, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 0);
	assert_int_equal(ratelimit_fail(f->db, "login:x", 100, 60, &e), DV_OK);
	assert_int_equal(ratelimit_fail(f->db, "login:x", 120, 60, &e), DV_OK);
	assert_int_equal(ratelimit_fail(f->db, "login:x", 159, 60, &e), DV_OK);
	assert_int_equal(ratelimit_failures(f->db, "login:x", 159, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 3);
	assert_int_equal(ratelimit_failures(f->db, "login:x", 160, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 0);
	assert_int_equal(ratelimit_fail(f->db, "login:x", 160, 60, &e), DV_OK);
	assert_int_equal(ratelimit_failures(f->db, "login:x", 161, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 1);
	assert_int_equal(ratelimit_failures(f->db, "login:y", 161, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 0);
	assert_int_equal(ratelimit_clear(f->db, "login:x", &e), DV_OK);
	assert_int_equal(ratelimit_failures(f->db, "login:x", 161, 60, &failures, &e), DV_OK);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_officer_sees_commune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leader_and_system, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diacritic_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_and_tokens, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
