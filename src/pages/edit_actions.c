/*
 * edit_actions: creating, changing and withdrawing action points (project
 * members and the coordinator). Creating and changing is a resource served
 * by the generic form handlers (pages/resource.h): one form spec for the
 * create and the edit page, the HTML forms and the JSON API. Withdrawing is
 * its own small form and never deletes: it adds a progress update with
 * status 'vervallen' and the reason, in the latest open reporting period,
 * so the history and published reports stay as they were.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/resource.h"
#include "store/w_actions.h"

#include <string.h>

static const struct field action_fields[] = {
	{"code", N_("Code"), N_("A short code that no other action point has, like W-07."), FIELD_TEXT, true, 20, "off", false},
	{"title", N_("Title"), NULL, FIELD_TEXT, true, 200, "off", false},
	{"description", N_("Description"), N_("What will be done, and for whom."), FIELD_TEXTAREA, false, 5000, NULL, false},
	{"theme_id", N_("Theme"), N_("To move the action point to another theme, choose that theme."), FIELD_SELECT, true, 0, NULL, false},
	{"dossier_holder_id", N_("Dossier holder"), N_("The person who is responsible for this action point."), FIELD_SELECT, false, 0, NULL, false},
	{"partners", N_("Partners"), N_("Tick the organisations that work on this action point."), FIELD_CHECKBOXES, false, 0, NULL, false},
	{"articles", N_("Articles of the UN Convention"), N_("Tick the articles this action point helps to carry out."), FIELD_CHECKBOXES, false, 0, NULL, false},
	{"starts_on", N_("Start date"), N_("You may leave it empty."), FIELD_DATE, false, 0, NULL, false},
	{"due_on", N_("Due date"), N_("You may leave it empty."), FIELD_DATE, false, 0, NULL, false},
};
static const struct form_spec action_form = FORM_SPEC(action_fields);

static const struct field withdraw_fields[] = {
	{"reason", N_("Reason"), N_("Explain in a few sentences why this action point stops. This text is part of the progress report."), FIELD_TEXTAREA, true, 5000, NULL, false},
};
static const struct form_spec withdraw_form = FORM_SPEC(withdraw_fields);

static const char *const no_action = N_("There is no action point with this number. See the list of action points.");
static const char *const due_before_start = N_("The due date cannot be before the start date. Change one of the two dates.");

/* ---- creating and changing ---- */

static int act_choices(struct req *r, json_t **choices)
{
	return store_action_choices(r->store, r->lang, choices);
}

/* The store's choices are the options already ({field: [{value, label}]}). */
static json_t *act_options(struct res_ctx *c)
{
	return json_incref(c->choices);
}

/* From a theme page: ?theme=ID chooses that theme already. */
static json_t *act_blank(struct res_ctx *c)
{
	json_t *values = json_object();
	const char *theme = req_query(c->r, "theme");
	if (theme && strspn(theme, "0123456789") == strlen(theme))
		json_object_set_new(values, "theme_id", json_string(theme));
	return values;
}

/* The stored action point as form values: its partners and articles are
 * numbers in the store (and the audit log), text in a form. */
static json_t *act_values(struct res_ctx *c)
{
	json_t *values = form_values_of(c->r, c->row);
	static const char *const lists[] = {"partners", "articles"};
	for (size_t k = 0; k < sizeof(lists) / sizeof(*lists); k++) {
		json_t *ids = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(c->row, lists[k]), i, e)
			json_array_append_new(ids, json_string(arena_printf(c->r->arena, "%lld",
			                                                    (long long)json_integer_value(e))));
		json_object_set_new(values, lists[k], ids);
	}
	return values;
}

static void act_check(struct res_ctx *c)
{
	const char *start = form_val(c->values, "starts_on"), *due = form_val(c->values, "due_on");
	if (*start && *due && !json_object_get(c->errors, "starts_on") && strcmp(due, start) < 0)
		form_error(c->errors, "due_on", TR(c->r->lang, due_before_start));
}

static int act_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *v = c->values;
	struct id_list partners = form_ids(c->r, json_object_get(v, "partners"));
	struct id_list articles = form_ids(c->r, json_object_get(v, "articles"));
	struct action_input in = {
		.code = form_val(v, "code"), .title = form_val(v, "title"), .description = form_val(v, "description"),
		.theme_id = form_id(form_val(v, "theme_id")),
		.dossier_holder_id = form_id(form_val(v, "dossier_holder_id")),
		.starts_on = form_val(v, "starts_on"), .due_on = form_val(v, "due_on"),
		.partners = partners.v, .npartners = partners.n, .articles = articles.v, .narticles = articles.n,
	};
	return *id ? store_action_edit(c->r->store, &c->actor, *id, &in, field)
	           : store_action_create(c->r->store, &c->actor, &in, id, field);
}

static int act_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	const char *lang = c->r->lang;
	if (rc == LIA_ECONFLICT && field && strcmp(field, "code") == 0)
		form_error(c->errors, "code", TR(lang, N_("Another action point already has this code. Choose a different code.")));
	else if (rc == LIA_EINVAL && field && strcmp(field, "due_on") == 0)
		form_error(c->errors, "due_on", TR(lang, due_before_start));
	else if (rc == LIA_EINVAL && field)
		form_error(c->errors, field, TR(lang, N_("Choose from the options given.")));
	else
		return rc;
	return 0;
}

/* The action point as the API answers it, after saving. */
static int act_answer(struct res_ctx *c, long long id, json_t **out)
{
	struct viewer v = page_viewer(c->r);
	return store_action(c->r->store, &v, id, out);
}

static const char *act_title(struct res_ctx *c)
{
	if (!c->row)
		return TR(c->r->lang, N_("New action point"));
	return arena_printf(c->r->arena, "%s %s", TR(c->r->lang, N_("Edit action point")), form_val(c->row, "code"));
}

/* The heading names the action point being changed; cancel goes back
 * where the form posts (the template uses action for both). */
static void act_data(struct res_ctx *c, json_t *d)
{
	json_object_set_new(d, "is_edit", json_boolean(c->id != 0));
	if (c->row)
		json_object_set_new(d, "point", json_pack("{s:O, s:O, s:O}", "id", json_object_get(c->row, "id"), "code",
		                                          json_object_get(c->row, "code"), "title",
		                                          json_object_get(c->row, "title")));
}

const struct resource res_action = {
	.form = &action_form,
	.template = "action_form",
	.path = "/actions",
	.what = N_("action point"),
	.not_found = no_action,
	.after = "/actions/",
	.after_id = true,
	.get = store_action_raw,
	.choices = act_choices,
	.options = act_options,
	.blank = act_blank,
	.values = act_values,
	.check = act_check,
	.save = act_save,
	.refused = act_refused,
	.answer = act_answer,
	.title = act_title,
	.data = act_data,
	.row_on_save = true,
};

/* ---- withdrawing ---- */

/* The newest open reporting period, or LIA_ECONFLICT with a message in detail. */
static int open_period(struct req *r, struct resp *out, long long *period_id, const char **period_name)
{
	json_t *periods = NULL;
	int rc = store_update_periods(r->store, &periods);
	if (rc != 0)
		return rc;
	json_t *first = json_array_get(req_own(r, periods), 0);
	if (!first) {
		out->detail = TR(r->lang, N_("There is no open reporting period, so nothing can be added now. Ask the coordinator to open a new reporting period."));
		return LIA_ECONFLICT;
	}
	*period_id = form_id(form_val(first, "value"));
	*period_name = form_val(first, "label");
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
	return arena_printf(r->arena, "%s %s", TR(r->lang, N_("Withdraw action point")), form_val(raw, "code"));
}

int page_action_withdraw_form(struct req *r, struct resp *out)
{
	long long id, period_id;
	const char *period;
	json_t *raw = NULL;
	int rc = resource_find(r, out, &res_action, &id, &raw);
	if (rc == 0)
		rc = open_period(r, out, &period_id, &period);
	if (rc != 0)
		return rc;
	out->template = "action_withdraw";
	out->title = withdraw_title(r, raw);
	out->data = withdraw_data(r, raw, period, NULL, NULL);
	return 0;
}

int page_action_withdraw(struct req *r, struct resp *out)
{
	long long id, period_id, update_id = 0;
	const char *period, *field = NULL;
	json_t *raw = NULL;
	json_t *values = req_own(r, form_read(r, &withdraw_form));
	json_t *errors = req_own(r, json_object());
	int rc = resource_find(r, out, &res_action, &id, &raw);
	if (rc == 0)
		rc = open_period(r, out, &period_id, &period);
	if (rc != 0)
		return rc;
	if (form_check(r, &withdraw_form, values, NULL, errors) == 0) {
		struct actor a = page_actor(r);
		rc = store_action_withdraw(r->store, &a, id, period_id, r->user->person_id, form_val(values, "reason"),
		                           &update_id, &field);
		if (rc == 0) {
			out->redirect = arena_printf(r->arena, "/actions/%lld", id);
			out->flash = "saved";
			if (!r->want_json)
				return 0;
			struct viewer v = page_viewer(r);
			out->status = 201;
			return store_action(r->store, &v, id, &out->data);
		}
		if (rc != LIA_EINVAL)
			return rc;
		form_error(errors, "reason", TR(r->lang, N_("Explain why this action point stops.")));
	}
	return form_fail(r, out, "action_withdraw", withdraw_title(r, raw), withdraw_data(r, raw, period, values, errors),
	                 errors);
}
