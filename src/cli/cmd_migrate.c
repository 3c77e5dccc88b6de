/* cmd_migrate.c: `danvan migrate`: apply pending schema migrations, or show the versions. */
#include "cli/cli.h"

#include <stdio.h>

#include "store/migrate.h"

#include "base/banned.h"

static void progress(int version, const char *name, void *arg)
{
	(void)arg;
	(void)version;
	fprintf(stderr, "migrate: applying %s\n", name);
}

int cmd_migrate(int argc, char **argv)
{
	bool status = false;
	struct cli_opt opts[] = {
	    {"status", NULL, NULL, &status},
	    {NULL, NULL, NULL, NULL},
	};
	struct dv_error e = DV_ERROR_INIT;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char cur[16], latest[16];
	int rc, version = 0;

	rc = cli_parse("migrate", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos > 0) {
		cli_error_msg(M_CLI_EXTRA_ARGUMENT, args.pos[0], "migrate", NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	if (app_open_db(&app, false, &db, &e) != DV_OK) {
		if (e.code == DV_ENOTFOUND)
			cli_error_msg(M_CLI_DB_MISSING, app.cfg.db, NULL);
		else
			cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	if (!status && migrate_run(db, progress, NULL, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	if (migrate_current(db, &version, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	snprintf(cur, sizeof(cur), "%04d", version);
	snprintf(latest, sizeof(latest), "%04d", migrate_latest());
	cli_say(stdout, M_CLI_MIGRATE_STATUS, app.cfg.db, cur, latest, NULL);
	rc = EXIT_OK;
	if (version < migrate_latest()) {
		cli_say(stdout, M_CLI_MIGRATE_PENDING, NULL);
	} else if (version > migrate_latest()) {
		cli_say(stdout, M_CLI_MIGRATE_NEWER, NULL);
		rc = EXIT_DB;
	}
cleanup:
	db_close(db);
	app_release(&app);
	return rc;
}
