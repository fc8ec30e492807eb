/*
 * edit_periods: opening and publishing reporting periods (coordinator), and
 * writing a period's highlights ("mooie ontwikkelingen") and outlook
 * ("vooruitkijken") (project members). Publishing freezes a period: the
 * database refuses new progress updates in it, and the store refuses
 * changes to its narratives; this page says so before it happens. A new
 * period, a new narrative and a changed narrative are resources served by
 * the generic form handlers (pages/resource.h); publishing is its own form.
 */
#include "pages/pages.h"
#include "report/report.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/vocab.h"
#include "pages/resource.h"
#include "store/w_periods.h"

#include <stdlib.h>
#include <string.h>

static const char *const no_period = N_("There is no reporting period with this number. See the list of reports.");

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
	{"updates_due_on", N_("Progress updates due by"), N_("The day by which every dossier holder has written the update of their action points. On or after the first day of the period. You may leave it empty."), FIELD_DATE, false, 10, NULL, false},
	{"assessments_due_on", N_("Assessments due by"), N_("The day by which the experience experts have given their assessment. Not before the updates are due. You may leave it empty."), FIELD_DATE, false, 10, NULL, false},
};
static const struct form_spec period_form = FORM_SPEC(period_fields);

/* The periods still open: several are allowed, but rarely meant, so the
 * name's hint says so where it is read. */
static void period_data(struct res_ctx *c, json_t *d)
{
	struct req *r = c->r;
	json_t *open = NULL;
	if (store_open_periods(r->store, &open) != 0)
		open = json_array();
	if (json_array_size(open) > 0) {
		const char *names = "";
		size_t i;
		json_t *p;
		json_array_foreach(open, i, p)
			names = arena_printf(r->arena, "%s%s\"%s\"", names, i ? ", " : "", jstr(p, "name"));
		hint_append(r, json_object_get(d, "form"), "name",
		            arena_printf(r->arena, TR(r->lang, N_("Note: %s is still open. You may open another period, but then everyone must choose the right period for each update. Usually you first publish the open period.")),
		                         names));
	}
	json_object_set_new(d, "open_periods", open);
}

/* A period follows the ones before it: it may not overlap one or go back
 * in time. The message names the period in the way. Returns true if there
 * is one (or the check failed: then nothing is opened either). */
static bool period_clashes(struct res_ctx *c)
{
	struct req *r = c->r;
	json_t *clash = NULL;
	if (store_period_clash(r->store, form_val(c->values, "starts_on"), form_val(c->values, "ends_on"), &clash) != 0) {
		form_error(c->errors, "_body", TR(r->lang, N_("The other reporting periods could not be read, so this one was not opened. Try again later.")));
		return true;
	}
	if (!clash)
		return false;
	req_own(r, clash);
	if (strcmp(jstr(clash, "clash"), "overlap") == 0)
		form_error(c->errors, "starts_on", arena_printf(r->arena, TR(r->lang, N_("These dates overlap with the period \"%s\", which runs from %s to %s. Periods may not overlap: choose dates outside that period.")),
		                                                jstr(clash, "name"), jstr(clash, "starts_on"), jstr(clash, "ends_on")));
	else
		form_error(c->errors, "starts_on", arena_printf(r->arena, TR(r->lang, N_("A new period starts after the latest one. The period \"%s\" ends on %s: choose a first day after that.")),
		                                                jstr(clash, "name"), jstr(clash, "ends_on")));
	return true;
}

/* The due dates' rules (store_period_due_check) as a message on the field
 * that breaks one; false when there is none. */
static bool due_refused(struct res_ctx *c, const char *field, const char *why)
{
	struct req *r = c->r;
	if (!field || !why)
		return false;
	if (strcmp(why, "before_updates") == 0)
		form_error(c->errors, field, TR(r->lang, N_("The assessments are due before the updates. Choose a day for the assessments on or after the day the updates are due.")));
	else if (strcmp(field, "updates_due_on") == 0)
		form_error(c->errors, field, TR(r->lang, N_("The updates are due before the period starts. Choose a day on or after the first day of the period.")));
	else
		form_error(c->errors, field, TR(r->lang, N_("The assessments are due before the period starts. Choose a day on or after the first day of the period.")));
	return true;
}

static void due_check(struct res_ctx *c, const char *starts_on)
{
	const char *field = NULL, *why = NULL;
	if (json_object_get(c->errors, "updates_due_on") || json_object_get(c->errors, "assessments_due_on"))
		return;
	if (store_period_due_check(starts_on, form_val(c->values, "updates_due_on"),
	                           form_val(c->values, "assessments_due_on"), &field, &why) != 0)
		due_refused(c, field, why);
}

static void period_check(struct res_ctx *c)
{
	const char *start = form_val(c->values, "starts_on"), *end = form_val(c->values, "ends_on");
	if (json_object_get(c->errors, "starts_on") || json_object_get(c->errors, "ends_on"))
		return;
	if (strcmp(end, start) < 0)
		form_error(c->errors, "ends_on", TR(c->r->lang, N_("The last day is before the first day. Choose a last day on or after the first day.")));
	else if (!period_clashes(c))
		due_check(c, start);
}

/* The store refuses a clash too (another coordinator may have opened a
 * period since the check): the same message. */
static int period_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc != LIA_EINVAL)
		return rc;
	if (field && strstr(field, "_due_on"))
		return due_refused(c, field, why) ? 0 : rc;
	return period_clashes(c) ? 0 : rc;
}

static int period_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *v = c->values;
	return store_period_create_due(c->r->store, &c->actor, form_val(v, "name"), form_val(v, "starts_on"),
	                               form_val(v, "ends_on"), form_val(v, "updates_due_on"),
	                               form_val(v, "assessments_due_on"), field, why, id);
}

/* Only created, never edited here: the one record it can miss is the
 * programme a new period belongs to. */
const struct resource res_period = {
	.form = &period_form,
	.template = "period_form",
	.path = "/periods",
	.what = N_("reporting period"),
	.title_new = N_("New reporting period"),
	.not_found = N_("There is no programme yet, so a period cannot be opened."),
	.after = "/periods/",
	.after_id = true,
	.flash = "per_created",
	.load = load_period_row,
	.check = period_check,
	.save = period_save,
	.refused = period_refused,
	.data = period_data,
};

/* ---- due dates of an open period ---- */

static const struct field due_fields[] = {
	{"updates_due_on", N_("Progress updates due by"), N_("The day by which every dossier holder has written the update of their action points. On or after the first day of the period. Leave it empty for no due date."), FIELD_DATE, false, 10, NULL, false},
	{"assessments_due_on", N_("Assessments due by"), N_("The day by which the experience experts have given their assessment. Not before the updates are due. Leave it empty for no due date."), FIELD_DATE, false, 10, NULL, false},
};
static const struct form_spec due_form = FORM_SPEC(due_fields);

/* A published period's dates are history. */
static int due_editable(struct res_ctx *c)
{
	if (strcmp(jstr(c->row, "state"), "open") == 0)
		return 0;
	c->out->detail = TR(c->r->lang, N_("This period is published, so its due dates can no longer change."));
	return LIA_ECONFLICT;
}

static void due_form_check(struct res_ctx *c)
{
	due_check(c, jstr(c->row, "starts_on"));
}

static int due_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	return store_period_set_due(c->r->store, &c->actor, *id, form_val(c->values, "updates_due_on"),
	                            form_val(c->values, "assessments_due_on"), field, why);
}

static int due_store_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc == LIA_ECONFLICT)
		c->out->detail = TR(c->r->lang, N_("This period is published, so its due dates can no longer change."));
	return rc == LIA_EINVAL && due_refused(c, field, why) ? 0 : rc;
}

static const char *due_title(struct res_ctx *c)
{
	return arena_printf(c->r->arena, TR(c->r->lang, N_("Due dates of %s")), jstr(c->row, "name"));
}

static const char *due_next(struct res_ctx *c, long long id)
{
	return arena_printf(c->r->arena, "/periods/%lld", id);
}

/* Served at /periods/{id}/edit (coordinator): only the due dates change. */
const struct resource res_period_due = {
	.form = &due_form,
	.path = "/periods",
	.post_to_form = true,
	.what = N_("reporting period"),
	.title_edit = N_("Change the due dates"),
	.lead = N_("Set by when the progress updates and the assessments of this period are due. Everyone sees these dates on their work list and on the forms."),
	.not_found = N_("There is no reporting period with this number. See the list of reports."),
	.get = store_period_row,
	.editable = due_editable,
	.check = due_form_check,
	.save = due_save,
	.refused = due_store_refused,
	.title = due_title,
	.next = due_next,
	.row_on_save = true,
};

/* ---- publishing ---- */

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
	out->data = json_incref(p);
	return 0;
}

int page_period_publish(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, &id);
	if (rc != 0)
		return rc;
	struct actor a = page_actor(r);
	/* The reports are frozen in the same transaction: published means frozen. */
	rc = store_period_publish_with(r->store, &a, id, report_freeze_all, (void *)r->now);
	if (rc == LIA_ECONFLICT) {
		/* Already published, or an earlier period is still open. */
		json_t *p = NULL;
		bool open = load_period_row(r, id, &p) == 0 && strcmp(jstr(req_own(r, p), "state"), "open") == 0;
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

/* ---- narratives ---- */

static const struct field narrative_fields[] = {
	{"kind", N_("Kind of text"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"title", N_("Title"), N_("A short title, for example: Accessible polling stations."), FIELD_TEXT, true, 200, "off", false},
	{"body_md", N_("Text"), N_("Write in plain language. You can use Markdown: a line with # for a heading, * for a list item, **word** for bold."), FIELD_TEXTAREA, false, 20000, NULL, true},
	{"position", N_("Order"), N_("A number: lower numbers come first. Leave empty to put the text at the end."), FIELD_NUMBER, false, 6, NULL, false},
};
static const struct form_spec narrative_form = FORM_SPEC(narrative_fields);

static json_t *narrative_options(struct res_ctx *c)
{
	return json_pack("{s:o}", "kind", vocab_options("narrative_kind", c->r->lang));
}

static const char *frozen_detail(struct req *r)
{
	return TR(r->lang, N_("This period is published, so its highlights and outlook can no longer change. Write new texts in the next period."));
}

/* A published period's texts do not change: the store refuses, and says so. */
static int narrative_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc == LIA_ECONFLICT)
		c->out->detail = frozen_detail(c->r);
	return rc;
}

static long long position_of(json_t *values, long long dflt)
{
	const char *p = form_val(values, "position");
	return *p ? strtoll(p, NULL, 10) : dflt;
}

/* A new narrative belongs to the period of the address, which the handler
 * has checked (it exists and is open): its row is the choices. */
static int narrative_period(struct req *r, json_t **period)
{
	return load_period_row(r, form_id(r->params[0]), period);
}

static void narrative_new_data(struct res_ctx *c, json_t *d)
{
	json_object_set(d, "period", c->choices);
	json_object_set_new(d, "action",
	                    json_string(arena_printf(c->r->arena, "/periods/%lld/narratives", form_id(c->r->params[0]))));
}

static int narrative_create(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *v = c->values;
	return store_narrative_create(c->r->store, &c->actor, form_id(c->r->params[0]), form_val(v, "kind"),
	                              form_val(v, "title"), form_val(v, "body_md"), position_of(v, -1), id);
}

static const char *narrative_new_next(struct res_ctx *c, long long id)
{
	return arena_printf(c->r->arena, "/periods/%lld", form_id(c->r->params[0]));
}

/* A narrative to change: its period must be open. */
static int narrative_editable(struct res_ctx *c)
{
	if (strcmp(jstr(c->row, "period_state"), "open") == 0)
		return 0;
	c->out->detail = frozen_detail(c->r);
	return LIA_ECONFLICT;
}

static void narrative_edit_data(struct res_ctx *c, json_t *d)
{
	json_object_set_new(d, "period", json_pack("{s:O, s:O}", "id", json_object_get(c->row, "period_id"), "name",
	                                           json_object_get(c->row, "period_name")));
	json_object_set_new(d, "is_edit", json_true());
}

static int narrative_update(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *v = c->values;
	return store_narrative_update(c->r->store, &c->actor, *id, form_val(v, "kind"), form_val(v, "title"),
	                              form_val(v, "body_md"), position_of(v, 0));
}

static const char *narrative_edit_next(struct res_ctx *c, long long id)
{
	return arena_printf(c->r->arena, "/periods/%lld", jnum(c->row, "period_id"));
}

#define NARRATIVE_RESOURCE \
	.form = &narrative_form, .template = "narrative_form", .path = "/narratives", .what = N_("text"), \
	.title_new = N_("New text for the report"), .title_edit = N_("Change text for the report"), \
	.not_found = N_("There is no text with this number. See the reporting period."), \
	.flash = "per_narrative_saved", .get = store_narrative, .options = narrative_options, \
	.refused = narrative_refused

/* Served through page_narrative_new and page_narrative_create. */
static const struct resource res_narrative_new = {
	NARRATIVE_RESOURCE,
	.choices = narrative_period,
	.data = narrative_new_data,
	.save = narrative_create,
	.next = narrative_new_next,
};

const struct resource res_narrative = {
	NARRATIVE_RESOURCE,
	.editable = narrative_editable,
	.data = narrative_edit_data,
	.save = narrative_update,
	.next = narrative_edit_next,
	.row_on_save = true,
};

/* The period of a new narrative: it must exist and be open. */
static int open_period(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL;
	int rc = load_period(r, out, &id, &p);
	if (rc == 0 && strcmp(jstr(p, "state"), "open") != 0) {
		out->detail = frozen_detail(r);
		return LIA_ECONFLICT;
	}
	return rc;
}

int page_narrative_new(struct req *r, struct resp *out)
{
	int rc = open_period(r, out);
	return rc ? rc : resource_show(r, out, &res_narrative_new, 0);
}

int page_narrative_create(struct req *r, struct resp *out)
{
	int rc = open_period(r, out);
	return rc ? rc : resource_save(r, out, &res_narrative_new, 0);
}

/* A reporting period with its updates and narratives (highlights and
 * outlook): the public sees a period, and so its texts, once it is published. */
int page_period(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL, *n = NULL;
	int rc = page_record(r, out, store_period, N_("reporting period"), no_period, &id, &p);
	if (rc != 0)
		return rc;
	req_own(r, p);
	if ((rc = store_period_narratives(r->store, id, !page_viewer(r).drafts, &n)) != 0)
		return rc;
	json_object_set_new(n, "loaded", json_true());
	json_object_set_new(p, "narratives", n);
	out->template = "period";
	out->title = jstr(p, "name");
	out->data = json_incref(p);
	return 0;
}
