/*
 * row: one row of a list as flat fields (name, type, value), the shape a
 * streamed list hands from the store through present to HTML and JSON
 * without a JSON tree per row. A row is filled, used and reset for the
 * next one: a list holds one row, whatever its length. Field names and
 * values are borrowed (from the statement, which keeps them until its next
 * step, or from static tables) unless they were copied into the row's own
 * text (row_text), which lives until row_reset.
 */
#ifndef LIA_CORE_ROW_H
#define LIA_CORE_ROW_H

#include <stdbool.h>
#include <stddef.h>

enum row_type { ROW_NULL, ROW_INT, ROW_BOOL, ROW_TEXT, ROW_REAL };

struct row_field {
	const char *name;
	enum row_type type;
	const char *s; /* ROW_TEXT: the value (len bytes, NUL after them) */
	size_t len;
	long long i;   /* ROW_INT, ROW_BOOL (0 or 1) */
	double d;      /* ROW_REAL */
};

#define ROW_FIELDS 48
#define ROW_TEXT_BYTES 2048

struct row {
	unsigned n;
	struct row_field f[ROW_FIELDS];
	size_t used; /* bytes of text taken */
	char text[ROW_TEXT_BYTES];
};

/* Empty the row for the next one (its own text too). */
void row_reset(struct row *r);

/* Append a field (borrowed name and value); aborts beyond ROW_FIELDS. */
void row_add_text(struct row *r, const char *name, const char *s, size_t len);
void row_add_int(struct row *r, const char *name, long long i);
void row_add_bool(struct row *r, const char *name, bool b);
void row_add_null(struct row *r, const char *name);
void row_add_real(struct row *r, const char *name, double d);

/* A copy of len bytes of s (NUL added) in the row's own text, or NULL when
 * it does not fit (the caller leaves the field out). */
const char *row_text(struct row *r, const char *s, size_t len);

/* The field called name, or NULL. */
const struct row_field *row_get(const struct row *r, const char *name);

#endif
