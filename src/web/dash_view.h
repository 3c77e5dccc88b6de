/* dash_view.h: what the dashboard's JSON API, pages, reports and the portal share: reading the
 * area and period asked for, and writing a dashboard as JSON. */
#ifndef DV_WEB_DASH_VIEW_H
#define DV_WEB_DASH_VIEW_H

#include <stdbool.h>

#include "app/dash.h"
#include "web/http.h"
#include "web/jsonw.h"

/* `period` from the query (default: the current year); false with a 400 answer when bad. */
bool dash_period_param(struct request *req, struct response *resp, struct period *p);
/*
 * Open a read transaction and get the dashboard of `area_code` (NULL or "": default: the caller's home area, or
 * "VN" for the public) for `p`; false when it answered an error (404 for an area out of scope).
 * Close with dash_view_done.
 */
bool dash_view_open(struct request *req, struct response *resp, bool public_,
		    const char *area_code, const struct period *p, const struct dashboard **d,
		    bool *own);
void dash_view_done(struct request *req, const struct dashboard *d, bool own);

/* What a report adds to the figures: the overdue cases, longest overdue first, and the approved
 * plans of the caller's subtree for the period's year. */
#define DASH_REPORT_OVERDUE 500
#define DASH_REPORT_PLANS 50
struct dash_report {
	struct overdue_row *od;
	size_t nod;
	int64_t total_od;
	struct dash_plan *plans;
	size_t np;
	int64_t total_plans;
};
/* dash_view_open of ?area= for `p`, then what the report adds; false when it answered. */
bool dash_report_open(struct request *req, struct response *resp, const struct period *p,
		      const struct dashboard **d, struct dash_report *r, bool *own);
/*
 * The dashboard as one JSON object. `min_count` > 0 (the portal): counts from 1 to min_count - 1
 * are null, rates over fewer decisions too, and what only officers see (acceptances, overdue)
 * is left out. `href_base` ("/dashboard?area=") prefixes each child's drill-down link.
 */
void dash_json(struct jsonw *w, const struct dashboard *d, int64_t min_count,
	       const char *href_base, const char *period_code);

#endif
