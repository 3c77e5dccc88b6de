/* migrate.h: numbered SQL migrations embedded in the binary, applied in order. */
#ifndef DV_STORE_MIGRATE_H
#define DV_STORE_MIGRATE_H

#include <stdbool.h>

#include "base/err.h"
#include "store/db.h"

/* The highest migration this binary knows. */
int migrate_latest(void);
/* The version recorded in the database (0 = empty database, no schema_migrations table). */
enum dv_err migrate_current(struct db *db, int *version, struct dv_error *e);
/*
 * Apply every pending migration, each in its own transaction, recorded in schema_migrations.
 * Refuses (DV_ESCHEMA, naming both versions) a database newer than the binary. `progress`
 * (may be NULL) is called before each migration with its number and name.
 */
enum dv_err migrate_run(struct db *db, void (*progress)(int version, const char *name, void *arg),
			void *arg, struct dv_error *e);
/* DV_OK when the schema is exactly current; DV_ESCHEMA with a message saying what to run. */
enum dv_err migrate_check(struct db *db, struct dv_error *e);

#endif
