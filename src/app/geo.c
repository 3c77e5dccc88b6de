/* geo.c: reads the boundary GeoJSON, projects and simplifies it, stores it per area. */
#include "app/geo.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/import.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "core/geom.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/area_shape.h"
#include "store/dash.h"
#include "store/audit.h"

#include "base/banned.h"

/*
 * A part whose box, added to the others', at least doubles their box's area while its land is a
 * small part of that lies far out at sea (Hoàng Sa, Trường Sa, Côn Đảo, Bạch Long Vĩ in the
 * 2025 data): it gets an inset (core/geom.h).
 */
#define DETACHED_FACTOR 2.0
/* Where boundaries may lie: the same bounds as the centroid file's check (import.c). */
#define LON_MIN 100.0
#define LON_MAX 120.0
#define LAT_MIN 5.0
#define LAT_MAX 25.0

/* One feature read from a file; the geometry stays in the file's JSON tree (borrowed). */
struct feat {
	char code[16];
	char province[16]; /* a commune's province; a province's own code */
	int level;
	json_t *geom;
	bool multi; /* MultiPolygon (else Polygon) */
	struct geom_box box;
	double
	    land; /* square degrees of its outer rings: tells an archipelago from a big commune */
	const char *source;
	struct geom_frame proj; /* set once the frames are laid out */
	bool inset;
};

struct feats {
	struct feat *v;
	size_t n, alloc;
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool code_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= 16)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

static size_t n_polygons(const struct feat *f)
{
	return f->multi ? json_array_size(json_object_get(f->geom, "coordinates")) : 1;
}

static json_t *polygon_at(const struct feat *f, size_t i)
{
	json_t *c = json_object_get(f->geom, "coordinates");

	return f->multi ? json_array_get(c, i) : c;
}

/*
 * Check one polygon (an array of rings, each at least 4 positions), extend the box and add the
 * outer ring's area.
 */
static enum dv_err check_polygon(json_t *poly, const char *where, size_t pi, struct geom_box *box,
                                 double *land, struct dv_error *e)
{
	size_t r, k;
	json_t *ring, *pos;
	double px = 0, py = 0, a2 = 0;

	if (!json_is_array(poly) || json_array_size(poly) == 0)
		return dv_fail(e, DV_EINVAL, "%s: polygon %zu is not an array of rings", where,
		               pi + 1);
	json_array_foreach(poly, r, ring)
	{
		if (!json_is_array(ring) || json_array_size(ring) < 4)
			return dv_fail(e, DV_EINVAL,
			               "%s: ring %zu of polygon %zu has fewer than 4 positions",
			               where, r + 1, pi + 1);
		json_array_foreach(ring, k, pos)
		{
			json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);
			double lon, lat;

			if (!json_is_array(pos) || !json_is_number(x) || !json_is_number(y))
				return dv_fail(e, DV_EINVAL,
				               "%s: position %zu of ring %zu of polygon %zu is not "
				               "[longitude, latitude]",
				               where, k + 1, r + 1, pi + 1);
			lon = json_number_value(x);
			lat = json_number_value(y);
			if (!(lon >= LON_MIN && lon <= LON_MAX && lat >= LAT_MIN && lat <= LAT_MAX))
				return dv_fail(
				    e, DV_EINVAL,
				    "%s: position %zu of ring %zu of polygon %zu (%g, %g) is "
				    "not in Viet Nam (longitude 100 to 120, latitude 5 to 25)",
				    where, k + 1, r + 1, pi + 1, lon, lat);
			/* outer rings bound the shape; holes lie inside them */
			if (r == 0) {
				geom_box_add(box, lon, lat);
				if (k)
					a2 += px * lat - lon * py;
				px = lon;
				py = lat;
			}
		}
	}
	*land += fabs(a2) / 2;
	return DV_OK;
}

static enum dv_err get_code(json_t *feature, json_t *props, const char *field, const char *where,
                            char out[16], struct dv_error *e)
{
	json_t *v = field ? json_object_get(props, field) : json_object_get(feature, "id");

	/* a feature's own code: "id", else properties.code */
	if (!field && !json_is_string(v))
		v = json_object_get(props, "code");
	if (!json_is_string(v) || !code_ok(json_string_value(v)))
		return dv_fail(e, DV_EINVAL, "%s: %s is missing or not a code", where,
		               field ? field : "the feature's id (or properties.code)");
	snprintf(out, 16, "%s", json_string_value(v));
	return DV_OK;
}

static enum dv_err read_file(const char *path, int level, json_t **root, struct feats *fs,
                             struct geo_set *set, struct dv_error *e)
{
	json_error_t jerr;
	json_t *features, *f;
	const char *type;
	size_t i;
	char where[256];
	enum dv_err ret;

	*root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!*root)
		return dv_fail(e, DV_EINVAL, "%s:%d:%d: %s", path, jerr.line, jerr.column,
		               jerr.text);
	features = json_object_get(*root, "features");
	type = json_string_value(json_object_get(*root, "type"));
	if (!json_is_object(*root) || !type || strcmp(type, "FeatureCollection") ||
	    !json_is_array(features))
		return dv_fail(e, DV_EINVAL, "%s: expected a GeoJSON FeatureCollection", path);
	json_array_foreach(features, i, f)
	{
		json_t *props = json_object_get(f, "properties"),
		       *geom = json_object_get(f, "geometry");
		struct feat *ft;
		size_t p;

		snprintf(where, sizeof(where), "%s: feature #%zu", path, i + 1);
		if (!json_is_object(f))
			return dv_fail(e, DV_EINVAL, "%s: expected an object", where);
		if (fs->n == fs->alloc) {
			size_t na = fs->alloc ? fs->alloc * 2 : 1024;
			struct feat *nv = realloc(fs->v, na * sizeof(*nv));

			if (!nv)
				return dv_fail(e, DV_ENOMEM, "out of memory reading boundaries");
			fs->v = nv;
			fs->alloc = na;
		}
		ft = &fs->v[fs->n];
		memset(ft, 0, sizeof(*ft));
		ft->level = level;
		ft->source = base_name(path);
		geom_box_init(&ft->box);
		if ((ret = get_code(f, props, NULL, where, ft->code, e)))
			return ret;
		snprintf(where, sizeof(where), "%s: feature #%zu (code '%s')", path, i + 1,
		         ft->code);
		if (level == AREA_COMMUNE) {
			if ((ret = get_code(f, props, "province_code", where, ft->province, e)))
				return ret;
		} else {
			memcpy(ft->province, ft->code, sizeof(ft->province));
		}
		type = json_string_value(json_object_get(geom, "type"));
		if (!json_is_object(geom) || !type ||
		    (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon")))
			return dv_fail(e, DV_EINVAL,
			               "%s: the geometry is not a Polygon or MultiPolygon", where);
		ft->geom = geom;
		ft->multi = !strcmp(type, "MultiPolygon");
		if (!json_is_array(json_object_get(geom, "coordinates")) || !n_polygons(ft))
			return dv_fail(e, DV_EINVAL, "%s: the geometry has no coordinates", where);
		/* every feature is checked, even of provinces left out, so a bad file is refused */
		for (p = 0; p < n_polygons(ft); p++)
			if ((ret = check_polygon(polygon_at(ft, p), where, p, &ft->box, &ft->land,
			                         e)))
				return ret;
		set->features++;
		fs->n++;
	}
	return DV_OK;
}

static int cmp_feat_code(const void *x, const void *y)
{
	const struct feat *a = x, *b = y;

	return a->level != b->level ? a->level - b->level : strcmp(a->code, b->code);
}

/* By level, then province, then code: a province's communes side by side. */
static int cmp_feat(const void *x, const void *y)
{
	const struct feat *a = x, *b = y;
	int c;

	if (a->level != b->level)
		return a->level - b->level;
	c = strcmp(a->province, b->province);
	return c ? c : strcmp(a->code, b->code);
}

/*
 * Lay out the national frame (all provinces, no insets: the archipelagos in place) and one frame
 * per province from its communes. `fs` is sorted with cmp_feat.
 */
static enum dv_err lay_out(struct feats *fs, struct dv_error *e)
{
	struct geom_box nation, *boxes = NULL, main;
	struct geom_frame mainf, *insets = NULL;
	struct geom_pt size;
	double *land = NULL;
	bool *flags = NULL;
	size_t i, j, k, nd;
	enum dv_err ret = DV_OK;

	geom_box_init(&nation);
	for (i = 0; i < fs->n; i++)
		if (fs->v[i].level == AREA_PROVINCE)
			geom_box_union(&nation, &fs->v[i].box);
	if (!geom_box_empty(&nation)) {
		if (!geom_frame_layout(&nation, NULL, 0, GEOM_FRAME_UNITS, &mainf, NULL, &size))
			return dv_fail(e, DV_EINVAL, "the provinces' boundaries have no extent");
		for (i = 0; i < fs->n; i++)
			if (fs->v[i].level == AREA_PROVINCE)
				fs->v[i].proj = mainf;
	}
	boxes = malloc((fs->n ? fs->n : 1) * sizeof(*boxes));
	flags = malloc((fs->n ? fs->n : 1) * sizeof(*flags));
	insets = malloc((fs->n ? fs->n : 1) * sizeof(*insets));
	land = malloc((fs->n ? fs->n : 1) * sizeof(*land));
	if (!boxes || !flags || !insets || !land) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory laying out the maps");
		goto cleanup;
	}
	for (i = 0; i < fs->n; i = j) {
		struct feat *c = &fs->v[i];

		for (j = i + 1; j < fs->n && fs->v[j].level == c->level &&
		                !strcmp(fs->v[j].province, c->province);
		     j++)
			;
		if (c->level != AREA_COMMUNE)
			continue;
		for (k = i; k < j; k++) {
			boxes[k - i] = fs->v[k].box;
			land[k - i] = fs->v[k].land;
		}
		geom_find_detached(boxes, land, j - i, DETACHED_FACTOR, flags);
		geom_box_init(&main);
		for (k = i, nd = 0; k < j; k++) {
			if (flags[k - i])
				boxes[nd++] = fs->v[k].box;
			else
				geom_box_union(&main, &fs->v[k].box);
		}
		if (!geom_frame_layout(&main, boxes, nd, GEOM_FRAME_UNITS, &mainf, insets, &size)) {
			ret = dv_fail(e, DV_EINVAL, "the communes of province '%s' have no extent",
			              c->province);
			goto cleanup;
		}
		for (k = i, nd = 0; k < j; k++) {
			fs->v[k].inset = flags[k - i];
			fs->v[k].proj = flags[k - i] ? insets[nd++] : mainf;
		}
	}
cleanup:
	free(boxes);
	free(flags);
	free(insets);
	free(land);
	return ret;
}

/* Project, simplify and write one feature's path. */
static enum dv_err shape_of(const struct feat *f, struct geo_shape *out, struct dv_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct geom_pt *pts = NULL, best_label = {0, 0};
	struct geom_box box;
	size_t cap = 0, p, r, k, m, n;
	double best_area = -1;
	enum dv_err ret = DV_OK;
	int points = 0;

	geom_box_init(&box);
	for (p = 0; p < n_polygons(f); p++) {
		json_t *poly = polygon_at(f, p), *ring;

		json_array_foreach(poly, r, ring)
		{
			n = json_array_size(ring);
			if (n > cap) {
				struct geom_pt *np = realloc(pts, n * sizeof(*np));

				if (!np) {
					ret = dv_fail(e, DV_ENOMEM,
					              "out of memory projecting boundaries");
					goto cleanup;
				}
				pts = np;
				cap = n;
			}
			for (k = 0; k < n; k++) {
				json_t *pos = json_array_get(ring, k);

				pts[k] = geom_project(&f->proj,
				                      json_number_value(json_array_get(pos, 0)),
				                      json_number_value(json_array_get(pos, 1)));
			}
			/* the closing position repeats the first */
			if (n > 1 && pts[n - 1].x == pts[0].x && pts[n - 1].y == pts[0].y)
				n--;
			m = geom_simplify_ring(pts, n, GEOM_TOLERANCE);
			/* islands stay, however small; holes smaller than a unit go */
			points += (int)geom_path_ring(&sb, pts, m, r == 0, &box);
			if (r == 0 && m >= 3 && fabs(geom_ring_area2(pts, m)) > best_area) {
				best_area = fabs(geom_ring_area2(pts, m));
				best_label = geom_ring_label(pts, m);
			}
		}
	}
	if (sb.failed) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory writing boundaries");
		goto cleanup;
	}
	if (points < 3 || geom_box_empty(&box)) {
		ret =
		    dv_fail(e, DV_EINVAL, "%s: feature '%s' has no shape left", f->source, f->code);
		goto cleanup;
	}
	memset(out, 0, sizeof(*out));
	memcpy(out->code, f->code, sizeof(out->code));
	if (f->level == AREA_PROVINCE)
		snprintf(out->frame, sizeof(out->frame), "VN");
	else
		memcpy(out->frame, f->province, sizeof(out->frame));
	out->level = f->level;
	out->min_x = (int)box.min_x;
	out->min_y = (int)box.min_y;
	out->max_x = (int)box.max_x;
	out->max_y = (int)box.max_y;
	out->label_x = (int)lround(best_label.x);
	out->label_y = (int)lround(best_label.y);
	out->inset = f->inset;
	out->points = points;
	out->source = f->source;
	out->path = strbuf_detach(&sb, NULL);
	if (!out->path)
		ret = dv_fail(e, DV_ENOMEM, "out of memory writing boundaries");
cleanup:
	strbuf_release(&sb);
	free(pts);
	return ret;
}

void geo_set_free(struct geo_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	free(s);
}

enum dv_err geo_read(const struct geo_opts *o, struct geo_set **out, struct dv_error *e)
{
	struct feats fs = {0};
	struct geo_set *set = NULL;
	json_t *roots[2] = {NULL, NULL};
	enum dv_err ret = DV_OK;
	size_t i;

	*out = NULL;
	set = calloc(1, sizeof(*set));
	if (!set)
		return dv_fail(e, DV_ENOMEM, "out of memory reading boundaries");
	if (o->provinces_path)
		ret = read_file(o->provinces_path, AREA_PROVINCE, &roots[0], &fs, set, e);
	if (!ret && o->communes_path)
		ret = read_file(o->communes_path, AREA_COMMUNE, &roots[1], &fs, set, e);
	if (ret)
		goto cleanup;
	/* a code twice in one file would give an area two shapes */
	qsort(fs.v, fs.n, sizeof(*fs.v), cmp_feat_code);
	for (i = 1; i < fs.n; i++) {
		if (fs.v[i].level == fs.v[i - 1].level && !strcmp(fs.v[i].code, fs.v[i - 1].code)) {
			ret = dv_fail(e, DV_EINVAL, "%s: code '%s' appears twice", fs.v[i].source,
			              fs.v[i].code);
			goto cleanup;
		}
	}
	qsort(fs.v, fs.n, sizeof(*fs.v), cmp_feat);
	ret = lay_out(&fs, e);
	if (ret)
		goto cleanup;
	set->v = calloc(fs.n ? fs.n : 1, sizeof(*set->v));
	if (!set->v) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory reading boundaries");
		goto cleanup;
	}
	for (i = 0; i < fs.n; i++) {
		/* frames come from every feature; shapes only for the provinces asked for */
		if (!import_code_listed(o->provinces, fs.v[i].province)) {
			set->outside++;
			continue;
		}
		ret = shape_of(&fs.v[i], &set->v[set->n], e);
		if (ret)
			goto cleanup;
		set->n++;
	}
	*out = set;
	set = NULL;
cleanup:
	geo_set_free(set);
	free(fs.v);
	json_decref(roots[0]);
	json_decref(roots[1]);
	return ret;
}

static bool listed(char (*codes)[16], size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(codes[i], code))
			return true;
	return false;
}

enum dv_err geo_store(struct db *db, const struct scope *sc, const struct geo_set *s,
                      const struct geo_opts *o, struct geo_stats *st, struct dv_error *e)
{
	struct arena *a = NULL;
	struct area *provs = NULL;
	char(*have)[16] = NULL;
	const char **missing = NULL;
	size_t np = 0, i, nmissing = 0;
	int64_t now = (int64_t)time(NULL);
	enum dv_err ret;
	char detail[200];

	memset(st, 0, sizeof(*st));
	st->features = s->features;
	st->outside = s->outside;
	if (!scope_can(sc, PERM_AREA_WRITE))
		return dv_fail(e, DV_EPERM, "loading boundaries needs the right to edit areas");
	a = arena_new();
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory loading boundaries");
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto cleanup;
	/* the provinces in the database tell a partial import from a code that matches nothing */
	ret = area_children(db, sc, "VN", a, &provs, &np, e);
	if (ret == DV_ENOTFOUND) {
		dv_error_clear(e);
		ret =
		    dv_fail(e, DV_ENOTFOUND, "nation area 'VN' not found: run 'danvan init' first");
	}
	if (ret)
		goto cleanup;
	have = arena_alloc(a, (np ? np : 1) * sizeof(*have));
	if (!have) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory loading boundaries");
		goto cleanup;
	}
	for (i = 0; i < np; i++)
		snprintf(have[i], sizeof(have[i]), "%s", provs[i].code);
	for (i = 0; i < s->n; i++) {
		const struct geo_shape *g = &s->v[i];
		struct area_shape_new in = {
		    .code = g->code,
		    .frame = g->frame,
		    .path = g->path,
		    .min_x = g->min_x,
		    .min_y = g->min_y,
		    .max_x = g->max_x,
		    .max_y = g->max_y,
		    .label_x = g->label_x,
		    .label_y = g->label_y,
		    .inset = g->inset,
		    .points = g->points,
		    .source = g->source,
		    .loaded_at = now,
		};
		bool found = false;

		ret = area_shape_put(db, sc, &in, &found, e);
		if (ret)
			goto cleanup;
		if (found) {
			if (g->level == AREA_PROVINCE)
				st->provinces++;
			else
				st->communes++;
			st->insets += g->inset;
			st->points += g->points;
			st->bytes += (int64_t)strlen(g->path);
		} else if (!listed(have, np, g->level == AREA_PROVINCE ? g->code : g->frame)) {
			st->outside++;
		} else {
			if (st->n_unmatched_codes < GEO_LIST_MAX)
				snprintf(st->unmatched_codes[st->n_unmatched_codes++],
				         sizeof(st->unmatched_codes[0]), "%s", g->code);
			st->unmatched++;
		}
		if (o->progress && ((i + 1) % 500 == 0 || i + 1 == s->n))
			o->progress("shapes", i + 1, s->n, o->progress_arg);
	}
	ret = area_shape_missing(db, sc, GEO_LIST_MAX, a, &missing, &nmissing, &st->missing, e);
	if (ret)
		goto cleanup;
	for (i = 0; i < nmissing; i++)
		snprintf(st->missing_codes[i], sizeof(st->missing_codes[0]), "%s", missing[i]);
	st->n_missing_codes = nmissing;
	snprintf(detail, sizeof(detail),
	         "%" PRId64 " provinces, %" PRId64 " communes, %" PRId64 " points; %" PRId64
	         " unmatched, %" PRId64 " areas without a shape",
	         st->provinces, st->communes, st->points, st->unmatched, st->missing);
	ret = audit_append(db, sc, o->actor ? o->actor : "cli", "areas.shapes", "area", "VN",
	                   detail, e);
	/* maps drawn from the old shapes are stale */
	if (!ret)
		ret = agg_version_bump(db, e);
	if (!ret)
		ret = db_commit(db, e);
cleanup:
	if (ret) {
		db_rollback(db);
		memset(st, 0, sizeof(*st));
	}
	arena_free(a);
	return ret;
}

enum dv_err geo_import(struct db *db, const struct scope *sc, const struct geo_opts *o,
                       struct geo_stats *st, struct dv_error *e)
{
	struct geo_set *s = NULL;
	enum dv_err ret;

	memset(st, 0, sizeof(*st));
	ret = geo_read(o, &s, e);
	if (!ret)
		ret = geo_store(db, sc, s, o, st, e);
	geo_set_free(s);
	return ret;
}
