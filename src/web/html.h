/* html.h: every HTML output primitive; escaping by context and on by default. */
#ifndef DV_HTML_H
#define DV_HTML_H

#include <stddef.h>

#include "base/strbuf.h"

/* Escape text for element content and quoted attribute values: & < > " ' become entities. */
void html_text(struct strbuf *sb, const char *s);
void html_textn(struct strbuf *sb, const char *s, size_t len);
/* Same escaping; named for the attribute context so call sites say what they mean. */
void html_attr(struct strbuf *sb, const char *s);
/* Percent-encode for a URL path segment or query value (RFC 3986 unreserved kept). */
void html_url(struct strbuf *sb, const char *s);
/* Escape for a JavaScript string literal inside a <script> or attribute (\uXXXX for <>&'"). */
void html_js_string(struct strbuf *sb, const char *s);
/* Append trusted markup unchanged. The name says raw on purpose. */
void html_raw(struct strbuf *sb, const char *s);

/*
 * printf with escaping by default: %s escapes as HTML text; %R is raw (trusted markup);
 * %U percent-encodes; %d, %u, %ld, %lld, %zu, %% as in printf; %D an int64_t. Unknown
 * conversions are a programming error (logged, skipped).
 */
void html_f(struct strbuf *sb, const char *fmt, ...);

#endif
