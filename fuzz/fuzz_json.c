/* fuzz_json.c: a JSON API request body through api_json_body() against a table of fields of
 * every type, nested objects through api_json_members(), and the members through the field
 * readers the use cases apply to them (app/fields.h). */
#include "fuzz.h"

#include "app/fields.h"
#include "base/utf8.h"
#include "web/api_util.h"

#include "base/banned.h"

static const struct api_field fields[] = {
    {"title", JSON_STRING}, {"count", JSON_INTEGER}, {"value", JSON_REAL},
    {"done", JSON_TRUE},    {"items", JSON_ARRAY},   {"criteria", JSON_OBJECT},
    {"day", JSON_STRING},   {"id", JSON_INTEGER},    {"unit_id", JSON_STRING},
    {"note", JSON_STRING},  {"amount", JSON_STRING}, {NULL, 0},
};
static const struct api_field nested[] = {
    {"code", JSON_STRING},
    {"weight", JSON_REAL},
    {"max", JSON_INTEGER},
    {NULL, 0},
};

/* What a use case does with a member given as text. */
static void read_text(const char *s)
{
	struct dv_error e = DV_ERROR_INIT;
	char buf[64];
	int64_t n;
	double d;
	dv_date day;

	app_blank(s);
	if (s)
		app_trimmed(s, buf, sizeof(buf));
	if (!app_field_id("id", s, false, &n, &e))
		FUZZ_CHECK(app_blank(s) || n > 0);
	dv_error_clear(&e);
	if (!app_field_count("count", s, 1000000000, &n, &e))
		FUZZ_CHECK(n >= 0 && n <= 1000000000);
	dv_error_clear(&e);
	if (!app_field_decimal("value", s, 1e12, &d, &e))
		FUZZ_CHECK(d >= 0 && d <= 1e12);
	dv_error_clear(&e);
	app_field_day("day", s, false, &day, &e);
	dv_error_clear(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	struct response resp;
	json_t *j, *v;
	size_t i;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.arena = arena_new();
	if (!req.arena)
		abort();
	req.api = true;
	req.path = "/api/v1/fuzz";
	req.request_id = "fuzz";
	req.content_type = "application/json";
	req.body = (const char *)data;
	req.body_len = size;
	strbuf_init(&resp.body, 1u << 20, 256);
	j = api_json_body(&req, &resp, fields);
	if (!j) {
		FUZZ_CHECK(resp.status == 400 || resp.status == 415);
	} else {
		for (i = 0; fields[i].name; i++)
			read_text(api_jtext(&req, j, fields[i].name));
		if (json_object_get(j, "criteria"))
			api_json_members(&req, &resp, json_object_get(j, "criteria"), nested,
			                 "criteria");
		json_array_foreach(json_object_get(j, "items"), i, v)
		{
			if (json_is_object(v) &&
			    api_json_members(&req, &resp, v, nested,
			                     arena_printf(req.arena, "items[%zu]", i)))
				read_text(api_jtext(&req, v, "code"));
		}
		json_decref(j);
	}
	FUZZ_CHECK(!resp.body.failed);
	strbuf_release(&resp.body);
	arena_free(req.arena);
	return 0;
}
