/*
 * funds_export: every money table as a file, /funds/export/NAME.csv or
 * NAME.json. The CSV is written the way Dutch Excel and LibreOffice read it
 * without questions: UTF-8 with a byte order mark, ';' between fields, CRLF
 * line ends, amounts as plain numbers with a decimal comma (1234,56), dates
 * as YYYY-MM-DD, headers in the reader's language. Text that a spreadsheet
 * would take for a formula (= + - @ at the start) gets a leading apostrophe.
 * The JSON holds the same rows with amounts in integer cents.
 */
#include "pages/pages.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/csvwrite.h"
#include "core/err.h"
#include "core/i18n.h"
#include "store/funds.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

enum col_kind { COL_TEXT, COL_INT, COL_CENTS, COL_LABEL };

struct column {
	const char *key;
	const char *header;   /* msgid */
	enum col_kind kind;
	const char *fallback; /* msgid for an empty value, or NULL */
};

struct table {
	const char *name;
	const struct column *cols;
	size_t ncols;
};

#define COLS(a) (a), sizeof(a) / sizeof((a)[0])

/* The columns that mean the same in every table they stand in, once. */
#define C_ID {"id", N_("Record number"), COL_INT, NULL}
#define C_YEAR {"year", N_("Year"), COL_INT, NULL}
#define C_ALLOCATED {"allocated_cents", N_("Allocated"), COL_CENTS, NULL}
#define C_SPENT {"spent_cents", N_("Spent"), COL_CENTS, NULL}
#define C_LEFT {"left_cents", N_("Left"), COL_CENTS, NULL}
#define C_UNALLOCATED {"unallocated_cents", N_("Not allocated"), COL_CENTS, NULL}
#define C_NOTE {"note", N_("Note"), COL_TEXT, NULL}

static const struct column c_years[] = {
	C_YEAR,
	{"available_cents", N_("Available"), COL_CENTS, NULL},
	C_ALLOCATED, C_SPENT, C_UNALLOCATED, C_LEFT,
};
static const struct column c_themes[] = {
	{"name", N_("Theme"), COL_TEXT, N_("Not for one action point")},
	C_ALLOCATED, C_SPENT,
};
static const struct column c_purposes[] = {
	{"purpose", N_("Purpose"), COL_LABEL, N_("No purpose given")},
	C_ALLOCATED, C_SPENT,
};
static const struct column c_actions[] = {
	{"code", N_("Action point"), COL_TEXT, NULL},
	{"title", N_("Title"), COL_TEXT, NULL},
	{"theme_name", N_("Theme"), COL_TEXT, NULL},
	C_ALLOCATED, C_SPENT, C_LEFT,
};
static const struct column c_sources[] = {
	C_ID, C_YEAR,
	{"name", N_("Funding source"), COL_TEXT, NULL},
	{"amount_cents", N_("Available"), COL_CENTS, NULL},
	C_ALLOCATED, C_UNALLOCATED, C_NOTE,
};
static const struct column c_allocations[] = {
	C_ID,
	{"code", N_("Code"), COL_TEXT, NULL},
	C_YEAR,
	{"source_name", N_("Funding source"), COL_TEXT, NULL},
	{"action_code", N_("Action point"), COL_TEXT, NULL},
	{"action_title", N_("Title"), COL_TEXT, NULL},
	{"purpose", N_("Purpose"), COL_LABEL, NULL},
	{"allocated_on", N_("Date"), COL_TEXT, NULL},
	{"amount_cents", N_("Allocated"), COL_CENTS, NULL},
	C_SPENT, C_LEFT, C_NOTE,
};
static const struct column c_expenses[] = {
	C_ID,
	{"spent_on", N_("Date"), COL_TEXT, NULL},
	{"amount_cents", N_("Amount"), COL_CENTS, NULL},
	{"description", N_("Description"), COL_TEXT, NULL},
	{"reference", N_("Reference"), COL_TEXT, NULL},
	{"allocation_code", N_("Allocation"), COL_TEXT, NULL},
	{"allocation_id", N_("Allocation number"), COL_INT, NULL},
	C_YEAR,
};
static const struct column c_warnings[] = {
	{"kind", N_("Kind"), COL_LABEL, NULL},
	{"message", N_("Warning"), COL_TEXT, NULL},
	{"explanation", N_("Explanation"), COL_TEXT, NULL},
};

static const struct table tables[] = {
	{"years", COLS(c_years)},
	{"themes", COLS(c_themes)},
	{"purposes", COLS(c_purposes)},
	{"actions", COLS(c_actions)},
	{"sources", COLS(c_sources)},
	{"allocations", COLS(c_allocations)},
	{"expenses", COLS(c_expenses)},
	{"warnings", COLS(c_warnings)},
};

static void write_csv(struct req *r, const struct table *t, json_t *rows, struct buf *b)
{
	csvwrite_bom(b);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			csvwrite_sep(b);
		csvwrite_text(b, TR(r->lang, t->cols[c].header), false);
	}
	csvwrite_eol(b);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				csvwrite_sep(b);
			json_t *v = json_object_get(row, t->cols[c].key);
			switch (t->cols[c].kind) {
			case COL_CENTS:
				csvwrite_cents(b, (long long)json_integer_value(v));
				break;
			case COL_INT:
				if (json_is_integer(v))
					buf_printf(b, "%lld", (long long)json_integer_value(v));
				break;
			case COL_LABEL: {
				const char *code = json_string_value(v);
				const char *label = code ? present_label(t->cols[c].key, code, r->lang) : NULL;
				csvwrite_text(b, label ? label : code ? code : t->cols[c].fallback ? TR(r->lang, t->cols[c].fallback) : "", true);
				break;
			}
			case COL_TEXT:
				csvwrite_text(b, json_is_string(v) ? json_string_value(v)
				                 : t->cols[c].fallback ? TR(r->lang, t->cols[c].fallback) : "", true);
				break;
			}
		}
		csvwrite_eol(b);
	}
}

/* The rows of a table, owned by the request. */
static int rows_of(struct req *r, const char *name, json_t **rows)
{
	struct viewer v = page_viewer(r);
	json_t *d = NULL;
	int rc;
	if (strcmp(name, "expenses") == 0) {
		struct expense_filter f = {0};
		if ((rc = store_expenses(r->store, &f, &d)) != 0)
			return rc;
		*rows = json_object_get(req_own(r, d), "items");
	} else if (strcmp(name, "warnings") == 0) {
		if ((rc = store_fund_warnings(r->store, &v, 0, false, &d, NULL)) != 0)
			return rc;
		page_fund_warning_texts(r, req_own(r, d));
		*rows = d;
	} else {
		if ((rc = store_funds(r->store, &v, 0, &d)) != 0)
			return rc;
		*rows = json_object_get(req_own(r, d), name);
	}
	return 0;
}

int page_fund_export(struct req *r, struct resp *out)
{
	const char *file = r->params[0];
	const char *dot = strrchr(file, '.');
	const struct table *t = NULL;
	for (size_t i = 0; dot && i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strlen(tables[i].name) == (size_t)(dot - file) && strncmp(file, tables[i].name, (size_t)(dot - file)) == 0)
			t = &tables[i];
	bool csv = dot && strcmp(dot, ".csv") == 0, js = dot && strcmp(dot, ".json") == 0;
	if (!t || (!csv && !js)) {
		out->detail = TR(r->lang, N_("There is no such export. Choose one of the downloads on the money page, like years.csv or expenses.json."));
		return LIA_ENOTFOUND;
	}
	json_t *rows = NULL;
	int rc = rows_of(r, t->name, &rows);
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	if (csv) {
		write_csv(r, t, rows, &b);
		out->content_type = "text/csv; charset=utf-8";
	} else {
		present(rows, r->lang);
		char *s = json_dumps(rows, JSON_INDENT(1) | JSON_ENSURE_ASCII);
		buf_puts(&b, s ? s : "[]");
		buf_putc(&b, '\n');
		free(s);
		out->content_type = "application/json";
	}
	char *body = arena_alloc(r->arena, b.len + 1);
	memcpy(body, b.data, b.len);
	out->body = body;
	out->body_len = b.len;
	buf_free(&b);
	out->download = arena_printf(r->arena, "lia-%s", file);
	out->cache_control = "no-store";
	return 0;
}
