/*
 * import_funds: importing expenses from the financial system (CSV), in two
 * steps. Upload: the file is checked and kept, and the browser goes to its
 * preview. Preview: what will be added, what is a duplicate, what is wrong
 * (line by line, with how to fix it). Import: all lines or none. The checks
 * are the store's (w_import.h), the same as `lia import expenses`.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_import.h"

#include <stdlib.h>
#include <string.h>

#define LISTED 100

static json_t *upload_form(struct req *r, const char *error)
{
	json_t *errors = json_array();
	if (error)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "id", "f-file", "message", error));
	return json_pack("{s:{s:o, s:b}, s:s?}", "form", "errors", errors, "has_errors", error != NULL, "file_error",
	                 error);
}

int page_import_form(struct req *r, struct resp *out)
{
	out->template = "fund_import";
	out->title = TR(r->lang, N_("Import expenses"));
	out->data = upload_form(r, NULL);
	return 0;
}

static int refuse(struct req *r, struct resp *out, const char *message)
{
	return form_fail(r, out, "fund_import", TR(r->lang, N_("Import expenses")), upload_form(r, message),
	                 req_own(r, json_pack("{s:s}", "file", message)));
}

/* The kept file of import id and its facts (meta), both released when the
 * request ends; LIA_ENOTFOUND with a message. */
static int kept_file(struct req *r, struct resp *out, long long id, json_t **meta, char **file, size_t *len)
{
	*file = NULL;
	int rc = store_expense_import_get(r->store, id, meta, file, len);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no import with this number. Upload the file again."));
	if (rc)
		return rc;
	req_own(r, *meta);
	arena_defer(r->arena, free, *file);
	return 0;
}

int page_import_upload(struct req *r, struct resp *out)
{
	json_t *f = r->body ? json_object_get(r->body, "file") : NULL;
	const char *name = req_field(r, "file_name");
	if (!json_is_string(f) || json_string_length(f) == 0)
		return refuse(r, out, TR(r->lang, N_("Choose a file to import: the export of the financial system, saved as CSV.")));
	const char *data = json_string_value(f);
	size_t len = json_string_length(f);
	struct import_options o = {.lang = r->lang, .max_listed = 1};
	json_t *result = NULL;
	int rc = store_expense_import_check(r->store, data, len, &o, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL) {
		const char *msg = json_string_value(json_object_get(result, "message"));
		return refuse(r, out, msg ? msg : TR(r->lang, N_("This file cannot be read as a table. Save it as CSV and try again.")));
	}
	if (rc)
		return rc;
	struct actor a = page_actor(r);
	long long id = 0;
	if ((rc = store_expense_import_save(r->store, &a, name ? name : "", data, len, &id)) != 0)
		return rc;
	out->redirect = arena_printf(r->arena, "/funds/import/%lld", id);
	if (r->want_json) {
		out->data = json_pack("{s:I, s:s}", "id", (json_int_t)id, "preview", out->redirect);
		out->status = 201;
	}
	return 0;
}

/* The kept file and its check (or, after apply, the apply result, owned by
 * the request) as the preview's data: *data is a new reference. */
static int preview_data(struct req *r, struct resp *out, long long id, json_t *result, json_t **data)
{
	json_t *meta = NULL;
	char *file = NULL;
	size_t len = 0;
	int rc = kept_file(r, out, id, &meta, &file, &len);
	if (rc)
		return rc;
	if (!result) {
		struct import_options o = {.lang = r->lang, .max_listed = LISTED};
		rc = store_expense_import_check(r->store, file, len, &o, &result);
		req_own(r, result);
		if (rc != 0 && rc != LIA_EINVAL)
			return rc;
	}
	bool done = !json_is_null(json_object_get(meta, "imported_at")) && json_object_get(meta, "imported_at");
	long long errors = json_integer_value(json_object_get(result, "errors"));
	long long to_add = json_integer_value(json_object_get(result, "to_add"));
	json_object_set(result, "import", meta);
	json_object_set_new(result, "is_done", json_boolean(done));
	json_object_set_new(result, "can_import", json_boolean(!done && errors == 0 && to_add > 0));
	json_object_set_new(result, "has_errors", json_boolean(errors > 0));
	json_object_set_new(result, "nothing_new", json_boolean(!done && errors == 0 && to_add == 0));
	json_object_set_new(result, "action", json_string(arena_printf(r->arena, "/funds/import/%lld", id)));
	json_object_set_new(result, "has_add",
	                    json_boolean(!done && errors == 0 && json_array_size(json_object_get(result, "add")) > 0));
	json_object_set_new(result, "is_open", json_boolean(!done));
	json_object_set_new(result, "has_duplicates",
	                    json_boolean(json_array_size(json_object_get(result, "duplicate")) > 0));
	json_object_set_new(result, "has_warnings", json_boolean(json_array_size(json_object_get(result, "warning")) > 0));
	const char *sep = json_string_value(json_object_get(result, "separator"));
	json_object_set_new(result, "separator_label",
	                    json_string(!sep ? "" : strcmp(sep, ";") == 0 ? TR(r->lang, N_("semicolons"))
	                                : strcmp(sep, ",") == 0 ? TR(r->lang, N_("commas")) : TR(r->lang, N_("tabs"))));
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
	out->title = TR(r->lang, N_("Check the import"));
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
		rc = kept_file(r, out, id, &meta, &file, &len);
	if (rc)
		return rc;
	if (json_is_string(json_object_get(meta, "imported_at"))) {
		out->detail = TR(r->lang, N_("This file has already been imported. Its expenses are on the money page."));
		return LIA_ECONFLICT;
	}
	struct actor a = page_actor(r);
	struct import_options o = {.lang = r->lang, .max_listed = LISTED};
	json_t *result = NULL;
	rc = store_expense_import_apply(r->store, &a, id, file, len, &o, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL) {
		/* Something is wrong now (the data changed since the preview): show it, add nothing. */
		if ((rc = show_preview(r, out, id, result)) == 0)
			out->status = 422;
		return rc;
	}
	if (rc)
		return rc;
	out->redirect = arena_printf(r->arena, "/funds/import/%lld", id);
	out->flash = "fd_imported";
	return 0;
}
