/* dash.h: what dashboards, reports and the public portal read: the aggregates' version, case
 * figures of an area's subtree per period (case_area_agg), models per area. */
#ifndef DV_STORE_DASH_H
#define DV_STORE_DASH_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/*
 * Every write that changes what a dashboard shows (case counts and clocks, activities' rollups,
 * models, plans, boundaries) raises the version in its transaction (once, when it commits: see
 * db_precommit); a cache of computed figures is good while the version it was computed at is
 * the current one.
 */
enum dv_err agg_version_bump(struct db *db, struct dv_error *e);
enum dv_err agg_version(struct db *db, int64_t *v, struct dv_error *e);

/*
 * An area a dashboard may show: in the caller's areas (a scope), or for the public portal
 * (`sc` NULL) any official area in force. DV_ENOTFOUND otherwise.
 */
struct dash_area {
	int64_t id, parent_id;
	int level;
	const char *code, *name, *name_en, *kind, *kind_en, *parent_code;
};
enum dv_err dash_area_get(struct db *db, const struct scope *sc, const char *code,
			  struct arena *a, struct dash_area *out, struct dv_error *e);
/* The code of a unit's home area. */
enum dv_err dash_home_area(struct db *db, int64_t unit_id, struct arena *a, const char **code,
			    struct dv_error *e);
/* The children in force of an area (official ones only when `official`), in code order. */
enum dv_err dash_area_children(struct db *db, int64_t area_id, bool official, struct arena *a,
			       struct dash_area **out, size_t *n, struct dv_error *e);

struct case_figures {
	int64_t received, accepted, decided, on_time;
};
enum case_by { CASES_MONTH, CASES_KIND, CASES_TOPIC, CASES_CHILD };
/* month: code "YYYY-MM"; kind: code the kind's name; topic: id, code, names; child: the area. */
struct case_row {
	int64_t id;
	const char *code, *name, *name_en;
	struct case_figures f;
};
/*
 * Case figures of area `area_id`'s subtree over months [from, to] ("YYYY-MM") grouped as asked;
 * `total` (may be NULL) gets their sum. Only the aggregate table is read; children are the
 * areas whose parent is `area_id` having any row (the caller merges them with the children
 * list). The caller has checked the area with dash_area_get.
 */
enum dv_err case_figures_read(struct db *db, int64_t area_id, const char *from, const char *to,
			      enum case_by by, struct arena *a, struct case_row **out, size_t *n,
			      struct case_figures *total, struct dv_error *e);

struct model_figures {
	int64_t registered;  /* started within the period */
	int64_t recognised;  /* recognised (at any level) within the period */
	int64_t in_force;    /* recognised or typical now */
};
/* Models of the area's subtree (*total) and of each child (ids sorted ascending). */
enum dv_err model_figures_read(struct db *db, int64_t area_id, const char *from_day,
			       const char *to_day, const int64_t *ids, struct model_figures *children,
			       size_t n, struct model_figures *total, struct dv_error *e);

/*
 * "Overdue now": open cases with a clock past due on `today` ("YYYY-MM-DD") in area `area_id`'s
 * subtree (*total) and per child area (children[i] for ids[i]; `ids` sorted ascending).
 */
enum dv_err case_overdue_counts(struct db *db, int64_t area_id, const char *today,
				const int64_t *ids, int64_t *children, size_t n, int64_t *total,
				struct dv_error *e);

/* Published answers: decided cases of the subtree (of area `area_id` of `level`) whose
 * decision is public (no denunciations, no anonymous information), newest first; nothing that
 * names a person is read. */
struct public_answer {
	int64_t id;
	const char *kind, *topic, *topic_en, *area_name, *decided_on, *decision;
};
enum dv_err public_answers(struct db *db, int64_t area_id, int level, const char *from_day,
			   const char *to_day, size_t limit, struct arena *a,
			   struct public_answer **out, size_t *n, struct dv_error *e);

/* Dialogues with the people (activities of type 'dialogue') of the subtree started within
 * [from_day, to_day], newest first: what the portal shows of them. */
struct public_dialogue {
	int64_t id;
	const char *title, *start_on, *area_name;
	int64_t participants;
	double questions; /* the 'questions' measure: questions answered */
};
enum dv_err public_dialogues(struct db *db, int64_t area_id, int level, const char *from_day,
			     const char *to_day, size_t limit, struct arena *a,
			     struct public_dialogue **out, size_t *n, struct dv_error *e);

/* Overdue open cases of the subtree for a report, without personal data: id, kind, topic,
 * area, handling unit, received day, the overdue step and its due day; oldest due first. */
struct overdue_row {
	int64_t id;
	const char *kind, *topic, *topic_en, *area_name, *unit_name, *received_on, *step, *due_day;
};
enum dv_err overdue_list(struct db *db, int64_t area_id, const char *today, size_t limit,
			 struct arena *a, struct overdue_row **out, size_t *n, int64_t *total,
			 struct dv_error *e);

/*
 * case_area_agg and case_due_agg (with each case's counted due day) against the facts (the
 * rules in migration 0006): each difference a line of `report`, counted in *diffs (not reset);
 * rebuild recomputes every row (write transaction).
 */
struct strbuf;
enum dv_err case_agg_check(struct db *db, struct strbuf *report, int64_t *diffs,
			   struct dv_error *e);
enum dv_err case_agg_rebuild(struct db *db, struct dv_error *e);

#endif
