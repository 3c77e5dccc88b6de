/* agg_check.c: the merge of an aggregate table's rows with the facts grouped the same way. A
 * full outer join of two unindexed groupings costs quadratic time in SQLite; two sorted
 * streams compared key by key cost one pass each. */
#include "store/agg_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

struct row {
	bool valid;
	int64_t k, t;
	char month[16]; /* a month or a day */
	double v[AGG_CHECK_MAX_VALUES];
};

/* The next row of a stream into r (r->valid false at its end); false on a database error. */
static bool next(struct db_stmt *st, size_t nv, struct row *r)
{
	enum db_step rc = db_step(st);
	const char *m;

	r->valid = rc == DB_ROW;
	if (!r->valid)
		return rc == DB_DONE;
	r->k = db_col_int64(st, 0);
	m = db_col_text(st, 1);
	snprintf(r->month, sizeof(r->month), "%s", m ? m : "");
	r->t = db_col_int64(st, 2);
	for (size_t i = 0; i < nv; i++)
		r->v[i] = db_col_double(st, 3 + (int)i);
	return true;
}

static int cmp(const struct row *a, const struct row *b)
{
	int c;

	if (!a->valid || !b->valid)
		return a->valid ? -1 : b->valid ? 1 : 0;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	c = strcmp(a->month, b->month);
	if (c)
		return c;
	return a->t < b->t ? -1 : a->t > b->t ? 1 : 0;
}

static bool differ(double a, double b)
{
	return a - b > 0.001 || b - a > 0.001;
}

static void report_line(struct strbuf *report, const struct agg_check *c, const struct row *key,
			const double *stored, const double *facts)
{
	char buf[48];

	strbuf_addf(report, "%s %s=%lld %s=%s", c->table, c->k_name, (long long)key->k,
		    c->m_name ? c->m_name : "month", key->month);
	if (c->t_name) {
		strbuf_addf(report, " %s=", c->t_name);
		if (c->t_label)
			strbuf_addstr(report, c->t_label(key->t, buf));
		else
			strbuf_addf(report, "%lld", (long long)key->t);
	}
	strbuf_addch(report, ':');
	for (size_t i = 0; i < c->nv; i++)
		if (differ(stored[i], facts[i]))
			strbuf_addf(report, " %s stored %.15g, from the facts %.15g", c->v_names[i],
				    stored[i], facts[i]);
	strbuf_addch(report, '\n');
}

enum dv_err agg_check_run(struct db *db, const struct agg_check *c, struct strbuf *report,
			  int64_t *diffs, struct dv_error *e)
{
	static const double zero[AGG_CHECK_MAX_VALUES];
	struct db_stmt *fs, *ss;
	struct row f, s;
	size_t nv = c->nv;

	if (nv > AGG_CHECK_MAX_VALUES)
		return dv_fail(e, DV_EINVAL, "checking %s: too many values", c->table);
	fs = db_prepare(db, c->facts_sql);
	if (!fs)
		return db_fail(db, e, "checking the aggregates");
	ss = db_prepare(db, c->stored_sql);
	if (!ss || !next(fs, nv, &f) || !next(ss, nv, &s)) {
		db_reset(fs);
		if (ss)
			db_reset(ss);
		return db_fail(db, e, "checking the aggregates");
	}
	while (f.valid || s.valid) {
		int d = cmp(&f, &s);
		bool ok;

		if (d < 0) { /* in the facts only */
			(*diffs)++;
			report_line(report, c, &f, zero, f.v);
			ok = next(fs, nv, &f);
		} else if (d > 0) { /* stored only */
			(*diffs)++;
			report_line(report, c, &s, s.v, zero);
			ok = next(ss, nv, &s);
		} else {
			size_t i;

			for (i = 0; i < nv && !differ(s.v[i], f.v[i]); i++)
				;
			if (i < nv) {
				(*diffs)++;
				report_line(report, c, &f, s.v, f.v);
			}
			ok = next(fs, nv, &f) && next(ss, nv, &s);
		}
		if (!ok) {
			db_reset(fs);
			db_reset(ss);
			return db_fail(db, e, "checking the aggregates");
		}
	}
	return DV_OK;
}
