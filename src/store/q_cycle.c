/*
 * q_cycle: where the reporting cycle of one period stands (see cycle.h).
 * The rows come from a few plain queries; the counts per theme and per
 * dossier holder are added up here from the same rows, so every total is
 * the sum of its parts by construction.
 */
#include "store/cycle.h"

#include "core/err.h"
#include "store/db.h"
#include "store/funds.h"
#include "store/q_result.h"

#include <string.h>

/* Every action point that existed by the period's last day (?2), with
 * whether it has an update in the period (?1) and its current state (drafts
 * count). */
#define SQL_SCOPE \
	"SELECT a.id, a.code, a.title, a.theme_id, CASE WHEN ?3 = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" a.dossier_holder_id, h.name AS dossier_holder, a.due_on, c.status, c.health," \
	" CASE WHEN EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = ?1)" \
	"  THEN 1 ELSE 0 END AS is_received" \
	" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id" \
	" JOIN theme t ON t.id = a.theme_id LEFT JOIN person h ON h.id = a.dossier_holder_id" \
	" WHERE substr(a.created_at, 1, 10) <= ?2"

/* The progress updates of the period (?1) that wait for an expert's
 * assessment; ?2 is the language of the theme names. */
#define SQL_ASSESS \
	"SELECT u.id, a.id AS action_id, a.code, a.title, CASE WHEN ?2 = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" p.name AS author, u.created_at" \
	" FROM progress_update u JOIN action_point a ON a.id = u.action_point_id JOIN theme t ON t.id = a.theme_id" \
	" LEFT JOIN person p ON p.id = u.author_id" \
	" WHERE u.period_id = ?1 AND u.expert_assessment = '' AND " DB_UPDATE_CURRENT("u") \
	" ORDER BY t.position, a.code, u.id"

/* SQL_SCOPE's action points that are expected to have an update (the rule
 * of expected() below, in SQL), counted per theme and dossier holder:
 * theme_id, id and name (of the dossier holder, null for nobody), expected,
 * received; in SQL_SCOPE's order of their first action point, so the
 * first time a dossier holder comes is where SQL_SCOPE has them first. */
#define SQL_GROUPS \
	"SELECT g.theme_id, g.id, h.name, g.expected, g.received FROM" \
	" (SELECT a.theme_id, a.dossier_holder_id AS id, min(t.position) AS position, min(a.code) AS code," \
	"  count(*) AS expected, count(r.action_point_id) AS received" \
	"  FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id JOIN theme t ON t.id = a.theme_id" \
	"  LEFT JOIN (SELECT DISTINCT action_point_id FROM progress_update WHERE period_id = ?1) r" \
	"  ON r.action_point_id = a.id" \
	"  WHERE substr(a.created_at, 1, 10) <= ?2" \
	"  AND (r.action_point_id IS NOT NULL OR c.status NOT IN ('afgerond', 'vervallen'))" \
	"  GROUP BY a.theme_id, a.dossier_holder_id) g" \
	" LEFT JOIN person h ON h.id = g.id ORDER BY g.position, g.code"

static bool expected(json_t *a)
{
	const char *st = json_string_value(json_object_get(a, "status"));
	return json_is_true(json_object_get(a, "is_received")) ||
	       (st && strcmp(st, "afgerond") != 0 && strcmp(st, "vervallen") != 0);
}

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void add(json_t *o, const char *key, long long by)
{
	json_object_set_new(o, key, json_integer(num(o, key) + by));
}

/* The counter row of a group (a theme or a dossier holder) with this id in
 * rows, or NULL. */
static json_t *group_of(json_t *rows, json_t *id)
{
	size_t i;
	json_t *g;
	json_array_foreach(rows, i, g)
		if (json_equal(json_object_get(g, "id"), id))
			return g;
	return NULL;
}

static void count_in(json_t *g, bool received)
{
	add(g, "expected", 1);
	add(g, received ? "received" : "missing", 1);
}

static const char *name_of(json_t *o)
{
	const char *n = json_string_value(json_object_get(o, "name"));
	return n ? n : "";
}

/* Sorts holders by name (stable: equal names keep their order) and appends
 * nobody (the action points without a dossier holder; taken) if there is one. */
static void by_name(json_t *holders, json_t *nobody)
{
	size_t n = json_array_size(holders);
	for (size_t x = 1; x < n; x++)
		for (size_t y = x; y > 0; y--) {
			json_t *p = json_array_get(holders, y - 1), *q = json_array_get(holders, y);
			if (strcmp(name_of(p), name_of(q)) <= 0)
				break;
			json_incref(p);
			json_array_set(holders, y - 1, q);
			json_array_set_new(holders, y, p);
		}
	if (nobody)
		json_array_append_new(holders, nobody);
}

/* Themes, dossier holders and the missing updates from the action points
 * in scope; sets the totals on out. Takes nothing. */
static void tally(json_t *out, json_t *scope, json_t *themes)
{
	json_t *holders = json_array(), *nobody = NULL, *missing = json_array();
	long long exp = 0, rec = 0;
	size_t i;
	json_t *a;
	json_array_foreach(scope, i, a) {
		if (!expected(a))
			continue;
		bool received = json_is_true(json_object_get(a, "is_received"));
		exp++;
		rec += received;
		json_t *th = group_of(themes, json_object_get(a, "theme_id"));
		if (th)
			count_in(th, received);
		json_t *hid = json_object_get(a, "dossier_holder_id");
		json_t *h = json_is_integer(hid) ? group_of(holders, hid) : nobody;
		if (!h) {
			h = json_pack("{s:O, s:O, s:I, s:I, s:I}", "id", hid, "name", json_object_get(a, "dossier_holder"),
			              "expected", (json_int_t)0, "received", (json_int_t)0, "missing", (json_int_t)0);
			if (json_is_integer(hid))
				json_array_append_new(holders, h);
			else
				nobody = h;
		}
		count_in(h, received);
		if (!received)
			json_array_append_new(missing, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
			                                         json_object_get(a, "id"), "code", json_object_get(a, "code"),
			                                         "title", json_object_get(a, "title"), "theme_id",
			                                         json_object_get(a, "theme_id"), "theme",
			                                         json_object_get(a, "theme"), "dossier_holder_id", hid,
			                                         "dossier_holder", json_object_get(a, "dossier_holder"),
			                                         "due_on", json_object_get(a, "due_on")));
	}
	by_name(holders, nobody);
	json_object_set_new(out, "updates_expected", json_integer(exp));
	json_object_set_new(out, "updates_received", json_integer(rec));
	json_object_set_new(out, "updates_missing", json_integer(exp - rec));
	json_object_set_new(out, "holders", holders);
	json_object_set_new(out, "missing_updates", missing);
}

/* Interviews per theme (rows {theme_id, n}) onto the themes; the themes
 * without one as {id, name}. */
static json_t *interviews_in(json_t *themes, json_t *counts)
{
	json_t *none = json_array();
	size_t i, k;
	json_t *th, *c;
	json_array_foreach(themes, i, th) {
		long long n = 0;
		json_array_foreach(counts, k, c)
			if (json_equal(json_object_get(c, "theme_id"), json_object_get(th, "id")))
				n = num(c, "n");
		json_object_set_new(th, "interviews", json_integer(n));
		if (n == 0)
			json_array_append_new(none, json_pack("{s:O, s:O}", "id", json_object_get(th, "id"), "name",
			                                      json_object_get(th, "name")));
	}
	return none;
}

/* The highlights and outlooks from narratives (rows {kind, n}) onto o. */
static void texts_in(json_t *o, json_t *narratives)
{
	long long hl = 0, ol = 0;
	size_t i;
	json_t *row;
	json_array_foreach(narratives, i, row) {
		const char *kind = json_string_value(json_object_get(row, "kind"));
		if (kind && strcmp(kind, "highlight") == 0)
			hl = num(row, "n");
		else
			ol += num(row, "n");
	}
	json_object_set_new(o, "highlights", json_integer(hl));
	json_object_set_new(o, "outlooks", json_integer(ol));
}

/* The money warnings nobody has explained, by the funds layer's own rules. */
static int money_open(struct store *s, const char *lang, json_t *out)
{
	struct viewer v = {.lang = lang, .drafts = true};
	json_t *list = NULL, *counts = NULL;
	int rc = store_fund_warnings(s, &v, 50, true, &list, &counts);
	if (rc != 0)
		return rc;
	long long open = 0;
	const char *kind;
	json_t *c;
	json_object_foreach(counts, kind, c)
		open += num(c, "open");
	json_decref(counts);
	json_object_set_new(out, "money_warnings_open", json_integer(open));
	json_object_set_new(out, "money_warnings", list);
	return 0;
}

int store_cycle_missing(struct store *s, long long period_id, const char *lang, json_t **out)
{
	json_t *period = db_row(s, "SELECT id, name, state, starts_on, ends_on, updates_due_on, assessments_due_on"
	                           " FROM reporting_period WHERE id = ?", "i", period_id);
	int rc = q_found(period);
	if (rc != 0)
		return rc;
	const char *ends_on = json_string_value(json_object_get(period, "ends_on"));
	json_t *scope = db_rows(s, SQL_SCOPE " ORDER BY t.position, a.code", "itt", period_id, ends_on, lang);
	json_t *themes = db_rows(s, "SELECT id, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS name,"
	                            " 0 AS expected, 0 AS received, 0 AS missing FROM theme ORDER BY position, id", "t", lang);
	json_t *interviews = db_rows(s, "SELECT theme_id, count(*) AS n FROM interview WHERE period_id = ?"
	                                " GROUP BY theme_id", "i", period_id);
	json_t *narratives = db_rows(s, "SELECT kind, count(*) AS n FROM narrative WHERE period_id = ? GROUP BY kind",
	                             "i", period_id);
	json_t *assess = db_rows(s, SQL_ASSESS, "it", period_id, lang);
	if (Q_FAILED(scope, themes, interviews, narratives, assess)) {
		json_decref(period);
		return LIA_EDB;
	}
	json_t *o = json_pack("{s:o}", "period", period);
	tally(o, scope, themes);
	json_object_set_new(o, "missing_interviews", interviews_in(themes, interviews));
	json_object_set_new(o, "themes_without_interview",
	                    json_integer((json_int_t)json_array_size(json_object_get(o, "missing_interviews"))));
	json_object_set_new(o, "themes", themes);
	texts_in(o, narratives);
	json_object_set_new(o, "assessments_missing", json_integer((json_int_t)json_array_size(assess)));
	json_object_set_new(o, "missing_assessments", assess);
	json_decref(scope);
	json_decref(interviews);
	json_decref(narratives);
	if ((rc = money_open(s, lang, o)) != 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

int store_cycle_holder(struct store *s, long long period_id, long long person_id, const char *lang, const char *now,
                       json_t **out)
{
	const char *sql =
		"SELECT a.id, a.code, a.title, CASE WHEN ?3 = 'en' THEN t.name_en ELSE t.name_nl END AS theme,"
		" c.status, c.health, a.due_on,"
		" COALESCE(a.due_on < substr(?4, 1, 10) AND c.status IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering'),"
		"  FALSE) AS is_overdue,"
		" (SELECT max(u.id) FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id = ?1) AS update_id"
		" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id"
		" JOIN theme t ON t.id = a.theme_id WHERE a.dossier_holder_id = ?2 ORDER BY a.code";
	json_t *rows = db_rows(s, sql, "iitt", period_id, person_id, lang, now ? now : "0000-00-00");
	if (!rows)
		return LIA_EDB;
	/* Needed first: what is still to write comes before what is done. */
	json_t *needed = json_array(), *rest = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(rows, i, a) {
		bool received = !json_is_null(json_object_get(a, "update_id"));
		json_object_set_new(a, "is_received", json_boolean(received));
		json_object_set_new(a, "is_needed", json_boolean(!received && expected(a)));
		json_array_append(!received && expected(a) ? needed : rest, a);
	}
	json_array_extend(needed, rest);
	json_decref(rest);
	json_decref(rows);
	*out = needed;
	return 0;
}

int store_cycle_progress(struct store *s, long long period_id, const char *lang, bool assessments, json_t **out)
{
	json_t *period = db_row(s, "SELECT id, name, state, starts_on, ends_on, updates_due_on, assessments_due_on"
	                           " FROM reporting_period WHERE id = ?", "i", period_id);
	int rc = q_found(period);
	if (rc != 0)
		return rc;
	const char *ends_on = json_string_value(json_object_get(period, "ends_on"));
	json_t *groups = db_rows(s, SQL_GROUPS, "it", period_id, ends_on);
	json_t *themes = db_rows(s, "SELECT id, CASE WHEN ?2 = 'en' THEN name_en ELSE name_nl END AS name,"
	                            " 0 AS expected, 0 AS received, 0 AS missing,"
	                            " (SELECT count(*) FROM interview i WHERE i.period_id = ?1 AND i.theme_id = t.id) AS interviews"
	                            " FROM theme t ORDER BY position, id", "it", period_id, lang);
	json_t *narratives = db_rows(s, "SELECT kind, count(*) AS n FROM narrative WHERE period_id = ? GROUP BY kind",
	                             "i", period_id);
	json_t *assess = assessments ? db_rows(s, SQL_ASSESS, "it", period_id, lang)
	                             : db_row(s, "SELECT count(*) AS n FROM progress_update u"
	                                         " JOIN action_point a ON a.id = u.action_point_id JOIN theme t ON t.id = a.theme_id"
	                                         " WHERE u.period_id = ? AND u.expert_assessment = '' AND " DB_UPDATE_CURRENT("u"),
	                                      "i", period_id);
	if (Q_FAILED(groups, themes, narratives, assess)) {
		json_decref(period);
		return LIA_EDB;
	}
	/* The totals are the sums over the groups: every expected action point
	 * is in exactly one. */
	long long exp = 0, rec = 0;
	json_t *holders = json_array(), *nobody = NULL, *g;
	size_t i;
	json_array_foreach(groups, i, g) {
		long long e = num(g, "expected"), r = num(g, "received");
		exp += e;
		rec += r;
		json_t *th = group_of(themes, json_object_get(g, "theme_id"));
		if (th) {
			add(th, "expected", e);
			add(th, "received", r);
			add(th, "missing", e - r);
		}
		json_t *hid = json_object_get(g, "id");
		json_t *h = json_is_integer(hid) ? group_of(holders, hid) : nobody;
		if (!h) {
			h = json_pack("{s:O, s:O, s:I, s:I, s:I}", "id", hid, "name", json_object_get(g, "name"),
			              "expected", (json_int_t)0, "received", (json_int_t)0, "missing", (json_int_t)0);
			if (json_is_integer(hid))
				json_array_append_new(holders, h);
			else
				nobody = h;
		}
		add(h, "expected", e);
		add(h, "received", r);
		add(h, "missing", e - r);
	}
	json_decref(groups);
	by_name(holders, nobody);
	long long without = 0;
	json_t *th;
	json_array_foreach(themes, i, th)
		without += num(th, "interviews") == 0;
	json_t *o = json_pack("{s:o, s:I, s:I, s:I, s:o, s:I, s:o}", "period", period, "updates_expected", (json_int_t)exp,
	                      "updates_received", (json_int_t)rec, "updates_missing", (json_int_t)(exp - rec),
	                      "holders", holders, "themes_without_interview", (json_int_t)without, "themes", themes);
	texts_in(o, narratives);
	json_decref(narratives);
	if (assessments) {
		json_object_set_new(o, "assessments_missing", json_integer((json_int_t)json_array_size(assess)));
		json_object_set_new(o, "missing_assessments", assess);
	} else {
		json_object_set_new(o, "assessments_missing", json_integer(num(assess, "n")));
		json_decref(assess);
	}
	if ((rc = money_open(s, lang, o)) != 0) {
		json_decref(o);
		return rc;
	}
	json_object_del(o, "money_warnings");
	*out = o;
	return 0;
}
