/*
 * Unit tests: privacy as the AVG asks it (w_privacy, sensitive, q_export).
 * Erasure leaves no readable copy (art. 17): after erasing a person and an
 * interview's notes, no table, and on SQLite not even the database file,
 * holds the name, e-mail, phone, needs or note text, while the audit log
 * shows the erasure without content. The export lists (art. 15, 20) are
 * checked against the schema's own foreign keys and tables, so a new table
 * that refers to people, or any new table, cannot be left out unnoticed.
 * Runs on both engines (LIA_TEST_DB=pg).
 */
#include "core/err.h"
#include "store/db.h"
#include "store/q_export.h"
#include "store/w_interviews.h"
#include "store/w_people.h"
#include "store/w_privacy.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct actor actor = {.user_id = 0, .request_id = "test", .now = "2024-04-02T10:00:00Z"};

/* Unlikely anywhere else, so a hit is a leak. */
#define NAME "Zwaantje Qwertyuiopsma"
#define EMAIL "zwaantje.q@example.org"
#define PHONE "+31 6 9876 5432"
#define NEEDS "Schrijftolk via Tolkcentrum-XQZ"
#define NOTES "GEHEIME-NOTITIE over de gezondheid van buurvrouw Jansen-XQZ"
#define NEW_NAME "Zwaantje Qwertyuiopsma-de Vries"

TestSuite(privacy, .init = fixture_demo, .fini = fixture_close);

/* Does any exported table, or any search table, hold needle? */
static bool tables_hold(const char *needle)
{
	bool found = false;
	for (const struct export_table *t = export_tables; t->name; t++) {
		json_t *rows = NULL;
		cr_assert_eq(store_export_table(fixture_db, t, &rows), 0, "%s", t->name);
		char *text = json_dumps(rows, JSON_COMPACT);
		if (strstr(text, needle)) {
			fprintf(stderr, "%s holds %s\n", t->name, needle);
			found = true;
		}
		free(text);
		json_decref(rows);
	}
	/* The tables export leaves out: the search index (both engines) and the keys. */
	json_t *more = db_rows(fixture_db, DB_SQL(fixture_db,
		"SELECT title || ' ' || body AS t FROM search_index UNION ALL SELECT secret FROM privacy_key",
		"SELECT title || ' ' || body AS t FROM search_index UNION ALL SELECT secret FROM privacy_key"), NULL);
	cr_assert_not_null(more);
	char *text = json_dumps(more, JSON_COMPACT);
	found = found || strstr(text, needle);
	free(text);
	json_decref(more);
	return found;
}

/* Does the SQLite file or its WAL hold needle as bytes? */
static bool file_holds(const char *suffix, const char *needle)
{
	char path[512];
	snprintf(path, sizeof(path), "%s%s", fixture_database(), suffix);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	bool found = memmem(buf, (size_t)n, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

/* One number from sql with one or two id parameters (sql a literal). */
static long long count2(const char *sql, long long a, long long b)
{
	int e = 0;
	long long n = db_int(fixture_db, &e, -1, sql, "ii", a, b);
	cr_assert_eq(e, 0);
	return n;
}
static long long count1(const char *sql, long long a)
{
	int e = 0;
	long long n = db_int(fixture_db, &e, -1, sql, "i", a);
	cr_assert_eq(e, 0);
	return n;
}

static long long make_person(void)
{
	struct person_input in = {.name = NAME, .organisation_id = 3, .job_title = "Ambassadeur", .email = EMAIL,
	                          .phone = PHONE, .is_experience_expert = true, .communication_needs = NEEDS,
	                          .consent = true};
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_person_create(fixture_db, &actor, &in, &field, &id), 0);
	/* A change, so the audit log has a before and an after. */
	in.name = NEW_NAME;
	cr_assert_eq(store_person_update(fixture_db, &actor, id, &in, &field), 0);
	in.name = NAME;
	cr_assert_eq(store_person_update(fixture_db, &actor, id, &in, &field), 0);
	long long uid = 0;
	cr_assert_eq(store_user_create(fixture_db, &actor, EMAIL, NAME, "reader", id, NULL, &uid), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO sign_in_attempt (at, email, address, success)"
	                                 " VALUES ('2024-04-01T10:00:00Z', ?, '192.0.2.1', 0)", "t", EMAIL), 0);
	/* E-mail to the person (their name and address in the message), a
	 * one-time link of their account, and a reset asked for their address. */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO mail_outbox (to_email, to_name, kind, person_id, user_id, subject,"
	                                 " body_text, body_html, next_attempt_at, created_at) VALUES (?1, ?2, 'invitation', ?3, ?4,"
	                                 " 'Welkom', 'Beste ' || ?2, '<p>Beste ' || ?2 || '</p>', '2024-04-01T10:00:00Z',"
	                                 " '2024-04-01T10:00:00Z')", "ttii", EMAIL, NAME, id, uid), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO account_link (user_id, purpose, token_hash, created_at, expires_at)"
	                                 " VALUES (?, 'invitation', 'abc123', '2024-04-01T10:00:00Z', '2024-04-15T10:00:00Z')",
	                     "i", uid), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO password_reset_request (at, email, address)"
	                                 " VALUES ('2024-04-01T10:00:00Z', ?, '192.0.2.1')", "t", EMAIL), 0);
	return id;
}

/* An interview in the open period with the person as the expert and secret notes. */
static long long make_interview(long long expert)
{
	int e = 0;
	long long open = db_int(fixture_db, &e, 0, "SELECT id FROM reporting_period WHERE state = 'open'", NULL);
	static const long long municipal[] = {3}, holders[] = {5};
	long long experts[] = {expert};
	struct interview_input in = {.theme_id = 2, .period_id = open, .held_on = "2024-04-02",
	                             .public_summary = "Samenvatting", .restricted_notes = NOTES,
	                             .municipal = {municipal, 1}, .experts = {experts, 1}, .holders = {holders, 1}};
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_interview_create(fixture_db, &actor, &in, &field, &id), 0);
	in.restricted_notes = NOTES " (aangevuld)";
	cr_assert_eq(store_interview_update(fixture_db, &actor, id, &in, &field), 0);
	return id;
}

Test(privacy, audit_keeps_digests_never_the_text)
{
	long long id = make_person();
	long long iv = make_interview(id);
	json_t *rows = db_rows(fixture_db, "SELECT before_json, after_json FROM audit_entry"
	                                   " WHERE entity IN ('person', 'user_account', 'interview')", NULL);
	char *text = json_dumps(rows, JSON_COMPACT);
	cr_assert_null(strstr(text, "Qwertyuiopsma"), "a name in the audit log");
	cr_assert_null(strstr(text, EMAIL));
	cr_assert_null(strstr(text, NEEDS));
	cr_assert_null(strstr(text, "GEHEIME-NOTITIE"));
	free(text);
	json_decref(rows);
	/* The field is there, as a digest; a change shows as another digest. */
	json_t *entries = db_rows(fixture_db, "SELECT after_json FROM audit_entry WHERE entity = 'person'"
	                                      " AND entity_id = ? ORDER BY id", "i", id);
	cr_assert_geq(json_array_size(entries), 3);
	json_t *e0 = json_loads(json_string_value(json_object_get(json_array_get(entries, 0), "after_json")), 0, NULL);
	json_t *e1 = json_loads(json_string_value(json_object_get(json_array_get(entries, 1), "after_json")), 0, NULL);
	json_t *e2 = json_loads(json_string_value(json_object_get(json_array_get(entries, 2), "after_json")), 0, NULL);
	const char *d0 = json_string_value(json_object_get(e0, "name"));
	cr_assert_eq(strncmp(d0, "digest:", 7), 0, "%s", d0);
	cr_assert_str_neq(d0, json_string_value(json_object_get(e1, "name")));
	cr_assert_str_eq(d0, json_string_value(json_object_get(e2, "name")));
	/* Not a plain hash of the name: the key is the record's own. */
	cr_assert_eq(json_object_get(e0, "is_experience_expert") != NULL, true);
	json_decref(e0);
	json_decref(e1);
	json_decref(e2);
	json_decref(entries);
	(void)iv;
}

Test(privacy, erasure_leaves_no_readable_copy)
{
	long long id = make_person();
	long long iv = make_interview(id);
	cr_assert(tables_hold(NAME) && tables_hold(EMAIL) && tables_hold(NOTES), "the control: the data is there first");
	json_t *frozen = NULL;
	cr_assert_eq(store_person_erase(fixture_db, &actor, id, &frozen), 0);
	cr_assert_eq(json_array_size(frozen), 0);
	json_decref(frozen);
	cr_assert_eq(store_person_erase(fixture_db, &actor, id, NULL), LIA_ECONFLICT);
	cr_assert_eq(store_notes_erase(fixture_db, &actor, iv), 0);
	cr_assert_eq(store_compact(fixture_db), 0);
	static const char *const gone[] = {NAME, "Qwertyuiopsma", EMAIL, PHONE, NEEDS, "GEHEIME-NOTITIE", "Ambassadeur"};
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		cr_assert_not(tables_hold(gone[i]), "a table still holds %s", gone[i]);
		if (!fixture_on_pg()) {
			cr_assert_not(file_holds("", gone[i]), "the database file still holds %s", gone[i]);
			cr_assert_not(file_holds("-wal", gone[i]), "the WAL still holds %s", gone[i]);
		}
	}
	/* The tombstone, and an account that cannot sign in. */
	cr_assert_eq(count1("SELECT count(*) FROM person WHERE id = ? AND name = 'Persoon ' || CAST(id AS TEXT)"
	                   " AND erased_at IS NOT NULL", id), 1);
	cr_assert_eq(count1("SELECT count(*) FROM account_link WHERE user_id IN"
	                   " (SELECT id FROM user_account WHERE person_id = ?)", id), 0, "their one-time links are gone");
	cr_assert_eq(count1("SELECT count(*) FROM user_account WHERE person_id = ? AND password_hash IS NULL"
	                   " AND disabled_at IS NOT NULL AND email LIKE 'erased-%@invalid'", id), 1);
	/* The audit log shows both erasures, without content. */
	cr_assert_eq(count1("SELECT count(*) FROM audit_entry WHERE action = 'erase' AND entity = 'person'"
	                   " AND entity_id = ?", id), 1);
	cr_assert_eq(count1("SELECT count(*) FROM audit_entry WHERE action = 'erase' AND entity = 'interview'"
	                   " AND entity_id = ? AND after_json LIKE '%restricted_notes%'", iv), 1);
	/* The digest keys are gone with the data. */
	cr_assert_eq(count2("SELECT count(*) FROM privacy_key WHERE (entity = 'person' AND entity_id = ?1)"
	                   " OR (entity = 'interview' AND entity_id = ?2)", id, iv), 0);
	cr_assert_eq(count1("SELECT count(*) FROM privacy_key WHERE entity = 'user_account' AND entity_id IN"
	                   " (SELECT id FROM user_account WHERE person_id = ?)", id), 0);
}

Test(privacy, published_interview_allows_only_erasing_notes)
{
	/* Interview 1 is in a published period. */
	cr_assert_eq(fixture_count("SELECT count(*) FROM interview i JOIN reporting_period r ON r.id = i.period_id"
	                           " WHERE i.id = 1 AND r.state = 'published' AND i.restricted_notes <> ''"), 1);
	cr_assert_neq(db_exec(fixture_db, "UPDATE interview SET public_summary = 'anders' WHERE id = 1", NULL), 0);
	cr_assert_neq(db_exec(fixture_db, "UPDATE interview SET restricted_notes = 'nieuw' WHERE id = 1", NULL), 0);
	cr_assert_neq(db_exec(fixture_db, "UPDATE interview SET restricted_notes = '', held_on = '2020-01-01'"
	                                  " WHERE id = 1", NULL), 0);
	cr_assert_neq(db_exec(fixture_db, "DELETE FROM interview_action WHERE interview_id = 1", NULL) == 0 &&
	              db_exec(fixture_db, "DELETE FROM interview_participant WHERE interview_id = 1", NULL) == 0 &&
	              db_exec(fixture_db, "DELETE FROM interview WHERE id = 1", NULL) == 0, true);
	cr_assert_eq(fixture_count("SELECT count(*) FROM interview WHERE id = 1 AND restricted_notes <> ''"), 1);
	cr_assert_eq(store_notes_erase(fixture_db, &actor, 1), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM interview WHERE id = 1 AND restricted_notes = ''"), 1);
	cr_assert_eq(store_notes_erase(fixture_db, &actor, 99999), LIA_ENOTFOUND);
}

/* The columns that refer to person or user_account, from the schema itself. */
static json_t *schema_refs(void)
{
	return db_rows(fixture_db, DB_SQL(fixture_db,
		"SELECT m.name AS tbl, f.\"from\" AS col, f.\"table\" AS refers FROM sqlite_master m,"
		" pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" IN ('person', 'user_account')",
		"SELECT c.conrelid::regclass::text AS tbl, a.attname::text AS col, c.confrelid::regclass::text AS refers"
		" FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
		" WHERE c.contype = 'f' AND c.confrelid::regclass::text IN ('person', 'user_account')"), NULL);
}

Test(privacy, person_export_covers_every_reference_in_the_schema)
{
	json_t *refs = schema_refs();
	cr_assert_not_null(refs);
	cr_assert_geq(json_array_size(refs), 10, "the schema query found too little to be a check");
	size_t i;
	json_t *r;
	json_array_foreach(refs, i, r) {
		const char *t = json_string_value(json_object_get(r, "tbl")), *c = json_string_value(json_object_get(r, "col"));
		bool listed = false;
		for (const struct privacy_ref *p = privacy_refs; p->table; p++)
			listed = listed || (strcmp(p->table, t) == 0 && strcmp(p->column, c) == 0 &&
			                    strcmp(p->refers, json_string_value(json_object_get(r, "refers"))) == 0);
		cr_assert(listed, "%s.%s refers to people or accounts but lia person export leaves it out", t, c);
	}
	json_decref(refs);
	/* And the export of a real person has their rows, without secrets. */
	long long id = make_person();
	make_interview(id);
	json_t *doc = NULL;
	cr_assert_eq(store_person_export(fixture_db, id, &doc), 0);
	char *text = json_dumps(doc, JSON_COMPACT);
	cr_assert_not_null(strstr(text, NAME));
	cr_assert_not_null(strstr(text, NEEDS));
	cr_assert_null(strstr(text, "password_hash"));
	cr_assert_null(strstr(text, "token_hash"));
	free(text);
	json_t *tables = json_object_get(doc, "tables");
	cr_assert_eq(json_array_size(json_object_get(tables, "interview_participant.person_id")), 1);
	cr_assert_eq(json_array_size(json_object_get(tables, "user_account.person_id")), 1);
	cr_assert_eq(json_array_size(json_object_get(tables, "sign_in_attempt.email")), 1);
	json_decref(doc);
	cr_assert_eq(store_person_export(fixture_db, 99999, &doc), LIA_ENOTFOUND);
}

Test(privacy, export_all_covers_every_table)
{
	json_t *tables = db_rows(fixture_db, DB_SQL(fixture_db,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
		"SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()"
		" AND table_type = 'BASE TABLE'"), NULL);
	cr_assert_geq(json_array_size(tables), 30);
	size_t i;
	json_t *r;
	json_array_foreach(tables, i, r) {
		const char *name = json_string_value(json_object_get(r, "name"));
		bool known = false;
		for (const struct export_table *t = export_tables; t->name; t++)
			known = known || strcmp(t->name, name) == 0;
		for (const char *const *k = export_skipped; *k; k++)
			known = known || strcmp(*k, name) == 0;
		cr_assert(known, "table %s is neither exported by lia export-all nor listed as left out", name);
	}
	json_decref(tables);
}
