/*
 * edit_events: recording and changing events (activiteiten), with the
 * arrangements made to make them accessible (docs/forms.md).
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_events.h"

#include <stdlib.h>
#include <string.h>

static const struct field ev_fields[] = {
	{"name", N_("Name of the event"), NULL, FIELD_TEXT, true, 200, NULL, false},
	{"starts_on", N_("Start date"), N_("Year-month-day, like 2023-10-02."), FIELD_DATE, true, 0, NULL, false},
	{"ends_on", N_("End date"), N_("Only for an event of more than one day. Not before the start date."), FIELD_DATE, false, 0, NULL, false},
	{"location", N_("Location"), NULL, FIELD_TEXT, false, 200, NULL, false},
	{"description", N_("Description"), NULL, FIELD_TEXTAREA, false, 4000, NULL, false},
	{"accessibility", N_("Accessibility arrangements"), N_("For example: sign language interpreters, step-free entrance, a quiet room, texts in easy language."), FIELD_TEXTAREA, false, 4000, NULL, false},
	{"participants", N_("Number of participants"), N_("A whole number. You may leave this empty if you do not know."), FIELD_NUMBER, false, 0, NULL, false},
	{"theme_ids", N_("Themes"), NULL, FIELD_CHECKBOXES, false, 0, NULL, false},
	{"partner_ids", N_("Partner organisations"), N_("The organisations that helped to organise the event."), FIELD_CHECKBOXES, false, 0, NULL, false},
};
static const struct form_spec ev_form = FORM_SPEC(ev_fields);

static long long to_id(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

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

static const char *val(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s ? s : "";
}

static json_t *ev_options(json_t *choices)
{
	return json_pack("{s:O, s:O}", "theme_ids", json_object_get(choices, "themes"), "partner_ids",
	                 json_object_get(choices, "partners"));
}

static json_t *ev_data(struct req *r, json_t *choices, json_t *values, json_t *errors, long long id)
{
	json_t *options = ev_options(choices);
	json_t *d = json_pack("{s:o, s:s}", "form", form_view(r, &ev_form, values, errors, options), "action",
	                      id ? arena_printf(r->arena, "/events/%lld", id) : "/events");
	json_decref(options);
	return d;
}

static const char *ev_title(struct req *r, long long id)
{
	return id ? TR(r->lang, N_("Change event")) : TR(r->lang, N_("Record an event"));
}

static const char *not_found(struct req *r)
{
	return TR(r->lang, N_("There is no event with this number. See the list of events."));
}

static int ev_form_page(struct req *r, struct resp *out, long long id)
{
	json_t *values = NULL, *choices = NULL;
	if (id) {
		json_t *row = NULL;
		int rc = store_event_get(r->store, id, &row);
		if (rc == LIA_ENOTFOUND)
			out->detail = not_found(r);
		if (rc)
			return rc;
		values = json_object();
		const char *key;
		json_t *x;
		json_object_foreach(row, key, x) {
			if (json_is_integer(x))
				json_object_set_new(values, key,
				                    json_string(arena_printf(r->arena, "%lld", (long long)json_integer_value(x))));
			else if (json_is_null(x))
				json_object_set_new(values, key, json_string(""));
			else
				json_object_set(values, key, x);
		}
		json_decref(row);
	}
	struct viewer v = page_viewer(r);
	int rc = store_event_choices(r->store, &v, &choices);
	if (rc) {
		json_decref(values);
		return rc;
	}
	out->template = "event_form";
	out->title = ev_title(r, id);
	out->data = ev_data(r, choices, values, NULL, id);
	json_decref(choices);
	json_decref(values);
	return 0;
}

static int ev_save(struct req *r, struct resp *out, long long id)
{
	bool create = id == 0;
	json_t *choices = NULL;
	struct viewer v = page_viewer(r);
	int rc = store_event_choices(r->store, &v, &choices);
	if (rc)
		return rc;
	json_t *values = form_read(r, &ev_form);
	json_t *errors = json_object();
	json_t *options = ev_options(choices);
	form_check(r, &ev_form, values, options, errors);
	json_decref(options);
	const char *starts = val(values, "starts_on"), *ends = val(values, "ends_on");
	if (!json_object_get(errors, "starts_on") && !json_object_get(errors, "ends_on") && *starts && *ends &&
	    strcmp(ends, starts) < 0)
		form_error(errors, "ends_on", TR(r->lang, N_("The end date is before the start date. Fill in an end date on or after the start date.")));
	const char *np = val(values, "participants");
	if (!json_object_get(errors, "participants") && *np == '-')
		form_error(errors, "participants", TR(r->lang, N_("The number of participants cannot be less than 0.")));
	if (json_object_size(errors) == 0) {
		struct event_input in = {
			.name = val(values, "name"),
			.starts_on = starts,
			.ends_on = ends,
			.location = val(values, "location"),
			.description = val(values, "description"),
			.accessibility = val(values, "accessibility"),
			.participants = *np ? strtoll(np, NULL, 10) : -1,
			.themes = ids_of(r, json_object_get(values, "theme_ids")),
			.partners = ids_of(r, json_object_get(values, "partner_ids")),
		};
		struct actor a = {.user_id = r->user->id, .request_id = r->id, .now = r->now};
		const char *field = NULL;
		rc = id ? store_event_update(r->store, &a, id, &in, &field)
		        : store_event_create(r->store, &a, &in, &field, &id);
		if (rc == LIA_EINVAL) {
			form_error(errors, field ? field : "_body",
			           TR(r->lang, N_("This choice does not exist (any more). Choose from the options given.")));
			rc = 0;
		} else if (rc == LIA_ENOTFOUND) {
			out->detail = not_found(r);
		}
	}
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "event_form", ev_title(r, id), ev_data(r, choices, values, errors, id), errors);
	} else if (rc == 0) {
		out->redirect = arena_printf(r->arena, "/events#event-%lld", id);
		out->flash = "saved";
		if (r->want_json) {
			rc = store_event_get(r->store, id, &out->data);
			out->status = create ? 201 : 200;
		}
	}
	json_decref(choices);
	json_decref(values);
	json_decref(errors);
	return rc;
}

int page_event_new(struct req *r, struct resp *out)
{
	return ev_form_page(r, out, 0);
}

int page_event_create(struct req *r, struct resp *out)
{
	return ev_save(r, out, 0);
}

int page_event_edit(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("event")), out, &id);
	return rc ? rc : ev_form_page(r, out, id);
}

int page_event_update(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("event")), out, &id);
	return rc ? rc : ev_save(r, out, id);
}
