/*
 * q_export: the whole municipality's data, table by table, for the end of a
 * contract (`lia export-all`, AVG art. 20 and 28(3)(g)). Each table is
 * named here with its own statement; tests/unit/test_privacy.c checks that
 * every table of the schema is either here or in the list of what is left
 * out on purpose (and why), so a new table cannot be forgotten.
 */
#include "store/q_export.h"

#include "core/err.h"
#include "store/db.h"

#define ALL(t) {t, "SELECT * FROM " t " ORDER BY 1"}

/* Secrets (password hashes, session and token digests, CSRF tokens) stay
 * behind: the new supplier makes its own. */
const struct export_table export_tables[] = {
	ALL("organisation"), ALL("programme"), ALL("crpd_article"), ALL("theme"), ALL("theme_article"),
	ALL("person"), ALL("project_member"),
	{"user_account", "SELECT id, person_id, email, display_name, role, lang, created_at, disabled_at FROM user_account"
	                 " ORDER BY 1"},
	ALL("action_point"), ALL("action_partner"), ALL("action_article"), ALL("reporting_period"), ALL("interview"),
	ALL("interview_participant"), ALL("interview_action"), ALL("interview_grant"), ALL("progress_update"),
	ALL("fund_source"), ALL("allocation"), ALL("expense"),
	{"expense_import", "SELECT id, user_id, created_at, file_name, digest, lines, added, imported_at"
	                   " FROM expense_import ORDER BY 1"},
	ALL("fund_warning_note"), ALL("event"), ALL("event_theme"), ALL("event_partner"), ALL("narrative"),
	{"published_report", "SELECT period_id, document, lang, format, created_at, sha256 FROM published_report"
	                     " ORDER BY 1, 2, 3, 4"},
	ALL("letter_template"), ALL("audit_entry"), ALL("access_log"), ALL("retention_setting"),
	{"session", "SELECT id, user_id, created_at, last_seen_at, expires_at, ended_at, user_agent, address FROM session"
	            " ORDER BY 1"},
	{"api_token", "SELECT id, user_id, name, created_at, last_used_at, revoked_at, expires_at, can_write FROM api_token"
	              " ORDER BY 1"},
	{"action_import", "SELECT id, user_id, created_at, file_name, digest, lines, changed, applied_at, result"
	                  " FROM action_import ORDER BY 1"},
	/* Without the bodies (an unsent one holds a one-time link) and without
	 * the relay's password. */
	{"mail_outbox", "SELECT id, to_email, to_name, lang, kind, reason, period_id, person_id, user_id, dedupe_key, subject,"
	                " status, attempts, next_attempt_at, last_error, created_at, sent_at FROM mail_outbox ORDER BY 1"},
	{"account_link", "SELECT id, user_id, purpose, created_at, expires_at, used_at FROM account_link ORDER BY 1"},
	ALL("password_reset_request"),
	{"mail_setting", "SELECT id, smtp_url, smtp_from, smtp_user, updated_at FROM mail_setting ORDER BY 1"},
	ALL("sign_in_attempt"),
	/* The second factor (0019): when recovery codes were made and used,
	 * and sign-ins that waited for a code; never a key or a digest. */
	{"totp_recovery", "SELECT id, user_id, created_at, used_at FROM totp_recovery ORDER BY 1"},
	{"sign_in_pending", "SELECT id, user_id, created_at, expires_at, ended_at FROM sign_in_pending ORDER BY 1"},
	ALL("lia_survey"), ALL("lia_survey_response"), ALL("lia_migration"),
	{NULL, NULL},
};

/* Tables left out, and why (the unit test reads this list too). */
const char *const export_skipped[] = {
	"privacy_key",        /* the digest keys of the audit log: secrets */
	"totp_enrolment",     /* second-factor keys being set up: secrets, gone in minutes */
	"action_point_state", /* a cache, made again from progress_update */
	"lia_data_version",   /* PostgreSQL: a counter of changes, for the cache of pages */
	"lia_national_version", /* SQLite: a counter of changes to published data, for the national picture */
	"search_index",       /* the search index, made again from the texts */
	"search_dirty",
	"municipality",       /* the deployment's registry (names and codes, public), not this municipality's data */
	"search_index_config", "search_index_content", "search_index_data", "search_index_docsize", "search_index_idx",
	NULL,
};

int store_export_table(struct store *s, const struct export_table *t, json_t **out)
{
	json_t *rows = db_rows(s, t->sql, NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_export_reports(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT period_id, document, lang, format FROM published_report ORDER BY 1, 2, 3, 4",
	                       NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_export_report_bytes(struct store *s, long long period, const char *document, const char *lang,
                              const char *format, char **data, size_t *len)
{
	return db_blob(s, data, len, "SELECT content FROM published_report WHERE period_id = ? AND document = ?"
	                             " AND lang = ? AND format = ?", "ittt", period, document, lang, format);
}
