/* page_public.c: not yet written (handlers answer 501 until it is). */
#include "web/handlers.h"

#include "base/banned.h"

void h_submit_form(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_submit(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_track_form(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_track(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_track_rate(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_track_reopen(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}

void h_track_withdraw(struct request *req, struct response *resp)
{
	resp_error(req, resp, 501, DV_EINVAL, "not implemented yet");
}
