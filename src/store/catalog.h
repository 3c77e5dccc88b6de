/* catalog.h: the configurable lists behind cases: topics, rule sets, holidays, routing rules,
 * Open311 clients. Reads are open to every signed-in user; writes need PERM_CONFIG_WRITE. */
#ifndef DV_STORE_CATALOG_H
#define DV_STORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/deadline.h"
#include "core/scope.h"
#include "store/db.h"

struct topic {
	int64_t id;
	const char *code, *name, *name_en, *description;
	bool active;
	int sort;
};

/* Topics ordered by sort then name; `all` includes inactive ones. Unscoped: a public list. */
enum dv_err topic_list(struct db *db, bool all, struct arena *a, struct topic **out, size_t *n,
		       struct dv_error *e);
enum dv_err topic_get(struct db *db, int64_t id, struct arena *a, struct topic *out,
		      struct dv_error *e);
enum dv_err topic_get_by_code(struct db *db, const char *code, struct arena *a,
			      struct topic *out, struct dv_error *e);
/* Create (id 0) or update a topic; PERM_CONFIG_WRITE; codes are [a-z0-9-], unique. */
enum dv_err topic_save(struct db *db, const struct scope *sc, const struct topic *t,
		       int64_t *id, struct dv_error *e);

/*
 * Every rule set with its rules, ordered by effective_from, into the arena (the deadline
 * engine's input). Cheap enough per request; callers may also keep it per transaction.
 */
/*
 * The max_extensions of rule `code` in the set in force on `day`: 0 when no set is in force or
 * that set lacks the rule (as rule_set_in_force + rule_find would say). One indexed read, for
 * the views that judge a case without computing a clock.
 */
enum dv_err rule_max_extensions(struct db *db, const char *code, dv_date day, int *out,
                                struct dv_error *e);
enum dv_err ruleset_load(struct db *db, struct arena *a, struct rule_set **out, size_t *n,
			 struct dv_error *e);
/*
 * Add a rule set in force from `from` (after the latest one's date), holding `rules`;
 * PERM_CONFIG_WRITE. DV_EEXIST when a set starts that day.
 */
enum dv_err ruleset_add(struct db *db, const struct scope *sc, dv_date from, const char *name,
			const char *note, const struct rule *rules, size_t n, int64_t *id,
			struct dv_error *e);

/* The added holidays (sorted) as the engine wants them; `years` limits nothing (all rows). */
enum dv_err holiday_load(struct db *db, struct arena *a, struct holidays *out,
			 struct dv_error *e);
struct holiday_row {
	dv_date day;
	const char *name;
};
enum dv_err holiday_list(struct db *db, struct arena *a, struct holiday_row **out, size_t *n,
			 struct dv_error *e);
/* PERM_CONFIG_WRITE. Adding an existing day renames it; removing a missing day is DV_ENOTFOUND. */
enum dv_err holiday_add(struct db *db, const struct scope *sc, dv_date day, const char *name,
			struct dv_error *e);
enum dv_err holiday_remove(struct db *db, const struct scope *sc, dv_date day,
			   struct dv_error *e);

struct routing_rule {
	int64_t id;
	int64_t area_id;          /* 0 = any area */
	const char *area_code;    /* NULL when any */
	int64_t topic_id;         /* 0 = any topic */
	const char *topic_code;
	const char *kind;         /* NULL = any kind */
	int64_t unit_id;
	const char *unit_name;
};
/* Rules whose unit is in the caller's scope (a system scope sees all). */
enum dv_err routing_list(struct db *db, const struct scope *sc, struct arena *a,
			 struct routing_rule **out, size_t *n, struct dv_error *e);
/* PERM_CONFIG_WRITE; the unit and the area must be in the caller's scope. */
enum dv_err routing_add(struct db *db, const struct scope *sc, const struct routing_rule *r,
			int64_t *id, struct dv_error *e);
enum dv_err routing_remove(struct db *db, const struct scope *sc, int64_t id,
			   struct dv_error *e);

/*
 * The version of the rule sets, the holiday calendar and the routing rules: raised in the same
 * transaction as any change of them (0 until the first), so a process may keep what it loaded
 * while the version stays the same. *routing_rules gets how many routing rules there are.
 */
enum dv_err catalog_version(struct db *db, int64_t *v, int64_t *routing_rules,
                            struct dv_error *e);
/* In the transaction of another change routing depends on (a unit created, changed or moved):
 * raises the version, so that every process drops the routes it remembered. */
enum dv_err catalog_changed(struct db *db, struct dv_error *e);

/*
 * The handling unit for a new case, unscoped (intake comes from citizens): the most specific
 * routing rule matching the area (or an ancestor: the deepest wins), the topic and the kind
 * (a rule naming a topic or kind beats one that does not); with none, the first active
 * people's committee whose home area is the case's commune (or its province as a last
 * resort). DV_ENOTFOUND when no unit can take it (the message says which area). `rules`
 * false skips the rules (the caller knows from catalog_version that there are none).
 */
enum dv_err routing_resolve(struct db *db, int64_t area_id, int64_t topic_id, const char *kind,
			    bool rules, int64_t *unit_id, struct dv_error *e);

/* Open311 client keys (hash of the key, like API tokens). */
enum dv_err open311_client_add(struct db *db, const struct scope *sc, const char *name,
			       const char *key_hash, int64_t *id, struct dv_error *e);
/* The client's id for a key hash; DV_EAUTH when unknown or revoked. */
enum dv_err open311_client_check(struct db *db, const char *key_hash, int64_t *id,
				 const char **name, struct arena *a, struct dv_error *e);

#endif
