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
 * ({key, n}) added up. */
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
		json_t *have = c ? json_object_get(o, c) : NULL;
		if (have)
			json_object_set_new(o, c, json_integer(json_integer_value(have) + json_integer_value(json_object_get(r, "n"))));
	}
	return o;
}

/* Four queries: each is a round trip on PostgreSQL, and the national page
 * reads one summary per municipality. */
int store_published_summary(struct store *s, json_t **out)
{
	json_t *prog = db_row(s, "SELECT o.name AS organisation, o.cbs_code, p.title, p.is_example, p.lia_phase AS phase,"
	                         " (SELECT count(*) FROM action_point) AS actions,"
	                         " (SELECT count(*) FROM reporting_period WHERE state = 'published') AS reports,"
	                         " (SELECT max(seq) FROM reporting_period WHERE state = 'published') AS latest_seq"
	                         " FROM programme p JOIN organisation o ON o.id = p.organisation_id ORDER BY p.id LIMIT 1",
	                      NULL);
	int rc = q_found(prog);
	if (rc != 0)
		return rc;
	json_t *themes = db_rows(s, "SELECT slug, name_nl, name_en FROM theme ORDER BY position, id", NULL);
	json_t *states = db_rows(s, "SELECT status, health, count(*) AS n FROM action_point_published"
	                            " GROUP BY status, health", NULL);
	/* The latest published period, then the articles 5-30 of the action
	 * points that are in a published report. */
	json_t *latest = db_row(s, "SELECT id, seq, name, ends_on, published_at FROM reporting_period"
	                           " WHERE state = 'published' AND seq = ?", "i",
	                        (long long)json_integer_value(json_object_get(prog, "latest_seq")));
	json_t *articles = db_rows(s, "SELECT DISTINCT aa.article_number AS number FROM action_article aa"
	                              " JOIN action_point_published c ON c.action_point_id = aa.action_point_id"
	                              " WHERE c.update_id IS NOT NULL AND aa.article_number BETWEEN 5 AND 30"
	                              " ORDER BY aa.article_number", NULL);
	if (Q_FAILED(themes, states, latest, articles)) {
		json_decref(prog);
		return LIA_EDB;
	}
	json_object_del(prog, "latest_seq");
	json_t *numbers = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(articles, i, a)
		json_array_append(numbers, json_object_get(a, "number"));
	json_object_set_new(prog, "themes", themes);
	json_object_set(prog, "last_reported", json_is_object(latest) ? json_object_get(latest, "published_at") : json_null());
	if (json_is_object(latest))
		json_object_del(latest, "published_at");
	json_object_set_new(prog, "as_of", latest);
	json_object_set_new(prog, "by_status", counts("action_status", states, "status"));
	json_object_set_new(prog, "by_health", counts("health", states, "health"));
	json_object_set_new(prog, "articles", numbers);
	json_decref(states);
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
