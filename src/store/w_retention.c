/*
 * w_retention: retention periods and purging what is past them (see
 * w_retention.h). Times are UTC ISO 8601 text, so "before the cut" is a
 * comparison of strings on both engines.
 */
#include "store/w_retention.h"

#include "core/err.h"
#include "core/vocab.h"
#include "store/db.h"
#include "store/w_import.h"

#include <string.h>
#include <time.h>

int store_retention(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT kind, days FROM retention_setting", NULL);
	if (!rows)
		return LIA_EDB;
	/* In the vocabulary's order, which the page shows. */
	json_t *list = json_array();
	const struct vocab_list *l = vocab_list("retention_kind");
	for (const struct vocab_word *w = l ? l->words : NULL; w && w->code; w++) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			if (strcmp(json_string_value(json_object_get(r, "kind")), w->code) == 0)
				json_array_append(list, r);
	}
	json_decref(rows);
	*out = list;
	return 0;
}

static int set_tx(struct store *s, const struct actor *a, const char *kind, long long days)
{
	int e = 0;
	long long was = db_int(s, &e, -1, "SELECT days FROM retention_setting WHERE kind = ?", "t", kind);
	if (e)
		return LIA_EDB;
	if (was == days)
		return 0;
	if (db_exec(s, "UPDATE retention_setting SET days = ? WHERE kind = ?", "it", days, kind) != 0)
		return LIA_EDB;
	json_t *b = json_pack("{s:s, s:I}", "kind", kind, "days", (json_int_t)was);
	json_t *f = json_pack("{s:s, s:I}", "kind", kind, "days", (json_int_t)days);
	int rc = db_audit(s, a, "update", "retention_setting", 0, b, f);
	json_decref(b);
	json_decref(f);
	return rc;
}

int store_retention_set(struct store *s, const struct actor *a, const char *kind, long long days)
{
	if (!kind || !vocab_has("retention_kind", kind) || days < 1 || days > 3650)
		return LIA_EINVAL;
	WITH_TX(s, set_tx(s, a, kind, days));
}

/* now minus days, as UTC ISO 8601 into cut[24]; false if now is unreadable. */
static bool cut_off(const char *now, long long days, char cut[24])
{
	struct tm tm = {0};
	if (!now || !strptime(now, "%Y-%m-%dT%H:%M:%S", &tm))
		return false;
	time_t t = timegm(&tm) - (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(cut, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

/* Per kind: how many are due, and how they go. The notes are erased, not
 * removed: the interview stays in the published report. */
static const struct {
	const char *kind, *count_sql, *purge_sql;
} steps[] = {
	{"sign_in_attempts", "SELECT count(*) FROM sign_in_attempt WHERE at < ?",
	 "DELETE FROM sign_in_attempt WHERE at < ?"},
	{"ended_sessions",
	 "SELECT count(*) FROM session WHERE ended_at < ?1 OR expires_at < ?1",
	 "DELETE FROM session WHERE ended_at < ?1 OR expires_at < ?1"},
	{"restricted_notes",
	 "SELECT count(*) FROM interview WHERE restricted_notes <> '' AND period_id IN"
	 " (SELECT id FROM reporting_period WHERE state = 'published' AND published_at < ?)",
	 "UPDATE interview SET restricted_notes = '' WHERE restricted_notes <> '' AND period_id IN"
	 " (SELECT id FROM reporting_period WHERE state = 'published' AND published_at < ?)"},
	{"expired_imports", "SELECT count(*) FROM expense_import WHERE imported_at IS NULL AND created_at < ?", NULL},
	{"access_log", "SELECT count(*) FROM access_log WHERE at < ?", "DELETE FROM access_log WHERE at < ?"},
};

static int purge_tx(struct store *s, const struct actor *a, bool dry_run, json_t *counts, char cuts[][24])
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int e = 0;
		long long days = db_int(s, &e, 0, "SELECT days FROM retention_setting WHERE kind = ?", "t", steps[i].kind);
		if (e || days < 1)
			return LIA_EDB;
		if (!cut_off(a->now, days, cuts[i]))
			return LIA_EINVAL;
		long long n = db_int(s, &e, 0, steps[i].count_sql, "t", cuts[i]);
		if (e)
			return LIA_EDB;
		json_object_set_new(counts, steps[i].kind, json_integer(n));
		/* Sign-ins that waited for a code (5 minutes each) and keys whose
		 * setting up was never finished go with the sessions (0019). */
		if (!dry_run && strcmp(steps[i].kind, "ended_sessions") == 0 &&
		    (db_exec(s, "DELETE FROM sign_in_pending WHERE expires_at < ?", "t", cuts[i]) != 0 ||
		     db_exec(s, "DELETE FROM totp_enrolment WHERE created_at < ?", "t", cuts[i]) != 0))
			return LIA_EDB;
		if (dry_run || !steps[i].purge_sql || n == 0)
			continue;
		/* The notes' digest keys go with the notes. */
		if (strcmp(steps[i].kind, "restricted_notes") == 0 &&
		    db_exec(s, "DELETE FROM privacy_key WHERE entity = 'interview' AND entity_id IN (SELECT i.id FROM interview i"
		               " JOIN reporting_period r ON r.id = i.period_id WHERE i.restricted_notes <> ''"
		               " AND r.state = 'published' AND r.published_at < ?)", "t", cuts[i]) != 0)
			return LIA_EDB;
		if (db_exec(s, steps[i].purge_sql, "t", cuts[i]) != 0)
			return LIA_EDB;
	}
	return 0;
}

int store_purge(struct store *s, const struct actor *a, bool dry_run, json_t **counts)
{
	json_t *c = json_object();
	char cuts[sizeof(steps) / sizeof(steps[0])][24];
	int rc;
	if (dry_run) {
		if (db_begin(s) != 0) {
			json_decref(c);
			return LIA_EDB;
		}
		rc = purge_tx(s, a, true, c, cuts);
		db_rollback(s);
	} else {
		if (db_begin(s) != 0) {
			json_decref(c);
			return LIA_EDB;
		}
		rc = purge_tx(s, a, false, c, cuts);
		rc = rc ? rc : db_commit(s);
		if (rc)
			db_rollback(s);
		/* Uploaded files go one by one, each audited (w_import_keep.c). */
		long long removed = 0;
		for (size_t i = 0; !rc && i < sizeof(steps) / sizeof(steps[0]); i++)
			if (strcmp(steps[i].kind, "expired_imports") == 0)
				rc = store_expense_import_purge(s, a, cuts[i], &removed);
		if (!rc) {
			json_object_set_new(c, "expired_imports", json_integer(removed));
			if (db_begin(s) != 0)
				rc = LIA_EDB;
			else {
				rc = db_audit(s, a, "purge", "retention", 0, NULL, c);
				rc = rc ? rc : db_commit(s);
				if (rc)
					db_rollback(s);
			}
		}
	}
	if (rc) {
		json_decref(c);
		return rc;
	}
	*counts = c;
	return 0;
}
