/* catalog.c: topics, rule sets, holidays, routing rules and Open311 clients behind cases. */
#include "store/catalog.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/workflow.h"

#include "store/scoped.h"

#include "base/banned.h"

#define MAX_CODE 32
#define MAX_NAME 200
#define MAX_TEXT 2000

/* ---- topics ---- */

#define TOPIC_COLS "id, code, name, name_en, description, active, sort"
static const char sql_topic_list[] =
    "SELECT " TOPIC_COLS " FROM topic WHERE (? = 1 OR active = 1) ORDER BY sort, name, id";
static const char sql_topic_get[] = "SELECT " TOPIC_COLS " FROM topic WHERE id = ?";
static const char sql_topic_by_code[] = "SELECT " TOPIC_COLS " FROM topic WHERE code = ?";
static const char sql_topic_insert[] =
    "INSERT INTO topic (code, name, name_en, description, active, sort)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_topic_update[] =
    "UPDATE topic SET code = ?, name = ?, name_en = ?, description = ?, active = ?, sort = ?"
    " WHERE id = ?";

/* ---- rule sets ---- */

static const char sql_ruleset_sets[] =
    "SELECT id, effective_from, name FROM rule_set ORDER BY effective_from";
static const char sql_ruleset_rules[] =
    "SELECT r.rule_set_id, r.code, r.days, r.working, r.days_complex, r.days_remote,"
    " r.days_remote_complex, r.max_extensions, r.extension_days, r.anchor, r.status"
    " FROM rule r JOIN rule_set s ON s.id = r.rule_set_id ORDER BY s.effective_from, r.code";
static const char sql_rule_max_ext[] =
    "SELECT r.max_extensions FROM (SELECT id FROM rule_set WHERE effective_from <= ?"
    " ORDER BY effective_from DESC LIMIT 1) s"
    " LEFT JOIN rule r ON r.rule_set_id = s.id AND r.code = ?";
static const char sql_ruleset_latest[] =
    "SELECT effective_from FROM rule_set ORDER BY effective_from DESC LIMIT 1";
static const char sql_ruleset_same_day[] = "SELECT id FROM rule_set WHERE effective_from = ?";
static const char sql_ruleset_insert[] =
    "INSERT INTO rule_set (effective_from, name, note, created_at) VALUES (?, ?, ?, ?)"
    " RETURNING id";
static const char sql_rule_insert[] =
    "INSERT INTO rule (rule_set_id, code, days, working, days_complex, days_remote,"
    " days_remote_complex, max_extensions, extension_days, anchor, status)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* ---- holidays ---- */

static const char sql_holiday_days[] = "SELECT day FROM holiday ORDER BY day";
static const char sql_holiday_list[] = "SELECT day, name FROM holiday ORDER BY day";
static const char sql_holiday_add[] = "INSERT INTO holiday (day, name, created_at) VALUES (?, ?, ?)"
                                      " ON CONFLICT (day) DO UPDATE SET name = excluded.name";
static const char sql_holiday_remove[] = "DELETE FROM holiday WHERE day = ?";

/* ---- routing ---- */

/* Two scope parameters: the system flag, then the scope's unit. */
#define UNIT_IN_SCOPE(col)                                                                         \
	"(? = 1 OR EXISTS (SELECT 1 FROM unit_closure uc WHERE uc.ancestor = ?"                    \
	" AND uc.descendant = " col "))"
#define AREA_IN_SCOPE(col)                                                                         \
	"(? = 1 OR EXISTS (SELECT 1 FROM area_closure ac JOIN unit_area ua"                        \
	" ON ua.area_id = ac.ancestor WHERE ua.unit_id = ? AND ac.descendant = " col "))"

static const char sql_routing_list[] =
    "SELECT r.id, r.area_id, a.code, r.topic_id, t.code, r.kind, r.unit_id, u.name"
    " FROM routing_rule r JOIN unit u ON u.id = r.unit_id"
    " LEFT JOIN area a ON a.id = r.area_id LEFT JOIN topic t ON t.id = r.topic_id"
    " WHERE " UNIT_IN_SCOPE("r.unit_id") " ORDER BY COALESCE(a.code, ''), COALESCE(t.code, ''), "
                                         "COALESCE(r.kind, ''), r.id";
static const char sql_routing_unit_ok[] =
    "SELECT u.id FROM unit u WHERE u.id = ? AND u.active = 1 AND " UNIT_IN_SCOPE("u.id");
static const char sql_routing_area_ok[] =
    "SELECT a.id FROM area a WHERE a.id = ? AND " AREA_IN_SCOPE("a.id");
static const char sql_routing_area_code[] =
    "SELECT a.id FROM area a WHERE a.code = ? AND " AREA_IN_SCOPE("a.id");
static const char sql_routing_topic_ok[] = "SELECT id FROM topic WHERE id = ?";
static const char sql_routing_topic_code[] = "SELECT id FROM topic WHERE code = ?";
static const char sql_routing_insert[] =
    "INSERT INTO routing_rule (area_id, topic_id, kind, unit_id, created_at)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char sql_routing_remove[] =
    "DELETE FROM routing_rule WHERE id = ? AND " UNIT_IN_SCOPE("routing_rule.unit_id");

/*
 * The most specific rule: the deepest area (nearest ancestor of the case's area, by closure
 * depth; "any area" last), then one naming a topic, then one naming a kind. Inactive units
 * never take cases.
 */
static const char sql_routing_resolve[] =
    "SELECT r.unit_id FROM routing_rule r JOIN unit u ON u.id = r.unit_id AND u.active = 1"
    " LEFT JOIN area_closure ac ON ac.ancestor = r.area_id AND ac.descendant = ?"
    " WHERE (r.area_id IS NULL OR ac.descendant IS NOT NULL)"
    " AND (r.topic_id IS NULL OR r.topic_id = ?) AND (r.kind IS NULL OR r.kind = ?)"
    " ORDER BY CASE WHEN r.area_id IS NULL THEN 1000 ELSE ac.depth END,"
    " CASE WHEN r.topic_id IS NULL THEN 1 ELSE 0 END,"
    " CASE WHEN r.kind IS NULL THEN 1 ELSE 0 END, r.id LIMIT 1";
/* The people's committee of the area's commune, else of its province. */
static const char sql_routing_default[] =
    "SELECT u.id FROM area_closure ac JOIN area p ON p.id = ac.ancestor"
    " JOIN unit u ON u.home_area_id = p.id"
    " WHERE ac.descendant = ? AND p.level IN (1, 2) AND u.kind = 'peoples-committee'"
    " AND u.active = 1 ORDER BY p.level DESC, u.id LIMIT 1";
static const char sql_area_code_of[] = "SELECT code FROM area WHERE id = ?";

/* ---- the version of what a case's clocks depend on ---- */

static const char sql_version_get[] =
    "SELECT CAST(value AS BIGINT), (SELECT COUNT(*) FROM routing_rule) FROM setting"
    " WHERE key = 'catalog_version'";
static const char sql_routing_count[] = "SELECT COUNT(*) FROM routing_rule";
static const char sql_version_bump[] =
    "INSERT INTO setting (key, value) VALUES ('catalog_version', '1') ON CONFLICT (key)"
    " DO UPDATE SET value = CAST(CAST(setting.value AS BIGINT) + 1 AS TEXT)";
static enum dv_err version_bump(struct db *db, struct dv_error *e);

/* ---- Open311 clients ---- */

static const char sql_client_add[] =
    "INSERT INTO open311_client (name, key_hash, created_at) VALUES (?, ?, ?) RETURNING id";
static const char sql_client_check[] =
    "SELECT id, name FROM open311_client WHERE key_hash = ? AND revoked_at IS NULL";

/* ---- helpers ---- */

static int bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	return id > 0 ? db_bind_int64(st, idx, id) : db_bind_null(st, idx);
}

static enum dv_err need_write(struct db *db, const struct scope *sc, const char *what,
                              struct dv_error *e)
{
	if (!scope_can(sc, PERM_CONFIG_WRITE))
		return dv_fail(e, DV_EPERM, "%s: not permitted for your role", what);
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "%s: needs a write transaction", what);
	return DV_OK;
}

static enum dv_err check_text(const char *what, const char *s, bool required, size_t max,
                              struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0;

	if (!len && required)
		return dv_fail(e, DV_EINVAL, "%s is empty", what);
	if (len > max)
		return dv_fail(e, DV_EINVAL, "%s '%.40s...' is too long (at most %zu bytes)", what,
		               s, max);
	if (len && !utf8_valid_text(s, len))
		return dv_fail(e, DV_EINVAL, "%s is not valid UTF-8 text", what);
	return DV_OK;
}

/* One id from a one-column query: DV_OK, DV_ENOTFOUND (no row) or a database error. */
static enum dv_err one_id(struct db *db, struct db_stmt *st, int64_t *id, const char *what,
                          struct dv_error *e)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ERROR)
		return db_fail(db, e, what);
	if (rc == DB_DONE)
		return DV_ENOTFOUND;
	*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

/* ---- topics ---- */

static bool read_topic(struct db_stmt *st, struct arena *a, struct topic *out)
{
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	out->code = db_col_dup(st, 1, a, &oom);
	out->name = db_col_dup(st, 2, a, &oom);
	out->name_en = db_col_dup(st, 3, a, &oom);
	out->description = db_col_dup(st, 4, a, &oom);
	out->active = db_col_int64(st, 5) != 0;
	out->sort = (int)db_col_int64(st, 6);
	return !oom;
}

enum dv_err topic_list(struct db *db, bool all, struct arena *a, struct topic **out, size_t *n,
                       struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_topic_list);
	struct topic *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind_int64(st, 1, all ? 1 : 0))
		return db_fail(db, e, "listing topics");
	while ((rc = db_step(st)) == DB_ROW) {
		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing topics: out of memory");
		}
		if (!read_topic(st, a, &list[len++])) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing topics: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing topics");
	*out = list;
	*n = len;
	return DV_OK;
}

static enum dv_err topic_one(struct db *db, struct db_stmt *st, struct arena *a, struct topic *out,
                             const char *what, struct dv_error *e)
{
	enum db_step rc = db_step(st);

	if (rc == DB_ERROR)
		return db_fail(db, e, "reading topic");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "topic '%s' not found", what);
	if (!read_topic(st, a, out)) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading topic '%s': out of memory", what);
	}
	db_reset(st);
	return DV_OK;
}

enum dv_err topic_get(struct db *db, int64_t id, struct arena *a, struct topic *out,
                      struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_topic_get);
	char what[24];

	if (!st || db_bind_int64(st, 1, id))
		return db_fail(db, e, "reading topic");
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	return topic_one(db, st, a, out, what, e);
}

enum dv_err topic_get_by_code(struct db *db, const char *code, struct arena *a, struct topic *out,
                              struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_topic_by_code);

	if (!st || db_bind_text(st, 1, code ? code : ""))
		return db_fail(db, e, "reading topic");
	return topic_one(db, st, a, out, code ? code : "", e);
}

static bool valid_topic_code(const char *code)
{
	size_t i, len = code ? strlen(code) : 0;

	if (!len || len > MAX_CODE || code[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
		      code[i] == '-'))
			return false;
	return true;
}

enum dv_err topic_save(struct db *db, const struct scope *sc, const struct topic *t, int64_t *id,
                       struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	if (id)
		*id = 0;
	ret = need_write(db, sc, "saving topic", e);
	if (ret)
		return ret;
	if (!valid_topic_code(t->code))
		return dv_fail(e, DV_EINVAL,
		               "topic code '%s' is not valid (lowercase letters, digits and '-')",
		               t->code ? t->code : "");
	ret = check_text("topic name", t->name, true, MAX_NAME, e);
	if (!ret)
		ret = check_text("topic name_en", t->name_en, true, MAX_NAME, e);
	if (!ret)
		ret = check_text("topic description", t->description, false, MAX_TEXT, e);
	if (ret)
		return ret;
	if (t->id < 0)
		return dv_fail(e, DV_EINVAL, "topic id '%lld' is not valid", (long long)t->id);

	st = db_prepare(db, t->id ? sql_topic_update : sql_topic_insert);
	if (!st || db_bind_text(st, 1, t->code) || db_bind_text(st, 2, t->name) ||
	    db_bind_text(st, 3, t->name_en) ||
	    db_bind_text(st, 4, t->description ? t->description : "") ||
	    db_bind_int64(st, 5, t->active ? 1 : 0) || db_bind_int64(st, 6, t->sort) ||
	    (t->id && db_bind_int64(st, 7, t->id)))
		return db_fail(db, e, "saving topic");
	if (db_step(st) == DB_ERROR) {
		if (db_errcode(db) == DV_EEXIST)
			return dv_fail(e, DV_EEXIST, "topic code '%s' already exists", t->code);
		return db_fail(db, e, "saving topic");
	}
	if (t->id) {
		if (db_changes(db) == 0)
			return dv_fail(e, DV_ENOTFOUND, "topic #%lld not found", (long long)t->id);
		if (id)
			*id = t->id;
		/* case pages show topic names */
		return version_bump(db, e);
	}
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

/* ---- rule sets ---- */

static bool copy_code(char dst[RULE_CODE_MAX], const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (!len || len >= RULE_CODE_MAX)
		return false;
	memcpy(dst, src, len + 1);
	return true;
}

enum dv_err rule_max_extensions(struct db *db, const char *code, dv_date day, int *out,
                                struct dv_error *e)
{
	struct db_stmt *st;
	char buf[11];
	enum db_step rc;

	*out = 0;
	if (!code)
		return DV_OK;
	date_format(day, buf);
	st = db_prepare(db, sql_rule_max_ext);
	if (!st || db_bind_text(st, 1, buf) || db_bind_text(st, 2, code))
		return db_fail(db, e, "reading the rule in force");
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = (int)db_col_int64(st, 0);
		db_reset(st);
	}
	return rc == DB_ERROR ? db_fail(db, e, "reading the rule in force") : DV_OK;
}

enum dv_err ruleset_load(struct db *db, struct arena *a, struct rule_set **out, size_t *n,
                         struct dv_error *e)
{
	struct rule_set *sets = NULL;
	struct rule *rules = NULL;
	size_t nsets = 0, capsets = 0, nrules = 0, caprules = 0, i, k;
	struct db_stmt *st;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql_ruleset_sets);
	if (!st)
		return db_fail(db, e, "loading rule sets");
	while ((rc = db_step(st)) == DB_ROW) {
		struct rule_set *s;
		const char *from = db_col_text(st, 1);

		if (ARENA_RESERVE(a, sets, nsets, capsets, 4)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading rule sets: out of memory");
		}
		s = &sets[nsets++];
		memset(s, 0, sizeof(*s));
		s->id = db_col_int64(st, 0);
		if (!from || !date_parse(from, &s->effective_from)) {
			db_reset(st);
			return dv_fail(e, DV_EDB, "rule set #%lld has a bad date '%s'",
			               (long long)s->id, from ? from : "");
		}
		s->name = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		if (!s->name) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading rule sets: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading rule sets");

	st = db_prepare(db, sql_ruleset_rules);
	if (!st)
		return db_fail(db, e, "loading rules");
	/* rules arrive grouped by set, in the sets' order: each set gets a contiguous slice */
	i = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t set_id = db_col_int64(st, 0);
		const char *code = db_col_text(st, 1), *anchor = db_col_text(st, 9),
		           *status = db_col_text(st, 10);
		struct rule *r;

		while (i < nsets && sets[i].id != set_id)
			i++;
		if (i == nsets) {
			db_reset(st);
			return dv_fail(e, DV_EDB, "rule '%s' belongs to no rule set in order",
			               code ? code : "");
		}
		if (nrules == caprules) {
			size_t ncap = caprules ? caprules * 2 : 32;
			struct rule *bigger = arena_new_array(a, struct rule, ncap);

			if (!bigger) {
				db_reset(st);
				return dv_fail(e, DV_ENOMEM, "loading rules: out of memory");
			}
			if (nrules)
				memcpy(bigger, rules, nrules * sizeof(*rules));
			/* slices already handed out move with the array */
			for (k = 0; k <= i; k++)
				if (sets[k].rules)
					sets[k].rules = bigger + (sets[k].rules - rules);
			rules = bigger;
			caprules = ncap;
		}
		r = &rules[nrules];
		memset(r, 0, sizeof(*r));
		if (!copy_code(r->code, code) || !anchor ||
		    !rule_anchor_parse(anchor, &r->anchor) || !status || !status[0]) {
			db_reset(st);
			return dv_fail(e, DV_EDB, "rule '%s' of rule set #%lld is malformed",
			               code ? code : "", (long long)set_id);
		}
		r->days = (int)db_col_int64(st, 2);
		r->kind = db_col_int64(st, 3) ? DAYS_WORKING : DAYS_CALENDAR;
		r->days_complex = (int)db_col_int64(st, 4);
		r->days_remote = (int)db_col_int64(st, 5);
		r->days_remote_complex = (int)db_col_int64(st, 6);
		r->max_extensions = (int)db_col_int64(st, 7);
		r->extension_days = (int)db_col_int64(st, 8);
		r->status = status[0];
		if (!sets[i].rules)
			sets[i].rules = r;
		sets[i].n++;
		nrules++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading rules");
	*out = sets;
	*n = nsets;
	return DV_OK;
}

static enum dv_err check_rule(const struct rule *r, const char *set, struct dv_error *e)
{
	size_t len = strnlen(r->code, RULE_CODE_MAX), i;

	if (!len || len == RULE_CODE_MAX)
		return dv_fail(e, DV_EINVAL, "rule set '%s': a rule code is empty or too long",
		               set);
	for (i = 0; i < len; i++)
		if (!((r->code[i] >= 'A' && r->code[i] <= 'Z') ||
		      (r->code[i] >= '0' && r->code[i] <= '9') || r->code[i] == '_'))
			return dv_fail(e, DV_EINVAL,
			               "rule code '%s' is not valid (capital letters, digits, '_')",
			               r->code);
	if (r->days <= 0 || r->days > 3650)
		return dv_fail(e, DV_EINVAL, "rule '%s': days '%d' is not between 1 and 3650",
		               r->code, r->days);
	if (r->days_complex < 0 || r->days_remote < 0 || r->days_remote_complex < 0 ||
	    r->days_complex > 3650 || r->days_remote > 3650 || r->days_remote_complex > 3650)
		return dv_fail(e, DV_EINVAL, "rule '%s': a variant period is out of range",
		               r->code);
	if (r->max_extensions < 0 || r->max_extensions > 10 || r->extension_days < 0 ||
	    r->extension_days > 365 || (r->max_extensions && !r->extension_days))
		return dv_fail(e, DV_EINVAL, "rule '%s': extensions are out of range", r->code);
	if (r->kind != DAYS_CALENDAR && r->kind != DAYS_WORKING)
		return dv_fail(e, DV_EINVAL, "rule '%s': day kind is not calendar or working",
		               r->code);
	if ((unsigned)r->anchor >= ANCHOR__COUNT)
		return dv_fail(e, DV_EINVAL, "rule '%s': anchor is not known", r->code);
	if (r->status != 'C' && r->status != 'P' && r->status != 'U')
		return dv_fail(e, DV_EINVAL, "rule '%s': status is not C, P or U", r->code);
	return DV_OK;
}

enum dv_err ruleset_add(struct db *db, const struct scope *sc, dv_date from, const char *name,
                        const char *note, const struct rule *rules, size_t n, int64_t *id,
                        struct dv_error *e)
{
	char day[11], latest[11] = "";
	struct db_stmt *st;
	int64_t new_id = 0, other;
	enum dv_err ret;
	enum db_step rc;
	size_t i, j;

	if (id)
		*id = 0;
	ret = need_write(db, sc, "adding rule set", e);
	if (ret)
		return ret;
	date_format(from, day);
	ret = check_text("rule set name", name, true, MAX_NAME, e);
	if (!ret)
		ret = check_text("rule set note", note, false, MAX_TEXT, e);
	if (ret)
		return ret;
	if (!n)
		return dv_fail(e, DV_EINVAL, "rule set '%s' has no rules", day);
	for (i = 0; i < n; i++) {
		ret = check_rule(&rules[i], day, e);
		if (ret)
			return ret;
		for (j = 0; j < i; j++)
			if (!strcmp(rules[i].code, rules[j].code))
				return dv_fail(e, DV_EINVAL,
				               "rule set '%s': rule '%s' appears twice", day,
				               rules[i].code);
	}

	st = db_prepare(db, sql_ruleset_same_day);
	if (!st || db_bind_text(st, 1, day))
		return db_fail(db, e, "adding rule set");
	ret = one_id(db, st, &other, "adding rule set", e);
	if (ret == DV_OK)
		return dv_fail(e, DV_EEXIST, "a rule set in force from '%s' already exists", day);
	if (ret != DV_ENOTFOUND)
		return ret;
	st = db_prepare(db, sql_ruleset_latest);
	if (!st)
		return db_fail(db, e, "adding rule set");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "adding rule set");
	if (rc == DB_ROW) {
		snprintf(latest, sizeof(latest), "%s",
		         db_col_text(st, 0) ? db_col_text(st, 0) : "");
		db_reset(st);
	}
	if (latest[0] && strcmp(day, latest) < 0)
		return dv_fail(e, DV_EINVAL, "rule set '%s' must start after the latest one ('%s')",
		               day, latest);

	st = db_prepare(db, sql_ruleset_insert);
	if (!st || db_bind_text(st, 1, day) || db_bind_text(st, 2, name) ||
	    db_bind_text(st, 3, note ? note : "") || db_bind_int64(st, 4, time_now()) ||
	    db_step(st) != DB_ROW)
		return db_fail(db, e, "adding rule set");
	new_id = db_col_int64(st, 0);
	db_reset(st);
	for (i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		char status[2] = {r->status, '\0'};

		st = db_prepare(db, sql_rule_insert);
		if (!st || db_bind_int64(st, 1, new_id) || db_bind_text(st, 2, r->code) ||
		    db_bind_int64(st, 3, r->days) ||
		    db_bind_int64(st, 4, r->kind == DAYS_WORKING ? 1 : 0) ||
		    db_bind_int64(st, 5, r->days_complex) || db_bind_int64(st, 6, r->days_remote) ||
		    db_bind_int64(st, 7, r->days_remote_complex) ||
		    db_bind_int64(st, 8, r->max_extensions) ||
		    db_bind_int64(st, 9, r->extension_days) ||
		    db_bind_text(st, 10, rule_anchor_name(r->anchor)) ||
		    db_bind_text(st, 11, status) || db_step(st) != DB_DONE)
			return db_fail(db, e, "adding rule");
	}
	if (id)
		*id = new_id;
	return version_bump(db, e);
}

/* ---- holidays ---- */

enum dv_err holiday_load(struct db *db, struct arena *a, struct holidays *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_holiday_days);
	dv_date *days = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	out->extra = NULL;
	out->n = 0;
	if (!st)
		return db_fail(db, e, "loading holidays");
	while ((rc = db_step(st)) == DB_ROW) {
		const char *s = db_col_text(st, 0);
		dv_date d;

		if (!s || !date_parse(s, &d))
			continue; /* a malformed row cannot be a day off */
		if (ARENA_RESERVE(a, days, len, cap, 32)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "loading holidays: out of memory");
		}
		/* text order is day order for YYYY-MM-DD; keep it strictly ascending */
		if (!len || days[len - 1] < d)
			days[len++] = d;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "loading holidays");
	out->extra = days;
	out->n = len;
	return DV_OK;
}

enum dv_err holiday_list(struct db *db, struct arena *a, struct holiday_row **out, size_t *n,
                         struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_holiday_list);
	struct holiday_row *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return db_fail(db, e, "listing holidays");
	while ((rc = db_step(st)) == DB_ROW) {
		const char *s = db_col_text(st, 0);
		bool oom = false;
		dv_date d;

		if (!s || !date_parse(s, &d))
			continue;
		if (ARENA_RESERVE(a, list, len, cap, 32)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing holidays: out of memory");
		}
		list[len].day = d;
		list[len].name = db_col_dup(st, 1, a, &oom);
		if (oom) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing holidays: out of memory");
		}
		len++;
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing holidays");
	*out = list;
	*n = len;
	return DV_OK;
}

static enum dv_err check_day(dv_date day, char buf[11], struct dv_error *e)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 1900 || y > 2200)
		return dv_fail(e, DV_EINVAL, "holiday year '%d' is not between 1900 and 2200", y);
	date_format(day, buf);
	return DV_OK;
}

enum dv_err catalog_version(struct db *db, int64_t *v, int64_t *routing_rules,
                            struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_version_get);
	enum db_step rc;

	*v = 0;
	*routing_rules = 0;
	if (!st)
		return db_fail(db, e, "reading the rules' version");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading the rules' version");
	if (rc == DB_ROW) {
		*v = db_col_int64(st, 0);
		*routing_rules = db_col_int64(st, 1);
		db_reset(st);
		return DV_OK;
	}
	/* never changed: the seeded rules, and whatever routing rules there are */
	st = db_prepare(db, sql_routing_count);
	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "reading the rules' version");
	*routing_rules = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}
/* In the transaction of a change to rule sets, holidays, routing rules or units. */
static enum dv_err version_bump(struct db *db, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_version_bump);

	if (!st || db_step(st) != DB_DONE)
		return db_fail(db, e, "recording the rules' version");
	return DV_OK;
}

enum dv_err catalog_changed(struct db *db, struct dv_error *e)
{
	return version_bump(db, e);
}

enum dv_err holiday_add(struct db *db, const struct scope *sc, dv_date day, const char *name,
                        struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;
	char buf[11];

	ret = need_write(db, sc, "adding holiday", e);
	if (!ret)
		ret = check_day(day, buf, e);
	if (!ret)
		ret = check_text("holiday name", name, true, MAX_NAME, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_holiday_add);
	if (!st || db_bind_text(st, 1, buf) || db_bind_text(st, 2, name) ||
	    db_bind_int64(st, 3, time_now()) || db_step(st) != DB_DONE)
		return db_fail(db, e, "adding holiday");
	return version_bump(db, e);
}

enum dv_err holiday_remove(struct db *db, const struct scope *sc, dv_date day, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;
	char buf[11];

	ret = need_write(db, sc, "removing holiday", e);
	if (!ret)
		ret = check_day(day, buf, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_holiday_remove);
	if (!st || db_bind_text(st, 1, buf) || db_step(st) != DB_DONE)
		return db_fail(db, e, "removing holiday");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "holiday '%s' not found", buf);
	return version_bump(db, e);
}

/* ---- routing ---- */

enum dv_err routing_list(struct db *db, const struct scope *sc, struct arena *a,
                         struct routing_rule **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_routing_list);
	struct routing_rule *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	if (!st || store_bind_scope(st, 1, sc))
		return db_fail(db, e, "listing routing rules");
	while ((rc = db_step(st)) == DB_ROW) {
		struct routing_rule *r;
		bool oom = false;

		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM,
			               "listing routing rules: out of memory");
		}
		r = &list[len++];
		memset(r, 0, sizeof(*r));
		r->id = db_col_int64(st, 0);
		r->area_id = db_col_int64(st, 1);
		r->area_code = db_col_dup(st, 2, a, &oom);
		r->topic_id = db_col_int64(st, 3);
		r->topic_code = db_col_dup(st, 4, a, &oom);
		r->kind = db_col_dup(st, 5, a, &oom);
		r->unit_id = db_col_int64(st, 6);
		r->unit_name = db_col_dup(st, 7, a, &oom);
		if (oom) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "listing routing rules: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "listing routing rules");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err routing_add(struct db *db, const struct scope *sc, const struct routing_rule *r,
                        int64_t *id, struct dv_error *e)
{
	int64_t area_id = r->area_id, topic_id = r->topic_id, unit_id = 0;
	const char *what = "adding routing rule";
	enum case_kind kind;
	struct db_stmt *st;
	enum dv_err ret;

	if (id)
		*id = 0;
	ret = need_write(db, sc, what, e);
	if (ret)
		return ret;
	if (r->kind && !case_kind_parse(r->kind, &kind))
		return dv_fail(e, DV_EINVAL, "routing rule: case kind '%s' is not known", r->kind);
	if (area_id < 0 || topic_id < 0 || r->unit_id <= 0)
		return dv_fail(e, DV_EINVAL, "routing rule needs a unit");

	/* the unit: active and in the caller's subtree */
	st = db_prepare(db, sql_routing_unit_ok);
	if (!st || db_bind_int64(st, 1, r->unit_id) || store_bind_scope(st, 2, sc))
		return db_fail(db, e, what);
	ret = one_id(db, st, &unit_id, what, e);
	if (ret == DV_ENOTFOUND)
		return dv_fail(e, DV_EINVAL, "routing rule: unit #%lld not found or inactive",
		               (long long)r->unit_id);
	if (ret)
		return ret;

	/* the area, by id or code, in the caller's scope (none = any area) */
	if (area_id || (r->area_code && *r->area_code)) {
		st = db_prepare(db, area_id ? sql_routing_area_ok : sql_routing_area_code);
		if (!st ||
		    (area_id ? db_bind_int64(st, 1, area_id) : db_bind_text(st, 1, r->area_code)) ||
		    store_bind_scope(st, 2, sc))
			return db_fail(db, e, what);
		ret = one_id(db, st, &area_id, what, e);
		if (ret == DV_ENOTFOUND) {
			if (r->area_id)
				return dv_fail(e, DV_EINVAL, "routing rule: area #%lld not found",
				               (long long)r->area_id);
			return dv_fail(e, DV_EINVAL, "routing rule: area '%s' not found",
			               r->area_code);
		}
		if (ret)
			return ret;
	}
	/* the topic, by id or code (none = any topic) */
	if (topic_id || (r->topic_code && *r->topic_code)) {
		st = db_prepare(db, topic_id ? sql_routing_topic_ok : sql_routing_topic_code);
		if (!st || (topic_id ? db_bind_int64(st, 1, topic_id)
		                     : db_bind_text(st, 1, r->topic_code)))
			return db_fail(db, e, what);
		ret = one_id(db, st, &topic_id, what, e);
		if (ret == DV_ENOTFOUND) {
			if (r->topic_id)
				return dv_fail(e, DV_EINVAL, "routing rule: topic #%lld not found",
				               (long long)r->topic_id);
			return dv_fail(e, DV_EINVAL, "routing rule: topic '%s' not found",
			               r->topic_code);
		}
		if (ret)
			return ret;
	}

	st = db_prepare(db, sql_routing_insert);
	if (!st || bind_id_or_null(st, 1, area_id) || bind_id_or_null(st, 2, topic_id) ||
	    db_bind_text(st, 3, r->kind) || db_bind_int64(st, 4, unit_id) ||
	    db_bind_int64(st, 5, time_now()) || db_step(st) != DB_ROW)
		return db_fail(db, e, what);
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return version_bump(db, e);
}

enum dv_err routing_remove(struct db *db, const struct scope *sc, int64_t id, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	ret = need_write(db, sc, "removing routing rule", e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_routing_remove);
	if (!st || db_bind_int64(st, 1, id) || store_bind_scope(st, 2, sc) || db_step(st) != DB_DONE)
		return db_fail(db, e, "removing routing rule");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "routing rule #%lld not found", (long long)id);
	return version_bump(db, e);
}

enum dv_err routing_resolve(struct db *db, int64_t area_id, int64_t topic_id, const char *kind,
                            bool rules, int64_t *unit_id, struct dv_error *e)
{
	const char *what = "routing case";
	struct db_stmt *st;
	enum dv_err ret;
	char code[64] = "";

	*unit_id = 0;
	if (!rules)
		goto fallback;
	st = db_prepare(db, sql_routing_resolve);
	if (!st || db_bind_int64(st, 1, area_id) || db_bind_int64(st, 2, topic_id) ||
	    db_bind_text(st, 3, kind))
		return db_fail(db, e, what);
	ret = one_id(db, st, unit_id, what, e);
	if (ret != DV_ENOTFOUND)
		return ret;
fallback:
	st = db_prepare(db, sql_routing_default);
	if (!st || db_bind_int64(st, 1, area_id))
		return db_fail(db, e, what);
	ret = one_id(db, st, unit_id, what, e);
	if (ret != DV_ENOTFOUND)
		return ret;

	st = db_prepare(db, sql_area_code_of);
	if (st && !db_bind_int64(st, 1, area_id) && db_step(st) == DB_ROW) {
		snprintf(code, sizeof(code), "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
		db_reset(st);
	}
	if (!code[0])
		snprintf(code, sizeof(code), "#%lld", (long long)area_id);
	return dv_fail(e, DV_ENOTFOUND, "no unit takes cases of area '%s'", code);
}

/* ---- Open311 clients ---- */

enum dv_err open311_client_add(struct db *db, const struct scope *sc, const char *name,
                               const char *key_hash, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	if (id)
		*id = 0;
	ret = need_write(db, sc, "adding Open311 client", e);
	if (!ret)
		ret = check_text("Open311 client name", name, true, MAX_NAME, e);
	if (!ret)
		ret = check_text("Open311 client key", key_hash, true, 256, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_client_add);
	if (!st || db_bind_text(st, 1, name) || db_bind_text(st, 2, key_hash) ||
	    db_bind_int64(st, 3, time_now()))
		return db_fail(db, e, "adding Open311 client");
	if (db_step(st) != DB_ROW) {
		if (db_errcode(db) == DV_EEXIST)
			return dv_fail(e, DV_EEXIST, "Open311 client key of '%s' already exists",
			               name);
		return db_fail(db, e, "adding Open311 client");
	}
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

enum dv_err open311_client_check(struct db *db, const char *key_hash, int64_t *id,
                                 const char **name, struct arena *a, struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	bool oom = false;

	if (id)
		*id = 0;
	if (name)
		*name = NULL;
	if (!key_hash || !*key_hash)
		return dv_fail(e, DV_EAUTH, "Open311 api_key is missing");
	st = db_prepare(db, sql_client_check);
	if (!st || db_bind_text(st, 1, key_hash))
		return db_fail(db, e, "checking Open311 client");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "checking Open311 client");
	if (rc == DB_DONE)
		return dv_fail(e, DV_EAUTH, "Open311 api_key is unknown or revoked");
	if (id)
		*id = db_col_int64(st, 0);
	if (name)
		*name = db_col_dup(st, 1, a, &oom);
	db_reset(st);
	if (oom)
		return dv_fail(e, DV_ENOMEM, "checking Open311 client: out of memory");
	return DV_OK;
}
