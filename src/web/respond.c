/* respond.c: building responses: headers, redirects, JSON, the one error reply; small routes. */
#include <jansson.h>
#include <microhttpd.h>
#include <string.h>

#include "base/embed.h"
#include "base/log.h"
#include "danvan_version.h"
#include "store/migrate.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/http.h"
#include "web/jsonw.h"
#include "web/layout.h"

#include "base/banned.h"

const char *request_header(struct request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

bool resp_kept(struct request *req, struct response *resp, const char *key,
               const struct anscache_stamp *stamp, const char *content_type)
{
	if (!req->answers || !key ||
	    !anscache_get(req->answers, key, stamp, req->csrf, &resp->body))
		return false;
	resp->status = 200;
	resp->content_type = content_type;
	return true;
}

void resp_keep(struct request *req, const struct response *resp, const char *key,
               const struct anscache_stamp *stamp)
{
	if (req->answers && key && resp->status == 200 && !resp->body.failed)
		anscache_put(req->answers, key, stamp, req->csrf, resp->body.buf, resp->body.len);
}

void resp_header(struct request *req, struct response *resp, const char *name, const char *value)
{
	const char *v;

	if (resp->n_headers >= RESPONSE_MAX_HEADERS) {
		log_msg(LOG_ERROR, "too many response headers", "header", name, NULL);
		return;
	}
	/* header values never carry CR or LF (no response splitting) */
	if (strpbrk(value, "\r\n"))
		return;
	v = arena_strdup(req->arena, value);
	if (!v)
		return;
	resp->headers[resp->n_headers].name = name;
	resp->headers[resp->n_headers].value = v;
	resp->n_headers++;
}

/*
 * A path on this site: "/x", never "//host", "/\host" or "http://...". Browsers drop tabs and
 * newlines from a URL and read '\' as '/', so "/<TAB>/host" is "//host" to them: no control
 * characters or backslashes anywhere.
 */
static bool site_path(const char *location)
{
	const unsigned char *p;

	if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
		return false;
	for (p = (const unsigned char *)location; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

void resp_redirect(struct request *req, struct response *resp, const char *location)
{
	if (!site_path(location))
		location = "/";
	resp->status = 303;
	strbuf_reset(&resp->body);
	resp_header(req, resp, "Location", location);
}

void resp_json(struct request *req, struct response *resp, int status, void *json)
{
	json_t *j = json;
	char *s;

	(void)req;
	resp->status = status;
	resp->content_type = "application/json";
	strbuf_reset(&resp->body);
	if (!j) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return;
	}
	s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	if (!s) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return;
	}
	strbuf_addstr(&resp->body, s);
	strbuf_addch(&resp->body, '\n');
	free(s);
}

int http_status_for(enum dv_err code)
{
	switch (code) {
	case DV_OK:
		return 200;
	case DV_EINVAL:
		return 400;
	case DV_EAUTH:
		return 401;
	case DV_EPERM:
		return 403;
	case DV_ENOTFOUND:
		return 404;
	case DV_EEXIST:
	case DV_ECONFLICT:
		return 409;
	case DV_ELIMIT:
		return 429;
	case DV_EBUSY:
	case DV_EUNAVAIL:
	case DV_ESCHEMA:
		return 503;
	default:
		return 500;
	}
}

static enum msg_id title_for(int status)
{
	switch (status) {
	case 400:
	case 413:
	case 415:
		return M_ERR_INVALID;
	case 401:
		return M_ERR_AUTH;
	case 403:
		return M_ERR_FORBIDDEN;
	case 404:
	case 405:
		return M_ERR_NOT_FOUND;
	case 409:
		return M_ERR_CONFLICT;
	case 429:
		return M_ERR_LIMIT;
	case 503:
		return M_ERR_UNAVAIL;
	default:
		return M_ERR_INTERNAL;
	}
}

void resp_error(struct request *req, struct response *resp, int status, enum dv_err code,
		const char *detail)
{
	if (!status)
		status = http_status_for(code);
	if (status >= 500 && code != DV_EUNAVAIL && code != DV_EBUSY)
		log_msg(LOG_ERROR, "request failed", "id", req->request_id, "path",
			req->path ? req->path : "-", "detail", detail ? detail : "", NULL);
	/* internal details stay in the log */
	if (status == 500)
		detail = "internal error";
	resp->status = status;
	strbuf_reset(&resp->body);
	if (req->api) {
		struct jsonw w;

		resp->content_type = "application/problem+json";
		jw_init(&w, &resp->body);
		jw_obj_begin(&w);
		jw_kstr(&w, "type", "about:blank");
		jw_kstr(&w, "title", msg(LANG_EN, title_for(status)));
		jw_kint(&w, "status", status);
		jw_kstr(&w, "detail", detail ? detail : dv_strerror(code));
		jw_kstr(&w, "code", dv_err_name(code));
		jw_obj_end(&w);
		strbuf_addch(&resp->body, '\n');
		return;
	}
	resp->content_type = "text/html; charset=utf-8";
	page_begin(req, resp, msg(req->lang, title_for(status)));
	html_f(&resp->body, "<h1>%s</h1>\n<p class=\"error-detail\">%s</p>\n",
	       msg(req->lang, title_for(status)), detail ? detail : dv_strerror(code));
	html_f(&resp->body, "<p><a href=\"/\">%s</a></p>\n", msg(req->lang, M_BACK_HOME));
	page_end(req, resp);
}

void resp_fail(struct request *req, struct response *resp, const struct dv_error *e)
{
	resp_error(req, resp, 0, e->code ? e->code : DV_EDB, e->detail[0] ? e->detail : NULL);
}

void resp_session_cookie(struct request *req, struct response *resp, const char *token,
			 int64_t max_age)
{
	char *c;

	if (max_age < 0)
		c = arena_printf(req->arena,
				 "__Host-dv_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
	else
		c = arena_printf(req->arena,
				 "__Host-dv_session=%s; Path=/; Max-Age=%lld; Secure; HttpOnly; "
				 "SameSite=Lax",
				 token, (long long)max_age);
	if (c)
		resp_header(req, resp, "Set-Cookie", c);
}

void resp_commit(struct request *req, struct response *resp,
		 enum dv_err (*write)(struct db *db, void *arg, struct dv_error *e),
		 void (*finish)(struct request *req, struct response *resp, void *arg,
				enum dv_err result, const struct dv_error *e),
		 void *arg)
{
	(void)req;
	resp->commit_write = write;
	resp->commit_finish = finish;
	resp->commit_arg = arg;
}

void h_healthz(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int version = 0;
	bool ok = migrate_current(req->db, &version, &e) == DV_OK;

	req->api = true;
	if (!ok) {
		resp_error(req, resp, 503, DV_EUNAVAIL, "the database is unreachable");
		return;
	}
	resp_json(req, resp, 200,
		  json_pack("{s:s, s:s, s:i}", "status", "ok", "version", DANVAN_VERSION,
			    "schema", version));
}

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".ico"))
		return "image/x-icon";
	return "application/octet-stream";
}

void h_static(struct request *req, struct response *resp)
{
	const struct embedded_file *f;

	for (f = embedded_static; f->name; f++)
		if (!strcmp(f->name, req->args[0]))
			break;
	if (!f->name) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no such file");
		return;
	}
	resp->content_type = content_type_of(f->name);
	resp->cacheable = true;
	strbuf_add(&resp->body, f->data, f->size);
}

void h_lang(struct request *req, struct response *resp)
{
	const char *code = req->args[0], *next = params_get(&req->query, "next");
	char *c;

	if (strcmp(code, "vi") && strcmp(code, "en")) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no such language");
		return;
	}
	c = arena_printf(req->arena, "dv_lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", code);
	if (c)
		resp_header(req, resp, "Set-Cookie", c);
	resp_redirect(req, resp, next && *next ? next : "/");
}
