/* cases.h: the case repository: cases, their handlers, clocks, timeline and aggregates. Every
 * read is scoped; the sealed identity is only ever returned by case_sealed_identity(). */
#ifndef DV_STORE_CASES_H
#define DV_STORE_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/deadline.h"
#include "core/scope.h"
#include "core/workflow.h"
#include "store/db.h"

/*
 * One case as staff see it. Strings are in the arena. Never holds the sealed identity: for a
 * denunciation the submitter fields are NULL and `sealed` says an identity exists.
 */
struct citizen_case {
	int64_t id;
	const char *tracking_code;
	enum case_kind kind;
	enum case_channel channel;
	enum case_status status;
	int64_t topic_id;
	const char *topic_code, *topic_name, *topic_name_en;
	int64_t area_id;
	const char *area_code, *area_name;      /* full name */
	int64_t commune_id;                     /* the commune of the area (aggregates), 0 if none */
	int64_t subject_unit_id;                /* 0 = none */
	const char *subject_unit_name;
	bool names_head;
	int64_t handling_unit_id;
	const char *handling_unit_name;
	int64_t assignee_id;                    /* 0 = none */
	const char *assignee_name;
	const char *title, *description;
	int people_count;
	const char *representatives;
	const char *submitter_name, *submitter_contact, *submitter_address; /* NULL when sealed */
	bool sealed;                            /* a sealed identity exists (denunciations) */
	bool signed_;                           /* the denouncer signed */
	int complex;                            /* 0, 1 complex, 2 particularly complex */
	bool remote;
	const char *address_text;
	bool has_location;
	double lat, lon;
	dv_date received_on;
	int64_t received_at;
	dv_date accepted_on;                    /* 0 = not yet (day 0 is 1970-01-01: never used) */
	dv_date decided_on;
	const char *decision;
	bool decision_public;
	int64_t closed_at;
	int extensions;
	int rating;                             /* 0 = not rated */
	const char *rating_comment;
	int64_t parent_case_id, duplicate_of;
	int64_t created_by;
	const char *open311_client;
	int64_t updated_at;
	/* the nearest open clock, for lists: step, due day (0 = none) */
	const char *next_step;
	dv_date next_due;
	/* case_get only: the handling unit lies in the caller's subtree (or the scope is the
	 * system's), as unit_get() would find it */
	bool handles;
};

/* What case_insert needs (the app layer validated and normalised every field). */
struct case_new {
	const char *tracking_code;
	enum case_kind kind;
	enum case_channel channel;
	enum case_status status;
	int64_t topic_id, area_id, subject_unit_id, handling_unit_id;
	int64_t commune_id; /* the area's commune when the caller read it, else 0 (looked up) */
	bool names_head;
	const char *title, *description, *text_fold;
	int people_count;
	const char *representatives;
	const char *submitter_name, *submitter_contact, *submitter_address; /* NULL when sealed */
	const void *sealed_identity;            /* secretbox output, or NULL */
	size_t sealed_len;
	bool signed_;
	int complex;
	bool remote;
	const char *address_text;
	bool has_location;
	double lat, lon;
	dv_date received_on;
	int64_t received_at;
	int64_t parent_case_id;                 /* escalated from, or 0 */
	int64_t created_by;                     /* staff entering on behalf, or 0 */
	const char *open311_client;             /* or NULL */
	/* An open case's earliest clock, when the caller puts its clocks with case_deadline_first
	 * in the same transaction: the case is counted in "overdue now" at once. 0: the case is
	 * marked and counted when the transaction commits (as for every later change). */
	dv_date counted_due;
};

/*
 * Insert a case (unscoped: intake comes from citizens, Open311 clients and staff alike; the app
 * decides who may), its first handler row and the commune's aggregate (+1 received), in the
 * caller's write transaction. *id gets the new id. DV_EEXIST when another case has its tracking
 * code (nothing written; the transaction goes on).
 */
enum dv_err case_insert(struct db *db, const struct case_new *in, int64_t *id,
			struct dv_error *e);

/*
 * A case visible to the scope: a unit in the caller's subtree handles or handled it (and the
 * scope has PERM_CASE_READ). Invisible and missing are both DV_ENOTFOUND. One case is read
 * without next_step/next_due (lists fill them): case_next_of() takes them from its clocks.
 */
enum dv_err case_get(struct db *db, const struct scope *sc, int64_t id, struct arena *a,
		     struct citizen_case *out, struct dv_error *e);
/* By tracking code, unscoped, for the citizen's own page (the caller shows only public parts). */
enum dv_err case_get_by_tracking(struct db *db, const char *code, struct arena *a,
                                 struct citizen_case *out, struct dv_error *e);

/*
 * What an answer about a case is rendered from, besides the day and who asks: the case's
 * revision (raised by case_update, case_rate and case_event_add, so by every change to the
 * case, its timeline, clocks or handlers) and the catalogue's version (names of units, topics
 * and areas; rules). Equal stamps in two snapshots mean the same rendering.
 */
struct case_stamp {
	int64_t id, revision, catalog;
};
/* In the caller's scope: DV_ENOTFOUND when the case is missing or out of scope. */
enum dv_err case_stamp(struct db *db, const struct scope *sc, int64_t id, struct case_stamp *out,
                       struct dv_error *e);
/* By tracking code, unscoped, like case_get_by_tracking. */
enum dv_err case_stamp_by_tracking(struct db *db, const char *code, struct case_stamp *out,
                                   struct dv_error *e);

struct case_filter {
	const char *query;          /* diacritic-insensitive words in title and description */
	int status;                 /* enum case_status, or -1 = any */
	bool open_only;             /* any open status */
	int kind;                   /* enum case_kind, or -1 */
	int64_t topic_id;           /* 0 = any */
	const char *area_code;      /* the area's subtree, NULL = any */
	int64_t handling_unit_id;   /* exactly this unit, 0 = any in scope */
	bool overdue;               /* an open clock is past due on `today` */
	dv_date today;
	/* the inbox order: overdue first, then by the nearest due day, then newest; else newest */
	bool inbox_order;
	size_t limit, offset;       /* limit 0 = 50; at most 500 */
};
/* Cases in scope matching the filter; *total gets the number of matches. */
enum dv_err case_list(struct db *db, const struct scope *sc, const struct case_filter *f,
		      struct arena *a, struct citizen_case **out, size_t *n, int64_t *total,
		      struct dv_error *e);

/*
 * Open cases in the same commune with the same topic whose folded text shares words with
 * `text_fold` (at least two words of four letters or more), newest first, at most `limit`:
 * duplicate suggestions at intake. Scoped like case_list.
 */
enum dv_err case_similar(struct db *db, const struct scope *sc, int64_t area_id,
			 int64_t topic_id, const char *text_fold, int64_t exclude_id,
			 size_t limit, struct arena *a, struct citizen_case **out, size_t *n,
			 struct dv_error *e);

/*
 * The sealed identity of a case (secretbox output, arena copy), only through this call, only
 * for the entitled: scope with PERM_CASE_REVEAL and the case handled in its subtree.
 * DV_ENOTFOUND when the case is invisible or has none. The app audits every call.
 */
enum dv_err case_sealed_identity(struct db *db, const struct scope *sc, int64_t id,
				 struct arena *a, const void **blob, size_t *len,
				 struct dv_error *e);

/*
 * Changes, in the caller's write transaction. The app layer has already judged the action
 * with workflow_check(); these only write. Each bumps updated_at.
 */
struct case_change {
	enum case_status status;
	int64_t handling_unit_id;   /* 0 = unchanged; a new handler also gets a case_handler row */
	int64_t assignee_id;        /* -1 = unchanged, 0 = clear */
	dv_date accepted_on;        /* 0 = unchanged */
	dv_date decided_on;         /* 0 = unchanged */
	const char *decision;       /* NULL = unchanged */
	int decision_public;        /* -1 = unchanged */
	int extensions;             /* -1 = unchanged */
	int complex;                /* -1 = unchanged */
	int64_t closed_at;          /* 0 = unchanged, -1 = clear (reopen) */
	int64_t duplicate_of;       /* 0 = unchanged */
	int64_t now;
};
enum dv_err case_update(struct db *db, int64_t id, const struct case_change *c,
			struct dv_error *e);
/* The citizen's rating (1..5) and comment; unscoped (the tracking code is the key). */
enum dv_err case_rate(struct db *db, int64_t id, int rating, const char *comment, int64_t now,
		      struct dv_error *e);

/* Clocks: insert or replace the deadline of `step` ("accept", "settle", "forward", "publish"). */
enum dv_err case_deadline_put(struct db *db, int64_t case_id, const char *step,
			      const struct deadline *d, struct dv_error *e);
/* The same for a new case inserted with its counted_due in this transaction: not marked. */
enum dv_err case_deadline_first(struct db *db, int64_t case_id, const char *step,
                                const struct deadline *d, struct dv_error *e);
/* Mark a clock met on `day` (DV_OK when the step has no clock). */
enum dv_err case_deadline_meet(struct db *db, int64_t case_id, const char *step, dv_date day,
			       struct dv_error *e);
struct case_clock {
	const char *step;
	struct deadline d;
	dv_date met_on;             /* 0 = still running */
};
/* A case's clocks (visibility was checked by the caller's case_get). */
enum dv_err case_deadlines(struct db *db, int64_t case_id, struct arena *a,
			   struct case_clock **out, size_t *n, struct dv_error *e);
/* Set c->next_step/next_due as the lists compute them: the running clock due first (ties by
 * step name); NULL/0 when none runs. */
void case_next_of(struct citizen_case *c, const struct case_clock *cl, size_t n);

/* The timeline. */
struct case_event {
	int64_t id;
	int64_t at;
	int64_t actor_user_id;
	const char *actor_name;     /* NULL for the citizen or the system */
	int64_t unit_id;
	const char *unit_name;
	const char *kind;           /* an action name, or "received", "rated", "revealed" ... */
	bool public_;
	const char *from_status, *to_status;
	const char *note;
};
enum dv_err case_event_add(struct db *db, int64_t case_id, int64_t actor_user_id,
			   int64_t unit_id, const char *kind, bool public_,
			   const char *from_status, const char *to_status, const char *note,
			   int64_t now, struct dv_error *e);
/*
 * The same without raising the case's revision: only for the first event of a case inserted
 * in the same transaction (nothing can have been rendered from it yet). Saves the intake an
 * UPDATE of the new row (on PostgreSQL, a new row version).
 */
enum dv_err case_event_first(struct db *db, int64_t case_id, int64_t actor_user_id,
			     int64_t unit_id, const char *kind, bool public_,
			     const char *from_status, const char *to_status, const char *note,
			     int64_t now, struct dv_error *e);
/* The events of a case in order; `public_only` for the citizen's page. */
enum dv_err case_events(struct db *db, int64_t case_id, bool public_only, struct arena *a,
			struct case_event **out, size_t *n, struct dv_error *e);

/* The open statuses as an SQL list of placeholders, and their binding from `idx`. */
#define CASE_OPEN_SET "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define CASE_OPEN_SET_N 9
int case_bind_open_set(struct db_stmt *st, int idx);

/*
 * Aggregates (case_area_agg: the case's area and every ancestor): count a
 * decision in the month of `decided_on` (on time when decided_on <= the settle clock's due day)
 * or an acceptance in the month of `accepted_on`. The +1 received is done by case_insert. Each
 * raises the aggregates' version (store/dash.h), as do the clock changes above.
 */
enum dv_err case_agg_decided(struct db *db, const struct citizen_case *c, dv_date decided_on,
			     bool on_time, struct dv_error *e);
enum dv_err case_agg_accepted(struct db *db, const struct citizen_case *c, dv_date accepted_on,
			      struct dv_error *e);
/* Take back the count of an earlier decision (the case is decided again after a reopen: it
 * counts once, at its latest decision). */
enum dv_err case_agg_undecided(struct db *db, const struct citizen_case *c, dv_date decided_on,
			       bool on_time, struct dv_error *e);


/* Cases changed at or after `since` (UTC seconds), for Open311 lists and updates; unscoped but
 * the caller only returns public fields. Newest first, at most `limit`. */
enum dv_err case_list_public(struct db *db, int64_t since, int64_t until, const char *topic_code,
			     int status_open /* -1 any, 1 open, 0 closed */, size_t limit,
			     struct arena *a, struct citizen_case **out, size_t *n,
			     struct dv_error *e);

#endif
