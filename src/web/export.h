/* export.h: a list (a table of typed cells) rendered as a downloadable CSV or XLSX file. */
#ifndef DV_EXPORT_H
#define DV_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/strbuf.h"

/* Excel's sheet holds 1,048,576 rows; the header takes one. */
#define EXPORT_XLSX_MAX_ROWS 1048575u
/* Excel's sheet holds 16,384 columns. */
#define EXPORT_MAX_COLS 16384u

enum export_format {
	EXPORT_CSV,
	EXPORT_XLSX,
};

/* "csv" or "xlsx" (lowercase, as in a `format=` query parameter); false for anything else. */
bool export_format_parse(const char *s, enum export_format *out);

/*
 * What a column holds; it decides how its numbers look in XLSX. CSV writes every number plainly
 * (no thousands separator, '.' as the decimal point) and every date as YYYY-MM-DD.
 */
enum export_col_type {
	EXPORT_COL_TEXT,
	EXPORT_COL_INT,
	EXPORT_COL_NUM,
	EXPORT_COL_DATE,  /* dv_date cells, shown as dd/mm/yyyy in XLSX */
	EXPORT_COL_MONEY, /* VND, integer cells, shown as #,##0 in XLSX */
};

struct export_col {
	const char *title;
	enum export_col_type type;
	double width; /* XLSX column width in characters; <= 0 picks a default for the type */
};

/*
 * A table built row by row: one export_text/int/num/date call per cell, left to right, then
 * export_row_end(). A row with fewer cells than columns is padded with empty cells; a row with
 * more is an error reported by export_render(). A row still open at render time is ended there.
 *
 * Everything (the table, copies of the titles and of every text cell) lives in the arena given
 * to export_new(), so callers may pass strings that die right after the call (database rows).
 * Errors while building (out of memory, too many cells) are sticky and reported once, by
 * export_render(); the building calls therefore return nothing and accept a NULL table.
 * A table is used by one thread at a time.
 */
struct export_table;

/*
 * A new table in arena `a` (borrowed; it must outlive the table). `cols` (1 to EXPORT_MAX_COLS
 * of them) and `sheet_title` are copied. Returns NULL only when out of memory.
 */
struct export_table *export_new(struct arena *a, const char *sheet_title,
				const struct export_col *cols, size_t ncols);

/* The next cell of the current row. */
void export_text(struct export_table *t, const char *s); /* NULL = empty */
void export_int(struct export_table *t, int64_t v);
void export_num(struct export_table *t, double v); /* NaN and infinities are written empty */
void export_date(struct export_table *t, dv_date d); /* 0 = empty */
void export_empty(struct export_table *t);
void export_row_end(struct export_table *t);

/* Data rows so far (not counting the header or a row still open). */
size_t export_rows(const struct export_table *t);

/*
 * Append the file to `out`; on success set *content_type and *extension (static strings, "csv" or
 * "xlsx" without the dot; either pointer may be NULL). The table is not changed apart from
 * ending an open row, so it may be rendered again in another format.
 *
 * CSV: UTF-8 with a byte order mark (Excel then reads Vietnamese correctly), CRLF line ends,
 * RFC 4180 quoting, a header row of titles. A text cell starting with = + - @, a tab or a CR
 * gets a leading apostrophe, so a spreadsheet never runs it as a formula.
 *
 * XLSX: one sheet named after the title (cut to 31 characters, []:*?/\ replaced by '_'), a bold
 * frozen header row, an autofilter over the data, column widths; numbers as numbers, dates as
 * Excel dates, text always as strings (never formulas). libxlsxwriter only writes files, so the
 * file is built in a private folder made under $TMPDIR (or /tmp), read back into `out`, and the
 * folder removed on every path. This blocks on disk I/O and holds the whole sheet in memory.
 *
 * Errors: DV_EINVAL (bad table), DV_ENOMEM, DV_ELIMIT (over EXPORT_XLSX_MAX_ROWS data rows, a
 * cell over Excel's 32,767 characters, or `out` over its cap), DV_EIO (the temporary folder or
 * libxlsxwriter failed). On error `out` keeps its old length (its sticky `failed` flag may be
 * set when it was the cause).
 */
enum dv_err export_render(struct export_table *t, enum export_format f, struct strbuf *out,
			  const char **content_type, const char **extension, struct dv_error *e);

#endif
