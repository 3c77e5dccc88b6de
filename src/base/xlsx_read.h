/* xlsx_read.h: the rows of one worksheet of an .xlsx file held in memory, for imports. */
#ifndef DV_XLSX_READ_H
#define DV_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Defaults for the limits below (a field left 0 takes its default). */
#define XLSX_DEFAULT_MAX_ENTRY_SIZE ((size_t)64 << 20) /* 64 MiB uncompressed per zip entry */
#define XLSX_DEFAULT_MAX_ROWS       ((size_t)1000000)  /* non-empty rows delivered */
#define XLSX_DEFAULT_MAX_COLS       ((size_t)64)       /* columns A .. BL */
#define XLSX_DEFAULT_MAX_CELL_LEN   ((size_t)32 << 10) /* 32 KiB of UTF-8 per cell */

/*
 * What to read and how much to accept. A NULL options pointer means the first sheet and every
 * default. Exceeding a limit is DV_ELIMIT.
 */
struct xlsx_options {
	const char *sheet;     /* sheet name, matched exactly (case and diacritics); NULL = first */
	size_t max_entry_size; /* refused when an entry declares more or inflates to more */
	size_t max_rows;       /* more non-empty rows than this is refused */
	size_t max_cols;       /* a non-empty cell at column index max_cols or beyond is refused */
	size_t max_cell_len;   /* a cell longer than this many bytes is refused */
};

/*
 * Called once per non-empty row, in sheet order. `row` is the 1-based row number as Excel shows
 * it (rows may skip numbers). cells[i] is column i (A = 0) as NUL-terminated UTF-8, or NULL when
 * the cell is empty; ncells is 1 + the column of the last non-empty cell, so cells[ncells - 1]
 * is never NULL. Everything is borrowed and valid only during the call.
 *
 * Values are the stored text: shared, inline and formula strings as written; numbers as stored
 * ("12.5", "45992" for a date, see xlsx_serial_date()); booleans "TRUE" or "FALSE"; errors as
 * "#N/A". The OOXML escapes _xHHHH_ are decoded; text in <t> without xml:space="preserve" is
 * trimmed of leading and trailing XML whitespace.
 *
 * Return 0 to go on. Any other value stops reading, and xlsx_read() returns it: return an
 * enum dv_err code (the callback may record its own detail in the same struct dv_error, which
 * is kept); a value that is not an enum dv_err code is reported as DV_EINVAL.
 */
typedef int (*xlsx_row_fn)(void *arg, unsigned row, const char *const *cells, size_t ncells);

/*
 * Read the rows of one worksheet of the .xlsx file data[0..len) (borrowed, not modified): the
 * workbook is found through _rels/.rels (or at xl/workbook.xml), the sheet through
 * xl/workbook.xml and its relationships, and shared strings through the same relationships.
 * The sheet XML is streamed, so rows are delivered before the whole file is checked: on an
 * error, discard what the callback was given. Zip CRCs are verified; DTDs and external
 * entities are refused, never resolved.
 *
 * Returns DV_OK; DV_EINVAL for a file that is not an .xlsx or is malformed, with a detail
 * naming the part and line ("xl/worksheets/sheet1.xml line 3: ..."); DV_ENOTFOUND when
 * opts->sheet names no sheet; DV_ELIMIT; DV_ENOMEM; or the callback's stop value. Everything
 * allocated is freed before returning.
 */
enum dv_err xlsx_read(const void *data, size_t len, const struct xlsx_options *opts, xlsx_row_fn fn,
                      void *arg, struct dv_error *e);

/*
 * Convert a cell holding an Excel date serial number of the 1900 date system ("45992", or
 * "45992.75" with a time of day, which is dropped) to a calendar date: 1 is 1900-01-01 and 61
 * is 1900-03-01, because Excel counts the day 1900-02-29 that never was. That fake day (60),
 * 0, negative numbers, anything past 9999-12-31 (2958465) and text that is not a plain decimal
 * number give false, leaving *y, *m, *d unchanged.
 */
bool xlsx_serial_date(const char *cell, int *y, int *m, int *d);

#endif
