/* routes.c: the one route table; the dispatcher checks flags and permissions before handlers. */
#include "web/router.h"

#include "web/handlers.h"

#include "base/banned.h"

#define GET HTTP_GET
#define POST HTTP_POST

const struct route routes[] = {
	/* infrastructure */
	{ GET, "/healthz", h_healthz, PERM_NONE, ROUTE_PUBLIC },
	{ GET, "/static/{name}", h_static, PERM_NONE, ROUTE_PUBLIC },
	{ GET, "/lang/{code}", h_lang, PERM_NONE, ROUTE_PUBLIC },

	/* sign in and out */
	{ GET, "/login", h_login_form, PERM_NONE, ROUTE_PUBLIC },
	{ POST, "/login", h_login, PERM_NONE, ROUTE_PUBLIC | ROUTE_SLOW | ROUTE_WRITE },
	{ POST, "/logout", h_logout, PERM_NONE, ROUTE_WRITE },

	/* pages */
	{ GET, "/", h_home, PERM_DASHBOARD, ROUTE_REPLICA },
	{ GET, "/areas", h_areas, PERM_AREA_READ, ROUTE_REPLICA },
	{ GET, "/areas/{code}", h_area, PERM_AREA_READ, ROUTE_REPLICA },
	{ GET, "/units", h_units, PERM_UNIT_READ, ROUTE_REPLICA },
	{ POST, "/units", h_unit_create, PERM_UNIT_WRITE, ROUTE_WRITE },
	{ GET, "/units/new", h_unit_new, PERM_UNIT_WRITE, 0 },
	{ GET, "/units/{id}", h_unit, PERM_UNIT_READ, ROUTE_REPLICA },
	{ POST, "/units/{id}", h_unit_update, PERM_UNIT_WRITE, ROUTE_WRITE },
	{ GET, "/units/{id}/edit", h_unit_edit, PERM_UNIT_WRITE, 0 },
	{ POST, "/units/{id}/move", h_unit_move, PERM_UNIT_WRITE, ROUTE_WRITE },
	{ GET, "/users", h_users, PERM_USER_READ, 0 },
	{ POST, "/users", h_user_create, PERM_USER_WRITE, ROUTE_WRITE | ROUTE_SLOW },
	{ GET, "/users/new", h_user_new, PERM_USER_WRITE, 0 },
	{ POST, "/users/{id}/disable", h_user_disable, PERM_USER_WRITE, ROUTE_WRITE },
	{ POST, "/users/{id}/enable", h_user_enable, PERM_USER_WRITE, ROUTE_WRITE },
	{ POST, "/users/{id}/password", h_user_password, PERM_USER_WRITE, ROUTE_WRITE | ROUTE_SLOW },
	{ GET, "/account", h_account, PERM_SELF, 0 },
	{ POST, "/account/password", h_account_password, PERM_SELF, ROUTE_WRITE | ROUTE_SLOW },
	{ POST, "/account/tokens", h_token_create, PERM_SELF, ROUTE_WRITE },
	{ POST, "/account/tokens/{id}/revoke", h_token_revoke, PERM_SELF, ROUTE_WRITE },

	/* JSON API */
	{ GET, "/api/v1/me", h_api_me, PERM_SELF, ROUTE_API },
	{ GET, "/api/v1/areas", h_api_areas, PERM_AREA_READ, ROUTE_API | ROUTE_REPLICA },
	{ GET, "/api/v1/areas/{code}", h_api_area, PERM_AREA_READ, ROUTE_API | ROUTE_REPLICA },
	{ GET, "/api/v1/units", h_api_units, PERM_UNIT_READ, ROUTE_API | ROUTE_REPLICA },
	{ POST, "/api/v1/units", h_api_unit_create, PERM_UNIT_WRITE, ROUTE_API | ROUTE_WRITE },
	{ GET, "/api/v1/units/{id}", h_api_unit, PERM_UNIT_READ, ROUTE_API | ROUTE_REPLICA },
	{ HTTP_PATCH, "/api/v1/units/{id}", h_api_unit_update, PERM_UNIT_WRITE,
	  ROUTE_API | ROUTE_WRITE },
	{ 0, NULL, NULL, 0, 0 },
};
