/* demo.c: the demo database: synthetic villages, illustrative designations, units and users. */
#include "app/demo.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/admin.h"
#include "app/cases.h"
#include "app/import.h"
#include "base/arena.h"
#include "core/kinds.h"
#include "core/scope.h"
#include "store/area.h"
#include "store/audit.h"
#include "store/unit.h"

#include "base/banned.h"

/*
 * Everything random comes from a hash of an area's code and a salt, so the same province gives
 * the same villages and units whether the demo covers the whole country or a few provinces.
 */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static unsigned rnd(const char *code, unsigned salt, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *code; code++)
		h = (h ^ (unsigned char)*code) * 0x100000001b3ull;
	return (unsigned)(mix64(h ^ ((uint64_t)salt << 32)) % n);
}

struct commune {
	const struct area *a;
	uint32_t desig;
	int64_t party_id, mm_id, pc_id;
};

struct province {
	const struct area *a;
	struct commune *c;
	size_t nc;
	int64_t party_id, mm_id, pc_id, mil_id;
	int mr;      /* index into regions[], or -1 */
	bool border; /* has border communes */
};

/* Illustrative: which provinces a few military regions serve (after the 2025 merger). */
struct region {
	const char *name, *name_en, *slug;
	const char *division, *division_en;
	int division_no;
	const char *hq;        /* home province when it is in the demo */
	const char *provinces; /* served provinces */
};

static const struct region regions[] = {
    {"Quân khu 1", "Military Region 1", "qk1", "Sư đoàn 3", "3rd Division", 3, "19",
     "04,19,20,22,24"},
    {"Quân khu 2", "Military Region 2", "qk2", "Sư đoàn 316", "316th Division", 316, "25",
     "08,11,12,14,15,25"},
    {"Quân khu 5", "Military Region 5", "qk5", "Sư đoàn 2", "2nd Division", 2, "48",
     "48,51,52,56,66"},
    {"Quân khu 7", "Military Region 7", "qk7", "Sư đoàn 5", "5th Division", 5, "79", "68,75,79,80"},
};
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))

/*
 * Northern border provinces and the direction of their border, used to pick the communes
 * furthest that way as "border" (illustrative: the demo has no border geometry).
 */
enum dir { NORTH, WEST, NORTH_EAST };
static const struct {
	const char *code;
	enum dir dir;
} border_provinces[] = {
    {"04", NORTH}, {"08", NORTH},      {"11", WEST},       {"12", NORTH},
    {"15", NORTH}, {"20", NORTH_EAST}, {"22", NORTH_EAST},
};

/* Mountainous provinces where some communes get ethnic-minority region marks. */
static const char mountain_provinces[] = "04,08,11,12,14,15,19,20,25,52,66,68";
/* Provinces that get a Fatherland Front and the mass organisations. */
static const char front_provinces[] = "01,04,40,48,79";

struct ctx {
	struct app *app;
	struct db *db;
	struct scope sc;
	struct arena *a;
	const struct demo_opts *o;
	struct demo_result *r;
	struct province *p;
	size_t np;
	int64_t mr_id[NREGIONS];
	int64_t regiment_id[NREGIONS]; /* the first regiment (for the demo officer) */
	const char *regiment_name[NREGIONS];
	int64_t ministry_id;
};

static void progress(struct ctx *c, const char *what, size_t done, size_t total)
{
	if (c->o->progress)
		c->o->progress(what, done, total, c->o->progress_arg);
}

/* "xã", "phường", "đặc khu", "tỉnh", "thành phố": the kind as used inside a name. */
static const char *kind_lower(const char *kind)
{
	static const char *const map[][2] = {
	    {"Xã", "xã"},     {"Phường", "phường"},       {"Đặc khu", "đặc khu"},
	    {"Tỉnh", "tỉnh"}, {"Thành phố", "thành phố"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(kind, map[i][0]))
			return map[i][1];
	return kind;
}

/* "thành phố Hà Nội", "xã Ba Vì": the area's name as it follows an organisation's name. */
static const char *of(struct ctx *c, const struct area *a)
{
	return arena_printf(c->a, "%s %s", kind_lower(a->kind), a->name);
}

/* An ASCII login part from an English name: "Ba Dinh" -> "badinh". */
static void slug(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

static int cmp_area_code(const void *x, const void *y)
{
	return strcmp(((const struct area *)x)->code, ((const struct area *)y)->code);
}

/* Read the imported provinces (those asked for) and their communes, sorted by code. */
static enum dv_err load(struct ctx *c, struct dv_error *e)
{
	struct area *prov, *com;
	size_t np, nc, i, j;
	enum dv_err ret;

	ret = db_begin(c->db, DB_TX_READ, e);
	if (ret != DV_OK)
		return ret;
	ret = area_children(c->db, &c->sc, "VN", c->a, &prov, &np, e);
	if (ret != DV_OK)
		goto cleanup;
	qsort(prov, np, sizeof(*prov), cmp_area_code);
	c->p = arena_new_array(c->a, struct province, np ? np : 1);
	if (!c->p) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory building the demo");
		goto cleanup;
	}
	for (i = 0; i < np; i++) {
		struct province *p;

		if (!import_code_listed(c->o->provinces, prov[i].code))
			continue;
		p = &c->p[c->np++];
		p->a = &prov[i];
		p->mr = -1;
		ret = area_children(c->db, &c->sc, prov[i].code, c->a, &com, &nc, e);
		if (ret != DV_OK)
			goto cleanup;
		qsort(com, nc, sizeof(*com), cmp_area_code);
		p->c = arena_new_array(c->a, struct commune, nc ? nc : 1);
		if (!p->c) {
			ret = dv_fail(e, DV_ENOMEM, "out of memory building the demo");
			goto cleanup;
		}
		for (j = 0; j < nc; j++) {
			if (com[j].level != AREA_COMMUNE)
				continue;
			p->c[p->nc].a = &com[j];
			p->c[p->nc].desig = com[j].designations;
			p->nc++;
		}
		c->r->communes += (int64_t)p->nc;
	}
	c->r->provinces = (int64_t)c->np;
	if (c->np == 0)
		ret = dv_fail(e, DV_ENOTFOUND,
		              "no provinces to build the demo on: import the "
		              "areas first, or check --provinces '%s'",
		              c->o->provinces ? c->o->provinces : "");
cleanup:
	db_rollback(c->db);
	return ret;
}

struct keyed {
	double key;
	size_t idx;
};

static int cmp_keyed_desc(const void *x, const void *y)
{
	double a = ((const struct keyed *)x)->key, b = ((const struct keyed *)y)->key;

	return a < b ? 1 : a > b ? -1 : 0;
}

/* Illustrative designations: border, ethnic-minority regions, especially difficult, island. */
static enum dv_err designate(struct ctx *c, struct province *p, struct dv_error *e)
{
	size_t i, j, nmark;
	struct keyed *k;

	for (i = 0; i < sizeof(border_provinces) / sizeof(border_provinces[0]); i++) {
		if (strcmp(border_provinces[i].code, p->a->code))
			continue;
		k = arena_new_array(c->a, struct keyed, p->nc ? p->nc : 1);
		if (!k)
			return dv_fail(e, DV_ENOMEM, "out of memory building the demo");
		for (j = 0; j < p->nc; j++) {
			const struct area *a = p->c[j].a;
			double lat = a->has_centroid ? a->lat : 0,
			       lon = a->has_centroid ? a->lon : 0;

			k[j].idx = j;
			k[j].key = border_provinces[i].dir == NORTH  ? lat
			           : border_provinces[i].dir == WEST ? -lon
			                                             : lat + lon;
		}
		qsort(k, p->nc, sizeof(*k), cmp_keyed_desc);
		nmark = (p->nc * 22 + 99) / 100;
		for (j = 0; j < nmark; j++)
			p->c[k[j].idx].desig |= DESIG_BORDER | DESIG_REMOTE;
		p->border = nmark > 0;
	}
	for (j = 0; j < p->nc; j++) {
		struct commune *cm = &p->c[j];
		const char *code = cm->a->code;

		if (!strcmp(cm->a->kind, "Đặc khu"))
			cm->desig |= DESIG_ISLAND;
		if (!import_code_listed(mountain_provinces, p->a->code) ||
		    strcmp(cm->a->kind, "Xã"))
			continue;
		switch (rnd(code, 1, 10)) {
		case 0:
		case 1:
		case 2:
		case 3:
			cm->desig |= DESIG_EM_REGION_III;
			if (rnd(code, 2, 2))
				cm->desig |= DESIG_ESPECIALLY_DIFFICULT;
			if (rnd(code, 3, 3))
				cm->desig |= DESIG_REMOTE;
			break;
		case 4:
		case 5:
		case 6:
			cm->desig |= DESIG_EM_REGION_II;
			break;
		default:
			cm->desig |= DESIG_EM_REGION_I;
		}
	}
	for (j = 0; j < p->nc; j++) {
		struct commune *cm = &p->c[j];
		enum dv_err ret;

		if (cm->desig == cm->a->designations)
			continue;
		ret = area_set_designations(c->db, &c->sc, cm->a->code, cm->desig, e);
		if (ret != DV_OK)
			return ret;
		c->r->border += !!(cm->desig & DESIG_BORDER);
		c->r->island += !!(cm->desig & DESIG_ISLAND);
		c->r->region3 += !!(cm->desig & DESIG_EM_REGION_III);
		c->r->difficult += !!(cm->desig & DESIG_ESPECIALLY_DIFFICULT);
		c->r->remote += !!(cm->desig & DESIG_REMOTE);
	}
	return DV_OK;
}

/* The boundaries of the imported provinces and communes, for the maps; none without the files. */
static enum dv_err shapes(struct ctx *c, struct dv_error *e)
{
	char prov[4096], com[4096];
	struct geo_opts go = {0};
	struct stat st;

	if (!c->o->shapes_dir)
		return DV_OK;
	snprintf(prov, sizeof(prov), "%s/%s", c->o->shapes_dir, GEO_PROVINCES_FILE);
	snprintf(com, sizeof(com), "%s/%s", c->o->shapes_dir, GEO_COMMUNES_FILE);
	if (stat(prov, &st) || stat(com, &st))
		return DV_OK;
	go.provinces_path = prov;
	go.communes_path = com;
	go.provinces = c->o->provinces;
	go.actor = c->o->actor;
	go.progress = c->o->progress;
	go.progress_arg = c->o->progress_arg;
	c->r->shapes_loaded = true;
	return geo_import(c->db, &c->sc, &go, &c->r->shapes, e);
}

/* Village codes: the commune's code and a two-digit number ("00004-03"). */
static enum dv_err villages(struct ctx *c, struct province *p, struct dv_error *e)
{
	size_t j;
	unsigned v, n;

	for (j = 0; j < p->nc; j++) {
		const struct commune *cm = &p->c[j];
		const struct area *a = cm->a;
		bool ward = !strcmp(a->kind, "Phường");
		const char *kind = ward ? "Tổ dân phố" : "Thôn";
		const char *kind_en = ward ? "Residential group" : "Village";

		n = 3 + rnd(a->code, 10, 6);
		for (v = 1; v <= n; v++) {
			struct area_new in = {
			    .parent_code = a->code,
			    .level = AREA_VILLAGE,
			    .kind = kind,
			    .kind_en = kind_en,
			    .synthetic = true,
			};
			char code[32], name[64], name_en[64];
			enum dv_err ret;

			snprintf(code, sizeof(code), "%s-%02u", a->code, v);
			snprintf(name, sizeof(name), "%s %u", kind, v);
			snprintf(name_en, sizeof(name_en), "%s %u", kind_en, v);
			in.code = code;
			in.name = name;
			in.name_en = name_en;
			in.full_name = arena_printf(c->a, "%s, %s", name, a->full_name);
			in.full_name_en = arena_printf(c->a, "%s, %s", name_en, a->full_name_en);
			if (!in.full_name || !in.full_name_en)
				return dv_fail(e, DV_ENOMEM, "out of memory building the demo");
			/* Illustrative: half the villages of a Region III commune are especially
			 * difficult. */
			if ((cm->desig & DESIG_EM_REGION_III) && rnd(code, 11, 2))
				in.designations = DESIG_ESPECIALLY_DIFFICULT;
			ret = area_insert(c->db, &c->sc, &in, NULL, e);
			if (ret != DV_OK)
				return ret;
			c->r->villages++;
		}
	}
	return DV_OK;
}

static enum dv_err areas_tx(struct ctx *c, struct dv_error *e)
{
	enum dv_err ret;
	size_t i;
	char detail[128];

	ret = db_begin(c->db, DB_TX_WRITE, e);
	if (ret != DV_OK)
		return ret;
	for (i = 0; i < c->np; i++) {
		ret = designate(c, &c->p[i], e);
		if (ret == DV_OK)
			ret = villages(c, &c->p[i], e);
		if (ret != DV_OK)
			goto cleanup;
		progress(c, "villages", i + 1, c->np);
	}
	snprintf(detail, sizeof(detail), "%lld synthetic villages, illustrative designations",
	         (long long)c->r->villages);
	ret = audit_append(c->db, &c->sc, c->o->actor, "demo.areas", "area", "VN", detail, e);
	if (ret == DV_OK)
		ret = db_commit(c->db, e);
cleanup:
	if (ret != DV_OK)
		db_rollback(c->db);
	return ret;
}

static enum dv_err add_unit(struct ctx *c, int64_t parent, const char *kind, const char *name,
                            const char *name_en, const char *home, int64_t *id, struct dv_error *e)
{
	struct unit_new in = {parent, kind, name, name_en, home};
	int64_t tmp;
	enum dv_err ret;

	if (!name || !name_en)
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo");
	ret = unit_create(c->db, &c->sc, &in, id ? id : &tmp, e);
	if (ret == DV_OK)
		c->r->units++;
	return ret;
}

/*
 * The civil units of a province. The party committee leads the province, so everything civil
 * sits under it (its leader sees the whole province): its mass mobilisation board, the people's
 * committee (with the communes' people's committees below it), the police, the Fatherland Front
 * and, per commune, the commune party committee and its mass mobilisation board.
 */
static enum dv_err civil_units(struct ctx *c, struct province *p, struct dv_error *e)
{
	const struct area *pa = p->a;
	bool city = !strcmp(pa->kind, "Thành phố");
	const char *party, *party_en;
	const char *pof = of(c, pa);
	enum dv_err ret;
	size_t j;
	unsigned v;

	if (city)
		party = arena_printf(c->a, "Thành ủy %s",
		                     !strcmp(pa->name, "Hồ Chí Minh") ? pa->full_name : pa->name);
	else
		party = arena_printf(c->a, "Tỉnh ủy %s", pa->name);
	party_en = arena_printf(c->a, "%s Party Committee", pa->full_name_en);
	ret = add_unit(c, c->o->root_id, "party-committee", party, party_en, pa->code, &p->party_id,
	               e);
	if (ret == DV_OK)
		ret = add_unit(c, p->party_id, "mm-board",
		               arena_printf(c->a, "Ban Dân vận %s", party),
		               arena_printf(c->a, "Mass Mobilisation Board of the %s", party_en),
		               pa->code, &p->mm_id, e);
	if (ret == DV_OK)
		ret = add_unit(c, p->party_id, "peoples-committee",
		               arena_printf(c->a, "Ủy ban nhân dân %s", pof),
		               arena_printf(c->a, "%s People's Committee", pa->full_name_en),
		               pa->code, &p->pc_id, e);
	if (ret == DV_OK)
		ret =
		    add_unit(c, p->party_id, "police", arena_printf(c->a, "Công an %s", pof),
		             arena_printf(c->a, "%s Police", pa->full_name_en), pa->code, NULL, e);
	if (ret != DV_OK)
		return ret;

	if (import_code_listed(front_provinces, pa->code)) {
		static const char *const orgs[][3] = {
		    {"youth-union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
		     "Ho Chi Minh Communist Youth Union"},
		    {"womens-union", "Hội Liên hiệp Phụ nữ", "Women's Union"},
		    {"farmers-union", "Hội Nông dân", "Farmers' Union"},
		    {"veterans-association", "Hội Cựu chiến binh", "Veterans' Association"},
		};
		int64_t front;
		size_t k;

		ret = add_unit(c, p->party_id, "fatherland-front",
		               arena_printf(c->a, "Ủy ban Mặt trận Tổ quốc Việt Nam %s", pof),
		               arena_printf(c->a, "Viet Nam Fatherland Front Committee of %s",
		                            pa->full_name_en),
		               pa->code, &front, e);
		for (k = 0; ret == DV_OK && k < sizeof(orgs) / sizeof(orgs[0]); k++)
			ret = add_unit(c, front, orgs[k][0],
			               arena_printf(c->a, "%s %s", orgs[k][1], pof),
			               arena_printf(c->a, "%s of %s", orgs[k][2], pa->full_name_en),
			               pa->code, NULL, e);
		if (ret != DV_OK)
			return ret;
	}

	for (j = 0; j < p->nc; j++) {
		struct commune *cm = &p->c[j];
		const struct area *a = cm->a;
		const char *cof = of(c, a);
		const char *cparty = arena_printf(c->a, "Đảng ủy %s", cof);
		const char *cparty_en = arena_printf(c->a, "%s Party Committee", a->full_name_en);

		ret = add_unit(c, p->party_id, "party-committee", cparty, cparty_en, a->code,
		               &cm->party_id, e);
		if (ret == DV_OK)
			ret = add_unit(
			    c, cm->party_id, "mm-board",
			    arena_printf(c->a, "Ban Dân vận %s", cparty),
			    arena_printf(c->a, "Mass Mobilisation Board of the %s", cparty_en),
			    a->code, &cm->mm_id, e);
		if (ret == DV_OK)
			ret = add_unit(c, p->pc_id, "peoples-committee",
			               arena_printf(c->a, "Ủy ban nhân dân %s", cof),
			               arena_printf(c->a, "%s People's Committee", a->full_name_en),
			               a->code, &cm->pc_id, e);
		if (ret != DV_OK)
			return ret;
		/* Village teams in the first two communes of each province. */
		if (j >= 2)
			continue;
		for (v = 1; v <= 8; v++) {
			char vcode[32];
			struct area va;

			snprintf(vcode, sizeof(vcode), "%s-%02u", a->code, v);
			if (area_get(c->db, &c->sc, vcode, c->a, &va, e) != DV_OK) {
				dv_error_clear(e);
				break;
			}
			ret = add_unit(c, cm->mm_id, "village-team",
			               arena_printf(c->a, "Tổ dân vận %s, %s", va.name, cof),
			               arena_printf(c->a, "%s Mass Mobilisation Team, %s",
			                            va.name_en, a->full_name_en),
			               vcode, NULL, e);
			if (ret != DV_OK)
				return ret;
		}
	}
	return DV_OK;
}

static struct province *find_province(struct ctx *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->np; i++)
		if (!strcmp(c->p[i].a->code, code))
			return &c->p[i];
	return NULL;
}

static enum dv_err ministry(struct ctx *c, struct dv_error *e)
{
	if (c->ministry_id)
		return DV_OK;
	return add_unit(c, c->o->root_id, "defence-ministry", "Bộ Quốc phòng",
	                "Ministry of National Defence", "VN", &c->ministry_id, e);
}

/* A military region with its division, regiments, battalions and military commands. */
static enum dv_err military_region(struct ctx *c, size_t m, struct dv_error *e)
{
	const struct region *rg = &regions[m];
	struct province *served[8], *home;
	size_t ns = 0, i, j;
	int64_t div, reg;
	enum dv_err ret;
	unsigned r, b;

	for (i = 0; i < c->np && ns < 8; i++)
		if (import_code_listed(rg->provinces, c->p[i].a->code))
			served[ns++] = &c->p[i];
	if (ns == 0)
		return DV_OK;
	home = find_province(c, rg->hq);
	if (!home)
		home = served[0];
	ret = ministry(c, e);
	if (ret == DV_OK)
		ret = add_unit(c, c->ministry_id, "military-region", rg->name, rg->name_en,
		               home->a->code, &c->mr_id[m], e);
	for (i = 0; ret == DV_OK && i < ns; i++) {
		served[i]->mr = (int)m;
		if (served[i] != home)
			ret = unit_add_area(c->db, &c->sc, c->mr_id[m], served[i]->a->code, e);
	}
	if (ret != DV_OK)
		return ret;
	c->r->military_regions++;

	ret = add_unit(c, c->mr_id[m], "division", rg->division, rg->division_en, home->a->code,
	               &div, e);
	for (r = 1; ret == DV_OK && r <= 3; r++) {
		struct province *rp = served[(r - 1) % ns];
		const char *rname = arena_printf(c->a, "Trung đoàn %u (%s)", r, rg->division);

		ret = add_unit(c, div, "regiment", rname,
		               arena_printf(c->a, "Regiment %u (%s)", r, rg->division_en),
		               rp->a->code, &reg, e);
		if (ret == DV_OK && r == 1) {
			c->regiment_id[m] = reg;
			c->regiment_name[m] = rname;
		}
		/* Battalions are homed in communes of their regiment's province. */
		for (b = 1; ret == DV_OK && b <= 3 && rp->nc; b++) {
			const struct area *ca =
			    rp->c[rnd(rp->a->code, 100 * r + b + (unsigned)m * 1000,
			              (unsigned)rp->nc)]
			        .a;

			ret = add_unit(c, reg, "battalion",
			               arena_printf(c->a, "Tiểu đoàn %u (%s)", b, rname),
			               arena_printf(c->a, "Battalion %u (Regiment %u, %s)", b, r,
			                            rg->division_en),
			               ca->code, NULL, e);
		}
	}
	for (i = 0; ret == DV_OK && i < ns; i++) {
		struct province *p = served[i];
		const char *pof = of(c, p->a);

		ret = add_unit(c, c->mr_id[m], "provincial-military-command",
		               arena_printf(c->a, "Bộ Chỉ huy Quân sự %s", pof),
		               arena_printf(c->a, "%s Military Command", p->a->full_name_en),
		               p->a->code, &p->mil_id, e);
		for (j = 0; ret == DV_OK && j < p->nc; j++)
			ret = add_unit(
			    c, p->mil_id, "commune-military-command",
			    arena_printf(c->a, "Ban Chỉ huy Quân sự %s", of(c, p->c[j].a)),
			    arena_printf(c->a, "%s Military Command", p->c[j].a->full_name_en),
			    p->c[j].a->code, NULL, e);
	}
	return ret;
}

/* A provincial border guard command with one post for every two border communes. */
static enum dv_err border_guard(struct ctx *c, struct province *p, struct dv_error *e)
{
	int64_t cmd, post = 0;
	size_t j, k = 0;
	enum dv_err ret;

	ret = ministry(c, e);
	if (ret == DV_OK)
		ret = add_unit(c, c->ministry_id, "border-guard-command",
		               arena_printf(c->a, "Bộ Chỉ huy Bộ đội Biên phòng %s", of(c, p->a)),
		               arena_printf(c->a, "%s Border Guard Command", p->a->full_name_en),
		               p->a->code, &cmd, e);
	for (j = 0; ret == DV_OK && j < p->nc; j++) {
		const struct area *a = p->c[j].a;

		if (!(p->c[j].desig & DESIG_BORDER))
			continue;
		if (k++ % 2 == 0)
			ret = add_unit(c, cmd, "border-guard-post",
			               arena_printf(c->a, "Đồn Biên phòng %s", a->name),
			               arena_printf(c->a, "%s Border Guard Post", a->name_en),
			               a->code, &post, e);
		else
			ret = unit_add_area(c->db, &c->sc, post, a->code, e);
	}
	return ret;
}

static enum dv_err units_tx(struct ctx *c, struct dv_error *e)
{
	enum dv_err ret;
	size_t i;
	char detail[128];

	ret = db_begin(c->db, DB_TX_WRITE, e);
	if (ret != DV_OK)
		return ret;
	for (i = 0; i < c->np; i++) {
		ret = civil_units(c, &c->p[i], e);
		if (ret != DV_OK)
			goto cleanup;
		progress(c, "units", i + 1, c->np + NREGIONS);
	}
	for (i = 0; i < NREGIONS; i++) {
		ret = military_region(c, i, e);
		if (ret != DV_OK)
			goto cleanup;
		progress(c, "units", c->np + i + 1, c->np + NREGIONS);
	}
	for (i = 0; i < c->np; i++) {
		if (!c->p[i].border)
			continue;
		ret = border_guard(c, &c->p[i], e);
		if (ret != DV_OK)
			goto cleanup;
	}
	snprintf(detail, sizeof(detail), "%lld demo units", (long long)c->r->units);
	ret = audit_append(c->db, &c->sc, c->o->actor, "demo.units", "unit", "demo", detail, e);
	if (ret == DV_OK)
		ret = db_commit(c->db, e);
cleanup:
	if (ret != DV_OK)
		db_rollback(c->db);
	return ret;
}

static enum dv_err add_user(struct ctx *c, const char *login, const char *display, int64_t unit_id,
                            const char *unit_name, const char *role, struct dv_error *e)
{
	struct demo_login *l;
	enum dv_err ret;
	size_t i;

	if (c->r->nlogins >= DEMO_MAX_LOGINS)
		return DV_OK;
	l = &c->r->logins[c->r->nlogins];
	snprintf(l->login, sizeof(l->login), "%s", login);
	/* Two demo accounts may share a slug (same commune names): keep logins unique. */
	for (i = 0; i < c->r->nlogins; i++)
		if (!strcmp(c->r->logins[i].login, l->login))
			snprintf(l->login, sizeof(l->login), "%s%zu", login, c->r->nlogins);
	app_random_password(l->password, 21);
	snprintf(l->role, sizeof(l->role), "%s", role);
	snprintf(l->unit, sizeof(l->unit), "%s", unit_name);
	ret = app_user_create(c->app, c->db, &c->sc, c->o->actor, l->login, display, unit_id, role,
	                      l->password, NULL, e);
	if (ret == DV_OK)
		c->r->nlogins++;
	return ret;
}

/* The commune named `name` in p, else its first commune. */
static struct commune *pick_commune(struct province *p, const char *name)
{
	size_t j;

	for (j = 0; j < p->nc; j++)
		if (name && !strcmp(p->c[j].a->name, name))
			return &p->c[j];
	return p->nc ? &p->c[0] : NULL;
}

static enum dv_err users(struct ctx *c, struct dv_error *e)
{
	struct province *main_p = find_province(c, "01"), *other;
	struct commune *cm;
	char s1[64], s2[96], login[128];
	enum dv_err ret;
	size_t m;
	struct unit u;

	if (!main_p)
		main_p = &c->p[0];
	other = find_province(c, "79");
	if (!other || other == main_p)
		other = c->np > 1 ? (main_p == &c->p[0] ? &c->p[1] : &c->p[0]) : main_p;

	slug(s1, sizeof(s1), main_p->a->name_en);
	snprintf(login, sizeof(login), "lanhdao.%s", s1);
#define UNIT_NAME(id) (unit_get(c->db, &c->sc, (id), c->a, &u, NULL) == DV_OK ? u.name : "")
	ret = add_user(c, login, arena_printf(c->a, "Lãnh đạo %s (demo)", main_p->a->name),
	               main_p->party_id, UNIT_NAME(main_p->party_id), "leader", e);
	if (ret != DV_OK)
		return ret;
	snprintf(login, sizeof(login), "thanhtra.%s", s1);
	ret = add_user(c, login, arena_printf(c->a, "Thanh tra %s (demo)", main_p->a->name),
	               main_p->pc_id, UNIT_NAME(main_p->pc_id), "inspector", e);
	if (ret != DV_OK)
		return ret;
	cm = pick_commune(main_p, "Ba Đình");
	if (cm) {
		slug(s2, sizeof(s2), cm->a->name_en);
		snprintf(login, sizeof(login), "giaiquyet.%s", s2);
		ret = add_user(c, login,
		               arena_printf(c->a, "Người giải quyết %s (demo)", cm->a->name),
		               cm->pc_id, UNIT_NAME(cm->pc_id), "settler", e);
		if (ret != DV_OK)
			return ret;
		snprintf(login, sizeof(login), "canbo.%s", s2);
		ret = add_user(c, login, arena_printf(c->a, "Cán bộ %s (demo)", cm->a->name),
		               cm->pc_id, UNIT_NAME(cm->pc_id), "officer", e);
		if (ret != DV_OK)
			return ret;
	}
	cm = other != main_p ? pick_commune(other, "Sài Gòn") : NULL;
	if (cm) {
		slug(s2, sizeof(s2), cm->a->name_en);
		snprintf(login, sizeof(login), "canbo.%s", s2);
		ret = add_user(c, login, arena_printf(c->a, "Cán bộ %s (demo)", cm->a->name),
		               cm->pc_id, UNIT_NAME(cm->pc_id), "officer", e);
		if (ret != DV_OK)
			return ret;
	}
	/* The military region serving `other` when there is one, else the first built. */
	m = NREGIONS;
	if (other->mr >= 0)
		m = (size_t)other->mr;
	else
		for (m = 0; m < NREGIONS && !c->mr_id[m]; m++)
			;
	if (m < NREGIONS && c->mr_id[m]) {
		snprintf(login, sizeof(login), "lanhdao.%s", regions[m].slug);
		ret = add_user(c, login, arena_printf(c->a, "Lãnh đạo %s (demo)", regions[m].name),
		               c->mr_id[m], regions[m].name, "leader", e);
		if (ret != DV_OK)
			return ret;
		snprintf(login, sizeof(login), "canbo.trungdoan1.f%d", regions[m].division_no);
		ret =
		    add_user(c, login, arena_printf(c->a, "Cán bộ %s (demo)", c->regiment_name[m]),
		             c->regiment_id[m], c->regiment_name[m], "officer", e);
	}
#undef UNIT_NAME
	return ret;
}

/* One demo case: submitted, then taken through `acts` (ACT__COUNT ends the list). */
struct demo_case {
	enum case_kind kind;
	const char *topic, *title, *text;
	const char *name, *contact, *address; /* fictional */
	enum case_action acts[4];
	const char *decision;
};

static const struct demo_case demo_cases[] = {
    {KIND_FEEDBACK, "infrastructure", "Đèn đường hỏng trên tuyến phố chính",
     "Ba cột đèn đường trước chợ không sáng đã hai tuần, người đi đường rất khó khăn vào buổi "
     "tối.",
     "Nguyễn Thị Hoa (minh họa)", "hoa.minhhoa@example.vn", NULL,
     {ACT_START, ACT_DECIDE, ACT__COUNT}, "Đã thay bóng đèn và sửa đường dây trong tuần."},
    {KIND_FEEDBACK, "environment", "Rác thải tập kết sai nơi quy định",
     "Điểm tập kết rác tự phát cạnh nhà văn hóa gây mùi hôi.", "Trần Văn Nam (minh họa)",
     "0900000001", NULL, {ACT__COUNT}, NULL},
    {KIND_COMPLAINT1, "land", "Khiếu nại quyết định thu hồi đất",
     "Gia đình không đồng ý mức bồi thường khi thu hồi đất làm đường.",
     "Lê Văn Minh (minh họa)", "minh.minhhoa@example.vn", "Tổ dân phố số 2 (minh họa)",
     {ACT_ACCEPT, ACT__COUNT}, NULL},
    {KIND_COMPLAINT1, "admin-procedures", "Khiếu nại việc chậm cấp giấy chứng nhận",
     "Hồ sơ nộp đã quá hạn giải quyết nhưng chưa được trả kết quả.",
     "Phạm Thị Lan (minh họa)", "lan.minhhoa@example.vn", NULL,
     {ACT_ACCEPT, ACT_DECIDE, ACT_ESCALATE, ACT__COUNT},
     "Khiếu nại đúng một phần; yêu cầu trả kết quả trong 5 ngày."},
    {KIND_PETITION, "social-policy", "Kiến nghị của cử tri về chế độ cho người cao tuổi",
     "Cử tri đề nghị rà soát danh sách hưởng trợ cấp người cao tuổi.", NULL, NULL, NULL,
     {ACT_START, ACT__COUNT}, NULL},
};

/* One denunciation (sealed identity) and one anonymous report: in the first province only. */
static const struct demo_case demo_denunciation = {
    KIND_DENUNCIATION, "officials-conduct", "Tố cáo cán bộ gây khó khăn khi giải quyết hồ sơ",
    "Cán bộ một cửa yêu cầu nộp thêm khoản tiền ngoài quy định.", "Hoàng Văn Tố (minh họa)",
    "to.minhhoa@example.vn", "Số 1 phố Minh Họa", {ACT_ACCEPT, ACT__COUNT}, NULL};
static const struct demo_case demo_anonymous = {
    KIND_ANONYMOUS, "security-order", "Phản ánh nặc danh về tụ tập đánh bạc",
    "Thường xuyên có nhóm người tụ tập đánh bạc ở bãi đất trống cuối ngõ.", NULL, NULL, NULL,
    {ACT_START, ACT__COUNT}, NULL};

static enum dv_err demo_case(struct ctx *c, const struct commune *cm, const struct demo_case *d,
                             struct dv_error *e)
{
	struct scope anon = scope_anonymous();
	struct intake in;
	char code[TRACKING_LEN + 1];
	int64_t id = 0, created;
	enum dv_err ret;
	size_t k;

	memset(&in, 0, sizeof(in));
	in.kind = d->kind;
	in.channel = CHANNEL_WEB;
	in.topic_code = d->topic;
	in.area_code = cm->a->code;
	in.title = d->title;
	in.description = d->text;
	in.people_count = 1;
	in.name = d->name;
	in.contact = d->contact;
	in.address = d->address;
	in.signed_ = d->kind == KIND_DENUNCIATION;
	ret = app_case_submit(c->app, c->db, &anon, &in, c->a, &id, code, e);
	for (k = 0; ret == DV_OK && k < 4 && d->acts[k] != ACT__COUNT; k++) {
		struct case_action_req req;

		memset(&req, 0, sizeof(req));
		req.action = d->acts[k];
		req.complex = -1;
		req.note = d->acts[k] == ACT_DECIDE ? d->decision : NULL;
		ret = app_case_act(c->app, c->db, &c->sc, c->o->actor, id, &req, &created, e);
	}
	return ret;
}

/* Demo cases of every kind (a second-time one by escalation) in the communes of the demo accounts (Ba Đình, Sài Gòn). */
static enum dv_err cases(struct ctx *c, struct dv_error *e)
{
	struct province *ps[2] = {find_province(c, "01"), find_province(c, "79")};
	enum dv_err ret = DV_OK;
	size_t i, k;

	if (!c->app->have_key) {
		ret = app_load_key(c->app, e);
		if (ret != DV_OK)
			return ret;
	}
	for (i = 0; ret == DV_OK && i < 2; i++) {
		struct commune *cm;

		if (!ps[i] || (i == 1 && ps[1] == ps[0]))
			continue;
		cm = pick_commune(ps[i], i == 0 ? "Ba Đình" : "Sài Gòn");
		if (!cm || !cm->pc_id)
			continue;
		for (k = 0; ret == DV_OK && k < sizeof(demo_cases) / sizeof(demo_cases[0]); k++)
			ret = demo_case(c, cm, &demo_cases[k], e);
		if (ret == DV_OK)
			ret = demo_case(c, cm, i == 0 ? &demo_denunciation : &demo_anonymous, e);
	}
	return ret;
}

enum dv_err demo_build(struct app *app, struct db *db, const struct demo_opts *opts,
                       struct demo_result *out, struct dv_error *e)
{
	struct ctx c;
	enum dv_err ret;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.app = app;
	c.db = db;
	c.sc = scope_system();
	c.o = opts;
	c.r = out;
	c.a = arena_new();
	if (!c.a)
		return dv_fail(e, DV_ENOMEM, "out of memory building the demo");
	ret = load(&c, e);
	if (ret == DV_OK)
		ret = shapes(&c, e);
	if (ret == DV_OK)
		ret = areas_tx(&c, e);
	if (ret == DV_OK)
		ret = units_tx(&c, e);
	if (ret == DV_OK)
		ret = users(&c, e);
	if (ret == DV_OK)
		ret = cases(&c, e);
	if (ret == DV_OK) {
		progress(&c, "work", 0, 1);
		ret = demo_work(app, db, e);
		if (ret == DV_OK)
			ret = demo_emulation(app, db, out, e);
		progress(&c, "work", 1, 1);
	}
	arena_free(c.a);
	return ret;
}
