/* area.h: the area repository (nation → province → commune → village), scoped reads. */
#ifndef DV_STORE_AREA_H
#define DV_STORE_AREA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/* One area. Strings are owned by the arena passed to the reading function. */
struct area {
	int64_t id;
	const char *code;
	int64_t parent_id;        /* 0 for the nation */
	const char *parent_code;  /* NULL for the nation */
	int level;                /* enum area_level */
	const char *kind, *kind_en;            /* "Xã" / "Commune" */
	const char *name, *name_en;            /* "Ba Đình" / "Ba Dinh" */
	const char *full_name, *full_name_en;  /* "Phường Ba Đình" / "Ba Dinh Ward" */
	bool has_centroid;
	double lat, lon, area_km2;
	uint32_t designations;    /* enum area_designation bits */
	bool synthetic;           /* generated (demo villages), not official data */
	const char *valid_from;   /* YYYY-MM-DD */
	const char *valid_to;     /* NULL while in force */
	const char *successor_code;
	int64_t child_count;      /* children (in scope) */
};

/* What area_insert needs; name_fold is computed by the repository. */
struct area_new {
	const char *code;
	const char *parent_code;  /* NULL only for the nation */
	int level;
	const char *kind, *kind_en, *name, *name_en, *full_name, *full_name_en;
	bool has_centroid;
	double lat, lon, area_km2;
	uint32_t designations;
	bool synthetic;
	const char *valid_from;   /* NULL = '2025-07-01' */
};

/*
 * Reads apply the scope in SQL: an area is visible when it lies under an area served by
 * scope->unit_id (unit_area); a system scope sees all. Invisible areas are DV_ENOTFOUND, the
 * same as missing ones, so existence is never confirmed. All need a read transaction or none.
 */
enum dv_err area_get(struct db *db, const struct scope *sc, const char *code, struct arena *a,
		     struct area *out, struct dv_error *e);
enum dv_err area_get_by_id(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct area *out, struct dv_error *e);

/* What filing a case needs of its area, read in one statement (area_place). */
struct area_place {
	int64_t id, commune_id; /* commune_id: the area's commune (itself at level 2), 0 above */
	int level;
	bool remote;                /* DESIG_REMOTE on the area or, for a village, its commune */
	bool retired;               /* valid_to is set */
	const char *successor_code; /* NULL when none; in the arena */
};
enum dv_err area_place(struct db *db, const struct scope *sc, const char *code, struct arena *a,
                       struct area_place *out, struct dv_error *e);

/*
 * Children of `parent_code` in scope, ordered by name; parent_code NULL lists the scope's top
 * areas (the areas the caller's unit serves; the nation for a system scope). *out is an array
 * in the arena.
 */
enum dv_err area_children(struct db *db, const struct scope *sc, const char *parent_code,
			  struct arena *a, struct area **out, size_t *n, struct dv_error *e);

/* Visible ancestors of area `id`, nation first, not including the area itself. */
enum dv_err area_ancestors(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			   struct area **out, size_t *n, struct dv_error *e);

/*
 * Diacritic-insensitive search: `query` is any user text (folded here with utf8_fold); matches
 * areas whose folded names contain every word of it. `level` < 0 means any level. Results
 * ordered by level then name; *total gets the number of matches.
 */
enum dv_err area_search(struct db *db, const struct scope *sc, const char *query, int level,
			size_t limit, size_t offset, struct arena *a, struct area **out, size_t *n,
			int64_t *total, struct dv_error *e);

/* Number of visible areas per level: counts[0..3]. */
enum dv_err area_count_by_level(struct db *db, const struct scope *sc, int64_t counts[4],
				struct dv_error *e);

/*
 * Insert an area under an existing parent and maintain area_closure. Needs PERM_AREA_WRITE and
 * a write transaction. DV_EEXIST when the code is taken; DV_EINVAL for a bad level or parent.
 */
enum dv_err area_insert(struct db *db, const struct scope *sc, const struct area_new *in,
			int64_t *id, struct dv_error *e);
/* Update names/centroid/kind of an existing area by code (re-import); PERM_AREA_WRITE. */
enum dv_err area_update(struct db *db, const struct scope *sc, const struct area_new *in,
			struct dv_error *e);
/* Replace the designation bits of an area; PERM_AREA_WRITE. */
enum dv_err area_set_designations(struct db *db, const struct scope *sc, const char *code,
				  uint32_t designations, struct dv_error *e);
/* Mark `code` as no longer in force from `valid_to`, succeeded by `successor_code`. */
enum dv_err area_retire(struct db *db, const struct scope *sc, const char *code,
			const char *valid_to, const char *successor_code, struct dv_error *e);

#endif
