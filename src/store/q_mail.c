/*
 * q_mail: reading the outbox, account links, the reset throttle, the relay
 * settings and who needs a reminder (store/mail.h). Bodies and the relay's
 * password leave the store only for the mail worker.
 */
#include "store/db.h"
#include "store/mail.h"

#include "core/err.h"

int store_mail_due(struct store *s, const char *now, long long limit, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT id, to_email, to_name, lang, kind, subject, body_text, body_html, link_id, attempts, next_attempt_at"
		" FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
		"ti", now, limit);
	*out = rows;
	return rows ? 0 : LIA_EDB;
}

int store_mail_has_key(struct store *s, const char *key, bool *has)
{
	int e = 0;
	*has = db_int(s, &e, 0, "SELECT count(*) FROM mail_outbox WHERE dedupe_key = ?", "t", key) > 0;
	return e ? LIA_EDB : 0;
}

int store_mail_list(struct store *s, long long limit, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT m.id, m.to_email, m.to_name, m.lang, m.kind, m.reason, m.period_id, r.name AS period_name,"
		" m.status, m.attempts, m.next_attempt_at, m.last_error, m.created_at, m.sent_at"
		" FROM mail_outbox m LEFT JOIN reporting_period r ON r.id = m.period_id"
		" ORDER BY m.status = 'failed' DESC, m.id DESC LIMIT ?", "i", limit);
	json_t *counts = db_rows(s, "SELECT status, count(*) AS n FROM mail_outbox GROUP BY status ORDER BY status", NULL);
	if (!rows || !counts) {
		json_decref(rows);
		json_decref(counts);
		return LIA_EDB;
	}
	json_t *by = json_pack("{s:i, s:i, s:i}", "queued", 0, "sent", 0, "failed", 0);
	size_t i;
	json_t *c;
	json_array_foreach(counts, i, c)
		json_object_set(by, json_string_value(json_object_get(c, "status")), json_object_get(c, "n"));
	json_decref(counts);
	*out = json_pack("{s:o, s:o}", "messages", rows, "counts", by);
	return 0;
}

int store_link_find(struct store *s, const char *digest, const char *now, json_t **out)
{
	json_t *row = db_row(s,
		"SELECT l.id, l.user_id, l.purpose, l.expires_at, u.email, u.display_name, u.lang"
		" FROM account_link l JOIN user_account u ON u.id = l.user_id"
		" WHERE l.token_hash = ? AND l.used_at IS NULL AND l.expires_at > ? AND u.disabled_at IS NULL",
		"tt", digest, now);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int store_reset_count(struct store *s, const char *email, const char *address, const char *since,
                      long long *by_email, long long *by_address)
{
	int e = 0;
	*by_email = db_int(s, &e, 0, "SELECT count(*) FROM password_reset_request WHERE email = lower(?) AND at >= ?",
	                   "tt", email, since);
	*by_address = db_int(s, &e, 0, "SELECT count(*) FROM password_reset_request WHERE address = ? AND at >= ?",
	                     "tt", address, since);
	return e ? LIA_EDB : 0;
}

int store_mail_settings(struct store *s, bool with_password, json_t **out)
{
	json_t *row = db_row(s,
		"SELECT smtp_url, smtp_from, smtp_user, smtp_password <> '' AS is_password_set, smtp_password, updated_at"
		" FROM mail_setting WHERE id = 1", NULL);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		row = json_pack("{s:s, s:s, s:s, s:b, s:s, s:n}", "smtp_url", "", "smtp_from", "", "smtp_user", "",
		                "is_password_set", 0, "smtp_password", "", "updated_at");
	if (!with_password)
		json_object_del(row, "smtp_password");
	*out = row;
	return 0;
}

/* Reminder candidates: every enabled account of a person with an address,
 * per open period. A dossier holder is counted for each action point they
 * hold that is neither completed nor withdrawn and has no update in the
 * period; an experience expert for each update of the period still
 * without the second voice, counting only current versions (a corrected
 * update once, as its correction, as My work does). The due dates are the period's (updates_due_on,
 * assessments_due_on, migration 0012); a period without one uses its last
 * day. */
int store_remind_candidates(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT 'update' AS kind, p.id AS person_id, p.name, u.email, u.lang, p.communication_needs,"
		" r.id AS period_id, r.name AS period_name, COALESCE(r.updates_due_on, r.ends_on) AS due_on, count(*) AS count"
		" FROM action_point a JOIN person p ON p.id = a.dossier_holder_id"
		" JOIN user_account u ON u.person_id = p.id AND u.disabled_at IS NULL"
		" JOIN reporting_period r ON r.state = 'open'"
		" JOIN action_point_current c ON c.action_point_id = a.id"
		" WHERE c.status NOT IN ('afgerond', 'vervallen')"
		" AND NOT EXISTS (SELECT 1 FROM progress_update x WHERE x.action_point_id = a.id AND x.period_id = r.id)"
		" GROUP BY p.id, p.name, u.email, u.lang, p.communication_needs, r.id, r.name, r.updates_due_on, r.ends_on"
		" UNION ALL"
		" SELECT 'assess' AS kind, p.id, p.name, u.email, u.lang, p.communication_needs,"
		" r.id, r.name, COALESCE(r.assessments_due_on, r.ends_on), count(*)"
		" FROM person p JOIN user_account u ON u.person_id = p.id AND u.disabled_at IS NULL"
		" AND u.role IN ('coordinator', 'project_member')"
		" JOIN reporting_period r ON r.state = 'open'"
		" JOIN progress_update x ON x.period_id = r.id AND x.expert_assessment = '' AND " DB_UPDATE_CURRENT("x")
		" WHERE p.is_experience_expert = 1"
		" GROUP BY p.id, p.name, u.email, u.lang, p.communication_needs, r.id, r.name, r.assessments_due_on, r.ends_on"
		" ORDER BY 7, 1, 2", NULL);
	*out = rows;
	return rows ? 0 : LIA_EDB;
}
