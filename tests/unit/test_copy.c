/* test_copy.c: copying a whole database: every table listed, rows and closures verified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/scope.h"
#include "store/area.h"
#include "store/copy.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/unit.h"

static struct db *fresh(void)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = NULL;

	assert_int_equal(db_open(&db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_OK);
	return db;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_exec(db, sql, &e), DV_OK);
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

/* A small tree whose ids are not in parent order (a unit moved under a later one). */
static void populate(struct db *db)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct area_new a = { 0 };
	struct unit_new u = { 0, "central-commission", "Gốc", "Root", "VN" };
	int64_t root, first, later;

	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	a.code = "VN";
	a.level = 0;
	a.kind = a.kind_en = "nation";
	a.name = a.name_en = a.full_name = a.full_name_en = "Việt Nam";
	assert_int_equal(area_insert(db, &sys, &a, NULL, &e), DV_OK);
	a.code = "01";
	a.parent_code = "VN";
	a.level = 1;
	a.name = a.full_name = "Hà Nội";
	a.has_centroid = true;
	a.lat = 21.0;
	a.lon = 105.8;
	assert_int_equal(area_insert(db, &sys, &a, NULL, &e), DV_OK);
	assert_int_equal(unit_create(db, &sys, &u, &root, &e), DV_OK);
	u.parent_id = root;
	u.kind = "party-committee";
	u.name = "Một";
	u.home_area_code = "01";
	assert_int_equal(unit_create(db, &sys, &u, &first, &e), DV_OK);
	u.name = "Hai";
	assert_int_equal(unit_create(db, &sys, &u, &later, &e), DV_OK);
	assert_int_equal(unit_move(db, &sys, first, later, &e), DV_OK);
	assert_int_equal(db_commit(db, &e), DV_OK);
	exec_ok(db, "INSERT INTO setting (key, value) VALUES ('k', 'v')");
	/* a model replicating one registered after it: the self-reference waits for both rows */
	exec_ok(db, "INSERT INTO model (kind, field, name, name_fold, owner_unit_id, area_id,"
		    " launch_unit_id, start_on, status, level, created_at, updated_at) SELECT"
		    " 'model', 'economy', 'Bản sao', 'ban sao', id, home_area_id, id, '2026-01-01',"
		    " 'registered', 'none', 0, 0 FROM unit WHERE name = 'Một'");
	exec_ok(db, "INSERT INTO model (kind, field, name, name_fold, owner_unit_id, area_id,"
		    " launch_unit_id, start_on, status, level, created_at, updated_at) SELECT"
		    " 'model', 'economy', 'Gốc', 'goc', id, home_area_id, id, '2026-01-01',"
		    " 'recognised', 'commune', 0, 0 FROM unit WHERE name = 'Hai'");
	exec_ok(db, "UPDATE model SET origin_id = (SELECT MAX(id) FROM model),"
		    " root_id = (SELECT MAX(id) FROM model) WHERE name = 'Bản sao'");
}

static void test_every_table_is_listed(void **state)
{
	struct db *db = fresh();
	const struct store_table *t;
	int64_t listed = 0;

	(void)state;
	for (t = store_tables; t->name; t++)
		listed++;
	/* schema_migrations is written by migrate_run on the target, not copied */
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
				    " AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations'"),
			 listed);
	db_close(db);
}

static void test_copy_and_verify(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *src = fresh(), *dst = fresh();
	struct copy_report rep;

	(void)state;
	populate(src);
	assert_int_equal(store_copy(src, dst, NULL, NULL, &rep, &e), DV_OK);
	assert_int_equal(rep.tables, 54);
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM unit"), 3);
	assert_int_equal(scalar(dst, "SELECT o.name = 'Gốc' FROM model m JOIN model o"
				     " ON o.id = m.origin_id WHERE m.name = 'Bản sao'"),
			 1);
	/* the seeded award forms, titles after the titles they need */
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM award_form"),
			 scalar(src, "SELECT COUNT(*) FROM award_form"));
	assert_int_equal(scalar(dst, "SELECT needs_code = 'province_emulation_soldier' FROM"
				     " award_form WHERE code = 'national_emulation_soldier'"),
			 1);
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM unit_closure"),
			 scalar(src, "SELECT COUNT(*) FROM unit_closure"));
	/* the moved unit kept its (later) parent */
	assert_int_equal(scalar(dst, "SELECT parent_id FROM unit WHERE name = 'Một'"),
			 scalar(src, "SELECT id FROM unit WHERE name = 'Hai'"));
	assert_int_equal(rep.closure_rows, scalar(src, "SELECT COUNT(*) FROM unit_closure") +
						   scalar(src, "SELECT COUNT(*) FROM area_closure"));
	/* settings too (the aggregates' version among them) */
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM setting"),
			 scalar(src, "SELECT COUNT(*) FROM setting"));
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM setting WHERE key = 'agg_version'"), 1);

	/* a second copy finds the target not empty and changes nothing */
	assert_int_equal(store_copy(src, dst, NULL, NULL, &rep, &e), DV_ECONFLICT);
	assert_non_null(strstr(e.detail, "not empty"));
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM unit"), 3);
	assert_int_equal(scalar(dst, "SELECT o.name = 'Gốc' FROM model m JOIN model o"
				     " ON o.id = m.origin_id WHERE m.name = 'Bản sao'"),
			 1);
	/* the seeded award forms, titles after the titles they need */
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM award_form"),
			 scalar(src, "SELECT COUNT(*) FROM award_form"));
	assert_int_equal(scalar(dst, "SELECT needs_code = 'province_emulation_soldier' FROM"
				     " award_form WHERE code = 'national_emulation_soldier'"),
			 1);
	db_close(src);
	db_close(dst);
}

static void test_broken_closure_is_refused(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *src = fresh(), *dst = fresh();
	struct copy_report rep;

	(void)state;
	populate(src);
	/* a path missing in the source: the copy matches it, but the tree check fails */
	exec_ok(src, "DELETE FROM unit_closure WHERE depth = 2");
	assert_int_equal(store_copy(src, dst, NULL, NULL, &rep, &e), DV_ECONFLICT);
	assert_non_null(strstr(e.detail, "unit_closure"));
	/* all or nothing */
	assert_int_equal(scalar(dst, "SELECT COUNT(*) FROM area"), 0);
	db_close(src);
	db_close(dst);
}

static void test_schema_must_match(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *src = fresh(), *dst = NULL;
	struct copy_report rep;

	(void)state;
	assert_int_equal(db_open(&dst, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(store_copy(src, dst, NULL, NULL, &rep, &e), DV_ESCHEMA);
	db_close(src);
	db_close(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_table_is_listed),
		cmocka_unit_test(test_copy_and_verify),
		cmocka_unit_test(test_broken_closure_is_refused),
		cmocka_unit_test(test_schema_must_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
