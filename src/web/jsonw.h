/* jsonw.h: an escaping JSON writer into a strbuf (answers are written, never printf'd);
 * request bodies are parsed with jansson. */
#ifndef DV_JSONW_H
#define DV_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/strbuf.h"

#define JSONW_MAX_DEPTH 32

/*
 * Commas and nesting are tracked here, so callers only say what comes next. Strings must be
 * valid UTF-8 (everything in the database is validated on the way in); quotes, backslashes and
 * control characters are escaped. Nesting deeper than JSONW_MAX_DEPTH marks the buffer failed.
 */
struct jsonw {
	struct strbuf *sb;   /* borrowed */
	int depth;
	bool first[JSONW_MAX_DEPTH];
	bool after_key;
};

void jw_init(struct jsonw *w, struct strbuf *sb);
void jw_obj_begin(struct jsonw *w);
void jw_obj_end(struct jsonw *w);
void jw_arr_begin(struct jsonw *w);
void jw_arr_end(struct jsonw *w);
/* An object member's name; the value follows with one of the value calls. */
void jw_key(struct jsonw *w, const char *key);

void jw_str(struct jsonw *w, const char *s);   /* NULL writes null */
void jw_int(struct jsonw *w, int64_t v);
void jw_bool(struct jsonw *w, bool v);
void jw_null(struct jsonw *w);
/* A value already written as JSON by trusted code (never from input text). */
void jw_raw(struct jsonw *w, const char *json);
/* A number with at most `decimals` digits after the point (0-9), trailing zeros dropped. */
void jw_fixed(struct jsonw *w, double v, int decimals);

/* key + value in one call */
void jw_kstr(struct jsonw *w, const char *key, const char *s);
void jw_kint(struct jsonw *w, const char *key, int64_t v);
void jw_kbool(struct jsonw *w, const char *key, bool v);
/* key + the number, or null when it is 0 (ids and ratings, where 0 means none) */
void jw_kint_or_null(struct jsonw *w, const char *key, int64_t v);
/* A legal date as "YYYY-MM-DD", an instant in Vietnam's time (ISO 8601 with +07:00): null for 0. */
void jw_kdate(struct jsonw *w, const char *key, dv_date d);
void jw_kinstant(struct jsonw *w, const char *key, int64_t t);
/* {"id", "name"}, or null when id is 0; key NULL for an element of an array. */
void jw_kref(struct jsonw *w, const char *key, int64_t id, const char *name);

#endif
