/* page_public.c: the citizen's side without sign-in: the submission form, tracking by code,
 * rating, reopening and withdrawing. Never shows who submitted. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/cases.h"
#include "base/date.h"
#include "core/tracking.h"
#include "core/workflow.h"
#include "store/catalog.h"
#include "web/handlers.h"
#include "web/intake.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

/* The kinds a citizen can choose on the web form, in order, with their explanations. */
static const struct {
	enum case_kind kind;
	enum msg_id help;
} public_kinds[] = {
    {KIND_FEEDBACK, M_KIND_HELP_FEEDBACK},     {KIND_COMPLAINT1, M_KIND_HELP_COMPLAINT1},
    {KIND_COMPLAINT2, M_KIND_HELP_COMPLAINT2}, {KIND_DENUNCIATION, M_KIND_HELP_DENUNCIATION},
    {KIND_ANONYMOUS, M_KIND_HELP_ANONYMOUS},
};

/* What the submission form shows: empty, or what the citizen typed. */
struct submit_form {
	const char *kind, *topic, *area, *title, *description, *people, *representatives;
	const char *name, *contact, *address;
	bool signed_;
};

static const char *fmt_date(struct request *req, dv_date day)
{
	char buf[11];

	if (day <= 0)
		return "—";
	date_format(day, buf);
	return arena_strdup(req->arena, buf);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* NULL for an absent or empty field, so that the use case sees "not given". */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static int form_status(enum dv_err code)
{
	switch (code) {
	case DV_EINVAL:
	case DV_ENOTFOUND: /* an unknown topic or area code */
		return 400;
	case DV_ECONFLICT:
	case DV_EEXIST:
		return 409;
	default:
		return 0;
	}
}

static void text_field(struct request *req, struct response *resp, const char *name,
                       enum msg_id label, const char *value, int max, bool required,
                       const char *extra)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"text\" value=\"%s\" maxlength=\"%d\"%R%R></div>",
	       name, T(req, label), required ? " *" : "", name, name, nz(value), max,
	       required ? " required" : "", extra ? extra : "");
}

static void render_submit(struct request *req, struct response *resp, int status,
                          const struct submit_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct topic *topics = NULL;
	size_t n_topics = 0, i;
	bool own = false;

	/* The topic list is public; without it the form still works with "other" missing. */
	if (page_read_begin(req, &own, &e) == DV_OK) {
		if (topic_list(req->db, false, req->arena, &topics, &n_topics, &e) != DV_OK) {
			n_topics = 0;
			page_read_fail(req);
		} else {
			page_read_end(req, own);
		}
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_SUBMIT_TITLE));
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_SUBMIT_TITLE),
	       T(req, M_SUBMIT_INTRO));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/submit");

	html_f(b, "<fieldset class=\"kinds\"><legend>%s *</legend>", T(req, M_CASE_KIND));
	for (i = 0; i < sizeof(public_kinds) / sizeof(public_kinds[0]); i++) {
		const char *name = case_kind_name(public_kinds[i].kind);
		bool checked = f->kind ? !strcmp(f->kind, name) : i == 0;

		html_f(b,
		       "<div class=\"choice\"><input type=\"radio\" id=\"kind-%s\" name=\"kind\" "
		       "value=\"%s\"%R required><label for=\"kind-%s\"><strong>%s</strong></label>"
		       "<p class=\"hint\">%s</p></div>",
		       name, name, checked ? " checked" : "", name,
		       case_kind_label(public_kinds[i].kind, req->lang == LANG_EN),
		       T(req, public_kinds[i].help));
	}
	html_raw(b, "</fieldset>");

	html_f(b, "<fieldset><legend>%s</legend>", T(req, M_SUBMIT_WHAT));
	html_f(b,
	       "<div class=\"field\"><label for=\"topic\">%s *</label><select id=\"topic\" "
	       "name=\"topic\" required><option value=\"\">%s</option>",
	       T(req, M_CASE_TOPIC), T(req, M_CHOOSE));
	for (i = 0; i < n_topics; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", topics[i].code,
		       f->topic && !strcmp(f->topic, topics[i].code) ? " selected" : "",
		       page_pick(req, topics[i].name, topics[i].name_en));
	html_raw(b, "</select></div>");
	text_field(req, resp, "title", M_CASE_TITLE, f->title, CASE_TITLE_MAX, true, NULL);
	html_f(b,
	       "<div class=\"field\"><label for=\"description\">%s *</label><textarea "
	       "id=\"description\" name=\"description\" rows=\"8\" maxlength=\"%d\" required>%s"
	       "</textarea></div></fieldset>",
	       T(req, M_CASE_DESCRIPTION), CASE_TEXT_MAX, nz(f->description));

	html_f(b, "<fieldset><legend>%s</legend>", T(req, M_SUBMIT_WHERE));
	html_f(b,
	       "<div class=\"field\"><label for=\"area\">%s *</label><input id=\"area\" "
	       "name=\"area\" type=\"text\" value=\"%s\" maxlength=\"32\" required "
	       "inputmode=\"numeric\" autocomplete=\"off\" aria-describedby=\"area_hint\">"
	       "<p class=\"hint\" id=\"area_hint\">%s</p></div></fieldset>",
	       T(req, M_CASE_AREA_CODE), nz(f->area), T(req, M_CASE_AREA_HINT));

	html_f(b, "<fieldset><legend>%s</legend>", T(req, M_SUBMIT_GROUP));
	html_f(b,
	       "<div class=\"field\"><label for=\"people\">%s</label><input id=\"people\" "
	       "name=\"people\" type=\"number\" min=\"1\" max=\"10000\" value=\"%s\" "
	       "aria-describedby=\"people_hint\"><p class=\"hint\" id=\"people_hint\">%s</p></div>",
	       T(req, M_CASE_PEOPLE), f->people && *f->people ? f->people : "1",
	       T(req, M_CASE_PEOPLE_HINT));
	text_field(req, resp, "representatives", M_CASE_REPRESENTATIVES, f->representatives,
	           CASE_NAME_MAX, false, NULL);
	html_raw(b, "</fieldset>");

	html_f(b, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>", T(req, M_SUBMIT_WHO),
	       T(req, M_SUBMIT_ANON_NOTE));
	text_field(req, resp, "name", M_CASE_NAME, f->name, CASE_NAME_MAX, false,
	           " autocomplete=\"name\"");
	text_field(req, resp, "contact", M_CASE_CONTACT, f->contact, CASE_CONTACT_MAX, false,
	           " autocomplete=\"tel\"");
	text_field(req, resp, "address", M_CASE_ADDRESS, f->address, CASE_ADDRESS_MAX, false,
	           " autocomplete=\"street-address\"");
	html_f(b,
	       "<div class=\"field check\"><input type=\"checkbox\" id=\"signed\" name=\"signed\" "
	       "value=\"1\"%R><label for=\"signed\">%s</label></div>"
	       "<p class=\"hint\">%s</p></fieldset>",
	       f->signed_ ? " checked" : "", T(req, M_CASE_SIGNED), T(req, M_SUBMIT_PRIVACY));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_SUBMIT_SEND));
	form_end(req, resp);
	page_end(req, resp);
}

void h_submit_form(struct request *req, struct response *resp)
{
	struct submit_form f;
	enum case_kind k;
	const char *kind = params_get(&req->query, "kind");

	memset(&f, 0, sizeof(f));
	if (kind && case_kind_parse(kind, &k))
		f.kind = kind;
	render_submit(req, resp, 200, &f, NULL);
}

static void read_submit(struct request *req, struct submit_form *f)
{
	const struct params *p = &req->form;

	memset(f, 0, sizeof(*f));
	f->kind = params_get(p, "kind");
	f->topic = params_get(p, "topic");
	f->area = params_get(p, "area");
	f->title = params_get(p, "title");
	f->description = params_get(p, "description");
	f->people = params_get(p, "people");
	f->representatives = params_get(p, "representatives");
	f->name = params_get(p, "name");
	f->contact = params_get(p, "contact");
	f->address = params_get(p, "address");
	f->signed_ = params_get(p, "signed") != NULL;
}

/* After the group commit: on to the tracking page, or the error. */
static void submitted(struct request *req, struct response *resp, struct intake_job *job,
                      enum dv_err result, const struct dv_error *e)
{
	const char *loc;

	if (result) {
		resp_fail(req, resp, e);
		return;
	}
	loc = arena_printf(req->arena, "/track/%s?new=1", job->plan.row.tracking_code);
	resp_redirect(req, resp, loc ? loc : "/track");
}

void h_submit(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct submit_form f;
	struct intake in;
	int64_t people = 1;
	size_t i;
	bool kind_ok = false;
	int status;

	read_submit(req, &f);
	memset(&in, 0, sizeof(in));
	/* Only the kinds offered on the form: a voters' petition comes through deputies. */
	if (f.kind && case_kind_parse(f.kind, &in.kind))
		for (i = 0; i < sizeof(public_kinds) / sizeof(public_kinds[0]); i++)
			kind_ok |= public_kinds[i].kind == in.kind;
	if (!kind_ok) {
		f.kind = NULL;
		render_submit(req, resp, 400, &f, T(req, M_SUBMIT_BAD_KIND));
		return;
	}
	if (f.people && *f.people &&
	    (!parse_int64(f.people, &people) || people < 1 || people > 10000)) {
		render_submit(req, resp, 400, &f, T(req, M_SUBMIT_BAD_PEOPLE));
		return;
	}
	in.channel = CHANNEL_WEB;
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
	in.client_addr = req->remote_addr; /* public intake is rate-limited per address */
	/* answered by submitted() once the case is on disk */
	if (web_intake(req, resp, &req->scope, &in, submitted, &e) == DV_OK)
		return;
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_submit(req, resp, status, &f, page_error_text(req, &e));
}

static void track_form(struct request *req, struct response *resp, const char *value)
{
	struct strbuf *b = &resp->body;

	html_f(
	    b,
	    "<form class=\"search\" method=\"get\" action=\"/track\" role=\"search\">"
	    "<div class=\"field\"><label for=\"code\">%s</label><input id=\"code\" name=\"code\" "
	    "type=\"text\" value=\"%s\" maxlength=\"40\" required autocomplete=\"off\" "
	    "spellcheck=\"false\" autocapitalize=\"characters\" aria-describedby=\"code_hint\">"
	    "<p class=\"hint\" id=\"code_hint\">%s</p></div>"
	    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n",
	    T(req, M_CASE_CODE), nz(value), T(req, M_TRACK_INTRO), T(req, M_TRACK_SUBMIT));
}

void h_track_form(struct request *req, struct response *resp)
{
	const char *code = params_get(&req->query, "code");
	char norm[TRACKING_LEN + 1];
	const char *loc;
	bool bad = false;

	if (code) {
		if (tracking_parse(code, norm)) {
			loc = arena_printf(req->arena, "/track/%s", norm);
			resp_redirect(req, resp, loc ? loc : "/track");
			return;
		}
		bad = true;
	}
	resp->status = bad ? 400 : 200;
	page_begin(req, resp, T(req, M_TRACK_TITLE));
	html_f(&resp->body, "<h1>%s</h1>", T(req, M_TRACK_TITLE));
	if (bad)
		page_notice(req, resp, "error", T(req, M_TRACK_BAD));
	track_form(req, resp, code);
	page_end(req, resp);
}

/* The label of a timeline event: an action's name, or the status it reached. */
static const char *event_label(struct request *req, const struct case_event *ev)
{
	enum case_action act;
	enum case_status st;
	bool en = req->lang == LANG_EN;

	if (ev->kind && case_action_parse(ev->kind, &act))
		return case_action_label(act, en);
	if (ev->kind && case_status_parse(ev->kind, &st))
		return case_status_label(st, en);
	if (ev->kind && !strcmp(ev->kind, "rated"))
		return T(req, M_CASE_RATING);
	return ev->kind ? ev->kind : "";
}

static void public_timeline(struct request *req, struct response *resp, const struct case_public *c)
{
	struct strbuf *b = &resp->body;
	enum case_status st;
	size_t i;

	html_f(b, "<h2>%s</h2>", T(req, M_CASE_TIMELINE));
	if (!c->n_events) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CASE_NO_EVENTS));
		return;
	}
	html_raw(b, "<ol class=\"timeline\">");
	for (i = 0; i < c->n_events; i++) {
		const struct case_event *ev = &c->events[i];

		/* only the unit acts in public: staff names stay inside */
		html_f(b, "<li><time>%s</time> <strong>%s</strong>", page_time(req, ev->at),
		       event_label(req, ev));
		if (ev->to_status && case_status_parse(ev->to_status, &st) &&
		    (!ev->from_status || strcmp(ev->from_status, ev->to_status)))
			html_f(b, " → %s", case_status_label(st, req->lang == LANG_EN));
		if (ev->unit_name)
			html_f(b, " <span class=\"muted\">%s</span>", ev->unit_name);
		if (ev->note && *ev->note)
			html_f(b, "<p class=\"note\">%s</p>", ev->note);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

static void track_actions(struct request *req, struct response *resp, const struct case_public *c)
{
	struct strbuf *b = &resp->body;
	const char *base = arena_printf(req->arena, "/track/%s", c->tracking_code);
	const char *act;
	int r;

	if (!base)
		return;
	if (c->rating > 0)
		html_f(b, "<p><strong>%s:</strong> %d/5</p>", T(req, M_TRACK_RATED), c->rating);
	if (c->can_rate) {
		html_f(b, "<section class=\"citizen-action\"><h2>%s</h2>",
		       T(req, M_TRACK_RATE_TITLE));
		act = arena_printf(req->arena, "%s/rate", base);
		form_begin(req, resp, act ? act : base);
		html_f(b,
		       "<div class=\"field\"><label for=\"rating\">%s</label><select id=\"rating\" "
		       "name=\"rating\" required><option value=\"\">%s</option>",
		       T(req, M_TRACK_RATE), T(req, M_CHOOSE));
		for (r = 5; r >= 1; r--)
			html_f(b, "<option value=\"%d\">%d</option>", r, r);
		html_f(b,
		       "</select></div><div class=\"field\"><label for=\"comment\">%s</label>"
		       "<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"%d\">"
		       "</textarea></div><div class=\"actions\"><button type=\"submit\">%s</button>"
		       "</div>",
		       T(req, M_TRACK_COMMENT), CASE_NOTE_MAX, T(req, M_TRACK_RATE_SEND));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	if (c->can_reopen) {
		html_f(b, "<section class=\"citizen-action\"><h2>%s</h2>",
		       T(req, M_TRACK_REOPEN_TITLE));
		act = arena_printf(req->arena, "%s/reopen", base);
		form_begin(req, resp, act ? act : base);
		html_f(b,
		       "<div class=\"field\"><label for=\"reopen_note\">%s *</label><textarea "
		       "id=\"reopen_note\" name=\"note\" rows=\"3\" maxlength=\"%d\" required>"
		       "</textarea></div><div class=\"actions\"><button type=\"submit\" "
		       "class=\"secondary\">%s</button></div>",
		       T(req, M_TRACK_REASON), CASE_NOTE_MAX, T(req, M_TRACK_REOPEN));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	if (c->can_withdraw || c->can_withdraw_part) {
		html_f(b, "<section class=\"citizen-action\"><h2>%s</h2>",
		       T(req, M_TRACK_WITHDRAW_TITLE));
		act = arena_printf(req->arena, "%s/withdraw", base);
		form_begin(req, resp, act ? act : base);
		html_f(b,
		       "<div class=\"field\"><label for=\"withdraw_note\">%s</label><textarea "
		       "id=\"withdraw_note\" name=\"note\" rows=\"3\" maxlength=\"%d\"></textarea>"
		       "<p class=\"hint\">%s</p></div><div class=\"actions\">",
		       T(req, M_TRACK_REASON), CASE_NOTE_MAX, T(req, M_TRACK_WITHDRAW_PART_HINT));
		if (c->can_withdraw)
			html_f(
			    b,
			    "<button type=\"submit\" name=\"part\" value=\"0\" class=\"danger\">%s"
			    "</button> ",
			    T(req, M_TRACK_WITHDRAW));
		if (c->can_withdraw_part)
			html_f(b,
			       "<button type=\"submit\" name=\"part\" value=\"1\" "
			       "class=\"secondary\">%s</button>",
			       T(req, M_TRACK_WITHDRAW_PART));
		html_raw(b, "</div>");
		form_end(req, resp);
		html_raw(b, "</section>");
	}
}

/*
 * The citizen's page of a case by its canonical code; `error` comes from a refused action.
 * Reads in the request's snapshot (GET) or a read transaction of its own (POST).
 */
static void render_track(struct request *req, struct response *resp, int status, const char *code,
                         bool is_new, const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct case_public c;
	bool own = false, en = req->lang == LANG_EN;
	const char *title;

	memset(&c, 0, sizeof(c));
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_case_track(req->app, req->db, code, req->arena, &c, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	page_read_end(req, own);

	resp->status = status;
	title = arena_printf(req->arena, "%s %s", T(req, M_CASE_CODE), c.tracking_code);
	page_begin(req, resp, title ? title : T(req, M_TRACK_TITLE));
	if (is_new) {
		html_f(b,
		       "<section class=\"tracking-new\" role=\"status\"><h1>%s</h1><p>%s</p>"
		       "<p class=\"tracking-code\"><strong>%s</strong></p><p>%s</p></section>",
		       T(req, M_SUBMIT_DONE_TITLE), T(req, M_SUBMIT_DONE), c.tracking_code,
		       T(req, M_SUBMIT_KEEP));
	} else {
		html_f(b, "<h1>%s <code class=\"tracking-code\">%s</code></h1>",
		       T(req, M_CASE_CODE), c.tracking_code);
	}
	if (error)
		page_notice(req, resp, "error", error);
	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd><span class=\"status status-%s\">%s</span></dd>",
	       T(req, M_CASE_STATUS), case_status_name(c.status), case_status_label(c.status, en));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_KIND), case_kind_label(c.kind, en));
	if (c.title)
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_TITLE), c.title);
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_RECEIVED), fmt_date(req, c.received_on));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_HANDLING_UNIT),
	       c.handling_unit_name ? c.handling_unit_name : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_TOPIC),
	       c.topic_name ? page_pick(req, c.topic_name, c.topic_name_en) : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_AREA), c.area_name ? c.area_name : "—");
	if (c.settle_due > 0)
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_CASE_SETTLE_DUE),
		       fmt_date(req, c.settle_due));
	html_raw(b, "</dl>");
	if (c.decision) {
		html_f(b, "<section class=\"decision\"><h2>%s</h2>", T(req, M_CASE_DECISION));
		if (c.decided_on > 0)
			html_f(b, "<p class=\"muted\">%s: %s</p>", T(req, M_CASE_DECIDED_ON),
			       fmt_date(req, c.decided_on));
		html_f(b, "<div class=\"text\">%s</div></section>", c.decision);
	}
	public_timeline(req, resp, &c);
	track_actions(req, resp, &c);
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* The canonical code from the path; false after answering 404 for a malformed one. */
static bool path_code(struct request *req, struct response *resp, char out[TRACKING_LEN + 1])
{
	if (!req->args[0] || !tracking_parse(req->args[0], out)) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return false;
	}
	return true;
}

/*
 * The tracking page as kept (resp_kept) for a visitor who is not signed in (the header would
 * name a signed-in user) and asks for nothing else (no query): the same page for everyone,
 * with their own CSRF token in its forms. False with *key NULL when it is not to be kept.
 */
static bool track_kept(struct request *req, struct response *resp, const char *code,
                       const char **key, struct anscache_stamp *stamp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_render_stamp rs;

	*key = NULL;
	if (!req->answers || req->query.n || req->who || !req->csrf || !db_in_tx(req->db) ||
	    app_track_stamp(req->app, req->db, code, &rs, &e))
		return false; /* the page itself answers what went wrong */
	*stamp = (struct anscache_stamp){{rs.c.revision, rs.c.catalog, rs.day, rs.c.id}};
	*key = arena_printf(req->arena, "track/%s/%d", code, (int)req->lang);
	return resp_kept(req, resp, *key, stamp, NULL);
}

void h_track(struct request *req, struct response *resp)
{
	struct anscache_stamp stamp;
	char code[TRACKING_LEN + 1];
	const char *loc, *key;

	if (!path_code(req, resp, code))
		return;
	/* a code typed in lower case or without dashes gets its canonical address */
	if (strcmp(code, req->args[0])) {
		loc = arena_printf(req->arena, "/track/%s", code);
		resp_redirect(req, resp, loc ? loc : "/track");
		return;
	}
	if (track_kept(req, resp, code, &key, &stamp))
		return;
	render_track(req, resp, 200, code, params_get(&req->query, "new") != NULL, NULL);
	resp_keep(req, resp, key, &stamp);
}

/* After a citizen's action: back to the page, or the page again with what went wrong. */
static void after_action(struct request *req, struct response *resp, const char *code,
                         const struct dv_error *e, enum dv_err ret)
{
	const char *loc;
	int status;

	if (ret == DV_OK) {
		loc = arena_printf(req->arena, "/track/%s", code);
		resp_redirect(req, resp, loc ? loc : "/track");
		return;
	}
	status = form_status(e->code);
	if (!status || e->code == DV_ENOTFOUND) {
		resp_fail(req, resp, e);
		return;
	}
	render_track(req, resp, status, code, false, page_error_text(req, e));
}

void h_track_rate(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char code[TRACKING_LEN + 1];
	const char *s = params_get(&req->form, "rating");
	int64_t rating = 0;
	enum dv_err ret;

	if (!path_code(req, resp, code))
		return;
	if (!s || !parse_int64(s, &rating) || rating < 1 || rating > 5) {
		render_track(req, resp, 400, code, false, T(req, M_TRACK_BAD_RATING));
		return;
	}
	ret = app_case_rate(req->app, req->db, code, (int)rating,
	                    opt(params_get(&req->form, "comment")), &e);
	after_action(req, resp, code, &e, ret);
}

void h_track_reopen(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char code[TRACKING_LEN + 1];
	enum dv_err ret;

	if (!path_code(req, resp, code))
		return;
	ret = app_case_citizen(req->app, req->db, code, ACT_REOPEN,
	                       opt(params_get(&req->form, "note")), &e);
	after_action(req, resp, code, &e, ret);
}

void h_track_withdraw(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char code[TRACKING_LEN + 1];
	const char *part = params_get(&req->form, "part");
	enum dv_err ret;

	if (!path_code(req, resp, code))
		return;
	ret = app_case_citizen(req->app, req->db, code,
	                       part && !strcmp(part, "1") ? ACT_WITHDRAW_PART : ACT_WITHDRAW,
	                       opt(params_get(&req->form, "note")), &e);
	after_action(req, resp, code, &e, ret);
}
