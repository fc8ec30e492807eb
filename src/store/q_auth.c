/*
 * q_auth: user accounts, sessions, personal API tokens and sign-in
 * attempts. Only digests of tokens are stored or looked up; password hashes
 * leave the store only through store_user_by_email (for checking). Changes
 * to accounts and tokens are audited (db_write, store/write.c); the audit
 * log shows that a password changed, never the password or its hash.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"

#include <string.h>

/* The public columns of an account (no password hash). */
#define USER_COLS \
	"u.id, u.email, u.display_name, u.role, u.person_id, u.created_at, u.disabled_at, u.lang," \
	" p.name AS person_name, COALESCE(p.is_experience_expert, 0) AS is_experience_expert"
#define USER_FROM " FROM user_account u LEFT JOIN person p ON p.id = u.person_id"

static json_t *user_row(struct store *s, long long id)
{
	return db_row(s, "SELECT " USER_COLS USER_FROM " WHERE u.id = ?", "i", id);
}

/* A token as the audit log shows it when it is made, and when it changes;
 * and as the pages show it (no digest, ever). */
static json_t *token_new_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, user_id, name, created_at, expires_at, can_write FROM api_token WHERE id = ?", "i",
	              id);
}

static json_t *token_audit_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, user_id, name, created_at, expires_at, can_write, revoked_at FROM api_token"
	                 " WHERE id = ?", "i", id);
}

static json_t *token_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, user_id, name, created_at, expires_at, can_write, last_used_at, revoked_at"
	                 " FROM api_token WHERE id = ?", "i", id);
}

static const struct db_record user_record = {"user_account", user_row};
static const struct db_record token_new_record = {"api_token", token_new_row};
static const struct db_record token_record = {"api_token", token_audit_row};
static const struct db_record token_view = {"api_token", token_row};

/* A query's one row as a result: 0 with *out set, LIA_ENOTFOUND or LIA_EDB. */
static int found(json_t *row, json_t **out)
{
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

/* A query's rows as a result: 0 with *out set, or LIA_EDB. */
static int listed(json_t *rows, json_t **out)
{
	*out = rows;
	return rows ? 0 : LIA_EDB;
}

int store_user(struct store *s, long long id, json_t **out)
{
	return db_get(s, &user_record, id, out);
}

int store_token(struct store *s, long long id, json_t **out)
{
	return db_get(s, &token_view, id, out);
}

struct user_input {
	const char *email, *name, *role, *password_hash;
	long long person_id;
	bool disabled;
};

static int user_create_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                             const char **field, const char **why)
{
	const struct user_input *in = arg;
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM user_account WHERE email = lower(?)", "t", in->email) > 0)
		return LIA_ECONFLICT;
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO user_account (person_id, email, password_hash, role, created_at, display_name)"
	               " VALUES (?, lower(?), ?, ?, ?, ?)",
	            "zttttt", in->person_id, in->email, in->password_hash, in->role, a->now, db_or_empty(in->name)) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return 0;
}

int store_user_create(struct store *s, const struct actor *a, const char *email, const char *name,
                      const char *role, long long person_id, const char *password_hash, long long *id)
{
	struct user_input in = {.email = email, .name = name, .role = role, .password_hash = password_hash,
	                        .person_id = person_id};
	return db_create(s, a, &user_record, id, user_create_apply, &in, NULL, NULL);
}

int store_user_by_email(struct store *s, const char *email, json_t **out)
{
	return found(db_row(s, "SELECT " USER_COLS ", u.password_hash" USER_FROM " WHERE u.email = lower(?)", "t", email),
	             out);
}

/* End every open session of an account (after a password change). */
static int end_sessions(struct store *s, const struct actor *a, long long user_id)
{
	return db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL"
	                  " WHERE user_id = ? AND ended_at IS NULL", "ti", a->now, user_id);
}

int store_tokens_revoke_all(struct store *s, const struct actor *a, long long user_id)
{
	json_t *ids = db_rows(s, "SELECT id FROM api_token WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?"
	                         " ORDER BY id", "it", user_id, a->now);
	if (!ids)
		return LIA_EDB;
	int rc = 0;
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x) {
		long long id = (long long)json_integer_value(json_object_get(x, "id"));
		json_t *before = token_audit_row(s, id);
		rc = before ? db_exec(s, "UPDATE api_token SET revoked_at = ? WHERE id = ?", "ti", a->now, id) : LIA_EDB;
		if (rc == 0)
			rc = db_audit_record(s, a, &token_record, "update", id, before, NULL);
		json_decref(before);
		if (rc != 0)
			break;
	}
	json_decref(ids);
	return rc;
}

static int password_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                          const char **field, const char **why)
{
	int rc = db_exec(s, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", (const char *)arg, *id);
	if (rc == 0)
		rc = end_sessions(s, a, *id);
	return rc ? rc : store_tokens_revoke_all(s, a, *id);
}

/* As user_update_tx: the audit entry says that the password changed, never
 * what it is (nor its hash). */
static int set_password_tx(struct store *s, const struct actor *a, long long id, const char *password_hash)
{
	json_t *before = NULL;
	int rc = db_get(s, &user_record, id, &before);
	if (rc != 0)
		return rc;
	long long same = id;
	rc = password_apply(s, a, password_hash, before, &same, NULL, NULL);
	json_t *note = json_pack("{s:b}", "password_changed", 1);
	if (rc == 0)
		rc = db_audit_record(s, a, &user_record, "update", id, before, note);
	json_decref(note);
	json_decref(before);
	return rc;
}

int store_user_set_password(struct store *s, const struct actor *a, long long id, const char *password_hash)
{
	WITH_TX(s, set_password_tx(s, a, id, password_hash));
}

static int disable_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                         const char **field, const char **why)
{
	return db_exec(s, "UPDATE user_account SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", "ti", a->now, *id);
}

static int lang_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                      const char **field, const char **why)
{
	return db_exec(s, "UPDATE user_account SET lang = ? WHERE id = ?", "ti", (const char *)arg, *id);
}

int store_user_set_lang(struct store *s, const struct actor *a, long long id, const char *lang)
{
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return LIA_EINVAL;
	return db_write(s, a, &user_record, &id, lang_apply, lang, NULL, NULL);
}

int store_user_disable(struct store *s, const struct actor *a, long long id)
{
	return db_write(s, a, &user_record, &id, disable_apply, NULL, NULL, NULL);
}

int store_users(struct store *s, json_t **out)
{
	return listed(db_rows(s, "SELECT " USER_COLS USER_FROM " ORDER BY u.disabled_at IS NOT NULL, u.email", NULL), out);
}

struct token_input {
	long long user_id;
	const char *name, *digest, *expires_at;
	bool can_write;
};

static int token_create_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                              const char **field, const char **why)
{
	const struct token_input *in = arg;
	if (db_exec(s, "INSERT INTO api_token (user_id, name, token_hash, created_at, expires_at, can_write)"
	               " VALUES (?, ?, ?, ?, ?, ?)", "itttti",
	            in->user_id, in->name, in->digest, a->now, in->expires_at, (long long)in->can_write) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return 0;
}

int store_token_create(struct store *s, const struct actor *a, long long user_id, const char *name,
                       const char *digest, const char *expires_at, bool can_write, long long *id)
{
	struct token_input in = {user_id, name, digest, expires_at, can_write};
	return db_create(s, a, &token_new_record, id, token_create_apply, &in, NULL, NULL);
}

int store_token_user(struct store *s, const char *digest, const char *now, json_t **out)
{
	int rc = found(db_row(s,
		"SELECT " USER_COLS ", t.id AS token_id, t.can_write FROM api_token t JOIN user_account u ON u.id = t.user_id"
		" LEFT JOIN person p ON p.id = u.person_id"
		" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled_at IS NULL", "tt",
		digest, now), out);
	/* When it was last used is a hint for the coordinator: a failure to
	 * note it does not refuse the request. */
	if (rc == 0 && db_exec(s, "UPDATE api_token SET last_used_at = ? WHERE token_hash = ?", "tt", now, digest) != 0)
		log_warn("API token %lld: its last use was not recorded",
		         (long long)json_integer_value(json_object_get(*out, "token_id")));
	return rc;
}

static int revoke_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	return db_exec(s, "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", "ti", a->now, *id);
}

int store_token_revoke(struct store *s, const struct actor *a, long long id)
{
	return db_write(s, a, &token_record, &id, revoke_apply, NULL, NULL, NULL);
}

int store_tokens(struct store *s, long long user_id, json_t **out)
{
	return listed(db_rows(s, "SELECT t.id, t.user_id, u.email AS user_email, t.name, t.created_at, t.last_used_at,"
	                         " t.expires_at, t.can_write, t.revoked_at FROM api_token t JOIN user_account u ON u.id = t.user_id"
	                         " WHERE (? = 0 OR t.user_id = ?) ORDER BY t.id DESC", "ii", user_id, user_id), out);
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

static int user_change(struct store *s, const struct actor *a, long long id, const struct user_input *in)
{
	int rc = db_exec(s, "UPDATE user_account SET display_name = ?, role = ?, person_id = ?,"
	                    " disabled_at = CASE WHEN ? = 0 THEN NULL ELSE COALESCE(disabled_at, ?) END WHERE id = ?",
	                 "ttzit" "i", in->name, in->role, in->person_id, (long long)in->disabled, a->now, id);
	if (rc == 0 && in->password_hash)
		rc = db_exec(s, "UPDATE user_account SET password_hash = ? WHERE id = ?", "ti", in->password_hash, id);
	/* A new password (perhaps after a leak) ends every session of the account. */
	if (rc == 0 && in->password_hash)
		rc = end_sessions(s, a, id);
	return rc;
}

/* Not through db_write: the audit entry says that the password changed,
 * never what it is (nor its hash), which the row itself cannot show. */
static int user_update_tx(struct store *s, const struct actor *a, long long id, const struct user_input *in)
{
	json_t *before = NULL;
	int rc = db_get(s, &user_record, id, &before);
	if (rc != 0)
		return rc;
	rc = user_change(s, a, id, in);
	json_t *note = in->password_hash ? json_pack("{s:b}", "password_changed", 1) : NULL;
	if (rc == 0)
		rc = db_audit_record(s, a, &user_record, "update", id, before, note);
	json_decref(note);
	json_decref(before);
	return rc;
}

int store_user_update(struct store *s, const struct actor *a, long long id, const char *name, const char *role,
                      long long person_id, bool disabled, const char *password_hash)
{
	struct user_input in = {.name = name, .role = role, .password_hash = password_hash, .person_id = person_id,
	                        .disabled = disabled};
	WITH_TX(s, user_update_tx(s, a, id, &in));
}

int store_person_choices(struct store *s, json_t **out)
{
	return listed(db_rows(s, "SELECT id, name FROM person ORDER BY name, id", NULL), out);
}
