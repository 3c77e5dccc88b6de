/* export.c: lists as CSV (written here) or XLSX (through libxlsxwriter, via a private folder). */
#include "web/export.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/log.h"

#include "base/banned.h"

#define CSV_TYPE  "text/csv; charset=utf-8"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Excel's serial day of 1970-01-01 (serials count from 1899-12-30). */
#define EXCEL_EPOCH_SERIAL 25569
/* 1900-03-01 and 9999-12-31: outside these Excel has no (correct) date; such dates go as text. */
#define EXCEL_FIRST_SERIAL 61
#define EXCEL_LAST_SERIAL  2958465
/* Excel keeps 15 significant digits; larger integers (codes, not amounts) go as text. */
#define EXCEL_MAX_EXACT_INT 999999999999999LL
#define EXCEL_MAX_COL_WIDTH 255.0

enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_INT, CELL_NUM, CELL_DATE };

struct cell {
	enum cell_kind kind;
	union {
		const char *s; /* in the table's arena */
		int64_t i;
		double n;
		dv_date d;
	} v;
};

/*
 * Cells are kept row-major, exactly ncols per finished row, so cell (r, c) is
 * cells[r * ncols + c]; the open row's `in_row` cells follow the last finished one.
 */
struct export_table {
	struct arena *a; /* borrowed */
	const char *title;
	struct export_col *cols;
	size_t ncols;
	struct cell *cells;
	size_t len, cap;
	size_t nrows;
	size_t in_row;
	struct dv_error err; /* the first building error, reported by export_render() */
};

bool export_format_parse(const char *s, enum export_format *out)
{
	if (!s)
		return false;
	if (!strcmp(s, "csv"))
		*out = EXPORT_CSV;
	else if (!strcmp(s, "xlsx"))
		*out = EXPORT_XLSX;
	else
		return false;
	return true;
}

struct export_table *export_new(struct arena *a, const char *sheet_title,
				const struct export_col *cols, size_t ncols)
{
	struct export_table *t = arena_zalloc(a, sizeof(*t));
	size_t i;

	if (!t)
		return NULL;
	t->a = a;
	t->title = arena_strdup(a, sheet_title ? sheet_title : "");
	if (!t->title)
		return NULL;
	if (!ncols || ncols > EXPORT_MAX_COLS) {
		dv_fail(&t->err, DV_EINVAL, "export has %zu columns, not 1 to %u", ncols,
			EXPORT_MAX_COLS);
		return t;
	}
	t->cols = arena_new_array(a, struct export_col, ncols);
	if (!t->cols)
		return NULL;
	for (i = 0; i < ncols; i++) {
		t->cols[i] = cols[i];
		t->cols[i].title = arena_strdup(a, cols[i].title ? cols[i].title : "");
		if (!t->cols[i].title)
			return NULL;
	}
	t->ncols = ncols;
	return t;
}

/* Room for one more cell, or NULL once the table has failed. */
static struct cell *push(struct export_table *t)
{
	if (!t || t->err.code != DV_OK)
		return NULL;
	if (ARENA_RESERVE(t->a, t->cells, t->len, t->cap, 64) < 0) {
		dv_fail(&t->err, DV_ENOMEM, "out of memory building the export");
		return NULL;
	}
	t->cells[t->len].kind = CELL_EMPTY;
	return &t->cells[t->len++];
}

/* The next cell of the open row, or NULL (with the error recorded) when there is none. */
static struct cell *next_cell(struct export_table *t)
{
	struct cell *c;

	if (!t || t->err.code != DV_OK)
		return NULL;
	if (t->in_row >= t->ncols) {
		dv_fail(&t->err, DV_EINVAL, "export row %zu has more than %zu cells", t->nrows + 1,
			t->ncols);
		return NULL;
	}
	c = push(t);
	if (c)
		t->in_row++;
	return c;
}

void export_text(struct export_table *t, const char *s)
{
	struct cell *c = next_cell(t);

	if (!c || !s)
		return;
	c->v.s = arena_strdup(t->a, s);
	if (!c->v.s) {
		dv_fail(&t->err, DV_ENOMEM, "out of memory building the export");
		return;
	}
	c->kind = CELL_TEXT;
}

void export_int(struct export_table *t, int64_t v)
{
	struct cell *c = next_cell(t);

	if (!c)
		return;
	c->kind = CELL_INT;
	c->v.i = v;
}

void export_num(struct export_table *t, double v)
{
	struct cell *c = next_cell(t);

	if (!c || !isfinite(v))
		return;
	c->kind = CELL_NUM;
	c->v.n = v;
}

void export_date(struct export_table *t, dv_date d)
{
	struct cell *c = next_cell(t);

	if (!c || !d)
		return;
	c->kind = CELL_DATE;
	c->v.d = d;
}

void export_empty(struct export_table *t)
{
	next_cell(t);
}

void export_row_end(struct export_table *t)
{
	if (!t || t->err.code != DV_OK)
		return;
	for (; t->in_row < t->ncols; t->in_row++)
		if (!push(t))
			return;
	t->nrows++;
	t->in_row = 0;
}

size_t export_rows(const struct export_table *t)
{
	return t ? t->nrows : 0;
}

static enum dv_err out_failed(const struct strbuf *out, struct dv_error *e)
{
	if (out->cap)
		return dv_fail(e, DV_ELIMIT, "export is larger than the %zu bytes allowed", out->cap);
	return dv_fail(e, DV_ENOMEM, "out of memory writing the export");
}

/* ---- CSV ---- */

/* A text field: formula-looking text defused with an apostrophe, then RFC 4180 quoting. */
static void csv_text(struct strbuf *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *q;

	if (quote)
		strbuf_addch(out, '"');
	if (s[0] && strchr("=+-@\t\r", s[0]))
		strbuf_addch(out, '\'');
	if (!quote) {
		strbuf_addstr(out, s);
		return;
	}
	while ((q = strchr(s, '"'))) {
		strbuf_add(out, s, (size_t)(q - s) + 1);
		strbuf_addch(out, '"');
		s = q + 1;
	}
	strbuf_addstr(out, s);
	strbuf_addch(out, '"');
}

static void csv_cell(struct strbuf *out, const struct cell *c)
{
	char buf[32];

	switch (c->kind) {
	case CELL_EMPTY:
		break;
	case CELL_TEXT:
		csv_text(out, c->v.s);
		break;
	case CELL_INT:
		strbuf_addf(out, "%" PRId64, c->v.i);
		break;
	case CELL_NUM:
		/* %.15g: what Excel itself keeps, and "0.1" rather than "0.10000000000000001" */
		if (c->v.n == 0)
			strbuf_addch(out, '0');
		else
			strbuf_addf(out, "%.15g", c->v.n);
		break;
	case CELL_DATE:
		date_format(c->v.d, buf);
		strbuf_addstr(out, buf);
		break;
	}
}

static void render_csv(const struct export_table *t, struct strbuf *out)
{
	size_t r, c;

	strbuf_add(out, "\xEF\xBB\xBF", 3);
	for (c = 0; c < t->ncols; c++) {
		if (c)
			strbuf_addch(out, ',');
		csv_text(out, t->cols[c].title);
	}
	strbuf_add(out, "\r\n", 2);
	for (r = 0; r < t->nrows && !out->failed; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				strbuf_addch(out, ',');
			csv_cell(out, &t->cells[r * t->ncols + c]);
		}
		strbuf_add(out, "\r\n", 2);
	}
}

/* ---- XLSX ---- */

/* The length of the UTF-8 sequence a lead byte starts; 0 for a byte that starts none. */
static size_t seq_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if ((lead & 0xE0) == 0xC0)
		return 2;
	if ((lead & 0xF0) == 0xE0)
		return 3;
	if ((lead & 0xF8) == 0xF0)
		return 4;
	return 0;
}

/*
 * Excel's rules for a sheet name: at most 31 (UTF-16) characters, none of []:*?/\, no
 * apostrophe first or last, not empty, not "History". Invalid UTF-8 bytes become '_' too.
 */
static void sheet_name(const char *title, char out[static LXW_MAX_SHEETNAME_LENGTH])
{
	const unsigned char *p = (const unsigned char *)title;
	size_t n = 0, units = 0, k;

	while (*p) {
		size_t len = seq_len(*p), w;

		for (k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				len = 0;
		w = len == 4 ? 2 : 1; /* UTF-16 units, which is what Excel counts */
		if (units + w > LXW_SHEETNAME_MAX)
			break;
		if (len <= 1) {
			out[n++] = (char)(len == 0 || *p < 0x20 || strchr("[]:*?/\\", *p) ? '_' : *p);
			p++;
		} else {
			memcpy(out + n, p, len);
			n += len;
			p += len;
		}
		units += w;
	}
	out[n] = '\0';
	if (n && out[0] == '\'')
		out[0] = '_';
	if (n && out[n - 1] == '\'')
		out[n - 1] = '_';
	if (!n)
		memcpy(out, "Sheet1", sizeof("Sheet1"));
	else if (!strcasecmp(out, "History"))
		out[n - 1] = '_';
}

static double col_width(const struct export_col *col)
{
	static const double dflt[] = {
		[EXPORT_COL_TEXT] = 24, [EXPORT_COL_INT] = 10,   [EXPORT_COL_NUM] = 12,
		[EXPORT_COL_DATE] = 12, [EXPORT_COL_MONEY] = 16,
	};

	if (col->width > 0)
		return col->width < EXCEL_MAX_COL_WIDTH ? col->width : EXCEL_MAX_COL_WIDTH;
	if ((unsigned)col->type < sizeof(dflt) / sizeof(dflt[0]))
		return dflt[col->type];
	return LXW_DEF_COL_WIDTH;
}

struct xlsx {
	lxw_worksheet *ws;
	lxw_format *date, *money;
	struct strbuf scratch;
};

/* "_xHHHH_" at p: what Excel reads as an escaped character inside a string. */
static bool ooxml_escape_at(const char *p)
{
	int i;

	if (p[0] != '_' || p[1] != 'x')
		return false;
	for (i = 2; i < 6; i++)
		if (!isxdigit((unsigned char)p[i]))
			return false;
	return p[6] == '_';
}

/*
 * A string cell, whatever the text looks like: worksheet_write_string never makes formulas.
 * Text that itself contains "_xHHHH_" would be decoded by Excel (libxlsxwriter 1.1.4 leaves it
 * as it is), so such a '_' is written as "_x005F_" and the text reads back unchanged.
 */
static lxw_error write_text(struct xlsx *x, lxw_row_t row, lxw_col_t col, const char *s,
			    lxw_format *fmt)
{
	const char *p = strstr(s, "_x");

	while (p && !ooxml_escape_at(p))
		p = strstr(p + 1, "_x");
	if (!p)
		return worksheet_write_string(x->ws, row, col, s, fmt);
	strbuf_reset(&x->scratch);
	for (p = s; *p; p++)
		if (ooxml_escape_at(p))
			strbuf_add(&x->scratch, "_x005F_", 7);
		else
			strbuf_addch(&x->scratch, *p);
	if (x->scratch.failed)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	return worksheet_write_string(x->ws, row, col, x->scratch.buf, fmt);
}

static lxw_error xlsx_cell(const struct export_table *t, struct xlsx *x, size_t r, size_t c)
{
	const struct cell *cell = &t->cells[r * t->ncols + c];
	lxw_format *money = t->cols[c].type == EXPORT_COL_MONEY ? x->money : NULL;
	lxw_row_t row = (lxw_row_t)(r + 1);
	lxw_col_t col = (lxw_col_t)c;
	char buf[32];

	switch (cell->kind) {
	case CELL_EMPTY:
		return LXW_NO_ERROR;
	case CELL_TEXT:
		return write_text(x, row, col, cell->v.s, NULL);
	case CELL_INT:
		if (cell->v.i > EXCEL_MAX_EXACT_INT || cell->v.i < -EXCEL_MAX_EXACT_INT) {
			snprintf(buf, sizeof(buf), "%" PRId64, cell->v.i);
			return worksheet_write_string(x->ws, row, col, buf, NULL);
		}
		return worksheet_write_number(x->ws, row, col, (double)cell->v.i, money);
	case CELL_NUM:
		return worksheet_write_number(x->ws, row, col, cell->v.n, money);
	case CELL_DATE:
		if (cell->v.d < EXCEL_FIRST_SERIAL - EXCEL_EPOCH_SERIAL ||
		    cell->v.d > EXCEL_LAST_SERIAL - EXCEL_EPOCH_SERIAL) {
			date_format(cell->v.d, buf);
			return worksheet_write_string(x->ws, row, col, buf, NULL);
		}
		return worksheet_write_number(x->ws, row, col,
					      (double)cell->v.d + EXCEL_EPOCH_SERIAL, x->date);
	}
	return LXW_NO_ERROR;
}

static enum dv_err cell_fail(struct dv_error *e, lxw_error rc, size_t row, const char *col)
{
	if (rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return dv_fail(e, DV_ELIMIT,
			       "text in row %zu, column '%s' is longer than the 32767 characters "
			       "an xlsx cell holds",
			       row, col);
	return dv_fail(e, DV_EIO, "cannot write row %zu, column '%s' of the xlsx export: %s", row,
		       col, lxw_strerror(rc));
}

/* Fill the sheet; errors name the cell (row 1 is the first data row). */
static enum dv_err xlsx_fill(const struct export_table *t, lxw_workbook *wb, struct dv_error *e)
{
	char name[LXW_MAX_SHEETNAME_LENGTH];
	struct xlsx x = { .scratch = STRBUF_INIT };
	enum dv_err ret = DV_OK;
	lxw_format *bold;
	lxw_error rc;
	size_t r, c;

	sheet_name(t->title, name);
	x.ws = workbook_add_worksheet(wb, name);
	bold = workbook_add_format(wb);
	x.date = workbook_add_format(wb);
	x.money = workbook_add_format(wb);
	if (!x.ws || !bold || !x.date || !x.money) {
		ret = dv_fail(e, DV_EIO, "cannot add sheet '%s' to the xlsx export", name);
		goto cleanup;
	}
	format_set_bold(bold);
	format_set_num_format(x.date, "dd/mm/yyyy");
	format_set_num_format(x.money, "#,##0");

	for (c = 0; c < t->ncols; c++) {
		rc = worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c, col_width(&t->cols[c]),
					  NULL);
		if (!rc)
			rc = write_text(&x, 0, (lxw_col_t)c, t->cols[c].title, bold);
		if (rc) {
			ret = dv_fail(e, DV_EIO, "cannot write the xlsx header '%s': %s",
				      t->cols[c].title, lxw_strerror(rc));
			goto cleanup;
		}
	}
	worksheet_freeze_panes(x.ws, 1, 0);
	rc = worksheet_autofilter(x.ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	if (rc) {
		ret = dv_fail(e, DV_EIO, "cannot set the xlsx autofilter: %s", lxw_strerror(rc));
		goto cleanup;
	}

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			rc = xlsx_cell(t, &x, r, c);
			if (rc) {
				ret = cell_fail(e, rc, r + 1, t->cols[c].title);
				goto cleanup;
			}
		}

cleanup:
	strbuf_release(&x.scratch);
	return ret;
}

/* Append the file at `path` to `out`. */
static enum dv_err read_back(const char *path, struct strbuf *out, struct dv_error *e)
{
	char buf[16384];
	enum dv_err ret = DV_OK;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return dv_fail(e, DV_EIO, "cannot open xlsx export '%s': %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = dv_fail(e, DV_EIO, "cannot read xlsx export '%s': %s", path,
				      strerror(errno));
			break;
		}
		if (strbuf_add(out, buf, (size_t)n) < 0) {
			ret = out_failed(out, e);
			break;
		}
	}
	close(fd);
	return ret;
}

/* Remove the private folder and whatever is in it (it holds only plain files). */
static void remove_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	if (rmdir(dir) < 0)
		log_msg(LOG_WARN, "cannot remove temporary export folder", "path", dir, "error",
			strerror(errno), NULL);
}

static enum dv_err render_xlsx(const struct export_table *t, struct strbuf *out,
			       struct dv_error *e)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX - sizeof("/export.xlsx")], path[PATH_MAX];
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb = NULL;
	enum dv_err ret = DV_OK;
	lxw_error rc;
	int n;

	if (t->nrows > EXPORT_XLSX_MAX_ROWS)
		return dv_fail(e, DV_ELIMIT,
			       "list has %zu rows, more than the %u an xlsx sheet holds; export it "
			       "as csv",
			       t->nrows, EXPORT_XLSX_MAX_ROWS);
	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(dir, sizeof(dir), "%s/danvan-export-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return dv_fail(e, DV_EIO, "temporary folder path '%s' is too long", tmp);
	if (!mkdtemp(dir))
		return dv_fail(e, DV_EIO, "cannot create a temporary folder in '%s': %s", tmp,
			       strerror(errno));
	snprintf(path, sizeof(path), "%s/export.xlsx", dir);

	opt.tmpdir = dir; /* libxlsxwriter's own scratch files stay in the private folder too */
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		ret = dv_fail(e, DV_ENOMEM, "cannot create the xlsx workbook");
		goto cleanup;
	}
	ret = xlsx_fill(t, wb, e);
	if (ret)
		goto cleanup;
	rc = workbook_close(wb); /* writes the file and frees the workbook, even on error */
	wb = NULL;
	if (rc) {
		ret = dv_fail(e, DV_EIO, "cannot write the xlsx export: %s", lxw_strerror(rc));
		goto cleanup;
	}
	ret = read_back(path, out, e);

cleanup:
	if (wb)
		workbook_close(wb); /* the only way to free it; the file is removed below */
	remove_folder(dir);
	return ret;
}

enum dv_err export_render(struct export_table *t, enum export_format f, struct strbuf *out,
			  const char **content_type, const char **extension, struct dv_error *e)
{
	size_t start = out->len;
	enum dv_err ret;

	if (!t)
		return dv_fail(e, DV_ENOMEM, "out of memory building the export");
	if (t->in_row)
		export_row_end(t);
	if (t->err.code != DV_OK)
		return dv_fail(e, t->err.code, "%s", t->err.detail);
	if (out->failed)
		return out_failed(out, e);

	switch (f) {
	case EXPORT_CSV:
		render_csv(t, out);
		ret = out->failed ? out_failed(out, e) : DV_OK;
		break;
	case EXPORT_XLSX:
		ret = render_xlsx(t, out, e);
		break;
	default:
		return dv_fail(e, DV_EINVAL, "unknown export format %d", (int)f);
	}
	if (ret != DV_OK) {
		strbuf_setlen(out, start);
		return ret;
	}
	if (content_type)
		*content_type = f == EXPORT_CSV ? CSV_TYPE : XLSX_TYPE;
	if (extension)
		*extension = f == EXPORT_CSV ? "csv" : "xlsx";
	return DV_OK;
}
