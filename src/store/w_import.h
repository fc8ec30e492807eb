/*
 * w_import: expenses from the municipality's financial system, as the CSV
 * file its export (or a spreadsheet) writes. One engine serves the web
 * preview, the web import and `lia import expenses`:
 *
 *   check:  read every line, say per line what would be added, what is a
 *           duplicate of an existing expense (or of an earlier line), and
 *           what is wrong, in words that say how to fix it. Changes nothing.
 *   apply:  the same check, then, only if no line is wrong, add every new
 *           line in one transaction, each with an audit entry. All or none.
 *
 * Columns are found by their header, whatever its case, accents, spaces or
 * punctuation (core/ledger.h lists the names):
 *   date         datum, boekdatum, factuurdatum, date, ...           (required)
 *   amount       bedrag, bedrag (EUR), amount, ...                   (required)
 *   description  omschrijving, boekingsomschrijving, description, ... (required)
 *   allocation   toekenning, toewijzing, kostenplaats, ordernummer,
 *                budgetcode, allocation, ...    (required, unless one is chosen)
 *   reference    kenmerk, referentie, factuurnummer, boekstuk,
 *                reference, ...                                      (optional)
 * Other columns are ignored (and listed). The allocation column holds the
 * allocation's code (allocation.code, case ignored) or its number. An export
 * for one cost centre has no allocation column: then the caller chooses one
 * allocation (import_options.allocation) for every line that names none.
 * A line is a duplicate when an expense with the same allocation, date,
 * amount and reference (and, without a reference, the same description)
 * exists already, or an earlier line of the file is the same. A date outside the year of the allocation's funding source is a
 * warning (recorded anyway: a warning never blocks the truth).
 */
#ifndef LIA_STORE_W_IMPORT_H
#define LIA_STORE_W_IMPORT_H

#include "store/store.h"

#include <stddef.h>

struct import_options {
	const char *lang;     /* "nl" or "en": language of the messages */
	unsigned max_listed;  /* lines listed per kind in the result (0: 100) */
	/* Called now and then with the work done so far and the total (lines). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/* The code or number of the allocation for lines that name none (no
	 * allocation column, or an empty cell); NULL: every line names its own.
	 * An unknown allocation makes the file fail as a whole (LIA_EINVAL). */
	const char *allocation;
};

/*
 * The result of check and apply (new reference in *out):
 * {
 *   "lines": data lines read (empty lines not counted),
 *   "to_add": n, "duplicates": n, "errors": n, "warnings": n,
 *   "total_cents": sum of the lines to add,
 *   "encoding": "UTF-8" | "Windows-1252", "separator": ";" | "," | "\t",
 *   "columns": {"date": "<header as written>", ...}, "ignored_columns": [...],
 *   "chosen_allocation": {id, code} (only when import_options.allocation is set),
 *   "add":       [{line, spent_on, amount_cents, description, reference,
 *                  allocation_id, allocation_code}],           (first max_listed)
 *   "duplicate": [{line, spent_on, amount_cents, description, reference,
 *                  allocation_code, "of_line": k | "expense_id": id}],
 *   "error":     [{line, "column": "amount" (or absent), "message": "..."}],
 *   "warning":   [{line, "message": "..."}],
 *   "more_listed": true when a list was cut at max_listed,
 *   "added": n (apply only: lines added; 0 after a refusal)
 * }
 * A file that cannot be read as a table at all (not CSV, no header line, a
 * required column missing, no data lines) gives LIA_EINVAL with *out set to
 * {"message": "..."} saying what to do (and "field": "allocation" when the
 * allocation chosen in import_options does not exist). Apply gives LIA_EINVAL with the full
 * result when any line is wrong, and adds nothing. Otherwise 0; LIA_EDB.
 */
int store_expense_import_check(struct store *s, const char *data, size_t len, const struct import_options *o,
                               json_t **out);
int store_expense_import_apply(struct store *s, const struct actor *a, long long import_id, const char *data,
                               size_t len, const struct import_options *o, json_t **out);

/* Kept uploads (w_import_keep.c): a file uploaded is kept until it is
 * imported, so that a large import survives a restart and can be continued.
 * One store serves both kinds, each in its own table. */
enum store_kept {
	STORE_KEPT_EXPENSES, /* table expense_import (this import) */
	STORE_KEPT_ACTIONS,  /* table action_import (w_import_actions.h) */
};
/* Keep a file, with its digest and its number of data lines; audited. */
int store_kept_save(struct store *s, const struct actor *a, enum store_kept kind, const char *file_name,
                    const char *data, size_t len, long long *id);
/* A kept file: *meta (its row, as store_expense_import_get and
 * store_action_import_get say), *data (malloc'd, caller frees) and *len.
 * LIA_ENOTFOUND. */
int store_kept_get(struct store *s, enum store_kept kind, long long id, json_t **meta, char **data, size_t *len);

/* Keep an uploaded file until it is imported (table expense_import). */
int store_expense_import_save(struct store *s, const struct actor *a, const char *file_name, const char *data,
                              size_t len, long long *id);
/* A kept file: *meta = {id, user_id, created_at, file_name, digest, lines,
 * added, imported_at}; *data (malloc'd, caller frees) and *len. LIA_ENOTFOUND. */
int store_expense_import_get(struct store *s, long long id, json_t **meta, char **data, size_t *len);

/* Kept files after saving (w_import_keep.c). The digest a kept file is known
 * by (BLAKE2b-256 of its bytes, in hex). */
void store_expense_import_digest(const char *data, size_t len, char digest[65]);
/* The newest open (never imported) import of a file with these bytes in *id,
 * 0 if none: an interrupted import to continue. Returns 0 or LIA_EDB. */
int store_expense_import_open_for(struct store *s, const char *data, size_t len, long long *id);
/* Remove the kept files never imported that were saved before `before` (UTC
 * ISO 8601), each with an audit entry, in one transaction; *removed says how
 * many. Imported files stay: their expenses name them. Uploaded files of
 * action points never applied (table action_import) are removed alike.
 * Returns 0 or LIA_EDB. */
int store_expense_import_purge(struct store *s, const struct actor *a, const char *before, long long *removed);
/* The same for files saved more than days before now (UTC ISO 8601, as
 * "2026-12-02T10:00:00Z"), in the system's name. LIA_EINVAL if now cannot be
 * read. */
int store_expense_import_expire(struct store *s, const char *now, unsigned days, long long *removed);
/* How long a file that is not imported is kept by default (lia serve
 * --keep-imports, lia import clean --keep-days). */
#define STORE_IMPORT_KEEP_DAYS 7
/* The open imports, newest first (at most 20): [{id, file_name, created_at,
 * lines}] in *out (new reference). Returns 0 or LIA_EDB. */
int store_expense_imports_open(struct store *s, json_t **out);

#endif
