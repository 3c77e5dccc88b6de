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

/*
 * `n` citizens' cases received in `year` (from the first day a rule set is in force, up to
 * today in the current year) in the communes in force of a built demo, reproducible from
 * `seed`: every commune gets some (the first cases go one to each) and the rest fall by a
 * weight drawn per province and commune; kinds in realistic proportions (feedback most, then
 * first-time complaints, voters' petitions, anonymous information, a few second-time
 * complaints; no denunciations), topics from the topic table, channels staff and the web form
 * use. About 85% are decided (a tenth of them after the settlement clock ran out), 5% withdrawn
 * or refused and closed, 10% still open (some overdue). Each is written through the store
 * calls of the intake and the workflow: case_insert (handler, received count), the clocks of
 * the deadline engine from the rule set in force and the holidays, the timeline events,
 * acceptance and decision counts (case_agg_accepted, case_agg_decided), the case row by
 * case_update; routed to the commune's people's committee by routing_resolve (per case when
 * routing rules exist). Tracking codes come from tracking_make and never repeat within a run.
 * Transactions of 5,000 cases; one audit record ("case.gen") for the whole run; `progress`
 * every 10,000 cases. *written gets the cases committed (also on error).
 */
enum dv_err app_gen_cases(struct app *app, struct db *db, int64_t n, uint64_t seed, int year,
			  import_progress_fn progress, void *arg, int64_t *written,
			  struct dv_error *e);

#endif
