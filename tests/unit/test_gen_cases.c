/* test_gen_cases.c: the benchmark's case generator on SQLite: counts, routing, clocks, status
 * proportions, aggregates against the facts, reproducibility and tracking codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/config.h"
#include "app/gen.h"
#include "base/date.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "core/tracking.h"
#include "store/area.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/unit.h"

#define N_CASES 2000

/*
 * VN ─ 01 ─ communes 00001..00004 (00004 remote), two villages each
 *    ├ 79 ─ communes 79001..79003, one village each
 *    └ 02 ─ communes 02001..02002, no villages
 * A people's committee for the nation's board, each province and each commune.
 */
static const struct {
	const char *code, *parent;
	int level;
	uint32_t desig;
	int villages;
} areas[] = {
    {"01", "VN", AREA_PROVINCE, 0, 0},
    {"79", "VN", AREA_PROVINCE, 0, 0},
    {"02", "VN", AREA_PROVINCE, 0, 0},
    {"00001", "01", AREA_COMMUNE, 0, 2},
    {"00002", "01", AREA_COMMUNE, 0, 2},
    {"00003", "01", AREA_COMMUNE, 0, 2},
    {"00004", "01", AREA_COMMUNE, DESIG_REMOTE, 2},
    {"79001", "79", AREA_COMMUNE, 0, 1},
    {"79002", "79", AREA_COMMUNE, 0, 1},
    {"79003", "79", AREA_COMMUNE, 0, 1},
    {"02001", "02", AREA_COMMUNE, 0, 0},
    {"02002", "02", AREA_COMMUNE, 0, 0},
};
#define N_COMMUNES 9

struct fixture {
	struct app app;
	struct db *db;
};

struct dbs {
	struct fixture *f[2];
};

static void add_area(struct fixture *f, const char *code, const char *parent, int level,
                     uint32_t desig)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct area_new in = {0};
	int64_t id = 0;

	in.code = code;
	in.parent_code = parent;
	in.level = level;
	in.kind = level == AREA_VILLAGE ? "Thôn" : "Xã";
	in.kind_en = level == AREA_VILLAGE ? "Village" : "Commune";
	in.name = code;
	in.name_en = code;
	in.full_name = code;
	in.full_name_en = code;
	in.designations = desig;
	in.synthetic = level == AREA_VILLAGE;
	assert_int_equal(area_insert(f->db, &sys, &in, &id, &e), DV_OK);
}

static int64_t add_unit(struct fixture *f, int64_t parent, const char *name, const char *area)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct unit_new in = {parent, "peoples-committee", name, NULL, area};
	int64_t id = 0;

	assert_int_equal(unit_create(f->db, &sys, &in, &id, &e), DV_OK);
	return id;
}

/* The fixture's areas and units; `with_areas` false leaves the database empty. */
static struct fixture *fixture_new(bool with_areas)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dv_error e = DV_ERROR_INIT;
	struct config cfg;
	int64_t root, prov[3] = {0, 0, 0};
	size_t i;

	assert_non_null(f);
	config_defaults(&cfg);
	app_init(&f->app, &cfg);
	assert_int_equal(db_open(&f->db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(f->db, NULL, NULL, &e), DV_OK);
	if (!with_areas)
		return f;
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &e), DV_OK);
	add_area(f, "VN", NULL, AREA_NATION, 0);
	root = add_unit(f, 0, "Ủy ban nhân dân Trung ương", "VN");
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		int v;

		add_area(f, areas[i].code, areas[i].parent, areas[i].level, areas[i].desig);
		if (areas[i].level == AREA_PROVINCE) {
			prov[i] = add_unit(f, root, areas[i].code, areas[i].code);
			continue;
		}
		add_unit(f,
		         prov[!strcmp(areas[i].parent, "01")   ? 0
		              : !strcmp(areas[i].parent, "79") ? 1
		                                               : 2],
		         areas[i].code, areas[i].code);
		for (v = 1; v <= areas[i].villages; v++) {
			char code[16];

			snprintf(code, sizeof(code), "%s-%02d", areas[i].code, v);
			add_area(f, code, areas[i].code, AREA_VILLAGE, 0);
		}
	}
	assert_int_equal(db_commit(f->db, &e), DV_OK);
	return f;
}

static void fixture_free(struct fixture *f)
{
	if (!f)
		return;
	db_close(f->db);
	app_release(&f->app);
	free(f);
}

static int setup(void **state)
{
	struct dbs *d = calloc(1, sizeof(*d));

	d->f[0] = fixture_new(true);
	d->f[1] = fixture_new(true);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dbs *d = *state;

	fixture_free(d->f[0]);
	fixture_free(d->f[1]);
	free(d);
	return 0;
}

static int64_t scalar(struct fixture *f, const char *sql)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t n = -1;

	if (!st)
		fail_msg("%s: %s", sql, db_errmsg(f->db));
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

static int64_t scalar_text(struct fixture *f, const char *sql, const char *arg)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t n = -1;

	if (!st)
		fail_msg("%s: %s", sql, db_errmsg(f->db));
	db_bind_text(st, 1, arg);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

/* FNV-1a over every column of every row of `sql`, NULLs included. */
static uint64_t digest(struct fixture *f, const char *sql, uint64_t h)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	enum db_step rc;

	if (!st)
		fail_msg("%s: %s", sql, db_errmsg(f->db));
	while ((rc = db_step(st)) == DB_ROW) {
		int c, n = db_col_count(st);

		for (c = 0; c < n; c++) {
			const char *s = db_col_text(st, c);

			for (s = s ? s : "\x01";; s++) {
				h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
				if (!*s)
					break;
			}
		}
	}
	assert_int_equal(rc, DB_DONE);
	return h;
}

/* The generated data, without what records the moment of the run (the audit record). */
static uint64_t data_digest(struct fixture *f)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = digest(
	    f,
	    "SELECT tracking_code, kind, channel, status, topic_id, area_id, commune_id,"
	    " handling_unit_id, title, description, text_fold, submitter_name, complex, remote,"
	    " received_on, received_at, accepted_on, decided_on, decision, closed_at,"
	    " updated_at FROM citizen_case ORDER BY id",
	    h);
	h = digest(f,
	           "SELECT case_id, step, rule_code, rule_set_id, from_day, days, working, anchor,"
	           " flags, nominal_day, due_day, met_on FROM case_deadline ORDER BY case_id, step",
	           h);
	h = digest(
	    f,
	    "SELECT case_id, at, actor_user_id, unit_id, kind, public, from_status, to_status,"
	    " note FROM case_event ORDER BY id",
	    h);
	return h;
}

static struct dv_error gen(struct fixture *f, int64_t n, uint64_t seed, int year, int64_t *written,
                           enum dv_err want)
{
	struct dv_error e = DV_ERROR_INIT;
	enum dv_err ret = app_gen_cases(&f->app, f->db, n, seed, year, NULL, NULL, written, &e);

	if (ret != want)
		fail_msg("app_gen_cases: %d, want %d: %s", ret, want, e.detail);
	return e;
}

static int this_year(void)
{
	int y, m, d;

	date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
	return y;
}

/* Progress is told every 10,000 cases and at the end. */
static int64_t told[8];
static size_t ntold;

static void on_progress(void *arg, int64_t rows, int64_t written)
{
	(void)arg;
	assert_int_equal(rows, written);
	if (ntold < sizeof(told) / sizeof(told[0]))
		told[ntold++] = rows;
}

/*
 * The aggregate table of the cases per commune and month: case_agg (commune_id) before
 * migration 0006, case_area_agg (area_id, every ancestor-or-self: the communes' rows here)
 * after. Each query counts the (commune, month) pairs where the aggregate and the facts differ.
 */
#define FACTS_RECEIVED                                                                             \
	"SELECT commune_id AS a, substr(received_on, 1, 7) AS m, COUNT(*) AS n FROM citizen_case"  \
	" GROUP BY 1, 2"
#define FACTS_ACCEPTED                                                                             \
	"SELECT commune_id AS a, substr(accepted_on, 1, 7) AS m, COUNT(*) AS n FROM citizen_case"  \
	" WHERE accepted_on IS NOT NULL GROUP BY 1, 2"
#define FACTS_DECIDED                                                                              \
	"SELECT commune_id AS a, substr(decided_on, 1, 7) AS m, COUNT(*) AS n FROM citizen_case"   \
	" WHERE decided_on IS NOT NULL GROUP BY 1, 2"
#define FACTS_ON_TIME                                                                              \
	"SELECT c.commune_id AS a, substr(c.decided_on, 1, 7) AS m, COUNT(*) AS n"                 \
	" FROM citizen_case c LEFT JOIN case_deadline d ON d.case_id = c.id AND d.step = 'settle'" \
	" WHERE c.decided_on IS NOT NULL AND (d.due_day IS NULL OR c.decided_on <= d.due_day)"     \
	" GROUP BY 1, 2"
#define DIFF(agg, facts)                                                                           \
	"WITH g AS (" agg "), c AS (" facts                                                        \
	"), k AS (SELECT a, m FROM g UNION SELECT a, m FROM c)"                                    \
	" SELECT COUNT(*) FROM k LEFT JOIN g ON g.a = k.a AND g.m = k.m"                           \
	" LEFT JOIN c ON c.a = k.a AND c.m = k.m WHERE COALESCE(g.n, 0) <> COALESCE(c.n, 0)"
#define AREA_AGG(col)                                                                              \
	"SELECT g.area_id AS a, g.month AS m, SUM(g." col ") AS n FROM case_area_agg g"            \
	" JOIN area ar ON ar.id = g.area_id WHERE ar.level = 2 GROUP BY 1, 2 HAVING SUM(g." col    \
	") <> 0"
#define COMMUNE_AGG(col)                                                                           \
	"SELECT commune_id AS a, month AS m, SUM(" col ") AS n FROM case_agg GROUP BY 1, 2"        \
	" HAVING SUM(" col ") <> 0"

static void check_aggregates(struct fixture *f)
{
	bool area_agg = scalar(f, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
	                          " AND name = 'case_area_agg'") == 1;

	if (area_agg) {
		assert_int_equal(scalar(f, DIFF(AREA_AGG("received"), FACTS_RECEIVED)), 0);
		assert_int_equal(scalar(f, DIFF(AREA_AGG("decided"), FACTS_DECIDED)), 0);
		assert_int_equal(scalar(f, DIFF(AREA_AGG("decided_on_time"), FACTS_ON_TIME)), 0);
		assert_int_equal(scalar(f, DIFF(AREA_AGG("accepted"), FACTS_ACCEPTED)), 0);
		/* the totals too, so that an empty side cannot pass */
		assert_int_equal(scalar(f,
		                        "SELECT SUM(g.received) FROM case_area_agg g JOIN area ar"
		                        " ON ar.id = g.area_id WHERE ar.level = 2"),
		                 scalar(f, "SELECT COUNT(*) FROM citizen_case"));
		assert_int_equal(
		    scalar(f, "SELECT SUM(g.decided) FROM case_area_agg g JOIN area ar"
		              " ON ar.id = g.area_id WHERE ar.level = 2"),
		    scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE decided_on IS NOT NULL"));
	} else {
		assert_int_equal(scalar(f, DIFF(COMMUNE_AGG("received"), FACTS_RECEIVED)), 0);
		assert_int_equal(scalar(f, DIFF(COMMUNE_AGG("decided"), FACTS_DECIDED)), 0);
		assert_int_equal(scalar(f, DIFF(COMMUNE_AGG("decided_on_time"), FACTS_ON_TIME)), 0);
		assert_int_equal(scalar(f, "SELECT SUM(received) FROM case_agg"),
		                 scalar(f, "SELECT COUNT(*) FROM citizen_case"));
		assert_int_equal(
		    scalar(f, "SELECT SUM(decided) FROM case_agg"),
		    scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE decided_on IS NOT NULL"));
	}
}

/* A share of N_CASES in per mille, within [lo, hi]. */
static void assert_share(int64_t count, int64_t of, int lo, int hi)
{
	int64_t pm = of ? count * 1000 / of : -1;

	if (pm < lo || pm > hi)
		fail_msg("share %lld/%lld = %lld per mille, want %d..%d", (long long)count,
		         (long long)of, (long long)pm, lo, hi);
}

static void test_generate(void **state)
{
	struct dbs *d = *state;
	struct fixture *f = d->f[0];
	int64_t written = 0, decided, today;
	char first[11], last[11], now[11];
	int year = this_year() - 1;

	gen(f, N_CASES, 7, year, &written, DV_OK);
	assert_int_equal(written, N_CASES);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case"), N_CASES);

	/* every commune has cases, each handled by its people's committee, with its clocks */
	assert_int_equal(scalar(f, "SELECT COUNT(DISTINCT commune_id) FROM citizen_case"),
	                 N_COMMUNES);
	assert_int_equal(scalar(f,
	                        "SELECT COUNT(*) FROM citizen_case c JOIN unit u"
	                        " ON u.id = c.handling_unit_id WHERE u.home_area_id = c.commune_id"
	                        " AND u.kind = 'peoples-committee'"),
	                 N_CASES);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case c WHERE NOT EXISTS"
	                           " (SELECT 1 FROM case_handler h WHERE h.case_id = c.id"
	                           " AND h.unit_id = c.handling_unit_id)"),
	                 0);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case c WHERE NOT EXISTS"
	                           " (SELECT 1 FROM case_deadline d WHERE d.case_id = c.id)"),
	                 0);
	/* the kinds with a settlement rule have a settlement clock once taken into work */
	assert_int_equal(
	    scalar(f, "SELECT COUNT(*) FROM citizen_case c WHERE c.kind <> 'anonymous'"
	              " AND (c.accepted_on IS NOT NULL OR c.kind IN ('feedback', 'petition'))"
	              " AND c.status <> 'refused' AND NOT EXISTS (SELECT 1 FROM case_deadline d"
	              " WHERE d.case_id = c.id AND d.step = 'settle')"),
	    0);
	/* villages too, and remote communes' clocks say so */
	assert_true(scalar(f, "SELECT COUNT(*) FROM citizen_case c JOIN area a ON a.id = c.area_id"
	                      " WHERE a.level = 3") > N_CASES / 5);
	assert_int_equal(
	    scalar(f, "SELECT COUNT(*) FROM citizen_case c JOIN area a"
	              " ON a.id = c.commune_id WHERE (c.remote = 1) <> (a.code = '00004')"),
	    0);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_deadline d JOIN citizen_case c"
	                           " ON c.id = d.case_id WHERE c.remote = 1 AND d.step <> 'publish'"
	                           " AND d.flags % 2 = 0"),
	                 0);

	/* kinds: feedback most, no denunciation; channels from the staff's list and the web */
	assert_share(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE kind = 'feedback'"),
	             N_CASES, 540, 660);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE kind = 'denunciation'"
	                           " OR sealed_identity IS NOT NULL"),
	                 0);
	assert_true(scalar(f, "SELECT COUNT(DISTINCT kind) FROM citizen_case") == 5);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE channel NOT IN"
	                           " ('web', 'reception', 'letter', 'phone', 'dialogue')"),
	                 0);
	assert_true(scalar(f, "SELECT COUNT(DISTINCT topic_id) FROM citizen_case") ==
	            scalar(f, "SELECT COUNT(*) FROM topic WHERE active = 1"));

	/* statuses: ~85% decided (~10% of them late), ~5% withdrawn or closed, ~10% open */
	decided = scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE decided_on IS NOT NULL");
	assert_share(decided, N_CASES, 820, 880);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE decided_on IS NOT NULL"
	                           " AND status NOT IN ('decided', 'published')"),
	                 0);
	assert_share(scalar(f, "SELECT COUNT(*) FROM citizen_case"
	                       " WHERE status IN ('closed', 'withdrawn')"),
	             N_CASES, 35, 65);
	assert_share(scalar(f, "SELECT COUNT(*) FROM citizen_case WHERE decided_on IS NULL"
	                       " AND status NOT IN ('closed', 'withdrawn')"),
	             N_CASES, 75, 125);
	assert_share(scalar(f, "SELECT COUNT(*) FROM citizen_case c JOIN case_deadline d"
	                       " ON d.case_id = c.id AND d.step = 'settle'"
	                       " WHERE c.decided_on > d.due_day"),
	             decided, 60, 130);
	/* some open cases are overdue: a clock past due, not met */
	date_format(date_of_instant(time_now()), now);
	today = scalar_text(f,
	                    "SELECT COUNT(*) FROM citizen_case c WHERE c.decided_on IS NULL"
	                    " AND c.status NOT IN ('closed', 'withdrawn') AND EXISTS (SELECT 1"
	                    " FROM case_deadline d WHERE d.case_id = c.id AND d.met_on IS NULL"
	                    " AND d.due_day < ?)",
	                    now);
	assert_true(today > 0);
	/* an ended case has no clock running; a decided one only its publication's */
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_deadline d JOIN citizen_case c"
	                           " ON c.id = d.case_id WHERE d.met_on IS NULL AND (c.status IN"
	                           " ('closed', 'withdrawn') OR (c.decided_on IS NOT NULL"
	                           " AND d.step <> 'publish'))"),
	                 0);

	/* dates: within the year from the first rule set, decisions after receipt, none ahead */
	date_format(date_from_ymd(year, 1, 1), first);
	date_format(date_from_ymd(year, 12, 31), last);
	assert_int_equal(scalar_text(f,
	                             "SELECT COUNT(*) FROM citizen_case WHERE received_on < ?"
	                             " OR received_on < (SELECT MIN(effective_from) FROM rule_set)",
	                             first),
	                 0);
	assert_int_equal(
	    scalar_text(f, "SELECT COUNT(*) FROM citizen_case WHERE received_on > ?", last), 0);
	assert_int_equal(scalar_text(f,
	                             "SELECT COUNT(*) FROM citizen_case WHERE decided_on > ?"
	                             " OR accepted_on > ? OR decided_on < received_on"
	                             " OR accepted_on < received_on OR decided_on < accepted_on",
	                             now),
	                 0);
	/* written in the order received: ids follow the days */
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case a JOIN citizen_case b"
	                           " ON b.id = a.id + 1 WHERE b.received_on < a.received_on"),
	                 0);
	/* the timeline in order: received first, each event after the one before */
	assert_int_equal(scalar(f,
	                        "SELECT COUNT(*) FROM citizen_case c WHERE (SELECT e.kind"
	                        " FROM case_event e WHERE e.case_id = c.id ORDER BY e.id LIMIT 1)"
	                        " <> 'received'"),
	                 0);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM case_event a JOIN case_event b"
	                           " ON b.case_id = a.case_id AND b.id > a.id WHERE b.at <= a.at"),
	                 0);

	/* tracking codes: distinct, well formed */
	assert_int_equal(scalar(f, "SELECT COUNT(DISTINCT tracking_code) FROM citizen_case"),
	                 N_CASES);
	{
		struct db_stmt *st = db_prepare(f->db, "SELECT tracking_code FROM citizen_case");
		char norm[TRACKING_LEN + 1];

		assert_non_null(st);
		while (db_step(st) == DB_ROW) {
			assert_true(tracking_parse(db_col_text(st, 0), norm));
			assert_string_equal(norm, db_col_text(st, 0));
		}
	}

	check_aggregates(f);
	/* one audit record for the whole run */
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.gen'"), 1);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'case'"
	                           " AND action <> 'case.gen'"),
	                 0);
}

static void test_same_seed(void **state)
{
	struct dbs *d = *state;
	struct fixture *other = fixture_new(true);
	int64_t written = 0;
	int year = this_year() - 1;

	/* test_generate filled f[0] with seed 7 */
	gen(d->f[1], N_CASES, 7, year, &written, DV_OK);
	assert_int_equal(data_digest(d->f[0]), data_digest(d->f[1]));
	gen(other, N_CASES, 8, year, &written, DV_OK);
	assert_int_equal(written, N_CASES);
	assert_int_not_equal(data_digest(d->f[0]), data_digest(other));
	fixture_free(other);
}

/* A second run with the same seed follows the first: new codes, the aggregates still true. */
static void test_second_run(void **state)
{
	struct dbs *d = *state;
	struct fixture *f = d->f[1];
	int64_t written = 0;

	ntold = 0;
	{
		struct dv_error e = DV_ERROR_INIT;

		assert_int_equal(app_gen_cases(&f->app, f->db, 25000, 7, this_year() - 1,
		                               on_progress, NULL, &written, &e),
		                 DV_OK);
	}
	assert_int_equal(written, 25000);
	assert_int_equal(ntold, 3);
	assert_int_equal(told[0], 10000);
	assert_int_equal(told[1], 20000);
	assert_int_equal(told[2], 25000);
	assert_int_equal(scalar(f, "SELECT COUNT(DISTINCT tracking_code) FROM citizen_case"),
	                 N_CASES + 25000);
	check_aggregates(f);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.gen'"), 2);
}

/* This year: nothing after today. */
static void test_this_year(void **state)
{
	struct fixture *f = fixture_new(true);
	int64_t written = 0;
	char first[11], now[11];
	int year = this_year();

	(void)state;
	gen(f, 500, 3, year, &written, DV_OK);
	assert_int_equal(written, 500);
	date_format(date_from_ymd(year, 1, 1), first);
	date_format(date_of_instant(time_now()), now);
	assert_int_equal(
	    scalar_text(f, "SELECT COUNT(*) FROM citizen_case WHERE received_on < ?", first), 0);
	assert_int_equal(scalar_text(f,
	                             "SELECT COUNT(*) FROM citizen_case WHERE received_on > ?"
	                             " OR accepted_on > ? OR decided_on > ?",
	                             now),
	                 0);
	check_aggregates(f);
	fixture_free(f);
}

static void test_refusals(void **state)
{
	struct fixture *empty = fixture_new(false), *f = fixture_new(true);
	struct dv_error e;
	int64_t written = -1;

	(void)state;
	/* no demo: nothing to draw from */
	e = gen(empty, 10, 1, this_year(), &written, DV_ENOTFOUND);
	assert_non_null(strstr(e.detail, "danvan demo"));
	assert_int_equal(written, 0);
	/* a year ahead, or before any rule set */
	gen(f, 10, 1, this_year() + 1, &written, DV_EINVAL);
	gen(f, 10, 1, 2020, &written, DV_EINVAL);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM citizen_case"), 0);
	assert_int_equal(scalar(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.gen'"), 0);
	fixture_free(empty);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_generate),   cmocka_unit_test(test_same_seed),
	    cmocka_unit_test(test_second_run), cmocka_unit_test(test_this_year),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
