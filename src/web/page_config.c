/* page_config.c: not yet written (handlers answer 501 until it is). */
#include "web/handlers.h"

#include "base/banned.h"

void h_config(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_topics(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_topic_save(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_routing(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_routing_add(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_routing_del(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_holidays(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_holiday_add(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_holiday_del(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_rules(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_open311(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_config_open311_add(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}
