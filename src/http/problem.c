/*
 * problem: error codes to HTTP status codes and problem details.
 */
#include "http/problem.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

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

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)))
		return 0; /* overlong, or a surrogate */
	if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)))
		return 0;
	return n;
}

char *problem_utf8_fix(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	while (*p && (n = utf8_len(p)) != 0)
		p += n;
	if (!*p)
		return NULL;
	struct buf b = BUF_INIT;
	buf_append(&b, s, (size_t)((const char *)p - s));
	while (*p) {
		if ((n = utf8_len(p)) != 0) {
			buf_append(&b, (const char *)p, n);
			p += n;
		} else {
			buf_printf(&b, "%%%02X", *p++);
		}
	}
	return buf_release(&b);
}

/* A JSON string of s that always exists (see problem_utf8_fix). */
static json_t *safe_string(const char *s)
{
	char *fixed = problem_utf8_fix(s);
	json_t *v = json_string(fixed ? fixed : s);
	free(fixed);
	return v ? v : json_string("");
}

json_t *problem_json(int status, const char *detail, const char *lang, const char *path, const char *request_id)
{
	json_t *p = json_object();
	json_object_set_new(p, "type", json_string("about:blank"));
	json_object_set_new(p, "title", safe_string(problem_title(status, lang)));
	json_object_set_new(p, "status", json_integer(status));
	json_object_set_new(p, "detail", safe_string(detail ? detail : problem_detail(status, lang)));
	json_object_set_new(p, "instance", safe_string(path ? path : ""));
	json_object_set_new(p, "request_id", safe_string(request_id ? request_id : ""));
	return p;
}
