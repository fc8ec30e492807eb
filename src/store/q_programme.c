/*
 * q_programme: the programme and its dashboard figures (action points per
 * theme by status and by health, the extra funds per year, the latest period).
 */
#include "store/db.h"
#include "store/funds.h"

#include "store/q_result.h"

#include "core/err.h"
#include "core/vocab.h"

#include <string.h>

int store_programme(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *p = db_row(s,
		"SELECT p.id, p.title, p.subtitle, p.start_year, p.end_year, p.adopted_on, p.lia_phase,"
		" p.description, p.is_example, o.name AS organisation, o.cbs_code"
		" FROM programme p JOIN organisation o ON o.id = p.organisation_id"
		" ORDER BY p.id LIMIT 1", NULL);
	int rc = q_found(p);
	if (rc != 0)
		return rc;
	*out = p;
	return 0;
}

/* Every code of the vocabulary's list, in display order, with a count of
 * zero: the dashboard lists all of them so tables and charts keep their shape. */
static json_t *count_list(const char *list, const char *field)
{
	json_t *arr = json_array();
	const char *code;
	for (size_t i = 0; (code = vocab_code(list, i)); i++)
		json_array_append_new(arr, json_pack("{s:s, s:i}", field, code, "count", 0));
	return arr;
}

static void count_add(json_t *list, const char *field, const char *code, json_int_t n)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (strcmp(json_string_value(json_object_get(e, field)), code) == 0) {
			json_object_set_new(e, "count", json_integer(json_integer_value(json_object_get(e, "count")) + n));
			return;
		}
	}
}

#define SQL_COUNTS(view) \
	"SELECT a.theme_id, c.status, c.health, count(*) AS n" \
	" FROM action_point a JOIN " view " c ON c.action_point_id = a.id" \
	" GROUP BY a.theme_id, c.status, c.health"
static const char *const sql_counts[2] = DB_STATE_SQL(SQL_COUNTS);

/* Per theme (and in total): counts by status and by health. */
static json_t *action_counts(struct store *s, const struct viewer *v, json_t **totals)
{
	json_t *themes = db_rows(s,
		"SELECT t.id, t.slug, CASE WHEN ? = 'en' THEN t.name_en ELSE t.name_nl END AS name"
		" FROM theme t ORDER BY t.position, t.id", "t", v->lang);
	json_t *counts = db_rows(s, sql_counts[DB_STATE(v)], NULL);
	if (!themes || !counts) {
		json_decref(themes);
		json_decref(counts);
		return NULL;
	}
	json_t *tot = json_pack("{s:i, s:o, s:o}", "total", 0,
	                        "by_status", count_list("action_status", "status"),
	                        "by_health", count_list("health", "health"));
	size_t i;
	json_t *t;
	json_array_foreach(themes, i, t) {
		json_object_set_new(t, "total", json_integer(0));
		json_object_set_new(t, "by_status", count_list("action_status", "status"));
		json_object_set_new(t, "by_health", count_list("health", "health"));
	}
	json_t *c;
	json_array_foreach(counts, i, c) {
		json_int_t tid = json_integer_value(json_object_get(c, "theme_id"));
		json_int_t n = json_integer_value(json_object_get(c, "n"));
		const char *st = json_string_value(json_object_get(c, "status"));
		const char *he = json_string_value(json_object_get(c, "health"));
		size_t j;
		json_array_foreach(themes, j, t) {
			if (json_integer_value(json_object_get(t, "id")) != tid)
				continue;
			json_object_set_new(t, "total", json_integer(json_integer_value(json_object_get(t, "total")) + n));
			count_add(json_object_get(t, "by_status"), "status", st, n);
			count_add(json_object_get(t, "by_health"), "health", he, n);
		}
		json_object_set_new(tot, "total", json_integer(json_integer_value(json_object_get(tot, "total")) + n));
		count_add(json_object_get(tot, "by_status"), "status", st, n);
		count_add(json_object_get(tot, "by_health"), "health", he, n);
	}
	json_decref(counts);
	/* The two figures the summary names: completed, and needing attention. */
	json_int_t completed = 0, attention = 0;
	json_array_foreach(json_object_get(tot, "by_status"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "status")), "afgerond") == 0)
			completed += json_integer_value(json_object_get(c, "count"));
	json_array_foreach(json_object_get(tot, "by_health"), i, c) {
		const char *h = json_string_value(json_object_get(c, "health"));
		if (strcmp(h, "oranje") == 0 || strcmp(h, "rood") == 0)
			attention += json_integer_value(json_object_get(c, "count"));
	}
	json_object_set_new(tot, "completed", json_integer(completed));
	json_object_set_new(tot, "attention", json_integer(attention));
	*totals = tot;
	return themes;
}

int store_dashboard(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *programme = NULL;
	int rc = store_programme(s, v, &programme);
	if (rc != 0)
		return rc;
	json_t *totals = NULL;
	json_t *themes = action_counts(s, v, &totals);
	json_t *funds = NULL;
	if (store_funds_years(s, &funds) != 0)
		funds = NULL;
	json_t *period = db_row(s,
		"SELECT id, seq, name, starts_on, ends_on, state, published_at,"
		" (SELECT count(*) FROM progress_update u WHERE u.period_id = p.id AND " DB_UPDATE_CURRENT("u") ") AS update_count"
		" FROM reporting_period p WHERE ? = 1 OR p.state = 'published' ORDER BY seq DESC LIMIT 1",
		"i", (long long)v->drafts);
	/* Each source by name (extra money apart from the regular budget), for the words about money. */
	json_t *sources = db_rows(s, "SELECT name, year, amount_cents FROM fund_source ORDER BY name, year", NULL);
	if (!themes || !funds || !period || !sources) {
		json_decref(sources);
		json_decref(programme);
		json_decref(themes);
		json_decref(totals);
		json_decref(funds);
		json_decref(period);
		return LIA_EDB;
	}
	*out = json_pack("{s:o, s:o, s:o, s:b, s:o, s:o}", "programme", programme, "totals", totals,
	                 "themes", themes, "has_funds", json_array_size(funds) > 0, "funds", funds,
	                 "latest_period", period);
	json_object_set_new(*out, "fund_sources", sources);
	return 0;
}
