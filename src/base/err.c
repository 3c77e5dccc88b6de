/* err.c: strerror and names for the project-wide error enum. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *text;
} err_table[DV_ERR__COUNT] = {
	[DV_OK] = { "ok", "success" },
	[DV_ENOMEM] = { "out-of-memory", "out of memory" },
	[DV_EINVAL] = { "invalid-input", "invalid input" },
	[DV_ENOTFOUND] = { "not-found", "not found" },
	[DV_EEXIST] = { "already-exists", "already exists" },
	[DV_EPERM] = { "forbidden", "not permitted" },
	[DV_EDB] = { "database-error", "database error" },
	[DV_EBUSY] = { "busy", "resource busy" },
	[DV_EIO] = { "io-error", "input/output error" },
	[DV_ECONFLICT] = { "conflict", "conflicting state" },
	[DV_ESCHEMA] = { "schema-mismatch", "database schema mismatch" },
	[DV_EAUTH] = { "unauthorized", "authentication required or failed" },
	[DV_ELIMIT] = { "limit-exceeded", "limit exceeded" },
	[DV_EUNAVAIL] = { "unavailable", "service unavailable" },
	[DV_ECONFIG] = { "bad-config", "invalid configuration" },
};

const char *dv_strerror(enum dv_err code)
{
	if ((unsigned)code >= DV_ERR__COUNT)
		return "unknown error";
	return err_table[code].text;
}

const char *dv_err_name(enum dv_err code)
{
	if ((unsigned)code >= DV_ERR__COUNT)
		return "unknown";
	return err_table[code].name;
}

enum dv_err dv_fail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code != DV_OK)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
	return code;
}

enum dv_err dv_refail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
	return code;
}

void dv_error_clear(struct dv_error *e)
{
	if (!e)
		return;
	e->code = DV_OK;
	e->detail[0] = '\0';
}
