/* page_work.h: what the pages of mass-mobilisation work (page_work*.c) share. */
#ifndef DV_PAGE_WORK_H
#define DV_PAGE_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/work.h"
#include "web/export.h"
#include "web/http.h"

/* Rows per page in every list of the feature. */
#define WORK_PER_PAGE 50

/* "" for NULL; NULL for "" (optional fields). Borrowed. */
static inline const char *work_nz(const char *s)
{
	return s ? s : "";
}
static inline const char *work_opt(const char *s)
{
	return s && *s ? s : NULL;
}

/* The numeric path placeholder args[i] (> 0); false after answering 404. */
bool work_arg_id(struct request *req, struct response *resp, int i, int64_t *id);
/* An optional id typed in a filter: true with *out (0 when empty), false when malformed. */
bool work_opt_id(const char *s, int64_t *out);
/* The status of an error the user can fix in the form shown again (400, 409), or 0 when the
 * error page should answer instead (404 out of scope, 403, 5xx). */
int work_form_status(enum dv_err code);

/* The row of links between the feature's pages, the current one marked. */
void work_subnav(struct request *req, struct response *resp);
/* Breadcrumbs "Công tác dân vận › <parent> › <current>"; `href` NULL leaves the parent out. */
void work_crumbs(struct request *req, struct response *resp, const char *href, const char *label,
                 const char *current);

/* A type's name (or any vi/en pair) in the request's language. */
const char *work_type_label(const struct request *req, const char *code, const char *name,
                            const char *name_en);
/* <option>s of the active types (and `selected`, even when retired), by code. */
void work_type_options(struct request *req, struct response *resp,
                       const struct activity_type *types, size_t n, const char *selected);
/* "01/02/2026 – 03/02/2026", or one date when both are the same; arena-owned. */
const char *work_period(struct request *req, dv_date first, dv_date last);

/*
 * Exports of a list: work_export_wanted() returns 1 with *f when the query asks for
 * ?format=csv|xlsx, 0 when it does not, -1 after answering 400 for any other format.
 * work_export_send() renders `t` as the response, a download named "<base>.<ext>".
 * work_export_links() prints the links to the current list as XLSX and CSV.
 */
int work_export_wanted(struct request *req, struct response *resp, enum export_format *f);
void work_export_send(struct request *req, struct response *resp, struct export_table *t,
                      enum export_format f, const char *base);
void work_export_links(struct request *req, struct response *resp);

/* Photos (of activities and models): the uploaded file of field `name` (the first file when
 * none has that name; NULL if none); GET of the photo of the path's id read by `get`, as an
 * image named "<prefix>-<id>.<ext>"; for a delete, the photo's id and its owner's (activity or
 * model) id, false after answering. */
struct multipart_part;
typedef enum dv_err (*work_photo_get_fn)(struct db *db, const struct scope *sc, int64_t id,
                                         struct arena *a, struct activity_photo *out,
                                         struct dv_error *e);
const struct multipart_part *work_upload(struct request *req, const char *name);
void work_photo_send(struct request *req, struct response *resp, work_photo_get_fn get,
                     const char *prefix);
bool work_photo_owner(struct request *req, struct response *resp, work_photo_get_fn get,
                      int64_t *photo_id, int64_t *owner_id);

/* Labels of the store's vocabularies in the request's language; never NULL. */
const char *work_twinning_status_label(const struct request *req, enum twinning_status s);
const char *work_plan_status_label(const struct request *req, enum plan_status s);
const char *work_indicator_label(const struct request *req, enum target_indicator i);

#endif
