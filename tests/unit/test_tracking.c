/* test_tracking.c: tracking codes: format, round trip, forgiving reading, brute-force proofs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/tracking.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* A deterministic stream of "random" bytes (xorshift), so that failures can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static void draw(unsigned char r[7])
{
	int i;

	for (i = 0; i < 7; i++) {
		rng_state ^= rng_state << 13;
		rng_state ^= rng_state >> 7;
		rng_state ^= rng_state << 17;
		r[i] = (unsigned char)(rng_state >> 32);
	}
}

static bool well_formed(const char *c)
{
	int i;

	if (strlen(c) != TRACKING_LEN || c[4] != '-' || c[9] != '-')
		return false;
	for (i = 0; i < TRACKING_LEN; i++)
		if (i != 4 && i != 9 && !strchr(alphabet, c[i]))
			return false;
	return true;
}

static void test_format(void **state)
{
	const unsigned char zero[7] = {0}, ones[7] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const unsigned char low[7] = {0, 0, 0, 0, 0, 0, 1}, two[7] = {0, 0, 0, 0, 0, 0, 2};
	char out[TRACKING_LEN + 1], back[TRACKING_LEN + 1];

	(void)state;
	tracking_make(zero, out);
	assert_string_equal(out, "0000-0000-0000");
	tracking_make(ones, out);
	assert_true(well_formed(out));
	assert_memory_equal(out, "ZZZZ-ZZZZ-ZZZ", 13);
	assert_true(tracking_parse(out, back));
	assert_string_equal(out, back);
	/* 55 bits: the lowest bit of the last byte is not used, the next one is */
	tracking_make(low, out);
	assert_string_equal(out, "0000-0000-0000");
	tracking_make(two, out);
	assert_memory_equal(out, "0000-0000-001", 13);
}

static void test_round_trip(void **state)
{
	unsigned char r[7];
	char code[TRACKING_LEN + 1], back[TRACKING_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		draw(r);
		tracking_make(r, code);
		assert_true(well_formed(code));
		assert_true(tracking_parse(code, back));
		assert_string_equal(code, back);
	}
}

/* Lower case, spaces, no dashes, O for 0, I and L for 1: all read as the same code. */
static void test_forgiving(void **state)
{
	const unsigned char r[7] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd};
	char code[TRACKING_LEN + 1], out[TRACKING_LEN + 1], typed[64];
	size_t i, o;

	(void)state;
	tracking_make(r, code);

	for (i = 0, o = 0; code[i]; i++)
		if (code[i] != '-')
			typed[o++] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a'
			                                                     : code[i]);
	typed[o] = '\0';
	assert_true(tracking_parse(typed, out));
	assert_string_equal(out, code);

	for (i = 0, o = 0; code[i]; i++) {
		typed[o++] = code[i] == '-' ? ' ' : code[i];
		if (i == 1 || i == 11)
			typed[o++] = ' ';
	}
	typed[o] = '\0';
	assert_true(tracking_parse(typed, out));
	assert_string_equal(out, code);

	/* a code full of zeros and ones, typed with look-alikes */
	tracking_make((const unsigned char[7]){0}, code);
	assert_true(tracking_parse("oOoO-0000-0000", out));
	assert_string_equal(out, code);
	{
		/* find a code with a 1 in it and type it with I, i, L and l */
		unsigned char rr[7];
		int tries;
		char *one;

		for (tries = 0; tries < 10000; tries++) {
			draw(rr);
			tracking_make(rr, code);
			if ((one = strchr(code, '1')) != NULL)
				break;
		}
		assert_non_null(one);
		for (i = 0; i < 4; i++) {
			memcpy(typed, code, sizeof(code));
			typed[one - code] = "IiLl"[i];
			assert_true(tracking_parse(typed, out));
			assert_string_equal(out, code);
		}
		/* U is never a symbol */
		memcpy(typed, code, sizeof(code));
		typed[one - code] = 'U';
		assert_false(tracking_parse(typed, out));
		typed[one - code] = 'u';
		assert_false(tracking_parse(typed, out));
	}
}

static void test_rejects(void **state)
{
	char out[TRACKING_LEN + 1] = "untouched";

	(void)state;
	assert_false(tracking_parse(NULL, out));
	assert_false(tracking_parse("", out));
	assert_false(tracking_parse("    ", out));
	assert_false(tracking_parse("0000-0000-000", out));   /* 11 symbols */
	assert_false(tracking_parse("0000-0000-00000", out)); /* 13 symbols */
	assert_false(tracking_parse("0000-0000-000!", out));
	assert_false(tracking_parse("0000_0000_0000", out));
	assert_false(tracking_parse("0000-0000-00\xc3\xa9", out));
	assert_string_equal(out, "untouched");
	assert_true(tracking_parse("0000-0000-0000", out));
}

/*
 * The proof: for many codes, every one of the 12 x 31 single substitutions and every one of the
 * 11 swaps of neighbours (that changes the code) is rejected.
 */
static void test_every_single_error(void **state)
{
	unsigned char r[7];
	char code[TRACKING_LEN + 1], bad[TRACKING_LEN + 1], out[TRACKING_LEN + 1];
	static const int pos[12] = {0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13};
	long substitutions = 0, swaps = 0;
	int n, i, s;

	(void)state;
	for (n = 0; n < 2000; n++) {
		draw(r);
		if (n == 0)
			memset(r, 0, sizeof(r));
		tracking_make(r, code);
		for (i = 0; i < 12; i++)
			for (s = 0; s < 32; s++) {
				if (alphabet[s] == code[pos[i]])
					continue;
				memcpy(bad, code, sizeof(code));
				bad[pos[i]] = alphabet[s];
				assert_false(tracking_parse(bad, out));
				substitutions++;
			}
		for (i = 0; i + 1 < 12; i++) {
			if (code[pos[i]] == code[pos[i + 1]])
				continue;
			memcpy(bad, code, sizeof(code));
			bad[pos[i]] = code[pos[i + 1]];
			bad[pos[i + 1]] = code[pos[i]];
			assert_false(tracking_parse(bad, out));
			swaps++;
		}
	}
	assert_int_equal(substitutions, 2000L * 12 * 31);
	assert_true(swaps > 2000L * 10);
}

/* Exhaustive over the last data symbol and the check symbol: all 32 x 32 pairs, so that every
 * swap of two different symbols at the end of the code is seen at least once. */
static void test_every_pair_at_the_end(void **state)
{
	char code[TRACKING_LEN + 1] = "7K3M-9QX2-FH00", out[TRACKING_LEN + 1];
	int a, b, valid = 0;

	(void)state;
	for (a = 0; a < 32; a++)
		for (b = 0; b < 32; b++) {
			bool ok_ab, ok_ba;

			code[12] = alphabet[a];
			code[13] = alphabet[b];
			ok_ab = tracking_parse(code, out);
			valid += ok_ab;
			code[12] = alphabet[b];
			code[13] = alphabet[a];
			ok_ba = tracking_parse(code, out);
			if (a != b)
				assert_false(ok_ab && ok_ba);
		}
	/* exactly one check symbol per data part */
	assert_int_equal(valid, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_forgiving),
	    cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_every_single_error),
	    cmocka_unit_test(test_every_pair_at_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
