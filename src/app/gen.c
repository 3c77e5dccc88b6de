/* gen.c: the benchmark's national dataset: N synthetic activities on the real areas and the
 * demo's units, loaded through the import's own path, and N citizens' cases written through the
 * intake's and the workflow's store calls; reproducible from a seed. */
#include "app/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/fields.h"
#include "app/work.h"
#include "base/arena.h"
#include "base/date.h"
#include "core/deadline.h"
#include "core/kinds.h"
#include "core/tracking.h"
#include "core/workflow.h"
#include "store/area.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "store/work.h"

#include "base/banned.h"

/* rows a transaction of the generator holds */
#define GEN_BATCH 200000

struct gen {
	uint64_t seed;
	int64_t n;
	dv_date first;
	unsigned days;
	struct gen_unit *units;
	size_t nu;
	struct gen_area *areas; /* by id order */
	size_t na;
	int64_t *child_first;   /* per area index: the first child (villages of a commune) */
	int64_t *child_count;
	struct activity_type *types;
	size_t ntypes;
	char buf[17][64];
};

/* splitmix64: a deterministic stream per (seed, row, field) */
static uint64_t rnd(uint64_t seed, int64_t row, unsigned field)
{
	uint64_t x = seed + (uint64_t)row * 0x9e3779b97f4a7c15ull + field * 0xda942042e4dd58b5ull;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static size_t area_index(const struct gen *g, int64_t id)
{
	size_t lo = 0, hi = g->na;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->areas[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->na && g->areas[lo].id == id ? lo : (size_t)-1;
}

static bool next_row(void *arg, int64_t i, const char **cells)
{
	struct gen *g = arg;
	const struct gen_unit *u;
	const struct activity_type *t;
	size_t ai;
	unsigned scale;
	char day[11];

	if (i >= g->n)
		return false;
	u = &g->units[rnd(g->seed, i, 1) % g->nu];
	ai = area_index(g, u->home_area_id);
	if (ai == (size_t)-1)
		return false;
	/* half of a commune unit's work is in one of its villages */
	if (g->child_count[ai] && rnd(g->seed, i, 2) % 2)
		ai = (size_t)g->child_first[ai] + rnd(g->seed, i, 3) % (uint64_t)g->child_count[ai];
	t = &g->types[rnd(g->seed, i, 4) % g->ntypes];
	scale = 1 + (unsigned)(rnd(g->seed, i, 5) % 100);
	date_format(g->first + (dv_date)(rnd(g->seed, i, 6) % g->days), day);
	snprintf(g->buf[0], 64, "%s", t->code);
	snprintf(g->buf[1], 64, "%lld", (long long)u->id);
	snprintf(g->buf[3], 64, "%s", g->areas[ai].code);
	snprintf(g->buf[4], 64, "%s", day);
	snprintf(g->buf[6], 64, "%s #%lld", t->name, (long long)i + 1);
	snprintf(g->buf[8], 64, "%u", 5 + scale);
	snprintf(g->buf[9], 64, "%u", 5 + scale * 2);
	snprintf(g->buf[10], 64, "%u", scale / 10);
	snprintf(g->buf[11], 64, "%u", scale / 10 * 4);
	snprintf(g->buf[12], 64, "%u000", scale * 500);
	if (t->n_measures)
		snprintf(g->buf[16], 64, "%s=%u",
			 t->measures[rnd(g->seed, i, 7) % t->n_measures].code, 1 + scale / 20);
	else
		g->buf[16][0] = '\0';
	cells[0] = g->buf[0];
	cells[1] = g->buf[1];
	cells[3] = g->buf[3];
	cells[4] = g->buf[4];
	cells[6] = g->buf[6];
	cells[8] = g->buf[8];
	cells[9] = g->buf[9];
	cells[10] = g->buf[10];
	cells[11] = g->buf[11];
	cells[12] = g->buf[12];
	cells[16] = g->buf[16];
	return true;
}

enum dv_err app_gen_activities(struct app *app, struct db *db, int64_t n, uint64_t seed,
			       int year, import_progress_fn progress, void *arg,
			       struct import_report *rep, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct arena *a = arena_new();
	struct gen *g = calloc(1, sizeof(*g));
	size_t i;
	enum dv_err ret;

	memset(rep, 0, sizeof(*rep));
	if (!a || !g) {
		arena_free(a);
		free(g);
		return dv_fail(e, DV_ENOMEM, "out of memory");
	}
	g->seed = seed;
	g->n = n;
	g->first = date_from_ymd(year, 1, 1);
	g->days = (unsigned)(date_from_ymd(year + 1, 1, 1) - g->first);
	ret = db_begin(db, DB_TX_READ, e);
	if (!ret) {
		ret = work_gen_pool(db, a, &g->units, &g->nu, &g->areas, &g->na, e);
		if (!ret)
			ret = activity_types_load(db, a, &g->types, &g->ntypes, e);
		db_rollback(db);
	}
	if (!ret && (!g->nu || !g->na || !g->ntypes))
		ret = dv_fail(e, DV_ENOTFOUND, "no units or areas: run 'danvan demo' first");
	if (!ret) {
		g->child_first = calloc(g->na, sizeof(int64_t));
		g->child_count = calloc(g->na, sizeof(int64_t));
		if (!g->child_first || !g->child_count)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
	}
	/* villages of each commune: areas are in id order and a commune's villages are made
	 * together, so the children of one parent form a run */
	for (i = 0; !ret && i < g->na; i++) {
		size_t p;

		if (g->areas[i].level != 3 || (p = area_index(g, g->areas[i].parent_id)) == (size_t)-1)
			continue;
		if (!g->child_count[p])
			g->child_first[p] = (int64_t)i;
		if ((size_t)g->child_first[p] + (size_t)g->child_count[p] == i)
			g->child_count[p]++;
	}
	if (!ret)
		ret = app_activity_import_rows(app, db, &sys, "gen", next_row, g, IMPORT_VALID_ROWS,
					       GEN_BATCH, progress, arg, rep, e);
	free(g->child_first);
	free(g->child_count);
	free(g);
	arena_free(a);
	return ret;
}

/* ================================================================ cases */

/* cases a transaction of the case generator holds, and how often progress is told */
#define CASE_BATCH    5000
#define CASE_PROGRESS 10000
/* tracking codes carry 55 random bits (core/tracking.h) */
#define CODE_MASK ((UINT64_C(1) << 55) - 1)
/* a tracking code taken already (another run, a real case): draw the batch again */
#define CODE_TRIES 5
/* cases put in the order they are received at a time (8 bytes each): day, commune, index */
#define CASE_CHUNK 1000000
#define CHUNK_MASK ((UINT64_C(1) << 20) - 1)
_Static_assert(CASE_CHUNK <= CHUNK_MASK + 1, "a chunk's index fits its 20 bits");

/* the streams of one case (rnd's `field`) */
enum {
	F_COMMUNE = 1,
	F_VILLAGE,
	F_KIND,
	F_TOPIC,
	F_CHANNEL,
	F_FATE,
	F_LATE,
	F_OPEN,
	F_RECEIVED,
	F_ACCEPT,
	F_DECIDE,
	F_PUBLISH,
	F_END,
	F_CLOSE,
	F_COMPLEX,
	F_TIME,
	F_WEIGHT = 40
};

/* Kinds in realistic proportions (per mille); denunciations are left out: their identity
 * would have to be sealed as the intake does. */
static const struct {
	enum case_kind kind;
	unsigned w;
} kind_mix[] = {
    {KIND_FEEDBACK, 600}, {KIND_COMPLAINT1, 180}, {KIND_PETITION, 120},
    {KIND_ANONYMOUS, 70}, {KIND_COMPLAINT2, 30},
};
/* The channels staff enter cases by, and the web form (Open311 and forwarding need a client or
 * a first case). */
static const struct {
	enum case_channel channel;
	unsigned w;
} channel_mix[] = {
    {CHANNEL_WEB, 400},   {CHANNEL_RECEPTION, 250}, {CHANNEL_LETTER, 150},
    {CHANNEL_PHONE, 100}, {CHANNEL_DIALOGUE, 100},
};
/* Topics weigh by code; a topic an administrator added weighs like the small ones. */
static const struct {
	const char *code;
	unsigned w;
} topic_mix[] = {
    {"land", 250},
    {"infrastructure", 150},
    {"environment", 120},
    {"social-policy", 120},
    {"admin-procedures", 120},
    {"officials-conduct", 60},
    {"security-order", 60},
    {"health", 40},
    {"education", 40},
    {"other", 40},
};
#define TOPIC_OTHER_W 40
/* How some provinces bring more cases than others (a weight drawn per province). */
static const unsigned province_mix[] = {1, 1, 1, 2, 2, 3, 4, 6};

/* What the generated cases say: synthetic, in the staff's language. */
static const char text_description[] = "Nội dung tổng hợp số %lld để đo hiệu năng: %s, %s.";
static const char text_decision[] = "Đã xem xét và trả lời theo quy định.";
static const char text_refusal[] = "Không đủ điều kiện thụ lý.";
static const char text_anon_close[] = "Thông tin không đủ cơ sở để xác minh.";
static const char text_submitter[] = "Người dân số %lld";

enum fate { FATE_DECIDED, FATE_ENDED, FATE_OPEN };

struct gen_commune {
	int64_t id;
	int64_t unit_id; /* its people's committee (default routing) */
	bool remote;
	size_t vfirst, vcount; /* its villages in case_gen.villages */
};
struct gen_village {
	int64_t id;
	bool remote; /* its own designation or its commune's */
};

struct case_gen {
	struct db *db;
	uint64_t seed, code_base;
	dv_date first, last, today;
	int64_t now;
	struct gen_commune *communes;
	size_t nc;
	struct gen_village *villages;
	size_t nv;
	uint64_t *commune_cum; /* cumulative weights */
	struct topic *topics;
	size_t nt;
	uint64_t *topic_cum;
	struct rule_set *sets;
	size_t nsets;
	struct holidays h;
	bool routing_rules; /* resolve every case (else the commune's default is cached) */
	struct arena *row;  /* one case's strings */
};

/* One case while it is written: what the store functions read, its clocks, its last action. */
struct gen_clock {
	const char *step;
	struct deadline d;
	dv_date met;
};
struct gen_case {
	struct citizen_case c;
	struct gen_clock clk[4];
	int nclk;
	enum case_status status;
	int64_t t;
	int64_t i;
};

static uint64_t pick_cum(const uint64_t *cum, size_t n, uint64_t r)
{
	size_t lo = 0, hi = n;

	r %= cum[n - 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cum[mid] <= r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A day in [lo, hi] (lo when hi < lo). */
static dv_date day_in(const struct case_gen *g, int64_t i, unsigned field, dv_date lo, dv_date hi)
{
	if (hi <= lo)
		return lo;
	return lo + (dv_date)(rnd(g->seed, i, field) % (uint64_t)(hi - lo + 1));
}

static dv_date min_day(dv_date a, dv_date b)
{
	return a < b ? a : b;
}

static dv_date max_day(dv_date a, dv_date b)
{
	return a > b ? a : b;
}

/* The tracking code of case `i`: tracking_make on 55 bits that a bijection draws from the
 * index, so that the codes of one run never repeat (and a second run follows the first). */
static void case_code(const struct case_gen *g, int64_t i, char out[TRACKING_LEN + 1])
{
	uint64_t x = (g->code_base + (uint64_t)i) & CODE_MASK;
	unsigned char b[7];
	int k;

	/* odd multipliers and right xor-shifts are one-to-one modulo 2^55 */
	x = (x * 0x9e3779b97f4a7c15ull) & CODE_MASK;
	x ^= x >> 28;
	x = (x * 0xbf58476d1ce4e5b9ull) & CODE_MASK;
	x ^= x >> 31;
	x = (x * 0x94d049bb133111ebull) & CODE_MASK;
	x ^= x >> 27;
	x <<= 1; /* tracking_make keeps the top 55 of 56 bits */
	for (k = 6; k >= 0; k--) {
		b[k] = (unsigned char)(x & 0xffu);
		x >>= 8;
	}
	tracking_make(b, out);
}

/* An instant in office hours of `day` (UTC+7), after the case's last action, never ahead of
 * the generation's clock. */
static int64_t gen_time(const struct case_gen *g, struct gen_case *k, unsigned field, dv_date day)
{
	int64_t t = (int64_t)day * 86400 - DV_TZ_OFFSET_SECONDS + 8 * 3600 +
	            (int64_t)(rnd(g->seed, k->i, F_TIME + field) % (9 * 3600));

	if (t > g->now)
		t = g->now;
	if (t <= k->t)
		t = k->t + 1;
	k->t = t;
	return t;
}

static struct gen_clock *clock_of(struct gen_case *k, const char *step)
{
	int j;

	for (j = 0; j < k->nclk; j++)
		if (!strcmp(k->clk[j].step, step))
			return &k->clk[j];
	return NULL;
}

/* Start (or restart) the clock of `step` by rule `code` from `from`, as the intake and the
 * workflow compute it: the rule set in force on `from`, the holiday calendar; no clock when
 * that set lacks the rule. */
static enum dv_err gen_clock_put(struct case_gen *g, struct gen_case *k, const char *step,
                                 const char *code, dv_date from, unsigned flags, struct dv_error *e)
{
	const struct rule_set *set;
	const struct rule *r;
	struct gen_clock *cl;
	struct deadline d;

	if (!code)
		return DV_OK;
	set = rule_set_in_force(g->sets, g->nsets, from);
	if (!set) {
		char buf[11];

		date_format(from, buf);
		return dv_fail(e, DV_EINVAL, "no rule set is in force on %s", buf);
	}
	r = rule_find(set, code);
	if (!r)
		return DV_OK;
	if (deadline_compute(r, set->id, from, flags, &g->h, &d) != 0)
		return dv_fail(e, DV_EINVAL, "deadline of rule '%s' cannot be computed", code);
	cl = clock_of(k, step);
	if (!cl) {
		if (k->nclk >= (int)(sizeof(k->clk) / sizeof(k->clk[0])))
			return dv_fail(e, DV_EINVAL, "case clock '%s': too many clocks", step);
		cl = &k->clk[k->nclk++];
		cl->step = step;
	}
	cl->d = d;
	cl->met = 0;
	return case_deadline_put(g->db, k->c.id, step, &d, e);
}

/* Meet the running clocks among `steps` (NULL-terminated) on `day`. */
static enum dv_err gen_meet(struct case_gen *g, struct gen_case *k, const char *const *steps,
                            dv_date day, struct dv_error *e)
{
	enum dv_err ret = DV_OK;

	for (; !ret && *steps; steps++) {
		struct gen_clock *cl = clock_of(k, *steps);

		if (!cl || cl->met)
			continue;
		cl->met = day;
		ret = case_deadline_meet(g->db, k->c.id, *steps, day, e);
	}
	return ret;
}

static const char *const gen_steps_all[] = {"accept", "settle", "forward", "publish", NULL};
static const char *const gen_steps_received[] = {"accept", "forward", NULL};
static const char *const gen_steps_forward[] = {"forward", NULL};
static const char *const gen_steps_settle[] = {"settle", NULL};
static const char *const gen_steps_publish[] = {"publish", NULL};

/* One step of the timeline on `day`, by the system (no user) at the handling unit, as
 * app_case_act and app_case_citizen record it. */
static enum dv_err gen_event(struct case_gen *g, struct gen_case *k, unsigned field, dv_date day,
                             const char *kind, bool public_, enum case_status to, const char *note,
                             struct dv_error *e)
{
	int64_t t = gen_time(g, k, field, day);
	enum dv_err ret =
	    case_event_add(g->db, k->c.id, 0, k->c.handling_unit_id, kind, public_,
	                   case_status_name(k->status), case_status_name(to), note, t, e);

	k->status = to;
	return ret;
}

/* The unit that takes a case: the routing rules when there are any, else the commune's people's
 * committee found once (routing_resolve's default). */
static enum dv_err gen_route(struct case_gen *g, const struct gen_commune *cm, int64_t area_id,
                             int64_t topic_id, enum case_kind kind, int64_t *unit,
                             struct dv_error *e)
{
	enum dv_err ret;

	if (!g->routing_rules) {
		*unit = cm->unit_id;
		return DV_OK;
	}
	ret = routing_resolve(g->db, area_id, topic_id, case_kind_name(kind), true, unit, e);
	if (ret == DV_ENOTFOUND) {
		dv_error_clear(e);
		ret = dv_fail(e, DV_EINVAL, "no unit handles cases in area #%lld",
		              (long long)area_id);
	}
	return ret;
}

/* Acceptance on `day` (app_case_act, ACT_ACCEPT): the receipt clocks met, the acceptance
 * counted, the settlement clock started when it runs from acceptance (one from receipt keeps
 * running). */
static enum dv_err gen_accept(struct case_gen *g, struct gen_case *k, dv_date day,
                              struct case_change *ch, struct dv_error *e)
{
	const char *code = workflow_settle_rule(k->c.kind);
	const struct rule *r =
	    code ? rule_find(rule_set_in_force(g->sets, g->nsets, day), code) : NULL;
	enum dv_err ret;

	ch->accepted_on = day;
	/* a few complaints are declared complex on acceptance */
	if ((k->c.kind == KIND_COMPLAINT1 || k->c.kind == KIND_COMPLAINT2) &&
	    rnd(g->seed, k->i, F_COMPLEX) % 100 < 8) {
		ch->complex = 1;
		k->c.complex = 1;
	}
	ret = gen_meet(g, k, gen_steps_received, day, e);
	if (!ret)
		ret = case_agg_accepted(g->db, &k->c, day, e);
	if (!ret && r && (r->anchor == ANCHOR_ACCEPTANCE || !clock_of(k, "settle")))
		ret = gen_clock_put(
		    g, k, "settle", code, r->anchor == ANCHOR_ACCEPTANCE ? day : k->c.received_on,
		    (k->c.remote ? DL_REMOTE : 0u) | (k->c.complex ? DL_COMPLEX : 0u), e);
	if (!ret)
		ret = gen_event(g, k, 1, day, "accepted", true, ST_ACCEPTED, "", e);
	return ret;
}

/* Taken into work: acceptance for every kind but anonymous information, which is started. */
static enum dv_err gen_take(struct case_gen *g, struct gen_case *k, dv_date day,
                            struct case_change *ch, struct dv_error *e)
{
	enum dv_err ret;

	if (k->c.kind != KIND_ANONYMOUS)
		return gen_accept(g, k, day, ch, e);
	ret = gen_meet(g, k, gen_steps_forward, day, e);
	if (!ret)
		ret = gen_event(g, k, 1, day, "started", false, ST_IN_PROGRESS, "", e);
	return ret;
}

/* The day a case is taken into work: within its acceptance period (a few days without one). */
static dv_date take_day(const struct case_gen *g, struct gen_case *k)
{
	const struct gen_clock *acc = clock_of(k, "accept");
	dv_date hi = acc ? min_day(acc->d.due, k->c.received_on + 9) : k->c.received_on + 5;

	return min_day(day_in(g, k->i, F_ACCEPT, k->c.received_on, hi), g->today);
}

/* The decision (ACT_DECIDE) on time or, for `late`, after the settlement clock; then, for most
 * complaints, its publication. */
static enum dv_err gen_decide(struct case_gen *g, struct gen_case *k, dv_date from, bool late,
                              struct case_change *ch, struct dv_error *e)
{
	struct gen_clock *s = clock_of(k, "settle");
	dv_date due = s ? s->d.due : from + 20, day;
	bool on_time;
	enum dv_err ret;

	if (s && late)
		day = day_in(g, k->i, F_DECIDE, due + 1, due + 20);
	else
		day = day_in(g, k->i, F_DECIDE, from, max_day(from, due));
	day = max_day(min_day(day, g->today), from);
	on_time = !s || s->met || day <= s->d.due;
	ch->decided_on = day;
	ch->decision = text_decision;
	ch->decision_public = 1;
	ret = gen_meet(g, k, gen_steps_received, day, e);
	if (!ret)
		ret = gen_meet(g, k, gen_steps_settle, day, e);
	if (!ret)
		ret = case_agg_decided(g->db, &k->c, day, on_time, e);
	if (!ret && (k->c.kind == KIND_COMPLAINT1 || k->c.kind == KIND_COMPLAINT2))
		ret = gen_clock_put(g, k, "publish", "KN_PUBLISH", day, 0, e);
	if (!ret)
		ret = gen_event(g, k, 2, day, "decided", true, ST_DECIDED, text_decision, e);
	if (!ret && clock_of(k, "publish") && rnd(g->seed, k->i, F_PUBLISH) % 10 < 9) {
		const struct gen_clock *p = clock_of(k, "publish");
		dv_date pd = day_in(g, k->i, F_PUBLISH + 100, day, min_day(p->d.due, day + 14));

		if (pd <= g->today) {
			ret = gen_meet(g, k, gen_steps_publish, pd, e);
			if (!ret)
				ret =
				    gen_event(g, k, 3, pd, "published", true, ST_PUBLISHED, "", e);
		}
	}
	return ret;
}

/* Ended without a decision: withdrawn by the citizen, refused then closed, or (anonymous
 * information) closed with a reason. */
static enum dv_err gen_end(struct case_gen *g, struct gen_case *k, struct case_change *ch,
                           struct dv_error *e)
{
	uint64_t how = rnd(g->seed, k->i, F_END) % 100;
	dv_date r = k->c.received_on, day;
	enum dv_err ret = DV_OK;

	if (k->c.kind == KIND_ANONYMOUS) {
		day = min_day(day_in(g, k->i, F_CLOSE, r, r + 15), g->today);
		ret = gen_meet(g, k, gen_steps_all, day, e);
		if (!ret)
			ret =
			    gen_event(g, k, 1, day, "closed", true, ST_CLOSED, text_anon_close, e);
		ch->closed_at = k->t;
		return ret;
	}
	if (how < 55) {
		day = r;
		if (how < 28) {
			day = take_day(g, k);
			ret = gen_accept(g, k, day, ch, e);
		}
		day = min_day(day_in(g, k->i, F_CLOSE, day, day + 20), g->today);
		if (!ret)
			ret = gen_meet(g, k, gen_steps_all, day, e);
		if (!ret)
			ret = gen_event(g, k, 2, day, "withdrawn", true, ST_WITHDRAWN, "", e);
		ch->closed_at = k->t;
		return ret;
	}
	day = take_day(g, k);
	ret = gen_meet(g, k, gen_steps_all, day, e);
	if (!ret)
		ret = gen_event(g, k, 1, day, "refused", true, ST_REFUSED, text_refusal, e);
	day = min_day(day_in(g, k->i, F_CLOSE, day, day + 10), g->today);
	if (!ret)
		ret = gen_event(g, k, 2, day, "closed", true, ST_CLOSED, "", e);
	ch->closed_at = k->t;
	return ret;
}

/*
 * What becomes of case `i` and the day it is received: ~85% decided (a tenth of them late),
 * ~5% ended otherwise, ~10% still open: recent ones, and older ones whose clocks ran out.
 */
static dv_date case_fate(const struct case_gen *g, int64_t i, enum fate *fate, bool *late,
                         bool *stale)
{
	uint64_t w = rnd(g->seed, i, F_FATE) % 1000;

	*fate = w < 850 ? FATE_DECIDED : w < 900 ? FATE_ENDED : FATE_OPEN;
	*late = rnd(g->seed, i, F_LATE) % 10 == 0;
	*stale = rnd(g->seed, i, F_OPEN) % 10 < 4;
	if (*fate != FATE_OPEN)
		return day_in(g, i, F_RECEIVED, g->first, g->last);
	if (*stale)
		return day_in(g, i, F_RECEIVED, g->first, max_day(g->first, g->last - 75));
	return day_in(g, i, F_RECEIVED, max_day(g->first, g->last - 24), g->last);
}

static int key_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The commune of case `i`: every commune once, then by weight. */
static size_t case_commune(const struct case_gen *g, int64_t i)
{
	if ((uint64_t)i < g->nc)
		return (size_t)i;
	return (size_t)pick_cum(g->commune_cum, g->nc, rnd(g->seed, i, F_COMMUNE));
}

static dv_date case_day(const struct case_gen *g, int64_t i)
{
	enum fate fate;
	bool late, stale;

	return case_fate(g, i, &fate, &late, &stale);
}

/* Case `i`: received as the intake writes it (case_insert with its handler and count, the
 * clocks of its kind, the "received" event), then taken through the workflow's writes. */
static enum dv_err gen_case_one(struct case_gen *g, int64_t i, struct dv_error *e)
{
	struct case_new in;
	struct case_change ch;
	struct gen_case k;
	const struct gen_commune *cm;
	const struct topic *tp;
	char code[TRACKING_LEN + 1];
	uint64_t w;
	enum fate fate;
	bool late, stale;
	unsigned flags;
	size_t j;
	dv_date r;
	enum dv_err ret;

	memset(&in, 0, sizeof(in));
	memset(&k, 0, sizeof(k));
	arena_reset(g->row);
	k.i = i;

	cm = &g->communes[case_commune(g, i)];
	in.area_id = cm->id;
	in.remote = cm->remote;
	if (cm->vcount && rnd(g->seed, i, F_VILLAGE) % 2) {
		const struct gen_village *v =
		    &g->villages[cm->vfirst + rnd(g->seed, i, F_VILLAGE + 100) % cm->vcount];

		in.area_id = v->id;
		in.remote = v->remote;
	}
	w = rnd(g->seed, i, F_KIND) % 1000;
	for (j = 0; j + 1 < sizeof(kind_mix) / sizeof(kind_mix[0]) && w >= kind_mix[j].w; j++)
		w -= kind_mix[j].w;
	in.kind = kind_mix[j].kind;
	w = rnd(g->seed, i, F_CHANNEL) % 1000;
	for (j = 0; j + 1 < sizeof(channel_mix) / sizeof(channel_mix[0]) && w >= channel_mix[j].w;
	     j++)
		w -= channel_mix[j].w;
	in.channel = channel_mix[j].channel;
	tp = &g->topics[pick_cum(g->topic_cum, g->nt, rnd(g->seed, i, F_TOPIC))];
	in.topic_id = tp->id;

	r = case_fate(g, i, &fate, &late, &stale);
	ret = gen_route(g, cm, in.area_id, in.topic_id, in.kind, &in.handling_unit_id, e);
	if (ret)
		return ret;
	case_code(g, i, code);
	in.tracking_code = code;
	in.status = ST_RECEIVED;
	in.title = arena_printf(g->row, "%s: %s #%lld", tp->name, case_kind_label(in.kind, false),
	                        (long long)i + 1);
	in.description = arena_printf(g->row, text_description, (long long)i + 1,
	                              case_kind_label(in.kind, false), tp->name);
	in.text_fold =
	    in.title && in.description ? app_fold(g->row, in.title, in.description) : NULL;
	if (in.kind != KIND_ANONYMOUS)
		in.submitter_name = arena_printf(g->row, text_submitter, (long long)i + 1);
	if (!in.text_fold || (in.kind != KIND_ANONYMOUS && !in.submitter_name))
		return dv_fail(e, DV_ENOMEM, "out of memory");
	in.people_count = 1;
	in.received_on = r;
	in.received_at = gen_time(g, &k, 0, r);

	ret = case_insert(g->db, &in, &k.c.id, e);
	if (ret)
		return ret;
	k.c.kind = in.kind;
	k.c.topic_id = in.topic_id;
	k.c.area_id = in.area_id;
	k.c.commune_id = cm->id;
	k.c.handling_unit_id = in.handling_unit_id;
	k.c.remote = in.remote;
	k.c.received_on = r;
	k.status = ST_RECEIVED;

	/* the intake's clocks: acceptance (else settlement) and forwarding, from receipt */
	flags = in.remote ? DL_REMOTE : 0u;
	if (workflow_accept_rule(in.kind))
		ret = gen_clock_put(g, &k, "accept", workflow_accept_rule(in.kind), r, flags, e);
	else
		ret = gen_clock_put(g, &k, "settle", workflow_settle_rule(in.kind), r, flags, e);
	if (!ret)
		ret = gen_clock_put(g, &k, "forward", workflow_forward_rule(in.kind), r, flags, e);
	if (!ret)
		ret = case_event_first(g->db, k.c.id, 0, in.handling_unit_id, "received", true,
		                       NULL, case_status_name(ST_RECEIVED), "", in.received_at, e);
	if (ret)
		return ret;

	memset(&ch, 0, sizeof(ch));
	ch.assignee_id = -1;
	ch.decision_public = -1;
	ch.extensions = -1;
	ch.complex = -1;
	switch (fate) {
	case FATE_DECIDED: {
		dv_date day = take_day(g, &k);

		ret = gen_take(g, &k, day, &ch, e);
		if (!ret)
			ret = gen_decide(g, &k, day, late, &ch, e);
		break;
	}
	case FATE_ENDED:
		ret = gen_end(g, &k, &ch, e);
		break;
	case FATE_OPEN:
		/* just received: still within the first clocks; anonymous information left
		 * untouched past its transfer clock */
		if ((!stale && r + 4 >= g->today) || (stale && in.kind == KIND_ANONYMOUS))
			break;
		ret = gen_take(g, &k, take_day(g, &k), &ch, e);
		break;
	}
	if (ret || k.status == ST_RECEIVED)
		return ret;
	ch.status = k.status;
	ch.now = k.t;
	return case_update(g->db, k.c.id, &ch, e);
}

/* The areas in force under `code` at `level` (valid_to NULL), appended to *out. */
static enum dv_err areas_under(struct db *db, const char *code, int level, struct arena *a,
                               struct area **out, size_t *n, size_t *cap, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct area *list;
	size_t m, j;
	enum dv_err ret = area_children(db, &sys, code, a, &list, &m, e);

	for (j = 0; !ret && j < m; j++) {
		if (list[j].level != level || list[j].valid_to)
			continue;
		if (ARENA_RESERVE(a, *out, *n, *cap, 64))
			return dv_fail(e, DV_ENOMEM, "out of memory");
		(*out)[(*n)++] = list[j];
	}
	return ret;
}

/* Everything the cases are drawn from, read once: the rules, holidays and topics, every
 * commune in force with its villages, designations and people's committee, and the weights. */
static enum dv_err case_gen_load(struct case_gen *g, struct arena *a, struct dv_error *e)
{
	struct area *nations = NULL, *provinces = NULL, *communes = NULL, *villages = NULL;
	size_t nn = 0, np = 0, ncm = 0, nvl = 0, cn = 0, cp = 0, cc = 0, cv = 0, cw = 0, j, p;
	uint64_t total = 0;
	int64_t version = 0, routing = 0;
	enum dv_err ret;

	ret = catalog_version(g->db, &version, &routing, e);
	if (!ret)
		ret = ruleset_load(g->db, a, &g->sets, &g->nsets, e);
	if (!ret)
		ret = holiday_load(g->db, a, &g->h, e);
	if (!ret)
		ret = topic_list(g->db, false, a, &g->topics, &g->nt, e);
	if (!ret)
		ret = areas_under(g->db, NULL, AREA_NATION, a, &nations, &nn, &cn, e);
	for (j = 0; !ret && j < nn; j++)
		ret =
		    areas_under(g->db, nations[j].code, AREA_PROVINCE, a, &provinces, &np, &cp, e);
	if (ret)
		return ret;
	if (!g->nt || !np)
		return dv_fail(e, DV_ENOTFOUND, "no topics or areas: run 'danvan demo' first");
	g->routing_rules = routing > 0;
	g->topic_cum = arena_new_array(a, uint64_t, g->nt);
	if (!g->topic_cum)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (j = 0; j < g->nt; j++) {
		unsigned w = TOPIC_OTHER_W;
		size_t t;

		for (t = 0; t < sizeof(topic_mix) / sizeof(topic_mix[0]); t++)
			if (!strcmp(topic_mix[t].code, g->topics[j].code))
				w = topic_mix[t].w;
		total += w;
		g->topic_cum[j] = total;
	}

	/* communes province by province, each with a weight: its province's draw times its own */
	total = 0;
	for (p = 0; !ret && p < np; p++) {
		uint64_t pw = province_mix[rnd(g->seed, (int64_t)p, F_WEIGHT) %
		                           (sizeof(province_mix) / sizeof(province_mix[0]))];
		size_t from = ncm;

		ret =
		    areas_under(g->db, provinces[p].code, AREA_COMMUNE, a, &communes, &ncm, &cc, e);
		for (j = from; !ret && j < ncm; j++) {
			if (ARENA_RESERVE(a, g->commune_cum, j, cw, 1024))
				return dv_fail(e, DV_ENOMEM, "out of memory");
			total += pw * (4 + rnd(g->seed, (int64_t)j, F_WEIGHT + 1) % 5);
			g->commune_cum[j] = total;
		}
	}
	if (!ret && !ncm)
		ret = dv_fail(e, DV_ENOTFOUND, "no communes: run 'danvan demo' first");
	if (ret)
		return ret;
	g->nc = ncm;
	g->communes = arena_new_array(a, struct gen_commune, ncm);
	if (!g->communes)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (j = 0; !ret && j < ncm; j++) {
		struct gen_commune *cm = &g->communes[j];
		size_t from = nvl, v;

		cm->id = communes[j].id;
		cm->remote = (communes[j].designations & DESIG_REMOTE) != 0;
		ret =
		    areas_under(g->db, communes[j].code, AREA_VILLAGE, a, &villages, &nvl, &cv, e);
		cm->vfirst = from;
		cm->vcount = nvl - from;
		for (v = from; v < nvl; v++)
			villages[v].designations |= communes[j].designations & DESIG_REMOTE;
		if (!ret && !g->routing_rules) {
			ret =
			    routing_resolve(g->db, cm->id, g->topics[0].id,
			                    case_kind_name(KIND_FEEDBACK), false, &cm->unit_id, e);
			if (ret == DV_ENOTFOUND) {
				dv_error_clear(e);
				ret = dv_fail(e, DV_EINVAL, "no unit handles cases in area '%s'",
				              communes[j].code);
			}
		}
	}
	if (ret)
		return ret;
	g->nv = nvl;
	g->villages = arena_new_array(a, struct gen_village, nvl ? nvl : 1);
	if (!g->villages)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (j = 0; j < nvl; j++) {
		g->villages[j].id = villages[j].id;
		g->villages[j].remote = (villages[j].designations & DESIG_REMOTE) != 0;
	}
	return DV_OK;
}

enum dv_err app_gen_cases(struct app *app, struct db *db, int64_t n, uint64_t seed, int year,
                          import_progress_fn progress, void *arg, int64_t *written,
                          struct dv_error *e)
{
	struct scope sys = scope_system();
	struct arena *a = arena_new(), *row = arena_new();
	struct case_gen g;
	const struct rule_set *first_set = NULL;
	uint64_t *order = NULL;
	int64_t c0, told = 0;
	unsigned salt = 0, tries = 0;
	size_t j;
	enum dv_err ret;

	(void)app;
	*written = 0;
	memset(&g, 0, sizeof(g));
	if (!a || !row) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	g.db = db;
	g.seed = seed;
	g.row = row;
	g.now = time_now();
	g.today = date_of_instant(g.now);
	ret = db_begin(db, DB_TX_READ, e);
	if (!ret) {
		ret = case_gen_load(&g, a, e);
		db_rollback(db);
	}
	if (ret)
		goto cleanup;

	/* the year up to today, from the first day a rule set is in force */
	for (j = 0; j < g.nsets; j++)
		if (!first_set || g.sets[j].effective_from < first_set->effective_from)
			first_set = &g.sets[j];
	g.first = date_from_ymd(year, 1, 1);
	g.last = min_day(date_from_ymd(year, 12, 31), g.today);
	if (first_set)
		g.first = max_day(g.first, first_set->effective_from);
	if (!first_set || g.first > g.last) {
		ret =
		    dv_fail(e, DV_EINVAL, "no day of %d has passed with a rule set in force", year);
		goto cleanup;
	}

	/*
	 * Cases are written in the order they are received (chunk by chunk), as the intake would
	 * have: ids follow the days, and the indexes on days take their rows near the end. Within
	 * a day they go commune by commune, so that the indexes and aggregates keyed by area and
	 * unit are walked in order rather than at random (a page cache far smaller than them).
	 */
	order = malloc(sizeof(*order) * (size_t)(n < CASE_CHUNK ? n : CASE_CHUNK));
	if (g.nc >= (size_t)1 << 24) {
		ret =
		    dv_fail(e, DV_ELIMIT, "%zu communes are more than the generator orders", g.nc);
		goto cleanup;
	}
	if (!order) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (c0 = 0; !ret && c0 < n; c0 += CASE_CHUNK) {
		int64_t c1 = c0 + CASE_CHUNK < n ? c0 + CASE_CHUNK : n, i, pos = 0;

		for (i = c0; i < c1; i++)
			order[i - c0] = (uint64_t)(case_day(&g, i) - g.first) << 44 |
			                (uint64_t)case_commune(&g, i) << 20 | (uint64_t)(i - c0);
		qsort(order, (size_t)(c1 - c0), sizeof(*order), key_cmp);
		while (!ret && pos < c1 - c0) {
			int64_t end = pos + CASE_BATCH < c1 - c0 ? pos + CASE_BATCH : c1 - c0, k;

			g.code_base = rnd(seed, -1, salt);
			ret = db_begin(db, DB_TX_WRITE, e);
			for (k = pos; !ret && k < end; k++)
				ret = gen_case_one(&g, c0 + (int64_t)(order[k] & CHUNK_MASK), e);
			if (!ret)
				ret = db_commit(db, e);
			if (ret) {
				db_rollback(db);
				/* a tracking code taken already: this batch again with other codes
				 */
				if (ret == DV_EEXIST && ++tries < CODE_TRIES) {
					dv_error_clear(e);
					salt++;
					ret = DV_OK;
				}
				continue;
			}
			*written += end - pos;
			pos = end;
			if (progress && (*written / CASE_PROGRESS > told || *written == n)) {
				told = *written / CASE_PROGRESS;
				progress(arg, *written, *written);
			}
		}
	}
	/* one audit record for the whole generation */
	if (*written) {
		struct dv_error ae = DV_ERROR_INIT;
		char detail[96];

		snprintf(detail, sizeof(detail), "%lld cases of %d, seed %llu", (long long)*written,
		         year, (unsigned long long)seed);
		if (db_begin(db, DB_TX_WRITE, &ae) ||
		    app_audit(db, &sys, "gen", "case.gen", "case", 0, detail, &ae) ||
		    db_commit(db, &ae))
			db_rollback(db);
	}
cleanup:
	free(order);
	arena_free(row);
	arena_free(a);
	return ret;
}
