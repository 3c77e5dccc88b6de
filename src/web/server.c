/* server.c: libmicrohttpd in an epoll thread pool, the slow-work pool, limits, request log. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/date.h"
#include "app/commit.h"
#include "base/log.h"
#include "base/msg.h"
#include "web/anscache.h"
#include "web/dispatch.h"
#include "web/ratelimit.h"

#include "base/banned.h"

/*
 * Per-connection deadline, in MHD's socket_context from the connection's start to its close.
 * MHD's own timeout (conn-timeout) only closes connections that send nothing: one that sends a
 * byte a second ("slow loris") would be kept for ever. The watchdog thread closes (shutdown)
 * connections past their deadline: header-timeout for the headers of the first request,
 * conn-timeout + header-timeout after an answer for the headers of the next one on a kept-alive
 * connection, body-timeout for a body once its headers are in; none while the server works on
 * a request or sends its answer (MHD's idle timeout covers a client that stops reading).
 */
struct conn_watch {
	_Atomic int64_t deadline;    /* time_mono_us; 0 = none */
	int fd;
	bool shut;                   /* the watchdog has shut it down */
	struct conn_watch *prev, *next;
};

/* Per-request state, owned by MHD's req_cls from the first callback to the completed one. */
struct exchange {
	struct request req;
	struct response resp;
	struct strbuf body;          /* request body as it arrives, capped by body_limit() */
	const struct route *route;
	const char *method;
	int64_t start_us;
	bool body_too_large;
	int64_t retry_after;         /* > 0: over the address's rate limit, answer 429 */
	struct conn_watch *watch;    /* this connection's deadline, or NULL */
	bool ready;                  /* the slow pool or the group commit has filled resp */
	struct commit_job job;       /* a durable write waiting for its group */
	bool queued;
	struct exchange *next_job;   /* slow-pool queue link */
};

struct server {
	struct app *app;
	struct MHD_Daemon *daemon;
	FILE *access;                /* request log, or NULL */
	bool own_access;
	/* slow-work pool */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct exchange *head, *tail;
	size_t queued;
	int running;                 /* jobs being run by a worker */
	bool stopping;
	pthread_t *workers;
	int n_workers;
	struct committer *committer; /* group commit of durable writes (intake) */
	struct ratelimit *rl;        /* per-address request rate, NULL = off */
	struct anscache *answers;    /* rendered answers kept for reuse, NULL = off */
	/* the watchdog of slow connections */
	pthread_mutex_t wlock;
	pthread_cond_t wcond;
	struct conn_watch *watched;  /* every open connection */
	bool wstop;
	bool wstarted;
	pthread_t watchdog;
	int64_t header_us, body_us, keepalive_us;
};

static atomic_uint_fast64_t request_counter;

/* Identity unescaper: the dispatcher decodes and validates paths and arguments itself. */
static size_t unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* fmt comes from libmicrohttpd, never from a client: the attribute says so to -Wformat=2 */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	size_t n;

	(void)cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	log_msg(LOG_WARN, "libmicrohttpd", "detail", buf, NULL);
}

/*
 * Finished exchanges are kept per thread (with their arena's first block) and reused: a
 * request then costs no allocation of its own until it needs more than one block. The key's
 * destructor frees them when the thread ends.
 */
#define SPARE_MAX 8
struct spares {
	struct exchange *x[SPARE_MAX];
	int n;
};
static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;

static void exchange_destroy(struct exchange *x)
{
	strbuf_release(&x->resp.body);
	strbuf_release(&x->body);
	arena_free(x->req.arena);
	free(x);
}

static void spares_destroy(void *p)
{
	struct spares *sp = p;

	while (sp->n)
		exchange_destroy(sp->x[--sp->n]);
	free(sp);
}

static void spares_make(void)
{
	if (pthread_key_create(&spares_key, spares_destroy) != 0)
		abort();
}

static struct spares *thread_spares(void)
{
	struct spares *sp;

	pthread_once(&spares_once, spares_make);
	sp = pthread_getspecific(spares_key);
	if (!sp) {
		sp = calloc(1, sizeof(*sp));
		if (sp && pthread_setspecific(spares_key, sp) != 0) {
			free(sp);
			sp = NULL;
		}
	}
	return sp;
}

static void exchange_free(struct exchange *x)
{
	struct spares *sp = thread_spares();
	struct arena *a = x->req.arena;

	if (!sp || sp->n == SPARE_MAX) {
		exchange_destroy(x);
		return;
	}
	strbuf_release(&x->resp.body);
	strbuf_release(&x->body);
	arena_reset(a);
	memset(x, 0, sizeof(*x));
	x->req.arena = a;
	sp->x[sp->n++] = x;
}

/* The request number in hexadecimal, without printf. */
static void request_id(char out[20])
{
	static const char hex[] = "0123456789abcdef";
	unsigned long long v = (unsigned long long)atomic_fetch_add(&request_counter, 1) + 1;
	char tmp[20];
	int n = 0, i;

	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v && n < 19);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static struct exchange *exchange_new(struct server *srv, struct MHD_Connection *conn,
				     const struct sockaddr **client)
{
	struct spares *sp = thread_spares();
	struct exchange *x = NULL;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "-";
	char rid[20];

	if (sp && sp->n) {
		x = sp->x[--sp->n];
	} else {
		x = calloc(1, sizeof(*x));
		if (!x)
			return NULL;
		x->req.arena = arena_new();
		if (!x->req.arena) {
			free(x);
			return NULL;
		}
	}
	x->start_us = time_mono_us();
	x->req.app = srv->app;
	x->req.conn = conn;
	x->req.answers = srv->answers;
	strbuf_init(&x->resp.body, 64u << 20, 4096);
	x->resp.status = 200;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	*client = ci ? ci->client_addr : NULL;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  addr, sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
				  sizeof(addr));
	}
	x->req.remote_addr = arena_strdup(x->req.arena, addr);
	request_id(rid);
	x->req.request_id = arena_strdup(x->req.arena, rid);
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	x->watch = ci ? ci->socket_context : NULL;
	return x;
}

/* ---- limits: deadlines of slow connections, the per-address rate ---- */

static void watch_set(struct exchange *x, int64_t from_now_us)
{
	if (x->watch)
		atomic_store(&x->watch->deadline, from_now_us ? time_mono_us() + from_now_us : 0);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	struct conn_watch *w = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = calloc(1, sizeof(*w));
		if (!w || !ci) {
			free(w); /* no deadline then: MHD's idle timeout still applies */
			return;
		}
		w->fd = ci->connect_fd;
		atomic_store(&w->deadline, time_mono_us() + srv->header_us);
		pthread_mutex_lock(&srv->wlock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->wlock);
		*socket_context = w;
		return;
	}
	/* MHD_CONNECTION_NOTIFY_CLOSED comes before MHD closes the socket: under wlock, the
	 * watchdog never shuts down a descriptor that has been closed (and maybe reused) */
	if (!w)
		return;
	pthread_mutex_lock(&srv->wlock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->wlock);
	free(w);
	*socket_context = NULL;
}

static void *watchdog(void *arg)
{
	struct server *srv = arg;

	pthread_setname_np(pthread_self(), "dv-watchdog");
	pthread_mutex_lock(&srv->wlock);
	while (!srv->wstop) {
		struct timespec ts;
		struct conn_watch *w;
		int64_t now;
		int n = 0;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&srv->wcond, &srv->wlock, &ts);
		if (srv->wstop)
			break;
		now = time_mono_us();
		for (w = srv->watched; w; w = w->next) {
			int64_t d = atomic_load(&w->deadline);

			if (d && now > d && !w->shut) {
				/* MHD sees the end of the stream on its own thread and closes */
				shutdown(w->fd, SHUT_RDWR);
				w->shut = true;
				n++;
			}
		}
		if (n) {
			char count[16];

			snprintf(count, sizeof(count), "%d", n);
			log_msg(LOG_WARN, "slow connections closed", "count", count, NULL);
		}
	}
	pthread_mutex_unlock(&srv->wlock);
	return NULL;
}

/* The 429 answer: the client's language from its cookie, else Accept-Language. */
static void answer_limited(struct exchange *x)
{
	const char *l = MHD_lookup_connection_value(x->req.conn, MHD_COOKIE_KIND, "dv_lang");
	char v[24];

	if (!l)
		l = MHD_lookup_connection_value(x->req.conn, MHD_HEADER_KIND, "Accept-Language");
	x->req.lang = lang_parse(l ? l : "vi");
	resp_error(&x->req, &x->resp, 429, DV_ELIMIT, msg(x->req.lang, M_ERR_RATE));
	snprintf(v, sizeof(v), "%lld", (long long)x->retry_after);
	resp_header(&x->req, &x->resp, "Retry-After", v);
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct exchange *x)
{
	struct MHD_Response *r;
	size_t len = 0;
	char *body;
	enum MHD_Result ret;
	int i;

	watch_set(x, 0);
	dispatch_finish(&x->req, &x->resp);
	if (x->resp.body.failed) {
		strbuf_reset(&x->resp.body);
		x->resp.status = 500;
		x->resp.content_type = "text/plain; charset=utf-8";
		strbuf_addstr(&x->resp.body, "response too large\n");
	}
	body = strbuf_detach(&x->resp.body, &len);
	if (!body)
		return MHD_NO;
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				x->resp.content_type ? x->resp.content_type
						     : "text/html; charset=utf-8");
	for (i = 0; i < x->resp.n_headers; i++)
		MHD_add_response_header(r, x->resp.headers[i].name, x->resp.headers[i].value);
	ret = MHD_queue_response(conn, (unsigned)x->resp.status, r);
	MHD_destroy_response(r);
	x->queued = true;
	x->resp.body.len = len; /* remembered for the request log */
	return ret;
}

/* ---- group commit: answers that wait until their write is on disk ---- */

static enum dv_err job_write(struct db *db, void *arg, struct dv_error *e)
{
	struct exchange *x = arg;

	return x->resp.commit_write(db, x->resp.commit_arg, e);
}

/* On the writer thread, once the group is committed (or failed). */
static void job_done(struct commit_job *job)
{
	struct exchange *x = job->arg;

	x->req.db = NULL; /* the worker's connection is not ours here */
	x->resp.commit_finish(&x->req, &x->resp, x->resp.commit_arg, job->result, &job->error);
	x->ready = true;
	MHD_resume_connection(x->req.conn);
}

/*
 * After the handler: when it asked for a durable write, suspend the connection and queue the
 * write; the answer is queued when the connection resumes. True when deferred.
 */
static bool defer_commit(struct server *srv, struct exchange *x)
{
	if (!x->resp.commit_write)
		return false;
	if (!srv->committer) {
		resp_error(&x->req, &x->resp, 503, DV_EUNAVAIL, "durable writes are not available");
		return false;
	}
	x->job.write = job_write;
	x->job.done = job_done;
	x->job.arg = x;
	MHD_suspend_connection(x->req.conn);
	if (committer_submit(srv->committer, &x->job))
		return true;
	MHD_resume_connection(x->req.conn);
	x->resp.commit_write = NULL;
	resp_error(&x->req, &x->resp, 503, DV_EBUSY, "the server is busy: try again shortly");
	return false;
}

/* ---- the slow-work pool: handlers that hash passwords run here, connection suspended ---- */

static void *slow_worker(void *arg)
{
	struct server *srv = arg;
	struct exchange *x;

	pthread_setname_np(pthread_self(), "dv-slow");
	for (;;) {
		pthread_mutex_lock(&srv->lock);
		while (!srv->head && !srv->stopping)
			pthread_cond_wait(&srv->cond, &srv->lock);
		if (!srv->head && srv->stopping) {
			pthread_mutex_unlock(&srv->lock);
			break;
		}
		x = srv->head;
		srv->head = x->next_job;
		if (!srv->head)
			srv->tail = NULL;
		srv->queued--;
		srv->running++;
		pthread_mutex_unlock(&srv->lock);

		x->req.db = app_db(srv->app, NULL);
		if (!x->req.db)
			resp_error(&x->req, &x->resp, 503, DV_EUNAVAIL, "the database is unreachable");
		else
			dispatch_run(&x->req, &x->resp, x->route);
		/* still suspended: a durable write resumes it once committed */
		if (x->resp.commit_write && srv->committer) {
			x->job.write = job_write;
			x->job.done = job_done;
			x->job.arg = x;
			if (!committer_submit(srv->committer, &x->job)) {
				x->resp.commit_write = NULL;
				resp_error(&x->req, &x->resp, 503, DV_EBUSY,
					   "the server is busy: try again shortly");
				x->ready = true;
				MHD_resume_connection(x->req.conn);
			}
		} else {
			if (x->resp.commit_write)
				resp_error(&x->req, &x->resp, 503, DV_EUNAVAIL,
					   "durable writes are not available");
			x->ready = true;
			MHD_resume_connection(x->req.conn);
		}
		pthread_mutex_lock(&srv->lock);
		srv->running--;
		pthread_cond_broadcast(&srv->cond);
		pthread_mutex_unlock(&srv->lock);
	}
	app_db_close_thread();
	return NULL;
}

static bool slow_enqueue(struct server *srv, struct exchange *x)
{
	bool ok;

	pthread_mutex_lock(&srv->lock);
	/* a bounded queue: beyond it, answer 503 rather than pile up hashing work */
	ok = !srv->stopping && srv->queued < 256;
	if (ok) {
		x->next_job = NULL;
		if (srv->tail)
			srv->tail->next_job = x;
		else
			srv->head = x;
		srv->tail = x;
		srv->queued++;
		pthread_cond_signal(&srv->cond);
	}
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

/*
 * The body cap: max-upload for a route that takes a file (ROUTE_UPLOAD), max-body for anything
 * else, unknown paths included. The table is matched here, before the body arrives, and again
 * by the dispatcher once it is in; a match is cheap.
 */
static bool credentials_sent(struct MHD_Connection *conn)
{
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

	return (auth && !strncasecmp(auth, "Bearer ", 7)) ||
	       MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE) != NULL;
}

static size_t body_limit(struct server *srv, struct exchange *x, const char *method,
			 const char *url)
{
	enum http_method m = http_method_parse(method);
	const struct route *r = NULL;
	const char *args[ROUTE_MAX_ARGS];
	unsigned allowed = 0;

	/* Only a request that says who it is (a bearer token, a session cookie) may send a file:
	 * anyone else gets the ordinary cap, before the credentials are even checked, so that an
	 * anonymous client cannot make the server hold max-upload bytes per connection. */
	if (m && router_match(routes, m, url, x->req.arena, &r, args, &allowed) == ROUTE_FOUND &&
	    (r->flags & ROUTE_UPLOAD) && credentials_sent(x->req.conn))
		return (size_t)srv->app->cfg.max_upload;
	return (size_t)srv->app->cfg.max_body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct exchange *x = *req_cls;
	enum dispatch_next next;

	(void)version;
	if (!x) {
		const char *cl;
		const struct sockaddr *client;
		size_t limit;

		x = exchange_new(srv, conn, &client);
		if (!x)
			return MHD_NO;
		*req_cls = x;
		x->method = method;
		/* known before dispatch, so that early errors answer in the right format */
		x->req.path = url;
		x->req.api = !strncmp(url, "/api/", 5);
		/* the headers are in: the body has body-timeout from now */
		watch_set(x, srv->body_us);
		if (srv->rl) {
			x->retry_after = ratelimit_take(srv->rl, client, time_mono_us());
			if (x->retry_after) /* answered at the last call; any body is dropped */
				return MHD_YES;
		}
		limit = body_limit(srv, x, method, url);
		strbuf_init(&x->body, limit, 0);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > (unsigned long long)limit) {
			/* refuse before reading: MHD closes the connection after this answer */
			x->body_too_large = true;
			resp_error(&x->req, &x->resp, 413, DV_ELIMIT,
				   "the request body is larger than the limit");
			return queue(conn, x);
		}
		/* Keep-alive: never queue on the first call (see bench/baseline README, trap 1). */
		return MHD_YES;
	}
	if (x->queued)
		return MHD_YES;
	if (*upload_data_size) {
		if (!x->body_too_large && !x->retry_after &&
		    strbuf_add(&x->body, upload_data, *upload_data_size) < 0)
			x->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->ready)
		return queue(conn, x);
	watch_set(x, 0); /* the request is in: no deadline while the server works on it */
	if (x->retry_after) {
		answer_limited(x);
		return queue(conn, x);
	}
	if (x->body_too_large) {
		resp_error(&x->req, &x->resp, 413, DV_ELIMIT,
			   "the request body is larger than the limit");
		return queue(conn, x);
	}
	x->req.body = x->body.buf;
	x->req.body_len = x->body.len;
	x->req.db = app_db(srv->app, NULL);
	if (!x->req.db) {
		resp_error(&x->req, &x->resp, 503, DV_EUNAVAIL, "the database is unreachable");
		return queue(conn, x);
	}
	next = dispatch_begin(&x->req, &x->resp, method, url, &x->route);
	if (next == DISPATCH_RUN_SLOW) {
		MHD_suspend_connection(conn);
		if (slow_enqueue(srv, x))
			return MHD_YES;
		MHD_resume_connection(conn);
		resp_error(&x->req, &x->resp, 503, DV_EBUSY, "the server is busy: try again shortly");
		return queue(conn, x);
	}
	if (next == DISPATCH_RUN) {
		dispatch_run(&x->req, &x->resp, x->route);
		if (defer_commit(srv, x))
			return MHD_YES;
	}
	return queue(conn, x);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct exchange *x = *req_cls;

	(void)conn;
	if (!x)
		return;
	/* a kept-alive connection: idle for conn-timeout at most (MHD), then header-timeout */
	watch_set(x, srv->keepalive_us);
	if (srv->access) {
		struct strbuf sb = STRBUF_INIT;
		char ts[26];

		time_format_local(time_now(), ts);
		strbuf_addf(&sb, "ts=%s", ts);
		logfmt_add(&sb, "msg", "request");
		logfmt_add(&sb, "id", x->req.request_id);
		logfmt_add(&sb, "method", x->method ? x->method : "-");
		logfmt_add(&sb, "path", x->req.path ? x->req.path : "-");
		logfmt_add_int(&sb, "status", x->queued ? x->resp.status : 0);
		logfmt_add_int(&sb, "bytes", (int64_t)x->resp.body.len);
		logfmt_add_int(&sb, "us", time_mono_us() - x->start_us);
		logfmt_add(&sb, "addr", x->req.remote_addr);
		logfmt_add(&sb, "user", x->req.who ? x->req.who->login : "-");
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			logfmt_add_int(&sb, "aborted", (int64_t)toe);
		strbuf_addch(&sb, '\n');
		if (!sb.failed) {
			flockfile(srv->access);
			fwrite(sb.buf, 1, sb.len, srv->access);
			funlockfile(srv->access);
		}
		strbuf_release(&sb);
	}
	exchange_free(x);
	*req_cls = NULL;
}

static int open_access_log(struct server *srv)
{
	const char *path = srv->app->cfg.access_log;

	if (!path || !*path)
		return 0;
	if (!strcmp(path, "-")) {
		srv->access = stderr;
		return 0;
	}
	srv->access = fopen(path, "a");
	if (!srv->access) {
		fprintf(stderr, "danvan: cannot open access log '%s': %s\n", path, strerror(errno));
		return -1;
	}
	setvbuf(srv->access, NULL, _IOLBF, 0);
	srv->own_access = true;
	return 0;
}

int server_run(struct app *app)
{
	struct server srv = { .app = app };
	struct sockaddr_in sa4;
	struct sockaddr_in6 sa6;
	struct sockaddr *sa;
	char host[256];
	unsigned port;
	sigset_t stop;
	const union MHD_DaemonInfo *di;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	int i, sig = 0, ret = 1;

	if (!config_parse_listen(app->cfg.listen, host, sizeof(host), &port)) {
		fprintf(stderr, "danvan: listen address '%s' is not HOST:PORT\n", app->cfg.listen);
		return 3;
	}
	memset(&sa4, 0, sizeof(sa4));
	memset(&sa6, 0, sizeof(sa6));
	if (inet_pton(AF_INET, host, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sa4;
	} else if (inet_pton(AF_INET6, host, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "danvan: listen host '%s' is not an IP address\n", host);
		return 3;
	}
	if (open_access_log(&srv) < 0)
		return 3;

	/* the stop signals are taken by sigwait below; every thread started here inherits the mask */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.cond, NULL);
	pthread_mutex_init(&srv.wlock, NULL);
	pthread_cond_init(&srv.wcond, NULL);
	srv.header_us = app->cfg.header_timeout * 1000000;
	srv.body_us = app->cfg.body_timeout * 1000000;
	srv.keepalive_us = (app->cfg.conn_timeout + app->cfg.header_timeout) * 1000000;
	if (app->cfg.rate_limit > 0) {
		srv.rl = ratelimit_new(app->cfg.rate_limit, app->cfg.rate_burst);
		if (!srv.rl) {
			fprintf(stderr, "danvan: out of memory for the rate-limit table\n");
			goto out;
		}
	}
	if (app->cfg.answer_cache > 0) {
		srv.answers = anscache_new((size_t)app->cfg.answer_cache);
		if (!srv.answers) {
			fprintf(stderr,
			        "danvan: out of memory for the answer cache: lower answer-cache"
			        " or set it to 0\n");
			goto out;
		}
	}
	if (pthread_create(&srv.watchdog, NULL, watchdog, &srv) != 0) {
		fprintf(stderr, "danvan: cannot start the watchdog thread\n");
		goto out;
	}
	srv.wstarted = true;
	srv.n_workers = (int)app->cfg.hash_threads;
	srv.workers = calloc((size_t)srv.n_workers, sizeof(*srv.workers));
	if (!srv.workers)
		goto out;
	for (i = 0; i < srv.n_workers; i++)
		if (pthread_create(&srv.workers[i], NULL, slow_worker, &srv) != 0) {
			srv.n_workers = i;
			fprintf(stderr, "danvan: cannot start worker threads\n");
			goto out;
		}

	{
		struct dv_error ce = DV_ERROR_INIT;

		if (committer_start(app, 0, &srv.committer, &ce)) {
			fprintf(stderr, "danvan: cannot start the group-commit writer: %s\n", ce.detail);
			goto out;
		}
	}

	/* Every limit of MHD is set here on purpose; doc/LIMITS.md says what a client sees. */
	srv.daemon = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, &srv,
		/* the logger first, so that MHD's own messages about later options reach it */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, sa,
		/* threads: each runs its own epoll loop over its share of the connections */
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->cfg.threads,
		/* max-connections: bounds descriptors and memory (each connection holds its header
		 * pool); MHD splits it over the pool's threads; beyond it a new one is closed */
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)app->cfg.max_connections,
		/* max-conn-addr: one address cannot take every slot (0 = no limit); behind NAT many
		 * people share one address, hence a quarter of the default total */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)app->cfg.max_conn_addr,
		/* conn-timeout: a connection that sends and reads nothing for this long is closed;
		 * the watchdog (on_connection) bounds the ones that trickle bytes */
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg.conn_timeout,
		/* header-memory: the per-connection pool holds the request line and headers only
		 * (bodies are copied out as they come): it bounds their size (beyond: 414 for the
		 * line, 431 for the headers) and MHD clears it for every request, so larger is
		 * slower; it grows by the default 1 KiB steps */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)app->cfg.header_memory,
		MHD_OPTION_CONNECTION_MEMORY_INCREMENT, (size_t)1024,
		/* connections the kernel completes while every thread is busy (it caps this at
		 * net.core.somaxconn); a burst of new clients waits there rather than being refused */
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		/* protocol strictness: 0, as MHD recommends in production (1 would refuse HTTP/1.1
		 * without Host, which some monitoring probes send); sizes and times are bounded above.
		 * SIGPIPE: MHD blocks it in its own threads, and the process ignores it (above) */
		MHD_OPTION_STRICT_FOR_CLIENT, (int)0,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK,
		unescape_none, NULL, MHD_OPTION_END);
	if (!srv.daemon) {
		fprintf(stderr,
			"danvan: cannot listen on %s: is the port in use? choose another with "
			"--listen HOST:PORT\n",
			app->cfg.listen);
		goto out;
	}
	di = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (di && di->port)
		port = di->port;
	fprintf(stderr, "danvan: listening on http://%s%s%s:%u/\n", sa == (struct sockaddr *)&sa6 ? "[" : "",
		host, sa == (struct sockaddr *)&sa6 ? "]" : "", port);
	log_msg(LOG_INFO, "server started", "listen", app->cfg.listen, "db", app->cfg.db, NULL);
	if (!srv.rl)
		log_msg(LOG_INFO, "the per-address rate limit is off (rate-limit 0)", NULL);

	if (sigwait(&stop, &sig) != 0)
		sig = 0;
	log_msg(LOG_INFO, "server stopping", NULL);
	/* stop accepting, let the slow jobs finish (their connections are suspended), then stop */
	MHD_quiesce_daemon(srv.daemon);
	pthread_mutex_lock(&srv.lock);
	while (srv.queued || srv.running)
		pthread_cond_wait(&srv.cond, &srv.lock);
	pthread_mutex_unlock(&srv.lock);
	/* durable writes still queued are committed and answered before connections close */
	if (srv.committer) {
		struct commit_stats cs;
		char jobs[24], groups[24], failed[24], syncs[24], calls[24], late[24];

		committer_stats(srv.committer, &cs);
		snprintf(jobs, sizeof(jobs), "%llu", cs.jobs);
		snprintf(groups, sizeof(groups), "%llu", cs.groups);
		snprintf(failed, sizeof(failed), "%llu", cs.failed);
		snprintf(syncs, sizeof(syncs), "%llu", cs.syncs);
		snprintf(calls, sizeof(calls), "%llu", cs.log_calls);
		snprintf(late, sizeof(late), "%llu", cs.log_late);
		log_msg(LOG_INFO, "group commit", "writes", jobs, "groups", groups, "syncs", syncs,
		        "failed", failed, "log_write_calls", calls, "log_late", late, NULL);
	}
	committer_stop(srv.committer);
	srv.committer = NULL;
	MHD_stop_daemon(srv.daemon);
	if (srv.answers) {
		struct anscache_stats as;
		char hits[24], misses[24], stale[24];

		anscache_stats(srv.answers, &as);
		snprintf(hits, sizeof(hits), "%llu", (unsigned long long)as.hits);
		snprintf(misses, sizeof(misses), "%llu", (unsigned long long)as.misses);
		snprintf(stale, sizeof(stale), "%llu", (unsigned long long)as.stale);
		log_msg(LOG_INFO, "answer cache", "hits", hits, "misses", misses, "stale", stale,
		        NULL);
	}
	ret = 0;
out:
	committer_stop(srv.committer);
	pthread_mutex_lock(&srv.lock);
	srv.stopping = true;
	pthread_cond_broadcast(&srv.cond);
	pthread_mutex_unlock(&srv.lock);
	for (i = 0; i < srv.n_workers; i++)
		pthread_join(srv.workers[i], NULL);
	free(srv.workers);
	pthread_cond_destroy(&srv.cond);
	pthread_mutex_destroy(&srv.lock);
	if (srv.wstarted) {
		pthread_mutex_lock(&srv.wlock);
		srv.wstop = true;
		pthread_cond_broadcast(&srv.wcond);
		pthread_mutex_unlock(&srv.wlock);
		pthread_join(srv.watchdog, NULL);
	}
	pthread_cond_destroy(&srv.wcond);
	pthread_mutex_destroy(&srv.wlock);
	ratelimit_free(srv.rl);
	anscache_free(srv.answers);
	if (srv.own_access)
		fclose(srv.access);
	app_db_close_thread();
	return ret;
}
