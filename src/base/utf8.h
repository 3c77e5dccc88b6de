/* utf8.h: UTF-8 validation, NFC normalisation and Vietnamese folding for search. */
#ifndef DV_UTF8_H
#define DV_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* True when s[0..len) is valid UTF-8 with no control characters except \t, \n and \r. */
bool utf8_valid_text(const char *s, size_t len);

/*
 * Append the NFC normalisation of s[0..len) to out. Returns 0, or -1 when s is not valid UTF-8
 * or out failed.
 */
int utf8_nfc(struct strbuf *out, const char *s, size_t len);

/*
 * Append the search key of s[0..len) to out: NFC, lowercase, Vietnamese diacritics removed
 * (including đ/Đ -> d), runs of whitespace and punctuation collapsed to one space, trimmed.
 * "Hà Nội" and "  HA   noi " both give "ha noi". Returns 0 or -1 (invalid UTF-8, out failed).
 */
int utf8_fold(struct strbuf *out, const char *s, size_t len);

/* Number of code points in valid UTF-8 s[0..len). */
size_t utf8_length(const char *s, size_t len);

#endif
