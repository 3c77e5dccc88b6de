/* app.h: the application context shared by every thread, and per-thread database connections. */
#ifndef DV_APP_H
#define DV_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"
#include "base/err.h"
#include "store/db.h"

struct app {
	struct config cfg;     /* owned */
	unsigned char key[32]; /* secretbox key for confidential fields (key file) */
	bool have_key;
};

/* Initialise from a loaded config (taken: the app owns and releases it). */
void app_init(struct app *app, struct config *cfg);
void app_release(struct app *app);

/*
 * Load the key file named by the config (32 bytes, mode 0600). DV_ENOTFOUND when missing;
 * DV_ECONFIG when its mode is wider than 0600 or its size is wrong.
 */
enum dv_err app_load_key(struct app *app, struct dv_error *e);
/* Create a new random key file with mode 0600; refuses to overwrite an existing one. */
enum dv_err app_create_key(const char *path, struct dv_error *e);

/*
 * This thread's connection to the configured database, opened on first use (and reopened after
 * a lost connection); closed when the thread exits. Borrowed: do not close it.
 */
struct db *app_db(struct app *app, struct dv_error *e);
/*
 * This thread's connection for read-only pages and reports: the read replica (config db-read)
 * when one is configured and reachable, else the primary (app_db). Borrowed.
 */
struct db *app_db_read(struct app *app, struct dv_error *e);
/* Close this thread's connections now (e.g. before the CLI exits). */
void app_db_close_thread(void);

/* Open the database for maintenance (CLI), creating the SQLite file if `create`. Caller closes. */
enum dv_err app_open_db(const struct app *app, bool create, struct db **out, struct dv_error *e);

/*
 * The file path of a SQLite URL ("sqlite:var/x.db" or a bare path), pointing into `url`
 * (borrowed); NULL for PostgreSQL URLs and for "sqlite::memory:".
 */
const char *app_sqlite_path(const char *url);

/* A random password (libsodium) of size - 1 unambiguous letters and digits, NUL-terminated. */
void app_random_password(char *out, size_t size);

/*
 * The first rows of a freshly migrated database, in one write transaction, audited: the nation
 * area "VN" and the root unit (central-commission, home area VN). DV_ECONFLICT when the nation
 * area already exists. *root_id gets the root unit's id.
 */
enum dv_err app_bootstrap(struct db *db, int64_t *root_id, struct dv_error *e);

#endif
