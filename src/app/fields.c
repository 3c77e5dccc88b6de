/* fields.c: the field checks every use case shares: numbers, dates, areas and units typed as
 * text, each error naming its field; the audit record of a use case; image types. */
#include "app/fields.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/area.h"
#include "store/audit.h"
#include "store/unit.h"

#include "base/banned.h"

bool app_blank(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

/* Copy without surrounding blanks into buf (NUL-terminated); false when too long. */
bool app_trimmed(const char *s, char *buf, size_t cap)
{
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	if (len >= cap)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

enum dv_err app_field_id(const char *field, const char *s, bool required, int64_t *out,
			    struct dv_error *e)
{
	char buf[24], *end;
	long long v;

	*out = 0;
	if (app_blank(s))
		return required ? dv_fail(e, DV_EINVAL, "field '%s' is required", field) : DV_OK;
	if (!app_trimmed(s, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field '%s' must be a number", field);
	v = strtoll(buf, &end, 10);
	if (*end || end == buf || v <= 0)
		return dv_fail(e, DV_EINVAL, "field '%s' must be a positive whole number, not '%s'",
			       field, buf);
	*out = v;
	return DV_OK;
}

/*
 * A whole number: digits, optionally grouped by thousands with '.', ',' or spaces as written
 * in Vietnam ("1.500.000") or in English ("1,500,000"). Empty is 0.
 */
enum dv_err app_field_count(const char *field, const char *s, int64_t max, int64_t *out,
			       struct dv_error *e)
{
	char buf[40];
	int64_t v = 0;
	size_t i, group = 0, digits = 0;
	char sep = 0;
	bool grouped = false;

	*out = 0;
	if (app_blank(s))
		return DV_OK;
	if (!app_trimmed(s, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field '%s' is too long for a number", field);
	for (i = 0; buf[i]; i++) {
		char c = buf[i];

		if (c >= '0' && c <= '9') {
			if (v > (INT64_MAX - 9) / 10)
				return dv_fail(e, DV_EINVAL, "field '%s' is too large", field);
			v = v * 10 + (c - '0');
			digits++;
			group++;
			continue;
		}
		if ((c == '.' || c == ',' || c == ' ') && digits && (!sep || c == sep) &&
		    (grouped ? group == 3 : group <= 3)) {
			sep = c;
			grouped = true;
			group = 0;
			continue;
		}
		return dv_fail(e, DV_EINVAL, "field '%s' must be a whole number, not '%s'", field,
			       buf);
	}
	if (!digits || (grouped && group != 3))
		return dv_fail(e, DV_EINVAL, "field '%s' must be a whole number, not '%s'", field,
			       buf);
	if (v > max)
		return dv_fail(e, DV_EINVAL, "field '%s' must be at most %lld", field, (long long)max);
	*out = v;
	return DV_OK;
}

/* A decimal number, '.' or ',' as the decimal mark; empty is 0. */
enum dv_err app_field_decimal(const char *field, const char *s, double max, double *out,
				 struct dv_error *e)
{
	char buf[40], *end, *p;
	double v;

	*out = 0;
	if (app_blank(s))
		return DV_OK;
	if (!app_trimmed(s, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field '%s' is too long for a number", field);
	if (buf[0] == '-' && buf[1] >= '0' && buf[1] <= '9')
		return dv_fail(e, DV_EINVAL, "field '%s' must be between 0 and %g, not %s", field,
			       max, buf);
	for (p = buf; *p; p++) {
		if (*p == ',')
			*p = '.';
		else if (!(*p >= '0' && *p <= '9') && *p != '.')
			return dv_fail(e, DV_EINVAL, "field '%s' must be a number, not '%s'", field, buf);
	}
	v = strtod(buf, &end);
	if (*end || end == buf || !isfinite(v) || v < 0)
		return dv_fail(e, DV_EINVAL, "field '%s' must be a number, not '%s'", field, buf);
	if (v > max)
		return dv_fail(e, DV_EINVAL, "field '%s' must be at most %g", field, max);
	*out = v;
	return DV_OK;
}

/* YYYY-MM-DD or DD/MM/YYYY (as written in Vietnam). */
enum dv_err app_field_day(const char *field, const char *s, bool required, dv_date *out,
			     struct dv_error *e)
{
	char buf[16];
	int d, m, y, n = 0;

	*out = 0;
	if (app_blank(s))
		return required ? dv_fail(e, DV_EINVAL, "field '%s' is required", field) : DV_OK;
	if (!app_trimmed(s, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field '%s' must be a date like 2026-12-01", field);
	if (date_parse(buf, out))
		return DV_OK;
	if (sscanf(buf, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && !buf[n] && y >= 1900 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		dv_date v = date_from_ymd(y, m, d);
		int yy, mm, dd;

		date_to_ymd(v, &yy, &mm, &dd);
		if (yy == y && mm == m && dd == d) {
			*out = v;
			return DV_OK;
		}
	}
	return dv_fail(e, DV_EINVAL, "field '%s' must be a date like 2026-12-01, not '%s'", field,
		       buf);
}

enum dv_err app_audit(struct db *db, const struct scope *sc, const char *actor,
			      const char *action, const char *type, int64_t id, const char *detail,
			      struct dv_error *e)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)id);
	return audit_append(db, sc, actor ? actor : "-", action, type, buf, detail ? detail : "", e);
}

/* The image type from the first bytes; NULL when not one we keep. */
const char *app_image_type(const unsigned char *p, size_t len)
{
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (len >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return "image/webp";
	return NULL;
}

enum dv_err app_field_area(struct db *db, const char *field, const char *code, struct arena *a,
			   int64_t *id, int *level, struct dv_error *e)
{
	struct scope sys = scope_system();
	struct area ar;
	char buf[16];
	enum dv_err ret;

	*id = 0;
	if (app_blank(code))
		return dv_fail(e, DV_EINVAL, "field '%s' is required", field);
	if (!app_trimmed(code, buf, sizeof(buf)))
		return dv_fail(e, DV_EINVAL, "field '%s': no area with code '%.20s'", field, code);
	ret = area_get(db, &sys, buf, a, &ar, e);
	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EINVAL, "field '%s': no area with code '%s'", field, buf);
	if (ret)
		return ret;
	if (ar.valid_to)
		return dv_fail(e, DV_EINVAL, "field '%s': area '%s' no longer exists (since %s)",
			       field, buf, ar.valid_to);
	*id = ar.id;
	if (level)
		*level = ar.level;
	return DV_OK;
}

enum dv_err app_field_unit(struct db *db, const struct scope *sc, const char *field,
			   const char *text, struct arena *a, struct unit *out, struct dv_error *e)
{
	struct scope sys = scope_system();
	int64_t id;
	enum dv_err ret = app_field_id(field, text, true, &id, e);

	if (ret)
		return ret;
	ret = unit_get(db, sc ? sc : &sys, id, a, out, e);
	if (ret == DV_ENOTFOUND)
		return dv_refail(e, DV_EINVAL,
				 sc ? "field '%s': unit #%lld is not in your unit's subtree"
				    : "field '%s': no unit #%lld",
				 field, (long long)id);
	if (ret)
		return ret;
	if (!out->active)
		return dv_fail(e, DV_EINVAL, "field '%s': unit #%lld is disabled", field,
			       (long long)id);
	return DV_OK;
}

enum dv_err app_unit_level(struct db *db, const struct unit *u, struct arena *a, int *level,
			   struct dv_error *e)
{
	struct scope sys = scope_system();
	struct area ar;
	enum dv_err ret = area_get(db, &sys, u->home_area_code, a, &ar, e);

	if (!ret)
		*level = ar.level;
	return ret;
}
