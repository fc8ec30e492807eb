/*
 * funds: the extra money of the programme. Funding sources per year,
 * allocations from a source to an action point and/or a purpose, expenses
 * against an allocation. Amounts are integer cents everywhere; fields ending
 * in _cents are cents. Reads are in q_funds.c, writes in w_funds.c (each in
 * one transaction with an audit entry); the CSV import is in w_import.h.
 *
 * Warnings say where the money does not add up. They never block a write;
 * they show until the cause is gone, or until someone explains them.
 */
#ifndef LIA_STORE_FUNDS_H
#define LIA_STORE_FUNDS_H

#include "store/store.h"

/* Per year: [{year, available_cents, allocated_cents, spent_cents,
 * unallocated_cents (available - allocated), left_cents (available - spent)}]. */
STORE_MUST_CHECK int store_funds_years(struct store *s, json_t **out);

/*
 * The money page: {"years": [...as above], "total": {same sums},
 * "themes": [{theme_id (null: no action point), name, allocated_cents, spent_cents}],
 * "purposes": [{purpose (null: none), allocated_cents, spent_cents}],
 * "actions": [{id, code, title, theme_name, allocated_cents, spent_cents, left_cents}],
 * "sources": [{id, name, year, amount_cents, allocated_cents, unallocated_cents, note}],
 * "allocations": [{id, code, source_id, source_name, year, action_point_id, action_code,
 *                  action_title, purpose, amount_cents, spent_cents, left_cents,
 *                  allocated_on, note, expense_count}],
 * "year": the year asked for (0: all)}. year > 0 limits all but "years" to
 * money from that year's sources.
 */
STORE_MUST_CHECK int store_funds(struct store *s, const struct viewer *v, long long year, json_t **out);

/*
 * Warnings: [{kind, subject_id, explanation (or null), explained_by, explained_at, ...}]
 * by kind, with the figures a sentence needs:
 *   over_allocated:   source_name, year, available_cents, allocated_cents
 *   overspent:        allocation_id, allocation_code, allocation_label, amount_cents, spent_cents
 *   outside_year:     expense_id, spent_on, amount_cents, description, year, allocation_id, allocation_code
 *   withdrawn_action: allocation_id, allocation_code, amount_cents, action_point_id, action_code, action_title
 * Withdrawn means the action point's status is vervallen (as this viewer sees it).
 * With open_only, only warnings nobody has explained (counts then cover those).
 * Per kind at most `limit` (0: no limit) are listed; *counts (may be NULL) gets
 * {kind: {"all": n, "open": n (not explained)}}.
 */
STORE_MUST_CHECK int store_fund_warnings(struct store *s, const struct viewer *v, unsigned limit, bool open_only, json_t **out,
                        json_t **counts);

/* Expenses, newest first, filtered (0 = any) and paged:
 * {"items": [{id, spent_on, amount_cents, description, reference, allocation_id,
 *  allocation_code, year, import_id}], "count": all matching, "sum_cents"}. */
struct expense_filter {
	long long allocation_id;
	long long year;        /* the source's year */
	bool outside_year;     /* only expenses dated outside the source's year */
	long long import_id;   /* only the expenses one import added (0: all) */
	long long offset, limit;
};
STORE_MUST_CHECK int store_expenses(struct store *s, const struct expense_filter *f, json_t **out);

/* The money of one action point: {"allocations": [fields as in store_funds'
 * allocations], "allocated_cents", "spent_cents", "left_cents"}. */
STORE_MUST_CHECK int store_action_money(struct store *s, long long action_point_id, json_t **out);

/* One allocation (fields as in store_funds' allocations); LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_allocation(struct store *s, const struct viewer *v, long long id, json_t **out);

/* --- writes (w_funds.c) ---------------------------------------------------
 * Each returns 0, LIA_EINVAL with *field naming the field that is wrong
 * (and *why: "exists", "missing", "range"), LIA_ENOTFOUND, or LIA_EDB. */
struct source_input {
	const char *name;
	long long year;
	long long amount_cents;
	const char *note;
};
STORE_MUST_CHECK int store_source_create(struct store *s, const struct actor *a, const struct source_input *in, const char **field,
                        const char **why, long long *id);
STORE_MUST_CHECK int store_source_update(struct store *s, const struct actor *a, long long id, const struct source_input *in,
                        const char **field, const char **why);
STORE_MUST_CHECK int store_source_get(struct store *s, long long id, json_t **out);

struct allocation_input {
	long long source_id;
	long long action_point_id; /* 0: none */
	const char *purpose;       /* NULL or "": none; at least one of the two */
	const char *code;          /* cost centre / order number; NULL or "": none */
	long long amount_cents;
	const char *allocated_on;  /* YYYY-MM-DD */
	const char *note;
};
STORE_MUST_CHECK int store_allocation_create(struct store *s, const struct actor *a, const struct allocation_input *in,
                            const char **field, const char **why, long long *id);
STORE_MUST_CHECK int store_allocation_update(struct store *s, const struct actor *a, long long id,
                            const struct allocation_input *in, const char **field, const char **why);
STORE_MUST_CHECK int store_allocation_get(struct store *s, long long id, json_t **out);

struct expense_input {
	long long allocation_id;
	const char *spent_on;      /* YYYY-MM-DD */
	long long amount_cents;    /* not 0; negative for a credit note */
	const char *description;
	const char *reference;
};
STORE_MUST_CHECK int store_expense_create(struct store *s, const struct actor *a, const struct expense_input *in,
                         const char **field, const char **why, long long *id);
STORE_MUST_CHECK int store_expense_update(struct store *s, const struct actor *a, long long id, const struct expense_input *in,
                         const char **field, const char **why);
STORE_MUST_CHECK int store_expense_get(struct store *s, long long id, json_t **out);

/* Explain a warning (kind as in store_fund_warnings), or change the
 * explanation. LIA_EINVAL *field "kind" or "explanation". */
STORE_MUST_CHECK int store_fund_warning_explain(struct store *s, const struct actor *a, const char *kind, long long subject_id,
                               const char *explanation, const char **field);

/* Choices for the forms, each [{value, label}]: {"sources", "actions", "allocations"}. */
STORE_MUST_CHECK int store_fund_choices(struct store *s, const struct viewer *v, json_t **out);

#endif
