/* anscache.h: rendered answers kept in memory and served again while what they were rendered
 * from is unchanged (the caller proves that with a stamp read in the request's snapshot). */
#ifndef DV_ANSCACHE_H
#define DV_ANSCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

/*
 * Everything an answer depends on besides its key, as the caller reads it before rendering
 * (e.g. a case's revision, the catalogue's version, the day). An answer is served only to a
 * request that read an equal stamp; one that read another stamp drops it.
 */
struct anscache_stamp {
	int64_t v[4];
};

struct anscache_stats {
	uint64_t hits, misses, stale, stored, evicted;
	size_t entries, bytes;
};

/*
 * A cache of at most `max_bytes` of answers (keys, bodies and bookkeeping), shared by every
 * thread; least recently used answers go first. NULL when out of memory.
 */
struct anscache *anscache_new(size_t max_bytes);
void anscache_free(struct anscache *c);

/*
 * Append the answer kept under `key` to `out` if it was stored with a stamp equal to `stamp`;
 * every place where the stored answer held its secret gets `secret` instead (the request's own
 * CSRF token, say; NULL when the answer holds none). False, appending nothing, on a miss: no
 * answer, another stamp (the answer is dropped), or a secret of another length.
 */
bool anscache_get(struct anscache *c, const char *key, const struct anscache_stamp *stamp,
                  const char *secret, struct strbuf *out);

/*
 * Keep `body` under `key` (replacing what was there), remembering where `secret` occurs in it
 * (NULL: nowhere). Answers larger than an eighth of the budget, or with the secret in more than
 * ANSCACHE_MAX_SPLICES places, are not kept. Nothing happens when out of memory.
 */
#define ANSCACHE_MAX_SPLICES 8
void anscache_put(struct anscache *c, const char *key, const struct anscache_stamp *stamp,
                  const char *secret, const char *body, size_t len);

void anscache_stats(struct anscache *c, struct anscache_stats *out);

#endif
