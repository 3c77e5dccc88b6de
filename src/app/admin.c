/* admin.c: use cases that change units and users: validated, one transaction each, audited. */
#include "app/admin.h"

#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"
#include "store/audit.h"
#include "store/session.h"
#include "store/user.h"

#include "base/banned.h"

#define NAME_MAX_CHARS 200

enum dv_err app_clean_text(const char *field, const char *in, size_t max, bool required,
			   struct arena *a, const char **out, struct dv_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len, start, end;
	enum dv_err ret = DV_OK;

	*out = NULL;
	if (!in)
		in = "";
	len = strlen(in);
	/* trim ASCII spaces */
	for (start = 0; start < len && (in[start] == ' ' || in[start] == '\t'); start++)
		;
	for (end = len; end > start && (in[end - 1] == ' ' || in[end - 1] == '\t'); end--)
		;
	if (end == start) {
		if (required)
			return dv_fail(e, DV_EINVAL, "%s is required", field);
		*out = "";
		return DV_OK;
	}
	if (!utf8_valid(in + start, end - start) || memchr(in + start, '\n', end - start) ||
	    memchr(in + start, '\r', end - start) || !utf8_valid_text(in + start, end - start))
		return dv_fail(e, DV_EINVAL, "%s must be one line of valid UTF-8 text", field);
	if (utf8_nfc(&sb, in + start, end - start) < 0) {
		ret = dv_fail(e, DV_EINVAL, "%s is not valid text", field);
		goto cleanup;
	}
	if (utf8_length(sb.buf, sb.len) > max) {
		ret = dv_fail(e, DV_EINVAL, "%s is longer than %zu characters", field, max);
		goto cleanup;
	}
	*out = arena_strndup(a, sb.buf, sb.len);
	if (!*out)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
cleanup:
	strbuf_release(&sb);
	return ret;
}

/* Validate and normalise a unit's fields into *clean (strings in the arena). */
static enum dv_err clean_unit(const struct unit_new *in, struct arena *a, struct unit_new *clean,
			      struct dv_error *e)
{
	enum dv_err ret;

	*clean = *in;
	if (!unit_kind_find(in->kind))
		return dv_fail(e, DV_EINVAL, "unit kind '%s' is unknown",
			       in->kind ? in->kind : "");
	ret = app_clean_text("unit name", in->name, NAME_MAX_CHARS, true, a, &clean->name, e);
	if (!ret)
		ret = app_clean_text("English name", in->name_en, NAME_MAX_CHARS, false, a,
				     &clean->name_en, e);
	if (!ret)
		ret = app_clean_text("home area code", in->home_area_code, 32, true, a,
				     &clean->home_area_code, e);
	return ret;
}

/* Run `fn` in a write transaction, audit it, and commit; roll back on any error. */
static enum dv_err finish(struct db *db, const struct scope *sc, const char *actor,
			  const char *action, const char *type, int64_t id, const char *detail,
			  enum dv_err ret, struct dv_error *e)
{
	char idbuf[24];

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (!ret)
		ret = audit_append(db, sc, actor, action, type, idbuf, detail ? detail : "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

enum dv_err app_unit_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const struct unit_new *in, int64_t *id,
			    struct dv_error *e)
{
	struct arena *a = arena_new();
	struct unit_new clean;
	int64_t uid = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = clean_unit(in, a, &clean, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (!ret) {
		ret = unit_create(db, sc, &clean, &uid, e);
		ret = finish(db, sc, actor, "unit.create", "unit", uid, clean.name, ret, e);
	}
	if (!ret && id)
		*id = uid;
	arena_free(a);
	return ret;
}

enum dv_err app_unit_update(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, int64_t id, const struct unit_new *in,
			    struct dv_error *e)
{
	struct arena *a = arena_new();
	struct unit_new clean;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = clean_unit(in, a, &clean, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (!ret) {
		ret = unit_update(db, sc, id, &clean, e);
		ret = finish(db, sc, actor, "unit.update", "unit", id, clean.name, ret, e);
	}
	arena_free(a);
	return ret;
}

enum dv_err app_unit_move(struct app *app, struct db *db, const struct scope *sc,
			  const char *actor, int64_t id, int64_t new_parent, struct dv_error *e)
{
	char detail[48];
	enum dv_err ret;

	(void)app;
	if (id <= 0 || new_parent <= 0)
		return dv_fail(e, DV_EINVAL, "a unit and a new parent unit are required");
	snprintf(detail, sizeof(detail), "new parent %lld", (long long)new_parent);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = unit_move(db, sc, id, new_parent, e);
	return finish(db, sc, actor, "unit.move", "unit", id, detail, ret, e);
}

/* Logins: 3-64 of [a-z0-9._-], stored lowercase. */
static enum dv_err clean_login(const char *in, struct arena *a, const char **out,
			       struct dv_error *e)
{
	size_t i, n = in ? strlen(in) : 0;
	char *s;

	if (n < 3 || n > 64)
		return dv_fail(e, DV_EINVAL, "login must have 3 to 64 characters");
	s = arena_strndup(a, in, n);
	if (!s)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			s[i] = c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return dv_fail(e, DV_EINVAL,
				       "login '%s' may only have letters a-z, digits, '.', '_' and '-'",
				       in);
	}
	*out = s;
	return DV_OK;
}

enum dv_err app_user_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *login, const char *display_name,
			    int64_t unit_id, const char *role, const char *password, int64_t *id,
			    struct dv_error *e)
{
	struct arena *a = arena_new();
	const char *clogin = NULL, *cname = NULL;
	char hash[AUTH_HASH_MAX];
	enum role r = role_parse(role);
	int64_t uid = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = clean_login(login, a, &clogin, e);
	if (!ret)
		ret = app_clean_text("display name", display_name, NAME_MAX_CHARS, true, a, &cname,
				     e);
	if (!ret && r == ROLE_NONE)
		ret = dv_fail(e, DV_EINVAL,
			      "role '%s' is unknown: use officer, settler, leader, inspector or "
			      "administrator",
			      role ? role : "");
	if (!ret && !scope_can(sc, PERM_USER_WRITE))
		ret = dv_fail(e, DV_EPERM, "creating users is not permitted");
	if (!ret)
		ret = auth_password_policy(password, e);
	if (!ret)
		ret = auth_password_hash(password, hash, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (!ret) {
		ret = user_create(db, sc, clogin, cname, unit_id, r, hash, &uid, e);
		ret = finish(db, sc, actor, "user.create", "user", uid, clogin, ret, e);
	}
	if (!ret && id)
		*id = uid;
	arena_free(a);
	return ret;
}

enum dv_err app_user_set_active(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t id, bool active, struct dv_error *e)
{
	enum dv_err ret;

	(void)app;
	if (!active && id == sc->user_id)
		return dv_fail(e, DV_EINVAL, "you cannot disable your own account");
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = user_set_active(db, sc, id, active, e);
	if (!ret && !active)
		ret = session_delete_user(db, id, e);
	return finish(db, sc, actor, active ? "user.enable" : "user.disable", "user", id, NULL, ret,
		      e);
}

enum dv_err app_user_set_password(struct app *app, struct db *db, const struct scope *sc,
				  const char *actor, int64_t id, const char *password,
				  struct dv_error *e)
{
	char hash[AUTH_HASH_MAX];
	enum dv_err ret;

	(void)app;
	ret = auth_password_policy(password, e);
	if (ret)
		return ret;
	if (id != sc->user_id && !scope_can(sc, PERM_USER_WRITE))
		return dv_fail(e, DV_EPERM, "resetting passwords is not permitted");
	ret = auth_password_hash(password, hash, e);
	if (ret)
		return ret;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = user_set_password(db, sc, id, hash, e);
	if (!ret)
		ret = session_delete_user(db, id, e);
	return finish(db, sc, actor, "user.password-reset", "user", id, NULL, ret, e);
}

/* Multi-line text: valid UTF-8 without control characters (tabs and newlines allowed), NFC. */
enum dv_err app_clean_long(const char *field, const char *in, size_t max, bool required,
                           struct arena *a, const char **out, struct dv_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len, start, end;
	enum dv_err ret = DV_OK;

	*out = "";
	if (!in)
		in = "";
	len = strlen(in);
	for (start = 0; start < len && strchr(" \t\r\n", in[start]); start++)
		;
	for (end = len; end > start && strchr(" \t\r\n", in[end - 1]); end--)
		;
	if (end == start)
		return required ? dv_fail(e, DV_EINVAL, "%s is required", field) : DV_OK;
	if (!utf8_valid(in + start, end - start) || !utf8_valid_text(in + start, end - start))
		return dv_fail(e, DV_EINVAL, "%s must be valid UTF-8 text", field);
	if (utf8_nfc(&sb, in + start, end - start) < 0) {
		ret = dv_fail(e, DV_EINVAL, "%s is not valid text", field);
		goto cleanup;
	}
	if (utf8_length(sb.buf, sb.len) > max) {
		ret = dv_fail(e, DV_EINVAL, "%s is longer than %zu characters", field, max);
		goto cleanup;
	}
	*out = arena_strndup(a, sb.buf, sb.len);
	if (!*out)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
cleanup:
	strbuf_release(&sb);
	return ret;
}

const char *app_fold(struct arena *a, const char *x, const char *y)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	const char *r = NULL;

	strbuf_addstr(&in, x ? x : "");
	strbuf_addch(&in, ' ');
	strbuf_addstr(&in, y ? y : "");
	if (!in.failed && utf8_fold(&out, in.buf, in.len) == 0 && !out.failed)
		r = arena_strndup(a, out.buf, out.len);
	strbuf_release(&in);
	strbuf_release(&out);
	return r;
}
