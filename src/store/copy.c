/* copy.c: copy every table from one database to another, then verify counts and closures. */
#include "store/copy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/migrate.h"

#include "base/banned.h"

/* Keep in step with the migrations: test_copy checks that every table of the schema is here. */
const struct store_table store_tables[] = {
	{ "setting", "key", { NULL }, NULL },
	{ "area", "id", { "parent_id", "successor_id", NULL }, "id" },
	{ "area_closure", "ancestor, descendant", { NULL }, NULL },
	{ "area_shape", "area_id", { NULL }, NULL },
	{ "unit", "id", { "parent_id", NULL }, "id" },
	{ "unit_closure", "ancestor, descendant", { NULL }, NULL },
	{ "unit_area", "unit_id, area_id", { NULL }, NULL },
	{ "app_user", "id", { NULL }, "id" },
	{ "session", "id", { NULL }, "id" },
	{ "api_token", "id", { NULL }, "id" },
	{ "login_attempt", "bucket", { NULL }, NULL },
	{ "audit_log", "id", { NULL }, "id" },
	{ "topic", "id", { NULL }, "id" },
	{ "rule_set", "id", { NULL }, "id" },
	{ "rule", "rule_set_id, code", { NULL }, NULL },
	{ "holiday", "day", { NULL }, NULL },
	{ "routing_rule", "id", { NULL }, "id" },
	{ "citizen_case", "id", { "parent_case_id", "duplicate_of", NULL }, "id" },
	{ "case_handler", "case_id, unit_id", { NULL }, NULL },
	{ "case_deadline", "case_id, step", { NULL }, NULL },
	{ "case_event", "id", { NULL }, "id" },
	{ "notification", "id", { NULL }, "id" },
	{ "case_area_agg", "area_id, month, kind, topic_id", { NULL }, NULL },
	{ "case_due_agg", "area_id, due_day", { NULL }, NULL },
	{ "open311_client", "id", { NULL }, "id" },
	{ "activity_type", "id", { NULL }, "id" },
	{ "activity_measure_def", "id", { NULL }, "id" },
	{ "twinning", "id", { NULL }, "id" },
	{ "working_group", "id", { NULL }, "id" },
	{ "plan", "id", { NULL }, "id" },
	{ "plan_target", "id", { NULL }, "id" },
	{ "activity", "id", { NULL }, "id" },
	{ "activity_unit", "activity_id, unit_id", { NULL }, NULL },
	{ "activity_measure", "activity_id, measure_id", { NULL }, NULL },
	{ "activity_revision", "activity_id, revision", { NULL }, NULL },
	{ "activity_photo", "id", { NULL }, "id" },
	{ "activity_area_agg", "area_id, month, type_id", { NULL }, NULL },
	{ "activity_unit_agg", "unit_id, month, type_id", { NULL }, NULL },
	{ "activity_area_measure_agg", "area_id, month, measure_id", { NULL }, NULL },
	{ "criteria_set", "id", { NULL }, "id" },
	{ "criterion", "id", { NULL }, "id" },
	{ "model", "id", { "origin_id", "root_id", NULL }, "id" },
	{ "model_event", "id", { NULL }, "id" },
	{ "model_evaluation", "id", { NULL }, "id" },
	{ "model_activity", "model_id, activity_id", { NULL }, NULL },
	{ "model_photo", "id", { NULL }, "id" },
	{ "campaign", "id", { NULL }, "id" },
	{ "campaign_unit", "campaign_id, unit_id", { NULL }, NULL },
	{ "campaign_score", "campaign_id, unit_id, criterion_id", { NULL }, NULL },
	{ "campaign_evidence", "id", { NULL }, "id" },
	{ "campaign_review", "id", { NULL }, "id" },
	/* a title needs a lower one (a larger rank): lower titles first satisfy the reference */
	{ "award_form", "rank DESC, code", { NULL }, NULL },
	{ "award_grantor", "form_code, unit_kind, area_level", { NULL }, NULL },
	{ "award", "id", { NULL }, "id" },
	{ NULL, NULL, { NULL }, NULL },
};

/*
 * Tables the migrations seed (topics, the shipped rule set): a new target holds only those
 * rows, which the source's rows (the same seed, perhaps edited) replace. Children first.
 */
static const char *const seeded_tables[] = { "award_grantor", "award_form",
					      "activity_measure_def", "activity_type", "rule",
					      "rule_set", "topic", NULL };

#define BATCH 2000

/*
 * SQL text here is assembled from the names in store_tables and the source's own column
 * names, never from input; values are always bound. `cat` appends the NULL-ended pieces.
 */
static void cat(struct strbuf *sb, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, sb);
	while ((p = va_arg(ap, const char *)))
		strbuf_addstr(sb, p);
	va_end(ap);
}

static bool is_deferred(const struct store_table *t, const char *col)
{
	int i;

	for (i = 0; t->deferred[i]; i++)
		if (!strcmp(t->deferred[i], col))
			return true;
	return false;
}

static bool is_seeded(const char *table)
{
	int i;

	for (i = 0; seeded_tables[i]; i++)
		if (!strcmp(seeded_tables[i], table))
			return true;
	return false;
}

/* Remove the target's seed rows (in the copy's write transaction) before the copy. */
static enum dv_err clear_seeds(struct db *dst, struct dv_error *e)
{
	struct strbuf sql = STRBUF_INIT;
	enum dv_err ret = DV_OK;
	int i;

	for (i = 0; seeded_tables[i] && !ret; i++) {
		strbuf_reset(&sql);
		cat(&sql, "DELETE FROM ", seeded_tables[i], (char *)NULL);
		if (sql.failed)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
		else if (db_exec(dst, sql.buf, NULL))
			ret = db_fail(dst, e, seeded_tables[i]);
	}
	strbuf_release(&sql);
	return ret;
}

static enum dv_err count_rows(struct db *db, const char *table, int64_t *n, struct dv_error *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *st;
	enum dv_err ret = DV_OK;

	cat(&sql, "SELECT COUNT(*) FROM ", table, (char *)NULL);
	st = db_prepare(db, sql.buf);
	if (!st || db_step(st) != DB_ROW) {
		ret = db_fail(db, e, table);
		goto cleanup;
	}
	*n = db_col_int64(st, 0);
	db_reset(st);
cleanup:
	strbuf_release(&sql);
	return ret;
}

/* Bind column `col` of the source row to parameter `idx` of the target statement. */
static int bind_same(struct db_stmt *to, int idx, struct db_stmt *from, int col)
{
	size_t len;
	const void *p;

	switch (db_col_type(from, col)) {
	case DB_TYPE_INTEGER:
		return db_bind_int64(to, idx, db_col_int64(from, col));
	case DB_TYPE_REAL:
		return db_bind_double(to, idx, db_col_double(from, col));
	case DB_TYPE_TEXT:
		return db_bind_text(to, idx, db_col_text(from, col));
	case DB_TYPE_BLOB:
		p = db_col_blob(from, col, &len);
		return db_bind_blob(to, idx, p, len);
	default:
		return db_bind_null(to, idx);
	}
}

static enum dv_err copy_table(struct db *src, struct db *dst, const struct store_table *t,
			      void (*progress)(const char *, int64_t, int64_t, void *), void *arg,
			      int64_t *copied, struct dv_error *e)
{
	struct strbuf sel = STRBUF_INIT, ins = STRBUF_INIT, upd = STRBUF_INIT;
	struct db_stmt *rd, *wr, *up;
	enum dv_err ret = DV_OK;
	int64_t total = 0, done = 0;
	int ncols = 0, i, d, id_col = -1;
	enum db_step r;

	ret = count_rows(src, t->name, &total, e);
	if (ret)
		return ret;
	cat(&sel, "SELECT * FROM ", t->name, " ORDER BY ", t->order_by, (char *)NULL);
	rd = db_prepare(src, sel.buf);
	if (!rd) {
		ret = db_fail(src, e, t->name);
		goto cleanup;
	}
	for (r = db_step(rd); r == DB_ROW; r = db_step(rd)) {
		if (!ncols) {
			/* the column list comes from the source's own result (our schema) */
			ncols = db_col_count(rd);
			cat(&ins, "INSERT INTO ", t->name, " (", (char *)NULL);
			for (i = 0; i < ncols; i++) {
				cat(&ins, i ? ", " : "", db_col_name(rd, i), (char *)NULL);
				if (t->identity && !strcmp(db_col_name(rd, i), t->identity))
					id_col = i;
			}
			strbuf_addstr(&ins, ") VALUES (");
			for (i = 0; i < ncols; i++)
				strbuf_addstr(&ins, i ? ", ?" : "?");
			strbuf_addch(&ins, ')');
			if (ins.failed) {
				ret = dv_fail(e, DV_ENOMEM, "out of memory");
				break;
			}
		}
		wr = db_prepare(dst, ins.buf);
		if (!wr) {
			ret = db_fail(dst, e, t->name);
			break;
		}
		for (i = 0; i < ncols; i++) {
			/* self-references wait until every row is in */
			if (is_deferred(t, db_col_name(rd, i)))
				db_bind_null(wr, i + 1);
			else
				bind_same(wr, i + 1, rd, i);
		}
		if (db_step(wr) != DB_DONE) {
			ret = db_fail(dst, e, t->name);
			break;
		}
		if (++done % BATCH == 0 && progress)
			progress(t->name, done, total, arg);
	}
	if (!ret && r == DB_ERROR)
		ret = db_fail(src, e, t->name);
	if (ret) {
		db_reset(rd);
		goto cleanup;
	}

	/* second pass: the deferred self-references, by id */
	for (d = 0; t->deferred[d] && id_col >= 0; d++) {
		strbuf_reset(&sel);
		cat(&sel, "SELECT ", t->identity, ", ", t->deferred[d], " FROM ", t->name, " WHERE ",
		    t->deferred[d], " IS NOT NULL ORDER BY ", t->identity, (char *)NULL);
		strbuf_reset(&upd);
		cat(&upd, "UPDATE ", t->name, " SET ", t->deferred[d], " = ? WHERE ", t->identity,
		    " = ?", (char *)NULL);
		rd = db_prepare(src, sel.buf);
		if (!rd) {
			ret = db_fail(src, e, t->name);
			goto cleanup;
		}
		for (r = db_step(rd); r == DB_ROW; r = db_step(rd)) {
			up = db_prepare(dst, upd.buf);
			if (!up || db_bind_int64(up, 1, db_col_int64(rd, 1)) ||
			    db_bind_int64(up, 2, db_col_int64(rd, 0)) || db_step(up) != DB_DONE) {
				ret = db_fail(dst, e, t->name);
				db_reset(rd);
				goto cleanup;
			}
		}
		if (r == DB_ERROR) {
			ret = db_fail(src, e, t->name);
			goto cleanup;
		}
	}

	/* PostgreSQL identity columns do not see explicit ids: move them past the copied ones */
	if (t->identity && db_engine(dst) == DB_POSTGRES) {
		strbuf_reset(&upd);
		cat(&upd, "SELECT setval(pg_get_serial_sequence('", t->name, "', '", t->identity,
		    "'), COALESCE((SELECT MAX(", t->identity, ") FROM ", t->name, "), 0) + 1, false)",
		    (char *)NULL);
		up = db_prepare(dst, upd.buf);
		if (!up || db_step(up) != DB_ROW) {
			ret = db_fail(dst, e, t->name);
			goto cleanup;
		}
		db_reset(up);
	}
	if (progress)
		progress(t->name, done, total, arg);
	*copied = done;
cleanup:
	strbuf_release(&sel);
	strbuf_release(&ins);
	strbuf_release(&upd);
	return ret;
}

/* Both closure tables: same rows as the source (count and sums), and consistent with parents. */
static const char *const closure_checks[][3] = {
	{ "area_closure",
	  "SELECT COUNT(*), COALESCE(SUM(ancestor), 0), COALESCE(SUM(descendant), 0),"
	  " COALESCE(SUM(depth), 0) FROM area_closure",
	  "SELECT (SELECT COUNT(*) FROM area a WHERE NOT EXISTS (SELECT 1 FROM area_closure c"
	  " WHERE c.ancestor = a.id AND c.descendant = a.id AND c.depth = 0))"
	  " + (SELECT COUNT(*) FROM area a JOIN area_closure c ON c.descendant = a.parent_id"
	  " WHERE NOT EXISTS (SELECT 1 FROM area_closure c2 WHERE c2.ancestor = c.ancestor"
	  " AND c2.descendant = a.id AND c2.depth = c.depth + 1))" },
	{ "unit_closure",
	  "SELECT COUNT(*), COALESCE(SUM(ancestor), 0), COALESCE(SUM(descendant), 0),"
	  " COALESCE(SUM(depth), 0) FROM unit_closure",
	  "SELECT (SELECT COUNT(*) FROM unit u WHERE NOT EXISTS (SELECT 1 FROM unit_closure c"
	  " WHERE c.ancestor = u.id AND c.descendant = u.id AND c.depth = 0))"
	  " + (SELECT COUNT(*) FROM unit u JOIN unit_closure c ON c.descendant = u.parent_id"
	  " WHERE NOT EXISTS (SELECT 1 FROM unit_closure c2 WHERE c2.ancestor = c.ancestor"
	  " AND c2.descendant = u.id AND c2.depth = c.depth + 1))" },
};

static enum dv_err closure_sums(struct db *db, const char *sql, int64_t v[4], struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql);
	int i;

	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "checking a closure table");
	for (i = 0; i < 4; i++)
		v[i] = db_col_int64(st, i);
	db_reset(st);
	return DV_OK;
}

static enum dv_err verify(struct db *src, struct db *dst, struct copy_report *out,
			  struct dv_error *e)
{
	const struct store_table *t;
	int64_t a, b, vs[4], vd[4];
	enum dv_err ret;
	size_t i;

	for (t = store_tables; t->name; t++) {
		ret = count_rows(src, t->name, &a, e);
		if (!ret)
			ret = count_rows(dst, t->name, &b, e);
		if (ret)
			return ret;
		if (a != b)
			return dv_fail(e, DV_ECONFLICT,
				       "table '%s' has %lld rows in the source but %lld in the copy",
				       t->name, (long long)a, (long long)b);
	}
	for (i = 0; i < sizeof(closure_checks) / sizeof(closure_checks[0]); i++) {
		struct db_stmt *st;

		ret = closure_sums(src, closure_checks[i][1], vs, e);
		if (!ret)
			ret = closure_sums(dst, closure_checks[i][1], vd, e);
		if (ret)
			return ret;
		if (memcmp(vs, vd, sizeof(vs)))
			return dv_fail(e, DV_ECONFLICT, "'%s' differs between the source and the copy",
				       closure_checks[i][0]);
		st = db_prepare(dst, closure_checks[i][2]);
		if (!st || db_step(st) != DB_ROW)
			return db_fail(dst, e, "checking a closure table");
		a = db_col_int64(st, 0);
		db_reset(st);
		if (a)
			return dv_fail(e, DV_ECONFLICT,
				       "'%s' of the copy misses %lld paths of the tree: the copy is "
				       "not usable",
				       closure_checks[i][0], (long long)a);
		out->closure_rows += vd[0];
	}
	return DV_OK;
}

enum dv_err store_copy(struct db *src, struct db *dst,
		       void (*progress)(const char *table, int64_t done, int64_t total, void *arg),
		       void *arg, struct copy_report *out, struct dv_error *e)
{
	const struct store_table *t;
	int vs = 0, vd = 0;
	int64_t n, rows = 0;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	ret = migrate_current(src, &vs, e);
	if (!ret)
		ret = migrate_current(dst, &vd, e);
	if (ret)
		return ret;
	if (vs != migrate_latest())
		return dv_fail(e, DV_ESCHEMA,
			       "the source database has schema version %d, not %d: run 'danvan "
			       "migrate' on it first",
			       vs, migrate_latest());
	if (vd != migrate_latest())
		return dv_fail(e, DV_ESCHEMA, "the target database has schema version %d, not %d", vd,
			       migrate_latest());
	for (t = store_tables; t->name; t++) {
		if (is_seeded(t->name))
			continue;
		ret = count_rows(dst, t->name, &n, e);
		if (ret)
			return ret;
		if (n)
			return dv_fail(e, DV_ECONFLICT,
				       "the target database is not empty (table '%s' has %lld rows): "
				       "copy into a new, empty database",
				       t->name, (long long)n);
	}

	ret = db_begin(src, DB_TX_READ, e);
	if (ret)
		return ret;
	ret = db_begin(dst, DB_TX_WRITE, e);
	if (ret) {
		db_rollback(src);
		return ret;
	}
	ret = clear_seeds(dst, e);
	for (t = store_tables; t->name && !ret; t++) {
		ret = copy_table(src, dst, t, progress, arg, &rows, e);
		if (!ret) {
			out->tables++;
			out->rows += rows;
		}
	}
	if (!ret)
		ret = verify(src, dst, out, e);
	if (!ret)
		ret = db_commit(dst, e);
	if (ret)
		db_rollback(dst);
	db_rollback(src);
	return ret;
}
