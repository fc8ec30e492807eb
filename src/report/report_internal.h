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

/* One source of money as the report tells it: its name (as entered, in
 * Dutch) and what it gave ("€ 300.000 a year from 2023 to 2026, € 1.200.000
 * in all"), in lang. */
struct report_source {
	const char *name;
	const char *text;
	long long total_cents;
};
/* The programme by the name people know it by: its title and, if it has
 * one, its subtitle in quotes ("Actieprogramma Inclusie 2021-2024 'Iedereen
 * doet mee'"), in the arena. */
const char *report_programme_name(struct arena *a, json_t *programme);
/* The sources of fig's "fund_sources", one per name, in the arena. */
size_t report_money_sources(struct arena *a, json_t *fig, const char *lang, struct report_source **out);
/* "No budget came with the programme when it was adopted in 2021 ..." when
 * the first money is from a later year than the adoption, else NULL. */
const char *report_money_start(struct arena *a, json_t *fig, const char *lang);
/* The action points as CSV (one row each, with status, health and change). */
void report_csv(json_t *fig, const char *lang, struct buf *out);

#endif
