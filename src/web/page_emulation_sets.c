/* page_emulation_sets.c: criteria sets (the criteria a unit evaluates models or scores
 * emulation rounds by): the list, the new set form with its criteria rows, a set's page and
 * its activation switch. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/emulation.h"
#include "store/emulation.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_emulation.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* Criteria rows on the new set form; rows left empty are ignored. */
#define CRITERIA_ROWS 10

static const char *purpose_label(struct request *req, const char *purpose)
{
	if (purpose && !strcmp(purpose, "model"))
		return T(req, M_CSET_PURPOSE_MODEL);
	if (purpose && !strcmp(purpose, "round"))
		return T(req, M_CSET_PURPOSE_ROUND);
	return purpose ? purpose : "—";
}

static void purpose_options(struct request *req, struct response *resp, const char *selected)
{
	static const char *const codes[] = {"model", "round"};
	size_t i;

	for (i = 0; i < 2; i++)
		html_f(&resp->body, "<option value=\"%s\"%R>%s</option>", codes[i],
		       selected && !strcmp(selected, codes[i]) ? " selected" : "",
		       purpose_label(req, codes[i]));
}

static const char *active_label(struct request *req, bool active)
{
	return T(req, active ? M_ACTIVE : M_CSET_INACTIVE);
}

/* ================================================================ the list */

void h_criteria_sets(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *q = &req->query;
	struct strbuf *b = &resp->body;
	const char *purpose = params_get(q, "purpose"), *unit = params_get(q, "unit");
	const char *active = params_get(q, "active"), *problem = NULL;
	struct criteria_set_filter f;
	struct criteria_set *rows = NULL;
	int64_t page = page_number(req), total = 0;
	size_t n = 0, i;
	bool own = false;

	memset(&f, 0, sizeof(f));
	if (work_opt(purpose)) {
		if (strcmp(purpose, "model") && strcmp(purpose, "round"))
			problem = T(req, M_EMU_BAD_CHOICE);
		else
			f.purpose = purpose;
	}
	if (!work_opt_id(unit, &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	f.active_only = work_opt(active) != NULL;
	f.limit = WORK_PER_PAGE;
	f.offset = (size_t)((page - 1) * WORK_PER_PAGE);
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem && criteria_set_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total,
	                                  &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_CSET_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_CSET_LIST_TITLE),
	       T(req, M_CSET_INTRO));
	if (scope_can(&req->scope, PERM_EMU_REVIEW))
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/criteria-sets/new\">%s</a>"
		       "</p>",
		       T(req, M_CSET_NEW));
	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/criteria-sets\"><div "
	       "class=\"field\"><label for=\"purpose\">%s</label><select id=\"purpose\" "
	       "name=\"purpose\"><option value=\"\">%s</option>",
	       T(req, M_CSET_PURPOSE), T(req, M_EMU_ANY));
	purpose_options(req, resp, purpose);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"unit\">%s</label><input "
	       "id=\"unit\" name=\"unit\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" "
	       "value=\"%s\"></div><div class=\"field check\"><input type=\"checkbox\" "
	       "id=\"active\" name=\"active\" value=\"1\"%R><label for=\"active\">%s</label></div>",
	       T(req, M_FIELD_UNIT_ID), work_nz(unit), f.active_only ? " checked" : "",
	       T(req, M_CSET_ACTIVE_ONLY));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a "
	       "href=\"/criteria-sets\">%s</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" "
		    "class=\"num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		    "</thead><tbody>",
		    T(req, M_CSET_NAME), T(req, M_CSET_PURPOSE), T(req, M_FIELD_UNIT),
		    T(req, M_CSET_PASS_PERCENT), T(req, M_FIELD_STATUS), T(req, M_FIELD_CREATED));
		for (i = 0; i < n; i++)
			html_f(
			    b,
			    "<tr%R><td><a href=\"/criteria-sets/%D\">%s</a></td><td>%s</td><td>"
			    "<a href=\"/units/%D\">%s</a></td><td class=\"num\">%s</td><td>%s</td>"
			    "<td>%s</td></tr>",
			    rows[i].active ? "" : " class=\"inactive\"", rows[i].id,
			    work_nz(rows[i].name), purpose_label(req, rows[i].purpose),
			    rows[i].unit_id, work_nz(rows[i].unit_name),
			    rows[i].pass_percent > 0 ? emu_percent(req, rows[i].pass_percent) : "—",
			    active_label(req, rows[i].active), page_time(req, rows[i].created_at));
		html_raw(b, "</tbody></table></div>\n");
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CSET_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ a new set */

/* What the form shows: prefilled (GET) or as typed (a refused POST). */
struct set_form {
	const char *unit, *purpose, *name, *pass_percent;
	struct criterion_input rows[CRITERIA_ROWS];
};

static const char *row_field(struct request *req, const char *what, int i)
{
	const char *s = arena_printf(req->arena, "%s.%d", what, i + 1);

	return s ? s : what;
}

static void render_set_new(struct request *req, struct response *resp, int status,
                           const struct set_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	int i;

	resp->status = status;
	page_begin(req, resp, T(req, M_CSET_NEW));
	work_crumbs(req, resp, "/criteria-sets", T(req, M_CSET_LIST_TITLE), T(req, M_CSET_NEW));
	html_f(b, "<h1>%s</h1>", T(req, M_CSET_NEW));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_WORK_REQUIRED_NOTE));
	form_begin(req, resp, "/criteria-sets");
	emu_input(req, resp, "unit", M_FIELD_UNIT_ID, f->unit, 19, true, NULL, M_CSET_UNIT_HINT);
	html_f(b,
	       "<div class=\"field\"><label for=\"purpose\">%s *</label><select id=\"purpose\" "
	       "name=\"purpose\" required>",
	       T(req, M_CSET_PURPOSE));
	purpose_options(req, resp, f->purpose);
	html_raw(b, "</select></div>");
	emu_input(req, resp, "name", M_CSET_NAME, f->name, EMU_NAME_MAX, true, NULL, 0);
	emu_input(req, resp, "pass_percent", M_CSET_PASS_PERCENT, f->pass_percent, 6, false, NULL,
	          M_CSET_PASS_HINT);
	html_f(b,
	       "<fieldset><legend>%s</legend><p class=\"hint\">%s</p><div class=\"table-wrap\">"
	       "<table class=\"list criteria\"><thead><tr><th scope=\"col\">#</th><th "
	       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
	       "scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_CSET_CRITERIA), T(req, M_CSET_ROWS_HINT), T(req, M_CSET_CRITERION),
	       T(req, M_CSET_GUIDANCE), T(req, M_CSET_WEIGHT), T(req, M_CSET_MAX_SCORE));
	for (i = 0; i < CRITERIA_ROWS; i++) {
		const struct criterion_input *r = &f->rows[i];

		html_f(b,
		       "<tr><th scope=\"row\">%d</th><td><input name=\"%s\" type=\"text\" "
		       "maxlength=\"%d\" value=\"%s\" aria-label=\"%s %d\"></td><td><input "
		       "name=\"%s\" type=\"text\" maxlength=\"1000\" value=\"%s\" aria-label=\"%s "
		       "%d\"></td>",
		       i + 1, row_field(req, "crit_name", i), EMU_NAME_MAX, work_nz(r->name),
		       T(req, M_CSET_CRITERION), i + 1, row_field(req, "crit_guidance", i),
		       work_nz(r->guidance), T(req, M_CSET_GUIDANCE), i + 1);
		html_f(
		    b,
		    "<td><input name=\"%s\" type=\"text\" inputmode=\"decimal\" maxlength=\"10\" "
		    "size=\"5\" value=\"%s\" aria-label=\"%s %d\"></td><td><input name=\"%s\" "
		    "type=\"text\" inputmode=\"decimal\" maxlength=\"10\" size=\"5\" value=\"%s\" "
		    "aria-label=\"%s %d\"></td></tr>",
		    row_field(req, "crit_weight", i), work_nz(r->weight), T(req, M_CSET_WEIGHT),
		    i + 1, row_field(req, "crit_max", i), work_nz(r->max_score),
		    T(req, M_CSET_MAX_SCORE), i + 1);
	}
	html_f(b,
	       "</tbody></table></div></fieldset><div class=\"actions\"><button type=\"submit\">%s"
	       "</button> <a href=\"/criteria-sets\">%s</a></div>",
	       T(req, M_CREATE), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_criteria_set_new(struct request *req, struct response *resp)
{
	struct set_form f;
	const char *purpose = params_get(&req->query, "purpose");
	int i;

	memset(&f, 0, sizeof(f));
	f.unit = emu_id(req, req->who->unit_id);
	f.purpose = purpose && !strcmp(purpose, "round") ? "round" : "model";
	f.pass_percent = "80";
	for (i = 0; i < CRITERIA_ROWS; i++) {
		f.rows[i].weight = "1";
		f.rows[i].max_score = "10";
	}
	render_set_new(req, resp, 200, &f, NULL);
}

void h_criteria_set_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct criterion_input crit[CRITERIA_ROWS];
	struct criteria_set_input in;
	struct set_form f;
	int64_t id = 0;
	size_t n = 0;
	int i, status;

	memset(&f, 0, sizeof(f));
	f.unit = params_get(p, "unit");
	f.purpose = params_get(p, "purpose");
	f.name = params_get(p, "name");
	f.pass_percent = params_get(p, "pass_percent");
	for (i = 0; i < CRITERIA_ROWS; i++) {
		struct criterion_input *r = &f.rows[i];

		r->name = params_get(p, row_field(req, "crit_name", i));
		r->guidance = params_get(p, row_field(req, "crit_guidance", i));
		r->weight = params_get(p, row_field(req, "crit_weight", i));
		r->max_score = params_get(p, row_field(req, "crit_max", i));
		/* a row is used when it names a criterion or says something about one */
		if (work_opt(r->name) || work_opt(r->guidance))
			crit[n++] = *r;
	}
	memset(&in, 0, sizeof(in));
	in.unit = f.unit;
	in.purpose = f.purpose;
	in.name = f.name;
	in.pass_percent = work_opt(f.pass_percent);
	in.criteria = crit;
	in.n_criteria = n;
	if (app_criteria_set_create(req->app, req->db, &req->scope, req->who->login, &in, &id,
	                            &e) == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "criteria-sets", id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_set_new(req, resp, status, &f, page_error_text(req, &e));
}

/* ================================================================ one set */

static void render_set(struct request *req, struct response *resp, int status, int64_t id,
                       const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct criteria_set s;
	double max = 0;
	bool own = false;
	size_t i;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (criteria_set_get(req->db, &req->scope, id, req->arena, &s, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	resp->status = status;
	page_begin(req, resp, work_nz(s.name));
	page_read_end(req, own);

	work_crumbs(req, resp, "/criteria-sets", T(req, M_CSET_LIST_TITLE), work_nz(s.name));
	html_f(b, "<h1>%s</h1>", work_nz(s.name));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><a href=\"/units/%D\">"
	       "%s</a></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	       T(req, M_CSET_PURPOSE), purpose_label(req, s.purpose), T(req, M_FIELD_UNIT),
	       s.unit_id, work_nz(s.unit_name), T(req, M_CSET_PASS_PERCENT),
	       s.pass_percent > 0 ? emu_percent(req, s.pass_percent) : "—", T(req, M_FIELD_STATUS),
	       active_label(req, s.active), T(req, M_FIELD_CREATED), page_time(req, s.created_at));
	html_f(b,
	       "<h2>%s</h2><div class=\"table-wrap\"><table class=\"list criteria\"><thead><tr>"
	       "<th scope=\"col\" class=\"num\">#</th><th scope=\"col\">%s</th><th scope=\"col\">"
	       "%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s"
	       "</th></tr></thead><tbody>",
	       T(req, M_CSET_CRITERIA), T(req, M_CSET_CRITERION), T(req, M_CSET_GUIDANCE),
	       T(req, M_CSET_WEIGHT), T(req, M_CSET_MAX_SCORE));
	for (i = 0; i < s.n_criteria; i++) {
		const struct criterion *c = &s.criteria[i];

		max += c->weight * c->max_score;
		html_f(b,
		       "<tr><td class=\"num\">%d</td><th scope=\"row\">%s</th><td>%s</td><td "
		       "class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
		       c->pos, work_nz(c->name), work_opt(c->guidance) ? c->guidance : "—",
		       page_num(req, c->weight, 2), page_num(req, c->max_score, 2));
	}
	html_f(b,
	       "</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">%s</th><td class=\"num\">%s"
	       "</td></tr></tfoot></table></div>",
	       T(req, M_CSET_MAX_TOTAL), page_num(req, max, 2));
	html_raw(b, "<p class=\"actions\">");
	if (s.active && s.purpose && !strcmp(s.purpose, "round") &&
	    scope_can(&req->scope, PERM_EMU_REVIEW))
		html_f(b, "<a class=\"button\" href=\"/campaigns/new?criteria_set=%D\">%s</a> ",
		       s.id, T(req, M_CAMP_NEW));
	if (s.purpose && !strcmp(s.purpose, "model"))
		html_f(b, "<a class=\"button secondary\" href=\"/models\">%s</a>",
		       T(req, M_MODEL_LIST_TITLE));
	html_raw(b, "</p>");
	if (scope_can(&req->scope, PERM_EMU_REVIEW)) {
		html_f(b, "<section id=\"active\"><h2>%s</h2><p class=\"hint\">%s</p>",
		       T(req, M_CSET_SWITCH),
		       T(req, s.active ? M_CSET_DEACTIVATE_HINT : M_CSET_ACTIVATE_HINT));
		form_begin(req, resp, emu_href(req, "criteria-sets", s.id, "/active"));
		html_f(b,
		       "<input type=\"hidden\" name=\"active\" value=\"%R\"><div class=\"actions\">"
		       "<button type=\"submit\"%R>%s</button></div>",
		       s.active ? "0" : "1", s.active ? " class=\"secondary\"" : "",
		       T(req, s.active ? M_CSET_DEACTIVATE : M_CSET_ACTIVATE));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_criteria_set(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_set(req, resp, 200, id, NULL);
}

void h_criteria_set_active(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *a = params_get(&req->form, "active");
	int64_t id;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (!a || (strcmp(a, "0") && strcmp(a, "1"))) {
		render_set(req, resp, 400, id, T(req, M_EMU_BAD_CHOICE));
		return;
	}
	if (app_criteria_set_active(req->app, req->db, &req->scope, req->who->login, id,
	                            a[0] == '1', &e) == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "criteria-sets", id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_set(req, resp, status, id, page_error_text(req, &e));
}
