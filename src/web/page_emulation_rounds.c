/* page_emulation_rounds.c: emulation rounds: the list with exports, the launch form, and a
 * round's page (criteria, every participant's self and reviewer scores, the rankings within
 * peer groups with their export, evidence, reviews) with its forms: scores for one
 * participant, reviews, more participants. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/emulation.h"
#include "core/kinds.h"
#include "store/emulation.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_emulation.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* Round criteria sets offered on the launch form. */
#define SETS_SHOWN_MAX 100

static const char *status_label(const struct request *req, enum campaign_status s)
{
	return emu_label(req, campaign_statuses, CS__COUNT, (int)s);
}

/* "peoples-committee@commune" as people read it: "Ủy ban nhân dân · Xã, phường, đặc khu". */
static const char *peer_group_label(struct request *req, const char *g)
{
	const char *at = g ? strchr(g, '@') : NULL;
	const struct unit_kind *k;
	const struct vocab *lv;
	const char *kind, *level, *s;

	if (!at)
		return work_nz(g);
	kind = arena_printf(req->arena, "%.*s", (int)(at - g), g);
	k = kind ? unit_kind_find(kind) : NULL;
	level = at + 1;
	for (lv = area_levels; lv->code; lv++)
		if (!strcmp(lv->code, level))
			break;
	s = arena_printf(req->arena, "%s · %s", k ? page_pick(req, k->vi, k->en) : work_nz(kind),
	                 lv->code ? page_pick(req, lv->vi, lv->en) : level);
	return s ? s : g;
}

/* Splits "12, 15 16" into ids (as typed; the use case checks each); at most `max`. */
static const char **split_ids(struct request *req, const char *s, size_t max, size_t *n)
{
	const char **v = arena_new_array(req->arena, const char *, max ? max : 1);
	const char *p = s ? s : "";

	*n = 0;
	if (!v)
		return NULL;
	while (*p && *n < max) {
		size_t len;

		while (*p == ',' || *p == ' ' || *p == ';' || *p == '\t' || *p == '\n' ||
		       *p == '\r')
			p++;
		len = strcspn(p, ", ;\t\r\n");
		if (!len)
			break;
		v[(*n)++] = arena_printf(req->arena, "%.*s", (int)len, p);
		p += len;
	}
	return v;
}

/* ================================================================ the list */

static void export_campaigns(struct request *req, struct response *resp, enum export_format fmt,
                             const struct campaign *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_CAMP_NAME), EXPORT_COL_TEXT, 40},
	    {T(req, M_CAMP_LAUNCH_ID), EXPORT_COL_INT, 10},
	    {T(req, M_CAMP_LAUNCH), EXPORT_COL_TEXT, 36},
	    {T(req, M_WORK_START), EXPORT_COL_DATE, 0},
	    {T(req, M_WORK_END), EXPORT_COL_DATE, 0},
	    {T(req, M_CAMP_SET), EXPORT_COL_TEXT, 30},
	    {T(req, M_FIELD_STATUS), EXPORT_COL_TEXT, 20},
	    {T(req, M_CAMP_PARTICIPANTS), EXPORT_COL_INT, 0},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_CAMP_LIST_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		export_int(t, v[i].id);
		export_text(t, v[i].name);
		export_int(t, v[i].launch_unit_id);
		export_text(t, v[i].launch_unit_name);
		export_date(t, v[i].start_on);
		export_date(t, v[i].end_on);
		export_text(t, v[i].criteria_set_name);
		export_text(t, status_label(req, v[i].status));
		export_int(t, v[i].participants);
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "campaigns");
}

void h_campaigns(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *query = params_get(q, "q");
	const char *unit = params_get(q, "unit"), *problem = NULL;
	struct campaign_filter f;
	struct campaign *rows = NULL;
	enum export_format fmt = EXPORT_CSV;
	int64_t page = page_number(req), total = 0;
	size_t n = 0, i;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.status = emu_filter(campaign_statuses, CS__COUNT, status);
	if (f.status == -2)
		problem = T(req, M_WORK_BAD_STATUS);
	if (!work_opt_id(unit, &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	f.query = work_opt(query);
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (problem && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem &&
	    campaign_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	if (want) {
		page_read_end(req, own);
		export_campaigns(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_CAMP_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p><p class=\"actions\">",
	       T(req, M_CAMP_LIST_TITLE), T(req, M_CAMP_INTRO));
	if (scope_can(&req->scope, PERM_EMU_REVIEW))
		html_f(b, "<a class=\"button\" href=\"/campaigns/new\">%s</a> ",
		       T(req, M_CAMP_NEW));
	html_f(b, "<a class=\"button secondary\" href=\"/criteria-sets?purpose=round\">%s</a></p>",
	       T(req, M_CSET_LIST_TITLE));
	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/campaigns\" "
	       "role=\"search\"><div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" "
	       "name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_CAMP_SEARCH), work_nz(query));
	emu_select(req, resp, "status", M_FIELD_STATUS, campaign_statuses, CS__COUNT, status,
	           M_WORK_ANY_STATUS);
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" "
	    "type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"><p class=\"hint\">"
	    "%s</p></div><div class=\"actions\"><button type=\"submit\">%s</button> <a "
	    "href=\"/campaigns\">%s</a></div></form>\n",
	    T(req, M_FIELD_UNIT_ID), work_nz(unit), T(req, M_CAMP_UNIT_HINT), T(req, M_WORK_FILTER),
	    T(req, M_WORK_CLEAR));
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr>"
		    "</thead><tbody>",
		    T(req, M_CAMP_NAME), T(req, M_CAMP_LAUNCH), T(req, M_WORK_PERIOD),
		    T(req, M_CAMP_SET), T(req, M_FIELD_STATUS), T(req, M_CAMP_PARTICIPANTS));
		for (i = 0; i < n; i++)
			html_f(b,
			       "<tr><td><a href=\"/campaigns/%D\">%s</a></td><td><a "
			       "href=\"/units/%D\">"
			       "%s</a></td><td>%s</td><td><a href=\"/criteria-sets/%D\">%s</a></td>"
			       "<td>%s</td><td class=\"num\">%s</td></tr>",
			       rows[i].id, work_nz(rows[i].name), rows[i].launch_unit_id,
			       work_nz(rows[i].launch_unit_name),
			       work_period(req, rows[i].start_on, rows[i].end_on),
			       rows[i].criteria_set_id, work_nz(rows[i].criteria_set_name),
			       status_label(req, rows[i].status),
			       page_int(req, rows[i].participants));
		html_raw(b, "</tbody></table></div>\n");
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CAMP_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ launching a round */

struct round_form {
	const char *launch_unit, *name, *theme, *start_on, *end_on, *criteria_set, *participants;
};

static void render_round_new(struct request *req, struct response *resp, int status,
                             const struct round_form *f, const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct criteria_set_filter sf;
	struct criteria_set *sets = NULL;
	int64_t total = 0;
	size_t n = 0, i;
	bool own = false;

	memset(&sf, 0, sizeof(sf));
	sf.purpose = "round";
	sf.active_only = true;
	sf.limit = SETS_SHOWN_MAX;
	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (criteria_set_list(req->db, &req->scope, &sf, req->arena, &sets, &n, &total, &e) !=
	    DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_CAMP_NEW));
	page_read_end(req, own);

	work_crumbs(req, resp, "/campaigns", T(req, M_CAMP_LIST_TITLE), T(req, M_CAMP_NEW));
	html_f(b, "<h1>%s</h1>", T(req, M_CAMP_NEW));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_WORK_REQUIRED_NOTE));
	form_begin(req, resp, "/campaigns");
	emu_input(req, resp, "launch_unit", M_CAMP_LAUNCH_ID, f->launch_unit, 19, true, NULL,
	          M_CAMP_LAUNCH_HINT);
	emu_input(req, resp, "name", M_CAMP_NAME, f->name, EMU_NAME_MAX, true, NULL, 0);
	emu_textarea(req, resp, "theme", M_CAMP_THEME, f->theme, EMU_TEXT_MAX, false, 0);
	emu_input(req, resp, "start_on", M_WORK_START, f->start_on, 10, true, "date", 0);
	emu_input(req, resp, "end_on", M_WORK_END, f->end_on, 10, true, "date", 0);
	html_f(b,
	       "<div class=\"field\"><label for=\"criteria_set\">%s *</label><select "
	       "id=\"criteria_set\" name=\"criteria_set\" required aria-describedby=\"set_hint\">"
	       "<option value=\"\">%s</option>",
	       T(req, M_CAMP_SET), T(req, M_CHOOSE));
	for (i = 0; i < n; i++) {
		const char *id = emu_id(req, sets[i].id);

		html_f(b, "<option value=\"%s\"%R>%s (%s)</option>", id,
		       f->criteria_set && !strcmp(f->criteria_set, id) ? " selected" : "",
		       work_nz(sets[i].name), work_nz(sets[i].unit_name));
	}
	html_f(b,
	       "</select><p class=\"hint\" id=\"set_hint\">%s <a "
	       "href=\"/criteria-sets/new?purpose=round\">%s</a></p></div>",
	       T(req, M_CAMP_SET_HINT), T(req, M_CSET_NEW));
	emu_textarea(req, resp, "participants", M_CAMP_PARTICIPANT_IDS, f->participants, 4000,
	             false, M_CAMP_PARTICIPANTS_HINT);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/campaigns\">"
	       "%s</a></div>",
	       T(req, M_CAMP_LAUNCH_BUTTON), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_campaign_new(struct request *req, struct response *resp)
{
	struct round_form f;
	int y, m, d;

	memset(&f, 0, sizeof(f));
	date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
	f.launch_unit = emu_id(req, req->who->unit_id);
	f.start_on = emu_today(req);
	f.end_on = arena_printf(req->arena, "%04d-12-31", y);
	f.criteria_set = params_get(&req->query, "criteria_set");
	render_round_new(req, resp, 200, &f, NULL);
}

void h_campaign_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct campaign_input in;
	struct round_form f;
	int64_t id = 0;
	int status;

	memset(&f, 0, sizeof(f));
	f.launch_unit = params_get(p, "launch_unit");
	f.name = params_get(p, "name");
	f.theme = params_get(p, "theme");
	f.start_on = params_get(p, "start_on");
	f.end_on = params_get(p, "end_on");
	f.criteria_set = params_get(p, "criteria_set");
	f.participants = params_get(p, "participants");
	memset(&in, 0, sizeof(in));
	in.launch_unit = f.launch_unit;
	in.name = f.name;
	in.theme = f.theme;
	in.start_on = f.start_on;
	in.end_on = f.end_on;
	in.criteria_set = f.criteria_set;
	/* one more than allowed, so that the use case says there are too many */
	in.participants = split_ids(req, f.participants, EMU_UNITS_MAX + 1, &in.n_participants);
	if (app_campaign_create(req->app, req->db, &req->scope, req->who->login, &in, &id, &e) ==
	    DV_OK) {
		resp_redirect(req, resp, emu_href(req, "campaigns", id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_round_new(req, resp, status, &f, page_error_text(req, &e));
}

/* ================================================================ a round's page */

static const char *rank_text(struct request *req, const struct campaign_row *r)
{
	const char *s;

	if (r->rank <= 0)
		return "—";
	s = arena_printf(req->arena, "%d/%zu", r->rank, r->group_size);
	return s ? s : "—";
}

static void score_cell(struct request *req, struct strbuf *b, bool has, double v)
{
	html_f(b, "%s", has ? page_num(req, v, 2) : "—");
}

static void scores_table(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	const struct criteria_set *s = &v->set;
	size_t i, k;

	html_f(b, "<section id=\"scores\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_CAMP_SCORES), T(req, M_CAMP_SCORES_HINT));
	if (!v->n_rows) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_CAMP_NO_PARTICIPANTS));
		return;
	}
	html_f(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list scores\"><thead><tr><th scope=\"col\">"
	    "%s</th><th scope=\"col\">%s</th>",
	    T(req, M_CAMP_PARTICIPANT), T(req, M_CAMP_PEER_GROUP));
	for (k = 0; k < s->n_criteria; k++)
		html_f(b, "<th scope=\"col\" class=\"num\"><abbr title=\"%s\">%d</abbr></th>",
		       work_nz(s->criteria[k].name), s->criteria[k].pos);
	html_f(b,
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th "
	       "scope=\"col\" class=\"num\">%s</th><th scope=\"col\"></th></tr></thead><tbody>",
	       T(req, M_CAMP_SELF_TOTAL), T(req, M_CAMP_REVIEW_TOTAL), T(req, M_CAMP_RANK));
	for (i = 0; i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];

		html_f(b, "<tr><th scope=\"row\"><a href=\"/units/%D\">%s</a></th><td>%s</td>",
		       r->u.unit_id, work_nz(r->u.unit_name),
		       peer_group_label(req, r->u.peer_group));
		for (k = 0; k < s->n_criteria; k++) {
			html_raw(b, "<td class=\"num\">");
			score_cell(req, b, r->has_self && r->has_self[k],
			           r->self_scores ? r->self_scores[k] : 0);
			html_raw(b, " / ");
			score_cell(req, b, r->has_review && r->has_review[k],
			           r->review_scores ? r->review_scores[k] : 0);
			html_raw(b, "</td>");
		}
		html_f(
		    b,
		    "<td class=\"num\">%s <span class=\"muted\">(%s)</span></td><td class=\"num\">"
		    "<strong>%s</strong> <span class=\"muted\">(%s)</span></td><td class=\"num\">"
		    "%s</td><td><a href=\"/campaigns/%D?unit=%D#score\">%s</a></td></tr>",
		    page_num(req, r->self.total, 2), emu_percent(req, r->self.percent),
		    page_num(req, r->review.total, 2), emu_percent(req, r->review.percent),
		    rank_text(req, r), v->c.id, r->u.unit_id, T(req, M_CAMP_SCORE_DETAIL));
	}
	html_raw(b, "</tbody></table></div><p class=\"hint\">");
	html_f(b, "%s", T(req, M_CAMP_CELL_HINT));
	html_raw(b, "</p></section>");
}

static void rankings(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	const char *group = NULL;
	size_t i;

	html_f(b, "<section id=\"ranking\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_CAMP_RANKING), T(req, M_CAMP_RANKING_HINT));
	if (!v->n_rows) {
		html_raw(b, "</section>");
		return;
	}
	for (i = 0; i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];

		if (!group || strcmp(group, work_nz(r->u.peer_group))) {
			if (group)
				html_raw(b, "</tbody></table></div>");
			group = work_nz(r->u.peer_group);
			html_f(
			    b,
			    "<h3>%s</h3><div class=\"table-wrap\"><table class=\"list ranking\">"
			    "<thead><tr><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">"
			    "%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" "
			    "class=\"num\">%s</th></tr></thead><tbody>",
			    peer_group_label(req, group), T(req, M_CAMP_RANK),
			    T(req, M_CAMP_PARTICIPANT), T(req, M_CAMP_REVIEW_TOTAL),
			    T(req, M_EMU_SCORE_PERCENT));
		}
		html_f(b,
		       "<tr><td class=\"num\">%s</td><th scope=\"row\"><a href=\"/units/%D\">%s</a>"
		       "</th><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
		       r->rank > 0 ? page_int(req, r->rank) : "—", r->u.unit_id,
		       work_nz(r->u.unit_name), page_num(req, r->review.total, 2),
		       r->review.complete ? emu_percent(req, r->review.percent) : "—");
	}
	html_raw(b, "</tbody></table></div>");
	work_export_links(req, resp);
	html_raw(b, "</section>");
}

static const char *evidence_label(struct request *req, enum evidence_kind k)
{
	switch (k) {
	case EV_ACTIVITY:
		return T(req, M_CAMP_EV_ACTIVITY);
	case EV_MODEL:
		return T(req, M_CAMP_EV_MODEL);
	case EV_CASES:
		return T(req, M_CAMP_EV_CASES);
	default:
		return "—";
	}
}

static const char *unit_name_in(const struct campaign_view *v, int64_t unit_id)
{
	size_t i;

	for (i = 0; i < v->n_rows; i++)
		if (v->rows[i].u.unit_id == unit_id)
			return work_nz(v->rows[i].u.unit_name);
	return "—";
}

static const char *criterion_of(const struct criteria_set *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->n_criteria; i++)
		if (s->criteria[i].id == id)
			return work_nz(s->criteria[i].name);
	return "—";
}

static void evidence(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"evidence\"><h2>%s</h2>", T(req, M_CAMP_EVIDENCE));
	if (!v->n_evidence) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_CAMP_NO_EVIDENCE));
		return;
	}
	html_f(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead><tbody>",
	    T(req, M_CAMP_PARTICIPANT), T(req, M_CSET_CRITERION), T(req, M_CAMP_EV_KIND),
	    T(req, M_CAMP_EV_WHAT));
	for (i = 0; i < v->n_evidence; i++) {
		const struct campaign_evidence *x = &v->evidence[i];

		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", unit_name_in(v, x->unit_id),
		       criterion_of(&v->set, x->criterion_id), evidence_label(req, x->kind));
		if (x->kind == EV_ACTIVITY)
			html_f(b, "<a href=\"/activities/%D\">%s</a>", x->ref_id,
			       work_opt(x->label) ? x->label : emu_id(req, x->ref_id));
		else if (x->kind == EV_MODEL)
			html_f(b, "<a href=\"/models/%D\">%s</a>", x->ref_id,
			       work_opt(x->label) ? x->label : emu_id(req, x->ref_id));
		else {
			html_f(b, "%s <code>%s</code>: ", work_nz(x->label), work_nz(x->code));
			html_f(b, T(req, M_CAMP_EV_CASES_FIGURES), page_int(req, x->cases_received),
			       page_int(req, x->cases_settled), page_int(req, x->cases_on_time));
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div></section>");
}

static const char *stage_label(struct request *req, const char *stage)
{
	if (stage && !strcmp(stage, "preliminary"))
		return T(req, M_CAMP_STAGE_PRELIMINARY);
	if (stage && !strcmp(stage, "final"))
		return T(req, M_CAMP_STAGE_FINAL);
	return work_nz(stage);
}

static void reviews(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"reviews\"><h2>%s</h2>", T(req, M_CAMP_REVIEWS));
	if (!v->n_reviews) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_CAMP_NO_REVIEWS));
		return;
	}
	html_raw(b, "<ol class=\"timeline\">");
	for (i = 0; i < v->n_reviews; i++) {
		const struct campaign_review *r = &v->reviews[i];

		html_f(b, "<li><time>%s</time> <strong>%s</strong> <span class=\"muted\">%s</span>",
		       page_time(req, r->at), stage_label(req, r->stage), work_nz(r->user_name));
		if (work_opt(r->note))
			html_f(b, "<div class=\"note\">%s</div>", r->note);
		if (work_opt(r->ranking))
			html_f(b,
			       "<details><summary>%s</summary><pre class=\"snapshot\">%s</pre>"
			       "</details>",
			       T(req, M_CAMP_REVIEW_RANKING), r->ranking);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></section>");
}

/* ---------------------------------------------------------------- forms on the page */

static const struct campaign_row *row_of(const struct campaign_view *v, int64_t unit_id)
{
	size_t i;

	for (i = 0; i < v->n_rows; i++)
		if (v->rows[i].u.unit_id == unit_id)
			return &v->rows[i];
	return NULL;
}

static const char *cfield(struct request *req, const char *prefix, int64_t id)
{
	const char *s = arena_printf(req->arena, "%s.%lld", prefix, (long long)id);

	return s ? s : prefix;
}

static void score_form(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	const struct criteria_set *s = &v->set;
	const char *u = emu_posted(req, "unit"), *role = emu_posted(req, "role");
	const struct campaign_row *r = NULL;
	int64_t unit_id = 0;
	bool review;
	size_t i, k;

	if (!u)
		u = params_get(&req->query, "unit");
	if (!role)
		role = params_get(&req->query, "role");
	if (work_opt(u) && parse_int64(u, &unit_id))
		r = row_of(v, unit_id);
	html_f(b, "<section id=\"score\"><h2>%s</h2>", T(req, M_CAMP_SCORE_ENTRY));
	/* choosing the participant is a plain GET: the page again with ?unit= */
	html_f(b,
	       "<form class=\"search\" method=\"get\" action=\"/campaigns/%D#score\"><div "
	       "class=\"field\"><label for=\"score_unit\">%s</label><select id=\"score_unit\" "
	       "name=\"unit\">",
	       v->c.id, T(req, M_CAMP_PARTICIPANT));
	for (i = 0; i < v->n_rows; i++)
		html_f(b, "<option value=\"%D\"%R>%s</option>", v->rows[i].u.unit_id,
		       r == &v->rows[i] ? " selected" : "", work_nz(v->rows[i].u.unit_name));
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\" "
	       "class=\"secondary\">%s</button></div></form>",
	       T(req, M_CAMP_CHOOSE));
	if (!r) {
		html_raw(b, "</section>");
		return;
	}
	review = role ? !strcmp(role, "review") : v->can_review;
	html_f(b, "<h3>%s</h3>", work_nz(r->u.unit_name));
	form_begin(req, resp, emu_href(req, "campaigns", v->c.id, "/scores"));
	html_f(b,
	       "<input type=\"hidden\" name=\"unit\" value=\"%D\"><fieldset><legend>%s</legend>"
	       "<div class=\"field check\"><input type=\"radio\" id=\"role_self\" name=\"role\" "
	       "value=\"self\"%R><label for=\"role_self\">%s</label></div><div class=\"field "
	       "check\"><input type=\"radio\" id=\"role_review\" name=\"role\" value=\"review\"%R>"
	       "<label for=\"role_review\">%s</label></div></fieldset>",
	       r->u.unit_id, T(req, M_CAMP_ROLE), review ? "" : " checked",
	       T(req, M_CAMP_ROLE_SELF), review ? " checked" : "", T(req, M_CAMP_ROLE_REVIEW));
	html_f(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list scores\"><thead><tr><th scope=\"col\">"
	    "%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th><th "
	    "scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	    T(req, M_CSET_CRITERION), T(req, M_CSET_MAX_SCORE), T(req, M_EMU_SCORE),
	    T(req, M_EMU_NOTE), T(req, M_CAMP_EVIDENCE_ONE));
	for (k = 0; k < s->n_criteria; k++) {
		const struct criterion *c = &s->criteria[k];
		const char *sn = cfield(req, "score", c->id), *nn = cfield(req, "note", c->id);
		const char *kn = cfield(req, "ev_kind", c->id), *rn = cfield(req, "ev_ref", c->id);
		bool has =
		    review ? r->has_review && r->has_review[k] : r->has_self && r->has_self[k];
		const char *score =
		    has ? emu_plain(req, review ? r->review_scores[k] : r->self_scores[k]) : "";
		const char *note = review ? (r->review_notes ? r->review_notes[k] : NULL)
		                          : (r->self_notes ? r->self_notes[k] : NULL);
		const char *ek = work_nz(emu_posted(req, kn));
		static const char *const kinds[] = {"activity", "model", "cases"};
		static const enum msg_id labels[] = {M_CAMP_EV_ACTIVITY, M_CAMP_EV_MODEL,
		                                     M_CAMP_EV_CASES};
		size_t j;

		if (emu_posted(req, sn)) {
			score = emu_posted(req, sn);
			note = emu_posted(req, nn);
		}
		html_f(b, "<tr><th scope=\"row\"><label for=\"%s\">%s</label>", sn,
		       work_nz(c->name));
		if (work_opt(c->guidance))
			html_f(b, "<p class=\"hint\">%s</p>", c->guidance);
		html_f(
		    b,
		    "</th><td class=\"num\">%s</td><td><input id=\"%s\" name=\"%s\" type=\"text\" "
		    "inputmode=\"decimal\" maxlength=\"12\" size=\"6\" "
		    "value=\"%s\"></td><td><input "
		    "name=\"%s\" type=\"text\" maxlength=\"500\" value=\"%s\" aria-label=\"%s\">"
		    "</td><td><select name=\"%s\" aria-label=\"%s\"><option value=\"\">—</option>",
		    page_num(req, c->max_score, 2), sn, sn, score, nn, work_nz(note),
		    T(req, M_EMU_NOTE), kn, T(req, M_CAMP_EV_KIND));
		for (j = 0; j < 3; j++)
			html_f(b, "<option value=\"%s\"%R>%s</option>", kinds[j],
			       !strcmp(ek, kinds[j]) ? " selected" : "", T(req, labels[j]));
		html_f(b,
		       "</select> <input name=\"%s\" type=\"text\" maxlength=\"32\" size=\"8\" "
		       "value=\"%s\" aria-label=\"%s\"></td></tr>",
		       rn, work_nz(emu_posted(req, rn)), T(req, M_CAMP_EV_REF));
	}
	html_f(b,
	       "</tbody></table></div><p class=\"hint\">%s</p><div class=\"actions\"><button "
	       "type=\"submit\">%s</button></div>",
	       T(req, M_CAMP_EV_HINT), T(req, M_CAMP_SCORE_SAVE));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void review_form(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;
	bool prelim = v->can_review && v->c.status == CS_OPEN;
	bool final = v->can_finalise && v->c.status == CS_PRELIMINARY;

	if (!prelim && !final)
		return;
	html_f(b, "<section id=\"review\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_CAMP_REVIEW), T(req, prelim ? M_CAMP_PRELIM_HINT : M_CAMP_FINAL_HINT));
	form_begin(req, resp, emu_href(req, "campaigns", v->c.id, "/review"));
	html_f(
	    b,
	    "<input type=\"hidden\" name=\"stage\" value=\"%R\"><div class=\"field\"><label "
	    "for=\"review_note\">%s</label><textarea id=\"review_note\" name=\"note\" rows=\"3\" "
	    "maxlength=\"%d\">%s</textarea></div><div class=\"actions\"><button "
	    "type=\"submit\">%s</button></div>",
	    prelim ? "preliminary" : "final", T(req, M_EMU_NOTE), EMU_TEXT_MAX,
	    work_nz(emu_posted(req, "note")),
	    T(req, prelim ? M_CAMP_STAGE_PRELIMINARY_DO : M_CAMP_STAGE_FINAL_DO));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void join_form(struct request *req, struct response *resp, const struct campaign_view *v)
{
	struct strbuf *b = &resp->body;

	if (!v->can_review || v->c.status != CS_OPEN)
		return;
	html_f(b, "<section id=\"join\"><h2>%s</h2>", T(req, M_CAMP_JOIN));
	form_begin(req, resp, emu_href(req, "campaigns", v->c.id, "/participants"));
	emu_input(req, resp, "units", M_CAMP_PARTICIPANT_IDS, emu_posted(req, "units"), 4000, true,
	          NULL, M_CAMP_PARTICIPANTS_HINT);
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_CAMP_JOIN));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void export_ranking(struct request *req, struct response *resp, enum export_format fmt,
                           const struct campaign_view *v)
{
	const struct export_col cols[] = {
	    {T(req, M_CAMP_PEER_GROUP), EXPORT_COL_TEXT, 30},
	    {T(req, M_CAMP_RANK), EXPORT_COL_INT, 0},
	    {T(req, M_FIELD_UNIT_ID), EXPORT_COL_INT, 10},
	    {T(req, M_CAMP_PARTICIPANT), EXPORT_COL_TEXT, 40},
	    {T(req, M_CAMP_SELF_TOTAL), EXPORT_COL_NUM, 0},
	    {T(req, M_CAMP_SELF_PERCENT), EXPORT_COL_NUM, 0},
	    {T(req, M_CAMP_REVIEW_TOTAL), EXPORT_COL_NUM, 0},
	    {T(req, M_CAMP_REVIEW_PERCENT), EXPORT_COL_NUM, 0},
	    {T(req, M_CAMP_COMPLETE), EXPORT_COL_TEXT, 10},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_CAMP_RANKING), cols, sizeof(cols) / sizeof(cols[0]));
	const char *base = arena_printf(req->arena, "campaign-%lld-ranking", (long long)v->c.id);
	size_t i;

	for (i = 0; t && i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];

		export_text(t, peer_group_label(req, r->u.peer_group));
		if (r->rank > 0)
			export_int(t, r->rank);
		else
			export_empty(t);
		export_int(t, r->u.unit_id);
		export_text(t, r->u.unit_name);
		export_num(t, r->self.total);
		export_num(t, r->self.percent);
		export_num(t, r->review.total);
		export_num(t, r->review.percent);
		export_text(t, T(req, r->review.complete ? M_EMU_YES : M_EMU_NO));
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, base ? base : "ranking");
}

static void render_round(struct request *req, struct response *resp, int status, int64_t id,
                         const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct campaign_view v;
	enum export_format fmt = EXPORT_CSV;
	bool own = false;
	int want = req->method == HTTP_GET ? work_export_wanted(req, resp, &fmt) : 0;
	size_t i;

	if (want < 0)
		return;
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_campaign_view(req->app, req->db, &req->scope, id, req->arena, &v, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	if (want) {
		page_read_end(req, own);
		export_ranking(req, resp, fmt, &v);
		return;
	}
	resp->status = status;
	page_begin(req, resp, work_nz(v.c.name));
	page_read_end(req, own);

	work_crumbs(req, resp, "/campaigns", T(req, M_CAMP_LIST_TITLE), work_nz(v.c.name));
	html_f(b, "<h1>%s</h1>", work_nz(v.c.name));
	if (error)
		page_notice(req, resp, "error", error);
	if (params_get(&req->query, "saved"))
		page_notice(req, resp, "ok", T(req, M_EMU_SAVED));
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd><dt>%s</dt>"
	       "<dd>%s</dd><dt>%s</dt><dd><span class=\"status campaign-%s\">%s</span></dd>",
	       T(req, M_CAMP_LAUNCH), v.c.launch_unit_id, work_nz(v.c.launch_unit_name),
	       T(req, M_WORK_PERIOD), work_period(req, v.c.start_on, v.c.end_on),
	       T(req, M_FIELD_STATUS),
	       (unsigned)v.c.status < CS__COUNT ? campaign_statuses[v.c.status].code : "",
	       status_label(req, v.c.status));
	html_f(b,
	       "<dt>%s</dt><dd><a href=\"/criteria-sets/%D\">%s</a></dd><dt>%s</dt><dd>%s</dd>"
	       "<dt>%s</dt><dd><div class=\"text\">%s</div></dd></dl>",
	       T(req, M_CAMP_SET), v.set.id, work_nz(v.set.name), T(req, M_CAMP_PARTICIPANTS),
	       page_int(req, (int64_t)v.n_rows), T(req, M_CAMP_THEME),
	       work_opt(v.c.theme) ? v.c.theme : "—");
	html_f(b,
	       "<h2>%s</h2><div class=\"table-wrap\"><table class=\"list criteria\"><thead><tr>"
	       "<th scope=\"col\" class=\"num\">#</th><th scope=\"col\">%s</th><th scope=\"col\" "
	       "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_CSET_CRITERIA), T(req, M_CSET_CRITERION), T(req, M_CSET_WEIGHT),
	       T(req, M_CSET_MAX_SCORE));
	for (i = 0; i < v.set.n_criteria; i++)
		html_f(b,
		       "<tr><td class=\"num\">%d</td><th scope=\"row\">%s</th><td class=\"num\">%s"
		       "</td><td class=\"num\">%s</td></tr>",
		       v.set.criteria[i].pos, work_nz(v.set.criteria[i].name),
		       page_num(req, v.set.criteria[i].weight, 2),
		       page_num(req, v.set.criteria[i].max_score, 2));
	html_raw(b, "</tbody></table></div>");
	scores_table(req, resp, &v);
	rankings(req, resp, &v);
	if (scope_can(&req->scope, PERM_WORK_WRITE) && v.c.status != CS_FINAL && v.n_rows)
		score_form(req, resp, &v);
	review_form(req, resp, &v);
	join_form(req, resp, &v);
	evidence(req, resp, &v);
	reviews(req, resp, &v);
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(
		    b,
		    "<p><a class=\"button secondary\" href=\"/awards/new?campaign=%D\">%s</a></p>",
		    v.c.id, T(req, M_CAMP_PROPOSE_AWARD));
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_campaign(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_round(req, resp, 200, id, NULL);
}

static void answered(struct request *req, struct response *resp, int64_t id, enum dv_err ret,
                     const struct dv_error *e, const char *anchor)
{
	int status;

	if (ret == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "campaigns", id, anchor));
		return;
	}
	status = work_form_status(e->code);
	if (!status) {
		resp_fail(req, resp, e);
		return;
	}
	render_round(req, resp, status, id, page_error_text(req, e));
}

void h_campaign_score(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct campaign_score_input *scores;
	struct evidence_input *ev;
	const char *unit = params_get(p, "unit");
	size_t i, n = 0;
	int64_t id, unit_id = 0;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	scores = arena_new_array(req->arena, struct campaign_score_input, EMU_CRITERIA_MAX + 1);
	ev = arena_new_array(req->arena, struct evidence_input, EMU_CRITERIA_MAX + 1);
	if (!scores || !ev) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return;
	}
	/* score.<criterion>, note.<criterion>, ev_kind.<criterion>, ev_ref.<criterion>; the
	 * criteria whose score is left empty are not scored now */
	for (i = 0; i < p->n && n <= EMU_CRITERIA_MAX; i++) {
		const char *name = p->v[i].name, *cid, *k, *r;

		if (strncmp(name, "score.", 6) || !work_opt(p->v[i].value))
			continue;
		cid = name + 6;
		scores[n].criterion = cid;
		scores[n].score = p->v[i].value;
		scores[n].note = params_get(p, arena_printf(req->arena, "note.%s", cid));
		k = params_get(p, arena_printf(req->arena, "ev_kind.%s", cid));
		r = params_get(p, arena_printf(req->arena, "ev_ref.%s", cid));
		if (work_opt(k) || work_opt(r)) {
			ev[n].kind = work_nz(k);
			ev[n].ref = work_nz(r);
			scores[n].evidence = &ev[n];
			scores[n].n_evidence = 1;
		}
		n++;
	}
	ret = app_campaign_score(req->app, req->db, &req->scope, req->who->login, id, work_nz(unit),
	                         work_nz(params_get(p, "role")), scores, n, &e);
	/* back to the participant just scored (its id, as the use case accepted it) */
	if (!unit || !parse_int64(unit, &unit_id))
		unit_id = 0;
	answered(req, resp, id, ret, &e,
	         unit_id ? arena_printf(req->arena, "?saved=1&unit=%lld#scores", (long long)unit_id)
	                 : "?saved=1#scores");
}

void h_campaign_review(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	ret = app_campaign_review(req->app, req->db, &req->scope, req->who->login, id,
	                          work_nz(params_get(&req->form, "stage")),
	                          params_get(&req->form, "note"), &e);
	answered(req, resp, id, ret, &e, "?saved=1#reviews");
}

void h_campaign_join(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char **units;
	size_t n = 0;
	int64_t id;
	enum dv_err ret;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	units = split_ids(req, params_get(&req->form, "units"), EMU_UNITS_MAX + 1, &n);
	ret = app_campaign_join(req->app, req->db, &req->scope, req->who->login, id, units, n, &e);
	answered(req, resp, id, ret, &e, "?saved=1#scores");
}
