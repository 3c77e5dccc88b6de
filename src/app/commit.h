/* commit.h: group commit: writes that must be on disk before their answer (case intake) are
 * queued to one writer thread, which runs every queued write in one transaction and makes them
 * durable with a single commit (one fsync for the whole group). A failing write fails alone. */
#ifndef DV_COMMIT_H
#define DV_COMMIT_H

#include <stdbool.h>

#include "app/app.h"
#include "base/err.h"
#include "store/db.h"

struct commit_job;

/* Runs inside the group's write transaction; returns DV_OK or an error (its own work is then
 * undone, the others' stays). It may run twice: when a job of its group fails, the group is
 * rolled back and runs again with a savepoint per job, so it must depend only on its `arg` and
 * the database, and write its results into `arg` afresh each time. */
typedef enum dv_err (*commit_write_fn)(struct db *db, void *arg, struct dv_error *e);
/* Called once per job after the group's commit (or failure), on the writer thread. `result`
 * is DV_OK only when the job's write is durable. */
typedef void (*commit_done_fn)(struct commit_job *job);

/* One queued write; owned by the caller, which must keep it alive until `done` has run. */
struct commit_job {
	commit_write_fn write;
	commit_done_fn done;
	void *arg;
	enum dv_err result;
	struct dv_error error;
	struct commit_job *next; /* the queue's */
};

struct committer;

/*
 * Start the writer thread with its own connection to the configured database. On SQLite a
 * group's commit does not wait for the disk: a second thread fdatasyncs the log and only then
 * answers every group committed before the call (the writer meanwhile runs the next group),
 * and a third copies the log into the database (checkpoints) so the writer does not; when the
 * log cannot be opened, each commit syncs itself (synchronous=FULL). PostgreSQL commits are
 * durable as configured on the server. `max_batch` caps a group (0 = 256).
 */
enum dv_err committer_start(struct app *app, unsigned max_batch, struct committer **out,
			    struct dv_error *e);
/* Run what is queued, then stop the thread and free everything. NULL is allowed. */
void committer_stop(struct committer *c);
/* Queue a job; false (and nothing queued) when stopping or when the queue holds 4096 jobs. */
bool committer_submit(struct committer *c, struct commit_job *job);

/* Counters since start, for the server's log and the tests: jobs, groups (commits), failures,
 * groups run a second time with a savepoint per job because one of their jobs failed, and (on
 * SQLite) fdatasync calls of the log that answered groups (one may answer several). */
struct commit_stats {
	unsigned long long jobs, groups, failed, reruns, syncs;
	/* SQLite, process-wide (store/sqlite_vfs.h): write calls that took the log's frames to
	 * the file, and commits not written at their last frame (should stay 0) */
	unsigned long long log_calls, log_late;
};
void committer_stats(struct committer *c, struct commit_stats *out);

#endif
