/* test_scope.c: the role -> permission table and scope constructors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/scope.h"

static void test_roles_round_trip(void **state)
{
	int r;

	(void)state;
	for (r = ROLE_OFFICER; r < ROLE__COUNT; r++)
		assert_int_equal(role_parse(role_name((enum role)r)), r);
	assert_int_equal(role_parse("root"), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	assert_null(role_name(ROLE__COUNT));
}

static void test_deny_by_default(void **state)
{
	struct scope anon = scope_anonymous();
	struct scope bad = scope_for_user(0, 5, ROLE_ADMIN);

	(void)state;
	assert_false(scope_can(&anon, PERM_AREA_READ));
	assert_true(scope_can(&anon, PERM_NONE));
	/* a scope with no user or no unit gets nothing, whatever the role */
	assert_false(scope_can(&bad, PERM_AREA_READ));
	assert_false(anon.system);
}

static void test_permission_table(void **state)
{
	struct scope officer = scope_for_user(1, 2, ROLE_OFFICER);
	struct scope leader = scope_for_user(1, 2, ROLE_LEADER);
	struct scope admin = scope_for_user(1, 2, ROLE_ADMIN);
	struct scope sys = scope_system();

	(void)state;
	assert_true(scope_can(&officer, PERM_AREA_READ | PERM_UNIT_READ | PERM_SELF));
	assert_false(scope_can(&officer, PERM_UNIT_WRITE));
	assert_false(scope_can(&officer, PERM_USER_READ));
	assert_true(scope_can(&leader, PERM_USER_READ));
	assert_false(scope_can(&leader, PERM_USER_WRITE));
	assert_true(scope_can(&admin, PERM_UNIT_WRITE | PERM_USER_WRITE | PERM_AREA_WRITE));
	/* mass-mobilisation work: everyone reads, officers log, leaders approve plans */
	assert_true(scope_can(&officer, PERM_WORK_READ | PERM_WORK_WRITE));
	assert_false(scope_can(&officer, PERM_WORK_APPROVE));
	assert_true(scope_can(&leader, PERM_WORK_READ | PERM_WORK_WRITE | PERM_WORK_APPROVE));
	{
		struct scope insp = scope_for_user(1, 2, ROLE_INSPECTOR);

		assert_true(scope_can(&insp, PERM_WORK_READ));
		assert_false(scope_can(&insp, PERM_WORK_WRITE));
	}
	/* all bits must be granted, not any */
	assert_false(scope_can(&officer, PERM_AREA_READ | PERM_UNIT_WRITE));
	assert_false(admin.system);
	assert_true(sys.system);
	assert_true(scope_can(&sys, PERM_USER_WRITE));
}

/* Every permission a role holds has a name (`danvan routes` prints them for t2400), once. */
static void test_perm_names(void **state)
{
	uint32_t all = 0, bit;
	int r, i, j;

	(void)state;
	for (r = ROLE_OFFICER; r < ROLE__COUNT; r++)
		all |= role_perms((enum role)r);
	for (i = 0; i < 32; i++) {
		bit = (uint32_t)1 << i;
		if (all & bit)
			assert_non_null(perm_name(bit));
		for (j = 0; j < i; j++)
			if (perm_name(bit) && perm_name((uint32_t)1 << j))
				assert_string_not_equal(perm_name(bit), perm_name((uint32_t)1 << j));
	}
	assert_null(perm_name(PERM_NONE));
	assert_null(perm_name(PERM_AREA_READ | PERM_UNIT_READ));
	assert_string_equal(perm_name(PERM_CASE_REVEAL), "case-reveal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_round_trip),
		cmocka_unit_test(test_deny_by_default),
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_perm_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
