/* tracking.c: citizen tracking codes in Crockford base 32 with a Damm-style check symbol. */
#include "core/tracking.h"

#include <stdint.h>

#include "base/banned.h"

#define DATA_SYMBOLS 11
#define ALL_SYMBOLS  (DATA_SYMBOLS + 1)

static const char alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/*
 * The check symbol is Damm's scheme over the quasigroup x * y = 2x + y in GF(32) (polynomial
 * x^5 + x^2 + 1). Each row of the operation is a permutation, so a single wrong symbol always
 * changes the result; and (c*x)*y = (c*y)*x forces x = y (the difference is 3(x + y) and 3 is
 * not 0), so every swap of neighbours is caught too. A code is valid when folding all twelve
 * symbols from 0 gives 0. Brute-forced in tests/unit/test_tracking.c.
 */
static unsigned gf_double(unsigned x)
{
	x <<= 1;
	if (x & 0x20u)
		x ^= 0x25u;
	return x & 0x1fu;
}

static unsigned fold(const unsigned char *v, size_t n)
{
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c = gf_double(c) ^ v[i];
	return c;
}

static void format_code(const unsigned char v[ALL_SYMBOLS], char out[TRACKING_LEN + 1])
{
	size_t i, o = 0;

	for (i = 0; i < ALL_SYMBOLS; i++) {
		if (i == 4 || i == 8)
			out[o++] = '-';
		out[o++] = alphabet[v[i]];
	}
	out[o] = '\0';
}

void tracking_make(const unsigned char random[7], char out[TRACKING_LEN + 1])
{
	unsigned char v[ALL_SYMBOLS];
	uint64_t bits = 0;
	int i;

	for (i = 0; i < 7; i++)
		bits = (bits << 8) | random[i];
	bits >>= 1; /* 55 bits: eleven symbols of five bits */
	for (i = DATA_SYMBOLS - 1; i >= 0; i--) {
		v[i] = (unsigned char)(bits & 0x1fu);
		bits >>= 5;
	}
	/* the check c makes fold(data) * c = 2 fold(data) + c equal 0, so c = 2 fold(data) */
	v[DATA_SYMBOLS] = (unsigned char)gf_double(fold(v, DATA_SYMBOLS));
	format_code(v, out);
}

/* The value of a typed symbol, forgiving case and look-alikes; -1 when it is no symbol. */
static int symbol_value(char ch)
{
	int i;

	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch == 'O')
		ch = '0';
	else if (ch == 'I' || ch == 'L')
		ch = '1';
	for (i = 0; i < 32; i++)
		if (alphabet[i] == ch)
			return i;
	return -1;
}

bool tracking_parse(const char *in, char out[TRACKING_LEN + 1])
{
	unsigned char v[ALL_SYMBOLS];
	size_t n = 0;
	int val;

	if (!in)
		return false;
	for (; *in; in++) {
		if (*in == ' ' || *in == '-' || *in == '\t')
			continue;
		val = symbol_value(*in);
		if (val < 0 || n == ALL_SYMBOLS)
			return false;
		v[n++] = (unsigned char)val;
	}
	if (n != ALL_SYMBOLS || fold(v, ALL_SYMBOLS) != 0)
		return false;
	format_code(v, out);
	return true;
}
