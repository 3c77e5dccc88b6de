/* geo.h: loading the province and commune boundaries (shared-data GeoJSON) into area_shape. */
#ifndef DV_APP_GEO_H
#define DV_APP_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/* The file names in shared/data (and the project's data/ copy). */
#define GEO_PROVINCES_FILE "vn-provinces-simplified.geojson"
#define GEO_COMMUNES_FILE  "vn-wards-simplified.geojson"

/* How many unmatched or missing codes a report names (the rest are counted). */
#define GEO_LIST_MAX 10

struct geo_opts {
	/*
	 * GeoJSON FeatureCollections of Polygon or MultiPolygon features, WGS84. Provinces: the
	 * code is the feature's "id" or properties.code. Communes: the same, and
	 * properties.province_code. Either may be NULL (not loaded).
	 */
	const char *provinces_path;
	const char *communes_path;
	const char *provinces; /* comma-separated province codes to load ("01,79"); NULL = all */
	const char *actor;     /* audit label, e.g. "cli" */
	/* Progress: "shapes", done of total; may be NULL. */
	void (*progress)(const char *what, size_t done, size_t total, void *arg);
	void *progress_arg;
};

/*
 * One shape, projected and simplified: see migration 0005_geo for the meaning of the fields.
 * `path` is owned by the set.
 */
struct geo_shape {
	char code[16];
	char frame[16]; /* "VN" for a province, the province's code for a commune */
	int level;      /* AREA_PROVINCE or AREA_COMMUNE */
	char *path;
	int min_x, min_y, max_x, max_y;
	int label_x, label_y;
	bool inset;
	int points;
	const char *source; /* the file's base name, borrowed from the options */
};

/* What geo_read made; free with geo_set_free. */
struct geo_set {
	struct geo_shape *v;
	size_t n;
	int64_t features; /* read from the files, including those of provinces left out */
	int64_t outside;  /* features of provinces left out by opts->provinces */
};

struct geo_stats {
	int64_t features;            /* read from the files */
	int64_t provinces, communes; /* shapes stored */
	int64_t insets;              /* of which drawn in an inset (far-flung archipelagos) */
	int64_t points, bytes;       /* vertices and bytes of path data stored */
	/* features of provinces not in the database (or left out by opts->provinces) */
	int64_t outside;
	/* features whose province is in the database but whose code is not: the first codes */
	int64_t unmatched;
	char unmatched_codes[GEO_LIST_MAX][16];
	size_t n_unmatched_codes;
	/* provinces and communes in force that have no shape after the load: the first codes */
	int64_t missing;
	char missing_codes[GEO_LIST_MAX][33];
	size_t n_missing_codes;
};

/*
 * Read and check both files completely, then project (each province in the national frame, each
 * commune in its province's frame, parts far from the rest in insets: core/geom.h) and simplify
 * for the screen. Bad input is DV_EINVAL naming the file, the feature and the field. Touches no
 * database, so a caller can refuse bad files before changing anything.
 */
enum dv_err geo_read(const struct geo_opts *o, struct geo_set **out, struct dv_error *e);
void geo_set_free(struct geo_set *s);

/*
 * Store the shapes of `s` for the areas that exist (matched by code), replacing earlier ones,
 * in ONE write transaction with one audit record; report what matched and what did not. Needs
 * PERM_AREA_WRITE (the CLI passes scope_system()); `db` must not be in a transaction.
 */
enum dv_err geo_store(struct db *db, const struct scope *sc, const struct geo_set *s,
                      const struct geo_opts *o, struct geo_stats *st, struct dv_error *e);

/* geo_read then geo_store. */
enum dv_err geo_import(struct db *db, const struct scope *sc, const struct geo_opts *o,
                       struct geo_stats *st, struct dv_error *e);

#endif
