/* scope.c: the role -> permission table and scope constructors. */
#include "core/scope.h"

#include <string.h>

#include "base/banned.h"

#define READ_ALL (PERM_AREA_READ | PERM_UNIT_READ | PERM_SELF | PERM_DASHBOARD | PERM_WORK_READ)

static const struct {
	const char *name;
	uint32_t perms;
} role_table[ROLE__COUNT] = {
	[ROLE_NONE] = { NULL, PERM_NONE },
	[ROLE_OFFICER] = { "officer", READ_ALL | PERM_CASE_READ | PERM_CASE_HANDLE |
					      PERM_WORK_WRITE },
	[ROLE_SETTLER] = { "settler", READ_ALL | PERM_CASE_READ | PERM_CASE_HANDLE |
					      PERM_CASE_SETTLE | PERM_CASE_REVEAL | PERM_WORK_WRITE },
	[ROLE_LEADER] = { "leader", READ_ALL | PERM_USER_READ | PERM_CASE_READ | PERM_WORK_WRITE |
					    PERM_WORK_APPROVE | PERM_EMU_REVIEW | PERM_EMU_DECIDE },
	[ROLE_INSPECTOR] = { "inspector", READ_ALL | PERM_CASE_READ | PERM_CASE_REVEAL },
	[ROLE_ADMIN] = { "administrator", READ_ALL | PERM_AREA_WRITE | PERM_UNIT_WRITE |
						    PERM_USER_READ | PERM_USER_WRITE | PERM_CASE_READ |
						    PERM_CONFIG_WRITE | PERM_WORK_WRITE |
						    PERM_WORK_APPROVE | PERM_EMU_REVIEW |
						    PERM_EMU_DECIDE },
};

/* The names `danvan routes` prints, for the authorization matrix test to read. */
static const struct {
	uint32_t bit;
	const char *name;
} perm_table[] = {
	{ PERM_AREA_READ, "area-read" },
	{ PERM_AREA_WRITE, "area-write" },
	{ PERM_UNIT_READ, "unit-read" },
	{ PERM_UNIT_WRITE, "unit-write" },
	{ PERM_USER_READ, "user-read" },
	{ PERM_USER_WRITE, "user-write" },
	{ PERM_SELF, "self" },
	{ PERM_DASHBOARD, "dashboard" },
	{ PERM_CASE_READ, "case-read" },
	{ PERM_CASE_HANDLE, "case-handle" },
	{ PERM_CASE_SETTLE, "case-settle" },
	{ PERM_CASE_REVEAL, "case-reveal" },
	{ PERM_CONFIG_WRITE, "config-write" },
	{ PERM_WORK_READ, "work-read" },
	{ PERM_WORK_WRITE, "work-write" },
	{ PERM_WORK_APPROVE, "work-approve" },
	{ PERM_EMU_REVIEW, "emu-review" },
	{ PERM_EMU_DECIDE, "emu-decide" },
};

const char *perm_name(uint32_t bit)
{
	size_t i;

	for (i = 0; i < sizeof(perm_table) / sizeof(perm_table[0]); i++)
		if (perm_table[i].bit == bit)
			return perm_table[i].name;
	return NULL;
}

uint32_t role_perms(enum role role)
{
	if ((unsigned)role >= ROLE__COUNT)
		return PERM_NONE;
	return role_table[role].perms;
}

const char *role_name(enum role role)
{
	if ((unsigned)role >= ROLE__COUNT)
		return NULL;
	return role_table[role].name;
}

enum role role_parse(const char *name)
{
	int r;

	if (!name)
		return ROLE_NONE;
	for (r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		if (!strcmp(role_table[r].name, name))
			return (enum role)r;
	return ROLE_NONE;
}

struct scope scope_for_user(int64_t user_id, int64_t unit_id, enum role role)
{
	struct scope s = { user_id, unit_id, role, role_perms(role), false };

	if (user_id <= 0 || unit_id <= 0)
		s.perms = PERM_NONE;
	return s;
}

struct scope scope_system(void)
{
	struct scope s = { 0, 0, ROLE_ADMIN, UINT32_MAX, true };

	return s;
}

struct scope scope_anonymous(void)
{
	struct scope s = { 0, 0, ROLE_NONE, PERM_NONE, false };

	return s;
}

bool scope_can(const struct scope *s, uint32_t need)
{
	return (s->perms & need) == need;
}
