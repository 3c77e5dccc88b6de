/* audit.h: the append-only, hash-chained audit log. */
#ifndef DV_STORE_AUDIT_H
#define DV_STORE_AUDIT_H

#include <stdint.h>

#include "base/err.h"
#include "core/scope.h"
#include "store/db.h"

/*
 * Append one record inside the caller's write transaction: who (from the scope; `actor` is a
 * label such as the login or "cli"), what action ("user.create"), on what object, and a short
 * detail (never a secret). The record's hash chains to the previous record's.
 */
enum dv_err audit_append(struct db *db, const struct scope *sc, const char *actor,
			 const char *action, const char *object_type, const char *object_id,
			 const char *detail, struct dv_error *e);

/*
 * Walk the chain; returns DV_OK and *bad_id = 0 when intact, else DV_ECONFLICT with *bad_id the
 * first record whose hash or link does not match. *checked gets the number of records read.
 */
enum dv_err audit_verify(struct db *db, int64_t *bad_id, int64_t *checked, struct dv_error *e);

#endif
