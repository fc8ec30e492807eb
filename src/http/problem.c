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

/* What a person reads for each status: a title and what to do. The last
 * entry (status 0) is for every status not listed. */
static const struct {
	int status;
	const char *title, *detail; /* msgids */
} problems[] = {
	{400, N_("The request is not correct"),
	      N_("Check the address of the page and try again.")},
	{401, N_("Please sign in"),
	      N_("This page is only for people who are signed in.")},
	{403, N_("You may not do this"),
	      N_("Your account does not allow this. Ask the coordinator if you need it.")},
	{404, N_("Page not found"),
	      N_("The page you asked for does not exist. Check the address, or start again from the overview.")},
	{405, N_("This action is not possible here"),
	      N_("This page can only be read, not changed in this way.")},
	{409, N_("This cannot be done now"),
	      N_("The data changed in a way that does not allow this now.")},
	{413, N_("What you sent is too large"),
	      N_("Send less data at once.")},
	{414, N_("The address is too long"),
	      N_("Use a shorter address, or start again from the overview.")},
	{415, N_("This kind of data cannot be sent here"),
	      N_("Send a form, or JSON with the header Content-Type: application/json.")},
	{422, N_("Some answers need to be corrected"),
	      N_("Check the answers that are marked, correct them and send again.")},
	{429, N_("Too many attempts"),
	      N_("Wait a while and try again.")},
	{0, N_("Something went wrong on our side"),
	    N_("The problem has been written down. Try again later.")},
};

static size_t problem_index(int status)
{
	size_t i = 0;
	while (problems[i].status && problems[i].status != status)
		i++;
	return i;
}

const char *problem_title(int status, const char *lang)
{
	return TR(lang, problems[problem_index(status)].title);
}

const char *problem_detail(int status, const char *lang)
{
	return TR(lang, problems[problem_index(status)].detail);
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
