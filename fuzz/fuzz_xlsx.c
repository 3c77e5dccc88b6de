/* fuzz_xlsx.c: the XLSX reader of imports. An input starting with "PK" is taken as the file
 * itself (zip structure, limits, CRCs); any other is a list of parts, each introduced by a
 * line "@@ NAME", zipped here first, so that mutations reach the XML inside (the reader
 * verifies CRCs, which would refuse nearly every mutated zip); a first line "@! small" sets
 * small limits, "@! sheet NAME" asks for a sheet by name. */
#include <zip.h>

#include "fuzz.h"

#include "base/utf8.h"
#include "base/xlsx_read.h"

#include "base/banned.h"

#define MAX_PARTS 16

struct seen {
	const struct xlsx_options *o;
	unsigned last_row;
	size_t rows;
};

static int on_row(void *arg, unsigned row, const char *const *cells, size_t ncells)
{
	struct seen *s = arg;
	size_t i;
	int y, m, d;

	FUZZ_CHECK(row > s->last_row);
	FUZZ_CHECK(ncells > 0 && ncells <= s->o->max_cols && cells[ncells - 1]);
	for (i = 0; i < ncells; i++) {
		if (!cells[i])
			continue;
		FUZZ_CHECK(strlen(cells[i]) <= s->o->max_cell_len);
		FUZZ_CHECK(utf8_valid(cells[i], strlen(cells[i])));
		if (xlsx_serial_date(cells[i], &y, &m, &d))
			FUZZ_CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
			           d <= 31);
	}
	s->last_row = row;
	s->rows++;
	FUZZ_CHECK(s->rows <= s->o->max_rows);
	return 0;
}

/* The parts of `text` zipped (stored, not deflated: quicker, and the reader takes both) into a
 * malloc'd buffer; NULL when the text has no part or libzip refuses a name. */
static char *zip_parts(const char *text, size_t len, size_t *out_len)
{
	const char *p = text, *end = text + len, *nl, *body, *next;
	char *names[MAX_PARTS], *buf = NULL;
	size_t n = 0, i;
	zip_error_t ze;
	zip_source_t *src, *s;
	zip_stat_t st;
	zip_t *za;
	zip_int64_t idx;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		abort();
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		abort();
	zip_source_keep(src);
	while (p < end && n < MAX_PARTS) {
		if (end - p < 3 || memcmp(p, "@@ ", 3))
			break;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		body = nl + 1;
		for (next = body; next < end; next++)
			if ((next == body || next[-1] == '\n') && end - next >= 3 &&
			    !memcmp(next, "@@ ", 3))
				break;
		names[n] = strndup(p + 3, (size_t)(nl - p - 3));
		if (!names[n])
			abort();
		s = zip_source_buffer(za, body, (zip_uint64_t)(next - body), 0);
		if (!s)
			abort();
		idx = zip_file_add(za, names[n], s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
		n++;
		p = next;
		if (idx < 0)
			zip_source_free(s);
		else
			zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (!n || zip_close(za) < 0) {
		zip_discard(za);
		goto done;
	}
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
		goto done;
	buf = malloc(st.size ? st.size : 1);
	if (!buf)
		abort();
	if (zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
		free(buf);
		buf = NULL;
	}
	zip_source_close(src);
	*out_len = st.size;
done:
	zip_source_free(src);
	zip_error_fini(&ze);
	for (i = 0; i < n; i++)
		free(names[i]);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_options o = {NULL, XLSX_DEFAULT_MAX_ENTRY_SIZE, XLSX_DEFAULT_MAX_ROWS,
	                         XLSX_DEFAULT_MAX_COLS, XLSX_DEFAULT_MAX_CELL_LEN};
	struct dv_error e = DV_ERROR_INIT;
	struct seen s = {&o, 0, 0};
	enum dv_err ret;
	char *zipped = NULL, *sheet = NULL;
	const uint8_t *nl;
	size_t zlen = 0;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		ret = xlsx_read(data, size, &o, on_row, &s, &e);
	} else {
		/* a first line "@! small" or "@! sheet NAME": small limits, or a sheet by name */
		if (size > 3 && !memcmp(data, "@! ", 3) && (nl = memchr(data, '\n', size))) {
			if ((size_t)(nl - data) == 8 && !memcmp(data + 3, "small", 5)) {
				o.max_entry_size = 2048;
				o.max_rows = 3;
				o.max_cols = 3;
				o.max_cell_len = 8;
			} else if ((size_t)(nl - data) > 9 && !memcmp(data + 3, "sheet ", 6)) {
				sheet = fuzz_cstr(data + 9, (size_t)(nl - data) - 9);
				if (!sheet)
					return 0;
				o.sheet = sheet;
			}
			size -= (size_t)(nl + 1 - data);
			data = nl + 1;
		}
		zipped = zip_parts((const char *)data, size, &zlen);
		if (!zipped) {
			free(sheet);
			return 0;
		}
		ret = xlsx_read(zipped, zlen, &o, on_row, &s, &e);
	}
	FUZZ_CHECK(ret == DV_OK || ret == DV_EINVAL || ret == DV_ELIMIT || ret == DV_ENOTFOUND);
	FUZZ_CHECK(ret == DV_OK || e.code == ret);
	free(zipped);
	free(sheet);
	return 0;
}
