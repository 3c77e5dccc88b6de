/* anscache.c: sharded hash table with a least-recently-used list per shard. */
#include "web/anscache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define SHARDS  16u
#define BUCKETS 4096u /* per shard */

struct entry {
	struct entry *next;          /* bucket chain */
	struct entry *newer, *older; /* the shard's use order */
	uint64_t hash;
	struct anscache_stamp stamp;
	size_t len, size; /* body bytes; bytes counted against the budget */
	uint32_t splice[ANSCACHE_MAX_SPLICES];
	unsigned n_splice;
	size_t secret_len;
	char *key; /* after the body, in the same block */
	char body[];
};

struct shard {
	pthread_mutex_t lock;
	struct entry *bucket[BUCKETS];
	struct entry *newest, *oldest;
	size_t bytes, entries;
	uint64_t hits, misses, stale, stored, evicted;
};

struct anscache {
	size_t budget; /* per shard */
	struct shard shard[SHARDS];
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

struct anscache *anscache_new(size_t max_bytes)
{
	struct anscache *c = calloc(1, sizeof(*c));
	unsigned i;

	if (!c)
		return NULL;
	c->budget = max_bytes / SHARDS;
	for (i = 0; i < SHARDS; i++) {
		if (pthread_mutex_init(&c->shard[i].lock, NULL)) {
			while (i--)
				pthread_mutex_destroy(&c->shard[i].lock);
			free(c);
			return NULL;
		}
	}
	return c;
}

void anscache_free(struct anscache *c)
{
	struct entry *x, *next;
	unsigned i;

	if (!c)
		return;
	for (i = 0; i < SHARDS; i++) {
		for (x = c->shard[i].newest; x; x = next) {
			next = x->older;
			free(x);
		}
		pthread_mutex_destroy(&c->shard[i].lock);
	}
	free(c);
}

static void lru_unlink(struct shard *s, struct entry *x)
{
	if (x->newer)
		x->newer->older = x->older;
	else
		s->newest = x->older;
	if (x->older)
		x->older->newer = x->newer;
	else
		s->oldest = x->newer;
	x->newer = x->older = NULL;
}

static void lru_push(struct shard *s, struct entry *x)
{
	x->newer = NULL;
	x->older = s->newest;
	if (s->newest)
		s->newest->newer = x;
	else
		s->oldest = x;
	s->newest = x;
}

/* The slot that points at the entry for `key` (or at the chain's NULL end). */
static struct entry **find(struct shard *s, uint64_t h, const char *key)
{
	struct entry **p = &s->bucket[(h / SHARDS) % BUCKETS];

	while (*p && ((*p)->hash != h || strcmp((*p)->key, key)))
		p = &(*p)->next;
	return p;
}

/* Unlink *slot from its chain and the use order, and free it. */
static void drop(struct shard *s, struct entry **slot)
{
	struct entry *x = *slot;

	*slot = x->next;
	lru_unlink(s, x);
	s->bytes -= x->size;
	s->entries--;
	free(x);
}

bool anscache_get(struct anscache *c, const char *key, const struct anscache_stamp *stamp,
                  const char *secret, struct strbuf *out)
{
	uint64_t h = hash_key(key);
	struct shard *s = &c->shard[h % SHARDS];
	size_t slen = secret ? strlen(secret) : 0, base;
	struct entry **slot, *x;
	bool hit = false;
	unsigned i;

	pthread_mutex_lock(&s->lock);
	slot = find(s, h, key);
	x = *slot;
	if (!x) {
		s->misses++;
	} else if (memcmp(&x->stamp, stamp, sizeof(*stamp))) {
		s->stale++;
		drop(s, slot);
	} else if (x->n_splice && x->secret_len != slen) {
		s->misses++;
	} else {
		base = out->len;
		strbuf_add(out, x->body, x->len);
		if (!out->failed) {
			for (i = 0; i < x->n_splice; i++)
				memcpy(out->buf + base + x->splice[i], secret, slen);
			lru_unlink(s, x);
			lru_push(s, x);
			s->hits++;
			hit = true;
		} else {
			s->misses++;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return hit;
}

void anscache_put(struct anscache *c, const char *key, const struct anscache_stamp *stamp,
                  const char *secret, const char *body, size_t len)
{
	uint64_t h = hash_key(key);
	struct shard *s = &c->shard[h % SHARDS];
	size_t klen = strlen(key), slen = secret ? strlen(secret) : 0, size, off;
	const char *at;
	struct entry **slot, *x;

	size = sizeof(*x) + len + klen + 1;
	if (size > c->budget / 8 || len > UINT32_MAX)
		return;
	x = malloc(size);
	if (!x)
		return;
	memset(x, 0, sizeof(*x));
	x->hash = h;
	x->stamp = *stamp;
	x->len = len;
	x->size = size;
	x->secret_len = slen;
	memcpy(x->body, body, len);
	x->key = x->body + len;
	memcpy(x->key, key, klen + 1);
	for (off = 0; slen && off + slen <= len; off = (size_t)(at - body) + slen) {
		at = memmem(body + off, len - off, secret, slen);
		if (!at)
			break;
		if (x->n_splice == ANSCACHE_MAX_SPLICES) {
			free(x);
			return;
		}
		x->splice[x->n_splice++] = (uint32_t)(at - body);
	}

	pthread_mutex_lock(&s->lock);
	slot = find(s, h, key);
	if (*slot)
		drop(s, slot);
	while (s->oldest && s->bytes + size > c->budget) {
		struct entry *old = s->oldest;

		drop(s, find(s, old->hash, old->key));
		s->evicted++;
	}
	x->next = s->bucket[(h / SHARDS) % BUCKETS];
	s->bucket[(h / SHARDS) % BUCKETS] = x;
	lru_push(s, x);
	s->bytes += size;
	s->entries++;
	s->stored++;
	pthread_mutex_unlock(&s->lock);
}

void anscache_stats(struct anscache *c, struct anscache_stats *out)
{
	unsigned i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < SHARDS; i++) {
		struct shard *s = &c->shard[i];

		pthread_mutex_lock(&s->lock);
		out->hits += s->hits;
		out->misses += s->misses;
		out->stale += s->stale;
		out->stored += s->stored;
		out->evicted += s->evicted;
		out->entries += s->entries;
		out->bytes += s->bytes;
		pthread_mutex_unlock(&s->lock);
	}
}
