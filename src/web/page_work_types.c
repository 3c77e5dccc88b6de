/* page_work_types.c: the vocabulary of activity types and their measures; administrators add
 * types and measures here (a type or measure once used is never removed, only retired). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/work.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page_work.h"

#include "base/banned.h"

/* What an administrator typed into one of the forms (kept when it is refused). */
struct typed {
	const char *type_code; /* the measure form of this type; NULL: the new type form */
	const char *code, *name, *name_en, *unit_label, *unit_label_en;
};

static void field(struct request *req, struct response *resp, const char *id, const char *name,
                  enum msg_id label, const char *value, int max, const char *attrs)
{
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"%s\">%s *</label><input id=\"%s\" name=\"%s\" "
	       "type=\"text\" value=\"%s\" maxlength=\"%d\" required%R></div>",
	       id, T(req, label), id, name, work_nz(value), max, attrs ? attrs : "");
}

#define CODE_ATTRS " pattern=\"[a-z][a-z0-9_]*\" spellcheck=\"false\" autocomplete=\"off\""

static void measure_form(struct request *req, struct response *resp, const struct activity_type *t,
                         const struct typed *in)
{
	struct strbuf *b = &resp->body;
	bool mine = in && in->type_code && !strcmp(in->type_code, t->code);
	const char *id;

	html_f(b, "<details class=\"add-measure\"%R><summary>%s</summary>", mine ? " open" : "",
	       T(req, M_TYPE_MEASURE_ADD));
	form_begin(req, resp, arena_printf(req->arena, "/activity-types/%s/measures", t->code));
	id = arena_printf(req->arena, "m_%s_code", t->code);
	field(req, resp, id ? id : "code", "code", M_FIELD_CODE, mine ? in->code : NULL, 40,
	      CODE_ATTRS);
	id = arena_printf(req->arena, "m_%s_name", t->code);
	field(req, resp, id ? id : "name", "name", M_FIELD_NAME_VI, mine ? in->name : NULL, 120,
	      " lang=\"vi\"");
	id = arena_printf(req->arena, "m_%s_name_en", t->code);
	field(req, resp, id ? id : "name_en", "name_en", M_FIELD_NAME_EN, mine ? in->name_en : NULL,
	      120, " lang=\"en\"");
	id = arena_printf(req->arena, "m_%s_unit", t->code);
	field(req, resp, id ? id : "unit_label", "unit_label", M_TYPE_UNIT_LABEL,
	      mine ? in->unit_label : NULL, 30, " lang=\"vi\"");
	id = arena_printf(req->arena, "m_%s_unit_en", t->code);
	field(req, resp, id ? id : "unit_label_en", "unit_label_en", M_TYPE_UNIT_LABEL_EN,
	      mine ? in->unit_label_en : NULL, 30, " lang=\"en\"");
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_TYPE_MEASURE_ADD));
	form_end(req, resp);
	html_raw(b, "</details>");
}

static void render(struct request *req, struct response *resp, int status, const char *error,
                   const struct typed *in)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf *b = &resp->body;
	struct activity_type *types = NULL;
	bool own = false, admin = scope_can(&req->scope, PERM_CONFIG_WRITE);
	size_t n = 0, i, k;

	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	if (app_activity_types(req->app, req->db, req->arena, &types, &n, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_TYPE_TITLE));
	page_read_end(req, own);

	work_subnav(req, resp);
	html_f(b, "<h1>%s</h1><p class=\"lead\">%s</p>", T(req, M_TYPE_TITLE),
	       T(req, M_TYPE_INTRO));
	if (error)
		page_notice(req, resp, "error", error);
	else if (params_get(&req->query, "added"))
		page_notice(req, resp, "ok", T(req, M_TYPE_ADDED));
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list types\"><thead><tr><th scope=\"col\">"
	       "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_ACT_TYPE), T(req, M_FIELD_CODE), T(req, M_ACT_MEASURES));
	for (i = 0; i < n; i++) {
		const struct activity_type *t = &types[i];

		html_f(b, "<tr id=\"type-%s\"%R><th scope=\"row\">%s", t->code,
		       t->active ? "" : " class=\"inactive\"", t->name);
		if (t->name_en && *t->name_en)
			html_f(b, "<br><span class=\"muted\" lang=\"en\">%s</span>", t->name_en);
		if (!t->active)
			html_f(b, " <span class=\"badge\">%s</span>", T(req, M_TYPE_RETIRED));
		html_f(b, "</th><td><code>%s</code></td><td>", t->code);
		if (!t->n_measures)
			html_raw(b, "—");
		else
			html_raw(b, "<ul class=\"tags\">");
		for (k = 0; k < t->n_measures; k++) {
			const struct measure_def *m = &t->measures[k];

			html_f(b, "<li>%s (%s) <code>%s</code></li>",
			       page_pick(req, m->name, m->name_en),
			       page_pick(req, m->unit_label, m->unit_label_en), m->code);
		}
		if (t->n_measures)
			html_raw(b, "</ul>");
		if (admin)
			measure_form(req, resp, t, in);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>\n");
	if (admin) {
		bool mine = in && !in->type_code;

		html_f(b, "<section id=\"new-type\"><h2>%s</h2>", T(req, M_TYPE_ADD));
		form_begin(req, resp, "/activity-types");
		field(req, resp, "type_code", "code", M_FIELD_CODE, mine ? in->code : NULL, 40,
		      CODE_ATTRS);
		field(req, resp, "type_name", "name", M_FIELD_NAME_VI, mine ? in->name : NULL, 120,
		      " lang=\"vi\"");
		field(req, resp, "type_name_en", "name_en", M_FIELD_NAME_EN,
		      mine ? in->name_en : NULL, 120, " lang=\"en\"");
		html_f(b,
		       "<p class=\"hint\">%s</p><div class=\"actions\"><button type=\"submit\">%s"
		       "</button></div>",
		       T(req, M_TYPE_CODE_HINT), T(req, M_TYPE_ADD));
		form_end(req, resp);
		html_raw(b, "</section>");
	}
	page_end(req, resp);
}

void h_activity_types(struct request *req, struct response *resp)
{
	render(req, resp, 200, NULL, NULL);
}

static void typed_from_form(struct request *req, struct typed *in, const char *type_code)
{
	const struct params *p = &req->form;

	memset(in, 0, sizeof(*in));
	in->type_code = type_code;
	in->code = params_get(p, "code");
	in->name = params_get(p, "name");
	in->name_en = params_get(p, "name_en");
	in->unit_label = params_get(p, "unit_label");
	in->unit_label_en = params_get(p, "unit_label_en");
}

static void answer(struct request *req, struct response *resp, enum dv_err ret,
                   const struct dv_error *e, const struct typed *in, const char *anchor)
{
	int status;

	if (ret == DV_OK) {
		resp_redirect(req, resp,
		              arena_printf(req->arena, "/activity-types?added=1#%s",
		                           anchor ? anchor : "new-type"));
		return;
	}
	status = work_form_status(e->code);
	if (!status) {
		resp_fail(req, resp, e);
		return;
	}
	render(req, resp, status, page_error_text(req, e), in);
}

void h_activity_type_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct typed in;
	int64_t id = 0;
	enum dv_err ret;

	typed_from_form(req, &in, NULL);
	ret = app_activity_type_add(req->app, req->db, &req->scope, req->who->login,
	                                     work_nz(in.code), in.name, in.name_en, &id, &e);
	answer(req, resp, ret, &e, &in,
	       ret ? "new-type" : arena_printf(req->arena, "type-%s", work_nz(in.code)));
}

void h_measure_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *type_code = req->args[0];
	struct typed in;
	int64_t id = 0;
	enum dv_err ret;

	typed_from_form(req, &in, type_code);
	ret = app_measure_add(req->app, req->db, &req->scope, req->who->login, type_code,
	                               work_nz(in.code), in.name, in.name_en, in.unit_label,
	                               in.unit_label_en, &id, &e);
	/* a type that does not exist is not a form the user can fix */
	if (ret == DV_EINVAL && !strncmp(e.detail, "field 'type'", 12)) {
		resp_error(req, resp, 404, DV_ENOTFOUND, e.detail);
		return;
	}
	answer(req, resp, ret, &e, &in, arena_printf(req->arena, "type-%s", work_nz(type_code)));
}
