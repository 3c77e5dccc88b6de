/* notify.h: delivery of the notification outbox through a pluggable adapter (log, SMTP). */
#ifndef DV_APP_NOTIFY_H
#define DV_APP_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/err.h"
#include "store/db.h"

/* Messages are tried this many times before they are left for an administrator. */
#define NOTIFY_MAX_ATTEMPTS 5

/* One message as an adapter sees it; the recipient is opened (borrowed) for the send only. */
struct notify_msg {
	int64_t id, case_id;
	const char *event;     /* "received", "accepted", ... */
	const char *channel;   /* "email", "sms", "officer" */
	const char *recipient; /* never logged */
	const char *subject, *body;
};

/*
 * A delivery adapter. `send` returns DV_OK when the message left, or an error (the message is
 * retried later). `ctx` is the adapter's own state (for SMTP: the configuration).
 */
struct notify_adapter {
	const char *name;
	enum dv_err (*send)(void *ctx, const struct notify_msg *m, struct dv_error *e);
};

/* The adapter configured by `notify` (log, smtp); NULL for off. */
const struct notify_adapter *notify_adapter_for(const struct config *cfg);

/*
 * Deliver up to `batch` pending messages with `ad` (ctx = &app->cfg): sealed recipients are
 * opened with the app key in memory, each message is marked sent or failed (attempts + 1) in
 * its own short write transaction. *sent and *failed (may be NULL) get the counts.
 */
enum dv_err notify_deliver_with(struct app *app, struct db *db, const struct notify_adapter *ad,
                                size_t batch, size_t *sent, size_t *failed, struct dv_error *e);
/* Same with the configured adapter; does nothing when notify = off. */
enum dv_err notify_deliver(struct app *app, struct db *db, size_t batch, struct dv_error *e);

/*
 * Run notify_deliver every `notify-interval` seconds on a background thread (its own database
 * connection) until notify_stop(). Nothing starts when notify = off. One runner per process.
 */
enum dv_err notify_start(struct app *app, struct dv_error *e);
void notify_stop(void);

#endif
