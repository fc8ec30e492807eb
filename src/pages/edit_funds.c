/*
 * edit_funds: the forms for funding sources, allocations, expenses and the
 * explanation of a warning (docs/forms.md). The three record forms share one
 * handler driven by a table (struct kind): read, check, store, then show the
 * form again with errors or go to the money page.
 */
#include "pages/funds.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/money.h"
#include "pages/form.h"
#include "store/funds.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

static const struct field source_fields[] = {
	{"name", N_("Name of the source"), N_("For example: Coalitieakkoord: extra middelen, or Regulier budget."), FIELD_TEXT, true, 200, NULL, false},
	{"year", N_("Year"), N_("The year the money is for, like 2025."), FIELD_NUMBER, true, 0, NULL, false},
	{"amount", N_("Amount available"), N_("In euros, like 300.000 or 1.234,56."), FIELD_TEXT, true, 40, NULL, false},
	{"note", N_("Note"), N_("Where the money comes from and what it is meant for."), FIELD_TEXTAREA, false, 4000, NULL, false},
};
static const struct field allocation_fields[] = {
	{"source_id", N_("Funding source and year"), NULL, FIELD_SELECT, true, 0, NULL, false},
	{"action_point_id", N_("Action point"), N_("Leave empty if the money is not for one action point. Then choose a purpose."), FIELD_SELECT, false, 0, NULL, false},
	{"purpose", N_("Purpose"), N_("What the money is for. Needed when no action point is chosen."), FIELD_SELECT, false, 0, NULL, false},
	{"code", N_("Code in the financial system"), N_("The cost centre or order number the expenses are booked on, like IA25-01. An import of expenses finds the allocation by this code."), FIELD_TEXT, false, 40, NULL, false},
	{"amount", N_("Amount allocated"), N_("In euros, like 40.000 or 1.234,56."), FIELD_TEXT, true, 40, NULL, false},
	{"allocated_on", N_("Date of the decision"), N_("Year-month-day, like 2025-01-14."), FIELD_DATE, true, 0, NULL, false},
	{"note", N_("Note"), N_("What the money is for, in a few words. The public can read this."), FIELD_TEXTAREA, false, 2000, NULL, false},
};
static const struct field expense_fields[] = {
	{"allocation_id", N_("Allocation"), N_("The allocation the expense is paid from."), FIELD_SELECT, true, 0, NULL, false},
	{"spent_on", N_("Date"), N_("The date of the invoice or booking, like 2025-03-31."), FIELD_DATE, true, 0, NULL, false},
	{"amount", N_("Amount"), N_("In euros, like 1.234,56. A credit note is negative, like -250,00."), FIELD_TEXT, true, 40, NULL, false},
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

static const char *val(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s ? s : "";
}

static long long to_id(const char *s)
{
	char *end;
	long long v = s && *s ? strtoll(s, &end, 10) : 0;
	return v > 0 && !*end ? v : 0;
}

/* Read the amount field; adds an error and returns false if it is not one. */
static bool amount_of(struct req *r, json_t *values, json_t *errors, long long *cents)
{
	if (json_object_get(errors, "amount"))
		return false;
	enum money_error e = money_parse(val(values, "amount"), cents);
	if (e != MONEY_OK) {
		form_error(errors, "amount", TR(r->lang, money_error_text(e)));
		return false;
	}
	if (*cents > MONEY_MAX_CENTS || *cents < -MONEY_MAX_CENTS) {
		form_error(errors, "amount", TR(r->lang, N_("This amount is too large: lia records amounts up to € 1.000.000.000. Check the number of digits.")));
		return false;
	}
	return true;
}

/* Cents as a form value: 123456 -> "1234,56". */
static json_t *amount_value(long long c)
{
	char tmp[40];
	unsigned long long u = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
	snprintf(tmp, sizeof(tmp), "%s%llu,%02llu", c < 0 ? "-" : "", u / 100, u % 100);
	return json_string(tmp);
}

/* A stored row as form values (all strings). */
static json_t *values_of(struct req *r, json_t *row)
{
	json_t *values = json_object();
	const char *key;
	json_t *x;
	json_object_foreach(row, key, x) {
		if (strcmp(key, "amount_cents") == 0)
			json_object_set_new(values, "amount", amount_value((long long)json_integer_value(x)));
		else if (json_is_integer(x))
			json_object_set_new(values, key, json_string(arena_printf(r->arena, "%lld", (long long)json_integer_value(x))));
		else if (json_is_string(x))
			json_object_set(values, key, x);
	}
	return values;
}

/* --- one handler for the three record forms ----------------------------------- */

struct kind {
	const struct form_spec *form;
	const char *what;        /* msgid, for a wrong id in the address */
	const char *title_new, *title_edit, *lead; /* msgids */
	const char *path;        /* "/funds/sources" */
	const char *not_found;   /* msgid */
	int (*get)(struct store *s, long long id, json_t **out);
	/* Store what was submitted (create when *id is 0). Field errors go into
	 * errors (the return is then 0); LIA_ENOTFOUND; LIA_EDB. */
	int (*save)(struct req *r, const struct actor *a, json_t *values, json_t *errors, long long *id);
};

static json_t *options_for(struct req *r, json_t *choices)
{
	json_t *purposes = json_array();
	static const char *const codes[] = {"inhoudelijke_verdieping", "zichtbaarheid", "ervaringsdeskundigheid",
	                                    "toegankelijkheid", "organisatie", "overig"};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		json_array_append_new(purposes, json_pack("{s:s, s:s}", "value", codes[i], "label",
		                                          present_label("purpose", codes[i], r->lang)));
	return json_pack("{s:O, s:O, s:O, s:o}", "source_id", json_object_get(choices, "sources"), "action_point_id",
	                 json_object_get(choices, "actions"), "allocation_id", json_object_get(choices, "allocations"),
	                 "purpose", purposes);
}

static json_t *form_data(struct req *r, const struct kind *k, json_t *options, json_t *values, json_t *errors,
                         long long id)
{
	return json_pack("{s:o, s:s, s:s, s:s}", "form", form_view(r, k->form, values, errors, options), "action",
	                 id ? arena_printf(r->arena, "%s/%lld", k->path, id) : k->path, "lead", TR(r->lang, k->lead),
	                 "cancel", "/funds");
}

static const char *title_of(struct req *r, const struct kind *k, long long id)
{
	return TR(r->lang, id ? k->title_edit : k->title_new);
}

static int show_form(struct req *r, struct resp *out, const struct kind *k, long long id)
{
	json_t *values = NULL, *choices = NULL;
	if (id) {
		json_t *row = NULL;
		int rc = k->get(r->store, id, &row);
		if (rc == LIA_ENOTFOUND)
			out->detail = TR(r->lang, k->not_found);
		if (rc)
			return rc;
		values = values_of(r, row);
		json_decref(row);
	} else {
		/* A new allocation or expense can start from the one in the address. */
		const char *from = req_query(r, "allocation");
		values = json_pack("{s:s}", "allocation_id", from && to_id(from) ? from : "");
	}
	struct viewer v = page_viewer(r);
	int rc = store_fund_choices(r->store, &v, &choices);
	if (rc) {
		json_decref(values);
		return rc;
	}
	json_t *options = options_for(r, choices);
	out->template = "fund_form";
	out->title = title_of(r, k, id);
	out->data = form_data(r, k, options, values, NULL, id);
	json_decref(options);
	json_decref(choices);
	json_decref(values);
	return 0;
}

static int save_form(struct req *r, struct resp *out, const struct kind *k, long long id)
{
	bool create = id == 0;
	json_t *choices = NULL;
	struct viewer v = page_viewer(r);
	int rc = store_fund_choices(r->store, &v, &choices);
	if (rc)
		return rc;
	json_t *options = options_for(r, choices);
	json_t *values = form_read(r, k->form);
	json_t *errors = json_object();
	form_check(r, k->form, values, options, errors);
	struct actor a = {.user_id = r->user->id, .request_id = r->id, .now = r->now};
	rc = k->save(r, &a, values, errors, &id);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, k->not_found);
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "fund_form", title_of(r, k, create ? 0 : id),
		               form_data(r, k, options, values, errors, create ? 0 : id), errors);
	} else if (rc == 0) {
		out->redirect = "/funds";
		out->flash = "saved";
		if (r->want_json) {
			rc = k->get(r->store, id, &out->data);
			out->status = create ? 201 : 200;
		}
	}
	json_decref(options);
	json_decref(choices);
	json_decref(values);
	json_decref(errors);
	return rc;
}

/* A refusal from the store as a message next to its field. */
static void store_error(struct req *r, json_t *errors, const char *field, const char *why)
{
	const char *msg;
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
	form_error(errors, field, msg);
}

static int finish(struct req *r, json_t *errors, int rc, const char *field, const char *why)
{
	if (rc == LIA_EINVAL) {
		store_error(r, errors, field, why);
		return 0;
	}
	return rc;
}

static int save_source(struct req *r, const struct actor *a, json_t *values, json_t *errors, long long *id)
{
	long long cents = 0;
	bool ok = amount_of(r, values, errors, &cents);
	if (!ok || json_object_size(errors) > 0)
		return 0;
	struct source_input in = {
		.name = val(values, "name"),
		.year = strtoll(val(values, "year"), NULL, 10),
		.amount_cents = cents,
		.note = val(values, "note"),
	};
	const char *field = NULL, *why = NULL;
	int rc = *id ? store_source_update(r->store, a, *id, &in, &field, &why)
	             : store_source_create(r->store, a, &in, &field, &why, id);
	return finish(r, errors, rc, field, why);
}

static int save_allocation(struct req *r, const struct actor *a, json_t *values, json_t *errors, long long *id)
{
	long long cents = 0;
	bool ok = amount_of(r, values, errors, &cents);
	const char *ap = val(values, "action_point_id"), *purpose = val(values, "purpose");
	if (!*ap && !*purpose && !json_object_get(errors, "purpose"))
		form_error(errors, "purpose", TR(r->lang, N_("Choose an action point or a purpose (or both).")));
	if (!ok || json_object_size(errors) > 0)
		return 0;
	struct allocation_input in = {
		.source_id = to_id(val(values, "source_id")),
		.action_point_id = to_id(ap),
		.purpose = purpose,
		.code = val(values, "code"),
		.amount_cents = cents,
		.allocated_on = val(values, "allocated_on"),
		.note = val(values, "note"),
	};
	const char *field = NULL, *why = NULL;
	int rc = *id ? store_allocation_update(r->store, a, *id, &in, &field, &why)
	             : store_allocation_create(r->store, a, &in, &field, &why, id);
	return finish(r, errors, rc, field, why);
}

static int save_expense(struct req *r, const struct actor *a, json_t *values, json_t *errors, long long *id)
{
	long long cents = 0;
	bool ok = amount_of(r, values, errors, &cents);
	if (ok && cents == 0)
		form_error(errors, "amount", TR(r->lang, N_("The amount is 0. Fill in what was spent, or a negative amount for a credit note.")));
	if (!ok || json_object_size(errors) > 0)
		return 0;
	struct expense_input in = {
		.allocation_id = to_id(val(values, "allocation_id")),
		.spent_on = val(values, "spent_on"),
		.amount_cents = cents,
		.description = val(values, "description"),
		.reference = val(values, "reference"),
	};
	const char *field = NULL, *why = NULL;
	int rc = *id ? store_expense_update(r->store, a, *id, &in, &field, &why)
	             : store_expense_create(r->store, a, &in, &field, &why, id);
	return finish(r, errors, rc, field, why);
}

static const struct kind k_source = {
	&source_form, N_("funding source"), N_("Record a funding source"), N_("Change a funding source"),
	N_("Money for the programme from one source for one year, like the extra money from the coalition agreement."),
	"/funds/sources", N_("There is no funding source with this number. See the money page."),
	store_source_get, save_source,
};
static const struct kind k_allocation = {
	&allocation_form, N_("allocation"), N_("Allocate money"), N_("Change an allocation"),
	N_("Money from a source and year for an action point or a purpose. More than is available may be allocated: you will then see a warning."),
	"/funds/allocations", N_("There is no allocation with this number. See the money page."),
	store_allocation_get, save_allocation,
};
static const struct kind k_expense = {
	&expense_form, N_("expense"), N_("Record an expense"), N_("Change an expense"),
	N_("Money that was paid from an allocation. To add many expenses at once, import the file from the financial system."),
	"/funds/expenses", N_("There is no expense with this number. See the list of expenses."),
	store_expense_get, save_expense,
};

static int with_id(struct req *r, struct resp *out, const struct kind *k, bool save)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, k->what), out, &id);
	if (rc)
		return rc;
	return save ? save_form(r, out, k, id) : show_form(r, out, k, id);
}

int page_source_new(struct req *r, struct resp *out) { return show_form(r, out, &k_source, 0); }
int page_source_create(struct req *r, struct resp *out) { return save_form(r, out, &k_source, 0); }
int page_source_edit(struct req *r, struct resp *out) { return with_id(r, out, &k_source, false); }
int page_source_update(struct req *r, struct resp *out) { return with_id(r, out, &k_source, true); }
int page_allocation_new(struct req *r, struct resp *out) { return show_form(r, out, &k_allocation, 0); }
int page_allocation_create(struct req *r, struct resp *out) { return save_form(r, out, &k_allocation, 0); }
int page_allocation_edit(struct req *r, struct resp *out) { return with_id(r, out, &k_allocation, false); }
int page_allocation_update(struct req *r, struct resp *out) { return with_id(r, out, &k_allocation, true); }
int page_expense_new(struct req *r, struct resp *out) { return show_form(r, out, &k_expense, 0); }
int page_expense_create(struct req *r, struct resp *out) { return save_form(r, out, &k_expense, 0); }
int page_expense_edit(struct req *r, struct resp *out) { return with_id(r, out, &k_expense, false); }
int page_expense_update(struct req *r, struct resp *out) { return with_id(r, out, &k_expense, true); }

/* --- explaining a warning ------------------------------------------------------ */

/* The warning named in the address (/funds/warnings/{kind}/{id}), with its
 * sentence; LIA_ENOTFOUND if it does not exist (any more). */
static int find_warning(struct req *r, struct resp *out, json_t **warning)
{
	long long id;
	int rc = req_param_id(r, 1, TR(r->lang, N_("warning")), out, &id);
	if (rc)
		return rc;
	struct viewer v = page_viewer(r);
	json_t *all = NULL;
	if ((rc = store_fund_warnings(r->store, &v, 0, false, &all, NULL)) != 0)
		return rc;
	size_t i;
	json_t *w;
	*warning = NULL;
	json_array_foreach(all, i, w)
		if (strcmp(json_string_value(json_object_get(w, "kind")), r->params[0]) == 0 &&
		    json_integer_value(json_object_get(w, "subject_id")) == id)
			*warning = json_incref(w);
	json_decref(all);
	if (!*warning) {
		out->detail = TR(r->lang, N_("There is no such warning (any more). The money may add up now. See the money page."));
		return LIA_ENOTFOUND;
	}
	json_t *one = json_pack("[O]", *warning);
	page_fund_warning_texts(r, one);
	json_decref(one);
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
	json_t *values = json_pack("{s:s}", "explanation", 
	                           json_is_string(json_object_get(w, "explanation"))
	                               ? json_string_value(json_object_get(w, "explanation"))
	                               : "");
	out->template = "fund_form";
	out->title = TR(r->lang, N_("Explain a warning"));
	out->data = explain_data(r, w, values, NULL);
	json_decref(values);
	json_decref(w);
	return 0;
}

int page_warning_explain(struct req *r, struct resp *out)
{
	json_t *w = NULL;
	int rc = find_warning(r, out, &w);
	if (rc)
		return rc;
	json_t *values = form_read(r, &explain_form);
	json_t *errors = json_object();
	form_check(r, &explain_form, values, NULL, errors);
	if (json_object_size(errors) == 0) {
		struct actor a = {.user_id = r->user->id, .request_id = r->id, .now = r->now};
		const char *field = NULL;
		rc = store_fund_warning_explain(r->store, &a, r->params[0],
		                                (long long)json_integer_value(json_object_get(w, "subject_id")),
		                                val(values, "explanation"), &field);
	}
	if (rc == 0 && json_object_size(errors) > 0) {
		rc = form_fail(r, out, "fund_form", TR(r->lang, N_("Explain a warning")), explain_data(r, w, values, errors),
		               errors);
	} else if (rc == 0) {
		out->redirect = "/funds#warnings-h";
		out->flash = "saved";
		if (r->want_json)
			out->data = json_pack("{s:s, s:O, s:s}", "kind", r->params[0], "subject_id",
			                      json_object_get(w, "subject_id"), "explanation", val(values, "explanation"));
	}
	json_decref(values);
	json_decref(errors);
	json_decref(w);
	return rc;
}
