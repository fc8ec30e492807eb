/*
 * Unit tests: the published summary of one municipality (store/national.h)
 * counts published data only, and the generator (store/generate.h) makes
 * the same programme from the same parameters, labelled as example data.
 * LIA_TEST_DB=pg runs them on PostgreSQL.
 */
#include "core/err.h"
#include "store/db.h"
#include "store/generate.h"
#include "store/national.h"
#include "store/w_actions.h"
#include "store/w_periods.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2025-01-20T10:00:00Z"};

static json_t *summary(void)
{
	json_t *s = NULL;
	cr_assert_eq(store_published_summary(fixture_db, &s), 0);
	return s;
}

static long long n(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

TestSuite(national, .init = fixture_demo, .fini = fixture_close);

Test(national, a_draft_changes_nothing_and_publishing_does)
{
	json_t *before = summary();
	cr_assert_eq(n(before, "reports"), 2);
	cr_assert_str_eq(json_string_value(json_object_get(before, "phase")), "in_uitvoering");
	long long done = n(json_object_get(before, "by_status"), "afgerond");
	long long total = 0;
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(before, "by_status"), k, v)
		total += json_integer_value(v);
	cr_assert_eq(total, n(before, "actions"), "every action point counts once by status");
	/* Action point 1 is not completed in the published reports; a draft says it is. */
	long long current = fixture_count("SELECT count(*) FROM action_point_published WHERE action_point_id = 1"
	                                  " AND status = 'afgerond'");
	cr_assert_eq(current, 0);
	struct update_input in = {.action_point_id = 1, .period_id = 3, .status = "afgerond", .health = "groen",
	                          .progress_md = "Klaar.", .health_cause = "", .health_consequence = "",
	                          .health_measures = "", .holder_assessment = "", .expert_assessment = ""};
	long long uid = 0;
	const char *field = NULL;
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &uid, &field), 0);
	json_t *draft = summary();
	cr_assert(json_equal(before, draft), "a draft update changed the published summary");
	cr_assert_eq(store_period_publish(fixture_db, &who, 3), 0);
	json_t *after = summary();
	cr_assert_eq(n(after, "reports"), 3);
	cr_assert_str_eq(json_string_value(json_object_get(after, "last_reported")), who.now);
	/* Publishing also publishes the demo's own drafts of period 3: the
	 * count of completed action points is that of the published view. */
	cr_assert_eq(fixture_count("SELECT status = 'afgerond' FROM action_point_published WHERE action_point_id = 1"), 1);
	cr_assert_eq(n(json_object_get(after, "by_status"), "afgerond"),
	             fixture_count("SELECT count(*) FROM action_point_published WHERE status = 'afgerond'"));
	cr_assert_gt(n(json_object_get(after, "by_status"), "afgerond"), done);
	json_decref(before);
	json_decref(draft);
	json_decref(after);
}

Test(national, articles_are_those_of_published_action_points_from_5_to_30)
{
	json_t *s = summary();
	json_t *arts = json_object_get(s, "articles");
	cr_assert_gt(json_array_size(arts), 0);
	long long prev = 0;
	size_t i;
	json_t *a;
	json_array_foreach(arts, i, a) {
		long long num = (long long)json_integer_value(a);
		cr_assert(num >= 5 && num <= 30, "article %lld", num);
		cr_assert_gt(num, prev);
		prev = num;
	}
	/* The demo links article 4 and 31 to themes only, never counted here. */
	json_decref(s);
}

Test(national, the_survey_names_its_source)
{
	json_t *s = NULL;
	cr_assert_eq(store_survey_latest(fixture_db, &s), 0);
	cr_assert_eq(n(s, "round"), 6);
	cr_assert_not_null(strstr(json_string_value(json_object_get(s, "source_note")), "Movisie"));
	cr_assert_eq(json_array_size(json_object_get(s, "phases")), 4);
	json_decref(s);
}

Test(national, the_generator_refuses_a_database_with_a_programme)
{
	struct gen_params p = {.seed = 1, .index = 1, .actions = 10, .periods = 2};
	char *err = NULL;
	cr_assert_eq(store_load_generated(fixture_db, &p, &err), LIA_ECONFLICT);
	free(err);
}

/* A fresh database with the reference data, filled by the generator. */
static void generated(void)
{
	fixture_schema();
	char *err = NULL;
	cr_assert_eq(store_load_reference(fixture_db, &err), 0);
}

TestSuite(generated, .init = generated, .fini = fixture_close);

Test(generated, uniform_gives_the_size_asked_published_but_the_last)
{
	struct gen_params p = {.seed = 7, .index = 3, .actions = 100, .periods = 8, .uniform = true};
	char *err = NULL;
	cr_assert_eq(store_load_generated(fixture_db, &p, &err), 0, "%s", err ? err : "");
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), 100);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE state = 'published'"), 7);
	cr_assert_eq(fixture_count("SELECT count(*) FROM reporting_period WHERE state = 'open'"), 1);
	cr_assert_eq(fixture_count("SELECT is_example FROM programme"), 1);
	cr_assert_gt(fixture_count("SELECT count(*) FROM programme WHERE subtitle LIKE '%voorbeeldgegevens%'"), 0);
	cr_assert_gt(fixture_count("SELECT count(*) FROM progress_update WHERE expert_assessment <> ''"), 0);
	cr_assert_gt(fixture_count("SELECT count(*) FROM progress_update WHERE health = 'rood'"), 0);
	cr_assert_gt(fixture_count("SELECT count(DISTINCT dossier_holder_id) FROM action_point"), 3);
	cr_assert_gt(fixture_count("SELECT count(*) FROM interview"), 7);
	cr_assert_gt(fixture_count("SELECT count(*) FROM expense"), 0);
	/* Index 3 of the list (Nijmegen left out): 's-Gravenhage. */
	cr_assert_eq(fixture_count("SELECT count(*) FROM organisation WHERE cbs_code = 'GM0518'"), 1);
	json_t *s = summary();
	cr_assert_eq(n(s, "reports"), 7);
	cr_assert_eq(n(s, "actions"), 100);
	/* Fast enough for a page that reads hundreds of them. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 20; i++) {
		json_t *again = summary();
		cr_assert(json_equal(s, again));
		json_decref(again);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / 20;
	cr_log_info("store_published_summary on 100 x 8: %.2f ms", ms);
	cr_assert_lt(ms, 25.0, "store_published_summary took %.2f ms", ms);
	json_decref(s);
}

/* What the generator keeps besides its rows is what row-by-row writes
 * would have kept: on PostgreSQL it loads in bulk and makes the action
 * points' state and the search index once at the end (lia_bulk_done,
 * 0023_state_refresh.pg.sql); after it, the triggers keep them again. */
Test(generated, kept_state_and_search_index_follow_the_rows)
{
	struct gen_params p = {.seed = 3, .index = 8, .actions = 30, .periods = 5, .uniform = true};
	char *err = NULL;
	cr_assert_eq(store_load_generated(fixture_db, &p, &err), 0, "%s", err ? err : "");
	cr_assert_gt(fixture_count("SELECT count(*) FROM progress_update"), 60);
	cr_expect_eq(fixture_count("SELECT count(*) FROM action_point_state s JOIN action_point_latest l"
	                           " ON l.action_point_id = s.action_point_id"
	                           " WHERE s.update_id IS DISTINCT FROM l.update_id OR s.pub_update_id IS DISTINCT FROM l.pub_update_id"),
	             0, "the kept state is the latest update's, of all periods and of the published ones");
	cr_expect_eq(fixture_count("SELECT count(*) FROM action_point_state s JOIN progress_update u ON u.id = s.pub_update_id"
	                           " WHERE s.pub_status <> u.status OR s.pub_health <> u.health"), 0);
	cr_expect_gt(fixture_count("SELECT count(*) FROM action_point_state WHERE pub_update_id IS NOT NULL"), 20);
	if (!fixture_on_pg())
		return;
	/* One search document for each action point, interview and event, and
	 * for each progress update that no correction replaced; with the words
	 * of its text. */
	cr_expect_eq(fixture_count("SELECT count(*) FROM search_index"),
	             fixture_count("SELECT (SELECT count(*) FROM action_point) + (SELECT count(*) FROM interview)"
	                           " + (SELECT count(*) FROM event) + (SELECT count(*) FROM progress_update u"
	                           "  WHERE NOT EXISTS (SELECT 1 FROM progress_update c WHERE c.corrects = u.id))"));
	cr_expect_eq(fixture_count("SELECT count(*) FROM search_index s JOIN action_point a ON s.doc = a.id * 4"
	                           " WHERE s.words = to_tsvector('lia_search', a.code || ' ' || a.title || ' ' || a.description)"),
	             fixture_count("SELECT count(*) FROM action_point"));
	/* The triggers keep them again after the load. */
	long long ap = fixture_count("SELECT min(id) FROM action_point");
	cr_assert_eq(db_exec(fixture_db, "UPDATE action_point SET title = 'Zebrapadkwartier' WHERE id = ?", "i", ap), 0);
	cr_expect_eq(fixture_count("SELECT count(*) FROM search_index WHERE title LIKE '%Zebrapadkwartier%'"), 1);
	long long open = fixture_count("SELECT id FROM reporting_period WHERE state = 'open'");
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)"
	                                 " VALUES (?, ?, 'afgerond', 'groen', '2030-01-01T00:00:00Z')", "ii", ap, open), 0);
	cr_expect_eq(fixture_count("SELECT count(*) FROM action_point_state s JOIN progress_update u ON u.id = s.update_id"
	                           " WHERE s.action_point_id = (SELECT min(id) FROM action_point) AND u.status = 'afgerond'"
	                           " AND u.created_at = '2030-01-01T00:00:00Z'"), 1);
}

Test(generated, names_past_the_list_are_made_up_with_codes_from_gm9001)
{
	char code[16], name[96], slug[96];
	cr_assert(gen_municipality(1, code, sizeof(code), name, sizeof(name), slug, sizeof(slug)));
	cr_assert_str_eq(code, "GM0363");
	cr_assert_str_eq(slug, "amsterdam");
	cr_assert(gen_municipality(3, code, sizeof(code), name, sizeof(name), slug, sizeof(slug)));
	cr_assert_str_eq(slug, "s-gravenhage");
	cr_assert(gen_municipality(400, code, sizeof(code), name, sizeof(name), slug, sizeof(slug)));
	cr_assert_eq(strncmp(code, "GM9", 3), 0, "%s", code);
	char code2[16], name2[96], slug2[96];
	cr_assert(gen_municipality(401, code2, sizeof(code2), name2, sizeof(name2), slug2, sizeof(slug2)));
	cr_assert_str_neq(name, name2);
	cr_assert_str_neq(code, code2);
}

Test(generated, varied_programmes_differ_and_the_same_seed_repeats)
{
	/* The plan of a municipality depends on seed and index only: generate
	 * one, read its shape, and compare with a second database. */
	struct gen_params p = {.seed = 1, .index = 5, .actions = 40, .periods = 6};
	char *err = NULL;
	cr_assert_eq(store_load_generated(fixture_db, &p, &err), 0, "%s", err ? err : "");
	long long actions = fixture_count("SELECT count(*) FROM action_point");
	long long updates = fixture_count("SELECT count(*) FROM progress_update");
	long long themes = fixture_count("SELECT count(*) FROM theme");
	cr_assert(actions >= 5 && actions <= 60, "%lld", actions);
	fixture_close();
	generated();
	cr_assert_eq(store_load_generated(fixture_db, &p, &err), 0, "%s", err ? err : "");
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), actions);
	cr_assert_eq(fixture_count("SELECT count(*) FROM progress_update"), updates);
	cr_assert_eq(fixture_count("SELECT count(*) FROM theme"), themes);
}
