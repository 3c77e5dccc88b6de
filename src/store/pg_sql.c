/* pg_sql.c: the SQL text the PostgreSQL driver prepares, from the text the repositories write. */
#include "store/pg_sql.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/strbuf.h"

#include "base/banned.h"

/*
 * "OR EXISTS (subquery)": the scope checks ("? = 1 OR EXISTS (...)"). PostgreSQL cannot turn
 * an EXISTS under OR into a join, so it runs it as a subplan, and may run it "hashed": the
 * whole subquery once, then a lookup per row. A generic plan (a prepared statement's, after
 * five runs) guesses the subquery's size without the unit it is for: a handful of rows for
 * any unit, but 21,555 areas under the national unit. An administrator's read of one area
 * then hashed them all (8 ms instead of 0.15) once ANALYZE had given the planner its
 * averages. OFFSET 0 keeps such a subquery a plain correlated lookup (PostgreSQL does not
 * hash or flatten a subquery with OFFSET), as SQLite runs it. True when `p` starts one; `*skip`
 * gets the length up to and including its '('.
 */
static bool or_exists_at(const char *sql, const char *p, size_t *skip)
{
	const char *q = p + 2;

	if (strncmp(p, "OR", 2) || (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
		return false;
	if (!isspace((unsigned char)*q))
		return false;
	while (isspace((unsigned char)*q))
		q++;
	if (strncmp(q, "EXISTS", 6))
		return false;
	q += 6;
	while (isspace((unsigned char)*q))
		q++;
	if (*q != '(')
		return false;
	*skip = (size_t)(q - p) + 1;
	return true;
}

char *pg_translate(const char *sql, int *nparams)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int n = 0, depth = 0, fences[32], nfences = 0;
	size_t skip;

	for (p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			strbuf_addch(&sb, *p);
			for (p++; *p; p++) {
				strbuf_addch(&sb, *p);
				if (*p == q) {
					if (p[1] == q) { /* doubled quote inside the literal */
						strbuf_addch(&sb, *++p);
						continue;
					}
					break;
				}
			}
			if (!*p)
				break;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				strbuf_addch(&sb, *p++);
			if (!*p)
				break;
			strbuf_addch(&sb, *p);
		} else if (*p == '?') {
			strbuf_addf(&sb, "$%d", ++n);
		} else if (nfences < 32 && or_exists_at(sql, p, &skip)) {
			strbuf_add(&sb, p, skip);
			p += skip - 1;
			fences[nfences++] = ++depth;
		} else if (*p == '(') {
			depth++;
			strbuf_addch(&sb, *p);
		} else if (*p == ')') {
			if (nfences && fences[nfences - 1] == depth) {
				strbuf_addstr(&sb, " OFFSET 0");
				nfences--;
			}
			depth--;
			strbuf_addch(&sb, *p);
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	*nparams = n;
	return strbuf_detach(&sb, NULL);
}
