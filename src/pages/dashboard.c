/*
 * dashboard: the programme at a glance. The resource holds the counts per
 * theme by status and by health, the funds per year and the latest period;
 * the HTML view adds two SVG charts drawn from the same numbers.
 */
#include "pages/pages.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "report/report.h"
#include "view/chart.h"
#include "view/present.h"

#include <string.h>

/* Series colours: each at least 3:1 against white, and white text on them at
 * least 4.5:1. Patterns (chart.c) tell them apart without colour. */
static const char *const status_colors[] = {"#5c5c5c", "#6b3fa0", "#1f5fa8", "#2d6a2d", "#00707a", "#8a4b1f"};
static const char *const health_colors[] = {"#2d6a2d", "#a35200", "#b3261e", "#5c5c5c"};

/* A chart of themes x (by_status | by_health), drawn from the resource. */
static void add_chart(struct req *r, json_t *dash, const char *id, const char *list, const char *field,
                      const char *const *colors, const char *title_key, const char *desc_key, json_t *extra)
{
	json_t *themes = json_object_get(dash, "themes");
	size_t nrows = json_array_size(themes);
	json_t *first = json_object_get(json_object_get(dash, "totals"), list);
	size_t nseries = json_array_size(first);
	if (nseries > CHART_MAX_SERIES)
		nseries = CHART_MAX_SERIES;
	const char **rows = arena_alloc(r->arena, (nrows + 1) * sizeof(*rows));
	long long *values = arena_zalloc(r->arena, (nrows * nseries + 1) * sizeof(*values));
	struct chart_series series[CHART_MAX_SERIES];
	for (size_t s = 0; s < nseries; s++) {
		const char *code = json_string_value(json_object_get(json_array_get(first, s), field));
		const char *label = present_label(field, code, r->lang);
		series[s].label = label ? label : code;
		series[s].color = colors[s];
	}
	for (size_t t = 0; t < nrows; t++) {
		json_t *theme = json_array_get(themes, t);
		rows[t] = json_string_value(json_object_get(theme, "name"));
		json_t *counts = json_object_get(theme, list);
		for (size_t s = 0; s < nseries; s++)
			values[t * nseries + s] = json_integer_value(json_object_get(json_array_get(counts, s), "count"));
	}
	struct chart c = {
		.id = id,
		.title = TR(r->lang, title_key),
		.desc = TR(r->lang, desc_key),
		.rows = rows, .nrows = nrows,
		.series = series, .nseries = nseries,
		.values = values,
	};
	struct buf svg = BUF_INIT;
	chart_stacked_bars(&c, &svg);
	json_object_set_new(extra, id, json_stringn(svg.data, svg.len));
	buf_free(&svg);
}

/* The key figures with their words in the singular or plural ("1 needs
 * attention", "3 need attention"): [{figure, words}]. */
static void add_key_figures(struct req *r, json_t *dash)
{
	json_t *t = json_object_get(dash, "totals");
	long long total = json_integer_value(json_object_get(t, "total"));
	long long done = json_integer_value(json_object_get(t, "completed"));
	long long attention = json_integer_value(json_object_get(t, "attention"));
	json_object_set_new(dash, "key_figures", json_pack("[{s:I, s:s}, {s:I, s:s}, {s:I, s:s}]",
		"figure", (json_int_t)total, "words",
		TRN(r->lang, "action point in total", "action points in total", total),
		"figure", (json_int_t)done, "words", TR(r->lang, N_("completed")),
		"figure", (json_int_t)attention, "words",
		TRN(r->lang, "needs attention or has a problem", "need attention or have a problem", attention)));
}

int page_dashboard(struct req *r, struct resp *out)
{
	struct viewer v = page_viewer(r);
	int rc = store_dashboard(r->store, &v, &out->data);
	if (rc == LIA_ENOTFOUND) {
		/* A new, empty database: say so plainly, not "page not found". */
		out->template = "empty";
		out->title = TR(r->lang, N_("There is no programme yet"));
		out->data = json_pack("{s:n, s:s}", "programme", "detail",
		                      TR(r->lang, N_("This database does not hold an action programme yet. When the coordinator has added one, you will find it here.")));
		return 0;
	}
	if (rc != 0)
		return rc;
	json_t *warnings = NULL;
	if ((rc = page_fund_warnings_open(r, &warnings)) != 0)
		return rc;
	add_key_figures(r, out->data);
	/* The money in words, as the report says it: extra money and a regular
	 * budget by their names, never all of it "extra". The rows stay out of the page. */
	const char *money = report_money_words(r->arena, out->data, r->lang, true);
	json_object_del(out->data, "fund_sources");
	if (money)
		json_object_set_new(out->data, "money_text", json_string(money));
	if (v.drafts) /* signed in: the open period counts too, which the public does not see yet */
		json_object_set_new(out->data, "drafts_note", json_string(TR(r->lang,
			N_("These figures include the open reporting period, which is not published yet. The public sees the figures of the published periods."))));
	json_object_set_new(out->data, "has_money_warnings", json_boolean(json_array_size(warnings) > 0));
	json_object_set_new(out->data, "money_warnings", warnings);
	if (r->user) { /* signed in: what this person still has to do comes first */
		json_t *work = NULL;
		if ((rc = page_my_work_data(r, &work)) != 0)
			return rc;
		json_object_set(out->data, "my_work", work);
	}
	out->template = "dashboard";
	out->title = TR(r->lang, N_("Overview"));
	if (r->want_json)
		return 0;
	json_t *extra = json_object();
	add_chart(r, out->data, "chart_status", "by_status", "status", status_colors,
	          N_("Action points per theme, by status"),
	          N_("Bar chart of the number of action points per theme, split by status. The same numbers are in the table below the chart."),
	          extra);
	add_chart(r, out->data, "chart_health", "by_health", "health", health_colors,
	          N_("Action points per theme, by health"),
	          N_("Bar chart of the number of action points per theme, split by health. The same numbers are in the table below the chart."),
	          extra);
	out->extra = extra;
	return 0;
}
