/* app.c: the application context: key file, per-thread database connections, first rows. */
#include "app/app.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cases.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/audit.h"
#include "store/unit.h"

#include "base/log.h"

#include "base/banned.h"

#define KEY_SIZE 32

void app_init(struct app *app, struct config *cfg)
{
	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	/* The app owns the strings now; leave the caller's copy harmless to release. */
	memset(cfg, 0, sizeof(*cfg));
	if (sodium_init() < 0)
		abort(); /* libsodium cannot work without a random source; nothing else can either
		          */
}

void app_release(struct app *app)
{
	app_db_close_thread();
	sodium_memzero(app->key, sizeof(app->key));
	app->have_key = false;
	config_release(&app->cfg);
}

const char *app_sqlite_path(const char *url)
{
	if (!url || !*url)
		return NULL;
	if (!strncmp(url, "sqlite:", 7))
		url += 7;
	else if (strstr(url, "://"))
		return NULL;
	if (!*url || !strcmp(url, ":memory:"))
		return NULL;
	return url;
}

/* Create every missing folder above `path` (mode 0700, because it holds the key and data). */
static enum dv_err make_parent(const char *path, struct dv_error *e)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n, i;

	if (!slash || slash == path)
		return DV_OK;
	n = (size_t)(slash - path);
	if (n >= sizeof(dir))
		return dv_fail(e, DV_EIO, "path '%s' is too long", path);
	memcpy(dir, path, n);
	dir[n] = '\0';
	for (i = 1; i <= n; i++) {
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return dv_fail(e, DV_EIO, "cannot create folder '%s': %s", dir,
			               strerror(errno));
		if (i < n)
			dir[i] = '/';
	}
	return DV_OK;
}

enum dv_err app_create_key(const char *path, struct dv_error *e)
{
	unsigned char key[KEY_SIZE];
	enum dv_err ret = DV_OK;
	ssize_t w;
	int fd;

	if (sodium_init() < 0)
		return dv_fail(e, DV_EIO, "cannot initialise libsodium");
	ret = make_parent(path, e);
	if (ret != DV_OK)
		return ret;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return dv_fail(e, DV_EEXIST,
			               "key file '%s' already exists: keep it (it decrypts the "
			               "confidential fields), or move it away first",
			               path);
		return dv_fail(e, DV_EIO, "cannot create key file '%s': %s", path, strerror(errno));
	}
	randombytes_buf(key, sizeof(key));
	w = write(fd, key, sizeof(key));
	if (w != (ssize_t)sizeof(key) || fsync(fd) < 0) {
		ret = dv_fail(e, DV_EIO, "cannot write key file '%s': %s", path,
		              w < 0 ? strerror(errno) : "short write");
		unlink(path);
	}
	sodium_memzero(key, sizeof(key));
	if (close(fd) < 0 && ret == DV_OK)
		ret = dv_fail(e, DV_EIO, "cannot write key file '%s': %s", path, strerror(errno));
	return ret;
}

enum dv_err app_load_key(struct app *app, struct dv_error *e)
{
	const char *path = app->cfg.key_file;
	struct stat st;
	enum dv_err ret = DV_OK;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return dv_fail(
			    e, DV_ENOTFOUND,
			    "key file '%s' not found: run 'danvan init', or set --key-file", path);
		return dv_fail(e, DV_ECONFIG, "cannot read key file '%s': %s", path,
		               strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		ret =
		    dv_fail(e, DV_ECONFIG, "cannot read key file '%s': %s", path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = dv_fail(e, DV_ECONFIG, "key file '%s' is not a regular file", path);
		goto cleanup;
	}
	if (st.st_mode & 077) {
		ret = dv_fail(e, DV_ECONFIG,
		              "key file '%s' is readable by others (mode %04o): run 'chmod 600 %s'",
		              path, (unsigned)(st.st_mode & 07777), path);
		goto cleanup;
	}
	if (st.st_size != KEY_SIZE) {
		ret =
		    dv_fail(e, DV_ECONFIG,
		            "key file '%s' has %lld bytes instead of %d: restore it from a backup",
		            path, (long long)st.st_size, KEY_SIZE);
		goto cleanup;
	}
	r = read(fd, app->key, KEY_SIZE);
	if (r != KEY_SIZE) {
		ret = dv_fail(e, DV_ECONFIG, "cannot read key file '%s': %s", path,
		              r < 0 ? strerror(errno) : "short read");
		sodium_memzero(app->key, sizeof(app->key));
		goto cleanup;
	}
	app->have_key = true;
cleanup:
	close(fd);
	return ret;
}

enum dv_err app_open_db(const struct app *app, bool create, struct db **out, struct dv_error *e)
{
	const char *path = app_sqlite_path(app->cfg.db);

	*out = NULL;
	if (create && path) {
		enum dv_err ret = make_parent(path, e);

		if (ret != DV_OK)
			return ret;
	}
	return db_open(out, app->cfg.db, create, e);
}

/*
 * Per-thread connections, one to the primary and one to the read replica (when configured):
 * the keys' destructor closes a thread's connections when it exits.
 */
static pthread_key_t db_key, read_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

static void db_key_destroy(void *p)
{
	db_close(p);
}

static void db_key_make(void)
{
	if (pthread_key_create(&db_key, db_key_destroy) != 0 ||
	    pthread_key_create(&read_key, db_key_destroy) != 0)
		abort(); /* only fails when the process is out of keys: a programming error */
}

/* `key` is read only after pthread_once has created it, hence the pointer. */
static struct db *thread_db(const pthread_key_t *keyp, const char *url, struct dv_error *e)
{
	pthread_key_t key;
	struct db *db;

	pthread_once(&db_key_once, db_key_make);
	key = *keyp;
	db = pthread_getspecific(key);
	if (db && !db_in_tx(db) && db_errcode(db) == DV_EUNAVAIL) {
		/* The server went away: start over with a fresh connection. */
		db_close(db);
		pthread_setspecific(key, NULL);
		db = NULL;
	}
	if (db)
		return db;
	if (db_open(&db, url, false, e) != DV_OK)
		return NULL;
	/*
	 * Every write a user is answered for (a staff member's intake or decision, like the
	 * citizens' group commits) is on disk before the answer: on SQLite an fsync at each
	 * commit of a write transaction (reads commit without one); PostgreSQL's commits are
	 * durable as its server is configured (synchronous_commit on by default).
	 */
	if (keyp == &db_key && db_engine(db) == DB_SQLITE &&
	    db_exec(db, "PRAGMA synchronous = FULL", e) != DV_OK) {
		db_close(db);
		return NULL;
	}
	if (pthread_setspecific(key, db) != 0) {
		db_close(db);
		dv_fail(e, DV_ENOMEM, "cannot keep the database connection of this thread");
		return NULL;
	}
	return db;
}

struct db *app_db(struct app *app, struct dv_error *e)
{
	return thread_db(&db_key, app->cfg.db, e);
}

struct db *app_db_read(struct app *app, struct dv_error *e)
{
	struct dv_error e2 = DV_ERROR_INIT;
	struct db *db;

	if (!app->cfg.db_read || !*app->cfg.db_read)
		return app_db(app, e);
	db = thread_db(&read_key, app->cfg.db_read, &e2);
	if (db)
		return db;
	/* a replica that is down must not take the site down: read from the primary */
	log_msg(LOG_WARN, "read replica unavailable, reading from the primary", "error",
		e2.detail, NULL);
	return app_db(app, e);
}

void app_db_close_thread(void)
{
	pthread_key_t keys[2];
	struct db *db;
	int i;

	app_cases_thread_done();
	pthread_once(&db_key_once, db_key_make);
	keys[0] = db_key;
	keys[1] = read_key;
	for (i = 0; i < 2; i++) {
		db = pthread_getspecific(keys[i]);
		if (db) {
			pthread_setspecific(keys[i], NULL);
			db_close(db);
		}
	}
}

void app_random_password(char *out, size_t size)
{
	/* No 0/O, 1/l/I: passwords are read off a screen and typed. */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i;

	if (size == 0)
		return;
	for (i = 0; i + 1 < size; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[size - 1] = '\0';
}

enum dv_err app_bootstrap(struct db *db, int64_t *root_id, struct dv_error *e)
{
	struct scope sc = scope_system();
	struct area_new nation = {
	    .code = "VN",
	    .parent_code = NULL,
	    .level = AREA_NATION,
	    .kind = "Quốc gia",
	    .kind_en = "Nation",
	    .name = "Việt Nam",
	    .name_en = "Viet Nam",
	    .full_name = "Nước Cộng hòa xã hội chủ nghĩa Việt Nam",
	    .full_name_en = "Socialist Republic of Viet Nam",
	};
	struct unit_new root = {
	    .parent_id = 0,
	    .kind = "central-commission",
	    .name = "Ban Dân vận Trung ương",
	    .name_en = "Central Mass Mobilisation Commission",
	    .home_area_code = "VN",
	};
	char idbuf[32];
	int64_t area_id = 0;
	enum dv_err ret;

	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret != DV_OK)
		return ret;
	ret = area_insert(db, &sc, &nation, &area_id, e);
	if (ret == DV_EEXIST) {
		ret = DV_ECONFLICT;
		dv_error_clear(e);
		dv_fail(e, ret, "the nation area 'VN' already exists: the database is initialised");
	}
	if (ret != DV_OK)
		goto cleanup;
	ret = unit_create(db, &sc, &root, root_id, e);
	if (ret != DV_OK)
		goto cleanup;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*root_id);
	ret = audit_append(db, &sc, "cli", "system.init", "unit", idbuf,
	                   "nation area VN and root unit created", e);
	if (ret != DV_OK)
		goto cleanup;
	ret = db_commit(db, e);
cleanup:
	if (ret != DV_OK)
		db_rollback(db);
	return ret;
}
