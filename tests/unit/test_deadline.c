/* test_deadline.c: the statutory deadline engine, as a table of dated cases, then its edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "core/deadline.h"

#define CAL DAYS_CALENDAR
#define WRK DAYS_WORKING

/*
 * Two rule sets, as an administrator would keep them: the set shipped by migration 0002 (in
 * force from 2025-07-01) and a later one (from 2026-07-01) that gives 15 days to accept a
 * first-time complaint and 25 to answer feedback, so that the table can tell them apart.
 * T_FALLBACK has a complex and a remote figure but none for both.
 * Fields: code, days, kind, complex, remote, remote+complex, extensions, extension days, anchor.
 */
#define COMMON_RULES                                                                               \
	{"KN1_SETTLE", 30, CAL, 45, 45, 60, 0, 0, ANCHOR_ACCEPTANCE, 'C'},                         \
	    {"KN2_LODGE", 30, CAL, 0, 45, 45, 0, 0, ANCHOR_DECISION, 'C'},                         \
	    {"KN2_ACCEPT", 10, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'U'},                           \
	    {"KN2_SETTLE", 45, CAL, 60, 60, 70, 0, 0, ANCHOR_ACCEPTANCE, 'C'},                     \
	    {"KN_COURT", 365, CAL, 0, 0, 0, 0, 0, ANCHOR_DECISION, 'P'},                           \
	    {"KN_PUBLISH", 15, CAL, 0, 0, 0, 0, 0, ANCHOR_DECISION, 'C'},                          \
	    {"TC_INIT", 7, WRK, 10, 0, 10, 0, 0, ANCHOR_RECEIPT, 'P'},                             \
	    {"TC_TRANSFER", 5, WRK, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'U'},                           \
	    {"TC_NOTIFY", 5, WRK, 0, 0, 0, 0, 0, ANCHOR_ACCEPTANCE, 'C'},                          \
	    {"TC_SETTLE", 30, CAL, 0, 0, 0, 2, 30, ANCHOR_ACCEPTANCE, 'C'},                        \
	    {"PAKN_FWD", 5, WRK, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'C'},                              \
	    {"CUTRI", 60, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'C'},                                \
	{                                                                                          \
		"T_FALLBACK", 20, CAL, 25, 30, 0, 0, 0, ANCHOR_RECEIPT, 'U'                        \
	}

static const struct rule rules_2025[] = {
    {"KN1_ACCEPT", 10, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'C'},
    {"PAKN_SETTLE", 30, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'U'},
    COMMON_RULES,
};

static const struct rule rules_2026[] = {
    {"KN1_ACCEPT", 15, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'C'},
    {"PAKN_SETTLE", 25, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'U'},
    COMMON_RULES,
};

/* Deliberately out of order: the engine must not rely on the order of the sets. */
static struct rule_set sets[2];

static void init_sets(void)
{
	sets[0] = (struct rule_set){2, date_from_ymd(2026, 7, 1), "2026", rules_2026,
	                            sizeof(rules_2026) / sizeof(rules_2026[0])};
	sets[1] = (struct rule_set){1, date_from_ymd(2025, 7, 1), "2025", rules_2025,
	                            sizeof(rules_2025) / sizeof(rules_2025[0])};
}

/* Tết 2026 as the government set it: 14 to 22 February. */
static dv_date tet_days[9];
static struct holidays tet = {tet_days, 9};
static struct holidays fixed_only = {NULL, 0};

static void init_holidays(void)
{
	int i;

	for (i = 0; i < 9; i++)
		tet_days[i] = date_from_ymd(2026, 2, 14 + i);
}

#define R DL_REMOTE
#define C DL_COMPLEX
#define NOEXT                                                                                      \
	{                                                                                          \
		-1, -1, -1                                                                         \
	}
#define EXT1(a)                                                                                    \
	{                                                                                          \
		a, -1, -1                                                                          \
	}
#define EXT2(a, b)                                                                                 \
	{                                                                                          \
		a, b, -1                                                                           \
	}
#define EXT3(a, b, c)                                                                              \
	{                                                                                          \
		a, b, c                                                                            \
	}

struct row {
	const char *what;
	const char *code;
	const char *from;
	unsigned flags;
	bool tet;   /* with Tết 2026 added to the calendar */
	int ext[3]; /* extensions asked for in turn (-1 = none) */
	int ext_ok; /* how many of them must be granted; the rest are refused */
	int set;    /* the rule set id expected in force (0 = none) */
	int days;   /* the period applied, after variants and extensions */
	const char *nominal;
	const char *due;
};

/* clang-format off */
static const struct row rows[] = {
	/* calendar days, the anchor day not counted, rolled forward */
	{ "ordinary weekday", "KN1_ACCEPT", "2025-09-08", 0, false, NOEXT, 0, 1, 10, "2025-09-18", "2025-09-18" },
	{ "first day not counted", "PAKN_SETTLE", "2025-10-01", 0, false, NOEXT, 0, 1, 30, "2025-10-31", "2025-10-31" },
	{ "lands on a Saturday", "KN1_ACCEPT", "2025-09-10", 0, false, NOEXT, 0, 1, 10, "2025-09-20", "2025-09-22" },
	{ "lands on a Sunday", "KN1_ACCEPT", "2025-09-11", 0, false, NOEXT, 0, 1, 10, "2025-09-21", "2025-09-22" },
	{ "lands on 2 September", "KN1_ACCEPT", "2025-08-23", 0, false, NOEXT, 0, 1, 10, "2025-09-02", "2025-09-03" },
	{ "lands on 2 September (2026 set)", "KN_PUBLISH", "2026-08-18", 0, false, NOEXT, 0, 2, 15, "2026-09-02", "2026-09-03" },
	{ "30 Apr, 1 May and a weekend", "KN1_ACCEPT", "2026-04-20", 0, false, NOEXT, 0, 1, 10, "2026-04-30", "2026-05-04" },
	{ "lands on 1 January", "KN1_ACCEPT", "2025-12-22", 0, false, NOEXT, 0, 1, 10, "2026-01-01", "2026-01-02" },
	{ "from 1 January", "KN1_ACCEPT", "2026-01-01", 0, false, NOEXT, 0, 1, 10, "2026-01-11", "2026-01-12" },
	{ "year end: Sunday 31 Dec, then 1 Jan", "KN1_SETTLE", "2028-12-01", 0, false, NOEXT, 0, 2, 30, "2028-12-31", "2029-01-02" },
	{ "year end on a working day", "KN1_SETTLE", "2026-12-01", 0, false, NOEXT, 0, 2, 30, "2026-12-31", "2026-12-31" },
	{ "lands in Tết", "KN1_ACCEPT", "2026-02-06", 0, true, NOEXT, 0, 1, 10, "2026-02-16", "2026-02-23" },
	{ "same without Tết in the calendar", "KN1_ACCEPT", "2026-02-06", 0, false, NOEXT, 0, 1, 10, "2026-02-16", "2026-02-16" },
	{ "lands on the first day of Tết", "KN1_ACCEPT", "2026-02-04", 0, true, NOEXT, 0, 1, 10, "2026-02-14", "2026-02-23" },
	{ "lands on a leap day", "KN2_ACCEPT", "2028-02-19", 0, false, NOEXT, 0, 2, 10, "2028-02-29", "2028-02-29" },
	{ "across a leap day", "KN1_SETTLE", "2028-02-15", 0, false, NOEXT, 0, 2, 30, "2028-03-16", "2028-03-16" },
	{ "a year across a leap day", "KN_COURT", "2027-03-01", 0, false, NOEXT, 0, 2, 365, "2028-02-29", "2028-02-29" },
	{ "60 days onto a Saturday", "CUTRI", "2026-09-01", 0, false, NOEXT, 0, 2, 60, "2026-10-31", "2026-11-02" },
	/* working days: the days-th working day after the anchor */
	{ "working days from a Friday", "TC_INIT", "2025-10-03", 0, false, NOEXT, 0, 1, 7, "2025-10-14", "2025-10-14" },
	{ "working days from a Saturday", "TC_INIT", "2025-10-04", 0, false, NOEXT, 0, 1, 7, "2025-10-14", "2025-10-14" },
	{ "five working days from a Friday", "TC_TRANSFER", "2025-10-03", 0, false, NOEXT, 0, 1, 5, "2025-10-10", "2025-10-10" },
	{ "working days across Tết", "PAKN_FWD", "2026-02-12", 0, true, NOEXT, 0, 1, 5, "2026-02-26", "2026-02-26" },
	{ "working days from a Saturday in Tết", "PAKN_FWD", "2026-02-14", 0, true, NOEXT, 0, 1, 5, "2026-02-27", "2026-02-27" },
	{ "working days across 30 Apr and 1 May", "TC_INIT", "2026-04-29", 0, false, NOEXT, 0, 1, 7, "2026-05-12", "2026-05-12" },
	{ "working days across 2 September", "TC_NOTIFY", "2026-08-28", 0, false, NOEXT, 0, 2, 5, "2026-09-07", "2026-09-07" },
	/* variants */
	{ "TC_INIT complex", "TC_INIT", "2025-10-03", C, false, NOEXT, 0, 1, 10, "2025-10-17", "2025-10-17" },
	{ "TC_INIT remote: no figure, same as days", "TC_INIT", "2025-10-03", R, false, NOEXT, 0, 1, 7, "2025-10-14", "2025-10-14" },
	{ "TC_INIT remote and complex", "TC_INIT", "2025-10-03", R | C, false, NOEXT, 0, 1, 10, "2025-10-17", "2025-10-17" },
	{ "KN1_SETTLE", "KN1_SETTLE", "2025-11-03", 0, false, NOEXT, 0, 1, 30, "2025-12-03", "2025-12-03" },
	{ "KN1_SETTLE complex", "KN1_SETTLE", "2025-11-03", C, false, NOEXT, 0, 1, 45, "2025-12-18", "2025-12-18" },
	{ "KN1_SETTLE remote", "KN1_SETTLE", "2025-11-03", R, false, NOEXT, 0, 1, 45, "2025-12-18", "2025-12-18" },
	{ "KN1_SETTLE remote and complex", "KN1_SETTLE", "2025-11-03", R | C, false, NOEXT, 0, 1, 60, "2026-01-02", "2026-01-02" },
	{ "KN2_SETTLE", "KN2_SETTLE", "2026-03-02", 0, false, NOEXT, 0, 1, 45, "2026-04-16", "2026-04-16" },
	{ "KN2_SETTLE complex, onto 1 May", "KN2_SETTLE", "2026-03-02", C, false, NOEXT, 0, 1, 60, "2026-05-01", "2026-05-04" },
	{ "KN2_SETTLE remote, onto 1 May", "KN2_SETTLE", "2026-03-02", R, false, NOEXT, 0, 1, 60, "2026-05-01", "2026-05-04" },
	{ "KN2_SETTLE remote and complex", "KN2_SETTLE", "2026-03-02", R | C, false, NOEXT, 0, 1, 70, "2026-05-11", "2026-05-11" },
	{ "KN2_LODGE remote", "KN2_LODGE", "2025-11-03", R, false, NOEXT, 0, 1, 45, "2025-12-18", "2025-12-18" },
	{ "KN2_LODGE complex: no figure", "KN2_LODGE", "2025-11-03", C, false, NOEXT, 0, 1, 30, "2025-12-03", "2025-12-03" },
	{ "both without a figure: the longer", "T_FALLBACK", "2025-11-03", R | C, false, NOEXT, 0, 1, 30, "2025-12-03", "2025-12-03" },
	{ "complex figure", "T_FALLBACK", "2025-11-03", C, false, NOEXT, 0, 1, 25, "2025-11-28", "2025-11-28" },
	/* extensions of a denunciation: at most two of at most 30 days, from the due date */
	{ "TC_SETTLE", "TC_SETTLE", "2025-10-01", 0, false, NOEXT, 0, 1, 30, "2025-10-31", "2025-10-31" },
	{ "TC_SETTLE extended once", "TC_SETTLE", "2025-10-01", 0, false, EXT1(30), 1, 1, 60, "2025-11-30", "2025-12-01" },
	{ "TC_SETTLE extended twice", "TC_SETTLE", "2025-10-01", 0, false, EXT2(30, 30), 2, 1, 90, "2025-12-31", "2025-12-31" },
	{ "TC_SETTLE third extension refused", "TC_SETTLE", "2025-10-01", 0, false, EXT3(30, 30, 30), 2, 1, 90, "2025-12-31", "2025-12-31" },
	{ "extension of 0 days refused", "TC_SETTLE", "2025-10-01", 0, false, EXT1(0), 0, 1, 30, "2025-10-31", "2025-10-31" },
	{ "extension of 31 days refused", "TC_SETTLE", "2025-10-01", 0, false, EXT1(31), 0, 1, 30, "2025-10-31", "2025-10-31" },
	{ "short then full extension", "TC_SETTLE", "2025-10-01", 0, false, EXT2(15, 30), 2, 1, 75, "2025-12-17", "2025-12-17" },
	{ "extension into Tết", "TC_SETTLE", "2026-01-05", 0, true, EXT1(10), 1, 1, 40, "2026-02-14", "2026-02-23" },
	{ "a complaint is never extended", "KN1_SETTLE", "2025-10-01", 0, false, EXT1(10), 0, 1, 30, "2025-10-31", "2025-10-31" },
	/* rule-set change dates */
	{ "before the first set", "KN1_ACCEPT", "2025-06-30", 0, false, NOEXT, 0, 0, 0, NULL, NULL },
	{ "on the first set's date", "KN1_ACCEPT", "2025-07-01", 0, false, NOEXT, 0, 1, 10, "2025-07-11", "2025-07-11" },
	{ "the day before the change", "KN1_ACCEPT", "2026-06-30", 0, false, NOEXT, 0, 1, 10, "2026-07-10", "2026-07-10" },
	{ "on the change", "KN1_ACCEPT", "2026-07-01", 0, false, NOEXT, 0, 2, 15, "2026-07-16", "2026-07-16" },
	{ "the day after the change", "KN1_ACCEPT", "2026-07-02", 0, false, NOEXT, 0, 2, 15, "2026-07-17", "2026-07-17" },
	{ "feedback before the change", "PAKN_SETTLE", "2026-06-30", 0, false, NOEXT, 0, 1, 30, "2026-07-30", "2026-07-30" },
	{ "feedback on the change, onto a Sunday", "PAKN_SETTLE", "2026-07-01", 0, false, NOEXT, 0, 2, 25, "2026-07-26", "2026-07-27" },
};
/* clang-format on */

static bool date_is(dv_date day, const char *want)
{
	char buf[11];

	date_format(day, buf);
	return want && !strcmp(buf, want);
}

/* Run one row; print what differs and return false when anything does. */
static bool run_row(const struct row *r)
{
	const struct rule_set *set;
	const struct rule *rule;
	struct deadline d, before;
	dv_date from;
	bool ok = true;
	int i, rc;

	if (!date_parse(r->from, &from)) {
		print_error("%s: bad from date in the table\n", r->what);
		return false;
	}
	set = rule_set_in_force(sets, 2, from);
	if (!r->set) {
		if (set) {
			print_error("%s: a set is in force on %s\n", r->what, r->from);
			return false;
		}
		return true;
	}
	if (!set || set->id != r->set) {
		print_error("%s: set %lld in force, want %d\n", r->what,
		            set ? (long long)set->id : 0LL, r->set);
		return false;
	}
	rule = rule_find(set, r->code);
	if (!rule) {
		print_error("%s: no rule %s\n", r->what, r->code);
		return false;
	}
	if (deadline_compute(rule, set->id, from, r->flags, r->tet ? &tet : &fixed_only, &d) != 0) {
		print_error("%s: deadline_compute failed\n", r->what);
		return false;
	}
	for (i = 0; i < 3 && r->ext[i] >= 0; i++) {
		before = d;
		rc = deadline_extend(rule, &d, r->ext[i], r->tet ? &tet : &fixed_only);
		if ((rc == 0) != (i < r->ext_ok)) {
			print_error("%s: extension %d of %d days gave %d\n", r->what, i + 1,
			            r->ext[i], rc);
			ok = false;
		}
		if (rc != 0 && memcmp(&before, &d, sizeof(d)) != 0) {
			print_error("%s: a refused extension changed the deadline\n", r->what);
			ok = false;
		}
	}
	if (d.days != r->days || d.extensions != r->ext_ok || !date_is(d.nominal, r->nominal) ||
	    !date_is(d.due, r->due) || d.from != from || d.rule_set_id != r->set ||
	    strcmp(d.rule_code, r->code) != 0 || d.kind != rule->kind || d.flags != r->flags) {
		char nominal[11], due[11];

		date_format(d.nominal, nominal);
		date_format(d.due, due);
		print_error("%s (%s from %s): got %d days, nominal %s, due %s, %d extensions; "
		            "want %d days, nominal %s, due %s\n",
		            r->what, r->code, r->from, d.days, nominal, due, d.extensions, r->days,
		            r->nominal, r->due);
		ok = false;
	}
	return ok;
}

static void test_table(void **state)
{
	size_t i, failed = 0, n = sizeof(rows) / sizeof(rows[0]);

	(void)state;
	assert_true(n >= 40);
	for (i = 0; i < n; i++)
		if (!run_row(&rows[i]))
			failed++;
	assert_int_equal(failed, 0);
}

static void test_rule_sets(void **state)
{
	const struct rule_set *s;

	(void)state;
	assert_null(rule_set_in_force(sets, 2, date_from_ymd(2025, 6, 30)));
	assert_null(rule_set_in_force(sets, 2, date_from_ymd(1900, 1, 1)));
	assert_null(rule_set_in_force(NULL, 0, date_from_ymd(2026, 1, 1)));
	assert_null(rule_set_in_force(sets, 0, date_from_ymd(2026, 1, 1)));
	s = rule_set_in_force(sets, 2, date_from_ymd(2025, 7, 1));
	assert_non_null(s);
	assert_int_equal(s->id, 1);
	s = rule_set_in_force(sets, 2, date_from_ymd(2026, 6, 30));
	assert_int_equal(s->id, 1);
	s = rule_set_in_force(sets, 2, date_from_ymd(2026, 7, 1));
	assert_int_equal(s->id, 2);
	s = rule_set_in_force(sets, 2, date_from_ymd(2199, 1, 1));
	assert_int_equal(s->id, 2);
	/* only the later set given: nothing before its date */
	assert_null(rule_set_in_force(sets, 1, date_from_ymd(2026, 6, 30)));

	assert_non_null(rule_find(&sets[1], "TC_SETTLE"));
	assert_string_equal(rule_find(&sets[1], "TC_SETTLE")->code, "TC_SETTLE");
	assert_null(rule_find(&sets[1], "NO_SUCH"));
	assert_null(rule_find(&sets[1], "tc_settle"));
	assert_null(rule_find(&sets[1], NULL));
	assert_null(rule_find(NULL, "TC_SETTLE"));
}

static void test_holidays(void **state)
{
	dv_date extra[20], day;
	struct holidays h;
	int y, n, i;

	(void)state;
	for (y = 1900; y <= 2200; y++) {
		assert_true(holiday_is_fixed(date_from_ymd(y, 1, 1)));
		assert_true(holiday_is_fixed(date_from_ymd(y, 4, 30)));
		assert_true(holiday_is_fixed(date_from_ymd(y, 5, 1)));
		assert_true(holiday_is_fixed(date_from_ymd(y, 9, 2)));
		assert_false(holiday_is_fixed(date_from_ymd(y, 1, 2)));
		assert_false(holiday_is_fixed(date_from_ymd(y, 4, 29)));
		assert_false(holiday_is_fixed(date_from_ymd(y, 5, 2)));
		assert_false(holiday_is_fixed(date_from_ymd(y, 9, 1)));
		assert_false(holiday_is_fixed(date_from_ymd(y, 12, 31)));
	}
	assert_true(holiday_is(NULL, date_from_ymd(2026, 9, 2)));
	assert_false(holiday_is(NULL, date_from_ymd(2026, 2, 17)));
	assert_true(holiday_is(&tet, date_from_ymd(2026, 2, 17)));
	assert_true(holiday_is(&tet, date_from_ymd(2026, 2, 14)));
	assert_true(holiday_is(&tet, date_from_ymd(2026, 2, 22)));
	assert_false(holiday_is(&tet, date_from_ymd(2026, 2, 13)));
	assert_false(holiday_is(&tet, date_from_ymd(2026, 2, 23)));

	/* the binary search agrees with a scan for every size and every probe */
	for (n = 0; n <= 20; n++) {
		for (i = 0; i < n; i++)
			extra[i] = date_from_ymd(2030, 3, 2) + 3 * i;
		h.extra = extra;
		h.n = (size_t)n;
		for (day = date_from_ymd(2030, 3, 1); day < date_from_ymd(2030, 4, 15); day++) {
			bool want = false;

			for (i = 0; i < n; i++)
				want = want || extra[i] == day;
			assert_int_equal(holiday_is(&h, day), want);
		}
	}

	/* working days: 2026-02-13 Friday, 14-22 Tết, 23 Monday */
	assert_true(working_day(&tet, date_from_ymd(2026, 2, 13)));
	assert_false(working_day(&tet, date_from_ymd(2026, 2, 16)));
	assert_true(working_day(&fixed_only, date_from_ymd(2026, 2, 16)));
	assert_false(working_day(NULL, date_from_ymd(2026, 2, 15))); /* Sunday */
	assert_false(working_day(NULL, date_from_ymd(2026, 4, 30)));
	assert_true(working_day(&tet, date_from_ymd(2026, 2, 23)));
}

static const struct rule tc_settle = {"TC_SETTLE", 30, CAL, 0, 0, 0, 2, 30, ANCHOR_ACCEPTANCE, 'C'};

static void test_bad_input(void **state)
{
	struct rule bad = tc_settle;
	struct deadline d, before;

	(void)state;
	bad.days = 0;
	assert_int_equal(deadline_compute(&bad, 1, date_from_ymd(2026, 1, 5), 0, NULL, &d), -1);
	bad.days = -5;
	assert_int_equal(deadline_compute(&bad, 1, date_from_ymd(2026, 1, 5), 0, NULL, &d), -1);
	assert_int_equal(deadline_compute(NULL, 1, date_from_ymd(2026, 1, 5), 0, NULL, &d), -1);
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(2026, 1, 5), 0, NULL, NULL),
	                 -1);
	/* outside 1900-2200 */
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(1899, 12, 31), 0, NULL, &d),
	                 -1);
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(2200, 12, 15), 0, NULL, &d),
	                 -1);
	bad = tc_settle;
	bad.days = 2000000000;
	assert_int_equal(deadline_compute(&bad, 1, date_from_ymd(2026, 1, 5), 0, NULL, &d), -1);
	bad.kind = DAYS_WORKING;
	bad.days = 100000;
	assert_int_equal(deadline_compute(&bad, 1, date_from_ymd(2026, 1, 5), 0, NULL, &d), -1);
	/* the last supported day still works */
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(2200, 11, 1), 0, NULL, &d),
	                 0);
	assert_true(date_is(d.due, "2200-12-01"));

	/* no variant: flags are kept but change nothing */
	assert_int_equal(
	    deadline_compute(&tc_settle, 7, date_from_ymd(2025, 10, 1), R | C, NULL, &d), 0);
	assert_int_equal(d.days, 30);
	assert_int_equal(d.flags, R | C);
	assert_int_equal(d.rule_set_id, 7);
	assert_int_equal(d.anchor, ANCHOR_ACCEPTANCE);

	/* refused extensions leave everything as it was */
	before = d;
	assert_int_equal(deadline_extend(&tc_settle, &d, -1, NULL), -1);
	assert_int_equal(deadline_extend(&tc_settle, &d, 0, NULL), -1);
	assert_int_equal(deadline_extend(&tc_settle, &d, 31, NULL), -1);
	assert_int_equal(deadline_extend(NULL, &d, 10, NULL), -1);
	assert_int_equal(deadline_extend(&tc_settle, NULL, 10, NULL), -1);
	assert_memory_equal(&before, &d, sizeof(d));
	assert_int_equal(deadline_extend(&tc_settle, &d, 1, NULL), 0);
	assert_int_equal(d.extensions, 1);
	assert_true(date_is(d.due, "2025-11-03")); /* 1 Nov is a Saturday */
}

static void test_days_left(void **state)
{
	struct deadline d;

	(void)state;
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(2025, 10, 1), 0, NULL, &d),
	                 0);
	assert_int_equal(deadline_days_left(&d, date_from_ymd(2025, 10, 1)), 30);
	assert_int_equal(deadline_days_left(&d, date_from_ymd(2025, 10, 31)), 0);
	assert_int_equal(deadline_days_left(&d, date_from_ymd(2025, 11, 3)), -3);
}

static void expect_explain(const struct deadline *d, enum lang lang, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	deadline_explain(d, lang, &sb);
	assert_false(sb.failed);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_explain(void **state)
{
	const struct rule kn1_accept = {"KN1_ACCEPT", 10, CAL, 0, 0, 0, 0, 0, ANCHOR_RECEIPT, 'C'};
	const struct rule *tc_init = rule_find(&sets[1], "TC_INIT");
	const struct rule *kn1_settle = rule_find(&sets[1], "KN1_SETTLE");
	struct deadline d;

	(void)state;
	/* the example of the issue: a calendar rule */
	assert_int_equal(deadline_compute(&kn1_accept, 1, date_from_ymd(2026, 12, 4), 0, NULL, &d),
	                 0);
	expect_explain(&d, LANG_EN,
	               "2026-12-14 \xe2\x80\x94 KN1_ACCEPT, 10 calendar days from receipt");
	expect_explain(&d, LANG_VI,
	               "2026-12-14 \xe2\x80\x94 KN1_ACCEPT, 10 ngày kể từ ngày tiếp nhận");

	/* a working-day rule */
	assert_int_equal(deadline_compute(tc_init, 1, date_from_ymd(2025, 10, 3), 0, NULL, &d), 0);
	expect_explain(&d, LANG_EN, "2025-10-14 \xe2\x80\x94 TC_INIT, 7 working days from receipt");
	expect_explain(&d, LANG_VI,
	               "2025-10-14 \xe2\x80\x94 TC_INIT, 7 ngày làm việc kể từ ngày tiếp nhận");

	/* variants */
	assert_int_equal(
	    deadline_compute(kn1_settle, 1, date_from_ymd(2025, 11, 3), R | C, NULL, &d), 0);
	expect_explain(&d, LANG_EN,
	               "2026-01-02 \xe2\x80\x94 KN1_SETTLE, 60 calendar days from acceptance "
	               "(remote area) (complex)");
	expect_explain(&d, LANG_VI,
	               "2026-01-02 \xe2\x80\x94 KN1_SETTLE, 60 ngày kể từ ngày thụ lý "
	               "(vùng sâu, vùng xa) (vụ việc phức tạp)");

	/* an extension that lands on a Sunday, then a second one */
	assert_int_equal(deadline_compute(&tc_settle, 1, date_from_ymd(2025, 10, 1), 0, NULL, &d),
	                 0);
	assert_int_equal(deadline_extend(&tc_settle, &d, 30, NULL), 0);
	expect_explain(&d, LANG_EN,
	               "2025-12-01 \xe2\x80\x94 TC_SETTLE, 60 calendar days from acceptance "
	               "(extended once) (rolled past a weekend)");
	expect_explain(&d, LANG_VI,
	               "2025-12-01 \xe2\x80\x94 TC_SETTLE, 60 ngày kể từ ngày thụ lý "
	               "(đã gia hạn 1 lần) "
	               "(lùi sang ngày làm việc tiếp theo vì trùng ngày nghỉ cuối tuần)");
	assert_int_equal(deadline_extend(&tc_settle, &d, 30, NULL), 0);
	expect_explain(&d, LANG_EN,
	               "2025-12-31 \xe2\x80\x94 TC_SETTLE, 90 calendar days from acceptance "
	               "(extended twice)");

	/* rolled past a holiday */
	assert_int_equal(deadline_compute(&kn1_accept, 1, date_from_ymd(2025, 8, 23), 0, NULL, &d),
	                 0);
	expect_explain(&d, LANG_EN,
	               "2025-09-03 \xe2\x80\x94 KN1_ACCEPT, 10 calendar days from receipt "
	               "(rolled past a holiday)");
}

static void test_names(void **state)
{
	enum rule_anchor a;

	(void)state;
	assert_string_equal(day_kind_name(DAYS_CALENDAR), "calendar");
	assert_string_equal(day_kind_name(DAYS_WORKING), "working");
	assert_string_equal(rule_anchor_name(ANCHOR_RECEIPT), "receipt");
	assert_string_equal(rule_anchor_name(ANCHOR_ACCEPTANCE), "acceptance");
	assert_string_equal(rule_anchor_name(ANCHOR_DECISION), "decision");
	assert_string_equal(rule_anchor_name(ANCHOR_REQUEST), "request");
	assert_null(rule_anchor_name(ANCHOR__COUNT));
	for (a = ANCHOR_RECEIPT; a < ANCHOR__COUNT; a++) {
		enum rule_anchor back = ANCHOR__COUNT;

		assert_true(rule_anchor_parse(rule_anchor_name(a), &back));
		assert_int_equal(back, a);
	}
	assert_false(rule_anchor_parse("Receipt", &a));
	assert_false(rule_anchor_parse("", &a));
	assert_false(rule_anchor_parse(NULL, &a));
}

static int setup(void **state)
{
	(void)state;
	init_sets();
	init_holidays();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),     cmocka_unit_test(test_rule_sets),
	    cmocka_unit_test(test_holidays),  cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_days_left), cmocka_unit_test(test_explain),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
