/* api_util.c: the JSON API's shared answers, paging and body parsing (see api_util.h). */
#include "web/api_util.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "web/parse.h"

#include "base/banned.h"

void api_answer(struct response *resp, int status, struct jsonw *w)
{
	resp->status = status;
	resp->content_type = "application/json";
	strbuf_reset(&resp->body);
	jw_init(w, &resp->body);
}

bool api_paging(struct request *req, struct response *resp, size_t *limit, size_t *offset)
{
	const char *l = params_get(&req->query, "limit"), *o = params_get(&req->query, "offset");
	int64_t v;

	*limit = API_LIST_DEFAULT;
	*offset = 0;
	if (l) {
		if (!parse_int64(l, &v) || v < 1 || v > API_LIST_MAX) {
			resp_error(req, resp, 400, DV_EINVAL,
			           "limit must be a number from 1 to 500");
			return false;
		}
		*limit = (size_t)v;
	}
	if (o) {
		if (!parse_int64(o, &v) || v > 100000000) {
			resp_error(req, resp, 400, DV_EINVAL, "offset must be a whole number");
			return false;
		}
		*offset = (size_t)v;
	}
	return true;
}

void api_list_begin(struct response *resp, struct jsonw *w)
{
	api_answer(resp, 200, w);
	jw_obj_begin(w);
	jw_key(w, "items");
	jw_arr_begin(w);
}

void api_list_end(struct jsonw *w, int64_t total, size_t limit, size_t offset)
{
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_kint(w, "limit", (int64_t)limit);
	jw_kint(w, "offset", (int64_t)offset);
	jw_obj_end(w);
	strbuf_addch(w->sb, '\n');
}

static enum MHD_Result count_ct(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	(void)kind;
	(void)value;
	if (!strcasecmp(key, "Content-Type"))
		(*(int *)cls)++;
	return MHD_YES;
}

/* One Content-Type header, naming JSON: a second one (which some clients append) could smuggle
 * a cross-site form past the check, so it is refused too. */
static bool json_content(struct request *req)
{
	int n = 0;

	if (!req->content_type || strncmp(req->content_type, "application/json", 16))
		return false;
	if (req->conn)
		MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_ct, &n);
	return n <= 1;
}

static bool type_fits(json_type want, json_t *v)
{
	switch (want) {
	case JSON_TRUE:
	case JSON_FALSE:
		return json_is_boolean(v);
	case JSON_REAL:
		return json_is_number(v);
	default:
		return json_typeof(v) == want;
	}
}

json_t *api_json_body(struct request *req, struct response *resp, const struct api_field *allowed)
{
	json_error_t je;
	json_t *j, *v;
	const char *key;
	const struct api_field *f;

	if (!json_content(req)) {
		resp_error(req, resp, 415, DV_EINVAL,
		           "send the body as application/json, with one Content-Type header");
		return NULL;
	}
	if (!req->body_len || req->body_len > API_JSON_BODY_MAX) {
		resp_error(req, resp, 400, DV_EINVAL, "the JSON body is empty or too large");
		return NULL;
	}
	j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		resp_error(req, resp, 400, DV_EINVAL,
		           arena_printf(req->arena, "malformed JSON at line %d column %d: %s",
		                        je.line, je.column, je.text));
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		resp_error(req, resp, 400, DV_EINVAL, "the JSON body must be an object");
		return NULL;
	}
	json_object_foreach(j, key, v)
	{
		for (f = allowed; f->name; f++)
			if (!strcmp(f->name, key))
				break;
		if (!f->name) {
			resp_error(req, resp, 400, DV_EINVAL,
			           arena_printf(req->arena, "unknown field '%s'", key));
			json_decref(j);
			return NULL;
		}
		if (!type_fits(f->type, v)) {
			resp_error(req, resp, 400, DV_EINVAL,
			           arena_printf(req->arena, "field '%s' has the wrong type", key));
			json_decref(j);
			return NULL;
		}
	}
	return j;
}

const char *api_jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}
