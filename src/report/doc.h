/*
 * doc: a document as a list of blocks (headings, paragraphs, lists, tables,
 * charts), built once and written in every format from the same blocks:
 * HTML (doc_html.c), Markdown (doc_md.c) and tagged PDF (doc_pdf.c). So the
 * progress report reads the same, and is structured the same for assistive
 * technology, whichever format a reader opens.
 *
 * All memory of a document (blocks, strings) lives in the arena it was made
 * with; nothing is freed on its own.
 */
#ifndef LIA_REPORT_DOC_H
#define LIA_REPORT_DOC_H

#include "core/arena.h"
#include "core/buf.h"
#include "view/chart.h"

#include <stdbool.h>
#include <stddef.h>

/* A piece of text with one style. */
struct doc_run {
	const char *text;
	const char *href;  /* a link (absolute URL or path), or NULL */
	bool strong;
	bool em;
	const char *lang;  /* language of this run if not its block's ("nl" quoted in an English report), or NULL */
};

/* A line of text: runs in order. */
struct doc_text {
	struct doc_run *runs;
	size_t n;
};

enum doc_kind {
	DOC_HEADING,   /* level 1-4, text, id */
	DOC_PARAGRAPH, /* text */
	DOC_LIST,      /* items (ordered or not) */
	DOC_TABLE,     /* caption, head, cells, numeric columns; the first cell of a row is its header */
	DOC_CHART,     /* a figure: chart (title, desc = its text alternative) */
};

struct doc_block {
	enum doc_kind kind;
	const char *lang;      /* language of this block if not the document's ("nl" in an English report) */
	/* heading */
	int level;
	const char *id;        /* anchor, unique in the document ("h-funds") */
	/* heading, paragraph */
	struct doc_text text;
	/* list */
	struct doc_text *items;
	size_t nitems;
	bool ordered;
	/* table */
	const char *caption;
	size_t ncols, nrows;
	const char **head;     /* ncols */
	const char **cells;    /* nrows x ncols, row-major; "" for an empty cell */
	const bool *numeric;   /* ncols: right-aligned numbers */
	const char **col_lang; /* ncols: language of a column's cells if not the document's (NULL each, or all) */
	/* chart */
	const struct chart *chart;
};

struct doc {
	struct arena *arena;
	const char *title;     /* document title (metadata and the first heading) */
	const char *lang;      /* "nl" or "en" */
	const char *subject;   /* one line: what this document is */
	const char *author;    /* the organisation */
	const char *date;      /* YYYY-MM-DD it was made */
	const char *base_url;  /* for links that are paths ("/actions/3"); NULL: keep them as they are */
	struct doc_block *blocks;
	size_t n, cap;
};

struct doc *doc_new(struct arena *a, const char *title, const char *lang);

/* Adding blocks. Text is copied into the arena. */
void doc_heading(struct doc *d, int level, const char *id, const char *text);
void doc_paragraph(struct doc *d, const char *text);
/* A paragraph of several runs (built with doc_text_*). */
void doc_paragraph_text(struct doc *d, struct doc_text t);
void doc_list(struct doc *d, bool ordered, const char *const *items, size_t n);
void doc_list_text(struct doc *d, bool ordered, struct doc_text *items, size_t n);
/* cells: nrows x ncols strings (copied). numeric may be NULL (all text). */
void doc_table(struct doc *d, const char *caption, size_t ncols, const char *const *head, size_t nrows,
               const char *const *cells, const bool *numeric);
/* The chart and everything it points to must live as long as the document
 * (allocate them in the arena). */
void doc_chart(struct doc *d, const struct chart *c);
/* Markdown (a narrative text) as blocks: paragraphs, lists, headings (moved
 * below base_level), emphasis, links. Raw HTML is dropped. lang: the text's
 * language if not the document's (or NULL). */
void doc_markdown(struct doc *d, const char *md, int base_level, const char *lang);
/* Set the language of the last block added. */
void doc_last_lang(struct doc *d, const char *lang);
/* Set the language of column col of the last block added, a table (the
 * cells quote texts entered in another language than the document's). */
void doc_last_col_lang(struct doc *d, size_t col, const char *lang);
/* A table of contents: a heading (level 2, id "h-contents") and a list of
 * links to every level-2 heading with an id that follows, inserted before
 * block at. Call it when the document is complete. */
void doc_contents(struct doc *d, size_t at, const char *title);

/* Building a text of runs. */
struct doc_text doc_text_new(void);
void doc_text_add(struct doc *d, struct doc_text *t, const char *text, const char *href, bool strong);
/* Quoted texts inside a translated sentence: the sentence is formatted with
 * DOC_Q0, DOC_Q1, ... where the quotes go, then doc_paragraph_quoting()
 * makes each marker a run of quotes[i] in lang (texts entered in Dutch,
 * marked in an English report: WCAG 3.1.2), the rest in the document's. */
#define DOC_Q0 "\x01" "0"
#define DOC_Q1 "\x01" "1"
#define DOC_Q2 "\x01" "2"
void doc_paragraph_quoting(struct doc *d, const char *text, const char *lang, const char *const *quotes, size_t n);
/* The same as runs, for a paragraph or list item built by the caller. */
void doc_text_quoting(struct doc *d, struct doc_text *t, const char *text, const char *lang, const char *const *quotes,
                      size_t n);
/* A run in another language than its block (lang "nl" or "en"). */
void doc_text_add_lang(struct doc *d, struct doc_text *t, const char *text, const char *lang);

/* Writing. HTML: the blocks only (for inside a page) or, with standalone, a
 * whole document with its own print-friendly style. */
void doc_html(const struct doc *d, bool standalone, struct buf *out);
void doc_md(const struct doc *d, struct buf *out);
/* The standalone HTML's inline style as a Content-Security-Policy source
 * ("'sha256-...'"), so a server can allow exactly that style. */
const char *doc_html_style_hash(void);
/* Tagged PDF (cairo + pango): headings, paragraphs, lists, tables with header
 * cells, charts as figures with alternative text, links, bookmarks, title,
 * language, embedded fonts. Returns 0 or LIA_EIO. */
int doc_pdf(const struct doc *d, struct buf *out);

#endif
