/* open311_parse.c: the readers of Open311 inputs (see open311_parse.h). */
#include "web/open311_parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

#include "base/banned.h"

bool o311_split_file(struct arena *a, const char *file, const char **name, enum o311_fmt *fmt)
{
	const char *dot = file ? strrchr(file, '.') : NULL;

	if (!dot || dot == file)
		return false;
	if (!strcmp(dot, ".json"))
		*fmt = O311_JSON;
	else if (!strcmp(dot, ".xml"))
		*fmt = O311_XML;
	else
		return false;
	*name = arena_strndup(a, file, (size_t)(dot - file));
	return *name != NULL;
}

bool o311_jurisdiction_ok(const char *j)
{
	return !j || !*j || !strcmp(j, O311_JURISDICTION);
}

static bool digits2(const char *q)
{
	return q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9';
}

bool o311_parse_instant(const char *s, int64_t *out)
{
	char day[11];
	int h = 0, mi = 0, sec = 0, sign = 1, oh = 7, om = 0;
	const char *p;
	dv_date d;

	if (!s || strlen(s) < 10)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse(day, &d))
		return false;
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits2(p) || p[2] != ':' || !digits2(p + 3))
			return false;
		h = (p[0] - '0') * 10 + (p[1] - '0');
		mi = (p[3] - '0') * 10 + (p[4] - '0');
		p += 5;
		if (*p == ':') {
			if (!digits2(p + 1))
				return false;
			sec = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			if (*p == '.') /* fractions of a second are dropped */
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
		}
		if (h > 23 || mi > 59 || sec > 60)
			return false;
		if (*p == 'Z') {
			oh = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			if (!digits2(p + 1))
				return false;
			oh = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			if (*p == ':')
				p++;
			if (!digits2(p))
				return false;
			om = (p[0] - '0') * 10 + (p[1] - '0');
			p += 2;
			if (oh > 14 || om > 59)
				return false;
		}
	}
	if (*p)
		return false;
	*out = (int64_t)d * 86400 + h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return true;
}

const char *o311_window(const char *start, const char *end, int64_t now, int64_t *since,
                        int64_t *until)
{
	*until = now + 86400;
	if (end && *end && !o311_parse_instant(end, until))
		return "end_date must be an ISO 8601 date-time";
	*since = *until - (int64_t)O311_DEFAULT_DAYS * 86400;
	if (start && *start && !o311_parse_instant(start, since))
		return "start_date must be an ISO 8601 date-time";
	/* a start in the future without an end is an empty window, not an error */
	if (*since > *until && !(end && *end))
		*until = *since;
	if (*since > *until)
		return "start_date is after end_date";
	return NULL;
}

bool o311_status(const char *s, int *open)
{
	*open = -1;
	if (!s || !*s || !strcmp(s, "open,closed") || !strcmp(s, "closed,open"))
		return true;
	if (!strcmp(s, "open"))
		*open = 1;
	else if (!strcmp(s, "closed"))
		*open = 0;
	else
		return false;
	return true;
}

enum o311_point o311_point(const char *lat_s, const char *lon_s, double *lat, double *lon)
{
	char *end1 = NULL, *end2 = NULL;
	bool has_lat = lat_s && *lat_s, has_lon = lon_s && *lon_s;

	if (!has_lat && !has_lon)
		return O311_POINT_NONE;
	if (!has_lat || !has_lon)
		return O311_POINT_HALF;
	*lat = strtod(lat_s, &end1);
	*lon = strtod(lon_s, &end2);
	if (*end1 || *end2 || !isfinite(*lat) || !isfinite(*lon) || fabs(*lat) > 90 ||
	    fabs(*lon) > 180)
		return O311_POINT_BAD;
	return O311_POINT_OK;
}

enum dv_err o311_ids(struct arena *a, const char *ids, size_t max, char (**canon)[TRACKING_LEN + 1],
                     size_t *n)
{
	char *list = arena_strdup(a, ids ? ids : ""), *p, *next;
	size_t count = 0;

	*n = 0;
	*canon = arena_zalloc(a, sizeof(**canon) * (max ? max : 1));
	if (!list || !*canon)
		return DV_ENOMEM;
	for (p = list; p; p = next) {
		next = strchr(p, ',');
		if (next)
			*next++ = '\0';
		if (++count > max) {
			*n = 0;
			return DV_ELIMIT;
		}
		if (tracking_parse(p, (*canon)[*n]))
			(*n)++;
	}
	return DV_OK;
}

const char *o311_cut(struct arena *a, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t count = 0;

	for (; *p; p++) {
		if ((*p & 0xC0) != 0x80 && count++ == max)
			return arena_printf(a, "%.*s…", (int)(p - (const unsigned char *)s), s);
		if (*p == '\n' || *p == '\r') /* the first line only */
			return arena_strndup(a, s, (size_t)(p - (const unsigned char *)s));
	}
	return s;
}
