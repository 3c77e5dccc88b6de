/* commit.c: the group-commit writer thread. */
#include "app/commit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "store/sqlite_vfs.h"

#include "base/banned.h"

#define QUEUE_MAX 4096
/* the checkpointer runs at most this often (ms): each run copies what the groups wrote since,
 * each page once however often it was written; at 50 ms it copied ~1.8 pages a case (5 us of
 * CPU), at 200 ms half of that. Longer is not better: at 1,000 ms it took 25 us a case (seen,
 * not explained), and readers search a longer log. */
#define CHECKPOINT_MS 200
/* a log this long (pages, 256 MiB) is started again from its beginning: each restart costs the
 * writer a checkpoint of its own (two fsyncs, ~7 ms of intake), so not after every 1,000 pages
 * as SQLite does; an intake writes ~5 pages a case (~7 before migration 0010), and at 32 MiB
 * the restarts took 7% of the writer's time (bench: 9,200 cases/s, 11,000 at 256 MiB). The
 * file goes when the server stops. */
#define RESTART_PAGES 65536

struct committer {
	struct app *app;
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct commit_job *head, *tail;
	unsigned queued;
	unsigned max_batch;
	bool stopping;
	struct commit_stats stats;

	/* SQLite only (wal_fd >= 0): committed groups waiting for the log's fsync, and the
	 * threads that make them durable and copy the log into the database */
	int wal_fd;
	pthread_t syncer, checkpointer;
	pthread_cond_t sync_cond, ckpt_cond;
	struct commit_job *synced_head, *synced_tail;
	unsigned long long ckpt_wanted; /* groups committed since the last checkpoint */
	bool restart_wanted;            /* the log is long: the writer finishes the copy */
	bool sync_stop, ckpt_stop;
	struct db *ckpt_db;
};

static void finish_all(struct commit_job *list, enum dv_err code, const struct dv_error *why)
{
	struct commit_job *j, *next;

	for (j = list; j; j = next) {
		next = j->next; /* `done` may free the job */
		if (code != DV_OK && j->result == DV_OK) {
			j->result = code;
			j->error = *why;
		}
		j->done(j);
	}
}

/*
 * Run the jobs of `list` in the open transaction. Optimistic (`isolate` false): no savepoints,
 * and the first failure stops the pass (the caller rolls back and runs the group again
 * isolated). Isolated: each job in its own savepoint, a failure rolled back to it. Returns the
 * number of failed jobs.
 */
static unsigned run_jobs(struct committer *c, struct commit_job *list, bool isolate)
{
	struct commit_job *j;
	unsigned failed = 0;

	for (j = list; j; j = j->next) {
		struct dv_error se = DV_ERROR_INIT;

		dv_error_clear(&j->error);
		if (isolate && db_exec(c->db, "SAVEPOINT dv_job", &se)) {
			j->result = se.code;
			j->error = se;
			failed++;
			continue;
		}
		j->result = j->write(c->db, j->arg, &j->error);
		if (j->result) {
			failed++;
			if (j->error.code == DV_OK)
				dv_fail(&j->error, j->result, "%s", dv_strerror(j->result));
			if (!isolate)
				return failed;
			db_exec(c->db, "ROLLBACK TO SAVEPOINT dv_job", NULL);
		}
		if (isolate)
			db_exec(c->db, "RELEASE SAVEPOINT dv_job", NULL);
	}
	return failed;
}

/*
 * Run one group and commit it once. Jobs rarely fail (their input was checked before they
 * queued), so the group first runs without savepoints, which cost a copy of every page a job
 * touches; when a job fails, the whole transaction is rolled back and the group runs again
 * with a savepoint per job, so that only the failing jobs fail.
 */
static void run_group(struct committer *c, struct commit_job *list, unsigned n)
{
	struct dv_error e = DV_ERROR_INIT;
	unsigned failed = 0;
	bool isolate = n == 1;
	enum dv_err ret;

	for (;;) {
		ret = db_begin(c->db, DB_TX_WRITE, &e);
		if (ret) {
			log_msg(LOG_ERROR, "group commit could not begin", "error", e.detail, NULL);
			pthread_mutex_lock(&c->lock);
			c->stats.failed += n;
			pthread_mutex_unlock(&c->lock);
			finish_all(list, ret, &e);
			return;
		}
		failed = run_jobs(c, list, isolate);
		if (!failed || isolate)
			break;
		db_rollback(c->db);
		isolate = true;
		pthread_mutex_lock(&c->lock);
		c->stats.reruns++;
		pthread_mutex_unlock(&c->lock);
	}
	ret = db_commit(c->db, &e);
	if (ret) {
		db_rollback(c->db);
		log_msg(LOG_ERROR, "group commit failed", "error", e.detail, NULL);
		failed = n;
	}
	pthread_mutex_lock(&c->lock);
	c->stats.groups++;
	c->stats.jobs += n;
	c->stats.failed += failed;
	if (!ret && c->wal_fd >= 0) {
		/* committed, not yet on disk: the syncer answers once the log is */
		if (c->synced_tail)
			c->synced_tail->next = list;
		else
			c->synced_head = list;
		while (list->next)
			list = list->next;
		c->synced_tail = list;
		c->ckpt_wanted++;
		pthread_cond_signal(&c->sync_cond);
		pthread_cond_signal(&c->ckpt_cond);
		pthread_mutex_unlock(&c->lock);
		return;
	}
	pthread_mutex_unlock(&c->lock);
	finish_all(list, ret, &e);
}

/*
 * The syncer: one fdatasync of the log makes every group committed before it durable, and
 * their answers go out. Meanwhile the writer runs the next group: the fsync no longer stops
 * it. Failing to sync fails the jobs it covered (their rows may be in the database, but
 * nobody was told they were safe).
 */
static void *syncer(void *arg)
{
	struct committer *c = arg;
	struct commit_job *list;
	struct dv_error e = DV_ERROR_INIT;
	enum dv_err code;

	pthread_setname_np(pthread_self(), "dv-sync");
	for (;;) {
		pthread_mutex_lock(&c->lock);
		while (!c->synced_head && !c->sync_stop)
			pthread_cond_wait(&c->sync_cond, &c->lock);
		list = c->synced_head;
		c->synced_head = c->synced_tail = NULL;
		if (list)
			c->stats.syncs++;
		pthread_mutex_unlock(&c->lock);
		if (!list)
			break;
		code = DV_OK;
		if (fdatasync(c->wal_fd) != 0) {
			struct commit_job *j;
			unsigned long long n = 0;

			for (j = list; j; j = j->next)
				n += j->result == DV_OK;
			code = dv_fail(&e, DV_EDB,
			               "the database's log could not be written to disk (%s): check "
			               "the disk; the case may have to be sent again",
			               strerror(errno));
			log_msg(LOG_ERROR, "group commit: fdatasync of the log failed", "error",
			        e.detail, NULL);
			pthread_mutex_lock(&c->lock);
			c->stats.failed += n;
			pthread_mutex_unlock(&c->lock);
		}
		finish_all(list, code, &e);
		dv_error_clear(&e);
	}
	return NULL;
}

/* PRAGMA wal_checkpoint(PASSIVE) on `db`; the log's length in pages into `*log_pages`. */
static enum dv_err checkpoint(struct db *db, int64_t *log_pages, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, "PRAGMA wal_checkpoint(PASSIVE)");

	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "checkpoint");
	*log_pages = db_col_int64(st, 1);
	db_reset(st);
	return DV_OK;
}

/*
 * The checkpointer: copies the log into the database file (a passive checkpoint, on its own
 * connection, at most every CHECKPOINT_MS) so that the writer does not do it inside its
 * commits. A passive checkpoint waits for nobody and nobody waits for it. It copies what was
 * committed when it began; the log starts again from its beginning only when a write begins
 * with all of it copied, so when the log has grown long the writer copies the rest (the last
 * few groups) itself between two groups.
 */
static void *checkpointer(void *arg)
{
	struct committer *c = arg;
	struct dv_error e = DV_ERROR_INIT;
	struct timespec pause = { 0, CHECKPOINT_MS * 1000000L };
	int64_t pages = 0;
	bool stop;

	pthread_setname_np(pthread_self(), "dv-checkpoint");
	for (;;) {
		pthread_mutex_lock(&c->lock);
		while (!c->ckpt_wanted && !c->ckpt_stop)
			pthread_cond_wait(&c->ckpt_cond, &c->lock);
		stop = c->ckpt_stop;
		c->ckpt_wanted = 0;
		pthread_mutex_unlock(&c->lock);
		if (stop)
			break;
		if (checkpoint(c->ckpt_db, &pages, &e) != DV_OK) {
			log_msg(LOG_WARN, "group commit: checkpoint failed (retried later)", "error",
			        e.detail, NULL);
			dv_error_clear(&e);
		} else if (pages >= RESTART_PAGES) {
			pthread_mutex_lock(&c->lock);
			c->restart_wanted = true;
			pthread_mutex_unlock(&c->lock);
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* Between two groups: when the checkpointer asks, copy the log's rest so it can restart. */
static void finish_checkpoint(struct committer *c)
{
	struct dv_error e = DV_ERROR_INIT;
	int64_t pages;
	bool wanted;

	pthread_mutex_lock(&c->lock);
	wanted = c->restart_wanted;
	c->restart_wanted = false;
	pthread_mutex_unlock(&c->lock);
	if (wanted && checkpoint(c->db, &pages, &e) != DV_OK) {
		log_msg(LOG_WARN, "group commit: checkpoint failed (retried later)", "error",
		        e.detail, NULL);
		dv_error_clear(&e);
	}
}

static void *writer(void *arg)
{
	struct committer *c = arg;
	struct commit_job *list, *last;
	unsigned n;

	pthread_setname_np(pthread_self(), "dv-writer");
	for (;;) {
		pthread_mutex_lock(&c->lock);
		while (!c->head && !c->stopping)
			pthread_cond_wait(&c->cond, &c->lock);
		if (!c->head) {
			pthread_mutex_unlock(&c->lock);
			break;
		}
		/* take up to max_batch jobs: everything that queued while the last fsync ran */
		list = last = c->head;
		for (n = 1; n < c->max_batch && last->next; n++)
			last = last->next;
		c->head = last->next;
		if (!c->head)
			c->tail = NULL;
		last->next = NULL;
		c->queued -= n;
		pthread_mutex_unlock(&c->lock);
		if (c->wal_fd >= 0)
			finish_checkpoint(c);
		run_group(c, list, n);
	}
	return NULL;
}

/*
 * SQLite: commits that do not wait for the disk (synchronous=NORMAL, no checkpoint in them),
 * made durable by the syncer's fdatasync of the log (the same guarantee as synchronous=FULL:
 * a commit is answered only once every frame up to it is on disk; a checkpoint syncs the log
 * before copying it and the database file after, so the log's restart loses nothing), and a
 * checkpointer thread. Opens the log by the name SQLite gives it: SQLite keeps the file while
 * this connection is open. Returns DV_OK, or an error when the log cannot be opened (the
 * caller falls back to synchronous=FULL commits).
 */
static enum dv_err pipeline_start(struct committer *c, struct dv_error *e)
{
	const char *wal = db_wal_path(c->db);
	char dir[4096];
	char *slash;
	int fd;
	enum dv_err ret;

	if (!wal)
		return dv_fail(e, DV_EUNAVAIL, "the database has no write-ahead log");
	/* the connection has read the database, so the log exists */
	ret = db_exec(c->db, "PRAGMA user_version", e);
	if (ret)
		return ret;
	c->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
	if (c->wal_fd < 0)
		return dv_fail(e, DV_EUNAVAIL, "cannot open the database's log '%s': %s", wal,
		               strerror(errno));
	/* the log's name in its folder is on disk too */
	snprintf(dir, sizeof(dir), "%s", wal);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	ret = db_exec(c->db, "PRAGMA wal_autocheckpoint = 0", e);
	if (!ret)
		ret = app_open_db(c->app, false, &c->ckpt_db, e);
	if (ret) {
		close(c->wal_fd);
		c->wal_fd = -1;
		return ret;
	}
	pthread_cond_init(&c->sync_cond, NULL);
	pthread_cond_init(&c->ckpt_cond, NULL);
	if (pthread_create(&c->syncer, NULL, syncer, c) != 0) {
		ret = dv_fail(e, DV_ENOMEM, "cannot start the group-commit sync thread");
	} else if (pthread_create(&c->checkpointer, NULL, checkpointer, c) != 0) {
		pthread_mutex_lock(&c->lock);
		c->sync_stop = true;
		pthread_cond_signal(&c->sync_cond);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->syncer, NULL);
		ret = dv_fail(e, DV_ENOMEM, "cannot start the checkpoint thread");
	}
	if (ret) {
		pthread_cond_destroy(&c->sync_cond);
		pthread_cond_destroy(&c->ckpt_cond);
		db_close(c->ckpt_db);
		c->ckpt_db = NULL;
		close(c->wal_fd);
		c->wal_fd = -1;
		(void)db_exec(c->db, "PRAGMA wal_autocheckpoint = 1000", NULL);
	}
	return ret;
}

/* After the writer stopped: the syncer answers what is committed, then both threads end. */
static void pipeline_stop(struct committer *c)
{
	pthread_mutex_lock(&c->lock);
	c->sync_stop = c->ckpt_stop = true;
	pthread_cond_signal(&c->sync_cond);
	pthread_cond_signal(&c->ckpt_cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->syncer, NULL);
	pthread_join(c->checkpointer, NULL);
	pthread_cond_destroy(&c->sync_cond);
	pthread_cond_destroy(&c->ckpt_cond);
	db_close(c->ckpt_db);
	close(c->wal_fd);
	c->wal_fd = -1;
}

enum dv_err committer_start(struct app *app, unsigned max_batch, struct committer **out,
			    struct dv_error *e)
{
	struct committer *c = calloc(1, sizeof(*c));
	enum dv_err ret;

	*out = NULL;
	if (!c)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	c->app = app;
	c->wal_fd = -1;
	c->max_batch = max_batch ? max_batch : 256;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	ret = app_open_db(app, false, &c->db, e);
	if (!ret && db_engine(c->db) == DB_SQLITE) {
		struct dv_error pe = DV_ERROR_INIT;

		if (pipeline_start(c, &pe) != DV_OK) {
			if (db_wal_path(c->db))
				log_msg(LOG_WARN, "group commit: each group will wait for its own fsync",
				        "error", pe.detail, NULL);
			/* one fsync per group: the answer leaves only once the case is on disk */
			ret = db_exec(c->db, "PRAGMA synchronous = FULL", e);
		}
	}
	if (!ret && pthread_create(&c->thread, NULL, writer, c) != 0)
		ret = dv_fail(e, DV_ENOMEM, "cannot start the group-commit thread");
	if (ret) {
		if (c->wal_fd >= 0)
			pipeline_stop(c);
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->lock);
		db_close(c->db);
		free(c);
		return ret;
	}
	*out = c;
	return DV_OK;
}

void committer_stop(struct committer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	if (c->wal_fd >= 0)
		pipeline_stop(c);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
	db_close(c->db);
	free(c);
}

bool committer_submit(struct committer *c, struct commit_job *job)
{
	bool ok;

	job->next = NULL;
	job->result = DV_OK;
	dv_error_clear(&job->error);
	pthread_mutex_lock(&c->lock);
	ok = !c->stopping && c->queued < QUEUE_MAX;
	if (ok) {
		if (c->tail)
			c->tail->next = job;
		else
			c->head = job;
		c->tail = job;
		c->queued++;
		pthread_cond_signal(&c->cond);
	}
	pthread_mutex_unlock(&c->lock);
	return ok;
}

void committer_stats(struct committer *c, struct commit_stats *out)
{
	struct sqlite_vfs_counts vc;

	pthread_mutex_lock(&c->lock);
	*out = c->stats;
	pthread_mutex_unlock(&c->lock);
	sqlite_vfs_counts(&vc);
	out->log_calls = vc.calls;
	out->log_late = vc.late;
}
