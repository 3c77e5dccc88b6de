/* work.h: mass-mobilisation work: activity types, activities and their rollups, twinning,
 * working groups, plans and targets. Every read takes the caller's scope and applies it in SQL;
 * writes trust the app layer to have checked permissions and validated every field. */
#ifndef DV_STORE_WORK_H
#define DV_STORE_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/* ---------------------------------------------------------------- types and measures */

struct measure_def {
	int64_t id, type_id;
	const char *code, *name, *name_en, *unit_label, *unit_label_en;
};
struct activity_type {
	int64_t id;
	const char *code, *name, *name_en;
	int sort;
	bool active;
	struct measure_def *measures; /* this type's, by sort */
	size_t n_measures;
};
/* Every type (active or not) with its measures, by sort then code. Unscoped: a vocabulary. */
enum dv_err activity_types_load(struct db *db, struct arena *a, struct activity_type **out,
				size_t *n, struct dv_error *e);
/* Lookups in a loaded list; NULL when absent. */
const struct activity_type *activity_type_by_code(const struct activity_type *t, size_t n,
						  const char *code);
const struct activity_type *activity_type_by_id(const struct activity_type *t, size_t n,
						int64_t id);
const struct measure_def *measure_by_code(const struct activity_type *t, const char *code);
/* New type / measure (PERM_CONFIG_WRITE checked by the caller). DV_EEXIST on a taken code. */
enum dv_err activity_type_add(struct db *db, const char *code, const char *name,
			      const char *name_en, int sort, int64_t *id, struct dv_error *e);
enum dv_err activity_type_set(struct db *db, int64_t id, const char *name, const char *name_en,
			      int sort, bool active, struct dv_error *e);
enum dv_err measure_def_add(struct db *db, int64_t type_id, const char *code, const char *name,
			    const char *name_en, const char *unit_label, const char *unit_label_en,
			    int64_t *id, struct dv_error *e);

/* ---------------------------------------------------------------- activities */

/* The additive figures of an activity: what rollups and targets sum. */
struct work_figures {
	int64_t n; /* activities: 1 for one activity */
	int64_t participants;
	double workdays;
	int64_t households, persons;
	int64_t value_cash, value_kind; /* whole VND */
};

struct activity_measure_val {
	int64_t measure_id;
	const char *code, *name, *unit_label; /* read only */
	double value;
};

struct activity {
	int64_t id;
	int64_t type_id;
	const char *type_code, *type_name, *type_name_en;
	int64_t lead_unit_id;
	const char *lead_unit_name;
	int64_t area_id;
	const char *area_code, *area_name;
	dv_date start_on, end_on;
	const char *title, *description;
	struct work_figures f;
	int64_t working_group_id;
	const char *working_group_name;
	int64_t target_id;
	int revision;
	int64_t created_by, created_at, updated_at;
	/* activity_get only: participating units (besides the lead) and measures */
	int64_t *unit_ids;
	const char **unit_names;
	size_t n_units;
	struct activity_measure_val *measures;
	size_t n_measures;
};

/* What insert and update write (validated and normalised by the app layer). */
struct activity_write {
	int64_t type_id, lead_unit_id, area_id;
	dv_date start_on, end_on;
	const char *title, *description, *text_fold;
	struct work_figures f; /* f.n is ignored */
	int64_t working_group_id, target_id; /* 0 = none */
	const int64_t *unit_ids;             /* participating units, without the lead */
	size_t n_units;
	const struct activity_measure_val *measures; /* measure_id and value */
	size_t n_measures;
	int64_t user_id; /* 0 = system */
	int64_t now;
};

/*
 * Rollup bookkeeping: add (sign +1) or remove (sign -1) one activity's figures and measures to
 * the aggregate rows of every ancestor-or-self of its area and of its lead unit, for the month
 * of its start. Runs in the caller's write transaction; insert, update and delete call it.
 */
enum dv_err activity_agg_apply(struct db *db, const struct activity_write *w, int sign,
			       struct dv_error *e);

/*
 * Rollups of a bulk load, summed in memory and written once per batch instead of once per
 * activity: the parents of every area and unit are read once, each activity's figures are
 * added to the rows of its ancestors, and work_agg_flush() upserts the sums (in the batch's
 * transaction, before its commit).
 */
struct work_agg_acc;
enum dv_err work_agg_acc_new(struct db *db, struct work_agg_acc **out, struct dv_error *e);
void work_agg_acc_add(struct work_agg_acc *acc, const struct activity_write *w, int sign);
enum dv_err work_agg_flush(struct work_agg_acc *acc, struct db *db, struct dv_error *e);
/* Forget the sums (the batch was rolled back). */
void work_agg_acc_reset(struct work_agg_acc *acc);
void work_agg_acc_free(struct work_agg_acc *acc);

/* Insert with its units, measures, the first revision (`snapshot`, JSON) and the rollups:
 * written now, or added to `acc` when not NULL (a bulk load; see work_agg_acc_new). */
enum dv_err activity_insert_acc(struct db *db, const struct activity_write *w,
				const char *snapshot, struct work_agg_acc *acc, int64_t *id,
				struct dv_error *e);
enum dv_err activity_insert(struct db *db, const struct activity_write *w, const char *snapshot,
			    int64_t *id, struct dv_error *e);
/*
 * Replace an activity's fields, units and measures (the rollups move from `old` to `w`), bump
 * its revision and record `snapshot`. DV_ECONFLICT when `revision` is no longer the stored one
 * (someone saved in between).
 */
enum dv_err activity_update(struct db *db, int64_t id, int revision,
			    const struct activity_write *old, const struct activity_write *w,
			    const char *snapshot, struct dv_error *e);
/* Delete (rows, photos, rollups); the revision history keeps a 'deleted' record. */
enum dv_err activity_delete(struct db *db, int64_t id, int revision,
			    const struct activity_write *old, int64_t user_id, int64_t now,
			    struct dv_error *e);

/*
 * Visible to the scope: its lead or a participating unit lies in the caller's subtree, or its
 * area in the caller's areas. Missing and invisible are both DV_ENOTFOUND.
 */
enum dv_err activity_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct activity *out, struct dv_error *e);
/* The write form of a read activity (for update/delete: the rollups to take back). */
void activity_as_write(const struct activity *x, struct activity_write *w);

struct activity_filter {
	int64_t type_id;        /* 0 = any */
	int64_t unit_id;        /* lead unit in this unit's subtree; 0 = any */
	int64_t area_id;        /* area in this area's subtree; 0 = any */
	int64_t working_group_id;
	int64_t target_id;
	dv_date from, to;       /* start_on within [from, to]; 0 = open */
	const char *query;      /* diacritic-insensitive words in title and description */
	size_t limit, offset;   /* limit 0 = 50, at most 1000 (exports ask for more: 0 = 50) */
	bool unlimited;         /* exports: up to 1,048,575 rows */
};
enum dv_err activity_list(struct db *db, const struct scope *sc, const struct activity_filter *f,
			  struct arena *a, struct activity **out, size_t *n, int64_t *total,
			  struct dv_error *e);

struct activity_revision {
	int revision;
	const char *action; /* created, edited, deleted */
	int64_t at, user_id;
	const char *user_name;
	const char *snapshot;
};
/* The history of a visible activity, newest first. */
enum dv_err activity_revisions(struct db *db, const struct scope *sc, int64_t id,
			       struct arena *a, struct activity_revision **out, size_t *n,
			       struct dv_error *e);

struct activity_photo {
	int64_t id, activity_id;
	const char *mime, *sha256, *caption;
	int64_t bytes, created_at;
	const void *data; /* activity_photo_get only */
};
enum dv_err activity_photo_add(struct db *db, int64_t activity_id, const char *mime,
			       const void *data, size_t len, const char *sha256,
			       const char *caption, int64_t user_id, int64_t now, int64_t *id,
			       struct dv_error *e);
enum dv_err activity_photos(struct db *db, const struct scope *sc, int64_t activity_id,
			    struct arena *a, struct activity_photo **out, size_t *n,
			    struct dv_error *e);
enum dv_err activity_photo_get(struct db *db, const struct scope *sc, int64_t photo_id,
			       struct arena *a, struct activity_photo *out, struct dv_error *e);
enum dv_err activity_photo_delete(struct db *db, int64_t photo_id, struct dv_error *e);

/* What a generator of test data needs: every unit (id, home area) and every area (id, parent,
 * level, code). Unscoped: for the CLI's benchmark generator only. */
struct gen_unit {
	int64_t id, home_area_id;
};
struct gen_area {
	int64_t id, parent_id;
	int level;
	const char *code;
};
enum dv_err work_gen_pool(struct db *db, struct arena *a, struct gen_unit **units, size_t *nu,
			  struct gen_area **areas, size_t *na, struct dv_error *e);

/* ---------------------------------------------------------------- rollups */

enum rollup_by { ROLLUP_TYPE, ROLLUP_MONTH, ROLLUP_CHILD };
struct rollup_row {
	/* by type: the type; by month: "YYYY-MM"; by child: the child area or unit */
	int64_t id;
	const char *code, *name, *name_en;
	const char *month;
	struct work_figures f;
};
/*
 * Totals of the activities under area `area_id` (or unit `unit_id`'s lead subtree) whose start
 * falls in months [from_month, to_month] ("YYYY-MM"), optionally of one type, grouped as asked.
 * The area must be in the caller's areas (the unit in the caller's subtree): else DV_ENOTFOUND;
 * `sc` NULL (the public portal, areas only): any official area in force.
 * `total` (may be NULL) gets the grand total. Reads only the aggregate tables.
 */
enum dv_err rollup_area(struct db *db, const struct scope *sc, int64_t area_id,
			const char *from_month, const char *to_month, int64_t type_id,
			enum rollup_by by, struct arena *a, struct rollup_row **out, size_t *n,
			struct work_figures *total, struct dv_error *e);
enum dv_err rollup_unit(struct db *db, const struct scope *sc, int64_t unit_id,
			const char *from_month, const char *to_month, int64_t type_id,
			enum rollup_by by, struct arena *a, struct rollup_row **out, size_t *n,
			struct work_figures *total, struct dv_error *e);
/* Measures' totals for the same selections: one row per measure (id, code, name; f.workdays
 * carries the total). */
enum dv_err rollup_area_measures(struct db *db, const struct scope *sc, int64_t area_id,
				 const char *from_month, const char *to_month, struct arena *a,
				 struct rollup_row **out, size_t *n, struct dv_error *e);

/*
 * Read the rows of a bound statement whose columns are: id, code, name, name_en, month (or a
 * label), n, participants, workdays, households, persons, value_cash, value_kind; `total` (may
 * be NULL) sums them. For other repositories' summaries too.
 */
enum dv_err rollup_read(struct db *db, struct db_stmt *st, struct arena *a,
			struct rollup_row **out, size_t *n, struct work_figures *total,
			struct dv_error *e);

/*
 * Recompute every aggregate row from the facts and compare: each difference (table, key, the
 * stored and the recomputed figures) goes to `report` as a line; *diffs counts them.
 */
struct strbuf;
enum dv_err work_agg_check(struct db *db, struct strbuf *report, int64_t *diffs,
			   struct dv_error *e);
/* Rebuild every aggregate row from the facts (after a check found differences). */
enum dv_err work_agg_rebuild(struct db *db, struct dv_error *e);

/* ---------------------------------------------------------------- twinning */

enum twinning_status { TWIN_PLANNED, TWIN_ACTIVE, TWIN_ENDED, TWIN__COUNT };
const char *twinning_status_name(enum twinning_status s);
bool twinning_status_parse(const char *s, enum twinning_status *out);

struct twinning {
	int64_t id, unit_id, area_id;
	const char *unit_name, *area_code, *area_name, *purpose;
	enum twinning_status status;
	dv_date start_on, end_on; /* end 0 = open */
	int64_t created_at, updated_at;
};
enum dv_err twinning_insert(struct db *db, const struct twinning *t, int64_t user_id, int64_t now,
			    int64_t *id, struct dv_error *e);
enum dv_err twinning_update(struct db *db, const struct twinning *t, int64_t now,
			    struct dv_error *e);
/* Visible when its unit is in the caller's subtree or its area in the caller's areas. */
enum dv_err twinning_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct twinning *out, struct dv_error *e);
struct twinning_filter {
	int64_t unit_id;     /* exactly this unit; 0 = any */
	int64_t area_id;     /* this area's subtree; 0 = any */
	int status;          /* -1 = any */
	size_t limit, offset;
};
enum dv_err twinning_list(struct db *db, const struct scope *sc, const struct twinning_filter *f,
			  struct arena *a, struct twinning **out, size_t *n, int64_t *total,
			  struct dv_error *e);

/* ---------------------------------------------------------------- working groups */

struct working_group {
	int64_t id, unit_id, area_id;
	const char *unit_name, *area_code, *area_name, *name, *tasks;
	dv_date start_on, end_on;
	int64_t members;
	int64_t created_at, updated_at;
};
enum dv_err working_group_insert(struct db *db, const struct working_group *g,
				 const char *name_fold, int64_t user_id, int64_t now,
				 int64_t *id, struct dv_error *e);
enum dv_err working_group_update(struct db *db, const struct working_group *g,
				 const char *name_fold, int64_t now, struct dv_error *e);
enum dv_err working_group_get(struct db *db, const struct scope *sc, int64_t id,
			      struct arena *a, struct working_group *out, struct dv_error *e);
struct group_filter {
	int64_t unit_id, area_id; /* subtrees; 0 = any */
	const char *query;
	size_t limit, offset;
};
enum dv_err working_group_list(struct db *db, const struct scope *sc,
			       const struct group_filter *f, struct arena *a,
			       struct working_group **out, size_t *n, int64_t *total,
			       struct dv_error *e);

/* ---------------------------------------------------------------- plans and targets */

enum plan_status { PLAN_DRAFT, PLAN_SUBMITTED, PLAN_APPROVED, PLAN_RETURNED, PLAN__COUNT };
const char *plan_status_name(enum plan_status s);
bool plan_status_parse(const char *s, enum plan_status *out);

enum target_indicator {
	IND_ACTIVITIES,  /* count of activities (of a type when set) */
	IND_HOUSEHOLDS,  /* beneficiary households */
	IND_PERSONS,     /* beneficiary persons */
	IND_WORKDAYS,
	IND_VALUE,       /* cash + in kind, VND */
	IND_MEASURE,     /* a type's measure */
	IND_CASES_ON_TIME, /* citizens' cases settled on time */
	IND__COUNT
};
const char *indicator_name(enum target_indicator i);
bool indicator_parse(const char *s, enum target_indicator *out);

struct plan_target {
	int64_t id, plan_id;
	enum target_indicator indicator;
	int64_t type_id, measure_id, area_id; /* 0 = none / anywhere */
	const char *type_name, *measure_name, *measure_unit, *area_code, *area_name, *label;
	double target_value;
	double done; /* plan_targets: computed from the facts */
};
struct plan {
	int64_t id, unit_id;
	const char *unit_name;
	int year, quarter; /* quarter 0 = the whole year */
	const char *title, *note;
	enum plan_status status;
	int64_t created_by, created_at, updated_at, decided_by, decided_at;
	const char *decided_by_name;
};
/* The first and last day of a plan's period. */
void plan_period(const struct plan *p, dv_date *first, dv_date *last);

enum dv_err plan_insert(struct db *db, const struct plan *p, int64_t user_id, int64_t now,
			int64_t *id, struct dv_error *e);
enum dv_err plan_set_status(struct db *db, int64_t id, enum plan_status from,
			    enum plan_status to, int64_t user_id, int64_t now, const char *note,
			    struct dv_error *e);
/* Visible when its unit is in the caller's subtree, or the caller's unit is its unit's
 * ancestor (the superior that approves it): the same subtree rule. */
enum dv_err plan_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct plan *out, struct dv_error *e);
struct plan_filter {
	int64_t unit_id; /* subtree; 0 = any */
	int year;        /* 0 = any */
	int status;      /* -1 = any */
	size_t limit, offset;
};
enum dv_err plan_list(struct db *db, const struct scope *sc, const struct plan_filter *f,
		      struct arena *a, struct plan **out, size_t *n, int64_t *total,
		      struct dv_error *e);
enum dv_err plan_target_insert(struct db *db, const struct plan_target *t, int64_t *id,
			       struct dv_error *e);
enum dv_err plan_target_delete(struct db *db, int64_t plan_id, int64_t target_id,
			       struct dv_error *e);
/* DV_OK when target `id` belongs to a plan the scope sees, else DV_ENOTFOUND. */
enum dv_err plan_target_visible(struct db *db, const struct scope *sc, int64_t id,
				struct dv_error *e);
/*
 * The targets of a plan read by plan_get, each with `done` computed from the facts: the
 * activities led by the plan's unit subtree, started within the plan's period (up to `until`
 * when earlier), in the target's area subtree when it has one; cases settled on time from the
 * case aggregates of the area (or of the unit's home area).
 */
enum dv_err plan_targets(struct db *db, const struct plan *p, dv_date until, struct arena *a,
			 struct plan_target **out, size_t *n, struct dv_error *e);

#endif
