/* unit.c: the unit repository: scoped reads, search, and closure-maintaining writes. */
#include "store/unit.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"

#include "store/catalog.h"
#include "store/search.h"

#include "store/scoped.h"

#include "base/banned.h"

/*
 * The scope binds as two parameters: the system flag, then the scope's unit. A unit is visible
 * when it is in the subtree of the scope's unit.
 */
#define UNIT_VISIBLE                                                                    \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure vc WHERE vc.ancestor = ?"         \
	" AND vc.descendant = u.id))"

/*
 * Column order is read by read_unit(); the columns themselves take the scope first (a visible
 * unit's parent is visible unless the unit is the scope's root).
 */
#define UNIT_SELECT                                                                     \
	"SELECT u.id, u.parent_id, CASE WHEN ? = 1 OR u.id <> ? THEN"                   \
	" (SELECT p.name FROM unit p WHERE p.id = u.parent_id) END,"                     \
	" u.kind, u.name, u.name_en, u.home_area_id, ha.code, ha.full_name, u.active,"   \
	" (SELECT COUNT(*) FROM unit c WHERE c.parent_id = u.id),"                       \
	" (SELECT COUNT(*) FROM app_user au WHERE au.unit_id = u.id),"                   \
	" u.created_at, u.updated_at"

static const char sql_get[] = UNIT_SELECT " FROM unit u JOIN area ha ON ha.id = u.home_area_id"
					  " WHERE u.id = ? AND " UNIT_VISIBLE;
static const char sql_roots_system[] =
	UNIT_SELECT " FROM unit u JOIN area ha ON ha.id = u.home_area_id"
		    " WHERE u.parent_id IS NULL ORDER BY u.name, u.id";
static const char sql_children[] = UNIT_SELECT " FROM unit u JOIN area ha ON ha.id = u.home_area_id"
					       " WHERE u.parent_id = ? AND " UNIT_VISIBLE
					       " ORDER BY u.name, u.id";
static const char sql_ancestors[] =
	UNIT_SELECT " FROM unit_closure cl JOIN unit u ON u.id = cl.ancestor"
		    " JOIN area ha ON ha.id = u.home_area_id"
		    " WHERE cl.descendant = ? AND cl.depth > 0 AND " UNIT_VISIBLE
		    " ORDER BY cl.depth DESC";
static const char sql_search[] =
	UNIT_SELECT " FROM unit u JOIN area ha ON ha.id = u.home_area_id"
		    " WHERE u.name_fold LIKE ? ESCAPE '\\' AND (? = '' OR u.kind = ?) AND " UNIT_VISIBLE
		    " ORDER BY u.name, u.id LIMIT ? OFFSET ?";
static const char sql_search_count[] =
	"SELECT COUNT(*) FROM unit u WHERE u.name_fold LIKE ? ESCAPE '\\'"
	" AND (? = '' OR u.kind = ?) AND " UNIT_VISIBLE;
static const char sql_by_area[] = UNIT_SELECT " FROM unit u JOIN area ha ON ha.id = u.home_area_id"
					      " WHERE u.home_area_id = ? AND " UNIT_VISIBLE
					      " ORDER BY u.name, u.id";
static const char sql_count[] = "SELECT COUNT(*) FROM unit";
static const char sql_count_unit[] = "SELECT COUNT(*) FROM unit_closure WHERE ancestor = ?";
static const char sql_brief[] =
	"SELECT u.id, u.name, u.parent_id, u.home_area_id FROM unit u WHERE u.id = ? AND " UNIT_VISIBLE;
static const char sql_area_visible[] =
	"SELECT a.id FROM area a WHERE a.code = ? AND (? = 1 OR EXISTS (SELECT 1 FROM area_closure ac"
	" JOIN unit_area ua ON ua.area_id = ac.ancestor WHERE ua.unit_id = ? AND ac.descendant = a.id))";
static const char sql_insert[] =
	"INSERT INTO unit (parent_id, kind, name, name_en, name_fold, home_area_id, active,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";
static const char sql_closure_self[] =
	"INSERT INTO unit_closure (ancestor, descendant, depth) VALUES (?, ?, 0)";
static const char sql_closure_up[] =
	"INSERT INTO unit_closure (ancestor, descendant, depth)"
	" SELECT ancestor, ?, depth + 1 FROM unit_closure WHERE descendant = ?";
static const char sql_unit_area_add[] =
	"INSERT INTO unit_area (unit_id, area_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char sql_unit_area_del[] = "DELETE FROM unit_area WHERE unit_id = ? AND area_id = ?";
static const char sql_update[] =
	"UPDATE unit SET kind = ?, name = ?, name_en = ?, name_fold = ?, home_area_id = ?,"
	" updated_at = ? WHERE id = ?";
static const char sql_is_descendant[] =
	"SELECT 1 FROM unit_closure WHERE ancestor = ? AND descendant = ?";
/* Cut the moved subtree from every ancestor outside it... */
static const char sql_move_cut[] =
	"DELETE FROM unit_closure WHERE descendant IN"
	" (SELECT descendant FROM unit_closure WHERE ancestor = ?)"
	" AND ancestor NOT IN (SELECT descendant FROM unit_closure WHERE ancestor = ?)";
/* ...and link it to every ancestor of (and including) the new parent. */
static const char sql_move_link[] =
	"INSERT INTO unit_closure (ancestor, descendant, depth)"
	" SELECT p.ancestor, s.descendant, p.depth + s.depth + 1"
	" FROM unit_closure p, unit_closure s WHERE p.descendant = ? AND s.ancestor = ?";
static const char sql_set_parent[] = "UPDATE unit SET parent_id = ?, updated_at = ? WHERE id = ?";

#define MAX_NAME 200
#define DEFAULT_LIMIT 50
#define MAX_LIMIT 10000

static bool read_unit(struct db_stmt *st, struct arena *a, struct unit *out)
{
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	out->parent_id = db_col_int64(st, 1);
	out->parent_name = db_col_dup(st, 2, a, &oom);
	out->kind = db_col_dup(st, 3, a, &oom);
	out->name = db_col_dup(st, 4, a, &oom);
	out->name_en = db_col_dup(st, 5, a, &oom);
	out->home_area_id = db_col_int64(st, 6);
	out->home_area_code = db_col_dup(st, 7, a, &oom);
	out->home_area_name = db_col_dup(st, 8, a, &oom);
	out->active = db_col_int64(st, 9) != 0;
	out->child_count = db_col_int64(st, 10);
	out->user_count = db_col_int64(st, 11);
	out->created_at = db_col_int64(st, 12);
	out->updated_at = db_col_int64(st, 13);
	return !oom;
}

static enum dv_err read_list(struct db *db, struct db_stmt *st, struct arena *a,
			     struct unit **out, size_t *n, struct dv_error *e)
{
	struct unit *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading units: out of memory");
		}
		if (!read_unit(st, a, &list[len])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading units: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading units");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err unit_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct unit *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get);
	enum db_step rc;

	if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, id) || store_bind_scope(st, 4, sc))
		return db_fail(db, e, "reading unit");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading unit");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "unit #%lld not found", (long long)id);
	if (!read_unit(st, a, out)) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading unit #%lld: out of memory", (long long)id);
	}
	db_reset(st);
	return DV_OK;
}

/* The few fields the writes need, for a visible unit; DV_ENOTFOUND otherwise. */
struct brief {
	int64_t id, parent_id, home_area_id;
	char name[MAX_NAME + 1];
};

static enum dv_err brief_get(struct db *db, const struct scope *sc, int64_t id,
			     struct brief *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_brief);
	enum db_step rc;
	const char *name;

	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading unit");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading unit");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "unit #%lld not found", (long long)id);
	out->id = db_col_int64(st, 0);
	name = db_col_text(st, 1);
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	out->parent_id = db_col_int64(st, 2);
	out->home_area_id = db_col_int64(st, 3);
	db_reset(st);
	return DV_OK;
}

enum dv_err unit_children(struct db *db, const struct scope *sc, int64_t parent_id,
			  struct arena *a, struct unit **out, size_t *n, struct dv_error *e)
{
	struct brief parent;
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (parent_id == 0 && sc->system) {
		st = db_prepare(db, sql_roots_system);
		if (!st || store_bind_scope(st, 1, sc))
			return db_fail(db, e, "listing units");
		return read_list(db, st, a, out, n, e);
	}
	if (parent_id == 0) {
		/* The scope's own root, as a one-element list (empty for an anonymous scope). */
		st = db_prepare(db, sql_get);
		if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, sc->unit_id) ||
		    store_bind_scope(st, 4, sc))
			return db_fail(db, e, "listing units");
		return read_list(db, st, a, out, n, e);
	}
	ret = brief_get(db, sc, parent_id, &parent, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_children);
	if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, parent_id) || store_bind_scope(st, 4, sc))
		return db_fail(db, e, "listing units");
	return read_list(db, st, a, out, n, e);
}

enum dv_err unit_ancestors(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct unit **out, size_t *n, struct dv_error *e)
{
	struct brief self;
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = brief_get(db, sc, id, &self, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_ancestors);
	if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, id) || store_bind_scope(st, 4, sc))
		return db_fail(db, e, "listing unit ancestors");
	return read_list(db, st, a, out, n, e);
}

enum dv_err unit_search(struct db *db, const struct scope *sc, const char *query,
			const char *kind, size_t limit, size_t offset, struct arena *a,
			struct unit **out, size_t *n, int64_t *total, struct dv_error *e)
{
	struct strbuf pat = STRBUF_INIT;
	const char *k = kind ? kind : "";
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
	ret = store_like_pattern(query, &pat, e);
	if (ret)
		goto cleanup;
	if (total) {
		st = db_prepare(db, sql_search_count);
		if (!st || db_bind_text(st, 1, pat.buf) || db_bind_text(st, 2, k) ||
		    db_bind_text(st, 3, k) || store_bind_scope(st, 4, sc) || db_step(st) != DB_ROW) {
			ret = db_fail(db, e, "searching units");
			goto cleanup;
		}
		*total = db_col_int64(st, 0);
		db_reset(st);
	}
	st = db_prepare(db, sql_search);
	if (!st || store_bind_scope(st, 1, sc) || db_bind_text(st, 3, pat.buf) || db_bind_text(st, 4, k) ||
	    db_bind_text(st, 5, k) || store_bind_scope(st, 6, sc) || db_bind_int64(st, 8, (int64_t)limit) ||
	    db_bind_int64(st, 9, (int64_t)offset)) {
		ret = db_fail(db, e, "searching units");
		goto cleanup;
	}
	ret = read_list(db, st, a, out, n, e);
cleanup:
	strbuf_release(&pat);
	return ret;
}

enum dv_err unit_list_by_area(struct db *db, const struct scope *sc, int64_t area_id,
			      struct arena *a, struct unit **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_by_area);

	*out = NULL;
	*n = 0;
	if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, area_id) || store_bind_scope(st, 4, sc))
		return db_fail(db, e, "listing units");
	return read_list(db, st, a, out, n, e);
}

enum dv_err unit_count(struct db *db, const struct scope *sc, int64_t *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sc->system ? sql_count : sql_count_unit);

	*out = 0;
	if (!st || (!sc->system && db_bind_int64(st, 1, sc->unit_id)) || db_step(st) != DB_ROW)
		return db_fail(db, e, "counting units");
	*out = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

/* ---- writes ---- */

static enum dv_err need_write(struct db *db, const struct scope *sc, const char *what,
			      struct dv_error *e)
{
	if (!scope_can(sc, PERM_UNIT_WRITE))
		return dv_fail(e, DV_EPERM, "%s: not permitted for your role", what);
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "%s: needs a write transaction", what);
	return DV_OK;
}

static enum dv_err check_text(const char *field, const char *s, bool required,
			      struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0;

	if (!len && required)
		return dv_fail(e, DV_EINVAL, "unit %s is empty", field);
	if (len > MAX_NAME)
		return dv_fail(e, DV_EINVAL, "unit %s '%.40s...' is too long (at most %d bytes)", field,
			       s, MAX_NAME);
	if (len && !utf8_valid_text(s, len))
		return dv_fail(e, DV_EINVAL, "unit %s is not valid UTF-8 text", field);
	return DV_OK;
}

/* Validate kind and names, fold the names, and resolve the home area (visible) to its id. */
static enum dv_err check_new(struct db *db, const struct scope *sc, const struct unit_new *in,
			     struct strbuf *fold, int64_t *home_area_id, struct dv_error *e)
{
	struct strbuf both = STRBUF_INIT;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;

	if (!in->kind || !unit_kind_find(in->kind))
		return dv_fail(e, DV_EINVAL, "unit kind '%s' is not known", in->kind ? in->kind : "");
	ret = check_text("name", in->name, true, e);
	if (!ret)
		ret = check_text("name_en", in->name_en, false, e);
	if (ret)
		return ret;
	if (!in->home_area_code || !*in->home_area_code)
		return dv_fail(e, DV_EINVAL, "unit '%s' needs a home area", in->name);

	st = db_prepare(db, sql_area_visible);
	if (!st || db_bind_text(st, 1, in->home_area_code) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading home area");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading home area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_EINVAL, "home area '%s' not found", in->home_area_code);
	*home_area_id = db_col_int64(st, 0);
	db_reset(st);

	strbuf_addstr(&both, in->name);
	if (in->name_en && *in->name_en) {
		strbuf_addch(&both, ' ');
		strbuf_addstr(&both, in->name_en);
	}
	if (both.failed || utf8_fold(fold, both.buf, both.len))
		ret = dv_fail(e, DV_ENOMEM, "unit '%s': folding the name failed", in->name);
	strbuf_release(&both);
	return ret;
}

static enum dv_err exec2(struct db *db, const char *sql, int64_t a, int64_t b, const char *what,
			 struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql);

	if (!st || db_bind_int64(st, 1, a) || db_bind_int64(st, 2, b) || db_step(st) != DB_DONE)
		return db_fail(db, e, what);
	return DV_OK;
}

enum dv_err unit_create(struct db *db, const struct scope *sc, const struct unit_new *in,
			int64_t *id, struct dv_error *e)
{
	struct strbuf fold = STRBUF_INIT;
	int64_t home = 0, new_id = 0, now = time_now();
	struct brief parent;
	struct db_stmt *st;
	enum dv_err ret;

	if (id)
		*id = 0;
	ret = need_write(db, sc, "creating unit", e);
	if (ret)
		return ret;
	if (in->parent_id <= 0 && !sc->system)
		return dv_fail(e, DV_EINVAL, "unit '%s' needs a parent unit", in->name ? in->name : "");
	if (in->parent_id > 0) {
		ret = brief_get(db, sc, in->parent_id, &parent, NULL);
		if (ret == DV_ENOTFOUND)
			return dv_fail(e, DV_ENOTFOUND, "parent unit #%lld not found",
				       (long long)in->parent_id);
		if (ret)
			return db_fail(db, e, "creating unit");
	}
	ret = check_new(db, sc, in, &fold, &home, e);
	if (ret)
		goto cleanup;

	st = db_prepare(db, sql_insert);
	if (!st || (in->parent_id > 0 ? db_bind_int64(st, 1, in->parent_id) : db_bind_null(st, 1)) ||
	    db_bind_text(st, 2, in->kind) || db_bind_text(st, 3, in->name) ||
	    db_bind_text(st, 4, in->name_en ? in->name_en : "") || db_bind_text(st, 5, fold.buf) ||
	    db_bind_int64(st, 6, home) || db_bind_int64(st, 7, now) || db_bind_int64(st, 8, now) ||
	    db_step(st) != DB_ROW) {
		ret = db_fail(db, e, "creating unit");
		goto cleanup;
	}
	new_id = db_col_int64(st, 0);
	db_reset(st);

	ret = exec2(db, sql_closure_self, new_id, new_id, "creating unit closure", e);
	if (!ret && in->parent_id > 0)
		ret = exec2(db, sql_closure_up, new_id, in->parent_id, "creating unit closure", e);
	if (!ret)
		ret = exec2(db, sql_unit_area_add, new_id, home, "linking unit to its home area", e);
	if (!ret)
		ret = catalog_changed(db, e);
	if (!ret && id)
		*id = new_id;
cleanup:
	strbuf_release(&fold);
	return ret;
}

enum dv_err unit_update(struct db *db, const struct scope *sc, int64_t id,
			const struct unit_new *in, struct dv_error *e)
{
	struct strbuf fold = STRBUF_INIT;
	struct brief self;
	struct db_stmt *st;
	int64_t home = 0;
	enum dv_err ret;

	ret = need_write(db, sc, "updating unit", e);
	if (ret)
		return ret;
	ret = brief_get(db, sc, id, &self, e);
	if (ret)
		return ret;
	ret = check_new(db, sc, in, &fold, &home, e);
	if (ret)
		goto cleanup;
	st = db_prepare(db, sql_update);
	if (!st || db_bind_text(st, 1, in->kind) || db_bind_text(st, 2, in->name) ||
	    db_bind_text(st, 3, in->name_en ? in->name_en : "") || db_bind_text(st, 4, fold.buf) ||
	    db_bind_int64(st, 5, home) || db_bind_int64(st, 6, time_now()) ||
	    db_bind_int64(st, 7, id) || db_step(st) != DB_DONE) {
		ret = db_fail(db, e, "updating unit");
		goto cleanup;
	}
	if (home != self.home_area_id) {
		ret = exec2(db, sql_unit_area_del, id, self.home_area_id, "updating unit areas", e);
		if (!ret)
			ret = exec2(db, sql_unit_area_add, id, home, "updating unit areas", e);
	}
	if (!ret)
		ret = catalog_changed(db, e);
cleanup:
	strbuf_release(&fold);
	return ret;
}

enum dv_err unit_move(struct db *db, const struct scope *sc, int64_t id, int64_t new_parent,
		      struct dv_error *e)
{
	struct brief self, parent;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;

	ret = need_write(db, sc, "moving unit", e);
	if (ret)
		return ret;
	ret = brief_get(db, sc, id, &self, e);
	if (ret)
		return ret;
	if (!sc->system && id == sc->unit_id)
		return dv_fail(e, DV_EINVAL,
			       "unit '%s' is the root of your scope and cannot be moved", self.name);
	if (new_parent <= 0)
		return dv_fail(e, DV_EINVAL, "unit '%s' must be moved under a parent unit", self.name);
	ret = brief_get(db, sc, new_parent, &parent, NULL);
	if (ret == DV_ENOTFOUND)
		return dv_fail(e, DV_ENOTFOUND, "parent unit #%lld not found", (long long)new_parent);
	if (ret)
		return db_fail(db, e, "moving unit");

	st = db_prepare(db, sql_is_descendant);
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, new_parent))
		return db_fail(db, e, "moving unit");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "moving unit");
	if (rc == DB_ROW) {
		db_reset(st);
		return dv_fail(e, DV_EINVAL,
			       "cannot move unit '%s' under '%s': that is the unit itself or inside it",
			       self.name, parent.name);
	}
	if (self.parent_id == new_parent)
		return DV_OK;

	ret = exec2(db, sql_move_cut, id, id, "moving unit", e);
	if (!ret)
		ret = exec2(db, sql_move_link, new_parent, id, "moving unit", e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_set_parent);
	if (!st || db_bind_int64(st, 1, new_parent) || db_bind_int64(st, 2, time_now()) ||
	    db_bind_int64(st, 3, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "moving unit");
	return catalog_changed(db, e);
}

enum dv_err unit_add_area(struct db *db, const struct scope *sc, int64_t unit_id,
			  const char *area_code, struct dv_error *e)
{
	struct brief self;
	struct db_stmt *st;
	enum db_step rc;
	int64_t area_id;
	enum dv_err ret;

	ret = need_write(db, sc, "adding an area to a unit", e);
	if (ret)
		return ret;
	ret = brief_get(db, sc, unit_id, &self, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_area_visible);
	if (!st || db_bind_text(st, 1, area_code) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, "reading area");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", area_code ? area_code : "");
	area_id = db_col_int64(st, 0);
	db_reset(st);
	return exec2(db, sql_unit_area_add, unit_id, area_id, "adding an area to a unit", e);
}
