/* user.c: the account repository: scoped administration and the unscoped login lookup. */
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"

#include "base/banned.h"

/*
 * Binds four parameters: the caller's own user id (0 = no own-account exception), whether the
 * caller holds the needed permission, the system flag, the scope's unit. A user is reachable
 * when it is the caller's own account, or the permission is held and the user's unit is in the
 * caller's unit subtree.
 */
#define USER_VISIBLE                                                                     \
	"(u.id = ? OR (? = 1 AND (? = 1 OR EXISTS (SELECT 1 FROM unit_closure vc"        \
	" WHERE vc.ancestor = ? AND vc.descendant = u.unit_id))))"

#define USER_SELECT                                                                      \
	"SELECT u.id, u.login, u.display_name, u.unit_id, un.name, u.role, u.active, u.lang," \
	" u.created_at, COALESCE(u.last_login_at, 0)"                                      \
	" FROM app_user u JOIN unit un ON un.id = u.unit_id"

static const char sql_get[] = USER_SELECT " WHERE u.id = ? AND " USER_VISIBLE;
static const char sql_get_by_login[] = USER_SELECT " WHERE u.login = ? AND " USER_VISIBLE;
static const char sql_list[] =
	USER_SELECT " WHERE " USER_VISIBLE " ORDER BY u.login LIMIT ? OFFSET ?";
static const char sql_count[] = "SELECT COUNT(*) FROM app_user u WHERE " USER_VISIBLE;
static const char sql_unit_visible[] =
	"SELECT 1 FROM unit u WHERE u.id = ? AND (? = 1 OR EXISTS (SELECT 1 FROM unit_closure vc"
	" WHERE vc.ancestor = ? AND vc.descendant = u.id))";
static const char sql_insert[] =
	"INSERT INTO app_user (login, display_name, unit_id, role, password_hash, active, lang,"
	" created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, 1, 'vi', ?, ?) RETURNING id";
static const char sql_set_active[] =
	"UPDATE app_user SET active = ? WHERE id IN (SELECT u.id FROM app_user u"
	" WHERE u.id = ? AND " USER_VISIBLE ")";
static const char sql_set_password[] =
	"UPDATE app_user SET password_hash = ?, password_changed_at = ? WHERE id IN"
	" (SELECT u.id FROM app_user u WHERE u.id = ? AND " USER_VISIBLE ")";
static const char sql_set_lang[] =
	"UPDATE app_user SET lang = ? WHERE id IN (SELECT u.id FROM app_user u"
	" WHERE u.id = ? AND " USER_VISIBLE ")";
static const char sql_auth[] =
	"SELECT id, unit_id, role, active, password_hash FROM app_user WHERE login = ?";
static const char sql_touch[] = "UPDATE app_user SET last_login_at = ? WHERE id = ?";

#define MAX_LOGIN 64
#define MAX_NAME 200
#define DEFAULT_LIMIT 50
#define MAX_LIMIT 10000

/* own: whether the caller's own account is reachable; perm: what else requires. */
static int bind_scope(struct db_stmt *st, int idx, const struct scope *sc, bool own,
		      uint32_t perm)
{
	int r = 0;

	r |= db_bind_int64(st, idx, own ? sc->user_id : 0);
	r |= db_bind_int64(st, idx + 1, scope_can(sc, perm) ? 1 : 0);
	r |= db_bind_int64(st, idx + 2, sc->system ? 1 : 0);
	r |= db_bind_int64(st, idx + 3, sc->system ? 0 : sc->unit_id);
	return r;
}

static bool read_user(struct db_stmt *st, struct arena *a, struct user *out)
{
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	out->login = db_col_dup(st, 1, a, &oom);
	out->display_name = db_col_dup(st, 2, a, &oom);
	out->unit_id = db_col_int64(st, 3);
	out->unit_name = db_col_dup(st, 4, a, &oom);
	out->role = role_parse(db_col_text(st, 5));
	out->active = db_col_int64(st, 6) != 0;
	out->lang = db_col_dup(st, 7, a, &oom);
	out->created_at = db_col_int64(st, 8);
	out->last_login_at = db_col_int64(st, 9);
	return !oom;
}

static enum dv_err read_one(struct db *db, struct db_stmt *st, struct arena *a, struct user *out,
			    const char *what, struct dv_error *e)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ERROR)
		return db_fail(db, e, "reading user");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "user '%s' not found", what);
	if (!read_user(st, a, out)) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading user '%s': out of memory", what);
	}
	db_reset(st);
	return DV_OK;
}

enum dv_err user_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct user *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get);
	char what[24];

	if (!st || db_bind_int64(st, 1, id) || bind_scope(st, 2, sc, true, PERM_USER_READ))
		return db_fail(db, e, "reading user");
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	return read_one(db, st, a, out, what, e);
}

enum dv_err user_get_by_login(struct db *db, const struct scope *sc, const char *login,
			      struct arena *a, struct user *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get_by_login);

	if (!st || db_bind_text(st, 1, login) || bind_scope(st, 2, sc, true, PERM_USER_READ))
		return db_fail(db, e, "reading user");
	return read_one(db, st, a, out, login ? login : "", e);
}

enum dv_err user_list(struct db *db, const struct scope *sc, size_t limit, size_t offset,
		      struct arena *a, struct user **out, size_t *n, int64_t *total,
		      struct dv_error *e)
{
	struct user *list = NULL;
	size_t len = 0, cap = 0;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (!limit)
		limit = DEFAULT_LIMIT;
	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if (total) {
		ret = user_count(db, sc, total, e);
		if (ret)
			return ret;
	}
	st = db_prepare(db, sql_list);
	if (!st || bind_scope(st, 1, sc, true, PERM_USER_READ) ||
	    db_bind_int64(st, 5, (int64_t)limit) || db_bind_int64(st, 6, (int64_t)offset))
		return db_fail(db, e, "listing users");
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing users: out of memory");
		}
		if (!read_user(st, a, &list[len])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing users: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing users");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err user_count(struct db *db, const struct scope *sc, int64_t *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_count);

	*out = 0;
	if (!st || bind_scope(st, 1, sc, true, PERM_USER_READ) || db_step(st) != DB_ROW)
		return db_fail(db, e, "counting users");
	*out = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

/* ---- writes ---- */

static bool valid_login(const char *login)
{
	size_t i, len = login ? strlen(login) : 0;

	if (!len || len > MAX_LOGIN)
		return false;
	for (i = 0; i < len; i++) {
		char c = login[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '_' || c == '-' || c == '@'))
			return false;
	}
	return true;
}

enum dv_err user_create(struct db *db, const struct scope *sc, const char *login,
			const char *display_name, int64_t unit_id, enum role role,
			const char *password_hash, int64_t *id, struct dv_error *e)
{
	size_t name_len = display_name ? strlen(display_name) : 0;
	int64_t now = time_now();
	struct db_stmt *st;
	enum db_step rc;

	if (id)
		*id = 0;
	if (!scope_can(sc, PERM_USER_WRITE))
		return dv_fail(e, DV_EPERM, "creating user: not permitted for your role");
	if (!valid_login(login))
		return dv_fail(e, DV_EINVAL,
			       "login '%.64s' is not valid (1 to %d letters, digits, '.', '_', '-', '@')",
			       login ? login : "", MAX_LOGIN);
	if (!name_len)
		return dv_fail(e, DV_EINVAL, "user '%s': display name is empty", login);
	if (name_len > MAX_NAME || !utf8_valid_text(display_name, name_len))
		return dv_fail(e, DV_EINVAL,
			       "user '%s': display name is too long or not valid UTF-8 text", login);
	if (!role_name(role))
		return dv_fail(e, DV_EINVAL, "user '%s': role is not valid", login);
	if (role == ROLE_ADMIN && !sc->system && sc->role != ROLE_ADMIN)
		return dv_fail(e, DV_EPERM,
			       "user '%s': only an administrator may create administrators", login);
	if (!password_hash || !*password_hash)
		return dv_fail(e, DV_EINVAL, "user '%s': password hash is empty", login);

	st = db_prepare(db, sql_unit_visible);
	if (!st || db_bind_int64(st, 1, unit_id) || db_bind_int64(st, 2, sc->system ? 1 : 0) ||
	    db_bind_int64(st, 3, sc->system ? 0 : sc->unit_id))
		return db_fail(db, e, "creating user");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "creating user");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "unit #%lld not found", (long long)unit_id);
	db_reset(st);

	st = db_prepare(db, sql_insert);
	if (!st || db_bind_text(st, 1, login) || db_bind_text(st, 2, display_name) ||
	    db_bind_int64(st, 3, unit_id) || db_bind_text(st, 4, role_name(role)) ||
	    db_bind_text(st, 5, password_hash) || db_bind_int64(st, 6, now) ||
	    db_bind_int64(st, 7, now))
		return db_fail(db, e, "creating user");
	if (db_step(st) != DB_ROW) {
		if (db_errcode(db) == DV_EEXIST)
			return dv_fail(e, DV_EEXIST, "login '%s' is already taken", login);
		return db_fail(db, e, "creating user");
	}
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

static enum dv_err one_changed(struct db *db, int64_t id, struct dv_error *e)
{
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "user #%lld not found", (long long)id);
	return DV_OK;
}

enum dv_err user_set_active(struct db *db, const struct scope *sc, int64_t id, bool active,
			    struct dv_error *e)
{
	struct db_stmt *st;

	if (!scope_can(sc, PERM_USER_WRITE))
		return dv_fail(e, DV_EPERM, "changing user: not permitted for your role");
	if (!active && id == sc->user_id && !sc->system)
		return dv_fail(e, DV_EINVAL, "you cannot disable your own account");
	st = db_prepare(db, sql_set_active);
	if (!st || db_bind_int64(st, 1, active ? 1 : 0) || db_bind_int64(st, 2, id) ||
	    bind_scope(st, 3, sc, false, PERM_USER_WRITE) || db_step(st) != DB_DONE)
		return db_fail(db, e, "changing user");
	return one_changed(db, id, e);
}

enum dv_err user_set_password(struct db *db, const struct scope *sc, int64_t id,
			      const char *password_hash, struct dv_error *e)
{
	struct db_stmt *st;

	if (!password_hash || !*password_hash)
		return dv_fail(e, DV_EINVAL, "user #%lld: password hash is empty", (long long)id);
	st = db_prepare(db, sql_set_password);
	if (!st || db_bind_text(st, 1, password_hash) || db_bind_int64(st, 2, time_now()) ||
	    db_bind_int64(st, 3, id) || bind_scope(st, 4, sc, true, PERM_USER_WRITE) ||
	    db_step(st) != DB_DONE)
		return db_fail(db, e, "changing password");
	return one_changed(db, id, e);
}

enum dv_err user_set_lang(struct db *db, const struct scope *sc, int64_t id, const char *lang,
			  struct dv_error *e)
{
	struct db_stmt *st;

	if (!lang || (strcmp(lang, "vi") && strcmp(lang, "en")))
		return dv_fail(e, DV_EINVAL, "language '%s' is not 'vi' or 'en'", lang ? lang : "");
	st = db_prepare(db, sql_set_lang);
	if (!st || db_bind_text(st, 1, lang) || db_bind_int64(st, 2, id) ||
	    bind_scope(st, 3, sc, true, PERM_USER_WRITE) || db_step(st) != DB_DONE)
		return db_fail(db, e, "changing language");
	return one_changed(db, id, e);
}

enum dv_err user_auth_lookup(struct db *db, const char *login, struct arena *a,
			     struct user_auth *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_auth);
	enum db_step rc;
	const char *hash;

	memset(out, 0, sizeof(*out));
	if (!st || db_bind_text(st, 1, login))
		return db_fail(db, e, "looking up login");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "looking up login");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "login '%s' not found", login ? login : "");
	out->id = db_col_int64(st, 0);
	out->unit_id = db_col_int64(st, 1);
	out->role = role_parse(db_col_text(st, 2));
	out->active = db_col_int64(st, 3) != 0;
	hash = db_col_text(st, 4);
	out->password_hash = arena_strdup(a, hash ? hash : "");
	db_reset(st);
	if (!out->password_hash)
		return dv_fail(e, DV_ENOMEM, "looking up login: out of memory");
	return DV_OK;
}

enum dv_err user_touch_login(struct db *db, int64_t id, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_touch);

	if (!st || db_bind_int64(st, 1, now) || db_bind_int64(st, 2, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "recording login");
	return DV_OK;
}
