/* page_dash.c: the leaders' dashboard (GET /dashboard) and the periodic report (GET /reports,
 * printable HTML or ?format=xlsx) of an area's subtree for an official period. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/dash.h"
#include "base/date.h"
#include "core/workflow.h"
#include "web/dash_draw.h"
#include "web/dash_view.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

#define DASH_PLANS 12

static const char *area_name(struct request *req, const struct dash_area *a)
{
	return page_pick(req, a->name, a->name_en);
}

static const char *period_name(struct request *req, const struct period *p)
{
	char buf[64];

	period_label(p, req->lang == LANG_EN, buf, sizeof(buf));
	return arena_strdup(req->arena, buf);
}

/* The form choosing area, period (and the map's measure). */
static void select_form(struct request *req, struct strbuf *b, const char *action,
			const struct dashboard *d, const struct period *p, bool measure,
			enum dash_measure m)
{
	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"%s\"><div class=\"field\">"
	       "<label for=\"area\">%s</label><input id=\"area\" name=\"area\" type=\"text\" "
	       "maxlength=\"32\" value=\"%s\"></div><div class=\"field\"><label for=\"period\">%s"
	       "</label><input id=\"period\" name=\"period\" type=\"text\" maxlength=\"8\" "
	       "value=\"%s\" placeholder=\"2026-Q3\"></div>",
	       action, T(req, M_DASH_AREA_CODE), d->area.code, T(req, M_DASH_PERIOD), p->code);
	if (measure) {
		html_f(b,
		       "<div class=\"field\"><label for=\"measure\">%s</label><select id=\"measure\" "
		       "name=\"measure\">",
		       T(req, M_DASH_MEASURE));
		for (int i = 0; i < DM__COUNT; i++)
			html_f(b, "<option value=\"%s\"%R>%s</option>",
			       dash_measure_code((enum dash_measure)i), i == (int)m ? " selected" : "",
			       dash_measure_label(req, (enum dash_measure)i));
		html_raw(b, "</select></div>");
	}
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button></div><p class=\"hint\">"
	       "%s</p></form>\n",
	       T(req, M_DASH_SHOW), T(req, M_DASH_PERIOD_HINT));
}

static void plans_table(struct request *req, struct strbuf *b, const struct dash_plan *pl,
			size_t n)
{
	html_f(b, "<h2>%s</h2>", T(req, M_DASH_PLANS));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_DASH_NO_PLANS));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
	       "scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_DASH_PLAN), T(req, M_FIELD_UNIT), T(req, M_DASH_TARGETS),
	       T(req, M_DASH_PROGRESS));
	for (size_t i = 0; i < n; i++)
		html_f(b,
		       "<tr><th scope=\"row\"><a href=\"/plans/%D\">%s</a></th><td>%s</td><td "
		       "class=\"num\">%zu</td><td class=\"num\"><meter min=\"0\" max=\"100\" "
		       "value=\"%s\">%s</meter> %s</td></tr>",
		       pl[i].id, pl[i].title, pl[i].unit_name, pl[i].n_targets,
		       arena_printf(req->arena, "%.1f", pl[i].percent),
		       page_num(req, pl[i].percent, 1), page_num(req, pl[i].percent, 1));
	html_raw(b, "</tbody></table></div>\n");
}

static void heading(struct request *req, struct strbuf *b, const char *title,
		    const struct dashboard *d, const struct period *p, const char *self)
{
	struct dash_area up;

	html_f(b, "<h1>%s: %s</h1><p class=\"lead\">%s · %s %s", title, area_name(req, &d->area),
	       period_name(req, p), T(req, M_DASH_AS_OF), d->today);
	/* up only to an area the caller may open */
	if (d->area.parent_code &&
	    dash_area_get(req->db, &req->scope, d->area.parent_code, req->arena, &up, NULL) == DV_OK)
		html_f(b, " · <a href=\"%s?area=%U&amp;period=%U\">↑ %s</a>", self,
		       d->area.parent_code, p->code, T(req, M_DASH_UP));
	html_raw(b, "</p>");
}

struct body_arg {
	enum dash_measure m;
	const struct dash_links *l;
};

/* Everything of the dashboard page below the form: the same for everyone who sees the area. */
static bool dash_body(struct request *req, struct strbuf *b, const struct dashboard *d,
		      const void *arg)
{
	const struct body_arg *ba = arg;
	const struct period *p = &d->period;

	dash_table_headline(req, b, d, 0);
	if (d->n_children) {
		html_f(b, "<h2>%s</h2><nav class=\"measures\" aria-label=\"%s\"><ul>",
		       T(req, M_DASH_MAP), T(req, M_DASH_MEASURE));
		for (int i = 0; i < DM__COUNT; i++)
			html_f(b,
			       "<li><a href=\"/dashboard?area=%U&amp;period=%U&amp;measure=%s\"%R>%s"
			       "</a></li>",
			       d->area.code, p->code, dash_measure_code((enum dash_measure)i),
			       i == (int)ba->m ? " aria-current=\"true\"" : "",
			       dash_measure_label(req, (enum dash_measure)i));
		html_raw(b, "</ul></nav><figure class=\"map\">");
		dash_draw_map(req, b, d, ba->m, ba->l);
		html_raw(b, "</figure>");
	}
	html_f(b, "<h2>%s</h2><div class=\"charts\">", T(req, M_DASH_BY_MONTH));
	dash_draw_months(req, b, d, 0);
	html_raw(b, "</div>");
	dash_table_months(req, b, d, 0);
	if (d->n_children) {
		html_f(b, "<h2>%s</h2>", T(req, M_DASH_BY_CHILD));
		dash_draw_children(req, b, d, ba->l);
		dash_table_children(req, b, d, ba->l);
	}
	html_f(b, "<h2>%s</h2>", T(req, M_DASH_CASES));
	dash_table_kinds_topics(req, b, d, 0);
	html_f(b, "<h2>%s</h2>", T(req, M_DASH_WORK));
	dash_table_types(req, b, d, 0);
	return true;
}

/* The plans of the caller's subtree (kept with the dashboard per unit: plans and activities
 * raise the aggregates' version). */
static bool plans_body(struct request *req, struct strbuf *b, const struct dashboard *d,
		       const void *arg)
{
	struct dv_error e = DV_ERROR_INIT;
	struct dash_plan *plans = NULL;
	size_t np = 0;
	int64_t total = 0;

	(void)arg;
	if (app_dashboard_plans(req->app, req->db, &req->scope, &d->period,
				date_of_instant(time_now()), DASH_PLANS, req->arena, &plans, &np,
				&total, &e) != DV_OK) {
		html_f(b, "<p class=\"notice error\">%s</p>", e.detail);
		return false;
	}
	plans_table(req, b, plans, np);
	return true;
}

void h_dashboard(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	const struct dashboard *d;
	enum dash_measure m;
	struct dash_links l;
	struct body_arg ba;
	struct period p;
	char key[48];
	bool own;

	if (!dash_measure_parse(params_get(&req->query, "measure"), false, &m)) {
		resp_error(req, resp, 400, DV_EINVAL,
			   "measure must be received, on_time, overdue, activities or persons");
		return;
	}
	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, false, params_get(&req->query, "area"), &p, &d, &own))
		return;
	l.prefix = "/dashboard?area=";
	l.suffix = arena_printf(req->arena, "&period=%s&measure=%s", p.code, dash_measure_code(m));
	l.min_count = 0;
	page_begin(req, resp, arena_printf(req->arena, "%s: %s", T(req, M_DASH_TITLE),
					   area_name(req, &d->area)));
	heading(req, b, T(req, M_DASH_TITLE), d, &p, "/dashboard");
	html_f(b, "<p><a href=\"/reports?area=%U&amp;period=%U\">%s</a></p>", d->area.code, p.code,
	       T(req, M_DASH_REPORT_OPEN));
	select_form(req, b, "/dashboard", d, &p, true, m);
	ba.m = m;
	ba.l = &l;
	snprintf(key, sizeof(key), "page|%s|%s", dash_measure_code(m),
		 req->lang == LANG_EN ? "en" : "vi");
	dash_cached(req, b, d, key, dash_body, &ba);
	snprintf(key, sizeof(key), "plans|%lld|%s", (long long)req->scope.unit_id,
		 req->lang == LANG_EN ? "en" : "vi");
	dash_cached(req, b, d, key, plans_body, NULL);
	dash_view_done(req, d, own);
	page_end(req, resp);
}

/* ---- the periodic report ---- */

static void overdue_table(struct request *req, struct strbuf *b, const struct overdue_row *od,
			  size_t n, int64_t total)
{
	enum case_kind k;

	html_f(b, "<h2>%s: %s</h2>", T(req, M_DASH_OVERDUE_LIST), page_int(req, total));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_DASH_NO_OVERDUE));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
	       "scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_DASH_CASE_NO), T(req, M_DASH_KIND), T(req, M_DASH_TOPIC), T(req, M_DASH_AREA),
	       T(req, M_DASH_HANDLER), T(req, M_DASH_RECEIVED_ON), T(req, M_DASH_STEP),
	       T(req, M_DASH_DUE));
	for (size_t i = 0; i < n; i++)
		html_f(b,
		       "<tr><td class=\"num\">%D</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		       "<td>%s</td><td>%s</td><td>%s</td></tr>",
		       od[i].id,
		       case_kind_parse(od[i].kind, &k) ? case_kind_label(k, req->lang == LANG_EN)
						       : od[i].kind,
		       page_pick(req, od[i].topic, od[i].topic_en), od[i].area_name, od[i].unit_name,
		       od[i].received_on, od[i].step, od[i].due_day);
	html_raw(b, "</tbody></table></div>\n");
	if ((int64_t)n < total)
		html_f(b, "<p class=\"hint\">%s</p>", T(req, M_DASH_MORE_OVERDUE));
}

static void x_cases(struct export_table *t, const struct case_figures *f)
{
	double pct = dash_on_time_percent(f);

	export_int(t, f->received);
	export_int(t, f->accepted);
	export_int(t, f->decided);
	export_int(t, f->on_time);
	export_num(t, pct < 0 ? (double)NAN : pct);
}

static void x_work(struct export_table *t, const struct work_figures *f)
{
	export_int(t, f->n);
	export_int(t, f->participants);
	export_num(t, f->workdays);
	export_int(t, f->households);
	export_int(t, f->persons);
	export_int(t, f->value_cash + f->value_kind);
}

static void x_row(struct export_table *t, const char *section, const char *item,
		  const struct case_figures *c, int64_t overdue, const struct work_figures *w,
		  double count)
{
	export_text(t, section);
	export_text(t, item);
	if (c)
		x_cases(t, c);
	else
		for (int i = 0; i < 5; i++)
			export_empty(t);
	if (overdue >= 0)
		export_int(t, overdue);
	else
		export_empty(t);
	if (w)
		x_work(t, w);
	else
		for (int i = 0; i < 6; i++)
			export_empty(t);
	export_num(t, count);
	export_row_end(t);
}

static void report_xlsx(struct request *req, struct response *resp, enum export_format fmt,
			const struct dashboard *d, const struct period *p,
			const struct overdue_row *od, size_t nod, const struct dash_plan *pl,
			size_t np)
{
	const struct export_col cols[] = {
	    {T(req, M_DASH_REPORT), EXPORT_COL_TEXT, 28},
	    {T(req, M_DASH_AREA), EXPORT_COL_TEXT, 36},
	    {T(req, M_DASH_RECEIVED), EXPORT_COL_INT, 0},
	    {T(req, M_DASH_ACCEPTED), EXPORT_COL_INT, 0},
	    {T(req, M_DASH_DECIDED), EXPORT_COL_INT, 0},
	    {T(req, M_DASH_ON_TIME), EXPORT_COL_INT, 0},
	    {T(req, M_DASH_ON_TIME_PCT), EXPORT_COL_NUM, 0},
	    {T(req, M_DASH_OVERDUE), EXPORT_COL_INT, 0},
	    {T(req, M_ROLL_N), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_PARTICIPANTS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_WORKDAYS), EXPORT_COL_NUM, 0},
	    {T(req, M_ACT_HOUSEHOLDS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_PERSONS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_VALUE_TOTAL), EXPORT_COL_MONEY, 0},
	    {T(req, M_DASH_TOTAL), EXPORT_COL_NUM, 0},
	};
	struct export_table *t = export_new(req->arena, T(req, M_DASH_REPORT), cols,
					    sizeof(cols) / sizeof(cols[0]));
	const char *sec;
	enum case_kind k;
	size_t i;

	x_row(t, period_name(req, p), area_name(req, &d->area), &d->cases, d->overdue, &d->work,
	      (double)NAN);
	sec = T(req, M_DASH_BY_MONTH);
	for (int m = 0; m < d->n_months; m++)
		x_row(t, sec, d->months[m].month, &d->months[m].cases, -1, &d->months[m].work,
		      (double)NAN);
	sec = T(req, M_DASH_BY_KIND);
	for (i = 0; i < d->n_kinds; i++)
		x_row(t, sec,
		      case_kind_parse(d->kinds[i].code, &k) ? case_kind_label(k, req->lang == LANG_EN)
							    : d->kinds[i].code,
		      &d->kinds[i].f, -1, NULL, (double)NAN);
	sec = T(req, M_DASH_BY_TOPIC);
	for (i = 0; i < d->n_topics; i++)
		x_row(t, sec, page_pick(req, d->topics[i].name, d->topics[i].name_en),
		      &d->topics[i].f, -1, NULL, (double)NAN);
	sec = T(req, M_DASH_BY_TYPE);
	for (i = 0; i < d->n_types; i++)
		x_row(t, sec, page_pick(req, d->types[i].name, d->types[i].name_en), NULL, -1,
		      &d->types[i].f, (double)NAN);
	sec = T(req, M_DASH_BY_CHILD);
	for (i = 0; i < d->n_children; i++)
		x_row(t, sec, area_name(req, &d->children[i].area), &d->children[i].cases,
		      d->children[i].overdue, &d->children[i].work, (double)NAN);
	sec = T(req, M_DASH_MODELS);
	x_row(t, sec, T(req, M_DASH_REGISTERED), NULL, -1, NULL, (double)d->models.registered);
	x_row(t, sec, T(req, M_DASH_RECOGNISED), NULL, -1, NULL, (double)d->models.recognised);
	x_row(t, sec, T(req, M_DASH_IN_FORCE), NULL, -1, NULL, (double)d->models.in_force);
	sec = T(req, M_DASH_PLANS);
	for (i = 0; i < np; i++)
		x_row(t, sec, arena_printf(req->arena, "%s — %s", pl[i].title, pl[i].unit_name),
		      NULL, -1, NULL, pl[i].percent);
	sec = T(req, M_DASH_OVERDUE_LIST);
	for (i = 0; i < nod; i++)
		x_row(t, sec,
		      arena_printf(req->arena, "#%lld %s · %s · %s · %s %s", (long long)od[i].id,
				   od[i].area_name, od[i].unit_name, od[i].step,
				   T(req, M_DASH_DUE), od[i].due_day),
		      NULL, -1, NULL, (double)NAN);
	work_export_send(req, resp, t, fmt,
			 arena_printf(req->arena, "bao-cao-%s-%s", d->area.code, p->code));
}

void h_report(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	const struct dashboard *d;
	struct dash_report r;
	enum export_format fmt = EXPORT_XLSX;
	struct dash_links l;
	struct period p;
	bool own;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0 || !dash_period_param(req, resp, &p) ||
	    !dash_report_open(req, resp, &p, &d, &r, &own))
		return;
	if (want) {
		report_xlsx(req, resp, fmt, d, &p, r.od, r.nod, r.plans, r.np);
		dash_view_done(req, d, own);
		return;
	}
	l.prefix = "/reports?area=";
	l.suffix = arena_printf(req->arena, "&period=%s", p.code);
	l.min_count = 0;
	page_begin(req, resp, arena_printf(req->arena, "%s: %s — %s", T(req, M_DASH_REPORT),
					   area_name(req, &d->area), period_name(req, &p)));
	html_raw(b, "<article class=\"report\">");
	heading(req, b, T(req, M_DASH_REPORT), d, &p, "/reports");
	html_f(b,
	       "<p class=\"no-print\"><a href=\"/reports?area=%U&amp;period=%U&amp;format=xlsx\">%s"
	       "</a> · <a href=\"/dashboard?area=%U&amp;period=%U\">%s</a> · %s</p>",
	       d->area.code, p.code, T(req, M_DASH_XLSX), d->area.code, p.code,
	       T(req, M_DASH_TITLE), T(req, M_DASH_PRINT_HINT));
	html_raw(b, "<div class=\"no-print\">");
	select_form(req, b, "/reports", d, &p, false, DM_RECEIVED);
	html_raw(b, "</div>");
	html_f(b, "<h2>1. %s</h2>", T(req, M_DASH_CASES));
	dash_table_headline(req, b, d, 0);
	dash_table_months(req, b, d, 0);
	dash_table_kinds_topics(req, b, d, 0);
	overdue_table(req, b, r.od, r.nod, r.total_od);
	html_f(b, "<h2>2. %s</h2>", T(req, M_DASH_WORK));
	dash_table_types(req, b, d, 0);
	if (d->n_children) {
		html_f(b, "<h2>3. %s</h2>", T(req, M_DASH_BY_CHILD));
		dash_table_children(req, b, d, &l);
	}
	html_f(b,
	       "<h2>4. %s</h2><dl class=\"figures\"><div><dt>%s</dt><dd>%s</dd></div><div><dt>%s"
	       "</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div></dl>",
	       T(req, M_DASH_MODELS), T(req, M_DASH_REGISTERED), page_int(req, d->models.registered),
	       T(req, M_DASH_RECOGNISED), page_int(req, d->models.recognised),
	       T(req, M_DASH_IN_FORCE), page_int(req, d->models.in_force));
	plans_table(req, b, r.plans, r.np);
	html_f(b, "<p class=\"signed\">%s %s</p></article>", T(req, M_DASH_SIGNED), d->today);
	dash_view_done(req, d, own);
	page_end(req, resp);
}
