/* err.h: the one project-wide error enum, its strerror, and an error with detail. */
#ifndef DV_ERR_H
#define DV_ERR_H

#include <stddef.h>

/*
 * Append-only: never renumber; new codes go at the end. Codes are stable and also used as
 * the `code` of problem+json answers (see dv_err_name()).
 */
enum dv_err {
	DV_OK = 0,
	DV_ENOMEM,      /* out of memory */
	DV_EINVAL,      /* bad input: the detail names the field and why */
	DV_ENOTFOUND,   /* no such object, or not visible in the caller's scope */
	DV_EEXIST,      /* the object already exists (unique key) */
	DV_EPERM,       /* the caller's role does not allow the action */
	DV_EDB,         /* the database failed; the detail has the engine's message */
	DV_EBUSY,       /* the database or a resource is busy; retry */
	DV_EIO,         /* reading or writing a file failed */
	DV_ECONFLICT,   /* the object changed or the action does not fit its state */
	DV_ESCHEMA,     /* the database schema is newer than this binary, or broken */
	DV_EAUTH,       /* wrong credentials, expired or missing session */
	DV_ELIMIT,      /* a rate or size limit was hit */
	DV_EUNAVAIL,    /* a needed service (the database) is unreachable */
	DV_ECONFIG,     /* bad configuration */
	DV_ERR__COUNT
};

/* Human text for the code, English, lowercase, no period. Never NULL. */
const char *dv_strerror(enum dv_err code);
/* Stable machine name, e.g. "not-found", used in problem+json `code`. Never NULL. */
const char *dv_err_name(enum dv_err code);

/*
 * An error with a detail message. `detail` follows the house message style: lowercase, what
 * failed first, the object quoted ("area '01' not found").
 */
struct dv_error {
	enum dv_err code;
	char detail[512];
};

#define DV_ERROR_INIT { DV_OK, { 0 } }

/*
 * Record an error in *e (which may be NULL) and return `code`, so that
 * `ret = dv_fail(e, DV_EINVAL, "field '%s' is too long", name); goto cleanup;` reads naturally.
 * Does not overwrite an error already recorded unless the recorded code is DV_OK.
 */
enum dv_err dv_fail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Replace whatever *e holds with a new error: for a caller that gives a lower layer's failure
 * its own meaning ("not found" from a lookup becomes "field 'area': no area ..."), which
 * dv_fail() would not overwrite.
 */
enum dv_err dv_refail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clear *e back to DV_OK. */
void dv_error_clear(struct dv_error *e);

#endif
