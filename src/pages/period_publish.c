/*
 * period_publish: publishing a reporting period (coordinator), with a
 * checklist first. Publishing freezes the period and its reports for good,
 * so the page lists everything that is still missing (progress updates,
 * experts' assessments, highlights, outlook, interviews per theme, money
 * warnings nobody explained), each with a link to fix it. The list is
 * store_cycle_missing, the computation My work shows the coordinator too.
 * When something is missing, publishing needs an explicit confirmation
 * (the checkbox "confirm"); without it the POST changes nothing and says
 * what to do.
 */
#include "pages/pages.h"
#include "report/report.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "pages/form.h"
#include "store/cycle.h"
#include "store/w_periods.h"

#include <string.h>

static const char *const no_period = N_("There is no reporting period with this number. See the list of reports.");

static const struct field confirm_fields[] = {
	{"confirm", N_("I have seen what is missing and publish anyway"), N_("Only needed when something is missing. Publishing cannot be undone."), FIELD_CHECKBOX, false, 0, NULL, false},
};
static const struct form_spec confirm_form = FORM_SPEC(confirm_fields);

/* Periods as signed-in users see them: open ones too. */
static int load_period_row(struct req *r, long long id, json_t **p)
{
	struct viewer v = {.lang = r->lang, .drafts = true};
	return store_period(r->store, &v, id, p);
}

/* The period of the address (first capture), owned by the request. */
static int load_period(struct req *r, struct resp *out, long long *id, json_t **p)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, id);
	if (rc == 0 && (rc = page_found(r, out, load_period_row(r, *id, p), no_period)) == 0)
		req_own(r, *p);
	return rc;
}

static bool has(json_t *o, const char *key)
{
	return json_array_size(json_object_get(o, key)) > 0;
}

/* What period id still misses, with its sentences, the money warnings in
 * words and a flag per kind (owned by the request). */
static int checklist(struct req *r, long long id, json_t **out)
{
	json_t *m = NULL;
	int rc = store_cycle_missing(r->store, id, r->lang, &m);
	if (rc != 0)
		return rc;
	req_own(r, m);
	page_cycle_lines(r, m);
	page_fund_warning_texts(r, json_object_get(m, "money_warnings"));
	bool missing = jnum(m, "updates_missing") || jnum(m, "assessments_missing") || jnum(m, "highlights") == 0 ||
	               jnum(m, "outlooks") == 0 || jnum(m, "themes_without_interview") || jnum(m, "money_warnings_open");
	json_object_set_new(m, "has_missing", json_boolean(missing));
	json_object_set_new(m, "has_missing_updates", json_boolean(has(m, "missing_updates")));
	json_object_set_new(m, "has_missing_assessments", json_boolean(has(m, "missing_assessments")));
	json_object_set_new(m, "has_missing_interviews", json_boolean(has(m, "missing_interviews")));
	json_object_set_new(m, "has_money_warnings", json_boolean(has(m, "money_warnings")));
	*out = m;
	return 0;
}

/* The publish page's data: the period, its checklist and the form. New
 * reference. */
static json_t *publish_data(struct req *r, json_t *p, json_t *m, json_t *values, json_t *errors)
{
	json_t *d = json_deep_copy(p);
	json_object_set_new(d, "is_published", json_boolean(strcmp(jstr(p, "state"), "published") == 0));
	if (m)
		json_object_set(d, "checklist", m);
	json_object_set_new(d, "form", form_view(r, &confirm_form, values, errors, NULL));
	return d;
}

static const char *publish_title(struct req *r, json_t *p)
{
	return arena_printf(r->arena, TR(r->lang, N_("Publish %s")), jstr(p, "name"));
}

int page_period_publish_form(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL, *m = NULL;
	int rc = load_period(r, out, &id, &p);
	if (rc != 0)
		return rc;
	if (strcmp(jstr(p, "state"), "open") == 0 && (rc = checklist(r, id, &m)) != 0)
		return rc;
	out->template = "period_publish";
	out->title = publish_title(r, p);
	out->data = publish_data(r, p, m, NULL, NULL);
	return 0;
}

/* Something is missing and the coordinator did not confirm: the page again
 * with the message on the checkbox (422); nothing changes. */
static int unconfirmed(struct req *r, struct resp *out, json_t *p, json_t *m, json_t *values)
{
	json_t *errors = req_own(r, json_object());
	form_error(errors, "confirm", TR(r->lang, N_("Something is still missing, so the period was not published. Fix what is missing first, or tick \"I have seen what is missing and publish anyway\" and publish again.")));
	return form_fail(r, out, "period_publish", publish_title(r, p), publish_data(r, p, m, values, errors), errors);
}

int page_period_publish(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL, *m = NULL;
	int rc = load_period(r, out, &id, &p);
	if (rc != 0)
		return rc;
	json_t *values = req_own(r, form_read(r, &confirm_form));
	/* A published period has nothing to check: the store says it is published. */
	if (strcmp(jstr(p, "state"), "open") == 0) {
		if ((rc = checklist(r, id, &m)) != 0)
			return rc;
		if (json_is_true(json_object_get(m, "has_missing")) && !form_ticked(values, "confirm"))
			return unconfirmed(r, out, p, m, values);
	}
	struct actor a = page_actor(r);
	/* The reports are frozen in the same transaction: published means frozen. */
	rc = store_period_publish_with(r->store, &a, id, report_freeze_all, (void *)r->now);
	if (rc == LIA_ECONFLICT) {
		/* Already published, or an earlier period is still open. */
		bool open = strcmp(jstr(p, "state"), "open") == 0;
		out->detail = open
			? TR(r->lang, N_("An earlier reporting period is still open. Publish that one first: periods are published in order, so a report never holds another period's drafts."))
			: TR(r->lang, N_("This period was already published. Nothing was changed. A published report stays as it is; new work goes into the next period."));
	}
	else if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, no_period);
	if (rc != 0)
		return rc;
	if (load_period_row(r, id, &out->data) != 0)
		out->data = NULL; /* published all the same: the redirect says where to look */
	out->redirect = arena_printf(r->arena, "/periods/%lld", id);
	out->flash = "per_published";
	return 0;
}
