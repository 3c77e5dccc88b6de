/* api_dash.c: GET /api/v1/dashboard, /api/v1/reports and the portal's open data
 * /api/v1/public/figures: a subtree's figures for an official period, from the aggregates. */
#include <stdio.h>
#include <string.h>

#include "app/dash.h"
#include "base/date.h"
#include "core/kinds.h"
#include "web/api_util.h"
#include "web/dash_view.h"
#include "web/handlers.h"
#include "web/jsonw.h"
#include "web/parse.h"

#include "base/banned.h"

bool dash_period_param(struct request *req, struct response *resp, struct period *p)
{
	const char *s = params_get(&req->query, "period");

	if (!s || !*s) {
		period_of(PERIOD_YEAR, date_of_instant(time_now()), p);
		return true;
	}
	if (period_parse(s, p))
		return true;
	resp_error(req, resp, 400, DV_EINVAL,
		   "period must be a month (2026-07), a quarter (2026-Q3), 6 months (2026-H1), "
		   "9 months (2026-9M) or a year (2026)");
	return false;
}

bool dash_view_open(struct request *req, struct response *resp, bool public_,
		    const char *area, const struct period *p, const struct dashboard **d,
		    bool *own)
{
	struct dv_error e = DV_ERROR_INIT;

	*d = NULL;
	if (!api_read_open(req, resp, own))
		return false;
	bool hit = false;

	if (app_dashboard(req->app, req->db, public_ ? NULL : &req->scope, area, p,
			  date_of_instant(time_now()), d, &hit, &e)) {
		api_read_done(req, *own);
		resp_fail(req, resp, &e);
		return false;
	}
	/* whether the figures were computed for this request (tests and operators can tell) */
	resp_header(req, resp, "X-Dashboard-Cache", hit ? "hit" : "miss");
	return true;
}

void dash_view_done(struct request *req, const struct dashboard *d, bool own)
{
	app_dashboard_release(d);
	api_read_done(req, own);
}

bool dash_report_open(struct request *req, struct response *resp, const struct period *p,
		      const struct dashboard **d, struct dash_report *r, bool *own)
{
	struct dv_error e = DV_ERROR_INIT;

	memset(r, 0, sizeof(*r));
	if (!dash_view_open(req, resp, false, params_get(&req->query, "area"), p, d, own))
		return false;
	if (overdue_list(req->db, (*d)->area.id, (*d)->today, DASH_REPORT_OVERDUE, req->arena,
			 &r->od, &r->nod, &r->total_od, &e) ||
	    app_dashboard_plans(req->app, req->db, &req->scope, p, date_of_instant(time_now()),
				DASH_REPORT_PLANS, req->arena, &r->plans, &r->np, &r->total_plans,
				&e)) {
		dash_view_done(req, *d, *own);
		resp_fail(req, resp, &e);
		return false;
	}
	return true;
}

/* A count, or null when the portal may not publish it. */
static void count(struct jsonw *w, const char *key, int64_t n, int64_t min)
{
	int64_t v = min > 0 ? dash_public_count(n, min) : n;

	if (v < 0) {
		jw_key(w, key);
		jw_null(w);
	} else {
		jw_kint(w, key, v);
	}
}

static void cases_json(struct jsonw *w, const struct case_figures *f, int64_t min)
{
	double pct = dash_rate_shown(f, min);

	count(w, "received", f->received, min);
	if (!min)
		jw_kint(w, "accepted", f->accepted);
	count(w, "decided", f->decided, min);
	count(w, "decided_on_time", f->on_time, min);
	jw_key(w, "on_time_percent");
	if (pct < 0)
		jw_null(w);
	else
		jw_fixed(w, pct, 1);
}

static void work_json(struct jsonw *w, const struct work_figures *f, int64_t min)
{
	if (!min) {
		api_figures(w, f);
		return;
	}
	jw_kint(w, "activities", f->n);
	jw_kint(w, "participants", f->participants);
	jw_key(w, "workdays");
	jw_fixed(w, f->workdays, 1);
	count(w, "households", f->households, min);
	count(w, "persons", f->persons, min);
	jw_kint(w, "value", f->value_cash + f->value_kind);
}

static void models_json(struct jsonw *w, const struct model_figures *f)
{
	jw_kint(w, "registered", f->registered);
	jw_kint(w, "recognised", f->recognised);
	jw_kint(w, "in_force", f->in_force);
}

void dash_json(struct jsonw *w, const struct dashboard *d, int64_t min, const char *href_base,
	       const char *period_code)
{
	char label[64], label_en[64];
	size_t i;

	period_label(&d->period, false, label, sizeof(label));
	period_label(&d->period, true, label_en, sizeof(label_en));
	jw_obj_begin(w);
	jw_key(w, "area");
	jw_obj_begin(w);
	jw_kstr(w, "code", d->area.code);
	jw_kstr(w, "name", d->area.name);
	jw_kstr(w, "name_en", d->area.name_en);
	jw_kint(w, "level", d->area.level);
	jw_kstr(w, "parent", d->area.parent_code);
	jw_obj_end(w);
	jw_key(w, "period");
	jw_obj_begin(w);
	jw_kstr(w, "code", d->period.code);
	jw_kstr(w, "kind", period_kind_name(d->period.kind));
	jw_kstr(w, "from", d->period.from);
	jw_kstr(w, "to", d->period.to);
	jw_kstr(w, "label", label);
	jw_kstr(w, "label_en", label_en);
	jw_obj_end(w);
	jw_kstr(w, "today", d->today);
	if (min > 0) {
		jw_key(w, "suppression");
		jw_obj_begin(w);
		jw_kint(w, "min_count", min);
		jw_kstr(w, "note", "Counts from 1 to min_count - 1 are null (not published), and so "
				   "is a rate over fewer decisions.");
		jw_obj_end(w);
	}

	jw_key(w, "cases");
	jw_obj_begin(w);
	cases_json(w, &d->cases, min);
	if (!min)
		jw_kint(w, "overdue", d->overdue);
	jw_obj_end(w);
	jw_key(w, "activities");
	jw_obj_begin(w);
	work_json(w, &d->work, min);
	jw_obj_end(w);
	jw_key(w, "models");
	jw_obj_begin(w);
	models_json(w, &d->models);
	jw_obj_end(w);

	jw_key(w, "months");
	jw_arr_begin(w);
	for (int k = 0; k < d->n_months; k++) {
		jw_obj_begin(w);
		jw_kstr(w, "month", d->months[k].month);
		jw_key(w, "cases");
		jw_obj_begin(w);
		cases_json(w, &d->months[k].cases, min);
		jw_obj_end(w);
		jw_key(w, "activities");
		jw_obj_begin(w);
		work_json(w, &d->months[k].work, min);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);

	jw_key(w, "kinds");
	jw_arr_begin(w);
	for (i = 0; i < d->n_kinds; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "kind", d->kinds[i].code);
		cases_json(w, &d->kinds[i].f, min);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "topics");
	jw_arr_begin(w);
	for (i = 0; i < d->n_topics; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "code", d->topics[i].code);
		jw_kstr(w, "name", d->topics[i].name);
		jw_kstr(w, "name_en", d->topics[i].name_en);
		cases_json(w, &d->topics[i].f, min);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "activity_types");
	jw_arr_begin(w);
	for (i = 0; i < d->n_types; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "code", d->types[i].code);
		jw_kstr(w, "name", d->types[i].name);
		jw_kstr(w, "name_en", d->types[i].name_en);
		work_json(w, &d->types[i].f, min);
		jw_obj_end(w);
	}
	jw_arr_end(w);

	jw_key(w, "children");
	jw_arr_begin(w);
	for (i = 0; i < d->n_children; i++) {
		const struct dash_child *c = &d->children[i];
		char href[160];

		snprintf(href, sizeof(href), "%s%s%s%s", href_base, c->area.code,
			 period_code ? "&period=" : "", period_code ? period_code : "");
		jw_obj_begin(w);
		jw_kstr(w, "code", c->area.code);
		jw_kstr(w, "name", c->area.name);
		jw_kstr(w, "name_en", c->area.name_en);
		jw_kint(w, "level", c->area.level);
		jw_kstr(w, "href", href);
		jw_key(w, "cases");
		jw_obj_begin(w);
		cases_json(w, &c->cases, min);
		if (!min)
			jw_kint(w, "overdue", c->overdue);
		jw_obj_end(w);
		jw_key(w, "activities");
		jw_obj_begin(w);
		work_json(w, &c->work, min);
		jw_obj_end(w);
		jw_key(w, "models");
		jw_obj_begin(w);
		models_json(w, &c->models);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* The dashboard, wrapped: {"dashboard": {...}} plus what a report adds. */
void h_api_dashboard(struct request *req, struct response *resp)
{
	const struct dashboard *d;
	struct period p;
	struct jsonw w;
	bool own;

	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, false, params_get(&req->query, "area"), &p, &d, &own))
		return;
	api_answer(resp, 200, &w);
	dash_json(&w, d, 0, "/api/v1/dashboard?area=", p.code);
	dash_view_done(req, d, own);
}

void h_api_report(struct request *req, struct response *resp)
{
	const struct dashboard *d;
	struct dash_report r;
	struct period p;
	struct jsonw w;
	size_t i;
	bool own;

	if (!dash_period_param(req, resp, &p) || !dash_report_open(req, resp, &p, &d, &r, &own))
		return;
	api_answer(resp, 200, &w);
	jw_obj_begin(&w);
	jw_key(&w, "figures");
	dash_json(&w, d, 0, "/api/v1/reports?area=", p.code);
	jw_key(&w, "overdue");
	jw_obj_begin(&w);
	jw_kint(&w, "total", r.total_od);
	jw_key(&w, "cases");
	jw_arr_begin(&w);
	for (i = 0; i < r.nod; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "id", r.od[i].id);
		jw_kstr(&w, "kind", r.od[i].kind);
		jw_kstr(&w, "topic", r.od[i].topic);
		jw_kstr(&w, "area", r.od[i].area_name);
		jw_kstr(&w, "handling_unit", r.od[i].unit_name);
		jw_kstr(&w, "received_on", r.od[i].received_on);
		jw_kstr(&w, "step", r.od[i].step);
		jw_kstr(&w, "due_on", r.od[i].due_day);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "plans");
	jw_obj_begin(&w);
	jw_kint(&w, "total", r.total_plans);
	jw_key(&w, "plans");
	jw_arr_begin(&w);
	for (i = 0; i < r.np; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "id", r.plans[i].id);
		jw_kstr(&w, "unit", r.plans[i].unit_name);
		jw_kstr(&w, "title", r.plans[i].title);
		jw_kint(&w, "year", r.plans[i].year);
		jw_kint(&w, "quarter", r.plans[i].quarter);
		jw_kint(&w, "targets", (int64_t)r.plans[i].n_targets);
		jw_key(&w, "percent");
		jw_fixed(&w, r.plans[i].percent, 1);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	dash_view_done(req, d, own);
}

void h_api_public_figures(struct request *req, struct response *resp)
{
	const struct dashboard *d;
	struct period p;
	struct jsonw w;
	bool own;

	if (!dash_period_param(req, resp, &p) ||
	    !dash_view_open(req, resp, true, params_get(&req->query, "area"), &p, &d, &own))
		return;
	api_answer(resp, 200, &w);
	resp_header(req, resp, "Access-Control-Allow-Origin", "*");
	dash_json(&w, d, req->app->cfg.public_min_count, "/api/v1/public/figures?area=", p.code);
	dash_view_done(req, d, own);
}
