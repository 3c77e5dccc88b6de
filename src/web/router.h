/* router.h: the one static route table and the matcher the dispatcher uses. */
#ifndef DV_ROUTER_H
#define DV_ROUTER_H

#include <stdbool.h>
#include <stdint.h>

#include "web/http.h"

typedef void (*route_fn)(struct request *req, struct response *resp);

enum route_flags {
	ROUTE_PUBLIC = 1u << 0,   /* no sign-in needed (login page, healthz, static assets) */
	ROUTE_API = 1u << 1,      /* JSON API: errors as problem+json; bearer tokens accepted */
	ROUTE_SLOW = 1u << 2,     /* runs on the slow-work pool (password hashing), not a network thread */
	ROUTE_NO_CSRF = 1u << 3,  /* state-changing but exempt (bearer-token API calls are exempt anyway) */
	ROUTE_WRITE = 1u << 4,    /* changes state: checked for CSRF unless exempt */
	ROUTE_REPLICA = 1u << 5,  /* read-only: the handler may read from the read replica */
	ROUTE_UPLOAD = 1u << 6,   /* takes a file: the body may reach max-upload, not max-body */
};

/*
 * One route. `pattern` is a path with {name} segments that capture one decoded segment into
 * req->args in order, e.g. "/api/v1/areas/{code}". `methods` is a set of enum http_method;
 * GET routes also answer HEAD. `perm` is what scope_can() must grant (PERM_NONE for public).
 */
struct route {
	unsigned methods;
	const char *pattern;
	route_fn fn;
	uint32_t perm;
	unsigned flags;
};

/* The table (web/routes.c), ended by an entry with a NULL pattern. */
extern const struct route routes[];

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/*
 * Find the route for `method` and `path`. On ROUTE_FOUND, *out is the route and args[] the
 * captured segments (decoded into arena; a segment that decodes to invalid UTF-8 or contains
 * '/' or NUL does not match). On ROUTE_BAD_METHOD, *allowed is the union of the methods the
 * path accepts (with HEAD added where GET is). Pure: no I/O.
 */
enum route_match router_match(const struct route *table, enum http_method method,
			      const char *path, struct arena *a, const struct route **out,
			      const char *args[ROUTE_MAX_ARGS], unsigned *allowed);

/* "GET, HEAD, POST" for a method set, into buf. */
void router_allow_header(unsigned methods, char *buf, size_t len);
/* Parse a method name; 0 when unknown. */
enum http_method http_method_parse(const char *s);

#endif
