/* migrate.c: apply the numbered SQL migrations embedded in the binary, in order, recorded. */
#include "store/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/embed.h"
#include "base/strbuf.h"

#include "base/banned.h"

static const char sql_create_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at BIGINT NOT NULL)";
static const char sql_table_exists_sqlite[] =
	"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
static const char sql_table_exists_pg[] =
	"SELECT COUNT(*) FROM information_schema.tables"
	" WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
static const char sql_max_version[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char sql_record[] =
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

/* The number of a migration named "NNNN_name.sql"; -1 when the name is malformed. */
static int migration_number(const char *name)
{
	int n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	if (name[4] != '_' || n == 0)
		return -1;
	return n;
}

int migrate_latest(void)
{
	int latest = 0;
	size_t i;

	for (i = 0; embedded_migrations[i].name; i++) {
		int n = migration_number(embedded_migrations[i].name);

		if (n > latest)
			latest = n;
	}
	return latest;
}

enum dv_err migrate_current(struct db *db, int *version, struct dv_error *e)
{
	const char *sql = db_engine(db) == DB_POSTGRES ? sql_table_exists_pg
						       : sql_table_exists_sqlite;
	struct db_stmt *st;
	int64_t exists;

	*version = 0;
	st = db_prepare(db, sql);
	if (!st)
		return db_fail(db, e, "reading the schema version");
	if (db_step(st) != DB_ROW)
		return db_fail(db, e, "reading the schema version");
	exists = db_col_int64(st, 0);
	db_reset(st);
	if (!exists)
		return DV_OK;

	st = db_prepare(db, sql_max_version);
	if (!st || db_step(st) != DB_ROW)
		return db_fail(db, e, "reading the schema version");
	*version = (int)db_col_int64(st, 0);
	db_reset(st);
	return DV_OK;
}

static enum dv_err too_new(int current, struct dv_error *e)
{
	return dv_fail(e, DV_ESCHEMA,
		       "database schema is version %d but this danvan knows only up to %d: "
		       "upgrade danvan",
		       current, migrate_latest());
}

static enum dv_err apply_one(struct db *db, const struct embedded_file *m, int version,
			     struct dv_error *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *st;
	enum dv_err ret;

	ret = db_begin(db, DB_TX_WRITE, e);
	if (ret)
		return ret;
	if (db_dialect(db, &sql, m->data)) {
		ret = dv_fail(e, DV_ENOMEM, "migration '%s': out of memory", m->name);
		goto cleanup;
	}
	ret = db_exec(db, sql.buf, NULL);
	if (ret) {
		ret = dv_fail(e, db_errcode(db), "applying migration '%s': %s", m->name,
			      db_errmsg(db));
		goto cleanup;
	}
	st = db_prepare(db, sql_record);
	if (!st || db_bind_int64(st, 1, version) || db_bind_text(st, 2, m->name) ||
	    db_bind_int64(st, 3, time_now()) || db_step(st) != DB_DONE) {
		ret = db_fail(db, e, "recording migration");
		goto cleanup;
	}
	ret = db_commit(db, e);

cleanup:
	if (ret && db_in_tx(db))
		db_rollback(db);
	strbuf_release(&sql);
	return ret;
}

enum dv_err migrate_run(struct db *db, void (*progress)(int version, const char *name, void *arg),
			void *arg, struct dv_error *e)
{
	int current = 0, latest = migrate_latest(), previous = 0;
	enum dv_err ret;
	size_t i;

	ret = db_exec(db, sql_create_table, NULL);
	if (ret)
		return db_fail(db, e, "creating table 'schema_migrations'");
	ret = migrate_current(db, &current, e);
	if (ret)
		return ret;
	if (current > latest)
		return too_new(current, e);

	for (i = 0; embedded_migrations[i].name; i++) {
		const struct embedded_file *m = &embedded_migrations[i];
		int n = migration_number(m->name);

		if (n <= previous)
			return dv_fail(e, DV_ESCHEMA,
				       "embedded migration '%s' is misnamed or out of order", m->name);
		previous = n;
		if (n <= current)
			continue;
		if (progress)
			progress(n, m->name, arg);
		ret = apply_one(db, m, n, e);
		if (ret)
			return ret;
	}
	return DV_OK;
}

enum dv_err migrate_check(struct db *db, struct dv_error *e)
{
	int current = 0, latest = migrate_latest();
	enum dv_err ret;

	ret = migrate_current(db, &current, e);
	if (ret)
		return ret;
	if (current > latest)
		return too_new(current, e);
	if (current == 0)
		return dv_fail(e, DV_ESCHEMA,
			       "database has no danvan schema: run 'danvan init' or 'danvan migrate'");
	if (current < latest)
		return dv_fail(e, DV_ESCHEMA,
			       "database schema is version %d but this danvan needs %d: "
			       "run 'danvan migrate'",
			       current, latest);
	return DV_OK;
}
