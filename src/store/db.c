/* db.c: the engine-neutral front of db.h: picks the driver by URL and dispatches to it. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "store/db_driver.h"

#include "base/banned.h"

static const struct db_driver *const drivers[] = {
	&db_pg_driver,
	&db_sqlite_driver, /* last: it also takes bare paths */
};

enum dv_err db_open(struct db **out, const char *url, bool create, struct dv_error *e)
{
	size_t i;

	*out = NULL;
	if (!url || !*url)
		return dv_fail(e, DV_ECONFIG, "no database URL: set --db (e.g. sqlite:var/danvan.db)");
	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (drivers[i]->accepts(url))
			return drivers[i]->open(out, url, create, e);
	return dv_fail(e, DV_ECONFIG,
		       "database URL '%s' is not understood: use sqlite:PATH or "
		       "postgresql://USER@HOST/NAME",
		       url);
}

void db_close(struct db *db)
{
	if (db)
		db->drv->close(db);
}

enum db_engine db_engine(const struct db *db)
{
	return db->drv->engine;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return db->drv->prepare(db, sql);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return st->drv->bind_int64(st, idx, v);
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	return st->drv->bind_double(st, idx, v);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return st->drv->bind_textn(st, idx, s, s ? strlen(s) : 0);
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return st->drv->bind_textn(st, idx, s, len);
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return st->drv->bind_blob(st, idx, p, len);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->drv->bind_null(st, idx);
}

enum db_step db_step(struct db_stmt *st)
{
	return st->drv->step(st);
}

void db_reset(struct db_stmt *st)
{
	st->drv->reset(st);
}

int64_t db_col_int64(struct db_stmt *st, int col)
{
	return st->drv->col_int64(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return st->drv->col_double(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->drv->col_text(st, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->drv->col_blob(st, col, len);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
	return st->drv->col_is_null(st, col);
}

int db_col_count(struct db_stmt *st)
{
	return st->drv->col_count(st);
}

const char *db_col_dup(struct db_stmt *st, int col, struct arena *a, bool *oom)
{
	const char *s = db_col_text(st, col);
	char *copy;

	if (!s)
		return NULL;
	copy = arena_strdup(a, s);
	if (!copy)
		*oom = true;
	return copy;
}

const char *db_col_name(struct db_stmt *st, int col)
{
	return st->drv->col_name(st, col);
}

enum db_type db_col_type(struct db_stmt *st, int col)
{
	return st->drv->col_type(st, col);
}

/*
 * A read transaction may be joined: db_begin(DB_TX_READ) inside an open transaction only counts
 * a level, so a page's helpers can each say "I read in one snapshot" while the dispatcher has
 * already opened it. A write cannot start inside anything.
 */
enum dv_err db_begin(struct db *db, enum db_tx kind, struct dv_error *e)
{
	enum dv_err ret;

	if (db->tx_depth > 0) {
		if (kind == DB_TX_READ) {
			db->tx_depth++;
			return DV_OK;
		}
		return dv_fail(e, DV_EDB,
			       "a write transaction cannot start inside another transaction");
	}
	ret = db->drv->begin(db, kind, e);
	if (!ret) {
		db->tx_depth = 1;
		db->tx_kind = kind;
		db->n_precommit = 0;
	}
	return ret;
}

int db_precommit(struct db *db, const char *sql)
{
	int i;

	if (db->tx_depth < 1 || db->tx_kind != DB_TX_WRITE)
		return -1;
	for (i = 0; i < db->n_precommit; i++)
		if (db->precommit[i] == sql)
			return 0;
	if (db->n_precommit == DB_PRECOMMIT_MAX)
		return -1;
	db->precommit[db->n_precommit++] = sql;
	return 0;
}

enum dv_err db_commit(struct db *db, struct dv_error *e)
{
	struct db_stmt *st;
	int i;

	if (db->tx_depth > 1) {
		db->tx_depth--;
		return DV_OK;
	}
	for (i = 0; i < db->n_precommit; i++) {
		st = db_prepare(db, db->precommit[i]);
		if (!st || db_step(st) != DB_DONE) {
			enum dv_err ret = db_fail(db, e, "finishing the transaction");

			db_rollback(db);
			return ret;
		}
	}
	db->n_precommit = 0;
	db->tx_depth = 0;
	return db->drv->commit(db, e);
}

void db_rollback(struct db *db)
{
	if (db->tx_depth > 1) {
		db->tx_depth--;
		return;
	}
	db->tx_depth = 0;
	db->n_precommit = 0;
	db->drv->rollback(db);
}

bool db_in_tx(const struct db *db)
{
	return db->tx_depth > 0;
}

enum dv_err db_exec(struct db *db, const char *sql, struct dv_error *e)
{
	return db->drv->exec(db, sql, e);
}

const char *db_errmsg(struct db *db)
{
	return db->drv->errmsg(db);
}

enum dv_err db_errcode(struct db *db)
{
	return db->drv->errcode(db);
}

enum dv_err db_fail(struct db *db, struct dv_error *e, const char *what)
{
	enum dv_err code = db->drv->errcode(db);

	return dv_fail(e, code, "%s: %s", what, db->drv->errmsg(db));
}

int64_t db_changes(struct db *db)
{
	return db->drv->changes(db);
}

enum dv_err db_analyze(struct db *db, struct dv_error *e)
{
	return db_engine(db) == DB_POSTGRES ? db_exec(db, "ANALYZE", e) : DV_OK;
}

const char *db_wal_path(const struct db *db)
{
	return db->drv->wal_path(db);
}

int db_dialect(const struct db *db, struct strbuf *out, const char *sql)
{
	return db->drv->dialect(db, out, sql);
}
