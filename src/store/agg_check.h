/* agg_check.h: an aggregate table against the facts grouped the same way: two result streams
 * sorted by key (an id, a month, a second id) merged in C, each difference a report line. */
#ifndef DV_STORE_AGG_CHECK_H
#define DV_STORE_AGG_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "store/db.h"

#define AGG_CHECK_MAX_VALUES 8

struct agg_check {
	const char *table;            /* named in the report */
	const char *k_name, *t_name;  /* the key's two id columns, as the report names them */
	const char *const *v_names;   /* nv value names */
	size_t nv;
	/* both give: k, month, t, v1..vn, ordered by k, month, t (months compare as bytes) */
	const char *facts_sql, *stored_sql;
	/* how t is written in the report (NULL: the number); buf has 48 bytes */
	const char *(*t_label)(int64_t t, char *buf);
};

/* Compare; each key whose values differ (or that only one side has) adds a line to `report`
 * and one to *diffs (not reset). */
enum dv_err agg_check_run(struct db *db, const struct agg_check *c, struct strbuf *report,
			  int64_t *diffs, struct dv_error *e);

#endif
