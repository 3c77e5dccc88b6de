/* test_log.c: logfmt quoting and escaping, levels, and whole lines written to a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"

static void check_add(const char *value, size_t len, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	logfmt_addn(&sb, "k", value, len);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

#define CHECK(lit, want) check_add(lit, sizeof(lit) - 1, want)

static void test_quoting(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	CHECK("plain", " k=plain");
	CHECK("Hà_Nội", " k=Hà_Nội");
	CHECK("", " k=");
	CHECK("two words", " k=\"two words\"");
	CHECK("a=b", " k=\"a=b\"");
	CHECK("say \"hi\"", " k=\"say \\\"hi\\\"\"");
	CHECK("back\\slash", " k=\"back\\\\slash\"");
	CHECK("line\nbreak", " k=\"line\\nbreak\"");
	CHECK("cr\rtab\t", " k=\"cr\\rtab\\t\"");
	CHECK("esc\x1b", " k=\"esc\\u001b\"");
	CHECK("nul\0x", " k=\"nul\\u0000x\"");
	/* invalid bytes are shown as \xHH inside quotes; valid neighbours stay */
	CHECK("bad\xFFé", " k=\"bad\\xffé\"");
	CHECK("\xC3", " k=\"\\xc3\"");
	CHECK("\xED\xA0\x80", " k=\"\\xed\\xa0\\x80\"");

	logfmt_add(&sb, "a", "1");
	logfmt_add_int(&sb, "n", -42);
	logfmt_add_int(&sb, "big", INT64_MAX);
	logfmt_add(&sb, "nil", NULL);
	assert_string_equal(sb.buf, " a=1 n=-42 big=9223372036854775807 nil=");
	strbuf_release(&sb);
}

static void test_levels(void **state)
{
	enum log_level lv = LOG_ERROR;

	(void)state;
	assert_true(log_level_parse("debug", &lv));
	assert_int_equal(lv, LOG_DEBUG);
	assert_true(log_level_parse("INFO", &lv));
	assert_int_equal(lv, LOG_INFO);
	assert_true(log_level_parse("warn", &lv));
	assert_int_equal(lv, LOG_WARN);
	assert_true(log_level_parse("error", &lv));
	assert_int_equal(lv, LOG_ERROR);
	assert_false(log_level_parse("loud", &lv));
	assert_false(log_level_parse(NULL, &lv));
	assert_int_equal(lv, LOG_ERROR);

	log_set_level(LOG_WARN);
	assert_false(log_enabled(LOG_INFO));
	assert_true(log_enabled(LOG_WARN));
	assert_true(log_enabled(LOG_ERROR));
	log_set_level(LOG_INFO);
	assert_true(log_enabled(LOG_INFO));
	assert_false(log_enabled(LOG_DEBUG));
}

static void test_lines(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char text[1024];
	size_t n;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	log_set_output(f);
	log_set_level(LOG_INFO);

	log_begin(&sb, LOG_INFO, "request done");
	logfmt_add(&sb, "path", "/a b");
	logfmt_add_int(&sb, "status", 200);
	log_write(&sb);
	/* log_write releases the buffer */
	assert_int_equal(sb.len, 0);

	/* below the level: nothing is written */
	log_begin(&sb, LOG_DEBUG, "hidden");
	logfmt_add(&sb, "x", "y");
	log_write(&sb);

	log_msg(LOG_ERROR, "boom", "err", "disk\nfull", "who", NULL, (const char *)NULL);
	log_msg(LOG_DEBUG, "quiet", (const char *)NULL);

	log_set_output(NULL);
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);

	/* "ts=YYYY-MM-DDTHH:MM:SS+07:00 " is 29 bytes */
	assert_true(n > 29);
	assert_memory_equal(text, "ts=", 3);
	assert_memory_equal(text + 22, "+07:00 ", 7);
	assert_non_null(
	    strstr(text, " level=info msg=\"request done\" path=\"/a b\" status=200\n"));
	assert_non_null(strstr(text, " level=error msg=boom err=\"disk\\nfull\" who=\n"));
	assert_null(strstr(text, "hidden"));
	assert_null(strstr(text, "quiet"));
	/* exactly two lines */
	assert_non_null(strchr(text, '\n'));
	assert_null(strchr(strchr(strchr(text, '\n') + 1, '\n') + 1, '\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_levels),
	    cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
