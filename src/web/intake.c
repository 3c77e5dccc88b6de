/* intake.c: durable intake: prepare here, write in the group commit, answer after the fsync. */
#include "web/intake.h"

#include "base/banned.h"

struct pending {
	struct intake_job job;
	intake_finish_fn finish;
};

static enum dv_err pending_write(struct db *db, void *arg, struct dv_error *e)
{
	struct pending *p = arg;

	return app_intake_commit(db, &p->job, e);
}

static void pending_done(struct request *req, struct response *resp, void *arg,
			 enum dv_err result, const struct dv_error *e)
{
	struct pending *p = arg;

	p->finish(req, resp, &p->job, result, e);
}

enum dv_err web_intake(struct request *req, struct response *resp, const struct scope *sc,
		       const struct intake *in, intake_finish_fn finish, struct dv_error *e)
{
	struct pending *p = arena_zalloc(req->arena, sizeof(*p));
	bool own = !db_in_tx(req->db);
	enum dv_err ret;

	if (!p)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	/* one read snapshot for every check and lookup: on SQLite a read transaction that
	 * follows another connection's commit starts with an empty page cache, and under load
	 * the group commit commits hundreds of times a second, so each statement in its own
	 * transaction read the same pages again (bench: 4 transactions an intake, now 1) */
	if (own && (ret = db_begin(req->db, DB_TX_READ, e)))
		return ret;
	ret = app_intake_begin(req->app, req->db, sc, in, req->arena, &p->job, e);
	if (own)
		db_rollback(req->db);
	if (ret)
		return ret;
	p->finish = finish;
	resp_commit(req, resp, pending_write, pending_done, p);
	return DV_OK;
}
