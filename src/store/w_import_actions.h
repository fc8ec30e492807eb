/*
 * w_import_actions: new and changed action points from a CSV file, as the
 * export (/actions/export.csv) writes it and Dutch Excel saves it again
 * (semicolons, a byte order mark or Windows-1252, Dutch dates). The export's
 * columns are the import's: store_action_columns below, one list for both.
 *
 *   check:  read every line and say, field by field, what would change in
 *           which action point (old -> new), which lines are new action
 *           points (no number), and what is wrong, by line, in words that
 *           say what to fix. Changes nothing.
 *   apply:  the same check, then, only if no line is wrong, write every
 *           change in one transaction, each action point audited. All or none.
 *
 * Columns are found by their header in Dutch or English (case ignored):
 * Number (empty: a new action point), Code, Title and Theme (required),
 * Description, Dossier holder, Start, Ready by, Articles of the UN
 * Convention, Partners; Status and Health are checked but change only
 * through a progress update (with its explanation), so a different value is
 * an error; Overdue follows from the rest and is not read. Other columns are
 * ignored (and listed). Names (theme in either language, dossier holder,
 * partners) are matched whatever their case; articles are numbers 1-50.
 */
#ifndef LIA_STORE_W_IMPORT_ACTIONS_H
#define LIA_STORE_W_IMPORT_ACTIONS_H

#include "store/store.h"

#include <stddef.h>

enum action_col {
	ACOL_ID, ACOL_CODE, ACOL_TITLE, ACOL_DESCRIPTION, ACOL_THEME, ACOL_HOLDER, ACOL_STARTS, ACOL_DUE,
	ACOL_ARTICLES, ACOL_PARTNERS, ACOL_STATUS, ACOL_HEALTH, ACOL_OVERDUE, ACOL_COUNT
};

/* The header of each column (an English msgid; the export writes it in the
 * reader's language), in the export's order. */
extern const char *const store_action_columns[ACOL_COUNT];

/*
 * The result of check and apply (new reference in *out):
 * {
 *   "lines": data lines read, "new": n, "changed": n, "unchanged": n, "errors": n,
 *   "encoding": "UTF-8" | "Windows-1252", "separator": ";" | "," | "\t",
 *   "ignored_columns": [header, ...],
 *   "change": [{line, id (null for a new one), code, is_new,
 *               fields: [{field, label, old, new}]}],
 *   "error":  [{line, column (a header, or absent), message}],
 *   "applied": n (apply only)
 * }
 * A file that cannot be read as a table, lacks a required column or has no
 * data lines gives LIA_EINVAL with *out = {"message": "..."}. Apply gives
 * LIA_EINVAL with the full result when any line is wrong, and writes
 * nothing. Messages are in lang ("nl" or "en"). Otherwise 0; LIA_EDB.
 */
STORE_MUST_CHECK int store_action_import_check(struct store *s, const char *data, size_t len, const char *lang,
                                               json_t **out);
STORE_MUST_CHECK int store_action_import_apply(struct store *s, const struct actor *a, long long import_id,
                                               const char *data, size_t len, const char *lang, json_t **out);

/* Keep an uploaded file until it is applied (table action_import); audited. */
STORE_MUST_CHECK int store_action_import_save(struct store *s, const struct actor *a, const char *file_name,
                                              const char *data, size_t len, long long *id);
/* A kept file: *meta = {id, user_id, created_at, file_name, lines, changed,
 * applied_at, result (the apply's result as JSON text, or null)}; *data (malloc'd, the caller frees) and *len. LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_action_import_get(struct store *s, long long id, json_t **meta, char **data, size_t *len);

#endif
