/* layout.h: the one page layout, navigation, forms with CSRF, and small shared widgets. */
#ifndef DV_LAYOUT_H
#define DV_LAYOUT_H

#include <stdint.h>

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

#endif
