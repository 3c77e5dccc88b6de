/* copy.h: copy a whole danvan database into an empty one (SQLite to PostgreSQL, the upgrade
 * path of a growing installation), then verify it. */
#ifndef DV_STORE_COPY_H
#define DV_STORE_COPY_H

#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

/* Every table of the schema in the order copies must follow (referenced tables first). */
struct store_table {
	const char *name;
	const char *order_by;          /* a total order, for stable copies */
	const char *deferred[3];       /* self-references, set after all rows are in */
	const char *identity;          /* the auto-increment column to re-seed, or NULL */
};
extern const struct store_table store_tables[];

struct copy_report {
	int tables;
	int64_t rows;
	int64_t closure_rows;          /* area_closure + unit_closure, verified */
};

/*
 * Copy every row of `src` into `dst`. Both must have the current schema (the caller migrates
 * `dst` first) and `dst` must hold no data (DV_ECONFLICT otherwise). The copy is one write
 * transaction on `dst`, read from one snapshot of `src`: on any error nothing is kept. Then
 * it verifies, table by table, that the row counts match, and that both closure tables match
 * the source and are consistent with the parent links. `progress` (may be NULL) is called per
 * batch with the table, rows done and rows in that table.
 */
enum dv_err store_copy(struct db *src, struct db *dst,
		       void (*progress)(const char *table, int64_t done, int64_t total, void *arg),
		       void *arg, struct copy_report *out, struct dv_error *e);

#endif
