/* cases.c: the use cases of citizen cases: intake, routing, clocks, actions, reveal, tracking. */
#include "app/cases.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/admin.h"
#include "app/seal.h"
#include "base/msg.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "store/outbox.h"
#include "store/session.h"
#include "store/unit.h"
#include "store/user.h"

#include "base/banned.h"

#define SUBMIT_WINDOW  3600 /* seconds over which public intakes per address are counted */
#define PEOPLE_MAX     100000
#define TRACKING_TRIES 5

/* What the clocks of one transaction need: every rule set and the holiday calendar. */
struct rules_ctx {
	struct rule_set *sets;
	size_t n;
	struct holidays h;
	int64_t routing_rules; /* how many routing rules there are (0: route by default) */
};

static dv_date today(void)
{
	return date_of_instant(time_now());
}

static const char *day_str(struct arena *a, dv_date d)
{
	char buf[11];

	date_format(d, buf);
	return arena_strdup(a, buf);
}

/*
 * The rule sets and the holiday calendar last loaded on this thread, kept while the
 * catalogue's version stays the same (every change raises it in its own transaction): one read
 * per case instead of every rule and holiday. The arena of the generation before stays alive
 * too, so what a caller holds survives one reload.
 */
/* Routes found for (area, topic, kind), or for the area alone while there are no routing rules
 * (the default route depends on nothing else), valid for one catalogue version; a slot is
 * overwritten by the next key that hashes to it. 16,384 slots hold every commune's default
 * route with few collisions (512 KiB a thread). */
#define ROUTE_SLOTS 16384

struct route_slot {
	int64_t area_id, topic_id, unit_id; /* unit_id 0: empty */
	enum case_kind kind;
};

struct rules_cache {
	int64_t version;
	bool valid;
	struct arena *cur, *prev;
	struct rules_ctx r;
	struct route_slot routes[ROUTE_SLOTS];
};
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_free(void *p)
{
	struct rules_cache *c = p;

	if (!c)
		return;
	arena_free(c->cur);
	arena_free(c->prev);
	free(c);
}

static void cache_key_make(void)
{
	pthread_key_create(&cache_key, cache_free);
}

void app_cases_thread_done(void)
{
	pthread_once(&cache_once, cache_key_make);
	cache_free(pthread_getspecific(cache_key));
	pthread_setspecific(cache_key, NULL);
}

static enum dv_err rules_load(struct db *db, struct rules_ctx *r, struct dv_error *e)
{
	struct rules_cache *c;
	struct rules_ctx fresh;
	struct arena *fa;
	int64_t v = 0, routing = 0;
	enum dv_err ret;

	memset(r, 0, sizeof(*r));
	pthread_once(&cache_once, cache_key_make);
	c = pthread_getspecific(cache_key);
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c || pthread_setspecific(cache_key, c)) {
			free(c);
			return dv_fail(e, DV_ENOMEM, "out of memory");
		}
	}
	ret = catalog_version(db, &v, &routing, e);
	if (ret)
		return ret;
	if (!c->valid || c->version != v) {
		fa = arena_new();
		if (!fa)
			return dv_fail(e, DV_ENOMEM, "out of memory");
		memset(&fresh, 0, sizeof(fresh));
		ret = ruleset_load(db, fa, &fresh.sets, &fresh.n, e);
		if (!ret)
			ret = holiday_load(db, fa, &fresh.h, e);
		if (ret) {
			arena_free(fa);
			return ret;
		}
		arena_free(c->prev);
		c->prev = c->cur;
		c->cur = fa;
		c->r = fresh;
		c->version = v;
		c->valid = true;
		memset(c->routes, 0, sizeof(c->routes));
	}
	*r = c->r;
	r->routing_rules = routing;
	return DV_OK;
}

/*
 * The handling unit of a new case by the routing rules or the default (routing_resolve),
 * remembered per thread for the catalogue version rules_load just read: units and routing
 * rules raise it when they change. A miss costs the lookup; a hit, none.
 */
static enum dv_err route(struct db *db, const struct rules_ctx *rc, int64_t area_id,
                         int64_t topic_id, enum case_kind kind, int64_t *unit_id,
                         struct dv_error *e)
{
	struct rules_cache *c = pthread_getspecific(cache_key);
	bool rules = rc->routing_rules > 0;
	int64_t k_topic = rules ? topic_id : 0;
	enum case_kind k_kind = rules ? kind : (enum case_kind)0;
	uint64_t h = ((uint64_t)area_id * 0x9e3779b97f4a7c15u) ^
	             ((uint64_t)k_topic * 0xc2b2ae3d27d4eb4fu) ^ (uint64_t)k_kind;
	struct route_slot *slot = c ? &c->routes[(h >> 20) % ROUTE_SLOTS] : NULL;
	enum dv_err ret;

	if (slot && slot->unit_id && slot->area_id == area_id && slot->topic_id == k_topic &&
	    slot->kind == k_kind) {
		*unit_id = slot->unit_id;
		return DV_OK;
	}
	ret = routing_resolve(db, area_id, topic_id, case_kind_name(kind), rules, unit_id, e);
	if (!ret && slot)
		*slot = (struct route_slot){area_id, k_topic, *unit_id, k_kind};
	return ret;
}

/* The rule `code` of the set in force on `day`; NULL (no error) when the set lacks it. */
static enum dv_err rule_at(const struct rules_ctx *r, const char *code, dv_date day,
                           const struct rule_set **set, const struct rule **rule,
                           struct dv_error *e)
{
	const struct rule_set *s = rule_set_in_force(r->sets, r->n, day);

	*rule = NULL;
	if (set)
		*set = s;
	if (!s) {
		char buf[11];

		date_format(day, buf);
		return dv_fail(e, DV_EINVAL, "no rule set is in force on %s", buf);
	}
	*rule = rule_find(s, code);
	return DV_OK;
}

/* Compute the clock of `code` from `from`; *ok false when the rule set lacks the rule. */
static enum dv_err clock_make(const struct rules_ctx *r, const char *code, dv_date from,
                              unsigned flags, struct deadline *d, bool *ok, struct dv_error *e)
{
	const struct rule_set *set;
	const struct rule *rule;
	enum dv_err ret;

	*ok = false;
	if (!code)
		return DV_OK;
	ret = rule_at(r, code, from, &set, &rule, e);
	if (ret || !rule)
		return ret;
	if (deadline_compute(rule, set->id, from, flags, &r->h, d) != 0)
		return dv_fail(e, DV_EINVAL, "deadline of rule '%s' cannot be computed", code);
	*ok = true;
	return DV_OK;
}

static enum dv_err clock_put(struct db *db, const struct rules_ctx *r, int64_t id, const char *step,
                             const char *code, dv_date from, unsigned flags, struct deadline *out,
                             struct dv_error *e)
{
	struct deadline d;
	bool ok;
	enum dv_err ret = clock_make(r, code, from, flags, &d, &ok, e);

	if (ret || !ok)
		return ret;
	if (out)
		*out = d;
	return case_deadline_put(db, id, step, &d, e);
}

static const char *contact_channel(const char *contact)
{
	return strchr(contact, '@') ? "email" : "sms";
}

/* Expand {1}..{3} of a catalogue text. */
static void expand(struct strbuf *sb, const char *t, const char *a1, const char *a2, const char *a3)
{
	const char *args[3] = {a1, a2, a3};

	for (; *t; t++) {
		if (t[0] == '{' && t[1] >= '1' && t[1] <= '3' && t[2] == '}') {
			const char *s = args[t[1] - '1'];

			strbuf_addstr(sb, s ? s : "");
			t += 2;
		} else {
			strbuf_addch(sb, *t);
		}
	}
}

/* A message about `event` to the submitter, both languages: the tracking code and dates only. */
static enum dv_err notify_text(const char *event, const char *tracking, const char *day,
                               const char *due, struct strbuf *subj, struct strbuf *body,
                               struct dv_error *e)
{
	enum msg_id ev, text;

	if (!strcmp(event, "received")) {
		ev = M_NOTIFY_EV_RECEIVED;
		text = M_NOTIFY_BODY_RECEIVED;
	} else if (!strcmp(event, "accepted")) {
		ev = M_NOTIFY_EV_ACCEPTED;
		text = M_NOTIFY_BODY_ACCEPTED;
	} else if (!strcmp(event, "refused")) {
		ev = M_NOTIFY_EV_REFUSED;
		text = M_NOTIFY_BODY_REFUSED;
	} else if (!strcmp(event, "extended")) {
		ev = M_NOTIFY_EV_EXTENDED;
		text = M_NOTIFY_BODY_EXTENDED;
	} else {
		ev = M_NOTIFY_EV_DECIDED;
		text = M_NOTIFY_BODY_DECIDED;
	}
	expand(subj, msg(LANG_VI, M_NOTIFY_SUBJECT), tracking, msg(LANG_VI, ev), NULL);
	strbuf_addstr(subj, " / ");
	expand(subj, msg(LANG_EN, M_NOTIFY_SUBJECT), tracking, msg(LANG_EN, ev), NULL);
	expand(body, msg(LANG_VI, text), tracking, day, due);
	strbuf_addstr(body, "\n\n");
	expand(body, msg(LANG_EN, text), tracking, day, due);
	strbuf_addch(body, '\n');
	if (subj->failed || body->failed)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	return DV_OK;
}

/* Queue a message to the submitter: `sealed` (a denouncer) or `contact` (plain) says where. */
static enum dv_err notify_queue(struct db *db, int64_t case_id, const char *event,
                                const char *channel, const char *contact, const void *sealed,
                                size_t sealed_len, const char *subject, const char *body,
                                struct dv_error *e)
{
	struct outbox_msg m;
	int64_t id;

	memset(&m, 0, sizeof(m));
	m.case_id = case_id;
	m.event = event;
	m.channel = channel ? channel : "email";
	m.recipient = sealed ? NULL : contact;
	m.sealed_recipient = sealed;
	m.sealed_len = sealed ? sealed_len : 0;
	m.subject = subject;
	m.body = body;
	return outbox_put(db, &m, time_now(), &id, e);
}

/* notify_text and notify_queue; nothing when there is nobody to notify. */
static enum dv_err notify_put(struct db *db, int64_t case_id, const char *event,
                              const char *channel, const char *contact, const void *sealed,
                              size_t sealed_len, const char *tracking, const char *day,
                              const char *due, struct dv_error *e)
{
	struct strbuf subj = STRBUF_INIT, body = STRBUF_INIT;
	enum dv_err ret;

	if ((!contact || !*contact) && !sealed)
		return DV_OK;
	ret = notify_text(event, tracking, day, due, &subj, &body, e);
	if (!ret)
		ret = notify_queue(db, case_id, event, channel, contact, sealed, sealed_len,
		                   subj.buf, body.buf, e);
	strbuf_release(&subj);
	strbuf_release(&body);
	return ret;
}

/*
 * Where to notify the submitter of an existing case: the plain contact, or for a sealed
 * identity its contact sealed again on its own (opened here in memory only).
 */
struct recipient {
	const char *contact, *channel;
	const void *sealed;
	size_t sealed_len;
};

static enum dv_err recipient_of(struct app *app, struct db *db, const struct citizen_case *c,
                                struct arena *a, struct recipient *r, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct sealed_identity id;
	const void *blob;
	size_t len;
	enum dv_err ret;

	memset(r, 0, sizeof(*r));
	if (!c->sealed) {
		if (c->submitter_contact && *c->submitter_contact) {
			r->contact = c->submitter_contact;
			r->channel = contact_channel(r->contact);
		}
		return DV_OK;
	}
	ret = case_sealed_identity(db, &sys, c->id, a, &blob, &len, e);
	if (ret == DV_ENOTFOUND) {
		dv_error_clear(e);
		return DV_OK;
	}
	if (!ret)
		ret = seal_open_identity(app, blob, len, a, &id, e);
	if (!ret && *id.contact) {
		r->channel = contact_channel(id.contact);
		ret = seal_bytes(app, id.contact, strlen(id.contact), a, &r->sealed, &r->sealed_len,
		                 e);
	}
	if (!ret) {
		sodium_memzero((char *)id.name, strlen(id.name));
		sodium_memzero((char *)id.address, strlen(id.address));
		sodium_memzero((char *)id.contact, strlen(id.contact));
	}
	return ret;
}

static enum dv_err audit_case(struct db *db, const struct scope *sc, const char *actor,
                              const char *action, int64_t id, const char *detail,
                              struct dv_error *e)
{
	char idbuf[24];

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	return audit_append(db, sc, actor, action, "case", idbuf, detail ? detail : "", e);
}

/* True when unit `inner` is `outer` or below it. */
static enum dv_err unit_within(struct db *db, int64_t inner, int64_t outer, struct arena *a,
                               bool *yes, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct unit *anc;
	size_t n, i;
	enum dv_err ret;

	*yes = inner == outer;
	if (*yes)
		return DV_OK;
	ret = unit_ancestors(db, &sys, inner, a, &anc, &n, e);
	for (i = 0; !ret && i < n; i++)
		if (anc[i].id == outer)
			*yes = true;
	return ret;
}

/* The direct superior of a unit; DV_EINVAL when it has none. */
static enum dv_err unit_superior(struct db *db, int64_t id, struct arena *a, int64_t *out,
                                 struct dv_error *e)
{
	struct scope sys = scope_system();
	struct unit u;
	enum dv_err ret = unit_get(db, &sys, id, a, &u, e);

	if (ret == DV_ENOTFOUND)
		return ret;
	if (ret)
		return ret;
	if (u.parent_id <= 0)
		return dv_fail(e, DV_EINVAL, "unit '%s' has no superior unit", u.name);
	*out = u.parent_id;
	return DV_OK;
}

static bool citizen_scope(const struct scope *sc)
{
	return !sc->system && sc->user_id <= 0;
}

/* Validate an intake into `out`; `force_unit` (escalation) replaces routing. */
/*
 * The receipt's text into the plan when it has someone to notify (app_intake_write queues it):
 * built while preparing, on the request's thread, not in the group commit's writer.
 */
static enum dv_err receipt_text(struct intake_plan *plan, struct arena *a, struct dv_error *e)
{
	struct strbuf subj = STRBUF_INIT, body = STRBUF_INIT;
	enum dv_err ret;

	if (!plan->notify_contact && !plan->notify_sealed)
		return DV_OK;
	ret = notify_text("received", plan->row.tracking_code, day_str(a, plan->row.received_on),
	                  NULL, &subj, &body, e);
	if (!ret) {
		plan->notify_subject = arena_strdup(a, subj.buf);
		plan->notify_body = arena_strdup(a, body.buf);
		if (!plan->notify_subject || !plan->notify_body)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
	}
	strbuf_release(&subj);
	strbuf_release(&body);
	return ret;
}

static enum dv_err prepare(struct app *app, struct db *db, const struct scope *sc,
                           const struct intake *in, int64_t force_unit, const void *sealed_copy,
                           size_t sealed_copy_len, struct arena *a, struct intake_plan *out,
                           struct dv_error *e)
{
	struct scope sys = scope_system();
	struct case_new *row = &out->row;
	const char *name, *contact, *address, *topic_code, *area_code;
	struct rules_ctx rc;
	struct topic topic;
	struct area_place area;
	unsigned char rnd[7];
	char *code;
	bool citizen = citizen_scope(sc), remote = false, ok;
	unsigned flags;
	dv_date day;
	int64_t unit = 0;
	const char *acc, *set, *fwd;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	if ((unsigned)in->kind >= KIND__COUNT)
		return dv_fail(e, DV_EINVAL, "case kind is unknown");
	if ((unsigned)in->channel >= CHANNEL__COUNT)
		return dv_fail(e, DV_EINVAL, "channel is unknown");
	if (citizen && in->channel != CHANNEL_WEB && in->channel != CHANNEL_OPEN311)
		return dv_fail(e, DV_EINVAL, "channel '%s' is for staff entering a case",
		               case_channel_name(in->channel));
	if (!citizen && !sc->system && !scope_can(sc, PERM_CASE_HANDLE))
		return dv_fail(e, DV_EPERM, "entering cases is not permitted");

	ret = app_clean_text("topic", in->topic_code, 64, true, a, &topic_code, e);
	if (!ret)
		ret = app_clean_text("area", in->area_code, 32, true, a, &area_code, e);
	if (!ret)
		ret = app_clean_text("title", in->title, CASE_TITLE_MAX, true, a, &row->title, e);
	if (!ret)
		ret = app_clean_long("description", in->description, CASE_TEXT_MAX, true, a,
		                 &row->description, e);
	if (!ret)
		ret = app_clean_text("name", in->name, CASE_NAME_MAX, false, a, &name, e);
	if (!ret)
		ret =
		    app_clean_text("contact", in->contact, CASE_CONTACT_MAX, false, a, &contact, e);
	if (!ret)
		ret =
		    app_clean_text("address", in->address, CASE_ADDRESS_MAX, false, a, &address, e);
	if (!ret)
		ret = app_clean_long("representatives", in->representatives, CASE_ADDRESS_MAX, false, a,
		                 &row->representatives, e);
	if (!ret)
		ret = app_clean_text("location", in->address_text, CASE_ADDRESS_MAX, false, a,
		                     &row->address_text, e);
	if (ret)
		return ret;
	if (in->people_count < 0 || in->people_count > PEOPLE_MAX)
		return dv_fail(e, DV_EINVAL, "number of people must be between 1 and %d",
		               PEOPLE_MAX);
	if (in->complex < 0 || in->complex > 2)
		return dv_fail(e, DV_EINVAL,
		               "complexity must be 0, 1 (complex) or 2 (particularly "
		               "complex)");
	if (in->has_location && (!isfinite(in->lat) || !isfinite(in->lon) || in->lat < -90 ||
	                         in->lat > 90 || in->lon < -180 || in->lon > 180))
		return dv_fail(e, DV_EINVAL,
		               "location must be a latitude and a longitude in degrees");

	/* The kind's rules about who speaks. */
	if (in->kind == KIND_DENUNCIATION && !sealed_copy) {
		if (!*name)
			return dv_fail(e, DV_EINVAL,
			               "a denunciation needs the denouncer's full name");
		if (!*address)
			return dv_fail(e, DV_EINVAL,
			               "a denunciation needs the denouncer's address");
		if (!*contact)
			return dv_fail(e, DV_EINVAL,
			               "a denunciation needs the denouncer's contact");
		if (!in->signed_)
			return dv_fail(
			    e, DV_EINVAL,
			    "a denunciation needs the denouncer's signature or fingerprint");
	}
	if (in->kind == KIND_ANONYMOUS && (*name || *contact || *address))
		return dv_fail(e, DV_EINVAL,
		               "anonymous information carries no name, address or "
		               "contact: choose another kind");
	if (in->names_head && in->kind != KIND_DENUNCIATION && in->kind != KIND_ANONYMOUS)
		return dv_fail(e, DV_EINVAL, "only a denunciation names the head of a unit");
	if (in->names_head && in->subject_unit_id <= 0)
		return dv_fail(e, DV_EINVAL,
		               "a denunciation against the head of a unit must name "
		               "that unit");

	/* The day of receipt and the rules in force on it. */
	day = today();
	if (in->received_on && !citizen) {
		if (in->received_on > day)
			return dv_fail(e, DV_EINVAL, "day of receipt is in the future");
		day = in->received_on;
	}
	ret = rules_load(db, &rc, e);
	if (ret)
		return ret;
	if (!rule_set_in_force(rc.sets, rc.n, day))
		return dv_fail(e, DV_EINVAL, "no rule set is in force on %s", day_str(a, day));

	/* The topic and the area. */
	ret = topic_get_by_code(db, topic_code, a, &topic, e);
	if (ret == DV_ENOTFOUND || (!ret && !topic.active)) {
		dv_error_clear(e);
		return dv_fail(e, DV_EINVAL, "topic '%s' is unknown", topic_code);
	}
	if (ret)
		return ret;
	ret = area_place(db, citizen ? &sys : sc, area_code, a, &area, e);
	if (ret == DV_ENOTFOUND) {
		dv_error_clear(e);
		return dv_fail(e, DV_EINVAL, "area '%s' is unknown", area_code);
	}
	if (ret)
		return ret;
	if (area.level == AREA_NATION || (citizen && area.level == AREA_PROVINCE))
		return dv_fail(e, DV_EINVAL, "area '%s' is not a commune or a village", area_code);
	if (area.retired)
		return dv_fail(e, DV_EINVAL, "area '%s' is no longer in force: use '%s'", area_code,
		               area.successor_code ? area.successor_code : "its successor");
	remote = area.remote;

	/* Routing: a denunciation naming a unit's head goes to that unit's superior. */
	if (in->subject_unit_id > 0) {
		struct unit su;

		ret = unit_get(db, &sys, in->subject_unit_id, a, &su, e);
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			return dv_fail(e, DV_EINVAL, "unit %lld is unknown",
			               (long long)in->subject_unit_id);
		}
		if (ret)
			return ret;
	}
	if (force_unit > 0) {
		unit = force_unit;
	} else if (in->names_head) {
		ret = unit_superior(db, in->subject_unit_id, a, &unit, e);
	} else {
		ret = route(db, &rc, area.id, topic.id, in->kind, &unit, e);
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret =
			    dv_fail(e, DV_EINVAL, "no unit handles cases in area '%s'", area_code);
		}
	}
	if (ret)
		return ret;

	/* Clocks from the day of receipt. */
	flags = (remote ? DL_REMOTE : 0u) | (in->complex > 0 ? DL_COMPLEX : 0u);
	acc = workflow_accept_rule(in->kind);
	set = workflow_settle_rule(in->kind);
	fwd = workflow_forward_rule(in->kind);
	if (acc) {
		ret = clock_make(&rc, acc, day, flags, &out->clocks[out->n_clocks], &ok, e);
		if (!ret && ok)
			out->clock_steps[out->n_clocks++] = "accept";
	} else if (set) {
		ret = clock_make(&rc, set, day, flags, &out->clocks[out->n_clocks], &ok, e);
		if (!ret && ok)
			out->clock_steps[out->n_clocks++] = "settle";
	}
	if (!ret && fwd) {
		ret = clock_make(&rc, fwd, day, flags, &out->clocks[out->n_clocks], &ok, e);
		if (!ret && ok)
			out->clock_steps[out->n_clocks++] = "forward";
	}
	if (ret)
		return ret;

	/* The row. */
	randombytes_buf(rnd, sizeof(rnd));
	code = arena_alloc(a, TRACKING_LEN + 1);
	row->text_fold = app_fold(a, row->title, row->description);
	if (!code || !row->text_fold)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	tracking_make(rnd, code);
	row->tracking_code = code;
	row->kind = in->kind;
	row->channel = in->channel;
	row->status = ST_RECEIVED;
	row->topic_id = topic.id;
	row->area_id = area.id;
	row->commune_id = area.commune_id;
	row->subject_unit_id = in->subject_unit_id > 0 ? in->subject_unit_id : 0;
	row->handling_unit_id = unit;
	row->names_head = in->names_head;
	row->people_count = in->people_count > 0 ? in->people_count : 1;
	row->complex = citizen ? 0 : in->complex;
	row->remote = remote;
	row->has_location = in->has_location;
	row->lat = in->lat;
	row->lon = in->lon;
	row->received_on = day;
	row->received_at = time_now();
	row->parent_case_id = in->parent_case_id > 0 ? in->parent_case_id : 0;
	row->created_by = sc->user_id > 0 ? sc->user_id : 0;
	/* copied: the plan may outlive the request's input (group commit) */
	row->open311_client = in->open311_client && *in->open311_client
	                          ? arena_strdup(a, in->open311_client)
	                          : NULL;
	if (citizen)
		row->complex = 0;
	if (sealed_copy) {
		row->sealed_identity = sealed_copy;
		row->sealed_len = sealed_copy_len;
	} else if (in->kind == KIND_DENUNCIATION) {
		struct sealed_identity id = {name, address, contact, in->signed_};

		ret = seal_identity(app, &id, a, &row->sealed_identity, &row->sealed_len, e);
		if (!ret)
			ret = seal_bytes(app, contact, strlen(contact), a, &out->notify_sealed,
			                 &out->notify_sealed_len, e);
		if (ret)
			return ret;
		out->notify_channel = contact_channel(contact);
		row->signed_ = true;
	} else {
		row->submitter_name = *name ? name : NULL;
		row->submitter_contact = *contact ? contact : NULL;
		row->submitter_address = *address ? address : NULL;
		if (*contact) {
			out->notify_contact = contact;
			out->notify_channel = contact_channel(contact);
		}
	}
	if (in->actor && *in->actor)
		out->actor = arena_strdup(a, in->actor);
	else if (row->open311_client)
		out->actor = arena_printf(a, "open311:%s", row->open311_client);
	else
		out->actor = sc->system ? "cli" : "citizen";
	out->actor_user_id = sc->user_id > 0 ? sc->user_id : 0;
	if (!out->actor)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	return receipt_text(out, a, e);
}

enum dv_err app_intake_prepare(struct app *app, struct db *db, const struct scope *sc,
                               const struct intake *in, struct arena *a, struct intake_plan *out,
                               struct dv_error *e)
{
	return prepare(app, db, sc, in, 0, NULL, 0, a, out, e);
}

/* The audit scope of a plan: the staff member, or nobody. */
static struct scope plan_scope(const struct intake_plan *plan)
{
	struct scope s = scope_anonymous();

	s.user_id = plan->actor_user_id;
	return s;
}

enum dv_err app_intake_write(struct app *app, struct db *db, struct intake_plan *plan, int64_t *id,
                             struct dv_error *e)
{
	struct scope sc = plan_scope(plan);
	char detail[200];
	int64_t cid = 0;
	int i;
	enum dv_err ret;

	(void)app;
	/* counted in "overdue now" with its clocks, not marked and recounted at the commit */
	plan->row.counted_due = 0;
	for (i = 0; i < plan->n_clocks && case_status_open(plan->row.status); i++)
		if (!plan->row.counted_due || plan->clocks[i].due < plan->row.counted_due)
			plan->row.counted_due = plan->clocks[i].due;
	ret = case_insert(db, &plan->row, &cid, e);
	for (i = 0; !ret && i < plan->n_clocks; i++)
		ret = case_deadline_first(db, cid, plan->clock_steps[i], &plan->clocks[i], e);
	if (!ret)
		ret = case_event_first(db, cid, plan->actor_user_id, plan->row.handling_unit_id,
		                       "received", true, NULL, case_status_name(ST_RECEIVED),
		                       plan->row.parent_case_id ? "escalated" : "", time_now(), e);
	if (!ret) {
		snprintf(detail, sizeof(detail), "kind=%s channel=%s unit=%lld",
		         case_kind_name(plan->row.kind), case_channel_name(plan->row.channel),
		         (long long)plan->row.handling_unit_id);
		ret = audit_case(db, &sc, plan->actor, "case.submit", cid, detail, e);
	}
	if (!ret && plan->notify_subject)
		ret = notify_queue(db, cid, "received", plan->notify_channel, plan->notify_contact,
		                   plan->notify_sealed, plan->notify_sealed_len,
		                   plan->notify_subject, plan->notify_body, e);
	if (!ret && id)
		*id = cid;
	return ret;
}

enum dv_err app_case_submit(struct app *app, struct db *db, const struct scope *sc,
                            const struct intake *in, struct arena *a, int64_t *id,
                            char tracking[TRACKING_LEN + 1], struct dv_error *e)
{
	struct intake_plan plan;
	char bucket[160];
	bool limited = citizen_scope(sc) && in->client_addr && *in->client_addr;
	int tries;
	enum dv_err ret = DV_OK;

	snprintf(bucket, sizeof(bucket), "submit:%.120s", limited ? in->client_addr : "");
	for (tries = 0; tries < TRACKING_TRIES; tries++) {
		ret = db_begin(db, DB_TX_WRITE, e);
		if (ret)
			return ret;
		if (limited) {
			int64_t count = 0;

			ret = ratelimit_failures(db, bucket, time_now(), SUBMIT_WINDOW, &count, e);
			if (!ret && count >= app->cfg.submit_max_addr)
				ret = dv_fail(e, DV_ELIMIT,
				              "too many submissions from this address: try again "
				              "in an hour");
		}
		if (!ret)
			ret = prepare(app, db, sc, in, 0, NULL, 0, a, &plan, e);
		if (!ret)
			ret = app_intake_write(app, db, &plan, id, e);
		if (!ret && limited)
			ret = ratelimit_fail(db, bucket, time_now(), SUBMIT_WINDOW, e);
		if (!ret)
			ret = db_commit(db, e);
		if (!ret) {
			if (tracking)
				snprintf(tracking, TRACKING_LEN + 1, "%s", plan.row.tracking_code);
			return DV_OK;
		}
		db_rollback(db);
		if (ret != DV_EEXIST)
			return ret;
		dv_error_clear(e);
	}
	return dv_fail(e, DV_EBUSY, "no free tracking code found: try again");
}

enum dv_err app_intake_begin(struct app *app, struct db *db, const struct scope *sc,
                             const struct intake *in, struct arena *a, struct intake_job *job,
                             struct dv_error *e)
{
	int64_t count = 0;
	enum dv_err ret;

	memset(job, 0, sizeof(*job));
	job->app = app;
	job->limited = citizen_scope(sc) && in->client_addr && *in->client_addr;
	snprintf(job->bucket, sizeof(job->bucket), "submit:%.120s",
	         job->limited ? in->client_addr : "");
	if (job->limited) {
		ret = ratelimit_failures(db, job->bucket, time_now(), SUBMIT_WINDOW, &count, e);
		if (ret)
			return ret;
		if (count >= app->cfg.submit_max_addr)
			return dv_fail(e, DV_ELIMIT,
			               "too many submissions from this address: try again in an hour");
	}
	return prepare(app, db, sc, in, 0, NULL, 0, a, &job->plan, e);
}

enum dv_err app_intake_commit(struct db *db, void *arg, struct dv_error *e)
{
	struct intake_job *job = arg;
	int64_t count = 0;
	enum dv_err ret = DV_OK;

	/* counted again inside the write: requests that raced past app_intake_begin stop here */
	if (job->limited) {
		ret = ratelimit_failures(db, job->bucket, time_now(), SUBMIT_WINDOW, &count, e);
		if (!ret && count >= job->app->cfg.submit_max_addr)
			ret = dv_fail(e, DV_ELIMIT,
			              "too many submissions from this address: try again in an hour");
	}
	if (!ret)
		ret = app_intake_write(job->app, db, &job->plan, &job->id, e);
	if (!ret && job->limited)
		ret = ratelimit_fail(db, job->bucket, time_now(), SUBMIT_WINDOW, e);
	return ret;
}

/* The facts the state machine judges; `max_ext` is the settle rule's max_extensions. */
static void facts_of(const struct citizen_case *c, int max_ext, struct case_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = c->kind;
	f->status = c->status;
	f->received_on = c->received_on;
	f->extensions = c->extensions;
	f->max_extensions = max_ext;
	/* A denunciation: once when complex, twice when particularly complex. */
	if (c->kind == KIND_DENUNCIATION && f->max_extensions > c->complex)
		f->max_extensions = c->complex;
}

/* The settle rule's max_extensions for `c` from loaded rule sets. */
static int max_ext_of(const struct citizen_case *c, const struct rules_ctx *r)
{
	const char *code = workflow_settle_rule(c->kind);
	const struct rule_set *s = rule_set_in_force(r->sets, r->n, c->received_on);
	const struct rule *rule = s && code ? rule_find(s, code) : NULL;

	return rule ? rule->max_extensions : 0;
}

/* The same read straight from the database, for views that compute no clock. */
static enum dv_err facts_read(struct db *db, const struct citizen_case *c, struct case_facts *f,
                              struct dv_error *e)
{
	int max_ext;
	enum dv_err ret =
	    rule_max_extensions(db, workflow_settle_rule(c->kind), c->received_on, &max_ext, e);

	if (!ret)
		facts_of(c, max_ext, f);
	return ret;
}

/* Who acts on `c`, a case read by case_get() in the caller's scope. */
static void actor_of(const struct scope *sc, const struct citizen_case *c, struct case_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->scope = sc;
	who->handles = sc->system || c->handles;
}

static const struct case_clock *clock_find(const struct case_clock *cl, size_t n, const char *step)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(cl[i].step, step))
			return &cl[i];
	return NULL;
}

static enum dv_err meet(struct db *db, int64_t id, const char *const *steps, dv_date day,
                        struct dv_error *e)
{
	enum dv_err ret = DV_OK;

	for (; !ret && *steps; steps++)
		ret = case_deadline_meet(db, id, *steps, day, e);
	return ret;
}

static const char *const steps_all[] = {"accept", "settle", "forward", "publish", NULL};
static const char *const steps_received[] = {"accept", "forward", NULL};

/* The event kind of an action on the timeline. */
static const char *event_kind(enum case_action act)
{
	static const char *const names[ACT__COUNT] = {
	    [ACT_FORWARD] = "forwarded",
	    [ACT_ACCEPT] = "accepted",
	    [ACT_REFUSE] = "refused",
	    [ACT_START] = "started",
	    [ACT_DIALOGUE] = "dialogue",
	    [ACT_EXTEND] = "extended",
	    [ACT_DECIDE] = "decided",
	    [ACT_PUBLISH] = "published",
	    [ACT_CLOSE] = "closed",
	    [ACT_REOPEN] = "reopened",
	    [ACT_ESCALATE] = "escalated",
	    [ACT_WITHDRAW] = "withdrawn",
	    [ACT_WITHDRAW_PART] = "withdrawn-part",
	    [ACT_COMMENT] = "comment",
	    [ACT_ASSIGN] = "assigned",
	};

	return (unsigned)act < ACT__COUNT ? names[act] : "note";
}

/* Public on the citizen's page. */
static bool event_public(enum case_action act, bool public_comment)
{
	switch (act) {
	case ACT_ACCEPT:
	case ACT_REFUSE:
	case ACT_EXTEND:
	case ACT_DECIDE:
	case ACT_PUBLISH:
	case ACT_CLOSE:
	case ACT_REOPEN:
	case ACT_ESCALATE:
	case ACT_WITHDRAW:
	case ACT_WITHDRAW_PART:
		return true;
	case ACT_COMMENT:
		return public_comment;
	default:
		return false;
	}
}

static void change_init(struct case_change *ch, enum case_status status)
{
	memset(ch, 0, sizeof(*ch));
	ch->status = status;
	ch->assignee_id = -1;
	ch->decision_public = -1;
	ch->extensions = -1;
	ch->complex = -1;
	ch->now = time_now();
}

/* The settle clock on acceptance (or when a case arrives at a new unit without one). */
static enum dv_err settle_start(struct db *db, const struct rules_ctx *r,
                                const struct citizen_case *c, int complex, dv_date from,
                                struct deadline *out, struct dv_error *e)
{
	unsigned flags = (c->remote ? DL_REMOTE : 0u) | (complex > 0 ? DL_COMPLEX : 0u);

	return clock_put(db, r, c->id, "settle", workflow_settle_rule(c->kind), from, flags, out,
	                 e);
}

/* Escalation: a second-time complaint at `unit`, linked to `c`. */
static enum dv_err escalate(struct app *app, struct db *db, const struct scope *sc,
                            const char *actor, const struct citizen_case *c, int64_t unit,
                            struct arena *a, int64_t *new_id, const char **new_code,
                            struct dv_error *e)
{
	struct scope sys = scope_system();
	struct intake in;
	struct intake_plan plan;
	const void *blob = NULL;
	size_t len = 0;
	enum dv_err ret;

	if (c->sealed) {
		ret = case_sealed_identity(db, &sys, c->id, a, &blob, &len, e);
		if (ret)
			return ret;
	}
	memset(&in, 0, sizeof(in));
	in.kind = KIND_COMPLAINT2;
	in.channel = CHANNEL_FORWARDED;
	in.topic_code = c->topic_code;
	in.area_code = c->area_code;
	in.subject_unit_id = c->subject_unit_id;
	in.title = c->title;
	in.description = c->description;
	in.people_count = c->people_count;
	in.representatives = c->representatives;
	in.name = c->submitter_name;
	in.contact = c->submitter_contact;
	in.address = c->submitter_address;
	in.address_text = c->address_text;
	in.has_location = c->has_location;
	in.lat = c->lat;
	in.lon = c->lon;
	in.parent_case_id = c->id;
	in.actor = actor;
	/* Staff prepare it: the area is checked unscoped (the superior sees it anyway). */
	ret = prepare(app, db, &sys, &in, unit, blob, len, a, &plan, e);
	if (ret)
		return ret;
	plan.actor_user_id = sc->user_id > 0 ? sc->user_id : 0;
	plan.actor = actor && *actor ? actor : (sc->system ? "cli" : "staff");
	plan.row.created_by = plan.actor_user_id;
	if (blob) {
		struct recipient r;

		ret = recipient_of(app, db, c, a, &r, e);
		if (ret)
			return ret;
		plan.notify_sealed = r.sealed;
		plan.notify_sealed_len = r.sealed_len;
		plan.notify_channel = r.channel;
		ret = receipt_text(&plan, a, e);
		if (ret)
			return ret;
	}
	ret = app_intake_write(app, db, &plan, new_id, e);
	if (!ret)
		*new_code = plan.row.tracking_code;
	return ret;
}

enum dv_err app_case_act(struct app *app, struct db *db, const struct scope *sc, const char *actor,
                         int64_t case_id, const struct case_action_req *req, int64_t *new_id,
                         struct dv_error *e)
{
	struct arena *a = arena_new();
	struct citizen_case c;
	struct rules_ctx rc;
	struct case_facts f;
	struct case_actor who;
	struct case_change ch;
	struct case_clock *clocks = NULL;
	size_t nclocks = 0;
	struct deadline dl;
	enum case_status next;
	const char *note = "", *event_note, *notify_event = NULL, *detail;
	const char *new_code = NULL;
	dv_date day = today(), notify_due = 0;
	int64_t target = 0, created = 0;
	bool handled;
	enum dv_err ret;

	if (new_id)
		*new_id = 0;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!req || (unsigned)req->action >= ACT__COUNT) {
		ret = dv_fail(e, DV_EINVAL, "action is unknown");
		goto out;
	}
	if (!actor || !*actor)
		actor = sc->system ? "cli" : NULL;
	ret = app_clean_long(req->action == ACT_DECIDE ? "decision" : "note", req->note, CASE_NOTE_MAX,
	                 false, a, &note, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = case_get(db, sc, case_id, a, &c, e);
	if (!ret)
		ret = rules_load(db, &rc, e);
	if (!ret)
		ret = case_deadlines(db, c.id, a, &clocks, &nclocks, e);
	if (ret)
		goto cleanup;
	actor_of(sc, &c, &who);
	facts_of(&c, max_ext_of(&c, &rc), &f);
	f.has_reason = *note != '\0';

	/* What each action needs before the state machine judges it. */
	switch (req->action) {
	case ACT_DECIDE: {
		dv_date dd = req->decision_date ? req->decision_date : day;

		f.has_decision_date = dd >= c.received_on && dd <= day;
		if (req->decision_date && !f.has_decision_date) {
			ret = dv_fail(e, DV_EINVAL,
			              "decision date must be between the day of "
			              "receipt and today");
			goto cleanup;
		}
		break;
	}
	case ACT_FORWARD:
		if (req->target_unit_id > 0) {
			struct scope sys = scope_system();
			struct unit u;

			ret = unit_get(db, &sys, req->target_unit_id, a, &u, e);
			if (ret == DV_ENOTFOUND || (!ret && !u.active)) {
				dv_error_clear(e);
				ret = dv_fail(e, DV_EINVAL, "unit %lld is unknown",
				              (long long)req->target_unit_id);
			}
			if (ret)
				goto cleanup;
			if (req->target_unit_id == c.handling_unit_id) {
				ret = dv_fail(e, DV_EINVAL,
				              "the case is already handled by unit "
				              "'%s'",
				              u.name);
				goto cleanup;
			}
			target = req->target_unit_id;
			/* Never to the unit whose head is denounced, nor below it. */
			if (c.names_head && c.subject_unit_id > 0) {
				ret = unit_within(db, target, c.subject_unit_id, a, &handled, e);
				if (!ret && handled)
					ret = dv_fail(e, DV_EINVAL,
					              "a denunciation against the head of a unit "
					              "cannot go to that unit or below it");
				if (ret)
					goto cleanup;
			}
			f.has_target_unit = true;
		}
		break;
	case ACT_ESCALATE: {
		const struct case_clock *s = clock_find(clocks, nclocks, "settle");

		if (req->target_unit_id > 0) {
			struct scope sys = scope_system();
			struct unit u;

			ret = unit_get(db, &sys, req->target_unit_id, a, &u, e);
			if (ret == DV_ENOTFOUND) {
				dv_error_clear(e);
				ret = dv_fail(e, DV_EINVAL, "unit %lld is unknown",
				              (long long)req->target_unit_id);
			}
			target = req->target_unit_id;
		} else {
			ret = unit_superior(db, c.handling_unit_id, a, &target, e);
		}
		if (ret)
			goto cleanup;
		/* Once: the second-time complaint is its own case from then on. */
		{
			struct case_event *ev;
			size_t nev, i;

			ret = case_events(db, c.id, false, a, &ev, &nev, e);
			for (i = 0; !ret && i < nev; i++)
				if (!strcmp(ev[i].kind, "escalated"))
					ret = dv_fail(e, DV_ECONFLICT,
					              "case %lld was already "
					              "escalated",
					              (long long)c.id);
			if (ret)
				goto cleanup;
		}
		f.has_target_unit = true;
		/* Decided, or the settlement period ended without a decision. */
		f.has_reason = c.decided_on != 0 || (s && !s->met_on && s->d.due < day);
		break;
	}
	case ACT_ACCEPT:
		if (req->complex < -1 || req->complex > 2) {
			ret = dv_fail(e, DV_EINVAL,
			              "complexity must be 0, 1 (complex) or 2 "
			              "(particularly complex)");
			goto cleanup;
		}
		if (req->complex >= 0 && c.kind == KIND_DENUNCIATION &&
		    f.max_extensions < req->complex) {
			const struct rule_set *s = rule_set_in_force(rc.sets, rc.n, c.received_on);
			const struct rule *r =
			    s ? rule_find(s, workflow_settle_rule(c.kind)) : NULL;

			f.max_extensions = r ? (r->max_extensions < req->complex ? r->max_extensions
			                                                         : req->complex)
			                     : 0;
		}
		break;
	case ACT_ASSIGN:
		if (req->assignee_id > 0) {
			struct user usr;

			ret = user_get(db, sc, req->assignee_id, a, &usr, e);
			if (ret == DV_ENOTFOUND || (!ret && !usr.active)) {
				dv_error_clear(e);
				ret = dv_fail(e, DV_EINVAL, "user %lld is unknown",
				              (long long)req->assignee_id);
			}
			if (ret)
				goto cleanup;
		} else if (req->assignee_id < 0) {
			ret = dv_fail(e, DV_EINVAL, "assignee is unknown");
			goto cleanup;
		}
		break;
	case ACT_EXTEND:
		if (req->extend_days < 0) {
			ret = dv_fail(e, DV_EINVAL, "extension must be a positive number of days");
			goto cleanup;
		}
		break;
	default:
		break;
	}

	ret = workflow_check(&f, req->action, &who, &next, e);
	if (ret)
		goto cleanup;

	change_init(&ch, next);
	event_note = note;
	switch (req->action) {
	case ACT_FORWARD:
		ch.handling_unit_id = target;
		ret = case_deadline_meet(db, c.id, "forward", day, e);
		/* The receiving unit's clocks start from the day of forwarding. */
		if (!ret) {
			unsigned flags = c.remote ? DL_REMOTE : 0u;
			const char *acc = workflow_accept_rule(c.kind);

			if (acc)
				ret = clock_put(db, &rc, c.id, "accept", acc, day, flags, NULL, e);
			else if (workflow_settle_rule(c.kind))
				ret = settle_start(db, &rc, &c, c.complex, day, NULL, e);
		}
		break;
	case ACT_ACCEPT: {
		int cx = req->complex >= 0 ? req->complex : c.complex;
		const char *code = workflow_settle_rule(c.kind);
		const struct rule *r = NULL;

		ch.accepted_on = day;
		if (req->complex >= 0)
			ch.complex = req->complex;
		ret = meet(db, c.id, steps_received, day, e);
		if (!ret)
			ret = case_agg_accepted(db, &c, day, e);
		if (!ret && code)
			ret = rule_at(&rc, code, day, NULL, &r, e);
		/* A period counted from acceptance starts now; one from receipt keeps running. */
		if (!ret && r &&
		    (r->anchor == ANCHOR_ACCEPTANCE || !clock_find(clocks, nclocks, "settle")))
			ret = settle_start(db, &rc, &c, cx,
			                   r->anchor == ANCHOR_ACCEPTANCE ? day : c.received_on,
			                   &dl, e);
		else if (!ret && r)
			dl = clock_find(clocks, nclocks, "settle")->d;
		if (r)
			notify_due = dl.due;
		notify_event = "accepted";
		break;
	}
	case ACT_REFUSE:
		ch.closed_at = time_now();
		ret = meet(db, c.id, steps_all, day, e);
		notify_event = "refused";
		break;
	case ACT_START:
		ret = meet(db, c.id, steps_received + 1, day, e); /* the forward-by clock */
		break;
	case ACT_EXTEND: {
		const struct case_clock *s = clock_find(clocks, nclocks, "settle");
		const struct rule_set *set = NULL;
		const struct rule *r = NULL;
		size_t i;

		if (!s || s->met_on) {
			ret = dv_fail(e, DV_ECONFLICT, "the case has no running settlement period");
			break;
		}
		for (i = 0; i < rc.n; i++)
			if (rc.sets[i].id == s->d.rule_set_id)
				set = &rc.sets[i];
		if (!set)
			set = rule_set_in_force(rc.sets, rc.n, s->d.from);
		r = set ? rule_find(set, s->d.rule_code) : NULL;
		dl = s->d;
		if (!r ||
		    deadline_extend(r, &dl, req->extend_days ? req->extend_days : r->extension_days,
		                    &rc.h) != 0) {
			ret = dv_fail(e, DV_EINVAL, "extension must be between 1 and %d days",
			              r ? r->extension_days : 0);
			break;
		}
		ch.extensions = c.extensions + 1;
		ret = case_deadline_put(db, c.id, "settle", &dl, e);
		if (!ret && !*note)
			event_note = arena_printf(a, "%s", day_str(a, dl.due));
		notify_event = "extended";
		notify_due = dl.due;
		break;
	}
	case ACT_DECIDE: {
		const struct case_clock *s = clock_find(clocks, nclocks, "settle");
		dv_date dd = req->decision_date ? req->decision_date : day;

		ch.decided_on = dd;
		ch.decision = note;
		ch.decision_public = 1;
		/* decided again after a reopen: the earlier decision no longer counts */
		if (c.decided_on)
			ret = case_agg_undecided(db, &c, c.decided_on,
			                         !s || (s->met_on ? s->met_on : c.decided_on) <= s->d.due,
			                         e);
		if (!ret)
			ret = meet(db, c.id, steps_received, dd, e);
		if (!ret)
			ret = case_deadline_meet(db, c.id, "settle", dd, e);
		/* on time: the settle clock met (now, or earlier) no later than its due day */
		if (!ret)
			ret = case_agg_decided(db, &c, dd,
			                       !s || (s->met_on ? s->met_on : dd) <= s->d.due, e);
		if (!ret && (c.kind == KIND_COMPLAINT1 || c.kind == KIND_COMPLAINT2))
			ret = clock_put(db, &rc, c.id, "publish", "KN_PUBLISH", dd, 0, NULL, e);
		notify_event = "decided";
		break;
	}
	case ACT_PUBLISH:
		ret = case_deadline_meet(db, c.id, "publish", day, e);
		break;
	case ACT_CLOSE:
	case ACT_WITHDRAW:
		ch.closed_at = time_now();
		ret = meet(db, c.id, steps_all, day, e);
		break;
	case ACT_REOPEN:
		ch.closed_at = -1;
		break;
	case ACT_ASSIGN:
		ch.assignee_id = req->assignee_id;
		break;
	case ACT_ESCALATE:
		ret = escalate(app, db, sc, actor, &c, target, a, &created, &new_code, e);
		if (!ret)
			event_note = arena_printf(a, "%s%s%s", new_code, *note ? ": " : "", note);
		break;
	default:
		break;
	}
	if (ret)
		goto cleanup;

	if (!event_note) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	ret = case_update(db, c.id, &ch, e);
	if (!ret)
		ret = case_event_add(db, c.id, sc->user_id > 0 ? sc->user_id : 0,
		                     target ? target : c.handling_unit_id, event_kind(req->action),
		                     event_public(req->action, req->public_),
		                     case_status_name(c.status), case_status_name(next), event_note,
		                     time_now(), e);
	detail = arena_printf(a, "%s -> %s%s", case_status_name(c.status), case_status_name(next),
	                      created ? arena_printf(a, " new case %lld", (long long)created) : "");
	if (!ret && !detail)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	if (!ret)
		ret = audit_case(db, sc, actor,
		                 arena_printf(a, "case.%s", case_action_name(req->action)), c.id,
		                 detail, e);
	if (!ret && notify_event) {
		struct recipient r;

		ret = recipient_of(app, db, &c, a, &r, e);
		if (!ret)
			ret = notify_put(db, c.id, notify_event, r.channel, r.contact, r.sealed,
			                 r.sealed_len, c.tracking_code, day_str(a, day),
			                 notify_due ? day_str(a, notify_due) : "", e);
	}
	if (!ret)
		ret = db_commit(db, e);
	if (!ret && new_id)
		*new_id = created;
cleanup:
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

/* The tracking code as typed, or DV_EINVAL. */
static enum dv_err parse_code(const char *in, char out[TRACKING_LEN + 1], struct dv_error *e)
{
	if (!in || !tracking_parse(in, out))
		return dv_fail(e, DV_EINVAL, "tracking code '%.40s' is not valid", in ? in : "");
	return DV_OK;
}

enum dv_err app_case_citizen(struct app *app, struct db *db, const char *tracking,
                             enum case_action action, const char *note, struct dv_error *e)
{
	struct scope anon = scope_anonymous();
	struct arena *a = arena_new();
	char code[TRACKING_LEN + 1];
	struct citizen_case c;
	struct rules_ctx rc;
	struct case_facts f;
	struct case_actor who = {&anon, false, true};
	struct case_change ch;
	enum case_status next;
	const char *clean = "";
	dv_date day = today();
	enum dv_err ret;

	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = parse_code(tracking, code, e);
	if (!ret && action != ACT_REOPEN && action != ACT_WITHDRAW && action != ACT_WITHDRAW_PART)
		ret = dv_fail(e, DV_EINVAL, "a citizen may reopen or withdraw a case");
	if (!ret)
		ret = app_clean_long("note", note, CASE_NOTE_MAX, false, a, &clean, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = case_get_by_tracking(db, code, a, &c, e);
	if (!ret)
		ret = rules_load(db, &rc, e);
	if (ret)
		goto cleanup;
	facts_of(&c, max_ext_of(&c, &rc), &f);
	f.has_reason = *clean != '\0';
	ret = workflow_check(&f, action, &who, &next, e);
	if (ret)
		goto cleanup;
	change_init(&ch, next);
	if (action == ACT_REOPEN) {
		ch.closed_at = -1;
		/* Settlement starts again from the day of reopening. */
		if (workflow_settle_rule(c.kind))
			ret = settle_start(db, &rc, &c, c.complex, day, NULL, e);
	} else if (action == ACT_WITHDRAW) {
		ch.closed_at = time_now();
		ret = meet(db, c.id, steps_all, day, e);
	}
	if (!ret)
		ret = case_update(db, c.id, &ch, e);
	if (!ret)
		ret = case_event_add(db, c.id, 0, c.handling_unit_id, event_kind(action), true,
		                     case_status_name(c.status), case_status_name(next), clean,
		                     time_now(), e);
	if (!ret)
		ret = audit_case(
		    db, &anon, "citizen", arena_printf(a, "case.%s", case_action_name(action)),
		    c.id,
		    arena_printf(a, "%s -> %s", case_status_name(c.status), case_status_name(next)),
		    e);
	if (!ret)
		ret = db_commit(db, e);
cleanup:
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

static bool rateable(const struct citizen_case *c)
{
	return c->decided_on != 0 &&
	       (c->status == ST_DECIDED || c->status == ST_PUBLISHED || c->status == ST_CLOSED);
}

enum dv_err app_case_rate(struct app *app, struct db *db, const char *tracking, int rating,
                          const char *comment, struct dv_error *e)
{
	struct scope anon = scope_anonymous();
	struct arena *a = arena_new();
	char code[TRACKING_LEN + 1];
	struct citizen_case c;
	const char *clean = "";
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = parse_code(tracking, code, e);
	if (!ret && (rating < 1 || rating > 5))
		ret = dv_fail(e, DV_EINVAL, "rating must be between 1 and 5");
	if (!ret)
		ret = app_clean_long("comment", comment, CASE_NOTE_MAX, false, a, &clean, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = case_get_by_tracking(db, code, a, &c, e);
	if (!ret && !rateable(&c))
		ret = dv_fail(e, DV_ECONFLICT, "a case can be rated once it is decided");
	if (!ret && c.rating)
		ret = dv_fail(e, DV_ECONFLICT, "this case was already rated");
	if (!ret)
		ret = case_rate(db, c.id, rating, clean, time_now(), e);
	if (!ret)
		ret = case_event_add(db, c.id, 0, c.handling_unit_id, "rated", false, NULL, NULL,
		                     arena_printf(a, "%d", rating), time_now(), e);
	if (!ret)
		ret = audit_case(db, &anon, "citizen", "case.rate", c.id,
		                 arena_printf(a, "rating %d", rating), e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

/* Entitled to see a denouncer: a settler of the handling unit or above, an inspector in scope. */
static bool may_reveal(const struct scope *sc, const struct citizen_case *c, bool handles)
{
	if (!c->sealed || !scope_can(sc, PERM_CASE_REVEAL))
		return false;
	if (sc->system || sc->role == ROLE_INSPECTOR)
		return true;
	return handles;
}

enum dv_err app_case_reveal(struct app *app, struct db *db, const struct scope *sc,
                            const char *actor, int64_t case_id, struct arena *a,
                            struct case_identity *out, struct dv_error *e)
{
	struct citizen_case c;
	struct case_actor who;
	struct sealed_identity id;
	const void *blob;
	size_t len;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	if (!scope_can(sc, PERM_CASE_REVEAL))
		return dv_fail(e, DV_ENOTFOUND, "case %lld has no identity you may see",
		               (long long)case_id);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = case_get(db, sc, case_id, a, &c, e);
	if (!ret)
		actor_of(sc, &c, &who);
	if (!ret && !may_reveal(sc, &c, who.handles))
		ret = dv_fail(e, DV_ENOTFOUND, "case %lld has no identity you may see",
		              (long long)case_id);
	if (!ret)
		ret = case_sealed_identity(db, sc, case_id, a, &blob, &len, e);
	if (!ret)
		ret = seal_open_identity(app, blob, len, a, &id, e);
	/* The disclosure is on record before anything is shown. */
	if (!ret)
		ret =
		    case_event_add(db, c.id, sc->user_id > 0 ? sc->user_id : 0, c.handling_unit_id,
		                   "revealed", false, NULL, NULL, "", time_now(), e);
	if (!ret)
		ret = audit_case(db, sc, actor, "case.reveal", c.id, "denouncer identity shown", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret) {
		db_rollback(db);
		return ret;
	}
	out->name = id.name;
	out->address = id.address;
	out->contact = id.contact;
	out->signed_ = id.signed_;
	return DV_OK;
}

/* Run `fn`-style reads in a read transaction unless the caller has one open. */
static enum dv_err read_begin(struct db *db, bool *mine, struct dv_error *e)
{
	*mine = !db_in_tx(db);
	return *mine ? db_begin(db, DB_TX_READ, e) : DV_OK;
}

static void read_end(struct db *db, bool mine)
{
	if (mine)
		db_rollback(db);
}

enum dv_err app_case_view(struct app *app, struct db *db, const struct scope *sc, int64_t case_id,
                          unsigned what, struct arena *a, struct case_view *out,
                          struct dv_error *e)
{
	struct case_facts f;
	struct case_actor who;
	const char *tf;
	bool mine;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	ret = read_begin(db, &mine, e);
	if (ret)
		return ret;
	ret = case_get(db, sc, case_id, a, &out->c, e);
	if (!ret)
		ret = case_deadlines(db, case_id, a, &out->clocks, &out->n_clocks, e);
	if (!ret)
		case_next_of(&out->c, out->clocks, out->n_clocks);
	if (!ret)
		ret = case_events(db, case_id, false, a, &out->events, &out->n_events, e);
	if (!ret)
		ret = facts_read(db, &out->c, &f, e);
	if (ret)
		goto cleanup;
	actor_of(sc, &out->c, &who);
	out->allowed = workflow_allowed(&f, &who);
	out->can_reveal = may_reveal(sc, &out->c, who.handles);
	tf = (what & VIEW_SIMILAR) ? app_fold(a, out->c.title, out->c.description) : NULL;
	if (tf && case_status_open(out->c.status))
		ret = case_similar(db, sc, out->c.area_id, out->c.topic_id, tf, out->c.id, 5, a,
		                   &out->similar, &out->n_similar, e);
cleanup:
	read_end(db, mine);
	return ret;
}

/* A stamp is one statement, so it reads one snapshot with or without an open transaction. */
enum dv_err app_case_stamp(struct app *app, struct db *db, const struct scope *sc, int64_t case_id,
                           struct case_render_stamp *out, struct dv_error *e)
{
	(void)app;
	out->day = today();
	return case_stamp(db, sc, case_id, &out->c, e);
}

enum dv_err app_track_stamp(struct app *app, struct db *db, const char *tracking,
                            struct case_render_stamp *out, struct dv_error *e)
{
	char code[TRACKING_LEN + 1];
	enum dv_err ret = parse_code(tracking, code, e);

	(void)app;
	out->day = today();
	memset(&out->c, 0, sizeof(out->c));
	return ret ? ret : case_stamp_by_tracking(db, code, &out->c, e);
}

enum dv_err app_case_track(struct app *app, struct db *db, const char *tracking, struct arena *a,
                           struct case_public *out, struct dv_error *e)
{
	struct scope anon = scope_anonymous();
	char code[TRACKING_LEN + 1];
	struct citizen_case c;
	struct case_clock *clocks = NULL;
	const struct case_clock *s;
	size_t n = 0;
	struct case_facts f;
	struct case_actor who = {&anon, false, true};
	uint32_t allowed;
	bool mine;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	ret = parse_code(tracking, code, e);
	if (ret)
		return ret;
	ret = read_begin(db, &mine, e);
	if (ret)
		return ret;
	ret = case_get_by_tracking(db, code, a, &c, e);
	if (!ret)
		ret = case_events(db, c.id, true, a, &out->events, &out->n_events, e);
	if (!ret)
		ret = case_deadlines(db, c.id, a, &clocks, &n, e);
	if (ret)
		goto cleanup;
	out->tracking_code = c.tracking_code;
	out->kind = c.kind;
	out->status = c.status;
	out->topic_name = c.topic_name;
	out->topic_name_en = c.topic_name_en;
	out->area_name = c.area_name;
	out->handling_unit_name = c.handling_unit_name;
	out->title = c.title;
	out->received_on = c.received_on;
	out->decided_on = c.decided_on;
	if (c.decided_on && c.decision_public)
		out->decision = c.decision;
	s = clock_find(clocks, n, "settle");
	out->settle_due = s ? s->d.due : 0;
	out->rating = c.rating;
	out->can_rate = rateable(&c) && !c.rating;
	/* the citizen's actions (reopen, withdraw) do not depend on the extension rule */
	facts_of(&c, 0, &f);
	allowed = workflow_allowed(&f, &who);
	out->can_reopen = (allowed >> ACT_REOPEN) & 1u;
	out->can_withdraw = (allowed >> ACT_WITHDRAW) & 1u;
	out->can_withdraw_part = (allowed >> ACT_WITHDRAW_PART) & 1u;
cleanup:
	read_end(db, mine);
	return ret;
}

enum dv_err app_deadline(struct app *app, struct db *db, const char *rule_code, dv_date from,
                         unsigned flags, struct arena *a, struct deadline *out,
                         const struct rule **rule, struct dv_error *e)
{
	const struct rule_set *set;
	const struct rule *r;
	struct rules_ctx rc;
	bool mine;
	enum dv_err ret;

	(void)app;
	if (rule)
		*rule = NULL;
	if (!rule_code || !*rule_code)
		return dv_fail(e, DV_EINVAL, "rule code is required");
	ret = read_begin(db, &mine, e);
	if (ret)
		return ret;
	ret = rules_load(db, &rc, e);
	read_end(db, mine);
	if (ret)
		return ret;
	ret = rule_at(&rc, rule_code, from, &set, &r, e);
	if (ret)
		return ret;
	if (!r)
		return dv_fail(e, DV_ENOTFOUND, "rule '%s' is not in the rule set in force on %s",
		               rule_code, day_str(a, from));
	if (deadline_compute(r, set->id, from, flags, &rc.h, out) != 0)
		return dv_fail(e, DV_EINVAL, "deadline of rule '%s' from %s cannot be computed",
		               rule_code, day_str(a, from));
	if (rule)
		*rule = r;
	return DV_OK;
}

enum dv_err app_rulesets(struct app *app, struct db *db, struct arena *a, struct rule_set **out,
                         size_t *n, struct dv_error *e)
{
	bool mine;
	enum dv_err ret;

	(void)app;
	ret = read_begin(db, &mine, e);
	if (!ret)
		ret = ruleset_load(db, a, out, n, e);
	read_end(db, mine);
	return ret;
}

enum dv_err app_holidays(struct app *app, struct db *db, struct arena *a, struct holiday_row **out,
                         size_t *n, struct dv_error *e)
{
	bool mine;
	enum dv_err ret;

	(void)app;
	ret = read_begin(db, &mine, e);
	if (!ret)
		ret = holiday_list(db, a, out, n, e);
	read_end(db, mine);
	return ret;
}

static enum dv_err holiday_change(struct db *db, const struct scope *sc, const char *actor,
                                  dv_date day, const char *name, struct dv_error *e)
{
	char key[11];
	enum dv_err ret;

	if (!scope_can(sc, PERM_CONFIG_WRITE))
		return dv_fail(e, DV_EPERM, "changing holidays is not permitted");
	if (day < date_from_ymd(1900, 1, 1) || day > date_from_ymd(2200, 12, 31))
		return dv_fail(e, DV_EINVAL, "holiday date is out of range");
	date_format(day, key);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = name ? holiday_add(db, sc, day, name, e) : holiday_remove(db, sc, day, e);
	if (!ret)
		ret = audit_append(db, sc, actor, name ? "holiday.add" : "holiday.remove",
		                   "holiday", key, name ? name : "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

enum dv_err app_holiday_add(struct app *app, struct db *db, const struct scope *sc,
                            const char *actor, dv_date day, const char *name, struct dv_error *e)
{
	struct arena *a = arena_new();
	const char *clean;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = app_clean_text("holiday name", name, 100, true, a, &clean, e);
	if (!ret)
		ret = holiday_change(db, sc, actor, day, clean, e);
	arena_free(a);
	return ret;
}

enum dv_err app_holiday_remove(struct app *app, struct db *db, const struct scope *sc,
                               const char *actor, dv_date day, struct dv_error *e)
{
	(void)app;
	return holiday_change(db, sc, actor, day, NULL, e);
}

enum dv_err app_case_brief(struct app *app, struct db *db, int64_t id, struct arena *a,
			   struct case_brief *out, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct citizen_case c;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	ret = case_get(db, &sys, id, a, &c, e);
	if (ret)
		return ret;
	out->id = c.id;
	out->tracking_code = c.tracking_code;
	out->kind = c.kind;
	out->status = c.status;
	out->parent_case_id = c.parent_case_id;
	out->handling_unit_id = c.handling_unit_id;
	out->handling_unit_name = c.handling_unit_name;
	return DV_OK;
}
