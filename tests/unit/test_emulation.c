/* test_emulation.c: the pure rules of models, emulation rounds and commendation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/emulation.h"

#include "base/banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Every vocabulary: each code parses back to its index, the names are filled, the codes differ. */
static void check_vocabulary(const struct emu_word *v, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		assert_non_null(v[i].code);
		assert_non_null(v[i].vi);
		assert_non_null(v[i].en);
		assert_true(v[i].code[0] && v[i].vi[0] && v[i].en[0]);
		assert_int_equal(emu_parse(v, n, v[i].code), i);
		for (j = 0; j < i; j++)
			assert_string_not_equal(v[i].code, v[j].code);
	}
	assert_int_equal(emu_parse(v, n, NULL), -1);
	assert_int_equal(emu_parse(v, n, ""), -1);
	assert_int_equal(emu_parse(v, n, "no-such-code"), -1);
}

static void test_vocabularies(void **state)
{
	(void)state;
	check_vocabulary(model_kinds, MODEL_KIND__COUNT);
	check_vocabulary(model_fields, FIELD__COUNT);
	check_vocabulary(model_statuses, MS__COUNT);
	check_vocabulary(model_levels, ML__COUNT);
	check_vocabulary(campaign_statuses, CS__COUNT);
	check_vocabulary(award_statuses, AW__COUNT);
	check_vocabulary(recipient_kinds, RK__COUNT);
	check_vocabulary(initiatives, INIT__COUNT);
}

/* The codes are the API's and the database's: they must not drift from doc/EMULATION.md. */
static void test_codes(void **state)
{
	(void)state;
	assert_int_equal(emu_parse(model_kinds, MODEL_KIND__COUNT, "model"), MODEL_MODEL);
	assert_int_equal(emu_parse(model_kinds, MODEL_KIND__COUNT, "exemplar"), MODEL_EXEMPLAR);
	assert_int_equal(emu_parse(model_fields, FIELD__COUNT, "economy"), FIELD_ECONOMY);
	assert_int_equal(emu_parse(model_fields, FIELD__COUNT, "culture_society"), FIELD_CULTURE);
	assert_int_equal(emu_parse(model_fields, FIELD__COUNT, "defence_security"), FIELD_DEFENCE);
	assert_int_equal(emu_parse(model_fields, FIELD__COUNT, "party_building"), FIELD_PARTY);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "registered"), MS_REGISTERED);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "implementing"), MS_IMPLEMENTING);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "recognised"), MS_RECOGNISED);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "typical"), MS_TYPICAL);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "withdrawn"), MS_WITHDRAWN);
	assert_int_equal(emu_parse(model_levels, ML__COUNT, "none"), ML_NONE);
	assert_int_equal(emu_parse(model_levels, ML__COUNT, "commune"), ML_COMMUNE);
	assert_int_equal(emu_parse(model_levels, ML__COUNT, "province"), ML_PROVINCE);
	assert_int_equal(emu_parse(model_levels, ML__COUNT, "national"), ML_NATIONAL);
	assert_int_equal(emu_parse(campaign_statuses, CS__COUNT, "open"), CS_OPEN);
	assert_int_equal(emu_parse(campaign_statuses, CS__COUNT, "preliminary"), CS_PRELIMINARY);
	assert_int_equal(emu_parse(campaign_statuses, CS__COUNT, "final"), CS_FINAL);
	assert_int_equal(emu_parse(award_statuses, AW__COUNT, "proposed"), AW_PROPOSED);
	assert_int_equal(emu_parse(award_statuses, AW__COUNT, "approved"), AW_APPROVED);
	assert_int_equal(emu_parse(award_statuses, AW__COUNT, "rejected"), AW_REJECTED);
	assert_int_equal(emu_parse(recipient_kinds, RK__COUNT, "unit"), RK_UNIT);
	assert_int_equal(emu_parse(recipient_kinds, RK__COUNT, "person"), RK_PERSON);
	assert_int_equal(emu_parse(recipient_kinds, RK__COUNT, "model"), RK_MODEL);
	assert_int_equal(emu_parse(recipient_kinds, RK__COUNT, "area"), RK_AREA);
	assert_int_equal(emu_parse(recipient_kinds, RK__COUNT, "household"), RK_HOUSEHOLD);
	assert_int_equal(emu_parse(initiatives, INIT__COUNT, "none"), INIT_NONE);
	assert_int_equal(emu_parse(initiatives, INIT__COUNT, "grassroots"), INIT_GRASSROOTS);
	assert_int_equal(emu_parse(initiatives, INIT__COUNT, "province"), INIT_PROVINCE);
	assert_int_equal(emu_parse(initiatives, INIT__COUNT, "national"), INIT_NATIONAL);

	/* exact match only: no case folding, no prefix, no trailing blank, no other vocabulary */
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "Registered"), -1);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "register"), -1);
	assert_int_equal(emu_parse(model_statuses, MS__COUNT, "registered "), -1);
	assert_int_equal(emu_parse(model_fields, FIELD__COUNT, "culture"), -1);
	assert_int_equal(emu_parse(model_kinds, MODEL_KIND__COUNT, "typical"), -1);
	/* the count bounds the search */
	assert_int_equal(emu_parse(model_statuses, 2, "typical"), -1);
	assert_int_equal(emu_parse(model_statuses, 0, "registered"), -1);
}

static void test_level_of_area(void **state)
{
	(void)state;
	assert_int_equal(model_level_of_area(0), ML_NATIONAL);
	assert_int_equal(model_level_of_area(1), ML_PROVINCE);
	assert_int_equal(model_level_of_area(2), ML_COMMUNE);
	assert_int_equal(model_level_of_area(3), ML_NONE);
	assert_int_equal(model_level_of_area(4), ML_NONE);
	assert_int_equal(model_level_of_area(-1), ML_NONE);
	assert_int_equal(model_level_of_area(1000), ML_NONE);
}

#define OK(st, cur, act, to) assert_null(model_transition(st, cur, act, to))
#define NO(st, cur, act, to) assert_non_null(model_transition(st, cur, act, to))

/* A withdrawn model takes no further step, whatever its level and whatever the action. */
static void test_transition_withdrawn(void **state)
{
	enum model_level cur, to;

	(void)state;
	for (cur = ML_NONE; cur < ML__COUNT; cur++) {
		NO(MS_WITHDRAWN, cur, MA_IMPLEMENT, ML_NONE);
		NO(MS_WITHDRAWN, cur, MA_TYPICAL, ML_NONE);
		NO(MS_WITHDRAWN, cur, MA_WITHDRAW, ML_NONE);
		for (to = ML_NONE; to < ML__COUNT; to++)
			NO(MS_WITHDRAWN, cur, MA_RECOGNISE, to);
	}
	assert_string_equal(model_transition(MS_WITHDRAWN, ML_NONE, MA_WITHDRAW, ML_NONE),
	                    "the model has been withdrawn");
}

static void test_transition_implement(void **state)
{
	enum model_status st;

	(void)state;
	OK(MS_REGISTERED, ML_NONE, MA_IMPLEMENT, ML_NONE);
	for (st = MS_REGISTERED + 1; st < MS__COUNT; st++)
		NO(st, ML_NONE, MA_IMPLEMENT, ML_NONE);
	NO(MS_RECOGNISED, ML_COMMUNE, MA_IMPLEMENT, ML_NONE);
	NO(MS_TYPICAL, ML_PROVINCE, MA_IMPLEMENT, ML_NONE);
}

static void test_transition_recognise(void **state)
{
	enum model_status st;
	enum model_level cur, to;

	(void)state;
	/*
	 * implementing, recognised, typical: the level only rises, to a real level. (Whether a
	 * merely registered model may be recognised is left to the rules' owner: not pinned.)
	 */
	for (st = MS_IMPLEMENTING; st < MS_WITHDRAWN; st++)
		for (cur = ML_NONE; cur < ML__COUNT; cur++)
			for (to = ML_NONE; to < ML__COUNT; to++) {
				const char *why = model_transition(st, cur, MA_RECOGNISE, to);

				if (to != ML_NONE && to > cur)
					assert_null(why);
				else
					assert_non_null(why);
			}
	/* the usual path, and a province-level model recognised at province level directly */
	OK(MS_IMPLEMENTING, ML_NONE, MA_RECOGNISE, ML_COMMUNE);
	OK(MS_RECOGNISED, ML_COMMUNE, MA_RECOGNISE, ML_PROVINCE);
	OK(MS_RECOGNISED, ML_PROVINCE, MA_RECOGNISE, ML_NATIONAL);
	OK(MS_IMPLEMENTING, ML_NONE, MA_RECOGNISE, ML_PROVINCE);
	NO(MS_RECOGNISED, ML_COMMUNE, MA_RECOGNISE, ML_COMMUNE);
	NO(MS_RECOGNISED, ML_PROVINCE, MA_RECOGNISE, ML_COMMUNE);
	NO(MS_RECOGNISED, ML_NATIONAL, MA_RECOGNISE, ML_NATIONAL);
	/* a level out of the vocabulary is refused, not taken as "higher" */
	NO(MS_IMPLEMENTING, ML_NONE, MA_RECOGNISE, ML__COUNT);
	NO(MS_IMPLEMENTING, ML_NONE, MA_RECOGNISE, (enum model_level)(-1));
	NO(MS_IMPLEMENTING, ML_NONE, MA_RECOGNISE, (enum model_level)99);
}

static void test_transition_typical(void **state)
{
	(void)state;
	OK(MS_RECOGNISED, ML_PROVINCE, MA_TYPICAL, ML_NONE);
	OK(MS_RECOGNISED, ML_NATIONAL, MA_TYPICAL, ML_NONE);
	NO(MS_RECOGNISED, ML_COMMUNE, MA_TYPICAL, ML_NONE);
	NO(MS_IMPLEMENTING, ML_NONE, MA_TYPICAL, ML_NONE);
	NO(MS_REGISTERED, ML_NONE, MA_TYPICAL, ML_NONE);
	/* not twice, at any level */
	NO(MS_TYPICAL, ML_PROVINCE, MA_TYPICAL, ML_NONE);
	NO(MS_TYPICAL, ML_NATIONAL, MA_TYPICAL, ML_NONE);
	/* a typical model may still be raised to national recognition */
	OK(MS_TYPICAL, ML_PROVINCE, MA_RECOGNISE, ML_NATIONAL);
	NO(MS_TYPICAL, ML_PROVINCE, MA_RECOGNISE, ML_PROVINCE);
}

static void test_transition_withdraw(void **state)
{
	enum model_status st;
	enum model_level cur;

	(void)state;
	for (st = MS_REGISTERED; st < MS_WITHDRAWN; st++)
		for (cur = ML_NONE; cur < ML__COUNT; cur++)
			OK(st, cur, MA_WITHDRAW, ML_NONE);
	/* an action out of the enumeration is refused */
	NO(MS_REGISTERED, ML_NONE, (enum model_action)42, ML_NONE);
}

/* cmocka compares only floats: doubles here, to within `eps`, saying what differed */
#define assert_near(a, b, eps) check_near((a), (b), (eps), #a, __LINE__)
static void check_near(double a, double b, double eps, const char *what, int line)
{
	if (!(fabs(a - b) <= eps))
		fail_msg("line %d: %s is %.17g, expected %.17g", line, what, a, b);
}

#define EPS 1e-9

static void test_total(void **state)
{
	const struct emu_criterion c[] = {{1, 2, 10}, {2, 1, 5}, {3, 0.5, 4}};
	double s[] = {8, 2.5, 4};
	bool all[] = {true, true, true}, some[] = {true, false, true}, none[] = {0, 0, 0};
	struct emu_total t;

	(void)state;
	/* 2x8 + 1x2.5 + 0.5x4 = 20.5 of 2x10 + 1x5 + 0.5x4 = 27 */
	emu_total(c, N(c), s, all, &t);
	assert_near(t.total, 20.5, EPS);
	assert_near(t.max, 27, EPS);
	assert_near(t.percent, 20.5 / 27 * 100, EPS);
	assert_int_equal(t.scored, 3);
	assert_true(t.complete);

	/* a criterion without a score adds nothing to the total but still to the maximum */
	emu_total(c, N(c), s, some, &t);
	assert_near(t.total, 18, EPS);
	assert_near(t.max, 27, EPS);
	assert_near(t.percent, 18.0 / 27 * 100, EPS);
	assert_int_equal(t.scored, 2);
	assert_false(t.complete);

	emu_total(c, N(c), s, none, &t);
	assert_near(t.total, 0, EPS);
	assert_near(t.max, 27, EPS);
	assert_near(t.percent, 0, EPS);
	assert_int_equal(t.scored, 0);
	assert_false(t.complete);

	/* full marks: 100 percent */
	{
		double full[] = {10, 5, 4};

		emu_total(c, N(c), full, all, &t);
		assert_near(t.percent, 100, EPS);
	}
}

static void test_total_edges(void **state)
{
	const struct emu_criterion zero[] = {{1, 0, 10}, {2, 1, 0}};
	double s[] = {7, 0};
	bool set[] = {true, true};
	struct emu_total t;

	(void)state;
	/* an empty set: nothing, not complete, no division by zero; the output is reset */
	memset(&t, 0x5a, sizeof(t));
	emu_total(NULL, 0, NULL, NULL, &t);
	assert_near(t.total, 0, EPS);
	assert_near(t.max, 0, EPS);
	assert_near(t.percent, 0, EPS);
	assert_int_equal(t.scored, 0);
	assert_false(t.complete);

	/* a maximum of zero gives 0 percent, not NaN */
	emu_total(zero, N(zero), s, set, &t);
	assert_near(t.total, 0, EPS);
	assert_near(t.max, 0, EPS);
	assert_near(t.percent, 0, EPS);
	assert_true(t.complete);

	/* decimals */
	{
		const struct emu_criterion c[] = {{1, 1, 10}};
		double d[] = {7.25};
		bool one[] = {true};

		emu_total(c, 1, d, one, &t);
		assert_near(t.total, 7.25, EPS);
		assert_near(t.percent, 72.5, EPS);
	}
}

static void test_rank_groups(void **state)
{
	/* two peer groups interleaved; ties inside a group share a rank and the next skips */
	struct emu_rankee v[] = {
	    {"a", 80, true, -1, 99},  {"b", 50, true, -1, 99},  {"a", 90, true, -1, 99},
	    {"a", 90, true, -1, 99},  {"b", 70, true, -1, 99},  {"a", 70, true, -1, 99},
	    {"b", 90, false, -1, 99}, {"a", 95, false, -1, 99},
	};

	(void)state;
	emu_rank(v, N(v));
	/* the array keeps its order */
	assert_string_equal(v[0].group, "a");
	assert_near(v[0].total, 80, 0);
	assert_string_equal(v[7].group, "a");
	assert_near(v[7].total, 95, 0);
	/* group a: 90, 90, 80, 70 ranked 1, 1, 3, 4; 95 incomplete unranked */
	assert_int_equal(v[2].rank, 1);
	assert_int_equal(v[3].rank, 1);
	assert_int_equal(v[0].rank, 3);
	assert_int_equal(v[5].rank, 4);
	assert_int_equal(v[7].rank, 0);
	/* group b: 70 then 50; the incomplete 90 is unranked and pushes nobody down */
	assert_int_equal(v[4].rank, 1);
	assert_int_equal(v[1].rank, 2);
	assert_int_equal(v[6].rank, 0);
	/* group sizes count the incomplete entries */
	assert_int_equal(v[0].group_size, 5);
	assert_int_equal(v[2].group_size, 5);
	assert_int_equal(v[7].group_size, 5);
	assert_int_equal(v[1].group_size, 3);
	assert_int_equal(v[6].group_size, 3);
}

static void test_rank_ties(void **state)
{
	struct emu_rankee v[] = {
	    {"g", 10, true, 0, 0}, {"g", 10, true, 0, 0}, {"g", 10, true, 0, 0},
	    {"g", 5, true, 0, 0},  {"g", 5, true, 0, 0},  {"g", 1, true, 0, 0},
	};
	struct emu_rankee noise[] = {
	    {"g", 0.1 + 0.2, true, 0, 0}, {"g", 0.3, true, 0, 0},
	    {"g", 0.29, true, 0, 0},      {"g", 0.7 * 3, true, 0, 0}, /* 2.0999999999999996 */
	    {"g", 2.1, true, 0, 0},
	};

	(void)state;
	emu_rank(v, N(v));
	assert_int_equal(v[0].rank, 1);
	assert_int_equal(v[1].rank, 1);
	assert_int_equal(v[2].rank, 1);
	assert_int_equal(v[3].rank, 4);
	assert_int_equal(v[4].rank, 4);
	assert_int_equal(v[5].rank, 6);

	/* floating noise does not split a tie, in either order */
	assert_true(0.1 + 0.2 != 0.3);
	emu_rank(noise, N(noise));
	assert_int_equal(noise[3].rank, 1);
	assert_int_equal(noise[4].rank, 1);
	assert_int_equal(noise[0].rank, 3);
	assert_int_equal(noise[1].rank, 3);
	assert_int_equal(noise[2].rank, 5);
	assert_int_equal(noise[0].group_size, 5);
}

static void test_rank_edges(void **state)
{
	struct emu_rankee one = {"solo", 3, true, 0, 0};
	struct emu_rankee incomplete[] = {{"g", 9, false, 7, 0}, {"g", 1, false, 7, 0}};
	struct emu_rankee nulls[] = {
	    {NULL, 1, true, 0, 0}, {"", 2, true, 0, 0}, {"x", 3, true, 0, 0}};
	struct emu_rankee sub[] = {{"ward", 1, true, 0, 0}, {"ward@commune", 2, true, 0, 0}};

	(void)state;
	emu_rank(NULL, 0);
	emu_rank(&one, 1);
	assert_int_equal(one.rank, 1);
	assert_int_equal(one.group_size, 1);

	/* nobody complete: nobody ranked, a rank left from before is cleared */
	emu_rank(incomplete, N(incomplete));
	assert_int_equal(incomplete[0].rank, 0);
	assert_int_equal(incomplete[1].rank, 0);
	assert_int_equal(incomplete[0].group_size, 2);

	/* a missing group is the empty group */
	emu_rank(nulls, N(nulls));
	assert_int_equal(nulls[1].rank, 1);
	assert_int_equal(nulls[0].rank, 2);
	assert_int_equal(nulls[0].group_size, 2);
	assert_int_equal(nulls[2].rank, 1);
	assert_int_equal(nulls[2].group_size, 1);

	/* groups compare whole: a prefix is another group */
	emu_rank(sub, N(sub));
	assert_int_equal(sub[0].rank, 1);
	assert_int_equal(sub[1].rank, 1);
	assert_int_equal(sub[0].group_size, 1);

	/* ranking twice gives the same answer (group_size is not accumulated) */
	emu_rank(sub, N(sub));
	assert_int_equal(sub[0].group_size, 1);
	assert_int_equal(sub[1].group_size, 1);
}

static void test_consecutive(void **state)
{
	const int run[] = {2022, 2023, 2024};
	const int gap[] = {2021, 2022, 2024};
	const int messy[] = {2024, 2021, 2023, 2023, 2022, 2024, 2019};
	const int later[] = {2022, 2023, 2025, 2026, 2027};
	const int old[] = {2018, 2019, 2020};

	(void)state;
	/* a run ending in the year of the achievement */
	assert_true(award_consecutive(run, N(run), 3, 2024));
	assert_true(award_consecutive(run, N(run), 2, 2024));
	assert_true(award_consecutive(run, N(run), 1, 2024));
	/* or in the year before */
	assert_true(award_consecutive(run, N(run), 3, 2025));
	assert_true(award_consecutive(run, N(run), 1, 2025));
	/* not two years before */
	assert_false(award_consecutive(run, N(run), 3, 2026));
	assert_false(award_consecutive(run, N(run), 1, 2026));
	/* the run must reach back far enough */
	assert_false(award_consecutive(run, N(run), 4, 2024));
	assert_false(award_consecutive(run, N(run), 4, 2025));
	/* a run ending in year - 1 inside a longer one */
	assert_true(award_consecutive(run, N(run), 2, 2023));
	assert_false(award_consecutive(run, N(run), 3, 2023)); /* 2024 is later: 2 years only */

	/* a gap breaks the run */
	assert_false(award_consecutive(gap, N(gap), 2, 2024));
	assert_false(award_consecutive(gap, N(gap), 3, 2024));
	assert_true(award_consecutive(gap, N(gap), 1, 2024));
	assert_true(award_consecutive(gap, N(gap), 2, 2023)); /* 2021, 2022 ends in 2022 */
	assert_false(award_consecutive(gap, N(gap), 3, 2023));

	/* unsorted, with repeats */
	assert_true(award_consecutive(messy, N(messy), 4, 2024));
	assert_true(award_consecutive(messy, N(messy), 4, 2025));
	assert_false(award_consecutive(messy, N(messy), 5, 2024));
	assert_false(award_consecutive(messy, N(messy), 2, 2026));
	/* repeats are one year, not two */
	{
		const int twice[] = {2024, 2024};

		assert_true(award_consecutive(twice, 2, 1, 2024));
		assert_false(award_consecutive(twice, 2, 2, 2024));
		assert_false(award_consecutive(twice, 2, 2, 2025));
	}

	/* years after the year proposed do not count */
	assert_true(award_consecutive(later, N(later), 2, 2024));  /* 2022, 2023 */
	assert_false(award_consecutive(later, N(later), 3, 2024)); /* not 2025 on */
	assert_false(award_consecutive(later, N(later), 3, 2023)); /* 2022, 2023 only */
	assert_true(award_consecutive(later, N(later), 3, 2027));
	assert_true(award_consecutive(later, N(later), 3, 2028));
	assert_false(award_consecutive(later, N(later), 4, 2028));

	assert_false(award_consecutive(old, N(old), 1, 2024));

	/* need 0 (or less) is always met, even with nothing held */
	assert_true(award_consecutive(NULL, 0, 0, 2024));
	assert_true(award_consecutive(NULL, 0, -1, 2024));
	assert_true(award_consecutive(gap, N(gap), 0, 1900));
	/* need but nothing held; need more than the years held */
	assert_false(award_consecutive(NULL, 0, 1, 2024));
	assert_false(award_consecutive(run, N(run), 10, 2024));
	assert_false(award_consecutive(messy, N(messy), (int)N(messy), 2024));
	/* a single title */
	{
		const int y = 2024;

		assert_true(award_consecutive(&y, 1, 1, 2024));
		assert_true(award_consecutive(&y, 1, 1, 2025));
		assert_false(award_consecutive(&y, 1, 1, 2023));
		assert_false(award_consecutive(&y, 1, 2, 2025));
	}
}

static void test_consecutive_input_kept(void **state)
{
	int years[] = {2024, 2022, 2023};

	(void)state;
	assert_true(award_consecutive(years, N(years), 3, 2024));
	/* the caller's array is not sorted in place */
	assert_int_equal(years[0], 2024);
	assert_int_equal(years[1], 2022);
	assert_int_equal(years[2], 2023);
}

static void test_recipient_allowed(void **state)
{
	(void)state;
	assert_true(award_recipient_allowed("unit,person", RK_PERSON));
	assert_true(award_recipient_allowed("unit,person", RK_UNIT));
	assert_false(award_recipient_allowed("unit,person", RK_MODEL));
	assert_true(award_recipient_allowed("person", RK_PERSON));
	assert_true(award_recipient_allowed("unit,person,model,area,household", RK_HOUSEHOLD));
	assert_true(award_recipient_allowed("unit,person,model,area,household", RK_AREA));
	assert_true(award_recipient_allowed("household", RK_HOUSEHOLD));
	/* whole tokens only */
	assert_false(award_recipient_allowed("pers", RK_PERSON));
	assert_false(award_recipient_allowed("persons", RK_PERSON));
	assert_false(award_recipient_allowed("units", RK_UNIT));
	assert_false(award_recipient_allowed("units,person", RK_UNIT));
	assert_false(award_recipient_allowed("unit,pers", RK_PERSON));
	assert_false(award_recipient_allowed("unitperson", RK_PERSON));
	assert_false(award_recipient_allowed("xunit", RK_UNIT));
	assert_false(award_recipient_allowed("Unit", RK_UNIT));
	/* empty tokens are skipped, not matched */
	assert_true(award_recipient_allowed(",unit", RK_UNIT));
	assert_true(award_recipient_allowed("unit,", RK_UNIT));
	assert_true(award_recipient_allowed("area,,model", RK_MODEL));
	assert_false(award_recipient_allowed(",", RK_UNIT));
	assert_false(award_recipient_allowed("", RK_UNIT));
	assert_false(award_recipient_allowed(NULL, RK_UNIT));
	/* a kind out of the enumeration */
	assert_false(award_recipient_allowed("unit,person", RK__COUNT));
	assert_false(award_recipient_allowed("unit,person", (enum recipient_kind)(-1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vocabularies),
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_level_of_area),
	    cmocka_unit_test(test_transition_withdrawn),
	    cmocka_unit_test(test_transition_implement),
	    cmocka_unit_test(test_transition_recognise),
	    cmocka_unit_test(test_transition_typical),
	    cmocka_unit_test(test_transition_withdraw),
	    cmocka_unit_test(test_total),
	    cmocka_unit_test(test_total_edges),
	    cmocka_unit_test(test_rank_groups),
	    cmocka_unit_test(test_rank_ties),
	    cmocka_unit_test(test_rank_edges),
	    cmocka_unit_test(test_consecutive),
	    cmocka_unit_test(test_consecutive_input_kept),
	    cmocka_unit_test(test_recipient_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
