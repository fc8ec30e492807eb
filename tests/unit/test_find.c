/*
 * Unit tests: the reads that find things (store/find.h). Overdue is decided
 * by the viewer's time, so the same data is late on one day and not on
 * another; filters narrow the list; search brings its index up to date from
 * the queue the triggers fill, finds Dutch word forms, and takes any text
 * as words, never as FTS5 syntax.
 */
#include "core/err.h"
#include "store/db.h"
#include "store/find.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(find, .init = fixture_demo, .fini = fixture_close);

static size_t overdue_count(const char *now)
{
	struct viewer v = {.lang = "nl", .drafts = false, .now = now};
	struct action_filter f = {.overdue = true};
	json_t *rows = NULL;
	cr_assert_eq(store_actions_find(fixture_db, &v, &f, &rows), 0);
	size_t i, n = json_array_size(rows);
	json_t *row;
	json_array_foreach(rows, i, row)
		cr_assert(json_is_true(json_object_get(row, "is_overdue")));
	json_decref(rows);
	return n;
}

Test(find, overdue_follows_the_viewers_day)
{
	cr_assert_eq(overdue_count("2021-01-01T00:00:00Z"), 0, "nothing is late before the first due date");
	cr_assert_eq(overdue_count(NULL), 0, "without a time nothing is late");
	long long want = fixture_count("SELECT count(*) FROM action_point a JOIN action_point_published c ON c.action_point_id = a.id"
	                               " WHERE a.due_on < '2030-01-01' AND c.status IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering')");
	cr_assert_gt(want, 0);
	cr_assert_eq((long long)overdue_count("2030-01-01T00:00:00Z"), want);
	/* Due on the day itself is not late yet. */
	long long due = fixture_count("SELECT count(*) FROM action_point a JOIN action_point_published c ON c.action_point_id = a.id"
	                              " WHERE a.due_on < '2024-12-31' AND c.status IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering')");
	cr_assert_eq((long long)overdue_count("2024-12-31T23:59:59Z"), due);
}

Test(find, filters_combine)
{
	struct viewer v = {.lang = "nl", .drafts = true, .now = "2026-01-01T00:00:00Z"};
	struct action_filter f = {.theme_id = 1, .status = "in_uitvoering"};
	json_t *rows = NULL;
	cr_assert_eq(store_actions_find(fixture_db, &v, &f, &rows), 0);
	long long want = fixture_count("SELECT count(*) FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id"
	                               " WHERE a.theme_id = 1 AND c.status = 'in_uitvoering'");
	cr_assert_gt(want, 0);
	cr_assert_eq((long long)json_array_size(rows), want);
	json_decref(rows);
	struct viewer pub = {.lang = "nl", .drafts = false};
	struct action_filter needs = {.needs_update = true};
	cr_assert_eq(store_actions_find(fixture_db, &pub, &needs, &rows), 0);
	cr_assert_eq(json_array_size(rows), 0, "the public never matches 'needs an update'");
	json_decref(rows);
}

/* The rows store_actions_open gives, counted one by one. */
static long long streamed(const struct viewer *v, const struct action_filter *f, long long *said)
{
	struct store_action_rows *l = NULL;
	cr_assert_eq(store_actions_open(fixture_db, v, f, &l, said), 0);
	struct row *row;
	long long n = 0;
	int got;
	while ((got = store_actions_next(l, &row)) > 0)
		n++;
	cr_assert_eq(got, 0);
	store_actions_close(l);
	return n;
}

/* A list says how many rows it holds before the first: without a filter
 * that count is taken from the action points alone, with one from the same
 * WHERE as the rows. Each filter alone must still be counted as filtered. */
Test(find, the_count_is_the_rows_given)
{
	long long theme = fixture_count("SELECT min(theme_id) FROM action_point");
	long long holder = fixture_count("SELECT min(dossier_holder_id) FROM action_point");
	long long article = fixture_count("SELECT min(article_number) FROM action_article");
	const struct action_filter filters[] = {
		{0},
		{.theme_id = theme},
		{.status = "in_uitvoering"},
		{.health = "groen"},
		{.holder_id = holder},
		{.article = article},
		{.overdue = true},
		{.needs_update = true},
	};
	long long all = fixture_count("SELECT count(*) FROM action_point");
	cr_assert_gt(all, 0);
	for (int drafts = 0; drafts < 2; drafts++) {
		struct viewer v = {.lang = "nl", .drafts = drafts, .now = "2026-06-01T00:00:00Z"};
		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
			long long said = -1, n = streamed(&v, &filters[i], &said);
			cr_assert_eq(said, n, "filter %zu, drafts %d: said %lld, gave %lld", i, drafts, said, n);
			if (i == 0)
				cr_assert_eq(n, all, "without a filter every action point is listed");
			else
				cr_assert_lt(n, all, "filter %zu narrows the list (else this case tests nothing)", i);
		}
	}
}

static json_t *search(const char *q, bool drafts)
{
	struct viewer v = {.lang = "nl", .drafts = drafts};
	json_t *hits = NULL;
	cr_assert_eq(store_search(fixture_db, &v, q, 200, &hits), 0, "search for [%s]", q);
	return hits;
}

static bool has_hit(json_t *hits, const char *kind, const char *title_start)
{
	size_t i;
	json_t *h;
	json_array_foreach(hits, i, h) {
		const char *t = json_string_value(json_object_get(h, "title"));
		if (strcmp(json_string_value(json_object_get(h, "kind")), kind) == 0 && t &&
		    strncmp(t, title_start, strlen(title_start)) == 0)
			return true;
	}
	return false;
}

Test(find, search_drains_the_queue_and_finds_word_forms)
{
	/* SQLite queues changed documents (search_dirty) and a search drains the
	 * queue; PostgreSQL's triggers write the index itself. */
	bool queue = !fixture_on_pg();
	if (queue)
		cr_assert_gt(fixture_count("SELECT count(*) FROM search_dirty"), 0, "the migration queues what exists");
	json_t *hits = search("woningen", false);
	if (queue)
		cr_assert_eq(fixture_count("SELECT count(*) FROM search_dirty"), 0);
	cr_assert(has_hit(hits, "action", "BWN-06"), "'woningen' finds 'woning' by its stem");
	json_decref(hits);
	/* A write is queued by its trigger and found by the next search. */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO event (programme_id, name, starts_on) VALUES (1, 'Zomerfeest IJsselkade', '2024-07-01')", NULL), 0);
	if (queue)
		cr_assert_eq(fixture_count("SELECT count(*) FROM search_dirty"), 1);
	hits = search("ijsselkade zomerfeesten", false);
	cr_assert(has_hit(hits, "event", "Zomerfeest"));
	json_decref(hits);
	cr_assert_eq(db_exec(fixture_db, "DELETE FROM event WHERE name = 'Zomerfeest IJsselkade'", NULL), 0);
	hits = search("zomerfeest", false);
	cr_assert(!has_hit(hits, "event", "Zomerfeest"), "a deleted record leaves the index");
	json_decref(hits);
}

Test(find, any_text_is_words_not_syntax)
{
	const char *inputs[] = {"", "   ", "\"", "\"\"\"", "*", "a*", "NEAR(a b, 2)", "title:x", "{title}: x", "(((", ")",
	                        "a OR", "AND", "NOT", "^x", "-x", "+", "’’", "\xe2\x80\x94", "x\"y", "de het een"};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		json_decref(search(inputs[i], true));
}

Test(find, the_public_never_finds_drafts)
{
	long long open = fixture_count("SELECT id FROM reporting_period WHERE state = 'open'");
	cr_assert_gt(open, 0);
	cr_assert_eq(db_exec(fixture_db,
		"INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, created_at)"
		" VALUES (1, ?, 'in_uitvoering', 'groen', 'Een proefwoordxyz in concept.', '2024-05-01T10:00:00Z')", "i", open), 0);
	json_t *pub = search("proefwoordxyz", false), *mine = search("proefwoordxyz", true);
	cr_assert_eq(json_array_size(pub), 0);
	cr_assert_eq(json_array_size(mine), 1);
	const char *snippet = json_string_value(json_object_get(json_array_get(mine, 0), "snippet"));
	cr_assert(strchr(snippet, STORE_MARK_OPEN) && strchr(snippet, STORE_MARK_CLOSE), "the match is marked");
	json_decref(pub);
	json_decref(mine);
}
