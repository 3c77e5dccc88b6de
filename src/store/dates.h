/* dates.h: how the repositories store legal dates: 'YYYY-MM-DD' text, NULL for none (0). */
#ifndef DV_STORE_DATES_H
#define DV_STORE_DATES_H

#include "base/date.h"
#include "store/db.h"

static inline int store_bind_date(struct db_stmt *st, int idx, dv_date day)
{
	char buf[11];

	date_format(day, buf);
	return db_bind_text(st, idx, buf);
}

/* 0 binds NULL. */
static inline int store_bind_date_or_null(struct db_stmt *st, int idx, dv_date day)
{
	return day ? store_bind_date(st, idx, day) : db_bind_null(st, idx);
}

/* 0 for NULL or text that is not a date. */
static inline dv_date store_col_date(struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	dv_date d = 0;

	if (!s || !date_parse(s, &d))
		return 0;
	return d;
}

#endif
