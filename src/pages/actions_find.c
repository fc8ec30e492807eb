/*
 * actions_find: the list of action points at /actions, narrowed by filters
 * that live in the address (?theme=2&status=in_uitvoering&overdue=1), so a
 * filtered list can be bookmarked, shared and used without JavaScript. A
 * value lia does not know is refused with a sentence that says what to do,
 * never ignored (a list that silently shows everything would mislead). The
 * resource says which filters are on, and in words how many were found; the
 * form's choices go to the HTML only (resp.extra). The same list, with the
 * same filters, is a CSV file for Dutch Excel at /actions/export.csv.
 */
#include "pages/pages.h"
#include "store/find.h"
#include "store/w_import_actions.h"

#include "core/buf.h"
#include "core/csvwrite.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "view/present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The filters in the order the form and the address show them. */
enum { F_THEME, F_STATUS, F_HEALTH, F_HOLDER, F_ARTICLE, F_OVERDUE, F_NEEDS_UPDATE, F_COUNT };

static const struct {
	const char *name;  /* the query argument */
	const char *label; /* msgid: what the filter is */
} filters[F_COUNT] = {
	[F_THEME] = {"theme", N_("Theme")},
	[F_STATUS] = {"status", N_("Status")},
	[F_HEALTH] = {"health", N_("Health")},
	[F_HOLDER] = {"holder", N_("Dossier holder")},
	[F_ARTICLE] = {"article", N_("Article of the UN Convention")},
	[F_OVERDUE] = {"overdue", N_("Overdue")},
	[F_NEEDS_UPDATE] = {"needs_update", N_("Still needs an update")},
};

/* A positive whole number, or 0. */
static long long positive(const char *s)
{
	char *end;
	if (!s || *s < '1' || *s > '9' || strlen(s) > 12)
		return 0;
	long long n = strtoll(s, &end, 10);
	return *end ? 0 : n;
}

/* The row of list whose `key` is n (borrowed), or NULL. */
static json_t *row_with(json_t *list, const char *key, long long n)
{
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row)
		if (json_integer_value(json_object_get(row, key)) == n)
			return row;
	return NULL;
}

/* Refuse filter f's value: 400 with a sentence naming the filter. */
static int refuse(struct req *r, struct resp *out, int f, const char *value)
{
	out->detail = arena_printf(r->arena,
		TR(r->lang, N_("The filter \"%s\" cannot be \"%.40s\". Choose a value from the list on the action points page, or leave the filter empty.")),
		TR(r->lang, filters[f].label), value);
	return LIA_EINVAL;
}

/* Read the address into f and the words of each chosen value into labels
 * (NULL where a filter is off). 0 or LIA_EINVAL with out->detail set. */
static int read_filters(struct req *r, struct resp *out, json_t *choices, struct action_filter *f,
                        const char *labels[F_COUNT])
{
	const char *val[F_COUNT];
	for (int i = 0; i < F_COUNT; i++) {
		val[i] = req_query(r, filters[i].name);
		if (val[i] && !*val[i])
			val[i] = NULL; /* "all" in the form sends an empty value */
		labels[i] = NULL;
	}
	json_t *row;
	if (val[F_THEME]) {
		if (!(f->theme_id = positive(val[F_THEME])) ||
		    !(row = row_with(json_object_get(choices, "themes"), "id", f->theme_id)))
			return refuse(r, out, F_THEME, val[F_THEME]);
		labels[F_THEME] = json_string_value(json_object_get(row, "name"));
	}
	if (val[F_STATUS]) {
		if (!vocab_has("action_status", val[F_STATUS]))
			return refuse(r, out, F_STATUS, val[F_STATUS]);
		f->status = val[F_STATUS];
		labels[F_STATUS] = vocab_label("action_status", f->status, r->lang);
	}
	if (val[F_HEALTH]) {
		if (!vocab_has("health", val[F_HEALTH]))
			return refuse(r, out, F_HEALTH, val[F_HEALTH]);
		f->health = val[F_HEALTH];
		labels[F_HEALTH] = vocab_label("health", f->health, r->lang);
	}
	if (val[F_HOLDER]) {
		if (!(f->holder_id = positive(val[F_HOLDER])) ||
		    !(row = row_with(json_object_get(choices, "holders"), "id", f->holder_id)))
			return refuse(r, out, F_HOLDER, val[F_HOLDER]);
		labels[F_HOLDER] = json_string_value(json_object_get(row, "name"));
	}
	if (val[F_ARTICLE]) {
		f->article = positive(val[F_ARTICLE]);
		if (f->article < 1 || f->article > 50)
			return refuse(r, out, F_ARTICLE, val[F_ARTICLE]);
		labels[F_ARTICLE] = arena_printf(r->arena, "%lld", f->article);
	}
	for (int i = F_OVERDUE; i <= F_NEEDS_UPDATE; i++) {
		if (!val[i])
			continue;
		if (strcmp(val[i], "1") != 0)
			return refuse(r, out, i, val[i]);
		labels[i] = TR(r->lang, N_("yes"));
	}
	f->overdue = labels[F_OVERDUE] != NULL;
	f->needs_update = labels[F_NEEDS_UPDATE] != NULL;
	if (f->needs_update && !r->user) {
		out->detail = TR(r->lang, N_("Only people who are signed in can see which action points still need an update. Sign in, or leave this filter out."));
		return LIA_EINVAL;
	}
	return 0;
}

/* The address `path` with every chosen filter except `skip` (-1: none). */
static const char *href_without(struct req *r, const char *path, const char *labels[F_COUNT], int skip)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, path);
	char sep = '?';
	for (int i = 0; i < F_COUNT; i++) {
		if (i == skip || !labels[i])
			continue;
		/* Every accepted value is a number, a vocabulary code or "1": nothing to escape. */
		const char *v = req_query(r, filters[i].name);
		buf_printf(&b, "%c%s=%s", sep, filters[i].name, v);
		sep = '&';
	}
	const char *s = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* [{value, label, selected}] of rows (key, name) for a select. */
static json_t *select_options(json_t *rows, const char *key, const char *name, long long chosen)
{
	json_t *opts = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		long long n = json_integer_value(json_object_get(row, key));
		const char *label = json_string_value(json_object_get(row, name));
		json_array_append_new(opts, json_pack("{s:I, s:s, s:b}", "value", (json_int_t)n, "label",
		                                      label ? label : "", "selected", n == chosen));
	}
	return opts;
}

/* The vocabulary's options of list with the chosen code marked. */
static json_t *vocab_select(const char *list, const char *lang, const char *chosen)
{
	json_t *opts = vocab_options(list, lang);
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o) {
		const char *code = json_string_value(json_object_get(o, "value"));
		json_object_set_new(o, "selected", json_boolean(chosen && code && strcmp(code, chosen) == 0));
	}
	return opts;
}

/* The form's choices (HTML only): the articles offer their number and title;
 * found says whether there is a table to draw. */
static json_t *form_choices(struct req *r, json_t *choices, const struct action_filter *f, bool found)
{
	json_t *articles = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(choices, "articles"), i, row) {
		long long n = json_integer_value(json_object_get(row, "number"));
		json_array_append_new(articles, json_pack("{s:I, s:s, s:b}", "value", (json_int_t)n, "label",
			arena_printf(r->arena, "%lld. %s", n, json_string_value(json_object_get(row, "title"))),
			"selected", n == f->article));
	}
	return json_pack("{s:b, s:{s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:b}}", "found", found, "filter",
		"themes", select_options(json_object_get(choices, "themes"), "id", "name", f->theme_id),
		"statuses", vocab_select("action_status", r->lang, f->status),
		"healths", vocab_select("health", r->lang, f->health),
		"holders", select_options(json_object_get(choices, "holders"), "id", "name", f->holder_id),
		"articles", articles,
		"overdue", f->overdue, "needs_update", f->needs_update, "offer_needs_update", r->user != NULL);
}

/* The filter's choices (owned by the request), the filters of the address
 * read against them, and the action points they find, row by row (*rows:
 * the caller's, *n of them); the list and its CSV export share this. 0 or
 * an error. */
static int find_actions(struct req *r, struct resp *out, const struct viewer *v, json_t **choices,
                        struct action_filter *f, const char **labels, struct store_action_rows **rows,
                        long long *n)
{
	int rc = store_action_filter_choices(r->store, v, choices);
	if (rc)
		return rc;
	req_own(r, *choices);
	if ((rc = read_filters(r, out, *choices, f, labels)) != 0)
		return rc;
	return store_actions_open(r->store, v, f, rows, n);
}

static int rows_next(void *ctx, struct row **row)
{
	return store_actions_next(ctx, row);
}

static void rows_close(void *ctx)
{
	store_actions_close(ctx);
}

int page_actions(struct req *r, struct resp *out)
{
	out->template = "actions";
	out->title = TR(r->lang, N_("Action points"));
	struct viewer v = page_viewer(r);
	json_t *choices = NULL;
	struct action_filter f = {0};
	const char *labels[F_COUNT];
	struct store_action_rows *rows = NULL;
	long long n = 0;
	int rc = find_actions(r, out, &v, &choices, &f, labels, &rows, &n);
	if (rc)
		return rc;
	/* The rows go from the statement to the page or its JSON as the answer
	 * is made (view.h, struct view_list): "items" stands for them. */
	json_t *items = n ? json_object() : json_array();
	if (n) {
		out->list = (struct view_list){"items", rows_next, rows};
		out->list_close = rows_close;
	} else {
		store_actions_close(rows);
	}
	json_t *chosen = json_array();
	for (int i = 0; i < F_COUNT; i++)
		if (labels[i])
			json_array_append_new(chosen, json_pack("{s:s, s:s, s:s, s:s}", "name", filters[i].name,
				"label", TR(r->lang, filters[i].label), "value", labels[i],
				"remove_href", href_without(r, "/actions", labels, i)));
	json_t *applied = json_pack("{s:o, s:s?, s:s?, s:o, s:o, s:b, s:b}",
		"theme", f.theme_id ? json_integer(f.theme_id) : json_null(), "status", f.status, "health", f.health,
		"holder", f.holder_id ? json_integer(f.holder_id) : json_null(),
		"article", f.article ? json_integer(f.article) : json_null(),
		"overdue", f.overdue, "needs_update", f.needs_update);
	const char *count_text = n == 1 ? TR(r->lang, N_("1 action point found"))
	                                : arena_printf(r->arena, TR(r->lang, N_("%zu action points found")), (size_t)n);
	out->data = json_pack("{s:o, s:I, s:s, s:o, s:o, s:b}", "items", items, "count", (json_int_t)n,
	                      "count_text", count_text, "filters", applied, "chosen", chosen,
	                      "filtered", json_array_size(chosen) > 0);
	out->extra = form_choices(r, choices, &f, n > 0);
	json_object_set_new(out->extra, "export_href", json_string(href_without(r, "/actions/export.csv", labels, -1)));
	json_object_set_new(out->extra, "can_import", json_boolean(page_role_at_least(r, PERM_COORDINATOR)));
	return 0;
}

/* The export's columns are the import's (store/w_import_actions.h): the
 * action point's number, then the order of the action point form, then what
 * only the progress updates change (status, health) and what follows from
 * them (overdue). Headers in the reader's language. So an exported file,
 * edited in a spreadsheet, can be imported again as it is. */

static void put_text(struct buf *b, json_t *row, const char *key, bool first)
{
	if (!first)
		csvwrite_sep(b);
	const char *v = json_string_value(json_object_get(row, key));
	csvwrite_text(b, v ? v : "", true);
}

/* The text of a row's field key, or "". */
static const char *field(const struct row *row, const char *key)
{
	const struct row_field *f = row_get(row, key);
	return f && f->type == ROW_TEXT ? f->s : "";
}

static void put_field(struct buf *b, const struct row *row, const char *key)
{
	csvwrite_sep(b);
	csvwrite_text(b, field(row, key), true);
}

/* One line per action point of rows, with its texts from `texts`. 0 or
 * LIA_EDB. */
static int export_csv(struct req *r, struct store_action_rows *rows, json_t *texts, struct buf *b)
{
	csvwrite_bom(b);
	for (size_t c = 0; c < ACOL_COUNT; c++) {
		if (c)
			csvwrite_sep(b);
		csvwrite_text(b, TR(r->lang, store_action_columns[c]), false);
	}
	csvwrite_eol(b);
	struct row *row;
	int got;
	while ((got = store_actions_next(rows, &row)) > 0) {
		const struct row_field *id = row_get(row, "id");
		const struct row_field *late = row_get(row, "is_overdue");
		char key[24];
		snprintf(key, sizeof(key), "%lld", id ? id->i : 0);
		json_t *t = json_object_get(texts, key);
		csvwrite_text(b, key, false);
		put_field(b, row, "code");
		put_field(b, row, "title");
		put_text(b, t, "description", false);
		put_field(b, row, "theme");
		put_field(b, row, "dossier_holder");
		put_field(b, row, "starts_on");
		put_field(b, row, "due_on");
		put_text(b, t, "articles", false);
		put_text(b, t, "partners", false);
		const struct row_field *status = row_get(row, "status"), *health = row_get(row, "health");
		csvwrite_sep(b);
		csvwrite_text(b, present_label("status", status && status->type == ROW_TEXT ? status->s : NULL, r->lang), false);
		csvwrite_sep(b);
		csvwrite_text(b, present_label("health", health && health->type == ROW_TEXT ? health->s : NULL, r->lang), false);
		csvwrite_sep(b);
		csvwrite_text(b, TR(r->lang, late && late->type == ROW_BOOL && late->i ? N_("yes") : N_("no")), false);
		csvwrite_eol(b);
	}
	return got < 0 ? LIA_EDB : 0;
}

int page_actions_export(struct req *r, struct resp *out)
{
	struct viewer v = page_viewer(r);
	json_t *choices = NULL, *texts = NULL;
	struct action_filter f = {0};
	const char *labels[F_COUNT];
	/* The texts first: the rows' statement stays open while they are read. */
	int rc = store_actions_texts(r->store, &texts);
	if (rc)
		return rc;
	req_own(r, texts);
	struct store_action_rows *rows = NULL;
	long long n = 0;
	if ((rc = find_actions(r, out, &v, &choices, &f, labels, &rows, &n)) != 0)
		return rc;
	struct buf b = BUF_INIT;
	rc = export_csv(r, rows, texts, &b);
	store_actions_close(rows);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	char *body = arena_alloc(r->arena, b.len + 1);
	memcpy(body, b.data, b.len);
	out->body = body;
	out->body_len = b.len;
	buf_free(&b);
	out->content_type = "text/csv; charset=utf-8";
	out->download = "lia-actiepunten.csv";
	out->cache_control = "no-store";
	return 0;
}
