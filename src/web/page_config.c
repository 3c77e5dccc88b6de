/* page_config.c: the administrators' settings behind cases: topics, routing rules, holidays,
 * the statutory rule sets with a deadline calculator, and Open311 client keys. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/cases.h"
#include "app/settings.h"
#include "base/date.h"
#include "core/deadline.h"
#include "core/workflow.h"
#include "store/area.h"
#include "store/catalog.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

static const char *fmt_date(struct request *req, dv_date day)
{
	char buf[11];

	date_format(day, buf);
	return arena_strdup(req->arena, buf);
}

static int form_status(enum dv_err code)
{
	switch (code) {
	case DV_EINVAL:
	case DV_ENOTFOUND: /* an area, topic or unit that does not exist or is not ours */
		return 400;
	case DV_EEXIST:
	case DV_ECONFLICT:
		return 409;
	default:
		return 0;
	}
}

static void crumbs(struct request *req, struct response *resp, enum msg_id here)
{
	html_f(&resp->body,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/config\">%s</a></li>"
	       "<li><span aria-current=\"page\">%s</span></li></ol></nav><h1>%s</h1>",
	       T(req, M_BREADCRUMBS), T(req, M_CONFIG_TITLE), T(req, here), T(req, here));
}

/* ---------------------------------------------------------------- index */

void h_config(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	static const struct {
		const char *href;
		enum msg_id title, hint;
	} items[] = {
	    {"/config/topics", M_CONFIG_TOPICS, M_CONFIG_TOPICS_HINT},
	    {"/config/routing", M_CONFIG_ROUTING, M_CONFIG_ROUTING_HINT},
	    {"/config/holidays", M_CONFIG_HOLIDAYS, M_CONFIG_HOLIDAYS_HINT},
	    {"/config/rules", M_CONFIG_RULES, M_CONFIG_RULES_HINT},
	    {"/config/open311", M_CONFIG_OPEN311, M_CONFIG_OPEN311_HINT},
	};
	size_t i;

	page_begin(req, resp, T(req, M_CONFIG_TITLE));
	html_f(b, "<h1>%s</h1><div class=\"cards\">", T(req, M_CONFIG_TITLE));
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		html_f(b,
		       "<section class=\"card\"><h2><a href=\"%s\">%s</a></h2><p>%s</p></section>",
		       items[i].href, T(req, items[i].title), T(req, items[i].hint));
	html_raw(b, "</div>");
	page_end(req, resp);
}

/* ---------------------------------------------------------------- topics */

struct topic_form {
	const char *id, *code, *name, *name_en, *description, *sort;
	bool active;
};

static void render_topics(struct request *req, struct response *resp, int status,
                          const struct topic_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct topic *v = NULL;
	size_t n = 0, i;
	bool own = false;
	bool editing = f->id && *f->id && strcmp(f->id, "0");

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (topic_list(req->db, true, req->arena, &v, &n, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	page_read_end(req, own);
	resp->status = status;
	page_begin(req, resp, T(req, M_CONFIG_TOPICS));
	crumbs(req, resp, M_CONFIG_TOPICS);
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead>"
	       "<tbody>",
	       T(req, M_FIELD_CODE), T(req, M_FIELD_NAME_VI), T(req, M_FIELD_NAME_EN),
	       T(req, M_FIELD_STATUS), T(req, M_CONFIG_SORT), T(req, M_ACTIONS));
	for (i = 0; i < n; i++)
		html_f(b,
		       "<tr%R><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td>"
		       "<td class=\"num\">%d</td><td><a href=\"/config/topics?edit=%D\">%s</a></td>"
		       "</tr>",
		       v[i].active ? "" : " class=\"inactive\"", v[i].code, v[i].name,
		       nz(v[i].name_en), T(req, v[i].active ? M_ACTIVE : M_INACTIVE), v[i].sort,
		       v[i].id, T(req, M_CONFIG_EDIT));
	html_raw(b, "</tbody></table></div>");

	html_f(b, "<section><h2>%s</h2>",
	       T(req, editing ? M_CONFIG_TOPIC_EDIT : M_CONFIG_TOPIC_NEW));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/config/topics");
	html_f(b, "<input type=\"hidden\" name=\"id\" value=\"%s\">", editing ? f->id : "0");
	html_f(b,
	       "<div class=\"field\"><label for=\"code\">%s *</label><input id=\"code\" "
	       "name=\"code\" type=\"text\" value=\"%s\" required maxlength=\"40\" "
	       "pattern=\"[a-z0-9-]+\" spellcheck=\"false\"></div>",
	       T(req, M_FIELD_CODE), nz(f->code));
	html_f(b,
	       "<div class=\"field\"><label for=\"name\">%s *</label><input id=\"name\" "
	       "name=\"name\" type=\"text\" value=\"%s\" required maxlength=\"200\" lang=\"vi\">"
	       "</div><div class=\"field\"><label for=\"name_en\">%s *</label><input "
	       "id=\"name_en\" name=\"name_en\" type=\"text\" value=\"%s\" required "
	       "maxlength=\"200\" lang=\"en\"></div>",
	       T(req, M_FIELD_NAME_VI), nz(f->name), T(req, M_FIELD_NAME_EN), nz(f->name_en));
	html_f(b,
	       "<div class=\"field\"><label for=\"description\">%s</label><textarea "
	       "id=\"description\" name=\"description\" rows=\"3\" maxlength=\"2000\">%s"
	       "</textarea></div>",
	       T(req, M_CONFIG_DESCRIPTION), nz(f->description));
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"sort\">%s</label><input id=\"sort\" name=\"sort\" "
	    "type=\"number\" min=\"0\" max=\"100000\" value=\"%s\"></div>",
	    T(req, M_CONFIG_SORT), f->sort && *f->sort ? f->sort : "100");
	html_f(b,
	       "<div class=\"field check\"><input type=\"checkbox\" id=\"active\" name=\"active\" "
	       "value=\"1\"%R><label for=\"active\">%s</label></div>",
	       f->active ? " checked" : "", T(req, M_ACTIVE));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button>", T(req, M_SAVE));
	if (editing)
		html_f(b, " <a href=\"/config/topics\">%s</a>", T(req, M_CANCEL));
	html_raw(b, "</div>");
	form_end(req, resp);
	html_raw(b, "</section>");
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_config_topics(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct topic_form f;
	struct topic t;
	const char *s = params_get(&req->query, "edit");
	int64_t id;

	memset(&f, 0, sizeof(f));
	f.active = true;
	if (s && *s) {
		if (!parse_int64(s, &id) || id <= 0 ||
		    topic_get(req->db, id, req->arena, &t, &e) != DV_OK) {
			if (!e.code)
				dv_fail(&e, DV_ENOTFOUND, "topic '%s' not found", s);
			resp_fail(req, resp, &e);
			return;
		}
		f.id = arena_printf(req->arena, "%lld", (long long)t.id);
		f.code = t.code;
		f.name = t.name;
		f.name_en = t.name_en;
		f.description = t.description;
		f.sort = arena_printf(req->arena, "%d", t.sort);
		f.active = t.active;
	}
	render_topics(req, resp, 200, &f, NULL);
}

void h_config_topic_save(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const struct params *p = &req->form;
	struct topic_form f;
	struct topic t;
	int64_t id = 0, sort = 100;
	enum dv_err ret;
	int status;

	memset(&f, 0, sizeof(f));
	f.id = params_get(p, "id");
	f.code = params_get(p, "code");
	f.name = params_get(p, "name");
	f.name_en = params_get(p, "name_en");
	f.description = params_get(p, "description");
	f.sort = params_get(p, "sort");
	f.active = params_get(p, "active") != NULL;
	memset(&t, 0, sizeof(t));
	if ((f.id && *f.id && !parse_int64(f.id, &t.id)) ||
	    (f.sort && *f.sort && (!parse_int64(f.sort, &sort) || sort > 100000))) {
		render_topics(req, resp, 400, &f, T(req, M_CASE_BAD_NUMBER));
		return;
	}
	t.code = nz(f.code);
	t.name = nz(f.name);
	t.name_en = nz(f.name_en);
	t.description = nz(f.description);
	t.sort = (int)sort;
	t.active = f.active;
	ret = app_topic_save(req->app, req->db, &req->scope, req->who->login, &t, &id, &e);
	if (!ret) {
		resp_redirect(req, resp, "/config/topics");
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_topics(req, resp, status, &f, page_error_text(req, &e));
}

/* ---------------------------------------------------------------- routing rules */

struct routing_form {
	const char *area, *topic, *kind, *unit;
};

static void render_routing(struct request *req, struct response *resp, int status,
                           const struct routing_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct routing_rule *v = NULL;
	struct topic *topics = NULL;
	size_t n = 0, n_topics = 0, i;
	bool own = false, en = req->lang == LANG_EN;
	enum case_kind k;
	int j;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (routing_list(req->db, &req->scope, req->arena, &v, &n, &e) != DV_OK ||
	    topic_list(req->db, false, req->arena, &topics, &n_topics, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	page_read_end(req, own);
	resp->status = status;
	page_begin(req, resp, T(req, M_CONFIG_ROUTING));
	crumbs(req, resp, M_CONFIG_ROUTING);
	html_f(b, "<p class=\"lead\">%s</p>", T(req, M_CONFIG_ROUTING_HINT));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CONFIG_NONE));
	} else {
		html_f(b,
		       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th "
		       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		       "scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		       T(req, M_CASE_AREA), T(req, M_CASE_TOPIC), T(req, M_CASE_KIND),
		       T(req, M_CASE_HANDLING_UNIT), T(req, M_ACTIONS));
		for (i = 0; i < n; i++) {
			const char *act = arena_printf(req->arena, "/config/routing/%lld/delete",
			                               (long long)v[i].id);

			html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td>",
			       v[i].area_code ? v[i].area_code : T(req, M_CONFIG_ANY),
			       v[i].topic_code ? v[i].topic_code : T(req, M_CONFIG_ANY),
			       v[i].kind && case_kind_parse(v[i].kind, &k) ? case_kind_label(k, en)
			                                                   : T(req, M_CONFIG_ANY));
			html_f(b, "<td><a href=\"/units/%D\">%s</a> <code>%D</code></td><td>",
			       v[i].unit_id, nz(v[i].unit_name), v[i].unit_id);
			html_f(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
			       act ? act : "/config/routing");
			form_csrf(req, resp);
			html_f(b,
			       "<button type=\"submit\" class=\"danger small\">%s</button></form>"
			       "</td></tr>",
			       T(req, M_CONFIG_DELETE));
		}
		html_raw(b, "</tbody></table></div>");
	}
	html_f(b, "<section><h2>%s</h2>", T(req, M_CONFIG_ADD));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/config/routing");
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"area\">%s</label><input id=\"area\" name=\"area\" "
	    "type=\"text\" value=\"%s\" maxlength=\"32\" inputmode=\"numeric\"><p "
	    "class=\"hint\">%s</p></div>",
	    T(req, M_CASE_AREA_CODE), nz(f->area), T(req, M_HINT_OPTIONAL));
	html_f(b,
	       "<div class=\"field\"><label for=\"topic\">%s</label><select id=\"topic\" "
	       "name=\"topic\"><option value=\"\">%s</option>",
	       T(req, M_CASE_TOPIC), T(req, M_CONFIG_ANY));
	for (i = 0; i < n_topics; i++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", topics[i].code,
		       f->topic && !strcmp(f->topic, topics[i].code) ? " selected" : "",
		       page_pick(req, topics[i].name, topics[i].name_en));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"kind\">%s</label><select "
	       "id=\"kind\" name=\"kind\"><option value=\"\">%s</option>",
	       T(req, M_CASE_KIND), T(req, M_CONFIG_ANY));
	for (j = 0; j < KIND__COUNT; j++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", case_kind_name(j),
		       f->kind && !strcmp(f->kind, case_kind_name(j)) ? " selected" : "",
		       case_kind_label(j, en));
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"unit\">%s *</label><input "
	       "id=\"unit\" name=\"unit\" type=\"text\" value=\"%s\" required maxlength=\"19\" "
	       "inputmode=\"numeric\" pattern=\"[0-9]+\"><p class=\"hint\">%s</p></div>",
	       T(req, M_FIELD_UNIT_ID), nz(f->unit), T(req, M_HINT_UNIT_ID));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_CONFIG_ADD));
	form_end(req, resp);
	html_raw(b, "</section>");
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_config_routing(struct request *req, struct response *resp)
{
	struct routing_form f;

	memset(&f, 0, sizeof(f));
	render_routing(req, resp, 200, &f, NULL);
}

void h_config_routing_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct routing_form f;
	struct routing_rule r;
	enum case_kind k;
	int64_t id = 0;
	enum dv_err ret;
	int status;

	memset(&f, 0, sizeof(f));
	memset(&r, 0, sizeof(r));
	f.area = params_get(&req->form, "area");
	f.topic = params_get(&req->form, "topic");
	f.kind = params_get(&req->form, "kind");
	f.unit = params_get(&req->form, "unit");
	if (!f.unit || !parse_int64(f.unit, &r.unit_id) || r.unit_id <= 0) {
		render_routing(req, resp, 400, &f, T(req, M_USER_BAD_UNIT));
		return;
	}
	if (f.kind && *f.kind) {
		if (!case_kind_parse(f.kind, &k)) {
			render_routing(req, resp, 400, &f, T(req, M_SUBMIT_BAD_KIND));
			return;
		}
		r.kind = case_kind_name(k);
	}
	ret = app_routing_add(req->app, req->db, &req->scope, req->who->login, f.area, f.topic,
	                      r.kind, r.unit_id, &id, &e);
	if (!ret) {
		resp_redirect(req, resp, "/config/routing");
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_routing(req, resp, status, &f, page_error_text(req, &e));
}

void h_config_routing_del(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;
	enum dv_err ret;

	if (!req->args[0] || !parse_int64(req->args[0], &id) || id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return;
	}
	ret = app_routing_remove(req->app, req->db, &req->scope, req->who->login, id, &e);
	if (ret) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, "/config/routing");
}

/* ---------------------------------------------------------------- holidays */

static void render_holidays(struct request *req, struct response *resp, int status, const char *day,
                            const char *name, const char *error)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct holiday_row *v = NULL;
	size_t n = 0, i;
	bool own = false;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (holiday_list(req->db, req->arena, &v, &n, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	page_read_end(req, own);
	resp->status = status;
	page_begin(req, resp, T(req, M_CONFIG_HOLIDAYS));
	crumbs(req, resp, M_CONFIG_HOLIDAYS);
	html_f(b, "<p class=\"lead\">%s</p>", T(req, M_CONFIG_HOLIDAYS_HINT));
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_CONFIG_NONE));
	} else {
		html_f(
		    b,
		    "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th "
		    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		    "</thead><tbody>",
		    T(req, M_CONFIG_DATE), T(req, M_FIELD_NAME), T(req, M_ACTIONS));
		for (i = 0; i < n; i++) {
			const char *d = fmt_date(req, v[i].day);
			const char *act =
			    arena_printf(req->arena, "/config/holidays/%s/delete", nz(d));

			html_f(b, "<tr><td>%s</td><td>%s</td><td>", nz(d), nz(v[i].name));
			html_f(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
			       act ? act : "/config/holidays");
			form_csrf(req, resp);
			html_f(b,
			       "<button type=\"submit\" class=\"danger small\">%s</button></form>"
			       "</td></tr>",
			       T(req, M_CONFIG_DELETE));
		}
		html_raw(b, "</tbody></table></div>");
	}
	html_f(b, "<section><h2>%s</h2>", T(req, M_CONFIG_ADD));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/config/holidays");
	html_f(b,
	       "<div class=\"field\"><label for=\"day\">%s *</label><input id=\"day\" name=\"day\" "
	       "type=\"date\" value=\"%s\" required></div><div class=\"field\"><label "
	       "for=\"name\">%s *</label><input id=\"name\" name=\"name\" type=\"text\" "
	       "value=\"%s\" required maxlength=\"200\"></div>",
	       T(req, M_CONFIG_DATE), nz(day), T(req, M_FIELD_NAME), nz(name));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_CONFIG_ADD));
	form_end(req, resp);
	html_raw(b, "</section>");
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_config_holidays(struct request *req, struct response *resp)
{
	render_holidays(req, resp, 200, NULL, NULL, NULL);
}

void h_config_holiday_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *day = params_get(&req->form, "day");
	const char *name = params_get(&req->form, "name");
	dv_date d;
	enum dv_err ret;
	int status;

	if (!day || !date_parse(day, &d)) {
		render_holidays(req, resp, 400, day, name, T(req, M_CASE_BAD_DATE));
		return;
	}
	ret = app_holiday_add(req->app, req->db, &req->scope, req->who->login, d, nz(name), &e);
	if (!ret) {
		resp_redirect(req, resp, "/config/holidays");
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_holidays(req, resp, status, day, name, page_error_text(req, &e));
}

void h_config_holiday_del(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	dv_date d;
	enum dv_err ret;

	if (!req->args[0] || !date_parse(req->args[0], &d)) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return;
	}
	ret = app_holiday_remove(req->app, req->db, &req->scope, req->who->login, d, &e);
	if (ret) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, "/config/holidays");
}

/* ---------------------------------------------------------------- rule sets */

static void rule_table(struct request *req, struct response *resp, const struct rule_set *set)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list rules\"><thead><tr><th "
	       "scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_CONFIG_RULE), T(req, M_CONFIG_DAYS), T(req, M_CONFIG_DAY_KIND),
	       T(req, M_CONFIG_VARIANTS), T(req, M_CONFIG_EXTENSIONS), T(req, M_CONFIG_ANCHOR),
	       T(req, M_CONFIG_RULE_STATUS));
	for (i = 0; i < set->n; i++) {
		const struct rule *r = &set->rules[i];

		html_f(b,
		       "<tr><th scope=\"row\"><code>%s</code></th><td class=\"num\">%d</td>"
		       "<td>%s</td><td>%d / %d / %d</td><td>",
		       r->code, r->days,
		       T(req,
		         r->kind == DAYS_WORKING ? M_CONFIG_DAYS_WORKING : M_CONFIG_DAYS_CALENDAR),
		       r->days_complex ? r->days_complex : r->days,
		       r->days_remote ? r->days_remote : r->days,
		       r->days_remote_complex ? r->days_remote_complex : r->days);
		if (r->max_extensions)
			html_f(b, "%d × %d", r->max_extensions, r->extension_days);
		else
			html_raw(b, "—");
		html_f(b, "</td><td>%s</td><td>%s", rule_anchor_name(r->anchor),
		       r->status == 'C'   ? "C"
		       : r->status == 'P' ? "P"
		                          : "U");
		if (r->status == 'U')
			html_f(b, " <span class=\"badge to-verify\">%s</span>",
			       T(req, M_CONFIG_TO_VERIFY));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void h_config_rules(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	struct dv_error e = DV_ERROR_INIT;
	struct rule_set *sets = NULL;
	size_t n = 0, i;
	bool own = false, calc = false, calc_ok = false;
	const char *rule = params_get(&req->query, "rule");
	const char *from = params_get(&req->query, "from");
	bool remote = params_get(&req->query, "remote") != NULL;
	bool complex = params_get(&req->query, "complex") != NULL;
	const struct rule *used = NULL;
	struct deadline d;
	struct dv_error ce = DV_ERROR_INIT;
	dv_date day = 0;
	int status = 200;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (ruleset_load(req->db, req->arena, &sets, &n, &e) != DV_OK)
		goto fail_tx;
	if (rule && *rule) {
		calc = true;
		if (!from || !date_parse(from, &day)) {
			dv_fail(&ce, DV_EINVAL, "date '%s' is not YYYY-MM-DD", nz(from));
		} else if (app_deadline(req->app, req->db, rule, day,
		                        (remote ? DL_REMOTE : 0u) | (complex ? DL_COMPLEX : 0u),
		                        req->arena, &d, &used, &ce) == DV_OK) {
			calc_ok = true;
		}
		if (!calc_ok)
			status = ce.code == DV_EINVAL || ce.code == DV_ENOTFOUND ? 400 : 500;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_CONFIG_RULES));
	page_read_end(req, own);
	if (scope_can(&req->scope, PERM_CONFIG_WRITE))
		crumbs(req, resp, M_CONFIG_RULES);
	else
		html_f(b, "<h1>%s</h1>", T(req, M_CONFIG_RULES));

	html_f(b, "<section class=\"calculator\"><h2>%s</h2>", T(req, M_CONFIG_CALC));
	if (calc && calc_ok) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_init(&sb, 2048, 128);
		deadline_explain(&d, req->lang, &sb);
		html_f(b,
		       "<p class=\"notice notice-ok\" role=\"status\">%s: <strong>%s</strong>"
		       "</p>",
		       T(req, M_CONFIG_CALC_RESULT), sb.buf);
		strbuf_release(&sb);
	} else if (calc) {
		page_notice(req, resp, "error", page_error_text(req, &ce));
	}
	html_f(b,
	       "<form class=\"search\" method=\"get\" action=\"/config/rules\"><div "
	       "class=\"field\"><label for=\"rule\">%s</label><select id=\"rule\" name=\"rule\">",
	       T(req, M_CONFIG_RULE));
	if (n) {
		const struct rule_set *cur =
		    rule_set_in_force(sets, n, date_of_instant(time_now()));

		if (!cur)
			cur = &sets[n - 1];
		for (i = 0; i < cur->n; i++)
			html_f(b, "<option value=\"%s\"%R>%s</option>", cur->rules[i].code,
			       rule && !strcmp(rule, cur->rules[i].code) ? " selected" : "",
			       cur->rules[i].code);
	}
	html_f(b,
	       "</select></div><div class=\"field\"><label for=\"from\">%s</label><input "
	       "id=\"from\" name=\"from\" type=\"date\" value=\"%s\" required></div>",
	       T(req, M_CONFIG_CALC_FROM), nz(from));
	html_f(b,
	       "<div class=\"field check\"><input type=\"checkbox\" id=\"remote\" name=\"remote\" "
	       "value=\"1\"%R><label for=\"remote\">%s</label></div><div class=\"field check\">"
	       "<input type=\"checkbox\" id=\"complex\" name=\"complex\" value=\"1\"%R><label "
	       "for=\"complex\">%s</label></div><div class=\"actions\"><button type=\"submit\">%s"
	       "</button></div></form></section>",
	       remote ? " checked" : "", T(req, M_CONFIG_CALC_REMOTE), complex ? " checked" : "",
	       T(req, M_CONFIG_CALC_COMPLEX), T(req, M_TRACK_SUBMIT));

	for (i = n; i-- > 0;) {
		html_f(b, "<section><h2>%s %s</h2><p class=\"muted\">%s</p>",
		       T(req, M_CONFIG_IN_FORCE_FROM), fmt_date(req, sets[i].effective_from),
		       nz(sets[i].name));
		rule_table(req, resp, &sets[i]);
		html_raw(b, "</section>");
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* ---------------------------------------------------------------- Open311 clients */

static void render_open311(struct request *req, struct response *resp, int status, const char *name,
                           const char *key, const char *error)
{
	struct strbuf *b = &resp->body;

	resp->status = status;
	page_begin(req, resp, T(req, M_CONFIG_OPEN311));
	crumbs(req, resp, M_CONFIG_OPEN311);
	html_f(b, "<p class=\"lead\">%s</p>", T(req, M_CONFIG_OPEN311_HINT));
	if (key)
		html_f(b,
		       "<section class=\"token-once\"><h2>%s: %s</h2><p>%s</p><input "
		       "class=\"token\" type=\"text\" readonly value=\"%s\" aria-label=\"%s\">"
		       "</section>",
		       T(req, M_CONFIG_CLIENT_KEY), nz(name), T(req, M_TOKEN_COPY_WARNING), key,
		       T(req, M_CONFIG_CLIENT_KEY));
	html_f(b, "<p class=\"hint\">%s</p>", T(req, M_CONFIG_CLIENT_NONE));
	html_f(b, "<section><h2>%s</h2>", T(req, M_CONFIG_CLIENT_ADD));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/config/open311");
	html_f(b,
	       "<div class=\"field\"><label for=\"name\">%s *</label><input id=\"name\" "
	       "name=\"name\" type=\"text\" value=\"%s\" required maxlength=\"200\"></div>"
	       "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_CONFIG_CLIENT_NAME), key ? "" : nz(name), T(req, M_CONFIG_CLIENT_ADD));
	form_end(req, resp);
	html_raw(b, "</section>");
	page_end(req, resp);
}

void h_config_open311(struct request *req, struct response *resp)
{
	render_open311(req, resp, 200, NULL, NULL, NULL);
}

void h_config_open311_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *name = params_get(&req->form, "name");
	const char *key = NULL;
	int64_t id = 0;
	enum dv_err ret;
	int status;

	/* the key is shown once on this answer; only its hash is stored */
	ret = app_open311_client_add(req->app, req->db, &req->scope, req->who->login, name,
	                             req->arena, &key, &id, &e);
	if (!ret) {
		render_open311(req, resp, 200, name, key, NULL);
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	render_open311(req, resp, status, name, NULL, page_error_text(req, &e));
}
