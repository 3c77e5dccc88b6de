/* config.h: the configuration, read from one declarative table by file, environment and flags. */
#ifndef DV_CONFIG_H
#define DV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

/*
 * Every key has one entry in the table in config.c: name (file key and --flag), environment
 * variable (DANVAN_<NAME>), type, default, bounds and help. Precedence, lowest first:
 * defaults, config file, environment, command-line flags.
 */
struct config {
	char *listen;            /* "127.0.0.1:8080" */
	char *db;                /* database URL, default "sqlite:var/danvan.db" */
	char *db_read;           /* optional read-replica URL (issue 3) */
	char *key_file;          /* confidential-field key, default "var/danvan.key" */
	char *access_log;        /* "-" = stderr, "" = off, else a file path */
	char *log_level;         /* debug|info|warn|error */
	char *data_dir;          /* reference data (shared/data) for `danvan demo` */
	int64_t threads;         /* HTTP worker threads (thread pool size) */
	int64_t hash_threads;    /* password-hashing worker threads */
	int64_t max_body;        /* request body cap, bytes */
	int64_t public_min_count; /* the portal suppresses counts from 1 to this - 1 */
	int64_t max_upload;      /* body cap of routes that take a file (ROUTE_UPLOAD), bytes */
	int64_t max_connections;
	int64_t conn_timeout;    /* seconds an idle connection is kept */
	int64_t max_conn_addr;   /* simultaneous connections per client address, 0 = no limit */
	int64_t header_timeout;  /* seconds a new connection has to send its request headers */
	int64_t body_timeout;    /* seconds a request has to send its body once its headers are in */
	int64_t header_memory;   /* per-connection memory of MHD: bounds request line + headers */
	int64_t rate_limit;      /* requests per second per client address, 0 = off */
	int64_t rate_burst;      /* requests a client address may send at once above the rate */
	int64_t session_idle;    /* seconds, default 1800 */
	int64_t session_absolute;/* seconds, default 43200 */
	int64_t login_window;    /* seconds of the failed-login window */
	int64_t login_max_user;  /* failures per account per window */
	int64_t login_max_addr;  /* failures per address per window */
	char *notify;            /* notification delivery: log|smtp|off (issue 4) */
	char *smtp_url;          /* smtp://host:port or smtps://host */
	char *smtp_from;         /* envelope and From: address */
	char *smtp_user;
	char *smtp_password;     /* best set in the environment (DANVAN_SMTP_PASSWORD) */
	int64_t notify_interval; /* seconds between deliveries of the outbox */
	int64_t submit_max_addr; /* public intakes per client address per hour */
	int64_t answer_cache;    /* bytes of rendered answers kept for reuse, 0 = off */
};

/* Fill with defaults. Strings are malloc'd; release with config_release. */
void config_defaults(struct config *c);
void config_release(struct config *c);

/*
 * Read `key = value` lines ('#' comments, blank lines ignored). Unknown keys and bad values are
 * errors naming the file, line and key. The file must exist.
 */
enum dv_err config_load_file(struct config *c, const char *path, struct dv_error *e);
/* The same from an open stream (borrowed, not closed); `path` names it in messages. */
enum dv_err config_load_stream(struct config *c, FILE *f, const char *path, struct dv_error *e);
/* Apply DANVAN_* environment variables (getenv). */
enum dv_err config_load_env(struct config *c, struct dv_error *e);
/*
 * Set one key from a flag or any other source, by table name ("listen", "db", "session-idle").
 * Dashes and underscores are interchangeable. DV_EINVAL for unknown keys or bad values.
 */
enum dv_err config_set(struct config *c, const char *key, const char *value, struct dv_error *e);
/* True when `key` names a configuration entry. */
bool config_known(const char *key);
/* Print the table (flag, env, default, help) for --help. */
void config_print_help(FILE *out);
/* Split "HOST:PORT"; false when malformed. */
bool config_parse_listen(const char *s, char *host, size_t hostlen, unsigned *port);

#endif
