/* router.c: matches a method and a raw request path against the route table, in order. */
#include "web/router.h"

#include <string.h>

#include "web/parse.h"
#include "base/banned.h"

/* Where each {name} capture sits in the path, before decoding. */
struct capture {
	const char *s;
	size_t len;
};

/* The next '/'-separated segment starting at *p; advances *p past it and its '/'. */
static bool next_segment(const char **p, const char **seg, size_t *len)
{
	const char *end;

	if (!*p)
		return false;
	end = strchr(*p, '/');
	*seg = *p;
	if (end) {
		*len = (size_t)(end - *p);
		*p = end + 1;
	} else {
		*len = strlen(*p);
		*p = NULL;
	}
	return true;
}

/*
 * Match the shape of `path` against `pattern`: the same number of segments, literals equal,
 * captures non-empty. Both start with '/', so "/" is one empty segment and a trailing slash
 * adds an empty segment that nothing matches. Allocates nothing.
 */
static bool match_shape(const char *pattern, const char *path, struct capture caps[], int *ncaps)
{
	const char *pp, *sp, *pseg, *sseg;
	size_t plen, slen;
	bool more_p, more_s;

	*ncaps = 0;
	if (pattern[0] != '/' || path[0] != '/')
		return false;
	pp = pattern + 1;
	sp = path + 1;
	for (;;) {
		more_p = next_segment(&pp, &pseg, &plen);
		more_s = next_segment(&sp, &sseg, &slen);
		if (!more_p || !more_s)
			return more_p == more_s;
		if (plen >= 2 && pseg[0] == '{' && pseg[plen - 1] == '}') {
			if (slen == 0 || *ncaps >= ROUTE_MAX_ARGS)
				return false;
			caps[*ncaps].s = sseg;
			caps[*ncaps].len = slen;
			(*ncaps)++;
		} else if (plen != slen || memcmp(pseg, sseg, plen) != 0) {
			return false;
		}
	}
}

/* Decode the captures; a capture that is badly encoded or hides a '/' makes no match. */
static bool decode_captures(const struct capture caps[], int ncaps, struct arena *a,
                            const char *args[ROUTE_MAX_ARGS])
{
	char *v;
	int i;

	for (i = 0; i < ncaps; i++) {
		v = url_decode(a, caps[i].s, caps[i].len, false);
		if (!v || strchr(v, '/'))
			return false;
		if (args)
			args[i] = v;
	}
	return true;
}

static unsigned with_head(unsigned methods)
{
	return (methods & HTTP_GET) ? methods | HTTP_HEAD : methods;
}

enum route_match router_match(const struct route *table, enum http_method method, const char *path,
                              struct arena *a, const struct route **out,
                              const char *args[ROUTE_MAX_ARGS], unsigned *allowed)
{
	struct capture caps[ROUTE_MAX_ARGS];
	const char *tmp[ROUTE_MAX_ARGS];
	const struct route *r;
	unsigned union_methods = 0;
	bool path_known = false;
	int ncaps, i;

	if (out)
		*out = NULL;
	if (allowed)
		*allowed = 0;
	if (args)
		for (i = 0; i < ROUTE_MAX_ARGS; i++)
			args[i] = NULL;
	if (!table || !path)
		return ROUTE_NOT_FOUND;

	for (r = table; r->pattern; r++) {
		/*
		 * A match has the pattern's literal text before its first capture as the path's
		 * prefix (captures start a segment): most routes fail here, within a few bytes.
		 */
		for (i = 0; r->pattern[i] && r->pattern[i] != '{' && r->pattern[i] == path[i]; i++)
			;
		if (r->pattern[i] && r->pattern[i] != '{')
			continue;
		if (!r->pattern[i] && path[i])
			continue;
		if (!match_shape(r->pattern, path, caps, &ncaps))
			continue;
		for (i = 0; i < ROUTE_MAX_ARGS; i++)
			tmp[i] = NULL;
		if (!decode_captures(caps, ncaps, a, tmp))
			continue;
		path_known = true;
		if (with_head(r->methods) & (unsigned)method) {
			if (out)
				*out = r;
			if (args)
				memcpy(args, tmp, sizeof(tmp));
			return ROUTE_FOUND;
		}
		union_methods |= with_head(r->methods);
	}
	if (!path_known)
		return ROUTE_NOT_FOUND;
	if (allowed)
		*allowed = union_methods;
	return ROUTE_BAD_METHOD;
}

static const struct {
	enum http_method method;
	const char *name;
} method_names[] = {
    {HTTP_GET, "GET"},     {HTTP_HEAD, "HEAD"},     {HTTP_POST, "POST"},       {HTTP_PUT, "PUT"},
    {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"}, {HTTP_OPTIONS, "OPTIONS"},
};

#define N_METHODS (sizeof(method_names) / sizeof(method_names[0]))

void router_allow_header(unsigned methods, char *buf, size_t len)
{
	size_t i, used = 0, n;
	const char *sep = "";

	if (!buf || !len)
		return;
	buf[0] = '\0';
	for (i = 0; i < N_METHODS; i++) {
		if (!(methods & (unsigned)method_names[i].method))
			continue;
		n = strlen(sep) + strlen(method_names[i].name);
		if (used + n >= len)
			break; /* never a partial name */
		memcpy(buf + used, sep, strlen(sep));
		memcpy(buf + used + strlen(sep), method_names[i].name,
		       strlen(method_names[i].name));
		used += n;
		buf[used] = '\0';
		sep = ", ";
	}
}

enum http_method http_method_parse(const char *s)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; i < N_METHODS; i++)
		if (!strcmp(s, method_names[i].name))
			return method_names[i].method;
	return 0;
}
