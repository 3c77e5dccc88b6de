/* api_emulation.c: the JSON API of "clever mass mobilisation" models, criteria sets, emulation
 * rounds and commendation (doc/EMULATION.md lists the endpoints and their answers). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/emulation.h"
#include "core/kinds.h"
#include "core/emulation.h"
#include "web/api_util.h"
#include "web/handlers.h"
#include "web/jsonw.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

/* ---------------------------------------------------------------- small writers and readers */

static void knum(struct jsonw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_fixed(w, v, 6);
}

static void kword(struct jsonw *w, const char *key, const struct emu_word *v, int n, int i)
{
	jw_kstr(w, key, i >= 0 && i < n ? v[i].code : NULL);
}

static void karea(struct jsonw *w, const char *key, const char *code, const char *name)
{
	jw_key(w, key);
	if (!code) {
		jw_null(w);
		return;
	}
	jw_obj_begin(w);
	jw_kstr(w, "code", code);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}

static void total_json(struct jsonw *w, const char *key, const struct emu_total *t)
{
	jw_key(w, key);
	jw_obj_begin(w);
	knum(w, "total", t->total);
	knum(w, "max", t->max);
	knum(w, "percent", t->percent);
	jw_kint(w, "scored", (int64_t)t->scored);
	jw_kbool(w, "complete", t->complete);
	jw_obj_end(w);
}

/* A vocabulary filter from the query: -1 when absent; false after a 400. */
static bool word_param(struct request *req, struct response *resp, const char *name,
		       const struct emu_word *v, int n, int *out)
{
	const char *s = params_get(&req->query, name);

	*out = -1;
	if (!s || !*s)
		return true;
	*out = emu_parse(v, n, s);
	if (*out < 0) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "%s: unknown value '%s'", name, s));
		return false;
	}
	return true;
}

/* The elements of a JSON array of ids as text (what the use case parses); false after a 400. */
static bool id_array(struct request *req, struct response *resp, json_t *j, const char *key,
		       const char ***out, size_t *n)
{
	json_t *arr = json_object_get(j, key), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr)
		return true;
	*n = json_array_size(arr);
	*out = arena_zalloc(req->arena, (*n + 1) * sizeof(char *));
	if (!*out) {
		resp_error(req, resp, 500, DV_ENOMEM, "out of memory");
		return false;
	}
	json_array_foreach(arr, i, v)
	{
		if (json_is_integer(v))
			(*out)[i] = arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
		else {
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena, "field '%s[%zu]' must be a unit id (a number)",
						key, i));
			return false;
		}
	}
	return true;
}

/* The objects of a JSON array member, each checked against `allowed`; false after a 400. */
static bool object_array(struct request *req, struct response *resp, json_t *j, const char *key,
			 const struct api_field *allowed, size_t *n)
{
	json_t *arr = json_object_get(j, key), *v;
	size_t i;

	*n = json_array_size(arr);
	json_array_foreach(arr, i, v)
	{
		if (!api_json_members(req, resp, v, allowed,
				      arena_printf(req->arena, "%s[%zu]", key, i)))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- criteria sets */

static void set_json(struct jsonw *w, const struct criteria_set *s, bool criteria)
{
	size_t i;

	jw_obj_begin(w);
	jw_kint(w, "id", s->id);
	jw_kref(w, "unit", s->unit_id, s->unit_name);
	jw_kstr(w, "purpose", s->purpose);
	jw_kstr(w, "name", s->name);
	knum(w, "pass_percent", s->pass_percent);
	jw_kbool(w, "active", s->active);
	jw_kinstant(w, "created_at", s->created_at);
	if (criteria) {
		jw_key(w, "criteria");
		jw_arr_begin(w);
		for (i = 0; i < s->n_criteria; i++) {
			jw_obj_begin(w);
			jw_kint(w, "id", s->criteria[i].id);
			jw_kint(w, "pos", s->criteria[i].pos);
			jw_kstr(w, "name", s->criteria[i].name);
			jw_kstr(w, "guidance", s->criteria[i].guidance);
			knum(w, "weight", s->criteria[i].weight);
			knum(w, "max_score", s->criteria[i].max_score);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

void h_api_criteria_sets(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct criteria_set_filter f;
	struct criteria_set *rows;
	const char *active = params_get(&req->query, "active");
	struct jsonw w;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	f.purpose = params_get(&req->query, "purpose");
	if (f.purpose && !*f.purpose)
		f.purpose = NULL;
	if (f.purpose && strcmp(f.purpose, "model") && strcmp(f.purpose, "round")) {
		resp_error(req, resp, 400, DV_EINVAL, "purpose must be model or round");
		return;
	}
	if (active && *active && strcmp(active, "true") && strcmp(active, "false")) {
		resp_error(req, resp, 400, DV_EINVAL, "active must be true or false");
		return;
	}
	f.active_only = active && !strcmp(active, "true");
	if (!api_paging(req, resp, &limit, &offset) ||
	    !api_id_param(req, resp, "unit", &f.unit_id) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	if (!api_failed(req, resp,
			criteria_set_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total,
					  &e),
			&e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++)
			set_json(&w, &rows[i], false);
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

static void answer_set(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct criteria_set s;
	struct jsonw w;
	bool own;

	if (!api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp, criteria_set_get(req->db, &req->scope, id, req->arena, &s, &e),
			&e)) {
		api_answer(resp, status, &w);
		set_json(&w, &s, true);
		strbuf_addch(w.sb, '\n');
	}
	api_read_done(req, own);
}

void h_api_criteria_set(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "criteria set", &id))
		answer_set(req, resp, id, 200);
}

static const struct api_field set_fields[] = {
    {"unit", JSON_INTEGER},     {"purpose", JSON_STRING}, {"name", JSON_STRING},
    {"pass_percent", JSON_REAL}, {"criteria", JSON_ARRAY}, {NULL, 0},
};
static const struct api_field criterion_fields[] = {
    {"name", JSON_STRING}, {"guidance", JSON_STRING}, {"weight", JSON_REAL},
    {"max_score", JSON_REAL}, {NULL, 0},
};

void h_api_criteria_set_create(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct criteria_set_input in;
	struct criterion_input *ci;
	json_t *j = api_json_body(req, resp, set_fields), *arr;
	int64_t id = 0;
	size_t n = 0, i;

	if (!j)
		return;
	if (!object_array(req, resp, j, "criteria", criterion_fields, &n))
		goto out;
	ci = arena_zalloc(req->arena, (n + 1) * sizeof(*ci));
	arr = json_object_get(j, "criteria");
	for (i = 0; ci && i < n; i++) {
		json_t *o = json_array_get(arr, i);

		ci[i].name = api_jtext(req, o, "name");
		ci[i].guidance = api_jtext(req, o, "guidance");
		ci[i].weight = api_jtext(req, o, "weight");
		ci[i].max_score = api_jtext(req, o, "max_score");
	}
	in.unit = api_jtext(req, j, "unit");
	in.purpose = api_jtext(req, j, "purpose");
	in.name = api_jtext(req, j, "name");
	in.pass_percent = api_jtext(req, j, "pass_percent");
	in.criteria = ci;
	in.n_criteria = n;
	if (!api_failed(req, resp,
			app_criteria_set_create(req->app, req->db, &req->scope, api_actor(req), &in,
						&id, &e),
			&e))
		answer_set(req, resp, id, 201);
out:
	json_decref(j);
}

void h_api_criteria_set_active(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {{"active", JSON_TRUE}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	json_t *j, *v;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "criteria set", &id) ||
	    !(j = api_json_body(req, resp, fields)))
		return;
	v = json_object_get(j, "active");
	if (!v)
		resp_error(req, resp, 400, DV_EINVAL, "field 'active' is required");
	else if (!api_failed(req, resp,
			     app_criteria_set_active(req->app, req->db, &req->scope, api_actor(req),
						     id, json_is_true(v), &e),
			     &e))
		answer_set(req, resp, id, 200);
	json_decref(j);
}

/* ---------------------------------------------------------------- models */

static void model_brief(struct jsonw *w, const struct model *m)
{
	jw_kint(w, "id", m->id);
	kword(w, "kind", model_kinds, MODEL_KIND__COUNT, m->kind);
	kword(w, "field", model_fields, FIELD__COUNT, m->field);
	jw_kstr(w, "name", m->name);
	jw_kref(w, "owner_unit", m->owner_unit_id, m->owner_unit_name);
	karea(w, "area", m->area_code, m->area_name);
	jw_kref(w, "launch_unit", m->launch_unit_id, m->launch_unit_name);
	jw_kdate(w, "start_on", m->start_on);
	kword(w, "status", model_statuses, MS__COUNT, m->status);
	kword(w, "level", model_levels, ML__COUNT, m->level);
	jw_kref(w, "origin", m->origin_id, m->origin_name);
	jw_kinstant(w, "updated_at", m->updated_at);
}

static void award_brief(struct jsonw *w, const struct award *a);

static void evals_json(struct jsonw *w, const struct model_view *v)
{
	size_t i, k;

	jw_key(w, "evaluations");
	jw_arr_begin(w);
	for (i = 0; i < v->n_evals; i++) {
		const struct model_eval_view *ev = &v->evals[i];

		jw_obj_begin(w);
		jw_kref(w, "criteria_set", ev->set.id, ev->set.name);
		jw_kref(w, "unit", ev->set.unit_id, ev->set.unit_name);
		jw_kbool(w, "complete", ev->total.complete);
		jw_kbool(w, "passes", ev->passes);
		knum(w, "total", ev->total.total);
		knum(w, "max", ev->total.max);
		knum(w, "percent", ev->total.percent);
		knum(w, "pass_percent", ev->set.pass_percent);
		jw_key(w, "criteria");
		jw_arr_begin(w);
		for (k = 0; k < ev->set.n_criteria; k++) {
			jw_obj_begin(w);
			jw_kint(w, "id", ev->set.criteria[k].id);
			jw_kstr(w, "name", ev->set.criteria[k].name);
			knum(w, "weight", ev->set.criteria[k].weight);
			knum(w, "max_score", ev->set.criteria[k].max_score);
			jw_key(w, "mean");
			if (ev->scored[k])
				jw_fixed(w, ev->mean[k], 6);
			else
				jw_null(w);
			jw_kint(w, "evaluators", (int64_t)ev->evaluators[k]);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void model_json(struct jsonw *w, const struct model_view *v)
{
	size_t i;

	jw_obj_begin(w);
	model_brief(w, &v->m);
	jw_kstr(w, "description", v->m.description);
	jw_kstr(w, "goals", v->m.goals);
	jw_kstr(w, "results_text", v->m.results);
	jw_kstr(w, "withdrawn_reason", v->m.withdrawn_reason);
	jw_key(w, "events");
	jw_arr_begin(w);
	for (i = 0; i < v->n_events; i++) {
		const struct model_event *ev = &v->events[i];

		jw_obj_begin(w);
		jw_kstr(w, "action", ev->action);
		jw_kstr(w, "level", ev->level ? model_levels[ev->level].code : NULL);
		jw_kstr(w, "decision_no", *ev->decision_no ? ev->decision_no : NULL);
		jw_kdate(w, "decision_on", ev->decision_on);
		jw_kref(w, "unit", ev->unit_id, ev->unit_name);
		jw_kint_or_null(w, "criteria_set", ev->criteria_set_id);
		jw_key(w, "percent");
		if (ev->percent >= 0)
			jw_fixed(w, ev->percent, 2);
		else
			jw_null(w);
		jw_kstr(w, "note", ev->note);
		jw_kref(w, "user", ev->user_id, ev->user_name);
		jw_kinstant(w, "at", ev->at);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	evals_json(w, v);
	jw_key(w, "replications");
	jw_obj_begin(w);
	jw_kint(w, "direct", v->direct_replicas);
	jw_kint(w, "total", (int64_t)v->n_replicas);
	jw_key(w, "totals");
	jw_obj_begin(w);
	api_figures(w, &v->replica_totals);
	jw_obj_end(w);
	jw_key(w, "items");
	jw_arr_begin(w);
	for (i = 0; i < v->n_replicas; i++) {
		const struct model_replica *r = &v->replicas[i];

		jw_obj_begin(w);
		jw_kint(w, "id", r->id);
		jw_kint(w, "origin", r->origin_id);
		jw_kint(w, "depth", r->depth);
		jw_kstr(w, "name", r->name);
		jw_kstr(w, "owner_unit", r->owner_unit_name);
		karea(w, "area", r->area_code, r->area_name);
		kword(w, "status", model_statuses, MS__COUNT, r->status);
		kword(w, "level", model_levels, ML__COUNT, r->level);
		jw_kdate(w, "start_on", r->start_on);
		api_figures(w, &r->f);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_key(w, "results");
	jw_obj_begin(w);
	jw_key(w, "totals");
	jw_obj_begin(w);
	api_figures(w, &v->totals);
	jw_obj_end(w);
	jw_key(w, "measures");
	jw_arr_begin(w);
	for (i = 0; i < v->n_measures; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "code", v->measures[i].code);
		jw_kstr(w, "name", v->measures[i].name);
		jw_kstr(w, "unit", v->measures[i].month);
		knum(w, "total", v->measures[i].f.workdays);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "activities");
	jw_arr_begin(w);
	for (i = 0; i < v->n_acts; i++) {
		jw_obj_begin(w);
		jw_kint(w, "id", v->acts[i].id);
		jw_kstr(w, "title", v->acts[i].title);
		jw_kstr(w, "type", v->acts[i].type_code);
		karea(w, "area", v->acts[i].area_code, v->acts[i].area_name);
		jw_kdate(w, "start_on", v->acts[i].start_on);
		jw_kint(w, "households", v->acts[i].f.households);
		jw_kint(w, "persons", v->acts[i].f.persons);
		jw_kint(w, "value", v->acts[i].f.value_cash + v->acts[i].f.value_kind);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_key(w, "photos");
	jw_arr_begin(w);
	for (i = 0; i < v->n_photos; i++) {
		jw_obj_begin(w);
		jw_kint(w, "id", v->photos[i].id);
		jw_kstr(w, "mime", v->photos[i].mime);
		jw_kint(w, "bytes", v->photos[i].bytes);
		jw_kstr(w, "caption", v->photos[i].caption);
		{
			char href[48];

			snprintf(href, sizeof(href), "/api/v1/model-photos/%lld",
				 (long long)v->photos[i].id);
			jw_kstr(w, "href", href);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "awards");
	jw_arr_begin(w);
	for (i = 0; i < v->n_awards; i++) {
		jw_obj_begin(w);
		award_brief(w, &v->awards[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "can");
	jw_obj_begin(w);
	jw_kbool(w, "edit", v->can_edit);
	jw_kbool(w, "evaluate", v->can_evaluate);
	jw_kbool(w, "decide", v->can_decide);
	jw_kstr(w, "decide_level", v->decide_level ? model_levels[v->decide_level].code : NULL);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void answer_model(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_view v;
	struct jsonw w;

	if (!api_failed(req, resp,
			app_model_view(req->app, req->db, &req->scope, id, req->arena, &v, &e), &e)) {
		api_answer(resp, status, &w);
		model_json(&w, &v);
		strbuf_addch(w.sb, '\n');
	}
}

void h_api_models(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_filter f;
	struct model *rows;
	struct jsonw w;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	f.query = params_get(&req->query, "q");
	if (!api_paging(req, resp, &limit, &offset) ||
	    !word_param(req, resp, "kind", model_kinds, MODEL_KIND__COUNT, &f.kind) ||
	    !word_param(req, resp, "field", model_fields, FIELD__COUNT, &f.field) ||
	    !word_param(req, resp, "status", model_statuses, MS__COUNT, &f.status) ||
	    !word_param(req, resp, "level", model_levels, ML__COUNT, &f.level) ||
	    !api_id_param(req, resp, "unit", &f.unit_id) ||
	    !api_id_param(req, resp, "launch_unit", &f.launch_unit_id) ||
	    !api_id_param(req, resp, "origin", &f.origin_id) ||
	    !api_id_param(req, resp, "activity", &f.activity_id) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	if (api_area_param(req, resp, "area", &f.area_id) &&
	    !api_failed(req, resp,
			model_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e),
			&e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			jw_obj_begin(&w);
			model_brief(&w, &rows[i]);
			jw_obj_end(&w);
		}
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

void h_api_model(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "model", &id))
		answer_model(req, resp, id, 200);
}

static const struct api_field model_new_fields[] = {
    {"kind", JSON_STRING},       {"field", JSON_STRING},      {"name", JSON_STRING},
    {"owner_unit", JSON_INTEGER}, {"area", JSON_STRING},      {"launch_unit", JSON_INTEGER},
    {"start_on", JSON_STRING},   {"description", JSON_STRING}, {"goals", JSON_STRING},
    {"results", JSON_STRING},    {"origin", JSON_INTEGER},    {NULL, 0},
};
/* An edit keeps the owner, the launching unit and the origin. */
static const struct api_field model_edit_fields[] = {
    {"kind", JSON_STRING},     {"field", JSON_STRING},       {"name", JSON_STRING},
    {"area", JSON_STRING},     {"start_on", JSON_STRING},    {"description", JSON_STRING},
    {"goals", JSON_STRING},    {"results", JSON_STRING},     {NULL, 0},
};

static void model_save(struct request *req, struct response *resp, int64_t id)
{
	struct dv_error e = DV_ERROR_INIT;
	struct model_input in;
	json_t *j = api_json_body(req, resp, id ? model_edit_fields : model_new_fields);
	int64_t out = 0;

	if (!j)
		return;
	in.kind = api_jtext(req, j, "kind");
	in.field = api_jtext(req, j, "field");
	in.name = api_jtext(req, j, "name");
	in.owner_unit = api_jtext(req, j, "owner_unit");
	in.area = api_jtext(req, j, "area");
	in.launch_unit = api_jtext(req, j, "launch_unit");
	in.start_on = api_jtext(req, j, "start_on");
	in.description = api_jtext(req, j, "description");
	in.goals = api_jtext(req, j, "goals");
	in.results = api_jtext(req, j, "results");
	in.origin = api_jtext(req, j, "origin");
	if (!api_failed(req, resp,
			app_model_save(req->app, req->db, &req->scope, api_actor(req), id, &in, &out,
				       &e),
			&e)) {
		if (!id)
			resp_header(req, resp, "Location",
				    arena_printf(req->arena, "/api/v1/models/%lld", (long long)out));
		answer_model(req, resp, out, id ? 200 : 201);
	}
	json_decref(j);
}

void h_api_model_create(struct request *req, struct response *resp)
{
	model_save(req, resp, 0);
}

void h_api_model_update(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "model", &id))
		model_save(req, resp, id);
}

void h_api_model_evaluate(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"criteria_set", JSON_INTEGER}, {"scores", JSON_ARRAY}, {NULL, 0}};
	static const struct api_field score_fields[] = {
	    {"criterion", JSON_INTEGER}, {"score", JSON_REAL}, {"note", JSON_STRING}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	struct model_score_input *sc;
	json_t *j, *arr;
	int64_t id;
	size_t n = 0, i;

	if (!api_id_arg(req, resp, 0, "model", &id) || !(j = api_json_body(req, resp, fields)))
		return;
	if (!object_array(req, resp, j, "scores", score_fields, &n))
		goto out;
	sc = arena_zalloc(req->arena, (n + 1) * sizeof(*sc));
	arr = json_object_get(j, "scores");
	for (i = 0; sc && i < n; i++) {
		json_t *o = json_array_get(arr, i);

		sc[i].criterion = api_jtext(req, o, "criterion");
		sc[i].score = api_jtext(req, o, "score");
		sc[i].note = api_jtext(req, o, "note");
	}
	if (!api_failed(req, resp,
			app_model_evaluate(req->app, req->db, &req->scope, api_actor(req), id,
					   api_jtext(req, j, "criteria_set"), sc, n, &e),
			&e))
		answer_model(req, resp, id, 200);
out:
	json_decref(j);
}

void h_api_model_step(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"action", JSON_STRING},      {"level", JSON_STRING},       {"criteria_set", JSON_INTEGER},
	    {"decision_no", JSON_STRING}, {"decision_on", JSON_STRING}, {"reason", JSON_STRING},
	    {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	struct model_step_input in;
	json_t *j;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "model", &id) || !(j = api_json_body(req, resp, fields)))
		return;
	in.action = api_jtext(req, j, "action");
	in.level = api_jtext(req, j, "level");
	in.criteria_set = api_jtext(req, j, "criteria_set");
	in.decision_no = api_jtext(req, j, "decision_no");
	in.decision_on = api_jtext(req, j, "decision_on");
	in.reason = api_jtext(req, j, "reason");
	if (!api_failed(req, resp,
			app_model_step(req->app, req->db, &req->scope, api_actor(req), id, &in, &e),
			&e))
		answer_model(req, resp, id, 200);
	json_decref(j);
}

void h_api_model_link(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {{"activity", JSON_INTEGER}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	json_t *j;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "model", &id) || !(j = api_json_body(req, resp, fields)))
		return;
	if (!api_failed(req, resp,
			app_model_link(req->app, req->db, &req->scope, api_actor(req), id,
				       api_jtext(req, j, "activity"), true, &e),
			&e))
		answer_model(req, resp, id, 200);
	json_decref(j);
}

void h_api_model_unlink(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, aid;

	if (!api_id_arg(req, resp, 0, "model", &id) || !api_id_arg(req, resp, 1, "activity", &aid))
		return;
	if (!api_failed(req, resp,
			app_model_link(req->app, req->db, &req->scope, api_actor(req), id,
				       req->args[1], false, &e),
			&e))
		answer_model(req, resp, id, 200);
}

void h_api_model_photo_add(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id, pid = 0;

	if (!api_id_arg(req, resp, 0, "model", &id))
		return;
	if (!api_failed(req, resp,
			app_model_photo_add(req->app, req->db, &req->scope, api_actor(req), id,
					    req->body, req->body_len,
					    params_get(&req->query, "caption"), &pid, &e),
			&e))
		api_photo_added(req, resp, "/api/v1/model-photos", pid, "model", id);
}

void h_api_model_photo(struct request *req, struct response *resp)
{
	api_photo_send(req, resp, model_photo_get);
}

void h_api_model_photo_delete(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t id;

	if (api_id_arg(req, resp, 0, "photo", &id) &&
	    !api_failed(req, resp,
			app_model_photo_delete(req->app, req->db, &req->scope, api_actor(req), id,
					       &e),
			&e))
		resp->status = 204;
}

/* ---------------------------------------------------------------- emulation rounds */

/* The round's own fields; `set` writes its criteria set as a reference (lists). */
static void campaign_brief(struct jsonw *w, const struct campaign *c, bool set)
{
	jw_kint(w, "id", c->id);
	jw_kref(w, "launch_unit", c->launch_unit_id, c->launch_unit_name);
	jw_kstr(w, "name", c->name);
	jw_kstr(w, "theme", c->theme);
	jw_kdate(w, "start_on", c->start_on);
	jw_kdate(w, "end_on", c->end_on);
	kword(w, "status", campaign_statuses, CS__COUNT, c->status);
	if (set)
		jw_kref(w, "criteria_set", c->criteria_set_id, c->criteria_set_name);
	jw_kint(w, "participant_count", c->participants);
}

static void score_or_null(struct jsonw *w, const char *key, bool has, double v)
{
	jw_key(w, key);
	if (has)
		jw_fixed(w, v, 6);
	else
		jw_null(w);
}

static void campaign_json(struct jsonw *w, const struct campaign_view *v)
{
	size_t i, k;

	jw_obj_begin(w);
	campaign_brief(w, &v->c, false);
	jw_key(w, "criteria_set");
	set_json(w, &v->set, true);
	jw_key(w, "participants");
	jw_arr_begin(w);
	for (i = 0; i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];

		jw_obj_begin(w);
		jw_kref(w, "unit", r->u.unit_id, r->u.unit_name);
		jw_kstr(w, "kind", r->u.unit_kind);
		karea(w, "area", r->u.area_code, r->u.area_name);
		jw_kstr(w, "peer_group", r->u.peer_group);
		total_json(w, "self", &r->self);
		total_json(w, "review", &r->review);
		jw_kint_or_null(w, "rank", r->rank);
		jw_kint(w, "group_size", (int64_t)r->group_size);
		jw_key(w, "scores");
		jw_arr_begin(w);
		for (k = 0; k < v->set.n_criteria; k++) {
			jw_obj_begin(w);
			jw_kint(w, "criterion", v->set.criteria[k].id);
			score_or_null(w, "self", r->has_self[k], r->self_scores[k]);
			score_or_null(w, "review", r->has_review[k], r->review_scores[k]);
			jw_kstr(w, "self_note", r->self_notes[k]);
			jw_kstr(w, "review_note", r->review_notes[k]);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	/* rows come by peer group then rank: one ranking per group */
	jw_key(w, "rankings");
	jw_arr_begin(w);
	for (i = 0; i < v->n_rows; i++) {
		const struct campaign_row *r = &v->rows[i];

		if (!i || strcmp(v->rows[i - 1].u.peer_group, r->u.peer_group)) {
			if (i) {
				jw_arr_end(w);
				jw_obj_end(w);
			}
			jw_obj_begin(w);
			jw_kstr(w, "peer_group", r->u.peer_group);
			jw_key(w, "items");
			jw_arr_begin(w);
		}
		jw_obj_begin(w);
		jw_kref(w, "unit", r->u.unit_id, r->u.unit_name);
		knum(w, "total", r->review.total);
		knum(w, "percent", r->review.percent);
		jw_kint_or_null(w, "rank", r->rank);
		jw_obj_end(w);
	}
	if (v->n_rows) {
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "evidence");
	jw_arr_begin(w);
	for (i = 0; i < v->n_evidence; i++) {
		const struct campaign_evidence *ev = &v->evidence[i];

		jw_obj_begin(w);
		jw_kint(w, "unit", ev->unit_id);
		jw_kint(w, "criterion", ev->criterion_id);
		jw_kstr(w, "kind", evidence_kind_name(ev->kind));
		if (ev->kind == EV_CASES)
			jw_kstr(w, "ref", ev->code);
		else
			jw_kint(w, "ref", ev->ref_id);
		jw_kstr(w, "label", ev->label);
		if (ev->kind == EV_CASES) {
			jw_key(w, "cases");
			jw_obj_begin(w);
			jw_kint(w, "received", ev->cases_received);
			jw_kint(w, "settled", ev->cases_settled);
			jw_kint(w, "settled_on_time", ev->cases_on_time);
			jw_obj_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "reviews");
	jw_arr_begin(w);
	for (i = 0; i < v->n_reviews; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "stage", v->reviews[i].stage);
		jw_kstr(w, "note", v->reviews[i].note);
		jw_kstr(w, "user", v->reviews[i].user_name);
		jw_kinstant(w, "at", v->reviews[i].at);
		jw_key(w, "ranking");
		/* written as JSON by the app (campaign_ranking_json) when the review was made */
		jw_raw(w, v->reviews[i].ranking);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "can");
	jw_obj_begin(w);
	jw_kbool(w, "review", v->can_review);
	jw_kbool(w, "finalise", v->can_finalise);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void answer_campaign(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct campaign_view v;
	struct jsonw w;

	if (!api_failed(req, resp,
			app_campaign_view(req->app, req->db, &req->scope, id, req->arena, &v, &e),
			&e)) {
		api_answer(resp, status, &w);
		campaign_json(&w, &v);
		strbuf_addch(w.sb, '\n');
	}
}

void h_api_campaigns(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct campaign_filter f;
	struct campaign *rows;
	struct jsonw w;
	int64_t total = 0;
	size_t n, i, limit, offset;
	bool own;

	memset(&f, 0, sizeof(f));
	f.query = params_get(&req->query, "q");
	if (!api_paging(req, resp, &limit, &offset) ||
	    !word_param(req, resp, "status", campaign_statuses, CS__COUNT, &f.status) ||
	    !api_id_param(req, resp, "unit", &f.unit_id) || !api_read_open(req, resp, &own))
		return;
	f.limit = limit;
	f.offset = offset;
	if (!api_failed(req, resp,
			campaign_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e),
			&e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			jw_obj_begin(&w);
			campaign_brief(&w, &rows[i], true);
			jw_obj_end(&w);
		}
		api_list_end(&w, total, limit, offset);
	}
	api_read_done(req, own);
}

void h_api_campaign(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "emulation round", &id))
		answer_campaign(req, resp, id, 200);
}

void h_api_campaign_create(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"launch_unit", JSON_INTEGER}, {"name", JSON_STRING},         {"theme", JSON_STRING},
	    {"start_on", JSON_STRING},     {"end_on", JSON_STRING},       {"criteria_set", JSON_INTEGER},
	    {"participants", JSON_ARRAY},  {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	struct campaign_input in;
	json_t *j = api_json_body(req, resp, fields);
	const char **units;
	int64_t id = 0;
	size_t n;

	if (!j)
		return;
	if (id_array(req, resp, j, "participants", &units, &n)) {
		in.launch_unit = api_jtext(req, j, "launch_unit");
		in.name = api_jtext(req, j, "name");
		in.theme = api_jtext(req, j, "theme");
		in.start_on = api_jtext(req, j, "start_on");
		in.end_on = api_jtext(req, j, "end_on");
		in.criteria_set = api_jtext(req, j, "criteria_set");
		in.participants = units;
		in.n_participants = n;
		if (!api_failed(req, resp,
				app_campaign_create(req->app, req->db, &req->scope, api_actor(req),
						    &in, &id, &e),
				&e)) {
			resp_header(req, resp, "Location",
				    arena_printf(req->arena, "/api/v1/campaigns/%lld", (long long)id));
			answer_campaign(req, resp, id, 201);
		}
	}
	json_decref(j);
}

void h_api_campaign_join(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {{"units", JSON_ARRAY}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	const char **units;
	json_t *j;
	int64_t id;
	size_t n;

	if (!api_id_arg(req, resp, 0, "emulation round", &id) ||
	    !(j = api_json_body(req, resp, fields)))
		return;
	if (id_array(req, resp, j, "units", &units, &n) &&
	    !api_failed(req, resp,
			app_campaign_join(req->app, req->db, &req->scope, api_actor(req), id, units,
					  n, &e),
			&e))
		answer_campaign(req, resp, id, 200);
	json_decref(j);
}

/* {kind: string, ref: number or string}; false after a 400. */
static bool evidence_ok(struct request *req, struct response *resp, json_t *x, const char *where)
{
	const char *key;
	json_t *v;

	if (!json_is_object(x)) {
		resp_error(req, resp, 400, DV_EINVAL,
			   arena_printf(req->arena, "field '%s' must be an object", where));
		return false;
	}
	json_object_foreach(x, key, v)
	{
		bool fits = !strcmp(key, "kind") ? json_is_string(v)
			    : !strcmp(key, "ref") ? json_is_string(v) || json_is_integer(v)
						  : false;

		if (!fits) {
			resp_error(req, resp, 400, DV_EINVAL,
				   arena_printf(req->arena,
						strcmp(key, "kind") && strcmp(key, "ref")
						    ? "unknown field '%s.%s'"
						    : "field '%s.%s' has the wrong type",
						where, key));
			return false;
		}
	}
	return true;
}

void h_api_campaign_score(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"unit", JSON_INTEGER}, {"role", JSON_STRING}, {"scores", JSON_ARRAY}, {NULL, 0}};
	static const struct api_field score_fields[] = {
	    {"criterion", JSON_INTEGER}, {"score", JSON_REAL}, {"note", JSON_STRING},
	    {"evidence", JSON_ARRAY},    {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	struct campaign_score_input *sc;
	json_t *j, *arr;
	int64_t id;
	size_t n = 0, i, k;

	if (!api_id_arg(req, resp, 0, "emulation round", &id) ||
	    !(j = api_json_body(req, resp, fields)))
		return;
	if (!object_array(req, resp, j, "scores", score_fields, &n))
		goto out;
	sc = arena_zalloc(req->arena, (n + 1) * sizeof(*sc));
	arr = json_object_get(j, "scores");
	for (i = 0; sc && i < n; i++) {
		json_t *o = json_array_get(arr, i), *evs = json_object_get(o, "evidence");
		struct evidence_input *ev;
		size_t ne = json_array_size(evs);

		sc[i].criterion = api_jtext(req, o, "criterion");
		sc[i].score = api_jtext(req, o, "score");
		sc[i].note = api_jtext(req, o, "note");
		ev = arena_zalloc(req->arena, (ne + 1) * sizeof(*ev));
		for (k = 0; ev && k < ne; k++) {
			json_t *x = json_array_get(evs, k);
			const char *where =
			    arena_printf(req->arena, "scores[%zu].evidence[%zu]", i, k);

			/* ref: an id (a number) or an area code (a string) */
			if (!evidence_ok(req, resp, x, where))
				goto out;
			ev[k].kind = api_jtext(req, x, "kind");
			ev[k].ref = api_jtext(req, x, "ref");
		}
		sc[i].evidence = ev;
		sc[i].n_evidence = ne;
	}
	if (!api_failed(req, resp,
			app_campaign_score(req->app, req->db, &req->scope, api_actor(req), id,
					   api_jtext(req, j, "unit"), api_jtext(req, j, "role"), sc,
					   n, &e),
			&e))
		answer_campaign(req, resp, id, 200);
out:
	json_decref(j);
}

void h_api_campaign_review(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"stage", JSON_STRING}, {"note", JSON_STRING}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	json_t *j;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "emulation round", &id) ||
	    !(j = api_json_body(req, resp, fields)))
		return;
	if (!api_failed(req, resp,
			app_campaign_review(req->app, req->db, &req->scope, api_actor(req), id,
					    api_jtext(req, j, "stage"), api_jtext(req, j, "note"),
					    &e),
			&e))
		answer_campaign(req, resp, id, 200);
	json_decref(j);
}

/* ---------------------------------------------------------------- commendation */

static void warnings_json(struct jsonw *w, const struct award_warning *v, size_t n)
{
	size_t i;

	jw_key(w, "warnings");
	jw_arr_begin(w);
	for (i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "code", v[i].code);
		jw_kstr(w, "message", v[i].message);
		jw_kstr(w, "message_vi", v[i].message_vi);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

void h_api_award_forms(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_form *forms;
	struct jsonw w;
	size_t n, i, k;
	bool own;

	if (!api_read_open(req, resp, &own))
		return;
	if (!api_failed(req, resp, award_forms_load(req->db, req->arena, &forms, &n, &e), &e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			const struct award_form *f = &forms[i];
			char *rec = arena_strdup(req->arena, f->recipients), *p, *save = NULL;

			jw_obj_begin(&w);
			jw_kstr(&w, "code", f->code);
			jw_kstr(&w, "name", f->name);
			jw_kstr(&w, "name_en", f->name_en);
			jw_kstr(&w, "category", f->category);
			jw_kint(&w, "rank", f->rank);
			jw_kbool(&w, "active", f->active);
			jw_key(&w, "recipients");
			jw_arr_begin(&w);
			for (p = rec ? strtok_r(rec, ",", &save) : NULL; p;
			     p = strtok_r(NULL, ",", &save))
				jw_str(&w, p);
			jw_arr_end(&w);
			jw_key(&w, "needs");
			if (f->needs_code || *f->needs_initiative) {
				jw_obj_begin(&w);
				jw_kstr(&w, "code", f->needs_code);
				jw_kint(&w, "years", f->needs_years);
				jw_kstr(&w, "initiative",
					*f->needs_initiative ? f->needs_initiative : NULL);
				jw_obj_end(&w);
			} else {
				jw_null(&w);
			}
			jw_key(&w, "grantors");
			jw_arr_begin(&w);
			for (k = 0; k < f->n_grantors; k++) {
				jw_obj_begin(&w);
				jw_kstr(&w, "unit_kind", f->grantors[k].unit_kind);
				jw_key(&w, "level");
				if (f->grantors[k].area_level < 0)
					jw_null(&w);
				else
					jw_str(&w, area_level_find(f->grantors[k].area_level)
						       ? area_level_find(f->grantors[k].area_level)->code
						       : "?");
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
			jw_obj_end(&w);
		}
		api_list_end(&w, (int64_t)n, n, 0);
	}
	api_read_done(req, own);
}

static void award_brief(struct jsonw *w, const struct award *a)
{
	jw_kint(w, "id", a->id);
	jw_key(w, "form");
	jw_obj_begin(w);
	jw_kstr(w, "code", a->form_code);
	jw_kstr(w, "name", a->form_name);
	jw_kstr(w, "name_en", a->form_name_en);
	jw_obj_end(w);
	jw_key(w, "recipient");
	jw_obj_begin(w);
	kword(w, "kind", recipient_kinds, RK__COUNT, a->recipient_kind);
	jw_kstr(w, "name", a->recipient_name);
	jw_kref(w, "unit", a->subject_unit_id, a->subject_unit_name);
	jw_kint_or_null(w, "model", a->model_id);
	karea(w, "area", a->area_code, a->area_name);
	jw_obj_end(w);
	jw_kint(w, "year", a->year);
	jw_kstr(w, "achievement", a->achievement);
	jw_kref(w, "proposing_unit", a->proposing_unit_id, a->proposing_unit_name);
	kword(w, "status", award_statuses, AW__COUNT, a->status);
	jw_key(w, "decision");
	if (a->status == AW_PROPOSED) {
		jw_null(w);
	} else {
		jw_obj_begin(w);
		jw_kstr(w, "no", a->decision_no);
		jw_kdate(w, "on", a->decision_on);
		jw_kref(w, "issuer", a->issuer_unit_id, a->issuer_unit_name);
		jw_kstr(w, "note", a->decision_note);
		jw_kinstant(w, "at", a->decided_at);
		jw_obj_end(w);
	}
}

static void answer_award(struct request *req, struct response *resp, int64_t id, int status)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_view v;
	struct jsonw w;
	size_t i;

	if (api_failed(req, resp,
		       app_award_view(req->app, req->db, &req->scope, id, req->arena, &v, &e), &e))
		return;
	api_answer(resp, status, &w);
	jw_obj_begin(&w);
	award_brief(&w, &v.aw);
	jw_kstr(&w, "reason", v.aw.reason);
	jw_kstr(&w, "initiative", v.aw.initiative);
	jw_kint_or_null(&w, "campaign", v.aw.campaign_id);
	jw_kinstant(&w, "proposed_at", v.aw.proposed_at);
	warnings_json(&w, v.warnings, v.n_warnings);
	jw_key(&w, "history");
	jw_arr_begin(&w);
	for (i = 0; i < v.n_history; i++) {
		jw_obj_begin(&w);
		jw_kint(&w, "id", v.history[i].id);
		jw_kstr(&w, "form", v.history[i].form_code);
		jw_kint(&w, "year", v.history[i].year);
		kword(&w, "status", award_statuses, AW__COUNT, v.history[i].status);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kbool(&w, "can_decide", v.can_decide);
	jw_obj_end(&w);
	strbuf_addch(w.sb, '\n');
}

void h_api_awards(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_filter f;
	struct award *rows;
	struct jsonw w;
	const char *person = params_get(&req->query, "person_name");
	int64_t total = 0, year = 0, unit = 0, area = 0;
	size_t n, i, limit, offset;
	int rk = -1;
	bool own;

	memset(&f, 0, sizeof(f));
	f.query = params_get(&req->query, "q");
	f.form_code = params_get(&req->query, "form");
	if (f.form_code && !*f.form_code)
		f.form_code = NULL;
	if (!api_paging(req, resp, &limit, &offset) ||
	    !word_param(req, resp, "status", award_statuses, AW__COUNT, &f.status) ||
	    !word_param(req, resp, "recipient_kind", recipient_kinds, RK__COUNT, &rk) ||
	    !api_id_param(req, resp, "unit", &unit) || !api_id_param(req, resp, "model", &f.model_id) ||
	    !api_id_param(req, resp, "year", &year) || !api_read_open(req, resp, &own))
		return;
	if (!api_area_param(req, resp, "area", &area))
		goto done;
	f.year = (int)year;
	f.limit = limit;
	f.offset = offset;
	/* one recipient's history: the key the proposals were filed under */
	if (rk >= 0) {
		int64_t ref = rk == RK_MODEL ? f.model_id : rk == RK_AREA || rk == RK_HOUSEHOLD ? area : unit;
		bool named = rk == RK_PERSON || rk == RK_HOUSEHOLD;

		if (!ref || (named && (!person || !*person))) {
			resp_error(req, resp, 400, DV_EINVAL,
				   "recipient_kind needs its recipient: unit (and person_name), "
				   "model, or area (and person_name)");
			goto done;
		}
		f.recipient_key = award_recipient_key(req->arena, (enum recipient_kind)rk, ref,
						      person);
		f.model_id = 0;
	} else {
		f.unit_id = unit;
	}
	if (!api_failed(req, resp,
			award_list(req->db, &req->scope, &f, req->arena, &rows, &n, &total, &e),
			&e)) {
		api_list_begin(resp, &w);
		for (i = 0; i < n; i++) {
			jw_obj_begin(&w);
			award_brief(&w, &rows[i]);
			jw_obj_end(&w);
		}
		api_list_end(&w, total, limit, offset);
	}
done:
	api_read_done(req, own);
}

void h_api_award(struct request *req, struct response *resp)
{
	int64_t id;

	if (api_id_arg(req, resp, 0, "commendation proposal", &id))
		answer_award(req, resp, id, 200);
}

static const struct api_field award_fields[] = {
    {"form", JSON_STRING},       {"recipient_kind", JSON_STRING}, {"unit", JSON_INTEGER},
    {"person_name", JSON_STRING}, {"model", JSON_INTEGER},        {"area", JSON_STRING},
    {"year", JSON_INTEGER},      {"achievement", JSON_STRING},    {"reason", JSON_STRING},
    {"initiative", JSON_STRING}, {"proposing_unit", JSON_INTEGER}, {"campaign", JSON_INTEGER},
    {NULL, 0},
};

static void award_input_of(struct request *req, json_t *j, struct award_input *in)
{
	in->form = api_jtext(req, j, "form");
	in->recipient_kind = api_jtext(req, j, "recipient_kind");
	in->unit = api_jtext(req, j, "unit");
	in->person_name = api_jtext(req, j, "person_name");
	in->model = api_jtext(req, j, "model");
	in->area = api_jtext(req, j, "area");
	in->year = api_jtext(req, j, "year");
	in->achievement = api_jtext(req, j, "achievement");
	in->reason = api_jtext(req, j, "reason");
	in->initiative = api_jtext(req, j, "initiative");
	in->proposing_unit = api_jtext(req, j, "proposing_unit");
	in->campaign = api_jtext(req, j, "campaign");
}

void h_api_award_propose(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_input in;
	json_t *j = api_json_body(req, resp, award_fields);
	int64_t id = 0;

	if (!j)
		return;
	award_input_of(req, j, &in);
	if (!api_failed(req, resp,
			app_award_propose(req->app, req->db, &req->scope, api_actor(req), &in, &id,
					  &e),
			&e)) {
		resp_header(req, resp, "Location",
			    arena_printf(req->arena, "/api/v1/awards/%lld", (long long)id));
		answer_award(req, resp, id, 201);
	}
	json_decref(j);
}

void h_api_award_check(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	struct award_warning *warns;
	struct award_input in;
	struct jsonw w;
	json_t *j = api_json_body(req, resp, award_fields);
	size_t n;

	if (!j)
		return;
	award_input_of(req, j, &in);
	if (!api_failed(req, resp,
			app_award_check(req->app, req->db, &req->scope, &in, req->arena, &warns, &n,
					&e),
			&e)) {
		api_answer(resp, 200, &w);
		jw_obj_begin(&w);
		warnings_json(&w, warns, n);
		jw_obj_end(&w);
		strbuf_addch(w.sb, '\n');
	}
	json_decref(j);
}

void h_api_award_decide(struct request *req, struct response *resp)
{
	static const struct api_field fields[] = {
	    {"decision", JSON_STRING}, {"decision_no", JSON_STRING},         {"decision_on", JSON_STRING},
	    {"note", JSON_STRING},     {"acknowledge_warnings", JSON_TRUE}, {NULL, 0}};
	struct dv_error e = DV_ERROR_INIT;
	struct award_decision_input in;
	json_t *j;
	int64_t id;

	if (!api_id_arg(req, resp, 0, "commendation proposal", &id) ||
	    !(j = api_json_body(req, resp, fields)))
		return;
	in.decision = api_jtext(req, j, "decision");
	in.decision_no = api_jtext(req, j, "decision_no");
	in.decision_on = api_jtext(req, j, "decision_on");
	in.note = api_jtext(req, j, "note");
	in.acknowledge_warnings = json_is_true(json_object_get(j, "acknowledge_warnings"));
	if (!api_failed(req, resp,
			app_award_decide(req->app, req->db, &req->scope, api_actor(req), id, &in,
					 &e),
			&e))
		answer_award(req, resp, id, 200);
	json_decref(j);
}
