/* page_work_groups.c: where units are deployed: twinning (a unit helps an area over a period)
 * and working groups (a unit's team sent to an area): lists with exports, forms, pages. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "store/area.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* ================================================================ small widgets */

static void text_field(struct request *req, struct response *resp, const char *name,
                       enum msg_id label, const char *value, int max, bool required,
                       const char *type, enum msg_id hint)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><input id=\"%s\" name=\"%s\" "
	       "type=\"%s\" value=\"%s\"",
	       name, T(req, label), required ? " *" : "", name, name, type ? type : "text",
	       work_nz(value));
	if (!type || !strcmp(type, "text"))
		html_f(b, " maxlength=\"%d\"", max);
	if (required)
		html_raw(b, " required");
	if (hint)
		html_f(
		    b,
		    " aria-describedby=\"%s_hint\"><p class=\"hint\" id=\"%s_hint\">%s</p></div>",
		    name, name, T(req, hint));
	else
		html_raw(b, "></div>");
}

static void textarea(struct request *req, struct response *resp, const char *name,
                     enum msg_id label, const char *value, int max, bool required)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><textarea id=\"%s\" name=\"%s\" "
	       "rows=\"4\" maxlength=\"%d\"%R>%s</textarea></div>",
	       name, T(req, label), required ? " *" : "", name, name, max,
	       required ? " required" : "", work_nz(value));
}

static const char *ymd(struct request *req, dv_date d)
{
	char buf[11];

	if (!d)
		return "";
	date_format(d, buf);
	return arena_strdup(req->arena, buf);
}

static const char *today_ymd(struct request *req)
{
	return ymd(req, date_of_instant(time_now()));
}

static const char *id_text(struct request *req, int64_t id)
{
	const char *s = id > 0 ? arena_printf(req->arena, "%lld", (long long)id) : "";

	return s ? s : "";
}

static void area_cell(struct strbuf *b, const char *code, const char *name)
{
	if (code)
		html_f(b, "<a href=\"/areas/%U\">%s</a> <code>%s</code>", code, name ? name : code,
		       code);
	else
		html_raw(b, "—");
}

/* A short list of activities (the latest), linked, with a link to all of them. */
static void activities_brief(struct request *req, struct response *resp, const struct activity *v,
                             size_t n, int64_t total, const char *all_href)
{
	struct strbuf *b = &resp->body;
	size_t i;

	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_ACT_NONE));
		return;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" "
	       "class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_ACT_DATE), T(req, M_ACT_TYPE), T(req, M_ACT_TITLE),
	       T(req, M_ACT_VALUE_TOTAL));
	for (i = 0; i < n; i++)
		html_f(b,
		       "<tr><td>%s</td><td>%s</td><td><a href=\"/activities/%D\">%s</a></td>"
		       "<td class=\"num\">%s</td></tr>",
		       work_period(req, v[i].start_on, v[i].end_on),
		       work_type_label(req, v[i].type_code, v[i].type_name, v[i].type_name_en),
		       v[i].id, work_nz(v[i].title),
		       page_int(req, v[i].f.value_cash + v[i].f.value_kind));
	html_raw(b, "</tbody></table></div>");
	if (total > (int64_t)n && all_href)
		html_f(b, "<p><a href=\"%s\">%s (%s)</a></p>", all_href, T(req, M_WORK_SEE_ALL),
		       page_int(req, total));
}

/* An area code typed in a filter: its id, or a problem. True when usable. */
static bool filter_area(struct request *req, const char *code, int64_t *id, const char **problem,
                        struct dv_error *e)
{
	struct area ar;

	*id = 0;
	if (!work_opt(code))
		return true;
	if (area_get(req->db, &req->scope, code, req->arena, &ar, e) == DV_OK) {
		*id = ar.id;
		return true;
	}
	if (e->code != DV_ENOTFOUND)
		return false;
	dv_error_clear(e);
	*problem = arena_printf(req->arena, "%s: '%s'", T(req, M_WORK_NO_AREA), code);
	if (!*problem)
		*problem = T(req, M_ERR_NOT_FOUND);
	return true;
}

/* ================================================================ twinning */

static void twinning_filters(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status");
	int i;

	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/twinning\"><div "
	       "class=\"field\"><label for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" "
	       "type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"></div><div "
	       "class=\"field\"><label for=\"area\">%s</label><input id=\"area\" name=\"area\" "
	       "type=\"text\" maxlength=\"32\" value=\"%s\"><p class=\"hint\">%s</p></div>",
	       T(req, M_FIELD_UNIT_ID), work_nz(params_get(q, "unit")), T(req, M_WORK_AREA_CODE),
	       work_nz(params_get(q, "area")), T(req, M_WORK_HINT_AREA_SUBTREE));
	html_f(b,
	       "<div class=\"field\"><label for=\"status\">%s</label><select id=\"status\" "
	       "name=\"status\"><option value=\"\">%s</option>",
	       T(req, M_FIELD_STATUS), T(req, M_WORK_ANY_STATUS));
	for (i = 0; i < TWIN__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", twinning_status_name(i),
		       status && !strcmp(status, twinning_status_name(i)) ? " selected" : "",
		       work_twinning_status_label(req, i));
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\">%s</button> <a "
	       "href=\"/twinning\">%s</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
}

static void export_twinning(struct request *req, struct response *resp, enum export_format fmt,
                            const struct twinning *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_FIELD_UNIT_ID), EXPORT_COL_INT, 10},
	    {T(req, M_FIELD_UNIT), EXPORT_COL_TEXT, 36},
	    {T(req, M_WORK_AREA_CODE), EXPORT_COL_TEXT, 10},
	    {T(req, M_WORK_AREA), EXPORT_COL_TEXT, 30},
	    {T(req, M_TWIN_PURPOSE), EXPORT_COL_TEXT, 50},
	    {T(req, M_FIELD_STATUS), EXPORT_COL_TEXT, 16},
	    {T(req, M_WORK_START), EXPORT_COL_DATE, 0},
	    {T(req, M_WORK_END), EXPORT_COL_DATE, 0},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_TWIN_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		export_int(t, v[i].id);
		export_int(t, v[i].unit_id);
		export_text(t, v[i].unit_name);
		export_text(t, v[i].area_code);
		export_text(t, v[i].area_name);
		export_text(t, v[i].purpose);
		export_text(t, work_twinning_status_label(req, v[i].status));
		export_date(t, v[i].start_on);
		export_date(t, v[i].end_on);
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "twinning");
}

void h_twinnings(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *status = params_get(q, "status"), *problem = NULL;
	struct twinning_filter f;
	struct twinning *rows = NULL;
	enum twinning_status st;
	enum export_format fmt = EXPORT_CSV;
	int64_t page = page_number(req), total = 0;
	size_t n = 0, i;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.status = -1;
	if (work_opt(status)) {
		if (twinning_status_parse(status, &st))
			f.status = (int)st;
		else
			problem = T(req, M_WORK_BAD_STATUS);
	}
	if (!work_opt_id(params_get(q, "unit"), &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem && !filter_area(req, params_get(q, "area"), &f.area_id, &problem, &e))
		goto fail_tx;
	if (problem && want) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (!problem &&
	    twinning_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK)
		goto fail_tx;
	if (want) {
		page_read_end(req, own);
		export_twinning(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_TWIN_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_TWIN_TITLE),
	       T(req, M_TWIN_INTRO));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/twinning/new\">%s</a></p>",
		       T(req, M_TWIN_NEW));
	twinning_filters(req, resp);
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(req, M_FIELD_UNIT), T(req, M_WORK_AREA), T(req, M_TWIN_PURPOSE),
		    T(req, M_FIELD_STATUS), T(req, M_WORK_PERIOD));
		for (i = 0; i < n; i++) {
			html_f(b, "<tr><td><a href=\"/units/%D\">%s</a></td><td>", rows[i].unit_id,
			       work_nz(rows[i].unit_name));
			area_cell(b, rows[i].area_code, rows[i].area_name);
			html_f(b,
			       "</td><td><a href=\"/twinning/%D\">%s</a></td><td>%s</td><td>%s</td>"
			       "</tr>",
			       rows[i].id, work_nz(rows[i].purpose),
			       work_twinning_status_label(req, rows[i].status),
			       rows[i].end_on ? work_period(req, rows[i].start_on, rows[i].end_on)
			                      : page_date(req, rows[i].start_on));
		}
		html_raw(b, "</tbody></table></div>\n");
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_TWIN_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* The frame of a "new" page: title, breadcrumbs, the error, the form posting to `list`; the
 * caller writes the fields between begin and end. */
static void new_form_begin(struct request *req, struct response *resp, int status,
                           enum msg_id title, const char *list, enum msg_id list_title,
                           const char *error)
{
	resp->status = status;
	page_begin(req, resp, T(req, title));
	work_crumbs(req, resp, list, T(req, list_title), T(req, title));
	html_f(&resp->body, "<h1>%s</h1>", T(req, title));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, list);
}

static void new_form_end(struct request *req, struct response *resp, const char *list)
{
	html_f(&resp->body,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a>"
	       "</div>",
	       T(req, M_CREATE), list, T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

static void twinning_fields(struct request *req, struct response *resp,
                            const struct twinning_input *in, bool creating)
{
	struct strbuf *b = &resp->body;
	enum twinning_status cur = TWIN_ACTIVE;
	int i;

	if (creating) {
		text_field(req, resp, "unit", M_FIELD_UNIT_ID, in->unit, 19, true, NULL,
		           M_HINT_UNIT_ID);
		text_field(req, resp, "area", M_WORK_AREA_CODE, in->area, 32, true, NULL,
		           M_WORK_HINT_AREA);
	}
	textarea(req, resp, "purpose", M_TWIN_PURPOSE, in->purpose, 500, true);
	if (in->status)
		twinning_status_parse(in->status, &cur);
	html_f(b,
	       "<div class=\"field\"><label for=\"status\">%s</label><select id=\"status\" "
	       "name=\"status\">",
	       T(req, M_FIELD_STATUS));
	for (i = 0; i < TWIN__COUNT; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", twinning_status_name(i),
		       (int)cur == i ? " selected" : "", work_twinning_status_label(req, i));
	html_raw(b, "</select></div>");
	text_field(req, resp, "start_on", M_WORK_START, in->start_on, 10, true, "date", 0);
	text_field(req, resp, "end_on", M_WORK_END, in->end_on, 10, false, "date", M_WORK_END_HINT);
}

static void render_twinning_new(struct request *req, struct response *resp, int status,
                                const struct twinning_input *in, const char *error)
{
	new_form_begin(req, resp, status, M_TWIN_NEW, "/twinning", M_TWIN_TITLE, error);
	twinning_fields(req, resp, in, true);
	new_form_end(req, resp, "/twinning");
}

static void twinning_from_form(struct request *req, struct twinning_input *in)
{
	const struct params *p = &req->form;

	memset(in, 0, sizeof(*in));
	in->unit = params_get(p, "unit");
	in->area = params_get(p, "area");
	in->purpose = params_get(p, "purpose");
	in->status = params_get(p, "status");
	in->start_on = params_get(p, "start_on");
	in->end_on = params_get(p, "end_on");
}

void h_twinning_new(struct request *req, struct response *resp)
{
	struct twinning_input in;

	memset(&in, 0, sizeof(in));
	in.unit = id_text(req, req->who->unit_id);
	in.area = params_get(&req->query, "area");
	in.status = "active";
	in.start_on = today_ymd(req);
	render_twinning_new(req, resp, 200, &in, NULL);
}

void h_twinning_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct twinning_input in;
	int64_t id = 0;
	int status;

	twinning_from_form(req, &in);
	if (app_twinning_save(req->app, req->db, &req->scope, req->who->login, 0, &in, &id, &e) == DV_OK) {
		resp_redirect(req, resp, arena_printf(req->arena, "/twinning/%lld", (long long)id));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_twinning_new(req, resp, status, &in, page_error_text(req, &e));
}

/* The twinning's page with its edit form (values from `in`, else as stored). */
static void render_twinning(struct request *req, struct response *resp, int status, int64_t id,
                            const struct twinning_input *in, const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct twinning t;
	struct twinning_input stored;
	struct activity_filter af;
	struct activity *acts = NULL;
	size_t nacts = 0;
	int64_t total = 0;
	bool own = false;
	const char *title;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (twinning_get(req->db, &req->scope, id, req->arena, &t, &e) != DV_OK)
		goto fail_tx;
	/* what the unit did in the area it helps */
	memset(&af, 0, sizeof(af));
	af.unit_id = t.unit_id;
	af.area_id = t.area_id;
	af.limit = 20;
	if (activity_list(req->db, &req->scope, &af, req->arena, &acts, &nacts, &total, &e) !=
	    DV_OK)
		goto fail_tx;
	resp->status = status;
	title = arena_printf(req->arena, "%s – %s", work_nz(t.unit_name),
	                     t.area_name ? t.area_name : work_nz(t.area_code));
	page_begin(req, resp, title ? title : T(req, M_TWIN_TITLE));
	page_read_end(req, own);

	work_crumbs(req, resp, "/twinning", T(req, M_TWIN_TITLE), title);
	html_f(b, "<h1>%s</h1>", title ? title : T(req, M_TWIN_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd><dt>%s</dt>"
	       "<dd>",
	       T(req, M_FIELD_UNIT), t.unit_id, work_nz(t.unit_name), T(req, M_WORK_AREA));
	area_cell(b, t.area_code, t.area_name);
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
	       T(req, M_TWIN_PURPOSE), work_nz(t.purpose), T(req, M_FIELD_STATUS),
	       work_twinning_status_label(req, t.status), T(req, M_WORK_START),
	       page_date(req, t.start_on));
	html_f(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", T(req, M_WORK_END),
	       t.end_on ? page_date(req, t.end_on) : T(req, M_WORK_OPEN_ENDED),
	       T(req, M_FIELD_UPDATED), page_time(req, t.updated_at));

	html_f(b, "<h2>%s</h2>", T(req, M_TWIN_ACTIVITIES));
	activities_brief(req, resp, acts, nacts, total,
	                 arena_printf(req->arena, "/activities?unit=%lld&area=%s",
	                              (long long)t.unit_id, work_nz(t.area_code)));

	if (scope_can(&req->scope, PERM_WORK_WRITE)) {
		if (!in) {
			memset(&stored, 0, sizeof(stored));
			stored.purpose = t.purpose;
			stored.status = twinning_status_name(t.status);
			stored.start_on = ymd(req, t.start_on);
			stored.end_on = ymd(req, t.end_on);
			in = &stored;
		}
		html_f(b, "<section id=\"edit\"><h2>%s</h2>", T(req, M_TWIN_EDIT));
		form_begin(req, resp, arena_printf(req->arena, "/twinning/%lld", (long long)id));
		twinning_fields(req, resp, in, false);
		html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_SAVE));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

void h_twinning(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_twinning(req, resp, 200, id, NULL, NULL);
}

void h_twinning_update(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct twinning_input in;
	int64_t id, out = 0;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	twinning_from_form(req, &in);
	if (app_twinning_save(req->app, req->db, &req->scope, req->who->login, id, &in,
	                               &out, &e) == DV_OK) {
		resp_redirect(req, resp, arena_printf(req->arena, "/twinning/%lld", (long long)id));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_twinning(req, resp, status, id, &in, page_error_text(req, &e));
}

/* ================================================================ working groups */

static void group_filters(struct request *req, struct response *resp)
{
	const struct params *q = &req->query;

	html_f(
	    &resp->body,
	    "<form class=\"search filters\" method=\"get\" action=\"/groups\" role=\"search\">"
	    "<div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" name=\"q\" "
	    "type=\"search\" value=\"%s\" maxlength=\"200\"></div><div class=\"field\"><label "
	    "for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" type=\"text\" "
	    "inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"><p class=\"hint\">%s</p></div>"
	    "<div class=\"field\"><label for=\"area\">%s</label><input id=\"area\" name=\"area\" "
	    "type=\"text\" maxlength=\"32\" value=\"%s\"><p class=\"hint\">%s</p></div>"
	    "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/groups\">%s"
	    "</a></div></form>\n",
	    T(req, M_SEARCH_LABEL), work_nz(params_get(q, "q")), T(req, M_FIELD_UNIT_ID),
	    work_nz(params_get(q, "unit")), T(req, M_WORK_HINT_SUBTREE), T(req, M_WORK_AREA_CODE),
	    work_nz(params_get(q, "area")), T(req, M_WORK_HINT_AREA_SUBTREE), T(req, M_WORK_FILTER),
	    T(req, M_WORK_CLEAR));
}

static void export_groups(struct request *req, struct response *resp, enum export_format fmt,
                          const struct working_group *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_GROUP_NAME), EXPORT_COL_TEXT, 36},
	    {T(req, M_FIELD_UNIT_ID), EXPORT_COL_INT, 10},
	    {T(req, M_FIELD_UNIT), EXPORT_COL_TEXT, 36},
	    {T(req, M_WORK_AREA_CODE), EXPORT_COL_TEXT, 10},
	    {T(req, M_WORK_AREA), EXPORT_COL_TEXT, 30},
	    {T(req, M_WORK_START), EXPORT_COL_DATE, 0},
	    {T(req, M_WORK_END), EXPORT_COL_DATE, 0},
	    {T(req, M_GROUP_MEMBERS), EXPORT_COL_INT, 0},
	    {T(req, M_GROUP_TASKS), EXPORT_COL_TEXT, 50},
	};
	struct export_table *t =
	    export_new(req->arena, T(req, M_GROUP_TITLE), cols, sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		export_int(t, v[i].id);
		export_text(t, v[i].name);
		export_int(t, v[i].unit_id);
		export_text(t, v[i].unit_name);
		export_text(t, v[i].area_code);
		export_text(t, v[i].area_name);
		export_date(t, v[i].start_on);
		export_date(t, v[i].end_on);
		export_int(t, v[i].members);
		export_text(t, v[i].tasks);
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "working-groups");
}

void h_groups(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	const struct params *q = &req->query;
	const char *problem = NULL;
	struct group_filter f;
	struct working_group *rows = NULL;
	enum export_format fmt = EXPORT_CSV;
	int64_t page = page_number(req), total = 0;
	size_t n = 0, i;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.query = work_opt(params_get(q, "q"));
	if (!work_opt_id(params_get(q, "unit"), &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem && !filter_area(req, params_get(q, "area"), &f.area_id, &problem, &e))
		goto fail_tx;
	if (problem && want) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (!problem && working_group_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total,
	                                   &e) != DV_OK)
		goto fail_tx;
	if (want) {
		page_read_end(req, own);
		export_groups(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_GROUP_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1>", T(req, M_GROUP_TITLE));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/groups/new\">%s</a></p>",
		       T(req, M_GROUP_NEW));
	group_filters(req, resp);
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
		    "%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
		    T(req, M_GROUP_NAME), T(req, M_FIELD_UNIT), T(req, M_WORK_AREA),
		    T(req, M_WORK_PERIOD), T(req, M_GROUP_MEMBERS));
		for (i = 0; i < n; i++) {
			html_f(
			    b,
			    "<tr><td><a href=\"/groups/%D\">%s</a></td><td><a href=\"/units/%D\">%s"
			    "</a></td><td>",
			    rows[i].id, work_nz(rows[i].name), rows[i].unit_id,
			    work_nz(rows[i].unit_name));
			area_cell(b, rows[i].area_code, rows[i].area_name);
			html_f(b, "</td><td>%s</td><td class=\"num\">%s</td></tr>",
			       work_period(req, rows[i].start_on, rows[i].end_on),
			       page_int(req, rows[i].members));
		}
		html_raw(b, "</tbody></table></div>\n");
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_GROUP_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

static void group_fields(struct request *req, struct response *resp, const struct group_input *in,
                         bool creating)
{
	text_field(req, resp, "name", M_GROUP_NAME, in->name, WORK_TITLE_MAX, true, NULL, 0);
	if (creating)
		text_field(req, resp, "unit", M_FIELD_UNIT_ID, in->unit, 19, true, NULL,
		           M_HINT_UNIT_ID);
	text_field(req, resp, "area", M_WORK_AREA_CODE, in->area, 32, true, NULL, M_WORK_HINT_AREA);
	text_field(req, resp, "start_on", M_WORK_START, in->start_on, 10, true, "date", 0);
	text_field(req, resp, "end_on", M_WORK_END, in->end_on, 10, false, "date", M_WORK_END_HINT);
	text_field(req, resp, "members", M_GROUP_MEMBERS, in->members, 6, true, NULL, 0);
	textarea(req, resp, "tasks", M_GROUP_TASKS, in->tasks, WORK_TEXT_MAX, false);
}

static void render_group_new(struct request *req, struct response *resp, int status,
                             const struct group_input *in, const char *error)
{
	new_form_begin(req, resp, status, M_GROUP_NEW, "/groups", M_GROUP_TITLE, error);
	group_fields(req, resp, in, true);
	new_form_end(req, resp, "/groups");
}

static void group_from_form(struct request *req, struct group_input *in)
{
	const struct params *p = &req->form;

	memset(in, 0, sizeof(*in));
	in->unit = params_get(p, "unit");
	in->area = params_get(p, "area");
	in->name = params_get(p, "name");
	in->start_on = params_get(p, "start_on");
	in->end_on = params_get(p, "end_on");
	in->members = params_get(p, "members");
	in->tasks = params_get(p, "tasks");
}

void h_group_new(struct request *req, struct response *resp)
{
	struct group_input in;

	memset(&in, 0, sizeof(in));
	in.unit = id_text(req, req->who->unit_id);
	in.area = params_get(&req->query, "area");
	in.start_on = today_ymd(req);
	render_group_new(req, resp, 200, &in, NULL);
}

void h_group_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct group_input in;
	int64_t id = 0;
	int status;

	group_from_form(req, &in);
	if (app_group_save(req->app, req->db, &req->scope, req->who->login, 0, &in, &id, &e) == DV_OK) {
		resp_redirect(req, resp, arena_printf(req->arena, "/groups/%lld", (long long)id));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_group_new(req, resp, status, &in, page_error_text(req, &e));
}

/* The group's page: details, its activities, and the edit form (values from `in` or stored). */
static void render_group(struct request *req, struct response *resp, int status, int64_t id,
                         const struct group_input *in, const char *error)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct working_group g;
	struct group_input stored;
	struct activity_filter af;
	struct activity *acts = NULL;
	size_t nacts = 0;
	int64_t total = 0;
	bool own = false;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (working_group_get(req->db, &req->scope, id, req->arena, &g, &e) != DV_OK)
		goto fail_tx;
	memset(&af, 0, sizeof(af));
	af.working_group_id = id;
	af.limit = WORK_PER_PAGE;
	if (activity_list(req->db, &req->scope, &af, req->arena, &acts, &nacts, &total, &e) !=
	    DV_OK)
		goto fail_tx;
	resp->status = status;
	page_begin(req, resp, work_nz(g.name));
	page_read_end(req, own);

	work_crumbs(req, resp, "/groups", T(req, M_GROUP_TITLE), work_nz(g.name));
	html_f(b, "<h1>%s</h1>", work_nz(g.name));
	if (error)
		page_notice(req, resp, "error", error);
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd><dt>%s</dt>"
	       "<dd>",
	       T(req, M_FIELD_UNIT), g.unit_id, work_nz(g.unit_name), T(req, M_WORK_AREA));
	area_cell(b, g.area_code, g.area_name);
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", T(req, M_WORK_PERIOD),
	       g.end_on ? work_period(req, g.start_on, g.end_on) : page_date(req, g.start_on),
	       T(req, M_GROUP_MEMBERS), page_int(req, g.members));
	html_f(b, "<dt>%s</dt><dd><div class=\"text\">%s</div></dd><dt>%s</dt><dd>%s</dd></dl>",
	       T(req, M_GROUP_TASKS), work_opt(g.tasks) ? g.tasks : "—", T(req, M_FIELD_UPDATED),
	       page_time(req, g.updated_at));

	html_f(b, "<h2>%s (%s)</h2>", T(req, M_GROUP_ACTIVITIES), page_int(req, total));
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(
		    b,
		    "<p class=\"actions\"><a class=\"button\" href=\"/activities/new?group=%D&amp;"
		    "area=%U\">%s</a></p>",
		    g.id, work_nz(g.area_code), T(req, M_GROUP_LOG_ACTIVITY));
	activities_brief(req, resp, acts, nacts, total,
	                 arena_printf(req->arena, "/activities?group=%lld", (long long)id));

	if (scope_can(&req->scope, PERM_WORK_WRITE)) {
		if (!in) {
			memset(&stored, 0, sizeof(stored));
			stored.area = g.area_code;
			stored.name = g.name;
			stored.start_on = ymd(req, g.start_on);
			stored.end_on = ymd(req, g.end_on);
			stored.members = id_text(req, g.members);
			stored.tasks = g.tasks;
			in = &stored;
		}
		html_f(b, "<section id=\"edit\"><h2>%s</h2>", T(req, M_GROUP_EDIT));
		form_begin(req, resp, arena_printf(req->arena, "/groups/%lld", (long long)id));
		group_fields(req, resp, in, false);
		html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		       T(req, M_SAVE));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

void h_group(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		render_group(req, resp, 200, id, NULL, NULL);
}

void h_group_update(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct group_input in;
	int64_t id, out = 0;
	int status;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	group_from_form(req, &in);
	if (app_group_save(req->app, req->db, &req->scope, req->who->login, id, &in, &out, &e) == DV_OK) {
		resp_redirect(req, resp, arena_printf(req->arena, "/groups/%lld", (long long)id));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_group(req, resp, status, id, &in, page_error_text(req, &e));
}
