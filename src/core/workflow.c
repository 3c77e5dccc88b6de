/* workflow.c: the case vocabularies and the state machine of a case, as one transition table. */
#include "core/workflow.h"

#include <string.h>

#include "base/msg.h"
#include "base/banned.h"

/* ---- names and labels ---- */

struct label {
	const char *name;
	enum msg_id msg;
};

static const struct label kinds[KIND__COUNT] = {
    [KIND_FEEDBACK] = {"feedback", M_WF_KIND_FEEDBACK},
    [KIND_COMPLAINT1] = {"complaint1", M_WF_KIND_COMPLAINT1},
    [KIND_COMPLAINT2] = {"complaint2", M_WF_KIND_COMPLAINT2},
    [KIND_DENUNCIATION] = {"denunciation", M_WF_KIND_DENUNCIATION},
    [KIND_ANONYMOUS] = {"anonymous", M_WF_KIND_ANONYMOUS},
    [KIND_PETITION] = {"petition", M_WF_KIND_PETITION},
};

static const struct label channels[CHANNEL__COUNT] = {
    [CHANNEL_WEB] = {"web", M_WF_CHANNEL_WEB},
    [CHANNEL_RECEPTION] = {"reception", M_WF_CHANNEL_RECEPTION},
    [CHANNEL_DIALOGUE] = {"dialogue", M_WF_CHANNEL_DIALOGUE},
    [CHANNEL_PHONE] = {"phone", M_WF_CHANNEL_PHONE},
    [CHANNEL_LETTER] = {"letter", M_WF_CHANNEL_LETTER},
    [CHANNEL_OPEN311] = {"open311", M_WF_CHANNEL_OPEN311},
    [CHANNEL_FORWARDED] = {"forwarded", M_WF_CHANNEL_FORWARDED},
};

static const struct label statuses[ST__COUNT] = {
    [ST_RECEIVED] = {"received", M_WF_STATUS_RECEIVED},
    [ST_FORWARDED] = {"forwarded", M_WF_STATUS_FORWARDED},
    [ST_ACCEPTED] = {"accepted", M_WF_STATUS_ACCEPTED},
    [ST_REFUSED] = {"refused", M_WF_STATUS_REFUSED},
    [ST_IN_PROGRESS] = {"in_progress", M_WF_STATUS_IN_PROGRESS},
    [ST_DECIDED] = {"decided", M_WF_STATUS_DECIDED},
    [ST_PUBLISHED] = {"published", M_WF_STATUS_PUBLISHED},
    [ST_CLOSED] = {"closed", M_WF_STATUS_CLOSED},
    [ST_WITHDRAWN] = {"withdrawn", M_WF_STATUS_WITHDRAWN},
};

static const struct label actions[ACT__COUNT] = {
    [ACT_FORWARD] = {"forward", M_WF_ACTION_FORWARD},
    [ACT_ACCEPT] = {"accept", M_WF_ACTION_ACCEPT},
    [ACT_REFUSE] = {"refuse", M_WF_ACTION_REFUSE},
    [ACT_START] = {"start", M_WF_ACTION_START},
    [ACT_DIALOGUE] = {"dialogue", M_WF_ACTION_DIALOGUE},
    [ACT_EXTEND] = {"extend", M_WF_ACTION_EXTEND},
    [ACT_DECIDE] = {"decide", M_WF_ACTION_DECIDE},
    [ACT_PUBLISH] = {"publish", M_WF_ACTION_PUBLISH},
    [ACT_CLOSE] = {"close", M_WF_ACTION_CLOSE},
    [ACT_REOPEN] = {"reopen", M_WF_ACTION_REOPEN},
    [ACT_ESCALATE] = {"escalate", M_WF_ACTION_ESCALATE},
    [ACT_WITHDRAW] = {"withdraw", M_WF_ACTION_WITHDRAW},
    [ACT_WITHDRAW_PART] = {"withdraw_part", M_WF_ACTION_WITHDRAW_PART},
    [ACT_COMMENT] = {"comment", M_WF_ACTION_COMMENT},
    [ACT_ASSIGN] = {"assign", M_WF_ACTION_ASSIGN},
};

static bool parse_label(const struct label *t, int n, const char *s, int *out)
{
	int i;

	if (!s)
		return false;
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, s)) {
			*out = i;
			return true;
		}
	return false;
}

static const char *label_text(const struct label *t, int n, int i, bool en)
{
	if (i < 0 || i >= n)
		return "?";
	return msg(en ? LANG_EN : LANG_VI, t[i].msg);
}

const char *case_kind_name(enum case_kind k)
{
	return (unsigned)k < KIND__COUNT ? kinds[k].name : NULL;
}

bool case_kind_parse(const char *s, enum case_kind *out)
{
	int i;

	if (!parse_label(kinds, KIND__COUNT, s, &i))
		return false;
	*out = (enum case_kind)i;
	return true;
}

const char *case_channel_name(enum case_channel c)
{
	return (unsigned)c < CHANNEL__COUNT ? channels[c].name : NULL;
}

bool case_channel_parse(const char *s, enum case_channel *out)
{
	int i;

	if (!parse_label(channels, CHANNEL__COUNT, s, &i))
		return false;
	*out = (enum case_channel)i;
	return true;
}

const char *case_status_name(enum case_status s)
{
	return (unsigned)s < ST__COUNT ? statuses[s].name : NULL;
}

bool case_status_parse(const char *s, enum case_status *out)
{
	int i;

	if (!parse_label(statuses, ST__COUNT, s, &i))
		return false;
	*out = (enum case_status)i;
	return true;
}

const char *case_action_name(enum case_action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].name : NULL;
}

bool case_action_parse(const char *s, enum case_action *out)
{
	int i;

	if (!parse_label(actions, ACT__COUNT, s, &i))
		return false;
	*out = (enum case_action)i;
	return true;
}

const char *case_kind_label(enum case_kind k, bool en)
{
	return label_text(kinds, KIND__COUNT, (int)k, en);
}

const char *case_channel_label(enum case_channel c, bool en)
{
	return label_text(channels, CHANNEL__COUNT, (int)c, en);
}

const char *case_status_label(enum case_status s, bool en)
{
	return label_text(statuses, ST__COUNT, (int)s, en);
}

const char *case_action_label(enum case_action a, bool en)
{
	return label_text(actions, ACT__COUNT, (int)a, en);
}

bool case_status_open(enum case_status s)
{
	return (unsigned)s < ST__COUNT && s != ST_CLOSED && s != ST_WITHDRAWN;
}

/* ---- the transition table ---- */

#define S(x)      (1u << (x))
#define K(x)      (1u << (x))
#define KINDS_ALL ((1u << KIND__COUNT) - 1)
#define NOT_ANON  (KINDS_ALL & ~K(KIND_ANONYMOUS))
/* Before a decision: the settlement is still running. */
#define PENDING (S(ST_RECEIVED) | S(ST_FORWARDED) | S(ST_ACCEPTED) | S(ST_IN_PROGRESS))
/* Not final: everything but closed and withdrawn (case_status_open). */
#define NOT_FINAL (PENDING | S(ST_REFUSED) | S(ST_DECIDED) | S(ST_PUBLISHED))
/* A forwarded case behaves like a received one for the unit that now holds it. */
#define INTAKE (S(ST_RECEIVED) | S(ST_FORWARDED))
#define KEEP   (-1)

enum transition_flag {
	T_CITIZEN = 1u << 0,   /* only the citizen, through the tracking code */
	T_REASON = 1u << 1,    /* a reason, note or decision text is required */
	T_DATE = 1u << 2,      /* a valid decision date is required */
	T_TARGET = 1u << 3,    /* a target unit is required */
	T_EXTENSION = 1u << 4, /* the settle rule allows another extension */
	T_PART_DATE = 1u << 5, /* received on or after 2026-07-01 (partial withdrawal) */
	T_ENDED = 1u << 6,     /* the settlement period ended (the caller passes has_reason) */
};

struct transition {
	uint32_t from; /* statuses (bits) the action is legal in */
	enum case_action action;
	uint32_t kinds; /* kinds (bits) it applies to */
	uint32_t perm;  /* staff permission needed (PERM_NONE for the citizen) */
	unsigned flags; /* enum transition_flag */
	int next;       /* the status after, or KEEP */
};

/*
 * Rows for the same action must not overlap in (status, kind): the first matching row decides.
 * Anonymous information is never accepted or refused (no acceptance clock): it is forwarded,
 * sent to inspection (start) or closed with a reason.
 */
static const struct transition transitions[] = {
    {INTAKE, ACT_FORWARD, KINDS_ALL, PERM_CASE_HANDLE, T_REASON | T_TARGET, ST_FORWARDED},
    {INTAKE, ACT_ACCEPT, NOT_ANON, PERM_CASE_SETTLE, 0, ST_ACCEPTED},
    {INTAKE, ACT_REFUSE, NOT_ANON, PERM_CASE_SETTLE, T_REASON, ST_REFUSED},
    {INTAKE, ACT_START, K(KIND_FEEDBACK) | K(KIND_PETITION) | K(KIND_ANONYMOUS), PERM_CASE_HANDLE,
     0, ST_IN_PROGRESS},
    {S(ST_ACCEPTED), ACT_START, KINDS_ALL, PERM_CASE_HANDLE, 0, ST_IN_PROGRESS},
    {S(ST_ACCEPTED) | S(ST_IN_PROGRESS), ACT_DIALOGUE, NOT_ANON, PERM_CASE_HANDLE, T_REASON, KEEP},
    {S(ST_ACCEPTED) | S(ST_IN_PROGRESS), ACT_EXTEND, KINDS_ALL, PERM_CASE_SETTLE, T_EXTENSION,
     KEEP},
    {S(ST_ACCEPTED) | S(ST_IN_PROGRESS), ACT_DECIDE, KINDS_ALL, PERM_CASE_SETTLE, T_REASON | T_DATE,
     ST_DECIDED},
    {S(ST_DECIDED), ACT_PUBLISH, KINDS_ALL, PERM_CASE_SETTLE, 0, ST_PUBLISHED},
    {S(ST_DECIDED) | S(ST_PUBLISHED) | S(ST_REFUSED), ACT_CLOSE, KINDS_ALL, PERM_CASE_SETTLE, 0,
     ST_CLOSED},
    {INTAKE | S(ST_IN_PROGRESS), ACT_CLOSE, K(KIND_ANONYMOUS), PERM_CASE_SETTLE, T_REASON,
     ST_CLOSED},
    {S(ST_DECIDED) | S(ST_PUBLISHED) | S(ST_CLOSED), ACT_REOPEN, KINDS_ALL, PERM_NONE, T_CITIZEN,
     ST_IN_PROGRESS},
    {S(ST_DECIDED) | S(ST_PUBLISHED), ACT_ESCALATE, K(KIND_COMPLAINT1), PERM_CASE_SETTLE, 0, KEEP},
    {S(ST_ACCEPTED) | S(ST_IN_PROGRESS), ACT_ESCALATE, K(KIND_COMPLAINT1), PERM_CASE_SETTLE,
     T_ENDED, KEEP},
    {NOT_FINAL, ACT_WITHDRAW, KINDS_ALL, PERM_NONE, T_CITIZEN, ST_WITHDRAWN},
    {PENDING, ACT_WITHDRAW_PART, KINDS_ALL, PERM_NONE, T_CITIZEN | T_PART_DATE | T_REASON, KEEP},
    {NOT_FINAL, ACT_COMMENT, KINDS_ALL, PERM_CASE_HANDLE, T_REASON, KEEP},
    {NOT_FINAL, ACT_ASSIGN, KINDS_ALL, PERM_CASE_HANDLE, 0, KEEP},
};

/* For messages: "a refused case cannot be decided". */
static const char *const status_phrase[ST__COUNT] = {
    [ST_RECEIVED] = "a received case",       [ST_FORWARDED] = "a forwarded case",
    [ST_ACCEPTED] = "an accepted case",      [ST_REFUSED] = "a refused case",
    [ST_IN_PROGRESS] = "a case in progress", [ST_DECIDED] = "a decided case",
    [ST_PUBLISHED] = "a published case",     [ST_CLOSED] = "a closed case",
    [ST_WITHDRAWN] = "a withdrawn case",
};

static const char *const kind_phrase[KIND__COUNT] = {
    [KIND_FEEDBACK] = "feedback",
    [KIND_COMPLAINT1] = "a first-time complaint",
    [KIND_COMPLAINT2] = "a second-time complaint",
    [KIND_DENUNCIATION] = "a denunciation",
    [KIND_ANONYMOUS] = "anonymous information",
    [KIND_PETITION] = "a voters' petition",
};

/* "cannot be <participle>" */
static const char *const action_participle[ACT__COUNT] = {
    [ACT_FORWARD] = "forwarded",
    [ACT_ACCEPT] = "accepted",
    [ACT_REFUSE] = "refused",
    [ACT_START] = "started",
    [ACT_DIALOGUE] = "given a dialogue",
    [ACT_EXTEND] = "extended",
    [ACT_DECIDE] = "decided",
    [ACT_PUBLISH] = "published",
    [ACT_CLOSE] = "closed",
    [ACT_REOPEN] = "reopened",
    [ACT_ESCALATE] = "escalated",
    [ACT_WITHDRAW] = "withdrawn",
    [ACT_WITHDRAW_PART] = "withdrawn in part",
    [ACT_COMMENT] = "commented on",
    [ACT_ASSIGN] = "assigned",
};

/* "may not <verb> a case" */
static const char *const action_verb[ACT__COUNT] = {
    [ACT_FORWARD] = "forward",
    [ACT_ACCEPT] = "accept",
    [ACT_REFUSE] = "refuse",
    [ACT_START] = "start",
    [ACT_DIALOGUE] = "record a dialogue on",
    [ACT_EXTEND] = "extend",
    [ACT_DECIDE] = "decide",
    [ACT_PUBLISH] = "publish",
    [ACT_CLOSE] = "close",
    [ACT_REOPEN] = "reopen",
    [ACT_ESCALATE] = "escalate",
    [ACT_WITHDRAW] = "withdraw",
    [ACT_WITHDRAW_PART] = "partly withdraw",
    [ACT_COMMENT] = "comment on",
    [ACT_ASSIGN] = "assign",
};

/* What is missing when a required reason is absent. */
static const char *reason_missing(enum case_action a)
{
	switch (a) {
	case ACT_REFUSE:
		return "a reason is required to refuse a case";
	case ACT_FORWARD:
		return "a note is required to forward a case";
	case ACT_DIALOGUE:
		return "a note on the dialogue is required";
	case ACT_DECIDE:
		return "the decision text is required";
	case ACT_CLOSE:
		return "a reason is required to close anonymous information";
	case ACT_WITHDRAW_PART:
		return "the part withdrawn must be described";
	case ACT_COMMENT:
		return "the comment text is required";
	default:
		return "a note is required";
	}
}

static enum dv_err check_kind(const struct case_facts *c, enum case_action action,
                              struct dv_error *e)
{
	if (action == ACT_ACCEPT && c->kind == KIND_ANONYMOUS)
		return dv_fail(e, DV_ECONFLICT, "anonymous information is never accepted");
	if (action == ACT_ESCALATE)
		return dv_fail(e, DV_ECONFLICT,
		               "only a first-time complaint can be escalated, not %s",
		               kind_phrase[c->kind]);
	return dv_fail(e, DV_ECONFLICT, "%s cannot be %s while its status is '%s'",
	               kind_phrase[c->kind], action_participle[action], statuses[c->status].name);
}

static enum dv_err check_actor(const struct transition *t, enum case_action action,
                               const struct case_actor *who, struct dv_error *e)
{
	const char *role;

	if (t->flags & T_CITIZEN) {
		if (!who->citizen)
			return dv_fail(e, DV_EPERM, "only the citizen can %s a case",
			               action_verb[action]);
		return DV_OK;
	}
	if (who->citizen)
		return dv_fail(e, DV_EPERM, "the citizen cannot %s a case", action_verb[action]);
	if (!who->scope || !scope_can(who->scope, t->perm)) {
		role = who->scope ? role_name(who->scope->role) : NULL;
		return dv_fail(e, DV_EPERM, "the role '%s' may not %s a case",
		               role ? role : "anonymous", action_verb[action]);
	}
	if (!who->handles)
		return dv_fail(e, DV_EPERM,
		               "only the handling unit or a unit above it can %s the case",
		               action_verb[action]);
	return DV_OK;
}

static enum dv_err check_facts(const struct transition *t, const struct case_facts *c,
                               enum case_action action, struct dv_error *e)
{
	if ((t->flags & T_EXTENSION) && c->extensions >= c->max_extensions) {
		if (c->max_extensions <= 0)
			return dv_fail(e, DV_ECONFLICT,
			               "the settlement period of %s cannot be extended",
			               kind_phrase[c->kind]);
		return dv_fail(e, DV_ECONFLICT,
		               "the settlement period was already extended %d times, the most the "
		               "rule allows",
		               c->extensions);
	}
	if ((t->flags & T_PART_DATE) &&
	    c->received_on <
	        date_from_ymd(WITHDRAW_PART_FROM_Y, WITHDRAW_PART_FROM_M, WITHDRAW_PART_FROM_D))
		return dv_fail(e, DV_ECONFLICT,
		               "partial withdrawal applies only to cases received on or after "
		               "%04d-%02d-%02d",
		               WITHDRAW_PART_FROM_Y, WITHDRAW_PART_FROM_M, WITHDRAW_PART_FROM_D);
	if (action == ACT_ESCALATE && c->escalated)
		return dv_fail(e, DV_ECONFLICT,
		               "a first-time complaint can be escalated only once; it already was");
	if ((t->flags & T_ENDED) && !c->has_reason)
		return dv_fail(e, DV_ECONFLICT,
		               "a first-time complaint can be escalated before its decision only "
		               "once the settlement period has ended");
	if ((t->flags & T_REASON) && !c->has_reason)
		return dv_fail(e, DV_EINVAL, "%s", reason_missing(action));
	if ((t->flags & T_DATE) && !c->has_decision_date)
		return dv_fail(e, DV_EINVAL, "a valid decision date is required");
	if ((t->flags & T_TARGET) && !c->has_target_unit)
		return dv_fail(e, DV_EINVAL, "the unit to forward the case to is required");
	return DV_OK;
}

enum dv_err workflow_check(const struct case_facts *c, enum case_action action,
                           const struct case_actor *who, enum case_status *next, struct dv_error *e)
{
	const struct transition *t = NULL;
	bool status_fits = false;
	enum dv_err ret;
	size_t i;

	if (!c || !who)
		return dv_fail(e, DV_EINVAL, "the case and the actor are required");
	if ((unsigned)action >= ACT__COUNT)
		return dv_fail(e, DV_EINVAL, "action %d is unknown", (int)action);
	if ((unsigned)c->kind >= KIND__COUNT || (unsigned)c->status >= ST__COUNT)
		return dv_fail(e, DV_EINVAL, "the case has an unknown kind or status");

	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
		if (transitions[i].action != action || !(transitions[i].from & S(c->status)))
			continue;
		status_fits = true;
		if (transitions[i].kinds & K(c->kind)) {
			t = &transitions[i];
			break;
		}
	}
	if (!status_fits)
		return dv_fail(e, DV_ECONFLICT, "%s cannot be %s", status_phrase[c->status],
		               action_participle[action]);
	if (!t)
		return check_kind(c, action, e);
	ret = check_actor(t, action, who, e);
	if (ret != DV_OK)
		return ret;
	ret = check_facts(t, c, action, e);
	if (ret != DV_OK)
		return ret;
	if (next)
		*next = t->next == KEEP ? c->status : (enum case_status)t->next;
	return DV_OK;
}

uint32_t workflow_allowed(const struct case_facts *c, const struct case_actor *who)
{
	struct case_facts f;
	enum case_status next;
	uint32_t bits = 0;
	int a;

	if (!c || !who)
		return 0;
	for (a = 0; a < ACT__COUNT; a++) {
		/* the action's own inputs (reason, date, unit) come with the form; for escalation
		 * has_reason keeps its meaning: the settlement period ended */
		f = *c;
		if (a != ACT_ESCALATE)
			f.has_reason = true;
		f.has_decision_date = true;
		f.has_target_unit = true;
		if (workflow_check(&f, (enum case_action)a, who, &next, NULL) == DV_OK)
			bits |= 1u << a;
	}
	return bits;
}

/* ---- the clocks of each kind ---- */

static const struct {
	const char *accept, *settle, *forward;
} clock_rules[KIND__COUNT] = {
    [KIND_FEEDBACK] = {NULL, "PAKN_SETTLE", "PAKN_FWD"},
    [KIND_COMPLAINT1] = {"KN1_ACCEPT", "KN1_SETTLE", "PAKN_FWD"},
    [KIND_COMPLAINT2] = {"KN2_ACCEPT", "KN2_SETTLE", "PAKN_FWD"},
    [KIND_DENUNCIATION] = {"TC_INIT", "TC_SETTLE", "TC_TRANSFER"},
    [KIND_ANONYMOUS] = {NULL, NULL, "TC_TRANSFER"},
    [KIND_PETITION] = {NULL, "CUTRI", "PAKN_FWD"},
};

const char *workflow_accept_rule(enum case_kind k)
{
	return (unsigned)k < KIND__COUNT ? clock_rules[k].accept : NULL;
}

const char *workflow_settle_rule(enum case_kind k)
{
	return (unsigned)k < KIND__COUNT ? clock_rules[k].settle : NULL;
}

const char *workflow_forward_rule(enum case_kind k)
{
	return (unsigned)k < KIND__COUNT ? clock_rules[k].forward : NULL;
}
