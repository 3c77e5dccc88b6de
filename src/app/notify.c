/* notify.c: delivery of the outbox: the log and SMTP adapters and the background runner. */
#include "app/notify.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "app/seal.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "store/outbox.h"

#include "base/banned.h"

#define MAIL_MAX (256 * 1024)

/* The log adapter: one line per message, with what happened but never to whom or what. */
static enum dv_err log_send(void *ctx, const struct notify_msg *m, struct dv_error *e)
{
	struct strbuf sb = STRBUF_INIT;

	(void)ctx;
	(void)e;
	log_begin(&sb, LOG_INFO, "notification");
	logfmt_add_int(&sb, "id", m->id);
	logfmt_add(&sb, "event", m->event);
	logfmt_add_int(&sb, "case", m->case_id);
	logfmt_add(&sb, "channel", m->channel);
	log_write(&sb);
	strbuf_release(&sb);
	return DV_OK;
}

static const struct notify_adapter log_adapter = {"log", log_send};

/* An address fit for a header and an envelope: one line, an '@', no angle brackets. */
static bool mail_address_ok(const char *s)
{
	return s && *s && strchr(s, '@') && !strpbrk(s, "\r\n<>\"(),;: \t") && strlen(s) < 255;
}

/* RFC 2047 encoded words of at most 45 bytes each, cut on UTF-8 character boundaries. */
static void add_encoded_subject(struct strbuf *sb, const char *s)
{
	char b64[128];
	size_t len = strlen(s), pos = 0;

	strbuf_addstr(sb, "Subject:");
	while (pos < len) {
		size_t n = len - pos < 45 ? len - pos : 45;

		while (n < len - pos && n > 0 && ((unsigned char)s[pos + n] & 0xC0) == 0x80)
			n--;
		if (n == 0)
			break;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + pos, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		strbuf_addf(sb, "%s=?UTF-8?B?%s?=", pos ? "\r\n " : " ", b64);
		pos += n;
	}
	strbuf_addstr(sb, "\r\n");
}

/* The message as RFC 5322 text with CRLF line ends. */
static int build_mail(struct strbuf *sb, const struct config *cfg, const struct notify_msg *m)
{
	unsigned char rnd[8];
	char date[30], hex[17];
	const char *p;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	time_format_http(time_now(), date);
	strbuf_addf(sb, "Date: %s\r\n", date);
	strbuf_addf(sb, "From: <%s>\r\n", cfg->smtp_from);
	strbuf_addf(sb, "To: <%s>\r\n", m->recipient);
	strbuf_addf(sb, "Message-ID: <%lld.%s@danvan>\r\n", (long long)m->id, hex);
	add_encoded_subject(sb, m->subject ? m->subject : "");
	strbuf_addstr(sb, "MIME-Version: 1.0\r\n"
	                  "Content-Type: text/plain; charset=UTF-8\r\n"
	                  "Content-Transfer-Encoding: 8bit\r\n\r\n");
	for (p = m->body ? m->body : ""; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			strbuf_addch(sb, '\r');
		strbuf_addch(sb, *p);
	}
	strbuf_addstr(sb, "\r\n");
	return sb->failed ? -1 : 0;
}

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nitems, n = u->len - u->pos;

	if (n > room)
		n = room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* The SMTP adapter (libcurl): ctx is the configuration. */
static enum dv_err smtp_send(void *ctx, const struct notify_msg *m, struct dv_error *e)
{
	const struct config *cfg = ctx;
	struct strbuf mail = STRBUF_INIT;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	char from[300];
	CURL *curl = NULL;
	CURLcode cc;
	enum dv_err ret = DV_OK;

	if (strcmp(m->channel, "email") != 0)
		return dv_fail(e, DV_EINVAL, "channel '%s' is not delivered by smtp", m->channel);
	if (!cfg->smtp_url || !*cfg->smtp_url || !mail_address_ok(cfg->smtp_from))
		return dv_fail(e, DV_ECONFIG, "smtp-url and smtp-from must be set for notify=smtp");
	if (!mail_address_ok(m->recipient))
		return dv_fail(e, DV_EINVAL, "recipient is not an e-mail address");
	strbuf_init(&mail, MAIL_MAX, 4096);
	if (build_mail(&mail, cfg, m) < 0) {
		ret = dv_fail(e, DV_ELIMIT, "message is too large");
		goto cleanup;
	}
	curl = curl_easy_init();
	snprintf(from, sizeof(from), "<%s>", cfg->smtp_from);
	rcpt = curl_slist_append(NULL, m->recipient);
	if (!curl || !rcpt) {
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	up.data = mail.buf;
	up.len = mail.len;
	up.pos = 0;
	curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (cfg->smtp_user && *cfg->smtp_user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD,
		                 cfg->smtp_password ? cfg->smtp_password : "");
	}
	cc = curl_easy_perform(curl);
	/* curl's own text only: the server's reply may quote the recipient. */
	if (cc != CURLE_OK)
		ret = dv_fail(e, DV_EUNAVAIL, "sending mail failed: %s", curl_easy_strerror(cc));
cleanup:
	curl_slist_free_all(rcpt);
	if (curl)
		curl_easy_cleanup(curl);
	sodium_memzero(mail.buf, mail.len);
	strbuf_release(&mail);
	return ret;
}

static const struct notify_adapter smtp_adapter = {"smtp", smtp_send};

const struct notify_adapter *notify_adapter_for(const struct config *cfg)
{
	if (cfg->notify && !strcmp(cfg->notify, "smtp"))
		return &smtp_adapter;
	if (cfg->notify && !strcmp(cfg->notify, "off"))
		return NULL;
	return &log_adapter;
}

/* What became of one message of a batch: NULL error = sent. */
struct outcome {
	int64_t id;
	const char *error;
};

/*
 * Record a batch's outcomes in one write transaction: one commit (one fsync) for the batch
 * rather than one per message, so delivery takes the write lock from the intake's group
 * commit once per batch. A crash before this commit sends the batch again (at least once);
 * a message another server recorded meanwhile is left as that server recorded it.
 */
static enum dv_err mark_all(struct db *db, const struct outcome *o, size_t n, struct dv_error *e)
{
	enum dv_err ret;
	size_t i;

	if (!n)
		return DV_OK;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	for (i = 0; !ret && i < n; i++) {
		ret = o[i].error ? outbox_failed(db, o[i].id, o[i].error, e)
		                 : outbox_sent(db, o[i].id, time_now(), e);
		/* recorded meanwhile by another server's delivery: nothing to add */
		if (ret == DV_ENOTFOUND) {
			dv_error_clear(e);
			ret = DV_OK;
		}
	}
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

enum dv_err notify_deliver_with(struct app *app, struct db *db, const struct notify_adapter *ad,
                                size_t batch, size_t *sent, size_t *failed, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct outbox_msg *msgs = NULL;
	struct outcome *done = NULL;
	size_t n = 0, i, ok = 0, bad = 0;
	enum dv_err ret;

	if (sent)
		*sent = 0;
	if (failed)
		*failed = 0;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = outbox_pending(db, batch ? batch : 50, NOTIFY_MAX_ATTEMPTS, a, &msgs, &n, e);
	if (!ret && n && !(done = arena_alloc(a, n * sizeof(*done))))
		ret = dv_fail(e, DV_ENOMEM, "out of memory");
	for (i = 0; !ret && i < n; i++) {
		struct dv_error se = DV_ERROR_INIT;
		struct notify_msg m;
		char *open = NULL;
		size_t olen = 0;
		enum dv_err sr;

		memset(&m, 0, sizeof(m));
		m.id = msgs[i].id;
		m.case_id = msgs[i].case_id;
		m.event = msgs[i].event;
		m.channel = msgs[i].channel;
		m.subject = msgs[i].subject;
		m.body = msgs[i].body;
		m.recipient = msgs[i].recipient;
		sr = DV_OK;
		if (msgs[i].sealed_recipient) {
			sr = seal_open(app, msgs[i].sealed_recipient, msgs[i].sealed_len, a, &open,
			               &olen, &se);
			m.recipient = open;
		}
		if (!sr && (!m.recipient || !*m.recipient))
			sr = dv_fail(&se, DV_EINVAL, "message has no recipient");
		if (!sr)
			sr = ad->send(&app->cfg, &m, &se);
		if (open)
			sodium_memzero(open, olen);
		done[i].id = m.id;
		done[i].error = NULL;
		if (sr) {
			done[i].error = arena_strdup(a, se.detail[0] ? se.detail : dv_strerror(sr));
			if (!done[i].error) {
				ret = dv_fail(e, DV_ENOMEM, "out of memory");
				break; /* this one is recorded next time */
			}
			bad++;
		} else {
			ok++;
		}
	}
	/* what was sent is recorded, even when the batch stopped early */
	if (ok + bad) {
		enum dv_err mr = mark_all(db, done, ok + bad, ret ? NULL : e);

		if (!ret)
			ret = mr;
	}
	if (sent)
		*sent = ok;
	if (failed)
		*failed = bad;
	arena_free(a);
	return ret;
}

enum dv_err notify_deliver(struct app *app, struct db *db, size_t batch, struct dv_error *e)
{
	const struct notify_adapter *ad = notify_adapter_for(&app->cfg);

	if (!ad)
		return DV_OK;
	return notify_deliver_with(app, db, ad, batch, NULL, NULL, e);
}

/* The background runner. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_t thread;
	bool running, stop;
	struct app *app;
} runner = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void *run(void *arg)
{
	struct app *app = arg;
	int64_t interval = app->cfg.notify_interval > 0 ? app->cfg.notify_interval : 5;

	pthread_setname_np(pthread_self(), "dv-notify");
	for (;;) {
		struct dv_error e = DV_ERROR_INIT;
		struct timespec until;
		struct db *db;
		bool stop;

		db = app_db(app, &e);
		if (db && notify_deliver(app, db, 50, &e) != DV_OK)
			log_msg(LOG_WARN, "notification delivery failed", "error", e.detail, NULL);
		else if (!db)
			log_msg(LOG_WARN, "notification delivery: no database", "error", e.detail,
			        NULL);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)interval;
		pthread_mutex_lock(&runner.mu);
		while (!runner.stop &&
		       pthread_cond_timedwait(&runner.cond, &runner.mu, &until) != ETIMEDOUT)
			;
		stop = runner.stop;
		pthread_mutex_unlock(&runner.mu);
		if (stop)
			break;
	}
	app_db_close_thread();
	return NULL;
}

enum dv_err notify_start(struct app *app, struct dv_error *e)
{
	enum dv_err ret = DV_OK;

	if (!notify_adapter_for(&app->cfg))
		return DV_OK;
	if (!strcmp(app->cfg.notify, "smtp") &&
	    (!*app->cfg.smtp_url || !mail_address_ok(app->cfg.smtp_from)))
		return dv_fail(e, DV_ECONFIG, "notify=smtp needs smtp-url and smtp-from");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pthread_mutex_lock(&runner.mu);
	if (!runner.running) {
		runner.stop = false;
		runner.app = app;
		if (pthread_create(&runner.thread, NULL, run, app) != 0)
			ret = dv_fail(e, DV_ENOMEM, "cannot start the notification thread");
		else
			runner.running = true;
	}
	pthread_mutex_unlock(&runner.mu);
	return ret;
}

void notify_stop(void)
{
	bool join;

	pthread_mutex_lock(&runner.mu);
	join = runner.running;
	runner.stop = true;
	pthread_cond_broadcast(&runner.cond);
	pthread_mutex_unlock(&runner.mu);
	if (join) {
		pthread_join(runner.thread, NULL);
		pthread_mutex_lock(&runner.mu);
		runner.running = false;
		pthread_mutex_unlock(&runner.mu);
		curl_global_cleanup();
	}
}
