/* fuzz_import.c: the activity import (app_activity_import) of an uploaded CSV or XLSX file:
 * the header mapping, Excel dates, measures and every field check, into an in-memory SQLite
 * database made once (nation area VN and root unit, the activity types of the migrations). The
 * first byte picks the mode; the rest is the file. */
#include <sodium.h>

#include "fuzz.h"

#include "app/app.h"
#include "app/config.h"
#include "app/work.h"
#include "store/db.h"
#include "store/migrate.h"

#include "base/banned.h"

/* A fresh database now and then, so that written rows do not pile up and slow the runs. */
#define RUNS_PER_DB 2000

static struct app app;
static struct db *db;
static unsigned runs;

static void setup(void)
{
	struct dv_error e = DV_ERROR_INIT;
	struct config cfg;
	int64_t root = 0;

	if (!app.have_key) {
		if (sodium_init() < 0)
			abort();
		config_defaults(&cfg);
		app_init(&app, &cfg);
		randombytes_buf(app.key, sizeof(app.key));
		app.have_key = true;
	}
	if (db)
		db_close(db);
	if (db_open(&db, "sqlite::memory:", true, &e) || migrate_run(db, NULL, NULL, &e) ||
	    app_bootstrap(db, &root, &e))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_error e = DV_ERROR_INIT;
	struct scope sc = scope_system();
	struct import_report rep;
	enum dv_err ret;

	if (!size)
		return 0;
	if (!db || ++runs % RUNS_PER_DB == 0)
		setup();
	ret = app_activity_import(&app, db, &sc, "fuzz", data + 1, size - 1,
	                          data[0] & 1 ? IMPORT_VALID_ROWS : IMPORT_ALL_OR_NOTHING, NULL,
	                          NULL, &rep, &e);
	FUZZ_CHECK(ret == DV_OK || ret == DV_EINVAL);
	FUZZ_CHECK(rep.written >= 0 && rep.written <= rep.rows && rep.bad <= rep.rows);
	if (ret == DV_OK)
		FUZZ_CHECK(!rep.bad);
	import_report_release(&rep);
	return 0;
}
