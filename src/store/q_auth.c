/*
 * q_auth: user accounts, sessions, personal API tokens and sign-in
 * attempts. Only digests of tokens are stored or looked up; password hashes
 * leave the store only through store_user_by_email (for checking).
 */
#include "store/db.h"

#include "core/err.h"

const char *const store_roles[STORE_ROLE_COUNT] = {"coordinator", "project_member", "dossier_holder", "reader"};

/* The public columns of an account (no password hash). */
#define USER_COLS \
	"u.id, u.email, u.display_name, u.role, u.person_id, u.created_at, u.disabled_at," \
	" p.name AS person_name, COALESCE(p.is_experience_expert, 0) AS is_experience_expert"

static json_t *user_row(struct store *s, long long id)
{
	return db_row(s, "SELECT " USER_COLS " FROM user_account u LEFT JOIN person p ON p.id = u.person_id"
	                 " WHERE u.id = ?", "i", id);
}

static int user_create_tx(struct store *s, const struct actor *a, const char *email, const char *name,
                          const char *role, long long person_id, const char *hash, long long *id)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM user_account WHERE email = lower(?)", "t", email) > 0)
		return LIA_ECONFLICT;
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO user_account (person_id, email, password_hash, role, created_at, display_name)"
	               " VALUES (?, lower(?), ?, ?, ?, ?)",
	            "zttttt", person_id, email, hash, role, a->now, name ? name : "") != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = user_row(s, *id);
	int rc = db_audit(s, a, "create", "user_account", *id, NULL, after);
	json_decref(after);
	return rc;
}

int store_user_create(struct store *s, const struct actor *a, const char *email, const char *name,
                      const char *role, long long person_id, const char *password_hash, long long *id)
{
	WITH_TX(s, user_create_tx(s, a, email, name, role, person_id, password_hash, id));
}

int store_user_by_email(struct store *s, const char *email, json_t **out)
{
	json_t *u = db_row(s, "SELECT " USER_COLS ", u.password_hash FROM user_account u"
	                      " LEFT JOIN person p ON p.id = u.person_id WHERE u.email = lower(?)", "t", email);
	if (!u)
		return LIA_EDB;
	if (json_is_null(u)) {
		json_decref(u);
		return LIA_ENOTFOUND;
	}
	*out = u;
	return 0;
}

/* Change one account with an UPDATE statement and audit before/after. */
static int user_change_tx(struct store *s, const struct actor *a, long long id, const char *sql,
                          const char *types, const char *v1)
{
	json_t *before = user_row(s, id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	int rc = db_exec(s, sql, types, v1, id);
	json_t *after = rc == 0 ? user_row(s, id) : NULL;
	if (rc == 0)
		rc = db_audit(s, a, "update", "user_account", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* End every open session of an account (after a password change). */
static int end_sessions(struct store *s, const struct actor *a, long long user_id)
{
	return db_exec(s, "UPDATE session SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", "ti", a->now, user_id);
}

static int set_password_tx(struct store *s, const struct actor *a, long long id, const char *hash)
{
	/* The audit shows that the password changed, never the hash. */
	int rc = user_change_tx(s, a, id, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", hash);
	return rc == 0 ? end_sessions(s, a, id) : rc;
}

int store_user_set_password(struct store *s, const struct actor *a, long long id, const char *password_hash)
{
	WITH_TX(s, set_password_tx(s, a, id, password_hash));
}

int store_user_disable(struct store *s, const struct actor *a, long long id)
{
	WITH_TX(s, user_change_tx(s, a, id,
	                          "UPDATE user_account SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", "ti",
	                          a->now));
}

int store_users(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT " USER_COLS " FROM user_account u LEFT JOIN person p ON p.id = u.person_id"
	                          " ORDER BY u.disabled_at IS NOT NULL, u.email", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_session_create(struct store *s, long long user_id, const char *digest, const char *csrf,
                         const char *now, const char *expires_at)
{
	return db_exec(s, "INSERT INTO session (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)"
	                  " VALUES (?, ?, ?, ?, ?, ?)",
	               "itttt" "t", user_id, digest, csrf, now, now, expires_at);
}

int store_session_user(struct store *s, const char *digest, const char *now, const char *idle_since,
                       json_t **out)
{
	json_t *u = db_row(s,
		"SELECT " USER_COLS ", ss.csrf_token, ss.id AS session_id"
		" FROM session ss JOIN user_account u ON u.id = ss.user_id LEFT JOIN person p ON p.id = u.person_id"
		" WHERE ss.token_hash = ? AND ss.ended_at IS NULL AND ss.expires_at > ? AND ss.last_seen_at > ?"
		" AND u.disabled_at IS NULL", "ttt", digest, now, idle_since);
	if (!u)
		return LIA_EDB;
	if (json_is_null(u)) {
		json_decref(u);
		return LIA_ENOTFOUND;
	}
	*out = u;
	return 0;
}

int store_session_touch(struct store *s, const char *digest, const char *now, const char *stale_before)
{
	return db_exec(s, "UPDATE session SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?", "ttt",
	               now, digest, stale_before);
}

int store_session_end(struct store *s, const char *digest, const char *now)
{
	return db_exec(s, "UPDATE session SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", "tt", now,
	               digest);
}

static int token_create_tx(struct store *s, const struct actor *a, long long user_id, const char *name,
                           const char *digest, long long *id)
{
	if (db_exec(s, "INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)", "ittt",
	            user_id, name, digest, a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = db_row(s, "SELECT id, user_id, name, created_at FROM api_token WHERE id = ?", "i", *id);
	int rc = db_audit(s, a, "create", "api_token", *id, NULL, after);
	json_decref(after);
	return rc;
}

int store_token_create(struct store *s, const struct actor *a, long long user_id, const char *name,
                       const char *digest, long long *id)
{
	WITH_TX(s, token_create_tx(s, a, user_id, name, digest, id));
}

int store_token_user(struct store *s, const char *digest, const char *now, json_t **out)
{
	json_t *u = db_row(s,
		"SELECT " USER_COLS ", t.id AS token_id FROM api_token t JOIN user_account u ON u.id = t.user_id"
		" LEFT JOIN person p ON p.id = u.person_id"
		" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL", "t", digest);
	if (!u)
		return LIA_EDB;
	if (json_is_null(u)) {
		json_decref(u);
		return LIA_ENOTFOUND;
	}
	db_exec(s, "UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", "tt", now, digest);
	*out = u;
	return 0;
}

static int token_revoke_tx(struct store *s, const struct actor *a, long long id)
{
	json_t *before = db_row(s, "SELECT id, user_id, name, created_at, revoked_at FROM api_token WHERE id = ?", "i", id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	int rc = db_exec(s, "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", "ti", a->now, id);
	json_t *after = db_row(s, "SELECT id, user_id, name, created_at, revoked_at FROM api_token WHERE id = ?", "i", id);
	if (rc == 0)
		rc = db_audit(s, a, "update", "api_token", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_token_revoke(struct store *s, const struct actor *a, long long id)
{
	WITH_TX(s, token_revoke_tx(s, a, id));
}

int store_tokens(struct store *s, long long user_id, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.created_at, t.last_used_at,"
	                          " t.revoked_at FROM api_token t JOIN user_account u ON u.id = t.user_id"
	                          " WHERE (? = 0 OR t.user_id = ?) ORDER BY t.id DESC", "ii", user_id, user_id);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_sign_in_record(struct store *s, const char *email, const char *address, bool success, const char *now)
{
	return db_exec(s, "INSERT INTO sign_in_attempt (at, email, address, success) VALUES (?, lower(?), ?, ?)",
	               "ttti", now, email, address, (long long)success);
}

int store_sign_in_failures(struct store *s, const char *email, const char *address, const char *since,
                           long long *by_email, long long *by_address)
{
	int e = 0;
	*by_email = db_int(s, &e, 0, "SELECT count(*) FROM sign_in_attempt WHERE email = lower(?) AND at >= ?"
	                             " AND success = 0", "tt", email, since);
	*by_address = db_int(s, &e, 0, "SELECT count(*) FROM sign_in_attempt WHERE address = ? AND at >= ?"
	                               " AND success = 0", "tt", address, since);
	return e ? LIA_EDB : 0;
}

int store_user(struct store *s, long long id, json_t **out)
{
	json_t *u = user_row(s, id);
	if (!u)
		return LIA_EDB;
	if (json_is_null(u)) {
		json_decref(u);
		return LIA_ENOTFOUND;
	}
	*out = u;
	return 0;
}

static int user_update_tx(struct store *s, const struct actor *a, long long id, const char *name, const char *role,
                          long long person_id, bool disabled, const char *password_hash)
{
	json_t *before = user_row(s, id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	int rc = db_exec(s, "UPDATE user_account SET display_name = ?, role = ?, person_id = ?,"
	                    " disabled_at = CASE WHEN ? = 0 THEN NULL ELSE COALESCE(disabled_at, ?) END WHERE id = ?",
	                 "ttzit" "i", name, role, person_id, (long long)disabled, a->now, id);
	if (rc == 0 && password_hash)
		rc = db_exec(s, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", password_hash, id);
	/* A new password (perhaps after a leak) ends every session of the account. */
	if (rc == 0 && password_hash)
		rc = end_sessions(s, a, id);
	json_t *after = rc == 0 ? user_row(s, id) : NULL;
	if (rc == 0 && !after)
		rc = LIA_EDB;
	/* The audit says that the password changed, never what it is (nor its hash). */
	if (rc == 0 && password_hash)
		json_object_set_new(after, "password_changed", json_true());
	if (rc == 0)
		rc = db_audit(s, a, "update", "user_account", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_user_update(struct store *s, const struct actor *a, long long id, const char *name, const char *role,
                      long long person_id, bool disabled, const char *password_hash)
{
	WITH_TX(s, user_update_tx(s, a, id, name, role, person_id, disabled, password_hash));
}

int store_person_choices(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT id, name FROM person ORDER BY name, id", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_token(struct store *s, long long id, json_t **out)
{
	json_t *t = db_row(s, "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_token WHERE id = ?",
	                   "i", id);
	if (!t)
		return LIA_EDB;
	if (json_is_null(t)) {
		json_decref(t);
		return LIA_ENOTFOUND;
	}
	*out = t;
	return 0;
}
