/*
 * q_report: what the progress report of one reporting period is made of.
 * The state of an action point "at" a period is its latest update in that
 * period or before it (by the periods' order), so a report shows the
 * programme as it stood then, whatever happened later; the previous period
 * gives what changed since the last report.
 */
#include "store/report.h"

#include "core/err.h"
#include "store/db.h"
#include "store/funds.h"

#include <stdlib.h>
#include <string.h>

/* Only published periods count, and the report's own period (?4): another
 * open period's drafts never get into a report (which is frozen for good).
 * The latest update of each action point up to period seq: all of the
 * programme's updates up to then, numbered per action point from the
 * latest (by the periods' order, then by id), the first of each kept. One
 * pass over the updates, not a lookup for each action point (which
 * PostgreSQL made twice for each, 10 ms a report of 100 action points). */
#define LATEST_UPTO(seq) \
	"(SELECT action_point_id, id FROM (SELECT u.action_point_id, u.id, row_number() OVER" \
	" (PARTITION BY u.action_point_id ORDER BY p.seq DESC, u.id DESC) AS rn" \
	" FROM progress_update u JOIN reporting_period p ON p.id = u.period_id" \
	" WHERE p.seq <= " seq " AND (p.state = 'published' OR p.id = ?4)) x WHERE rn = 1)"

static const char sql_actions[] =
	"WITH upd AS MATERIALIZED " LATEST_UPTO("?1") ", prev AS MATERIALIZED " LATEST_UPTO("?2")
	" SELECT a.id, a.code, a.title, a.theme_id, a.created_at,"
	"  CASE WHEN ?3 = 'en' THEN t.name_en ELSE t.name_nl END AS theme_name,"
	"  coalesce(u.status, 'niet_gestart') AS status, coalesce(u.health, 'grijs') AS health,"
	"  CASE WHEN u.period_id = ?4 THEN 1 ELSE 0 END AS is_updated, u.progress_md, u.health_cause, u.health_consequence, u.health_measures,"
	"  u.holder_assessment, u.expert_assessment,"
	"  CASE WHEN h.named_in_publications = 1 THEN h.name WHEN h.id IS NOT NULL THEN '' END AS holder_name,"
	"  coalesce(pu.status, 'niet_gestart') AS prev_status, coalesce(pu.health, 'grijs') AS prev_health,"
	/* Overdue at the end of the period (?5), as the list's rule (q_actions.c):
	 * past its own due date and still to be done. */
	"  a.due_on, CASE WHEN a.due_on < ?5 AND coalesce(u.status, 'niet_gestart')"
	"   IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering') THEN 1 ELSE 0 END AS is_overdue"
	" FROM action_point a JOIN theme t ON t.id = a.theme_id"
	" LEFT JOIN upd ON upd.action_point_id = a.id LEFT JOIN progress_update u ON u.id = upd.id"
	" LEFT JOIN prev ON prev.action_point_id = a.id LEFT JOIN progress_update pu ON pu.id = prev.id"
	" LEFT JOIN person h ON h.id = a.dossier_holder_id"
	" WHERE substr(a.created_at, 1, 10) <= ?5"
	" ORDER BY t.position, t.id, a.code";

/* A person is named in a report only when they agreed to it
 * (person.named_in_publications, AVG art. 6 and 21); the others are counted,
 * and the report names their role (report/figures.c). */
#define DUO_NAMES(role) \
	" (SELECT group_concat(p.name, ', ') FROM (SELECT p.name FROM interview_participant ip" \
	"   JOIN person p ON p.id = ip.person_id WHERE ip.interview_id = i.id AND ip.role = '" role "'" \
	"   AND p.named_in_publications = 1 ORDER BY p.name) p)"
#define DUO_UNNAMED(role) \
	" (SELECT count(*) FROM interview_participant ip JOIN person p ON p.id = ip.person_id" \
	"   WHERE ip.interview_id = i.id AND ip.role = '" role "' AND p.named_in_publications = 0)"

static const char sql_interviews[] =
	"SELECT i.id, i.held_on, CASE WHEN ?2 = 'en' THEN t.name_en ELSE t.name_nl END AS theme_name,"
	DUO_NAMES("interviewer_municipal") " AS municipal," DUO_UNNAMED("interviewer_municipal") " AS municipal_unnamed,"
	DUO_NAMES("interviewer_expert") " AS experts," DUO_UNNAMED("interviewer_expert") " AS experts_unnamed,"
	" (SELECT count(*) FROM interview_participant ip WHERE ip.interview_id = i.id AND ip.role = 'dossier_holder')"
	"  AS holder_count"
	" FROM interview i JOIN theme t ON t.id = i.theme_id WHERE i.period_id = ?1 ORDER BY i.held_on, i.id";

int store_report_data(struct store *s, long long period_id, const char *lang, json_t **out)
{
	json_t *period = db_row(s, "SELECT id, seq, name, starts_on, ends_on, state, published_at FROM reporting_period"
	                           " WHERE id = ?", "i", period_id);
	if (!period)
		return LIA_EDB;
	if (json_is_null(period))
		return LIA_ENOTFOUND;
	long long seq = json_integer_value(json_object_get(period, "seq"));
	json_t *prev = db_row(s, "SELECT id, seq, name, starts_on, ends_on, state, published_at FROM reporting_period"
	                         " WHERE seq < ? AND state = 'published' ORDER BY seq DESC LIMIT 1", "i", seq);
	long long prev_seq = json_is_object(prev) ? json_integer_value(json_object_get(prev, "seq")) : 0;
	json_t *programme = db_row(s,
		"SELECT p.id, p.title, p.subtitle, p.start_year, p.end_year, p.adopted_on, o.name AS organisation,"
		" p.letter_signatories AS signatories"
		" FROM programme p JOIN organisation o ON o.id = p.organisation_id ORDER BY p.id LIMIT 1", NULL);
	const char *ends_on = json_string_value(json_object_get(period, "ends_on"));
	json_t *actions = db_rows(s, sql_actions, "iitit", seq, prev_seq, lang, period_id, ends_on);
	json_t *themes = db_rows(s, "SELECT id, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS name FROM theme"
	                            " ORDER BY position, id", "t", lang);
	json_t *interviews = db_rows(s, sql_interviews, "it", period_id, lang);
	json_t *group = db_rows(s,
		"SELECT CASE WHEN p.named_in_publications = 1 THEN p.name END AS name, m.role, o.name AS organisation,"
		" p.is_experience_expert FROM project_member m"
		" JOIN person p ON p.id = m.person_id LEFT JOIN organisation o ON o.id = p.organisation_id"
		" ORDER BY CASE m.role WHEN 'voorzitter' THEN 0 WHEN 'coordinator' THEN 1 WHEN 'secretaris' THEN 2 ELSE 3 END,"
		" p.named_in_publications DESC, p.name", NULL);
	json_t *partners = db_rows(s, "SELECT name, kind FROM organisation WHERE kind = 'partner' ORDER BY name", NULL);
	json_t *narratives = db_rows(s, "SELECT kind, title, body_md FROM narrative WHERE period_id = ?"
	                                " ORDER BY kind, position, id", "i", period_id);
	json_t *survey = db_row(s, "SELECT round, year, respondents, share_percent, source_note FROM lia_survey"
	                           " WHERE phase = 'in uitvoering' ORDER BY round DESC LIMIT 1", NULL);
	/* The period's events (an event counts where it starts), each action
	 * point's CRPD articles, the money per source (so extra and regular money
	 * stay apart) and the first report that was published. */
	json_t *events = db_rows(s, "SELECT id, name, starts_on, ends_on, location, participants FROM event"
	                            " WHERE starts_on BETWEEN ?1 AND ?2 ORDER BY starts_on, id", "tt",
	                         json_string_value(json_object_get(period, "starts_on")), ends_on);
	json_t *articles = db_rows(s, "SELECT aa.action_point_id, c.number,"
	                              " CASE WHEN ?1 = 'en' THEN c.title_en ELSE c.title_nl END AS title"
	                              " FROM action_article aa JOIN crpd_article c ON c.number = aa.article_number"
	                              " ORDER BY aa.action_point_id, c.number", "t", lang);
	/* Every year of a source: a commitment for later years (the coalition
	 * agreement's € 300.000 a year to 2026) is known when the report is made. */
	json_t *sources = db_rows(s, "SELECT name, year, amount_cents FROM fund_source ORDER BY name, year", NULL);
	json_t *first = db_row(s, "SELECT id, name, ends_on, published_at FROM reporting_period WHERE state = 'published'"
	                          " ORDER BY seq LIMIT 1", NULL);
	int e = 0;
	long long holders = db_int(s, &e, 0, "SELECT count(DISTINCT ip.person_id) FROM interview_participant ip"
	                                     " JOIN interview i ON i.id = ip.interview_id"
	                                     " WHERE i.period_id = ? AND ip.role = 'dossier_holder'", "i", period_id);
	json_t *funds = NULL;
	int frc = e ? LIA_EDB : store_funds_years(s, &funds);
	/* The money up to the period's last year: a report tells what was known then. */
	long long last_year = strtoll(ends_on ? ends_on : "9999", NULL, 10);
	for (size_t k = json_array_size(funds); funds && k-- > 0;)
		if (json_integer_value(json_object_get(json_array_get(funds, k), "year")) > last_year)
			json_array_remove(funds, k);
	if (!prev || !programme || !actions || !themes || !interviews || !group || !partners || !narratives || !survey ||
	    !events || !articles || !sources || !first || frc) {
		json_decref(events);
		json_decref(articles);
		json_decref(sources);
		json_decref(first);
		json_decref(period);
		json_decref(prev);
		json_decref(programme);
		json_decref(actions);
		json_decref(themes);
		json_decref(interviews);
		json_decref(group);
		json_decref(partners);
		json_decref(narratives);
		json_decref(survey);
		json_decref(funds);
		return LIA_EDB;
	}
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "period", period, "previous", prev,
	                 "programme", programme, "actions", actions, "themes", themes, "interviews", interviews,
	                 "project_group", group, "partners", partners, "narratives", narratives, "survey", survey,
	                 "funds", funds, "interview_holders", (json_int_t)holders);
	json_object_set_new(*out, "events", events);
	json_object_set_new(*out, "action_articles", articles);
	json_object_set_new(*out, "fund_sources", sources);
	json_object_set_new(*out, "first_report", first);
	return 0;
}
