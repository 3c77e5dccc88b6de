/* area_geo.c: the nearest commune to a point, by centroid, on both engines. */
#include "store/area_geo.h"

#include <math.h>

#include "core/kinds.h"

#include "base/banned.h"

/*
 * Plain arithmetic only (no trigonometry in SQL: SQLite may lack it): squared distance in
 * degrees with longitude scaled by cos(latitude), computed here and bound. The centroid
 * columns are indexed nowhere, but communes number a few thousand.
 */
static const char sql_nearest[] =
    "SELECT a.id, a.code, a.lat, a.lon FROM area a"
    " WHERE a.level = ? AND a.valid_to IS NULL AND a.lat IS NOT NULL AND a.lon IS NOT NULL"
    " ORDER BY (a.lat - ?) * (a.lat - ?) + (a.lon - ?) * (a.lon - ?) * ?, a.id LIMIT 1";

#define EARTH_KM_PER_DEGREE 111.195

enum dv_err area_nearest_commune(struct db *db, double lat, double lon, struct arena *a,
                                 const char **code, int64_t *id, double *km, struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	double k, dlat, dlon;
	const char *c;

	if (!isfinite(lat) || !isfinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return dv_fail(e, DV_EINVAL, "location '%g,%g' is not a latitude and longitude",
		               lat, lon);
	k = cos(lat * M_PI / 180.0);
	k *= k;
	st = db_prepare(db, sql_nearest);
	if (!st)
		return db_fail(db, e, "finding the nearest commune");
	if (db_bind_int64(st, 1, AREA_COMMUNE) || db_bind_double(st, 2, lat) ||
	    db_bind_double(st, 3, lat) || db_bind_double(st, 4, lon) ||
	    db_bind_double(st, 5, lon) || db_bind_double(st, 6, k)) {
		db_reset(st);
		return db_fail(db, e, "finding the nearest commune");
	}
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "finding the nearest commune");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "no commune has a centroid near '%g,%g'", lat, lon);
	c = arena_strdup(a, db_col_text(st, 1));
	if (!c) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "finding the nearest commune: out of memory");
	}
	if (id)
		*id = db_col_int64(st, 0);
	dlat = db_col_double(st, 2) - lat;
	dlon = (db_col_double(st, 3) - lon) * sqrt(k);
	db_reset(st);
	*code = c;
	if (km)
		*km = sqrt(dlat * dlat + dlon * dlon) * EARTH_KM_PER_DEGREE;
	return DV_OK;
}
