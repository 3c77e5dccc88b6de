/* deadline.c: the statutory deadline engine: rule sets by date, holidays, day counting. */
#include "core/deadline.h"

#include <string.h>

#include "base/banned.h"

/* The years the engine answers for; anything outside is a data error, not a deadline. */
#define FIRST_YEAR 1900
#define LAST_YEAR  2200

static dv_date first_day(void)
{
	return date_from_ymd(FIRST_YEAR, 1, 1);
}

static dv_date last_day(void)
{
	return date_from_ymd(LAST_YEAR, 12, 31);
}

const struct rule_set *rule_set_in_force(const struct rule_set *sets, size_t n, dv_date day)
{
	const struct rule_set *best = NULL;
	size_t i;

	/* the sets need not be sorted: the latest one in force wins */
	for (i = 0; sets && i < n; i++)
		if (sets[i].effective_from <= day &&
		    (!best || sets[i].effective_from > best->effective_from))
			best = &sets[i];
	return best;
}

const struct rule *rule_find(const struct rule_set *set, const char *code)
{
	size_t i;

	if (!set || !code)
		return NULL;
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->rules[i].code, code))
			return &set->rules[i];
	return NULL;
}

bool holiday_is_fixed(dv_date day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return (m == 1 && d == 1) || (m == 4 && d == 30) || (m == 5 && d == 1) ||
	       (m == 9 && d == 2);
}

bool holiday_is(const struct holidays *h, dv_date day)
{
	size_t lo = 0, hi;

	if (holiday_is_fixed(day))
		return true;
	if (!h || !h->extra)
		return false;
	/* binary search over the sorted added days */
	hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->extra[mid] == day)
			return true;
		if (h->extra[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool working_day(const struct holidays *h, dv_date day)
{
	return date_weekday(day) < 5 && !holiday_is(h, day);
}

/* The first working day on or after `day`; -1 when it would leave the supported years. */
static int roll_forward(const struct holidays *h, dv_date day, dv_date *out)
{
	dv_date last = last_day();

	while (!working_day(h, day)) {
		if (day >= last)
			return -1;
		day++;
	}
	*out = day;
	return 0;
}

/* The period a rule gives with the variants in `flags`; a variant of 0 means "same as days". */
static int period_days(const struct rule *r, unsigned flags)
{
	int complex = r->days_complex > 0 ? r->days_complex : r->days;
	int remote = r->days_remote > 0 ? r->days_remote : r->days;

	if ((flags & DL_REMOTE) && (flags & DL_COMPLEX)) {
		if (r->days_remote_complex > 0)
			return r->days_remote_complex;
		/* no figure for both: the longer of the two is the one the law grants */
		return complex > remote ? complex : remote;
	}
	if (flags & DL_COMPLEX)
		return complex;
	if (flags & DL_REMOTE)
		return remote;
	return r->days;
}

int deadline_compute(const struct rule *rule, int64_t rule_set_id, dv_date from, unsigned flags,
                     const struct holidays *h, struct deadline *out)
{
	dv_date first = first_day(), last = last_day(), day, due;
	int days, counted;

	if (!rule || !out || from < first || from > last)
		return -1;
	days = period_days(rule, flags);
	if (days <= 0 || (int64_t)days > (int64_t)last - from)
		return -1;
	if (rule->kind == DAYS_WORKING) {
		/* the anchor day is not counted: the days-th working day after it */
		day = from;
		counted = 0;
		while (counted < days) {
			if (day >= last)
				return -1;
			day++;
			if (working_day(h, day))
				counted++;
		}
		due = day; /* nothing to roll: the nominal day is the due day */
	} else {
		day = from + days;
		if (roll_forward(h, day, &due) < 0)
			return -1;
	}

	memset(out, 0, sizeof(*out));
	memcpy(out->rule_code, rule->code, RULE_CODE_MAX);
	out->rule_code[RULE_CODE_MAX - 1] = '\0';
	out->rule_set_id = rule_set_id;
	out->from = from;
	out->days = days;
	out->kind = rule->kind;
	out->anchor = rule->anchor;
	out->flags = flags & (DL_REMOTE | DL_COMPLEX);
	out->extensions = 0;
	out->nominal = day;
	out->due = due;
	return 0;
}

int deadline_extend(const struct rule *rule, struct deadline *d, int days, const struct holidays *h)
{
	dv_date nominal, due;

	if (!rule || !d)
		return -1;
	if (d->extensions < 0 || d->extensions >= rule->max_extensions)
		return -1;
	if (days < 1 || days > rule->extension_days)
		return -1;
	if ((int64_t)days > (int64_t)last_day() - d->due)
		return -1;
	nominal = d->due + days;
	if (roll_forward(h, nominal, &due) < 0)
		return -1;
	d->days += days;
	d->extensions++;
	d->nominal = nominal;
	d->due = due;
	return 0;
}

int deadline_days_left(const struct deadline *d, dv_date today)
{
	return (int)(d->due - today);
}

static const enum msg_id anchor_msg[ANCHOR__COUNT] = {
    [ANCHOR_RECEIPT] = M_DL_ANCHOR_RECEIPT,
    [ANCHOR_ACCEPTANCE] = M_DL_ANCHOR_ACCEPTANCE,
    [ANCHOR_DECISION] = M_DL_ANCHOR_DECISION,
    [ANCHOR_REQUEST] = M_DL_ANCHOR_REQUEST,
};

static void add_note(struct strbuf *out, enum lang lang, enum msg_id id)
{
	strbuf_addf(out, " (%s)", msg(lang, id));
}

void deadline_explain(const struct deadline *d, enum lang lang, struct strbuf *out)
{
	char due[11];
	enum msg_id unit;
	bool working = d->kind == DAYS_WORKING;

	if (d->days == 1)
		unit = working ? M_DL_WORKING_DAY : M_DL_CALENDAR_DAY;
	else
		unit = working ? M_DL_WORKING_DAYS : M_DL_CALENDAR_DAYS;
	date_format(d->due, due);
	strbuf_addf(out, "%s \xe2\x80\x94 %s, %d %s %s %s", due, d->rule_code, d->days,
	            msg(lang, unit), msg(lang, M_DL_FROM),
	            msg(lang, (unsigned)d->anchor < ANCHOR__COUNT ? anchor_msg[d->anchor]
	                                                          : M_DL_ANCHOR_RECEIPT));
	if (d->flags & DL_REMOTE)
		add_note(out, lang, M_DL_REMOTE);
	if (d->flags & DL_COMPLEX)
		add_note(out, lang, M_DL_COMPLEX);
	if (d->extensions == 1)
		add_note(out, lang, M_DL_EXTENDED_ONCE);
	else if (d->extensions == 2)
		add_note(out, lang, M_DL_EXTENDED_TWICE);
	else if (d->extensions > 2)
		strbuf_addf(out, " (%s %d %s)", msg(lang, M_DL_EXTENDED), d->extensions,
		            msg(lang, M_DL_TIMES));
	if (!working && d->due != d->nominal)
		add_note(out, lang,
		         date_weekday(d->nominal) >= 5 ? M_DL_ROLLED_WEEKEND : M_DL_ROLLED_HOLIDAY);
}

const char *day_kind_name(enum day_kind k)
{
	return k == DAYS_WORKING ? "working" : "calendar";
}

static const char *const anchor_names[ANCHOR__COUNT] = {
    [ANCHOR_RECEIPT] = "receipt",
    [ANCHOR_ACCEPTANCE] = "acceptance",
    [ANCHOR_DECISION] = "decision",
    [ANCHOR_REQUEST] = "request",
};

const char *rule_anchor_name(enum rule_anchor a)
{
	if ((unsigned)a >= ANCHOR__COUNT)
		return NULL;
	return anchor_names[a];
}

bool rule_anchor_parse(const char *s, enum rule_anchor *out)
{
	int a;

	if (!s)
		return false;
	for (a = 0; a < ANCHOR__COUNT; a++)
		if (!strcmp(anchor_names[a], s)) {
			*out = (enum rule_anchor)a;
			return true;
		}
	return false;
}
