/* test_seal.c: sealing confidential fields: round trips, wrong keys, tampering, no key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "app/seal.h"
#include "base/arena.h"

static struct app keyed(void)
{
	struct app app;

	memset(&app, 0, sizeof(app));
	randombytes_buf(app.key, sizeof(app.key));
	app.have_key = true;
	return app;
}

static void test_bytes_roundtrip(void **state)
{
	struct app app = keyed();
	struct arena *a = arena_new();
	struct dv_error e = DV_ERROR_INIT;
	const void *blob, *blob2;
	size_t len, len2, plen;
	char *plain;

	(void)state;
	assert_int_equal(seal_bytes(&app, "0912 345 678", 12, a, &blob, &len, &e), DV_OK);
	assert_int_equal(len, 12 + SEAL_OVERHEAD);
	assert_null(memmem(blob, len, "0912", 4));
	assert_int_equal(seal_open(&app, blob, len, a, &plain, &plen, &e), DV_OK);
	assert_int_equal(plen, 12);
	assert_string_equal(plain, "0912 345 678");
	/* a fresh nonce each time: the same text seals differently */
	assert_int_equal(seal_bytes(&app, "0912 345 678", 12, a, &blob2, &len2, &e), DV_OK);
	assert_memory_not_equal(blob, blob2, len);
	/* empty is fine */
	assert_int_equal(seal_bytes(&app, "", 0, a, &blob, &len, &e), DV_OK);
	assert_int_equal(seal_open(&app, blob, len, a, &plain, &plen, &e), DV_OK);
	assert_string_equal(plain, "");
	arena_free(a);
}

static void test_wrong_key_and_tampering(void **state)
{
	struct app app = keyed(), other = keyed();
	struct arena *a = arena_new();
	struct dv_error e = DV_ERROR_INIT;
	const void *blob;
	unsigned char *copy;
	size_t len;
	char *plain;

	(void)state;
	assert_int_equal(seal_bytes(&app, "bí mật", strlen("bí mật"), a, &blob, &len, &e), DV_OK);
	assert_int_equal(seal_open(&other, blob, len, a, &plain, NULL, &e), DV_EINVAL);
	assert_null(plain);
	dv_error_clear(&e);
	copy = arena_alloc(a, len);
	memcpy(copy, blob, len);
	copy[len - 1] ^= 1;
	assert_int_equal(seal_open(&app, copy, len, a, &plain, NULL, &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(seal_open(&app, blob, SEAL_OVERHEAD - 1, a, &plain, NULL, &e), DV_EINVAL);
	dv_error_clear(&e);
	assert_int_equal(seal_open(&app, NULL, 0, a, &plain, NULL, &e), DV_EINVAL);
	arena_free(a);
}

static void test_no_key(void **state)
{
	struct app app;
	struct arena *a = arena_new();
	struct dv_error e = DV_ERROR_INIT;
	const void *blob;
	size_t len;
	char *plain;

	(void)state;
	memset(&app, 0, sizeof(app));
	assert_int_equal(seal_bytes(&app, "x", 1, a, &blob, &len, &e), DV_ECONFIG);
	assert_null(blob);
	dv_error_clear(&e);
	assert_int_equal(
	    seal_open(&app, "0123456789012345678901234567890123456789x", 41, a, &plain, NULL, &e),
	    DV_ECONFIG);
	arena_free(a);
}

static void test_identity(void **state)
{
	struct app app = keyed();
	struct arena *a = arena_new();
	struct dv_error e = DV_ERROR_INIT;
	struct sealed_identity in = {"Nguyễn Văn \"An\"", "12 Phố Huế, Hà Nội", "an@example.vn",
	                             true};
	struct sealed_identity out;
	const void *blob;
	size_t len;

	(void)state;
	assert_int_equal(seal_identity(&app, &in, a, &blob, &len, &e), DV_OK);
	assert_null(memmem(blob, len, "Nguy", 4));
	assert_int_equal(seal_open_identity(&app, blob, len, a, &out, &e), DV_OK);
	assert_string_equal(out.name, in.name);
	assert_string_equal(out.address, in.address);
	assert_string_equal(out.contact, in.contact);
	assert_true(out.signed_);
	/* absent fields come back empty, never NULL */
	in.name = NULL;
	in.signed_ = false;
	assert_int_equal(seal_identity(&app, &in, a, &blob, &len, &e), DV_OK);
	assert_int_equal(seal_open_identity(&app, blob, len, a, &out, &e), DV_OK);
	assert_string_equal(out.name, "");
	assert_false(out.signed_);
	/* a sealed non-JSON blob is malformed */
	assert_int_equal(seal_bytes(&app, "not json", 8, a, &blob, &len, &e), DV_OK);
	assert_int_equal(seal_open_identity(&app, blob, len, a, &out, &e), DV_EINVAL);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes_roundtrip),
	    cmocka_unit_test(test_wrong_key_and_tampering),
	    cmocka_unit_test(test_no_key),
	    cmocka_unit_test(test_identity),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
