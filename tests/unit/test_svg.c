/* test_svg.c: the SVG writer: well-formed (xmllint), round ticks, escaping, one path per region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "web/svg.h"

/* xmllint's verdict on the buffer (0 = well-formed); its complaints go to the test's stderr. */
static int xmllint(const struct strbuf *sb)
{
	char path[] = "/tmp/danvan-test-svg-XXXXXX";
	int fd = mkstemp(path), status = -1;
	pid_t pid;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, sb->buf, sb->len), (ssize_t)sb->len);
	close(fd);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("xmllint", "xmllint", "--noout", path, (char *)NULL);
		_exit(127); /* xmllint missing: libxml2-utils (make deps) */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		fail_msg("xmllint not found: install libxml2-utils (make deps)");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* ---- ticks and numbers ---- */

static bool round_step(double step)
{
	double mag = pow(10, floor(log10(step) + 1e-9)), norm = step / mag;

	return fabs(norm - 1) < 1e-9 || fabs(norm - 2) < 1e-9 || fabs(norm - 2.5) < 1e-9 ||
	       fabs(norm - 5) < 1e-9;
}

static void test_ticks(void **state)
{
	static const double ranges[][2] = {
	    {0, 7}, {0, 0},     {0, 1234},  {-3, 17}, {0, 0.37},   {12, 13}, {0, 1},
	    {0, 2}, {0, 99999}, {-50, -10}, {0, 3e9}, {0.5, 0.52}, {0, 100}, {1, 1000000}};
	struct svg_ticks t;
	size_t i;
	int b, k;

	(void)state;
	svg_nice_ticks(0, 7, 5, true, &t);
	assert_true(t.lo == 0 && t.hi == 8 && t.step == 2 && t.n == 5 && t.decimals == 0);
	svg_nice_ticks(0, 1234, 5, true, &t);
	assert_true(t.lo == 0 && t.hi == 1250 && t.step == 250 && t.n == 6);
	svg_nice_ticks(0, 0, 5, true, &t);
	assert_true(t.lo == 0 && t.hi == 1 && t.step == 1 && t.n == 2);
	svg_nice_ticks(0, 1, 4, false, &t);
	assert_true(t.step == 0.25 && t.decimals == 2);
	svg_nice_ticks(0, 2, 5, true, &t);
	assert_true(t.step == 1 && t.hi == 2); /* counts: never half a case */
	svg_nice_ticks(NAN, INFINITY, 5, false, &t);
	assert_true(t.lo == 0 && t.hi == 1);
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		for (b = 0; b < 2; b++) {
			double lo = ranges[i][0], hi = ranges[i][1];

			svg_nice_ticks(lo, hi, 5, b, &t);
			/* the ticks cover the data, on round steps, a readable number of them */
			assert_true(t.lo <= lo + 1e-12);
			assert_true(t.hi >= hi - 1e-12);
			assert_true(round_step(t.step));
			assert_true(t.n >= 2 && t.n <= 12);
			assert_true(fabs(t.lo + (t.n - 1) * t.step - t.hi) < t.step * 1e-6);
			for (k = 0; k < t.n; k++) {
				double v = (t.lo + k * t.step) / t.step;

				assert_true(fabs(v - round(v)) < 1e-6);
			}
			if (b)
				assert_true(t.step >= 1 && t.step == floor(t.step));
		}
	}
}

static void test_numbers(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	svg_number(&sb, 1234567.891, 1, SVG_NUM_VI);
	assert_string_equal(sb.buf, "1.234.567,9");
	strbuf_reset(&sb);
	svg_number(&sb, 1234567.891, 2, SVG_NUM_EN);
	assert_string_equal(sb.buf, "1,234,567.89");
	strbuf_reset(&sb);
	svg_number(&sb, -1000, 0, SVG_NUM_VI);
	assert_string_equal(sb.buf, "-1.000");
	strbuf_reset(&sb);
	svg_number(&sb, -0.04, 1, SVG_NUM_EN);
	assert_string_equal(sb.buf, "0.0");
	strbuf_reset(&sb);
	svg_number(&sb, 999, 0, (struct svg_num){0, 0});
	assert_string_equal(sb.buf, "999");
	strbuf_reset(&sb);
	svg_number(&sb, NAN, 0, SVG_NUM_VI);
	assert_string_equal(sb.buf, "—");
	strbuf_release(&sb);
}

/* ---- charts ---- */

static const char *const months[12] = {"T1/2026", "T2/2026",  "T3/2026",  "T4/2026",
                                       "T5/2026", "T6/2026",  "T7/2026",  "T8/2026",
                                       "T9/2026", "T10/2026", "T11/2026", "T12/2026"};

static void test_line_chart(void **state)
{
	double received[12] = {12, 30, 18, 0, 45, 51, NAN, 20, 22, 17, 9, 1234};
	double settled[12] = {10, 25, 18, 2, 40, 50, 33, 19, 21, 15, 9, 1000};
	struct svg_series series[2] = {{"Tiếp nhận", received}, {"Đã giải quyết", settled}};
	struct svg_chart c = {
	    .id = "cases-month",
	    .title = "Vụ việc theo tháng",
	    .desc = "Số vụ việc tiếp nhận và đã giải quyết, 12 tháng",
	    .categories = months,
	    .ncat = 12,
	    .series = series,
	    .nseries = 2,
	    .unit = "vụ việc",
	    .num = SVG_NUM_VI,
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	svg_line_chart(&sb, &c);
	assert_false(sb.failed);
	assert_int_equal(xmllint(&sb), 0);
	assert_non_null(strstr(sb.buf,
	                       "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\""
	                       " viewBox=\"0 0 640 320\""));
	assert_non_null(strstr(sb.buf, "role=\"img\" aria-labelledby=\"cases-month-title\" "
	                               "aria-describedby=\"cases-month-desc\""));
	assert_non_null(
	    strstr(sb.buf, "<title id=\"cases-month-title\">Vụ việc theo tháng</title>"));
	assert_non_null(strstr(sb.buf, "<desc id=\"cases-month-desc\">"));
	/* a point per value, the gap left out; one path per series (the gap: a new subpath) */
	assert_int_equal(count(sb.buf, "<circle"), 23);
	assert_int_equal(count(sb.buf, "<path"), 2);
	assert_non_null(strstr(sb.buf, "<title>T12/2026 — Tiếp nhận: 1.234 vụ việc</title>"));
	/* round ticks up to 1.250, in Vietnamese digits */
	assert_non_null(strstr(sb.buf, ">1.250</text>"));
	assert_null(strstr(sb.buf, "style="));
	assert_null(strstr(sb.buf, "<script"));
	strbuf_release(&sb);
}

static void test_bar_charts(void **state)
{
	static const char *const units[4] = {"Phường Ba Đình", "Phường Hoàn Kiếm",
	                                     "Xã Sóc Sơn với một cái tên rất dài để bị cắt ngắn",
	                                     "Đặc khu"};
	static const char *const hrefs[4] = {"/dashboard?area=00004&period=2026",
	                                     "javascript:alert(1)", "//evil.example/x", NULL};
	double v[4] = {3, -2, 7.5, NAN};
	struct svg_series s = {NULL, v};
	struct svg_chart c = {
	    .id = "by-unit",
	    .title = "Theo đơn vị",
	    .categories = units,
	    .hrefs = hrefs,
	    .ncat = 4,
	    .series = &s,
	    .nseries = 1,
	    .decimals = 1,
	    .num = SVG_NUM_EN,
	};
	struct strbuf sb = STRBUF_INIT;
	int h;

	(void)state;
	for (h = 0; h < 2; h++) {
		c.horizontal = h;
		strbuf_reset(&sb);
		svg_bar_chart(&sb, &c);
		assert_false(sb.failed);
		assert_int_equal(xmllint(&sb), 0);
		assert_int_equal(count(sb.buf, "<rect"), 3);
		/* the one good link, its & escaped; the script and the other site dropped */
		assert_int_equal(count(sb.buf, "<a href="), 1);
		assert_non_null(
		    strstr(sb.buf, "<a href=\"/dashboard?area=00004&amp;period=2026\">"));
		assert_null(strstr(sb.buf, "javascript"));
		assert_null(strstr(sb.buf, "evil"));
		assert_non_null(strstr(sb.buf, "<title>Phường Hoàn Kiếm: -2.0</title>"));
		assert_non_null(strstr(sb.buf, "…</text>"));
		assert_null(strstr(sb.buf, "aria-describedby")); /* no desc given */
	}
	strbuf_release(&sb);
}

static void test_hostile_labels(void **state)
{
	static const char *const cats[2] = {"<script>alert(1)</script>",
	                                    "a & b \"c\" 'd' ]]> \x01\x1f"};
	double v[2] = {1, 2};
	struct svg_series s = {"</title><svg onload=alert(1)>", v};
	struct svg_chart c = {
	    .id = "x\" onload=\"alert(1)",
	    .title = "<b>title</b> & \x02",
	    .desc = "desc ]]> <!-- -->",
	    .categories = cats,
	    .ncat = 2,
	    .series = &s,
	    .nseries = 1,
	    .unit = "<i>u</i>",
	};
	struct svg_region r[2] = {
	    {"M0 0l10 0 0 10z", 0, 0, 10, 10, false, SVG_VALUE, 1, "/a?x=<y>&z=\"1\"",
	     "<img src=x onerror=alert(1)>"},
	    {"M0 0l10 0 0 10z\"/><script>x</script>", 0, 0, 10, 10, false, SVG_NO_DATA, 0, NULL,
	     "&amp;"},
	};
	struct svg_map m = {
	    .id = "m",
	    .title = "<map>",
	    .regions = r,
	    .n = 2,
	    .legend_title = "</text><script>",
	    .no_data_label = "<none>",
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	svg_line_chart(&sb, &c);
	svg_bar_chart(&sb, &c);
	assert_false(sb.failed);
	assert_null(strstr(sb.buf, "<script"));
	assert_null(strstr(sb.buf, "<b>"));
	assert_null(strstr(sb.buf, "onload=\"")); /* a bad id falls back to "svg" */
	assert_null(strstr(sb.buf, "\x01"));
	assert_non_null(strstr(sb.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(sb.buf, "a &amp; b &quot;c&quot; &apos;d&apos; ]]&gt;"));
	assert_non_null(strstr(sb.buf, "aria-labelledby=\"svg-title\""));
	strbuf_reset(&sb);
	svg_line_chart(&sb, &c);
	assert_int_equal(xmllint(&sb), 0);
	strbuf_reset(&sb);
	svg_bar_chart(&sb, &c);
	assert_int_equal(xmllint(&sb), 0);
	strbuf_reset(&sb);
	svg_choropleth(&sb, &m);
	assert_false(sb.failed);
	assert_int_equal(xmllint(&sb), 0);
	assert_null(strstr(sb.buf, "<script"));
	assert_null(strstr(sb.buf, "<img"));
	assert_non_null(strstr(sb.buf, "<a href=\"/a?x=&lt;y&gt;&amp;z=&quot;1&quot;\">"));
	assert_non_null(strstr(sb.buf, "<title>&amp;amp;: &lt;none&gt;</title>"));
	strbuf_release(&sb);
}

static void test_programming_errors(void **state)
{
	struct svg_chart c = {.title = NULL};
	struct svg_map m = {.title = "t", .n = 3, .regions = NULL};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	svg_line_chart(&sb, &c);
	assert_true(sb.failed);
	strbuf_reset(&sb);
	svg_choropleth(&sb, &m);
	assert_true(sb.failed);
	strbuf_release(&sb);
}

/* ---- choropleth ---- */

static void test_class_breaks(void **state)
{
	double v[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, b[SVG_MAX_CLASSES + 2];
	double same[3] = {4, 4, 4}, skew[6] = {0, 0, 0, 5, 5, 5}, odd[3] = {0, 3, NAN};
	int k;

	(void)state;
	k = svg_class_breaks(v, 10, 5, SVG_QUANTILES, true, b);
	assert_int_equal(k, 5);
	assert_true(b[0] == 1 && b[1] == 3 && b[2] == 5 && b[3] == 7 && b[4] == 9 && b[5] == 10);
	assert_int_equal(svg_class_of(b, k, 1), 0);
	assert_int_equal(svg_class_of(b, k, 2), 0);
	assert_int_equal(svg_class_of(b, k, 3), 1);
	assert_int_equal(svg_class_of(b, k, 10), 4);
	k = svg_class_breaks(v, 10, 3, SVG_EQUAL_INTERVALS, false, b);
	assert_int_equal(k, 3);
	assert_true(b[0] == 1 && b[1] == 4 && b[2] == 7 && b[3] == 10);
	assert_int_equal(svg_class_breaks(same, 3, 5, SVG_QUANTILES, true, b), 1);
	assert_int_equal(svg_class_breaks(v, 0, 5, SVG_QUANTILES, true, b), 0);
	/* ties: the zeros and the fives still fall in different classes */
	k = svg_class_breaks(skew, 6, 4, SVG_QUANTILES, true, b);
	assert_int_equal(k, 2);
	assert_int_equal(svg_class_of(b, k, 0), 0);
	assert_int_equal(svg_class_of(b, k, 5), 1);
	/* whole-number equal intervals of a small range */
	k = svg_class_breaks(odd, 3, 5, SVG_EQUAL_INTERVALS, true, b);
	assert_int_equal(k, 4);
	assert_true(b[0] == 0 && b[1] == 1 && b[2] == 2 && b[3] == 3 && b[4] == 3);
}

static void test_choropleth(void **state)
{
	struct svg_region r[6] = {
	    {"M0 0l100 0 0 100-100 0z", 0, 0, 100, 100, false, SVG_VALUE, 1, "/areas/00004",
	     "Phường Ba Đình"},
	    {"M100 0l100 0 0 100-100 0z", 100, 0, 200, 100, false, SVG_VALUE, 20, "/areas/00008",
	     "Phường Ngọc Hà"},
	    {"M0 100l100 0 0 100-100 0z", 0, 100, 100, 200, false, SVG_VALUE, 300, "/areas/00025",
	     "Phường Giảng Võ"},
	    {"M100 100l100 0 0 100-100 0z", 100, 100, 200, 200, false, SVG_NO_DATA, 0,
	     "/areas/00070", "Phường Hoàn Kiếm"},
	    {"M200 0l50 0 0 50-50 0z", 200, 0, 250, 50, false, SVG_SUPPRESSED, 2, "/areas/00082",
	     "Phường Cửa Nam"},
	    {"M300 300l5 0 0 5z", 300, 300, 305, 305, true, SVG_VALUE, 4000, "/areas/26732",
	     "Đặc khu Côn Đảo"},
	};
	struct svg_map m = {
	    .id = "map-01",
	    .title = "Vụ việc tiếp nhận theo xã, phường",
	    .desc = "Hà Nội, năm 2026",
	    .regions = r,
	    .n = 6,
	    .classes = 4,
	    .legend_title = "Vụ việc (phân vị)",
	    .no_data_label = "không có số liệu",
	    .suppressed_label = "dưới ngưỡng công bố",
	    .num = SVG_NUM_VI,
	};
	struct strbuf sb = STRBUF_INIT;
	char want[256];
	size_t i;

	(void)state;
	svg_choropleth(&sb, &m);
	assert_false(sb.failed);
	assert_int_equal(xmllint(&sb), 0);
	/* exactly one path per region, each inside its own link, its title first */
	assert_int_equal(count(sb.buf, "<path"), 6);
	assert_int_equal(count(sb.buf, "<a href="), 6);
	for (i = 0; i < 6; i++) {
		const char *a, *p;

		snprintf(want, sizeof(want), "<a href=\"%s\"><title>%s: ", r[i].href, r[i].title);
		a = strstr(sb.buf, want);
		assert_non_null(a);
		assert_int_equal(count(sb.buf, want), 1);
		p = strstr(a, "<path d=\"");
		assert_non_null(p);
		assert_ptr_equal(strstr(a, "</a>") > p ? p : NULL, p);
		assert_int_equal(strncmp(p + 9, r[i].path, strlen(r[i].path)), 0);
	}
	assert_non_null(strstr(sb.buf, "role=\"group\" aria-labelledby=\"map-01-title\""));
	assert_non_null(strstr(sb.buf, "<title>Phường Hoàn Kiếm: không có số liệu</title>"));
	assert_non_null(strstr(sb.buf, "<title>Phường Cửa Nam: dưới ngưỡng công bố</title>"));
	assert_non_null(strstr(sb.buf, "<title>Đặc khu Côn Đảo: 4.000</title>"));
	/* the hatch is defined once and used by the region and its legend swatch */
	assert_int_equal(count(sb.buf, "<pattern id=\"map-01-hatch\""), 1);
	assert_int_equal(count(sb.buf, "fill=\"url(#map-01-hatch)\""), 2);
	/* the inset is boxed; the legend has the classes and both marks */
	assert_int_equal(count(sb.buf, "stroke-dasharray"), 1);
	assert_non_null(strstr(sb.buf, ">Vụ việc (phân vị)</text>"));
	assert_non_null(strstr(sb.buf, ">không có số liệu</text>"));
	assert_non_null(strstr(sb.buf, ">dưới ngưỡng công bố</text>"));
	assert_non_null(strstr(sb.buf, ">4.000</text>")); /* the top class holds one value */
	assert_null(strstr(sb.buf, "style="));

	/* no link: the path carries its title; an empty map is still a document */
	r[0].href = NULL;
	m.n = 1;
	strbuf_reset(&sb);
	svg_choropleth(&sb, &m);
	assert_int_equal(xmllint(&sb), 0);
	assert_non_null(strstr(sb.buf, "fill=\"#9ecae1\"><title>Phường Ba Đình: 1</title></path>"));
	m.n = 0;
	strbuf_reset(&sb);
	svg_choropleth(&sb, &m);
	assert_false(sb.failed);
	assert_int_equal(xmllint(&sb), 0);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ticks),          cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_line_chart),     cmocka_unit_test(test_bar_charts),
	    cmocka_unit_test(test_hostile_labels), cmocka_unit_test(test_programming_errors),
	    cmocka_unit_test(test_class_breaks),   cmocka_unit_test(test_choropleth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
