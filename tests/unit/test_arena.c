/* test_arena.c: alignment, big allocations, string helpers and reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdalign.h>
#include <string.h>

#include "base/arena.h"

static void test_alignment(void **state)
{
	struct arena *a = arena_new();
	size_t sizes[] = {1, 3, 7, 8, 13, 16, 33, 100, 1, 0, 5};
	size_t i;
	char *p;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = arena_alloc(a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xAB, sizes[i]);
	}
	/* many small allocations across several blocks stay aligned and distinct */
	char *prev = NULL;
	for (i = 0; i < 5000; i++) {
		p = arena_alloc(a, 7);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		assert_true(p != prev);
		memcpy(p, "abcdef", 7);
		prev = p;
	}
	assert_string_equal(prev, "abcdef");
	arena_free(a);
	arena_free(NULL);
}

static void test_big(void **state)
{
	struct arena *a = arena_new();
	unsigned char *small1, *big, *small2, *huge;
	size_t i;

	(void)state;
	small1 = arena_alloc(a, 16);
	memset(small1, 1, 16);
	big = arena_alloc(a, 100000);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % alignof(max_align_t), 0);
	memset(big, 2, 100000);
	/* small allocations after a big one keep using the current block */
	small2 = arena_alloc(a, 16);
	assert_non_null(small2);
	assert_true(small2 == small1 + 16 || small2 == small1 + alignof(max_align_t));
	memset(small2, 3, 16);
	huge = arena_zalloc(a, 1 << 20);
	assert_non_null(huge);
	for (i = 0; i < (1 << 20); i += 4096)
		assert_int_equal(huge[i], 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(small1[i], 1);
	for (i = 0; i < 100000; i += 997)
		assert_int_equal(big[i], 2);
	assert_null(arena_alloc(a, SIZE_MAX - 8));
	arena_free(a);
}

static void test_strings(void **state)
{
	struct arena *a = arena_new();
	char *s;

	(void)state;
	assert_string_equal(arena_strdup(a, "Hà Nội"), "Hà Nội");
	s = arena_strndup(a, "abcdef", 3);
	assert_string_equal(s, "abc");
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_printf(a, "%s=%d", "n", -5), "n=-5");
	s = arena_printf(a, "%05000d", 1);
	assert_int_equal(strlen(s), 5000);
	assert_int_equal(s[4999], '1');
	s = arena_new_array(a, char, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(s[i], 0);
	arena_free(a);
}

static void test_reset(void **state)
{
	struct arena *a = arena_new();
	char *first, *again;
	int round, i;

	(void)state;
	first = arena_alloc(a, 32);
	assert_non_null(first);
	/* reset after only a big allocation (the first block still the head) */
	assert_non_null(arena_alloc(a, 50000));
	arena_reset(a);
	again = arena_alloc(a, 32);
	assert_ptr_equal(again, first);

	/* reset after many blocks, small and big, several times */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3000; i++)
			assert_non_null(arena_alloc(a, 40));
		assert_non_null(arena_alloc(a, 300000));
		for (i = 0; i < 100; i++)
			assert_non_null(arena_alloc(a, 40));
		arena_reset(a);
		again = arena_alloc(a, 32);
		assert_ptr_equal(again, first);
		memcpy(again, "still usable", 13);
		assert_string_equal(again, "still usable");
	}
	arena_reset(NULL);
	arena_free(a);
}

static void test_array_reserve(void **state)
{
	struct arena *a = arena_new();
	int *v = NULL, *first;
	size_t len = 0, cap = 0, i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ARENA_RESERVE(a, v, len, cap, 4), 0);
		if (i == 0) {
			assert_int_equal(cap, 4);
			first = v;
		}
		v[len++] = (int)i * 3;
	}
	/* doubled from 4: 4, 8, ..., 1024; the values moved with the array */
	assert_int_equal(cap, 1024);
	assert_ptr_not_equal(v, first);
	for (i = 0; i < len; i++)
		assert_int_equal(v[i], (int)i * 3);
	/* room left: nothing moves */
	first = v;
	assert_int_equal(ARENA_RESERVE(a, v, len, cap, 4), 0);
	assert_ptr_equal(v, first);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alignment),
	    cmocka_unit_test(test_big),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_array_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
