/* page_areas.c: the area tree browser, diacritic-insensitive search, and one area's page. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/kinds.h"
#include "store/area.h"
#include "store/unit.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/parse.h"

#include "base/banned.h"

#define AREAS_PER_PAGE 50

static const char *level_name(struct request *req, int level)
{
	const struct vocab *v = area_level_find(level);

	return v ? page_pick(req, v->vi, v->en) : "";
}

static const char *area_name(struct request *req, const struct area *a)
{
	return page_pick(req, a->full_name, a->full_name_en);
}

/* ?level=N: 0..3, or -1 for any (absent, empty or malformed). */
static int query_level(struct request *req)
{
	const char *s = params_get(&req->query, "level");
	int64_t v;

	if (!s || !parse_int64(s, &v) || v > AREA_VILLAGE)
		return -1;
	return (int)v;
}

/* True when the text has something besides spaces. */
static bool has_text(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return true;
	return false;
}

static void search_form(struct request *req, struct response *resp, const char *q, int level)
{
	const struct vocab *v;
	struct strbuf *b = &resp->body;

	html_f(b,
	       "<form class=\"search\" method=\"get\" action=\"/areas\" role=\"search\">"
	       "<div class=\"field\"><label for=\"q\">%s</label>"
	       "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\" "
	       "placeholder=\"%s\"></div>",
	       T(req, M_SEARCH_LABEL), q ? q : "", T(req, M_AREA_SEARCH_HINT));
	html_f(b,
	       "<div class=\"field\"><label for=\"level\">%s</label><select id=\"level\" "
	       "name=\"level\"><option value=\"\">%s</option>",
	       T(req, M_FIELD_LEVEL), T(req, M_ANY_LEVEL));
	for (v = area_levels; v->code; v++)
		html_f(b, "<option value=\"%u\"%R>%s</option>", (unsigned)v->bit_or_level,
		       (int)v->bit_or_level == level ? " selected" : "",
		       page_pick(req, v->vi, v->en));
	html_f(b,
	       "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div>"
	       "</form>\n",
	       T(req, M_SEARCH_SUBMIT));
}

/* A table of areas; `with_parent` adds the parent's code (useful in search results). */
static void area_table(struct request *req, struct response *resp, const struct area *v, size_t n,
                       bool with_parent)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">%s"
	       "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	       T(req, M_FIELD_CODE), T(req, M_FIELD_NAME), T(req, M_FIELD_LEVEL));
	if (with_parent)
		html_f(b, "<th scope=\"col\">%s</th>", T(req, M_FIELD_PARENT_AREA));
	html_f(b, "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	       T(req, M_FIELD_CHILDREN));
	for (i = 0; i < n; i++) {
		const struct area *a = &v[i];

		html_f(b, "<tr><td><code>%s</code></td><td><a href=\"/areas/%U\">%s</a>", a->code,
		       a->code, area_name(req, a));
		if (a->valid_to)
			html_f(b, " <span class=\"badge\">%s</span>", T(req, M_AREA_RETIRED));
		if (a->synthetic)
			html_f(b, " <span class=\"badge muted\">%s</span>",
			       T(req, M_AREA_SYNTHETIC));
		html_f(b, "</td><td>%s</td>", level_name(req, a->level));
		if (with_parent) {
			if (a->parent_code)
				html_f(b, "<td><a href=\"/areas/%U\"><code>%s</code></a></td>",
				       a->parent_code, a->parent_code);
			else
				html_raw(b, "<td>—</td>");
		}
		html_f(b, "<td class=\"num\">%D</td></tr>", a->child_count);
	}
	html_raw(b, "</tbody></table></div>\n");
}

void h_areas(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	const char *q = params_get(&req->query, "q");
	int level = query_level(req);
	int64_t page = page_number(req), total = 0;
	bool searching = has_text(q) || level >= 0;
	struct area *top = NULL, *sub = NULL, *found = NULL;
	size_t n_top = 0, n_sub = 0, n_found = 0;
	struct strbuf *b = &resp->body;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (searching) {
		if (area_search(req->db, &req->scope, q ? q : "", level, AREAS_PER_PAGE,
		                (size_t)((page - 1) * AREAS_PER_PAGE), req->arena, &found, &n_found,
		                &total, &e) != DV_OK)
			goto fail_tx;
	} else {
		if (area_children(req->db, &req->scope, NULL, req->arena, &top, &n_top, &e) !=
		    DV_OK)
			goto fail_tx;
		/* One top area (the nation, or a province's unit): open it right away. */
		if (n_top == 1 && area_children(req->db, &req->scope, top[0].code, req->arena, &sub,
		                                &n_sub, &e) != DV_OK)
			goto fail_tx;
	}
	page_begin(req, resp, T(req, M_AREAS_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", T(req, M_AREAS_TITLE));
	search_form(req, resp, q, level);
	if (searching) {
		html_f(b, "<h2>%s</h2><p class=\"count\">%s: <strong>%D</strong></p>",
		       T(req, M_SEARCH_RESULTS), T(req, M_RESULT_COUNT), total);
		if (n_found)
			area_table(req, resp, found, n_found, true);
		else
			html_f(b, "<p class=\"empty\">%s</p>", T(req, M_NO_RESULTS));
		page_pager(req, resp, total, page, AREAS_PER_PAGE);
		html_f(b, "<p><a href=\"/areas\">%s</a></p>", T(req, M_AREAS_BACK_TREE));
	} else {
		html_f(b, "<h2>%s</h2>", T(req, M_AREAS_TOP));
		if (n_top)
			area_table(req, resp, top, n_top, false);
		else
			html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AREAS_NONE));
		if (n_top == 1) {
			html_f(b, "<h2>%s <a href=\"/areas/%U\">%s</a></h2>",
			       T(req, M_AREA_CHILDREN_OF), top[0].code, area_name(req, &top[0]));
			if (n_sub)
				area_table(req, resp, sub, n_sub, false);
			else
				html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AREA_NO_CHILDREN));
		}
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}

static void designations(struct request *req, struct response *resp, uint32_t bits)
{
	const struct vocab *v;
	struct strbuf *b = &resp->body;
	bool en = req->lang == LANG_EN;

	if (!bits) {
		html_raw(b, "—");
		return;
	}
	html_raw(b, "<ul class=\"tags\">");
	for (v = area_designations; v->code; v++) {
		if (!(bits & v->bit_or_level))
			continue;
		/* Both names: the official Vietnamese term matters even on the English page. */
		html_f(b, "<li>%s <span class=\"muted\" lang=\"%R\">(%s)</span></li>",
		       en ? v->en : v->vi, en ? "vi" : "en", en ? v->vi : v->en);
	}
	html_raw(b, "</ul>");
}

static void dl_row(struct response *resp, const char *term, const char *value)
{
	html_f(&resp->body, "<dt>%s</dt><dd>%s</dd>", term, value && *value ? value : "—");
}

void h_area(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	const char *code = req->args[0];
	struct area a;
	struct area *anc = NULL, *kids = NULL;
	struct unit *units = NULL;
	size_t n_anc = 0, n_kids = 0, n_units = 0, i;
	struct strbuf *b = &resp->body;
	const struct unit_kind *k;

	if (!code || !*code) {
		resp_error(req, resp, 404, DV_ENOTFOUND, NULL);
		return;
	}
	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (area_get(req->db, &req->scope, code, req->arena, &a, &e) != DV_OK)
		goto fail_tx;
	if (area_ancestors(req->db, &req->scope, a.id, req->arena, &anc, &n_anc, &e) != DV_OK)
		goto fail_tx;
	if (area_children(req->db, &req->scope, a.code, req->arena, &kids, &n_kids, &e) != DV_OK)
		goto fail_tx;
	if (unit_list_by_area(req->db, &req->scope, a.id, req->arena, &units, &n_units, &e) !=
	    DV_OK)
		goto fail_tx;
	page_begin(req, resp, area_name(req, &a));
	page_read_end(req, own);

	html_f(b, "<nav class=\"crumbs\" aria-label=\"%s\"><ol><li><a href=\"/areas\">%s</a></li>",
	       T(req, M_BREADCRUMBS), T(req, M_AREAS_TITLE));
	for (i = 0; i < n_anc; i++)
		html_f(b, "<li><a href=\"/areas/%U\">%s</a></li>", anc[i].code,
		       area_name(req, &anc[i]));
	html_f(b, "<li><span aria-current=\"page\">%s</span></li></ol></nav>", area_name(req, &a));

	html_f(b, "<h1>%s</h1>", area_name(req, &a));
	if (a.synthetic)
		page_notice(req, resp, "info", T(req, M_AREA_SYNTHETIC_NOTE));
	if (a.valid_to)
		page_notice(req, resp, "info", T(req, M_AREA_RETIRED_NOTE));

	html_raw(b, "<dl class=\"details\">");
	html_f(b, "<dt>%s</dt><dd><code>%s</code></dd>", T(req, M_FIELD_CODE), a.code);
	html_f(b, "<dt>%s</dt><dd lang=\"vi\">%s</dd>", T(req, M_FIELD_NAME_VI), a.full_name);
	html_f(b, "<dt>%s</dt><dd lang=\"en\">%s</dd>", T(req, M_FIELD_NAME_EN), a.full_name_en);
	html_f(b, "<dt>%s</dt><dd>%s <span class=\"muted\">(%s)</span></dd>", T(req, M_FIELD_KIND),
	       page_pick(req, a.kind, a.kind_en),
	       req->lang == LANG_EN ? (a.kind ? a.kind : "") : (a.kind_en ? a.kind_en : ""));
	dl_row(resp, T(req, M_FIELD_LEVEL), level_name(req, a.level));
	if (a.has_centroid) {
		html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_CENTROID),
		       arena_printf(req->arena, "%.5f, %.5f", a.lat, a.lon));
		if (a.area_km2 > 0)
			html_f(b, "<dt>%s</dt><dd>%s km²</dd>", T(req, M_FIELD_AREA_KM2),
			       arena_printf(req->arena, "%.2f", a.area_km2));
	}
	html_f(b, "<dt>%s</dt><dd>", T(req, M_FIELD_DESIGNATIONS));
	designations(req, resp, a.designations);
	html_raw(b, "</dd>");
	dl_row(resp, T(req, M_FIELD_VALID_FROM), a.valid_from);
	dl_row(resp, T(req, M_FIELD_VALID_TO), a.valid_to ? a.valid_to : T(req, M_AREA_IN_FORCE));
	if (a.successor_code)
		html_f(b, "<dt>%s</dt><dd><a href=\"/areas/%U\"><code>%s</code></a></dd>",
		       T(req, M_FIELD_SUCCESSOR), a.successor_code, a.successor_code);
	if (a.synthetic)
		dl_row(resp, T(req, M_FIELD_SOURCE), T(req, M_AREA_SYNTHETIC));
	html_raw(b, "</dl>");

	html_f(b, "<h2>%s (%zu)</h2>", T(req, M_AREA_CHILDREN), n_kids);
	if (n_kids)
		area_table(req, resp, kids, n_kids, false);
	else
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AREA_NO_CHILDREN));

	html_f(b, "<h2>%s (%zu)</h2>", T(req, M_AREA_UNITS), n_units);
	if (n_units) {
		html_f(b,
		       "<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		       T(req, M_FIELD_NAME), T(req, M_FIELD_KIND));
		for (i = 0; i < n_units; i++) {
			k = unit_kind_find(units[i].kind);
			html_f(b, "<tr><td><a href=\"/units/%D\">%s</a></td><td>%s</td></tr>",
			       units[i].id, page_pick(req, units[i].name, units[i].name_en),
			       k ? page_pick(req, k->vi, k->en) : units[i].kind);
		}
		html_raw(b, "</tbody></table></div>");
	} else {
		html_f(b, "<p class=\"empty\">%s</p>", T(req, M_AREA_NO_UNITS));
	}
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}
