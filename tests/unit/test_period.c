/* test_period.c: the official reporting periods: codes accepted and refused, their months and
 * days, the period of a day at quarter and half boundaries, and their names in both languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/period.h"

/* "YYYY-MM-DD" of a day, for messages and comparisons. */
static const char *day_str(dv_date d, char buf[static 11])
{
	date_format(d, buf);
	return buf;
}

static void test_parse_table(void **state)
{
	static const struct {
		const char *in;
		enum period_kind kind;
		int year, n;
		const char *code, *from, *to;
	} good[] = {
	    {"2026", PERIOD_YEAR, 2026, 0, "2026", "2026-01", "2026-12"},
	    {"2026-01", PERIOD_MONTH, 2026, 1, "2026-01", "2026-01", "2026-01"},
	    {"2026-07", PERIOD_MONTH, 2026, 7, "2026-07", "2026-07", "2026-07"},
	    {"2026-12", PERIOD_MONTH, 2026, 12, "2026-12", "2026-12", "2026-12"},
	    {"2026-Q1", PERIOD_QUARTER, 2026, 1, "2026-Q1", "2026-01", "2026-03"},
	    {"2026-Q2", PERIOD_QUARTER, 2026, 2, "2026-Q2", "2026-04", "2026-06"},
	    {"2026-Q3", PERIOD_QUARTER, 2026, 3, "2026-Q3", "2026-07", "2026-09"},
	    {"2026-Q4", PERIOD_QUARTER, 2026, 4, "2026-Q4", "2026-10", "2026-12"},
	    {"2026-H1", PERIOD_HALF, 2026, 1, "2026-H1", "2026-01", "2026-06"},
	    {"2026-H2", PERIOD_HALF, 2026, 2, "2026-H2", "2026-07", "2026-12"},
	    {"2026-9M", PERIOD_NINE, 2026, 0, "2026-9M", "2026-01", "2026-09"},
	    /* the first and last years */
	    {"2000", PERIOD_YEAR, 2000, 0, "2000", "2000-01", "2000-12"},
	    {"2000-01", PERIOD_MONTH, 2000, 1, "2000-01", "2000-01", "2000-01"},
	    {"2100", PERIOD_YEAR, 2100, 0, "2100", "2100-01", "2100-12"},
	    {"2100-Q4", PERIOD_QUARTER, 2100, 4, "2100-Q4", "2100-10", "2100-12"},
	    {"2028-02", PERIOD_MONTH, 2028, 2, "2028-02", "2028-02", "2028-02"},
	};
	static const char *const bad[] = {
	    "",        "abc",      "1999",     "2101",     "1999-12",   "2101-01",  "0000",
	    "9999",    "2026-13",  "2026-00",  "2026-Q0",  "2026-Q5",   "2026-H0",  "2026-H3",
	    "2026-9N", "2026-8M",  "2026-6M",  "2026-",    "2026-7",    "2026-007", " 2026",
	    "2026 ",   "20260",    "202",      "2026-Q",   "2026-Q12",  "2026-H",   "-2026",
	    "2026/07", "2026-07-01", "2026-M9", "2026Q3",  "2026-Y",    "2026-1H",  "2026-3Q",
	    "２０２６", "2026-0７",  "+2026",    "2026-9M ", "2026-\xff", "20x6",     "2026-H1x",
	};
	struct period p;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&p, 0x5a, sizeof(p));
		if (!period_parse(good[i].in, &p))
			fail_msg("'%s' should parse", good[i].in);
		assert_int_equal(p.kind, good[i].kind);
		assert_int_equal(p.year, good[i].year);
		assert_int_equal(p.n, good[i].n);
		assert_string_equal(p.code, good[i].code);
		assert_string_equal(p.from, good[i].from);
		assert_string_equal(p.to, good[i].to);
		/* the code parses back to the same period */
		{
			struct period q;

			assert_true(period_parse(p.code, &q));
			assert_memory_equal(&p, &q, sizeof(p));
		}
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (period_parse(bad[i], &p))
			fail_msg("'%s' should be refused, parsed as '%s'", bad[i], p.code);
	}
	assert_false(period_parse(NULL, &p));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(period_kind_name(PERIOD_MONTH), "month");
	assert_string_equal(period_kind_name(PERIOD_QUARTER), "quarter");
	assert_string_equal(period_kind_name(PERIOD_HALF), "half");
	assert_string_equal(period_kind_name(PERIOD_NINE), "9months");
	assert_string_equal(period_kind_name(PERIOD_YEAR), "year");
	assert_null(period_kind_name(PERIOD__COUNT));
	assert_null(period_kind_name((enum period_kind)-1));
}

/* period_of(kind, day) has this code. */
static void expect_of(enum period_kind kind, int y, int m, int d, const char *code)
{
	struct period p;
	char buf[11];

	period_of(kind, date_from_ymd(y, m, d), &p);
	if (strcmp(p.code, code))
		fail_msg("the %s of %s is '%s', expected '%s'", period_kind_name(kind),
			 day_str(date_from_ymd(y, m, d), buf), p.code, code);
}

static void test_period_of(void **state)
{
	(void)state;
	/* quarter boundaries */
	expect_of(PERIOD_QUARTER, 2026, 1, 1, "2026-Q1");
	expect_of(PERIOD_QUARTER, 2026, 3, 31, "2026-Q1");
	expect_of(PERIOD_QUARTER, 2026, 4, 1, "2026-Q2");
	expect_of(PERIOD_QUARTER, 2026, 6, 30, "2026-Q2");
	expect_of(PERIOD_QUARTER, 2026, 7, 1, "2026-Q3");
	expect_of(PERIOD_QUARTER, 2026, 9, 30, "2026-Q3");
	expect_of(PERIOD_QUARTER, 2026, 10, 1, "2026-Q4");
	expect_of(PERIOD_QUARTER, 2026, 12, 31, "2026-Q4");
	expect_of(PERIOD_QUARTER, 2027, 1, 1, "2027-Q1");
	/* half boundaries */
	expect_of(PERIOD_HALF, 2026, 1, 1, "2026-H1");
	expect_of(PERIOD_HALF, 2026, 6, 30, "2026-H1");
	expect_of(PERIOD_HALF, 2026, 7, 1, "2026-H2");
	expect_of(PERIOD_HALF, 2026, 12, 31, "2026-H2");
	/* months, including a leap day */
	expect_of(PERIOD_MONTH, 2026, 1, 31, "2026-01");
	expect_of(PERIOD_MONTH, 2026, 2, 1, "2026-02");
	expect_of(PERIOD_MONTH, 2028, 2, 29, "2028-02");
	expect_of(PERIOD_MONTH, 2026, 12, 31, "2026-12");
	/* nine months and the year: of the day's year, whatever its month */
	expect_of(PERIOD_NINE, 2026, 1, 1, "2026-9M");
	expect_of(PERIOD_NINE, 2026, 12, 31, "2026-9M");
	expect_of(PERIOD_YEAR, 2026, 1, 1, "2026");
	expect_of(PERIOD_YEAR, 2026, 12, 31, "2026");
	expect_of(PERIOD_YEAR, 2027, 1, 1, "2027");

	/* every day of two years (one leap) falls in the period whose days hold it */
	for (dv_date day = date_from_ymd(2027, 1, 1); day <= date_from_ymd(2028, 12, 31); day++) {
		for (int k = 0; k < PERIOD__COUNT; k++) {
			struct period p, q;
			dv_date first, last;
			char a[11], b[11], c[11];

			period_of((enum period_kind)k, day, &p);
			period_days(&p, &first, &last);
			if (k != PERIOD_NINE && (day < first || day > last))
				fail_msg("%s is outside its %s %s (%s..%s)", day_str(day, a),
					 period_kind_name((enum period_kind)k), p.code,
					 day_str(first, b), day_str(last, c));
			assert_true(period_parse(p.code, &q));
			assert_memory_equal(&p, &q, sizeof(p));
		}
	}
}

/* The first and last days of `code`. */
static void expect_days(const char *code, const char *first, const char *last)
{
	struct period p;
	dv_date f, l;
	char a[11], b[11];

	if (!period_parse(code, &p))
		fail_msg("'%s' should parse", code);
	period_days(&p, &f, &l);
	day_str(f, a);
	day_str(l, b);
	if (strcmp(a, first) || strcmp(b, last))
		fail_msg("%s: days %s..%s, expected %s..%s", code, a, b, first, last);
}

static void test_days(void **state)
{
	(void)state;
	expect_days("2026", "2026-01-01", "2026-12-31");
	expect_days("2026-Q1", "2026-01-01", "2026-03-31");
	expect_days("2026-Q2", "2026-04-01", "2026-06-30");
	expect_days("2026-Q3", "2026-07-01", "2026-09-30");
	expect_days("2026-Q4", "2026-10-01", "2026-12-31");
	expect_days("2026-H1", "2026-01-01", "2026-06-30");
	expect_days("2026-H2", "2026-07-01", "2026-12-31");
	expect_days("2026-9M", "2026-01-01", "2026-09-30");
	expect_days("2026-01", "2026-01-01", "2026-01-31");
	expect_days("2026-02", "2026-02-01", "2026-02-28");
	expect_days("2028-02", "2028-02-01", "2028-02-29"); /* leap */
	expect_days("2000-02", "2000-02-01", "2000-02-29"); /* divisible by 400: leap */
	expect_days("2100-02", "2100-02-01", "2100-02-28"); /* divisible by 100: not leap */
	expect_days("2026-04", "2026-04-01", "2026-04-30");
	expect_days("2026-12", "2026-12-01", "2026-12-31");
	expect_days("2100", "2100-01-01", "2100-12-31");
	expect_days("2028-Q1", "2028-01-01", "2028-03-31");
	expect_days("2028-H1", "2028-01-01", "2028-06-30");
}

static void test_months(void **state)
{
	static const struct {
		const char *code;
		int n;
		const char *first, *last;
	} t[] = {
	    {"2026", 12, "2026-01", "2026-12"},   {"2026-9M", 9, "2026-01", "2026-09"},
	    {"2026-H1", 6, "2026-01", "2026-06"}, {"2026-H2", 6, "2026-07", "2026-12"},
	    {"2026-Q1", 3, "2026-01", "2026-03"}, {"2026-Q3", 3, "2026-07", "2026-09"},
	    {"2026-Q4", 3, "2026-10", "2026-12"}, {"2026-07", 1, "2026-07", "2026-07"},
	    {"2028-02", 1, "2028-02", "2028-02"}, {"2100-Q4", 3, "2100-10", "2100-12"},
	};
	char months[12][8];
	struct period p;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int n;

		assert_true(period_parse(t[i].code, &p));
		memset(months, 0, sizeof(months));
		n = period_months(&p, months);
		if (n != t[i].n)
			fail_msg("%s has %d months, expected %d", t[i].code, n, t[i].n);
		assert_string_equal(months[0], t[i].first);
		assert_string_equal(months[n - 1], t[i].last);
		assert_string_equal(months[0], p.from);
		assert_string_equal(months[n - 1], p.to);
		/* consecutive months of the period's year */
		for (int k = 1; k < n; k++) {
			char want[8];
			int m0 = (months[0][5] - '0') * 10 + (months[0][6] - '0');

			snprintf(want, sizeof(want), "%04u-%02u", (unsigned)p.year % 10000u,
			         (unsigned)(m0 + k) % 100u);
			assert_string_equal(months[k], want);
		}
		/* nothing written past the last one */
		for (int k = n; k < 12; k++)
			assert_int_equal(months[k][0], 0);
	}
}

static void expect_label(const char *code, const char *vi, const char *en)
{
	struct period p;
	char buf[64];

	if (!period_parse(code, &p))
		fail_msg("'%s' should parse", code);
	period_label(&p, false, buf, sizeof(buf));
	if (strcmp(buf, vi))
		fail_msg("%s in Vietnamese: '%s', expected '%s'", code, buf, vi);
	period_label(&p, true, buf, sizeof(buf));
	if (strcmp(buf, en))
		fail_msg("%s in English: '%s', expected '%s'", code, buf, en);
}

static void test_labels(void **state)
{
	struct period p;
	char buf[40];

	(void)state;
	expect_label("2026-07", "Tháng 7/2026", "July 2026");
	expect_label("2026-01", "Tháng 1/2026", "January 2026");
	expect_label("2026-12", "Tháng 12/2026", "December 2026");
	expect_label("2026-Q1", "Quý I/2026", "Q1 2026");
	expect_label("2026-Q2", "Quý II/2026", "Q2 2026");
	expect_label("2026-Q3", "Quý III/2026", "Q3 2026");
	expect_label("2026-Q4", "Quý IV/2026", "Q4 2026");
	expect_label("2026-H1", "6 tháng đầu năm 2026", "First half of 2026");
	expect_label("2026-H2", "6 tháng cuối năm 2026", "Second half of 2026");
	expect_label("2026-9M", "9 tháng năm 2026", "First 9 months of 2026");
	expect_label("2026", "Năm 2026", "Year 2026");
	expect_label("2100-09", "Tháng 9/2100", "September 2100");

	/* the longest name fits the 40 bytes the header asks for */
	assert_true(period_parse("2026-H2", &p));
	period_label(&p, false, buf, sizeof(buf));
	assert_string_equal(buf, "6 tháng cuối năm 2026");
	assert_true(period_parse("2026-09", &p));
	period_label(&p, true, buf, sizeof(buf));
	assert_string_equal(buf, "September 2026");
	/* a short buffer is cut, never overrun */
	{
		char small[8];

		memset(small, 'x', sizeof(small));
		assert_true(period_parse("2026-9M", &p));
		period_label(&p, true, small, sizeof(small));
		assert_int_equal(small[sizeof(small) - 1], '\0');
		assert_string_equal(small, "First 9");
	}
}

static void test_previous_year(void **state)
{
	static const char *const pairs[][2] = {
	    {"2026", "2025"},       {"2026-07", "2025-07"}, {"2026-Q3", "2025-Q3"},
	    {"2026-H1", "2025-H1"}, {"2026-9M", "2025-9M"}, {"2001-Q1", "2000-Q1"},
	};
	struct period p, q, r;

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		assert_true(period_parse(pairs[i][0], &p));
		period_previous_year(&p, &q);
		assert_string_equal(q.code, pairs[i][1]);
		assert_true(period_parse(pairs[i][1], &r));
		assert_memory_equal(&q, &r, sizeof(q));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_table), cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_period_of),   cmocka_unit_test(test_days),
	    cmocka_unit_test(test_months),      cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_previous_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
