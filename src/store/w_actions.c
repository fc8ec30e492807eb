/*
 * w_actions: writing action points and progress updates (see w_actions.h).
 * Each write checks every reference first (so a refusal names the field),
 * writes, then audits the row before and after, all in one transaction
 * (db_write, store/write.c).
 */
#include "store/w_actions.h"

#include "core/err.h"
#include "core/vocab.h"
#include "store/db.h"

#include <assert.h>
#include <string.h>

#define SQL_IS_EXPERT "SELECT count(*) FROM person WHERE id = ? AND is_experience_expert = 1"

static bool blank(const char *v)
{
	return !v || !*v;
}

/* The action point as the forms and the audit log see it: its columns,
 * its current status, and its partners and articles as lists of numbers. */
static json_t *action_row(struct store *s, long long id)
{
	json_t *a = db_row(s,
		"SELECT a.id, a.code, a.title, a.description, a.theme_id, a.dossier_holder_id,"
		" COALESCE(a.starts_on, '') AS starts_on, COALESCE(a.due_on, '') AS due_on, a.created_at,"
		" c.status, c.health"
		" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id WHERE a.id = ?", "i", id);
	return DB_WITH_LISTS(s, a, id,
		{"partners", "SELECT organisation_id AS id FROM action_partner WHERE action_point_id = ? ORDER BY organisation_id"},
		{"articles", "SELECT article_number AS id FROM action_article WHERE action_point_id = ? ORDER BY article_number"});
}

static json_t *update_row(struct store *s, long long id)
{
	return db_row(s,
		"SELECT u.id, u.action_point_id, u.period_id, u.status, u.health, u.progress_md, u.health_cause,"
		" u.health_consequence, u.health_measures, u.holder_assessment, u.expert_assessment, u.author_id,"
		" u.expert_id, u.interview_id, u.created_at, u.corrects, u.corrected_part, u.corrected_by,"
		" r.name AS period, r.state AS period_state,"
		" a.code AS action_code, a.title AS action_title, a.dossier_holder_id, au.name AS author,"
		" CASE WHEN EXISTS (SELECT 1 FROM progress_update l WHERE l.action_point_id = u.action_point_id"
		"  AND l.period_id = u.period_id AND l.id > u.id) THEN 0 ELSE 1 END AS is_newest,"
		" CASE WHEN " DB_UPDATE_CURRENT("u") " THEN 1 ELSE 0 END AS is_current"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" JOIN action_point a ON a.id = u.action_point_id LEFT JOIN person au ON au.id = u.author_id"
		" WHERE u.id = ?", "i", id);
}

static const struct db_record action_record = {"action_point", action_row};
static const struct db_record update_record = {"progress_update", update_row};

int store_action_raw(struct store *s, long long id, json_t **out)
{
	return db_get(s, &action_record, id, out);
}

int store_update_raw(struct store *s, long long id, json_t **out)
{
	return db_get(s, &update_record, id, out);
}

int store_update_corrected_by(struct store *s, long long id, long long *by)
{
	/* Follow the chain to the current version (each version is corrected at
	 * most once: a unique index). */
	*by = 0;
	for (long long at = id, n = 0; n < 1000; n++) {
		int err = 0;
		long long next = db_int(s, &err, 0, "SELECT id FROM progress_update WHERE corrects = ?", "i", at);
		if (err)
			return LIA_EDB;
		if (!next)
			break;
		*by = at = next;
	}
	return 0;
}

int store_action_choices(struct store *s, const char *lang, json_t **out)
{
	/* Values as text: what a form submits and form_check compares. */
	json_t *themes = db_rows(s,
		"SELECT CAST(id AS TEXT) AS value, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS label FROM theme"
		" ORDER BY position, id", "t", lang);
	json_t *people = db_rows(s,
		"SELECT CAST(p.id AS TEXT) AS value,"
		" p.name || CASE WHEN o.name IS NULL THEN '' ELSE ' (' || o.name || ')' END AS label"
		" FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id ORDER BY p.name, p.id", NULL);
	json_t *orgs = db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM organisation"
	                          " WHERE kind <> 'national' ORDER BY name, id", NULL);
	json_t *articles = db_rows(s,
		"SELECT CAST(number AS TEXT) AS value,"
		" number || '. ' || CASE WHEN ? = 'en' THEN title_en ELSE title_nl END AS label"
		" FROM crpd_article ORDER BY number", "t", lang);
	if (DB_ALL_READ(&themes, &people, &orgs, &articles))
		return LIA_EDB;
	*out = json_pack("{s:o, s:o, s:o, s:o}", "theme_id", themes, "dossier_holder_id", people, "partners", orgs,
	                 "articles", articles);
	return 0;
}

int store_update_periods(struct store *s, json_t **out)
{
	*out = db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM reporting_period"
	                  " WHERE state = 'open' ORDER BY seq DESC, id DESC", NULL);
	return *out ? 0 : LIA_EDB;
}

/* Every reference of an action point exists and the dates are in order. */
static int action_check(struct store *s, long long id, const struct action_input *in, const char **field)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM action_point WHERE code = ? AND id <> ?", "ti",
	           db_or_empty(in->code), id) > 0) {
		*field = "code";
		return LIA_ECONFLICT;
	}
	if (e)
		return LIA_EDB;
	if (blank(in->code) || blank(in->title)) {
		*field = blank(in->code) ? "code" : "title";
		return LIA_EINVAL;
	}
	int rc = DB_REFS_EXIST(s, field,
		{"theme_id", "SELECT count(*) FROM theme WHERE id = ?", {&in->theme_id, 1}, false},
		{"dossier_holder_id", "SELECT count(*) FROM person WHERE id = ?",
		 {&in->dossier_holder_id, in->dossier_holder_id ? 1 : 0}, false}, /* optional */
		{"partners", "SELECT count(*) FROM organisation WHERE id = ?", {in->partners, in->npartners}, false},
		{"articles", "SELECT count(*) FROM crpd_article WHERE number = ?", {in->articles, in->narticles}, false});
	if (rc != 0)
		return rc;
	if (!blank(in->starts_on) && !blank(in->due_on) && strcmp(in->due_on, in->starts_on) < 0) {
		*field = "due_on";
		return LIA_EINVAL;
	}
	return 0;
}

/* Replace the partners and articles of action point id. */
static int action_links(struct store *s, long long id, const struct action_input *in)
{
	return DB_RELINK(s, id,
		{"DELETE FROM action_partner WHERE action_point_id = ?",
		 "INSERT INTO action_partner (action_point_id, organisation_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
		 {in->partners, in->npartners}},
		{"DELETE FROM action_article WHERE action_point_id = ?",
		 "INSERT INTO action_article (action_point_id, article_number) VALUES (?, ?) ON CONFLICT DO NOTHING",
		 {in->articles, in->narticles}});
}

static int action_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct action_input *in = arg;
	int rc = action_check(s, *id, in, field);
	if (rc != 0)
		return rc;
	if (*id == 0) {
		rc = db_exec(s, "INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, starts_on,"
		                " due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		             "itttzttt", in->theme_id, in->code, in->title, db_or_empty(in->description),
		             in->dossier_holder_id, db_or_null(in->starts_on), db_or_null(in->due_on), a->now);
		*id = rc ? 0 : db_last_id(s);
	} else {
		rc = db_exec(s, "UPDATE action_point SET theme_id = ?, code = ?, title = ?, description = ?,"
		                " dossier_holder_id = ?, starts_on = ?, due_on = ? WHERE id = ?",
		             "itttztti", in->theme_id, in->code, in->title, db_or_empty(in->description),
		             in->dossier_holder_id, db_or_null(in->starts_on), db_or_null(in->due_on), *id);
	}
	return rc ? LIA_EDB : action_links(s, *id, in);
}

int store_action_create(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                        const char **field)
{
	return db_create(s, a, &action_record, id, action_apply, in, field, NULL);
}

int store_action_edit(struct store *s, const struct actor *a, long long id, const struct action_input *in,
                      const char **field)
{
	return db_write(s, a, &action_record, &id, action_apply, in, field, NULL);
}

int store_action_put_in_tx(struct store *s, const struct actor *a, long long *id, const struct action_input *in,
                           const char **field)
{
	const char *why = NULL;
	*field = NULL;
	return db_write_in_tx(s, a, &action_record, id, action_apply, in, field, &why);
}

/* The first reason an update cannot be written, with *field set; 0 if none. */
static int update_check(struct store *s, const struct update_input *in, const char **field)
{
	int rc = db_ids_exist(s, "SELECT count(*) FROM action_point WHERE id = ?",
	                      (struct id_list){&in->action_point_id, 1});
	if (rc != 0)
		return rc == LIA_EINVAL ? LIA_ENOTFOUND : rc;
	json_t *p = db_row(s, "SELECT state FROM reporting_period WHERE id = ?", "i", in->period_id);
	if (!p)
		return LIA_EDB;
	const char *state = json_string_value(json_object_get(p, "state"));
	rc = !state ? LIA_EINVAL : strcmp(state, "open") != 0 ? LIA_ECONFLICT : 0;
	json_decref(p);
	if (rc != 0) {
		*field = "period_id";
		return rc;
	}
	if (!vocab_has("action_status", in->status)) {
		*field = "status";
		return LIA_EINVAL;
	}
	if (!vocab_has("health", in->health)) {
		*field = "health";
		return LIA_EINVAL;
	}
	if (strcmp(in->health, "oranje") == 0 || strcmp(in->health, "rood") == 0) {
		*field = blank(in->health_cause)         ? "health_cause"
		       : blank(in->health_consequence) ? "health_consequence"
		       : blank(in->health_measures)    ? "health_measures"
		                                       : NULL;
		if (*field)
			return LIA_EINVAL;
	}
	if (in->author_id &&
	    (rc = db_ids_exist(s, "SELECT count(*) FROM person WHERE id = ?", (struct id_list){&in->author_id, 1}))) {
		*field = "author_id";
		return rc;
	}
	if (!blank(in->expert_assessment) &&
	    (rc = db_ids_exist(s, SQL_IS_EXPERT, (struct id_list){&in->expert_id, 1}))) {
		*field = "expert_assessment";
		return rc;
	}
	return 0;
}

/* Append a progress update (create only: updates never change but for the
 * expert's assessment). */
static int update_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct update_input *in = arg;
	int rc = update_check(s, in, field);
	if (rc != 0)
		return rc;
	if (db_exec(s, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md,"
	               " health_cause, health_consequence, health_measures, holder_assessment, expert_assessment,"
	               " author_id, expert_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "iitttttttt" "zzt", in->action_point_id, in->period_id, in->status, in->health,
	            db_or_empty(in->progress_md), db_or_empty(in->health_cause), db_or_empty(in->health_consequence),
	            db_or_empty(in->health_measures), db_or_empty(in->holder_assessment),
	            db_or_empty(in->expert_assessment), in->author_id, blank(in->expert_assessment) ? 0 : in->expert_id,
	            a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return 0;
}

int store_update_create(struct store *s, const struct actor *a, const struct update_input *in, long long *id,
                        const char **field)
{
	/* Withdrawing (status vervallen) is the project group's decision, made
	 * through store_action_withdraw, never through an ordinary update. */
	if (in->status && strcmp(in->status, "vervallen") == 0) {
		*field = "status";
		return LIA_EINVAL;
	}
	return db_create(s, a, &update_record, id, update_apply, in, field, NULL);
}

struct withdrawal {
	struct update_input in;
	long long *update_id;
};

/* The action point's change is the update that withdraws it: append it and
 * audit its creation; db_write audits the action point going from its old
 * status to withdrawn. */
static int withdraw_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                          const char **field, const char **why)
{
	const struct withdrawal *w = arg;
	long long update_id = 0;
	int rc = update_apply(s, a, &w->in, NULL, &update_id, field, why);
	if (rc == 0)
		rc = db_audit_record(s, a, &update_record, "create", update_id, NULL, NULL);
	if (rc == 0)
		*w->update_id = update_id;
	return rc;
}

int store_action_withdraw(struct store *s, const struct actor *a, long long action_id, long long period_id,
                          long long author_id, const char *reason, long long *update_id, const char **field)
{
	if (blank(reason)) {
		*field = "reason";
		return LIA_EINVAL;
	}
	struct withdrawal w = {{.action_point_id = action_id, .period_id = period_id, .status = "vervallen",
	                        .health = "grijs", .progress_md = reason, .holder_assessment = "",
	                        .author_id = author_id}, update_id};
	return db_write(s, a, &action_record, &action_id, withdraw_apply, &w, field, NULL);
}

struct assessment {
	long long expert_id;
	const char *text;
};

/* Add the expert's assessment: once, while the period is open. */
static int assess_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct assessment *as = arg;
	*field = "expert_assessment";
	const char *ea = json_string_value(json_object_get(before, "expert_assessment"));
	const char *state = json_string_value(json_object_get(before, "period_state"));
	if ((ea && *ea) || !state || strcmp(state, "open") != 0)
		return LIA_ECONFLICT;
	/* A version its author has since corrected is not assessed: the
	 * current one is (the database refuses it too). */
	int err = 0;
	if (db_int(s, &err, 0, "SELECT count(*) FROM progress_update WHERE corrects = ?", "i", *id) != 0 || err) {
		return err ? LIA_EDB : LIA_ECONFLICT;
	}
	int rc = db_ids_exist(s, SQL_IS_EXPERT, (struct id_list){&as->expert_id, 1});
	if (rc == 0 && db_exec(s, "UPDATE progress_update SET expert_assessment = ?, expert_id = ? WHERE id = ?", "tii",
	                       as->text, as->expert_id, *id) != 0)
		rc = LIA_EDB;
	return rc;
}

int store_update_assess(struct store *s, const struct actor *a, long long id, long long expert_id,
                        const char *text, const char **field)
{
	*field = "expert_assessment";
	if (blank(text))
		return LIA_EINVAL;
	struct assessment as = {expert_id, text};
	return db_write(s, a, &update_record, &id, assess_apply, &as, field, NULL);
}

/* The first reason this person may not correct this version (old), with
 * *field and *why set; 0 if none. Only the author of the text corrects it,
 * only its newest version, only while the period is open, and a withdrawal
 * is the project group's decision, not a text to correct. */
static int correct_allowed(const struct correction_input *in, json_t *old, const char **field, const char **why)
{
	bool assessment = strcmp(in->part, "assessment") == 0;
	json_t *owner = json_object_get(old, assessment ? "expert_id" : "author_id");
	const char *state = json_string_value(json_object_get(old, "period_state"));
	*field = assessment ? "expert_assessment" : "progress_md";
	if (!json_is_integer(owner) || json_integer_value(owner) != in->person_id) {
		*why = "not_author";
		return LIA_EFORBIDDEN;
	}
	if (!state || strcmp(state, "open") != 0)
		*why = "published";
	else if (!json_is_true(json_object_get(old, "is_newest")))
		*why = "not_newest";
	else if (strcmp(json_string_value(json_object_get(old, "status")), "vervallen") == 0)
		*why = "withdrawal";
	else if (assessment && !*json_string_value(json_object_get(old, "expert_assessment")))
		*why = "no_assessment";
	else
		return 0;
	return LIA_ECONFLICT;
}

static const char *old_text(json_t *old, const char *key)
{
	const char *v = json_string_value(json_object_get(old, key));
	return v ? v : "";
}

/* Append the corrected version: the corrected part from in, everything else
 * as the old version has it; audit the old version as "correct". */
static int correct_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                         const char **field, const char **why)
{
	const struct correction_input *in = arg;
	json_t *old = update_row(s, in->update_id);
	if (!old)
		return LIA_EDB;
	if (json_is_null(old)) {
		json_decref(old);
		return LIA_ENOTFOUND;
	}
	bool assessment = strcmp(in->part, "assessment") == 0;
	struct update_input u = {
		.action_point_id = json_integer_value(json_object_get(old, "action_point_id")),
		.period_id = json_integer_value(json_object_get(old, "period_id")),
		.status = assessment ? old_text(old, "status") : in->status,
		.health = assessment ? old_text(old, "health") : in->health,
		.progress_md = assessment ? old_text(old, "progress_md") : in->progress_md,
		.health_cause = assessment ? old_text(old, "health_cause") : in->health_cause,
		.health_consequence = assessment ? old_text(old, "health_consequence") : in->health_consequence,
		.health_measures = assessment ? old_text(old, "health_measures") : in->health_measures,
		.holder_assessment = assessment ? old_text(old, "holder_assessment") : in->holder_assessment,
		/* A corrected update waits for the expert again: their assessment was
		 * of the earlier text (it stays in the history with that version). */
		.expert_assessment = assessment ? in->expert_assessment : "",
		.author_id = json_integer_value(json_object_get(old, "author_id")),
		.expert_id = assessment ? json_integer_value(json_object_get(old, "expert_id")) : 0,
	};
	int rc = correct_allowed(in, old, field, why);
	if (rc == 0 && (!u.status || strcmp(u.status, "vervallen") == 0)) {
		*field = "status";
		rc = LIA_EINVAL;
	}
	if (rc == 0 && assessment && blank(u.expert_assessment)) {
		*field = "expert_assessment";
		rc = LIA_EINVAL;
	}
	if (rc == 0)
		rc = update_check(s, &u, field);
	if (rc == 0 &&
	    db_exec(s, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md,"
	               " health_cause, health_consequence, health_measures, holder_assessment, expert_assessment,"
	               " author_id, expert_id, interview_id, created_at, corrects, corrected_part, corrected_by)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "iitttttttt" "zzzt" "iti", u.action_point_id, u.period_id, u.status, u.health,
	            db_or_empty(u.progress_md), db_or_empty(u.health_cause), db_or_empty(u.health_consequence),
	            db_or_empty(u.health_measures), db_or_empty(u.holder_assessment), db_or_empty(u.expert_assessment),
	            u.author_id, u.expert_id, (long long)json_integer_value(json_object_get(old, "interview_id")), a->now,
	            in->update_id, assessment ? "assessment" : "update", in->person_id) != 0)
		rc = LIA_EDB;
	if (rc == 0) {
		*id = db_last_id(s);
		json_t *extra = json_pack("{s:I}", "corrected_in", (json_int_t)*id);
		/* The audit log's actions are a fixed list (0001): the old version's
		 * entry is an "update" whose after says which row replaced it. */
		rc = db_audit_record(s, a, &update_record, "update", in->update_id, old, extra);
		json_decref(extra);
	}
	json_decref(old);
	return rc;
}

int store_update_correct(struct store *s, const struct actor *a, const struct correction_input *in, long long *id,
                         const char **field, const char **why)
{
	assert(in->part && (strcmp(in->part, "update") == 0 || strcmp(in->part, "assessment") == 0));
	return db_create(s, a, &update_record, id, correct_apply, in, field, why);
}

int store_update_versions(struct store *s, long long id, json_t **out)
{
	/* Every earlier version of update id, newest first: the chain of rows
	 * that id (through corrects) replaced. Bounded by the chain's length. */
	json_t *rows = json_array();
	long long at = id;
	for (int guard = 0; guard < 1000; guard++) {
		json_t *r = db_row(s,
			"SELECT o.id, o.status, o.health, o.progress_md, o.health_cause, o.health_consequence,"
			" o.health_measures, o.holder_assessment, o.expert_assessment, o.created_at,"
			" c.corrected_part, c.created_at AS corrected_at, cb.name AS corrected_by"
			" FROM progress_update c JOIN progress_update o ON o.id = c.corrects"
			" LEFT JOIN person cb ON cb.id = c.corrected_by WHERE c.id = ?", "i", at);
		if (!r) {
			json_decref(rows);
			return LIA_EDB;
		}
		if (json_is_null(r)) {
			json_decref(r);
			break;
		}
		at = json_integer_value(json_object_get(r, "id"));
		const char *part = json_string_value(json_object_get(r, "corrected_part"));
		json_object_set_new(r, "is_assessment_part", json_boolean(part && strcmp(part, "assessment") == 0));
		json_array_append_new(rows, r);
	}
	*out = rows;
	return 0;
}
