/* search.h: what every diacritic-insensitive search of the store shares. */
#ifndef DV_STORE_SEARCH_H
#define DV_STORE_SEARCH_H

#include <stddef.h>

#include "base/err.h"
#include "base/strbuf.h"

/* The longest search text accepted, in bytes. */
#define STORE_QUERY_MAX 200

/*
 * Append to `pat` the LIKE pattern of a search over a folded column: the text folded
 * (utf8_fold: no diacritics, lowercase, đ -> d), its words joined by '%' and surrounded by '%',
 * the LIKE metacharacters escaped by '\' (bind it with ESCAPE '\'). Rows match when they hold
 * every word in the order given; an empty query gives "%" (everything). DV_EINVAL when the
 * text is too long or not valid UTF-8.
 */
enum dv_err store_like_pattern(const char *query, struct strbuf *pat, struct dv_error *e);

#endif
