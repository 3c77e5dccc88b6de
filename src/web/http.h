/* http.h: the request and response that the dispatcher hands to every handler. */
#ifndef DV_HTTP_H
#define DV_HTTP_H

/* The session's cookie (a __Host- cookie: Secure, Path=/, no Domain). */
#define SESSION_COOKIE "__Host-dv_session"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/msg.h"
#include "base/strbuf.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/session.h"
#include "web/anscache.h"

enum http_method {
	HTTP_GET = 1u << 0,
	HTTP_HEAD = 1u << 1,
	HTTP_POST = 1u << 2,
	HTTP_PUT = 1u << 3,
	HTTP_PATCH = 1u << 4,
	HTTP_DELETE = 1u << 5,
	HTTP_OPTIONS = 1u << 6,
};

/* Name/value pairs from a query string, a form body or cookies; arena-owned, in order. */
struct param {
	const char *name;
	const char *value;
};
struct params {
	struct param *v;
	size_t n;
};

/* The first value of `name`, or NULL. */
const char *params_get(const struct params *p, const char *name);

#define ROUTE_MAX_ARGS 4

struct multipart_part; /* web/multipart.h */

/*
 * One request. Everything is borrowed from the dispatcher or owned by `arena`, which lives
 * until the response is sent. Handlers never free anything.
 */
struct request {
	struct arena *arena;
	struct app *app;
	struct db *db;               /* this thread's connection */
	enum http_method method;     /* HEAD is passed to handlers as GET; `head` says so */
	bool head;
	const char *path;            /* the path as sent (still percent-encoded), no query */
	const char *args[ROUTE_MAX_ARGS]; /* {placeholders} captured by the route, decoded */
	struct params query;
	struct params form;          /* urlencoded bodies; the text fields of multipart ones */
	const struct multipart_part *files; /* the file parts of a multipart/form-data body */
	size_t n_files;
	struct params cookies;
	const char *body;            /* raw body (NUL-terminated), may be NULL */
	size_t body_len;
	const char *content_type;
	const char *remote_addr;
	const char *user_agent;
	enum lang lang;
	bool api;                    /* an /api/ route: errors as problem+json */
	const struct principal *who; /* NULL when anonymous */
	struct scope scope;          /* built from `who`; anonymous scope otherwise */
	const char *csrf;            /* the token forms must carry (session's, or pre-login) */
	const char *request_id;
	void *conn;                  /* struct MHD_Connection *, for header lookups */
	struct anscache *answers;    /* the server's kept answers (web/anscache.h), NULL = off */
};

/* Value of request header `name` (case-insensitive), or NULL. */
const char *request_header(struct request *req, const char *name);

#define RESPONSE_MAX_HEADERS 12

struct response {
	int status;                  /* default 200 */
	const char *content_type;    /* default "text/html; charset=utf-8" */
	struct strbuf body;          /* capped; handlers append */
	struct {
		const char *name, *value; /* arena-owned or static */
	} headers[RESPONSE_MAX_HEADERS];
	int n_headers;
	bool cacheable;              /* default false: Cache-Control: no-store */
	/* set by resp_commit(): the answer waits for a durable group commit */
	enum dv_err (*commit_write)(struct db *db, void *arg, struct dv_error *e);
	void (*commit_finish)(struct request *req, struct response *resp, void *arg,
			      enum dv_err result, const struct dv_error *e);
	void *commit_arg;
};

/*
 * Answer only after `write` is on disk: the server suspends the connection, queues `write` to
 * the group-commit thread (app/commit.h), and once the group is committed calls `finish`
 * with the outcome to fill in the response. `finish` runs on the writer thread: it may use
 * req->arena and `arg` but not req->db. `arg` lives in req->arena.
 */
void resp_commit(struct request *req, struct response *resp,
		 enum dv_err (*write)(struct db *db, void *arg, struct dv_error *e),
		 void (*finish)(struct request *req, struct response *resp, void *arg,
				enum dv_err result, const struct dv_error *e),
		 void *arg);

/* Add a header (copied into the request's arena). */
void resp_header(struct request *req, struct response *resp, const char *name, const char *value);
/* 303 See Other to a local path (never an absolute URL from input). */
void resp_redirect(struct request *req, struct response *resp, const char *location);
/* A JSON answer: takes `json` (a json_t *, decref'd here). */
void resp_json(struct request *req, struct response *resp, int status, void *json);
/*
 * The one error reply: problem+json ({"type","title","status","detail","code"}) for API requests,
 * an escaped HTML page otherwise. `status` 0 picks one from `code` (DV_ENOTFOUND -> 404, ...).
 */
void resp_error(struct request *req, struct response *resp, int status, enum dv_err code,
		const char *detail);
/* resp_error from a struct dv_error. */
void resp_fail(struct request *req, struct response *resp, const struct dv_error *e);
/* HTTP status for an error code. */
int http_status_for(enum dv_err code);
/* Add a Set-Cookie for the session (name __Host-dv_session; Secure, HttpOnly, SameSite=Lax,
 * Path=/). max_age < 0 deletes it. */
void resp_session_cookie(struct request *req, struct response *resp, const char *token,
			 int64_t max_age);

/*
 * Kept answers (web/anscache.h, config answer-cache). A handler reads the stamp of what it is
 * about to render, in the request's snapshot, and asks resp_kept: true when the answer kept
 * under `key` for that stamp was served (status 200, `content_type`, NULL = HTML, the
 * request's CSRF token spliced in). Otherwise it renders, then calls resp_keep with the same
 * key and stamp; only a complete 200 answer is kept. `key` must name everything else the answer
 * depends on (who asks, the language). No-ops when the cache is off or `key` is NULL.
 */
bool resp_kept(struct request *req, struct response *resp, const char *key,
               const struct anscache_stamp *stamp, const char *content_type);
void resp_keep(struct request *req, const struct response *resp, const char *key,
               const struct anscache_stamp *stamp);

#endif
