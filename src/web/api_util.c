/* api_util.c: the JSON API's shared answers, paging and body parsing (see api_util.h). */
#include "web/api_util.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "store/area.h"
#include "store/work.h"
#include "web/layout.h"
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
	json_t *j;

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
	if (!api_json_members(req, resp, j, allowed, NULL)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

bool api_json_members(struct request *req, struct response *resp, json_t *obj,
		      const struct api_field *allowed, const char *where)
{
	const struct api_field *f;
	const char *key;
	json_t *v;

	if (!json_is_object(obj)) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "field '%s' must be an object", where));
		return false;
	}
	json_object_foreach(obj, key, v)
	{
		for (f = allowed; f->name; f++)
			if (!strcmp(f->name, key))
				break;
		if (!f->name) {
			resp_error(req, resp, 400, DV_EINVAL,
			           where ? arena_printf(req->arena, "unknown field '%s.%s'", where, key)
			                 : arena_printf(req->arena, "unknown field '%s'", key));
			return false;
		}
		if (!type_fits(f->type, v)) {
			resp_error(req, resp, 400, DV_EINVAL,
			           where ? arena_printf(req->arena, "field '%s.%s' has the wrong type",
			                                where, key)
			                 : arena_printf(req->arena, "field '%s' has the wrong type", key));
			return false;
		}
	}
	return true;
}

const char *api_jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

/* A positive id from the path, or a 404. */
bool api_id_arg(struct request *req, struct response *resp, int i, const char *what,
		   int64_t *id)
{
	if (!parse_int64(req->args[i], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, arena_printf(req->arena, "no such %s", what));
		return false;
	}
	return true;
}


/* A JSON member as the text a use case parses: strings as they are, numbers written out;
 * NULL when absent or null. */
const char *api_jtext(struct request *req, json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(req->arena, "%.17g", json_real_value(v));
	return NULL;
}


const char *api_actor(struct request *req)
{
	return req->who ? req->who->login : "-";
}


/* Answer an app error, or run `ok`. */
bool api_failed(struct request *req, struct response *resp, enum dv_err ret,
		   const struct dv_error *e)
{
	if (ret) {
		resp_fail(req, resp, e);
		return true;
	}
	return false;
}


/* Open a read snapshot unless one is open; rollback with read_done. */
bool api_read_open(struct request *req, struct response *resp, bool *own)
{
	struct dv_error e = DV_ERROR_INIT;

	*own = !db_in_tx(req->db);
	if (*own && db_begin(req->db, DB_TX_READ, &e)) {
		resp_fail(req, resp, &e);
		return false;
	}
	return true;
}


void api_read_done(struct request *req, bool own)
{
	if (own)
		db_rollback(req->db);
}


/* An area code from the query into its id (any area: visibility is the store's); 0 if absent. */
bool api_area_param(struct request *req, struct response *resp, const char *name,
		       int64_t *id)
{
	struct scope sys = scope_system();
	struct dv_error e = DV_ERROR_INIT;
	const char *code = params_get(&req->query, name);
	struct area a;

	*id = 0;
	if (!code || !*code)
		return true;
	if (area_get(req->db, &sys, code, req->arena, &a, &e)) {
		if (e.code == DV_ENOTFOUND)
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena, "%s: no area with code '%s'", name, code));
		else
			resp_fail(req, resp, &e);
		return false;
	}
	*id = a.id;
	return true;
}


bool api_id_param(struct request *req, struct response *resp, const char *name, int64_t *id)
{
	const char *s = params_get(&req->query, name);

	*id = 0;
	if (!s || !*s)
		return true;
	if (!parse_int64(s, id) || *id <= 0) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "%s must be a positive number", name));
		return false;
	}
	return true;
}

void api_figures(struct jsonw *w, const struct work_figures *f)
{
	jw_kint(w, "activities", f->n);
	jw_kint(w, "participants", f->participants);
	jw_key(w, "workdays");
	jw_fixed(w, f->workdays, 6);
	jw_kint(w, "households", f->households);
	jw_kint(w, "persons", f->persons);
	jw_kint(w, "value_cash", f->value_cash);
	jw_kint(w, "value_kind", f->value_kind);
	jw_kint(w, "value", f->value_cash + f->value_kind);
}

void api_photo_send(struct request *req, struct response *resp,
		    enum dv_err (*get)(struct db *, const struct scope *, int64_t, struct arena *,
				       struct activity_photo *, struct dv_error *))
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_photo p;
	int64_t id;
	bool own;

	if (!api_id_arg(req, resp, 0, "photo", &id) || !api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp, get(req->db, &req->scope, id, req->arena, &p, &e), &e)) {
		resp->status = 200;
		resp->content_type = p.mime;
		resp_header(req, resp, "Content-Disposition", "inline");
		strbuf_add(&resp->body, p.data, (size_t)p.bytes);
	}
	api_read_done(req, own);
}

void api_photo_added(struct request *req, struct response *resp, const char *href,
		     int64_t photo_id, const char *owner, int64_t owner_id)
{
	struct jsonw w;

	resp_header(req, resp, "Location",
		    arena_printf(req->arena, "%s/%lld", href, (long long)photo_id));
	api_answer(resp, 201, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "id", photo_id);
	jw_kint(&w, owner, owner_id);
	jw_obj_end(&w);
	strbuf_addch(w.sb, '\n');
}
