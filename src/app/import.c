/* import.c: checks the official area files completely, then writes them in one transaction. */
#include "app/import.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/audit.h"

#include "base/banned.h"

#define FIELD_MAX 200 /* bytes; the longest official full name is about 40 */

/* One area read from the JSON, with its centroid from the CSV when there is one. */
struct row {
	char code[8];
	char parent[8];
	int level;
	const char *kind, *kind_en, *name, *name_en, *full_name, *full_name_en; /* in the JSON */
	bool has_centroid;
	double lat, lon, area_km2;
};

struct rows {
	struct row *v;
	size_t n, alloc;
	size_t provinces;
};

bool import_code_listed(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;

	if (!list)
		return true;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && !memcmp(p, code, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A required, single-line string field of at most FIELD_MAX bytes. */
static enum dv_err get_text(json_t *obj, const char *field, const char *where, const char **out,
                            struct dv_error *e)
{
	json_t *v = json_object_get(obj, field);
	const char *s;
	size_t i, len;

	if (!json_is_string(v))
		return dv_fail(e, DV_EINVAL, "%s: field '%s' is missing or not a string", where,
		               field);
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0)
		return dv_fail(e, DV_EINVAL, "%s: field '%s' is empty", where, field);
	if (len > FIELD_MAX || strlen(s) != len)
		return dv_fail(e, DV_EINVAL, "%s: field '%s' is too long or holds a NUL", where,
		               field);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			return dv_fail(e, DV_EINVAL, "%s: field '%s' holds a control character",
			               where, field);
	*out = s;
	return DV_OK;
}

static enum dv_err push(struct rows *r, struct row **out, struct dv_error *e)
{
	if (r->n == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 4096;
		struct row *nv = realloc(r->v, na * sizeof(*nv));

		if (!nv)
			return dv_fail(e, DV_ENOMEM, "out of memory reading areas");
		r->v = nv;
		r->alloc = na;
	}
	*out = &r->v[r->n++];
	memset(*out, 0, sizeof(**out));
	return DV_OK;
}

/* Fill the names and kind shared by provinces and communes. */
static enum dv_err read_names(json_t *o, const char *where, struct row *row, struct dv_error *e)
{
	enum dv_err ret;

	if ((ret = get_text(o, "Name", where, &row->name, e)) ||
	    (ret = get_text(o, "NameEn", where, &row->name_en, e)) ||
	    (ret = get_text(o, "FullName", where, &row->full_name, e)) ||
	    (ret = get_text(o, "FullNameEn", where, &row->full_name_en, e)) ||
	    (ret = get_text(o, "AdministrativeUnitShortName", where, &row->kind, e)) ||
	    (ret = get_text(o, "AdministrativeUnitShortNameEn", where, &row->kind_en, e)))
		return ret;
	if (!json_is_integer(json_object_get(o, "AdministrativeUnitId")))
		return dv_fail(e, DV_EINVAL,
		               "%s: field 'AdministrativeUnitId' is missing or not a number",
		               where);
	return DV_OK;
}

static enum dv_err read_json(json_t *root, const char *path, const char *only, struct rows *r,
                             struct dv_error *e)
{
	size_t i, j;
	json_t *prov, *ward;
	char where[256];
	enum dv_err ret;

	if (!json_is_array(root) || json_array_size(root) == 0)
		return dv_fail(e, DV_EINVAL, "%s: expected a non-empty array of provinces", path);
	json_array_foreach(root, i, prov)
	{
		const char *pcode;
		json_t *wards;
		struct row *row;

		snprintf(where, sizeof(where), "%s: province #%zu", path, i + 1);
		if (!json_is_object(prov))
			return dv_fail(e, DV_EINVAL, "%s: expected an object", where);
		if ((ret = get_text(prov, "Code", where, &pcode, e)))
			return ret;
		if (!all_digits(pcode, 2))
			return dv_fail(e, DV_EINVAL, "%s: field 'Code' is '%s', expected 2 digits",
			               where, pcode);
		snprintf(where, sizeof(where), "%s: province #%zu (code '%s')", path, i + 1, pcode);
		wards = json_object_get(prov, "Wards");
		if (!json_is_array(wards))
			return dv_fail(e, DV_EINVAL, "%s: field 'Wards' is missing or not an array",
			               where);
		/* Check every row, even of provinces left out, so a bad file is always refused. */
		if ((ret = push(r, &row, e)))
			return ret;
		memcpy(row->code, pcode, 3);
		memcpy(row->parent, "VN", 3);
		row->level = AREA_PROVINCE;
		if ((ret = read_names(prov, where, row, e)))
			return ret;
		if (!import_code_listed(only, pcode))
			r->n--;
		else
			r->provinces++;
		json_array_foreach(wards, j, ward)
		{
			const char *wcode, *wprov;
			json_t *pc;

			snprintf(where, sizeof(where), "%s: province '%s', ward #%zu", path, pcode,
			         j + 1);
			if (!json_is_object(ward))
				return dv_fail(e, DV_EINVAL, "%s: expected an object", where);
			if ((ret = get_text(ward, "Code", where, &wcode, e)))
				return ret;
			if (!all_digits(wcode, 5))
				return dv_fail(e, DV_EINVAL,
				               "%s: field 'Code' is '%s', expected 5 digits", where,
				               wcode);
			snprintf(where, sizeof(where), "%s: province '%s', ward #%zu (code '%s')",
			         path, pcode, j + 1, wcode);
			pc = json_object_get(ward, "ProvinceCode");
			if (pc) {
				if ((ret = get_text(ward, "ProvinceCode", where, &wprov, e)))
					return ret;
				if (strcmp(wprov, pcode))
					return dv_fail(
					    e, DV_EINVAL,
					    "%s: field 'ProvinceCode' is '%s' but the ward "
					    "is listed under province '%s'",
					    where, wprov, pcode);
			}
			if ((ret = push(r, &row, e)))
				return ret;
			memcpy(row->code, wcode, 6);
			memcpy(row->parent, pcode, 3);
			row->level = AREA_COMMUNE;
			if ((ret = read_names(ward, where, row, e)))
				return ret;
			if (!import_code_listed(only, pcode))
				r->n--;
		}
	}
	if (r->provinces == 0)
		return dv_fail(e, DV_EINVAL, "%s: none of the provinces '%s' is in the file", path,
		               only ? only : "");
	return DV_OK;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->code, ((const struct row *)b)->code);
}

/* Look up a code in rows sorted by code. */
static struct row *lookup(struct row *sorted, size_t n, const char *code)
{
	struct row key;

	memset(&key, 0, sizeof(key));
	snprintf(key.code, sizeof(key.code), "%s", code);
	return bsearch(&key, sorted, n, sizeof(*sorted), cmp_code);
}

static bool parse_double(const char *s, double *out)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return !*end && !errno;
}

/* Split a CSV line without quoting (the centroid file has none) into exactly 5 fields. */
static int split5(char *line, char *f[5])
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *c = strchr(p, ',');

		if (n == 5)
			return -1;
		f[n++] = p;
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

/*
 * Read the centroid CSV and attach each centroid to its commune in `sorted` (a copy of the rows
 * sorted by code), which is then copied back by the caller. Rows of provinces left out are
 * skipped; rows of unknown communes are errors.
 */
static enum dv_err read_csv(const char *path, const char *only, struct row *sorted, size_t n,
                            int64_t *count, struct dv_error *e)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned lineno = 0;
	enum dv_err ret = DV_OK;

	if (!f)
		return dv_fail(e, DV_EIO, "cannot read centroid file '%s': %s", path,
		               strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *fld[5];
		size_t len = strlen(line);
		struct row *row;
		double lon, lat, km2;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "ward_code,province_code,lon,lat,area_km2")) {
				ret = dv_fail(e, DV_EINVAL,
				              "%s:1: expected the header "
				              "'ward_code,province_code,lon,lat,area_km2'",
				              path);
				goto cleanup;
			}
			continue;
		}
		if (!len)
			continue;
		if (split5(line, fld) != 5) {
			ret = dv_fail(e, DV_EINVAL, "%s:%u: expected 5 comma-separated fields",
			              path, lineno);
			goto cleanup;
		}
		if (!all_digits(fld[0], 5)) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'ward_code' is '%s', expected 5 "
			              "digits",
			              path, lineno, fld[0]);
			goto cleanup;
		}
		if (!all_digits(fld[1], 2)) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'province_code' is '%s', expected "
			              "2 digits",
			              path, lineno, fld[1]);
			goto cleanup;
		}
		if (!parse_double(fld[2], &lon) || lon < 100 || lon > 120) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'lon' is '%s', expected a "
			              "longitude in Viet Nam (100 to 120)",
			              path, lineno, fld[2]);
			goto cleanup;
		}
		if (!parse_double(fld[3], &lat) || lat < 5 || lat > 25) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'lat' is '%s', expected a "
			              "latitude in Viet Nam (5 to 25)",
			              path, lineno, fld[3]);
			goto cleanup;
		}
		if (!parse_double(fld[4], &km2) || km2 < 0 || km2 > 100000) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'area_km2' is '%s', expected "
			              "square kilometres",
			              path, lineno, fld[4]);
			goto cleanup;
		}
		if (!import_code_listed(only, fld[1]))
			continue;
		row = lookup(sorted, n, fld[0]);
		if (!row || row->level != AREA_COMMUNE) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'ward_code': commune '%s' is not in "
			              "the area file",
			              path, lineno, fld[0]);
			goto cleanup;
		}
		if (strcmp(row->parent, fld[1])) {
			ret = dv_fail(e, DV_EINVAL,
			              "%s:%u: field 'province_code' is '%s' but commune "
			              "'%s' belongs to province '%s'",
			              path, lineno, fld[1], fld[0], row->parent);
			goto cleanup;
		}
		if (!row->has_centroid)
			(*count)++;
		row->has_centroid = true;
		row->lon = lon;
		row->lat = lat;
		row->area_km2 = km2;
	}
	if (ferror(f))
		ret =
		    dv_fail(e, DV_EIO, "cannot read centroid file '%s': %s", path, strerror(errno));
cleanup:
	fclose(f);
	return ret;
}

enum dv_err import_areas(struct db *db, const struct scope *sc, const struct import_opts *opts,
                         struct import_stats *stats, struct dv_error *e)
{
	struct rows r = {0};
	struct row *sorted = NULL;
	struct arena *a = NULL;
	json_t *root = NULL;
	json_error_t jerr;
	enum dv_err ret = DV_OK;
	size_t i;
	char detail[160];

	memset(stats, 0, sizeof(*stats));
	if (!scope_can(sc, PERM_AREA_WRITE))
		return dv_fail(e, DV_EPERM, "importing areas needs the right to edit areas");
	root = json_load_file(opts->json_path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return dv_fail(e, DV_EINVAL, "%s:%d:%d: %s", opts->json_path, jerr.line,
		               jerr.column, jerr.text);
	ret = read_json(root, opts->json_path, opts->provinces, &r, e);
	if (ret != DV_OK)
		goto cleanup;

	/* Duplicate codes, and the centroids, both want the rows sorted by code. */
	sorted = malloc(r.n * sizeof(*sorted));
	if (!sorted) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory reading areas");
		goto cleanup;
	}
	memcpy(sorted, r.v, r.n * sizeof(*sorted));
	qsort(sorted, r.n, sizeof(*sorted), cmp_code);
	for (i = 1; i < r.n; i++) {
		if (!strcmp(sorted[i].code, sorted[i - 1].code)) {
			ret = dv_fail(e, DV_EINVAL, "%s: code '%s' appears twice", opts->json_path,
			              sorted[i].code);
			goto cleanup;
		}
	}
	if (opts->centroids_path) {
		ret = read_csv(opts->centroids_path, opts->provinces, sorted, r.n,
		               &stats->centroids, e);
		if (ret != DV_OK)
			goto cleanup;
		for (i = 0; i < r.n; i++) {
			struct row *s = lookup(sorted, r.n, r.v[i].code);

			r.v[i].has_centroid = s->has_centroid;
			r.v[i].lat = s->lat;
			r.v[i].lon = s->lon;
			r.v[i].area_km2 = s->area_km2;
		}
	}

	a = arena_new();
	if (!a) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory importing areas");
		goto cleanup;
	}
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret != DV_OK)
		goto cleanup;
	{
		struct area nation;

		ret = area_get(db, sc, "VN", a, &nation, e);
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = dv_fail(e, DV_ENOTFOUND,
			              "nation area 'VN' not found: run 'danvan init' first");
		}
		if (ret != DV_OK)
			goto cleanup;
	}
	for (i = 0; i < r.n; i++) {
		const struct row *w = &r.v[i];
		struct area_new in = {
		    .code = w->code,
		    .parent_code = w->parent,
		    .level = w->level,
		    .kind = w->kind,
		    .kind_en = w->kind_en,
		    .name = w->name,
		    .name_en = w->name_en,
		    .full_name = w->full_name,
		    .full_name_en = w->full_name_en,
		    .has_centroid = w->has_centroid,
		    .lat = w->lat,
		    .lon = w->lon,
		    .area_km2 = w->area_km2,
		};
		struct area old;
		int64_t id;

		/* Look first rather than catch a failed insert: PostgreSQL aborts the transaction.
		 */
		ret = area_get(db, sc, w->code, a, &old, e);
		if (ret == DV_OK) {
			/* Keep what this import does not bring: designations, and centroids when no
			 * CSV. */
			in.designations = old.designations;
			if (!in.has_centroid && old.has_centroid) {
				in.has_centroid = true;
				in.lat = old.lat;
				in.lon = old.lon;
				in.area_km2 = old.area_km2;
			}
			ret = area_update(db, sc, &in, e);
			stats->updated++;
		} else if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = area_insert(db, sc, &in, &id, e);
			stats->inserted++;
		}
		if (ret != DV_OK) {
			char msg[sizeof(e->detail)];

			if (e) {
				snprintf(msg, sizeof(msg), "%s", e->detail);
				dv_error_clear(e);
				dv_fail(e, ret, "%s: area '%s': %s", opts->json_path, w->code, msg);
			}
			goto cleanup;
		}
		if (w->level == AREA_COMMUNE)
			stats->communes++;
		else
			stats->provinces++;
		arena_reset(a);
		if (opts->progress && ((i + 1) % 500 == 0 || i + 1 == r.n))
			opts->progress("areas", i + 1, r.n, opts->progress_arg);
	}
	snprintf(detail, sizeof(detail), "%lld inserted, %lld updated, %lld centroids",
	         (long long)stats->inserted, (long long)stats->updated,
	         (long long)stats->centroids);
	ret = audit_append(db, sc, opts->actor ? opts->actor : "cli", "areas.import", "area", "VN",
	                   detail, e);
	if (ret != DV_OK)
		goto cleanup;
	ret = db_commit(db, e);
cleanup:
	if (ret != DV_OK) {
		db_rollback(db);
		memset(stats, 0, sizeof(*stats));
	}
	arena_free(a);
	free(sorted);
	free(r.v);
	json_decref(root);
	return ret;
}
