/*
 * w_interviews: writing interviews with their participants and action points
 * (see w_interviews.h). The participants and action points of an interview
 * are replaced as a whole on every change; the audit entry holds the whole
 * interview before and after, restricted notes included (the audit log is
 * for the coordinator only).
 */
#include "store/w_interviews.h"

#include "core/err.h"
#include "store/db.h"
#include "store/q_result.h"

#include <string.h>

/* The people of an interview in one role (a code of the vocabulary's
 * "interview_role"), as text ids; and the statements that replace them. */
#define SQL_PARTICIPANTS(role) \
	"SELECT CAST(person_id AS TEXT) AS id FROM interview_participant" \
	" WHERE interview_id = ? AND role = '" role "' ORDER BY person_id"
#define RELINK_PARTICIPANTS(role) \
	"DELETE FROM interview_participant WHERE interview_id = ? AND role = '" role "'", \
	"INSERT INTO interview_participant (interview_id, person_id, role) VALUES (?, ?, '" role "')" \
	" ON CONFLICT DO NOTHING"

/* The interview as the audit log and the form see it: all columns and id lists. */
static json_t *interview_row(struct store *s, long long id)
{
	json_t *row = db_row(s, "SELECT i.id, i.programme_id, i.theme_id, i.period_id, i.held_on, i.public_summary,"
	                        " i.restricted_notes, i.created_at, r.state AS period_state"
	                        " FROM interview i LEFT JOIN reporting_period r ON r.id = i.period_id WHERE i.id = ?",
	                     "i", id);
	return DB_WITH_LISTS(s, row, id, {"municipal_ids", SQL_PARTICIPANTS("interviewer_municipal")},
		{"expert_ids", SQL_PARTICIPANTS("interviewer_expert")}, {"holder_ids", SQL_PARTICIPANTS("dossier_holder")},
		{"action_ids", "SELECT CAST(action_point_id AS TEXT) AS id FROM interview_action"
		               " WHERE interview_id = ? ORDER BY action_point_id"});
}

/* Check every reference and the duo rule. Returns 0, LIA_EINVAL/ECONFLICT with *field, or LIA_EDB. */
static int check_input(struct store *s, const struct interview_input *in, const char **field)
{
	int e = 0, rc;
	*field = "theme_id";
	if (db_int(s, &e, 0, "SELECT count(*) FROM theme WHERE id = ?", "i", in->theme_id) == 0)
		return e ? LIA_EDB : LIA_EINVAL;
	*field = "period_id";
	if (in->period_id) {
		json_t *p = db_row(s, "SELECT state FROM reporting_period WHERE id = ?", "i", in->period_id);
		if (!p)
			return LIA_EDB;
		rc = json_is_null(p) ? LIA_EINVAL
		     : strcmp(json_string_value(json_object_get(p, "state")), "open") != 0 ? LIA_ECONFLICT : 0;
		json_decref(p);
		if (rc)
			return rc;
	}
	*field = NULL;
	/* The duo: someone of the municipality and an experience expert; and
	 * at least one dossier holder. */
	return DB_REFS_EXIST(s, field,
		{"municipal_ids", "SELECT count(*) FROM person WHERE id = ? AND is_municipal = 1", in->municipal, true},
		{"expert_ids", "SELECT count(*) FROM person WHERE id = ? AND is_experience_expert = 1", in->experts, true},
		{"holder_ids", "SELECT count(*) FROM person WHERE id = ?", in->holders, true},
		{"action_ids", "SELECT count(*) FROM action_point WHERE id = ?", in->actions, false});
}

/* Replace the participants and action points of interview id with those of
 * in. A participant's role is part of its key, so each role's people are
 * replaced on their own. */
static int write_links(struct store *s, long long id, const struct interview_input *in)
{
	return DB_RELINK(s, id, {RELINK_PARTICIPANTS("interviewer_municipal"), in->municipal},
		{RELINK_PARTICIPANTS("interviewer_expert"), in->experts},
		{RELINK_PARTICIPANTS("dossier_holder"), in->holders},
		{"DELETE FROM interview_action WHERE interview_id = ?",
		 "INSERT INTO interview_action (interview_id, action_point_id) VALUES (?, ?) ON CONFLICT DO NOTHING", in->actions});
}

static const struct db_record interview_record = {"interview", interview_row};

/* The change itself (db_apply_fn). A published report never changes: its
 * interviews are frozen too. */
static int apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                 const char **field, const char **why)
{
	const struct interview_input *in = arg;
	const char *state = json_string_value(json_object_get(before, "period_state"));
	if (state && strcmp(state, "published") == 0) {
		*field = "period_id";
		return LIA_ECONFLICT;
	}
	int rc = check_input(s, in, field);
	if (rc)
		return rc;
	if (!*id) {
		long long programme = db_programme(s);
		if (!programme ||
		    db_exec(s, "INSERT INTO interview (programme_id, theme_id, period_id, held_on, public_summary,"
		               " restricted_notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		            "iizttt" "t", programme, in->theme_id, in->period_id, in->held_on,
		            db_or_empty(in->public_summary), db_or_empty(in->restricted_notes), a->now) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
	} else if (db_exec(s, "UPDATE interview SET theme_id = ?, period_id = ?, held_on = ?, public_summary = ?,"
	                      " restricted_notes = CASE WHEN ? = 1 THEN restricted_notes ELSE ? END WHERE id = ?",
	                   "izttiti", in->theme_id, in->period_id, in->held_on, db_or_empty(in->public_summary),
	                   (long long)in->keep_notes, db_or_empty(in->restricted_notes), *id) != 0) {
		return LIA_EDB;
	}
	return write_links(s, *id, in);
}

int store_interview_create(struct store *s, const struct actor *a, const struct interview_input *in,
                           const char **field, long long *id)
{
	return db_create(s, a, &interview_record, id, apply, in, field, NULL);
}

int store_interview_update(struct store *s, const struct actor *a, long long id,
                           const struct interview_input *in, const char **field)
{
	return db_write(s, a, &interview_record, &id, apply, in, field, NULL);
}

int store_interview_get(struct store *s, const struct viewer *v, long long id, bool restricted, json_t **out)
{
	json_t *row = db_row(s,
		"SELECT i.id, i.theme_id, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS theme,"
		" i.period_id, r.name AS period, r.state AS period_state, i.held_on, i.public_summary,"
		" i.restricted_notes, i.created_at"
		" FROM interview i JOIN theme t ON t.id = i.theme_id LEFT JOIN reporting_period r ON r.id = i.period_id"
		" WHERE i.id = ? AND (? = 1 OR r.state = 'published')",
		"tii", v->lang, id, (long long)v->drafts);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	if (!restricted)
		json_object_del(row, "restricted_notes");
	json_t *people = db_rows(s,
		"SELECT ip.role, p.id, " DB_SEEN_NAME("p") " AS name, o.name AS organisation FROM interview_participant ip"
		" JOIN person p ON p.id = ip.person_id LEFT JOIN organisation o ON o.id = p.organisation_id"
		" WHERE ip.interview_id = ? ORDER BY ip.role, " DB_UNSEEN("p") ", p.name", "iii", DB_NAMES(v), id,
		DB_NAMES(v));
	json_t *actions = db_rows(s,
		"SELECT a.id, a.code, a.title FROM interview_action ia JOIN action_point a ON a.id = ia.action_point_id"
		" WHERE ia.interview_id = ? ORDER BY a.code", "i", id);
	json_t *ids = interview_row(s, id);
	if (DB_ALL_READ(&row, &people, &actions, &ids))
		return LIA_EDB;
	json_t *interviewers, *holders;
	q_split_participants(people, &interviewers, &holders);
	json_object_set_new(row, "interviewers", interviewers);
	json_object_set_new(row, "dossier_holders", holders);
	json_object_set_new(row, "actions", actions);
	static const char *const keys[] = {"municipal_ids", "expert_ids", "holder_ids", "action_ids"};
	for (int k = 0; k < 4; k++)
		json_object_set(row, keys[k], json_object_get(ids, keys[k]));
	json_decref(ids);
	json_decref(people);
	*out = row;
	return 0;
}

/* Rows of {value, label} from a query whose columns are named so. */
static json_t *options(struct store *s, const char *sql, const char *types, const char *lang)
{
	return types ? db_rows(s, sql, types, lang) : db_rows(s, sql, NULL);
}

int store_interview_choices(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *themes = options(s, "SELECT CAST(id AS TEXT) AS value, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END"
	                            " AS label FROM theme ORDER BY position, id", "t", v->lang);
	json_t *periods = options(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM reporting_period"
	                             " WHERE state = 'open' ORDER BY seq", NULL, NULL);
	json_t *municipal = options(s, "SELECT CAST(p.id AS TEXT) AS value, p.name ||"
	                               " COALESCE(' (' || o.name || ')', '') AS label FROM person p"
	                               " LEFT JOIN organisation o ON o.id = p.organisation_id"
	                               " WHERE p.is_municipal = 1 ORDER BY p.name", NULL, NULL);
	json_t *experts = options(s, "SELECT CAST(p.id AS TEXT) AS value, p.name ||"
	                             " COALESCE(' (' || o.name || ')', '') AS label FROM person p"
	                             " LEFT JOIN organisation o ON o.id = p.organisation_id"
	                             " WHERE p.is_experience_expert = 1 ORDER BY p.name", NULL, NULL);
	/* Dossier holders: everyone who holds an action point, and municipal staff. */
	json_t *holders = options(s, "SELECT CAST(p.id AS TEXT) AS value, p.name ||"
	                             " COALESCE(' (' || o.name || ')', '') AS label FROM person p"
	                             " LEFT JOIN organisation o ON o.id = p.organisation_id"
	                             " WHERE p.is_municipal = 1 OR p.id IN (SELECT dossier_holder_id FROM action_point)"
	                             " ORDER BY p.name", NULL, NULL);
	json_t *actions = db_rows(s, "SELECT a.theme_id, CAST(a.id AS TEXT) AS value, a.code || ': ' || a.title AS label"
	                             " FROM action_point a JOIN theme t ON t.id = a.theme_id ORDER BY t.position, a.code", NULL);
	json_t *groups = db_rows(s, "SELECT id AS theme_id, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS theme"
	                            " FROM theme ORDER BY position, id", "t", v->lang);
	if (DB_ALL_READ(&themes, &periods, &municipal, &experts, &holders, &actions, &groups))
		return LIA_EDB;
	json_t *g = db_group(actions, "theme_id");
	db_attach(groups, "theme_id", g, "actions");
	json_decref(g);
	json_decref(actions);
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "themes", themes, "periods", periods, "municipal", municipal,
	                 "experts", experts, "holders", holders, "action_groups", groups);
	return 0;
}
