/*
 * store/mail: the outbox, account links (invitations and password resets),
 * the reset throttle and the relay settings (q_mail.c reads, w_mail.c
 * writes). A message is written to the outbox whole (subject and both
 * bodies) and sent later by the mail worker (mail/outbox.c).
 */
#ifndef LIA_STORE_MAIL_H
#define LIA_STORE_MAIL_H

#include "store/store.h"

/* One message to queue. dedupe_key NULL: no key (each one is sent);
 * otherwise a second message with the same key is not queued. */
struct store_mail {
	const char *to_email, *to_name, *lang, *kind, *reason;
	long long period_id, person_id, user_id; /* 0: none */
	const char *dedupe_key;
	const char *subject, *body_text, *body_html;
	long long link_id; /* an invitation or reset: its account link (set by the store) */
};

/* Queue m, due at now. 0 with *id the new message, or *id 0 when a
 * message with its key was queued before; LIA_EDB. */
STORE_MUST_CHECK int store_mail_enqueue(struct store *s, const struct store_mail *m, const char *now, long long *id);
/* Is a message with this key in the outbox (in any state)? */
STORE_MUST_CHECK int store_mail_has_key(struct store *s, const char *key, bool *has);
/* Queued messages whose time has come (at most limit, oldest first), whole. */
STORE_MUST_CHECK int store_mail_due(struct store *s, const char *now, long long limit, json_t **out);
/* Take message id for sending until lease_until if it is still queued and
 * due at was_due (another worker has not taken it): 0 with *taken. */
STORE_MUST_CHECK int store_mail_claim(struct store *s, long long id, const char *was_due, const char *lease_until,
                                      bool *taken);
/* The relay took it: sent, at now. The stored bodies stay as queued (with
 * the link's placeholder, never a token). */
STORE_MUST_CHECK int store_mail_sent(struct store *s, long long id, const char *now);
/* It failed: attempts counted, the error kept; queued again at retry_at, or
 * failed for good when retry_at is NULL. */
STORE_MUST_CHECK int store_mail_failed(struct store *s, long long id, long long attempts, const char *error,
                                       const char *retry_at);
/* Put a failed message back in the queue, due at now (the coordinator). */
STORE_MUST_CHECK int store_mail_retry(struct store *s, const struct actor *a, long long id);
/* The outbox for the coordinator (newest first, at most limit, no bodies)
 * and its counts per status. */
STORE_MUST_CHECK int store_mail_list(struct store *s, long long limit, json_t **out);

/* Account links. create: a link of purpose ("invitation",
 * "password_reset") for the account, kept as its digest until expires_at.
 * use: the unused, unexpired link with this digest of an enabled account
 * sets the account's password, ends its sessions and every other open link
 * of it, and is audited; LIA_ENOTFOUND when there is no such link. */
STORE_MUST_CHECK int store_link_create(struct store *s, const struct actor *a, long long user_id, const char *purpose,
                                       const char *digest, const char *expires_at);
STORE_MUST_CHECK int store_link_find(struct store *s, const char *digest, const char *now, json_t **out);
/* The mail worker, about to send a message with a link: the link's digest
 * replaced by this one (of a token made now, which only the message will
 * hold), audited as the system. *ok false when the link was used, expired
 * or removed (then nothing changes). */
STORE_MUST_CHECK int store_link_renew(struct store *s, long long link_id, const char *digest, const char *now,
                                      bool *ok);
STORE_MUST_CHECK int store_link_use(struct store *s, const char *digest, const char *now, const char *request_id,
                                    const char *password_hash, long long *user_id);

/* Invite: a new account without a password (lang: its mail's language),
 * its invitation link and the invitation message, in one transaction,
 * audited. LIA_ECONFLICT when the address has an account. */
STORE_MUST_CHECK int store_user_invite(struct store *s, const struct actor *a, const char *email, const char *name,
                                       const char *role, long long person_id, const char *lang, const char *digest,
                                       const char *expires_at, const struct store_mail *m, long long *id);

/* "Forgot your password": record a request; count those since `since` for
 * the address typed and for the client address. */
STORE_MUST_CHECK int store_reset_record(struct store *s, const char *email, const char *address, const char *now);
STORE_MUST_CHECK int store_reset_count(struct store *s, const char *email, const char *address, const char *since,
                                       long long *by_email, long long *by_address);
/* A reset for an enabled account with this address: link and message in
 * one transaction, audited as the system. LIA_ENOTFOUND if there is none. */
STORE_MUST_CHECK int store_reset_issue(struct store *s, long long user_id, const char *digest, const char *expires_at,
                                       const struct store_mail *m, const char *now, const char *request_id);

/* The relay as set in the database: {smtp_url, smtp_from, smtp_user,
 * has_password} (no password) into *out; with_password also gives
 * smtp_password, for the worker only. */
STORE_MUST_CHECK int store_mail_settings(struct store *s, bool with_password, json_t **out);
/* Save them, audited (never the password); password NULL keeps it, ""
 * removes it. */
STORE_MUST_CHECK int store_mail_settings_save(struct store *s, const struct actor *a, const char *url,
                                              const char *from, const char *user, const char *password);

/* Who needs a reminder in an open period: rows {kind, person_id, name,
 * email, lang, communication_needs, period_id, period_name, due_on, count}
 * for dossier holders with action points without an update in the period
 * and experience experts with updates waiting for their assessment. */
STORE_MUST_CHECK int store_remind_candidates(struct store *s, json_t **out);

#endif
