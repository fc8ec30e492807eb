/*
 * doc_pdf_internal: what the files of the PDF writer share (see doc_pdf.c
 * for how it works): the page and its fonts, struct pdf (one document being
 * drawn), and the functions one file offers the others. The files:
 *   doc_pdf.c         the document: cairo's surface, the fonts, the blocks in
 *                     order, and the incremental update (pdf_patch.c)
 *   doc_pdf_text.c    languages, structure elements, links and text layout
 *   doc_pdf_flow.c    pages and text flowing over them
 *   doc_pdf_blocks.c  headings, paragraphs, lists and tables
 *   doc_pdf_figure.c  charts as figures
 *   doc_pdf_cache.c   the font map, contexts and laid-out text kept per thread
 */
#ifndef LIA_REPORT_DOC_PDF_INTERNAL_H
#define LIA_REPORT_DOC_PDF_INTERNAL_H

#include "core/buf.h"
#include "report/doc.h"
#include "view/chart.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdbool.h>
#include <stddef.h>

/* A4 portrait in PDF units (1/72 inch), 2 cm margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.693
#define TOP MARGIN
#define BOTTOM (PAGE_H - MARGIN)
#define WIDTH (PAGE_W - 2 * MARGIN)

/* Debian's fonts-dejavu-core: open letter forms, a large x-height, and the
 * whole of Latin (with €, ‘ ’, •). cairo embeds the subset used. */
#define FAMILY "DejaVu Sans"

#define PARA_GAP 7.0  /* below a paragraph, list or table */
#define CELL_PADX 4.0
#define CELL_PADY 3.0
#define BAR_H 16.0
#define BAR_GAP 7.0

enum font { F_BODY, F_H1, F_H2, F_H3, F_H4, F_CAPTION, F_CELL, F_CELL_HEAD, F_SMALL, F_SMALL_BOLD, F_COUNT };

struct pdf_font {
	double size; /* points */
	bool bold;
	double spacing; /* baseline to baseline, as a factor of the font's line height (0: the font's own) */
};

extern const struct pdf_font pdf_fonts[F_COUNT];

/* Colours (as in the HTML report): text #1a1a1a, links #0b4f9c, rules #767676. */
#define RGB_TEXT 0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0
#define RGB_LINK 0x0b / 255.0, 0x4f / 255.0, 0x9c / 255.0
#define RGB_RULE 0x76 / 255.0, 0x76 / 255.0, 0x76 / 255.0
#define RGB_FOOT 0x55 / 255.0, 0x55 / 255.0, 0x55 / 255.0
#define RGB_HEAD_BG 0xee / 255.0, 0xee / 255.0, 0xee / 255.0

/* One structure element, in the order it was begun: what the incremental
 * update adds to it (a struct pdf_patch_elem once p->strs stops growing). */
struct tagrec {
	const char *name;          /* as given to cairo_tag_begin ("P", "Link") */
	const char *lang;          /* BCP 47 tag for its /Lang, or NULL */
	const char *attrs;         /* its attribute dictionary (/A): a TH's scope, a list's numbering */
	size_t alt;                /* a Figure: 1 + offset in pdf.strs of its /Alt (its chart's title and desc), or 0 */
	size_t contents;           /* a Link: 1 + offset in pdf.strs of its text, for its annotation's /Contents, or 0 */
};

/* A link in the text of the main layout: bytes [start, end), and the cairo
 * link attributes ("uri='...'" or "dest='...'") at attr in pdf.hrefs. */
struct link {
	size_t start, end, attr;
};

/* Text of the main layout in another language than the document (Dutch
 * quoted in an English sentence): bytes [start, end) and its BCP 47 tag,
 * drawn as a Span (or Link) with that /Lang. */
struct langrange {
	size_t start, end;
	const char *tag;
};

/* A line of the main layout, positions relative to the layout's top. */
struct line {
	PangoLayoutLine *line;
	double top, height, baseline, x;
};

/* A heading id and the block that has it, for links to "#id". */
struct anchor {
	const char *id;
	size_t block;
};

struct pdf {
	const struct doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;    /* the thread's for the document's language (pdf_cache_context): borrowed */
	const char *pc_lang; /* its BCP 47 tag */
	PangoFontDescription *fd[F_COUNT];
	/* The layouts in use, each a reference to one kept by the cache (or
	 * NULL): set through pdf_text_layout and pdf_plain, never changed. */
	PangoLayout *layout; /* the block being drawn (pdf_text_layout) */
	PangoLayout *aux;    /* labels, measuring */
	PangoLayout **cells; /* one per table column */
	PangoLayout *foot;   /* the page footer: this document's own */
	size_t ncells;
	double y;            /* top of the free space on this page */
	int page;
	bool english;
	int outline[4];      /* last bookmark per level 1-3, -1: none */
	struct buf text;     /* the main layout's text */
	struct buf hrefs;    /* link attributes of the main layout, NUL-separated */
	struct buf scratch;
	struct buf strs;     /* texts the incremental update needs (link descriptions, alternative texts), NUL-separated */
	struct buf attrkey;  /* the main layout's attributes described, for its cache key */
	struct buf key;      /* the cache key being looked up */
	struct link *links;
	size_t nlinks, caplinks;
	struct langrange *langs;
	size_t nlangs, caplangs;
	struct line *lines;
	size_t nlines, caplines;
	struct tagrec *tags;
	size_t ntags, captags;
	struct anchor *anchors;
	size_t nanchors;
};

/* A chart's sizes: the label column, each row, the legend, the whole. */
struct fig {
	double title_h, label_w, legend_h, total_h;
	double *row_h; /* nrows; caller frees */
};

/* --- Text (doc_pdf_text.c) --------------------------------------------------- */

void *pdf_grow(void *p, size_t *cap, size_t need, size_t size);
const char *pdf_lang_tag(const char *lang);
const char *pdf_block_lang(const struct pdf *p, const struct doc_block *k);
size_t pdf_tag_open(struct pdf *p, const char *name, const char *lang);
void pdf_tag_close(struct pdf *p, const char *name);
void pdf_link_open(struct pdf *p, const char *attrs, const char *text, size_t len, const char *lang);
int pdf_anchor_cmp(const void *a, const void *b);
void pdf_set_font(struct pdf *p, PangoLayout *l, enum font f, double width, PangoAlignment align);
bool pdf_same_lang(const char *a, const char *b);
void pdf_text_layout(struct pdf *p, const struct doc_text *t, enum font f, double width);
void pdf_text_layout_plain(struct pdf *p, const char *s, enum font f, double width);
void pdf_plain(struct pdf *p, PangoLayout **l, const char *s, enum font f, double width, PangoAlignment align);
double pdf_layout_width(PangoLayout *l);
double pdf_layout_height(PangoLayout *l);

/* --- Kept per thread (doc_pdf_cache.c) ------------------------------------------ */

/* The calling thread's context for documents in lang (a BCP 47 tag): made
 * at its first use from cr (a PDF surface's), borrowed until the thread ends. */
PangoContext *pdf_cache_context(cairo_t *cr, const char *lang);
/* The layout kept under key (len bytes) in this thread, as a new
 * reference, or NULL. */
PangoLayout *pdf_cache_get(const char *key, size_t len);
/* Keeps l (adding a reference) under key. l must never change afterwards. */
void pdf_cache_put(const char *key, size_t len, PangoLayout *l);

/* --- Pages and flowing text (doc_pdf_flow.c) --------------------------------- */

bool pdf_at_top(const struct pdf *p);
void pdf_footer(struct pdf *p);
void pdf_new_page(struct pdf *p);
double pdf_lead_height(const struct pdf *p, size_t nlines);
double pdf_text_height(const struct pdf *p);
void pdf_flow(struct pdf *p, const char *tag, const char *lang, const char *dest, double x);

/* --- Blocks (doc_pdf_blocks.c, doc_pdf_figure.c) ----------------------------- */

void pdf_heading(struct pdf *p, const struct doc_block *k, size_t block, const char *lang);
void pdf_paragraph(struct pdf *p, const struct doc_block *k, const char *lang);
void pdf_list(struct pdf *p, const struct doc_block *k, const char *lang);
void pdf_table(struct pdf *p, const struct doc_block *k, const char *lang);
void pdf_figure_measure(struct pdf *p, const struct chart *c, struct fig *f);
void pdf_figure(struct pdf *p, const struct doc_block *k, const char *lang);

#endif
