/* page_emulation.h: what the pages of models, criteria sets, emulation rounds and commendation
 * (page_emulation*.c) share, on top of page_work.h. */
#ifndef DV_PAGE_EMULATION_H
#define DV_PAGE_EMULATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/msg.h"
#include "core/emulation.h"
#include "web/http.h"

/* The name of word `i` of vocabulary `v` (`n` words) in the request's language; "—" when `i`
 * is out of range. Borrowed. */
const char *emu_label(const struct request *req, const struct emu_word *v, int n, int i);
/* The same by code; the code itself when unknown, "—" for NULL or "". */
const char *emu_label_code(const struct request *req, const struct emu_word *v, int n,
                           const char *code);
/* <option>s of a vocabulary, the word whose code is `selected` (may be NULL) marked. */
void emu_options(struct request *req, struct response *resp, const struct emu_word *v, int n,
                 const char *selected);
/* A labelled <select> of a vocabulary; `any` (a message, 0 for none) adds an empty first option
 * and makes the field optional. */
void emu_select(struct request *req, struct response *resp, const char *name, enum msg_id label,
                const struct emu_word *v, int n, const char *selected, enum msg_id any);
/* A vocabulary filter typed in a list's query: -1 when empty, the index, or -2 when unknown. */
int emu_filter(const struct emu_word *v, int n, const char *code);

/* A labelled input (`type` NULL: text) and a textarea; `hint` 0: none. Values are escaped. */
void emu_input(struct request *req, struct response *resp, const char *name, enum msg_id label,
               const char *value, int max, bool required, const char *type, enum msg_id hint);
void emu_textarea(struct request *req, struct response *resp, const char *name, enum msg_id label,
                  const char *value, int max, bool required, enum msg_id hint);

/* Arena-owned texts for inputs: "YYYY-MM-DD" ("" for 0), an id ("" for 0 or less), a number
 * with '.' as the decimal mark, today's date in Vietnam. Never NULL. */
const char *emu_ymd(struct request *req, dv_date d);
const char *emu_id(struct request *req, int64_t id);
const char *emu_plain(struct request *req, double v);
const char *emu_today(struct request *req);
/* "/<base>/<id><tail>", arena-owned; `base` without slashes ("models"). */
const char *emu_href(struct request *req, const char *base, int64_t id, const char *tail);
/* "12,5%" in the request's language. */
const char *emu_percent(struct request *req, double percent);

/*
 * An area code typed in a filter: *id gets its id (0 when empty). False only on a database
 * error (in *e); an unknown or invisible code sets *problem and returns true.
 */
bool emu_filter_area(struct request *req, const char *code, int64_t *id, const char **problem,
                     struct dv_error *e);

/* The value of field `name` of a form refused just now (NULL on a GET). Borrowed. */
const char *emu_posted(const struct request *req, const char *name);

#endif
