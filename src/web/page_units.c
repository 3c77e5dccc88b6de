/* page_units.c: the unit tree, search, one unit's page, and the create/edit/move forms. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/admin.h"
#include "core/kinds.h"
#include "store/unit.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

#define UNITS_PER_PAGE 50

static const char *unit_name(struct request *req, const struct unit *u)
{
	return page_pick(req, u->name, u->name_en);
}

static const char *kind_name(struct request *req, const char *code)
{
	const struct unit_kind *k = unit_kind_find(code);

	return k ? page_pick(req, k->vi, k->en) : (code ? code : "");
}

static bool has_text(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return true;
	return false;
}

static void kind_options(struct request *req, struct response *resp, const char *selected)
{
	const struct unit_kind *k;

	for (k = unit_kinds; k->code; k++)
		html_f(&resp->body, "<option value=\"%s\"%R>%s</option>", k->code,
		       selected && !strcmp(selected, k->code) ? " selected" : "",
		       page_pick(req, k->vi, k->en));
}

static void unit_table(struct request *req, struct response *resp, const struct unit *v, size_t n)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	       "</tr></thead><tbody>",
	       T(req, M_FIELD_NAME), T(req, M_FIELD_KIND), T(req, M_FIELD_HOME_AREA),
	       T(req, M_FIELD_SUBUNITS), T(req, M_FIELD_USERS));
	for (i = 0; i < n; i++) {
		const struct unit *u = &v[i];

		html_f(b, "<tr><td><a href=\"/units/%D\">%s</a>", u->id, unit_name(req, u));
		if (!u->active)
			html_f(b, " <span class=\"badge\">%s</span>", T(req, M_INACTIVE));
		html_f(b, "</td><td>%s</td><td>", kind_name(req, u->kind));
		if (u->home_area_code)
			html_f(b, "<a href=\"/areas/%U\">%s</a>", u->home_area_code,
			       u->home_area_name ? u->home_area_name : u->home_area_code);
		html_f(b, "</td><td class=\"num\">%D</td><td class=\"num\">%D</td></tr>",
		       u->child_count, u->user_count);
	}
	html_raw(b, "</tbody></table></div>\n");
}

static void search_form(struct request *req, struct response *resp, const char *q, const char *kind)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<form class=\"search\" method=\"get\" action=\"/units\" role=\"search\">"
	       "<div class=\"field\"><label for=\"q\">%s</label>"
	       "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></div>",
	       T(req, M_SEARCH_LABEL), q ? q : "");
	html_f(b,
	       "<div class=\"field\"><label for=\"kind\">%s</label><select id=\"kind\" "
	       "name=\"kind\"><option value=\"\">%s</option>",
	       T(req, M_FIELD_KIND), T(req, M_ANY_KIND));
	kind_options(req, resp, kind);
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div>"
	       "</form>\n",
	       T(req, M_SEARCH_SUBMIT));
}

void h_units(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	const char *q = params_get(&req->query, "q");
	const char *kind = params_get(&req->query, "kind");
	int64_t page = page_number(req), total = 0;
	bool searching;
	struct unit *root = NULL, *kids = NULL, *found = NULL;
	size_t n_root = 0, n_kids = 0, n_found = 0;
	struct strbuf *b = &resp->body;

	if (kind && !unit_kind_find(kind))
		kind = NULL; /* an unknown kind filters nothing rather than everything */
	searching = has_text(q) || kind;
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (searching) {
		if (unit_search(req->db, &req->scope, q ? q : "", kind, UNITS_PER_PAGE,
		                (size_t)((page - 1) * UNITS_PER_PAGE), req->arena, &found, &n_found,
		                &total, &e) != DV_OK)
			goto fail_tx;
	} else {
		if (unit_children(req->db, &req->scope, 0, req->arena, &root, &n_root, &e) != DV_OK)
			goto fail_tx;
		if (n_root && unit_children(req->db, &req->scope, root[0].id, req->arena, &kids,
		                            &n_kids, &e) != DV_OK)
			goto fail_tx;
	}
	page_begin(req, resp, T(req, M_UNITS_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", T(req, M_UNITS_TITLE));
	search_form(req, resp, q, kind);
	if (searching) {
		html_f(b, "<h2>%s</h2><p class=\"count\">%s: <strong>%D</strong></p>",
		       T(req, M_SEARCH_RESULTS), T(req, M_RESULT_COUNT), total);
		if (n_found)
			unit_table(req, resp, found, n_found);
		else
			html_f(b, "<p class=\"empty\">%s</p>", T(req, M_NO_RESULTS));
		page_pager(req, resp, total, page, UNITS_PER_PAGE);
		html_f(b, "<p><a href=\"/units\">%s</a></p>", T(req, M_UNITS_BACK_TREE));
	} else if (n_root) {
		html_f(b, "<h2>%s</h2>", T(req, M_UNITS_ROOT));
		unit_table(req, resp, root, 1);
		html_f(b, "<h2>%s <a href=\"/units/%D\">%s</a> (%zu)</h2>",
		       T(req, M_UNIT_CHILDREN_OF), root[0].id, unit_name(req, &root[0]), n_kids);
		if (n_kids)
			unit_table(req, resp, kids, n_kids);
		else
			html_f(b, "<p class=\"empty\">%s</p>", T(req, M_UNIT_NO_CHILDREN));
		if (scope_can(&req->scope, PERM_UNIT_WRITE))
			html_f(b,
			       "<p class=\"actions\"><a class=\"button\" "
			       "href=\"/units/new?parent=%D\">%s</a></p>",
			       root[0].id, T(req, M_UNIT_ADD_CHILD));
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_UNITS_NONE));
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* The id in req->args[0]; false (after a 404 reply) when malformed. */
static bool arg_id(struct request *req, struct response *resp, int64_t *id)
{
	if (!req->args[0] || !parse_int64(req->args[0], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return false;
	}
	return true;
}

void h_unit(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;
	struct unit u;
	struct unit *anc = NULL, *kids = NULL;
	size_t n_anc = 0, n_kids = 0, i;
	struct strbuf *b = &resp->body;
	const struct unit_kind *k;
	bool can_write = scope_can(&req->scope, PERM_UNIT_WRITE);

	if (!arg_id(req, resp, &id))
		return;
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (unit_get(req->db, &req->scope, id, req->arena, &u, &e) != DV_OK)
		goto fail_tx;
	if (unit_ancestors(req->db, &req->scope, id, req->arena, &anc, &n_anc, &e) != DV_OK)
		goto fail_tx;
	if (unit_children(req->db, &req->scope, id, req->arena, &kids, &n_kids, &e) != DV_OK)
		goto fail_tx;
	page_begin(req, resp, unit_name(req, &u));
	page_read_end(req, own);

	html_f(b, "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/units\">%s</a></li>",
	       T(req, M_BREADCRUMBS), T(req, M_UNITS_TITLE));
	for (i = 0; i < n_anc; i++)
		html_f(b, "<li><a href=\"/units/%D\">%s</a></li>", anc[i].id,
		       unit_name(req, &anc[i]));
	html_f(b, "<li><span aria-current=\"page\">%s</span></li></ol></nav>", unit_name(req, &u));

	html_f(b, "<h1>%s</h1>", unit_name(req, &u));
	if (can_write)
		html_f(b,
		       "<p class=\"actions\"><a class=\"button\" href=\"/units/new?parent=%D\">%s"
		       "</a> <a class=\"button secondary\" href=\"/units/%D/edit\">%s</a></p>",
		       u.id, T(req, M_UNIT_ADD_CHILD), u.id, T(req, M_UNIT_EDIT));

	k = unit_kind_find(u.kind);
	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd lang=\"vi\">%s</dd>", T(req, M_FIELD_NAME_VI), u.name);
	html_f(b, "<dt>%s</dt><dd lang=\"en\">%s</dd>", T(req, M_FIELD_NAME_EN),
	       u.name_en && *u.name_en ? u.name_en : "—");
	if (k)
		html_f(b, "<dt>%s</dt><dd>%s <span class=\"muted\">(%s)</span></dd>",
		       T(req, M_FIELD_KIND), req->lang == LANG_EN ? k->en : k->vi,
		       req->lang == LANG_EN ? k->vi : k->en);
	else
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_KIND), u.kind ? u.kind : "—");
	html_f(b, "<dt>%s</dt><dd>", T(req, M_FIELD_HOME_AREA));
	if (u.home_area_code)
		html_f(b, "<a href=\"/areas/%U\">%s</a> <code>%s</code>", u.home_area_code,
		       u.home_area_name ? u.home_area_name : u.home_area_code, u.home_area_code);
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>", T(req, M_FIELD_PARENT_UNIT));
	if (u.parent_id && u.parent_name)
		html_f(b, "<a href=\"/units/%D\">%s</a>", u.parent_id, u.parent_name);
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>%D</dd>", T(req, M_FIELD_SUBUNITS), u.child_count);
	html_f(b, "<dt>%s</dt><dd>%D</dd>", T(req, M_FIELD_USERS), u.user_count);
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_STATUS),
	       T(req, u.active ? M_ACTIVE : M_INACTIVE));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_CREATED), page_time(req, u.created_at));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_UPDATED), page_time(req, u.updated_at));
	html_f(b, "<dt>%s</dt><dd><code>%D</code></dd>", T(req, M_FIELD_ID), u.id);
	html_raw(b, "</dl>");

	html_f(b, "<h2>%s (%zu)</h2>", T(req, M_UNIT_CHILDREN), n_kids);
	if (n_kids)
		unit_table(req, resp, kids, n_kids);
	else
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_UNIT_NO_CHILDREN));
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

/* What the create/edit form shows: the stored unit or what the user typed. */
struct unit_form {
	int64_t id; /* 0 when creating */
	int64_t parent_id;
	const char *parent_name;
	const char *kind, *name, *name_en, *home_area_code;
};

static void unit_fields(struct request *req, struct response *resp, const struct unit_form *f)
{
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<div class=\"field\"><label for=\"kind\">%s</label><select id=\"kind\" "
	       "name=\"kind\" required><option value=\"\">%s</option>",
	       T(req, M_FIELD_KIND), T(req, M_CHOOSE));
	kind_options(req, resp, f->kind);
	html_raw(b, "</select></div>");
	html_f(b,
	       "<div class=\"field\"><label for=\"name\">%s</label><input id=\"name\" "
	       "name=\"name\" type=\"text\" value=\"%s\" required maxlength=\"200\" lang=\"vi\">"
	       "</div>",
	       T(req, M_FIELD_NAME_VI), f->name ? f->name : "");
	html_f(b,
	       "<div class=\"field\"><label for=\"name_en\">%s</label><input id=\"name_en\" "
	       "name=\"name_en\" type=\"text\" value=\"%s\" maxlength=\"200\" lang=\"en\">"
	       "<p class=\"hint\">%s</p></div>",
	       T(req, M_FIELD_NAME_EN), f->name_en ? f->name_en : "", T(req, M_HINT_OPTIONAL));
	html_f(b,
	       "<div class=\"field\"><label for=\"home_area\">%s</label><input id=\"home_area\" "
	       "name=\"home_area\" type=\"text\" value=\"%s\" required maxlength=\"32\" "
	       "autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"home_area_hint\">"
	       "<p class=\"hint\" id=\"home_area_hint\">%s <a href=\"/areas\">%s</a></p></div>",
	       T(req, M_FIELD_HOME_AREA_CODE), f->home_area_code ? f->home_area_code : "",
	       T(req, M_HINT_AREA_CODE), T(req, M_AREAS_TITLE));
}

static void render_new(struct request *req, struct response *resp, int status,
                       const struct unit_form *f, const char *error)
{
	struct strbuf *b = &resp->body;

	resp->status = status;
	page_begin(req, resp, T(req, M_UNIT_NEW_TITLE));
	html_f(b, "<h1>%s</h1>", T(req, M_UNIT_NEW_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/units");
	html_f(b, "<input type=\"hidden\" name=\"parent_id\" value=\"%D\">", f->parent_id);
	html_f(b, "<p>%s: ", T(req, M_FIELD_PARENT_UNIT));
	if (f->parent_name)
		html_f(b, "<a href=\"/units/%D\">%s</a></p>", f->parent_id, f->parent_name);
	else
		html_f(b, "<code>%D</code></p>", f->parent_id);
	unit_fields(req, resp, f);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> "
	       "<a href=\"/units/%D\">%s</a></div>",
	       T(req, M_CREATE), f->parent_id, T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

/* Parent's display name for the form (best effort: only a label). */
static const char *parent_label(struct request *req, int64_t parent_id)
{
	bool own = false;
	struct unit p;
	const char *name = NULL;

	if (parent_id <= 0)
		return NULL;
	if (page_read_begin(req, &own, NULL) != DV_OK)
		return NULL;
	if (unit_get(req->db, &req->scope, parent_id, req->arena, &p, NULL) == DV_OK)
		name = unit_name(req, &p);
	page_read_end(req, own);
	return name;
}

void h_unit_new(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	const char *s = params_get(&req->query, "parent");
	struct unit_form f;
	struct unit p;
	int64_t parent;

	/* Without ?parent= the new unit goes under the user's own unit. */
	if (!s || !*s)
		parent = req->who->unit_id;
	else if (!parse_int64(s, &parent) || parent <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return;
	}
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (unit_get(req->db, &req->scope, parent, req->arena, &p, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	page_read_end(req, own);
	memset(&f, 0, sizeof(f));
	f.parent_id = p.id;
	f.parent_name = unit_name(req, &p);
	f.home_area_code = p.home_area_code; /* a new unit usually sits where its parent does */
	render_new(req, resp, 200, &f, NULL);
	return;

fail:
	resp_fail(req, resp, &e);
}

/* The form's values; malformed numbers leave the id at 0 for the use case to refuse. */
static void read_form(struct request *req, struct unit_form *f)
{
	const char *s;

	memset(f, 0, sizeof(*f));
	s = params_get(&req->form, "parent_id");
	if (s && !parse_int64(s, &f->parent_id))
		f->parent_id = 0;
	f->kind = params_get(&req->form, "kind");
	f->name = params_get(&req->form, "name");
	f->name_en = params_get(&req->form, "name_en");
	f->home_area_code = params_get(&req->form, "home_area");
}

/* Errors the user can fix in the form come back in it; the rest get the error page. */
static int form_status(enum dv_err code)
{
	switch (code) {
	case DV_EINVAL:
	case DV_ENOTFOUND: /* a home area or parent code that does not exist (or is not ours) */
		return 400;
	case DV_EEXIST:
	case DV_ECONFLICT:
		return 409;
	default:
		return 0;
	}
}

static void unit_new_from_form(const struct unit_form *f, struct unit_new *in)
{
	memset(in, 0, sizeof(*in));
	in->parent_id = f->parent_id;
	in->kind = f->kind ? f->kind : "";
	in->name = f->name ? f->name : "";
	in->name_en = f->name_en && *f->name_en ? f->name_en : NULL;
	in->home_area_code = f->home_area_code ? f->home_area_code : "";
}

void h_unit_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_form f;
	struct unit_new in;
	int64_t id = 0;
	int status;
	const char *loc;

	read_form(req, &f);
	if (f.parent_id <= 0) {
		f.parent_id = req->who->unit_id;
		f.parent_name = parent_label(req, f.parent_id);
		render_new(req, resp, 400, &f, T(req, M_UNIT_BAD_PARENT));
		return;
	}
	unit_new_from_form(&f, &in);
	if (app_unit_create(req->app, req->db, &req->scope, req->who->login, &in, &id, &e) ==
	    DV_OK) {
		loc = arena_printf(req->arena, "/units/%lld", (long long)id);
		resp_redirect(req, resp, loc ? loc : "/units");
		return;
	}
	status = form_status(e.code);
	if (!status) {
		resp_fail(req, resp, &e);
		return;
	}
	f.parent_name = parent_label(req, f.parent_id);
	render_new(req, resp, status, &f, page_error_text(req, &e));
}

/*
 * The edit page: the update form (values from `f`) and the move form. `error` belongs to the
 * update form, `move_error` and `move_value` to the move form.
 */
static void render_edit(struct request *req, struct response *resp, int status,
                        const struct unit *u, const struct unit_form *f, const char *error,
                        const char *move_error, const char *move_value)
{
	struct strbuf *b = &resp->body;
	const char *action;
	const char *title =
	    arena_printf(req->arena, "%s: %s", T(req, M_UNIT_EDIT_TITLE), unit_name(req, u));

	resp->status = status;
	page_begin(req, resp, title ? title : T(req, M_UNIT_EDIT_TITLE));
	html_f(b,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/units\">%s</a></li>"
	       "<li><a href=\"/units/%D\">%s</a></li><li><span aria-current=\"page\">%s</span>"
	       "</li></ol></nav>",
	       T(req, M_BREADCRUMBS), T(req, M_UNITS_TITLE), u->id, unit_name(req, u),
	       T(req, M_UNIT_EDIT));
	html_f(b, "<h1>%s</h1>", title ? title : T(req, M_UNIT_EDIT_TITLE));

	html_f(b, "<section><h2>%s</h2>", T(req, M_UNIT_DETAILS));
	if (error)
		page_notice(req, resp, "error", error);
	action = arena_printf(req->arena, "/units/%lld", (long long)u->id);
	form_begin(req, resp, action ? action : "/units");
	unit_fields(req, resp, f);
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> "
	       "<a href=\"/units/%D\">%s</a></div>",
	       T(req, M_SAVE), u->id, T(req, M_CANCEL));
	form_end(req, resp);
	html_raw(b, "</section>");

	html_f(b, "<section><h2>%s</h2>", T(req, M_UNIT_MOVE_TITLE));
	if (move_error)
		page_notice(req, resp, "error", move_error);
	html_f(b, "<p>%s: ", T(req, M_UNIT_CURRENT_PARENT));
	if (u->parent_id && u->parent_name)
		html_f(b, "<a href=\"/units/%D\">%s</a> <code>%D</code></p>", u->parent_id,
		       u->parent_name, u->parent_id);
	else
		html_raw(b, "—</p>");
	action = arena_printf(req->arena, "/units/%lld/move", (long long)u->id);
	form_begin(req, resp, action ? action : "/units");
	html_f(b,
	       "<div class=\"field\"><label for=\"new_parent\">%s</label><input id=\"new_parent\""
	       " name=\"new_parent\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]+\" "
	       "value=\"%s\" required maxlength=\"19\" aria-describedby=\"new_parent_hint\">"
	       "<p class=\"hint\" id=\"new_parent_hint\">%s</p></div>",
	       T(req, M_FIELD_NEW_PARENT), move_value ? move_value : "", T(req, M_HINT_UNIT_ID));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button>"
	       "</div>",
	       T(req, M_UNIT_MOVE));
	form_end(req, resp);
	html_raw(b, "</section>");
	page_end(req, resp);
}

/* Read unit `id` (in the request's read transaction); false after replying with the error. */
static bool load_unit(struct request *req, struct response *resp, int64_t id, struct unit *u)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;

	if (page_read_begin(req, &own, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return false;
	}
	if (unit_get(req->db, &req->scope, id, req->arena, u, &e) != DV_OK) {
		page_read_fail(req);
		resp_fail(req, resp, &e);
		return false;
	}
	page_read_end(req, own);
	return true;
}

static void form_from_unit(const struct unit *u, struct unit_form *f)
{
	memset(f, 0, sizeof(*f));
	f->id = u->id;
	f->parent_id = u->parent_id;
	f->kind = u->kind;
	f->name = u->name;
	f->name_en = u->name_en;
	f->home_area_code = u->home_area_code;
}

void h_unit_edit(struct request *req, struct response *resp)
{
	int64_t id;
	struct unit u;
	struct unit_form f;

	if (!arg_id(req, resp, &id) || !load_unit(req, resp, id, &u))
		return;
	form_from_unit(&u, &f);
	render_edit(req, resp, 200, &u, &f, NULL, NULL, NULL);
}

void h_unit_update(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;
	struct unit u;
	struct unit_form f;
	struct unit_new in;
	int status;
	const char *loc;

	if (!arg_id(req, resp, &id))
		return;
	read_form(req, &f);
	f.id = id;
	unit_new_from_form(&f, &in);
	if (app_unit_update(req->app, req->db, &req->scope, req->who->login, id, &in, &e) ==
	    DV_OK) {
		loc = arena_printf(req->arena, "/units/%lld", (long long)id);
		resp_redirect(req, resp, loc ? loc : "/units");
		return;
	}
	status = form_status(e.code);
	/* The unit itself must be readable to show the form again; if not, that error wins. */
	if (!status || !load_unit(req, resp, id, &u)) {
		if (!status)
			resp_fail(req, resp, &e);
		return;
	}
	render_edit(req, resp, status, &u, &f, page_error_text(req, &e), NULL, NULL);
}

void h_unit_move(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, parent = 0;
	struct unit u;
	struct unit_form f;
	const char *s = params_get(&req->form, "new_parent");
	const char *loc;
	int status;

	if (!arg_id(req, resp, &id))
		return;
	if (!s || !parse_int64(s, &parent) || parent <= 0) {
		if (!load_unit(req, resp, id, &u))
			return;
		form_from_unit(&u, &f);
		render_edit(req, resp, 400, &u, &f, NULL, T(req, M_UNIT_BAD_PARENT), s);
		return;
	}
	if (app_unit_move(req->app, req->db, &req->scope, req->who->login, id, parent, &e) ==
	    DV_OK) {
		loc = arena_printf(req->arena, "/units/%lld", (long long)id);
		resp_redirect(req, resp, loc ? loc : "/units");
		return;
	}
	status = form_status(e.code);
	if (!status || !load_unit(req, resp, id, &u)) {
		if (!status)
			resp_fail(req, resp, &e);
		return;
	}
	form_from_unit(&u, &f);
	render_edit(req, resp, status, &u, &f, NULL, page_error_text(req, &e), s);
}
