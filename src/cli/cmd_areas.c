/* cmd_areas.c: `danvan areas import`: load the official provinces and communes. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/import.h"
#include "core/scope.h"
#include "store/migrate.h"

#include "base/banned.h"

int cmd_areas(int argc, char **argv)
{
	const char *centroids = NULL, *provinces = NULL;
	struct cli_opt opts[] = {
	    {"centroids", "FILE", &centroids, NULL},
	    {"provinces", "LIST", &provinces, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct import_opts io = {0};
	struct import_stats st;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char n1[24], n2[24], n3[24];
	int rc;

	rc = cli_parse("areas", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos != 2 || strcmp(args.pos[0], "import")) {
		cli_error_msg(M_CLI_AREAS_USAGE, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	io.json_path = args.pos[1];
	io.centroids_path = centroids;
	io.provinces = provinces;
	io.actor = "cli";
	io.progress = cli_progress;
	if (provinces && !cli_check_provinces(provinces)) {
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
	if (migrate_check(db, &e) != DV_OK) {
		cli_fail(&e);
		rc = EXIT_DB;
		goto cleanup;
	}
	if (import_areas(db, &sc, &io, &st, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	snprintf(n1, sizeof(n1), "%" PRId64, st.inserted);
	snprintf(n2, sizeof(n2), "%" PRId64, st.updated);
	snprintf(n3, sizeof(n3), "%" PRId64, st.centroids);
	cli_say(stdout, M_CLI_IMPORTED, n1, n2, n3, NULL);
	rc = EXIT_OK;
cleanup:
	db_close(db);
	app_release(&app);
	return rc;
}
