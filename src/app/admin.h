/* admin.h: use cases that change units and users: one write transaction each, audited. */
#ifndef DV_ADMIN_H
#define DV_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/unit.h"

/*
 * `actor` labels the audit record (the caller's login, or "cli"). Each function validates its
 * input (lengths, UTF-8, NFC, known kinds and roles), runs in its own write transaction and
 * changes nothing on error.
 */
enum dv_err app_unit_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const struct unit_new *in, int64_t *id,
			    struct dv_error *e);
enum dv_err app_unit_update(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, int64_t id, const struct unit_new *in,
			    struct dv_error *e);
enum dv_err app_unit_move(struct app *app, struct db *db, const struct scope *sc,
			  const char *actor, int64_t id, int64_t new_parent, struct dv_error *e);

/* Hashes the password (slow) before opening the transaction. */
enum dv_err app_user_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *login, const char *display_name,
			    int64_t unit_id, const char *role, const char *password, int64_t *id,
			    struct dv_error *e);
/* Disabling also ends the user's sessions. */
enum dv_err app_user_set_active(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t id, bool active, struct dv_error *e);
/* Administrator reset; ends the user's sessions. Slow. */
enum dv_err app_user_set_password(struct app *app, struct db *db, const struct scope *sc,
				  const char *actor, int64_t id, const char *password,
				  struct dv_error *e);

/* Validate a short single-line text field: required, valid UTF-8 without control characters,
 * at most `max` code points; NFC-normalised copy into the arena. */
struct arena;
enum dv_err app_clean_text(const char *field, const char *in, size_t max, bool required,
			   struct arena *a, const char **out, struct dv_error *e);
/* The same for multi-line text (tabs and newlines allowed), trimmed; "" when empty. */
enum dv_err app_clean_long(const char *field, const char *in, size_t max, bool required,
			   struct arena *a, const char **out, struct dv_error *e);
/* The search key of two texts: both folded (no diacritics, lowercase), joined by a space;
 * NULL when out of memory. */
const char *app_fold(struct arena *a, const char *x, const char *y);

#endif
