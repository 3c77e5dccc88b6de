/* arena.h: a bump allocator freed all at once (one per request or per job). */
#ifndef DV_ARENA_H
#define DV_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new arena; NULL when out of memory. */
struct arena *arena_new(void);
/* Free every block and the arena itself. NULL is allowed. */
void arena_free(struct arena *a);
/* Free every block but the first, keeping the arena for reuse. */
void arena_reset(struct arena *a);

/*
 * Allocation functions return memory owned by the arena, aligned for any type, valid until
 * arena_free/arena_reset. They return NULL only when out of memory.
 */
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#define arena_new_array(a, type, n) ((type *)arena_zalloc((a), sizeof(type) * (n)))

/*
 * Room for one more element in an arena array holding `len` of `*cap` elements of `elem`
 * bytes: when it is full, a copy twice the size (at least `first`) replaces *items (the old one
 * stays in the arena until it is freed). Returns 0, or -1 (nothing changed) when out of memory.
 * ARENA_RESERVE(a, array, len, cap, first) is the typed call.
 */
int arena_array_reserve(struct arena *a, void **items, size_t len, size_t *cap, size_t elem,
			size_t first);
#define ARENA_RESERVE(a, array, len, cap, first)                                           \
	arena_array_reserve((a), (void **)&(array), (len), &(cap), sizeof(*(array)), (first))

#endif
