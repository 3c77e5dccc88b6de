/* demo_work.c: the demo's year of mass-mobilisation work: twinning (divisions help provinces,
 * regiments communes, battalions villages), working groups of border guard posts, activities
 * of the army units and commune military commands over the last twelve months, and plans. All
 * synthetic (the README says so), reproducible, written through the same use cases as the UI. */
#include "app/demo.h"

#include <stdio.h>
#include <string.h>

#include "app/work.h"
#include "base/arena.h"
#include "base/date.h"
#include "store/area.h"
#include "store/unit.h"

#include "base/banned.h"

/* A deterministic spread: the same demo every time. */
static unsigned pick(uint64_t seed, unsigned salt, unsigned n)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + salt * 0xbf58476d1ce4e5b9ull;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 29;
	return n ? (unsigned)(x % n) : 0;
}

struct plan_kind {
	const char *type, *measure, *title;
	unsigned people, workdays, households, value_k; /* value in thousand VND */
	double measure_value;
};

/* What army units typically log, with plausible figures (each scaled a little per activity). */
static const struct plan_kind kinds[] = {
    {"house", "houses_built", "Xây nhà đại đoàn kết cho hộ nghèo", 30, 90, 1, 60000, 1},
    {"infrastructure", "road_km", "Làm đường giao thông nông thôn", 60, 240, 40, 120000, 1.2},
    {"agriculture", "hectares", "Giúp dân thu hoạch lúa", 80, 80, 25, 0, 12},
    {"health", "people_examined", "Khám bệnh, cấp thuốc miễn phí", 12, 12, 60, 15000, 220},
    {"propaganda", "attendees", "Tuyên truyền pháp luật, chính sách", 6, 6, 0, 0, 150},
    {"disaster", "households_helped", "Giúp dân khắc phục hậu quả mưa lũ", 120, 360, 45, 30000, 45},
    {"schooling", "pupils", "Tặng sách vở, học bổng cho học sinh", 8, 8, 30, 20000, 30},
    {"policy", "gifts", "Thăm, tặng quà gia đình chính sách", 10, 10, 20, 10000, 20},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

struct work_ctx {
	struct app *app;
	struct db *db;
	struct scope sc;
	struct arena *a;
	dv_date today;
	int64_t activities, twinnings, groups, plans;
};

static const char *day_text(struct arena *a, dv_date d)
{
	char buf[11];

	date_format(d, buf);
	return arena_strdup(a, buf);
}

/* One activity of kind k by `unit` in `area`, `days_ago` days back. */
static enum dv_err log_one(struct work_ctx *c, int64_t unit, const char *area, unsigned k,
			   unsigned days_ago, uint64_t seed, struct dv_error *e)
{
	const struct plan_kind *pk = &kinds[k];
	struct activity_input in;
	unsigned scale = 70 + pick(seed, 7, 61); /* 70 % to 130 % */
	dv_date day = c->today - (dv_date)days_ago;

	memset(&in, 0, sizeof(in));
	in.type = pk->type;
	in.lead_unit = arena_printf(c->a, "%lld", (long long)unit);
	in.area = area;
	in.start_on = day_text(c->a, day);
	in.end_on = day_text(c->a, day + (pk->workdays > pk->people * 2 ? 2 : 0));
	in.title = pk->title;
	in.description = "Hoạt động minh họa của dữ liệu mẫu (demo), không phải số liệu thật.";
	in.participants = arena_printf(c->a, "%u", pk->people * scale / 100 + 1);
	in.workdays = arena_printf(c->a, "%u", pk->workdays * scale / 100 + 1);
	in.households = arena_printf(c->a, "%u", pk->households * scale / 100);
	in.persons = arena_printf(c->a, "%u", pk->households * scale / 100 * 4);
	in.value_cash = arena_printf(c->a, "%u000", pk->value_k * scale / 100);
	in.value_kind = arena_printf(c->a, "%u000", pk->value_k * scale / 400);
	in.measure_code[0] = pk->measure;
	in.measure_value[0] = arena_printf(c->a, "%.1f", pk->measure_value * scale / 100.0);
	in.n_measures = 1;
	c->activities++;
	return app_activity_save(c->app, c->db, &c->sc, "demo", 0, 0, &in, NULL, e);
}

static enum dv_err units_of(struct work_ctx *c, const char *kind, struct unit **out, size_t *n,
			    struct dv_error *e)
{
	int64_t total;
	enum dv_err ret = db_begin(c->db, DB_TX_READ, e);

	if (!ret)
		ret = unit_search(c->db, &c->sc, "", kind, 100000, 0, c->a, out, n, &total, e);
	db_rollback(c->db);
	return ret;
}

static enum dv_err area_of(struct work_ctx *c, int64_t id, struct area *out, struct dv_error *e)
{
	enum dv_err ret = db_begin(c->db, DB_TX_READ, e);

	if (!ret)
		ret = area_get_by_id(c->db, &c->sc, id, c->a, out, e);
	db_rollback(c->db);
	return ret;
}

static enum dv_err twin(struct work_ctx *c, int64_t unit, const char *area, const char *purpose,
			unsigned since_days, struct dv_error *e)
{
	struct twinning_input in;

	memset(&in, 0, sizeof(in));
	in.unit = arena_printf(c->a, "%lld", (long long)unit);
	in.area = area;
	in.purpose = purpose;
	in.status = "active";
	in.start_on = day_text(c->a, c->today - (dv_date)since_days);
	c->twinnings++;
	return app_twinning_save(c->app, c->db, &c->sc, "demo", 0, &in, NULL, e);
}

/* Battalions help a village of their commune and log a year of work there. */
static enum dv_err battalions(struct work_ctx *c, struct dv_error *e)
{
	struct unit *u;
	size_t n, i, k;
	enum dv_err ret = units_of(c, "battalion", &u, &n, e);

	for (i = 0; !ret && i < n; i++) {
		struct area home, *kids = NULL;
		size_t nk = 0;
		const char *village;

		ret = area_of(c, u[i].home_area_id, &home, e);
		if (!ret) {
			ret = db_begin(c->db, DB_TX_READ, e);
			if (!ret)
				ret = area_children(c->db, &c->sc, home.code, c->a, &kids, &nk, e);
			db_rollback(c->db);
		}
		if (ret)
			break;
		village = nk ? kids[pick((uint64_t)u[i].id, 1, (unsigned)nk)].code : home.code;
		ret = twin(c, u[i].id, village, "Kết nghĩa, giúp thôn xây dựng nông thôn mới", 300, e);
		for (k = 0; !ret && k < 24; k++)
			ret = log_one(c, u[i].id, k % 3 ? village : home.code,
				      pick((uint64_t)u[i].id, 10 + (unsigned)k, NKINDS),
				      pick((uint64_t)u[i].id, 100 + (unsigned)k, 360), (uint64_t)u[i].id * 97 + k,
				      e);
	}
	return ret;
}

/* Regiments and divisions help their home commune or province. */
static enum dv_err regiments(struct work_ctx *c, const char *kind, const char *purpose,
			     unsigned per_unit, struct dv_error *e)
{
	struct unit *u;
	size_t n, i, k;
	enum dv_err ret = units_of(c, kind, &u, &n, e);

	for (i = 0; !ret && i < n; i++) {
		struct area home;

		ret = area_of(c, u[i].home_area_id, &home, e);
		if (!ret)
			ret = twin(c, u[i].id, home.code, purpose, 360, e);
		for (k = 0; !ret && k < per_unit; k++)
			ret = log_one(c, u[i].id, home.code,
				      pick((uint64_t)u[i].id, 20 + (unsigned)k, NKINDS),
				      pick((uint64_t)u[i].id, 200 + (unsigned)k, 360),
				      (uint64_t)u[i].id * 31 + k, e);
	}
	return ret;
}

/* A commune military command logs a few activities in its commune (one in four communes). */
static enum dv_err commune_commands(struct work_ctx *c, struct dv_error *e)
{
	struct unit *u;
	size_t n, i, k;
	enum dv_err ret = units_of(c, "commune-military-command", &u, &n, e);

	for (i = 0; !ret && i < n; i++) {
		struct area home;

		if (pick((uint64_t)u[i].id, 3, 4))
			continue;
		ret = area_of(c, u[i].home_area_id, &home, e);
		for (k = 0; !ret && k < 2; k++)
			ret = log_one(c, u[i].id, home.code,
				      pick((uint64_t)u[i].id, 30 + (unsigned)k, NKINDS),
				      pick((uint64_t)u[i].id, 300 + (unsigned)k, 360),
				      (uint64_t)u[i].id * 13 + k, e);
	}
	return ret;
}

/* Commune mass-mobilisation boards hold a session or a dialogue (one in two communes). */
static enum dv_err boards(struct work_ctx *c, struct dv_error *e)
{
	struct unit *u;
	size_t n, i;
	enum dv_err ret = units_of(c, "mm-board", &u, &n, e);

	for (i = 0; !ret && i < n; i++) {
		struct area home;

		if (pick((uint64_t)u[i].id, 5, 2))
			continue;
		ret = area_of(c, u[i].home_area_id, &home, e);
		if (!ret && home.level == 2)
			ret = log_one(c, u[i].id, home.code, 4 /* propaganda */,
				      pick((uint64_t)u[i].id, 400, 360), (uint64_t)u[i].id * 7, e);
	}
	return ret;
}

/* Border guard posts deploy working groups to their commune. */
static enum dv_err groups(struct work_ctx *c, struct dv_error *e)
{
	struct unit *u;
	size_t n, i;
	enum dv_err ret = units_of(c, "border-guard-post", &u, &n, e);

	for (i = 0; !ret && i < n; i++) {
		struct group_input in;
		struct area home;

		ret = area_of(c, u[i].home_area_id, &home, e);
		if (ret)
			break;
		memset(&in, 0, sizeof(in));
		in.unit = arena_printf(c->a, "%lld", (long long)u[i].id);
		in.area = home.code;
		in.name = arena_printf(c->a, "Tổ công tác tăng cường %s", home.name);
		in.start_on = day_text(c->a, c->today - 200);
		in.end_on = day_text(c->a, c->today + 165);
		in.members = "5";
		in.tasks = "Bám địa bàn, giúp dân sản xuất, tuyên truyền pháp luật biên giới.";
		c->groups++;
		ret = app_group_save(c->app, c->db, &c->sc, "demo", 0, &in, NULL, e);
	}
	return ret;
}

/* Each division's plan for the year, approved; each regiment's, submitted. */
static enum dv_err plans(struct work_ctx *c, const char *kind, bool approve, struct dv_error *e)
{
	static const struct target_input targets[] = {
	    {"activities", "house", NULL, NULL, "20", "Nhà đại đoàn kết"},
	    {"measure", "infrastructure", "road_km", NULL, "15", "Km đường giao thông"},
	    {"households", NULL, NULL, NULL, "600", "Hộ được giúp đỡ"},
	    {"workdays", NULL, NULL, NULL, "5000", "Ngày công"},
	};
	struct unit *u;
	size_t n, i, k;
	int y, m, d;
	enum dv_err ret = units_of(c, kind, &u, &n, e);

	date_to_ymd(c->today, &y, &m, &d);
	for (i = 0; !ret && i < n; i++) {
		struct plan_input in;
		int64_t id = 0;

		memset(&in, 0, sizeof(in));
		in.unit = arena_printf(c->a, "%lld", (long long)u[i].id);
		in.year = arena_printf(c->a, "%d", y);
		in.title = arena_printf(c->a, "Kế hoạch công tác dân vận năm %d", y);
		in.note = "Kế hoạch minh họa của dữ liệu mẫu.";
		ret = app_plan_create(c->app, c->db, &c->sc, "demo", &in, &id, e);
		for (k = 0; !ret && k < sizeof(targets) / sizeof(targets[0]); k++)
			ret = app_plan_target_add(c->app, c->db, &c->sc, "demo", id, &targets[k], NULL,
						  e);
		if (!ret)
			ret = app_plan_act(c->app, c->db, &c->sc, "demo", id, "submit", NULL, e);
		if (!ret && approve)
			ret = app_plan_act(c->app, c->db, &c->sc, "demo", id, "approve", NULL, e);
		c->plans++;
	}
	return ret;
}

enum dv_err demo_work(struct app *app, struct db *db, struct dv_error *e)
{
	struct work_ctx c;
	enum dv_err ret;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.db = db;
	c.sc = scope_system();
	c.today = date_of_instant(time_now());
	c.a = arena_new();
	if (!c.a)
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo's work");
	ret = battalions(&c, e);
	if (!ret)
		ret = regiments(&c, "regiment", "Kết nghĩa, giúp xã xây dựng cơ sở chính trị vững mạnh",
				12, e);
	if (!ret)
		ret = regiments(&c, "division", "Giúp tỉnh xóa nhà tạm, nhà dột nát", 6, e);
	if (!ret)
		ret = commune_commands(&c, e);
	if (!ret)
		ret = boards(&c, e);
	if (!ret)
		ret = groups(&c, e);
	if (!ret)
		ret = plans(&c, "division", true, e);
	if (!ret)
		ret = plans(&c, "regiment", false, e);
	arena_free(c.a);
	return ret;
}
