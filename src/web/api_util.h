/* api_util.h: what every JSON API handler shares: answers through jsonw, paging, list
 * envelopes, and request bodies parsed with jansson against a table of allowed fields. */
#ifndef DV_API_UTIL_H
#define DV_API_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/http.h"
#include "base/err.h"
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

/* The members of a nested object `obj` (named `where` in errors, e.g. "criteria[2]") are all
 * allowed and of the right type; false after answering 400. */
bool api_json_members(struct request *req, struct response *resp, json_t *obj,
		      const struct api_field *allowed, const char *where);

/* The figures of activities as members: activities, participants, workdays, households,
 * persons, value_cash, value_kind, value. */
struct work_figures;
void api_figures(struct jsonw *w, const struct work_figures *f);

/* GET of a photo by the path's id, read by `get` (activity_photo_get, model_photo_get) in the
 * caller's scope: the image itself. */
struct activity_photo;
struct arena;
struct db;
struct scope;
void api_photo_send(struct request *req, struct response *resp,
		    enum dv_err (*get)(struct db *, const struct scope *, int64_t, struct arena *,
				       struct activity_photo *, struct dv_error *));
/* The 201 answer of an added photo: Location href/ID and {id, <owner>: owner_id}. */
void api_photo_added(struct request *req, struct response *resp, const char *href,
		     int64_t photo_id, const char *owner, int64_t owner_id);

/* A member's string value, or NULL when absent or not a string (borrowed from j). */
const char *api_jstr(json_t *j, const char *key);

/* A positive id from the path placeholder args[i], or a 404 "no such <what>". */
bool api_id_arg(struct request *req, struct response *resp, int i, const char *what,
		int64_t *id);
/* A JSON member as the text a use case parses: strings as they are, numbers written out;
 * NULL when absent or null. */
const char *api_jtext(struct request *req, json_t *j, const char *key);
/* The signed-in login, for the audit log ("-" when none). */
const char *api_actor(struct request *req);
/* Answer an app error (true), or nothing (false, ret is DV_OK). */
bool api_failed(struct request *req, struct response *resp, enum dv_err ret,
		const struct dv_error *e);
/* Open a read snapshot unless one is open (*own); end it with api_read_done. */
bool api_read_open(struct request *req, struct response *resp, bool *own);
void api_read_done(struct request *req, bool own);
/* An area code from the query into its id (any area: visibility is the store's); 0 if absent;
 * false after a 400 for an unknown code. */
bool api_area_param(struct request *req, struct response *resp, const char *name, int64_t *id);
/* A positive id from the query; 0 if absent; false after a 400. */
bool api_id_param(struct request *req, struct response *resp, const char *name, int64_t *id);

#endif
