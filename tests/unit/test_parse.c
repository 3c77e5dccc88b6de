/* test_parse.c: percent-decoding, queries and forms, cookies, integers and bearer tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/parse.h"

static int setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static char *dec(struct arena *a, const char *s, bool plus)
{
	return url_decode(a, s, strlen(s), plus);
}

static void test_url_decode(void **state)
{
	struct arena *a = *state;

	assert_string_equal(dec(a, "", false), "");
	assert_string_equal(dec(a, "abc", false), "abc");
	assert_string_equal(dec(a, "a%20b%2fc%2F", false), "a b/c/");
	assert_string_equal(dec(a, "a+b", false), "a+b");
	assert_string_equal(dec(a, "a+b%2B", true), "a b+");
	assert_string_equal(dec(a, "H%C3%A0%20N%E1%BB%99i", true), "Hà Nội");
	assert_string_equal(dec(a, "Hà", true), "Hà");
	/* bad escapes */
	assert_null(dec(a, "%", false));
	assert_null(dec(a, "%2", false));
	assert_null(dec(a, "a%zz", false));
	assert_null(dec(a, "a%2g", false));
	assert_null(dec(a, "a%%20", false));
	/* NUL, encoded or not */
	assert_null(dec(a, "a%00b", false));
	assert_null(url_decode(a, "a\0b", 3, false));
	/* invalid UTF-8 after decoding */
	assert_null(dec(a, "%C3", false));
	assert_null(dec(a, "%C0%AF", false));
	assert_null(dec(a, "%ED%A0%80", false));
	assert_null(dec(a, "\xFF", false));
	/* only len bytes are read */
	assert_string_equal(url_decode(a, "abc%20", 3, false), "abc");
}

static enum dv_err q(struct arena *a, const char *s, size_t max, struct params *p,
                     struct dv_error *e)
{
	dv_error_clear(e);
	return parse_query(a, s, strlen(s), max, p, e);
}

static void test_query(void **state)
{
	struct arena *a = *state;
	struct params p;
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(q(a, "a=1&b=two&a=3", 10, &p, &e), DV_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.v[0].name, "a");
	assert_string_equal(p.v[0].value, "1");
	assert_string_equal(p.v[1].name, "b");
	assert_string_equal(p.v[1].value, "two");
	assert_string_equal(params_get(&p, "a"), "1");
	assert_string_equal(params_get(&p, "b"), "two");
	assert_null(params_get(&p, "c"));
	assert_null(params_get(NULL, "a"));

	/* empty pairs are skipped; a name alone gets ""; only the first '=' splits */
	assert_int_equal(q(a, "&a=1&&b&c=x=y&", 10, &p, &e), DV_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(params_get(&p, "a"), "1");
	assert_string_equal(params_get(&p, "b"), "");
	assert_string_equal(params_get(&p, "c"), "x=y");

	/* form encoding: '+' is a space, %2B a plus */
	assert_int_equal(q(a, "name=Nguy%E1%BB%85n+V%C4%83n+A&x=1%2B1&q%20r=", 10, &p, &e), DV_OK);
	assert_string_equal(params_get(&p, "name"), "Nguyễn Văn A");
	assert_string_equal(params_get(&p, "x"), "1+1");
	assert_string_equal(params_get(&p, "q r"), "");

	/* values are NFC: decomposed "ộ" (o + U+0302 + U+0323) arrives composed */
	assert_int_equal(q(a, "t=N%6F%CC%82%CC%A3i", 10, &p, &e), DV_OK);
	assert_string_equal(params_get(&p, "t"), "Nội");

	assert_int_equal(q(a, "", 10, &p, &e), DV_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(parse_query(a, NULL, 0, 10, &p, &e), DV_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(q(a, "&&&", 0, &p, &e), DV_OK);
	assert_int_equal(p.n, 0);
}

static void test_query_errors(void **state)
{
	struct arena *a = *state;
	struct params p;
	struct dv_error e = DV_ERROR_INIT;

	assert_int_equal(q(a, "a=%zz", 10, &p, &e), DV_EINVAL);
	assert_int_equal(e.code, DV_EINVAL);
	assert_string_equal(e.detail, "query parameter 'a' is badly encoded");
	assert_int_equal(p.n, 0);
	assert_int_equal(q(a, "ok=1&city=H%C3", 10, &p, &e), DV_EINVAL);
	assert_string_equal(e.detail, "query parameter 'city' is badly encoded");
	assert_int_equal(p.n, 0);
	assert_int_equal(q(a, "x=1&%FF=1", 10, &p, &e), DV_EINVAL);
	assert_string_equal(e.detail, "query parameter name is badly encoded");
	assert_int_equal(q(a, "a=%00", 10, &p, &e), DV_EINVAL);
	assert_int_equal(q(a, "a=\xC3\x28", 10, &p, &e), DV_EINVAL);

	/* too many pairs: empty ones do not count */
	assert_int_equal(q(a, "a=1&b=2&c=3", 3, &p, &e), DV_OK);
	assert_int_equal(p.n, 3);
	assert_int_equal(q(a, "a=1&&b=2&&", 2, &p, &e), DV_OK);
	assert_int_equal(q(a, "a=1&b=2&c=3&d=4", 3, &p, &e), DV_ELIMIT);
	assert_int_equal(e.code, DV_ELIMIT);
	assert_string_equal(e.detail, "query has more than 3 parameters");
	assert_int_equal(p.n, 0);
	/* e may be NULL */
	assert_int_equal(parse_query(a, "a=%", 3, 10, &p, NULL), DV_EINVAL);
}

static void test_cookies(void **state)
{
	struct arena *a = *state;
	struct params p;

	assert_int_equal(parse_cookies(a, "a=1; b=2;c=three", &p), DV_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(params_get(&p, "a"), "1");
	assert_string_equal(params_get(&p, "b"), "2");
	assert_string_equal(params_get(&p, "c"), "three");

	assert_int_equal(parse_cookies(a, "__Host-dv_session=\"abc.DEF\"; e=; q=\"\"", &p), DV_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(params_get(&p, "__Host-dv_session"), "abc.DEF");
	assert_string_equal(params_get(&p, "e"), "");
	assert_string_equal(params_get(&p, "q"), "");

	/* malformed pairs are skipped, the good ones kept */
	assert_int_equal(parse_cookies(a,
	                               "noeq; =v; a b=1; c=x y; d=\"q\"q\"; ok=yes; w=a,b; "
	                               "z=back\\slash; u=\"open",
	                               &p),
	                 DV_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].name, "ok");
	assert_string_equal(p.v[0].value, "yes");

	assert_int_equal(parse_cookies(a, "", &p), DV_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(parse_cookies(a, NULL, &p), DV_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(parse_cookies(a, " ; ;", &p), DV_OK);
	assert_int_equal(p.n, 0);
}

static void test_int64(void **state)
{
	int64_t v = 7;

	(void)state;
	assert_true(parse_int64("0", &v));
	assert_int_equal(v, 0);
	assert_true(parse_int64("42", &v));
	assert_int_equal(v, 42);
	assert_true(parse_int64("9223372036854775807", &v));
	assert_true(v == INT64_MAX);
	v = 7;
	assert_false(parse_int64("9223372036854775808", &v));
	assert_false(parse_int64("18446744073709551616", &v));
	assert_false(parse_int64("99999999999999999999999", &v));
	assert_false(parse_int64("-1", &v));
	assert_false(parse_int64("+1", &v));
	assert_false(parse_int64("01", &v));
	assert_false(parse_int64("00", &v));
	assert_false(parse_int64(" 1", &v));
	assert_false(parse_int64("1 ", &v));
	assert_false(parse_int64("1x", &v));
	assert_false(parse_int64("0x10", &v));
	assert_false(parse_int64("", &v));
	assert_false(parse_int64(NULL, &v));
	assert_int_equal(v, 7);
}

static void test_bearer(void **state)
{
	(void)state;
	assert_string_equal(parse_bearer("Bearer abc.DEF-123_~+/=="), "abc.DEF-123_~+/==");
	assert_string_equal(parse_bearer("bearer tok"), "tok");
	assert_string_equal(parse_bearer("BEARER  tok"), "tok");
	assert_null(parse_bearer("Bearer"));
	assert_null(parse_bearer("Bearer "));
	assert_null(parse_bearer("Bearertok"));
	assert_null(parse_bearer("Basic dXNlcjpwYXNz"));
	assert_null(parse_bearer("Bearer tok en"));
	assert_null(parse_bearer("Bearer tok\n"));
	assert_null(parse_bearer("Bearer tök"));
	assert_null(parse_bearer("Bearer a,b"));
	assert_null(parse_bearer(""));
	assert_null(parse_bearer(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_url_decode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_query, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_query_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
	    cmocka_unit_test(test_int64),
	    cmocka_unit_test(test_bearer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
