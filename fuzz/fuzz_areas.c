/* fuzz_areas.c: the import of provinces and communes (app/import.h): the shared-data JSON, then,
 * after a line "@@ centroids", the centroid CSV. Both go through files, as the CLI gives them,
 * into an in-memory SQLite database made once (nation area VN); a first line "@@ only CODES"
 * keeps those provinces only. */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"

#include "app/app.h"
#include "app/import.h"
#include "store/db.h"
#include "store/migrate.h"

#include "base/banned.h"

#define RUNS_PER_DB 500

static struct db *db;
static unsigned runs;
static char json_path[64], csv_path[64];

static void write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f))
		abort();
}

static void setup(void)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t root = 0;

	if (!*json_path) {
		/* one pair of files per process, rewritten by every run */
		snprintf(json_path, sizeof(json_path), "/tmp/danvan-fuzz-areas-%ld.json",
		         (long)getpid());
		snprintf(csv_path, sizeof(csv_path), "/tmp/danvan-fuzz-areas-%ld.csv",
		         (long)getpid());
	}
	if (db)
		db_close(db);
	if (db_open(&db, "sqlite::memory:", true, &e) || migrate_run(db, NULL, NULL, &e) ||
	    app_bootstrap(db, &root, &e))
		abort();
}

static void remove_files(void)
{
	unlink(json_path);
	unlink(csv_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char mark[] = "\n@@ centroids\n";
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct import_opts o = {0};
	struct import_stats st = {0};
	const uint8_t *csv = NULL, *nl;
	char *only = NULL;
	size_t json_len = size, i;
	enum dv_err ret;

	if (!db || ++runs % RUNS_PER_DB == 0) {
		if (!db)
			atexit(remove_files);
		setup();
	}
	if (size > 8 && !memcmp(data, "@@ only ", 8) && (nl = memchr(data, '\n', size))) {
		only = fuzz_cstr(data + 8, (size_t)(nl - data) - 8);
		if (!only)
			return 0;
		size -= (size_t)(nl + 1 - data);
		data = nl + 1;
		json_len = size;
	}
	for (i = 0; i + sizeof(mark) - 1 <= size; i++)
		if (!memcmp(data + i, mark, sizeof(mark) - 1)) {
			json_len = i;
			csv = data + i + sizeof(mark) - 1;
			break;
		}
	write_file(json_path, data, json_len);
	if (csv)
		write_file(csv_path, csv, size - (size_t)(csv - data));
	o.json_path = json_path;
	o.centroids_path = csv ? csv_path : NULL;
	o.provinces = only;
	o.actor = "fuzz";
	ret = import_areas(db, &sc, &o, &st, &e);
	FUZZ_CHECK(ret == DV_OK || ret == DV_EINVAL || ret == DV_ECONFLICT || ret == DV_EEXIST);
	FUZZ_CHECK(ret == DV_OK || e.code == ret);
	if (ret == DV_OK)
		FUZZ_CHECK(st.provinces > 0 && st.inserted + st.updated >= st.provinces);
	free(only);
	return 0;
}
