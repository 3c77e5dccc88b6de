/* page_work_import.c: activities from a spreadsheet: the upload form, the import with its
 * report (rows read, written, refused and why), and the XLSX template to fill in. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app/work.h"
#include "base/date.h"
#include "store/unit.h"
#include "web/export.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/page_work.h"

#include "base/banned.h"

/* The outcome to show above the form again; NULL before any import. */
struct outcome {
	enum import_mode mode;
	const struct import_report *rep;
};

static void report(struct request *req, struct response *resp, const struct outcome *o)
{
	struct strbuf *b = &resp->body;
	const struct import_report *r = o->rep;
	const char *p, *end;

	html_f(b, "<section class=\"import-report\"><h2>%s</h2>", T(req, M_IMP_REPORT));
	if (r->bad && o->mode == IMPORT_ALL_OR_NOTHING)
		page_notice(req, resp, "error", T(req, M_IMP_NOTHING_WRITTEN));
	else if (r->bad)
		page_notice(req, resp, "info", T(req, M_IMP_SOME_WRITTEN));
	else
		page_notice(req, resp, "ok", T(req, M_IMP_ALL_WRITTEN));
	html_f(b,
	       "<dl class=\"details\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
	       "<dd>%s</dd></dl>",
	       T(req, M_IMP_ROWS), page_int(req, r->rows), T(req, M_IMP_WRITTEN),
	       page_int(req, r->written), T(req, M_IMP_REFUSED), page_int(req, r->bad));
	if (r->shown) {
		html_f(b, "<h3>%s</h3><ul class=\"import-errors\">", T(req, M_IMP_ERRORS));
		for (p = r->text.buf; *p; p = *end ? end + 1 : end) {
			end = strchr(p, '\n');
			if (!end)
				end = p + strlen(p);
			if (end > p) {
				html_raw(b, "<li>");
				html_textn(b, p, (size_t)(end - p));
				html_raw(b, "</li>");
			}
		}
		html_raw(b, "</ul>");
		if ((int64_t)r->shown < r->bad) {
			html_raw(b, "<p class=\"muted\">");
			html_f(b, T(req, M_IMP_MORE_ERRORS),
			       page_int(req, r->bad - (int64_t)r->shown));
			html_raw(b, "</p>");
		}
	}
	html_raw(b, "</section>");
}

static void columns(struct request *req, struct response *resp)
{
	struct strbuf *b = &resp->body;
	size_t i;

	html_f(b,
	       "<details class=\"columns\"><summary>%s</summary><div class=\"table-wrap\"><table "
	       "class=\"list\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(req, M_IMP_COLUMNS), T(req, M_IMP_COL_VI), T(req, M_IMP_COL_EN),
	       T(req, M_IMP_COL_CODE));
	for (i = 0; i < activity_import_ncolumns; i++)
		html_f(b, "<tr><td>%s</td><td>%s</td><td><code>%s</code></td></tr>",
		       activity_import_titles_vi[i], activity_import_titles_en[i],
		       activity_import_columns[i]);
	html_f(b, "</tbody></table></div><p class=\"hint\">%s</p></details>",
	       T(req, M_IMP_COLUMNS_HINT));
}

static void render(struct request *req, struct response *resp, int status, enum import_mode mode,
                   const char *error, const struct outcome *o)
{
	struct strbuf *b = &resp->body;

	resp->status = status;
	page_begin(req, resp, T(req, M_IMP_TITLE));
	work_crumbs(req, resp, NULL, NULL, T(req, M_ACT_IMPORT));
	html_f(b, "<h1>%s</h1>", T(req, M_IMP_TITLE));
	if (error)
		page_notice(req, resp, "error", error);
	if (o)
		report(req, resp, o);
	html_f(b,
	       "<p>%s</p><p><a class=\"button secondary\" href=\"/activities/template.xlsx\" "
	       "download>%s</a></p>",
	       T(req, M_IMP_INTRO), T(req, M_IMP_TEMPLATE));
	columns(req, resp);
	html_f(b, "<h2>%s</h2>", T(req, o ? M_IMP_AGAIN : M_IMP_UPLOAD));
	html_raw(b, "<form method=\"post\" action=\"/activities/import\" "
	            "enctype=\"multipart/form-data\">");
	form_csrf(req, resp);
	html_f(
	    b,
	    "<div class=\"field\"><label for=\"file\">%s *</label><input id=\"file\" name=\"file\" "
	    "type=\"file\" accept=\".xlsx,.csv,application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet,text/csv\" required></div>",
	    T(req, M_IMP_FILE));
	html_f(b,
	       "<fieldset><legend>%s</legend><div class=\"field check\"><input type=\"radio\" "
	       "id=\"mode_all\" name=\"mode\" value=\"all_or_nothing\"%R><label for=\"mode_all\">"
	       "%s</label></div><div class=\"field check\"><input type=\"radio\" id=\"mode_valid\" "
	       "name=\"mode\" value=\"valid_rows\"%R><label for=\"mode_valid\">%s</label></div>"
	       "</fieldset>",
	       T(req, M_IMP_MODE), mode == IMPORT_ALL_OR_NOTHING ? " checked" : "",
	       T(req, M_IMP_MODE_ALL), mode == IMPORT_VALID_ROWS ? " checked" : "",
	       T(req, M_IMP_MODE_VALID));
	html_f(b,
	       "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/activities\">"
	       "%s</a></div>",
	       T(req, M_IMP_SUBMIT), T(req, M_CANCEL));
	form_end(req, resp);
	page_end(req, resp);
}

void h_activity_import_form(struct request *req, struct response *resp)
{
	render(req, resp, 200, IMPORT_ALL_OR_NOTHING, NULL, NULL);
}

void h_activity_import(struct request *req, struct response *resp)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *m = params_get(&req->form, "mode");
	const struct multipart_part *part = NULL;
	struct import_report rep;
	struct outcome o;
	enum import_mode mode = IMPORT_ALL_OR_NOTHING;
	enum dv_err ret;
	size_t i;

	if (m && !strcmp(m, "valid_rows"))
		mode = IMPORT_VALID_ROWS;
	else if (m && *m && strcmp(m, "all_or_nothing")) {
		render(req, resp, 400, mode, T(req, M_IMP_BAD_MODE), NULL);
		return;
	}
	for (i = 0; i < req->n_files && !part; i++)
		if (req->files[i].name && !strcmp(req->files[i].name, "file"))
			part = &req->files[i];
	if (!part && req->n_files)
		part = &req->files[0];
	if (!part || !part->len) {
		render(req, resp, 400, mode, T(req, M_IMP_NO_FILE), NULL);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	ret = app_activity_import(req->app, req->db, &req->scope, req->who->login,
	                                   part->data, part->len, mode, NULL, NULL, &rep, &e);
	if (ret != DV_OK && ret != DV_EINVAL) {
		import_report_release(&rep);
		resp_fail(req, resp, &e);
		return;
	}
	o.mode = mode;
	o.rep = &rep;
	if (ret == DV_EINVAL && !rep.rows && !rep.bad) /* the file itself: no header, not a sheet */
		render(req, resp, 400, mode, page_error_text(req, &e), NULL);
	else
		render(req, resp, ret == DV_OK || rep.written ? 200 : 400, mode, NULL, &o);
	import_report_release(&rep);
}

/* The template's cells of one column: how Excel should show them. */
static enum export_col_type column_type(const char *code)
{
	if (!strcmp(code, "start_on") || !strcmp(code, "end_on"))
		return EXPORT_COL_DATE;
	if (!strcmp(code, "value_cash") || !strcmp(code, "value_kind"))
		return EXPORT_COL_MONEY;
	if (!strcmp(code, "workdays"))
		return EXPORT_COL_NUM;
	if (!strcmp(code, "lead_unit") || !strcmp(code, "participants") ||
	    !strcmp(code, "households") || !strcmp(code, "persons") ||
	    !strcmp(code, "working_group") || !strcmp(code, "target"))
		return EXPORT_COL_INT;
	return EXPORT_COL_TEXT;
}

/* The example row's cell of column `code`. */
static void example_cell(struct export_table *t, const char *code, int64_t unit_id,
                         const char *area, dv_date today)
{
	static const struct {
		const char *code;
		int64_t v;
	} numbers[] = {
	    {"participants", 30}, {"workdays", 60},         {"households", 1},
	    {"persons", 4},       {"value_cash", 50000000},
	};
	size_t i;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (!strcmp(code, numbers[i].code)) {
			export_int(t, numbers[i].v);
			return;
		}
	if (!strcmp(code, "type"))
		export_text(t, "house");
	else if (!strcmp(code, "lead_unit") && unit_id > 0)
		export_int(t, unit_id);
	else if (!strcmp(code, "area"))
		export_text(t, area);
	else if (!strcmp(code, "start_on") || !strcmp(code, "end_on"))
		export_date(t, today);
	else if (!strcmp(code, "title"))
		export_text(t, "Xây nhà đại đoàn kết cho hộ nghèo");
	else if (!strcmp(code, "measures"))
		export_text(t, "houses_built=1");
	else
		export_empty(t);
}

void h_activity_template(struct request *req, struct response *resp)
{
	struct export_col *cols;
	struct export_table *t = NULL;
	struct unit u;
	const char *area = "00004";
	size_t i, n = activity_import_ncolumns;
	dv_date today = date_of_instant(time_now());

	/* the example is the user's own: their unit, and the area it sits in */
	if (unit_get(req->db, &req->scope, req->who->unit_id, req->arena, &u, NULL) == DV_OK &&
	    u.home_area_code && *u.home_area_code)
		area = u.home_area_code;
	cols = arena_new_array(req->arena, struct export_col, n);
	if (cols) {
		for (i = 0; i < n; i++) {
			cols[i].title = activity_import_titles_vi[i];
			cols[i].type = column_type(activity_import_columns[i]);
			cols[i].width = !strcmp(activity_import_columns[i], "title") ? 40 : 0;
		}
		t = export_new(req->arena, "Hoạt động", cols, n);
	}
	for (i = 0; t && i < n; i++)
		example_cell(t, activity_import_columns[i], req->who->unit_id, area, today);
	export_row_end(t);
	work_export_send(req, resp, t, EXPORT_XLSX, "activities-template");
}
