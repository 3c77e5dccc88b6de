/* page_emulation_awards.c: commendation: the list of proposals and awards with exports, the
 * proposal form (with a "check" button that shows the rules a proposal would break without
 * writing it), and an award's page: its warnings, the recipient's history and the decision. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/emulation.h"
#include "store/emulation.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_emulation.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

static const char *status_label(const struct request *req, enum award_status s)
{
	return emu_label(req, award_statuses, AW__COUNT, (int)s);
}

static const char *form_label(const struct request *req, const struct award_form *f)
{
	return work_type_label(req, f->code, f->name, f->name_en);
}

/* A form's name by code, from the vocabulary; the code when unknown. */
static const char *form_name_of(const struct request *req, const struct award_form *v, size_t n,
                                const char *code)
{
	const struct award_form *f = code ? award_form_find(v, n, code) : NULL;

	return f ? form_label(req, f) : work_nz(code);
}

static const char *category_label(struct request *req, const char *category)
{
	static const struct {
		const char *code;
		enum msg_id id;
	} v[] = {
	    {"title_individual", M_AWARD_CAT_INDIVIDUAL},
	    {"title_collective", M_AWARD_CAT_COLLECTIVE},
	    {"title_household", M_AWARD_CAT_HOUSEHOLD},
	    {"form", M_AWARD_CAT_FORM},
	};
	size_t i;

	for (i = 0; category && i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(category, v[i].code))
			return T(req, v[i].id);
	return work_nz(category);
}

/* <option>s of the forms, grouped by category (the vocabulary's order); retired forms only
 * when selected. */
static void form_options(struct request *req, struct response *resp, const struct award_form *v,
                         size_t n, const char *selected)
{
	struct strbuf *b = &resp->body;
	const char *cat = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		bool sel = selected && !strcmp(selected, v[i].code);

		if (!v[i].active && !sel)
			continue;
		if (!cat || strcmp(cat, work_nz(v[i].category))) {
			if (cat)
				html_raw(b, "</optgroup>");
			cat = work_nz(v[i].category);
			html_f(b, "<optgroup label=\"%s\">", category_label(req, cat));
		}
		html_f(b, "<option value=\"%s\"%R>%s</option>", v[i].code, sel ? " selected" : "",
		       form_label(req, &v[i]));
	}
	if (cat)
		html_raw(b, "</optgroup>");
}

static const char *recipient_text(struct request *req, const struct award *aw)
{
	const char *s =
	    arena_printf(req->arena, "%s (%s)", work_nz(aw->recipient_name),
	                 emu_label(req, recipient_kinds, RK__COUNT, (int)aw->recipient_kind));

	return s ? s : work_nz(aw->recipient_name);
}

static bool has_warnings(const struct award *aw)
{
	return aw->warnings && *aw->warnings && strcmp(aw->warnings, "[]") != 0;
}

/* ================================================================ the list */

static void export_awards(struct request *req, struct response *resp, enum export_format fmt,
                          const struct award *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_AWARD_FORM_CODE), EXPORT_COL_TEXT, 20},
	    {T(req, M_AWARD_FORM), EXPORT_COL_TEXT, 36},
	    {T(req, M_AWARD_RECIPIENT_KIND), EXPORT_COL_TEXT, 14},
	    {T(req, M_AWARD_RECIPIENT), EXPORT_COL_TEXT, 36},
	    {T(req, M_AWARD_YEAR), EXPORT_COL_INT, 0},
	    {T(req, M_AWARD_ACHIEVEMENT), EXPORT_COL_TEXT, 50},
	    {T(req, M_AWARD_PROPOSING_ID), EXPORT_COL_INT, 10},
	    {T(req, M_AWARD_PROPOSING), EXPORT_COL_TEXT, 36},
	    {T(req, M_FIELD_STATUS), EXPORT_COL_TEXT, 18},
	    {T(req, M_EMU_DECISION_NO), EXPORT_COL_TEXT, 16},
	    {T(req, M_EMU_DECISION_ON), EXPORT_COL_DATE, 0},
	    {T(req, M_AWARD_WARNINGS), EXPORT_COL_TEXT, 10},
	};
	struct export_table *t = export_new(req->arena, T(req, M_AWARD_LIST_TITLE), cols,
	                                    sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		const struct award *aw = &v[i];

		export_int(t, aw->id);
		export_text(t, aw->form_code);
		export_text(t,
		            work_type_label(req, aw->form_code, aw->form_name, aw->form_name_en));
		export_text(t, emu_label(req, recipient_kinds, RK__COUNT, (int)aw->recipient_kind));
		export_text(t, aw->recipient_name);
		export_int(t, aw->year);
		export_text(t, aw->achievement);
		export_int(t, aw->proposing_unit_id);
		export_text(t, aw->proposing_unit_name);
		export_text(t, status_label(req, aw->status));
		export_text(t, aw->decision_no);
		export_date(t, aw->decision_on);
		export_text(t, T(req, has_warnings(aw) ? M_EMU_YES : M_EMU_NO));
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "awards");
}

void h_awards(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *form = params_get(q, "form");
	const char *year = params_get(q, "year"), *query = params_get(q, "q");
	const char *unit = params_get(q, "unit"), *problem = NULL;
	struct award_filter f;
	struct award *rows = NULL;
	struct award_form *forms = NULL;
	enum export_format fmt = EXPORT_CSV;
	int64_t page = page_number(req), total = 0, y = 0;
	size_t n = 0, nforms = 0, i;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.status = emu_filter(award_statuses, AW__COUNT, status);
	if (f.status == -2)
		problem = T(req, M_WORK_BAD_STATUS);
	if (work_opt(year) && (!parse_int64(year, &y) || y < 1945 || y > 2100))
		problem = T(req, M_AWARD_BAD_YEAR);
	f.year = (int)y;
	if (!work_opt_id(unit, &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	f.form_code = work_opt(form);
	f.query = work_opt(query);
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (problem && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (award_forms_load(req->db, req->arena, &forms, &nforms, &e) != DV_OK)
		goto fail_tx;
	if (!problem && f.form_code && !award_form_find(forms, nforms, f.form_code))
		problem = T(req, M_AWARD_BAD_FORM);
	if (problem && want) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (!problem &&
	    award_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK)
		goto fail_tx;
	if (want) {
		page_read_end(req, own);
		export_awards(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_AWARD_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_AWARD_LIST_TITLE),
	       T(req, M_AWARD_INTRO));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/awards/new\">%s</a></p>",
		       T(req, M_AWARD_NEW));
	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/awards\" role=\"search\">"
	       "<div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" name=\"q\" "
	       "type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_AWARD_SEARCH), work_nz(query));
	emu_select(req, resp, "status", M_FIELD_STATUS, award_statuses, AW__COUNT, status,
	           M_WORK_ANY_STATUS);
	html_f(b,
	       "<div class=\"field\"><label for=\"form\">%s</label><select id=\"form\" "
	       "name=\"form\"><option value=\"\">%s</option>",
	       T(req, M_AWARD_FORM), T(req, M_EMU_ANY));
	form_options(req, resp, forms, nforms, form);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"year\">%s</label><input "
	       "id=\"year\" name=\"year\" type=\"number\" min=\"1945\" max=\"2100\" value=\"%s\">"
	       "</div><div class=\"field\"><label for=\"unit\">%s</label><input id=\"unit\" "
	       "name=\"unit\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\">"
	       "<p class=\"hint\">%s</p></div>",
	       T(req, M_AWARD_YEAR), work_nz(year), T(req, M_FIELD_UNIT_ID), work_nz(unit),
	       T(req, M_AWARD_UNIT_FILTER_HINT));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/awards\">%s"
	       "</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(b,
		       "<div class=\"table-wrap\"><table class=\"list awards\"><thead><tr><th "
		       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" "
		       "class=\"num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		       "scope=\"col\">%s</th></tr></thead><tbody>",
		       T(req, M_AWARD_FORM), T(req, M_AWARD_RECIPIENT), T(req, M_AWARD_YEAR),
		       T(req, M_AWARD_ACHIEVEMENT), T(req, M_AWARD_PROPOSING),
		       T(req, M_FIELD_STATUS));
		for (i = 0; i < n; i++) {
			const struct award *aw = &rows[i];

			html_f(b,
			       "<tr><td><a href=\"/awards/%D\">%s</a></td><td>%s</td><td "
			       "class=\"num\">%d</td><td>%s</td><td>%s</td><td>%s",
			       aw->id,
			       work_type_label(req, aw->form_code, aw->form_name, aw->form_name_en),
			       recipient_text(req, aw), aw->year, work_nz(aw->achievement),
			       work_nz(aw->proposing_unit_name), status_label(req, aw->status));
			if (has_warnings(aw))
				html_f(b, " <span class=\"badge\">%s</span>",
				       T(req, M_AWARD_HAS_WARNINGS));
			html_raw(b, "</td></tr>");
		}
		html_raw(b, "</tbody></table></div>\n");
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AWARD_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ the proposal form */

/* The rules a proposal breaks, as a prominent box; `checked` says a check found none. */
static void warnings_box(struct request *req, struct response *resp, const struct award_warning *w,
                         size_t n, bool checked)
{
	struct strbuf *b = &resp->body;
	size_t i;

	if (!n) {
		if (checked)
			page_notice(req, resp, "ok", T(req, M_AWARD_NO_WARNINGS));
		return;
	}
	html_f(b,
	       "<div class=\"notice notice-error warnings\" role=\"alert\"><strong>%s</strong><ul>",
	       T(req, M_AWARD_WARNINGS_TITLE));
	for (i = 0; i < n; i++)
		html_f(b, "<li>%s <code>%s</code></li>",
		       page_pick(req, w[i].message_vi, w[i].message), work_nz(w[i].code));
	html_raw(b, "</ul></div>\n");
}

static void render_award_new(struct request *req, struct response *resp, int status,
                             const struct award_input *in, const char *error,
                             const struct award_warning *w, size_t nw, bool checked)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct award_form *forms = NULL;
	size_t nforms = 0;
	bool own = false;

	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (award_forms_load(req->db, req->arena, &forms, &nforms, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_AWARD_NEW));
	page_read_end(req, own);

	work_crumbs(req, resp, "/awards", T(req, M_AWARD_LIST_TITLE), T(req, M_AWARD_NEW));
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_AWARD_NEW),
	       T(req, M_AWARD_NEW_INTRO));
	if (error)
		page_notice(req, resp, "error", error);
	warnings_box(req, resp, w, nw, checked);
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_WORK_REQUIRED_NOTE));
	form_begin(req, resp, "/awards");
	html_f(b,
	       "<div class=\"field\"><label for=\"form\">%s *</label><select id=\"form\" "
	       "name=\"form\" required><option value=\"\">%s</option>",
	       T(req, M_AWARD_FORM), T(req, M_CHOOSE));
	form_options(req, resp, forms, nforms, in->form);
	html_raw(b, "</select></div>");
	emu_select(req, resp, "recipient_kind", M_AWARD_RECIPIENT_KIND, recipient_kinds, RK__COUNT,
	           in->recipient_kind, 0);
	html_f(b, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>",
	       T(req, M_AWARD_RECIPIENT), T(req, M_AWARD_RECIPIENT_HINT));
	emu_input(req, resp, "unit", M_AWARD_UNIT, in->unit, 19, false, NULL, M_AWARD_UNIT_HINT);
	emu_input(req, resp, "person_name", M_AWARD_PERSON_NAME, in->person_name, EMU_NAME_MAX,
	          false, NULL, M_AWARD_PERSON_HINT);
	emu_input(req, resp, "model", M_AWARD_MODEL_ID, in->model, 19, false, NULL, 0);
	emu_input(req, resp, "area", M_WORK_AREA_CODE, in->area, 32, false, NULL,
	          M_AWARD_AREA_HINT);
	html_raw(b, "</fieldset>");
	emu_input(req, resp, "year", M_AWARD_YEAR, in->year, 4, true, "number", 0);
	emu_textarea(req, resp, "achievement", M_AWARD_ACHIEVEMENT, in->achievement, EMU_TEXT_MAX,
	             true, M_AWARD_ACHIEVEMENT_HINT);
	emu_textarea(req, resp, "reason", M_AWARD_REASON, in->reason, EMU_TEXT_MAX, false, 0);
	emu_select(req, resp, "initiative", M_AWARD_INITIATIVE, initiatives, INIT__COUNT,
	           in->initiative, 0);
	emu_input(req, resp, "proposing_unit", M_AWARD_PROPOSING_ID, in->proposing_unit, 19, false,
	          NULL, M_AWARD_PROPOSING_HINT);
	emu_input(req, resp, "campaign", M_AWARD_CAMPAIGN_ID, in->campaign, 19, false, NULL,
	          M_HINT_OPTIONAL);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <button type=\"submit\" "
	       "name=\"check\" value=\"1\" class=\"secondary\">%s</button> <a href=\"/awards\">%s"
	       "</a></div>",
	       T(req, M_AWARD_PROPOSE), T(req, M_AWARD_CHECK), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

static void award_from_post(struct request *req, struct award_input *in)
{
	const struct params *p = &req->form;

	memset(in, 0, sizeof(*in));
	in->form = params_get(p, "form");
	in->recipient_kind = params_get(p, "recipient_kind");
	in->unit = work_opt(params_get(p, "unit"));
	in->person_name = work_opt(params_get(p, "person_name"));
	in->model = work_opt(params_get(p, "model"));
	in->area = work_opt(params_get(p, "area"));
	in->year = params_get(p, "year");
	in->achievement = params_get(p, "achievement");
	in->reason = params_get(p, "reason");
	in->initiative = params_get(p, "initiative");
	in->proposing_unit = work_opt(params_get(p, "proposing_unit"));
	in->campaign = work_opt(params_get(p, "campaign"));
}

void h_award_new(struct request *req, struct response *resp)
{
	const struct params *q = &req->query;
	struct award_input in;
	int y, m, d;

	memset(&in, 0, sizeof(in));
	date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
	in.form = params_get(q, "form");
	in.recipient_kind = params_get(q, "recipient_kind");
	if (!in.recipient_kind)
		in.recipient_kind = params_get(q, "model") ? "model" : "unit";
	in.unit = params_get(q, "unit");
	in.model = params_get(q, "model");
	in.area = params_get(q, "area");
	in.campaign = params_get(q, "campaign");
	in.year = arena_printf(req->arena, "%d", y);
	in.initiative = "none";
	in.proposing_unit = emu_id(req, req->who->unit_id);
	render_award_new(req, resp, 200, &in, NULL, NULL, 0, false);
}

void h_award_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_input in;
	struct award_warning *w = NULL;
	size_t nw = 0;
	int64_t id = 0;
	int status;

	award_from_post(req, &in);
	if (params_get(&req->form, "check")) {
		/* the check writes nothing: the form again with what it found */
		if (app_award_check(req->app, req->db, &req->scope, &in, req->arena, &w, &nw, &e) ==
		    DV_OK) {
			render_award_new(req, resp, 200, &in, NULL, w, nw, true);
			return;
		}
	} else if (app_award_propose(req->app, req->db, &req->scope, req->who->login, &in, &id,
	                             &e) == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "awards", id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_award_new(req, resp, status, &in, page_error_text(req, &e), NULL, 0, false);
}

/* ================================================================ one award */

static void history(struct request *req, struct response *resp, const struct award_view *v,
                    const struct award_form *forms, size_t nforms)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"history\"><h2>%s</h2>", T(req, M_AWARD_HISTORY));
	if (!v->n_history) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_AWARD_NO_HISTORY));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\" "
	       "class=\"num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	       "</thead><tbody>",
	       T(req, M_AWARD_YEAR), T(req, M_AWARD_FORM), T(req, M_FIELD_STATUS));
	for (i = 0; i < v->n_history; i++) {
		const struct award_past *h = &v->history[i];

		html_f(b,
		       "<tr><td class=\"num\">%d</td><td><a href=\"/awards/%D\">%s</a></td><td>%s"
		       "</td></tr>",
		       h->year, h->id, form_name_of(req, forms, nforms, h->form_code),
		       status_label(req, h->status));
	}
	html_raw(b, "</tbody></table></div></section>");
}

static void decision_form(struct request *req, struct response *resp, const struct award_view *v)
{
	struct strbuf *b = &resp->body;
	const char *d = emu_posted(req, "decision");
	bool rejected = d && !strcmp(d, "rejected");

	html_f(b, "<section id=\"decide\"><h2>%s</h2>", T(req, M_AWARD_DECIDE));
	form_begin(req, resp, emu_href(req, "awards", v->aw.id, "/decision"));
	html_f(b,
	       "<fieldset><legend>%s</legend><div class=\"field check\"><input type=\"radio\" "
	       "id=\"decision_approved\" name=\"decision\" value=\"approved\"%R><label "
	       "for=\"decision_approved\">%s</label></div><div class=\"field check\"><input "
	       "type=\"radio\" id=\"decision_rejected\" name=\"decision\" value=\"rejected\"%R>"
	       "<label for=\"decision_rejected\">%s</label></div></fieldset>",
	       T(req, M_AWARD_DECISION), rejected ? "" : " checked", T(req, M_AWARD_APPROVE),
	       rejected ? " checked" : "", T(req, M_AWARD_REJECT));
	emu_input(req, resp, "decision_no", M_EMU_DECISION_NO, emu_posted(req, "decision_no"), 100,
	          true, NULL, M_AWARD_DECISION_NO_HINT);
	emu_input(req, resp, "decision_on", M_EMU_DECISION_ON,
	          emu_posted(req, "decision_on") ? emu_posted(req, "decision_on") : emu_today(req),
	          10, true, "date", 0);
	emu_textarea(req, resp, "note", M_EMU_NOTE, emu_posted(req, "note"), EMU_TEXT_MAX, false,
	             0);
	if (v->n_warnings)
		html_f(b,
		       "<div class=\"field check\"><input type=\"checkbox\" "
		       "id=\"acknowledge_warnings\" name=\"acknowledge_warnings\" value=\"1\"%R>"
		       "<label for=\"acknowledge_warnings\">%s</label></div>",
		       emu_posted(req, "acknowledge_warnings") ? " checked" : "",
		       T(req, M_AWARD_ACKNOWLEDGE));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_AWARD_DECIDE_SAVE));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void render_award(struct request *req, struct response *resp, int status, int64_t id,
                         const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct award_view v;
	struct award_form *forms = NULL;
	size_t nforms = 0;
	const struct award *aw;
	const char *title;
	bool own = false;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_award_view(req->app, req->db, &req->scope, id, req->arena, &v, &e) != DV_OK ||
	    award_forms_load(req->db, req->arena, &forms, &nforms, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	aw = &v.aw;
	title = arena_printf(req->arena, "%s — %s",
	                     work_type_label(req, aw->form_code, aw->form_name, aw->form_name_en),
	                     work_nz(aw->recipient_name));
	if (!title)
		title = work_nz(aw->recipient_name);
	resp->status = status;
	page_begin(req, resp, title);
	page_read_end(req, own);

	work_crumbs(req, resp, "/awards", T(req, M_AWARD_LIST_TITLE), title);
	html_f(b, "<h1>%s</h1>", title);
	if (error)
		page_notice(req, resp, "error", error);
	warnings_box(req, resp, v.warnings, v.n_warnings, false);
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd>%s <span class=\"muted\">(%s)</span></dd>"
	       "<dt>%s</dt><dd><span class=\"status award-%s\">%s</span></dd>",
	       T(req, M_AWARD_FORM),
	       work_type_label(req, aw->form_code, aw->form_name, aw->form_name_en),
	       v.form ? category_label(req, v.form->category) : work_nz(aw->form_code),
	       T(req, M_FIELD_STATUS),
	       (unsigned)aw->status < AW__COUNT ? award_statuses[aw->status].code : "",
	       status_label(req, aw->status));
	html_f(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", T(req, M_AWARD_RECIPIENT_KIND),
	       emu_label(req, recipient_kinds, RK__COUNT, (int)aw->recipient_kind),
	       T(req, M_AWARD_RECIPIENT), work_nz(aw->recipient_name));
	if (aw->subject_unit_id)
		html_f(b, "<dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd>", T(req, M_FIELD_UNIT),
		       aw->subject_unit_id, work_nz(aw->subject_unit_name));
	if (aw->model_id)
		html_f(b, "<dt>%s</dt><dd><a href=\"/models/%D\">%s</a></dd>",
		       T(req, M_AWARD_MODEL), aw->model_id,
		       aw->recipient_kind == RK_MODEL && work_opt(aw->recipient_name)
		           ? aw->recipient_name
		           : emu_id(req, aw->model_id));
	if (aw->area_code)
		html_f(b, "<dt>%s</dt><dd><a href=\"/areas/%U\">%s</a> <code>%s</code></dd>",
		       T(req, M_WORK_AREA), aw->area_code,
		       aw->area_name ? aw->area_name : aw->area_code, aw->area_code);
	html_f(b,
	       "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd><div class=\"text\">%s</div></dd><dt>%s</dt>"
	       "<dd><div class=\"text\">%s</div></dd><dt>%s</dt><dd>%s</dd>",
	       T(req, M_AWARD_YEAR), aw->year, T(req, M_AWARD_ACHIEVEMENT),
	       work_nz(aw->achievement), T(req, M_AWARD_REASON),
	       work_opt(aw->reason) ? aw->reason : "—", T(req, M_AWARD_INITIATIVE),
	       emu_label_code(req, initiatives, INIT__COUNT, aw->initiative));
	html_f(b,
	       "<dt>%s</dt><dd><a href=\"/units/%D\">%s</a> <span class=\"muted\">%s</span></dd>",
	       T(req, M_AWARD_PROPOSING), aw->proposing_unit_id, work_nz(aw->proposing_unit_name),
	       page_time(req, aw->proposed_at));
	if (aw->campaign_id)
		html_f(b, "<dt>%s</dt><dd><a href=\"/campaigns/%D\">#%D</a></dd>",
		       T(req, M_AWARD_CAMPAIGN), aw->campaign_id, aw->campaign_id);
	html_raw(b, "</dl>");
	if (aw->status != AW_PROPOSED) {
		html_f(
		    b,
		    "<section class=\"decision\"><h2>%s</h2><dl class=\"details\"><dt>%s</dt><dd>"
		    "%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    T(req, M_AWARD_DECISION), T(req, M_AWARD_DECISION),
		    status_label(req, aw->status), T(req, M_EMU_DECISION_NO),
		    work_opt(aw->decision_no) ? aw->decision_no : "—", T(req, M_EMU_DECISION_ON),
		    page_date(req, aw->decision_on), T(req, M_AWARD_ISSUER),
		    work_nz(aw->issuer_unit_name));
		html_f(b, "<dt>%s</dt><dd><div class=\"text\">%s</div></dd></dl></section>",
		       T(req, M_EMU_NOTE), work_opt(aw->decision_note) ? aw->decision_note : "—");
	}
	if (v.can_decide && aw->status == AW_PROPOSED)
		decision_form(req, resp, &v);
	else if (aw->status == AW_PROPOSED && scope_can(&req->scope, PERM_EMU_DECIDE))
		html_f(b, "<p class=\"hint\">%s</p>", T(req, M_AWARD_NOT_ENTITLED));
	history(req, resp, &v, forms, nforms);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_award(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_award(req, resp, 200, id, NULL);
}

void h_award_decide(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct award_decision_input in;
	int64_t id;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	memset(&in, 0, sizeof(in));
	in.decision = work_nz(params_get(p, "decision"));
	in.decision_no = params_get(p, "decision_no");
	in.decision_on = work_opt(params_get(p, "decision_on"));
	in.note = params_get(p, "note");
	in.acknowledge_warnings = work_opt(params_get(p, "acknowledge_warnings")) != NULL;
	if (app_award_decide(req->app, req->db, &req->scope, req->who->login, id, &in, &e) ==
	    DV_OK) {
		resp_redirect(req, resp, emu_href(req, "awards", id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e); /* 403 naming who may decide, 404 */
		return;
	}
	render_award(req, resp, status, id, page_error_text(req, &e));
}
