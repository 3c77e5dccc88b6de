/* test_sqlite_vfs.c: the file layer that gathers a commit's log writes (store/sqlite_vfs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/sqlite_vfs.h"

struct files {
	char dir[32];
	char path[96], url[112], copy[96];
};

static void files_make(struct files *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/danvan-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/v.db", f->dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	snprintf(f->copy, sizeof(f->copy), "%s/copy.db", f->dir);
}

static void unlink_db(const char *path)
{
	char p[128];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void files_remove(struct files *f)
{
	unlink_db(f->path);
	unlink_db(f->copy);
	rmdir(f->dir);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	assert_non_null(in);
	out = fopen(to, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/*
 * What another process finds on disk right now: the database and its log copied, as a crash
 * would leave them, opened with SQLite's default layer (which recovers from the log).
 */
static sqlite3 *snapshot(const struct files *f)
{
	char from[128], to[128];
	sqlite3 *h = NULL;

	unlink_db(f->copy);
	copy_file(f->path, f->copy);
	snprintf(from, sizeof(from), "%s-wal", f->path);
	snprintf(to, sizeof(to), "%s-wal", f->copy);
	copy_file(from, to);
	assert_int_equal(sqlite3_open_v2(f->copy, &h, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
	return h;
}

static int64_t raw_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void raw_ok(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

/* One transaction: `rows` rows of `size` bytes each, numbered from `first`. */
static void insert_rows(struct db *db, int first, int rows, int size)
{
	struct dv_error e = DV_ERROR_INIT;
	char *blob = malloc((size_t)size);
	int i;

	assert_non_null(blob);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	for (i = 0; i < rows; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO t (n, b) VALUES (?, ?)");

		memset(blob, 'a' + (first + i) % 26, (size_t)size);
		assert_non_null(st);
		assert_int_equal(db_bind_int64(st, 1, first + i), 0);
		assert_int_equal(db_bind_blob(st, 2, blob, (size_t)size), 0);
		assert_int_equal(db_step(st), DB_DONE);
		db_reset(st);
	}
	assert_int_equal(db_commit(db, &e), DV_OK);
	free(blob);
}

static struct db *open_table(const struct files *f)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = NULL;

	assert_int_equal(db_open(&db, f->url, true, &e), DV_OK);
	/* every page of a checkpoint stays in the log: nothing but the commits write */
	assert_int_equal(db_exec(db, "PRAGMA wal_autocheckpoint = 0", &e), DV_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (n INTEGER PRIMARY KEY, b BLOB)", &e), DV_OK);
	return db;
}

/* Committed = in the files when the commit returns, in one write call per 64 KiB. */
static void test_commit_reaches_file(void **state)
{
	struct files f;
	struct db *db;
	struct sqlite_vfs_counts c0, c1;
	sqlite3 *h;
	int round;

	(void)state;
	assert_non_null(sqlite_vfs_name());
	files_make(&f);
	db = open_table(&f);
	for (round = 0; round < 5; round++) {
		sqlite_vfs_counts(&c0);
		/* 40 rows of 3,000 bytes: ~40 pages, 80 writes from SQLite */
		insert_rows(db, round * 40, 40, 3000);
		sqlite_vfs_counts(&c1);
		assert_true(c1.writes - c0.writes >= 80);
		/* ~165 KB of frames: three calls of at most 64 KiB */
		assert_true(c1.calls - c0.calls <= 3);
		assert_true(c1.calls - c0.calls >= 1);
		/* written at the commit's last frame, not left for the barrier */
		assert_int_equal(c1.late - c0.late, 0);

		h = snapshot(&f);
		assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t"), (round + 1) * 40);
		assert_int_equal(raw_int(h, "SELECT SUM(length(b)) FROM t"),
		                 (round + 1) * 40 * 3000);
		assert_int_equal(
		    raw_int(h, "SELECT COUNT(*) FROM t WHERE CAST(substr(b, 3000, 1) AS TEXT) <> "
		               "char(97 + n % 26)"),
		    0);
		raw_ok(h);
		sqlite3_close(h);
	}
	db_close(db);
	files_remove(&f);
}

/* Another connection, on SQLite's own layer, reads each commit as soon as it returns. */
static void test_reader_sees_commits(void **state)
{
	struct files f;
	struct db *db;
	sqlite3 *h = NULL;
	int round;

	(void)state;
	files_make(&f);
	db = open_table(&f);
	assert_int_equal(sqlite3_open_v2(f.path, &h, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
	for (round = 0; round < 50; round++) {
		insert_rows(db, round * 7, 7, 900 + round * 37);
		assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t"), (round + 1) * 7);
		assert_int_equal(raw_int(h, "SELECT length(b) FROM t ORDER BY n DESC LIMIT 1"),
		                 900 + round * 37);
	}
	raw_ok(h);
	sqlite3_close(h);
	db_close(db);
	files_remove(&f);
}

/*
 * Past what is gathered (8 MiB), with a page cache small enough that SQLite writes frames
 * before the commit and reads them back: the log goes out in pieces, nothing is lost; a
 * rolled-back transaction leaves nothing behind; a log started again after a checkpoint
 * (written from its beginning) holds the next commits.
 */
static void test_large_rollback_restart(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct files f;
	struct db *db;
	sqlite3 *h;

	(void)state;
	files_make(&f);
	db = open_table(&f);
	assert_int_equal(db_exec(db, "PRAGMA cache_size = 50", &e), DV_OK);
	insert_rows(db, 0, 3000, 4000); /* ~12 MB */
	h = snapshot(&f);
	assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t"), 3000);
	assert_int_equal(raw_int(h,
	                         "SELECT COUNT(*) FROM t WHERE CAST(substr(b, 4000, 1) AS TEXT) <> "
	                         "char(97 + n % 26)"),
	                 0);
	raw_ok(h);
	sqlite3_close(h);

	/* rolled back after spilling frames to the log */
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	assert_int_equal(db_exec(db, "UPDATE t SET b = zeroblob(4000)", &e), DV_OK);
	db_rollback(db);
	assert_int_equal(db_exec(db, "PRAGMA cache_size = -2000", &e), DV_OK);
	insert_rows(db, 3000, 10, 500);
	h = snapshot(&f);
	assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t WHERE b = zeroblob(4000)"), 0);
	assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t"), 3010);
	raw_ok(h);
	sqlite3_close(h);

	/* the log copied into the database and started again from its beginning */
	assert_int_equal(db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &e), DV_OK);
	insert_rows(db, 3010, 20, 2000);
	insert_rows(db, 3030, 20, 2000);
	h = snapshot(&f);
	assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t"), 3050);
	assert_int_equal(raw_int(h, "SELECT COUNT(*) FROM t WHERE n >= 3010 AND length(b) = 2000"),
	                 40);
	raw_ok(h);
	sqlite3_close(h);
	db_close(db);
	files_remove(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commit_reaches_file),
	    cmocka_unit_test(test_reader_sees_commits),
	    cmocka_unit_test(test_large_rollback_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
