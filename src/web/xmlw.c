/* xmlw.c: the escaping XML writer. */
#include "web/xmlw.h"

#include <math.h>
#include <string.h>

#include "base/banned.h"

void xw_init(struct xmlw *w, struct strbuf *sb)
{
	w->sb = sb;
	w->depth = 0;
	strbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

static bool name_ok(const char *name)
{
	const char *p = name;

	if (!p || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_'))
		return false;
	for (p++; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

static bool tag(struct xmlw *w, const char *name, bool closing, bool empty)
{
	if (!name_ok(name)) {
		w->sb->failed = true;
		return false;
	}
	strbuf_addch(w->sb, '<');
	if (closing)
		strbuf_addch(w->sb, '/');
	strbuf_addstr(w->sb, name);
	if (empty)
		strbuf_addch(w->sb, '/');
	strbuf_addch(w->sb, '>');
	return true;
}

void xw_begin(struct xmlw *w, const char *name)
{
	if (w->depth >= XMLW_MAX_DEPTH) {
		w->sb->failed = true;
		return;
	}
	if (tag(w, name, false, false))
		w->open[w->depth++] = name;
}

void xw_end(struct xmlw *w)
{
	if (w->depth <= 0) {
		w->sb->failed = true;
		return;
	}
	tag(w, w->open[--w->depth], true, false);
}

void xw_finish(struct xmlw *w)
{
	while (w->depth > 0)
		xw_end(w);
	strbuf_addch(w->sb, '\n');
}

void xw_text(struct xmlw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	if (!s)
		return;
	for (; *p; p++) {
		const char *esc;

		switch (*p) {
		case '&':
			esc = "&amp;";
			break;
		case '<':
			esc = "&lt;";
			break;
		case '>':
			esc = "&gt;";
			break;
		case '"':
			esc = "&quot;";
			break;
		case '\'':
			esc = "&apos;";
			break;
		default:
			/* XML 1.0 allows tab, newline and carriage return among the controls */
			if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
				continue;
			esc = "\xEF\xBF\xBD";
		}
		strbuf_add(w->sb, run, (size_t)(p - run));
		strbuf_addstr(w->sb, esc);
		run = p + 1;
	}
	strbuf_add(w->sb, run, (size_t)(p - run));
}

void xw_elem(struct xmlw *w, const char *name, const char *text)
{
	if (!text) {
		tag(w, name, false, true);
		return;
	}
	if (!tag(w, name, false, false))
		return;
	xw_text(w, text);
	tag(w, name, true, false);
}

void xw_elem_int(struct xmlw *w, const char *name, int64_t v)
{
	char buf[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int i = (int)sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	xw_elem(w, name, buf + i);
}

void xw_elem_bool(struct xmlw *w, const char *name, bool v)
{
	xw_elem(w, name, v ? "true" : "false");
}

void xw_elem_fixed(struct xmlw *w, const char *name, double v, int decimals)
{
	static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	char buf[48];
	uint64_t whole, frac;
	int i = 0, n;
	double a;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	if (!isfinite(v) || fabs(v) >= 9e15 / scale[decimals]) {
		xw_elem(w, name, NULL);
		return;
	}
	a = fabs(v);
	frac = (uint64_t)llround(a * scale[decimals]);
	whole = frac / (uint64_t)scale[decimals];
	frac %= (uint64_t)scale[decimals];
	if (v < 0 && (whole || frac))
		buf[i++] = '-';
	{
		char rev[24];
		int k = 0;

		do {
			rev[k++] = (char)('0' + whole % 10);
			whole /= 10;
		} while (whole);
		while (k)
			buf[i++] = rev[--k];
	}
	if (frac) {
		char digits[10];

		for (n = decimals; n > 0; n--) {
			digits[n - 1] = (char)('0' + frac % 10);
			frac /= 10;
		}
		for (n = decimals; n > 0 && digits[n - 1] == '0'; n--)
			;
		buf[i++] = '.';
		memcpy(buf + i, digits, (size_t)n);
		i += n;
	}
	buf[i] = '\0';
	xw_elem(w, name, buf);
}
