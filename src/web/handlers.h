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

/* page_public.c: the citizen's side, no sign-in */
void h_submit_form(struct request *req, struct response *resp);  /* GET /submit[?kind=] */
void h_submit(struct request *req, struct response *resp);       /* POST /submit */
void h_track_form(struct request *req, struct response *resp);   /* GET /track[?code=] */
void h_track(struct request *req, struct response *resp);        /* GET /track/{code} */
void h_track_rate(struct request *req, struct response *resp);   /* POST /track/{code}/rate */
void h_track_reopen(struct request *req, struct response *resp); /* POST /track/{code}/reopen */
void h_track_withdraw(struct request *req, struct response *resp); /* POST /track/{code}/withdraw */

/* page_cases.c: staff */
void h_cases(struct request *req, struct response *resp);        /* GET /cases: inbox and lists */
void h_case_new(struct request *req, struct response *resp);     /* GET /cases/new */
void h_case_create(struct request *req, struct response *resp);  /* POST /cases */
void h_case(struct request *req, struct response *resp);         /* GET /cases/{id} */
void h_case_act(struct request *req, struct response *resp);     /* POST /cases/{id}/act */
void h_case_reveal(struct request *req, struct response *resp);  /* POST /cases/{id}/reveal */

/* page_config.c: administrators */
void h_config(struct request *req, struct response *resp);       /* GET /config */
void h_config_topics(struct request *req, struct response *resp); /* GET /config/topics */
void h_config_topic_save(struct request *req, struct response *resp); /* POST /config/topics */
void h_config_routing(struct request *req, struct response *resp); /* GET /config/routing */
void h_config_routing_add(struct request *req, struct response *resp); /* POST /config/routing */
void h_config_routing_del(struct request *req, struct response *resp); /* POST /config/routing/{id}/delete */
void h_config_holidays(struct request *req, struct response *resp); /* GET /config/holidays */
void h_config_holiday_add(struct request *req, struct response *resp); /* POST /config/holidays */
void h_config_holiday_del(struct request *req, struct response *resp); /* POST /config/holidays/{day}/delete */
void h_config_rules(struct request *req, struct response *resp); /* GET /config/rules[?rule=&from=] */
void h_config_open311(struct request *req, struct response *resp); /* GET /config/open311 */
void h_config_open311_add(struct request *req, struct response *resp); /* POST /config/open311 */

/* page_work*.c: mass-mobilisation work pages */
void h_activities(struct request *req, struct response *resp); /* GET /activities */
void h_activity_create(struct request *req, struct response *resp); /* POST /activities */
void h_activity_new(struct request *req, struct response *resp); /* GET /activities/new */
void h_activity_import_form(struct request *req, struct response *resp); /* GET /activities/import */
void h_activity_import(struct request *req, struct response *resp); /* POST /activities/import */
void h_activity_template(struct request *req, struct response *resp); /* GET /activities/template.xlsx */
void h_activity(struct request *req, struct response *resp); /* GET /activities/{id} */
void h_activity_update(struct request *req, struct response *resp); /* POST /activities/{id} */
void h_activity_edit(struct request *req, struct response *resp); /* GET /activities/{id}/edit */
void h_activity_delete(struct request *req, struct response *resp); /* POST /activities/{id}/delete */
void h_activity_photo_add(struct request *req, struct response *resp); /* POST /activities/{id}/photos */
void h_photo_delete(struct request *req, struct response *resp); /* POST /photos/{id}/delete */
void h_photo(struct request *req, struct response *resp); /* GET /photos/{id} */
void h_rollups(struct request *req, struct response *resp); /* GET /rollups */
void h_twinnings(struct request *req, struct response *resp); /* GET /twinning */
void h_twinning_create(struct request *req, struct response *resp); /* POST /twinning */
void h_twinning_new(struct request *req, struct response *resp); /* GET /twinning/new */
void h_twinning(struct request *req, struct response *resp); /* GET /twinning/{id} */
void h_twinning_update(struct request *req, struct response *resp); /* POST /twinning/{id} */
void h_groups(struct request *req, struct response *resp); /* GET /groups */
void h_group_create(struct request *req, struct response *resp); /* POST /groups */
void h_group_new(struct request *req, struct response *resp); /* GET /groups/new */
void h_group(struct request *req, struct response *resp); /* GET /groups/{id} */
void h_group_update(struct request *req, struct response *resp); /* POST /groups/{id} */
void h_plans(struct request *req, struct response *resp); /* GET /plans */
void h_plan_create(struct request *req, struct response *resp); /* POST /plans */
void h_plan_new(struct request *req, struct response *resp); /* GET /plans/new */
void h_plan(struct request *req, struct response *resp); /* GET /plans/{id} */
void h_plan_target_add(struct request *req, struct response *resp); /* POST /plans/{id}/targets */
void h_plan_target_del(struct request *req, struct response *resp); /* POST /plans/{id}/targets/{tid}/delete */
void h_plan_act(struct request *req, struct response *resp); /* POST /plans/{id}/act */
void h_activity_types(struct request *req, struct response *resp); /* GET /activity-types */
void h_activity_type_add(struct request *req, struct response *resp); /* POST /activity-types */
void h_measure_add(struct request *req, struct response *resp); /* POST /activity-types/{code}/measures */

/* api_work.c: JSON API for mass-mobilisation work */
void h_api_activities(struct request *req, struct response *resp); /* GET /api/v1/activities */
void h_api_activity_create(struct request *req, struct response *resp); /* POST /api/v1/activities */
void h_api_activity_import(struct request *req, struct response *resp); /* POST /api/v1/activities/import */
void h_api_activity(struct request *req, struct response *resp); /* GET /api/v1/activities/{id} */
void h_api_activity_update(struct request *req, struct response *resp); /* PUT /api/v1/activities/{id} */
void h_api_activity_delete(struct request *req, struct response *resp); /* DELETE /api/v1/activities/{id} */
void h_api_activity_history(struct request *req, struct response *resp); /* GET /api/v1/activities/{id}/history */
void h_api_photo_add(struct request *req, struct response *resp); /* POST /api/v1/activities/{id}/photos */
void h_api_photo(struct request *req, struct response *resp); /* GET /api/v1/photos/{id} */
void h_api_rollups(struct request *req, struct response *resp); /* GET /api/v1/rollups */
void h_dashboard(struct request *req, struct response *resp); /* GET /dashboard */
void h_report(struct request *req, struct response *resp); /* GET /reports */
void h_portal(struct request *req, struct response *resp); /* GET /portal, /portal/{code} */
void h_portal_csv(struct request *req, struct response *resp); /* GET /portal/{code}/figures.csv */
void h_portal_json(struct request *req, struct response *resp); /* GET /portal/{code}/figures.json */
void h_api_dashboard(struct request *req, struct response *resp); /* GET /api/v1/dashboard */
void h_api_report(struct request *req, struct response *resp); /* GET /api/v1/reports */
void h_api_public_figures(struct request *req, struct response *resp); /* GET /api/v1/public/figures */
void h_api_activity_types(struct request *req, struct response *resp); /* GET /api/v1/activity-types */
void h_api_twinnings(struct request *req, struct response *resp); /* GET /api/v1/twinning */
void h_api_twinning_create(struct request *req, struct response *resp); /* POST /api/v1/twinning */
void h_api_twinning(struct request *req, struct response *resp); /* GET /api/v1/twinning/{id} */
void h_api_twinning_update(struct request *req, struct response *resp); /* PUT /api/v1/twinning/{id} */
void h_api_groups(struct request *req, struct response *resp); /* GET /api/v1/working-groups */
void h_api_group_create(struct request *req, struct response *resp); /* POST /api/v1/working-groups */
void h_api_group(struct request *req, struct response *resp); /* GET /api/v1/working-groups/{id} */
void h_api_group_update(struct request *req, struct response *resp); /* PUT /api/v1/working-groups/{id} */
void h_api_plans(struct request *req, struct response *resp); /* GET /api/v1/plans */
void h_api_plan_create(struct request *req, struct response *resp); /* POST /api/v1/plans */
void h_api_plan(struct request *req, struct response *resp); /* GET /api/v1/plans/{id} */
void h_api_plan_target_add(struct request *req, struct response *resp); /* POST /api/v1/plans/{id}/targets */
void h_api_plan_target_del(struct request *req, struct response *resp); /* DELETE /api/v1/plans/{id}/targets/{tid} */
void h_api_plan_act(struct request *req, struct response *resp); /* POST /api/v1/plans/{id}/actions */

/* api_cases.c: JSON API for cases */
void h_api_cases(struct request *req, struct response *resp);        /* GET /api/v1/cases */
void h_api_case_create(struct request *req, struct response *resp);  /* POST /api/v1/cases */
void h_api_case(struct request *req, struct response *resp);         /* GET /api/v1/cases/{id} */
void h_api_case_action(struct request *req, struct response *resp);  /* POST /api/v1/cases/{id}/actions */
void h_api_case_reveal(struct request *req, struct response *resp);  /* POST /api/v1/cases/{id}/reveal */
void h_api_topics(struct request *req, struct response *resp);       /* GET /api/v1/topics (public) */
void h_api_public_submit(struct request *req, struct response *resp); /* POST /api/v1/public/cases */
void h_api_public_case(struct request *req, struct response *resp);  /* GET /api/v1/public/cases/{code} */
void h_api_public_rate(struct request *req, struct response *resp);  /* POST /api/v1/public/cases/{code}/rating */

/* open311.c: Open311 GeoReport v2, JSON and XML by suffix */
void h_open311_discovery(struct request *req, struct response *resp); /* GET /open311/{doc}: discovery.json|xml */
void h_open311_doc(struct request *req, struct response *resp);   /* GET|POST /open311/v2/{doc}: services, requests, servicerequestupdates */
void h_open311_service(struct request *req, struct response *resp); /* GET /open311/v2/services/{file} */
void h_open311_request(struct request *req, struct response *resp); /* GET /open311/v2/requests/{file} */
void h_open311_token(struct request *req, struct response *resp); /* GET /open311/v2/tokens/{file} */

/* api_emulation.c */
void h_api_criteria_sets(struct request *req, struct response *resp); /* GET /api/v1/criteria-sets */
void h_api_criteria_set_create(struct request *req, struct response *resp); /* POST /api/v1/criteria-sets */
void h_api_criteria_set(struct request *req, struct response *resp); /* GET /api/v1/criteria-sets/{id} */
void h_api_criteria_set_active(struct request *req, struct response *resp); /* POST /api/v1/criteria-sets/{id}/active */
void h_api_models(struct request *req, struct response *resp); /* GET /api/v1/models */
void h_api_model_create(struct request *req, struct response *resp); /* POST /api/v1/models */
void h_api_model(struct request *req, struct response *resp); /* GET /api/v1/models/{id} */
void h_api_model_update(struct request *req, struct response *resp); /* PUT /api/v1/models/{id} */
void h_api_model_evaluate(struct request *req, struct response *resp); /* POST /api/v1/models/{id}/evaluations */
void h_api_model_step(struct request *req, struct response *resp); /* POST /api/v1/models/{id}/status */
void h_api_model_link(struct request *req, struct response *resp); /* POST /api/v1/models/{id}/activities */
void h_api_model_unlink(struct request *req, struct response *resp); /* DELETE /api/v1/models/{id}/activities/{aid} */
void h_api_model_photo_add(struct request *req, struct response *resp); /* POST /api/v1/models/{id}/photos */
void h_api_model_photo(struct request *req, struct response *resp); /* GET /api/v1/model-photos/{id} */
void h_api_model_photo_delete(struct request *req, struct response *resp); /* DELETE /api/v1/model-photos/{id} */
void h_api_campaigns(struct request *req, struct response *resp); /* GET /api/v1/campaigns */
void h_api_campaign_create(struct request *req, struct response *resp); /* POST /api/v1/campaigns */
void h_api_campaign(struct request *req, struct response *resp); /* GET /api/v1/campaigns/{id} */
void h_api_campaign_join(struct request *req, struct response *resp); /* POST /api/v1/campaigns/{id}/participants */
void h_api_campaign_score(struct request *req, struct response *resp); /* POST /api/v1/campaigns/{id}/scores */
void h_api_campaign_review(struct request *req, struct response *resp); /* POST /api/v1/campaigns/{id}/review */
void h_api_award_forms(struct request *req, struct response *resp); /* GET /api/v1/award-forms */
void h_api_awards(struct request *req, struct response *resp); /* GET /api/v1/awards */
void h_api_award_propose(struct request *req, struct response *resp); /* POST /api/v1/awards */
void h_api_award_check(struct request *req, struct response *resp); /* POST /api/v1/awards/check */
void h_api_award(struct request *req, struct response *resp); /* GET /api/v1/awards/{id} */
void h_api_award_decide(struct request *req, struct response *resp); /* POST /api/v1/awards/{id}/decision */

/* page_emulation*.c */
void h_models(struct request *req, struct response *resp); /* GET /models[?q=&kind=&field=&status=&level=&unit=&area=&origin=&format=] */
void h_model_create(struct request *req, struct response *resp); /* POST /models */
void h_model_new(struct request *req, struct response *resp); /* GET /models/new[?origin=] */
void h_model(struct request *req, struct response *resp); /* GET /models/{id}[?set=] */
void h_model_update(struct request *req, struct response *resp); /* POST /models/{id} */
void h_model_edit(struct request *req, struct response *resp); /* GET /models/{id}/edit */
void h_model_evaluate(struct request *req, struct response *resp); /* POST /models/{id}/evaluations */
void h_model_step(struct request *req, struct response *resp); /* POST /models/{id}/status */
void h_model_link(struct request *req, struct response *resp); /* POST /models/{id}/activities */
void h_model_unlink(struct request *req, struct response *resp); /* POST /models/{id}/activities/{aid}/delete */
void h_model_photo_add(struct request *req, struct response *resp); /* POST /models/{id}/photos */
void h_model_photo(struct request *req, struct response *resp); /* GET /model-photos/{id} */
void h_model_photo_delete(struct request *req, struct response *resp); /* POST /model-photos/{id}/delete */
void h_criteria_sets(struct request *req, struct response *resp); /* GET /criteria-sets[?purpose=&unit=&active=] */
void h_criteria_set_create(struct request *req, struct response *resp); /* POST /criteria-sets */
void h_criteria_set_new(struct request *req, struct response *resp); /* GET /criteria-sets/new[?purpose=] */
void h_criteria_set(struct request *req, struct response *resp); /* GET /criteria-sets/{id} */
void h_criteria_set_active(struct request *req, struct response *resp); /* POST /criteria-sets/{id}/active */
void h_campaigns(struct request *req, struct response *resp); /* GET /campaigns[?q=&status=&unit=&format=] */
void h_campaign_create(struct request *req, struct response *resp); /* POST /campaigns */
void h_campaign_new(struct request *req, struct response *resp); /* GET /campaigns/new[?criteria_set=] */
void h_campaign(struct request *req, struct response *resp); /* GET /campaigns/{id}[?unit=&role=&format=] */
void h_campaign_score(struct request *req, struct response *resp); /* POST /campaigns/{id}/scores */
void h_campaign_review(struct request *req, struct response *resp); /* POST /campaigns/{id}/review */
void h_campaign_join(struct request *req, struct response *resp); /* POST /campaigns/{id}/participants */
void h_awards(struct request *req, struct response *resp); /* GET /awards[?q=&status=&form=&year=&unit=&format=] */
void h_award_create(struct request *req, struct response *resp); /* POST /awards[check=1] */
void h_award_new(struct request *req, struct response *resp); /* GET /awards/new[?recipient_kind=&model=&unit=&area=&campaign=] */
void h_award(struct request *req, struct response *resp); /* GET /awards/{id} */
void h_award_decide(struct request *req, struct response *resp); /* POST /awards/{id}/decision */
/* (end of page_emulation declarations) */

#endif
