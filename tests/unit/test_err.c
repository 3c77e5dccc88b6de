/* test_err.c: the error record: the first failure wins, dv_refail gives it a new meaning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/err.h"

static void test_first_wins(void **state)
{
	struct dv_error e = DV_ERROR_INIT;

	(void)state;
	assert_int_equal(dv_fail(&e, DV_ENOTFOUND, "area '%s' not found", "99999"), DV_ENOTFOUND);
	assert_int_equal(dv_fail(&e, DV_EINVAL, "field 'area': no area"), DV_EINVAL);
	assert_int_equal(e.code, DV_ENOTFOUND);
	assert_string_equal(e.detail, "area '99999' not found");
	assert_int_equal(dv_fail(NULL, DV_EIO, "nowhere"), DV_EIO);
}

static void test_refail_replaces(void **state)
{
	struct dv_error e = DV_ERROR_INIT;

	(void)state;
	dv_fail(&e, DV_ENOTFOUND, "area '99999' not found");
	assert_int_equal(dv_refail(&e, DV_EINVAL, "field '%s': no area with code '%s'", "area",
				   "99999"),
			 DV_EINVAL);
	assert_int_equal(e.code, DV_EINVAL);
	assert_string_equal(e.detail, "field 'area': no area with code '99999'");
	dv_error_clear(&e);
	assert_int_equal(dv_refail(&e, DV_EPERM, "first"), DV_EPERM);
	assert_string_equal(e.detail, "first");
	assert_int_equal(dv_refail(NULL, DV_EIO, "nowhere"), DV_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_wins),
		cmocka_unit_test(test_refail_replaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
