/* search.c: the LIKE pattern of a diacritic-insensitive search. */
#include "store/search.h"

#include <string.h>

#include "base/utf8.h"

#include "base/banned.h"

enum dv_err store_like_pattern(const char *query, struct strbuf *pat, struct dv_error *e)
{
	struct strbuf fold = STRBUF_INIT;
	size_t len = query ? strlen(query) : 0, i;
	enum dv_err ret = DV_OK;

	if (len > STORE_QUERY_MAX)
		return dv_fail(e, DV_EINVAL, "search text is too long (at most %d bytes)",
			       STORE_QUERY_MAX);
	if (len && utf8_fold(&fold, query, len)) {
		ret = dv_fail(e, DV_EINVAL, "search text is not valid UTF-8");
		goto cleanup;
	}
	strbuf_addch(pat, '%');
	for (i = 0; i < fold.len; i++) {
		char c = fold.buf[i];

		if (c == ' ') {
			strbuf_addch(pat, '%');
			continue;
		}
		if (c == '%' || c == '_' || c == '\\')
			strbuf_addch(pat, '\\');
		strbuf_addch(pat, c);
	}
	if (fold.len)
		strbuf_addch(pat, '%');
	if (pat->failed)
		ret = dv_fail(e, DV_ENOMEM, "search: out of memory");
cleanup:
	strbuf_release(&fold);
	return ret;
}
