/* test_xlsx_read.c: .xlsx rows from libxlsxwriter files and hand-built zips, limits, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xlsx_read.h"

/* ---- collecting rows as text: "row:A|B|~" per line, ~ for an empty cell ---- */

struct got {
	struct strbuf sb;
	unsigned rows;
	unsigned stop_at; /* return stop_code at this row count; 0 = never */
	int stop_code;
	struct dv_error *e; /* where the callback records its own detail, when own_detail */
	const char *own_detail;
};

static int collect(void *arg, unsigned row, const char *const *cells, size_t ncells)
{
	struct got *g = arg;
	size_t i;

	assert_true(ncells > 0);
	assert_non_null(cells[ncells - 1]);
	strbuf_addf(&g->sb, "%u:", row);
	for (i = 0; i < ncells; i++) {
		if (i)
			strbuf_addch(&g->sb, '|');
		if (cells[i]) {
			assert_true(cells[i][0] != '\0');
			strbuf_addstr(&g->sb, cells[i]);
		} else {
			strbuf_addch(&g->sb, '~');
		}
	}
	strbuf_addch(&g->sb, '\n');
	g->rows++;
	if (g->stop_at && g->rows == g->stop_at) {
		if (g->own_detail)
			dv_fail(g->e, (enum dv_err)g->stop_code, "%s", g->own_detail);
		return g->stop_code;
	}
	return 0;
}

/* Read with the given options; the rows land in *g (released by the caller). */
static enum dv_err read_rows(const void *data, size_t len, const struct xlsx_options *o,
                             struct got *g, struct dv_error *e)
{
	memset(g, 0, sizeof(*g));
	strbuf_init(&g->sb, 0, 0);
	g->e = e;
	dv_error_clear(e);
	return xlsx_read(data, len, o, collect, g, e);
}

/* ---- .xlsx files written by libxlsxwriter ---- */

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

/* Write a workbook with fill() into a fresh temporary folder and return its bytes. */
static char *xlsx_written(void (*fill)(lxw_workbook *wb), bool constant_memory, size_t *len)
{
	char dir[] = "/tmp/dv-xlsx-XXXXXX", path[64];
	lxw_workbook_options o;
	lxw_workbook *wb;
	char *buf;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.xlsx", dir);
	memset(&o, 0, sizeof(o));
	o.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
	o.tmpdir = dir;
	wb = workbook_new_opt(path, &o);
	assert_non_null(wb);
	fill(wb);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	buf = slurp(path, len);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	return buf;
}

static bool zip_has(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	bool found;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	found = zip_name_locate(za, name, 0) >= 0;
	zip_discard(za);
	zip_error_fini(&ze);
	return found;
}

static void fill_main(lxw_workbook *wb)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Hoạt động");
	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "Tổng hợp");
	lxw_format *date = workbook_add_format(wb);
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *border = workbook_add_format(wb);
	lxw_datetime dt = {2025, 12, 1, 0, 0, 0};
	lxw_rich_string_tuple r1 = {.format = bold, .string = "Hà "};
	lxw_rich_string_tuple r2 = {.format = NULL, .string = "Nội"};
	lxw_rich_string_tuple *rich[] = {&r1, &r2, NULL};

	format_set_num_format(date, "dd/mm/yyyy");
	format_set_bold(bold);
	format_set_border(border, LXW_BORDER_THIN);
	worksheet_write_string(ws, 0, 0, "Họ và tên", NULL);
	worksheet_write_string(ws, 0, 1, "Ngày", NULL);
	worksheet_write_string(ws, 0, 2, "Số người", NULL);
	worksheet_write_string(ws, 0, 3, "Ghi chú", NULL);
	worksheet_write_string(ws, 0, 4, "Xong", bold);
	/* row 2: a date, a decimal, D empty, a boolean */
	worksheet_write_string(ws, 1, 0, "Nguyễn Văn Ánh", NULL);
	worksheet_write_datetime(ws, 1, 1, &dt, date);
	worksheet_write_number(ws, 1, 2, 12.5, NULL);
	worksheet_write_boolean(ws, 1, 4, 1, NULL);
	/* row 3 skipped; row 4: B empty, spaces kept, FALSE */
	worksheet_write_string(ws, 3, 0, "Trần Thị Bích", NULL);
	worksheet_write_number(ws, 3, 2, -45, NULL);
	worksheet_write_string(ws, 3, 3, "  có khoảng trắng ", NULL);
	worksheet_write_boolean(ws, 3, 4, 0, NULL);
	/* row 5: formulas with their cached results, a rich string */
	worksheet_write_formula_str(ws, 4, 1, "=A2&\"!\"", NULL, "Nguyễn Văn Ánh!");
	worksheet_write_formula_num(ws, 4, 2, "=C2*2", NULL, 25);
	worksheet_write_rich_string(ws, 4, 3, rich, NULL);
	/* rows 6 and 7: styled empty cells only, which are no rows */
	worksheet_write_blank(ws, 5, 0, border);
	worksheet_write_blank(ws, 6, 2, border);
	/* row 8: a line break, a big and a small number */
	worksheet_write_string(ws, 7, 0, "dòng một\ndòng hai", NULL);
	worksheet_write_number(ws, 7, 1, 1234567.89, NULL);
	worksheet_write_number(ws, 7, 2, 0.1, NULL);
	/* row 1000, column F */
	worksheet_write_string(ws, 999, 5, "cuối", NULL);

	worksheet_write_string(ws2, 0, 0, "Tổng", NULL);
	worksheet_write_number(ws2, 0, 1, 3, NULL);
}

static const char main_rows[] = "1:Họ và tên|Ngày|Số người|Ghi chú|Xong\n"
                                "2:Nguyễn Văn Ánh|45992|12.5|~|TRUE\n"
                                "4:Trần Thị Bích|~|-45|  có khoảng trắng |FALSE\n"
                                "5:~|Nguyễn Văn Ánh!|25|Hà Nội\n"
                                "8:dòng một\ndòng hai|1234567.89|0.1\n"
                                "1000:~|~|~|~|~|cuối\n";

static void test_written(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct xlsx_options o = {0};
	struct got g;
	size_t len;
	char *data = xlsx_written(fill_main, false, &len);
	int y, m, d;

	(void)state;
	assert_true(zip_has(data, len, "xl/sharedStrings.xml"));

	/* no options: the first sheet */
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, main_rows);
	assert_int_equal(g.rows, 6);
	strbuf_release(&g.sb);

	/* the date in B2 */
	assert_true(xlsx_serial_date("45992", &y, &m, &d));
	assert_int_equal(y, 2025);
	assert_int_equal(m, 12);
	assert_int_equal(d, 1);

	/* the second sheet by name, and the first by name */
	o.sheet = "Tổng hợp";
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "1:Tổng|3\n");
	strbuf_release(&g.sb);
	o.sheet = "Hoạt động";
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, main_rows);
	strbuf_release(&g.sb);

	/* names match exactly */
	o.sheet = "tổng hợp";
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ENOTFOUND);
	assert_string_equal(e.detail, "sheet 'tổng hợp' not found in the workbook");
	assert_int_equal(g.rows, 0);
	strbuf_release(&g.sb);
	/* details stay valid UTF-8 without control characters */
	o.sheet = "a\nb\xff\xC3";
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ENOTFOUND);
	assert_string_equal(e.detail, "sheet 'a b?\?' not found in the workbook");
	strbuf_release(&g.sb);
	free(data);
}

/* constant_memory mode writes inline strings (<is><t>) instead of shared strings */
static void test_written_inline(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t len;
	char *data = xlsx_written(fill_main, true, &len);

	(void)state;
	assert_false(zip_has(data, len, "xl/sharedStrings.xml"));
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, main_rows);
	strbuf_release(&g.sb);
	free(data);
}

static void fill_wide(lxw_workbook *wb)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);

	worksheet_write_string(ws, 0, 0, "12345", NULL);
	worksheet_write_number(ws, 0, 63, 7, NULL); /* BL1, the 64th column */
	worksheet_write_string(ws, 1, 2, "123456", NULL);
	worksheet_write_number(ws, 2, 64, 8, NULL); /* BM3, the 65th */
}

static void test_written_limits(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct xlsx_options o = {0};
	struct got g;
	size_t len;
	char *data = xlsx_written(fill_wide, false, &len);

	(void)state;
	/* default 64 columns: BL is the last one allowed */
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "xl/worksheets/sheet1.xml line 2: cell 'BM3' is beyond the "
	                              "limit of 64 columns");
	assert_int_equal(g.rows, 2);
	assert_memory_equal(g.sb.buf, "1:12345|~|", 10);
	assert_string_equal(g.sb.buf + g.sb.len - strlen("|~|7\n2:~|~|123456\n"),
	                    "|~|7\n2:~|~|123456\n");
	strbuf_release(&g.sb);

	/* cell length: 5 bytes pass, 6 do not */
	o.max_cols = 100;
	o.max_cell_len = 5;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail,
	                    "xl/worksheets/sheet1.xml line 2: cell 'C2' is longer than 5 bytes");
	assert_int_equal(g.rows, 1);
	strbuf_release(&g.sb);

	/* rows */
	o.max_cell_len = 0;
	o.max_rows = 2;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail,
	                    "xl/worksheets/sheet1.xml line 2: row 3 is beyond the limit of 2 rows");
	assert_int_equal(g.rows, 2);
	strbuf_release(&g.sb);
	o.max_rows = 3;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_OK);
	assert_int_equal(g.rows, 3);
	strbuf_release(&g.sb);

	/* narrow columns */
	o.max_cols = 1;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "xl/worksheets/sheet1.xml line 2: cell 'BL1' is beyond the "
	                              "limit of 1 columns");
	strbuf_release(&g.sb);

	/* entry size: the sheet declares more than 200 bytes */
	o.max_cols = 0;
	o.max_entry_size = 200;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_non_null(strstr(e.detail, "' declares "));
	assert_non_null(strstr(e.detail, " bytes, over the limit of 200"));
	assert_int_equal(g.rows, 0);
	strbuf_release(&g.sb);
	free(data);
}

/* ---- hand-built packages ---- */

#define NS_MAIN  "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG   "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL(id, type, target)                                                                      \
	"<Relationship Id=\"" id "\" Type=\"" NS_REL "/" type "\" Target=\"" target "\"/>"
#define RELS(items) XML_DECL "<Relationships xmlns=\"" NS_PKG "\">" items "</Relationships>"
#define WORKBOOK(sheets)                                                                           \
	XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">\n<sheets>" sheets        \
	         "</sheets></workbook>"
#define SHEET_EL(name, id) "<sheet name=\"" name "\" sheetId=\"1\" r:id=\"" id "\"/>"
/* rows start on line 3, as do shared strings */
#define SHEET(rows)                                                                                \
	XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>\n" rows "</sheetData></worksheet>"
#define SST(items) XML_DECL "<sst xmlns=\"" NS_MAIN "\">\n" items "</sst>"

static const char pkg_rels[] = RELS(REL("rId1", "officeDocument", "xl/workbook.xml"));
static const char wb_rels[] = RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml")
                                       REL("rId2", "sharedStrings", "sharedStrings.xml"));
static const char wb_rels_nosst[] = RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml"));
static const char workbook[] = WORKBOOK(SHEET_EL("Trang 1", "rId1"));

struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
};

/* A zip of the parts (NULL data: left out), built in memory with libzip. */
static char *zip_build(const struct part *parts, size_t n, bool store, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src, *s;
	zip_stat_t st;
	zip_t *za;
	zip_int64_t idx;
	char *buf;
	size_t i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		if (!parts[i].data)
			continue;
		s = zip_source_buffer(za, parts[i].data,
		                      parts[i].len ? parts[i].len : strlen(parts[i].data), 0);
		assert_non_null(s);
		idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (store)
			assert_int_equal(
			    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	buf = malloc(st.size ? st.size : 1);
	assert_non_null(buf);
	assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return buf;
}

/* The usual package around a sheet and shared strings (NULL: none). */
static char *book(const char *sst, const char *sheet, size_t *len)
{
	struct part parts[] = {
	    {"[Content_Types].xml", "<Types/>", 0},
	    {"_rels/.rels", pkg_rels, 0},
	    {"xl/workbook.xml", workbook, 0},
	    {"xl/_rels/workbook.xml.rels", sst ? wb_rels : wb_rels_nosst, 0},
	    {"xl/sharedStrings.xml", sst, 0},
	    {"xl/worksheets/sheet1.xml", sheet, 0},
	};

	return zip_build(parts, sizeof(parts) / sizeof(parts[0]), false, len);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Make the local and central headers of entry `name` claim `size` uncompressed bytes. */
static void patch_size(char *buf, size_t len, const char *name, uint32_t size)
{
	unsigned char *p = (unsigned char *)buf;
	size_t i, nlen = strlen(name), patched = 0;

	for (i = 0; i + 46 + nlen <= len; i++) {
		if (get32(p + i) == 0x04034b50 && (size_t)(p[i + 26] | p[i + 27] << 8) == nlen &&
		    !memcmp(p + i + 30, name, nlen)) {
			put32(p + i + 22, size);
			patched++;
		} else if (get32(p + i) == 0x02014b50 &&
		           (size_t)(p[i + 28] | p[i + 29] << 8) == nlen &&
		           !memcmp(p + i + 46, name, nlen)) {
			put32(p + i + 24, size);
			patched++;
		}
	}
	assert_int_equal(patched, 2);
}

static void test_hand_built(void **state)
{
	static const char sst[] =
	    SST("<si><t>Hà Nội</t></si>"
	        "<si><r><rPr><b/></rPr><t>Hội</t></r><r><t xml:space=\"preserve\"> Phụ nữ</t></r>"
	        "<rPh sb=\"0\" eb=\"1\"><t>ホイ</t></rPh></si>\n"
	        "<si><t>  cắt\n  </t></si>"
	        "<si><t xml:space=\"preserve\">  giữ </t></si>\n"
	        "<si><t>a_x000D_b_x005F_x0041_c_xD83D__xDE00_</t></si>"
	        "<si><t>&amp;&lt;&#7871;&#x1EC7;</t></si>"
	        "<si><t/></si>"
	        "<si><t>_x0041</t></si>\n");
	/* strict namespaces, an absolute target, rows and cells without r */
	static const char sheet[] = XML_DECL
	    "<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\">"
	    "<sheetPr/><dimension ref=\"A1:F6\"/><cols><col min=\"1\" max=\"1\"/></cols>\n"
	    "<sheetData>\n"
	    "<row r=\"2\" spans=\"1:5\"><c r=\"A2\" t=\"s\"><v>0</v></c>"
	    "<c r=\"C2\" t=\"s\" s=\"1\"><v>1</v></c></row>\n"
	    "<row><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c>"
	    "</row>\n"
	    "<row r=\"5\"><c r=\"B5\" t=\"s\"><v>5</v></c><c r=\"C5\" t=\"s\"><v>6</v></c>"
	    "<c r=\"D5\" t=\"s\"><v>7</v></c></row>\n"
	    "<row r=\"6\"><c r=\"A6\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"B6\" t=\"d\"><v>2025-12-01T00:00:00</v></c>"
	    "<c r=\"C6\" t=\"str\"><f>A1</f><v>kết quả</v></c>"
	    "<c r=\"D6\" t=\"inlineStr\"><is><r><t>nội</t></r><r><rPr/>"
	    "<t xml:space=\"preserve\"> tuyến</t></r><rPh><t>x</t></rPh></is></c>"
	    "<c r=\"E6\" s=\"3\"/><c r=\"F6\"><f>1+1</f></c></row>\n"
	    "<row r=\"7\"><c r=\"A7\" s=\"1\"/><c r=\"B7\" t=\"s\"/><c r=\"C7\" t=\"b\"/></row>\n"
	    "<row r=\"1048576\"><c r=\"A1048576\"><v>7</v></c><c r=\"XFD1048576\"/></row>\n"
	    "</sheetData><mergeCells count=\"0\"/></worksheet>";
	static const char rels[] =
	    RELS("<Relationship Id=\"s1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/"
	         "relationships/worksheet\" Target=\"/xl/worksheets/./data.xml\"/>"
	         "<Relationship Id=\"s2\" Type=\"http://purl.oclc.org/ooxml/officeDocument/"
	         "relationships/sharedStrings\" Target=\"worksheets/../strings.xml\"/>");
	static const char wb[] = WORKBOOK(SHEET_EL("Dữ liệu", "s1"));
	const struct part parts[] = {
	    /* no _rels/.rels: the workbook is looked for at its usual place */
	    {"xl/workbook.xml", wb, 0},
	    {"xl/_rels/workbook.xml.rels", rels, 0},
	    {"xl/strings.xml", sst, 0},
	    {"xl/worksheets/data.xml", sheet, 0},
	};
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t len;
	char *data = zip_build(parts, sizeof(parts) / sizeof(parts[0]), false, &len);

	(void)state;
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "2:Hà Nội|~|Hội Phụ nữ\n"
	                              "3:cắt|  giữ |a\rb_x0041_c😀\n"
	                              "5:~|&<ếệ|~|_x0041\n"
	                              "6:#N/A|2025-12-01T00:00:00|kết quả|nội tuyến\n"
	                              "1048576:7\n");
	assert_int_equal(g.rows, 5);
	strbuf_release(&g.sb);
	free(data);
}

static const struct bad {
	const char *what;
	const char *sst; /* NULL: no shared strings */
	const char *sheet;
	enum dv_err code;
	const char *detail;
	unsigned rows; /* delivered before the error */
} bad_books[] = {
    {"shared string index out of range", SST("<si><t>a</t></si><si><t>b</t></si>"),
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>\n"
           "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>2</v></c></row>"),
     DV_EINVAL,
     "xl/worksheets/sheet1.xml line 4: shared string index 2 out of range (2 strings) in "
     "cell 'B2'",
     1},
    {"shared string without shared strings", NULL,
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: shared string index 0 out of range (0 strings) in "
     "cell 'A1'",
     0},
    {"negative shared string index", SST("<si><t>a</t></si>"),
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: bad shared string index '-1' in cell 'A1'", 0},
    {"mismatched tag", NULL, SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></row>\n"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: mismatched tag", 0},
    {"truncated XML", NULL, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>\n<row>",
     DV_EINVAL, "xl/worksheets/sheet1.xml line 3: no element found", 0},
    {"malformed shared strings", "<sst><si><t>a</si></sst>",
     SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), DV_EINVAL,
     "xl/sharedStrings.xml line 1: mismatched tag", 0},
    {"internal DTD with entities", NULL,
     XML_DECL "<!DOCTYPE worksheet [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n"
              "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" "
              "t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>",
     DV_EINVAL, "xl/worksheets/sheet1.xml line 2: document type declarations are not allowed", 0},
    {"external DTD", NULL,
     XML_DECL "<!DOCTYPE worksheet SYSTEM \"file:///etc/passwd\">\n<worksheet xmlns=\"" NS_MAIN
              "\"><sheetData/></worksheet>",
     DV_EINVAL, "xl/worksheets/sheet1.xml line 2: document type declarations are not allowed", 0},
    {"invalid UTF-8 in shared strings", SST("<si><t>H\xC3\x28</t></si>\n"),
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"), DV_EINVAL,
     "xl/sharedStrings.xml line 3: invalid UTF-8", 0},
    {"overlong UTF-8 in a cell", NULL,
     SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
           "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\xC0\xAF</t></is></c></row>"),
     DV_EINVAL, "xl/worksheets/sheet1.xml line 4: invalid UTF-8", 1},
    {"UTF-8 surrogate in a cell", NULL,
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>\xED\xA0\x80</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: invalid UTF-8", 0},
    {"column past XFD", NULL, SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: cell reference 'XFE1' out of range", 0},
    {"row 0", NULL, SHEET("<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: cell reference 'A0' out of range", 0},
    {"row past 1048576", NULL, SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: row number '1048577' out of range", 0},
    {"cell row past 1048576", NULL, SHEET("<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>"),
     DV_EINVAL, "xl/worksheets/sheet1.xml line 3: cell reference 'A1048577' out of range", 0},
    {"lowercase reference", NULL, SHEET("<row r=\"1\"><c r=\"a1\"><v>1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: cell reference 'a1' out of range", 0},
    {"cell in another row", NULL, SHEET("<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: cell 'A3' is not in row 2", 0},
    {"cells out of order", NULL,
     SHEET("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: cell 'A1' is out of order", 0},
    {"rows out of order", NULL,
     SHEET("<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>\n<row r=\"2\"><c r=\"A2\"><v>2</v></c>"
           "</row>"),
     DV_EINVAL, "xl/worksheets/sheet1.xml line 4: row 2 is out of order (after row 2)", 1},
    {"bad boolean", NULL, SHEET("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: bad boolean '2' in cell 'A1'", 0},
    {"bad boolean, cut in the detail on a character boundary", NULL,
     SHEET("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>ạạạạạạạ</v></c></row>"), DV_EINVAL,
     "xl/worksheets/sheet1.xml line 3: bad boolean 'ạạạạạạ?\?' in cell 'A1'", 0},
    {"unknown cell type", NULL, SHEET("<row r=\"1\"><c r=\"A1\" t=\"x\"><v>2</v></c></row>"),
     DV_EINVAL, "xl/worksheets/sheet1.xml line 3: unknown type 'x' of cell 'A1'", 0},
    {"NUL escape", NULL,
     SHEET("<row r=\"1\"><c r=\"C1\" t=\"inlineStr\"><is><t>a_x0000_</t></is></c></row>"),
     DV_EINVAL, "xl/worksheets/sheet1.xml line 3: invalid character escape in cell 'C1'", 0},
    {"lone surrogate escape", SST("<si><t>_xD83D_</t></si>"), SHEET(""), DV_EINVAL,
     "xl/sharedStrings.xml line 3: invalid character escape in shared string", 0},
    {"wrong root", NULL, XML_DECL "<sst xmlns=\"" NS_MAIN "\"/>", DV_EINVAL,
     "xl/worksheets/sheet1.xml line 2: unexpected root element 'sst'", 0},
    {"column past the default limit", NULL,
     SHEET("<row r=\"1\"><c r=\"BL1\"><v>1</v></c><c r=\"BM1\"/></row>\n"
           "<row r=\"2\"><c r=\"BM2\"><v>1</v></c></row>"),
     DV_ELIMIT, "xl/worksheets/sheet1.xml line 4: cell 'BM2' is beyond the limit of 64 columns", 1},
};

static void test_bad_books(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t i, len;
	char *data;

	(void)state;
	for (i = 0; i < sizeof(bad_books) / sizeof(bad_books[0]); i++) {
		const struct bad *b = &bad_books[i];

		print_message("%s\n", b->what);
		data = book(b->sst, b->sheet, &len);
		assert_int_equal(read_rows(data, len, NULL, &g, &e), b->code);
		assert_int_equal(e.code, b->code);
		assert_string_equal(e.detail, b->detail);
		assert_int_equal(g.rows, b->rows);
		strbuf_release(&g.sb);
		free(data);
	}
}

static void expect_parts(const struct part *parts, size_t n, const struct xlsx_options *o,
                         enum dv_err code, const char *detail, const char *rows)
{
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t len;
	char *data = zip_build(parts, n, false, &len);

	assert_int_equal(read_rows(data, len, o, &g, &e), code);
	assert_string_equal(e.detail, detail);
	assert_string_equal(g.sb.buf, rows);
	strbuf_release(&g.sb);
	free(data);
}

static const char sheet_one[] = SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");

static void test_bad_packages(void **state)
{
	static const char two_sheets[] =
	    WORKBOOK(SHEET_EL("Biểu đồ", "rId2") SHEET_EL("Dữ liệu", "rId1"));
	static const char chart_rels[] = RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml") REL(
	    "rId2", "chartsheet", "chartsheets/sheet1.xml"));
	static const char out_rels[] = RELS(REL("rId1", "worksheet", "../../../etc/passwd"));
	static const char ext_rels[] =
	    RELS("<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" "
	         "Target=\"http://example.com/s.xml\" TargetMode=\"External\"/>");
	static const char no_sheets[] = WORKBOOK("");
	struct xlsx_options o = {0};
	const struct part missing_wb[] = {{"hello.txt", "xin chào", 0}};
	const struct part wb_elsewhere[] = {
	    {"_rels/.rels", RELS(REL("rId1", "officeDocument", "/book/wb.xml")), 0},
	    {"xl/workbook.xml", workbook, 0},
	};
	const struct part no_sheet_part[] = {
	    {"_rels/.rels", pkg_rels, 0},
	    {"xl/workbook.xml", workbook, 0},
	    {"xl/_rels/workbook.xml.rels", wb_rels_nosst, 0},
	};
	const struct part no_wb_rels[] = {
	    {"_rels/.rels", pkg_rels, 0},
	    {"xl/workbook.xml", workbook, 0},
	    {"xl/worksheets/sheet1.xml", sheet_one, 0},
	};
	struct part p[] = {
	    {"_rels/.rels", pkg_rels, 0},
	    {"xl/workbook.xml", two_sheets, 0},
	    {"xl/_rels/workbook.xml.rels", chart_rels, 0},
	    {"xl/worksheets/sheet1.xml", sheet_one, 0},
	    {"xl/chartsheets/sheet1.xml", "<chartsheet/>", 0},
	};

	(void)state;
	expect_parts(missing_wb, 1, NULL, DV_EINVAL,
	             "workbook part 'xl/workbook.xml' not found: the file is not an .xlsx workbook",
	             "");
	expect_parts(wb_elsewhere, 2, NULL, DV_EINVAL,
	             "workbook part 'book/wb.xml' not found: the file is not an .xlsx workbook",
	             "");
	expect_parts(no_sheet_part, 3, NULL, DV_EINVAL,
	             "part 'xl/worksheets/sheet1.xml' not found in the file", "");
	expect_parts(no_wb_rels, 3, NULL, DV_EINVAL,
	             "part 'xl/_rels/workbook.xml.rels' not found in the file", "");

	/* the first sheet is the first worksheet; a chart sheet asked by name is refused */
	expect_parts(p, 5, NULL, DV_OK, "", "1:1\n");
	o.sheet = "Biểu đồ";
	expect_parts(p, 5, &o, DV_EINVAL,
	             "xl/workbook.xml line 3: sheet 'Biểu đồ' is not a worksheet", "");
	o.sheet = "Dữ liệu";
	expect_parts(p, 5, &o, DV_OK, "", "1:1\n");

	/* targets outside the package */
	p[1].data = workbook;
	p[2].data = out_rels;
	expect_parts(
	    p, 5, NULL, DV_EINVAL,
	    "xl/workbook.xml line 3: sheet 'Trang 1' has a bad target '../../../etc/passwd'", "");
	p[2].data = ext_rels;
	expect_parts(p, 5, NULL, DV_EINVAL,
	             "xl/workbook.xml line 3: sheet 'Trang 1' has a bad target "
	             "'http://example.com/s.xml'",
	             "");
	p[1].data = no_sheets;
	expect_parts(p, 5, NULL, DV_EINVAL, "the workbook has no worksheet", "");
}

static void test_not_zip(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t len;
	char *data = book(NULL, sheet_one, &len);

	(void)state;
	assert_int_equal(read_rows("xin chào", 9, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "the file is not an .xlsx workbook (not a zip)");
	strbuf_release(&g.sb);
	assert_int_equal(read_rows(NULL, 0, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "the file is not an .xlsx workbook (not a zip)");
	strbuf_release(&g.sb);
	assert_int_equal(read_rows("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail,
	                    "the file is an old .xls or an encrypted workbook, not .xlsx");
	strbuf_release(&g.sb);

	/* the whole file reads */
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "1:1\n");
	strbuf_release(&g.sb);
	/* truncated: the end of central directory is gone */
	assert_int_equal(read_rows(data, len - 1, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "the file is not a readable zip: Not a zip archive");
	assert_int_equal(g.rows, 0);
	strbuf_release(&g.sb);
	assert_int_equal(read_rows(data, len / 2, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "the file is not a readable zip: Not a zip archive");
	strbuf_release(&g.sb);
	assert_int_equal(read_rows(data, 4, NULL, &g, &e), DV_EINVAL);
	assert_memory_equal(e.detail, "the file is not a readable zip", 30);
	strbuf_release(&g.sb);
	free(data);
}

/* An entry that declares a huge size, one that inflates past what it declares, a bad CRC. */
static void test_zip_bombs(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct xlsx_options o = {0};
	struct got g;
	size_t len, big = 300000, i;
	char *sheet = malloc(big + 200), *data, want[128];
	struct part parts[] = {
	    {"_rels/.rels", pkg_rels, 0},
	    {"xl/workbook.xml", workbook, 0},
	    {"xl/_rels/workbook.xml.rels", wb_rels_nosst, 0},
	    {"xl/worksheets/sheet1.xml", NULL, 0},
	};

	(void)state;
	data = book(NULL, sheet_one, &len);
	patch_size(data, len, "xl/worksheets/sheet1.xml", 0xFFFFFFF0u);
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail, "'xl/worksheets/sheet1.xml' declares 4294967280 bytes, over "
	                              "the limit of 67108864");
	assert_int_equal(g.rows, 0);
	strbuf_release(&g.sb);
	free(data);

	/* a sheet of 300000 bytes, mostly blanks between rows, that claims 100 */
	assert_non_null(sheet);
	i = (size_t)snprintf(sheet, 200,
	                     "<worksheet xmlns=\"%s\"><sheetData>"
	                     "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
	                     NS_MAIN);
	memset(sheet + i, ' ', big - i);
	snprintf(sheet + big, 200,
	         "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"
	         "</sheetData></worksheet>");
	parts[3].data = sheet;
	data = zip_build(parts, 4, false, &len);
	assert_true(len < 10000); /* it did compress */
	o.max_entry_size = 4096;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	snprintf(want, sizeof(want),
	         "'xl/worksheets/sheet1.xml' declares %zu bytes, over the limit of 4096",
	         strlen(sheet));
	assert_string_equal(e.detail, want);
	strbuf_release(&g.sb);
	/* claiming 100 bytes: reading stops at the 101st */
	patch_size(data, len, "xl/worksheets/sheet1.xml", 100);
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "'xl/worksheets/sheet1.xml' inflates to more than the 100 "
	                              "bytes it declares");
	assert_int_equal(g.rows, 0);
	strbuf_release(&g.sb);
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "'xl/worksheets/sheet1.xml' inflates to more than the 100 "
	                              "bytes it declares");
	strbuf_release(&g.sb);
	/* claiming more than it has is refused too, at the end */
	patch_size(data, len, "xl/worksheets/sheet1.xml", 400000);
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_EINVAL);
	snprintf(want, sizeof(want),
	         "'xl/worksheets/sheet1.xml' has %zu bytes, not the 400000 it declares",
	         strlen(sheet));
	assert_string_equal(e.detail, want);
	strbuf_release(&g.sb);
	free(data);
	free(sheet);

	/* a stored (uncompressed) sheet with one byte changed fails its CRC */
	parts[3].data = SHEET("<row r=\"1\"><c r=\"A1\"><v>12345</v></c></row>");
	data = zip_build(parts, 4, true, &len);
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "1:12345\n");
	strbuf_release(&g.sb);
	{
		char *v = memmem(data, len, "<v>12345", 8);

		assert_non_null(v);
		v[3] = '9';
	}
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "reading 'xl/worksheets/sheet1.xml' failed: CRC error");
	strbuf_release(&g.sb);
	free(data);
}

static void test_stop(void **state)
{
	static const char sheet[] = SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
	                                  "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>\n"
	                                  "<row r=\"3\"><c r=\"A3\"><v>3</v></c></row>\n");
	struct dv_error e = DV_ERROR_INIT;
	struct got g;
	size_t len;
	char *data = book(NULL, sheet, &len);

	(void)state;
	memset(&g, 0, sizeof(g));
	strbuf_init(&g.sb, 0, 0);
	g.stop_at = 2;
	g.stop_code = DV_ECONFLICT;
	assert_int_equal(xlsx_read(data, len, NULL, collect, &g, &e), DV_ECONFLICT);
	assert_string_equal(
	    e.detail, "xl/worksheets/sheet1.xml line 4: reading stopped by the caller at row 2");
	assert_string_equal(g.sb.buf, "1:1\n2:2\n");
	strbuf_release(&g.sb);

	/* the callback's own detail is kept */
	dv_error_clear(&e);
	g.rows = 0;
	g.e = &e;
	g.stop_code = DV_EINVAL;
	g.own_detail = "row 2: unit 'X' unknown";
	assert_int_equal(xlsx_read(data, len, NULL, collect, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "row 2: unit 'X' unknown");
	strbuf_release(&g.sb);

	/* a value that is no error code */
	dv_error_clear(&e);
	g.rows = 0;
	g.own_detail = NULL;
	g.stop_at = 1;
	g.stop_code = -1;
	assert_int_equal(xlsx_read(data, len, NULL, collect, &g, &e), DV_EINVAL);
	assert_int_equal(g.rows, 1);
	strbuf_release(&g.sb);

	/* no callback */
	dv_error_clear(&e);
	assert_int_equal(xlsx_read(data, len, NULL, NULL, NULL, &e), DV_EINVAL);
	/* e may be NULL */
	assert_int_equal(xlsx_read("x", 1, NULL, collect, &g, NULL), DV_EINVAL);
	free(data);
}

static void test_limits_hand_built(void **state)
{
	static const char sst[] = SST("<si><t>12345</t></si><si><t>123456</t></si>");
	static const char sheet[] =
	    SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	          "<c r=\"B1\" t=\"inlineStr\"><is><t>a_x0041_bcd</t></is></c></row>\n"
	          "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><r><t>abc</t></r><r><t>def</t></r>"
	          "</is></c></row>\n"
	          "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c></row>\n");
	struct dv_error e = DV_ERROR_INIT;
	struct xlsx_options o = {0};
	struct got g;
	size_t len;
	char *data = book(sst, sheet, &len);

	(void)state;
	assert_int_equal(read_rows(data, len, NULL, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "1:12345|aAbcd\n2:abcdef\n3:123456\n");
	strbuf_release(&g.sb);
	/* the limit counts decoded bytes, across rich-text runs */
	o.max_cell_len = 5;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail,
	                    "xl/worksheets/sheet1.xml line 4: cell 'A2' is longer than 5 bytes");
	assert_string_equal(g.sb.buf, "1:12345|aAbcd\n");
	strbuf_release(&g.sb);
	o.max_cell_len = 6;
	o.max_rows = 2;
	assert_int_equal(read_rows(data, len, &o, &g, &e), DV_ELIMIT);
	assert_string_equal(e.detail,
	                    "xl/worksheets/sheet1.xml line 5: row 3 is beyond the limit of 2 rows");
	strbuf_release(&g.sb);
	free(data);
}

static void test_serial_date(void **state)
{
	static const struct {
		const char *cell;
		int y, m, d;
	} good[] = {
	    {"1", 1900, 1, 1},      {"31", 1900, 1, 31},       {"59", 1900, 2, 28},
	    {"61", 1900, 3, 1},     {"366", 1900, 12, 31},     {"367", 1901, 1, 1},
	    {"36526", 2000, 1, 1},  {"45992", 2025, 12, 1},    {"45992.75", 2025, 12, 1},
	    {"45658.", 2025, 1, 1}, {"2958465", 9999, 12, 31}, {"0045992", 2025, 12, 1},
	};
	static const char *const bad[] = {
	    "",       "0",  "60",  "-1",        "2958466", "99999999999999999999", "1e3", "45992 ",
	    " 45992", ".5", "abc", "45992.5.1", "4599x",
	};
	size_t i;
	int y, m, d;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		y = m = d = 0;
		assert_true(xlsx_serial_date(good[i].cell, &y, &m, &d));
		assert_int_equal(y, good[i].y);
		assert_int_equal(m, good[i].m);
		assert_int_equal(d, good[i].d);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		y = m = d = 7;
		print_message("%s\n", bad[i]);
		assert_false(xlsx_serial_date(bad[i], &y, &m, &d));
		assert_int_equal(y + m + d, 21);
	}
	assert_false(xlsx_serial_date(NULL, &y, &m, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_written),        cmocka_unit_test(test_written_inline),
	    cmocka_unit_test(test_written_limits), cmocka_unit_test(test_hand_built),
	    cmocka_unit_test(test_bad_books),      cmocka_unit_test(test_bad_packages),
	    cmocka_unit_test(test_not_zip),        cmocka_unit_test(test_zip_bombs),
	    cmocka_unit_test(test_stop),           cmocka_unit_test(test_limits_hand_built),
	    cmocka_unit_test(test_serial_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
