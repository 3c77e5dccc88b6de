/* settings.h: use cases that change the lists behind cases (topics, routing rules, Open311
 * clients): validated, one write transaction each, audited. Holidays are in app/cases.h. */
#ifndef DV_SETTINGS_H
#define DV_SETTINGS_H

#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/catalog.h"
#include "store/db.h"

/* Create (t->id 0) or update a topic; PERM_CONFIG_WRITE. */
enum dv_err app_topic_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, const struct topic *t, int64_t *id,
			   struct dv_error *e);
/*
 * Add a routing rule: `area_code` and `topic_code` may be NULL or "" (any), `kind` a case kind
 * name or NULL (any); the unit and the area must be in the caller's scope.
 */
enum dv_err app_routing_add(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *area_code, const char *topic_code,
			    const char *kind, int64_t unit_id, int64_t *id, struct dv_error *e);
enum dv_err app_routing_remove(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t id, struct dv_error *e);
/* Issue an Open311 client key: *key (arena) is shown once; only its hash is stored. */
enum dv_err app_open311_client_add(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, const char *name, struct arena *a,
				   const char **key, int64_t *id, struct dv_error *e);

#endif
