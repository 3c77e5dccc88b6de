/* dash.c: a dashboard's figures from the aggregates, and a process-wide cache of them keyed by
 * (public or not, area, period, day) and checked against the aggregates' version. */
#include "app/dash.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/work.h"
#include "base/arena.h"

#include "base/banned.h"

/* a province's dashboards with their maps are a few hundred KB; a commune's a few KB */
#define CACHE_SLOTS 1024
#define BLOBS 32

struct blob {
	char key[48];
	char *text;
	size_t len;
};
/* A cached dashboard: the struct first, so that a `const struct dashboard *` finds its entry. */
struct entry {
	struct dashboard d;
	struct arena *a;
	char key[80];
	uint64_t hash; /* of key: the lookup compares it first */
	int refs;
	bool cached; /* in a slot (else freed at its last release) */
	uint64_t used;
	struct blob blobs[BLOBS];
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *slots[CACHE_SLOTS];
static uint64_t tick;

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void entry_free(struct entry *en)
{
	for (int i = 0; i < BLOBS; i++)
		free(en->blobs[i].text);
	arena_free(en->a);
	free(en);
}

void app_dashboard_release(const struct dashboard *d)
{
	struct entry *en = (struct entry *)(uintptr_t)d;
	bool drop;

	if (!d)
		return;
	pthread_mutex_lock(&cache_mu);
	drop = --en->refs == 0 && !en->cached;
	pthread_mutex_unlock(&cache_mu);
	if (drop)
		entry_free(en);
}

const char *app_dashboard_blob(const struct dashboard *d, const char *key, size_t *len)
{
	struct entry *en = (struct entry *)(uintptr_t)d;
	const char *out = NULL;

	pthread_mutex_lock(&cache_mu);
	for (int i = 0; i < BLOBS && en->blobs[i].text; i++)
		if (!strcmp(en->blobs[i].key, key)) {
			out = en->blobs[i].text;
			*len = en->blobs[i].len;
			break;
		}
	pthread_mutex_unlock(&cache_mu);
	return out;
}

const char *app_dashboard_blob_put(const struct dashboard *d, const char *key, const char *text,
				   size_t len)
{
	struct entry *en = (struct entry *)(uintptr_t)d;
	char *copy = malloc(len + 1);
	const char *out = NULL;
	int i;

	if (!copy || strlen(key) >= sizeof(en->blobs[0].key)) {
		free(copy);
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = 0;
	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < BLOBS && en->blobs[i].text; i++)
		if (!strcmp(en->blobs[i].key, key))
			break;
	if (i < BLOBS && en->blobs[i].text) {
		out = en->blobs[i].text; /* another thread drew it first */
	} else if (i < BLOBS) {
		snprintf(en->blobs[i].key, sizeof(en->blobs[i].key), "%s", key);
		en->blobs[i].text = copy;
		en->blobs[i].len = len;
		out = copy;
		copy = NULL;
	}
	pthread_mutex_unlock(&cache_mu);
	free(copy);
	return out;
}

int64_t dash_public_count(int64_t n, int64_t min)
{
	return n > 0 && n < min ? -1 : n;
}

double dash_on_time_percent(const struct case_figures *f)
{
	return f->decided > 0 ? 100.0 * (double)f->on_time / (double)f->decided : -1;
}

double dash_rate_shown(const struct case_figures *f, int64_t min)
{
	if (min > 0 && (f->decided < min || dash_public_count(f->on_time, min) < 0 ||
			dash_public_count(f->decided - f->on_time, min) < 0))
		return -1;
	return dash_on_time_percent(f);
}

/* ---- computing ---- */

static void cases_add(struct case_figures *to, const struct case_figures *f)
{
	to->received += f->received;
	to->accepted += f->accepted;
	to->decided += f->decided;
	to->on_time += f->on_time;
}

static int child_by_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dash_child *)elem)->area.code);
}

static struct dash_child *child_find(struct dashboard *d, const char *code)
{
	return code ? bsearch(code, d->children, d->n_children, sizeof(*d->children),
			      child_by_code)
		    : NULL;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static enum dv_err compute(struct db *db, const struct scope *sc, struct arena *a,
			   struct dashboard *d, struct dv_error *e)
{
	struct dash_area *kids;
	struct case_row *rows;
	struct rollup_row *wr;
	size_t n, nw, i;
	int64_t *ids, *overdue;
	struct model_figures *mf;
	dv_date first, last;
	char from_day[11], to_day[11];
	enum dv_err ret;

	ret = dash_area_children(db, d->area.id, d->public_, a, &kids, &n, e);
	if (ret)
		return ret;
	d->children = arena_new_array(a, struct dash_child, n ? n : 1);
	ids = arena_new_array(a, int64_t, n ? n : 1);
	overdue = arena_new_array(a, int64_t, n ? n : 1);
	mf = arena_new_array(a, struct model_figures, n ? n : 1);
	if (!d->children || !ids || !overdue || !mf)
		return dv_fail(e, DV_ENOMEM, "dashboard: out of memory");
	d->n_children = n;
	for (i = 0; i < n; i++) {
		d->children[i].area = kids[i];
		ids[i] = kids[i].id;
	}

	/* cases: the area's months (its total), kinds, topics, then each child's */
	{
		char months[12][8];

		d->n_months = period_months(&d->period, months);
		for (int k = 0; k < d->n_months; k++)
			memcpy(d->months[k].month, months[k], 8);
	}
	ret = case_figures_read(db, d->area.id, d->period.from, d->period.to, CASES_MONTH, a, &rows,
				&n, &d->cases, e);
	for (i = 0; !ret && i < n; i++)
		for (int k = 0; k < d->n_months; k++)
			if (!strcmp(d->months[k].month, rows[i].code))
				d->months[k].cases = rows[i].f;
	if (!ret)
		ret = case_figures_read(db, d->area.id, d->period.from, d->period.to, CASES_KIND, a,
					&d->kinds, &d->n_kinds, NULL, e);
	if (!ret)
		ret = case_figures_read(db, d->area.id, d->period.from, d->period.to, CASES_TOPIC, a,
					&d->topics, &d->n_topics, NULL, e);
	if (!ret)
		ret = case_figures_read(db, d->area.id, d->period.from, d->period.to, CASES_CHILD, a,
					&rows, &n, NULL, e);
	for (i = 0; !ret && i < n; i++) {
		struct dash_child *c = child_find(d, rows[i].code);

		if (c)
			cases_add(&c->cases, &rows[i].f);
	}

	/* overdue now and models: per child by id */
	qsort(ids, d->n_children, sizeof(*ids), id_cmp);
	if (!ret)
		ret = case_overdue_counts(db, d->area.id, d->today, ids, overdue, d->n_children,
					  &d->overdue, e);
	period_days(&d->period, &first, &last);
	date_format(first, from_day);
	date_format(last, to_day);
	if (!ret)
		ret = model_figures_read(db, d->area.id, from_day, to_day, ids, mf, d->n_children,
					 &d->models, e);
	for (i = 0; !ret && i < d->n_children; i++) {
		struct dash_child *c = &d->children[i];
		int64_t *hit = bsearch(&c->area.id, ids, d->n_children, sizeof(*ids), id_cmp);

		c->overdue = overdue[hit - ids];
		c->models = mf[hit - ids];
	}

	/* activities: the rollups by month, type and child */
	if (!ret)
		ret = rollup_area(db, sc, d->area.id, d->period.from, d->period.to, 0, ROLLUP_MONTH,
				  a, &wr, &nw, &d->work, e);
	for (i = 0; !ret && i < nw; i++)
		for (int k = 0; k < d->n_months; k++)
			if (wr[i].month && !strcmp(d->months[k].month, wr[i].month))
				d->months[k].work = wr[i].f;
	if (!ret)
		ret = rollup_area(db, sc, d->area.id, d->period.from, d->period.to, 0, ROLLUP_TYPE,
				  a, &d->types, &d->n_types, NULL, e);
	if (!ret)
		ret = rollup_area(db, sc, d->area.id, d->period.from, d->period.to, 0, ROLLUP_CHILD,
				  a, &wr, &nw, NULL, e);
	for (i = 0; !ret && i < nw; i++) {
		struct dash_child *c = child_find(d, wr[i].code);

		if (c)
			c->work = wr[i].f;
	}
	return ret;
}

/* Take a slot for `en`: a free one, else the least recently used one nobody holds. */
static void cache_put(struct entry *en)
{
	int victim = -1;

	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (!slots[i]) {
			victim = i;
			break;
		}
		if (slots[i]->refs == 0 && (victim < 0 || slots[i]->used < slots[victim]->used))
			victim = i;
	}
	if (victim < 0)
		return; /* all held: this one stays uncached */
	if (slots[victim]) {
		slots[victim]->cached = false;
		if (slots[victim]->refs == 0)
			entry_free(slots[victim]);
	}
	slots[victim] = en;
	en->cached = true;
}

/* The area read for the request, into the entry's arena (code NULL when out of memory). */
static struct dash_area area_copy(struct arena *a, const struct dash_area *x)
{
	struct dash_area c = *x;
	const char **s[] = {&c.name, &c.name_en, &c.kind, &c.kind_en, &c.parent_code};

	c.code = arena_strdup(a, x->code);
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (*s[i] && !(*s[i] = arena_strdup(a, *s[i])))
			c.code = NULL;
	return c;
}

/* The cached entry of `key` at `version` (a reference taken), or NULL; a stale one is dropped. */
static struct entry *cache_find(const char *key, uint64_t hash, int64_t version)
{
	struct entry *en = NULL;

	pthread_mutex_lock(&cache_mu);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct entry *x = slots[i];

		if (!x || x->hash != hash || strcmp(x->key, key))
			continue;
		if (x->d.version == version) {
			x->refs++;
			x->used = ++tick;
			en = x;
		} else {
			/* stale: drop it from the cache (its holders keep it) */
			slots[i] = NULL;
			x->cached = false;
			if (x->refs == 0)
				entry_free(x);
		}
		break;
	}
	pthread_mutex_unlock(&cache_mu);
	return en;
}

enum dv_err app_dashboard(struct app *app, struct db *db, const struct scope *sc,
			  const char *area_code, const struct period *p, dv_date today,
			  const struct dashboard **out, bool *hit, struct dv_error *e)
{
	struct dash_area area;
	struct arena *tmp;
	struct entry *en = NULL;
	char key[80], day[11];
	uint64_t hash;
	int64_t version = 0;
	enum dv_err ret;

	(void)app;
	*out = NULL;
	if (hit)
		*hit = false;
	ret = agg_version(db, &version, e);
	if (ret)
		return ret;
	date_format(today, day);
	/* the portal's areas are all public: a cached one needs no look-up of the area */
	if (!sc && area_code && *area_code && strlen(area_code) < 32) {
		snprintf(key, sizeof(key), "p|%s|%s|%s", area_code, p->code, day);
		hash = key_hash(key);
		en = cache_find(key, hash, version);
		if (en) {
			if (hit)
				*hit = true;
			*out = &en->d;
			return DV_OK;
		}
	}
	tmp = arena_new();
	if (!tmp)
		return dv_fail(e, DV_ENOMEM, "dashboard: out of memory");
	if (!area_code || !*area_code) {
		if (sc)
			ret = dash_home_area(db, sc->unit_id, tmp, &area_code, e);
		else
			area_code = "VN";
	}
	if (!ret)
		ret = dash_area_get(db, sc, area_code, tmp, &area, e);
	if (ret) {
		arena_free(tmp);
		return ret;
	}
	snprintf(key, sizeof(key), "%c|%s|%s|%s", sc ? 's' : 'p', area.code, p->code, day);
	hash = key_hash(key);
	en = cache_find(key, hash, version);
	if (hit)
		*hit = en != NULL;
	if (en) {
		arena_free(tmp);
		*out = &en->d;
		return DV_OK;
	}

	en = calloc(1, sizeof(*en));
	if (!en || !(en->a = arena_new())) {
		free(en);
		arena_free(tmp);
		return dv_fail(e, DV_ENOMEM, "dashboard: out of memory");
	}
	en->d.area = area_copy(en->a, &area);
	arena_free(tmp);
	if (!en->d.area.code)
		ret = dv_fail(e, DV_ENOMEM, "dashboard: out of memory");
	en->d.period = *p;
	memcpy(en->d.today, day, sizeof(day));
	en->d.public_ = sc == NULL;
	en->d.version = version;
	snprintf(en->key, sizeof(en->key), "%s", key);
	en->hash = hash;
	if (!ret)
		ret = compute(db, sc, en->a, &en->d, e);
	if (ret) {
		entry_free(en);
		return ret;
	}
	en->refs = 1;
	pthread_mutex_lock(&cache_mu);
	en->used = ++tick;
	cache_put(en);
	pthread_mutex_unlock(&cache_mu);
	*out = &en->d;
	return DV_OK;
}

/* ---- plans ---- */

enum dv_err app_dashboard_plans(struct app *app, struct db *db, const struct scope *sc,
				const struct period *p, dv_date today, size_t limit,
				struct arena *a, struct dash_plan **out, size_t *n,
				int64_t *total, struct dv_error *e)
{
	struct plan_filter f = {.unit_id = sc->unit_id, .year = p->year,
				.status = PLAN_APPROVED, .limit = limit};
	struct plan *plans;
	size_t np;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = plan_list(db, sc, &f, a, &plans, &np, total, e);
	if (ret)
		return ret;
	*out = arena_new_array(a, struct dash_plan, np ? np : 1);
	if (!*out)
		return dv_fail(e, DV_ENOMEM, "plans: out of memory");
	for (size_t i = 0; i < np; i++) {
		struct plan_view v;
		struct dash_plan *r = &(*out)[i];
		double sum = 0;

		ret = app_plan_view(app, db, sc, plans[i].id, today, a, &v, e);
		if (ret)
			return ret;
		r->id = plans[i].id;
		r->unit_name = plans[i].unit_name;
		r->title = plans[i].title;
		r->year = plans[i].year;
		r->quarter = plans[i].quarter;
		r->n_targets = v.n_targets;
		for (size_t k = 0; k < v.n_targets; k++)
			sum += v.targets[k].percent > 100 ? 100 : v.targets[k].percent;
		r->percent = v.n_targets ? sum / (double)v.n_targets : 0;
	}
	*n = np;
	return DV_OK;
}
