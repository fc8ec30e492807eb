/*
 * import_funds: importing expenses from the financial system (CSV), in two
 * steps. Upload: the file is checked and kept, and the browser goes to its
 * preview. Preview: what will be added, what is a duplicate, what is wrong
 * (line by line, with how to fix it), and which columns were used for what.
 * Import: all lines or none; afterwards the page says what was added. A
 * ledger export for one cost centre has no allocation column: the upload
 * form lets the user choose one allocation for all lines, which travels with
 * the preview's address (?allocation=) and its confirm form. The checks are
 * the store's (w_import.h), the same as `lia import expenses`. A file
 * uploaded but never imported (the import broke off) is listed on the upload
 * page to continue; uploading the same bytes again continues it too. Such
 * files are removed after some days (lia serve --keep-imports).
 */
#include "pages/pages.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/ledger.h"
#include "core/money.h"
#include "pages/form.h"
#include "pages/import_kept.h"
#include "store/funds.h"
#include "store/w_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LISTED 100

/* The words of the columns, in ledger.h's order. */
static const char *const col_words[LEDGER_COLS] = {N_("Date"), N_("Amount"), N_("Description"), N_("Allocation"),
                                                   N_("Reference")};

/* The allocation chosen for all lines (form field or address), or NULL. */
static const char *chosen_allocation(struct req *r)
{
	const char *v = req_field(r, "allocation");
	if (!v)
		v = req_query(r, "allocation");
	return v && *v ? v : NULL;
}

/* The upload form: the allocations to choose from (the chosen one selected)
 * and the names lia knows per column. NULL on a database failure. */
static json_t *upload_form(struct req *r, const char *error, const char *field)
{
	struct viewer v = page_viewer(r);
	json_t *choices = NULL;
	if (store_fund_choices(r->store, &v, &choices) != 0)
		return NULL;
	json_t *allocations = json_incref(json_object_get(choices, "allocations"));
	json_decref(choices);
	const char *chosen = chosen_allocation(r);
	size_t i;
	json_t *o;
	json_array_foreach(allocations, i, o) {
		const char *value = json_string_value(json_object_get(o, "value"));
		json_object_set_new(o, "selected", json_boolean(chosen && value && strcmp(chosen, value) == 0));
	}
	json_t *names = json_object();
	for (int c = 0; c < LEDGER_COLS; c++)
		json_object_set_new(names, ledger_column_key((enum ledger_col)c),
		                    json_string(ledger_column_names((enum ledger_col)c)));
	bool on_file = error && field && strcmp(field, "file") == 0;
	bool on_alloc = error && field && strcmp(field, "allocation") == 0;
	json_t *errors = json_array();
	if (error)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "id", on_alloc ? "f-allocation" : "f-file",
		                                        "message", error));
	/* Files uploaded but never imported (an import broken off): each can be
	 * continued from its preview, or the file uploaded again. */
	json_t *open = NULL;
	if (store_expense_imports_open(r->store, &open) != 0) {
		json_decref(allocations);
		json_decref(names);
		json_decref(errors);
		return NULL;
	}
	json_array_foreach(open, i, o) {
		char when[48];
		const char *at = json_string_value(json_object_get(o, "created_at"));
		if (!at || !i18n_date(r->lang, at, when, sizeof(when)))
			snprintf(when, sizeof(when), "%s", at ? at : "");
		json_object_set_new(o, "created_text", json_string(when));
		json_object_set_new(o, "href", json_string(arena_printf(r->arena, "/funds/import/%lld", jnum(o, "id"))));
	}
	return json_pack("{s:{s:o, s:b}, s:s?, s:s?, s:o, s:o, s:b, s:o}", "form", "errors", errors,
	                 "has_errors", error != NULL, "file_error", on_file ? error : NULL,
	                 "allocation_error", on_alloc ? error : NULL, "allocations", allocations, "column_names", names,
	                 "has_open", json_array_size(open) > 0, "open_imports", open);
}

int page_import_form(struct req *r, struct resp *out)
{
	out->template = "fund_import";
	out->title = TR(r->lang, N_("Import expenses"));
	out->data = upload_form(r, NULL, NULL);
	return out->data ? 0 : LIA_EDB;
}

/* The form again with message on field ("file" or "allocation"). */
static int refuse(struct req *r, struct resp *out, const char *field, const char *message)
{
	json_t *data = upload_form(r, message, field);
	if (!data)
		return LIA_EDB;
	return form_fail(r, out, "fund_import", TR(r->lang, N_("Import expenses")), data,
	                 req_own(r, json_pack("{s:s}", field, message)));
}

/* s escaped for a URL's query, owned by the request. */
static const char *url_of(struct req *r, const char *s)
{
	struct buf b = BUF_INIT;
	buf_url_escape(&b, s, strlen(s));
	const char *t = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return t;
}

int page_import_upload(struct req *r, struct resp *out)
{
	/* The file as the HTTP layer kept it (mapped, not copied). */
	const char *data = NULL;
	size_t len = 0;
	const char *name = req_field(r, "file_name");
	if (req_file(r, "file", &data, &len) != 0 || len == 0)
		return refuse(r, out, "file", TR(r->lang, N_("Choose a file to import: the export of the financial system, saved as CSV.")));
	const char *chosen = chosen_allocation(r);
	struct import_options o = {.lang = r->lang, .max_listed = 1, .allocation = chosen};
	json_t *result = NULL;
	int rc = store_expense_import_check(r->store, data, len, &o, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL) {
		const char *msg = json_string_value(json_object_get(result, "message"));
		const char *field = json_string_value(json_object_get(result, "field"));
		return refuse(r, out, field && strcmp(field, "allocation") == 0 ? "allocation" : "file",
		              msg ? msg : TR(r->lang, N_("This file cannot be read as a table. Save it as CSV and try again.")));
	}
	if (rc)
		return rc;
	struct actor a = page_actor(r);
	long long id = 0;
	/* The same file, uploaded before and never imported (the import broke
	 * off): continue that import rather than keep the file twice. */
	if ((rc = store_expense_import_open_for(r->store, data, len, &id)) != 0)
		return rc;
	if (!id && (rc = store_expense_import_save(r->store, &a, name ? name : "", data, len, &id)) != 0)
		return rc;
	out->redirect = chosen ? arena_printf(r->arena, "/funds/import/%lld?allocation=%s", id, url_of(r, chosen))
	                       : arena_printf(r->arena, "/funds/import/%lld", id);
	if (r->want_json) {
		out->data = json_pack("{s:I, s:s}", "id", (json_int_t)id, "preview", out->redirect);
		out->status = 201;
	}
	return 0;
}

/* A check that could not read the file as a table ({"message"}) as a result
 * with nothing in it and that message, so the preview can say it. */
static json_t *unreadable(json_t *fatal)
{
	json_t *res = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:s, s:s, s:{}, s:[], s:[], s:[], s:[], s:[], s:b}",
	                        "lines", 0, "to_add", 0, "duplicates", 0, "errors", 1, "warnings", 0, "total_cents", 0,
	                        "encoding", "", "separator", "", "columns", "ignored_columns", "add", "duplicate",
	                        "error", "warning", "more_listed", false);
	json_object_set(res, "file_message", json_object_get(fatal, "message"));
	return res;
}

/* Which columns of the file were used for what, and which were not. */
static void describe_columns(struct req *r, json_t *result)
{
	json_t *cols = json_object_get(result, "columns"), *used = json_array();
	for (int c = 0; c < LEDGER_COLS; c++) {
		const char *h = json_string_value(json_object_get(cols, ledger_column_key((enum ledger_col)c)));
		if (h)
			json_array_append_new(used, json_pack("{s:s, s:s}", "header", h, "use", TR(r->lang, col_words[c])));
	}
	json_object_set_new(result, "columns_used", used);
	json_t *chosen = json_object_get(result, "chosen_allocation");
	if (chosen) {
		const char *code = json_string_value(json_object_get(chosen, "code"));
		json_object_set_new(result, "chosen_allocation_text",
		                    json_string(code ? code : arena_printf(r->arena, "%lld", jnum(chosen, "id"))));
	}
	struct buf b = BUF_INIT;
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(result, "ignored_columns"), i, h)
		buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(h));
	json_object_set_new(result, "ignored_text", json_string(buf_cstr(&b)));
	buf_free(&b);
}

/* After the import: what was added (the expenses of this import, as the
 * money pages show them) in a sentence and a table, and what was skipped. */
static int describe_done(struct req *r, long long id, json_t *meta, json_t *result)
{
	struct expense_filter f = {.import_id = id, .limit = LISTED};
	json_t *added = NULL;
	int rc = store_expenses(r->store, &f, &added);
	if (rc)
		return rc;
	json_object_set_new(result, "added_expenses", added);
	long long n = jnum(added, "count"), lines = jnum(meta, "lines");
	char sum[MONEY_TEXT_MAX], when[48];
	money_format_nbsp(jnum(added, "sum_cents"), r->lang, sum, sizeof(sum));
	const char *at = json_string_value(json_object_get(meta, "imported_at"));
	if (!at || !i18n_date(r->lang, at, when, sizeof(when)))
		snprintf(when, sizeof(when), "%s", at ? at : "");
	json_object_set_new(result, "done_text", json_string(arena_printf(r->arena,
		TRN(r->lang, "On %s %lld expense was added, together %s.", "On %s %lld expenses were added, together %s.", n), when, n, sum)));
	if (lines > n)
		json_object_set_new(result, "skipped_text", json_string(arena_printf(r->arena,
			TRN(r->lang, "%lld line of the file was already recorded; it was skipped.",
			    "%lld lines of the file were already recorded; they were skipped.", lines - n), lines - n)));
	json_object_set_new(result, "more_added", json_boolean(n > LISTED));
	return 0;
}

/* The kept file and its check (or, after apply, the apply result, owned by
 * the request) as the preview's data: *data is a new reference. */
static int preview_data(struct req *r, struct resp *out, long long id, json_t *result, json_t **data)
{
	json_t *meta = NULL;
	char *file = NULL;
	size_t len = 0;
	int rc = page_kept_file(r, out, STORE_KEPT_EXPENSES, id, &meta, &file, &len);
	if (rc)
		return rc;
	const char *chosen = chosen_allocation(r);
	if (!result) {
		struct import_options o = {.lang = r->lang, .max_listed = LISTED, .allocation = chosen};
		rc = store_expense_import_check(r->store, file, len, &o, &result);
		req_own(r, result);
		if (rc != 0 && rc != LIA_EINVAL)
			return rc;
		if (rc == LIA_EINVAL)
			result = req_own(r, unreadable(result));
	}
	bool done = !json_is_null(json_object_get(meta, "imported_at")) && json_object_get(meta, "imported_at");
	long long errors = json_integer_value(json_object_get(result, "errors"));
	long long to_add = json_integer_value(json_object_get(result, "to_add"));
	json_object_set(result, "import", meta);
	json_object_set_new(result, "is_done", json_boolean(done));
	json_object_set_new(result, "can_import", json_boolean(!done && errors == 0 && to_add > 0));
	json_object_set_new(result, "has_errors", json_boolean(!done && errors > 0));
	json_object_set_new(result, "nothing_new", json_boolean(!done && errors == 0 && to_add == 0));
	json_object_set_new(result, "action", json_string(arena_printf(r->arena, "/funds/import/%lld", id)));
	json_object_set_new(result, "allocation_value", json_string(chosen ? chosen : ""));
	json_object_set_new(result, "has_add",
	                    json_boolean(!done && errors == 0 && json_array_size(json_object_get(result, "add")) > 0));
	json_object_set_new(result, "is_open", json_boolean(!done));
	/* After the import its own lines match what it added: they are no duplicates to show. */
	json_object_set_new(result, "has_duplicates",
	                    json_boolean(!done && json_array_size(json_object_get(result, "duplicate")) > 0));
	json_object_set_new(result, "has_warnings",
	                    json_boolean(!done && json_array_size(json_object_get(result, "warning")) > 0));
	const char *sep = json_string_value(json_object_get(result, "separator"));
	json_object_set_new(result, "separator_label",
	                    json_string(!sep || !*sep ? "" : strcmp(sep, ";") == 0 ? TR(r->lang, N_("semicolons"))
	                                : strcmp(sep, ",") == 0 ? TR(r->lang, N_("commas")) : TR(r->lang, N_("tabs"))));
	describe_columns(r, result);
	if (done && (rc = describe_done(r, id, meta, result)) != 0)
		return rc;
	*data = json_incref(result);
	return 0;
}

/* The preview page of import id; result as for preview_data. */
static int show_preview(struct req *r, struct resp *out, long long id, json_t *result)
{
	json_t *data = NULL;
	int rc = preview_data(r, out, id, result, &data);
	if (rc != 0)
		return rc;
	out->template = "fund_import_preview";
	out->title = json_is_true(json_object_get(data, "is_done")) ? TR(r->lang, N_("Expenses imported"))
	                                                            : TR(r->lang, N_("Check the import"));
	out->data = data;
	return 0;
}

int page_import_preview(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("import")), out, &id);
	return rc ? rc : show_preview(r, out, id, NULL);
}

int page_import_apply(struct req *r, struct resp *out)
{
	long long id;
	json_t *meta = NULL;
	char *file = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, TR(r->lang, N_("import")), out, &id);
	if (rc == 0)
		rc = page_kept_file(r, out, STORE_KEPT_EXPENSES, id, &meta, &file, &len);
	if (rc)
		return rc;
	if (json_is_string(json_object_get(meta, "imported_at"))) {
		out->detail = TR(r->lang, N_("This file has already been imported. Its expenses are on the money page."));
		return LIA_ECONFLICT;
	}
	struct actor a = page_actor(r);
	const char *chosen = chosen_allocation(r);
	struct import_options o = {.lang = r->lang, .max_listed = LISTED, .allocation = chosen};
	json_t *result = NULL;
	rc = store_expense_import_apply(r->store, &a, id, file, len, &o, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL) {
		/* Something is wrong now (the data changed since the preview): show it, add nothing. */
		json_t *shown = json_object_get(result, "lines") ? result : NULL; /* NULL: no table, checked again */
		if ((rc = show_preview(r, out, id, shown)) == 0)
			out->status = 422;
		return rc;
	}
	if (rc)
		return rc;
	out->redirect = chosen ? arena_printf(r->arena, "/funds/import/%lld?allocation=%s", id, url_of(r, chosen))
	                       : arena_printf(r->arena, "/funds/import/%lld", id);
	out->flash = "fd_imported";
	return 0;
}
