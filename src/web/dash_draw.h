/* dash_draw.h: a dashboard drawn for a page: the choropleth of its child areas (cached with the
 * dashboard), charts by month and by child, and the tables giving the same figures. Shared by
 * the signed-in dashboard, the periodic report and the public portal. */
#ifndef DV_WEB_DASH_DRAW_H
#define DV_WEB_DASH_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include "app/dash.h"
#include "web/http.h"

/* What a map colours its areas by. */
enum dash_measure { DM_RECEIVED, DM_ON_TIME, DM_OVERDUE, DM_ACTIVITIES, DM_PERSONS, DM__COUNT };

/* How a page links to an area: prefix + code + suffix ("/dashboard?area=" "01" "&period=2026"). */
struct dash_links {
	const char *prefix, *suffix;
	int64_t min_count; /* > 0 on the portal: counts from 1 to min_count - 1 are not shown */
};

/* ?measure= (default received); false when unknown or not public on the portal. */
bool dash_measure_parse(const char *s, bool public_, enum dash_measure *out);
const char *dash_measure_code(enum dash_measure m);
const char *dash_measure_label(struct request *req, enum dash_measure m);

/* A count as a page shows it: "< 5" when suppressed. */
const char *dash_count(struct request *req, int64_t n, int64_t min_count);
/* The on-time rate "93,5" or "–" (none decided, or fewer than min_count on the portal). */
const char *dash_rate(struct request *req, const struct case_figures *f, int64_t min_count);
/* "07/2026" */
const char *dash_month_label(struct request *req, const char *ym);

/*
 * Write what `draw` writes for this dashboard, drawn once and kept with it under `key` (the
 * caller puts in the key everything the drawing depends on besides the dashboard: language,
 * measure, unit...). `arg` is passed to `draw`, which returns false when what it wrote must not
 * be kept (an error message).
 */
typedef bool (*dash_draw_fn)(struct request *req, struct strbuf *b, const struct dashboard *d,
			     const void *arg);
void dash_cached(struct request *req, struct strbuf *b, const struct dashboard *d,
		 const char *key, dash_draw_fn draw, const void *arg);

/* The map of the children coloured by `m` (drawn once per dashboard, language and measure). */
void dash_draw_map(struct request *req, struct strbuf *b, const struct dashboard *d,
		   enum dash_measure m, const struct dash_links *l);
/* Cases received, settled and settled on time by month (line chart), then activities by month
 * (bars). */
void dash_draw_months(struct request *req, struct strbuf *b, const struct dashboard *d,
		      int64_t min_count);
/* The children's received cases as bars, each a link. */
void dash_draw_children(struct request *req, struct strbuf *b, const struct dashboard *d,
			const struct dash_links *l);

/* Tables: headline figures; by month; by kind and topic; activities by type; by child. */
void dash_table_headline(struct request *req, struct strbuf *b, const struct dashboard *d,
			 int64_t min_count);
void dash_table_months(struct request *req, struct strbuf *b, const struct dashboard *d,
		       int64_t min_count);
void dash_table_kinds_topics(struct request *req, struct strbuf *b, const struct dashboard *d,
			     int64_t min_count);
void dash_table_types(struct request *req, struct strbuf *b, const struct dashboard *d,
		      int64_t min_count);
void dash_table_children(struct request *req, struct strbuf *b, const struct dashboard *d,
			 const struct dash_links *l);

#endif
