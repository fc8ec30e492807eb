/*
 * form: one description of a form's fields serves three purposes: reading
 * what was submitted (HTML form or JSON), checking it, and describing it to
 * the template that draws it. So a browser and an API client get the same
 * rules and the same messages, and every field is drawn the same accessible
 * way (label, hint, "required" in words, error next to the field and in the
 * summary at the top, input kept after an error).
 */
#ifndef LIA_PAGES_FORM_H
#define LIA_PAGES_FORM_H

#include "http/request.h"
#include "store/ids.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum field_kind {
	FIELD_TEXT,
	FIELD_EMAIL,
	FIELD_PASSWORD,
	FIELD_TEXTAREA,  /* plain text or Markdown (see markdown) */
	FIELD_DATE,      /* YYYY-MM-DD */
	FIELD_NUMBER,    /* a whole number */
	FIELD_SELECT,    /* one of options */
	FIELD_RADIOS,    /* one of options, all visible */
	FIELD_CHECKBOXES,/* any of options (an array) */
	FIELD_CHECKBOX,  /* a single yes/no */
};

struct field {
	const char *name;
	const char *label;        /* msgid */
	const char *hint;         /* msgid or NULL */
	enum field_kind kind;
	bool required;
	unsigned max_len;         /* characters; 0 = 200 (textarea: 20000); a textarea of at most
	                           * FORM_LINES_MAX holds lines (names), not prose: no readability score */
	const char *autocomplete; /* HTML autocomplete token, or NULL */
	bool markdown;            /* textarea holds Markdown (a preview is offered) */
};

#define FORM_LINES_MAX 1000

struct form_spec {
	const struct field *fields;
	size_t n;
};

#define FORM_SPEC(arr) {(arr), sizeof(arr) / sizeof((arr)[0])}

/* What was submitted, as {name: string} (arrays for FIELD_CHECKBOXES), with
 * surrounding white space removed. Fields not in the spec are ignored. */
json_t *form_read(struct req *r, const struct form_spec *f);

/* Check required fields, lengths, e-mail/date/number shapes and that choices
 * are among options ({name: [{value, label}]}; may be NULL). Adds messages to
 * errors ({name: message}). Returns the number of errors. */
int form_check(struct req *r, const struct form_spec *f, json_t *values, json_t *options, json_t *errors);

/* Add an error for a field (a translated message); the first one stays. */
void form_error(json_t *errors, const char *name, const char *message);

/* The form for the template: {"fields": [...], "errors": [...], "has_errors"}.
 * Each field has name, id, label, hint, required, value, error, the flag
 * is_KIND, and options with selected/checked set. */
json_t *form_view(struct req *r, const struct form_spec *f, json_t *values, json_t *errors, json_t *options);

/* Answer with the form again, showing errors (status 422): the API gets
 * problem details with the per-field errors. Takes ownership of data. */
int form_fail(struct req *r, struct resp *out, const char *tpl, const char *title, json_t *data,
              json_t *errors);

/* --- values: what handlers take out of a form and put into one ------------ */

/* A positive id from text ("12"), or 0 for anything else (empty, 0, "12a"). */
long long form_id(const char *s);

/* The ids of a checkbox array (strings), in the request's arena; entries
 * that are not ids are left out (form_check has refused them already). */
struct id_list form_ids(struct req *r, json_t *arr);

/* A field's text; "" when it is missing or not text. Borrowed from values. */
const char *form_val(json_t *values, const char *name);

/* A checkbox field is ticked (holds any text). */
bool form_ticked(json_t *values, const char *name);

/* A stored row (as the store answers it) as form values, new reference:
 * text stays, integers become text, true "1", false and null "", arrays (id
 * lists) stay; amount_cents becomes "amount" as form_amount_text writes it. */
json_t *form_values_of(struct req *r, json_t *row);

/* Read field `name` as an amount of money in cents. On a wrong or too large
 * amount adds an error and returns false; also false when the field has an
 * error already (required, too long). */
bool form_amount(struct req *r, json_t *values, json_t *errors, const char *name, long long *cents);

/* Cents as a form value, like a person types it: 123456 -> "1234,56"
 * (new reference). */
json_t *form_amount_text(long long cents);

#endif
