/* cmd_audit.c: `danvan audit verify [--anchor HASH]`: walk the audit chain, name its first break */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

#include "base/banned.h"

int cmd_audit(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct audit_verify v = { 0 };
	const char *anchor = NULL;
	const struct cli_opt opts[] = {
		{ "anchor", "HASH", &anchor, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char n[24], id[24];
	int rc;

	rc = cli_parse("audit", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos != 1 || strcmp(args.pos[0], "verify")) {
		cli_error_msg(M_CLI_AUDIT_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (anchor && (strlen(anchor) != 64 || strspn(anchor, "0123456789abcdef") != 64)) {
		cli_error_msg(M_CLI_AUDIT_ANCHOR, anchor, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	v.anchor = anchor;
	v.progress = cli_progress;
	/* one snapshot: records committed meanwhile are checked next time */
	if (db_begin(db, DB_TX_READ, &e)) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	rc = audit_verify(db, &v, &e);
	db_rollback(db);
	snprintf(n, sizeof(n), "%lld", (long long)v.checked);
	if (rc == DV_ECONFLICT) {
		snprintf(id, sizeof(id), "%lld", (long long)v.bad_id);
		cli_error_msg(M_CLI_AUDIT_BROKEN, id, e.detail, NULL);
		rc = EXIT_FAIL;
		goto cleanup;
	}
	if (rc) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	snprintf(id, sizeof(id), "%lld", (long long)v.last_id);
	cli_say(stdout, M_CLI_AUDIT_OK, n, id, v.checked ? v.last_hash : "-", NULL);
	rc = EXIT_OK;
	if (anchor) {
		if (v.anchor_found) {
			cli_say(stdout, M_CLI_AUDIT_ANCHOR_OK, anchor, NULL);
		} else {
			cli_error_msg(M_CLI_AUDIT_ANCHOR_MISSING, anchor, NULL);
			rc = EXIT_FAIL;
		}
	}
cleanup:
	db_close(db);
	app_release(&app);
	return rc;
}
