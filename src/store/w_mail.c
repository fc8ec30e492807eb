/*
 * w_mail: writing the outbox, account links, invitations, reset requests
 * and the relay settings (store/mail.h). Invitations, resets, the use of a
 * link and the settings are audited; the audit never holds a token, a
 * password or a hash.
 */
#include "store/db.h"
#include "store/mail.h"

#include "core/err.h"

#include <string.h>

static json_t *user_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, email, display_name, role, person_id, lang, created_at, disabled_at"
	                 " FROM user_account WHERE id = ?", "i", id);
}

static json_t *link_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, user_id, purpose, created_at, expires_at, used_at FROM account_link WHERE id = ?",
	              "i", id);
}

static json_t *settings_row(struct store *s, long long id)
{
	return db_row(s, "SELECT smtp_url, smtp_from, smtp_user, smtp_password <> '' AS is_password_set, updated_at"
	                 " FROM mail_setting WHERE id = ?", "i", id);
}

static json_t *outbox_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, to_email, kind, status, attempts, next_attempt_at, last_error FROM mail_outbox"
	                 " WHERE id = ?", "i", id);
}

static const struct db_record user_record = {"user_account", user_row};
static const struct db_record link_record = {"account_link", link_row};
static const struct db_record settings_record = {"mail_setting", settings_row};
static const struct db_record outbox_record = {"mail_outbox", outbox_row};

static int enqueue(struct store *s, const struct store_mail *m, const char *now, long long *id)
{
	*id = 0;
	json_t *row = db_row(s,
		"INSERT INTO mail_outbox (to_email, to_name, lang, kind, reason, period_id, person_id, user_id, dedupe_key,"
		" subject, body_text, body_html, link_id, status, attempts, next_attempt_at, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)"
		" ON CONFLICT DO NOTHING RETURNING id",
		"ttttt" "zzzt" "tttz" "tt", m->to_email, m->to_name ? m->to_name : "", m->lang ? m->lang : "nl", m->kind,
		m->reason ? m->reason : "", m->period_id, m->person_id, m->user_id, m->dedupe_key, m->subject,
		m->body_text, m->body_html, m->link_id, now, now);
	if (!row)
		return LIA_EDB;
	if (json_is_object(row))
		*id = (long long)json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return 0;
}

int store_mail_enqueue(struct store *s, const struct store_mail *m, const char *now, long long *id)
{
	return enqueue(s, m, now, id);
}

int store_mail_claim(struct store *s, long long id, const char *was_due, const char *lease_until, bool *taken)
{
	json_t *row = db_row(s, "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'queued'"
	                        " AND next_attempt_at = ? RETURNING id", "tit", lease_until, id, was_due);
	if (!row)
		return LIA_EDB;
	*taken = json_is_object(row);
	json_decref(row);
	return 0;
}

int store_mail_sent(struct store *s, long long id, const char *now)
{
	return db_exec(s, "UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1,"
	                  " last_error = NULL WHERE id = ?", "ti", now, id);
}

int store_mail_failed(struct store *s, long long id, long long attempts, const char *error, const char *retry_at)
{
	if (retry_at)
		return db_exec(s, "UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
		               "itti", attempts, error, retry_at, id);
	return db_exec(s, "UPDATE mail_outbox SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?", "iti",
	               attempts, error, id);
}

static int retry_apply(struct store *s, const struct actor *a, const void *in, json_t *before, long long *id,
                       const char **field, const char **why)
{
	if (strcmp(json_string_value(json_object_get(before, "status")), "failed") != 0) {
		*field = "id";
		return LIA_ECONFLICT;
	}
	return db_exec(s, "UPDATE mail_outbox SET status = 'queued', next_attempt_at = ? WHERE id = ?", "ti", a->now, *id);
}

int store_mail_retry(struct store *s, const struct actor *a, long long id)
{
	return db_write(s, a, &outbox_record, &id, retry_apply, NULL, NULL, NULL);
}

static int link_insert(struct store *s, const struct actor *a, long long user_id, const char *purpose,
                       const char *digest, const char *expires_at, long long *id)
{
	if (db_exec(s, "INSERT INTO account_link (user_id, purpose, token_hash, created_at, expires_at)"
	               " VALUES (?, ?, ?, ?, ?)", "ittt" "t", user_id, purpose, digest, a->now, expires_at) != 0)
		return LIA_EDB;
	long long lid = db_last_id(s);
	if (id)
		*id = lid;
	return db_audit_record(s, a, &link_record, "create", lid, NULL, NULL);
}

int store_link_create(struct store *s, const struct actor *a, long long user_id, const char *purpose,
                      const char *digest, const char *expires_at)
{
	WITH_TX(s, link_insert(s, a, user_id, purpose, digest, expires_at, NULL));
}

static int link_renew_tx(struct store *s, long long link_id, const char *digest, const char *now, bool *ok)
{
	*ok = false;
	json_t *before = link_row(s, link_id);
	if (!before)
		return LIA_EDB;
	/* Only a link that can still be used gets a new token: a used or
	 * expired one stays dead. The old digest is replaced, so a token made
	 * for an earlier attempt never works. */
	json_t *took = json_is_object(before)
		? db_row(s, "UPDATE account_link SET token_hash = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?"
		            " RETURNING id", "tit", digest, link_id, now)
		: json_null();
	int rc = took ? 0 : LIA_EDB;
	if (!rc && json_is_object(took)) {
		struct actor a = {.user_id = 0, .request_id = "mail", .now = now};
		json_t *note = json_pack("{s:b}", "token_renewed", 1);
		rc = db_audit_record(s, &a, &link_record, "update", link_id, before, note);
		json_decref(note);
		*ok = rc == 0;
	}
	json_decref(took);
	json_decref(before);
	return rc;
}

int store_link_renew(struct store *s, long long link_id, const char *digest, const char *now, bool *ok)
{
	WITH_TX(s, link_renew_tx(s, link_id, digest, now, ok));
}

static int link_use_tx(struct store *s, const char *digest, const char *now, const char *request_id,
                       const char *password_hash, long long *user_id)
{
	json_t *link = NULL;
	int rc = store_link_find(s, digest, now, &link);
	if (rc != 0)
		return rc;
	long long lid = (long long)json_integer_value(json_object_get(link, "id"));
	long long uid = (long long)json_integer_value(json_object_get(link, "user_id"));
	json_decref(link);
	struct actor a = {.user_id = uid, .request_id = request_id, .now = now};
	json_t *before = link_row(s, lid), *ubefore = user_row(s, uid);
	rc = before && ubefore ? 0 : LIA_EDB;
	/* used_at IS NULL again: of two uses at once, only one changes the row. */
	json_t *took = rc ? NULL : db_row(s, "UPDATE account_link SET used_at = ? WHERE id = ? AND used_at IS NULL"
	                                     " RETURNING id", "ti", now, lid);
	if (!rc && (!took || !json_is_object(took)))
		rc = took ? LIA_ENOTFOUND : LIA_EDB;
	json_decref(took);
	/* Every other open link of the account ends too: one new password. */
	if (!rc)
		rc = db_exec(s, "UPDATE account_link SET used_at = ? WHERE user_id = ? AND used_at IS NULL", "ti", now, uid);
	if (!rc)
		rc = db_exec(s, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", password_hash, uid);
	if (!rc)
		rc = db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL"
		             " WHERE user_id = ? AND ended_at IS NULL", "ti", now, uid);
	/* And every API token: one made by someone who had the old password
	 * must not outlive the recovery. */
	if (!rc)
		rc = store_tokens_revoke_all(s, &a, uid);
	if (!rc)
		rc = db_audit_record(s, &a, &link_record, "update", lid, before, NULL);
	json_t *note = json_pack("{s:b}", "password_changed", 1);
	if (!rc)
		rc = db_audit_record(s, &a, &user_record, "update", uid, ubefore, note);
	json_decref(note);
	json_decref(before);
	json_decref(ubefore);
	if (!rc)
		*user_id = uid;
	return rc;
}

int store_link_use(struct store *s, const char *digest, const char *now, const char *request_id,
                   const char *password_hash, long long *user_id)
{
	WITH_TX(s, link_use_tx(s, digest, now, request_id, password_hash, user_id));
}

static int invite_tx(struct store *s, const struct actor *a, const char *email, const char *name, const char *role,
                     long long person_id, const char *lang, const char *digest, const char *expires_at,
                     const struct store_mail *m, long long *id)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM user_account WHERE email = lower(?)", "t", email) > 0)
		return LIA_ECONFLICT;
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO user_account (person_id, email, password_hash, role, created_at, display_name, lang)"
	               " VALUES (?, lower(?), NULL, ?, ?, ?, ?)",
	            "zttttt", person_id, email, role, a->now, name ? name : "", lang) != 0)
		return LIA_EDB;
	long long uid = db_last_id(s);
	json_t *note = json_pack("{s:b}", "invited", 1);
	int rc = db_audit_record(s, a, &user_record, "create", uid, NULL, note);
	json_decref(note);
	long long lid = 0;
	if (!rc)
		rc = link_insert(s, a, uid, "invitation", digest, expires_at, &lid);
	struct store_mail mm = *m;
	mm.user_id = uid;
	mm.link_id = lid;
	long long mid = 0;
	if (!rc)
		rc = enqueue(s, &mm, a->now, &mid);
	if (!rc)
		*id = uid;
	return rc;
}

int store_user_invite(struct store *s, const struct actor *a, const char *email, const char *name, const char *role,
                      long long person_id, const char *lang, const char *digest, const char *expires_at,
                      const struct store_mail *m, long long *id)
{
	WITH_TX(s, invite_tx(s, a, email, name, role, person_id, lang, digest, expires_at, m, id));
}

int store_reset_record(struct store *s, const char *email, const char *address, const char *now)
{
	return db_exec(s, "INSERT INTO password_reset_request (at, email, address) VALUES (?, lower(?), ?)", "ttt", now,
	               email, address);
}

static int reset_tx(struct store *s, long long user_id, const char *digest, const char *expires_at,
                    const struct store_mail *m, const char *now, const char *request_id)
{
	struct actor a = {.user_id = 0, .request_id = request_id, .now = now};
	long long lid = 0, mid = 0;
	int rc = link_insert(s, &a, user_id, "password_reset", digest, expires_at, &lid);
	struct store_mail mm = *m;
	mm.link_id = lid;
	if (!rc)
		rc = enqueue(s, &mm, now, &mid);
	return rc;
}

int store_reset_issue(struct store *s, long long user_id, const char *digest, const char *expires_at,
                      const struct store_mail *m, const char *now, const char *request_id)
{
	WITH_TX(s, reset_tx(s, user_id, digest, expires_at, m, now, request_id));
}

struct settings_in {
	const char *url, *from, *user, *password;
};

static int settings_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                          const char **field, const char **why)
{
	const struct settings_in *in = arg;
	if (db_exec(s, "INSERT INTO mail_setting (id, updated_at) VALUES (1, ?) ON CONFLICT DO NOTHING", "t",
	            a->now) != 0)
		return LIA_EDB;
	if (db_exec(s, "UPDATE mail_setting SET smtp_url = ?, smtp_from = ?, smtp_user = ?, updated_at = ? WHERE id = 1",
	            "tttt", in->url, in->from, in->user, a->now) != 0)
		return LIA_EDB;
	if (in->password && db_exec(s, "UPDATE mail_setting SET smtp_password = ? WHERE id = 1", "t", in->password) != 0)
		return LIA_EDB;
	*id = 1;
	return 0;
}

int store_mail_settings_save(struct store *s, const struct actor *a, const char *url, const char *from,
                             const char *user, const char *password)
{
	struct settings_in in = {url, from, user, password};
	json_t *has = settings_row(s, 1);
	if (!has)
		return LIA_EDB;
	long long id = json_is_null(has) ? 0 : 1;
	json_decref(has);
	return db_write(s, a, &settings_record, &id, settings_apply, &in, NULL, NULL);
}
