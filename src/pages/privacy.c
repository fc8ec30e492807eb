/*
 * privacy: GET /privacy, the privacy and cookie statement: each cookie lia
 * sets (name, purpose, lifetime) and why none needs consent, what personal
 * data lia keeps, why, who sees it and how long, and how people use their
 * rights (AVG art. 15-17) at the municipality. The cookie table must match
 * what src/http sets (internal.h: the names and Max-Age of __Host-lia_session,
 * __Host-lia_csrf, __Host-lia_pending, lia_lang and lia_flash; the first three end with the
 * browser, so they have no Max-Age: null here); tests/http/govsite.test.mjs compares
 * the page's JSON with the Set-Cookie headers lia really sends, so a cookie
 * added or changed there without a row here fails a test.
 */
#include "pages/govsite.h"

#include "core/err.h"
#include "core/i18n.h"

#include <jansson.h>

static const struct {
	const char *name;
	long max_age_s; /* Max-Age as sent, or -1: none (ends with the browser); the page says it in words */
	const char *purpose, *lifetime;
} cookies[] = {
	{"__Host-lia_session", -1,
	 N_("Keeps you signed in. It holds a random number; lia keeps only a scrambled copy of it, never your password."),
	 N_("Until you close the browser or sign out. You are signed out after 30 minutes without use, and always after 12 hours.")},
	{"__Host-lia_csrf", -1,
	 N_("Protects the sign-in form against forgery by another website. It holds a random number."),
	 N_("Until you close the browser")},
	{"__Host-lia_pending", -1,
	 N_("Only when your account signs in with a code: remembers for 5 minutes that your password was right, until you type the code. It holds a random number and does not sign you in."),
	 N_("Until you type the code, and at most 5 minutes")},
	{"lia_lang", 365 * 24 * 3600, N_("Remembers the language you chose: Dutch or English."), N_("1 year")},
	{"lia_flash", 120, N_("Shows a message once after you saved something, such as \"Your changes have been saved\"."),
	 N_("2 minutes")},
};

/* What lia keeps about people: what, why, who can see it, how long. */
static const char *const kept[][4] = {
	{N_("People who work on the programme: name, organisation, job, e-mail address and phone number"),
	 N_("To carry out the programme and to reach each other."),
	 N_("Names and organisations of the project group are on the public page Organisation; a published report names "
	    "someone only when they agreed to it. Contact details only for the project group and the coordinator."),
	 N_("As long as the person takes part. The coordinator changes the details, or erases the person on request: then lia shows \"Persoon\" and a number instead.")},
	{N_("Communication needs, for example a sign language interpreter or large letters. This can be health data."),
	 N_("So that everyone can take part in meetings and interviews. Only with the person's consent; lia records the "
	    "date of that consent."),
	 N_("Only the project group and the coordinator."),
	 N_("Until the person withdraws consent or stops taking part.")},
	{N_("Restricted notes of interviews. These can hold health data."),
	 N_("To remember what was said in an interview, for the report."),
	 N_("Only the two interviewers of the interview and the coordinator, and someone the coordinator allows. Never public. Every time someone reads them is recorded."),
	 N_("Until a set time after the report of the period is published (the coordinator sets it; one year unless changed). Then lia erases them.")},
	{N_("Accounts: e-mail address, name, role; the password only as a scrambled code (argon2id)"),
	 N_("To sign in, and to decide what someone may see and change."),
	 N_("The coordinator."),
	 N_("Until the account is switched off.")},
	{N_("Sign-in attempts: the e-mail address typed, the internet address (IP address), the time, and whether it "
	    "worked"),
	 N_("To stop people who try to guess passwords."),
	 N_("Nobody sees them on the site; the administrator of the server can."),
	 N_("As long as the coordinator sets: 90 days unless changed. Then lia removes them.")},
	{N_("The access log: who opened restricted notes, the list of people, someone's details or the change log, when and from which internet address; and who was refused. Not what they saw."),
	 N_("To show who read personal data, as the rules for government information security ask."),
	 N_("The coordinator sees who read your details."),
	 N_("As long as the coordinator sets: two years unless changed. Then lia removes it.")},
	{N_("The change log: who changed what and when. For names, contact details, communication needs and restricted notes it keeps only that they changed, not what they said."),
	 N_("To show who did what, and to repair mistakes."),
	 N_("Only the coordinator."),
	 N_("It is never changed and never removed. It holds no readable copy of your details: when you are erased, "
	    "nothing in it can be traced back to what you said.")},
	{N_("The server's log: the time, the page asked for and the e-mail address of who is signed in; not the internet "
	    "address"),
	 N_("To find and solve errors."),
	 N_("The administrator of the server."),
	 N_("As long as the municipality's server settings say, usually a few weeks.")},
};

static json_t *or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int page_privacy(struct req *r, struct resp *out)
{
	const char *lang = r->lang;
	json_t *ck = json_array(), *data = json_array();
	for (size_t i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++)
		json_array_append_new(ck, json_pack("{s:s, s:o, s:s, s:s}", "name", cookies[i].name, "max_age_s",
		                                    cookies[i].max_age_s < 0 ? json_null() : json_integer(cookies[i].max_age_s),
		                                    "purpose", TR(lang, cookies[i].purpose),
		                                    "lifetime", TR(lang, cookies[i].lifetime)));
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		json_array_append_new(data, json_pack("{s:s, s:s, s:s, s:s}", "what", TR(lang, kept[i][0]), "why",
		                                      TR(lang, kept[i][1]), "who", TR(lang, kept[i][2]), "kept",
		                                      TR(lang, kept[i][3])));
	const struct govsite *g = govsite_get();
	out->template = "privacy";
	out->title = TR(lang, N_("Privacy and cookies"));
	out->data = json_pack("{s:o, s:o, s:{s:b, s:o, s:o}}", "cookies", ck, "data", data, "municipality", "configured",
	                      g->contact_email || g->privacy_email, "contact_email", or_null(g->contact_email),
	                      "privacy_email", or_null(g->privacy_email));
	return out->data ? 0 : LIA_EINTERNAL;
}
