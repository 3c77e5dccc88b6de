/* db_pg.c: the PostgreSQL driver of db.h over libpq: placeholders translated once, statements
 * prepared per connection and reused, writers serialised by an advisory lock, reconnection. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/db_driver.h"
#include "store/pg_sql.h"

#include "base/banned.h"

/*
 * Writers take a transaction-scoped advisory lock (key 7263686972) first, so write transactions run one at a
 * time across every process on the database, as they do in SQLite. Read-then-write use cases
 * (the audit chain reads the last hash, then appends) stay correct without retry loops.
 */
struct pg_param {
	const char *val;   /* points at num, heap or the caller's blob copy */
	char *heap;        /* owned copy of text or blob */
	char num[32];
	int len;
	int fmt;           /* 0 text, 1 binary */
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	const char *key;       /* the caller's SQL pointer */
	char *sql;             /* the caller's text, to detect a reused buffer */
	char *text;            /* translated: $1, $2, ... */
	char name[24];
	bool prepared;         /* on the current server connection */
	int nparams;
	struct pg_param *params;
	PGresult *res;
	int row, nrows;
	unsigned char *blob;   /* last unescaped bytea column */
};

struct pg_db {
	struct db base;
	PGconn *conn;
	char *url;
	char *safe_url;        /* the URL without its password, for messages */
	bool in_tx;
	bool virtual_tx;       /* a read "transaction" that sent nothing: see pg_begin */
	int64_t changes;
	char sqlstate[6];
	char errbuf[512];
	struct pg_stmt **slots;
	size_t nslots, nused;
	unsigned next_name;
	unsigned generation;   /* bumped on reconnection */
};

static bool pg_accepts(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

/* "postgresql://user:secret@host/db" -> "postgresql://user@host/db" */
static char *without_password(const char *url)
{
	const char *scheme = strstr(url, "://"), *at, *colon;
	size_t n = strlen(url);
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	memcpy(out, url, n + 1);
	if (!scheme)
		return out;
	scheme += 3;
	at = strchr(scheme, '@');
	colon = strchr(scheme, ':');
	if (at && colon && colon < at) {
		size_t head = (size_t)(colon - url);

		memcpy(out + head, at, n - (size_t)(at - url) + 1);
	}
	return out;
}

static void set_error(struct pg_db *db, const char *state, const char *msg)
{
	size_t n;

	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
	snprintf(db->errbuf, sizeof(db->errbuf), "%s", msg && *msg ? msg : "unknown error");
	/* libpq's messages span lines ("...failed: ...\n\tIs the server running..."): one line */
	for (n = 0; db->errbuf[n]; n++)
		if (db->errbuf[n] == '\n' || db->errbuf[n] == '\t')
			db->errbuf[n] = ' ';
	n = strlen(db->errbuf);
	while (n && (db->errbuf[n - 1] == '\n' || db->errbuf[n - 1] == ' '))
		db->errbuf[--n] = '\0';
}

static void set_error_result(struct pg_db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (!msg || !*msg)
		msg = PQerrorMessage(db->conn);
	/* no SQLSTATE and a broken connection: the server went away */
	if ((!state || !*state) && PQstatus(db->conn) == CONNECTION_BAD)
		state = "08006";
	set_error(db, state, msg);
}

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum dv_err connect_check(struct pg_db *db, struct dv_error *e)
{
	if (PQstatus(db->conn) != CONNECTION_OK) {
		set_error(db, "08001", PQerrorMessage(db->conn));
		return dv_fail(e, DV_EUNAVAIL,
			       "cannot connect to PostgreSQL at '%s': %s: check that the server "
			       "runs and that the URL's host, port, user, password and database are "
			       "right",
			       db->safe_url, db->errbuf);
	}
	PQsetNoticeProcessor(db->conn, quiet_notices, NULL);
	return DV_OK;
}

static void stmt_clear_result(struct pg_stmt *st)
{
	if (st->res) {
		PQclear(st->res);
		st->res = NULL;
	}
	if (st->blob) {
		PQfreemem(st->blob);
		st->blob = NULL;
	}
	st->row = -1;
	st->nrows = 0;
}

static void stmt_clear_bindings(struct pg_stmt *st)
{
	int i;

	for (i = 0; i < st->nparams; i++) {
		free(st->params[i].heap);
		st->params[i].heap = NULL;
		st->params[i].val = NULL;
		st->params[i].len = 0;
		st->params[i].fmt = 0;
	}
}

static void stmt_free(struct pg_stmt *st)
{
	stmt_clear_result(st);
	stmt_clear_bindings(st);
	free(st->params);
	free(st->sql);
	free(st->text);
	free(st);
}

/* After a lost connection: reconnect, and forget what the old server had prepared. */
static bool reconnect(struct pg_db *db)
{
	size_t i;

	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK)
		return false;
	PQsetNoticeProcessor(db->conn, quiet_notices, NULL);
	for (i = 0; i < db->nslots; i++)
		if (db->slots[i])
			db->slots[i]->prepared = false;
	db->in_tx = false;
	db->generation++;
	return true;
}

static enum dv_err pg_open(struct db **out, const char *url, bool create, struct dv_error *e)
{
	struct pg_db *db = calloc(1, sizeof(*db));
	enum dv_err ret;

	(void)create; /* the database must exist: creating it is the DBA's job */
	*out = NULL;
	if (!db)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	db->base.drv = &db_pg_driver;
	db->url = strdup(url);
	db->safe_url = without_password(url);
	db->nslots = 64;
	db->slots = calloc(db->nslots, sizeof(*db->slots));
	if (!db->url || !db->safe_url || !db->slots) {
		free(db->slots);
		free(db->url);
		free(db->safe_url);
		free(db);
		return dv_fail(e, DV_ENOMEM, "out of memory");
	}
	{
		/*
		 * Defaults that the URL may override (it is expanded last): no GSSAPI encryption
		 * probe, which loads Kerberos on every connect (and crashed on a worker thread here);
		 * installations that use Kerberos say gssencmode=require in the URL.
		 */
		static const char *const keys[] = { "gssencmode", "application_name", "dbname", NULL };
		const char *vals[] = { "disable", "danvan", url, NULL };

		db->conn = PQconnectdbParams(keys, vals, 1);
	}
	if (!db->conn) {
		db_pg_driver.close(&db->base);
		return dv_fail(e, DV_ENOMEM, "out of memory");
	}
	ret = connect_check(db, e);
	if (ret) {
		db_pg_driver.close(&db->base);
		return ret;
	}
	*out = &db->base;
	return DV_OK;
}

static void pg_close(struct db *d)
{
	struct pg_db *db = (struct pg_db *)d;
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->nslots; i++)
		if (db->slots[i])
			stmt_free(db->slots[i]);
	free(db->slots);
	if (db->conn)
		PQfinish(db->conn);
	free(db->url);
	free(db->safe_url);
	free(db);
}

static size_t slot_of(const struct pg_db *db, const char *key)
{
	uintptr_t h = (uintptr_t)key;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (db->nslots - 1);
}

static bool grow_slots(struct pg_db *db)
{
	struct pg_stmt **old = db->slots;
	size_t oldn = db->nslots, i, j;

	db->slots = calloc(oldn * 2, sizeof(*db->slots));
	if (!db->slots) {
		db->slots = old;
		return false;
	}
	db->nslots = oldn * 2;
	for (i = 0; i < oldn; i++) {
		if (!old[i])
			continue;
		for (j = slot_of(db, old[i]->key); db->slots[j]; j = (j + 1) & (db->nslots - 1))
			;
		db->slots[j] = old[i];
	}
	free(old);
	return true;
}

static bool ensure_prepared(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	PGresult *res;

	if (st->prepared)
		return true;
	if (PQstatus(db->conn) != CONNECTION_OK && !reconnect(db)) {
		set_error(db, "08006", PQerrorMessage(db->conn));
		return false;
	}
	snprintf(st->name, sizeof(st->name), "dv%u_%u", db->generation, ++db->next_name);
	res = PQprepare(db->conn, st->name, st->text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_error_result(db, res);
		PQclear(res);
		return false;
	}
	PQclear(res);
	st->prepared = true;
	return true;
}

static struct db_stmt *pg_prepare(struct db *d, const char *sql)
{
	struct pg_db *db = (struct pg_db *)d;
	struct pg_stmt *st;
	size_t i;

	for (i = slot_of(db, sql); (st = db->slots[i]); i = (i + 1) & (db->nslots - 1))
		if (st->key == sql && !strcmp(st->sql, sql))
			break;
	if (!st) {
		if ((db->nused + 1) * 2 > db->nslots && !grow_slots(db)) {
			set_error(db, "53200", "out of memory");
			return NULL;
		}
		st = calloc(1, sizeof(*st));
		if (!st) {
			set_error(db, "53200", "out of memory");
			return NULL;
		}
		st->base.drv = &db_pg_driver;
		st->db = db;
		st->key = sql;
		st->sql = strdup(sql);
		st->text = pg_translate(sql, &st->nparams);
		st->params = calloc((size_t)st->nparams + 1, sizeof(*st->params));
		st->row = -1;
		if (!st->sql || !st->text || !st->params) {
			stmt_free(st);
			set_error(db, "53200", "out of memory");
			return NULL;
		}
		for (i = slot_of(db, sql); db->slots[i]; i = (i + 1) & (db->nslots - 1))
			;
		db->slots[i] = st;
		db->nused++;
	}
	stmt_clear_result(st);
	stmt_clear_bindings(st);
	if (!ensure_prepared(st))
		return NULL;
	return &st->base;
}

static struct pg_param *param(struct db_stmt *s, int idx)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (idx < 1 || idx > st->nparams) {
		set_error(st->db, "42P02", "parameter index out of range");
		return NULL;
	}
	free(st->params[idx - 1].heap);
	st->params[idx - 1].heap = NULL;
	st->params[idx - 1].fmt = 0;
	return &st->params[idx - 1];
}

static int pg_bind_int64(struct db_stmt *s, int idx, int64_t v)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return -1;
	p->len = snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	p->val = p->num;
	return 0;
}

static int pg_bind_double(struct db_stmt *s, int idx, double v)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return -1;
	p->len = snprintf(p->num, sizeof(p->num), "%.17g", v);
	p->val = p->num;
	return 0;
}

static int pg_bind_textn(struct db_stmt *s, int idx, const char *v, size_t len)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return -1;
	if (!v) {
		p->val = NULL;
		return 0;
	}
	p->heap = malloc(len + 1);
	if (!p->heap)
		return -1;
	memcpy(p->heap, v, len);
	p->heap[len] = '\0';
	p->val = p->heap;
	p->len = (int)len;
	return 0;
}

static int pg_bind_blob(struct db_stmt *s, int idx, const void *v, size_t len)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return -1;
	p->heap = malloc(len ? len : 1);
	if (!p->heap)
		return -1;
	if (len)
		memcpy(p->heap, v, len);
	p->val = p->heap;
	p->len = (int)len;
	p->fmt = 1;
	return 0;
}

static int pg_bind_null(struct db_stmt *s, int idx)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return -1;
	p->val = NULL;
	return 0;
}

/*
 * After a failed statement: true when the connection was lost, the statement only reads
 * (SELECT or WITH, no write transaction open) and a reconnection succeeded. A read "transaction"
 * stays open across the reconnection (it holds no server state).
 */
static bool retry_read(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	bool virtual_tx = db->virtual_tx, in_tx = db->in_tx;

	if (PQstatus(db->conn) != CONNECTION_BAD || (in_tx && !virtual_tx) ||
	    (strncasecmp(st->text, "SELECT", 6) && strncasecmp(st->text, "WITH", 4)))
		return false;
	if (!reconnect(db))
		return false;
	db->in_tx = in_tx;
	db->virtual_tx = virtual_tx;
	return true;
}

static enum db_step execute(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	const char *values[64], **vals = values;
	int lengths[64], formats[64], *lens = lengths, *fmts = formats, i;
	ExecStatusType status;
	enum db_step ret = DB_ERROR;

	if (!ensure_prepared(st))
		return DB_ERROR;
	if (st->nparams > 64) {
		vals = malloc(sizeof(*vals) * (size_t)st->nparams);
		lens = malloc(sizeof(*lens) * (size_t)st->nparams);
		fmts = malloc(sizeof(*fmts) * (size_t)st->nparams);
		if (!vals || !lens || !fmts) {
			set_error(db, "53200", "out of memory");
			goto out;
		}
	}
	for (i = 0; i < st->nparams; i++) {
		vals[i] = st->params[i].val;
		lens[i] = st->params[i].len;
		fmts[i] = st->params[i].fmt;
	}
	db->sqlstate[0] = '\0'; /* errcode() speaks of the last operation only */
	st->res = PQexecPrepared(db->conn, st->name, st->nparams, vals, lens, fmts, 0);
	status = PQresultStatus(st->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && retry_read(st)) {
		/* the server went away while this connection was idle: a read outside any write
		 * transaction is its own snapshot, so it runs again on a fresh connection */
		PQclear(st->res);
		st->res = NULL;
		if (!ensure_prepared(st))
			goto out;
		st->res = PQexecPrepared(db->conn, st->name, st->nparams, vals, lens, fmts, 0);
		status = PQresultStatus(st->res);
	}
	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		const char *n = PQcmdTuples(st->res);

		st->nrows = status == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		db->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		st->row = -1;
		ret = DB_DONE;
	} else {
		set_error_result(db, st->res);
		PQclear(st->res);
		st->res = NULL;
		/* a lost connection took the transaction with it */
		if (PQstatus(db->conn) == CONNECTION_BAD)
			db->in_tx = false;
	}
out:
	if (vals != values)
		free(vals);
	if (lens != lengths)
		free(lens);
	if (fmts != formats)
		free(fmts);
	return ret;
}

static enum db_step pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (!st->res && execute(st) == DB_ERROR)
		return DB_ERROR;
	if (st->blob) {
		PQfreemem(st->blob);
		st->blob = NULL;
	}
	if (++st->row < st->nrows)
		return DB_ROW;
	stmt_clear_result(st);
	return DB_DONE;
}

static void pg_reset(struct db_stmt *s)
{
	stmt_clear_result((struct pg_stmt *)s);
}

static const char *value(struct db_stmt *s, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int64(struct db_stmt *s, int col)
{
	const char *v = value(s, col);

	if (!v)
		return 0;
	/* booleans (EXISTS, comparisons) come back as t/f */
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *s, int col)
{
	const char *v = value(s, col);

	return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
	return value(s, col);
}

static const void *pg_col_blob(struct db_stmt *s, int col, size_t *len)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	const char *v = value(s, col);

	*len = 0;
	if (!v)
		return NULL;
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)v, len);
	return st->blob;
}

static bool pg_col_is_null(struct db_stmt *s, int col)
{
	return value(s, col) == NULL;
}

static int pg_col_count(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(struct db_stmt *s, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	return st->res ? PQfname(st->res, col) : NULL;
}

/* Type OIDs of the built-in types (pg_type.h is a server header, so they are spelt here). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
       OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

static enum db_type pg_col_type(struct db_stmt *s, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (!value(s, col))
		return DB_TYPE_NULL;
	switch (PQftype(st->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_TYPE_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_TYPE_REAL;
	case OID_BYTEA:
		return DB_TYPE_BLOB;
	default:
		return DB_TYPE_TEXT;
	}
}

static enum dv_err simple(struct pg_db *db, const char *sql, const char *what, struct dv_error *e)
{
	PGresult *res;
	ExecStatusType status;

	if (PQstatus(db->conn) != CONNECTION_OK && !db->in_tx && !reconnect(db)) {
		set_error(db, "08006", PQerrorMessage(db->conn));
		return dv_fail(e, DV_EUNAVAIL, "%s: the PostgreSQL server is unreachable: %s", what,
			       db->errbuf);
	}
	db->sqlstate[0] = '\0';
	res = PQexec(db->conn, sql);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		set_error_result(db, res);
		PQclear(res);
		return dv_fail(e, db_pg_driver.errcode(&db->base), "%s: %s", what, db->errbuf);
	}
	PQclear(res);
	return DV_OK;
}

static enum dv_err pg_begin(struct db *d, enum db_tx kind, struct dv_error *e)
{
	struct pg_db *db = (struct pg_db *)d;
	enum dv_err ret;

	if (db->in_tx)
		return dv_fail(e, DV_EDB, "a transaction is already open on this connection");
	/*
	 * A read "transaction" sends nothing: each statement runs in autocommit with its own
	 * READ COMMITTED snapshot. BEGIN and ROLLBACK would be two more round trips per page (half
	 * the cost of a typical request), and a page's few reads tolerate seeing a commit that
	 * lands between them, as they would on a read replica anyway.
	 */
	if (kind == DB_TX_READ) {
		db->in_tx = true;
		db->virtual_tx = true;
		return DV_OK;
	}
		ret = simple(db,
			     "BEGIN ISOLATION LEVEL READ COMMITTED; "
			     "SELECT pg_advisory_xact_lock(7263686972)",
			     "starting a write transaction", e);
	if (!ret)
		db->in_tx = true;
	return ret;
}

static enum dv_err pg_commit(struct db *d, struct dv_error *e)
{
	struct pg_db *db = (struct pg_db *)d;
	enum dv_err ret;

	if (!db->in_tx)
		return dv_fail(e, DV_EDB, "no transaction is open");
	if (db->virtual_tx) {
		db->in_tx = db->virtual_tx = false;
		return DV_OK;
	}
	ret = simple(db, "COMMIT", "committing", e);
	db->in_tx = false;
	return ret;
}

static void pg_rollback(struct db *d)
{
	struct pg_db *db = (struct pg_db *)d;
	PGresult *res;

	if (!db->in_tx)
		return;
	db->in_tx = false;
	if (db->virtual_tx) {
		db->virtual_tx = false;
		return;
	}
	if (PQstatus(db->conn) != CONNECTION_OK)
		return;
	res = PQexec(db->conn, "ROLLBACK");
	PQclear(res);
}

static bool pg_in_tx(const struct db *d)
{
	return ((const struct pg_db *)d)->in_tx;
}

static enum dv_err pg_exec(struct db *d, const char *sql, struct dv_error *e)
{
	return simple((struct pg_db *)d, sql, "running SQL", e);
}

static const char *pg_errmsg(struct db *d)
{
	struct pg_db *db = (struct pg_db *)d;

	return db->errbuf[0] ? db->errbuf : "no error";
}

static enum dv_err pg_errcode(struct db *d)
{
	const char *s = ((struct pg_db *)d)->sqlstate;

	if (!strcmp(s, "23505"))
		return DV_EEXIST;
	if (!strncmp(s, "23", 2))
		return DV_EINVAL;
	if (!strcmp(s, "40001") || !strcmp(s, "40P01") || !strcmp(s, "55P03"))
		return DV_EBUSY;
	if (!strncmp(s, "08", 2) || !strcmp(s, "57P01") || !strcmp(s, "57P02") ||
	    !strcmp(s, "57P03"))
		return DV_EUNAVAIL;
	if (!strcmp(s, "53200"))
		return DV_ENOMEM;
	return DV_EDB;
}

static int64_t pg_changes(struct db *d)
{
	return ((struct pg_db *)d)->changes;
}

static const char *pg_wal_path(const struct db *d)
{
	(void)d;
	return NULL;
}

static int pg_dialect(const struct db *d, struct strbuf *out, const char *sql)
{
	static const struct {
		const char *marker, *text;
	} map[] = {
		/* identity columns are the standard spelling; SERIAL is a legacy shorthand */
		{ "@ID@", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
		/* a sequence never gives a number twice anyway */
		{ "@ID_ONCE@", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
		{ "@BLOB@", "BYTEA" },
		{ "@REAL@", "DOUBLE PRECISION" },
	};
	const char *p = sql;
	size_t i;

	(void)d;
	while (*p) {
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (!strncmp(p, map[i].marker, strlen(map[i].marker)))
				break;
		if (i < sizeof(map) / sizeof(map[0])) {
			strbuf_addstr(out, map[i].text);
			p += strlen(map[i].marker);
		} else {
			strbuf_addch(out, *p++);
		}
	}
	return out->failed ? -1 : 0;
}

const struct db_driver db_pg_driver = {
	.name = "postgresql",
	.engine = DB_POSTGRES,
	.accepts = pg_accepts,
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_textn = pg_bind_textn,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.col_int64 = pg_col_int64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_is_null = pg_col_is_null,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
	.exec = pg_exec,
	.errmsg = pg_errmsg,
	.errcode = pg_errcode,
	.changes = pg_changes,
	.dialect = pg_dialect,
	.wal_path = pg_wal_path,
};
