/* csv.h: an RFC 4180 CSV reader with limits, and a writer safe against formula injection. */
#ifndef DV_CSV_H
#define DV_CSV_H

#include <stddef.h>

#include "base/err.h"
#include "base/strbuf.h"

/* Defaults for the limits below (a field left 0 takes its default); as for xlsx_read(). */
#define CSV_DEFAULT_MAX_ROWS     ((size_t)1000000) /* non-empty rows delivered */
#define CSV_DEFAULT_MAX_COLS     ((size_t)64)
#define CSV_DEFAULT_MAX_CELL_LEN ((size_t)32 << 10) /* bytes of UTF-8 per cell */

/* A NULL options pointer means every default. Exceeding a limit is DV_ELIMIT. */
struct csv_options {
	char sep;            /* field separator: ',' (0 = default), ';', '\t' or '|' */
	size_t max_rows;     /* more non-empty rows than this is refused */
	size_t max_cols;     /* a non-empty field at index max_cols or beyond is refused */
	size_t max_cell_len; /* a field longer than this many bytes is refused */
};

/*
 * Called once per non-empty record, in order. `row` is the 1-based record number, counting
 * empty lines, so it is the row a spreadsheet shows for the file (a quoted field with line
 * breaks does not start a new row). cells[i] is field i as NUL-terminated UTF-8, or NULL when
 * empty (quoted or not); ncells is 1 + the index of the last non-empty field, so cells[ncells -
 * 1] is never NULL and trailing empty fields are not counted. Everything is borrowed and valid
 * only during the call.
 *
 * Return 0 to go on. Any other value stops reading, and csv_read() returns it: return an enum
 * dv_err code (the callback may record its own detail in the same struct dv_error, which is
 * kept); a value that is not an enum dv_err code is reported as DV_EINVAL.
 */
typedef int (*csv_row_fn)(void *arg, unsigned row, const char *const *cells, size_t ncells);

/*
 * Read the CSV text data[0..len) (borrowed): a UTF-8 byte order mark is skipped; records end
 * with CRLF, LF or a lone CR, and the last one may have no line end; fields may be quoted with
 * "" standing for one quote, and then hold separators and line breaks verbatim. A quote inside
 * an unquoted field is kept as a character.
 *
 * Returns DV_OK; DV_EINVAL with the row in the detail ("csv row 7: ...") for an unclosed quote,
 * text after a closing quote, invalid UTF-8 or a NUL byte, or a bad separator; DV_ELIMIT;
 * DV_ENOMEM; or the callback's stop value. Rows before the error were already delivered.
 */
enum dv_err csv_read(const void *data, size_t len, const struct csv_options *opts, csv_row_fn fn,
                     void *arg, struct dv_error *e);

/*
 * Append the field s (NULL is empty) to sb, preceded by ',' unless sb is empty or ends with a
 * line break (so the first field of each row gets none); an empty field at the start of a row
 * is written as "" so that a row is never an empty line. The field is quoted when it holds a
 * comma, semicolon, quote, CR or LF, starts or ends with a space or tab, or starts with U+FEFF
 * (which csv_read() would skip as a byte order mark at the start of a file). A field starting
 * with = + - @, a tab or a CR gets a leading apostrophe so that spreadsheets take it as text,
 * not as a formula ("-5" becomes "'-5"). Failures show in sb->failed.
 */
void csv_field(struct strbuf *sb, const char *s);

/* End the row: append CRLF. */
void csv_row_end(struct strbuf *sb);

#endif
