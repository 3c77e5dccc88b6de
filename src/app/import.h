/* import.h: importing the official provinces and communes (shared-data JSON, centroid CSV). */
#ifndef DV_IMPORT_H
#define DV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/* Progress: `what` ("areas"), done of total; called every few hundred rows and at the end. */
typedef void (*import_progress_fn)(const char *what, size_t done, size_t total, void *arg);

struct import_opts {
	const char *json_path;      /* vn-units-2025.json: array of provinces with "Wards" */
	const char *centroids_path; /* vn-ward-centroids.csv, or NULL */
	const char *provinces; /* comma-separated province codes to keep ("01,79"); NULL = all */
	const char *actor;     /* audit label, e.g. "cli" */
	import_progress_fn progress; /* may be NULL */
	void *progress_arg;
};

struct import_stats {
	int64_t inserted;  /* areas created */
	int64_t updated;   /* areas that existed and were updated */
	int64_t centroids; /* areas given a centroid from the CSV */
	int64_t provinces; /* provinces in the result */
	int64_t communes;  /* communes in the result */
};

/*
 * Read and check both files completely, then insert or update every province (under the
 * nation area "VN", which must exist) and commune in ONE write transaction, with one audit
 * record. Bad input is DV_EINVAL naming the file, the row and the field; on any error nothing
 * is changed. Needs PERM_AREA_WRITE (the CLI passes scope_system()). `db` must not be in a
 * transaction.
 */
enum dv_err import_areas(struct db *db, const struct scope *sc, const struct import_opts *opts,
                         struct import_stats *stats, struct dv_error *e);

/* True when `code` is listed in the comma-separated `list` (NULL list = everything). */
bool import_code_listed(const char *list, const char *code);

#endif
