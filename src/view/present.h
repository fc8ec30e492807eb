/*
 * present: adds human-readable fields next to the codes and raw values in a
 * resource, in the request's language, so templates and API clients get the
 * same words: for every key
 *   status, health, lia_phase, role, kind, purpose, state -> KEY_label
 *   health                                            -> health_shape
 *   *_on (ISO date)                                   -> *_on_text ("2 oktober 2023"),
 *                                       but no ends_on_text when ends_on is starts_on
 *   *_at (ISO timestamp)                              -> *_at_text (its date)
 *   *_cents (integer)                                 -> *_text ("€ 300.000")
 *   *_md (Markdown)                                   -> *_html (safe HTML, via cmark)
 * Works recursively through objects and arrays, changing `data` in place.
 */
#ifndef LIA_VIEW_PRESENT_H
#define LIA_VIEW_PRESENT_H

#include "core/row.h"

#include <jansson.h>
#include <stdbool.h>

void present(json_t *data, const char *lang);
/* As present, for a page's data (HTML and its JSON): amounts are written
 * with money_format_nbsp, so "€" and the amount never part at a line end. */
void present_page(json_t *data, const char *lang);

/* As present (present_page when page), for one row of a streamed list:
 * the words are added as fields after the row's own, in the order present
 * adds them to an object with the same fields, so a row written as JSON
 * (view_row_json) is the object present would have made. */
void present_row(struct row *r, const char *lang, bool page);

/* Translate the label table once (after i18n_init, before serving). */
void present_init(void);

/* The translated label for a code of a field ("status", "in_uitvoering"), or
 * NULL if the code is unknown. */
const char *present_label(const char *field, const char *code, const char *lang);

/* Markdown to safe HTML (raw HTML and unsafe links dropped). Caller frees. */
char *present_markdown(const char *md, size_t len);

#endif
