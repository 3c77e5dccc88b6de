/* page_portal.c: the public transparency portal (no login): the national map, a page per
 * province and commune with its public figures, published answers and dialogues, and the open
 * data (CSV, JSON) of those figures. Nothing personal; small counts are not published. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/dash.h"
#include "base/date.h"
#include "base/log.h"
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

#define PORTAL_ANSWERS 20
#define PORTAL_DIALOGUES 20

static const char *area_name(struct request *req, const struct dash_area *a)
{
	return page_pick(req, a->name, a->name_en);
}

/* The period's first and last days as "YYYY-MM-DD". */
static void period_bounds(const struct dashboard *d, char from[11], char to[11])
{
	dv_date first, last;

	period_days(&d->period, &first, &last);
	date_format(first, from);
	date_format(last, to);
}

/* A section that could not be read: said, and not kept with the dashboard. */
static bool section_failed(struct request *req, struct strbuf *b, const struct dv_error *e)
{
	log_msg(LOG_WARN, "portal: a section could not be read", "error", e->detail, NULL);
	html_f(b, "<p class=\"empty\">%s</p>", T(req, M_PORTAL_SECTION_FAILED));
	return false;
}

static bool answers(struct request *req, struct strbuf *b, const struct dashboard *d)
{
	struct dv_error e = DV_ERROR_INIT;
	struct public_answer *r = NULL;
	size_t n = 0;
	char from[11], to[11];
	enum case_kind k;

	period_bounds(d, from, to);
	html_f(b, "<h2>%s</h2>", T(req, M_PORTAL_ANSWERS));
	if (public_answers(req->db, d->area.id, d->area.level, from, to, PORTAL_ANSWERS,
			   req->arena, &r, &n, &e))
		return section_failed(req, b, &e);
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_PORTAL_NO_ANSWERS));
		return true;
	}
	html_raw(b, "<ul class=\"answers\">");
	for (size_t i = 0; i < n; i++)
		html_f(b, "<li><p class=\"meta\">%s · %s · %s · %s</p><p>%s</p></li>", r[i].decided_on,
		       case_kind_parse(r[i].kind, &k) ? case_kind_label(k, req->lang == LANG_EN)
						      : r[i].kind,
		       page_pick(req, r[i].topic, r[i].topic_en), r[i].area_name, r[i].decision);
	html_raw(b, "</ul>");
	return true;
}

static bool dialogues(struct request *req, struct strbuf *b, const struct dashboard *d)
{
	struct dv_error e = DV_ERROR_INIT;
	struct public_dialogue *r = NULL;
	size_t n = 0;
	char from[11], to[11];

	period_bounds(d, from, to);
	html_f(b, "<h2>%s</h2>", T(req, M_PORTAL_DIALOGUES));
	if (public_dialogues(req->db, d->area.id, d->area.level, from, to, PORTAL_DIALOGUES,
			     req->arena, &r, &n, &e))
		return section_failed(req, b, &e);
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_PORTAL_NO_DIALOGUES));
		return true;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "</tr></thead><tbody>",
	       T(req, M_PORTAL_DATE), T(req, M_ACT_TITLE), T(req, M_DASH_AREA), T(req, M_FIELD_STATUS),
	       T(req, M_PORTAL_PARTICIPANTS), T(req, M_PORTAL_QUESTIONS));
	for (size_t i = 0; i < n; i++) {
		bool ahead = strcmp(r[i].start_on, d->today) > 0;

		html_f(b,
		       "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td>"
		       "<td class=\"num\">%s</td></tr>",
		       r[i].start_on, r[i].title, r[i].area_name,
		       T(req, ahead ? M_PORTAL_SCHEDULED : M_PORTAL_HELD),
		       ahead ? "" : page_int(req, r[i].participants),
		       ahead ? "" : page_num(req, r[i].questions, 0));
	}
	html_raw(b, "</tbody></table></div>\n");
	return true;
}

static const char *path_area(struct request *req)
{
	return req->args[0] && *req->args[0] ? req->args[0] : "VN";
}

struct portal_arg {
	enum dash_measure m;
	const struct dash_links *l;
};

/* The whole page below the header: the same for every visitor (per measure and language). */
static bool portal_body(struct request *req, struct strbuf *b, const struct dashboard *d,
			const void *arg)
{
	const struct portal_arg *pa = arg;
	const struct period *p = &d->period;
	int64_t min = pa->l->min_count;
	char label[64];
	bool ok;

	period_label(p, req->lang == LANG_EN, label, sizeof(label));
	html_f(b, "<h1>%s: %s</h1><p class=\"lead\">%s</p><p>%s", T(req, M_PORTAL_TITLE),
	       area_name(req, &d->area), T(req, M_PORTAL_LEAD), label);
	if (d->area.parent_code)
		html_f(b, " · <a href=\"/portal/%U?period=%U\">↑ %s</a>", d->area.parent_code,
		       p->code, T(req, M_DASH_UP));
	html_f(b, " · <a href=\"/submit\">%s</a></p>", T(req, M_PORTAL_SUBMIT));
	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/portal/%U\"><div "
	       "class=\"field\"><label for=\"period\">%s</label><input id=\"period\" name=\"period\" "
	       "type=\"text\" maxlength=\"8\" value=\"%s\"></div><div class=\"actions\"><button "
	       "type=\"submit\">%s</button></div><p class=\"hint\">%s</p></form>\n",
	       d->area.code, T(req, M_DASH_PERIOD), p->code, T(req, M_DASH_SHOW),
	       T(req, M_DASH_PERIOD_HINT));
	dash_table_headline(req, b, d, min);
	html_f(b, "<p class=\"hint\">%s %D.</p>", T(req, M_PORTAL_THRESHOLD), min);
	if (d->n_children) {
		html_f(b, "<h2>%s</h2><nav class=\"measures\" aria-label=\"%s\"><ul>",
		       T(req, M_DASH_MAP), T(req, M_DASH_MEASURE));
		for (int i = 0; i < DM__COUNT; i++)
			if (i != DM_OVERDUE)
				html_f(b,
				       "<li><a href=\"/portal/%U?period=%U&amp;measure=%s\"%R>%s</a>"
				       "</li>",
				       d->area.code, p->code, dash_measure_code((enum dash_measure)i),
				       i == (int)pa->m ? " aria-current=\"true\"" : "",
				       dash_measure_label(req, (enum dash_measure)i));
		html_raw(b, "</ul></nav><figure class=\"map\">");
		dash_draw_map(req, b, d, pa->m, pa->l);
		html_raw(b, "</figure>");
	}
	html_f(b, "<h2>%s</h2><div class=\"charts\">", T(req, M_DASH_BY_MONTH));
	dash_draw_months(req, b, d, min);
	html_raw(b, "</div>");
	dash_table_months(req, b, d, min);
	dash_table_children(req, b, d, pa->l);
	/* both always written; kept only when both could be read */
	ok = answers(req, b, d);
	ok = dialogues(req, b, d) && ok;
	html_f(b,
	       "<h2>%s</h2><ul><li><a href=\"/portal/%U/figures.csv?period=%U\">CSV</a></li><li><a "
	       "href=\"/portal/%U/figures.json?period=%U\">JSON</a></li></ul><p class=\"hint\">%s</p>",
	       T(req, M_PORTAL_DATA), d->area.code, p->code, d->area.code, p->code,
	       T(req, M_PORTAL_LICENCE));
	return ok;
}

void h_portal(struct request *req, struct response *resp)
{
	const struct dashboard *d;
	enum dash_measure m;
	struct dash_links l;
	struct portal_arg pa;
	struct period p;
	char key[48];
	bool own;

	if (!dash_measure_parse(params_get(&req->query, "measure"), true, &m)) {
		resp_error(req, resp, 400, DV_EINVAL,
			   "measure must be received, on_time, activities or persons");
		return;
	}
	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, true, path_area(req), &p, &d, &own))
		return;
	l.prefix = "/portal/";
	l.suffix = arena_printf(req->arena, "?period=%s&measure=%s", p.code, dash_measure_code(m));
	l.min_count = req->app->cfg.public_min_count;
	pa.m = m;
	pa.l = &l;
	page_begin(req, resp, arena_printf(req->arena, "%s: %s", T(req, M_PORTAL_TITLE),
					   area_name(req, &d->area)));
	snprintf(key, sizeof(key), "portal|%s|%s", dash_measure_code(m),
		 req->lang == LANG_EN ? "en" : "vi");
	dash_cached(req, &resp->body, d, key, portal_body, &pa);
	dash_view_done(req, d, own);
	page_end(req, resp);
}

/* ---- open data ---- */

static void csv_count(struct export_table *t, int64_t n, int64_t min)
{
	if (dash_public_count(n, min) < 0)
		export_empty(t);
	else
		export_int(t, n);
}

static void csv_row(struct export_table *t, const struct dash_area *a, const struct period *p,
		    const struct case_figures *c, const struct work_figures *w,
		    const struct model_figures *mf, int64_t min)
{
	double pct = dash_rate_shown(c, min);

	export_text(t, a->code);
	export_text(t, a->name);
	export_text(t, a->name_en);
	export_int(t, a->level);
	export_text(t, p->code);
	csv_count(t, c->received, min);
	csv_count(t, c->decided, min);
	csv_count(t, c->on_time, min);
	export_num(t, pct < 0 ? (double)NAN : round(pct * 10) / 10);
	export_int(t, w->n);
	export_int(t, w->participants);
	export_num(t, w->workdays);
	csv_count(t, w->households, min);
	csv_count(t, w->persons, min);
	export_int(t, w->value_cash + w->value_kind);
	export_int(t, mf->in_force);
	export_row_end(t);
}

void h_portal_csv(struct request *req, struct response *resp)
{
	static const struct export_col cols[] = {
	    {"area_code", EXPORT_COL_TEXT, 0},	    {"area_name", EXPORT_COL_TEXT, 0},
	    {"area_name_en", EXPORT_COL_TEXT, 0},   {"level", EXPORT_COL_INT, 0},
	    {"period", EXPORT_COL_TEXT, 0},	    {"cases_received", EXPORT_COL_INT, 0},
	    {"cases_decided", EXPORT_COL_INT, 0},   {"cases_decided_on_time", EXPORT_COL_INT, 0},
	    {"on_time_percent", EXPORT_COL_NUM, 0}, {"activities", EXPORT_COL_INT, 0},
	    {"participants", EXPORT_COL_INT, 0},    {"workdays", EXPORT_COL_NUM, 0},
	    {"households_helped", EXPORT_COL_INT, 0}, {"persons_helped", EXPORT_COL_INT, 0},
	    {"value_vnd", EXPORT_COL_INT, 0},	    {"models_recognised_now", EXPORT_COL_INT, 0},
	};
	const struct dashboard *d;
	int64_t min = req->app->cfg.public_min_count;
	struct export_table *t;
	struct period p;
	bool own;

	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, true, path_area(req), &p, &d, &own))
		return;
	t = export_new(req->arena, "figures", cols, sizeof(cols) / sizeof(cols[0]));
	csv_row(t, &d->area, &p, &d->cases, &d->work, &d->models, min);
	for (size_t i = 0; i < d->n_children; i++)
		csv_row(t, &d->children[i].area, &p, &d->children[i].cases, &d->children[i].work,
			&d->children[i].models, min);
	work_export_send(req, resp, t, EXPORT_CSV,
			 arena_printf(req->arena, "danvan-%s-%s", d->area.code, p.code));
	dash_view_done(req, d, own);
}

void h_portal_json(struct request *req, struct response *resp)
{
	const struct dashboard *d;
	struct period p;
	struct jsonw w;
	bool own;

	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, true, path_area(req), &p, &d, &own))
		return;
	jw_init(&w, &resp->body);
	resp->status = 200;
	resp_header(req, resp, "Content-Type", "application/json; charset=utf-8");
	resp_header(req, resp, "Access-Control-Allow-Origin", "*");
	dash_json(&w, d, req->app->cfg.public_min_count, "/portal/", NULL);
	dash_view_done(req, d, own);
}
