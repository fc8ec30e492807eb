/*
 * person_privacy: a person's privacy, for the coordinator (/people/{id}/privacy):
 * who read their data (the access log, ASVS V7), whether they agreed to be
 * named in published reports, and erasure (AVG art. 17) behind an explicit
 * confirmation: the person becomes "Persoon ID" everywhere, their accounts
 * stop, and no readable copy stays (store/w_privacy.h). The same as `lia
 * person erase`; `lia person export` hands their data over.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "pages/form.h"
#include "store/q_access.h"
#include "store/w_privacy.h"

#include <string.h>

static const struct field named_fields[] = {
	{"named_in_publications", N_("May be named on public pages and in published reports"), N_("Tick this only when the person agreed to it. Otherwise the public pages and the reports name their role, not their name. Signed-in users always see the name."), FIELD_CHECKBOX, false, 0, NULL, false},
};
static const struct form_spec named_form = FORM_SPEC(named_fields);

static const struct field erase_fields[] = {
	{"confirm", N_("Yes, erase this person"), N_("This cannot be undone. Name, job title, e-mail address, phone number and communication needs are removed; their accounts can no longer sign in. Interviews and action points stay, with \"Persoon\" and the number instead of the name."), FIELD_CHECKBOX, false, 0, NULL, false},
};
static const struct form_spec erase_form = FORM_SPEC(erase_fields);

#define READS_SHOWN 100

static const char *const no_person = N_("There is no person with this number. See the list of people.");

/* The page: the person, their reads, and both forms (values/errors for one of them). */
static int privacy_page(struct req *r, struct resp *out, long long id, json_t *named_values, json_t *named_errors,
                        json_t *erase_errors)
{
	json_t *p = NULL, *reads = NULL;
	int rc = store_person_privacy(r->store, id, &p);
	if (rc == LIA_ENOTFOUND) {
		out->detail = TR(r->lang, no_person);
		return rc;
	}
	if (rc)
		return rc;
	req_own(r, p);
	if ((rc = store_access_about(r->store, id, READS_SHOWN, &reads)) != 0)
		return rc;
	size_t i;
	json_t *x;
	json_array_foreach(reads, i, x) {
		const char *at = json_string_value(json_object_get(x, "read_at"));
		json_object_set_new(x, "read_time", json_string(at && strlen(at) >= 16 ? arena_printf(r->arena, "%.5s UTC", at + 11) : ""));
	}
	bool erased = !json_is_null(json_object_get(p, "erased_at"));
	if (!named_values)
		named_values = req_own(r, json_pack("{s:s}", "named_in_publications",
		                                    json_integer_value(json_object_get(p, "named_in_publications")) ? "1" : ""));
	json_t *data = json_pack("{s:{s:I, s:s, s:b}, s:o, s:b, s:{s:o}, s:{s:o}}",
		"person", "id", (json_int_t)id, "name", json_string_value(json_object_get(p, "name")), "erased", erased,
		"reads", reads, "has_reads", json_array_size(reads) > 0,
		"named", "form", form_view(r, &named_form, named_values, named_errors, NULL),
		"erase", "form", form_view(r, &erase_form, NULL, erase_errors, NULL));
	const char *title = arena_printf(r->arena, "%s: %s", TR(r->lang, N_("Privacy")),
	                                 json_string_value(json_object_get(p, "name")));
	json_t *errors = named_errors ? named_errors : erase_errors;
	if (errors && json_object_size(errors))
		return form_fail(r, out, "person_privacy", title, data, errors);
	out->template = "person_privacy";
	out->title = title;
	out->data = data;
	return 0;
}

int page_person_privacy(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("person")), out, &id);
	if (rc)
		return rc;
	req_access(r, "person", "person", id, id, true);
	return privacy_page(r, out, id, NULL, NULL, NULL);
}

int page_person_named(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("person")), out, &id);
	if (rc)
		return rc;
	json_t *values = req_own(r, form_read(r, &named_form));
	struct actor a = page_actor(r);
	rc = store_person_set_named(r->store, &a, id, form_ticked(values, "named_in_publications"));
	if (rc == LIA_ECONFLICT) {
		json_t *errors = req_own(r, json_object());
		form_error(errors, "named_in_publications", TR(r->lang, N_("This person is erased: there is nothing to name any more.")));
		return privacy_page(r, out, id, values, errors, NULL);
	}
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, no_person);
	if (rc)
		return rc;
	out->redirect = arena_printf(r->arena, "/people/%lld/privacy", id);
	out->flash = "saved";
	return 0;
}

int page_person_erase(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("person")), out, &id);
	if (rc)
		return rc;
	json_t *values = req_own(r, form_read(r, &erase_form));
	json_t *errors = req_own(r, json_object());
	if (!form_ticked(values, "confirm")) {
		form_error(errors, "confirm", TR(r->lang, N_("Tick the box to confirm that this person must be erased. Nothing has been erased.")));
		return privacy_page(r, out, id, NULL, NULL, errors);
	}
	struct actor a = page_actor(r);
	json_t *frozen = NULL;
	rc = store_person_erase(r->store, &a, id, &frozen);
	json_decref(frozen);
	if (rc == LIA_ECONFLICT) {
		form_error(errors, "confirm", TR(r->lang, N_("This person was erased already.")));
		return privacy_page(r, out, id, NULL, NULL, errors);
	}
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, no_person);
	if (rc)
		return rc;
	/* No readable copy in the file either; if the database is too busy for
	 * that now, `lia person erase` or the next `lia purge` does it. */
	if (store_compact(r->store) != 0)
		log_error("request %s: person %lld erased, but the database could not be compacted now", r->id, id);
	out->redirect = arena_printf(r->arena, "/people/%lld/privacy", id);
	out->flash = "prv_erased";
	return 0;
}
