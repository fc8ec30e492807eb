/*
 * problem: error codes to HTTP status codes and problem details.
 */
#include "http/problem.h"

#include "core/err.h"
#include "core/i18n.h"

int problem_status(int err)
{
	switch (err) {
	case LIA_OK: return 200;
	case LIA_ENOTFOUND: return 404;
	case LIA_EINVAL: return 400;
	case LIA_ECONFLICT: return 409;
	case LIA_EFORBIDDEN: return 403;
	case LIA_EMETHOD: return 405;
	case LIA_ETOOMANY: return 429;
	default: return 500;
	}
}

const char *problem_title(int status, const char *lang)
{
	switch (status) {
	case 400: return TR(lang, N_("The request is not correct"));
	case 401: return TR(lang, N_("Please sign in"));
	case 403: return TR(lang, N_("You may not do this"));
	case 404: return TR(lang, N_("Page not found"));
	case 405: return TR(lang, N_("This action is not possible here"));
	case 409: return TR(lang, N_("This cannot be done now"));
	case 413: return TR(lang, N_("What you sent is too large"));
	case 414: return TR(lang, N_("The address is too long"));
	case 415: return TR(lang, N_("This kind of data cannot be sent here"));
	case 422: return TR(lang, N_("Some answers need to be corrected"));
	case 429: return TR(lang, N_("Too many attempts"));
	default: return TR(lang, N_("Something went wrong on our side"));
	}
}

const char *problem_detail(int status, const char *lang)
{
	switch (status) {
	case 400: return TR(lang, N_("Check the address of the page and try again."));
	case 401: return TR(lang, N_("This page is only for people who are signed in."));
	case 403: return TR(lang, N_("Your account does not allow this. Ask the coordinator if you need it."));
	case 404: return TR(lang, N_("The page you asked for does not exist. Check the address, or start again from the overview."));
	case 405: return TR(lang, N_("This page can only be read, not changed in this way."));
	case 409: return TR(lang, N_("The data changed in a way that does not allow this now."));
	case 413: return TR(lang, N_("Send less data at once."));
	case 414: return TR(lang, N_("Use a shorter address, or start again from the overview."));
	case 415: return TR(lang, N_("Send a form, or JSON with the header Content-Type: application/json."));
	case 422: return TR(lang, N_("Check the answers that are marked, correct them and send again."));
	case 429: return TR(lang, N_("Wait a while and try again."));
	default: return TR(lang, N_("The problem has been written down. Try again later."));
	}
}

json_t *problem_json(int status, const char *detail, const char *lang, const char *path, const char *request_id)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}",
	                 "type", "about:blank",
	                 "title", problem_title(status, lang),
	                 "status", status,
	                 "detail", detail ? detail : problem_detail(status, lang),
	                 "instance", path,
	                 "request_id", request_id);
}
