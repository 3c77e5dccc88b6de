/* audit.c: the append-only audit log, each record's SHA-256 chained to the previous one. */
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/date.h"

#include "base/banned.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2)
#define MAX_FIELD 200
#define MAX_DETAIL 2000

static const char genesis[HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char sql_last[] = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char sql_insert[] =
	"INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, object_id, detail,"
	" prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_walk[] =
	"SELECT id, at, actor_user_id, actor, action, object_type, object_id, detail, prev_hash,"
	" hash FROM audit_log ORDER BY id";
static const char sql_count[] = "SELECT count(*) FROM audit_log";
/* Run once at the commit of a transaction that appended (db_precommit): the chain's head. */
static const char sql_head_set[] =
	"INSERT INTO setting (key, value)"
	" SELECT 'audit_head', CAST(id AS TEXT) || ' ' || hash FROM audit_log"
	" WHERE id = (SELECT max(id) FROM audit_log)"
	" ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_head_get[] = "SELECT value FROM setting WHERE key = 'audit_head'";

/* The fields a record's hash covers, in hashing order. */
struct record {
	const char *prev_hash;
	int64_t at;
	int64_t actor_user_id; /* 0 = none (NULL) */
	const char *actor, *action, *object_type, *object_id, *detail;
};

/* Each field goes in as an 8-byte big-endian length then its bytes: boundaries cannot shift. */
static void hash_field(crypto_hash_sha256_state *h, const char *s, size_t len)
{
	unsigned char prefix[8];
	int i;

	for (i = 0; i < 8; i++)
		prefix[i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
	crypto_hash_sha256_update(h, prefix, sizeof(prefix));
	crypto_hash_sha256_update(h, (const unsigned char *)s, len);
}

static void hash_str(crypto_hash_sha256_state *h, const char *s)
{
	hash_field(h, s ? s : "", s ? strlen(s) : 0);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%" PRId64, v);

	hash_field(h, buf, (size_t)n);
}

static void record_hash(const struct record *r, char out[HASH_HEX + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	hash_str(&h, "danvan-audit-v1");
	hash_str(&h, r->prev_hash);
	hash_int(&h, r->at);
	if (r->actor_user_id)
		hash_int(&h, r->actor_user_id);
	else
		hash_str(&h, ""); /* NULL: an empty field, which no number produces */
	hash_str(&h, r->actor);
	hash_str(&h, r->action);
	hash_str(&h, r->object_type);
	hash_str(&h, r->object_id);
	hash_str(&h, r->detail);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, HASH_HEX + 1, digest, sizeof(digest));
}

static enum dv_err check_field(const char *what, const char *s, size_t max, bool required,
			       struct dv_error *e)
{
	size_t len = s ? strlen(s) : 0;

	if (required && !len)
		return dv_fail(e, DV_EINVAL, "audit record: %s is empty", what);
	if (len > max)
		return dv_fail(e, DV_EINVAL, "audit record: %s is longer than %zu bytes", what, max);
	return DV_OK;
}

enum dv_err audit_append(struct db *db, const struct scope *sc, const char *actor,
			 const char *action, const char *object_type, const char *object_id,
			 const char *detail, struct dv_error *e)
{
	char prev[HASH_HEX + 1], hash[HASH_HEX + 1];
	struct record r;
	struct db_stmt *st;
	enum db_step rc;
	enum dv_err ret;

	if (!db_in_tx(db))
		return dv_fail(e, DV_EDB, "appending audit record '%s': needs a write transaction",
			       action ? action : "");
	if (!actor || !*actor)
		actor = sc->system ? "system" : "anonymous";
	ret = check_field("actor", actor, MAX_FIELD, true, e);
	if (!ret)
		ret = check_field("action", action, MAX_FIELD, true, e);
	if (!ret)
		ret = check_field("object type", object_type, MAX_FIELD, true, e);
	if (!ret)
		ret = check_field("object id", object_id, MAX_FIELD, false, e);
	if (!ret)
		ret = check_field("detail", detail, MAX_DETAIL, false, e);
	if (ret)
		return ret;

	/* The caller holds the write lock, so the last hash cannot change under us. */
	st = db_prepare(db, sql_last);
	if (!st)
		return db_fail(db, e, "reading the audit chain");
	rc = db_step(st);
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading the audit chain");
	if (rc == DB_ROW) {
		const char *last = db_col_text(st, 0);

		snprintf(prev, sizeof(prev), "%s", last ? last : "");
		db_reset(st);
	} else {
		memcpy(prev, genesis, sizeof(prev));
	}

	r.prev_hash = prev;
	r.at = time_now();
	r.actor_user_id = sc->user_id > 0 ? sc->user_id : 0;
	r.actor = actor;
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id ? object_id : "";
	r.detail = detail ? detail : "";
	record_hash(&r, hash);

	st = db_prepare(db, sql_insert);
	if (!st || db_bind_int64(st, 1, r.at) ||
	    (r.actor_user_id ? db_bind_int64(st, 2, r.actor_user_id) : db_bind_null(st, 2)) ||
	    db_bind_text(st, 3, r.actor) || db_bind_text(st, 4, r.action) ||
	    db_bind_text(st, 5, r.object_type) || db_bind_text(st, 6, r.object_id) ||
	    db_bind_text(st, 7, r.detail) || db_bind_text(st, 8, prev) ||
	    db_bind_text(st, 9, hash) || db_step(st) != DB_DONE)
		return db_fail(db, e, "appending audit record");
	if (db_precommit(db, sql_head_set))
		return dv_fail(e, DV_EDB, "recording the audit chain's head: too many commit steps");
	return DV_OK;
}

/* The head recorded at the last commit: *found false when there is none. */
static enum dv_err head_read(struct db *db, int64_t *id, char hash[HASH_HEX + 1], bool *found,
			     struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_head_get);
	char h[HASH_HEX + 2] = "";
	const char *v;
	enum db_step rc;
	long long n = 0;
	int used = 0;
	bool ok;

	*found = false;
	*id = 0;
	hash[0] = '\0';
	if (!st || (rc = db_step(st)) == DB_ERROR)
		return db_fail(db, e, "reading the audit chain's head");
	if (rc != DB_ROW)
		return DV_OK;
	/* "ID HASH": anything else is an altered head */
	v = db_col_text(st, 0);
	ok = v && sscanf(v, "%lld %65s%n", &n, h, &used) == 2 && !v[used] && n > 0 &&
	     strlen(h) == HASH_HEX;
	db_reset(st);
	if (!ok)
		return dv_fail(e, DV_ECONFLICT, "the audit chain's head (setting 'audit_head') is "
						"not 'ID HASH': it was altered");
	memcpy(hash, h, HASH_HEX + 1);
	*id = n;
	*found = true;
	return DV_OK;
}

static enum dv_err count_records(struct db *db, int64_t *n, struct dv_error *e)
{
	struct db_stmt *st = db_prepare(db, sql_count);

	*n = 0;
	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "counting the audit records");
	*n = db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

/* After the walk: the last record must be the head the last commit recorded. */
static enum dv_err head_check(struct audit_verify *v, bool head, int64_t head_id,
			      const char *head_hash, struct dv_error *e)
{
	if (!head && v->checked) {
		v->bad_id = v->last_id;
		return dv_fail(e, DV_ECONFLICT,
			       "the audit chain's head is not recorded (setting 'audit_head' was "
			       "removed): records at the end may be missing after record %lld",
			       (long long)v->last_id);
	}
	if (head && head_id > v->last_id) {
		v->bad_id = head_id;
		return dv_fail(e, DV_ECONFLICT,
			       "audit records after %lld are missing: the last record written was %lld",
			       (long long)v->last_id, (long long)head_id);
	}
	if (head && (head_id != v->last_id || strcmp(head_hash, v->last_hash))) {
		v->bad_id = v->last_id;
		return dv_fail(e, DV_ECONFLICT,
			       "audit record %lld is not the head recorded at the last commit "
			       "(record %lld): records were added or altered outside danvan",
			       (long long)v->last_id, (long long)head_id);
	}
	return DV_OK;
}

enum dv_err audit_verify(struct db *db, struct audit_verify *v, struct dv_error *e)
{
	char expect_prev[HASH_HEX + 1], hash[HASH_HEX + 1], head_hash[HASH_HEX + 1];
	struct db_stmt *st;
	int64_t total = 0, head_id = 0;
	bool head = false;
	enum db_step rc;
	enum dv_err ret;

	v->bad_id = 0;
	v->checked = 0;
	v->last_id = 0;
	v->last_hash[0] = '\0';
	v->anchor_found = false;
	if ((ret = head_read(db, &head_id, head_hash, &head, e)) ||
	    (v->progress && (ret = count_records(db, &total, e))))
		return ret;
	st = db_prepare(db, sql_walk);
	if (!st)
		return db_fail(db, e, "reading the audit chain");
	memcpy(expect_prev, genesis, sizeof(expect_prev));
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		const char *stored = db_col_text(st, 9);
		struct record r;

		v->checked++;
		r.prev_hash = db_col_text(st, 8);
		r.at = db_col_int64(st, 1);
		r.actor_user_id = db_col_is_null(st, 2) ? 0 : db_col_int64(st, 2);
		r.actor = db_col_text(st, 3);
		r.action = db_col_text(st, 4);
		r.object_type = db_col_text(st, 5);
		r.object_id = db_col_text(st, 6);
		r.detail = db_col_text(st, 7);
		if (!r.prev_hash || strcmp(r.prev_hash, expect_prev)) {
			db_reset(st);
			v->bad_id = id;
			return dv_fail(e, DV_ECONFLICT,
				       "audit record %lld does not link to the record before it "
				       "(%lld): a record was removed or altered",
				       (long long)id, (long long)v->last_id);
		}
		record_hash(&r, hash);
		if (!stored || strcmp(stored, hash)) {
			db_reset(st);
			v->bad_id = id;
			return dv_fail(e, DV_ECONFLICT,
				       "audit record %lld does not match its hash: it was altered",
				       (long long)id);
		}
		if (v->anchor && !strcmp(v->anchor, hash))
			v->anchor_found = true;
		memcpy(expect_prev, hash, sizeof(expect_prev));
		memcpy(v->last_hash, hash, sizeof(hash));
		v->last_id = id;
		if (v->progress && v->checked % 65536 == 0)
			v->progress("audit records", (size_t)v->checked, (size_t)total, v->arg);
	}
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading the audit chain");
	if (v->progress)
		v->progress("audit records", (size_t)v->checked, (size_t)v->checked, v->arg);
	return head_check(v, head, head_id, head_hash, e);
}
