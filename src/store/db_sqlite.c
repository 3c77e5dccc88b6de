/* db_sqlite.c: the SQLite driver of db.h: connections, the statement cache, transactions. */
#include "store/db_driver.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "base/strbuf.h"
#include "store/sqlite_vfs.h"

#include "base/banned.h"


/*
 * Writers on one database file queue on a process-wide mutex before BEGIN IMMEDIATE, so that
 * threads wait in order instead of polling in SQLite's busy handler. One lock per file path;
 * private in-memory databases have none (nobody else can write to them).
 */
struct write_lock {
	struct write_lock *next;
	char *path;
	int refs;
	pthread_mutex_t mutex;
};

static pthread_mutex_t write_locks_guard = PTHREAD_MUTEX_INITIALIZER;
static struct write_lock *write_locks;

/* One cached statement. Addresses are stable: the table holds pointers. */
struct sq_stmt {
	struct db_stmt base; /* first: db.c reaches the driver through it */
	const char *key;   /* the caller's SQL pointer */
	char *text;        /* our copy, to detect a reused buffer holding other text */
	sqlite3_stmt *st;
	struct sq_db *db;
	/* "INSERT ... VALUES (...) RETURNING id" prepared without its RETURNING (see
	 * prepare_sql); after the insert, one row of one column: the new rowid */
	bool rowid_only;
	bool rowid_ready;
	int64_t rowid;
	char rowid_text[24];
};

struct sq_db {
	struct db base; /* first: db.c reaches the driver through it */
	sqlite3 *h;
	char *path;
	struct write_lock *wlock; /* NULL for :memory: */
	bool in_tx;
	bool holds_wlock;
	int last_rc;            /* extended code of the last failure */
	char errbuf[512];       /* message of the last failure */
	struct sq_stmt **slots; /* open addressing, power-of-two size */
	size_t nslots, nused;
	/* transaction control, prepared once: parsing BEGIN per request costs more than the lock */
	sqlite3_stmt *tx[4];
};

enum { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK };
static const char *const tx_sql[4] = { "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };

/* Run one of the prepared transaction statements; returns the SQLite result code. */
static int tx_run(struct sq_db *db, int which)
{
	int rc;

	if (!db->tx[which]) {
		rc = sqlite3_prepare_v3(db->h, tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
					&db->tx[which], NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	rc = sqlite3_step(db->tx[which]);
	sqlite3_reset(db->tx[which]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void sq_close(struct db *d_);
static void sq_rollback(struct db *d_);
static int sq_bind_null(struct db_stmt *s_, int idx);
static enum dv_err sq_fail(struct sq_db *db, struct dv_error *e, const char *what);
static const char *sq_errmsg(struct db *d_);
static enum dv_err sq_errcode(struct db *d_);

static struct write_lock *write_lock_get(const char *path)
{
	struct write_lock *w;

	pthread_mutex_lock(&write_locks_guard);
	for (w = write_locks; w; w = w->next)
		if (!strcmp(w->path, path))
			break;
	if (!w) {
		w = calloc(1, sizeof(*w));
		if (w)
			w->path = strdup(path);
		if (w && !w->path) {
			free(w);
			w = NULL;
		}
		if (w) {
			pthread_mutex_init(&w->mutex, NULL);
			w->next = write_locks;
			write_locks = w;
		}
	}
	if (w)
		w->refs++;
	pthread_mutex_unlock(&write_locks_guard);
	return w;
}

static void write_lock_put(struct write_lock *lock)
{
	struct write_lock **pp;

	if (!lock)
		return;
	pthread_mutex_lock(&write_locks_guard);
	if (--lock->refs == 0) {
		for (pp = &write_locks; *pp; pp = &(*pp)->next)
			if (*pp == lock) {
				*pp = lock->next;
				break;
			}
		pthread_mutex_destroy(&lock->mutex);
		free(lock->path);
		free(lock);
	}
	pthread_mutex_unlock(&write_locks_guard);
}

/* Remember the connection's current failure (code and message) for db_errmsg/db_errcode. */
static void record_error(struct sq_db *db, int rc)
{
	const char *msg = sqlite3_errmsg(db->h);

	db->last_rc = rc;
	if (!msg || !*msg || !strcmp(msg, "not an error"))
		msg = sqlite3_errstr(rc);
	snprintf(db->errbuf, sizeof(db->errbuf), "%s", msg);
}

static void record_message(struct sq_db *db, int rc, const char *msg)
{
	db->last_rc = rc;
	snprintf(db->errbuf, sizeof(db->errbuf), "%s", msg);
}

/* ---- opening ---- */

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static enum dv_err exec_pragma(struct sq_db *db, const char *sql, struct dv_error *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return DV_OK;
	record_message(db, sqlite3_extended_errcode(db->h), msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	if ((rc & 0xff) == SQLITE_NOTADB)
		return dv_fail(e, DV_EDB, "database '%s' is not a danvan database: %s", db->path,
			       db->errbuf);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return dv_fail(e, DV_EBUSY, "database '%s' is locked: %s: retry later", db->path,
			       db->errbuf);
	return dv_fail(e, DV_EDB, "setting up database '%s': %s", db->path, db->errbuf);
}

/*
 * Process-wide settings, before SQLite initialises: no memory statistics (they take a global
 * mutex on every allocation, and nothing here reads them); statement journals kept in memory.
 * Every write to a table with foreign keys inside a transaction keeps one (the original of
 * each page the statement changes, so at most the pages one statement rewrites). Past the
 * default 64 KiB SQLite moves it to a temporary file, and each later statement then costs two
 * write calls a page (half the time of a bulk load of cases went there); and a positive spill
 * size is also the size of the journal's first allocation, made afresh by every statement
 * (16 MiB, tried before, made each insert of the group commit map and unmap a heap: 40 % of
 * the writer's time). -1 keeps them in memory in small pieces.
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
}

static enum dv_err sqlite_open(struct sq_db **out, const char *path, bool create,
			       struct dv_error *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	bool memory = !strcmp(path, ":memory:");
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct sq_db *db = NULL;
	struct stat sb;
	enum dv_err ret = DV_OK;
	int rc;

	pthread_once(&once, sqlite_setup);
	if (!*path)
		return dv_fail(e, DV_ECONFIG, "database path is empty: give --db sqlite:PATH");
	if (!memory && !create && stat(path, &sb) != 0 && errno == ENOENT)
		return dv_fail(e, DV_ENOTFOUND,
			       "database '%s' does not exist: run 'danvan init' or 'danvan demo' first",
			       path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;

	db = calloc(1, sizeof(*db));
	if (!db)
		return dv_fail(e, DV_ENOMEM, "opening database '%s': out of memory", path);
	db->base.drv = &db_sqlite_driver;
	db->path = strdup(path);
	if (!db->path) {
		ret = dv_fail(e, DV_ENOMEM, "opening database '%s': out of memory", path);
		goto cleanup;
	}
	rc = sqlite3_open_v2(path, &db->h, flags, sqlite_vfs_name());
	if (rc != SQLITE_OK) {
		const char *msg = db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);

		if ((rc & 0xff) == SQLITE_CANTOPEN && !create)
			ret = dv_fail(e, DV_EUNAVAIL,
				      "cannot open database '%s': %s: check the path and its permissions",
				      path, msg);
		else if ((rc & 0xff) == SQLITE_CANTOPEN)
			ret = dv_fail(e, DV_EUNAVAIL,
				      "cannot create database '%s': %s: check that its folder exists and is writable",
				      path, msg);
		else
			ret = dv_fail(e, DV_EDB, "opening database '%s': %s", path, msg);
		goto cleanup;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (!memory) {
		db->wlock = write_lock_get(path);
		if (!db->wlock) {
			ret = dv_fail(e, DV_ENOMEM, "opening database '%s': out of memory", path);
			goto cleanup;
		}
	}

	/* busy_timeout first: the journal-mode switch itself may need to wait for a lock. */
	ret = exec_pragma(db, "PRAGMA busy_timeout = 5000", e);
	if (!ret && !memory)
		ret = exec_pragma(db, "PRAGMA journal_mode = WAL", e);
	if (!ret)
		ret = exec_pragma(db, "PRAGMA foreign_keys = ON", e);
	if (!ret)
		ret = exec_pragma(db, "PRAGMA synchronous = NORMAL", e);
	/* No memory-mapped reads (SQLite's default, said here so nobody turns it on): a
	 * connection drops its whole map whenever another has committed since its last read,
	 * so under a stream of intakes every request unmapped and remapped the file and
	 * faulted its pages back in, and each unmap stopped the other cores for a TLB flush
	 * (bench: intake 11,000 -> 11,700 cases/s, 128 -> 119 us of CPU a case; reads level) */
	if (!ret && !memory)
		ret = exec_pragma(db, "PRAGMA mmap_size = 0", e);
	/* 32 MiB of page cache a connection (SQLite's default is 2 MiB): the hot pages of
	 * the closures, the rollups and the indexes of a growing database stay in memory */
	if (!ret)
		ret = exec_pragma(db, "PRAGMA cache_size = -32768", e);

cleanup:
	if (ret) {
		sq_close(&db->base);
		db = NULL;
	}
	*out = db;
	return ret;
}

/* Serves sqlite:PATH, sqlite::memory: and bare paths: anything that is not another scheme. */
static bool sq_accepts(const char *url)
{
	return has_prefix(url, "sqlite:") || !strstr(url, "://");
}

static enum dv_err sq_open(struct db **outp, const char *url, bool create, struct dv_error *e)
{
	struct sq_db **out = (struct sq_db **)outp;

	*out = NULL;
	if (!strcmp(url, "sqlite::memory:") || !strcmp(url, ":memory:"))
		return sqlite_open(out, ":memory:", create, e);
	if (has_prefix(url, "sqlite:"))
		return sqlite_open(out, url + strlen("sqlite:"), create, e);
	return sqlite_open(out, url, create, e);
}

static void sq_close(struct db *d_)
{
	struct sq_db *db = (struct sq_db *)d_;
	size_t i;

	if (!db)
		return;
	if (db->in_tx)
		sq_rollback(&db->base);
	for (i = 0; i < db->nslots; i++) {
		struct sq_stmt *s = db->slots[i];

		if (!s)
			continue;
		sqlite3_finalize(s->st);
		free(s->text);
		free(s);
	}
	free(db->slots);
	for (i = 0; i < 4; i++)
		sqlite3_finalize(db->tx[i]);
	if (db->h)
		sqlite3_close_v2(db->h);
	write_lock_put(db->wlock);
	free(db->path);
	free(db);
}

/* ---- the statement cache ---- */

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	/* SQL literals are aligned and close together: mix the bits (splitmix64 finaliser). */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

static int cache_grow(struct sq_db *db)
{
	size_t n = db->nslots ? db->nslots * 2 : 64;
	struct sq_stmt **slots = calloc(n, sizeof(*slots));
	size_t i;

	if (!slots)
		return -1;
	for (i = 0; i < db->nslots; i++) {
		struct sq_stmt *s = db->slots[i];
		size_t j;

		if (!s)
			continue;
		for (j = ptr_hash(s->key) & (n - 1); slots[j]; j = (j + 1) & (n - 1))
			;
		slots[j] = s;
	}
	free(db->slots);
	db->slots = slots;
	db->nslots = n;
	return 0;
}

/*
 * SQLite runs a RETURNING clause through a temporary table: opening and dropping it was a
 * sixth of each case's insert in the group commit. A single-row "INSERT ... VALUES (...)
 * RETURNING id" (id is the rowid, as every table's @ID@ is) is prepared without the clause,
 * and sq_step answers the row itself from sqlite3_last_insert_rowid when the statement
 * inserted it: with no ON CONFLICT, or with one that ends "DO NOTHING RETURNING id" (no row
 * when it did nothing, as in SQL). An upsert that updates, whose id is not the last insert's,
 * is prepared as it is, as are other statements.
 */
static int prepare_sql(struct sq_db *db, const char *sql, sqlite3_stmt **st, bool *rowid_only)
{
	static const char tail[] = " RETURNING id", nothing[] = " DO NOTHING RETURNING id";
	size_t len = strlen(sql), tl = sizeof(tail) - 1, nl = sizeof(nothing) - 1;

	*rowid_only =
	    len > tl && !strncmp(sql, "INSERT INTO ", 12) && !strcmp(sql + len - tl, tail) &&
	    strstr(sql, " VALUES (") &&
	    (!strstr(sql, "ON CONFLICT") || (len > nl && !strcmp(sql + len - nl, nothing)));
	return sqlite3_prepare_v3(db->h, sql, *rowid_only ? (int)(len - tl) : -1,
	                          SQLITE_PREPARE_PERSISTENT, st, NULL);
}

static struct db_stmt *sq_prepare(struct db *d_, const char *sql)
{
	struct sq_db *db = (struct sq_db *)d_;
	struct sq_stmt *s;
	sqlite3_stmt *st = NULL;
	bool rowid_only;
	size_t i;
	int rc;

	if (db->nused * 10 >= db->nslots * 7 && cache_grow(db)) {
		record_message(db, SQLITE_NOMEM, "out of memory");
		return NULL;
	}
	for (i = ptr_hash(sql) & (db->nslots - 1); (s = db->slots[i]); i = (i + 1) & (db->nslots - 1)) {
		if (s->key != sql)
			continue;
		if (!strcmp(s->text, sql)) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			s->rowid_ready = false;
			return &s->base;
		}
		/* Same address, other text (a reused buffer): prepare afresh in this slot. */
		rc = prepare_sql(db, sql, &st, &rowid_only);
		if (rc != SQLITE_OK) {
			record_error(db, rc);
			return NULL;
		}
		char *text = strdup(sql);

		if (!text) {
			sqlite3_finalize(st);
			record_message(db, SQLITE_NOMEM, "out of memory");
			return NULL;
		}
		sqlite3_finalize(s->st);
		free(s->text);
		s->st = st;
		s->text = text;
		s->rowid_only = rowid_only;
		s->rowid_ready = false;
		return &s->base;
	}

	rc = prepare_sql(db, sql, &st, &rowid_only);
	if (rc != SQLITE_OK) {
		record_error(db, rc);
		return NULL;
	}
	if (!st) {
		record_message(db, SQLITE_MISUSE, "empty SQL statement");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s)
		s->text = strdup(sql);
	if (!s || !s->text) {
		free(s);
		sqlite3_finalize(st);
		record_message(db, SQLITE_NOMEM, "out of memory");
		return NULL;
	}
	s->base.drv = &db_sqlite_driver;
	s->key = sql;
	s->st = st;
	s->db = db;
	s->rowid_only = rowid_only;
	db->slots[i] = s;
	db->nused++;
	return &s->base;
}

/* ---- binding, stepping, columns ---- */

static int bind_result(struct sq_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	record_error(s->db, rc);
	return -1;
}

static int sq_bind_int64(struct db_stmt *s_, int idx, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	return bind_result(st, sqlite3_bind_int64(st->st, idx, v));
}

static int sq_bind_double(struct db_stmt *s_, int idx, double v)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	return bind_result(st, sqlite3_bind_double(st->st, idx, v));
}

static int sq_bind_textn(struct db_stmt *s_, int idx, const char *s, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (!s)
		return sq_bind_null(s_, idx);
	if (len > INT32_MAX)
		return bind_result(st, SQLITE_TOOBIG);
	return bind_result(st, sqlite3_bind_text(st->st, idx, s, (int)len, SQLITE_TRANSIENT));
}

static int sq_bind_blob(struct db_stmt *s_, int idx, const void *p, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (!p && len)
		return sq_bind_null(s_, idx);
	if (len > INT32_MAX)
		return bind_result(st, SQLITE_TOOBIG);
	if (!len) /* an empty blob, not NULL */
		return bind_result(st, sqlite3_bind_zeroblob(st->st, idx, 0));
	return bind_result(st, sqlite3_bind_blob(st->st, idx, p, (int)len, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct db_stmt *s_, int idx)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	return bind_result(st, sqlite3_bind_null(st->st, idx));
}

static enum db_step sq_step(struct db_stmt *s_)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;
	int rc;

	if (st->rowid_ready) { /* the insert's one row was read */
		st->rowid_ready = false;
		return DB_DONE;
	}
	rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st->st);
		if (st->rowid_only && sqlite3_changes(st->db->h) > 0) {
			st->rowid = sqlite3_last_insert_rowid(st->db->h);
			snprintf(st->rowid_text, sizeof(st->rowid_text), "%lld",
			         (long long)st->rowid);
			st->rowid_ready = true;
			return DB_ROW;
		}
		return DB_DONE;
	}
	record_error(st->db, sqlite3_extended_errcode(st->db->h));
	sqlite3_reset(st->st);
	return DB_ERROR;
}

static void sq_reset(struct db_stmt *s_)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	st->rowid_ready = false;
	sqlite3_reset(st->st);
}

static int64_t sq_col_int64(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_ready)
		return col == 0 ? st->rowid : 0;
	return sqlite3_column_int64(st->st, col);
}

static double sq_col_double(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_ready)
		return col == 0 ? (double)st->rowid : 0;
	return sqlite3_column_double(st->st, col);
}

static const char *sq_col_text(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_ready)
		return col == 0 ? st->rowid_text : NULL;
	if (sqlite3_column_type(st->st, col) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(st->st, col);
}

static const void *sq_col_blob(struct db_stmt *s_, int col, size_t *len)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;
	const void *p;
	int n;

	if (st->rowid_ready) {
		if (len)
			*len = col == 0 ? strlen(st->rowid_text) : 0;
		return col == 0 ? st->rowid_text : NULL;
	}
	p = sqlite3_column_blob(st->st, col);
	n = sqlite3_column_bytes(st->st, col);
	if (len)
		*len = n > 0 ? (size_t)n : 0;
	return p;
}

static bool sq_col_is_null(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_ready)
		return col != 0;
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int sq_col_count(struct db_stmt *s_)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_only)
		return 1;
	return sqlite3_column_count(st->st);
}

static const char *sq_col_name(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_only)
		return col == 0 ? "id" : NULL;
	return sqlite3_column_name(st->st, col);
}

static enum db_type sq_col_type(struct db_stmt *s_, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)s_;

	if (st->rowid_ready)
		return col == 0 ? DB_TYPE_INTEGER : DB_TYPE_NULL;
	switch (sqlite3_column_type(st->st, col)) {
	case SQLITE_INTEGER:
		return DB_TYPE_INTEGER;
	case SQLITE_FLOAT:
		return DB_TYPE_REAL;
	case SQLITE_TEXT:
		return DB_TYPE_TEXT;
	case SQLITE_BLOB:
		return DB_TYPE_BLOB;
	default:
		return DB_TYPE_NULL;
	}
}

/* ---- transactions and plain execution ---- */

static enum dv_err sq_exec(struct db *d_, const char *sql, struct dv_error *e)
{
	struct sq_db *db = (struct sq_db *)d_;
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return DV_OK;
	record_message(db, sqlite3_extended_errcode(db->h), msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return sq_fail(db, e, "executing SQL");
}

static enum dv_err sq_begin(struct db *d_, enum db_tx kind, struct dv_error *e)
{
	struct sq_db *db = (struct sq_db *)d_;
	int rc;

	if (db->in_tx)
		return dv_fail(e, DV_EDB, "starting a transaction: one is already open");
	if (kind == DB_TX_WRITE && db->wlock) {
		pthread_mutex_lock(&db->wlock->mutex);
		db->holds_wlock = true;
	}
	rc = tx_run(db, kind == DB_TX_WRITE ? TX_BEGIN_IMMEDIATE : TX_BEGIN);
	if (rc != SQLITE_OK) {
		record_error(db, rc);
		if (db->holds_wlock) {
			db->holds_wlock = false;
			pthread_mutex_unlock(&db->wlock->mutex);
		}
		return sq_fail(db, e, "starting a transaction");
	}
	db->in_tx = true;
	return DV_OK;
}

static void tx_end(struct sq_db *db)
{
	db->in_tx = false;
	if (db->holds_wlock) {
		db->holds_wlock = false;
		pthread_mutex_unlock(&db->wlock->mutex);
	}
}

static enum dv_err sq_commit(struct db *d_, struct dv_error *e)
{
	struct sq_db *db = (struct sq_db *)d_;
	enum dv_err ret;
	int rc;

	if (!db->in_tx)
		return dv_fail(e, DV_EDB, "committing: no transaction is open");
	rc = tx_run(db, TX_COMMIT);
	ret = DV_OK;
	if (rc != SQLITE_OK) {
		record_error(db, rc);
		ret = sq_fail(db, e, "committing");
		/* A failed COMMIT may leave the transaction open: do not leave it half done. */
		if (!sqlite3_get_autocommit(db->h))
			tx_run(db, TX_ROLLBACK);
	}
	tx_end(db);
	return ret;
}

static void sq_rollback(struct db *d_)
{
	struct sq_db *db = (struct sq_db *)d_;

	if (!sqlite3_get_autocommit(db->h))
		tx_run(db, TX_ROLLBACK);
	tx_end(db);
}

static bool sq_in_tx(const struct db *d_)
{
	const struct sq_db *db = (const struct sq_db *)d_;

	return db->in_tx;
}

/* ---- errors ---- */

static const char *sq_errmsg(struct db *d_)
{
	struct sq_db *db = (struct sq_db *)d_;

	return db->errbuf[0] ? db->errbuf : "no error";
}

static enum dv_err sq_errcode(struct db *d_)
{
	struct sq_db *db = (struct sq_db *)d_;
	int rc = db->last_rc;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return DV_EEXIST;
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return DV_EINVAL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DV_EBUSY;
	case SQLITE_CANTOPEN:
		return DV_EUNAVAIL;
	case SQLITE_NOMEM:
		return DV_ENOMEM;
	default:
		return DV_EDB;
	}
}

static enum dv_err sq_fail(struct sq_db *db, struct dv_error *e, const char *what)
{
	return dv_fail(e, sq_errcode(&db->base), "%s: %s", what, sq_errmsg(&db->base));
}

static int64_t sq_changes(struct db *d_)
{
	struct sq_db *db = (struct sq_db *)d_;

	return sqlite3_changes64(db->h);
}

static const char *sq_wal_path(const struct db *d_)
{
	const struct sq_db *db = (const struct sq_db *)d_;
	sqlite3_filename name = sqlite3_db_filename(db->h, "main");

	if (!name || !*name)
		return NULL;
	return sqlite3_filename_wal(name);
}

/* ---- dialect ---- */

static int sq_dialect(const struct db *d_, struct strbuf *out, const char *sql)
{
	static const struct {
		const char *marker;
		const char *sqlite;
	} markers[] = {
		/* an INTEGER PRIMARY KEY is the rowid: auto-assigned, no separate index */
		{ "@ID@", "INTEGER PRIMARY KEY" },
		/* ids never reused after a delete (a history refers to them) */
		{ "@ID_ONCE@", "INTEGER PRIMARY KEY AUTOINCREMENT" },
		{ "@BLOB@", "BLOB" },
		{ "@REAL@", "REAL" },
	};
	const char *p = sql;

	while (*p) {
		const char *at = strchr(p, '@');
		size_t i;

		if (!at) {
			strbuf_addstr(out, p);
			break;
		}
		strbuf_add(out, p, (size_t)(at - p));
		for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
			if (has_prefix(at, markers[i].marker))
				break;
		if (i == sizeof(markers) / sizeof(markers[0])) {
			strbuf_addch(out, '@');
			p = at + 1;
			continue;
		}
		strbuf_addstr(out, markers[i].sqlite);
		p = at + strlen(markers[i].marker);
	}
	return out->failed ? -1 : 0;
}

const struct db_driver db_sqlite_driver = {
	.name = "sqlite",
	.engine = DB_SQLITE,
	.accepts = sq_accepts,
	.open = sq_open,
	.close = sq_close,
	.prepare = sq_prepare,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_textn = sq_bind_textn,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.col_int64 = sq_col_int64,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_is_null = sq_col_is_null,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
	.exec = sq_exec,
	.errmsg = sq_errmsg,
	.errcode = sq_errcode,
	.changes = sq_changes,
	.dialect = sq_dialect,
	.wal_path = sq_wal_path,
};
