/*
 * compose: the messages lia sends, each as plain text and as HTML that a
 * screen reader reads well (the language set, the subject as the one
 * heading, the link as a real link with words that say where it goes, no
 * images, no layout tables). Words come from gettext, so a message is in
 * the person's language; easy language (for a recorded need) is shorter,
 * one thing per sentence.
 */
#include "mail/mail.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/mem.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mail_text_free(struct mail_text *t)
{
	free(t->subject);
	free(t->text);
	free(t->html);
	*t = (struct mail_text){0};
}

bool mail_wants_easy(const char *needs)
{
	static const char *const words[] = {"easy", "eenvoudig", "makkelijk", "begrijpelijk", "b1", "beeldtaal",
	                                    "simple", "plain language", NULL};
	if (!needs || !*needs)
		return false;
	char *low = mem_strdup(needs);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bool yes = false;
	for (const char *const *w = words; *w && !yes; w++)
		yes = strstr(low, *w) != NULL;
	free(low);
	return yes;
}

/* A message under construction: paragraphs, then one link. */
struct msg {
	const char *lang;
	struct buf text, html;
};

static void msg_start(struct msg *m, const char *lang, const char *subject)
{
	*m = (struct msg){.lang = lang, .text = BUF_INIT, .html = BUF_INIT};
	buf_printf(&m->html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
	           strcmp(lang, "en") == 0 ? "en" : "nl");
	buf_html_escape(&m->html, subject, strlen(subject));
	buf_puts(&m->html, "</title>\n</head>\n<body style=\"font-family: sans-serif; font-size: 1.125rem; line-height: 1.5;"
	                   " max-width: 40em\">\n<h1 style=\"font-size: 1.5rem\">");
	buf_html_escape(&m->html, subject, strlen(subject));
	buf_puts(&m->html, "</h1>\n");
}

static void para(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void para(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	buf_printf(&m->text, "%s\n\n", s);
	buf_puts(&m->html, "<p>");
	buf_html_escape(&m->html, s, strlen(s));
	buf_puts(&m->html, "</p>\n");
	free(s);
}

/* The link: in text on its own line after its words; in HTML a link whose
 * words say where it goes, and the address written out for copying. */
static void link(struct msg *m, const char *words, const char *href)
{
	buf_printf(&m->text, "%s:\n%s\n\n", words, href);
	buf_puts(&m->html, "<p><a href=\"");
	buf_html_escape(&m->html, href, strlen(href));
	buf_puts(&m->html, "\" style=\"font-weight: bold\">");
	buf_html_escape(&m->html, words, strlen(words));
	buf_puts(&m->html, "</a></p>\n<p>");
	buf_html_escape(&m->html, TR(m->lang, N_("Or copy this address into your browser:")),
	                strlen(TR(m->lang, N_("Or copy this address into your browser:"))));
	buf_puts(&m->html, "<br>");
	buf_html_escape(&m->html, href, strlen(href));
	buf_puts(&m->html, "</p>\n");
}

static void msg_end(struct msg *m, const char *subject, struct mail_text *out)
{
	const char *sig = TR(m->lang, N_("This message was sent by lia, the Local Inclusion Agenda of your municipality. Questions? Ask the programme coordinator."));
	buf_printf(&m->text, "-- \n%s\n", sig);
	buf_puts(&m->html, "<hr>\n<p style=\"font-size: 1rem\">");
	buf_html_escape(&m->html, sig, strlen(sig));
	buf_puts(&m->html, "</p>\n</body>\n</html>\n");
	out->subject = mem_strdup(subject);
	out->text = buf_release(&m->text);
	out->html = buf_release(&m->html);
}

static void greet(struct msg *m, const char *name)
{
	if (name && *name)
		para(m, TR(m->lang, N_("Dear %s,")), name);
	else
		para(m, "%s", TR(m->lang, N_("Hello,")));
}

static const char *date_words(const char *lang, const char *iso, char *out, size_t n)
{
	if (!iso || !i18n_date(lang, iso, out, n))
		snprintf(out, n, "%s", iso ? iso : "");
	return out;
}

void mail_compose_invitation(const char *lang, const char *name, const char *link_url, const char *expires_on,
                             struct mail_text *out)
{
	const char *subject = TR(lang, N_("You are invited to lia"));
	struct msg m;
	char day[48];
	msg_start(&m, lang, subject);
	greet(&m, name);
	para(&m, "%s", TR(lang, N_("The coordinator of the Local Inclusion Agenda made an account for you in lia. With it you can read and write about the action points.")));
	para(&m, TR(lang, N_("Choose your own password with the link below. The link works once, until %s.")),
	     date_words(lang, expires_on, day, sizeof(day)));
	link(&m, TR(lang, N_("Choose your password")), link_url);
	para(&m, "%s", TR(lang, N_("Did you not expect this message? Then you do not have to do anything.")));
	msg_end(&m, subject, out);
}

void mail_invite_make(const char *lang, const char *email, const char *name, const char *reason,
                      struct mail_invite *out)
{
	memset(out, 0, sizeof(*out));
	char token[SECRET_TOKEN_LEN + 1];
	secret_token(token);
	secret_digest(token, out->digest);
	clock_iso_offset((long)MAIL_INVITE_VALID_DAYS * 86400, out->expires, sizeof(out->expires));
	char expires_on[11];
	snprintf(expires_on, sizeof(expires_on), "%.10s", out->expires);
	/* The link holds the slot; the worker makes the token when it sends
	 * the message (outbox.c). */
	char *link = mail_link_url();
	mail_compose_invitation(lang, name, link, expires_on, &out->text);
	free(link);
	out->mail = (struct store_mail){.to_email = email, .to_name = name, .lang = lang, .kind = "invitation",
	                                .reason = reason, .subject = out->text.subject, .body_text = out->text.text,
	                                .body_html = out->text.html};
}

void mail_invite_free(struct mail_invite *inv)
{
	mail_text_free(&inv->text);
}

void mail_compose_reset(const char *lang, const char *link_url, unsigned valid_minutes, struct mail_text *out)
{
	const char *subject = TR(lang, N_("A new password for lia"));
	struct msg m;
	msg_start(&m, lang, subject);
	greet(&m, NULL);
	para(&m, "%s", TR(lang, N_("Someone asked for a new password for your account in lia. Was that you? Then choose a new password with the link below.")));
	para(&m, TRN(lang, "The link works once, for %u minute.", "The link works once, for %u minutes.", valid_minutes),
	     valid_minutes);
	link(&m, TR(lang, N_("Choose a new password")), link_url);
	para(&m, "%s", TR(lang, N_("Was it not you? Then you do not have to do anything. Your password stays the same.")));
	msg_end(&m, subject, out);
}

void mail_compose_reminder(const char *lang, const char *kind, bool easy, const char *name, const char *period,
                           const char *due_on, long long count, const char *link_url, struct mail_text *out)
{
	bool assess = strstr(kind, "assess") != NULL, after = strstr(kind, "after") != NULL;
	char day[48];
	date_words(lang, due_on, day, sizeof(day));
	const char *subject = assess ? (after ? TR(lang, N_("Reminder: assessments are late"))
	                                      : TR(lang, N_("Reminder: please give your assessment")))
	                             : (after ? TR(lang, N_("Reminder: progress updates are late"))
	                                      : TR(lang, N_("Reminder: please write your progress update")));
	struct msg m;
	msg_start(&m, lang, subject);
	greet(&m, name);
	unsigned long n = (unsigned long)count;
	if (easy) {
		if (assess)
			para(&m, TRN(lang, "%lu update waits for you.", "%lu updates wait for you.", n), n);
		else
			para(&m, TRN(lang, "You have %lu action point.", "You have %lu action points.", n), n);
		para(&m, "%s", assess ? TR(lang, N_("Please give your opinion."))
		                      : TR(lang, N_("Please write how it is going.")));
		para(&m, after ? TR(lang, N_("It was due on %s.")) : TR(lang, N_("Please do it before %s.")), day);
		link(&m, assess ? TR(lang, N_("Go to your list")) : TR(lang, N_("Write your update")), link_url);
	} else {
		if (assess)
			para(&m, TRN(lang, "In the period \"%s\", %lu progress update is waiting for the assessment of an experience expert.",
			             "In the period \"%s\", %lu progress updates are waiting for the assessment of an experience expert.", n),
			     period, n);
		else
			para(&m, TRN(lang, "In the period \"%s\", %lu of your action points still needs a progress update.",
			             "In the period \"%s\", %lu of your action points still need a progress update.", n),
			     period, n);
		para(&m, after ? TR(lang, N_("The due date was %s. Please do it as soon as you can."))
		               : TR(lang, N_("The due date is %s.")), day);
		link(&m, assess ? TR(lang, N_("See what waits for your assessment"))
		                : TR(lang, N_("See your action points")), link_url);
	}
	para(&m, "%s", TR(lang, N_("You get this reminder once. Is something not clear, or do you need help? Ask the coordinator.")));
	msg_end(&m, subject, out);
}

char *mail_link_url(void)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/password?token=%s", mail_base_url(), MAIL_TOKEN_SLOT);
	return buf_release(&b);
}

char *mail_fill_token(const char *body, const char *token)
{
	static const char slot[] = "token=" MAIL_TOKEN_SLOT;
	struct buf b = BUF_INIT;
	const char *p = body;
	for (const char *t; (t = strstr(p, slot)) != NULL; p = t + sizeof(slot) - 1) {
		buf_append(&b, p, (size_t)(t - p));
		buf_printf(&b, "token=%s", token);
	}
	buf_puts(&b, p);
	return buf_release(&b);
}
