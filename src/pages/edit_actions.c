/*
 * edit_actions: creating, changing and withdrawing action points (project
 * members and the coordinator). One form spec serves the create and the edit
 * page, the HTML forms and the JSON API. Withdrawing never deletes: it adds a
 * progress update with status 'vervallen' and the reason, in the latest open
 * reporting period, so the history and published reports stay as they were.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field action_fields[] = {
	{"code", N_("Code"), N_("A short code that no other action point has, like W-07."), FIELD_TEXT, true, 20, "off", false},
	{"title", N_("Title"), NULL, FIELD_TEXT, true, 200, "off", false},
	{"description", N_("Description"), N_("What will be done, and for whom."), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"theme_id", N_("Theme"), N_("To move the action point to another theme, choose that theme."), FIELD_SELECT, true, 0, NULL, false},
	{"dossier_holder_id", N_("Dossier holder"), N_("The person who is responsible for this action point."), FIELD_SELECT, false, 0, NULL, false},
	{"partners", N_("Partners"), N_("Tick the organisations that work on this action point."), FIELD_CHECKBOXES, false, 0, NULL, false},
	{"articles", N_("Articles of the UN Convention"), N_("Tick the articles this action point helps to carry out."), FIELD_CHECKBOXES, false, 0, NULL, false},
	{"starts_on", N_("Start date"), N_("As year-month-day, like 2024-03-31. You may leave it empty."), FIELD_DATE, false, 0, NULL, false},
	{"due_on", N_("Due date"), N_("As year-month-day, like 2024-12-31. You may leave it empty."), FIELD_DATE, false, 0, NULL, false},
};
static const struct form_spec action_form = FORM_SPEC(action_fields);

static const struct field withdraw_fields[] = {
	{"reason", N_("Reason"), N_("Explain in a few sentences why this action point stops. This text is part of the progress report."), FIELD_TEXTAREA, true, 5000, NULL, false},
};
static const struct form_spec withdraw_form = FORM_SPEC(withdraw_fields);

static struct actor req_actor(const struct req *r)
{
	return (struct actor){.user_id = r->user->id, .request_id = r->id, .now = r->now};
}

static const char *no_action(const struct req *r)
{
	return TR(r->lang, N_("There is no action point with this number. See the list of action points."));
}

/* The action point's id from the path, and its row; sets detail on failure. */
static int load_action(struct req *r, struct resp *out, long long *id, json_t **raw)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("action point")), out, id);
	if (rc == 0)
		rc = store_action_raw(r->store, *id, raw);
	if (rc == LIA_ENOTFOUND)
		out->detail = no_action(r);
	return rc;
}

/* An integer (from the database) as the text a form field holds. */
static json_t *id_text(json_t *v)
{
	char num[24];
	if (!json_is_integer(v))
		return json_string("");
	snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
	return json_string(num);
}

/* The stored action point as form values. */
static json_t *values_of(json_t *raw)
{
	json_t *v = json_pack("{s:O, s:O, s:O, s:o, s:o, s:O, s:O}", "code", json_object_get(raw, "code"), "title",
	                      json_object_get(raw, "title"), "description", json_object_get(raw, "description"),
	                      "theme_id", id_text(json_object_get(raw, "theme_id")), "dossier_holder_id",
	                      id_text(json_object_get(raw, "dossier_holder_id")), "starts_on",
	                      json_object_get(raw, "starts_on"), "due_on", json_object_get(raw, "due_on"));
	const char *lists[] = {"partners", "articles"};
	for (int k = 0; k < 2; k++) {
		json_t *arr = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(raw, lists[k]), i, e)
			json_array_append_new(arr, id_text(e));
		json_object_set_new(v, lists[k], arr);
	}
	return v;
}

/* The page data for the action point form. id 0 means a new action point. */
static json_t *action_data(struct req *r, long long id, json_t *raw, json_t *values, json_t *errors, json_t *choices)
{
	json_t *d = json_pack("{s:o, s:b, s:s}", "form", form_view(r, &action_form, values, errors, choices), "is_edit",
	                      id != 0, "action_url", id ? arena_printf(r->arena, "/actions/%lld", id) : "/actions");
	json_object_set_new(d, "cancel_url", json_string(id ? arena_printf(r->arena, "/actions/%lld", id) : "/actions"));
	if (raw)
		json_object_set_new(d, "action", json_pack("{s:O, s:O, s:O}", "id", json_object_get(raw, "id"), "code",
		                                           json_object_get(raw, "code"), "title", json_object_get(raw, "title")));
	return d;
}

static const char *action_title(struct req *r, json_t *raw)
{
	if (!raw)
		return TR(r->lang, N_("New action point"));
	return arena_printf(r->arena, "%s %s", TR(r->lang, N_("Edit action point")),
	                    json_string_value(json_object_get(raw, "code")));
}

/* An array of ids (text) as numbers in the arena. */
static const long long *ids_of(struct req *r, json_t *arr, size_t *n)
{
	*n = json_array_size(arr);
	long long *ids = arena_alloc(r->arena, (*n ? *n : 1) * sizeof(*ids));
	for (size_t i = 0; i < *n; i++)
		ids[i] = strtoll(json_string_value(json_array_get(arr, i)), NULL, 10);
	return ids;
}

static long long id_of(json_t *values, const char *name)
{
	return strtoll(json_string_value(json_object_get(values, name)), NULL, 10);
}

static const char *val(json_t *values, const char *name)
{
	return json_string_value(json_object_get(values, name));
}

int page_action_new(struct req *r, struct resp *out)
{
	json_t *choices = NULL;
	int rc = store_action_choices(r->store, r->lang, &choices);
	if (rc != 0)
		return rc;
	/* From a theme page: ?theme=ID chooses that theme already. */
	json_t *values = json_object();
	const char *theme = req_query(r, "theme");
	if (theme && strspn(theme, "0123456789") == strlen(theme))
		json_object_set_new(values, "theme_id", json_string(theme));
	out->template = "action_form";
	out->title = action_title(r, NULL);
	out->data = action_data(r, 0, NULL, values, NULL, choices);
	json_decref(values);
	json_decref(choices);
	return 0;
}

int page_action_edit(struct req *r, struct resp *out)
{
	long long id;
	json_t *raw = NULL, *choices = NULL;
	int rc = load_action(r, out, &id, &raw);
	if (rc == 0)
		rc = store_action_choices(r->store, r->lang, &choices);
	if (rc == 0) {
		json_t *values = values_of(raw);
		out->template = "action_form";
		out->title = action_title(r, raw);
		out->data = action_data(r, id, raw, values, NULL, choices);
		json_decref(values);
	}
	json_decref(raw);
	json_decref(choices);
	return rc;
}

/* Create (id 0) or change an action point from the submitted form. */
static int action_save(struct req *r, struct resp *out, long long id)
{
	json_t *raw = NULL, *choices = NULL;
	json_t *values = form_read(r, &action_form);
	json_t *errors = json_object();
	int rc = 0;
	if (id && (rc = load_action(r, out, &id, &raw)) != 0)
		goto done;
	if ((rc = store_action_choices(r->store, r->lang, &choices)) != 0)
		goto done;
	form_check(r, &action_form, values, choices, errors);
	const char *start = val(values, "starts_on"), *due = val(values, "due_on");
	if (*start && *due && !json_object_get(errors, "starts_on") && strcmp(due, start) < 0)
		form_error(errors, "due_on", TR(r->lang, N_("The due date cannot be before the start date. Change one of the two dates.")));
	struct action_input in = {0};
	const char *field = NULL;
	if (json_object_size(errors) == 0) {
		in = (struct action_input){.code = val(values, "code"), .title = val(values, "title"),
		                           .description = val(values, "description"), .theme_id = id_of(values, "theme_id"),
		                           .dossier_holder_id = id_of(values, "dossier_holder_id"),
		                           .starts_on = start, .due_on = due};
		in.partners = ids_of(r, json_object_get(values, "partners"), &in.npartners);
		in.articles = ids_of(r, json_object_get(values, "articles"), &in.narticles);
		struct actor a = req_actor(r);
		long long new_id = 0;
		rc = id ? store_action_edit(r->store, &a, id, &in, &field) : store_action_create(r->store, &a, &in, &new_id, &field);
		if (rc == 0) {
			long long target = id ? id : new_id;
			out->redirect = arena_printf(r->arena, "/actions/%lld", target);
			out->flash = "saved";
			if (r->want_json) {
				struct viewer v = page_viewer(r);
				rc = store_action(r->store, &v, target, &out->data);
				out->status = id ? 200 : 201;
			}
			goto done;
		}
		if (rc == LIA_ECONFLICT && field && strcmp(field, "code") == 0)
			form_error(errors, "code", TR(r->lang, N_("Another action point already has this code. Choose a different code.")));
		else if (rc == LIA_EINVAL && field && strcmp(field, "due_on") == 0)
			form_error(errors, "due_on", TR(r->lang, N_("The due date cannot be before the start date. Change one of the two dates.")));
		else if (rc == LIA_EINVAL && field)
			form_error(errors, field, TR(r->lang, N_("Choose from the options given.")));
		else
			goto done;
	}
	rc = form_fail(r, out, "action_form", action_title(r, raw), action_data(r, id, raw, values, errors, choices), errors);
done:
	json_decref(raw);
	json_decref(choices);
	json_decref(values);
	json_decref(errors);
	return rc;
}

int page_action_create(struct req *r, struct resp *out)
{
	return action_save(r, out, 0);
}

int page_action_update(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("action point")), out, &id);
	return rc ? rc : action_save(r, out, id);
}

/* The newest open reporting period, or 0 with a message in detail. */
static int open_period(struct req *r, struct resp *out, long long *period_id, const char **period_name)
{
	json_t *periods = NULL;
	int rc = store_update_periods(r->store, &periods);
	if (rc != 0)
		return rc;
	json_t *first = json_array_get(periods, 0);
	*period_id = first ? strtoll(json_string_value(json_object_get(first, "value")), NULL, 10) : 0;
	*period_name = first ? arena_printf(r->arena, "%s", json_string_value(json_object_get(first, "label"))) : NULL;
	json_decref(periods);
	if (!first) {
		out->detail = TR(r->lang, N_("There is no open reporting period, so nothing can be added now. Ask the coordinator to open a new reporting period."));
		return LIA_ECONFLICT;
	}
	return 0;
}

static json_t *withdraw_data(struct req *r, json_t *raw, const char *period, json_t *values, json_t *errors)
{
	return json_pack("{s:o, s:{s:O, s:O, s:O}, s:s}", "form", form_view(r, &withdraw_form, values, errors, NULL),
	                 "action", "id", json_object_get(raw, "id"), "code", json_object_get(raw, "code"), "title",
	                 json_object_get(raw, "title"), "period", period);
}

static const char *withdraw_title(struct req *r, json_t *raw)
{
	return arena_printf(r->arena, "%s %s", TR(r->lang, N_("Withdraw action point")),
	                    json_string_value(json_object_get(raw, "code")));
}

int page_action_withdraw_form(struct req *r, struct resp *out)
{
	long long id, period_id;
	const char *period;
	json_t *raw = NULL;
	int rc = load_action(r, out, &id, &raw);
	if (rc == 0)
		rc = open_period(r, out, &period_id, &period);
	if (rc == 0) {
		out->template = "action_withdraw";
		out->title = withdraw_title(r, raw);
		out->data = withdraw_data(r, raw, period, NULL, NULL);
	}
	json_decref(raw);
	return rc;
}

int page_action_withdraw(struct req *r, struct resp *out)
{
	long long id, period_id, update_id = 0;
	const char *period, *field = NULL;
	json_t *raw = NULL;
	json_t *values = form_read(r, &withdraw_form);
	json_t *errors = json_object();
	int rc = load_action(r, out, &id, &raw);
	if (rc == 0)
		rc = open_period(r, out, &period_id, &period);
	if (rc != 0)
		goto done;
	if (form_check(r, &withdraw_form, values, NULL, errors) == 0) {
		struct actor a = req_actor(r);
		rc = store_action_withdraw(r->store, &a, id, period_id, r->user->person_id, val(values, "reason"),
		                           &update_id, &field);
		if (rc == 0) {
			out->redirect = arena_printf(r->arena, "/actions/%lld", id);
			out->flash = "saved";
			if (r->want_json) {
				struct viewer v = page_viewer(r);
				rc = store_action(r->store, &v, id, &out->data);
				out->status = 201;
			}
			goto done;
		}
		if (rc != LIA_EINVAL)
			goto done;
		form_error(errors, "reason", TR(r->lang, N_("Explain why this action point stops.")));
	}
	rc = form_fail(r, out, "action_withdraw", withdraw_title(r, raw), withdraw_data(r, raw, period, values, errors),
	               errors);
done:
	json_decref(raw);
	json_decref(values);
	json_decref(errors);
	return rc;
}
