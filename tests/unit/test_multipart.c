/* test_multipart.c: multipart/form-data bodies: browser forms, binary files, every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/config.h"
#include "base/strbuf.h"
#include "web/multipart.h"

#define WK "----WebKitFormBoundary7MA4YWxkTrZu0gW"

static int setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* A body as a browser sends it: CRLF lines, a quoted boundary, Vietnamese text, a binary file. */
static const char browser_body[] =
    "--" WK "\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n"
    "\r\n"
    "tok-123\r\n"
    "--" WK "\r\n"
    "Content-Disposition: form-data; name=\"place\"\r\n"
    "\r\n"
    "H\xc3\xa0 N\xe1\xbb\x99i\r\n"
    "--" WK "\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\Users\\an\\bao cao 5.xlsx\"\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
    "\r\n"
    "PK\x03\x04\x00\x01\xff\xfe\r\n--\r\n----WebKitFormBoundary7MA4YWxkTrZu0g\r\nx--" WK
    "\r\n\r\n-- \n--\r\r\n"
    "--" WK "\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n"
    "\r\n"
    "\r\n"
    "--" WK "--\r\n";

/* The file's bytes in browser_body: NUL, CR LF, "--", a line that almost is a delimiter, the
 * boundary inside a line, and a CR right before the delimiter's CR LF. */
static const char file_bytes[] =
    "PK\x03\x04\x00\x01\xff\xfe\r\n--\r\n"
    "----WebKitFormBoundary7MA4YWxkTrZu0g\r\nx--" WK "\r\n\r\n-- \n--\r";

static enum dv_err parse(void **state, const char *ct, const char *body, size_t len,
                         struct multipart_part **p, size_t *n, struct dv_error *e)
{
	dv_error_clear(e);
	return multipart_parse(ct, body, len, *state, p, n, e);
}

/* Refused with DV_EINVAL, nothing returned, and the detail says `why`. */
static void refused(void **state, const char *ct, const char *body, size_t len, const char *why)
{
	struct multipart_part *p = (struct multipart_part *)1;
	struct dv_error e = DV_ERROR_INIT;
	size_t n = 99;

	assert_int_equal(parse(state, ct, body, len, &p, &n, &e), DV_EINVAL);
	assert_null(p);
	assert_int_equal(n, 0);
	if (!strstr(e.detail, why))
		fail_msg("detail '%s' does not say '%s'", e.detail, why);
}

#define REFUSED(ct, body, why) refused(state, (ct), (body), strlen(body), (why))

static void test_browser_body(void **state)
{
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;

	assert_int_equal(parse(state, "multipart/form-data; boundary=\"" WK "\"", browser_body,
	                       sizeof(browser_body) - 1, &p, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].name, "csrf");
	assert_null(p[0].filename);
	assert_null(p[0].content_type);
	assert_int_equal(p[0].len, 7);
	assert_string_equal(p[0].data, "tok-123");

	assert_string_equal(p[1].name, "place");
	assert_null(p[1].filename);
	assert_string_equal(p[1].data, "Hà Nội");
	assert_int_equal(p[1].len, strlen("Hà Nội"));

	assert_string_equal(p[2].name, "file");
	assert_string_equal(p[2].filename, "bao cao 5.xlsx");
	assert_string_equal(p[2].content_type,
	                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_int_equal(p[2].len, sizeof(file_bytes) - 1);
	assert_memory_equal(p[2].data, file_bytes, sizeof(file_bytes) - 1);
	assert_int_equal(p[2].data[p[2].len], '\0');

	/* an empty text field */
	assert_string_equal(p[3].name, "note");
	assert_int_equal(p[3].len, 0);
	assert_string_equal(p[3].data, "");
}

static void test_bare_lf(void **state)
{
	static const char body[] = "--b\n"
	                           "Content-Disposition: form-data; name=\"a\"\n"
	                           "\n"
	                           "one\n"
	                           "two\n"
	                           "--b\n"
	                           "content-disposition: FORM-DATA; NAME=f; filename=\"x.bin\"\n"
	                           "\n"
	                           "\x01\x02\n"
	                           "--b--\n";
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;

	assert_int_equal(
	    parse(state, "multipart/form-data; boundary=b", body, sizeof(body) - 1, &p, &n, &e),
	    DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "a");
	assert_int_equal(p[0].len, 7);
	assert_string_equal(p[0].data, "one\ntwo");
	assert_string_equal(p[1].name, "f");
	assert_string_equal(p[1].filename, "x.bin");
	assert_int_equal(p[1].len, 2);
	assert_memory_equal(p[1].data, "\x01\x02", 2);
}

static void test_content_type_forms(void **state)
{
	static const char body[] = "--a b'()+_,-./:=?\r\n"
	                           "Content-Disposition: form-data; name=x\r\n"
	                           "\r\n"
	                           "1\r\n"
	                           "--a b'()+_,-./:=?--";
	static const char body2[] = "--tok\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	                            "2\r\n--tok-- \t\r\nepilogue, ignored\r\n--tok\r\n";
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;

	/* every RFC 2046 boundary character, quoted; no line break after the closing delimiter */
	assert_int_equal(parse(state, "multipart/form-data; boundary=\"a b'()+_,-./:=?\"", body,
	                       sizeof(body) - 1, &p, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].data, "1");
	/* case-insensitive type and parameter, other parameters, an epilogue after padding */
	assert_int_equal(parse(state, "Multipart/Form-Data ; charset=utf-8;BOUNDARY=tok", body2,
	                       sizeof(body2) - 1, &p, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].data, "2");
	assert_true(multipart_content("multipart/form-data"));
	assert_true(multipart_content("MULTIPART/FORM-DATA;boundary=x"));
	assert_false(multipart_content("multipart/form-datax; boundary=x"));
	assert_false(multipart_content("multipart/mixed; boundary=x"));
	assert_false(multipart_content("application/x-www-form-urlencoded"));
	assert_false(multipart_content(NULL));
}

static void test_preamble_and_shapes(void **state)
{
	static const char preamble[] = "A preamble; x--b inside a line is not a delimiter.\r\n"
	                               "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n"
	                               "--b--\r\n";
	/* RFC 2046 allows a part with no body: its delimiter follows the blank line at once */
	static const char nobody[] = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n"
	                             "--b\r\nContent-Disposition: form-data; name=y\r\n\r\nw\r\n"
	                             "--b--\r\n";
	static const char none[] = "--b--\r\n";
	static const char other_headers[] = "--b\r\nX-Whatever: 1\r\n"
	                                    "Content-Transfer-Encoding: binary\r\n"
	                                    "Content-Disposition: form-data; name=x; size=3\r\n"
	                                    "Content-Type:  text/plain; charset=utf-8 \r\n"
	                                    "\r\nv\r\n--b--\r\n";
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;
	const char *ct = "multipart/form-data; boundary=b";

	assert_int_equal(parse(state, ct, preamble, sizeof(preamble) - 1, &p, &n, &e), DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].data, "v");

	assert_int_equal(parse(state, ct, nobody, sizeof(nobody) - 1, &p, &n, &e), DV_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "x");
	assert_int_equal(p[0].len, 0);
	assert_string_equal(p[0].data, "");
	assert_string_equal(p[1].data, "w");

	assert_int_equal(parse(state, ct, none, sizeof(none) - 1, &p, &n, &e), DV_OK);
	assert_int_equal(n, 0);

	assert_int_equal(parse(state, ct, other_headers, sizeof(other_headers) - 1, &p, &n, &e),
	                 DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].content_type, "text/plain; charset=utf-8");
	assert_null(p[0].filename);
}

static const char *one_filename(void **state, const char *disposition)
{
	struct strbuf b = STRBUF_INIT;
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;
	enum dv_err r;

	strbuf_addf(&b, "--b\r\nContent-Disposition: %s\r\n\r\nDATA\r\n--b--\r\n", disposition);
	r = parse(state, "multipart/form-data; boundary=b", b.buf, b.len, &p, &n, &e);
	strbuf_release(&b);
	if (r != DV_OK)
		fail_msg("'%s' refused: %s", disposition, e.detail);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].data, "DATA");
	return p[0].filename ? p[0].filename : "(none)";
}

static void test_names_and_filenames(void **state)
{
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;
	static const char quoted[] =
	    "--b\r\nContent-Disposition: form-data; name=\"say \\\"hi\\\" \\\\ \\x\"\r\n\r\n"
	    "v\r\n--b--\r\n";

	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"C:\\x\\y.xlsx\""),
	                    "y.xlsx");
	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"/tmp/a/b.csv\""),
	                    "b.csv");
	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"../../etc/passwd\""),
	                    "passwd");
	assert_string_equal(
	    one_filename(state, "form-data; name=f; filename=\"\\\\\\\\srv\\\\s\\\\z.txt\""),
	    "z.txt");
	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"..\""), "");
	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"a/.\""), "");
	/* a file input left empty: still a file part */
	assert_string_equal(one_filename(state, "form-data; name=f; filename=\"\""), "");
	assert_string_equal(
	    one_filename(state, "form-data; name=f; filename=\"B\xc3\xa1o c\xc3\xa1o.xlsx\""),
	    "B\xc3\xa1o c\xc3\xa1o.xlsx");
	assert_string_equal(one_filename(state, "form-data; name=f; filename=plain.txt"),
	                    "plain.txt");
	/* filename* is not RFC 7578: ignored, so this is a text field */
	assert_string_equal(one_filename(state, "form-data; name=f; filename*=UTF-8''a.txt"),
	                    "(none)");

	assert_int_equal(
	    parse(state, "multipart/form-data; boundary=b", quoted, sizeof(quoted) - 1, &p, &n, &e),
	    DV_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "say \"hi\" \\ \\x");
}

/* A body with one part whose headers are `headers` (CRLF-separated, no final blank line). */
static void refused_headers(void **state, const char *headers, const char *why)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addf(&b, "--b\r\n%s\r\n\r\nDATA\r\n--b--\r\n", headers);
	assert_false(b.failed);
	refused(state, "multipart/form-data; boundary=b", b.buf, b.len, why);
	strbuf_release(&b);
}

static void test_bad_boundary(void **state)
{
	static const char body[] =
	    "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--";
	char ct[200];
	char boundary[72];

	REFUSED(NULL, body, "not multipart/form-data");
	REFUSED("application/json", body, "not multipart/form-data");
	REFUSED("multipart/mixed; boundary=b", body, "not multipart/form-data");
	REFUSED("multipart/form-data", body, "has no boundary");
	REFUSED("multipart/form-data; charset=utf-8", body, "has no boundary");
	REFUSED("multipart/form-data; boundary=\"\"", body, "boundary is empty");
	REFUSED("multipart/form-data; boundary=", body, "malformed");
	REFUSED("multipart/form-data; boundary=b; boundary=b", body, "two boundaries");
	REFUSED("multipart/form-data; boundary=\"b", body, "invalid quoting");
	REFUSED("multipart/form-data; boundary=\"b\"x", body, "invalid quoting");
	REFUSED("multipart/form-data; boundary=\"b \"", body, "does not allow");
	REFUSED("multipart/form-data; boundary=\"b{}\"", body, "does not allow");
	REFUSED("multipart/form-data; boundary=\"a\\\\b\"", body, "does not allow");
	REFUSED("multipart/form-data boundary=b", body, "expected ';'");
	REFUSED("multipart/form-data; =b", body, "parameter name");
	REFUSED("multipart/form-data; boundary", body, "no '='");

	/* 70 characters are allowed, 71 are not */
	memset(boundary, 'z', 70);
	boundary[70] = '\0';
	{
		struct strbuf b = STRBUF_INIT;
		struct multipart_part *p;
		struct dv_error e = DV_ERROR_INIT;
		size_t n;

		strbuf_addf(&b, "--%s\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--%s--",
		            boundary, boundary);
		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
		assert_int_equal(parse(state, ct, b.buf, b.len, &p, &n, &e), DV_OK);
		assert_int_equal(n, 1);
		boundary[70] = 'z';
		boundary[71] = '\0';
		snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
		refused(state, ct, b.buf, b.len, "longer than 70");
		strbuf_release(&b);
	}
}

static void test_bad_framing(void **state)
{
	const char *ct = "multipart/form-data; boundary=b";

	REFUSED(ct, "", "does not contain its boundary");
	REFUSED(ct, "just text\r\n", "does not contain its boundary");
	REFUSED(ct, "x--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\nx--b--",
	        "does not contain its boundary");
	/* no closing delimiter, however the body stops */
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n", "no closing");
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b", "no closing");
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b\r\n",
	        "ends inside the headers of part 2");
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n", "ends inside the headers");
	REFUSED(ct, "--b", "no closing");
	/* a boundary line must be only the boundary (and padding) */
	REFUSED(ct, "--bx\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--",
	        "text after the boundary");
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--x",
	        "closing boundary line has text");
	REFUSED(ct, "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b -\r\n",
	        "text after the boundary");
	REFUSED(ct, "--b\rContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--",
	        "text after the boundary");
}

static void test_bad_headers(void **state)
{
	char line[1100];
	struct strbuf b = STRBUF_INIT;
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n, fill;

	refused_headers(state, "Content-Type: text/plain", "no content-disposition");
	refused_headers(state, "Content-Disposition: attachment; name=\"x\"",
	                "not content-disposition form-data");
	refused_headers(state, "Content-Disposition: form-datax; name=\"x\"",
	                "not content-disposition form-data");
	refused_headers(state, "Content-Disposition: ", "not content-disposition form-data");
	refused_headers(state, "Content-Disposition: form-data", "has no name");
	refused_headers(state, "Content-Disposition: form-data; filename=\"a.txt\"", "has no name");
	refused_headers(state, "Content-Disposition: form-data; name=\"\"", "empty name");
	refused_headers(state,
	                "Content-Disposition: form-data; name=a\r\n"
	                "Content-Disposition: form-data; name=b",
	                "two content-disposition");
	refused_headers(state, "Content-Disposition: form-data; name=a; name=b", "two 'name'");
	refused_headers(state, "Content-Disposition: form-data; name=a; filename=x; FILENAME=y",
	                "two 'FILENAME'");
	refused_headers(state,
	                "Content-Disposition: form-data; name=a\r\nContent-Type: a/b\r\n"
	                "Content-Type: a/c",
	                "two content-type");
	/* quoting */
	refused_headers(state, "Content-Disposition: form-data; name=\"abc", "invalid quoting");
	refused_headers(state, "Content-Disposition: form-data; name=\"a\\\"", "invalid quoting");
	refused_headers(state, "Content-Disposition: form-data; name=\"a\"b\"", "invalid quoting");
	refused_headers(state, "Content-Disposition: form-data; name=\\\"a\\\"", "invalid quoting");
	refused_headers(state, "Content-Disposition: form-data; name=a b", "expected ';'");
	refused_headers(state, "Content-Disposition: form-data; name=a;", "parameter name");
	refused_headers(state, "Content-Disposition: form-data; name", "no '='");
	/* header syntax */
	refused_headers(state, "Content-Disposition form-data; name=a", "not 'name: value'");
	refused_headers(state, "Content-Disposition : form-data; name=a", "not 'name: value'");
	refused_headers(state, ": x\r\nContent-Disposition: form-data; name=a",
	                "not 'name: value'");
	refused_headers(state, "Content-Disposition: form-data; name=a\r\n filename=x",
	                "not 'name: value'");
	refused_headers(state, "Content-Disposition: form-data; name=\"a\x01\"",
	                "control character");
	refused_headers(state, "Content-Disposition: form-data; name=\"a\rb\"",
	                "control character");
	refused_headers(state, "Content-Disposition: form-data; name=\"a\x7f\"",
	                "control character");
	/* UTF-8 */
	refused_headers(state, "Content-Disposition: form-data; name=\"\xc3\"",
	                "name of part 1 is not valid UTF-8");
	refused_headers(state, "Content-Disposition: form-data; name=f; filename=\"a\xff.txt\"",
	                "filename of part 'f' is not valid UTF-8");
	refused_headers(state, "Content-Disposition: form-data; name=f; filename=\"\xed\xa0\x80\"",
	                "filename of part 'f' is not valid UTF-8");
	refused_headers(state, "Content-Disposition: form-data; name=f\r\nContent-Type: a/\xc0\xaf",
	                "content type of part 1 is not valid UTF-8");

	/* a header line of exactly 1024 bytes is allowed, 1025 are not (CRLF and bare LF alike) */
	fill = MULTIPART_MAX_LINE - strlen("X-Pad: ");
	memset(line, 'p', fill);
	line[fill] = '\0';
	strbuf_addf(&b,
	            "--b\r\nX-Pad: %s\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--",
	            line);
	dv_error_clear(&e);
	assert_int_equal(
	    multipart_parse("multipart/form-data; boundary=b", b.buf, b.len, *state, &p, &n, &e),
	    DV_OK);
	assert_int_equal(n, 1);
	strbuf_reset(&b);
	strbuf_addf(&b, "--b\nX-Pad: %s\nContent-Disposition: form-data; name=x\n\nv\n--b--", line);
	dv_error_clear(&e);
	assert_int_equal(
	    multipart_parse("multipart/form-data; boundary=b", b.buf, b.len, *state, &p, &n, &e),
	    DV_OK);
	line[fill] = 'p';
	line[fill + 1] = '\0';
	strbuf_reset(&b);
	strbuf_addf(&b,
	            "--b\r\nX-Pad: %s\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--b--",
	            line);
	refused(state, "multipart/form-data; boundary=b", b.buf, b.len, "longer than 1024 bytes");
	strbuf_reset(&b);
	strbuf_addf(&b, "--b\nX-Pad: %s\nContent-Disposition: form-data; name=x\n\nv\n--b--", line);
	refused(state, "multipart/form-data; boundary=b", b.buf, b.len, "longer than 1024 bytes");
	/* a long line that never ends */
	strbuf_reset(&b);
	strbuf_addf(&b, "--b\r\nX-Pad: %s%s", line, line);
	refused(state, "multipart/form-data; boundary=b", b.buf, b.len, "longer than 1024 bytes");
	strbuf_release(&b);
}

static void test_max_parts(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n, i;

	for (i = 0; i < MULTIPART_MAX_PARTS; i++)
		strbuf_addf(&b,
		            "--b\r\nContent-Disposition: form-data; name=\"f%zu\"\r\n\r\n%zu\r\n",
		            i, i);
	strbuf_addstr(&b, "--b--\r\n");
	assert_false(b.failed);
	assert_int_equal(
	    multipart_parse("multipart/form-data; boundary=b", b.buf, b.len, *state, &p, &n, &e),
	    DV_OK);
	assert_int_equal(n, 64);
	assert_string_equal(p[63].name, "f63");
	assert_string_equal(p[63].data, "63");

	strbuf_setlen(&b, b.len - strlen("--b--\r\n"));
	strbuf_addstr(&b,
	              "--b\r\nContent-Disposition: form-data; name=\"f64\"\r\n\r\n64\r\n--b--\r\n");
	refused(state, "multipart/form-data; boundary=b", b.buf, b.len, "more than 64 parts");
	strbuf_release(&b);
}

static void test_form(void **state)
{
	/* "Hà Nội" decomposed (NFD): the form gets it composed, like an urlencoded field */
	static const char body[] =
	    "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nT\r\n"
	    "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
	    "\r\n\xff\x00\xfe\r\n"
	    "--b\r\nContent-Disposition: form-data; name=\"place\"\r\n\r\n"
	    "Ha\xcc\x80 No\xcc\x82\xcc\xa3i\r\n"
	    "--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n"
	    "\r\n\r\n"
	    "--b--\r\n";
	struct params form;
	const struct multipart_part *files;
	struct dv_error e = DV_ERROR_INIT;
	size_t nf;

	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", body,
	                                sizeof(body) - 1, &form, &files, &nf, &e),
	                 DV_OK);
	assert_int_equal(form.n, 2);
	assert_string_equal(params_get(&form, "csrf"), "T");
	assert_string_equal(params_get(&form, "place"), "H\xc3\xa0 N\xe1\xbb\x99i");
	assert_null(params_get(&form, "f"));
	assert_int_equal(nf, 2);
	assert_string_equal(files[0].name, "f");
	assert_string_equal(files[0].filename, "a.bin");
	assert_int_equal(files[0].len, 3);
	assert_memory_equal(files[0].data, "\xff\x00\xfe", 3);
	assert_string_equal(files[1].name, "g");
	assert_string_equal(files[1].filename, "");
	assert_int_equal(files[1].len, 0);
}

static void test_form_refusals(void **state)
{
	static const char bad_utf8[] = "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n"
	                               "a\xc3\r\n--b--\r\n";
	static const char nul[] = "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n"
	                          "a\x00z\r\n--b--\r\n";
	static const char text_only[] = "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n"
	                                "\r\nx\r\n--b--\r\n";
	static const char file_only[] = "--b\r\nContent-Disposition: form-data; name=\"t\"; "
	                                "filename=\"t.txt\"\r\n\r\nx\r\n--b--\r\n";
	struct params form;
	const struct multipart_part *files;
	struct dv_error e = DV_ERROR_INIT;
	size_t nf;

	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", bad_utf8,
	                                sizeof(bad_utf8) - 1, &form, &files, &nf, &e),
	                 DV_EINVAL);
	assert_non_null(strstr(e.detail, "form field 't' is not valid UTF-8"));
	assert_int_equal(form.n, 0);
	assert_null(files);
	dv_error_clear(&e);
	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", nul,
	                                sizeof(nul) - 1, &form, &files, &nf, &e),
	                 DV_EINVAL);
	assert_non_null(strstr(e.detail, "form field 't'"));
	dv_error_clear(&e);
	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", "--b", 3, &form,
	                                &files, &nf, &e),
	                 DV_EINVAL);
	assert_int_equal(form.n, 0);
	assert_null(files);
	assert_int_equal(nf, 0);
	/* no file part: files NULL, n_files 0 */
	dv_error_clear(&e);
	nf = 9;
	files = (const struct multipart_part *)1;
	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", text_only,
	                                sizeof(text_only) - 1, &form, &files, &nf, &e),
	                 DV_OK);
	assert_int_equal(form.n, 1);
	assert_null(files);
	assert_int_equal(nf, 0);
	/* no text part: an empty form */
	dv_error_clear(&e);
	assert_int_equal(multipart_form(*state, "multipart/form-data; boundary=b", file_only,
	                                sizeof(file_only) - 1, &form, &files, &nf, &e),
	                 DV_OK);
	assert_int_equal(form.n, 0);
	assert_null(form.v);
	assert_int_equal(nf, 1);
	assert_string_equal(files[0].data, "x");
}

/* The body is copied: the caller's buffer is neither changed nor pointed into. */
static void test_copy(void **state)
{
	char body[] = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nvalue\r\n--b--\r\n";
	char before[sizeof(body)];
	struct multipart_part *p;
	struct dv_error e = DV_ERROR_INIT;
	size_t n;

	memcpy(before, body, sizeof(body));
	assert_int_equal(
	    parse(state, "multipart/form-data; boundary=b", body, sizeof(body) - 1, &p, &n, &e),
	    DV_OK);
	assert_memory_equal(body, before, sizeof(body));
	assert_true((uintptr_t)p[0].data < (uintptr_t)body ||
	            (uintptr_t)p[0].data >= (uintptr_t)(body + sizeof(body)));
	assert_string_equal(p[0].data, "value");
}

/* The max-upload key: 32 MiB by default, sizes with suffixes, 1 KiB..1 GiB. */
static void test_config_max_upload(void **state)
{
	struct config c;
	struct dv_error e = DV_ERROR_INIT;

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.max_upload, 32 * 1024 * 1024);
	assert_int_equal(c.max_body, 1048576);
	assert_true(config_known("max-upload"));
	assert_true(config_known("max_upload"));
	assert_int_equal(config_set(&c, "max-upload", "64M", &e), DV_OK);
	assert_int_equal(c.max_upload, 64 * 1024 * 1024);
	assert_int_equal(config_set(&c, "max-upload", "1G", &e), DV_OK);
	assert_int_equal(c.max_upload, 1024 * 1024 * 1024);
	assert_int_equal(config_set(&c, "max-upload", "1k", &e), DV_OK);
	assert_int_equal(c.max_upload, 1024);
	assert_int_equal(config_set(&c, "max-upload", "1023", &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "max-upload", "2G", &e), DV_EINVAL);
	assert_non_null(strstr(e.detail, "max-upload"));
	dv_error_clear(&e);
	assert_int_equal(config_set(&c, "max-upload", "lots", &e), DV_EINVAL);
	assert_int_equal(c.max_upload, 1024);
	config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_browser_body, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bare_lf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_content_type_forms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_preamble_and_shapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_names_and_filenames, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_framing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_headers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_max_parts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
	    cmocka_unit_test(test_config_max_upload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
