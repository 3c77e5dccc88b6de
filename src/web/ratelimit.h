/* ratelimit.h: the per-address request-rate limit (a token bucket per address, in memory). */
#ifndef DV_RATELIMIT_H
#define DV_RATELIMIT_H

#include <stdint.h>
#include <sys/socket.h>

/*
 * A table of client addresses, each with a token bucket of `burst` tokens refilled at `rate`
 * tokens per second (kept as one "theoretical arrival time", GCRA). IPv4 addresses count one
 * by one; IPv6 addresses by their /64 prefix (one subscriber's usual allocation), so that a
 * client cannot step around the limit by changing the low bits.
 *
 * The table has RATELIMIT_STRIPES stripes of RATELIMIT_SLOTS entries, each stripe under its own
 * mutex (a request locks one stripe for a few instructions). It never grows: a new address takes
 * a free slot, else one whose bucket has refilled (forgetting it changes nothing), else the one
 * nearest to full among the RATELIMIT_PROBE slots it may use: under a flood of distinct
 * addresses an address may so be forgotten early and get a fresh burst.
 *
 * Thread-safe. Owned by the caller: ratelimit_free.
 */
#define RATELIMIT_STRIPES 64
#define RATELIMIT_SLOTS   256
#define RATELIMIT_PROBE   8

struct ratelimit;

/* NULL when rate is 0 (the limit is off) or memory is short. burst >= 1. */
struct ratelimit *ratelimit_new(int64_t rate_per_s, int64_t burst);
void ratelimit_free(struct ratelimit *rl);

/*
 * Take one token for the address at `now_us` (a monotonic clock, microseconds). Returns 0 when
 * the request may go on, else the whole seconds (>= 1) after which it would be allowed (the
 * Retry-After). A NULL table, or an address that is neither IPv4 nor IPv6, is always allowed.
 */
int64_t ratelimit_take(struct ratelimit *rl, const struct sockaddr *sa, int64_t now_us);

/* Addresses in the table and slots taken from buckets that were not yet full (for tests). */
void ratelimit_stats(struct ratelimit *rl, int64_t *addresses, int64_t *early_evictions);

#endif
