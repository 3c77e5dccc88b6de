/* cases.c: the case repository: scoped reads of cases, their clocks, timeline and aggregates. */
#include "store/cases.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"

#include "store/dash.h"
#include "store/dates.h"
#include "store/scoped.h"
#include "store/search.h"

#include "base/banned.h"

/*
 * Scope: two parameters, the system flag, then the scope's unit (0 when the scope may not
 * read cases). A case is visible when a unit of the caller's subtree handles or handled it.
 * The closure is probed per handler by both its keys (a scalar subquery): as a join,
 * PostgreSQL merged the case's one handler against the national unit's 1,641 descendants for
 * every case it read (0.2 ms instead of 0.02).
 */
#define CASE_VISIBLE                                                                               \
	"(? = 1 OR EXISTS (SELECT 1 FROM case_handler h WHERE h.case_id = c.id AND (SELECT 1"      \
	" FROM unit_closure uc WHERE uc.ancestor = ? AND uc.descendant = h.unit_id) IS NOT NULL))"

/*
 * Column order is read by read_case(). Names are joined in (no N+1); the nearest running
 * clock is folded in as two correlated lookups on case_deadline's primary key. The sealed
 * identity is never selected here: only whether one exists.
 */
#define CASE_COLS                                                                                  \
	"c.id AS id, c.tracking_code AS tracking_code, c.kind AS kind, c.channel AS channel,"      \
	" c.status AS status, c.topic_id AS topic_id, t.code AS topic_code,"                       \
	" t.name AS topic_name, t.name_en AS topic_name_en, c.area_id AS area_id,"                 \
	" a.code AS area_code, a.full_name AS area_name, c.commune_id AS commune_id,"              \
	" c.subject_unit_id AS subject_unit_id, su.name AS subject_unit_name,"                     \
	" c.names_head AS names_head, c.handling_unit_id AS handling_unit_id,"                     \
	" hu.name AS handling_unit_name, c.assignee_id AS assignee_id,"                            \
	" au.display_name AS assignee_name, c.title AS title, c.description AS description,"       \
	" c.people_count AS people_count, c.representatives AS representatives,"                   \
	" c.submitter_name AS submitter_name, c.submitter_contact AS submitter_contact,"           \
	" c.submitter_address AS submitter_address,"                                               \
	" CASE WHEN c.sealed_identity IS NULL THEN 0 ELSE 1 END AS sealed,"                        \
	" c.signed AS signed_, c.complex AS complex, c.remote AS remote,"                          \
	" c.address_text AS address_text, c.lat AS lat, c.lon AS lon,"                             \
	" c.received_on AS received_on, c.received_at AS received_at,"                             \
	" c.accepted_on AS accepted_on, c.decided_on AS decided_on, c.decision AS decision,"       \
	" c.decision_public AS decision_public, c.closed_at AS closed_at,"                         \
	" c.extensions AS extensions, c.rating AS rating, c.rating_comment AS rating_comment,"     \
	" c.parent_case_id AS parent_case_id, c.duplicate_of AS duplicate_of,"                     \
	" c.created_by AS created_by, c.open311_client AS open311_client,"                         \
	" c.updated_at AS updated_at"
#define CASE_NEXT                                                                                  \
	", (SELECT d.step FROM case_deadline d WHERE d.case_id = c.id AND d.met_on IS NULL"        \
	" ORDER BY d.due_day, d.step LIMIT 1) AS next_step,"                                       \
	" (SELECT MIN(d.due_day) FROM case_deadline d WHERE d.case_id = c.id"                      \
	" AND d.met_on IS NULL) AS next_due"
/* One case: the caller reads the clocks anyway (case_next_of), so no sorted subquery. */
#define CASE_NO_NEXT ", NULL AS next_step, NULL AS next_due"
#define CASE_NCOLS   51

#define CASE_JOINS                                                                                 \
	" JOIN topic t ON t.id = c.topic_id JOIN area a ON a.id = c.area_id"                       \
	" JOIN unit hu ON hu.id = c.handling_unit_id"                                              \
	" LEFT JOIN unit su ON su.id = c.subject_unit_id"                                          \
	" LEFT JOIN app_user au ON au.id = c.assignee_id"
#define CASE_FROM " FROM citizen_case c" CASE_JOINS

/*
 * The open statuses, bound one per placeholder from case_status_open() (the state machine
 * owns that judgement, the SQL stays static). Unused places repeat an open status.
 */
#define OPEN_SET   CASE_OPEN_SET
#define OPEN_SET_N CASE_OPEN_SET_N
_Static_assert(ST__COUNT <= OPEN_SET_N, "OPEN_SET has a place for every status");

/* and whether the handling unit lies in the caller's subtree (scope first, as units bind it) */
static const char sql_get[] =
    "SELECT " CASE_COLS CASE_NO_NEXT ", CASE WHEN ? = 1 OR EXISTS (SELECT 1 FROM unit_closure hc"
    " WHERE hc.ancestor = ? AND hc.descendant = c.handling_unit_id) THEN 1 ELSE 0 END"
    CASE_FROM " WHERE c.id = ? AND " CASE_VISIBLE;
static const char sql_get_by_tracking[] =
    "SELECT " CASE_COLS CASE_NO_NEXT CASE_FROM " WHERE c.tracking_code = ?";
/* what an answer about a case was rendered from: its revision and the catalogue's version */
#define STAMP_COLS                                                                                 \
	"SELECT c.id, c.revision, COALESCE((SELECT CAST(s.value AS BIGINT) FROM setting s"         \
	" WHERE s.key = 'catalog_version'), 0) FROM citizen_case c"
static const char sql_stamp[] = STAMP_COLS " WHERE c.id = ? AND " CASE_VISIBLE;
static const char sql_stamp_by_tracking[] = STAMP_COLS " WHERE c.tracking_code = ?";

/*
 * Lists: the filtered, scoped cases as a derived table (with `o` = open), then the open-only
 * and overdue filters and the order on its columns. Parameters in order: the open set; the
 * search pattern; status (flag, name); kind (flag, name); topic (flag, id); area (flag, code);
 * handling unit (flag, id); the scope (2); then open-only flag; overdue flag, today.
 */
/*
 * Lists: the filters over citizen_case alone, in the order bind_list() binds them. The area
 * filter is a statement of its own (LIST_AREA: the area's communes drive the search through
 * the index on commune_id) rather than an "? = 0 OR ..." that no index can serve. Open = the
 * state machine's open statuses; an open case's nearest running clock is its counted_due (kept
 * at every commit for the overdue counts, migration 0006), so the inbox and the overdue filter
 * sort and compare a column instead of computing a clock per case.
 */
#define LIST_FILTERS                                                                               \
	" c.text_fold LIKE ? ESCAPE '\\' AND (? < 0 OR c.status = ?) AND (? < 0 OR c.kind = ?)"  \
	" AND (? = 0 OR c.topic_id = ?)"
/* no area: the same four places, always true, so that both shapes bind alike */
#define LIST_NO_AREA " AND (? = 0 OR ? = '' OR ? = '' OR ? = '')"
#define AREA_CODE_BINDS 3 /* the area's code, in LIST_NO_AREA and LIST_AREA_* alike */
/*
 * The area's subtree (its code bound three times): a case at or below a commune carries its
 * commune (commune_id), so the communes below the area, or a village's own, are looked up
 * first (AREA_COMMUNES); the subtree test on area_id then keeps a village's cases only. Cases
 * filed above commune level have no commune (migration 0010) and can only be below a province
 * or the nation: LIST_AREA_HIGH adds them, LIST_AREA_LOW (a commune or a village, or an
 * unknown code) does not need to, and keeps the commune test a plain IN, which PostgreSQL
 * serves from the index (an OR beside it made it read the whole table).
 */
#define AREA_COMMUNES                                                                              \
	"c.commune_id IN (SELECT ac.descendant FROM area x"                                        \
	" JOIN area_closure ac ON ac.ancestor = x.id JOIN area d ON d.id = ac.descendant"          \
	" WHERE x.code = ? AND d.level = 2 UNION ALL SELECT ac.ancestor FROM area x"               \
	" JOIN area_closure ac ON ac.descendant = x.id JOIN area p ON p.id = ac.ancestor"          \
	" WHERE x.code = ? AND x.level = 3 AND p.level = 2)"
#define AREA_SUBTREE                                                                               \
	" AND c.area_id IN (SELECT ac.descendant FROM area_closure ac"                             \
	" JOIN area ar ON ar.id = ac.ancestor WHERE ar.code = ?)"
#define LIST_AREA_LOW  " AND ? = 1 AND " AREA_COMMUNES AREA_SUBTREE
#define LIST_AREA_HIGH " AND ? = 1 AND (" AREA_COMMUNES " OR c.commune_id IS NULL)" AREA_SUBTREE
#define LIST_REST                                                                                  \
	" AND (? = 0 OR c.handling_unit_id = ?) AND " CASE_VISIBLE                                 \
	" AND (? = 0 OR c.status IN " OPEN_SET ") AND (? = 0 OR c.counted_due < ?)"
#define LIST_WHERE(area) " FROM citizen_case c WHERE" LIST_FILTERS area LIST_REST
/* The page's ids first (sorting only the keys), then their columns: clocks and names are
 * read for the cases shown, not for every case that matched. */
#define LIST_PAGE(area, keys, order)                                                               \
	"SELECT " CASE_COLS CASE_NEXT " FROM (SELECT c.id AS kid, " keys LIST_WHERE(area)           \
	" ORDER BY " order " LIMIT ? OFFSET ?) k JOIN citizen_case c ON c.id = k.kid" CASE_JOINS
#define NEWEST_KEYS  "c.received_at AS krec"
#define NEWEST_ORDER "c.received_at DESC, c.id DESC"
#define NEWEST_AGAIN " ORDER BY k.krec DESC, k.kid DESC"
/* The inbox: open cases by their nearest due day (overdue ones come first by being earliest),
 * then the rest (ended cases' clocks no longer count); newest first within a tie. */
#define INBOX_KEYS                                                                                 \
	"CASE WHEN c.counted_due IS NULL THEN 1 ELSE 0 END AS knone, c.counted_due AS kdue,"       \
	" c.received_at AS krec"
#define INBOX_ORDER "knone, kdue, krec DESC, kid DESC"
#define INBOX_AGAIN " ORDER BY k.knone, k.kdue, k.krec DESC, k.kid DESC"

static const char sql_list_newest[] =
    LIST_PAGE(LIST_NO_AREA, NEWEST_KEYS, NEWEST_ORDER) NEWEST_AGAIN;
static const char sql_list_inbox[] = LIST_PAGE(LIST_NO_AREA, INBOX_KEYS, INBOX_ORDER) INBOX_AGAIN;
static const char sql_list_count[] = "SELECT COUNT(*)" LIST_WHERE(LIST_NO_AREA);
/* by area shape (enum list_area): newest first, inbox, count */
static const char *const sql_lists[3][3] = {
    {sql_list_newest, sql_list_inbox, sql_list_count},
    {LIST_PAGE(LIST_AREA_LOW, NEWEST_KEYS, NEWEST_ORDER) NEWEST_AGAIN,
     LIST_PAGE(LIST_AREA_LOW, INBOX_KEYS, INBOX_ORDER) INBOX_AGAIN,
     "SELECT COUNT(*)" LIST_WHERE(LIST_AREA_LOW)},
    {LIST_PAGE(LIST_AREA_HIGH, NEWEST_KEYS, NEWEST_ORDER) NEWEST_AGAIN,
     LIST_PAGE(LIST_AREA_HIGH, INBOX_KEYS, INBOX_ORDER) INBOX_AGAIN,
     "SELECT COUNT(*)" LIST_WHERE(LIST_AREA_HIGH)},
};
enum list_area { LIST_ALL, LIST_LOW, LIST_HIGH };
static const char sql_area_level[] = "SELECT level FROM area WHERE code = ?";

/*
 * Duplicate suggestions: candidates from the same commune (the area itself when it has none)
 * and topic, open, in scope, newest first and bounded; the shared-word test is done in C on
 * their folded text (see case_similar), which keeps the SQL static and the test exact.
 */
#define SIMILAR_CANDIDATES 200
/*
 * Duplicate candidates: the newest open cases of the same commune and topic (the commune
 * resolved first, so that the index on (commune_id, topic_id, received_at) serves the query
 * directly; a case above commune level is compared within its own area).
 */
static const char sql_commune_of[] =
    "SELECT ac.ancestor FROM area_closure ac JOIN area p ON p.id = ac.ancestor"
    " WHERE ac.descendant = ? AND p.level = 2";
static const char sql_similar_commune[] =
    "SELECT " CASE_COLS CASE_NEXT ", c.text_fold" CASE_FROM
    " WHERE c.commune_id = ? AND c.topic_id = ? AND c.id <> ? AND c.status IN " OPEN_SET
    " AND " CASE_VISIBLE " ORDER BY c.received_at DESC, c.id DESC LIMIT ?";
static const char sql_similar_area[] =
    "SELECT " CASE_COLS CASE_NEXT ", c.text_fold" CASE_FROM
    " WHERE c.area_id = ? AND c.commune_id IS NULL AND c.topic_id = ? AND c.id <> ?"
    " AND c.status IN " OPEN_SET " AND " CASE_VISIBLE
    " ORDER BY c.received_at DESC, c.id DESC LIMIT ?";

static const char sql_sealed[] = "SELECT c.sealed_identity FROM citizen_case c WHERE c.id = ?"
                                 " AND c.sealed_identity IS NOT NULL AND " CASE_VISIBLE;

static const char sql_list_public[] =
    "SELECT " CASE_COLS CASE_NEXT CASE_FROM " WHERE c.updated_at >= ? AND c.updated_at < ?"
    " AND COALESCE(?, t.code) = t.code"
    " AND (? < 0 OR CASE WHEN c.status IN " OPEN_SET " THEN 1 ELSE 0 END = ?)"
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?";

/* commune_id: the area itself at level 2, else its level-2 ancestor (NULL above communes);
 * given by the caller when it has read it already (the writer then skips the lookup). */
static const char sql_insert[] =
    "INSERT INTO citizen_case (tracking_code, kind, channel, status, topic_id, area_id,"
    " commune_id, subject_unit_id, names_head, handling_unit_id, title, description, text_fold,"
    " people_count, representatives, submitter_name, submitter_contact, submitter_address,"
    " sealed_identity, signed, complex, remote, address_text, lat, lon, received_on,"
    " received_at, parent_case_id, created_by, open311_client, updated_at, due_dirty,"
    " counted_due)"
    " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT ac.ancestor FROM area_closure ac JOIN area p"
    " ON p.id = ac.ancestor WHERE ac.descendant = ? AND p.level = 2)),"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (tracking_code) DO NOTHING RETURNING id";
static const char sql_handler_add[] =
    "INSERT INTO case_handler (case_id, unit_id, since) VALUES (?, ?, ?)"
    " ON CONFLICT (case_id, unit_id) DO NOTHING";
/*
 * "Overdue now" (case_due_agg, migration 0006): the cases marked by this transaction are taken
 * out at their old counted day, given their new one (the earliest running clock of an open
 * case), put back in, and unmarked: four statements when the transaction commits, however
 * many cases and clocks it changed (from the marked cases: CROSS JOIN keeps SQLite from
 * starting at the closure table, COALESCE from the index of all open cases' days). Open = not
 * closed or withdrawn (case_status_open; checked by test_workflow). The lists read the same
 * counted day as an open case's nearest running clock.
 */
#define DUE_MOVE(sign)                                                                        \
	"INSERT INTO case_due_agg (area_id, due_day, n) SELECT ac.ancestor, c.counted_due, "    \
	sign "COUNT(*) FROM citizen_case c CROSS JOIN area_closure ac"                            \
	" WHERE c.due_dirty = 1 AND COALESCE(c.counted_due, '') <> ''"                            \
	" AND ac.descendant = c.area_id"                                                          \
	" GROUP BY ac.ancestor, c.counted_due"                                                    \
	" ON CONFLICT (area_id, due_day) DO UPDATE SET n = case_due_agg.n + excluded.n"
static const char sql_due_out[] = DUE_MOVE("-");
static const char sql_due_recount[] =
    "UPDATE citizen_case SET counted_due = CASE WHEN status IN ('closed', 'withdrawn') THEN NULL"
    " ELSE (SELECT MIN(d.due_day) FROM case_deadline d WHERE d.case_id = citizen_case.id"
    " AND d.met_on IS NULL) END WHERE due_dirty = 1";
static const char sql_due_in[] = DUE_MOVE("");
static const char sql_due_clean[] = "UPDATE citizen_case SET due_dirty = 0 WHERE due_dirty = 1";
/* A new case counted at once (case_new.counted_due): one more at its day, in its area's rows. */
static const char sql_due_add[] =
    "INSERT INTO case_due_agg (area_id, due_day, n) SELECT ac.ancestor, ?, 1 FROM area_closure ac"
    " WHERE ac.descendant = ? ON CONFLICT (area_id, due_day) DO UPDATE SET n = case_due_agg.n + 1";
static const char sql_due_mark[] =
    "UPDATE citizen_case SET due_dirty = 1 WHERE id = ? AND due_dirty = 0";

/* Have the marked cases' overdue counts brought up to date when the transaction commits. */
static enum dv_err due_sync_at_commit(struct db *db, struct dv_error *e)
{
	if (db_precommit(db, sql_due_out) || db_precommit(db, sql_due_recount) ||
	    db_precommit(db, sql_due_in) || db_precommit(db, sql_due_clean))
		return dv_fail(e, DV_EDB, "counting overdue cases: not in a write transaction");
	return agg_version_bump(db, e);
}

/* A case's clocks changed: mark it. */
static enum dv_err due_mark(struct db *db, int64_t case_id, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_due_mark);

	if (!st || db_bind_int64(st, 1, case_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "marking a case's clocks");
	return due_sync_at_commit(db, e);
}

/* Counts go to the row of every ancestor-or-self of the case's area. */
#define AGG_INSERT(cols)                                                                          \
	"INSERT INTO case_area_agg (area_id, month, kind, topic_id, " cols ")"                   \
	" SELECT ac.ancestor, ?, ?, ?, "
#define AGG_FROM " FROM area_closure ac WHERE ac.descendant = ?"                                \
	" ON CONFLICT (area_id, month, kind, topic_id) DO UPDATE SET "
static const char sql_agg_received[] =
    AGG_INSERT("received") "1" AGG_FROM "received = case_area_agg.received + 1";
static const char sql_agg_accepted[] =
    AGG_INSERT("accepted") "1" AGG_FROM "accepted = case_area_agg.accepted + 1";
static const char sql_agg_undecided[] =
    AGG_INSERT("decided, decided_on_time") "-1, ?" AGG_FROM "decided = case_area_agg.decided - 1,"
    " decided_on_time = case_area_agg.decided_on_time + excluded.decided_on_time";
static const char sql_agg_decided[] =
    AGG_INSERT("decided, decided_on_time") "1, ?" AGG_FROM "decided = case_area_agg.decided + 1,"
    " decided_on_time = case_area_agg.decided_on_time + excluded.decided_on_time";

/* One fixed statement: a NULL value keeps the column (flags say when NULL is meant). */
static const char sql_update[] =
    "UPDATE citizen_case SET status = ?, handling_unit_id = COALESCE(?, handling_unit_id),"
    " assignee_id = CASE WHEN ? = 1 THEN ? ELSE assignee_id END,"
    " accepted_on = COALESCE(?, accepted_on), decided_on = COALESCE(?, decided_on),"
    " decision = COALESCE(?, decision), decision_public = COALESCE(?, decision_public),"
    " extensions = COALESCE(?, extensions), complex = COALESCE(?, complex),"
    " closed_at = CASE WHEN ? = 1 THEN NULL ELSE COALESCE(?, closed_at) END,"
    " duplicate_of = COALESCE(?, duplicate_of), updated_at = ?, due_dirty = 1,"
    " revision = revision + 1 WHERE id = ?";
static const char sql_rate[] =
    "UPDATE citizen_case SET rating = ?, rating_comment = ?, updated_at = ?,"
    " revision = revision + 1 WHERE id = ?";
/* a new timeline event (clocks and handlers change with one) */
static const char sql_revise[] = "UPDATE citizen_case SET revision = revision + 1 WHERE id = ?";

static const char sql_deadline_put[] =
    "INSERT INTO case_deadline (case_id, step, rule_code, rule_set_id, from_day, days, working,"
    " anchor, flags, extensions, nominal_day, due_day, met_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (case_id, step) DO UPDATE"
    " SET rule_code = excluded.rule_code, rule_set_id = excluded.rule_set_id,"
    " from_day = excluded.from_day, days = excluded.days, working = excluded.working,"
    " anchor = excluded.anchor, flags = excluded.flags, extensions = excluded.extensions,"
    " nominal_day = excluded.nominal_day, due_day = excluded.due_day, met_on = NULL";
static const char sql_deadline_meet[] =
    "UPDATE case_deadline SET met_on = ? WHERE case_id = ? AND step = ? AND met_on IS NULL";
static const char sql_deadlines[] =
    "SELECT step, rule_code, rule_set_id, from_day, days, working, anchor, flags, extensions,"
    " nominal_day, due_day, met_on FROM case_deadline WHERE case_id = ?";

static const char sql_event_add[] =
    "INSERT INTO case_event (case_id, at, actor_user_id, unit_id, kind, public, from_status,"
    " to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_events[] =
    "SELECT e.id, e.at, e.actor_user_id, u.display_name, e.unit_id, un.name, e.kind, e.public,"
    " e.from_status, e.to_status, e.note FROM case_event e"
    " LEFT JOIN app_user u ON u.id = e.actor_user_id LEFT JOIN unit un ON un.id = e.unit_id"
    " WHERE e.case_id = ? AND (? = 0 OR e.public = 1) ORDER BY e.id";

#define DEFAULT_LIMIT 50
#define MAX_LIMIT     500
#define STEP_MAX      32
#define KIND_MAX      32
#define MAX_WORDS     32

/* ---- reading rows ---- */

static int bind_scope(struct db_stmt *st, int idx, const struct scope *sc)
{
	int64_t unit = scope_can(sc, PERM_CASE_READ) ? sc->unit_id : 0;

	if (db_bind_int64(st, idx, sc->system ? 1 : 0))
		return -1;
	return db_bind_int64(st, idx + 1, sc->system ? 0 : unit);
}

int case_bind_open_set(struct db_stmt *st, int idx)
{
	const char *first = NULL;
	int s, k = 0;

	for (s = 0; s < ST__COUNT; s++) {
		if (!case_status_open((enum case_status)s))
			continue;
		if (!first)
			first = case_status_name((enum case_status)s);
		if (db_bind_text(st, idx + k++, case_status_name((enum case_status)s)))
			return -1;
	}
	for (; k < OPEN_SET_N; k++)
		if (db_bind_text(st, idx + k, first ? first : "received"))
			return -1;
	return 0;
}

static int bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	return id > 0 ? db_bind_int64(st, idx, id) : db_bind_null(st, idx);
}

/* Read one row in CASE_COLS order. DV_ENOMEM, DV_EDB (an unknown stored name) or DV_OK. */
static enum dv_err read_case(struct db_stmt *st, struct arena *a, struct citizen_case *out,
                             struct dv_error *e)
{
	const char *kind = db_col_text(st, 2), *channel = db_col_text(st, 3),
	           *status = db_col_text(st, 4);
	bool oom = false;

	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	if (!kind || !case_kind_parse(kind, &out->kind))
		return dv_fail(e, DV_EDB, "case #%lld has an unknown kind '%s'", (long long)out->id,
		               kind ? kind : "");
	if (!channel || !case_channel_parse(channel, &out->channel))
		return dv_fail(e, DV_EDB, "case #%lld has an unknown channel '%s'",
		               (long long)out->id, channel ? channel : "");
	if (!status || !case_status_parse(status, &out->status))
		return dv_fail(e, DV_EDB, "case #%lld has an unknown status '%s'",
		               (long long)out->id, status ? status : "");
	out->tracking_code = db_col_dup(st, 1, a, &oom);
	out->topic_id = db_col_int64(st, 5);
	out->topic_code = db_col_dup(st, 6, a, &oom);
	out->topic_name = db_col_dup(st, 7, a, &oom);
	out->topic_name_en = db_col_dup(st, 8, a, &oom);
	out->area_id = db_col_int64(st, 9);
	out->area_code = db_col_dup(st, 10, a, &oom);
	out->area_name = db_col_dup(st, 11, a, &oom);
	out->commune_id = db_col_int64(st, 12);
	out->subject_unit_id = db_col_int64(st, 13);
	out->subject_unit_name = db_col_dup(st, 14, a, &oom);
	out->names_head = db_col_int64(st, 15) != 0;
	out->handling_unit_id = db_col_int64(st, 16);
	out->handling_unit_name = db_col_dup(st, 17, a, &oom);
	out->assignee_id = db_col_int64(st, 18);
	out->assignee_name = db_col_dup(st, 19, a, &oom);
	out->title = db_col_dup(st, 20, a, &oom);
	out->description = db_col_dup(st, 21, a, &oom);
	out->people_count = (int)db_col_int64(st, 22);
	out->representatives = db_col_dup(st, 23, a, &oom);
	out->sealed = db_col_int64(st, 27) != 0;
	if (!out->sealed) {
		/* a sealed case never carries plain submitter fields, whatever is stored */
		out->submitter_name = db_col_dup(st, 24, a, &oom);
		out->submitter_contact = db_col_dup(st, 25, a, &oom);
		out->submitter_address = db_col_dup(st, 26, a, &oom);
	}
	out->signed_ = db_col_int64(st, 28) != 0;
	out->complex = (int)db_col_int64(st, 29);
	out->remote = db_col_int64(st, 30) != 0;
	out->address_text = db_col_dup(st, 31, a, &oom);
	out->has_location = !db_col_is_null(st, 32) && !db_col_is_null(st, 33);
	if (out->has_location) {
		out->lat = db_col_double(st, 32);
		out->lon = db_col_double(st, 33);
	}
	out->received_on = store_col_date(st, 34);
	out->received_at = db_col_int64(st, 35);
	out->accepted_on = store_col_date(st, 36);
	out->decided_on = store_col_date(st, 37);
	out->decision = db_col_dup(st, 38, a, &oom);
	out->decision_public = db_col_int64(st, 39) != 0;
	out->closed_at = db_col_int64(st, 40);
	out->extensions = (int)db_col_int64(st, 41);
	out->rating = (int)db_col_int64(st, 42);
	out->rating_comment = db_col_dup(st, 43, a, &oom);
	out->parent_case_id = db_col_int64(st, 44);
	out->duplicate_of = db_col_int64(st, 45);
	out->created_by = db_col_int64(st, 46);
	out->open311_client = db_col_dup(st, 47, a, &oom);
	out->updated_at = db_col_int64(st, 48);
	out->next_step = db_col_dup(st, 49, a, &oom);
	out->next_due = store_col_date(st, 50);
	if (oom)
		return dv_fail(e, DV_ENOMEM, "reading case #%lld: out of memory",
		               (long long)out->id);
	return DV_OK;
}

/* Append one row to a growing arena array. */
static enum dv_err push_case(struct db_stmt *st, struct arena *a, struct citizen_case **list,
                             size_t *len, size_t *cap, struct dv_error *e)
{
	if (*len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct citizen_case *bigger = arena_new_array(a, struct citizen_case, ncap);

		if (!bigger)
			return dv_fail(e, DV_ENOMEM, "reading cases: out of memory");
		if (*len)
			memcpy(bigger, *list, *len * sizeof(**list));
		*list = bigger;
		*cap = ncap;
	}
	return read_case(st, a, &(*list)[(*len)++], e);
}

static enum dv_err read_cases(struct db *db, struct db_stmt *st, struct arena *a,
                              struct citizen_case **out, size_t *n, struct dv_error *e)
{
	struct citizen_case *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;
	enum dv_err ret;

	while ((rc = db_step(st)) == DB_ROW) {
		ret = push_case(st, a, &list, &len, &cap, e);
		if (ret) {
			db_reset(st);
			return ret;
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading cases");
	*out = list;
	*n = len;
	return DV_OK;
}

/* One row; `id` names a missing case by number when `code` is NULL. */
static enum dv_err read_one(struct db *db, struct db_stmt *st, struct arena *a,
                            struct citizen_case *out, int64_t id, const char *code,
                            struct dv_error *e)
{
	enum db_step rc = db_step(st);
	enum dv_err ret;

	if (rc == DB_ERROR)
		return db_fail(db, e, "reading case");
	if (rc == DB_DONE) {
		if (code)
			return dv_fail(e, DV_ENOTFOUND, "case '%s' not found", code);
		return dv_fail(e, DV_ENOTFOUND, "case '#%lld' not found", (long long)id);
	}
	ret = read_case(st, a, out, e);
	if (!ret && db_col_count(st) > CASE_NCOLS)
		out->handles = db_col_int64(st, CASE_NCOLS) != 0;
	db_reset(st);
	return ret;
}

/* ---- reads ---- */

enum dv_err case_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
                     struct citizen_case *out, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	if (!st || store_bind_scope(st, 1, sc) || db_bind_int64(st, 3, id) ||
	    bind_scope(st, 4, sc))
		return db_fail(db, e, "reading case");
	return read_one(db, st, a, out, id, NULL, e);
}

enum dv_err case_get_by_tracking(struct db *db, const char *code, struct arena *a,
                                 struct citizen_case *out, struct dv_error *e)
{
	struct db_stmt *st;

	if (!code || !*code)
		return dv_fail(e, DV_ENOTFOUND, "case '' not found");
	st = db_prepare(db, sql_get_by_tracking);
	if (!st || db_bind_text(st, 1, code))
		return db_fail(db, e, "reading case");
	return read_one(db, st, a, out, 0, code, e);
}

/* Step a stamp statement into `out`: DV_ENOTFOUND without a row. */
static enum dv_err read_stamp(struct db *db, struct db_stmt *st, struct case_stamp *out,
                              struct dv_error *e)
{
	enum db_step rc = db_step(st);

	memset(out, 0, sizeof(*out));
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading case revision");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "case not found");
	out->id = db_col_int64(st, 0);
	out->revision = db_col_int64(st, 1);
	out->catalog = db_col_int64(st, 2);
	db_reset(st);
	return DV_OK;
}

enum dv_err case_stamp(struct db *db, const struct scope *sc, int64_t id, struct case_stamp *out,
                       struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_stamp);

	if (!st || db_bind_int64(st, 1, id) || bind_scope(st, 2, sc))
		return db_fail(db, e, "reading case revision");
	return read_stamp(db, st, out, e);
}

enum dv_err case_stamp_by_tracking(struct db *db, const char *code, struct case_stamp *out,
                                   struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_stamp_by_tracking);

	if (!st || db_bind_text(st, 1, code))
		return db_fail(db, e, "reading case revision");
	return read_stamp(db, st, out, e);
}

/* Bind the parameters shared by the list statements; returns the next index or -1. */
static int bind_list(struct db_stmt *st, const struct case_filter *f, const char *pattern,
                     const struct scope *sc)
{
	const char *status = f->status >= 0 ? case_status_name((enum case_status)f->status) : NULL;
	const char *kind = f->kind >= 0 ? case_kind_name((enum case_kind)f->kind) : NULL;
	bool area = f->area_code && *f->area_code;
	char today[11];
	int i = 1, k;

	date_format(f->today, today);
	if (db_bind_text(st, i++, pattern) || db_bind_int64(st, i++, f->status >= 0 ? 1 : -1) ||
	    db_bind_text(st, i++, status) || db_bind_int64(st, i++, f->kind >= 0 ? 1 : -1) ||
	    db_bind_text(st, i++, kind) || db_bind_int64(st, i++, f->topic_id > 0 ? 1 : 0) ||
	    db_bind_int64(st, i++, f->topic_id) || db_bind_int64(st, i++, area ? 1 : 0))
		return -1;
	for (k = 0; k < AREA_CODE_BINDS; k++)
		if (db_bind_text(st, i++, area ? f->area_code : ""))
			return -1;
	if (db_bind_int64(st, i++, f->handling_unit_id > 0 ? 1 : 0) ||
	    db_bind_int64(st, i++, f->handling_unit_id) || bind_scope(st, i, sc))
		return -1;
	i += 2;
	if (db_bind_int64(st, i++, f->open_only ? 1 : 0) || case_bind_open_set(st, i))
		return -1;
	i += OPEN_SET_N;
	if (db_bind_int64(st, i++, f->overdue ? 1 : 0) || db_bind_text(st, i++, today))
		return -1;
	return i;
}

enum dv_err case_list(struct db *db, const struct scope *sc, const struct case_filter *f,
                      struct arena *a, struct citizen_case **out, size_t *n, int64_t *total,
                      struct dv_error *e)
{
	struct strbuf pat = STRBUF_INIT;
	size_t limit = f->limit ? f->limit : DEFAULT_LIMIT;
	bool area = f->area_code && *f->area_code;
	enum list_area shape = area ? LIST_LOW : LIST_ALL;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;
	int i;

	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	if (f->status >= ST__COUNT || f->status < -1)
		return dv_fail(e, DV_EINVAL, "case status filter '%d' is not known", f->status);
	if (f->kind >= KIND__COUNT || f->kind < -1)
		return dv_fail(e, DV_EINVAL, "case kind filter '%d' is not known", f->kind);
	ret = store_like_pattern(f->query, &pat, e);
	if (ret)
		goto cleanup;

	if (area) {
		st = db_prepare(db, sql_area_level);
		rc = st && !db_bind_text(st, 1, f->area_code) ? db_step(st) : DB_ERROR;
		if (rc == DB_ERROR) {
			ret = db_fail(db, e, "reading the area filter's level");
			goto cleanup;
		}
		if (rc == DB_ROW && db_col_int64(st, 0) < AREA_COMMUNE)
			shape = LIST_HIGH;
		db_reset(st);
	}
	if (total) {
		st = db_prepare(db, sql_lists[shape][2]);
		if (!st || bind_list(st, f, pat.buf, sc) < 0 || db_step(st) != DB_ROW) {
			ret = db_fail(db, e, "counting cases");
			goto cleanup;
		}
		*total = db_col_int64(st, 0);
		db_reset(st);
	}
	st = db_prepare(db, sql_lists[shape][f->inbox_order ? 1 : 0]);
	if (!st || (i = bind_list(st, f, pat.buf, sc)) < 0) {
		ret = db_fail(db, e, "listing cases");
		goto cleanup;
	}
	if (db_bind_int64(st, i, (int64_t)limit) || db_bind_int64(st, i + 1, (int64_t)f->offset)) {
		ret = db_fail(db, e, "listing cases");
		goto cleanup;
	}
	ret = read_cases(db, st, a, out, n, e);
cleanup:
	strbuf_release(&pat);
	return ret;
}

/* ---- similar cases ---- */

struct words {
	const char *w[MAX_WORDS];
	size_t len[MAX_WORDS];
	size_t n;
};

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/* Code points in s[0..len) (folded text is mostly ASCII; other letters count once). */
static size_t letters(const char *s, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* The distinct words of four letters or more, longest first kept when there are too many. */
static void words_of(const char *s, struct words *out)
{
	size_t i = 0, j, k;

	out->n = 0;
	while (s && s[i]) {
		size_t start, len;

		while (s[i] && !word_byte((unsigned char)s[i]))
			i++;
		start = i;
		while (s[i] && word_byte((unsigned char)s[i]))
			i++;
		len = i - start;
		if (letters(s + start, len) < 4)
			continue;
		for (j = 0; j < out->n; j++)
			if (out->len[j] == len && !memcmp(out->w[j], s + start, len))
				break;
		if (j < out->n)
			continue;
		if (out->n == MAX_WORDS) {
			/* replace the shortest kept word if this one is longer */
			for (k = 0, j = 1; j < MAX_WORDS; j++)
				if (out->len[j] < out->len[k])
					k = j;
			if (out->len[k] >= len)
				continue;
			out->w[k] = s + start;
			out->len[k] = len;
			continue;
		}
		out->w[out->n] = s + start;
		out->len[out->n++] = len;
	}
}

/* Does `text` contain `word` (len bytes) as a whole word? */
static bool has_word(const char *text, const char *word, size_t len)
{
	const char *p;

	for (p = text; *p; p++) {
		if (*p != word[0] || strncmp(p, word, len))
			continue;
		if ((p == text || !word_byte((unsigned char)p[-1])) &&
		    !word_byte((unsigned char)p[len]))
			return true;
	}
	return false;
}

static size_t shared_words(const struct words *q, const char *text)
{
	size_t i, k = 0;

	for (i = 0; i < q->n && k < 2; i++)
		if (has_word(text, q->w[i], q->len[i]))
			k++;
	return k;
}

enum dv_err case_similar(struct db *db, const struct scope *sc, int64_t area_id, int64_t topic_id,
                         const char *text_fold, int64_t exclude_id, size_t limit, struct arena *a,
                         struct citizen_case **out, size_t *n, struct dv_error *e)
{
	struct citizen_case *list = NULL;
	size_t len = 0, cap = 0;
	struct words q;
	struct db_stmt *st;
	int64_t commune;
	enum db_step rc;
	enum dv_err ret;

	*out = NULL;
	*n = 0;
	if (!limit)
		limit = 5;
	if (limit > MAX_LIMIT)
		limit = MAX_LIMIT;
	words_of(text_fold, &q);
	if (q.n < 2)
		return DV_OK;
	st = db_prepare(db, sql_commune_of);
	if (!st || db_bind_int64(st, 1, area_id))
		return db_fail(db, e, "finding similar cases");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "finding similar cases");
	commune = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_reset(st);
	st = db_prepare(db, commune ? sql_similar_commune : sql_similar_area);
	if (!st || db_bind_int64(st, 1, commune ? commune : area_id) ||
	    db_bind_int64(st, 2, topic_id) || db_bind_int64(st, 3, exclude_id) ||
	    case_bind_open_set(st, 4) || bind_scope(st, 4 + OPEN_SET_N, sc) ||
	    db_bind_int64(st, 6 + OPEN_SET_N, SIMILAR_CANDIDATES))
		return db_fail(db, e, "finding similar cases");
	while ((rc = db_step(st)) == DB_ROW) {
		const char *fold = db_col_text(st, CASE_NCOLS);

		if (!fold || shared_words(&q, fold) < 2)
			continue;
		ret = push_case(st, a, &list, &len, &cap, e);
		if (ret) {
			db_reset(st);
			return ret;
		}
		if (len == limit) {
			db_reset(st);
			break;
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "finding similar cases");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err case_sealed_identity(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
                                 const void **blob, size_t *len, struct dv_error *e)
{
	struct db_stmt *st;
	const void *p;
	enum db_step rc;
	void *copy;
	size_t n = 0;

	*blob = NULL;
	*len = 0;
	/* the unentitled learn nothing, not even that an identity exists */
	if (!scope_can(sc, PERM_CASE_REVEAL | PERM_CASE_READ))
		return dv_fail(e, DV_ENOTFOUND, "case #%lld not found", (long long)id);
	st = db_prepare(db, sql_sealed);
	if (!st || db_bind_int64(st, 1, id) || bind_scope(st, 2, sc))
		return db_fail(db, e, "reading case");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading case");
	if (rc == DB_DONE)
		return dv_fail(e, DV_ENOTFOUND, "case #%lld not found or has no sealed identity",
		               (long long)id);
	p = db_col_blob(st, 0, &n);
	copy = arena_alloc(a, n ? n : 1);
	if (!copy) {
		db_reset(st);
		return dv_fail(e, DV_ENOMEM, "reading case #%lld: out of memory", (long long)id);
	}
	if (n)
		memcpy(copy, p, n);
	db_reset(st);
	*blob = copy;
	*len = n;
	return DV_OK;
}

enum dv_err case_list_public(struct db *db, int64_t since, int64_t until, const char *topic_code,
                             int status_open, size_t limit, struct arena *a,
                             struct citizen_case **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!limit)
		limit = DEFAULT_LIMIT;
	if (limit > 1000)
		limit = 1000;
	if (until <= 0)
		until = INT64_MAX;
	st = db_prepare(db, sql_list_public);
	if (!st || db_bind_int64(st, 1, since) || db_bind_int64(st, 2, until) ||
	    db_bind_text(st, 3, topic_code && *topic_code ? topic_code : NULL) ||
	    db_bind_int64(st, 4, status_open < 0 ? -1 : 1) || case_bind_open_set(st, 5) ||
	    db_bind_int64(st, 5 + OPEN_SET_N, status_open > 0 ? 1 : 0) ||
	    db_bind_int64(st, 6 + OPEN_SET_N, (int64_t)limit))
		return db_fail(db, e, "listing public cases");
	ret = read_cases(db, st, a, out, n, e);
	if (ret)
		return ret;
	/* unscoped: no personal data leaves through here */
	for (i = 0; i < *n; i++) {
		(*out)[i].submitter_name = NULL;
		(*out)[i].submitter_contact = NULL;
		(*out)[i].submitter_address = NULL;
		(*out)[i].representatives = NULL;
		(*out)[i].assignee_name = NULL;
		(*out)[i].assignee_id = 0;
	}
	return DV_OK;
}

/* ---- writes ---- */

static enum dv_err need_tx(struct db *db, const char *what, struct dv_error *e)
{
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "%s: needs a write transaction", what);
	return DV_OK;
}

static enum dv_err check_new(const struct case_new *in, struct dv_error *e)
{
	if (!in->tracking_code || !*in->tracking_code)
		return dv_fail(e, DV_EINVAL, "case tracking code is empty");
	if ((unsigned)in->kind >= KIND__COUNT)
		return dv_fail(e, DV_EINVAL, "case kind '%d' is not known", (int)in->kind);
	if ((unsigned)in->channel >= CHANNEL__COUNT)
		return dv_fail(e, DV_EINVAL, "case channel '%d' is not known", (int)in->channel);
	if ((unsigned)in->status >= ST__COUNT)
		return dv_fail(e, DV_EINVAL, "case status '%d' is not known", (int)in->status);
	if (in->topic_id <= 0 || in->area_id <= 0 || in->handling_unit_id <= 0)
		return dv_fail(e, DV_EINVAL, "case '%s' needs a topic, an area and a handling unit",
		               in->tracking_code);
	if (in->counted_due && !case_status_open(in->status))
		return dv_fail(e, DV_EINVAL, "case '%s' is closed: no clock of it runs",
		               in->tracking_code);
	if (!in->title || !in->description || !in->text_fold)
		return dv_fail(e, DV_EINVAL, "case '%s' needs a title and a description",
		               in->tracking_code);
	if (in->complex < 0 || in->complex > 2)
		return dv_fail(e, DV_EINVAL, "case '%s': complexity '%d' is not 0, 1 or 2",
		               in->tracking_code, in->complex);
	if (in->people_count < 1)
		return dv_fail(e, DV_EINVAL, "case '%s': people count must be at least 1",
		               in->tracking_code);
	if (in->sealed_identity &&
	    (in->submitter_name || in->submitter_contact || in->submitter_address))
		return dv_fail(e, DV_EINVAL,
		               "case '%s': a sealed identity cannot also be stored in plain text",
		               in->tracking_code);
	if (!in->received_on)
		return dv_fail(e, DV_EINVAL, "case '%s' needs the day it was received",
		               in->tracking_code);
	return DV_OK;
}

static void month_of(dv_date day, char out[8])
{
	char buf[11];

	date_format(day, buf);
	memcpy(out, buf, 7);
	out[7] = '\0';
}

enum dv_err case_insert(struct db *db, const struct case_new *in, int64_t *id, struct dv_error *e)
{
	struct db_stmt *st;
	enum db_step rc;
	int64_t new_id;
	enum dv_err ret;
	char month[8];
	int i = 1;

	if (id)
		*id = 0;
	ret = need_tx(db, "inserting case", e);
	if (!ret)
		ret = check_new(in, e);
	if (ret)
		return ret;

	st = db_prepare(db, sql_insert);
	if (!st || db_bind_text(st, i++, in->tracking_code) ||
	    db_bind_text(st, i++, case_kind_name(in->kind)) ||
	    db_bind_text(st, i++, case_channel_name(in->channel)) ||
	    db_bind_text(st, i++, case_status_name(in->status)) ||
	    db_bind_int64(st, i++, in->topic_id) || db_bind_int64(st, i++, in->area_id) ||
	    bind_id_or_null(st, i++, in->commune_id) || db_bind_int64(st, i++, in->area_id) ||
	    bind_id_or_null(st, i++, in->subject_unit_id) ||
	    db_bind_int64(st, i++, in->names_head ? 1 : 0) ||
	    db_bind_int64(st, i++, in->handling_unit_id) || db_bind_text(st, i++, in->title) ||
	    db_bind_text(st, i++, in->description) || db_bind_text(st, i++, in->text_fold) ||
	    db_bind_int64(st, i++, in->people_count) ||
	    db_bind_text(st, i++, in->representatives ? in->representatives : "") ||
	    db_bind_text(st, i++, in->submitter_name) ||
	    db_bind_text(st, i++, in->submitter_contact) ||
	    db_bind_text(st, i++, in->submitter_address) ||
	    (in->sealed_identity ? db_bind_blob(st, i, in->sealed_identity, in->sealed_len)
	                         : db_bind_null(st, i)) ||
	    db_bind_int64(st, ++i, in->signed_ ? 1 : 0) || db_bind_int64(st, ++i, in->complex) ||
	    db_bind_int64(st, ++i, in->remote ? 1 : 0) ||
	    db_bind_text(st, ++i, in->address_text ? in->address_text : "") ||
	    (in->has_location ? db_bind_double(st, ++i, in->lat) : db_bind_null(st, ++i)) ||
	    (in->has_location ? db_bind_double(st, ++i, in->lon) : db_bind_null(st, ++i)) ||
	    store_bind_date(st, ++i, in->received_on) || db_bind_int64(st, ++i, in->received_at) ||
	    bind_id_or_null(st, ++i, in->parent_case_id) ||
	    bind_id_or_null(st, ++i, in->created_by) || db_bind_text(st, ++i, in->open311_client) ||
	    db_bind_int64(st, ++i, in->received_at) ||
	    db_bind_int64(st, ++i, in->counted_due ? 0 : 1) ||
	    (in->counted_due ? store_bind_date(st, ++i, in->counted_due) : db_bind_null(st, ++i)))
		return db_fail(db, e, "inserting case");
	/* no row: the tracking code is taken (not an error, which would end a PostgreSQL
	 * transaction: the caller makes another code, or fails this case alone) */
	rc = db_step(st);
	if (rc == DB_DONE || (rc == DB_ERROR && db_errcode(db) == DV_EEXIST))
		return dv_fail(e, DV_EEXIST, "case tracking code '%s' already exists",
		               in->tracking_code);
	if (rc != DB_ROW)
		return db_fail(db, e, "inserting case");
	new_id = db_col_int64(st, 0);
	db_reset(st);

	st = db_prepare(db, sql_handler_add);
	if (!st || db_bind_int64(st, 1, new_id) || db_bind_int64(st, 2, in->handling_unit_id) ||
	    db_bind_int64(st, 3, in->received_at) || db_step(st) != DB_DONE)
		return db_fail(db, e, "inserting case handler");

	month_of(in->received_on, month);
	st = db_prepare(db, sql_agg_received);
	if (!st || db_bind_text(st, 1, month) || db_bind_text(st, 2, case_kind_name(in->kind)) ||
	    db_bind_int64(st, 3, in->topic_id) ||
	    db_bind_int64(st, 4, in->area_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "counting case");
	if (in->counted_due) {
		st = db_prepare(db, sql_due_add);
		if (!st || store_bind_date(st, 1, in->counted_due) ||
		    db_bind_int64(st, 2, in->area_id) || db_step(st) != DB_DONE)
			return db_fail(db, e, "counting case");
		ret = agg_version_bump(db, e);
	} else {
		ret = due_sync_at_commit(db, e);
	}
	if (ret)
		return ret;
	if (id)
		*id = new_id;
	return DV_OK;
}

enum dv_err case_update(struct db *db, int64_t id, const struct case_change *c, struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	ret = need_tx(db, "updating case", e);
	if (ret)
		return ret;
	if ((unsigned)c->status >= ST__COUNT)
		return dv_fail(e, DV_EINVAL, "case #%lld: status '%d' is not known", (long long)id,
		               (int)c->status);
	if (c->complex < -1 || c->complex > 2)
		return dv_fail(e, DV_EINVAL, "case #%lld: complexity '%d' is not 0, 1 or 2",
		               (long long)id, c->complex);
	if (c->extensions < -1 || c->decision_public < -1 || c->decision_public > 1 ||
	    c->assignee_id < -1 || c->handling_unit_id < 0 || c->duplicate_of < 0)
		return dv_fail(e, DV_EINVAL, "case #%lld: a change is out of range", (long long)id);
	if (c->duplicate_of == id)
		return dv_fail(e, DV_EINVAL, "case #%lld cannot duplicate itself", (long long)id);

	st = db_prepare(db, sql_update);
	if (!st || db_bind_text(st, 1, case_status_name(c->status)) ||
	    bind_id_or_null(st, 2, c->handling_unit_id) ||
	    db_bind_int64(st, 3, c->assignee_id >= 0 ? 1 : 0) ||
	    bind_id_or_null(st, 4, c->assignee_id) || store_bind_date_or_null(st, 5, c->accepted_on) ||
	    store_bind_date_or_null(st, 6, c->decided_on) || db_bind_text(st, 7, c->decision) ||
	    (c->decision_public >= 0 ? db_bind_int64(st, 8, c->decision_public)
	                             : db_bind_null(st, 8)) ||
	    (c->extensions >= 0 ? db_bind_int64(st, 9, c->extensions) : db_bind_null(st, 9)) ||
	    (c->complex >= 0 ? db_bind_int64(st, 10, c->complex) : db_bind_null(st, 10)) ||
	    db_bind_int64(st, 11, c->closed_at == -1 ? 1 : 0) ||
	    (c->closed_at > 0 ? db_bind_int64(st, 12, c->closed_at) : db_bind_null(st, 12)) ||
	    bind_id_or_null(st, 13, c->duplicate_of) || db_bind_int64(st, 14, c->now) ||
	    db_bind_int64(st, 15, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "updating case");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "case #%lld not found", (long long)id);
	if (c->handling_unit_id > 0) {
		st = db_prepare(db, sql_handler_add);
		if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, c->handling_unit_id) ||
		    db_bind_int64(st, 3, c->now) || db_step(st) != DB_DONE)
			return db_fail(db, e, "adding case handler");
	}
	/* the status may have closed or reopened it: its overdue count follows at the commit */
	return due_sync_at_commit(db, e);
}

enum dv_err case_rate(struct db *db, int64_t id, int rating, const char *comment, int64_t now,
                      struct dv_error *e)
{
	struct db_stmt *st;

	if (rating < 1 || rating > 5)
		return dv_fail(e, DV_EINVAL, "rating '%d' is not between 1 and 5", rating);
	st = db_prepare(db, sql_rate);
	if (!st || db_bind_int64(st, 1, rating) || db_bind_text(st, 2, comment) ||
	    db_bind_int64(st, 3, now) || db_bind_int64(st, 4, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "rating case");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "case #%lld not found", (long long)id);
	return DV_OK;
}

static enum dv_err check_step(const char *step, struct dv_error *e)
{
	size_t len = step ? strlen(step) : 0, i;

	if (!len || len > STEP_MAX)
		return dv_fail(e, DV_EINVAL, "clock step '%s' is empty or too long",
		               step ? step : "");
	for (i = 0; i < len; i++)
		if (!((step[i] >= 'a' && step[i] <= 'z') || step[i] == '_' || step[i] == '-'))
			return dv_fail(e, DV_EINVAL, "clock step '%s' is not a name", step);
	return DV_OK;
}

enum dv_err case_deadline_first(struct db *db, int64_t case_id, const char *step,
                                const struct deadline *d, struct dv_error *e)
{
	const char *anchor = rule_anchor_name(d->anchor);
	struct db_stmt *st;
	enum dv_err ret;

	ret = check_step(step, e);
	if (ret)
		return ret;
	if (!d->rule_code[0] || !memchr(d->rule_code, '\0', sizeof(d->rule_code)))
		return dv_fail(e, DV_EINVAL, "clock '%s': rule code is empty", step);
	if (!anchor || d->days <= 0 || !d->due)
		return dv_fail(e, DV_EINVAL, "clock '%s' of rule '%s' is incomplete", step,
		               d->rule_code);
	st = db_prepare(db, sql_deadline_put);
	if (!st || db_bind_int64(st, 1, case_id) || db_bind_text(st, 2, step) ||
	    db_bind_text(st, 3, d->rule_code) || bind_id_or_null(st, 4, d->rule_set_id) ||
	    store_bind_date(st, 5, d->from) || db_bind_int64(st, 6, d->days) ||
	    db_bind_int64(st, 7, d->kind == DAYS_WORKING ? 1 : 0) || db_bind_text(st, 8, anchor) ||
	    db_bind_int64(st, 9, d->flags) || db_bind_int64(st, 10, d->extensions) ||
	    store_bind_date(st, 11, d->nominal ? d->nominal : d->due) || store_bind_date(st, 12, d->due) ||
	    db_step(st) != DB_DONE)
		return db_fail(db, e, "writing case clock");
	return DV_OK;
}

enum dv_err case_deadline_put(struct db *db, int64_t case_id, const char *step,
                              const struct deadline *d, struct dv_error *e)
{
	enum dv_err ret = case_deadline_first(db, case_id, step, d, e);

	return ret ? ret : due_mark(db, case_id, e);
}

enum dv_err case_deadline_meet(struct db *db, int64_t case_id, const char *step, dv_date day,
                               struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	ret = check_step(step, e);
	if (ret)
		return ret;
	st = db_prepare(db, sql_deadline_meet);
	if (!st || store_bind_date(st, 1, day) || db_bind_int64(st, 2, case_id) ||
	    db_bind_text(st, 3, step) || db_step(st) != DB_DONE)
		return db_fail(db, e, "meeting case clock");
	return due_mark(db, case_id, e);
}

/*
 * A case has a handful of clocks and events: they are put in order here by insertion (the
 * events arrive in id order, nearly sorted already), which costs less than a sorter in SQL.
 */
static bool clock_before(const struct case_clock *x, const struct case_clock *y)
{
	return x->d.due < y->d.due || (x->d.due == y->d.due && strcmp(x->step, y->step) < 0);
}

static void clocks_sort(struct case_clock *cl, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct case_clock k = cl[i];

		for (j = i; j > 0 && clock_before(&k, &cl[j - 1]); j--)
			cl[j] = cl[j - 1];
		cl[j] = k;
	}
}

static void events_sort(struct case_event *ev, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct case_event k = ev[i];

		for (j = i; j > 0 && (k.at < ev[j - 1].at || (k.at == ev[j - 1].at && k.id < ev[j - 1].id));
		     j--)
			ev[j] = ev[j - 1];
		ev[j] = k;
	}
}

void case_next_of(struct citizen_case *c, const struct case_clock *cl, size_t n)
{
	const struct case_clock *best = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (cl[i].met_on)
			continue;
		if (!best || cl[i].d.due < best->d.due ||
		    (cl[i].d.due == best->d.due && strcmp(cl[i].step, best->step) < 0))
			best = &cl[i];
	}
	c->next_step = best ? best->step : NULL;
	c->next_due = best ? best->d.due : 0;
}

enum dv_err case_deadlines(struct db *db, int64_t case_id, struct arena *a, struct case_clock **out,
                           size_t *n, struct dv_error *e)
{
	struct case_clock *list = NULL;
	size_t len = 0, cap = 0;
	struct db_stmt *st;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql_deadlines);
	if (!st || db_bind_int64(st, 1, case_id))
		return db_fail(db, e, "reading case clocks");
	while ((rc = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 1), *anchor = db_col_text(st, 6);
		struct case_clock *k;

		if (ARENA_RESERVE(a, list, len, cap, 8)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading case clocks: out of memory");
		}
		k = &list[len++];
		memset(k, 0, sizeof(*k));
		k->step = arena_strdup(a, db_col_text(st, 0) ? db_col_text(st, 0) : "");
		if (!k->step) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading case clocks: out of memory");
		}
		snprintf(k->d.rule_code, sizeof(k->d.rule_code), "%s", code ? code : "");
		k->d.rule_set_id = db_col_int64(st, 2);
		k->d.from = store_col_date(st, 3);
		k->d.days = (int)db_col_int64(st, 4);
		k->d.kind = db_col_int64(st, 5) ? DAYS_WORKING : DAYS_CALENDAR;
		if (!anchor || !rule_anchor_parse(anchor, &k->d.anchor)) {
			db_reset(st);
			return dv_fail(e, DV_EDB,
			               "clock '%s' of case #%lld has an unknown anchor '%s'",
			               k->step, (long long)case_id, anchor ? anchor : "");
		}
		k->d.flags = (unsigned)db_col_int64(st, 7);
		k->d.extensions = (int)db_col_int64(st, 8);
		k->d.nominal = store_col_date(st, 9);
		k->d.due = store_col_date(st, 10);
		k->met_on = store_col_date(st, 11);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading case clocks");
	clocks_sort(list, len);
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err case_event_first(struct db *db, int64_t case_id, int64_t actor_user_id,
                             int64_t unit_id, const char *kind, bool public_,
                             const char *from_status, const char *to_status, const char *note,
                             int64_t now, struct dv_error *e)
{
	size_t len = kind ? strlen(kind) : 0;
	struct db_stmt *st;

	if (!len || len > KIND_MAX)
		return dv_fail(e, DV_EINVAL, "case event kind '%s' is empty or too long",
		               kind ? kind : "");
	st = db_prepare(db, sql_event_add);
	if (!st || db_bind_int64(st, 1, case_id) || db_bind_int64(st, 2, now) ||
	    bind_id_or_null(st, 3, actor_user_id) || bind_id_or_null(st, 4, unit_id) ||
	    db_bind_text(st, 5, kind) || db_bind_int64(st, 6, public_ ? 1 : 0) ||
	    db_bind_text(st, 7, from_status) || db_bind_text(st, 8, to_status) ||
	    db_bind_text(st, 9, note ? note : "") || db_step(st) != DB_DONE)
		return db_fail(db, e, "adding case event");
	return DV_OK;
}

enum dv_err case_event_add(struct db *db, int64_t case_id, int64_t actor_user_id, int64_t unit_id,
                           const char *kind, bool public_, const char *from_status,
                           const char *to_status, const char *note, int64_t now, struct dv_error *e)
{
	enum dv_err ret = case_event_first(db, case_id, actor_user_id, unit_id, kind, public_,
	                                   from_status, to_status, note, now, e);
	struct db_stmt *st;

	if (ret)
		return ret;
	st = db_prepare(db, sql_revise);
	if (!st || db_bind_int64(st, 1, case_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "adding case event");
	return DV_OK;
}

enum dv_err case_events(struct db *db, int64_t case_id, bool public_only, struct arena *a,
                        struct case_event **out, size_t *n, struct dv_error *e)
{
	struct case_event *list = NULL;
	size_t len = 0, cap = 0;
	struct db_stmt *st;
	enum db_step rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql_events);
	if (!st || db_bind_int64(st, 1, case_id) || db_bind_int64(st, 2, public_only ? 1 : 0))
		return db_fail(db, e, "reading case events");
	while ((rc = db_step(st)) == DB_ROW) {
		struct case_event *ev;
		bool oom = false;

		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading case events: out of memory");
		}
		ev = &list[len++];
		memset(ev, 0, sizeof(*ev));
		ev->id = db_col_int64(st, 0);
		ev->at = db_col_int64(st, 1);
		ev->actor_user_id = db_col_int64(st, 2);
		ev->actor_name = db_col_dup(st, 3, a, &oom);
		ev->unit_id = db_col_int64(st, 4);
		ev->unit_name = db_col_dup(st, 5, a, &oom);
		ev->kind = db_col_dup(st, 6, a, &oom);
		ev->public_ = db_col_int64(st, 7) != 0;
		ev->from_status = db_col_dup(st, 8, a, &oom);
		ev->to_status = db_col_dup(st, 9, a, &oom);
		ev->note = db_col_dup(st, 10, a, &oom);
		if (oom) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading case events: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading case events");
	events_sort(list, len);
	*out = list;
	*n = len;
	return DV_OK;
}

/* One count of a case at the month of `day` into the rows of its area and every ancestor. */
static enum dv_err agg_count(struct db *db, const char *sql, const struct citizen_case *c,
                             dv_date day, int on_time, bool bind_on_time, const char *what,
                             struct dv_error *e)
{
	struct db_stmt *st;
	char month[8];
	int i = 1;

	if ((unsigned)c->kind >= KIND__COUNT || c->topic_id <= 0 || c->area_id <= 0)
		return dv_fail(e, DV_EINVAL, "%s of case #%lld: incomplete case", what,
		               (long long)c->id);
	month_of(day, month);
	st = db_prepare(db, sql);
	if (!st || db_bind_text(st, i++, month) || db_bind_text(st, i++, case_kind_name(c->kind)) ||
	    db_bind_int64(st, i++, c->topic_id) ||
	    (bind_on_time && db_bind_int64(st, i++, on_time)) ||
	    db_bind_int64(st, i, c->area_id) || db_step(st) != DB_DONE)
		return db_fail(db, e, what);
	return agg_version_bump(db, e);
}

enum dv_err case_agg_decided(struct db *db, const struct citizen_case *c, dv_date decided_on,
                             bool on_time, struct dv_error *e)
{
	return agg_count(db, sql_agg_decided, c, decided_on, on_time ? 1 : 0, true,
	                 "counting decision", e);
}

enum dv_err case_agg_undecided(struct db *db, const struct citizen_case *c, dv_date decided_on,
                               bool on_time, struct dv_error *e)
{
	/* bound negative: the row takes the earlier count back */
	return agg_count(db, sql_agg_undecided, c, decided_on, on_time ? -1 : 0, true,
	                 "taking back an earlier decision", e);
}

enum dv_err case_agg_accepted(struct db *db, const struct citizen_case *c, dv_date accepted_on,
                              struct dv_error *e)
{
	return agg_count(db, sql_agg_accepted, c, accepted_on, 0, false, "counting acceptance", e);
}
