/* test_geo.c: map geometry (projection, insets, simplification, path data) and the boundary
 * loader: matching by code, the stored shapes, a map drawn from them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/geo.h"
#include "base/arena.h"
#include "core/geom.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/area_shape.h"
#include "store/db.h"
#include "store/migrate.h"
#include "web/svg.h"

/* ---- pure geometry ---- */

static bool same_pt(struct geom_pt p, double x, double y)
{
	return fabs(p.x - x) < 1e-9 && fabs(p.y - y) < 1e-9;
}

static void test_square_stays_square(void **state)
{
	/* a square with points along its sides, some a hair off the line */
	struct geom_pt sq[] = {{0, 0},     {25, 0},   {50, 0.1}, {100, 0}, {100, 40},
	                       {100, 100}, {60, 100}, {0, 100},  {0, 70},  {-0.2, 30}};
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	(void)state;
	n = geom_simplify_ring(sq, sizeof(sq) / sizeof(sq[0]), GEOM_TOLERANCE);
	assert_int_equal(n, 4);
	assert_true(same_pt(sq[0], 0, 0) && same_pt(sq[1], 100, 0) && same_pt(sq[2], 100, 100) &&
	            same_pt(sq[3], 0, 100));
	assert_true(fabs(geom_ring_area2(sq, n)) == 2 * 100 * 100);
	assert_int_equal(geom_path_ring(&sb, sq, n, false, NULL), 4);
	assert_string_equal(sb.buf, "M0 0l100 0 0 100-100 0z");
	strbuf_release(&sb);
}

static void test_collinear_point_removed(void **state)
{
	struct geom_pt tri[] = {{0, 0}, {5, 5}, {10, 10}, {0, 10}};
	struct geom_pt far[] = {{0, 0}, {5, 6}, {10, 10}, {0, 10}};
	/* rounding lines up what the simplification kept */
	struct geom_pt near[] = {{0, 0}, {4.9, 5.3}, {10, 10}, {0, 10}};
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	(void)state;
	n = geom_simplify_ring(tri, 4, GEOM_TOLERANCE);
	assert_int_equal(n, 3);
	assert_true(same_pt(tri[0], 0, 0) && same_pt(tri[1], 10, 10) && same_pt(tri[2], 0, 10));
	/* 0.7 units off the line: farther than the tolerance, kept */
	assert_int_equal(geom_simplify_ring(far, 4, GEOM_TOLERANCE), 4);
	assert_int_equal(geom_simplify_ring(near, 4, 0.1), 4);
	assert_int_equal(geom_path_ring(&sb, near, 4, false, NULL), 3);
	assert_string_equal(sb.buf, "M0 0l10 10-10 0z");
	strbuf_release(&sb);
}

static void test_never_below_three(void **state)
{
	/* a sliver: every point within the tolerance of one line */
	struct geom_pt sliver[] = {{0, 0}, {50, 0.1}, {100, 0}, {50, -0.1}, {20, 0.05}};
	struct geom_pt dot[] = {{10.1, 20.2}, {10.2, 20.3}, {10.3, 20.1}, {10.15, 20.15}};
	struct geom_pt two[] = {{0, 0}, {1, 1}};
	struct geom_box box;
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	(void)state;
	n = geom_simplify_ring(sliver, 5, 10);
	assert_int_equal(n, 3);
	assert_int_equal(geom_simplify_ring(two, 2, 1), 2);
	n = geom_simplify_ring(dot, 4, GEOM_TOLERANCE);
	assert_true(n >= 3);
	/* below a unit: nothing, or a clickable diamond around it when it must stay */
	assert_int_equal(geom_path_ring(&sb, dot, n, false, NULL), 0);
	assert_int_equal(sb.len, 0);
	geom_box_init(&box);
	assert_int_equal(geom_path_ring(&sb, dot, n, true, &box), 4);
	assert_string_equal(sb.buf, "M10 19l1 1-1 1-1-1z");
	assert_true(box.min_x == 9 && box.max_x == 11 && box.min_y == 19 && box.max_y == 21);
	strbuf_release(&sb);
}

static void test_simplify_keeps_shape(void **state)
{
	/* a circle of 1000 points, radius 100: the outline stays within the tolerance */
	struct geom_pt c[1000], orig[1000];
	size_t i, j, n;

	(void)state;
	for (i = 0; i < 1000; i++) {
		c[i].x = 100 * cos(2 * M_PI * (double)i / 1000);
		c[i].y = 100 * sin(2 * M_PI * (double)i / 1000);
		orig[i] = c[i];
	}
	n = geom_simplify_ring(c, 1000, GEOM_TOLERANCE);
	assert_true(n > 8 && n < 200);
	/* every original point lies near the kept outline: the midpoints sag at most tol */
	for (j = 0; j < n; j++) {
		struct geom_pt a = c[j], b = c[(j + 1) % n];
		double mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;

		assert_true(100 - sqrt(mx * mx + my * my) <= GEOM_TOLERANCE + 1e-3);
	}
	(void)orig;
}

static void test_projection(void **state)
{
	/* a box one degree high and 1/cos(lat) degrees wide is square on the ground */
	double lat = 21.0, k = cos(lat * M_PI / 180);
	struct geom_box b = {105.0, lat - 0.5, 105.0 + 1 / k, lat + 0.5};
	struct geom_box flat = {105, 21, 105, 21};
	struct geom_frame f;
	struct geom_pt p;

	(void)state;
	assert_true(geom_frame_fit(&f, &b, 1000));
	assert_true(fabs(f.width - 1000) < 1e-6 && fabs(f.height - 1000) < 1e-6);
	p = geom_project(&f, b.min_x, b.max_y);
	assert_true(same_pt(p, 0, 0));
	p = geom_project(&f, b.max_x, b.min_y);
	assert_true(fabs(p.x - 1000) < 1e-6 && fabs(p.y - 1000) < 1e-6);
	/* north is up: a larger latitude is a smaller y */
	assert_true(geom_project(&f, 105.5, 21.4).y < geom_project(&f, 105.5, 21.0).y);
	assert_false(geom_frame_fit(&f, &flat, 1000));
}

static void test_detached_and_insets(void **state)
{
	struct geom_box boxes[12];
	struct geom_frame main, insets[2];
	struct geom_pt size, p;
	bool flags[12];
	size_t i;

	(void)state;
	/* ten neighbouring communes, one a little apart, one far out at sea */
	for (i = 0; i < 10; i++)
		boxes[i] =
		    (struct geom_box){106 + 0.1 * (double)(i % 5), 10.5 + 0.1 * (double)(i / 5),
		                      106.1 + 0.1 * (double)(i % 5), 10.6 + 0.1 * (double)(i / 5)};
	boxes[10] = (struct geom_box){106.6, 10.5, 106.7, 10.6};
	boxes[11] = (struct geom_box){106.5, 8.6, 106.7, 8.8};
	assert_int_equal(geom_find_detached(boxes, NULL, 12, 2.0, flags), 1);
	assert_true(flags[11] && !flags[10] && !flags[0]);
	assert_int_equal(geom_find_detached(boxes, NULL, 2, 2.0, flags), 0);
	/* a big part at the edge doubles the box too, but it is land, not far away */
	{
		struct geom_box half[3] = {{0, 0, 1, 1}, {1, 0, 2, 1}, {0, 1, 2, 2}};
		double land[3] = {1, 1, 2}, islets[3] = {1, 1, 0.01};

		assert_int_equal(geom_find_detached(half, land, 3, 2.0, flags), 0);
		assert_int_equal(geom_find_detached(half, islets, 3, 2.0, flags), 1);
		assert_true(flags[2]);
	}

	boxes[0] = (struct geom_box){106, 10.5, 106.7, 10.7}; /* wider than high */
	assert_true(geom_frame_layout(&boxes[0], &boxes[11], 1, 1000, &main, insets, &size));
	/* the whole frame's longer side is 1000; the inset sits in a row below the main part */
	assert_true(fabs(fmax(size.x, size.y) - 1000) < 1e-6);
	assert_true(insets[0].off_y >= main.height);
	assert_true(insets[0].off_x == 0);
	assert_true(insets[0].scale <= main.scale + 1e-9);
	p = geom_project(&insets[0], 106.7, 8.6);
	assert_true(p.x <= size.x + 1e-6 && p.y <= size.y + 1e-6);
	/* taller than wide: a column to the right */
	boxes[0] = (struct geom_box){106, 10.5, 106.2, 11.5};
	assert_true(geom_frame_layout(&boxes[0], &boxes[11], 1, 1000, &main, insets, &size));
	assert_true(insets[0].off_x >= main.width && insets[0].off_y == 0);
	assert_true(fabs(size.y - 1000) < 1e-6);
}

static void test_label_inside(void **state)
{
	/* a U: the centroid falls in the gap between the arms; the label must not */
	struct geom_pt u[] = {{0, 0},  {30, 0},  {30, 70},   {70, 70},
	                      {70, 0}, {100, 0}, {100, 100}, {0, 100}};
	struct geom_pt l = geom_ring_label(u, 8);

	(void)state;
	assert_true(l.y > 70 || l.x < 30 || l.x > 70);
	assert_true(l.x > 0 && l.x < 100 && l.y > 0 && l.y < 100);
}

/* ---- the loader, on a small pair of files ---- */

static char dir[] = "/tmp/danvan-test-geo-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[2][256];
	static int which;
	char *p = path[which++ % 2];
	FILE *f;

	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return p;
}

/* Two provinces (one not in the database), three communes of the first (one unknown code),
 * one of the second, and an island commune far out at sea. */
static const char provinces_json[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"id\":\"01\",\"properties\":{\"code\":\"01\"},\"geometry\":"
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[105.0,21.0],[106.0,21.0],[106.0,22.0],"
    "[105.0,22.0],[105.0,21.0]]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"79\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[106.5,10.5],[107.0,10.5],[107.0,11.0],"
    "[106.5,10.5]]]}}]}";
static const char communes_json[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"id\":\"00001\",\"properties\":{\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.0,21.0],[105.5,21.0],"
    "[105.5,21.5],[105.25,21.5],[105.0,21.5],[105.0,21.0]]]}},"
    "{\"type\":\"Feature\",\"id\":\"00002\",\"properties\":{\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.5,21.0],[106.0,21.0],"
    "[106.0,21.5],[105.5,21.5],[105.5,21.0]],[[105.7,21.2],[105.8,21.2],[105.8,21.3],"
    "[105.7,21.2]]]}},"
    "{\"type\":\"Feature\",\"id\":\"00003\",\"properties\":{\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.0,21.5],[106.0,21.5],"
    "[106.0,22.0],[105.0,22.0],[105.0,21.5]]]}},"
    "{\"type\":\"Feature\",\"id\":\"00009\",\"properties\":{\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[108.0,19.0],[108.001,19.0],"
    "[108.001,19.001],[108.0,19.0]]],[[[108.5,19.5],[108.6,19.5],[108.6,19.6],[108.5,19.5]]]]}},"
    "{\"type\":\"Feature\",\"id\":\"99999\",\"properties\":{\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.0,21.0],[105.1,21.0],"
    "[105.1,21.1],[105.0,21.0]]]}},"
    "{\"type\":\"Feature\",\"id\":\"26734\",\"properties\":{\"province_code\":\"79\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106.5,10.5],[107.0,10.5],"
    "[107.0,11.0],[106.5,10.5]]]}}]}";

static void add_area(struct db *db, const char *code, const char *parent, int level,
                     const char *name)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct area_new a = {0};

	a.code = code;
	a.parent_code = parent;
	a.level = level;
	a.kind = a.kind_en = level == AREA_PROVINCE ? "Tỉnh" : "Xã";
	a.name = a.name_en = a.full_name = a.full_name_en = name;
	assert_int_equal(area_insert(db, &sys, &a, NULL, &e), DV_OK);
}

static struct db *demo_db(void)
{
	struct dv_error e = DV_ERROR_INIT;
	struct db *db = NULL;

	assert_int_equal(db_open(&db, "sqlite::memory:", true, &e), DV_OK);
	assert_int_equal(migrate_run(db, NULL, NULL, &e), DV_OK);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &e), DV_OK);
	add_area(db, "VN", NULL, AREA_NATION, "Việt Nam");
	add_area(db, "01", "VN", AREA_PROVINCE, "Hà Nội");
	add_area(db, "00001", "01", AREA_COMMUNE, "Một");
	add_area(db, "00002", "01", AREA_COMMUNE, "Hai <&>");
	add_area(db, "00003", "01", AREA_COMMUNE, "Ba");
	add_area(db, "00009", "01", AREA_COMMUNE, "Đảo");
	add_area(db, "00010", "01", AREA_COMMUNE, "Không có ranh giới");
	assert_int_equal(db_commit(db, &e), DV_OK);
	return db;
}

static int xmllint_ok(const struct strbuf *sb)
{
	char path[] = "/tmp/danvan-test-geo-svg-XXXXXX";
	int fd = mkstemp(path), status = -1;
	pid_t pid;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, sb->buf, sb->len), (ssize_t)sb->len);
	close(fd);
	pid = fork();
	if (pid == 0) {
		execlp("xmllint", "xmllint", "--noout", path, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	unlink(path);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_load_and_draw(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct db *db = demo_db();
	struct geo_opts o = {0};
	struct geo_stats st;
	struct arena *a = arena_new();
	struct area_shape *sh;
	struct svg_region r[8];
	struct svg_map m = {.id = "m", .title = "Hà Nội", .regions = r, .num = SVG_NUM_VI};
	struct strbuf sb = STRBUF_INIT;
	size_t n, i;
	char href[8][32];

	(void)state;
	o.provinces_path = write_file("p.geojson", provinces_json);
	o.communes_path = write_file("c.geojson", communes_json);
	o.actor = "test";
	assert_int_equal(geo_import(db, &sys, &o, &st, &e), DV_OK);
	assert_int_equal(st.features, 8);
	assert_int_equal(st.provinces, 1);
	assert_int_equal(st.communes, 4);
	assert_int_equal(st.outside, 2); /* province 79 and its commune */
	assert_int_equal(st.unmatched, 1);
	assert_string_equal(st.unmatched_codes[0], "99999");
	assert_int_equal(st.missing, 1);
	assert_string_equal(st.missing_codes[0], "00010");
	assert_int_equal(st.insets, 1);

	/* the national map holds the province, the province's map its communes */
	assert_int_equal(area_shape_children(db, &sys, "VN", a, &sh, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(sh[0].code, "01");
	assert_string_equal(sh[0].frame, "VN");
	assert_int_equal(area_shape_children(db, &sys, "01", a, &sh, &n, &e), DV_OK);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_string_equal(sh[i].frame, "01");
		assert_true(sh[i].points >= 3);
		assert_true(sh[i].min_x >= 0 && sh[i].max_x <= 1000 && sh[i].min_y >= 0 &&
		            sh[i].max_y <= 1000);
		assert_true(sh[i].label_x >= sh[i].min_x && sh[i].label_x <= sh[i].max_x);
		assert_true(sh[i].label_y >= sh[i].min_y && sh[i].label_y <= sh[i].max_y);
	}
	/* 00001: half a degree each way, its midpoint dropped, narrower by cos(21.5°) */
	assert_string_equal(sh[0].code, "00001");
	assert_int_equal(sh[0].points, 4);
	assert_int_equal(sh[0].path[0], 'M');
	assert_int_equal(sh[0].min_x, 0);
	assert_true(fabs((double)(sh[0].max_x - sh[0].min_x) / (sh[0].max_y - sh[0].min_y) -
	                 cos(21.5 * M_PI / 180)) < 0.01);
	assert_false(sh[0].inset);
	/* 00002 keeps its hole as a second subpath */
	assert_int_equal(strchr(strchr(sh[1].path, 'z') + 1, 'M') != NULL, 1);
	/* the island far out at sea gets an inset; its islet smaller than a unit stays */
	assert_string_equal(sh[3].code, "00009");
	assert_true(sh[3].inset);
	assert_int_equal(strchr(strchr(sh[3].path, 'z') + 1, 'M') != NULL, 1);
	assert_int_equal(area_shape_public_children(db, "01", a, &sh, &n, &e), DV_OK);
	assert_int_equal(n, 4);

	/* a second load replaces the shapes rather than adding to them */
	assert_int_equal(geo_import(db, &sys, &o, &st, &e), DV_OK);
	assert_int_equal(area_shape_children(db, &sys, "01", a, &sh, &n, &e), DV_OK);
	assert_int_equal(n, 4);

	/* the map: one path per child, each linking to its own page */
	for (i = 0; i < n; i++) {
		snprintf(href[i], sizeof(href[i]), "/areas/%s", sh[i].code);
		r[i] = (struct svg_region){sh[i].path,  sh[i].min_x, sh[i].min_y, sh[i].max_x,
		                           sh[i].max_y, sh[i].inset, SVG_VALUE,   (double)i * 10,
		                           href[i],     sh[i].name};
	}
	m.n = n;
	svg_choropleth(&sb, &m);
	assert_false(sb.failed);
	assert_true(xmllint_ok(&sb));
	for (i = 0; i < n; i++) {
		char want[96];
		const char *p;

		snprintf(want, sizeof(want), "<a href=\"/areas/%s\"><title>", sh[i].code);
		p = strstr(sb.buf, want);
		assert_non_null(p);
		assert_non_null(strstr(p, "<path d=\""));
	}
	assert_non_null(strstr(sb.buf, "<title>Hai &lt;&amp;&gt;: 10</title>"));
	strbuf_release(&sb);
	arena_free(a);
	db_close(db);
}

static void test_bad_files(void **state)
{
	static const struct {
		const char *json, *want;
	} bad[] = {
	    {"[1, 2]", "expected a GeoJSON FeatureCollection"},
	    {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"01\","
	     "\"geometry\":{\"type\":\"Point\",\"coordinates\":[105,21]}}]}",
	     "not a Polygon or MultiPolygon"},
	    {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"01\","
	     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,21],[106,21],[0,0],"
	     "[105,21]]]}}]}",
	     "is not in Viet Nam"},
	    {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"01\","
	     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,21],[106,21],[105,21]]]}}]"
	     "}",
	     "fewer than 4 positions"},
	    {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"<x>\","
	     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,21],[106,21],[106,22],"
	     "[105,21]]]}}]}",
	     "not a code"},
	    {"{\"type\":\"FeatureCollection\",\"features\":["
	     "{\"type\":\"Feature\",\"id\":\"01\",\"geometry\":{\"type\":\"Polygon\","
	     "\"coordinates\":[[[105,21],[106,21],[106,22],[105,21]]]}},"
	     "{\"type\":\"Feature\",\"id\":\"01\",\"geometry\":{\"type\":\"Polygon\","
	     "\"coordinates\":[[[105,21],[106,21],[106,22],[105,21]]]}}]}",
	     "code '01' appears twice"},
	    {"{\"type\":", "bad.geojson:1:"},
	};
	struct geo_opts o = {0};
	struct geo_set *s = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dv_error e = DV_ERROR_INIT;

		o.provinces_path = write_file("bad.geojson", bad[i].json);
		assert_int_equal(geo_read(&o, &s, &e), DV_EINVAL);
		assert_null(s);
		if (!strstr(e.detail, bad[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, e.detail, bad[i].want);
		assert_non_null(strstr(e.detail, "bad.geojson"));
	}
	/* a commune without its province */
	{
		struct dv_error e = DV_ERROR_INIT;

		o.provinces_path = NULL;
		o.communes_path =
		    write_file("bad.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{"
		                              "\"type\":\"Feature\",\"id\":\"00001\",\"geometry\":{"
		                              "\"type\":\"Polygon\",\"coordinates\":[[[105,21],"
		                              "[106,21],[106,22],[105,21]]]}}]}");
		assert_int_equal(geo_read(&o, &s, &e), DV_EINVAL);
		assert_non_null(strstr(e.detail, "province_code"));
	}
}

static void test_only_some_provinces(void **state)
{
	struct dv_error e = DV_ERROR_INIT;
	struct geo_opts o = {0};
	struct geo_set *s = NULL;

	(void)state;
	o.provinces_path = write_file("p.geojson", provinces_json);
	o.communes_path = write_file("c.geojson", communes_json);
	o.provinces = "79";
	assert_int_equal(geo_read(&o, &s, &e), DV_OK);
	assert_int_equal(s->features, 8);
	assert_int_equal(s->n, 2);
	assert_int_equal(s->outside, 6);
	assert_string_equal(s->v[0].code, "79");
	assert_string_equal(s->v[0].frame, "VN");
	assert_string_equal(s->v[1].frame, "79");
	geo_set_free(s);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char p[300];

	(void)state;
	snprintf(p, sizeof(p), "%s/p.geojson", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/c.geojson", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/bad.geojson", dir);
	unlink(p);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_square_stays_square),
	    cmocka_unit_test(test_collinear_point_removed),
	    cmocka_unit_test(test_never_below_three),
	    cmocka_unit_test(test_simplify_keeps_shape),
	    cmocka_unit_test(test_projection),
	    cmocka_unit_test(test_detached_and_insets),
	    cmocka_unit_test(test_label_inside),
	    cmocka_unit_test(test_load_and_draw),
	    cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_only_some_provinces),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
