/* deadline.h: the statutory deadline engine (RULES.md): rule sets versioned by effective date,
 * calendar and working days, holidays, remote and complex variants, extensions. Pure: no I/O. */
#ifndef DV_DEADLINE_H
#define DV_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/strbuf.h"

#define RULE_CODE_MAX 24

enum day_kind { DAYS_CALENDAR = 0, DAYS_WORKING = 1 };

/* What a rule's period counts from (shown on the case page). */
enum rule_anchor {
	ANCHOR_RECEIPT = 0,   /* the day the case was received */
	ANCHOR_ACCEPTANCE,    /* the day it was accepted (thụ lý) */
	ANCHOR_DECISION,      /* the day of the decision */
	ANCHOR_REQUEST,       /* the day of a request (TC_LATE) */
	ANCHOR__COUNT
};

/*
 * One rule of a rule set, e.g. KN1_SETTLE: 30 calendar days from acceptance; 45 when complex,
 * 45 when remote, 60 when both. A variant of 0 means "same as days". Denunciations may be
 * extended `max_extensions` times by at most `extension_days` each.
 */
struct rule {
	char code[RULE_CODE_MAX];
	int days;
	enum day_kind kind;
	int days_complex;
	int days_remote;
	int days_remote_complex;
	int max_extensions;
	int extension_days;
	enum rule_anchor anchor;
	char status;          /* 'C' confirmed, 'P' partly, 'U' unconfirmed: shown "to verify" */
};

/*
 * A rule set in force from `effective_from` (inclusive) until the next set's date. The rules
 * are data in the database (seeded from RULES.md by migration 0002), never constants here.
 */
struct rule_set {
	int64_t id;           /* the database id (0 for the built-in seed) */
	dv_date effective_from;
	const char *name;
	const struct rule *rules;
	size_t n;
};

/* The rule set in force on `day`: the one with the latest effective_from <= day; NULL if none. */
const struct rule_set *rule_set_in_force(const struct rule_set *sets, size_t n, dv_date day);
/* The rule `code` of a set; NULL when the set has no such rule. */
const struct rule *rule_find(const struct rule_set *set, const char *code);

/*
 * Public holidays. The fixed national holidays (1 January, 30 April, 1 May, 2 September) are
 * computed for every year; `extra` holds the days an administrator added (Tết, Hùng Kings'
 * day, the day next to 2 September, compensatory days), sorted ascending, no duplicates.
 */
struct holidays {
	const dv_date *extra;
	size_t n;
};

bool holiday_is_fixed(dv_date day);
bool holiday_is(const struct holidays *h, dv_date day);
/* Not a Saturday, a Sunday or a holiday. */
bool working_day(const struct holidays *h, dv_date day);

/* Variants of a period. */
enum deadline_flags {
	DL_REMOTE = 1u << 0,  /* the area is remote (vùng sâu, vùng xa): per-commune flag */
	DL_COMPLEX = 1u << 1, /* the case was declared complex */
};

/*
 * A computed deadline and everything that produced it, as stored with the case.
 * Counting: the anchor day is not counted; calendar periods end `days` days later, rolled
 * forward to the next working day when that falls on a weekend or holiday; working-day periods
 * end on the `days`-th working day after the anchor.
 */
struct deadline {
	char rule_code[RULE_CODE_MAX];
	int64_t rule_set_id;
	dv_date from;         /* the anchor date */
	int days;             /* the period applied (after variants and extensions) */
	enum day_kind kind;
	enum rule_anchor anchor;
	unsigned flags;       /* enum deadline_flags applied */
	int extensions;       /* extensions granted so far */
	dv_date nominal;      /* for calendar periods: from + days before rolling */
	dv_date due;          /* the last day to act */
};

/*
 * Compute the deadline of `rule` from `from` with `flags`. Returns 0, or -1 when the rule's
 * period is not positive or the result falls outside the supported years (1900-2200).
 */
int deadline_compute(const struct rule *rule, int64_t rule_set_id, dv_date from, unsigned flags,
		     const struct holidays *h, struct deadline *out);

/*
 * Grant one extension of `days` (1..rule->extension_days): the due date moves by `days`
 * calendar days from the current due date, rolled forward. -1 (and nothing changes) when the
 * rule allows no more extensions or `days` is out of range.
 */
int deadline_extend(const struct rule *rule, struct deadline *d, int days,
		    const struct holidays *h);

/* Days left until due (negative when overdue) as seen on `today`. */
int deadline_days_left(const struct deadline *d, dv_date today);

/*
 * Append the explanation shown on the case page, e.g.
 * "2026-12-14 — KN1_ACCEPT, 10 calendar days from receipt" (vi: "10 ngày kể từ ngày tiếp nhận"),
 * with "(remote area)", "(complex)", "(extended once)" and "(rolled past a holiday)" as they
 * apply.
 */
void deadline_explain(const struct deadline *d, enum lang lang, struct strbuf *out);

/* Names for storage and display. */
const char *day_kind_name(enum day_kind k);           /* "calendar" / "working" */
const char *rule_anchor_name(enum rule_anchor a);     /* "receipt", "acceptance", ... */
bool rule_anchor_parse(const char *s, enum rule_anchor *out);

#endif
