/* page_cases.c: not yet written (handlers answer 501 until it is). */
#include "web/handlers.h"

#include "base/banned.h"

void h_cases(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_case_new(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_case_create(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_case(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_case_act(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_case_reveal(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}
