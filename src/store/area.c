/* area.c: the area repository: scoped reads, search, and closure-maintaining writes. */
#include "store/area.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"
#include "store/catalog.h"
#include "store/dash.h"
#include "store/scoped.h"
#include "store/search.h"

#include "base/banned.h"

/*
 * Every read binds the scope as two parameters: the system flag, then the scope's unit. An
 * area is visible when it lies under (or is) an area served by that unit.
 */
#define AREA_VISIBLE                                                                        \
	"(? = 1 OR EXISTS (SELECT 1 FROM area_closure ac JOIN unit_area ua"                 \
	" ON ua.area_id = ac.ancestor WHERE ua.unit_id = ? AND ac.descendant = a.id))"

/* Column order is read by read_area(). */
#define AREA_COLS                                                                           \
	"a.id, a.code, a.parent_id, (SELECT p.code FROM area p WHERE p.id = a.parent_id),"  \
	" a.level, a.kind, a.kind_en, a.name, a.name_en, a.full_name, a.full_name_en,"      \
	" a.lat, a.lon, a.area_km2, a.designations, a.synthetic, a.valid_from, a.valid_to," \
	" CASE WHEN a.successor_id IS NULL THEN NULL"                                       \
	" ELSE (SELECT s.code FROM area s WHERE s.id = a.successor_id) END,"                \
	" (SELECT COUNT(*) FROM area c WHERE c.parent_id = a.id)"

static const char sql_get[] =
	"SELECT " AREA_COLS " FROM area a WHERE a.code = ? AND " AREA_VISIBLE;
static const char sql_place[] =
    "SELECT a.id, a.level, a.designations, a.valid_to IS NOT NULL,"
    " (SELECT s.code FROM area s WHERE s.id = a.successor_id),"
    " CASE WHEN a.level = 3 THEN (SELECT p.designations FROM area p WHERE p.id = a.parent_id)"
    " ELSE 0 END,"
    " CASE WHEN a.level = 2 THEN a.id WHEN a.level = 3 THEN a.parent_id ELSE 0 END"
    " FROM area a WHERE a.code = ? AND " AREA_VISIBLE;
static const char sql_get_by_id[] =
	"SELECT " AREA_COLS " FROM area a WHERE a.id = ? AND " AREA_VISIBLE;
static const char sql_children[] =
	"SELECT " AREA_COLS " FROM area a WHERE a.parent_id = ? AND " AREA_VISIBLE
	" ORDER BY a.name, a.code";
static const char sql_roots_system[] =
	"SELECT " AREA_COLS " FROM area a WHERE a.parent_id IS NULL ORDER BY a.name, a.code";
/* The areas a unit serves that are not inside another area it serves. */
static const char sql_roots_unit[] =
	"SELECT " AREA_COLS " FROM area a JOIN unit_area ua ON ua.area_id = a.id"
	" WHERE ua.unit_id = ? AND NOT EXISTS (SELECT 1 FROM unit_area u2"
	" JOIN area_closure ac ON ac.ancestor = u2.area_id"
	" WHERE u2.unit_id = ua.unit_id AND ac.descendant = a.id AND ac.depth > 0)"
	" ORDER BY a.name, a.code";
static const char sql_ancestors[] =
	"SELECT " AREA_COLS " FROM area_closure cl JOIN area a ON a.id = cl.ancestor"
	" WHERE cl.descendant = ? AND cl.depth > 0 AND " AREA_VISIBLE " ORDER BY cl.depth DESC";
static const char sql_visible_id[] = "SELECT a.id FROM area a WHERE a.id = ? AND " AREA_VISIBLE;
static const char sql_visible_code[] =
	"SELECT a.id, a.level FROM area a WHERE a.code = ? AND " AREA_VISIBLE;
static const char sql_search[] =
	"SELECT " AREA_COLS " FROM area a WHERE a.name_fold LIKE ? ESCAPE '\\'"
	" AND (? < 0 OR a.level = ?) AND " AREA_VISIBLE
	" ORDER BY a.level, a.name, a.code LIMIT ? OFFSET ?";
static const char sql_search_count[] =
	"SELECT COUNT(*) FROM area a WHERE a.name_fold LIKE ? ESCAPE '\\'"
	" AND (? < 0 OR a.level = ?) AND " AREA_VISIBLE;
static const char sql_count_by_level[] =
	"SELECT a.level, COUNT(*) FROM area a GROUP BY a.level";
/* From the served areas down, rather than testing every area (served areas may overlap). */
static const char sql_count_by_level_unit[] =
	"SELECT a.level, COUNT(DISTINCT a.id) FROM unit_area ua"
	" JOIN area_closure ac ON ac.ancestor = ua.area_id JOIN area a ON a.id = ac.descendant"
	" WHERE ua.unit_id = ? GROUP BY a.level";
static const char sql_insert[] =
	"INSERT INTO area (code, parent_id, level, kind, kind_en, name, name_en, full_name,"
	" full_name_en, name_fold, lat, lon, area_km2, designations, synthetic, valid_from)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, '2025-07-01'))"
	" RETURNING id";
static const char sql_closure_self[] =
	"INSERT INTO area_closure (ancestor, descendant, depth) VALUES (?, ?, 0)";
static const char sql_closure_up[] =
	"INSERT INTO area_closure (ancestor, descendant, depth)"
	" SELECT ancestor, ?, depth + 1 FROM area_closure WHERE descendant = ?";
static const char sql_update[] =
	"UPDATE area SET kind = ?, kind_en = ?, name = ?, name_en = ?, full_name = ?,"
	" full_name_en = ?, name_fold = ?, lat = ?, lon = ?, area_km2 = ?,"
	" valid_from = COALESCE(?, valid_from) WHERE code = ? AND id IN"
	" (SELECT a.id FROM area a WHERE a.code = ? AND " AREA_VISIBLE ")";
static const char sql_set_designations[] =
	"UPDATE area SET designations = ? WHERE code = ? AND id IN"
	" (SELECT a.id FROM area a WHERE a.code = ? AND " AREA_VISIBLE ")";
static const char sql_retire[] =
	"UPDATE area SET valid_to = ?, successor_id = ? WHERE code = ? AND id IN"
	" (SELECT a.id FROM area a WHERE a.code = ? AND " AREA_VISIBLE ")";

#define MAX_NAME 200
#define MAX_CODE 32
#define DEFAULT_LIMIT 50
#define MAX_LIMIT 10000

static bool read_area(struct db_stmt *st, struct arena *a, struct area *out)
{
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	out->code = db_col_dup(st, 1, a, &oom);
	out->parent_id = db_col_int64(st, 2);
	out->parent_code = db_col_dup(st, 3, a, &oom);
	out->level = (int)db_col_int64(st, 4);
	out->kind = db_col_dup(st, 5, a, &oom);
	out->kind_en = db_col_dup(st, 6, a, &oom);
	out->name = db_col_dup(st, 7, a, &oom);
	out->name_en = db_col_dup(st, 8, a, &oom);
	out->full_name = db_col_dup(st, 9, a, &oom);
	out->full_name_en = db_col_dup(st, 10, a, &oom);
	out->has_centroid = !db_col_is_null(st, 11) && !db_col_is_null(st, 12);
	out->lat = db_col_double(st, 11);
	out->lon = db_col_double(st, 12);
	out->area_km2 = db_col_double(st, 13);
	out->designations = (uint32_t)db_col_int64(st, 14);
	out->synthetic = db_col_int64(st, 15) != 0;
	out->valid_from = db_col_dup(st, 16, a, &oom);
	out->valid_to = db_col_dup(st, 17, a, &oom);
	out->successor_code = db_col_dup(st, 18, a, &oom);
	out->child_count = db_col_int64(st, 19);
	return !oom;
}

/* Read every row of a bound statement into an arena array. */
static enum dv_err read_list(struct db *db, struct db_stmt *st, struct arena *a,
			     struct area **out, size_t *n, struct dv_error *e)
{
	struct area *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading areas: out of memory");
		}
		if (!read_area(st, a, &list[len])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading areas: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading areas");
	*out = list;
	*n = len;
	return DV_OK;
}

static enum dv_err read_one(struct db *db, struct db_stmt *st, struct arena *a, struct area *out,
			    const char *what, struct dv_error *e)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", what);
	if (!read_area(st, a, out)) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading area '%s': out of memory", what);
	}
	db_reset(st);
	return DV_OK;
}

/* Step `sql` (the code, then the scope) to the visible area's row, which the caller reads and
 * resets; DV_ENOTFOUND when the area is missing or out of scope. */
static enum dv_err row_by_code(struct db *db, const struct scope *sc, const char *sql,
                               const char *code, struct db_stmt **out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql);
	enum db_step rc;

	if (!st || db_bind_text(st, 1, code) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", code ? code : "");
	*out = st;
	return DV_OK;
}

enum dv_err area_get(struct db *db, const struct scope *sc, const char *code, struct arena *a,
		     struct area *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	if (!st || db_bind_text(st, 1, code) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area");
	return read_one(db, st, a, out, code ? code : "", e);
}

enum dv_err area_place(struct db *db, const struct scope *sc, const char *code, struct arena *a,
                       struct area_place *out, struct dv_error *e)
{
	struct db_stmt *st;
	bool oom = false;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	ret = row_by_code(db, sc, sql_place, code, &st, e);
	if (ret)
		return ret;
	out->id = db_col_int64(st, 0);
	out->level = (int)db_col_int64(st, 1);
	out->remote = ((uint32_t)db_col_int64(st, 2) & DESIG_REMOTE) ||
	              ((uint32_t)db_col_int64(st, 5) & DESIG_REMOTE);
	out->retired = db_col_int64(st, 3) != 0;
	out->successor_code = db_col_dup(st, 4, a, &oom);
	out->commune_id = db_col_int64(st, 6);
	db_reset(st);
	return oom ? dv_fail(e, DV_ENOMEM, "reading area '%s': out of memory", code) : DV_OK;
}

enum dv_err area_get_by_id(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct area *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get_by_id);
	char what[24];

	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area");
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	return read_one(db, st, a, out, what, e);
}

/* The id (and level) of a visible area by code; DV_ENOTFOUND when missing or out of scope. */
static enum dv_err visible_code(struct db *db, const struct scope *sc, const char *code,
				int64_t *id, int *level, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret = row_by_code(db, sc, sql_visible_code, code, &st, e);

	if (ret)
		return ret;
	*id = db_col_int64(st, 0);
	if (level)
		*level = (int)db_col_int64(st, 1);
	db_reset(st);
	return DV_OK;
}

static enum dv_err visible_id(struct db *db, const struct scope *sc, int64_t id,
			      struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_visible_id);
	enum db_step rc;

	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area #%lld not found", (long long)id);
	db_reset(st);
	return DV_OK;
}

enum dv_err area_children(struct db *db, const struct scope *sc, const char *parent_code,
			  struct arena *a, struct area **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;
	int64_t parent_id;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (!parent_code) {
		if (sc->system) {
			st = db_prepare(db, sql_roots_system);
			if (!st)
				return db_fail(db, e, "listing areas");
		} else {
			st = db_prepare(db, sql_roots_unit);
			if (!st || db_bind_int64(st, 1, sc->unit_id))
				return db_fail(db, e, "listing areas");
		}
		return read_list(db, st, a, out, n, e);
	}
	ret = visible_code(db, sc, parent_code, &parent_id, NULL, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_children);
	if (!st || db_bind_int64(st, 1, parent_id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "listing areas");
	return read_list(db, st, a, out, n, e);
}

enum dv_err area_ancestors(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct area **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = visible_id(db, sc, id, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_ancestors);
	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "listing area ancestors");
	return read_list(db, st, a, out, n, e);
}

enum dv_err area_search(struct db *db, const struct scope *sc, const char *query, int level,
			size_t limit, size_t offset, struct arena *a, struct area **out, size_t *n,
			int64_t *total, struct dv_error *e)
{
	struct strbuf pat = STRBUF_INIT;
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if (!limit)
		limit = DEFAULT_LIMIT;
	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if (level > AREA_VILLAGE)
		return dv_fail(e, DV_EINVAL, "area level '%d' is not between 0 and 3", level);
	if (level < 0)
		level = -1;
	ret = store_like_pattern(query, &pat, e);
	if (ret)
		goto cleanup;

	if (total) {
		st = db_prepare(db, sql_search_count);
		if (!st || db_bind_text(st, 1, pat.buf) || db_bind_int64(st, 2, level) ||
		    db_bind_int64(st, 3, level) || store_bind_scope(st, 4, sc) || db_step(st) != DB_ROW) {
			ret = db_fail(db, e, "searching areas");
			goto cleanup;
		}
		*total = db_col_int64(st, 0);
		db_reset(st);
	}
	st = db_prepare(db, sql_search);
	if (!st || db_bind_text(st, 1, pat.buf) || db_bind_int64(st, 2, level) ||
	    db_bind_int64(st, 3, level) || store_bind_scope(st, 4, sc) ||
	    db_bind_int64(st, 6, (int64_t)limit) || db_bind_int64(st, 7, (int64_t)offset)) {
		ret = db_fail(db, e, "searching areas");
		goto cleanup;
	}
	ret = read_list(db, st, a, out, n, e);
cleanup:
	strbuf_release(&pat);
	return ret;
}

enum dv_err area_count_by_level(struct db *db, const struct scope *sc, int64_t counts[4],
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sc->system ? sql_count_by_level : sql_count_by_level_unit);
	enum db_step rc;
	int i;

	for (i = 0; i < 4; i++)
		counts[i] = 0;
	if (!st || (!sc->system && db_bind_int64(st, 1, sc->unit_id)))
		return db_fail(db, e, "counting areas");
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t level = db_col_int64(st, 0);

		if (level >= 0 && level < 4)
			counts[level] = db_col_int64(st, 1);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "counting areas");
	return DV_OK;
}

/* ---- writes ---- */

static enum dv_err need_write(struct db *db, const struct scope *sc, const char *what,
			      struct dv_error *e)
{
	if (!scope_can(sc, PERM_AREA_WRITE))
		return dv_fail(e, DV_EPERM, "%s: not permitted for your role", what);
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "%s: needs a write transaction", what);
	return DV_OK;
}

static bool valid_code(const char *code)
{
	size_t i, len = code ? strlen(code) : 0;

	if (!len || len > MAX_CODE)
		return false;
	for (i = 0; i < len; i++) {
		char c = code[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

static enum dv_err check_name(const char *field, const char *s, bool required,
			      struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0;

	if (!len && required)
		return dv_fail(e, DV_EINVAL, "area %s is empty", field);
	if (len > MAX_NAME)
		return dv_fail(e, DV_EINVAL, "area %s '%.40s...' is too long (at most %d bytes)", field,
			       s, MAX_NAME);
	if (len && !utf8_valid_text(s, len))
		return dv_fail(e, DV_EINVAL, "area %s is not valid UTF-8 text", field);
	return DV_OK;
}

/* Validate the fields shared by insert and update, and compute name_fold into fold. */
static enum dv_err check_new(const struct area_new *in, struct strbuf *fold, struct dv_error *e)
{
	struct strbuf both = STRBUF_INIT;
	enum dv_err ret;
	dv_date d;

	if (!valid_code(in->code))
		return dv_fail(e, DV_EINVAL, "area code '%s' is not valid (letters, digits, '-', '_', '.')",
			       in->code ? in->code : "");
	ret = check_name("kind", in->kind, true, e);
	if (!ret)
		ret = check_name("kind_en", in->kind_en, true, e);
	if (!ret)
		ret = check_name("name", in->name, true, e);
	if (!ret)
		ret = check_name("name_en", in->name_en, true, e);
	if (!ret)
		ret = check_name("full_name", in->full_name, true, e);
	if (!ret)
		ret = check_name("full_name_en", in->full_name_en, true, e);
	if (ret)
		return ret;
	if (in->valid_from && !date_parse(in->valid_from, &d))
		return dv_fail(e, DV_EINVAL, "area '%s': valid_from '%s' is not a YYYY-MM-DD date",
			       in->code, in->valid_from);
	if (in->has_centroid &&
	    (in->lat < -90 || in->lat > 90 || in->lon < -180 || in->lon > 180))
		return dv_fail(e, DV_EINVAL, "area '%s': centroid is out of range", in->code);
	if (in->designations & ~DESIG__ALL)
		return dv_fail(e, DV_EINVAL, "area '%s': unknown designation bits", in->code);

	strbuf_addstr(&both, in->full_name);
	strbuf_addch(&both, ' ');
	strbuf_addstr(&both, in->name_en);
	if (both.failed || utf8_fold(fold, both.buf, both.len))
		ret = dv_fail(e, DV_ENOMEM, "area '%s': folding the name failed", in->code);
	strbuf_release(&both);
	return ret;
}

static int bind_centroid(struct db_stmt *st, int idx, const struct area_new *in)
{
	int r = 0;

	if (in->has_centroid) {
		r |= db_bind_double(st, idx, in->lat);
		r |= db_bind_double(st, idx + 1, in->lon);
	} else {
		r |= db_bind_null(st, idx);
		r |= db_bind_null(st, idx + 1);
	}
	if (in->area_km2 > 0)
		r |= db_bind_double(st, idx + 2, in->area_km2);
	else
		r |= db_bind_null(st, idx + 2);
	return r;
}

enum dv_err area_insert(struct db *db, const struct scope *sc, const struct area_new *in,
			int64_t *id, struct dv_error *e)
{
	struct strbuf fold = STRBUF_INIT;
	int64_t parent_id = 0, new_id = 0;
	int parent_level = -1;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;

	if (id)
		*id = 0;
	ret = need_write(db, sc, "inserting area", e);
	if (ret)
		return ret;
	ret = check_new(in, &fold, e);
	if (ret)
		goto cleanup;
	if (in->level < AREA_NATION || in->level > AREA_VILLAGE) {
		ret = dv_fail(e, DV_EINVAL, "area '%s': level %d is not between 0 and 3", in->code,
			      in->level);
		goto cleanup;
	}
	if (in->level == AREA_NATION) {
		if (in->parent_code) {
			ret = dv_fail(e, DV_EINVAL, "area '%s': the nation has no parent", in->code);
			goto cleanup;
		}
		if (!sc->system) {
			ret = dv_fail(e, DV_EPERM, "area '%s': only maintenance may add a nation",
				      in->code);
			goto cleanup;
		}
	} else {
		if (!in->parent_code) {
			ret = dv_fail(e, DV_EINVAL, "area '%s' needs a parent area", in->code);
			goto cleanup;
		}
		ret = visible_code(db, sc, in->parent_code, &parent_id, &parent_level, NULL);
		if (ret == DV_ENOTFOUND) {
			ret = dv_fail(e, DV_EINVAL, "area '%s': parent area '%s' not found", in->code,
				      in->parent_code);
			goto cleanup;
		}
		if (ret) {
			ret = db_fail(db, e, "inserting area");
			goto cleanup;
		}
		if (parent_level != in->level - 1) {
			ret = dv_fail(e, DV_EINVAL,
				      "area '%s' of level %d cannot be under '%s' of level %d",
				      in->code, in->level, in->parent_code, parent_level);
			goto cleanup;
		}
	}

	st = db_prepare(db, sql_insert);
	if (!st || db_bind_text(st, 1, in->code) ||
	    (parent_id ? db_bind_int64(st, 2, parent_id) : db_bind_null(st, 2)) ||
	    db_bind_int64(st, 3, in->level) || db_bind_text(st, 4, in->kind) ||
	    db_bind_text(st, 5, in->kind_en) || db_bind_text(st, 6, in->name) ||
	    db_bind_text(st, 7, in->name_en) || db_bind_text(st, 8, in->full_name) ||
	    db_bind_text(st, 9, in->full_name_en) || db_bind_text(st, 10, fold.buf) ||
	    bind_centroid(st, 11, in) || db_bind_int64(st, 14, in->designations) ||
	    db_bind_int64(st, 15, in->synthetic ? 1 : 0) || db_bind_text(st, 16, in->valid_from)) {
		ret = db_fail(db, e, "inserting area");
		goto cleanup;
	}
	rc = db_step(st);
	if (rc != DB_ROW) {
		if (db_errcode(db) == DV_EEXIST)
			ret = dv_fail(e, DV_EEXIST, "area code '%s' already exists", in->code);
		else
			ret = db_fail(db, e, "inserting area");
		goto cleanup;
	}
	new_id = db_col_int64(st, 0);
	db_reset(st);

	st = db_prepare(db, sql_closure_self);
	if (!st || db_bind_int64(st, 1, new_id) || db_bind_int64(st, 2, new_id) ||
	    db_step(st) != DB_DONE) {
		ret = db_fail(db, e, "inserting area closure");
		goto cleanup;
	}
	if (parent_id) {
		st = db_prepare(db, sql_closure_up);
		if (!st || db_bind_int64(st, 1, new_id) || db_bind_int64(st, 2, parent_id) ||
		    db_step(st) != DB_DONE) {
			ret = db_fail(db, e, "inserting area closure");
			goto cleanup;
		}
	}
	if (id)
		*id = new_id;
	ret = agg_version_bump(db, e);
cleanup:
	strbuf_release(&fold);
	return ret;
}

/* One area changed: dashboards show areas' names and children, so their caches go stale. */
static enum dv_err one_changed(struct db *db, const char *code, struct dv_error *e)
{
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", code);
	return agg_version_bump(db, e);
}

enum dv_err area_update(struct db *db, const struct scope *sc, const struct area_new *in,
			struct dv_error *e)
{
	struct strbuf fold = STRBUF_INIT;
	struct db_stmt *st;
	enum dv_err ret;

	ret = need_write(db, sc, "updating area", e);
	if (ret)
		return ret;
	ret = check_new(in, &fold, e);
	if (ret)
		goto cleanup;
	st = db_prepare(db, sql_update);
	if (!st || db_bind_text(st, 1, in->kind) || db_bind_text(st, 2, in->kind_en) ||
	    db_bind_text(st, 3, in->name) || db_bind_text(st, 4, in->name_en) ||
	    db_bind_text(st, 5, in->full_name) || db_bind_text(st, 6, in->full_name_en) ||
	    db_bind_text(st, 7, fold.buf) || bind_centroid(st, 8, in) ||
	    db_bind_text(st, 11, in->valid_from) || db_bind_text(st, 12, in->code) ||
	    db_bind_text(st, 13, in->code) || store_bind_scope(st, 14, sc) || db_step(st) != DB_DONE) {
		ret = db_fail(db, e, "updating area");
		goto cleanup;
	}
	ret = one_changed(db, in->code, e);
	if (!ret)
		ret = catalog_changed(db, e); /* case pages show area names */
cleanup:
	strbuf_release(&fold);
	return ret;
}

enum dv_err area_set_designations(struct db *db, const struct scope *sc, const char *code,
				  uint32_t designations, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	ret = need_write(db, sc, "setting area designations", e);
	if (ret)
		return ret;
	if (!code)
		return dv_fail(e, DV_EINVAL, "area code is empty");
	if (designations & ~DESIG__ALL)
		return dv_fail(e, DV_EINVAL, "area '%s': unknown designation bits", code);
	st = db_prepare(db, sql_set_designations);
	if (!st || db_bind_int64(st, 1, designations) || db_bind_text(st, 2, code) ||
	    db_bind_text(st, 3, code) || store_bind_scope(st, 4, sc) || db_step(st) != DB_DONE)
		return db_fail(db, e, "setting area designations");
	return one_changed(db, code, e);
}

enum dv_err area_retire(struct db *db, const struct scope *sc, const char *code,
			const char *valid_to, const char *successor_code, struct dv_error *e)
{
	int64_t self_id = 0, successor_id = 0;
	struct db_stmt *st;
	enum dv_err ret;
	dv_date d;

	ret = need_write(db, sc, "retiring area", e);
	if (ret)
		return ret;
	if (!code)
		return dv_fail(e, DV_EINVAL, "area code is empty");
	if (!valid_to || !date_parse(valid_to, &d))
		return dv_fail(e, DV_EINVAL, "area '%s': valid_to '%s' is not a YYYY-MM-DD date", code,
			       valid_to ? valid_to : "");
	ret = visible_code(db, sc, code, &self_id, NULL, e);
	if (ret)
		return ret;
	if (successor_code) {
		ret = visible_code(db, sc, successor_code, &successor_id, NULL, NULL);
		if (ret == DV_ENOTFOUND)
			return dv_fail(e, DV_EINVAL, "area '%s': successor area '%s' not found", code,
				       successor_code);
		if (ret)
			return db_fail(db, e, "retiring area");
		if (successor_id == self_id)
			return dv_fail(e, DV_EINVAL, "area '%s' cannot succeed itself", code);
	}
	st = db_prepare(db, sql_retire);
	if (!st || db_bind_text(st, 1, valid_to) ||
	    (successor_id ? db_bind_int64(st, 2, successor_id) : db_bind_null(st, 2)) ||
	    db_bind_text(st, 3, code) || db_bind_text(st, 4, code) || store_bind_scope(st, 5, sc) ||
	    db_step(st) != DB_DONE)
		return db_fail(db, e, "retiring area");
	return one_changed(db, code, e);
}
