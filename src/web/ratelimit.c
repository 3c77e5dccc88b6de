/* ratelimit.c: the per-address request-rate limit: striped tables of GCRA buckets. */
#include "web/ratelimit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/banned.h"

struct slot {
	uint8_t key[16];
	int64_t tat; /* theoretical arrival time of the next request, µs; 0 = slot free */
};

/* Aligned so that two stripes never share a cache line between their locks. */
struct stripe {
	pthread_mutex_t lock;
	int64_t early_evictions;
	struct slot slots[RATELIMIT_SLOTS];
} __attribute__((aligned(64)));

struct ratelimit {
	int64_t interval; /* µs between tokens */
	int64_t
	    tolerance; /* how far ahead of now the arrival time may run: (burst - 1) intervals */
	uint64_t seed; /* per process: addresses cannot be chosen to fall in one stripe */
	struct stripe stripes[RATELIMIT_STRIPES];
};

struct ratelimit *ratelimit_new(int64_t rate_per_s, int64_t burst)
{
	struct ratelimit *rl;
	int i;

	if (rate_per_s <= 0)
		return NULL;
	if (burst < 1)
		burst = 1;
	if (posix_memalign((void **)&rl, 64, sizeof(*rl)) != 0)
		return NULL;
	memset(rl, 0, sizeof(*rl));
	rl->interval = 1000000 / rate_per_s;
	if (rl->interval < 1)
		rl->interval = 1;
	rl->tolerance = rl->interval * (burst - 1);
	if (getrandom(&rl->seed, sizeof(rl->seed), GRND_NONBLOCK) != (ssize_t)sizeof(rl->seed))
		rl->seed = (uint64_t)(uintptr_t)rl ^ 0x9e3779b97f4a7c15u;
	for (i = 0; i < RATELIMIT_STRIPES; i++)
		pthread_mutex_init(&rl->stripes[i].lock, NULL);
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	int i;

	if (!rl)
		return;
	for (i = 0; i < RATELIMIT_STRIPES; i++)
		pthread_mutex_destroy(&rl->stripes[i].lock);
	free(rl);
}

/* The 16-byte key: IPv4 as ::ffff:a.b.c.d (as a mapped IPv6 address is), IPv6 by its /64. */
static bool address_key(const struct sockaddr *sa, uint8_t key[16])
{
	memset(key, 0, 16);
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		const uint8_t *a = in6->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

		if (!memcmp(a, mapped, 12))
			memcpy(key, a, 16);
		else
			memcpy(key, a, 8);
		return true;
	}
	return false;
}

/* The splitmix64 finaliser: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

/* The key's hash, seeded; the stripe comes from its low bits, the slot from its high bits. */
static uint64_t key_hash(const uint8_t key[16], uint64_t seed)
{
	uint64_t a, b;

	memcpy(&a, key, 8);
	memcpy(&b, key + 8, 8);
	return mix64(mix64(seed ^ a) ^ b);
}

int64_t ratelimit_take(struct ratelimit *rl, const struct sockaddr *sa, int64_t now_us)
{
	uint8_t key[16];
	uint64_t h;
	struct stripe *st;
	struct slot *s = NULL, *spare = NULL;
	unsigned first, i;
	int64_t tat, wait = 0;

	if (!rl || !address_key(sa, key))
		return 0;
	if (now_us < 1)
		now_us = 1;
	h = key_hash(key, rl->seed);
	st = &rl->stripes[h % RATELIMIT_STRIPES];
	first = (unsigned)(h >> 32) % RATELIMIT_SLOTS;
	pthread_mutex_lock(&st->lock);
	for (i = 0; i < RATELIMIT_PROBE; i++) {
		struct slot *c = &st->slots[(first + i) % RATELIMIT_SLOTS];

		if (c->tat && !memcmp(c->key, key, 16)) {
			s = c;
			break;
		}
		/* the best slot to take if the address is new: free, else refilled, else nearest */
		if (!spare || (spare->tat && (!c->tat || c->tat < spare->tat)))
			spare = c;
	}
	if (!s) {
		s = spare;
		if (s->tat > now_us)
			st->early_evictions++;
		memcpy(s->key, key, 16);
		s->tat = now_us;
	}
	tat = s->tat > now_us ? s->tat : now_us;
	if (tat - now_us > rl->tolerance)
		wait = tat - now_us - rl->tolerance;
	else
		s->tat = tat + rl->interval;
	pthread_mutex_unlock(&st->lock);
	if (!wait)
		return 0;
	return (wait + 999999) / 1000000;
}

void ratelimit_stats(struct ratelimit *rl, int64_t *addresses, int64_t *early_evictions)
{
	int64_t n = 0, ev = 0;
	int i, j;

	for (i = 0; rl && i < RATELIMIT_STRIPES; i++) {
		pthread_mutex_lock(&rl->stripes[i].lock);
		for (j = 0; j < RATELIMIT_SLOTS; j++)
			n += rl->stripes[i].slots[j].tat != 0;
		ev += rl->stripes[i].early_evictions;
		pthread_mutex_unlock(&rl->stripes[i].lock);
	}
	if (addresses)
		*addresses = n;
	if (early_evictions)
		*early_evictions = ev;
}
