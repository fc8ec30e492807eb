/*
 * chart: accessible SVG charts, drawn as text (no script, no external
 * resources, so they pass the Content-Security-Policy and print well).
 * Every chart has a <title> and <desc> (its text alternative) and is meant to
 * sit next to a table with the same numbers. Series differ by colour AND by
 * fill pattern, and every segment carries its number, so colour is never the
 * only signal.
 */
#ifndef LIA_VIEW_CHART_H
#define LIA_VIEW_CHART_H

#include "core/arena.h"
#include "core/buf.h"

#include <jansson.h>

#include <stddef.h>

#define CHART_MAX_SERIES 8

struct chart_series {
	const char *label; /* shown in the legend */
	const char *color; /* "#1f5fa8": at least 3:1 against white */
};

struct chart {
	const char *id;          /* unique in the page: prefixes element ids */
	const char *title;       /* short name */
	const char *desc;        /* the text alternative */
	const char *const *rows; /* row labels (e.g. theme names) */
	size_t nrows;
	const struct chart_series *series;
	size_t nseries;
	const long long *values; /* nrows x nseries, row-major */
	/* How a value is written (e.g. as money); NULL: a whole number. */
	void (*format)(long long v, const char *lang, char *out, size_t n);
	const char *lang;        /* passed to format */
};

/* The sum of row r's values (the number written after its bar), and the
 * largest such sum, at least 1 (the scale of the bars): the SVG chart and
 * the PDF figure (report/doc_pdf.c) draw with the same numbers. */
long long chart_row_total(const struct chart *c, size_t r);
long long chart_max_total(const struct chart *c);
/* A value as the chart writes it: with c->format, or as a whole number. */
void chart_value_text(const struct chart *c, long long v, char *out, size_t n);

/* Horizontal stacked bars, one per row. Appends SVG markup to out: two
 * drawings, class "chart-wide" (labels beside the bars) and "chart-narrow"
 * (labels above them, for phones), of which the page's style shows one; all
 * text is escaped. */
void chart_stacked_bars(const struct chart *c, struct buf *out);

/* The chart of the extra money per year (spent; allocated, not spent yet;
 * not allocated), from rows with year, available_cents, allocated_cents and
 * spent_cents: the money page and the report draw the same one. Everything
 * it points to is allocated in a. */
struct chart *chart_money_years(struct arena *a, json_t *years, const char *lang, const char *id);

#endif
