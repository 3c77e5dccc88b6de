/* rows.h: what the repositories share to run their statements: existence checks, INSERT ...
 * RETURNING, statements without rows, optional ids, and a scoped list (count and page). */
#ifndef DV_STORE_ROWS_H
#define DV_STORE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

#define ROWS_DEFAULT_LIMIT 50
/* The most rows a list gives (an export: the rows of one XLSX sheet). */
#define ROWS_EXPORT_LIMIT 1048575

/* 1 when the one-row query bound so far finds a row, 0 when not, -1 on error. */
int rows_exists(struct db_stmt *st);
/* Run an INSERT ... RETURNING id (`id` may be NULL). */
enum dv_err rows_returning_id(struct db *db, struct db_stmt *st, int64_t *id, const char *what,
			      struct dv_error *e);
/* Run a statement that returns no row (`st` NULL: the prepare failed). */
enum dv_err rows_run(struct db *db, struct db_stmt *st, const char *what, struct dv_error *e);
/* 0 binds NULL. */
int rows_bind_id_or_null(struct db_stmt *st, int idx, int64_t id);
/* Two parameters for "(? = 0 OR x = ?)": the flag (id given) and the id. */
int rows_bind_flag_id(struct db_stmt *st, int idx, int64_t id);

/* Read the one row of a bound statement with `read`; DV_ENOTFOUND "<what> #<id> not found"
 * when there is none. */
enum dv_err rows_read_one(struct db *db, struct db_stmt *st, struct arena *a,
			  bool (*read)(struct db_stmt *, struct arena *, void *), void *out,
			  const char *what, int64_t id, struct dv_error *e);
/* Read every row of a bound statement into an array of `elem`-byte elements. */
enum dv_err rows_read_all(struct db *db, struct db_stmt *st, const char *what, struct arena *a,
			  bool (*read)(struct db_stmt *st, struct arena *a, void *row),
			  size_t elem, void **out, size_t *n, struct dv_error *e);

/*
 * A list: a count and a page of rows, both bound the same way, each row read into an element
 * of `elem` bytes.
 */
struct list_query {
	const char *count_sql, *list_sql, *what;
	/* bind the filter from index 1; returns the next index, or -1 */
	int (*bind)(struct db_stmt *st, const void *filter, const char *pattern,
		    const struct scope *sc);
	bool (*read)(struct db_stmt *st, struct arena *a, void *row);
	size_t elem;
};
/* Count (when `total`) and read a page: LIMIT and OFFSET bound after the filter. limit 0 is
 * ROWS_DEFAULT_LIMIT, at most ROWS_EXPORT_LIMIT. */
enum dv_err rows_list(struct db *db, const struct list_query *q, const void *filter,
		      const char *pattern, const struct scope *sc, size_t limit, size_t offset,
		      struct arena *a, void **out, size_t *n, int64_t *total, struct dv_error *e);

#endif
