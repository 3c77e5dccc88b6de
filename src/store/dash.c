/* dash.c: the dashboards' reads: aggregates' version, case figures per period, models per area,
 * overdue cases and published answers (never a person's name, address or contact). */
#include "store/dash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/workflow.h"
#include "store/agg_check.h"
#include "store/cases.h"
#include "store/rows.h"
#include "store/scoped.h"

#include "base/banned.h"

static const char sql_version_bump[] =
    "INSERT INTO setting (key, value) VALUES ('agg_version', '1') ON CONFLICT (key)"
    " DO UPDATE SET value = CAST(CAST(setting.value AS BIGINT) + 1 AS TEXT)";
static const char sql_version[] =
    "SELECT CAST(value AS BIGINT) FROM setting WHERE key = 'agg_version'";

enum dv_err agg_version_bump(struct db *db, struct dv_error *e)
{
	/* once per transaction, at its commit, however many facts it changed */
	if (db_precommit(db, sql_version_bump))
		return dv_fail(e, DV_EDB, "recording the aggregates' version: not in a write transaction");
	return DV_OK;
}

enum dv_err agg_version(struct db *db, int64_t *v, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_version);
	enum db_step rc;

	*v = 0;
	if (!st || (rc = db_step(st)) == DB_ERROR)
		return db_fail(db, e, "reading the aggregates' version");
	if (rc == DB_ROW) {
		*v = db_col_int64(st, 0);
		db_reset(st);
	}
	return DV_OK;
}

/* ---- areas ---- */

#define AREA_COLS                                                                             \
	"SELECT a.id, COALESCE(a.parent_id, 0), a.level, a.code, a.name, a.name_en, a.kind,"   \
	" a.kind_en, p.code FROM area a LEFT JOIN area p ON p.id = a.parent_id"
static const char sql_area_scoped[] =
    AREA_COLS " WHERE a.code = ? AND (? = 1 OR EXISTS (SELECT 1 FROM area_closure ac"
    " JOIN unit_area ua ON ua.area_id = ac.ancestor WHERE ua.unit_id = ?"
    " AND ac.descendant = a.id))";
static const char sql_area_public[] =
    AREA_COLS " WHERE a.code = ? AND a.synthetic = 0 AND a.valid_to IS NULL";
static const char sql_home[] =
    "SELECT a.code FROM unit u JOIN area a ON a.id = u.home_area_id WHERE u.id = ?";
static const char sql_children[] =
    AREA_COLS " WHERE a.parent_id = ? AND a.valid_to IS NULL AND (? = 0 OR a.synthetic = 0)"
    " ORDER BY a.code";

static bool read_area(struct db_stmt *st, struct arena *a, void *row)
{
	struct dash_area *x = row;
	bool oom = false;

	x->id = db_col_int64(st, 0);
	x->parent_id = db_col_int64(st, 1);
	x->level = (int)db_col_int64(st, 2);
	x->code = db_col_dup(st, 3, a, &oom);
	x->name = db_col_dup(st, 4, a, &oom);
	x->name_en = db_col_dup(st, 5, a, &oom);
	x->kind = db_col_dup(st, 6, a, &oom);
	x->kind_en = db_col_dup(st, 7, a, &oom);
	x->parent_code = db_col_dup(st, 8, a, &oom);
	return !oom;
}

enum dv_err dash_area_get(struct db *db, const struct scope *sc, const char *code,
			  struct arena *a, struct dash_area *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sc ? sql_area_scoped : sql_area_public);
	enum db_step rc;

	memset(out, 0, sizeof(*out));
	if (!st || db_bind_text(st, 1, code) || (sc && store_bind_scope(st, 2, sc)))
		return db_fail(db, e, "reading area");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "area '%s' not found", code);
	rc = read_area(st, a, out) ? DB_DONE : DB_ERROR;
	db_reset(st);
	return rc == DB_DONE ? DV_OK : dv_fail(e, DV_ENOMEM, "reading area: out of memory");
}

enum dv_err dash_home_area(struct db *db, int64_t unit_id, struct arena *a, const char **code,
			    struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_home);
	enum db_step rc;
	bool oom = false;

	*code = NULL;
	if (!st || db_bind_int64(st, 1, unit_id) || (rc = db_step(st)) == DB_ERROR)
		return db_fail(db, e, "reading the unit's area");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "unit #%lld not found", (long long)unit_id);
	*code = db_col_dup(st, 0, a, &oom);
	db_reset(st);
	return oom ? dv_fail(e, DV_ENOMEM, "out of memory") : DV_OK;
}

enum dv_err dash_area_children(struct db *db, int64_t area_id, bool official, struct arena *a,
			       struct dash_area **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_children);

	if (!st || db_bind_int64(st, 1, area_id) || db_bind_int64(st, 2, official ? 1 : 0))
		return db_fail(db, e, "reading the areas below");
	return rows_read_all(db, st, "reading the areas below", a, read_area, sizeof(**out),
			     (void **)out, n, e);
}

/* ---- cases ---- */

#define CASE_SUMS                                                                             \
	" SUM(g.received), SUM(g.accepted), SUM(g.decided), SUM(g.decided_on_time)"
#define CASE_RANGE " AND g.month >= ? AND g.month <= ?"
static const char *const sql_cases[] = {
	[CASES_MONTH] = "SELECT 0, g.month, NULL, NULL," CASE_SUMS " FROM case_area_agg g"
			" WHERE g.area_id = ?" CASE_RANGE " GROUP BY g.month ORDER BY g.month",
	[CASES_KIND] = "SELECT 0, g.kind, NULL, NULL," CASE_SUMS " FROM case_area_agg g"
		       " WHERE g.area_id = ?" CASE_RANGE " GROUP BY g.kind ORDER BY g.kind",
	[CASES_TOPIC] = "SELECT t.id, t.code, t.name, t.name_en," CASE_SUMS
			" FROM case_area_agg g JOIN topic t ON t.id = g.topic_id"
			" WHERE g.area_id = ?" CASE_RANGE
			" GROUP BY t.id, t.code, t.name, t.name_en, t.sort ORDER BY t.sort, t.id",
	[CASES_CHILD] = "SELECT x.id, x.code, x.name, x.name_en," CASE_SUMS
			" FROM area x JOIN case_area_agg g ON g.area_id = x.id"
			" WHERE x.parent_id = ?" CASE_RANGE
			" GROUP BY x.id, x.code, x.name, x.name_en ORDER BY x.code",
};

static bool read_case_row(struct db_stmt *st, struct arena *a, void *row)
{
	struct case_row *r = row;
	bool oom = false;

	r->id = db_col_int64(st, 0);
	r->code = db_col_dup(st, 1, a, &oom);
	r->name = db_col_dup(st, 2, a, &oom);
	r->name_en = db_col_dup(st, 3, a, &oom);
	r->f.received = db_col_int64(st, 4);
	r->f.accepted = db_col_int64(st, 5);
	r->f.decided = db_col_int64(st, 6);
	r->f.on_time = db_col_int64(st, 7);
	return !oom;
}

enum dv_err case_figures_read(struct db *db, int64_t area_id, const char *from, const char *to,
			      enum case_by by, struct arena *a, struct case_row **out, size_t *n,
			      struct case_figures *total, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (total)
		memset(total, 0, sizeof(*total));
	if ((unsigned)by > CASES_CHILD)
		return dv_fail(e, DV_EINVAL, "reading case figures: no such grouping");
	st = db_prepare(db, sql_cases[by]);
	if (!st || db_bind_int64(st, 1, area_id) || db_bind_text(st, 2, from) ||
	    db_bind_text(st, 3, to))
		return db_fail(db, e, "reading case figures");
	ret = rows_read_all(db, st, "reading case figures", a, read_case_row, sizeof(**out),
			    (void **)out, n, e);
	if (ret || !total)
		return ret;
	for (size_t i = 0; i < *n; i++) {
		total->received += (*out)[i].f.received;
		total->accepted += (*out)[i].f.accepted;
		total->decided += (*out)[i].f.decided;
		total->on_time += (*out)[i].f.on_time;
	}
	return DV_OK;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The index of `k` in the sorted ids, or -1. */
static ptrdiff_t id_find(const int64_t *ids, size_t n, int64_t k)
{
	const int64_t *hit = n ? bsearch(&k, ids, n, sizeof(*ids), id_cmp) : NULL;

	return hit ? hit - ids : -1;
}

/* ---- overdue cases ---- */

/*
 * A case is overdue when it is open and its earliest running clock is past due (the case
 * list's rule): the counts of case_due_agg for the days before today, of the area and of each
 * child.
 */
static const char sql_overdue[] =
    "SELECT g.area_id, SUM(g.n) FROM case_due_agg g WHERE g.area_id = ? AND g.due_day < ?"
    " GROUP BY g.area_id UNION ALL"
    " SELECT x.id, SUM(g.n) FROM area x JOIN case_due_agg g ON g.area_id = x.id"
    " WHERE x.parent_id = ? AND g.due_day < ? GROUP BY x.id";

enum dv_err case_overdue_counts(struct db *db, int64_t area_id, const char *today,
				const int64_t *ids, int64_t *children, size_t n, int64_t *total,
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_overdue);
	enum db_step rc;
	ptrdiff_t at;
	int64_t k;

	*total = 0;
	if (n)
		memset(children, 0, n * sizeof(*children));
	if (!st || db_bind_int64(st, 1, area_id) || db_bind_text(st, 2, today) ||
	    db_bind_int64(st, 3, area_id) || db_bind_text(st, 4, today))
		return db_fail(db, e, "counting overdue cases");
	while ((rc = db_step(st)) == DB_ROW) {
		k = db_col_int64(st, 0);
		if (k == area_id)
			*total = db_col_int64(st, 1);
		else if ((at = id_find(ids, n, k)) >= 0)
			children[at] = db_col_int64(st, 1);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "counting overdue cases");
	return DV_OK;
}

/* The overdue cases, earliest due first: open cases whose earliest running clock (counted_due,
 * indexed) is past due, below the area. */
#define OVERDUE_FROM                                                                          \
	" FROM citizen_case c JOIN topic t ON t.id = c.topic_id JOIN area ar ON ar.id = c.area_id" \
	" JOIN unit u ON u.id = c.handling_unit_id"                                              \
	" WHERE c.counted_due IS NOT NULL AND c.counted_due < ? AND EXISTS (SELECT 1"             \
	" FROM area_closure ac WHERE ac.ancestor = ? AND ac.descendant = c.area_id)"
static const char sql_overdue_list[] =
    "SELECT c.id, c.kind, t.name, t.name_en, ar.name, u.name, c.received_on, c.counted_due,"
    " (SELECT MIN(d.step) FROM case_deadline d WHERE d.case_id = c.id AND d.met_on IS NULL"
    " AND d.due_day = c.counted_due)" OVERDUE_FROM " ORDER BY c.counted_due, c.id LIMIT ?";

static bool read_overdue(struct db_stmt *st, struct arena *a, void *row)
{
	struct overdue_row *r = row;
	bool oom = false;

	r->id = db_col_int64(st, 0);
	r->kind = db_col_dup(st, 1, a, &oom);
	r->topic = db_col_dup(st, 2, a, &oom);
	r->topic_en = db_col_dup(st, 3, a, &oom);
	r->area_name = db_col_dup(st, 4, a, &oom);
	r->unit_name = db_col_dup(st, 5, a, &oom);
	r->received_on = db_col_dup(st, 6, a, &oom);
	r->due_day = db_col_dup(st, 7, a, &oom);
	r->step = db_col_dup(st, 8, a, &oom);
	return !oom;
}

enum dv_err overdue_list(struct db *db, int64_t area_id, const char *today, size_t limit,
			 struct arena *a, struct overdue_row **out, size_t *n, int64_t *total,
			 struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = case_overdue_counts(db, area_id, today, NULL, NULL, 0, total, e);
	if (ret || !*total || !limit)
		return ret;
	st = db_prepare(db, sql_overdue_list);
	if (!st || db_bind_text(st, 1, today) || db_bind_int64(st, 2, area_id) ||
	    db_bind_int64(st, 3, (int64_t)limit))
		return db_fail(db, e, "listing overdue cases");
	return rows_read_all(db, st, "listing overdue cases", a, read_overdue, sizeof(**out),
			     (void **)out, n, e);
}

/* ---- models ---- */

static const char sql_models[] =
    "SELECT ac.ancestor,"
    " SUM(CASE WHEN m.start_on >= ? AND m.start_on <= ? THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN EXISTS (SELECT 1 FROM model_event v WHERE v.model_id = m.id"
    " AND v.action = 'recognised' AND v.decision_on >= ? AND v.decision_on <= ?)"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN m.status IN ('recognised', 'typical') THEN 1 ELSE 0 END)"
    " FROM model m JOIN area_closure ac ON ac.descendant = m.area_id"
    " JOIN area x ON x.id = ac.ancestor WHERE x.id = ? OR x.parent_id = ? GROUP BY ac.ancestor";

enum dv_err model_figures_read(struct db *db, int64_t area_id, const char *from_day,
			       const char *to_day, const int64_t *ids, struct model_figures *children,
			       size_t n, struct model_figures *total, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_models);
	struct model_figures f;
	enum db_step rc;
	ptrdiff_t at;
	int64_t k;

	memset(total, 0, sizeof(*total));
	if (n)
		memset(children, 0, n * sizeof(*children));
	if (!st || db_bind_text(st, 1, from_day) || db_bind_text(st, 2, to_day) ||
	    db_bind_text(st, 3, from_day) || db_bind_text(st, 4, to_day) ||
	    db_bind_int64(st, 5, area_id) || db_bind_int64(st, 6, area_id))
		return db_fail(db, e, "counting models");
	while ((rc = db_step(st)) == DB_ROW) {
		k = db_col_int64(st, 0);
		f.registered = db_col_int64(st, 1);
		f.recognised = db_col_int64(st, 2);
		f.in_force = db_col_int64(st, 3);
		if (k == area_id)
			*total = f;
		else if ((at = id_find(ids, n, k)) >= 0)
			children[at] = f;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "counting models");
	return DV_OK;
}

/* ---- published answers ---- */

/*
 * Published decisions (a partial index holds them by day): a commune's through
 * (commune_id, decided_on); a province's or the nation's newest first from the day index,
 * keeping those below the area (about one in 34 for a province).
 */
#define ANSWER_COLS                                                                           \
	"SELECT c.id, c.kind, t.name, t.name_en, ar.name, c.decided_on, c.decision"             \
	" FROM citizen_case c JOIN topic t ON t.id = c.topic_id"                                \
	" JOIN area ar ON ar.id = COALESCE(c.commune_id, c.area_id)"
#define ANSWER_WHERE                                                                          \
	" c.decided_on IS NOT NULL AND c.decision_public = 1 AND c.decided_on >= ?"              \
	" AND c.decided_on <= ? AND c.decision IS NOT NULL AND c.decision <> ''"                 \
	" AND c.kind NOT IN ('denunciation', 'anonymous')"
static const char sql_answers_commune[] =
    ANSWER_COLS " WHERE c.commune_id = ? AND" ANSWER_WHERE
    " ORDER BY c.decided_on DESC, c.id DESC LIMIT ?";
static const char sql_answers_above[] =
    ANSWER_COLS " WHERE" ANSWER_WHERE " AND EXISTS (SELECT 1 FROM area_closure ac"
    " WHERE ac.ancestor = ? AND ac.descendant = c.area_id)"
    " ORDER BY c.decided_on DESC, c.id DESC LIMIT ?";

static bool read_answer(struct db_stmt *st, struct arena *a, void *row)
{
	struct public_answer *r = row;
	bool oom = false;

	r->id = db_col_int64(st, 0);
	r->kind = db_col_dup(st, 1, a, &oom);
	r->topic = db_col_dup(st, 2, a, &oom);
	r->topic_en = db_col_dup(st, 3, a, &oom);
	r->area_name = db_col_dup(st, 4, a, &oom);
	r->decided_on = db_col_dup(st, 5, a, &oom);
	r->decision = db_col_dup(st, 6, a, &oom);
	return !oom;
}

enum dv_err public_answers(struct db *db, int64_t area_id, int level, const char *from_day,
			   const char *to_day, size_t limit, struct arena *a,
			   struct public_answer **out, size_t *n, struct dv_error *e)
{
	bool commune = level == 2;
	struct db_stmt *st = db_prepare(db, commune ? sql_answers_commune : sql_answers_above);
	int i = 1;

	if (!st || (commune && db_bind_int64(st, i++, area_id)) ||
	    db_bind_text(st, i++, from_day) || db_bind_text(st, i++, to_day) ||
	    (!commune && db_bind_int64(st, i++, area_id)) ||
	    db_bind_int64(st, i, (int64_t)limit))
		return db_fail(db, e, "reading published answers");
	return rows_read_all(db, st, "reading published answers", a, read_answer, sizeof(**out),
			     (void **)out, n, e);
}

/* ---- dialogues ---- */

/*
 * A commune's dialogues through its areas' activities (activity_area); a province's or the
 * nation's newest first from the index of activities by type and day (activity_type_start).
 */
#define DIALOGUE_COLS                                                                         \
	"SELECT x.id, x.title, x.start_on, ar.name, x.participants,"                             \
	" COALESCE((SELECT SUM(m.value) FROM activity_measure m JOIN activity_measure_def md"    \
	" ON md.id = m.measure_id WHERE m.activity_id = x.id AND md.code = 'questions'), 0)"
static const char sql_dialogues_commune[] =
    DIALOGUE_COLS " FROM area_closure ac CROSS JOIN activity x JOIN area ar ON ar.id = x.area_id"
    " WHERE ac.ancestor = ? AND x.area_id = ac.descendant"
    " AND x.type_id = (SELECT id FROM activity_type WHERE code = 'dialogue')"
    " AND x.start_on >= ? AND x.start_on <= ? ORDER BY x.start_on DESC, x.id DESC LIMIT ?";
static const char sql_dialogues_above[] =
    DIALOGUE_COLS " FROM activity x JOIN area ar ON ar.id = x.area_id"
    " WHERE x.type_id = (SELECT id FROM activity_type WHERE code = 'dialogue')"
    " AND x.start_on >= ? AND x.start_on <= ? AND EXISTS (SELECT 1 FROM area_closure ac"
    " WHERE ac.ancestor = ? AND ac.descendant = x.area_id)"
    " ORDER BY x.start_on DESC, x.id DESC LIMIT ?";

static bool read_dialogue(struct db_stmt *st, struct arena *a, void *row)
{
	struct public_dialogue *r = row;
	bool oom = false;

	r->id = db_col_int64(st, 0);
	r->title = db_col_dup(st, 1, a, &oom);
	r->start_on = db_col_dup(st, 2, a, &oom);
	r->area_name = db_col_dup(st, 3, a, &oom);
	r->participants = db_col_int64(st, 4);
	r->questions = db_col_double(st, 5);
	return !oom;
}

enum dv_err public_dialogues(struct db *db, int64_t area_id, int level, const char *from_day,
			     const char *to_day, size_t limit, struct arena *a,
			     struct public_dialogue **out, size_t *n, struct dv_error *e)
{
	bool below = level >= 2;
	struct db_stmt *st = db_prepare(db, below ? sql_dialogues_commune : sql_dialogues_above);
	int i = 1;

	if (!st || (below && db_bind_int64(st, i++, area_id)) || db_bind_text(st, i++, from_day) ||
	    db_bind_text(st, i++, to_day) || (!below && db_bind_int64(st, i++, area_id)) ||
	    db_bind_int64(st, i, (int64_t)limit))
		return db_fail(db, e, "reading dialogues");
	return rows_read_all(db, st, "reading dialogues", a, read_dialogue, sizeof(**out),
			     (void **)out, n, e);
}

/* ---- check and rebuild of case_area_agg and case_due_agg ---- */

/* t = topic_id * 8 + the kind's number (enum case_kind), so that the key has two ids. */
#define KIND_NUM(col)                                                                         \
	"(CASE " col " WHEN 'feedback' THEN 0 WHEN 'complaint1' THEN 1 WHEN 'complaint2' THEN 2" \
	" WHEN 'denunciation' THEN 3 WHEN 'anonymous' THEN 4 WHEN 'petition' THEN 5 ELSE 7 END)"
_Static_assert(KIND_FEEDBACK == 0 && KIND_COMPLAINT1 == 1 && KIND_COMPLAINT2 == 2 &&
		       KIND_DENUNCIATION == 3 && KIND_ANONYMOUS == 4 && KIND_PETITION == 5 &&
		       KIND__COUNT <= 7,
	       "KIND_NUM numbers the kinds as enum case_kind does");
/* The facts as case_area_agg counts them: each case at its area and every ancestor; received
 * in the month of received_on, accepted of accepted_on, decided of its (latest) decided_on, on
 * time when its settle clock was met no later than its due day (or it has none). */
#define CASE_FACTS                                                                            \
	"SELECT ac.ancestor AS k, f.month AS month, f.kind AS kind, f.topic_id AS topic_id,"     \
	" SUM(f.r) AS r, SUM(f.a) AS a, SUM(f.d) AS d, SUM(f.o) AS o FROM ("                      \
	"SELECT c.area_id AS area_id, substr(c.received_on, 1, 7) AS month, c.kind AS kind,"     \
	" c.topic_id AS topic_id, 1 AS r, 0 AS a, 0 AS d, 0 AS o FROM citizen_case c"            \
	" UNION ALL SELECT c.area_id, substr(c.accepted_on, 1, 7), c.kind, c.topic_id, 0, 1, 0, 0" \
	" FROM citizen_case c WHERE c.accepted_on IS NOT NULL"                                   \
	" UNION ALL SELECT c.area_id, substr(c.decided_on, 1, 7), c.kind, c.topic_id, 0, 0, 1,"  \
	" CASE WHEN EXISTS (SELECT 1 FROM case_deadline s WHERE s.case_id = c.id"                 \
	" AND s.step = 'settle' AND (s.met_on IS NULL OR s.met_on > s.due_day)) THEN 0 ELSE 1 END" \
	" FROM citizen_case c WHERE c.decided_on IS NOT NULL"                                    \
	") f JOIN area_closure ac ON ac.descendant = f.area_id WHERE f.month IS NOT NULL"        \
	" GROUP BY ac.ancestor, f.month, f.kind, f.topic_id"
static const char sql_case_facts[] =
    "SELECT x.k, x.month, x.topic_id * 8 + " KIND_NUM("x.kind") ", x.r, x.a, x.d, x.o FROM ("
    CASE_FACTS ") x ORDER BY 1, 2, 3";
static const char sql_case_stored[] =
    "SELECT area_id, month, topic_id * 8 + " KIND_NUM("kind") ", received, accepted, decided,"
    " decided_on_time FROM case_area_agg WHERE received <> 0 OR accepted <> 0 OR decided <> 0"
    " OR decided_on_time <> 0 ORDER BY 1, 2, 3";
static const char *const sql_case_rebuild[] = {
    "DELETE FROM case_area_agg",
    "INSERT INTO case_area_agg (area_id, month, kind, topic_id, received, accepted, decided,"
    " decided_on_time) SELECT * FROM (" CASE_FACTS ") f",
    NULL,
};

static const char *kind_topic(int64_t t, char *buf)
{
	const char *kind = case_kind_name((enum case_kind)(t % 8));

	snprintf(buf, 48, "%lld kind=%s", (long long)(t / 8), kind ? kind : "?");
	return buf;
}

/*
 * case_due_agg (migration 0006) from the facts, not from the counted days it is kept by: an
 * open case (not closed or withdrawn) at the earliest due day of its running clocks, in the
 * rows of its area and every ancestor. The counted day of each case is checked too
 * (citizen_case.counted_due, and due_dirty, which no committed transaction leaves set): the
 * commit keeps the counts by the counted days, so a wrong one would go wrong later.
 */
#define DUE_FACTS                                                                               \
	"SELECT c.id AS id, c.area_id AS area_id, (SELECT MIN(d.due_day) FROM case_deadline d"    \
	" WHERE d.case_id = c.id AND d.met_on IS NULL) AS due FROM citizen_case c"                \
	" WHERE c.status NOT IN ('closed', 'withdrawn')"
static const char sql_due_facts[] =
    "SELECT ac.ancestor, x.due, 0, COUNT(*) FROM (" DUE_FACTS ") x JOIN area_closure ac"
    " ON ac.descendant = x.area_id WHERE x.due IS NOT NULL GROUP BY ac.ancestor, x.due"
    " ORDER BY 1, 2, 3";
static const char sql_due_stored[] =
    "SELECT area_id, due_day, 0, n FROM case_due_agg WHERE n <> 0 ORDER BY 1, 2, 3";
static const char sql_counted_facts[] =
    "SELECT x.id, x.due, 0, 1, 0 FROM (" DUE_FACTS ") x WHERE x.due IS NOT NULL ORDER BY 1, 2, 3";
static const char sql_counted_stored[] =
    "SELECT id, COALESCE(counted_due, ''), 0, 1, due_dirty FROM citizen_case"
    " WHERE counted_due IS NOT NULL OR due_dirty <> 0 ORDER BY 1, 2, 3";
static const char *const sql_due_rebuild[] = {
    "UPDATE citizen_case SET counted_due = CASE WHEN status IN ('closed', 'withdrawn') THEN NULL"
    " ELSE (SELECT MIN(d.due_day) FROM case_deadline d WHERE d.case_id = citizen_case.id"
    " AND d.met_on IS NULL) END, due_dirty = 0",
    "DELETE FROM case_due_agg",
    "INSERT INTO case_due_agg (area_id, due_day, n) SELECT ac.ancestor, c.counted_due, COUNT(*)"
    " FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id"
    " WHERE c.counted_due IS NOT NULL GROUP BY ac.ancestor, c.counted_due",
    NULL,
};

static const char *const case_values[] = {"received", "accepted", "decided", "decided_on_time"};
static const char *const due_values[] = {"n"};
static const char *const counted_values[] = {"counted", "due_dirty"};
static const struct agg_check case_checks[] = {
	{"case_area_agg", "area_id", "topic_id", case_values, 4, sql_case_facts, sql_case_stored,
	 kind_topic, NULL},
	{"case_due_agg", "area_id", NULL, due_values, 1, sql_due_facts, sql_due_stored, NULL,
	 "due_day"},
	{"citizen_case.counted_due", "case_id", NULL, counted_values, 2, sql_counted_facts,
	 sql_counted_stored, NULL, "due_day"},
};

enum dv_err case_agg_check(struct db *db, struct strbuf *report, int64_t *diffs,
			   struct dv_error *e)
{
	enum dv_err ret = DV_OK;

	for (size_t i = 0; !ret && i < sizeof(case_checks) / sizeof(case_checks[0]); i++)
		ret = agg_check_run(db, &case_checks[i], report, diffs, e);
	return ret;
}

static enum dv_err run_all(struct db *db, const char *const *q, struct dv_error *e)
{
	for (; *q; q++)
		if (rows_run(db, db_prepare(db, *q), "rebuilding the case aggregates", e))
			return e ? e->code : DV_EDB;
	return DV_OK;
}

enum dv_err case_agg_rebuild(struct db *db, struct dv_error *e)
{
	enum dv_err ret = run_all(db, sql_case_rebuild, e);

	if (!ret)
		ret = run_all(db, sql_due_rebuild, e);
	return ret ? ret : agg_version_bump(db, e);
}
