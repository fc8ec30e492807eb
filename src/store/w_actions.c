/*
 * w_actions: writing action points and progress updates (see w_actions.h).
 * Each public write is a *_tx function run inside WITH_TX: it checks every
 * reference first (so a refusal names the field), writes, then audits the
 * row before and after in the same transaction.
 */
#include "store/w_actions.h"

#include "core/err.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Empty text binds NULL (optional dates). */
static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static bool exists(struct store *s, int *err, const char *sql, long long id)
{
	return db_int(s, err, 0, sql, "i", id) > 0;
}

int store_action_raw(struct store *s, long long id, json_t **out)
{
	json_t *a = db_row(s,
		"SELECT a.id, a.code, a.title, a.description, a.theme_id, a.dossier_holder_id,"
		" COALESCE(a.starts_on, '') AS starts_on, COALESCE(a.due_on, '') AS due_on, a.created_at,"
		" c.status, c.health"
		" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id WHERE a.id = ?", "i", id);
	if (!a)
		return LIA_EDB;
	if (json_is_null(a)) {
		json_decref(a);
		return LIA_ENOTFOUND;
	}
	json_t *partners = db_rows(s, "SELECT organisation_id AS id FROM action_partner WHERE action_point_id = ?"
	                              " ORDER BY organisation_id", "i", id);
	json_t *articles = db_rows(s, "SELECT article_number AS id FROM action_article WHERE action_point_id = ?"
	                              " ORDER BY article_number", "i", id);
	if (!partners || !articles) {
		json_decref(a);
		json_decref(partners);
		json_decref(articles);
		return LIA_EDB;
	}
	/* Plain arrays of ids: what the form and the audit log need. */
	json_t *pl = json_array(), *al = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(partners, i, row)
		json_array_append(pl, json_object_get(row, "id"));
	json_array_foreach(articles, i, row)
		json_array_append(al, json_object_get(row, "id"));
	json_decref(partners);
	json_decref(articles);
	json_object_set_new(a, "partners", pl);
	json_object_set_new(a, "articles", al);
	*out = a;
	return 0;
}

int store_update_raw(struct store *s, long long id, json_t **out)
{
	json_t *u = db_row(s,
		"SELECT u.id, u.action_point_id, u.period_id, u.status, u.health, u.progress_md, u.health_cause,"
		" u.health_consequence, u.health_measures, u.holder_assessment, u.expert_assessment, u.author_id,"
		" u.expert_id, u.interview_id, u.created_at, r.name AS period, r.state AS period_state,"
		" a.code AS action_code, a.title AS action_title, a.dossier_holder_id, au.name AS author"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" JOIN action_point a ON a.id = u.action_point_id LEFT JOIN person au ON au.id = u.author_id"
		" WHERE u.id = ?", "i", id);
	if (!u)
		return LIA_EDB;
	if (json_is_null(u)) {
		json_decref(u);
		return LIA_ENOTFOUND;
	}
	*out = u;
	return 0;
}

/* Rows of (value, label) with an integer value become [{value: "N", label}]. */
static json_t *as_options(json_t *rows)
{
	if (!rows)
		return NULL;
	json_t *opts = json_array();
	size_t i;
	json_t *row;
	char num[24];
	json_array_foreach(rows, i, row) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(row, "value")));
		json_array_append_new(opts, json_pack("{s:s, s:O}", "value", num, "label", json_object_get(row, "label")));
	}
	json_decref(rows);
	return opts;
}

int store_action_choices(struct store *s, const char *lang, json_t **out)
{
	json_t *themes = as_options(db_rows(s,
		"SELECT id AS value, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END AS label FROM theme"
		" ORDER BY position, id", "t", lang));
	json_t *people = as_options(db_rows(s,
		"SELECT p.id AS value, p.name || CASE WHEN o.name IS NULL THEN '' ELSE ' (' || o.name || ')' END AS label"
		" FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id ORDER BY p.name, p.id", NULL));
	json_t *orgs = as_options(db_rows(s, "SELECT id AS value, name AS label FROM organisation"
	                                     " WHERE kind <> 'national' ORDER BY name, id", NULL));
	json_t *articles = as_options(db_rows(s,
		"SELECT number AS value, number || '. ' || CASE WHEN ? = 'en' THEN title_en ELSE title_nl END AS label"
		" FROM crpd_article ORDER BY number", "t", lang));
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
	json_t *p = as_options(db_rows(s, "SELECT id AS value, name AS label FROM reporting_period"
	                                  " WHERE state = 'open' ORDER BY seq DESC, id DESC", NULL));
	if (!p)
		return LIA_EDB;
	*out = p;
	return 0;
}

/* Every reference of an action point exists and the dates are in order. */
static int action_check(struct store *s, long long id, const struct action_input *in, const char **field)
{
	int e = 0;
	if (db_int(s, &e, 0, "SELECT count(*) FROM action_point WHERE code = ? AND id <> ?", "ti", nz(in->code), id) > 0) {
		*field = "code";
		return LIA_ECONFLICT;
	}
	if (!*nz(in->code) || !*nz(in->title)) {
		*field = *nz(in->code) ? "title" : "code";
		return LIA_EINVAL;
	}
	if (!exists(s, &e, "SELECT count(*) FROM theme WHERE id = ?", in->theme_id)) {
		*field = "theme_id";
		return e ? LIA_EDB : LIA_EINVAL;
	}
	if (in->dossier_holder_id && !exists(s, &e, "SELECT count(*) FROM person WHERE id = ?", in->dossier_holder_id)) {
		*field = "dossier_holder_id";
		return e ? LIA_EDB : LIA_EINVAL;
	}
	for (size_t i = 0; i < in->npartners; i++)
		if (!exists(s, &e, "SELECT count(*) FROM organisation WHERE id = ?", in->partners[i])) {
			*field = "partners";
			return e ? LIA_EDB : LIA_EINVAL;
		}
	for (size_t i = 0; i < in->narticles; i++)
		if (!exists(s, &e, "SELECT count(*) FROM crpd_article WHERE number = ?", in->articles[i])) {
			*field = "articles";
			return e ? LIA_EDB : LIA_EINVAL;
		}
	if (or_null(in->starts_on) && or_null(in->due_on) && strcmp(in->due_on, in->starts_on) < 0) {
		*field = "due_on";
		return LIA_EINVAL;
	}
	return e ? LIA_EDB : 0;
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

/* Audit the action point as it is now, against before (NULL for a create). */
static int action_audit(struct store *s, const struct actor *a, const char *action, long long id, json_t *before)
{
	json_t *after = NULL;
	int rc = store_action_raw(s, id, &after);
	if (rc == 0)
		rc = db_audit(s, a, action, "action_point", id, before, after);
	json_decref(after);
	return rc;
}

static int action_create_tx(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                            const char **field)
{
	int rc = action_check(s, 0, in, field);
	if (rc != 0)
		return rc;
	if (db_exec(s, "INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, starts_on,"
	               " due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	            "itttzttt", in->theme_id, in->code, in->title, nz(in->description), in->dossier_holder_id,
	            or_null(in->starts_on), or_null(in->due_on), a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	rc = action_links(s, *id, in);
	return rc ? rc : action_audit(s, a, "create", *id, NULL);
}

int store_action_create(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                        const char **field)
{
	WITH_TX(s, action_create_tx(s, a, in, id, field));
}

static int action_edit_tx(struct store *s, const struct actor *a, long long id, const struct action_input *in,
                          const char **field)
{
	json_t *before = NULL;
	int rc = store_action_raw(s, id, &before);
	if (rc != 0)
		return rc;
	rc = action_check(s, id, in, field);
	if (rc == 0 && db_exec(s, "UPDATE action_point SET theme_id = ?, code = ?, title = ?, description = ?,"
	                          " dossier_holder_id = ?, starts_on = ?, due_on = ? WHERE id = ?",
	                       "itttztti", in->theme_id, in->code, in->title, nz(in->description),
	                       in->dossier_holder_id, or_null(in->starts_on), or_null(in->due_on), id) != 0)
		rc = LIA_EDB;
	if (rc == 0)
		rc = action_links(s, id, in);
	if (rc == 0)
		rc = action_audit(s, a, "update", id, before);
	json_decref(before);
	return rc;
}

int store_action_edit(struct store *s, const struct actor *a, long long id, const struct action_input *in,
                      const char **field)
{
	WITH_TX(s, action_edit_tx(s, a, id, in, field));
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s && strcmp(s, *list) == 0)
			return true;
	return false;
}

static int update_insert(struct store *s, const struct actor *a, const struct update_input *in, long long *id,
                         const char **field)
{
	static const char *const statuses[] = {"niet_gestart", "in_voorbereiding", "in_uitvoering", "afgerond",
	                                       "doorlopend", "vervallen", NULL};
	static const char *const healths[] = {"groen", "oranje", "rood", "grijs", NULL};
	int e = 0;
	if (!exists(s, &e, "SELECT count(*) FROM action_point WHERE id = ?", in->action_point_id))
		return e ? LIA_EDB : LIA_ENOTFOUND;
	json_t *p = db_row(s, "SELECT state FROM reporting_period WHERE id = ?", "i", in->period_id);
	if (!p)
		return LIA_EDB;
	const char *state = json_string_value(json_object_get(p, "state"));
	int rc = !state ? LIA_EINVAL : strcmp(state, "open") != 0 ? LIA_ECONFLICT : 0;
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
		*field = !*nz(in->health_cause) ? "health_cause" : !*nz(in->health_consequence) ? "health_consequence"
		       : !*nz(in->health_measures) ? "health_measures" : NULL;
		if (*field)
			return LIA_EINVAL;
	}
	if (in->author_id && !exists(s, &e, "SELECT count(*) FROM person WHERE id = ?", in->author_id)) {
		*field = "author_id";
		return e ? LIA_EDB : LIA_EINVAL;
	}
	if (*nz(in->expert_assessment) &&
	    !exists(s, &e, "SELECT count(*) FROM person WHERE id = ? AND is_experience_expert = 1", in->expert_id)) {
		*field = "expert_assessment";
		return e ? LIA_EDB : LIA_EINVAL;
	}
	if (db_exec(s, "INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md,"
	               " health_cause, health_consequence, health_measures, holder_assessment, expert_assessment,"
	               " author_id, expert_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "iitttttttt" "zzt", in->action_point_id, in->period_id, in->status, in->health, nz(in->progress_md),
	            nz(in->health_cause), nz(in->health_consequence), nz(in->health_measures),
	            nz(in->holder_assessment), nz(in->expert_assessment), in->author_id,
	            *nz(in->expert_assessment) ? in->expert_id : 0, a->now) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = NULL;
	rc = store_update_raw(s, *id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "create", "progress_update", *id, NULL, after);
	json_decref(after);
	return rc;
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

static int withdraw_tx(struct store *s, const struct actor *a, long long action_id, long long period_id,
                       long long author_id, const char *reason, long long *update_id, const char **field)
{
	if (!*nz(reason)) {
		*field = "reason";
		return LIA_EINVAL;
	}
	json_t *before = NULL;
	int rc = store_action_raw(s, action_id, &before);
	if (rc != 0)
		return rc;
	struct update_input in = {.action_point_id = action_id, .period_id = period_id, .status = "vervallen",
	                          .health = "grijs", .progress_md = reason, .holder_assessment = "",
	                          .author_id = author_id};
	rc = update_insert(s, a, &in, update_id, field);
	/* The action point's own audit trail shows it went from its old status to withdrawn. */
	if (rc == 0)
		rc = action_audit(s, a, "update", action_id, before);
	json_decref(before);
	return rc;
}

int store_action_withdraw(struct store *s, const struct actor *a, long long action_id, long long period_id,
                          long long author_id, const char *reason, long long *update_id, const char **field)
{
	WITH_TX(s, withdraw_tx(s, a, action_id, period_id, author_id, reason, update_id, field));
}

static int assess_tx(struct store *s, const struct actor *a, long long id, long long expert_id, const char *text,
                     const char **field)
{
	*field = "expert_assessment";
	if (!*nz(text))
		return LIA_EINVAL;
	json_t *before = NULL;
	int rc = store_update_raw(s, id, &before);
	if (rc != 0)
		return rc;
	int e = 0;
	const char *ea = json_string_value(json_object_get(before, "expert_assessment"));
	const char *state = json_string_value(json_object_get(before, "period_state"));
	if ((ea && *ea) || !state || strcmp(state, "open") != 0)
		rc = LIA_ECONFLICT;
	else if (!exists(s, &e, "SELECT count(*) FROM person WHERE id = ? AND is_experience_expert = 1", expert_id))
		rc = e ? LIA_EDB : LIA_EINVAL;
	else if (db_exec(s, "UPDATE progress_update SET expert_assessment = ?, expert_id = ? WHERE id = ?", "tii", text,
	                 expert_id, id) != 0)
		rc = LIA_EDB;
	json_t *after = NULL;
	if (rc == 0)
		rc = store_update_raw(s, id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "update", "progress_update", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_update_assess(struct store *s, const struct actor *a, long long id, long long expert_id,
                        const char *text, const char **field)
{
	WITH_TX(s, assess_tx(s, a, id, expert_id, text, field));
}
