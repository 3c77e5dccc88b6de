/* test_ratelimit.c: the per-address rate limit: burst, refill, Retry-After, keys, bounded table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "web/ratelimit.h"

#include "base/banned.h"

static struct sockaddr_in v4(const char *a)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, a, &s.sin_addr), 1);
	return s;
}

static struct sockaddr_in6 v6(const char *a)
{
	struct sockaddr_in6 s;

	memset(&s, 0, sizeof(s));
	s.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, a, &s.sin6_addr), 1);
	return s;
}

#define SA(x) ((const struct sockaddr *)(const void *)&(x))
#define SEC   1000000

static void test_off(void **state)
{
	struct sockaddr_in a = v4("192.0.2.1");
	int i;

	(void)state;
	assert_null(ratelimit_new(0, 10));
	for (i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_take(NULL, SA(a), SEC), 0);
}

static void test_burst_then_refill(void **state)
{
	struct ratelimit *rl = ratelimit_new(10, 5); /* 10/s, burst 5 */
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
	int64_t now = 100 * (int64_t)SEC;
	int i;

	(void)state;
	assert_non_null(rl);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, SA(a), now), 0);
	/* the sixth at the same instant waits; Retry-After is whole seconds, at least 1 */
	assert_int_equal(ratelimit_take(rl, SA(a), now), 1);
	/* a refused request takes no token: still refused, still 1 s */
	assert_int_equal(ratelimit_take(rl, SA(a), now), 1);
	/* another address has its own bucket */
	assert_int_equal(ratelimit_take(rl, SA(b), now), 0);
	/* one interval later, one more token */
	assert_int_equal(ratelimit_take(rl, SA(a), now + SEC / 10), 0);
	assert_int_equal(ratelimit_take(rl, SA(a), now + SEC / 10), 1);
	/* after a full refill, the whole burst again */
	now += 2 * SEC;
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(rl, SA(a), now), 0);
	assert_true(ratelimit_take(rl, SA(a), now) > 0);
	ratelimit_free(rl);
}

static void test_sustained_rate(void **state)
{
	/* 100 requests a second against a limit of 50/s: about half pass over 10 s */
	struct ratelimit *rl = ratelimit_new(50, 10);
	struct sockaddr_in a = v4("198.51.100.7");
	int64_t t = SEC;
	int i, passed = 0;

	(void)state;
	for (i = 0; i < 1000; i++, t += SEC / 100)
		passed += ratelimit_take(rl, SA(a), t) == 0;
	assert_in_range(passed, 500, 512);
	ratelimit_free(rl);
}

static void test_retry_after(void **state)
{
	/* 1 request a minute, burst 1: the second waits about 60 s */
	struct ratelimit *rl = ratelimit_new(1, 1);
	struct sockaddr_in a = v4("203.0.113.9");

	(void)state;
	ratelimit_free(rl);
	rl = ratelimit_new(1, 1);
	assert_int_equal(ratelimit_take(rl, SA(a), SEC), 0);
	assert_int_equal(ratelimit_take(rl, SA(a), SEC), 1);
	assert_int_equal(ratelimit_take(rl, SA(a), SEC + SEC / 2), 1);
	assert_int_equal(ratelimit_take(rl, SA(a), 2 * SEC), 0);
	ratelimit_free(rl);
}

static void test_ipv6_prefix(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, 2);
	struct sockaddr_in6 a = v6("2001:db8:1:2::1"), b = v6("2001:db8:1:2:ffff::9"),
	                    c = v6("2001:db8:1:3::1"), m = v6("::ffff:192.0.2.1");
	struct sockaddr_in m4 = v4("192.0.2.1");

	(void)state;
	/* two addresses of one /64 share a bucket */
	assert_int_equal(ratelimit_take(rl, SA(a), SEC), 0);
	assert_int_equal(ratelimit_take(rl, SA(b), SEC), 0);
	assert_true(ratelimit_take(rl, SA(a), SEC) > 0);
	/* another /64 does not */
	assert_int_equal(ratelimit_take(rl, SA(c), SEC), 0);
	/* an IPv4-mapped IPv6 address is that IPv4 address */
	assert_int_equal(ratelimit_take(rl, SA(m), SEC), 0);
	assert_int_equal(ratelimit_take(rl, SA(m4), SEC), 0);
	assert_true(ratelimit_take(rl, SA(m4), SEC) > 0);
	ratelimit_free(rl);
}

static void test_bounded_table(void **state)
{
	/* a million distinct addresses: the table stays at its size, and still limits */
	struct ratelimit *rl = ratelimit_new(1, 1);
	struct sockaddr_in a;
	int64_t n, ev;
	uint32_t i;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	for (i = 0; i < 1000000; i++) {
		a.sin_addr.s_addr = htonl(0x0a000000u + i);
		ratelimit_take(rl, SA(a), SEC);
	}
	ratelimit_stats(rl, &n, &ev);
	assert_true(n <= RATELIMIT_STRIPES * RATELIMIT_SLOTS);
	assert_true(n > RATELIMIT_STRIPES * RATELIMIT_SLOTS * 9 / 10);
	assert_true(ev > 0);
	a.sin_addr.s_addr = htonl(0xc0000201u);
	assert_int_equal(ratelimit_take(rl, SA(a), SEC), 0);
	assert_true(ratelimit_take(rl, SA(a), SEC) > 0);
	ratelimit_free(rl);
}

static void test_other_family(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, 1);
	struct sockaddr s;
	int i;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.sa_family = AF_UNIX;
	for (i = 0; i < 10; i++)
		assert_int_equal(ratelimit_take(rl, &s, SEC), 0);
	assert_int_equal(ratelimit_take(rl, NULL, SEC), 0);
	ratelimit_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_off),
	    cmocka_unit_test(test_burst_then_refill),
	    cmocka_unit_test(test_sustained_rate),
	    cmocka_unit_test(test_retry_after),
	    cmocka_unit_test(test_ipv6_prefix),
	    cmocka_unit_test(test_bounded_table),
	    cmocka_unit_test(test_other_family),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
