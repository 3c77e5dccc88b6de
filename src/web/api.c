/* api.c: the JSON API /api/v1: me, areas, units (read and administer). */
#include <jansson.h>
#include <string.h>

#include "app/admin.h"
#include "base/date.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/unit.h"
#include "web/api_util.h"
#include "web/handlers.h"
#include "web/jsonw.h"
#include "web/parse.h"

#include "base/banned.h"

/* Write one area as a JSON object. */
static void area_json(struct jsonw *w, const struct area *a)
{
	const struct vocab *v, *lv = area_level_find(a->level);

	jw_obj_begin(w);
	jw_kstr(w, "code", a->code);
	jw_kstr(w, "name", a->name);
	jw_kstr(w, "name_en", a->name_en);
	jw_kstr(w, "full_name", a->full_name);
	jw_kstr(w, "full_name_en", a->full_name_en);
	jw_kstr(w, "kind", a->kind);
	jw_kstr(w, "kind_en", a->kind_en);
	jw_kstr(w, "level", lv ? lv->code : "unknown");
	jw_kstr(w, "parent", a->parent_code);
	jw_key(w, "designations");
	jw_arr_begin(w);
	for (v = area_designations; v->code; v++)
		if (a->designations & v->bit_or_level)
			jw_str(w, v->code);
	jw_arr_end(w);
	jw_kbool(w, "synthetic", a->synthetic);
	jw_kint(w, "children", a->child_count);
	jw_key(w, "centroid");
	if (a->has_centroid) {
		jw_obj_begin(w);
		jw_key(w, "lat");
		jw_fixed(w, a->lat, 6);
		jw_key(w, "lon");
		jw_fixed(w, a->lon, 6);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_key(w, "area_km2");
	if (a->area_km2 > 0)
		jw_fixed(w, a->area_km2, 2);
	else
		jw_null(w);
	jw_kstr(w, "valid_from", a->valid_from);
	jw_kstr(w, "valid_to", a->valid_to);
	jw_kstr(w, "successor", a->successor_code);
	jw_obj_end(w);
}

/* Write one unit as a JSON object. */
static void unit_json(struct jsonw *w, const struct unit *u)
{
	const struct unit_kind *k = unit_kind_find(u->kind);

	jw_obj_begin(w);
	jw_kint(w, "id", u->id);
	jw_kstr(w, "kind", u->kind);
	jw_kstr(w, "kind_name", k ? k->vi : u->kind);
	jw_kstr(w, "kind_name_en", k ? k->en : u->kind);
	jw_kstr(w, "name", u->name);
	jw_kstr(w, "name_en", u->name_en ? u->name_en : "");
	jw_kint_or_null(w, "parent_id", u->parent_id);
	jw_kstr(w, "parent_name", u->parent_name);
	jw_key(w, "home_area");
	jw_obj_begin(w);
	jw_kstr(w, "code", u->home_area_code);
	jw_kstr(w, "name", u->home_area_name);
	jw_obj_end(w);
	jw_kbool(w, "active", u->active);
	jw_kint(w, "children", u->child_count);
	jw_obj_end(w);
}

void h_api_me(struct request *req, struct response *resp)
{
	static const struct {
		uint32_t perm;
		const char *name;
	} perm_names[] = {
		{ PERM_AREA_READ, "areas.read" },   { PERM_AREA_WRITE, "areas.write" },
		{ PERM_UNIT_READ, "units.read" },   { PERM_UNIT_WRITE, "units.write" },
		{ PERM_USER_READ, "users.read" },   { PERM_USER_WRITE, "users.write" },
		{ PERM_DASHBOARD, "dashboard" },
	};
	const struct principal *p = req->who;
	struct dv_error e = DV_ERROR_INIT;
	struct jsonw w;
	struct unit u;
	size_t i;

	if (unit_get(req->db, &req->scope, p->unit_id, req->arena, &u, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_answer(resp, 200, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "id", p->user_id);
	jw_kstr(&w, "login", p->login);
	jw_kstr(&w, "display_name", p->display_name);
	jw_kstr(&w, "role", role_name(p->role));
	jw_kstr(&w, "lang", p->lang ? p->lang : "vi");
	jw_key(&w, "unit");
	unit_json(&w, &u);
	jw_key(&w, "permissions");
	jw_arr_begin(&w);
	for (i = 0; i < sizeof(perm_names) / sizeof(perm_names[0]); i++)
		if (scope_can(&req->scope, perm_names[i].perm))
			jw_str(&w, perm_names[i].name);
	jw_arr_end(&w);
	jw_kstr(&w, "auth", p->token_id ? "token" : "session");
	jw_obj_end(&w);
}

void h_api_areas(struct request *req, struct response *resp)
{
	const char *q = params_get(&req->query, "q"), *parent = params_get(&req->query, "parent");
	const char *lvl = params_get(&req->query, "level");
	struct dv_error e = DV_ERROR_INIT;
	struct area *rows = NULL;
	size_t n = 0, i, limit, offset;
	int64_t total = 0, level = -1;
	struct jsonw w;

	if (!api_paging(req, resp, &limit, &offset))
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
	api_list_begin(resp, &w);
	for (i = 0; i < n; i++)
		area_json(&w, &rows[i]);
	api_list_end(&w, total, limit, offset);
}

void h_api_area(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct jsonw w;
	struct area a;

	if (area_get(req->db, &req->scope, req->args[0], req->arena, &a, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_answer(resp, 200, &w);
	area_json(&w, &a);
	strbuf_addch(&resp->body, '\n');
}

void h_api_units(struct request *req, struct response *resp)
{
	const char *q = params_get(&req->query, "q"), *parent = params_get(&req->query, "parent");
	const char *kind = params_get(&req->query, "kind");
	struct dv_error e = DV_ERROR_INIT;
	struct unit *rows = NULL;
	size_t n = 0, i, limit, offset;
	int64_t total = 0, pid = 0;
	struct jsonw w;

	if (!api_paging(req, resp, &limit, &offset))
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
	api_list_begin(resp, &w);
	for (i = 0; i < n; i++)
		unit_json(&w, &rows[i]);
	api_list_end(&w, total, limit, offset);
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
	struct jsonw w;
	struct unit u;
	int64_t id;

	if (!unit_id_arg(req, resp, &id))
		return;
	if (unit_get(req->db, &req->scope, id, req->arena, &u, &e)) {
		resp_fail(req, resp, &e);
		return;
	}
	api_answer(resp, 200, &w);
	unit_json(&w, &u);
	strbuf_addch(&resp->body, '\n');
}

static const struct api_field unit_fields[] = {
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
	struct jsonw w;
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
	api_answer(resp, status, &w);
	unit_json(&w, &u);
	strbuf_addch(&resp->body, '\n');
}

void h_api_unit_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct unit_new in = { 0 };
	json_t *j = api_json_body(req, resp, unit_fields);
	int64_t id = 0;

	if (!j)
		return;
	in.parent_id = json_integer_value(json_object_get(j, "parent_id"));
	in.kind = api_jstr(j, "kind");
	in.name = api_jstr(j, "name");
	in.name_en = api_jstr(j, "name_en");
	in.home_area_code = api_jstr(j, "home_area_code");
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
	j = api_json_body(req, resp, unit_fields);
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
	in.kind = api_jstr(j, "kind") ? api_jstr(j, "kind") : cur.kind;
	in.name = api_jstr(j, "name") ? api_jstr(j, "name") : cur.name;
	in.name_en = api_jstr(j, "name_en") ? api_jstr(j, "name_en") : cur.name_en;
	in.home_area_code = api_jstr(j, "home_area_code") ? api_jstr(j, "home_area_code")
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
