/*
 * q_totp: the second factor's rows (migration 0019): an account's TOTP key
 * and last accepted time step, its recovery codes (digests only), a key
 * being set up, and sign-ins waiting between the password and the code.
 * Changes are audited as changes of the account that say what happened
 * ("second_factor": "on", "off", "recovery_codes", "recovery_code_used"),
 * never with the key or a code.
 */
#include "store/db.h"

#include "core/err.h"

#include <string.h>

static int audit_note(struct store *s, const struct actor *a, long long user_id, const char *what, long long left)
{
	json_t *after = json_pack("{s:I, s:s}", "id", (json_int_t)user_id, "second_factor", what);
	if (left >= 0)
		json_object_set_new(after, "recovery_codes_left", json_integer(left));
	int rc = db_audit(s, a, "update", "user_account", user_id, NULL, after);
	json_decref(after);
	return rc;
}

int store_totp_state(struct store *s, long long user_id, json_t **out)
{
	json_t *row = db_row(s, "SELECT id, email, role, disabled_at, totp_secret, totp_last_step FROM user_account"
	                        " WHERE id = ?", "i", user_id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int store_totp_use_step(struct store *s, long long user_id, long long step)
{
	/* One statement: of two requests with the same code, one wins. */
	json_t *row = db_row(s, "UPDATE user_account SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?"
	                        " RETURNING id", "iii", step, user_id, step);
	if (!row)
		return LIA_EDB;
	int rc = json_is_null(row) ? LIA_ECONFLICT : 0;
	json_decref(row);
	return rc;
}

int store_totp_recovery_left(struct store *s, long long user_id, long long *left)
{
	int e = 0;
	*left = db_int(s, &e, 0, "SELECT count(*) FROM totp_recovery WHERE user_id = ? AND used_at IS NULL", "i", user_id);
	return e ? LIA_EDB : 0;
}

static int recovery_use_tx(struct store *s, const struct actor *a, long long user_id, const char *digest,
                           long long *left)
{
	json_t *row = db_row(s, "UPDATE totp_recovery SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL"
	                        " RETURNING id", "tit", a->now, user_id, digest);
	if (!row)
		return LIA_EDB;
	bool used = !json_is_null(row);
	json_decref(row);
	if (!used)
		return LIA_ENOTFOUND;
	int rc = store_totp_recovery_left(s, user_id, left);
	return rc ? rc : audit_note(s, a, user_id, "recovery_code_used", *left);
}

int store_totp_recovery_use(struct store *s, const struct actor *a, long long user_id, const char *digest,
                            long long *left)
{
	WITH_TX(s, recovery_use_tx(s, a, user_id, digest, left));
}

static int enrolment_tx(struct store *s, long long user_id, const char *fresh, const char *now, char *out, size_t n)
{
	if (db_exec(s, "INSERT INTO totp_enrolment (user_id, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	            "itt", user_id, fresh, now) != 0)
		return LIA_EDB;
	json_t *row = db_row(s, "SELECT secret FROM totp_enrolment WHERE user_id = ?", "i", user_id);
	const char *k = row ? json_string_value(json_object_get(row, "secret")) : NULL;
	int rc = k && strlen(k) < n ? 0 : LIA_EDB;
	if (rc == 0)
		memcpy(out, k, strlen(k) + 1);
	json_decref(row);
	return rc;
}

int store_totp_enrolment(struct store *s, long long user_id, const char *fresh, const char *now, char *out, size_t n)
{
	WITH_TX(s, enrolment_tx(s, user_id, fresh, now, out, n));
}

static int put_codes(struct store *s, const struct actor *a, long long user_id, const char *const *digests, size_t n)
{
	if (db_exec(s, "DELETE FROM totp_recovery WHERE user_id = ?", "i", user_id) != 0)
		return LIA_EDB;
	for (size_t i = 0; i < n; i++)
		if (db_exec(s, "INSERT INTO totp_recovery (user_id, code_hash, created_at) VALUES (?, ?, ?)", "itt", user_id,
		            digests[i], a->now) != 0)
			return LIA_EDB;
	return 0;
}

static int enrol_tx(struct store *s, const struct actor *a, long long user_id, long long step,
                    const char *const *digests, size_t n)
{
	int e = 0;
	long long waiting = db_int(s, &e, 0, "SELECT count(*) FROM totp_enrolment WHERE user_id = ?", "i", user_id);
	if (e)
		return LIA_EDB;
	if (!waiting)
		return LIA_ENOTFOUND;
	if (db_exec(s, "UPDATE user_account SET totp_secret = (SELECT secret FROM totp_enrolment WHERE user_id = ?),"
	               " totp_last_step = ?, totp_enrolled_at = ? WHERE id = ?", "iiti", user_id, step, a->now, user_id) != 0 ||
	    db_exec(s, "DELETE FROM totp_enrolment WHERE user_id = ?", "i", user_id) != 0)
		return LIA_EDB;
	int rc = put_codes(s, a, user_id, digests, n);
	return rc ? rc : audit_note(s, a, user_id, "on", (long long)n);
}

int store_totp_enrol(struct store *s, const struct actor *a, long long user_id, long long step,
                     const char *const *digests, size_t n)
{
	WITH_TX(s, enrol_tx(s, a, user_id, step, digests, n));
}

static int set_tx(struct store *s, const struct actor *a, long long user_id, const char *secret)
{
	if (db_exec(s, "UPDATE user_account SET totp_secret = ?, totp_last_step = 0, totp_enrolled_at = ? WHERE id = ?",
	            "tti", secret, a->now, user_id) != 0)
		return LIA_EDB;
	return audit_note(s, a, user_id, "on", -1);
}

int store_totp_set(struct store *s, const struct actor *a, long long user_id, const char *secret)
{
	WITH_TX(s, set_tx(s, a, user_id, secret));
}

static int replace_tx(struct store *s, const struct actor *a, long long user_id, const char *const *digests, size_t n)
{
	int rc = put_codes(s, a, user_id, digests, n);
	return rc ? rc : audit_note(s, a, user_id, "recovery_codes", (long long)n);
}

int store_totp_recovery_replace(struct store *s, const struct actor *a, long long user_id, const char *const *digests,
                                size_t n)
{
	WITH_TX(s, replace_tx(s, a, user_id, digests, n));
}

static int reset_tx(struct store *s, const struct actor *a, long long user_id)
{
	int e = 0;
	long long found = db_int(s, &e, 0, "SELECT count(*) FROM user_account WHERE id = ?", "i", user_id);
	if (e)
		return LIA_EDB;
	if (!found)
		return LIA_ENOTFOUND;
	if (db_exec(s, "UPDATE user_account SET totp_secret = NULL, totp_last_step = 0, totp_enrolled_at = NULL"
	               " WHERE id = ?", "i", user_id) != 0 ||
	    db_exec(s, "DELETE FROM totp_recovery WHERE user_id = ?", "i", user_id) != 0 ||
	    db_exec(s, "DELETE FROM totp_enrolment WHERE user_id = ?", "i", user_id) != 0 ||
	    db_exec(s, "UPDATE sign_in_pending SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", "ti", a->now,
	            user_id) != 0 ||
	    db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL"
	               " WHERE user_id = ? AND ended_at IS NULL", "ti", a->now, user_id) != 0)
		return LIA_EDB;
	return audit_note(s, a, user_id, "off", -1);
}

int store_totp_reset(struct store *s, const struct actor *a, long long user_id)
{
	WITH_TX(s, reset_tx(s, a, user_id));
}

int store_pending_create(struct store *s, long long user_id, const char *digest, const char *next, const char *now,
                         const char *expires_at)
{
	return db_exec(s, "INSERT INTO sign_in_pending (user_id, token_hash, next, created_at, expires_at)"
	                  " VALUES (?, ?, ?, ?, ?)", "ittt" "t", user_id, digest, next, now, expires_at);
}

int store_pending_user(struct store *s, const char *digest, const char *now, json_t **out)
{
	json_t *row = db_row(s, "SELECT p.user_id, p.next FROM sign_in_pending p JOIN user_account u ON u.id = p.user_id"
	                        " WHERE p.token_hash = ? AND p.ended_at IS NULL AND p.expires_at > ? AND u.disabled_at IS NULL",
	                     "tt", digest, now);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int store_pending_end(struct store *s, const char *digest, const char *now)
{
	return db_exec(s, "UPDATE sign_in_pending SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", "tt", now,
	               digest);
}
