/* test_date.c: day numbers, weekdays, strict parsing and the UTC+7 and HTTP formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2026, 11, 30), 20787);
	assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(date_from_ymd(1, 1, 1), -719162);
	/* months past 12 roll into the next year */
	assert_int_equal(date_from_ymd(2025, 13, 1), date_from_ymd(2026, 1, 1));
	assert_int_equal(date_from_ymd(2026, 0, 1), date_from_ymd(2025, 12, 1));
}

static void test_round_trip(void **state)
{
	dv_date day, first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2100, 12, 31);
	int y, m, d, py = 1899, pm = 12, pd = 31;

	(void)state;
	assert_int_equal(last - first + 1, 365 * 201 + 49); /* 1900 and 2100 are not leap */
	for (day = first; day <= last; day++) {
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(date_from_ymd(y, m, d), day);
		/* each day follows the one before */
		if (d == 1) {
			assert_true((m == 1 && y == py + 1 && pm == 12) ||
			            (m == pm + 1 && y == py));
		} else {
			assert_int_equal(d, pd + 1);
			assert_int_equal(m, pm);
		}
		py = y;
		pm = m;
		pd = d;
	}
	/* far outside the range too */
	date_to_ymd(date_from_ymd(-4713, 11, 24), &y, &m, &d);
	assert_int_equal(y, -4713);
	assert_int_equal(m, 11);
	assert_int_equal(d, 24);
	date_to_ymd(date_from_ymd(9999, 12, 31), &y, &m, &d);
	assert_int_equal(y, 9999);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void test_weekdays(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(date_from_ymd(2026, 11, 30)), 0); /* Monday */
	assert_int_equal(date_weekday(0), 3);                           /* Thursday */
	assert_int_equal(date_weekday(-1), 2);                          /* Wednesday */
	assert_int_equal(date_weekday(date_from_ymd(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(date_weekday(date_from_ymd(1945, 9, 2)), 6);   /* Sunday */
	assert_int_equal(date_weekday(date_from_ymd(1900, 1, 1)), 0);   /* Monday */
}

static void test_leap_years(void **state)
{
	dv_date d;

	(void)state;
	assert_true(date_parse("2000-02-29", &d));
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_false(date_parse("1900-02-29", &d));
	assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
	assert_true(date_parse("2024-02-29", &d));
	assert_int_equal(d, date_from_ymd(2024, 3, 1) - 1);
	assert_false(date_parse("2026-02-29", &d));
	assert_false(date_parse("2100-02-29", &d));
}

static void test_parse(void **state)
{
	dv_date d = 42;

	(void)state;
	assert_true(date_parse("2026-11-30", &d));
	assert_int_equal(d, 20787);
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	d = 42;
	assert_false(date_parse("2026-02-30", &d));
	assert_false(date_parse("2026-13-01", &d));
	assert_false(date_parse("2026-00-10", &d));
	assert_false(date_parse("2026-01-00", &d));
	assert_false(date_parse("2026-04-31", &d));
	assert_false(date_parse("2026-11-30x", &d));
	assert_false(date_parse("2026-11-30 ", &d));
	assert_false(date_parse(" 2026-11-30", &d));
	assert_false(date_parse("2026-1-30", &d));
	assert_false(date_parse("2026/11/30", &d));
	assert_false(date_parse("20261130", &d));
	assert_false(date_parse("2026-11-3a", &d));
	assert_false(date_parse("+026-11-30", &d));
	assert_false(date_parse("", &d));
	assert_false(date_parse(NULL, &d));
	assert_int_equal(d, 42);
}

static void test_format(void **state)
{
	char buf[32];
	dv_date d;

	(void)state;
	date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	date_format(date_from_ymd(2026, 11, 30), buf);
	assert_string_equal(buf, "2026-11-30");
	date_format(date_from_ymd(999, 2, 3), buf);
	assert_string_equal(buf, "0999-02-03");
	assert_true(date_parse("2024-02-29", &d));
	date_format(d, buf);
	assert_string_equal(buf, "2024-02-29");
}

static void test_instants(void **state)
{
	char buf[32];
	int64_t t = 1795996800; /* 2026-11-30T00:00:00Z */

	(void)state;
	time_format_local(0, buf);
	assert_string_equal(buf, "1970-01-01T07:00:00+07:00");
	time_format_local(t, buf);
	assert_string_equal(buf, "2026-11-30T07:00:00+07:00");
	/* 17:00 UTC is already the next day in Vietnam */
	time_format_local(t + 17 * 3600 + 59, buf);
	assert_string_equal(buf, "2026-12-01T00:00:59+07:00");
	assert_int_equal(date_of_instant(t + 17 * 3600 - 1), date_from_ymd(2026, 11, 30));
	assert_int_equal(date_of_instant(t + 17 * 3600), date_from_ymd(2026, 12, 1));
	assert_int_equal(date_of_instant(-7 * 3600), 0);
	assert_int_equal(date_of_instant(-7 * 3600 - 1), -1);
	time_format_local(-7 * 3600 - 1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59+07:00");
	time_format_short(t + 3 * 3600 + 5 * 60 + 9, buf);
	assert_string_equal(buf, "2026-11-30 10:05");
	time_format_http(784111777, buf);
	assert_string_equal(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
	time_format_http(t, buf);
	assert_string_equal(buf, "Mon, 30 Nov 2026 00:00:00 GMT");
	time_format_http(0, buf);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 GMT");
}

static void test_clocks(void **state)
{
	int64_t a, b;

	(void)state;
	assert_true(time_now() > 1700000000);
	a = time_mono_us();
	b = time_mono_us();
	assert_true(b >= a);
	assert_true(time_mono_ms() >= a / 1000 - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_days), cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_weekdays),   cmocka_unit_test(test_leap_years),
	    cmocka_unit_test(test_parse),      cmocka_unit_test(test_format),
	    cmocka_unit_test(test_instants),   cmocka_unit_test(test_clocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
