/* outbox.h: the notification outbox: messages are written in the same transaction as the
 * event that causes them, and delivered later by an adapter (app/notify.c). */
#ifndef DV_STORE_OUTBOX_H
#define DV_STORE_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

struct outbox_msg {
	int64_t id;
	int64_t case_id;             /* 0 = none */
	const char *event;           /* "received", "accepted", "extended", "decided", ... */
	const char *channel;         /* "email", "sms", "officer" */
	const char *recipient;       /* NULL when sealed */
	const void *sealed_recipient;/* secretbox output for a denouncer's contact, or NULL */
	size_t sealed_len;
	const char *subject, *body;  /* never carry a sealed identity */
	int attempts;
	int64_t sent_at;             /* read only: 0 = not sent yet */
};

enum dv_err outbox_put(struct db *db, const struct outbox_msg *m, int64_t now, int64_t *id,
		       struct dv_error *e);
/* Up to `limit` unsent messages with fewer than `max_attempts` attempts, oldest first. */
enum dv_err outbox_pending(struct db *db, size_t limit, int max_attempts, struct arena *a,
			   struct outbox_msg **out, size_t *n, struct dv_error *e);
enum dv_err outbox_sent(struct db *db, int64_t id, int64_t now, struct dv_error *e);
enum dv_err outbox_failed(struct db *db, int64_t id, const char *error, struct dv_error *e);
/* Messages of a case (for the staff page and tests): event, channel, sent or not. */
enum dv_err outbox_for_case(struct db *db, int64_t case_id, struct arena *a,
			    struct outbox_msg **out, size_t *n, struct dv_error *e);

#endif
