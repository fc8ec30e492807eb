/*
 * govsite: the municipality's facts for the pages a Dutch government site
 * must have (govsite.h), their checks at start-up, and security.txt. The
 * facts are set once by `lia serve` before any thread starts and only read
 * afterwards, so one copy for the process needs no lock; nothing about a
 * request is kept here.
 */
#include "pages/govsite.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static struct govsite configured;

void govsite_configure(const struct govsite *g)
{
	configured = g ? *g : (struct govsite){0};
}

const struct govsite *govsite_get(void)
{
	return &configured;
}

/* True for a real calendar date written YYYY-MM-DD. */
static bool is_date(const char *s)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	return back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

/* True if s has no control characters and no spaces: it goes into a line of
 * a text file and into links as it is. */
static bool is_one_word(const char *s)
{
	if (!*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"')
			return false;
	return true;
}

static bool is_email(const char *s)
{
	const char *at = strchr(s, '@');
	return is_one_word(s) && at && at != s && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.');
}

static bool is_web_address(const char *s)
{
	return is_one_word(s) && strncmp(s, "https://", 8) == 0 && s[8];
}

int govsite_check(const struct govsite *g, const char *today, const char **why, const char **bad)
{
#define REFUSE(msg, value)                                                                                             \
	do {                                                                                                               \
		*why = (msg);                                                                                                  \
		*bad = (value);                                                                                                \
		return LIA_EINVAL;                                                                                             \
	} while (0)
	if (g->contact_email && !is_email(g->contact_email))
		REFUSE(N_("--contact-email needs an e-mail address"), g->contact_email);
	if (g->privacy_email && !is_email(g->privacy_email))
		REFUSE(N_("--privacy-email needs an e-mail address"), g->privacy_email);
	if (g->statement_status &&
	    (strlen(g->statement_status) != 1 || !strchr("ABCDE", g->statement_status[0] & ~0x20)))
		REFUSE(N_("--statement-status needs one of the letters A, B, C, D or E"), g->statement_status);
	if (g->statement_date && !is_date(g->statement_date))
		REFUSE(N_("--statement-date needs a date like 2026-03-31"), g->statement_date);
	if (g->statement_url && !is_web_address(g->statement_url))
		REFUSE(N_("--statement-url needs an address that starts with https://"), g->statement_url);
	if (g->public_url && (!is_web_address(g->public_url) || g->public_url[strlen(g->public_url) - 1] == '/'))
		REFUSE(N_("--public-url needs the site's address like https://lia.example.nl (https, no / at the end)"),
		       g->public_url);
	if (g->security_contact && !(is_one_word(g->security_contact) &&
	                             (strncmp(g->security_contact, "mailto:", 7) == 0 ||
	                              strncmp(g->security_contact, "https://", 8) == 0 ||
	                              strncmp(g->security_contact, "tel:", 4) == 0)))
		REFUSE(N_("--security-contact needs an address that starts with mailto:, https:// or tel:"),
		       g->security_contact);
	if (g->security_expires && !is_date(g->security_expires))
		REFUSE(N_("--security-expires needs a date like 2026-12-31"), g->security_expires);
	/* RFC 9116 requires both fields: one without the other would be a
	 * security.txt with a made-up value, or none at all without saying so. */
	if (!g->security_contact != !g->security_expires)
		REFUSE(N_("--security-contact and --security-expires go together: give both or neither"),
		       g->security_contact ? g->security_contact : g->security_expires);
	if (g->security_expires && strcmp(g->security_expires, today) <= 0)
		REFUSE(N_("--security-expires must be a date after today"), g->security_expires);
#undef REFUSE
	*why = NULL;
	*bad = NULL;
	return 0;
}

int page_security_txt(struct req *r, struct resp *out)
{
	const struct govsite *g = govsite_get();
	if (!g->security_contact || !g->security_expires)
		return LIA_ENOTFOUND; /* never a made-up contact */
	char *body = arena_printf(r->arena,
	                          "# How to report a security problem in this site (RFC 9116).\n"
	                          "Contact: %s\n"
	                          "Expires: %sT23:59:59Z\n"
	                          "Preferred-Languages: nl, en\n",
	                          g->security_contact, g->security_expires);
	if (g->public_url)
		body = arena_printf(r->arena, "%sCanonical: %s/.well-known/security.txt\n", body, g->public_url);
	out->body = body;
	out->body_len = strlen(body);
	out->content_type = "text/plain; charset=utf-8";
	out->language = "en"; /* the comment line; the fields are RFC 9116's own */
	out->cache_control = "public, max-age=3600";
	return 0;
}
