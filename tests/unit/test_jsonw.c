/* test_jsonw.c: the escaping JSON writer: commas, nesting, escapes, numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "web/jsonw.h"

static void test_nesting_and_commas(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	(void)state;
	jw_init(&w, &sb);
	jw_obj_begin(&w);
	jw_kstr(&w, "a", "x");
	jw_key(&w, "list");
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_null(&w);
	jw_arr_end(&w);
	jw_kbool(&w, "t", true);
	jw_kbool(&w, "f", false);
	jw_kstr(&w, "n", NULL);
	jw_kint_or_null(&w, "id", 7);
	jw_kint_or_null(&w, "none", 0);
	jw_obj_end(&w);
	assert_false(sb.failed);
	assert_string_equal(sb.buf,
			    "{\"a\":\"x\",\"list\":[1,{},[],null],\"t\":true,\"f\":false,\"n\":null,"
			    "\"id\":7,\"none\":null}");
	strbuf_release(&sb);
}

static void test_escapes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	(void)state;
	jw_init(&w, &sb);
	jw_str(&w, "q\"b\\n\nt\tc\x01 Hà Nội </script>");
	assert_string_equal(sb.buf, "\"q\\\"b\\\\n\\nt\\tc\\u0001 Hà Nội </script>\"");
	strbuf_reset(&sb);
	jw_init(&w, &sb);
	jw_kstr(&w, "k\"ey", "");
	assert_string_equal(sb.buf, "\"k\\\"ey\":\"\"");
	strbuf_release(&sb);
}

static void test_numbers(void **state)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
		{ 21.03853, 6, "21.03853" }, { 105.83806, 6, "105.83806" }, { -0.5, 2, "-0.5" },
		{ 2.96, 2, "2.96" },         { 3.0, 4, "3" },               { -0.0001, 2, "0" },
		{ 0.125, 2, "0.13" },        { 1e20, 2, "null" },           { NAN, 2, "null" },
		{ 7.5, 0, "8" },
	};
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		jw_init(&w, &sb);
		jw_fixed(&w, cases[i].v, cases[i].decimals);
		assert_string_equal(sb.buf, cases[i].want);
	}
	strbuf_reset(&sb);
	jw_init(&w, &sb);
	jw_arr_begin(&w);
	jw_int(&w, INT64_MIN);
	jw_int(&w, INT64_MAX);
	jw_int(&w, 0);
	jw_arr_end(&w);
	assert_string_equal(sb.buf, "[-9223372036854775808,9223372036854775807,0]");
	strbuf_release(&sb);
}

static void test_depth_limit(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;
	int i;

	(void)state;
	jw_init(&w, &sb);
	for (i = 0; i < JSONW_MAX_DEPTH + 2; i++)
		jw_arr_begin(&w);
	assert_true(sb.failed);
	strbuf_release(&sb);
}

/* Dates, instants (Vietnam's time) and references; 0 is null. */
static void test_dates_and_refs(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	(void)state;
	jw_init(&w, &sb);
	jw_obj_begin(&w);
	jw_kdate(&w, "d", date_from_ymd(2026, 12, 1));
	jw_kdate(&w, "none", 0);
	jw_kinstant(&w, "t", 1772300000); /* 2026-02-28 17:33:20 UTC */
	jw_kinstant(&w, "never", 0);
	jw_kref(&w, "unit", 7, "Tiểu đoàn \"1\"");
	jw_kref(&w, "nobody", 0, "x");
	jw_key(&w, "list");
	jw_arr_begin(&w);
	jw_kref(&w, NULL, 3, "a");
	jw_kref(&w, NULL, 0, NULL);
	jw_arr_end(&w);
	jw_obj_end(&w);
	assert_false(sb.failed);
	assert_string_equal(sb.buf, "{\"d\":\"2026-12-01\",\"none\":null,"
				    "\"t\":\"2026-03-01T00:33:20+07:00\",\"never\":null,"
				    "\"unit\":{\"id\":7,\"name\":\"Tiểu đoàn \\\"1\\\"\"},\"nobody\":null,"
				    "\"list\":[{\"id\":3,\"name\":\"a\"},null]}");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_dates_and_refs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
