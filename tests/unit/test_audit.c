/* test_audit.c: the audit hash chain: appending, verifying, and detecting tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/migrate.h"

static struct db *chain_of(int n)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct scope user = scope_for_user(7, 3, ROLE_ADMIN);
	struct db *db = NULL;
	char object[16], detail[64];
	int i;

	assert_int_equal(db_open(&db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_OK);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	for (i = 1; i <= n; i++) {
		snprintf(object, sizeof(object), "%d", i);
		snprintf(detail, sizeof(detail), "record %d: name 'Hà Nội'", i);
		assert_int_equal(audit_append(db, i % 2 ? &user : &sys, i % 2 ? "admin" : "cli",
					      "unit.create", "unit", object, detail, &e),
				 DV_OK);
	}
	assert_int_equal(db_commit(db, &e), DV_OK);
	return db;
}

static void exec(struct db *db, const char *sql)
{
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(db_exec(db, sql, &e), DV_OK);
}

/* audit_verify() without an anchor: the first broken record and the records read. */
static enum dv_err verify(struct db *db, int64_t *bad, int64_t *checked, struct dv_error *e)
{
	struct audit_verify v = { 0 };
	enum dv_err rc = audit_verify(db, &v, e);

	*bad = v.bad_id;
	*checked = v.checked;
	return rc;
}

static void test_append_and_verify(void **state)
{
	static const char sql_rows[] =
		"SELECT id, prev_hash, hash, actor_user_id, actor FROM audit_log ORDER BY id";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(5);
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	int64_t bad = -1, checked = -1;
	struct db_stmt *st;
	int rows = 0;

	(void)state;
	assert_int_equal(verify(db, &bad, &checked, &e), DV_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 5);

	/* the first links to 64 zeros, each next to the one before; hashes are 64 hex digits */
	st = db_prepare(db, sql_rows);
	while (db_step(st) == DB_ROW) {
		const char *hash = db_col_text(st, 2);

		rows++;
		assert_string_equal(db_col_text(st, 1), prev);
		assert_int_equal(strlen(hash), 64);
		assert_int_equal(strspn(hash, "0123456789abcdef"), 64);
		assert_string_not_equal(hash, prev);
		snprintf(prev, sizeof(prev), "%s", hash);
		if (db_col_int64(st, 0) % 2) {
			assert_int_equal(db_col_int64(st, 3), 7);
			assert_string_equal(db_col_text(st, 4), "admin");
		} else {
			assert_true(db_col_is_null(st, 3));
			assert_string_equal(db_col_text(st, 4), "cli");
		}
	}
	assert_int_equal(rows, 5);

	/* outside a write transaction: refused */
	{
		struct scope sys = scope_system();

		assert_int_not_equal(audit_append(db, &sys, "cli", "x", "y", "1", "", &e), DV_OK);
	}
	db_close(db);
}

static void test_empty_chain(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(0);
	int64_t bad = -1, checked = -1;

	(void)state;
	assert_int_equal(verify(db, &bad, &checked, &e), DV_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 0);
	db_close(db);
}

static void test_tampered_detail(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(5);
	int64_t bad = 0, checked = 0;

	(void)state;
	exec(db, "UPDATE audit_log SET detail = 'nothing to see' WHERE id = 3");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 3);
	assert_int_equal(checked, 3);
	assert_non_null(strstr(e.detail, "audit record 3"));
	db_close(db);
}

static void test_tampered_other_fields(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_log SET at = at + 1 WHERE id = 2",
		"UPDATE audit_log SET actor_user_id = 7 WHERE id = 2",
		"UPDATE audit_log SET actor = 'someone' WHERE id = 2",
		"UPDATE audit_log SET object_id = '99' WHERE id = 2",
		/* shifting a boundary between fields keeps the concatenation but not the hash */
		"UPDATE audit_log SET action = 'unit.creat', object_type = 'eunit' WHERE id = 2",
		"UPDATE audit_log SET hash = prev_hash WHERE id = 2",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		struct dv_error e = DV_ERROR_INIT;
		struct db *db = chain_of(4);
		int64_t bad = 0, checked = 0;

		exec(db, edits[i]);
		assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
		assert_int_equal(bad, 2);
		db_close(db);
	}
}

static void test_deleted_row(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(5);
	int64_t bad = 0, checked = 0;

	(void)state;
	exec(db, "DELETE FROM audit_log WHERE id = 3");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 4);
	assert_non_null(strstr(e.detail, "audit record 4"));
	db_close(db);

	/* deleting the first record breaks the link of the second */
	db = chain_of(3);
	dv_error_clear(&e);
	exec(db, "DELETE FROM audit_log WHERE id = 1");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 2);
	db_close(db);
}

static void test_chain_continues(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct db *db = chain_of(2);
	int64_t bad = -1, checked = 0;

	(void)state;
	/* a later transaction links to the last record of the earlier one */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(audit_append(db, &sys, NULL, "user.disable", "user", "4", NULL, &e), DV_OK);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_int_equal(verify(db, &bad, &checked, &e), DV_OK);
	assert_int_equal(checked, 3);
	assert_int_equal(bad, 0);

	/* a rolled-back append leaves no trace */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(audit_append(db, &sys, "cli", "user.enable", "user", "4", "", &e), DV_OK);
	db_rollback(db);
	assert_int_equal(verify(db, &bad, &checked, &e), DV_OK);
	assert_int_equal(checked, 3);

	/* an empty action is refused */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(audit_append(db, &sys, "cli", "", "user", "4", "", &e), DV_EINVAL);
	db_rollback(db);
	db_close(db);
}

/* Records cut from the end leave no broken link: the head kept at each commit sees them. */
static void test_truncated_tail(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(5);
	int64_t bad = 0, checked = 0;

	(void)state;
	exec(db, "DELETE FROM audit_log WHERE id >= 4");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 5);
	assert_int_equal(checked, 3);
	assert_non_null(strstr(e.detail, "after 3 are missing"));
	assert_non_null(strstr(e.detail, "was 5"));
	db_close(db);

	/* ... and so does removing the head with them */
	db = chain_of(5);
	dv_error_clear(&e);
	exec(db, "DELETE FROM audit_log WHERE id = 5; DELETE FROM setting WHERE key = 'audit_head'");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 4);
	assert_non_null(strstr(e.detail, "not recorded"));
	db_close(db);

	/* a head that is not "ID HASH" */
	db = chain_of(2);
	dv_error_clear(&e);
	exec(db, "UPDATE setting SET value = '2' WHERE key = 'audit_head'");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_non_null(strstr(e.detail, "'ID HASH'"));
	db_close(db);
}

/* A record appended by hand, with a correct hash, is not the head danvan committed. */
static void test_forged_append(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = chain_of(3);
	int64_t bad = 0, checked = 0;

	(void)state;
	exec(db, "INSERT INTO audit_log (at, actor, action, object_type, object_id, detail, "
		 "prev_hash, hash) SELECT at, actor, action, object_type, object_id, detail, "
		 "hash, hash FROM audit_log WHERE id = 3");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 4); /* its hash does not match */
	db_close(db);

	/* a head set back to an earlier record: the records after it were not committed by danvan */
	db = chain_of(3);
	dv_error_clear(&e);
	exec(db, "UPDATE setting SET value = (SELECT '2 ' || hash FROM audit_log WHERE id = 2) "
		 "WHERE key = 'audit_head'");
	assert_int_equal(verify(db, &bad, &checked, &e), DV_ECONFLICT);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(e.detail, "not the head"));
	db_close(db);

	/* the head follows every commit, however many records it appended */
	db = chain_of(3);
	assert_int_equal(verify(db, &bad, &checked, &e), DV_OK);
	{
		struct db_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE key = 'audit_head'");
		struct db_stmt *h;

		assert_int_equal(db_step(st), DB_ROW);
		h = db_prepare(db, "SELECT '3 ' || hash FROM audit_log WHERE id = 3");
		assert_int_equal(db_step(h), DB_ROW);
		assert_string_equal(db_col_text(st, 0), db_col_text(h, 0));
		db_reset(h);
		db_reset(st);
	}
	db_close(db);
}

/* An anchor noted earlier is found in the intact chain, and not after a rewrite. */
static void test_anchor(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct db *db = chain_of(3);
	struct audit_verify v = { 0 };
	char anchor[65];

	(void)state;
	assert_int_equal(audit_verify(db, &v, &e), DV_OK);
	assert_int_equal(v.last_id, 3);
	assert_int_equal(strlen(v.last_hash), 64);
	snprintf(anchor, sizeof(anchor), "%s", v.last_hash);

	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(audit_append(db, &sys, "cli", "user.enable", "user", "4", "", &e), DV_OK);
	assert_int_equal(db_commit(db, &e), DV_OK);
	memset(&v, 0, sizeof(v));
	v.anchor = anchor;
	assert_int_equal(audit_verify(db, &v, &e), DV_OK);
	assert_true(v.anchor_found);
	assert_int_equal(v.checked, 4);

	v.anchor = "0123";
	assert_int_equal(audit_verify(db, &v, &e), DV_OK);
	assert_false(v.anchor_found);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_verify),
		cmocka_unit_test(test_empty_chain),
		cmocka_unit_test(test_tampered_detail),
		cmocka_unit_test(test_tampered_other_fields),
		cmocka_unit_test(test_deleted_row),
		cmocka_unit_test(test_chain_continues),
		cmocka_unit_test(test_truncated_tail),
		cmocka_unit_test(test_forged_append),
		cmocka_unit_test(test_anchor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
