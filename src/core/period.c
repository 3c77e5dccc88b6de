/* period.c: official reporting periods: parsing, months, labels. */
#include "core/period.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static const char *const kind_names[PERIOD__COUNT] = {"month", "quarter", "half", "9months",
						      "year"};

const char *period_kind_name(enum period_kind k)
{
	return (unsigned)k < PERIOD__COUNT ? kind_names[k] : NULL;
}

static void fill(struct period *p, enum period_kind kind, int year, int n)
{
	int first = 1, last = 12;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->year = year;
	p->n = n;
	switch (kind) {
	case PERIOD_MONTH:
		first = last = n;
		snprintf(p->code, sizeof(p->code), "%04d-%02d", year, n);
		break;
	case PERIOD_QUARTER:
		first = 3 * n - 2;
		last = 3 * n;
		snprintf(p->code, sizeof(p->code), "%04d-Q%d", year, n);
		break;
	case PERIOD_HALF:
		first = n == 1 ? 1 : 7;
		last = n == 1 ? 6 : 12;
		snprintf(p->code, sizeof(p->code), "%04d-H%d", year, n);
		break;
	case PERIOD_NINE:
		last = 9;
		snprintf(p->code, sizeof(p->code), "%04d-9M", year);
		break;
	case PERIOD_YEAR:
	case PERIOD__COUNT:
		snprintf(p->code, sizeof(p->code), "%04d", year);
		break;
	}
	snprintf(p->from, sizeof(p->from), "%04d-%02d", year, first);
	snprintf(p->to, sizeof(p->to), "%04d-%02d", year, last);
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool period_parse(const char *s, struct period *out)
{
	int year, n;
	size_t len;

	if (!s || (len = strlen(s)) < 4 || !digits(s, 4))
		return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (year < 2000 || year > 2100)
		return false;
	if (len == 4) {
		fill(out, PERIOD_YEAR, year, 0);
		return true;
	}
	if (s[4] != '-')
		return false;
	if (len == 7 && digits(s + 5, 2)) {
		n = (s[5] - '0') * 10 + (s[6] - '0');
		if (n < 1 || n > 12)
			return false;
		fill(out, PERIOD_MONTH, year, n);
		return true;
	}
	if (len == 7 && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
		fill(out, PERIOD_QUARTER, year, s[6] - '0');
		return true;
	}
	if (len == 7 && (s[5] == 'H' || s[5] == 'h') && (s[6] == '1' || s[6] == '2')) {
		fill(out, PERIOD_HALF, year, s[6] - '0');
		return true;
	}
	if (len == 7 && s[5] == '9' && (s[6] == 'M' || s[6] == 'm')) {
		fill(out, PERIOD_NINE, year, 0);
		return true;
	}
	return false;
}

void period_of(enum period_kind kind, dv_date day, struct period *out)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	switch (kind) {
	case PERIOD_MONTH:
		fill(out, kind, y, m);
		break;
	case PERIOD_QUARTER:
		fill(out, kind, y, (m + 2) / 3);
		break;
	case PERIOD_HALF:
		fill(out, kind, y, m <= 6 ? 1 : 2);
		break;
	default:
		fill(out, kind, y, 0);
		break;
	}
}

static int month_num(const char *ym)
{
	return (ym[5] - '0') * 10 + (ym[6] - '0');
}

void period_days(const struct period *p, dv_date *first, dv_date *last)
{
	int lm = month_num(p->to);

	*first = date_from_ymd(p->year, month_num(p->from), 1);
	*last = (lm == 12 ? date_from_ymd(p->year + 1, 1, 1) : date_from_ymd(p->year, lm + 1, 1)) - 1;
}

void period_previous_year(const struct period *p, struct period *out)
{
	fill(out, p->kind, p->year - 1, p->n);
}

int period_months(const struct period *p, char months[12][8])
{
	int k = 0;

	for (int m = month_num(p->from); m <= month_num(p->to) && k < 12; m++)
		snprintf(months[k++], 8, "%04u-%02u", (unsigned)p->year % 10000u, (unsigned)m % 100u);
	return k;
}

void period_label(const struct period *p, bool en, char *buf, int size)
{
	static const char *const roman[] = {"", "I", "II", "III", "IV"};
	static const char *const month_en[] = {"",	  "January",  "February", "March",
					       "April",	  "May",      "June",	  "July",
					       "August",  "September", "October", "November",
					       "December"};

	switch (p->kind) {
	case PERIOD_MONTH:
		if (en)
			snprintf(buf, (size_t)size, "%s %d", month_en[p->n], p->year);
		else
			snprintf(buf, (size_t)size, "Tháng %d/%d", p->n, p->year);
		break;
	case PERIOD_QUARTER:
		if (en)
			snprintf(buf, (size_t)size, "Q%d %d", p->n, p->year);
		else
			snprintf(buf, (size_t)size, "Quý %s/%d", roman[p->n], p->year);
		break;
	case PERIOD_HALF:
		if (en)
			snprintf(buf, (size_t)size, "%s half of %d", p->n == 1 ? "First" : "Second",
				 p->year);
		else
			snprintf(buf, (size_t)size, "6 tháng %s năm %d", p->n == 1 ? "đầu" : "cuối",
				 p->year);
		break;
	case PERIOD_NINE:
		if (en)
			snprintf(buf, (size_t)size, "First 9 months of %d", p->year);
		else
			snprintf(buf, (size_t)size, "9 tháng năm %d", p->year);
		break;
	default:
		snprintf(buf, (size_t)size, en ? "Year %d" : "Năm %d", p->year);
		break;
	}
}
