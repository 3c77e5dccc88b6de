/* open311.c: not yet written (handlers answer 501 until it is). */
#include "web/handlers.h"

#include "base/banned.h"

void h_open311_discovery(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_open311_doc(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_open311_service(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_open311_request(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_open311_token(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}
