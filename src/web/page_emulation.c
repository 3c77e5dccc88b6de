/* page_emulation.c: "clever mass mobilisation" models and exemplars: the list with filters and
 * exports, the register/edit/replicate form, and the helpers the page_emulation*.c files share
 * (page_emulation.h). A model's own page and its forms are in page_emulation_model.c. */
#include "web/page_emulation.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/emulation.h"
#include "base/date.h"
#include "store/area.h"
#include "store/emulation.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"
#include "web/parse.h"

#include "base/banned.h"

/* ================================================================ shared (page_emulation.h) */

const char *emu_label(const struct request *req, const struct emu_word *v, int n, int i)
{
	if (i < 0 || i >= n)
		return "—";
	return page_pick(req, v[i].vi, v[i].en);
}

const char *emu_label_code(const struct request *req, const struct emu_word *v, int n,
                           const char *code)
{
	int i;

	if (!code || !*code)
		return "—";
	i = emu_parse(v, n, code);
	return i < 0 ? code : emu_label(req, v, n, i);
}

void emu_options(struct request *req, struct response *resp, const struct emu_word *v, int n,
                 const char *selected)
{
	int i;

	for (i = 0; i < n; i++)
		html_f(&resp->body, "<option value=\"%s\"%R>%s</option>", v[i].code,
		       selected && !strcmp(selected, v[i].code) ? " selected" : "",
		       page_pick(req, v[i].vi, v[i].en));
}

void emu_select(struct request *req, struct response *resp, const char *name, enum msg_id label,
                const struct emu_word *v, int n, const char *selected, enum msg_id any)
{
	struct strbuf *b = &resp->body;

	html_f(
	    b,
	    "<div class=\"field\"><label for=\"%s\">%s%R</label><select id=\"%s\" name=\"%s\"%R>",
	    name, T(req, label), any ? "" : " *", name, name, any ? "" : " required");
	if (any)
		html_f(b, "<option value=\"\">%s</option>", T(req, any));
	emu_options(req, resp, v, n, selected);
	html_raw(b, "</select></div>");
}

int emu_filter(const struct emu_word *v, int n, const char *code)
{
	int i;

	if (!code || !*code)
		return -1;
	i = emu_parse(v, n, code);
	return i < 0 ? -2 : i;
}

void emu_input(struct request *req, struct response *resp, const char *name, enum msg_id label,
               const char *value, int max, bool required, const char *type, enum msg_id hint)
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

void emu_textarea(struct request *req, struct response *resp, const char *name, enum msg_id label,
                  const char *value, int max, bool required, enum msg_id hint)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<div class=\"field\"><label for=\"%s\">%s%R</label><textarea id=\"%s\" name=\"%s\" "
	       "rows=\"4\" maxlength=\"%d\"%R",
	       name, T(req, label), required ? " *" : "", name, name, max,
	       required ? " required" : "");
	if (hint)
		html_f(b,
		       " aria-describedby=\"%s_hint\">%s</textarea><p class=\"hint\" "
		       "id=\"%s_hint\">%s</p></div>",
		       name, work_nz(value), name, T(req, hint));
	else
		html_f(b, ">%s</textarea></div>", work_nz(value));
}

const char *emu_ymd(struct request *req, dv_date d)
{
	char buf[11];
	const char *s;

	if (!d)
		return "";
	date_format(d, buf);
	s = arena_strdup(req->arena, buf);
	return s ? s : "";
}

const char *emu_id(struct request *req, int64_t id)
{
	const char *s = id > 0 ? arena_printf(req->arena, "%lld", (long long)id) : "";

	return s ? s : "";
}

const char *emu_plain(struct request *req, double v)
{
	const char *s = arena_printf(req->arena, "%.15g", v);

	return s ? s : "";
}

const char *emu_today(struct request *req)
{
	return emu_ymd(req, date_of_instant(time_now()));
}

const char *emu_href(struct request *req, const char *base, int64_t id, const char *tail)
{
	const char *s =
	    arena_printf(req->arena, "/%s/%lld%s", base, (long long)id, tail ? tail : "");

	return s ? s : "/";
}

const char *emu_percent(struct request *req, double percent)
{
	const char *s = arena_printf(req->arena, "%s%%", page_num(req, percent, 1));

	return s ? s : "—";
}

bool emu_filter_area(struct request *req, const char *code, int64_t *id, const char **problem,
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

const char *emu_posted(const struct request *req, const char *name)
{
	return params_get(&req->form, name);
}

/* ================================================================ the list */

struct model_query {
	const char *q, *kind, *field, *status, *level, *unit, *area, *origin;
};

static void model_filters(struct request *req, struct response *resp, const struct model_query *lq)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<form class=\"search filters\" method=\"get\" action=\"/models\" role=\"search\">"
	       "<div class=\"field\"><label for=\"q\">%s</label><input id=\"q\" name=\"q\" "
	       "type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_MODEL_SEARCH), work_nz(lq->q));
	emu_select(req, resp, "kind", M_MODEL_KIND, model_kinds, MODEL_KIND__COUNT, lq->kind,
	           M_EMU_ANY);
	emu_select(req, resp, "field", M_MODEL_FIELD, model_fields, FIELD__COUNT, lq->field,
	           M_EMU_ANY);
	emu_select(req, resp, "status", M_FIELD_STATUS, model_statuses, MS__COUNT, lq->status,
	           M_WORK_ANY_STATUS);
	emu_select(req, resp, "level", M_MODEL_LEVEL, model_levels, ML__COUNT, lq->level,
	           M_EMU_ANY);
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"unit\">%s</label><input id=\"unit\" name=\"unit\" "
	    "type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\"><p class=\"hint\">"
	    "%s</p></div>",
	    T(req, M_MODEL_OWNER), work_nz(lq->unit), T(req, M_WORK_HINT_SUBTREE));
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"area\">%s</label><input id=\"area\" name=\"area\" "
	    "type=\"text\" maxlength=\"32\" value=\"%s\"><p class=\"hint\">%s</p></div>",
	    T(req, M_WORK_AREA_CODE), work_nz(lq->area), T(req, M_WORK_HINT_AREA_SUBTREE));
	html_f(b,
	       "<div class=\"field\"><label for=\"origin\">%s</label><input id=\"origin\" "
	       "name=\"origin\" type=\"text\" inputmode=\"numeric\" maxlength=\"19\" value=\"%s\">"
	       "<p class=\"hint\">%s</p></div>",
	       T(req, M_MODEL_ORIGIN_ID), work_nz(lq->origin), T(req, M_MODEL_ORIGIN_FILTER_HINT));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/models\">%s"
	       "</a></div></form>\n",
	       T(req, M_WORK_FILTER), T(req, M_WORK_CLEAR));
}

static void model_table(struct request *req, struct response *resp, const struct model *v, size_t n)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list models\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_MODEL_NAME), T(req, M_MODEL_KIND), T(req, M_MODEL_FIELD),
	       T(req, M_MODEL_OWNER), T(req, M_WORK_AREA), T(req, M_FIELD_STATUS),
	       T(req, M_MODEL_LEVEL), T(req, M_WORK_START));
	for (i = 0; i < n; i++) {
		const struct model *m = &v[i];

		html_f(b, "<tr><td><a href=\"/models/%D\">%s</a>", m->id, work_nz(m->name));
		if (m->origin_id)
			html_f(b,
			       "<br><span class=\"muted\">%s <a href=\"/models/%D\">%s</a></span>",
			       T(req, M_MODEL_REPLICATES), m->origin_id,
			       m->origin_name ? m->origin_name : emu_id(req, m->origin_id));
		html_f(b,
		       "</td><td>%s</td><td>%s</td><td><a href=\"/units/%D\">%s</a></td><td>%s</td>"
		       "<td><span class=\"status model-%s\">%s</span></td><td>%s</td><td>%s</td>"
		       "</tr>",
		       emu_label(req, model_kinds, MODEL_KIND__COUNT, (int)m->kind),
		       emu_label(req, model_fields, FIELD__COUNT, (int)m->field), m->owner_unit_id,
		       work_nz(m->owner_unit_name),
		       m->area_name ? m->area_name : work_nz(m->area_code),
		       (unsigned)m->status < MS__COUNT ? model_statuses[m->status].code : "",
		       emu_label(req, model_statuses, MS__COUNT, (int)m->status),
		       m->level != ML_NONE ? emu_label(req, model_levels, ML__COUNT, (int)m->level)
		                           : "—",
		       page_date(req, m->start_on));
	}
	html_raw(b, "</tbody></table></div>\n");
}

static void export_models(struct request *req, struct response *resp, enum export_format fmt,
                          const struct model *v, size_t n)
{
	const struct export_col cols[] = {
	    {T(req, M_FIELD_ID), EXPORT_COL_INT, 8},
	    {T(req, M_MODEL_KIND), EXPORT_COL_TEXT, 12},
	    {T(req, M_MODEL_FIELD), EXPORT_COL_TEXT, 24},
	    {T(req, M_MODEL_NAME), EXPORT_COL_TEXT, 40},
	    {T(req, M_MODEL_OWNER_ID), EXPORT_COL_INT, 10},
	    {T(req, M_MODEL_OWNER), EXPORT_COL_TEXT, 36},
	    {T(req, M_WORK_AREA_CODE), EXPORT_COL_TEXT, 10},
	    {T(req, M_WORK_AREA), EXPORT_COL_TEXT, 30},
	    {T(req, M_MODEL_LAUNCH_ID), EXPORT_COL_INT, 10},
	    {T(req, M_MODEL_LAUNCH), EXPORT_COL_TEXT, 36},
	    {T(req, M_WORK_START), EXPORT_COL_DATE, 0},
	    {T(req, M_FIELD_STATUS), EXPORT_COL_TEXT, 16},
	    {T(req, M_MODEL_LEVEL), EXPORT_COL_TEXT, 16},
	    {T(req, M_MODEL_ORIGIN_ID), EXPORT_COL_INT, 10},
	    {T(req, M_MODEL_ORIGIN), EXPORT_COL_TEXT, 36},
	};
	struct export_table *t = export_new(req->arena, T(req, M_MODEL_LIST_TITLE), cols,
	                                    sizeof(cols) / sizeof(cols[0]));
	size_t i;

	for (i = 0; t && i < n; i++) {
		const struct model *m = &v[i];

		export_int(t, m->id);
		export_text(t, emu_label(req, model_kinds, MODEL_KIND__COUNT, (int)m->kind));
		export_text(t, emu_label(req, model_fields, FIELD__COUNT, (int)m->field));
		export_text(t, m->name);
		export_int(t, m->owner_unit_id);
		export_text(t, m->owner_unit_name);
		export_text(t, m->area_code);
		export_text(t, m->area_name);
		export_int(t, m->launch_unit_id);
		export_text(t, m->launch_unit_name);
		export_date(t, m->start_on);
		export_text(t, emu_label(req, model_statuses, MS__COUNT, (int)m->status));
		export_text(t, emu_label(req, model_levels, ML__COUNT, (int)m->level));
		if (m->origin_id)
			export_int(t, m->origin_id);
		else
			export_empty(t);
		export_text(t, m->origin_name);
		export_row_end(t);
	}
	work_export_send(req, resp, t, fmt, "models");
}

void h_models(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *q = &req->query;
	struct strbuf *b = &resp->body;
	struct model_query lq;
	struct model_filter f;
	struct model *rows = NULL;
	size_t n = 0;
	int64_t page = page_number(req), total = 0;
	const char *problem = NULL;
	enum export_format fmt = EXPORT_CSV;
	bool own = false;
	int want = work_export_wanted(req, resp, &fmt);

	if (want < 0)
		return;
	memset(&lq, 0, sizeof(lq));
	lq.q = params_get(q, "q");
	lq.kind = params_get(q, "kind");
	lq.field = params_get(q, "field");
	lq.status = params_get(q, "status");
	lq.level = params_get(q, "level");
	lq.unit = params_get(q, "unit");
	lq.area = params_get(q, "area");
	lq.origin = params_get(q, "origin");

	memset(&f, 0, sizeof(f));
	f.query = work_opt(lq.q);
	f.kind = emu_filter(model_kinds, MODEL_KIND__COUNT, lq.kind);
	f.field = emu_filter(model_fields, FIELD__COUNT, lq.field);
	f.status = emu_filter(model_statuses, MS__COUNT, lq.status);
	f.level = emu_filter(model_levels, ML__COUNT, lq.level);
	if (f.kind == -2 || f.field == -2 || f.status == -2 || f.level == -2)
		problem = T(req, M_EMU_BAD_CHOICE);
	else if (!work_opt_id(lq.unit, &f.unit_id))
		problem = T(req, M_WORK_BAD_UNIT);
	else if (!work_opt_id(lq.origin, &f.origin_id))
		problem = T(req, M_WORK_BAD_NUMBER);
	f.limit = want ? EXPORT_XLSX_MAX_ROWS : WORK_PER_PAGE;
	f.offset = want ? 0 : (size_t)((page - 1) * WORK_PER_PAGE);
	if (problem && want) {
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (!problem && !emu_filter_area(req, lq.area, &f.area_id, &problem, &e))
		goto fail_tx;
	if (problem && want) {
		page_read_fail(req);
		resp_error(req, resp, 400, DV_EINVAL, problem);
		return;
	}
	if (!problem &&
	    model_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e) != DV_OK)
		goto fail_tx;
	if (want) {
		page_read_end(req, own);
		export_models(req, resp, fmt, rows, n);
		return;
	}
	if (problem)
		resp->status = 400;
	page_begin(req, resp, T(req, M_MODEL_LIST_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_MODEL_LIST_TITLE),
	       T(req, M_MODEL_INTRO));
	html_raw(b, "<p class=\"actions\">");
	if (scope_can(&req->scope, PERM_WORK_WRITE))
		html_f(b, "<a class=\"button\" href=\"/models/new\">%s</a> ", T(req, M_MODEL_NEW));
	html_f(b, "<a class=\"button secondary\" href=\"/criteria-sets?purpose=model\">%s</a></p>",
	       T(req, M_CSET_LIST_TITLE));
	model_filters(req, resp, &lq);
	if (problem)
		page_notice(req, resp, "error", problem);
	html_f(b, "<p class=\"count\">%s: <strong>%s</strong></p>", T(req, M_RESULT_COUNT),
	       page_int(req, total));
	if (n) {
		model_table(req, resp, rows, n);
		work_export_links(req, resp);
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_MODEL_NONE));
	}
	page_pager(req, resp, total, page, WORK_PER_PAGE);
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* ================================================================ register, edit, replicate */

/* What the form shows: a model as stored (edit), as typed (a refused POST) or prefilled. */
struct model_form {
	int64_t id; /* 0: a new model */
	struct model_input in;
	const char *origin_name; /* a replication: the model it copies */
};

static void render_model_form(struct request *req, struct response *resp, int status,
                              const struct model_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	const char *title =
	    T(req, f->id ? M_MODEL_EDIT_TITLE
	                 : (work_opt(f->in.origin) ? M_MODEL_REPLICATE_TITLE : M_MODEL_NEW_TITLE));
	const char *back = f->id ? emu_href(req, "models", f->id, NULL) : "/models";

	resp->status = status;
	page_begin(req, resp, title);
	if (f->id)
		html_f(b,
		       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/activities\">%s"
		       "</a></li><li><a href=\"/models\">%s</a></li><li><a href=\"%s\">%s</a></li>"
		       "<li><span aria-current=\"page\">%s</span></li></ol></nav>",
		       T(req, M_BREADCRUMBS), T(req, M_NAV_WORK), T(req, M_MODEL_LIST_TITLE), back,
		       work_opt(f->in.name) ? f->in.name : T(req, M_MODEL_ONE),
		       T(req, M_WORK_EDIT));
	else
		work_crumbs(req, resp, "/models", T(req, M_MODEL_LIST_TITLE), title);
	html_f(b, "<h1>%s</h1>", title);
	if (error)
		page_notice(req, resp, "error", error);
	if (!f->id && work_opt(f->in.origin))
		html_f(b, "<p class=\"lead\">%s <a href=\"/models/%U\">%s</a></p>",
		       T(req, M_MODEL_REPLICATE_LEAD), f->in.origin,
		       f->origin_name ? f->origin_name : f->in.origin);
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_WORK_REQUIRED_NOTE));
	form_begin(req, resp, f->id ? back : "/models");
	emu_select(req, resp, "kind", M_MODEL_KIND, model_kinds, MODEL_KIND__COUNT, f->in.kind, 0);
	emu_select(req, resp, "field", M_MODEL_FIELD, model_fields, FIELD__COUNT, f->in.field, 0);
	emu_input(req, resp, "name", M_MODEL_NAME, f->in.name, EMU_NAME_MAX, true, NULL, 0);
	if (!f->id)
		emu_input(req, resp, "owner_unit", M_MODEL_OWNER_ID, f->in.owner_unit, 19, true,
		          NULL, M_MODEL_OWNER_HINT);
	emu_input(req, resp, "area", M_WORK_AREA_CODE, f->in.area, 32, true, NULL,
	          M_WORK_HINT_AREA);
	if (!f->id)
		emu_input(req, resp, "launch_unit", M_MODEL_LAUNCH_ID, f->in.launch_unit, 19, true,
		          NULL, M_MODEL_LAUNCH_HINT);
	emu_input(req, resp, "start_on", M_WORK_START, f->in.start_on, 10, true, "date", 0);
	emu_textarea(req, resp, "description", M_MODEL_DESCRIPTION, f->in.description, EMU_TEXT_MAX,
	             false, 0);
	emu_textarea(req, resp, "goals", M_MODEL_GOALS, f->in.goals, EMU_TEXT_MAX, false, 0);
	emu_textarea(req, resp, "results", M_MODEL_RESULTS_TEXT, f->in.results, EMU_TEXT_MAX, false,
	             M_MODEL_RESULTS_HINT);
	if (!f->id)
		emu_input(req, resp, "origin", M_MODEL_ORIGIN_ID, f->in.origin, 19, false, NULL,
		          M_MODEL_ORIGIN_HINT);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a>"
	       "</div>",
	       T(req, f->id ? M_SAVE : M_MODEL_REGISTER), back, T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

static void model_from_post(struct request *req, struct model_form *f)
{
	const struct params *p = &req->form;

	memset(f, 0, sizeof(*f));
	f->in.kind = params_get(p, "kind");
	f->in.field = params_get(p, "field");
	f->in.name = params_get(p, "name");
	f->in.owner_unit = params_get(p, "owner_unit");
	f->in.area = params_get(p, "area");
	f->in.launch_unit = params_get(p, "launch_unit");
	f->in.start_on = params_get(p, "start_on");
	f->in.description = params_get(p, "description");
	f->in.goals = params_get(p, "goals");
	f->in.results = params_get(p, "results");
	f->in.origin = params_get(p, "origin");
}

static void model_from_stored(struct request *req, const struct model *m, struct model_form *f)
{
	memset(f, 0, sizeof(*f));
	f->id = m->id;
	f->in.kind = (unsigned)m->kind < MODEL_KIND__COUNT ? model_kinds[m->kind].code : NULL;
	f->in.field = (unsigned)m->field < FIELD__COUNT ? model_fields[m->field].code : NULL;
	f->in.name = m->name;
	f->in.area = m->area_code;
	f->in.start_on = emu_ymd(req, m->start_on);
	f->in.description = m->description;
	f->in.goals = m->goals;
	f->in.results = m->results;
}

void h_model_new(struct request *req, struct response *resp)
{
	struct model_form f;
	struct model origin;
	const char *o = params_get(&req->query, "origin");
	int64_t oid = 0;
	bool own = false;

	memset(&f, 0, sizeof(f));
	f.in.kind = "model";
	f.in.owner_unit = emu_id(req, req->who->unit_id);
	f.in.launch_unit = emu_id(req, req->who->unit_id);
	f.in.start_on = emu_today(req);
	f.in.area = params_get(&req->query, "area");
	if (work_opt(o) && parse_int64(o, &oid) && oid > 0) {
		f.in.origin = o;
		/* a replication starts from what the original says; an invisible origin is left
		 * for the use case to refuse */
		if (page_read_begin(req, &own, NULL) == DV_OK) {
			if (model_get(req->db, &req->scope, oid, req->arena, &origin, NULL) ==
			    DV_OK) {
				page_read_end(req, own);
				f.origin_name = origin.name;
				f.in.kind = model_kinds[origin.kind].code;
				f.in.field = model_fields[origin.field].code;
				f.in.name = origin.name;
				f.in.description = origin.description;
				f.in.goals = origin.goals;
			} else {
				page_read_fail(req);
			}
		}
	}
	render_model_form(req, resp, 200, &f, NULL);
}

/* Save from the form (id 0 registers); a redirect, the form again, or an error page. */
static void model_save(struct request *req, struct response *resp, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_form f;
	int64_t out_id = 0;
	int status;

	model_from_post(req, &f);
	f.id = id;
	if (id) {
		/* the owner, the launching unit and the origin stay */
		f.in.owner_unit = NULL;
		f.in.launch_unit = NULL;
		f.in.origin = NULL;
	}
	if (app_model_save(req->app, req->db, &req->scope, req->who->login, id, &f.in, &out_id,
	                   &e) == DV_OK) {
		resp_redirect(req, resp, emu_href(req, "models", out_id ? out_id : id, NULL));
		return;
	}
	status = work_form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e); /* 404 out of scope, 403, 5xx */
		return;
	}
	render_model_form(req, resp, status, &f, page_error_text(req, &e));
}

void h_model_create(struct request *req, struct response *resp)
{
	model_save(req, resp, 0);
}

void h_model_update(struct request *req, struct response *resp)
{
	int64_t id;

	if (work_arg_id(req, resp, 0, &id))
		model_save(req, resp, id);
}

void h_model_edit(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_view v;
	struct model_form f;
	bool own = false;
	int64_t id;

	if (!work_arg_id(req, resp, 0, &id))
		return;
	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (app_model_view(req->app, req->db, &req->scope, id, req->arena, &v, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	page_read_end(req, own);
	if (v.m.status == MS_WITHDRAWN) {
		resp_error(req, resp, 409, DV_ECONFLICT, "a withdrawn model no longer changes");
		return;
	}
	if (!v.can_edit) {
		resp_error(req, resp, 403, DV_EPERM,
		           "only the owner unit and its superiors may change this model");
		return;
	}
	model_from_stored(req, &v.m, &f);
	render_model_form(req, resp, 200, &f, NULL);
}
