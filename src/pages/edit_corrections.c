/*
 * edit_corrections: correcting one's own text while the period is open, and
 * the history of a progress update's versions. The dossier holder who wrote
 * an update corrects the update (status, health, progress, explanation, own
 * assessment); the experience expert who assessed it corrects the
 * assessment. Nobody else does, the coordinator included: a correction
 * speaks in its author's name. A correction is a new version (a new row that
 * replaces the old one, store_update_correct); the old version stays in the
 * history, which signed-in users can read, marked with who corrected it and
 * when. The public sees only the current text, marked "corrected on".
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "pages/updates.h"
#include "store/w_actions.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

/* The dossier holder's texts: the progress form without period and expert. */
static const struct form_spec correction_form = {page_update_fields + 1, PAGE_UPDATE_FIELDS - 2};

static const struct field assessment_fields[] = {
	{"expert_assessment", N_("Assessment of the experience expert"), N_("Your view as an experience expert: does this help the people it is for? This text is part of the progress report."), FIELD_TEXTAREA, true, 5000, NULL, false},
};
static const struct form_spec assessment_form = FORM_SPEC(assessment_fields);

static bool is_open_newest(json_t *u)
{
	const char *st = json_string_value(json_object_get(u, "period_state"));
	const char *status = json_string_value(json_object_get(u, "status"));
	return st && strcmp(st, "open") == 0 && json_is_true(json_object_get(u, "is_newest")) &&
	       status && strcmp(status, "vervallen") != 0;
}

static bool is_mine(const struct req *r, json_t *u, const char *key)
{
	json_t *who = json_object_get(u, key);
	return r->user && r->user->person_id && json_is_integer(who) && json_integer_value(who) == r->user->person_id;
}

void page_update_correct_flags(const struct req *r, json_t *u)
{
	const char *ea = json_string_value(json_object_get(u, "expert_assessment"));
	bool open = is_open_newest(u);
	json_object_set_new(u, "can_correct", json_boolean(open && is_mine(r, u, "author_id")));
	json_object_set_new(u, "can_correct_assessment", json_boolean(open && ea && *ea && is_mine(r, u, "expert_id")));
	json_object_set_new(u, "can_see_history", json_boolean(json_is_integer(json_object_get(u, "corrects"))));
}

/* The message for a refusal of store_update_correct or of the checks below. */
static const char *refusal(struct req *r, const char *why, bool assessment)
{
	if (why && strcmp(why, "not_author") == 0)
		return assessment ? TR(r->lang, N_("Only the experience expert who wrote this assessment can correct it. You can give your own view in a new progress update."))
		                  : TR(r->lang, N_("Only the person who wrote this progress update can correct it. You can write a new progress update instead."));
	if (why && strcmp(why, "published") == 0)
		return TR(r->lang, N_("The report of this period is published and does not change. You can write a new progress update in the next period."));
	if (why && strcmp(why, "not_newest") == 0)
		return TR(r->lang, N_("There is a newer version or a newer progress update in this period. Only the newest one can be corrected."));
	if (why && strcmp(why, "withdrawal") == 0)
		return TR(r->lang, N_("This progress update withdraws the action point. It cannot be corrected."));
	return TR(r->lang, N_("This progress update has no assessment of an experience expert yet. Add one instead."));
}

/* The update from the path (owned by the request), if this user may correct
 * its part now; otherwise the refusal, with what to do instead. */
static int load_for_correcting(struct req *r, struct resp *out, bool assessment, long long *id, json_t **u)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("progress update")), out, id);
	if (rc == 0)
		rc = page_found(r, out, store_update_raw(r->store, *id, u), N_("There is no progress update with this number."));
	if (rc != 0)
		return rc;
	req_own(r, *u);
	const char *why = NULL;
	const char *ea = json_string_value(json_object_get(*u, "expert_assessment"));
	const char *st = json_string_value(json_object_get(*u, "period_state"));
	const char *status = json_string_value(json_object_get(*u, "status"));
	if (!is_mine(r, *u, assessment ? "expert_id" : "author_id"))
		why = "not_author";
	else if (!st || strcmp(st, "open") != 0)
		why = "published";
	else if (!json_is_true(json_object_get(*u, "is_newest")))
		why = "not_newest";
	else if (status && strcmp(status, "vervallen") == 0)
		why = "withdrawal";
	else if (assessment && !(ea && *ea))
		why = "no_assessment";
	if (!why)
		return 0;
	out->detail = refusal(r, why, assessment);
	return strcmp(why, "not_author") == 0 ? LIA_EFORBIDDEN : LIA_ECONFLICT;
}

static const char *correction_title(struct req *r, json_t *u, bool assessment)
{
	return arena_printf(r->arena, "%s: %s %s",
	                    assessment ? TR(r->lang, N_("Correct assessment")) : TR(r->lang, N_("Correct progress")),
	                    form_val(u, "action_code"), form_val(u, "action_title"));
}

static json_t *correction_data(struct req *r, json_t *u, bool assessment, json_t *values, json_t *errors)
{
	json_t *options = assessment ? NULL
	                             : req_own(r, json_pack("{s:o, s:o}", "status", page_update_status_options(r->lang),
	                                                    "health", vocab_options("health", r->lang)));
	return json_pack("{s:o, s:O, s:b}", "form",
	                 form_view(r, assessment ? &assessment_form : &correction_form, values, errors, options), "update",
	                 u, "is_assessment", assessment);
}

static void correction_show(struct req *r, struct resp *out, json_t *u, bool assessment, json_t *values)
{
	out->template = "correction_form";
	out->title = correction_title(r, u, assessment);
	out->data = correction_data(r, u, assessment, values, NULL);
}

static int correction_form_page(struct req *r, struct resp *out, bool assessment)
{
	long long id;
	json_t *u = NULL;
	int rc = load_for_correcting(r, out, assessment, &id, &u);
	if (rc != 0)
		return rc;
	/* Start from the text as it is now. */
	correction_show(r, out, u, assessment, req_own(r, form_values_of(r, u)));
	return 0;
}

int page_correction_form(struct req *r, struct resp *out)
{
	return correction_form_page(r, out, false);
}

int page_assessment_correction_form(struct req *r, struct resp *out)
{
	return correction_form_page(r, out, true);
}

static int correction_save(struct req *r, struct resp *out, bool assessment)
{
	long long id;
	json_t *u = NULL;
	const struct form_spec *spec = assessment ? &assessment_form : &correction_form;
	int rc = load_for_correcting(r, out, assessment, &id, &u);
	if (rc != 0)
		return rc;
	json_t *values = req_own(r, form_read(r, spec));
	if (!assessment && req_field(r, "preview") && !r->want_json) {
		const char *md = form_val(values, "progress_md");
		char *html = present_markdown(md, strlen(md));
		correction_show(r, out, u, assessment, values);
		json_object_set_new(out->data, "preview_html", json_string(html ? html : ""));
		json_object_set_new(out->data, "has_preview", json_true());
		free(html);
		return 0;
	}
	json_t *errors = req_own(r, json_object());
	json_t *options = assessment ? NULL
	                             : req_own(r, json_pack("{s:o, s:o}", "status", page_update_status_options(r->lang),
	                                                    "health", vocab_options("health", r->lang)));
	form_check(r, spec, values, options, errors);
	if (!assessment)
		page_update_health_check(r, values, errors);
	if (json_object_size(errors) == 0) {
		struct correction_input in = {
			.update_id = id, .person_id = r->user->person_id, .part = assessment ? "assessment" : "update",
			.status = form_val(values, "status"), .health = form_val(values, "health"),
			.progress_md = form_val(values, "progress_md"), .health_cause = form_val(values, "health_cause"),
			.health_consequence = form_val(values, "health_consequence"),
			.health_measures = form_val(values, "health_measures"),
			.holder_assessment = form_val(values, "holder_assessment"),
			.expert_assessment = form_val(values, "expert_assessment"),
		};
		struct actor a = page_actor(r);
		const char *field = NULL, *why = NULL;
		long long new_id = 0;
		rc = store_update_correct(r->store, &a, &in, &new_id, &field, &why);
		if (rc == 0) {
			long long action_id = (long long)json_integer_value(json_object_get(u, "action_point_id"));
			out->redirect = arena_printf(r->arena, "/actions/%lld#update-%lld", action_id, new_id);
			out->flash = "corrected";
			return r->want_json ? store_update_raw(r->store, new_id, &out->data) : 0;
		}
		if (why) {
			out->detail = refusal(r, why, assessment);
			return rc;
		}
		if (rc != LIA_EINVAL || !field)
			return rc;
		form_error(errors, field, TR(r->lang, N_("Choose from the options given.")));
	}
	return form_fail(r, out, "correction_form", correction_title(r, u, assessment),
	                 correction_data(r, u, assessment, values, errors), errors);
}

int page_correction_save(struct req *r, struct resp *out)
{
	return correction_save(r, out, false);
}

int page_assessment_correction_save(struct req *r, struct resp *out)
{
	return correction_save(r, out, true);
}

int page_update_history(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL, *versions = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, N_("progress update")), out, &id);
	if (rc == 0)
		rc = page_found(r, out, store_update_raw(r->store, id, &u), N_("There is no progress update with this number."));
	if (rc != 0)
		return rc;
	req_own(r, u);
	if ((rc = store_update_versions(r->store, id, &versions)) != 0)
		return rc;
	out->template = "update_history";
	out->title = arena_printf(r->arena, "%s: %s %s", TR(r->lang, N_("Earlier versions")), form_val(u, "action_code"),
	                          form_val(u, "action_title"));
	out->data = json_pack("{s:O, s:o, s:b}", "update", u, "versions", versions, "is_current",
	                      json_is_true(json_object_get(u, "is_current")));
	return 0;
}
