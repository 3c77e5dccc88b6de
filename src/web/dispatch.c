/* dispatch.c: every check made once before a handler runs: route, input, session, CSRF, permission. */
#include "web/dispatch.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

#include "app/auth.h"
#include "base/date.h"
#include "base/log.h"
#include "base/utf8.h"
#include "web/multipart.h"
#include "web/parse.h"

#include "base/banned.h"

#define MAX_PARAMS 200
#define CSRF_COOKIE "__Host-dv_csrf"
#define LANG_COOKIE "dv_lang"

struct collect {
	struct arena *arena;
	struct param *v;
	size_t n, alloc;
	bool bad;
	const char *bad_name;
};

/* MHD hands query arguments undecoded (identity unescaper); decode and validate them here. */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct collect *c = cls;
	struct param *nv;
	char *k, *v;

	(void)kind;
	if (c->bad)
		return MHD_NO;
	if (c->n >= MAX_PARAMS) {
		c->bad = true;
		c->bad_name = "too many parameters";
		return MHD_NO;
	}
	k = url_decode(c->arena, key, strlen(key), true);
	v = url_decode(c->arena, value ? value : "", value ? strlen(value) : 0, true);
	if (!k || !v) {
		c->bad = true;
		c->bad_name = arena_strdup(c->arena, key);
		return MHD_NO;
	}
	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 8;

		nv = arena_alloc(c->arena, na * sizeof(*nv));
		if (!nv) {
			c->bad = true;
			return MHD_NO;
		}
		if (c->n)
			memcpy(nv, c->v, c->n * sizeof(*nv));
		c->v = nv;
		c->alloc = na;
	}
	c->v[c->n].name = k;
	c->v[c->n].value = v;
	c->n++;
	return MHD_YES;
}

static bool is_api_path(const char *path)
{
	return !strncmp(path, "/api/", 5);
}

/* Constant-time comparison of two NUL-terminated tokens. */
static bool token_equal(const char *a, const char *b)
{
	size_t n;

	if (!a || !b)
		return false;
	n = strlen(a);
	if (n == 0 || n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

static void login_redirect(struct request *req, struct response *resp, const char *raw_path)
{
	struct strbuf loc = STRBUF_INIT;
	const char *p;

	strbuf_addstr(&loc, "/login?next=");
	for (p = raw_path; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(&loc, c);
		else
			strbuf_addf(&loc, "%%%02X", c);
	}
	if (!loc.failed)
		resp_redirect(req, resp, loc.buf);
	strbuf_release(&loc);
}

/* Anonymous visitors get a random CSRF cookie (double submit) so the login form is protected. */
static void anonymous_csrf(struct request *req, struct response *resp)
{
	const char *have = params_get(&req->cookies, CSRF_COOKIE);
	char tok[AUTH_TOKEN_LEN + 1];
	char *cookie;

	if (have && strlen(have) == AUTH_TOKEN_LEN) {
		req->csrf = have;
		return;
	}
	auth_random_token(tok);
	req->csrf = arena_strdup(req->arena, tok);
	cookie = arena_printf(req->arena, "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict",
			      CSRF_COOKIE, tok);
	if (cookie)
		resp_header(req, resp, "Set-Cookie", cookie);
}

static bool form_content(const char *ct)
{
	return ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33);
}

enum dispatch_next dispatch_begin(struct request *req, struct response *resp,
				  const char *method, const char *raw_path,
				  const struct route **route)
{
	struct collect qc = { .arena = req->arena };
	struct dv_error e = DV_ERROR_INIT;
	const char *auth_header, *cookie_header, *tok;
	struct principal *who;
	unsigned allowed = 0;
	enum route_match m;
	enum http_method meth = http_method_parse(method);
	const struct route *r = NULL;
	bool bearer = false;

	req->path = raw_path;
	req->api = is_api_path(raw_path);
	req->scope = scope_anonymous();
	req->user_agent = request_header(req, "User-Agent");
	req->content_type = request_header(req, "Content-Type");
	cookie_header = request_header(req, "Cookie");
	if (cookie_header)
		parse_cookies(req->arena, cookie_header, &req->cookies);
	req->lang = lang_parse(params_get(&req->cookies, LANG_COOKIE)
				       ? params_get(&req->cookies, LANG_COOKIE)
				       : "vi");

	if (!meth) {
		resp_error(req, resp, 501, DV_EINVAL, "this method is not supported");
		return DISPATCH_RESPOND;
	}
	if (!utf8_valid(raw_path, strlen(raw_path))) {
		resp_error(req, resp, 400, DV_EINVAL, "the path is not valid UTF-8");
		return DISPATCH_RESPOND;
	}
	req->head = meth == HTTP_HEAD;
	req->method = meth == HTTP_HEAD ? HTTP_GET : meth;
	m = router_match(routes, meth, raw_path, req->arena, &r, req->args, &allowed);
	if (m == ROUTE_NOT_FOUND) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no such page");
		return DISPATCH_RESPOND;
	}
	if (m == ROUTE_BAD_METHOD) {
		char allow[96];

		router_allow_header(allowed, allow, sizeof(allow));
		resp_header(req, resp, "Allow", allow);
		resp_error(req, resp, 405, DV_EINVAL, "this method is not allowed here");
		return DISPATCH_RESPOND;
	}
	*route = r;
	req->api = (r->flags & ROUTE_API) != 0;

	/* a GET reads one snapshot: authentication and the handler share this transaction */
	if (req->method == HTTP_GET && !(r->flags & ROUTE_SLOW) &&
	    db_begin(req->db, DB_TX_READ, &e)) {
		resp_fail(req, resp, &e);
		return DISPATCH_RESPOND;
	}

	/* query string */
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &qc);
	if (qc.bad) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "query parameter '%s' is not valid UTF-8 or "
						    "is badly encoded",
					qc.bad_name ? qc.bad_name : "?"));
		return DISPATCH_RESPOND;
	}
	req->query.v = qc.v;
	req->query.n = qc.n;

	/* form bodies (an API upload takes its body as the file itself, whatever its type says) */
	if ((r->flags & (ROUTE_API | ROUTE_UPLOAD)) == (ROUTE_API | ROUTE_UPLOAD)) {
		/* nothing to decode */
	} else if (req->body_len && form_content(req->content_type)) {
		if (parse_query(req->arena, req->body, req->body_len, MAX_PARAMS, &req->form, &e)) {
			resp_fail(req, resp, &e);
			return DISPATCH_RESPOND;
		}
	} else if (req->body_len && multipart_content(req->content_type)) {
		/* text fields join req->form (so the CSRF check below sees them), files go aside */
		if (multipart_form(req->arena, req->content_type, req->body, req->body_len,
				   &req->form, &req->files, &req->n_files, &e)) {
			resp_fail(req, resp, &e);
			return DISPATCH_RESPOND;
		}
	}

	/* who is asking: a bearer token (API routes only) or the session cookie */
	auth_header = request_header(req, "Authorization");
	if (auth_header && (r->flags & ROUTE_API)) {
		tok = parse_bearer(auth_header);
		who = arena_zalloc(req->arena, sizeof(*who));
		if (!tok || !who ||
		    auth_bearer(req->app, req->db, tok, time_now(), req->arena, who, &e)) {
			/* a database that cannot answer is not a wrong token */
			if (e.code != DV_OK && e.code != DV_EAUTH && e.code != DV_ENOTFOUND) {
				resp_fail(req, resp, &e);
				return DISPATCH_RESPOND;
			}
			resp_header(req, resp, "WWW-Authenticate", "Bearer realm=\"danvan\"");
			resp_error(req, resp, 401, DV_EAUTH, "the API token is invalid, expired or revoked");
			return DISPATCH_RESPOND;
		}
		req->who = who;
		bearer = true;
	} else if ((tok = params_get(&req->cookies, SESSION_COOKIE))) {
		who = arena_zalloc(req->arena, sizeof(*who));
		if (who && !auth_session(req->app, req->db, tok, time_now(), req->arena, who, &e))
			req->who = who;
		else if (e.code != DV_OK && e.code != DV_EAUTH && e.code != DV_ENOTFOUND) {
			resp_fail(req, resp, &e); /* the database, not the session, failed */
			return DISPATCH_RESPOND;
		}
		dv_error_clear(&e);
	}
	if (req->who) {
		req->scope = scope_for_user(req->who->user_id, req->who->unit_id, req->who->role);
		req->csrf = req->who->csrf;
		if (!params_get(&req->cookies, LANG_COOKIE) && req->who->lang)
			req->lang = lang_parse(req->who->lang);
	} else if (!(r->flags & ROUTE_API)) {
		anonymous_csrf(req, resp);
	}

	if (!(r->flags & ROUTE_PUBLIC) && !req->who) {
		if (req->api) {
			resp_header(req, resp, "WWW-Authenticate", "Bearer realm=\"danvan\"");
			resp_error(req, resp, 401, DV_EAUTH, "sign in or send an API token");
		} else {
			login_redirect(req, resp, raw_path);
		}
		return DISPATCH_RESPOND;
	}

	/* CSRF: every state-changing request from a browser carries the token */
	if ((r->flags & ROUTE_WRITE) && !(r->flags & ROUTE_NO_CSRF) && !bearer) {
		const char *sent = params_get(&req->form, "csrf");

		if (!sent)
			sent = request_header(req, "X-CSRF-Token");
		if (!token_equal(sent, req->csrf)) {
			resp_error(req, resp, 403, DV_EPERM,
				   "the form has expired or its security token is missing: reload "
				   "the page and try again");
			return DISPATCH_RESPOND;
		}
	}

	if (!scope_can(&req->scope, r->perm)) {
		resp_error(req, resp, 403, DV_EPERM, "your role does not allow this");
		return DISPATCH_RESPOND;
	}
	return (r->flags & ROUTE_SLOW) ? DISPATCH_RUN_SLOW : DISPATCH_RUN;
}

/*
 * Read-only routes read from the replica when one is configured: the snapshot on the primary
 * (which served authentication) is closed and one on the replica opened for the handler.
 */
static struct db *use_replica(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *primary = req->db, *replica;

	if (!req->app->cfg.db_read || !*req->app->cfg.db_read)
		return NULL;
	replica = app_db_read(req->app, &e);
	if (!replica || replica == primary)
		return NULL;
	if (db_in_tx(primary))
		db_rollback(primary);
	if (db_begin(replica, DB_TX_READ, &e)) {
		resp_fail(req, resp, &e);
		return NULL;
	}
	req->db = replica;
	return primary;
}

void dispatch_run(struct request *req, struct response *resp, const struct route *route)
{
	struct db *primary = NULL;

	if ((route->flags & ROUTE_REPLICA) && req->method == HTTP_GET) {
		primary = use_replica(req, resp);
		if (!primary && resp->status != 200)
			return;
	}
	route->fn(req, resp);
	if (primary) {
		if (db_in_tx(req->db))
			db_rollback(req->db);
		req->db = primary;
	}
	/* the GET snapshot opened by dispatch_begin, or anything a handler left open: read-only
	 * work has nothing to commit, and a write left open by mistake must not be committed */
	if (db_in_tx(req->db))
		db_rollback(req->db);
	if (req->who)
		auth_touch(req->app, req->db, req->who, time_now());
}

static bool has_header(const struct response *resp, const char *name)
{
	int i;

	for (i = 0; i < resp->n_headers; i++)
		if (!strcasecmp(resp->headers[i].name, name))
			return true;
	return false;
}

void dispatch_finish(struct request *req, struct response *resp)
{
	if (req->db && db_in_tx(req->db))
		db_rollback(req->db);
	resp_header(req, resp, "X-Content-Type-Options", "nosniff");
	resp_header(req, resp, "Referrer-Policy", "same-origin");
	if (!req->api) {
		resp_header(req, resp, "Content-Security-Policy",
			    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
		resp_header(req, resp, "X-Frame-Options", "DENY");
		resp_header(req, resp, "Content-Language", lang_code(req->lang));
	} else {
		/* JSON opened in a browser tab or framed: nothing in it may run, load or be framed */
		resp_header(req, resp, "Content-Security-Policy",
			    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	}
	/* a handler that chose its own caching (a private photo) keeps it */
	if (has_header(resp, "Cache-Control"))
		return;
	if (!resp->cacheable)
		resp_header(req, resp, "Cache-Control", "no-store");
	else
		resp_header(req, resp, "Cache-Control", "public, max-age=86400");
}
