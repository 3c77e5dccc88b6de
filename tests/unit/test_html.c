/* test_html.c: escaping by context and the html_f conversions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "web/html.h"

static struct strbuf sb = STRBUF_INIT;

static int reset(void **state)
{
	(void)state;
	strbuf_release(&sb);
	return 0;
}

static void test_text(void **state)
{
	(void)state;
	html_text(&sb, "a & b < c > d \"e\" 'f' Hà Nội");
	assert_string_equal(sb.buf, "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; Hà Nội");
	strbuf_reset(&sb);
	html_text(&sb, "<script>alert('x')</script>");
	assert_string_equal(sb.buf, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	strbuf_reset(&sb);
	html_text(&sb, NULL);
	html_text(&sb, "");
	assert_string_equal(sb.buf, "");
	html_textn(&sb, "<ab>", 2);
	assert_string_equal(sb.buf, "&lt;a");
	strbuf_reset(&sb);
	html_attr(&sb, "\" onload=\"x");
	assert_string_equal(sb.buf, "&quot; onload=&quot;x");
	strbuf_reset(&sb);
	html_raw(&sb, "<b>ok</b>");
	html_raw(&sb, NULL);
	assert_string_equal(sb.buf, "<b>ok</b>");
}

static void test_url(void **state)
{
	(void)state;
	html_url(&sb, "AZaz09-._~");
	assert_string_equal(sb.buf, "AZaz09-._~");
	strbuf_reset(&sb);
	html_url(&sb, "a b/c?d=e&f+g#h%");
	assert_string_equal(sb.buf, "a%20b%2Fc%3Fd%3De%26f%2Bg%23h%25");
	strbuf_reset(&sb);
	html_url(&sb, "Hà");
	assert_string_equal(sb.buf, "H%C3%A0");
	strbuf_reset(&sb);
	html_url(&sb, "<\"'>");
	assert_string_equal(sb.buf, "%3C%22%27%3E");
}

static void test_js(void **state)
{
	(void)state;
	html_js_string(&sb, "</script><b a='1' c=\"2\">&");
	assert_string_equal(sb.buf, "\\u003C/script\\u003E\\u003Cb a=\\u00271\\u0027 "
	                            "c=\\u00222\\u0022\\u003E\\u0026");
	strbuf_reset(&sb);
	html_js_string(&sb, "a\\b\nc\td\x01");
	assert_string_equal(sb.buf, "a\\\\b\\u000Ac\\u0009d\\u0001");
	strbuf_reset(&sb);
	html_js_string(&sb, "x\xE2\x80\xA8y\xE2\x80\xA9z Hà");
	assert_string_equal(sb.buf, "x\\u2028y\\u2029z Hà");
}

static void test_f(void **state)
{
	(void)state;
	html_f(&sb, "<a href=\"/units/%U\">%s</a>%R", "a b/c", "<Tổ 1>", "<br>");
	assert_string_equal(sb.buf, "<a href=\"/units/a%20b%2Fc\">&lt;Tổ 1&gt;</a><br>");
	strbuf_reset(&sb);
	html_f(&sb, "%d|%u|%ld|%lld|%zu|%D|%%|%lu|%llu", -7, 4000000000u, -123456789L,
	       (long long)INT64_MIN, (size_t)42, (int64_t)INT64_MAX, 5UL, 6ULL);
	assert_string_equal(sb.buf, "-7|4000000000|-123456789|-9223372036854775808|42|"
	                            "9223372036854775807|%|5|6");
	strbuf_reset(&sb);
	html_f(&sb, "[%s][%R][%U]", (const char *)NULL, (const char *)NULL, (const char *)NULL);
	assert_string_equal(sb.buf, "[][][]");
	strbuf_reset(&sb);
	html_f(&sb, "no conversions & <raw> format");
	assert_string_equal(sb.buf, "no conversions & <raw> format");
	strbuf_reset(&sb);
	html_f(&sb, "");
	assert_string_equal(sb.buf, "");
}

static void test_f_unknown(void **state)
{
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	log_set_output(f);
	/* an unknown conversion stops formatting: arguments after it cannot be trusted */
	html_f(&sb, "a%d %x %s", 1, 2, "never");
	assert_string_equal(sb.buf, "a1 ");
	strbuf_reset(&sb);
	html_f(&sb, "tail %");
	assert_string_equal(sb.buf, "tail ");
	log_set_output(NULL);
	assert_true(ftell(f) > 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_text, reset),
	    cmocka_unit_test_teardown(test_url, reset),
	    cmocka_unit_test_teardown(test_js, reset),
	    cmocka_unit_test_teardown(test_f, reset),
	    cmocka_unit_test_teardown(test_f_unknown, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
