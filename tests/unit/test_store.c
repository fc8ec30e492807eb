/*
 * Unit tests: the store on a real SQLite file: migrations, reference data,
 * the demo programme, the read queries, and the rules the database enforces.
 */
#include "core/assets.h"
#include "core/err.h"
#include "store/db.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The two kinds of reader: the public, and a signed-in user (drafts). */
static const struct viewer pub = {.lang = "nl", .drafts = false};
static const struct viewer drafts = {.lang = "nl", .drafts = true};
static const struct viewer drafts_en = {.lang = "en", .drafts = true};


TestSuite(migrate, .init = fixture_fresh, .fini = fixture_close);

Test(migrate, applies_all_once)
{
	char *err = NULL;
	cr_assert_eq(store_schema_version(fixture_db), 0);
	cr_assert_eq(store_migrate(fixture_db, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_schema_version(fixture_db), store_schema_latest());
	cr_assert_gt(store_schema_latest(), 1);
	cr_assert_eq(store_migrate(fixture_db, &err), 0);
	/* Each number once, the last one the newest (numbers are given out to
	 * parallel work, so one may be missing until its branch is merged). */
	cr_assert_eq(fixture_count("SELECT max(version) FROM lia_migration"), store_schema_latest());
	cr_assert_eq(fixture_count("SELECT count(*) FROM lia_migration"),
	             fixture_count("SELECT count(DISTINCT version) FROM lia_migration"));
}

/* `lia migrate --dry-run` tells an operator what each pending migration does
 * from its "-- summary-en:" and "-- summary-nl:" lines: every migration
 * number, on both engines, has them in one of its files. */
Test(migrate, every_migration_has_a_summary)
{
	for (int e = 0; e < 2; e++) {
		enum db_kind kind = e ? DB_PG : DB_SQLITE;
		const struct asset *list[MIGRATIONS_MAX];
		unsigned n = db_migrations(kind, list, MIGRATIONS_MAX);
		cr_assert_gt(n, 10);
		for (unsigned i = 0, j; i < n; i = j) {
			int v = db_migration_number(list[i]);
			bool en = false, nl = false;
			for (j = i; j < n && db_migration_number(list[j]) == v; j++) {
				en |= memmem(list[j]->data, list[j]->len, "-- summary-en: ", 15) != NULL;
				nl |= memmem(list[j]->data, list[j]->len, "-- summary-nl: ", 15) != NULL;
			}
			cr_expect(en && nl, "migration %04d (%s) has no summary-en/summary-nl line", v, e ? "pg" : "sqlite");
		}
	}
}

Test(migrate, refuses_a_foreign_database)
{
	char *err = NULL;
	cr_assert_eq(db_script(fixture_db, "CREATE TABLE other (x INTEGER)", &err), 0);
	cr_assert_eq(store_migrate(fixture_db, &err), LIA_EINVAL);
	cr_assert_not_null(strstr(err, "not a lia database"));
	free(err);
}

Test(migrate, reference_data_loads_once)
{
	char *err = NULL;
	cr_assert_eq(store_migrate(fixture_db, &err), 0);
	cr_assert_eq(store_load_reference(fixture_db, &err), 0);
	cr_assert_eq(store_load_reference(fixture_db, &err), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM crpd_article"), 50);
	cr_assert_eq(fixture_count("SELECT count(*) FROM crpd_article WHERE nl_checked = 1"), 30);
	cr_assert_eq(fixture_count("SELECT share_percent FROM lia_survey WHERE year = 2023 AND phase = 'in uitvoering'"), 30);
	cr_assert_eq(fixture_count("SELECT count(*) FROM lia_survey WHERE share_percent IS NULL"), 2);
	cr_assert_not(store_has_programme(fixture_db));
}

Test(migrate, missing_file_is_not_created_without_flag)
{
	struct store *other = NULL;
	char *err = NULL;
	char missing[160];
	snprintf(missing, sizeof(missing), "%s/missing.db", fixture_dir());
	cr_assert_eq(store_open(missing, STORE_OPEN_EXISTING, &other, &err), LIA_ENOTFOUND);
	cr_assert_null(other);
	cr_assert_not_null(strstr(err, "lia init"));
	cr_assert_neq(access(missing, F_OK), 0);
	free(err);
}

TestSuite(demo, .init = fixture_demo, .fini = fixture_close);

Test(demo, refuses_a_second_load)
{
	char *err = NULL;
	cr_assert_eq(store_load_demo(fixture_db, &err), LIA_ECONFLICT);
	free(err);
	cr_assert_eq(fixture_count("SELECT count(*) FROM programme"), 1);
}

Test(demo, dashboard_counts_match_the_data)
{
	json_t *d = NULL;
	cr_assert_eq(store_dashboard(fixture_db, &drafts, &d), 0);
	json_t *totals = json_object_get(d, "totals");
	long long actions = fixture_count("SELECT count(*) FROM action_point");
	cr_assert_eq(json_integer_value(json_object_get(totals, "total")), actions);
	cr_assert_eq(json_integer_value(json_object_get(totals, "completed")),
	             fixture_count("SELECT count(*) FROM action_point_current WHERE status = 'afgerond'"));
	cr_assert_eq(json_integer_value(json_object_get(totals, "attention")),
	             fixture_count("SELECT count(*) FROM action_point_current WHERE health IN ('oranje', 'rood')"));
	/* Every theme lists all six statuses, and its counts add up to its total. */
	size_t i;
	json_t *t;
	long long sum = 0;
	json_array_foreach(json_object_get(d, "themes"), i, t) {
		json_t *by = json_object_get(t, "by_status");
		cr_assert_eq(json_array_size(by), 6);
		long long theme_sum = 0;
		size_t j;
		json_t *c;
		json_array_foreach(by, j, c)
			theme_sum += json_integer_value(json_object_get(c, "count"));
		cr_assert_eq(theme_sum, json_integer_value(json_object_get(t, "total")));
		sum += theme_sum;
	}
	cr_assert_eq(sum, actions);
	cr_assert_eq(json_array_size(json_object_get(d, "themes")), 7);
	/* Funds: 2023-2026 at least, with left = available - spent. */
	json_t *y = json_array_get(json_object_get(d, "funds"), 0);
	cr_assert_eq(json_integer_value(json_object_get(y, "year")), 2023);
	cr_assert_eq(json_integer_value(json_object_get(y, "left_cents")),
	             json_integer_value(json_object_get(y, "available_cents")) -
	             json_integer_value(json_object_get(y, "spent_cents")));
	json_decref(d);
}

Test(demo, current_status_is_the_latest_update)
{
	/* The view picks the update of the latest period, not the latest id. */
	long long id = fixture_count("SELECT action_point_id FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
	                             " WHERE r.seq = 2 LIMIT 1");
	json_t *a = NULL;
	cr_assert_eq(store_action(fixture_db, &drafts, id, &a), 0);
	json_t *latest = json_array_get(json_object_get(a, "updates"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(a, "status")), json_string_value(json_object_get(latest, "status")));
	cr_assert_eq(json_integer_value(json_object_get(latest, "period_seq")), 2);
	json_decref(a);
}

Test(demo, missing_ids_are_not_found)
{
	json_t *o = NULL;
	cr_assert_eq(store_action(fixture_db, &drafts, 99999, &o), LIA_ENOTFOUND);
	cr_assert_eq(store_theme(fixture_db, &drafts, 0, &o), LIA_ENOTFOUND);
	cr_assert_eq(store_crpd_article(fixture_db, &drafts, 51, &o), LIA_ENOTFOUND);
	cr_assert_eq(store_period(fixture_db, &drafts, -1, &o), LIA_ENOTFOUND);
	cr_assert_null(o);
}

Test(demo, language_picks_the_title_column)
{
	json_t *nl = NULL, *en = NULL;
	cr_assert_eq(store_theme(fixture_db, &drafts, 1, &nl), 0);
	cr_assert_eq(store_theme(fixture_db, &drafts_en, 1, &en), 0);
	cr_assert_str_eq(json_string_value(json_object_get(nl, "name")), "Werk");
	cr_assert_str_eq(json_string_value(json_object_get(en, "name")), "Work");
	json_decref(nl);
	json_decref(en);
}

/* Nothing public may hold restricted notes or personal contact details. */
static void assert_public(json_t *v)
{
	char *dump = json_dumps(v, 0);
	cr_assert_null(strstr(dump, "VERTROUWELIJK"), "restricted notes leaked");
	cr_assert_null(strstr(dump, "restricted_notes"));
	cr_assert_null(strstr(dump, "\"email\""));
	cr_assert_null(strstr(dump, "\"phone\""));
	cr_assert_null(strstr(dump, "communication_needs"));
	cr_assert_null(strstr(dump, "@example"), "an e-mail address leaked");
	free(dump);
	json_decref(v);
}

Test(demo, public_queries_hold_no_restricted_data)
{
	cr_assert_gt(fixture_count("SELECT count(*) FROM interview WHERE restricted_notes LIKE '%VERTROUWELIJK%'"), 0);
	cr_assert_gt(fixture_count("SELECT count(*) FROM person WHERE email IS NOT NULL"), 0);
	json_t *v;
	cr_assert_eq(store_interviews(fixture_db, &drafts, &v), 0);
	assert_public(v);
	cr_assert_eq(store_organisation(fixture_db, &drafts, &v), 0);
	assert_public(v);
	cr_assert_eq(store_dashboard(fixture_db, &drafts, &v), 0);
	assert_public(v);
	for (long long id = 1; id <= fixture_count("SELECT max(id) FROM action_point"); id++) {
		if (store_action(fixture_db, &drafts, id, &v) == 0)
			assert_public(v);
	}
}

Test(demo, interviews_have_a_duo)
{
	json_t *v = NULL;
	cr_assert_eq(store_interviews(fixture_db, &drafts, &v), 0);
	json_t *items = v;
	cr_assert_gt(json_array_size(items), 0);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		cr_assert_geq(json_array_size(json_object_get(it, "interviewers")), 2);
		cr_assert_geq(json_integer_value(json_object_get(it, "dossier_holder_count")), 1);
	}
	json_decref(v);
}

Test(demo, updates_are_append_only)
{
	cr_assert_eq(db_exec(fixture_db, "UPDATE progress_update SET status = 'afgerond' WHERE id = 1", NULL), LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "DELETE FROM progress_update WHERE id = 1", NULL), LIA_EDB);
}

Test(demo, published_period_is_frozen)
{
	long long published = fixture_count("SELECT id FROM reporting_period WHERE state = 'published' LIMIT 1");
	cr_assert_gt(published, 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                                 " VALUES (1, ?, 'in_uitvoering', 'groen', '2024-01-01T00:00:00Z')", "i", published),
	             LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "UPDATE reporting_period SET state = 'open', published_at = NULL WHERE id = ?", "i",
	                     published), LIA_EDB);
}

Test(demo, orange_needs_an_explanation)
{
	long long open = fixture_count("SELECT id FROM reporting_period WHERE state = 'open' LIMIT 1");
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                                 " VALUES (1, ?, 'in_uitvoering', 'oranje', '2024-01-01T00:00:00Z')", "i", open),
	             LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, health_cause,"
	                                 " health_consequence, health_measures, created_at)"
	                                 " VALUES (1, ?, 'in_uitvoering', 'oranje', 'a', 'b', 'c', '2024-01-01T00:00:00Z')", "i", open),
	             0);
}

Test(demo, audit_log_cannot_change)
{
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO audit_entry (at, action, entity, entity_id)"
	                                 " VALUES ('2024-01-01T00:00:00Z', 'create', 'theme', 1)", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "UPDATE audit_entry SET entity = 'x'", NULL), LIA_EDB);
	cr_assert_eq(db_exec(fixture_db, "DELETE FROM audit_entry", NULL), LIA_EDB);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), 1);
}

Test(demo, flags_are_booleans)
{
	json_t *p = NULL;
	cr_assert_eq(store_programme(fixture_db, &drafts, &p), 0);
	cr_assert(json_is_true(json_object_get(p, "is_example")));
	json_decref(p);
}

Test(demo, the_public_sees_published_periods_only)
{
	long long open = fixture_count("SELECT id FROM reporting_period WHERE state = 'open' LIMIT 1");
	cr_assert_gt(open, 0, "the demo has an open period with drafts");
	long long draft_action = fixture_count("SELECT action_point_id FROM progress_update WHERE period_id ="
	                                       " (SELECT id FROM reporting_period WHERE state = 'open' LIMIT 1) LIMIT 1");
	json_t *a = NULL;
	cr_assert_eq(store_action(fixture_db, &pub, draft_action, &a), 0);
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(a, "updates"), i, u)
		cr_assert_str_eq(json_string_value(json_object_get(u, "period_state")), "published");
	json_t *latest_pub = json_array_get(json_object_get(a, "updates"), 0);
	if (latest_pub)
		cr_assert_str_eq(json_string_value(json_object_get(a, "status")),
		                 json_string_value(json_object_get(latest_pub, "status")));
	json_decref(a);
	/* Signed in, the draft is there and it is the current state. */
	cr_assert_eq(store_action(fixture_db, &drafts, draft_action, &a), 0);
	json_t *first = json_array_get(json_object_get(a, "updates"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(first, "period_state")), "open");
	cr_assert_str_eq(json_string_value(json_object_get(a, "status")), json_string_value(json_object_get(first, "status")));
	json_decref(a);
	/* The open period itself, and its interviews, are not public. */
	json_t *p = NULL;
	cr_assert_eq(store_period(fixture_db, &pub, open, &p), LIA_ENOTFOUND);
	cr_assert_eq(store_period(fixture_db, &drafts, open, &p), 0);
	json_decref(p);
	json_t *iv = NULL;
	cr_assert_eq(store_interviews(fixture_db, &pub, &iv), 0);
	json_array_foreach(iv, i, u)
		cr_assert_neq(json_integer_value(json_object_get(u, "period_id")), open);
	json_decref(iv);
	/* The dashboard's latest period is the latest published one. */
	json_t *d = NULL;
	cr_assert_eq(store_dashboard(fixture_db, &pub, &d), 0);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(d, "latest_period"), "state")), "published");
	json_decref(d);
}

/* The stored state (0006) must always equal what the latest updates say. */
static void assert_state_consistent(void)
{
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point a LEFT JOIN action_point_state s ON s.action_point_id = a.id"
	                           " WHERE s.action_point_id IS NULL"), 0, "every action point has a state row");
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_state s JOIN action_point_latest l ON l.action_point_id = s.action_point_id"
	                           " WHERE s.update_id IS DISTINCT FROM l.update_id OR s.pub_update_id IS DISTINCT FROM l.pub_update_id"), 0,
	             "stored state differs from the latest updates");
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_state s LEFT JOIN progress_update u ON u.id = s.update_id"
	                           " WHERE s.status <> COALESCE(u.status, 'niet_gestart') OR s.health <> COALESCE(u.health, 'grijs')"
	                           " OR s.period_id IS DISTINCT FROM u.period_id"), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_state s LEFT JOIN progress_update u ON u.id = s.pub_update_id"
	                           " WHERE s.pub_status <> COALESCE(u.status, 'niet_gestart') OR s.pub_health <> COALESCE(u.health, 'grijs')"
	                           " OR s.pub_period_id IS DISTINCT FROM u.period_id"), 0);
}

Test(demo, stored_state_follows_updates_and_publishing)
{
	assert_state_consistent();
	long long open = fixture_count("SELECT id FROM reporting_period WHERE state = 'open' LIMIT 1");
	long long ap = fixture_count("SELECT id FROM action_point ORDER BY id LIMIT 1");
	/* A new update in the open period changes the drafts' state, not the public one. */
	long long pub_before = fixture_count("SELECT pub_update_id FROM action_point_state WHERE action_point_id = 1");
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                                 " VALUES (?, ?, 'afgerond', 'grijs', '2024-06-01T00:00:00Z')", "ii", ap, open), 0);
	assert_state_consistent();
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_current WHERE action_point_id = 1 AND status = 'afgerond'"), 1);
	cr_assert_eq(fixture_count("SELECT pub_update_id FROM action_point_state WHERE action_point_id = 1"), pub_before);
	/* Publishing makes it public. */
	cr_assert_eq(db_exec(fixture_db, "UPDATE reporting_period SET state = 'published', published_at = '2024-12-31T00:00:00Z'"
	                                 " WHERE id = ?", "i", open), 0);
	assert_state_consistent();
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_published WHERE action_point_id = 1 AND status = 'afgerond'"), 1);
	/* A new action point starts as not started, not applicable. */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO action_point (theme_id, code, title, created_at)"
	                                 " VALUES (1, 'TST-99', 'Test', '2024-06-01T00:00:00Z')", NULL), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_current c JOIN action_point a ON a.id = c.action_point_id"
	                           " WHERE a.code = 'TST-99' AND c.status = 'niet_gestart' AND c.health = 'grijs'"), 1);
	assert_state_consistent();
}
