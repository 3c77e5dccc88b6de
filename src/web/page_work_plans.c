/* page_work_plans.c: plans of units for a year or a quarter: the list with exports, the new
 * plan form, and a plan's page with its targets' progress (computed from what was logged),
 * the target forms while it is a draft, submission, and the superior's approval or return. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

static dv_date today(void)
{
	return date_of_instant(time_now());
}

static int this_year(void)
{
	int y, m, d;

	date_to_ymd(today(), &y, &m, &d);
	return y;
}

static const char *plan_period_label(struct request *req, const struct plan *p)
{
	const char *s;

	if (p->quarter >= 1 && p->quarter <= 4)
		s = arena_printf(req->arena, "%s %d/%d", T(req, M_PLAN_QUARTER_WORD), p->quarter,
		                 p->year);
	else
		s = arena_printf(req->arena, "%s %d", T(req, M_PLAN_YEAR_WORD), p->year);
	return s ? s : "";
}

static const char *plan_href(struct request *req, int64_t id, const char *tail)
{
	const char *s = arena_printf(req->arena, "/plans/%lld%s", (long long)id, tail ? tail : "");

	return s ? s : "/plans";
}

/* ================================================================ the list */

static void plan_filters(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status");
	int i;

	html_f(
	    b,
	    "<form class=\"search filters\" method=\"get\" action=\"/plans\"><div "
	    "class=\"field\"><label for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" "
	    "type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"><p class=\"hint\">"
	    "%s</p></div><div class=\"field\"><label for=\"year\">%s</label><input id=\"year\" "
	    "name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"%s\"></div>",
	    T(req, M_FIELD_UNIT_ID), work_nz(params_get(q, "unit")), T(req, M_WORK_HINT_SUBTREE),
	    T(req, M_PLAN_YEAR), work_nz(params_get(q, "year")));
	html_f(b,
	       "<div class=\"field\"><label for=\"status\">%s</label><select id=\"status\" "
	       "name=\"status\"><option value=\"\">%s</option>",
	       T(req, M_FIELD_STATUS), T(req, M_WORK_ANY_STATUS));
	for (i = 0; i < PLAN__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", plan_status_name(i),
		       status && !strcmp(status, plan_status_name(i)) ? " selected" : "",
		       work_plan_status_label(req, i));
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\">%s</button> <a "
	       "href=\"/plans\">%s</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
}

static void export_plans(struct request *req, struct response *resp, enum export_format fmt,
                         const struct plan *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_PLAN_TITLE_FIELD), EXPORT_COL_TEXT, 40},
	    {T(req, M_FIELD_UNIT_ID), EXPORT_COL_INT, 10},
	    {T(req, M_FIELD_UNIT), EXPORT_COL_TEXT, 36},
	    {T(req, M_PLAN_YEAR), EXPORT_COL_INT, 0},
	    {T(req, M_PLAN_QUARTER), EXPORT_COL_INT, 0},
	    {T(req, M_FIELD_STATUS), EXPORT_COL_TEXT, 16},
	    {T(req, M_FIELD_UPDATED), EXPORT_COL_TEXT, 18},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_PLAN_LIST_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		export_int(t, v[i].id);
		export_text(t, v[i].title);
		export_int(t, v[i].unit_id);
		export_text(t, v[i].unit_name);
		export_int(t, v[i].year);
		if (v[i].quarter)
			export_int(t, v[i].quarter);
		else
			export_empty(t);
		export_text(t, work_plan_status_label(req, v[i].status));
		export_text(t, page_time(req, v[i].updated_at));
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "plans");
}

void h_plans(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *year = params_get(q, "year");
	const char *problem = NULL;
	struct plan_filter f;
	struct plan *rows = NULL;
	enum plan_status st;
	enum export_format fmt = EXPORT_CSV;
	int64_t page = page_number(req), total = 0, y = 0;
	size_t n = 0, i;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.status = -1;
	if (work_opt(status)) {
		if (plan_status_parse(status, &st))
			f.status = (int)st;
		else
			problem = T(req, M_WORK_BAD_STATUS);
	}
	if (work_opt(year) && (!parse_int64(year, &y) || y < 2000 || y > 2100))
		problem = T(req, M_PLAN_BAD_YEAR);
	f.year = (int)y;
	if (!work_opt_id(params_get(q, "unit"), &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	if (problem && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem &&
	    plan_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	if (want) {
		page_read_end(req, own);
		export_plans(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_PLAN_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1>", T(req, M_PLAN_LIST_TITLE));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b, "<p class=\"actions\"><a class=\"button\" href=\"/plans/new\">%s</a></p>",
		       T(req, M_PLAN_NEW));
	plan_filters(req, resp);
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(req, M_PLAN_TITLE_FIELD), T(req, M_FIELD_UNIT), T(req, M_WORK_PERIOD),
		    T(req, M_FIELD_STATUS), T(req, M_FIELD_UPDATED));
		for (i = 0; i < n; i++)
			html_f(
			    b,
			    "<tr><td><a href=\"/plans/%D\">%s</a></td><td><a href=\"/units/%D\">%s"
			    "</a></td><td>%s</td><td><span class=\"status plan-%s\">%s</span></td>"
			    "<td>%s</td></tr>",
			    rows[i].id, work_nz(rows[i].title), rows[i].unit_id,
			    work_nz(rows[i].unit_name), plan_period_label(req, &rows[i]),
			    plan_status_name(rows[i].status),
			    work_plan_status_label(req, rows[i].status),
			    page_time(req, rows[i].updated_at));
		html_raw(b, "</tbody></table></div>\n");
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_PLAN_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ a new plan */

static void render_new(struct request *req, struct response *resp, int status,
                       const struct plan_input *in, const char *error)
{
	struct strbuf *b = &resp->body;
	int q;

	resp->status = status;
	page_begin(req, resp, T(req, M_PLAN_NEW));
	work_crumbs(req, resp, "/plans", T(req, M_PLAN_LIST_TITLE), T(req, M_PLAN_NEW));
	html_f(b, "<h1>%s</h1>", T(req, M_PLAN_NEW));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/plans");
	html_f(b,
	       "<div class=\"field\"><label for=\"title\">%s *</label><input id=\"title\" "
	       "name=\"title\" type=\"text\" value=\"%s\" maxlength=\"%d\" required></div>",
	       T(req, M_PLAN_TITLE_FIELD), work_nz(in->title), WORK_TITLE_MAX);
	html_f(b,
	       "<div class=\"field\"><label for=\"unit\">%s *</label><input id=\"unit\" "
	       "name=\"unit\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\" "
	       "required aria-describedby=\"unit_hint\"><p class=\"hint\" id=\"unit_hint\">%s</p>"
	       "</div>",
	       T(req, M_FIELD_UNIT_ID), work_nz(in->unit), T(req, M_HINT_UNIT_ID));
	html_f(b,
	       "<div class=\"field\"><label for=\"year\">%s *</label><input id=\"year\" "
	       "name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"%s\" required>"
	       "</div><div class=\"field\"><label for=\"quarter\">%s</label><select id=\"quarter\" "
	       "name=\"quarter\"><option value=\"0\">%s</option>",
	       T(req, M_PLAN_YEAR), work_nz(in->year), T(req, M_PLAN_QUARTER),
	       T(req, M_PLAN_WHOLE_YEAR));
	for (q = 1; q <= 4; q++)
		html_f(b, "<option value=\"%d\"%R>%s %d</option>", q,
		       in->quarter && in->quarter[0] == (char)('0' + q) && !in->quarter[1]
		           ? " selected"
		           : "",
		       T(req, M_PLAN_QUARTER_WORD), q);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"note\">%s</label><textarea "
	       "id=\"note\" name=\"note\" rows=\"4\" maxlength=\"%d\">%s</textarea></div>",
	       T(req, M_PLAN_NOTE), WORK_TEXT_MAX, work_nz(in->note));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/plans\">%s"
	       "</a></div>",
	       T(req, M_CREATE), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_plan_new(struct request *req, struct response *resp)
{
	struct plan_input in;

	memset(&in, 0, sizeof(in));
	in.unit = arena_printf(req->arena, "%lld", (long long)req->who->unit_id);
	in.year = arena_printf(req->arena, "%d", this_year());
	in.quarter = "0";
	render_new(req, resp, 200, &in, NULL);
}

void h_plan_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct plan_input in;
	int64_t id = 0;
	int status;

	memset(&in, 0, sizeof(in));
	in.unit = params_get(p, "unit");
	in.year = params_get(p, "year");
	in.quarter = params_get(p, "quarter");
	in.title = params_get(p, "title");
	in.note = params_get(p, "note");
	if (app_plan_create(req->app, req->db, &req->scope, req->who->login, &in, &id, &e) == DV_OK) {
		resp_redirect(req, resp, plan_href(req, id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_new(req, resp, status, &in, page_error_text(req, &e));
}

/* ================================================================ one plan */

/* A number of the target's indicator: money whole, the rest with up to two decimals. */
static const char *amount(struct request *req, const struct plan_target *t, double v)
{
	return page_num(req, v, t->indicator == IND_VALUE ? 0 : 2);
}

static void meter(struct request *req, struct strbuf *b, double percent, const char *label_id)
{
	double v = percent < 0 ? 0 : percent > 100 ? 100 : percent;
	/* an attribute: a plain decimal point whatever the page's language */
	const char *value = arena_printf(req->arena, "%.1f", v);

	html_f(b,
	       "<meter min=\"0\" max=\"100\" low=\"50\" high=\"99.9\" optimum=\"100\" value=\"%s\" "
	       "aria-labelledby=\"%s\"></meter>",
	       value ? value : "0", label_id);
}

static void targets_table(struct request *req, struct response *resp, const struct plan_view *v)
{
	struct strbuf *b = &resp->body;
	bool can_log = scope_can(&req->scope, PERM_WORK_WRITE);
	size_t i;

	html_f(b, "<section id=\"targets\"><h2>%s</h2>", T(req, M_PLAN_TARGETS));
	if (!v->n_targets) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_PLAN_NO_TARGETS));
		html_raw(b, "</section>");
		return;
	}
	html_f(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list targets\"><thead><tr><th scope=\"col\">"
	    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" "
	    "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s"
	    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	    T(req, M_PLAN_INDICATOR), T(req, M_PLAN_TYPE_MEASURE), T(req, M_WORK_AREA),
	    T(req, M_PLAN_TARGET_VALUE), T(req, M_PLAN_DONE), T(req, M_PLAN_PERCENT),
	    T(req, M_PLAN_PROJECTED), T(req, M_ACTIONS));
	for (i = 0; i < v->n_targets; i++) {
		const struct target_progress *tp = &v->targets[i];
		const struct plan_target *t = &tp->t;
		double proj_pct = t->target_value > 0 ? tp->projected * 100.0 / t->target_value : 0;
		const char *label_id = arena_printf(req->arena, "target-%lld", (long long)t->id);

		html_f(b, "<tr><th scope=\"row\" id=\"%s\">%s", label_id ? label_id : "target",
		       work_indicator_label(req, t->indicator));
		if (work_opt(t->label))
			html_f(b, "<br><span class=\"muted\">%s</span>", t->label);
		html_raw(b, "</th><td>");
		if (t->type_name)
			html_f(b, "%s", t->type_name);
		if (t->measure_name)
			html_f(b, "%R%s (%s)", t->type_name ? ": " : "", t->measure_name,
			       work_nz(t->measure_unit));
		if (!t->type_name && !t->measure_name)
			html_f(b, "%s", T(req, M_PLAN_ANY));
		html_raw(b, "</td><td>");
		if (t->area_code)
			html_f(b, "%s <code>%s</code>", t->area_name ? t->area_name : t->area_code,
			       t->area_code);
		else
			html_f(b, "%s", T(req, M_PLAN_ANYWHERE));
		html_f(b, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td>",
		       amount(req, t, t->target_value), amount(req, t, t->done));
		meter(req, b, tp->percent, label_id ? label_id : "target");
		html_f(b, " %s%%</td><td>%s ", page_num(req, tp->percent, 1),
		       amount(req, t, tp->projected));
		html_f(b, "<span class=\"muted\">(%s%%)</span></td><td>",
		       page_num(req, proj_pct, 1));
		if (t->indicator != IND_CASES_ON_TIME)
			html_f(b, "<a href=\"/activities?target=%D\">%s</a>", t->id,
			       T(req, M_PLAN_TARGET_ACTIVITIES));
		if (can_log && t->indicator != IND_CASES_ON_TIME)
			html_f(b, " · <a href=\"/activities/new?target=%D\">%s</a>", t->id,
			       T(req, M_PLAN_TARGET_LOG));
		if (v->can_edit) {
			form_begin(req, resp,
			           arena_printf(req->arena, "/plans/%lld/targets/%lld/delete",
			                        (long long)v->p.id, (long long)t->id));
			html_f(b, "<button type=\"submit\" class=\"small danger\">%s</button>",
			       T(req, M_PLAN_TARGET_REMOVE));
			form_end(req, resp);
		}
		html_raw(b, "</td></tr>");
	}
	html_f(b, "</tbody></table></div><p class=\"hint\">%s</p></section>",
	       T(req, M_PLAN_PROJECTED_HINT));
}

static void target_form(struct request *req, struct response *resp, const struct plan_view *v,
                        const struct activity_type *types, size_t ntypes,
                        const struct target_input *in)
{
	struct strbuf *b = &resp->body;
	size_t i, k;
	int ind;

	html_f(b, "<section id=\"add-target\"><h2>%s</h2>", T(req, M_PLAN_TARGET_ADD));
	form_begin(req, resp, plan_href(req, v->p.id, "/targets"));
	html_f(b,
	       "<div class=\"field\"><label for=\"indicator\">%s *</label><select id=\"indicator\" "
	       "name=\"indicator\" required>",
	       T(req, M_PLAN_INDICATOR));
	for (ind = 0; ind < IND__COUNT; ind++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", indicator_name(ind),
		       in && in->indicator && !strcmp(in->indicator, indicator_name(ind))
		           ? " selected"
		           : "",
		       work_indicator_label(req, ind));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"ttype\">%s</label><select "
	       "id=\"ttype\" name=\"type\"><option value=\"\">%s</option>",
	       T(req, M_ACT_TYPE), T(req, M_WORK_ANY_TYPE));
	work_type_options(req, resp, types, ntypes, in ? in->type : NULL);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"measure\">%s</label><select "
	       "id=\"measure\" name=\"measure\" aria-describedby=\"measure_hint\"><option "
	       "value=\"\">—</option>",
	       T(req, M_IND_MEASURE));
	for (i = 0; i < ntypes; i++) {
		if (!types[i].active || !types[i].n_measures)
			continue;
		html_f(b, "<optgroup label=\"%s\">",
		       work_type_label(req, types[i].code, types[i].name, types[i].name_en));
		for (k = 0; k < types[i].n_measures; k++) {
			const struct measure_def *m = &types[i].measures[k];

			html_f(b, "<option value=\"%s\"%R>%s (%s)</option>", m->code,
			       in && in->measure && !strcmp(in->measure, m->code) ? " selected"
			                                                          : "",
			       page_pick(req, m->name, m->name_en),
			       page_pick(req, m->unit_label, m->unit_label_en));
		}
		html_raw(b, "</optgroup>");
	}
	html_f(b,
	       "</select><p class=\"hint\" id=\"measure_hint\">%s</p></div><div class=\"field\">"
	       "<label for=\"tarea\">%s</label><input id=\"tarea\" name=\"area\" type=\"text\" "
	       "maxlength=\"32\" value=\"%s\" aria-describedby=\"tarea_hint\"><p class=\"hint\" "
	       "id=\"tarea_hint\">%s</p></div>",
	       T(req, M_PLAN_MEASURE_HINT), T(req, M_WORK_AREA_CODE), in ? work_nz(in->area) : "",
	       T(req, M_PLAN_AREA_HINT));
	html_f(b,
	       "<div class=\"field\"><label for=\"tvalue\">%s *</label><input id=\"tvalue\" "
	       "name=\"value\" type=\"text\" inputmode=\"decimal\" maxlength=\"25\" value=\"%s\" "
	       "required></div><div class=\"field\"><label for=\"tlabel\">%s</label><input "
	       "id=\"tlabel\" name=\"label\" type=\"text\" maxlength=\"%d\" value=\"%s\"></div>",
	       T(req, M_PLAN_TARGET_VALUE), in ? work_nz(in->value) : "", T(req, M_PLAN_LABEL),
	       WORK_TITLE_MAX, in ? work_nz(in->label) : "");
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_PLAN_TARGET_ADD));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void decision_forms(struct request *req, struct response *resp, const struct plan_view *v,
                           const char *note)
{
	struct strbuf *b = &resp->body;
	const char *act = plan_href(req, v->p.id, "/act");

	if (v->can_submit) {
		html_f(b, "<section id=\"submit\"><h2>%s</h2><p>%s</p>", T(req, M_PLAN_SUBMIT),
		       T(req, M_PLAN_SUBMIT_HINT));
		form_begin(req, resp, act);
		html_f(b,
		       "<input type=\"hidden\" name=\"action\" value=\"submit\"><div "
		       "class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_PLAN_SUBMIT));
		form_end(req, resp);
		html_raw(b, "</section>");
	} else if (v->can_edit) {
		html_f(b, "<p class=\"hint\">%s</p>", T(req, M_PLAN_NEEDS_TARGET));
	}
	if (!v->can_decide)
		return;
	html_f(b, "<section id=\"decide\"><h2>%s</h2>", T(req, M_PLAN_DECIDE));
	form_begin(req, resp, act);
	html_f(b,
	       "<input type=\"hidden\" name=\"action\" value=\"approve\"><div class=\"actions\">"
	       "<button type=\"submit\">%s</button></div>",
	       T(req, M_PLAN_APPROVE));
	form_end(req, resp);
	form_begin(req, resp, act);
	html_f(
	    b,
	    "<input type=\"hidden\" name=\"action\" value=\"return\"><div class=\"field\"><label "
	    "for=\"return_note\">%s *</label><textarea id=\"return_note\" name=\"note\" "
	    "rows=\"3\" maxlength=\"%d\" required>%s</textarea></div><div class=\"actions\">"
	    "<button type=\"submit\" class=\"secondary\">%s</button></div>",
	    T(req, M_PLAN_RETURN_NOTE), WORK_TEXT_MAX, work_nz(note), T(req, M_PLAN_RETURN));
	form_end(req, resp);
	html_raw(b, "</section>");
}

/* The plan's page; `error` (and what was typed: `tin`, `note`) from a refused form. */
static void render_plan(struct request *req, struct response *resp, int status, int64_t id,
                        const char *error, const struct target_input *tin, const char *note)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct plan_view v;
	struct activity_type *types = NULL;
	size_t ntypes = 0;
	bool own = false;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_plan_view(req->app, req->db, &req->scope, id, today(), req->arena, &v, &e) !=
	        DV_OK ||
	    app_activity_types(req->app, req->db, req->arena, &types, &ntypes, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	resp->status = status;
	page_begin(req, resp, work_nz(v.p.title));
	page_read_end(req, own);

	work_crumbs(req, resp, "/plans", T(req, M_PLAN_LIST_TITLE), work_nz(v.p.title));
	html_f(b, "<h1>%s</h1>", work_nz(v.p.title));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd><dt>%s</dt>"
	       "<dd>%s (%s)</dd>",
	       T(req, M_FIELD_UNIT), v.p.unit_id, work_nz(v.p.unit_name), T(req, M_WORK_PERIOD),
	       plan_period_label(req, &v.p), work_period(req, v.first, v.last));
	html_f(b, "<dt>%s</dt><dd><span class=\"status plan-%s\">%s</span></dd>",
	       T(req, M_FIELD_STATUS), plan_status_name(v.p.status),
	       work_plan_status_label(req, v.p.status));
	if (v.p.decided_at)
		html_f(b, "<dt>%s</dt><dd>%s%R%s</dd>", T(req, M_PLAN_DECIDED),
		       page_time(req, v.p.decided_at), work_opt(v.p.decided_by_name) ? " · " : "",
		       work_nz(v.p.decided_by_name));
	html_f(b, "<dt>%s</dt><dd><div class=\"text\">%s</div></dd>", T(req, M_PLAN_NOTE),
	       work_opt(v.p.note) ? v.p.note : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", T(req, M_FIELD_CREATED),
	       page_time(req, v.p.created_at), T(req, M_FIELD_UPDATED),
	       page_time(req, v.p.updated_at));
	targets_table(req, resp, &v);
	if (v.can_edit)
		target_form(req, resp, &v, types, ntypes, tin);
	decision_forms(req, resp, &v, note);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_plan(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_plan(req, resp, 200, id, NULL, NULL, NULL);
}

/* After a refused form: the page again with the error, or the error page. */
static void refused(struct request *req, struct response *resp, int64_t id,
                    const struct dv_error *e, const struct target_input *tin, const char *note)
{
	int status = work_form_status(e->code);

	if (!status) {
		resp_fail(req, resp, e);
		return;
	}
	render_plan(req, resp, status, id, page_error_text(req, e), tin, note);
}

void h_plan_target_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct target_input in;
	int64_t id, tid = 0;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	memset(&in, 0, sizeof(in));
	in.indicator = params_get(p, "indicator");
	in.type = params_get(p, "type");
	in.measure = params_get(p, "measure");
	in.area = params_get(p, "area");
	in.value = params_get(p, "value");
	in.label = params_get(p, "label");
	if (app_plan_target_add(req->app, req->db, &req->scope, req->who->login, id, &in,
	                                 &tid, &e) == DV_OK) {
		resp_redirect(req, resp, plan_href(req, id, "#targets"));
		return;
	}
	refused(req, resp, id, &e, &in, NULL);
}

void h_plan_target_del(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, tid;

	if (!work_arg_id(req, resp, 0, &id) || !work_arg_id(req, resp, 1, &tid))
		return;
	if (app_plan_target_remove(req->app, req->db, &req->scope, req->who->login, id,
	                                    tid, &e) == DV_OK) {
		resp_redirect(req, resp, plan_href(req, id, "#targets"));
		return;
	}
	refused(req, resp, id, &e, NULL, NULL);
}

void h_plan_act(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *action = params_get(&req->form, "action");
	const char *note = params_get(&req->form, "note");
	int64_t id;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (app_plan_act(req->app, req->db, &req->scope, req->who->login, id,
	                          work_nz(action), note, &e) == DV_OK) {
		resp_redirect(req, resp, plan_href(req, id, NULL));
		return;
	}
	refused(req, resp, id, &e, NULL, note);
}
