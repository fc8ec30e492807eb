/*
 * retention: the coordinator sets how long each kind of data is kept (AVG
 * art. 5(1)(e)); `lia purge` (daily, lia-purge.timer) removes what is past
 * it. One number of days per kind, from the vocabulary's "retention_kind";
 * a wrong number changes nothing and says what to fix.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "pages/form.h"
#include "store/w_retention.h"

#include <stdlib.h>
#include <string.h>

#define RETENTION_KINDS 5

/* One number field per kind, labelled with the kind's words. */
static const struct field retention_fields[RETENTION_KINDS] = {
	{"sign_in_attempts", N_("Sign-in attempts"), N_("Days. The address and e-mail address of every attempt to sign in."), FIELD_NUMBER, true, 4, NULL, false},
	{"ended_sessions", N_("Ended sessions"), N_("Days after a session ended or ran out."), FIELD_NUMBER, true, 4, NULL, false},
	{"restricted_notes", N_("Restricted notes after publication"), N_("Days after the report of the interview's period was published. Then the notes are erased; the interview stays."), FIELD_NUMBER, true, 4, NULL, false},
	{"expired_imports", N_("Uploaded files that were not imported"), N_("Days after the upload."), FIELD_NUMBER, true, 4, NULL, false},
	{"access_log", N_("Access log entries"), N_("Days. The access log says who read restricted notes, the people list, a person or the audit log."), FIELD_NUMBER, true, 4, NULL, false},
};
static const struct form_spec retention_form = FORM_SPEC(retention_fields);

static int retention_page(struct req *r, struct resp *out, json_t *values, json_t *errors)
{
	const char *title = TR(r->lang, N_("Retention periods"));
	json_t *data = json_pack("{s:o}", "form", form_view(r, &retention_form, values, errors, NULL));
	if (errors && json_object_size(errors))
		return form_fail(r, out, "retention", title, data, errors);
	out->template = "retention";
	out->title = title;
	out->data = data;
	return 0;
}

int page_retention(struct req *r, struct resp *out)
{
	json_t *rows = NULL;
	int rc = store_retention(r->store, &rows);
	if (rc)
		return rc;
	req_own(r, rows);
	json_t *values = req_own(r, json_object());
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_object_set_new(values, json_string_value(json_object_get(row, "kind")),
		                    json_string(arena_printf(r->arena, "%lld",
		                                             (long long)json_integer_value(json_object_get(row, "days")))));
	return retention_page(r, out, values, NULL);
}

int page_retention_save(struct req *r, struct resp *out)
{
	json_t *values = req_own(r, form_read(r, &retention_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &retention_form, values, NULL, errors);
	for (size_t i = 0; i < retention_form.n; i++) {
		const char *name = retention_fields[i].name;
		long long days = json_object_get(errors, name) ? 0 : strtoll(form_val(values, name), NULL, 10);
		if (!json_object_get(errors, name) && (days < 1 || days > 3650))
			form_error(errors, name, TR(r->lang, N_("Give a number of days from 1 to 3650 (ten years).")));
	}
	if (json_object_size(errors))
		return retention_page(r, out, values, errors);
	struct actor a = page_actor(r);
	for (size_t i = 0; i < retention_form.n; i++) {
		/* Checked above: one transaction each, all valid. */
		int rc = store_retention_set(r->store, &a, retention_fields[i].name,
		                             strtoll(form_val(values, retention_fields[i].name), NULL, 10));
		if (rc)
			return rc;
	}
	out->redirect = "/retention";
	out->flash = "saved";
	return 0;
}
