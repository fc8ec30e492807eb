/*
 * edit_people: the members-only list of people (with contact details and
 * communication needs), the person form and the organisation form
 * (docs/forms.md). Communication needs are saved only with the person's
 * recorded consent; the date of consent is recorded with them.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A positive id from text, or 0. */
static long long to_id(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

static const char *val(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s ? s : "";
}

static bool ticked(json_t *values, const char *name)
{
	return *val(values, name) != '\0';
}

static struct actor actor_of(struct req *r)
{
	return (struct actor){.user_id = r->user->id, .request_id = r->id, .now = r->now};
}

/* A stored row as form values: every value as text, booleans as "1" or "". */
static json_t *as_values(struct req *r, json_t *row)
{
	json_t *v = json_object();
	const char *key;
	json_t *x;
	json_object_foreach(row, key, x) {
		if (json_is_string(x))
			json_object_set(v, key, x);
		else if (json_is_integer(x))
			json_object_set_new(v, key, json_string(arena_printf(r->arena, "%lld", (long long)json_integer_value(x))));
		else if (json_is_true(x))
			json_object_set_new(v, key, json_string("1"));
		else
			json_object_set_new(v, key, json_string(""));
	}
	return v;
}

/* ------------------------------------------------------------------ people */

int page_people(struct req *r, struct resp *out)
{
	json_t *rows = NULL;
	int rc = store_people(r->store, &rows);
	if (rc)
		return rc;
	out->template = "people";
	out->title = TR(r->lang, N_("People"));
	out->data = json_pack("{s:o, s:I}", "items", rows, "count", (json_int_t)json_array_size(rows));
	return 0;
}

enum { P_NAME, P_ORG, P_JOB, P_EMAIL, P_PHONE, P_MUNICIPAL, P_EXPERT, P_NEEDS, P_CONSENT };

static const struct field person_fields[] = {
	[P_NAME] = {"name", N_("Name"), NULL, FIELD_TEXT, true, 200, "off", false},
	[P_ORG] = {"organisation_id", N_("Organisation"), N_("You may leave this empty."), FIELD_SELECT, false, 0, NULL, false},
	[P_JOB] = {"job_title", N_("Job title"), NULL, FIELD_TEXT, false, 200, "off", false},
	[P_EMAIL] = {"email", N_("E-mail address"), N_("Only members of the project group can see this."), FIELD_EMAIL, false, 254, "off", false},
	[P_PHONE] = {"phone", N_("Phone number"), N_("Only members of the project group can see this."), FIELD_TEXT, false, 40, "off", false},
	[P_MUNICIPAL] = {"is_municipal", N_("Works for the municipality"), NULL, FIELD_CHECKBOX, false, 0, NULL, false},
	[P_EXPERT] = {"is_experience_expert", N_("Expert by experience"), N_("Someone with a disability or chronic illness who shares their experience."), FIELD_CHECKBOX, false, 0, NULL, false},
	[P_NEEDS] = {"communication_needs", N_("Communication needs"), N_("For example: needs a sign language interpreter, or information in easy language. Only write this down if the person agrees."), FIELD_TEXTAREA, false, 2000, NULL, false},
	[P_CONSENT] = {"consent", N_("The person agrees that we record their communication needs"), N_("We record the date of today as the date of consent."), FIELD_CHECKBOX, false, 0, NULL, false},
};
static const struct form_spec person_form = FORM_SPEC(person_fields);

static json_t *person_data(struct req *r, json_t *orgs, json_t *values, json_t *errors, long long id)
{
	json_t *options = json_pack("{s:O}", "organisation_id", orgs);
	json_t *d = json_pack("{s:o, s:s}", "form", form_view(r, &person_form, values, errors, options), "action",
	                      id ? arena_printf(r->arena, "/people/%lld", id) : "/people");
	json_decref(options);
	const char *since = values ? json_string_value(json_object_get(values, "consent_recorded_on")) : NULL;
	if (since && *since)
		json_object_set_new(d, "consent_recorded_on", json_string(since));
	return d;
}

static const char *person_title(struct req *r, long long id)
{
	return id ? TR(r->lang, N_("Change person")) : TR(r->lang, N_("Add a person"));
}

static int person_form_page(struct req *r, struct resp *out, long long id)
{
	json_t *values = NULL, *orgs = NULL;
	if (id) {
		json_t *row = NULL;
		int rc = store_person_get(r->store, id, &row);
		if (rc == LIA_ENOTFOUND)
			out->detail = TR(r->lang, N_("There is no person with this number. See the list of people."));
		if (rc)
			return rc;
		values = as_values(r, row);
		json_object_set_new(values, "consent",
		                    json_string(json_is_string(json_object_get(row, "consent_recorded_on")) ? "1" : ""));
		json_decref(row);
	}
	int rc = store_organisation_choices(r->store, &orgs);
	if (rc) {
		json_decref(values);
		return rc;
	}
	out->template = "person_form";
	out->title = person_title(r, id);
	out->data = person_data(r, orgs, values, NULL, id);
	json_decref(orgs);
	json_decref(values);
	return 0;
}

static int person_save(struct req *r, struct resp *out, long long id)
{
	bool create = id == 0;
	json_t *orgs = NULL;
	int rc = store_organisation_choices(r->store, &orgs);
	if (rc)
		return rc;
	json_t *values = form_read(r, &person_form);
	json_t *errors = json_object();
	json_t *options = json_pack("{s:O}", "organisation_id", orgs);
	const char *needs_msg = TR(r->lang, N_("Communication needs can only be saved when the person agrees. Tick the box for consent, or leave the communication needs empty."));
	if (*val(values, "communication_needs") && !ticked(values, "consent"))
		form_error(errors, "communication_needs", needs_msg);
	form_check(r, &person_form, values, options, errors);
	json_decref(options);
	if (json_object_size(errors) == 0) {
		struct person_input in = {
			.name = val(values, "name"),
			.organisation_id = to_id(val(values, "organisation_id")),
			.job_title = val(values, "job_title"),
			.email = val(values, "email"),
			.phone = val(values, "phone"),
			.is_municipal = ticked(values, "is_municipal"),
			.is_experience_expert = ticked(values, "is_experience_expert"),
			.communication_needs = val(values, "communication_needs"),
			.consent = ticked(values, "consent"),
		};
		struct actor a = actor_of(r);
		const char *field = NULL;
		rc = id ? store_person_update(r->store, &a, id, &in, &field)
		        : store_person_create(r->store, &a, &in, &field, &id);
		if (rc == LIA_EINVAL) {
			form_error(errors, field ? field : "_body",
			           field && strcmp(field, "communication_needs") == 0
			               ? needs_msg
			               : TR(r->lang, N_("This choice does not exist (any more). Choose from the options given.")));
			rc = 0;
		} else if (rc == LIA_ENOTFOUND) {
			out->detail = TR(r->lang, N_("There is no person with this number. See the list of people."));
		}
	}
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "person_form", person_title(r, id), person_data(r, orgs, values, errors, id), errors);
	} else if (rc == 0) {
		out->redirect = arena_printf(r->arena, "/people#person-%lld", id);
		out->flash = "saved";
		if (r->want_json) {
			rc = store_person_get(r->store, id, &out->data);
			out->status = create ? 201 : 200;
		}
	}
	json_decref(orgs);
	json_decref(values);
	json_decref(errors);
	return rc;
}

int page_person_new(struct req *r, struct resp *out)
{
	return person_form_page(r, out, 0);
}

int page_person_create(struct req *r, struct resp *out)
{
	return person_save(r, out, 0);
}

int page_person_edit(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("person")), out, &id);
	return rc ? rc : person_form_page(r, out, id);
}

int page_person_update(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("person")), out, &id);
	return rc ? rc : person_save(r, out, id);
}

/* ----------------------------------------------------------- organisations */

static const struct field org_fields[] = {
	{"kind", N_("Kind of organisation"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"name", N_("Name"), NULL, FIELD_TEXT, true, 200, NULL, false},
	{"cbs_code", N_("CBS code"), N_("Only for a municipality: GM and four digits, like GM0268 for Nijmegen."), FIELD_TEXT, false, 6, "off", false},
	{"website", N_("Website"), N_("The full address, starting with https://"), FIELD_TEXT, false, 500, NULL, false},
	{"description", N_("Description"), N_("What the organisation does, in a few sentences."), FIELD_TEXTAREA, false, 4000, NULL, false},
};
static const struct form_spec org_form = FORM_SPEC(org_fields);

static json_t *org_options(struct req *r)
{
	static const char *const kinds[] = {"municipality", "partner", "national"};
	static const char *const labels[] = {N_("Municipality"), N_("Partner organisation"), N_("National organisation")};
	json_t *list = json_array();
	for (int i = 0; i < 3; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "value", kinds[i], "label", TR(r->lang, labels[i])));
	return json_pack("{s:o}", "kind", list);
}

static json_t *org_data(struct req *r, json_t *values, json_t *errors, long long id)
{
	json_t *options = org_options(r);
	json_t *d = json_pack("{s:o, s:s}", "form", form_view(r, &org_form, values, errors, options), "action",
	                      id ? arena_printf(r->arena, "/organisations/%lld", id) : "/organisations");
	json_decref(options);
	return d;
}

static const char *org_title(struct req *r, long long id)
{
	return id ? TR(r->lang, N_("Change organisation")) : TR(r->lang, N_("Add an organisation"));
}

static bool valid_cbs(const char *s)
{
	return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && isdigit((unsigned char)s[5]);
}

static bool valid_website(const char *s)
{
	const char *rest = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	if (!rest || !*rest || *rest == '/' || *rest == '.')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>\"'\\`", *p))
			return false;
	return true;
}

static int org_form_page(struct req *r, struct resp *out, long long id)
{
	json_t *values = NULL;
	if (id) {
		json_t *row = NULL;
		int rc = store_organisation_get(r->store, id, &row);
		if (rc == LIA_ENOTFOUND)
			out->detail = TR(r->lang, N_("There is no organisation with this number. See the organisation page."));
		if (rc)
			return rc;
		values = as_values(r, row);
		json_decref(row);
	}
	out->template = "organisation_form";
	out->title = org_title(r, id);
	out->data = org_data(r, values, NULL, id);
	json_decref(values);
	return 0;
}

static int org_save(struct req *r, struct resp *out, long long id)
{
	bool create = id == 0;
	json_t *values = form_read(r, &org_form);
	json_t *errors = json_object();
	json_t *options = org_options(r);
	/* The code is written in capitals; people may type it in lower case. */
	const char *cbs = val(values, "cbs_code");
	char *up = arena_strdup(r->arena, cbs);
	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	json_object_set_new(values, "cbs_code", json_string(up));
	form_check(r, &org_form, values, options, errors);
	json_decref(options);
	bool municipality = strcmp(val(values, "kind"), "municipality") == 0;
	if (*up && !valid_cbs(up))
		form_error(errors, "cbs_code", TR(r->lang, N_("Fill in a CBS code as GM and four digits, like GM0268.")));
	else if (*up && !municipality && *val(values, "kind"))
		form_error(errors, "cbs_code", TR(r->lang, N_("Only a municipality has a CBS code. Leave the CBS code empty, or choose the kind \"Municipality\".")));
	else if (!*up && municipality)
		form_error(errors, "cbs_code", TR(r->lang, N_("Fill in the CBS code of the municipality, like GM0268.")));
	if (*val(values, "website") && !valid_website(val(values, "website")))
		form_error(errors, "website", TR(r->lang, N_("Fill in a website address that starts with https:// or http://, like https://www.nijmegen.nl.")));
	int rc = 0;
	if (json_object_size(errors) == 0) {
		struct organisation_input in = {
			.kind = val(values, "kind"),
			.name = val(values, "name"),
			.cbs_code = up,
			.website = val(values, "website"),
			.description = val(values, "description"),
		};
		struct actor a = actor_of(r);
		const char *field = NULL;
		rc = id ? store_organisation_update(r->store, &a, id, &in, &field)
		        : store_organisation_create(r->store, &a, &in, &field, &id);
		if (rc == LIA_ECONFLICT || rc == LIA_EINVAL) {
			form_error(errors, field ? field : "_body",
			           rc == LIA_ECONFLICT
			               ? TR(r->lang, N_("Another organisation already has this CBS code. Check the code."))
			               : TR(r->lang, N_("Choose from the options given.")));
			rc = 0;
		} else if (rc == LIA_ENOTFOUND) {
			out->detail = TR(r->lang, N_("There is no organisation with this number. See the organisation page."));
		}
	}
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "organisation_form", org_title(r, id), org_data(r, values, errors, id), errors);
	} else if (rc == 0) {
		out->redirect = arena_printf(r->arena, "/organisation#org-%lld", id);
		out->flash = "saved";
		if (r->want_json) {
			rc = store_organisation_get(r->store, id, &out->data);
			out->status = create ? 201 : 200;
		}
	}
	json_decref(values);
	json_decref(errors);
	return rc;
}

int page_organisation_new(struct req *r, struct resp *out)
{
	return org_form_page(r, out, 0);
}

int page_organisation_create(struct req *r, struct resp *out)
{
	return org_save(r, out, 0);
}

int page_organisation_edit(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("organisation")), out, &id);
	return rc ? rc : org_form_page(r, out, id);
}

int page_organisation_update(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("organisation")), out, &id);
	return rc ? rc : org_save(r, out, id);
}
