/* scope.h: who is asking (user, unit subtree, role) and what their role permits; pure logic. */
#ifndef DV_SCOPE_H
#define DV_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

/* Roles, stored by name in the database (role_name / role_parse). */
enum role {
	ROLE_NONE = 0,
	ROLE_OFFICER,
	ROLE_SETTLER,
	ROLE_LEADER,
	ROLE_INSPECTOR,
	ROLE_ADMIN,
	ROLE__COUNT
};

/* Actions a route or a repository function can require. One bit each. */
enum perm {
	PERM_NONE = 0,
	PERM_AREA_READ = 1u << 0,     /* read areas in scope */
	PERM_AREA_WRITE = 1u << 1,    /* import/edit areas and designations (administrators) */
	PERM_UNIT_READ = 1u << 2,     /* read units in the subtree */
	PERM_UNIT_WRITE = 1u << 3,    /* create, edit and move units in the subtree */
	PERM_USER_READ = 1u << 4,     /* list users of the subtree */
	PERM_USER_WRITE = 1u << 5,    /* create, disable, reset users of the subtree */
	PERM_SELF = 1u << 6,          /* own account: password, API tokens, logout */
	PERM_DASHBOARD = 1u << 7,     /* counts and overviews of the subtree */
	PERM_CASE_READ = 1u << 8,     /* read cases handled in the subtree (never sealed identities) */
	PERM_CASE_HANDLE = 1u << 9,   /* intake on behalf, forward, start, dialogue, comment, assign */
	PERM_CASE_SETTLE = 1u << 10,  /* accept, refuse, extend, decide, publish, close, escalate */
	PERM_CASE_REVEAL = 1u << 11,  /* reveal a denouncer's identity (audited), where entitled */
	PERM_CONFIG_WRITE = 1u << 12, /* topics, routing rules, holidays, rule sets, Open311 clients,
				       * activity types */
	PERM_WORK_READ = 1u << 13,    /* activities, twinning, working groups, plans, rollups */
	PERM_WORK_WRITE = 1u << 14,   /* log and edit activities, groups, twinning; draft plans */
	PERM_WORK_APPROVE = 1u << 15, /* approve or return subordinate units' plans; delete activities */
	PERM_EMU_REVIEW = 1u << 16,   /* criteria sets, evaluate models, launch rounds, reviewer
				       * scores, preliminary reviews */
	PERM_EMU_DECIDE = 1u << 17,   /* recognise models, final reviews, decide commendations */
};

/*
 * The caller's scope, handed to every repository function, which applies it in SQL:
 * units visible = the subtree of unit_id (unit_closure); areas visible = the subtrees of the
 * areas served by unit_id (unit_area, which always holds the unit's home area).
 *
 * `system` is set only by scope_system(), for CLI maintenance (import, demo, migrate): it sees
 * everything and has every permission. Web requests never get a system scope.
 */
struct scope {
	int64_t user_id;  /* 0 for system and anonymous */
	int64_t unit_id;  /* root of the visible unit subtree; 0 = nothing */
	enum role role;
	uint32_t perms;   /* role_perms(role), frozen when the scope is built */
	bool system;
};

/* The permission table: what each role may do (deny by default). */
uint32_t role_perms(enum role role);
/* "officer", "settler", "leader", "inspector", "administrator"; NULL for ROLE_NONE/out of range. */
const char *role_name(enum role role);
/* Inverse of role_name; ROLE_NONE when unknown. */
enum role role_parse(const char *name);
/* "area-read", "case-handle", ... for one permission bit; NULL for none or an unknown bit. */
const char *perm_name(uint32_t bit);

/* A scope for a signed-in user of unit `unit_id` with `role`. */
struct scope scope_for_user(int64_t user_id, int64_t unit_id, enum role role);
/* A scope that sees and may do everything (CLI maintenance only). */
struct scope scope_system(void);
/* An anonymous scope: sees nothing, may do nothing. */
struct scope scope_anonymous(void);
/* True when every bit of `need` is granted. PERM_NONE is always granted. */
bool scope_can(const struct scope *s, uint32_t need);

#endif
