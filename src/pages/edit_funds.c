/*
 * edit_funds: the forms for funding sources, allocations, expenses and the
 * explanation of a warning (docs/forms.md). Sources, allocations and
 * expenses are resources served by the generic form handlers
 * (docs/resources.md) and share their template, choices and the store's
 * refusals (FUND_RESOURCE); the explanation of a warning is a form of its
 * own, about the warning named in the address.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vocab.h"
#include "pages/resource.h"
#include "store/funds.h"

#include <stdlib.h>
#include <string.h>

static const struct field source_fields[] = {
	{"name", N_("Name of the source"), N_("For example: Coalitieakkoord: extra middelen, or Regulier budget."), FIELD_TEXT, true, 200, NULL, false},
	{"year", N_("Year"), N_("The year the money is for, like 2025."), FIELD_NUMBER, true, 0, NULL, false},
	{"amount", N_("Amount available"), N_("In euros, like 300000 or 1234.56 (Dutch notation, like 1.234,56, works too)."), FIELD_TEXT, true, 40, NULL, false},
	{"note", N_("Note"), N_("Where the money comes from and what it is meant for."), FIELD_TEXTAREA, false, 4000, NULL, false},
};
static const struct field allocation_fields[] = {
	{"source_id", N_("Funding source and year"), NULL, FIELD_SELECT, true, 0, NULL, false},
	{"action_point_id", N_("Action point"), N_("Leave empty if the money is not for one action point. Then choose a purpose."), FIELD_SELECT, false, 0, NULL, false},
	{"purpose", N_("Purpose"), N_("What the money is for. Needed when no action point is chosen."), FIELD_SELECT, false, 0, NULL, false},
	{"code", N_("Code in the financial system"), N_("The cost centre or order number the expenses are booked on, like IA25-01. An import of expenses finds the allocation by this code."), FIELD_TEXT, false, 40, NULL, false},
	{"amount", N_("Amount allocated"), N_("In euros, like 40000 or 1234.56 (Dutch notation, like 1.234,56, works too)."), FIELD_TEXT, true, 40, NULL, false},
	{"allocated_on", N_("Date of the decision"), NULL, FIELD_DATE, true, 0, NULL, false},
	{"note", N_("Note"), N_("What the money is for, in a few words. The public can read this."), FIELD_TEXTAREA, false, 2000, NULL, false},
};
static const struct field expense_fields[] = {
	{"allocation_id", N_("Allocation"), N_("The allocation the expense is paid from."), FIELD_SELECT, true, 0, NULL, false},
	{"spent_on", N_("Date"), N_("The date of the invoice or booking."), FIELD_DATE, true, 0, NULL, false},
	{"amount", N_("Amount"), N_("In euros, like 1234.56 (or in Dutch notation, 1.234,56). A credit note is negative, like -250.00."), FIELD_TEXT, true, 40, NULL, false},
	{"description", N_("Description"), N_("What the money was spent on. The public can read this: do not write names of residents."), FIELD_TEXT, true, 200, NULL, false},
	{"reference", N_("Reference"), N_("The invoice or booking number, like FAC-2025-0091."), FIELD_TEXT, false, 100, NULL, false},
};
static const struct field explain_fields[] = {
	{"explanation", N_("Explanation"), N_("Why the money is like this, and what will happen. The public can read this. The warning then no longer shows on the overview."), FIELD_TEXTAREA, true, 2000, NULL, false},
};

static const struct form_spec source_form = FORM_SPEC(source_fields);
static const struct form_spec allocation_form = FORM_SPEC(allocation_fields);
static const struct form_spec expense_form = FORM_SPEC(expense_fields);
static const struct form_spec explain_form = FORM_SPEC(explain_fields);

/* --- one handler for the three record forms ----------------------------------- */

static int fund_choices(struct req *r, json_t **choices)
{
	struct viewer v = page_viewer(r);
	return store_fund_choices(r->store, &v, choices);
}

static json_t *fund_options(struct res_ctx *c)
{
	struct req *r = c->r;
	json_t *choices = c->choices;
	return json_pack("{s:O, s:O, s:O, s:o}", "source_id", json_object_get(choices, "sources"), "action_point_id",
	                 json_object_get(choices, "actions"), "allocation_id", json_object_get(choices, "allocations"),
	                 "purpose", vocab_options("purpose", r->lang));
}

/* A new allocation or expense can start from the one in the address. */
static json_t *fund_blank(struct res_ctx *c)
{
	const char *from = req_query(c->r, "allocation");
	return json_pack("{s:s}", "allocation_id", from && form_id(from) ? from : "");
}

/* A refusal from the store as a message next to its field. */
static int fund_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	struct req *r = c->r;
	const char *msg;
	if (rc != LIA_EINVAL)
		return rc;
	if (!field)
		field = "_body";
	if (why && strcmp(why, "exists") == 0)
		msg = strcmp(field, "code") == 0
		          ? TR(r->lang, N_("Another allocation already has this code. Use a code that is not used yet."))
		          : TR(r->lang, N_("There is already a source with this name for this year. Change that source, or use another name."));
	else if (why && strcmp(why, "range") == 0)
		msg = strcmp(field, "year") == 0 ? TR(r->lang, N_("Fill in a year from 2000 to 2100."))
		                                 : TR(r->lang, N_("The amount cannot be less than 0."));
	else if (why && strcmp(why, "zero") == 0)
		msg = TR(r->lang, N_("The amount is 0. Fill in what was spent, or a negative amount for a credit note."));
	else if (why && strcmp(why, "neither") == 0)
		msg = TR(r->lang, N_("Choose an action point or a purpose (or both)."));
	else
		msg = TR(r->lang, N_("This choice does not exist (any more). Choose from the options given."));
	form_error(c->errors, field, msg);
	return 0;
}

/* The amount, which the resource's check (form_amount) has accepted. */
static long long cents_of(json_t *values)
{
	long long cents = 0;
	money_parse(form_val(values, "amount"), &cents);
	return cents;
}

static void source_check(struct res_ctx *c)
{
	long long cents;
	form_amount(c->r, c->values, c->errors, "amount", &cents);
}

static int source_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	struct source_input in = {
		.name = form_val(c->values, "name"),
		.year = strtoll(form_val(c->values, "year"), NULL, 10),
		.amount_cents = cents_of(c->values),
		.note = form_val(c->values, "note"),
	};
	return *id ? store_source_update(c->r->store, &c->actor, *id, &in, field, why)
	           : store_source_create(c->r->store, &c->actor, &in, field, why, id);
}

static void allocation_check(struct res_ctx *c)
{
	long long cents;
	form_amount(c->r, c->values, c->errors, "amount", &cents);
	if (!*form_val(c->values, "action_point_id") && !*form_val(c->values, "purpose") &&
	    !json_object_get(c->errors, "purpose"))
		form_error(c->errors, "purpose", TR(c->r->lang, N_("Choose an action point or a purpose (or both).")));
}

static int allocation_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *values = c->values;
	struct allocation_input in = {
		.source_id = form_id(form_val(values, "source_id")),
		.action_point_id = form_id(form_val(values, "action_point_id")),
		.purpose = form_val(values, "purpose"),
		.code = form_val(values, "code"),
		.amount_cents = cents_of(values),
		.allocated_on = form_val(values, "allocated_on"),
		.note = form_val(values, "note"),
	};
	return *id ? store_allocation_update(c->r->store, &c->actor, *id, &in, field, why)
	           : store_allocation_create(c->r->store, &c->actor, &in, field, why, id);
}

static void expense_check(struct res_ctx *c)
{
	long long cents = 0;
	if (form_amount(c->r, c->values, c->errors, "amount", &cents) && cents == 0)
		form_error(c->errors, "amount", TR(c->r->lang, N_("The amount is 0. Fill in what was spent, or a negative amount for a credit note.")));
}

static int expense_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	json_t *values = c->values;
	struct expense_input in = {
		.allocation_id = form_id(form_val(values, "allocation_id")),
		.spent_on = form_val(values, "spent_on"),
		.amount_cents = cents_of(values),
		.description = form_val(values, "description"),
		.reference = form_val(values, "reference"),
	};
	return *id ? store_expense_update(c->r->store, &c->actor, *id, &in, field, why)
	           : store_expense_create(c->r->store, &c->actor, &in, field, why, id);
}

/* What the three money forms share: the template, the choices, the start
 * of a new form, where to go after saving, and the store's refusals. */
#define FUND_RESOURCE \
	.template = "fund_form", .cancel = "/funds", .after = "/funds", .choices = fund_choices, \
	.options = fund_options, .blank = fund_blank, .refused = fund_refused

const struct resource res_source = {
	FUND_RESOURCE,
	.form = &source_form,
	.path = "/funds/sources",
	.what = N_("funding source"),
	.title_new = N_("Record a funding source"),
	.title_edit = N_("Change a funding source"),
	.lead = N_("Money for the programme from one source for one year, like the extra money from the coalition agreement."),
	.not_found = N_("There is no funding source with this number. See the money page."),
	.get = store_source_get,
	.check = source_check,
	.save = source_save,
};
const struct resource res_allocation = {
	FUND_RESOURCE,
	.form = &allocation_form,
	.path = "/funds/allocations",
	.what = N_("allocation"),
	.title_new = N_("Allocate money"),
	.title_edit = N_("Change an allocation"),
	.lead = N_("Money from a source and year for an action point or a purpose. More than is available may be allocated: you will then see a warning."),
	.not_found = N_("There is no allocation with this number. See the money page."),
	.get = store_allocation_get,
	.check = allocation_check,
	.save = allocation_save,
};
const struct resource res_expense = {
	FUND_RESOURCE,
	.form = &expense_form,
	.path = "/funds/expenses",
	.what = N_("expense"),
	.title_new = N_("Record an expense"),
	.title_edit = N_("Change an expense"),
	.lead = N_("Money that was paid from an allocation. To add many expenses at once, import the file from the financial system."),
	.not_found = N_("There is no expense with this number. See the list of expenses."),
	.get = store_expense_get,
	.check = expense_check,
	.save = expense_save,
};

/* --- explaining a warning ------------------------------------------------------ */

/* The warning named in the address (/funds/warnings/{kind}/{id}), with its
 * sentence, owned by the request; LIA_ENOTFOUND if it does not exist (any
 * more). */
static int find_warning(struct req *r, struct resp *out, json_t **warning)
{
	long long id;
	int rc = req_param_id(r, 1, TR(r->lang, N_("warning")), out, &id);
	if (rc)
		return rc;
	struct viewer v = page_viewer(r);
	json_t *all = NULL;
	/* A kind that does not exist names no warning: no need to compute them. */
	if (vocab_has("warning_kind", r->params[0]) &&
	    (rc = store_fund_warnings(r->store, &v, 0, false, &all, NULL)) != 0)
		return rc;
	req_own(r, all);
	size_t i;
	json_t *w;
	*warning = NULL;
	json_array_foreach(all, i, w)
		if (strcmp(json_string_value(json_object_get(w, "kind")), r->params[0]) == 0 &&
		    json_integer_value(json_object_get(w, "subject_id")) == id)
			*warning = w;
	if (!*warning) {
		out->detail = TR(r->lang, N_("There is no such warning (any more). The money may add up now. See the money page."));
		return LIA_ENOTFOUND;
	}
	page_fund_warning_texts(r, req_own(r, json_pack("[O]", *warning)));
	return 0;
}

static json_t *explain_data(struct req *r, json_t *warning, json_t *values, json_t *errors)
{
	return json_pack("{s:o, s:s, s:s, s:s, s:O}", "form", form_view(r, &explain_form, values, errors, NULL), "action",
	                 arena_printf(r->arena, "/funds/warnings/%s/%s", r->params[0], r->params[1]), "lead",
	                 TR(r->lang, N_("A warning never blocks recording what happened. Explain it here, so readers of the money page and the report know why.")),
	                 "cancel", "/funds#warnings-h", "warning", warning);
}

int page_warning_explain_form(struct req *r, struct resp *out)
{
	json_t *w = NULL;
	int rc = find_warning(r, out, &w);
	if (rc)
		return rc;
	json_t *values = req_own(r, json_pack("{s:s}", "explanation", form_val(w, "explanation")));
	out->template = "fund_form";
	out->title = TR(r->lang, N_("Explain a warning"));
	out->data = explain_data(r, w, values, NULL);
	return 0;
}

int page_warning_explain(struct req *r, struct resp *out)
{
	json_t *w = NULL;
	int rc = find_warning(r, out, &w);
	if (rc)
		return rc;
	json_t *values = req_own(r, form_read(r, &explain_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &explain_form, values, NULL, errors) > 0)
		return form_fail(r, out, "fund_form", TR(r->lang, N_("Explain a warning")),
		                 explain_data(r, w, values, errors), errors);
	struct actor a = page_actor(r);
	const char *field = NULL;
	rc = store_fund_warning_explain(r->store, &a, r->params[0],
	                                (long long)json_integer_value(json_object_get(w, "subject_id")),
	                                form_val(values, "explanation"), &field);
	if (rc)
		return rc;
	out->redirect = "/funds#warnings-h";
	out->flash = "saved";
	if (r->want_json)
		out->data = json_pack("{s:s, s:O, s:s}", "kind", r->params[0], "subject_id",
		                      json_object_get(w, "subject_id"), "explanation", form_val(values, "explanation"));
	return 0;
}
