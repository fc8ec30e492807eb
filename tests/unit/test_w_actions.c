/*
 * Unit tests: store writes for action points and progress updates
 * (w_actions), on a real SQLite file with the demo programme: every write is
 * audited, a refused write changes nothing, withdrawing never deletes, and
 * the database itself keeps progress updates append-only except for adding
 * the expert's assessment once while the period is open (migration 0005).
 */
#include "core/err.h"
#include "store/db.h"
#include "store/w_actions.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2024-05-01T10:00:00Z"};

/* A fingerprint of everything a write may touch. */
static long long state(void)
{
	return fixture_count("SELECT (SELECT count(*) FROM action_point) * 1000000 + (SELECT count(*) FROM progress_update) * 10000"
	                     " + (SELECT count(*) FROM audit_entry) * 100 + (SELECT count(*) FROM action_partner)"
	                     " + (SELECT count(*) FROM action_article)");
}

static long long open_period(void)
{
	return fixture_count("SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1");
}

static long long published_period(void)
{
	return fixture_count("SELECT id FROM reporting_period WHERE state = 'published' ORDER BY seq DESC LIMIT 1");
}

static const long long partners[] = {1, 2};
static const long long articles[] = {9, 27};

static struct action_input sample(const char *code)
{
	return (struct action_input){.code = code, .title = "Toegankelijke stembureaus", .description = "Alle stembureaus.",
	                             .theme_id = 1, .dossier_holder_id = 6, .starts_on = "2024-01-01",
	                             .due_on = "2024-12-31", .partners = partners, .npartners = 2,
	                             .articles = articles, .narticles = 2};
}

TestSuite(w_actions, .init = fixture_demo, .fini = fixture_close);

Test(w_actions, create_writes_and_audits)
{
	long long before = fixture_count("SELECT count(*) FROM audit_entry"), id = 0;
	struct action_input in = sample("T-01");
	const char *field = NULL;
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), 0);
	cr_assert_gt(id, 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_partner WHERE action_point_id = (SELECT max(id) FROM action_point)"), 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_article WHERE action_point_id = (SELECT max(id) FROM action_point)"), 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), before + 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_point' AND action = 'create'"
	                           " AND before_json IS NULL AND after_json LIKE '%T-01%' AND request_id = 'test'"), 1);
}

Test(w_actions, refused_create_changes_nothing)
{
	long long id = 0, snap = state();
	const char *field = NULL;
	json_t *row = db_row(fixture_db, "SELECT code FROM action_point WHERE id = 1", NULL);
	const char *taken = json_string_value(json_object_get(row, "code"));
	struct action_input in = sample(taken);
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_ECONFLICT);
	cr_assert_str_eq(field, "code");
	in = sample("T-02");
	in.theme_id = 999;
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "theme_id");
	in = sample("T-02");
	in.dossier_holder_id = 999;
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "dossier_holder_id");
	static const long long bad_org[] = {1, 999};
	in = sample("T-02");
	in.partners = bad_org;
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "partners");
	static const long long bad_art[] = {51};
	in = sample("T-02");
	in.articles = bad_art;
	in.narticles = 1;
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "articles");
	in = sample("T-02");
	in.due_on = "2023-01-01";
	cr_assert_eq(store_action_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "due_on");
	cr_assert_eq(state(), snap);
	json_decref(row);
}

Test(w_actions, edit_moves_theme_and_replaces_links)
{
	const char *field = NULL;
	struct action_input in = sample("T-03");
	in.theme_id = 2;
	in.npartners = 1;
	in.narticles = 0;
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	cr_assert_eq(store_action_edit(fixture_db, &who, 1, &in, &field), 0);
	cr_assert_eq(fixture_count("SELECT theme_id FROM action_point WHERE id = 1"), 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_partner WHERE action_point_id = 1"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_article WHERE action_point_id = 1"), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_point' AND entity_id = 1"
	                           " AND action = 'update' AND before_json IS NOT NULL AND after_json LIKE '%T-03%'"), 1);
	cr_assert_eq(store_action_edit(fixture_db, &who, 99999, &in, &field), LIA_ENOTFOUND);
}

Test(w_actions, update_needs_explanation_for_orange_and_red)
{
	long long snap = state(), id = 0;
	const char *field = NULL;
	struct update_input in = {.action_point_id = 1, .period_id = open_period(), .status = "in_uitvoering",
	                          .health = "rood", .progress_md = "Vertraging.", .health_cause = "Geen geld.",
	                          .author_id = 6};
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "health_consequence");
	in.health = "oranje";
	in.health_consequence = "Later klaar.";
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &id, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "health_measures");
	cr_assert_eq(state(), snap);
	in.health_measures = "Extra budget gevraagd.";
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &id, &field), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'progress_update' AND action = 'create'"
	                           " AND after_json LIKE '%Extra budget%'"), 1);
}

Test(w_actions, published_period_refuses_updates)
{
	long long snap = state(), id = 0;
	const char *field = NULL;
	struct update_input in = {.action_point_id = 1, .period_id = published_period(), .status = "afgerond",
	                          .health = "groen", .progress_md = "Klaar."};
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &id, &field), LIA_ECONFLICT);
	cr_assert_str_eq(field, "period_id");
	cr_assert_eq(state(), snap);
	/* And the database refuses too, whoever writes. */
	cr_assert_neq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                                  " VALUES (1, ?, 'afgerond', 'groen', 'x')", "i", published_period()), 0);
}

Test(w_actions, withdraw_appends_and_never_deletes)
{
	long long actions = fixture_count("SELECT count(*) FROM action_point");
	long long updates = fixture_count("SELECT count(*) FROM progress_update WHERE action_point_id = 2");
	long long uid = 0;
	const char *field = NULL;
	cr_assert_eq(store_action_withdraw(fixture_db, &who, 2, open_period(), 6, "", &uid, &field), LIA_EINVAL);
	cr_assert_str_eq(field, "reason");
	cr_assert_eq(store_action_withdraw(fixture_db, &who, 2, published_period(), 6, "Gestopt.", &uid, &field), LIA_ECONFLICT);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update WHERE action_point_id = 2"), updates);
	cr_assert_eq(store_action_withdraw(fixture_db, &who, 2, open_period(), 6, "Gestopt: geen budget.", &uid, &field), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), actions);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update WHERE action_point_id = 2"), updates + 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point_current WHERE action_point_id = 2 AND status = 'vervallen'"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_point' AND entity_id = 2"
	                           " AND before_json NOT LIKE '%vervallen%' AND after_json LIKE '%vervallen%'"), 1);
}

/* A new progress update ("Loopt.", green) of action point 1 in the open period: its id. */
static long long new_open_update(void)
{
	long long id = 0;
	const char *field = NULL;
	struct update_input in = {.action_point_id = 1, .period_id = open_period(), .status = "in_uitvoering",
	                          .health = "groen", .progress_md = "Loopt."};
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &id, &field), 0);
	return id;
}

static long long an_expert(void)
{
	return fixture_count("SELECT id FROM person WHERE is_experience_expert = 1 LIMIT 1");
}

Test(w_actions, expert_assessment_once_while_open)
{
	long long id = new_open_update();
	const char *field = NULL;
	long long expert = an_expert();
	long long not_expert = fixture_count("SELECT id FROM person WHERE is_experience_expert = 0 LIMIT 1");
	cr_assert_eq(store_update_assess(fixture_db, &who, id, not_expert, "Goed.", &field), LIA_EINVAL);
	cr_assert_eq(store_update_assess(fixture_db, &who, id, expert, "", &field), LIA_EINVAL);
	cr_assert_eq(store_update_assess(fixture_db, &who, id, expert, "Goed bezig.", &field), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update WHERE expert_assessment = 'Goed bezig.'"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'progress_update' AND action = 'update'"
	                           " AND json_extract(before_json, '$.expert_assessment') = ''"
	                           " AND json_extract(after_json, '$.expert_assessment') = 'Goed bezig.'"), 1);
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	cr_assert_eq(store_update_assess(fixture_db, &who, id, expert, "Nog eens.", &field), LIA_ECONFLICT);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update WHERE expert_assessment = 'Nog eens.'"), 0);
}

Test(w_actions, trigger_allows_only_the_assessment)
{
	long long open_upd = new_open_update();
	long long pub_upd = fixture_count("SELECT u.id FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
	                                  " WHERE r.state = 'published' AND u.expert_assessment = '' LIMIT 1");
	long long expert = an_expert();
	cr_assert_gt(open_upd, 0);
	cr_assert_gt(pub_upd, 0);
	/* Anything else than the assessment: refused. */
	cr_assert_neq(db_exec(fixture_db, "UPDATE progress_update SET status = 'afgerond' WHERE id = ?", "i", open_upd), 0);
	cr_assert_neq(db_exec(fixture_db, "UPDATE progress_update SET expert_assessment = 'x', expert_id = ?, progress_md = 'y'"
	                                  " WHERE id = ?", "ii", expert, open_upd), 0);
	/* In a published period: refused. */
	cr_assert_neq(db_exec(fixture_db, "UPDATE progress_update SET expert_assessment = 'x', expert_id = ? WHERE id = ?", "ii",
	                      expert, pub_upd), 0);
	cr_assert_neq(db_exec(fixture_db, "DELETE FROM progress_update WHERE id = ?", "i", open_upd), 0);
	/* The one allowed change, once. */
	cr_assert_eq(db_exec(fixture_db, "UPDATE progress_update SET expert_assessment = 'x', expert_id = ? WHERE id = ?", "ii",
	                     expert, open_upd), 0);
	cr_assert_neq(db_exec(fixture_db, "UPDATE progress_update SET expert_assessment = 'z', expert_id = ? WHERE id = ?", "ii",
	                      expert, open_upd), 0);
}
