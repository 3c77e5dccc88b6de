/* strbuf.c: growable, capped, always NUL-terminated string buffer. */
#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t cap, size_t hint)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
	sb->failed = false;
	/* a hint is only a hint: it must not fail a capped buffer before anything is added */
	if (cap && hint > cap)
		hint = cap;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->failed = false;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *s;

	if (sb->failed) {
		strbuf_release(sb);
		if (len)
			*len = 0;
		return NULL;
	}
	if (!sb->alloc) {
		s = calloc(1, 1);
	} else {
		s = sb->buf;
	}
	if (len)
		*len = s ? sb->len : 0;
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	return s;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->failed = false;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, n;
	char *p;

	if (sb->failed)
		return -1;
	if (extra > SIZE_MAX - sb->len - 1)
		goto fail;
	want = sb->len + extra + 1;
	if (sb->cap && sb->len + extra > sb->cap)
		goto fail;
	if (want <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	p = realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p)
		goto fail;
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return 0;
fail:
	sb->failed = true;
	return -1;
}

int strbuf_add_slow(struct strbuf *sb, const void *data, size_t len)
{
	if (strbuf_grow(sb, len) < 0)
		return -1;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}


int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->failed)
		return -1;
	va_copy(cp, ap);
	n = vsnprintf(sb->alloc ? sb->buf + sb->len : NULL, sb->alloc ? sb->alloc - sb->len : 0,
	              fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->failed = true;
		return -1;
	}
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		if (strbuf_grow(sb, (size_t)n) < 0) {
			if (sb->alloc)
				sb->buf[sb->len] = '\0';
			return -1;
		}
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	} else if (sb->cap && sb->len + (size_t)n > sb->cap) {
		sb->buf[sb->len] = '\0';
		sb->failed = true;
		return -1;
	}
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}
