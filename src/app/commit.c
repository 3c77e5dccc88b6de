/* commit.c: the group-commit writer thread. */
#include "app/commit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

#include "base/banned.h"

#define QUEUE_MAX 4096

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
	pthread_mutex_unlock(&c->lock);
	finish_all(list, ret, &e);
}

static void *writer(void *arg)
{
	struct committer *c = arg;
	struct commit_job *list, *last;
	unsigned n;

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
		run_group(c, list, n);
	}
	return NULL;
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
	c->max_batch = max_batch ? max_batch : 256;
	ret = app_open_db(app, false, &c->db, e);
	/* one fsync per group: the answer leaves only once the case is on disk */
	if (!ret && db_engine(c->db) == DB_SQLITE)
		ret = db_exec(c->db, "PRAGMA synchronous = FULL", e);
	if (ret) {
		db_close(c->db);
		free(c);
		return ret;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (pthread_create(&c->thread, NULL, writer, c) != 0) {
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->lock);
		db_close(c->db);
		free(c);
		return dv_fail(e, DV_ENOMEM, "cannot start the group-commit thread");
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
	pthread_mutex_lock(&c->lock);
	*out = c->stats;
	pthread_mutex_unlock(&c->lock);
}
