/* api_work.c: the JSON API of mass-mobilisation work: activities (with history, photos, import
 * and CSV/XLSX export), rollups, activity types, twinning, working groups, plans and targets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "store/area.h"
#include "store/work.h"
#include "web/api_util.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/jsonw.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

/* ---------------------------------------------------------------- small writers and readers */

/* Measures and workdays: up to 6 decimals, whole numbers as integers. */
static void knum(struct jsonw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_fixed(w, v, 6);
}


static bool date_param(struct request *req, struct response *resp, const char *name,
		       dv_date *d)
{
	const char *s = params_get(&req->query, name);

	*d = 0;
	if (!s || !*s)
		return true;
	if (!date_parse(s, d)) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "%s must be a date like 2026-12-01", name));
		return false;
	}
	return true;
}

/* The activity type with code `name` from the query into its id; 0 if absent. */
static bool type_param(struct request *req, struct response *resp, const char *name,
		       int64_t *id)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *code = params_get(&req->query, name);
	struct activity_type *types;
	const struct activity_type *t;
	size_t n;

	*id = 0;
	if (!code || !*code)
		return true;
	if (activity_types_load(req->db, req->arena, &types, &n, &e)) {
		resp_fail(req, resp, &e);
		return false;
	}
	t = activity_type_by_code(types, n, code);
	if (!t) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "%s: no activity type '%s'", name, code));
		return false;
	}
	*id = t->id;
	return true;
}

/* ?format=csv|xlsx: true and *fmt set when an export is asked for; a bad format answers 400. */
static bool export_asked(struct request *req, struct response *resp, enum export_format *fmt,
			 bool *bad)
{
	const char *s = params_get(&req->query, "format");

	*bad = false;
	if (!s || !*s || !strcmp(s, "json"))
		return false;
	if (!export_format_parse(s, fmt)) {
		resp_error(req, resp, 400, DV_EINVAL, "format must be json, csv or xlsx");
		*bad = true;
		return false;
	}
	return true;
}

/* Send a rendered table as a download named NAME.csv / NAME.xlsx. */
static void export_send(struct request *req, struct response *resp, struct export_table *t,
			enum export_format fmt, const char *name)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *ct = NULL, *ext = NULL;

	strbuf_reset(&resp->body);
	if (export_render(t, fmt, &resp->body, &ct, &ext, &e)) {
		strbuf_reset(&resp->body);
		resp_fail(req, resp, &e);
		return;
	}
	resp->status = 200;
	resp->content_type = ct;
	resp_header(req, resp, "Content-Disposition",
		    arena_printf(req->arena, "attachment; filename=\"%s.%s\"", name, ext));
}

/* ---------------------------------------------------------------- activities */

static void activity_json(struct jsonw *w, const struct activity *x, bool full)
{
	size_t i;

	jw_obj_begin(w);
	jw_kint(w, "id", x->id);
	jw_key(w, "type");
	jw_obj_begin(w);
	jw_kstr(w, "code", x->type_code);
	jw_kstr(w, "name", x->type_name);
	jw_kstr(w, "name_en", x->type_name_en);
	jw_obj_end(w);
	jw_kref(w, "lead_unit", x->lead_unit_id, x->lead_unit_name);
	jw_key(w, "area");
	jw_obj_begin(w);
	jw_kstr(w, "code", x->area_code);
	jw_kstr(w, "name", x->area_name);
	jw_obj_end(w);
	jw_kdate(w, "start_on", x->start_on);
	jw_kdate(w, "end_on", x->end_on);
	jw_kstr(w, "title", x->title);
	jw_kint(w, "participants", x->f.participants);
	knum(w, "workdays", x->f.workdays);
	jw_kint(w, "households", x->f.households);
	jw_kint(w, "persons", x->f.persons);
	jw_kint(w, "value_cash", x->f.value_cash);
	jw_kint(w, "value_kind", x->f.value_kind);
	jw_kref(w, "working_group", x->working_group_id, x->working_group_name);
	jw_kint_or_null(w, "target", x->target_id);
	jw_kint(w, "revision", x->revision);
	jw_kinstant(w, "updated_at", x->updated_at);
	if (full) {
		jw_kstr(w, "description", x->description);
		jw_kinstant(w, "created_at", x->created_at);
		jw_key(w, "units");
		jw_arr_begin(w);
		for (i = 0; i < x->n_units; i++)
			jw_kref(w, NULL, x->unit_ids[i], x->unit_names[i]);
		jw_arr_end(w);
		jw_key(w, "measures");
		jw_arr_begin(w);
		for (i = 0; i < x->n_measures; i++) {
			jw_obj_begin(w);
			jw_kstr(w, "code", x->measures[i].code);
			jw_kstr(w, "name", x->measures[i].name);
			jw_kstr(w, "unit", x->measures[i].unit_label);
			knum(w, "value", x->measures[i].value);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

static const struct export_col activity_cols[] = {
    {"ID", EXPORT_COL_INT, 8},
    {"Ngày bắt đầu / Start", EXPORT_COL_DATE, 0},
    {"Ngày kết thúc / End", EXPORT_COL_DATE, 0},
    {"Loại / Type", EXPORT_COL_TEXT, 24},
    {"Tên hoạt động / Title", EXPORT_COL_TEXT, 40},
    {"Đơn vị chủ trì / Lead unit", EXPORT_COL_TEXT, 32},
    {"Mã địa bàn / Area code", EXPORT_COL_TEXT, 10},
    {"Địa bàn / Area", EXPORT_COL_TEXT, 32},
    {"Người tham gia / Participants", EXPORT_COL_INT, 0},
    {"Ngày công / Workdays", EXPORT_COL_NUM, 0},
    {"Hộ hưởng lợi / Households", EXPORT_COL_INT, 0},
    {"Người hưởng lợi / Persons", EXPORT_COL_INT, 0},
    {"Tiền mặt / Cash (VND)", EXPORT_COL_MONEY, 0},
    {"Hiện vật / In kind (VND)", EXPORT_COL_MONEY, 0},
};

static void export_activities(struct request *req, struct response *resp,
			      const struct activity *rows, size_t n, enum export_format fmt)
{
	struct export_table *t = export_new(req->arena, "Hoạt động", activity_cols,
					    sizeof(activity_cols) / sizeof(activity_cols[0]));
	size_t i;

	for (i = 0; i < n; i++) {
		const struct activity *x = &rows[i];

		export_int(t, x->id);
		export_date(t, x->start_on);
		export_date(t, x->end_on);
		export_text(t, page_pick(req, x->type_name, x->type_name_en));
		export_text(t, x->title);
		export_text(t, x->lead_unit_name);
		export_text(t, x->area_code);
		export_text(t, x->area_name);
		export_int(t, x->f.participants);
		export_num(t, x->f.workdays);
		export_int(t, x->f.households);
		export_int(t, x->f.persons);
		export_int(t, x->f.value_cash);
		export_int(t, x->f.value_kind);
		export_row_end(t);
	}
	export_send(req, resp, t, fmt, "activities");
}

void h_api_activities(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_filter f;
	struct activity *rows;
	struct jsonw w;
	enum export_format fmt;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own, exporting, bad;

	memset(&f, 0, sizeof(f));
	exporting = export_asked(req, resp, &fmt, &bad);
	if (bad || !api_paging(req, resp, &limit, &offset) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	f.unlimited = exporting;
	f.query = params_get(&req->query, "q");
	if (type_param(req, resp, "type", &f.type_id) && api_id_param(req, resp, "unit", &f.unit_id) &&
	    api_area_param(req, resp, "area", &f.area_id) &&
	    api_id_param(req, resp, "working_group", &f.working_group_id) &&
	    api_id_param(req, resp, "target", &f.target_id) && date_param(req, resp, "from", &f.from) &&
	    date_param(req, resp, "to", &f.to) &&
	    !api_failed(req, resp,
		    activity_list(req->db, &req->scope, &f, req->arena, &rows, &n,
				  exporting ? NULL : &total, &e),
		    &e)) {
		if (exporting) {
			export_activities(req, resp, rows, n, fmt);
		} else {
			api_list_begin(resp, &w);
			for (i = 0; i < n; i++)
				activity_json(&w, &rows[i], false);
			api_list_end(&w, total, limit, offset);
		}
	}
	api_read_done(req, own);
}

static void answer_activity(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity x;
	struct jsonw w;
	bool own;

	if (!api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp, activity_get(req->db, &req->scope, id, req->arena, &x, &e), &e)) {
		if (status == 201)
			resp_header(req, resp, "Location",
				    arena_printf(req->arena, "/api/v1/activities/%lld", (long long)id));
		api_answer(resp, status, &w);
		activity_json(&w, &x, true);
		strbuf_addch(w.sb, '\n');
	}
	api_read_done(req, own);
}

void h_api_activity(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "activity", &id))
		answer_activity(req, resp, id, 200);
}

static const struct api_field activity_fields[] = {
    {"revision", JSON_INTEGER},
    {"type", JSON_STRING},
    {"lead_unit", JSON_INTEGER},
    {"units", JSON_ARRAY},
    {"area", JSON_STRING},
    {"start_on", JSON_STRING},
    {"end_on", JSON_STRING},
    {"title", JSON_STRING},
    {"description", JSON_STRING},
    {"participants", JSON_INTEGER},
    {"workdays", JSON_REAL},
    {"households", JSON_INTEGER},
    {"persons", JSON_INTEGER},
    {"value_cash", JSON_INTEGER},
    {"value_kind", JSON_INTEGER},
    {"working_group", JSON_INTEGER},
    {"target", JSON_INTEGER},
    {"measures", JSON_OBJECT},
    {NULL, 0},
};

/* The body as an activity_input; false (and a 400) when a member cannot be one. */
static bool activity_body(struct request *req, struct response *resp, json_t *j,
			  struct activity_input *in)
{
	json_t *units = json_object_get(j, "units"), *ms = json_object_get(j, "measures"), *v;
	struct strbuf sb = STRBUF_INIT;
	const char *key;
	size_t i;

	memset(in, 0, sizeof(*in));
	in->type = api_jtext(req, j, "type");
	in->lead_unit = api_jtext(req, j, "lead_unit");
	in->area = api_jtext(req, j, "area");
	in->start_on = api_jtext(req, j, "start_on");
	in->end_on = api_jtext(req, j, "end_on");
	in->title = api_jtext(req, j, "title");
	in->description = api_jtext(req, j, "description");
	in->participants = api_jtext(req, j, "participants");
	in->workdays = api_jtext(req, j, "workdays");
	in->households = api_jtext(req, j, "households");
	in->persons = api_jtext(req, j, "persons");
	in->value_cash = api_jtext(req, j, "value_cash");
	in->value_kind = api_jtext(req, j, "value_kind");
	in->working_group = api_jtext(req, j, "working_group");
	in->target = api_jtext(req, j, "target");
	json_array_foreach(units, i, v) {
		if (!json_is_integer(v)) {
			strbuf_release(&sb);
			resp_error(req, resp, 400, DV_EINVAL, "field 'units' must list unit numbers");
			return false;
		}
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)json_integer_value(v));
	}
	in->units = sb.len ? arena_strdup(req->arena, sb.buf) : NULL;
	strbuf_release(&sb);
	json_object_foreach(ms, key, v) {
		if (!json_is_number(v)) {
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena, "field 'measures': '%s' must be a number",
						key));
			return false;
		}
		if (in->n_measures == WORK_MEASURES_MAX) {
			resp_error(req, resp, 400, DV_EINVAL, "field 'measures': too many measures");
			return false;
		}
		in->measure_code[in->n_measures] = arena_strdup(req->arena, key);
		in->measure_value[in->n_measures] =
		    arena_printf(req->arena, "%.17g", json_number_value(v));
		in->n_measures++;
	}
	return true;
}

void h_api_activity_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_input in;
	json_t *j = api_json_body(req, resp, activity_fields);
	int64_t id = 0;

	if (!j)
		return;
	if (activity_body(req, resp, j, &in) &&
	    !api_failed(req, resp,
		    app_activity_save(req->app, req->db, &req->scope, api_actor(req), 0, 0, &in, &id, &e),
		    &e))
		answer_activity(req, resp, id, 201);
	json_decref(j);
}

void h_api_activity_update(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_input in;
	json_t *j;
	int64_t id, out = 0;

	if (!api_id_arg(req, resp, 0, "activity", &id) || !(j = api_json_body(req, resp, activity_fields)))
		return;
	if (!json_is_integer(json_object_get(j, "revision")))
		resp_error(req, resp, 400, DV_EINVAL,
			   "field 'revision' is required: the revision you read (it guards against "
			   "overwriting someone else's change)");
	else if (activity_body(req, resp, j, &in) &&
		 !api_failed(req, resp,
			 app_activity_save(req->app, req->db, &req->scope, api_actor(req), id,
					   (int)json_integer_value(json_object_get(j, "revision")),
					   &in, &out, &e),
			 &e))
		answer_activity(req, resp, id, 200);
	json_decref(j);
}

void h_api_activity_delete(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *rev = params_get(&req->query, "revision");
	int64_t id, r;

	if (!api_id_arg(req, resp, 0, "activity", &id))
		return;
	if (!rev || !parse_int64(rev, &r) || r <= 0) {
		resp_error(req, resp, 400, DV_EINVAL, "?revision= is required: the revision you read");
		return;
	}
	if (!api_failed(req, resp,
		    app_activity_delete(req->app, req->db, &req->scope, api_actor(req), id, (int)r, &e),
		    &e))
		resp->status = 204;
}

void h_api_activity_history(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_revision *revs;
	struct jsonw w;
	int64_t id;
	size_t n, i;
	bool own;

	if (!api_id_arg(req, resp, 0, "activity", &id) || !api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp,
		    activity_revisions(req->db, &req->scope, id, req->arena, &revs, &n, &e), &e)) {
		api_answer(resp, 200, &w);
		jw_arr_begin(&w);
		for (i = 0; i < n; i++) {
			jw_obj_begin(&w);
			jw_kint(&w, "revision", revs[i].revision);
			jw_kstr(&w, "action", revs[i].action);
			jw_kinstant(&w, "at", revs[i].at);
			jw_kref(&w, "user", revs[i].user_id, revs[i].user_name);
			/* the saved state, as the JSON text it was stored as */
			jw_kstr(&w, "snapshot", revs[i].snapshot);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		strbuf_addch(w.sb, '\n');
	}
	api_read_done(req, own);
}

/* The body is the image itself (Content-Type image/...); ?caption= names it. */
void h_api_photo_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, pid = 0;

	if (!api_id_arg(req, resp, 0, "activity", &id))
		return;
	if (!api_failed(req, resp,
		    app_activity_photo_add(req->app, req->db, &req->scope, api_actor(req), id, req->body,
					   req->body_len, params_get(&req->query, "caption"), &pid,
					   &e),
		    &e))
		api_photo_added(req, resp, "/api/v1/photos", pid, "activity", id);
}

void h_api_photo(struct request *req, struct response *resp)
{
	api_photo_send(req, resp, activity_photo_get);
}

/* The body is the spreadsheet itself (XLSX or CSV); ?mode=all (all or nothing) | valid. */
void h_api_activity_import(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct import_report rep;
	const char *mode = params_get(&req->query, "mode");
	enum import_mode m = IMPORT_ALL_OR_NOTHING;
	struct jsonw w;
	enum dv_err ret;

	if (mode && !strcmp(mode, "valid"))
		m = IMPORT_VALID_ROWS;
	else if (mode && *mode && strcmp(mode, "all")) {
		resp_error(req, resp, 400, DV_EINVAL, "mode must be all (all or nothing) or valid");
		return;
	}
	if (!req->body_len) {
		resp_error(req, resp, 400, DV_EINVAL, "send the XLSX or CSV file as the request body");
		return;
	}
	ret = app_activity_import(req->app, req->db, &req->scope, api_actor(req), req->body,
				  req->body_len, m, NULL, NULL, &rep, &e);
	if (ret && ret != DV_EINVAL) {
		resp_fail(req, resp, &e);
	} else if (ret && !rep.rows && !rep.bad) {
		resp_fail(req, resp, &e); /* the file itself is unreadable */
	} else {
		const char *p = rep.text.buf ? rep.text.buf : "";

		/* all or nothing with bad rows wrote nothing: the request failed */
		api_answer(resp, ret && m == IMPORT_ALL_OR_NOTHING ? 422 : 200, &w);
		jw_obj_begin(&w);
		jw_kstr(&w, "mode", m == IMPORT_VALID_ROWS ? "valid" : "all");
		jw_kint(&w, "rows", rep.rows);
		jw_kint(&w, "written", rep.written);
		jw_kint(&w, "refused", rep.bad);
		jw_key(&w, "errors");
		jw_arr_begin(&w);
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);

			jw_str(&w, arena_strndup(req->arena, p, len));
			p += len + (nl ? 1 : 0);
		}
		jw_arr_end(&w);
		jw_kbool(&w, "more_errors", rep.bad > (int64_t)rep.shown);
		jw_obj_end(&w);
		strbuf_addch(w.sb, '\n');
	}
	import_report_release(&rep);
}

/* ---------------------------------------------------------------- rollups */

static const struct export_col rollup_cols[] = {
    {"Mã / Code", EXPORT_COL_TEXT, 12},
    {"Tên / Name", EXPORT_COL_TEXT, 36},
    {"Hoạt động / Activities", EXPORT_COL_INT, 0},
    {"Người tham gia / Participants", EXPORT_COL_INT, 0},
    {"Ngày công / Workdays", EXPORT_COL_NUM, 0},
    {"Hộ hưởng lợi / Households", EXPORT_COL_INT, 0},
    {"Người hưởng lợi / Persons", EXPORT_COL_INT, 0},
    {"Tiền mặt / Cash (VND)", EXPORT_COL_MONEY, 0},
    {"Hiện vật / In kind (VND)", EXPORT_COL_MONEY, 0},
};

/* ?area=CODE | ?unit=ID, from=YYYY-MM, to=YYYY-MM (or a year), type=code, by=type|month|child */
void h_api_rollups(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *by_s = params_get(&req->query, "by"), *unit_s = params_get(&req->query, "unit");
	const char *from_s = params_get(&req->query, "from"), *to_s = params_get(&req->query, "to");
	struct rollup_row *rows = NULL, *ms = NULL;
	struct work_figures total;
	enum rollup_by by = ROLLUP_TYPE;
	enum export_format fmt;
	char from[8], to[8];
	int64_t area_id = 0, unit_id = 0, type_id = 0;
	size_t n = 0, nm = 0, i;
	struct jsonw w;
	bool own, exporting, bad;
	int y, m, d;
	enum dv_err ret;

	exporting = export_asked(req, resp, &fmt, &bad);
	if (bad)
		return;
	if (by_s && !strcmp(by_s, "month"))
		by = ROLLUP_MONTH;
	else if (by_s && !strcmp(by_s, "child"))
		by = ROLLUP_CHILD;
	else if (by_s && *by_s && strcmp(by_s, "type")) {
		resp_error(req, resp, 400, DV_EINVAL, "by must be type, month or child");
		return;
	}
	date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
	snprintf(from, sizeof(from), "%04d-01", y);
	snprintf(to, sizeof(to), "%04d-12", y);
	if ((from_s && *from_s && !work_month_parse(from_s, false, from)) ||
	    (to_s && *to_s && !work_month_parse(to_s, true, to))) {
		resp_error(req, resp, 400, DV_EINVAL, "from and to must be months like 2026-03");
		return;
	}
	if (strcmp(from, to) > 0) {
		resp_error(req, resp, 400, DV_EINVAL, "from is after to");
		return;
	}
	if (!api_read_open(req, resp, &own))
		return;
	if (!api_area_param(req, resp, "area", &area_id) || !api_id_param(req, resp, "unit", &unit_id) ||
	    !type_param(req, resp, "type", &type_id))
		goto done;
	if (!area_id == !unit_id) {
		resp_error(req, resp, 400, DV_EINVAL, "give either area (a code) or unit (an id)");
		goto done;
	}
	(void)unit_s;
	ret = area_id ? rollup_area(req->db, &req->scope, area_id, from, to, type_id, by,
				    req->arena, &rows, &n, &total, &e)
		      : rollup_unit(req->db, &req->scope, unit_id, from, to, type_id, by,
				    req->arena, &rows, &n, &total, &e);
	if (!ret && area_id && !exporting)
		ret = rollup_area_measures(req->db, &req->scope, area_id, from, to, req->arena, &ms,
					   &nm, &e);
	if (api_failed(req, resp, ret, &e))
		goto done;
	if (exporting) {
		struct export_table *t = export_new(req->arena, "Tổng hợp", rollup_cols,
						    sizeof(rollup_cols) / sizeof(rollup_cols[0]));

		for (i = 0; i < n; i++) {
			export_text(t, by == ROLLUP_MONTH ? rows[i].month : rows[i].code);
			export_text(t, page_pick(req, rows[i].name, rows[i].name_en));
			export_int(t, rows[i].f.n);
			export_int(t, rows[i].f.participants);
			export_num(t, rows[i].f.workdays);
			export_int(t, rows[i].f.households);
			export_int(t, rows[i].f.persons);
			export_int(t, rows[i].f.value_cash);
			export_int(t, rows[i].f.value_kind);
			export_row_end(t);
		}
		export_send(req, resp, t, fmt, "rollups");
		goto done;
	}
	api_answer(resp, 200, &w);
	jw_obj_begin(&w);
	jw_kstr(&w, "from", from);
	jw_kstr(&w, "to", to);
	jw_kstr(&w, "by", by == ROLLUP_MONTH ? "month" : by == ROLLUP_CHILD ? "child" : "type");
	jw_key(&w, "total");
	jw_obj_begin(&w);
	api_figures(&w, &total);
	jw_obj_end(&w);
	jw_key(&w, "rows");
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		if (by == ROLLUP_MONTH) {
			jw_kstr(&w, "month", rows[i].month);
		} else {
			if (by == ROLLUP_CHILD && unit_id)
				jw_kint(&w, "id", rows[i].id);
			else
				jw_kstr(&w, "code", rows[i].code);
			jw_kstr(&w, "name", rows[i].name);
			jw_kstr(&w, "name_en", rows[i].name_en);
		}
		api_figures(&w, &rows[i].f);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (area_id) {
		jw_key(&w, "measures");
		jw_arr_begin(&w);
		for (i = 0; i < nm; i++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "code", ms[i].code);
			jw_kstr(&w, "name", ms[i].name);
			jw_kstr(&w, "unit", ms[i].month);
			knum(&w, "total", ms[i].f.workdays);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	strbuf_addch(w.sb, '\n');
done:
	api_read_done(req, own);
}

void h_api_activity_types(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_type *t;
	struct jsonw w;
	size_t n, i, k;

	if (api_failed(req, resp, app_activity_types(req->app, req->db, req->arena, &t, &n, &e), &e))
		return;
	api_answer(resp, 200, &w);
	jw_arr_begin(&w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "code", t[i].code);
		jw_kstr(&w, "name", t[i].name);
		jw_kstr(&w, "name_en", t[i].name_en);
		jw_kbool(&w, "active", t[i].active);
		jw_key(&w, "measures");
		jw_arr_begin(&w);
		for (k = 0; k < t[i].n_measures; k++) {
			const struct measure_def *m = &t[i].measures[k];

			jw_obj_begin(&w);
			jw_kstr(&w, "code", m->code);
			jw_kstr(&w, "name", m->name);
			jw_kstr(&w, "name_en", m->name_en);
			jw_kstr(&w, "unit", m->unit_label);
			jw_kstr(&w, "unit_en", m->unit_label_en);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	strbuf_addch(w.sb, '\n');
}

/* ---------------------------------------------------------------- twinning */

static void twinning_json(struct jsonw *w, const struct twinning *t)
{
	jw_obj_begin(w);
	jw_kint(w, "id", t->id);
	jw_kref(w, "unit", t->unit_id, t->unit_name);
	jw_key(w, "area");
	jw_obj_begin(w);
	jw_kstr(w, "code", t->area_code);
	jw_kstr(w, "name", t->area_name);
	jw_obj_end(w);
	jw_kstr(w, "purpose", t->purpose);
	jw_kstr(w, "status", twinning_status_name(t->status));
	jw_kdate(w, "start_on", t->start_on);
	jw_kdate(w, "end_on", t->end_on);
	jw_kinstant(w, "updated_at", t->updated_at);
	jw_obj_end(w);
}

void h_api_twinnings(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *status = params_get(&req->query, "status");
	struct twinning_filter f;
	struct twinning *rows;
	enum twinning_status st;
	struct jsonw w;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	f.status = -1;
	if (status && *status) {
		if (!twinning_status_parse(status, &st)) {
			resp_error(req, resp, 400, DV_EINVAL, "status must be planned, active or ended");
			return;
		}
		f.status = (int)st;
	}
	if (!api_paging(req, resp, &limit, &offset) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	if (api_id_param(req, resp, "unit", &f.unit_id) && api_area_param(req, resp, "area", &f.area_id) &&
	    !api_failed(req, resp,
		    twinning_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e), &e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++)
			twinning_json(&w, &rows[i]);
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

static void answer_twinning(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct twinning t;
	struct jsonw w;
	bool own;

	if (!api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp, twinning_get(req->db, &req->scope, id, req->arena, &t, &e), &e)) {
		api_answer(resp, status, &w);
		twinning_json(&w, &t);
		strbuf_addch(w.sb, '\n');
	}
	api_read_done(req, own);
}

void h_api_twinning(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "twinning", &id))
		answer_twinning(req, resp, id, 200);
}

static const struct api_field twinning_fields[] = {
    {"unit", JSON_INTEGER},  {"area", JSON_STRING},   {"purpose", JSON_STRING},
    {"status", JSON_STRING}, {"start_on", JSON_STRING}, {"end_on", JSON_STRING},
    {NULL, 0},
};

static void twinning_save(struct request *req, struct response *resp, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct twinning_input in;
	json_t *j = api_json_body(req, resp, twinning_fields);
	int64_t out = 0;

	if (!j)
		return;
	in.unit = api_jtext(req, j, "unit");
	in.area = api_jtext(req, j, "area");
	in.purpose = api_jtext(req, j, "purpose");
	in.status = api_jtext(req, j, "status");
	in.start_on = api_jtext(req, j, "start_on");
	in.end_on = api_jtext(req, j, "end_on");
	if (!api_failed(req, resp,
		    app_twinning_save(req->app, req->db, &req->scope, api_actor(req), id, &in, &out, &e),
		    &e))
		answer_twinning(req, resp, out, id ? 200 : 201);
	json_decref(j);
}

void h_api_twinning_create(struct request *req, struct response *resp)
{
	twinning_save(req, resp, 0);
}

void h_api_twinning_update(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "twinning", &id))
		twinning_save(req, resp, id);
}

/* ---------------------------------------------------------------- working groups */

static void group_json(struct jsonw *w, const struct working_group *g)
{
	jw_obj_begin(w);
	jw_kint(w, "id", g->id);
	jw_kstr(w, "name", g->name);
	jw_kref(w, "unit", g->unit_id, g->unit_name);
	jw_key(w, "area");
	jw_obj_begin(w);
	jw_kstr(w, "code", g->area_code);
	jw_kstr(w, "name", g->area_name);
	jw_obj_end(w);
	jw_kdate(w, "start_on", g->start_on);
	jw_kdate(w, "end_on", g->end_on);
	jw_kint(w, "members", g->members);
	jw_kstr(w, "tasks", g->tasks);
	jw_kinstant(w, "updated_at", g->updated_at);
}

void h_api_groups(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct group_filter f;
	struct working_group *rows;
	struct jsonw w;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	if (!api_paging(req, resp, &limit, &offset) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	f.query = params_get(&req->query, "q");
	if (api_id_param(req, resp, "unit", &f.unit_id) && api_area_param(req, resp, "area", &f.area_id) &&
	    !api_failed(req, resp,
		    working_group_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e),
		    &e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			group_json(&w, &rows[i]);
			jw_obj_end(&w);
		}
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

/* The group with its activities (the newest 100). */
static void answer_group(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_filter f;
	struct working_group g;
	struct activity *acts;
	struct jsonw w;
	size_t n, i;
	bool own;

	if (!api_read_open(req, resp, &own))
		return;
	memset(&f, 0, sizeof(f));
	f.working_group_id = id;
	f.limit = 100;
	if (!api_failed(req, resp, working_group_get(req->db, &req->scope, id, req->arena, &g, &e),
		    &e) &&
	    !api_failed(req, resp,
		    activity_list(req->db, &req->scope, &f, req->arena, &acts, &n, NULL, &e), &e)) {
		api_answer(resp, status, &w);
		group_json(&w, &g);
		jw_key(&w, "activities");
		jw_arr_begin(&w);
		for (i = 0; i < n; i++)
			activity_json(&w, &acts[i], false);
		jw_arr_end(&w);
		jw_obj_end(&w);
		strbuf_addch(w.sb, '\n');
	}
	api_read_done(req, own);
}

void h_api_group(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "working group", &id))
		answer_group(req, resp, id, 200);
}

static const struct api_field group_fields[] = {
    {"unit", JSON_INTEGER},     {"area", JSON_STRING},    {"name", JSON_STRING},
    {"start_on", JSON_STRING},  {"end_on", JSON_STRING},  {"members", JSON_INTEGER},
    {"tasks", JSON_STRING},     {NULL, 0},
};

static void group_save(struct request *req, struct response *resp, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct group_input in;
	json_t *j = api_json_body(req, resp, group_fields);
	int64_t out = 0;

	if (!j)
		return;
	in.unit = api_jtext(req, j, "unit");
	in.area = api_jtext(req, j, "area");
	in.name = api_jtext(req, j, "name");
	in.start_on = api_jtext(req, j, "start_on");
	in.end_on = api_jtext(req, j, "end_on");
	in.members = api_jtext(req, j, "members");
	in.tasks = api_jtext(req, j, "tasks");
	if (!api_failed(req, resp,
		    app_group_save(req->app, req->db, &req->scope, api_actor(req), id, &in, &out, &e),
		    &e))
		answer_group(req, resp, out, id ? 200 : 201);
	json_decref(j);
}

void h_api_group_create(struct request *req, struct response *resp)
{
	group_save(req, resp, 0);
}

void h_api_group_update(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "working group", &id))
		group_save(req, resp, id);
}

/* ---------------------------------------------------------------- plans */

static void plan_json(struct jsonw *w, const struct plan *p)
{
	jw_kint(w, "id", p->id);
	jw_kref(w, "unit", p->unit_id, p->unit_name);
	jw_kint(w, "year", p->year);
	jw_key(w, "quarter");
	if (p->quarter)
		jw_int(w, p->quarter);
	else
		jw_null(w);
	jw_kstr(w, "title", p->title);
	jw_kstr(w, "note", p->note);
	jw_kstr(w, "status", plan_status_name(p->status));
	jw_kref(w, "decided_by", p->decided_by, p->decided_by_name);
	jw_kinstant(w, "decided_at", p->decided_at);
	jw_kinstant(w, "updated_at", p->updated_at);
}

void h_api_plans(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *status = params_get(&req->query, "status"), *year = params_get(&req->query, "year");
	struct plan_filter f;
	struct plan *rows;
	enum plan_status st;
	struct jsonw w;
	int64_t total = 0, y = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	f.status = -1;
	if (status && *status) {
		if (!plan_status_parse(status, &st)) {
			resp_error(req, resp, 400, DV_EINVAL,
				   "status must be draft, submitted, approved or returned");
			return;
		}
		f.status = (int)st;
	}
	if (year && *year && (!parse_int64(year, &y) || y < 2000 || y > 2100)) {
		resp_error(req, resp, 400, DV_EINVAL, "year must be between 2000 and 2100");
		return;
	}
	f.year = (int)y;
	if (!api_paging(req, resp, &limit, &offset) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	if (api_id_param(req, resp, "unit", &f.unit_id) &&
	    !api_failed(req, resp, plan_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e),
		    &e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			jw_obj_begin(&w);
			plan_json(&w, &rows[i]);
			jw_obj_end(&w);
		}
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

static void answer_plan(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct plan_view v;
	struct jsonw w;
	size_t i;

	if (api_failed(req, resp,
		   app_plan_view(req->app, req->db, &req->scope, id, date_of_instant(time_now()),
				 req->arena, &v, &e),
		   &e))
		return;
	if (status == 201)
		resp_header(req, resp, "Location",
			    arena_printf(req->arena, "/api/v1/plans/%lld", (long long)id));
	api_answer(resp, status, &w);
	jw_obj_begin(&w);
	plan_json(&w, &v.p);
	jw_kdate(&w, "first_day", v.first);
	jw_kdate(&w, "last_day", v.last);
	jw_key(&w, "targets");
	jw_arr_begin(&w);
	for (i = 0; i < v.n_targets; i++) {
		const struct target_progress *t = &v.targets[i];

		jw_obj_begin(&w);
		jw_kint(&w, "id", t->t.id);
		jw_kstr(&w, "indicator", indicator_name(t->t.indicator));
		jw_kstr(&w, "type", t->t.type_name);
		jw_kstr(&w, "measure", t->t.measure_name);
		jw_kstr(&w, "measure_unit", t->t.measure_unit);
		jw_key(&w, "area");
		if (t->t.area_id) {
			jw_obj_begin(&w);
			jw_kstr(&w, "code", t->t.area_code);
			jw_kstr(&w, "name", t->t.area_name);
			jw_obj_end(&w);
		} else {
			jw_null(&w);
		}
		jw_kstr(&w, "label", t->t.label);
		knum(&w, "target", t->t.target_value);
		knum(&w, "done", t->t.done);
		knum(&w, "percent", floor(t->percent * 10 + 0.5) / 10);
		knum(&w, "projected", floor(t->projected * 10 + 0.5) / 10);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "actions");
	jw_arr_begin(&w);
	if (v.can_submit)
		jw_str(&w, "submit");
	if (v.can_decide) {
		jw_str(&w, "approve");
		jw_str(&w, "return");
	}
	jw_arr_end(&w);
	jw_kbool(&w, "can_edit", v.can_edit);
	jw_obj_end(&w);
	strbuf_addch(w.sb, '\n');
}

void h_api_plan(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "plan", &id))
		answer_plan(req, resp, id, 200);
}

static const struct api_field plan_fields[] = {
    {"unit", JSON_INTEGER}, {"year", JSON_INTEGER}, {"quarter", JSON_INTEGER},
    {"title", JSON_STRING}, {"note", JSON_STRING},  {NULL, 0},
};

void h_api_plan_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct plan_input in;
	json_t *j = api_json_body(req, resp, plan_fields);
	int64_t id = 0;

	if (!j)
		return;
	in.unit = api_jtext(req, j, "unit");
	in.year = api_jtext(req, j, "year");
	in.quarter = api_jtext(req, j, "quarter");
	in.title = api_jtext(req, j, "title");
	in.note = api_jtext(req, j, "note");
	if (!api_failed(req, resp,
		    app_plan_create(req->app, req->db, &req->scope, api_actor(req), &in, &id, &e), &e))
		answer_plan(req, resp, id, 201);
	json_decref(j);
}

static const struct api_field target_fields[] = {
    {"indicator", JSON_STRING}, {"type", JSON_STRING}, {"measure", JSON_STRING},
    {"area", JSON_STRING},      {"value", JSON_REAL},  {"label", JSON_STRING},
    {NULL, 0},
};

void h_api_plan_target_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct target_input in;
	json_t *j;
	int64_t id, tid = 0;

	if (!api_id_arg(req, resp, 0, "plan", &id) || !(j = api_json_body(req, resp, target_fields)))
		return;
	in.indicator = api_jtext(req, j, "indicator");
	in.type = api_jtext(req, j, "type");
	in.measure = api_jtext(req, j, "measure");
	in.area = api_jtext(req, j, "area");
	in.value = api_jtext(req, j, "value");
	in.label = api_jtext(req, j, "label");
	if (!api_failed(req, resp,
		    app_plan_target_add(req->app, req->db, &req->scope, api_actor(req), id, &in, &tid,
					&e),
		    &e))
		answer_plan(req, resp, id, 201);
	json_decref(j);
}

void h_api_plan_target_del(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, tid;

	if (api_id_arg(req, resp, 0, "plan", &id) && api_id_arg(req, resp, 1, "target", &tid) &&
	    !api_failed(req, resp,
		    app_plan_target_remove(req->app, req->db, &req->scope, api_actor(req), id, tid, &e),
		    &e))
		answer_plan(req, resp, id, 200);
}

static const struct api_field plan_act_fields[] = {
    {"action", JSON_STRING}, {"note", JSON_STRING}, {NULL, 0},
};

void h_api_plan_act(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	json_t *j;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "plan", &id) || !(j = api_json_body(req, resp, plan_act_fields)))
		return;
	if (!api_failed(req, resp,
		    app_plan_act(req->app, req->db, &req->scope, api_actor(req), id,
				 api_jstr(j, "action"), api_jstr(j, "note"), &e),
		    &e))
		answer_plan(req, resp, id, 200);
	json_decref(j);
}
