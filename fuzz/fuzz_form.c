/* fuzz_form.c: request bodies of forms. The first line of the input is the Content-Type header,
 * the rest the body: parsed as application/x-www-form-urlencoded and as multipart/form-data. */
#include "fuzz.h"

#include "app/fields.h"
#include "base/utf8.h"
#include "web/multipart.h"
#include "web/parse.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	const struct multipart_part *files = NULL;
	struct multipart_part *parts = NULL;
	struct params form;
	struct arena *a;
	const char *body;
	char *ct;
	size_t body_len, n_files = 0, n = 0, i;

	if (!nl)
		return 0;
	ct = fuzz_cstr(data, (size_t)(nl - data));
	if (!ct)
		return 0;
	body = (const char *)nl + 1;
	body_len = size - (size_t)(nl - data) - 1;
	a = arena_new();
	if (!a)
		abort();
	if (!parse_query(a, body, body_len, 200, &form, NULL)) {
		for (i = 0; i < form.n; i++)
			FUZZ_CHECK(utf8_valid(form.v[i].value, strlen(form.v[i].value)));
	}
	if (multipart_content(ct)) {
		if (!multipart_parse(ct, body, body_len, a, &parts, &n, NULL)) {
			FUZZ_CHECK(n <= MULTIPART_MAX_PARTS);
			for (i = 0; i < n; i++) {
				FUZZ_CHECK(parts[i].name && parts[i].data);
				FUZZ_CHECK(parts[i].len <= body_len);
				FUZZ_CHECK(parts[i].data[parts[i].len] == '\0');
				FUZZ_CHECK(utf8_valid(parts[i].name, strlen(parts[i].name)));
				if (parts[i].filename) {
					FUZZ_CHECK(!strchr(parts[i].filename, '/'));
					FUZZ_CHECK(strcmp(parts[i].filename, ".") &&
					           strcmp(parts[i].filename, ".."));
				}
			}
		} else {
			FUZZ_CHECK(!n && !parts);
		}
		if (!multipart_form(a, ct, body, body_len, &form, &files, &n_files, NULL)) {
			for (i = 0; i < form.n; i++)
				FUZZ_CHECK(utf8_valid(form.v[i].value, strlen(form.v[i].value)));
			for (i = 0; i < n_files; i++) {
				FUZZ_CHECK(files[i].filename);
				/* what a photo upload asks of the bytes */
				app_image_type((const unsigned char *)files[i].data, files[i].len);
			}
		} else {
			FUZZ_CHECK(!form.n && !files);
		}
	}
	arena_free(a);
	free(ct);
	return 0;
}
