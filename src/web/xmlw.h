/* xmlw.h: an escaping XML writer into a strbuf, for Open311's XML answers (every value escaped,
 * element names checked, nesting tracked), in the spirit of jsonw.h. */
#ifndef DV_XMLW_H
#define DV_XMLW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/strbuf.h"

#define XMLW_MAX_DEPTH 16

/*
 * Element names are program constants; a name that is not [A-Za-z_][A-Za-z0-9_.-]* (or nesting
 * deeper than XMLW_MAX_DEPTH, or closing more than was opened) marks the buffer failed rather
 * than writing malformed XML. Text must be UTF-8 (validated on the way in); &, <, >, " and '
 * are escaped, and the control characters XML 1.0 cannot carry become U+FFFD.
 */
struct xmlw {
	struct strbuf *sb; /* borrowed */
	int depth;
	const char *open[XMLW_MAX_DEPTH]; /* borrowed names of the open elements */
};

/* Start a document: the UTF-8 declaration and a newline. */
void xw_init(struct xmlw *w, struct strbuf *sb);
void xw_begin(struct xmlw *w, const char *name);
/* Close the innermost open element. */
void xw_end(struct xmlw *w);
/* Close every open element and end the document with a newline. */
void xw_finish(struct xmlw *w);

/* <name>escaped text</name>; NULL writes the empty element <name/>. */
void xw_elem(struct xmlw *w, const char *name, const char *text);
void xw_elem_int(struct xmlw *w, const char *name, int64_t v);
void xw_elem_bool(struct xmlw *w, const char *name, bool v); /* "true" / "false" */
/* At most `decimals` digits after the point (0-9), trailing zeros dropped; NaN writes <name/>. */
void xw_elem_fixed(struct xmlw *w, const char *name, double v, int decimals);

/* Escaped character data inside the current element. */
void xw_text(struct xmlw *w, const char *s);

#endif
