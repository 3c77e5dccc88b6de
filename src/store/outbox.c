/* outbox.c: the notification outbox: written with the event, delivered later by an adapter. */
#include "store/outbox.h"

#include <string.h>

#include "base/utf8.h"

#include "base/banned.h"

#define OUTBOX_COLS                                                                                \
	"id, case_id, event, channel, recipient, sealed_recipient, subject, body, attempts,"       \
	" sent_at"

static const char sql_put[] =
    "INSERT INTO notification (case_id, event, channel, recipient, sealed_recipient, subject,"
    " body, created_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id";
static const char sql_pending[] =
    "SELECT " OUTBOX_COLS " FROM notification WHERE sent_at IS NULL AND attempts < ?"
    " ORDER BY id LIMIT ?";
static const char sql_sent[] =
    "UPDATE notification SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
    " WHERE id = ? AND sent_at IS NULL";
static const char sql_failed[] = "UPDATE notification SET attempts = attempts + 1, last_error = ?"
                                 " WHERE id = ? AND sent_at IS NULL";
static const char sql_for_case[] =
    "SELECT " OUTBOX_COLS " FROM notification WHERE case_id = ? ORDER BY id";

#define NAME_MAX_LEN 32
#define SUBJECT_MAX  500
#define BODY_MAX     20000
#define ERROR_MAX    500
#define MAX_BATCH    1000

static enum dv_err check_name(const char *what, const char *s, struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0, i;

	if (!len || len > NAME_MAX_LEN)
		return dv_fail(e, DV_EINVAL, "notification %s '%s' is empty or too long", what,
		               s ? s : "");
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_' || s[i] == '.'))
			return dv_fail(e, DV_EINVAL, "notification %s '%s' is not a name", what, s);
	return DV_OK;
}

static enum dv_err check_text(const char *what, const char *s, size_t max, struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0;

	if (!s)
		return dv_fail(e, DV_EINVAL, "notification %s is missing", what);
	if (len > max)
		return dv_fail(e, DV_EINVAL, "notification %s is too long (at most %zu bytes)",
		               what, max);
	if (!utf8_valid_text(s, len))
		return dv_fail(e, DV_EINVAL, "notification %s is not valid UTF-8 text", what);
	return DV_OK;
}

enum dv_err outbox_put(struct db *db, const struct outbox_msg *m, int64_t now, int64_t *id,
                       struct dv_error *e)
{
	struct db_stmt *st;
	enum dv_err ret;

	if (id)
		*id = 0;
	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "queueing notification: needs a write transaction");
	ret = check_name("event", m->event, e);
	if (!ret)
		ret = check_name("channel", m->channel, e);
	if (!ret)
		ret = check_text("subject", m->subject, SUBJECT_MAX, e);
	if (!ret)
		ret = check_text("body", m->body, BODY_MAX, e);
	if (ret)
		return ret;
	if (m->sealed_recipient && m->recipient)
		return dv_fail(e, DV_EINVAL,
		               "notification '%s': a sealed recipient cannot also be in plain text",
		               m->event);
	if (!m->sealed_recipient && (!m->recipient || !*m->recipient))
		return dv_fail(e, DV_EINVAL, "notification '%s' has no recipient", m->event);
	if (m->recipient && check_text("recipient", m->recipient, SUBJECT_MAX, e))
		return DV_EINVAL;

	st = db_prepare(db, sql_put);
	if (!st || (m->case_id > 0 ? db_bind_int64(st, 1, m->case_id) : db_bind_null(st, 1)) ||
	    db_bind_text(st, 2, m->event) || db_bind_text(st, 3, m->channel) ||
	    db_bind_text(st, 4, m->recipient) ||
	    (m->sealed_recipient ? db_bind_blob(st, 5, m->sealed_recipient, m->sealed_len)
	                         : db_bind_null(st, 5)) ||
	    db_bind_text(st, 6, m->subject) || db_bind_text(st, 7, m->body) ||
	    db_bind_int64(st, 8, now) || db_step(st) != DB_ROW)
		return db_fail(db, e, "queueing notification");
	if (id)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

static enum dv_err read_msgs(struct db *db, struct db_stmt *st, struct arena *a,
                             struct outbox_msg **out, size_t *n, struct dv_error *e)
{
	struct outbox_msg *list = NULL;
	size_t len = 0, cap = 0;
	enum db_step rc;

	while ((rc = db_step(st)) == DB_ROW) {
		struct outbox_msg *m;
		const char *s;
		const void *blob;
		size_t blen = 0;
		bool oom = false;
		int col;

		if (ARENA_RESERVE(a, list, len, cap, 16)) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM,
			               "reading notifications: out of memory");
		}
		m = &list[len++];
		memset(m, 0, sizeof(*m));
		m->id = db_col_int64(st, 0);
		m->case_id = db_col_int64(st, 1);
		for (col = 2; col <= 7; col++) {
			const char **dst = col == 2   ? &m->event
			                   : col == 3 ? &m->channel
			                   : col == 4 ? &m->recipient
			                   : col == 6 ? &m->subject
			                   : col == 7 ? &m->body
			                              : NULL;

			if (!dst)
				continue;
			s = db_col_text(st, col);
			*dst = s ? arena_strdup(a, s) : NULL;
			if (s && !*dst)
				oom = true;
		}
		if (!db_col_is_null(st, 5)) {
			blob = db_col_blob(st, 5, &blen);
			if (blen) {
				void *copy = arena_alloc(a, blen);

				if (copy) {
					memcpy(copy, blob, blen);
					m->sealed_recipient = copy;
					m->sealed_len = blen;
				} else {
					oom = true;
				}
			}
		}
		m->attempts = (int)db_col_int64(st, 8);
		m->sent_at = db_col_int64(st, 9);
		if (oom) {
			db_reset(st);
			return dv_fail(e, DV_ENOMEM, "reading notifications: out of memory");
		}
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading notifications");
	*out = list;
	*n = len;
	return DV_OK;
}

enum dv_err outbox_pending(struct db *db, size_t limit, int max_attempts, struct arena *a,
                           struct outbox_msg **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;

	*out = NULL;
	*n = 0;
	if (!limit)
		limit = 100;
	if (limit > MAX_BATCH)
		limit = MAX_BATCH;
	st = db_prepare(db, sql_pending);
	if (!st || db_bind_int64(st, 1, max_attempts) || db_bind_int64(st, 2, (int64_t)limit))
		return db_fail(db, e, "reading pending notifications");
	return read_msgs(db, st, a, out, n, e);
}

enum dv_err outbox_sent(struct db *db, int64_t id, int64_t now, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_sent);

	if (!st || db_bind_int64(st, 1, now) || db_bind_int64(st, 2, id) || db_step(st) != DB_DONE)
		return db_fail(db, e, "marking notification sent");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "unsent notification #%lld not found",
		               (long long)id);
	return DV_OK;
}

enum dv_err outbox_failed(struct db *db, int64_t id, const char *error, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_failed);
	size_t len = error ? strlen(error) : 0;

	/* keep the message short, cut on a character boundary */
	if (len > ERROR_MAX) {
		len = ERROR_MAX;
		while (len && ((unsigned char)error[len] & 0xC0) == 0x80)
			len--;
	}
	if (!st || db_bind_textn(st, 1, error ? error : "", len) || db_bind_int64(st, 2, id) ||
	    db_step(st) != DB_DONE)
		return db_fail(db, e, "marking notification failed");
	if (db_changes(db) == 0)
		return dv_fail(e, DV_ENOTFOUND, "unsent notification #%lld not found",
		               (long long)id);
	return DV_OK;
}

enum dv_err outbox_for_case(struct db *db, int64_t case_id, struct arena *a,
                            struct outbox_msg **out, size_t *n, struct dv_error *e)
{
	struct db_stmt *st;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql_for_case);
	if (!st || db_bind_int64(st, 1, case_id))
		return db_fail(db, e, "reading notifications of case");
	return read_msgs(db, st, a, out, n, e);
}
