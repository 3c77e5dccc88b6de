/* page_users.c: the users of the subtree: list, create, disable/enable, password reset. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/admin.h"
#include "app/auth.h"
#include "store/unit.h"
#include "store/user.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

#define USERS_PER_PAGE 50

/* The confirmation named by ?done= after a redirect (an allow-list, never echoed). */
static const char *done_text(struct request *req)
{
	const char *d = params_get(&req->query, "done");

	if (!d)
		return NULL;
	if (!strcmp(d, "created"))
		return T(req, M_USER_CREATED);
	if (!strcmp(d, "disabled"))
		return T(req, M_USER_DISABLED);
	if (!strcmp(d, "enabled"))
		return T(req, M_USER_ENABLED);
	if (!strcmp(d, "password"))
		return T(req, M_USER_PASSWORD_DONE);
	return NULL;
}

static void user_actions(struct request *req, struct response *resp, const struct user *u)
{
	struct strbuf *b = &resp->body;
	const char *action;

	html_raw(b, "<td class=\"row-actions\">");
	if (req->who && u->id != req->who->user_id) {
		/* Nobody disables themselves by accident from a list. */
		action = arena_printf(req->arena, "/users/%lld/%s", (long long)u->id,
		                      u->active ? "disable" : "enable");
		html_f(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
		       action ? action : "/users");
		form_csrf(req, resp);
		html_f(b, "<button type=\"submit\" class=\"small%R\">%s</button></form>",
		       u->active ? " danger" : "",
		       T(req, u->active ? M_USER_DISABLE : M_USER_ENABLE));
	}
	action = arena_printf(req->arena, "/users/%lld/password", (long long)u->id);
	html_f(b, "<details class=\"reset\"><summary>%s</summary>", T(req, M_USER_RESET_PASSWORD));
	html_f(b, "<form method=\"post\" action=\"%s\">", action ? action : "/users");
	form_csrf(req, resp);
	html_f(b,
	       "<label for=\"pw%D\">%s</label><input id=\"pw%D\" name=\"password\" "
	       "type=\"password\" required minlength=\"%d\" maxlength=\"%d\" "
	       "autocomplete=\"new-password\"><button type=\"submit\" class=\"small\">%s</button>"
	       "</form></details></td>",
	       u->id, T(req, M_FIELD_NEW_PASSWORD), u->id, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX,
	       T(req, M_SAVE));
}

/* The list page, with an optional notice (e.g. a failed password reset: status 400). */
static void render_users(struct request *req, struct response *resp, int status, const char *kind,
                         const char *notice)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	int64_t page = page_number(req), total = 0;
	struct user *v = NULL;
	size_t n = 0, i;
	bool can_write = scope_can(&req->scope, PERM_USER_WRITE);
	struct strbuf *b = &resp->body;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (user_list(req->db, &req->scope, USERS_PER_PAGE, (size_t)((page - 1) * USERS_PER_PAGE),
	              req->arena, &v, &n, &total, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_USERS_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", T(req, M_USERS_TITLE));
	if (notice)
		page_notice(req, resp, kind, notice);
	if (can_write)
		html_f(b, "<p class=\"actions\"><a class=\"button\" href=\"/users/new\">%s</a></p>",
		       T(req, M_USER_NEW_TITLE));
	html_f(b, "<p class=\"count\">%s: <strong>%D</strong></p>", T(req, M_RESULT_COUNT), total);
	if (!n) {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_NO_RESULTS));
		goto end;
	}
	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	       T(req, M_FIELD_LOGIN), T(req, M_FIELD_DISPLAY_NAME), T(req, M_FIELD_UNIT),
	       T(req, M_FIELD_ROLE), T(req, M_FIELD_STATUS), T(req, M_FIELD_LAST_LOGIN));
	if (can_write)
		html_f(b, "<th scope=\"col\">%s</th>", T(req, M_ACTIONS));
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		const struct user *u = &v[i];

		html_f(b, "<tr%R><td><code>%s</code></td><td>%s</td><td>",
		       u->active ? "" : " class=\"inactive\"", u->login, u->display_name);
		if (u->unit_name)
			html_f(b, "<a href=\"/units/%D\">%s</a>", u->unit_id, u->unit_name);
		html_f(b, "</td><td>%s</td><td>%s</td><td>%s</td>", page_role(req, u->role),
		       T(req, u->active ? M_ACTIVE : M_INACTIVE), page_time(req, u->last_login_at));
		if (can_write)
			user_actions(req, resp, u);
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>\n");
	/* A re-rendered POST has no list URL to page through. */
	if (req->method == HTTP_GET)
		page_pager(req, resp, total, page, USERS_PER_PAGE);
end:
	page_end(req, resp);
	return;
fail:
	resp_fail(req, resp, &e);
}

void h_users(struct request *req, struct response *resp)
{
	const char *done = done_text(req);

	render_users(req, resp, 200, "ok", done);
}

struct user_form {
	const char *login, *display_name, *unit, *role;
};

static void render_new(struct request *req, struct response *resp, int status,
                       const struct user_form *f, const char *error)
{
	struct strbuf *b = &resp->body;
	int r;

	resp->status = status;
	page_begin(req, resp, T(req, M_USER_NEW_TITLE));
	html_f(b,
	       "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/users\">%s</a></li>"
	       "<li><span aria-current=\"page\">%s</span></li></ol></nav>",
	       T(req, M_BREADCRUMBS), T(req, M_USERS_TITLE), T(req, M_USER_NEW_TITLE));
	html_f(b, "<h1>%s</h1>", T(req, M_USER_NEW_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/users");
	html_f(b,
	       "<div class=\"field\"><label for=\"login\">%s</label><input id=\"login\" "
	       "name=\"login\" type=\"text\" value=\"%s\" required maxlength=\"64\" "
	       "autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\"></div>",
	       T(req, M_FIELD_LOGIN), f->login ? f->login : "");
	html_f(b,
	       "<div class=\"field\"><label for=\"display_name\">%s</label><input "
	       "id=\"display_name\" name=\"display_name\" type=\"text\" value=\"%s\" required "
	       "maxlength=\"200\" autocomplete=\"off\"></div>",
	       T(req, M_FIELD_DISPLAY_NAME), f->display_name ? f->display_name : "");
	html_f(b,
	       "<div class=\"field\"><label for=\"unit_id\">%s</label><input id=\"unit_id\" "
	       "name=\"unit_id\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]+\" "
	       "value=\"%s\" required maxlength=\"19\" aria-describedby=\"unit_hint\">"
	       "<p class=\"hint\" id=\"unit_hint\">%s <a href=\"/units\">%s</a></p></div>",
	       T(req, M_FIELD_UNIT_ID), f->unit ? f->unit : "", T(req, M_HINT_UNIT_ID),
	       T(req, M_UNITS_TITLE));
	html_f(b,
	       "<div class=\"field\"><label for=\"role\">%s</label><select id=\"role\" "
	       "name=\"role\" required>",
	       T(req, M_FIELD_ROLE));
	for (r = ROLE_OFFICER; r < ROLE__COUNT; r++)
		html_f(b, "<option value=\"%s\"%R>%s</option>", role_name((enum role)r),
		       f->role && !strcmp(f->role, role_name((enum role)r)) ? " selected" : "",
		       page_role(req, (enum role)r));
	html_raw(b, "</select></div>");
	html_f(b,
	       "<div class=\"field\"><label for=\"password\">%s</label><input id=\"password\" "
	       "name=\"password\" type=\"password\" required minlength=\"%d\" maxlength=\"%d\" "
	       "autocomplete=\"new-password\" aria-describedby=\"pw_hint\">"
	       "<p class=\"hint\" id=\"pw_hint\">%s</p></div>",
	       T(req, M_FIELD_PASSWORD), AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX,
	       T(req, M_HINT_PASSWORD));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> "
	       "<a href=\"/users\">%s</a></div>",
	       T(req, M_CREATE), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_user_new(struct request *req, struct response *resp)
{
	struct user_form f;
	const char *unit = params_get(&req->query, "unit");
	int64_t id;

	memset(&f, 0, sizeof(f));
	if (unit && parse_int64(unit, &id))
		f.unit = unit;
	else
		f.unit = arena_printf(req->arena, "%lld", (long long)req->who->unit_id);
	f.role = "officer";
	render_new(req, resp, 200, &f, NULL);
}

void h_user_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct user_form f;
	const char *password = params_get(&req->form, "password");
	int64_t unit_id = 0, id = 0;
	int status;

	f.login = params_get(&req->form, "login");
	f.display_name = params_get(&req->form, "display_name");
	f.unit = params_get(&req->form, "unit_id");
	f.role = params_get(&req->form, "role");
	if (!f.unit || !parse_int64(f.unit, &unit_id) || unit_id <= 0) {
		render_new(req, resp, 400, &f, T(req, M_USER_BAD_UNIT));
		return;
	}
	if (!f.role || role_parse(f.role) == ROLE_NONE) {
		render_new(req, resp, 400, &f, T(req, M_USER_BAD_ROLE));
		return;
	}
	if (app_user_create(req->app, req->db, &req->scope, req->who->login, f.login ? f.login : "",
	                    f.display_name ? f.display_name : "", unit_id, f.role,
	                    password ? password : "", &id, &e) == DV_OK) {
		resp_redirect(req, resp, "/users?done=created");
		return;
	}
	switch (e.code) {
	case DV_EINVAL:
	case DV_ENOTFOUND: /* the unit is not in the caller's subtree */
		status = 400;
		break;
	case DV_EEXIST:
		status = 409;
		break;
	case DV_EPERM: /* e.g. only administrators may create administrators */
		status = 403;
		break;
	default:
		resp_fail(req, resp, &e);
		return;
	}
	render_new(req, resp, status, &f, page_error_text(req, &e));
}

static bool arg_id(struct request *req, struct response *resp, int64_t *id)
{
	if (!req->args[0] || !parse_int64(req->args[0], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return false;
	}
	return true;
}

static void set_active(struct request *req, struct response *resp, bool active)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;

	if (!arg_id(req, resp, &id))
		return;
	if (app_user_set_active(req->app, req->db, &req->scope, req->who->login, id, active, &e) !=
	    DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, active ? "/users?done=enabled" : "/users?done=disabled");
}

void h_user_disable(struct request *req, struct response *resp)
{
	set_active(req, resp, false);
}

void h_user_enable(struct request *req, struct response *resp)
{
	set_active(req, resp, true);
}

void h_user_password(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *password = params_get(&req->form, "password");
	int64_t id;

	if (!arg_id(req, resp, &id))
		return;
	if (app_user_set_password(req->app, req->db, &req->scope, req->who->login, id,
	                          password ? password : "", &e) == DV_OK) {
		resp_redirect(req, resp, "/users?done=password");
		return;
	}
	if (e.code == DV_EINVAL) {
		/* A password that fails the policy: say why on the list it was typed in. */
		render_users(req, resp, 400, "error", page_error_text(req, &e));
		return;
	}
	resp_fail(req, resp, &e);
}
