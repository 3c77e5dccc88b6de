/* fuzz_url.c: a request target ("/path?query") through what the dispatcher does with it: the
 * UTF-8 check, the route table match with its decoded {placeholders}, the query string; the
 * parameters are then encoded again as links encode them (html_url) and must parse back, and
 * each is made a search pattern (store/search.h) as ?q= is. */
#include "fuzz.h"

#include "base/utf8.h"
#include "store/search.h"
#include "web/html.h"
#include "web/parse.h"
#include "web/router.h"

#include "base/banned.h"

/* A search text (?q=) as the store's LIKE pattern: every metacharacter of the text escaped. */
static void check_search(const char *q)
{
	struct strbuf pat = STRBUF_INIT;
	size_t i;

	if (!store_like_pattern(q, &pat, NULL)) {
		FUZZ_CHECK(pat.len >= 1 && pat.buf[0] == '%');
		for (i = 0; i < pat.len; i++) {
			FUZZ_CHECK(pat.buf[i] != '_');
			if (pat.buf[i] == '\\') {
				FUZZ_CHECK(i + 1 < pat.len && strchr("%_\\", pat.buf[i + 1]));
				i++;
			}
		}
	}
	strbuf_release(&pat);
}

static void check_params(struct arena *a, const struct params *p)
{
	struct strbuf sb = STRBUF_INIT;
	struct params back;
	size_t i;
	int64_t v;

	for (i = 0; i < p->n; i++) {
		FUZZ_CHECK(p->v[i].name && p->v[i].value);
		FUZZ_CHECK(utf8_valid(p->v[i].name, strlen(p->v[i].name)));
		FUZZ_CHECK(utf8_valid(p->v[i].value, strlen(p->v[i].value)));
		if (parse_int64(p->v[i].value, &v))
			FUZZ_CHECK(v >= 0);
		check_search(p->v[i].value);
		if (i)
			strbuf_addch(&sb, '&');
		html_url(&sb, p->v[i].name);
		strbuf_addch(&sb, '=');
		html_url(&sb, p->v[i].value);
	}
	FUZZ_CHECK(!sb.failed);
	FUZZ_CHECK(parse_query(a, sb.buf, sb.len, 200, &back, NULL) == DV_OK);
	FUZZ_CHECK(back.n == p->n);
	for (i = 0; i < p->n; i++) {
		FUZZ_CHECK(!strcmp(back.v[i].name, p->v[i].name));
		FUZZ_CHECK(!strcmp(back.v[i].value, p->v[i].value));
	}
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum http_method methods[] = {HTTP_GET, HTTP_POST, HTTP_DELETE};
	char *target = fuzz_cstr(data, size), *q;
	struct arena *a;
	struct params query;
	const struct route *r;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed;
	size_t i;
	int k;

	if (!target)
		return 0;
	a = arena_new();
	if (!a)
		abort();
	q = strchr(target, '?');
	if (q)
		*q++ = '\0';
	if (utf8_valid(target, strlen(target))) {
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			r = NULL;
			allowed = 0;
			memset(args, 0, sizeof(args));
			if (router_match(routes, methods[i], target, a, &r, args, &allowed) !=
			    ROUTE_FOUND)
				continue;
			FUZZ_CHECK(r && r->pattern);
			for (k = 0; k < ROUTE_MAX_ARGS && args[k]; k++) {
				FUZZ_CHECK(utf8_valid(args[k], strlen(args[k])));
				FUZZ_CHECK(!strchr(args[k], '/'));
			}
		}
	}
	if (q && !parse_query(a, q, strlen(q), 200, &query, NULL))
		check_params(a, &query);
	/* a bare percent-decoding of the whole path, as a {placeholder} gets */
	url_decode(a, target, strlen(target), false);
	arena_free(a);
	free(target);
	return 0;
}
