/* scoped.h: how the repositories bind a caller's scope into their SQL. */
#ifndef DV_STORE_SCOPED_H
#define DV_STORE_SCOPED_H

#include "core/scope.h"
#include "store/db.h"

/*
 * Bind the scope as two parameters from `idx`: the system flag (1 sees everything), then the
 * scope's unit, the root of the visible subtree. Returns 0 or -1.
 */
static inline int store_bind_scope(struct db_stmt *st, int idx, const struct scope *sc)
{
	if (db_bind_int64(st, idx, sc->system ? 1 : 0))
		return -1;
	return db_bind_int64(st, idx + 1, sc->system ? 0 : sc->unit_id);
}

#endif
