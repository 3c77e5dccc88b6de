/* dash_draw.c: maps, charts and tables of a dashboard for the pages (see dash_draw.h). */
#include "web/dash_draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "core/workflow.h"
#include "store/area_shape.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/svg.h"

#include "base/banned.h"

static const struct {
	const char *code;
	enum msg_id label;
	bool public_;
} measures[DM__COUNT] = {
	[DM_RECEIVED] = {"received", M_DASH_RECEIVED, true},
	[DM_ON_TIME] = {"on_time", M_DASH_ON_TIME_PCT, true},
	[DM_OVERDUE] = {"overdue", M_DASH_OVERDUE, false},
	[DM_ACTIVITIES] = {"activities", M_ROLL_N, true},
	[DM_PERSONS] = {"persons", M_DASH_PERSONS, true},
};

static bool en(const struct request *req)
{
	return req->lang == LANG_EN;
}

static struct svg_num num(const struct request *req)
{
	return en(req) ? SVG_NUM_EN : SVG_NUM_VI;
}

bool dash_measure_parse(const char *s, bool public_, enum dash_measure *out)
{
	*out = DM_RECEIVED;
	if (!s || !*s)
		return true;
	for (int i = 0; i < DM__COUNT; i++)
		if (!strcmp(s, measures[i].code) && (!public_ || measures[i].public_)) {
			*out = (enum dash_measure)i;
			return true;
		}
	return false;
}

const char *dash_measure_code(enum dash_measure m)
{
	return measures[(unsigned)m < DM__COUNT ? m : 0].code;
}

const char *dash_measure_label(struct request *req, enum dash_measure m)
{
	return T(req, measures[(unsigned)m < DM__COUNT ? m : 0].label);
}

const char *dash_count(struct request *req, int64_t n, int64_t min)
{
	const char *s;

	if (min > 0 && dash_public_count(n, min) < 0) {
		s = arena_printf(req->arena, "< %lld", (long long)min);
		return s ? s : "<";
	}
	return page_int(req, n);
}

const char *dash_rate(struct request *req, const struct case_figures *f, int64_t min)
{
	double pct = dash_rate_shown(f, min);

	if (pct < 0)
		return "–";
	return page_num(req, pct, 1);
}

const char *dash_month_label(struct request *req, const char *ym)
{
	const char *s;

	if (!ym || strlen(ym) != 7)
		return ym ? ym : "";
	s = arena_printf(req->arena, "%.2s/%.4s", ym + 5, ym);
	return s ? s : ym;
}

static const char *link(struct request *req, const struct dash_links *l, const char *code)
{
	const char *s = arena_printf(req->arena, "%s%s%s", l->prefix, code, l->suffix);

	return s ? s : "";
}

static const char *name(struct request *req, const struct dash_area *a)
{
	return page_pick(req, a->name, a->name_en);
}

/* ---- the map ---- */

static int child_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dash_child *)elem)->area.code);
}

/* A region's value and mark for measure m. */
static void region_value(const struct dash_child *c, enum dash_measure m, int64_t min,
			 struct svg_region *r)
{
	int64_t n = 0;

	r->mark = SVG_VALUE;
	switch (m) {
	case DM_ON_TIME:
		if (c->cases.decided == 0)
			r->mark = SVG_NO_DATA;
		else if ((r->value = dash_rate_shown(&c->cases, min)) < 0)
			r->mark = SVG_SUPPRESSED;
		return;
	case DM_OVERDUE:
		n = c->overdue;
		break;
	case DM_ACTIVITIES:
		r->value = (double)c->work.n;
		return;
	case DM_PERSONS:
		n = c->work.persons;
		break;
	default:
		n = c->cases.received;
		break;
	}
	if (min > 0 && dash_public_count(n, min) < 0)
		r->mark = SVG_SUPPRESSED;
	else
		r->value = (double)n;
}

static void draw_map(struct request *req, struct strbuf *out, const struct dashboard *d,
		     enum dash_measure m, const struct dash_links *l)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area_shape *shapes = NULL;
	struct svg_region *regions;
	size_t n = 0, i;
	struct svg_map map;
	enum dv_err ret;
	const char *title;

	ret = d->public_ ? area_shape_public_children(req->db, d->area.code, req->arena, &shapes,
						      &n, &e)
			 : area_shape_children(req->db, &req->scope, d->area.code, req->arena,
					       &shapes, &n, &e);
	if (ret || !n)
		return;
	regions = arena_new_array(req->arena, struct svg_region, n);
	if (!regions)
		return;
	for (i = 0; i < n; i++) {
		const struct dash_child *c = bsearch(shapes[i].code, d->children, d->n_children,
						     sizeof(*d->children), child_cmp);
		struct svg_region *r = &regions[i];

		r->path = shapes[i].path;
		r->min_x = shapes[i].min_x;
		r->min_y = shapes[i].min_y;
		r->max_x = shapes[i].max_x;
		r->max_y = shapes[i].max_y;
		r->inset = shapes[i].inset;
		r->title = page_pick(req, shapes[i].name, shapes[i].name_en);
		if (c) {
			region_value(c, m, l->min_count, r);
			r->href = link(req, l, c->area.code);
		} else {
			r->mark = SVG_NO_DATA;
		}
	}
	title = arena_printf(req->arena, "%s: %s — %s", T(req, M_DASH_MAP),
			     page_pick(req, d->area.name, d->area.name_en),
			     dash_measure_label(req, m));
	memset(&map, 0, sizeof(map));
	map.id = "dash-map";
	map.title = title ? title : T(req, M_DASH_MAP);
	map.desc = T(req, M_DASH_CHILD_HINT);
	map.regions = regions;
	map.n = n;
	map.legend_title = dash_measure_label(req, m);
	map.no_data_label = T(req, M_DASH_NO_DATA);
	map.suppressed_label = T(req, M_DASH_SUPPRESSED);
	map.decimals = m == DM_ON_TIME ? 1 : 0;
	map.num = num(req);
	map.width = 720;
	svg_choropleth(out, &map);
}

void dash_cached(struct request *req, struct strbuf *b, const struct dashboard *d,
		 const char *key, dash_draw_fn draw, const void *arg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text;
	size_t len = 0;
	bool keep;

	text = app_dashboard_blob(d, key, &len);
	if (text) {
		strbuf_add(b, text, len);
		return;
	}
	strbuf_init(&sb, 8 << 20, 64 * 1024);
	keep = draw(req, &sb, d, arg);
	if (!sb.failed) {
		/* kept for the next request; written here either way */
		if (keep)
			app_dashboard_blob_put(d, key, sb.buf, sb.len);
		strbuf_add(b, sb.buf, sb.len);
	} else {
		b->failed = true;
	}
	strbuf_release(&sb);
}

struct map_arg {
	enum dash_measure m;
	const struct dash_links *l;
};

static bool map_draw(struct request *req, struct strbuf *b, const struct dashboard *d,
		     const void *arg)
{
	const struct map_arg *ma = arg;
	size_t before = b->len;

	draw_map(req, b, d, ma->m, ma->l);
	if (b->len == before)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_DASH_NO_MAP));
	return true;
}

void dash_draw_map(struct request *req, struct strbuf *b, const struct dashboard *d,
		   enum dash_measure m, const struct dash_links *l)
{
	struct map_arg ma = {m, l};
	char key[48];

	snprintf(key, sizeof(key), "map|%s|%s", dash_measure_code(m), en(req) ? "en" : "vi");
	dash_cached(req, b, d, key, map_draw, &ma);
}

/* ---- charts ---- */

static double shown(int64_t n, int64_t min)
{
	return min > 0 && dash_public_count(n, min) < 0 ? NAN : (double)n;
}

void dash_draw_months(struct request *req, struct strbuf *b, const struct dashboard *d,
		      int64_t min)
{
	const char *cats[12];
	double rec[12], dec[12], ontime[12], acts[12];
	struct svg_series s[3], sa[1];
	struct svg_chart c;
	int k, n = d->n_months;

	for (k = 0; k < n; k++) {
		/* months still to come are gaps, not zeros */
		bool ahead = strncmp(d->months[k].month, d->today, 7) > 0;

		cats[k] = dash_month_label(req, d->months[k].month);
		rec[k] = ahead ? NAN : shown(d->months[k].cases.received, min);
		dec[k] = ahead ? NAN : shown(d->months[k].cases.decided, min);
		ontime[k] = ahead ? NAN : shown(d->months[k].cases.on_time, min);
		acts[k] = ahead ? NAN : (double)d->months[k].work.n;
	}
	s[0] = (struct svg_series){T(req, M_DASH_RECEIVED), rec};
	s[1] = (struct svg_series){T(req, M_DASH_DECIDED), dec};
	s[2] = (struct svg_series){T(req, M_DASH_ON_TIME), ontime};
	memset(&c, 0, sizeof(c));
	c.id = "dash-cases";
	c.title = T(req, M_DASH_CASES);
	c.desc = T(req, M_DASH_BY_MONTH);
	c.categories = cats;
	c.ncat = (size_t)n;
	c.series = s;
	c.nseries = 3;
	c.unit = T(req, M_DASH_CASES_UNIT);
	c.num = num(req);
	if (n > 1)
		svg_line_chart(b, &c);
	else
		svg_bar_chart(b, &c);
	sa[0] = (struct svg_series){T(req, M_ROLL_N), acts};
	c.id = "dash-work";
	c.title = T(req, M_DASH_WORK);
	c.series = sa;
	c.nseries = 1;
	c.unit = T(req, M_DASH_ACTIVITIES_UNIT);
	svg_bar_chart(b, &c);
}

void dash_draw_children(struct request *req, struct strbuf *b, const struct dashboard *d,
			const struct dash_links *l)
{
	size_t n = d->n_children, i;
	const char **cats, **hrefs;
	double *rec, *acts;
	struct svg_series s[2];
	struct svg_chart c;

	if (!n)
		return;
	cats = arena_new_array(req->arena, const char *, n);
	hrefs = arena_new_array(req->arena, const char *, n);
	rec = arena_new_array(req->arena, double, n);
	acts = arena_new_array(req->arena, double, n);
	if (!cats || !hrefs || !rec || !acts)
		return;
	for (i = 0; i < n; i++) {
		cats[i] = name(req, &d->children[i].area);
		hrefs[i] = link(req, l, d->children[i].area.code);
		rec[i] = shown(d->children[i].cases.received, l->min_count);
		acts[i] = (double)d->children[i].work.n;
	}
	s[0] = (struct svg_series){T(req, M_DASH_RECEIVED), rec};
	s[1] = (struct svg_series){T(req, M_ROLL_N), acts};
	memset(&c, 0, sizeof(c));
	c.id = "dash-children";
	c.title = T(req, M_DASH_BY_CHILD);
	c.desc = T(req, M_DASH_CHILD_HINT);
	c.categories = cats;
	c.hrefs = hrefs;
	c.ncat = n;
	c.series = s;
	c.nseries = 2;
	c.num = num(req);
	c.horizontal = true;
	svg_bar_chart(b, &c);
}

/* ---- tables ---- */

static void case_heads(struct request *req, struct strbuf *b, bool officer)
{
	html_f(b, "<th scope=\"col\" class=\"num\">%s</th>", T(req, M_DASH_RECEIVED));
	if (officer)
		html_f(b, "<th scope=\"col\" class=\"num\">%s</th>", T(req, M_DASH_ACCEPTED));
	html_f(b,
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th>",
	       T(req, M_DASH_DECIDED), T(req, M_DASH_ON_TIME), T(req, M_DASH_ON_TIME_PCT));
}

static void case_cells(struct request *req, struct strbuf *b, const struct case_figures *f,
		       int64_t min)
{
	html_f(b, "<td class=\"num\">%s</td>", dash_count(req, f->received, min));
	if (!min)
		html_f(b, "<td class=\"num\">%s</td>", page_int(req, f->accepted));
	html_f(b, "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
	       dash_count(req, f->decided, min), dash_count(req, f->on_time, min),
	       dash_rate(req, f, min));
}

static void work_heads(struct request *req, struct strbuf *b)
{
	html_f(b,
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>",
	       T(req, M_ROLL_N), T(req, M_ACT_PARTICIPANTS), T(req, M_ACT_WORKDAYS),
	       T(req, M_ACT_HOUSEHOLDS), T(req, M_ACT_PERSONS), T(req, M_ACT_VALUE_TOTAL));
}

static void work_cells(struct request *req, struct strbuf *b, const struct work_figures *f,
		       int64_t min)
{
	html_f(b,
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
	       page_int(req, f->n), page_int(req, f->participants), page_num(req, f->workdays, 1),
	       dash_count(req, f->households, min), dash_count(req, f->persons, min),
	       page_int(req, f->value_cash + f->value_kind));
}

void dash_table_headline(struct request *req, struct strbuf *b, const struct dashboard *d,
			 int64_t min)
{
	html_raw(b, "<dl class=\"figures\">");
	html_f(b, "<div><dt>%s</dt><dd>%s</dd></div>", T(req, M_DASH_RECEIVED),
	       dash_count(req, d->cases.received, min));
	if (!min)
		html_f(b, "<div><dt>%s</dt><dd>%s</dd></div>", T(req, M_DASH_ACCEPTED),
		       page_int(req, d->cases.accepted));
	html_f(b, "<div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div>",
	       T(req, M_DASH_DECIDED), dash_count(req, d->cases.decided, min),
	       T(req, M_DASH_ON_TIME_PCT), dash_rate(req, &d->cases, min));
	if (!min)
		html_f(b, "<div class=\"%s\"><dt>%s</dt><dd>%s</dd></div>",
		       d->overdue ? "alert" : "ok", T(req, M_DASH_OVERDUE),
		       page_int(req, d->overdue));
	html_f(b,
	       "<div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div>"
	       "<div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div>",
	       T(req, M_ROLL_N), page_int(req, d->work.n), T(req, M_DASH_PERSONS),
	       dash_count(req, d->work.persons, min), T(req, M_ACT_WORKDAYS),
	       page_num(req, d->work.workdays, 1), T(req, M_ACT_VALUE_TOTAL),
	       page_int(req, d->work.value_cash + d->work.value_kind));
	html_f(b,
	       "<div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div>"
	       "<div><dt>%s</dt><dd>%s</dd></div></dl>\n",
	       T(req, M_DASH_REGISTERED), page_int(req, d->models.registered),
	       T(req, M_DASH_RECOGNISED), page_int(req, d->models.recognised),
	       T(req, M_DASH_IN_FORCE), page_int(req, d->models.in_force));
}

void dash_table_months(struct request *req, struct strbuf *b, const struct dashboard *d,
		       int64_t min)
{
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list figures-table\"><caption>%s — %s"
	       "</caption><thead><tr><th scope=\"col\">%s</th>",
	       T(req, M_DASH_BY_MONTH), T(req, M_DASH_CASES), T(req, M_DASH_MONTH));
	case_heads(req, b, !min);
	work_heads(req, b);
	html_raw(b, "</tr></thead><tbody>");
	for (int k = 0; k < d->n_months; k++) {
		html_f(b, "<tr><th scope=\"row\">%s</th>",
		       dash_month_label(req, d->months[k].month));
		case_cells(req, b, &d->months[k].cases, min);
		work_cells(req, b, &d->months[k].work, min);
		html_raw(b, "</tr>");
	}
	html_f(b, "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">%s</th>",
	       T(req, M_DASH_TOTAL));
	case_cells(req, b, &d->cases, min);
	work_cells(req, b, &d->work, min);
	html_raw(b, "</tr></tfoot></table></div>\n");
}

void dash_table_kinds_topics(struct request *req, struct strbuf *b, const struct dashboard *d,
			     int64_t min)
{
	size_t i;
	enum case_kind k;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><caption>%s</caption><thead><tr>"
	       "<th scope=\"col\">%s</th>",
	       T(req, M_DASH_BY_KIND), T(req, M_DASH_KIND));
	case_heads(req, b, !min);
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < d->n_kinds; i++) {
		html_f(b, "<tr><th scope=\"row\">%s</th>",
		       case_kind_parse(d->kinds[i].code, &k) ? case_kind_label(k, en(req))
							     : d->kinds[i].code);
		case_cells(req, b, &d->kinds[i].f, min);
		html_raw(b, "</tr>");
	}
	html_f(b,
	       "</tbody></table></div>\n<div class=\"table-wrap\"><table class=\"list\"><caption>"
	       "%s</caption><thead><tr><th scope=\"col\">%s</th>",
	       T(req, M_DASH_BY_TOPIC), T(req, M_DASH_TOPIC));
	case_heads(req, b, !min);
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < d->n_topics; i++) {
		html_f(b, "<tr><th scope=\"row\">%s</th>",
		       page_pick(req, d->topics[i].name, d->topics[i].name_en));
		case_cells(req, b, &d->topics[i].f, min);
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>\n");
}

void dash_table_types(struct request *req, struct strbuf *b, const struct dashboard *d,
		      int64_t min)
{
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><caption>%s</caption><thead><tr>"
	       "<th scope=\"col\">%s</th>",
	       T(req, M_DASH_BY_TYPE), T(req, M_ACT_TYPE));
	work_heads(req, b);
	html_raw(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < d->n_types; i++) {
		html_f(b, "<tr><th scope=\"row\">%s</th>",
		       page_pick(req, d->types[i].name, d->types[i].name_en));
		work_cells(req, b, &d->types[i].f, min);
		html_raw(b, "</tr>");
	}
	html_f(b, "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">%s</th>",
	       T(req, M_DASH_TOTAL));
	work_cells(req, b, &d->work, min);
	html_raw(b, "</tr></tfoot></table></div>\n");
}

void dash_table_children(struct request *req, struct strbuf *b, const struct dashboard *d,
			 const struct dash_links *l)
{
	int64_t min = l->min_count;

	if (!d->n_children)
		return;
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list figures-table\"><caption>%s</caption>"
	       "<thead><tr><th scope=\"col\">%s</th>",
	       T(req, M_DASH_BY_CHILD), T(req, M_DASH_AREA));
	case_heads(req, b, !min);
	if (!min)
		html_f(b, "<th scope=\"col\" class=\"num\">%s</th>", T(req, M_DASH_OVERDUE));
	html_f(b,
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_ROLL_N), T(req, M_DASH_PERSONS), T(req, M_DASH_IN_FORCE));
	for (size_t i = 0; i < d->n_children; i++) {
		const struct dash_child *c = &d->children[i];

		html_f(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th>",
		       link(req, l, c->area.code), name(req, &c->area));
		case_cells(req, b, &c->cases, min);
		if (!min)
			html_f(b, "<td class=\"num%s\">%s</td>", c->overdue ? " alert" : "",
			       page_int(req, c->overdue));
		html_f(b, "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			  "</tr>",
		       page_int(req, c->work.n), dash_count(req, c->work.persons, min),
		       page_int(req, c->models.in_force));
	}
	html_raw(b, "</tbody></table></div>\n");
}
