/* test_export.c: list exports: CSV bytes and quoting, XLSX contents read back with libzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "web/export.h"

static const struct export_col cols[] = {
	{ "Họ và tên", EXPORT_COL_TEXT, 30 }, { "Ghi chú", EXPORT_COL_TEXT, 0 },
	{ "Số hộ", EXPORT_COL_INT, 0 },       { "Ngày tiếp nhận", EXPORT_COL_DATE, 0 },
	{ "Kinh phí", EXPORT_COL_MONEY, 0 },  { "Tỷ lệ", EXPORT_COL_NUM, 8 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* Three rows covering every kind of cell and every CSV quoting rule. */
static struct export_table *sample(struct arena *a)
{
	struct export_table *t = export_new(a, "Danh sách hộ", cols, NCOLS);
	char transient[32];

	assert_non_null(t);
	/* the table must copy text: this buffer is overwritten after the call */
	snprintf(transient, sizeof(transient), "%s", "Nguyễn Văn Đức");
	export_text(t, transient);
	memset(transient, 'x', sizeof(transient) - 1);
	export_text(t, "nói \"xin chào\", rồi đi");
	export_int(t, 3);
	export_date(t, date_from_ymd(2024, 3, 15));
	export_int(t, 1500000);
	export_num(t, 0.25);
	export_row_end(t);

	export_text(t, "Trần Thị Hà");
	export_text(t, "dòng 1\r\ndòng 2 <b>&");
	export_int(t, -5);
	export_date(t, 0);
	export_int(t, 0);
	export_num(t, NAN);
	export_row_end(t);

	export_text(t, "=1+1");
	export_text(t, NULL);
	export_text(t, "-10");
	export_empty(t);
	export_num(t, 2500.5);
	export_num(t, -0.0);
	export_row_end(t);
	return t;
}

static void test_format_parse(void **state)
{
	enum export_format f = EXPORT_CSV;

	(void)state;
	assert_true(export_format_parse("xlsx", &f));
	assert_int_equal(f, EXPORT_XLSX);
	assert_true(export_format_parse("csv", &f));
	assert_int_equal(f, EXPORT_CSV);
	assert_false(export_format_parse("XLSX", &f));
	assert_false(export_format_parse("xls", &f));
	assert_false(export_format_parse("", &f));
	assert_false(export_format_parse(NULL, &f));
	assert_int_equal(f, EXPORT_CSV);
}

static void test_csv_bytes(void **state)
{
	static const char want[] =
		"\xEF\xBB\xBF"
		"Họ và tên,Ghi chú,Số hộ,Ngày tiếp nhận,Kinh phí,Tỷ lệ\r\n"
		"Nguyễn Văn Đức,\"nói \"\"xin chào\"\", rồi đi\",3,2024-03-15,1500000,0.25\r\n"
		"Trần Thị Hà,\"dòng 1\r\ndòng 2 <b>&\",-5,,0,\r\n"
		"'=1+1,,'-10,,2500.5,0\r\n";
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	const char *type = NULL, *ext = NULL;
	struct export_table *t;

	(void)state;
	t = sample(a);
	assert_int_equal(export_rows(t), 3);
	assert_int_equal(export_render(t, EXPORT_CSV, &sb, &type, &ext, &e), DV_OK);
	assert_int_equal(sb.len, sizeof(want) - 1);
	assert_memory_equal(sb.buf, want, sizeof(want) - 1);
	assert_string_equal(type, "text/csv; charset=utf-8");
	assert_string_equal(ext, "csv");
	strbuf_release(&sb);
	arena_free(a);
}

static void test_csv_injection_and_quoting(void **state)
{
	static const struct export_col one[] = { { "a,\"b\"", EXPORT_COL_TEXT, 0 } };
	static const char want[] = "\xEF\xBB\xBF"
				   "\"a,\"\"b\"\"\"\r\n"
				   "'+84 912\r\n"
				   "'@SUM(A1)\r\n"
				   "'\tx\r\n"
				   "\"'\r\"\r\n"
				   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
				   "a=b\r\n"
				   "\r\n"
				   "\r\n"
				   " -1\r\n"
				   "-7\r\n";
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct export_table *t = export_new(a, "x", one, 1);

	(void)state;
	export_text(t, "+84 912");
	export_row_end(t);
	export_text(t, "@SUM(A1)");
	export_row_end(t);
	export_text(t, "\tx");
	export_row_end(t);
	export_text(t, "\r");
	export_row_end(t);
	export_text(t, "=HYPERLINK(\"http://x\",\"y\")");
	export_row_end(t);
	export_text(t, "a=b");
	export_row_end(t);
	export_text(t, "");
	export_row_end(t);
	export_row_end(t); /* a row with no cells is one empty row */
	export_text(t, " -1");
	export_row_end(t);
	export_int(t, -7); /* a number is not text: no apostrophe */
	/* left open: export_render ends it */
	assert_int_equal(export_render(t, EXPORT_CSV, &sb, NULL, NULL, NULL), DV_OK);
	assert_int_equal(export_rows(t), 10);
	assert_int_equal(sb.len, sizeof(want) - 1);
	assert_memory_equal(sb.buf, want, sizeof(want) - 1);
	strbuf_release(&sb);
	arena_free(a);
}

static void test_bad_tables(void **state)
{
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	struct export_table *t;

	(void)state;
	t = export_new(a, "x", cols, 2);
	export_text(t, "a");
	export_text(t, "b");
	export_text(t, "c");
	export_row_end(t);
	assert_int_equal(export_render(t, EXPORT_CSV, &sb, NULL, NULL, &e), DV_EINVAL);
	assert_string_equal(e.detail, "export row 1 has more than 2 cells");
	assert_int_equal(sb.len, 0);

	dv_error_clear(&e);
	t = export_new(a, "x", cols, 0);
	assert_non_null(t);
	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, NULL, NULL, &e), DV_EINVAL);
	assert_string_equal(e.detail, "export has 0 columns, not 1 to 16384");

	dv_error_clear(&e);
	assert_int_equal(export_render(NULL, EXPORT_CSV, &sb, NULL, NULL, &e), DV_ENOMEM);
	export_text(NULL, "ignored"); /* building calls accept a NULL table */
	export_row_end(NULL);
	assert_int_equal(export_rows(NULL), 0);

	dv_error_clear(&e);
	t = export_new(a, "x", cols, 1);
	assert_int_equal(export_render(t, (enum export_format)7, &sb, NULL, NULL, &e), DV_EINVAL);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	arena_free(a);
}

static void test_csv_cap(void **state)
{
	struct arena *a = arena_new();
	struct strbuf sb;
	struct dv_error e = DV_ERROR_INIT;

	(void)state;
	strbuf_init(&sb, 40, 0);
	strbuf_addstr(&sb, "kept");
	assert_int_equal(export_render(sample(a), EXPORT_CSV, &sb, NULL, NULL, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "export is larger than the 40 bytes allowed");
	assert_string_equal(sb.buf, "kept");
	strbuf_release(&sb);
	arena_free(a);
}

/* ---- XLSX read back ---- */

/* The named member of the zip held in `file`, NUL-terminated (free it), or NULL. */
static char *unzip(const struct strbuf *file, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	char *text = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(file->buf, file->len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!z) {
		zip_source_free(src);
		zip_error_fini(&ze);
		fail_msg("not a zip file");
	}
	if (zip_stat(z, name, 0, &st) == 0 && (f = zip_fopen(z, name, 0))) {
		text = calloc(1, st.size + 1);
		assert_non_null(text);
		assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(z);
	zip_error_fini(&ze);
	return text;
}

/* The value of attribute `name` in the tag starting at `tag`, into buf ("" when absent). */
static const char *attr(const char *tag, const char *name, char *buf, size_t size)
{
	const char *end = strchr(tag, '>');
	char key[64];
	const char *p;
	size_t n;

	snprintf(key, sizeof(key), " %s=\"", name);
	buf[0] = '\0';
	p = strstr(tag, key);
	if (!p || !end || p > end)
		return buf;
	p += strlen(key);
	n = (size_t)(strchr(p, '"') - p);
	assert_true(n < size);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* The nth (from 0) `<tag ` or `<tag>` element after the first `<section`, or NULL. */
static const char *nth(const char *xml, const char *section, const char *tag, long n)
{
	char open[64];
	const char *p = strstr(xml, section);
	size_t len;

	snprintf(open, sizeof(open), "<%s", tag);
	len = strlen(open);
	while (p && (p = strstr(p, open))) {
		if ((p[len] == ' ' || p[len] == '>' || p[len] == '/') && n-- == 0)
			return p;
		p += len;
	}
	return NULL;
}

/* The text of shared string `index` (the inside of its <t>), into buf. */
static const char *shared(const char *sst, const char *index, char *buf, size_t size)
{
	const char *si = nth(sst, "<sst", "si", strtol(index, NULL, 10));
	const char *t, *end;

	assert_non_null(si);
	t = strchr(strstr(si, "<t"), '>') + 1;
	end = strstr(t, "</t>");
	assert_true((size_t)(end - t) < size);
	memcpy(buf, t, (size_t)(end - t));
	buf[end - t] = '\0';
	return buf;
}

struct xlsx_files {
	char *sheet, *sst, *styles, *workbook;
};

/* The <c> element of cell `ref` ("B2"), into buf; "" when the cell is not written. */
static const char *cell(const struct xlsx_files *x, const char *ref, char *buf, size_t size)
{
	char key[32];
	const char *p, *end;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	buf[0] = '\0';
	p = strstr(x->sheet, key);
	if (!p)
		return buf;
	end = strchr(p, '>');
	if (end[-1] != '/')
		end = strstr(p, "</c>") + 3;
	assert_true((size_t)(end - p + 1) < size);
	memcpy(buf, p, (size_t)(end - p + 1));
	buf[end - p + 1] = '\0';
	return buf;
}

/* A string cell: t="s", and its shared string is `want`. */
static void assert_text_cell(const struct xlsx_files *x, const char *ref, const char *want)
{
	char c[512], v[32], s[256];
	const char *p;

	cell(x, ref, c, sizeof(c));
	assert_string_equal(attr(c, "t", v, sizeof(v)), "s");
	p = strstr(c, "<v>");
	assert_non_null(p);
	snprintf(v, sizeof(v), "%.*s", (int)strcspn(p + 3, "<"), p + 3);
	assert_string_equal(shared(x->sst, v, s, sizeof(s)), want);
}

/* The number format code of a cell's style ("" for General). */
static const char *cell_format(const struct xlsx_files *x, const char *c, char *buf, size_t size)
{
	char s[16], id[16], key[64];
	const char *xf, *fmt;

	attr(c, "s", s, sizeof(s));
	buf[0] = '\0';
	if (!*s)
		return buf;
	xf = nth(x->styles, "<cellXfs", "xf", strtol(s, NULL, 10));
	assert_non_null(xf);
	attr(xf, "numFmtId", id, sizeof(id));
	if (!strcmp(id, "0"))
		return buf;
	if (!strcmp(id, "3")) /* a built-in format Excel knows without a <numFmt> */
		return memcpy(buf, "#,##0", sizeof("#,##0"));
	snprintf(key, sizeof(key), "<numFmt numFmtId=\"%s\"", id);
	fmt = strstr(x->styles, key);
	assert_non_null(fmt);
	return attr(fmt, "formatCode", buf, size);
}

/* A number cell: no type (or t="n"), value `want`, number format `format`. */
static void assert_num_cell(const struct xlsx_files *x, const char *ref, const char *want,
			    const char *format)
{
	char c[512], v[32], f[64];

	cell(x, ref, c, sizeof(c));
	assert_string_not_equal(c, "");
	attr(c, "t", v, sizeof(v));
	assert_true(!*v || !strcmp(v, "n"));
	snprintf(v, sizeof(v), "<v>%s</v>", want);
	assert_non_null(strstr(c, v));
	assert_string_equal(cell_format(x, c, f, sizeof(f)), format);
}

static void assert_no_cell(const struct xlsx_files *x, const char *ref)
{
	char c[512];

	assert_string_equal(cell(x, ref, c, sizeof(c)), "");
}

static void xlsx_open(const struct strbuf *file, struct xlsx_files *x)
{
	assert_true(file->len > 4);
	assert_memory_equal(file->buf, "PK\x03\x04", 4);
	x->sheet = unzip(file, "xl/worksheets/sheet1.xml");
	x->sst = unzip(file, "xl/sharedStrings.xml");
	x->styles = unzip(file, "xl/styles.xml");
	x->workbook = unzip(file, "xl/workbook.xml");
	assert_non_null(x->sheet);
	assert_non_null(x->sst);
	assert_non_null(x->styles);
	assert_non_null(x->workbook);
}

static void xlsx_close(struct xlsx_files *x)
{
	free(x->sheet);
	free(x->sst);
	free(x->styles);
	free(x->workbook);
}

/* $TMPDIR as the test started, where its own folders go. */
static char tmp_base[256] = "/tmp";

/* A fresh folder to serve as $TMPDIR, so the test sees what the export leaves behind. */
static void tmpdir_begin(char dir[static 300])
{
	snprintf(dir, 300, "%s/test_export-XXXXXX", tmp_base);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(setenv("TMPDIR", dir, 1), 0);
}

/* Entries in dir besides . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void tmpdir_end(const char *dir)
{
	assert_int_equal(entries(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	unsetenv("TMPDIR");
}

static void test_xlsx_contents(void **state)
{
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	const char *type = NULL, *ext = NULL;
	struct export_table *t;
	struct xlsx_files x;
	const char *font;
	char dir[300], buf[512], f[64];

	(void)state;
	tmpdir_begin(dir);
	t = sample(a);
	export_text(t, "Lê Văn Tám");
	export_empty(t);
	export_int(t, INT64_C(1234567890123456789)); /* beyond Excel's 15 digits: text */
	export_date(t, date_from_ymd(1899, 1, 1));   /* before Excel's calendar: text */
	export_num(t, 1e6);
	export_row_end(t); /* one cell short: padded */
	export_text(t, "Hết");
	export_text(t, "a_x0041_b _x12_ _X0041_");
	export_row_end(t);

	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, &type, &ext, &e), DV_OK);
	assert_string_equal(e.detail, "");
	assert_string_equal(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(ext, "xlsx");
	tmpdir_end(dir);
	xlsx_open(&sb, &x);

	/* the header: bold, frozen, under an autofilter covering every data row */
	assert_text_cell(&x, "A1", "Họ và tên");
	assert_text_cell(&x, "F1", "Tỷ lệ");
	cell(&x, "A1", buf, sizeof(buf));
	attr(buf, "s", f, sizeof(f));
	assert_string_not_equal(f, "");
	attr(nth(x.styles, "<cellXfs", "xf", strtol(f, NULL, 10)), "fontId", f, sizeof(f));
	font = nth(x.styles, "<fonts", "font", strtol(f, NULL, 10));
	assert_non_null(font);
	assert_non_null(strstr(font, "<b/>"));
	assert_true(strstr(font, "<b/>") < strstr(font, "</font>"));
	assert_non_null(strstr(x.sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
	assert_non_null(strstr(x.sheet, "state=\"frozen\""));
	assert_non_null(strstr(x.sheet, "<autoFilter ref=\"A1:F6\"/>"));
	assert_non_null(strstr(x.workbook, "<sheet name=\"Danh sách hộ\""));

	/* widths: as given (30, 8), or the type's default (text 24, int 10, date 12, money 16) */
	assert_non_null(strstr(x.sheet, "<col min=\"1\" max=\"1\" width=\"30.7109375\""));
	assert_non_null(strstr(x.sheet, "<col min=\"2\" max=\"2\" width=\"24.7109375\""));
	assert_non_null(strstr(x.sheet, "<col min=\"3\" max=\"3\" width=\"10.7109375\""));
	assert_non_null(strstr(x.sheet, "<col min=\"4\" max=\"4\" width=\"12.7109375\""));
	assert_non_null(strstr(x.sheet, "<col min=\"5\" max=\"5\" width=\"16.7109375\""));
	assert_non_null(strstr(x.sheet, "<col min=\"6\" max=\"6\" width=\"8.7109375\""));

	/* data */
	assert_text_cell(&x, "A2", "Nguyễn Văn Đức");
	assert_text_cell(&x, "B2", "nói \"xin chào\", rồi đi");
	assert_num_cell(&x, "C2", "3", "");
	assert_num_cell(&x, "D2", "45366", "dd/mm/yyyy");
	assert_num_cell(&x, "E2", "1500000", "#,##0");
	assert_num_cell(&x, "F2", "0.25", "");
	assert_text_cell(&x, "A3", "Trần Thị Hà");
	/* a CR is escaped the OOXML way, so Excel gets it back */
	assert_text_cell(&x, "B3", "dòng 1_x000D_\ndòng 2 &lt;b&gt;&amp;");
	assert_num_cell(&x, "C3", "-5", "");
	assert_no_cell(&x, "D3");
	assert_num_cell(&x, "E3", "0", "#,##0");
	assert_no_cell(&x, "F3");
	assert_text_cell(&x, "A4", "=1+1");
	assert_no_cell(&x, "B4");
	assert_text_cell(&x, "C4", "-10");
	assert_no_cell(&x, "D4");
	assert_num_cell(&x, "E4", "2500.5", "#,##0");
	assert_text_cell(&x, "A5", "Lê Văn Tám");
	assert_text_cell(&x, "C5", "1234567890123456789");
	assert_text_cell(&x, "D5", "1899-01-01");
	assert_num_cell(&x, "E5", "1000000", "#,##0");
	assert_no_cell(&x, "F5");
	assert_text_cell(&x, "A6", "Hết");
	/* Excel would read "_x0041_" as "A": its '_' goes escaped */
	assert_text_cell(&x, "B6", "a_x005F_x0041_b _x12_ _X0041_");
	assert_no_cell(&x, "A7");

	/* text is never a formula, and nothing is computed */
	assert_null(strstr(x.sheet, "<f>"));
	assert_null(strstr(x.sheet, "<f "));
	assert_null(strstr(x.sheet, "t=\"str\""));
	assert_non_null(strstr(x.sst, ">=1+1</t>"));
	assert_non_null(strstr(x.sst, ">Nguyễn Văn Đức</t>"));
	xlsx_close(&x);

	/* the same table renders again, as CSV, after XLSX */
	strbuf_reset(&sb);
	assert_int_equal(export_render(t, EXPORT_CSV, &sb, NULL, NULL, &e), DV_OK);
	assert_non_null(strstr(sb.buf, "\r\nLê Văn Tám,,1234567890123456789,1899-01-01,1000000,\r\n"
				       "Hết,a_x0041_b _x12_ _X0041_,,,,\r\n"));
	strbuf_release(&sb);
	arena_free(a);
}

/* Render `title` as a one-column workbook; xl/workbook.xml must name the sheet `want`. */
static void assert_sheet_name(const char *title, const char *want)
{
	static const struct export_col one[] = { { "a", EXPORT_COL_TEXT, 0 } };
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	struct export_table *t;
	char buf[256];
	char *wb;

	t = export_new(a, title, one, 1);
	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, NULL, NULL, &e), DV_OK);
	wb = unzip(&sb, "xl/workbook.xml");
	assert_non_null(wb);
	assert_string_equal(attr(strstr(wb, "<sheet "), "name", buf, sizeof(buf)), want);
	free(wb);
	strbuf_release(&sb);
	arena_free(a);
}

static void test_xlsx_sheet_name(void **state)
{
	char dir[300];

	(void)state;
	tmpdir_begin(dir);
	assert_sheet_name("Hộ [nghèo]: 2024/05*?\\x", "Hộ _nghèo__ 2024_05___x");
	/* 31 characters kept, not 31 bytes */
	assert_sheet_name("Danh sách người có công tỉnh Hà Giang",
			  "Danh sách người có công tỉnh Hà");
	assert_sheet_name("'trích'", "_trích_");
	assert_sheet_name("", "Sheet1");
	assert_sheet_name(NULL, "Sheet1");
	assert_sheet_name("history", "histor_");
	assert_sheet_name("a\x01\xff", "a__");
	tmpdir_end(dir);
}

static void test_xlsx_errors(void **state)
{
	static const struct export_col one[] = { { "Nội dung", EXPORT_COL_TEXT, 0 } };
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	struct export_table *t;
	char dir[300], *big;

	(void)state;
	big = malloc(40001);
	assert_non_null(big);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	t = export_new(a, "x", one, 1);
	export_text(t, "ngắn");
	export_row_end(t);
	export_text(t, big);
	export_row_end(t);
	free(big);

	/* a failing render keeps what `out` held and leaves no temporary folder */
	tmpdir_begin(dir);
	strbuf_addstr(&sb, "kept");
	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, NULL, NULL, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "text in row 2, column 'Nội dung' is longer than the 32767 "
				      "characters an xlsx cell holds");
	assert_string_equal(sb.buf, "kept");
	tmpdir_end(dir);

	/* no place for the temporary folder */
	dv_error_clear(&e);
	assert_int_equal(setenv("TMPDIR", "/nonexistent/danvan", 1), 0);
	t = export_new(a, "x", one, 1);
	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, NULL, NULL, &e), DV_EIO);
	assert_string_equal(e.detail, "cannot create a temporary folder in '/nonexistent/danvan': "
				      "No such file or directory");
	assert_string_equal(sb.buf, "kept");
	unsetenv("TMPDIR");
	strbuf_release(&sb);
	arena_free(a);
}

static void test_xlsx_row_limit(void **state)
{
	static const struct export_col one[] = { { "n", EXPORT_COL_INT, 0 } };
	struct arena *a = arena_new();
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	struct export_table *t = export_new(a, "x", one, 1);
	char dir[300];
	size_t i;

	(void)state;
	for (i = 0; i < EXPORT_XLSX_MAX_ROWS + 1; i++) {
		export_int(t, (int64_t)i);
		export_row_end(t);
	}
	assert_int_equal(export_rows(t), 1048576);
	tmpdir_begin(dir);
	assert_int_equal(export_render(t, EXPORT_XLSX, &sb, NULL, NULL, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "list has 1048576 rows, more than the 1048575 an xlsx sheet "
				      "holds; export it as csv");
	assert_int_equal(sb.len, 0);
	tmpdir_end(dir);
	strbuf_release(&sb);
	arena_free(a);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_csv_injection_and_quoting),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_csv_cap),
		cmocka_unit_test(test_xlsx_contents),
		cmocka_unit_test(test_xlsx_sheet_name),
		cmocka_unit_test(test_xlsx_errors),
		cmocka_unit_test(test_xlsx_row_limit),
	};

	if (tmp && *tmp)
		snprintf(tmp_base, sizeof(tmp_base), "%s", tmp);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
