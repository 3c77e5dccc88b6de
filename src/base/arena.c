/* arena.c: chained blocks, bump allocation, freed at once. */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define ARENA_BLOCK 8192

struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;  /* where small allocations go */
	struct block *first; /* the block arena_new() made, kept by arena_reset() */
};

static struct block *block_new(size_t size)
{
	struct block *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = malloc(sizeof(*a));

	if (!a)
		return NULL;
	a->head = block_new(ARENA_BLOCK);
	if (!a->head) {
		free(a);
		return NULL;
	}
	a->first = a->head;
	return a;
}

void arena_free(struct arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void arena_reset(struct arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	/*
	 * Not "the last block in the chain": a big allocation is linked behind the head, so
	 * while the first block is still the head, the chain ends with a big block.
	 */
	for (b = a->head; b; b = next) {
		next = b->next;
		if (b != a->first)
			free(b);
	}
	a->first->next = NULL;
	a->first->used = 0;
	a->head = a->first;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct block *b = a->head;
	size_t off, need;

	if (size > SIZE_MAX / 2)
		return NULL;
	if (size == 0)
		size = 1;
	off = (b->used + align - 1) & ~(align - 1);
	if (off + size > b->size) {
		need = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
		b = block_new(need);
		if (!b)
			return NULL;
		if (size > ARENA_BLOCK / 4 && a->head) {
			/* big allocations get their own block behind the current one */
			b->next = a->head->next;
			a->head->next = b;
			b->used = size;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	b->used = off + size;
	return b->data + off;
}

void *arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

int arena_array_reserve(struct arena *a, void **items, size_t len, size_t *cap, size_t elem,
			size_t first)
{
	size_t ncap;
	void *bigger;

	if (len < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : (first ? first : 8);
	if (ncap > SIZE_MAX / elem)
		return -1;
	bigger = arena_zalloc(a, ncap * elem);
	if (!bigger)
		return -1;
	if (len)
		memcpy(bigger, *items, len * elem);
	*items = bigger;
	*cap = ncap;
	return 0;
}
