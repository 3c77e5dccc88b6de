/* test_csv.c: CSV records, quoting, line ends, limits and refusals; the injection-safe writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/err.h"
#include "base/strbuf.h"

/* Rows as text, "row:A|B|~" per line, ~ for an empty cell. */
struct got {
	struct strbuf sb;
	unsigned rows;
	unsigned stop_at; /* return stop_code at this row count; 0 = never */
	int stop_code;
	struct dv_error *e;
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

/* Read s[0..len) (len 0: strlen) and compare code, detail ("" when fine) and rows. */
static void expect_at(int line, const char *s, size_t len, const struct csv_options *o,
                      enum dv_err code, const char *detail, const char *rows)
{
	struct dv_error e = DV_ERROR_INIT;
	struct got g;

	memset(&g, 0, sizeof(g));
	strbuf_init(&g.sb, 0, 0);
	_assert_int_equal(csv_read(s, len ? len : strlen(s), o, collect, &g, &e), code, __FILE__,
	                  line);
	_assert_int_equal(e.code, code, __FILE__, line);
	_assert_string_equal(e.detail, detail, __FILE__, line);
	_assert_string_equal(g.sb.buf, rows, __FILE__, line);
	strbuf_release(&g.sb);
}
#define expect(...) expect_at(__LINE__, __VA_ARGS__)

static void test_records(void **state)
{
	(void)state;
	/* CRLF and LF, an empty line counted but not delivered, quotes, a field over two lines */
	expect("a,b,c\r\n1,,3\n\n\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\nlast", 0, NULL,
	       DV_OK, "", "1:a|b|c\n2:1|~|3\n4:x, y|say \"hi\"|line1\r\nline2\n5:last\n");
	/* trailing empty fields are not counted; an all-empty record is no row */
	expect("a,,\n,,\n,b,\n", 0, NULL, DV_OK, "", "1:a\n3:~|b\n");
	/* a lone CR ends a record too; no line end at the end of the file */
	expect("a\rb\r\nc", 0, NULL, DV_OK, "", "1:a\n2:b\n3:c\n");
	/* a quoted empty field is empty; a quote inside an unquoted field is a character */
	expect("\"\",x\n5\" pipe,y\n", 0, NULL, DV_OK, "", "1:~|x\n2:5\" pipe|y\n");
	/* spaces are data */
	expect(" a , b \n", 0, NULL, DV_OK, "", "1: a | b \n");
	/* nothing at all */
	expect("", 0, NULL, DV_OK, "", "");
	expect("\xEF\xBB\xBF", 0, NULL, DV_OK, "", "");
	expect("\r\n\n\r", 0, NULL, DV_OK, "", "");
	/* a quoted field at the very end, and a final separator */
	expect("a,\"b\"", 0, NULL, DV_OK, "", "1:a|b\n");
	expect("a,\n", 0, NULL, DV_OK, "", "1:a\n");
}

static void test_bom_and_separator(void **state)
{
	struct csv_options o = {.sep = ';'};
	static const char text[] = "\xEF\xBB\xBFHọ tên;Xã\r\nNguyễn Văn Ánh;\"Phường; Ba Đình\"\r\n"
	                           "\"Lê, Thị\";Đống Đa\r\n";

	(void)state;
	expect(text, 0, &o, DV_OK, "",
	       "1:Họ tên|Xã\n2:Nguyễn Văn Ánh|Phường; Ba Đình\n3:Lê, Thị|Đống Đa\n");
	/* with the default comma, semicolons are data */
	expect("\xEF\xBB\xBFHọ tên;Xã\r\nBa Đình;\"Phường\",x\r\n", 0, NULL, DV_OK, "",
	       "1:Họ tên;Xã\n2:Ba Đình;\"Phường\"|x\n");
	o.sep = '\t';
	expect("a\tb,c\n", 0, &o, DV_OK, "", "1:a|b,c\n");
	/* only the BOM at the very start is skipped */
	expect("a\n\xEF\xBB\xBF"
	       "b\n",
	       0, NULL, DV_OK, "",
	       "1:a\n2:\xEF\xBB\xBF"
	       "b\n");
	o.sep = '"';
	expect("a", 0, &o, DV_EINVAL, "csv separator 0x22 is not supported", "");
	o.sep = '\n';
	expect("a", 0, &o, DV_EINVAL, "csv separator 0x0a is not supported", "");
}

static void test_refused(void **state)
{
	(void)state;
	expect("a\n\"abc\nd", 0, NULL, DV_EINVAL, "csv row 2: quote not closed in cell 'A2'",
	       "1:a\n");
	expect("x,\"ab\"c,d", 0, NULL, DV_EINVAL,
	       "csv row 1: text after the closing quote in cell 'B1'", "");
	expect("x,\"ab\" ,d", 0, NULL, DV_EINVAL,
	       "csv row 1: text after the closing quote in cell 'B1'", "");
	expect("ok\nx,\xC3\x28\n", 0, NULL, DV_EINVAL, "csv row 2: invalid UTF-8 in cell 'B2'",
	       "1:ok\n");
	/* the row is where the record starts */
	expect("a\n\"two\nlines\",\"\xE1\xBA\n\"", 0, NULL, DV_EINVAL,
	       "csv row 2: invalid UTF-8 in cell 'B2'", "1:a\n");
	expect("\xED\xA0\x80", 0, NULL, DV_EINVAL, "csv row 1: invalid UTF-8 in cell 'A1'", "");
	expect("\xC0\xAF", 0, NULL, DV_EINVAL, "csv row 1: invalid UTF-8 in cell 'A1'", "");
	expect("a\0b", 3, NULL, DV_EINVAL, "csv row 1: NUL byte in cell 'A1'", "");
	/* an empty file with one NUL is one bad field */
	expect("\"\0\"", 3, NULL, DV_EINVAL, "csv row 1: NUL byte in cell 'A1'", "");
}

static void test_limits(void **state)
{
	struct csv_options o = {.max_cols = 2};
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	int i;

	(void)state;
	expect("a,b,,\n", 0, &o, DV_OK, "", "1:a|b\n");
	expect("a,b\nc,d,e\n", 0, &o, DV_ELIMIT, "csv row 2: more than 2 columns in cell 'C2'",
	       "1:a|b\n");
	o.max_cols = 0;
	o.max_cell_len = 3;
	expect("abc,\"a\"\"b\"\n", 0, &o, DV_OK, "", "1:abc|a\"b\n");
	expect("abcd\n", 0, &o, DV_ELIMIT, "csv row 1: field longer than 3 bytes in cell 'A1'", "");
	expect("x,\"ab\"\"c\"\n", 0, &o, DV_ELIMIT,
	       "csv row 1: field longer than 3 bytes in cell 'B1'", "");
	expect("x,\"abcd\"\n", 0, &o, DV_ELIMIT,
	       "csv row 1: field longer than 3 bytes in cell 'B1'", "");
	o.max_cell_len = 0;
	o.max_rows = 2;
	expect("a\nb\n\n,\nc\n", 0, &o, DV_ELIMIT, "csv row 5: more than 2 rows", "1:a\n2:b\n");

	/* the defaults: 64 columns pass, a 65th does not */
	strbuf_addstr(&want, "1:");
	for (i = 0; i < 64; i++) {
		strbuf_addstr(&in, i ? ",x" : "x");
		strbuf_addstr(&want, i ? "|x" : "x");
	}
	strbuf_addch(&want, '\n');
	expect(in.buf, 0, NULL, DV_OK, "", want.buf);
	strbuf_addstr(&in, ",y");
	expect(in.buf, 0, NULL, DV_ELIMIT, "csv row 1: more than 64 columns in cell 'BM1'", "");

	/* and 32 KiB per cell, quoted or not */
	strbuf_reset(&in);
	strbuf_reset(&want);
	for (i = 0; i < 32768; i++)
		strbuf_addch(&in, 'x');
	strbuf_addf(&want, "1:%s\n", in.buf);
	expect(in.buf, 0, NULL, DV_OK, "", want.buf);
	strbuf_addch(&in, 'x');
	expect(in.buf, 0, NULL, DV_ELIMIT, "csv row 1: field longer than 32768 bytes in cell 'A1'",
	       "");
	strbuf_reset(&in);
	strbuf_addch(&in, '"');
	for (i = 0; i < 32768; i++)
		strbuf_addstr(&in, "\"\"");
	strbuf_addstr(&in, "x\"");
	expect(in.buf, 0, NULL, DV_ELIMIT, "csv row 1: field longer than 32768 bytes in cell 'A1'",
	       "");
	strbuf_release(&in);
	strbuf_release(&want);
}

static void test_stop(void **state)
{
	static const char text[] = "1\n2\n3\n";
	struct dv_error e = DV_ERROR_INIT;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof(g));
	strbuf_init(&g.sb, 0, 0);
	g.stop_at = 2;
	g.stop_code = DV_ECONFLICT;
	assert_int_equal(csv_read(text, strlen(text), NULL, collect, &g, &e), DV_ECONFLICT);
	assert_string_equal(e.detail, "csv row 2: reading stopped by the caller");
	assert_string_equal(g.sb.buf, "1:1\n2:2\n");
	strbuf_release(&g.sb);

	dv_error_clear(&e);
	g.rows = 0;
	g.e = &e;
	g.stop_code = DV_EINVAL;
	g.own_detail = "row 2: commune '99' unknown";
	assert_int_equal(csv_read(text, strlen(text), NULL, collect, &g, &e), DV_EINVAL);
	assert_string_equal(e.detail, "row 2: commune '99' unknown");
	strbuf_release(&g.sb);

	dv_error_clear(&e);
	g.rows = 0;
	g.own_detail = NULL;
	g.stop_at = 3;
	g.stop_code = 12345;
	assert_int_equal(csv_read(text, strlen(text), NULL, collect, &g, &e), DV_EINVAL);
	assert_int_equal(g.rows, 3);
	strbuf_release(&g.sb);

	assert_int_equal(csv_read(text, strlen(text), NULL, NULL, NULL, NULL), DV_EINVAL);
}

static void test_writer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct dv_error e = DV_ERROR_INIT;
	struct got g;

	(void)state;
	csv_field(&sb, "Hà Nội");
	csv_field(&sb, "a,b");
	csv_field(&sb, "say \"hi\"");
	csv_field(&sb, NULL);
	csv_field(&sb, "=1+2");
	csv_row_end(&sb);
	csv_field(&sb, "");
	csv_field(&sb, "-5");
	csv_field(&sb, "+84 912");
	csv_field(&sb, "@SUM(A1)");
	csv_field(&sb, "\tx");
	csv_field(&sb, "\rx");
	csv_field(&sb, "a\nb");
	csv_field(&sb, " lead");
	csv_field(&sb, "x;y");
	csv_field(&sb, "=\"a\"");
	csv_field(&sb, "5=5");
	csv_row_end(&sb);
	csv_field(&sb, NULL);
	csv_row_end(&sb);
	assert_string_equal(sb.buf,
	                    "Hà Nội,\"a,b\",\"say \"\"hi\"\"\",,'=1+2\r\n"
	                    "\"\",'-5,'+84 912,'@SUM(A1),\"'\tx\",\"'\rx\",\"a\nb\",\" lead\","
	                    "\"x;y\",\"'=\"\"a\"\"\",5=5\r\n"
	                    "\"\"\r\n");

	/* what the writer wrote, the reader reads back (apostrophes stay: they are data) */
	memset(&g, 0, sizeof(g));
	strbuf_init(&g.sb, 0, 0);
	assert_int_equal(csv_read(sb.buf, sb.len, NULL, collect, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf,
	                    "1:Hà Nội|a,b|say \"hi\"|~|'=1+2\n"
	                    "2:~|'-5|'+84 912|'@SUM(A1)|'\tx|'\rx|a\nb| lead|x;y|'=\"a\"|5=5\n");
	strbuf_release(&g.sb);
	strbuf_release(&sb);

	/* a first cell starting with U+FEFF is quoted, or the reader would drop it as a BOM
	 * (found by fuzz/fuzz_csv) */
	csv_field(&sb, "\xEF\xBB\xBFx");
	csv_row_end(&sb);
	assert_string_equal(sb.buf, "\"\xEF\xBB\xBFx\"\r\n");
	memset(&g, 0, sizeof(g));
	strbuf_init(&g.sb, 0, 0);
	assert_int_equal(csv_read(sb.buf, sb.len, NULL, collect, &g, &e), DV_OK);
	assert_string_equal(g.sb.buf, "1:\xEF\xBB\xBFx\n");
	strbuf_release(&g.sb);
	strbuf_release(&sb);

	/* a capped buffer fails stickily */
	strbuf_init(&sb, 4, 0);
	csv_field(&sb, "abcdef");
	assert_true(sb.failed);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_records), cmocka_unit_test(test_bom_and_separator),
	    cmocka_unit_test(test_refused), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_stop),    cmocka_unit_test(test_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
