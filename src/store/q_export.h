/*
 * q_export: every table as JSON rows, and the published reports' files, for
 * handing a municipality's data over (`lia export-all`).
 */
#ifndef LIA_STORE_Q_EXPORT_H
#define LIA_STORE_Q_EXPORT_H

#include "store/store.h"

#include <stddef.h>

struct export_table {
	const char *name;
	const char *sql; /* a literal: the statement cache keys on it */
};
/* The tables handed over, ended by a NULL name. */
extern const struct export_table export_tables[];
/* The tables left out on purpose (secrets, caches, indexes), ended by NULL. */
extern const char *const export_skipped[];

/* The rows of one table (a new array). 0 or LIA_EDB. */
STORE_MUST_CHECK int store_export_table(struct store *s, const struct export_table *t, json_t **out);
/* The published reports: [{period_id, document, lang, format}]. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_export_reports(struct store *s, json_t **out);
/* One published report's bytes (malloc'd). 0, LIA_ENOTFOUND or LIA_EDB. */
STORE_MUST_CHECK int store_export_report_bytes(struct store *s, long long period, const char *document,
                                               const char *lang, const char *format, char **data, size_t *len);

#endif
