/* emulation.h: use cases of "clever mass mobilisation" and emulation: criteria sets, models and
 * exemplars (register, replicate, evaluate, recognise, withdraw, link results, photos),
 * emulation rounds (participants, self and reviewer scores with evidence, rankings, reviews)
 * and commendation (proposals checked against the award rules, decisions by entitled units).
 * Every write is one audited transaction; every input is text (a form, JSON turned into text),
 * checked in one place so that each channel gives the same errors, each naming its field. */
#ifndef DV_APP_EMULATION_H
#define DV_APP_EMULATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "core/emulation.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/emulation.h"

#define EMU_NAME_MAX 200
#define EMU_TEXT_MAX 5000
#define EMU_CRITERIA_MAX 30
#define EMU_UNITS_MAX 500
#define EMU_EVIDENCE_MAX 20

/* ---------------------------------------------------------------- criteria sets */

struct criterion_input {
	const char *name, *guidance, *weight, *max_score;
};
struct criteria_set_input {
	const char *unit;         /* the launching unit's id (in the caller's subtree) */
	const char *purpose;      /* "model" or "round" */
	const char *name;
	const char *pass_percent; /* optional, 0..100 */
	const struct criterion_input *criteria;
	size_t n_criteria;        /* 1..EMU_CRITERIA_MAX */
};
/* PERM_EMU_REVIEW. */
enum dv_err app_criteria_set_create(struct app *app, struct db *db, const struct scope *sc,
				    const char *actor, const struct criteria_set_input *in,
				    int64_t *out_id, struct dv_error *e);
enum dv_err app_criteria_set_active(struct app *app, struct db *db, const struct scope *sc,
				    const char *actor, int64_t id, bool active,
				    struct dv_error *e);

/* ---------------------------------------------------------------- models */

struct model_input {
	const char *kind;        /* model | exemplar */
	const char *field;       /* economy | culture_society | defence_security | party_building */
	const char *name;
	const char *owner_unit;  /* id, in the caller's subtree */
	const char *area;        /* area code: where the model works */
	const char *launch_unit; /* id: a unit whose home area contains the model's area */
	const char *start_on;
	const char *description, *goals, *results;
	const char *origin;      /* id of the model replicated (any model not withdrawn) */
};
/* Register (id 0; PERM_WORK_WRITE) or edit (owner in the caller's subtree; the owner, the
 * launching unit and the origin stay). */
enum dv_err app_model_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t id, const struct model_input *in,
			   int64_t *out_id, struct dv_error *e);

struct model_score_input {
	const char *criterion, *score, *note;
};
/*
 * One evaluator's scores of a model on criteria of one 'model' set usable by the caller's unit
 * (the set's unit is the caller's unit or an ancestor): PERM_EMU_REVIEW, the model in scope,
 * the caller not of the owner unit. Scores 0..max_score; an earlier score is replaced.
 */
enum dv_err app_model_evaluate(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t model_id, const char *criteria_set,
			       const struct model_score_input *scores, size_t n,
			       struct dv_error *e);

struct model_step_input {
	const char *action;      /* implementing | recognise | typical | withdraw */
	const char *level;       /* recognise: commune | province | national */
	const char *criteria_set; /* recognise: the set evaluated (complete, at its pass mark) */
	const char *decision_no, *decision_on; /* recognise, typical: required */
	const char *reason;      /* withdraw: required; otherwise a note */
};
/*
 * implementing: the owner's subtree (PERM_WORK_WRITE). recognise: PERM_EMU_DECIDE by a unit
 * whose level is the level asked (commune, province, nation), on a complete evaluation of a
 * set usable by that unit. typical: PERM_EMU_DECIDE at province or national level. withdraw:
 * the owner's subtree or PERM_EMU_DECIDE, with a reason.
 */
enum dv_err app_model_step(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t model_id, const struct model_step_input *in,
			   struct dv_error *e);
/* Link (or unlink) a visible activity as a result of the model (owner's subtree). */
enum dv_err app_model_link(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t model_id, const char *activity, bool link,
			   struct dv_error *e);
enum dv_err app_model_photo_add(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t model_id, const void *data, size_t len,
				const char *caption, int64_t *photo_id, struct dv_error *e);
enum dv_err app_model_photo_delete(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t photo_id, struct dv_error *e);

/* The evaluation of a model on one set: per criterion, the mean of the evaluators' scores. */
struct model_eval_view {
	struct criteria_set set;
	double *mean;      /* per criterion (set.criteria order) */
	bool *scored;
	size_t *evaluators; /* how many scored each criterion */
	struct emu_total total;
	bool passes;       /* complete and at the set's pass mark */
};
/* Everything a model's page shows. */
struct model_view {
	struct model m;
	struct model_event *events;
	size_t n_events;
	struct model_eval_view *evals; /* one per set evaluated, newest first */
	size_t n_evals;
	struct model_eval *eval_rows; /* every evaluator's score */
	size_t n_eval_rows;
	struct model_replica *replicas;
	size_t n_replicas;
	int64_t direct_replicas;
	struct work_figures replica_totals; /* the replicas' linked activities, summed */
	struct model_act *acts;
	size_t n_acts;
	struct work_figures totals; /* of every linked activity */
	struct rollup_row *measures;
	size_t n_measures;
	struct activity_photo *photos;
	size_t n_photos;
	struct award *awards; /* proposals and awards for this model */
	size_t n_awards;
	bool can_edit, can_evaluate, can_decide;
	enum model_level decide_level; /* the level the caller's unit recognises at */
};
enum dv_err app_model_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			   struct arena *a, struct model_view *out, struct dv_error *e);

/* ---------------------------------------------------------------- emulation rounds */

struct campaign_input {
	const char *launch_unit; /* id, in the caller's subtree */
	const char *name, *theme, *start_on, *end_on;
	const char *criteria_set; /* a 'round' set usable by the launching unit */
	const char *const *participants; /* unit ids: in the launching unit's subtree or areas */
	size_t n_participants;
};
/* PERM_EMU_REVIEW. */
enum dv_err app_campaign_create(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, const struct campaign_input *in,
				int64_t *out_id, struct dv_error *e);
/* More participants while the round is open. */
enum dv_err app_campaign_join(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t campaign_id, const char *const *units,
			      size_t n, struct dv_error *e);

struct evidence_input {
	const char *kind; /* activity | model | cases */
	const char *ref;  /* activity or model id; area code for cases */
};
struct campaign_score_input {
	const char *criterion, *score, *note;
	const struct evidence_input *evidence;
	size_t n_evidence;
};
/*
 * A participant's scores. role "self": by the participant's subtree (PERM_WORK_WRITE) while
 * the round is open. role "review": by the launching unit's subtree (PERM_EMU_REVIEW) while
 * it is open or preliminary. Scores 0..max_score; evidence must be visible to the caller.
 */
enum dv_err app_campaign_score(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t campaign_id, const char *unit,
			       const char *role, const struct campaign_score_input *scores,
			       size_t n, struct dv_error *e);
/*
 * stage "preliminary" (open -> preliminary, PERM_EMU_REVIEW) or "final" (preliminary ->
 * final, PERM_EMU_DECIDE, every participant fully reviewed): by the launching unit's subtree;
 * the ranking of the moment is kept with the review.
 */
enum dv_err app_campaign_review(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t campaign_id, const char *stage,
				const char *note, struct dv_error *e);

struct campaign_row {
	struct campaign_unit u;
	struct emu_total self, review;
	int rank;          /* within the peer group by the reviewer total; 0 = not complete */
	size_t group_size;
	double *self_scores, *review_scores; /* per criterion (set order) */
	bool *has_self, *has_review;
	const char **self_notes, **review_notes;
};
struct campaign_view {
	struct campaign c;
	struct criteria_set set;
	struct campaign_row *rows; /* by peer group, then rank (unranked last), then name */
	size_t n_rows;
	struct campaign_evidence *evidence;
	size_t n_evidence;
	struct campaign_review *reviews;
	size_t n_reviews;
	bool can_review, can_finalise;
};
enum dv_err app_campaign_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			      struct arena *a, struct campaign_view *out, struct dv_error *e);
/* The ranking as JSON (what a review keeps): [{"peer_group", "unit", "name", "total",
 * "percent", "rank"}...]. */
const char *campaign_ranking_json(const struct campaign_view *v, struct arena *a);

/* ---------------------------------------------------------------- commendation */

struct award_input {
	const char *form;           /* award_form code */
	const char *recipient_kind; /* unit | person | model | area | household */
	const char *unit;           /* unit: the unit; person: the person's unit */
	const char *person_name;    /* person, household (the head of the household) */
	const char *model;          /* model id */
	const char *area;           /* area, household: area code */
	const char *year;           /* the year of the achievement */
	const char *achievement, *reason;
	const char *initiative;     /* none | grassroots | province | national */
	const char *proposing_unit; /* id in the caller's subtree; default the caller's unit */
	const char *campaign;       /* optional: the round the proposal comes from */
};
/* One rule a proposal breaks. */
struct award_warning {
	const char *code;    /* one_achievement, needs_titles, needs_initiative */
	const char *message; /* English */
	const char *message_vi;
};
/*
 * A proposal (PERM_WORK_WRITE): the recipient must be of a kind the form allows and in the
 * caller's scope. The rules it breaks are warnings, kept with it (the proposal is still
 * made): one achievement earns one award; a title that needs a lower one held for
 * consecutive years; a title that needs an initiative of some scope.
 */
enum dv_err app_award_propose(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, const struct award_input *in, int64_t *out_id,
			      struct dv_error *e);
/* Check a proposal without writing it (the form's "check" button). */
enum dv_err app_award_check(struct app *app, struct db *db, const struct scope *sc,
			    const struct award_input *in, struct arena *a,
			    struct award_warning **out, size_t *n, struct dv_error *e);

struct award_decision_input {
	const char *decision;     /* approved | rejected */
	const char *decision_no, *decision_on; /* required for either decision */
	const char *note;
	bool acknowledge_warnings; /* required to approve a proposal that breaks a rule */
};
/*
 * A decision (PERM_EMU_DECIDE) by the caller's unit, which must be entitled to grant the form
 * (award_grantor: its kind at its level), else DV_EPERM naming who may. The rules are checked
 * again; approving a proposal that breaks one needs acknowledge_warnings (else DV_ECONFLICT).
 */
enum dv_err app_award_decide(struct app *app, struct db *db, const struct scope *sc,
			     const char *actor, int64_t award_id,
			     const struct award_decision_input *in, struct dv_error *e);

struct award_view {
	struct award aw;
	const struct award_form *form;
	struct award_warning *warnings; /* as checked now (a proposal) or at the decision */
	size_t n_warnings;
	struct award_past *history; /* the recipient's other proposals and awards */
	size_t n_history;
	bool can_decide; /* the caller may decide and its unit is entitled */
};
enum dv_err app_award_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			   struct arena *a, struct award_view *out, struct dv_error *e);
/*
 * The key a recipient's proposals and awards are filed under (its history): "unit:7",
 * "model:3", "area:12", or with the folded name of a person (ref: their unit) or a household's
 * head (ref: its area), "person:7:nguyen van a". NULL when out of memory.
 */
const char *award_recipient_key(struct arena *a, enum recipient_kind k, int64_t ref,
				const char *person);
/* The forms a unit may grant (entitled), for the decision page. */
bool award_unit_entitled(const struct award_form *f, const char *unit_kind, int area_level);

#endif
