/* layout.h: the one page layout, navigation, forms with CSRF, and small shared widgets. */
#ifndef DV_LAYOUT_H
#define DV_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/msg.h"
#include "web/http.h"

/* Shorthand for the request's language. */
#define T(req, id) msg((req)->lang, (id))

/*
 * Open the page: doctype, <html lang>, head (title, embedded stylesheet link), header with the
 * app name, navigation for the signed-in user's permissions, the language switch, and <main>.
 * `title` is escaped.
 */
void page_begin(struct request *req, struct response *resp, const char *title);
/* Close <main>, footer, </html>. */
void page_end(struct request *req, struct response *resp);

/* <form method="post" action="..."> plus the hidden CSRF field. `action` is escaped. */
void form_begin(struct request *req, struct response *resp, const char *action);
void form_end(struct request *req, struct response *resp);
/* The hidden CSRF input alone. */
void form_csrf(struct request *req, struct response *resp);

/* A flash-style message box: kind "error", "ok" or "info"; text escaped. */
void page_notice(struct request *req, struct response *resp, const char *kind, const char *text);

/* Pagination links "?page=N" keeping the other query parameters. */
void page_pager(struct request *req, struct response *resp, int64_t total, int64_t page,
                int64_t per_page);

/*
 * Small helpers shared by the pages (additions by the pages' author).
 */
struct dv_error;
/* `en` when the request is in English and `en` is non-empty, else `vi`. Borrowed. */
const char *page_pick(const struct request *req, const char *vi, const char *en);
/* The label of a role in the request's language ("Cán bộ" / "Officer"); never NULL. */
const char *page_role(const struct request *req, enum role role);
/* The 1-based ?page= of the request: 1 when absent or malformed. */
int64_t page_number(const struct request *req);
/* Local "YYYY-MM-DD HH:MM" of a UTC instant, or "—" for 0; arena-owned. */
const char *page_time(struct request *req, int64_t t);
/* The user-facing text of an error shown inside a re-rendered form: the localised class of
 * the code, then the detail; arena-owned. */
const char *page_error_text(struct request *req, const struct dv_error *e);
/*
 * Numbers and dates as people read them on pages (additions by the work pages' author): in
 * Vietnamese "1.500.000" and "12,5", in English "1,500,000" and "12.5"; dates dd/mm/yyyy.
 * All arena-owned, never NULL.
 */
/* A whole number with thousands grouped. */
const char *page_int(struct request *req, int64_t v);
/* A decimal with thousands grouped and at most `decimals` (0 to 6) places, trailing zeros
 * dropped ("12,5", "3"); NaN and infinities give "—". */
const char *page_num(struct request *req, double v, int decimals);
/* "dd/mm/yyyy", or "—" for 0. */
const char *page_date(struct request *req, dv_date day);

/*
 * The page's read transaction: a GET already runs in the dispatcher's snapshot, which is used
 * as is; otherwise (a POST re-rendering a form) one is opened and *own says so.
 * page_read_end commits what page_read_begin opened; page_read_fail rolls back either way
 * (an aborted snapshot is of no further use).
 */
enum dv_err page_read_begin(struct request *req, bool *own, struct dv_error *e);
void page_read_end(struct request *req, bool own);
void page_read_fail(struct request *req);

#endif
