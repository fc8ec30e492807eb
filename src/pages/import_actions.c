/*
 * import_actions: new and changed action points from a CSV file, for the
 * coordinator, in the steps of the expense import (import_funds.c). Upload:
 * the file arrives through the streaming upload (ROUTE_UPLOAD), is kept, and
 * the browser goes to its preview. Preview: each change field by field (old
 * -> new), each new action point, and each error by line with what to fix.
 * Apply: all lines or none, each action point audited; afterwards the page
 * says what was written. The checks are the store's (w_import_actions.h).
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "pages/form.h"
#include "pages/import_kept.h"
#include "store/w_import_actions.h"

#include <stdlib.h>
#include <string.h>

/* The upload form, with error (about the file) when there is one. */
static json_t *upload_form(struct req *r, const char *error)
{
	json_t *errors = json_array();
	if (error)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "id", "f-file", "message", error));
	json_t *columns = json_array();
	for (int c = 0; c < ACOL_COUNT; c++)
		json_array_append_new(columns, json_pack("{s:s, s:b}", "name", TR(r->lang, store_action_columns[c]), "required",
		                                         c == ACOL_CODE || c == ACOL_TITLE || c == ACOL_THEME));
	return json_pack("{s:{s:o, s:b}, s:s?, s:o}", "form", "errors", errors, "has_errors", error != NULL,
	                 "file_error", error, "columns", columns);
}

int page_action_import_form(struct req *r, struct resp *out)
{
	out->template = "action_import";
	out->title = TR(r->lang, N_("Import action points"));
	out->data = upload_form(r, NULL);
	return 0;
}

int page_action_import_upload(struct req *r, struct resp *out)
{
	const char *data = NULL;
	size_t len = 0;
	const char *name = req_field(r, "file_name");
	const char *error = NULL;
	json_t *result = NULL;
	if (req_file(r, "file", &data, &len) != 0 || len == 0)
		error = TR(r->lang, N_("Choose a file to import: the export of the action points, saved as CSV."));
	else {
		int rc = store_action_import_check(r->store, data, len, r->lang, &result);
		req_own(r, result);
		if (rc == LIA_EINVAL)
			error = json_string_value(json_object_get(result, "message"));
		else if (rc)
			return rc;
	}
	if (error)
		return form_fail(r, out, "action_import", TR(r->lang, N_("Import action points")), upload_form(r, error),
		                 req_own(r, json_pack("{s:s}", "file", error)));
	struct actor a = page_actor(r);
	long long id = 0;
	int rc = store_action_import_save(r->store, &a, name ? name : "", data, len, &id);
	if (rc)
		return rc;
	out->redirect = arena_printf(r->arena, "/actions/import/%lld", id);
	if (r->want_json) {
		out->data = json_pack("{s:I, s:s}", "id", (json_int_t)id, "preview", out->redirect);
		out->status = 201;
	}
	return 0;
}

/* The preview's data from a check or apply result (owned by the request). */
static void describe(struct req *r, long long id, json_t *meta, json_t *result)
{
	bool done = json_is_string(json_object_get(meta, "applied_at"));
	long long errors = jnum(result, "errors");
	long long changes = jnum(result, "new") + jnum(result, "changed");
	json_object_set(result, "import", meta);
	json_object_set_new(result, "is_done", json_boolean(done));
	json_object_set_new(result, "is_open", json_boolean(!done));
	json_object_set_new(result, "has_errors", json_boolean(errors > 0));
	json_object_set_new(result, "can_apply", json_boolean(!done && errors == 0 && changes > 0));
	json_object_set_new(result, "nothing_new", json_boolean(!done && errors == 0 && changes == 0));
	json_object_set_new(result, "has_changes", json_boolean(errors == 0 && changes > 0));
	json_object_set_new(result, "changes", json_integer(changes));
	/* The words after each figure, singular or plural as the figure wants. */
	long long n_new = jnum(result, "new"), n_changed = jnum(result, "changed"), n_same = jnum(result, "unchanged");
	json_object_set_new(result, "new_label", json_string(TRN(r->lang, "action point is new", "action points are new", n_new)));
	json_object_set_new(result, "changed_label",
	                    json_string(TRN(r->lang, "action point changes", "action points change", n_changed)));
	json_object_set_new(result, "unchanged_label",
	                    json_string(TRN(r->lang, "action point stays the same", "action points stay the same", n_same)));
	json_object_set_new(result, "errors_label",
	                    json_string(TRN(r->lang, "line has an error", "lines have an error", errors)));
	json_object_set_new(result, "action", json_string(arena_printf(r->arena, "/actions/import/%lld", id)));
	const char *sep = json_string_value(json_object_get(result, "separator"));
	json_object_set_new(result, "separator_label",
	                    json_string(!sep || !*sep ? "" : strcmp(sep, ";") == 0 ? TR(r->lang, N_("semicolons"))
	                                : strcmp(sep, ",") == 0 ? TR(r->lang, N_("commas")) : TR(r->lang, N_("tabs"))));
	size_t i;
	json_t *c, *h;
	json_array_foreach(json_object_get(result, "change"), i, c)
		json_object_set_new(c, "href", json_is_integer(json_object_get(c, "id"))
			? json_string(arena_printf(r->arena, "/actions/%lld", jnum(c, "id"))) : json_null());
	char *ignored = NULL;
	size_t ilen = 0;
	FILE *m = open_memstream(&ignored, &ilen);
	json_array_foreach(json_object_get(result, "ignored_columns"), i, h)
		fprintf(m, "%s%s", i ? ", " : "", json_string_value(h));
	fclose(m);
	json_object_set_new(result, "ignored_text", json_string(ignored));
	free(ignored);
}

static int show(struct req *r, struct resp *out, long long id, json_t *meta, json_t *result)
{
	describe(r, id, meta, result);
	out->template = "action_import_preview";
	out->title = json_is_true(json_object_get(result, "is_done")) ? TR(r->lang, N_("Action points imported"))
	                                                              : TR(r->lang, N_("Check the import of action points"));
	out->data = json_incref(result);
	return 0;
}

/* A file that is no table of action points, as a result with its message. */
static json_t *unreadable(json_t *fatal)
{
	json_t *res = json_pack("{s:i, s:i, s:i, s:i, s:i, s:s, s:s, s:[], s:[], s:[]}", "lines", 0, "new", 0, "changed", 0,
	                        "unchanged", 0, "errors", 1, "encoding", "", "separator", "", "ignored_columns", "change",
	                        "error");
	json_object_set(res, "file_message", json_object_get(fatal, "message"));
	return res;
}

int page_action_import_preview(struct req *r, struct resp *out)
{
	long long id;
	json_t *meta = NULL, *result = NULL;
	char *file = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, TR(r->lang, N_("import")), out, &id);
	if (rc == 0)
		rc = page_kept_file(r, out, STORE_KEPT_ACTIONS, id, &meta, &file, &len);
	if (rc)
		return rc;
	if (json_is_string(json_object_get(meta, "applied_at"))) {
		/* Applied: show what was written then (a check against today's data
		 * would show nothing left to change). */
		result = req_own(r, json_loads(json_string_value(json_object_get(meta, "result")), 0, NULL));
		if (!json_is_object(result))
			return LIA_EINTERNAL;
		json_object_del(meta, "result");
		return show(r, out, id, meta, result);
	}
	json_object_del(meta, "result");
	rc = store_action_import_check(r->store, file, len, r->lang, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL)
		result = req_own(r, unreadable(result));
	else if (rc)
		return rc;
	return show(r, out, id, meta, result);
}

int page_action_import_apply(struct req *r, struct resp *out)
{
	long long id;
	json_t *meta = NULL, *result = NULL;
	char *file = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, TR(r->lang, N_("import")), out, &id);
	if (rc == 0)
		rc = page_kept_file(r, out, STORE_KEPT_ACTIONS, id, &meta, &file, &len);
	if (rc)
		return rc;
	json_object_del(meta, "result");
	if (json_is_string(json_object_get(meta, "applied_at"))) {
		out->detail = TR(r->lang, N_("This file has already been imported. Its changes are on the pages of the action points."));
		return LIA_ECONFLICT;
	}
	struct actor a = page_actor(r);
	rc = store_action_import_apply(r->store, &a, id, file, len, r->lang, &result);
	req_own(r, result);
	if (rc == LIA_EINVAL) {
		/* Something is wrong (now): show it, write nothing. */
		if (!json_object_get(result, "lines"))
			result = req_own(r, unreadable(result));
		if ((rc = show(r, out, id, meta, result)) == 0)
			out->status = 422;
		return rc;
	}
	if (rc)
		return rc;
	out->redirect = arena_printf(r->arena, "/actions/import/%lld", id);
	out->flash = "act_imported";
	if (r->want_json) {
		out->data = json_pack("{s:I, s:O}", "id", (json_int_t)id, "applied", json_object_get(result, "applied"));
		out->status = 200;
	}
	return 0;
}
