/* page_work.c: activities of mass-mobilisation work: the list with filters and exports, the
 * log/edit form, one activity's page (measures, photos, history), deletion, photos; and the
 * helpers the other page_work*.c files share (page_work.h). */
#include "web/page_work.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "store/area.h"
#include "store/emulation.h"
#include "store/unit.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/parse.h"

#include "base/banned.h"

/* The store counts a list up to this many rows, then says "more" (10.000+). */
#define COUNT_SHOWN_MAX 10000

/* ================================================================ shared (page_work.h) */

bool work_arg_id(struct request *req, struct response *resp, int i, int64_t *id)
{
	if (i < 0 || i >= ROUTE_MAX_ARGS || !req->args[i] || !parse_int64(req->args[i], id) ||
	    *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return false;
	}
	return true;
}

bool work_opt_id(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	return parse_int64(s, out) && *out > 0;
}

int work_form_status(enum dv_err code)
{
	switch (code) {
	case DV_EINVAL:
		return 400;
	case DV_ECONFLICT:
	case DV_EEXIST:
	case DV_ELIMIT:
		return 409;
	default:
		return 0;
	}
}

static bool path_is_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return path && !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
}

void work_subnav(struct request *req, struct response *resp)
{
	static const struct {
		const char *href;
		enum msg_id label;
	} items[] = {
	    {"/activities", M_WORK_NAV_ACTIVITIES}, {"/rollups", M_WORK_NAV_ROLLUPS},
	    {"/plans", M_WORK_NAV_PLANS},           {"/groups", M_WORK_NAV_GROUPS},
	    {"/twinning", M_WORK_NAV_TWINNING},     {"/activity-types", M_WORK_NAV_TYPES},
	    {"/models", M_WORK_NAV_MODELS},         {"/campaigns", M_WORK_NAV_CAMPAIGNS},
	    {"/awards", M_WORK_NAV_AWARDS},         {"/criteria-sets", M_WORK_NAV_CRITERIA},
	};
	size_t i;

	html_f(&resp->body, "<nav class=\"subnav\" aria-label=\"%s\"><ul class=\"links\">",
	       T(req, M_WORK_NAV_LABEL));
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		html_f(&resp->body, "<li><a href=\"%s\"%R>%s</a></li>", items[i].href,
		       path_is_under(req->path, items[i].href) ? " aria-current=\"page\"" : "",
		       T(req, items[i].label));
	html_raw(&resp->body, "</ul></nav>\n");
}

void work_crumbs(struct request *req, struct response *resp, const char *href, const char *label,
                 const char *current)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/activities\">%s</a>"
	       "</li>",
	       T(req, M_BREADCRUMBS), T(req, M_NAV_WORK));
	if (href)
		html_f(b, "<li><a href=\"%s\">%s</a></li>", href, label ? label : "");
	html_f(b, "<li><span aria-current=\"page\">%s</span></li></ol></nav>",
	       current ? current : "");
}

const char *work_type_label(const struct request *req, const char *code, const char *name,
                            const char *name_en)
{
	if (!name && !name_en)
		return code ? code : "—";
	return page_pick(req, name, name_en);
}

void work_type_options(struct request *req, struct response *resp,
                       const struct activity_type *types, size_t n, const char *selected)
{
	size_t i;

	for (i = 0; i < n; i++) {
		bool sel = selected && !strcmp(selected, types[i].code);

		if (!types[i].active && !sel)
			continue;
		html_f(&resp->body, "<option value=\"%s\"%R>%s</option>", types[i].code,
		       sel ? " selected" : "",
		       work_type_label(req, types[i].code, types[i].name, types[i].name_en));
	}
}

const char *work_period(struct request *req, dv_date first, dv_date last)
{
	const char *s;

	if (!last || last == first)
		return page_date(req, first);
	s = arena_printf(req->arena, "%s – %s", page_date(req, first), page_date(req, last));
	return s ? s : page_date(req, first);
}

int work_export_wanted(struct request *req, struct response *resp, enum export_format *f)
{
	const char *s = params_get(&req->query, "format");

	if (!s || !*s || !strcmp(s, "html"))
		return 0;
	if (export_format_parse(s, f))
		return 1;
	resp_error(req, resp, 400, DV_EINVAL, "parameter 'format' must be csv or xlsx");
	return -1;
}

void work_export_send(struct request *req, struct response *resp, struct export_table *t,
                      enum export_format f, const char *base)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *ct = NULL, *ext = NULL, *cd;

	strbuf_reset(&resp->body);
	if (!t) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return;
	}
	if (export_render(t, f, &resp->body, &ct, &ext, &e) != DV_OK) {
		strbuf_reset(&resp->body);
		resp_fail(req, resp, &e);
		return;
	}
	resp->content_type = ct;
	cd = arena_printf(req->arena, "attachment; filename=\"%s.%s\"", base, ext ? ext : "");
	if (cd)
		resp_header(req, resp, "Content-Disposition", cd);
}

/* The current path and query, without page= and format=, then format=`fmt`. */
static const char *export_href(struct request *req, const char *fmt)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;
	size_t i;

	strbuf_init(&sb, 8192, 128);
	strbuf_addstr(&sb, req->path ? req->path : "/");
	strbuf_addch(&sb, '?');
	for (i = 0; i < req->query.n; i++) {
		const char *name = req->query.v[i].name;

		if (!strcmp(name, "page") || !strcmp(name, "format") || !strcmp(name, "deleted"))
			continue;
		html_url(&sb, name);
		strbuf_addch(&sb, '=');
		html_url(&sb, work_nz(req->query.v[i].value));
		strbuf_addch(&sb, '&');
	}
	strbuf_addstr(&sb, "format=");
	strbuf_addstr(&sb, fmt);
	out = sb.failed ? NULL : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return out ? out : "/";
}

void work_export_links(struct request *req, struct response *resp)
{
	html_f(&resp->body,
	       "<p class=\"links export\">%s: <a href=\"%s\" download>%s</a> · "
	       "<a href=\"%s\" download>%s</a></p>",
	       T(req, M_WORK_EXPORT), export_href(req, "xlsx"), T(req, M_WORK_EXPORT_XLSX),
	       export_href(req, "csv"), T(req, M_WORK_EXPORT_CSV));
}

const char *work_twinning_status_label(const struct request *req, enum twinning_status s)
{
	static const enum msg_id ids[TWIN__COUNT] = {[TWIN_PLANNED] = M_TWIN_PLANNED,
	                                             [TWIN_ACTIVE] = M_TWIN_ACTIVE,
	                                             [TWIN_ENDED] = M_TWIN_ENDED};

	return (unsigned)s < TWIN__COUNT ? T(req, ids[s]) : "—";
}

const char *work_plan_status_label(const struct request *req, enum plan_status s)
{
	static const enum msg_id ids[PLAN__COUNT] = {[PLAN_DRAFT] = M_PLAN_DRAFT,
	                                             [PLAN_SUBMITTED] = M_PLAN_SUBMITTED,
	                                             [PLAN_APPROVED] = M_PLAN_APPROVED,
	                                             [PLAN_RETURNED] = M_PLAN_RETURNED};

	return (unsigned)s < PLAN__COUNT ? T(req, ids[s]) : "—";
}

const char *work_indicator_label(const struct request *req, enum target_indicator i)
{
	static const enum msg_id ids[IND__COUNT] = {[IND_ACTIVITIES] = M_IND_ACTIVITIES,
	                                            [IND_HOUSEHOLDS] = M_IND_HOUSEHOLDS,
	                                            [IND_PERSONS] = M_IND_PERSONS,
	                                            [IND_WORKDAYS] = M_IND_WORKDAYS,
	                                            [IND_VALUE] = M_IND_VALUE,
	                                            [IND_MEASURE] = M_IND_MEASURE,
	                                            [IND_CASES_ON_TIME] = M_IND_CASES_ON_TIME};

	return (unsigned)i < IND__COUNT ? T(req, ids[i]) : "—";
}

/* ================================================================ the list */

static const char *activity_href(struct request *req, int64_t id, const char *tail)
{
	const char *s =
	    arena_printf(req->arena, "/activities/%lld%s", (long long)id, tail ? tail : "");

	return s ? s : "/activities";
}

/* What the filters of the list ask, checked; `problem` says what was malformed. */
struct list_query {
	const char *q, *type, *unit, *area, *from, *to, *group, *target;
};

static void filter_form(struct request *req, struct response *resp, const struct list_query *lq,
                        const struct activity_type *types, size_t ntypes)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/activities\" "
	       "role=\"search\"><div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" "
	       "name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_ACT_SEARCH), work_nz(lq->q));
	html_f(b,
	       "<div class=\"field\"><label for=\"type\">%s</label><select id=\"type\" "
	       "name=\"type\"><option value=\"\">%s</option>",
	       T(req, M_ACT_TYPE), T(req, M_WORK_ANY_TYPE));
	work_type_options(req, resp, types, ntypes, lq->type);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"unit\">%s</label><input "
	       "id=\"unit\" name=\"unit\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" "
	       "value=\"%s\"><p class=\"hint\">%s</p></div>",
	       T(req, M_ACT_FILTER_UNIT), work_nz(lq->unit), T(req, M_WORK_HINT_SUBTREE));
	html_f(b,
	       "<div class=\"field\"><label for=\"area\">%s</label><input id=\"area\" "
	       "name=\"area\" type=\"text\" maxlength=\"32\" value=\"%s\"><p class=\"hint\">%s"
	       "</p></div>",
	       T(req, M_WORK_AREA_CODE), work_nz(lq->area), T(req, M_WORK_HINT_AREA_SUBTREE));
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"from\">%s</label><input id=\"from\" name=\"from\" "
	    "type=\"date\" value=\"%s\"></div><div class=\"field\"><label for=\"to\">%s</label>"
	    "<input id=\"to\" name=\"to\" type=\"date\" value=\"%s\"></div>",
	    T(req, M_WORK_FROM), work_nz(lq->from), T(req, M_WORK_TO), work_nz(lq->to));
	html_f(b,
	       "<div class=\"field\"><label for=\"group\">%s</label><input id=\"group\" "
	       "name=\"group\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\">"
	       "</div><div class=\"field\"><label for=\"target\">%s</label><input id=\"target\" "
	       "name=\"target\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\">"
	       "</div>",
	       T(req, M_ACT_GROUP_ID), work_nz(lq->group), T(req, M_ACT_TARGET_ID),
	       work_nz(lq->target));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/activities\">"
	       "%s</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
}

static void activity_table(struct request *req, struct response *resp, const struct activity *v,
                           size_t n)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list activities\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" "
	       "class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" "
	       "class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_ACT_DATE), T(req, M_ACT_TYPE), T(req, M_ACT_TITLE), T(req, M_ACT_LEAD_UNIT),
	       T(req, M_WORK_AREA), T(req, M_ACT_PARTICIPANTS), T(req, M_ACT_BENEFICIARIES),
	       T(req, M_ACT_VALUE_TOTAL));
	for (i = 0; i < n; i++) {
		const struct activity *x = &v[i];

		html_f(b,
		       "<tr><td>%s</td><td>%s</td><td><a href=\"/activities/%D\">%s</a></td>"
		       "<td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">",
		       work_period(req, x->start_on, x->end_on),
		       work_type_label(req, x->type_code, x->type_name, x->type_name_en), x->id,
		       work_nz(x->title), work_nz(x->lead_unit_name),
		       x->area_name ? x->area_name : work_nz(x->area_code),
		       page_int(req, x->f.participants));
		html_f(b, T(req, M_ACT_HH_PERSONS), page_int(req, x->f.households),
		       page_int(req, x->f.persons));
		html_f(b, "</td><td class=\"num\">%s</td></tr>",
		       page_int(req, x->f.value_cash + x->f.value_kind));
	}
	html_raw(b, "</tbody></table></div>\n");
}

static void export_activities(struct request *req, struct response *resp, enum export_format fmt,
                              const struct activity *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_ACT_START), EXPORT_COL_DATE, 0},
	    {T(req, M_ACT_END), EXPORT_COL_DATE, 0},
	    {T(req, M_WORK_TYPE_CODE), EXPORT_COL_TEXT, 14},
	    {T(req, M_ACT_TYPE), EXPORT_COL_TEXT, 30},
	    {T(req, M_ACT_TITLE), EXPORT_COL_TEXT, 40},
	    {T(req, M_ACT_LEAD_UNIT_ID), EXPORT_COL_INT, 10},
	    {T(req, M_ACT_LEAD_UNIT), EXPORT_COL_TEXT, 30},
	    {T(req, M_WORK_AREA_CODE), EXPORT_COL_TEXT, 10},
	    {T(req, M_WORK_AREA), EXPORT_COL_TEXT, 30},
	    {T(req, M_ACT_PARTICIPANTS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_WORKDAYS), EXPORT_COL_NUM, 0},
	    {T(req, M_ACT_HOUSEHOLDS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_PERSONS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_VALUE_CASH), EXPORT_COL_MONEY, 0},
	    {T(req, M_ACT_VALUE_KIND), EXPORT_COL_MONEY, 0},
	    {T(req, M_ACT_GROUP_ID), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_DESCRIPTION), EXPORT_COL_TEXT, 50},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_ACT_LIST_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		const struct activity *x = &v[i];

		export_int(t, x->id);
		export_date(t, x->start_on);
		export_date(t, x->end_on);
		export_text(t, x->type_code);
		export_text(t, work_type_label(req, x->type_code, x->type_name, x->type_name_en));
		export_text(t, x->title);
		export_int(t, x->lead_unit_id);
		export_text(t, x->lead_unit_name);
		export_text(t, x->area_code);
		export_text(t, x->area_name);
		export_int(t, x->f.participants);
		export_num(t, x->f.workdays);
		export_int(t, x->f.households);
		export_int(t, x->f.persons);
		export_int(t, x->f.value_cash);
		export_int(t, x->f.value_kind);
		if (x->working_group_id)
			export_int(t, x->working_group_id);
		else
			export_empty(t);
		export_text(t, x->description);
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "activities");
}

void h_activities(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *q = &req->query;
	struct strbuf *b = &resp->body;
	struct list_query lq;
	struct activity_filter f;
	struct activity_type *types = NULL;
	struct activity *rows = NULL;
	const struct activity_type *t;
	size_t ntypes = 0, n = 0;
	int64_t page = page_number(req), total = 0;
	const char *problem = NULL;
	enum export_format fmt = EXPORT_CSV;
	bool own = false, none = false;
	int want = work_export_wanted(req, resp, &fmt);
	struct area ar;

	if (want < 0)
		return;
	memset(&lq, 0, sizeof(lq));
	lq.q = params_get(q, "q");
	lq.type = params_get(q, "type");
	lq.unit = params_get(q, "unit");
	lq.area = params_get(q, "area");
	lq.from = params_get(q, "from");
	lq.to = params_get(q, "to");
	lq.group = params_get(q, "group");
	lq.target = params_get(q, "target");

	memset(&f, 0, sizeof(f));
	f.query = work_opt(lq.q);
	if (!work_opt_id(lq.unit, &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	else if (!work_opt_id(lq.group, &f.working_group_id) ||
	         !work_opt_id(lq.target, &f.target_id))
		problem = T(req, M_WORK_BAD_NUMBER);
	else if ((work_opt(lq.from) && !date_parse(lq.from, &f.from)) ||
	         (work_opt(lq.to) && !date_parse(lq.to, &f.to)))
		problem = T(req, M_WORK_BAD_DATE);
	if (want) {
		f.unlimited = true;
	} else {
		f.limit = WORK_PER_PAGE;
		f.offset = (size_t)((page - 1) * WORK_PER_PAGE);
	}
	if (problem && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_activity_types(req->app, req->db, req->arena, &types, &ntypes, &e) != DV_OK)
		goto fail_tx;
	if (work_opt(lq.type)) {
		t = activity_type_by_code(types, ntypes, lq.type);
		if (t)
			f.type_id = t->id;
		else
			none = true; /* an unknown type matches nothing */
	}
	if (!problem && work_opt(lq.area)) {
		if (area_get(req->db, &req->scope, lq.area, req->arena, &ar, &e) == DV_OK) {
			f.area_id = ar.id;
		} else if (e.code == DV_ENOTFOUND) {
			dv_error_clear(&e);
			problem =
			    arena_printf(req->arena, "%s: '%s'", T(req, M_WORK_NO_AREA), lq.area);
			if (!problem)
				problem = T(req, M_ERR_NOT_FOUND);
		} else {
			goto fail_tx;
		}
	}
	if (problem && want) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (!problem && !none &&
	    activity_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK)
		goto fail_tx;
	if (want) {
		page_read_end(req, own);
		export_activities(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_ACT_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1>", T(req, M_ACT_LIST_TITLE));
	if (params_get(q, "deleted"))
		page_notice(req, resp, "ok", T(req, M_ACT_DELETED));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/activities/new\">%s</a> "
		       "<a class=\"button secondary\" href=\"/activities/import\">%s</a></p>",
		       T(req, M_ACT_NEW), T(req, M_ACT_IMPORT));
	filter_form(req, resp, &lq, types, ntypes);
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s%R</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total > COUNT_SHOWN_MAX ? COUNT_SHOWN_MAX : total),
	       total > COUNT_SHOWN_MAX ? "+" : "");
	if (n) {
		activity_table(req, resp, rows, n);
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ the log/edit form */

/* What the form shows: an activity as stored (edit) or as typed (a refused POST). */
struct act_form {
	int64_t id; /* 0: a new activity */
	const char *revision;
	const char *type, *lead_unit, *units, *area, *start_on, *end_on, *title, *description;
	const char *participants, *workdays, *households, *persons, *value_cash, *value_kind;
	const char *working_group, *target;
	const struct params *posted;   /* measure values as typed */
	const struct activity *stored; /* measure values as stored */
};

/* The first non-empty value of `name` in `p` (two types may share a measure code). */
static const char *first_value(const struct params *p, const char *name)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, name))
			continue;
		if (p->v[i].value && *p->v[i].value)
			return p->v[i].value;
		if (!first)
			first = p->v[i].value;
	}
	return first;
}

static const char *measure_field(struct request *req, const char *code)
{
	const char *s = arena_printf(req->arena, "measure.%s", code);

	return s ? s : "measure.";
}

/* A number for an input the use case reads back: plain digits, '.' as the decimal mark. */
static const char *plain_num(struct request *req, double v)
{
	const char *s = arena_printf(req->arena, "%.15g", v);

	return s ? s : "";
}

static const char *plain_int(struct request *req, int64_t v, bool zero_blank)
{
	const char *s;

	if (!v && zero_blank)
		return "";
	s = arena_printf(req->arena, "%lld", (long long)v);
	return s ? s : "";
}

static const char *measure_value(struct request *req, const struct act_form *f,
                                 const struct activity_type *t, const struct measure_def *m)
{
	size_t i;

	if (f->posted)
		return work_nz(first_value(f->posted, measure_field(req, m->code)));
	if (f->stored && f->stored->type_code && !strcmp(f->stored->type_code, t->code))
		for (i = 0; i < f->stored->n_measures; i++)
			if (f->stored->measures[i].code &&
			    !strcmp(f->stored->measures[i].code, m->code))
				return plain_num(req, f->stored->measures[i].value);
	return "";
}

static void input(struct request *req, struct response *resp, const char *name, enum msg_id label,
                  const char *value, int max, bool required, const char *attrs, enum msg_id hint)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"text\" value=\"%s\" maxlength=\"%d\"%R%R",
	       name, T(req, label), required ? " *" : "", name, name, work_nz(value), max,
	       required ? " required" : "", attrs ? attrs : "");
	if (hint)
		html_f(
		    b,
		    " aria-describedby=\"%s_hint\"><p class=\"hint\" id=\"%s_hint\">%s</p></div>",
		    name, name, T(req, hint));
	else
		html_raw(b, "></div>");
}

static void date_input(struct request *req, struct response *resp, const char *name,
                       enum msg_id label, const char *value, bool required)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"date\" value=\"%s\"%R></div>",
	       name, T(req, label), required ? " *" : "", name, name, work_nz(value),
	       required ? " required" : "");
}

#define NUMERIC " inputmode=\"numeric\""
#define DECIMAL " inputmode=\"decimal\""

static void measure_inputs(struct request *req, struct response *resp, const struct act_form *f,
                           const struct activity_type *types, size_t ntypes)
{
	struct strbuf *b = &resp->body;
	size_t i, k;

	html_f(b, "<fieldset class=\"measures\"><legend>%s</legend><p class=\"hint\">%s</p>",
	       T(req, M_ACT_MEASURES), T(req, M_ACT_MEASURES_HINT));
	for (i = 0; i < ntypes; i++) {
		const struct activity_type *t = &types[i];
		bool sel = f->type && !strcmp(f->type, t->code);

		if (!t->n_measures || (!t->active && !sel))
			continue;
		html_f(b, "<fieldset class=\"measure-type\"><legend>%s</legend>",
		       work_type_label(req, t->code, t->name, t->name_en));
		for (k = 0; k < t->n_measures; k++) {
			const struct measure_def *m = &t->measures[k];

			html_f(b,
			       "<div class=\"field\"><label for=\"m_%s_%s\">%s (%s)</label><input "
			       "id=\"m_%s_%s\" name=\"measure.%s\" type=\"text\" "
			       "inputmode=\"decimal\" "
			       "maxlength=\"30\" value=\"%s\"></div>",
			       t->code, m->code, page_pick(req, m->name, m->name_en),
			       page_pick(req, m->unit_label, m->unit_label_en), t->code, m->code,
			       m->code, measure_value(req, f, t, m));
		}
		html_raw(b, "</fieldset>");
	}
	html_raw(b, "</fieldset>");
}

/* The form page: new (f->id 0) or edit; `conflict` adds the reload link of a 409. */
static void render_form(struct request *req, struct response *resp, int status,
                        const struct act_form *f, const char *error, bool conflict)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct activity_type *types = NULL;
	size_t ntypes = 0;
	bool own = false;
	const char *title, *current;

	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (app_activity_types(req->app, req->db, req->arena, &types, &ntypes, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	resp->status = status;
	title = T(req, f->id ? M_ACT_EDIT_TITLE : M_ACT_NEW_TITLE);
	page_begin(req, resp, title);
	page_read_end(req, own);

	current = f->id ? T(req, M_WORK_EDIT) : T(req, M_ACT_NEW);
	if (f->id)
		html_f(b,
		       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/activities\">%s"
		       "</a></li><li><a href=\"/activities/%D\">%s</a></li><li><span "
		       "aria-current=\"page\">%s</span></li></ol></nav>",
		       T(req, M_BREADCRUMBS), T(req, M_NAV_WORK), f->id,
		       work_opt(f->title) ? f->title : T(req, M_ACT_ONE), current);
	else
		work_crumbs(req, resp, NULL, NULL, current);
	html_f(b, "<h1>%s</h1>", title);
	if (error)
		page_notice(req, resp, "error", error);
	if (conflict)
		html_f(b, "<p class=\"conflict\">%s <a href=\"/activities/%D/edit\">%s</a></p>",
		       T(req, M_ACT_CONFLICT), f->id, T(req, M_ACT_RELOAD));
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_WORK_REQUIRED_NOTE));
	form_begin(req, resp, f->id ? activity_href(req, f->id, NULL) : "/activities");
	if (f->id)
		html_f(b, "<input type=\"hidden\" name=\"revision\" value=\"%s\">",
		       work_nz(f->revision));
	html_f(b,
	       "<div class=\"field\"><label for=\"type\">%s *</label><select id=\"type\" "
	       "name=\"type\" required><option value=\"\">%s</option>",
	       T(req, M_ACT_TYPE), T(req, M_CHOOSE));
	work_type_options(req, resp, types, ntypes, f->type);
	html_raw(b, "</select></div>");
	input(req, resp, "title", M_ACT_TITLE, f->title, WORK_TITLE_MAX, true, NULL, 0);
	html_f(b,
	       "<div class=\"field\"><label for=\"description\">%s</label><textarea "
	       "id=\"description\" name=\"description\" rows=\"5\" maxlength=\"%d\">%s</textarea>"
	       "</div>",
	       T(req, M_ACT_DESCRIPTION), WORK_TEXT_MAX, work_nz(f->description));
	date_input(req, resp, "start_on", M_ACT_START, f->start_on, true);
	date_input(req, resp, "end_on", M_ACT_END, f->end_on, false);
	input(req, resp, "lead_unit", M_ACT_LEAD_UNIT_ID, f->lead_unit, 19, true, NUMERIC,
	      M_HINT_UNIT_ID);
	input(req, resp, "units", M_ACT_UNITS, f->units, 400, false, NULL, M_ACT_UNITS_HINT);
	input(req, resp, "area", M_WORK_AREA_CODE, f->area, 32, true, NULL, M_WORK_HINT_AREA);
	html_f(b, "<fieldset><legend>%s</legend>", T(req, M_ACT_FIGURES));
	input(req, resp, "participants", M_ACT_PARTICIPANTS, f->participants, 20, false, NUMERIC,
	      0);
	input(req, resp, "workdays", M_ACT_WORKDAYS, f->workdays, 20, false, DECIMAL, 0);
	input(req, resp, "households", M_ACT_HOUSEHOLDS, f->households, 20, false, NUMERIC, 0);
	input(req, resp, "persons", M_ACT_PERSONS, f->persons, 20, false, NUMERIC, 0);
	input(req, resp, "value_cash", M_ACT_VALUE_CASH, f->value_cash, 25, false, NUMERIC,
	      M_ACT_VALUE_HINT);
	input(req, resp, "value_kind", M_ACT_VALUE_KIND, f->value_kind, 25, false, NUMERIC, 0);
	html_raw(b, "</fieldset>");
	measure_inputs(req, resp, f, types, ntypes);
	input(req, resp, "working_group", M_ACT_GROUP_ID, f->working_group, 19, false, NUMERIC,
	      M_ACT_GROUP_HINT);
	input(req, resp, "target", M_ACT_TARGET_ID, f->target, 19, false, NUMERIC,
	      M_ACT_TARGET_HINT);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a>"
	       "</div>",
	       T(req, f->id ? M_SAVE : M_ACT_CREATE),
	       f->id ? activity_href(req, f->id, NULL) : "/activities", T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

static void form_from_post(struct request *req, struct act_form *f)
{
	const struct params *p = &req->form;

	memset(f, 0, sizeof(*f));
	f->revision = params_get(p, "revision");
	f->type = params_get(p, "type");
	f->lead_unit = params_get(p, "lead_unit");
	f->units = params_get(p, "units");
	f->area = params_get(p, "area");
	f->start_on = params_get(p, "start_on");
	f->end_on = params_get(p, "end_on");
	f->title = params_get(p, "title");
	f->description = params_get(p, "description");
	f->participants = params_get(p, "participants");
	f->workdays = params_get(p, "workdays");
	f->households = params_get(p, "households");
	f->persons = params_get(p, "persons");
	f->value_cash = params_get(p, "value_cash");
	f->value_kind = params_get(p, "value_kind");
	f->working_group = params_get(p, "working_group");
	f->target = params_get(p, "target");
	f->posted = p;
}

static const char *ymd(struct request *req, dv_date d)
{
	char buf[11];

	if (!d)
		return "";
	date_format(d, buf);
	return arena_strdup(req->arena, buf);
}

static void form_from_activity(struct request *req, const struct activity *x, struct act_form *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->id = x->id;
	f->revision = plain_int(req, x->revision, false);
	f->type = x->type_code;
	f->lead_unit = plain_int(req, x->lead_unit_id, true);
	strbuf_init(&sb, 1024, 64);
	for (i = 0; i < x->n_units; i++)
		strbuf_addf(&sb, "%s%lld", i ? ", " : "", (long long)x->unit_ids[i]);
	f->units = sb.failed ? "" : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	f->area = x->area_code;
	f->start_on = ymd(req, x->start_on);
	f->end_on = x->end_on != x->start_on ? ymd(req, x->end_on) : "";
	f->title = x->title;
	f->description = x->description;
	f->participants = plain_int(req, x->f.participants, true);
	f->workdays = x->f.workdays ? plain_num(req, x->f.workdays) : "";
	f->households = plain_int(req, x->f.households, true);
	f->persons = plain_int(req, x->f.persons, true);
	f->value_cash = plain_int(req, x->f.value_cash, true);
	f->value_kind = plain_int(req, x->f.value_kind, true);
	f->working_group = plain_int(req, x->working_group_id, true);
	f->target = plain_int(req, x->target_id, true);
	f->stored = x;
}

/* The use case's input from the form: only the measures of the chosen type are passed. */
static void input_from_form(struct request *req, const struct act_form *f,
                            const struct activity_type *types, size_t ntypes,
                            struct activity_input *in)
{
	const struct activity_type *t =
	    f->type ? activity_type_by_code(types, ntypes, f->type) : NULL;
	size_t k;

	memset(in, 0, sizeof(*in));
	in->type = f->type;
	in->lead_unit = f->lead_unit;
	in->units = f->units;
	in->area = f->area;
	in->start_on = f->start_on;
	in->end_on = f->end_on;
	in->title = f->title;
	in->description = f->description;
	in->participants = f->participants;
	in->workdays = f->workdays;
	in->households = f->households;
	in->persons = f->persons;
	in->value_cash = f->value_cash;
	in->value_kind = f->value_kind;
	in->working_group = f->working_group;
	in->target = f->target;
	for (k = 0; t && k < t->n_measures && in->n_measures < WORK_MEASURES_MAX; k++) {
		const char *v = first_value(&req->form, measure_field(req, t->measures[k].code));

		if (!v || !*v)
			continue;
		in->measure_code[in->n_measures] = t->measures[k].code;
		in->measure_value[in->n_measures] = v;
		in->n_measures++;
	}
}

void h_activity_new(struct request *req, struct response *resp)
{
	struct act_form f;
	dv_date now = date_of_instant(time_now());

	memset(&f, 0, sizeof(f));
	f.lead_unit = plain_int(req, req->who->unit_id, true);
	f.start_on = ymd(req, now);
	/* links from a working group or a plan's target come with it filled in */
	f.working_group = params_get(&req->query, "group");
	f.target = params_get(&req->query, "target");
	f.type = params_get(&req->query, "type");
	f.area = params_get(&req->query, "area");
	render_form(req, resp, 200, &f, NULL, false);
}

/* Save from the form (id 0 creates); answers with a redirect, the form again, or an error. */
static void save(struct request *req, struct response *resp, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct act_form f;
	struct activity_input in;
	struct activity_type *types = NULL;
	size_t ntypes = 0;
	int64_t rev = -1, out_id = 0;
	int status;

	form_from_post(req, &f);
	f.id = id;
	if (id && (!f.revision || !parse_int64(f.revision, &rev) || rev > 1000000000))
		rev = -1; /* a revision that never matches: a conflict, not a lost update */
	if (app_activity_types(req->app, req->db, req->arena, &types, &ntypes, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	input_from_form(req, &f, types, ntypes, &in);
	if (app_activity_save(req->app, req->db, &req->scope, req->who->login, id,
	                               (int)rev, &in, &out_id, &e) == DV_OK) {
		resp_redirect(req, resp, activity_href(req, out_id ? out_id : id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e); /* 404 out of scope, 403, 5xx */
		return;
	}
	render_form(req, resp, status, &f, page_error_text(req, &e), e.code == DV_ECONFLICT);
}

void h_activity_create(struct request *req, struct response *resp)
{
	save(req, resp, 0);
}

void h_activity_update(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		save(req, resp, id);
}

/*
 * Whether the user may change the activity: a write role and the lead unit in their subtree
 * (an activity seen through its area or a participating unit is read only). Inside the read.
 */
static bool lead_is_ours(struct request *req, const struct activity *x)
{
	struct unit u;

	return scope_can(&req->scope, PERM_WORK_WRITE) &&
	       unit_get(req->db, &req->scope, x->lead_unit_id, req->arena, &u, NULL) == DV_OK;
}

void h_activity_edit(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity x;
	struct act_form f;
	bool own = false;
	int64_t id;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (activity_get(req->db, &req->scope, id, req->arena, &x, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	if (!lead_is_ours(req, &x)) {
		page_read_fail(req);
		resp_error(req, resp, 403, DV_EPERM,
		           "only the lead unit and its superiors may change this activity");
		return;
	}
	page_read_end(req, own);
	form_from_activity(req, &x, &f);
	render_form(req, resp, 200, &f, NULL, false);
}

/* ================================================================ one activity */

static const char *revision_action(struct request *req, const char *action)
{
	if (!action)
		return "—";
	if (!strcmp(action, "created"))
		return T(req, M_ACT_REV_CREATED);
	if (!strcmp(action, "edited"))
		return T(req, M_ACT_REV_EDITED);
	if (!strcmp(action, "deleted"))
		return T(req, M_ACT_REV_DELETED);
	return action;
}

static void details(struct request *req, struct response *resp, const struct activity *x)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_ACT_TYPE),
	       work_type_label(req, x->type_code, x->type_name, x->type_name_en));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_ACT_DATE),
	       work_period(req, x->start_on, x->end_on));
	html_f(b, "<dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd>", T(req, M_ACT_LEAD_UNIT),
	       x->lead_unit_id, work_nz(x->lead_unit_name));
	html_f(b, "<dt>%s</dt><dd>", T(req, M_ACT_UNITS));
	if (!x->n_units)
		html_raw(b, "—");
	for (i = 0; i < x->n_units; i++)
		html_f(b, "%R<a href=\"/units/%D\">%s</a>", i ? ", " : "", x->unit_ids[i],
		       x->unit_names && x->unit_names[i] ? x->unit_names[i] : "");
	html_f(b, "</dd><dt>%s</dt><dd>", T(req, M_WORK_AREA));
	if (x->area_code)
		html_f(b, "<a href=\"/areas/%U\">%s</a> <code>%s</code>", x->area_code,
		       x->area_name ? x->area_name : x->area_code, x->area_code);
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd>", T(req, M_ACT_PARTICIPANTS),
	       page_int(req, x->f.participants));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_ACT_WORKDAYS),
	       page_num(req, x->f.workdays, 2));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_ACT_HOUSEHOLDS),
	       page_int(req, x->f.households));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_ACT_PERSONS), page_int(req, x->f.persons));
	html_f(b, "<dt>%s</dt><dd>%s %s</dd>", T(req, M_ACT_VALUE_CASH),
	       page_int(req, x->f.value_cash), T(req, M_WORK_VND));
	html_f(b, "<dt>%s</dt><dd>%s %s</dd>", T(req, M_ACT_VALUE_KIND),
	       page_int(req, x->f.value_kind), T(req, M_WORK_VND));
	html_f(b, "<dt>%s</dt><dd><strong>%s</strong> %s</dd>", T(req, M_ACT_VALUE_TOTAL),
	       page_int(req, x->f.value_cash + x->f.value_kind), T(req, M_WORK_VND));
	html_f(b, "<dt>%s</dt><dd>", T(req, M_ACT_GROUP));
	if (x->working_group_id)
		html_f(b, "<a href=\"/groups/%D\">%s</a>", x->working_group_id,
		       x->working_group_name ? x->working_group_name : "#");
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>", T(req, M_ACT_TARGET));
	if (x->target_id)
		html_f(b, "#%D", x->target_id);
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>%d</dd>", T(req, M_ACT_REVISION), x->revision);
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_CREATED), page_time(req, x->created_at));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_UPDATED), page_time(req, x->updated_at));
	html_raw(b, "</dl>");
}

static void measures(struct request *req, struct response *resp, const struct activity *x)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<h2>%s</h2>", T(req, M_ACT_MEASURES));
	if (!x->n_measures) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NO_MEASURES));
		return;
	}
	html_raw(b, "<dl class=\"details measures\">");
	for (i = 0; i < x->n_measures; i++)
		html_f(b, "<dt>%s</dt><dd>%s %s</dd>", work_nz(x->measures[i].name),
		       page_num(req, x->measures[i].value, 3), work_nz(x->measures[i].unit_label));
	html_raw(b, "</dl>");
}

static void photos(struct request *req, struct response *resp, const struct activity *x,
                   const struct activity_photo *p, size_t n, bool can_write)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"photos\"><h2>%s (%zu)</h2>", T(req, M_ACT_PHOTOS), n);
	if (!n)
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NO_PHOTOS));
	else
		html_raw(b, "<ul class=\"photos\">");
	for (i = 0; i < n; i++) {
		const char *cap = work_opt(p[i].caption);

		html_f(b,
		       "<li><figure><a href=\"/photos/%D\"><img src=\"/photos/%D\" alt=\"%s\" "
		       "width=\"240\" loading=\"lazy\"></a><figcaption>%s <span class=\"muted\">"
		       "%s</span></figcaption></figure>",
		       p[i].id, p[i].id, cap ? cap : T(req, M_ACT_PHOTO_ALT), cap ? cap : "",
		       page_time(req, p[i].created_at));
		if (can_write) {
			form_begin(
			    req, resp,
			    arena_printf(req->arena, "/photos/%lld/delete", (long long)p[i].id));
			html_f(b, "<button type=\"submit\" class=\"small danger\">%s</button>",
			       T(req, M_ACT_PHOTO_DELETE));
			form_end(req, resp);
		}
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>");
	if (can_write && n < PHOTOS_PER_ACTIVITY) {
		html_f(b,
		       "<h3>%s</h3><form method=\"post\" action=\"/activities/%D/photos\" "
		       "enctype=\"multipart/form-data\">",
		       T(req, M_ACT_PHOTO_ADD), x->id);
		form_csrf(req, resp);
		html_f(b,
		       "<div class=\"field\"><label for=\"photo\">%s *</label><input id=\"photo\" "
		       "name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp\" "
		       "required aria-describedby=\"photo_hint\"><p class=\"hint\" "
		       "id=\"photo_hint\">",
		       T(req, M_ACT_PHOTO_FILE));
		html_f(b, T(req, M_ACT_PHOTO_HINT), PHOTO_MAX_BYTES / (1024 * 1024),
		       PHOTOS_PER_ACTIVITY);
		html_f(b,
		       "</p></div><div class=\"field\"><label for=\"caption\">%s</label><input "
		       "id=\"caption\" name=\"caption\" type=\"text\" maxlength=\"200\"></div>"
		       "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_ACT_PHOTO_CAPTION), T(req, M_ACT_PHOTO_UPLOAD));
		form_end(req, resp);
	}
	html_raw(b, "</section>");
}

static void history(struct request *req, struct response *resp, const struct activity_revision *r,
                    size_t n)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<section id=\"history\"><h2>%s</h2>", T(req, M_ACT_HISTORY));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p></section>", T(req, M_ACT_NO_HISTORY));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list history\"><thead><tr><th "
	       "scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_ACT_REVISION), T(req, M_ACT_REV_ACTION), T(req, M_ACT_REV_WHEN),
	       T(req, M_ACT_REV_WHO), T(req, M_ACT_REV_SNAPSHOT));
	for (i = 0; i < n; i++)
		html_f(b,
		       "<tr><td class=\"num\">%d</td><td>%s</td><td>%s</td><td>%s</td><td><details>"
		       "<summary>%s</summary><pre class=\"snapshot\">%s</pre></details></td></tr>",
		       r[i].revision, revision_action(req, r[i].action), page_time(req, r[i].at),
		       r[i].user_name ? r[i].user_name : T(req, M_CASE_SYSTEM),
		       T(req, M_ACT_REV_SHOW), work_nz(r[i].snapshot));
	html_raw(b, "</tbody></table></div></section>");
}

/* The activity's page; `error` comes from a refused action on it (delete, photo). */
static void render_activity(struct request *req, struct response *resp, int status, int64_t id,
                            const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct activity x;
	struct activity_photo *ph = NULL;
	struct activity_revision *revs = NULL;
	struct model_filter mf;
	struct model *models = NULL;
	size_t nph = 0, nrev = 0, nmod = 0, i;
	bool own = false, can_change;

	memset(&mf, 0, sizeof(mf));
	mf.kind = mf.field = mf.status = mf.level = -1;
	mf.activity_id = id;
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (activity_get(req->db, &req->scope, id, req->arena, &x, &e) != DV_OK ||
	    activity_photos(req->db, &req->scope, id, req->arena, &ph, &nph, &e) != DV_OK ||
	    activity_revisions(req->db, &req->scope, id, req->arena, &revs, &nrev, &e) != DV_OK ||
	    model_list(req->db, &req->scope, &mf, req->arena, &models, &nmod, NULL, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	can_change = lead_is_ours(req, &x);
	resp->status = status;
	page_begin(req, resp, work_nz(x.title));
	page_read_end(req, own);

	work_crumbs(req, resp, NULL, NULL, work_nz(x.title));
	html_f(b, "<h1>%s</h1>", work_nz(x.title));
	if (error)
		page_notice(req, resp, "error", error);
	if (scope_can(&req->scope, PERM_WORK_WRITE)) {
		html_raw(b, "<p class=\"actions\">");
		if (can_change)
			html_f(b, "<a class=\"button\" href=\"/activities/%D/edit\">%s</a> ", x.id,
			       T(req, M_WORK_EDIT));
		html_f(b,
		       "<a class=\"button secondary\" href=\"/activities/new?type=%U&amp;area=%U\">"
		       "%s</a></p>",
		       work_nz(x.type_code), work_nz(x.area_code), T(req, M_ACT_NEW_LIKE));
	}
	if (!can_change && scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b, "<p class=\"hint\">%s</p>", T(req, M_ACT_NOT_YOURS));
	details(req, resp, &x);
	html_f(b, "<h2>%s</h2><div class=\"text\">%s</div>", T(req, M_ACT_DESCRIPTION),
	       work_opt(x.description) ? x.description : "—");
	measures(req, resp, &x);
	/* the "clever mass mobilisation" models this activity is a result of */
	if (nmod) {
		html_f(b, "<h2>%s</h2><ul>", T(req, M_WORK_NAV_MODELS));
		for (i = 0; i < nmod; i++)
			html_f(b, "<li><a href=\"/models/%D\">%s</a> — %s</li>", models[i].id,
			       work_nz(models[i].name), work_nz(models[i].owner_unit_name));
		html_raw(b, "</ul>");
	}
	photos(req, resp, &x, ph, nph, can_change);
	history(req, resp, revs, nrev);
	if (can_change && scope_can(&req->scope, PERM_WORK_APPROVE)) {
		html_f(b, "<section class=\"danger-zone\"><details><summary>%s</summary><p>%s</p>",
		       T(req, M_ACT_DELETE), T(req, M_ACT_DELETE_WARN));
		form_begin(req, resp, activity_href(req, x.id, "/delete"));
		html_f(
		    b,
		    "<input type=\"hidden\" name=\"revision\" value=\"%d\"><div class=\"actions\">"
		    "<button type=\"submit\" class=\"danger\">%s</button></div>",
		    x.revision, T(req, M_ACT_DELETE));
		form_end(req, resp);
		html_raw(b, "</details></section>");
	}
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_activity(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_activity(req, resp, 200, id, NULL);
}

void h_activity_delete(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *s = params_get(&req->form, "revision");
	int64_t id, rev = -1;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (!s || !parse_int64(s, &rev) || rev > 1000000000)
		rev = -1;
	if (app_activity_delete(req->app, req->db, &req->scope, req->who->login, id,
	                                 (int)rev, &e) == DV_OK) {
		resp_redirect(req, resp, "/activities?deleted=1");
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_activity(req, resp, status, id,
	                e.code == DV_ECONFLICT ? T(req, M_ACT_CONFLICT) : page_error_text(req, &e));
}

/* ================================================================ photos */

/* The uploaded file of field `name` (the first file when none has that name); NULL if none. */
const struct multipart_part *work_upload(struct request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->n_files; i++)
		if (req->files[i].name && !strcmp(req->files[i].name, name))
			return &req->files[i];
	return req->n_files ? &req->files[0] : NULL;
}

void h_activity_photo_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct multipart_part *part;
	int64_t id, photo_id = 0;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	part = work_upload(req, "photo");
	if (!part || !part->len) {
		render_activity(req, resp, 400, id, T(req, M_ACT_PHOTO_MISSING));
		return;
	}
	if (app_activity_photo_add(req->app, req->db, &req->scope, req->who->login, id,
	                                    part->data, part->len,
	                                    params_get(&req->form, "caption"), &photo_id, &e) == DV_OK) {
		resp_redirect(req, resp, activity_href(req, id, "#photos"));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_activity(req, resp, status, id, page_error_text(req, &e));
}

void h_photo_delete(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, activity;

	/* which activity to go back to */
	if (!work_photo_owner(req, resp, activity_photo_get, &id, &activity))
		return;
	if (app_activity_photo_delete(req->app, req->db, &req->scope, req->who->login, id, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, activity_href(req, activity, "#photos"));
}

static const char *photo_ext(const char *mime)
{
	if (mime && !strcmp(mime, "image/png"))
		return "png";
	if (mime && !strcmp(mime, "image/webp"))
		return "webp";
	return "jpg";
}

void work_photo_send(struct request *req, struct response *resp, work_photo_get_fn get,
                     const char *prefix)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_photo p;
	const char *cd;
	int64_t id;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (get(req->db, &req->scope, id, req->arena, &p, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	/* only what the use case stored (checked by content) is ever served as an image */
	resp->content_type =
	    p.mime && !strncmp(p.mime, "image/", 6) ? p.mime : "application/octet-stream";
	cd = arena_printf(req->arena, "inline; filename=\"%s-%lld.%s\"", prefix, (long long)id,
	                  photo_ext(p.mime));
	if (cd)
		resp_header(req, resp, "Content-Disposition", cd);
	/* private: the photo is scoped to who may see what it shows; dispatch adds nosniff */
	resp_header(req, resp, "Cache-Control", "private, max-age=3600");
	if (p.data && p.bytes > 0)
		strbuf_add(&resp->body, p.data, (size_t)p.bytes);
}

bool work_photo_owner(struct request *req, struct response *resp, work_photo_get_fn get,
                      int64_t *photo_id, int64_t *owner_id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_photo p;
	bool own = false;

	if (!work_arg_id(req, resp, 0, photo_id))
		return false;
	/* an invisible photo is simply not found */
	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return false;
	}
	if (get(req->db, &req->scope, *photo_id, req->arena, &p, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return false;
	}
	page_read_end(req, own);
	*owner_id = p.activity_id;
	return true;
}

void h_photo(struct request *req, struct response *resp)
{
	work_photo_send(req, resp, activity_photo_get, "photo");
}
