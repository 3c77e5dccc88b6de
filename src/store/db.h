/* db.h: the backend-neutral database API; db_sqlite.c (and later db_pg.c) implement it. */
#ifndef DV_DB_H
#define DV_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/*
 * A connection. Not thread-safe: each thread uses its own (see db_pool in pool.h).
 * SQL is written once with `?` placeholders in a portable subset of SQL; a driver translates
 * placeholders and the few dialect markers used by migrations (see db_dialect()).
 */
struct db;
/* A prepared statement owned by its connection and cached there; never freed by callers. */
struct db_stmt;

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* Result of db_step(). */
enum db_step { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/*
 * Open `url`: "sqlite:PATH", "sqlite::memory:", a bare path (SQLite), or
 * "postgresql://user@host:port/dbname" (when the PostgreSQL driver is built in).
 * SQLite connections are opened in WAL mode with foreign keys on and a busy timeout.
 * `create` allows creating a new SQLite file; otherwise a missing file is DV_ENOTFOUND.
 * On failure returns an error with a detail naming the URL and what to do, and *out is NULL.
 */
enum dv_err db_open(struct db **out, const char *url, bool create, struct dv_error *e);
/* Finalize every cached statement and close. NULL is allowed. */
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);

/*
 * The cached prepared statement for `sql`, reset with its bindings cleared. The cache is keyed
 * by the text, so callers pass `static const char` SQL and get the same statement each time.
 * Returns NULL on error (db_errmsg() tells why). Only one use of a given SQL text at a time.
 */
struct db_stmt *db_prepare(struct db *db, const char *sql);

/* Bindings are 1-based like SQL placeholders. Text is copied (transient). */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
int db_bind_null(struct db_stmt *st, int idx);

/* Run or advance the statement. After DB_DONE or DB_ERROR the statement is reset. */
enum db_step db_step(struct db_stmt *st);
/* Reset early (before DB_DONE), e.g. after reading the one row wanted. */
void db_reset(struct db_stmt *st);

/*
 * Columns are 0-based. Text pointers are borrowed: valid until the next step/reset of the
 * statement. A NULL text column gives NULL from db_col_text.
 */
int64_t db_col_int64(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
bool db_col_is_null(struct db_stmt *st, int col);
int db_col_count(struct db_stmt *st);
/*
 * A copy of a text column in the arena (NULL for a NULL column); sets *oom and returns NULL
 * when the arena is out of memory, so that a row's columns are read first and checked once.
 */
struct arena;
const char *db_col_dup(struct db_stmt *st, int col, struct arena *a, bool *oom);
/* The column's name in the result (borrowed, valid while the statement is). */
const char *db_col_name(struct db_stmt *st, int col);

/* The storage class of a value in the current row. */
enum db_type { DB_TYPE_NULL, DB_TYPE_INTEGER, DB_TYPE_REAL, DB_TYPE_TEXT, DB_TYPE_BLOB };
enum db_type db_col_type(struct db_stmt *st, int col);

/*
 * Transactions. DB_TX_READ is a read-only snapshot (deferred in SQLite, REPEATABLE READ READ
 * ONLY in PostgreSQL); DB_TX_WRITE takes the write lock up front (BEGIN IMMEDIATE in SQLite,
 * which also goes through a process-wide writer mutex so that threads queue instead of
 * sleeping in the busy handler). Not nestable. Return DV_OK or an error.
 */
enum db_tx { DB_TX_READ, DB_TX_WRITE };
enum dv_err db_begin(struct db *db, enum db_tx kind, struct dv_error *e);
enum dv_err db_commit(struct db *db, struct dv_error *e);
/* Roll back if a transaction is open; safe to call when none is. */
void db_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/*
 * Run `sql` (a static statement without parameters) once just before the current write
 * transaction commits, however many times it is asked for in it: a version row raised once per
 * transaction, not once per fact. A rollback drops it; when it fails, the commit fails and the
 * transaction is rolled back. -1 outside a write transaction or past DB_PRECOMMIT_MAX
 * different statements.
 */
#define DB_PRECOMMIT_MAX 8
int db_precommit(struct db *db, const char *sql);

/* Execute one or more statements with no parameters and no rows (schema, pragmas). */
enum dv_err db_exec(struct db *db, const char *sql, struct dv_error *e);
/* After a bulk load (demo, generator, area import): PostgreSQL's ANALYZE, without which its
 * planner takes the new tables for empty (a routing lookup scanned every unit: 8 ms a case).
 * SQLite plans from the indexes alone here: nothing to do. */
enum dv_err db_analyze(struct db *db, struct dv_error *e);
/* SQLite: the file name of the database's write-ahead log, as SQLite itself names it (links
 * resolved); NULL for an in-memory database and on PostgreSQL. */
const char *db_wal_path(const struct db *db);

/* The last error message of this connection (never NULL). */
const char *db_errmsg(struct db *db);
/* Classify the last failure: DV_EEXIST (unique or primary key violation), DV_EBUSY,
 * DV_EUNAVAIL (connection lost), DV_EINVAL (constraint/foreign key), otherwise DV_EDB. */
enum dv_err db_errcode(struct db *db);
/* Fill *e from the last failure of db, prefixed with `what` ("inserting area"). Returns code. */
enum dv_err db_fail(struct db *db, struct dv_error *e, const char *what);

/* Number of rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);

/*
 * Rewrite migration SQL for this engine: "@ID@" becomes the auto-increment primary key column
 * type ("INTEGER PRIMARY KEY" / "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
 * "@ID_ONCE@" one whose numbers are never reused after a delete (SQLite's AUTOINCREMENT),
 * "@BLOB@" the binary type ("BLOB" / "BYTEA"), "@REAL@" ("REAL" / "DOUBLE PRECISION").
 * Appends to out; returns 0 or -1.
 */
struct strbuf;
int db_dialect(const struct db *db, struct strbuf *out, const char *sql);

#endif
