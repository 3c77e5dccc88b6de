/* cmd_serve.c: `danvan serve`: check the configuration, schema and key, then run the server. */
#include "cli/cli.h"

#include <stdio.h>

#include "app/notify.h"
#include "base/log.h"
#include "store/migrate.h"
#include "web/server.h"

#include "base/banned.h"

int cmd_serve(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	enum log_level level;
	int rc;

	rc = cli_parse_bare("serve", argc, argv, NULL, &args);
	if (rc >= 0)
		return rc;
	app_init(&app, &args.cfg);
	cli_args_release(&args);

	/* The schema first: a missing or outdated database is the likelier mistake. */
	if (app_open_db(&app, false, &db, &e) != DV_OK) {
		if (e.code == DV_ENOTFOUND)
			cli_error_msg(M_CLI_DB_MISSING, app.cfg.db, NULL);
		else
			cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	if (migrate_check(db, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	db_close(db);
	db = NULL;
	if (app_load_key(&app, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	if (log_level_parse(app.cfg.log_level, &level))
		log_set_level(level);
	/* The outbox is delivered in the background while the server runs. */
	if (notify_start(&app, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	rc = server_run(&app);
	notify_stop();
cleanup:
	db_close(db);
	app_release(&app);
	return rc;
}
