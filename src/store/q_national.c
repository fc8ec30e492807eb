/*
 * q_national: one municipality's published summary for the national
 * picture, and the national survey figures (see national.h). Everything
 * here reads what the public sees: action_point_published and published
 * periods only.
 */
#include "store/national.h"

#include "store/db.h"
#include "store/q_result.h"

#include "core/err.h"
#include "core/vocab.h"

/* {code: 0} for every code of a vocabulary list, then the counts of rows
 * ({key, n}) added. */
static json_t *counts(const char *list, json_t *rows, const char *key)
{
	json_t *o = json_object();
	const char *code;
	for (size_t i = 0; (code = vocab_code(list, i)); i++)
		json_object_set_new(o, code, json_integer(0));
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *c = json_string_value(json_object_get(r, key));
		if (c)
			json_object_set_new(o, c, json_integer(json_integer_value(json_object_get(r, "n"))));
	}
	return o;
}

int store_published_summary(struct store *s, json_t **out)
{
	json_t *prog = db_row(s, "SELECT o.name AS organisation, o.cbs_code, p.title, p.is_example, p.lia_phase AS phase"
	                         " FROM programme p JOIN organisation o ON o.id = p.organisation_id ORDER BY p.id LIMIT 1",
	                      NULL);
	int rc = q_found(prog);
	if (rc != 0)
		return rc;
	json_t *themes = db_rows(s, "SELECT slug, name_nl, name_en FROM theme ORDER BY position, id", NULL);
	json_t *latest = db_row(s, "SELECT id, seq, name, ends_on, published_at FROM reporting_period"
	                           " WHERE state = 'published' ORDER BY seq DESC LIMIT 1", NULL);
	json_t *by_status = db_rows(s, "SELECT status, count(*) AS n FROM action_point_published GROUP BY status", NULL);
	json_t *by_health = db_rows(s, "SELECT health, count(*) AS n FROM action_point_published GROUP BY health", NULL);
	json_t *articles = db_rows(s, "SELECT DISTINCT aa.article_number AS number FROM action_article aa"
	                              " JOIN action_point_published c ON c.action_point_id = aa.action_point_id"
	                              " WHERE c.update_id IS NOT NULL AND aa.article_number BETWEEN 5 AND 30"
	                              " ORDER BY aa.article_number", NULL);
	int e = 0;
	long long reports = db_int(s, &e, 0, "SELECT count(*) FROM reporting_period WHERE state = 'published'", NULL);
	long long actions = db_int(s, &e, 0, "SELECT count(*) FROM action_point", NULL);
	if (Q_FAILED(themes, latest, by_status, by_health, articles) || e) {
		json_decref(prog);
		return LIA_EDB;
	}
	json_t *numbers = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(articles, i, a)
		json_array_append(numbers, json_object_get(a, "number"));
	json_object_set_new(prog, "themes", themes);
	json_object_set_new(prog, "reports", json_integer(reports));
	json_object_set(prog, "last_reported", json_is_object(latest) ? json_object_get(latest, "published_at") : json_null());
	if (json_is_object(latest))
		json_object_del(latest, "published_at");
	json_object_set_new(prog, "as_of", latest);
	json_object_set_new(prog, "actions", json_integer(actions));
	json_object_set_new(prog, "by_status", counts("action_status", by_status, "status"));
	json_object_set_new(prog, "by_health", counts("health", by_health, "health"));
	json_object_set_new(prog, "articles", numbers);
	json_decref(by_status);
	json_decref(by_health);
	json_decref(articles);
	*out = prog;
	return 0;
}

int store_survey_latest(struct store *s, json_t **out)
{
	json_t *head = db_row(s, "SELECT round, year, respondents, source_note FROM lia_survey"
	                         " WHERE share_percent IS NOT NULL ORDER BY round DESC, phase = 'in uitvoering' DESC LIMIT 1", NULL);
	if (!head)
		return LIA_EDB;
	if (json_is_null(head)) {
		*out = head;
		return 0;
	}
	json_t *phases = db_rows(s, "SELECT phase, share_percent FROM lia_survey WHERE round = ?"
	                            " AND share_percent IS NOT NULL ORDER BY share_percent DESC, phase", "i",
	                         (long long)json_integer_value(json_object_get(head, "round")));
	if (!phases) {
		json_decref(head);
		return LIA_EDB;
	}
	json_object_set_new(head, "phases", phases);
	*out = head;
	return 0;
}
