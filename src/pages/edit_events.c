/*
 * edit_events: recording and changing events (activiteiten), with the
 * arrangements made to make them accessible: a resource served by the
 * generic form handlers (docs/resources.md).
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/resource.h"
#include "store/w_events.h"

#include <stdlib.h>
#include <string.h>

static const struct field ev_fields[] = {
	{"name", N_("Name of the event"), NULL, FIELD_TEXT, true, 200, NULL, false},
	{"starts_on", N_("Start date"), NULL, FIELD_DATE, true, 0, NULL, false},
	{"ends_on", N_("End date"), N_("Only for an event of more than one day. Not before the start date."), FIELD_DATE, false, 0, NULL, false},
	{"location", N_("Location"), NULL, FIELD_TEXT, false, 200, NULL, false},
	{"description", N_("Description"), NULL, FIELD_TEXTAREA, false, 4000, NULL, false},
	{"accessibility", N_("Accessibility arrangements"), N_("For example: sign language interpreters, step-free entrance, a quiet room, texts in easy language."), FIELD_TEXTAREA, false, 4000, NULL, false},
	{"participants", N_("Number of participants"), N_("A whole number. You may leave this empty if you do not know."), FIELD_NUMBER, false, 0, NULL, false},
	{"theme_ids", N_("Themes"), NULL, FIELD_CHECKBOXES, false, 0, NULL, false},
	{"partner_ids", N_("Partner organisations"), N_("The organisations that helped to organise the event."), FIELD_CHECKBOXES, false, 0, NULL, false},
};
static const struct form_spec ev_form = FORM_SPEC(ev_fields);

static int ev_choices(struct req *r, json_t **choices)
{
	struct viewer v = page_viewer(r);
	return store_event_choices(r->store, &v, choices);
}

static json_t *ev_options(struct res_ctx *c)
{
	return json_pack("{s:O, s:O}", "theme_ids", json_object_get(c->choices, "themes"), "partner_ids",
	                 json_object_get(c->choices, "partners"));
}

static void ev_check(struct res_ctx *c)
{
	const char *starts = form_val(c->values, "starts_on"), *ends = form_val(c->values, "ends_on");
	if (!json_object_get(c->errors, "starts_on") && !json_object_get(c->errors, "ends_on") && *starts && *ends &&
	    strcmp(ends, starts) < 0)
		form_error(c->errors, "ends_on", TR(c->r->lang, N_("The end date is before the start date. Fill in an end date on or after the start date.")));
	if (!json_object_get(c->errors, "participants") && *form_val(c->values, "participants") == '-')
		form_error(c->errors, "participants", TR(c->r->lang, N_("The number of participants cannot be less than 0.")));
}

static int ev_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *values = c->values;
	const char *np = form_val(values, "participants");
	struct event_input in = {
		.name = form_val(values, "name"),
		.starts_on = form_val(values, "starts_on"),
		.ends_on = form_val(values, "ends_on"),
		.location = form_val(values, "location"),
		.description = form_val(values, "description"),
		.accessibility = form_val(values, "accessibility"),
		.participants = *np ? strtoll(np, NULL, 10) : -1,
		.themes = form_ids(c->r, json_object_get(values, "theme_ids")),
		.partners = form_ids(c->r, json_object_get(values, "partner_ids")),
	};
	return *id ? store_event_update(c->r->store, &c->actor, *id, &in, field)
	           : store_event_create(c->r->store, &c->actor, &in, field, id);
}

const struct resource res_event = {
	.form = &ev_form,
	.template = "event_form",
	.path = "/events",
	.what = N_("event"),
	.title_new = N_("Record an event"),
	.title_edit = N_("Change event"),
	.not_found = N_("There is no event with this number. See the list of events."),
	.after = "/events#event-",
	.after_id = true,
	.get = store_event_get,
	.choices = ev_choices,
	.options = ev_options,
	.check = ev_check,
	.save = ev_save,
};
