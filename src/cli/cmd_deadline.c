/* cmd_deadline.c: `danvan deadline --rule CODE --from DATE`: a due date and how it was found. */
#include "cli/cli.h"

#include <stdio.h>

#include "app/cases.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/strbuf.h"
#include "core/deadline.h"

#include "base/banned.h"

int cmd_deadline(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *rule = NULL, *from = NULL;
	bool remote = false, complex = false;
	struct cli_opt opts[] = {{"rule", "CODE", &rule, NULL},
	                         {"from", "DATE", &from, NULL},
	                         {"remote", NULL, NULL, &remote},
	                         {"complex", NULL, NULL, &complex},
	                         {NULL, NULL, NULL, NULL}};
	struct strbuf sb = STRBUF_INIT;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	struct arena *a = NULL;
	struct deadline d;
	const struct rule *r;
	dv_date day;
	int rc;

	rc = cli_parse_bare("deadline", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (!rule || !*rule || !from) {
		cli_error_msg(M_CLI_DEADLINE_USAGE, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (!cli_parse_date(from, &day)) {
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
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
	if (app_deadline(&app, db, rule, day,
	                 (remote ? DL_REMOTE : 0u) | (complex ? DL_COMPLEX : 0u), a, &d, &r,
	                 &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	deadline_explain(&d, cli_lang(), &sb);
	printf("%s\n", sb.buf);
	rc = EXIT_OK;
cleanup:
	strbuf_release(&sb);
	arena_free(a);
	db_close(db);
	app_release(&app);
	return rc;
}
