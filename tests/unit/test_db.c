/* test_db.c: the SQLite driver (cache, bindings, transactions, errors, dialect) and migrations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/pg_sql.h"

static struct db *open_memory(void)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = NULL;

	assert_int_equal(db_open(&db, "sqlite::memory:", true, &e), DV_OK);
	assert_non_null(db);
	return db;
}

static int64_t query_int(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static void test_prepare_cache(void **state)
{
	static const char sql_one[] = "SELECT 1";
	static const char sql_two[] = "SELECT 2";
	struct db *db = open_memory();
	struct db_stmt *a, *b, *c;
	char buf[32];

	(void)state;
	a = db_prepare(db, sql_one);
	b = db_prepare(db, sql_one);
	c = db_prepare(db, sql_two);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);

	/* the cached statement comes back reset: a half-read result restarts */
	assert_int_equal(db_step(a), DB_ROW);
	a = db_prepare(db, sql_one);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_int64(a, 0), 1);
	assert_int_equal(db_step(a), DB_DONE);

	/* a reused buffer holding other text gets its own statement */
	snprintf(buf, sizeof(buf), "SELECT 7");
	assert_int_equal(query_int(db, buf), 7);
	snprintf(buf, sizeof(buf), "SELECT 8");
	assert_int_equal(query_int(db, buf), 8);

	/* many statements: the cache grows and still finds each one */
	{
		static char texts[200][32];
		struct db_stmt *first[200];
		int i;

		for (i = 0; i < 200; i++) {
			snprintf(texts[i], sizeof(texts[i]), "SELECT %d", i + 100);
			first[i] = db_prepare(db, texts[i]);
			assert_non_null(first[i]);
		}
		for (i = 0; i < 200; i++) {
			assert_ptr_equal(db_prepare(db, texts[i]), first[i]);
			assert_int_equal(query_int(db, texts[i]), i + 100);
		}
	}

	/* bad SQL gives NULL and a message */
	assert_null(db_prepare(db, "SELEKT nothing"));
	assert_non_null(strstr(db_errmsg(db), "syntax error"));
	db_close(db);
}

static void test_bind_and_columns(void **state)
{
	static const char sql_ins[] = "INSERT INTO t (i, d, s, b, n) VALUES (?, ?, ?, ?, ?)";
	static const char sql_sel[] = "SELECT i, d, s, b, n FROM t ORDER BY rowid";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	const unsigned char blob[] = { 1, 0, 2, 0xff };
	struct db_stmt *st;
	const void *p;
	size_t len;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)", &e),
			 DV_OK);
	st = db_prepare(db, sql_ins);
	assert_int_equal(db_bind_int64(st, 1, INT64_MAX), 0);
	assert_int_equal(db_bind_double(st, 2, -3.25), 0);
	assert_int_equal(db_bind_text(st, 3, "Hà Nội"), 0);
	assert_int_equal(db_bind_blob(st, 4, blob, sizeof(blob)), 0);
	assert_int_equal(db_bind_text(st, 5, NULL), 0);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(db), 1);

	st = db_prepare(db, sql_ins);
	assert_int_equal(db_bind_int64(st, 1, INT64_MIN), 0);
	assert_int_equal(db_bind_null(st, 2), 0);
	assert_int_equal(db_bind_textn(st, 3, "abcdef", 3), 0);
	assert_int_equal(db_bind_blob(st, 4, "", 0), 0);
	assert_int_equal(db_bind_text(st, 5, ""), 0);
	assert_int_equal(db_step(st), DB_DONE);

	/* bindings are cleared by db_prepare: all NULL now */
	st = db_prepare(db, sql_ins);
	assert_int_equal(db_step(st), DB_DONE);

	st = db_prepare(db, sql_sel);
	assert_int_equal(db_col_count(st), 5);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_int64(st, 0) == INT64_MAX);
	assert_true(db_col_double(st, 1) == -3.25);
	assert_string_equal(db_col_text(st, 2), "Hà Nội");
	p = db_col_blob(st, 3, &len);
	assert_int_equal(len, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_null(db_col_text(st, 4));
	assert_true(db_col_is_null(st, 4));

	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_int64(st, 0) == INT64_MIN);
	assert_true(db_col_is_null(st, 1));
	assert_string_equal(db_col_text(st, 2), "abc");
	assert_false(db_col_is_null(st, 3));
	db_col_blob(st, 3, &len);
	assert_int_equal(len, 0);
	assert_string_equal(db_col_text(st, 4), "");
	assert_false(db_col_is_null(st, 4));

	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_is_null(st, 0));
	assert_null(db_col_text(st, 2));
	assert_int_equal(db_step(st), DB_DONE);
	db_close(db);
}

/* db_precommit: once per write transaction, at its commit; dropped by a rollback. */
/* "INSERT ... VALUES (...) RETURNING id" answers one row, the new id, as PostgreSQL does. */
static void test_returning_id(void **state)
{
	static const char sql_ins[] = "INSERT INTO r (name) VALUES (?) RETURNING id";
	static const char sql_upsert[] =
	    "INSERT INTO r (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = "
	    "excluded.name RETURNING id";
	static const char sql_nothing[] =
	    "INSERT INTO r (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	struct db_stmt *st;
	size_t len = 0;
	int i;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT UNIQUE);"
	                         " INSERT INTO r (id, name) VALUES (40, 'x')",
	                         &e),
	                 DV_OK);
	for (i = 0; i < 3; i++) {
		char name[8];

		snprintf(name, sizeof(name), "n%d", i);
		st = db_prepare(db, sql_ins);
		assert_non_null(st);
		assert_int_equal(db_bind_text(st, 1, name), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_count(st), 1);
		assert_string_equal(db_col_name(st, 0), "id");
		assert_int_equal(db_col_type(st, 0), DB_TYPE_INTEGER);
		assert_false(db_col_is_null(st, 0));
		assert_int_equal(db_col_int64(st, 0), 41 + i);
		assert_string_equal(db_col_text(st, 0), i == 0 ? "41" : i == 1 ? "42" : "43");
		assert_string_equal((const char *)db_col_blob(st, 0, &len), db_col_text(st, 0));
		assert_int_equal(len, 2);
		if (i < 2) /* read to its end, or left after its row: both leave it ready again */
			assert_int_equal(db_step(st), DB_DONE);
		db_reset(st);
	}
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM r WHERE name LIKE 'n%'"), 3);
	/* a failing insert answers no row and inserts nothing */
	st = db_prepare(db, sql_ins);
	assert_int_equal(db_bind_text(st, 1, "n1"), 0);
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_equal(db_errcode(db), DV_EEXIST);
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM r"), 4);
	/* "DO NOTHING RETURNING id": the new row's id, or no row when it did nothing */
	for (i = 0; i < 2; i++) {
		st = db_prepare(db, sql_nothing);
		assert_int_equal(db_bind_text(st, 1, "n9"), 0);
		if (i == 0) {
			assert_int_equal(db_step(st), DB_ROW);
			assert_int_equal(db_col_int64(st, 0), 44);
		}
		assert_int_equal(db_step(st), DB_DONE);
		db_reset(st);
	}
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM r WHERE name = 'n9'"), 1);
	/* an upsert keeps SQLite's own RETURNING: the updated row's id, not the last insert's */
	st = db_prepare(db, sql_upsert);
	assert_int_equal(db_bind_int64(st, 1, 40), 0);
	assert_int_equal(db_bind_text(st, 2, "y"), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 40);
	assert_int_equal(db_step(st), DB_DONE);
	db_close(db);
}

/* The PostgreSQL driver's text: placeholders numbered, scope subqueries fenced. */
static void test_pg_translate(void **state)
{
	static const struct {
		const char *in, *out;
		int n;
	} cases[] = {
		{ "SELECT ? + ?", "SELECT $1 + $2", 2 },
		{ "SELECT '?', \"a?\", 'it''s ?' -- ?\n, ?", "SELECT '?', \"a?\", 'it''s ?' -- ?\n, $1", 1 },
		{ "SELECT 1 FROM a WHERE (? = 1 OR EXISTS (SELECT 1 FROM b WHERE b.x IN (1, 2) AND"
		  " b.y = a.id))",
		  "SELECT 1 FROM a WHERE ($1 = 1 OR EXISTS (SELECT 1 FROM b WHERE b.x IN (1, 2) AND"
		  " b.y = a.id OFFSET 0))",
		  1 },
		/* two, one inside the other's statement, and words that only look like it */
		{ "SELECT CASE WHEN ? = 1 OR  EXISTS(SELECT 1) THEN 1 END FROM t WHERE x OR EXISTS"
		  " (SELECT (2)) AND COLOR EXISTS (3) OR EXISTSX (4)",
		  "SELECT CASE WHEN $1 = 1 OR  EXISTS(SELECT 1 OFFSET 0) THEN 1 END FROM t WHERE x OR"
		  " EXISTS (SELECT (2) OFFSET 0) AND COLOR EXISTS (3) OR EXISTSX (4)",
		  1 },
		/* EXISTS not under OR becomes a join: left as written; so is a quoted one */
		{ "SELECT 1 WHERE NOT EXISTS (SELECT 1) AND EXISTS (SELECT 2) AND 'OR EXISTS (x)' = ?",
		  "SELECT 1 WHERE NOT EXISTS (SELECT 1) AND EXISTS (SELECT 2) AND 'OR EXISTS (x)' = $1",
		  1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = -1;
		char *out = pg_translate(cases[i].in, &n);

		assert_non_null(out);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, cases[i].n);
		free(out);
	}
}

static void test_precommit(void **state)
{
	static const char sql_bump[] = "UPDATE v SET n = n + 1";
	static const char sql_bad[] = "INSERT INTO v (n) VALUES (NULL)";
	static const char sql_ins[] = "INSERT INTO t (x) VALUES (1)";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE v (n INTEGER NOT NULL)", &e), DV_OK);
	assert_int_equal(db_exec(db, "INSERT INTO v (n) VALUES (0)", &e), DV_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", &e), DV_OK);
	/* outside a write transaction there is no commit to run it at */
	assert_int_equal(db_precommit(db, sql_bump), -1);
	assert_int_equal(db_begin(db, DB_TX_READ, &e), DV_OK);
	assert_int_equal(db_precommit(db, sql_bump), -1);
	db_rollback(db);

	/* asked three times, run once */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(db_precommit(db, sql_bump), 0);
	assert_int_equal(query_int(db, "SELECT n FROM v"), 0);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_int_equal(query_int(db, "SELECT n FROM v"), 1);
	/* a later transaction runs it again; one that did not ask does not */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_precommit(db, sql_bump), 0);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_int_equal(query_int(db, "SELECT n FROM v"), 2);
	/* a rollback drops it */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_precommit(db, sql_bump), 0);
	db_rollback(db);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_int_equal(query_int(db, "SELECT n FROM v"), 2);
	/* when it fails, the commit fails and nothing of the transaction stays */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_exec(db, sql_ins, &e), DV_OK);
	assert_int_equal(db_precommit(db, sql_bad), 0);
	assert_int_not_equal(db_commit(db, &e), DV_OK);
	dv_error_clear(&e);
	assert_false(db_in_tx(db));
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t"), 0);
	db_close(db);
}

static void test_transactions(void **state)
{
	static const char sql_ins[] = "INSERT INTO t (v) VALUES (?)";
	static const char sql_count[] = "SELECT COUNT(*) FROM t";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	struct db_stmt *st;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE t (v INTEGER)", &e), DV_OK);
	assert_false(db_in_tx(db));

	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_true(db_in_tx(db));
	st = db_prepare(db, sql_ins);
	db_bind_int64(st, 1, 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_rollback(db);
	assert_false(db_in_tx(db));
	assert_int_equal(query_int(db, sql_count), 0);

	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	/* a write never starts inside a transaction */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_EDB);
	dv_error_clear(&e);
	/* a read joins the open transaction: its commit only leaves the inner level */
	assert_int_equal(db_begin(db, DB_TX_READ, &e), DV_OK);
	st = db_prepare(db, sql_ins);
	db_bind_int64(st, 1, 2);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_true(db_in_tx(db));
	assert_int_equal(db_commit(db, &e), DV_OK);
	assert_false(db_in_tx(db));
	assert_int_equal(query_int(db, sql_count), 1);
	assert_int_equal(query_int(db, sql_count), 1);

	assert_int_equal(db_begin(db, DB_TX_READ, &e), DV_OK);
	assert_int_equal(query_int(db, sql_count), 1);
	assert_int_equal(db_commit(db, &e), DV_OK);

	/* commit without a transaction is an error; rollback without one is harmless */
	assert_int_not_equal(db_commit(db, &e), DV_OK);
	dv_error_clear(&e);
	db_rollback(db);
	db_close(db);
}

static void test_constraint_errors(void **state)
{
	static const char sql_ins[] = "INSERT INTO k (code, parent) VALUES (?, ?)";
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	struct db_stmt *st;

	(void)state;
	assert_int_equal(db_exec(db,
				 "CREATE TABLE k (id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL,"
				 " parent INTEGER REFERENCES k(id))",
				 &e),
			 DV_OK);
	st = db_prepare(db, sql_ins);
	db_bind_text(st, 1, "a");
	db_bind_null(st, 2);
	assert_int_equal(db_step(st), DB_DONE);

	st = db_prepare(db, sql_ins);
	db_bind_text(st, 1, "a");
	db_bind_null(st, 2);
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_equal(db_errcode(db), DV_EEXIST);
	assert_int_equal(db_fail(db, &e, "inserting k"), DV_EEXIST);
	assert_int_equal(e.code, DV_EEXIST);
	assert_true(!strncmp(e.detail, "inserting k: ", 13));
	assert_non_null(strstr(e.detail, "UNIQUE"));
	dv_error_clear(&e);

	/* foreign keys are on: a dangling parent is a constraint error, not "exists" */
	st = db_prepare(db, sql_ins);
	db_bind_text(st, 1, "b");
	db_bind_int64(st, 2, 999);
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_equal(db_errcode(db), DV_EINVAL);

	/* NOT NULL is a constraint too */
	st = db_prepare(db, sql_ins);
	db_bind_null(st, 1);
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_equal(db_errcode(db), DV_EINVAL);

	/* the statement was reset after the error and can run again */
	st = db_prepare(db, sql_ins);
	db_bind_text(st, 1, "c");
	db_bind_int64(st, 2, 1);
	assert_int_equal(db_step(st), DB_DONE);

	assert_int_equal(db_exec(db, "INSERT INTO nowhere VALUES (1)", &e), DV_EDB);
	assert_non_null(strstr(e.detail, "no such table"));
	db_close(db);
}

static void test_open_errors(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = (struct db *)&e;
	char dir[] = "/tmp/danvan-test-XXXXXX";
	char path[128], url[160];

	(void)state;
	/* nothing listens on port 1: the message names the server and what to check */
	assert_int_equal(db_open(&db, "postgresql://u:secret@127.0.0.1:1/danvan", false, &e),
			 DV_EUNAVAIL);
	assert_null(db);
	assert_non_null(strstr(e.detail, "cannot connect to PostgreSQL"));
	assert_null(strstr(e.detail, "secret")); /* never the password */
	dv_error_clear(&e);
	assert_int_equal(db_open(&db, "mysql://u@h/d", false, &e), DV_ECONFIG);
	assert_null(db);
	dv_error_clear(&e);

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(db_open(&db, url, false, &e), DV_ENOTFOUND);
	assert_null(db);
	assert_non_null(strstr(e.detail, path));
	assert_non_null(strstr(e.detail, "run 'danvan init'"));
	dv_error_clear(&e);

	/* created on request, in WAL mode with foreign keys on */
	assert_int_equal(db_open(&db, url, true, &e), DV_OK);
	assert_int_equal(db_engine(db), DB_SQLITE);
	{
		struct db_stmt *st = db_prepare(db, "PRAGMA journal_mode");

		assert_int_equal(db_step(st), DB_ROW);
		assert_string_equal(db_col_text(st, 0), "wal");
		db_reset(st);
	}
	assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(db, "PRAGMA busy_timeout"), 5000);
	db_close(db);

	/* now it exists: a bare path opens it without create */
	assert_int_equal(db_open(&db, path, false, &e), DV_OK);
	db_close(db);

	snprintf(url, sizeof(url), "sqlite:%s/missing/dir/y.db", dir);
	assert_int_equal(db_open(&db, url, true, &e), DV_EUNAVAIL);
	assert_non_null(strstr(e.detail, "missing/dir/y.db"));

	unlink(path);
	snprintf(path, sizeof(path), "%s/x.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/x.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* Writers on two connections to one file queue on the writer mutex instead of failing busy. */
struct writer_arg {
	const char *url;
	int failures;
};

static void *writer(void *p)
{
	static const char sql_bump[] = "UPDATE c SET n = n + 1";
	struct writer_arg *arg = p;
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = NULL;
	int i;

	if (db_open(&db, arg->url, false, &e)) {
		arg->failures++;
		return NULL;
	}
	for (i = 0; i < 200; i++) {
		struct db_stmt *st;

		if (db_begin(db, DB_TX_WRITE, &e)) {
			arg->failures++;
			continue;
		}
		st = db_prepare(db, sql_bump);
		if (!st || db_step(st) != DB_DONE || db_commit(db, &e)) {
			arg->failures++;
			db_rollback(db);
		}
	}
	db_close(db);
	return NULL;
}

static void test_writers_queue(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	char dir[] = "/tmp/danvan-test-XXXXXX";
	struct writer_arg args[4];
	pthread_t th[4];
	char path[128], url[160];
	struct db *db = NULL;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(db_open(&db, url, true, &e), DV_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE c (n INTEGER); INSERT INTO c VALUES (0)", &e),
			 DV_OK);
	for (i = 0; i < 4; i++) {
		args[i].url = url;
		args[i].failures = 0;
		assert_int_equal(pthread_create(&th[i], NULL, writer, &args[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].failures, 0);
	}
	assert_int_equal(query_int(db, "SELECT n FROM c"), 800);
	db_close(db);

	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void test_dialect(void **state)
{
	struct db *db = open_memory();
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(db_dialect(db, &sb, "CREATE TABLE x (id @ID@, b @BLOB@, r @REAL@, e TEXT"
					     " DEFAULT 'a@b', f TEXT DEFAULT '@')"),
			 0);
	assert_string_equal(sb.buf, "CREATE TABLE x (id INTEGER PRIMARY KEY, b BLOB, r REAL, e TEXT"
				    " DEFAULT 'a@b', f TEXT DEFAULT '@')");
	strbuf_reset(&sb);
	assert_int_equal(db_dialect(db, &sb, "@REAL@@REAL@"), 0);
	assert_string_equal(sb.buf, "REALREAL");
	strbuf_release(&sb);
	db_close(db);
}

static void test_migrations(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	int version = -1, calls = 0;

	(void)state;
	assert_true(migrate_latest() >= 1);
	assert_int_equal(migrate_current(db, &version, &e), DV_OK);
	assert_int_equal(version, 0);
	assert_int_equal(migrate_check(db, &e), DV_ESCHEMA);
	assert_non_null(strstr(e.detail, "danvan migrate"));
	dv_error_clear(&e);

	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_OK);
	assert_int_equal(migrate_current(db, &version, &e), DV_OK);
	assert_int_equal(version, migrate_latest());
	assert_int_equal(migrate_check(db, &e), DV_OK);
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM schema_migrations"), migrate_latest());
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = 1"
				       " AND name = '0001_foundation.sql' AND applied_at > 0"),
			 1);
	/* the schema is there */
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM area"), 0);

	/* idempotent: nothing left to apply */
	assert_int_equal(migrate_run(db, NULL, &calls, &e), DV_OK);
	assert_int_equal(query_int(db, "SELECT COUNT(*) FROM schema_migrations"), migrate_latest());
	assert_int_equal(calls, 0);

	/* a newer schema is refused */
	assert_int_equal(db_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 1)", &e),
			 DV_OK);
	assert_int_equal(migrate_check(db, &e), DV_ESCHEMA);
	assert_non_null(strstr(e.detail, "version 9999"));
	assert_non_null(strstr(e.detail, "upgrade danvan"));
	dv_error_clear(&e);
	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_ESCHEMA);
	assert_non_null(strstr(e.detail, "9999"));
	db_close(db);
}

static void count_progress(int version, const char *name, void *arg)
{
	int *n = arg;

	assert_true(version >= 1);
	assert_non_null(name);
	(*n)++;
}

static void test_migration_progress(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = open_memory();
	int calls = 0;

	(void)state;
	assert_int_equal(migrate_run(db, count_progress, &calls, &e), DV_OK);
	assert_int_equal(calls, migrate_latest());
	calls = 0;
	assert_int_equal(migrate_run(db, count_progress, &calls, &e), DV_OK);
	assert_int_equal(calls, 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_cache),
		cmocka_unit_test(test_bind_and_columns),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_precommit),
		cmocka_unit_test(test_returning_id),
		cmocka_unit_test(test_pg_translate),
		cmocka_unit_test(test_constraint_errors),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_writers_queue),
		cmocka_unit_test(test_dialect),
		cmocka_unit_test(test_migrations),
		cmocka_unit_test(test_migration_progress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
