/* area_shape.h: the stored boundary of each province and commune, ready for an SVG map. */
#ifndef DV_STORE_AREA_SHAPE_H
#define DV_STORE_AREA_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/*
 * One shape with its area (migration 0005_geo says what the columns mean). Strings are owned
 * by the arena passed to the reading function. Coordinates are whole frame units.
 */
struct area_shape {
	int64_t area_id;
	const char *code;
	const char *name, *name_en;           /* "Ba Đình" / "Ba Dinh" */
	const char *full_name, *full_name_en; /* "Phường Ba Đình" / "Ba Dinh Ward" */
	int level;                            /* enum area_level */
	const char *frame;                    /* 'VN', or the province's code */
	const char *path;                     /* SVG path data */
	int min_x, min_y, max_x, max_y;
	int label_x, label_y;
	bool inset; /* drawn in an inset of its frame, at its own scale (box it) */
	int points;
};

/* What area_shape_put writes; all borrowed. */
struct area_shape_new {
	const char *code; /* the area's code */
	const char *frame;
	const char *path;
	int min_x, min_y, max_x, max_y;
	int label_x, label_y;
	bool inset;
	int points; /* >= 3 */
	const char *source;
	int64_t loaded_at;
};

/*
 * Insert or replace the shape of the area `in->code`. Needs PERM_AREA_WRITE and a write
 * transaction. When no area has that code nothing is written and *found is false (not an
 * error: a boundary file covers the whole country, a database perhaps a few provinces).
 */
enum dv_err area_shape_put(struct db *db, const struct scope *sc, const struct area_shape_new *in,
                           bool *found, struct dv_error *e);

/*
 * The shapes of the children in force of `parent_code` that are drawn in its frame (the
 * provinces on the national map 'VN', the communes on their province's map), ordered by code.
 * A child with no shape, or with a shape of another frame (moved to another province since the
 * shapes were loaded), is left out: callers compare *n with the children they expected. Scoped
 * like area_children(): invisible parents are DV_ENOTFOUND, invisible children left out.
 * *out is an array in the arena.
 */
enum dv_err area_shape_children(struct db *db, const struct scope *sc, const char *parent_code,
                                struct arena *a, struct area_shape **out, size_t *n,
                                struct dv_error *e);

/*
 * The same for the public pages (no account): unscoped, official areas only (never synthetic
 * ones). Boundaries are public data, like area_nearest_commune's centroids.
 */
enum dv_err area_shape_public_children(struct db *db, const char *parent_code, struct arena *a,
                                       struct area_shape **out, size_t *n, struct dv_error *e);

/*
 * Provinces and communes in force with no shape: *total of them, and the first `limit` codes
 * (in code order) in *codes, an arena array of *n. Unscoped counting for the loader; needs
 * PERM_AREA_WRITE.
 */
enum dv_err area_shape_missing(struct db *db, const struct scope *sc, size_t limit, struct arena *a,
                               const char ***codes, size_t *n, int64_t *total, struct dv_error *e);

#endif
