/* parse.h: parsers for outside input: URL decoding, query strings, form bodies, cookies. */
#ifndef DV_PARSE_H
#define DV_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "web/http.h"

/*
 * Percent-decode s[0..len) into the arena; `plus_space` turns '+' into ' ' (forms and queries).
 * Fails (NULL) on a malformed escape, an embedded NUL, or invalid UTF-8 in the result.
 */
char *url_decode(struct arena *a, const char *s, size_t len, bool plus_space);

/*
 * Parse "a=1&b=two" (a query string or an application/x-www-form-urlencoded body) into *out.
 * At most `max_params` pairs. Names and values are decoded and must be valid UTF-8; values are
 * NFC-normalised. DV_EINVAL (with a detail naming the parameter) on bad input; DV_ELIMIT when
 * there are too many pairs.
 */
enum dv_err parse_query(struct arena *a, const char *s, size_t len, size_t max_params,
			struct params *out, struct dv_error *e);

/* Parse a Cookie header ("a=1; b=2"). Malformed pairs are skipped; never fails but on ENOMEM. */
enum dv_err parse_cookies(struct arena *a, const char *header, struct params *out);

/* Parse a positive decimal int64 (no sign, no spaces, no leading zeros but "0"); false if not. */
bool parse_int64(const char *s, int64_t *out);

/* Extract the bearer token from an Authorization header; NULL when absent or malformed. */
const char *parse_bearer(const char *authorization);

#endif
