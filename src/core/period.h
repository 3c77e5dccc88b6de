/* period.h: the official reporting periods (month, quarter, 6 and 9 months, year); pure logic. */
#ifndef DV_PERIOD_H
#define DV_PERIOD_H

#include <stdbool.h>

#include "base/date.h"

enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_NINE, PERIOD_YEAR,
		   PERIOD__COUNT };

/*
 * A period: `year` and `n` (the month 1-12, the quarter 1-4, the half 1-2; 0 for 9 months and
 * the year). `from`, `to` are its first and last months as "YYYY-MM"; `code` is how it is
 * written in URLs: "2026-07", "2026-Q3", "2026-H1" (6 months), "2026-9M" (9 months), "2026".
 */
struct period {
	enum period_kind kind;
	int year, n;
	char code[9];
	char from[8], to[8];
};

/* Parse a period code (above; the letters Q, H, M in either case: `code` is then written in
 * upper case); false when it is not one, or the year is not 2000-2100. */
bool period_parse(const char *s, struct period *out);
/* The period of `kind` holding `day` (the half or quarter it falls in; 9 months: of its year). */
void period_of(enum period_kind kind, dv_date day, struct period *out);
/* First and last day. */
void period_days(const struct period *p, dv_date *first, dv_date *last);
/* The same period a year earlier (for comparisons). */
void period_previous_year(const struct period *p, struct period *out);
/* Its months in order into months[][8] (at most 12); returns how many. */
int period_months(const struct period *p, char months[12][8]);
/*
 * Its name: "Tháng 7/2026", "Quý III/2026", "6 tháng đầu năm 2026", "9 tháng năm 2026",
 * "Năm 2026" (vi) or "July 2026", "Q3 2026", "First half of 2026", "First 9 months of 2026",
 * "Year 2026" (en); `buf` at least 40 bytes.
 */
void period_label(const struct period *p, bool en, char *buf, int size);
/* The name of a kind ("month", "quarter", "half", "9months", "year"). */
const char *period_kind_name(enum period_kind k);

#endif
