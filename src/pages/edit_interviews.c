/*
 * edit_interviews: an interview's page, and recording or changing an
 * interview: a resource served by the generic form handlers
 * (docs/resources.md), with its form drawn in parts. The seed's method is
 * checked here for a clear message and again in the store: a duo of at
 * least one municipal employee and at least one expert by experience
 * interviews one or more dossier holders. Restricted notes (may hold
 * health data) are shown and sent only to the coordinator, the interview's
 * duo and the accounts the coordinator granted them to; each read, or
 * refusal, is put on the access log.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/resource.h"
#include "store/q_access.h"
#include "store/w_interviews.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

enum { F_THEME, F_DATE, F_PERIOD, F_MUNICIPAL, F_EXPERT, F_HOLDER, F_ACTIONS, F_SUMMARY, F_NOTES };

static const struct field iv_fields[] = {
	[F_THEME] = {"theme_id", N_("Theme"), N_("The theme the interview was about."), FIELD_SELECT, true, 0, NULL, false},
	[F_DATE] = {"held_on", N_("Date of the interview"), NULL, FIELD_DATE, true, 0, NULL, false},
	[F_PERIOD] = {"period_id", N_("Reporting period"), N_("You may leave this empty. You can only choose a report that is not published yet."), FIELD_SELECT, false, 0, NULL, false},
	[F_MUNICIPAL] = {"municipal_ids", N_("Interviewers from the municipality"), N_("Choose at least one municipal employee."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_EXPERT] = {"expert_ids", N_("Interviewers with lived experience"), N_("Choose at least one expert by experience."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_HOLDER] = {"holder_ids", N_("Dossier holders interviewed"), N_("Choose everyone who was interviewed."), FIELD_CHECKBOXES, true, 0, NULL, false},
	[F_ACTIONS] = {"action_ids", N_("Action points discussed"), N_("Choose the action points you talked about. They are grouped per theme."), FIELD_CHECKBOXES, false, 0, NULL, false},
	[F_SUMMARY] = {"public_summary", N_("Public summary"), N_("Everyone can read this. Do not write names of residents or anything about someone's health."), FIELD_TEXTAREA, true, 0, NULL, false},
	[F_NOTES] = {"restricted_notes", N_("Restricted notes"), N_("Only the interviewers and the coordinator can see these notes, and those the coordinator allows. Write only what the report needs. Do not write names or health details of other people, such as residents or family members."), FIELD_TEXTAREA, false, 0, NULL, false},
};
static const struct form_spec iv_form = FORM_SPEC(iv_fields);

/* The options for form_check/form_view, from the store's choices. */
static json_t *iv_options(struct res_ctx *c)
{
	json_t *choices = c->choices;
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
 * The form's parts, next to the whole form (for the error summary), with the
 * action points split into one group per theme (a fieldset each).
 */
static void iv_data(struct res_ctx *c, json_t *d)
{
	json_t *fields = json_object_get(json_object_get(d, "form"), "fields");
	json_t *af = json_deep_copy(json_array_get(fields, F_ACTIONS));
	json_t *opts = json_object_get(af, "options");
	json_t *groups = json_array();
	size_t at = 0, i;
	json_t *g;
	json_array_foreach(json_object_get(c->choices, "action_groups"), i, g) {
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
	json_object_set_new(d, "part_when", part(fields, F_THEME, F_PERIOD));
	json_object_set_new(d, "part_duo", part(fields, F_MUNICIPAL, F_EXPERT));
	json_object_set_new(d, "part_holders", part(fields, F_HOLDER, F_HOLDER));
	json_object_set_new(d, "action_field", af);
	/* Notes the editor may not read are not in the form at all (iv_load
	 * left them out; iv_save keeps them). */
	bool hidden = c->id && c->row && !json_object_get(c->row, "restricted_notes");
	json_object_set_new(d, "part_text", part(fields, F_SUMMARY, hidden ? F_SUMMARY : F_NOTES));
	if (hidden)
		json_object_set_new(d, "notes_hidden", json_true());
	if (c->id)
		json_object_set_new(d, "interview_id", json_integer(c->id));
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

/* May the signed-in user read interview id's restricted notes: the
 * coordinator, the interview's duo, and accounts the coordinator granted
 * them to (store/q_access.h). Sets *may; 0 or LIA_EDB. */
static int notes_may_read(struct req *r, long long id, bool *may)
{
	*may = false;
	if (!r->user)
		return 0;
	return store_notes_may_read(r->store, r->user->id, r->user->role, r->user->person_id, id, may);
}

/* Read the notes of interview id, or refuse them, on record; drops them from
 * row when refused. Only members and up are told anything: the public and
 * readers never see notes, and their visits are not reads of notes. */
static int notes_on_record(struct req *r, long long id, json_t *row)
{
	bool may = false;
	int rc = notes_may_read(r, id, &may);
	if (rc)
		return rc;
	if (!may)
		json_object_del(row, "restricted_notes");
	if (may || page_role_at_least(r, PERM_MEMBER))
		req_access(r, "restricted_notes", "interview", id, 0, may);
	return 0;
}

static int iv_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	store_error(c->r, c->errors, rc, field);
	return 0;
}

static int iv_load(struct req *r, long long id, json_t **row)
{
	struct viewer v = page_viewer(r);
	int rc = store_interview_get(r->store, &v, id, true, row);
	if (rc == 0 && (rc = notes_on_record(r, id, *row)) != 0) {
		json_decref(*row);
		*row = NULL;
	}
	return rc;
}

static int iv_editable(struct res_ctx *c)
{
	const char *state = json_string_value(json_object_get(c->row, "period_state"));
	if (state && strcmp(state, "published") == 0) {
		c->out->detail = TR(c->r->lang, N_("This interview belongs to a published report. A published report does not change, so the interview cannot be changed."));
		return LIA_ECONFLICT;
	}
	return 0;
}

static int iv_choices(struct req *r, json_t **choices)
{
	struct viewer v = page_viewer(r);
	return store_interview_choices(r->store, &v, choices);
}

/* The duo first: its message says what is missing and why. */
static void iv_precheck(struct res_ctx *c)
{
	if (json_array_size(json_object_get(c->values, "municipal_ids")) == 0)
		store_error(c->r, c->errors, LIA_EINVAL, "municipal_ids");
	if (json_array_size(json_object_get(c->values, "expert_ids")) == 0)
		store_error(c->r, c->errors, LIA_EINVAL, "expert_ids");
}

static int iv_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *values = c->values;
	struct interview_input in = {
		.theme_id = form_id(form_val(values, "theme_id")),
		.period_id = form_id(form_val(values, "period_id")),
		.held_on = form_val(values, "held_on"),
		.public_summary = form_val(values, "public_summary"),
		.restricted_notes = form_val(values, "restricted_notes"),
		.municipal = form_ids(c->r, json_object_get(values, "municipal_ids")),
		.experts = form_ids(c->r, json_object_get(values, "expert_ids")),
		.holders = form_ids(c->r, json_object_get(values, "holder_ids")),
		.actions = form_ids(c->r, json_object_get(values, "action_ids")),
	};
	/* Someone who may not read the notes cannot see them in the form, so
	 * their save keeps the notes as they are. */
	bool may = true;
	if (*id && notes_may_read(c->r, *id, &may) != 0)
		return LIA_EDB;
	in.keep_notes = !may;
	return *id ? store_interview_update(c->r->store, &c->actor, *id, &in, field)
	           : store_interview_create(c->r->store, &c->actor, &in, field, id);
}

const struct resource res_interview = {
	.form = &iv_form,
	.template = "interview_form",
	.path = "/interviews",
	.what = N_("interview"),
	.title_new = N_("Record an interview"),
	.title_edit = N_("Change interview"),
	.not_found = N_("There is no interview with this number. See the list of interviews."),
	.after = "/interviews/",
	.after_id = true,
	.load = iv_load,
	.choices = iv_choices,
	.options = iv_options,
	.editable = iv_editable,
	.precheck = iv_precheck,
	.save = iv_save,
	.refused = iv_refused,
	.data = iv_data,
};

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
	bool restricted = r->user != NULL;
	json_t *d = NULL;
	rc = page_found(r, out, store_interview_get(r->store, &v, id, restricted, &d),
	                N_("There is no interview with this number. See the list of interviews."));
	if (rc)
		return rc;
	if (restricted && (rc = notes_on_record(r, id, d)) != 0) {
		json_decref(d);
		return rc;
	}
	restricted = restricted && json_object_get(d, "restricted_notes") != NULL;
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
	return interview_grants_extra(r, id, out->extra);
}
