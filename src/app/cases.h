/* cases.h: the use cases of the voice of the people: intake (citizens, staff, Open311),
 * routing, clocks, every workflow action, the citizen's side, the audited reveal. */
#ifndef DV_APP_CASES_H
#define DV_APP_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/deadline.h"
#include "core/scope.h"
#include "core/tracking.h"
#include "core/workflow.h"
#include "store/cases.h"
#include "store/catalog.h"
#include "store/db.h"

/* Field limits (code points). */
#define CASE_TITLE_MAX 200
#define CASE_TEXT_MAX 10000
#define CASE_NAME_MAX 200
#define CASE_CONTACT_MAX 200
#define CASE_ADDRESS_MAX 500
#define CASE_NOTE_MAX 5000

/* What a citizen, an officer or an Open311 client submits. Strings are borrowed. */
struct intake {
	enum case_kind kind;
	enum case_channel channel;
	const char *topic_code;
	const char *area_code;        /* a commune or village (or a province for staff) */
	int64_t subject_unit_id;      /* the unit complained about or denounced, 0 = none */
	bool names_head;              /* a denunciation naming the head of that unit */
	const char *title;
	const char *description;
	int people_count;             /* 1 = one person; more = a collective case */
	const char *representatives;  /* names of the representatives of a collective case */
	const char *name, *contact, *address; /* the submitter; sealed for a denunciation */
	bool signed_;                 /* a denunciation carries a signature or fingerprint */
	int complex;                  /* staff only: 0, 1 complex, 2 particularly complex */
	const char *address_text;     /* free text location (Open311 address_string) */
	bool has_location;
	double lat, lon;
	const char *open311_client;
	int64_t parent_case_id;       /* escalation only */
	dv_date received_on;          /* 0 = today (UTC+7); staff may enter an earlier day */
	const char *actor;            /* audit label (login, "cli"); NULL = "citizen" or the
					 Open311 client */
	const char *client_addr;      /* the citizen's address: public intakes are rate-limited
					 per address (config submit-max-addr), NULL = not limited */
};

/*
 * Validated and computed, ready to write: the split lets the intake be written inside a
 * shared transaction (group commit). Everything is in the arena.
 */
struct intake_plan {
	struct case_new row;
	struct deadline clocks[3];    /* accept, settle, forward-by (as apply) */
	const char *clock_steps[3];
	int n_clocks;
	const char *notify_contact;   /* plain contact to notify, or NULL */
	const void *notify_sealed;    /* sealed contact of a denouncer, or NULL */
	size_t notify_sealed_len;
	const char *notify_channel;   /* "email" or "sms", when there is someone to notify */
	const char *notify_subject;   /* the receipt's text, when there is someone to notify */
	const char *notify_body;
	const char *actor;            /* for the audit record */
	int64_t actor_user_id;
};

/*
 * Check every field (lengths, UTF-8, NFC, kind rules: a denunciation needs name, address,
 * contact and a signature; anonymous information carries no identity and gets no acceptance
 * clock), find the area and topic, route (a denunciation naming a unit's head goes to that
 * unit's superior, never to the unit or below it), compute the clocks from the rule set in
 * force on the day of receipt and the holiday calendar, make the tracking code, seal the
 * identity. Reads only (inside or outside a read transaction). `sc` is the anonymous scope for
 * citizens and Open311, or the staff member's scope when entering a case on someone's behalf
 * (the area must then be in their scope). DV_EINVAL names the first bad field.
 */
enum dv_err app_intake_prepare(struct app *app, struct db *db, const struct scope *sc,
			       const struct intake *in, struct arena *a, struct intake_plan *out,
			       struct dv_error *e);
/*
 * Write a prepared intake in the caller's write transaction: the case, its clocks, the public
 * "received" event, the audit record, the aggregates and the receipt notification.
 * DV_EEXIST when the tracking code collided (prepare again).
 */
enum dv_err app_intake_write(struct app *app, struct db *db, struct intake_plan *plan,
			     int64_t *id, struct dv_error *e);
/* prepare + write in one transaction of its own, retrying a tracking-code collision. */
enum dv_err app_case_submit(struct app *app, struct db *db, const struct scope *sc,
			    const struct intake *in, struct arena *a, int64_t *id,
			    char tracking[TRACKING_LEN + 1], struct dv_error *e);

/*
 * The durable intake, in two steps for the group commit (app/commit.h): app_intake_begin
 * checks the rate limit and prepares the plan with reads only; app_intake_commit is the
 * commit job's write (its `arg` is the struct intake_job), run inside the group's transaction,
 * which re-checks the limit and writes. The answer is sent only once the group is on disk.
 */
struct intake_job {
	struct app *app;
	struct intake_plan plan;
	bool limited;               /* a citizen's intake, counted per client address */
	char bucket[160];
	int64_t id;                 /* set by app_intake_commit */
};
enum dv_err app_intake_begin(struct app *app, struct db *db, const struct scope *sc,
			     const struct intake *in, struct arena *a, struct intake_job *job,
			     struct dv_error *e);
enum dv_err app_intake_commit(struct db *db, void *job, struct dv_error *e);

/* A staff action on a case. */
struct case_action_req {
	enum case_action action;
	const char *note;             /* reason (refuse), note (dialogue, comment, forward),
					 decision text (decide) */
	bool public_;                 /* a comment the citizen sees */
	dv_date decision_date;        /* ACT_DECIDE: 0 = today */
	int64_t target_unit_id;       /* ACT_FORWARD; ACT_ESCALATE: 0 = the direct superior */
	int64_t assignee_id;          /* ACT_ASSIGN: 0 = nobody */
	int extend_days;              /* ACT_EXTEND: 0 = the rule's extension_days */
	int complex;                  /* ACT_ACCEPT: the complexity level, -1 = keep */
};

/*
 * Judge the action with the state machine (workflow_check: the status and kind allow it, the
 * actor's role and scope do), then apply it in one write transaction: the case row, its clocks
 * (acceptance starts the settlement clock; an extension moves it; a forward starts the
 * receiving unit's clocks anew), the timeline event, the audit record, the aggregates and the
 * notifications. Escalation creates the second-time complaint at the superior, linked to this
 * one, with KN2 clocks; *new_id gets it (else 0). Nothing changes on error.
 */
enum dv_err app_case_act(struct app *app, struct db *db, const struct scope *sc,
			 const char *actor, int64_t case_id, const struct case_action_req *req,
			 int64_t *new_id, struct dv_error *e);

/* The citizen's actions, keyed by the tracking code: reopen, withdraw (whole or in part). */
enum dv_err app_case_citizen(struct app *app, struct db *db, const char *tracking,
			     enum case_action action, const char *note, struct dv_error *e);
/* The citizen's rating of the answer (1..5), once the case is decided. */
enum dv_err app_case_rate(struct app *app, struct db *db, const char *tracking, int rating,
			  const char *comment, struct dv_error *e);

/* A denouncer's identity, opened. */
struct case_identity {
	const char *name, *address, *contact;
	bool signed_;
};
/*
 * Open the sealed identity for an entitled user (a settler of the handling unit or above it,
 * or an inspector in scope): audited ("case.reveal") in its own write transaction before
 * anything is returned. DV_ENOTFOUND when not entitled or nothing is sealed.
 */
enum dv_err app_case_reveal(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, int64_t case_id, struct arena *a,
			    struct case_identity *out, struct dv_error *e);

/* Everything the staff case page shows. */
struct case_view {
	struct citizen_case c;
	struct case_clock *clocks;
	size_t n_clocks;
	struct case_event *events;
	size_t n_events;
	uint32_t allowed;             /* workflow_allowed() bits for this actor */
	struct citizen_case *similar; /* duplicate suggestions */
	size_t n_similar;
	bool can_reveal;
};
/* What app_case_view reads besides the case, its clocks, events and allowed actions. */
enum { VIEW_SIMILAR = 1u << 0 /* duplicate suggestions: a text search in the commune */ };
enum dv_err app_case_view(struct app *app, struct db *db, const struct scope *sc,
			  int64_t case_id, unsigned what, struct arena *a, struct case_view *out,
			  struct dv_error *e);

/* What the citizen sees by tracking code: status, public timeline, the public answer. */
struct case_public {
	const char *tracking_code;
	enum case_kind kind;
	enum case_status status;
	const char *topic_name, *topic_name_en, *area_name, *handling_unit_name;
	const char *title;
	dv_date received_on, decided_on;
	const char *decision;         /* NULL unless decided and public */
	struct case_event *events;    /* public events only */
	size_t n_events;
	dv_date settle_due;           /* 0 = no clock */
	int rating;
	bool can_rate, can_reopen, can_withdraw, can_withdraw_part;
};
enum dv_err app_case_track(struct app *app, struct db *db, const char *tracking,
			   struct arena *a, struct case_public *out, struct dv_error *e);

/*
 * What app_case_view (in scope `sc`) and app_case_track render from, read in one statement (in
 * the caller's snapshot when one is open): the case's stamp (store/cases.h) and the day, which the
 * clocks and the legal actions depend on. Equal stamps in two snapshots give the same answer to the
 * same caller. DV_ENOTFOUND as the views would answer it.
 */
struct case_render_stamp {
	struct case_stamp c;
	dv_date day;
};
enum dv_err app_case_stamp(struct app *app, struct db *db, const struct scope *sc, int64_t case_id,
                           struct case_render_stamp *out, struct dv_error *e);
enum dv_err app_track_stamp(struct app *app, struct db *db, const char *tracking,
                            struct case_render_stamp *out, struct dv_error *e);

/*
 * The deadline a rule gives from a day (for `danvan deadline` and the rules page): the rule set
 * in force on `from`, the holiday calendar from the database.
 */
enum dv_err app_deadline(struct app *app, struct db *db, const char *rule_code, dv_date from,
			 unsigned flags, struct arena *a, struct deadline *out,
			 const struct rule **rule, struct dv_error *e);

/* Every rule set with its rules, oldest first (for `danvan rules show` and the rules page). */
enum dv_err app_rulesets(struct app *app, struct db *db, struct arena *a, struct rule_set **out,
			 size_t *n, struct dv_error *e);
/* The added holidays, oldest first. */
enum dv_err app_holidays(struct app *app, struct db *db, struct arena *a,
			 struct holiday_row **out, size_t *n, struct dv_error *e);
/*
 * Add (or rename) and remove a holiday: PERM_CONFIG_WRITE, one write transaction, audited
 * ("holiday.add", "holiday.remove"). The name is one line of at most 100 characters. Removing a
 * day that was not added is DV_ENOTFOUND.
 */
enum dv_err app_holiday_add(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, dv_date day, const char *name, struct dv_error *e);
enum dv_err app_holiday_remove(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, dv_date day, struct dv_error *e);

/*
 * What the author of a write may always know of the case it created (staff intake routed
 * outside their subtree, an escalation to the superior), though they may not open it: its id,
 * tracking code, kind, status, link and handling unit. Nothing personal. Use only with an id
 * that the caller's own app_case_submit/app_case_act just returned.
 */
struct case_brief {
	int64_t id;
	const char *tracking_code;
	enum case_kind kind;
	enum case_status status;
	int64_t parent_case_id;
	int64_t handling_unit_id;
	const char *handling_unit_name;
};
enum dv_err app_case_brief(struct app *app, struct db *db, int64_t id, struct arena *a,
			   struct case_brief *out, struct dv_error *e);

/* Free what this thread keeps of the rules (app_db_close_thread calls it). */
void app_cases_thread_done(void);

#endif
