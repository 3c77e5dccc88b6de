/* page_work_rollups.c: totals of activities for an area or a unit over months, by type, by
 * month or by child (each child a drill-down link), with the area's measures; CSV/XLSX too. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "store/area.h"
#include "store/unit.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* What the page was asked for, checked. */
struct selection {
	const char *area_code; /* set: an area's totals */
	int64_t unit_id;       /* else a unit's (led by its subtree) */
	const char *area_in, *unit_in, *from_in, *to_in, *type_in, *by_in; /* as typed */
	char from[8], to[8];
	int64_t type_id;
	enum rollup_by by;
	const char *name; /* the area's or the unit's name */
	const char *parent_href, *parent_name;
};

static const char *by_name(enum rollup_by by)
{
	return by == ROLLUP_MONTH ? "month" : by == ROLLUP_CHILD ? "child" : "type";
}

/* "/rollups?area=CODE&from=..&to=..&type=..&by=.." for another area or unit. */
static const char *self_href(struct request *req, const struct selection *s, const char *key,
                             const char *value, enum rollup_by by)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	strbuf_init(&sb, 4096, 128);
	strbuf_addstr(&sb, "/rollups?");
	strbuf_addstr(&sb, key);
	strbuf_addch(&sb, '=');
	html_url(&sb, value);
	strbuf_addf(&sb, "&from=%s&to=%s&by=%s", s->from, s->to, by_name(by));
	if (work_opt(s->type_in)) {
		strbuf_addstr(&sb, "&type=");
		html_url(&sb, s->type_in);
	}
	out = sb.failed ? NULL : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return out ? out : "/rollups";
}

static const char *month_label(struct request *req, const char *m)
{
	const char *s;

	if (!m || strlen(m) != 7)
		return work_nz(m);
	s = arena_printf(req->arena, "%.2s/%.4s", m + 5, m);
	return s ? s : m;
}

static const char *row_label(struct request *req, const struct selection *s,
                             const struct rollup_row *r)
{
	if (s->by == ROLLUP_MONTH)
		return month_label(req, r->month ? r->month : r->code);
	if (s->by == ROLLUP_TYPE)
		return work_type_label(req, r->code, r->name, r->name_en);
	return page_pick(req, r->name, r->name_en);
}

static void select_form(struct request *req, struct response *resp, const struct selection *s,
                        const struct activity_type *types, size_t ntypes)
{
	struct strbuf *b = &resp->body;
	static const enum rollup_by bys[] = {ROLLUP_TYPE, ROLLUP_MONTH, ROLLUP_CHILD};
	static const enum msg_id by_labels[] = {M_ROLL_BY_TYPE, M_ROLL_BY_MONTH, M_ROLL_BY_CHILD};
	size_t i;

	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/rollups\"><div "
	       "class=\"field\"><label for=\"area\">%s</label><input id=\"area\" name=\"area\" "
	       "type=\"text\" maxlength=\"32\" value=\"%s\"></div><div class=\"field\"><label "
	       "for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" type=\"text\" "
	       "inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"></div>",
	       T(req, M_WORK_AREA_CODE), work_nz(s->area_in), T(req, M_FIELD_UNIT_ID),
	       work_nz(s->unit_in));
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"from\">%s</label><input id=\"from\" name=\"from\" "
	    "type=\"month\" value=\"%s\" placeholder=\"2026-01\"></div><div class=\"field\">"
	    "<label for=\"to\">%s</label><input id=\"to\" name=\"to\" type=\"month\" "
	    "value=\"%s\" placeholder=\"2026-12\"></div>",
	    T(req, M_ROLL_FROM), s->from_in ? s->from_in : s->from, T(req, M_ROLL_TO),
	    s->to_in ? s->to_in : s->to);
	html_f(b,
	       "<div class=\"field\"><label for=\"type\">%s</label><select id=\"type\" "
	       "name=\"type\"><option value=\"\">%s</option>",
	       T(req, M_ACT_TYPE), T(req, M_WORK_ANY_TYPE));
	work_type_options(req, resp, types, ntypes, s->type_in);
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"by\">%s</label><select id=\"by\" "
	       "name=\"by\">",
	       T(req, M_ROLL_BY));
	for (i = 0; i < sizeof(bys) / sizeof(bys[0]); i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", by_name(bys[i]),
		       s->by == bys[i] ? " selected" : "", T(req, by_labels[i]));
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div>"
	       "<p class=\"hint\">%s</p></form>\n",
	       T(req, M_ROLL_SHOW), T(req, M_ROLL_HINT));
}

static void figure_cells(struct request *req, struct strbuf *b, const struct work_figures *f)
{
	html_f(b,
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
	       "<td class=\"num\">%s</td><td class=\"num\">%s</td>",
	       page_int(req, f->n), page_int(req, f->participants), page_num(req, f->workdays, 1),
	       page_int(req, f->households), page_int(req, f->persons),
	       page_int(req, f->value_cash), page_int(req, f->value_kind),
	       page_int(req, f->value_cash + f->value_kind));
}

static void totals_table(struct request *req, struct response *resp, const struct selection *s,
                         const struct rollup_row *rows, size_t n, const struct work_figures *total)
{
	struct strbuf *b = &resp->body;
	static const enum msg_id by_labels[] = {[ROLLUP_TYPE] = M_ACT_TYPE,
	                                        [ROLLUP_MONTH] = M_ROLL_MONTH,
	                                        [ROLLUP_CHILD] = M_ROLL_CHILD};
	size_t i;

	html_f(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list rollup\"><thead><tr><th scope=\"col\">"
	    "%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s"
	    "</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	    "</tr></thead><tbody>",
	    T(req, by_labels[s->by]), T(req, M_ROLL_N), T(req, M_ACT_PARTICIPANTS),
	    T(req, M_ACT_WORKDAYS), T(req, M_ACT_HOUSEHOLDS), T(req, M_ACT_PERSONS),
	    T(req, M_ACT_VALUE_CASH), T(req, M_ACT_VALUE_KIND), T(req, M_ACT_VALUE_TOTAL));
	for (i = 0; i < n; i++) {
		const struct rollup_row *r = &rows[i];

		if (s->by == ROLLUP_CHILD) {
			const char *id = arena_printf(req->arena, "%lld", (long long)r->id);

			html_f(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a>",
			       s->area_code ? self_href(req, s, "area", work_nz(r->code), s->by)
			                    : self_href(req, s, "unit", id ? id : "", s->by),
			       row_label(req, s, r));
			if (s->area_code && r->code)
				html_f(b, " <code>%s</code>", r->code);
			html_raw(b, "</th>");
		} else {
			html_f(b, "<tr><th scope=\"row\">%s</th>", row_label(req, s, r));
		}
		figure_cells(req, b, &r->f);
		html_raw(b, "</tr>");
	}
	html_f(b, "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">%s</th>",
	       T(req, M_ROLL_TOTAL));
	figure_cells(req, b, total);
	html_raw(b, "</tr></tfoot></table></div>\n");
	if (s->by == ROLLUP_CHILD)
		html_f(b, "<p class=\"hint\">%s</p>", T(req, M_ROLL_CHILD_HINT));
}

static void measures_table(struct request *req, struct response *resp,
                           const struct rollup_row *rows, size_t n)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b, "<h2>%s</h2>", T(req, M_ACT_MEASURES));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NO_MEASURES));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead>"
	       "<tbody>",
	       T(req, M_ROLL_MEASURE), T(req, M_ROLL_AMOUNT), T(req, M_ROLL_UNIT_LABEL));
	for (i = 0; i < n; i++)
		html_f(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td>%s</td></tr>",
		       page_pick(req, rows[i].name, rows[i].name_en),
		       page_num(req, rows[i].f.workdays, 3), work_nz(rows[i].month));
	html_raw(b, "</tbody></table></div>\n");
}

static void export_figures(struct export_table *t, const struct work_figures *f)
{
	export_int(t, f->n);
	export_int(t, f->participants);
	export_num(t, f->workdays);
	export_int(t, f->households);
	export_int(t, f->persons);
	export_int(t, f->value_cash);
	export_int(t, f->value_kind);
	export_int(t, f->value_cash + f->value_kind);
	export_row_end(t);
}

static void export_rollup(struct request *req, struct response *resp, enum export_format fmt,
                          const struct selection *s, const struct rollup_row *rows, size_t n,
                          const struct work_figures *total)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_CODE), EXPORT_COL_TEXT, 14},
	    {T(req, s->by == ROLLUP_MONTH   ? M_ROLL_MONTH
	            : s->by == ROLLUP_CHILD ? M_ROLL_CHILD
	                                    : M_ACT_TYPE),
	     EXPORT_COL_TEXT, 36},
	    {T(req, M_ROLL_N), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_PARTICIPANTS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_WORKDAYS), EXPORT_COL_NUM, 0},
	    {T(req, M_ACT_HOUSEHOLDS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_PERSONS), EXPORT_COL_INT, 0},
	    {T(req, M_ACT_VALUE_CASH), EXPORT_COL_MONEY, 0},
	    {T(req, M_ACT_VALUE_KIND), EXPORT_COL_MONEY, 0},
	    {T(req, M_ACT_VALUE_TOTAL), EXPORT_COL_MONEY, 0},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_ROLL_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		export_text(t, s->by == ROLLUP_MONTH ? rows[i].month : rows[i].code);
		export_text(t, row_label(req, s, &rows[i]));
		export_figures(t, &rows[i].f);
	}
	if (t) {
		export_empty(t);
		export_text(t, T(req, M_ROLL_TOTAL));
		export_figures(t, total);
	}
	work_export_send(req, resp, t, fmt, "rollup");
}

/* Read the query into `s`; false with *problem when something is malformed. */
static bool read_query(struct request *req, struct selection *s, const char **problem)
{
	const struct params *q = &req->query;
	char year[8];
	int y, m, d;

	memset(s, 0, sizeof(s[0]));
	s->area_in = params_get(q, "area");
	s->unit_in = params_get(q, "unit");
	s->from_in = params_get(q, "from");
	s->to_in = params_get(q, "to");
	s->type_in = params_get(q, "type");
	s->by_in = params_get(q, "by");
	/* the current year by default */
	date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
	snprintf(year, sizeof(year), "%04d", y);
	work_month_parse(year, false, s->from);
	work_month_parse(year, true, s->to);
	s->by = ROLLUP_TYPE;
	if (work_opt(s->by_in)) {
		if (!strcmp(s->by_in, "month"))
			s->by = ROLLUP_MONTH;
		else if (!strcmp(s->by_in, "child"))
			s->by = ROLLUP_CHILD;
		else if (strcmp(s->by_in, "type")) {
			*problem = T(req, M_ROLL_BAD_BY);
			return false;
		}
	}
	if ((work_opt(s->from_in) && !work_month_parse(s->from_in, false, s->from)) ||
	    (work_opt(s->to_in) && !work_month_parse(s->to_in, true, s->to))) {
		*problem = T(req, M_ROLL_BAD_MONTH);
		return false;
	}
	if (strcmp(s->from, s->to) > 0) {
		*problem = T(req, M_ROLL_BAD_ORDER);
		return false;
	}
	if (work_opt(s->area_in)) {
		s->area_code = s->area_in;
	} else if (work_opt(s->unit_in)) {
		if (!parse_int64(s->unit_in, &s->unit_id) || s->unit_id <= 0) {
			*problem = T(req, M_WORK_BAD_UNIT);
			return false;
		}
	} else {
		s->unit_id = req->who->unit_id;
	}
	return true;
}

void h_rollups(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct selection s;
	struct activity_type *types = NULL;
	const struct activity_type *t;
	struct rollup_row *rows = NULL, *meas = NULL;
	struct work_figures total;
	size_t ntypes = 0, n = 0, nmeas = 0;
	const char *problem = NULL, *title;
	enum export_format fmt = EXPORT_CSV;
	bool own = false, ok;
	int want = work_export_wanted(req, resp, &fmt);
	struct area ar, par;
	struct unit u;

	if (want < 0)
		return;
	memset(&total, 0, sizeof(total));
	ok = read_query(req, &s, &problem);
	if (!ok && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (app_activity_types(req->app, req->db, req->arena, &types, &ntypes, &e) != DV_OK)
		goto fail_tx;
	if (ok && work_opt(s.type_in)) {
		t = activity_type_by_code(types, ntypes, s.type_in);
		if (t) {
			s.type_id = t->id;
		} else {
			problem = T(req, M_WORK_BAD_TYPE);
			ok = false;
		}
	}
	if (ok && s.area_code) {
		/* an area out of scope is not found, like a missing one */
		if (area_get(req->db, &req->scope, s.area_code, req->arena, &ar, &e) != DV_OK ||
		    rollup_area(req->db, &req->scope, ar.id, s.from, s.to, s.type_id, s.by,
		                req->arena, &rows, &n, &total, &e) != DV_OK ||
		    rollup_area_measures(req->db, &req->scope, ar.id, s.from, s.to, req->arena,
		                         &meas, &nmeas, &e) != DV_OK)
			goto fail_tx;
		s.name = page_pick(req, ar.full_name ? ar.full_name : ar.name,
		                   ar.full_name_en ? ar.full_name_en : ar.name_en);
		if (ar.parent_code && area_get(req->db, &req->scope, ar.parent_code, req->arena,
		                               &par, NULL) == DV_OK) {
			s.parent_href = self_href(req, &s, "area", par.code, s.by);
			s.parent_name =
			    page_pick(req, par.full_name ? par.full_name : par.name,
			              par.full_name_en ? par.full_name_en : par.name_en);
		}
	} else if (ok) {
		if (unit_get(req->db, &req->scope, s.unit_id, req->arena, &u, &e) != DV_OK ||
		    rollup_unit(req->db, &req->scope, s.unit_id, s.from, s.to, s.type_id, s.by,
		                req->arena, &rows, &n, &total, &e) != DV_OK)
			goto fail_tx;
		s.name = page_pick(req, u.name, u.name_en);
		if (u.parent_id && u.parent_name) {
			const char *pid = arena_printf(req->arena, "%lld", (long long)u.parent_id);

			s.parent_href = self_href(req, &s, "unit", pid ? pid : "", s.by);
			s.parent_name = u.parent_name;
		}
	}
	if (want && !ok) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (want) {
		page_read_end(req, own);
		export_rollup(req, resp, fmt, &s, rows, n, &total);
		return;
	}
	if (!ok)
		resp->status = 400;
	title = ok ? arena_printf(req->arena, "%s: %s", T(req, M_ROLL_TITLE), s.name) : NULL;
	page_begin(req, resp, title ? title : T(req, M_ROLL_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1>", T(req, M_ROLL_TITLE));
	select_form(req, resp, &s, types, ntypes);
	if (!ok) {
		page_notice(req, resp, "error", problem);
		page_end(req, resp);
		return;
	}
	html_f(b, "<h2>%s", s.name);
	if (s.area_code)
		html_f(b, " <code>%s</code>", s.area_code);
	html_f(b, "</h2><p class=\"lead\">%s %s – %s", T(req, M_ROLL_PERIOD),
	       month_label(req, s.from), month_label(req, s.to));
	if (s.parent_href)
		html_f(b, " · <a href=\"%s\">↑ %s</a>", s.parent_href, s.parent_name);
	html_raw(b, "</p>");
	if (n)
		totals_table(req, resp, &s, rows, n, &total);
	else
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ROLL_NONE));
	if (n || total.n)
		work_export_links(req, resp);
	if (s.area_code)
		measures_table(req, resp, meas, nmeas);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}
