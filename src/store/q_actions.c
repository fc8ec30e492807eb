/*
 * q_actions: action points, alone and with their whole history of progress
 * updates (both assessments side by side), and the action point list narrowed
 * by filters (find.h). Whether an action point is overdue is decided here,
 * from the viewer's time, so every list and page says the same.
 */
#include "store/db.h"
#include "store/find.h"
#include "store/q_result.h"

#include "core/err.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Overdue: past its own due date (the request's day, parameter ?2) and
 * still to be done. Finished, withdrawn and ongoing ("doorlopend": made
 * permanent work, its date is when it became so) action points are not late. */
#define SQL_OVERDUE \
	"CASE WHEN a.due_on < substr(?2, 1, 10)" \
	" AND c.status IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering') THEN TRUE ELSE FALSE END"
/* Still needs an update: the latest open period has none for it yet, and it
 * is not finished or withdrawn. Only for signed-in viewers (?3): the public
 * must not learn whether a draft exists.
 * CASE rather than AND, in this rule and the one above: as a column, SQLite
 * works out both sides of an AND for every row (for the public, the look-up
 * of an update that is then thrown away), where CASE stops at the first. */
#define SQL_NEEDS_UPDATE \
	"CASE WHEN ?3 = 1 THEN (c.status NOT IN ('afgerond', 'vervallen')" \
	" AND EXISTS (SELECT 1 FROM reporting_period r WHERE r.state = 'open')" \
	" AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_point_id = a.id AND u.period_id =" \
	"  (SELECT r.id FROM reporting_period r WHERE r.state = 'open' ORDER BY r.seq DESC LIMIT 1))) ELSE FALSE END"

/* Every filter is a numbered parameter that NULL (or 0) switches off, so one
 * cached statement serves every combination: ?4 theme, ?5 status, ?6 health,
 * ?7 dossier holder, ?8 CRPD article, ?9 overdue only, ?10 needs update only.
 * A text parameter tested for NULL is cast: PostgreSQL cannot tell its type
 * from "IS NULL" alone. The rows and their count share the WHERE. */
#define SQL_ACTIONS_WHERE \
	" (?4 IS NULL OR a.theme_id = ?4) AND (CAST(?5 AS TEXT) IS NULL OR c.status = ?5)" \
	" AND (CAST(?6 AS TEXT) IS NULL OR c.health = ?6)" \
	" AND (?7 IS NULL OR a.dossier_holder_id = ?7)" \
	" AND (?8 IS NULL OR EXISTS (SELECT 1 FROM action_article aa WHERE aa.action_point_id = a.id AND aa.article_number = ?8))" \
	" AND (?9 = 0 OR " SQL_OVERDUE ") AND (?10 = 0 OR " SQL_NEEDS_UPDATE ")"
/* The order: themes by their place (ties by id), then the code. CROSS JOIN
 * tells SQLite to go through the themes first, in the order of the index
 * theme_position, and through each theme's action points in the order of
 * the index action_point_theme (migration 0026), so the rows come out in
 * order without a sort; PostgreSQL plans the join as it sees fit. */
#define SQL_ACTIONS(view, needs) \
	"SELECT a.id, a.code, a.title, a.starts_on, a.due_on, c.status, c.health," \
	" t.id AS theme_id, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" " DB_SEEN_AT("p", "name", "?3") " AS dossier_holder," \
	" a.dossier_holder_id," \
	" " SQL_OVERDUE " AS is_overdue" needs \
	" FROM theme t CROSS JOIN action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" LEFT JOIN person p ON p.id = a.dossier_holder_id" \
	" WHERE a.theme_id = t.id AND" SQL_ACTIONS_WHERE " ORDER BY t.position, t.id, a.code"
/* How many: a streamed list says so before its first row. Bound as the
 * rows are (?1, the language, is not used here: its type is given). In no
 * order, so from the action points alone (every one has its theme: a
 * foreign key that may not be NULL). */
#define SQL_ACTIONS_COUNT(view) \
	"SELECT count(*) FROM action_point a JOIN " view " c ON c.action_point_id = a.id WHERE" SQL_ACTIONS_WHERE
static const char *const sql_actions_count[2] = DB_STATE_SQL(SQL_ACTIONS_COUNT);
/* Without a filter the list holds every action point: each has its theme
 * (a foreign key that may not be NULL) and its state row (made by a trigger
 * as the action point is, on both engines; action points are never
 * deleted). Counted so, SQLite counts the entries of one of the table's
 * b-trees rather than evaluating the WHERE for every row (a 20th of the time at
 * 5,000 action points). PostgreSQL's row-level security scopes both alike. */
static bool unfiltered(const struct action_filter *f)
{
	/* A filter added to struct action_filter must be added here too: these
	 * are the fields known here (the same size on every ABI). */
	_Static_assert(sizeof(struct action_filter) == sizeof(struct {
		long long theme_id;
		const char *status, *health;
		long long holder_id, article;
		bool overdue, needs_update;
	}), "a new filter: add it to unfiltered()");
	return !f->theme_id && !f->status && !f->health && !f->holder_id && !f->article && !f->overdue &&
	       !f->needs_update;
}
/* The public never learns whether a draft update exists: what it sees
 * (DB_STATE 0, the viewer who sees no drafts) has no is_needs_update. */
static const char *const sql_actions[2] = {
	SQL_ACTIONS("action_point_published", ""),
	SQL_ACTIONS("action_point_current", ", " SQL_NEEDS_UPDATE " AS is_needs_update"),
};

#define SQL_ACTION(view) \
	"SELECT a.id, a.code, a.title, a.description, a.starts_on, a.due_on, a.created_at," \
	" c.status, c.health, " SQL_OVERDUE " AS is_overdue," \
	" t.id AS theme_id, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" p.id AS dossier_holder_id," \
	" " DB_SEEN_AT("p", "name", "?4") " AS dossier_holder," \
	" " DB_SEEN_AT("p", "job_title", "?4") " AS dossier_holder_job," \
	" o.name AS dossier_holder_organisation" \
	" FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" JOIN theme t ON t.id = a.theme_id LEFT JOIN person p ON p.id = a.dossier_holder_id" \
	" LEFT JOIN organisation o ON o.id = p.organisation_id WHERE a.id = ?3"
static const char *const sql_action[2] = DB_STATE_SQL(SQL_ACTION);

int store_actions_find(struct store *s, const struct viewer *v, const struct action_filter *f, json_t **out)
{
	json_t *rows = db_rows(s, sql_actions[DB_STATE(v)], "ttizttzzii", v->lang, v->now, (long long)v->drafts,
	                       f->theme_id, f->status, f->health, f->holder_id, f->article, (long long)f->overdue,
	                       (long long)f->needs_update);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

struct store_action_rows {
	struct db_cursor *c;
	struct row row;
};

int store_actions_open(struct store *s, const struct viewer *v, const struct action_filter *f,
                       struct store_action_rows **out, long long *count)
{
	int err = 0;
	if (unfiltered(f))
		*count = db_int(s, &err, 0, "SELECT count(*) FROM action_point", "");
	else
		*count = db_int(s, &err, 0, sql_actions_count[DB_STATE(v)], "ttizttzzii", v->lang, v->now,
		                (long long)v->drafts, f->theme_id, f->status, f->health, f->holder_id, f->article,
		                (long long)f->overdue, (long long)f->needs_update);
	if (err)
		return LIA_EDB;
	struct db_cursor *c = db_open(s, sql_actions[DB_STATE(v)], "ttizttzzii", v->lang, v->now, (long long)v->drafts,
	                              f->theme_id, f->status, f->health, f->holder_id, f->article,
	                              (long long)f->overdue, (long long)f->needs_update);
	if (!c)
		return LIA_EDB;
	struct store_action_rows *l = mem_alloc(sizeof(*l));
	l->c = c;
	*out = l;
	return 0;
}

int store_actions_next(struct store_action_rows *l, struct row **row)
{
	int got = db_next(l->c, &l->row);
	if (got <= 0)
		return got;
	*row = &l->row;
	return 1;
}

void store_actions_close(struct store_action_rows *l)
{
	if (!l)
		return;
	db_close(l->c);
	free(l);
}

int store_actions(struct store *s, const struct viewer *v, json_t **out)
{
	const struct action_filter any = {0};
	return store_actions_find(s, v, &any, out);
}

int store_actions_texts(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT a.id, a.description,"
		" (SELECT group_concat(n, ', ') FROM (SELECT CAST(article_number AS TEXT) AS n FROM action_article"
		"   WHERE action_point_id = a.id ORDER BY article_number) x) AS articles,"
		" (SELECT group_concat(name, ', ') FROM (SELECT o.name FROM action_partner ap"
		"   JOIN organisation o ON o.id = ap.organisation_id WHERE ap.action_point_id = a.id ORDER BY o.name) x) AS partners"
		" FROM action_point a", NULL);
	if (!rows)
		return LIA_EDB;
	json_t *by_id = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		json_object_set(by_id, key, row);
	}
	json_decref(rows);
	*out = by_id;
	return 0;
}

int store_action_filter_choices(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *themes = db_rows(s,
		"SELECT id, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS name FROM theme ORDER BY position", "t", v->lang);
	/* The people and articles that occur: a look-up in an index (0026) for
	 * each, not a DISTINCT over every action point. */
	json_t *holders = db_rows(s,
		"SELECT p.id, p.name FROM person p"
		" WHERE EXISTS (SELECT 1 FROM action_point a WHERE a.dossier_holder_id = p.id)"
		" AND (? = 1 OR " DB_NAMED("p") ") ORDER BY p.name, p.id", "i", DB_NAMES(v));
	json_t *articles = db_rows(s,
		"SELECT ca.number, CASE WHEN ? = 'en' THEN ca.title_en ELSE ca.title_nl END AS title FROM crpd_article ca"
		" WHERE EXISTS (SELECT 1 FROM action_article aa WHERE aa.article_number = ca.number) ORDER BY ca.number",
		"t", v->lang);
	return Q_ANSWER(json_object(), out, {"themes", themes}, {"holders", holders}, {"articles", articles});
}

int store_action(struct store *s, const struct viewer *v, long long id, json_t **out)
{
	json_t *a = db_row(s, sql_action[DB_STATE(v)], "ttii", v->lang, v->now, id, DB_NAMES(v));
	int rc = q_found(a);
	if (rc != 0)
		return rc;
	json_t *partners = db_rows(s,
		"SELECT o.id, o.name FROM action_partner ap JOIN organisation o ON o.id = ap.organisation_id"
		" WHERE ap.action_point_id = ? ORDER BY o.name", "i", id);
	json_t *articles = db_rows(s,
		"SELECT ca.number, CASE WHEN ? = 'en' THEN ca.title_en ELSE ca.title_nl END AS title"
		" FROM action_article aa JOIN crpd_article ca ON ca.number = aa.article_number"
		" WHERE aa.action_point_id = ? ORDER BY ca.number", "ti", v->lang, id);
	/* Newest first: the latest period, then the latest entry within it. */
	json_t *updates = db_rows(s,
		"SELECT u.id, u.status, u.health, u.progress_md, u.health_cause, u.health_consequence,"
		" u.health_measures, u.holder_assessment, u.expert_assessment, u.created_at,"
		" r.id AS period_id, r.name AS period, r.seq AS period_seq, r.state AS period_state,"
		" " DB_SEEN_NAME("au") " AS author, " DB_SEEN_NAME("ex") " AS expert, u.interview_id,"
		" i.held_on AS interview_held_on,"
		" u.author_id, u.expert_id, u.corrects, u.corrected_part,"
		" CASE WHEN u.corrects IS NULL THEN NULL ELSE u.created_at END AS corrected_at,"
		" CASE WHEN EXISTS (SELECT 1 FROM progress_update l WHERE l.action_point_id = u.action_point_id"
		"  AND l.period_id = u.period_id AND l.id > u.id) THEN 0 ELSE 1 END AS is_newest"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" LEFT JOIN person au ON au.id = u.author_id LEFT JOIN person ex ON ex.id = u.expert_id"
		" LEFT JOIN interview i ON i.id = u.interview_id"
		" WHERE u.action_point_id = ? AND (? = 1 OR r.state = 'published') AND " DB_UPDATE_CURRENT("u")
		" ORDER BY r.seq DESC, u.id DESC", "iiii", DB_NAMES(v), DB_NAMES(v), id, (long long)v->drafts);
	return Q_ANSWER(a, out, {"partners", partners}, {"articles", articles}, {"updates", updates});
}
