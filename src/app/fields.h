/* fields.h: the field checks every use case shares (numbers, dates, areas, units typed as
 * text, each error naming its field), the audit record of a use case, and image types. */
#ifndef DV_APP_FIELDS_H
#define DV_APP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/unit.h"

/* NULL, empty or only blanks. */
bool app_blank(const char *s);
/* Copy without surrounding blanks into buf (NUL-terminated); false when too long. */
bool app_trimmed(const char *s, char *buf, size_t cap);

/* A positive whole number (an id). */
enum dv_err app_field_id(const char *field, const char *s, bool required, int64_t *out,
			 struct dv_error *e);
/* A whole number 0..max, grouped by thousands as written in Vietnam ("1.500.000") or in
 * English ("1,500,000"); empty is 0. */
enum dv_err app_field_count(const char *field, const char *s, int64_t max, int64_t *out,
			    struct dv_error *e);
/* A decimal number 0..max, '.' or ',' as the decimal mark; empty is 0. */
enum dv_err app_field_decimal(const char *field, const char *s, double max, double *out,
			      struct dv_error *e);
/* YYYY-MM-DD or DD/MM/YYYY. */
enum dv_err app_field_day(const char *field, const char *s, bool required, dv_date *out,
			  struct dv_error *e);
/* An area in force by code (any area: visibility is the caller's business); `level` may be
 * NULL. */
enum dv_err app_field_area(struct db *db, const char *field, const char *code, struct arena *a,
			   int64_t *id, int *level, struct dv_error *e);
/* An active unit by id: in the caller's subtree (sc), or anywhere (sc NULL). */
enum dv_err app_field_unit(struct db *db, const struct scope *sc, const char *field,
			   const char *text, struct arena *a, struct unit *out, struct dv_error *e);
/* The level of a unit's home area (0 nation .. 3 village). */
enum dv_err app_unit_level(struct db *db, const struct unit *u, struct arena *a, int *level,
			   struct dv_error *e);

/* One audit record of a use case: actor, action, object type and id, detail. */
enum dv_err app_audit(struct db *db, const struct scope *sc, const char *actor,
		      const char *action, const char *type, int64_t id, const char *detail,
		      struct dv_error *e);

/* The image type from the first bytes (JPEG, PNG, WebP); NULL when not one we keep. */
const char *app_image_type(const unsigned char *p, size_t len);

#endif
