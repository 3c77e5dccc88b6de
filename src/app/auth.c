/* auth.c: passwords (argon2id), login with rate limits, sessions and API tokens. */
#include "app/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/date.h"
#include "base/log.h"
#include "store/audit.h"
#include "store/user.h"

#include "base/banned.h"

#define LOGIN_MAX 64
/* Sessions and tokens record activity at most this often (seconds): one write a minute. */
#define TOUCH_EVERY 60

enum dv_err auth_password_policy(const char *password, struct dv_error *e)
{
	size_t len;

	if (!password || !*password)
		return dv_fail(e, DV_EINVAL, "password is required");
	len = strlen(password);
	if (len > AUTH_PASSWORD_MAX)
		return dv_fail(e, DV_EINVAL, "password is longer than %d bytes", AUTH_PASSWORD_MAX);
	if (!utf8_valid_text(password, len))
		return dv_fail(e, DV_EINVAL, "password is not valid UTF-8 text");
	if (utf8_length(password, len) < AUTH_PASSWORD_MIN)
		return dv_fail(e, DV_EINVAL, "password must have at least %d characters",
			       AUTH_PASSWORD_MIN);
	return DV_OK;
}

enum dv_err auth_password_hash(const char *password, char out[AUTH_HASH_MAX], struct dv_error *e)
{
	_Static_assert(crypto_pwhash_STRBYTES <= AUTH_HASH_MAX, "hash buffer too small");
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return dv_fail(e, DV_ENOMEM, "hashing the password ran out of memory");
	return DV_OK;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_LEN + 1])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HASH_LEN + 1, h, sizeof(h));
}

/* A hash to verify against when the login is unknown, so both cases cost the same. */
static const char *dummy_hash(void)
{
	static char hash[AUTH_HASH_MAX];
	static int ready;

	/* benign race: both threads compute a valid hash of the same string */
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char tmp[AUTH_HASH_MAX];

		if (auth_password_hash("danvan-dummy-password", tmp, NULL) == DV_OK) {
			memcpy(hash, tmp, sizeof(hash));
			__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
		}
	}
	return hash;
}

static void bucket_names(const char *login, const char *addr, char *lb, size_t lbn, char *ab,
			 size_t abn)
{
	size_t i, n;

	n = (size_t)snprintf(lb, lbn, "login:%s", login);
	/* logins are ASCII (validated); compare case-insensitively */
	for (i = 6; i < n && i < lbn; i++)
		if (lb[i] >= 'A' && lb[i] <= 'Z')
			lb[i] = (char)(lb[i] - 'A' + 'a');
	snprintf(ab, abn, "addr:%s", addr && *addr ? addr : "-");
}

/* Valid logins: 3-64 of [A-Za-z0-9._-]. Checked before any lookup. */
static bool login_ok(const char *login)
{
	size_t n = 0;
	const char *p;

	for (p = login; *p; p++, n++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return n >= 3 && n <= LOGIN_MAX;
}

enum dv_err auth_login(struct app *app, struct db *db, const char *login, const char *password,
		       const char *addr, const char *user_agent, struct arena *a,
		       struct login_result *out, struct dv_error *e)
{
	char lb[LOGIN_MAX + 16], ab[128], hash[AUTH_TOKEN_HASH_LEN + 1];
	struct user_auth ua = { 0 };
	struct scope sc;
	int64_t now = time_now(), window = app->cfg.login_window, fails_l = 0, fails_a = 0;
	enum dv_err ret;
	bool found, ok;

	memset(out, 0, sizeof(*out));
	if (!login || !*login || !password || !*password)
		return dv_fail(e, DV_EINVAL, "login and password are required");
	if (!login_ok(login) || strlen(password) > AUTH_PASSWORD_MAX)
		return dv_fail(e, DV_EAUTH, "wrong login or password");
	bucket_names(login, addr, lb, sizeof(lb), ab, sizeof(ab));

	ret = db_begin(db, DB_TX_READ, e);
	if (ret)
		return ret;
	ret = ratelimit_failures(db, lb, now, window, &fails_l, e);
	if (!ret)
		ret = ratelimit_failures(db, ab, now, window, &fails_a, e);
	if (!ret) {
		ret = user_auth_lookup(db, login, a, &ua, e);
		found = ret == DV_OK;
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = DV_OK;
		}
	}
	db_rollback(db);
	if (ret)
		return ret;
	if (fails_l >= app->cfg.login_max_user || fails_a >= app->cfg.login_max_addr) {
		log_msg(LOG_WARN, "login rate limited", "login", login, "addr", addr ? addr : "-",
			NULL);
		return dv_fail(e, DV_ELIMIT, "too many failed sign-ins: wait %lld minutes",
			       (long long)(window / 60));
	}

	/* the slow part, outside any transaction */
	ok = auth_password_verify(found ? ua.password_hash : dummy_hash(), password);
	ok = ok && found && ua.active;

	sc = found ? scope_for_user(ua.id, ua.unit_id, ua.role) : scope_anonymous();
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	if (!ok) {
		ret = ratelimit_fail(db, lb, now, window, e);
		if (!ret)
			ret = ratelimit_fail(db, ab, now, window, e);
		if (!ret)
			ret = audit_append(db, &sc, login, "auth.login-failed", "user",
					   found ? login : "-", addr ? addr : "", e);
		if (!ret)
			ret = db_commit(db, e);
		if (ret) {
			db_rollback(db);
			return ret;
		}
		return dv_fail(e, DV_EAUTH, "wrong login or password");
	}
	auth_random_token(out->token);
	auth_random_token(out->csrf);
	auth_token_hash(out->token, hash);
	ret = ratelimit_clear(db, lb, e);
	if (!ret)
		ret = session_insert(db, hash, ua.id, out->csrf, now, addr ? addr : "",
				     user_agent ? user_agent : "", e);
	if (!ret)
		ret = user_touch_login(db, ua.id, now, e);
	if (!ret)
		ret = audit_append(db, &sc, login, "auth.login", "user", login, addr ? addr : "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret) {
		db_rollback(db);
		memset(out, 0, sizeof(*out));
		return ret;
	}
	out->user_id = ua.id;
	return DV_OK;
}

void auth_touch(struct app *app, struct db *db, const struct principal *p, int64_t now)
{
	struct dv_error e2 = DV_ERROR_INIT;
	enum dv_err ret;

	(void)app;
	if (p->last_seen_at && now - p->last_seen_at < TOUCH_EVERY)
		return;
	if (db_in_tx(db))
		return;
	ret = db_begin(db, DB_TX_WRITE, &e2);
	if (ret)
		return;
	ret = p->session_id ? session_touch(db, p->session_id, now, &e2)
			    : api_token_touch(db, p->token_id, now, &e2);
	if (!ret)
		ret = db_commit(db, &e2);
	if (ret) {
		db_rollback(db);
		log_msg(LOG_WARN, "recording activity failed", "error", e2.detail, NULL);
	}
}

enum dv_err auth_session(struct app *app, struct db *db, const char *token, int64_t now,
			 struct arena *a, struct principal *out, struct dv_error *e)
{
	char hash[AUTH_TOKEN_HASH_LEN + 1];

	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return dv_fail(e, DV_EAUTH, "no valid session");
	auth_token_hash(token, hash);
	return session_lookup(db, hash, now, app->cfg.session_idle, app->cfg.session_absolute, a,
			      out, e);
}

enum dv_err auth_bearer(struct app *app, struct db *db, const char *token, int64_t now,
			struct arena *a, struct principal *out, struct dv_error *e)
{
	char hash[AUTH_TOKEN_HASH_LEN + 1];

	(void)app;
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return dv_fail(e, DV_EAUTH, "invalid API token");
	auth_token_hash(token, hash);
	return api_token_lookup(db, hash, now, a, out, e);
}

enum dv_err auth_logout(struct app *app, struct db *db, const char *token, struct dv_error *e)
{
	char hash[AUTH_TOKEN_HASH_LEN + 1];
	enum dv_err ret;

	(void)app;
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return DV_OK;
	auth_token_hash(token, hash);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = session_delete(db, hash, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

enum dv_err auth_change_password(struct app *app, struct db *db, const struct scope *sc,
				 const char *old_pw, const char *new_pw, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct user u;
	struct user_auth ua;
	char hash[AUTH_HASH_MAX];
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = auth_password_policy(new_pw, e);
	if (ret)
		goto cleanup;
	ret = db_begin(db, DB_TX_READ, e);
	if (ret)
		goto cleanup;
	ret = user_get(db, sc, sc->user_id, a, &u, e);
	if (!ret)
		ret = user_auth_lookup(db, u.login, a, &ua, e);
	db_rollback(db);
	if (ret)
		goto cleanup;
	if (!old_pw || !auth_password_verify(ua.password_hash, old_pw)) {
		ret = dv_fail(e, DV_EAUTH, "the current password is wrong");
		goto cleanup;
	}
	ret = auth_password_hash(new_pw, hash, e);
	if (ret)
		goto cleanup;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto cleanup;
	ret = user_set_password(db, sc, sc->user_id, hash, e);
	if (!ret)
		ret = session_delete_user(db, sc->user_id, e);
	if (!ret)
		ret = audit_append(db, sc, u.login, "user.password-change", "user", u.login, "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
cleanup:
	sodium_memzero(hash, sizeof(hash));
	arena_free(a);
	return ret;
}

enum dv_err auth_token_create(struct app *app, struct db *db, const struct scope *sc,
			      const char *name, int expires_days, struct arena *a, char **raw,
			      int64_t *id, struct dv_error *e)
{
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_TOKEN_HASH_LEN + 1], idbuf[24];
	int64_t now = time_now(), tid = 0;
	enum dv_err ret;

	(void)app;
	*raw = NULL;
	if (!name || !*name || strlen(name) > 100 || !utf8_valid_text(name, strlen(name)))
		return dv_fail(e, DV_EINVAL, "token name is required (at most 100 characters)");
	if (expires_days < 0 || expires_days > 3650)
		return dv_fail(e, DV_EINVAL, "token lifetime must be 0 (never expires) to 3650 days");
	auth_random_token(token);
	auth_token_hash(token, hash);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = api_token_insert(db, sc, name, hash, now,
			       expires_days ? now + (int64_t)expires_days * 86400 : 0, &tid, e);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)tid);
	if (!ret)
		ret = audit_append(db, sc, "self", "token.create", "api_token", idbuf, name, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret) {
		db_rollback(db);
		return ret;
	}
	*raw = arena_strdup(a, token);
	if (id)
		*id = tid;
	sodium_memzero(token, sizeof(token));
	return *raw ? DV_OK : dv_fail(e, DV_ENOMEM, "out of memory");
}

enum dv_err auth_token_revoke(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			      struct dv_error *e)
{
	char idbuf[24];
	enum dv_err ret;

	(void)app;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = api_token_revoke(db, sc, id, time_now(), e);
	if (!ret)
		ret = audit_append(db, sc, "self", "token.revoke", "api_token", idbuf, "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}
