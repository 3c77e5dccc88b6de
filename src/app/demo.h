/* demo.h: a complete demonstration database built on the real provinces and communes. */
#ifndef DV_DEMO_H
#define DV_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/geo.h"
#include "base/err.h"
#include "store/db.h"

#define DEMO_MAX_LOGINS 24

/* One demo account; the password is shown once and written to the logins file. */
struct demo_login {
	char login[64];
	char password[32];
	char role[16];
	char unit[256]; /* the unit's name */
};

struct demo_opts {
	int64_t root_id;       /* the root unit created by app_bootstrap() */
	const char *provinces; /* comma-separated province codes ("01,79"); NULL = all */
	const char *actor;     /* audit label, e.g. "cli" */
	/* The folder of the boundary GeoJSON (geo.h's file names), or NULL: no map shapes. */
	const char *shapes_dir;
	/* Progress: `what` ("shapes", "villages", "units", "users"), done of total. May be NULL. */
	void (*progress)(const char *what, size_t done, size_t total, void *arg);
	void *progress_arg;
};

struct demo_result {
	int64_t provinces, communes;
	int64_t villages; /* synthetic: generated, marked synthetic=1 */
	int64_t border, island, region3, difficult, remote; /* illustrative designations */
	int64_t units;
	int64_t military_regions;
	bool shapes_loaded; /* shapes_dir held both boundary files */
	struct geo_stats shapes;
	struct demo_login logins[DEMO_MAX_LOGINS];
	size_t nlogins;
};

/*
 * Build the demo on a database where the provinces and communes are already imported (see
 * import.h) under the root unit `opts->root_id`: their boundaries for the maps (geo.h; skipped
 * when opts->shapes_dir lacks the files), synthetic villages (3 to 8 per commune),
 * illustrative designations, a plausible tree of units (party committees and their mass
 * mobilisation boards, people's committees, police, Fatherland Front and mass organisations,
 * military regions with their divisions, regiments and battalions, military commands, border
 * guard), then demo users of every role with random passwords (through app_user_create, so
 * hashed and audited). Deterministic apart from the passwords. Areas and units are written in
 * two write transactions, each audited once; `db` must not be in a transaction.
 */
enum dv_err demo_build(struct app *app, struct db *db, const struct demo_opts *opts,
                       struct demo_result *out, struct dv_error *e);
/*
 * The demo's year of mass-mobilisation work on a built demo: twinning, working groups, about
 * 6,000 activities over the last twelve months, and plans (all synthetic). demo_build runs it.
 */
enum dv_err demo_work(struct app *app, struct db *db, struct dv_error *e);
/*
 * The demo's "clever mass mobilisation" models on a built demo with its work: criteria sets,
 * about forty models and exemplars in communes of up to six provinces (evaluated, recognised,
 * replicated, some withdrawn) with activities linked as results, one emulation round scored
 * and reviewed, and about fifteen commendation proposals and decisions (all synthetic).
 * Creates one evaluator (a leader, listed with the demo's logins) per province and one in a
 * commune. demo_build runs it after demo_work.
 */
enum dv_err demo_emulation(struct app *app, struct db *db, struct demo_result *r,
                           struct dv_error *e);

#endif
