/* auth.h: passwords, login with rate limits, sessions and API tokens (use cases). */
#ifndef DV_AUTH_H
#define DV_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/session.h"

#define AUTH_PASSWORD_MIN 12      /* code points */
#define AUTH_PASSWORD_MAX 256     /* bytes */
#define AUTH_HASH_MAX 128         /* crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN 43         /* base64url of 32 random bytes, no padding */
#define AUTH_TOKEN_HASH_LEN 64    /* hex of BLAKE2b-256 */

/* DV_EINVAL with a message when the password is too short, too long or not valid UTF-8. */
enum dv_err auth_password_policy(const char *password, struct dv_error *e);
/* argon2id (libsodium, moderate limits); slow by design: call off the network threads. */
enum dv_err auth_password_hash(const char *password, char out[AUTH_HASH_MAX], struct dv_error *e);
bool auth_password_verify(const char *hash, const char *password);

/* A fresh random token (URL-safe) into out[AUTH_TOKEN_LEN + 1]. */
void auth_random_token(char out[AUTH_TOKEN_LEN + 1]);
/* The stored form of a token: hex BLAKE2b-256. */
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_LEN + 1]);

struct login_result {
	char token[AUTH_TOKEN_LEN + 1];  /* raw session token for the cookie */
	char csrf[AUTH_TOKEN_LEN + 1];
	int64_t user_id;
	const char *lang;                /* in the arena */
};

/*
 * Check the rate limits (per login and per address), verify the password, record the failure
 * or clear the counters, create a session and audit the login. Wrong login and wrong password
 * give the same DV_EAUTH; too many failures give DV_ELIMIT (and no password check at all).
 * Slow (argon2id).
 */
enum dv_err auth_login(struct app *app, struct db *db, const char *login, const char *password,
		       const char *addr, const char *user_agent, struct arena *a,
		       struct login_result *out, struct dv_error *e);

/*
 * Resolve a session cookie or a bearer token to a principal; DV_EAUTH when unknown or
 * expired. Read-only: may run inside the request's read transaction.
 */
enum dv_err auth_session(struct app *app, struct db *db, const char *token, int64_t now,
			 struct arena *a, struct principal *out, struct dv_error *e);
enum dv_err auth_bearer(struct app *app, struct db *db, const char *token, int64_t now,
			struct arena *a, struct principal *out, struct dv_error *e);

/*
 * Record the principal's activity (session idle clock, token last use) when the last record is
 * a minute old or more: one small write a minute, so most requests only read. Call outside any
 * transaction; failures are logged, never returned.
 */
void auth_touch(struct app *app, struct db *db, const struct principal *p, int64_t now);

enum dv_err auth_logout(struct app *app, struct db *db, const char *token, struct dv_error *e);
/* Verify `old`, apply the policy to `new`, store, end all of the user's sessions (this one
 * too: the user signs in again with the new password), audit. Slow. */
enum dv_err auth_change_password(struct app *app, struct db *db, const struct scope *sc,
				 const char *old_pw, const char *new_pw, struct dv_error *e);
/* Create an API token for the caller; *raw (arena) is shown once. expires_days 0 = never. */
enum dv_err auth_token_create(struct app *app, struct db *db, const struct scope *sc,
			      const char *name, int expires_days, struct arena *a, char **raw,
			      int64_t *id, struct dv_error *e);
enum dv_err auth_token_revoke(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			      struct dv_error *e);

#endif
