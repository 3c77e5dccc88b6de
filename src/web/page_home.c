/* page_home.c: the home page: what the signed-in user can see, counted in their scope. */
#include <stdbool.h>
#include <stdint.h>

#include "core/kinds.h"
#include "store/area.h"
#include "store/unit.h"
#include "store/user.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/layout.h"

#include "base/banned.h"

static void count_row(struct request *req, struct response *resp, const char *label, int64_t n,
                      const char *href)
{
	html_f(&resp->body,
	       "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th>"
	       "<td class=\"num\">%D</td></tr>",
	       href, label, n);
}

void h_home(struct request *req, struct response *resp)
{
	bool own = false;
	struct dv_error e = DV_ERROR_INIT;
	int64_t areas[4] = {0, 0, 0, 0};
	int64_t units = 0, users = 0;
	bool can_users = scope_can(&req->scope, PERM_USER_READ);
	bool have_unit = false;
	struct unit u;
	const struct vocab *lv;
	struct strbuf *b = &resp->body;

	if (page_read_begin(req, &own, &e) != DV_OK)
		goto fail;
	if (area_count_by_level(req->db, &req->scope, areas, &e) != DV_OK)
		goto fail_tx;
	if (unit_count(req->db, &req->scope, &units, &e) != DV_OK)
		goto fail_tx;
	if (can_users && user_count(req->db, &req->scope, &users, &e) != DV_OK)
		goto fail_tx;
	have_unit =
	    unit_get(req->db, &req->scope, req->who->unit_id, req->arena, &u, NULL) == DV_OK;

	page_begin(req, resp, T(req, M_HOME_TITLE));
	page_read_end(req, own);

	html_f(b, "<h1>%s</h1>", T(req, M_HOME_TITLE));
	html_f(b, "<p class=\"lead\">%s, <strong>%s</strong>.</p>", T(req, M_HOME_WELCOME),
	       req->who->display_name && *req->who->display_name ? req->who->display_name
	                                                         : req->who->login);

	html_raw(b, "<div class=\"cards\">");
	html_f(b, "<section class=\"card\"><h2>%s</h2><dl class=\"details\">", T(req, M_HOME_YOU));
	html_f(b, "<dt>%s</dt><dd>", T(req, M_FIELD_UNIT));
	if (have_unit)
		html_f(b, "<a href=\"/units/%D\">%s</a>", u.id, page_pick(req, u.name, u.name_en));
	else
		html_raw(b, "—");
	html_f(b, "</dd><dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_ROLE),
	       page_role(req, req->who->role));
	html_f(b, "<dt>%s</dt><dd>%s</dd>", T(req, M_FIELD_LOGIN), req->who->login);
	html_raw(b, "</dl></section>");

	html_f(b, "<section class=\"card\"><h2>%s</h2>", T(req, M_HOME_SCOPE));
	html_f(b, "<table class=\"counts\"><caption class=\"sr-only\">%s</caption><tbody>",
	       T(req, M_HOME_SCOPE));
	for (lv = area_levels; lv->code; lv++) {
		const char *href;

		if (lv->bit_or_level == AREA_NATION)
			continue; /* there is one nation; counting it says nothing */
		href = arena_printf(req->arena, "/areas?level=%u", (unsigned)lv->bit_or_level);
		count_row(req, resp, page_pick(req, lv->vi, lv->en), areas[lv->bit_or_level],
		          href ? href : "/areas");
	}
	count_row(req, resp, T(req, M_NAV_UNITS), units, "/units");
	if (can_users)
		count_row(req, resp, T(req, M_NAV_USERS), users, "/users");
	html_raw(b, "</tbody></table></section>");

	html_f(b, "<section class=\"card\"><h2>%s</h2><ul class=\"links\">", T(req, M_HOME_GO));
	html_f(b, "<li><a href=\"/areas\">%s</a></li>", T(req, M_HOME_GO_AREAS));
	html_f(b, "<li><a href=\"/units\">%s</a></li>", T(req, M_HOME_GO_UNITS));
	if (scope_can(&req->scope, PERM_UNIT_WRITE) && have_unit)
		html_f(b, "<li><a href=\"/units/new?parent=%D\">%s</a></li>", u.id,
		       T(req, M_UNIT_ADD_CHILD));
	if (can_users)
		html_f(b, "<li><a href=\"/users\">%s</a></li>", T(req, M_HOME_GO_USERS));
	if (scope_can(&req->scope, PERM_USER_WRITE))
		html_f(b, "<li><a href=\"/users/new\">%s</a></li>", T(req, M_USER_NEW_TITLE));
	html_f(b, "<li><a href=\"/account\">%s</a></li>", T(req, M_HOME_GO_ACCOUNT));
	html_raw(b, "</ul></section></div>");
	page_end(req, resp);
	return;

fail_tx:
	page_read_fail(req);
fail:
	resp_fail(req, resp, &e);
}
