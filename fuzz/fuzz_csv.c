/* fuzz_csv.c: the CSV reader of imports. The first byte picks the separator and whether the
 * limits are small (so they are reached); the rest is the file. Every row delivered is checked
 * against what csv.h promises; the rows of a file read whole are written again with csv_field()
 * (the exports' writer) and read back, which must give them again (formulas with their
 * apostrophe). */
#include "fuzz.h"

#include "base/csv.h"
#include "base/utf8.h"

#include "base/banned.h"

struct seen {
	const struct csv_options *o;
	unsigned last_row;
	size_t rows;
	struct strbuf *written; /* the rows through csv_field(); NULL: not written */
	struct strbuf *cells;   /* every cell as "length:bytes", rows ended by '\n' */
	bool reread;            /* the second reading: cells as they are */
};

/* A cell as the second reading must see it: csv_field() marks a formula with an apostrophe. */
static void record(struct seen *s, const char *cell)
{
	bool mark = !s->reread && cell && strchr("=+-@\t\r", cell[0]);
	size_t n = cell ? strlen(cell) : 0;

	strbuf_addf(s->cells, "%zu:", n + mark);
	if (mark)
		strbuf_addch(s->cells, '\'');
	strbuf_add(s->cells, cell ? cell : "", n);
}

static int on_row(void *arg, unsigned row, const char *const *cells, size_t ncells)
{
	struct seen *s = arg;
	size_t i, cap = s->o->max_cell_len ? s->o->max_cell_len : CSV_DEFAULT_MAX_CELL_LEN;

	FUZZ_CHECK(row > s->last_row);
	FUZZ_CHECK(ncells > 0 && cells[ncells - 1]);
	FUZZ_CHECK(ncells <= (s->o->max_cols ? s->o->max_cols : CSV_DEFAULT_MAX_COLS));
	for (i = 0; i < ncells; i++) {
		if (!cells[i])
			continue;
		FUZZ_CHECK(*cells[i]);
		FUZZ_CHECK(strlen(cells[i]) <= cap);
		FUZZ_CHECK(utf8_valid(cells[i], strlen(cells[i])));
	}
	for (i = 0; i < ncells; i++) {
		if (s->written)
			csv_field(s->written, cells[i]);
		record(s, cells[i]);
	}
	if (s->written)
		csv_row_end(s->written);
	strbuf_addch(s->cells, '\n');
	s->last_row = row;
	s->rows++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = {0, ';', '\t', '|'};
	struct csv_options o = {0}, dflt = {0};
	struct strbuf written = STRBUF_INIT, first = STRBUF_INIT, second = STRBUF_INIT;
	struct seen s = {&o, 0, 0, &written, &first, false};
	struct seen again = {&dflt, 0, 0, NULL, &second, true};
	struct dv_error e = DV_ERROR_INIT;
	enum dv_err ret;

	if (!size)
		return 0;
	o.sep = seps[data[0] & 3];
	if (data[0] & 4) {
		o.max_rows = 4;
		o.max_cols = 3;
		o.max_cell_len = 8;
	}
	ret = csv_read(data + 1, size - 1, &o, on_row, &s, &e);
	FUZZ_CHECK(ret == DV_OK || ret == DV_EINVAL || ret == DV_ELIMIT);
	FUZZ_CHECK(ret == DV_OK || e.code == ret);
	if (o.max_rows)
		FUZZ_CHECK(s.rows <= o.max_rows);
	dv_error_clear(&e);
	if (ret == DV_OK && !written.failed) {
		FUZZ_CHECK(csv_read(written.buf, written.len, &dflt, on_row, &again, &e) == DV_OK);
		FUZZ_CHECK(again.rows == s.rows);
		FUZZ_CHECK(first.len == second.len && !memcmp(first.buf, second.buf, first.len));
	}
	strbuf_release(&written);
	strbuf_release(&first);
	strbuf_release(&second);
	return 0;
}
