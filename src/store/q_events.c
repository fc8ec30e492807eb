/*
 * q_events: events (activiteiten) and reporting periods.
 */
#include "store/db.h"
#include "store/q_result.h"

#include "core/err.h"

int store_events(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT id, name, starts_on, ends_on, location, description, accessibility, participants"
		" FROM event ORDER BY starts_on DESC, id DESC", NULL);
	json_t *themes = db_rows(s,
		"SELECT et.event_id, t.id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS name"
		" FROM event_theme et JOIN theme t ON t.id = et.theme_id ORDER BY et.event_id, t.position", "t", v->lang);
	json_t *partners = db_rows(s,
		"SELECT ep.event_id, o.id, o.name FROM event_partner ep"
		" JOIN organisation o ON o.id = ep.organisation_id ORDER BY ep.event_id, o.name", NULL);
	if (Q_FAILED(rows, themes, partners))
		return LIA_EDB;
	json_t *gt = db_group(themes, "event_id"), *gp = db_group(partners, "event_id");
	db_attach(rows, "id", gt, "themes");
	db_attach(rows, "id", gp, "partners");
	json_decref(gt);
	json_decref(gp);
	json_decref(themes);
	json_decref(partners);
	*out = rows;
	return 0;
}

#define PERIOD_COLS \
	"r.id, r.seq, r.name, r.starts_on, r.ends_on, r.state, r.published_at, r.updates_due_on, r.assessments_due_on," \
	" (SELECT count(*) FROM progress_update u WHERE u.period_id = r.id) AS update_count," \
	" (SELECT count(*) FROM interview i WHERE i.period_id = r.id) AS interview_count"

int store_periods(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT " PERIOD_COLS " FROM reporting_period r"
	                          " WHERE ? = 1 OR r.state = 'published' ORDER BY r.seq DESC", "i", (long long)v->drafts);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_period(struct store *s, const struct viewer *v, long long id, json_t **out)
{
	json_t *p = db_row(s, "SELECT " PERIOD_COLS " FROM reporting_period r"
	                      " WHERE r.id = ? AND (? = 1 OR r.state = 'published')", "ii", id, (long long)v->drafts);
	int rc = q_found(p);
	if (rc != 0)
		return rc;
	json_t *updates = db_rows(s,
		"SELECT u.id, u.status, u.health, u.created_at, a.id AS action_id, a.code, a.title,"
		" CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS theme"
		" FROM progress_update u JOIN action_point a ON a.id = u.action_point_id"
		" JOIN theme t ON t.id = a.theme_id WHERE u.period_id = ?"
		" ORDER BY t.position, a.code, u.id", "ti", v->lang, id);
	return Q_ANSWER(p, out, {"updates", updates});
}
