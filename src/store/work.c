/* work.c: the mass-mobilisation work repository: types, activities and rollups, twinning,
 * working groups, plans and targets. */
#include "store/work.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/dates.h"
#include "store/agg_check.h"
#include "store/dash.h"
#include "store/rows.h"
#include "store/scoped.h"
#include "store/search.h"

#include "base/banned.h"

#define MAX_LIMIT 1000
/* Lists count their rows up to this, then say "more than" (a count of millions costs seconds). */
#define COUNT_CAP 10000

/* ================================================================ types and measures */

static const char sql_types[] =
    "SELECT id, code, name, name_en, sort, active FROM activity_type ORDER BY sort, code";
static const char sql_measures[] =
    "SELECT id, type_id, code, name, name_en, unit_label, unit_label_en"
    " FROM activity_measure_def ORDER BY type_id, sort, code";
static const char sql_type_insert[] =
    "INSERT INTO activity_type (code, name, name_en, sort) VALUES (?, ?, ?, ?) RETURNING id";
static const char sql_type_code_taken[] = "SELECT 1 FROM activity_type WHERE code = ?";
static const char sql_type_set[] =
    "UPDATE activity_type SET name = ?, name_en = ?, sort = ?, active = ? WHERE id = ?";
static const char sql_measure_taken[] =
    "SELECT 1 FROM activity_measure_def WHERE type_id = ? AND code = ?";
static const char sql_measure_insert[] =
    "INSERT INTO activity_measure_def (type_id, code, name, name_en, unit_label, unit_label_en,"
    " sort) VALUES (?, ?, ?, ?, ?, ?, (SELECT COUNT(*) + 1 FROM activity_measure_def"
    " WHERE type_id = ?)) RETURNING id";

enum dv_err activity_types_load(struct db *db, struct arena *a, struct activity_type **out,
				size_t *n, struct dv_error *e)
{
	struct activity_type *types = NULL;
	struct measure_def *defs = NULL;
	size_t nt = 0, capt = 0, nd = 0, capd = 0, i, k;
	struct db_stmt *st;
	enum db_step rc;
	bool oom = false;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql_types);
	if (!st)
		return db_fail(db, e, "loading activity types");
	while ((rc = db_step(st)) == DB_ROW) {
		struct activity_type *t;

		if (ARENA_RESERVE(a, types, nt, capt, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading activity types: out of memory");
		}
		t = &types[nt++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int64(st, 0);
		t->code = db_col_dup(st, 1, a, &oom);
		t->name = db_col_dup(st, 2, a, &oom);
		t->name_en = db_col_dup(st, 3, a, &oom);
		t->sort = (int)db_col_int64(st, 4);
		t->active = db_col_int64(st, 5) != 0;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading activity types");
	st = db_prepare(db, sql_measures);
	if (!st)
		return db_fail(db, e, "loading activity measures");
	while ((rc = db_step(st)) == DB_ROW) {
		struct measure_def *m;

		if (ARENA_RESERVE(a, defs, nd, capd, 32)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading activity measures: out of memory");
		}
		m = &defs[nd++];
		m->id = db_col_int64(st, 0);
		m->type_id = db_col_int64(st, 1);
		m->code = db_col_dup(st, 2, a, &oom);
		m->name = db_col_dup(st, 3, a, &oom);
		m->name_en = db_col_dup(st, 4, a, &oom);
		m->unit_label = db_col_dup(st, 5, a, &oom);
		m->unit_label_en = db_col_dup(st, 6, a, &oom);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading activity measures");
	if (oom)
		return dv_fail(e, DV_ENOMEM, "loading activity types: out of memory");
	/* measures arrive grouped by type: each type points at its slice */
	for (i = 0; i < nt; i++) {
		for (k = 0; k < nd && defs[k].type_id != types[i].id; k++)
			;
		types[i].measures = k < nd ? &defs[k] : NULL;
		for (; k < nd && defs[k].type_id == types[i].id; k++)
			types[i].n_measures++;
	}
	*out = types;
	*n = nt;
	return DV_OK;
}

const struct activity_type *activity_type_by_code(const struct activity_type *t, size_t n,
						  const char *code)
{
	size_t i;

	for (i = 0; code && i < n; i++)
		if (!strcmp(t[i].code, code))
			return &t[i];
	return NULL;
}

const struct activity_type *activity_type_by_id(const struct activity_type *t, size_t n,
						int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

const struct measure_def *measure_by_code(const struct activity_type *t, const char *code)
{
	size_t i;

	for (i = 0; t && code && i < t->n_measures; i++)
		if (!strcmp(t->measures[i].code, code))
			return &t->measures[i];
	return NULL;
}

enum dv_err activity_type_add(struct db *db, const char *code, const char *name,
			      const char *name_en, int sort, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_type_code_taken);
	int taken;

	if (!st || db_bind_text(st, 1, code) || (taken = rows_exists(st)) < 0)
		return db_fail(db, e, "adding activity type");
	if (taken)
		return dv_fail(e, DV_EEXIST, "activity type '%s' exists already", code);
	st = db_prepare(db, sql_type_insert);
	if (!st || db_bind_text(st, 1, code) || db_bind_text(st, 2, name) ||
	    db_bind_text(st, 3, name_en) || db_bind_int64(st, 4, sort))
		return db_fail(db, e, "adding activity type");
	return rows_returning_id(db, st, id, "adding activity type", e);
}

enum dv_err activity_type_set(struct db *db, int64_t id, const char *name, const char *name_en,
			      int sort, bool active, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_type_set);

	if (!st || db_bind_text(st, 1, name) || db_bind_text(st, 2, name_en) ||
	    db_bind_int64(st, 3, sort) || db_bind_int64(st, 4, active) || db_bind_int64(st, 5, id))
		return db_fail(db, e, "changing activity type");
	if (rows_run(db, st, "changing activity type", e))
		return e ? e->code : DV_EDB;
	if (db_changes(db) != 1)
		return dv_fail(e, DV_ENOTFOUND, "activity type #%lld not found", (long long)id);
	return DV_OK;
}

enum dv_err measure_def_add(struct db *db, int64_t type_id, const char *code, const char *name,
			    const char *name_en, const char *unit_label, const char *unit_label_en,
			    int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_measure_taken);
	int taken;

	if (!st || db_bind_int64(st, 1, type_id) || db_bind_text(st, 2, code) ||
	    (taken = rows_exists(st)) < 0)
		return db_fail(db, e, "adding measure");
	if (taken)
		return dv_fail(e, DV_EEXIST, "measure '%s' exists already for this type", code);
	st = db_prepare(db, sql_measure_insert);
	if (!st || db_bind_int64(st, 1, type_id) || db_bind_text(st, 2, code) ||
	    db_bind_text(st, 3, name) || db_bind_text(st, 4, name_en) ||
	    db_bind_text(st, 5, unit_label) || db_bind_text(st, 6, unit_label_en) ||
	    db_bind_int64(st, 7, type_id))
		return db_fail(db, e, "adding measure");
	return rows_returning_id(db, st, id, "adding measure", e);
}

/* ================================================================ aggregates */

/*
 * One statement per aggregate table: the activity's figures added to the row of every
 * ancestor-or-self (closure), created when missing. Values are CAST so that PostgreSQL types
 * the parameters of the SELECT list like the columns they fill.
 */
#define AGG_VALUES                                                                         \
	"CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"         \
	" CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT),"               \
	" CAST(? AS BIGINT), CAST(? AS BIGINT)"
#define AGG_SET(t)                                                                         \
	" DO UPDATE SET n = " t ".n + excluded.n,"                                          \
	" participants = " t ".participants + excluded.participants,"                       \
	" workdays = " t ".workdays + excluded.workdays,"                                   \
	" households = " t ".households + excluded.households,"                             \
	" persons = " t ".persons + excluded.persons,"                                      \
	" value_cash = " t ".value_cash + excluded.value_cash,"                             \
	" value_kind = " t ".value_kind + excluded.value_kind"
static const char sql_agg_area[] =
    "INSERT INTO activity_area_agg (area_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) SELECT c.ancestor, " AGG_VALUES
    " FROM area_closure c WHERE c.descendant = ?"
    " ON CONFLICT (area_id, month, type_id)" AGG_SET("activity_area_agg");
static const char sql_agg_unit[] =
    "INSERT INTO activity_unit_agg (unit_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) SELECT c.ancestor, " AGG_VALUES
    " FROM unit_closure c WHERE c.descendant = ?"
    " ON CONFLICT (unit_id, month, type_id)" AGG_SET("activity_unit_agg");
static const char sql_agg_area_measure[] =
    "INSERT INTO activity_area_measure_agg (area_id, month, measure_id, total)"
    " SELECT c.ancestor, CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION)"
    " FROM area_closure c WHERE c.descendant = ? ON CONFLICT (area_id, month, measure_id)"
    " DO UPDATE SET total = activity_area_measure_agg.total + excluded.total";
static void month_of(dv_date day, char out[8])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(out, 8, "%04d-%02d", y, m);
}

static int bind_agg(struct db_stmt *st, const char *month, const struct activity_write *w,
		    int sign, int64_t key)
{
	return db_bind_text(st, 1, month) || db_bind_int64(st, 2, w->type_id) ||
	       db_bind_int64(st, 3, sign) || db_bind_int64(st, 4, sign * w->f.participants) ||
	       db_bind_double(st, 5, sign * w->f.workdays) ||
	       db_bind_int64(st, 6, sign * w->f.households) ||
	       db_bind_int64(st, 7, sign * w->f.persons) ||
	       db_bind_int64(st, 8, sign * w->f.value_cash) ||
	       db_bind_int64(st, 9, sign * w->f.value_kind) || db_bind_int64(st, 10, key);
}

enum dv_err activity_agg_apply(struct db *db, const struct activity_write *w, int sign,
			       struct dv_error *e)
{
	struct db_stmt *st;
	char month[8];
	size_t i;

	month_of(w->start_on, month);
	st = db_prepare(db, sql_agg_area);
	if (!st || bind_agg(st, month, w, sign, w->area_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "updating the area rollups");
	st = db_prepare(db, sql_agg_unit);
	if (!st || bind_agg(st, month, w, sign, w->lead_unit_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "updating the unit rollups");
	for (i = 0; i < w->n_measures; i++) {
		const struct activity_measure_val *m = &w->measures[i];

		st = db_prepare(db, sql_agg_area_measure);
		if (!st || db_bind_text(st, 1, month) || db_bind_int64(st, 2, m->measure_id) ||
		    db_bind_double(st, 3, sign * m->value) || db_bind_int64(st, 4, w->area_id) ||
		    db_step(st) != DB_DONE)
			return db_fail(db, e, "updating the area measure rollups");
	}
	return agg_version_bump(db, e);
}

/* ---- bulk: sums in memory ---- */

enum { ACC_AREA, ACC_UNIT, ACC_AREA_M };

struct acc_row {
	uint64_t hash; /* 0 = empty slot */
	int table;
	int64_t key, what; /* area or unit; type or measure */
	int month;         /* year * 12 + month - 1 */
	struct work_figures f;
	double total;
};

struct work_agg_acc {
	int64_t *area_parent, *unit_parent; /* by id; 0 = root or unknown */
	size_t n_area, n_unit;
	struct acc_row *rows;
	size_t cap, used;
};

static const char sql_area_parents[] = "SELECT id, COALESCE(parent_id, 0) FROM area";
static const char sql_unit_parents[] = "SELECT id, COALESCE(parent_id, 0) FROM unit";
static const char sql_max_area[] = "SELECT COALESCE(MAX(id), 0) FROM area";
static const char sql_max_unit[] = "SELECT COALESCE(MAX(id), 0) FROM unit";

static enum dv_err parents(struct db *db, const char *max_sql, const char *sql, int64_t **out,
			   size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, max_sql);
	enum db_step rc;
	int64_t max;

	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "reading the trees for the rollups");
	max = db_col_int64(st, 0);
	db_reset(st);
	*n = (size_t)max + 1;
	*out = calloc(*n, sizeof(**out));
	if (!*out)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	st = db_prepare(db, sql);
	if (!st)
		return db_fail(db, e, "reading the trees for the rollups");
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);

		if (id > 0 && (size_t)id < *n)
			(*out)[id] = db_col_int64(st, 1);
	}
	return rc == DB_ERROR ? db_fail(db, e, "reading the trees for the rollups") : DV_OK;
}

enum dv_err work_agg_acc_new(struct db *db, struct work_agg_acc **out, struct dv_error *e)
{
	struct work_agg_acc *acc = calloc(1, sizeof(*acc));
	enum dv_err ret;

	*out = NULL;
	if (!acc)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = parents(db, sql_max_area, sql_area_parents, &acc->area_parent, &acc->n_area, e);
	if (!ret)
		ret = parents(db, sql_max_unit, sql_unit_parents, &acc->unit_parent, &acc->n_unit, e);
	if (ret) {
		work_agg_acc_free(acc);
		return ret;
	}
	*out = acc;
	return DV_OK;
}

void work_agg_acc_free(struct work_agg_acc *acc)
{
	if (!acc)
		return;
	free(acc->area_parent);
	free(acc->unit_parent);
	free(acc->rows);
	free(acc);
}

static uint64_t acc_hash(int table, int64_t key, int month, int64_t what)
{
	uint64_t h = (uint64_t)table * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)key * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 29)) * 0x94d049bb133111ebull;
	h ^= (uint64_t)month * 0xd6e8feb86659fd93ull + (uint64_t)what * 0x9e3779b97f4a7c15ull;
	h ^= h >> 32;
	return h ? h : 1;
}

/* The row of a key, made when missing; NULL when out of memory. */
static struct acc_row *acc_row(struct work_agg_acc *acc, int table, int64_t key, int month,
			       int64_t what)
{
	uint64_t h = acc_hash(table, key, month, what);
	size_t i;

	if (acc->used * 2 >= acc->cap) {
		size_t ncap = acc->cap ? acc->cap * 2 : 4096, k;
		struct acc_row *rows = calloc(ncap, sizeof(*rows));

		if (!rows)
			return NULL;
		for (k = 0; k < acc->cap; k++) {
			if (!acc->rows[k].hash)
				continue;
			for (i = acc->rows[k].hash & (ncap - 1); rows[i].hash; i = (i + 1) & (ncap - 1))
				;
			rows[i] = acc->rows[k];
		}
		free(acc->rows);
		acc->rows = rows;
		acc->cap = ncap;
	}
	for (i = h & (acc->cap - 1); acc->rows[i].hash; i = (i + 1) & (acc->cap - 1)) {
		struct acc_row *r = &acc->rows[i];

		if (r->hash == h && r->table == table && r->key == key && r->month == month &&
		    r->what == what)
			return r;
	}
	acc->rows[i].hash = h;
	acc->rows[i].table = table;
	acc->rows[i].key = key;
	acc->rows[i].month = month;
	acc->rows[i].what = what;
	acc->used++;
	return &acc->rows[i];
}

static void acc_chain(struct work_agg_acc *acc, bool area, int64_t id, int month,
		      const struct activity_write *w, int sign)
{
	const int64_t *parent = area ? acc->area_parent : acc->unit_parent;
	size_t n = area ? acc->n_area : acc->n_unit, depth, i;

	/* the parent chain is the closure: every ancestor-or-self (bounded against a cycle) */
	for (depth = 0; id > 0 && depth < 64; depth++) {
		struct acc_row *r = acc_row(acc, area ? ACC_AREA : ACC_UNIT, id, month, w->type_id);

		if (r) {
			r->f.n += sign;
			r->f.participants += sign * w->f.participants;
			r->f.workdays += sign * w->f.workdays;
			r->f.households += sign * w->f.households;
			r->f.persons += sign * w->f.persons;
			r->f.value_cash += sign * w->f.value_cash;
			r->f.value_kind += sign * w->f.value_kind;
		}
		/* measures are summed for areas only (no unit rollup shows them) */
		for (i = 0; area && i < w->n_measures; i++) {
			r = acc_row(acc, ACC_AREA_M, id, month, w->measures[i].measure_id);
			if (r)
				r->total += sign * w->measures[i].value;
		}
		id = (size_t)id < n ? parent[id] : 0;
	}
}

void work_agg_acc_add(struct work_agg_acc *acc, const struct activity_write *w, int sign)
{
	int y, m, d;

	date_to_ymd(w->start_on, &y, &m, &d);
	acc_chain(acc, true, w->area_id, y * 12 + m - 1, w, sign);
	acc_chain(acc, false, w->lead_unit_id, y * 12 + m - 1, w, sign);
}

static const char sql_flush_area[] =
    "INSERT INTO activity_area_agg (area_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (area_id, month, type_id)" AGG_SET("activity_area_agg");
static const char sql_flush_unit[] =
    "INSERT INTO activity_unit_agg (unit_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (unit_id, month, type_id)" AGG_SET("activity_unit_agg");
static const char sql_flush_area_m[] =
    "INSERT INTO activity_area_measure_agg (area_id, month, measure_id, total)"
    " VALUES (?, ?, ?, ?) ON CONFLICT (area_id, month, measure_id)"
    " DO UPDATE SET total = activity_area_measure_agg.total + excluded.total";
enum dv_err work_agg_flush(struct work_agg_acc *acc, struct db *db, struct dv_error *e)
{
	static const char *const sql[] = {sql_flush_area, sql_flush_unit, sql_flush_area_m};
	size_t i;

	for (i = 0; i < acc->cap; i++) {
		struct acc_row *r = &acc->rows[i];
		struct db_stmt *st;
		char month[16];
		int bad;

		if (!r->hash)
			continue;
		snprintf(month, sizeof(month), "%04d-%02d", r->month / 12, r->month % 12 + 1);
		st = db_prepare(db, sql[r->table]);
		if (!st)
			return db_fail(db, e, "writing the rollups");
		bad = db_bind_int64(st, 1, r->key) || db_bind_text(st, 2, month) ||
		      db_bind_int64(st, 3, r->what);
		if (r->table == ACC_AREA || r->table == ACC_UNIT)
			bad = bad || db_bind_int64(st, 4, r->f.n) ||
			      db_bind_int64(st, 5, r->f.participants) ||
			      db_bind_double(st, 6, r->f.workdays) ||
			      db_bind_int64(st, 7, r->f.households) ||
			      db_bind_int64(st, 8, r->f.persons) ||
			      db_bind_int64(st, 9, r->f.value_cash) ||
			      db_bind_int64(st, 10, r->f.value_kind);
		else
			bad = bad || db_bind_double(st, 4, r->total);
		if (bad || db_step(st) != DB_DONE)
			return db_fail(db, e, "writing the rollups");
	}
	work_agg_acc_reset(acc);
	return agg_version_bump(db, e);
}

void work_agg_acc_reset(struct work_agg_acc *acc)
{
	if (acc->rows)
		memset(acc->rows, 0, acc->cap * sizeof(*acc->rows));
	acc->used = 0;
}

/* ================================================================ activities */

static const char sql_act_insert[] =
    "INSERT INTO activity (type_id, lead_unit_id, area_id, start_on, end_on, title, description,"
    " text_fold, participants, workdays, households, persons, value_cash, value_kind,"
    " working_group_id, target_id, revision, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id";
static const char sql_act_update[] =
    "UPDATE activity SET type_id = ?, lead_unit_id = ?, area_id = ?, start_on = ?, end_on = ?,"
    " title = ?, description = ?, text_fold = ?, participants = ?, workdays = ?, households = ?,"
    " persons = ?, value_cash = ?, value_kind = ?, working_group_id = ?, target_id = ?,"
    " revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?";
static const char sql_act_unit_add[] =
    "INSERT INTO activity_unit (activity_id, unit_id) VALUES (?, ?)";
static const char sql_act_units_del[] = "DELETE FROM activity_unit WHERE activity_id = ?";
static const char sql_act_measure_add[] =
    "INSERT INTO activity_measure (activity_id, measure_id, value) VALUES (?, ?, ?)";
static const char sql_act_measures_del[] = "DELETE FROM activity_measure WHERE activity_id = ?";
static const char sql_act_photos_del[] = "DELETE FROM activity_photo WHERE activity_id = ?";
static const char sql_act_delete[] = "DELETE FROM activity WHERE id = ? AND revision = ?";
static const char sql_rev_insert[] =
    "INSERT INTO activity_revision (activity_id, revision, action, at, user_id, snapshot)"
    " VALUES (?, ?, ?, ?, ?, ?)";

/* Fields 1..16 of insert and update, in the same order. */
static int bind_fields(struct db_stmt *st, const struct activity_write *w)
{
	return db_bind_int64(st, 1, w->type_id) || db_bind_int64(st, 2, w->lead_unit_id) ||
	       db_bind_int64(st, 3, w->area_id) || store_bind_date(st, 4, w->start_on) ||
	       store_bind_date(st, 5, w->end_on) || db_bind_text(st, 6, w->title) ||
	       db_bind_text(st, 7, w->description ? w->description : "") ||
	       db_bind_text(st, 8, w->text_fold) || db_bind_int64(st, 9, w->f.participants) ||
	       db_bind_double(st, 10, w->f.workdays) || db_bind_int64(st, 11, w->f.households) ||
	       db_bind_int64(st, 12, w->f.persons) || db_bind_int64(st, 13, w->f.value_cash) ||
	       db_bind_int64(st, 14, w->f.value_kind) ||
	       rows_bind_id_or_null(st, 15, w->working_group_id) ||
	       rows_bind_id_or_null(st, 16, w->target_id);
}

static enum dv_err revision_add(struct db *db, int64_t id, int rev, const char *action,
				int64_t user_id, int64_t now, const char *snapshot,
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_rev_insert);

	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, rev) ||
	    db_bind_text(st, 3, action) || db_bind_int64(st, 4, now) ||
	    rows_bind_id_or_null(st, 5, user_id) || db_bind_text(st, 6, snapshot ? snapshot : "{}"))
		return db_fail(db, e, "recording the activity's history");
	return rows_run(db, st, "recording the activity's history", e);
}

static enum dv_err children_put(struct db *db, int64_t id, const struct activity_write *w,
				struct dv_error *e)
{
	struct db_stmt *st;
	size_t i;

	for (i = 0; i < w->n_units; i++) {
		st = db_prepare(db, sql_act_unit_add);
		if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, w->unit_ids[i]) ||
		    db_step(st) != DB_DONE)
			return db_fail(db, e, "adding a participating unit");
	}
	for (i = 0; i < w->n_measures; i++) {
		st = db_prepare(db, sql_act_measure_add);
		if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, w->measures[i].measure_id) ||
		    db_bind_double(st, 3, w->measures[i].value) || db_step(st) != DB_DONE)
			return db_fail(db, e, "adding a measure");
	}
	return DV_OK;
}

static enum dv_err children_clear(struct db *db, int64_t id, bool photos, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_act_units_del);

	if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "removing participating units");
	st = db_prepare(db, sql_act_measures_del);
	if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "removing measures");
	if (photos) {
		st = db_prepare(db, sql_act_photos_del);
		if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_DONE)
			return db_fail(db, e, "removing photos");
	}
	return DV_OK;
}

enum dv_err activity_insert(struct db *db, const struct activity_write *w, const char *snapshot,
			    int64_t *id, struct dv_error *e)
{
	return activity_insert_acc(db, w, snapshot, NULL, id, e);
}

enum dv_err activity_insert_acc(struct db *db, const struct activity_write *w,
				const char *snapshot, struct work_agg_acc *acc, int64_t *id,
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_act_insert);
	int64_t new_id = 0;
	enum dv_err ret;

	if (!st || bind_fields(st, w) || rows_bind_id_or_null(st, 17, w->user_id) ||
	    db_bind_int64(st, 18, w->now) || db_bind_int64(st, 19, w->now))
		return db_fail(db, e, "adding activity");
	ret = rows_returning_id(db, st, &new_id, "adding activity", e);
	if (!ret)
		ret = children_put(db, new_id, w, e);
	if (!ret)
		ret = revision_add(db, new_id, 1, "created", w->user_id, w->now, snapshot, e);
	if (!ret && acc)
		work_agg_acc_add(acc, w, 1);
	else if (!ret)
		ret = activity_agg_apply(db, w, 1, e);
	if (!ret && id)
		*id = new_id;
	return ret;
}

enum dv_err activity_update(struct db *db, int64_t id, int revision,
			    const struct activity_write *old, const struct activity_write *w,
			    const char *snapshot, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_act_update);
	enum dv_err ret;

	if (!st || bind_fields(st, w) || db_bind_int64(st, 17, w->now) ||
	    db_bind_int64(st, 18, id) || db_bind_int64(st, 19, revision))
		return db_fail(db, e, "changing activity");
	if (rows_run(db, st, "changing activity", e))
		return e ? e->code : DV_EDB;
	if (db_changes(db) != 1)
		return dv_fail(e, DV_ECONFLICT,
			       "activity #%lld was changed by someone else meanwhile: reload it",
			       (long long)id);
	ret = children_clear(db, id, false, e);
	if (!ret)
		ret = children_put(db, id, w, e);
	if (!ret)
		ret = revision_add(db, id, revision + 1, "edited", w->user_id, w->now, snapshot, e);
	if (!ret)
		ret = activity_agg_apply(db, old, -1, e);
	if (!ret)
		ret = activity_agg_apply(db, w, 1, e);
	return ret;
}

enum dv_err activity_delete(struct db *db, int64_t id, int revision,
			    const struct activity_write *old, int64_t user_id, int64_t now,
			    struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret = children_clear(db, id, true, e);

	if (ret)
		return ret;
	st = db_prepare(db, sql_act_delete);
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, revision))
		return db_fail(db, e, "deleting activity");
	if (rows_run(db, st, "deleting activity", e))
		return e ? e->code : DV_EDB;
	if (db_changes(db) != 1)
		return dv_fail(e, DV_ECONFLICT,
			       "activity #%lld was changed by someone else meanwhile: reload it",
			       (long long)id);
	ret = revision_add(db, id, revision + 1, "deleted", user_id, now, "{}", e);
	if (!ret)
		ret = activity_agg_apply(db, old, -1, e);
	return ret;
}

/*
 * Visibility of an activity `x`: four parameters (system flag, then the caller's unit three
 * times): its lead or a participating unit in the caller's subtree, or its area in the areas
 * the caller's unit serves.
 */
#define ACT_VISIBLE                                                                           \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure v1 WHERE v1.ancestor = ?"               \
	" AND v1.descendant = x.lead_unit_id)"                                                \
	" OR EXISTS (SELECT 1 FROM activity_unit vu JOIN unit_closure v2"                     \
	" ON v2.descendant = vu.unit_id WHERE vu.activity_id = x.id AND v2.ancestor = ?)"     \
	" OR EXISTS (SELECT 1 FROM area_closure v3 JOIN unit_area v4 ON v4.area_id = v3.ancestor" \
	" WHERE v4.unit_id = ? AND v3.descendant = x.area_id))"
#define ACT_COLS                                                                              \
	"x.id, x.type_id, t.code, t.name, t.name_en, x.lead_unit_id, lu.name, x.area_id, ar.code," \
	" ar.full_name, x.start_on, x.end_on, x.title, x.description, x.participants,"         \
	" x.workdays, x.households, x.persons, x.value_cash, x.value_kind, x.working_group_id,"  \
	" wg.name, x.target_id, x.revision, x.created_by, x.created_at, x.updated_at"
#define ACT_FROM                                                                              \
	" FROM activity x JOIN activity_type t ON t.id = x.type_id"                           \
	" JOIN unit lu ON lu.id = x.lead_unit_id JOIN area ar ON ar.id = x.area_id"           \
	" LEFT JOIN working_group wg ON wg.id = x.working_group_id"

static const char sql_act_get[] = "SELECT " ACT_COLS ACT_FROM " WHERE x.id = ? AND " ACT_VISIBLE;
static const char sql_act_units[] =
    "SELECT u.id, u.name FROM activity_unit au JOIN unit u ON u.id = au.unit_id"
    " WHERE au.activity_id = ? ORDER BY u.name, u.id";
static const char sql_act_measures[] =
    "SELECT m.measure_id, d.code, d.name, d.unit_label, m.value FROM activity_measure m"
    " JOIN activity_measure_def d ON d.id = m.measure_id WHERE m.activity_id = ?"
    " ORDER BY d.sort, d.code";

/*
 * The lists' WHERE clause holds only the filters given, so that the planner can drive the query
 * from the index a filter offers (a unit's activities through activity_lead, not a scan of all
 * activities in date order). The statements are assembled from these fixed fragments once per
 * combination and kept (the statement cache is keyed by the text's address).
 */
enum {
	AF_SEARCH = 1 << 0,
	AF_TYPE = 1 << 1,
	AF_UNIT = 1 << 2,
	AF_AREA = 1 << 3,
	AF_GROUP = 1 << 4,
	AF_TARGET = 1 << 5,
	AF_VISIBLE = 1 << 6,
	AF__COMBINATIONS = 1 << 7
};
static const char *const act_filter_sql[] = {
    " AND x.text_fold LIKE ? ESCAPE '\\'",
    " AND x.type_id = ?",
    " AND x.lead_unit_id IN (SELECT fu.descendant FROM unit_closure fu WHERE fu.ancestor = ?)",
    " AND x.area_id IN (SELECT fa.descendant FROM area_closure fa WHERE fa.ancestor = ?)",
    " AND x.working_group_id = ?",
    " AND x.target_id = ?",
    " AND " ACT_VISIBLE,
};
static pthread_mutex_t act_sql_lock = PTHREAD_MUTEX_INITIALIZER;
static char *act_sql[2][AF__COMBINATIONS]; /* [count?][mask], built on first use, kept */

static unsigned act_mask(const struct activity_filter *f, const struct scope *sc)
{
	return (f->query && *f->query ? AF_SEARCH : 0) | (f->type_id ? AF_TYPE : 0) |
	       (f->unit_id ? AF_UNIT : 0) | (f->area_id ? AF_AREA : 0) |
	       (f->working_group_id ? AF_GROUP : 0) | (f->target_id ? AF_TARGET : 0) |
	       (sc->system ? 0 : AF_VISIBLE);
}

/* The statement's text for a combination; NULL when out of memory. */
static const char *act_statement(unsigned mask, bool count)
{
	char *text;

	pthread_mutex_lock(&act_sql_lock);
	text = act_sql[count][mask];
	if (!text) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		strbuf_addstr(&sb, count ? "SELECT COUNT(*) FROM (SELECT 1 FROM activity x"
					 : "SELECT " ACT_COLS ACT_FROM);
		strbuf_addstr(&sb, " WHERE x.start_on >= ? AND x.start_on <= ?");
		for (i = 0; i < sizeof(act_filter_sql) / sizeof(act_filter_sql[0]); i++)
			if (mask & (1u << i))
				strbuf_addstr(&sb, act_filter_sql[i]);
		strbuf_addstr(&sb, count ? " LIMIT ?) c"
					 : " ORDER BY x.start_on DESC, x.id DESC LIMIT ? OFFSET ?");
		text = sb.failed ? NULL : strbuf_detach(&sb, NULL);
		strbuf_release(&sb);
		act_sql[count][mask] = text;
	}
	pthread_mutex_unlock(&act_sql_lock);
	return text;
}

static int bind_visible(struct db_stmt *st, int idx, const struct scope *sc)
{
	int64_t unit = sc->system || !scope_can(sc, PERM_WORK_READ) ? 0 : sc->unit_id;

	return db_bind_int64(st, idx, sc->system ? 1 : 0) || db_bind_int64(st, idx + 1, unit) ||
	       db_bind_int64(st, idx + 2, unit) || db_bind_int64(st, idx + 3, unit);
}

static bool read_activity(struct db_stmt *st, struct arena *a, struct activity *x)
{
	bool oom = false;

	memset(x, 0, sizeof(*x));
	x->id = db_col_int64(st, 0);
	x->type_id = db_col_int64(st, 1);
	x->type_code = db_col_dup(st, 2, a, &oom);
	x->type_name = db_col_dup(st, 3, a, &oom);
	x->type_name_en = db_col_dup(st, 4, a, &oom);
	x->lead_unit_id = db_col_int64(st, 5);
	x->lead_unit_name = db_col_dup(st, 6, a, &oom);
	x->area_id = db_col_int64(st, 7);
	x->area_code = db_col_dup(st, 8, a, &oom);
	x->area_name = db_col_dup(st, 9, a, &oom);
	x->start_on = store_col_date(st, 10);
	x->end_on = store_col_date(st, 11);
	x->title = db_col_dup(st, 12, a, &oom);
	x->description = db_col_dup(st, 13, a, &oom);
	x->f.n = 1;
	x->f.participants = db_col_int64(st, 14);
	x->f.workdays = db_col_double(st, 15);
	x->f.households = db_col_int64(st, 16);
	x->f.persons = db_col_int64(st, 17);
	x->f.value_cash = db_col_int64(st, 18);
	x->f.value_kind = db_col_int64(st, 19);
	x->working_group_id = db_col_int64(st, 20);
	x->working_group_name = db_col_dup(st, 21, a, &oom);
	x->target_id = db_col_int64(st, 22);
	x->revision = (int)db_col_int64(st, 23);
	x->created_by = db_col_int64(st, 24);
	x->created_at = db_col_int64(st, 25);
	x->updated_at = db_col_int64(st, 26);
	return !oom;
}

enum dv_err activity_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct activity *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_act_get);
	enum db_step rc;
	size_t cap = 0;
	bool oom = false;

	if (!st || db_bind_int64(st, 1, id) || bind_visible(st, 2, sc))
		return db_fail(db, e, "reading activity");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading activity");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "activity #%lld not found", (long long)id);
	oom = !read_activity(st, a, out);
	db_reset(st);
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading activity: out of memory");

	st = db_prepare(db, sql_act_units);
	if (!st || db_bind_int64(st, 1, id))
		return db_fail(db, e, "reading participating units");
	while ((rc = db_step(st)) == DB_ROW) {
		size_t ncap = cap;

		if (ARENA_RESERVE(a, out->unit_ids, out->n_units, cap, 4) ||
		    ARENA_RESERVE(a, out->unit_names, out->n_units, ncap, 4)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading activity: out of memory");
		}
		out->unit_ids[out->n_units] = db_col_int64(st, 0);
		out->unit_names[out->n_units++] = db_col_dup(st, 1, a, &oom);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading participating units");

	cap = 0;
	st = db_prepare(db, sql_act_measures);
	if (!st || db_bind_int64(st, 1, id))
		return db_fail(db, e, "reading measures");
	while ((rc = db_step(st)) == DB_ROW) {
		struct activity_measure_val *m;

		if (ARENA_RESERVE(a, out->measures, out->n_measures, cap, 4)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading activity: out of memory");
		}
		m = &out->measures[out->n_measures++];
		m->measure_id = db_col_int64(st, 0);
		m->code = db_col_dup(st, 1, a, &oom);
		m->name = db_col_dup(st, 2, a, &oom);
		m->unit_label = db_col_dup(st, 3, a, &oom);
		m->value = db_col_double(st, 4);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading measures");
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading activity: out of memory");
	return DV_OK;
}

void activity_as_write(const struct activity *x, struct activity_write *w)
{
	memset(w, 0, sizeof(*w));
	w->type_id = x->type_id;
	w->lead_unit_id = x->lead_unit_id;
	w->area_id = x->area_id;
	w->start_on = x->start_on;
	w->end_on = x->end_on;
	w->title = x->title;
	w->description = x->description;
	w->f = x->f;
	w->working_group_id = x->working_group_id;
	w->target_id = x->target_id;
	w->unit_ids = x->unit_ids;
	w->n_units = x->n_units;
	w->measures = x->measures;
	w->n_measures = x->n_measures;
}

/* Bind what act_statement(mask) holds, in its order; the next index, or -1. */
static int bind_activity_filter(struct db_stmt *st, unsigned mask,
				const struct activity_filter *f, const char *pattern,
				const struct scope *sc)
{
	char from[11] = "0000-01-01", to[11] = "9999-12-31";
	int i = 3;

	if (f->from)
		date_format(f->from, from);
	if (f->to)
		date_format(f->to, to);
	if (db_bind_text(st, 1, from) || db_bind_text(st, 2, to))
		return -1;
	if (((mask & AF_SEARCH) && db_bind_text(st, i++, pattern)) ||
	    ((mask & AF_TYPE) && db_bind_int64(st, i++, f->type_id)) ||
	    ((mask & AF_UNIT) && db_bind_int64(st, i++, f->unit_id)) ||
	    ((mask & AF_AREA) && db_bind_int64(st, i++, f->area_id)) ||
	    ((mask & AF_GROUP) && db_bind_int64(st, i++, f->working_group_id)) ||
	    ((mask & AF_TARGET) && db_bind_int64(st, i++, f->target_id)))
		return -1;
	if (mask & AF_VISIBLE) {
		if (bind_visible(st, i, sc))
			return -1;
		i += 4;
	}
	return i;
}

enum dv_err activity_list(struct db *db, const struct scope *sc, const struct activity_filter *f,
			  struct arena *a, struct activity **out, size_t *n, int64_t *total,
			  struct dv_error *e)
{
	struct strbuf pat = STRBUF_INIT;
	size_t limit = f->limit ? f->limit : ROWS_DEFAULT_LIMIT, cap = 0;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;
	unsigned mask;
	int i;

	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if (f->unlimited)
		limit = ROWS_EXPORT_LIMIT;
	else if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	ret = store_like_pattern(f->query, &pat, e);
	if (ret)
		goto cleanup;
	mask = act_mask(f, sc);
	if (total) {
		const char *sql = act_statement(mask, true);

		st = sql ? db_prepare(db, sql) : NULL;
		if (!st || (i = bind_activity_filter(st, mask, f, pat.buf, sc)) < 0 ||
		    db_bind_int64(st, i, COUNT_CAP + 1) || db_step(st) != DB_ROW) {
			ret = db_fail(db, e, "counting activities");
			goto cleanup;
		}
		*total = db_col_int64(st, 0);
		db_reset(st);
	}
	{
		const char *sql = act_statement(mask, false);

		st = sql ? db_prepare(db, sql) : NULL;
	}
	if (!st || (i = bind_activity_filter(st, mask, f, pat.buf, sc)) < 0 ||
	    db_bind_int64(st, i, (int64_t)limit) || db_bind_int64(st, i + 1, (int64_t)f->offset)) {
		ret = db_fail(db, e, "listing activities");
		goto cleanup;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, *out, *n, cap, 16) || !read_activity(st, a, &(*out)[*n])) {
			db_reset(st);
			ret = dv_fail(e, DV_ENOMEM, "listing activities: out of memory");
			goto cleanup;
		}
		(*n)++;
	}
	if (rc == DB_ERROR)
		ret = db_fail(db, e, "listing activities");
cleanup:
	strbuf_release(&pat);
	return ret;
}

static const char sql_act_visible[] = "SELECT 1 FROM activity x WHERE x.id = ? AND " ACT_VISIBLE;
static const char sql_revisions[] =
    "SELECT r.revision, r.action, r.at, COALESCE(r.user_id, 0), u.display_name, r.snapshot"
    " FROM activity_revision r LEFT JOIN app_user u ON u.id = r.user_id"
    " WHERE r.activity_id = ? ORDER BY r.revision DESC";

static enum dv_err visible(struct db *db, const struct scope *sc, int64_t id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_act_visible);
	int found;

	if (!st || db_bind_int64(st, 1, id) || bind_visible(st, 2, sc) || (found = rows_exists(st)) < 0)
		return db_fail(db, e, "reading activity");
	return found ? DV_OK : dv_fail(e, DV_ENOTFOUND, "activity #%lld not found", (long long)id);
}

enum dv_err activity_revisions(struct db *db, const struct scope *sc, int64_t id,
			       struct arena *a, struct activity_revision **out, size_t *n,
			       struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	size_t cap = 0;
	bool oom = false;
	enum dv_err ret = visible(db, sc, id, e);

	*out = NULL;
	*n = 0;
	if (ret)
		return ret;
	st = db_prepare(db, sql_revisions);
	if (!st || db_bind_int64(st, 1, id))
		return db_fail(db, e, "reading the activity's history");
	while ((rc = db_step(st)) == DB_ROW) {
		struct activity_revision *r;

		if (ARENA_RESERVE(a, *out, *n, cap, 4)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading the history: out of memory");
		}
		r = &(*out)[(*n)++];
		r->revision = (int)db_col_int64(st, 0);
		r->action = db_col_dup(st, 1, a, &oom);
		r->at = db_col_int64(st, 2);
		r->user_id = db_col_int64(st, 3);
		r->user_name = db_col_dup(st, 4, a, &oom);
		r->snapshot = db_col_dup(st, 5, a, &oom);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading the activity's history");
	return oom ? dv_fail(e, DV_ENOMEM, "reading the history: out of memory") : DV_OK;
}

/* ---- photos ---- */

static const char sql_photo_insert[] =
    "INSERT INTO activity_photo (activity_id, mime, bytes, sha256, caption, data, created_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_photos[] =
    "SELECT p.id, p.activity_id, p.mime, p.sha256, p.caption, p.bytes, p.created_at"
    " FROM activity_photo p WHERE p.activity_id = ? ORDER BY p.id";
static const char sql_photo_get[] =
    "SELECT p.id, p.activity_id, p.mime, p.sha256, p.caption, p.bytes, p.created_at, p.data"
    " FROM activity_photo p JOIN activity x ON x.id = p.activity_id WHERE p.id = ? AND "
    ACT_VISIBLE;
static const char sql_photo_delete[] = "DELETE FROM activity_photo WHERE id = ?";

enum dv_err activity_photo_add(struct db *db, int64_t activity_id, const char *mime,
			       const void *data, size_t len, const char *sha256,
			       const char *caption, int64_t user_id, int64_t now, int64_t *id,
			       struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_photo_insert);

	if (!st || db_bind_int64(st, 1, activity_id) || db_bind_text(st, 2, mime) ||
	    db_bind_int64(st, 3, (int64_t)len) || db_bind_text(st, 4, sha256) ||
	    db_bind_text(st, 5, caption ? caption : "") || db_bind_blob(st, 6, data, len) ||
	    rows_bind_id_or_null(st, 7, user_id) || db_bind_int64(st, 8, now))
		return db_fail(db, e, "adding photo");
	return rows_returning_id(db, st, id, "adding photo", e);
}

static bool read_photo(struct db_stmt *st, struct arena *a, struct activity_photo *p)
{
	bool oom = false;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(st, 0);
	p->activity_id = db_col_int64(st, 1);
	p->mime = db_col_dup(st, 2, a, &oom);
	p->sha256 = db_col_dup(st, 3, a, &oom);
	p->caption = db_col_dup(st, 4, a, &oom);
	p->bytes = db_col_int64(st, 5);
	p->created_at = db_col_int64(st, 6);
	return !oom;
}

enum dv_err activity_photos(struct db *db, const struct scope *sc, int64_t activity_id,
			    struct arena *a, struct activity_photo **out, size_t *n,
			    struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	size_t cap = 0;
	enum dv_err ret = visible(db, sc, activity_id, e);

	*out = NULL;
	*n = 0;
	if (ret)
		return ret;
	st = db_prepare(db, sql_photos);
	if (!st || db_bind_int64(st, 1, activity_id))
		return db_fail(db, e, "listing photos");
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, *out, *n, cap, 4) || !read_photo(st, a, &(*out)[*n])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing photos: out of memory");
		}
		(*n)++;
	}
	return rc == DB_ERROR ? db_fail(db, e, "listing photos") : DV_OK;
}

enum dv_err activity_photo_get(struct db *db, const struct scope *sc, int64_t photo_id,
			       struct arena *a, struct activity_photo *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_photo_get);
	enum db_step rc;
	const void *blob;
	size_t len;
	void *copy;

	if (!st || db_bind_int64(st, 1, photo_id) || bind_visible(st, 2, sc))
		return db_fail(db, e, "reading photo");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading photo");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "photo #%lld not found", (long long)photo_id);
	blob = db_col_blob(st, 7, &len);
	copy = arena_alloc(a, len ? len : 1);
	if (!read_photo(st, a, out) || !copy) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading photo: out of memory");
	}
	if (len)
		memcpy(copy, blob, len);
	out->data = copy;
	out->bytes = (int64_t)len;
	db_reset(st);
	return DV_OK;
}

enum dv_err activity_photo_delete(struct db *db, int64_t photo_id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_photo_delete);

	if (!st || db_bind_int64(st, 1, photo_id))
		return db_fail(db, e, "deleting photo");
	return rows_run(db, st, "deleting photo", e);
}

/* ---- the generator's pool ---- */

static const char sql_gen_units[] =
    "SELECT id, home_area_id FROM unit WHERE active = 1 AND parent_id IS NOT NULL ORDER BY id";
static const char sql_gen_areas[] =
    "SELECT id, COALESCE(parent_id, 0), level, code FROM area WHERE valid_to IS NULL ORDER BY id";

enum dv_err work_gen_pool(struct db *db, struct arena *a, struct gen_unit **units, size_t *nu,
			  struct gen_area **areas, size_t *na, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_gen_units);
	size_t cap = 0;
	enum db_step rc;
	bool oom = false;

	*units = NULL;
	*areas = NULL;
	*nu = *na = 0;
	if (!st)
		return db_fail(db, e, "reading units");
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, *units, *nu, cap, 1024)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "out of memory");
		}
		(*units)[*nu].id = db_col_int64(st, 0);
		(*units)[(*nu)++].home_area_id = db_col_int64(st, 1);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading units");
	cap = 0;
	st = db_prepare(db, sql_gen_areas);
	if (!st)
		return db_fail(db, e, "reading areas");
	while ((rc = db_step(st)) == DB_ROW) {
		struct gen_area *g;

		if (ARENA_RESERVE(a, *areas, *na, cap, 1024)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "out of memory");
		}
		g = &(*areas)[(*na)++];
		g->id = db_col_int64(st, 0);
		g->parent_id = db_col_int64(st, 1);
		g->level = (int)db_col_int64(st, 2);
		g->code = db_col_dup(st, 3, a, &oom);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading areas");
	return oom ? dv_fail(e, DV_ENOMEM, "out of memory") : DV_OK;
}

/* ================================================================ rollups */

#define FIG_SUMS                                                                              \
	"SUM(g.n), SUM(g.participants), SUM(g.workdays), SUM(g.households), SUM(g.persons),"  \
	" SUM(g.value_cash), SUM(g.value_kind)"
/* Parameters: key, from month, to month, type flag, type. */
#define AGG_SEL(key) " WHERE g." key " = ? AND g.month >= ? AND g.month <= ? AND (? = 0 OR g.type_id = ?)"

static const char sql_area_by_type[] =
    "SELECT t.id, t.code, t.name, t.name_en, '', " FIG_SUMS
    " FROM activity_area_agg g JOIN activity_type t ON t.id = g.type_id" AGG_SEL("area_id")
    " GROUP BY t.id, t.code, t.name, t.name_en, t.sort ORDER BY t.sort, t.code";
static const char sql_area_by_month[] =
    "SELECT 0, g.month, g.month, g.month, g.month, " FIG_SUMS
    " FROM activity_area_agg g" AGG_SEL("area_id") " GROUP BY g.month ORDER BY g.month";
/* Children: the rows of each child area (the child's own row sums its subtree). */
static const char sql_area_by_child[] =
    "SELECT c.id, c.code, c.full_name, c.full_name_en, '', " FIG_SUMS
    " FROM area c JOIN activity_area_agg g ON g.area_id = c.id"
    " WHERE c.parent_id = ? AND g.month >= ? AND g.month <= ? AND (? = 0 OR g.type_id = ?)"
    " GROUP BY c.id, c.code, c.full_name, c.full_name_en ORDER BY c.full_name, c.id";
static const char sql_unit_by_type[] =
    "SELECT t.id, t.code, t.name, t.name_en, '', " FIG_SUMS
    " FROM activity_unit_agg g JOIN activity_type t ON t.id = g.type_id" AGG_SEL("unit_id")
    " GROUP BY t.id, t.code, t.name, t.name_en, t.sort ORDER BY t.sort, t.code";
static const char sql_unit_by_month[] =
    "SELECT 0, g.month, g.month, g.month, g.month, " FIG_SUMS
    " FROM activity_unit_agg g" AGG_SEL("unit_id") " GROUP BY g.month ORDER BY g.month";
static const char sql_unit_by_child[] =
    "SELECT c.id, CAST(c.id AS TEXT), c.name, c.name_en, '', " FIG_SUMS
    " FROM unit c JOIN activity_unit_agg g ON g.unit_id = c.id"
    " WHERE c.parent_id = ? AND g.month >= ? AND g.month <= ? AND (? = 0 OR g.type_id = ?)"
    " GROUP BY c.id, c.name, c.name_en ORDER BY c.name, c.id";
static const char sql_area_measures[] =
    "SELECT d.id, d.code, d.name, d.name_en, d.unit_label, 0, 0, SUM(g.total), 0, 0, 0, 0"
    " FROM activity_area_measure_agg g JOIN activity_measure_def d ON d.id = g.measure_id"
    " WHERE g.area_id = ? AND g.month >= ? AND g.month <= ?"
    " GROUP BY d.id, d.code, d.name, d.name_en, d.unit_label, d.type_id, d.sort"
    " ORDER BY d.type_id, d.sort";

static const char sql_area_in_scope[] =
    "SELECT 1 FROM area a WHERE a.id = ? AND (? = 1 OR EXISTS (SELECT 1 FROM area_closure ac"
    " JOIN unit_area ua ON ua.area_id = ac.ancestor WHERE ua.unit_id = ? AND ac.descendant = a.id))";
/* The public portal's rollups: official areas in force (same parameters, the scope unused). */
static const char sql_area_public[] =
    "SELECT 1 FROM area a WHERE a.id = ? AND a.synthetic = 0 AND a.valid_to IS NULL";
static const char sql_unit_in_scope[] =
    "SELECT 1 FROM unit u WHERE u.id = ? AND (? = 1 OR EXISTS (SELECT 1 FROM unit_closure uc"
    " WHERE uc.ancestor = ? AND uc.descendant = u.id))";

static enum dv_err in_scope(struct db *db, const struct scope *sc, const char *sql, int64_t id,
			    const char *what, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql);
	int found;

	if (!scope_can(sc, PERM_WORK_READ))
		return dv_fail(e, DV_ENOTFOUND, "%s #%lld not found", what, (long long)id);
	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc) ||
	    (found = rows_exists(st)) < 0)
		return db_fail(db, e, "checking the scope");
	return found ? DV_OK : dv_fail(e, DV_ENOTFOUND, "%s #%lld not found", what, (long long)id);
}

static enum dv_err area_public(struct db *db, int64_t id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_area_public);
	int found;

	if (!st || db_bind_int64(st, 1, id) || (found = rows_exists(st)) < 0)
		return db_fail(db, e, "checking the area");
	return found ? DV_OK : dv_fail(e, DV_ENOTFOUND, "area #%lld not found", (long long)id);
}

static void figures_add(struct work_figures *to, const struct work_figures *f)
{
	to->n += f->n;
	to->participants += f->participants;
	to->workdays += f->workdays;
	to->households += f->households;
	to->persons += f->persons;
	to->value_cash += f->value_cash;
	to->value_kind += f->value_kind;
}

enum dv_err rollup_read(struct db *db, struct db_stmt *st, struct arena *a,
			struct rollup_row **out, size_t *n, struct work_figures *total,
			struct dv_error *e)
{
	enum db_step rc;
	size_t cap = 0;
	bool oom = false;

	while ((rc = db_step(st)) == DB_ROW) {
		struct rollup_row *r;

		if (ARENA_RESERVE(a, *out, *n, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading rollups: out of memory");
		}
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = db_col_int64(st, 0);
		r->code = db_col_dup(st, 1, a, &oom);
		r->name = db_col_dup(st, 2, a, &oom);
		r->name_en = db_col_dup(st, 3, a, &oom);
		r->month = db_col_dup(st, 4, a, &oom);
		r->f.n = db_col_int64(st, 5);
		r->f.participants = db_col_int64(st, 6);
		r->f.workdays = db_col_double(st, 7);
		r->f.households = db_col_int64(st, 8);
		r->f.persons = db_col_int64(st, 9);
		r->f.value_cash = db_col_int64(st, 10);
		r->f.value_kind = db_col_int64(st, 11);
		if (total)
			figures_add(total, &r->f);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading rollups");
	return oom ? dv_fail(e, DV_ENOMEM, "reading rollups: out of memory") : DV_OK;
}

static enum dv_err rollup(struct db *db, const struct scope *sc, bool area, int64_t id,
			  const char *from, const char *to, int64_t type_id, enum rollup_by by,
			  struct arena *a, struct rollup_row **out, size_t *n,
			  struct work_figures *total, struct dv_error *e)
{
	static const char *const sql[2][3] = {
	    {sql_unit_by_type, sql_unit_by_month, sql_unit_by_child},
	    {sql_area_by_type, sql_area_by_month, sql_area_by_child},
	};
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (total)
		memset(total, 0, sizeof(*total));
	if ((unsigned)by > ROLLUP_CHILD)
		return dv_fail(e, DV_EINVAL, "rollup grouping %d is not known", (int)by);
	if (sc)
		ret = in_scope(db, sc, area ? sql_area_in_scope : sql_unit_in_scope, id,
			       area ? "area" : "unit", e);
	else
		ret = area ? area_public(db, id, e)
			   : dv_fail(e, DV_ENOTFOUND, "unit #%lld not found", (long long)id);
	if (ret)
		return ret;
	st = db_prepare(db, sql[area][by]);
	if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, from) ||
	    db_bind_text(st, 3, to) || rows_bind_flag_id(st, 4, type_id))
		return db_fail(db, e, "reading rollups");
	/* by child, the grand total is the parent's own row: children miss activities logged
	 * at the parent itself */
	ret = rollup_read(db, st, a, out, n, by == ROLLUP_CHILD ? NULL : total, e);
	if (!ret && total && by == ROLLUP_CHILD) {
		struct rollup_row *own;
		size_t k, nown = 0;

		st = db_prepare(db, sql[area][ROLLUP_TYPE]);
		if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, from) ||
		    db_bind_text(st, 3, to) || rows_bind_flag_id(st, 4, type_id))
			return db_fail(db, e, "reading rollups");
		ret = rollup_read(db, st, a, &own, &nown, NULL, e);
		for (k = 0; !ret && k < nown; k++)
			figures_add(total, &own[k].f);
	}
	return ret;
}

enum dv_err rollup_area(struct db *db, const struct scope *sc, int64_t area_id,
			const char *from_month, const char *to_month, int64_t type_id,
			enum rollup_by by, struct arena *a, struct rollup_row **out, size_t *n,
			struct work_figures *total, struct dv_error *e)
{
	return rollup(db, sc, true, area_id, from_month, to_month, type_id, by, a, out, n, total,
		      e);
}

enum dv_err rollup_unit(struct db *db, const struct scope *sc, int64_t unit_id,
			const char *from_month, const char *to_month, int64_t type_id,
			enum rollup_by by, struct arena *a, struct rollup_row **out, size_t *n,
			struct work_figures *total, struct dv_error *e)
{
	return rollup(db, sc, false, unit_id, from_month, to_month, type_id, by, a, out, n, total,
		      e);
}

enum dv_err rollup_area_measures(struct db *db, const struct scope *sc, int64_t area_id,
				 const char *from_month, const char *to_month, struct arena *a,
				 struct rollup_row **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = in_scope(db, sc, sql_area_in_scope, area_id, "area", e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_area_measures);
	if (!st || db_bind_int64(st, 1, area_id) || db_bind_text(st, 2, from_month) ||
	    db_bind_text(st, 3, to_month))
		return db_fail(db, e, "reading measure rollups");
	return rollup_read(db, st, a, out, n, NULL, e);
}

/* ---- check and rebuild ---- */

/* The facts grouped as each aggregate table holds them. */
#define FACTS_FIG                                                                             \
	"COUNT(*) AS n, SUM(x.participants) AS p, SUM(x.workdays) AS w, SUM(x.households) AS h," \
	" SUM(x.persons) AS ps, SUM(x.value_cash) AS vc, SUM(x.value_kind) AS vk"
#define FACTS_AREA                                                                            \
	"SELECT c.ancestor AS k, substr(x.start_on, 1, 7) AS month, x.type_id AS t, " FACTS_FIG \
	" FROM activity x JOIN area_closure c ON c.descendant = x.area_id"                      \
	" GROUP BY c.ancestor, substr(x.start_on, 1, 7), x.type_id"
#define FACTS_UNIT                                                                            \
	"SELECT c.ancestor AS k, substr(x.start_on, 1, 7) AS month, x.type_id AS t, " FACTS_FIG \
	" FROM activity x JOIN unit_closure c ON c.descendant = x.lead_unit_id"                 \
	" GROUP BY c.ancestor, substr(x.start_on, 1, 7), x.type_id"
#define FACTS_MEASURE(closure, col)                                                           \
	"SELECT c.ancestor AS k, substr(x.start_on, 1, 7) AS month, m.measure_id AS t,"       \
	" SUM(m.value) AS total FROM activity_measure m JOIN activity x ON x.id = m.activity_id" \
	" JOIN " closure " c ON c.descendant = x." col                                          \
	" GROUP BY c.ancestor, substr(x.start_on, 1, 7), m.measure_id"
#define STORED_FIG(table, key)                                                                \
	"SELECT " key " AS k, month, type_id AS t, n, participants AS p, workdays AS w,"        \
	" households AS h, persons AS ps, value_cash AS vc, value_kind AS vk FROM " table        \
	" WHERE n <> 0 OR participants <> 0 OR workdays <> 0 OR households <> 0"                 \
	" OR persons <> 0 OR value_cash <> 0 OR value_kind <> 0"
/*
 * The check is a merge of two sorted streams, the facts grouped and the stored rows, compared
 * key by key in C: a full outer join of two unindexed groupings costs quadratic time in SQLite.
 */
#define STORED_MEASURE(table, key)                                                            \
	"SELECT " key " AS k, month, measure_id AS t, total FROM " table " WHERE total <> 0"

static const char sql_facts_area[] = FACTS_AREA " ORDER BY 1, 2, 3";
static const char sql_facts_unit[] = FACTS_UNIT " ORDER BY 1, 2, 3";
static const char sql_facts_area_m[] = FACTS_MEASURE("area_closure", "area_id") " ORDER BY 1, 2, 3";
static const char sql_stored_area[] = STORED_FIG("activity_area_agg", "area_id") " ORDER BY 1, 2, 3";
static const char sql_stored_unit[] = STORED_FIG("activity_unit_agg", "unit_id") " ORDER BY 1, 2, 3";
static const char sql_stored_area_m[] =
    STORED_MEASURE("activity_area_measure_agg", "area_id") " ORDER BY 1, 2, 3";

static const char *const fig_names[] = {"n",	    "participants", "workdays",  "households",
					 "persons", "value_cash",   "value_kind"};
static const char *const total_name[] = {"total"};
static const struct agg_check work_checks[] = {
	{"activity_area_agg", "area_id", "type_id", fig_names, 7, sql_facts_area, sql_stored_area,
	 NULL, NULL},
	{"activity_unit_agg", "unit_id", "type_id", fig_names, 7, sql_facts_unit, sql_stored_unit,
	 NULL, NULL},
	{"activity_area_measure_agg", "area_id", "measure_id", total_name, 1, sql_facts_area_m,
	 sql_stored_area_m, NULL, NULL},
};

enum dv_err work_agg_check(struct db *db, struct strbuf *report, int64_t *diffs,
			   struct dv_error *e)
{
	enum dv_err ret = DV_OK;

	*diffs = 0;
	for (size_t i = 0; !ret && i < sizeof(work_checks) / sizeof(work_checks[0]); i++)
		ret = agg_check_run(db, &work_checks[i], report, diffs, e);
	return ret;
}

static const char *const sql_rebuild[] = {
    "DELETE FROM activity_area_agg",
    "DELETE FROM activity_unit_agg",
    "DELETE FROM activity_area_measure_agg",
    "INSERT INTO activity_area_agg (area_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) SELECT * FROM (" FACTS_AREA ") f",
    "INSERT INTO activity_unit_agg (unit_id, month, type_id, n, participants, workdays,"
    " households, persons, value_cash, value_kind) SELECT * FROM (" FACTS_UNIT ") f",
    "INSERT INTO activity_area_measure_agg (area_id, month, measure_id, total)"
    " SELECT * FROM (" FACTS_MEASURE("area_closure", "area_id") ") f",
    NULL,
};

enum dv_err work_agg_rebuild(struct db *db, struct dv_error *e)
{
	const char *const *q;

	for (q = sql_rebuild; *q; q++)
		if (rows_run(db, db_prepare(db, *q), "rebuilding the rollups", e))
			return e ? e->code : DV_EDB;
	return agg_version_bump(db, e);
}

/* ================================================================ scoped lists */


/* ================================================================ twinning */

static const char *const twin_names[TWIN__COUNT] = {"planned", "active", "ended"};

const char *twinning_status_name(enum twinning_status s)
{
	return (unsigned)s < TWIN__COUNT ? twin_names[s] : NULL;
}

bool twinning_status_parse(const char *s, enum twinning_status *out)
{
	int i;

	for (i = 0; s && i < TWIN__COUNT; i++)
		if (!strcmp(s, twin_names[i])) {
			*out = (enum twinning_status)i;
			return true;
		}
	return false;
}

/* A unit's or area's thing: its unit in the caller's subtree or its area in the caller's
 * areas. Three parameters: system flag, unit, unit. */
#define OWNED_VISIBLE(alias)                                                                 \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure o1 WHERE o1.ancestor = ?"                \
	" AND o1.descendant = " alias ".unit_id)"                                              \
	" OR EXISTS (SELECT 1 FROM area_closure o2 JOIN unit_area o3 ON o3.area_id = o2.ancestor" \
	" WHERE o3.unit_id = ? AND o2.descendant = " alias ".area_id))"

static int bind_owned(struct db_stmt *st, int idx, const struct scope *sc)
{
	int64_t unit = sc->system || !scope_can(sc, PERM_WORK_READ) ? 0 : sc->unit_id;

	return db_bind_int64(st, idx, sc->system ? 1 : 0) || db_bind_int64(st, idx + 1, unit) ||
	       db_bind_int64(st, idx + 2, unit);
}

#define TWIN_COLS                                                                            \
	"w.id, w.unit_id, u.name, w.area_id, a.code, a.full_name, w.purpose, w.status,"       \
	" w.start_on, w.end_on, w.created_at, w.updated_at"
#define TWIN_FROM " FROM twinning w JOIN unit u ON u.id = w.unit_id JOIN area a ON a.id = w.area_id"
static const char sql_twin_insert[] =
    "INSERT INTO twinning (unit_id, area_id, purpose, status, start_on, end_on, created_by,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_twin_update[] =
    "UPDATE twinning SET purpose = ?, status = ?, start_on = ?, end_on = ?, updated_at = ?"
    " WHERE id = ?";
static const char sql_twin_get[] =
    "SELECT " TWIN_COLS TWIN_FROM " WHERE w.id = ? AND " OWNED_VISIBLE("w");
#define TWIN_WHERE                                                                           \
	" WHERE (? = 0 OR w.unit_id = ?) AND (? = 0 OR w.area_id IN (SELECT fa.descendant"    \
	" FROM area_closure fa WHERE fa.ancestor = ?)) AND (? < 0 OR w.status = ?) AND "       \
	OWNED_VISIBLE("w")
static const char sql_twin_list[] = "SELECT " TWIN_COLS TWIN_FROM TWIN_WHERE
				    " ORDER BY w.start_on DESC, w.id DESC LIMIT ? OFFSET ?";
static const char sql_twin_count[] = "SELECT COUNT(*)" TWIN_FROM TWIN_WHERE;

enum dv_err twinning_insert(struct db *db, const struct twinning *t, int64_t user_id, int64_t now,
			    int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_twin_insert);

	if (!st || db_bind_int64(st, 1, t->unit_id) || db_bind_int64(st, 2, t->area_id) ||
	    db_bind_text(st, 3, t->purpose) || db_bind_text(st, 4, twinning_status_name(t->status)) ||
	    store_bind_date(st, 5, t->start_on) || store_bind_date_or_null(st, 6, t->end_on) ||
	    rows_bind_id_or_null(st, 7, user_id) || db_bind_int64(st, 8, now) ||
	    db_bind_int64(st, 9, now))
		return db_fail(db, e, "adding twinning");
	return rows_returning_id(db, st, id, "adding twinning", e);
}

enum dv_err twinning_update(struct db *db, const struct twinning *t, int64_t now,
			    struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_twin_update);

	if (!st || db_bind_text(st, 1, t->purpose) ||
	    db_bind_text(st, 2, twinning_status_name(t->status)) ||
	    store_bind_date(st, 3, t->start_on) || store_bind_date_or_null(st, 4, t->end_on) ||
	    db_bind_int64(st, 5, now) || db_bind_int64(st, 6, t->id))
		return db_fail(db, e, "changing twinning");
	return rows_run(db, st, "changing twinning", e);
}

static bool read_twin(struct db_stmt *st, struct arena *a, void *row)
{
	struct twinning *t = row;

	bool oom = false;

	memset(t, 0, sizeof(*t));
	t->id = db_col_int64(st, 0);
	t->unit_id = db_col_int64(st, 1);
	t->unit_name = db_col_dup(st, 2, a, &oom);
	t->area_id = db_col_int64(st, 3);
	t->area_code = db_col_dup(st, 4, a, &oom);
	t->area_name = db_col_dup(st, 5, a, &oom);
	t->purpose = db_col_dup(st, 6, a, &oom);
	if (!twinning_status_parse(db_col_text(st, 7), &t->status))
		t->status = TWIN_ACTIVE;
	t->start_on = store_col_date(st, 8);
	t->end_on = store_col_date(st, 9);
	t->created_at = db_col_int64(st, 10);
	t->updated_at = db_col_int64(st, 11);
	return !oom;
}

enum dv_err twinning_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct twinning *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_twin_get);

	if (!st || db_bind_int64(st, 1, id) || bind_owned(st, 2, sc))
		return db_fail(db, e, "reading twinning");
	return rows_read_one(db, st, a, read_twin, out, "twinning", id, e);
}

static int bind_twin_filter(struct db_stmt *st, const void *filter, const char *pattern,
			    const struct scope *sc)
{
	const struct twinning_filter *f = filter;

	const char *status = f->status >= 0 ? twinning_status_name((enum twinning_status)f->status)
					    : NULL;

	if (rows_bind_flag_id(st, 1, f->unit_id) || rows_bind_flag_id(st, 3, f->area_id) ||
	    db_bind_int64(st, 5, status ? 1 : -1) || db_bind_text(st, 6, status ? status : "") ||
	    bind_owned(st, 7, sc))
		return -1;
	return 10;
}

enum dv_err twinning_list(struct db *db, const struct scope *sc, const struct twinning_filter *f,
			  struct arena *a, struct twinning **out, size_t *n, int64_t *total,
			  struct dv_error *e)
{
	static const struct list_query q = {sql_twin_count, sql_twin_list, "listing twinning",
					    bind_twin_filter, read_twin, sizeof(struct twinning)};

	return rows_list(db, &q, f, NULL, sc, f->limit, f->offset, a, (void **)out, n, total, e);
}

/* ================================================================ working groups */

#define WG_COLS                                                                              \
	"w.id, w.unit_id, u.name, w.area_id, a.code, a.full_name, w.name, w.tasks, w.start_on," \
	" w.end_on, w.members, w.created_at, w.updated_at"
#define WG_FROM                                                                              \
	" FROM working_group w JOIN unit u ON u.id = w.unit_id JOIN area a ON a.id = w.area_id"
static const char sql_wg_insert[] =
    "INSERT INTO working_group (unit_id, area_id, name, name_fold, start_on, end_on, members,"
    " tasks, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
static const char sql_wg_update[] =
    "UPDATE working_group SET area_id = ?, name = ?, name_fold = ?, start_on = ?, end_on = ?,"
    " members = ?, tasks = ?, updated_at = ? WHERE id = ?";
static const char sql_wg_get[] =
    "SELECT " WG_COLS WG_FROM " WHERE w.id = ? AND " OWNED_VISIBLE("w");
#define WG_WHERE                                                                             \
	" WHERE w.name_fold LIKE ? ESCAPE '\\'"                                               \
	" AND (? = 0 OR w.unit_id IN (SELECT fu.descendant FROM unit_closure fu"              \
	" WHERE fu.ancestor = ?)) AND (? = 0 OR w.area_id IN (SELECT fa.descendant"           \
	" FROM area_closure fa WHERE fa.ancestor = ?)) AND " OWNED_VISIBLE("w")
static const char sql_wg_list[] = "SELECT " WG_COLS WG_FROM WG_WHERE
				  " ORDER BY w.start_on DESC, w.id DESC LIMIT ? OFFSET ?";
static const char sql_wg_count[] = "SELECT COUNT(*)" WG_FROM WG_WHERE;

enum dv_err working_group_insert(struct db *db, const struct working_group *g,
				 const char *name_fold, int64_t user_id, int64_t now,
				 int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_wg_insert);

	if (!st || db_bind_int64(st, 1, g->unit_id) || db_bind_int64(st, 2, g->area_id) ||
	    db_bind_text(st, 3, g->name) || db_bind_text(st, 4, name_fold) ||
	    store_bind_date(st, 5, g->start_on) || store_bind_date_or_null(st, 6, g->end_on) ||
	    db_bind_int64(st, 7, g->members) || db_bind_text(st, 8, g->tasks ? g->tasks : "") ||
	    rows_bind_id_or_null(st, 9, user_id) || db_bind_int64(st, 10, now) ||
	    db_bind_int64(st, 11, now))
		return db_fail(db, e, "adding working group");
	return rows_returning_id(db, st, id, "adding working group", e);
}

enum dv_err working_group_update(struct db *db, const struct working_group *g,
				 const char *name_fold, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_wg_update);

	if (!st || db_bind_int64(st, 1, g->area_id) || db_bind_text(st, 2, g->name) ||
	    db_bind_text(st, 3, name_fold) || store_bind_date(st, 4, g->start_on) ||
	    store_bind_date_or_null(st, 5, g->end_on) || db_bind_int64(st, 6, g->members) ||
	    db_bind_text(st, 7, g->tasks ? g->tasks : "") || db_bind_int64(st, 8, now) ||
	    db_bind_int64(st, 9, g->id))
		return db_fail(db, e, "changing working group");
	return rows_run(db, st, "changing working group", e);
}

static bool read_wg(struct db_stmt *st, struct arena *a, void *row)
{
	struct working_group *g = row;

	bool oom = false;

	memset(g, 0, sizeof(*g));
	g->id = db_col_int64(st, 0);
	g->unit_id = db_col_int64(st, 1);
	g->unit_name = db_col_dup(st, 2, a, &oom);
	g->area_id = db_col_int64(st, 3);
	g->area_code = db_col_dup(st, 4, a, &oom);
	g->area_name = db_col_dup(st, 5, a, &oom);
	g->name = db_col_dup(st, 6, a, &oom);
	g->tasks = db_col_dup(st, 7, a, &oom);
	g->start_on = store_col_date(st, 8);
	g->end_on = store_col_date(st, 9);
	g->members = db_col_int64(st, 10);
	g->created_at = db_col_int64(st, 11);
	g->updated_at = db_col_int64(st, 12);
	return !oom;
}

enum dv_err working_group_get(struct db *db, const struct scope *sc, int64_t id,
			      struct arena *a, struct working_group *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_wg_get);

	if (!st || db_bind_int64(st, 1, id) || bind_owned(st, 2, sc))
		return db_fail(db, e, "reading working group");
	return rows_read_one(db, st, a, read_wg, out, "working group", id, e);
}

static int bind_wg_filter(struct db_stmt *st, const void *filter, const char *pattern,
			  const struct scope *sc)
{
	const struct group_filter *f = filter;

	if (db_bind_text(st, 1, pattern) || rows_bind_flag_id(st, 2, f->unit_id) ||
	    rows_bind_flag_id(st, 4, f->area_id) || bind_owned(st, 6, sc))
		return -1;
	return 9;
}

enum dv_err working_group_list(struct db *db, const struct scope *sc,
			       const struct group_filter *f, struct arena *a,
			       struct working_group **out, size_t *n, int64_t *total,
			       struct dv_error *e)
{
	static const struct list_query q = {sql_wg_count, sql_wg_list, "listing working groups",
					    bind_wg_filter, read_wg, sizeof(struct working_group)};
	struct strbuf pat = STRBUF_INIT;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = store_like_pattern(f->query, &pat, e);
	if (!ret)
		ret = rows_list(db, &q, f, pat.buf, sc, f->limit, f->offset, a, (void **)out, n,
			       total, e);
	strbuf_release(&pat);
	return ret;
}

/* ================================================================ plans and targets */

static const char *const plan_names[PLAN__COUNT] = {"draft", "submitted", "approved", "returned"};
static const char *const ind_names[IND__COUNT] = {
    "activities", "households", "persons", "workdays", "value", "measure", "cases_on_time"};

const char *plan_status_name(enum plan_status s)
{
	return (unsigned)s < PLAN__COUNT ? plan_names[s] : NULL;
}

bool plan_status_parse(const char *s, enum plan_status *out)
{
	int i;

	for (i = 0; s && i < PLAN__COUNT; i++)
		if (!strcmp(s, plan_names[i])) {
			*out = (enum plan_status)i;
			return true;
		}
	return false;
}

const char *indicator_name(enum target_indicator i)
{
	return (unsigned)i < IND__COUNT ? ind_names[i] : NULL;
}

bool indicator_parse(const char *s, enum target_indicator *out)
{
	int i;

	for (i = 0; s && i < IND__COUNT; i++)
		if (!strcmp(s, ind_names[i])) {
			*out = (enum target_indicator)i;
			return true;
		}
	return false;
}

void plan_period(const struct plan *p, dv_date *first, dv_date *last)
{
	if (p->quarter >= 1 && p->quarter <= 4) {
		int m = (p->quarter - 1) * 3 + 1;

		*first = date_from_ymd(p->year, m, 1);
		*last = (p->quarter == 4 ? date_from_ymd(p->year + 1, 1, 1)
					 : date_from_ymd(p->year, m + 3, 1)) -
			1;
	} else {
		*first = date_from_ymd(p->year, 1, 1);
		*last = date_from_ymd(p->year, 12, 31);
	}
}

#define PLAN_COLS                                                                            \
	"p.id, p.unit_id, u.name, p.year, p.quarter, p.title, p.note, p.status, p.created_by,"  \
	" p.created_at, p.updated_at, COALESCE(p.decided_by, 0), COALESCE(p.decided_at, 0),"   \
	" du.display_name"
#define PLAN_FROM                                                                            \
	" FROM plan p JOIN unit u ON u.id = p.unit_id LEFT JOIN app_user du ON du.id = p.decided_by"
#define PLAN_VISIBLE                                                                         \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure pv WHERE pv.ancestor = ?"                \
	" AND pv.descendant = p.unit_id))"
static const char sql_plan_insert[] =
    "INSERT INTO plan (unit_id, year, quarter, title, status, note, created_by, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id";
static const char sql_plan_taken[] =
    "SELECT 1 FROM plan WHERE unit_id = ? AND year = ? AND quarter = ?";
static const char sql_plan_status[] =
    "UPDATE plan SET status = ?, updated_at = ?, decided_by = ?, decided_at = ?,"
    " note = CASE WHEN ? = '' THEN note ELSE ? END WHERE id = ? AND status = ?";
static const char sql_plan_get[] =
    "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = ? AND " PLAN_VISIBLE;
#define PLAN_WHERE                                                                           \
	" WHERE (? = 0 OR p.unit_id IN (SELECT fu.descendant FROM unit_closure fu"            \
	" WHERE fu.ancestor = ?)) AND (? = 0 OR p.year = ?) AND (? < 0 OR p.status = ?) AND "  \
	PLAN_VISIBLE
static const char sql_plan_list[] = "SELECT " PLAN_COLS PLAN_FROM PLAN_WHERE
				    " ORDER BY p.year DESC, p.quarter, u.name, p.id LIMIT ? OFFSET ?";
static const char sql_plan_count[] = "SELECT COUNT(*)" PLAN_FROM PLAN_WHERE;
static const char sql_target_insert[] =
    "INSERT INTO plan_target (plan_id, indicator, type_id, measure_id, area_id, target_value,"
    " label) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_target_delete[] = "DELETE FROM plan_target WHERE id = ? AND plan_id = ?";
static const char sql_target_visible[] =
    "SELECT 1 FROM plan_target g JOIN plan p ON p.id = g.plan_id WHERE g.id = ? AND "
    PLAN_VISIBLE;
static const char sql_targets[] =
    "SELECT g.id, g.plan_id, g.indicator, COALESCE(g.type_id, 0), COALESCE(g.measure_id, 0),"
    " COALESCE(g.area_id, 0), t.name, d.name, d.unit_label, a.code, a.full_name, g.label,"
    " g.target_value FROM plan_target g LEFT JOIN activity_type t ON t.id = g.type_id"
    " LEFT JOIN activity_measure_def d ON d.id = g.measure_id"
    " LEFT JOIN area a ON a.id = g.area_id WHERE g.plan_id = ? ORDER BY g.id";
/* Progress from the facts: unit subtree, period, type, area subtree. */
static const char sql_progress[] =
    "SELECT COUNT(*), COALESCE(SUM(x.households), 0), COALESCE(SUM(x.persons), 0),"
    " COALESCE(SUM(x.workdays), 0), COALESCE(SUM(x.value_cash + x.value_kind), 0)"
    " FROM activity x JOIN unit_closure uc ON uc.descendant = x.lead_unit_id"
    " WHERE uc.ancestor = ? AND x.start_on >= ? AND x.start_on <= ?"
    " AND (? = 0 OR x.type_id = ?) AND (? = 0 OR x.area_id IN (SELECT ac.descendant"
    " FROM area_closure ac WHERE ac.ancestor = ?))";
static const char sql_progress_measure[] =
    "SELECT COALESCE(SUM(m.value), 0) FROM activity_measure m"
    " JOIN activity x ON x.id = m.activity_id JOIN unit_closure uc ON uc.descendant = x.lead_unit_id"
    " WHERE m.measure_id = ? AND uc.ancestor = ? AND x.start_on >= ? AND x.start_on <= ?"
    " AND (? = 0 OR x.area_id IN (SELECT ac.descendant FROM area_closure ac"
    " WHERE ac.ancestor = ?))";
static const char sql_progress_cases[] =
    "SELECT COALESCE(SUM(g.decided_on_time), 0) FROM case_area_agg g"
    " WHERE g.area_id = COALESCE(NULLIF(?, 0), (SELECT home_area_id FROM unit WHERE id = ?))"
    " AND g.month >= ? AND g.month <= ?";

enum dv_err plan_insert(struct db *db, const struct plan *p, int64_t user_id, int64_t now,
			int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_plan_taken);
	int taken;

	if (!st || db_bind_int64(st, 1, p->unit_id) || db_bind_int64(st, 2, p->year) ||
	    db_bind_int64(st, 3, p->quarter) || (taken = rows_exists(st)) < 0)
		return db_fail(db, e, "adding plan");
	if (taken)
		return dv_fail(e, DV_EEXIST, "the unit has a plan for this period already");
	st = db_prepare(db, sql_plan_insert);
	if (!st || db_bind_int64(st, 1, p->unit_id) || db_bind_int64(st, 2, p->year) ||
	    db_bind_int64(st, 3, p->quarter) || db_bind_text(st, 4, p->title) ||
	    db_bind_text(st, 5, p->note ? p->note : "") || rows_bind_id_or_null(st, 6, user_id) ||
	    db_bind_int64(st, 7, now) || db_bind_int64(st, 8, now))
		return db_fail(db, e, "adding plan");
	return rows_returning_id(db, st, id, "adding plan", e);
}

enum dv_err plan_set_status(struct db *db, int64_t id, enum plan_status from,
			    enum plan_status to, int64_t user_id, int64_t now, const char *note,
			    struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_plan_status);
	bool decided = to == PLAN_APPROVED || to == PLAN_RETURNED;

	if (!st || db_bind_text(st, 1, plan_status_name(to)) || db_bind_int64(st, 2, now) ||
	    rows_bind_id_or_null(st, 3, decided ? user_id : 0) ||
	    (decided ? db_bind_int64(st, 4, now) : db_bind_null(st, 4)) ||
	    db_bind_text(st, 5, note ? note : "") || db_bind_text(st, 6, note ? note : "") ||
	    db_bind_int64(st, 7, id) || db_bind_text(st, 8, plan_status_name(from)))
		return db_fail(db, e, "changing plan");
	if (rows_run(db, st, "changing plan", e))
		return e ? e->code : DV_EDB;
	if (db_changes(db) != 1)
		return dv_fail(e, DV_ECONFLICT, "plan #%lld is no longer %s: reload it",
			       (long long)id, plan_status_name(from));
	return agg_version_bump(db, e);
}

static bool read_plan(struct db_stmt *st, struct arena *a, void *row)
{
	struct plan *p = row;

	bool oom = false;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(st, 0);
	p->unit_id = db_col_int64(st, 1);
	p->unit_name = db_col_dup(st, 2, a, &oom);
	p->year = (int)db_col_int64(st, 3);
	p->quarter = (int)db_col_int64(st, 4);
	p->title = db_col_dup(st, 5, a, &oom);
	p->note = db_col_dup(st, 6, a, &oom);
	if (!plan_status_parse(db_col_text(st, 7), &p->status))
		p->status = PLAN_DRAFT;
	p->created_by = db_col_int64(st, 8);
	p->created_at = db_col_int64(st, 9);
	p->updated_at = db_col_int64(st, 10);
	p->decided_by = db_col_int64(st, 11);
	p->decided_at = db_col_int64(st, 12);
	p->decided_by_name = db_col_dup(st, 13, a, &oom);
	return !oom;
}

static int bind_plan_scope(struct db_stmt *st, int idx, const struct scope *sc)
{
	int64_t unit = sc->system || !scope_can(sc, PERM_WORK_READ) ? 0 : sc->unit_id;

	return db_bind_int64(st, idx, sc->system ? 1 : 0) || db_bind_int64(st, idx + 1, unit);
}

enum dv_err plan_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct plan *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_plan_get);

	if (!st || db_bind_int64(st, 1, id) || bind_plan_scope(st, 2, sc))
		return db_fail(db, e, "reading plan");
	return rows_read_one(db, st, a, read_plan, out, "plan", id, e);
}

static int bind_plan_filter(struct db_stmt *st, const void *filter, const char *pattern,
			    const struct scope *sc)
{
	const struct plan_filter *f = filter;

	const char *status = f->status >= 0 ? plan_status_name((enum plan_status)f->status) : NULL;

	if (rows_bind_flag_id(st, 1, f->unit_id) || rows_bind_flag_id(st, 3, f->year) ||
	    db_bind_int64(st, 5, status ? 1 : -1) || db_bind_text(st, 6, status ? status : "") ||
	    bind_plan_scope(st, 7, sc))
		return -1;
	return 9;
}

enum dv_err plan_list(struct db *db, const struct scope *sc, const struct plan_filter *f,
		      struct arena *a, struct plan **out, size_t *n, int64_t *total,
		      struct dv_error *e)
{
	static const struct list_query q = {sql_plan_count, sql_plan_list, "listing plans",
					    bind_plan_filter, read_plan, sizeof(struct plan)};

	return rows_list(db, &q, f, NULL, sc, f->limit, f->offset, a, (void **)out, n, total, e);
}

enum dv_err plan_target_insert(struct db *db, const struct plan_target *t, int64_t *id,
			       struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_target_insert);

	if (!st || db_bind_int64(st, 1, t->plan_id) ||
	    db_bind_text(st, 2, indicator_name(t->indicator)) ||
	    rows_bind_id_or_null(st, 3, t->type_id) || rows_bind_id_or_null(st, 4, t->measure_id) ||
	    rows_bind_id_or_null(st, 5, t->area_id) || db_bind_double(st, 6, t->target_value) ||
	    db_bind_text(st, 7, t->label ? t->label : ""))
		return db_fail(db, e, "adding target");
	if (rows_returning_id(db, st, id, "adding target", e))
		return e ? e->code : DV_EDB;
	return agg_version_bump(db, e);
}

enum dv_err plan_target_delete(struct db *db, int64_t plan_id, int64_t target_id,
			       struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_target_delete);

	if (!st || db_bind_int64(st, 1, target_id) || db_bind_int64(st, 2, plan_id))
		return db_fail(db, e, "removing target");
	if (rows_run(db, st, "removing target", e))
		return e ? e->code : DV_EDB;
	if (db_changes(db) != 1)
		return dv_fail(e, DV_ENOTFOUND, "target #%lld not found in this plan",
			       (long long)target_id);
	return agg_version_bump(db, e);
}

enum dv_err plan_target_visible(struct db *db, const struct scope *sc, int64_t id,
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_target_visible);
	int found;

	if (!st || db_bind_int64(st, 1, id) || bind_plan_scope(st, 2, sc) ||
	    (found = rows_exists(st)) < 0)
		return db_fail(db, e, "reading target");
	return found ? DV_OK : dv_fail(e, DV_ENOTFOUND, "target #%lld not found", (long long)id);
}

static enum dv_err progress(struct db *db, const struct plan *p, dv_date first, dv_date last,
			    struct plan_target *t, struct dv_error *e)
{
	struct db_stmt *st;
	char from[11], to[11];

	date_format(first, from);
	date_format(last, to);
	t->done = 0;
	if (t->indicator == IND_CASES_ON_TIME) {
		st = db_prepare(db, sql_progress_cases);
		if (!st || db_bind_int64(st, 1, t->area_id) || db_bind_int64(st, 2, p->unit_id) ||
		    db_bind_textn(st, 3, from, 7) || db_bind_textn(st, 4, to, 7) ||
		    db_step(st) != DB_ROW)
			return db_fail(db, e, "computing progress");
		t->done = db_col_double(st, 0);
		db_reset(st);
		return DV_OK;
	}
	if (t->indicator == IND_MEASURE) {
		st = db_prepare(db, sql_progress_measure);
		if (!st || db_bind_int64(st, 1, t->measure_id) || db_bind_int64(st, 2, p->unit_id) ||
		    db_bind_text(st, 3, from) || db_bind_text(st, 4, to) ||
		    rows_bind_flag_id(st, 5, t->area_id) || db_step(st) != DB_ROW)
			return db_fail(db, e, "computing progress");
		t->done = db_col_double(st, 0);
		db_reset(st);
		return DV_OK;
	}
	st = db_prepare(db, sql_progress);
	if (!st || db_bind_int64(st, 1, p->unit_id) || db_bind_text(st, 2, from) ||
	    db_bind_text(st, 3, to) || rows_bind_flag_id(st, 4, t->type_id) ||
	    rows_bind_flag_id(st, 6, t->area_id) || db_step(st) != DB_ROW)
		return db_fail(db, e, "computing progress");
	switch (t->indicator) {
	case IND_ACTIVITIES:
		t->done = (double)db_col_int64(st, 0);
		break;
	case IND_HOUSEHOLDS:
		t->done = (double)db_col_int64(st, 1);
		break;
	case IND_PERSONS:
		t->done = (double)db_col_int64(st, 2);
		break;
	case IND_WORKDAYS:
		t->done = db_col_double(st, 3);
		break;
	default:
		t->done = db_col_double(st, 4);
		break;
	}
	db_reset(st);
	return DV_OK;
}

enum dv_err plan_targets(struct db *db, const struct plan *p, dv_date until, struct arena *a,
			 struct plan_target **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_targets);
	dv_date first, last;
	enum db_step rc;
	size_t cap = 0, i;
	bool oom = false;

	*out = NULL;
	*n = 0;
	plan_period(p, &first, &last);
	if (until && until < last)
		last = until;
	if (!st || db_bind_int64(st, 1, p->id))
		return db_fail(db, e, "reading targets");
	while ((rc = db_step(st)) == DB_ROW) {
		struct plan_target *t;

		if (ARENA_RESERVE(a, *out, *n, cap, 8)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading targets: out of memory");
		}
		t = &(*out)[(*n)++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int64(st, 0);
		t->plan_id = db_col_int64(st, 1);
		if (!indicator_parse(db_col_text(st, 2), &t->indicator))
			t->indicator = IND_ACTIVITIES;
		t->type_id = db_col_int64(st, 3);
		t->measure_id = db_col_int64(st, 4);
		t->area_id = db_col_int64(st, 5);
		t->type_name = db_col_dup(st, 6, a, &oom);
		t->measure_name = db_col_dup(st, 7, a, &oom);
		t->measure_unit = db_col_dup(st, 8, a, &oom);
		t->area_code = db_col_dup(st, 9, a, &oom);
		t->area_name = db_col_dup(st, 10, a, &oom);
		t->label = db_col_dup(st, 11, a, &oom);
		t->target_value = db_col_double(st, 12);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading targets");
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading targets: out of memory");
	for (i = 0; i < *n; i++) {
		enum dv_err ret = first <= last ? progress(db, p, first, last, &(*out)[i], e) : DV_OK;

		if (ret)
			return ret;
	}
	return DV_OK;
}
