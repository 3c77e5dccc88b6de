/* db_driver.h: what each database engine implements behind db.h (db.c dispatches to it). */
#ifndef DV_DB_DRIVER_H
#define DV_DB_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "store/db.h"

/*
 * Only db.c, db_sqlite.c and db_pg.c include this. Every driver's connection and statement
 * structs begin with a `struct db` / `struct db_stmt` header, so db.c can reach the driver
 * without knowing the engine.
 */
struct db_driver;

struct db {
	const struct db_driver *drv;
	int tx_depth;           /* db.c: 1 in a transaction, more when reads joined it */
	enum db_tx tx_kind;
	/* db.c: statements run once just before the write transaction commits (db_precommit) */
	const char *precommit[DB_PRECOMMIT_MAX];
	int n_precommit;
};

struct db_stmt {
	const struct db_driver *drv;
};

struct db_driver {
	const char *name;
	enum db_engine engine;
	/* true when this driver serves `url` */
	bool (*accepts)(const char *url);
	enum dv_err (*open)(struct db **out, const char *url, bool create, struct dv_error *e);
	void (*close)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *st, int idx, double v);
	int (*bind_textn)(struct db_stmt *st, int idx, const char *s, size_t len);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t len);
	int (*bind_null)(struct db_stmt *st, int idx);
	enum db_step (*step)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	int64_t (*col_int64)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	bool (*col_is_null)(struct db_stmt *st, int col);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int col);
	enum db_type (*col_type)(struct db_stmt *st, int col);
	enum dv_err (*begin)(struct db *db, enum db_tx kind, struct dv_error *e);
	enum dv_err (*commit)(struct db *db, struct dv_error *e);
	void (*rollback)(struct db *db);
	bool (*in_tx)(const struct db *db);
	enum dv_err (*exec)(struct db *db, const char *sql, struct dv_error *e);
	const char *(*errmsg)(struct db *db);
	enum dv_err (*errcode)(struct db *db);
	int64_t (*changes)(struct db *db);
	int (*dialect)(const struct db *db, struct strbuf *out, const char *sql);
	const char *(*wal_path)(const struct db *db);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
