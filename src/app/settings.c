/* settings.c: topics, routing rules and Open311 clients: one audited write transaction each. */
#include "app/settings.h"

#include <stdio.h>
#include <string.h>

#include "app/admin.h"
#include "app/auth.h"
#include "core/workflow.h"
#include "store/area.h"
#include "store/audit.h"

#include "base/banned.h"

/* Audit and commit what `ret` says succeeded; roll back otherwise. */
static enum dv_err finish(struct db *db, const struct scope *sc, const char *actor,
			  const char *action, const char *type, int64_t id, const char *detail,
			  enum dv_err ret, struct dv_error *e)
{
	char obj[24];

	snprintf(obj, sizeof(obj), "%lld", (long long)id);
	if (!ret)
		ret = audit_append(db, sc, actor, action, type, obj, detail ? detail : "", e);
	if (!ret)
		ret = db_commit(db, e);
	if (ret)
		db_rollback(db);
	return ret;
}

enum dv_err app_topic_save(struct app *app, struct db *db, const struct scope *sc,
			   const char *actor, const struct topic *t, int64_t *id,
			   struct dv_error *e)
{
	struct arena *a = arena_new();
	struct topic clean = *t;
	int64_t tid = t->id;
	enum dv_err ret;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	ret = app_clean_text("topic name", t->name, 100, true, a, &clean.name, e);
	if (!ret)
		ret = app_clean_text("English topic name", t->name_en, 100, true, a, &clean.name_en, e);
	if (!ret)
		ret = app_clean_text("topic description", t->description, 500, false, a,
				     &clean.description, e);
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (!ret) {
		ret = topic_save(db, sc, &clean, &tid, e);
		ret = finish(db, sc, actor, t->id ? "topic.update" : "topic.create", "topic", tid,
			     clean.code, ret, e);
	}
	if (!ret && id)
		*id = tid;
	arena_free(a);
	return ret;
}

enum dv_err app_routing_add(struct app *app, struct db *db, const struct scope *sc,
			    const char *actor, const char *area_code, const char *topic_code,
			    const char *kind, int64_t unit_id, int64_t *id, struct dv_error *e)
{
	struct arena *a = arena_new();
	struct routing_rule r;
	struct area ar;
	struct topic t;
	enum case_kind k;
	int64_t rid = 0;
	enum dv_err ret = DV_OK;

	(void)app;
	if (!a)
		return dv_fail(e, DV_ENOMEM, "out of memory");
	memset(&r, 0, sizeof(r));
	r.unit_id = unit_id;
	if (unit_id <= 0)
		ret = dv_fail(e, DV_EINVAL, "a routing rule needs the unit that handles the cases");
	if (!ret && kind && *kind) {
		if (!case_kind_parse(kind, &k))
			ret = dv_fail(e, DV_EINVAL, "case kind '%s' is unknown", kind);
		else
			r.kind = case_kind_name(k);
	}
	if (!ret)
		ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		goto cleanup;
	if (area_code && *area_code) {
		ret = area_get(db, sc, area_code, a, &ar, e);
		if (!ret) {
			r.area_id = ar.id;
			r.area_code = ar.code;
		}
	}
	if (!ret && topic_code && *topic_code) {
		ret = topic_get_by_code(db, topic_code, a, &t, e);
		if (!ret) {
			r.topic_id = t.id;
			r.topic_code = t.code;
		}
	}
	if (!ret)
		ret = routing_add(db, sc, &r, &rid, e);
	ret = finish(db, sc, actor, "routing.add", "routing_rule", rid, NULL, ret, e);
	if (!ret && id)
		*id = rid;
cleanup:
	arena_free(a);
	return ret;
}

enum dv_err app_routing_remove(struct app *app, struct db *db, const struct scope *sc,
			       const char *actor, int64_t id, struct dv_error *e)
{
	enum dv_err ret;

	(void)app;
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = routing_remove(db, sc, id, e);
	return finish(db, sc, actor, "routing.remove", "routing_rule", id, NULL, ret, e);
}

enum dv_err app_open311_client_add(struct app *app, struct db *db, const struct scope *sc,
				   const char *actor, const char *name, struct arena *a,
				   const char **key, int64_t *id, struct dv_error *e)
{
	char raw[AUTH_TOKEN_LEN + 1], hash[AUTH_TOKEN_HASH_LEN + 1];
	const char *clean = NULL;
	int64_t cid = 0;
	enum dv_err ret;

	(void)app;
	*key = NULL;
	ret = app_clean_text("client name", name, 100, true, a, &clean, e);
	if (ret)
		return ret;
	/* the key is shown once; only its hash is stored */
	auth_random_token(raw);
	auth_token_hash(raw, hash);
	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	ret = open311_client_add(db, sc, clean, hash, &cid, e);
	ret = finish(db, sc, actor, "open311.client.add", "open311_client", cid, clean, ret, e);
	if (ret)
		return ret;
	*key = arena_strdup(a, raw);
	if (id)
		*id = cid;
	return *key ? DV_OK : dv_fail(e, DV_ENOMEM, "out of memory");
}
