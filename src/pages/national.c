/*
 * national: the national picture (see national.h). For now the route shows
 * the one municipality of this database (/national); a deployment with
 * several municipalities feeds national_picture every municipality's
 * summary, each read on a connection scoped to it, and shows it at /.
 */
#include "pages/national.h"

#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/vocab.h"
#include "store/national.h"

#include <stdio.h>
#include <string.h>

/* [{code, label, count}] for every code of a vocabulary list, counts from
 * the object counts ({code: n}); added to totals ({code: n}) too. */
static json_t *count_rows(const char *list, json_t *counts, json_t *totals, const char *lang)
{
	json_t *rows = json_array();
	const char *code;
	for (size_t i = 0; (code = vocab_code(list, i)); i++) {
		json_int_t n = json_integer_value(json_object_get(counts, code));
		json_array_append_new(rows, json_pack("{s:s, s:s, s:I}", "code", code, "label",
		                                      vocab_label(list, code, lang), "count", n));
		if (totals)
			json_object_set_new(totals, code, json_integer(json_integer_value(json_object_get(totals, code)) + n));
	}
	return rows;
}

/* A whole percentage of part in all (0 when all is 0). */
static json_int_t percent(json_int_t part, json_int_t all)
{
	return all > 0 ? (part * 100 + all / 2) / all : 0;
}

/* The survey's share of a phase: its phases are written with spaces
 * ("in uitvoering"), the programme's with underscores. -1 when not given. */
static json_int_t survey_share(json_t *survey, const char *phase)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(survey, "phases"), i, p) {
		const char *s = jstr(p, "phase");
		size_t k = 0;
		while (s[k] && phase[k] && (s[k] == phase[k] || (s[k] == ' ' && phase[k] == '_')))
			k++;
		if (!s[k] && !phase[k])
			return json_integer_value(json_object_get(p, "share_percent"));
	}
	return -1;
}

json_t *national_picture(json_t *items, json_t *survey, json_t *articles, const char *lang)
{
	json_t *list = json_array(), *status_total = json_object(), *health_total = json_object();
	json_t *phase_count = json_object();
	json_int_t addressed[31] = {0}, actions = 0, with_reports = 0, reports = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_t *m = json_object_get(it, "municipality"), *s = json_object_get(it, "summary");
		const char *slug = jstr(m, "slug");
		const char *phase = jstr(s, "phase");
		json_int_t n_reports = jnum(s, "reports");
		json_t *last = json_object_get(s, "last_reported");
		char href[160];
		snprintf(href, sizeof(href), "/%s%s", slug, *slug ? "/" : "");
		json_t *row = json_pack("{s:O, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:I, s:o, s:o, s:I, s:O, s:O}",
		                        "id", json_object_get(m, "id"), "name", jstr(m, "name"), "code", jstr(m, "code"),
		                        "href", href, "is_example", json_is_true(json_object_get(m, "is_example")),
		                        "phase", phase, "phase_label", vocab_label("programme_phase", phase, lang),
		                        "themes", (json_int_t)json_array_size(json_object_get(s, "themes")),
		                        "actions", jnum(s, "actions"),
		                        "by_status", count_rows("action_status", json_object_get(s, "by_status"), status_total, lang),
		                        "by_health", count_rows("health", json_object_get(s, "by_health"), health_total, lang),
		                        "reports", n_reports, "last_reported", last ? last : json_null(),
		                        "articles", json_object_get(s, "articles"));
		if (json_is_string(last))
			json_object_set_new(row, "last_reported_date", json_stringn(json_string_value(last), 10));
		json_array_append_new(list, row);
		json_object_set_new(phase_count, phase, json_integer(json_integer_value(json_object_get(phase_count, phase)) + 1));
		actions += jnum(s, "actions");
		reports += n_reports;
		with_reports += n_reports > 0;
		size_t k;
		json_t *a;
		json_array_foreach(json_object_get(s, "articles"), k, a) {
			json_int_t n = json_integer_value(a);
			if (n >= 5 && n <= 30)
				addressed[n]++;
		}
	}
	json_int_t count = (json_int_t)json_array_size(items);
	/* The phases here next to the survey's shares. */
	json_t *phases = json_array();
	const char *code;
	for (size_t k = 0; (code = vocab_code("programme_phase", k)); k++) {
		json_int_t n = json_integer_value(json_object_get(phase_count, code));
		json_int_t share = survey_share(survey, code);
		json_t *p = json_pack("{s:s, s:s, s:I, s:I}", "phase", code, "label", vocab_label("programme_phase", code, lang),
		                      "count", n, "percent", percent(n, count));
		json_object_set_new(p, "survey_percent", share >= 0 ? json_integer(share) : json_null());
		json_array_append_new(phases, p);
	}
	json_t *arts = json_array();
	json_t *a;
	json_array_foreach(articles, i, a) {
		json_int_t n = jnum(a, "number");
		if (n < 5 || n > 30)
			continue;
		json_array_append_new(arts, json_pack("{s:I, s:s, s:I, s:I}", "number", n, "title", jstr(a, "title"),
		                                      "count", addressed[n], "percent", percent(addressed[n], count)));
	}
	json_t *totals = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "municipalities", count, "with_reports", with_reports,
	                           "reports", reports, "actions", actions,
	                           "by_status", count_rows("action_status", status_total, NULL, lang),
	                           "by_health", count_rows("health", health_total, NULL, lang));
	json_decref(status_total);
	json_decref(health_total);
	json_decref(phase_count);
	return json_pack("{s:o, s:I, s:o, s:o, s:O, s:o}", "municipalities", list, "count", count, "totals", totals,
	                 "phases", phases, "survey", survey ? survey : json_null(), "articles", arts);
}

/* This database's one municipality, as the registry would list it. */
static json_t *this_municipality(json_t *summary)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:b}", "id", 1, "code", jstr(summary, "cbs_code"), "slug", "",
	                 "name", jstr(summary, "organisation"), "is_example",
	                 json_is_true(json_object_get(summary, "is_example")));
}

int page_national(struct req *r, struct resp *out)
{
	out->template = "national";
	out->title = TR(r->lang, N_("Local Inclusion Agendas in the Netherlands"));
	json_t *summary = NULL, *survey = NULL, *crpd = NULL;
	struct viewer v = {.lang = r->lang, .drafts = false, .now = r->now};
	int rc = store_published_summary(r->store, &summary);
	if (rc == LIA_ENOTFOUND) { /* no programme yet: an empty picture */
		rc = 0;
		summary = NULL;
	}
	if (rc == 0)
		rc = store_survey_latest(r->store, &survey);
	if (rc == 0)
		rc = store_crpd(r->store, &v, &crpd);
	if (rc != 0) {
		json_decref(summary);
		json_decref(survey);
		return rc;
	}
	json_t *items = json_array();
	if (summary)
		json_array_append_new(items, json_pack("{s:o, s:o}", "municipality", this_municipality(summary), "summary", summary));
	out->data = national_picture(items, survey, json_object_get(crpd, "items"), r->lang);
	json_decref(items);
	json_decref(survey);
	json_decref(crpd);
	return 0;
}
