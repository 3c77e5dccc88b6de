/* area_shape.c: the area_shape repository: writing loaded boundaries, reading a frame's shapes. */
#include "store/area_shape.h"

#include <string.h>

#include "core/kinds.h"
#include "store/scoped.h"

#include "base/banned.h"

/* Same visibility rule as area.c: under (or at) an area served by the scope's unit. */
#define AREA_VISIBLE                                                                               \
	"(? = 1 OR EXISTS (SELECT 1 FROM area_closure ac JOIN unit_area ua"                        \
	" ON ua.area_id = ac.ancestor WHERE ua.unit_id = ? AND ac.descendant = a.id))"

/* Column order is read by read_shape(). */
#define SHAPE_COLS                                                                                 \
	"a.id, a.code, a.name, a.name_en, a.full_name, a.full_name_en, a.level, s.frame,"          \
	" s.path, s.min_x, s.min_y, s.max_x, s.max_y, s.label_x, s.label_y, s.inset, s.points"

/* The upsert names the area by code; no row is written when the code is unknown or hidden. */
static const char sql_put[] =
    "INSERT INTO area_shape (area_id, frame, path, min_x, min_y, max_x, max_y, label_x,"
    " label_y, inset, points, source, loaded_at)"
    " SELECT a.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM area a WHERE a.code = ? "
    "AND " AREA_VISIBLE " ON CONFLICT (area_id) DO UPDATE SET frame = excluded.frame,"
    " path = excluded.path, min_x = excluded.min_x, min_y = excluded.min_y,"
    " max_x = excluded.max_x, max_y = excluded.max_y, label_x = excluded.label_x,"
    " label_y = excluded.label_y, inset = excluded.inset, points = excluded.points,"
    " source = excluded.source, loaded_at = excluded.loaded_at";
static const char sql_parent[] = "SELECT a.id FROM area a WHERE a.code = ? AND " AREA_VISIBLE;
static const char sql_children[] =
    "SELECT " SHAPE_COLS " FROM area a JOIN area_shape s ON s.area_id = a.id"
    " WHERE a.parent_id = ? AND a.valid_to IS NULL AND s.frame = ? AND " AREA_VISIBLE
    " ORDER BY a.code";
static const char sql_public_parent[] =
    "SELECT a.id FROM area a WHERE a.code = ? AND a.synthetic = 0";
static const char sql_public_children[] =
    "SELECT " SHAPE_COLS " FROM area a JOIN area_shape s ON s.area_id = a.id"
    " WHERE a.parent_id = ? AND a.valid_to IS NULL AND a.synthetic = 0 AND s.frame = ?"
    " ORDER BY a.code";
static const char sql_missing[] =
    "SELECT a.code FROM area a WHERE a.level IN (?, ?) AND a.valid_to IS NULL"
    " AND a.synthetic = 0 AND NOT EXISTS (SELECT 1 FROM area_shape s WHERE s.area_id = a.id)"
    " ORDER BY a.level, a.code";

#define MAX_FIELD 32
#define MAX_PATH  (4 * 1024 * 1024)

static bool path_chars_ok(const char *p)
{
	for (; *p; p++)
		if (!strchr("MmLlHhVvZz0123456789 ,.-", *p))
			return false;
	return true;
}

enum dv_err area_shape_put(struct db *db, const struct scope *sc, const struct area_shape_new *in,
                           bool *found, struct dv_error *e)
{
	struct db_stmt *st;

	*found = false;
	if (!scope_can(sc, PERM_AREA_WRITE))
		return dv_fail(e, DV_EPERM, "storing an area's shape: not permitted for your role");
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "storing an area's shape: needs a write transaction");
	if (!in->code || !*in->code || strlen(in->code) > MAX_FIELD)
		return dv_fail(e, DV_EINVAL, "area code '%s' is empty or too long",
		               in->code ? in->code : "");
	if (!in->frame || !*in->frame || strlen(in->frame) > MAX_FIELD)
		return dv_fail(e, DV_EINVAL, "area '%s': frame is empty or too long", in->code);
	/* the path goes into pages as an attribute: only path data, never markup */
	if (!in->path || !*in->path || strlen(in->path) > MAX_PATH || !path_chars_ok(in->path))
		return dv_fail(e, DV_EINVAL, "area '%s': the shape is not SVG path data", in->code);
	if (in->points < 3 || in->min_x > in->max_x || in->min_y > in->max_y)
		return dv_fail(e, DV_EINVAL, "area '%s': the shape has no extent", in->code);
	st = db_prepare(db, sql_put);
	if (!st || db_bind_text(st, 1, in->frame) || db_bind_text(st, 2, in->path) ||
	    db_bind_int64(st, 3, in->min_x) || db_bind_int64(st, 4, in->min_y) ||
	    db_bind_int64(st, 5, in->max_x) || db_bind_int64(st, 6, in->max_y) ||
	    db_bind_int64(st, 7, in->label_x) || db_bind_int64(st, 8, in->label_y) ||
	    db_bind_int64(st, 9, in->inset ? 1 : 0) || db_bind_int64(st, 10, in->points) ||
	    db_bind_text(st, 11, in->source ? in->source : "") ||
	    db_bind_int64(st, 12, in->loaded_at) || db_bind_text(st, 13, in->code) ||
	    store_bind_scope(st, 14, sc) || db_step(st) != DB_DONE)
		return db_fail(db, e, "storing an area's shape");
	*found = db_changes(db) > 0;
	return DV_OK;
}

static bool read_shape(struct db_stmt *st, struct arena *a, struct area_shape *out)
{
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->area_id = db_col_int64(st, 0);
	out->code = db_col_dup(st, 1, a, &oom);
	out->name = db_col_dup(st, 2, a, &oom);
	out->name_en = db_col_dup(st, 3, a, &oom);
	out->full_name = db_col_dup(st, 4, a, &oom);
	out->full_name_en = db_col_dup(st, 5, a, &oom);
	out->level = (int)db_col_int64(st, 6);
	out->frame = db_col_dup(st, 7, a, &oom);
	out->path = db_col_dup(st, 8, a, &oom);
	out->min_x = (int)db_col_int64(st, 9);
	out->min_y = (int)db_col_int64(st, 10);
	out->max_x = (int)db_col_int64(st, 11);
	out->max_y = (int)db_col_int64(st, 12);
	out->label_x = (int)db_col_int64(st, 13);
	out->label_y = (int)db_col_int64(st, 14);
	out->inset = db_col_int64(st, 15) != 0;
	out->points = (int)db_col_int64(st, 16);
	return !oom;
}

static enum dv_err read_list(struct db *db, struct db_stmt *st, struct arena *a,
                             struct area_shape **out, size_t *n, struct dv_error *e)
{
	struct area_shape *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, list, len, cap, 64) || !read_shape(st, a, &list[len])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading area shapes: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area shapes");
	*out = list;
	*n = len;
	return DV_OK;
}

/* The id of the parent, through its own visibility query; DV_ENOTFOUND when hidden. */
static enum dv_err parent_id(struct db *db, struct db_stmt *st, const char *code, int64_t *id,
                             struct dv_error *e)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area shapes");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", code);
	*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

enum dv_err area_shape_children(struct db *db, const struct scope *sc, const char *parent_code,
                                struct arena *a, struct area_shape **out, size_t *n,
                                struct dv_error *e)
{
	struct db_stmt *st;
	int64_t id = 0;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (!parent_code)
		return dv_fail(e, DV_EINVAL, "area code is empty");
	st = db_prepare(db, sql_parent);
	if (!st || db_bind_text(st, 1, parent_code) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area shapes");
	ret = parent_id(db, st, parent_code, &id, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_children);
	if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, parent_code) ||
	    store_bind_scope(st, 3, sc))
		return db_fail(db, e, "reading area shapes");
	return read_list(db, st, a, out, n, e);
}

enum dv_err area_shape_public_children(struct db *db, const char *parent_code, struct arena *a,
                                       struct area_shape **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;
	int64_t id = 0;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (!parent_code)
		return dv_fail(e, DV_EINVAL, "area code is empty");
	st = db_prepare(db, sql_public_parent);
	if (!st || db_bind_text(st, 1, parent_code))
		return db_fail(db, e, "reading area shapes");
	ret = parent_id(db, st, parent_code, &id, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_public_children);
	if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, parent_code))
		return db_fail(db, e, "reading area shapes");
	return read_list(db, st, a, out, n, e);
}

enum dv_err area_shape_missing(struct db *db, const struct scope *sc, size_t limit, struct arena *a,
                               const char ***codes, size_t *n, int64_t *total, struct dv_error *e)
{
	struct db_stmt *st;
	const char **list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;
	int64_t count = 0;

	*codes = NULL;
	*n = 0;
	*total = 0;
	if (!scope_can(sc, PERM_AREA_WRITE))
		return dv_fail(e, DV_EPERM,
		               "listing areas without a shape: not permitted for your role");
	st = db_prepare(db, sql_missing);
	if (!st || db_bind_int64(st, 1, AREA_PROVINCE) || db_bind_int64(st, 2, AREA_COMMUNE))
		return db_fail(db, e, "listing areas without a shape");
	while ((rc = db_step(st)) == DB_ROW) {
		count++;
		if (len >= limit)
			continue;
		if (ARENA_RESERVE(a, list, len, cap, 16) ||
		    !(list[len] = arena_strdup(a, db_col_text(st, 0)))) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM,
			               "listing areas without a shape: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing areas without a shape");
	*codes = list;
	*n = len;
	*total = count;
	return DV_OK;
}
