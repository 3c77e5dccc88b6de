/* audit.h: the append-only, hash-chained audit log. */
#ifndef DV_STORE_AUDIT_H
#define DV_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
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

/* What audit_verify() is asked and what it found. */
struct audit_verify {
	/* in */
	const char *anchor; /* a record hash noted earlier (NULL: none): is it still in the chain? */
	void (*progress)(const char *what, size_t done, size_t total, void *arg); /* or NULL */
	void *arg;
	/* out */
	int64_t checked;     /* records read */
	int64_t bad_id;      /* the first broken record (0 when intact) */
	int64_t last_id;     /* the last record of the intact chain read */
	char last_hash[65];  /* its hash, "" when the chain is empty */
	bool anchor_found;   /* the anchor is the hash of a record of the intact chain */
};

/*
 * Walk the chain in id order; DV_OK when every record links to the one before it, matches its
 * hash, and the last one is the head recorded at the last commit (setting 'audit_head', so
 * records removed from the end are seen). Otherwise DV_ECONFLICT, v->bad_id the first broken
 * record and e saying what is wrong. Rewriting the whole chain is only seen against an anchor
 * kept outside the database (v->anchor).
 */
enum dv_err audit_verify(struct db *db, struct audit_verify *v, struct dv_error *e);

#endif
