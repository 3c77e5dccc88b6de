/* date.c: proleptic Gregorian day numbers, UTC+7 local time and HTTP dates, without libc tz. */
#include "base/date.h"

#include <string.h>
#include <time.h>

#include "base/banned.h"

/* Days from 0000-01-01 to 1970-01-01. */
#define EPOCH_OFFSET 719528

static const short days_before_month[13] = {0,   31,  59,  90,  120, 151, 181,
                                            212, 243, 273, 304, 334, 365};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static bool is_leap(int64_t y)
{
	return floor_mod(y, 4) == 0 && (floor_mod(y, 100) != 0 || floor_mod(y, 400) == 0);
}

static int days_in_month(int64_t y, int m)
{
	if (m == 2)
		return is_leap(y) ? 29 : 28;
	return days_before_month[m] - days_before_month[m - 1];
}

/* Days from 0000-01-01 to y-01-01: 365 a year plus the leap days of years 0 .. y-1. */
static int64_t days_before_year(int64_t y)
{
	return 365 * y + floor_div(y + 3, 4) - floor_div(y + 99, 100) + floor_div(y + 399, 400);
}

dv_date date_from_ymd(int y, int m, int d)
{
	int64_t days;

	/* normalise the month so that callers may step by months */
	y += (int)floor_div(m - 1, 12);
	m = (int)floor_mod(m - 1, 12) + 1;
	days = days_before_year(y) + days_before_month[m - 1] + (m > 2 && is_leap(y)) + d - 1;
	return (dv_date)(days - EPOCH_OFFSET);
}

void date_to_ymd(dv_date day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + EPOCH_OFFSET;
	int64_t year = floor_div(z * 400, 146097), doy;
	int month, leap;

	/* the estimate is off by at most one year either way */
	while (days_before_year(year) > z)
		year--;
	while (days_before_year(year + 1) <= z)
		year++;
	doy = z - days_before_year(year);
	leap = is_leap(year);
	for (month = 1; month < 12; month++) {
		int end = days_before_month[month] + (month >= 2 ? leap : 0);

		if (doy < end)
			break;
	}
	if (y)
		*y = (int)year;
	if (m)
		*m = month;
	if (d)
		*d = (int)(doy - days_before_month[month - 1] - (month > 2 ? leap : 0)) + 1;
}

int date_weekday(dv_date day)
{
	/* 1970-01-01 was a Thursday */
	return (int)floor_mod((int64_t)day + 3, 7);
}

static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse(const char *s, dv_date *out)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	if (out)
		*out = date_from_ymd(y, m, d);
	return true;
}

/* Write v as exactly n decimal digits (v in range) and return the end. */
static char *put(char *p, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* "YYYY-MM-DD" into p (10 bytes, no NUL); years outside 0..9999 are clamped. */
static char *put_date(char *p, dv_date day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	p = put(p, y, 4);
	*p++ = '-';
	p = put(p, m, 2);
	*p++ = '-';
	return put(p, d, 2);
}

void date_format(dv_date day, char buf[static 11])
{
	*put_date(buf, day) = '\0';
}

dv_date date_of_instant(int64_t utc_seconds)
{
	return (dv_date)floor_div(utc_seconds + DV_TZ_OFFSET_SECONDS, 86400);
}

static char *put_clock(char *p, int64_t secs_of_day, bool with_seconds)
{
	p = put(p, (int)(secs_of_day / 3600), 2);
	*p++ = ':';
	p = put(p, (int)(secs_of_day / 60 % 60), 2);
	if (with_seconds) {
		*p++ = ':';
		p = put(p, (int)(secs_of_day % 60), 2);
	}
	return p;
}

void time_format_local(int64_t utc_seconds, char buf[static 26])
{
	int64_t local = utc_seconds + DV_TZ_OFFSET_SECONDS;
	char *p = put_date(buf, (dv_date)floor_div(local, 86400));

	*p++ = 'T';
	p = put_clock(p, floor_mod(local, 86400), true);
	memcpy(p, "+07:00", 7);
}

void time_format_short(int64_t utc_seconds, char buf[static 17])
{
	int64_t local = utc_seconds + DV_TZ_OFFSET_SECONDS;
	char *p = put_date(buf, (dv_date)floor_div(local, 86400));

	*p++ = ' ';
	p = put_clock(p, floor_mod(local, 86400), false);
	*p = '\0';
}

void time_format_http(int64_t utc_seconds, char buf[static 30])
{
	static const char wday[7][4] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	dv_date day = (dv_date)floor_div(utc_seconds, 86400);
	int y, m, d;
	char *p = buf;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	memcpy(p, wday[date_weekday(day)], 3);
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	p = put(p, d, 2);
	*p++ = ' ';
	memcpy(p, mon[m - 1], 3);
	p += 3;
	*p++ = ' ';
	p = put(p, y, 4);
	*p++ = ' ';
	p = put_clock(p, floor_mod(utc_seconds, 86400), true);
	memcpy(p, " GMT", 5);
}

int64_t time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
