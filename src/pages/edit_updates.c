/*
 * edit_updates: writing progress updates and adding the experience expert's
 * assessment. Progress updates are append-only: each report of progress is a
 * new row in an open reporting period. A dossier holder writes only for their
 * own action points; project members and the coordinator for any. Orange and
 * red need cause, consequence and measures. The progress text is Markdown,
 * with a preview that needs no JavaScript: a second submit button
 * (name="preview") shows the form again with the rendered text and saves
 * nothing. The expert's assessment can be given with the update (by an
 * experience expert) or added once later, while the period is open. These
 * forms do not have the create/edit shape of pages/resource.h (an update
 * belongs to the action point in the address, and is never changed), so
 * they use the shared form helpers; every JSON value belongs to the request.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "pages/resource.h"
#include "pages/updates.h"
#include "store/w_actions.h"
#include "store/w_periods.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

/* The expert's field is last, so a form without it is the first N-1. */
const struct field page_update_fields[PAGE_UPDATE_FIELDS] = {
	{"period_id", N_("Reporting period"), N_("Only open periods can be chosen. A published report does not change."), FIELD_RADIOS, true, 0, NULL, false},
	{"status", N_("Status"), N_("How far the work is."), FIELD_RADIOS, true, 0, NULL, false},
	{"health", N_("Health"), N_("Is the work going as planned? With orange or red, also fill in the cause, the consequence and the measures below."), FIELD_RADIOS, true, 0, NULL, false},
	{"progress_md", N_("Progress"), N_("What happened in this period? You can use Markdown: **bold**, *italic*, and lists with a dash (-) at the start of a line. Choose \"Preview\" to see the result."), FIELD_TEXTAREA, true, 20000, NULL, true},
	{"health_cause", N_("Cause"), N_("Required with orange or red: what is the problem, and why?"), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"health_consequence", N_("Consequence"), N_("Required with orange or red: what does it mean for the people it is for?"), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"health_measures", N_("Measures"), N_("Required with orange or red: what is being done about it?"), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"holder_assessment", N_("Assessment of the dossier holder"), N_("Your own view of how it is going."), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"expert_assessment", N_("Assessment of the experience expert"), N_("Your view as an experience expert: does this help the people it is for?"), FIELD_TEXTAREA, false, 5000, NULL, false},
};
static const struct form_spec update_form_expert = {page_update_fields, PAGE_UPDATE_FIELDS};
static const struct form_spec update_form_plain = {page_update_fields, PAGE_UPDATE_FIELDS - 1};

static const struct field assessment_fields[] = {
	{"expert_assessment", N_("Assessment of the experience expert"), N_("Your view as an experience expert: does this help the people it is for? This text is part of the progress report."), FIELD_TEXTAREA, true, 5000, NULL, false},
};
static const struct form_spec assessment_form = FORM_SPEC(assessment_fields);

/* The statuses a progress update may set: all but "vervallen", because
 * withdrawing is its own form, for the project group only. New reference. */
json_t *page_update_status_options(const char *lang)
{
	json_t *opts = vocab_options("action_status", lang);
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o)
		if (strcmp(form_val(o, "value"), "vervallen") == 0) {
			json_array_remove(opts, i);
			break;
		}
	return opts;
}

/* May this user write progress for this action point? A dossier holder only
 * for their own; project members and the coordinator for all. */
static bool may_write(const struct req *r, json_t *action)
{
	if (page_role_at_least(r, PERM_MEMBER))
		return true;
	json_t *holder = json_object_get(action, "dossier_holder_id");
	return r->user && r->user->person_id && json_is_integer(holder) &&
	       json_integer_value(holder) == r->user->person_id;
}

/* The action point from the path (owned by the request), checked for this
 * user; sets detail. */
static int load_for_writing(struct req *r, struct resp *out, long long *id, json_t **raw)
{
	int rc = resource_find(r, out, &res_action, id, raw);
	if (rc != 0)
		return rc;
	if (!may_write(r, *raw)) {
		out->detail = TR(r->lang, N_("You can only write progress for action points of which you are the dossier holder. Ask the coordinator if this action point should be yours."));
		return LIA_EFORBIDDEN;
	}
	return 0;
}

/* The open period's due dates under key of obj, when a period is open (a
 * failed read leaves them out: the form works without them). */
static void add_due(const struct req *r, json_t *obj, const char *key)
{
	json_t *due = NULL;
	if (!json_is_object(obj) || store_open_period_due(r->store, &due) != 0)
		return;
	if (json_is_object(due))
		json_object_set_new(obj, key, due);
	else
		json_decref(due);
}

static const char *update_title(struct req *r, json_t *raw)
{
	return arena_printf(r->arena, "%s: %s %s", TR(r->lang, N_("Write progress")), form_val(raw, "code"),
	                    form_val(raw, "title"));
}

static json_t *update_data(struct req *r, const struct form_spec *spec, json_t *raw, json_t *values, json_t *errors,
                           json_t *options)
{
	json_t *d = json_pack("{s:o, s:{s:O, s:O, s:O}, s:b}", "form", form_view(r, spec, values, errors, options),
	                      "action", "id", json_object_get(raw, "id"), "code", json_object_get(raw, "code"), "title",
	                      json_object_get(raw, "title"), "has_period",
	                      json_array_size(json_object_get(options, "period_id")) > 0);
	add_due(r, d, "due");
	return d;
}

/* The open periods, statuses and healths to choose from (owned by the request). */
static int update_options(struct req *r, json_t **options)
{
	json_t *periods = NULL;
	int rc = store_update_periods(r->store, &periods);
	if (rc != 0)
		return rc;
	*options = req_own(r, json_pack("{s:o, s:o, s:o}", "period_id", periods, "status", page_update_status_options(r->lang),
	                                "health", vocab_options("health", r->lang)));
	return 0;
}

/* An experience expert's form has the expert's assessment too. */
static const struct form_spec *update_spec(const struct req *r)
{
	return r->user->expert ? &update_form_expert : &update_form_plain;
}

/* The progress form about action point raw with these values (no errors). */
static void update_show(struct req *r, struct resp *out, json_t *raw, json_t *values, json_t *options)
{
	out->template = "update_form";
	out->title = update_title(r, raw);
	out->data = update_data(r, update_spec(r), raw, values, NULL, options);
}

int page_update_new(struct req *r, struct resp *out)
{
	long long id;
	json_t *raw = NULL, *options = NULL;
	int rc = load_for_writing(r, out, &id, &raw);
	if (rc == 0)
		rc = update_options(r, &options);
	if (rc != 0)
		return rc;
	/* Start from the current state and the newest open period. */
	json_t *first = json_array_get(json_object_get(options, "period_id"), 0);
	json_t *values = req_own(r, json_pack("{s:O, s:O, s:s}", "status", json_object_get(raw, "status"), "health",
	                                      json_object_get(raw, "health"), "period_id", form_val(first, "value")));
	update_show(r, out, raw, values, options);
	return 0;
}

/* Orange and red need their explanation: what is missing is an error. */
void page_update_health_check(struct req *r, json_t *values, json_t *errors)
{
	static const char *const need[] = {"health_cause", "health_consequence", "health_measures"};
	static const char *const msg[] = {
		N_("With orange or red, fill in the cause: what is the problem, and why?"),
		N_("With orange or red, fill in the consequence: what does it mean for the people it is for?"),
		N_("With orange or red, fill in the measures: what is being done about it?"),
	};
	const char *health = form_val(values, "health");
	if (strcmp(health, "oranje") != 0 && strcmp(health, "rood") != 0)
		return;
	for (int i = 0; i < 3; i++)
		if (!*form_val(values, need[i]))
			form_error(errors, need[i], TR(r->lang, msg[i]));
}

/* Show the text as it will look; save nothing. */
static int update_preview(struct req *r, struct resp *out, json_t *raw, json_t *values, json_t *options)
{
	const char *md = form_val(values, "progress_md");
	char *html = present_markdown(md, strlen(md));
	update_show(r, out, raw, values, options);
	json_object_set_new(out->data, "preview_html", json_string(html ? html : ""));
	json_object_set_new(out->data, "has_preview", json_true());
	free(html);
	return 0;
}

/* Write the update; a refusal of one field becomes its error (0). */
static int update_save(struct req *r, struct resp *out, long long id, json_t *values, json_t *errors)
{
	struct update_input in = {
		.action_point_id = id, .period_id = form_id(form_val(values, "period_id")),
		.status = form_val(values, "status"), .health = form_val(values, "health"),
		.progress_md = form_val(values, "progress_md"), .health_cause = form_val(values, "health_cause"),
		.health_consequence = form_val(values, "health_consequence"),
		.health_measures = form_val(values, "health_measures"),
		.holder_assessment = form_val(values, "holder_assessment"),
		.expert_assessment = r->user->expert ? form_val(values, "expert_assessment") : "",
		.author_id = r->user->person_id, .expert_id = r->user->person_id,
	};
	struct actor a = page_actor(r);
	const char *field = NULL;
	long long update_id = 0;
	int rc = store_update_create(r->store, &a, &in, &update_id, &field);
	if (rc == 0) {
		out->redirect = arena_printf(r->arena, "/actions/%lld#update-%lld", id, update_id);
		out->flash = "saved";
		if (!r->want_json)
			return 0;
		out->status = 201;
		return store_update_raw(r->store, update_id, &out->data);
	}
	if ((rc == LIA_ECONFLICT || rc == LIA_EINVAL) && field && strcmp(field, "period_id") == 0)
		form_error(errors, field, TR(r->lang, N_("This reporting period is published and does not change. Choose an open period.")));
	else if (rc == LIA_EINVAL && field)
		form_error(errors, field, TR(r->lang, N_("Choose from the options given.")));
	else
		return rc;
	return 0;
}

int page_update_create(struct req *r, struct resp *out)
{
	long long id;
	json_t *raw = NULL, *options = NULL;
	const struct form_spec *spec = update_spec(r);
	int rc = load_for_writing(r, out, &id, &raw);
	if (rc == 0)
		rc = update_options(r, &options);
	if (rc != 0)
		return rc;
	if (json_array_size(json_object_get(options, "period_id")) == 0) {
		out->detail = TR(r->lang, N_("There is no open reporting period, so no progress can be written now. Ask the coordinator to open a new reporting period."));
		return LIA_ECONFLICT;
	}
	json_t *values = req_own(r, form_read(r, spec));
	if (req_field(r, "preview") && !r->want_json)
		return update_preview(r, out, raw, values, options);
	json_t *errors = req_own(r, json_object());
	form_check(r, spec, values, options, errors);
	page_update_health_check(r, values, errors);
	if (json_object_size(errors) == 0) {
		rc = update_save(r, out, id, values, errors);
		if (rc != 0 || json_object_size(errors) == 0)
			return rc;
	}
	return form_fail(r, out, "update_form", update_title(r, raw), update_data(r, spec, raw, values, errors, options),
	                 errors);
}

/* The update from the path (owned by the request), if this user may add
 * the expert's assessment. */
static int load_for_assessing(struct req *r, struct resp *out, long long *id, json_t **u)
{
	if (!r->user->expert || !r->user->person_id) {
		out->detail = TR(r->lang, N_("Only an experience expert can add the assessment of the experience expert."));
		return LIA_EFORBIDDEN;
	}
	int rc = req_param_id(r, 0, TR(r->lang, N_("progress update")), out, id);
	if (rc == 0)
		rc = page_found(r, out, store_update_raw(r->store, *id, u), N_("There is no progress update with this number."));
	if (rc != 0)
		return rc;
	req_own(r, *u);
	const char *state = json_string_value(json_object_get(*u, "period_state"));
	if (*form_val(*u, "expert_assessment"))
		out->detail = TR(r->lang, N_("This progress update already has an assessment of an experience expert. It cannot be changed. You can give your view in the next progress update."));
	else if (!state || strcmp(state, "open") != 0)
		out->detail = TR(r->lang, N_("The report of this period is published and does not change. You can give your view in the next progress update."));
	else
		return 0;
	return LIA_ECONFLICT;
}

static const char *assessment_title(struct req *r, json_t *u)
{
	return arena_printf(r->arena, "%s: %s %s", TR(r->lang, N_("Add assessment")), form_val(u, "action_code"),
	                    form_val(u, "action_title"));
}

static json_t *assessment_data(struct req *r, json_t *u, json_t *values, json_t *errors)
{
	json_t *d = json_pack("{s:o, s:O}", "form", form_view(r, &assessment_form, values, errors, NULL), "update", u);
	add_due(r, d, "due");
	return d;
}

int page_assessment_form(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL;
	int rc = load_for_assessing(r, out, &id, &u);
	if (rc != 0)
		return rc;
	out->template = "assessment_form";
	out->title = assessment_title(r, u);
	out->data = assessment_data(r, u, NULL, NULL);
	return 0;
}

int page_assessment_save(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL;
	json_t *values = req_own(r, form_read(r, &assessment_form));
	json_t *errors = req_own(r, json_object());
	int rc = load_for_assessing(r, out, &id, &u);
	if (rc != 0)
		return rc;
	if (form_check(r, &assessment_form, values, NULL, errors) > 0)
		return form_fail(r, out, "assessment_form", assessment_title(r, u), assessment_data(r, u, values, errors),
		                 errors);
	struct actor a = page_actor(r);
	const char *field = NULL;
	rc = store_update_assess(r->store, &a, id, r->user->person_id, form_val(values, "expert_assessment"), &field);
	long long newer = 0;
	if (rc == LIA_ECONFLICT && store_update_corrected_by(r->store, id, &newer) == 0 && newer > 0)
		out->detail = arena_printf(r->arena, TR(r->lang, N_("The dossier holder has corrected this progress update. Assess the new version: /updates/%lld/assessment")), newer);
	else if (rc == LIA_ECONFLICT)
		out->detail = TR(r->lang, N_("This progress update already has an assessment of an experience expert, or its report is published. It cannot be changed."));
	if (rc != 0)
		return rc;
	long long action_id = (long long)json_integer_value(json_object_get(u, "action_point_id"));
	out->redirect = arena_printf(r->arena, "/actions/%lld#update-%lld", action_id, id);
	out->flash = "saved";
	return r->want_json ? store_update_raw(r->store, id, &out->data) : 0;
}

void page_action_flags(const struct req *r, json_t *action)
{
	if (!r->user || !json_is_object(action))
		return;
	json_object_set_new(action, "can_edit", json_boolean(page_role_at_least(r, PERM_MEMBER)));
	json_object_set_new(action, "can_write_update",
	                    json_boolean(page_role_at_least(r, PERM_DOSSIER) && may_write(r, action)));
	add_due(r, action, "open_period");
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(action, "updates"), i, u) {
		const char *ea = json_string_value(json_object_get(u, "expert_assessment"));
		const char *st = json_string_value(json_object_get(u, "period_state"));
		json_object_set_new(u, "can_assess", json_boolean(r->user->expert && r->user->person_id && ea && !*ea &&
		                                                  st && strcmp(st, "open") == 0));
		page_update_correct_flags(r, u); /* edit_corrections.c */
	}
}
