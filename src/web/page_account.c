/* page_account.c: the signed-in user's own account: details, password, API tokens. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/auth.h"
#include "base/date.h"
#include "store/session.h"
#include "store/user.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX     3650

/* What the page shows besides the stored data. */
struct account_view {
	const char *kind, *notice; /* a notice at the top */
	const char *pw_error;      /* on the password form */
	const char *token_error;   /* on the token form */
	const char *token_name, *token_days;
	const char *new_token; /* the raw token, shown once */
	const char *new_token_name;
};

static void token_table(struct request *req, struct response *resp, const struct api_token *v,
                        size_t n)
{
	struct strbuf *b = &resp->body;
	int64_t now = 0;
	size_t i;
	const char *action;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "</tr></thead><tbody>",
	       T(req, M_FIELD_TOKEN_NAME), T(req, M_FIELD_CREATED), T(req, M_FIELD_EXPIRES),
	       T(req, M_FIELD_LAST_USED), T(req, M_FIELD_STATUS), T(req, M_ACTIONS));
	for (i = 0; i < n; i++) {
		const struct api_token *t = &v[i];
		enum msg_id st = M_TOKEN_ACTIVE;

		if (t->revoked_at)
			st = M_TOKEN_REVOKED;
		else if (t->expires_at) {
			if (!now)
				now = time_now();
			if (t->expires_at <= now)
				st = M_TOKEN_EXPIRED;
		}
		html_f(b, "<tr%R><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		       st == M_TOKEN_ACTIVE ? "" : " class=\"inactive\"", t->name,
		       page_time(req, t->created_at),
		       t->expires_at ? page_time(req, t->expires_at) : T(req, M_TOKEN_NEVER),
		       page_time(req, t->last_used_at), T(req, st));
		if (st == M_TOKEN_ACTIVE) {
			action = arena_printf(req->arena, "/account/tokens/%lld/revoke",
			                      (long long)t->id);
			html_f(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
			       action ? action : "/account");
			form_csrf(req, resp);
			html_f(b,
			       "<button type=\"submit\" class=\"small danger\">%s</button></form>",
			       T(req, M_TOKEN_REVOKE));
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>\n");
}

static void password_form(struct request *req, struct response *resp, const char *error)
{
	struct strbuf *b = &resp->body;

	html_f(b, "<section id=\"password\"><h2>%s</h2>", T(req, M_ACCOUNT_PASSWORD_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/account/password");
	/* A hidden username lets password managers file the new password under the account. */
	html_f(b,
	       "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" "
	       "value=\"%s\">",
	       req->who->login);
	html_f(b,
	       "<div class=\"field\"><label for=\"old\">%s</label><input id=\"old\" name=\"old\" "
	       "type=\"password\" required maxlength=\"%d\" autocomplete=\"current-password\">"
	       "</div>",
	       T(req, M_FIELD_OLD_PASSWORD), AUTH_PASSWORD_MAX);
	html_f(b,
	       "<div class=\"field\"><label for=\"new\">%s</label><input id=\"new\" name=\"new\" "
	       "type=\"password\" required minlength=\"%d\" maxlength=\"%d\" "
	       "autocomplete=\"new-password\" aria-describedby=\"new_hint\">"
	       "<p class=\"hint\" id=\"new_hint\">%s</p></div>",
	       T(req, M_FIELD_NEW_PASSWORD), AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX,
	       T(req, M_HINT_PASSWORD));
	html_f(b,
	       "<div class=\"field\"><label for=\"confirm\">%s</label><input id=\"confirm\" "
	       "name=\"confirm\" type=\"password\" required minlength=\"%d\" maxlength=\"%d\" "
	       "autocomplete=\"new-password\"></div>",
	       T(req, M_FIELD_CONFIRM_PASSWORD), AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_ACCOUNT_PASSWORD_SUBMIT));
	form_end(req, resp);
	html_raw(b, "</section>");
}

static void token_form(struct request *req, struct response *resp, const struct account_view *v)
{
	struct strbuf *b = &resp->body;

	html_f(b, "<h3>%s</h3>", T(req, M_TOKEN_NEW_TITLE));
	if (v->token_error)
		page_notice(req, resp, "error", v->token_error);
	form_begin(req, resp, "/account/tokens");
	html_f(b,
	       "<div class=\"field\"><label for=\"token_name\">%s</label><input "
	       "id=\"token_name\" name=\"name\" type=\"text\" value=\"%s\" required "
	       "maxlength=\"100\" autocomplete=\"off\"></div>",
	       T(req, M_FIELD_TOKEN_NAME), v->token_name ? v->token_name : "");
	html_f(b,
	       "<div class=\"field\"><label for=\"days\">%s</label><input id=\"days\" "
	       "name=\"days\" type=\"number\" min=\"0\" max=\"%d\" step=\"1\" value=\"%s\" "
	       "aria-describedby=\"days_hint\"><p class=\"hint\" id=\"days_hint\">%s</p></div>",
	       T(req, M_FIELD_TOKEN_DAYS), TOKEN_DAYS_MAX, v->token_days ? v->token_days : "90",
	       T(req, M_HINT_TOKEN_DAYS));
	html_f(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_TOKEN_CREATE));
	form_end(req, resp);
}

static void render_account(struct request *req, struct response *resp, int status,
                           const struct account_view *v)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	struct user u;
	struct api_token *tokens = NULL;
	size_t n = 0;
	struct strbuf *b = &resp->body;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (user_get(req->db, &req->scope, req->who->user_id, req->arena, &u, &e) != DV_OK ||
	    api_token_list(req->db, &req->scope, req->arena, &tokens, &n, &e) != DV_OK) {
		page_read_fail(req);
		goto fail;
	}
	resp->status = status;
	page_begin(req, resp, T(req, M_ACCOUNT_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", T(req, M_ACCOUNT_TITLE));
	if (v->notice)
		page_notice(req, resp, v->kind, v->notice);
	if (v->new_token) {
		html_f(b,
		       "<section class=\"token-once\" aria-labelledby=\"newtok\"><h2 id=\"newtok\">"
		       "%s: %s</h2>",
		       T(req, M_TOKEN_CREATED), v->new_token_name ? v->new_token_name : "");
		page_notice(req, resp, "info", T(req, M_TOKEN_COPY_WARNING));
		html_f(b,
		       "<p><label for=\"rawtok\">%s</label></p><p><input id=\"rawtok\" "
		       "class=\"token\" type=\"text\" readonly value=\"%s\" size=\"48\" "
		       "spellcheck=\"false\" autocomplete=\"off\"></p></section>",
		       T(req, M_TOKEN_VALUE), v->new_token);
	}

	html_f(b, "<section><h2>%s</h2><dl class=\"details\">", T(req, M_ACCOUNT_DETAILS));
	html_f(b, "<dt>%s</dt><dd><code>%s</code></dd>", T(req, M_FIELD_LOGIN), u.login);
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_DISPLAY_NAME), u.display_name);
	html_f(b, "<dt>%s</dt><dd><a href=\"/units/%D\">%s</a></dd>", T(req, M_FIELD_UNIT),
	       u.unit_id, u.unit_name ? u.unit_name : "—");
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_ROLE), page_role(req, u.role));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_LANGUAGE),
	       T(req, u.lang && !strcmp(u.lang, "en") ? M_LANG_EN : M_LANG_VI));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_CREATED), page_time(req, u.created_at));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_LAST_LOGIN),
	       page_time(req, u.last_login_at));
	html_raw(b, "</dl></section>");

	password_form(req, resp, v->pw_error);

	html_f(b, "<section id=\"tokens\"><h2>%s</h2><p class=\"hint\">%s</p>",
	       T(req, M_TOKENS_TITLE), T(req, M_TOKENS_INTRO));
	if (n)
		token_table(req, resp, tokens, n);
	else
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_TOKENS_NONE));
	token_form(req, resp, v);
	html_raw(b, "</section>");
	page_end(req, resp);
	return;

fail:
	resp_fail(req, resp, &e);
}

void h_account(struct request *req, struct response *resp)
{
	struct account_view v;
	const char *d = params_get(&req->query, "done");

	memset(&v, 0, sizeof(v));
	v.kind = "ok";
	if (d && !strcmp(d, "password"))
		v.notice = T(req, M_ACCOUNT_PASSWORD_DONE);
	else if (d && !strcmp(d, "revoked"))
		v.notice = T(req, M_TOKEN_REVOKED_DONE);
	render_account(req, resp, 200, &v);
}

void h_account_password(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct account_view v;
	const char *old_pw = params_get(&req->form, "old");
	const char *new_pw = params_get(&req->form, "new");
	const char *confirm = params_get(&req->form, "confirm");

	memset(&v, 0, sizeof(v));
	if (!old_pw || !*old_pw || !new_pw || !*new_pw || !confirm) {
		v.pw_error = T(req, M_ACCOUNT_PASSWORD_MISSING);
		render_account(req, resp, 400, &v);
		return;
	}
	if (strcmp(new_pw, confirm) != 0) {
		v.pw_error = T(req, M_ACCOUNT_PASSWORD_MISMATCH);
		render_account(req, resp, 400, &v);
		return;
	}
	switch (auth_change_password(req->app, req->db, &req->scope, old_pw, new_pw, &e)) {
	case DV_OK:
		resp_redirect(req, resp, "/account?done=password");
		return;
	case DV_EAUTH:
		/* The current password was wrong: a form error, not a sign-in failure. */
		v.pw_error = T(req, M_ACCOUNT_PASSWORD_WRONG);
		render_account(req, resp, 400, &v);
		return;
	case DV_EINVAL:
		v.pw_error = page_error_text(req, &e);
		render_account(req, resp, 400, &v);
		return;
	case DV_ELIMIT:
		v.pw_error = T(req, M_LOGIN_LIMITED);
		render_account(req, resp, 429, &v);
		return;
	default:
		resp_fail(req, resp, &e);
		return;
	}
}

void h_token_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct account_view v;
	const char *name = params_get(&req->form, "name");
	const char *days_s = params_get(&req->form, "days");
	int64_t days = TOKEN_DAYS_DEFAULT, id = 0;
	char *raw = NULL;

	memset(&v, 0, sizeof(v));
	v.token_name = name;
	v.token_days = days_s;
	if (days_s && *days_s && (!parse_int64(days_s, &days) || days > TOKEN_DAYS_MAX)) {
		v.token_error = T(req, M_TOKEN_BAD_DAYS);
		render_account(req, resp, 400, &v);
		return;
	}
	if (!name || !*name) {
		v.token_error = T(req, M_TOKEN_NAME_MISSING);
		render_account(req, resp, 400, &v);
		return;
	}
	if (auth_token_create(req->app, req->db, &req->scope, name, (int)days, req->arena, &raw,
	                      &id, &e) != DV_OK) {
		if (e.code != DV_EINVAL && e.code != DV_EEXIST && e.code != DV_ELIMIT) {
			resp_fail(req, resp, &e);
			return;
		}
		v.token_error = page_error_text(req, &e);
		render_account(req, resp,
		               e.code == DV_EEXIST   ? 409
		               : e.code == DV_ELIMIT ? 429
		                                     : 400,
		               &v);
		return;
	}
	/* Shown once, on this 200 page: only its hash is stored, so it cannot be shown again. */
	v.token_name = NULL;
	v.token_days = NULL;
	v.new_token = raw;
	v.new_token_name = name;
	render_account(req, resp, 200, &v);
}

void h_token_revoke(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;

	if (!req->args[0] || !parse_int64(req->args[0], &id) || id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return;
	}
	if (auth_token_revoke(req->app, req->db, &req->scope, id, &e) != DV_OK) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_redirect(req, resp, "/account?done=revoked");
}
