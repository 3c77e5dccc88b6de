/* cmd_holidays.c: `danvan holidays list|add DATE NAME|remove DATE`: the added public holidays. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/cases.h"
#include "base/arena.h"
#include "base/date.h"
#include "core/scope.h"

#include "base/banned.h"

int cmd_holidays(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system();
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	struct arena *a = NULL;
	const char *sub, *name = NULL;
	int want, rc;
	dv_date day = 0;
	char buf[11];

	rc = cli_parse("holidays", argc, argv, NULL, &args);
	if (rc >= 0)
		return rc;
	sub = args.npos > 0 ? args.pos[0] : "";
	want = !strcmp(sub, "list") ? 1 : !strcmp(sub, "add") ? 3 : !strcmp(sub, "remove") ? 2 : 0;
	if (!want) {
		cli_error_msg(M_CLI_HOLIDAYS_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (args.npos != want) {
		if (args.npos > want)
			cli_error_msg(M_CLI_EXTRA_ARGUMENT, args.pos[want], "holidays", NULL);
		else
			cli_error_msg(M_CLI_HOLIDAYS_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (want >= 2 && !cli_parse_date(args.pos[1], &day)) {
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (want == 3)
		name = args.pos[2];
	app_init(&app, &args.cfg);
	/* `name` points into argv, which outlives the parsed arguments. */
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	a = arena_new();
	if (!a) {
		dv_fail(&e, DV_ENOMEM, "out of memory");
		rc = cli_fail(&e);
		goto cleanup;
	}
	date_format(day, buf);
	if (want == 1) {
		struct holiday_row *rows = NULL;
		size_t n = 0, i;

		if (app_holidays(&app, db, a, &rows, &n, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
		if (!n)
			cli_say(stdout, M_CLI_HOLIDAYS_NONE, NULL);
		for (i = 0; i < n; i++) {
			date_format(rows[i].day, buf);
			printf("%s  %s\n", buf, rows[i].name);
		}
		cli_say(stdout, M_CLI_HOLIDAYS_FIXED, NULL);
	} else if (want == 3) {
		if (app_holiday_add(&app, db, &sys, "cli", day, name, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
		cli_say(stdout, M_CLI_HOLIDAY_ADDED, buf, name, NULL);
	} else {
		if (app_holiday_remove(&app, db, &sys, "cli", day, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
		cli_say(stdout, M_CLI_HOLIDAY_REMOVED, buf, NULL);
	}
	rc = EXIT_OK;
cleanup:
	arena_free(a);
	db_close(db);
	app_release(&app);
	return rc;
}
