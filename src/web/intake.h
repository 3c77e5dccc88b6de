/* intake.h: the durable intake of cases from the web: the plan is prepared on the request's
 * thread, the write joins a group commit, and the answer is rendered once it is on disk. */
#ifndef DV_WEB_INTAKE_H
#define DV_WEB_INTAKE_H

#include "app/cases.h"
#include "web/http.h"

/*
 * Called on the group-commit thread with the outcome: `job->plan.row.tracking_code` and
 * `job->id` identify the case when `result` is DV_OK. It may use req->arena, not req->db.
 */
typedef void (*intake_finish_fn)(struct request *req, struct response *resp,
				 struct intake_job *job, enum dv_err result,
				 const struct dv_error *e);

/*
 * Check and prepare `in` (rate limit, fields, routing, clocks: reads only) and queue its write
 * for the group commit. DV_OK: the answer will come from `finish`; otherwise nothing is queued
 * and *e says why (the caller answers, e.g. re-rendering its form).
 */
enum dv_err web_intake(struct request *req, struct response *resp, const struct scope *sc,
		       const struct intake *in, intake_finish_fn finish, struct dv_error *e);

#endif
