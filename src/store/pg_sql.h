/* pg_sql.h: the SQL text the PostgreSQL driver prepares (pure; tested without a server). */
#ifndef DV_STORE_PG_SQL_H
#define DV_STORE_PG_SQL_H

/*
 * Rewrite `?` placeholders as $1, $2, ... outside quoted strings, identifiers and comments,
 * and fence every "OR EXISTS (...)" subquery with OFFSET 0 (see pg_sql.c). Returns the
 * malloc'd text and the parameter count, or NULL when out of memory.
 */
char *pg_translate(const char *sql, int *nparams);

#endif
