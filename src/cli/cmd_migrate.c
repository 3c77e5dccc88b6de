/* cmd_migrate.c: `danvan migrate`: apply pending schema migrations, or show the versions. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "store/copy.h"
#include "store/migrate.h"

#include "base/banned.h"

static void progress(int version, const char *name, void *arg)
{
	(void)arg;
	(void)version;
	fprintf(stderr, "migrate: applying %s\n", name);
}

static void copy_progress(const char *table, int64_t done, int64_t total, void *arg)
{
	cli_progress(table, (size_t)done, (size_t)total, arg);
}

/* `--copy-from URL`: the schema of the target is brought up to date, then every row copied. */
static int copy_from(struct app *app, struct db *dst, const char *url)
{
	struct dv_error e = DV_ERROR_INIT;
	struct copy_report rep;
	struct db *src = NULL;
	char tables[16], rows[24], closure[24];
	int rc;

	if (!strcmp(url, app->cfg.db)) {
		cli_error_msg(M_CLI_COPY_SAME, NULL);
		return EXIT_USAGE;
	}
	if (db_open(&src, url, false, &e) != DV_OK)
		return cli_fail(&e);
	if (migrate_run(dst, progress, NULL, &e) != DV_OK ||
	    store_copy(src, dst, copy_progress, NULL, &rep, &e) != DV_OK) {
		rc = cli_fail(&e);
		db_close(src);
		return rc;
	}
	db_close(src);
	snprintf(tables, sizeof(tables), "%d", rep.tables);
	snprintf(rows, sizeof(rows), "%lld", (long long)rep.rows);
	snprintf(closure, sizeof(closure), "%lld", (long long)rep.closure_rows);
	cli_say(stdout, M_CLI_COPY_DONE, tables, rows, url, app->cfg.db, closure, NULL);
	return EXIT_OK;
}

int cmd_migrate(int argc, char **argv)
{
	bool status = false;
	const char *copy = NULL;
	struct cli_opt opts[] = {
	    {"status", NULL, NULL, &status},
	    {"copy-from", "URL", &copy, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct dv_error e = DV_ERROR_INIT;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char cur[16], latest[16];
	int rc, version = 0;

	rc = cli_parse_bare("migrate", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
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
	if (copy) {
		rc = copy_from(&app, db, copy);
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
