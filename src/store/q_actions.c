/*
 * q_actions: action points, alone and with their whole history of progress
 * updates (both assessments side by side).
 */
#include "store/db.h"
#include "store/q_result.h"

#include "core/err.h"

#define SQL_ACTIONS(view) \
	"SELECT a.id, a.code, a.title, a.starts_on, a.due_on, c.status, c.health," \
	" t.id AS theme_id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" p.name AS dossier_holder, a.dossier_holder_id" \
	" FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" JOIN theme t ON t.id = a.theme_id LEFT JOIN person p ON p.id = a.dossier_holder_id" \
	" ORDER BY t.position, a.code"
static const char *const sql_actions[2] = DB_STATE_SQL(SQL_ACTIONS);

#define SQL_ACTION(view) \
	"SELECT a.id, a.code, a.title, a.description, a.starts_on, a.due_on, a.created_at," \
	" c.status, c.health," \
	" t.id AS theme_id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS theme," \
	" p.id AS dossier_holder_id, p.name AS dossier_holder, p.job_title AS dossier_holder_job," \
	" o.name AS dossier_holder_organisation" \
	" FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" JOIN theme t ON t.id = a.theme_id LEFT JOIN person p ON p.id = a.dossier_holder_id" \
	" LEFT JOIN organisation o ON o.id = p.organisation_id WHERE a.id = ?"
static const char *const sql_action[2] = DB_STATE_SQL(SQL_ACTION);

int store_actions(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *rows = db_rows(s, sql_actions[DB_STATE(v)], "t", v->lang);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_action(struct store *s, const struct viewer *v, long long id, json_t **out)
{
	json_t *a = db_row(s, sql_action[DB_STATE(v)], "ti", v->lang, id);
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
		" au.name AS author, ex.name AS expert, u.interview_id, i.held_on AS interview_held_on"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" LEFT JOIN person au ON au.id = u.author_id LEFT JOIN person ex ON ex.id = u.expert_id"
		" LEFT JOIN interview i ON i.id = u.interview_id"
		" WHERE u.action_point_id = ? AND (? = 1 OR r.state = 'published')"
		" ORDER BY r.seq DESC, u.id DESC", "ii", id, (long long)v->drafts);
	return Q_ANSWER(a, out, {"partners", partners}, {"articles", articles}, {"updates", updates});
}
