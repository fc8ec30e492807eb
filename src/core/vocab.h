/*
 * vocab: the domain's word lists in one table. Every closed list of codes
 * lia stores (action point statuses, health, purposes of money, roles,
 * kinds of organisation, warning and narrative kinds, states, phases) is
 * declared here once, in display order, with the English msgid of each
 * code's label (Dutch via po/nl.po) and the database column whose SQL CHECK
 * constraint lists the same codes. tests/unit/test_vocab.c migrates a fresh
 * database and compares every list with its column's CHECK list both ways,
 * so C and SQL cannot drift apart. present() labels codes from here; forms
 * build their choices with vocab_options(); the store and the report can
 * check and loop over codes with vocab_has() and vocab_list() (it lives in
 * core/ so that every layer may use it).
 */
#ifndef LIA_CORE_VOCAB_H
#define LIA_CORE_VOCAB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct vocab_word {
	const char *code;  /* as stored, e.g. "in_uitvoering" */
	const char *msgid; /* English label, translated with i18n_text(); NULL: no words (a technical code) */
};

struct vocab_list {
	const char *name;   /* "action_status": what callers ask for */
	const char *field;  /* the JSON key present() labels with this list ("status"), or NULL */
	const char *table;  /* the column whose CHECK (col IN (...)) holds the same codes, */
	const char *column; /* or NULL when the database does not restrict it */
	const struct vocab_word *words; /* in display order, ended by {NULL, NULL} */
};

/* Every list, ended by an entry whose name is NULL. Read-only. */
extern const struct vocab_list vocab_lists[];

/* Translate every label once (after i18n_init, before serving), so a page
 * with hundreds of labels does no catalogue lookups. Labels asked for before
 * are looked up each time. */
void vocab_init(void);

/* The list called name, or NULL. Loop over its words to get the codes. */
const struct vocab_list *vocab_list(const char *name);

/* Is code one of list's codes? False for an unknown list or a NULL code. */
bool vocab_has(const char *list, const char *code);

/* How many codes list has (0 for an unknown list). */
size_t vocab_count(const char *list);

/* The position of code in list's display order (0 for the first), or -1 when
 * the list is unknown, code is NULL or not in it. Code that counts per code
 * (the report's figures, the dashboard) indexes its counters with this. */
int vocab_index(const char *list, const char *code);

/* The code at position i of list (borrowed, static), or NULL when i is past
 * its end or the list is unknown. */
const char *vocab_code(const char *list, size_t i);

/* The translated label of code in list, or NULL if either is unknown or the
 * code has no words. The string is borrowed (the catalogue's). */
const char *vocab_label(const char *list, const char *code, const char *lang);

/* The label present() gives a JSON key's code: from the first list whose
 * field is that key and that has the code with words; NULL if none. */
const char *vocab_field_label(const char *field, const char *code, const char *lang);

/* Whether some list labels the JSON key field (vocab_field_label may give
 * words for some of its codes). */
bool vocab_field_labelled(const char *field);

/* The choices forms use, [{"value": code, "label": words}, ...] in order
 * (the code itself as label when it has no words), as a new reference the
 * caller owns; an empty array for an unknown list. */
json_t *vocab_options(const char *list, const char *lang);

/* The lists as {"name": [{"value", "label"}, ...]} for templates and API
 * clients (new reference, caller owns). */
json_t *vocab_all(const char *lang);

#endif
