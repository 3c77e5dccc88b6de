/* fuzz_cookie.c: the request headers the dispatcher reads itself: Cookie (and the language
 * cookie in it) and Authorization. The input is one header value. */
#include "fuzz.h"

#include "base/msg.h"
#include "web/http.h"
#include "web/parse.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = fuzz_cstr(data, size);
	struct params cookies;
	const char *tok, *c;
	struct arena *a;
	size_t i;

	if (!header)
		return 0;
	a = arena_new();
	if (!a)
		abort();
	if (!parse_cookies(a, header, &cookies)) {
		for (i = 0; i < cookies.n; i++) {
			FUZZ_CHECK(*cookies.v[i].name);
			FUZZ_CHECK(!strpbrk(cookies.v[i].name, " \t;=\""));
			for (c = cookies.v[i].value; *c; c++)
				FUZZ_CHECK(*c > 0x20 && *c < 0x7F && *c != ';');
		}
		/* the language cookie (web/dispatch.c LANG_COOKIE) */
		lang_parse(params_get(&cookies, "dv_lang") ? params_get(&cookies, "dv_lang")
		                                           : "vi");
		params_get(&cookies, SESSION_COOKIE);
	}
	tok = parse_bearer(header);
	if (tok)
		FUZZ_CHECK(*tok && !strchr(tok, ' '));
	arena_free(a);
	free(header);
	return 0;
}
