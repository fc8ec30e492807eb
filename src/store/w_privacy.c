/*
 * w_privacy: erasure, export and the consent to be named (see w_privacy.h).
 */
#include "store/w_privacy.h"

#include "core/err.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every column that refers to a person or an account. tests/unit/
 * test_privacy.c compares this list with the schema's foreign keys: a new
 * table that refers to people and is not here fails that test. */
#define REF_PERSON(t, c, cols) {t, c, "person", "SELECT " cols " FROM " t " WHERE " c " = ? ORDER BY 1"}
#define REF_ACCOUNT(t, c, cols) \
	{t, c, "user_account", "SELECT " cols " FROM " t " WHERE " c " IN (SELECT id FROM user_account WHERE person_id = ?)" \
	                       " ORDER BY 1"}
/* The outbox without the bodies: a message not yet sent holds a one-time
 * link (a secret until used); the subject and reason say what it was. */
#define MAIL_COLS "id, to_email, to_name, lang, kind, reason, period_id, person_id, user_id, subject, status, attempts," \
	" last_error, created_at, sent_at"
/* Secrets (password hashes, token and session digests, CSRF tokens) never
 * leave the store, not even to their owner. */
const struct privacy_ref privacy_refs[] = {
	REF_PERSON("project_member", "person_id", "*"),
	REF_PERSON("user_account", "person_id", "id, person_id, email, display_name, role, lang, created_at, disabled_at"),
	REF_PERSON("action_point", "dossier_holder_id", "*"),
	REF_PERSON("interview_participant", "person_id", "*"),
	REF_PERSON("progress_update", "author_id", "*"),
	REF_PERSON("progress_update", "expert_id", "*"),
	REF_PERSON("progress_update", "corrected_by", "*"),
	REF_PERSON("access_log", "person_id", "*"),
	REF_PERSON("mail_outbox", "person_id", MAIL_COLS),
	REF_ACCOUNT("session", "user_id", "id, user_id, created_at, last_seen_at, expires_at, ended_at, user_agent, address"),
	REF_ACCOUNT("api_token", "user_id", "id, user_id, name, created_at, last_used_at, revoked_at, expires_at, can_write"),
	REF_ACCOUNT("audit_entry", "user_id", "*"),
	REF_ACCOUNT("letter_template", "user_id", "*"),
	REF_ACCOUNT("access_log", "user_id", "*"),
	REF_ACCOUNT("interview_grant", "user_id", "*"),
	REF_ACCOUNT("expense_import", "user_id", "id, user_id, created_at, file_name, digest, lines, added, imported_at"),
	REF_ACCOUNT("fund_warning_note", "user_id", "*"),
	REF_ACCOUNT("action_import", "user_id", "id, user_id, created_at, file_name, digest, lines, changed, applied_at"),
	REF_ACCOUNT("mail_outbox", "user_id", MAIL_COLS),
	REF_ACCOUNT("account_link", "user_id", "id, user_id, purpose, created_at, expires_at, used_at"),
	/* The second factor (0019): never the key, a code's digest or a cookie's. */
	REF_ACCOUNT("totp_recovery", "user_id", "id, user_id, created_at, used_at"),
	REF_ACCOUNT("totp_enrolment", "user_id", "user_id, created_at"),
	REF_ACCOUNT("sign_in_pending", "user_id", "id, user_id, created_at, expires_at, ended_at"),
	{NULL, NULL, NULL, NULL},
};

static json_t *person_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, name, organisation_id, job_title, email, phone, is_municipal, is_experience_expert,"
	                 " communication_needs, consent_recorded_on, named_in_publications, erased_at"
	                 " FROM person WHERE id = ?", "i", id);
}

/* The published reports whose text holds name (PDFs are compressed and not
 * searched; their HTML twin of the same period is). */
static json_t *frozen_naming(struct store *s, const char *name)
{
	if (!name || !name[0])
		return json_array();
	return db_rows(s, DB_SQL(s,
		"SELECT period_id, document, lang, format FROM published_report"
		" WHERE format <> 'pdf' AND instr(CAST(content AS TEXT), ?) > 0 ORDER BY period_id, document, lang, format",
		"SELECT period_id, document, lang, format FROM published_report"
		" WHERE format <> 'pdf' AND strpos(convert_from(content, 'UTF8'), ?) > 0"
		" ORDER BY period_id, document, lang, format"), "t", name);
}

static int erase_tx(struct store *s, const struct actor *a, long long id, json_t **frozen)
{
	json_t *before = person_row(s, id);
	if (!before)
		return LIA_EDB;
	int rc = json_is_null(before) ? LIA_ENOTFOUND
	         : !json_is_null(json_object_get(before, "erased_at")) ? LIA_ECONFLICT : 0;
	if (!rc && frozen) {
		*frozen = frozen_naming(s, json_string_value(json_object_get(before, "name")));
		rc = *frozen ? 0 : LIA_EDB;
	}
	json_decref(before);
	if (rc)
		return rc;
	/* Sign-in attempts are kept by the address as typed: those of the
	 * person's own address and of their accounts' go first, while the
	 * addresses are still known. */
	/* Each with its own parameters: ?1 the person, ?2 the time (if used). */
	static const struct {
		const char *sql, *types;
	} steps[] = {
		{"DELETE FROM sign_in_attempt WHERE email IN (SELECT lower(email) FROM user_account WHERE person_id = ?1)"
		" OR email = (SELECT lower(email) FROM person WHERE id = ?1)", "i"},
		{"UPDATE session SET ended_at = COALESCE(ended_at, ?2) WHERE user_id IN"
		" (SELECT id FROM user_account WHERE person_id = ?1)", "it"},
		{"UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?2) WHERE user_id IN"
		" (SELECT id FROM user_account WHERE person_id = ?1)", "it"},
		{"UPDATE user_account SET email = 'erased-' || CAST(id AS TEXT) || '@invalid', display_name = '',"
		" password_hash = NULL, totp_secret = NULL, totp_enrolled_at = NULL,"
		" disabled_at = COALESCE(disabled_at, ?2) WHERE person_id = ?1", "it"},
		/* The second factor (0019): recovery codes, a key being set up and
		 * sign-ins waiting for a code go with the account's secrets. */
		{"DELETE FROM totp_recovery WHERE user_id IN (SELECT id FROM user_account WHERE person_id = ?1)", "i"},
		{"DELETE FROM totp_enrolment WHERE user_id IN (SELECT id FROM user_account WHERE person_id = ?1)", "i"},
		{"UPDATE sign_in_pending SET ended_at = COALESCE(ended_at, ?2) WHERE user_id IN"
		" (SELECT id FROM user_account WHERE person_id = ?1)", "it"},
		/* E-mail (0014): messages to the person hold their name and address
		 * (and links); one-time links and reset requests their accounts'. */
		{"DELETE FROM mail_outbox WHERE person_id = ?1 OR user_id IN (SELECT id FROM user_account WHERE person_id = ?1)"
		" OR lower(to_email) IN (SELECT lower(email) FROM user_account WHERE person_id = ?1)"
		" OR lower(to_email) = (SELECT lower(email) FROM person WHERE id = ?1)", "i"},
		{"DELETE FROM account_link WHERE user_id IN (SELECT id FROM user_account WHERE person_id = ?1)", "i"},
		{"DELETE FROM password_reset_request WHERE lower(email) IN (SELECT lower(email) FROM user_account WHERE person_id = ?1)"
		" OR lower(email) = (SELECT lower(email) FROM person WHERE id = ?1)", "i"},
		{"DELETE FROM privacy_key WHERE entity = 'user_account' AND entity_id IN"
		" (SELECT id FROM user_account WHERE person_id = ?1)", "i"},
		{"DELETE FROM privacy_key WHERE entity = 'person' AND entity_id = ?1", "i"},
		{"UPDATE person SET name = 'Persoon ' || CAST(id AS TEXT), job_title = '', email = NULL, phone = NULL,"
		" communication_needs = NULL, consent_recorded_on = NULL, named_in_publications = 0, erased_at = ?2"
		" WHERE id = ?1", "it"},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((strcmp(steps[i].types, "it") == 0 ? db_exec(s, steps[i].sql, "it", id, a->now)
		                                         : db_exec(s, steps[i].sql, "i", id)) != 0)
			return LIA_EDB;
	json_t *after = json_pack("{s:s, s:[s,s,s,s,s,s]}", "erased_at", a->now, "erased_fields", "name", "job_title",
	                          "email", "phone", "communication_needs", "accounts");
	rc = db_audit(s, a, "erase", "person", id, NULL, after);
	json_decref(after);
	return rc;
}

int store_person_erase(struct store *s, const struct actor *a, long long id, json_t **frozen)
{
	json_t *found = NULL;
	json_t **f = frozen ? &found : NULL;
	int rc;
	if (db_begin(s) != 0)
		return LIA_EDB;
	rc = erase_tx(s, a, id, f);
	if (!rc)
		rc = db_commit(s);
	if (rc) {
		db_rollback(s);
		json_decref(found);
		return rc;
	}
	if (frozen)
		*frozen = found;
	return 0;
}

static int notes_tx(struct store *s, const struct actor *a, long long id)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM interview WHERE id = ?", "i", id) == 0)
		return e ? LIA_EDB : LIA_ENOTFOUND;
	if (db_exec(s, "UPDATE interview SET restricted_notes = '' WHERE id = ?", "i", id) != 0 ||
	    db_forget_key(s, "interview", id) != 0)
		return LIA_EDB;
	json_t *after = json_pack("{s:s, s:[s]}", "erased_at", a->now, "erased_fields", "restricted_notes");
	int rc = db_audit(s, a, "erase", "interview", id, NULL, after);
	json_decref(after);
	return rc;
}

int store_notes_erase(struct store *s, const struct actor *a, long long id)
{
	WITH_TX(s, notes_tx(s, a, id));
}

static int named_tx(struct store *s, const struct actor *a, long long id, bool named)
{
	json_t *before = person_row(s, id);
	if (!before)
		return LIA_EDB;
	int rc = json_is_null(before) ? LIA_ENOTFOUND
	         : !json_is_null(json_object_get(before, "erased_at")) ? LIA_ECONFLICT : 0;
	bool was = !rc && json_integer_value(json_object_get(before, "named_in_publications")) != 0;
	json_decref(before);
	if (rc || was == named)
		return rc;
	if (db_exec(s, "UPDATE person SET named_in_publications = ? WHERE id = ?", "ii", (long long)named, id) != 0)
		return LIA_EDB;
	json_t *b = json_pack("{s:b}", "named_in_publications", was), *f = json_pack("{s:b}", "named_in_publications", named);
	rc = db_audit(s, a, "update", "person", id, b, f);
	json_decref(b);
	json_decref(f);
	return rc;
}

int store_person_privacy(struct store *s, long long id, json_t **out)
{
	json_t *row = db_row(s, "SELECT id, name, named_in_publications, erased_at FROM person WHERE id = ?", "i", id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int store_person_set_named(struct store *s, const struct actor *a, long long id, bool named)
{
	WITH_TX(s, named_tx(s, a, id, named));
}

static int export_tx(struct store *s, long long id, json_t **out)
{
	json_t *person = person_row(s, id);
	if (!person)
		return LIA_EDB;
	if (json_is_null(person))
		return LIA_ENOTFOUND;
	json_t *tables = json_object();
	for (const struct privacy_ref *r = privacy_refs; r->table; r++) {
		json_t *rows = db_rows(s, r->sql, "i", id);
		if (!rows) {
			json_decref(tables);
			json_decref(person);
			return LIA_EDB;
		}
		char key[128];
		snprintf(key, sizeof(key), "%s.%s", r->table, r->column);
		json_object_set_new(tables, key, rows);
	}
	/* What the audit log and the access log hold about the person's record,
	 * and the sign-in attempts made with their addresses. */
	json_t *audit = db_rows(s, "SELECT * FROM audit_entry WHERE (entity = 'person' AND entity_id = ?1)"
	                           " OR (entity = 'user_account' AND entity_id IN"
	                           " (SELECT id FROM user_account WHERE person_id = ?1)) ORDER BY id", "i", id);
	json_t *attempts = db_rows(s, "SELECT * FROM sign_in_attempt WHERE email IN"
	                              " (SELECT lower(email) FROM user_account WHERE person_id = ?1)"
	                              " OR email = (SELECT lower(email) FROM person WHERE id = ?1) ORDER BY id", "i", id);
	json_t *reads = db_rows(s, "SELECT l.id, l.at, l.user_id, u.email AS user_email, l.address, l.what, l.entity,"
	                           " l.entity_id, l.allowed FROM access_log l LEFT JOIN user_account u ON u.id = l.user_id"
	                           " WHERE l.person_id = ? ORDER BY l.id", "i", id);
	if (DB_ALL_READ(&audit, &attempts, &reads)) {
		json_decref(tables);
		json_decref(person);
		return LIA_EDB;
	}
	json_object_set_new(tables, "audit_entry.about", audit);
	json_object_set_new(tables, "sign_in_attempt.email", attempts);
	*out = json_pack("{s:o, s:o, s:o}", "person", person, "tables", tables, "reads", reads);
	return 0;
}

int store_person_export(struct store *s, long long id, json_t **out)
{
	if (db_begin(s) != 0)
		return LIA_EDB;
	int rc = export_tx(s, id, out);
	db_rollback(s);
	return rc;
}

int store_compact(struct store *s)
{
	if (s->kind == DB_PG)
		return db_exec(s, "VACUUM person, user_account, interview, sign_in_attempt, privacy_key, session, api_token",
		               NULL);
	char *err = NULL;
	int rc = db_script(s, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);", &err);
	free(err);
	return rc;
}
