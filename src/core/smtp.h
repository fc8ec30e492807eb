/*
 * smtp: one message to one address through an SMTP relay, with libcurl's
 * SMTP client (never a hand-written one). The message is built here as
 * multipart/alternative: the plain text first, then the HTML, both UTF-8 in
 * base64. smtp:// must switch to TLS with STARTTLS: a relay (or anyone in
 * between) that does not offer it gets nothing, unless the operator allowed
 * plain text for a relay on a trusted network (plain), and never a user name
 * and password in clear. smtps:// is TLS from the start. Header values are stripped of line breaks, so a
 * name or subject cannot add headers.
 */
#ifndef LIA_CORE_SMTP_H
#define LIA_CORE_SMTP_H

#include <stdbool.h>

/* The relay: url "smtp://host:port" or "smtps://host:port", the sender's
 * address, and optionally a user name and password (both or neither).
 * plain: smtp:// may go without TLS (the operator's --smtp-plain); never
 * together with a user name. */
struct smtp_relay {
	const char *url, *from, *user, *password;
	bool plain;
};

struct smtp_message {
	const char *to, *to_name; /* the address and the name shown with it */
	const char *lang;         /* "nl" or "en": Content-Language */
	const char *subject;      /* UTF-8 */
	const char *text, *html;  /* the two bodies, UTF-8 */
	const char *message_id;   /* "<...@...>", or NULL */
};

/* The whole message as it goes over the wire (CRLF lines), malloc'd. date
 * is an RFC 5322 date ("Wed, 02 Dec 2026 12:00:00 +0000"). */
char *smtp_format(const struct smtp_relay *r, const struct smtp_message *m, const char *date);

/* Is url one lia can send through (smtp:// or smtps:// with a host)? */
bool smtp_url_ok(const char *url);

/* Why r may not be used (an English sentence), or NULL: plain text with a
 * user name and password, or plain text with smtps://. */
const char *smtp_relay_refusal(const struct smtp_relay *r);

/* Send m through r, waiting at most timeout_s seconds. 0 when the relay
 * took it; otherwise -1 with *err (malloc'd, English: the relay's answer or
 * why it could not be reached) and *permanent true when the relay refused it
 * for good (a 5xx answer), false when trying again later may help. */
int smtp_send(const struct smtp_relay *r, const struct smtp_message *m, long timeout_s, char **err, bool *permanent);

#endif
