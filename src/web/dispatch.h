/* dispatch.h: the checks made once before any handler runs (cgit's process_request). */
#ifndef DV_DISPATCH_H
#define DV_DISPATCH_H

#include <stdbool.h>

#include "web/http.h"
#include "web/router.h"

/* What the server must do after dispatch_begin(). */
enum dispatch_next {
	DISPATCH_RESPOND,   /* resp is complete (an error, a redirect) */
	DISPATCH_RUN,       /* run the handler now, on this thread */
	DISPATCH_RUN_SLOW,  /* run the handler on the slow-work pool (password hashing) */
};

/*
 * Match the route (404, 405 with Allow), parse the query, cookies and form body, authenticate
 * (session cookie or bearer token), require sign-in and permission, check CSRF on
 * state-changing requests, pick the language. `raw_path` is the undecoded path.
 * On DISPATCH_RUN*, *route is set and the handler may run.
 */
enum dispatch_next dispatch_begin(struct request *req, struct response *resp,
				  const char *method, const char *raw_path,
				  const struct route **route);

/*
 * Run the route's handler (in a read transaction for GET routes) on the calling thread's
 * database connection, then record session activity if due.
 */
void dispatch_run(struct request *req, struct response *resp, const struct route *route);

/* Security headers and caching policy added to every response. */
void dispatch_finish(struct request *req, struct response *resp);

#endif
