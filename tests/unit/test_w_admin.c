/*
 * Unit tests: store writes (w_admin): reporting periods, publishing,
 * narratives, accounts and the audit log. Each write is audited, a refused
 * write changes nothing, and the rules of a published period hold.
 */
#include "core/err.h"
#include "store/db.h"
#include "store/w_periods.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2024-06-01T10:00:00Z"};

TestSuite(w_admin, .init = fixture_demo, .fini = fixture_close);

Test(w_admin, period_create_next_seq_and_audit)
{
	long long max = fixture_count("SELECT MAX(seq) FROM reporting_period");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	long long id = 0;
	cr_assert_eq(store_period_create(fixture_db, &who, "4e voortgangsrapportage", "2025-01-01", "2025-06-30", &id), 0);
	json_t *row = db_row(fixture_db, "SELECT seq, state, published_at FROM reporting_period WHERE id = ?", "i", id);
	cr_assert_eq(json_integer_value(json_object_get(row, "seq")), max + 1);
	cr_assert_str_eq(json_string_value(json_object_get(row, "state")), "open");
	cr_assert(json_is_null(json_object_get(row, "published_at")));
	json_decref(row);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE action = 'create' AND entity = 'reporting_period'"
	                           " AND before_json IS NULL AND after_json LIKE '%4e voortgangsrapportage%'"), 1);
}

Test(w_admin, period_end_before_start_writes_nothing)
{
	long long periods = fixture_count("SELECT count(*) FROM reporting_period");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	long long id = 0;
	cr_assert_eq(store_period_create(fixture_db, &who, "fout", "2024-07-01", "2024-06-30", &id), LIA_EINVAL);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period"), periods);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
}

/* Periods follow each other: the store refuses an overlap or a period that
 * goes back in time (into a gap between earlier periods), even without the
 * page's check, and says which period is in the way. */
Test(w_admin, period_overlap_or_back_in_time_writes_nothing)
{
	long long periods = fixture_count("SELECT count(*) FROM reporting_period");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	long long id = 0;
	cr_assert_eq(store_period_create(fixture_db, &who, "over 3", "2024-06-01", "2025-01-31", &id), LIA_EINVAL);
	cr_assert_eq(store_period_create(fixture_db, &who, "over 2", "2023-01-01", "2023-02-01", &id), LIA_EINVAL);
	/* Between the demo's periods 1 (ends 2021-12-21) and 2 (starts 2022-01-01). */
	cr_assert_eq(store_period_create(fixture_db, &who, "gap", "2021-12-25", "2021-12-30", &id), LIA_EINVAL);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period"), periods);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);

	json_t *clash = NULL;
	cr_assert_eq(store_period_clash(fixture_db, "2024-06-01", "2025-01-31", &clash), 0);
	cr_assert_str_eq(json_string_value(json_object_get(clash, "clash")), "overlap");
	cr_assert_str_eq(json_string_value(json_object_get(clash, "ends_on")), "2024-12-31");
	json_decref(clash);
	cr_assert_eq(store_period_clash(fixture_db, "2021-12-25", "2021-12-30", &clash), 0);
	cr_assert_str_eq(json_string_value(json_object_get(clash, "clash")), "earlier");
	cr_assert_str_eq(json_string_value(json_object_get(clash, "ends_on")), "2024-12-31");
	json_decref(clash);
	cr_assert_eq(store_period_clash(fixture_db, "2025-01-01", "2025-03-31", &clash), 0);
	cr_assert_null(clash);
	cr_assert_eq(store_period_create(fixture_db, &who, "next", "2025-01-01", "2025-03-31", &id), 0);
}

/* Due dates (0012): stored with a new period, changed on an open one
 * (audited), refused before the period's first day or with assessments
 * before updates (nothing written), and frozen once published. */
Test(w_admin, period_due_dates_rules)
{
	json_t *open = NULL;
	cr_assert_eq(store_open_period_due(fixture_db, &open), 0); /* the demo's period 3 */
	cr_assert_str_eq(json_string_value(json_object_get(open, "updates_due_on")), "2024-11-29");
	json_decref(open);
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	const char *field = NULL, *why = NULL;
	long long id = 0;
	cr_assert_eq(store_period_create_due(fixture_db, &who, "p5", "2025-01-01", "2025-06-30", "2024-12-31", "", &field,
	                                     &why, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "updates_due_on");
	cr_assert_str_eq(why, "before_start");
	cr_assert_eq(store_period_create_due(fixture_db, &who, "p5", "2025-01-01", "2025-06-30", "2025-06-15",
	                                     "2025-06-14", &field, &why, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "assessments_due_on");
	cr_assert_str_eq(why, "before_updates");
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE name = 'p5'"), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	/* After the period's last day is allowed: the report is often written then. */
	cr_assert_eq(store_period_create_due(fixture_db, &who, "p5", "2025-01-01", "2025-06-30", "2025-06-15",
	                                     "2025-07-10", &field, &why, &id), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE name = 'p5' AND updates_due_on = '2025-06-15'"
	                           " AND assessments_due_on = '2025-07-10'"), 1);
	/* Empty is no due date. */
	cr_assert_eq(store_period_set_due(fixture_db, &who, id, "2025-06-20", "", &field, &why), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE name = 'p5' AND updates_due_on = '2025-06-20'"
	                           " AND assessments_due_on IS NULL"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE action = 'update' AND entity = 'reporting_period'"
	                           " AND after_json LIKE '%2025-06-20%'"), 1);
	cr_assert_eq(store_period_set_due(fixture_db, &who, id, "2024-01-01", "", &field, &why), LIA_EINVAL);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE name = 'p5' AND updates_due_on = '2025-06-20'"), 1);
	cr_assert_eq(store_period_set_due(fixture_db, &who, 999999, "", "", &field, &why), LIA_ENOTFOUND);
	long long published = fixture_count("SELECT MIN(id) FROM reporting_period WHERE state = 'published'");
	cr_assert_eq(store_period_set_due(fixture_db, &who, published, "2023-12-01", "", &field, &why), LIA_ECONFLICT);
	cr_assert_eq(store_open_period_due(fixture_db, &open), 0);
	cr_assert_str_eq(json_string_value(json_object_get(open, "updates_due_on")), "2025-06-20");
	json_decref(open);
}

Test(w_admin, publish_freezes_period)
{
	long long open = fixture_count("SELECT MIN(id) FROM reporting_period WHERE state = 'open'");
	cr_assert_gt(open, 0);
	cr_assert_eq(store_period_publish(fixture_db, &who, open), 0);
	json_t *row = db_row(fixture_db, "SELECT state, published_at FROM reporting_period WHERE id = ?", "i", open);
	cr_assert_str_eq(json_string_value(json_object_get(row, "state")), "published");
	cr_assert_str_eq(json_string_value(json_object_get(row, "published_at")), who.now);
	json_decref(row);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE action = 'publish' AND entity = 'reporting_period'"
	                           " AND before_json LIKE '%\"state\":\"open\"%' AND after_json LIKE '%\"state\":\"published\"%'"), 1);

	/* A second publish is refused and changes nothing, not even the log. */
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	cr_assert_eq(store_period_publish(fixture_db, &who, open), LIA_ECONFLICT);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);

	/* The database refuses new updates in the published period. */
	long long updates = fixture_count("SELECT count(*) FROM progress_update");
	char sql[256];
	snprintf(sql, sizeof(sql), "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                           " VALUES ((SELECT MIN(id) FROM action_point), %lld, 'in_uitvoering', 'groen', 'x')", open);
	char *err = NULL;
	cr_assert_neq(db_script(fixture_db, sql, &err), 0);
	free(err);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update"), updates);

	/* ... and new or changed narratives. */
	long long nid = 0;
	cr_assert_eq(store_narrative_create(fixture_db, &who, open, "highlight", "Te laat", "", -1, &nid), LIA_ECONFLICT);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	/* A published period cannot be reopened. */
	cr_assert_eq(db_exec(fixture_db, "UPDATE reporting_period SET state = 'open', published_at = NULL WHERE id = ?", "i", open),
	             LIA_EDB);
	cr_assert_eq(store_period_publish(fixture_db, &who, 9999), LIA_ENOTFOUND);
}

Test(w_admin, narratives_written_and_audited)
{
	long long open = fixture_count("SELECT MIN(id) FROM reporting_period WHERE state = 'open'");
	long long a = 0, b = 0;
	cr_assert_eq(store_narrative_create(fixture_db, &who, open, "highlight", "Eerste", "Tekst *een*", -1, &a), 0);
	cr_assert_eq(store_narrative_create(fixture_db, &who, open, "outlook", "Straks", "", -1, &b), 0);
	cr_assert_eq(store_narrative_update(fixture_db, &who, a, "highlight", "Eerste, beter", "Tekst twee", 5), 0);
	json_t *n = NULL;
	cr_assert_eq(store_narrative(fixture_db, a, &n), 0);
	cr_assert_str_eq(json_string_value(json_object_get(n, "title")), "Eerste, beter");
	json_decref(n);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'narrative'"), 3);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'narrative' AND action = 'update'"
	                           " AND before_json LIKE '%Eerste\"%' AND after_json LIKE '%Eerste, beter%'"), 1);
	json_t *all = NULL;
	cr_assert_eq(store_period_narratives(fixture_db, open, false, &all), 0);
	cr_assert_eq(json_array_size(json_object_get(all, "highlights")), 1);
	cr_assert_eq(json_array_size(json_object_get(all, "outlooks")), 1);
	json_decref(all);
	/* The public sees nothing of an open period. */
	cr_assert_eq(store_period_narratives(fixture_db, open, true, &all), 0);
	cr_assert_eq(json_array_size(json_object_get(all, "highlights")), 0);
	json_decref(all);
}

Test(w_admin, user_update_audits_without_secrets)
{
	long long uid = 0;
	cr_assert_eq(store_user_create(fixture_db, &who, "Iemand@Example.org", "Iemand", "project_member", 0, "$argon2id$first", &uid), 0);
	cr_assert_eq(store_user_create(fixture_db, &who, "iemand@example.org", "Dubbel", "reader", 0, "$argon2id$x", &uid), LIA_ECONFLICT);
	cr_assert_eq(uid, 1);
	cr_assert_eq(store_user_update(fixture_db, &who, uid, "Nieuwe naam", "reader", 0, true, "$argon2id$fake-hash"), 0);
	json_t *u = NULL;
	cr_assert_eq(store_user(fixture_db, uid, &u), 0);
	cr_assert_str_eq(json_string_value(json_object_get(u, "role")), "reader");
	cr_assert_not(json_is_null(json_object_get(u, "disabled_at")));
	cr_assert_null(json_object_get(u, "password_hash"));
	json_decref(u);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'user_account' AND entity_id = 1"
	                           " AND after_json LIKE '%\"password_changed\":true%'"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE before_json LIKE '%argon2%' OR after_json LIKE '%argon2%'"
	                           " OR after_json LIKE '%password_hash%'"), 0);
	/* Switching on again clears disabled_at. */
	cr_assert_eq(store_user_update(fixture_db, &who, uid, "Nieuwe naam", "reader", 0, false, NULL), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM user_account WHERE id = 1 AND disabled_at IS NULL"), 1);
	cr_assert_eq(store_user_update(fixture_db, &who, 9999, "x", "reader", 0, false, NULL), LIA_ENOTFOUND);
}

Test(w_admin, audit_log_cannot_change)
{
	long long id = 0;
	cr_assert_eq(store_period_create(fixture_db, &who, "p", "2025-01-01", "2025-01-02", &id), 0);
	long long n = fixture_count("SELECT count(*) FROM audit_entry");
	cr_assert_gt(n, 0);
	cr_assert_eq(db_exec(fixture_db, "UPDATE audit_entry SET after_json = NULL", NULL), LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "UPDATE audit_entry SET user_id = NULL WHERE id = (SELECT MAX(id) FROM audit_entry)", NULL),
	             LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "DELETE FROM audit_entry WHERE id = (SELECT MAX(id) FROM audit_entry)", NULL), LIA_EDB);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), n);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE after_json IS NULL AND action = 'create'"), 0);

	/* Reading: filters and paging. */
	struct audit_filter f = {.entity = "reporting_period", .limit = 1};
	json_t *rows = NULL;
	cr_assert_eq(store_audit_page(fixture_db, &f, &rows), 0);
	cr_assert_eq(json_array_size(rows), 1);
	long long newest = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	f.before_id = newest;
	f.entity = NULL;
	cr_assert_eq(store_audit_page(fixture_db, &f, &rows), 0);
	cr_assert_lt(json_integer_value(json_object_get(json_array_get(rows, 0), "id")), newest);
	json_decref(rows);
	struct audit_filter g = {.since = "2024-06-01", .until = "2024-06-01"};
	cr_assert_eq(store_audit_page(fixture_db, &g, &rows), 0);
	cr_assert_geq(json_array_size(rows), 1);
	json_decref(rows);
	struct audit_filter h = {.until = "2000-01-01"};
	cr_assert_eq(store_audit_page(fixture_db, &h, &rows), 0);
	cr_assert_eq(json_array_size(rows), 0);
	json_decref(rows);
}
