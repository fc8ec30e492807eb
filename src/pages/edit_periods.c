/*
 * edit_periods: opening and publishing reporting periods (coordinator), and
 * writing a period's highlights ("mooie ontwikkelingen") and outlook
 * ("vooruitkijken") (project members). Publishing freezes a period: the
 * database refuses new progress updates in it, and the store refuses
 * changes to its narratives; this page says so before it happens.
 */
#include "pages/pages.h"
#include "report/report.h"

#include "core/err.h"
#include "core/jsonget.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/w_periods.h"

#include <stdlib.h>
#include <string.h>

static struct actor actor_of(const struct req *r)
{
	return (struct actor){.user_id = r->user->id, .request_id = r->id, .now = r->now};
}

/* Add a sentence to the hint of one field of a form view. */
static void hint_append(struct req *r, json_t *view, const char *name, const char *text)
{
	size_t i;
	json_t *fd;
	json_array_foreach(json_object_get(view, "fields"), i, fd) {
		if (strcmp(jstr(fd, "name"), name) == 0) {
			const char *h = jstr(fd, "hint");
			json_object_set_new(fd, "hint", json_string(*h ? arena_printf(r->arena, "%s %s", h, text) : text));
		}
	}
}

/* ---- new period ---- */

static const struct field period_fields[] = {
	{"name", N_("Name of the period"), N_("For example: 3rd progress report 2024. This name is shown above the report."), FIELD_TEXT, true, 120, "off", false},
	{"starts_on", N_("First day"), NULL, FIELD_DATE, true, 10, NULL, false},
	{"ends_on", N_("Last day"), N_("The last day cannot be before the first day."), FIELD_DATE, true, 10, NULL, false},
};
static const struct form_spec period_form = FORM_SPEC(period_fields);

static json_t *period_form_data(struct req *r, json_t *values, json_t *errors)
{
	json_t *view = form_view(r, &period_form, values, errors, NULL);
	json_t *open = NULL;
	if (store_open_periods(r->store, &open) != 0)
		open = json_array();
	if (json_array_size(open) > 0) {
		/* Several open periods are allowed, but rarely meant: say so where it is read. */
		const char *names = "";
		size_t i;
		json_t *p;
		json_array_foreach(open, i, p)
			names = arena_printf(r->arena, "%s%s\"%s\"", names, i ? ", " : "", jstr(p, "name"));
		hint_append(r, view, "name",
		            arena_printf(r->arena, TR(r->lang, N_("Note: %s is still open. You may open another period, but then everyone must choose the right period for each update. Usually you first publish the open period.")),
		                         names));
	}
	return json_pack("{s:o, s:o}", "form", view, "open_periods", open);
}

int page_period_new(struct req *r, struct resp *out)
{
	out->template = "period_form";
	out->title = TR(r->lang, N_("New reporting period"));
	out->data = period_form_data(r, NULL, NULL);
	return 0;
}

int page_period_create(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("New reporting period"));
	json_t *values = form_read(r, &period_form);
	json_t *errors = json_object();
	int rc = 0;
	form_check(r, &period_form, values, NULL, errors);
	const char *start = jstr(values, "starts_on"), *end = jstr(values, "ends_on");
	if (!json_object_get(errors, "starts_on") && !json_object_get(errors, "ends_on") && strcmp(end, start) < 0)
		form_error(errors, "ends_on", TR(r->lang, N_("The last day is before the first day. Choose a last day on or after the first day.")));
	if (json_object_size(errors) > 0) {
		rc = form_fail(r, out, "period_form", title, period_form_data(r, values, errors), errors);
		goto done;
	}
	struct actor a = actor_of(r);
	long long id = 0;
	rc = store_period_create(r->store, &a, jstr(values, "name"), start, end, &id);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no programme yet, so a period cannot be opened."));
	if (rc != 0)
		goto done;
	struct viewer v = {.lang = r->lang, .drafts = true};
	store_period(r->store, &v, id, &out->data);
	out->status = 201;
	out->redirect = arena_printf(r->arena, "/periods/%lld", id);
	out->flash = "per_created";
done:
	json_decref(values);
	json_decref(errors);
	return rc;
}

/* ---- publishing ---- */

static int load_period(struct req *r, struct resp *out, long long *id, json_t **p)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, id);
	struct viewer v = {.lang = r->lang, .drafts = true};
	if (rc == 0)
		rc = store_period(r->store, &v, *id, p);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no reporting period with this number. See the list of reports."));
	return rc;
}

int page_period_publish_form(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL;
	int rc = load_period(r, out, &id, &p);
	if (rc != 0)
		return rc;
	json_object_set_new(p, "is_published", json_boolean(strcmp(jstr(p, "state"), "published") == 0));
	out->template = "period_publish";
	out->title = arena_printf(r->arena, TR(r->lang, N_("Publish %s")), jstr(p, "name"));
	out->data = p;
	return 0;
}

int page_period_publish(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, &id);
	if (rc != 0)
		return rc;
	struct actor a = actor_of(r);
	/* The reports are frozen in the same transaction: published means frozen. */
	rc = store_period_publish_with(r->store, &a, id, report_freeze_all, (void *)r->now);
	if (rc == LIA_ECONFLICT) {
		/* Already published, or an earlier period is still open. */
		struct viewer v = {.lang = r->lang, .drafts = true};
		json_t *p = NULL;
		bool open = store_period(r->store, &v, id, &p) == 0 &&
		            strcmp(json_string_value(json_object_get(p, "state")), "open") == 0;
		json_decref(p);
		out->detail = open
			? TR(r->lang, N_("An earlier reporting period is still open. Publish that one first: periods are published in order, so a report never holds another period's drafts."))
			: TR(r->lang, N_("This period was already published. Nothing was changed. A published report stays as it is; new work goes into the next period."));
	}
	else if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no reporting period with this number. See the list of reports."));
	if (rc != 0)
		return rc;
	struct viewer v = {.lang = r->lang, .drafts = true};
	store_period(r->store, &v, id, &out->data);
	out->redirect = arena_printf(r->arena, "/periods/%lld", id);
	out->flash = "per_published";
	return 0;
}

/* ---- narratives ---- */

static const struct field narrative_fields[] = {
	{"kind", N_("Kind of text"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"title", N_("Title"), N_("A short title, for example: Accessible polling stations."), FIELD_TEXT, true, 200, "off", false},
	{"body_md", N_("Text"), N_("Write in plain language. You can use Markdown: a line with # for a heading, * for a list item, **word** for bold."), FIELD_TEXTAREA, false, 20000, NULL, true},
	{"position", N_("Order"), N_("A number: lower numbers come first. Leave empty to put the text at the end."), FIELD_NUMBER, false, 6, NULL, false},
};
static const struct form_spec narrative_form = FORM_SPEC(narrative_fields);

static json_t *narrative_options(struct req *r)
{
	return json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "kind", "value", "highlight", "label",
	                 TR(r->lang, N_("Good development (what went well)")), "value", "outlook", "label",
	                 TR(r->lang, N_("Looking ahead (what comes next)")));
}

static const char *frozen_detail(struct req *r)
{
	return TR(r->lang, N_("This period is published, so its highlights and outlook can no longer change. Write new texts in the next period."));
}

static json_t *narrative_data(struct req *r, json_t *period, const char *action, json_t *values, json_t *errors)
{
	json_t *opts = narrative_options(r);
	json_t *d = json_pack("{s:o, s:O, s:s}", "form", form_view(r, &narrative_form, values, errors, opts), "period",
	                      period, "action", action);
	json_decref(opts);
	return d;
}

static int narrative_check(struct req *r, json_t *values, json_t *errors)
{
	json_t *opts = narrative_options(r);
	int n = form_check(r, &narrative_form, values, opts, errors);
	json_decref(opts);
	return n;
}

static long long position_of(json_t *values, long long dflt)
{
	const char *p = jstr(values, "position");
	return *p ? strtoll(p, NULL, 10) : dflt;
}

/* The period of a new narrative: it must exist and be open. */
static int open_period(struct req *r, struct resp *out, long long *id, json_t **p)
{
	int rc = load_period(r, out, id, p);
	if (rc == 0 && strcmp(jstr(*p, "state"), "open") != 0) {
		json_decref(*p);
		*p = NULL;
		out->detail = frozen_detail(r);
		return LIA_ECONFLICT;
	}
	return rc;
}

int page_narrative_new(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL;
	int rc = open_period(r, out, &id, &p);
	if (rc != 0)
		return rc;
	out->template = "narrative_form";
	out->title = TR(r->lang, N_("New text for the report"));
	out->data = narrative_data(r, p, arena_printf(r->arena, "/periods/%lld/narratives", id), NULL, NULL);
	json_decref(p);
	return 0;
}

int page_narrative_create(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL;
	int rc = open_period(r, out, &id, &p);
	if (rc != 0)
		return rc;
	const char *title = TR(r->lang, N_("New text for the report"));
	json_t *values = form_read(r, &narrative_form);
	json_t *errors = json_object();
	if (narrative_check(r, values, errors) > 0) {
		rc = form_fail(r, out, "narrative_form", title,
		               narrative_data(r, p, arena_printf(r->arena, "/periods/%lld/narratives", id), values, errors), errors);
		goto done;
	}
	struct actor a = actor_of(r);
	long long nid = 0;
	rc = store_narrative_create(r->store, &a, id, jstr(values, "kind"), jstr(values, "title"), jstr(values, "body_md"),
	                            position_of(values, -1), &nid);
	if (rc == LIA_ECONFLICT)
		out->detail = frozen_detail(r);
	if (rc != 0)
		goto done;
	rc = store_narrative(r->store, nid, &out->data);
	if (rc != 0)
		goto done;
	out->status = 201;
	out->redirect = arena_printf(r->arena, "/periods/%lld", id);
	out->flash = "per_narrative_saved";
done:
	json_decref(p);
	json_decref(values);
	json_decref(errors);
	return rc;
}

/* A narrative to change: it must exist and its period must be open. */
static int load_narrative(struct req *r, struct resp *out, long long *id, json_t **n)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("text")), out, id);
	if (rc == 0)
		rc = store_narrative(r->store, *id, n);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no text with this number. See the reporting period."));
	if (rc == 0 && strcmp(jstr(*n, "period_state"), "open") != 0) {
		json_decref(*n);
		*n = NULL;
		out->detail = frozen_detail(r);
		rc = LIA_ECONFLICT;
	}
	return rc;
}

static json_t *narrative_period(json_t *n)
{
	return json_pack("{s:O, s:O}", "id", json_object_get(n, "period_id"), "name", json_object_get(n, "period_name"));
}

int page_narrative_edit(struct req *r, struct resp *out)
{
	long long id;
	json_t *n = NULL;
	int rc = load_narrative(r, out, &id, &n);
	if (rc != 0)
		return rc;
	json_t *values = json_pack("{s:O, s:O, s:O, s:s}", "kind", json_object_get(n, "kind"), "title",
	                           json_object_get(n, "title"), "body_md", json_object_get(n, "body_md"), "position",
	                           arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(n, "position"))));
	json_t *period = narrative_period(n);
	out->template = "narrative_form";
	out->title = TR(r->lang, N_("Change text for the report"));
	out->data = narrative_data(r, period, arena_printf(r->arena, "/narratives/%lld", id), values, NULL);
	json_object_set_new(out->data, "is_edit", json_true());
	json_decref(period);
	json_decref(values);
	json_decref(n);
	return 0;
}

int page_narrative_update(struct req *r, struct resp *out)
{
	long long id;
	json_t *n = NULL;
	int rc = load_narrative(r, out, &id, &n);
	if (rc != 0)
		return rc;
	const char *title = TR(r->lang, N_("Change text for the report"));
	json_t *values = form_read(r, &narrative_form);
	json_t *errors = json_object();
	json_t *period = narrative_period(n);
	long long pid = json_integer_value(json_object_get(n, "period_id"));
	if (narrative_check(r, values, errors) > 0) {
		json_t *d = narrative_data(r, period, arena_printf(r->arena, "/narratives/%lld", id), values, errors);
		json_object_set_new(d, "is_edit", json_true());
		rc = form_fail(r, out, "narrative_form", title, d, errors);
		goto done;
	}
	struct actor a = actor_of(r);
	rc = store_narrative_update(r->store, &a, id, jstr(values, "kind"), jstr(values, "title"), jstr(values, "body_md"),
	                            position_of(values, 0));
	if (rc == LIA_ECONFLICT)
		out->detail = frozen_detail(r);
	if (rc != 0)
		goto done;
	rc = store_narrative(r->store, id, &out->data);
	if (rc != 0)
		goto done;
	out->redirect = arena_printf(r->arena, "/periods/%lld", pid);
	out->flash = "per_narrative_saved";
done:
	json_decref(n);
	json_decref(period);
	json_decref(values);
	json_decref(errors);
	return rc;
}

/* A reporting period with its updates and narratives (highlights and
 * outlook): the public sees a period, and so its texts, once it is published. */
int page_period(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, &id);
	struct viewer v = page_viewer(r);
	json_t *p = NULL, *n = NULL;
	if (rc == 0)
		rc = store_period(r->store, &v, id, &p);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no reporting period with this number. See the list of reports."));
	if (rc == 0)
		rc = store_period_narratives(r->store, id, !v.drafts, &n);
	if (rc != 0) {
		json_decref(p);
		return rc;
	}
	json_object_set_new(n, "loaded", json_true());
	json_object_set_new(p, "narratives", n);
	out->template = "period";
	out->title = jstr(p, "name");
	out->data = p;
	return 0;
}
