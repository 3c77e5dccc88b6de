/* test_anscache.c: kept answers: stamps, the secret spliced per request, the byte budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "web/anscache.h"

#include "base/banned.h"

static const struct anscache_stamp S1 = {{7, 1, 20000, 0}}, S2 = {{8, 1, 20000, 0}};

/* get into a fresh buffer; returns the text or NULL on a miss (caller releases `b`) */
static const char *get(struct anscache *c, const char *key, const struct anscache_stamp *st,
                       const char *secret, struct strbuf *b)
{
	strbuf_init(b, 1 << 20, 0);
	if (!anscache_get(c, key, st, secret, b)) {
		assert_int_equal(b->len, 0);
		return NULL;
	}
	return b->buf;
}

static void test_hit_and_stamp(void **state)
{
	struct anscache *c = anscache_new(1 << 20);
	struct anscache_stats s;
	struct strbuf b;

	(void)state;
	assert_non_null(c);
	assert_null(get(c, "case/1", &S1, NULL, &b));
	anscache_put(c, "case/1", &S1, NULL, "{\"id\":1}", 8);
	assert_string_equal(get(c, "case/1", &S1, NULL, &b), "{\"id\":1}");
	strbuf_release(&b);
	/* another key, even one that shares a prefix, is a miss */
	assert_null(get(c, "case/10", &S1, NULL, &b));
	/* a newer stamp: the kept answer is stale and dropped, so the old stamp misses too */
	assert_null(get(c, "case/1", &S2, NULL, &b));
	assert_null(get(c, "case/1", &S1, NULL, &b));
	anscache_put(c, "case/1", &S2, NULL, "{\"id\":1,\"r\":2}", 14);
	assert_string_equal(get(c, "case/1", &S2, NULL, &b), "{\"id\":1,\"r\":2}");
	strbuf_release(&b);
	anscache_stats(c, &s);
	assert_int_equal(s.hits, 2);
	assert_int_equal(s.stale, 1);
	assert_int_equal(s.misses, 3);
	assert_int_equal(s.stored, 2);
	assert_int_equal(s.entries, 1);
	anscache_free(c);
}

static void test_appends(void **state)
{
	struct anscache *c = anscache_new(1 << 20);
	struct strbuf b;

	(void)state;
	anscache_put(c, "k", &S1, NULL, "body", 4);
	strbuf_init(&b, 1 << 20, 0);
	strbuf_add(&b, "head:", 5);
	assert_true(anscache_get(c, "k", &S1, NULL, &b));
	assert_string_equal(b.buf, "head:body");
	strbuf_release(&b);
	anscache_free(c);
}

static void test_secret_spliced(void **state)
{
	struct anscache *c = anscache_new(1 << 20);
	const char *page = "<form><input name=csrf value=AAAA></form><a>AAAA</a><p>AAA</p>";
	struct strbuf b;

	(void)state;
	anscache_put(c, "track/X", &S1, "AAAA", page, strlen(page));
	assert_string_equal(get(c, "track/X", &S1, "BBBB", &b),
	                    "<form><input name=csrf value=BBBB></form><a>BBBB</a><p>AAA</p>");
	strbuf_release(&b);
	/* the same request's own secret gives the page as rendered */
	assert_string_equal(get(c, "track/X", &S1, "AAAA", &b), page);
	strbuf_release(&b);
	/* a secret of another length (or none) cannot be spliced: a miss, and nothing leaks */
	assert_null(get(c, "track/X", &S1, "CCCCC", &b));
	assert_null(get(c, "track/X", &S1, NULL, &b));
	/* an answer without the secret is served whatever the request's secret */
	anscache_put(c, "plain", &S1, "AAAA", "nothing here", 12);
	assert_string_equal(get(c, "plain", &S1, "CCCCC", &b), "nothing here");
	strbuf_release(&b);
	anscache_free(c);
}

static void test_too_many_splices(void **state)
{
	struct anscache *c = anscache_new(1 << 20);
	char page[256];
	struct strbuf b;
	size_t len = 0;
	int i;

	(void)state;
	for (i = 0; i <= ANSCACHE_MAX_SPLICES; i++)
		len += (size_t)snprintf(page + len, sizeof(page) - len, "<i>SS</i>");
	anscache_put(c, "many", &S1, "SS", page, strlen(page));
	assert_null(get(c, "many", &S1, "TT", &b));
	anscache_free(c);
}

static void test_budget(void **state)
{
	struct anscache *c = anscache_new(16 * 64 * 1024); /* 64 KiB a shard */
	struct anscache_stats s;
	char body[2000], key[32];
	struct strbuf b;
	int i, kept = 0;

	(void)state;
	memset(body, 'x', sizeof(body));
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "case/%d", i);
		anscache_put(c, key, &S1, NULL, body, sizeof(body));
	}
	anscache_stats(c, &s);
	assert_true(s.bytes <= 16 * 64 * 1024);
	assert_true(s.entries > 100 && s.entries < 600);
	assert_int_equal(s.stored, 5000);
	assert_int_equal(s.evicted, 5000 - s.entries);
	/* the newest are kept, the oldest went */
	assert_non_null(get(c, "case/4999", &S1, NULL, &b));
	strbuf_release(&b);
	assert_null(get(c, "case/0", &S1, NULL, &b));
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "case/%d", i);
		if (get(c, key, &S1, NULL, &b))
			kept++;
		strbuf_release(&b);
	}
	assert_int_equal(kept, (int)s.entries);
	/* an answer larger than an eighth of the budget is not kept */
	{
		static char big[16 * 1024];

		memset(big, 'y', sizeof(big));
		anscache_put(c, "big", &S1, NULL, big, sizeof(big));
		assert_null(get(c, "big", &S1, NULL, &b));
	}
	anscache_free(c);
}

static void test_replace(void **state)
{
	struct anscache *c = anscache_new(1 << 20);
	struct anscache_stats s;
	struct strbuf b;

	(void)state;
	anscache_put(c, "k", &S1, NULL, "one", 3);
	anscache_put(c, "k", &S2, NULL, "two", 3);
	assert_null(get(c, "k", &S1, NULL, &b)); /* stale: dropped */
	anscache_put(c, "k", &S2, NULL, "two", 3);
	assert_string_equal(get(c, "k", &S2, NULL, &b), "two");
	strbuf_release(&b);
	anscache_stats(c, &s);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.bytes > 0 && s.bytes < 1024, 1);
	anscache_free(c);
	anscache_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hit_and_stamp),  cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_secret_spliced), cmocka_unit_test(test_too_many_splices),
	    cmocka_unit_test(test_budget),         cmocka_unit_test(test_replace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
