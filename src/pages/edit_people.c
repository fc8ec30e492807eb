/*
 * edit_people: the members-only list of people (with contact details and
 * communication needs), the person form and the organisation form
 * (docs/forms.md). Communication needs are saved only with the person's
 * recorded consent; the date of consent is recorded with them. People and
 * organisations are resources served by the generic form handlers
 * (docs/resources.md).
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "pages/resource.h"
#include "store/w_people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ people */

/* A person's form shows contact details and needs: a read on record. */
static int person_load(struct req *r, long long id, json_t **row)
{
	int rc = store_person_get(r->store, id, row);
	if (rc == 0)
		req_access(r, "person", "person", id, id, true);
	return rc;
}

int page_people(struct req *r, struct resp *out)
{
	json_t *rows = NULL;
	int rc = store_people(r->store, &rows);
	if (rc)
		return rc;
	/* "Dossier holder of 2 action points", only for those who hold any (a
	 * count of 0 is a number, which a template section would show). */
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) {
		long long n = json_integer_value(json_object_get(p, "action_count"));
		json_object_set_new(p, "has_interviews", json_boolean(json_integer_value(json_object_get(p, "interview_count")) > 0));
		if (n > 0)
			json_object_set_new(p, "dossier_text", json_string(arena_printf(r->arena,
				TRN(r->lang, "Dossier holder of %lld action point", "Dossier holder of %lld action points", n), n)));
	}
	req_access(r, "people", NULL, 0, 0, true);
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

static const char *needs_without_consent(struct req *r)
{
	return TR(r->lang, N_("Communication needs can only be saved when the person agrees. Tick the box for consent, or leave the communication needs empty."));
}

static int person_choices(struct req *r, json_t **choices)
{
	return store_organisation_choices(r->store, choices);
}

static json_t *person_options(struct res_ctx *c)
{
	return json_pack("{s:O}", "organisation_id", c->choices);
}

static json_t *person_values(struct res_ctx *c)
{
	json_t *values = form_values_of(c->r, c->row);
	json_object_set_new(values, "consent",
	                    json_string(json_is_string(json_object_get(c->row, "consent_recorded_on")) ? "1" : ""));
	return values;
}

static void person_data(struct res_ctx *c, json_t *d)
{
	const char *since = form_val(c->values, "consent_recorded_on");
	if (*since)
		json_object_set_new(d, "consent_recorded_on", json_string(since));
}

static void person_precheck(struct res_ctx *c)
{
	if (*form_val(c->values, "communication_needs") && !form_ticked(c->values, "consent"))
		form_error(c->errors, "communication_needs", needs_without_consent(c->r));
}

static int person_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *values = c->values;
	struct person_input in = {
		.name = form_val(values, "name"),
		.organisation_id = form_id(form_val(values, "organisation_id")),
		.job_title = form_val(values, "job_title"),
		.email = form_val(values, "email"),
		.phone = form_val(values, "phone"),
		.is_municipal = form_ticked(values, "is_municipal"),
		.is_experience_expert = form_ticked(values, "is_experience_expert"),
		.communication_needs = form_val(values, "communication_needs"),
		.consent = form_ticked(values, "consent"),
	};
	return *id ? store_person_update(c->r->store, &c->actor, *id, &in, field)
	           : store_person_create(c->r->store, &c->actor, &in, field, id);
}

static int person_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc != LIA_EINVAL)
		return rc;
	form_error(c->errors, field ? field : "_body",
	           field && strcmp(field, "communication_needs") == 0
	               ? needs_without_consent(c->r)
	               : TR(c->r->lang, N_("This choice does not exist (any more). Choose from the options given.")));
	return 0;
}

const struct resource res_person = {
	.form = &person_form,
	.template = "person_form",
	.path = "/people",
	.what = N_("person"),
	.title_new = N_("Add a person"),
	.title_edit = N_("Change person"),
	.not_found = N_("There is no person with this number. See the list of people."),
	.after = "/people#person-",
	.after_id = true,
	.load = person_load,
	.choices = person_choices,
	.options = person_options,
	.values = person_values,
	.precheck = person_precheck,
	.save = person_save,
	.refused = person_refused,
	.data = person_data,
};

/* ----------------------------------------------------------- organisations */

static const struct field org_fields[] = {
	{"kind", N_("Kind of organisation"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"name", N_("Name"), NULL, FIELD_TEXT, true, 200, NULL, false},
	{"cbs_code", N_("CBS code"), N_("Only for a municipality: GM and four digits, like GM0268 for Nijmegen."), FIELD_TEXT, false, 6, "off", false},
	{"website", N_("Website"), N_("The full address, starting with https://"), FIELD_TEXT, false, 500, NULL, false},
	{"description", N_("Description"), N_("What the organisation does, in a few sentences."), FIELD_TEXTAREA, false, 4000, NULL, false},
};
static const struct form_spec org_form = FORM_SPEC(org_fields);

static json_t *org_options(struct res_ctx *c)
{
	return json_pack("{s:o}", "kind", vocab_options("organisation_kind", c->r->lang));
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

/* The code is written in capitals; people may type it in lower case. */
static void org_precheck(struct res_ctx *c)
{
	char *up = arena_strdup(c->r->arena, form_val(c->values, "cbs_code"));
	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	json_object_set_new(c->values, "cbs_code", json_string(up));
}

static void org_check(struct res_ctx *c)
{
	const char *lang = c->r->lang, *cbs = form_val(c->values, "cbs_code"), *kind = form_val(c->values, "kind");
	bool municipality = strcmp(kind, "municipality") == 0;
	if (*cbs && !valid_cbs(cbs))
		form_error(c->errors, "cbs_code", TR(lang, N_("Fill in a CBS code as GM and four digits, like GM0268.")));
	else if (*cbs && !municipality && *kind)
		form_error(c->errors, "cbs_code", TR(lang, N_("Only a municipality has a CBS code. Leave the CBS code empty, or choose the kind \"Municipality\".")));
	else if (!*cbs && municipality)
		form_error(c->errors, "cbs_code", TR(lang, N_("Fill in the CBS code of the municipality, like GM0268.")));
	if (*form_val(c->values, "website") && !valid_website(form_val(c->values, "website")))
		form_error(c->errors, "website", TR(lang, N_("Fill in a website address that starts with https:// or http://, like https://www.nijmegen.nl.")));
}

static int org_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	struct organisation_input in = {
		.kind = form_val(c->values, "kind"),
		.name = form_val(c->values, "name"),
		.cbs_code = form_val(c->values, "cbs_code"),
		.website = form_val(c->values, "website"),
		.description = form_val(c->values, "description"),
	};
	return *id ? store_organisation_update(c->r->store, &c->actor, *id, &in, field)
	           : store_organisation_create(c->r->store, &c->actor, &in, field, id);
}

static int org_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	form_error(c->errors, field ? field : "_body",
	           rc == LIA_ECONFLICT ? TR(c->r->lang, N_("Another organisation already has this CBS code. Check the code."))
	                               : TR(c->r->lang, N_("Choose from the options given.")));
	return 0;
}

const struct resource res_organisation = {
	.form = &org_form,
	.template = "organisation_form",
	.path = "/organisations",
	.what = N_("organisation"),
	.title_new = N_("Add an organisation"),
	.title_edit = N_("Change organisation"),
	.not_found = N_("There is no organisation with this number. See the organisation page."),
	.after = "/organisation#org-",
	.after_id = true,
	.get = store_organisation_get,
	.options = org_options,
	.precheck = org_precheck,
	.check = org_check,
	.save = org_save,
	.refused = org_refused,
};
