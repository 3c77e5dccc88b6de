/* config.c: the configuration table and what it drives: defaults, file, environment, flags. */
#include "app/config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

enum cfg_type {
	CFG_STRING,   /* free text (validated by `check` when set) */
	CFG_INT,      /* a plain integer */
	CFG_SIZE,     /* bytes; accepts the suffixes k, M, G (powers of 1024) */
	CFG_DURATION, /* seconds; accepts the suffixes s, m, h, d */
};

/* Returns NULL when `value` is acceptable, else a short reason. */
typedef const char *(*cfg_check_fn)(const char *value);

struct cfg_entry {
	const char *name; /* file key and --flag, with dashes */
	const char *env;  /* environment variable */
	enum cfg_type type;
	size_t offset;      /* into struct config */
	const char *def;    /* default, as it would be written in the file */
	int64_t min, max;   /* bounds for numbers */
	cfg_check_fn check; /* extra check for strings; NULL = any */
	const char *arg;    /* placeholder in --help */
	const char *help;
};

static const char *check_listen(const char *v)
{
	char host[256];
	unsigned port;

	return config_parse_listen(v, host, sizeof(host), &port)
	           ? NULL
	           : "expected HOST:PORT, e.g. 127.0.0.1:8080";
}

static const char *check_level(const char *v)
{
	static const char *const levels[] = {"debug", "info", "warn", "error"};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(v, levels[i]))
			return NULL;
	return "expected one of debug, info, warn, error";
}

static const char *check_notify(const char *v)
{
	return !strcmp(v, "log") || !strcmp(v, "smtp") || !strcmp(v, "off")
	           ? NULL
	           : "expected one of log, smtp, off";
}

static const char *check_smtp_url(const char *v)
{
	return !*v || !strncmp(v, "smtp://", 7) || !strncmp(v, "smtps://", 8)
	           ? NULL
	           : "expected smtp://HOST[:PORT] or smtps://HOST[:PORT]";
}

static const char *check_nonempty(const char *v)
{
	return *v ? NULL : "must not be empty";
}

#define OFF(field) offsetof(struct config, field)
#define DAY        (24 * 3600)

static const struct cfg_entry table[] = {
    {"listen", "DANVAN_LISTEN", CFG_STRING, OFF(listen), "127.0.0.1:8080", 0, 0, check_listen,
     "ADDR:PORT", "address and port the web server listens on (port 0 picks a free one)"},
    {"db", "DANVAN_DB", CFG_STRING, OFF(db), "sqlite:var/danvan.db", 0, 0, check_nonempty, "URL",
     "database: sqlite:PATH or postgresql://user@host:port/name"},
    {"db-read", "DANVAN_DB_READ", CFG_STRING, OFF(db_read), "", 0, 0, NULL, "URL",
     "read-replica database for reports (not used yet)"},
    {"key-file", "DANVAN_KEY_FILE", CFG_STRING, OFF(key_file), "var/danvan.key", 0, 0,
     check_nonempty, "FILE", "key for confidential fields (32 bytes, mode 0600)"},
    {"access-log", "DANVAN_ACCESS_LOG", CFG_STRING, OFF(access_log), "-", 0, 0, NULL, "FILE",
     "access log: '-' for stderr, empty for none, else a file"},
    {"log-level", "DANVAN_LOG_LEVEL", CFG_STRING, OFF(log_level), "info", 0, 0, check_level,
     "LEVEL", "lowest level logged: debug, info, warn or error"},
    {"data-dir", "DANVAN_DATA_DIR", CFG_STRING, OFF(data_dir), "data", 0, 0, check_nonempty, "DIR",
     "reference data (vn-units-2025.json, vn-ward-centroids.csv)"},
    {"threads", "DANVAN_THREADS", CFG_INT, OFF(threads), "2", 1, 256, NULL, "N",
     "HTTP worker threads"},
    {"hash-threads", "DANVAN_HASH_THREADS", CFG_INT, OFF(hash_threads), "2", 1, 64, NULL, "N",
     "password-hashing worker threads"},
    {"max-body", "DANVAN_MAX_BODY", CFG_SIZE, OFF(max_body), "1048576", 1024, (int64_t)1 << 30,
     NULL, "BYTES", "largest request body accepted (k, M, G suffixes)"},
    {"max-upload", "DANVAN_MAX_UPLOAD", CFG_SIZE, OFF(max_upload), "32M", 1024, (int64_t)1 << 30,
     NULL, "BYTES", "largest body accepted where a form takes a file (k, M, G suffixes)"},
    {"public-min-count", "DANVAN_PUBLIC_MIN_COUNT", CFG_INT, OFF(public_min_count), "5", 1, 1000,
     NULL, "N", "public portal: counts from 1 to N-1 are shown as 'fewer than N'"},
    {"max-connections", "DANVAN_MAX_CONNECTIONS", CFG_INT, OFF(max_connections), "1024", 1, 100000,
     NULL, "N", "simultaneous connections"},
    {"conn-timeout", "DANVAN_CONN_TIMEOUT", CFG_DURATION, OFF(conn_timeout), "60", 1, 3600, NULL,
     "SECONDS", "idle connection timeout (s, m, h suffixes)"},
    {"max-conn-addr", "DANVAN_MAX_CONN_ADDR", CFG_INT, OFF(max_conn_addr), "256", 0, 100000, NULL,
     "N", "simultaneous connections from one client address (0: no limit)"},
    {"header-timeout", "DANVAN_HEADER_TIMEOUT", CFG_DURATION, OFF(header_timeout), "15", 1, 3600,
     NULL, "SECONDS", "time a connection has to send a request's headers (slow clients closed)"},
    {"body-timeout", "DANVAN_BODY_TIMEOUT", CFG_DURATION, OFF(body_timeout), "300", 1, DAY, NULL,
     "SECONDS", "time a request has to send its body once its headers are in"},
    {"header-memory", "DANVAN_HEADER_MEMORY", CFG_SIZE, OFF(header_memory), "32k", 8192,
     1024 * 1024, NULL, "BYTES",
     "memory per connection for the request line and headers (larger: 431, 414 or closed)"},
    {"rate-limit", "DANVAN_RATE_LIMIT", CFG_INT, OFF(rate_limit), "50", 0, 1000000, NULL, "N",
     "requests per second from one client address, IPv6 by /64 (0: off); above it, 429"},
    {"rate-burst", "DANVAN_RATE_BURST", CFG_INT, OFF(rate_burst), "500", 1, 10000000, NULL, "N",
     "requests one client address may send at once before rate-limit applies"},
    {"session-idle", "DANVAN_SESSION_IDLE", CFG_DURATION, OFF(session_idle), "1800", 60, DAY, NULL,
     "SECONDS", "sign out after this much inactivity"},
    {"session-absolute", "DANVAN_SESSION_ABSOLUTE", CFG_DURATION, OFF(session_absolute), "43200",
     300, 30 * DAY, NULL, "SECONDS", "sign out this long after signing in"},
    {"login-window", "DANVAN_LOGIN_WINDOW", CFG_DURATION, OFF(login_window), "900", 10, DAY, NULL,
     "SECONDS", "window over which failed logins are counted"},
    {"login-max-user", "DANVAN_LOGIN_MAX_USER", CFG_INT, OFF(login_max_user), "5", 1, 1000, NULL,
     "N", "failed logins per account per window"},
    {"login-max-addr", "DANVAN_LOGIN_MAX_ADDR", CFG_INT, OFF(login_max_addr), "20", 1, 100000, NULL,
     "N", "failed logins per address per window"},
    {"notify", "DANVAN_NOTIFY", CFG_STRING, OFF(notify), "log", 0, 0, check_notify, "MODE",
     "notification delivery: log (one line per message, no recipient), smtp or off"},
    {"smtp-url", "DANVAN_SMTP_URL", CFG_STRING, OFF(smtp_url), "", 0, 0, check_smtp_url, "URL",
     "mail server for notify=smtp: smtp://HOST:PORT or smtps://HOST:PORT"},
    {"smtp-from", "DANVAN_SMTP_FROM", CFG_STRING, OFF(smtp_from), "", 0, 0, NULL, "ADDR",
     "sender address of notifications"},
    {"smtp-user", "DANVAN_SMTP_USER", CFG_STRING, OFF(smtp_user), "", 0, 0, NULL, "USER",
     "mail server login (empty: none)"},
    {"smtp-password", "DANVAN_SMTP_PASSWORD", CFG_STRING, OFF(smtp_password), "", 0, 0, NULL,
     "PASSWORD", "mail server password (prefer the environment variable)"},
    {"notify-interval", "DANVAN_NOTIFY_INTERVAL", CFG_DURATION, OFF(notify_interval), "5", 1,
     3600, NULL, "SECONDS", "how often the outbox is delivered while serving"},
    {"submit-max-addr", "DANVAN_SUBMIT_MAX_ADDR", CFG_INT, OFF(submit_max_addr), "30", 1, 1000000000,
     NULL, "N", "public submissions per client address per hour"},
    {"answer-cache", "DANVAN_ANSWER_CACHE", CFG_SIZE, OFF(answer_cache), "64M", 0,
     (int64_t)1 << 36, NULL, "BYTES",
     "memory for case answers kept while the case is unchanged (0: off; k, M, G suffixes)"},
};

#define NENTRIES (sizeof(table) / sizeof(table[0]))

/* Compare names treating '-' and '_' as the same character. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '_' ? '-' : *a, y = *b == '_' ? '-' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

static const struct cfg_entry *find(const char *key)
{
	size_t i;

	if (!key)
		return NULL;
	for (i = 0; i < NENTRIES; i++)
		if (name_eq(key, table[i].name))
			return &table[i];
	return NULL;
}

bool config_known(const char *key)
{
	return find(key) != NULL;
}

/* Parse a number with an optional unit suffix for the entry's type. */
static const char *parse_number(const struct cfg_entry *ent, const char *s, int64_t *out)
{
	char *end;
	long long v;
	int64_t mult = 1;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return "expected a number";
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno == ERANGE)
		return "expected a number";
	if (*end && ent->type == CFG_SIZE) {
		switch (*end) {
		case 'k':
		case 'K':
			mult = 1024;
			end++;
			break;
		case 'm':
		case 'M':
			mult = 1024 * 1024;
			end++;
			break;
		case 'g':
		case 'G':
			mult = 1024 * 1024 * 1024;
			end++;
			break;
		}
		if (*end == 'B' || *end == 'b')
			end++;
	} else if (*end && ent->type == CFG_DURATION) {
		switch (*end) {
		case 's':
			mult = 1;
			end++;
			break;
		case 'm':
			mult = 60;
			end++;
			break;
		case 'h':
			mult = 3600;
			end++;
			break;
		case 'd':
			mult = DAY;
			end++;
			break;
		}
	}
	while (isspace((unsigned char)*end))
		end++;
	if (*end) {
		switch (ent->type) {
		case CFG_SIZE:
			return "expected a size in bytes (optionally with k, M or G)";
		case CFG_DURATION:
			return "expected seconds (optionally with s, m, h or d)";
		default:
			return "expected a whole number";
		}
	}
	if (v > INT64_MAX / mult || v < INT64_MIN / mult)
		return "number is too large";
	*out = (int64_t)v * mult;
	return NULL;
}

/*
 * Set one entry. `where` prefixes the message ("FILE:LINE: ", "DANVAN_X: ", "").
 */
static enum dv_err set_entry(struct config *c, const struct cfg_entry *ent, const char *value,
                             const char *where, enum dv_err code, struct dv_error *e)
{
	char *base = (char *)c;

	if (ent->type == CFG_STRING) {
		const char *why = ent->check ? ent->check(value) : NULL;
		char *copy, **slot;

		if (why)
			return dv_fail(e, code, "%sbad value '%s' for '%s': %s", where, value,
			               ent->name, why);
		copy = strdup(value);
		if (!copy)
			return dv_fail(e, DV_ENOMEM, "%sout of memory setting '%s'", where,
			               ent->name);
		slot = (char **)(void *)(base + ent->offset);
		free(*slot);
		*slot = copy;
	} else {
		int64_t v;
		const char *why = parse_number(ent, value, &v);

		if (why)
			return dv_fail(e, code, "%sbad value '%s' for '%s': %s", where, value,
			               ent->name, why);
		if (v < ent->min || v > ent->max)
			return dv_fail(e, code,
			               "%svalue %" PRId64
			               " for '%s' is out of bounds: between %" PRId64
			               " and %" PRId64,
			               where, v, ent->name, ent->min, ent->max);
		*(int64_t *)(void *)(base + ent->offset) = v;
	}
	return DV_OK;
}

void config_defaults(struct config *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NENTRIES; i++) {
		/* The table's defaults are checked by the unit test; an error here is a bug. */
		if (set_entry(c, &table[i], table[i].def, "", DV_ECONFIG, NULL) != DV_OK)
			abort();
	}
}

void config_release(struct config *c)
{
	size_t i;

	for (i = 0; i < NENTRIES; i++) {
		if (table[i].type == CFG_STRING) {
			char **slot = (char **)(void *)((char *)c + table[i].offset);

			free(*slot);
			*slot = NULL;
		}
	}
}

enum dv_err config_set(struct config *c, const char *key, const char *value, struct dv_error *e)
{
	const struct cfg_entry *ent = find(key);

	if (!ent)
		return dv_fail(e, DV_EINVAL, "unknown configuration key '%s': see 'danvan --help'",
		               key ? key : "");
	if (!value)
		return dv_fail(e, DV_EINVAL, "configuration key '%s' needs a value", ent->name);
	return set_entry(c, ent, value, "", DV_EINVAL, e);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

enum dv_err config_load_file(struct config *c, const char *path, struct dv_error *e)
{
	FILE *f;
	enum dv_err ret;

	f = fopen(path, "r");
	if (!f)
		return dv_fail(e, DV_ECONFIG, "cannot read configuration file '%s': %s", path,
		               strerror(errno));
	ret = config_load_stream(c, f, path, e);
	fclose(f);
	return ret;
}

enum dv_err config_load_stream(struct config *c, FILE *f, const char *path, struct dv_error *e)
{
	char line[4096], where[600];
	unsigned lineno = 0;
	enum dv_err ret = DV_OK;

	while (fgets(line, sizeof(line), f)) {
		char *s, *eq, *key, *value;
		const struct cfg_entry *ent;
		size_t len = strlen(line);

		lineno++;
		snprintf(where, sizeof(where), "%s:%u: ", path, lineno);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n' && !feof(f)) {
			ret = dv_fail(e, DV_ECONFIG, "%sline is too long", where);
			goto cleanup;
		}
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			ret = dv_fail(e, DV_ECONFIG, "%sexpected 'key = value'", where);
			goto cleanup;
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		/* Values may be quoted to keep leading or trailing spaces, or to be empty. */
		len = strlen(value);
		if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
			value[len - 1] = '\0';
			value++;
		}
		ent = find(key);
		if (!ent) {
			ret = dv_fail(e, DV_ECONFIG, "%sunknown key '%s'", where, key);
			goto cleanup;
		}
		ret = set_entry(c, ent, value, where, DV_ECONFIG, e);
		if (ret != DV_OK)
			goto cleanup;
	}
	if (ferror(f))
		ret = dv_fail(e, DV_ECONFIG, "cannot read configuration file '%s': %s", path,
		              strerror(errno));
cleanup:
	return ret;
}

enum dv_err config_load_env(struct config *c, struct dv_error *e)
{
	size_t i;
	char where[64];

	for (i = 0; i < NENTRIES; i++) {
		const char *v = getenv(table[i].env);

		if (!v)
			continue;
		snprintf(where, sizeof(where), "%s: ", table[i].env);
		if (set_entry(c, &table[i], v, where, DV_ECONFIG, e) != DV_OK)
			return DV_ECONFIG;
	}
	return DV_OK;
}

void config_print_help(FILE *out)
{
	size_t i;

	for (i = 0; i < NENTRIES; i++) {
		const struct cfg_entry *t = &table[i];
		char flag[64];

		snprintf(flag, sizeof(flag), "--%s %s", t->name, t->arg);
		fprintf(out, "  %-28s %s\n", flag, t->help);
		fprintf(out, "  %-28s env %s, default '%s'", "", t->env, t->def);
		if (t->type != CFG_STRING)
			fprintf(out, ", %" PRId64 "..%" PRId64, t->min, t->max);
		fputc('\n', out);
	}
}

bool config_parse_listen(const char *s, char *host, size_t hostlen, unsigned *port)
{
	const char *colon, *h, *p;
	size_t hl;
	char *end;
	unsigned long v;

	if (!s || !*s)
		return false;
	if (s[0] == '[') { /* [IPv6]:PORT */
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return false;
		h = s + 1;
		hl = (size_t)(close - h);
		p = close + 2;
	} else {
		colon = strrchr(s, ':');
		if (!colon || memchr(s, ':', (size_t)(colon - s)))
			return false;
		h = s;
		hl = (size_t)(colon - s);
		p = colon + 1;
	}
	if (hl == 0 || hl >= hostlen)
		return false;
	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (*end || errno || v > 65535)
		return false;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (unsigned)v;
	return true;
}
