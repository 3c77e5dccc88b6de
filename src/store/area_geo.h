/* area_geo.h: finding an area from a point (Open311 requests carry lat/long). */
#ifndef DV_STORE_AREA_GEO_H
#define DV_STORE_AREA_GEO_H

#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/*
 * The commune in force (level commune, no valid_to) whose centroid is nearest to (lat, lon),
 * by equirectangular distance (good to a fraction of a percent at commune scale). Unscoped:
 * citizens and Open311 clients locate themselves. *code (arena copy) and *id get the commune,
 * *km the distance to its centroid (callers may refuse a point far from every commune).
 * DV_EINVAL when lat/lon are not finite or out of range; DV_ENOTFOUND when no commune has a
 * centroid. A later refinement tests the point against the commune boundaries first
 * (shared/data) and falls back to this.
 */
enum dv_err area_nearest_commune(struct db *db, double lat, double lon, struct arena *a,
                                 const char **code, int64_t *id, double *km, struct dv_error *e);

#endif
