/*
 * edit_interviews: an interview's page, and recording or changing an
 * interview (docs/forms.md). The seed's method is checked here for a clear
 * message and again in the store: a duo of at least one municipal employee
 * and at least one expert by experience interviews one or more dossier
 * holders. Restricted notes (may hold health data) are shown and sent only
 * to project members and the coordinator.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_interviews.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

enum { F_THEME, F_DATE, F_PERIOD, F_MUNICIPAL, F_EXPERT, F_HOLDER, F_ACTIONS, F_SUMMARY, F_NOTES };

static const struct field iv_fields[] = {
	[F_THEME] = {"theme_id", N_("Theme"), N_("The theme the interview was about."), FIELD_SELECT, true, 0, NULL, false},
	[F_DATE] = {"held_on", N_("Date of the interview"), N_("Year-month-day, like 2024-03-14."), FIELD_DATE, true, 0, NULL, false},
	[F_PERIOD] = {"period_id", N_("Reporting period"), N_("You may leave this empty. You can only choose a report that is not published yet."), FIELD_SELECT, false, 0, NULL, false},
	[F_MUNICIPAL] = {"municipal_ids", N_("Interviewers from the municipality"), N_("Choose at least one municipal employee."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_EXPERT] = {"expert_ids", N_("Interviewers with lived experience"), N_("Choose at least one expert by experience."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_HOLDER] = {"holder_ids", N_("Dossier holders interviewed"), N_("Choose everyone who was interviewed."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_ACTIONS] = {"action_ids", N_("Action points discussed"), N_("Choose the action points you talked about. They are grouped per theme."), FIELD_CHECKBOXES, false, 0, NULL, false},
	[F_SUMMARY] = {"public_summary", N_("Public summary"), N_("Everyone can read this. Do not write names of residents or anything about someone's health."), FIELD_TEXTAREA, true, 0, NULL, false},
	[F_NOTES] = {"restricted_notes", N_("Restricted notes"), N_("These notes may hold personal or health data. Only the project group and the coordinator can see them."), FIELD_TEXTAREA, false, 0, NULL, false},
};
static const struct form_spec iv_form = FORM_SPEC(iv_fields);

/* A positive id from text, or 0. */
static long long to_id(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

/* The ids in a checkbox array (already checked against the options). */
static struct id_list ids_of(struct req *r, json_t *arr)
{
	size_t n = json_array_size(arr);
	long long *v = arena_alloc(r->arena, (n ? n : 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		long long id = to_id(json_string_value(json_array_get(arr, i)));
		if (id)
			v[k++] = id;
	}
	return (struct id_list){v, k};
}

/* The options for form_check/form_view, from the store's choices. */
static json_t *options_of(json_t *choices)
{
	json_t *actions = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(choices, "action_groups"), i, g)
		json_array_extend(actions, json_object_get(g, "actions"));
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:o}", "theme_id", json_object_get(choices, "themes"), "period_id",
	                 json_object_get(choices, "periods"), "municipal_ids", json_object_get(choices, "municipal"),
	                 "expert_ids", json_object_get(choices, "experts"), "holder_ids",
	                 json_object_get(choices, "holders"), "action_ids", actions);
}

/* A part of the form, drawn by {{>form_fields}}: {"form": {"fields": [...]}}. */
static json_t *part(json_t *fields, int from, int to)
{
	json_t *list = json_array();
	for (int i = from; i <= to; i++)
		json_array_append(list, json_array_get(fields, (size_t)i));
	return json_pack("{s:{s:o}}", "form", "fields", list);
}

/*
 * The form's data: the whole form (for the error summary) and its parts, with
 * the action points split into one group per theme (a fieldset each).
 */
static json_t *form_data(struct req *r, json_t *choices, json_t *values, json_t *errors, long long id)
{
	json_t *options = options_of(choices);
	json_t *form = form_view(r, &iv_form, values, errors, options);
	json_decref(options);
	json_t *fields = json_object_get(form, "fields");
	json_t *af = json_deep_copy(json_array_get(fields, F_ACTIONS));
	json_t *opts = json_object_get(af, "options");
	json_t *groups = json_array();
	size_t at = 0, i;
	json_t *g;
	json_array_foreach(json_object_get(choices, "action_groups"), i, g) {
		size_t n = json_array_size(json_object_get(g, "actions"));
		if (!n)
			continue;
		json_t *list = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append(list, json_array_get(opts, at + k));
		at += n;
		json_array_append_new(groups, json_pack("{s:O, s:O, s:o}", "theme", json_object_get(g, "theme"),
		                                        "theme_id", json_object_get(g, "theme_id"), "options", list));
	}
	json_object_del(af, "options");
	json_object_set_new(af, "groups", groups);
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "form", form, "part_when", part(fields, F_THEME, F_PERIOD),
	                      "part_duo", part(fields, F_MUNICIPAL, F_EXPERT), "part_holders",
	                      part(fields, F_HOLDER, F_HOLDER), "action_field", af, "part_text",
	                      part(fields, F_SUMMARY, F_NOTES), "action",
	                      id ? arena_printf(r->arena, "/interviews/%lld", id) : "/interviews");
	if (id)
		json_object_set_new(d, "interview_id", json_integer(id));
	return d;
}

static const char *form_title(struct req *r, long long id)
{
	return id ? TR(r->lang, N_("Change interview")) : TR(r->lang, N_("Record an interview"));
}

/* The message for a refusal of the store, on the field it names. */
static void store_error(struct req *r, json_t *errors, int rc, const char *field)
{
	const char *lang = r->lang;
	if (rc == LIA_ECONFLICT) {
		form_error(errors, "period_id", TR(lang, N_("This reporting period is published. A published report does not change. Choose a report that is not published yet, or leave this empty.")));
		return;
	}
	if (!field)
		field = "_body";
	if (strcmp(field, "municipal_ids") == 0)
		form_error(errors, field, TR(lang, N_("Choose at least one interviewer from the municipality. An interview is always held by a duo: a municipal employee and an expert by experience.")));
	else if (strcmp(field, "expert_ids") == 0)
		form_error(errors, field, TR(lang, N_("Choose at least one interviewer with lived experience. An interview is always held by a duo: a municipal employee and an expert by experience.")));
	else if (strcmp(field, "holder_ids") == 0)
		form_error(errors, field, TR(lang, N_("Choose at least one dossier holder who was interviewed.")));
	else
		form_error(errors, field, TR(lang, N_("This choice does not exist (any more). Choose from the options given.")));
}

static int interview_form(struct req *r, struct resp *out, long long id)
{
	json_t *values = NULL;
	if (id) {
		struct viewer v = page_viewer(r);
		int rc = store_interview_get(r->store, &v, id, true, &values);
		if (rc == LIA_ENOTFOUND)
			out->detail = TR(r->lang, N_("There is no interview with this number. See the list of interviews."));
		if (rc)
			return rc;
		const char *state = json_string_value(json_object_get(values, "period_state"));
		if (state && strcmp(state, "published") == 0) {
			json_decref(values);
			out->detail = TR(r->lang, N_("This interview belongs to a published report. A published report does not change, so the interview cannot be changed."));
			return LIA_ECONFLICT;
		}
		/* The form holds text: ids as strings. */
		static const char *const keys[] = {"theme_id", "period_id"};
		for (int k = 0; k < 2; k++) {
			json_t *n = json_object_get(values, keys[k]);
			json_object_set_new(values, keys[k], json_is_integer(n)
				? json_string(arena_printf(r->arena, "%lld", (long long)json_integer_value(n)))
				: json_string(""));
		}
	}
	json_t *choices = NULL;
	struct viewer v = page_viewer(r);
	int rc = store_interview_choices(r->store, &v, &choices);
	if (rc) {
		json_decref(values);
		return rc;
	}
	out->template = "interview_form";
	out->title = form_title(r, id);
	out->data = form_data(r, choices, values, NULL, id);
	json_decref(choices);
	json_decref(values);
	return 0;
}

static int interview_save(struct req *r, struct resp *out, long long id)
{
	bool create = id == 0;
	json_t *choices = NULL;
	struct viewer v = page_viewer(r);
	int rc = store_interview_choices(r->store, &v, &choices);
	if (rc)
		return rc;
	json_t *values = form_read(r, &iv_form);
	json_t *errors = json_object();
	json_t *options = options_of(choices);
	/* The duo first: its message says what is missing and why. */
	if (json_array_size(json_object_get(values, "municipal_ids")) == 0)
		store_error(r, errors, LIA_EINVAL, "municipal_ids");
	if (json_array_size(json_object_get(values, "expert_ids")) == 0)
		store_error(r, errors, LIA_EINVAL, "expert_ids");
	form_check(r, &iv_form, values, options, errors);
	json_decref(options);
	if (json_object_size(errors) == 0) {
		struct interview_input in = {
			.theme_id = to_id(json_string_value(json_object_get(values, "theme_id"))),
			.period_id = to_id(json_string_value(json_object_get(values, "period_id"))),
			.held_on = json_string_value(json_object_get(values, "held_on")),
			.public_summary = json_string_value(json_object_get(values, "public_summary")),
			.restricted_notes = json_string_value(json_object_get(values, "restricted_notes")),
			.municipal = ids_of(r, json_object_get(values, "municipal_ids")),
			.experts = ids_of(r, json_object_get(values, "expert_ids")),
			.holders = ids_of(r, json_object_get(values, "holder_ids")),
			.actions = ids_of(r, json_object_get(values, "action_ids")),
		};
		struct actor a = {.user_id = r->user->id, .request_id = r->id, .now = r->now};
		const char *field = NULL;
		rc = id ? store_interview_update(r->store, &a, id, &in, &field)
		        : store_interview_create(r->store, &a, &in, &field, &id);
		if (rc == LIA_EINVAL || rc == LIA_ECONFLICT) {
			store_error(r, errors, rc, field);
			rc = 0;
		} else if (rc == LIA_ENOTFOUND) {
			out->detail = TR(r->lang, N_("There is no interview with this number. See the list of interviews."));
		}
	}
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "interview_form", form_title(r, id), form_data(r, choices, values, errors, id),
		               errors);
	} else if (rc == 0) {
		out->redirect = arena_printf(r->arena, "/interviews/%lld", id);
		out->flash = "saved";
		if (r->want_json) {
			rc = store_interview_get(r->store, &v, id, true, &out->data);
			out->status = create ? 201 : 200;
		}
	}
	json_decref(choices);
	json_decref(values);
	json_decref(errors);
	return rc;
}

int page_interview_new(struct req *r, struct resp *out)
{
	return interview_form(r, out, 0);
}

int page_interview_create(struct req *r, struct resp *out)
{
	return interview_save(r, out, 0);
}

int page_interview_edit(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("interview")), out, &id);
	return rc ? rc : interview_form(r, out, id);
}

int page_interview_update(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("interview")), out, &id);
	return rc ? rc : interview_save(r, out, id);
}

/*
 * The interview's page (public route). The public sees only interviews of
 * published reports; restricted notes only for members and the coordinator.
 */
int page_interview(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("interview")), out, &id);
	if (rc)
		return rc;
	struct viewer v = page_viewer(r);
	bool restricted = page_role_at_least(r, PERM_MEMBER);
	json_t *d = NULL;
	rc = store_interview_get(r->store, &v, id, restricted, &d);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no interview with this number. See the list of interviews."));
	if (rc)
		return rc;
	/* The id lists are for the form; the page names the people. */
	static const char *const keys[] = {"municipal_ids", "expert_ids", "holder_ids", "action_ids", "created_at"};
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		json_object_del(d, keys[k]);
	present(d, r->lang);
	out->template = "interview";
	out->title = arena_printf(r->arena, "%s %s: %s", TR(r->lang, N_("Interview on")),
	                          json_string_value(json_object_get(d, "held_on_text")),
	                          json_string_value(json_object_get(d, "theme")));
	const char *state = json_string_value(json_object_get(d, "period_state"));
	bool frozen = state && strcmp(state, "published") == 0;
	out->extra = json_pack("{s:b, s:b, s:b}", "may_edit", page_role_at_least(r, PERM_MEMBER) && !frozen,
	                       "show_notes", restricted, "has_actions",
	                       json_array_size(json_object_get(d, "actions")) > 0);
	out->data = d;
	return 0;
}
