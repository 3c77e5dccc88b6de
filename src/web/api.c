/* api.c: the JSON API /api/v1: me, areas, units (read and administer). */
#include <jansson.h>
#include <string.h>

#include "app/admin.h"
#include "base/date.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/unit.h"
#include "web/handlers.h"
#include "web/parse.h"

#include "base/banned.h"

#define LIST_DEFAULT 50
#define LIST_MAX 500
#define JSON_BODY_MAX 65536

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *area_json(const struct area *a)
{
	json_t *d = json_array(), *j;
	const struct vocab *v;
	const struct vocab *lv = area_level_find(a->level);

	for (v = area_designations; v->code; v++)
		if (a->designations & v->bit_or_level)
			json_array_append_new(d, json_string(v->code));
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:I, s:s, s:o, s:o}",
		      "code", a->code, "name", a->name, "name_en", a->name_en, "full_name",
		      a->full_name, "full_name_en", a->full_name_en, "kind", a->kind, "kind_en",
		      a->kind_en, "level", lv ? lv->code : "unknown", "parent",
		      str_or_null(a->parent_code), "designations", d, "synthetic", a->synthetic,
		      "children", (json_int_t)a->child_count, "valid_from",
		      a->valid_from ? a->valid_from : "", "valid_to", str_or_null(a->valid_to),
		      "successor", str_or_null(a->successor_code));
	if (!j)
		return NULL;
	if (a->has_centroid)
		json_object_set_new(j, "centroid",
				    json_pack("{s:f, s:f}", "lat", a->lat, "lon", a->lon));
	else
		json_object_set_new(j, "centroid", json_null());
	if (a->area_km2 > 0)
		json_object_set_new(j, "area_km2", json_real(a->area_km2));
	return j;
}

static json_t *unit_json(const struct unit *u)
{
	const struct unit_kind *k = unit_kind_find(u->kind);

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:o, s:o}, s:b, s:I}", "id",
			 (json_int_t)u->id, "kind", u->kind, "kind_name", k ? k->vi : u->kind,
			 "name", u->name, "name_en", u->name_en ? u->name_en : "", "parent_id",
			 u->parent_id ? json_integer(u->parent_id) : json_null(), "parent_name",
			 str_or_null(u->parent_name), "home_area", "code",
			 str_or_null(u->home_area_code), "name", str_or_null(u->home_area_name),
			 "active", u->active, "children", (json_int_t)u->child_count);
}

/* limit and offset from the query; false (and a 400 answer) when malformed */
static bool paging(struct request *req, struct response *resp, size_t *limit, size_t *offset)
{
	const char *l = params_get(&req->query, "limit"), *o = params_get(&req->query, "offset");
	int64_t v;

	*limit = LIST_DEFAULT;
	*offset = 0;
	if (l) {
		if (!parse_int64(l, &v) || v < 1 || v > LIST_MAX) {
			resp_error(req, resp, 400, DV_EINVAL, "limit must be a number from 1 to 500");
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

static void list_answer(struct request *req, struct response *resp, json_t *items, int64_t total,
			size_t limit, size_t offset)
{
	resp_json(req, resp, 200,
		  json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			    "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

void h_api_me(struct request *req, struct response *resp)
{
	const struct principal *p = req->who;
	struct dv_error e = DV_ERROR_INIT;
	struct unit u;
	json_t *perms = json_array();

	if (unit_get(req->db, &req->scope, p->unit_id, req->arena, &u, &e)) {
		json_decref(perms);
		resp_fail(req, resp, &e);
		return;
	}
	if (scope_can(&req->scope, PERM_AREA_READ))
		json_array_append_new(perms, json_string("areas.read"));
	if (scope_can(&req->scope, PERM_AREA_WRITE))
		json_array_append_new(perms, json_string("areas.write"));
	if (scope_can(&req->scope, PERM_UNIT_READ))
		json_array_append_new(perms, json_string("units.read"));
	if (scope_can(&req->scope, PERM_UNIT_WRITE))
		json_array_append_new(perms, json_string("units.write"));
	if (scope_can(&req->scope, PERM_USER_READ))
		json_array_append_new(perms, json_string("users.read"));
	if (scope_can(&req->scope, PERM_USER_WRITE))
		json_array_append_new(perms, json_string("users.write"));
	resp_json(req, resp, 200,
		  json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:o, s:s}", "id",
			    (json_int_t)p->user_id, "login", p->login, "display_name",
			    p->display_name, "role", role_name(p->role), "lang",
			    p->lang ? p->lang : "vi", "unit", "id", (json_int_t)u.id, "name", u.name,
			    "kind", u.kind, "permissions", perms, "auth",
			    p->token_id ? "token" : "session"));
}

void h_api_areas(struct request *req, struct response *resp)
{
	const char *q = params_get(&req->query, "q"), *parent = params_get(&req->query, "parent");
	const char *lvl = params_get(&req->query, "level");
	struct dv_error e = DV_ERROR_INIT;
	struct area *rows = NULL;
	size_t n = 0, i, limit, offset;
	int64_t total = 0, level = -1;
	json_t *items;

	if (!paging(req, resp, &limit, &offset))
		return;
	if (lvl) {
		const struct vocab *v;

		for (v = area_levels; v->code; v++)
			if (!strcmp(v->code, lvl))
				level = v->bit_or_level;
		if (level < 0) {
			resp_error(req, resp, 400, DV_EINVAL,
				   "level must be nation, province, commune or village");
			return;
		}
	}
	if (q && *q) {
		if (area_search(req->db, &req->scope, q, (int)level, limit, offset, req->arena,
				&rows, &n, &total, &e)) {
			resp_fail(req, resp, &e);
			return;
		}
	} else {
		if (area_children(req->db, &req->scope, parent && *parent ? parent : NULL,
				  req->arena, &rows, &n, &e)) {
			resp_fail(req, resp, &e);
			return;
		}
		total = (int64_t)n;
		/* children lists are short (at most a few hundred); page them here */
		if (offset >= n) {
			rows += n;
			n = 0;
		} else {
			rows += offset;
			n -= offset;
		}
		if (n > limit)
			n = limit;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, area_json(&rows[i]));
	list_answer(req, resp, items, total, limit, offset);
}

void h_api_area(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct area a;

	if (area_get(req->db, &req->scope, req->args[0], req->arena, &a, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_json(req, resp, 200, area_json(&a));
}

void h_api_units(struct request *req, struct response *resp)
{
	const char *q = params_get(&req->query, "q"), *parent = params_get(&req->query, "parent");
	const char *kind = params_get(&req->query, "kind");
	struct dv_error e = DV_ERROR_INIT;
	struct unit *rows = NULL;
	size_t n = 0, i, limit, offset;
	int64_t total = 0, pid = 0;
	json_t *items;

	if (!paging(req, resp, &limit, &offset))
		return;
	if (kind && *kind && !unit_kind_find(kind)) {
		resp_error(req, resp, 400, DV_EINVAL, "unknown unit kind");
		return;
	}
	if (parent && *parent && !parse_int64(parent, &pid)) {
		resp_error(req, resp, 400, DV_EINVAL, "parent must be a unit id");
		return;
	}
	if ((q && *q) || (kind && *kind)) {
		if (unit_search(req->db, &req->scope, q ? q : "", kind && *kind ? kind : NULL,
				limit, offset, req->arena, &rows, &n, &total, &e)) {
			resp_fail(req, resp, &e);
			return;
		}
	} else {
		if (unit_children(req->db, &req->scope, pid, req->arena, &rows, &n, &e)) {
			resp_fail(req, resp, &e);
			return;
		}
		total = (int64_t)n;
		if (offset >= n) {
			rows += n;
			n = 0;
		} else {
			rows += offset;
			n -= offset;
		}
		if (n > limit)
			n = limit;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, unit_json(&rows[i]));
	list_answer(req, resp, items, total, limit, offset);
}

static bool unit_id_arg(struct request *req, struct response *resp, int64_t *id)
{
	if (!parse_int64(req->args[0], id) || *id <= 0) {
		resp_error(req, resp, 404, DV_ENOTFOUND, "no such unit");
		return false;
	}
	return true;
}

void h_api_unit(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit u;
	int64_t id;

	if (!unit_id_arg(req, resp, &id))
		return;
	if (unit_get(req->db, &req->scope, id, req->arena, &u, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	resp_json(req, resp, 200, unit_json(&u));
}

/*
 * Parse a JSON object body and check its members against `allowed` (name and type); the
 * answer is given (400/415) and NULL returned on any problem. Caller decrefs.
 */
struct field {
	const char *name;
	json_type type;
};

static json_t *json_body(struct request *req, struct response *resp, const struct field *allowed)
{
	json_error_t je;
	json_t *j, *v;
	const char *key;
	const struct field *f;

	if (!req->content_type || strncmp(req->content_type, "application/json", 16)) {
		resp_error(req, resp, 415, DV_EINVAL, "send the body as application/json");
		return NULL;
	}
	if (!req->body_len || req->body_len > JSON_BODY_MAX) {
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
	json_object_foreach(j, key, v) {
		for (f = allowed; f->name; f++)
			if (!strcmp(f->name, key))
				break;
		if (!f->name) {
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena, "unknown field '%s'", key));
			json_decref(j);
			return NULL;
		}
		if (json_typeof(v) != f->type) {
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena, "field '%s' has the wrong type", key));
			json_decref(j);
			return NULL;
		}
	}
	return j;
}

static const char *jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

static const struct field unit_fields[] = {
	{ "parent_id", JSON_INTEGER }, { "kind", JSON_STRING },
	{ "name", JSON_STRING },       { "name_en", JSON_STRING },
	{ "home_area_code", JSON_STRING }, { NULL, 0 },
};

static const char *actor(struct request *req)
{
	return req->who ? req->who->login : "-";
}

static void unit_created(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit u;

	if (db_begin(req->db, DB_TX_READ, &e) ||
	    unit_get(req->db, &req->scope, id, req->arena, &u, &e)) {
		db_rollback(req->db);
		resp_fail(req, resp, &e);
		return;
	}
	db_rollback(req->db);
	if (status == 201)
		resp_header(req, resp, "Location",
			    arena_printf(req->arena, "/api/v1/units/%lld", (long long)id));
	resp_json(req, resp, status, unit_json(&u));
}

void h_api_unit_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { 0 };
	json_t *j = json_body(req, resp, unit_fields);
	int64_t id = 0;

	if (!j)
		return;
	in.parent_id = json_integer_value(json_object_get(j, "parent_id"));
	in.kind = jstr(j, "kind");
	in.name = jstr(j, "name");
	in.name_en = jstr(j, "name_en");
	in.home_area_code = jstr(j, "home_area_code");
	if (in.parent_id <= 0) {
		json_decref(j);
		resp_error(req, resp, 400, DV_EINVAL, "parent_id is required");
		return;
	}
	if (app_unit_create(req->app, req->db, &req->scope, actor(req), &in, &id, &e)) {
		json_decref(j);
		resp_fail(req, resp, &e);
		return;
	}
	json_decref(j);
	unit_created(req, resp, id, 201);
}

void h_api_unit_update(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { 0 };
	struct unit cur;
	json_t *j;
	int64_t id, parent;

	if (!unit_id_arg(req, resp, &id))
		return;
	j = json_body(req, resp, unit_fields);
	if (!j)
		return;
	if (db_begin(req->db, DB_TX_READ, &e) ||
	    unit_get(req->db, &req->scope, id, req->arena, &cur, &e)) {
		db_rollback(req->db);
		json_decref(j);
		resp_fail(req, resp, &e);
		return;
	}
	db_rollback(req->db);
	in.kind = jstr(j, "kind") ? jstr(j, "kind") : cur.kind;
	in.name = jstr(j, "name") ? jstr(j, "name") : cur.name;
	in.name_en = jstr(j, "name_en") ? jstr(j, "name_en") : cur.name_en;
	in.home_area_code = jstr(j, "home_area_code") ? jstr(j, "home_area_code")
						      : cur.home_area_code;
	parent = json_object_get(j, "parent_id") ? json_integer_value(json_object_get(j, "parent_id"))
						 : cur.parent_id;
	if (app_unit_update(req->app, req->db, &req->scope, actor(req), id, &in, &e) ||
	    (parent != cur.parent_id &&
	     app_unit_move(req->app, req->db, &req->scope, actor(req), id, parent, &e))) {
		json_decref(j);
		resp_fail(req, resp, &e);
		return;
	}
	json_decref(j);
	unit_created(req, resp, id, 200);
}
