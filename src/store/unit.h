/* unit.h: the unit repository (organisations as a tree), scoped reads and admin writes. */
#ifndef DV_STORE_UNIT_H
#define DV_STORE_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

struct unit {
	int64_t id;
	int64_t parent_id;          /* 0 for the root */
	const char *parent_name;    /* NULL for the root or a parent outside the scope */
	const char *kind;           /* core/kinds.h unit_kinds code */
	const char *name, *name_en;
	int64_t home_area_id;
	const char *home_area_code, *home_area_name;
	bool active;
	int64_t child_count;
	int64_t user_count;
	int64_t created_at, updated_at;
};

struct unit_new {
	int64_t parent_id;          /* 0 only for the root (system scope only) */
	const char *kind;
	const char *name;
	const char *name_en;        /* may be NULL */
	const char *home_area_code;
};

/*
 * A unit is visible when it is in the subtree of scope->unit_id (unit_closure); a system scope
 * sees all. Invisible units are DV_ENOTFOUND.
 */
enum dv_err unit_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct unit *out, struct dv_error *e);
/* Children of `parent_id` (0 = the scope's root unit itself as a one-element list). */
enum dv_err unit_children(struct db *db, const struct scope *sc, int64_t parent_id,
			  struct arena *a, struct unit **out, size_t *n, struct dv_error *e);
/* Visible ancestors of unit `id`, root first, excluding the unit. */
enum dv_err unit_ancestors(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct unit **out, size_t *n, struct dv_error *e);
/* Search by folded name (every word must match), optional kind (NULL = any). */
enum dv_err unit_search(struct db *db, const struct scope *sc, const char *query,
			const char *kind, size_t limit, size_t offset, struct arena *a,
			struct unit **out, size_t *n, int64_t *total, struct dv_error *e);
/* Units whose home area is `area_id` (visible ones only). */
enum dv_err unit_list_by_area(struct db *db, const struct scope *sc, int64_t area_id,
			      struct arena *a, struct unit **out, size_t *n, struct dv_error *e);
enum dv_err unit_count(struct db *db, const struct scope *sc, int64_t *out, struct dv_error *e);

/*
 * Writes need PERM_UNIT_WRITE and a write transaction; the parent and the home area must be
 * visible to the caller. unit_create maintains unit_closure and unit_area (home area).
 */
enum dv_err unit_create(struct db *db, const struct scope *sc, const struct unit_new *in,
			int64_t *id, struct dv_error *e);
/* Change kind, names and home area (parent_id in `in` is ignored). */
enum dv_err unit_update(struct db *db, const struct scope *sc, int64_t id,
			const struct unit_new *in, struct dv_error *e);
/*
 * Move unit `id` (and its subtree) under `new_parent`. Refuses the scope's own root unit and a
 * parent inside the moved subtree (DV_EINVAL). Closure rows are rewritten in one transaction.
 */
enum dv_err unit_move(struct db *db, const struct scope *sc, int64_t id, int64_t new_parent,
		      struct dv_error *e);
/* Add an area served by a unit beyond its home area (e.g. provinces of a military region). */
enum dv_err unit_add_area(struct db *db, const struct scope *sc, int64_t unit_id,
			  const char *area_code, struct dv_error *e);

#endif
