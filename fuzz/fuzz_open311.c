/* fuzz_open311.c: Open311 GeoReport inputs. The first line of the input is the document asked
 * for (the path segment, "requests.json"), the rest the query string or form body; each
 * parameter goes through the reader web/open311.c applies to it (web/open311_parse.h). */
#include "fuzz.h"

#include "base/utf8.h"
#include "web/open311_parse.h"
#include "web/parse.h"

#include "base/banned.h"

#define NOW ((int64_t)1782864000) /* 2026-07-01 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char(*canon)[TRACKING_LEN + 1] = NULL;
	const char *name, *title, *desc;
	struct params p;
	struct arena *a;
	enum o311_fmt fmt;
	int64_t since, until;
	double lat, lon;
	size_t n, i;
	char *file;
	int open;

	if (!nl)
		return 0;
	file = fuzz_cstr(data, (size_t)(nl - data));
	if (!file)
		return 0;
	a = arena_new();
	if (!a)
		abort();
	if (utf8_valid(file, strlen(file)) && o311_split_file(a, file, &name, &fmt))
		FUZZ_CHECK(strlen(name) < strlen(file));
	if (parse_query(a, (const char *)nl + 1, size - (size_t)(nl - data) - 1, 200, &p, NULL))
		goto cleanup;
	o311_jurisdiction_ok(params_get(&p, "jurisdiction_id"));
	if (!o311_window(params_get(&p, "start_date"), params_get(&p, "end_date"), NOW, &since,
	                 &until))
		FUZZ_CHECK(since <= until);
	if (o311_status(params_get(&p, "status"), &open))
		FUZZ_CHECK(open >= -1 && open <= 1);
	if (o311_point(params_get(&p, "lat"), params_get(&p, "long"), &lat, &lon) == O311_POINT_OK)
		FUZZ_CHECK(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180);
	if (!o311_ids(a, params_get(&p, "service_request_id"), 100, &canon, &n)) {
		FUZZ_CHECK(n <= 100);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(strlen(canon[i]) == TRACKING_LEN);
	}
	desc = params_get(&p, "description");
	if (desc) {
		title = o311_cut(a, desc, 80);
		FUZZ_CHECK(title && utf8_valid(title, strlen(title)));
		FUZZ_CHECK(!strchr(title, '\n') && !strchr(title, '\r'));
	}
cleanup:
	arena_free(a);
	free(file);
	return 0;
}
