/* gen.h: synthetic data for benchmarks, written through the same paths as real input. */
#ifndef DV_APP_GEN_H
#define DV_APP_GEN_H

#include <stdint.h>

#include "app/app.h"
#include "app/work.h"
#include "base/err.h"
#include "store/db.h"

/*
 * `n` activities of `year` by the units of a built demo (every unit, each in its home area or,
 * for half of a commune unit's, one of the commune's villages), of every active type with one
 * of its measures, reproducible from `seed`: loaded through app_activity_import_rows (the
 * import's checks, batches and rollups) as the system. `progress` every 10,000 rows.
 */
enum dv_err app_gen_activities(struct app *app, struct db *db, int64_t n, uint64_t seed,
			       int year, import_progress_fn progress, void *arg,
			       struct import_report *rep, struct dv_error *e);

#endif
