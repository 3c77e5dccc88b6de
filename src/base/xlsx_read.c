/* xlsx_read.c: stream one worksheet of an in-memory .xlsx through libzip and expat, bounded. */
#include "base/xlsx_read.h"

#include <expat.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#include "base/banned.h"

/* Excel's own grid: columns A .. XFD, rows 1 .. 1048576. */
#define LAST_COL 16384u
#define LAST_ROW 1048576u

/* Bytes inflated per read; also the granularity of the size count. */
#define CHUNK 65536

/* expat joins a namespace URI and a local name with this. */
#define NS_SEP       '|'
#define XML_NS_SPACE "http://www.w3.org/XML/1998/namespace|space"

/* Elements nested deeper than this are never ones we read; they are only counted. */
#define DEPTH_MAX 16

/* Longest zip entry name we build from a relationship target. */
#define PATH_MAX_LEN 512

#define NO_CELL SIZE_MAX

/*
 * The elements we act on. An element gets its tag only under the expected parent, so a <t>
 * inside a phonetic run (<rPh>) or any unknown element stays TAG_OTHER and is skipped whole.
 */
enum tag {
	TAG_OTHER,
	TAG_DOC, /* above the root element */
	TAG_RELS,
	TAG_REL,
	TAG_WORKBOOK,
	TAG_SHEETS,
	TAG_SHEET,
	TAG_SST,
	TAG_SI,
	TAG_R,
	TAG_T,
	TAG_WORKSHEET,
	TAG_SHEETDATA,
	TAG_ROW,
	TAG_C,
	TAG_V,
	TAG_IS,
};

static const struct {
	unsigned char parent;
	unsigned char tag;
	const char *name;
} tag_table[] = {
    {TAG_DOC, TAG_RELS, "Relationships"},
    {TAG_RELS, TAG_REL, "Relationship"},
    {TAG_DOC, TAG_WORKBOOK, "workbook"},
    {TAG_WORKBOOK, TAG_SHEETS, "sheets"},
    {TAG_SHEETS, TAG_SHEET, "sheet"},
    {TAG_DOC, TAG_SST, "sst"},
    {TAG_SST, TAG_SI, "si"},
    {TAG_SI, TAG_T, "t"},
    {TAG_SI, TAG_R, "r"},
    {TAG_R, TAG_T, "t"},
    {TAG_DOC, TAG_WORKSHEET, "worksheet"},
    {TAG_WORKSHEET, TAG_SHEETDATA, "sheetData"},
    {TAG_SHEETDATA, TAG_ROW, "row"},
    {TAG_ROW, TAG_C, "c"},
    {TAG_C, TAG_V, "v"},
    {TAG_C, TAG_IS, "is"},
    {TAG_IS, TAG_T, "t"},
    {TAG_IS, TAG_R, "r"},
};

/* The value of the cell attribute t="..."; "n" when absent. */
enum cell_type { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D };

static const struct {
	const char *name;
	enum cell_type type;
} cell_types[] = {
    {"n", CT_N}, {"s", CT_S}, {"str", CT_STR}, {"inlineStr", CT_INLINE},
    {"b", CT_B}, {"e", CT_E}, {"d", CT_D},
};

/* One relationship of a .rels part; strings owned. */
struct rel {
	char *id;
	char *type;
	char *target;
	bool external;
};

struct xlsx {
	struct xlsx_options o; /* defaults filled in */
	struct dv_error *e;
	enum dv_err err; /* first failure inside a parser callback */
	zip_t *zip;
	char *chunk;

	/* the part being parsed */
	const char *part;
	XML_Parser p;
	enum tag root; /* the root element the part must have */
	unsigned depth;
	unsigned char tags[DEPTH_MAX];
	bool collecting; /* inside <t> or <v>: character data goes to `text` */
	bool preserve;   /* that <t> has xml:space="preserve" */
	struct strbuf text;

	/* relationships of the last .rels part read */
	struct rel *rels;
	size_t nrels, rels_alloc;

	/* workbook: its folder ("xl/") and the chosen sheet */
	char wb_dir[PATH_MAX_LEN];
	bool sheet_found;
	char sheet_path[PATH_MAX_LEN];

	/* shared strings: NUL-terminated strings back to back in `sst`, offsets in sst_off */
	bool in_sst;
	struct strbuf sst;
	size_t *sst_off;
	size_t nsst, sst_alloc;

	/* worksheet */
	xlsx_row_fn fn;
	void *arg;
	unsigned row, prev_row;
	unsigned col;
	long prev_col; /* -1 before the first cell of a row */
	char ref[16];  /* "B7": the current cell, for messages */
	enum cell_type ctype;
	bool has_value;
	struct strbuf val;    /* decoded value of the current cell */
	struct strbuf rowbuf; /* NUL-terminated cell values of the current row */
	size_t *off;          /* max_cols offsets into rowbuf, NO_CELL when empty */
	const char **cells;   /* max_cols pointers handed to fn */
	size_t ncells;        /* 1 + last non-empty column of the current row */
	size_t rows_delivered;
};

/*
 * Details quote names and values from the file, cut to fit: keep them valid UTF-8 without
 * control characters, so that they go into JSON and logs as they are.
 */
static void detail_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t i = 0, n, len = strlen(s);

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7F)
				p[i] = ' ';
			i++;
			continue;
		}
		n = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : p[i] >= 0xC0 ? 2 : 1;
		if (n > 1 && i + n <= len && utf8_valid(s + i, n)) {
			i += n;
			continue;
		}
		p[i++] = '?';
	}
}

static enum dv_err xfail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* dv_fail() with a clean detail. */
static enum dv_err xfail(struct dv_error *e, enum dv_err code, const char *fmt, ...)
{
	char buf[sizeof(e->detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	detail_clean(buf);
	return dv_fail(e, code, "%s", buf);
}

static enum dv_err part_fail(struct xlsx *x, enum dv_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a failure at the parser's current line and stop it; later callbacks do nothing. */
static enum dv_err part_fail(struct xlsx *x, enum dv_err code, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	if (x->err != DV_OK)
		return x->err;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x->err = code;
	xfail(x->e, code, "%s line %lu: %s", x->part, (unsigned long)XML_GetCurrentLineNumber(x->p),
	      msg);
	XML_StopParser(x->p, XML_FALSE);
	return code;
}

static const char *local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

/* Attribute `name` without a namespace, or NULL. */
static const char *attr_get(const XML_Char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

/* Attribute with a namespace (any) and local name `name` (r:id), or NULL. */
static const char *attr_get_ns(const XML_Char **atts, const char *name)
{
	const char *sep;

	for (; atts[0]; atts += 2) {
		sep = strrchr(atts[0], NS_SEP);
		if (sep && !strcmp(sep + 1, name))
			return atts[1];
	}
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !memcmp(s + n - k, suffix, k);
}

/* Column letters for column `col` (0-based) followed by the row number: "B7". */
static void cell_ref(char *buf, size_t size, unsigned col, unsigned row)
{
	char letters[4];
	int n = 0, i;
	size_t k = 0;

	col++;
	while (col && n < 3) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = n - 1; i >= 0 && k + 1 < size; i--)
		buf[k++] = letters[i];
	buf[k] = '\0';
	snprintf(buf + k, size - k, "%u", row);
}

/* Parse a decimal number without sign; false when empty, not digits or above `max`. */
static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

/* "B7" -> column 1, row 7. False when malformed or outside Excel's grid. */
static bool parse_ref(const char *s, unsigned *col, unsigned *row)
{
	unsigned long c = 0, r;
	int n = 0;

	while (*s >= 'A' && *s <= 'Z' && n < 4) {
		c = c * 26 + (unsigned long)(*s - 'A' + 1);
		s++;
		n++;
	}
	if (!n || c > LAST_COL || !parse_uint(s, LAST_ROW, &r) || r == 0)
		return false;
	*col = (unsigned)(c - 1);
	*row = (unsigned)r;
	return true;
}

static int hex4(const char *s)
{
	int v = 0, i, d;

	for (i = 0; i < 4; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The UTF-16 unit of an escape "_xHHHH_" at s[0..len), or -1. */
static int xescape(const char *s, size_t len)
{
	if (len < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	return hex4(s + 2);
}

static void utf8_put(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	strbuf_add(out, b, n);
}

/*
 * Append s[0..len) to out with the OOXML string escapes decoded: Excel writes characters XML
 * cannot carry (CR, other controls) as _xHHHH_, UTF-16 units, and a literal "_x" as _x005F_x.
 * Returns -1 for an escape of NUL or of half a surrogate pair.
 */
static int xstring_decode(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	int u, lo;

	while (i < len) {
		if (s[i] != '_' || (u = xescape(s + i, len - i)) < 0) {
			i++;
			continue;
		}
		strbuf_add(out, s + start, i - start);
		if (u >= 0xD800 && u <= 0xDBFF) {
			lo = xescape(s + i + 7, len - i - 7);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			utf8_put(out, 0x10000 + (((uint32_t)u - 0xD800) << 10) +
			                  ((uint32_t)lo - 0xDC00));
			i += 14;
		} else {
			if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
				return -1;
			utf8_put(out, (uint32_t)u);
			i += 7;
		}
		start = i;
	}
	strbuf_add(out, s + start, len - start);
	return 0;
}

static bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Move the text of the <t> or <v> just closed, decoded, onto the end of `out`. */
static void text_finish(struct xlsx *x, struct strbuf *out, bool trim)
{
	const char *s = x->text.buf;
	size_t len = x->text.len;

	x->collecting = false;
	if (trim) {
		while (len && xml_space(*s)) {
			s++;
			len--;
		}
		while (len && xml_space(s[len - 1]))
			len--;
	}
	if (xstring_decode(out, s, len) < 0) {
		part_fail(x, DV_EINVAL, "invalid character escape in %s%s%s",
		          x->in_sst ? "shared string" : "cell '", x->in_sst ? "" : x->ref,
		          x->in_sst ? "" : "'");
		return;
	}
	if (out->failed)
		part_fail(x, DV_ENOMEM, "out of memory");
}

static void text_begin(struct xlsx *x, bool preserve)
{
	strbuf_reset(&x->text);
	x->collecting = true;
	x->preserve = preserve;
}

/* <Relationship Id Type Target TargetMode>: remember it. */
static void rel_add(struct xlsx *x, const XML_Char **atts)
{
	const char *id = attr_get(atts, "Id"), *type = attr_get(atts, "Type");
	const char *target = attr_get(atts, "Target"), *mode = attr_get(atts, "TargetMode");
	struct rel *r;
	size_t n;

	if (!id || !type || !target) {
		part_fail(x, DV_EINVAL, "relationship without Id, Type or Target");
		return;
	}
	if (x->nrels == x->rels_alloc) {
		n = x->rels_alloc ? x->rels_alloc * 2 : 16;
		r = realloc(x->rels, n * sizeof(*r));
		if (!r) {
			part_fail(x, DV_ENOMEM, "out of memory");
			return;
		}
		x->rels = r;
		x->rels_alloc = n;
	}
	r = &x->rels[x->nrels];
	r->id = strdup(id);
	r->type = strdup(type);
	r->target = strdup(target);
	r->external = mode && !strcmp(mode, "External");
	x->nrels++;
	if (!r->id || !r->type || !r->target)
		part_fail(x, DV_ENOMEM, "out of memory");
}

static void rels_clear(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	x->nrels = 0;
}

static const struct rel *rel_by_id(const struct xlsx *x, const char *id)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (!strcmp(x->rels[i].id, id))
			return &x->rels[i];
	return NULL;
}

static const struct rel *rel_by_type(const struct xlsx *x, const char *suffix)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (!x->rels[i].external && ends_with(x->rels[i].type, suffix))
			return &x->rels[i];
	return NULL;
}

/*
 * The zip entry name of a relationship target: relative to the folder `dir` of the source part
 * ("xl/"), or absolute from the package root ("/xl/..."); "." and ".." resolved. False when the
 * result is too long or climbs out of the package.
 */
static bool target_resolve(const char *dir, const char *target, char *out, size_t size)
{
	char joined[PATH_MAX_LEN * 2];
	const char *seg, *end;
	size_t len = 0, n;
	int w;

	if (target[0] == '/')
		w = snprintf(joined, sizeof(joined), "%s", target + 1);
	else
		w = snprintf(joined, sizeof(joined), "%s%s", dir, target);
	if (w < 0 || (size_t)w >= sizeof(joined))
		return false;
	for (seg = joined; *seg; seg = *end ? end + 1 : end) {
		end = strchr(seg, '/');
		if (!end)
			end = seg + strlen(seg);
		n = (size_t)(end - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!len)
				return false;
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--; /* the slash before the dropped segment */
			continue;
		}
		if (len + (len ? 1 : 0) + n + 1 > size)
			return false;
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, n);
		len += n;
	}
	if (!len)
		return false;
	out[len] = '\0';
	return true;
}

/* <sheet name r:id>: choose it when it is the one asked for, or the first worksheet. */
static void workbook_sheet(struct xlsx *x, const XML_Char **atts)
{
	const char *name = attr_get(atts, "name"), *rid = attr_get_ns(atts, "id");
	const struct rel *r;
	bool worksheet;

	if (x->sheet_found)
		return;
	if (!name || !rid) {
		part_fail(x, DV_EINVAL, "sheet without a name or r:id");
		return;
	}
	if (x->o.sheet && strcmp(name, x->o.sheet) != 0)
		return;
	r = rel_by_id(x, rid);
	if (!r) {
		part_fail(x, DV_EINVAL, "sheet '%s' has no relationship '%s'", name, rid);
		return;
	}
	worksheet = ends_with(r->type, "/worksheet");
	if (!worksheet && !x->o.sheet)
		return; /* a chart sheet or dialog sheet: the first sheet is the first worksheet */
	if (!worksheet) {
		part_fail(x, DV_EINVAL, "sheet '%s' is not a worksheet", name);
		return;
	}
	if (r->external ||
	    !target_resolve(x->wb_dir, r->target, x->sheet_path, sizeof(x->sheet_path))) {
		part_fail(x, DV_EINVAL, "sheet '%s' has a bad target '%s'", name, r->target);
		return;
	}
	x->sheet_found = true;
}

static void sst_begin(struct xlsx *x)
{
	size_t n, *p;

	if (x->nsst == x->sst_alloc) {
		n = x->sst_alloc ? x->sst_alloc * 2 : 256;
		p = n < SIZE_MAX / sizeof(*p) ? realloc(x->sst_off, n * sizeof(*p)) : NULL;
		if (!p) {
			part_fail(x, DV_ENOMEM, "out of memory");
			return;
		}
		x->sst_off = p;
		x->sst_alloc = n;
	}
	x->sst_off[x->nsst++] = x->sst.len;
}

static void sst_end(struct xlsx *x)
{
	if (strbuf_addch(&x->sst, '\0') < 0)
		part_fail(x, DV_ENOMEM, "out of memory");
}

static void row_begin(struct xlsx *x, const XML_Char **atts)
{
	const char *r = attr_get(atts, "r");
	unsigned long n;

	if (r) {
		if (!parse_uint(r, LAST_ROW, &n) || n == 0) {
			part_fail(x, DV_EINVAL, "row number '%s' out of range", r);
			return;
		}
		if (n <= x->prev_row) {
			part_fail(x, DV_EINVAL, "row %lu is out of order (after row %u)", n,
			          x->prev_row);
			return;
		}
	} else {
		n = x->prev_row + 1ul;
		if (n > LAST_ROW) {
			part_fail(x, DV_EINVAL, "row number %lu out of range", n);
			return;
		}
	}
	x->row = (unsigned)n;
	x->prev_row = x->row;
	x->prev_col = -1;
}

static void cell_begin(struct xlsx *x, const XML_Char **atts)
{
	const char *r = attr_get(atts, "r"), *t = attr_get(atts, "t");
	unsigned col, row;
	size_t i;

	if (r) {
		if (!parse_ref(r, &col, &row)) {
			part_fail(x, DV_EINVAL, "cell reference '%.20s' out of range", r);
			return;
		}
		if (row != x->row) {
			part_fail(x, DV_EINVAL, "cell '%s' is not in row %u", r, x->row);
			return;
		}
	} else {
		col = (unsigned)(x->prev_col + 1);
		if (col >= LAST_COL) {
			part_fail(x, DV_EINVAL, "cell reference out of range after column XFD");
			return;
		}
	}
	cell_ref(x->ref, sizeof(x->ref), col, x->row);
	if ((long)col <= x->prev_col) {
		part_fail(x, DV_EINVAL, "cell '%s' is out of order", x->ref);
		return;
	}
	x->col = col;
	x->prev_col = col;
	x->ctype = CT_N;
	if (t) {
		for (i = 0; i < sizeof(cell_types) / sizeof(cell_types[0]); i++)
			if (!strcmp(t, cell_types[i].name))
				break;
		if (i == sizeof(cell_types) / sizeof(cell_types[0])) {
			part_fail(x, DV_EINVAL, "unknown type '%.20s' of cell '%s'", t, x->ref);
			return;
		}
		x->ctype = cell_types[i].type;
	}
	x->has_value = false;
	strbuf_reset(&x->val);
}

/* </c>: turn the stored value into the cell's text and keep it for the row. */
static void cell_end(struct xlsx *x)
{
	const char *s = x->val.buf;
	size_t len = x->val.len;
	unsigned long idx;

	if (!x->has_value)
		return;
	switch (x->ctype) {
	case CT_S:
		if (!parse_uint(s, ULONG_MAX, &idx)) {
			part_fail(x, DV_EINVAL, "bad shared string index '%.20s' in cell '%s'", s,
			          x->ref);
			return;
		}
		if (idx >= x->nsst) {
			part_fail(x, DV_EINVAL,
			          "shared string index %lu out of range (%zu strings) in cell '%s'",
			          idx, x->nsst, x->ref);
			return;
		}
		s = x->sst.buf + x->sst_off[idx];
		len = strlen(s);
		break;
	case CT_B:
		if (!strcmp(s, "1")) {
			s = "TRUE";
		} else if (!strcmp(s, "0")) {
			s = "FALSE";
		} else if (len) {
			part_fail(x, DV_EINVAL, "bad boolean '%.20s' in cell '%s'", s, x->ref);
			return;
		}
		len = strlen(s);
		break;
	default:
		break;
	}
	if (!len)
		return;
	if (len > x->o.max_cell_len) {
		part_fail(x, DV_ELIMIT, "cell '%s' is longer than %zu bytes", x->ref,
		          x->o.max_cell_len);
		return;
	}
	if (x->col >= x->o.max_cols) {
		part_fail(x, DV_ELIMIT, "cell '%s' is beyond the limit of %zu columns", x->ref,
		          x->o.max_cols);
		return;
	}
	if (memchr(s, '\0', len) || !utf8_valid(s, len)) {
		part_fail(x, DV_EINVAL, "invalid UTF-8 in cell '%s'", x->ref);
		return;
	}
	x->off[x->col] = x->rowbuf.len;
	strbuf_add(&x->rowbuf, s, len);
	strbuf_addch(&x->rowbuf, '\0');
	if (x->rowbuf.failed) {
		part_fail(x, DV_ENOMEM, "out of memory");
		return;
	}
	x->ncells = x->col + 1;
}

/* </row>: hand a non-empty row to the callback. */
static void row_end(struct xlsx *x)
{
	size_t i;
	int ret;

	if (!x->ncells)
		return;
	if (++x->rows_delivered > x->o.max_rows) {
		part_fail(x, DV_ELIMIT, "row %u is beyond the limit of %zu rows", x->row,
		          x->o.max_rows);
		return;
	}
	for (i = 0; i < x->ncells; i++)
		x->cells[i] = x->off[i] == NO_CELL ? NULL : x->rowbuf.buf + x->off[i];
	ret = x->fn(x->arg, x->row, x->cells, x->ncells);
	for (i = 0; i < x->ncells; i++)
		x->off[i] = NO_CELL;
	x->ncells = 0;
	strbuf_reset(&x->rowbuf);
	if (ret) {
		enum dv_err code = ret > 0 && ret < DV_ERR__COUNT ? (enum dv_err)ret : DV_EINVAL;

		/* the callback's own detail, if it recorded one in e, is kept by dv_fail */
		part_fail(x, code, "reading stopped by the caller at row %u", x->row);
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *local = local_name(name);
	unsigned char parent, tag = TAG_OTHER;
	size_t i;

	x->depth++;
	if (x->err || x->depth >= DEPTH_MAX)
		return;
	parent = x->tags[x->depth - 1];
	if (parent != TAG_OTHER)
		for (i = 0; i < sizeof(tag_table) / sizeof(tag_table[0]); i++)
			if (tag_table[i].parent == parent && !strcmp(tag_table[i].name, local)) {
				tag = tag_table[i].tag;
				break;
			}
	x->tags[x->depth] = tag;
	if (x->depth == 1 && tag != x->root) {
		part_fail(x, DV_EINVAL, "unexpected root element '%.40s'", local);
		return;
	}
	switch (tag) {
	case TAG_REL:
		rel_add(x, atts);
		break;
	case TAG_SHEET:
		workbook_sheet(x, atts);
		break;
	case TAG_SI:
		sst_begin(x);
		break;
	case TAG_T: {
		const char *space = attr_get(atts, XML_NS_SPACE);

		text_begin(x, space && !strcmp(space, "preserve"));
		break;
	}
	case TAG_V:
		text_begin(x, true);
		break;
	case TAG_ROW:
		row_begin(x, atts);
		break;
	case TAG_C:
		cell_begin(x, atts);
		break;
	default:
		break;
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	unsigned char tag = x->depth < DEPTH_MAX ? x->tags[x->depth] : TAG_OTHER;

	(void)name;
	x->depth--;
	if (x->err)
		return;
	switch (tag) {
	case TAG_T:
		if (x->in_sst) {
			text_finish(x, &x->sst, !x->preserve);
		} else if (x->ctype == CT_INLINE) {
			text_finish(x, &x->val, !x->preserve);
			x->has_value = true;
		} else {
			x->collecting = false;
		}
		break;
	case TAG_V:
		if (x->ctype == CT_INLINE) {
			x->collecting = false;
			break;
		}
		strbuf_reset(&x->val);
		text_finish(x, &x->val, false);
		x->has_value = true;
		break;
	case TAG_SI:
		sst_end(x);
		break;
	case TAG_C:
		cell_end(x);
		break;
	case TAG_ROW:
		row_end(x);
		break;
	default:
		break;
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (x->err || !x->collecting)
		return;
	if (strbuf_add(&x->text, s, (size_t)len) < 0) {
		if (x->text.cap && x->text.len + (size_t)len > x->text.cap)
			part_fail(x, DV_ELIMIT, "cell '%s' is longer than %zu bytes", x->ref,
			          x->o.max_cell_len);
		else
			part_fail(x, DV_ENOMEM, "out of memory");
	}
}

/* A DTD could declare entities (billion laughs) or pull external ones: refuse any. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	part_fail(ud, DV_EINVAL, "document type declarations are not allowed");
}

/* After an expat error: is the offending byte the start of an invalid UTF-8 sequence? */
static bool bad_utf8_at_error(XML_Parser p)
{
	int off = 0, size = 0, k;
	const char *ctx = XML_GetInputContext(p, &off, &size);
	const unsigned char *s;

	if (!ctx || off < 0 || off >= size)
		return false;
	s = (const unsigned char *)ctx + off;
	if (s[0] < 0x80)
		return false;
	for (k = 2; k <= 4 && k <= size - off; k++)
		if (utf8_valid((const char *)s, (size_t)k))
			return false;
	return true;
}

static zip_int64_t part_find(struct xlsx *x, const char *name)
{
	zip_int64_t i = zip_name_locate(x->zip, name, 0);

	/* part names are case-insensitive in OPC */
	return i >= 0 ? i : zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
}

/*
 * Stream the zip entry `name` through expat with the handlers above, checking the declared
 * size, the inflated size and the CRC. `root` is the root element it must have. A missing
 * entry is DV_EINVAL.
 */
static enum dv_err part_read(struct xlsx *x, const char *name, enum tag root)
{
	zip_int64_t idx = part_find(x, name);
	zip_file_t *zf = NULL;
	zip_stat_t st;
	zip_int64_t n;
	size_t total = 0, room;
	uint64_t declared = UINT64_MAX;
	enum dv_err ret = DV_OK;
	enum XML_Error xe;

	x->part = name;
	x->root = root;
	x->depth = 0;
	x->tags[0] = TAG_DOC;
	x->collecting = false;
	x->p = NULL;
	if (idx < 0)
		return xfail(x->e, DV_EINVAL, "part '%s' not found in the file", name);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) < 0)
		return xfail(x->e, DV_EINVAL, "reading '%s' failed: %s", name,
		             zip_strerror(x->zip));
	if (st.valid & ZIP_STAT_SIZE)
		declared = st.size;
	if (declared != UINT64_MAX && declared > x->o.max_entry_size)
		return xfail(x->e, DV_ELIMIT, "'%s' declares %llu bytes, over the limit of %zu",
		             name, (unsigned long long)declared, x->o.max_entry_size);
	zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return xfail(x->e, DV_EINVAL, "opening '%s' failed: %s", name,
		             zip_strerror(x->zip));
	x->p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!x->p) {
		ret = xfail(x->e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	for (;;) {
		/* never inflate more than one byte past what is allowed */
		room = (size_t)(declared < x->o.max_entry_size ? declared : x->o.max_entry_size) -
		       total;
		n = zip_fread(zf, x->chunk, room < CHUNK ? room + 1 : CHUNK);
		if (n < 0) {
			ret = xfail(x->e, DV_EINVAL, "reading '%s' failed: %s", name,
			            zip_file_strerror(zf));
			goto cleanup;
		}
		total += (size_t)n;
		/* libzip checks the CRC at the end but not the size: a lying entry stops here */
		if (total > declared) {
			ret = xfail(x->e, DV_EINVAL,
			            "'%s' inflates to more than the %llu bytes it declares", name,
			            (unsigned long long)declared);
			goto cleanup;
		}
		if (total > x->o.max_entry_size) {
			ret = xfail(x->e, DV_ELIMIT, "'%s' inflates to more than %zu bytes", name,
			            x->o.max_entry_size);
			goto cleanup;
		}
		if (n == 0 && declared != UINT64_MAX && total != declared) {
			ret = xfail(x->e, DV_EINVAL, "'%s' has %zu bytes, not the %llu it declares",
			            name, total, (unsigned long long)declared);
			goto cleanup;
		}
		if (XML_Parse(x->p, x->chunk, (int)n, n == 0) != XML_STATUS_OK)
			break;
		if (n == 0)
			goto cleanup;
	}
	if (x->err) {
		ret = x->err;
		goto cleanup;
	}
	xe = XML_GetErrorCode(x->p);
	ret = xfail(x->e, DV_EINVAL, "%s line %lu: %s", name,
	            (unsigned long)XML_GetCurrentLineNumber(x->p),
	            xe == XML_ERROR_INVALID_TOKEN && bad_utf8_at_error(x->p) ? "invalid UTF-8"
	                                                                     : XML_ErrorString(xe));
cleanup:
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return ret;
}

static void options_fill(struct xlsx_options *o, const struct xlsx_options *in)
{
	if (in)
		*o = *in;
	else
		memset(o, 0, sizeof(*o));
	if (!o->max_entry_size)
		o->max_entry_size = XLSX_DEFAULT_MAX_ENTRY_SIZE;
	if (!o->max_rows)
		o->max_rows = XLSX_DEFAULT_MAX_ROWS;
	if (!o->max_cols)
		o->max_cols = XLSX_DEFAULT_MAX_COLS;
	if (o->max_cols > LAST_COL)
		o->max_cols = LAST_COL;
	if (!o->max_cell_len)
		o->max_cell_len = XLSX_DEFAULT_MAX_CELL_LEN;
}

/* Open data[0..len) as a zip archive, or explain why it is not one. */
static enum dv_err zip_open_memory(struct xlsx *x, const void *data, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;
	enum dv_err ret = DV_OK;

	if (len >= 4 && !memcmp(data, "\xD0\xCF\x11\xE0", 4))
		return xfail(x->e, DV_EINVAL,
		             "the file is an old .xls or an encrypted workbook, not .xlsx");
	if (len < 4 || memcmp(data, "PK", 2) != 0)
		return xfail(x->e, DV_EINVAL, "the file is not an .xlsx workbook (not a zip)");
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		ret = xfail(x->e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->zip) {
		zip_source_free(src);
		if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
			ret = xfail(x->e, DV_ENOMEM, "out of memory");
		else
			ret = xfail(x->e, DV_EINVAL, "the file is not a readable zip: %s",
			            zip_error_strerror(&ze));
	}
cleanup:
	zip_error_fini(&ze);
	return ret;
}

enum dv_err xlsx_read(const void *data, size_t len, const struct xlsx_options *opts, xlsx_row_fn fn,
                      void *arg, struct dv_error *e)
{
	struct xlsx x;
	char wb_path[PATH_MAX_LEN], wb_rels[PATH_MAX_LEN + 16], sst_path[PATH_MAX_LEN];
	const struct rel *r;
	const char *base;
	size_t i, dirlen, raw_cap;
	enum dv_err ret;

	memset(&x, 0, sizeof(x));
	options_fill(&x.o, opts);
	x.e = e;
	x.fn = fn;
	x.arg = arg;
	strbuf_init(&x.sst, x.o.max_entry_size, 0);
	strbuf_init(&x.val, 0, 0);
	strbuf_init(&x.rowbuf, 0, 0);
	strbuf_init(&x.text, 0, 0);
	if (!fn) {
		ret = xfail(e, DV_EINVAL, "no row callback given");
		goto cleanup;
	}
	x.chunk = malloc(CHUNK);
	x.off = malloc(x.o.max_cols * sizeof(*x.off));
	x.cells = malloc(x.o.max_cols * sizeof(*x.cells));
	if (!x.chunk || !x.off || !x.cells) {
		ret = xfail(e, DV_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < x.o.max_cols; i++)
		x.off[i] = NO_CELL;
	ret = zip_open_memory(&x, data, len);
	if (ret)
		goto cleanup;

	/* the package relationships name the workbook; old writers may omit them */
	snprintf(wb_path, sizeof(wb_path), "xl/workbook.xml");
	if (part_find(&x, "_rels/.rels") >= 0) {
		ret = part_read(&x, "_rels/.rels", TAG_RELS);
		if (ret)
			goto cleanup;
		r = rel_by_type(&x, "/officeDocument");
		if (r && !target_resolve("", r->target, wb_path, sizeof(wb_path))) {
			ret =
			    xfail(e, DV_EINVAL, "_rels/.rels: bad workbook target '%s'", r->target);
			goto cleanup;
		}
		rels_clear(&x);
	}
	if (part_find(&x, wb_path) < 0) {
		ret = xfail(e, DV_EINVAL,
		            "workbook part '%s' not found: the file is not an .xlsx workbook",
		            wb_path);
		goto cleanup;
	}
	base = strrchr(wb_path, '/');
	base = base ? base + 1 : wb_path;
	dirlen = (size_t)(base - wb_path);
	snprintf(x.wb_dir, sizeof(x.wb_dir), "%.*s", (int)dirlen, wb_path);
	snprintf(wb_rels, sizeof(wb_rels), "%.*s_rels/%s.rels", (int)dirlen, wb_path, base);
	ret = part_read(&x, wb_rels, TAG_RELS);
	if (ret)
		goto cleanup;
	ret = part_read(&x, wb_path, TAG_WORKBOOK);
	if (ret)
		goto cleanup;
	if (!x.sheet_found) {
		if (x.o.sheet)
			ret = xfail(e, DV_ENOTFOUND, "sheet '%s' not found in the workbook",
			            x.o.sheet);
		else
			ret = xfail(e, DV_EINVAL, "the workbook has no worksheet");
		goto cleanup;
	}
	r = rel_by_type(&x, "/sharedStrings");
	if (r) {
		if (!target_resolve(x.wb_dir, r->target, sst_path, sizeof(sst_path))) {
			ret = xfail(e, DV_EINVAL, "%s: bad shared strings target '%s'", wb_rels,
			            r->target);
			goto cleanup;
		}
		x.in_sst = true;
		ret = part_read(&x, sst_path, TAG_SST);
		x.in_sst = false;
		if (ret)
			goto cleanup;
	}
	rels_clear(&x);

	/* raw cell text may be up to 7 times its decoded length (_xHHHH_ escapes) */
	raw_cap = x.o.max_cell_len > (SIZE_MAX - 64) / 7 ? SIZE_MAX : x.o.max_cell_len * 7 + 64;
	strbuf_release(&x.text);
	strbuf_init(&x.text, raw_cap, 0);
	ret = part_read(&x, x.sheet_path, TAG_WORKSHEET);
cleanup:
	if (x.zip)
		zip_discard(x.zip);
	rels_clear(&x);
	free(x.rels);
	free(x.sst_off);
	free(x.off);
	free(x.cells);
	free(x.chunk);
	strbuf_release(&x.sst);
	strbuf_release(&x.val);
	strbuf_release(&x.rowbuf);
	strbuf_release(&x.text);
	return ret;
}

bool xlsx_serial_date(const char *cell, int *y, int *m, int *d)
{
	unsigned long serial = 0;
	const char *s = cell;
	dv_date day;

	if (!s || *s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		serial = serial * 10 + (unsigned long)(*s - '0');
		if (serial > 2958465)
			return false;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s || serial == 0 || serial == 60)
		return false;
	/* 1 is 1900-01-01; from 61 on, one day less for the 1900-02-29 Excel counts */
	if (serial < 60)
		day = date_from_ymd(1899, 12, 31) + (dv_date)serial;
	else
		day = date_from_ymd(1899, 12, 30) + (dv_date)serial;
	date_to_ymd(day, y, m, d);
	return true;
}
