/*
 * w_import_actions_apply: the import of action points written (all lines or
 * none, in one transaction, each action point through store_action_put_in_tx
 * so it is checked and audited as the form would). The uploaded files kept
 * until then (table action_import) are w_import_keep.c's. See
 * w_import_actions.h.
 */
#include "store/import_actions_run.h"

#include "core/err.h"
#include "core/i18n.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

static int apply_tx(struct store *s, const struct actor *a, long long import_id, struct run *r, const char *data,
                    size_t len, json_t **out)
{
	json_t *fatal = NULL;
	int rc = import_actions_run_check(r, data, len, &fatal);
	if (rc) {
		*out = fatal;
		return rc;
	}
	if (r->errors) {
		*out = import_actions_run_result(r);
		return LIA_EINVAL;
	}
	size_t applied = 0;
	for (size_t i = 0; i < r->nrows && rc == 0; i++) {
		struct row_in *in = &r->rows[i];
		if (!in->changes)
			continue;
		const char *field = NULL;
		long long id = in->id;
		rc = store_action_put_in_tx(s, a, &id, &in->in, &field);
		if (rc == LIA_EINVAL || rc == LIA_ECONFLICT) {
			/* The data changed since the check (another write): say so, write nothing. */
			import_actions_line_error(r, in->line, ACOL_COUNT, i18n_text(r->lang, N_("Line %zu cannot be written: %s. Check the line and upload the file again.")),
			           in->line, field ? field : "?");
			*out = import_actions_run_result(r);
			return LIA_EINVAL;
		}
		applied++;
	}
	if (rc)
		return rc;
	json_t *before = db_row(s, "SELECT id, file_name, lines, changed, applied_at FROM action_import WHERE id = ?", "i", import_id);
	if (!before || json_is_null(before)) {
		json_decref(before);
		return before ? LIA_ENOTFOUND : LIA_EDB;
	}
	json_t *done = import_actions_run_result(r);
	json_object_set_new(done, "applied", json_integer((json_int_t)applied));
	char *text = json_dumps(done, JSON_COMPACT);
	json_decref(done);
	rc = db_exec(s, "UPDATE action_import SET applied_at = ?, changed = ?, result = ? WHERE id = ? AND applied_at IS NULL",
	             "titi", a->now, (long long)applied, text ? text : "{}", import_id);
	free(text);
	if (rc != 0) {
		json_decref(before);
		return LIA_EDB;
	}
	json_t *after = db_row(s, "SELECT id, file_name, lines, changed, applied_at FROM action_import WHERE id = ?", "i", import_id);
	rc = after ? db_audit(s, a, "import", "action_import", import_id, before, after) : LIA_EDB;
	json_decref(before);
	json_decref(after);
	if (rc == 0) {
		*out = import_actions_run_result(r);
		json_object_set_new(*out, "applied", json_integer((json_int_t)applied));
	}
	return rc;
}

static int apply_in_tx(struct store *s, const struct actor *a, long long import_id, struct run *r, const char *data,
                       size_t len, json_t **out)
{
	WITH_TX(s, apply_tx(s, a, import_id, r, data, len, out));
}

int store_action_import_apply(struct store *s, const struct actor *a, long long import_id, const char *data,
                              size_t len, const char *lang, json_t **out)
{
	struct run r;
	import_actions_run_init(&r, s, lang);
	*out = NULL;
	int rc = apply_in_tx(s, a, import_id, &r, data, len, out);
	import_actions_run_free(&r);
	return rc;
}
