/* test_utf8.c: strict validation, NFC normalisation and the search key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/utf8.h"

struct seq {
	const char *s;
	size_t len;
	bool valid;
};

/* clang-format off */
#define SEQ(lit, ok) { lit, sizeof(lit) - 1, ok }
/* clang-format on */

static const struct seq seqs[] = {
    SEQ("", true),
    SEQ("hello", true),
    SEQ("Hà Nội", true),
    SEQ("\xC2\x80", true),         /* U+0080, smallest 2-byte */
    SEQ("\xDF\xBF", true),         /* U+07FF */
    SEQ("\xE0\xA0\x80", true),     /* U+0800 */
    SEQ("\xED\x9F\xBF", true),     /* U+D7FF, just below surrogates */
    SEQ("\xEE\x80\x80", true),     /* U+E000, just above */
    SEQ("\xEF\xBF\xBF", true),     /* U+FFFF */
    SEQ("\xF0\x90\x80\x80", true), /* U+10000 */
    SEQ("\xF4\x8F\xBF\xBF", true), /* U+10FFFF */
    SEQ("a\0b", true),             /* NUL is valid UTF-8 */
    SEQ("\x80", false),            /* lone continuation */
    SEQ("\xBF", false),
    SEQ("\xC0\x80", false),         /* overlong NUL */
    SEQ("\xC1\xBF", false),         /* overlong */
    SEQ("\xE0\x80\x80", false),     /* overlong 3-byte */
    SEQ("\xE0\x9F\xBF", false),     /* overlong U+07FF */
    SEQ("\xF0\x80\x80\x80", false), /* overlong 4-byte */
    SEQ("\xF0\x8F\xBF\xBF", false), /* overlong U+FFFF */
    SEQ("\xED\xA0\x80", false),     /* U+D800 surrogate */
    SEQ("\xED\xBF\xBF", false),     /* U+DFFF surrogate */
    SEQ("\xF4\x90\x80\x80", false), /* U+110000 */
    SEQ("\xF5\x80\x80\x80", false),
    SEQ("\xFF", false),
    SEQ("\xFE", false),
    SEQ("\xC3", false),         /* truncated */
    SEQ("\xE1\xBA", false),     /* truncated 3-byte */
    SEQ("\xF0\x90\x80", false), /* truncated 4-byte */
    SEQ("\xC3\x28", false),     /* bad continuation */
    SEQ("ok\xE1\xBA", false),   /* truncated at the end */
};

static void test_valid_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		if (utf8_valid(seqs[i].s, seqs[i].len) != seqs[i].valid)
			fail_msg("utf8_valid wrong for entry %zu", i);
	}
}

static void test_valid_text(void **state)
{
	(void)state;
	assert_true(utf8_valid_text("a\tb\nc\r", 6));
	assert_false(utf8_valid_text("a\0b", 3));
	assert_false(utf8_valid_text("a\x1b", 2));
	assert_false(utf8_valid_text("a\x7f", 2));
	assert_false(utf8_valid_text("\xC2\x85", 2)); /* NEL, a C1 control */
	assert_false(utf8_valid_text("\xC3", 1));
	assert_true(utf8_valid_text("Đắk Lắk", strlen("Đắk Lắk")));
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("Hà Nội", strlen("Hà Nội")), 6);
	assert_int_equal(utf8_length("\xF0\x90\x80\x80", 4), 1);
}

static void check_nfc(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(utf8_nfc(&sb, in, strlen(in)), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_nfc(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[3 * 700 + 1];
	size_t i;

	(void)state;
	check_nfc("", "");
	check_nfc("plain ascii", "plain ascii");
	/* a + combining grave -> à; o + circumflex + dot below -> ộ */
	check_nfc("Ha\xCC\x80 No\xCC\x82\xCC\xA3i", "Hà Nội");
	/* the other order of the two marks composes the same */
	check_nfc("No\xCC\xA3\xCC\x82i", "Nội");
	check_nfc("Hà Nội", "Hà Nội");
	/* compatibility characters are kept by NFC */
	check_nfc("\xEF\xAC\x81", "\xEF\xAC\x81");
	/* appends to what is there */
	strbuf_addstr(&sb, "x=");
	assert_int_equal(utf8_nfc(&sb, "e\xCC\x81", 3), 0);
	assert_string_equal(sb.buf, "x=\xC3\xA9");
	/* invalid input fails and appends nothing */
	assert_int_equal(utf8_nfc(&sb, "\xC3", 1), -1);
	assert_string_equal(sb.buf, "x=\xC3\xA9");
	strbuf_release(&sb);

	/* longer than the stack buffer: 700 decomposed "a\u0300" give 700 "à" */
	for (i = 0; i < 700; i++)
		memcpy(big + 3 * i, "a\xCC\x80", 3);
	big[3 * 700] = '\0';
	assert_int_equal(utf8_nfc(&sb, big, strlen(big)), 0);
	assert_int_equal(sb.len, 2 * 700);
	assert_memory_equal(sb.buf, "\xC3\xA0\xC3\xA0", 4);
	assert_int_equal(utf8_length(sb.buf, sb.len), 700);
	strbuf_release(&sb);
}

static void check_fold(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(utf8_fold(&sb, in, strlen(in)), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_fold(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	check_fold("Thành phố Hà Nội", "thanh pho ha noi");
	check_fold("Đắk Lắk", "dak lak");
	check_fold("Thừa Thiên Huế", "thua thien hue");
	check_fold("  HA   noi ", "ha noi");
	check_fold("Hà Nội", "ha noi");
	check_fold("", "");
	check_fold("   ", "");
	check_fold("--!!--", "");
	check_fold("Bà Rịa–Vũng Tàu", "ba ria vung tau");
	check_fold("Phường 12, Quận 3", "phuong 12 quan 3");
	check_fold("ĐỒNG THÁP", "dong thap");
	check_fold("Quảng\tNgãi\n", "quang ngai");
	/* decomposed input folds the same as precomposed */
	check_fold("Ha\xCC\x80 No\xCC\x82\xCC\xA3i", "ha noi");
	/* compatibility forms: the ligature fi, full-width letters and superscript two */
	check_fold("\xEF\xAC\x81le", "file");
	check_fold("\xEF\xBC\xA8\xEF\xBC\xA1", "ha");
	check_fold("m\xC2\xB2", "m2");
	/* non-Latin letters are kept, lowercased */
	check_fold("ΑΒΓ", "αβγ");

	strbuf_addstr(&sb, "k:");
	assert_int_equal(utf8_fold(&sb, "Huế", strlen("Huế")), 0);
	assert_string_equal(sb.buf, "k:hue");
	assert_int_equal(utf8_fold(&sb, "\xED\xA0\x80", 3), -1);
	assert_string_equal(sb.buf, "k:hue");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_table), cmocka_unit_test(test_valid_text),
	    cmocka_unit_test(test_length),      cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
