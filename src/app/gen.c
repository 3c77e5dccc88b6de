/* gen.c: the benchmark's national dataset: N synthetic activities on the real areas and the
 * demo's units, reproducible from a seed, loaded through the import's own path. */
#include "app/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/work.h"
#include "base/arena.h"
#include "base/date.h"
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
