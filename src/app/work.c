/* work.c: the use cases of mass-mobilisation work: activities, import, twinning, working
 * groups, plans. */
#include "app/work.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "app/admin.h"
#include "app/fields.h"
#include "base/csv.h"
#include "base/utf8.h"
#include "base/xlsx_read.h"
#include "store/area.h"
#include "store/audit.h"
#include "store/unit.h"

#include "base/banned.h"

/* ================================================================ field parsing */







/* ================================================================ activities */

/* Lookups an import repeats for every row: remembered for the import's length. */
#define CACHE_SLOTS 65536
struct check_cache {
	struct {
		int64_t key;   /* unit id, or a hash of the area code */
		int64_t value; /* area id; for units 1 = allowed as lead, 2 = exists */
		char code[16];
	} unit[CACHE_SLOTS], area[CACHE_SLOTS];
};

static uint64_t code_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static enum dv_err check_area(struct db *db, struct check_cache *cache, const char *code,
			      struct arena *a, int64_t *id, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct area ar;
	char buf[16];
	size_t slot = 0;
	enum dv_err ret;

	if (app_blank(code))
		return dv_fail(e, DV_EINVAL, "field 'area' is required");
	if (!app_trimmed(code, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field 'area': no area with code '%.20s'", code);
	if (cache) {
		slot = code_hash(buf) % CACHE_SLOTS;
		if (cache->area[slot].value && !strcmp(cache->area[slot].code, buf)) {
			*id = cache->area[slot].value;
			return DV_OK;
		}
	}
	ret = area_get(db, &sys, buf, a, &ar, e);
	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EINVAL, "field 'area': no area with code '%s'", buf);
	if (ret)
		return ret;
	if (ar.valid_to)
		return dv_fail(e, DV_EINVAL, "field 'area': area '%s' no longer exists (since %s)",
			       buf, ar.valid_to);
	*id = ar.id;
	if (cache) {
		cache->area[slot].value = ar.id;
		snprintf(cache->area[slot].code, sizeof(cache->area[slot].code), "%s", buf);
	}
	return DV_OK;
}

/* A unit: as the lead it must lie in the caller's subtree; as a participant it must exist. */
static enum dv_err check_unit(struct db *db, const struct scope *sc, struct check_cache *cache,
			      const char *field, int64_t id, bool lead, struct arena *a,
			      struct dv_error *e)
{
	struct scope sys = scope_system();
	struct unit u;
	size_t slot = (size_t)((uint64_t)id % CACHE_SLOTS);
	int64_t want = lead ? 1 : 2;
	enum dv_err ret;

	if (cache && cache->unit[slot].key == id && cache->unit[slot].value &&
	    cache->unit[slot].value <= want)
		return DV_OK;
	ret = unit_get(db, lead ? sc : &sys, id, a, &u, e);
	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EINVAL,
			       lead ? "field '%s': unit #%lld is not in your unit's subtree"
				    : "field '%s': no unit #%lld",
			       field, (long long)id);
	if (ret)
		return ret;
	if (!u.active)
		return dv_fail(e, DV_EINVAL, "field '%s': unit #%lld is disabled", field,
			       (long long)id);
	if (cache) {
		cache->unit[slot].key = id;
		cache->unit[slot].value = want;
	}
	return DV_OK;
}

static enum dv_err check_units(struct db *db, const struct scope *sc, struct check_cache *cache,
			       const char *list, int64_t lead, struct arena *a,
			       struct activity_write *w, struct dv_error *e)
{
	int64_t *ids;
	const char *p = list;
	size_t n = 0, i;

	w->unit_ids = NULL;
	w->n_units = 0;
	if (app_blank(list))
		return DV_OK;
	ids = arena_new_array(a, int64_t, WORK_UNITS_MAX);
	if (!ids)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	while (*p) {
		char buf[24];
		size_t len = strcspn(p, ",; \t");
		int64_t id;
		enum dv_err ret;

		if (!len) {
			p++;
			continue;
		}
		if (len >= sizeof(buf))
			return dv_fail(e, DV_EINVAL, "field 'units' must list unit numbers");
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len;
		ret = app_field_id("units", buf, true, &id, e);
		if (ret)
			return ret;
		if (id == lead)
			continue;
		for (i = 0; i < n && ids[i] != id; i++)
			;
		if (i < n)
			continue;
		if (n == WORK_UNITS_MAX)
			return dv_fail(e, DV_EINVAL, "field 'units' lists more than %d units",
				       WORK_UNITS_MAX);
		ret = check_unit(db, sc, cache, "units", id, false, a, e);
		if (ret)
			return ret;
		ids[n++] = id;
	}
	w->unit_ids = ids;
	w->n_units = n;
	return DV_OK;
}

static enum dv_err check_measures(const struct activity_input *in, const struct activity_type *t,
				  struct arena *a, struct activity_write *w, struct dv_error *e)
{
	struct activity_measure_val *m;
	size_t i, k, n = 0;

	w->measures = NULL;
	w->n_measures = 0;
	if (!in->n_measures)
		return DV_OK;
	if (in->n_measures > WORK_MEASURES_MAX)
		return dv_fail(e, DV_EINVAL, "at most %d measures", WORK_MEASURES_MAX);
	m = arena_new_array(a, struct activity_measure_val, in->n_measures);
	if (!m)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; i < in->n_measures; i++) {
		const struct measure_def *d;
		char code[48];
		double v;
		enum dv_err ret;

		if (app_blank(in->measure_value[i]))
			continue;
		if (!in->measure_code[i] || !app_trimmed(in->measure_code[i], code, sizeof(code)))
			return dv_fail(e, DV_EINVAL, "field 'measures': a measure has no code");
		d = measure_by_code(t, code);
		if (!d)
			return dv_fail(e, DV_EINVAL,
				       "field 'measures': type '%s' has no measure '%s'", t->code,
				       code);
		for (k = 0; k < n; k++)
			if (m[k].measure_id == d->id)
				return dv_fail(e, DV_EINVAL,
					       "field 'measures': measure '%s' is given twice", code);
		{
			struct dv_error me = DV_ERROR_INIT;

			ret = app_field_decimal(code, in->measure_value[i], 1e12, &v, &me);
			if (ret)
				return dv_fail(e, DV_EINVAL, "field 'measures': %s", me.detail);
		}
		m[n].measure_id = d->id;
		m[n].code = d->code;
		m[n].name = d->name;
		m[n].unit_label = d->unit_label;
		m[n].value = v;
		n++;
	}
	w->measures = m;
	w->n_measures = n;
	return DV_OK;
}

static enum dv_err check_with(struct app *app, struct db *db, const struct scope *sc,
			      struct check_cache *cache, const struct activity_input *in,
			      const struct activity_type *types, size_t ntypes, struct arena *a,
			      struct activity_write *w, struct dv_error *e)
{
	const struct activity_type *t;
	char code[48];
	enum dv_err ret;

	(void)app;
	memset(w, 0, sizeof(*w));
	if (app_blank(in->type))
		return dv_fail(e, DV_EINVAL, "field 'type' is required");
	if (!app_trimmed(in->type, code, sizeof(code)) || !(t = activity_type_by_code(types, ntypes, code)))
		return dv_fail(e, DV_EINVAL, "field 'type': no activity type '%.40s'", in->type);
	if (!t->active)
		return dv_fail(e, DV_EINVAL, "field 'type': activity type '%s' is retired", code);
	w->type_id = t->id;
	ret = app_field_id("lead_unit", in->lead_unit, true, &w->lead_unit_id, e);
	if (!ret)
		ret = check_unit(db, sc, cache, "lead_unit", w->lead_unit_id, true, a, e);
	if (!ret)
		ret = check_units(db, sc, cache, in->units, w->lead_unit_id, a, w, e);
	if (!ret)
		ret = check_area(db, cache, in->area, a, &w->area_id, e);
	if (!ret)
		ret = app_field_day("start_on", in->start_on, true, &w->start_on, e);
	if (!ret)
		ret = app_field_day("end_on", in->end_on, false, &w->end_on, e);
	if (ret)
		return ret;
	if (!w->end_on)
		w->end_on = w->start_on;
	if (w->end_on < w->start_on)
		return dv_fail(e, DV_EINVAL, "field 'end_on' is before 'start_on'");
	if (w->start_on < date_from_ymd(2000, 1, 1) || w->end_on > date_from_ymd(2100, 12, 31))
		return dv_fail(e, DV_EINVAL, "field 'start_on' is out of range (2000 to 2100)");
	ret = app_clean_text("title", in->title, WORK_TITLE_MAX, true, a, &w->title, e);
	if (!ret)
		ret = app_clean_long("description", in->description, WORK_TEXT_MAX, false, a,
				     &w->description, e);
	if (!ret)
		ret = app_field_count("participants", in->participants, 1000000, &w->f.participants, e);
	if (!ret)
		ret = app_field_decimal("workdays", in->workdays, 10000000, &w->f.workdays, e);
	if (!ret)
		ret = app_field_count("households", in->households, 10000000, &w->f.households, e);
	if (!ret)
		ret = app_field_count("persons", in->persons, 100000000, &w->f.persons, e);
	if (!ret)
		ret = app_field_count("value_cash", in->value_cash, INT64_C(1000000000000000),
				  &w->f.value_cash, e);
	if (!ret)
		ret = app_field_count("value_kind", in->value_kind, INT64_C(1000000000000000),
				  &w->f.value_kind, e);
	if (!ret)
		ret = app_field_id("working_group", in->working_group, false, &w->working_group_id, e);
	if (!ret && w->working_group_id) {
		struct working_group g;

		ret = working_group_get(db, sc, w->working_group_id, a, &g, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field 'working_group': no working group #%lld",
				      (long long)w->working_group_id);
	}
	if (!ret)
		ret = app_field_id("target", in->target, false, &w->target_id, e);
	if (!ret && w->target_id) {
		ret = plan_target_visible(db, sc, w->target_id, e);
		if (ret == DV_ENOTFOUND)
			ret = dv_refail(e, DV_EINVAL, "field 'target': no plan target #%lld",
				      (long long)w->target_id);
	}
	if (!ret)
		ret = check_measures(in, t, a, w, e);
	if (!ret) {
		w->text_fold = app_fold(a, w->title, w->description);
		if (!w->text_fold)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
	}
	w->user_id = sc->user_id;
	w->now = time_now();
	return ret;
}

enum dv_err app_activity_check(struct app *app, struct db *db, const struct scope *sc,
			       const struct activity_input *in, const struct activity_type *types,
			       size_t ntypes, struct arena *a, struct activity_write *w,
			       struct dv_error *e)
{
	return check_with(app, db, sc, NULL, in, types, ntypes, a, w, e);
}

/* The saved state, for the history: what the activity says, in JSON. */
static char *snapshot_of(const struct activity_write *w, const struct activity_type *types,
			 size_t ntypes)
{
	const struct activity_type *t = activity_type_by_id(types, ntypes, w->type_id);
	json_t *o = json_object(), *units = json_array(), *ms = json_object();
	char start[11], end[11];
	char *out;
	size_t i;

	date_format(w->start_on, start);
	date_format(w->end_on, end);
	for (i = 0; i < w->n_units; i++)
		json_array_append_new(units, json_integer(w->unit_ids[i]));
	for (i = 0; i < w->n_measures; i++)
		json_object_set_new(ms, w->measures[i].code ? w->measures[i].code : "?",
				    json_real(w->measures[i].value));
	json_object_set_new(o, "type", json_string(t ? t->code : ""));
	json_object_set_new(o, "lead_unit", json_integer(w->lead_unit_id));
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "area_id", json_integer(w->area_id));
	json_object_set_new(o, "start_on", json_string(start));
	json_object_set_new(o, "end_on", json_string(end));
	json_object_set_new(o, "title", json_string(w->title));
	json_object_set_new(o, "description", json_string(w->description ? w->description : ""));
	json_object_set_new(o, "participants", json_integer(w->f.participants));
	json_object_set_new(o, "workdays", json_real(w->f.workdays));
	json_object_set_new(o, "households", json_integer(w->f.households));
	json_object_set_new(o, "persons", json_integer(w->f.persons));
	json_object_set_new(o, "value_cash", json_integer(w->f.value_cash));
	json_object_set_new(o, "value_kind", json_integer(w->f.value_kind));
	json_object_set_new(o, "working_group", w->working_group_id
						    ? json_integer(w->working_group_id)
						    : json_null());
	json_object_set_new(o, "target", w->target_id ? json_integer(w->target_id) : json_null());
	json_object_set_new(o, "measures", ms);
	out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return out;
}


/* The lead unit of an existing activity must be in the caller's subtree for changes. */
static enum dv_err lead_in_scope(struct db *db, const struct scope *sc, int64_t unit_id,
				 struct arena *a, struct dv_error *e)
{
	struct unit u;
	enum dv_err ret = unit_get(db, sc, unit_id, a, &u, e);

	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EPERM,
			       "only the lead unit's subtree may change this activity");
	return ret;
}

enum dv_err app_activity_save(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t id, int revision,
			      const struct activity_input *in, int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity_type *types;
	struct activity old;
	struct activity_write w, ow;
	size_t ntypes;
	char *snap = NULL;
	enum dv_err ret;

	if (out_id)
		*out_id = 0;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_WORK_WRITE)) {
		ret = dv_fail(e, DV_EPERM, "your role may not log activities");
		goto out;
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_types_load(db, a, &types, &ntypes, e);
	if (!ret && id) {
		ret = activity_get(db, sc, id, a, &old, e);
		if (!ret)
			ret = lead_in_scope(db, sc, old.lead_unit_id, a, e);
		if (!ret && old.revision != revision)
			ret = dv_fail(e, DV_ECONFLICT,
				      "activity #%lld was changed by someone else meanwhile: reload it",
				      (long long)id);
	}
	if (!ret)
		ret = check_with(app, db, sc, NULL, in, types, ntypes, a, &w, e);
	if (!ret) {
		snap = snapshot_of(&w, types, ntypes);
		if (!snap)
			ret = dv_fail(e, DV_ENOMEM, "out of memory");
	}
	if (!ret && id) {
		activity_as_write(&old, &ow);
		ret = activity_update(db, id, revision, &ow, &w, snap, e);
		if (!ret)
			ret = app_audit(db, sc, actor, "activity.edit", "activity", id, w.title, e);
	} else if (!ret) {
		ret = activity_insert(db, &w, snap, &id, e);
		if (!ret)
			ret = app_audit(db, sc, actor, "activity.create", "activity", id, w.title, e);
	}
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	else if (out_id)
		*out_id = id;
out:
	free(snap);
	arena_free(a);
	return ret;
}

enum dv_err app_activity_delete(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t id, int revision, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity old;
	struct activity_write ow;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_WORK_APPROVE)) {
		arena_free(a);
		return dv_fail(e, DV_EPERM, "only leaders and administrators delete activities");
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_get(db, sc, id, a, &old, e);
	if (!ret)
		ret = lead_in_scope(db, sc, old.lead_unit_id, a, e);
	if (!ret && old.revision != revision)
		ret = dv_fail(e, DV_ECONFLICT,
			      "activity #%lld was changed by someone else meanwhile: reload it",
			      (long long)id);
	if (!ret) {
		activity_as_write(&old, &ow);
		ret = activity_delete(db, id, revision, &ow, sc->user_id, time_now(), e);
	}
	if (!ret)
		ret = app_audit(db, sc, actor, "activity.delete", "activity", id, old.title, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}


enum dv_err app_activity_photo_add(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t activity_id, const void *data,
				   size_t len, const char *caption, int64_t *photo_id,
				   struct dv_error *e)
{
	struct arena *a = arena_new();
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	const char *mime = app_image_type(data, len), *cap = "";
	struct activity x;
	struct activity_photo *photos;
	size_t n;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_WORK_WRITE))
		ret = dv_fail(e, DV_EPERM, "your role may not add photos");
	else if (!len)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' is empty");
	else if (len > PHOTO_MAX_BYTES)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' is larger than %d MiB",
			      PHOTO_MAX_BYTES / (1024 * 1024));
	else if (!mime)
		ret = dv_fail(e, DV_EINVAL, "field 'photo' must be a JPEG, PNG or WebP image");
	else
		ret = app_clean_text("caption", caption, 200, false, a, &cap, e);
	if (ret)
		goto out;
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_get(db, sc, activity_id, a, &x, e);
	if (!ret)
		ret = lead_in_scope(db, sc, x.lead_unit_id, a, e);
	if (!ret)
		ret = activity_photos(db, sc, activity_id, a, &photos, &n, e);
	if (!ret && n >= PHOTOS_PER_ACTIVITY)
		ret = dv_fail(e, DV_ELIMIT, "an activity keeps at most %d photos",
			      PHOTOS_PER_ACTIVITY);
	if (!ret)
		ret = activity_photo_add(db, activity_id, mime, data, len, hex, cap, sc->user_id,
					 time_now(), photo_id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "activity.photo_add", "activity", activity_id, hex, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

enum dv_err app_activity_photo_delete(struct app *app, struct db *db, const struct scope *sc,
				      const char *actor, int64_t photo_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity_photo p;
	struct activity x;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_WORK_WRITE)) {
		arena_free(a);
		return dv_fail(e, DV_EPERM, "your role may not remove photos");
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_photo_get(db, sc, photo_id, a, &p, e);
	if (!ret)
		ret = activity_get(db, sc, p.activity_id, a, &x, e);
	if (!ret)
		ret = lead_in_scope(db, sc, x.lead_unit_id, a, e);
	if (!ret)
		ret = activity_photo_delete(db, photo_id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "activity.photo_delete", "activity", p.activity_id,
				 p.sha256, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

/* ================================================================ import */

const char *const activity_import_columns[] = {
    "type",       "lead_unit",  "units",   "area",     "start_on",   "end_on",
    "title",      "description", "participants", "workdays", "households", "persons",
    "value_cash", "value_kind", "working_group", "target", "measures",
};
const size_t activity_import_ncolumns =
    sizeof(activity_import_columns) / sizeof(activity_import_columns[0]);
const char *const activity_import_titles_vi[] = {
    "Loại hoạt động", "Đơn vị chủ trì", "Đơn vị tham gia", "Mã địa bàn", "Ngày bắt đầu",
    "Ngày kết thúc", "Tên hoạt động", "Mô tả", "Số người tham gia", "Số ngày công",
    "Số hộ được hưởng", "Số người được hưởng", "Giá trị tiền mặt (đồng)",
    "Giá trị hiện vật (đồng)", "Tổ công tác", "Chỉ tiêu", "Kết quả đo",
};
const char *const activity_import_titles_en[] = {
    "Type", "Lead unit", "Participating units", "Area code", "Start date", "End date",
    "Title", "Description", "Participants", "Workdays", "Beneficiary households",
    "Beneficiary persons", "Cash value (VND)", "In-kind value (VND)", "Working group",
    "Plan target", "Measures",
};

enum { COL_MAX = 17 };
#define IMPORT_BATCH 5000
#define REPORT_LINES 1000

void import_report_release(struct import_report *r)
{
	strbuf_release(&r->text);
}

struct importer {
	struct app *app;
	struct db *db;
	const struct scope *sc;
	enum import_mode mode;
	struct arena *types_arena; /* types: for the whole import */
	struct arena *row_arena;   /* one row's strings: reset per row */
	struct activity_type *types;
	size_t ntypes;
	struct check_cache *cache;
	struct work_agg_acc *acc;  /* the rollups, summed per batch */
	int map[COL_MAX];          /* template column -> column in the file (-1: absent) */
	bool have_header;
	bool in_tx;
	int64_t batch;             /* rows written in the open transaction */
	int64_t batch_max;         /* rows a transaction holds */
	struct import_report *rep;
	import_progress_fn progress;
	void *progress_arg;
	enum dv_err fatal;         /* a database failure: stop */
	struct dv_error fatal_e;
};

/* Fold a header title for comparison: no diacritics, lowercase, spaces kept. */
static void title_key(const char *s, struct strbuf *out)
{
	strbuf_reset(out);
	if (utf8_fold(out, s, strlen(s)) < 0)
		strbuf_reset(out);
}

static bool header_row(struct importer *im, const char *const *cells, size_t n)
{
	struct strbuf k = STRBUF_INIT, t = STRBUF_INIT;
	size_t c, i;

	for (i = 0; i < COL_MAX; i++)
		im->map[i] = -1;
	for (c = 0; c < n; c++) {
		if (!cells[c])
			continue;
		title_key(cells[c], &k);
		for (i = 0; i < activity_import_ncolumns; i++) {
			bool same;

			title_key(activity_import_columns[i], &t); /* folding makes '_' a space */
			same = !strcmp(k.buf ? k.buf : "", t.buf ? t.buf : "");
			if (!same) {
				title_key(activity_import_titles_vi[i], &t);
				same = !strcmp(k.buf ? k.buf : "", t.buf ? t.buf : "");
			}
			if (!same) {
				title_key(activity_import_titles_en[i], &t);
				same = !strcmp(k.buf ? k.buf : "", t.buf ? t.buf : "");
			}
			if (same) {
				im->map[i] = (int)c;
				break;
			}
		}
	}
	strbuf_release(&k);
	strbuf_release(&t);
	return im->map[0] >= 0; /* at least the type column */
}

static void report_line(struct importer *im, int64_t row, const char *why)
{
	im->rep->bad++;
	if (im->rep->shown < REPORT_LINES) {
		strbuf_addf(&im->rep->text, "row %lld: %s\n", (long long)row, why);
		im->rep->shown++;
	}
}

/* "code=value; code=value" into the input's measures; false (and a report) when malformed. */
static bool split_measures(const char *s, struct arena *a, struct activity_input *in,
			   const char **why)
{
	const char *p = s;

	in->n_measures = 0;
	if (app_blank(s))
		return true;
	while (*p) {
		size_t len = strcspn(p, ";\n");
		const char *eq = memchr(p, '=', len);

		if (len && !app_blank(arena_strndup(a, p, len))) {
			if (!eq) {
				*why = "field 'measures' must read like 'houses_built=2; road_km=1.5'";
				return false;
			}
			if (in->n_measures == WORK_MEASURES_MAX) {
				*why = "field 'measures' lists too many measures";
				return false;
			}
			in->measure_code[in->n_measures] = arena_strndup(a, p, (size_t)(eq - p));
			in->measure_value[in->n_measures] =
			    arena_strndup(a, eq + 1, len - (size_t)(eq - p) - 1);
			in->n_measures++;
		}
		p += len;
		if (*p)
			p++;
	}
	return true;
}

/* Excel stores dates as serial numbers: give them back as YYYY-MM-DD. */
static const char *day_cell(const char *s, struct arena *a)
{
	int y, m, d;

	if (s && *s && strspn(s, "0123456789.") == strlen(s) && xlsx_serial_date(s, &y, &m, &d))
		return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return s;
}

static enum dv_err flush(struct importer *im, bool end)
{
	struct dv_error e = DV_ERROR_INIT;

	if (!im->in_tx)
		return DV_OK;
	if (im->mode == IMPORT_ALL_OR_NOTHING && !end)
		return DV_OK;
	if (im->mode == IMPORT_ALL_OR_NOTHING && im->rep->bad) {
		db_rollback(im->db);
		work_agg_acc_reset(im->acc);
		im->in_tx = false;
		im->rep->written = 0;
		return DV_OK;
	}
	if (work_agg_flush(im->acc, im->db, &e) || db_commit(im->db, &e)) {
		db_rollback(im->db);
		work_agg_acc_reset(im->acc);
		im->in_tx = false;
		im->fatal = e.code;
		im->fatal_e = e;
		im->rep->written -= im->batch;
		return e.code;
	}
	im->in_tx = false;
	im->batch = 0;
	return DV_OK;
}

static void import_one(struct importer *im, int64_t row, const char *const *cells, size_t n)
{
	struct dv_error e = DV_ERROR_INIT;
	struct activity_input in;
	struct activity_write w;
	const char *why = NULL;
	const char *v[COL_MAX];
	char *snap;
	size_t i;

	for (i = 0; i < COL_MAX; i++)
		v[i] = im->map[i] >= 0 && (size_t)im->map[i] < n ? cells[im->map[i]] : NULL;
	for (i = 0; i < COL_MAX && app_blank(v[i]); i++)
		;
	if (i == COL_MAX)
		return; /* an empty row */
	im->rep->rows++;
	arena_reset(im->row_arena);
	memset(&in, 0, sizeof(in));
	in.type = v[0];
	in.lead_unit = v[1];
	in.units = v[2];
	in.area = v[3];
	in.start_on = day_cell(v[4], im->row_arena);
	in.end_on = day_cell(v[5], im->row_arena);
	in.title = v[6];
	in.description = v[7];
	in.participants = v[8];
	in.workdays = v[9];
	in.households = v[10];
	in.persons = v[11];
	in.value_cash = v[12];
	in.value_kind = v[13];
	in.working_group = v[14];
	in.target = v[15];
	if (!split_measures(v[16], im->row_arena, &in, &why)) {
		report_line(im, row, why);
		return;
	}
	if (!im->in_tx) {
		if (db_begin(im->db, DB_TX_WRITE, &e)) {
			im->fatal = e.code;
			im->fatal_e = e;
			return;
		}
		im->in_tx = true;
	}
	if (check_with(im->app, im->db, im->sc, im->cache, &in, im->types, im->ntypes,
		       im->row_arena, &w, &e)) {
		if (e.code == DV_EINVAL) {
			report_line(im, row, e.detail);
			return;
		}
		im->fatal = e.code;
		im->fatal_e = e;
		return;
	}
	if (im->mode == IMPORT_ALL_OR_NOTHING && im->rep->bad)
		return; /* nothing will be written: checking is enough */
	snap = snapshot_of(&w, im->types, im->ntypes);
	if (!snap || activity_insert_acc(im->db, &w, snap, im->acc, NULL, &e)) {
		free(snap);
		im->fatal = snap ? e.code : DV_ENOMEM;
		im->fatal_e = e;
		return;
	}
	free(snap);
	im->rep->written++;
	im->batch++;
	if (im->batch >= im->batch_max)
		flush(im, false);
	if (im->progress && im->rep->rows % 10000 == 0)
		im->progress(im->progress_arg, im->rep->rows, im->rep->written);
}

static int on_row(void *arg, unsigned row, const char *const *cells, size_t n)
{
	struct importer *im = arg;

	if (im->fatal)
		return 1;
	if (!im->have_header) {
		if (!header_row(im, cells, n)) {
			im->fatal = DV_EINVAL;
			dv_fail(&im->fatal_e, DV_EINVAL,
				"row %u: the first row must name the columns of the template "
				"(at least 'type')",
				row);
			return 1;
		}
		im->have_header = true;
		return 0;
	}
	import_one(im, row, cells, n);
	return im->fatal ? 1 : 0;
}

static enum dv_err import_begin(struct importer *im, struct app *app, struct db *db,
				const struct scope *sc, enum import_mode mode,
				import_progress_fn progress, void *arg, struct import_report *rep,
				struct dv_error *e)
{
	enum dv_err ret;

	memset(im, 0, sizeof(*im));
	memset(rep, 0, sizeof(*rep));
	im->app = app;
	im->db = db;
	im->sc = sc;
	im->mode = mode;
	im->rep = rep;
	im->progress = progress;
	im->progress_arg = arg;
	im->batch_max = IMPORT_BATCH;
	if (!scope_can(sc, PERM_WORK_WRITE))
		return dv_fail(e, DV_EPERM, "your role may not import activities");
	im->types_arena = arena_new();
	im->row_arena = arena_new();
	im->cache = calloc(1, sizeof(*im->cache));
	if (!im->types_arena || !im->row_arena || !im->cache)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = db_begin(db, DB_TX_READ, e);
	if (!ret) {
		ret = activity_types_load(db, im->types_arena, &im->types, &im->ntypes, e);
		if (!ret)
			ret = work_agg_acc_new(db, &im->acc, e);
		db_rollback(db);
	}
	return ret;
}

static enum dv_err import_end(struct importer *im, const char *actor, enum dv_err ret,
			      struct dv_error *e)
{
	struct dv_error ae = DV_ERROR_INIT;

	if (!ret && im->fatal) {
		ret = im->fatal;
		if (e)
			*e = im->fatal_e;
	}
	if (!ret)
		ret = flush(im, true);
	if (ret && im->in_tx) {
		db_rollback(im->db);
		if (im->acc)
			work_agg_acc_reset(im->acc);
		im->rep->written -= im->batch;
		if (im->mode == IMPORT_ALL_OR_NOTHING)
			im->rep->written = 0;
	}
	if (ret == DV_EDB && e && im->fatal == DV_EDB)
		*e = im->fatal_e;
	/* one audit record for the whole import */
	if (im->rep->written && !db_begin(im->db, DB_TX_WRITE, &ae)) {
		char detail[96];

		snprintf(detail, sizeof(detail), "%lld rows, %lld written, %lld refused",
			 (long long)im->rep->rows, (long long)im->rep->written,
			 (long long)im->rep->bad);
		if (app_audit(im->db, im->sc, actor, "activity.import", "activity", 0, detail, &ae) ||
		    db_commit(im->db, &ae))
			db_rollback(im->db);
	}
	arena_free(im->types_arena);
	arena_free(im->row_arena);
	free(im->cache);
	work_agg_acc_free(im->acc);
	if (!ret && im->rep->bad)
		ret = dv_fail(e, DV_EINVAL, "%lld of %lld rows were refused%s",
			      (long long)im->rep->bad, (long long)im->rep->rows,
			      im->mode == IMPORT_ALL_OR_NOTHING ? ": nothing was written" : "");
	return ret;
}

enum dv_err app_activity_import(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, const void *data, size_t len,
				enum import_mode mode, import_progress_fn progress, void *arg,
				struct import_report *report, struct dv_error *e)
{
	struct importer im;
	enum dv_err ret = import_begin(&im, app, db, sc, mode, progress, arg, report, e);

	if (!ret) {
		/* the defaults: the first sheet, 64 columns, 1,000,000 rows, 32 KiB a cell */
		if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
			ret = xlsx_read(data, len, NULL, on_row, &im, e);
		else
			ret = csv_read(data, len, NULL, on_row, &im, e);
		/* a stop asked by on_row is reported through im.fatal */
		if (ret && im.fatal)
			ret = DV_OK;
		/* a file past a reader's limit (rows, cell size) is bad input, not a rate limit */
		if (ret == DV_ELIMIT) {
			ret = DV_EINVAL;
			if (e)
				e->code = DV_EINVAL;
		}
		if (!ret && !im.have_header && !im.fatal)
			ret = dv_fail(e, DV_EINVAL, "the file has no rows");
	}
	return import_end(&im, actor, ret, e);
}

enum dv_err app_activity_import_rows(struct app *app, struct db *db, const struct scope *sc,
				     const char *actor, import_next_fn next, void *next_arg,
				     enum import_mode mode, size_t batch, import_progress_fn progress,
				     void *arg, struct import_report *report, struct dv_error *e)
{
	struct importer im;
	const char *cells[COL_MAX];
	int64_t i;
	size_t c;
	enum dv_err ret = import_begin(&im, app, db, sc, mode, progress, arg, report, e);

	if (!ret) {
		if (batch)
			im.batch_max = (int64_t)batch;
		for (c = 0; c < COL_MAX; c++)
			im.map[c] = (int)c;
		im.have_header = true;
		for (i = 0; !im.fatal; i++) {
			memset(cells, 0, sizeof(cells));
			if (!next(next_arg, i, cells))
				break;
			import_one(&im, i + 2, cells, COL_MAX);
		}
	}
	return import_end(&im, actor, ret, e);
}

/* ================================================================ twinning and groups */

static enum dv_err unit_field(struct db *db, const struct scope *sc, const char *field,
			      const char *text, struct arena *a, int64_t *id, struct dv_error *e)
{
	enum dv_err ret = app_field_id(field, text, true, id, e);

	if (!ret)
		ret = check_unit(db, sc, NULL, field, *id, true, a, e);
	return ret;
}

enum dv_err app_twinning_save(struct app *app, struct db *db, const struct scope *sc,
			      const char *actor, int64_t id, const struct twinning_input *in,
			      int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct twinning t, old;
	char status[16] = "active";
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&t, 0, sizeof(t));
	if (!scope_can(sc, PERM_WORK_WRITE)) {
		arena_free(a);
		return dv_fail(e, DV_EPERM, "your role may not record twinning");
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	if (id) {
		ret = twinning_get(db, sc, id, a, &old, e);
		if (!ret)
			ret = lead_in_scope(db, sc, old.unit_id, a, e);
		t.id = id;
		t.unit_id = old.unit_id;
		t.area_id = old.area_id;
	} else {
		ret = unit_field(db, sc, "unit", in->unit, a, &t.unit_id, e);
		if (!ret)
			ret = check_area(db, NULL, in->area, a, &t.area_id, e);
	}
	if (!ret)
		ret = app_clean_text("purpose", in->purpose, 500, true, a, &t.purpose, e);
	if (!ret && !app_blank(in->status) &&
	    (!app_trimmed(in->status, status, sizeof(status)) ||
	     !twinning_status_parse(status, &t.status)))
		ret = dv_fail(e, DV_EINVAL, "field 'status' must be planned, active or ended");
	else if (!ret && app_blank(in->status))
		t.status = TWIN_ACTIVE;
	if (!ret)
		ret = app_field_day("start_on", in->start_on, true, &t.start_on, e);
	if (!ret)
		ret = app_field_day("end_on", in->end_on, false, &t.end_on, e);
	if (!ret && t.end_on && t.end_on < t.start_on)
		ret = dv_fail(e, DV_EINVAL, "field 'end_on' is before 'start_on'");
	if (!ret && id)
		ret = twinning_update(db, &t, time_now(), e);
	else if (!ret)
		ret = twinning_insert(db, &t, sc->user_id, time_now(), &id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, t.id ? "twinning.edit" : "twinning.create",
				 "twinning", id, t.purpose, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	else if (out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

enum dv_err app_group_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, int64_t id, const struct group_input *in,
			   int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct working_group g, old;
	const char *fold_key;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&g, 0, sizeof(g));
	if (!scope_can(sc, PERM_WORK_WRITE)) {
		arena_free(a);
		return dv_fail(e, DV_EPERM, "your role may not deploy working groups");
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	if (id) {
		ret = working_group_get(db, sc, id, a, &old, e);
		if (!ret)
			ret = lead_in_scope(db, sc, old.unit_id, a, e);
		g.id = id;
		g.unit_id = old.unit_id;
	} else {
		ret = unit_field(db, sc, "unit", in->unit, a, &g.unit_id, e);
	}
	if (!ret)
		ret = check_area(db, NULL, in->area, a, &g.area_id, e);
	if (!ret)
		ret = app_clean_text("name", in->name, WORK_TITLE_MAX, true, a, &g.name, e);
	if (!ret)
		ret = app_clean_long("tasks", in->tasks, WORK_TEXT_MAX, false, a, &g.tasks, e);
	if (!ret)
		ret = app_field_day("start_on", in->start_on, true, &g.start_on, e);
	if (!ret)
		ret = app_field_day("end_on", in->end_on, false, &g.end_on, e);
	if (!ret && g.end_on && g.end_on < g.start_on)
		ret = dv_fail(e, DV_EINVAL, "field 'end_on' is before 'start_on'");
	if (!ret)
		ret = app_field_count("members", in->members, 10000, &g.members, e);
	if (!ret && g.members < 1)
		ret = dv_fail(e, DV_EINVAL, "field 'members' must be at least 1");
	fold_key = ret ? NULL : app_fold(a, g.name, "");
	if (!ret && !fold_key)
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	if (!ret && id)
		ret = working_group_update(db, &g, fold_key, time_now(), e);
	else if (!ret)
		ret = working_group_insert(db, &g, fold_key, sc->user_id, time_now(), &id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, g.id ? "group.edit" : "group.create",
				 "working_group", id, g.name, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	else if (out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

/* ================================================================ plans */

enum dv_err app_plan_create(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const struct plan_input *in, int64_t *out_id,
			    struct dv_error *e)
{
	struct arena *a = arena_new();
	struct plan p;
	int64_t year = 0, quarter = 0, id = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&p, 0, sizeof(p));
	if (!scope_can(sc, PERM_WORK_WRITE)) {
		arena_free(a);
		return dv_fail(e, DV_EPERM, "your role may not make plans");
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = unit_field(db, sc, "unit", in->unit, a, &p.unit_id, e);
	if (!ret)
		ret = app_field_count("year", in->year, 2100, &year, e);
	if (!ret && year < 2000)
		ret = dv_fail(e, DV_EINVAL, "field 'year' must be between 2000 and 2100");
	if (!ret)
		ret = app_field_count("quarter", in->quarter, 4, &quarter, e);
	if (!ret)
		ret = app_clean_text("title", in->title, WORK_TITLE_MAX, true, a, &p.title, e);
	if (!ret)
		ret = app_clean_long("note", in->note, WORK_TEXT_MAX, false, a, &p.note, e);
	p.year = (int)year;
	p.quarter = (int)quarter;
	if (!ret)
		ret = plan_insert(db, &p, sc->user_id, time_now(), &id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "plan.create", "plan", id, p.title, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	else if (out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

/* A plan the caller's own unit subtree owns and may still change. */
static enum dv_err plan_editable(struct db *db, const struct scope *sc, int64_t id,
				 struct arena *a, struct plan *p, struct dv_error *e)
{
	enum dv_err ret = plan_get(db, sc, id, a, p, e);

	if (!ret && !scope_can(sc, PERM_WORK_WRITE))
		ret = dv_fail(e, DV_EPERM, "your role may not change plans");
	if (!ret && p->status != PLAN_DRAFT && p->status != PLAN_RETURNED)
		ret = dv_fail(e, DV_ECONFLICT, "plan #%lld is %s: its targets no longer change",
			      (long long)id, plan_status_name(p->status));
	return ret;
}

enum dv_err app_plan_target_add(struct app *app, struct db *db, const struct scope *sc,
				const char *actor, int64_t plan_id, const struct target_input *in,
				int64_t *out_id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity_type *types;
	const struct activity_type *type = NULL;
	struct plan p;
	struct plan_target t;
	size_t ntypes;
	char code[48];
	int64_t id = 0;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&t, 0, sizeof(t));
	t.plan_id = plan_id;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = plan_editable(db, sc, plan_id, a, &p, e);
	if (!ret)
		ret = activity_types_load(db, a, &types, &ntypes, e);
	if (!ret && (app_blank(in->indicator) || !app_trimmed(in->indicator, code, sizeof(code)) ||
		     !indicator_parse(code, &t.indicator)))
		ret = dv_fail(e, DV_EINVAL,
			      "field 'indicator' must be activities, households, persons, workdays, "
			      "value, measure or cases_on_time");
	if (!ret && !app_blank(in->type)) {
		if (!app_trimmed(in->type, code, sizeof(code)) ||
		    !(type = activity_type_by_code(types, ntypes, code)))
			ret = dv_fail(e, DV_EINVAL, "field 'type': no activity type '%.40s'",
				      in->type);
		else
			t.type_id = type->id;
	}
	if (!ret && t.indicator == IND_MEASURE) {
		const struct measure_def *m;

		if (!type)
			ret = dv_fail(e, DV_EINVAL, "a measure target needs field 'type'");
		else if (app_blank(in->measure) || !app_trimmed(in->measure, code, sizeof(code)) ||
			 !(m = measure_by_code(type, code)))
			ret = dv_fail(e, DV_EINVAL, "field 'measure': type '%s' has no measure '%.40s'",
				      type->code, in->measure ? in->measure : "");
		else
			t.measure_id = m->id;
	} else if (!ret && !app_blank(in->measure)) {
		ret = dv_fail(e, DV_EINVAL, "field 'measure' is for the indicator 'measure' only");
	}
	if (!ret && t.indicator == IND_CASES_ON_TIME && type)
		ret = dv_fail(e, DV_EINVAL, "field 'type' does not apply to cases settled on time");
	if (!ret && !app_blank(in->area))
		ret = check_area(db, NULL, in->area, a, &t.area_id, e);
	if (!ret)
		ret = app_field_decimal("value", in->value, 1e15, &t.target_value, e);
	if (!ret && !(t.target_value > 0))
		ret = dv_fail(e, DV_EINVAL, "field 'value' must be more than 0");
	if (!ret)
		ret = app_clean_text("label", in->label, WORK_TITLE_MAX, false, a, &t.label, e);
	if (!ret)
		ret = plan_target_insert(db, &t, &id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "plan.target_add", "plan", plan_id,
				 indicator_name(t.indicator), e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	else if (out_id)
		*out_id = id;
out:
	arena_free(a);
	return ret;
}

enum dv_err app_plan_target_remove(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, int64_t plan_id, int64_t target_id,
				   struct dv_error *e)
{
	struct arena *a = arena_new();
	struct plan p;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = plan_editable(db, sc, plan_id, a, &p, e);
	if (!ret)
		ret = plan_target_delete(db, plan_id, target_id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "plan.target_remove", "plan", plan_id, "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

/* The caller's unit is a strict ancestor of `unit_id` (a superior of the plan's unit). */
static enum dv_err superior_of(struct db *db, const struct scope *sc, int64_t unit_id,
			       struct arena *a, bool *yes, struct dv_error *e)
{
	struct unit u;
	enum dv_err ret;

	*yes = false;
	if (sc->system) {
		*yes = true;
		return DV_OK;
	}
	if (sc->unit_id == unit_id)
		return DV_OK;
	ret = unit_get(db, sc, unit_id, a, &u, e);
	if (ret == DV_ENOTFOUND) {
		dv_error_clear(e);
		return DV_OK;
	}
	if (!ret)
		*yes = true;
	return ret;
}

enum dv_err app_plan_act(struct app *app, struct db *db, const struct scope *sc,
			 const char *actor, int64_t plan_id, const char *action, const char *note,
			 struct dv_error *e)
{
	struct arena *a = arena_new();
	struct plan_target *targets;
	struct plan p;
	const char *clean = "";
	enum plan_status to;
	size_t nt;
	bool superior = false;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = app_clean_long("note", note, WORK_TEXT_MAX, false, a, &clean, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = plan_get(db, sc, plan_id, a, &p, e);
	if (!ret)
		ret = superior_of(db, sc, p.unit_id, a, &superior, e);
	if (ret)
		goto cleanup;
	if (action && !strcmp(action, "submit")) {
		if (!scope_can(sc, PERM_WORK_WRITE))
			ret = dv_fail(e, DV_EPERM, "your role may not submit plans");
		else if (p.status != PLAN_DRAFT && p.status != PLAN_RETURNED)
			ret = dv_fail(e, DV_ECONFLICT, "plan #%lld is %s: only a draft is submitted",
				      (long long)plan_id, plan_status_name(p.status));
		if (!ret)
			ret = plan_targets(db, &p, 0, a, &targets, &nt, e);
		if (!ret && !nt)
			ret = dv_fail(e, DV_EINVAL, "a plan needs at least one target to be submitted");
		to = PLAN_SUBMITTED;
	} else if (action && (!strcmp(action, "approve") || !strcmp(action, "return"))) {
		to = action[0] == 'a' ? PLAN_APPROVED : PLAN_RETURNED;
		if (!scope_can(sc, PERM_WORK_APPROVE) || !superior)
			ret = dv_fail(e, DV_EPERM,
				      "only a leader of a superior unit approves or returns a plan");
		else if (p.status != PLAN_SUBMITTED)
			ret = dv_fail(e, DV_ECONFLICT, "plan #%lld is %s: only a submitted plan is %s",
				      (long long)plan_id, plan_status_name(p.status),
				      to == PLAN_APPROVED ? "approved" : "returned");
		else if (to == PLAN_RETURNED && !*clean)
			ret = dv_fail(e, DV_EINVAL, "field 'note' must say why the plan is returned");
	} else {
		ret = dv_fail(e, DV_EINVAL, "action '%.20s' is not submit, approve or return",
			      action ? action : "");
		to = PLAN_DRAFT;
	}
	if (!ret)
		ret = plan_set_status(db, plan_id, p.status, to, sc->user_id, time_now(), clean, e);
	if (!ret)
		ret = app_audit(db, sc, actor, arena_printf(a, "plan.%s", action), "plan", plan_id,
				 clean, e);
	if (!ret)
		ret = db_commit(db, e);
cleanup:
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

void plan_project(double done, double target, dv_date first, dv_date last, dv_date today,
		  double *percent, double *projected)
{
	double days = (double)(last - first + 1), elapsed = (double)(today - first + 1);

	*percent = target > 0 ? done * 100.0 / target : 0;
	if (today >= last || elapsed >= days)
		*projected = done;
	else if (today < first || elapsed <= 0)
		*projected = 0;
	else
		*projected = done * days / elapsed;
}

enum dv_err app_plan_view(struct app *app, struct db *db, const struct scope *sc, int64_t id,
			  dv_date today, struct arena *a, struct plan_view *out,
			  struct dv_error *e)
{
	struct plan_target *t;
	size_t n, i;
	bool mine, superior = false;
	enum dv_err ret;

	(void)app;
	memset(out, 0, sizeof(*out));
	mine = !db_in_tx(db);
	if (mine && (ret = db_begin(db, DB_TX_READ, e)))
		return ret;
	ret = plan_get(db, sc, id, a, &out->p, e);
	if (!ret)
		ret = plan_targets(db, &out->p, today, a, &t, &n, e);
	if (!ret)
		ret = superior_of(db, sc, out->p.unit_id, a, &superior, e);
	if (mine)
		db_rollback(db);
	if (ret)
		return ret;
	plan_period(&out->p, &out->first, &out->last);
	out->targets = arena_new_array(a, struct target_progress, n ? n : 1);
	if (!out->targets)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		out->targets[i].t = t[i];
		plan_project(t[i].done, t[i].target_value, out->first, out->last, today,
			     &out->targets[i].percent, &out->targets[i].projected);
	}
	out->n_targets = n;
	out->can_edit = scope_can(sc, PERM_WORK_WRITE) &&
			(out->p.status == PLAN_DRAFT || out->p.status == PLAN_RETURNED);
	out->can_submit = out->can_edit && n > 0;
	out->can_decide = scope_can(sc, PERM_WORK_APPROVE) && superior &&
			  out->p.status == PLAN_SUBMITTED;
	return DV_OK;
}

/* ================================================================ types */

enum dv_err app_activity_types(struct app *app, struct db *db, struct arena *a,
			       struct activity_type **out, size_t *n, struct dv_error *e)
{
	bool mine = !db_in_tx(db);
	enum dv_err ret;

	(void)app;
	if (mine && (ret = db_begin(db, DB_TX_READ, e)))
		return ret;
	ret = activity_types_load(db, a, out, n, e);
	if (mine)
		db_rollback(db);
	return ret;
}

static bool code_ok(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

enum dv_err app_activity_type_add(struct app *app, struct db *db, const struct scope *sc,
				  const char *actor, const char *code, const char *name,
				  const char *name_en, int64_t *id, struct dv_error *e)
{
	struct arena *a = arena_new();
	const char *n = NULL, *n_en = NULL;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_CONFIG_WRITE))
		ret = dv_fail(e, DV_EPERM, "only administrators change activity types");
	else if (!code_ok(code))
		ret = dv_fail(e, DV_EINVAL,
			      "field 'code' must be lowercase letters, digits and '_' (at most 40)");
	else
		ret = app_clean_text("name", name, 120, true, a, &n, e);
	if (!ret)
		ret = app_clean_text("name_en", name_en, 120, true, a, &n_en, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_type_add(db, code, n, n_en, 500, id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "activity_type.create", "activity_type",
				 id ? *id : 0, code, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

enum dv_err app_measure_add(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *type_code, const char *code,
			    const char *name, const char *name_en, const char *unit_label,
			    const char *unit_label_en, int64_t *id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct activity_type *types;
	const struct activity_type *t;
	const char *n = NULL, *n_en = NULL, *u = NULL, *u_en = NULL;
	size_t ntypes;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	if (!scope_can(sc, PERM_CONFIG_WRITE))
		ret = dv_fail(e, DV_EPERM, "only administrators change activity types");
	else if (!code_ok(code))
		ret = dv_fail(e, DV_EINVAL,
			      "field 'code' must be lowercase letters, digits and '_' (at most 40)");
	else
		ret = app_clean_text("name", name, 120, true, a, &n, e);
	if (!ret)
		ret = app_clean_text("name_en", name_en, 120, true, a, &n_en, e);
	if (!ret)
		ret = app_clean_text("unit_label", unit_label, 30, true, a, &u, e);
	if (!ret)
		ret = app_clean_text("unit_label_en", unit_label_en, 30, true, a, &u_en, e);
	if (ret)
		goto out;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto out;
	ret = activity_types_load(db, a, &types, &ntypes, e);
	if (!ret && !(t = activity_type_by_code(types, ntypes, type_code)))
		ret = dv_fail(e, DV_EINVAL, "field 'type': no activity type '%.40s'",
			      type_code ? type_code : "");
	if (!ret)
		ret = measure_def_add(db, t->id, code, n, n_en, u, u_en, id, e);
	if (!ret)
		ret = app_audit(db, sc, actor, "activity_type.measure_add", "activity_type", t->id,
				 code, e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
out:
	arena_free(a);
	return ret;
}

static void month_text(dv_date d, char out[8])
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	snprintf(out, 8, "%04d-%02d", y, m);
}

bool work_month_parse(const char *s, bool end, char out[8])
{
	int y, m = 0, n = 0;
	dv_date d;

	if (!s || !*s)
		return false;
	if (date_parse(s, &d)) {
		month_text(d, out);
		return true;
	}
	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && !s[n] && strlen(s) == 7 && m >= 1 &&
	    m <= 12 && y >= 2000 && y <= 2100) {
		snprintf(out, 8, "%04d-%02d", y, m);
		return true;
	}
	if (sscanf(s, "%4d%n", &y, &n) == 1 && !s[n] && strlen(s) == 4 && y >= 2000 && y <= 2100) {
		snprintf(out, 8, "%04d-%02d", y, end ? 12 : 1);
		return true;
	}
	return false;
}
