/* emulation.h: the repository of models and exemplars, criteria sets, emulation rounds and
 * commendation. Every read that takes a scope applies it in SQL; writes trust the app layer to
 * have checked permissions and validated every field. */
#ifndef DV_STORE_EMULATION_H
#define DV_STORE_EMULATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/emulation.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/work.h"

/* ---------------------------------------------------------------- criteria sets */

struct criterion {
	int64_t id, set_id;
	int pos;
	const char *name, *guidance;
	double weight, max_score;
};
struct criteria_set {
	int64_t id, unit_id;
	const char *unit_name;
	const char *purpose; /* "model" or "round" */
	const char *name;
	double pass_percent; /* 0 = no pass mark */
	bool active;
	int64_t created_at;
	struct criterion *criteria; /* criteria_set_get only, by pos */
	size_t n_criteria;
};
/* Insert the set and its criteria (positions 1..n in the given order). */
enum dv_err criteria_set_insert(struct db *db, const struct criteria_set *s, int64_t user_id,
				int64_t now, int64_t *id, struct dv_error *e);
enum dv_err criteria_set_set_active(struct db *db, int64_t id, bool active, struct dv_error *e);
/*
 * Visible when its unit is in the caller's subtree or is an ancestor of the caller's unit (a
 * guide issued from above is used below). With its criteria.
 */
enum dv_err criteria_set_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			     struct criteria_set *out, struct dv_error *e);
struct criteria_set_filter {
	const char *purpose; /* NULL = any */
	int64_t unit_id;     /* exactly this unit; 0 = any */
	bool active_only;
	size_t limit, offset;
};
enum dv_err criteria_set_list(struct db *db, const struct scope *sc,
			      const struct criteria_set_filter *f, struct arena *a,
			      struct criteria_set **out, size_t *n, int64_t *total,
			      struct dv_error *e);
/* True (DV_OK) when the set's unit is `unit_id` or one of its ancestors; else DV_ENOTFOUND. */
enum dv_err criteria_set_usable_by(struct db *db, int64_t set_id, int64_t unit_id,
				   struct dv_error *e);

/* ---------------------------------------------------------------- models */

struct model {
	int64_t id;
	enum model_kind kind;
	enum model_field field;
	enum model_status status;
	enum model_level level;
	const char *name;
	int64_t owner_unit_id, area_id, launch_unit_id;
	const char *owner_unit_name, *area_code, *area_name, *launch_unit_name;
	dv_date start_on;
	const char *description, *goals, *results, *withdrawn_reason;
	int64_t origin_id, root_id; /* 0 = none */
	const char *origin_name;
	int64_t created_by, created_at, updated_at;
};
/* root_id is computed from the origin (its root, or the origin itself). */
enum dv_err model_insert(struct db *db, const struct model *m, const char *name_fold,
			 int64_t user_id, int64_t now, int64_t *id, struct dv_error *e);
/* Name, kind, field, area, start, texts. */
enum dv_err model_update(struct db *db, const struct model *m, const char *name_fold,
			 int64_t now, struct dv_error *e);
enum dv_err model_set_status(struct db *db, int64_t id, enum model_status st,
			     enum model_level level, const char *withdrawn_reason, int64_t now,
			     struct dv_error *e);
/*
 * Visible when its owner or launching unit lies in the caller's subtree or its area in the
 * caller's areas. A system scope reads any model (a replication names its origin by id).
 */
enum dv_err model_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		      struct model *out, struct dv_error *e);
struct model_filter {
	int kind, field, status, level; /* -1 = any */
	int64_t unit_id;                /* owner in this unit's subtree; 0 = any */
	int64_t launch_unit_id;         /* launching unit exactly; 0 = any */
	int64_t area_id;                /* area in this area's subtree; 0 = any */
	int64_t origin_id;              /* direct replications of; 0 = any */
	int64_t activity_id;            /* models this activity is a result of; 0 = any */
	const char *query;              /* diacritic-insensitive words of the name */
	size_t limit, offset;           /* limit 0 = 50; exports up to 1,048,575 */
};
enum dv_err model_list(struct db *db, const struct scope *sc, const struct model_filter *f,
		       struct arena *a, struct model **out, size_t *n, int64_t *total,
		       struct dv_error *e);

struct model_event {
	int64_t id, model_id;
	const char *action; /* registered, edited, implementing, recognised, typical, withdrawn,
			     * evaluated, activity_linked, activity_unlinked, photo_added */
	enum model_level level;
	const char *decision_no;
	dv_date decision_on;
	int64_t unit_id, criteria_set_id;
	const char *unit_name;
	double percent; /* recognised: the evaluation's percent; <0 = none */
	const char *note;
	int64_t user_id;
	const char *user_name;
	int64_t at;
};
enum dv_err model_event_add(struct db *db, const struct model_event *ev, struct dv_error *e);
/* Oldest first (the caller has read the model in scope). */
enum dv_err model_events(struct db *db, int64_t model_id, struct arena *a,
			 struct model_event **out, size_t *n, struct dv_error *e);

/*
 * The lineage below a model: every model replicating it, directly or through another replica,
 * as a summary (what the original's page shows wherever the replicas are), breadth first.
 * Withdrawn replicas are included with their status. `f` sums each replica's linked activities.
 */
struct model_replica {
	int64_t id, origin_id;
	int depth; /* 1 = a direct replication */
	const char *name, *owner_unit_name, *area_code, *area_name;
	double lat, lon; /* the area's centroid (a village's: its commune's); NAN when unknown */
	enum model_status status;
	enum model_level level;
	dv_date start_on;
	struct work_figures f;
};
enum dv_err model_replicas(struct db *db, int64_t model_id, struct arena *a,
			   struct model_replica **out, size_t *n, struct dv_error *e);

struct model_eval {
	int64_t criterion_id, set_id, evaluator_id, evaluator_unit_id;
	const char *evaluator_name, *evaluator_unit_name, *note;
	double score;
	int64_t at;
};
/* Insert or replace one evaluator's score of a model on a criterion. */
enum dv_err model_eval_put(struct db *db, int64_t model_id, int64_t criterion_id,
			   int64_t evaluator_id, int64_t unit_id, double score, const char *note,
			   int64_t now, struct dv_error *e);
/* Every evaluation of a model, by set, criterion position, evaluator. */
enum dv_err model_evals(struct db *db, int64_t model_id, struct arena *a, struct model_eval **out,
			size_t *n, struct dv_error *e);
/* The ids of the criteria sets a model has been evaluated on, newest first. */
enum dv_err model_eval_sets(struct db *db, int64_t model_id, struct arena *a, int64_t **out,
			    size_t *n, struct dv_error *e);

/* The activities that are a model's results. DV_EEXIST when linked already; unlinking one
 * that is not linked is DV_ENOTFOUND. */
enum dv_err model_activity_link(struct db *db, int64_t model_id, int64_t activity_id,
				int64_t user_id, int64_t now, struct dv_error *e);
enum dv_err model_activity_unlink(struct db *db, int64_t model_id, int64_t activity_id,
				  struct dv_error *e);
struct model_act {
	int64_t id;
	const char *title, *type_code, *type_name, *type_name_en, *area_code, *area_name;
	dv_date start_on, end_on;
	struct work_figures f;
};
/* The linked activities (newest first, at most `limit`) and the totals of all of them. */
enum dv_err model_activities(struct db *db, int64_t model_id, size_t limit, struct arena *a,
			     struct model_act **out, size_t *n, struct work_figures *total,
			     struct dv_error *e);
/* The measures of the linked activities, summed: one row per measure (f.workdays = total). */
enum dv_err model_measures(struct db *db, int64_t model_id, struct arena *a,
			   struct rollup_row **out, size_t *n, struct dv_error *e);

/* Photos of a model (the same rules as an activity's). */
enum dv_err model_photo_add(struct db *db, int64_t model_id, const char *mime, const void *data,
			    size_t len, const char *sha256, const char *caption, int64_t user_id,
			    int64_t now, int64_t *id, struct dv_error *e);
enum dv_err model_photos(struct db *db, int64_t model_id, struct arena *a,
			 struct activity_photo **out, size_t *n, struct dv_error *e);
/* A photo of a model the scope sees (activity_id carries the model's id). */
enum dv_err model_photo_get(struct db *db, const struct scope *sc, int64_t photo_id,
			    struct arena *a, struct activity_photo *out, struct dv_error *e);
enum dv_err model_photo_delete(struct db *db, int64_t photo_id, struct dv_error *e);

/* ---------------------------------------------------------------- emulation rounds */

struct campaign {
	int64_t id, launch_unit_id, criteria_set_id;
	const char *launch_unit_name, *criteria_set_name, *name, *theme;
	dv_date start_on, end_on;
	enum campaign_status status;
	int64_t participants;
	int64_t created_at, updated_at;
};
enum dv_err campaign_insert(struct db *db, const struct campaign *c, const char *name_fold,
			    int64_t user_id, int64_t now, int64_t *id, struct dv_error *e);
/* DV_EEXIST when the unit already takes part. */
enum dv_err campaign_unit_add(struct db *db, int64_t campaign_id, int64_t unit_id,
			      const char *peer_group, struct dv_error *e);
/* DV_ECONFLICT when the round is no longer in `from`. */
enum dv_err campaign_set_status(struct db *db, int64_t id, enum campaign_status from,
				enum campaign_status to, int64_t now, struct dv_error *e);
/* Visible when the launching unit or a participant lies in the caller's subtree. */
enum dv_err campaign_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct campaign *out, struct dv_error *e);
struct campaign_filter {
	int status;          /* -1 = any */
	int64_t unit_id;     /* launched by or taken part in by this unit's subtree; 0 = any */
	const char *query;
	size_t limit, offset;
};
enum dv_err campaign_list(struct db *db, const struct scope *sc, const struct campaign_filter *f,
			  struct arena *a, struct campaign **out, size_t *n, int64_t *total,
			  struct dv_error *e);

struct campaign_unit {
	int64_t unit_id;
	const char *unit_name, *unit_kind, *peer_group, *area_code, *area_name;
	int64_t home_area_id;
};
/* The participants, by peer group then name. */
enum dv_err campaign_units(struct db *db, int64_t campaign_id, struct arena *a,
			   struct campaign_unit **out, size_t *n, struct dv_error *e);

struct campaign_score {
	int64_t unit_id, criterion_id;
	bool has_self, has_review;
	double self_score, review_score;
	const char *self_note, *review_note;
	int64_t self_at, review_at;
};
enum dv_err campaign_scores(struct db *db, int64_t campaign_id, struct arena *a,
			    struct campaign_score **out, size_t *n, struct dv_error *e);
/* Insert or replace the self (review false) or reviewer (review true) score. */
enum dv_err campaign_score_put(struct db *db, int64_t campaign_id, int64_t unit_id,
			       int64_t criterion_id, bool review, double score, const char *note,
			       int64_t user_id, int64_t now, struct dv_error *e);

enum evidence_kind { EV_ACTIVITY, EV_MODEL, EV_CASES, EV__COUNT };
const char *evidence_kind_name(enum evidence_kind k);
int evidence_kind_parse(const char *s); /* -1 when unknown */
struct campaign_evidence {
	int64_t id, unit_id, criterion_id, ref_id;
	enum evidence_kind kind;
	const char *label; /* the activity's title, the model's name, the area's name */
	const char *code;  /* EV_CASES: the area's code */
	/* EV_CASES: the area's cases over the round's period */
	int64_t cases_received, cases_settled, cases_on_time;
};
/* Adding the same evidence twice keeps one. */
enum dv_err campaign_evidence_add(struct db *db, int64_t campaign_id, int64_t unit_id,
				  int64_t criterion_id, enum evidence_kind kind, int64_t ref_id,
				  int64_t user_id, int64_t now, struct dv_error *e);
/* With labels; case figures summed from the case aggregates over [from, to]'s months. */
enum dv_err campaign_evidence_list(struct db *db, int64_t campaign_id, dv_date from, dv_date to,
				   struct arena *a, struct campaign_evidence **out, size_t *n,
				   struct dv_error *e);

struct campaign_review {
	int64_t id;
	const char *stage, *note, *ranking, *user_name;
	int64_t at;
};
enum dv_err campaign_review_add(struct db *db, int64_t campaign_id, const char *stage,
				const char *note, const char *ranking, int64_t user_id, int64_t now,
				struct dv_error *e);
enum dv_err campaign_reviews(struct db *db, int64_t campaign_id, struct arena *a,
			     struct campaign_review **out, size_t *n, struct dv_error *e);

/* ---------------------------------------------------------------- commendation */

struct award_grantor {
	const char *unit_kind;
	int area_level; /* -1 = any */
};
struct award_form {
	const char *code, *name, *name_en, *category, *recipients, *needs_code, *needs_initiative;
	int rank, needs_years;
	bool active;
	struct award_grantor *grantors;
	size_t n_grantors;
};
/* Every form with its grantors, by category then rank. Unscoped: a vocabulary. */
enum dv_err award_forms_load(struct db *db, struct arena *a, struct award_form **out, size_t *n,
			     struct dv_error *e);
const struct award_form *award_form_find(const struct award_form *v, size_t n, const char *code);

struct award {
	int64_t id;
	const char *form_code, *form_name, *form_name_en;
	enum recipient_kind recipient_kind;
	const char *recipient_key, *recipient_name;
	int64_t subject_unit_id, area_id, model_id, campaign_id;
	const char *subject_unit_name, *area_code, *area_name;
	int year;
	const char *achievement, *reason, *initiative;
	int64_t proposing_unit_id;
	const char *proposing_unit_name;
	int64_t proposed_by, proposed_at;
	const char *warnings; /* JSON array */
	enum award_status status;
	const char *decision_no, *decision_note;
	dv_date decision_on;
	int64_t issuer_unit_id, decided_by, decided_at;
	const char *issuer_unit_name;
};
/* achievement_fold: the achievement folded (the one-award rule); search_fold: the recipient's
 * name and the achievement folded (searches). */
enum dv_err award_insert(struct db *db, const struct award *aw, const char *achievement_fold,
			 const char *search_fold, int64_t *id, struct dv_error *e);
/* proposed -> approved/rejected; DV_ECONFLICT when decided already. */
enum dv_err award_decide(struct db *db, const struct award *aw, struct dv_error *e);
/* Visible when the proposing or the recipient's unit lies in the caller's subtree, or the
 * recipient's area in the caller's areas. */
enum dv_err award_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		      struct award *out, struct dv_error *e);
struct award_filter {
	int status;              /* -1 = any */
	const char *form_code;   /* NULL = any */
	const char *recipient_key; /* one recipient's history; NULL = any */
	int64_t model_id;        /* 0 = any */
	int64_t unit_id;         /* proposed by or given to this unit's subtree; 0 = any */
	int year;                /* 0 = any */
	const char *query;       /* words of the recipient's name or the achievement */
	size_t limit, offset;
};
enum dv_err award_list(struct db *db, const struct scope *sc, const struct award_filter *f,
		       struct arena *a, struct award **out, size_t *n, int64_t *total,
		       struct dv_error *e);
/* Unscoped, for the rules: every proposal and award of a recipient but `except_id`. */
struct award_past {
	int64_t id;
	const char *form_code, *achievement_fold;
	int year;
	enum award_status status;
};
enum dv_err award_history(struct db *db, const char *recipient_key, int64_t except_id,
			  struct arena *a, struct award_past **out, size_t *n, struct dv_error *e);

#endif
