/* cmd_areas.c: `danvan areas import`: load the official provinces and communes, and their
 * boundaries for the maps. */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/geo.h"
#include "app/import.h"
#include "core/scope.h"
#include "store/migrate.h"

#include "base/banned.h"

/* "a, b, c" from the first codes of a report, with "…" when there were more. */
static const char *code_list(char *buf, size_t size, const char *codes, size_t stride, size_t n,
                             int64_t total)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++) {
		int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", codes + i * stride);

		if (w < 0)
			break;
		len += (size_t)w;
	}
	if ((int64_t)n < total && len < size)
		snprintf(buf + len, size - len, ", …");
	return buf;
}

void cli_say_shapes(const struct geo_stats *st)
{
	char a[24], b[24], c[24], d[24], f[24], list[512];

	snprintf(a, sizeof(a), "%" PRId64, st->provinces);
	snprintf(b, sizeof(b), "%" PRId64, st->communes);
	snprintf(c, sizeof(c), "%" PRId64, st->points);
	snprintf(d, sizeof(d), "%" PRId64, st->insets);
	snprintf(f, sizeof(f), "%" PRId64, st->outside);
	cli_say(stdout, M_CLI_SHAPES, a, b, c, d, f, NULL);
	if (st->unmatched) {
		snprintf(a, sizeof(a), "%" PRId64, st->unmatched);
		cli_say(stdout, M_CLI_SHAPES_UNMATCHED, a,
		        code_list(list, sizeof(list), st->unmatched_codes[0],
		                  sizeof(st->unmatched_codes[0]), st->n_unmatched_codes,
		                  st->unmatched),
		        NULL);
	}
	if (st->missing) {
		snprintf(a, sizeof(a), "%" PRId64, st->missing);
		cli_say(stdout, M_CLI_SHAPES_MISSING, a,
		        code_list(list, sizeof(list), st->missing_codes[0],
		                  sizeof(st->missing_codes[0]), st->n_missing_codes, st->missing),
		        NULL);
	}
}

/* Both boundary files of --shapes DIR must be there; false (with a message) otherwise. */
static bool shapes_paths(const char *dir, char *prov, char *com, size_t size)
{
	struct stat st;
	const char *bad = NULL;

	snprintf(prov, size, "%s/%s", dir, GEO_PROVINCES_FILE);
	snprintf(com, size, "%s/%s", dir, GEO_COMMUNES_FILE);
	if (stat(prov, &st) < 0)
		bad = prov;
	else if (stat(com, &st) < 0)
		bad = com;
	if (!bad)
		return true;
	cli_error_msg(M_CLI_SHAPES_NOT_FOUND, bad, GEO_PROVINCES_FILE, GEO_COMMUNES_FILE, NULL);
	return false;
}

int cmd_areas(int argc, char **argv)
{
	const char *centroids = NULL, *provinces = NULL, *shapes = NULL;
	struct cli_opt opts[] = {
	    {"centroids", "FILE", &centroids, NULL},
	    {"provinces", "LIST", &provinces, NULL},
	    {"shapes", "DIR", &shapes, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct geo_opts go = {0};
	struct geo_set *set = NULL;
	struct geo_stats gst;
	char prov_path[4096], com_path[4096];
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
	if (shapes && !shapes_paths(shapes, prov_path, com_path, sizeof(prov_path))) {
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
	/* bad boundary files are refused before the areas change */
	if (shapes) {
		go.provinces_path = prov_path;
		go.communes_path = com_path;
		go.provinces = provinces;
		go.actor = "cli";
		go.progress = cli_progress;
		if (geo_read(&go, &set, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
	}
	if (import_areas(db, &sc, &io, &st, &e) != DV_OK || db_analyze(db, &e) != DV_OK) {
		rc = cli_fail(&e);
		goto cleanup;
	}
	snprintf(n1, sizeof(n1), "%" PRId64, st.inserted);
	snprintf(n2, sizeof(n2), "%" PRId64, st.updated);
	snprintf(n3, sizeof(n3), "%" PRId64, st.centroids);
	cli_say(stdout, M_CLI_IMPORTED, n1, n2, n3, NULL);
	if (set) {
		if (geo_store(db, &sc, set, &go, &gst, &e) != DV_OK) {
			rc = cli_fail(&e);
			goto cleanup;
		}
		cli_say_shapes(&gst);
	}
	rc = EXIT_OK;
cleanup:
	geo_set_free(set);
	db_close(db);
	app_release(&app);
	return rc;
}
