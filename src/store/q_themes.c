/*
 * q_themes: themes with their CRPD articles and action points, and the CRPD
 * view: every article with the themes and action points that address it.
 */
#include "store/db.h"
#include "store/q_result.h"

#include "core/err.h"

#include <string.h>


#define THEME_COLS \
	"t.id, t.slug, t.position," \
	" CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS name," \
	" CASE WHEN ? = 'en' THEN t.description_en ELSE t.description_nl END AS description"

#define ACTION_ROW_COLS \
	"a.id, a.code, a.title, a.theme_id, a.starts_on, a.due_on, c.status, c.health," \
	" p.id AS dossier_holder_id, " DB_SEEN_NAME("p") " AS dossier_holder"

static const char sql_theme_articles[] =
	"SELECT ta.theme_id, ca.number, CASE WHEN ? = 'en' THEN ca.title_en ELSE ca.title_nl END AS title"
	" FROM theme_article ta JOIN crpd_article ca ON ca.number = ta.article_number"
	" ORDER BY ta.theme_id, ca.number";

#define SQL_THEMES(view) \
	"SELECT " THEME_COLS "," \
	" (SELECT count(*) FROM action_point a WHERE a.theme_id = t.id) AS action_count," \
	" (SELECT count(*) FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	"   WHERE a.theme_id = t.id AND c.status = 'afgerond') AS completed_count," \
	" (SELECT count(*) FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	"   WHERE a.theme_id = t.id AND c.health IN ('oranje', 'rood')) AS attention_count" \
	" FROM theme t ORDER BY t.position, t.id"
static const char *const sql_themes[2] = DB_STATE_SQL(SQL_THEMES);

#define SQL_THEME_ACTIONS(view) \
	"SELECT " ACTION_ROW_COLS \
	" FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" LEFT JOIN person p ON p.id = a.dossier_holder_id" \
	" WHERE a.theme_id = ? ORDER BY a.code"
static const char *const sql_theme_actions[2] = DB_STATE_SQL(SQL_THEME_ACTIONS);

int store_themes(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *themes = db_rows(s, sql_themes[DB_STATE(v)], "tt", v->lang, v->lang);
	json_t *arts = db_rows(s, sql_theme_articles, "t", v->lang);
	if (Q_FAILED(themes, arts))
		return LIA_EDB;
	json_t *g = db_group(arts, "theme_id");
	db_attach(themes, "id", g, "articles");
	json_decref(g);
	json_decref(arts);
	*out = themes;
	return 0;
}

int store_theme(struct store *s, const struct viewer *v, long long id, json_t **out)
{
	json_t *t = db_row(s, "SELECT " THEME_COLS " FROM theme t WHERE t.id = ?", "tti", v->lang, v->lang, id);
	int rc = q_found(t);
	if (rc != 0)
		return rc;
	json_t *arts = db_rows(s,
		"SELECT ca.number, CASE WHEN ? = 'en' THEN ca.title_en ELSE ca.title_nl END AS title"
		" FROM theme_article ta JOIN crpd_article ca ON ca.number = ta.article_number"
		" WHERE ta.theme_id = ? ORDER BY ca.number", "ti", v->lang, id);
	json_t *actions = db_rows(s, sql_theme_actions[DB_STATE(v)], "ii", DB_NAMES(v), id);
	return Q_ANSWER(t, out, {"articles", arts}, {"actions", actions});
}

static const char sql_article_themes[] =
	"SELECT ta.article_number, t.id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS name"
	" FROM theme_article ta JOIN theme t ON t.id = ta.theme_id ORDER BY ta.article_number, t.position";
#define SQL_ARTICLE_ACTIONS(view) \
	"SELECT aa.article_number, a.id, a.code, a.title, c.status, c.health" \
	" FROM action_article aa JOIN action_point a ON a.id = aa.action_point_id" \
	" JOIN " view " c ON c.action_point_id = a.id ORDER BY aa.article_number, a.code"
static const char *const sql_article_actions[2] = DB_STATE_SQL(SQL_ARTICLE_ACTIONS);

#define SQL_ONE_ARTICLE_ACTIONS(view) \
	"SELECT a.id, a.code, a.title, c.status, c.health" \
	" FROM action_article aa JOIN action_point a ON a.id = aa.action_point_id" \
	" JOIN " view " c ON c.action_point_id = a.id" \
	" WHERE aa.article_number = ? ORDER BY a.code"
static const char *const sql_one_article_actions[2] = DB_STATE_SQL(SQL_ONE_ARTICLE_ACTIONS);

/* The convention's parts: articles 1-4 are general provisions, 5-30 the
 * rights a local agenda works on, 31-50 national implementation and
 * monitoring. Only an unaddressed right is a gap for a municipality. */
static const char *article_part(json_int_t number)
{
	return number <= 4 ? "general" : number <= 30 ? "rights" : "implementation";
}

/* Tag an article with covered (addressed by a theme or an action point),
 * its part, and gap (a right that nothing addresses yet). */
static void mark_covered(json_t *a)
{
	bool covered = json_array_size(json_object_get(a, "themes")) > 0 ||
	               json_array_size(json_object_get(a, "actions")) > 0;
	const char *part = article_part(json_integer_value(json_object_get(a, "number")));
	json_object_set_new(a, "covered", json_boolean(covered));
	json_object_set_new(a, "part", json_string(part));
	json_object_set_new(a, "gap", json_boolean(!covered && strcmp(part, "rights") == 0));
}

int store_crpd(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *articles = db_rows(s,
		"SELECT number, CASE WHEN ? = 'en' THEN title_en ELSE title_nl END AS title,"
		" title_nl, title_en, nl_checked FROM crpd_article ORDER BY number", "t", v->lang);
	json_t *themes = db_rows(s, sql_article_themes, "t", v->lang);
	json_t *actions = db_rows(s, sql_article_actions[DB_STATE(v)], NULL);
	if (Q_FAILED(articles, themes, actions))
		return LIA_EDB;
	json_t *gt = db_group(themes, "article_number");
	json_t *ga = db_group(actions, "article_number");
	db_attach(articles, "number", gt, "themes");
	db_attach(articles, "number", ga, "actions");
	size_t i;
	json_t *a;
	json_int_t gaps = 0;
	json_array_foreach(articles, i, a) {
		mark_covered(a);
		gaps += json_is_true(json_object_get(a, "gap"));
	}
	json_decref(gt);
	json_decref(ga);
	json_decref(themes);
	json_decref(actions);
	*out = json_pack("{s:o, s:I, s:I}", "items", articles, "count", (json_int_t)json_array_size(articles),
	                 "gap_count", gaps);
	return 0;
}

int store_crpd_article(struct store *s, const struct viewer *v, long long number, json_t **out)
{
	json_t *a = db_row(s,
		"SELECT number, CASE WHEN ? = 'en' THEN title_en ELSE title_nl END AS title,"
		" title_nl, title_en, nl_checked FROM crpd_article WHERE number = ?", "ti", v->lang, number);
	int rc = q_found(a);
	if (rc != 0)
		return rc;
	json_t *themes = db_rows(s,
		"SELECT t.id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS name"
		" FROM theme_article ta JOIN theme t ON t.id = ta.theme_id"
		" WHERE ta.article_number = ? ORDER BY t.position", "ti", v->lang, number);
	json_t *actions = db_rows(s, sql_one_article_actions[DB_STATE(v)], "i", number);
	rc = Q_ANSWER(a, out, {"themes", themes}, {"actions", actions});
	if (rc == 0)
		mark_covered(a);
	return rc;
}
