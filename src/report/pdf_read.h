/*
 * pdf_read: just enough of a PDF reader for pdf_patch to read back what
 * cairo wrote (ISO 32000-1, 7.2-7.5): white space and comments, tokens,
 * whole objects skipped without building them, dictionary lookups, array
 * items, indirect references, and the last classic cross-reference table
 * with its trailer. It never allocates anything but the table of object
 * offsets, never reads past the bytes it is given, and answers "no" to
 * anything it does not understand (cross-reference streams, object
 * streams, a damaged table): it is a reader of cairo's output, not of PDF.
 *
 * Positions are byte offsets into one buffer s of n bytes. A span [vs, ve)
 * is an object as written: "<< ... >>", "[ ... ]", "(...)", "/Name",
 * "12 0 R", a number. The lookups return true if they found what was asked
 * for in well-formed bytes; false covers both "absent" and "malformed".
 */
#ifndef LIA_REPORT_PDF_READ_H
#define LIA_REPORT_PDF_READ_H

#include <stdbool.h>
#include <stddef.h>

/* A PDF as read back: its bytes (borrowed, never changed or freed here) and
 * the byte offset of each object of the last cross-reference table (0:
 * none). Start with {s, n} and everything else 0; pdf_read_free releases
 * the table. */
struct pdf_read {
	const char *s;
	size_t n;
	size_t *off;
	size_t nobj, capobj;
};

/* Reads the cross-reference table that startxref (in the last 1,024 bytes)
 * points at, and finds the trailer dictionary after it. Sets *xref to the
 * table's offset and [*tds, *tde) to the trailer; fills in->off. Returns 0,
 * or LIA_EIO if that is not a well-formed classic table (then in->off may
 * hold part of it: call pdf_read_free anyway). */
int pdf_read_open(struct pdf_read *in, size_t *xref, size_t *tds, size_t *tde);
void pdf_read_free(struct pdf_read *in);

/* The dictionary of object num: "num gen obj << ... >>", as [*ds, *de). */
bool pdf_read_obj_dict(const struct pdf_read *in, size_t num, size_t *ds, size_t *de, size_t *gen);

/* The first position at or after i that is not white space or a comment
 * (at most n). */
size_t pdf_read_skip_ws(const char *s, size_t i, size_t n);
/* An unsigned integer token at *i, moved past it; false if there is none,
 * it does not end at a delimiter, or it does not fit in a size_t. */
bool pdf_read_uint(const char *s, size_t *i, size_t n, size_t *v);
/* Skips one object at *i (white space before it too): a dictionary, array,
 * string, name, number, reference or keyword, nested at most 64 deep. */
bool pdf_read_skip_obj(const char *s, size_t *i, size_t n);
/* Whether [vs, ve) is exactly a reference "num gen R". */
bool pdf_read_ref(const char *s, size_t vs, size_t ve, size_t *num);
/* The value of /key in the dictionary [ds, de) ("<<" to ">>"), as [*vs, *ve). */
bool pdf_read_dict_get(const char *s, size_t ds, size_t de, const char *key, size_t *vs, size_t *ve);
bool pdf_read_dict_has(const char *s, size_t ds, size_t de, const char *key);
/* The next item of an array [.., ve) (*j just past its '[' or the last
 * item): 1 and its span [*is, *ie), 0 at the ']', -1 if malformed. */
int pdf_read_array_next(const char *s, size_t *j, size_t ve, size_t *is, size_t *ie);

#endif
