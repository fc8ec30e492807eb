/*
 * Unit tests: the message lia hands to the relay (core/smtp.c) and the
 * pieces of mail/ that need no server: header values cannot add headers,
 * bodies are base64 in short lines, a subject with accents is an encoded
 * word, relay addresses are checked, the link's secret is taken out of a
 * sent body, easy language is found in a recorded need, and the messages
 * are text and HTML with the language set and the link in both. The
 * conversation with a real relay is in tests/http/mail.test.mjs.
 */
#include "core/clock.h"
#include "core/i18n.h"
#include "core/smtp.h"
#include "mail/mail.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const struct smtp_relay relay = {.url = "smtp://127.0.0.1:25", .from = "lia@example.nl"};

/* The message's header block (before the first empty line), malloc'd. */
static char *headers_of(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");
	cr_assert_not_null(end);
	return strndup(msg, (size_t)(end - msg + 2));
}

Test(smtp, header_values_cannot_add_headers)
{
	struct smtp_message m = {.to = "a@example.org\r\nBcc: evil@example.org", .to_name = "Ann\r\nBcc: x@example.org",
	                         .lang = "nl", .subject = "Hallo\r\nBcc: y@example.org", .text = "t", .html = "<p>h</p>"};
	char *msg = smtp_format(&relay, &m, "Wed, 02 Dec 2026 12:00:00 +0000");
	char *h = headers_of(msg);
	cr_assert_null(strstr(h, "\r\nBcc:"), "%s", h);
	cr_assert_not_null(strstr(h, "\r\nSubject: Hallo  Bcc: y@example.org\r\n"), "%s", h);
	free(h);
	free(msg);
}

Test(smtp, multipart_alternative_with_base64_lines_of_76_at_most)
{
	char text[4000];
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	struct smtp_message m = {.to = "a@example.org", .to_name = "Émile Ünal", .lang = "en",
	                         .subject = "Herinnering: één bericht", .text = text, .html = "<p>é</p>"};
	char *msg = smtp_format(&relay, &m, "Wed, 02 Dec 2026 12:00:00 +0000");
	char *h = headers_of(msg);
	cr_assert_not_null(strstr(h, "Subject: =?UTF-8?B?"), "%s", h);
	cr_assert_not_null(strstr(h, "To: =?UTF-8?B?"), "%s", h);
	cr_assert_not_null(strstr(h, "Content-Language: en\r\n"));
	cr_assert_not_null(strstr(h, "Content-Type: multipart/alternative; boundary="));
	const char *plain = strstr(msg, "Content-Type: text/plain; charset=utf-8");
	const char *html = strstr(msg, "Content-Type: text/html; charset=utf-8");
	cr_assert(plain && html && plain < html, "text first, then HTML");
	for (const char *line = msg; *line;) {
		const char *eol = strstr(line, "\r\n");
		cr_assert_not_null(eol, "every line ends with CRLF");
		cr_assert_leq(eol - line, 998, "no line over 998 characters");
		if (line > html)
			cr_assert_leq(eol - line, 76);
		line = eol + 2;
	}
	free(h);
	free(msg);
}

Test(smtp, relay_addresses)
{
	cr_assert(smtp_url_ok("smtp://mail.example.nl:587"));
	cr_assert(smtp_url_ok("smtps://mail.example.nl"));
	cr_assert_not(smtp_url_ok("http://mail.example.nl"));
	cr_assert_not(smtp_url_ok("smtp://"));
	cr_assert_not(smtp_url_ok("smtp://:25"));
	cr_assert_not(smtp_url_ok("smtp://mail.example.nl\r\nRCPT"));
	cr_assert_not(smtp_url_ok(NULL));
}

Test(mail, the_token_slot_is_filled_only_where_the_link_is)
{
	char *r = mail_fill_token("Open https://x/password?token=" MAIL_TOKEN_SLOT " now, or <a href=\"/password?token="
	                          MAIL_TOKEN_SLOT "\">here</a>; " MAIL_TOKEN_SLOT " and token=other stay", "AbC-_09");
	cr_assert_str_eq(r, "Open https://x/password?token=AbC-_09 now, or <a href=\"/password?token=AbC-_09\">here</a>; "
	                    MAIL_TOKEN_SLOT " and token=other stay");
	free(r);
}

Test(smtp, plain_text_is_never_used_with_a_password)
{
	struct smtp_relay tls = {.url = "smtp://h:25", .from = "a@b", .user = "lia", .password = "x"};
	cr_assert_null(smtp_relay_refusal(&tls));
	struct smtp_relay plain = {.url = "smtp://h:25", .from = "a@b", .plain = true};
	cr_assert_null(smtp_relay_refusal(&plain));
	plain.user = "lia";
	cr_assert_not_null(smtp_relay_refusal(&plain));
	char *err = NULL;
	bool permanent = false;
	struct smtp_message m = {.to = "c@d", .subject = "s", .text = "t", .html = "h"};
	cr_assert_eq(smtp_send(&plain, &m, 1, &err, &permanent), -1, "refused before any connection");
	cr_assert(permanent);
	cr_assert_not_null(strstr(err, "user name and password"), "%s", err);
	free(err);
	struct smtp_relay plain_tls = {.url = "smtps://h", .from = "a@b", .plain = true};
	cr_assert_not_null(smtp_relay_refusal(&plain_tls));
}

Test(mail, easy_language_is_found_in_a_need)
{
	cr_assert(mail_wants_easy("Graag informatie in makkelijke taal."));
	cr_assert(mail_wants_easy("Easy read, please"));
	cr_assert(mail_wants_easy("Eenvoudige taal (B1)"));
	cr_assert_not(mail_wants_easy("Gebarentolk nodig bij overleg."));
	cr_assert_not(mail_wants_easy(NULL));
	cr_assert_not(mail_wants_easy(""));
}

Test(mail, a_reminder_is_text_and_html_with_its_link_and_escaped_names)
{
	i18n_init(NULL);
	struct mail_text t;
	mail_compose_reminder("nl", "remind_update_before", false, "Ann <b>&", "Periode \"3\"", "2024-11-29", 1,
	                      "https://lia.example/sign-in?next=%2Factions&x=1", &t);
	cr_assert_not_null(strstr(t.html, "<html lang=\"nl\">"));
	cr_assert_not_null(strstr(t.html, "Ann &lt;b&gt;&amp;"), "%s", t.html);
	cr_assert_null(strstr(t.html, "<b>"));
	cr_assert_not_null(strstr(t.html, "href=\"https://lia.example/sign-in?next=%2Factions&amp;x=1\""));
	cr_assert_not_null(strstr(t.text, "https://lia.example/sign-in?next=%2Factions&x=1\n"));
	cr_assert_not_null(strstr(t.text, "Ann <b>&"), "the text part is plain text");
	mail_text_free(&t);
	mail_compose_reminder("en", "remind_assess_after", true, "Ann", "P", "2024-12-13", 2, "https://l", &t);
	cr_assert_not_null(strstr(t.html, "<html lang=\"en\">"));
	cr_assert_not_null(strstr(t.text, "2 updates wait for you."), "%s", t.text);
	mail_text_free(&t);
}

/* The one invitation every path sends (the invitation page, /hosting and
 * `lia municipality add --coordinator`): a digest of a token nobody keeps,
 * an end 14 days from now in the message and the outbox entry, and the
 * link's slot for the worker's own token. */
Test(mail, an_invitation_has_its_digest_end_and_slot)
{
	i18n_init(NULL);
	struct mail_config c = {.base_url = "https://lia.example"};
	mail_configure(&c);
	struct mail_invite a, b;
	mail_invite_make("en", "ann@example.org", "Ann", "a reason", &a);
	mail_invite_make("en", "ann@example.org", "Ann", "a reason", &b);
	cr_assert_eq(strlen(a.digest), SECRET_DIGEST_LEN);
	cr_assert_str_neq(a.digest, b.digest, "a new token every time");
	char want[24];
	clock_iso_offset(14L * 86400, want, sizeof(want));
	cr_assert_eq(strncmp(a.expires, want, 10), 0, "%s against %s", a.expires, want);
	cr_assert_str_eq(a.mail.kind, "invitation");
	cr_assert_str_eq(a.mail.to_email, "ann@example.org");
	cr_assert_str_eq(a.mail.reason, "a reason");
	cr_assert_eq(a.mail.subject, a.text.subject);
	cr_assert_not_null(strstr(a.mail.body_text, "https://lia.example/password?token=" MAIL_TOKEN_SLOT), "%s",
	                   a.mail.body_text);
	char day[48];
	cr_assert(i18n_date("en", a.expires, day, sizeof(day)));
	cr_assert_not_null(strstr(a.mail.body_text, day), "the end in words: %s", a.mail.body_text);
	mail_invite_free(&a);
	mail_invite_free(&b);
}
