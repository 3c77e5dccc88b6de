/* parse.c: strict parsers for outside input: percent-decoding, queries, cookies, integers. */
#include "web/parse.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/banned.h"

const char *params_get(const struct params *p, const char *name)
{
	size_t i;

	if (!p || !name)
		return NULL;
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return p->v[i].value;
	return NULL;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *url_decode(struct arena *a, const char *s, size_t len, bool plus_space)
{
	char *out, *q;
	size_t i;
	int hi, lo;

	out = arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	q = out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (len - i < 3)
				return NULL;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi | lo) == 0)
				return NULL;
			*q++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			*q++ = ' ';
		} else if (c == '\0') {
			return NULL;
		} else {
			*q++ = (char)c;
		}
	}
	*q = '\0';
	if (!utf8_valid(out, (size_t)(q - out)))
		return NULL;
	return out;
}

/* How much of a parameter name to quote in a message: at most 64 bytes, whole characters. */
static int quote_len(const char *s)
{
	size_t n = strlen(s);

	if (n > 64) {
		n = 64;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Number of non-empty pieces of s[0..len) separated by `sep`. */
static size_t count_pieces(const char *s, size_t len, char sep)
{
	size_t i, n = 0;
	bool in = false;

	for (i = 0; i < len; i++) {
		if (s[i] == sep) {
			in = false;
		} else if (!in) {
			in = true;
			n++;
		}
	}
	return n;
}

enum dv_err parse_query(struct arena *a, const char *s, size_t len, size_t max_params,
                        struct params *out, struct dv_error *e)
{
	struct strbuf nfc = STRBUF_INIT;
	const char *p, *end, *amp, *eq;
	char *name, *value;
	size_t count;
	enum dv_err ret = DV_OK;

	out->v = NULL;
	out->n = 0;
	if (!s || !len)
		return DV_OK;
	count = count_pieces(s, len, '&');
	if (count > max_params)
		return dv_fail(e, DV_ELIMIT, "query has more than %zu parameters", max_params);
	out->v = arena_new_array(a, struct param, count);
	if (!out->v)
		return dv_fail(e, DV_ENOMEM, "cannot allocate %zu query parameters", count);

	for (p = s, end = s + len; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		if (amp == p)
			continue;
		eq = memchr(p, '=', (size_t)(amp - p));
		name = url_decode(a, p, (size_t)((eq ? eq : amp) - p), true);
		if (!name) {
			ret = dv_fail(e, DV_EINVAL, "query parameter name is badly encoded");
			goto cleanup;
		}
		if (eq) {
			value = url_decode(a, eq + 1, (size_t)(amp - eq - 1), true);
		} else {
			value = arena_strdup(a, "");
		}
		if (!value) {
			ret = dv_fail(e, DV_EINVAL, "query parameter '%.*s' is badly encoded",
			              quote_len(name), name);
			goto cleanup;
		}
		if (!is_ascii(value)) {
			strbuf_reset(&nfc);
			if (utf8_nfc(&nfc, value, strlen(value)) < 0) {
				ret =
				    dv_fail(e, DV_ENOMEM, "cannot normalise query parameter '%.*s'",
				            quote_len(name), name);
				goto cleanup;
			}
			value = arena_strndup(a, nfc.buf, nfc.len);
			if (!value) {
				ret =
				    dv_fail(e, DV_ENOMEM, "cannot allocate query parameter '%.*s'",
				            quote_len(name), name);
				goto cleanup;
			}
		}
		out->v[out->n].name = name;
		out->v[out->n].value = value;
		out->n++;
	}
cleanup:
	strbuf_release(&nfc);
	if (ret != DV_OK)
		out->n = 0;
	return ret;
}

/* RFC 6265 cookie-octet: visible ASCII but for '"', ',', ';' and '\'. */
static bool cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

/* RFC 7230 token character, for cookie names. */
static bool token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7F && !strchr("()<>@,;:\\\"/[]?={}", c);
}

enum dv_err parse_cookies(struct arena *a, const char *header, struct params *out)
{
	const char *p, *end, *semi, *eq, *ns, *ne, *vs, *ve, *c;
	size_t count;
	bool ok;

	out->v = NULL;
	out->n = 0;
	if (!header || !*header)
		return DV_OK;
	count = count_pieces(header, strlen(header), ';');
	out->v = arena_new_array(a, struct param, count);
	if (!out->v)
		return DV_ENOMEM;
	for (p = header, end = header + strlen(header); p < end; p = semi + 1) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			semi = end;
		eq = memchr(p, '=', (size_t)(semi - p));
		if (!eq)
			continue;
		for (ns = p; ns < eq && (*ns == ' ' || *ns == '\t'); ns++)
			;
		for (ne = eq; ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'); ne--)
			;
		for (vs = eq + 1; vs < semi && (*vs == ' ' || *vs == '\t'); vs++)
			;
		for (ve = semi; ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
			;
		if (ns == ne)
			continue;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		ok = true;
		for (c = ns; c < ne && ok; c++)
			ok = token_char((unsigned char)*c);
		for (c = vs; c < ve && ok; c++)
			ok = cookie_octet((unsigned char)*c);
		if (!ok)
			continue;
		out->v[out->n].name = arena_strndup(a, ns, (size_t)(ne - ns));
		out->v[out->n].value = arena_strndup(a, vs, (size_t)(ve - vs));
		if (!out->v[out->n].name || !out->v[out->n].value) {
			out->n = 0;
			return DV_ENOMEM;
		}
		out->n++;
	}
	return DV_OK;
}

bool parse_int64(const char *s, int64_t *out)
{
	int64_t v = 0;
	const char *p;

	if (!s || !*s || (s[0] == '0' && s[1] != '\0'))
		return false;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (out)
		*out = v;
	return true;
}

static bool bearer_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

const char *parse_bearer(const char *authorization)
{
	const char *p, *token;

	if (!authorization || strncasecmp(authorization, "Bearer", 6) != 0)
		return NULL;
	p = authorization + 6;
	if (*p != ' ')
		return NULL;
	while (*p == ' ')
		p++;
	token = p;
	if (!*token)
		return NULL;
	for (; *p; p++)
		if (!bearer_char((unsigned char)*p))
			return NULL;
	return token;
}
