/* test_xmlw.c: the escaping XML writer: declaration, nesting, escapes, numbers, bad names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "web/xmlw.h"

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static void test_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xmlw w;

	(void)state;
	xw_init(&w, &sb);
	xw_begin(&w, "service_requests");
	xw_begin(&w, "request");
	xw_elem(&w, "service_request_id", "K7M3-9QX2-FH4C");
	xw_elem(&w, "address", NULL);
	xw_elem_int(&w, "n", -42);
	xw_elem_int(&w, "z", 0);
	xw_elem_bool(&w, "metadata", false);
	xw_elem_bool(&w, "required", true);
	xw_end(&w);
	xw_begin(&w, "request");
	xw_finish(&w);
	assert_false(sb.failed);
	assert_string_equal(sb.buf, DECL "<service_requests><request>"
	                                 "<service_request_id>K7M3-9QX2-FH4C</service_request_id>"
	                                 "<address/><n>-42</n><z>0</z><metadata>false</metadata>"
	                                 "<required>true</required></request><request></request>"
	                                 "</service_requests>\n");
	strbuf_release(&sb);
}

static void test_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xmlw w;

	(void)state;
	xw_init(&w, &sb);
	strbuf_reset(&sb);
	xw_elem(&w, "d", "a<b>&\"c\" 'd' Hà Nội ]]> \x01\x1f\t\n\r end");
	assert_false(sb.failed);
	assert_string_equal(sb.buf, "<d>a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos; Hà Nội ]]&gt; "
	                            "\xEF\xBF\xBD\xEF\xBF\xBD\t\n\r end</d>");
	strbuf_reset(&sb);
	xw_elem(&w, "e", "");
	assert_string_equal(sb.buf, "<e></e>");
	strbuf_reset(&sb);
	xw_text(&w, "<script>");
	xw_text(&w, NULL);
	assert_string_equal(sb.buf, "&lt;script&gt;");
	strbuf_release(&sb);
}

static void test_numbers(void **state)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
	    {21.028511, 6, "<x>21.028511</x>"},
	    {105.8, 6, "<x>105.8</x>"},
	    {-0.5, 1, "<x>-0.5</x>"},
	    {-0.00001, 2, "<x>0</x>"},
	    {3.0, 6, "<x>3</x>"},
	    {2.5, 0, "<x>3</x>"},
	    {1.25, 12, "<x>1.25</x>"},
	    {7, -1, "<x>7</x>"},
	    {NAN, 3, "<x/>"},
	    {INFINITY, 3, "<x/>"},
	    {1e300, 3, "<x/>"},
	};
	struct strbuf sb = STRBUF_INIT;
	struct xmlw w;
	size_t i;

	(void)state;
	xw_init(&w, &sb);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		xw_elem_fixed(&w, "x", cases[i].v, cases[i].decimals);
		assert_string_equal(sb.buf, cases[i].want);
	}
	strbuf_reset(&sb);
	xw_elem_int(&w, "x", INT64_MIN);
	assert_string_equal(sb.buf, "<x>-9223372036854775808</x>");
	strbuf_release(&sb);
}

static void test_bad_names_fail(void **state)
{
	static const char *bad[] = {"", "1abc", "a b", "a<b", "a/b", "a\"", "é", NULL};
	struct strbuf sb = STRBUF_INIT;
	struct xmlw w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&sb);
		xw_init(&w, &sb);
		xw_elem(&w, bad[i], "x");
		assert_true(sb.failed);
		strbuf_reset(&sb);
		xw_init(&w, &sb);
		xw_begin(&w, bad[i]);
		assert_true(sb.failed);
		assert_int_equal(w.depth, 0);
	}
	strbuf_reset(&sb);
	xw_init(&w, &sb);
	xw_elem(&w, "ok_name-1.x", "x");
	assert_false(sb.failed);
	strbuf_release(&sb);
}

static void test_depth_and_balance(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct xmlw w;
	int i;

	(void)state;
	xw_init(&w, &sb);
	xw_end(&w); /* nothing open */
	assert_true(sb.failed);
	strbuf_reset(&sb);
	xw_init(&w, &sb);
	for (i = 0; i < XMLW_MAX_DEPTH; i++)
		xw_begin(&w, "a");
	assert_false(sb.failed);
	xw_begin(&w, "a");
	assert_true(sb.failed);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nesting),           cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_numbers),           cmocka_unit_test(test_bad_names_fail),
	    cmocka_unit_test(test_depth_and_balance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
