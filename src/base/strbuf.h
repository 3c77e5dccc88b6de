/* strbuf.h: the one growable string buffer, with a size cap for untrusted input. */
#ifndef DV_STRBUF_H
#define DV_STRBUF_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

/*
 * Invariants: `buf` is never NULL and always NUL-terminated at `len` (an unallocated buffer
 * points at a shared empty string). `len < alloc` once allocated. When an append would make
 * `len` exceed `cap` (0 = no cap), or allocation fails, nothing is appended and the sticky flag
 * `failed` is set; every later append is then a no-op, so callers may append freely and check
 * `failed` once at the end.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
	bool failed;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, 0, false }

/* Initialise with an optional size cap (0 = unlimited) and a size hint. */
void strbuf_init(struct strbuf *sb, size_t cap, size_t hint);
/* Free the memory and return to the initial (empty) state; the cap is kept. */
void strbuf_release(struct strbuf *sb);
/* Take the string: the caller owns and free()s it; sb is reset. Returns NULL if failed. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Empty the buffer without freeing; clears `failed`. */
void strbuf_reset(struct strbuf *sb);
/* Make room for `extra` more bytes; returns 0 or -1 (and sets failed). */
int strbuf_grow(struct strbuf *sb, size_t extra);

/* Appends return 0, or -1 when the buffer failed (over cap or out of memory). */
int strbuf_add_slow(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);

/*
 * The common case inline (room already allocated and under the cap): output writers append
 * a few bytes at a time on every request, and a call per byte showed in the profiles.
 */
static inline int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return sb->failed ? -1 : 0;
	if (!sb->failed && len < sb->alloc - sb->len && (!sb->cap || sb->len + len <= sb->cap) &&
	    sb->alloc) {
		__builtin_memcpy(sb->buf + sb->len, data, len);
		sb->len += len;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	return strbuf_add_slow(sb, data, len);
}

static inline int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	return strbuf_add(sb, &ch, 1);
}
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shorten to `len` bytes (no-op when already shorter). */
void strbuf_setlen(struct strbuf *sb, size_t len);

#endif
