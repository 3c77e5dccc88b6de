/* agg_check.h: an aggregate table against the facts grouped the same way: two result streams
 * sorted by key (an id, a month or a day, a second id) merged in C, each difference a report
 * line. */
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
	/* the key's two id columns, as the report names them; t_name NULL: t is always 0 and the
	 * report leaves it out (a key of an id and a day) */
	const char *k_name, *t_name;
	const char *const *v_names;   /* nv value names */
	size_t nv;
	/* both give: k, month, t, v1..vn, ordered by k, month, t (months compare as bytes; the
	 * middle column may be a day "YYYY-MM-DD" or NULL, read as "") */
	const char *facts_sql, *stored_sql;
	/* how t is written in the report (NULL: the number); buf has 48 bytes */
	const char *(*t_label)(int64_t t, char *buf);
	/* how the report names the middle column (NULL: "month") */
	const char *m_name;
};

/* Compare; each key whose values differ (or that only one side has) adds a line to `report`
 * and one to *diffs (not reset). */
enum dv_err agg_check_run(struct db *db, const struct agg_check *c, struct strbuf *report,
			  int64_t *diffs, struct dv_error *e);

#endif
