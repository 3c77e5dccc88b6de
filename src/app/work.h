/* work.h: use cases of mass-mobilisation work: log, edit and delete activities (with history,
 * photos and rollups), import them from spreadsheets, twinning, working groups, plans and their
 * approval, rollups and the aggregate check. Each write is one audited transaction. */
#ifndef DV_APP_WORK_H
#define DV_APP_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/work.h"

#define WORK_TITLE_MAX 200
#define WORK_TEXT_MAX 5000
#define WORK_MEASURES_MAX 16
#define WORK_UNITS_MAX 20
#define PHOTO_MAX_BYTES (5 * 1024 * 1024)
#define PHOTOS_PER_ACTIVITY 12

/*
 * An activity as typed: every field as text (a form, JSON converted to text, a spreadsheet
 * row), checked and converted in one place so that every channel gives the same errors, each
 * naming its field. NULL or "" means not given.
 */
struct activity_input {
	const char *type;          /* activity type code */
	const char *lead_unit;     /* unit id */
	const char *units;         /* participating unit ids, separated by commas or spaces */
	const char *area;          /* area code */
	const char *start_on, *end_on; /* YYYY-MM-DD (end defaults to start) */
	const char *title, *description;
	const char *participants, *workdays, *households, *persons, *value_cash, *value_kind;
	const char *working_group; /* id */
	const char *target;        /* plan target id */
	const char *measure_code[WORK_MEASURES_MAX];
	const char *measure_value[WORK_MEASURES_MAX];
	size_t n_measures;
};

/*
 * Check `in` against the database (the caller holds a transaction): the lead unit must be in
 * the caller's subtree, participating units and the area must exist, the working group and
 * target must be visible. Fills `w` (strings in `a`). DV_EINVAL names the field.
 */
enum dv_err app_activity_check(struct app *app, struct db *db, const struct scope *sc,
			       const struct activity_input *in, const struct activity_type *types,
			       size_t ntypes, struct arena *a, struct activity_write *w,
			       struct dv_error *e);

/* Log a new activity (id 0) or save a new revision of `id`, which must still be at
 * `revision` (else DV_ECONFLICT). */
enum dv_err app_activity_save(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t id, int revision,
			      const struct activity_input *in, int64_t *out_id, struct dv_error *e);
/* Delete (PERM_WORK_APPROVE, lead unit in the caller's subtree). */
enum dv_err app_activity_delete(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t id, int revision, struct dv_error *e);
/* A photo: JPEG, PNG or WebP by content (not by name), at most PHOTO_MAX_BYTES, at most
 * PHOTOS_PER_ACTIVITY per activity. */
enum dv_err app_activity_photo_add(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t activity_id, const void *data,
				   size_t len, const char *caption, int64_t *photo_id,
				   struct dv_error *e);
enum dv_err app_activity_photo_delete(struct app *app, struct db *db, const struct scope *sc,
				      const char *actor, int64_t photo_id, struct dv_error *e);

/* ---- import ---- */

enum import_mode { IMPORT_ALL_OR_NOTHING, IMPORT_VALID_ROWS };
/* The template's columns, in order (the XLSX template and the CSV header). */
extern const char *const activity_import_columns[];
extern const size_t activity_import_ncolumns;

struct import_report {
	int64_t rows;      /* data rows read */
	int64_t written;   /* activities written */
	int64_t bad;       /* rows refused */
	struct strbuf text; /* one line per bad row: "row 7: field 'area': ..." (owned; release) */
	size_t shown;      /* lines in text (at most 1,000; the rest counted only) */
};
void import_report_release(struct import_report *r);

/*
 * Import activities from a spreadsheet (XLSX or CSV, told by its content): the first row must
 * name the template's columns (in any order; Vietnamese or English titles, or the codes). Every
 * row is checked; in all-or-nothing mode a single bad row writes nothing, else the valid rows
 * are written. Rows are written in batches of one transaction each (all-or-nothing: one
 * transaction), with one audit record per import. `progress` (may be NULL) is called every
 * 10,000 rows. DV_EINVAL when rows were refused (the report says which), DV_OK otherwise.
 */
typedef void (*import_progress_fn)(void *arg, int64_t rows, int64_t written);
enum dv_err app_activity_import(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, const void *data, size_t len,
				enum import_mode mode, import_progress_fn progress, void *arg,
				struct import_report *report, struct dv_error *e);
/*
 * The same from rows already split into cells (the benchmark generator's path): `next` fills
 * the cells of row `i` in the template's order and returns false at the end. `batch` rows go
 * in each transaction (0: 5,000; a bulk load of millions of rows takes more, which holds the
 * write lock longer but writes each rollup row and index page fewer times).
 */
typedef bool (*import_next_fn)(void *arg, int64_t i, const char **cells);
enum dv_err app_activity_import_rows(struct app *app, struct db *db, const struct scope *sc,
				     const char *actor, import_next_fn next, void *next_arg,
				     enum import_mode mode, size_t batch, import_progress_fn progress,
				     void *arg, struct import_report *report, struct dv_error *e);
/* The template's column titles (Vietnamese, English) by column. */
extern const char *const activity_import_titles_vi[];
extern const char *const activity_import_titles_en[];

/* ---- twinning, working groups ---- */

struct twinning_input {
	const char *unit, *area, *purpose, *status, *start_on, *end_on;
};
enum dv_err app_twinning_save(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t id, const struct twinning_input *in,
			      int64_t *out_id, struct dv_error *e);

struct group_input {
	const char *unit, *area, *name, *start_on, *end_on, *members, *tasks;
};
enum dv_err app_group_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t id, const struct group_input *in,
			   int64_t *out_id, struct dv_error *e);

/* ---- plans ---- */

struct plan_input {
	const char *unit, *year, *quarter, *title, *note;
};
enum dv_err app_plan_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const struct plan_input *in, int64_t *out_id,
			    struct dv_error *e);
struct target_input {
	const char *indicator, *type, *measure, *area, *value, *label;
};
/* Targets change only while the plan is a draft or returned. */
enum dv_err app_plan_target_add(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t plan_id, const struct target_input *in,
				int64_t *out_id, struct dv_error *e);
enum dv_err app_plan_target_remove(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t plan_id, int64_t target_id,
				   struct dv_error *e);
/* "submit" (draft/returned → submitted, by the unit), "approve" or "return" (submitted →,
 * by a user of a superior unit with PERM_WORK_APPROVE; a return needs a note). */
enum dv_err app_plan_act(struct app *app, struct db *db, const struct scope *sc,
			 const char *actor, int64_t plan_id, const char *action, const char *note,
			 struct dv_error *e);

/* A plan with its targets and their progress as of `today`. */
struct target_progress {
	struct plan_target t;
	double percent;    /* done / target × 100 */
	double projected;  /* straight line to the period's end; = done once it has ended */
};
struct plan_view {
	struct plan p;
	dv_date first, last;
	struct target_progress *targets;
	size_t n_targets;
	bool can_edit, can_submit, can_decide;
};
enum dv_err app_plan_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			  dv_date today, struct arena *a, struct plan_view *out,
			  struct dv_error *e);
/* Pure: percent and straight-line projection of `done` over [first, last] seen on `today`. */
void plan_project(double done, double target, dv_date first, dv_date last, dv_date today,
		  double *percent, double *projected);

/* ---- types ---- */

enum dv_err app_activity_types(struct app *app, struct db *db, struct arena *a,
			       struct activity_type **out, size_t *n, struct dv_error *e);
enum dv_err app_activity_type_add(struct app *app, struct db *db, const struct scope *sc,
				  const char *actor, const char *code, const char *name,
				  const char *name_en, int64_t *id, struct dv_error *e);
enum dv_err app_measure_add(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *type_code, const char *code,
			    const char *name, const char *name_en, const char *unit_label,
			    const char *unit_label_en, int64_t *id, struct dv_error *e);

/* ---- rollups ---- */

/* "YYYY-MM" months from text: a month, a year ("2026" = its months), or a date's month. */
bool work_month_parse(const char *s, bool end, char out[8]);

#endif
