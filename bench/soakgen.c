/* soakgen.c: bench/soak's load generator: a fixed request rate (or the peak), latencies. */
/*
 * usage: soakgen -f REQUESTS -p PORT [-r RATE] [-d SECONDS] [-c CONNECTIONS] [-t THREADS]
 *
 * REQUESTS holds the mix, prepared by bench/soak: a line "kinds N", N lines of kind names, then
 * records "R KIND LENGTH\n" each followed by LENGTH bytes of a raw HTTP/1.1 request. The records
 * are sent in their order, over and over, on keep-alive connections to 127.0.0.1:PORT, one
 * request at a time per connection (no pipelining).
 *
 * With -r RATE (requests per second, over all threads) request i is due at start + i / RATE
 * and its latency counts from that moment, not from when a connection was free to send it: a
 * server that falls behind shows it in the latencies (no "coordinated omission"); the svc_
 * figures count from the moment it was sent (the server's own time, queueing on its connections
 * included). With -r 0 each connection sends its next request as soon as the last is answered
 * (the peak).
 *
 * Prints `soak.*` lines on stdout: requests, errors (any answer other than 2xx/3xx, and
 * connections broken before their answer), the rate achieved, and per kind the count, errors,
 * p50, p99 and max latency; progress every 10 s on stderr. Exits 0 when it ran.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/banned.h"

#define MAX_KINDS 16

struct record {
	int kind;
	const char *data;
	size_t len;
};

struct lat {
	uint32_t *v; /* microseconds from the due time (what a user waits) */
	uint32_t *s; /* microseconds from the send (what the server took) */
	size_t n, cap;
	uint64_t errors, status_errors;
};

struct conn {
	int fd;
	bool busy;
	const struct record *rec;
	size_t sent;
	int64_t due;     /* the moment its latency counts from, ns */
	int64_t sent_at; /* the moment it was sent */
	char *in;
	size_t in_len, in_cap;
};

struct worker {
	int id;
	pthread_t th;
	int nconn;
	double rate; /* this thread's share; 0 = closed loop */
	struct conn *conns;
	struct lat kinds[MAX_KINDS];
	uint64_t done;
	uint64_t max_backlog;
};

static struct record *recs;
static size_t nrecs;
static char kind_names[MAX_KINDS][64];
static int nkinds;
static int port;
static int64_t t_start, t_end;
static atomic_uint_fast64_t next_rec;
static atomic_uint_fast64_t total_done, total_errors;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "soakgen: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint32_t to_us(int64_t ns)
{
	return ns / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(ns / 1000);
}

static void lat_add(struct lat *l, int64_t due_ns, int64_t svc_ns)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		l->s = realloc(l->s, l->cap * sizeof(*l->s));
		if (!l->v || !l->s)
			die("out of memory");
	}
	l->v[l->n] = to_us(due_ns);
	l->s[l->n++] = to_us(svc_ns);
}

static int conn_open(struct conn *c, int ep)
{
	struct sockaddr_in sa;
	struct epoll_event ev;
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		die("socket");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		die("epoll_ctl");
	c->busy = false;
	c->in_len = 0;
	return 0;
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd); /* closing removes it from the epoll set */
	c->fd = -1;
	c->busy = false;
}

/* Write what the socket takes of the current request. */
static int conn_write(struct conn *c)
{
	while (c->sent < c->rec->len) {
		ssize_t n =
		    send(c->fd, c->rec->data + c->sent, c->rec->len - c->sent, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		c->sent += (size_t)n;
	}
	return 0;
}

/* 1 when a whole answer is in (status in *status, *close_after when it says Connection: close),
 * 0 when more is needed, -1 on a broken answer. */
static int answer_complete(struct conn *c, int *status, bool *close_after)
{
	char *end, *p;
	size_t head, clen = 0;

	if (c->in_len < 12)
		return 0;
	end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
	if (!end)
		return 0;
	head = (size_t)(end - c->in) + 4;
	if (strncmp(c->in, "HTTP/1.", 7) != 0)
		return -1;
	*status = atoi(c->in + 9);
	*close_after = false;
	for (p = c->in; p < end; p++) {
		if (*p != '\n')
			continue;
		if (!strncasecmp(p + 1, "content-length:", 15))
			clen = strtoull(p + 16, NULL, 10);
		else if (!strncasecmp(p + 1, "connection:", 11) && strstr(p + 12, "close") &&
		         strstr(p + 12, "close") < strstr(p + 1, "\r\n"))
			*close_after = true;
	}
	return c->in_len >= head + clen ? 1 : 0;
}

static void conn_send(struct worker *w, struct conn *c, int ep, int64_t due)
{
	uint64_t i = atomic_fetch_add(&next_rec, 1) % nrecs;

	if (c->fd < 0 && conn_open(c, ep) < 0) {
		w->kinds[recs[i].kind].errors++;
		atomic_fetch_add(&total_errors, 1);
		return;
	}
	c->rec = &recs[i];
	c->sent = 0;
	c->due = due;
	c->sent_at = now_ns();
	c->busy = true;
	c->in_len = 0;
	if (conn_write(c) < 0) {
		w->kinds[c->rec->kind].errors++;
		atomic_fetch_add(&total_errors, 1);
		conn_close(c);
	}
}

static void conn_read(struct worker *w, struct conn *c)
{
	for (;;) {
		ssize_t n;
		int status = 0, r;
		bool close_after = false;

		if (c->in_cap - c->in_len < 65536) {
			c->in_cap = c->in_cap ? c->in_cap * 2 : 131072;
			c->in = realloc(c->in, c->in_cap);
			if (!c->in)
				die("out of memory");
		}
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) { /* closed or reset: an error if an answer was due */
			if (c->busy) {
				w->kinds[c->rec->kind].errors++;
				atomic_fetch_add(&total_errors, 1);
			}
			conn_close(c);
			return;
		}
		if (!c->busy) { /* bytes nobody asked for */
			conn_close(c);
			return;
		}
		c->in_len += (size_t)n;
		r = answer_complete(c, &status, &close_after);
		if (r == 0)
			continue;
		if (r < 0 || status < 200 || status >= 400) {
			w->kinds[c->rec->kind].errors++;
			if (r >= 0)
				w->kinds[c->rec->kind].status_errors++;
			atomic_fetch_add(&total_errors, 1);
			if (r < 0)
				close_after = true;
		}
		{
			int64_t t = now_ns();

			lat_add(&w->kinds[c->rec->kind], t - c->due, t - c->sent_at);
		}
		w->done++;
		atomic_fetch_add(&total_done, 1);
		c->busy = false;
		c->in_len = 0;
		if (close_after)
			conn_close(c);
		return;
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct epoll_event evs[256];
	int ep = epoll_create1(0), i;
	double interval = w->rate > 0 ? 1e9 / w->rate : 0;
	double next_due = (double)t_start;
	/* due times that found every connection busy, oldest first */
	size_t cap = 1 << 20, head = 0, count = 0;
	int64_t *pending = malloc(cap * sizeof(*pending));

	if (ep < 0 || !pending)
		die("epoll_create1");
	for (i = 0; i < w->nconn; i++) {
		w->conns[i].fd = -1;
		if (conn_open(&w->conns[i], ep) < 0)
			die("connect");
	}
	for (;;) {
		int64_t now = now_ns(), wait_ns;
		struct timespec ts;
		int n, k;

		if (now >= t_end)
			break;
		if (interval > 0) {
			/* every due request: to an idle connection, else to the pending queue */
			while (next_due <= (double)now && count < cap) {
				pending[(head + count) % cap] = (int64_t)next_due;
				count++;
				next_due += interval;
			}
			if (count > w->max_backlog)
				w->max_backlog = count;
			for (i = 0; i < w->nconn && count; i++)
				if (!w->conns[i].busy) {
					conn_send(w, &w->conns[i], ep, pending[head]);
					head = (head + 1) % cap;
					count--;
				}
			wait_ns = (int64_t)next_due - now;
		} else {
			for (i = 0; i < w->nconn; i++)
				if (!w->conns[i].busy)
					conn_send(w, &w->conns[i], ep, now_ns());
			wait_ns = 100000000;
		}
		if (wait_ns < 0)
			wait_ns = 0;
		if (wait_ns > t_end - now)
			wait_ns = t_end - now;
		ts.tv_sec = wait_ns / 1000000000;
		ts.tv_nsec = wait_ns % 1000000000;
		n = epoll_pwait2(ep, evs, 256, &ts, NULL);
		if (n < 0 && errno != EINTR)
			die("epoll_pwait2");
		for (k = 0; k < n; k++) {
			struct conn *c = evs[k].data.ptr;

			if (c->fd < 0)
				continue;
			if ((evs[k].events & EPOLLOUT) && c->busy && c->sent < c->rec->len &&
			    conn_write(c) < 0) {
				w->kinds[c->rec->kind].errors++;
				atomic_fetch_add(&total_errors, 1);
				conn_close(c);
				continue;
			}
			if (evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				conn_read(w, c);
		}
	}
	for (i = 0; i < w->nconn; i++)
		conn_close(&w->conns[i]);
	close(ep);
	free(pending);
	return NULL;
}

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");
	char line[256];
	size_t cap = 0;
	int i;

	if (!f)
		die(path);
	if (!fgets(line, sizeof(line), f) || sscanf(line, "kinds %d", &nkinds) != 1 || nkinds < 1 ||
	    nkinds > MAX_KINDS) {
		fprintf(stderr, "soakgen: %s: expected 'kinds N' first\n", path);
		exit(2);
	}
	for (i = 0; i < nkinds; i++) {
		if (!fgets(line, sizeof(line), f))
			die("kind names");
		line[strcspn(line, "\n")] = '\0';
		if (strlen(line) >= sizeof(kind_names[i])) {
			fprintf(stderr, "soakgen: %s: kind name '%s' is too long\n", path, line);
			exit(2);
		}
		memcpy(kind_names[i], line, strlen(line) + 1);
	}
	while (fgets(line, sizeof(line), f)) {
		int kind;
		size_t len;
		char *data;

		if (sscanf(line, "R %d %zu", &kind, &len) != 2 || kind < 0 || kind >= nkinds) {
			fprintf(stderr, "soakgen: %s: bad record line '%s'\n", path, line);
			exit(2);
		}
		data = malloc(len);
		if (!data || fread(data, 1, len, f) != len)
			die("reading a record");
		if (nrecs == cap) {
			cap = cap ? cap * 2 : 1024;
			recs = realloc(recs, cap * sizeof(*recs));
			if (!recs)
				die("out of memory");
		}
		recs[nrecs].kind = kind;
		recs[nrecs].data = data;
		recs[nrecs].len = len;
		nrecs++;
	}
	fclose(f);
	if (!nrecs) {
		fprintf(stderr, "soakgen: %s: no requests\n", path);
		exit(2);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double pct(const uint32_t *v, size_t n, double p)
{
	if (!n)
		return 0;
	return v[(size_t)(p * (double)(n - 1) + 0.5)] / 1000.0;
}

static void merge(struct lat *into, const struct lat *from)
{
	if (into->n + from->n > into->cap) {
		into->cap = into->n + from->n;
		into->v = realloc(into->v, into->cap * sizeof(*into->v));
		into->s = realloc(into->s, into->cap * sizeof(*into->s));
		if ((!into->v || !into->s) && into->cap)
			die("out of memory");
	}
	if (from->n) {
		memcpy(into->v + into->n, from->v, from->n * sizeof(*from->v));
		memcpy(into->s + into->n, from->s, from->n * sizeof(*from->s));
	}
	into->n += from->n;
	into->errors += from->errors;
	into->status_errors += from->status_errors;
}

static void report(const char *name, struct lat *l, double secs)
{
	qsort(l->v, l->n, sizeof(*l->v), cmp_u32);
	qsort(l->s, l->n, sizeof(*l->s), cmp_u32);
	printf("soak.%s.requests=%zu\n", name, l->n);
	printf("soak.%s.rps=%.0f\n", name, l->n / secs);
	printf("soak.%s.errors=%llu\n", name, (unsigned long long)l->errors);
	printf("soak.%s.status_errors=%llu\n", name, (unsigned long long)l->status_errors);
	printf("soak.%s.p50_ms=%.2f\n", name, pct(l->v, l->n, 0.50));
	printf("soak.%s.p99_ms=%.2f\n", name, pct(l->v, l->n, 0.99));
	printf("soak.%s.max_ms=%.2f\n", name, pct(l->v, l->n, 1.0));
	printf("soak.%s.svc_p50_ms=%.2f\n", name, pct(l->s, l->n, 0.50));
	printf("soak.%s.svc_p99_ms=%.2f\n", name, pct(l->s, l->n, 0.99));
	printf("soak.%s.svc_max_ms=%.2f\n", name, pct(l->s, l->n, 1.0));
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	double rate = 0, secs = 10;
	int conns = 32, threads = 2, opt, i, k;
	struct worker *ws;
	struct lat all = {0};
	uint64_t backlog = 0;
	int64_t last_print, t_stop;
	uint64_t last_done = 0;

	while ((opt = getopt(argc, argv, "f:p:r:d:c:t:")) != -1) {
		switch (opt) {
		case 'f':
			file = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 'd':
			secs = atof(optarg);
			break;
		case 'c':
			conns = atoi(optarg);
			break;
		case 't':
			threads = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: soakgen -f REQUESTS -p PORT [-r RATE] [-d SECONDS] "
			                "[-c CONNECTIONS] [-t THREADS]\n");
			return 2;
		}
	}
	if (!file || port <= 0 || threads < 1 || conns < threads || secs <= 0) {
		fprintf(stderr, "soakgen: -f and -p are needed; -c >= -t >= 1\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	load(file);
	ws = calloc((size_t)threads, sizeof(*ws));
	if (!ws)
		die("out of memory");
	t_start = now_ns() + 100000000;
	t_end = t_start + (int64_t)(secs * 1e9);
	for (i = 0; i < threads; i++) {
		ws[i].id = i;
		ws[i].nconn = conns / threads + (i < conns % threads);
		ws[i].rate = rate / threads;
		ws[i].conns = calloc((size_t)ws[i].nconn, sizeof(struct conn));
		if (!ws[i].conns || pthread_create(&ws[i].th, NULL, work, &ws[i]) != 0)
			die("starting threads");
	}
	last_print = t_start;
	for (;;) {
		int64_t now;

		usleep(200000);
		now = now_ns();
		if (now >= t_end)
			break;
		if (now - last_print >= 10000000000LL) {
			uint64_t d = atomic_load(&total_done);

			fprintf(stderr,
			        "soakgen: %.0f s: %.0f req/s over the last %.0f s, %llu errors\n",
			        (now - t_start) / 1e9, (d - last_done) / ((now - last_print) / 1e9),
			        (now - last_print) / 1e9,
			        (unsigned long long)atomic_load(&total_errors));
			last_print = now;
			last_done = d;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(ws[i].th, NULL);
	t_stop = now_ns();
	(void)t_stop;
	for (k = 0; k < nkinds; k++) {
		struct lat kl = {0};

		for (i = 0; i < threads; i++)
			merge(&kl, &ws[i].kinds[k]);
		merge(&all, &kl);
		report(kind_names[k], &kl, secs);
		free(kl.v);
		free(kl.s);
	}
	for (i = 0; i < threads; i++)
		if (ws[i].max_backlog > backlog)
			backlog = ws[i].max_backlog;
	printf("soak.target_rps=%.0f\n", rate);
	printf("soak.seconds=%.0f\n", secs);
	printf("soak.connections=%d\n", conns);
	printf("soak.max_backlog=%llu\n", (unsigned long long)backlog);
	report("all", &all, secs);
	return 0;
}
