/*
 * q_session: browser sessions. A session row holds a digest of the cookie's
 * random value (never the value), the CSRF token of its forms, when it
 * started, was last used and must end, the device and address it started
 * from (shown to its owner on the account page), and for a while a form that
 * arrived after the previous session had ended. Ending sessions on request
 * is audited; a session that simply runs out is not (its times say so).
 */
#include "store/db.h"

#include "core/err.h"

#include <string.h>

/* At most this many bytes of a User-Agent are kept: enough to tell devices apart. */
#define DEVICE_MAX 200

int store_session_create(struct store *s, long long user_id, const char *digest, const char *csrf, const char *now,
                         const char *expires_at, const char *user_agent, const char *address)
{
	char device[DEVICE_MAX + 1];
	size_t n = user_agent ? strlen(user_agent) : 0;
	if (n > DEVICE_MAX) {
		n = DEVICE_MAX;
		while (n && ((unsigned char)user_agent[n] & 0xC0) == 0x80)
			n--; /* not in the middle of a UTF-8 character */
	}
	if (n)
		memcpy(device, user_agent, n);
	device[n] = '\0';
	return db_exec(s, "INSERT INTO session (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at,"
	                  " user_agent, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttt" "ttt", user_id, digest, csrf, now, now, expires_at, device, address ? address : "");
}

int store_session_user(struct store *s, const char *digest, const char *now, const char *idle_since, json_t **out)
{
	json_t *row = db_row(s,
		"SELECT u.id, u.email, u.display_name, u.role, u.person_id, u.created_at, u.disabled_at,"
		" p.name AS person_name, COALESCE(p.is_experience_expert, 0) AS is_experience_expert, u.is_host_admin,"
		" ss.csrf_token, ss.id AS session_id, ss.expires_at, ss.last_seen_at"
		" FROM session ss JOIN user_account u ON u.id = ss.user_id LEFT JOIN person p ON p.id = u.person_id"
		" WHERE ss.token_hash = ? AND ss.ended_at IS NULL AND ss.expires_at > ? AND ss.last_seen_at > ?"
		" AND u.disabled_at IS NULL", "ttt", digest, now, idle_since);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int store_session_touch(struct store *s, const char *digest, const char *now, const char *stale_before)
{
	return db_exec_nowait(s, "UPDATE session SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?", "ttt",
	                      now, digest, stale_before);
}

int store_session_end(struct store *s, const char *digest, const char *now)
{
	return db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL"
	                  " WHERE token_hash = ? AND ended_at IS NULL", "tt", now, digest);
}

int store_sessions(struct store *s, long long user_id, const char *now, const char *idle_since, json_t **out)
{
	*out = db_rows(s, "SELECT id, user_agent, address, created_at, last_seen_at, expires_at FROM session"
	                  " WHERE user_id = ? AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?"
	                  " ORDER BY last_seen_at DESC, id DESC", "itt", user_id, now, idle_since);
	return *out ? 0 : LIA_EDB;
}

static int end_own_tx(struct store *s, const struct actor *a, long long user_id, long long session_id)
{
	int e = 0;
	long long open = db_int(s, &e, 0, "SELECT count(*) FROM session WHERE id = ? AND user_id = ? AND ended_at IS NULL",
	                        "ii", session_id, user_id);
	if (e)
		return LIA_EDB;
	if (!open)
		return LIA_ENOTFOUND;
	if (db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL WHERE id = ?", "ti",
	            a->now, session_id) != 0)
		return LIA_EDB;
	/* The audit log's actions are a fixed list: ending a session is a change of it. */
	json_t *before = json_pack("{s:I, s:n}", "id", (json_int_t)session_id, "ended_at");
	json_t *after = json_pack("{s:I, s:s}", "id", (json_int_t)session_id, "ended_at", a->now);
	int rc = db_audit(s, a, "update", "session", session_id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_session_end_own(struct store *s, const struct actor *a, long long user_id, long long session_id)
{
	WITH_TX(s, end_own_tx(s, a, user_id, session_id));
}

static int end_all_tx(struct store *s, const struct actor *a, long long user_id, long long keep_id)
{
	int e = 0;
	long long n = db_int(s, &e, 0, "SELECT count(*) FROM session WHERE user_id = ? AND ended_at IS NULL AND id <> ?",
	                     "ii", user_id, keep_id);
	if (e)
		return LIA_EDB;
	if (db_exec(s, "UPDATE session SET ended_at = ?, resume_to = NULL, resume_fields = NULL"
	               " WHERE user_id = ? AND ended_at IS NULL AND id <> ?", "tii", a->now, user_id, keep_id) != 0)
		return LIA_EDB;
	json_t *note = json_pack("{s:I, s:I}", "id", (json_int_t)user_id, "sessions_ended", (json_int_t)n);
	int rc = db_audit(s, a, "update", "user_account", user_id, NULL, note);
	json_decref(note);
	return rc;
}

int store_sessions_end_all(struct store *s, const struct actor *a, long long user_id, long long keep_id)
{
	WITH_TX(s, end_all_tx(s, a, user_id, keep_id));
}

int store_session_resume_put(struct store *s, const char *digest, const char *to, const char *fields)
{
	return db_exec(s, "UPDATE session SET resume_to = ?, resume_fields = ? WHERE token_hash = ? AND ended_at IS NULL",
	               "ttt", to, fields, digest);
}

int store_session_ended(struct store *s, const char *digest, const char *now, const char *idle_since,
                        long long *user_id, bool *has_form)
{
	json_t *row = db_row(s,
		"SELECT ss.user_id, CASE WHEN ss.resume_to IS NULL THEN 0 ELSE 1 END AS has_form"
		" FROM session ss JOIN user_account u ON u.id = ss.user_id"
		" WHERE ss.token_hash = ? AND ss.ended_at IS NULL AND (ss.expires_at <= ? OR ss.last_seen_at <= ?)"
		" AND u.disabled_at IS NULL", "ttt", digest, now, idle_since);
	if (!row)
		return LIA_EDB;
	*user_id = (long long)json_integer_value(json_object_get(row, "user_id"));
	*has_form = json_integer_value(json_object_get(row, "has_form")) == 1;
	json_decref(row);
	return *user_id ? 0 : LIA_ENOTFOUND;
}

static int resume_get(struct store *s, const char *digest, bool take, json_t **out)
{
	json_t *row = db_row(s, "SELECT resume_to, resume_fields FROM session WHERE token_hash = ? AND ended_at IS NULL"
	                        " AND resume_to IS NOT NULL", "t", digest);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	if (take && db_exec(s, "UPDATE session SET resume_to = NULL, resume_fields = NULL WHERE token_hash = ?", "t", digest) != 0) {
		json_decref(row);
		return LIA_EDB;
	}
	*out = row;
	return 0;
}

int store_session_resume_take(struct store *s, const char *digest, json_t **out)
{
	return resume_get(s, digest, true, out);
}

int store_session_resume_peek(struct store *s, const char *digest, json_t **out)
{
	return resume_get(s, digest, false, out);
}
