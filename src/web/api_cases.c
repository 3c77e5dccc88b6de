/* api_cases.c: the JSON API of cases: staff lists, intake, the case with its clocks, actions and
 * the audited reveal; the citizen's side (topics, submit, track, rate) without sign-in. */
#include <math.h>
#include <string.h>

#include "app/cases.h"
#include "base/date.h"
#include "core/tracking.h"
#include "core/workflow.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "web/api_util.h"
#include "web/handlers.h"
#include "web/intake.h"
#include "web/jsonw.h"
#include "web/parse.h"

#include "base/banned.h"

/* ---------------------------------------------------------------- writing */

/*
 * One case. Lists (`full` false) carry no submitter and no representatives at all; the case
 * itself shows the submitter of an unsealed case to staff in scope. A sealed identity is never
 * here: only "identity_sealed" says one exists (POST .../reveal opens it, audited).
 */
static void case_members(struct jsonw *w, const struct citizen_case *c, bool full)
{
	jw_kint(w, "id", c->id);
	jw_kstr(w, "tracking_code", c->tracking_code);
	jw_kstr(w, "kind", case_kind_name(c->kind));
	jw_kstr(w, "kind_name", case_kind_label(c->kind, false));
	jw_kstr(w, "kind_name_en", case_kind_label(c->kind, true));
	jw_kstr(w, "channel", case_channel_name(c->channel));
	jw_kstr(w, "status", case_status_name(c->status));
	jw_kstr(w, "status_name", case_status_label(c->status, false));
	jw_kstr(w, "status_name_en", case_status_label(c->status, true));
	jw_kbool(w, "open", case_status_open(c->status));
	jw_key(w, "topic");
	jw_obj_begin(w);
	jw_kstr(w, "code", c->topic_code);
	jw_kstr(w, "name", c->topic_name);
	jw_kstr(w, "name_en", c->topic_name_en);
	jw_obj_end(w);
	jw_key(w, "area");
	jw_obj_begin(w);
	jw_kstr(w, "code", c->area_code);
	jw_kstr(w, "name", c->area_name);
	jw_obj_end(w);
	jw_kref(w, "handling_unit", c->handling_unit_id, c->handling_unit_name);
	jw_kref(w, "assignee", c->assignee_id, c->assignee_name);
	jw_kstr(w, "title", c->title);
	jw_kint(w, "people_count", c->people_count);
	jw_kdate(w, "received_on", c->received_on);
	jw_kdate(w, "accepted_on", c->accepted_on);
	jw_kdate(w, "decided_on", c->decided_on);
	jw_kstr(w, "next_step", c->next_step);
	jw_kdate(w, "next_due", c->next_due);
	jw_kbool(w, "identity_sealed", c->sealed);
	jw_kinstant(w, "updated_at", c->updated_at);
	if (full) {
		jw_kstr(w, "description", c->description);
		jw_kref(w, "subject_unit", c->subject_unit_id, c->subject_unit_name);
		jw_kbool(w, "names_head", c->names_head);
		jw_kstr(w, "representatives", c->representatives);
		jw_key(w, "submitter");
		if (c->sealed ||
		    (!c->submitter_name && !c->submitter_contact && !c->submitter_address)) {
			jw_null(w);
		} else {
			jw_obj_begin(w);
			jw_kstr(w, "name", c->submitter_name);
			jw_kstr(w, "contact", c->submitter_contact);
			jw_kstr(w, "address", c->submitter_address);
			jw_obj_end(w);
		}
		jw_kbool(w, "signed", c->signed_);
		jw_kint(w, "complex", c->complex);
		jw_kbool(w, "remote", c->remote);
		jw_kstr(w, "address_text", c->address_text);
		jw_key(w, "location");
		if (c->has_location) {
			jw_obj_begin(w);
			jw_key(w, "lat");
			jw_fixed(w, c->lat, 6);
			jw_key(w, "long");
			jw_fixed(w, c->lon, 6);
			jw_obj_end(w);
		} else {
			jw_null(w);
		}
		jw_kinstant(w, "received_at", c->received_at);
		jw_kstr(w, "decision", c->decision);
		jw_kbool(w, "decision_public", c->decision_public);
		jw_kinstant(w, "closed_at", c->closed_at);
		jw_kint(w, "extensions", c->extensions);
		jw_kint_or_null(w, "rating", c->rating);
		jw_kstr(w, "rating_comment", c->rating_comment);
		jw_kint_or_null(w, "parent_case_id", c->parent_case_id);
		jw_kint_or_null(w, "duplicate_of", c->duplicate_of);
		jw_kstr(w, "open311_client", c->open311_client);
	}
}

static void case_json(struct jsonw *w, const struct citizen_case *c, bool full)
{
	jw_obj_begin(w);
	case_members(w, c, full);
	jw_obj_end(w);
}

/* A clock with the rule and inputs that produced it and the sentence the case page shows. */
static void clock_json(struct request *req, struct jsonw *w, const struct case_clock *k,
                       dv_date today)
{
	struct strbuf ex = STRBUF_INIT;

	jw_obj_begin(w);
	jw_kstr(w, "step", k->step);
	jw_kstr(w, "rule", k->d.rule_code);
	jw_kint_or_null(w, "set", k->d.rule_set_id);
	jw_kdate(w, "from", k->d.from);
	jw_kint(w, "days", k->d.days);
	jw_kstr(w, "kind", day_kind_name(k->d.kind));
	jw_kstr(w, "anchor", rule_anchor_name(k->d.anchor));
	jw_kbool(w, "remote", (k->d.flags & DL_REMOTE) != 0);
	jw_kbool(w, "complex", (k->d.flags & DL_COMPLEX) != 0);
	jw_kint(w, "extensions", k->d.extensions);
	jw_kdate(w, "nominal", k->d.nominal);
	jw_kdate(w, "due", k->d.due);
	jw_kdate(w, "met_on", k->met_on);
	jw_key(w, "days_left");
	if (k->met_on)
		jw_null(w);
	else
		jw_int(w, deadline_days_left(&k->d, today));
	jw_kbool(w, "overdue", !k->met_on && deadline_days_left(&k->d, today) < 0);
	deadline_explain(&k->d, req->lang, &ex);
	jw_kstr(w, "explanation", ex.failed ? "" : ex.buf);
	strbuf_release(&ex);
	jw_obj_end(w);
}

static void event_json(struct jsonw *w, const struct case_event *ev, bool staff)
{
	jw_obj_begin(w);
	if (staff)
		jw_kint(w, "id", ev->id);
	jw_kinstant(w, "at", ev->at);
	jw_kstr(w, "kind", ev->kind);
	if (staff) {
		jw_kbool(w, "public", ev->public_);
		jw_kref(w, "actor", ev->actor_user_id, ev->actor_name);
	}
	jw_kref(w, "unit", ev->unit_id, ev->unit_name);
	jw_kstr(w, "from_status", ev->from_status);
	jw_kstr(w, "to_status", ev->to_status);
	jw_kstr(w, "note", ev->note && *ev->note ? ev->note : NULL);
	jw_obj_end(w);
}

/* The whole staff view: the case, clocks, events, allowed actions, similar cases if read. */
static void view_json(struct request *req, struct jsonw *w, const struct case_view *v,
                      unsigned what)
{
	dv_date today = date_of_instant(time_now());
	size_t i;
	int a;

	jw_obj_begin(w);
	case_members(w, &v->c, true);
	jw_key(w, "clocks");
	jw_arr_begin(w);
	for (i = 0; i < v->n_clocks; i++)
		clock_json(req, w, &v->clocks[i], today);
	jw_arr_end(w);
	jw_key(w, "events");
	jw_arr_begin(w);
	for (i = 0; i < v->n_events; i++)
		event_json(w, &v->events[i], true);
	jw_arr_end(w);
	jw_key(w, "actions");
	jw_arr_begin(w);
	for (a = 0; a < ACT__COUNT; a++)
		if (v->allowed & (1u << a))
			jw_str(w, case_action_name((enum case_action)a));
	jw_arr_end(w);
	jw_kbool(w, "can_reveal", v->can_reveal);
	if (what & VIEW_SIMILAR) {
		jw_key(w, "similar");
		jw_arr_begin(w);
		for (i = 0; i < v->n_similar; i++)
			case_json(w, &v->similar[i], false);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	strbuf_addch(w->sb, '\n');
}

static const char *actor(struct request *req)
{
	return req->who ? req->who->login : "-";
}

static bool case_id_arg(struct request *req, struct response *resp, int64_t *id)
{
	if (!parse_int64(req->args[0], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no such case");
		return false;
	}
	return true;
}

/* Answer the staff view of case `id` (with `what` of app_case_view), reading in the open
 * snapshot or a new one. */
static void answer_view(struct request *req, struct response *resp, int64_t id, int status,
                        unsigned what)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_view v;
	struct jsonw w;
	bool own_tx = !db_in_tx(req->db);

	if ((own_tx && db_begin(req->db, DB_TX_READ, &e)) ||
	    app_case_view(req->app, req->db, &req->scope, id, what, req->arena, &v, &e)) {
		struct case_brief b;

		/* a case this request created but routed outside the caller's subtree: say what
		 * was created (never 404 after a successful write, or clients would retry) */
		if (status == 201 && e.code == DV_ENOTFOUND &&
		    !app_case_brief(req->app, req->db, id, req->arena, &b, NULL)) {
			if (own_tx)
				db_rollback(req->db);
			api_answer(resp, 201, &w);
			jw_obj_begin(&w);
			jw_kint(&w, "id", b.id);
			jw_kstr(&w, "tracking_code", b.tracking_code);
			jw_kstr(&w, "kind", case_kind_name(b.kind));
			jw_kstr(&w, "status", case_status_name(b.status));
			jw_key(&w, "parent_case_id");
			if (b.parent_case_id)
				jw_int(&w, b.parent_case_id);
			else
				jw_null(&w);
			jw_key(&w, "handling_unit");
			jw_obj_begin(&w);
			jw_kint(&w, "id", b.handling_unit_id);
			jw_kstr(&w, "name", b.handling_unit_name);
			jw_obj_end(&w);
			jw_kbool(&w, "visible", false);
			jw_obj_end(&w);
			return;
		}
		if (own_tx)
			db_rollback(req->db);
		resp_fail(req, resp, &e);
		return;
	}
	if (own_tx)
		db_rollback(req->db);
	if (status == 201)
		resp_header(req, resp, "Location",
		            arena_printf(req->arena, "/api/v1/cases/%lld", (long long)id));
	api_answer(resp, status, &w);
	view_json(req, &w, &v, what);
}

/* ---------------------------------------------------------------- staff */

/* true/false/1/0 from the query; false (and a 400) when malformed */
static bool query_bool(struct request *req, struct response *resp, const char *name, bool *out)
{
	const char *s = params_get(&req->query, name);

	*out = false;
	if (!s || !*s)
		return true;
	if (!strcmp(s, "true") || !strcmp(s, "1")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "false") || !strcmp(s, "0"))
		return true;
	resp_error(req, resp, 400, DV_EINVAL,
	           arena_printf(req->arena, "%s must be true or false", name));
	return false;
}

void h_api_cases(struct request *req, struct response *resp)
{
	const char *status = params_get(&req->query, "status");
	const char *kind = params_get(&req->query, "kind");
	const char *topic = params_get(&req->query, "topic");
	const char *area = params_get(&req->query, "area");
	const char *q = params_get(&req->query, "q");
	struct case_filter f = {.status = -1, .kind = -1};
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *rows = NULL;
	size_t n = 0, i;
	int64_t total = 0;
	struct jsonw w;

	if (!api_paging(req, resp, &f.limit, &f.offset) ||
	    !query_bool(req, resp, "overdue", &f.overdue) ||
	    !query_bool(req, resp, "open", &f.open_only) ||
	    !query_bool(req, resp, "inbox", &f.inbox_order))
		return;
	if (status && *status) {
		enum case_status s;

		if (!case_status_parse(status, &s)) {
			resp_error(req, resp, 400, DV_EINVAL,
			           arena_printf(req->arena, "unknown status '%s'", status));
			return;
		}
		f.status = (int)s;
	}
	if (kind && *kind) {
		enum case_kind k;

		if (!case_kind_parse(kind, &k)) {
			resp_error(req, resp, 400, DV_EINVAL,
			           arena_printf(req->arena, "unknown kind '%s'", kind));
			return;
		}
		f.kind = (int)k;
	}
	if (topic && *topic) {
		struct topic t;

		if (topic_get_by_code(req->db, topic, req->arena, &t, &e)) {
			if (e.code == DV_ENOTFOUND)
				resp_error(req, resp, 400, DV_EINVAL,
				           arena_printf(req->arena, "unknown topic '%s'", topic));
			else
				resp_fail(req, resp, &e);
			return;
		}
		f.topic_id = t.id;
	}
	f.area_code = area && *area ? area : NULL;
	f.query = q && *q ? q : NULL;
	f.today = date_of_instant(time_now());
	if (case_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_list_begin(resp, &w);
	for (i = 0; i < n; i++)
		case_json(&w, &rows[i], false);
	api_list_end(&w, total, f.limit, f.offset);
}

/*
 * The staff view of case `id` as kept for this caller (resp_kept), when the request asks for
 * nothing else (no query). False with *key NULL when it is not to be kept, else with the key
 * and stamp to keep the rendered view under.
 */
static bool view_kept(struct request *req, struct response *resp, int64_t id, const char **key,
                      struct anscache_stamp *stamp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_render_stamp rs;

	*key = NULL;
	if (!req->answers || req->query.n || !db_in_tx(req->db) ||
	    app_case_stamp(req->app, req->db, &req->scope, id, &rs, &e))
		return false; /* the view itself answers what went wrong */
	*stamp = (struct anscache_stamp){{rs.c.revision, rs.c.catalog, rs.day, rs.c.id}};
	/* the view depends on who asks through the scope (visibility, actions, reveal) */
	*key = arena_printf(req->arena, "api-case/%lld/%lld/%lld/%d/%d", (long long)id,
	                    (long long)req->scope.user_id, (long long)req->scope.unit_id,
	                    (int)req->scope.role, (int)req->lang);
	return resp_kept(req, resp, *key, stamp, "application/json");
}

/* ?similar=true adds the duplicate suggestions (a text search in the case's commune). */
void h_api_case(struct request *req, struct response *resp)
{
	struct anscache_stamp stamp;
	const char *key;
	int64_t id;
	bool similar;

	if (!case_id_arg(req, resp, &id) || !query_bool(req, resp, "similar", &similar) ||
	    view_kept(req, resp, id, &key, &stamp))
		return;
	answer_view(req, resp, id, 200, similar ? VIEW_SIMILAR : 0);
	resp_keep(req, resp, key, &stamp);
}

static const struct api_field staff_intake_fields[] = {
    {"kind", JSON_STRING},
    {"channel", JSON_STRING},
    {"topic", JSON_STRING},
    {"area", JSON_STRING},
    {"subject_unit_id", JSON_INTEGER},
    {"names_head", JSON_TRUE},
    {"title", JSON_STRING},
    {"description", JSON_STRING},
    {"people_count", JSON_INTEGER},
    {"representatives", JSON_STRING},
    {"name", JSON_STRING},
    {"contact", JSON_STRING},
    {"address", JSON_STRING},
    {"signed", JSON_TRUE},
    {"complex", JSON_INTEGER},
    {"received_on", JSON_STRING},
    {NULL, 0},
};

static const struct api_field public_intake_fields[] = {
    {"kind", JSON_STRING},
    {"topic", JSON_STRING},
    {"area", JSON_STRING},
    {"title", JSON_STRING},
    {"description", JSON_STRING},
    {"people_count", JSON_INTEGER},
    {"representatives", JSON_STRING},
    {"name", JSON_STRING},
    {"contact", JSON_STRING},
    {"address", JSON_STRING},
    {"signed", JSON_TRUE},
    {"address_text", JSON_STRING},
    {"lat", JSON_REAL},
    {"long", JSON_REAL},
    {NULL, 0},
};

static int64_t jint(json_t *j, const char *key, int64_t dflt)
{
	json_t *v = json_object_get(j, key);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static bool jbool(json_t *j, const char *key)
{
	return json_is_true(json_object_get(j, key));
}

/*
 * The members both intakes share, into *in; false (and a 400) on a value no use case could
 * judge (an unknown kind name, a count out of int range).
 */
static bool intake_common(struct request *req, struct response *resp, json_t *j, struct intake *in)
{
	const char *kind = api_jstr(j, "kind");
	int64_t people = jint(j, "people_count", 1);

	if (!kind) {
		resp_error(req, resp, 400, DV_EINVAL, "field 'kind' is required");
		return false;
	}
	if (!case_kind_parse(kind, &in->kind)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           arena_printf(req->arena, "field 'kind': unknown kind '%s'", kind));
		return false;
	}
	if (people < 1 || people > 1000000) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'people_count' must be a number from 1 to 1000000");
		return false;
	}
	in->topic_code = api_jstr(j, "topic");
	in->area_code = api_jstr(j, "area");
	in->title = api_jstr(j, "title");
	in->description = api_jstr(j, "description");
	in->people_count = (int)people;
	in->representatives = api_jstr(j, "representatives");
	in->name = api_jstr(j, "name");
	in->contact = api_jstr(j, "contact");
	in->address = api_jstr(j, "address");
	in->signed_ = jbool(j, "signed");
	return true;
}

void h_api_case_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = {0};
	char tracking[TRACKING_LEN + 1];
	const char *s;
	int64_t id = 0, cx;
	json_t *j = api_json_body(req, resp, staff_intake_fields);

	if (!j)
		return;
	if (!intake_common(req, resp, j, &in))
		goto cleanup;
	in.channel = CHANNEL_RECEPTION;
	if ((s = api_jstr(j, "channel")) && !case_channel_parse(s, &in.channel)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           arena_printf(req->arena, "field 'channel': unknown channel '%s'", s));
		goto cleanup;
	}
	in.subject_unit_id = jint(j, "subject_unit_id", 0);
	in.names_head = jbool(j, "names_head");
	cx = jint(j, "complex", 0);
	if (cx < 0 || cx > 2) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'complex' must be 0, 1 (complex) or 2 (particularly complex)");
		goto cleanup;
	}
	in.complex = (int)cx;
	if ((s = api_jstr(j, "received_on")) && !date_parse(s, &in.received_on)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'received_on' must be a date YYYY-MM-DD");
		goto cleanup;
	}
	in.actor = actor(req);
	if (app_case_submit(req->app, req->db, &req->scope, &in, req->arena, &id, tracking, &e)) {
		resp_fail(req, resp, &e);
		goto cleanup;
	}
	answer_view(req, resp, id, 201, VIEW_SIMILAR);
cleanup:
	json_decref(j);
}

static const struct api_field action_fields[] = {
    {"action", JSON_STRING},          {"note", JSON_STRING},         {"decision_date", JSON_STRING},
    {"target_unit_id", JSON_INTEGER}, {"assignee_id", JSON_INTEGER}, {"extend_days", JSON_INTEGER},
    {"complex", JSON_INTEGER},        {"public", JSON_TRUE},         {NULL, 0},
};

void h_api_case_action(struct request *req, struct response *resp)
{
	struct case_action_req ar = {.complex = -1};
	struct dv_error e = DV_ERROR_INIT;
	const char *s;
	int64_t id, new_id = 0, v;
	json_t *j;

	if (!case_id_arg(req, resp, &id))
		return;
	j = api_json_body(req, resp, action_fields);
	if (!j)
		return;
	s = api_jstr(j, "action");
	if (!s) {
		resp_error(req, resp, 400, DV_EINVAL, "field 'action' is required");
		goto cleanup;
	}
	if (!case_action_parse(s, &ar.action)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           arena_printf(req->arena, "unknown action '%s'", s));
		goto cleanup;
	}
	ar.note = api_jstr(j, "note");
	ar.public_ = jbool(j, "public");
	if ((s = api_jstr(j, "decision_date")) && !date_parse(s, &ar.decision_date)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'decision_date' must be a date YYYY-MM-DD");
		goto cleanup;
	}
	ar.target_unit_id = jint(j, "target_unit_id", 0);
	ar.assignee_id = jint(j, "assignee_id", 0);
	if (ar.target_unit_id < 0 || ar.assignee_id < 0) {
		resp_error(req, resp, 400, DV_EINVAL, "unit and user ids are positive numbers");
		goto cleanup;
	}
	v = jint(j, "extend_days", 0);
	if (v < 0 || v > 365) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'extend_days' must be a number of days from 1 to 365");
		goto cleanup;
	}
	ar.extend_days = (int)v;
	v = jint(j, "complex", -1);
	if (json_object_get(j, "complex") && (v < 0 || v > 2)) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'complex' must be 0, 1 (complex) or 2 (particularly complex)");
		goto cleanup;
	}
	ar.complex = (int)v;
	if (app_case_act(req->app, req->db, &req->scope, actor(req), id, &ar, &new_id, &e)) {
		resp_fail(req, resp, &e);
		goto cleanup;
	}
	if (new_id)
		answer_view(req, resp, new_id, 201, 0);
	else
		answer_view(req, resp, id, 200, 0);
cleanup:
	json_decref(j);
}

void h_api_case_reveal(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_identity who;
	struct jsonw w;
	int64_t id;

	if (!case_id_arg(req, resp, &id))
		return;
	if (req->body_len &&
	    (!req->content_type || strncmp(req->content_type, "application/json", 16))) {
		resp_error(req, resp, 415, DV_EINVAL, "send the body as application/json");
		return;
	}
	if (app_case_reveal(req->app, req->db, &req->scope, actor(req), id, req->arena, &who, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_answer(resp, 200, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "case_id", id);
	jw_kstr(&w, "name", who.name);
	jw_kstr(&w, "address", who.address);
	jw_kstr(&w, "contact", who.contact);
	jw_kbool(&w, "signed", who.signed_);
	jw_kbool(&w, "audited", true);
	jw_obj_end(&w);
	strbuf_addch(&resp->body, '\n');
}

/* ---------------------------------------------------------------- the citizen's side */

void h_api_topics(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct topic *t = NULL;
	size_t n = 0, i;
	struct jsonw w;

	if (topic_list(req->db, false, req->arena, &t, &n, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_list_begin(resp, &w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "code", t[i].code);
		jw_kstr(&w, "name", t[i].name);
		jw_kstr(&w, "name_en", t[i].name_en);
		jw_kstr(&w, "description", t[i].description);
		jw_obj_end(&w);
	}
	api_list_end(&w, (int64_t)n, n, 0);
}

/* After the group commit: 201 with the tracking code, or the error. */
static void public_submitted(struct request *req, struct response *resp, struct intake_job *job,
                             enum dv_err result, const struct dv_error *e)
{
	const char *tracking = job->plan.row.tracking_code;
	struct jsonw w;

	if (result) {
		resp_fail(req, resp, e);
		return;
	}
	resp_header(req, resp, "Location",
	            arena_printf(req->arena, "/api/v1/public/cases/%s", tracking));
	api_answer(resp, 201, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "tracking_code", tracking);
	jw_kstr(&w, "url", arena_printf(req->arena, "/track/%s", tracking));
	jw_obj_end(&w);
	strbuf_addch(&resp->body, '\n');
}

void h_api_public_submit(struct request *req, struct response *resp)
{
	struct scope anon = scope_anonymous();
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = {0};
	json_t *j = api_json_body(req, resp, public_intake_fields);
	json_t *lat, *lon;

	if (!j)
		return;
	if (!intake_common(req, resp, j, &in))
		goto cleanup;
	if (in.kind == KIND_PETITION) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'kind': voters' petitions come through the deputies, not this "
		           "form");
		goto cleanup;
	}
	in.channel = CHANNEL_WEB;
	in.address_text = api_jstr(j, "address_text");
	lat = json_object_get(j, "lat");
	lon = json_object_get(j, "long");
	if (!lat != !lon) {
		resp_error(req, resp, 400, DV_EINVAL, "send both 'lat' and 'long', or neither");
		goto cleanup;
	}
	if (lat) {
		in.has_location = true;
		in.lat = json_number_value(lat);
		in.lon = json_number_value(lon);
		if (!isfinite(in.lat) || !isfinite(in.lon) || fabs(in.lat) > 90 ||
		    fabs(in.lon) > 180) {
			resp_error(req, resp, 400, DV_EINVAL,
			           "fields 'lat' and 'long' must be a latitude and a longitude");
			goto cleanup;
		}
	}
	in.client_addr = req->remote_addr;
	/* answered by public_submitted once the case is on disk */
	if (web_intake(req, resp, &anon, &in, public_submitted, &e))
		resp_fail(req, resp, &e);
cleanup:
	json_decref(j);
}

/* What the tracking page shows, as JSON: no personal data, public events only. */
static void public_json(struct jsonw *w, const struct case_public *p)
{
	size_t i;

	jw_obj_begin(w);
	jw_kstr(w, "tracking_code", p->tracking_code);
	jw_kstr(w, "kind", case_kind_name(p->kind));
	jw_kstr(w, "kind_name", case_kind_label(p->kind, false));
	jw_kstr(w, "kind_name_en", case_kind_label(p->kind, true));
	jw_kstr(w, "status", case_status_name(p->status));
	jw_kstr(w, "status_name", case_status_label(p->status, false));
	jw_kstr(w, "status_name_en", case_status_label(p->status, true));
	jw_key(w, "topic");
	jw_obj_begin(w);
	jw_kstr(w, "name", p->topic_name);
	jw_kstr(w, "name_en", p->topic_name_en);
	jw_obj_end(w);
	jw_kstr(w, "area", p->area_name);
	jw_kstr(w, "handling_unit", p->handling_unit_name);
	jw_kstr(w, "title", p->title);
	jw_kdate(w, "received_on", p->received_on);
	jw_kdate(w, "settle_due", p->settle_due);
	jw_kdate(w, "decided_on", p->decided_on);
	jw_kstr(w, "decision", p->decision);
	jw_kint_or_null(w, "rating", p->rating);
	jw_kbool(w, "can_rate", p->can_rate);
	jw_kbool(w, "can_reopen", p->can_reopen);
	jw_kbool(w, "can_withdraw", p->can_withdraw);
	jw_kbool(w, "can_withdraw_part", p->can_withdraw_part);
	jw_key(w, "events");
	jw_arr_begin(w);
	for (i = 0; i < p->n_events; i++)
		event_json(w, &p->events[i], false);
	jw_arr_end(w);
	jw_obj_end(w);
	strbuf_addch(w->sb, '\n');
}

/* The canonical tracking code from the path; false (and a 404) when it cannot be one. */
static bool tracking_arg(struct request *req, struct response *resp, char code[TRACKING_LEN + 1])
{
	if (!tracking_parse(req->args[0], code)) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no case has this tracking code");
		return false;
	}
	return true;
}

static void answer_public(struct request *req, struct response *resp, const char *code)
{
	struct dv_error e = DV_ERROR_INIT;
	struct case_public p;
	struct jsonw w;
	bool own_tx = !db_in_tx(req->db);

	if ((own_tx && db_begin(req->db, DB_TX_READ, &e)) ||
	    app_case_track(req->app, req->db, code, req->arena, &p, &e)) {
		if (own_tx)
			db_rollback(req->db);
		resp_fail(req, resp, &e);
		return;
	}
	if (own_tx)
		db_rollback(req->db);
	api_answer(resp, 200, &w);
	public_json(&w, &p);
}

void h_api_public_case(struct request *req, struct response *resp)
{
	char code[TRACKING_LEN + 1];

	if (tracking_arg(req, resp, code))
		answer_public(req, resp, code);
}

static const struct api_field rating_fields[] = {
    {"rating", JSON_INTEGER},
    {"comment", JSON_STRING},
    {NULL, 0},
};

void h_api_public_rate(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char code[TRACKING_LEN + 1];
	int64_t rating;
	json_t *j;

	if (!tracking_arg(req, resp, code))
		return;
	j = api_json_body(req, resp, rating_fields);
	if (!j)
		return;
	rating = jint(j, "rating", 0);
	if (rating < 1 || rating > 5) {
		resp_error(req, resp, 400, DV_EINVAL,
		           "field 'rating' must be a number from 1 to 5");
		goto cleanup;
	}
	if (app_case_rate(req->app, req->db, code, (int)rating, api_jstr(j, "comment"), &e)) {
		resp_fail(req, resp, &e);
		goto cleanup;
	}
	answer_public(req, resp, code);
cleanup:
	json_decref(j);
}
