/*
 * q_people: the organisation around the programme (project group, partner
 * organisations) and the interviews. Only public fields: never e-mail,
 * phone, communication needs, or an interview's restricted notes.
 */
#include "store/db.h"
#include "store/q_result.h"

#include "core/err.h"

int store_organisation(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *members = db_rows(s,
		"SELECT p.id, " DB_SEEN_NAME("p") " AS name, " DB_SEEN("p", "job_title") " AS job_title,"
		" p.is_experience_expert, p.is_municipal, m.role, m.since, o.name AS organisation"
		" FROM project_member m JOIN person p ON p.id = m.person_id"
		" LEFT JOIN organisation o ON o.id = p.organisation_id"
		" ORDER BY CASE m.role WHEN 'voorzitter' THEN 0 WHEN 'coordinator' THEN 1 ELSE 2 END,"
		" " DB_UNSEEN("p") ", p.name", "iii", DB_NAMES(v), DB_NAMES(v), DB_NAMES(v));
	json_t *orgs = db_rows(s,
		"SELECT o.id, o.kind, o.name, o.cbs_code, o.website, o.description,"
		" (SELECT count(*) FROM action_partner ap WHERE ap.organisation_id = o.id) AS action_count,"
		" (SELECT count(*) FROM event_partner ep WHERE ep.organisation_id = o.id) AS event_count"
		" FROM organisation o ORDER BY CASE o.kind WHEN 'municipality' THEN 0 ELSE 1 END, o.name", NULL);
	if (Q_FAILED(members, orgs))
		return LIA_EDB;
	*out = json_pack("{s:o, s:o}", "project_group", members, "organisations", orgs);
	return 0;
}

int store_interviews(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT i.id, i.held_on, i.public_summary, i.theme_id,"
		" CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS theme,"
		" r.id AS period_id, r.name AS period"
		" FROM interview i JOIN theme t ON t.id = i.theme_id"
		" LEFT JOIN reporting_period r ON r.id = i.period_id"
		" WHERE ? = 1 OR r.state = 'published'"
		" ORDER BY i.held_on DESC, i.id DESC", "ti", v->lang, (long long)v->drafts);
	json_t *people = db_rows(s,
		"SELECT ip.interview_id, ip.role, p.id, " DB_SEEN_NAME("p") " AS name, o.name AS organisation"
		" FROM interview_participant ip JOIN person p ON p.id = ip.person_id"
		" LEFT JOIN organisation o ON o.id = p.organisation_id"
		" ORDER BY ip.interview_id, ip.role, " DB_UNSEEN("p") ", p.name", "ii", DB_NAMES(v), DB_NAMES(v));
	json_t *actions = db_rows(s,
		"SELECT ia.interview_id, a.id, a.code, a.title FROM interview_action ia"
		" JOIN action_point a ON a.id = ia.action_point_id ORDER BY ia.interview_id, a.code", NULL);
	if (Q_FAILED(rows, people, actions))
		return LIA_EDB;
	json_t *interviewers, *holders;
	q_split_participants(people, &interviewers, &holders);
	size_t i;
	json_t *gi = db_group(interviewers, "interview_id");
	json_t *gh = db_group(holders, "interview_id");
	json_t *ga = db_group(actions, "interview_id");
	db_attach(rows, "id", gi, "interviewers");
	db_attach(rows, "id", gh, "dossier_holders");
	db_attach(rows, "id", ga, "actions");
	json_t *r;
	json_array_foreach(rows, i, r)
		json_object_set_new(r, "dossier_holder_count",
		                    json_integer((json_int_t)json_array_size(json_object_get(r, "dossier_holders"))));
	json_decref(gi);
	json_decref(gh);
	json_decref(ga);
	json_decref(interviewers);
	json_decref(holders);
	json_decref(people);
	json_decref(actions);
	*out = rows;
	return 0;
}
