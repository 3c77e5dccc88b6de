/* test_strbuf.c: appends, the size cap and its sticky failure, detach, formatted growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	strbuf_reset(&sb);
	strbuf_setlen(&sb, 5);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_empty);
	assert_string_equal(strbuf_empty, "");
}

static void test_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_addstr(&sb, "Hà"), 0);
	assert_int_equal(strbuf_addch(&sb, ' '), 0);
	assert_int_equal(strbuf_add(&sb, "Nội!!", strlen("Nội")), 0);
	assert_int_equal(strbuf_add(&sb, NULL, 0), 0);
	assert_string_equal(sb.buf, "Hà Nội");
	assert_int_equal(sb.len, strlen("Hà Nội"));
	assert_true(sb.len < sb.alloc);
	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "Hà");
	strbuf_setlen(&sb, 100);
	assert_int_equal(sb.len, 3);
	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addch(&sb, 0), 0);
	assert_int_equal(sb.len, 1);
	strbuf_release(&sb);

	/* many small appends grow the buffer and keep every byte */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addch(&sb, 'a' + i % 26), 0);
	assert_int_equal(sb.len, 1000);
	assert_int_equal(sb.buf[999], 'a' + 999 % 26);
	assert_int_equal(sb.buf[1000], '\0');
	strbuf_release(&sb);
}

static void test_cap(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb, 8, 0);
	assert_int_equal(strbuf_addstr(&sb, "12345"), 0);
	assert_int_equal(strbuf_addstr(&sb, "678"), 0); /* exactly the cap */
	assert_false(sb.failed);
	assert_int_equal(strbuf_addch(&sb, '9'), -1);
	assert_true(sb.failed);
	assert_string_equal(sb.buf, "12345678");
	/* sticky: later appends that would fit are refused too, content unchanged */
	strbuf_setlen(&sb, 2);
	assert_int_equal(strbuf_addch(&sb, 'x'), -1);
	assert_int_equal(strbuf_addf(&sb, "%d", 1), -1);
	assert_int_equal(strbuf_grow(&sb, 1), -1);
	assert_string_equal(sb.buf, "12");
	assert_true(sb.failed);
	/* reset clears the flag, keeps the cap */
	strbuf_reset(&sb);
	assert_false(sb.failed);
	assert_int_equal(strbuf_addstr(&sb, "abc"), 0);
	assert_int_equal(strbuf_addstr(&sb, "too long!"), -1);
	assert_string_equal(sb.buf, "abc");
	strbuf_release(&sb);
	assert_int_equal(sb.cap, 8);
	assert_false(sb.failed);

	/* addf over the cap: refused whole, whether or not the allocation could hold it */
	strbuf_init(&sb, 10, 0);
	assert_int_equal(strbuf_addstr(&sb, "abcd"), 0);
	assert_int_equal(strbuf_addf(&sb, "%s", "1234567"), -1);
	assert_string_equal(sb.buf, "abcd");
	assert_int_equal(sb.len, 4);
	strbuf_release(&sb);
	strbuf_init(&sb, 100, 0);
	assert_int_equal(strbuf_addstr(&sb, "x"), 0);
	assert_int_equal(strbuf_addf(&sb, "%0120d", 5), -1);
	assert_string_equal(sb.buf, "x");
	strbuf_release(&sb);

	/* a size hint above the cap does not fail the buffer */
	strbuf_init(&sb, 16, 4096);
	assert_false(sb.failed);
	assert_int_equal(strbuf_addstr(&sb, "fits"), 0);
	assert_string_equal(sb.buf, "fits");
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s;

	(void)state;
	strbuf_addstr(&sb, "owned");
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "owned");
	assert_int_equal(len, 5);
	assert_ptr_equal(sb.buf, strbuf_empty);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	free(s);

	/* an empty buffer still gives a string the caller can free */
	s = strbuf_detach(&sb, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	/* a failed buffer gives NULL and length 0 */
	strbuf_init(&sb, 2, 0);
	strbuf_addstr(&sb, "abc");
	len = 99;
	assert_null(strbuf_detach(&sb, &len));
	assert_int_equal(len, 0);
	assert_false(sb.failed);
	assert_string_equal(sb.buf, "");
}

static void test_addf_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char want[200];
	int i;

	(void)state;
	assert_int_equal(strbuf_addf(&sb, "%s-%d", "n", 42), 0);
	assert_string_equal(sb.buf, "n-42");
	/* to 63 bytes: the first 64-byte allocation is exactly full with the NUL */
	assert_int_equal(strbuf_addf(&sb, "%59s", "x"), 0);
	assert_int_equal(sb.len, 63);
	assert_int_equal(sb.alloc, 64);
	/* one more crosses the boundary */
	assert_int_equal(strbuf_addf(&sb, "%c", 'y'), 0);
	assert_int_equal(sb.len, 64);
	assert_true(sb.alloc > 64);
	assert_int_equal(sb.buf[63], 'y');
	assert_int_equal(sb.buf[64], '\0');
	strbuf_release(&sb);

	/* a single addf much larger than the current room */
	strbuf_addstr(&sb, "ab");
	for (i = 0; i < 150; i++)
		want[i] = (char)('0' + i % 10);
	want[150] = '\0';
	assert_int_equal(strbuf_addf(&sb, "<%s>", want), 0);
	assert_int_equal(sb.len, 2 + 152);
	assert_memory_equal(sb.buf, "ab<0123", 7);
	assert_string_equal(sb.buf + 2 + 151, ">");
	/* an empty result appends nothing */
	assert_int_equal(strbuf_addf(&sb, "%s", ""), 0);
	assert_int_equal(sb.len, 154);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),       cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_cap),         cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_addf_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
