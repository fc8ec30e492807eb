/*
 * import_actions_run: what the check (w_import_actions.c) and the apply and
 * the kept files (w_import_actions_apply.c) of the import of action points
 * share: one run over one file. Internal to the store.
 */
#ifndef LIA_STORE_IMPORT_ACTIONS_RUN_H
#define LIA_STORE_IMPORT_ACTIONS_RUN_H

#include "core/csvread.h"
#include "store/w_actions.h"
#include "store/w_import_actions.h"

#include <stdbool.h>
#include <stddef.h>

#define IDS_MAX 64

/* One line read: the action point it becomes. Strings belong to the table. */
struct row_in {
	size_t line;
	long long id; /* 0: new */
	struct action_input in;
	long long partners[IDS_MAX], articles[IDS_MAX];
	char starts[11], due[11];
	bool changes;
};

struct run {
	struct store *s;
	const char *lang;
	struct csvread_table *t;
	int col[ACOL_COUNT]; /* the file's column of each, or -1 */
	json_t *themes, *people, *orgs; /* folded name -> id (null: more than one) */
	json_t *theme_names, *person_names, *org_names; /* "id" -> name */
	json_t *actions; /* "id" -> the action point as stored */
	json_t *codes;   /* folded code -> id */
	json_t *seen;    /* folded code -> line, in this file */
	json_t *change, *err, *ignored;
	size_t lines, news, changed, unchanged, errors;
	struct row_in *rows;
	size_t nrows;
};

/* A run's tables made empty, messages in lang ("nl" unless "en"). */
void import_actions_run_init(struct run *r, struct store *s, const char *lang);
/* Read and check the file: 0 with the run filled (errors counted in it),
 * LIA_EINVAL with *fatal ({"message"}) when it is no table of action
 * points, or LIA_EDB. */
int import_actions_run_check(struct run *r, const char *data, size_t len, json_t **fatal);
/* The result as w_import_actions.h describes it (a new reference). */
json_t *import_actions_run_result(struct run *r);
void import_actions_run_free(struct run *r);
/* Count an error on line, about column c (ACOL_COUNT: the line as a whole). */
void import_actions_line_error(struct run *r, size_t line, enum action_col c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
