/* cmd_demo.c: `danvan demo`: a fresh database filled with the real areas and demo data. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/import.h"
#include "core/scope.h"

#include "base/banned.h"

/* Remove the SQLite file and its -wal and -shm companions; false (with a message) on failure. */
static bool remove_sqlite(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, suffixes[i]);
		if (unlink(buf) < 0 && errno != ENOENT) {
			cli_error_msg(M_CLI_CANNOT_REMOVE, buf, strerror(errno), NULL);
			return false;
		}
	}
	return true;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The logins table: one "login<TAB>password<TAB>role<TAB>unit" line per user, mode 0600. */
static bool write_logins(const char *path, const struct demo_login *l, size_t n)
{
	FILE *f;
	size_t i;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0) {
		cli_error_msg(M_CLI_CANNOT_WRITE, path, strerror(errno), NULL);
		if (fd >= 0)
			close(fd);
		return false;
	}
	f = fdopen(fd, "w");
	if (!f) {
		cli_error_msg(M_CLI_CANNOT_WRITE, path, strerror(errno), NULL);
		close(fd);
		return false;
	}
	for (i = 0; i < n; i++)
		fprintf(f, "%s\t%s\t%s\t%s\n", l[i].login, l[i].password, l[i].role, l[i].unit);
	if (fclose(f) != 0) {
		cli_error_msg(M_CLI_CANNOT_WRITE, path, strerror(errno), NULL);
		return false;
	}
	return true;
}

/*
 * The folder holding vn-units-2025.json: --data, else the configured data-dir; when that is
 * the default "data" and it is not here, the copy next to the binary's build or install
 * folder, so that the demo works from any working directory.
 */
static const char *find_data(const char *given, const char *configured, char *buf, size_t size)
{
	char exe[2048], probe[4096];
	ssize_t n;
	char *slash;
	const char *shared;
	static const char *const rel[] = {"/../data", "/../share/danvan/data"};
	size_t i;

	if (given)
		return given;
	snprintf(probe, sizeof(probe), "%s/vn-units-2025.json", configured);
	if (strcmp(configured, "data") || exists(probe))
		return configured;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(probe, sizeof(probe), "%s%s/vn-units-2025.json", exe, rel[i]);
			if (exists(probe)) {
				snprintf(buf, size, "%s%s", exe, rel[i]);
				return buf;
			}
		}
	}
	shared = getenv("DANVAN_SHARED");
	if (shared && *shared) {
		snprintf(probe, sizeof(probe), "%s/data/vn-units-2025.json", shared);
		if (exists(probe)) {
			snprintf(buf, size, "%s/data", shared);
			return buf;
		}
	}
	return configured;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static const char *num(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%" PRId64, v);
	return buf;
}

int cmd_demo(int argc, char **argv)
{
	const char *data = NULL, *provinces = NULL, *logins = NULL;
	bool force = false;
	struct cli_opt opts[] = {
	    {"data", "DIR", &data, NULL},      {"provinces", "LIST", &provinces, NULL},
	    {"logins", "FILE", &logins, NULL}, {"force", NULL, NULL, &force},
	    {NULL, NULL, NULL, NULL},
	};
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct import_opts io = {0};
	struct import_stats st;
	struct demo_opts dopt = {0};
	struct demo_result *res = NULL;
	struct cli_args args;
	struct app app;
	struct db *db = NULL;
	char units_json[4096], centroids[4096], logins_buf[4096], data_buf[2112], admin_pw[32];
	char a[24], b[24], c[24], d[24], f[24];
	const char *sqlite;
	struct timespec t0;
	int64_t root_id = 0;
	size_t i;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = cli_parse_bare("demo", argc, argv, opts, &args);
	if (rc >= 0)
		return rc;
	if (provinces && !cli_check_provinces(provinces)) {
		cli_args_release(&args);
		return EXIT_USAGE;
	}
	app_init(&app, &args.cfg);
	cli_args_release(&args);
	data = find_data(data, app.cfg.data_dir, data_buf, sizeof(data_buf));
	snprintf(units_json, sizeof(units_json), "%s/vn-units-2025.json", data);
	snprintf(centroids, sizeof(centroids), "%s/vn-ward-centroids.csv", data);
	if (!exists(units_json)) {
		cli_error_msg(M_CLI_NO_DATA, units_json, NULL);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	res = calloc(1, sizeof(*res));
	if (!res) {
		fprintf(stderr, "danvan: error: out of memory\n");
		rc = EXIT_FAIL;
		goto cleanup;
	}

	/* Where the logins go: --logins, else next to the SQLite file. */
	sqlite = app_sqlite_path(app.cfg.db);
	if (!logins) {
		const char *slash = sqlite ? strrchr(sqlite, '/') : NULL;

		if (slash)
			snprintf(logins_buf, sizeof(logins_buf), "%.*s/demo-logins.txt",
			         (int)(slash - sqlite), sqlite);
		else
			snprintf(logins_buf, sizeof(logins_buf), "demo-logins.txt");
		logins = logins_buf;
	}

	/* An existing database is replaced only when asked, with its key file. */
	if (sqlite && exists(sqlite)) {
		if (!force) {
			cli_error_msg(M_CLI_DEMO_EXISTS, app.cfg.db, NULL);
			rc = EXIT_FAIL;
			goto cleanup;
		}
		if (!remove_sqlite(sqlite)) {
			rc = EXIT_FAIL;
			goto cleanup;
		}
		cli_say(stderr, M_CLI_DEMO_REMOVED, sqlite, NULL);
	}
	if (force && exists(app.cfg.key_file)) {
		if (unlink(app.cfg.key_file) < 0) {
			cli_error_msg(M_CLI_CANNOT_REMOVE, app.cfg.key_file, strerror(errno), NULL);
			rc = EXIT_FAIL;
			goto cleanup;
		}
	}

	rc = cli_init_steps(&app, "admin", &db, &root_id, admin_pw, sizeof(admin_pw));
	if (rc != EXIT_OK)
		goto cleanup;

	io.json_path = units_json;
	io.centroids_path = exists(centroids) ? centroids : NULL;
	io.provinces = provinces;
	io.actor = "cli";
	io.progress = cli_progress;
	if (import_areas(db, &sc, &io, &st, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}

	dopt.root_id = root_id;
	dopt.provinces = provinces;
	dopt.actor = "cli";
	dopt.shapes_dir = data;
	dopt.progress = cli_progress;
	if (demo_build(&app, db, &dopt, res, &e) != DV_OK || db_analyze(db, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}

	/* The administrator made by init comes first in the table. */
	if (res->nlogins < DEMO_MAX_LOGINS) {
		memmove(&res->logins[1], &res->logins[0], res->nlogins * sizeof(res->logins[0]));
		memset(&res->logins[0], 0, sizeof(res->logins[0]));
		snprintf(res->logins[0].login, sizeof(res->logins[0].login), "admin");
		snprintf(res->logins[0].password, sizeof(res->logins[0].password), "%s", admin_pw);
		snprintf(res->logins[0].role, sizeof(res->logins[0].role), "administrator");
		snprintf(res->logins[0].unit, sizeof(res->logins[0].unit),
		         "Ban Dân vận Trung ương");
		res->nlogins++;
	}
	if (!write_logins(logins, res->logins, res->nlogins)) {
		rc = EXIT_FAIL;
		goto cleanup;
	}

	cli_say(stdout, M_CLI_DEMO_DONE, app.cfg.db, NULL);
	cli_say(stdout, M_CLI_DEMO_AREAS, num(a, sizeof(a), res->provinces),
	        num(b, sizeof(b), res->communes), num(c, sizeof(c), st.centroids), NULL);
	cli_say(stdout, M_CLI_DEMO_VILLAGES, num(a, sizeof(a), res->villages), NULL);
	cli_say(stdout, M_CLI_DEMO_MARKS, num(a, sizeof(a), res->border),
	        num(b, sizeof(b), res->island), num(c, sizeof(c), res->region3),
	        num(d, sizeof(d), res->difficult), num(f, sizeof(f), res->remote), NULL);
	cli_say(stdout, M_CLI_DEMO_UNITS, num(a, sizeof(a), res->units),
	        num(b, sizeof(b), res->military_regions), NULL);
	if (res->shapes_loaded) {
		cli_say_shapes(&res->shapes);
	} else {
		snprintf(units_json, sizeof(units_json), "%s/%s", data, GEO_COMMUNES_FILE);
		cli_say(stderr, M_CLI_SHAPES_NONE, units_json, NULL);
	}
	putchar('\n');
	printf("%-24s %-22s %-13s %s\n", "LOGIN", "PASSWORD", "ROLE", "UNIT");
	for (i = 0; i < res->nlogins; i++)
		printf("%-24s %-22s %-13s %s\n", res->logins[i].login, res->logins[i].password,
		       res->logins[i].role, res->logins[i].unit);
	putchar('\n');
	cli_say(stdout, M_CLI_DEMO_LOGINS, logins, NULL);
	snprintf(a, sizeof(a), "%.1f", seconds_since(&t0));
	cli_say(stderr, M_CLI_DEMO_TIME, a, NULL);
	rc = EXIT_OK;
cleanup:
	if (res)
		explicit_bzero(res, sizeof(*res));
	free(res);
	explicit_bzero(admin_pw, sizeof(admin_pw));
	db_close(db);
	app_release(&app);
	return rc;
}
