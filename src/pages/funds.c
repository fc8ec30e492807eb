/*
 * funds: the money page (per year, theme, purpose, action point; chart and
 * tables; warnings), one allocation with its expenses, and the list of
 * expenses. Public: how the extra money is used is public information.
 */
#include "pages/pages.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/money.h"
#include "report/report.h"
#include "store/funds.h"
#include "view/chart.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

#define WARNINGS_LISTED 50
#define EXPENSES_PER_PAGE 100

static const char *euros(struct req *r, json_t *o, const char *key)
{
	char tmp[48];
	money_format_nbsp((long long)json_integer_value(json_object_get(o, key)), r->lang, tmp, sizeof(tmp));
	return arena_strdup(r->arena, tmp);
}

/* A money amount written the way the sentence needs it (always positive). */
static const char *diff(struct req *r, long long a, long long b)
{
	char tmp[48];
	money_format_nbsp(a > b ? a - b : b - a, r->lang, tmp, sizeof(tmp));
	return arena_strdup(r->arena, tmp);
}

/* Dutch data inside a sentence in the reader's language is marked, so the
 * HTML can say its language (WCAG 3.1.2): \x01 starts it, \x02 ends it. */
static const char *nl(struct req *r, const char *s)
{
	char *t = arena_printf(r->arena, "\x01%s\x02", s);
	for (char *p = t + 1; p[1]; p++) /* the data itself never holds a marker */
		if (*p == '\x01' || *p == '\x02')
			*p = ' ';
	return t;
}

/* The sentence as plain text (markers removed) and as HTML (escaped, Dutch
 * parts in <span lang="nl">). */
static void set_message(struct req *r, json_t *w, const char *marked)
{
	struct buf plain = BUF_INIT, html = BUF_INIT;
	for (const char *p = marked; *p; p++) {
		const char *run = p;
		while (*p && *p != '\x01' && *p != '\x02')
			p++;
		buf_append(&plain, run, (size_t)(p - run));
		buf_html_escape(&html, run, (size_t)(p - run));
		if (!*p)
			break;
		buf_puts(&html, *p == '\x01' ? "<span lang=\"nl\">" : "</span>");
	}
	json_object_set_new(w, "message", json_string(buf_cstr(&plain)));
	json_object_set_new(w, "message_html", json_string(buf_cstr(&html)));
	buf_free(&plain);
	buf_free(&html);
}

/* A date in words in the reader's language ("12 januari 2024"). */
static const char *date_text(struct req *r, const char *iso)
{
	json_t *x = req_own(r, json_pack("{s:s}", "d_on", iso));
	present(x, r->lang);
	const char *t = json_string_value(json_object_get(x, "d_on_text"));
	return t ? t : iso;
}

void page_fund_warning_texts(struct req *r, json_t *warnings)
{
	size_t i;
	json_t *w;
	json_array_foreach(warnings, i, w) {
		const char *kind = jstr(w, "kind");
		const char *msg = "", *href = "/funds";
		if (strcmp(kind, "over_allocated") == 0) {
			msg = arena_printf(r->arena, TR(r->lang, N_("%s %lld: %s is allocated, but only %s is available. That is %s too much. Lower an allocation, or record the extra money in this source.")),
			                   nl(r, jstr(w, "source_name")), jnum(w, "year"), euros(r, w, "allocated_cents"),
			                   euros(r, w, "available_cents"), diff(r, jnum(w, "allocated_cents"), jnum(w, "available_cents")));
			href = arena_printf(r->arena, "/funds?year=%lld#sources-h", jnum(w, "year"));
		} else if (strcmp(kind, "overspent") == 0) {
			const char *code = jstr(w, "allocation_code");
			msg = arena_printf(r->arena, TR(r->lang, N_("Allocation %s (%s): %s is spent, but only %s is allocated. That is %s more. Raise the allocation, or check the expenses.")),
			                   *code ? code : arena_printf(r->arena, "%lld", jnum(w, "allocation_id")),
			                   nl(r, jstr(w, "allocation_label")), euros(r, w, "spent_cents"), euros(r, w, "amount_cents"),
			                   diff(r, jnum(w, "spent_cents"), jnum(w, "amount_cents")));
			href = arena_printf(r->arena, "/funds/allocations/%lld", jnum(w, "allocation_id"));
		} else if (strcmp(kind, "outside_year") == 0) {
			msg = arena_printf(r->arena, TR(r->lang, N_("The expense '%s' of %s is dated %s, but its money is from %lld. Check the date, or book it on an allocation of the right year.")),
			                   nl(r, jstr(w, "description")), euros(r, w, "amount_cents"), date_text(r, jstr(w, "spent_on")),
			                   jnum(w, "year"));
			href = arena_printf(r->arena, "/funds/allocations/%lld#expense-%lld", jnum(w, "allocation_id"),
			                    jnum(w, "expense_id"));
		} else if (strcmp(kind, "withdrawn_action") == 0) {
			msg = arena_printf(r->arena, TR(r->lang, N_("%s is allocated to action point %s (%s), which has been withdrawn. Release the money: lower the allocation to what was spent, or give it another purpose.")),
			                   euros(r, w, "amount_cents"), jstr(w, "action_code"), nl(r, jstr(w, "action_title")));
			href = arena_printf(r->arena, "/funds/allocations/%lld", jnum(w, "allocation_id"));
		}
		set_message(r, w, msg);
		json_object_set_new(w, "href", json_string(href));
		json_object_set_new(w, "explain_href", json_string(arena_printf(r->arena, "/funds/warnings/%s/%lld", kind,
		                                                                jnum(w, "subject_id"))));
		/* Who explained it is for the people who work on the programme, not the public. */
		if (!r->user)
			json_object_del(w, "explained_by");
		json_object_set_new(w, "is_explained", json_boolean(!json_is_null(json_object_get(w, "explanation")) &&
		                                                    json_object_get(w, "explanation")));
	}
}

int page_fund_warnings_open(struct req *r, json_t **out)
{
	struct viewer v = page_viewer(r);
	json_t *all = NULL, *counts = NULL;
	int rc = store_fund_warnings(r->store, &v, WARNINGS_LISTED, true, &all, &counts);
	if (rc)
		return rc;
	req_own(r, all);
	req_own(r, counts);
	json_t *open = json_array();
	size_t i;
	json_t *w;
	json_array_foreach(all, i, w)
		if (json_is_null(json_object_get(w, "explanation")))
			json_array_append(open, w);
	page_fund_warning_texts(r, open);
	*out = open;
	return 0;
}

/* The year in the query (?year=2024), 0 if none; LIA_EINVAL if not a year. */
static int year_of(struct req *r, struct resp *out, long long *year)
{
	const char *q = req_query(r, "year");
	*year = 0;
	if (!q || !*q)
		return 0;
	char *end;
	long long y = strtoll(q, &end, 10);
	if (*end || y < 2000 || y > 2100) {
		out->detail = TR(r->lang, N_("The year in the address must be a year like 2024."));
		return LIA_EINVAL;
	}
	*year = y;
	return 0;
}

/* Per year: spent, allocated but not spent, not allocated (view/chart.c). */
static void add_year_chart(struct req *r, json_t *years, json_t *extra)
{
	struct buf svg = BUF_INIT;
	chart_stacked_bars(chart_money_years(r->arena, years, r->lang, "chart_money"), &svg);
	json_object_set_new(extra, "chart_money", json_stringn(svg.data, svg.len));
	buf_free(&svg);
}

/* Years that are over: their money that was never allocated is called out. */
static json_t *mark_closed_years(struct req *r, json_t *years)
{
	long long now = strtoll(r->now, NULL, 10);
	json_t *notes = json_array();
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y) {
		bool closed = jnum(y, "year") < now;
		json_object_set_new(y, "is_closed", json_boolean(closed));
		if (closed && jnum(y, "unallocated_cents") > 0)
			json_array_append_new(notes, json_string(arena_printf(r->arena,
				TR(r->lang, N_("%lld is over: %s of that year's money was never allocated.")), jnum(y, "year"),
				euros(r, y, "unallocated_cents"))));
	}
	return notes;
}

static int by_name_then_year(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jstr(x, "name"), jstr(y, "name"));
	return c ? c : (jnum(x, "year") > jnum(y, "year")) - (jnum(x, "year") < jnum(y, "year"));
}

/* The sources shown (by year, then name) in the report's words, which want
 * them by name, then year: extra money and a regular budget each by its name
 * (report_money_words). In the request's arena; NULL when there are none. */
static const char *money_words(struct req *r, json_t *sources)
{
	size_t n = json_array_size(sources);
	if (!n)
		return NULL;
	json_t **rows = arena_alloc(r->arena, n * sizeof(*rows));
	for (size_t i = 0; i < n; i++)
		rows[i] = json_array_get(sources, i);
	qsort(rows, n, sizeof(*rows), by_name_then_year);
	json_t *sorted = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, rows[i]);
	json_t *fig = json_pack("{s:o}", "fund_sources", sorted);
	const char *words = report_money_words(r->arena, fig, r->lang, true);
	json_decref(fig);
	return words;
}

int page_funds(struct req *r, struct resp *out)
{
	long long year;
	int rc = year_of(r, out, &year);
	if (rc)
		return rc;
	struct viewer v = page_viewer(r);
	json_t *data = NULL, *warnings = NULL, *counts = NULL;
	if ((rc = store_funds(r->store, &v, year, &data)) != 0)
		return rc;
	out->data = data; /* released by the pipeline, also when this fails below */
	if ((rc = store_fund_warnings(r->store, &v, WARNINGS_LISTED, false, &warnings, &counts)) != 0)
		return rc;
	page_fund_warning_texts(r, warnings);
	const char *money = money_words(r, json_object_get(data, "sources"));
	if (money)
		json_object_set_new(data, "money_text", json_string(money));
	json_t *years = json_object_get(data, "years");
	json_t *notes = mark_closed_years(r, years);
	json_object_set_new(data, "has_closed_notes", json_boolean(json_array_size(notes) > 0));
	json_object_set_new(data, "closed_notes", notes);
	json_object_set_new(data, "has_warnings", json_boolean(json_array_size(warnings) > 0));
	json_object_set_new(data, "warnings", warnings);
	json_object_set_new(data, "warning_counts", counts);
	json_object_set_new(data, "has_funds", json_boolean(json_array_size(years) > 0));
	json_t *choices = json_array();
	size_t i;
	json_t *y;
	json_array_foreach(years, i, y)
		json_array_append_new(choices, json_pack("{s:I, s:b}", "year", (json_int_t)jnum(y, "year"), "selected",
		                                         jnum(y, "year") == year));
	json_object_set_new(data, "year_choices", choices);
	json_object_set_new(data, "has_year", json_boolean(year > 0));
	out->template = "funds";
	out->title = year ? arena_printf(r->arena, TR(r->lang, N_("Money in %lld")), year)
	                  : TR(r->lang, N_("Money"));
	if (r->want_json)
		return 0;
	json_t *extra = json_object();
	add_year_chart(r, years, extra);
	out->extra = extra;
	return 0;
}

int page_fund_allocation(struct req *r, struct resp *out)
{
	long long id;
	json_t *alloc = NULL, *expenses = NULL;
	int rc = page_record(r, out, store_allocation, N_("allocation"),
	                     N_("There is no allocation with this number. See the money page."), &id, &alloc);
	if (rc)
		return rc;
	out->data = alloc; /* released by the pipeline, also when this fails below */
	struct expense_filter f = {.allocation_id = id};
	if ((rc = store_expenses(r->store, &f, &expenses)) != 0)
		return rc;
	json_object_set_new(alloc, "expenses", expenses);
	out->template = "fund_allocation";
	const char *code = jstr(alloc, "code");
	out->title = arena_printf(r->arena, TR(r->lang, N_("Allocation %s")),
	                          *code ? code : arena_printf(r->arena, "%lld", id));
	return 0;
}

int page_fund_expenses(struct req *r, struct resp *out)
{
	long long year;
	int rc = year_of(r, out, &year);
	if (rc)
		return rc;
	const char *p = req_query(r, "page");
	char *end = NULL;
	long long page = p ? strtoll(p, &end, 10) : 1;
	if (page < 1 || page > 1000000 || (p && (!*p || *end))) {
		out->detail = TR(r->lang, N_("The page number in the address must be a whole number of 1 or more."));
		return LIA_EINVAL;
	}
	const char *outside = req_query(r, "outside_year");
	struct expense_filter f = {
		.year = year,
		.outside_year = outside && strcmp(outside, "1") == 0,
		.offset = (page - 1) * EXPENSES_PER_PAGE,
		.limit = EXPENSES_PER_PAGE,
	};
	json_t *data = NULL;
	if ((rc = store_expenses(r->store, &f, &data)) != 0)
		return rc;
	long long count = jnum(data, "count");
	long long pages = (count + EXPENSES_PER_PAGE - 1) / EXPENSES_PER_PAGE;
	const char *filter = arena_printf(r->arena, "%s%s", year ? arena_printf(r->arena, "&year=%lld", year) : "",
	                                  f.outside_year ? "&outside_year=1" : "");
	/* Not "page": that name is the layout's (title, path) and would hide it. */
	json_object_set_new(data, "page_number", json_integer(page));
	json_object_set_new(data, "pages", json_integer(pages ? pages : 1));
	json_object_set_new(data, "year", json_integer(year));
	json_object_set_new(data, "outside_year", json_boolean(f.outside_year));
	if (page > 1)
		json_object_set_new(data, "prev_href", json_string(arena_printf(r->arena, "/funds/expenses?page=%lld%s",
		                                                                page - 1, filter)));
	if (page < pages)
		json_object_set_new(data, "next_href", json_string(arena_printf(r->arena, "/funds/expenses?page=%lld%s",
		                                                                page + 1, filter)));
	out->data = data;
	out->template = "fund_expenses";
	out->title = year ? arena_printf(r->arena, TR(r->lang, N_("Expenses of %lld")), year)
	                  : TR(r->lang, N_("Expenses"));
	return 0;
}
