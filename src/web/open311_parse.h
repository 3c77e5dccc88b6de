/* open311_parse.h: the readers of Open311 GeoReport inputs (document names, instants, windows,
 * points, id lists, status), pure so that the fuzz harness calls what web/open311.c calls. */
#ifndef DV_OPEN311_PARSE_H
#define DV_OPEN311_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/tracking.h"

#define O311_JURISDICTION "danvan"
#define O311_DEFAULT_DAYS 90

enum o311_fmt { O311_JSON, O311_XML };

/* "name.json" / "name.xml" -> *name (in the arena) and *fmt; false when the suffix is neither,
 * the name is empty or the arena is exhausted. `file` may be NULL. */
bool o311_split_file(struct arena *a, const char *file, const char **name, enum o311_fmt *fmt);

/* jurisdiction_id: absent, empty or ours. */
bool o311_jurisdiction_ok(const char *j);

/*
 * An ISO 8601 instant: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "+HH:MM" or
 * "-HH:MM" (no offset: UTC+7, as dates here are local), into seconds since the epoch. false when
 * malformed. s may be NULL.
 */
bool o311_parse_instant(const char *s, int64_t *out);

/*
 * The window [*since, *until] of start_date/end_date (NULL or "" when absent): until defaults to
 * now + 1 day, since to 90 days before until. NULL when fine, else the error to answer (400).
 */
const char *o311_window(const char *start, const char *end, int64_t now, int64_t *since,
                        int64_t *until);

/* status: "open" 1, "closed" 0, NULL, "", "open,closed" or "closed,open" -1; false when other. */
bool o311_status(const char *s, int *open);

enum o311_point {
	O311_POINT_NONE, /* neither lat nor long */
	O311_POINT_OK,   /* both, in range: *lat and *lon set */
	O311_POINT_HALF, /* only one of them */
	O311_POINT_BAD,  /* not decimal degrees, or out of range */
};
/* lat and long (NULL or "" when absent) as decimal degrees. */
enum o311_point o311_point(const char *lat_s, const char *lon_s, double *lat, double *lon);

/*
 * service_request_id: comma-separated tracking codes. *canon (an arena array of *n canonical
 * codes) holds the pieces that parse as codes, in order; others are skipped. DV_ELIMIT when there
 * are more than `max` pieces; DV_ENOMEM.
 */
enum dv_err o311_ids(struct arena *a, const char *ids, size_t max, char (**canon)[TRACKING_LEN + 1],
                     size_t *n);

/* The first line of s, at most `max` code points (UTF-8), with an ellipsis when cut; s itself
 * when it fits; NULL when the arena is exhausted. */
const char *o311_cut(struct arena *a, const char *s, size_t max);

#endif
