/* emulation.c: the repository of criteria sets, models and exemplars, emulation rounds and
 * commendation (see emulation.h). */
#include "store/emulation.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/dates.h"
#include "store/dash.h"
#include "store/rows.h"
#include "store/search.h"

#include "base/banned.h"

/*
 * The scope predicates. Each takes three parameters, bound by bind_vis: the system flag, then
 * the caller's unit twice (0 when the caller may not read work: it then sees nothing).
 */
#define SUBTREE_HAS(col) \
	"EXISTS (SELECT 1 FROM unit_closure v1 WHERE v1.ancestor = ? AND v1.descendant = " col ")"
#define AREAS_HAVE(col)                                                                      \
	"EXISTS (SELECT 1 FROM area_closure v2 JOIN unit_area v3 ON v3.area_id = v2.ancestor"  \
	" WHERE v3.unit_id = ? AND v2.descendant = " col ")"
#define MODEL_VISIBLE                                                                        \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure v1 WHERE v1.ancestor = ?"                \
	" AND v1.descendant IN (m.owner_unit_id, m.launch_unit_id)) OR " AREAS_HAVE("m.area_id") ")"
#define SET_VISIBLE                                                                          \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure v1 WHERE (v1.ancestor = ?"               \
	" AND v1.descendant = s.unit_id) OR (v1.ancestor = s.unit_id AND v1.descendant = ?)))"
#define CAMPAIGN_VISIBLE                                                                     \
	"(? = 1 OR " SUBTREE_HAS("c.launch_unit_id") " OR EXISTS (SELECT 1 FROM campaign_unit vu" \
	" JOIN unit_closure v4 ON v4.descendant = vu.unit_id WHERE vu.campaign_id = c.id"       \
	" AND v4.ancestor = ?))"
#define AWARD_VISIBLE                                                                        \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure v1 WHERE v1.ancestor = ?"                \
	" AND v1.descendant IN (w.proposing_unit_id, w.subject_unit_id)) OR "                  \
	AREAS_HAVE("w.area_id") ")"

static int bind_vis(struct db_stmt *st, int idx, const struct scope *sc)
{
	int64_t unit = sc->system || !scope_can(sc, PERM_WORK_READ) ? 0 : sc->unit_id;

	return db_bind_int64(st, idx, sc->system ? 1 : 0) || db_bind_int64(st, idx + 1, unit) ||
	       db_bind_int64(st, idx + 2, unit);
}

static int bind_text_or_empty(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_text(st, idx, s ? s : "");
}

/* Two parameters for "(? = '' OR x = ?)". */
static int bind_code_filter(struct db_stmt *st, int idx, const struct emu_word *v, int n, int i)
{
	const char *code = i >= 0 && i < n ? v[i].code : "";

	return db_bind_text(st, idx, code) || db_bind_text(st, idx + 1, code);
}

/* ================================================================ criteria sets */

#define SET_COLS "s.id, s.unit_id, u.name, s.purpose, s.name, s.pass_percent, s.active, s.created_at"
#define SET_FROM " FROM criteria_set s JOIN unit u ON u.id = s.unit_id"
static const char sql_set_insert[] =
    "INSERT INTO criteria_set (unit_id, purpose, name, pass_percent, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_criterion_insert[] =
    "INSERT INTO criterion (set_id, pos, name, guidance, weight, max_score)"
    " VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_set_active[] = "UPDATE criteria_set SET active = ? WHERE id = ?";
static const char sql_set_get[] = "SELECT " SET_COLS SET_FROM " WHERE s.id = ? AND " SET_VISIBLE;
static const char sql_criteria[] =
    "SELECT id, set_id, pos, name, guidance, weight, max_score FROM criterion"
    " WHERE set_id = ? ORDER BY pos";
#define SET_WHERE                                                                            \
	" WHERE (? = '' OR s.purpose = ?) AND (? = 0 OR s.unit_id = ?) AND (? = 0 OR s.active = 1)" \
	" AND " SET_VISIBLE
static const char sql_set_list[] =
    "SELECT " SET_COLS SET_FROM SET_WHERE " ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?";
static const char sql_set_count[] = "SELECT COUNT(*)" SET_FROM SET_WHERE;
static const char sql_set_usable[] =
    "SELECT 1 FROM criteria_set s JOIN unit_closure c ON c.ancestor = s.unit_id"
    " WHERE s.id = ? AND c.descendant = ?";

enum dv_err criteria_set_insert(struct db *db, const struct criteria_set *s, int64_t user_id,
				int64_t now, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_set_insert);
	enum dv_err ret;
	size_t i;

	if (!st || db_bind_int64(st, 1, s->unit_id) || db_bind_text(st, 2, s->purpose) ||
	    db_bind_text(st, 3, s->name) || db_bind_double(st, 4, s->pass_percent) ||
	    rows_bind_id_or_null(st, 5, user_id) || db_bind_int64(st, 6, now))
		return db_fail(db, e, "adding criteria set");
	ret = rows_returning_id(db, st, id, "adding criteria set", e);
	for (i = 0; !ret && i < s->n_criteria; i++) {
		const struct criterion *c = &s->criteria[i];

		st = db_prepare(db, sql_criterion_insert);
		if (!st || db_bind_int64(st, 1, *id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
		    db_bind_text(st, 3, c->name) || bind_text_or_empty(st, 4, c->guidance) ||
		    db_bind_double(st, 5, c->weight) || db_bind_double(st, 6, c->max_score))
			return db_fail(db, e, "adding criterion");
		ret = rows_run(db, st, "adding criterion", e);
	}
	return ret;
}

enum dv_err criteria_set_set_active(struct db *db, int64_t id, bool active, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_set_active);

	if (!st || db_bind_int64(st, 1, active ? 1 : 0) || db_bind_int64(st, 2, id))
		return db_fail(db, e, "changing criteria set");
	return rows_run(db, st, "changing criteria set", e);
}

static bool read_set(struct db_stmt *st, struct arena *a, void *row)
{
	struct criteria_set *s = row;
	bool oom = false;

	memset(s, 0, sizeof(*s));
	s->id = db_col_int64(st, 0);
	s->unit_id = db_col_int64(st, 1);
	s->unit_name = db_col_dup(st, 2, a, &oom);
	s->purpose = db_col_dup(st, 3, a, &oom);
	s->name = db_col_dup(st, 4, a, &oom);
	s->pass_percent = db_col_double(st, 5);
	s->active = db_col_int64(st, 6) != 0;
	s->created_at = db_col_int64(st, 7);
	return !oom;
}

static bool read_criterion(struct db_stmt *st, struct arena *a, void *row)
{
	struct criterion *c = row;
	bool oom = false;

	c->id = db_col_int64(st, 0);
	c->set_id = db_col_int64(st, 1);
	c->pos = (int)db_col_int64(st, 2);
	c->name = db_col_dup(st, 3, a, &oom);
	c->guidance = db_col_dup(st, 4, a, &oom);
	c->weight = db_col_double(st, 5);
	c->max_score = db_col_double(st, 6);
	return !oom;
}

enum dv_err criteria_set_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			     struct criteria_set *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_set_get);
	enum dv_err ret;

	if (!st || db_bind_int64(st, 1, id) || bind_vis(st, 2, sc))
		return db_fail(db, e, "reading criteria set");
	ret = rows_read_one(db, st, a, read_set, out, "criteria set", id, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_criteria);
	if (!st || db_bind_int64(st, 1, id))
		return db_fail(db, e, "reading criteria");
	return rows_read_all(db, st, "reading criteria", a, read_criterion, sizeof(struct criterion),
			     (void **)&out->criteria, &out->n_criteria, e);
}

static int bind_set_filter(struct db_stmt *st, const void *filter, const char *pattern,
			   const struct scope *sc)
{
	const struct criteria_set_filter *f = filter;

	(void)pattern;
	if (bind_text_or_empty(st, 1, f->purpose) || bind_text_or_empty(st, 2, f->purpose) ||
	    rows_bind_flag_id(st, 3, f->unit_id) || db_bind_int64(st, 5, f->active_only ? 1 : 0) ||
	    bind_vis(st, 6, sc))
		return -1;
	return 9;
}

enum dv_err criteria_set_list(struct db *db, const struct scope *sc,
			      const struct criteria_set_filter *f, struct arena *a,
			      struct criteria_set **out, size_t *n, int64_t *total,
			      struct dv_error *e)
{
	static const struct list_query q = {sql_set_count, sql_set_list, "listing criteria sets",
					    bind_set_filter, read_set, sizeof(struct criteria_set)};

	return rows_list(db, &q, f, NULL, sc, f->limit, f->offset, a, (void **)out, n, total, e);
}

enum dv_err criteria_set_usable_by(struct db *db, int64_t set_id, int64_t unit_id,
				   struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_set_usable);
	int r;

	if (!st || db_bind_int64(st, 1, set_id) || db_bind_int64(st, 2, unit_id) ||
	    (r = rows_exists(st)) < 0)
		return db_fail(db, e, "reading criteria set");
	return r ? DV_OK
		 : dv_fail(e, DV_ENOTFOUND, "criteria set #%lld is not one of your unit's",
			   (long long)set_id);
}

/* ================================================================ models */

#define MODEL_COLS                                                                           \
	"m.id, m.kind, m.field, m.status, m.level, m.name, m.owner_unit_id, ou.name, m.area_id," \
	" a.code, a.full_name, m.launch_unit_id, lu.name, m.start_on, m.description, m.goals,"  \
	" m.results, m.withdrawn_reason, m.origin_id, m.root_id, om.name, m.created_by,"         \
	" m.created_at, m.updated_at"
#define MODEL_FROM                                                                           \
	" FROM model m JOIN unit ou ON ou.id = m.owner_unit_id JOIN unit lu"                   \
	" ON lu.id = m.launch_unit_id JOIN area a ON a.id = m.area_id"                          \
	" LEFT JOIN model om ON om.id = m.origin_id"
static const char sql_model_insert[] =
    "INSERT INTO model (kind, field, name, name_fold, owner_unit_id, area_id, launch_unit_id,"
    " start_on, description, goals, results, status, level, origin_id, root_id, created_by,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'registered', 'none', ?,"
    " (SELECT COALESCE(o.root_id, o.id) FROM model o WHERE o.id = ?), ?, ?, ?) RETURNING id";
static const char sql_model_update[] =
    "UPDATE model SET kind = ?, field = ?, name = ?, name_fold = ?, area_id = ?, start_on = ?,"
    " description = ?, goals = ?, results = ?, updated_at = ? WHERE id = ?";
static const char sql_model_status[] =
    "UPDATE model SET status = ?, level = ?, withdrawn_reason = ?, updated_at = ? WHERE id = ?";
static const char sql_model_get[] =
    "SELECT " MODEL_COLS MODEL_FROM " WHERE m.id = ? AND " MODEL_VISIBLE;
#define MODEL_WHERE                                                                          \
	" WHERE m.name_fold LIKE ? ESCAPE '\\' AND (? = '' OR m.kind = ?)"                    \
	" AND (? = '' OR m.field = ?) AND (? = '' OR m.status = ?) AND (? = '' OR m.level = ?)" \
	" AND (? = 0 OR m.owner_unit_id IN (SELECT fu.descendant FROM unit_closure fu"        \
	" WHERE fu.ancestor = ?)) AND (? = 0 OR m.launch_unit_id = ?)"                         \
	" AND (? = 0 OR m.area_id IN (SELECT fa.descendant FROM area_closure fa"              \
	" WHERE fa.ancestor = ?)) AND (? = 0 OR m.origin_id = ?) AND (? = 0 OR EXISTS"         \
	" (SELECT 1 FROM model_activity fm WHERE fm.model_id = m.id AND fm.activity_id = ?))"  \
	" AND " MODEL_VISIBLE
static const char sql_model_list[] = "SELECT " MODEL_COLS MODEL_FROM MODEL_WHERE
				     " ORDER BY m.updated_at DESC, m.id DESC LIMIT ? OFFSET ?";
static const char sql_model_count[] = "SELECT COUNT(*)" MODEL_FROM MODEL_WHERE;

enum dv_err model_insert(struct db *db, const struct model *m, const char *name_fold,
			 int64_t user_id, int64_t now, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_insert);

	if (!st || db_bind_text(st, 1, model_kinds[m->kind].code) ||
	    db_bind_text(st, 2, model_fields[m->field].code) || db_bind_text(st, 3, m->name) ||
	    db_bind_text(st, 4, name_fold) || db_bind_int64(st, 5, m->owner_unit_id) ||
	    db_bind_int64(st, 6, m->area_id) || db_bind_int64(st, 7, m->launch_unit_id) ||
	    store_bind_date(st, 8, m->start_on) || bind_text_or_empty(st, 9, m->description) ||
	    bind_text_or_empty(st, 10, m->goals) || bind_text_or_empty(st, 11, m->results) ||
	    rows_bind_id_or_null(st, 12, m->origin_id) || db_bind_int64(st, 13, m->origin_id) ||
	    rows_bind_id_or_null(st, 14, user_id) || db_bind_int64(st, 15, now) ||
	    db_bind_int64(st, 16, now))
		return db_fail(db, e, "registering model");
	return rows_returning_id(db, st, id, "registering model", e);
}

enum dv_err model_update(struct db *db, const struct model *m, const char *name_fold,
			 int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_update);

	if (!st || db_bind_text(st, 1, model_kinds[m->kind].code) ||
	    db_bind_text(st, 2, model_fields[m->field].code) || db_bind_text(st, 3, m->name) ||
	    db_bind_text(st, 4, name_fold) || db_bind_int64(st, 5, m->area_id) ||
	    store_bind_date(st, 6, m->start_on) || bind_text_or_empty(st, 7, m->description) ||
	    bind_text_or_empty(st, 8, m->goals) || bind_text_or_empty(st, 9, m->results) ||
	    db_bind_int64(st, 10, now) || db_bind_int64(st, 11, m->id))
		return db_fail(db, e, "changing model");
	if (rows_run(db, st, "changing model", e))
		return e ? e->code : DV_EDB;
	return agg_version_bump(db, e);
}

enum dv_err model_set_status(struct db *db, int64_t id, enum model_status status,
			     enum model_level level, const char *withdrawn_reason, int64_t now,
			     struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_status);

	if (!st || db_bind_text(st, 1, model_statuses[status].code) ||
	    db_bind_text(st, 2, model_levels[level].code) ||
	    bind_text_or_empty(st, 3, withdrawn_reason) || db_bind_int64(st, 4, now) ||
	    db_bind_int64(st, 5, id))
		return db_fail(db, e, "changing model status");
	return rows_run(db, st, "changing model status", e);
}

/* A vocabulary column: its index, or 0 for a value the schema's CHECK would not allow. */
static int col_word(struct db_stmt *st, int col, const struct emu_word *v, int n)
{
	int i = emu_parse(v, n, db_col_text(st, col));

	return i < 0 ? 0 : i;
}

static bool read_model(struct db_stmt *st, struct arena *a, void *row)
{
	struct model *m = row;
	bool oom = false;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(st, 0);
	m->kind = (enum model_kind)col_word(st, 1, model_kinds, MODEL_KIND__COUNT);
	m->field = (enum model_field)col_word(st, 2, model_fields, FIELD__COUNT);
	m->status = (enum model_status)col_word(st, 3, model_statuses, MS__COUNT);
	m->level = (enum model_level)col_word(st, 4, model_levels, ML__COUNT);
	m->name = db_col_dup(st, 5, a, &oom);
	m->owner_unit_id = db_col_int64(st, 6);
	m->owner_unit_name = db_col_dup(st, 7, a, &oom);
	m->area_id = db_col_int64(st, 8);
	m->area_code = db_col_dup(st, 9, a, &oom);
	m->area_name = db_col_dup(st, 10, a, &oom);
	m->launch_unit_id = db_col_int64(st, 11);
	m->launch_unit_name = db_col_dup(st, 12, a, &oom);
	m->start_on = store_col_date(st, 13);
	m->description = db_col_dup(st, 14, a, &oom);
	m->goals = db_col_dup(st, 15, a, &oom);
	m->results = db_col_dup(st, 16, a, &oom);
	m->withdrawn_reason = db_col_dup(st, 17, a, &oom);
	m->origin_id = db_col_int64(st, 18);
	m->root_id = db_col_int64(st, 19);
	m->origin_name = db_col_is_null(st, 20) ? NULL : db_col_dup(st, 20, a, &oom);
	m->created_by = db_col_int64(st, 21);
	m->created_at = db_col_int64(st, 22);
	m->updated_at = db_col_int64(st, 23);
	return !oom;
}

enum dv_err model_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		      struct model *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_get);

	if (!st || db_bind_int64(st, 1, id) || bind_vis(st, 2, sc))
		return db_fail(db, e, "reading model");
	return rows_read_one(db, st, a, read_model, out, "model", id, e);
}

static int bind_model_filter(struct db_stmt *st, const void *filter, const char *pattern,
			     const struct scope *sc)
{
	const struct model_filter *f = filter;

	if (db_bind_text(st, 1, pattern) ||
	    bind_code_filter(st, 2, model_kinds, MODEL_KIND__COUNT, f->kind) ||
	    bind_code_filter(st, 4, model_fields, FIELD__COUNT, f->field) ||
	    bind_code_filter(st, 6, model_statuses, MS__COUNT, f->status) ||
	    bind_code_filter(st, 8, model_levels, ML__COUNT, f->level) ||
	    rows_bind_flag_id(st, 10, f->unit_id) || rows_bind_flag_id(st, 12, f->launch_unit_id) ||
	    rows_bind_flag_id(st, 14, f->area_id) || rows_bind_flag_id(st, 16, f->origin_id) ||
	    rows_bind_flag_id(st, 18, f->activity_id) || bind_vis(st, 20, sc))
		return -1;
	return 23;
}

/* A list with a search pattern made from f->query. */
static enum dv_err search_list(struct db *db, const struct list_query *q, const void *f,
			       const char *query, const struct scope *sc, size_t limit,
			       size_t offset, struct arena *a, void **out, size_t *n,
			       int64_t *total, struct dv_error *e)
{
	struct strbuf pat = STRBUF_INIT;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	ret = store_like_pattern(query, &pat, e);
	if (!ret)
		ret = rows_list(db, q, f, pat.buf, sc, limit, offset, a, out, n, total, e);
	strbuf_release(&pat);
	return ret;
}

enum dv_err model_list(struct db *db, const struct scope *sc, const struct model_filter *f,
		       struct arena *a, struct model **out, size_t *n, int64_t *total,
		       struct dv_error *e)
{
	static const struct list_query q = {sql_model_count, sql_model_list, "listing models",
					    bind_model_filter, read_model, sizeof(struct model)};

	return search_list(db, &q, f, f->query, sc, f->limit, f->offset, a, (void **)out, n, total,
			   e);
}

/* ---- events ---- */

static const char sql_event_add[] =
    "INSERT INTO model_event (model_id, action, level, decision_no, decision_on, unit_id,"
    " criteria_set_id, percent, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_events[] =
    "SELECT ev.id, ev.model_id, ev.action, ev.level, ev.decision_no, ev.decision_on,"
    " ev.unit_id, ev.criteria_set_id, un.name, ev.percent, ev.note, ev.user_id,"
    " us.display_name, ev.at FROM model_event ev LEFT JOIN unit un ON un.id = ev.unit_id"
    " LEFT JOIN app_user us ON us.id = ev.user_id WHERE ev.model_id = ? ORDER BY ev.id";

enum dv_err model_event_add(struct db *db, const struct model_event *ev, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_event_add);
	int lv = ev->level > ML_NONE && ev->level < ML__COUNT;

	if (!st || db_bind_int64(st, 1, ev->model_id) || db_bind_text(st, 2, ev->action) ||
	    db_bind_text(st, 3, lv ? model_levels[ev->level].code : "") ||
	    bind_text_or_empty(st, 4, ev->decision_no) ||
	    store_bind_date_or_null(st, 5, ev->decision_on) ||
	    rows_bind_id_or_null(st, 6, ev->unit_id) ||
	    rows_bind_id_or_null(st, 7, ev->criteria_set_id) ||
	    (ev->percent >= 0 ? db_bind_double(st, 8, ev->percent) : db_bind_null(st, 8)) ||
	    bind_text_or_empty(st, 9, ev->note) || rows_bind_id_or_null(st, 10, ev->user_id) ||
	    db_bind_int64(st, 11, ev->at))
		return db_fail(db, e, "recording the model's history");
	if (rows_run(db, st, "recording the model's history", e))
		return e ? e->code : DV_EDB;
	return agg_version_bump(db, e);
}

static bool read_event(struct db_stmt *st, struct arena *a, void *row)
{
	struct model_event *ev = row;
	bool oom = false;
	int lv;

	memset(ev, 0, sizeof(*ev));
	ev->id = db_col_int64(st, 0);
	ev->model_id = db_col_int64(st, 1);
	ev->action = db_col_dup(st, 2, a, &oom);
	lv = emu_parse(model_levels, ML__COUNT, db_col_text(st, 3));
	ev->level = lv < 0 ? ML_NONE : (enum model_level)lv;
	ev->decision_no = db_col_dup(st, 4, a, &oom);
	ev->decision_on = store_col_date(st, 5);
	ev->unit_id = db_col_int64(st, 6);
	ev->criteria_set_id = db_col_int64(st, 7);
	ev->unit_name = db_col_is_null(st, 8) ? NULL : db_col_dup(st, 8, a, &oom);
	ev->percent = db_col_is_null(st, 9) ? -1 : db_col_double(st, 9);
	ev->note = db_col_dup(st, 10, a, &oom);
	ev->user_id = db_col_int64(st, 11);
	ev->user_name = db_col_is_null(st, 12) ? NULL : db_col_dup(st, 12, a, &oom);
	ev->at = db_col_int64(st, 13);
	return !oom;
}

enum dv_err model_events(struct db *db, int64_t model_id, struct arena *a,
			 struct model_event **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_events);

	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading the model's history");
	return rows_read_all(db, st, "reading the model's history", a, read_event,
			     sizeof(struct model_event), (void **)out, n, e);
}

/* ---- lineage ---- */

#define FIG_SUMS                                                                             \
	"COUNT(x.id), CAST(COALESCE(SUM(x.participants), 0) AS BIGINT),"                      \
	" COALESCE(SUM(x.workdays), 0), CAST(COALESCE(SUM(x.households), 0) AS BIGINT),"       \
	" CAST(COALESCE(SUM(x.persons), 0) AS BIGINT),"                                        \
	" CAST(COALESCE(SUM(x.value_cash), 0) AS BIGINT),"                                     \
	" CAST(COALESCE(SUM(x.value_kind), 0) AS BIGINT)"
/* Lineages are short; the depth bound keeps a corrupted cycle from running forever. */
static const char sql_replicas[] =
    "WITH RECURSIVE lin (id, depth) AS (SELECT id, 1 FROM model WHERE origin_id = ?"
    " UNION ALL SELECT r.id, lin.depth + 1 FROM model r JOIN lin ON r.origin_id = lin.id"
    " WHERE lin.depth < 32)"
    " SELECT m.id, m.origin_id, lin.depth, m.name, ou.name, a.code, a.full_name,"
    " COALESCE(a.lat, pa.lat), COALESCE(a.lon, pa.lon),"
    " m.status, m.level, m.start_on, " FIG_SUMS
    " FROM lin JOIN model m ON m.id = lin.id JOIN unit ou ON ou.id = m.owner_unit_id"
    " JOIN area a ON a.id = m.area_id LEFT JOIN area pa ON pa.id = a.parent_id"
    " LEFT JOIN model_activity ma ON ma.model_id = m.id"
    " LEFT JOIN activity x ON x.id = ma.activity_id"
    " GROUP BY m.id, m.origin_id, lin.depth, m.name, ou.name, a.code, a.full_name, a.lat,"
    " a.lon, pa.lat, pa.lon, m.status, m.level, m.start_on ORDER BY lin.depth, m.id";

static void read_figures(struct db_stmt *st, int col, struct work_figures *f)
{
	f->n = db_col_int64(st, col);
	f->participants = db_col_int64(st, col + 1);
	f->workdays = db_col_double(st, col + 2);
	f->households = db_col_int64(st, col + 3);
	f->persons = db_col_int64(st, col + 4);
	f->value_cash = db_col_int64(st, col + 5);
	f->value_kind = db_col_int64(st, col + 6);
}

static bool read_replica(struct db_stmt *st, struct arena *a, void *row)
{
	struct model_replica *r = row;
	bool oom = false;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int64(st, 0);
	r->origin_id = db_col_int64(st, 1);
	r->depth = (int)db_col_int64(st, 2);
	r->name = db_col_dup(st, 3, a, &oom);
	r->owner_unit_name = db_col_dup(st, 4, a, &oom);
	r->area_code = db_col_dup(st, 5, a, &oom);
	r->area_name = db_col_dup(st, 6, a, &oom);
	r->lat = db_col_is_null(st, 7) ? NAN : db_col_double(st, 7);
	r->lon = db_col_is_null(st, 8) ? NAN : db_col_double(st, 8);
	r->status = (enum model_status)col_word(st, 9, model_statuses, MS__COUNT);
	r->level = (enum model_level)col_word(st, 10, model_levels, ML__COUNT);
	r->start_on = store_col_date(st, 11);
	read_figures(st, 12, &r->f);
	return !oom;
}

enum dv_err model_replicas(struct db *db, int64_t model_id, struct arena *a,
			   struct model_replica **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_replicas);

	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading replications");
	return rows_read_all(db, st, "reading replications", a, read_replica,
			     sizeof(struct model_replica), (void **)out, n, e);
}

/* ---- evaluations ---- */

static const char sql_eval_put[] =
    "INSERT INTO model_evaluation (model_id, criterion_id, evaluator_id, evaluator_unit_id,"
    " score, note, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id, criterion_id,"
    " evaluator_id) DO UPDATE SET evaluator_unit_id = excluded.evaluator_unit_id,"
    " score = excluded.score, note = excluded.note, at = excluded.at";
static const char sql_evals[] =
    "SELECT e.criterion_id, c.set_id, e.evaluator_id, e.evaluator_unit_id, us.display_name,"
    " un.name, e.note, e.score, e.at FROM model_evaluation e JOIN criterion c"
    " ON c.id = e.criterion_id JOIN app_user us ON us.id = e.evaluator_id JOIN unit un"
    " ON un.id = e.evaluator_unit_id WHERE e.model_id = ? ORDER BY c.set_id DESC, c.pos,"
    " e.evaluator_id";
static const char sql_eval_sets[] =
    "SELECT c.set_id FROM model_evaluation e JOIN criterion c ON c.id = e.criterion_id"
    " WHERE e.model_id = ? GROUP BY c.set_id ORDER BY c.set_id DESC";

enum dv_err model_eval_put(struct db *db, int64_t model_id, int64_t criterion_id,
			   int64_t evaluator_id, int64_t unit_id, double score, const char *note,
			   int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_eval_put);

	if (!st || db_bind_int64(st, 1, model_id) || db_bind_int64(st, 2, criterion_id) ||
	    db_bind_int64(st, 3, evaluator_id) || db_bind_int64(st, 4, unit_id) ||
	    db_bind_double(st, 5, score) || bind_text_or_empty(st, 6, note) ||
	    db_bind_int64(st, 7, now))
		return db_fail(db, e, "recording the evaluation");
	return rows_run(db, st, "recording the evaluation", e);
}

static bool read_eval(struct db_stmt *st, struct arena *a, void *row)
{
	struct model_eval *v = row;
	bool oom = false;

	v->criterion_id = db_col_int64(st, 0);
	v->set_id = db_col_int64(st, 1);
	v->evaluator_id = db_col_int64(st, 2);
	v->evaluator_unit_id = db_col_int64(st, 3);
	v->evaluator_name = db_col_dup(st, 4, a, &oom);
	v->evaluator_unit_name = db_col_dup(st, 5, a, &oom);
	v->note = db_col_dup(st, 6, a, &oom);
	v->score = db_col_double(st, 7);
	v->at = db_col_int64(st, 8);
	return !oom;
}

enum dv_err model_evals(struct db *db, int64_t model_id, struct arena *a, struct model_eval **out,
			size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_evals);

	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading evaluations");
	return rows_read_all(db, st, "reading evaluations", a, read_eval, sizeof(struct model_eval),
			     (void **)out, n, e);
}

static bool read_id(struct db_stmt *st, struct arena *a, void *row)
{
	(void)a;
	*(int64_t *)row = db_col_int64(st, 0);
	return true;
}

enum dv_err model_eval_sets(struct db *db, int64_t model_id, struct arena *a, int64_t **out,
			    size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_eval_sets);

	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading evaluations");
	return rows_read_all(db, st, "reading evaluations", a, read_id, sizeof(int64_t),
			     (void **)out, n, e);
}

/* ---- results ---- */

static const char sql_link_exists[] =
    "SELECT 1 FROM model_activity WHERE model_id = ? AND activity_id = ?";
static const char sql_link[] =
    "INSERT INTO model_activity (model_id, activity_id, linked_by, linked_at) VALUES (?, ?, ?, ?)";
static const char sql_unlink[] =
    "DELETE FROM model_activity WHERE model_id = ? AND activity_id = ?";
static const char sql_model_acts[] =
    "SELECT x.id, x.title, t.code, t.name, t.name_en, a.code, a.full_name, x.start_on, x.end_on,"
    " 1, x.participants, x.workdays, x.households, x.persons, x.value_cash, x.value_kind"
    " FROM model_activity ma JOIN activity x ON x.id = ma.activity_id JOIN activity_type t"
    " ON t.id = x.type_id JOIN area a ON a.id = x.area_id WHERE ma.model_id = ?"
    " ORDER BY x.start_on DESC, x.id DESC LIMIT ?";
static const char sql_model_totals[] =
    "SELECT " FIG_SUMS " FROM model_activity ma JOIN activity x ON x.id = ma.activity_id"
    " WHERE ma.model_id = ?";
static const char sql_model_measures[] =
    "SELECT d.id, d.code, d.name, d.name_en, d.unit_label, 0, 0, SUM(v.value), 0, 0, 0, 0"
    " FROM model_activity ma JOIN activity_measure v ON v.activity_id = ma.activity_id"
    " JOIN activity_measure_def d ON d.id = v.measure_id WHERE ma.model_id = ?"
    " GROUP BY d.id, d.code, d.name, d.name_en, d.unit_label, d.type_id, d.sort"
    " ORDER BY d.type_id, d.sort";

enum dv_err model_activity_link(struct db *db, int64_t model_id, int64_t activity_id,
				int64_t user_id, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_link_exists);
	int r;

	if (!st || db_bind_int64(st, 1, model_id) || db_bind_int64(st, 2, activity_id) ||
	    (r = rows_exists(st)) < 0)
		return db_fail(db, e, "linking activity");
	if (r)
		return dv_fail(e, DV_EEXIST, "activity #%lld is already linked to model #%lld",
			       (long long)activity_id, (long long)model_id);
	st = db_prepare(db, sql_link);
	if (!st || db_bind_int64(st, 1, model_id) || db_bind_int64(st, 2, activity_id) ||
	    rows_bind_id_or_null(st, 3, user_id) || db_bind_int64(st, 4, now))
		return db_fail(db, e, "linking activity");
	return rows_run(db, st, "linking activity", e);
}

enum dv_err model_activity_unlink(struct db *db, int64_t model_id, int64_t activity_id,
				  struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_unlink);
	enum dv_err ret;

	if (!st || db_bind_int64(st, 1, model_id) || db_bind_int64(st, 2, activity_id))
		return db_fail(db, e, "unlinking activity");
	ret = rows_run(db, st, "unlinking activity", e);
	if (!ret && db_changes(db) == 0)
		ret = dv_fail(e, DV_ENOTFOUND, "activity #%lld is not linked to model #%lld",
			      (long long)activity_id, (long long)model_id);
	return ret;
}

static bool read_act(struct db_stmt *st, struct arena *a, void *row)
{
	struct model_act *x = row;
	bool oom = false;

	memset(x, 0, sizeof(*x));
	x->id = db_col_int64(st, 0);
	x->title = db_col_dup(st, 1, a, &oom);
	x->type_code = db_col_dup(st, 2, a, &oom);
	x->type_name = db_col_dup(st, 3, a, &oom);
	x->type_name_en = db_col_dup(st, 4, a, &oom);
	x->area_code = db_col_dup(st, 5, a, &oom);
	x->area_name = db_col_dup(st, 6, a, &oom);
	x->start_on = store_col_date(st, 7);
	x->end_on = store_col_date(st, 8);
	read_figures(st, 9, &x->f);
	return !oom;
}

enum dv_err model_activities(struct db *db, int64_t model_id, size_t limit, struct arena *a,
			     struct model_act **out, size_t *n, struct work_figures *total,
			     struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_totals);
	enum dv_err ret;

	memset(total, 0, sizeof(*total));
	if (!st || db_bind_int64(st, 1, model_id) || db_step(st) != DB_ROW)
		return db_fail(db, e, "reading the model's results");
	read_figures(st, 0, total);
	db_reset(st);
	st = db_prepare(db, sql_model_acts);
	if (!st || db_bind_int64(st, 1, model_id) || db_bind_int64(st, 2, (int64_t)limit))
		return db_fail(db, e, "reading the model's results");
	ret = rows_read_all(db, st, "reading the model's results", a, read_act,
			    sizeof(struct model_act), (void **)out, n, e);
	return ret;
}

enum dv_err model_measures(struct db *db, int64_t model_id, struct arena *a,
			   struct rollup_row **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_model_measures);

	*out = NULL;
	*n = 0;
	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading the model's measures");
	return rollup_read(db, st, a, out, n, NULL, e);
}

/* ---- photos ---- */

static const char sql_mphoto_add[] =
    "INSERT INTO model_photo (model_id, mime, bytes, sha256, caption, data, created_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_mphotos[] =
    "SELECT id, model_id, mime, sha256, caption, bytes, created_at FROM model_photo"
    " WHERE model_id = ? ORDER BY id";
static const char sql_mphoto_get[] =
    "SELECT p.id, p.model_id, p.mime, p.sha256, p.caption, p.bytes, p.created_at, p.data"
    " FROM model_photo p JOIN model m ON m.id = p.model_id WHERE p.id = ? AND " MODEL_VISIBLE;
static const char sql_mphoto_delete[] = "DELETE FROM model_photo WHERE id = ?";

enum dv_err model_photo_add(struct db *db, int64_t model_id, const char *mime, const void *data,
			    size_t len, const char *sha256, const char *caption, int64_t user_id,
			    int64_t now, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_mphoto_add);

	if (!st || db_bind_int64(st, 1, model_id) || db_bind_text(st, 2, mime) ||
	    db_bind_int64(st, 3, (int64_t)len) || db_bind_text(st, 4, sha256) ||
	    bind_text_or_empty(st, 5, caption) || db_bind_blob(st, 6, data, len) ||
	    rows_bind_id_or_null(st, 7, user_id) || db_bind_int64(st, 8, now))
		return db_fail(db, e, "adding photo");
	return rows_returning_id(db, st, id, "adding photo", e);
}

static bool read_mphoto(struct db_stmt *st, struct arena *a, void *row)
{
	struct activity_photo *p = row;
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

static bool read_mphoto_data(struct db_stmt *st, struct arena *a, void *row)
{
	struct activity_photo *p = row;
	size_t len = 0;
	const void *blob;
	void *copy;

	if (!read_mphoto(st, a, row))
		return false;
	blob = db_col_blob(st, 7, &len);
	copy = arena_alloc(a, len ? len : 1);
	if (!copy)
		return false;
	if (len)
		memcpy(copy, blob, len);
	p->data = copy;
	p->bytes = (int64_t)len;
	return true;
}

enum dv_err model_photos(struct db *db, int64_t model_id, struct arena *a,
			 struct activity_photo **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_mphotos);

	if (!st || db_bind_int64(st, 1, model_id))
		return db_fail(db, e, "reading photos");
	return rows_read_all(db, st, "reading photos", a, read_mphoto,
			     sizeof(struct activity_photo), (void **)out, n, e);
}

enum dv_err model_photo_get(struct db *db, const struct scope *sc, int64_t photo_id,
			    struct arena *a, struct activity_photo *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_mphoto_get);

	if (!st || db_bind_int64(st, 1, photo_id) || bind_vis(st, 2, sc))
		return db_fail(db, e, "reading photo");
	return rows_read_one(db, st, a, read_mphoto_data, out, "photo", photo_id, e);
}

enum dv_err model_photo_delete(struct db *db, int64_t photo_id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_mphoto_delete);

	if (!st || db_bind_int64(st, 1, photo_id))
		return db_fail(db, e, "deleting photo");
	return rows_run(db, st, "deleting photo", e);
}

/* ================================================================ emulation rounds */

#define CAMP_COLS                                                                            \
	"c.id, c.launch_unit_id, u.name, c.criteria_set_id, s.name, c.name, c.theme,"          \
	" c.start_on, c.end_on, c.status, (SELECT COUNT(*) FROM campaign_unit n"               \
	" WHERE n.campaign_id = c.id), c.created_at, c.updated_at"
#define CAMP_FROM                                                                            \
	" FROM campaign c JOIN unit u ON u.id = c.launch_unit_id JOIN criteria_set s"          \
	" ON s.id = c.criteria_set_id"
static const char sql_camp_insert[] =
    "INSERT INTO campaign (launch_unit_id, name, name_fold, theme, start_on, end_on,"
    " criteria_set_id, status, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id";
static const char sql_camp_unit_exists[] =
    "SELECT 1 FROM campaign_unit WHERE campaign_id = ? AND unit_id = ?";
static const char sql_camp_unit_add[] =
    "INSERT INTO campaign_unit (campaign_id, unit_id, peer_group) VALUES (?, ?, ?)";
static const char sql_camp_status[] =
    "UPDATE campaign SET status = ?, updated_at = ? WHERE id = ? AND status = ?";
static const char sql_camp_get[] =
    "SELECT " CAMP_COLS CAMP_FROM " WHERE c.id = ? AND " CAMPAIGN_VISIBLE;
#define CAMP_WHERE                                                                           \
	" WHERE c.name_fold LIKE ? ESCAPE '\\' AND (? = '' OR c.status = ?) AND (? = 0 OR"     \
	" c.launch_unit_id IN (SELECT fu.descendant FROM unit_closure fu WHERE fu.ancestor = ?)" \
	" OR EXISTS (SELECT 1 FROM campaign_unit fc JOIN unit_closure fu2"                     \
	" ON fu2.descendant = fc.unit_id WHERE fc.campaign_id = c.id AND fu2.ancestor = ?))"     \
	" AND " CAMPAIGN_VISIBLE
static const char sql_camp_list[] = "SELECT " CAMP_COLS CAMP_FROM CAMP_WHERE
				    " ORDER BY c.start_on DESC, c.id DESC LIMIT ? OFFSET ?";
static const char sql_camp_count[] = "SELECT COUNT(*)" CAMP_FROM CAMP_WHERE;
static const char sql_camp_units[] =
    "SELECT cu.unit_id, u.name, u.kind, cu.peer_group, a.code, a.full_name, u.home_area_id"
    " FROM campaign_unit cu JOIN unit u ON u.id = cu.unit_id JOIN area a"
    " ON a.id = u.home_area_id WHERE cu.campaign_id = ? ORDER BY cu.peer_group, u.name, u.id";
static const char sql_camp_scores[] =
    "SELECT unit_id, criterion_id, self_score, review_score, self_note, review_note, self_at,"
    " review_at FROM campaign_score WHERE campaign_id = ? ORDER BY unit_id, criterion_id";
static const char sql_score_self[] =
    "INSERT INTO campaign_score (campaign_id, unit_id, criterion_id, self_score, self_note,"
    " self_by, self_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, unit_id,"
    " criterion_id) DO UPDATE SET self_score = excluded.self_score,"
    " self_note = excluded.self_note, self_by = excluded.self_by, self_at = excluded.self_at";
static const char sql_score_review[] =
    "INSERT INTO campaign_score (campaign_id, unit_id, criterion_id, review_score, review_note,"
    " review_by, review_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, unit_id,"
    " criterion_id) DO UPDATE SET review_score = excluded.review_score,"
    " review_note = excluded.review_note, review_by = excluded.review_by,"
    " review_at = excluded.review_at";

enum dv_err campaign_insert(struct db *db, const struct campaign *c, const char *name_fold,
			    int64_t user_id, int64_t now, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_insert);

	if (!st || db_bind_int64(st, 1, c->launch_unit_id) || db_bind_text(st, 2, c->name) ||
	    db_bind_text(st, 3, name_fold) || bind_text_or_empty(st, 4, c->theme) ||
	    store_bind_date(st, 5, c->start_on) || store_bind_date(st, 6, c->end_on) ||
	    db_bind_int64(st, 7, c->criteria_set_id) || rows_bind_id_or_null(st, 8, user_id) ||
	    db_bind_int64(st, 9, now) || db_bind_int64(st, 10, now))
		return db_fail(db, e, "launching the round");
	return rows_returning_id(db, st, id, "launching the round", e);
}

enum dv_err campaign_unit_add(struct db *db, int64_t campaign_id, int64_t unit_id,
			      const char *peer_group, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_unit_exists);
	int r;

	if (!st || db_bind_int64(st, 1, campaign_id) || db_bind_int64(st, 2, unit_id) ||
	    (r = rows_exists(st)) < 0)
		return db_fail(db, e, "adding participant");
	if (r)
		return dv_fail(e, DV_EEXIST, "unit #%lld already takes part", (long long)unit_id);
	st = db_prepare(db, sql_camp_unit_add);
	if (!st || db_bind_int64(st, 1, campaign_id) || db_bind_int64(st, 2, unit_id) ||
	    db_bind_text(st, 3, peer_group))
		return db_fail(db, e, "adding participant");
	return rows_run(db, st, "adding participant", e);
}

enum dv_err campaign_set_status(struct db *db, int64_t id, enum campaign_status from,
				enum campaign_status to, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_status);
	enum dv_err ret;

	if (!st || db_bind_text(st, 1, campaign_statuses[to].code) || db_bind_int64(st, 2, now) ||
	    db_bind_int64(st, 3, id) || db_bind_text(st, 4, campaign_statuses[from].code))
		return db_fail(db, e, "changing the round");
	ret = rows_run(db, st, "changing the round", e);
	if (!ret && db_changes(db) == 0)
		ret = dv_fail(e, DV_ECONFLICT, "the round is no longer %s",
			      campaign_statuses[from].en);
	return ret;
}

static bool read_campaign(struct db_stmt *st, struct arena *a, void *row)
{
	struct campaign *c = row;
	bool oom = false;

	memset(c, 0, sizeof(*c));
	c->id = db_col_int64(st, 0);
	c->launch_unit_id = db_col_int64(st, 1);
	c->launch_unit_name = db_col_dup(st, 2, a, &oom);
	c->criteria_set_id = db_col_int64(st, 3);
	c->criteria_set_name = db_col_dup(st, 4, a, &oom);
	c->name = db_col_dup(st, 5, a, &oom);
	c->theme = db_col_dup(st, 6, a, &oom);
	c->start_on = store_col_date(st, 7);
	c->end_on = store_col_date(st, 8);
	c->status = (enum campaign_status)col_word(st, 9, campaign_statuses, CS__COUNT);
	c->participants = db_col_int64(st, 10);
	c->created_at = db_col_int64(st, 11);
	c->updated_at = db_col_int64(st, 12);
	return !oom;
}

enum dv_err campaign_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
			 struct campaign *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_get);

	if (!st || db_bind_int64(st, 1, id) || bind_vis(st, 2, sc))
		return db_fail(db, e, "reading the round");
	return rows_read_one(db, st, a, read_campaign, out, "emulation round", id, e);
}

static int bind_camp_filter(struct db_stmt *st, const void *filter, const char *pattern,
			    const struct scope *sc)
{
	const struct campaign_filter *f = filter;

	if (db_bind_text(st, 1, pattern) ||
	    bind_code_filter(st, 2, campaign_statuses, CS__COUNT, f->status) ||
	    rows_bind_flag_id(st, 4, f->unit_id) || db_bind_int64(st, 6, f->unit_id) ||
	    bind_vis(st, 7, sc))
		return -1;
	return 10;
}

enum dv_err campaign_list(struct db *db, const struct scope *sc, const struct campaign_filter *f,
			  struct arena *a, struct campaign **out, size_t *n, int64_t *total,
			  struct dv_error *e)
{
	static const struct list_query q = {sql_camp_count, sql_camp_list,
					    "listing emulation rounds", bind_camp_filter,
					    read_campaign, sizeof(struct campaign)};

	return search_list(db, &q, f, f->query, sc, f->limit, f->offset, a, (void **)out, n, total,
			   e);
}

static bool read_camp_unit(struct db_stmt *st, struct arena *a, void *row)
{
	struct campaign_unit *u = row;
	bool oom = false;

	u->unit_id = db_col_int64(st, 0);
	u->unit_name = db_col_dup(st, 1, a, &oom);
	u->unit_kind = db_col_dup(st, 2, a, &oom);
	u->peer_group = db_col_dup(st, 3, a, &oom);
	u->area_code = db_col_dup(st, 4, a, &oom);
	u->area_name = db_col_dup(st, 5, a, &oom);
	u->home_area_id = db_col_int64(st, 6);
	return !oom;
}

enum dv_err campaign_units(struct db *db, int64_t campaign_id, struct arena *a,
			   struct campaign_unit **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_units);

	if (!st || db_bind_int64(st, 1, campaign_id))
		return db_fail(db, e, "reading participants");
	return rows_read_all(db, st, "reading participants", a, read_camp_unit,
			     sizeof(struct campaign_unit), (void **)out, n, e);
}

static bool read_score(struct db_stmt *st, struct arena *a, void *row)
{
	struct campaign_score *s = row;
	bool oom = false;

	memset(s, 0, sizeof(*s));
	s->unit_id = db_col_int64(st, 0);
	s->criterion_id = db_col_int64(st, 1);
	s->has_self = !db_col_is_null(st, 2);
	s->self_score = s->has_self ? db_col_double(st, 2) : 0;
	s->has_review = !db_col_is_null(st, 3);
	s->review_score = s->has_review ? db_col_double(st, 3) : 0;
	s->self_note = db_col_dup(st, 4, a, &oom);
	s->review_note = db_col_dup(st, 5, a, &oom);
	s->self_at = db_col_int64(st, 6);
	s->review_at = db_col_int64(st, 7);
	return !oom;
}

enum dv_err campaign_scores(struct db *db, int64_t campaign_id, struct arena *a,
			    struct campaign_score **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_camp_scores);

	if (!st || db_bind_int64(st, 1, campaign_id))
		return db_fail(db, e, "reading scores");
	return rows_read_all(db, st, "reading scores", a, read_score,
			     sizeof(struct campaign_score), (void **)out, n, e);
}

enum dv_err campaign_score_put(struct db *db, int64_t campaign_id, int64_t unit_id,
			       int64_t criterion_id, bool review, double score, const char *note,
			       int64_t user_id, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, review ? sql_score_review : sql_score_self);

	if (!st || db_bind_int64(st, 1, campaign_id) || db_bind_int64(st, 2, unit_id) ||
	    db_bind_int64(st, 3, criterion_id) || db_bind_double(st, 4, score) ||
	    bind_text_or_empty(st, 5, note) || rows_bind_id_or_null(st, 6, user_id) ||
	    db_bind_int64(st, 7, now))
		return db_fail(db, e, "recording the score");
	return rows_run(db, st, "recording the score", e);
}

/* ---- evidence ---- */

static const char *const ev_names[EV__COUNT] = {"activity", "model", "cases"};

const char *evidence_kind_name(enum evidence_kind k)
{
	return (unsigned)k < EV__COUNT ? ev_names[k] : NULL;
}

int evidence_kind_parse(const char *s)
{
	int i;

	for (i = 0; s && i < EV__COUNT; i++)
		if (!strcmp(s, ev_names[i]))
			return i;
	return -1;
}

static const char sql_ev_add[] =
    "INSERT INTO campaign_evidence (campaign_id, unit_id, criterion_id, kind, ref_id, added_by,"
    " added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, unit_id, criterion_id,"
    " kind, ref_id) DO NOTHING";
static const char sql_ev_list[] =
    "SELECT v.id, v.unit_id, v.criterion_id, v.kind, v.ref_id,"
    " COALESCE(x.title, m.name, a.full_name, ''), COALESCE(a.code, '')"
    " FROM campaign_evidence v LEFT JOIN activity x ON v.kind = 'activity' AND x.id = v.ref_id"
    " LEFT JOIN model m ON v.kind = 'model' AND m.id = v.ref_id"
    " LEFT JOIN area a ON v.kind = 'cases' AND a.id = v.ref_id"
    " WHERE v.campaign_id = ? ORDER BY v.unit_id, v.criterion_id, v.id";
/* An area's case figures over months [?, ?], from the case aggregates of its subtree. */
static const char sql_ev_cases[] =
    "SELECT COALESCE(SUM(g.received), 0), COALESCE(SUM(g.decided), 0),"
    " COALESCE(SUM(g.decided_on_time), 0) FROM case_area_agg g"
    " WHERE g.area_id = ? AND g.month >= ? AND g.month <= ?";

enum dv_err campaign_evidence_add(struct db *db, int64_t campaign_id, int64_t unit_id,
				  int64_t criterion_id, enum evidence_kind kind, int64_t ref_id,
				  int64_t user_id, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_ev_add);

	if (!st || db_bind_int64(st, 1, campaign_id) || db_bind_int64(st, 2, unit_id) ||
	    db_bind_int64(st, 3, criterion_id) || db_bind_text(st, 4, evidence_kind_name(kind)) ||
	    db_bind_int64(st, 5, ref_id) || rows_bind_id_or_null(st, 6, user_id) ||
	    db_bind_int64(st, 7, now))
		return db_fail(db, e, "adding evidence");
	return rows_run(db, st, "adding evidence", e);
}

static bool read_evidence(struct db_stmt *st, struct arena *a, void *row)
{
	struct campaign_evidence *v = row;
	bool oom = false;
	int k;

	memset(v, 0, sizeof(*v));
	v->id = db_col_int64(st, 0);
	v->unit_id = db_col_int64(st, 1);
	v->criterion_id = db_col_int64(st, 2);
	k = evidence_kind_parse(db_col_text(st, 3));
	v->kind = k < 0 ? EV_ACTIVITY : (enum evidence_kind)k;
	v->ref_id = db_col_int64(st, 4);
	v->label = db_col_dup(st, 5, a, &oom);
	v->code = db_col_dup(st, 6, a, &oom);
	return !oom;
}

enum dv_err campaign_evidence_list(struct db *db, int64_t campaign_id, dv_date from, dv_date to,
				   struct arena *a, struct campaign_evidence **out, size_t *n,
				   struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_ev_list);
	char m1[11], m2[11];
	enum dv_err ret;
	size_t i;

	if (!st || db_bind_int64(st, 1, campaign_id))
		return db_fail(db, e, "reading evidence");
	ret = rows_read_all(db, st, "reading evidence", a, read_evidence,
			    sizeof(struct campaign_evidence), (void **)out, n, e);
	date_format(from, m1);
	date_format(to, m2);
	m1[7] = m2[7] = '\0'; /* months */
	for (i = 0; !ret && i < *n; i++) {
		struct campaign_evidence *v = &(*out)[i];

		if (v->kind != EV_CASES)
			continue;
		st = db_prepare(db, sql_ev_cases);
		if (!st || db_bind_int64(st, 1, v->ref_id) || db_bind_text(st, 2, m1) ||
		    db_bind_text(st, 3, m2) || db_step(st) != DB_ROW)
			return db_fail(db, e, "reading the case figures of evidence");
		v->cases_received = db_col_int64(st, 0);
		v->cases_settled = db_col_int64(st, 1);
		v->cases_on_time = db_col_int64(st, 2);
		db_reset(st);
	}
	return ret;
}

/* ---- reviews ---- */

static const char sql_review_add[] =
    "INSERT INTO campaign_review (campaign_id, stage, note, ranking, user_id, at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_reviews[] =
    "SELECT r.id, r.stage, r.note, r.ranking, COALESCE(u.display_name, ''), r.at"
    " FROM campaign_review r LEFT JOIN app_user u ON u.id = r.user_id"
    " WHERE r.campaign_id = ? ORDER BY r.id";

enum dv_err campaign_review_add(struct db *db, int64_t campaign_id, const char *stage,
				const char *note, const char *ranking, int64_t user_id, int64_t now,
				struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_review_add);

	if (!st || db_bind_int64(st, 1, campaign_id) || db_bind_text(st, 2, stage) ||
	    bind_text_or_empty(st, 3, note) || db_bind_text(st, 4, ranking) ||
	    rows_bind_id_or_null(st, 5, user_id) || db_bind_int64(st, 6, now))
		return db_fail(db, e, "recording the review");
	return rows_run(db, st, "recording the review", e);
}

static bool read_review(struct db_stmt *st, struct arena *a, void *row)
{
	struct campaign_review *r = row;
	bool oom = false;

	r->id = db_col_int64(st, 0);
	r->stage = db_col_dup(st, 1, a, &oom);
	r->note = db_col_dup(st, 2, a, &oom);
	r->ranking = db_col_dup(st, 3, a, &oom);
	r->user_name = db_col_dup(st, 4, a, &oom);
	r->at = db_col_int64(st, 5);
	return !oom;
}

enum dv_err campaign_reviews(struct db *db, int64_t campaign_id, struct arena *a,
			     struct campaign_review **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_reviews);

	if (!st || db_bind_int64(st, 1, campaign_id))
		return db_fail(db, e, "reading reviews");
	return rows_read_all(db, st, "reading reviews", a, read_review,
			     sizeof(struct campaign_review), (void **)out, n, e);
}

/* ================================================================ commendation */

static const char sql_forms[] =
    "SELECT code, name, name_en, category, recipients, needs_code, needs_initiative, rank,"
    " needs_years, active FROM award_form ORDER BY category, rank, code";
static const char sql_grantors[] =
    "SELECT form_code, unit_kind, area_level FROM award_grantor"
    " ORDER BY form_code, area_level, unit_kind";

static bool read_form(struct db_stmt *st, struct arena *a, void *row)
{
	struct award_form *f = row;
	bool oom = false;

	memset(f, 0, sizeof(*f));
	f->code = db_col_dup(st, 0, a, &oom);
	f->name = db_col_dup(st, 1, a, &oom);
	f->name_en = db_col_dup(st, 2, a, &oom);
	f->category = db_col_dup(st, 3, a, &oom);
	f->recipients = db_col_dup(st, 4, a, &oom);
	f->needs_code = db_col_is_null(st, 5) ? NULL : db_col_dup(st, 5, a, &oom);
	f->needs_initiative = db_col_dup(st, 6, a, &oom);
	f->rank = (int)db_col_int64(st, 7);
	f->needs_years = (int)db_col_int64(st, 8);
	f->active = db_col_int64(st, 9) != 0;
	return !oom;
}

enum dv_err award_forms_load(struct db *db, struct arena *a, struct award_form **out, size_t *n,
			     struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_forms);
	enum db_step rc;
	enum dv_err ret;
	bool oom = false;

	if (!st)
		return db_fail(db, e, "loading award forms");
	ret = rows_read_all(db, st, "loading award forms", a, read_form, sizeof(struct award_form),
			    (void **)out, n, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_grantors);
	if (!st)
		return db_fail(db, e, "loading award grantors");
	while ((rc = db_step(st)) == DB_ROW) {
		struct award_form *f =
		    (struct award_form *)award_form_find(*out, *n, db_col_text(st, 0));
		size_t cap = f ? f->n_grantors : 0;

		if (!f)
			continue;
		/* grantors arrive grouped by form: grow each form's array as its rows come */
		if (arena_array_reserve(a, (void **)&f->grantors, f->n_grantors, &cap,
					sizeof(struct award_grantor), 1)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading award grantors: out of memory");
		}
		f->grantors[f->n_grantors].unit_kind = db_col_dup(st, 1, a, &oom);
		f->grantors[f->n_grantors].area_level = (int)db_col_int64(st, 2);
		f->n_grantors++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading award grantors");
	return oom ? dv_fail(e, DV_ENOMEM, "loading award grantors: out of memory") : DV_OK;
}

const struct award_form *award_form_find(const struct award_form *v, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code && i < n; i++)
		if (!strcmp(v[i].code, code))
			return &v[i];
	return NULL;
}

#define AWARD_COLS                                                                           \
	"w.id, w.form_code, f.name, f.name_en, w.recipient_kind, w.recipient_key,"             \
	" w.recipient_name, w.subject_unit_id, su.name, w.area_id, a.code, a.full_name,"       \
	" w.model_id, w.campaign_id, w.year, w.achievement, w.reason, w.initiative,"           \
	" w.proposing_unit_id, pu.name, w.proposed_by, w.proposed_at, w.warnings, w.status,"    \
	" w.decision_no, w.decision_on, w.issuer_unit_id, iu.name, w.decided_by, w.decided_at,"  \
	" w.decision_note"
#define AWARD_FROM                                                                           \
	" FROM award w JOIN award_form f ON f.code = w.form_code JOIN area a ON a.id = w.area_id" \
	" JOIN unit pu ON pu.id = w.proposing_unit_id LEFT JOIN unit su"                       \
	" ON su.id = w.subject_unit_id LEFT JOIN unit iu ON iu.id = w.issuer_unit_id"
static const char sql_award_insert[] =
    "INSERT INTO award (form_code, recipient_kind, recipient_key, recipient_name,"
    " subject_unit_id, area_id, model_id, campaign_id, year, achievement, achievement_fold,"
    " search_fold, reason, initiative, proposing_unit_id, proposed_by, proposed_at, warnings,"
    " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed')"
    " RETURNING id";
static const char sql_award_decide[] =
    "UPDATE award SET status = ?, decision_no = ?, decision_on = ?, issuer_unit_id = ?,"
    " decided_by = ?, decided_at = ?, decision_note = ?, warnings = ?"
    " WHERE id = ? AND status = 'proposed'";
static const char sql_award_get[] =
    "SELECT " AWARD_COLS AWARD_FROM " WHERE w.id = ? AND " AWARD_VISIBLE;
#define AWARD_WHERE                                                                          \
	" WHERE w.search_fold LIKE ? ESCAPE '\\' AND (? = '' OR w.status = ?) AND (? = '' OR w.form_code = ?)"           \
	" AND (? = '' OR w.recipient_key = ?) AND (? = 0 OR w.model_id = ?) AND (? = 0"         \
	" OR w.proposing_unit_id IN (SELECT fu.descendant FROM unit_closure fu"                \
	" WHERE fu.ancestor = ?) OR w.subject_unit_id IN (SELECT fu.descendant FROM"           \
	" unit_closure fu WHERE fu.ancestor = ?)) AND (? = 0 OR w.year = ?) AND " AWARD_VISIBLE
static const char sql_award_list[] = "SELECT " AWARD_COLS AWARD_FROM AWARD_WHERE
				     " ORDER BY w.proposed_at DESC, w.id DESC LIMIT ? OFFSET ?";
static const char sql_award_count[] = "SELECT COUNT(*)" AWARD_FROM AWARD_WHERE;
static const char sql_award_history[] =
    "SELECT id, form_code, achievement_fold, year, status FROM award WHERE recipient_key = ?"
    " AND id <> ? ORDER BY year, id";

enum dv_err award_insert(struct db *db, const struct award *aw, const char *achievement_fold,
			 const char *search_fold, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_award_insert);

	if (!st || db_bind_text(st, 1, aw->form_code) ||
	    db_bind_text(st, 2, recipient_kinds[aw->recipient_kind].code) ||
	    db_bind_text(st, 3, aw->recipient_key) || db_bind_text(st, 4, aw->recipient_name) ||
	    rows_bind_id_or_null(st, 5, aw->subject_unit_id) || db_bind_int64(st, 6, aw->area_id) ||
	    rows_bind_id_or_null(st, 7, aw->model_id) ||
	    rows_bind_id_or_null(st, 8, aw->campaign_id) || db_bind_int64(st, 9, aw->year) ||
	    db_bind_text(st, 10, aw->achievement) || db_bind_text(st, 11, achievement_fold) ||
	    db_bind_text(st, 12, search_fold) || bind_text_or_empty(st, 13, aw->reason) ||
	    bind_text_or_empty(st, 14, aw->initiative) ||
	    db_bind_int64(st, 15, aw->proposing_unit_id) ||
	    rows_bind_id_or_null(st, 16, aw->proposed_by) || db_bind_int64(st, 17, aw->proposed_at) ||
	    db_bind_text(st, 18, aw->warnings ? aw->warnings : "[]"))
		return db_fail(db, e, "recording the proposal");
	return rows_returning_id(db, st, id, "recording the proposal", e);
}

enum dv_err award_decide(struct db *db, const struct award *aw, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_award_decide);
	enum dv_err ret;

	if (!st || db_bind_text(st, 1, award_statuses[aw->status].code) ||
	    bind_text_or_empty(st, 2, aw->decision_no) ||
	    store_bind_date_or_null(st, 3, aw->decision_on) ||
	    rows_bind_id_or_null(st, 4, aw->issuer_unit_id) ||
	    rows_bind_id_or_null(st, 5, aw->decided_by) || db_bind_int64(st, 6, aw->decided_at) ||
	    bind_text_or_empty(st, 7, aw->decision_note) ||
	    db_bind_text(st, 8, aw->warnings ? aw->warnings : "[]") || db_bind_int64(st, 9, aw->id))
		return db_fail(db, e, "recording the decision");
	ret = rows_run(db, st, "recording the decision", e);
	if (!ret && db_changes(db) == 0)
		ret = dv_fail(e, DV_ECONFLICT, "proposal #%lld has been decided already",
			      (long long)aw->id);
	return ret;
}

static bool read_award(struct db_stmt *st, struct arena *a, void *row)
{
	struct award *w = row;
	bool oom = false;

	memset(w, 0, sizeof(*w));
	w->id = db_col_int64(st, 0);
	w->form_code = db_col_dup(st, 1, a, &oom);
	w->form_name = db_col_dup(st, 2, a, &oom);
	w->form_name_en = db_col_dup(st, 3, a, &oom);
	w->recipient_kind = (enum recipient_kind)col_word(st, 4, recipient_kinds, RK__COUNT);
	w->recipient_key = db_col_dup(st, 5, a, &oom);
	w->recipient_name = db_col_dup(st, 6, a, &oom);
	w->subject_unit_id = db_col_int64(st, 7);
	w->subject_unit_name = db_col_is_null(st, 8) ? NULL : db_col_dup(st, 8, a, &oom);
	w->area_id = db_col_int64(st, 9);
	w->area_code = db_col_dup(st, 10, a, &oom);
	w->area_name = db_col_dup(st, 11, a, &oom);
	w->model_id = db_col_int64(st, 12);
	w->campaign_id = db_col_int64(st, 13);
	w->year = (int)db_col_int64(st, 14);
	w->achievement = db_col_dup(st, 15, a, &oom);
	w->reason = db_col_dup(st, 16, a, &oom);
	w->initiative = db_col_dup(st, 17, a, &oom);
	w->proposing_unit_id = db_col_int64(st, 18);
	w->proposing_unit_name = db_col_dup(st, 19, a, &oom);
	w->proposed_by = db_col_int64(st, 20);
	w->proposed_at = db_col_int64(st, 21);
	w->warnings = db_col_dup(st, 22, a, &oom);
	w->status = (enum award_status)col_word(st, 23, award_statuses, AW__COUNT);
	w->decision_no = db_col_dup(st, 24, a, &oom);
	w->decision_on = store_col_date(st, 25);
	w->issuer_unit_id = db_col_int64(st, 26);
	w->issuer_unit_name = db_col_is_null(st, 27) ? NULL : db_col_dup(st, 27, a, &oom);
	w->decided_by = db_col_int64(st, 28);
	w->decided_at = db_col_int64(st, 29);
	w->decision_note = db_col_dup(st, 30, a, &oom);
	return !oom;
}

enum dv_err award_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		      struct award *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_award_get);

	if (!st || db_bind_int64(st, 1, id) || bind_vis(st, 2, sc))
		return db_fail(db, e, "reading the proposal");
	return rows_read_one(db, st, a, read_award, out, "commendation proposal", id, e);
}

static int bind_award_filter(struct db_stmt *st, const void *filter, const char *pattern,
			     const struct scope *sc)
{
	const struct award_filter *f = filter;
	const char *status = f->status >= 0 && f->status < AW__COUNT
				 ? award_statuses[f->status].code : "";

	if (db_bind_text(st, 1, pattern) || db_bind_text(st, 2, status) ||
	    db_bind_text(st, 3, status) || bind_text_or_empty(st, 4, f->form_code) ||
	    bind_text_or_empty(st, 5, f->form_code) || bind_text_or_empty(st, 6, f->recipient_key) ||
	    bind_text_or_empty(st, 7, f->recipient_key) || rows_bind_flag_id(st, 8, f->model_id) ||
	    rows_bind_flag_id(st, 10, f->unit_id) || db_bind_int64(st, 12, f->unit_id) ||
	    db_bind_int64(st, 13, f->year) || db_bind_int64(st, 14, f->year) || bind_vis(st, 15, sc))
		return -1;
	return 18;
}

enum dv_err award_list(struct db *db, const struct scope *sc, const struct award_filter *f,
		       struct arena *a, struct award **out, size_t *n, int64_t *total,
		       struct dv_error *e)
{
	static const struct list_query q = {sql_award_count, sql_award_list, "listing awards",
					    bind_award_filter, read_award, sizeof(struct award)};

	return search_list(db, &q, f, f->query, sc, f->limit, f->offset, a, (void **)out, n, total,
			   e);
}

static bool read_past(struct db_stmt *st, struct arena *a, void *row)
{
	struct award_past *p = row;
	bool oom = false;

	p->id = db_col_int64(st, 0);
	p->form_code = db_col_dup(st, 1, a, &oom);
	p->achievement_fold = db_col_dup(st, 2, a, &oom);
	p->year = (int)db_col_int64(st, 3);
	p->status = (enum award_status)col_word(st, 4, award_statuses, AW__COUNT);
	return !oom;
}

enum dv_err award_history(struct db *db, const char *recipient_key, int64_t except_id,
			  struct arena *a, struct award_past **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_award_history);

	if (!st || db_bind_text(st, 1, recipient_key) || db_bind_int64(st, 2, except_id))
		return db_fail(db, e, "reading the recipient's awards");
	return rows_read_all(db, st, "reading the recipient's awards", a, read_past,
			     sizeof(struct award_past), (void **)out, n, e);
}
