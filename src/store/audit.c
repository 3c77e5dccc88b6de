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
	return DV_OK;
}

enum dv_err audit_verify(struct db *db, int64_t *bad_id, int64_t *checked, struct dv_error *e)
{
	char expect_prev[HASH_HEX + 1], hash[HASH_HEX + 1];
	struct db_stmt *st = db_prepare(db, sql_walk);
	int64_t n = 0;
	enum db_step rc;

	*bad_id = 0;
	if (checked)
		*checked = 0;
	if (!st)
		return db_fail(db, e, "reading the audit chain");
	memcpy(expect_prev, genesis, sizeof(expect_prev));
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		const char *stored = db_col_text(st, 9);
		struct record r;

		n++;
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
			*bad_id = id;
			if (checked)
				*checked = n;
			return dv_fail(e, DV_ECONFLICT,
				       "audit record %lld does not link to the record before it: "
				       "a record was removed or altered",
				       (long long)id);
		}
		record_hash(&r, hash);
		if (!stored || strcmp(stored, hash)) {
			db_reset(st);
			*bad_id = id;
			if (checked)
				*checked = n;
			return dv_fail(e, DV_ECONFLICT,
				       "audit record %lld does not match its hash: it was altered",
				       (long long)id);
		}
		memcpy(expect_prev, hash, sizeof(expect_prev));
	}
	if (checked)
		*checked = n;
	if (rc == DB_ERROR)
		return db_fail(db, e, "reading the audit chain");
	return DV_OK;
}
