/* multipart.c: a strict multipart/form-data parser over a body already in memory. */
#include "web/multipart.h"

#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/utf8.h"

#include "base/banned.h"

/* A read position in one header value (the request's Content-Type, a part's header line). */
struct cursor {
	const char *p, *end;
};

/* One ";name=value" parameter: the name points into the header, the value is an arena copy. */
struct hparam {
	const char *name;
	size_t name_len;
	char *value;
	size_t value_len;
};

enum pstep { P_NEXT, P_END, P_BAD, P_NOMEM };

/* The body being parsed: an arena copy, NUL-terminated, and the delimiter "--" boundary. */
struct scan {
	char *buf;
	size_t len;
	char *delim;
	size_t dlen;
};

/* RFC 7230 token character. */
static bool token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7F && !strchr("()<>@,;:\\\"/[]?={}", c);
}

/* RFC 2046 bchars: what a boundary may hold (a space, but not at the end). */
static bool boundary_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("'()+_,-./:=? ", c));
}

static bool is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* How much of a name to quote in a message: at most 64 bytes, whole characters. */
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

static bool name_is(const char *s, size_t len, const char *want)
{
	return strlen(want) == len && !strncasecmp(s, want, len);
}

static void skip_ows(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static size_t token_len(const struct cursor *c)
{
	const char *q = c->p;

	while (q < c->end && token_char((unsigned char)*q))
		q++;
	return (size_t)(q - c->p);
}

/*
 * A quoted-string at c->p (on its opening quote), into the arena. Only \" and \\ are escapes:
 * any other backslash is kept, because some browsers send a Windows path unescaped
 * (filename="C:\x\y.xlsx"). The header has been checked for control characters already.
 */
static enum pstep quoted_string(struct arena *a, struct cursor *c, char **out, size_t *len,
                                const char **why)
{
	char *v, *q;

	v = arena_alloc(a, (size_t)(c->end - c->p));
	if (!v)
		return P_NOMEM;
	q = v;
	for (c->p++; c->p < c->end; c->p++) {
		if (*c->p == '"') {
			c->p++;
			if (c->p < c->end && *c->p != ';' && *c->p != ' ' && *c->p != '\t')
				break;
			*q = '\0';
			*out = v;
			*len = (size_t)(q - v);
			return P_NEXT;
		}
		if (*c->p == '\\' && c->end - c->p >= 2 && (c->p[1] == '"' || c->p[1] == '\\'))
			c->p++;
		*q++ = *c->p;
	}
	*why = c->p < c->end ? "invalid quoting: text right after a closing quote"
	                     : "invalid quoting: a quoted string is not closed";
	return P_BAD;
}

/* The next parameter: P_NEXT with *hp filled, P_END when the value is over, else P_BAD/NOMEM. */
static enum pstep next_param(struct arena *a, struct cursor *c, struct hparam *hp, const char **why)
{
	size_t n;

	skip_ows(c);
	if (c->p == c->end)
		return P_END;
	if (*c->p != ';') {
		*why = *c->p == '"' ? "invalid quoting: a quote inside a value"
		                    : "expected ';' before the next parameter";
		return P_BAD;
	}
	c->p++;
	skip_ows(c);
	n = token_len(c);
	if (!n) {
		*why = "expected a parameter name after ';'";
		return P_BAD;
	}
	hp->name = c->p;
	hp->name_len = n;
	c->p += n;
	if (c->p == c->end || *c->p != '=') {
		*why = "a parameter has no '=' and value";
		return P_BAD;
	}
	c->p++;
	if (c->p < c->end && *c->p == '"')
		return quoted_string(a, c, &hp->value, &hp->value_len, why);
	n = token_len(c);
	if (!n) {
		*why = c->p < c->end && *c->p == '\\' ? "invalid quoting: an escape outside quotes"
		                                      : "a parameter has an empty or invalid value";
		return P_BAD;
	}
	hp->value = arena_strndup(a, c->p, n);
	if (!hp->value)
		return P_NOMEM;
	hp->value_len = n;
	c->p += n;
	return P_NEXT;
}

/* The boundary parameter of a multipart/form-data Content-Type, checked against RFC 2046. */
static enum dv_err get_boundary(struct arena *a, const char *content_type, char **boundary,
                                struct dv_error *e)
{
	struct cursor c;
	struct hparam hp;
	const char *why = NULL;
	char *b = NULL;
	size_t n = 0, i;
	enum pstep st;

	if (!multipart_content(content_type))
		return dv_fail(e, DV_EINVAL, "the content type is not multipart/form-data");
	c.p = content_type + strlen("multipart/form-data");
	c.end = content_type + strlen(content_type);
	while ((st = next_param(a, &c, &hp, &why)) == P_NEXT) {
		if (!name_is(hp.name, hp.name_len, "boundary"))
			continue;
		if (b)
			return dv_fail(e, DV_EINVAL,
			               "the multipart content type has two boundaries");
		b = hp.value;
		n = hp.value_len;
	}
	if (st == P_NOMEM)
		return dv_fail(e, DV_ENOMEM, "cannot allocate the multipart boundary");
	if (st == P_BAD)
		return dv_fail(e, DV_EINVAL, "the multipart content type is malformed: %s", why);
	if (!b)
		return dv_fail(e, DV_EINVAL, "the multipart content type has no boundary");
	if (n == 0)
		return dv_fail(e, DV_EINVAL, "the multipart boundary is empty");
	if (n > MULTIPART_MAX_BOUNDARY)
		return dv_fail(e, DV_EINVAL, "the multipart boundary is longer than %d characters",
		               MULTIPART_MAX_BOUNDARY);
	for (i = 0; i < n; i++)
		if (!boundary_char((unsigned char)b[i]))
			break;
	if (i < n || b[n - 1] == ' ')
		return dv_fail(e, DV_EINVAL,
		               "the multipart boundary has a character RFC 2046 does not allow");
	*boundary = b;
	return DV_OK;
}

/*
 * The next delimiter line at or after `from`, which is at the start of a line: *at is where
 * its "--" begins, *data_end where the content before it ends (its line break excluded).
 */
static bool find_delimiter(const struct scan *s, size_t from, size_t *at, size_t *data_end)
{
	const char *nl;
	size_t i = from;

	for (;;) {
		if (s->len - i >= s->dlen && !memcmp(s->buf + i, s->delim, s->dlen)) {
			*at = i;
			*data_end = i;
			if (i > from) { /* buf[i - 1] is the line break */
				(*data_end)--;
				if (*data_end > from && s->buf[*data_end - 1] == '\r')
					(*data_end)--;
			}
			return true;
		}
		nl = memchr(s->buf + i, '\n', s->len - i);
		if (!nl)
			return false;
		i = (size_t)(nl - s->buf) + 1;
	}
}

/* A line break (CRLF or a bare LF) at *pos: skipped, true. */
static bool line_break(const struct scan *s, size_t *pos)
{
	if (*pos < s->len && s->buf[*pos] == '\n') {
		*pos += 1;
		return true;
	}
	if (s->len - *pos >= 2 && s->buf[*pos] == '\r' && s->buf[*pos + 1] == '\n') {
		*pos += 2;
		return true;
	}
	return false;
}

/* "form-data; name=...; filename=..." into the part. `no` counts parts from 1. */
static enum dv_err disposition(struct arena *a, struct cursor *c, struct multipart_part *part,
                               size_t no, struct dv_error *e)
{
	struct hparam hp;
	const char *why = NULL;
	size_t n = token_len(c);
	enum pstep st;

	if (!name_is(c->p, n, "form-data"))
		return dv_fail(e, DV_EINVAL, "part %zu is not content-disposition form-data", no);
	c->p += n;
	while ((st = next_param(a, c, &hp, &why)) == P_NEXT) {
		const char **slot;

		if (name_is(hp.name, hp.name_len, "name"))
			slot = &part->name;
		else if (name_is(hp.name, hp.name_len, "filename"))
			slot = &part->filename;
		else /* RFC 7578 forbids filename*; other parameters mean nothing here */
			continue;
		if (*slot)
			return dv_fail(e, DV_EINVAL, "part %zu has two '%.*s' parameters", no,
			               (int)hp.name_len, hp.name);
		*slot = hp.value;
	}
	if (st == P_NOMEM)
		return dv_fail(e, DV_ENOMEM, "cannot allocate the headers of part %zu", no);
	if (st == P_BAD)
		return dv_fail(e, DV_EINVAL, "the content-disposition of part %zu is malformed: %s",
		               no, why);
	return DV_OK;
}

/* One header line (line break excluded) of part `no`. */
static enum dv_err header_line(struct arena *a, const char *line, size_t len,
                               struct multipart_part *part, bool *seen_disposition, size_t no,
                               struct dv_error *e)
{
	struct cursor c = {line, line + len};
	size_t i, n;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
			return dv_fail(e, DV_EINVAL, "a header of part %zu has a control character",
			               no);
	}
	/* no space before the colon, no folded continuation lines (RFC 7230 3.2.4) */
	n = token_len(&c);
	if (!n || n == len || line[n] != ':')
		return dv_fail(e, DV_EINVAL, "a header line of part %zu is not 'name: value'", no);
	c.p += n + 1;
	skip_ows(&c);
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t'))
		c.end--;
	if (name_is(line, n, "Content-Disposition")) {
		if (*seen_disposition)
			return dv_fail(e, DV_EINVAL, "part %zu has two content-disposition headers",
			               no);
		*seen_disposition = true;
		return disposition(a, &c, part, no, e);
	}
	if (name_is(line, n, "Content-Type")) {
		if (part->content_type)
			return dv_fail(e, DV_EINVAL, "part %zu has two content-type headers", no);
		if (!utf8_valid(c.p, (size_t)(c.end - c.p)))
			return dv_fail(e, DV_EINVAL,
			               "the content type of part %zu is not valid UTF-8", no);
		part->content_type = arena_strndup(a, c.p, (size_t)(c.end - c.p));
		if (!part->content_type)
			return dv_fail(e, DV_ENOMEM, "cannot allocate the headers of part %zu", no);
	}
	return DV_OK; /* other headers (Content-Transfer-Encoding...) are ignored */
}

/* The last path component: "C:\x\y.xlsx" and "/x/y.xlsx" give "y.xlsx"; "." and ".." give "". */
static const char *base_name(const char *path)
{
	const char *p, *last = path;

	for (p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			last = p + 1;
	if (!strcmp(last, ".") || !strcmp(last, ".."))
		return "";
	return last;
}

/* The headers of part `no` from *pos to the blank line; *pos ends after the blank line. */
static enum dv_err part_headers(struct arena *a, const struct scan *s, size_t *pos,
                                struct multipart_part *part, size_t no, struct dv_error *e)
{
	const char *nl;
	size_t room, eol, len;
	bool seen = false;
	enum dv_err ret;

	for (;;) {
		room = s->len - *pos;
		/* the longest line allowed, then CR LF */
		nl = memchr(s->buf + *pos, '\n',
		            room < MULTIPART_MAX_LINE + 2 ? room : MULTIPART_MAX_LINE + 2);
		if (!nl && room >= MULTIPART_MAX_LINE + 2)
			return dv_fail(e, DV_EINVAL,
			               "a header line of part %zu is longer than %d bytes", no,
			               MULTIPART_MAX_LINE);
		if (!nl)
			return dv_fail(e, DV_EINVAL,
			               "the multipart body ends inside the headers of part %zu",
			               no);
		eol = (size_t)(nl - s->buf);
		len = eol - *pos;
		if (len && s->buf[eol - 1] == '\r')
			len--;
		if (len > MULTIPART_MAX_LINE)
			return dv_fail(e, DV_EINVAL,
			               "a header line of part %zu is longer than %d bytes", no,
			               MULTIPART_MAX_LINE);
		if (!len) {
			*pos = eol + 1;
			break;
		}
		ret = header_line(a, s->buf + *pos, len, part, &seen, no, e);
		if (ret)
			return ret;
		*pos = eol + 1;
	}
	if (!seen)
		return dv_fail(e, DV_EINVAL, "part %zu has no content-disposition form-data header",
		               no);
	if (!part->name)
		return dv_fail(e, DV_EINVAL, "part %zu has no name", no);
	if (!*part->name)
		return dv_fail(e, DV_EINVAL, "part %zu has an empty name", no);
	if (!utf8_valid(part->name, strlen(part->name)))
		return dv_fail(e, DV_EINVAL, "the name of part %zu is not valid UTF-8", no);
	if (part->filename) {
		if (!utf8_valid(part->filename, strlen(part->filename)))
			return dv_fail(e, DV_EINVAL,
			               "the filename of part '%.*s' is not valid UTF-8",
			               quote_len(part->name), part->name);
		part->filename = base_name(part->filename);
	}
	return DV_OK;
}

bool multipart_content(const char *ct)
{
	static const char type[] = "multipart/form-data";
	char next;

	if (!ct || strncasecmp(ct, type, sizeof(type) - 1))
		return false;
	next = ct[sizeof(type) - 1];
	return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

enum dv_err multipart_parse(const char *content_type, const char *body, size_t len, struct arena *a,
                            struct multipart_part **parts, size_t *n, struct dv_error *e)
{
	struct scan s = {0};
	struct multipart_part *v = NULL;
	size_t count = 0, alloc = 0, pos, at, data_end;
	char *boundary = NULL;
	enum dv_err ret;

	*parts = NULL;
	*n = 0;
	ret = get_boundary(a, content_type, &boundary, e);
	if (ret)
		return ret;
	s.delim = arena_printf(a, "--%s", boundary);
	s.buf = arena_alloc(a, len + 1);
	if (!s.delim || !s.buf)
		return dv_fail(e, DV_ENOMEM, "cannot copy a multipart body of %zu bytes", len);
	s.dlen = strlen(s.delim);
	s.len = len;
	if (len)
		memcpy(s.buf, body, len);
	s.buf[len] = '\0';

	/* a preamble before the first boundary line is allowed, and ignored (RFC 2046) */
	if (!find_delimiter(&s, 0, &at, &data_end))
		return dv_fail(e, DV_EINVAL, "the multipart body does not contain its boundary");
	for (;;) {
		struct multipart_part *part;
		bool closing;

		pos = at + s.dlen;
		closing = s.len - pos >= 2 && s.buf[pos] == '-' && s.buf[pos + 1] == '-';
		if (closing)
			pos += 2;
		while (pos < s.len && (s.buf[pos] == ' ' || s.buf[pos] == '\t'))
			pos++; /* transport padding */
		if (closing) {
			/* an epilogue after the line break is allowed, and ignored */
			if (pos == s.len || line_break(&s, &pos))
				break;
			return dv_fail(e, DV_EINVAL,
			               "the closing boundary line has text after the boundary");
		}
		if (pos == s.len)
			return dv_fail(e, DV_EINVAL, "the multipart body has no closing delimiter");
		if (!line_break(&s, &pos))
			return dv_fail(e, DV_EINVAL, "a boundary line has text after the boundary");
		if (count == MULTIPART_MAX_PARTS)
			return dv_fail(e, DV_EINVAL, "the multipart body has more than %d parts",
			               MULTIPART_MAX_PARTS);
		if (ARENA_RESERVE(a, v, count, alloc, 8))
			return dv_fail(e, DV_ENOMEM, "cannot allocate %zu multipart parts",
			               count + 1);
		part = &v[count];
		memset(part, 0, sizeof(*part));
		ret = part_headers(a, &s, &pos, part, count + 1, e);
		if (ret)
			return ret;
		if (!find_delimiter(&s, pos, &at, &data_end))
			return dv_fail(e, DV_EINVAL, "the multipart body has no closing delimiter");
		part->len = data_end - pos;
		if (data_end < at) {
			s.buf[data_end] = '\0'; /* a line break before the delimiter */
			part->data = s.buf + pos;
		} else {
			part->data = ""; /* the delimiter right after the headers */
		}
		count++;
	}
	*parts = v;
	*n = count;
	return DV_OK;
}

enum dv_err multipart_form(struct arena *a, const char *content_type, const char *body, size_t len,
                           struct params *form, const struct multipart_part **files,
                           size_t *n_files, struct dv_error *e)
{
	struct strbuf nfc = STRBUF_INIT;
	struct multipart_part *parts, *fv = NULL;
	struct param *pv = NULL;
	size_t n, i, nf = 0, np = 0;
	enum dv_err ret;

	form->v = NULL;
	form->n = 0;
	*files = NULL;
	*n_files = 0;
	ret = multipart_parse(content_type, body, len, a, &parts, &n, e);
	if (ret)
		return ret;
	if (!n)
		return DV_OK;
	pv = arena_new_array(a, struct param, n);
	fv = arena_new_array(a, struct multipart_part, n);
	if (!pv || !fv)
		return dv_fail(e, DV_ENOMEM, "cannot allocate %zu form fields", n);
	for (i = 0; i < n; i++) {
		const struct multipart_part *p = &parts[i];
		const char *value = p->data;

		if (p->filename) {
			fv[nf++] = *p;
			continue;
		}
		/* the same rules as an application/x-www-form-urlencoded field (parse_query) */
		if (memchr(p->data, '\0', p->len) || !utf8_valid(p->data, p->len)) {
			ret = dv_fail(e, DV_EINVAL, "form field '%.*s' is not valid UTF-8",
			              quote_len(p->name), p->name);
			goto cleanup;
		}
		if (!is_ascii(p->data, p->len)) {
			strbuf_reset(&nfc);
			if (utf8_nfc(&nfc, p->data, p->len) < 0 ||
			    !(value = arena_strndup(a, nfc.buf, nfc.len))) {
				ret = dv_fail(e, DV_ENOMEM, "cannot normalise form field '%.*s'",
				              quote_len(p->name), p->name);
				goto cleanup;
			}
		}
		pv[np].name = p->name;
		pv[np].value = value;
		np++;
	}
	form->v = np ? pv : NULL;
	form->n = np;
	*files = nf ? fv : NULL;
	*n_files = nf;
cleanup:
	strbuf_release(&nfc);
	return ret;
}
