/*
 * csvwrite: writing CSV the way Dutch Excel and LibreOffice open it without
 * questions: UTF-8 with a byte order mark, ';' between fields, CRLF line
 * ends, amounts as plain numbers with a decimal comma (1234,56). Text that a
 * spreadsheet would take for a formula (= + - @ tab CR at the start) gets a
 * leading apostrophe, so a cell never runs as a formula.
 */
#ifndef LIA_CORE_CSVWRITE_H
#define LIA_CORE_CSVWRITE_H

#include "core/buf.h"

#include <stdbool.h>

/* The byte order mark that starts a file. */
void csvwrite_bom(struct buf *b);
/* A text field, quoted (libcsv). guard: neutralise formulas. */
void csvwrite_text(struct buf *b, const char *text, bool guard);
/* Cents as a number: 123456 -> 1234,56; -5 -> -0,05. */
void csvwrite_cents(struct buf *b, long long cents);
/* Between fields, and at the end of a line. */
void csvwrite_sep(struct buf *b);
void csvwrite_eol(struct buf *b);

#endif
