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

/* A row's shape: rows of one shape (not 0) have the same first nshape
 * field names, in the same order (the columns of one statement), so a
 * field's place found in one row holds in the others without comparing
 * names. Fields added after those (present_row's words) may differ from
 * row to row. 0: nothing is known. */
struct row {
	unsigned n;
	unsigned nshape;
	unsigned long long shape;
	struct row_field f[ROW_FIELDS];
	size_t used; /* bytes of text taken */
	char text[ROW_TEXT_BYTES];
};

/* Empty the row for the next one (its own text too); its shape is 0. */
void row_reset(struct row *r);

/* A shape number no row had before (for the rows of one statement). */
unsigned long long row_shape_new(void);

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
/* The same among the fields from the from'th on. */
const struct row_field *row_get_from(const struct row *r, unsigned from, const char *name);

#endif
