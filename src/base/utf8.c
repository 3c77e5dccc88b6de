/* utf8.c: strict UTF-8 validation, NFC normalisation and the Vietnamese search key. */
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/banned.h"

/*
 * Decode one code point from s[0..len) (len > 0). Returns the number of bytes used, or 0 when
 * the sequence is malformed: a stray continuation byte, an overlong form, a surrogate, a value
 * above U+10FFFF, or a sequence cut short.
 */
static size_t decode(const unsigned char *s, size_t len, int32_t *cp)
{
	unsigned c = s[0];
	size_t n, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c < 0xC2) /* continuation byte, or C0/C1 (always overlong) */
		return 0;
	if (c < 0xE0) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c < 0xF0) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c < 0xF5) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = (int32_t)v;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = decode(p + i, len - i, &cp);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

bool utf8_valid_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		n = decode(p + i, len - i, &cp);
		if (!n)
			return false;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0x7F && cp <= 0x9F))
			return false;
		i += n;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t i, count = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* Code points a stack buffer holds before utf8_nfc falls back to the heap. */
#define NFC_STACK 512

int utf8_nfc(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	int32_t stack[NFC_STACK], *buf = stack, cp;
	utf8proc_ssize_t n, m;
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	size_t i, k;
	bool simple = true;
	int ret = -1;

	/* Everything below U+0300 is already NFC and never combines with what precedes it. */
	for (i = 0; i < len; i += k) {
		k = decode(p + i, len - i, &cp);
		if (!k)
			return -1;
		if (cp >= 0x300)
			simple = false;
	}
	if (simple || len == 0)
		return strbuf_add(out, s, len);
	if (len > (size_t)INT32_MAX)
		return -1;

	/* reencode writes UTF-8 plus a NUL over the same buffer: keep one spare slot */
	n = utf8proc_decompose(p, (utf8proc_ssize_t)len, buf, NFC_STACK - 1, opt);
	if (n < 0)
		return -1;
	if (n > NFC_STACK - 1) {
		buf = malloc(((size_t)n + 1) * sizeof(*buf));
		if (!buf) {
			out->failed = true;
			return -1;
		}
		m = utf8proc_decompose(p, (utf8proc_ssize_t)len, buf, n, opt);
		if (m != n)
			goto cleanup;
	}
	n = utf8proc_reencode(buf, n, opt);
	if (n < 0)
		goto cleanup;
	ret = strbuf_add(out, buf, (size_t)n);
cleanup:
	if (buf != stack)
		free(buf);
	return ret;
}

static bool is_letter_or_digit(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

static void encode(struct strbuf *out, int32_t cp)
{
	unsigned char b[4];
	uint32_t v = (uint32_t)cp;
	size_t n;

	if (v < 0x80) {
		b[0] = (unsigned char)v;
		n = 1;
	} else if (v < 0x800) {
		b[0] = (unsigned char)(0xC0 | (v >> 6));
		b[1] = (unsigned char)(0x80 | (v & 0x3F));
		n = 2;
	} else if (v < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (v >> 12));
		b[1] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (v & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (v >> 18));
		b[1] = (unsigned char)(0x80 | ((v >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (v & 0x3F));
		n = 4;
	}
	strbuf_add(out, b, n);
}

/*
 * State of one fold: a separator is only written once a letter or digit follows it, which
 * collapses runs and trims both ends without a second pass.
 */
struct fold {
	struct strbuf *out;
	bool started, pending_space;
};

static void fold_emit(struct fold *f, int32_t cp)
{
	if (cp == 0x110 || cp == 0x111) {
		cp = 'd';
	} else if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (!((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
			f->pending_space = f->started;
			return;
		}
	} else {
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN)
			return;
		if (!is_letter_or_digit(cp)) {
			f->pending_space = f->started;
			return;
		}
		cp = utf8proc_tolower(cp);
	}
	if (f->pending_space)
		strbuf_addch(f->out, ' ');
	f->pending_space = false;
	f->started = true;
	encode(f->out, cp);
}

/* The longest NFKD expansion of one code point is 18 (U+FDFA); leave room. */
#define FOLD_DECOMP 32

int utf8_fold(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct fold f = {out, false, false};
	int32_t cp, dec[FOLD_DECOMP];
	utf8proc_ssize_t n, j;
	int bound = 0;
	size_t i = 0, k;

	if (!utf8_valid(s, len))
		return -1;
	while (i < len) {
		if (p[i] < 0x80) {
			fold_emit(&f, p[i]);
			i++;
			continue;
		}
		k = decode(p + i, len - i, &cp);
		i += k;
		n = utf8proc_decompose_char(cp, dec, FOLD_DECOMP,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
		if (n < 0 || n > FOLD_DECOMP) {
			/* cannot happen with current Unicode; treat as a separator */
			f.pending_space = f.started;
			continue;
		}
		for (j = 0; j < n; j++)
			fold_emit(&f, dec[j]);
	}
	return out->failed ? -1 : 0;
}
