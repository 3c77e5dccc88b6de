/* api_cases.c: not yet written (handlers answer 501 until it is). */
#include "web/handlers.h"

#include "base/banned.h"

void h_api_cases(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_case_create(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_case(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_case_action(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_case_reveal(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_topics(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_public_submit(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_public_case(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_api_public_rate(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}
