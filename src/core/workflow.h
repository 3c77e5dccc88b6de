/* workflow.h: what a case is (kinds, channels, statuses) and the state machine of its handling:
 * which action is legal from which status for which kind, and who may take it. Pure. */
#ifndef DV_WORKFLOW_H
#define DV_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "core/scope.h"

enum case_kind {
	KIND_FEEDBACK = 0,     /* phản ánh, kiến nghị */
	KIND_COMPLAINT1,       /* khiếu nại lần đầu */
	KIND_COMPLAINT2,       /* khiếu nại lần hai */
	KIND_DENUNCIATION,     /* tố cáo: identity required and sealed */
	KIND_ANONYMOUS,        /* thông tin có nội dung tố cáo, nặc danh: no acceptance clock */
	KIND_PETITION,         /* kiến nghị của cử tri */
	KIND__COUNT
};

enum case_channel {
	CHANNEL_WEB = 0, CHANNEL_RECEPTION, CHANNEL_DIALOGUE, CHANNEL_PHONE, CHANNEL_LETTER,
	CHANNEL_OPEN311, CHANNEL_FORWARDED, CHANNEL__COUNT
};

enum case_status {
	ST_RECEIVED = 0,   /* tiếp nhận */
	ST_FORWARDED,      /* chuyển đơn: to another unit, which receives it anew */
	ST_ACCEPTED,       /* thụ lý */
	ST_REFUSED,        /* không thụ lý (reason required) */
	ST_IN_PROGRESS,    /* đang xác minh, đối thoại */
	ST_DECIDED,        /* đã có quyết định / trả lời */
	ST_PUBLISHED,      /* đã công khai, thông báo */
	ST_CLOSED,         /* kết thúc */
	ST_WITHDRAWN,      /* rút đơn */
	ST__COUNT
};

enum case_action {
	ACT_FORWARD = 0,   /* to another unit (PAKN_FWD / TC_TRANSFER clock) */
	ACT_ACCEPT,
	ACT_REFUSE,        /* reason required */
	ACT_START,         /* begin verification */
	ACT_DIALOGUE,      /* record a dialogue held (note required) */
	ACT_EXTEND,        /* extend the settlement period (rules decide how often) */
	ACT_DECIDE,        /* decision text and date required */
	ACT_PUBLISH,       /* publish / notify the decision */
	ACT_CLOSE,
	ACT_REOPEN,        /* on the citizen's request */
	ACT_ESCALATE,      /* complaint 1 -> a new complaint 2 case at the superior */
	ACT_WITHDRAW,      /* the citizen withdraws the whole case */
	ACT_WITHDRAW_PART, /* partial withdrawal: only for cases received on or after 2026-07-01 */
	ACT_COMMENT,       /* internal or public note; no status change */
	ACT_ASSIGN,        /* set the assignee; no status change */
	ACT__COUNT
};

/* Stable machine names (database, API, forms) and their parsers; NULL/false when unknown. */
const char *case_kind_name(enum case_kind k);         /* "feedback", "complaint1", ... */
bool case_kind_parse(const char *s, enum case_kind *out);
const char *case_channel_name(enum case_channel c);   /* "web", "reception", ... */
bool case_channel_parse(const char *s, enum case_channel *out);
const char *case_status_name(enum case_status s);     /* "received", "accepted", ... */
bool case_status_parse(const char *s, enum case_status *out);
const char *case_action_name(enum case_action a);     /* "accept", "refuse", ... */
bool case_action_parse(const char *s, enum case_action *out);

/* Display names, Vietnamese and English. */
const char *case_kind_label(enum case_kind k, bool en);
const char *case_channel_label(enum case_channel c, bool en);
const char *case_status_label(enum case_status s, bool en);
const char *case_action_label(enum case_action a, bool en);

/* Open (still needs work) or ended. */
bool case_status_open(enum case_status s);

/* What the state machine needs to know about a case to judge an action. */
struct case_facts {
	enum case_kind kind;
	enum case_status status;
	dv_date received_on;
	int extensions;         /* granted so far */
	int max_extensions;     /* allowed by the settle rule in force */
	bool has_reason;        /* the action carries a reason / note / decision text */
	bool has_decision_date; /* ACT_DECIDE carries a valid date */
	bool has_target_unit;   /* ACT_FORWARD / ACT_ESCALATE name a unit */
	bool escalated;         /* a second-time complaint was already made from this case
				   (a child case links to it): escalation happens once */
};

/* Who acts: their scope, and whether the case's handling unit is in their subtree. */
struct case_actor {
	const struct scope *scope;
	bool handles;           /* the handling unit is the actor's unit or below it */
	bool citizen;           /* the citizen, through the tracking code (reopen, withdraw, rate) */
};

/*
 * Judge `action` on a case. DV_OK and *next = the status after it (unchanged for comment,
 * assign, extend, dialogue); DV_ECONFLICT when the action does not fit the status or kind (the
 * detail says why, e.g. "a refused case cannot be decided"); DV_EINVAL when a required reason,
 * date or unit is missing; DV_EPERM when the actor may not take it.
 *
 * Permissions: settlers of the handling unit (or above it) accept, refuse, extend, decide,
 * publish and close; officers of the handling unit forward, start, record dialogues, comment
 * and assign; the citizen reopens (a decided or published case) and withdraws; an anonymous
 * case is never accepted (no acceptance clock): it is forwarded, sent to inspection (start) or
 * closed; escalation applies to a first-time complaint that was decided, or whose settlement
 * period ended without a decision (the caller checks the date and passes has_reason), once
 * (escalated). Judged in this order: the status and kind (DV_ECONFLICT), the actor (DV_EPERM),
 * the facts (extensions left, date of receipt, settlement ended, escalated: DV_ECONFLICT), then
 * the inputs (DV_EINVAL). *next is written only on DV_OK.
 */
enum dv_err workflow_check(const struct case_facts *c, enum case_action action,
			   const struct case_actor *who, enum case_status *next,
			   struct dv_error *e);

/*
 * The actions legal now for this actor, as a bit set (1u << action), for showing buttons. The
 * inputs an action brings with its form (reason, decision date, target unit) are assumed given;
 * for ACT_ESCALATE has_reason keeps its meaning (the settlement period ended).
 */
uint32_t workflow_allowed(const struct case_facts *c, const struct case_actor *who);

/*
 * The rule that sets each clock of a kind: the acceptance step (NULL when the kind has none),
 * the settlement step, the forwarding step. E.g. complaint1: KN1_ACCEPT, KN1_SETTLE,
 * PAKN_FWD-like transfer; denunciation: TC_INIT, TC_SETTLE, TC_TRANSFER; feedback: none,
 * PAKN_SETTLE, PAKN_FWD; petition: none, CUTRI, PAKN_FWD; anonymous: none, none, TC_TRANSFER.
 */
const char *workflow_accept_rule(enum case_kind k);
const char *workflow_settle_rule(enum case_kind k);
const char *workflow_forward_rule(enum case_kind k);

/* Partial withdrawal exists for cases received on or after this date (Law 136/2025). */
#define WITHDRAW_PART_FROM_Y 2026
#define WITHDRAW_PART_FROM_M 7
#define WITHDRAW_PART_FROM_D 1

#endif
