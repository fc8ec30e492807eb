/*
 * doc_pdf_flow: pages (the footer, a new page) and the main layout drawn
 * over them line by line, in Span and Link elements (see doc_pdf.c).
 */
#include "report/doc_pdf_internal.h"

#include "core/i18n.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Pages ----------------------------------------------------------------- */

bool pdf_at_top(const struct pdf *p)
{
	return p->y <= TOP + 0.5;
}

/* The page number, drawn only between structure elements' content (see the
 * top of doc_pdf.c): unmarked, never read as part of the text. The word is in
 * the document's language. */
void pdf_footer(struct pdf *p)
{
	char s[32];
	snprintf(s, sizeof(s), TR(p->english ? "en" : "nl", N_("Page %d")), p->page);
	pango_layout_set_text(p->foot, s, -1);
	cairo_set_source_rgb(p->cr, RGB_FOOT);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 18);
	pango_cairo_show_layout(p->cr, p->foot);
}

void pdf_new_page(struct pdf *p)
{
	pdf_footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
}

/* --- Flowing text ---------------------------------------------------------- */

/* Height of the main layout's first lines that must share a page: two (no
 * orphan line), or all of a short text. */
double pdf_lead_height(const struct pdf *p, size_t nlines)
{
	size_t k = nlines < p->nlines ? nlines : p->nlines;
	return p->lines[k - 1].top + p->lines[k - 1].height - p->lines[0].top;
}

double pdf_text_height(const struct pdf *p)
{
	return pdf_lead_height(p, p->nlines);
}

enum seg_kind { SEG_NONE, SEG_SPAN, SEG_LINK };

struct seg {
	enum seg_kind kind;
	const struct link *link;
	const char *lang; /* the open element's /Lang tag, or NULL */
};

static void seg_close(struct pdf *p, struct seg *s)
{
	if (s->kind == SEG_SPAN)
		pdf_tag_close(p, "Span");
	else if (s->kind == SEG_LINK)
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
	s->kind = SEG_NONE;
	s->link = NULL;
	s->lang = NULL;
}

/* Opens the element a glyph run belongs to, unless it is open: its link, or
 * a Span, either with the run's language (lang, a tag of a langrange, or
 * NULL for the block's). */
static void seg_want(struct pdf *p, struct seg *s, const struct link *lk, const char *lang)
{
	if (lk ? s->kind == SEG_LINK && s->link == lk : s->kind == SEG_SPAN && pdf_same_lang(s->lang, lang))
		return;
	seg_close(p, s);
	if (lk) {
		pdf_link_open(p, p->hrefs.data + lk->attr, p->text.data + lk->start, lk->end - lk->start, lang);
		s->kind = SEG_LINK;
		s->link = lk;
	} else {
		pdf_tag_open(p, "Span", lang);
		s->kind = SEG_SPAN;
	}
	s->lang = lang;
}

/* The language tag of byte off of the main layout's text, or NULL. */
static const char *lang_at(const struct pdf *p, size_t off)
{
	for (size_t i = 0; i < p->nlangs; i++)
		if (off >= p->langs[i].start && off < p->langs[i].end)
			return p->langs[i].tag;
	return NULL;
}

/* The link that holds byte off of the main layout's text, or NULL. */
static const struct link *link_at(const struct pdf *p, size_t off)
{
	size_t lo = 0, hi = p->nlinks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->links[mid].end <= off)
			lo = mid + 1;
		else if (p->links[mid].start > off)
			hi = mid;
		else
			return &p->links[mid];
	}
	return NULL;
}

/* Draws one line run by run, each in the Span or Link it belongs to. pango
 * draws glyph items without their attributes, so the link colour and
 * underline are drawn here. A link's area is one line: the Link closes at
 * the end of the line. */
static void draw_runs(struct pdf *p, const struct line *ln, double x, double y0, struct seg *seg)
{
	double rx = x + ln->x, by = y0 + ln->baseline;
	for (GSList *r = ln->line->runs; r; r = r->next) {
		PangoGlyphItem *gi = r->data;
		const struct link *lk = link_at(p, (size_t)gi->item->offset);
		double w = (double)pango_glyph_string_get_width(gi->glyphs) / PANGO_SCALE;
		seg_want(p, seg, lk, lang_at(p, (size_t)gi->item->offset));
		if (lk)
			cairo_set_source_rgb(p->cr, RGB_LINK);
		else
			cairo_set_source_rgb(p->cr, RGB_TEXT);
		cairo_move_to(p->cr, rx, by);
		pango_cairo_show_glyph_item(p->cr, p->text.data, gi);
		if (lk) {
			cairo_rectangle(p->cr, rx, by + 1.6, w, 0.7);
			cairo_fill(p->cr);
		}
		rx += w;
	}
	if (seg->kind == SEG_LINK)
		seg_close(p, seg);
}

/* Draws the main layout as the structure element tag at x, from p->y on,
 * breaking pages between lines (never before the first two). dest, if not
 * NULL, names an internal destination at its start. A text without links
 * that fits on this page is a leaf; otherwise its content goes in Span and
 * Link children, closed at every page break. */
void pdf_flow(struct pdf *p, const char *tag, const char *lang, const char *dest, double x)
{
	const struct line *ln = p->lines;
	size_t n = p->nlines;
	if (!pdf_at_top(p) && p->y + pdf_lead_height(p, 2) > BOTTOM)
		pdf_new_page(p);
	bool leaf = p->nlinks == 0 && p->nlangs == 0 && p->y + pdf_text_height(p) <= BOTTOM;
	pdf_tag_open(p, tag, lang);
	if (dest)
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, dest);
	struct seg seg = {SEG_NONE, NULL, NULL};
	double y0 = p->y - ln[0].top;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && y0 + ln[i].top + ln[i].height > BOTTOM) {
			seg_close(p, &seg);
			pdf_new_page(p);
			y0 = p->y - ln[i].top;
		}
		if (leaf) {
			cairo_set_source_rgb(p->cr, RGB_TEXT);
			cairo_move_to(p->cr, x + ln[i].x, y0 + ln[i].baseline);
			pango_cairo_show_layout_line(p->cr, ln[i].line);
		} else {
			draw_runs(p, &ln[i], x, y0, &seg);
		}
	}
	seg_close(p, &seg);
	if (dest)
		cairo_tag_end(p->cr, CAIRO_TAG_DEST);
	pdf_tag_close(p, tag);
	p->y = y0 + ln[n - 1].top + ln[n - 1].height;
}
