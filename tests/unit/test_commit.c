/* test_commit.c: group commit: every job answered once, failures isolated, groups batch jobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/commit.h"
#include "app/config.h"
#include "store/db.h"

#define JOBS 400

struct slot {
	struct commit_job job;
	int n;
	int done;           /* times `done` ran */
	enum dv_err result;
};

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static int done_count;
static int fail_every = 7; /* 0: no job fails */

static enum dv_err write_row(struct db *db, void *arg, struct dv_error *e)
{
	static const char sql[] = "INSERT INTO t (n) VALUES (?)";
	struct slot *s = arg;
	struct db_stmt *st;

	/* every 7th job fails after writing: its row must be rolled back, not the group */
	st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, s->n) || db_step(st) != DB_DONE)
		return db_fail(db, e, "inserting");
	if (fail_every && s->n % fail_every == 0)
		return dv_fail(e, DV_EINVAL, "job %d refuses", s->n);
	return DV_OK;
}

static void job_done(struct commit_job *job)
{
	struct slot *s = job->arg;

	s->result = job->result;
	pthread_mutex_lock(&done_lock);
	s->done++;
	done_count++;
	pthread_cond_signal(&done_cond);
	pthread_mutex_unlock(&done_lock);
}

struct feeder {
	struct committer *c;
	struct slot *slots;
	int from, to;
};

static void *feed(void *arg)
{
	struct feeder *f = arg;
	int i;

	for (i = f->from; i < f->to; i++)
		assert_true(committer_submit(f->c, &f->slots[i].job));
	return NULL;
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static void run_commit(void)
{
	char dir[] = "/tmp/danvan-commit-XXXXXX", url[128];
	struct dv_error e = DV_ERROR_INIT;
	struct slot *slots = calloc(JOBS, sizeof(*slots));
	struct feeder f[4];
	pthread_t th[4];
	struct commit_stats stats;
	struct committer *c = NULL;
	struct config cfg;
	struct app app;
	struct db *db = NULL;
	int i, ok = 0;

	done_count = 0;
	assert_non_null(slots);
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/c.db", dir);
	assert_int_equal(db_open(&db, url, true, &e), DV_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (n INTEGER PRIMARY KEY)", &e), DV_OK);

	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "db", url, &e), DV_OK);
	app_init(&app, &cfg);
	assert_int_equal(committer_start(&app, 0, &c, &e), DV_OK);

	for (i = 0; i < JOBS; i++) {
		slots[i].n = i + 1;
		slots[i].job.write = write_row;
		slots[i].job.done = job_done;
		slots[i].job.arg = &slots[i];
	}
	for (i = 0; i < 4; i++) {
		f[i] = (struct feeder){ c, slots, i * JOBS / 4, (i + 1) * JOBS / 4 };
		assert_int_equal(pthread_create(&th[i], NULL, feed, &f[i]), 0);
	}
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_lock(&done_lock);
	while (done_count < JOBS)
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);
	committer_stats(c, &stats);
	committer_stop(c);

	for (i = 0; i < JOBS; i++) {
		assert_int_equal(slots[i].done, 1);
		if (fail_every && slots[i].n % fail_every == 0)
			assert_int_equal(slots[i].result, DV_EINVAL);
		else
			assert_int_equal(slots[i].result, DV_OK);
		ok += slots[i].result == DV_OK;
	}
	/* exactly the successful jobs' rows are on disk */
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM t"), ok);
	if (fail_every)
		assert_int_equal(scalar(db, "SELECT COUNT(*) FROM t WHERE n % 7 = 0"), 0);
	else
		assert_int_equal(ok, JOBS);
	assert_int_equal(stats.jobs, JOBS);
	assert_int_equal(stats.failed, JOBS - ok);
	/* four feeders against one fsync at a time: groups hold more than one job */
	assert_true(stats.groups < (unsigned long long)JOBS);
	/* SQLite: answered by the syncer's fdatasync of the log, one per one or more groups */
	assert_true(stats.syncs > 0);
	assert_true(stats.syncs <= stats.groups);
	/* a group with a failing job runs again isolated; a group without one runs once */
	if (fail_every)
		assert_true(stats.reruns > 0);
	else
		assert_int_equal(stats.reruns, 0);

	db_close(db);
	app_release(&app);
	free(slots);
	snprintf(url, sizeof(url), "rm -rf '%s'", dir);
	assert_int_equal(system(url), 0);
}

static void test_group_commit(void **state)
{
	(void)state;
	fail_every = 7;
	run_commit();
}

/* Nothing fails: every group commits in its first, optimistic run. */
static void test_group_commit_clean(void **state)
{
	(void)state;
	fail_every = 0;
	run_commit();
}

static void test_stopped_refuses(void **state)
{
	char dir[] = "/tmp/danvan-commit-XXXXXX", url[128];
	struct dv_error e = DV_ERROR_INIT;
	struct committer *c = NULL;
	struct config cfg;
	struct app app;
	struct db *db = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "sqlite:%s/c.db", dir);
	assert_int_equal(db_open(&db, url, true, &e), DV_OK);
	db_close(db);
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "db", url, &e), DV_OK);
	app_init(&app, &cfg);
	assert_int_equal(committer_start(&app, 1, &c, &e), DV_OK);
	committer_stop(c); /* nothing queued: stops at once */
	app_release(&app);
	/* a missing database cannot start a writer */
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "db", "sqlite:/nonexistent/dir/x.db", &e), DV_OK);
	app_init(&app, &cfg);
	dv_error_clear(&e);
	assert_int_not_equal(committer_start(&app, 0, &c, &e), DV_OK);
	assert_null(c);
	app_release(&app);
	snprintf(url, sizeof(url), "rm -rf '%s'", dir);
	assert_int_equal(system(url), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_group_commit_clean),
		cmocka_unit_test(test_stopped_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
