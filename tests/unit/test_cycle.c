/*
 * Unit tests: where the reporting cycle stands (q_cycle.c), on the demo's
 * open period 3. The totals are the sums of their parts (per theme, per
 * dossier holder), they agree with independent counts, and each thing the
 * cycle waits for (an update, an assessment, a highlight, an interview)
 * moves from missing to done when it is written. Runs on both engines.
 */
#include "core/err.h"
#include "store/cycle.h"
#include "store/db.h"
#include "store/w_actions.h"
#include "store/w_periods.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2024-06-01T10:00:00Z"};

TestSuite(cycle, .init = fixture_demo, .fini = fixture_close);

static long long n(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static json_t *missing(void)
{
	json_t *m = NULL;
	cr_assert_eq(store_cycle_missing(fixture_db, 3, "nl", &m), 0);
	return m;
}

/* The sum of key over the rows of list. */
static long long sum(json_t *o, const char *list, const char *key)
{
	long long t = 0;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(o, list), i, row)
		t += n(row, key);
	return t;
}

static json_t *find(json_t *o, const char *list, const char *key, long long id)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(o, list), i, row)
		if (n(row, key) == id)
			return row;
	return NULL;
}

Test(cycle, totals_are_the_sums_and_match_independent_counts)
{
	json_t *m = missing();
	long long exp = n(m, "updates_expected"), rec = n(m, "updates_received"), mis = n(m, "updates_missing");
	cr_assert_gt(exp, 0);
	cr_assert_eq(exp, rec + mis);
	cr_assert_eq(rec, fixture_count("SELECT count(DISTINCT action_point_id) FROM progress_update WHERE period_id = 3"));
	cr_assert_eq(mis, (long long)json_array_size(json_object_get(m, "missing_updates")));
	cr_assert_eq(sum(m, "themes", "expected"), exp);
	cr_assert_eq(sum(m, "themes", "missing"), mis);
	cr_assert_eq(sum(m, "holders", "expected"), exp);
	cr_assert_eq(sum(m, "holders", "received"), rec);
	cr_assert_eq(n(m, "assessments_missing"),
	             fixture_count("SELECT count(*) FROM progress_update WHERE period_id = 3 AND expert_assessment = ''"));
	cr_assert_eq(n(m, "highlights") + n(m, "outlooks"), fixture_count("SELECT count(*) FROM narrative WHERE period_id = 3"));
	cr_assert_eq(sum(m, "themes", "interviews"), fixture_count("SELECT count(*) FROM interview WHERE period_id = 3"));
	cr_assert_eq(n(m, "themes_without_interview"),
	             fixture_count("SELECT count(*) FROM theme t WHERE NOT EXISTS (SELECT 1 FROM interview i"
	                           " WHERE i.theme_id = t.id AND i.period_id = 3)"));
	cr_assert_eq(n(m, "money_warnings_open"), (long long)json_array_size(json_object_get(m, "money_warnings")));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(m, "period"), "updates_due_on")), "2024-11-29");
	/* A completed action point without an update in the period is not waited for. */
	long long done = fixture_count("SELECT min(a.id) FROM action_point a JOIN action_point_current c"
	                               " ON c.action_point_id = a.id WHERE c.status = 'afgerond' AND NOT EXISTS"
	                               " (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = 3)");
	cr_assert_gt(done, 0);
	cr_assert_null(find(m, "missing_updates", "id", done));
	json_decref(m);
}

Test(cycle, an_update_and_its_assessment_move_from_missing_to_done)
{
	json_t *m = missing();
	json_t *first = json_array_get(json_object_get(m, "missing_updates"), 0);
	cr_assert_not_null(first);
	long long action = n(first, "id"), theme = n(first, "theme_id");
	long long holder = n(first, "dossier_holder_id");
	long long mis = n(m, "updates_missing"), am = n(m, "assessments_missing");
	long long theme_missing = n(find(m, "themes", "id", theme), "missing");
	long long holder_missing = holder ? n(find(m, "holders", "id", holder), "missing") : 0;
	json_decref(m);

	struct update_input in = {.action_point_id = action, .period_id = 3, .status = "in_uitvoering", .health = "groen",
	                          .progress_md = "Het gaat goed.", .health_cause = "", .health_consequence = "",
	                          .health_measures = "", .holder_assessment = "", .expert_assessment = "",
	                          .author_id = 0, .expert_id = 0};
	long long uid = 0;
	const char *field = NULL;
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &uid, &field), 0);
	m = missing();
	cr_assert_eq(n(m, "updates_missing"), mis - 1);
	cr_assert_eq(n(find(m, "themes", "id", theme), "missing"), theme_missing - 1);
	if (holder)
		cr_assert_eq(n(find(m, "holders", "id", holder), "missing"), holder_missing - 1);
	cr_assert_null(find(m, "missing_updates", "id", action));
	cr_assert_eq(n(m, "assessments_missing"), am + 1);
	cr_assert_not_null(find(m, "missing_assessments", "id", uid));
	json_decref(m);

	long long expert = fixture_count("SELECT min(id) FROM person WHERE is_experience_expert = 1");
	cr_assert_eq(store_update_assess(fixture_db, &who, uid, expert, "Dit helpt.", &field), 0);
	m = missing();
	cr_assert_eq(n(m, "assessments_missing"), am);
	cr_assert_null(find(m, "missing_assessments", "id", uid));
	json_decref(m);
}

Test(cycle, highlights_outlook_and_interviews_count)
{
	json_t *m = missing();
	long long hl = n(m, "highlights"), ol = n(m, "outlooks");
	json_decref(m);
	long long id = 0;
	cr_assert_eq(store_narrative_create(fixture_db, &who, 3, "highlight", "Mooi", "Tekst.", -1, &id), 0);
	cr_assert_eq(store_narrative_create(fixture_db, &who, 3, "outlook", "Straks", "Tekst.", -1, &id), 0);
	m = missing();
	cr_assert_eq(n(m, "highlights"), hl + 1);
	cr_assert_eq(n(m, "outlooks"), ol + 1);
	json_decref(m);
}

Test(cycle, unknown_period_is_not_found)
{
	json_t *m = NULL;
	cr_assert_eq(store_cycle_missing(fixture_db, 999999, "nl", &m), LIA_ENOTFOUND);
	cr_assert_null(m);
}

Test(cycle, a_dossier_holders_list_puts_what_is_needed_first)
{
	long long person = fixture_count("SELECT dossier_holder_id FROM action_point WHERE dossier_holder_id IS NOT NULL"
	                                 " GROUP BY dossier_holder_id ORDER BY count(*) DESC, dossier_holder_id LIMIT 1");
	json_t *l = NULL;
	cr_assert_eq(store_cycle_holder(fixture_db, 3, person, "nl", "2026-12-02T12:00:00Z", &l), 0);
	cr_assert_eq((long long)json_array_size(l), fixture_count("SELECT count(*) FROM action_point WHERE dossier_holder_id ="
	                                                          " (SELECT dossier_holder_id FROM action_point WHERE"
	                                                          " dossier_holder_id IS NOT NULL GROUP BY dossier_holder_id"
	                                                          " ORDER BY count(*) DESC, dossier_holder_id LIMIT 1)"));
	bool seen_rest = false;
	size_t i;
	json_t *a;
	json_array_foreach(l, i, a) {
		bool needed = json_is_true(json_object_get(a, "is_needed"));
		cr_assert(!(needed && seen_rest), "needed action points come first");
		seen_rest = seen_rest || !needed;
		cr_assert(!(needed && json_is_true(json_object_get(a, "is_received"))));
	}
	/* The same rule as the coordinator's count. */
	json_t *m = missing();
	long long needed = 0;
	json_array_foreach(l, i, a)
		needed += json_is_true(json_object_get(a, "is_needed"));
	cr_assert_eq(needed, n(find(m, "holders", "id", person), "missing"));
	json_decref(m);
	json_decref(l);
}

/* store_cycle_progress (My work) says what store_cycle_missing says, keys in
 * the same order, without the lists; the experience expert's list only when
 * asked for. */
static void same_as_missing(const char *lang)
{
	json_t *m = NULL, *p = NULL, *pe = NULL;
	cr_assert_eq(store_cycle_missing(fixture_db, 3, lang, &m), 0);
	cr_assert_eq(store_cycle_progress(fixture_db, 3, lang, false, &p), 0);
	cr_assert_eq(store_cycle_progress(fixture_db, 3, lang, true, &pe), 0);
	cr_assert(json_equal(json_object_get(pe, "missing_assessments"), json_object_get(m, "missing_assessments")));
	cr_assert_null(json_object_get(p, "missing_assessments"));
	json_object_del(pe, "missing_assessments");
	static const char *const lists[] = {"missing_updates", "missing_interviews", "missing_assessments", "money_warnings"};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		json_object_del(m, lists[i]);
	char *a = json_dumps(m, 0), *b = json_dumps(p, 0), *c = json_dumps(pe, 0);
	cr_assert_str_eq(b, a);
	cr_assert_str_eq(c, a);
	free(a);
	free(b);
	free(c);
	json_decref(m);
	json_decref(p);
	json_decref(pe);
}

Test(cycle, my_works_counts_are_the_checklists)
{
	same_as_missing("nl");
	same_as_missing("en");
	/* Action points without a dossier holder (the last row), two people of
	 * the same name (kept in the checklist's order), an update written and a
	 * completed action point that no longer waits for one. */
	cr_assert_eq(db_exec(fixture_db, "UPDATE action_point SET dossier_holder_id = NULL WHERE id IN"
	                                 " (SELECT min(id) FROM action_point GROUP BY theme_id)", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "UPDATE person SET name = 'Zelfde Naam' WHERE id IN"
	                                 " (SELECT dossier_holder_id FROM action_point WHERE dossier_holder_id IS NOT NULL"
	                                 " ORDER BY dossier_holder_id LIMIT 2)", NULL), 0);
	json_t *m = missing();
	cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(m, "holders"),
	                                                      json_array_size(json_object_get(m, "holders")) - 1), "id")));
	json_t *first = json_array_get(json_object_get(m, "missing_updates"), 0);
	struct update_input in = {.action_point_id = n(first, "id"), .period_id = 3, .status = "afgerond", .health = "groen",
	                          .progress_md = "Klaar.", .health_cause = "", .health_consequence = "",
	                          .health_measures = "", .holder_assessment = "", .expert_assessment = "",
	                          .author_id = 0, .expert_id = 0};
	json_decref(m);
	long long uid = 0;
	const char *field = NULL;
	cr_assert_eq(store_update_create(fixture_db, &who, &in, &uid, &field), 0);
	same_as_missing("nl");
	cr_assert_eq(db_exec(fixture_db, "UPDATE action_point_state SET status = 'afgerond' WHERE action_point_id ="
	                                 " (SELECT max(action_point_id) FROM action_point_state WHERE status <> 'afgerond')",
	                     NULL), 0);
	same_as_missing("en");
	json_t *p = NULL;
	cr_assert_eq(store_cycle_progress(fixture_db, 999999, "nl", false, &p), LIA_ENOTFOUND);
}
