/* csv.c: RFC 4180 reading with row, column and cell limits; field writing for spreadsheets. */
#include "base/csv.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

#include "base/banned.h"

#define NO_CELL SIZE_MAX

struct csv {
	struct csv_options o; /* defaults filled in */
	struct dv_error *e;
	csv_row_fn fn;
	void *arg;
	const char *p;
	size_t len, i;
	unsigned row;
	size_t col;
	struct strbuf rowbuf; /* NUL-terminated non-empty fields of the current row */
	size_t *off;          /* max_cols offsets into rowbuf, NO_CELL when empty */
	const char **cells;   /* max_cols pointers handed to fn */
	size_t ncells;        /* 1 + index of the last non-empty field */
	size_t rows_delivered;
};

/* Spreadsheet name of field `col` in row `row`: "C7". */
static void cell_ref(char *buf, size_t size, size_t col, unsigned row)
{
	char letters[16];
	int n = 0;
	size_t k = 0;

	col++;
	while (col && n < (int)sizeof(letters)) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n > 0 && k + 1 < size)
		buf[k++] = letters[--n];
	buf[k] = '\0';
	snprintf(buf + k, size - k, "%u", row);
}

static enum dv_err csv_fail_cell(struct csv *c, enum dv_err code, const char *what)
{
	char ref[40];

	cell_ref(ref, sizeof(ref), c->col, c->row);
	return dv_fail(c->e, code, "csv row %u: %s in cell '%s'", c->row, what, ref);
}

/* The field just appended at rowbuf[start..]: check it and keep it, or drop it when empty. */
static enum dv_err field_end(struct csv *c, size_t start)
{
	const char *s = c->rowbuf.buf + start;
	size_t n = c->rowbuf.len - start;

	if (c->rowbuf.failed)
		return dv_fail(c->e, DV_ENOMEM, "out of memory");
	if (!n)
		return DV_OK;
	if (c->col >= c->o.max_cols) {
		char what[64];

		snprintf(what, sizeof(what), "more than %zu columns", c->o.max_cols);
		return csv_fail_cell(c, DV_ELIMIT, what);
	}
	if (memchr(s, '\0', n))
		return csv_fail_cell(c, DV_EINVAL, "NUL byte");
	if (!utf8_valid(s, n))
		return csv_fail_cell(c, DV_EINVAL, "invalid UTF-8");
	if (strbuf_addch(&c->rowbuf, '\0') < 0)
		return dv_fail(c->e, DV_ENOMEM, "out of memory");
	c->off[c->col] = start;
	c->ncells = c->col + 1;
	return DV_OK;
}

static enum dv_err too_long(struct csv *c)
{
	char what[64];

	snprintf(what, sizeof(what), "field longer than %zu bytes", c->o.max_cell_len);
	return csv_fail_cell(c, DV_ELIMIT, what);
}

/* One quoted field, from its opening quote; stops after the closing quote. */
static enum dv_err field_quoted(struct csv *c, size_t start)
{
	const char *q;
	size_t n;

	c->i++;
	for (;;) {
		if (c->i >= c->len)
			return csv_fail_cell(c, DV_EINVAL, "quote not closed");
		if (c->p[c->i] == '"') {
			if (c->i + 1 < c->len && c->p[c->i + 1] == '"') {
				strbuf_addch(&c->rowbuf, '"');
				c->i += 2;
			} else {
				c->i++;
				break;
			}
		} else {
			q = memchr(c->p + c->i, '"', c->len - c->i);
			n = q ? (size_t)(q - (c->p + c->i)) : c->len - c->i;
			if (n > c->o.max_cell_len)
				return too_long(c);
			strbuf_add(&c->rowbuf, c->p + c->i, n);
			c->i += n;
		}
		if (c->rowbuf.len - start > c->o.max_cell_len)
			return too_long(c);
	}
	if (c->i < c->len && c->p[c->i] != c->o.sep && c->p[c->i] != '\r' && c->p[c->i] != '\n')
		return csv_fail_cell(c, DV_EINVAL, "text after the closing quote");
	return DV_OK;
}

static enum dv_err field_plain(struct csv *c)
{
	size_t j = c->i;

	while (j < c->len && c->p[j] != c->o.sep && c->p[j] != '\r' && c->p[j] != '\n')
		j++;
	if (j - c->i > c->o.max_cell_len)
		return too_long(c);
	strbuf_add(&c->rowbuf, c->p + c->i, j - c->i);
	c->i = j;
	return DV_OK;
}

/* Read one record from c->i, through its line end, and deliver it when it is not empty. */
static enum dv_err record(struct csv *c)
{
	enum dv_err ret;
	size_t start, k;
	int stop;

	strbuf_reset(&c->rowbuf);
	c->ncells = 0;
	for (c->col = 0;; c->col++) {
		start = c->rowbuf.len;
		if (c->i < c->len && c->p[c->i] == '"')
			ret = field_quoted(c, start);
		else
			ret = field_plain(c);
		if (!ret)
			ret = field_end(c, start);
		if (ret)
			return ret;
		if (c->i < c->len && c->p[c->i] == c->o.sep) {
			c->i++;
			continue;
		}
		if (c->i < c->len && c->p[c->i] == '\r') {
			c->i++;
			if (c->i < c->len && c->p[c->i] == '\n')
				c->i++;
		} else if (c->i < c->len && c->p[c->i] == '\n') {
			c->i++;
		}
		break;
	}
	if (!c->ncells)
		return DV_OK;
	if (++c->rows_delivered > c->o.max_rows)
		return dv_fail(c->e, DV_ELIMIT, "csv row %u: more than %zu rows", c->row,
		               c->o.max_rows);
	for (k = 0; k < c->ncells; k++)
		c->cells[k] = c->off[k] == NO_CELL ? NULL : c->rowbuf.buf + c->off[k];
	stop = c->fn(c->arg, c->row, c->cells, c->ncells);
	for (k = 0; k < c->ncells; k++)
		c->off[k] = NO_CELL;
	if (stop) {
		ret = stop > 0 && stop < DV_ERR__COUNT ? (enum dv_err)stop : DV_EINVAL;
		/* the callback's own detail, if it recorded one in e, is kept by dv_fail */
		return dv_fail(c->e, ret, "csv row %u: reading stopped by the caller", c->row);
	}
	return DV_OK;
}

enum dv_err csv_read(const void *data, size_t len, const struct csv_options *opts, csv_row_fn fn,
                     void *arg, struct dv_error *e)
{
	struct csv c;
	enum dv_err ret = DV_OK;
	size_t k;

	memset(&c, 0, sizeof(c));
	if (opts)
		c.o = *opts;
	if (!c.o.sep)
		c.o.sep = ',';
	if (!c.o.max_rows)
		c.o.max_rows = CSV_DEFAULT_MAX_ROWS;
	if (!c.o.max_cols)
		c.o.max_cols = CSV_DEFAULT_MAX_COLS;
	if (!c.o.max_cell_len)
		c.o.max_cell_len = CSV_DEFAULT_MAX_CELL_LEN;
	c.e = e;
	c.fn = fn;
	c.arg = arg;
	c.p = data;
	c.len = len;
	strbuf_init(&c.rowbuf, 0, 0);
	if (!strchr(",;\t|", c.o.sep)) {
		ret = dv_fail(e, DV_EINVAL, "csv separator 0x%02x is not supported",
		              (unsigned char)c.o.sep);
		goto cleanup;
	}
	if (!fn) {
		ret = dv_fail(e, DV_EINVAL, "no row callback given");
		goto cleanup;
	}
	if (c.o.max_cols > SIZE_MAX / sizeof(*c.off)) {
		ret = dv_fail(e, DV_EINVAL, "csv column limit %zu is too large", c.o.max_cols);
		goto cleanup;
	}
	c.off = malloc(c.o.max_cols * sizeof(*c.off));
	c.cells = malloc(c.o.max_cols * sizeof(*c.cells));
	if (!c.off || !c.cells) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (k = 0; k < c.o.max_cols; k++)
		c.off[k] = NO_CELL;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		c.i = 3;
	while (c.i < c.len) {
		if (c.row == UINT_MAX) {
			ret = dv_fail(e, DV_ELIMIT, "csv has more than %u rows", UINT_MAX);
			goto cleanup;
		}
		c.row++;
		ret = record(&c);
		if (ret)
			goto cleanup;
	}
cleanup:
	free(c.off);
	free(c.cells);
	strbuf_release(&c.rowbuf);
	return ret;
}

void csv_field(struct strbuf *sb, const char *s)
{
	bool row_start = !sb->len || sb->buf[sb->len - 1] == '\n';
	bool quote;
	const char *q;
	size_t n;

	if (!s)
		s = "";
	n = strlen(s);
	if (!row_start)
		strbuf_addch(sb, ',');
	if (!n) {
		if (row_start)
			strbuf_add(sb, "\"\"", 2);
		return;
	}
	/* a leading U+FEFF is quoted: at the start of a file a reader takes it for a byte order
	 * mark and drops it */
	quote = strpbrk(s, ",;\"\r\n") || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	        s[n - 1] == '\t' || (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3));
	if (quote)
		strbuf_addch(sb, '"');
	/* =, +, -, @ start a formula in Excel and LibreOffice; a tab or CR before them too */
	if (strchr("=+-@\t\r", s[0]))
		strbuf_addch(sb, '\'');
	while ((q = strchr(s, '"'))) {
		strbuf_add(sb, s, (size_t)(q - s) + 1);
		strbuf_addch(sb, '"');
		s = q + 1;
	}
	strbuf_addstr(sb, s);
	if (quote)
		strbuf_addch(sb, '"');
}

void csv_row_end(struct strbuf *sb)
{
	strbuf_add(sb, "\r\n", 2);
}
