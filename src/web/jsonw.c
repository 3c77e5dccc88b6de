/* jsonw.c: the escaping JSON writer. */
#include "web/jsonw.h"

#include <math.h>
#include <string.h>

#include "base/banned.h"

void jw_init(struct jsonw *w, struct strbuf *sb)
{
	w->sb = sb;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* Put the comma a new value or member needs. */
static void sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		strbuf_addch(w->sb, ',');
	w->first[w->depth] = false;
}

static void container_begin(struct jsonw *w, char c)
{
	sep(w);
	if (w->depth + 1 >= JSONW_MAX_DEPTH) {
		w->sb->failed = true;
		return;
	}
	strbuf_addch(w->sb, c);
	w->first[++w->depth] = true;
}

static void container_end(struct jsonw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	strbuf_addch(w->sb, c);
}

void jw_raw(struct jsonw *w, const char *json)
{
	sep(w);
	strbuf_addstr(w->sb, json && *json ? json : "null");
}

void jw_obj_begin(struct jsonw *w)
{
	container_begin(w, '{');
}

void jw_obj_end(struct jsonw *w)
{
	container_end(w, '}');
}

void jw_arr_begin(struct jsonw *w)
{
	container_begin(w, '[');
}

void jw_arr_end(struct jsonw *w)
{
	container_end(w, ']');
}

static void quoted(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;

	strbuf_addch(sb, '"');
	for (; *p; p++) {
		char esc[7];
		size_t n = 2;

		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		strbuf_add(sb, run, (size_t)(p - run));
		esc[0] = '\\';
		switch (*p) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			n = 6;
		}
		strbuf_add(sb, esc, n);
		run = p + 1;
	}
	strbuf_add(sb, run, (size_t)(p - run));
	strbuf_addch(sb, '"');
}

void jw_key(struct jsonw *w, const char *key)
{
	sep(w);
	quoted(w->sb, key);
	strbuf_addch(w->sb, ':');
	w->after_key = true;
}

void jw_str(struct jsonw *w, const char *s)
{
	sep(w);
	if (!s)
		strbuf_add(w->sb, "null", 4);
	else
		quoted(w->sb, s);
}

/* Decimal digits of v, without printf. */
static void add_uint(struct strbuf *sb, uint64_t v)
{
	char buf[24];
	int i = (int)sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, buf + i, sizeof(buf) - (size_t)i);
}

void jw_int(struct jsonw *w, int64_t v)
{
	sep(w);
	if (v < 0) {
		strbuf_addch(w->sb, '-');
		add_uint(w->sb, (uint64_t)0 - (uint64_t)v);
	} else {
		add_uint(w->sb, (uint64_t)v);
	}
}

void jw_bool(struct jsonw *w, bool v)
{
	sep(w);
	if (v)
		strbuf_add(w->sb, "true", 4);
	else
		strbuf_add(w->sb, "false", 5);
}

void jw_null(struct jsonw *w)
{
	sep(w);
	strbuf_add(w->sb, "null", 4);
}

void jw_fixed(struct jsonw *w, double v, int decimals)
{
	static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	uint64_t whole, frac;
	char digits[10];
	double a;
	int n;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	if (!isfinite(v) || fabs(v) >= 9e15 / scale[decimals]) {
		jw_null(w); /* JSON has no NaN or infinity; such values are not data */
		return;
	}
	sep(w);
	a = fabs(v);
	frac = (uint64_t)llround(a * scale[decimals]);
	whole = frac / (uint64_t)scale[decimals];
	frac %= (uint64_t)scale[decimals];
	if (v < 0 && (whole || frac))
		strbuf_addch(w->sb, '-');
	add_uint(w->sb, whole);
	if (!frac)
		return;
	for (n = decimals; n > 0; n--) {
		digits[n - 1] = (char)('0' + frac % 10);
		frac /= 10;
	}
	for (n = decimals; n > 0 && digits[n - 1] == '0'; n--)
		;
	strbuf_addch(w->sb, '.');
	strbuf_add(w->sb, digits, (size_t)n);
}

void jw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(struct jsonw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_kint_or_null(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	if (v)
		jw_int(w, v);
	else
		jw_null(w);
}

void jw_kdate(struct jsonw *w, const char *key, dv_date d)
{
	char buf[11];

	jw_key(w, key);
	if (!d) {
		jw_null(w);
		return;
	}
	date_format(d, buf);
	jw_str(w, buf);
}

void jw_kinstant(struct jsonw *w, const char *key, int64_t t)
{
	char buf[26];

	jw_key(w, key);
	if (!t) {
		jw_null(w);
		return;
	}
	time_format_local(t, buf);
	jw_str(w, buf);
}

void jw_kref(struct jsonw *w, const char *key, int64_t id, const char *name)
{
	if (key)
		jw_key(w, key);
	if (!id) {
		jw_null(w);
		return;
	}
	jw_obj_begin(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}
