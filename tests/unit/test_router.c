/* test_router.c: route matching on a test table: order, captures, 404, 405, HEAD and slashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/router.h"

static void h_home(struct request *req, struct response *resp)
{
	(void)req;
	(void)resp;
}

static void h_other(struct request *req, struct response *resp)
{
	(void)req;
	(void)resp;
}

static const struct route table[] = {
    {HTTP_GET, "/", h_home, 0, ROUTE_PUBLIC},
    {HTTP_GET | HTTP_POST, "/areas/new", h_other, 0, 0},
    {HTTP_GET, "/areas/{code}", h_other, 0, 0},
    {HTTP_POST | HTTP_DELETE, "/areas/{code}", h_other, 0, ROUTE_WRITE},
    {HTTP_PUT, "/areas/{code}/units/{id}", h_other, 0, ROUTE_WRITE},
    {HTTP_POST, "/login", h_other, 0, ROUTE_PUBLIC},
    {HTTP_PATCH, "/api/v1/units/{id}", h_other, 0, ROUTE_API},
    {0, NULL, NULL, 0, 0},
};

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

static enum route_match m(void **state, enum http_method method, const char *path,
                          const struct route **r, const char *args[ROUTE_MAX_ARGS],
                          unsigned *allowed)
{
	return router_match(table, method, path, *state, r, args, allowed);
}

static void test_literal_and_order(void **state)
{
	const struct route *r;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed = 99;

	assert_int_equal(m(state, HTTP_GET, "/", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[0]);
	assert_null(args[0]);
	/* the literal comes first in the table and wins over the capture */
	assert_int_equal(m(state, HTTP_GET, "/areas/new", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	assert_null(args[0]);
	assert_int_equal(m(state, HTTP_POST, "/areas/new", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	/* a method the literal lacks falls through to a later route that has it */
	assert_int_equal(m(state, HTTP_DELETE, "/areas/new", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_string_equal(args[0], "new");
	assert_int_equal(m(state, HTTP_POST, "/login", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[5]);
}

static void test_captures(void **state)
{
	const struct route *r;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed;

	assert_int_equal(m(state, HTTP_GET, "/areas/01", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[2]);
	assert_string_equal(args[0], "01");
	assert_null(args[1]);
	assert_int_equal(m(state, HTTP_POST, "/areas/01", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	/* captures are percent-decoded; '+' stays a plus in a path */
	assert_int_equal(
	    m(state, HTTP_PUT, "/areas/H%C3%A0%20N%E1%BB%99i/units/a+b", &r, args, &allowed),
	    ROUTE_FOUND);
	assert_ptr_equal(r, &table[4]);
	assert_string_equal(args[0], "Hà Nội");
	assert_string_equal(args[1], "a+b");
	assert_null(args[2]);
	assert_int_equal(m(state, HTTP_PATCH, "/api/v1/units/42", &r, args, &allowed), ROUTE_FOUND);
	assert_string_equal(args[0], "42");
	/* out, args and allowed may be NULL */
	assert_int_equal(router_match(table, HTTP_GET, "/areas/9", *state, NULL, NULL, NULL),
	                 ROUTE_FOUND);
}

static void test_not_found(void **state)
{
	const struct route *r = table;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed = 99;

	assert_int_equal(m(state, HTTP_GET, "/nope", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_null(r);
	assert_int_equal(allowed, 0);
	assert_int_equal(m(state, HTTP_GET, "", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "areas/01", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas/01/x", &r, args, &allowed), ROUTE_NOT_FOUND);
	/* an empty segment is not a capture */
	assert_int_equal(m(state, HTTP_GET, "/areas/", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "//", &r, args, &allowed), ROUTE_NOT_FOUND);
	/* no trailing-slash leniency */
	assert_int_equal(m(state, HTTP_GET, "/areas/01/", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_POST, "/login/", &r, args, &allowed), ROUTE_NOT_FOUND);
	/* literals compare exactly: no case folding, no decoding */
	assert_int_equal(m(state, HTTP_POST, "/Login", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_POST, "/log%69n", &r, args, &allowed), ROUTE_NOT_FOUND);
	/* an encoded slash, a bad escape, NUL or invalid UTF-8 in a capture: no match */
	assert_int_equal(m(state, HTTP_GET, "/areas/a%2Fb", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas/a%2fb", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas/a%zz", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas/a%00", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(m(state, HTTP_GET, "/areas/%C3", &r, args, &allowed), ROUTE_NOT_FOUND);
	assert_null(r);
}

static void test_bad_method(void **state)
{
	const struct route *r = table;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed = 0;
	char allow[64];

	assert_int_equal(m(state, HTTP_PUT, "/areas/01", &r, args, &allowed), ROUTE_BAD_METHOD);
	assert_null(r);
	assert_int_equal(allowed, HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_DELETE);
	router_allow_header(allowed, allow, sizeof(allow));
	assert_string_equal(allow, "GET, HEAD, POST, DELETE");

	assert_int_equal(m(state, HTTP_GET, "/login", &r, args, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_POST);
	assert_int_equal(m(state, HTTP_HEAD, "/login", &r, args, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_POST);

	assert_int_equal(m(state, HTTP_PUT, "/areas/new", &r, args, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_DELETE);
	assert_int_equal(m(state, HTTP_GET, "/api/v1/units/1", &r, args, &allowed),
	                 ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_PATCH);
	/* an unknown method (0) is never allowed */
	assert_int_equal(m(state, 0, "/", &r, args, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_GET | HTTP_HEAD);
}

static void test_head_as_get(void **state)
{
	const struct route *r;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed;

	assert_int_equal(m(state, HTTP_HEAD, "/", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[0]);
	assert_int_equal(m(state, HTTP_HEAD, "/areas/07", &r, args, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[2]);
	assert_string_equal(args[0], "07");
}

static void test_allow_header(void **state)
{
	char buf[64];

	(void)state;
	router_allow_header(HTTP_OPTIONS | HTTP_DELETE | HTTP_PATCH | HTTP_PUT | HTTP_POST |
	                        HTTP_HEAD | HTTP_GET,
	                    buf, sizeof(buf));
	assert_string_equal(buf, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
	router_allow_header(HTTP_POST, buf, sizeof(buf));
	assert_string_equal(buf, "POST");
	router_allow_header(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* a short buffer holds whole names only */
	router_allow_header(HTTP_GET | HTTP_HEAD | HTTP_POST, buf, 10);
	assert_string_equal(buf, "GET, HEAD");
	router_allow_header(HTTP_GET, buf, 3);
	assert_string_equal(buf, "");
}

static void test_method_parse(void **state)
{
	(void)state;
	assert_int_equal(http_method_parse("GET"), HTTP_GET);
	assert_int_equal(http_method_parse("HEAD"), HTTP_HEAD);
	assert_int_equal(http_method_parse("POST"), HTTP_POST);
	assert_int_equal(http_method_parse("PUT"), HTTP_PUT);
	assert_int_equal(http_method_parse("PATCH"), HTTP_PATCH);
	assert_int_equal(http_method_parse("DELETE"), HTTP_DELETE);
	assert_int_equal(http_method_parse("OPTIONS"), HTTP_OPTIONS);
	assert_int_equal(http_method_parse("get"), 0);
	assert_int_equal(http_method_parse("TRACE"), 0);
	assert_int_equal(http_method_parse(""), 0);
	assert_int_equal(http_method_parse(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_literal_and_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_captures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_method, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_as_get, setup, teardown),
	    cmocka_unit_test(test_allow_header),
	    cmocka_unit_test(test_method_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
