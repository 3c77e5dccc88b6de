/* session.h: browser sessions, API tokens and login rate-limit counters, all in the database. */
#ifndef DV_STORE_SESSION_H
#define DV_STORE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/*
 * Who a session or token belongs to, as read in one query at the start of a request.
 * Token hashes are lowercase hex of a keyed BLAKE2b of the random token (app/auth.c); the
 * store never sees a raw token.
 */
struct principal {
	int64_t session_id;       /* 0 when authenticated by API token */
	int64_t token_id;         /* 0 when authenticated by session */
	int64_t user_id;
	int64_t unit_id;
	enum role role;
	const char *login;
	const char *display_name;
	const char *lang;
	const char *csrf;         /* session's CSRF token; NULL for API tokens */
	int64_t created_at;
	int64_t last_seen_at;     /* sessions: last activity; tokens: last use (0 = never) */
};

enum dv_err session_insert(struct db *db, const char *token_hash, int64_t user_id,
			   const char *csrf, int64_t now, const char *addr, const char *user_agent,
			   struct dv_error *e);
/*
 * The principal of a live session: the user is active, now - last_seen_at <= idle and
 * now - created_at <= absolute. Expired sessions are DV_EAUTH (the caller may delete them).
 */
enum dv_err session_lookup(struct db *db, const char *token_hash, int64_t now, int64_t idle,
			   int64_t absolute, struct arena *a, struct principal *out,
			   struct dv_error *e);
enum dv_err session_touch(struct db *db, int64_t session_id, int64_t now, struct dv_error *e);
enum dv_err session_delete(struct db *db, const char *token_hash, struct dv_error *e);
/* Delete every session of a user (password change, disable). */
enum dv_err session_delete_user(struct db *db, int64_t user_id, struct dv_error *e);
/* Delete sessions idle or older than the limits; *n gets how many. */
enum dv_err session_purge(struct db *db, int64_t now, int64_t idle, int64_t absolute,
			  int64_t *n, struct dv_error *e);

struct api_token {
	int64_t id;
	const char *name;
	int64_t created_at, expires_at, last_used_at, revoked_at; /* 0 = none */
};

/* Tokens belong to the caller (sc->user_id). */
enum dv_err api_token_insert(struct db *db, const struct scope *sc, const char *name,
			     const char *token_hash, int64_t now, int64_t expires_at, int64_t *id,
			     struct dv_error *e);
enum dv_err api_token_list(struct db *db, const struct scope *sc, struct arena *a,
			   struct api_token **out, size_t *n, struct dv_error *e);
enum dv_err api_token_revoke(struct db *db, const struct scope *sc, int64_t id, int64_t now,
			     struct dv_error *e);
/* The principal of a live (not revoked, not expired) token of an active user. */
enum dv_err api_token_lookup(struct db *db, const char *token_hash, int64_t now,
			     struct arena *a, struct principal *out, struct dv_error *e);
/* Record use; cheap to skip: callers update at most once a minute per token. */
enum dv_err api_token_touch(struct db *db, int64_t id, int64_t now, struct dv_error *e);

/*
 * Fixed-window failure counters. ratelimit_failures gives the failures of `bucket` in the
 * window that contains `now` (0 when the window has passed). ratelimit_fail adds one (starting
 * a new window when the old one passed); ratelimit_clear deletes the bucket.
 */
enum dv_err ratelimit_failures(struct db *db, const char *bucket, int64_t now, int64_t window,
			       int64_t *failures, struct dv_error *e);
enum dv_err ratelimit_fail(struct db *db, const char *bucket, int64_t now, int64_t window,
			   struct dv_error *e);
enum dv_err ratelimit_clear(struct db *db, const char *bucket, struct dv_error *e);

#endif
