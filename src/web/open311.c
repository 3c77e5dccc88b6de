/* open311.c: Open311 GeoReport v2 (discovery, services, requests, tokens) and mySociety's
 * servicerequestupdates, in JSON and XML; topics are the services, feedback cases the requests,
 * tracking codes the request ids. Personal data never leaves through here. */
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/cases.h"
#include "base/date.h"
#include "core/tracking.h"
#include "core/workflow.h"
#include "store/area_geo.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "web/handlers.h"
#include "web/intake.h"
#include "web/jsonw.h"
#include "web/open311_parse.h"
#include "web/xmlw.h"

#include "base/banned.h"

#define O311_SPEC      "http://wiki.open311.org/GeoReport_v2"
#define O311_CHANGESET "2026-07-01T00:00:00+07:00"
#define O311_MAX_LIST  1000
#define O311_MAX_IDS   100
#define O311_TITLE_MAX 80   /* code points of the description that make a case's title */
#define O311_MAX_KM    60.0 /* a point farther than this from every commune is refused */

enum fmt { FMT_JSON = O311_JSON, FMT_XML = O311_XML };

/* One answer under way, in either format. */
struct out {
	enum fmt fmt;
	struct jsonw j;
	struct xmlw x;
};

/* "name.json" / "name.xml" -> name and format; false when the suffix is neither. */
static bool split_file(struct request *req, const char *file, const char **name, enum fmt *fmt)
{
	enum o311_fmt f;

	if (!o311_split_file(req->arena, file, name, &f))
		return false;
	*fmt = f == O311_JSON ? FMT_JSON : FMT_XML;
	return true;
}

static void out_begin(struct response *resp, struct out *o, enum fmt fmt, int status)
{
	o->fmt = fmt;
	resp->status = status;
	strbuf_reset(&resp->body);
	if (fmt == FMT_JSON) {
		resp->content_type = "application/json; charset=utf-8";
		jw_init(&o->j, &resp->body);
	} else {
		resp->content_type = "text/xml; charset=utf-8";
		xw_init(&o->x, &resp->body);
	}
}

static void out_end(struct out *o)
{
	if (o->fmt == FMT_JSON)
		strbuf_addch(o->j.sb, '\n');
	else
		xw_finish(&o->x);
}

/* The list that every GeoReport answer is: a JSON array, an XML root element. */
static void list_begin(struct out *o, const char *root)
{
	if (o->fmt == FMT_JSON)
		jw_arr_begin(&o->j);
	else
		xw_begin(&o->x, root);
}

static void list_end(struct out *o)
{
	if (o->fmt == FMT_JSON)
		jw_arr_end(&o->j);
	else
		xw_end(&o->x);
}

static void obj_begin(struct out *o, const char *elem)
{
	if (o->fmt == FMT_JSON)
		jw_obj_begin(&o->j);
	else
		xw_begin(&o->x, elem);
}

static void obj_end(struct out *o)
{
	if (o->fmt == FMT_JSON)
		jw_obj_end(&o->j);
	else
		xw_end(&o->x);
}

/* A member holding an object or a list (JSON key; XML element). */
static void key_begin(struct out *o, const char *name)
{
	if (o->fmt == FMT_JSON)
		jw_key(&o->j, name);
}

/* Members: absent values are null in JSON and omitted in XML. */
static void put_str(struct out *o, const char *name, const char *v)
{
	if (o->fmt == FMT_JSON)
		jw_kstr(&o->j, name, v);
	else if (v)
		xw_elem(&o->x, name, v);
}

static void put_int(struct out *o, const char *name, int64_t v)
{
	if (o->fmt == FMT_JSON)
		jw_kint(&o->j, name, v);
	else
		xw_elem_int(&o->x, name, v);
}

static void put_bool(struct out *o, const char *name, bool v)
{
	if (o->fmt == FMT_JSON)
		jw_kbool(&o->j, name, v);
	else
		xw_elem_bool(&o->x, name, v);
}

static void put_num(struct out *o, const char *name, bool has, double v)
{
	if (o->fmt == FMT_JSON) {
		jw_key(&o->j, name);
		if (has)
			jw_fixed(&o->j, v, 6);
		else
			jw_null(&o->j);
	} else if (has) {
		xw_elem_fixed(&o->x, name, v, 6);
	}
}

static void put_time(struct out *o, const char *name, int64_t t)
{
	char buf[26];

	if (!t) {
		put_str(o, name, NULL);
		return;
	}
	time_format_local(t, buf);
	put_str(o, name, buf);
}

/* GeoReport's error list, in the request's format. */
static void fail(struct request *req, struct response *resp, enum fmt fmt, int status,
                 const char *description)
{
	struct out o;

	(void)req;
	out_begin(resp, &o, fmt, status);
	list_begin(&o, "errors");
	obj_begin(&o, "error");
	put_int(&o, "code", status);
	put_str(&o, "description", description);
	obj_end(&o);
	list_end(&o);
	out_end(&o);
}

static void fail_err(struct request *req, struct response *resp, enum fmt fmt,
                     const struct dv_error *e)
{
	int status = http_status_for(e->code);

	fail(req, resp, fmt, status, status >= 500 ? "internal error" : e->detail);
}

/* A parameter from the form body (POST) or the query string. */
static const char *param(struct request *req, const char *name)
{
	const char *v = params_get(&req->form, name);

	return v ? v : params_get(&req->query, name);
}

/* One jurisdiction: jurisdiction_id is accepted and ignored unless it names another one. */
static bool jurisdiction_ok(struct request *req, struct response *resp, enum fmt fmt)
{
	const char *j = param(req, "jurisdiction_id");

	if (!o311_jurisdiction_ok(j)) {
		fail(req, resp, fmt, 404,
		     arena_printf(req->arena, "jurisdiction_id '%s' is not served here (use '%s')",
		                  j, O311_JURISDICTION));
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- discovery */

/* The base URL from the Host header when it is a plain host[:port]; else a relative path. */
static const char *base_url(struct request *req)
{
	const char *host = request_header(req, "Host"), *proto;
	const char *p;

	if (!host || !*host || strlen(host) > 255)
		return "/open311/v2";
	for (p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' ||
		      *p == '[' || *p == ']'))
			return "/open311/v2";
	proto = request_header(req, "X-Forwarded-Proto");
	return arena_printf(req->arena, "%s://%s/open311/v2",
	                    proto && !strcmp(proto, "https") ? "https" : "http", host);
}

void h_open311_discovery(struct request *req, struct response *resp)
{
	const char *name;
	enum fmt fmt;
	struct out o;

	if (!split_file(req, req->args[0], &name, &fmt) || strcmp(name, "discovery")) {
		fail(req, resp, FMT_JSON, 404,
		     "no such document: try discovery.json or discovery.xml");
		return;
	}
	out_begin(resp, &o, fmt, 200);
	obj_begin(&o, "discovery");
	put_str(&o, "changeset", O311_CHANGESET);
	put_str(&o, "contact", msg(req->lang, M_O311_CONTACT));
	put_str(&o, "key_service", msg(req->lang, M_O311_KEY_SERVICE));
	key_begin(&o, "endpoints");
	list_begin(&o, "endpoints");
	obj_begin(&o, "endpoint");
	put_str(&o, "specification", O311_SPEC);
	put_str(&o, "url", base_url(req));
	put_str(&o, "changeset", O311_CHANGESET);
	put_str(&o, "type", "production");
	key_begin(&o, "formats");
	list_begin(&o, "formats");
	if (fmt == FMT_JSON) {
		jw_str(&o.j, "application/json");
		jw_str(&o.j, "text/xml");
	} else {
		xw_elem(&o.x, "format", "text/xml");
		xw_elem(&o.x, "format", "application/json");
	}
	list_end(&o);
	obj_end(&o);
	list_end(&o);
	obj_end(&o);
	out_end(&o);
}

/* ---------------------------------------------------------------- services */

static void service_put(struct request *req, struct out *o, const struct topic *t)
{
	obj_begin(o, "service");
	put_str(o, "service_code", t->code);
	put_str(o, "service_name", t->name);
	put_str(o, "description", t->description && *t->description ? t->description : t->name_en);
	put_bool(o, "metadata", true);
	put_str(o, "type", "realtime");
	put_str(o, "keywords", arena_printf(req->arena, "%s, %s", t->name, t->name_en));
	put_str(o, "group", case_kind_label(KIND_FEEDBACK, req->lang == LANG_EN));
	obj_end(o);
}

static void services(struct request *req, struct response *resp, enum fmt fmt)
{
	struct dv_error e = DV_ERROR_INIT;
	struct topic *t = NULL;
	size_t n = 0, i;
	struct out o;

	if (topic_list(req->db, false, req->arena, &t, &n, &e)) {
		fail_err(req, resp, fmt, &e);
		return;
	}
	out_begin(resp, &o, fmt, 200);
	list_begin(&o, "services");
	for (i = 0; i < n; i++)
		service_put(req, &o, &t[i]);
	list_end(&o);
	out_end(&o);
}

/* The one extra attribute every service takes: the commune, when there is no lat/long. */
void h_open311_service(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *code;
	struct topic t;
	enum fmt fmt;
	struct out o;

	if (!split_file(req, req->args[0], &code, &fmt)) {
		fail(req, resp, FMT_JSON, 404, "ask for services/CODE.json or services/CODE.xml");
		return;
	}
	if (!jurisdiction_ok(req, resp, fmt))
		return;
	if (topic_get_by_code(req->db, code, req->arena, &t, &e) || !t.active) {
		if (e.code == DV_OK || e.code == DV_ENOTFOUND)
			fail(req, resp, fmt, 404,
			     arena_printf(req->arena, "service_code '%s' is not a service", code));
		else
			fail_err(req, resp, fmt, &e);
		return;
	}
	out_begin(resp, &o, fmt, 200);
	obj_begin(&o, "service_definition");
	put_str(&o, "service_code", t.code);
	key_begin(&o, "attributes");
	list_begin(&o, "attributes");
	obj_begin(&o, "attribute");
	put_bool(&o, "variable", true);
	put_str(&o, "code", "area_code");
	put_str(&o, "datatype", "string");
	put_bool(&o, "required", false);
	put_str(&o, "datatype_description", msg(req->lang, M_O311_AREA_FORMAT));
	put_int(&o, "order", 1);
	put_str(&o, "description", msg(req->lang, M_O311_AREA_ATTR));
	obj_end(&o);
	list_end(&o);
	obj_end(&o);
	out_end(&o);
}

/* ---------------------------------------------------------------- requests */

/* Open311 shows feedback only: complaints and denunciations have legal forms of their own. */
static bool shown(const struct citizen_case *c)
{
	return c->kind == KIND_FEEDBACK;
}

/* A case by its canonical tracking code, with its next due date (expected_datetime). */
static enum dv_err read_request(struct request *req, const char *canon, struct citizen_case *c,
                                struct dv_error *e)
{
	struct case_clock *cl;
	size_t n;
	enum dv_err ret = case_get_by_tracking(req->db, canon, req->arena, c, e);

	if (!ret)
		ret = case_deadlines(req->db, c->id, req->arena, &cl, &n, e);
	if (!ret)
		case_next_of(c, cl, n);
	return ret;
}

/*
 * One request: public fields only. No name, contact or address of the submitter ever; the
 * citizen's text only for requests that came in through Open311 (whose clients publish it).
 */
static void request_put(struct request *req, struct out *o, const struct citizen_case *c)
{
	char due[11];
	bool open = case_status_open(c->status);

	obj_begin(o, "request");
	put_str(o, "service_request_id", c->tracking_code);
	put_str(o, "status", open ? "open" : "closed");
	put_str(o, "status_notes",
	        c->decision && c->decision_public && c->decided_on ? c->decision : NULL);
	put_str(o, "service_name", c->topic_name);
	put_str(o, "service_code", c->topic_code);
	put_str(o, "description", c->channel == CHANNEL_OPEN311 ? c->description : NULL);
	put_str(o, "agency_responsible", c->handling_unit_name);
	put_str(o, "service_notice", NULL);
	put_time(o, "requested_datetime", c->received_at);
	put_time(o, "updated_datetime", c->updated_at);
	if (open && c->next_due) {
		date_format(c->next_due, due);
		/* the last day to act, to its end, local time */
		put_str(o, "expected_datetime", arena_printf(req->arena, "%sT23:59:59+07:00", due));
	} else {
		put_str(o, "expected_datetime", NULL);
	}
	put_str(o, "address", c->address_text && *c->address_text ? c->address_text : NULL);
	put_str(o, "address_id", NULL);
	put_str(o, "zipcode", NULL);
	put_num(o, "lat", c->has_location, c->lat);
	put_num(o, "long", c->has_location, c->lon);
	put_str(o, "media_url", NULL);
	obj_end(o);
}

/* start_date/end_date, defaulting to the last 90 days; false (and a 400) when malformed. */
static bool window(struct request *req, struct response *resp, enum fmt fmt, int64_t *since,
                   int64_t *until)
{
	const char *why =
	    o311_window(param(req, "start_date"), param(req, "end_date"), time_now(), since, until);

	if (why) {
		fail(req, resp, fmt, 400, why);
		return false;
	}
	return true;
}

/* GET requests.{fmt}: by ids, or by service, window and status. */
static void requests_list(struct request *req, struct response *resp, enum fmt fmt)
{
	const char *ids = param(req, "service_request_id"), *code = param(req, "service_code");
	const char *status = param(req, "status");
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *rows = NULL;
	size_t n = 0, i;
	int64_t since, until;
	int open = -1;
	struct out o;

	if (ids && *ids) {
		char(*canon)[TRACKING_LEN + 1] = NULL;
		size_t nc = 0;
		enum dv_err r = o311_ids(req->arena, ids, O311_MAX_IDS, &canon, &nc);

		if (r == DV_ELIMIT) {
			fail(req, resp, fmt, 400, "at most 100 service_request_id values");
			return;
		}
		rows = r ? NULL : arena_new_array(req->arena, struct citizen_case, nc ? nc : 1);
		if (!rows) {
			fail(req, resp, fmt, 500, "internal error");
			return;
		}
		for (i = 0; i < nc; i++) {
			if (read_request(req, canon[i], &rows[n], &e)) {
				if (e.code != DV_ENOTFOUND) {
					fail_err(req, resp, fmt, &e);
					return;
				}
				dv_error_clear(&e);
				continue;
			}
			if (shown(&rows[n]))
				n++;
		}
	} else {
		if (!window(req, resp, fmt, &since, &until))
			return;
		if (!o311_status(status, &open)) {
			fail(req, resp, fmt, 400, "status must be open or closed");
			return;
		}
		if (code && *code) {
			struct topic t;

			if (topic_get_by_code(req->db, code, req->arena, &t, &e)) {
				if (e.code == DV_ENOTFOUND)
					fail(req, resp, fmt, 400,
					     arena_printf(req->arena,
					                  "service_code '%s' is not a service",
					                  code));
				else
					fail_err(req, resp, fmt, &e);
				return;
			}
		}
		if (case_list_public(req->db, since, until, code && *code ? code : NULL, open,
		                     O311_MAX_LIST, req->arena, &rows, &n, &e)) {
			fail_err(req, resp, fmt, &e);
			return;
		}
	}
	out_begin(resp, &o, fmt, 200);
	list_begin(&o, "service_requests");
	for (i = 0; i < n; i++)
		if (shown(&rows[i]))
			request_put(req, &o, &rows[i]);
	list_end(&o);
	out_end(&o);
}

/* "first last", either, or NULL. */
static const char *full_name(struct request *req)
{
	const char *f = param(req, "first_name"), *l = param(req, "last_name");

	if (f && !*f)
		f = NULL;
	if (l && !*l)
		l = NULL;
	if (f && l)
		return arena_printf(req->arena, "%s %s", f, l);
	return f ? f : l;
}

/* POST requests.{fmt}: a feedback case from a client application holding an api_key. */
/* After the group commit: the created request as a list of one, or the error. */
static void created(struct request *req, struct response *resp, enum fmt fmt,
                    struct intake_job *job, enum dv_err result, const struct dv_error *e)
{
	const char *tracking = job->plan.row.tracking_code;
	struct out o;

	if (result) {
		fail_err(req, resp, fmt, e);
		return;
	}
	resp_header(req, resp, "Location",
	            arena_printf(req->arena, "/open311/v2/requests/%s.%s", tracking,
	                         fmt == FMT_JSON ? "json" : "xml"));
	out_begin(resp, &o, fmt, 201);
	list_begin(&o, "service_requests");
	obj_begin(&o, "request");
	put_str(&o, "service_request_id", tracking);
	put_str(&o, "service_notice", msg(req->lang, M_O311_NOTICE));
	put_str(&o, "account_id", NULL);
	obj_end(&o);
	list_end(&o);
	out_end(&o);
}

static void created_json(struct request *req, struct response *resp, struct intake_job *job,
                         enum dv_err result, const struct dv_error *e)
{
	created(req, resp, FMT_JSON, job, result, e);
}

static void created_xml(struct request *req, struct response *resp, struct intake_job *job,
                        enum dv_err result, const struct dv_error *e)
{
	created(req, resp, FMT_XML, job, result, e);
}

static void request_create(struct request *req, struct response *resp, enum fmt fmt)
{
	const char *key = param(req, "api_key"), *code = param(req, "service_code");
	const char *lat_s = param(req, "lat"), *lon_s = param(req, "long");
	const char *addr = param(req, "address_string"), *area = param(req, "attribute[area_code]");
	const char *desc = param(req, "description"), *email = param(req, "email");
	const char *phone = param(req, "phone"), *client_name = NULL;
	char hash[AUTH_TOKEN_HASH_LEN + 1];
	struct scope anon = scope_anonymous();
	struct dv_error e = DV_ERROR_INIT;
	struct intake in = {0};
	int64_t client_id = 0;
	struct topic t;

	if (!key || !*key || strlen(key) > 200) {
		fail(req, resp, fmt, 403, "api_key is required: ask the administrator for one");
		return;
	}
	auth_token_hash(key, hash);
	if (open311_client_check(req->db, hash, &client_id, &client_name, req->arena, &e)) {
		if (e.code == DV_EAUTH || e.code == DV_ENOTFOUND)
			fail(req, resp, fmt, 403, "api_key is not valid or was revoked");
		else
			fail_err(req, resp, fmt, &e);
		return;
	}
	if (!code || !*code) {
		fail(req, resp, fmt, 400, "service_code is required");
		return;
	}
	if (topic_get_by_code(req->db, code, req->arena, &t, &e) || !t.active) {
		if (e.code == DV_OK || e.code == DV_ENOTFOUND)
			fail(req, resp, fmt, 400,
			     arena_printf(req->arena, "service_code '%s' is not a service", code));
		else
			fail_err(req, resp, fmt, &e);
		return;
	}
	if (!desc || !*desc) {
		fail(req, resp, fmt, 400, "description is required");
		return;
	}
	switch (o311_point(lat_s, lon_s, &in.lat, &in.lon)) {
	case O311_POINT_NONE:
		break;
	case O311_POINT_HALF:
		fail(req, resp, fmt, 400, "send both lat and long");
		return;
	case O311_POINT_BAD:
		fail(req, resp, fmt, 400, "lat and long must be decimal degrees");
		return;
	case O311_POINT_OK:
		in.has_location = true;
		break;
	}
	if (area && *area) {
		in.area_code = area;
	} else if (in.has_location) {
		double km = 0;

		if (area_nearest_commune(req->db, in.lat, in.lon, req->arena, &in.area_code, NULL,
		                         &km, &e)) {
			fail_err(req, resp, fmt, &e);
			return;
		}
		if (km > O311_MAX_KM) {
			fail(req, resp, fmt, 400,
			     "the location is outside the communes served here");
			return;
		}
	} else if (addr && *addr) {
		fail(req, resp, fmt, 400,
		     "with address_string, send attribute[area_code] (the commune's code, see "
		     "the service definition), or send lat and long");
		return;
	} else {
		fail(req, resp, fmt, 400,
		     "a location is required: lat and long, or address_string with "
		     "attribute[area_code]");
		return;
	}
	in.kind = KIND_FEEDBACK;
	in.channel = CHANNEL_OPEN311;
	in.topic_code = t.code;
	in.title = o311_cut(req->arena, desc, O311_TITLE_MAX);
	in.description = desc;
	in.people_count = 1;
	in.name = full_name(req);
	if (email && *email && phone && *phone)
		in.contact = arena_printf(req->arena, "%s, %s", email, phone);
	else
		in.contact = email && *email ? email : phone && *phone ? phone : NULL;
	in.address_text = addr && *addr ? addr : NULL;
	in.open311_client = client_name;
	if (!in.title) {
		fail(req, resp, fmt, 500, "internal error");
		return;
	}
	/* answered by created() once the case is on disk */
	if (web_intake(req, resp, &anon, &in, fmt == FMT_JSON ? created_json : created_xml, &e))
		fail_err(req, resp, fmt, &e);
}

/* ---------------------------------------------------------------- updates (mySociety) */

/* The extended status a FixMyStreet-style client understands, for a case status name. */
static const char *update_status(const char *st)
{
	static const struct {
		const char *status, *update;
	} map[] = {
	    {"received", "OPEN"},
	    {"forwarded", "INTERNAL_REFERRAL"},
	    {"accepted", "ACTION_SCHEDULED"},
	    {"in_progress", "IN_PROGRESS"},
	    {"decided", "FIXED"},
	    {"published", "FIXED"},
	    {"refused", "NO_FURTHER_ACTION"},
	    {"closed", "CLOSED"},
	    {"withdrawn", "CLOSED"},
	};
	size_t i;

	for (i = 0; st && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(st, map[i].status))
			return map[i].update;
	return NULL;
}

/* Words for an event without a public note: its action, else the status it reached. */
static const char *event_text(struct request *req, const struct case_event *ev, const char *st)
{
	enum case_action a;
	enum case_status s;
	bool en = req->lang == LANG_EN;

	if (ev->kind && case_action_parse(ev->kind, &a))
		return case_action_label(a, en);
	if (st && case_status_parse(st, &s))
		return case_status_label(s, en);
	return ev->kind;
}

/* One status change or public note of a request, for servicerequestupdates. */
struct update {
	int64_t id, at;
	const char *request_id, *status, *description;
};

static int update_cmp(const void *a, const void *b)
{
	const struct update *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Every public event, and every status change (internal ones without their note: only the
 * status label), oldest first, so that a client replaying the list ends in the latest state.
 */
static void updates(struct request *req, struct response *resp, enum fmt fmt)
{
	struct dv_error e = DV_ERROR_INIT;
	struct citizen_case *rows = NULL;
	struct update *u;
	size_t n = 0, i, k, nu = 0;
	int64_t since, until;
	struct out o;

	if (!window(req, resp, fmt, &since, &until))
		return;
	u = arena_new_array(req->arena, struct update, O311_MAX_LIST);
	if (!u) {
		fail(req, resp, fmt, 500, "internal error");
		return;
	}
	if (case_list_public(req->db, since, until, NULL, -1, O311_MAX_LIST, req->arena, &rows, &n,
	                     &e)) {
		fail_err(req, resp, fmt, &e);
		return;
	}
	for (i = 0; i < n && nu < O311_MAX_LIST; i++) {
		struct case_event *ev = NULL;
		const char *st = case_status_name(ST_RECEIVED);
		size_t m = 0;

		if (!shown(&rows[i]))
			continue;
		if (case_events(req->db, rows[i].id, false, req->arena, &ev, &m, &e)) {
			fail_err(req, resp, fmt, &e);
			return;
		}
		for (k = 0; k < m && nu < O311_MAX_LIST; k++) {
			bool changed =
			    ev[k].to_status &&
			    (!ev[k].from_status || strcmp(ev[k].from_status, ev[k].to_status));

			if (ev[k].to_status)
				st = ev[k].to_status;
			if ((!ev[k].public_ && !changed) || ev[k].at < since || ev[k].at > until)
				continue;
			u[nu].id = ev[k].id;
			u[nu].at = ev[k].at;
			u[nu].request_id = rows[i].tracking_code;
			u[nu].status = update_status(st) ? update_status(st) : "OPEN";
			u[nu].description = ev[k].public_ && ev[k].note && *ev[k].note
			                        ? ev[k].note
			                        : event_text(req, &ev[k], st);
			nu++;
		}
	}
	qsort(u, nu, sizeof(*u), update_cmp);
	out_begin(resp, &o, fmt, 200);
	list_begin(&o, "service_request_updates");
	for (i = 0; i < nu; i++) {
		obj_begin(&o, "request_update");
		put_str(&o, "update_id", arena_printf(req->arena, "%lld", (long long)u[i].id));
		put_str(&o, "service_request_id", u[i].request_id);
		put_str(&o, "status", u[i].status);
		put_str(&o, "description", u[i].description);
		put_time(&o, "updated_datetime", u[i].at);
		put_str(&o, "media_url", NULL);
		obj_end(&o);
	}
	list_end(&o);
	out_end(&o);
}

/* ---------------------------------------------------------------- routes */

void h_open311_doc(struct request *req, struct response *resp)
{
	const char *name;
	enum fmt fmt;

	if (!split_file(req, req->args[0], &name, &fmt)) {
		fail(req, resp, FMT_JSON, 404, "no such document: name it with .json or .xml");
		return;
	}
	if (!jurisdiction_ok(req, resp, fmt))
		return;
	if (!strcmp(name, "requests")) {
		if (req->method == HTTP_POST)
			request_create(req, resp, fmt);
		else
			requests_list(req, resp, fmt);
		return;
	}
	if (req->method == HTTP_POST) {
		resp_header(req, resp, "Allow", "GET, HEAD");
		fail(req, resp, fmt, 405, "only requests are created by POST");
		return;
	}
	if (!strcmp(name, "services"))
		services(req, resp, fmt);
	else if (!strcmp(name, "servicerequestupdates"))
		updates(req, resp, fmt);
	else if (!strcmp(name, "discovery"))
		h_open311_discovery(req, resp);
	else
		fail(req, resp, fmt, 404, arena_printf(req->arena, "no such document '%s'", name));
}

void h_open311_request(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char canon[TRACKING_LEN + 1];
	struct citizen_case c;
	const char *id;
	enum fmt fmt;
	struct out o;

	if (!split_file(req, req->args[0], &id, &fmt)) {
		fail(req, resp, FMT_JSON, 404, "ask for requests/ID.json or requests/ID.xml");
		return;
	}
	if (!jurisdiction_ok(req, resp, fmt))
		return;
	if (!tracking_parse(id, canon) || read_request(req, canon, &c, &e) || !shown(&c)) {
		if (e.code != DV_OK && e.code != DV_ENOTFOUND)
			fail_err(req, resp, fmt, &e);
		else
			fail(req, resp, fmt, 404,
			     arena_printf(req->arena, "no service request '%s'", id));
		return;
	}
	out_begin(resp, &o, fmt, 200);
	list_begin(&o, "service_requests");
	request_put(req, &o, &c);
	list_end(&o);
	out_end(&o);
}

/* Ids are given at once (the tracking code), so a token is its own request id. */
void h_open311_token(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	char canon[TRACKING_LEN + 1];
	struct citizen_case c;
	const char *tok;
	enum fmt fmt;
	struct out o;

	if (!split_file(req, req->args[0], &tok, &fmt)) {
		fail(req, resp, FMT_JSON, 404, "ask for tokens/TOKEN.json or tokens/TOKEN.xml");
		return;
	}
	if (!jurisdiction_ok(req, resp, fmt))
		return;
	if (!tracking_parse(tok, canon) ||
	    case_get_by_tracking(req->db, canon, req->arena, &c, &e) || !shown(&c)) {
		if (e.code != DV_OK && e.code != DV_ENOTFOUND)
			fail_err(req, resp, fmt, &e);
		else
			fail(req, resp, fmt, 404, arena_printf(req->arena, "no token '%s'", tok));
		return;
	}
	out_begin(resp, &o, fmt, 200);
	list_begin(&o, "service_requests");
	obj_begin(&o, "request");
	put_str(&o, "service_request_id", c.tracking_code);
	put_str(&o, "token", tok);
	obj_end(&o);
	list_end(&o);
	out_end(&o);
}
