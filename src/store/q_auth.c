/*
 * q_auth: user accounts, sessions, personal API tokens and sign-in
 * attempts. Only digests of tokens are stored or looked up; password hashes
 * leave the store only through store_user_by_email (for checking). Changes
 * to accounts and tokens are audited (store/audited.h); the audit log shows
 * that a password changed, never the password or its hash.
 */
#include "store/audited.h"

#include "core/err.h"

const char *const store_roles[STORE_ROLE_COUNT] = {"coordinator", "project_member", "dossier_holder", "reader"};

/* The public columns of an account (no password hash). */
#define USER_COLS \
	"u.id, u.email, u.display_name, u.role, u.person_id, u.created_at, u.disabled_at," \
	" p.name AS person_name, COALESCE(p.is_experience_expert, 0) AS is_experience_expert"
#define USER_FROM " FROM user_account u LEFT JOIN person p ON p.id = u.person_id"

int store_user(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT " USER_COLS USER_FROM " WHERE u.id = ?", "i", id), out);
}

/* A token as the audit log shows it when it is made, and when it changes. */
static int token_new_read(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT id, user_id, name, created_at FROM api_token WHERE id = ?", "i", id), out);
}

static int token_read(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT id, user_id, name, created_at, revoked_at FROM api_token WHERE id = ?",
	                            "i", id), out);
}

static const struct audited_entity user_entity = {"user_account", store_user};
static const struct audited_entity token_new_entity = {"api_token", token_new_read};
static const struct audited_entity token_entity = {"api_token", token_read};

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
	            "zttttt", person_id, email, hash, role, a->now, audited_or_empty(name)) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return audited_record(s, a, &user_entity, "create", *id, NULL, NULL);
}

int store_user_create(struct store *s, const struct actor *a, const char *email, const char *name,
                      const char *role, long long person_id, const char *password_hash, long long *id)
{
	WITH_TX(s, user_create_tx(s, a, email, name, role, person_id, password_hash, id));
}

int store_user_by_email(struct store *s, const char *email, json_t **out)
{
	return audited_found(db_row(s, "SELECT " USER_COLS ", u.password_hash" USER_FROM " WHERE u.email = lower(?)",
	                            "t", email), out);
}

/* End every open session of an account (after a password change). */
static int end_sessions(struct store *s, const struct actor *a, long long user_id)
{
	return db_exec(s, "UPDATE session SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", "ti", a->now, user_id);
}

/* One UPDATE statement with the bound text (then the id), for audited_update. */
struct user_set {
	const char *sql;
	const char *value;
	const struct actor *end_sessions; /* set: a new password, so end the account's sessions too */
};

static int user_set(struct store *s, long long id, json_t *before, void *ctx)
{
	const struct user_set *u = ctx;
	int rc = db_exec(s, u->sql, "ti", u->value, id);
	return rc == 0 && u->end_sessions ? end_sessions(s, u->end_sessions, id) : rc;
}

int store_user_set_password(struct store *s, const struct actor *a, long long id, const char *password_hash)
{
	struct user_set u = {"UPDATE user_account SET password_hash = ? WHERE id = ?", password_hash, a};
	WITH_TX(s, audited_update(s, a, &user_entity, "update", id, user_set, &u));
}

int store_user_disable(struct store *s, const struct actor *a, long long id)
{
	struct user_set u = {"UPDATE user_account SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", a->now, NULL};
	WITH_TX(s, audited_update(s, a, &user_entity, "update", id, user_set, &u));
}

int store_users(struct store *s, json_t **out)
{
	return audited_list(db_rows(s, "SELECT " USER_COLS USER_FROM " ORDER BY u.disabled_at IS NOT NULL, u.email",
	                            NULL), out);
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
	return audited_found(db_row(s,
		"SELECT " USER_COLS ", ss.csrf_token, ss.id AS session_id"
		" FROM session ss JOIN user_account u ON u.id = ss.user_id LEFT JOIN person p ON p.id = u.person_id"
		" WHERE ss.token_hash = ? AND ss.ended_at IS NULL AND ss.expires_at > ? AND ss.last_seen_at > ?"
		" AND u.disabled_at IS NULL", "ttt", digest, now, idle_since), out);
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
	return audited_record(s, a, &token_new_entity, "create", *id, NULL, NULL);
}

int store_token_create(struct store *s, const struct actor *a, long long user_id, const char *name,
                       const char *digest, long long *id)
{
	WITH_TX(s, token_create_tx(s, a, user_id, name, digest, id));
}

int store_token_user(struct store *s, const char *digest, const char *now, json_t **out)
{
	int rc = audited_found(db_row(s,
		"SELECT " USER_COLS ", t.id AS token_id FROM api_token t JOIN user_account u ON u.id = t.user_id"
		" LEFT JOIN person p ON p.id = u.person_id"
		" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL", "t", digest), out);
	/* When it was last used is a hint for the coordinator: a failure to
	 * note it does not refuse the request. */
	if (rc == 0)
		db_exec(s, "UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", "tt", now, digest);
	return rc;
}

static int token_revoke(struct store *s, long long id, json_t *before, void *ctx)
{
	return db_exec(s, "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", "ti",
	               (const char *)ctx, id);
}

int store_token_revoke(struct store *s, const struct actor *a, long long id)
{
	WITH_TX(s, audited_update(s, a, &token_entity, "update", id, token_revoke, (void *)a->now));
}

int store_tokens(struct store *s, long long user_id, json_t **out)
{
	return audited_list(db_rows(s, "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.created_at,"
	                               " t.last_used_at, t.revoked_at FROM api_token t"
	                               " JOIN user_account u ON u.id = t.user_id"
	                               " WHERE (? = 0 OR t.user_id = ?) ORDER BY t.id DESC", "ii", user_id, user_id),
	                    out);
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

struct user_change {
	const char *name, *role, *password_hash;
	long long person_id;
	bool disabled;
	const struct actor *a;
};

static int user_change(struct store *s, long long id, const struct user_change *c)
{
	int rc = db_exec(s, "UPDATE user_account SET display_name = ?, role = ?, person_id = ?,"
	                    " disabled_at = CASE WHEN ? = 0 THEN NULL ELSE COALESCE(disabled_at, ?) END WHERE id = ?",
	                 "ttzit" "i", c->name, c->role, c->person_id, (long long)c->disabled, c->a->now, id);
	if (rc == 0 && c->password_hash)
		rc = db_exec(s, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", c->password_hash, id);
	/* A new password (perhaps after a leak) ends every session of the account. */
	if (rc == 0 && c->password_hash)
		rc = end_sessions(s, c->a, id);
	return rc;
}

static int user_update_tx(struct store *s, const struct actor *a, long long id, const struct user_change *c)
{
	json_t *before = NULL;
	int rc = store_user(s, id, &before);
	if (rc != 0)
		return rc;
	rc = user_change(s, id, c);
	/* The audit says that the password changed, never what it is (nor its hash). */
	json_t *note = c->password_hash ? json_pack("{s:b}", "password_changed", 1) : NULL;
	if (rc == 0)
		rc = audited_record(s, a, &user_entity, "update", id, before, note);
	json_decref(note);
	json_decref(before);
	return rc;
}

int store_user_update(struct store *s, const struct actor *a, long long id, const char *name, const char *role,
                      long long person_id, bool disabled, const char *password_hash)
{
	struct user_change c = {name, role, password_hash, person_id, disabled, a};
	WITH_TX(s, user_update_tx(s, a, id, &c));
}

int store_person_choices(struct store *s, json_t **out)
{
	return audited_list(db_rows(s, "SELECT id, name FROM person ORDER BY name, id", NULL), out);
}

int store_token(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_token"
	                               " WHERE id = ?", "i", id), out);
}
