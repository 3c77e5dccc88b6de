/* page_login.c: the sign-in form, signing in (rate-limited, slow) and signing out. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"

#include "base/banned.h"

/*
 * `next` is followed only when it is a path on this site: one leading '/', not "//" or "/\"
 * (browsers read both as another host), and no control characters or backslashes anywhere.
 */
static bool local_path(const char *next)
{
	const unsigned char *p;

	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return false;
	for (p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return strlen(next) <= 2000;
}

static void render_login(struct request *req, struct response *resp, int status, const char *next,
                         const char *login, const char *error)
{
	resp->status = status;
	page_begin(req, resp, T(req, M_LOGIN_TITLE));
	html_f(&resp->body, "<section class=\"login\"><h1>%s</h1>", T(req, M_LOGIN_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	form_begin(req, resp, "/login");
	if (local_path(next))
		html_f(&resp->body, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"login\">%s</label>"
	       "<input id=\"login\" name=\"login\" type=\"text\" value=\"%s\" required "
	       "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" "
	       "maxlength=\"100\"%R></div>",
	       T(req, M_LOGIN_LOGIN), login ? login : "", login && *login ? "" : " autofocus");
	html_f(&resp->body,
	       "<div class=\"field\"><label for=\"password\">%s</label>"
	       "<input id=\"password\" name=\"password\" type=\"password\" required "
	       "autocomplete=\"current-password\" maxlength=\"256\"%R></div>",
	       T(req, M_LOGIN_PASSWORD), login && *login ? " autofocus" : "");
	html_f(&resp->body, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	       T(req, M_LOGIN_SUBMIT));
	form_end(req, resp);
	html_raw(&resp->body, "</section>");
	page_end(req, resp);
}

void h_login_form(struct request *req, struct response *resp)
{
	const char *next = params_get(&req->query, "next");

	if (req->who) {
		resp_redirect(req, resp, local_path(next) ? next : "/");
		return;
	}
	render_login(req, resp, 200, next, NULL, NULL);
}

void h_login(struct request *req, struct response *resp)
{
	const char *login = params_get(&req->form, "login");
	const char *password = params_get(&req->form, "password");
	const char *next = params_get(&req->form, "next");
	struct login_result res;
	struct dv_error e = DV_ERROR_INIT;

	if (!login || !*login || !password || !*password) {
		render_login(req, resp, 400, next, login, T(req, M_LOGIN_MISSING));
		return;
	}
	memset(&res, 0, sizeof(res));
	switch (auth_login(req->app, req->db, login, password, req->remote_addr, req->user_agent,
	                   req->arena, &res, &e)) {
	case DV_OK:
		resp_session_cookie(req, resp, res.token, req->app->cfg.session_absolute);
		resp_redirect(req, resp, local_path(next) ? next : "/");
		break;
	case DV_EAUTH:
		/* One message for a wrong login and a wrong password: no hint which. */
		render_login(req, resp, 401, next, login, T(req, M_LOGIN_FAILED));
		break;
	case DV_ELIMIT: {
		/* The counters live in a fixed window: at most that long until a retry can work. */
		char secs[24];

		snprintf(
		    secs, sizeof(secs), "%lld",
		    (long long)(req->app->cfg.login_window > 0 ? req->app->cfg.login_window : 60));
		resp_header(req, resp, "Retry-After", secs);
		render_login(req, resp, 429, next, login, T(req, M_LOGIN_LIMITED));
		break;
	}
	case DV_EINVAL:
		render_login(req, resp, 400, next, login, T(req, M_LOGIN_FAILED));
		break;
	default:
		resp_fail(req, resp, &e);
		break;
	}
	/* The raw token is not needed past this point. */
	memset(res.token, 0, sizeof(res.token));
}

/* The session cookie's name, as resp_session_cookie sets it. */

void h_logout(struct request *req, struct response *resp)
{
	const char *token = params_get(&req->cookies, SESSION_COOKIE);
	struct dv_error e = DV_ERROR_INIT;
	enum dv_err rc = DV_OK;

	if (token && *token)
		rc = auth_logout(req->app, req->db, token, &e);
	if (rc != DV_OK && rc != DV_ENOTFOUND && rc != DV_EAUTH) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_session_cookie(req, resp, "", -1);
	resp_redirect(req, resp, "/login");
}
