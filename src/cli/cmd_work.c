/* cmd_work.c: `danvan aggregates check|rebuild` (activity rollups and case counts against the
 * facts), `danvan activities import FILE --as LOGIN [--mode all|valid]` and `danvan gen`. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gen.h"
#include "app/work.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "store/dash.h"
#include "store/user.h"
#include "store/work.h"

#include "base/banned.h"

int cmd_aggregates(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct strbuf report = STRBUF_INIT;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	const char *sub;
	int64_t diffs = 0;
	int rc;

	rc = cli_parse("aggregates", argc, argv, NULL, &args);
	if (rc >= 0)
		return rc;
	sub = args.npos > 0 ? args.pos[0] : "";
	if (args.npos != 1 || (strcmp(sub, "check") && strcmp(sub, "rebuild"))) {
		cli_error_msg(M_CLI_AGG_SUB, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	if (!strcmp(sub, "rebuild")) {
		cli_say(stderr, M_CLI_AGG_REBUILDING, NULL);
		if (db_begin(db, DB_TX_WRITE, &e) || work_agg_rebuild(db, &e) ||
		    case_agg_rebuild(db, &e) || db_commit(db, &e)) {
			db_rollback(db);
			rc = cli_fail(&e);
			goto cleanup;
		}
	}
	cli_say(stderr, M_CLI_AGG_CHECKING, NULL);
	if (db_begin(db, DB_TX_READ, &e) || work_agg_check(db, &report, &diffs, &e) ||
	    case_agg_check(db, &report, &diffs, &e)) {
		db_rollback(db);
		rc = cli_fail(&e);
		goto cleanup;
	}
	db_rollback(db);
	if (report.len)
		fwrite(report.buf, 1, report.len, stdout);
	if (diffs) {
		char n[24];

		snprintf(n, sizeof(n), "%lld", (long long)diffs);
		cli_error_msg(M_CLI_AGG_DIFFS, n, NULL);
		rc = EXIT_FAIL;
	} else {
		cli_say(stdout, M_CLI_AGG_OK, NULL);
		rc = EXIT_OK;
	}
cleanup:
	strbuf_release(&report);
	db_close(db);
	app_release(&app);
	return rc;
}

static void import_progress(void *arg, int64_t rows, int64_t written)
{
	(void)arg;
	fprintf(stderr, "\ractivities import: %lld rows read, %lld written", (long long)rows,
		(long long)written);
	fflush(stderr);
}

/* Read a whole file (at most 1 GiB) into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len, struct dv_error *e)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[65536];
	size_t n;

	if (!f) {
		dv_fail(e, DV_EIO, "cannot open '%s': check the path", path);
		return NULL;
	}
	strbuf_init(&sb, (size_t)1 << 30, 1 << 16);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (strbuf_add(&sb, buf, n) < 0)
			break;
	if (ferror(f) || sb.failed) {
		dv_fail(e, DV_EIO, "cannot read '%s' (larger than 1 GiB or unreadable)", path);
		fclose(f);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(f);
	return strbuf_detach(&sb, len);
}

int cmd_activities(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sys = scope_system(), sc;
	struct import_report rep;
	const char *login = NULL, *mode = NULL, *path;
	const struct cli_opt opts[] = {
	    {"as", "LOGIN", &login, NULL},
	    {"mode", "all|valid", &mode, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	struct arena *a = NULL;
	struct user u;
	char *data = NULL;
	size_t len = 0;
	enum import_mode m = IMPORT_ALL_OR_NOTHING;
	enum dv_err ret;
	int rc;

	rc = cli_parse("activities import", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (args.npos != 2 || strcmp(args.pos[0], "import") || !login ||
	    (mode && strcmp(mode, "all") && strcmp(mode, "valid"))) {
		cli_error_msg(M_CLI_ACT_USAGE, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	if (mode && !strcmp(mode, "valid"))
		m = IMPORT_VALID_ROWS;
	path = args.pos[1];
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	a = arena_new();
	data = a ? slurp(path, &len, &e) : NULL;
	if (!data) {
		if (!a)
			dv_fail(&e, DV_ENOMEM, "out of memory");
		rc = cli_fail(&e);
		goto cleanup;
	}
	if (db_begin(db, DB_TX_READ, &e) || user_get_by_login(db, &sys, login, a, &u, &e)) {
		db_rollback(db);
		if (e.code == DV_ENOTFOUND)
			dv_fail(&e, DV_ENOTFOUND, "no user '%s': the import runs as a user (--as LOGIN)",
				login);
		rc = cli_fail(&e);
		goto cleanup;
	}
	db_rollback(db);
	if (!u.active) {
		dv_fail(&e, DV_EPERM, "user '%s' is disabled", login);
		rc = cli_fail(&e);
		goto cleanup;
	}
	sc = scope_for_user(u.id, u.unit_id, u.role);
	ret = app_activity_import(&app, db, &sc, login, data, len, m, import_progress, NULL, &rep,
				  &e);
	fputc('\n', stderr);
	if (rep.text.len)
		fwrite(rep.text.buf, 1, rep.text.len, stdout);
	printf("rows %lld, written %lld, refused %lld\n", (long long)rep.rows,
	       (long long)rep.written, (long long)rep.bad);
	import_report_release(&rep);
	rc = ret ? cli_fail(&e) : EXIT_OK;
cleanup:
	free(data);
	arena_free(a);
	db_close(db);
	app_release(&app);
	return rc;
}

static void cases_progress(void *arg, int64_t rows, int64_t written)
{
	(void)arg;
	fprintf(stderr, "\rcases: %lld generated, %lld written", (long long)rows,
	        (long long)written);
	fflush(stderr);
}

/* A count of --activities or --cases: 0 when absent, -1 when not 0 to 100,000,000. */
static long long gen_count(const char *s)
{
	long long n;
	char *end;

	if (!s)
		return 0;
	n = strtoll(s, &end, 10);
	return end == s || *end || n < 0 || n > 100000000 ? -1 : n;
}

/* `danvan gen [--activities N] [--cases N] [--seed S] [--year Y]`: the benchmark's dataset on a
 * built demo. */
int cmd_gen(int argc, char **argv)
{
	struct dv_error e = DV_ERROR_INIT;
	struct import_report rep;
	const char *n_s = NULL, *cases_s = NULL, *seed_s = NULL, *year_s = NULL;
	const struct cli_opt opts[] = {
	    {"activities", "N", &n_s, NULL},
	    {"cases", "N", &cases_s, NULL},
	    {"seed", "S", &seed_s, NULL},
	    {"year", "YYYY", &year_s, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	long long n, ncases, seed = 1, year;
	int64_t written = 0;
	char *end;
	int rc;

	rc = cli_parse("gen", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	{
		int y, m, d;

		date_to_ymd(date_of_instant(time_now()), &y, &m, &d);
		year = y;
	}
	n = gen_count(n_s);
	ncases = gen_count(cases_s);
	if (n < 0 || ncases < 0 || (!n && !ncases) || args.npos ||
	    (seed_s && ((seed = strtoll(seed_s, &end, 10)) < 0 || *end)) ||
	    (year_s && ((year = strtoll(year_s, &end, 10)) < 2000 || year > 2100 || *end))) {
		cli_error_msg(M_CLI_GEN_USAGE, NULL);
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	rc = cli_open_checked(&app, &db);
	if (rc >= 0)
		goto cleanup;
	rc = EXIT_OK;
	if (n) {
		rc = app_gen_activities(&app, db, n, (uint64_t)seed, (int)year, import_progress,
		                        NULL, &rep, &e)
		         ? cli_fail(&e)
		         : EXIT_OK;
		fputc('\n', stderr);
		if (rep.text.len)
			fwrite(rep.text.buf, 1, rep.text.len, stderr);
		printf("activities generated %lld, written %lld, refused %lld\n",
		       (long long)rep.rows, (long long)rep.written, (long long)rep.bad);
		import_report_release(&rep);
	}
	if (ncases && rc == EXIT_OK) {
		enum dv_err ret = app_gen_cases(&app, db, ncases, (uint64_t)seed, (int)year,
		                                cases_progress, NULL, &written, &e);

		fputc('\n', stderr);
		printf("cases generated %lld, written %lld\n", ncases, (long long)written);
		rc = ret ? cli_fail(&e) : EXIT_OK;
	}
	if (rc == EXIT_OK && db_analyze(db, &e) != DV_OK)
		rc = cli_fail(&e);
cleanup:
	db_close(db);
	app_release(&app);
	return rc;
}
