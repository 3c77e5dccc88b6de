/* rows.c: the statement helpers the repositories share (see rows.h). */
#include "store/rows.h"

#include "base/banned.h"

int rows_exists(struct db_stmt *st)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ROW) {
		db_reset(st);
		return 1;
	}
	return rc == DB_DONE ? 0 : -1;
}

enum dv_err rows_returning_id(struct db *db, struct db_stmt *st, int64_t *id, const char *what,
			      struct dv_error *e)
{
	if (db_step(st) != DB_ROW)
		return db_fail(db, e, what);
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

enum dv_err rows_run(struct db *db, struct db_stmt *st, const char *what, struct dv_error *e)
{
	if (!st || db_step(st) != DB_DONE)
		return db_fail(db, e, what);
	return DV_OK;
}

int rows_bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	return id ? db_bind_int64(st, idx, id) : db_bind_null(st, idx);
}

int rows_bind_flag_id(struct db_stmt *st, int idx, int64_t id)
{
	return db_bind_int64(st, idx, id ? 1 : 0) || db_bind_int64(st, idx + 1, id);
}

enum dv_err rows_list(struct db *db, const struct list_query *q, const void *filter,
		      const char *pattern, const struct scope *sc, size_t limit, size_t offset,
		      struct arena *a, void **out, size_t *n, int64_t *total, struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (!limit)
		limit = ROWS_DEFAULT_LIMIT;
	if (limit > ROWS_EXPORT_LIMIT)
		limit = ROWS_EXPORT_LIMIT;
	if (total) {
		st = db_prepare(db, q->count_sql);
		if (!st || q->bind(st, filter, pattern, sc) < 0 || db_step(st) != DB_ROW)
			return db_fail(db, e, q->what);
		*total = db_col_int64(st, 0);
		db_reset(st);
	}
	st = db_prepare(db, q->list_sql);
	if (!st || (i = q->bind(st, filter, pattern, sc)) < 0 ||
	    db_bind_int64(st, i, (int64_t)limit) || db_bind_int64(st, i + 1, (int64_t)offset))
		return db_fail(db, e, q->what);
	while ((rc = db_step(st)) == DB_ROW) {
		if (arena_array_reserve(a, out, *n, &cap, q->elem, 16) ||
		    !q->read(st, a, (char *)*out + *n * q->elem)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "%s: out of memory", q->what);
		}
		(*n)++;
	}
	return rc == DB_ERROR ? db_fail(db, e, q->what) : DV_OK;
}

enum dv_err rows_read_all(struct db *db, struct db_stmt *st, const char *what, struct arena *a,
			  bool (*read)(struct db_stmt *st, struct arena *a, void *row),
			  size_t elem, void **out, size_t *n, struct dv_error *e)
{
	enum db_step rc;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (arena_array_reserve(a, out, *n, &cap, elem, 16) ||
		    !read(st, a, (char *)*out + *n * elem)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "%s: out of memory", what);
		}
		(*n)++;
	}
	return rc == DB_ERROR ? db_fail(db, e, what) : DV_OK;
}

enum dv_err rows_read_one(struct db *db, struct db_stmt *st, struct arena *a,
			  bool (*read)(struct db_stmt *, struct arena *, void *), void *out,
			  const char *what, int64_t id, struct dv_error *e)
{
	enum db_step rc = db_step(st);
	bool ok;

	if (rc == DB_ERROR)
		return db_fail(db, e, what);
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "%s #%lld not found", what, (long long)id);
	ok = read(st, a, out);
	db_reset(st);
	return ok ? DV_OK : dv_fail(e, DV_ENOMEM, "reading %s: out of memory", what);
}
