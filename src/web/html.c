/* html.c: the HTML output primitives: text, URL and JS-string escaping and html_f. */
#include "web/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/banned.h"

static const char hex_upper[] = "0123456789ABCDEF";

void html_textn(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *rep;

	if (!s)
		return;
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_add(sb, s + start, i - start);
		strbuf_addstr(sb, rep);
		start = i + 1;
	}
	strbuf_add(sb, s + start, len - start);
}

void html_text(struct strbuf *sb, const char *s)
{
	if (s)
		html_textn(sb, s, strlen(s));
}

void html_attr(struct strbuf *sb, const char *s)
{
	html_text(sb, s);
}

static bool url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void html_url(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[3] = {'%', 0, 0};
	size_t i, start = 0;

	if (!s)
		return;
	for (i = 0; p[i]; i++) {
		if (url_unreserved(p[i]))
			continue;
		strbuf_add(sb, s + start, i - start);
		esc[1] = hex_upper[p[i] >> 4];
		esc[2] = hex_upper[p[i] & 0xF];
		strbuf_add(sb, esc, 3);
		start = i + 1;
	}
	strbuf_add(sb, s + start, i - start);
}

static void js_escape(struct strbuf *sb, unsigned cp)
{
	char esc[6] = {'\\', 'u'};

	esc[2] = hex_upper[(cp >> 12) & 0xF];
	esc[3] = hex_upper[(cp >> 8) & 0xF];
	esc[4] = hex_upper[(cp >> 4) & 0xF];
	esc[5] = hex_upper[cp & 0xF];
	strbuf_add(sb, esc, 6);
}

void html_js_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start = 0;

	if (!s)
		return;
	for (i = 0; p[i]; i++) {
		unsigned char c = p[i];

		if (c == '\\') {
			strbuf_add(sb, s + start, i - start);
			strbuf_add(sb, "\\\\", 2);
			start = i + 1;
		} else if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&' || c == '\'' ||
		           c == '"') {
			strbuf_add(sb, s + start, i - start);
			js_escape(sb, c);
			start = i + 1;
		} else if (c == 0xE2 && p[i + 1] == 0x80 &&
		           (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
			/* U+2028 and U+2029 end a line in older JavaScript */
			strbuf_add(sb, s + start, i - start);
			js_escape(sb, p[i + 2] == 0xA8 ? 0x2028 : 0x2029);
			i += 2;
			start = i + 1;
		}
	}
	strbuf_add(sb, s + start, i - start);
}

void html_raw(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_addstr(sb, s);
}

/* Append a formatted integer; only integers ever reach snprintf here. */
static void add_signed(struct strbuf *sb, long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", v);

	if (n > 0)
		strbuf_add(sb, buf, (size_t)n);
}

static void add_unsigned(struct strbuf *sb, unsigned long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%llu", v);

	if (n > 0)
		strbuf_add(sb, buf, (size_t)n);
}

void html_f(struct strbuf *sb, const char *fmt, ...)
{
	const char *p = fmt, *start = fmt;
	va_list ap;

	va_start(ap, fmt);
	while (*p) {
		if (*p != '%') {
			p++;
			continue;
		}
		strbuf_add(sb, start, (size_t)(p - start));
		p++;
		switch (*p) {
		case 's':
			html_text(sb, va_arg(ap, const char *));
			break;
		case 'R':
			html_raw(sb, va_arg(ap, const char *));
			break;
		case 'U':
			html_url(sb, va_arg(ap, const char *));
			break;
		case 'd':
			add_signed(sb, va_arg(ap, int));
			break;
		case 'u':
			add_unsigned(sb, va_arg(ap, unsigned));
			break;
		case 'D':
			add_signed(sb, va_arg(ap, int64_t));
			break;
		case '%':
			strbuf_addch(sb, '%');
			break;
		case 'z':
			if (p[1] == 'u') {
				p++;
				add_unsigned(sb, va_arg(ap, size_t));
				break;
			}
			goto unknown;
		case 'l':
			if (p[1] == 'd' || p[1] == 'u') {
				p++;
				if (*p == 'd')
					add_signed(sb, va_arg(ap, long));
				else
					add_unsigned(sb, va_arg(ap, unsigned long));
				break;
			}
			if (p[1] == 'l' && (p[2] == 'd' || p[2] == 'u')) {
				p += 2;
				if (*p == 'd')
					add_signed(sb, va_arg(ap, long long));
				else
					add_unsigned(sb, va_arg(ap, unsigned long long));
				break;
			}
			goto unknown;
		default:
		unknown:
			/* a programming error: the arguments can no longer be trusted, so stop */
			log_msg(LOG_ERROR, "html_f: unknown conversion", "format", fmt,
			        (const char *)NULL);
			va_end(ap);
			return;
		}
		if (*p)
			p++;
		start = p;
	}
	strbuf_add(sb, start, (size_t)(p - start));
	va_end(ap);
}
