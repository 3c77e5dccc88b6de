/* user.h: accounts: scoped administration and the one unscoped lookup that login needs. */
#ifndef DV_STORE_USER_H
#define DV_STORE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

struct user {
	int64_t id;
	const char *login;
	const char *display_name;
	int64_t unit_id;
	const char *unit_name;
	enum role role;
	bool active;
	const char *lang;           /* "vi" or "en" */
	int64_t created_at;
	int64_t last_login_at;      /* 0 = never */
};

/* What login needs before any scope exists; password_hash is owned by the arena. */
struct user_auth {
	int64_t id;
	int64_t unit_id;
	enum role role;
	bool active;
	const char *password_hash;
};

/*
 * Users are visible when their unit is in the caller's unit subtree and the caller has
 * PERM_USER_READ (or it is the caller's own account). Writes need PERM_USER_WRITE; only a
 * caller whose role is administrator may create or promote administrators.
 */
enum dv_err user_create(struct db *db, const struct scope *sc, const char *login,
			const char *display_name, int64_t unit_id, enum role role,
			const char *password_hash, int64_t *id, struct dv_error *e);
enum dv_err user_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct user *out, struct dv_error *e);
enum dv_err user_get_by_login(struct db *db, const struct scope *sc, const char *login,
			      struct arena *a, struct user *out, struct dv_error *e);
enum dv_err user_list(struct db *db, const struct scope *sc, size_t limit, size_t offset,
		      struct arena *a, struct user **out, size_t *n, int64_t *total,
		      struct dv_error *e);
enum dv_err user_count(struct db *db, const struct scope *sc, int64_t *out, struct dv_error *e);
enum dv_err user_set_active(struct db *db, const struct scope *sc, int64_t id, bool active,
			    struct dv_error *e);
/* Own account (sc->user_id == id) or PERM_USER_WRITE over the user's unit. */
enum dv_err user_set_password(struct db *db, const struct scope *sc, int64_t id,
			      const char *password_hash, struct dv_error *e);
enum dv_err user_set_lang(struct db *db, const struct scope *sc, int64_t id, const char *lang,
			  struct dv_error *e);

/* Unscoped, by design: the credentials check at login. DV_ENOTFOUND when no such login. */
enum dv_err user_auth_lookup(struct db *db, const char *login, struct arena *a,
			     struct user_auth *out, struct dv_error *e);
/* Unscoped: record a successful login time. */
enum dv_err user_touch_login(struct db *db, int64_t id, int64_t now, struct dv_error *e);

#endif
