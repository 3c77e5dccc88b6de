/* svg.h: server-drawn SVG: line and bar charts and choropleth maps, written into a strbuf with
 * every text escaped; pure (no request, no database), so pages, reports and tests share it. */
#ifndef DV_WEB_SVG_H
#define DV_WEB_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/*
 * The output is one <svg> element (no XML declaration) for inline use in a page: a viewBox in
 * user units, width and height attributes as the natural size (the stylesheet's .svg-chart and
 * .svg-map rules let it shrink), fonts and colours as presentation attributes (the pages' CSP
 * forbids style="" and scripts: neither is ever written). It is also a well-formed XML document
 * by itself. Every text (titles, labels, links) goes through the XML escaping of xmlw.h, which
 * also replaces the control characters XML cannot carry; texts must be valid UTF-8 (the input
 * checks guarantee it). Links must be relative ("/...", "?...", "#...") or http(s); any other
 * is dropped (the region or bar is drawn without a link). Programming errors (NULL arrays with
 * a count, a missing title) write nothing and mark the buffer failed.
 *
 * Accessibility: charts are role="img", named by their <title> and described by their <desc>
 * (aria-labelledby, aria-describedby); every bar, point and region carries its own <title>
 * ("Tháng 3 — Received: 12"). A map is role="group" so that its regions stay reachable links,
 * each named by its <title>. Pages should still give the same figures as a table.
 */

/* How numbers are written: "1.234,5" in Vietnamese, "1,234.5" in English. */
struct svg_num {
	char group; /* thousands separator; 0 for none */
	char point; /* decimal separator; 0 for '.' */
};
#define SVG_NUM_VI ((struct svg_num){'.', ','})
#define SVG_NUM_EN ((struct svg_num){',', '.'})

/* One labelled series: ncat values (the chart's), NAN where there is none (a gap, no bar). */
struct svg_series {
	const char *label;
	const double *values;
};

struct svg_chart {
	/* Unique in the page ([A-Za-z0-9_-], else "svg"): prefix of the <title>/<desc> ids. */
	const char *id;
	const char *title;             /* required */
	const char *desc;              /* may be NULL */
	const char *const *categories; /* ncat labels: months, units, areas */
	const char *const *hrefs;      /* NULL, or a drill-down link per category (NULL entries) */
	size_t ncat;
	const struct svg_series *series;
	size_t nseries;
	const char *unit; /* what the values count ("vụ việc"), over the value axis; may be NULL */
	/* viewBox size; 0 = 640 wide, 320 high (a horizontal bar chart: 24 per category) */
	int width, height;
	/* Digits after the point of the values; 0 also keeps the ticks on whole numbers. */
	int decimals;
	struct svg_num num;
	/* Bar charts: bars growing to the right, categories down the left (long names). */
	bool horizontal;
};

/*
 * A line per series over the categories (months), with points; a value axis from 0 (or below,
 * for negative values) with round ticks and grid lines; a legend when there are several series.
 */
void svg_line_chart(struct strbuf *sb, const struct svg_chart *c);
/* Grouped bars: per category one bar per series, the category a link when hrefs[i] is set. */
void svg_bar_chart(struct strbuf *sb, const struct svg_chart *c);

/* Round ticks: lo, lo + step, ..., hi (n of them), step 1, 2, 2.5 or 5 times a power of 10. */
struct svg_ticks {
	double lo, hi, step;
	int n;
	int decimals; /* what the labels need */
};

/*
 * Ticks covering [lo, hi] with about `target` intervals (at least 2); `integers` keeps the step
 * a whole number. An empty or reversed range becomes [lo, lo + 1]; NaN bounds become 0.
 */
void svg_nice_ticks(double lo, double hi, int target, bool integers, struct svg_ticks *t);

/* A number as the chart writes it ("1.234,5" with SVG_NUM_VI and 1 decimal). */
void svg_number(struct strbuf *sb, double v, int decimals, struct svg_num num);

/* ---- choropleth maps ---- */

enum svg_mark {
	SVG_VALUE = 0,  /* coloured by its class */
	SVG_NO_DATA,    /* grey: nothing recorded, or not applicable */
	SVG_SUPPRESSED, /* hatched: a count too small to publish (the portal's threshold) */
};

/* One child area; its path and box come from store/area_shape.h (all children of one frame). */
struct svg_region {
	const char *path; /* SVG path data in the frame's units; NULL or "" draws nothing */
	int min_x, min_y, max_x, max_y;
	bool inset; /* drawn in an inset of the frame: boxed */
	enum svg_mark mark;
	double value;      /* when mark == SVG_VALUE */
	const char *href;  /* drill-down link, or NULL */
	const char *title; /* the area's name; ": value" (or the mark's label) is appended */
};

enum svg_classing {
	SVG_QUANTILES = 0,   /* about as many regions in each class (skewed counts) */
	SVG_EQUAL_INTERVALS, /* classes of equal width between the smallest and largest value */
};

#define SVG_MAX_CLASSES 7

struct svg_map {
	const char *id, *title, *desc; /* as in svg_chart */
	const struct svg_region *regions;
	size_t n;
	int classes; /* 2 to SVG_MAX_CLASSES; 0 = 5 */
	enum svg_classing classing;
	const char *legend_title;     /* e.g. "Vụ việc tiếp nhận"; may be NULL */
	const char *no_data_label;    /* legend and region text for SVG_NO_DATA */
	const char *suppressed_label; /* legend and region text for SVG_SUPPRESSED */
	int decimals;
	struct svg_num num;
	int width; /* natural width of the whole figure; 0 = 640 */
};

/*
 * The regions (each an <a href> around its <path> when it has a link, in the order given),
 * filled by class on a sequential blue scale (ColorBrewer "Blues"), grey for no data, hatched
 * for suppressed; a box around inset regions; the legend to the right: one swatch per class
 * with its range, then the no-data and suppressed swatches when any region has them.
 */
void svg_choropleth(struct strbuf *sb, const struct svg_map *m);

/*
 * Class breaks of the n finite values: breaks[0] = smallest, breaks[k] = largest, class i
 * holds [breaks[i], breaks[i+1]) (the last one also its upper end). Equal breaks are merged,
 * so k may be less than `classes` (1 when every value is the same; 0 when there is none).
 * With `integers` the breaks are whole numbers. breaks has room for SVG_MAX_CLASSES + 1.
 */
int svg_class_breaks(const double *values, size_t n, int classes, enum svg_classing how,
                     bool integers, double *breaks);
/* The class (0 to k-1) of v for those breaks. */
int svg_class_of(const double *breaks, int k, double v);

#endif
