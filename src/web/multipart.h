/* multipart.h: strict multipart/form-data (RFC 7578) bodies: browser forms that carry files. */
#ifndef DV_MULTIPART_H
#define DV_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "web/http.h"

#define MULTIPART_MAX_PARTS    64   /* parts in one body */
#define MULTIPART_MAX_BOUNDARY 70   /* RFC 2046: a boundary is 1..70 characters */
#define MULTIPART_MAX_LINE     1024 /* bytes in one part header line, without its line break */

/*
 * One part of a body. Every pointer is owned by the arena given to multipart_parse() and never
 * NULL unless said so. `name` and `filename` are valid UTF-8 with their quoted-string escapes
 * (\" and \\; any other backslash is kept) undone; `filename` keeps only the last path component
 * ("C:\x\y.xlsx" gives "y.xlsx"; "." and ".." give "") and may be "" (a file input left
 * empty). `data` is the part's content exactly as sent, `len` bytes, with a NUL after them for
 * convenience (it may hold NULs of its own).
 */
struct multipart_part {
	const char *name;
	const char *filename;     /* NULL for a text field */
	const char *content_type; /* the part's Content-Type header; NULL when absent */
	const char *data;
	size_t len;
};

/* True when a Content-Type header value names multipart/form-data (whatever its parameters). */
bool multipart_content(const char *content_type);

/*
 * Parse `body` (len bytes, NULL allowed when len is 0) given the request's Content-Type header
 * value, which carries boundary=... (a token or a quoted string). The body is copied into the
 * arena and *parts (an arena array of *n parts, in order) points into that copy. Lines end in
 * CRLF; a bare LF is accepted too. A preamble before the first boundary line and an epilogue
 * after the closing one are ignored. DV_EINVAL, with a detail saying what is wrong, on: a
 * missing, empty, overlong (over 70) or badly quoted boundary; no closing delimiter; a boundary
 * line followed by other text; a part without a Content-Disposition of type form-data, or
 * without a name; more than MULTIPART_MAX_PARTS parts; a header line longer than
 * MULTIPART_MAX_LINE bytes; bad header syntax or quoting; control characters in headers; a name
 * or filename that is not valid UTF-8. DV_ENOMEM when the arena is exhausted. On failure *n is
 * 0 and *parts NULL.
 */
enum dv_err multipart_parse(const char *content_type, const char *body, size_t len, struct arena *a,
                            struct multipart_part **parts, size_t *n, struct dv_error *e);

/*
 * What the dispatcher does with a multipart/form-data body: parse it (as multipart_parse) and
 * split it. Text parts (no filename) become *form name/value pairs, checked like the fields of
 * an application/x-www-form-urlencoded body: the value must be valid UTF-8 without NUL and is
 * NFC-normalised. File parts go to *files (an arena array of *n_files, in order, NULL when
 * none). DV_EINVAL naming the field when a text part is not valid UTF-8. On failure *form is
 * empty and *files NULL.
 */
enum dv_err multipart_form(struct arena *a, const char *content_type, const char *body, size_t len,
                           struct params *form, const struct multipart_part **files,
                           size_t *n_files, struct dv_error *e);

#endif
