/* handlers.h: every route handler, one group per file (page_*.c, api.c, dispatch.c). */
#ifndef DV_HANDLERS_H
#define DV_HANDLERS_H

#include "web/http.h"

/* dispatch.c / respond.c: infrastructure */
void h_healthz(struct request *req, struct response *resp);
void h_static(struct request *req, struct response *resp);       /* /static/{name} */
void h_lang(struct request *req, struct response *resp);         /* /lang/{code}?next=/path */

/* page_login.c */
void h_login_form(struct request *req, struct response *resp);   /* GET /login */
void h_login(struct request *req, struct response *resp);        /* POST /login (slow) */
void h_logout(struct request *req, struct response *resp);       /* POST /logout */

/* page_home.c */
void h_home(struct request *req, struct response *resp);         /* GET / */

/* page_areas.c */
void h_areas(struct request *req, struct response *resp);        /* GET /areas[?q=&level=&page=] */
void h_area(struct request *req, struct response *resp);         /* GET /areas/{code} */

/* page_units.c */
void h_units(struct request *req, struct response *resp);        /* GET /units[?q=&kind=&page=] */
void h_unit(struct request *req, struct response *resp);         /* GET /units/{id} */
void h_unit_new(struct request *req, struct response *resp);     /* GET /units/new?parent=ID */
void h_unit_create(struct request *req, struct response *resp);  /* POST /units */
void h_unit_edit(struct request *req, struct response *resp);    /* GET /units/{id}/edit */
void h_unit_update(struct request *req, struct response *resp);  /* POST /units/{id} */
void h_unit_move(struct request *req, struct response *resp);    /* POST /units/{id}/move */

/* page_users.c */
void h_users(struct request *req, struct response *resp);        /* GET /users[?page=] */
void h_user_new(struct request *req, struct response *resp);     /* GET /users/new */
void h_user_create(struct request *req, struct response *resp);  /* POST /users (slow) */
void h_user_disable(struct request *req, struct response *resp); /* POST /users/{id}/disable */
void h_user_enable(struct request *req, struct response *resp);  /* POST /users/{id}/enable */
void h_user_password(struct request *req, struct response *resp);/* POST /users/{id}/password (slow) */

/* page_account.c */
void h_account(struct request *req, struct response *resp);      /* GET /account */
void h_account_password(struct request *req, struct response *resp); /* POST /account/password (slow) */
void h_token_create(struct request *req, struct response *resp); /* POST /account/tokens */
void h_token_revoke(struct request *req, struct response *resp); /* POST /account/tokens/{id}/revoke */

/* api.c: JSON API /api/v1 */
void h_api_me(struct request *req, struct response *resp);
void h_api_areas(struct request *req, struct response *resp);    /* ?parent=&q=&level=&limit=&offset= */
void h_api_area(struct request *req, struct response *resp);
void h_api_units(struct request *req, struct response *resp);    /* ?parent=&q=&kind=&limit=&offset= */
void h_api_unit(struct request *req, struct response *resp);
void h_api_unit_create(struct request *req, struct response *resp); /* POST, JSON body */
void h_api_unit_update(struct request *req, struct response *resp); /* PATCH, JSON body */

#endif
