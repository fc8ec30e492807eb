/*
 * figures: the numbers of a period's report, computed once from the store's
 * data (store/report.h): counts per status, health and theme, what changed
 * since the previous report, the money per year, the interviews. The
 * documents and the CSV/JSON downloads all read these, so they never differ.
 */
#include "report/report_internal.h"

#include "core/err.h"
#include "core/jsonget.h"
#include "core/mem.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "store/report.h"
#include "view/present.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Room for the counters of one vocabulary list (statuses, health): every
 * list counted here is shorter; figures checks that it is. */
#define CODES_MAX 16

/* What changed for one action point since the previous report. */
static const char *change_of(json_t *a, json_t *prev)
{
	if (!json_is_object(prev))
		return "first";
	const char *created = jstr(a, "created_at");
	if (strncmp(created, jstr(prev, "ends_on"), 10) > 0)
		return "new";
	const char *st = jstr(a, "status"), *pst = jstr(a, "prev_status");
	if (strcmp(st, pst) != 0) {
		if (strcmp(st, "afgerond") == 0)
			return "completed";
		if (strcmp(st, "vervallen") == 0)
			return "withdrawn";
		return "status_changed";
	}
	if (strcmp(jstr(a, "health"), jstr(a, "prev_health")) != 0)
		return "health_changed";
	return "unchanged";
}

/* What each change code of an action point since the previous report says. */
static const struct {
	const char *code, *text;
} change_texts[] = {
	{"new", N_("New since the previous report")},
	{"completed", N_("Completed since the previous report")},
	{"withdrawn", N_("Withdrawn since the previous report")},
	{"status_changed", N_("Status changed")},
	{"health_changed", N_("Health changed")},
	{"unchanged", N_("Unchanged")},
};

const char *report_change_text(const char *lang, const char *change)
{
	for (size_t i = 0; i < ARRAY_LEN(change_texts); i++)
		if (strcmp(change, change_texts[i].code) == 0)
			return TR(lang, change_texts[i].text);
	return TR(lang, N_("First report"));
}

static int index_of(const char *const *list, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], code) == 0)
			return i;
	return -1;
}

/* Every code of the vocabulary's list in its order, with its count. */
static json_t *count_list(const char *field, const char *list, const long long *counts, const char *lang)
{
	json_t *arr = json_array();
	const char *code;
	for (size_t i = 0; (code = vocab_code(list, i)); i++) {
		const char *label = present_label(field, code, lang);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I}", field, code, "label", label ? label : code,
		                                     "count", (json_int_t)counts[i]));
	}
	return arr;
}

/* The people a report names: only those who agreed to be named in
 * publications (the store leaves the others' names out and counts them);
 * for the others the report names their role. So the HTML, PDF, Markdown,
 * CSV and JSON of a report all name the same people. */
static void names_or_roles(json_t *d, const char *lang)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(d, "project_group"), i, x)
		if (!json_is_string(json_object_get(x, "name")))
			json_object_set_new(x, "name", json_string(TR(lang, N_("(name not published)"))));
	/* A dossier holder who is not named: '' from the store (NULL: no holder). */
	json_array_foreach(json_object_get(d, "actions"), i, x) {
		const char *h = json_string_value(json_object_get(x, "holder_name"));
		if (h && !*h)
			json_object_set_new(x, "holder_name", json_string(TR(lang, N_("(name not published)"))));
	}
	static const char *const names[] = {"municipal", "experts"}, *const unnamed[] = {"municipal_unnamed", "experts_unnamed"};
	json_array_foreach(json_object_get(d, "interviews"), i, x) {
		for (int k = 0; k < 2; k++) {
			const char *named = json_string_value(json_object_get(x, names[k]));
			long long n = json_integer_value(json_object_get(x, unnamed[k]));
			char role[128], text[1024];
			if (k == 0 && n == 1)
				snprintf(role, sizeof(role), "%s", TR(lang, N_("a municipal employee")));
			else if (k == 0)
				snprintf(role, sizeof(role), TR(lang, N_("%lld municipal employees")), n);
			else if (n == 1)
				snprintf(role, sizeof(role), "%s", TR(lang, N_("an expert by experience")));
			else
				snprintf(role, sizeof(role), TR(lang, N_("%lld experts by experience")), n);
			snprintf(text, sizeof(text), "%s%s%s", named ? named : "", named && n ? ", " : "", n ? role : "");
			json_object_set_new(x, names[k], json_string(text));
			json_object_del(x, unnamed[k]);
		}
	}
}

int report_figures(struct store *s, long long period_id, const char *lang, json_t **out)
{
	json_t *d = NULL;
	int rc = store_report_data(s, period_id, lang, &d);
	if (rc)
		return rc;
	names_or_roles(d, lang);
	json_t *prev = json_object_get(d, "previous");
	json_t *actions = json_object_get(d, "actions");
	json_t *themes = json_object_get(d, "themes");
	assert(vocab_count("action_status") <= CODES_MAX && vocab_count("health") <= CODES_MAX);
	long long st[CODES_MAX] = {0}, he[CODES_MAX] = {0};
	const int completed = vocab_index("action_status", "afgerond"), withdrawn = vocab_index("action_status", "vervallen");
	const int orange = vocab_index("health", "oranje"), red = vocab_index("health", "rood");
	assert(completed >= 0 && withdrawn >= 0 && orange >= 0 && red >= 0);
	long long changes[REPORT_NCHANGE] = {0};
	size_t nthemes = json_array_size(themes);
	json_t *per_theme = json_array();
	for (size_t t = 0; t < nthemes; t++) {
		json_t *th = json_array_get(themes, t);
		json_array_append_new(per_theme, json_pack("{s:O, s:O, s:I, s:I, s:I, s:I}", "id", json_object_get(th, "id"),
		                                           "name", json_object_get(th, "name"), "total", (json_int_t)0,
		                                           "completed", (json_int_t)0, "attention", (json_int_t)0,
		                                           "withdrawn", (json_int_t)0));
	}
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a) {
		const char *change = change_of(a, prev);
		json_object_set_new(a, "change", json_string(change));
		json_object_set_new(a, "change_label", json_string(report_change_text(lang, change)));
		/* present() labels "status" and "health"; the previous ones are labelled here. */
		const char *pl = present_label("status", jstr(a, "prev_status"), lang);
		const char *hl = present_label("health", jstr(a, "prev_health"), lang);
		json_object_set_new(a, "prev_status_label", json_string(pl ? pl : jstr(a, "prev_status")));
		json_object_set_new(a, "prev_health_label", json_string(hl ? hl : jstr(a, "prev_health")));
		int si = vocab_index("action_status", jstr(a, "status"));
		int hi = vocab_index("health", jstr(a, "health"));
		int ci = index_of(report_changes, REPORT_NCHANGE, change);
		if (si >= 0)
			st[si]++;
		if (hi >= 0)
			he[hi]++;
		if (ci >= 0)
			changes[ci]++;
		json_t *tid = json_object_get(a, "theme_id");
		for (size_t t = 0; t < nthemes; t++) {
			json_t *row = json_array_get(per_theme, t);
			if (json_equal(json_object_get(row, "id"), tid)) {
				json_object_set_new(row, "total", json_integer(json_integer_value(json_object_get(row, "total")) + 1));
				/* The same definitions as the summary: attention is health orange or red. */
				const char *keys[3] = {si == completed ? "completed" : NULL, si == withdrawn ? "withdrawn" : NULL,
				                       (hi == orange || hi == red) ? "attention" : NULL};
				for (int k = 0; k < 3; k++)
					if (keys[k])
						json_object_set_new(row, keys[k],
						                    json_integer(json_integer_value(json_object_get(row, keys[k])) + 1));
				break;
			}
		}
	}
	long long attention = he[orange] + he[red];
	json_t *ch = json_object();
	for (int c = 0; c < REPORT_NCHANGE; c++)
		json_object_set_new(ch, report_changes[c], json_integer(changes[c]));
	/* Interviews: how many, on how many themes, with how many dossier holders. */
	json_t *iv = json_object_get(d, "interviews");
	long long holders = json_integer_value(json_object_get(d, "interview_holders"));
	json_t *seen = json_object();
	json_array_foreach(iv, i, a)
		json_object_set_new(seen, jstr(a, "theme_name"), json_true());
	json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:I}",
		"total", (json_int_t)json_array_size(actions), "completed", (json_int_t)st[completed], "attention",
		(json_int_t)attention, "withdrawn", (json_int_t)st[withdrawn],
		"by_status", count_list("status", "action_status", st, lang),
		"by_health", count_list("health", "health", he, lang),
		"by_theme", per_theme, "changes", ch,
		"interviews", (json_int_t)json_array_size(iv), "interview_themes", (json_int_t)json_object_size(seen),
		"interview_holders", (json_int_t)holders);
	json_decref(seen);
	/* Money: totals over the years. */
	json_t *funds = json_object_get(d, "funds");
	json_int_t avail = 0, alloc = 0, spent = 0;
	json_array_foreach(funds, i, a) {
		avail += json_integer_value(json_object_get(a, "available_cents"));
		alloc += json_integer_value(json_object_get(a, "allocated_cents"));
		spent += json_integer_value(json_object_get(a, "spent_cents"));
	}
	json_object_set_new(d, "funds_total", json_pack("{s:I, s:I, s:I, s:I, s:I}", "available_cents", avail,
	                                                "allocated_cents", alloc, "spent_cents", spent,
	                                                "unallocated_cents", avail - alloc, "left_cents", avail - spent));
	json_object_set_new(d, "summary", summary);
	present(d, lang);
	*out = d;
	return 0;
}

const char *const report_changes[REPORT_NCHANGE] = {"first", "new", "completed", "withdrawn", "status_changed",
                                                    "health_changed", "unchanged"};
