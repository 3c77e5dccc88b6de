/* cmd_init.c: `danvan init`: a new database, its key file and the first administrator. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/admin.h"
#include "core/scope.h"
#include "store/migrate.h"

#include "base/banned.h"

static void migrate_progress(int version, const char *name, void *arg)
{
	(void)arg;
	(void)version;
	fprintf(stderr, "migrate: applying %s\n", name);
}

int cli_init_steps(struct app *app, const char *admin_login, struct db **dbp, int64_t *root_id,
                   char *password, size_t size)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct db *db = NULL;
	const char *url = app->cfg.db;
	int version = 0, rc = EXIT_OK;
	int64_t uid;

	*dbp = NULL;
	/* An existing database with a schema is never touched. */
	if (db_open(&db, url, false, &e) == DV_OK) {
		if (migrate_current(db, &version, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
		if (version > 0) {
			cli_error_msg(M_CLI_ALREADY_INIT, url, NULL);
			rc = EXIT_DB;
			goto cleanup;
		}
	} else if (e.code != DV_ENOTFOUND) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	dv_error_clear(&e);
	if (app_create_key(app->cfg.key_file, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	cli_say(stderr, M_CLI_KEY_CREATED, app->cfg.key_file, NULL);
	if (!db && app_open_db(app, true, &db, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	if (migrate_run(db, migrate_progress, NULL, &e) != DV_OK ||
	    app_bootstrap(db, root_id, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	app_random_password(password, size < 21 ? size : 21);
	if (app_user_create(app, db, &sc, "cli", admin_login, "Quản trị hệ thống", *root_id,
	                    "administrator", password, &uid, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	*dbp = db;
	db = NULL;
cleanup:
	db_close(db);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	const char *admin = "admin";
	struct cli_opt opts[] = {
	    {"admin", "LOGIN", &admin, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char password[32];
	int64_t root_id;
	int rc;

	rc = cli_parse_bare("init", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_init_steps(&app, admin, &db, &root_id, password, sizeof(password));
	if (rc == EXIT_OK) {
		cli_say(stdout, M_CLI_INIT_DONE, app.cfg.db, app.cfg.key_file, NULL);
		cli_say(stdout, M_CLI_INIT_ADMIN, admin, NULL);
		/* The password goes last, alone, so that scripts can pick it up. */
		cli_say(stdout, M_CLI_PASSWORD_ONCE, NULL);
		printf("  %s\n", password);
	}
	db_close(db);
	app_release(&app);
	return rc;
}
