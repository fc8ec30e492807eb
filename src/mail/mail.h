/*
 * mail: what lia writes and sends by e-mail. compose.c writes the messages
 * (an invitation, a password reset, reminders) in plain text and accessible
 * HTML, in the person's language and, where their communication needs ask
 * for it, in easy language; outbox.c sends what the outbox holds through the
 * relay, retrying with a growing wait, from a thread of `lia serve` (never a
 * request's thread); remind.c decides who needs a reminder.
 */
#ifndef LIA_MAIL_MAIL_H
#define LIA_MAIL_MAIL_H

#include "core/secret.h"
#include "core/smtp.h"
#include "store/mail.h"
#include "store/store.h"

#include <stdbool.h>

/* How `lia serve` sends mail. relay.url NULL: the relay set in the database
 * (the coordinator's mail page), if any. */
struct mail_config {
	struct smtp_relay relay;
	const char *base_url;   /* the site's address for links, without a final "/" */
	unsigned interval_s;    /* how often the worker looks at the outbox */
	unsigned remind_days;   /* days before the due date for the first reminder */
	bool remind;            /* queue reminders every hour */
	/* The relays a municipality may set on its mail page: host names
	 * separated by commas (--smtp-relay-hosts). NULL: the first
	 * municipality of the deployment may set any relay, the others none
	 * (lia must not connect wherever a tenant points it, inside the
	 * hosting network). A relay given with --smtp-url serves them all. */
	const char *relay_hosts;
};

/* The configuration every thread reads: set once before threads start.
 * Strings are copied. */
void mail_configure(const struct mail_config *c);
const struct mail_config *mail_config_get(void);
/* The base for links in messages (from mail_configure, with the running
 * thread's mail_scope), never NULL. */
const char *mail_base_url(void);
/* Links in mail the running thread writes are for one municipality: where
 * is its path ("/arnhem", after the configured base), its own address
 * ("https://arnhem.example.nl"), or NULL/"" for the configured base alone. */
void mail_scope(const char *where);

/* A message: subject and both bodies (malloc'd; mail_text_free). */
struct mail_text {
	char *subject, *text, *html;
};
void mail_text_free(struct mail_text *t);

/* Does a communication need (free text) ask for easy language? */
bool mail_wants_easy(const char *needs);

/* The invitation to choose a password (link: the one-time address). */
void mail_compose_invitation(const char *lang, const char *name, const char *link, const char *expires_on,
                             struct mail_text *out);
/* An invitation ready to store with store_user_invite: the digest that
 * fills the account link until the worker sends the message with a token
 * of its own (the token behind this digest is never kept or shown), when
 * the link ends (UTC ISO, MAIL_INVITE_VALID_DAYS from now), the message in
 * lang and the outbox entry for it (kind "invitation"; its strings point
 * into this struct and the caller's arguments). mail_invite_free frees the
 * message. */
#define MAIL_INVITE_VALID_DAYS 14
struct mail_invite {
	char digest[SECRET_DIGEST_LEN + 1];
	char expires[24];
	struct mail_text text;
	struct store_mail mail;
};
void mail_invite_make(const char *lang, const char *email, const char *name, const char *reason,
                      struct mail_invite *out);
void mail_invite_free(struct mail_invite *inv);
/* The password reset. */
void mail_compose_reset(const char *lang, const char *link, unsigned valid_minutes, struct mail_text *out);
/* A reminder. kind: "remind_update_before", "remind_update_after",
 * "remind_assess_before", "remind_assess_after"; count: the action points
 * or updates waiting; easy: the easy-language version. */
void mail_compose_reminder(const char *lang, const char *kind, bool easy, const char *name, const char *period,
                           const char *due_on, long long count, const char *link, struct mail_text *out);

/* Where a message's one-time token goes: an invitation or reset is written
 * (and stored in the outbox) with this in its link; the worker puts a token
 * made at send time in its place (mail_fill_token), in the copy it hands to
 * the relay only. */
#define MAIL_TOKEN_SLOT "TOKEN-MADE-AT-SENDING"
/* The link of an account link message, with the slot: malloc'd. */
char *mail_link_url(void);
/* body with every "token=" MAIL_TOKEN_SLOT filled with token: malloc'd. */
char *mail_fill_token(const char *body, const char *token);

/* One pass over the outbox: send every message that is due, now "now"
 * (UTC ISO). Counts what was sent and what failed. 0, or LIA_EDB. */
int mail_send_due(struct store *s, const struct smtp_relay *relay, unsigned interval_s, unsigned *sent,
                  unsigned *failed);
/* The relay to use: the configured one, else the database's (strings in
 * *hold, which the caller frees with json_decref). false: none is set. */
bool mail_relay(struct store *s, struct smtp_relay *out, json_t **hold);
/* May municipality (its id) have lia send through the relay at url that it
 * set on its mail page? (mail_config.relay_hosts) */
bool mail_relay_allowed(const char *url, long long municipality);

/* The worker thread of `lia serve` with its own connection to db (a path
 * or URI): sends due mail every interval_s and, when configured, queues
 * reminders every hour. start: 0 or -1; stop waits for it. */
int mail_worker_start(const char *db);
void mail_worker_stop(void);

/* Reminders for today (YYYY-MM-DD) at now: each person, open period and
 * kind that needs one and has not had it. dry_run: only list them in
 * *out ({kind, email, name, period_name, due_on, count}); else queue them
 * and list those queued. 0 or LIA_EDB. */
int mail_remind(struct store *s, const char *today, const char *now, unsigned days_before, bool dry_run, json_t **out);

#endif
