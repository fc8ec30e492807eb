/*
 * funds (pages): the money page, allocations, expenses, exports (funds.c,
 * funds_export.c), their forms (edit_funds.c) and the import of expenses
 * from the financial system (import_funds.c).
 */
#ifndef LIA_PAGES_FUNDS_H
#define LIA_PAGES_FUNDS_H

#include "pages/pages.h"

int page_funds(struct req *r, struct resp *out);
int page_fund_allocation(struct req *r, struct resp *out);
int page_fund_expenses(struct req *r, struct resp *out);
int page_fund_export(struct req *r, struct resp *out);

/* The money forms: resources served by the generic handlers (edit_funds.c). */
struct resource;
extern const struct resource res_source;
extern const struct resource res_allocation;
extern const struct resource res_expense;
int page_warning_explain_form(struct req *r, struct resp *out);
int page_warning_explain(struct req *r, struct resp *out);

int page_import_form(struct req *r, struct resp *out);
int page_import_upload(struct req *r, struct resp *out);
int page_import_preview(struct req *r, struct resp *out);
int page_import_apply(struct req *r, struct resp *out);

/* Add to each warning (from store_fund_warnings) its sentence ("message"),
 * a link to what it is about ("href") and to its explanation form. */
void page_fund_warning_texts(struct req *r, json_t *warnings);

/* The warnings nobody has explained yet, with their sentences (for the
 * overview page). */
int page_fund_warnings_open(struct req *r, json_t **out);

#endif
