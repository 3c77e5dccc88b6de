/* layout.c: the one page layout (head, header, navigation, footer), forms with CSRF, widgets. */
#include "web/layout.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "danvan_version.h"
#include "store/unit.h"
#include "web/html.h"
#include "web/parse.h"
#include "web/router.h"

#include "base/banned.h"

const char *page_pick(const struct request *req, const char *vi, const char *en)
{
	if (req->lang == LANG_EN && en && *en)
		return en;
	return vi ? vi : "";
}

const char *page_role(const struct request *req, enum role role)
{
	static const enum msg_id ids[ROLE__COUNT] = {
	    [ROLE_NONE] = M_ROLE_NONE,           [ROLE_OFFICER] = M_ROLE_OFFICER,
	    [ROLE_SETTLER] = M_ROLE_SETTLER,     [ROLE_LEADER] = M_ROLE_LEADER,
	    [ROLE_INSPECTOR] = M_ROLE_INSPECTOR, [ROLE_ADMIN] = M_ROLE_ADMIN,
	};

	if ((unsigned)role >= ROLE__COUNT)
		role = ROLE_NONE;
	return T(req, ids[role]);
}

int64_t page_number(const struct request *req)
{
	int64_t n;
	const char *s = params_get(&req->query, "page");

	if (!s || !parse_int64(s, &n) || n < 1 || n > 1000000)
		return 1;
	return n;
}

const char *page_time(struct request *req, int64_t t)
{
	char buf[17];

	if (t <= 0)
		return "—";
	time_format_short(t, buf);
	return arena_strdup(req->arena, buf);
}

/* Append the digits of `v` (>= 0) with a separator between groups of three. */
static void group_digits(struct strbuf *sb, uint64_t v, char sep)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v), i;

	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			strbuf_addch(sb, sep);
		strbuf_addch(sb, digits[i]);
	}
}

const char *page_int(struct request *req, int64_t v)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	strbuf_init(&sb, 64, 32);
	if (v < 0)
		strbuf_addch(&sb, '-');
	group_digits(&sb, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v,
	             req->lang == LANG_EN ? ',' : '.');
	out = sb.failed ? NULL : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return out ? out : "—";
}

const char *page_num(struct request *req, double v, int decimals)
{
	struct strbuf sb = STRBUF_INIT;
	char frac[16];
	double whole, scale = 1;
	const char *out;
	int i, len;

	if (!isfinite(v) || fabs(v) >= 1e18)
		return "—";
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	for (i = 0; i < decimals; i++)
		scale *= 10;
	v = round(v * scale) / scale; /* 2.999 with 2 places is 3, not "2,100" */
	strbuf_init(&sb, 64, 32);
	if (v < 0) {
		strbuf_addch(&sb, '-');
		v = -v;
	}
	whole = floor(v);
	group_digits(&sb, (uint64_t)whole, req->lang == LANG_EN ? ',' : '.');
	len = snprintf(frac, sizeof(frac), "%.*f", decimals, v - whole);
	/* "0.50" -> "50" -> "5": keep the significant decimals only */
	while (len > 2 && frac[len - 1] == '0')
		frac[--len] = '\0';
	if (len > 2 && frac[0] == '0' && frac[1] == '.') {
		strbuf_addch(&sb, req->lang == LANG_EN ? '.' : ',');
		strbuf_addstr(&sb, frac + 2);
	}
	out = sb.failed ? NULL : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return out ? out : "—";
}

const char *page_date(struct request *req, dv_date day)
{
	int y, m, d;
	const char *s;

	if (day == 0)
		return "—";
	date_to_ymd(day, &y, &m, &d);
	s = arena_printf(req->arena, "%02d/%02d/%04d", d, m, y);
	return s ? s : "—";
}

const char *page_error_text(struct request *req, const struct dv_error *e)
{
	enum msg_id id;
	const char *s;

	switch (e->code) {
	case DV_EINVAL:
		id = M_ERR_INVALID;
		break;
	case DV_ENOTFOUND:
		id = M_ERR_NOT_FOUND;
		break;
	case DV_EEXIST:
		id = M_ERR_EXISTS;
		break;
	case DV_EPERM:
		id = M_ERR_FORBIDDEN;
		break;
	case DV_ECONFLICT:
		id = M_ERR_CONFLICT;
		break;
	case DV_EAUTH:
		id = M_ERR_AUTH;
		break;
	case DV_ELIMIT:
		id = M_ERR_LIMIT;
		break;
	case DV_EBUSY:
	case DV_EUNAVAIL:
		id = M_ERR_UNAVAIL;
		break;
	default:
		id = M_ERR_INTERNAL;
		break;
	}
	if (!e->detail[0])
		return T(req, id);
	s = arena_printf(req->arena, "%s: %s", T(req, id), e->detail);
	return s ? s : T(req, id);
}

enum dv_err page_read_begin(struct request *req, bool *own, struct dv_error *e)
{
	*own = false;
	if (db_in_tx(req->db))
		return DV_OK;
	if (db_begin(req->db, DB_TX_READ, e) != DV_OK)
		return e ? e->code : DV_EDB;
	*own = true;
	return DV_OK;
}

void page_read_end(struct request *req, bool own)
{
	if (!own)
		return;
	if (db_commit(req->db, NULL) != DV_OK)
		db_rollback(req->db);
}

void page_read_fail(struct request *req)
{
	db_rollback(req->db);
}

/* True when `path` is `prefix` or lies below it ("/units" matches "/units/7/edit"). */
static bool path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!path)
		return false;
	if (!strcmp(prefix, "/"))
		return !strcmp(path, "/");
	return !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
}

/*
 * Where the language switch should come back to: the current page with its query for a GET,
 * the same path for a POST only when that path also answers GET (a re-rendered form), else "/".
 */
static const char *current_location(struct request *req)
{
	struct strbuf sb = STRBUF_INIT;
	const struct route *r;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed = 0;
	const char *out;
	size_t i;

	if (!req->path || req->path[0] != '/')
		return "/";
	if (req->method != HTTP_GET) {
		if (router_match(routes, HTTP_GET, req->path, req->arena, &r, args, &allowed) !=
		    ROUTE_FOUND)
			return "/";
		return req->path;
	}
	if (req->query.n == 0)
		return req->path;
	strbuf_init(&sb, 8192, 128);
	strbuf_addstr(&sb, req->path);
	for (i = 0; i < req->query.n; i++) {
		strbuf_addch(&sb, i ? '&' : '?');
		html_url(&sb, req->query.v[i].name);
		strbuf_addch(&sb, '=');
		html_url(&sb, req->query.v[i].value ? req->query.v[i].value : "");
	}
	out = sb.failed ? req->path : arena_strdup(req->arena, sb.buf);
	strbuf_release(&sb);
	return out ? out : "/";
}

static void nav_item(struct request *req, struct response *resp, const char *href,
                     enum msg_id label)
{
	html_f(&resp->body, "<li><a href=\"%s\"%R>%s</a></li>", href,
	       path_under(req->path, href) ? " aria-current=\"page\"" : "", T(req, label));
}

static void header_user(struct request *req, struct response *resp)
{
	const struct principal *who = req->who;
	struct dv_error e = DV_ERROR_INIT;
	struct unit u;

	html_f(&resp->body,
	       "<div class=\"user\"><span class=\"who\"><span class=\"name\">%s</span>",
	       who->display_name && *who->display_name ? who->display_name : who->login);
	/* The unit's name is worth one cheap read; the header simply omits it on failure. */
	if (who->unit_id > 0 &&
	    unit_get(req->db, &req->scope, who->unit_id, req->arena, &u, &e) == DV_OK)
		html_f(&resp->body, " <span class=\"unit\">%s</span>",
		       page_pick(req, u.name, u.name_en));
	html_raw(&resp->body, "</span>");
	html_raw(&resp->body, "<form method=\"post\" action=\"/logout\" class=\"inline\">");
	form_csrf(req, resp);
	html_f(&resp->body, "<button type=\"submit\" class=\"link\">%s</button></form></div>",
	       T(req, M_NAV_LOGOUT));
}

void page_begin(struct request *req, struct response *resp, const char *title)
{
	struct strbuf *b = &resp->body;
	enum lang other = req->lang == LANG_EN ? LANG_VI : LANG_EN;

	html_f(b,
	       "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<title>%s – %s</title>\n"
	       "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n",
	       lang_code(req->lang), title ? title : "", T(req, M_APP_NAME));
	html_f(b, "<a class=\"skip\" href=\"#main\">%s</a>\n", T(req, M_NAV_SKIP));
	html_f(b,
	       "<header class=\"site-header\"><div class=\"wrap bar\">"
	       "<a class=\"brand\" href=\"/\">%s</a>",
	       T(req, M_APP_NAME));
	if (req->who) {
		html_f(b, "<nav class=\"nav\" aria-label=\"%s\"><ul>", T(req, M_NAV_LABEL));
		if (scope_can(&req->scope, PERM_DASHBOARD)) {
			nav_item(req, resp, "/", M_NAV_HOME);
			nav_item(req, resp, "/dashboard", M_NAV_DASH);
			nav_item(req, resp, "/reports", M_NAV_REPORTS);
		}
		if (scope_can(&req->scope, PERM_AREA_READ))
			nav_item(req, resp, "/areas", M_NAV_AREAS);
		if (scope_can(&req->scope, PERM_UNIT_READ))
			nav_item(req, resp, "/units", M_NAV_UNITS);
		if (scope_can(&req->scope, PERM_CASE_READ))
			nav_item(req, resp, "/cases", M_NAV_CASES);
		if (scope_can(&req->scope, PERM_WORK_READ))
			nav_item(req, resp, "/activities", M_NAV_WORK);
		if (scope_can(&req->scope, PERM_USER_READ))
			nav_item(req, resp, "/users", M_NAV_USERS);
		if (scope_can(&req->scope, PERM_CONFIG_WRITE))
			nav_item(req, resp, "/config", M_NAV_CONFIG);
		if (scope_can(&req->scope, PERM_SELF))
			nav_item(req, resp, "/account", M_NAV_ACCOUNT);
		html_raw(b, "</ul></nav>");
		header_user(req, resp);
	} else {
		/* the citizen's side needs no account */
		html_f(b, "<nav class=\"nav\" aria-label=\"%s\"><ul>", T(req, M_NAV_LABEL));
		nav_item(req, resp, "/submit", M_NAV_SUBMIT);
		nav_item(req, resp, "/track", M_NAV_TRACK);
		nav_item(req, resp, "/portal", M_NAV_PORTAL);
		html_raw(b, "</ul></nav>");
	}
	html_f(b, "<a class=\"lang\" href=\"/lang/%s?next=%U\" hreflang=\"%s\" lang=\"%s\">%s</a>",
	       lang_code(other), current_location(req), lang_code(other), lang_code(other),
	       T(req, M_LANG_SWITCH));
	html_raw(b, "</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

void page_end(struct request *req, struct response *resp)
{
	html_f(&resp->body,
	       "\n</main>\n<footer class=\"site-footer\"><div class=\"wrap\">%s · danvan %s"
	       "</div></footer>\n</body>\n</html>\n",
	       T(req, M_APP_NAME), DANVAN_VERSION);
}

void form_csrf(struct request *req, struct response *resp)
{
	html_f(&resp->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	       req->csrf ? req->csrf : "");
}

void form_begin(struct request *req, struct response *resp, const char *action)
{
	html_f(&resp->body, "<form method=\"post\" action=\"%s\">", action ? action : "");
	form_csrf(req, resp);
}

void form_end(struct request *req, struct response *resp)
{
	(void)req;
	html_raw(&resp->body, "</form>\n");
}

void page_notice(struct request *req, struct response *resp, const char *kind, const char *text)
{
	const char *k = "info";

	(void)req;
	if (kind && (!strcmp(kind, "error") || !strcmp(kind, "ok")))
		k = kind;
	/* Errors interrupt (alert); confirmations are announced politely (status). */
	html_f(&resp->body, "<div class=\"notice notice-%R\" role=\"%R\">%s</div>\n", k,
	       !strcmp(k, "error") ? "alert" : "status", text ? text : "");
}

/* Append "PATH?other=params&page=N" (already URL-encoded, to be attribute-escaped). */
static void pager_href(struct request *req, struct strbuf *sb, int64_t page)
{
	size_t i;
	bool first = true;

	strbuf_addstr(sb, req->path ? req->path : "/");
	for (i = 0; i < req->query.n; i++) {
		if (!strcmp(req->query.v[i].name, "page"))
			continue;
		strbuf_addch(sb, first ? '?' : '&');
		first = false;
		html_url(sb, req->query.v[i].name);
		strbuf_addch(sb, '=');
		html_url(sb, req->query.v[i].value ? req->query.v[i].value : "");
	}
	strbuf_addf(sb, "%cpage=%lld", first ? '?' : '&', (long long)page);
}

static void pager_link(struct request *req, struct response *resp, int64_t page, const char *text,
                       const char *rel, bool current)
{
	struct strbuf href = STRBUF_INIT;

	if (current) {
		html_f(&resp->body, "<li><span aria-current=\"page\">%s</span></li>", text);
		return;
	}
	strbuf_init(&href, 8192, 128);
	pager_href(req, &href, page);
	html_f(&resp->body, "<li><a href=\"%s\"%R>%s</a></li>", href.buf, rel ? rel : "", text);
	strbuf_release(&href);
}

void page_pager(struct request *req, struct response *resp, int64_t total, int64_t page,
                int64_t per_page)
{
	int64_t pages, p, lo, hi;
	char num[24];

	if (per_page <= 0 || total <= per_page)
		return;
	pages = (total + per_page - 1) / per_page;
	if (page < 1)
		page = 1;
	if (page > pages)
		page = pages;
	html_f(&resp->body, "<nav class=\"pager\" aria-label=\"%s\"><ul>", T(req, M_PAGER_LABEL));
	if (page > 1)
		pager_link(req, resp, page - 1, T(req, M_PAGER_PREV), " rel=\"prev\"", false);
	lo = page - 2 < 1 ? 1 : page - 2;
	hi = page + 2 > pages ? pages : page + 2;
	if (lo > 1) {
		pager_link(req, resp, 1, "1", NULL, false);
		if (lo > 2)
			html_raw(&resp->body, "<li><span class=\"gap\">…</span></li>");
	}
	for (p = lo; p <= hi; p++) {
		snprintf(num, sizeof(num), "%lld", (long long)p);
		pager_link(req, resp, p, num, NULL, p == page);
	}
	if (hi < pages) {
		if (hi < pages - 1)
			html_raw(&resp->body, "<li><span class=\"gap\">…</span></li>");
		snprintf(num, sizeof(num), "%lld", (long long)pages);
		pager_link(req, resp, pages, num, NULL, false);
	}
	if (page < pages)
		pager_link(req, resp, page + 1, T(req, M_PAGER_NEXT), " rel=\"next\"", false);
	html_raw(&resp->body, "</ul></nav>\n");
}
