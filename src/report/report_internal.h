/*
 * report_internal: what the files of src/report/ share (not for other layers).
 */
#ifndef LIA_REPORT_INTERNAL_H
#define LIA_REPORT_INTERNAL_H

#include "report/doc.h"
#include "report/report.h"

#include <jansson.h>

#define REPORT_NCHANGE 7

/* Change codes in the order reports list them (statuses and health come in
 * the vocabulary's order, core/vocab.h). */
extern const char *const report_changes[REPORT_NCHANGE]; /* first, new, completed, withdrawn, status_changed, health_changed, unchanged */

/* "Status changed" etc. for a change code, in lang. */
const char *report_change_text(const char *lang, const char *change);

/* The documents, from the figures (report_figures). */
void report_build_full(struct doc *d, json_t *fig, const struct report_options *o);
void report_build_easy(struct doc *d, json_t *fig, const struct report_options *o);
/* The letter: the template (Markdown with {{fields}}) filled from the figures. */
int report_build_letter(struct doc *d, json_t *fig, const char *template_md, const struct report_options *o);
/* The letter's fields and their values (for filling and for the editor). */
json_t *report_letter_values(json_t *fig, const struct report_options *o, struct arena *a);

/* The action points as CSV (one row each, with status, health and change). */
void report_csv(json_t *fig, const char *lang, struct buf *out);

#endif
