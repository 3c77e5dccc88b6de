/* api_util.h: what every JSON API handler shares: answers through jsonw, paging, list
 * envelopes, and request bodies parsed with jansson against a table of allowed fields. */
#ifndef DV_API_UTIL_H
#define DV_API_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/http.h"
#include "web/jsonw.h"

#define API_LIST_DEFAULT  50
#define API_LIST_MAX      500
#define API_JSON_BODY_MAX 65536

/* Start a JSON answer in resp (status, content type, empty body); the caller writes one value. */
void api_answer(struct response *resp, int status, struct jsonw *w);

/* limit (1..500, default 50) and offset from the query; false (and a 400 answer) when bad. */
bool api_paging(struct request *req, struct response *resp, size_t *limit, size_t *offset);

/* {"items": [...], "total", "limit", "offset"}: write the items between the two calls. */
void api_list_begin(struct response *resp, struct jsonw *w);
void api_list_end(struct jsonw *w, int64_t total, size_t limit, size_t offset);

/*
 * One allowed member of a JSON body. `type` is a jansson type; JSON_TRUE stands for "a
 * boolean" (true or false), JSON_REAL accepts integers too; null fits no type.
 */
struct api_field {
	const char *name;
	json_type type;
};

/*
 * Parse the body as a JSON object (application/json, at most API_JSON_BODY_MAX bytes) whose
 * members are all in `allowed` (ended by a NULL name) with the right types. On any problem the
 * 400/415 problem+json answer is written and NULL returned. The caller json_decref()s.
 */
json_t *api_json_body(struct request *req, struct response *resp, const struct api_field *allowed);

/* A member's string value, or NULL when absent or not a string (borrowed from j). */
const char *api_jstr(json_t *j, const char *key);

#endif
