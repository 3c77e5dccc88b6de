/* page_cases.c: the staff side of cases: the unit inbox and lists, intake on a citizen's behalf,
 * the case page with its clocks, timeline and action forms, and the audited reveal. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/cases.h"
#include "base/date.h"
#include "core/deadline.h"
#include "core/workflow.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

#define CASES_PER_PAGE 50

/* The channels staff enter a case through (the web and Open311 come in by themselves). */
static const enum case_channel staff_channels[] = {
    CHANNEL_RECEPTION, CHANNEL_DIALOGUE, CHANNEL_PHONE, CHANNEL_LETTER, CHANNEL_FORWARDED,
};

static bool en(const struct request *req)
{
	return req->lang == LANG_EN;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static const char *fmt_date(struct request *req, dv_date day)
{
	char buf[11];

	if (day <= 0)
		return "—";
	date_format(day, buf);
	return arena_strdup(req->arena, buf);
}

static dv_date today(void)
{
	return date_of_instant(time_now());
}

static const char *case_href(struct request *req, int64_t id, const char *tail)
{
	const char *s = arena_printf(req->arena, "/cases/%lld%s", (long long)id, tail ? tail : "");

	return s ? s : "/cases";
}

/* "còn 3 ngày" / "quá hạn 2 ngày" / "hết hạn hôm nay", overdue in red. */
static void days_left(struct request *req, struct response *resp, int left)
{
	struct strbuf *b = &resp->body;

	if (left < 0) {
		html_raw(b, "<span class=\"overdue\">");
		html_f(b, T(req, M_CASE_DAYS_OVERDUE), -left);
		html_raw(b, "</span>");
	} else if (left == 0) {
		html_f(b, "<span class=\"due-soon\">%s</span>", T(req, M_CASE_DUE_TODAY));
	} else {
		html_f(b, "<span class=\"%R\">", left <= 3 ? "due-soon" : "days-left");
		html_f(b, T(req, M_CASE_DAYS_LEFT), left);
		html_raw(b, "</span>");
	}
}

static const char *step_label(struct request *req, const char *step)
{
	if (!step)
		return "";
	if (!strcmp(step, "accept"))
		return T(req, M_CASE_CLOCK_ACCEPT);
	if (!strcmp(step, "settle"))
		return T(req, M_CASE_CLOCK_SETTLE);
	if (!strcmp(step, "forward"))
		return T(req, M_CASE_CLOCK_FORWARD);
	if (!strcmp(step, "publish"))
		return T(req, M_CASE_CLOCK_PUBLISH);
	return step;
}

static int form_status(enum dv_err code)
{
	switch (code) {
	case DV_EINVAL:
		return 400;
	case DV_ECONFLICT:
	case DV_EEXIST:
		return 409;
	case DV_EPERM:
		return 403;
	default:
		return 0;
	}
}

/* ---------------------------------------------------------------- the inbox and lists */

static void filter_form(struct request *req, struct response *resp, const struct topic *topics,
                        size_t n_topics)
{
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *kind = params_get(q, "kind");
	const char *topic = params_get(q, "topic");
	int i;
	size_t t;

	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/cases\" role=\"search\">"
	       "<div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" name=\"q\" "
	       "type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_CASES_SEARCH), nz(params_get(q, "q")));
	html_f(b,
	       "<div class=\"field\"><label for=\"status\">%s</label><select id=\"status\" "
	       "name=\"status\"><option value=\"\">%s</option><option value=\"all\"%R>%s</option>",
	       T(req, M_CASE_STATUS), T(req, M_CASES_ANY_STATUS),
	       status && !strcmp(status, "all") ? " selected" : "", T(req, M_CASES_ALL_STATUS));
	for (i = 0; i < ST__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", case_status_name(i),
		       status && !strcmp(status, case_status_name(i)) ? " selected" : "",
		       case_status_label(i, en(req)));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"kind\">%s</label><select "
	       "id=\"kind\" name=\"kind\"><option value=\"\">%s</option>",
	       T(req, M_CASE_KIND), T(req, M_CASES_ANY_KIND));
	for (i = 0; i < KIND__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", case_kind_name(i),
		       kind && !strcmp(kind, case_kind_name(i)) ? " selected" : "",
		       case_kind_label(i, en(req)));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"topic\">%s</label><select "
	       "id=\"topic\" name=\"topic\"><option value=\"\">%s</option>",
	       T(req, M_CASE_TOPIC), T(req, M_CASES_ANY_TOPIC));
	for (t = 0; t < n_topics; t++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", topics[t].code,
		       topic && !strcmp(topic, topics[t].code) ? " selected" : "",
		       page_pick(req, topics[t].name, topics[t].name_en));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"area\">%s</label><input "
	       "id=\"area\" name=\"area\" type=\"text\" value=\"%s\" maxlength=\"32\" "
	       "inputmode=\"numeric\"></div>",
	       T(req, M_CASE_AREA_CODE), nz(params_get(q, "area")));
	html_f(
	    b,
	    "<div class=\"field check\"><input type=\"checkbox\" id=\"overdue\" name=\"overdue\" "
	    "value=\"1\"%R><label for=\"overdue\">%s</label></div>"
	    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n",
	    params_get(q, "overdue") ? " checked" : "", T(req, M_CASES_OVERDUE),
	    T(req, M_CASES_FILTER));
}

static void case_table(struct request *req, struct response *resp, const struct citizen_case *v,
                       size_t n, dv_date now)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list cases\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_CASE_CODE), T(req, M_CASE_TITLE), T(req, M_CASE_KIND),
	       T(req, M_CASE_STATUS), T(req, M_CASE_TOPIC), T(req, M_CASE_AREA),
	       T(req, M_CASE_HANDLING_UNIT), T(req, M_CASES_NEXT_DUE));
	for (i = 0; i < n; i++) {
		const struct citizen_case *c = &v[i];
		bool late = c->next_due > 0 && c->next_due < now && case_status_open(c->status);

		/* a list never shows who submitted: no name, contact or address columns at all */
		html_f(b,
		       "<tr%R><td><a href=\"/cases/%D\"><code>%s</code></a></td>"
		       "<td><a href=\"/cases/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>"
		       "<td>%s</td><td>%s</td><td>",
		       late ? " class=\"late\"" : "", c->id, nz(c->tracking_code), c->id,
		       nz(c->title), case_kind_label(c->kind, en(req)),
		       case_status_label(c->status, en(req)),
		       c->topic_name ? page_pick(req, c->topic_name, c->topic_name_en) : "—",
		       c->area_name ? c->area_name : nz(c->area_code), nz(c->handling_unit_name));
		if (c->next_due > 0) {
			html_f(b, "%s <span class=\"muted\">%s</span><br>",
			       fmt_date(req, c->next_due), step_label(req, c->next_step));
			days_left(req, resp, (int)(c->next_due - now));
		} else {
			html_raw(b, "—");
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>\n");
}

void h_cases(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *kind = params_get(q, "kind");
	const char *topic = params_get(q, "topic"), *area = params_get(q, "area");
	int64_t page = page_number(req), total = 0;
	struct case_filter f;
	struct topic *topics = NULL;
	struct citizen_case *rows = NULL;
	size_t n_topics = 0, n = 0, i;
	struct strbuf *b = &resp->body;
	enum case_status st;
	enum case_kind k;
	dv_date now = today();

	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.kind = -1;
	f.today = now;
	f.query = opt(params_get(q, "q"));
	f.area_code = opt(area);
	f.overdue = params_get(q, "overdue") != NULL;
	f.limit = CASES_PER_PAGE;
	f.offset = (size_t)((page - 1) * CASES_PER_PAGE);
	/* the default is the inbox: open cases, overdue first, then by the nearest deadline */
	if (!status || !*status) {
		f.open_only = true;
		f.inbox_order = true;
	} else if (case_status_parse(status, &st)) {
		f.status = (int)st;
	}
	if (kind && case_kind_parse(kind, &k))
		f.kind = (int)k;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (topic_list(req->db, true, req->arena, &topics, &n_topics, &e) != DV_OK)
		goto fail_tx;
	if (topic && *topic) {
		f.topic_id = -1; /* an unknown topic matches nothing */
		for (i = 0; i < n_topics; i++)
			if (!strcmp(topics[i].code, topic))
				f.topic_id = topics[i].id;
	}
	if (f.topic_id >= 0 &&
	    case_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK)
		goto fail_tx;
	page_begin(req, resp, T(req, M_CASES_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", f.inbox_order ? T(req, M_CASES_INBOX) : T(req, M_CASES_TITLE));
	if (scope_can(&req->scope, PERM_CASE_HANDLE))
		html_f(b, "<p class=\"actions\"><a class=\"button\" href=\"/cases/new\">%s</a></p>",
		       T(req, M_CASES_NEW));
	filter_form(req, resp, topics, n_topics);
	html_f(b, "<p class=\"count\">%s: <strong>%D</strong></p>", T(req, M_RESULT_COUNT), total);
	if (n)
		case_table(req, resp, rows, n, now);
	else
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASES_NONE));
	page_pager(req, resp, total, page, CASES_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* ---------------------------------------------------------------- intake on behalf */

struct intake_form {
	const char *channel, *kind, *topic, *area, *title, *description, *people;
	const char *representatives, *name, *contact, *address, *complex, *received_on;
	const char *subject_unit;
	bool signed_, names_head;
};

static void input(struct request *req, struct response *resp, const char *name, enum msg_id label,
                  const char *value, int max, bool required)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"text\" value=\"%s\" maxlength=\"%d\"%R></div>",
	       name, T(req, label), required ? " *" : "", name, name, nz(value), max,
	       required ? " required" : "");
}

static void render_new(struct request *req, struct response *resp, int status,
                       const struct intake_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	struct topic *topics = NULL;
	size_t n_topics = 0, i;
	bool own = false;
	static const enum msg_id complex_ids[] = {M_CASE_COMPLEX_0, M_CASE_COMPLEX_1,
	                                          M_CASE_COMPLEX_2};

	if (page_read_begin(req, &own, NULL) == DV_OK) {
		if (topic_list(req->db, false, req->arena, &topics, &n_topics, NULL) != DV_OK) {
			n_topics = 0;
			page_read_fail(req);
		} else {
			page_read_end(req, own);
		}
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_CASES_NEW_TITLE));
	html_f(b,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/cases\">%s</a></li>"
	       "<li><span aria-current=\"page\">%s</span></li></ol></nav><h1>%s</h1>",
	       T(req, M_BREADCRUMBS), T(req, M_CASES_TITLE), T(req, M_CASES_NEW),
	       T(req, M_CASES_NEW_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/cases");
	html_f(b,
	       "<div class=\"field\"><label for=\"channel\">%s *</label><select id=\"channel\" "
	       "name=\"channel\" required>",
	       T(req, M_CASE_CHANNEL));
	for (i = 0; i < sizeof(staff_channels) / sizeof(staff_channels[0]); i++) {
		const char *name = case_channel_name(staff_channels[i]);

		html_f(b, "<option value=\"%s\"%R>%s</option>", name,
		       f->channel && !strcmp(f->channel, name) ? " selected" : "",
		       case_channel_label(staff_channels[i], en(req)));
	}
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"kind\">%s *</label><select "
	       "id=\"kind\" name=\"kind\" required>",
	       T(req, M_CASE_KIND));
	for (i = 0; i < KIND__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", case_kind_name(i),
		       f->kind && !strcmp(f->kind, case_kind_name(i)) ? " selected" : "",
		       case_kind_label(i, en(req)));
	html_f(b,
	       "</select><p class=\"hint\">%s</p></div><div class=\"field\"><label for=\"topic\">"
	       "%s *</label><select id=\"topic\" name=\"topic\" required><option value=\"\">%s"
	       "</option>",
	       T(req, M_KIND_HELP_DENUNCIATION), T(req, M_CASE_TOPIC), T(req, M_CHOOSE));
	for (i = 0; i < n_topics; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", topics[i].code,
		       f->topic && !strcmp(f->topic, topics[i].code) ? " selected" : "",
		       page_pick(req, topics[i].name, topics[i].name_en));
	html_raw(b, "</select></div>");
	input(req, resp, "area", M_CASE_AREA_CODE, f->area, 32, true);
	input(req, resp, "title", M_CASE_TITLE, f->title, CASE_TITLE_MAX, true);
	html_f(b,
	       "<div class=\"field\"><label for=\"description\">%s *</label><textarea "
	       "id=\"description\" name=\"description\" rows=\"8\" maxlength=\"%d\" required>%s"
	       "</textarea></div>",
	       T(req, M_CASE_DESCRIPTION), CASE_TEXT_MAX, nz(f->description));
	html_f(b,
	       "<div class=\"field\"><label for=\"people\">%s</label><input id=\"people\" "
	       "name=\"people\" type=\"number\" min=\"1\" max=\"10000\" value=\"%s\"></div>",
	       T(req, M_CASE_PEOPLE), f->people && *f->people ? f->people : "1");
	input(req, resp, "representatives", M_CASE_REPRESENTATIVES, f->representatives,
	      CASE_NAME_MAX, false);
	html_f(b, "<fieldset><legend>%s</legend>", T(req, M_CASE_SUBMITTER));
	input(req, resp, "name", M_CASE_NAME, f->name, CASE_NAME_MAX, false);
	input(req, resp, "contact", M_CASE_CONTACT, f->contact, CASE_CONTACT_MAX, false);
	input(req, resp, "address", M_CASE_ADDRESS, f->address, CASE_ADDRESS_MAX, false);
	html_f(b,
	       "<div class=\"field check\"><input type=\"checkbox\" id=\"signed\" name=\"signed\" "
	       "value=\"1\"%R><label for=\"signed\">%s</label></div></fieldset>",
	       f->signed_ ? " checked" : "", T(req, M_CASE_SIGNED));
	input(req, resp, "subject_unit_id", M_CASE_SUBJECT_UNIT_ID, f->subject_unit, 20, false);
	html_f(b,
	       "<div class=\"field check\"><input type=\"checkbox\" id=\"names_head\" "
	       "name=\"names_head\" value=\"1\"%R><label for=\"names_head\">%s</label></div>",
	       f->names_head ? " checked" : "", T(req, M_CASE_NAMES_HEAD));
	html_f(b,
	       "<div class=\"field\"><label for=\"complex\">%s</label><select id=\"complex\" "
	       "name=\"complex\">",
	       T(req, M_CASE_COMPLEX));
	for (i = 0; i < 3; i++)
		html_f(b, "<option value=\"%zu\"%R>%s</option>", i,
		       f->complex && f->complex[0] == (char)('0' + i) ? " selected" : "",
		       T(req, complex_ids[i]));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"received_on\">%s</label><input "
	       "id=\"received_on\" name=\"received_on\" type=\"date\" value=\"%s\"></div>",
	       T(req, M_CASES_RECEIVED_ON), nz(f->received_on));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/cases\">%s"
	       "</a></div>",
	       T(req, M_CREATE), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_case_new(struct request *req, struct response *resp)
{
	struct intake_form f;

	memset(&f, 0, sizeof(f));
	render_new(req, resp, 200, &f, NULL);
}

void h_case_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct intake_form f;
	struct intake in;
	int64_t id = 0, people = 1, cx = 0;
	char code[TRACKING_LEN + 1];
	dv_date received = 0;
	size_t i;
	bool channel_ok = false;
	int status;

	memset(&f, 0, sizeof(f));
	f.channel = params_get(p, "channel");
	f.kind = params_get(p, "kind");
	f.topic = params_get(p, "topic");
	f.area = params_get(p, "area");
	f.title = params_get(p, "title");
	f.description = params_get(p, "description");
	f.people = params_get(p, "people");
	f.representatives = params_get(p, "representatives");
	f.name = params_get(p, "name");
	f.contact = params_get(p, "contact");
	f.address = params_get(p, "address");
	f.complex = params_get(p, "complex");
	f.received_on = params_get(p, "received_on");
	f.signed_ = params_get(p, "signed") != NULL;
	f.subject_unit = params_get(p, "subject_unit_id");
	f.names_head = params_get(p, "names_head") != NULL;

	memset(&in, 0, sizeof(in));
	if (f.channel && case_channel_parse(f.channel, &in.channel))
		for (i = 0; i < sizeof(staff_channels) / sizeof(staff_channels[0]); i++)
			channel_ok |= staff_channels[i] == in.channel;
	if (!channel_ok || !f.kind || !case_kind_parse(f.kind, &in.kind)) {
		render_new(req, resp, 400, &f, T(req, M_SUBMIT_BAD_KIND));
		return;
	}
	if (f.people && *f.people &&
	    (!parse_int64(f.people, &people) || people < 1 || people > 10000)) {
		render_new(req, resp, 400, &f, T(req, M_SUBMIT_BAD_PEOPLE));
		return;
	}
	if ((f.subject_unit && *f.subject_unit &&
	     (!parse_int64(f.subject_unit, &in.subject_unit_id) || in.subject_unit_id <= 0)) ||
	    (f.complex && *f.complex && (!parse_int64(f.complex, &cx) || cx > 2)) ||
	    (f.received_on && *f.received_on && !date_parse(f.received_on, &received))) {
		render_new(req, resp, 400, &f, T(req, M_ERR_INVALID));
		return;
	}
	in.topic_code = nz(f.topic);
	in.area_code = nz(f.area);
	in.title = nz(f.title);
	in.description = nz(f.description);
	in.people_count = (int)people;
	in.representatives = opt(f.representatives);
	in.name = opt(f.name);
	in.contact = opt(f.contact);
	in.address = opt(f.address);
	in.signed_ = f.signed_;
	in.complex = (int)cx;
	in.received_on = received;
	in.names_head = f.names_head;
	in.actor = req->who->login;
	if (app_case_submit(req->app, req->db, &req->scope, &in, req->arena, &id, code, &e) ==
	    DV_OK) {
		struct citizen_case c;
		bool visible = false;

		/* routed outside the staff member's subtree (a head denounced goes to the superior):
		 * show what the citizen would see rather than a page they cannot open */
		if (!db_begin(req->db, DB_TX_READ, &e)) {
			visible = case_get(req->db, &req->scope, id, req->arena, &c, &e) == DV_OK;
			db_rollback(req->db);
		}
		resp_redirect(req, resp,
		              visible ? case_href(req, id, NULL)
		                      : arena_printf(req->arena, "/track/%s?new=1", code));
		return;
	}
	status = form_status(e.code);
	if (e.code == DV_ENOTFOUND) /* an area outside the staff member's scope, or a topic */
		status = 400;
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_new(req, resp, status, &f, page_error_text(req, &e));
}

/* ---------------------------------------------------------------- one case */

static void clocks(struct request *req, struct response *resp, const struct case_view *v,
                   dv_date now)
{
	struct strbuf *b = &resp->body;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	html_f(b, "<h2>%s</h2>", T(req, M_CASE_CLOCKS));
	if (!v->n_clocks) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASE_NO_CLOCKS));
		return;
	}
	html_raw(b, "<ul class=\"clocks\">");
	for (i = 0; i < v->n_clocks; i++) {
		const struct case_clock *k = &v->clocks[i];

		strbuf_init(&sb, 2048, 128);
		deadline_explain(&k->d, req->lang, &sb);
		html_f(b, "<li><strong>%s</strong> %s ", step_label(req, k->step), sb.buf);
		strbuf_release(&sb);
		if (k->met_on > 0)
			html_f(b, "<span class=\"met\">(%s %s)</span>", T(req, M_CASE_MET),
			       fmt_date(req, k->met_on));
		else if (case_status_open(v->c.status))
			days_left(req, resp, deadline_days_left(&k->d, now));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

static void submitter(struct request *req, struct response *resp, const struct case_view *v)
{
	struct strbuf *b = &resp->body;
	const struct citizen_case *c = &v->c;

	html_f(b, "<h2>%s</h2>", T(req, M_CASE_SUBMITTER));
	if (c->sealed) {
		html_f(b, "<p class=\"sealed\"><strong>%s</strong></p><p class=\"hint\">%s</p>",
		       T(req, M_CASE_SEALED), T(req, M_CASE_SEALED_NOTE));
		if (v->can_reveal) {
			form_begin(req, resp, case_href(req, c->id, "/reveal"));
			html_f(b,
			       "<p class=\"hint\">%s</p><div class=\"actions\"><button "
			       "type=\"submit\" class=\"secondary\">%s</button></div>",
			       T(req, M_CASE_REVEAL_WARN), T(req, M_CASE_REVEAL));
			form_end(req, resp);
		}
		return;
	}
	if (c->kind == KIND_ANONYMOUS ||
	    (!c->submitter_name && !c->submitter_contact && !c->submitter_address)) {
		html_f(b, "<p>%s</p>", T(req, M_CASE_ANONYMOUS));
		return;
	}
	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_NAME),
	       c->submitter_name ? c->submitter_name : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_CONTACT),
	       c->submitter_contact ? c->submitter_contact : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_ADDRESS),
	       c->submitter_address ? c->submitter_address : "—");
	html_raw(b, "</dl>");
}

static const char *event_label(struct request *req, const struct case_event *ev)
{
	enum case_action act;
	enum case_status st;

	if (ev->kind && case_action_parse(ev->kind, &act))
		return case_action_label(act, en(req));
	if (ev->kind && case_status_parse(ev->kind, &st))
		return case_status_label(st, en(req));
	if (ev->kind && !strcmp(ev->kind, "rated"))
		return T(req, M_CASE_RATING);
	if (ev->kind && !strcmp(ev->kind, "revealed"))
		return T(req, M_CASE_REVEAL);
	return nz(ev->kind);
}

static void timeline(struct request *req, struct response *resp, const struct case_view *v)
{
	struct strbuf *b = &resp->body;
	enum case_status st;
	size_t i;

	html_f(b, "<h2>%s</h2>", T(req, M_CASE_TIMELINE));
	if (!v->n_events) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASE_NO_EVENTS));
		return;
	}
	html_raw(b, "<ol class=\"timeline\">");
	for (i = 0; i < v->n_events; i++) {
		const struct case_event *ev = &v->events[i];

		html_f(b, "<li%R><time>%s</time> <strong>%s</strong>",
		       ev->public_ ? "" : " class=\"internal\"", page_time(req, ev->at),
		       event_label(req, ev));
		if (ev->to_status && case_status_parse(ev->to_status, &st) &&
		    (!ev->from_status || strcmp(ev->from_status, ev->to_status)))
			html_f(b, " → %s", case_status_label(st, en(req)));
		html_f(b, " <span class=\"badge%R\">%s</span>", ev->public_ ? "" : " internal",
		       T(req, ev->public_ ? M_CASE_PUBLIC : M_CASE_INTERNAL));
		html_f(b, " <span class=\"muted\">%s", ev->actor_name ? ev->actor_name : "");
		if (ev->unit_name)
			html_f(b, "%R%s", ev->actor_name ? " · " : "", ev->unit_name);
		html_raw(b, "</span>");
		if (ev->note && *ev->note)
			html_f(b, "<p class=\"note\">%s</p>", ev->note);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

static void note_field(struct request *req, struct response *resp, const char *id,
                       enum msg_id label, bool required)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><textarea id=\"%s\" "
	       "name=\"note\" rows=\"3\" maxlength=\"%d\"%R></textarea></div>",
	       id, T(req, label), required ? " *" : "", id, CASE_NOTE_MAX,
	       required ? " required" : "");
}

static void number_field(struct request *req, struct response *resp, const char *id,
                         const char *name, enum msg_id label, enum msg_id hint, bool required)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]+\" maxlength=\"19\"%R>",
	       id, T(req, label), required ? " *" : "", id, name, required ? " required" : "");
	if (hint)
		html_f(&resp->body, "<p class=\"hint\">%s</p>", T(req, hint));
	html_raw(&resp->body, "</div>");
}

/* One small form per action the state machine allows this user now. */
static void action_forms(struct request *req, struct response *resp, const struct case_view *v,
                         dv_date now)
{
	struct strbuf *b = &resp->body;
	const char *href = case_href(req, v->c.id, "/act");
	char today_s[11];
	int a;
	bool any = false;

	date_format(now, today_s);
	html_f(b, "<h2>%s</h2><div class=\"case-actions\">", T(req, M_CASE_ACTIONS));
	for (a = 0; a < ACT__COUNT; a++) {
		const char *name = case_action_name(a);
		char id[40];

		/* reopening and withdrawing are the citizen's, through the tracking page */
		if (!(v->allowed & (1u << a)) || a == ACT_REOPEN || a == ACT_WITHDRAW ||
		    a == ACT_WITHDRAW_PART)
			continue;
		any = true;
		html_f(b, "<details class=\"action action-%s\"><summary>%s</summary>", name,
		       case_action_label(a, en(req)));
		form_begin(req, resp, href);
		html_f(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">", name);
		snprintf(id, sizeof(id), "%s_note", name);
		switch (a) {
		case ACT_FORWARD:
			number_field(req, resp, "forward_unit", "target_unit", M_CASE_TARGET_UNIT,
			             0, true);
			note_field(req, resp, id, M_CASE_NOTE, false);
			break;
		case ACT_ESCALATE:
			number_field(req, resp, "escalate_unit", "target_unit", M_CASE_TARGET_UNIT,
			             M_CASE_TARGET_HINT, false);
			note_field(req, resp, id, M_CASE_NOTE, false);
			break;
		case ACT_ACCEPT:
			html_f(
			    b,
			    "<div class=\"field\"><label for=\"accept_complex\">%s</label><select "
			    "id=\"accept_complex\" name=\"complex\"><option value=\"\">—</option>"
			    "<option value=\"0\">%s</option><option value=\"1\">%s</option>"
			    "<option value=\"2\">%s</option></select></div>",
			    T(req, M_CASE_COMPLEX), T(req, M_CASE_COMPLEX_0),
			    T(req, M_CASE_COMPLEX_1), T(req, M_CASE_COMPLEX_2));
			note_field(req, resp, id, M_CASE_NOTE, false);
			break;
		case ACT_REFUSE:
		case ACT_DIALOGUE:
			note_field(req, resp, id, M_CASE_NOTE, true);
			break;
		case ACT_EXTEND:
			number_field(req, resp, "extend_days", "days", M_CASE_EXTEND_DAYS,
			             M_CASE_EXTEND_HINT, false);
			note_field(req, resp, id, M_CASE_NOTE, false);
			break;
		case ACT_DECIDE:
			note_field(req, resp, id, M_CASE_DECISION_TEXT, true);
			html_f(
			    b,
			    "<div class=\"field\"><label for=\"decision_date\">%s *</label><input "
			    "id=\"decision_date\" name=\"decision_date\" type=\"date\" "
			    "value=\"%s\" required></div>",
			    T(req, M_CASE_DECISION_DATE), today_s);
			break;
		case ACT_COMMENT:
			note_field(req, resp, id, M_CASE_NOTE, true);
			html_f(b,
			       "<div class=\"field check\"><input type=\"checkbox\" "
			       "id=\"comment_public\" name=\"public\" value=\"1\"><label "
			       "for=\"comment_public\">%s</label></div>",
			       T(req, M_CASE_COMMENT_PUBLIC));
			break;
		case ACT_ASSIGN:
			number_field(req, resp, "assignee", "assignee", M_CASE_ASSIGNEE_ID, 0,
			             true);
			break;
		default:
			note_field(req, resp, id, M_CASE_NOTE, false);
			break;
		}
		html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		       case_action_label(a, en(req)));
		form_end(req, resp);
		html_raw(b, "</details>");
	}
	if (!any)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASE_NO_ACTIONS));
	html_raw(b, "</div>");
}

/* The case page; `error` comes from a refused action. Reads in the request's snapshot (GET) or
 * a read transaction of its own (POST). */
static void render_case(struct request *req, struct response *resp, int status, int64_t id,
                        const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct case_view v;
	const struct citizen_case *c;
	bool own = false;
	const char *title;
	dv_date now = today();
	size_t i;

	memset(&v, 0, sizeof(v));
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_case_view(req->app, req->db, &req->scope, id, VIEW_SIMILAR, req->arena, &v, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	c = &v.c;
	resp->status = status;
	title = arena_printf(req->arena, "%s %s", T(req, M_CASE_CODE), nz(c->tracking_code));
	page_begin(req, resp, title ? title : T(req, M_CASES_TITLE));
	page_read_end(req, own);

	html_f(b,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/cases\">%s</a></li>"
	       "<li><span aria-current=\"page\">%s</span></li></ol></nav>",
	       T(req, M_BREADCRUMBS), T(req, M_CASES_TITLE), nz(c->tracking_code));
	html_f(b, "<h1>%s</h1>", nz(c->title));
	if (error)
		page_notice(req, resp, "error", error);
	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd><code class=\"tracking-code\">%s</code></dd>",
	       T(req, M_CASE_CODE), nz(c->tracking_code));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_KIND), case_kind_label(c->kind, en(req)));
	html_f(b, "<dt>%s</dt><dd><span class=\"status status-%s\">%s</span></dd>",
	       T(req, M_CASE_STATUS), case_status_name(c->status),
	       case_status_label(c->status, en(req)));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_CHANNEL),
	       case_channel_label(c->channel, en(req)));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_TOPIC),
	       c->topic_name ? page_pick(req, c->topic_name, c->topic_name_en) : "—");
	html_f(b, "<dt>%s</dt><dd>", T(req, M_CASE_AREA));
	if (c->area_code)
		html_f(b, "<a href=\"/areas/%U\">%s</a> <code>%s</code>", c->area_code,
		       c->area_name ? c->area_name : c->area_code, c->area_code);
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>", T(req, M_CASE_HANDLING_UNIT));
	if (c->handling_unit_id)
		html_f(b, "<a href=\"/units/%D\">%s</a>", c->handling_unit_id,
		       nz(c->handling_unit_name));
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd>", T(req, M_CASE_ASSIGNEE),
	       c->assignee_id ? nz(c->assignee_name) : T(req, M_CASE_NOBODY));
	if (c->subject_unit_id)
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_SUBJECT_UNIT),
		       nz(c->subject_unit_name));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_RECEIVED), fmt_date(req, c->received_on));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_COMPLEX),
	       T(req, c->complex >= 2   ? M_CASE_COMPLEX_2
	              : c->complex == 1 ? M_CASE_COMPLEX_1
	                                : M_CASE_COMPLEX_0));
	if (c->people_count > 1)
		html_f(b, "<dt>%s</dt><dd>%d · %s: %s</dd>", T(req, M_CASE_COLLECTIVE),
		       c->people_count, T(req, M_CASE_REPRESENTATIVES),
		       c->representatives && *c->representatives ? c->representatives : "—");
	if (c->rating > 0)
		html_f(b, "<dt>%s</dt><dd>%d/5 %s</dd>", T(req, M_CASE_RATING), c->rating,
		       nz(c->rating_comment));
	if (c->parent_case_id)
		html_f(b, "<dt>↑</dt><dd><a href=\"/cases/%D\">#%D</a></dd>", c->parent_case_id,
		       c->parent_case_id);
	html_raw(b, "</dl>");

	clocks(req, resp, &v, now);
	html_f(b, "<h2>%s</h2><div class=\"text\">%s</div>", T(req, M_CASE_DESCRIPTION),
	       nz(c->description));
	if (c->decision) {
		html_f(b,
		       "<section class=\"decision\"><h2>%s</h2><p class=\"muted\">%s: %s</p>"
		       "<div class=\"text\">%s</div></section>",
		       T(req, M_CASE_DECISION), T(req, M_CASE_DECIDED_ON),
		       fmt_date(req, c->decided_on), c->decision);
	}
	submitter(req, resp, &v);
	action_forms(req, resp, &v, now);
	timeline(req, resp, &v);

	html_f(b, "<h2>%s</h2>", T(req, M_CASE_SIMILAR));
	if (!v.n_similar) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASE_NO_SIMILAR));
	} else {
		html_raw(b, "<ul class=\"similar\">");
		for (i = 0; i < v.n_similar; i++)
			html_f(b, "<li><a href=\"/cases/%D\"><code>%s</code> %s</a> · %s</li>",
			       v.similar[i].id, nz(v.similar[i].tracking_code),
			       nz(v.similar[i].title),
			       case_status_label(v.similar[i].status, en(req)));
		html_raw(b, "</ul>");
	}
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* The {id} of the path; false after answering 404. */
static bool arg_id(struct request *req, struct response *resp, int64_t *id)
{
	if (!req->args[0] || !parse_int64(req->args[0], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return false;
	}
	return true;
}

void h_case(struct request *req, struct response *resp)
{
	int64_t id;

	if (arg_id(req, resp, &id))
		render_case(req, resp, 200, id, NULL);
}

/* An optional number field: true with *out (or `dflt` when empty), false when malformed. */
static bool opt_number(const char *s, int64_t dflt, int64_t *out)
{
	*out = dflt;
	if (!s || !*s)
		return true;
	return parse_int64(s, out);
}

void h_case_act(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct case_action_req r;
	const char *s;
	int64_t id, target, assignee, days, cx, new_id = 0;
	int status;

	if (!arg_id(req, resp, &id))
		return;
	memset(&r, 0, sizeof(r));
	s = params_get(p, "action");
	if (!s || !case_action_parse(s, &r.action)) {
		render_case(req, resp, 400, id, T(req, M_CASE_BAD_ACTION));
		return;
	}
	if (!opt_number(params_get(p, "target_unit"), 0, &target) ||
	    !opt_number(params_get(p, "assignee"), 0, &assignee) ||
	    !opt_number(params_get(p, "days"), 0, &days) ||
	    !opt_number(params_get(p, "complex"), -1, &cx) || cx > 2 || days > 3650) {
		render_case(req, resp, 400, id, T(req, M_CASE_BAD_NUMBER));
		return;
	}
	s = params_get(p, "decision_date");
	if (s && *s && !date_parse(s, &r.decision_date)) {
		render_case(req, resp, 400, id, T(req, M_CASE_BAD_DATE));
		return;
	}
	if (r.action == ACT_ASSIGN && !params_get(p, "assignee")) {
		render_case(req, resp, 400, id, T(req, M_CASE_BAD_NUMBER));
		return;
	}
	r.note = opt(params_get(p, "note"));
	r.public_ = params_get(p, "public") != NULL;
	r.target_unit_id = target;
	r.assignee_id = assignee;
	r.extend_days = (int)days;
	r.complex = (int)cx;
	if (app_case_act(req->app, req->db, &req->scope, req->who->login, id, &r, &new_id, &e) ==
	    DV_OK) {
		resp_redirect(req, resp, case_href(req, new_id > 0 ? new_id : id, NULL));
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e); /* 404 for a case out of scope, 5xx for the rest */
		return;
	}
	render_case(req, resp, status, id, page_error_text(req, &e));
}

void h_case_reveal(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct case_identity who;
	int64_t id;

	if (!arg_id(req, resp, &id))
		return;
	memset(&who, 0, sizeof(who));
	/* audited in its own transaction before anything comes back */
	if (app_case_reveal(req->app, req->db, &req->scope, req->who->login, id, req->arena, &who,
	                    &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	page_begin(req, resp, T(req, M_CASE_REVEAL_TITLE));
	html_f(b, "<h1>%s</h1>", T(req, M_CASE_REVEAL_TITLE));
	page_notice(req, resp, "info", T(req, M_CASE_REVEAL_DONE));
	html_raw(b, "<dl class=\"details revealed\">");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_NAME), who.name ? who.name : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_ADDRESS),
	       who.address ? who.address : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_CONTACT),
	       who.contact ? who.contact : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_SIGNED),
	       T(req, who.signed_ ? M_CASE_SIGNED_YES : M_CASE_SIGNED_NO));
	html_raw(b, "</dl>");
	html_f(b, "<p><a href=\"/cases/%D\">%s</a></p>", id, T(req, M_CASE_BACK));
	page_end(req, resp);
}
