/* cmd_rules.c: `danvan rules show [--at DATE]`: the statutory rule set in force, and every set. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/cases.h"
#include "base/arena.h"
#include "base/date.h"
#include "core/deadline.h"
#include "store/migrate.h"

#include "base/banned.h"

int cli_open_checked(struct app *app, struct db **db)
{
	struct dv_error e = DV_ERROR_INIT;

	if (app_open_db(app, false, db, &e) != DV_OK) {
		if (e.code == DV_ENOTFOUND)
			cli_error_msg(M_CLI_DB_MISSING, app->cfg.db, NULL);
		else
			cli_fail(&e);
		return EXIT_DB;
	}
	if (migrate_check(*db, &e) != DV_OK) {
		cli_fail(&e);
		return EXIT_DB;
	}
	return -1;
}

bool cli_parse_date(const char *s, dv_date *out)
{
	if (s && date_parse(s, out))
		return true;
	cli_error_msg(M_CLI_BAD_DATE, s ? s : "", NULL);
	return false;
}

/* A variant column: "-" when the variant is the same as the base period. */
static const char *variant(char *buf, size_t size, int days)
{
	if (days <= 0)
		return "-";
	snprintf(buf, size, "%d", days);
	return buf;
}

static const char *status_text(char status)
{
	enum lang l = cli_lang();

	switch (status) {
	case 'C':
		return msg(l, M_CLI_RULE_CONFIRMED);
	case 'P':
		return msg(l, M_CLI_RULE_PARTLY);
	default:
		return msg(l, M_CLI_RULE_TO_VERIFY);
	}
}

static void print_set(const struct rule_set *s)
{
	size_t i;

	cli_say(stdout, M_CLI_RULES_HEADER, NULL);
	for (i = 0; i < s->n; i++) {
		const struct rule *r = &s->rules[i];
		char c[12], rm[12], rc[12], ext[24];

		if (r->max_extensions > 0)
			snprintf(ext, sizeof(ext), "%dx%d", r->max_extensions, r->extension_days);
		else
			snprintf(ext, sizeof(ext), "-");
		printf("%-13s %4d  %-10s  %-8s  %-7s  %-6s  %-7s  %-10s  %c %s\n", r->code, r->days,
		       day_kind_name(r->kind), variant(c, sizeof(c), r->days_complex),
		       variant(rm, sizeof(rm), r->days_remote),
		       variant(rc, sizeof(rc), r->days_remote_complex), ext,
		       rule_anchor_name(r->anchor), r->status, status_text(r->status));
	}
}

int cmd_rules(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	const char *at = NULL;
	struct cli_opt opts[] = {{"at", "DATE", &at, NULL}, {NULL, NULL, NULL, NULL}};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	struct arena *a = NULL;
	struct rule_set *sets = NULL;
	const struct rule_set *cur;
	size_t n = 0, i;
	dv_date day;
	char d1[11], d2[11];
	int rc;

	rc = cli_parse("rules", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos < 1 || strcmp(args.pos[0], "show") != 0) {
		cli_error_msg(M_CLI_RULES_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (args.npos > 1) {
		cli_error_msg(M_CLI_EXTRA_ARGUMENT, args.pos[1], "rules", NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	day = date_of_instant(time_now());
	if (at && !cli_parse_date(at, &day)) {
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	a = arena_new();
	if (!a || app_rulesets(&app, db, a, &sets, &n, &e) != DV_OK) {
		if (!a)
			dv_fail(&e, DV_ENOMEM, "out of memory");
		rc = cli_fail(&e);
		goto cleanup;
	}
	date_format(day, d1);
	cur = rule_set_in_force(sets, n, day);
	if (!cur) {
		cli_error_msg(M_CLI_NO_RULESET, d1, NULL);
		rc = EXIT_FAIL;
		goto cleanup;
	}
	date_format(cur->effective_from, d2);
	cli_say(stdout, M_CLI_RULES_IN_FORCE, d1, cur->name, d2, NULL);
	putchar('\n');
	print_set(cur);
	putchar('\n');
	cli_say(stdout, M_CLI_RULES_SETS, NULL);
	for (i = 0; i < n; i++) {
		date_format(sets[i].effective_from, d2);
		printf("%c %s  %s (%zu)\n", &sets[i] == cur ? '*' : ' ', d2, sets[i].name,
		       sets[i].n);
	}
	rc = EXIT_OK;
cleanup:
	arena_free(a);
	db_close(db);
	app_release(&app);
	return rc;
}
