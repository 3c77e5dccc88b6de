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

	/* the citizen's side: no sign-in; forms carry the anonymous CSRF cookie's token */
	{ GET, "/submit", h_submit_form, PERM_NONE, ROUTE_PUBLIC },
	{ POST, "/submit", h_submit, PERM_NONE, ROUTE_PUBLIC | ROUTE_WRITE },
	{ GET, "/track", h_track_form, PERM_NONE, ROUTE_PUBLIC },
	{ GET, "/track/{code}", h_track, PERM_NONE, ROUTE_PUBLIC },
	{ POST, "/track/{code}/rate", h_track_rate, PERM_NONE, ROUTE_PUBLIC | ROUTE_WRITE },
	{ POST, "/track/{code}/reopen", h_track_reopen, PERM_NONE, ROUTE_PUBLIC | ROUTE_WRITE },
	{ POST, "/track/{code}/withdraw", h_track_withdraw, PERM_NONE, ROUTE_PUBLIC | ROUTE_WRITE },

	/* staff: cases */
	{ GET, "/cases", h_cases, PERM_CASE_READ, 0 },
	{ POST, "/cases", h_case_create, PERM_CASE_HANDLE, ROUTE_WRITE },
	{ GET, "/cases/new", h_case_new, PERM_CASE_HANDLE, 0 },
	{ GET, "/cases/{id}", h_case, PERM_CASE_READ, 0 },
	{ POST, "/cases/{id}/act", h_case_act, PERM_CASE_READ, ROUTE_WRITE },
	{ POST, "/cases/{id}/reveal", h_case_reveal, PERM_CASE_REVEAL, ROUTE_WRITE },

	/* administrators: the lists behind cases */
	{ GET, "/config", h_config, PERM_CONFIG_WRITE, 0 },
	{ GET, "/config/topics", h_config_topics, PERM_CONFIG_WRITE, 0 },
	{ POST, "/config/topics", h_config_topic_save, PERM_CONFIG_WRITE, ROUTE_WRITE },
	{ GET, "/config/routing", h_config_routing, PERM_CONFIG_WRITE, 0 },
	{ POST, "/config/routing", h_config_routing_add, PERM_CONFIG_WRITE, ROUTE_WRITE },
	{ POST, "/config/routing/{id}/delete", h_config_routing_del, PERM_CONFIG_WRITE, ROUTE_WRITE },
	{ GET, "/config/holidays", h_config_holidays, PERM_CONFIG_WRITE, 0 },
	{ POST, "/config/holidays", h_config_holiday_add, PERM_CONFIG_WRITE, ROUTE_WRITE },
	{ POST, "/config/holidays/{day}/delete", h_config_holiday_del, PERM_CONFIG_WRITE,
	  ROUTE_WRITE },
	{ GET, "/config/rules", h_config_rules, PERM_CASE_READ, 0 },
	{ GET, "/config/open311", h_config_open311, PERM_CONFIG_WRITE, 0 },
	{ POST, "/config/open311", h_config_open311_add, PERM_CONFIG_WRITE, ROUTE_WRITE },

	/* JSON API: cases */
	{ GET, "/api/v1/cases", h_api_cases, PERM_CASE_READ, ROUTE_API },
	{ POST, "/api/v1/cases", h_api_case_create, PERM_CASE_HANDLE, ROUTE_API | ROUTE_WRITE },
	{ GET, "/api/v1/cases/{id}", h_api_case, PERM_CASE_READ, ROUTE_API },
	{ POST, "/api/v1/cases/{id}/actions", h_api_case_action, PERM_CASE_READ,
	  ROUTE_API | ROUTE_WRITE },
	{ POST, "/api/v1/cases/{id}/reveal", h_api_case_reveal, PERM_CASE_REVEAL,
	  ROUTE_API | ROUTE_WRITE },
	{ GET, "/api/v1/topics", h_api_topics, PERM_NONE, ROUTE_API | ROUTE_PUBLIC },
	/* public JSON: application/json bodies only, which a browser cannot send cross-site
	 * without a preflight, so no CSRF token */
	{ POST, "/api/v1/public/cases", h_api_public_submit, PERM_NONE,
	  ROUTE_API | ROUTE_PUBLIC | ROUTE_WRITE | ROUTE_NO_CSRF },
	{ GET, "/api/v1/public/cases/{code}", h_api_public_case, PERM_NONE,
	  ROUTE_API | ROUTE_PUBLIC },
	{ POST, "/api/v1/public/cases/{code}/rating", h_api_public_rate, PERM_NONE,
	  ROUTE_API | ROUTE_PUBLIC | ROUTE_WRITE | ROUTE_NO_CSRF },

	/* Open311 GeoReport v2: api_key instead of sessions; its own error format */
	{ GET, "/open311/{doc}", h_open311_discovery, PERM_NONE, ROUTE_PUBLIC | ROUTE_API },
	{ GET | POST, "/open311/v2/{doc}", h_open311_doc, PERM_NONE,
	  ROUTE_PUBLIC | ROUTE_API | ROUTE_WRITE | ROUTE_NO_CSRF },
	{ GET, "/open311/v2/services/{file}", h_open311_service, PERM_NONE,
	  ROUTE_PUBLIC | ROUTE_API },
	{ GET, "/open311/v2/requests/{file}", h_open311_request, PERM_NONE,
	  ROUTE_PUBLIC | ROUTE_API },
	{ GET, "/open311/v2/tokens/{file}", h_open311_token, PERM_NONE, ROUTE_PUBLIC | ROUTE_API },
	{ 0, NULL, NULL, 0, 0 },
};
