/* dash.h: dashboards, periodic reports and the public portal's figures of an area's subtree for
 * an official period, computed from the aggregate tables and cached while they are unchanged. */
#ifndef DV_APP_DASH_H
#define DV_APP_DASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/period.h"
#include "core/scope.h"
#include "store/dash.h"
#include "store/work.h"

struct dash_child {
	struct dash_area area;
	struct case_figures cases;
	int64_t overdue;
	struct work_figures work;
	struct model_figures models;
};
struct dash_month {
	char month[8];
	struct case_figures cases;
	struct work_figures work;
};
struct dashboard {
	struct dash_area area;
	struct period period;
	char today[11];          /* "overdue now" is as of this day */
	bool public_;            /* computed for the portal (official areas only) */
	int64_t version;         /* the aggregates' version it was computed at */
	struct case_figures cases;
	int64_t overdue;
	struct work_figures work;
	struct model_figures models;
	struct dash_month months[12];
	int n_months;
	struct case_row *kinds, *topics; /* kinds: code = the kind's name */
	size_t n_kinds, n_topics;
	struct rollup_row *types;        /* activities by type */
	size_t n_types;
	struct dash_child *children;     /* every child area in force, in code order */
	size_t n_children;
};

/*
 * The dashboard of area `area_code` (NULL or "": the caller's unit's home area) for period `p`:
 * `sc` a signed-in caller (the area must be in their areas: else DV_ENOTFOUND), or NULL for the
 * public portal (official areas in force). Shared and read-only: release it with
 * app_dashboard_release. Reads in the caller's transaction (open a read one around it).
 * *hit (may be NULL) says whether it came from the cache.
 */
enum dv_err app_dashboard(struct app *app, struct db *db, const struct scope *sc,
			  const char *area_code, const struct period *p, dv_date today,
			  const struct dashboard **out, bool *hit, struct dv_error *e);
void app_dashboard_release(const struct dashboard *d);
/*
 * Something drawn from a dashboard (an SVG map or chart), kept with it under `key` for as long
 * as the dashboard is cached. get: the text or NULL; put: keeps a copy (the first one wins) and
 * returns the kept text (NULL when out of memory).
 */
const char *app_dashboard_blob(const struct dashboard *d, const char *key, size_t *len);
const char *app_dashboard_blob_put(const struct dashboard *d, const char *key, const char *text,
				   size_t len);

/* The published-count rule: the count, or -1 when it is above 0 and below `min`. */
int64_t dash_public_count(int64_t n, int64_t min);

/* On-time rate in percent of decided cases (-1 when none decided). */
double dash_on_time_percent(const struct case_figures *f);
/* The rate as published with threshold `min` (0: no threshold): -1 also when fewer than `min`
 * were decided, or when the cases on time or late number 1 to min - 1 (the rate would give
 * them away). */
double dash_rate_shown(const struct case_figures *f, int64_t min);

/* Plan progress for the dashboard: the caller's subtree's approved plans of the period's year. */
struct dash_plan {
	int64_t id;
	const char *unit_name, *title;
	int year, quarter;
	size_t n_targets;
	double percent;  /* mean of the targets' percents, each capped at 100 */
};
enum dv_err app_dashboard_plans(struct app *app, struct db *db, const struct scope *sc,
				const struct period *p, dv_date today, size_t limit,
				struct arena *a, struct dash_plan **out, size_t *n,
				int64_t *total, struct dv_error *e);

#endif
