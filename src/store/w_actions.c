/*
 * w_actions: writing action points and progress updates (see w_actions.h).
 * Each public write runs inside WITH_TX: it checks every reference first (so
 * a refusal names the field), writes, then audits the row before and after
 * in the same transaction (store/audited.h).
 */
#include "store/w_actions.h"

#include "core/err.h"
#include "store/audited.h"

#include <string.h>

#define SQL_IS_EXPERT "SELECT count(*) FROM person WHERE id = ? AND is_experience_expert = 1"

static int action_read(struct store *s, long long id, json_t **out);
static const struct audited_entity action_entity = {"action_point", action_read};
static const struct audited_entity update_entity = {"progress_update", store_update_raw};

static bool blank(const char *v)
{
	return !v || !*v;
}

static int action_read(struct store *s, long long id, json_t **out)
{
	return store_action_raw(s, id, out);
}

int store_action_raw(struct store *s, long long id, json_t **out)
{
	json_t *a = NULL;
	int rc = audited_found(db_row(s,
		"SELECT a.id, a.code, a.title, a.description, a.theme_id, a.dossier_holder_id,"
		" COALESCE(a.starts_on, '') AS starts_on, COALESCE(a.due_on, '') AS due_on, a.created_at,"
		" c.status, c.health"
		" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id WHERE a.id = ?", "i", id), &a);
	if (rc != 0)
		return rc;
	/* Plain arrays of ids: what the form and the audit log need. */
	json_t *partners = audited_column(db_rows(s, "SELECT organisation_id AS id FROM action_partner"
	                                             " WHERE action_point_id = ? ORDER BY organisation_id", "i", id), "id");
	json_t *articles = audited_column(db_rows(s, "SELECT article_number AS id FROM action_article"
	                                             " WHERE action_point_id = ? ORDER BY article_number", "i", id), "id");
	if (!partners || !articles) {
		json_decref(a);
		json_decref(partners);
		json_decref(articles);
		return LIA_EDB;
	}
	json_object_set_new(a, "partners", partners);
	json_object_set_new(a, "articles", articles);
	*out = a;
	return 0;
}

int store_update_raw(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s,
		"SELECT u.id, u.action_point_id, u.period_id, u.status, u.health, u.progress_md, u.health_cause,"
		" u.health_consequence, u.health_measures, u.holder_assessment, u.expert_assessment, u.author_id,"
		" u.expert_id, u.interview_id, u.created_at, r.name AS period, r.state AS period_state,"
		" a.code AS action_code, a.title AS action_title, a.dossier_holder_id, au.name AS author"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" JOIN action_point a ON a.id = u.action_point_id LEFT JOIN person au ON au.id = u.author_id"
		" WHERE u.id = ?", "i", id), out);
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
	if (!themes || !people || !orgs || !articles) {
		json_decref(themes);
		json_decref(people);
		json_decref(orgs);
		json_decref(articles);
		return LIA_EDB;
	}
	*out = json_pack("{s:o, s:o, s:o, s:o}", "theme_id", themes, "dossier_holder_id", people, "partners", orgs,
	                 "articles", articles);
	return 0;
}

int store_update_periods(struct store *s, json_t **out)
{
	return audited_list(db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM reporting_period"
	                               " WHERE state = 'open' ORDER BY seq DESC, id DESC", NULL), out);
}

/* Every reference of an action point exists and the dates are in order. */
static int action_check(struct store *s, long long id, const struct action_input *in, const char **field)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM action_point WHERE code = ? AND id <> ?", "ti",
	           audited_or_empty(in->code), id) > 0) {
		*field = "code";
		return LIA_ECONFLICT;
	}
	if (e)
		return LIA_EDB;
	if (blank(in->code) || blank(in->title)) {
		*field = blank(in->code) ? "code" : "title";
		return LIA_EINVAL;
	}
	int rc;
	if ((rc = audited_exists(s, "SELECT count(*) FROM theme WHERE id = ?", in->theme_id)) != 0) {
		*field = "theme_id";
		return rc;
	}
	if (in->dossier_holder_id &&
	    (rc = audited_exists(s, "SELECT count(*) FROM person WHERE id = ?", in->dossier_holder_id)) != 0) {
		*field = "dossier_holder_id";
		return rc;
	}
	if ((rc = audited_all_exist(s, "SELECT count(*) FROM organisation WHERE id = ?", in->partners, in->npartners))) {
		*field = "partners";
		return rc;
	}
	if ((rc = audited_all_exist(s, "SELECT count(*) FROM crpd_article WHERE number = ?", in->articles,
	                            in->narticles))) {
		*field = "articles";
		return rc;
	}
	if (!blank(in->starts_on) && !blank(in->due_on) && strcmp(in->due_on, in->starts_on) < 0) {
		*field = "due_on";
		return LIA_EINVAL;
	}
	return 0;
}

/* Replace the partners and articles of action point id. */
static int action_links(struct store *s, long long id, const struct action_input *in)
{
	if (db_exec(s, "DELETE FROM action_partner WHERE action_point_id = ?", "i", id) != 0 ||
	    db_exec(s, "DELETE FROM action_article WHERE action_point_id = ?", "i", id) != 0)
		return LIA_EDB;
	for (size_t i = 0; i < in->npartners; i++)
		if (db_exec(s, "INSERT OR IGNORE INTO action_partner (action_point_id, organisation_id) VALUES (?, ?)", "ii",
		            id, in->partners[i]) != 0)
			return LIA_EDB;
	for (size_t i = 0; i < in->narticles; i++)
		if (db_exec(s, "INSERT OR IGNORE INTO action_article (action_point_id, article_number) VALUES (?, ?)", "ii",
		            id, in->articles[i]) != 0)
			return LIA_EDB;
	return 0;
}

static int action_create_tx(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                            const char **field)
{
	int rc = action_check(s, 0, in, field);
	if (rc != 0)
		return rc;
	if (db_exec(s, "INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, starts_on,"
	               " due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	            "itttzttt", in->theme_id, in->code, in->title, audited_or_empty(in->description), in->dossier_holder_id,
	            audited_or_null(in->starts_on), audited_or_null(in->due_on), a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	rc = action_links(s, *id, in);
	return rc ? rc : audited_record(s, a, &action_entity, "create", *id, NULL, NULL);
}

int store_action_create(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                        const char **field)
{
	WITH_TX(s, action_create_tx(s, a, in, id, field));
}

struct action_edit {
	const struct action_input *in;
	const char **field;
};

static int action_edit_change(struct store *s, long long id, json_t *before, void *ctx)
{
	const struct action_edit *c = ctx;
	const struct action_input *in = c->in;
	int rc = action_check(s, id, in, c->field);
	if (rc == 0 && db_exec(s, "UPDATE action_point SET theme_id = ?, code = ?, title = ?, description = ?,"
	                          " dossier_holder_id = ?, starts_on = ?, due_on = ? WHERE id = ?",
	                       "itttztti", in->theme_id, in->code, in->title, audited_or_empty(in->description),
	                       in->dossier_holder_id, audited_or_null(in->starts_on), audited_or_null(in->due_on), id) != 0)
		rc = LIA_EDB;
	return rc ? rc : action_links(s, id, in);
}

int store_action_edit(struct store *s, const struct actor *a, long long id, const struct action_input *in,
                      const char **field)
{
	struct action_edit c = {in, field};
	WITH_TX(s, audited_update(s, a, &action_entity, "update", id, action_edit_change, &c));
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s && strcmp(s, *list) == 0)
			return true;
	return false;
}

/* The first reason an update cannot be written, with *field set; 0 if none. */
static int update_check(struct store *s, const struct update_input *in, const char **field)
{
	static const char *const statuses[] = {"niet_gestart", "in_voorbereiding", "in_uitvoering", "afgerond",
	                                       "doorlopend", "vervallen", NULL};
	static const char *const healths[] = {"groen", "oranje", "rood", "grijs", NULL};
	int rc = audited_exists(s, "SELECT count(*) FROM action_point WHERE id = ?", in->action_point_id);
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
	if (!one_of(in->status, statuses)) {
		*field = "status";
		return LIA_EINVAL;
	}
	if (!one_of(in->health, healths)) {
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
	if (in->author_id && (rc = audited_exists(s, "SELECT count(*) FROM person WHERE id = ?", in->author_id))) {
		*field = "author_id";
		return rc;
	}
	if (!blank(in->expert_assessment) && (rc = audited_exists(s, SQL_IS_EXPERT, in->expert_id))) {
		*field = "expert_assessment";
		return rc;
	}
	return 0;
}

static int update_insert(struct store *s, const struct actor *a, const struct update_input *in, long long *id,
                         const char **field)
{
	int rc = update_check(s, in, field);
	if (rc != 0)
		return rc;
	if (db_exec(s, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md,"
	               " health_cause, health_consequence, health_measures, holder_assessment, expert_assessment,"
	               " author_id, expert_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "iitttttttt" "zzt", in->action_point_id, in->period_id, in->status, in->health,
	            audited_or_empty(in->progress_md), audited_or_empty(in->health_cause),
	            audited_or_empty(in->health_consequence), audited_or_empty(in->health_measures),
	            audited_or_empty(in->holder_assessment), audited_or_empty(in->expert_assessment), in->author_id,
	            blank(in->expert_assessment) ? 0 : in->expert_id, a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return audited_record(s, a, &update_entity, "create", *id, NULL, NULL);
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
	WITH_TX(s, update_insert(s, a, in, id, field));
}

struct withdrawal {
	const struct actor *a;
	struct update_input in;
	long long *update_id;
	const char **field;
};

static int withdraw_change(struct store *s, long long id, json_t *before, void *ctx)
{
	struct withdrawal *w = ctx;
	return update_insert(s, w->a, &w->in, w->update_id, w->field);
}

int store_action_withdraw(struct store *s, const struct actor *a, long long action_id, long long period_id,
                          long long author_id, const char *reason, long long *update_id, const char **field)
{
	if (blank(reason)) {
		*field = "reason";
		return LIA_EINVAL;
	}
	struct withdrawal w = {a, {.action_point_id = action_id, .period_id = period_id, .status = "vervallen",
	                           .health = "grijs", .progress_md = reason, .holder_assessment = "",
	                           .author_id = author_id}, update_id, field};
	/* The action point's own audit trail shows it went from its old status to withdrawn. */
	WITH_TX(s, audited_update(s, a, &action_entity, "update", action_id, withdraw_change, &w));
}

struct assessment {
	long long expert_id;
	const char *text;
};

static int assess_change(struct store *s, long long id, json_t *before, void *ctx)
{
	const struct assessment *as = ctx;
	const char *ea = json_string_value(json_object_get(before, "expert_assessment"));
	const char *state = json_string_value(json_object_get(before, "period_state"));
	if ((ea && *ea) || !state || strcmp(state, "open") != 0)
		return LIA_ECONFLICT;
	int rc = audited_exists(s, SQL_IS_EXPERT, as->expert_id);
	if (rc == 0 && db_exec(s, "UPDATE progress_update SET expert_assessment = ?, expert_id = ? WHERE id = ?", "tii",
	                       as->text, as->expert_id, id) != 0)
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
	WITH_TX(s, audited_update(s, a, &update_entity, "update", id, assess_change, &as));
}
