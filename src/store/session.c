/* session.c: browser sessions, API tokens and login rate-limit buckets, kept in the database. */
#include "store/session.h"

#include <string.h>

#include "base/banned.h"

/* One query per request: the session, its user (active) and the user's principal fields. */
static const char sql_session_lookup[] =
	"SELECT s.id, s.user_id, u.unit_id, u.role, u.login, u.display_name, u.lang, s.csrf,"
	" s.created_at, s.last_seen_at FROM session s JOIN app_user u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND u.active = 1";
static const char sql_session_insert[] =
	"INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, addr, user_agent)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_session_touch[] = "UPDATE session SET last_seen_at = ? WHERE id = ?";
static const char sql_session_delete[] = "DELETE FROM session WHERE token_hash = ?";
static const char sql_session_delete_user[] = "DELETE FROM session WHERE user_id = ?";
static const char sql_session_purge[] =
	"DELETE FROM session WHERE last_seen_at < ? OR created_at < ?";

static const char sql_token_insert[] =
	"INSERT INTO api_token (token_hash, user_id, name, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char sql_token_list[] =
	"SELECT id, name, created_at, COALESCE(expires_at, 0), COALESCE(last_used_at, 0),"
	" COALESCE(revoked_at, 0) FROM api_token WHERE user_id = ? ORDER BY created_at DESC, id DESC";
static const char sql_token_revoke[] =
	"UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?";
static const char sql_token_lookup[] =
	"SELECT t.id, t.user_id, u.unit_id, u.role, u.login, u.display_name, u.lang,"
	" t.created_at, COALESCE(t.last_used_at, 0) FROM api_token t"
	" JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ? AND u.active = 1"
	" AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)";
static const char sql_token_touch[] = "UPDATE api_token SET last_used_at = ? WHERE id = ?";

static const char sql_rl_get[] = "SELECT window_start, failures FROM login_attempt WHERE bucket = ?";
/* A new window starts when the old one has passed; both SETs read the old row. */
static const char sql_rl_fail[] =
	"INSERT INTO login_attempt (bucket, window_start, failures) VALUES (?, ?, 1)"
	" ON CONFLICT (bucket) DO UPDATE SET"
	" window_start = CASE WHEN login_attempt.window_start + ? <= ? THEN ?"
	" ELSE login_attempt.window_start END,"
	" failures = CASE WHEN login_attempt.window_start + ? <= ? THEN 1"
	" ELSE login_attempt.failures + 1 END";
static const char sql_rl_clear[] = "DELETE FROM login_attempt WHERE bucket = ?";

#define MAX_ADDR 64
#define MAX_AGENT 256
#define MAX_TOKEN_NAME 100

/* Length of s cut to at most max bytes, not inside a UTF-8 sequence. */
static size_t clipped(const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len <= max)
		return len;
	len = max;
	while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

enum dv_err session_insert(struct db *db, const char *token_hash, int64_t user_id,
			   const char *csrf, int64_t now, const char *addr, const char *user_agent,
			   struct dv_error *e)
{
	struct db_stmt *st;

	if (!token_hash || !*token_hash || !csrf || !*csrf)
		return dv_fail(e, DV_EINVAL, "creating session: token or csrf is empty");
	if (!addr)
		addr = "";
	if (!user_agent)
		user_agent = "";
	st = db_prepare(db, sql_session_insert);
	if (!st || db_bind_text(st, 1, token_hash) || db_bind_int64(st, 2, user_id) ||
	    db_bind_text(st, 3, csrf) || db_bind_int64(st, 4, now) || db_bind_int64(st, 5, now) ||
	    db_bind_textn(st, 6, addr, clipped(addr, MAX_ADDR)) ||
	    db_bind_textn(st, 7, user_agent, clipped(user_agent, MAX_AGENT)) ||
	    db_step(st) != DB_DONE)
		return db_fail(db, e, "creating session");
	return DV_OK;
}

enum dv_err session_lookup(struct db *db, const char *token_hash, int64_t now, int64_t idle,
			   int64_t absolute, struct arena *a, struct principal *out,
			   struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_session_lookup);
	bool oom = false;
	enum db_step rc;

	memset(out, 0, sizeof(*out));
	if (!st || db_bind_text(st, 1, token_hash))
		return db_fail(db, e, "reading session");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading session");
	if (rc == DB_DONE)
		return dv_fail(e, DV_EAUTH, "session not found");
	out->session_id = db_col_int64(st, 0);
	out->user_id = db_col_int64(st, 1);
	out->unit_id = db_col_int64(st, 2);
	out->role = role_parse(db_col_text(st, 3));
	out->login = db_col_dup(st, 4, a, &oom);
	out->display_name = db_col_dup(st, 5, a, &oom);
	out->lang = db_col_dup(st, 6, a, &oom);
	out->csrf = db_col_dup(st, 7, a, &oom);
	out->created_at = db_col_int64(st, 8);
	out->last_seen_at = db_col_int64(st, 9);
	db_reset(st);
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading session: out of memory");
	if (now - out->last_seen_at > idle || now - out->created_at > absolute) {
		int64_t id = out->session_id;

		memset(out, 0, sizeof(*out));
		return dv_fail(e, DV_EAUTH, "session #%lld has expired", (long long)id);
	}
	return DV_OK;
}

static enum dv_err exec_id(struct db *db, const char *sql, int64_t a, int64_t b,
			   const char *what, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql);

	if (!st || db_bind_int64(st, 1, a) || db_bind_int64(st, 2, b) || db_step(st) != DB_DONE)
		return db_fail(db, e, what);
	return DV_OK;
}

enum dv_err session_touch(struct db *db, int64_t session_id, int64_t now, struct dv_error *e)
{
	return exec_id(db, sql_session_touch, now, session_id, "touching session", e);
}

enum dv_err session_delete(struct db *db, const char *token_hash, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete);

	if (!st || db_bind_text(st, 1, token_hash) || db_step(st) != DB_DONE)
		return db_fail(db, e, "deleting session");
	return DV_OK;
}

enum dv_err session_delete_user(struct db *db, int64_t user_id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete_user);

	if (!st || db_bind_int64(st, 1, user_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "deleting sessions");
	return DV_OK;
}

enum dv_err session_purge(struct db *db, int64_t now, int64_t idle, int64_t absolute,
			  int64_t *n, struct dv_error *e)
{
	enum dv_err ret;

	if (n)
		*n = 0;
	ret = exec_id(db, sql_session_purge, now - idle, now - absolute, "purging sessions", e);
	if (!ret && n)
		*n = db_changes(db);
	return ret;
}

/* ---- API tokens ---- */

enum dv_err api_token_insert(struct db *db, const struct scope *sc, const char *name,
			     const char *token_hash, int64_t now, int64_t expires_at, int64_t *id,
			     struct dv_error *e)
{
	size_t len = name ? strlen(name) : 0;
	struct db_stmt *st;

	if (id)
		*id = 0;
	if (sc->user_id <= 0 || !scope_can(sc, PERM_SELF))
		return dv_fail(e, DV_EPERM, "creating API token: not permitted");
	if (!len || len > MAX_TOKEN_NAME)
		return dv_fail(e, DV_EINVAL, "API token name must be 1 to %d bytes", MAX_TOKEN_NAME);
	if (!token_hash || !*token_hash)
		return dv_fail(e, DV_EINVAL, "API token '%s': token hash is empty", name);
	if (expires_at && expires_at <= now)
		return dv_fail(e, DV_EINVAL, "API token '%s': expiry is in the past", name);
	st = db_prepare(db, sql_token_insert);
	if (!st || db_bind_text(st, 1, token_hash) || db_bind_int64(st, 2, sc->user_id) ||
	    db_bind_text(st, 3, name) || db_bind_int64(st, 4, now) ||
	    (expires_at ? db_bind_int64(st, 5, expires_at) : db_bind_null(st, 5)))
		return db_fail(db, e, "creating API token");
	if (db_step(st) != DB_ROW)
		return db_fail(db, e, "creating API token");
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

enum dv_err api_token_list(struct db *db, const struct scope *sc, struct arena *a,
			   struct api_token **out, size_t *n, struct dv_error *e)
{
	struct api_token *list = NULL;
	size_t len = 0, cap = 0;
	struct db_stmt *st;
	enum db_step rc;
	bool oom = false;

	*out = NULL;
	*n = 0;
	if (sc->user_id <= 0)
		return DV_OK;
	st = db_prepare(db, sql_token_list);
	if (!st || db_bind_int64(st, 1, sc->user_id))
		return db_fail(db, e, "listing API tokens");
	while ((rc = db_step(st)) == DB_ROW) {
		struct api_token *t;

		if (ARENA_RESERVE(a, list, len, cap, 8)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing API tokens: out of memory");
		}
		t = &list[len++];
		t->id = db_col_int64(st, 0);
		t->name = db_col_dup(st, 1, a, &oom);
		t->created_at = db_col_int64(st, 2);
		t->expires_at = db_col_int64(st, 3);
		t->last_used_at = db_col_int64(st, 4);
		t->revoked_at = db_col_int64(st, 5);
		if (oom) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing API tokens: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing API tokens");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err api_token_revoke(struct db *db, const struct scope *sc, int64_t id, int64_t now,
			     struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_token_revoke);

	if (!st || db_bind_int64(st, 1, now) || db_bind_int64(st, 2, id) ||
	    db_bind_int64(st, 3, sc->user_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "revoking API token");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "API token #%lld not found", (long long)id);
	return DV_OK;
}

enum dv_err api_token_lookup(struct db *db, const char *token_hash, int64_t now,
			     struct arena *a, struct principal *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_token_lookup);
	bool oom = false;
	enum db_step rc;

	memset(out, 0, sizeof(*out));
	if (!st || db_bind_text(st, 1, token_hash) || db_bind_int64(st, 2, now))
		return db_fail(db, e, "reading API token");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading API token");
	if (rc == DB_DONE)
		return dv_fail(e, DV_EAUTH, "API token not found, revoked or expired");
	out->token_id = db_col_int64(st, 0);
	out->user_id = db_col_int64(st, 1);
	out->unit_id = db_col_int64(st, 2);
	out->role = role_parse(db_col_text(st, 3));
	out->login = db_col_dup(st, 4, a, &oom);
	out->display_name = db_col_dup(st, 5, a, &oom);
	out->lang = db_col_dup(st, 6, a, &oom);
	out->created_at = db_col_int64(st, 7);
	out->last_seen_at = db_col_int64(st, 8);
	db_reset(st);
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading API token: out of memory");
	return DV_OK;
}

enum dv_err api_token_touch(struct db *db, int64_t id, int64_t now, struct dv_error *e)
{
	return exec_id(db, sql_token_touch, now, id, "touching API token", e);
}

/* ---- login rate limits ---- */

enum dv_err ratelimit_failures(struct db *db, const char *bucket, int64_t now, int64_t window,
			       int64_t *failures, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_rl_get);
	enum db_step rc;

	*failures = 0;
	if (!st || db_bind_text(st, 1, bucket))
		return db_fail(db, e, "reading login failures");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading login failures");
	if (rc == DB_ROW) {
		if (db_col_int64(st, 0) + window > now)
			*failures = db_col_int64(st, 1);
		db_reset(st);
	}
	return DV_OK;
}

enum dv_err ratelimit_fail(struct db *db, const char *bucket, int64_t now, int64_t window,
			   struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_rl_fail);

	if (!st || db_bind_text(st, 1, bucket) || db_bind_int64(st, 2, now) ||
	    db_bind_int64(st, 3, window) || db_bind_int64(st, 4, now) ||
	    db_bind_int64(st, 5, now) || db_bind_int64(st, 6, window) ||
	    db_bind_int64(st, 7, now) || db_step(st) != DB_DONE)
		return db_fail(db, e, "recording login failure");
	return DV_OK;
}

enum dv_err ratelimit_clear(struct db *db, const char *bucket, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_rl_clear);

	if (!st || db_bind_text(st, 1, bucket) || db_step(st) != DB_DONE)
		return db_fail(db, e, "clearing login failures");
	return DV_OK;
}
