/*
 * doc_pdf: a document as a tagged PDF (PDF/UA in spirit), drawn with cairo
 * and laid out with pango. A4 portrait, 2 cm margins, the blocks in order:
 * headings (with bookmarks and internal destinations), paragraphs flowing
 * over pages, lists with their labels, tables whose header row repeats on a
 * new page, charts drawn as vector figures. Every block becomes a structure
 * element (Document, H1-H4, P, L/LI/Lbl/LBody, Table/Caption/TR/TH/TD,
 * Figure, Span, Link), so a screen reader reads the same structure as the
 * HTML report.
 *
 * cairo 1.16 cannot write several things an accessible PDF needs: the
 * document's language (/Lang in the Catalog), the language of a block in
 * another language (/Lang on its element), a figure's alternative text
 * (/Alt), a header cell's scope and a list's numbering (/A), a link
 * annotation's description (/Contents), the tab order of a page with links
 * (/Tabs /S), the XMP metadata (title, language) and a valid creation date
 * (1.16 drops the "D:" of a date it is given). So cairo writes the whole
 * PDF into memory first, this file records every structure element it
 * begins (in order, with what it needs added), and pdf_patch.c appends an
 * incremental update with those keys. If cairo's structure tree is not
 * exactly what was begun, that fails with LIA_EIO rather than writing a
 * file that lies about its structure.
 *
 * Two things cairo 1.16 decides that shape the drawing code:
 * - Only leaf structure elements get marked content; content drawn while a
 *   non-leaf element is open is not marked at all. So text with links is a
 *   P (or H, LBody) whose children are Span and Link elements, and content
 *   that must not be read (the page footer, the table header row repeated on
 *   a new page) is drawn only while a non-leaf element is open. It is then
 *   unmarked: cairo 1.16 has no way to mark it as an /Artifact, which is the
 *   one known gap against PDF/UA.
 * - A page break must never fall inside an open leaf (the footer would be
 *   read as part of it): an element that has to flow over a page break puts
 *   its lines in one Span per page.
 */
#include "report/doc.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "report/pdf_patch.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

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

static const struct {
	double size; /* points */
	bool bold;
	double spacing; /* baseline to baseline, as a factor of the font's line height (0: the font's own) */
} fonts[F_COUNT] = {
	[F_BODY] = {10.5, false, 1.2},  [F_H1] = {20, true, 0},        [F_H2] = {16, true, 0},
	[F_H3] = {13, true, 0},         [F_H4] = {11, true, 0},        [F_CAPTION] = {10.5, true, 0},
	[F_CELL] = {9.5, false, 0},     [F_CELL_HEAD] = {9.5, true, 0}, [F_SMALL] = {8.5, false, 0},
	[F_SMALL_BOLD] = {8.5, true, 0},
};

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
	PangoContext *pc;
	PangoFontDescription *fd[F_COUNT];
	PangoLayout *layout; /* the block being drawn (text_layout) */
	PangoLayout *aux;    /* labels, measuring */
	PangoLayout *foot;   /* the page footer */
	PangoLayout **cells; /* one per table column */
	size_t ncells;
	double y;            /* top of the free space on this page */
	int page;
	bool english;
	int outline[4];      /* last bookmark per level 1-3, -1: none */
	struct buf text;     /* the main layout's text */
	struct buf hrefs;    /* link attributes of the main layout, NUL-separated */
	struct buf scratch;
	struct buf strs;     /* texts the incremental update needs (link descriptions, alternative texts), NUL-separated */
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

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	*cap = c;
	return mem_realloc(p, c * size);
}

/* --- Languages -------------------------------------------------------------- */

/* The BCP 47 tag for a language code: "nl" is Dutch as in the Netherlands,
 * "en" British English; anything else is used as given if it looks like a
 * tag, or dropped. */
static const char *lang_tag(const char *lang)
{
	if (!lang || !*lang)
		return NULL;
	if (strcmp(lang, "nl") == 0)
		return "nl-NL";
	if (strcmp(lang, "en") == 0)
		return "en-GB";
	size_t n = 0;
	for (const char *c = lang; *c; c++, n++)
		if (!(g_ascii_isalnum(*c) || *c == '-') || n > 34)
			return NULL;
	return lang;
}

/* A block's language if it differs from the document's. */
static const char *block_lang(const struct pdf *p, const struct doc_block *k)
{
	if (!k->lang || (p->d->lang && strcmp(k->lang, p->d->lang) == 0))
		return NULL;
	const char *t = lang_tag(k->lang);
	const char *doc = lang_tag(p->d->lang);
	return t && (!doc || strcmp(t, doc) != 0) ? t : NULL;
}

/* --- Tags -------------------------------------------------------------------- */

/* Begins a structure element and records it; returns its index in p->tags. */
static size_t tag_open(struct pdf *p, const char *name, const char *lang)
{
	p->tags = grow(p->tags, &p->captags, p->ntags + 1, sizeof(*p->tags));
	p->tags[p->ntags] = (struct tagrec){name, lang, NULL, 0, 0};
	cairo_tag_begin(p->cr, name, NULL);
	return p->ntags++;
}

static void tag_close(struct pdf *p, const char *name)
{
	cairo_tag_end(p->cr, name);
}

/* A link is a structure element too (/S /Link) with its annotation, whose
 * /Contents (its description for assistive technology) will be text. */
static void link_open(struct pdf *p, const char *attrs, const char *text, size_t len, const char *lang)
{
	p->tags = grow(p->tags, &p->captags, p->ntags + 1, sizeof(*p->tags));
	p->tags[p->ntags++] = (struct tagrec){"Link", lang, NULL, 0, p->strs.len + 1};
	buf_append(&p->strs, text, len);
	buf_putc(&p->strs, '\0');
	cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attrs);
}

/* --- Text ------------------------------------------------------------------ */

/* Appends s as valid UTF-8 without control characters (other than line
 * breaks), so pango never sees bytes it would refuse. */
static void put_text(struct buf *b, const char *s)
{
	size_t start = b->len;
	if (g_utf8_validate(s, -1, NULL)) {
		buf_puts(b, s);
	} else {
		gchar *v = g_utf8_make_valid(s, -1);
		buf_puts(b, v);
		g_free(v);
	}
	for (size_t i = start; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			b->data[i] = ' ';
	}
}

static int anchor_cmp(const void *a, const void *b)
{
	return strcmp(((const struct anchor *)a)->id, ((const struct anchor *)b)->id);
}

/* Appends href to b as a URI safe inside cairo's quoted attribute and a PDF
 * string: reserved URI characters kept, the rest (quotes, backslash, spaces,
 * parentheses, non-ASCII bytes) percent-encoded. */
static void put_uri(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (g_ascii_isalnum((char)c) || strchr("-._~:/?#[]@!$&*+,;=%", c)) {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
}

/* Writes the cairo link attributes for href into p->hrefs (NUL-terminated)
 * and returns true, or returns false if it is not a link a reader can
 * follow: only http(s) and mailto, paths (made absolute with the document's
 * base_url when it has one) and "#id" of a heading in this document. */
static bool link_attrs(struct pdf *p, const char *href)
{
	if (!href || !*href)
		return false;
	struct buf *b = &p->hrefs;
	if (href[0] == '#') {
		struct anchor key = {href + 1, 0};
		const struct anchor *a =
			p->nanchors ? bsearch(&key, p->anchors, p->nanchors, sizeof(*p->anchors), anchor_cmp) : NULL;
		if (!a)
			return false;
		buf_printf(b, "dest='h%zu'", a->block);
		buf_putc(b, '\0');
		return true;
	}
	const char *colon = NULL;
	for (const char *c = href; *c && *c != '/' && *c != '?' && *c != '#'; c++)
		if (*c == ':') {
			colon = c;
			break;
		}
	if (colon && g_ascii_strncasecmp(href, "http:", 5) != 0 && g_ascii_strncasecmp(href, "https:", 6) != 0 &&
	    g_ascii_strncasecmp(href, "mailto:", 7) != 0)
		return false;
	buf_puts(b, "uri='");
	if (!colon && p->d->base_url && *p->d->base_url) {
		const char *base = p->d->base_url;
		size_t n = strlen(base);
		while (n && base[n - 1] == '/')
			n--;
		buf_append(b, base, n);
		if (href[0] != '/')
			buf_putc(b, '/');
	}
	put_uri(b, href);
	buf_puts(b, "'");
	buf_putc(b, '\0');
	return true;
}

static void add_attr(PangoAttrList *al, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(al, a);
}

static void set_font(struct pdf *p, PangoLayout *l, enum font f, double width, PangoAlignment align)
{
	pango_layout_set_font_description(l, p->fd[f]);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_alignment(l, align);
	pango_layout_set_line_spacing(l, (float)fonts[f].spacing);
}

/* Reads the lines of the main layout into p->lines. */
static void collect_lines(struct pdf *p)
{
	PangoLayoutIter *it = pango_layout_get_iter(p->layout);
	p->nlines = 0;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		p->lines = grow(p->lines, &p->caplines, p->nlines + 1, sizeof(*p->lines));
		p->lines[p->nlines++] = (struct line){
			pango_layout_iter_get_line_readonly(it),
			(double)log.y / PANGO_SCALE,
			(double)log.height / PANGO_SCALE,
			(double)pango_layout_iter_get_baseline(it) / PANGO_SCALE,
			(double)log.x / PANGO_SCALE,
		};
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static bool same_lang(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Records run bytes [start, end) in lang (a doc_run's, may be NULL) as a
 * langrange when it is not the document's language, and gives pango the
 * language too: it then lays the run out in items of its own (so each is
 * drawn in its own Span) and hyphenates it as that language. */
static void lang_range(struct pdf *p, PangoAttrList *al, const char *lang, size_t start, size_t end)
{
	const char *tag = lang_tag(lang), *doc = lang_tag(p->d->lang);
	if (!tag || (doc && strcmp(tag, doc) == 0))
		return;
	add_attr(al, pango_attr_language_new(pango_language_from_string(tag)), start, end);
	struct langrange *prev = p->nlangs ? &p->langs[p->nlangs - 1] : NULL;
	if (prev && prev->end == start && same_lang(prev->tag, tag)) {
		prev->end = end;
		return;
	}
	p->langs = grow(p->langs, &p->caplangs, p->nlangs + 1, sizeof(*p->langs));
	p->langs[p->nlangs++] = (struct langrange){start, end, tag};
}

/* Lays out a text of runs in the main layout: strong and em as pango
 * attributes, links recorded (and coloured, which also makes pango keep
 * them in runs of their own), runs in another language recorded. */
static void text_layout(struct pdf *p, const struct doc_text *t, enum font f, double width)
{
	buf_reset(&p->text);
	buf_reset(&p->hrefs);
	p->nlinks = 0;
	p->nlangs = 0;
	PangoAttrList *al = pango_attr_list_new();
	for (size_t i = 0; i < t->n; i++) {
		const struct doc_run *r = &t->runs[i];
		size_t start = p->text.len;
		put_text(&p->text, r->text ? r->text : "");
		size_t end = p->text.len;
		if (end == start)
			continue;
		if (r->strong)
			add_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		if (r->em)
			add_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
		lang_range(p, al, r->lang, start, end);
		size_t attr = p->hrefs.len;
		if (!link_attrs(p, r->href))
			continue;
		add_attr(al, pango_attr_foreground_new(0x0b0b, 0x4f4f, 0x9c9c), start, end);
		struct link *prev = p->nlinks ? &p->links[p->nlinks - 1] : NULL;
		if (prev && prev->end == start && strcmp(p->hrefs.data + prev->attr, p->hrefs.data + attr) == 0) {
			prev->end = end; /* the same link in another style: one link */
			p->hrefs.len = attr;
			p->hrefs.data[attr] = '\0';
			continue;
		}
		p->links = grow(p->links, &p->caplinks, p->nlinks + 1, sizeof(*p->links));
		p->links[p->nlinks++] = (struct link){start, end, attr};
	}
	set_font(p, p->layout, f, width, PANGO_ALIGN_LEFT);
	pango_layout_set_text(p->layout, buf_cstr(&p->text), (int)p->text.len);
	pango_layout_set_attributes(p->layout, al);
	pango_attr_list_unref(al);
	collect_lines(p);
}

static void text_layout_plain(struct pdf *p, const char *s, enum font f, double width)
{
	struct doc_run run = {s ? s : "", NULL, false, false, NULL};
	text_layout(p, &(struct doc_text){&run, 1}, f, width);
}

/* Sets a plain text on one of the other layouts. */
static void plain(struct pdf *p, PangoLayout *l, const char *s, enum font f, double width, PangoAlignment align)
{
	buf_reset(&p->scratch);
	put_text(&p->scratch, s ? s : "");
	set_font(p, l, f, width, align);
	pango_layout_set_attributes(l, NULL);
	pango_layout_set_text(l, buf_cstr(&p->scratch), (int)p->scratch.len);
}

static double layout_width(PangoLayout *l)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	return (double)log.width / PANGO_SCALE;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	return (double)log.height / PANGO_SCALE;
}

/* --- Pages ----------------------------------------------------------------- */

static bool at_top(const struct pdf *p)
{
	return p->y <= TOP + 0.5;
}

/* The page number, drawn only between structure elements' content (see the
 * top of the file): unmarked, never read as part of the text. The word is in
 * the document's language. */
static void footer(struct pdf *p)
{
	char s[32];
	snprintf(s, sizeof(s), TR(p->english ? "en" : "nl", N_("Page %d")), p->page);
	pango_layout_set_text(p->foot, s, -1);
	cairo_set_source_rgb(p->cr, RGB_FOOT);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 18);
	pango_cairo_show_layout(p->cr, p->foot);
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
}

/* --- Flowing text ---------------------------------------------------------- */

/* Height of the main layout's first lines that must share a page: two (no
 * orphan line), or all of a short text. */
static double lead_height(const struct pdf *p, size_t nlines)
{
	size_t k = nlines < p->nlines ? nlines : p->nlines;
	return p->lines[k - 1].top + p->lines[k - 1].height - p->lines[0].top;
}

static double text_height(const struct pdf *p)
{
	return lead_height(p, p->nlines);
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
		tag_close(p, "Span");
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
	if (lk ? s->kind == SEG_LINK && s->link == lk : s->kind == SEG_SPAN && same_lang(s->lang, lang))
		return;
	seg_close(p, s);
	if (lk) {
		link_open(p, p->hrefs.data + lk->attr, p->text.data + lk->start, lk->end - lk->start, lang);
		s->kind = SEG_LINK;
		s->link = lk;
	} else {
		tag_open(p, "Span", lang);
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
static void flow(struct pdf *p, const char *tag, const char *lang, const char *dest, double x)
{
	const struct line *ln = p->lines;
	size_t n = p->nlines;
	if (!at_top(p) && p->y + lead_height(p, 2) > BOTTOM)
		new_page(p);
	bool leaf = p->nlinks == 0 && p->nlangs == 0 && p->y + text_height(p) <= BOTTOM;
	tag_open(p, tag, lang);
	if (dest)
		cairo_tag_begin(p->cr, CAIRO_TAG_DEST, dest);
	struct seg seg = {SEG_NONE, NULL, NULL};
	double y0 = p->y - ln[0].top;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && y0 + ln[i].top + ln[i].height > BOTTOM) {
			seg_close(p, &seg);
			new_page(p);
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
	tag_close(p, tag);
	p->y = y0 + ln[n - 1].top + ln[n - 1].height;
}

/* --- Blocks ---------------------------------------------------------------- */

/* A chart's sizes: the label column, each row, the legend, the whole. */
struct fig {
	double title_h, label_w, legend_h, total_h;
	double *row_h; /* nrows; caller frees */
};

static void figure_measure(struct pdf *p, const struct chart *c, struct fig *f);

static void bookmark(struct pdf *p, int level, size_t block)
{
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (int l = level - 1; l >= 1; l--)
		if (p->outline[l] >= 0) {
			parent = p->outline[l];
			break;
		}
	char attrs[40];
	snprintf(attrs, sizeof(attrs), "dest='h%zu'", block);
	int id = cairo_pdf_surface_add_outline(p->surface, parent, buf_cstr(&p->text), attrs,
	                                       level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	p->outline[level] = id;
	for (int l = level + 1; l <= 3; l++)
		p->outline[l] = -1;
}

/* How much of the block after a heading must fit on the heading's page:
 * about three lines of text, a table's caption, header and first row, a
 * whole chart. */
static double next_need(struct pdf *p, size_t block)
{
	const struct doc *d = p->d;
	if (block + 1 >= d->n)
		return 0;
	const struct doc_block *k = &d->blocks[block + 1];
	switch (k->kind) {
	case DOC_HEADING:
		return 75;
	case DOC_TABLE:
		return 70;
	case DOC_CHART:
		if (k->chart) {
			struct fig f;
			figure_measure(p, k->chart, &f);
			free(f.row_h);
			return f.total_h < BOTTOM - TOP - 60 ? f.total_h : BOTTOM - TOP - 60;
		}
		return 0;
	case DOC_PARAGRAPH:
	case DOC_LIST:
		break;
	}
	return 45;
}

static void heading(struct pdf *p, const struct doc_block *k, size_t block, const char *lang)
{
	static const char *const tags[] = {"H1", "H2", "H3", "H4"};
	int level = k->level < 1 ? 1 : k->level > 4 ? 4 : k->level;
	double next = next_need(p, block);
	text_layout(p, &k->text, (enum font)(F_H1 + level - 1), WIDTH);
	double before = at_top(p) ? 0 : level <= 2 ? 16 : 11;
	/* Keep with the next block. */
	if (!at_top(p) && p->y + before + text_height(p) + next > BOTTOM)
		new_page(p);
	else
		p->y += before;
	char dest[40];
	snprintf(dest, sizeof(dest), "name='h%zu'", block);
	flow(p, tags[level - 1], lang, dest, MARGIN);
	if (level <= 3)
		bookmark(p, level, block);
	p->y += level <= 2 ? 7 : 5;
}

static void paragraph(struct pdf *p, const struct doc_block *k, const char *lang)
{
	text_layout(p, &k->text, F_BODY, WIDTH);
	flow(p, "P", lang, NULL, MARGIN);
	p->y += PARA_GAP;
}

static void list(struct pdf *p, const struct doc_block *k, const char *lang)
{
	if (!k->nitems)
		return;
	char label[32];
	double indent = 16;
	if (k->ordered) {
		snprintf(label, sizeof(label), "%zu.", k->nitems);
		plain(p, p->aux, label, F_BODY, -1, PANGO_ALIGN_LEFT);
		double w = layout_width(p->aux) + 7;
		if (w > indent)
			indent = w;
	}
	size_t l = tag_open(p, "L", lang);
	p->tags[l].attrs = k->ordered ? "<< /O /List /ListNumbering /Decimal >>" : "<< /O /List /ListNumbering /Disc >>";
	for (size_t j = 0; j < k->nitems; j++) {
		text_layout(p, &k->items[j], F_BODY, WIDTH - indent);
		/* A short item stays whole; a long one starts with two lines. */
		double need = p->nlines <= 3 ? text_height(p) : lead_height(p, 2);
		if (!at_top(p) && p->y + need > BOTTOM)
			new_page(p);
		tag_open(p, "LI", NULL);
		tag_open(p, "Lbl", NULL);
		if (k->ordered)
			snprintf(label, sizeof(label), "%zu.", j + 1);
		else
			snprintf(label, sizeof(label), "\u2022");
		plain(p, p->aux, label, F_BODY, -1, PANGO_ALIGN_LEFT);
		double baseline = p->y - p->lines[0].top + p->lines[0].baseline;
		cairo_set_source_rgb(p->cr, RGB_TEXT);
		/* Numbers end at the same place ("9." over "10."), bullets are indented a little. */
		double lx = k->ordered ? MARGIN + indent - 7 - layout_width(p->aux) : MARGIN + 3;
		cairo_move_to(p->cr, lx, baseline - (double)pango_layout_get_baseline(p->aux) / PANGO_SCALE);
		pango_cairo_show_layout(p->cr, p->aux);
		tag_close(p, "Lbl");
		flow(p, "LBody", NULL, NULL, MARGIN + indent);
		tag_close(p, "LI");
		p->y += 3;
	}
	tag_close(p, "L");
	p->y += PARA_GAP - 3;
}

/* Column widths from the content: each column first gets its natural width
 * up to an equal share, the rest of the page width is shared in proportion
 * to what each still needs. */
static void col_widths(struct pdf *p, const struct doc_block *k, double *w)
{
	size_t nc = k->ncols;
	double sum = 0;
	for (size_t c = 0; c < nc; c++) {
		plain(p, p->aux, k->head[c], F_CELL_HEAD, -1, PANGO_ALIGN_LEFT);
		double m = layout_width(p->aux);
		for (size_t r = 0; r < k->nrows; r++) {
			plain(p, p->aux, k->cells[r * nc + c], F_CELL, -1, PANGO_ALIGN_LEFT);
			double cw = layout_width(p->aux);
			if (cw > m)
				m = cw;
		}
		m += 2 * CELL_PADX + 1;
		w[c] = m < WIDTH ? m : WIDTH;
		sum += w[c];
	}
	if (sum <= WIDTH) {
		for (size_t c = 0; c < nc; c++)
			w[c] += (WIDTH - sum) * w[c] / sum;
		return;
	}
	double fair = WIDTH / (double)nc, given = 0, want = 0;
	for (size_t c = 0; c < nc; c++) {
		double g = w[c] < fair ? w[c] : fair;
		given += g;
		want += w[c] - g;
	}
	for (size_t c = 0; c < nc; c++) {
		double g = w[c] < fair ? w[c] : fair;
		w[c] = g + (want > 0 ? (WIDTH - given) * (w[c] - g) / want : 0);
	}
}

/* Lays out one row's cells in p->cells; returns the row's height. */
static double lay_row(struct pdf *p, const struct doc_block *k, const char *const *cells, bool head, const double *w)
{
	double h = 0;
	for (size_t c = 0; c < k->ncols; c++) {
		plain(p, p->cells[c], cells[c], head ? F_CELL_HEAD : F_CELL, w[c] - 2 * CELL_PADX,
		      k->numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		double ch = layout_height(p->cells[c]);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PADY;
}

/* Draws the row laid out by lay_row. tagged: a TR with TH/TD cells (the
 * header row's cells and the first cell of a body row are TH); untagged: the
 * header row repeated on a new page, drawn while only the Table is open. */
static void draw_row(struct pdf *p, const struct doc_block *k, bool head, bool tagged, const double *w, double h)
{
	cairo_t *cr = p->cr;
	if (head) {
		cairo_set_source_rgb(cr, RGB_HEAD_BG);
		cairo_rectangle(cr, MARGIN, p->y, WIDTH, h);
		cairo_fill(cr);
	}
	if (tagged)
		tag_open(p, "TR", NULL);
	double x = MARGIN;
	for (size_t c = 0; c < k->ncols; c++) {
		bool th = head || c == 0;
		if (tagged) {
			/* A column of quoted texts (Dutch titles in an English report) carries its language. */
			const char *cl = k->col_lang && k->col_lang[c] && (!p->d->lang || strcmp(k->col_lang[c], p->d->lang) != 0)
			                         ? lang_tag(k->col_lang[c])
			                         : NULL;
			size_t t = tag_open(p, th ? "TH" : "TD", head ? NULL : cl); /* before indexing: it may move p->tags */
			p->tags[t].attrs = !th ? NULL : head ? "<< /O /Table /Scope /Column >>" : "<< /O /Table /Scope /Row >>";
		}
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, x + CELL_PADX, p->y + CELL_PADY);
		pango_cairo_show_layout(cr, p->cells[c]);
		if (tagged)
			tag_close(p, th ? "TH" : "TD");
		x += w[c];
	}
	if (tagged)
		tag_close(p, "TR");
	p->y += h;
	if (head)
		cairo_set_source_rgb(cr, RGB_TEXT);
	else
		cairo_set_source_rgb(cr, RGB_RULE);
	cairo_rectangle(cr, MARGIN, p->y - (head ? 1.2 : 0.5), WIDTH, head ? 1.2 : 0.5);
	cairo_fill(cr);
}

/* A table: a row never splits over pages, and the header row is drawn again
 * at the top of every page the table continues on. */
static void table(struct pdf *p, const struct doc_block *k, const char *lang)
{
	size_t nc = k->ncols;
	if (!nc)
		return;
	if (p->ncells < nc) {
		p->cells = mem_realloc(p->cells, nc * sizeof(*p->cells));
		for (size_t c = p->ncells; c < nc; c++) {
			p->cells[c] = pango_layout_new(p->pc);
			pango_layout_set_wrap(p->cells[c], PANGO_WRAP_WORD_CHAR);
		}
		p->ncells = nc;
	}
	double *w = mem_calloc(nc, sizeof(*w));
	col_widths(p, k, w);
	bool caption = k->caption && *k->caption;
	double need = 0;
	if (caption) {
		text_layout_plain(p, k->caption, F_CAPTION, WIDTH);
		need += text_height(p) + 4;
	}
	double hhead = lay_row(p, k, k->head, true, w);
	need += hhead;
	if (k->nrows)
		need += lay_row(p, k, k->cells, false, w);
	if (!at_top(p) && p->y + need > BOTTOM)
		new_page(p);
	tag_open(p, "Table", lang);
	if (caption) {
		flow(p, "Caption", NULL, NULL, MARGIN);
		p->y += 4;
	}
	hhead = lay_row(p, k, k->head, true, w);
	draw_row(p, k, true, true, w, hhead);
	for (size_t r = 0; r < k->nrows; r++) {
		const char *const *row = &k->cells[r * nc];
		double h = lay_row(p, k, row, false, w);
		if (p->y + h > BOTTOM && !at_top(p)) {
			new_page(p);
			draw_row(p, k, true, false, w, lay_row(p, k, k->head, true, w));
			h = lay_row(p, k, row, false, w);
		}
		draw_row(p, k, false, true, w, h);
	}
	tag_close(p, "Table");
	free(w);
	p->y += PARA_GAP + 4;
}

static void set_hex(cairo_t *cr, const char *hex)
{
	unsigned r, g, b;
	if (hex && hex[0] == '#' && strlen(hex) == 7 && strspn(hex + 1, "0123456789abcdefABCDEF") == 6 &&
	    sscanf(hex + 1, "%2x%2x%2x", &r, &g, &b) == 3)
		cairo_set_source_rgb(cr, r / 255.0, g / 255.0, b / 255.0);
	else
		cairo_set_source_rgb(cr, RGB_RULE);
}

/* Series differ by fill pattern as well as colour (as in the SVG charts):
 * white marks over the colour, pattern i % 8 (0: solid). */
static void marks(cairo_t *cr, size_t i, double x, double y, double w, double h)
{
	i %= 8;
	if (!i)
		return;
	const double step = 5;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1.1);
	if (i == 1 || i == 3)
		for (double t = x - h; t < x + w; t += step) {
			cairo_move_to(cr, t, y + h);
			cairo_line_to(cr, t + h, y);
		}
	if (i == 3)
		for (double t = x - h; t < x + w; t += step) {
			cairo_move_to(cr, t, y);
			cairo_line_to(cr, t + h, y + h);
		}
	if (i == 4 || i == 6)
		for (double t = y + step / 2; t < y + h; t += step) {
			cairo_move_to(cr, x, t);
			cairo_line_to(cr, x + w, t);
		}
	if (i == 5 || i == 6)
		for (double t = x + step / 2; t < x + w; t += step) {
			cairo_move_to(cr, t, y);
			cairo_line_to(cr, t, y + h);
		}
	cairo_stroke(cr);
	if (i == 2 || i == 7)
		for (double v = y + step / 2; v < y + h; v += step)
			for (double u = x + step / 2; u < x + w; u += step) {
				cairo_new_sub_path(cr);
				cairo_arc(cr, u, v, i == 2 ? 1.1 : 1.6, 0, 2 * G_PI);
				if (i == 2)
					cairo_fill(cr);
				else
					cairo_stroke(cr);
			}
	cairo_restore(cr);
}

static void figure_measure(struct pdf *p, const struct chart *c, struct fig *f)
{
	plain(p, p->aux, c->title, F_CAPTION, WIDTH, PANGO_ALIGN_LEFT);
	f->title_h = layout_height(p->aux);
	f->label_w = 0;
	for (size_t r = 0; r < c->nrows; r++) {
		plain(p, p->aux, c->rows[r], F_SMALL, -1, PANGO_ALIGN_LEFT);
		double lw = layout_width(p->aux);
		if (lw > f->label_w)
			f->label_w = lw;
	}
	f->label_w = f->label_w + 8 < WIDTH * 0.35 ? f->label_w + 8 : WIDTH * 0.35;
	f->row_h = mem_calloc(c->nrows ? c->nrows : 1, sizeof(*f->row_h));
	double bars_h = 0;
	for (size_t r = 0; r < c->nrows; r++) {
		plain(p, p->aux, c->rows[r], F_SMALL, f->label_w - 8, PANGO_ALIGN_RIGHT);
		double lh = layout_height(p->aux);
		f->row_h[r] = (lh > BAR_H ? lh : BAR_H) + BAR_GAP;
		bars_h += f->row_h[r];
	}
	f->legend_h = 0;
	for (size_t s = 0; s < c->nseries; s += 3) {
		double lh = 10;
		for (size_t j = s; j < s + 3 && j < c->nseries; j++) {
			plain(p, p->aux, c->series[j].label, F_SMALL, WIDTH / 3 - 20, PANGO_ALIGN_LEFT);
			double h = layout_height(p->aux);
			if (h > lh)
				lh = h;
		}
		f->legend_h += lh + 5;
	}
	f->total_h = f->title_h + 6 + bars_h + 4 + f->legend_h;
}

/* A chart as a Figure: the title, horizontal stacked bars with each value
 * written in its segment when it fits and the total after the bar, and the
 * legend. Its alternative text (/Alt) is the chart's title and desc. */
static void figure(struct pdf *p, const struct doc_block *k, const char *lang)
{
	const struct chart *c = k->chart;
	if (!c)
		return;
	cairo_t *cr = p->cr;
	struct fig f;
	figure_measure(p, c, &f);
	double title_h = f.title_h, label_w = f.label_w, total_h = f.total_h, col_w = WIDTH / 3;
	double *row_h = f.row_h;
	if (!at_top(p) && p->y + total_h > BOTTOM)
		new_page(p);
	/* A chart taller than a page is drawn smaller rather than cut off. */
	double scale = total_h > BOTTOM - TOP ? (BOTTOM - TOP) / total_h : 1;

	size_t t = tag_open(p, "Figure", lang);
	/* Its alternative text: "title: desc", or whichever of the two there is. */
	const char *title = c->title ? c->title : "", *desc = c->desc ? c->desc : "";
	p->tags[t].alt = p->strs.len + 1;
	buf_puts(&p->strs, title);
	if (*title && *desc)
		buf_puts(&p->strs, ": ");
	buf_puts(&p->strs, desc);
	buf_putc(&p->strs, '\0');
	cairo_save(cr);
	cairo_translate(cr, MARGIN, p->y);
	cairo_scale(cr, scale, scale);
	plain(p, p->aux, c->title, F_CAPTION, WIDTH, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(cr, RGB_TEXT);
	cairo_move_to(cr, 0, 0);
	pango_cairo_show_layout(cr, p->aux);

	long long max = chart_max_total(c);
	char text[64];
	chart_value_text(c, max, text, sizeof(text));
	plain(p, p->aux, text, F_SMALL, -1, PANGO_ALIGN_LEFT);
	double room = layout_width(p->aux) + 10;
	double bars_w = WIDTH - label_w - room;
	double unit = (bars_w > 60 ? bars_w : 60) / (double)max;

	double y = title_h + 6;
	for (size_t r = 0; r < c->nrows; r++) {
		double bar_y = y + (row_h[r] - BAR_GAP - BAR_H) / 2;
		plain(p, p->aux, c->rows[r], F_SMALL, label_w - 8, PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, 0, y + (row_h[r] - BAR_GAP - layout_height(p->aux)) / 2);
		pango_cairo_show_layout(cr, p->aux);
		double x = label_w;
		for (size_t s = 0; s < c->nseries; s++) {
			long long v = c->values[r * c->nseries + s];
			if (v <= 0)
				continue;
			double w = (double)v * unit;
			set_hex(cr, c->series[s].color);
			cairo_rectangle(cr, x, bar_y, w, BAR_H);
			cairo_fill(cr);
			marks(cr, s, x, bar_y, w, BAR_H);
			chart_value_text(c, v, text, sizeof(text));
			plain(p, p->aux, text, F_SMALL_BOLD, -1, PANGO_ALIGN_LEFT);
			double tw = layout_width(p->aux), th = layout_height(p->aux);
			if (w >= tw + 8) { /* the number on a white label, legible on any colour */
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_rectangle(cr, x + (w - tw) / 2 - 2, bar_y + (BAR_H - th) / 2, tw + 4, th);
				cairo_fill(cr);
				cairo_set_source_rgb(cr, RGB_TEXT);
				cairo_move_to(cr, x + (w - tw) / 2, bar_y + (BAR_H - th) / 2);
				pango_cairo_show_layout(cr, p->aux);
			}
			cairo_set_source_rgb(cr, 1, 1, 1); /* a white gap between segments */
			cairo_rectangle(cr, x + w - 0.75, bar_y, 0.75, BAR_H);
			cairo_fill(cr);
			x += w;
		}
		chart_value_text(c, chart_row_total(c, r), text, sizeof(text));
		plain(p, p->aux, text, F_SMALL, -1, PANGO_ALIGN_LEFT);
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, x + 5, bar_y + (BAR_H - layout_height(p->aux)) / 2);
		pango_cairo_show_layout(cr, p->aux);
		y += row_h[r];
	}

	y += 4;
	for (size_t s = 0; s < c->nseries; s += 3) {
		double lh = 10;
		for (size_t j = s; j < s + 3 && j < c->nseries; j++) {
			double lx = col_w * (double)(j - s);
			set_hex(cr, c->series[j].color);
			cairo_rectangle(cr, lx, y, 10, 10);
			cairo_fill(cr);
			marks(cr, j, lx, y, 10, 10);
			cairo_set_source_rgb(cr, RGB_TEXT);
			cairo_set_line_width(cr, 0.6);
			cairo_rectangle(cr, lx, y, 10, 10);
			cairo_stroke(cr);
			plain(p, p->aux, c->series[j].label, F_SMALL, col_w - 20, PANGO_ALIGN_LEFT);
			cairo_move_to(cr, lx + 15, y);
			pango_cairo_show_layout(cr, p->aux);
			double h = layout_height(p->aux);
			if (h > lh)
				lh = h;
		}
		y += lh + 5;
	}
	cairo_restore(cr);
	tag_close(p, "Figure");
	free(row_h);
	p->y += total_h * scale + PARA_GAP + 4;
}

/* --- The incremental update ------------------------------------------------ */

/* Hands cairo's PDF (raw) and the elements begun to pdf_patch, which
 * appends the result to out. The strings of the elements are resolved only
 * now, when p->strs no longer grows. */
static int finish(struct pdf *p, const struct buf *raw, struct buf *out)
{
	struct pdf_patch_elem *e = mem_calloc(p->ntags ? p->ntags : 1, sizeof(*e));
	for (size_t i = 0; i < p->ntags; i++) {
		const struct tagrec *t = &p->tags[i];
		e[i] = (struct pdf_patch_elem){t->name, t->lang, t->alt ? p->strs.data + t->alt - 1 : NULL, t->attrs,
		                               t->contents ? p->strs.data + t->contents - 1 : NULL};
	}
	const char *lang = lang_tag(p->d->lang);
	struct pdf_patch_meta m = {lang ? lang : "nl-NL", p->d->title, p->d->author, p->d->subject, p->d->date};
	int rc = pdf_patch(raw->data, raw->len, e, p->ntags, &m, out);
	free(e);
	return rc;
}

/* --- The document ---------------------------------------------------------- */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void set_meta(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
	if (value && *value)
		cairo_pdf_surface_set_metadata(s, key, value);
}

/* A font map per thread, made at its first PDF and released when the
 * thread ends. Making one per document cost most of a document's time:
 * every font was matched (fontconfig), opened and shaped anew, and a
 * period's publication makes six PDFs (three documents, two languages). */
static pthread_key_t font_map_key;
static pthread_once_t font_map_once = PTHREAD_ONCE_INIT;

static void font_map_release(void *fm)
{
	g_object_unref(fm);
}

static void font_map_key_make(void)
{
	if (pthread_key_create(&font_map_key, font_map_release) != 0)
		mem_die("doc_pdf: no thread key for the font map");
}

static PangoFontMap *thread_font_map(void)
{
	pthread_once(&font_map_once, font_map_key_make);
	PangoFontMap *fm = pthread_getspecific(font_map_key);
	if (!fm) {
		fm = pango_cairo_font_map_new();
		if (pthread_setspecific(font_map_key, fm) != 0)
			mem_die("doc_pdf: cannot keep the font map");
	}
	return fm;
}

static void setup(struct pdf *p, const struct doc *d, struct buf *raw)
{
	p->d = d;
	p->page = 1;
	p->y = TOP;
	p->english = d->lang && strncmp(d->lang, "en", 2) == 0;
	for (int l = 0; l < 4; l++)
		p->outline[l] = -1;
	p->surface = cairo_pdf_surface_create_for_stream(write_buf, raw, PAGE_W, PAGE_H);
	set_meta(p->surface, CAIRO_PDF_METADATA_TITLE, d->title);
	set_meta(p->surface, CAIRO_PDF_METADATA_AUTHOR, d->author);
	set_meta(p->surface, CAIRO_PDF_METADATA_SUBJECT, d->subject);
	set_meta(p->surface, CAIRO_PDF_METADATA_CREATOR, "lia");
	p->cr = cairo_create(p->surface);

	/* The font map of this thread (thread_font_map): threads rendering at
	 * once share nothing but fontconfig, and one thread's documents share
	 * the fonts it loaded. */
	p->pc = pango_font_map_create_context(thread_font_map());
	pango_cairo_update_context(p->cr, p->pc);
	pango_cairo_context_set_resolution(p->pc, 72); /* sizes in points = PDF units */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pc, fo);
	cairo_font_options_destroy(fo);
	const char *lang = lang_tag(d->lang);
	pango_context_set_language(p->pc, pango_language_from_string(lang ? lang : "nl-NL"));
	for (int f = 0; f < F_COUNT; f++) {
		p->fd[f] = pango_font_description_new();
		pango_font_description_set_family(p->fd[f], FAMILY);
		pango_font_description_set_size(p->fd[f], (gint)(fonts[f].size * PANGO_SCALE));
		pango_font_description_set_weight(p->fd[f], fonts[f].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
	PangoLayout **ls[] = {&p->layout, &p->aux, &p->foot};
	for (size_t i = 0; i < ARRAY_LEN(ls); i++) {
		*ls[i] = pango_layout_new(p->pc);
		pango_layout_set_wrap(*ls[i], PANGO_WRAP_WORD_CHAR);
	}
	set_font(p, p->foot, F_SMALL, WIDTH, PANGO_ALIGN_RIGHT);

	/* Heading ids, sorted, for links to "#id". */
	p->anchors = mem_calloc(d->n ? d->n : 1, sizeof(*p->anchors));
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i].kind == DOC_HEADING && d->blocks[i].id && *d->blocks[i].id)
			p->anchors[p->nanchors++] = (struct anchor){d->blocks[i].id, i};
	qsort(p->anchors, p->nanchors, sizeof(*p->anchors), anchor_cmp);
}

static void teardown(struct pdf *p)
{
	PangoLayout *ls[] = {p->layout, p->aux, p->foot};
	for (size_t i = 0; i < ARRAY_LEN(ls); i++)
		if (ls[i])
			g_object_unref(ls[i]);
	for (size_t c = 0; c < p->ncells; c++)
		g_object_unref(p->cells[c]);
	free(p->cells);
	for (int f = 0; f < F_COUNT; f++)
		if (p->fd[f])
			pango_font_description_free(p->fd[f]);
	if (p->pc)
		g_object_unref(p->pc);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	buf_free(&p->text);
	buf_free(&p->hrefs);
	buf_free(&p->scratch);
	buf_free(&p->strs);
	free(p->links);
	free(p->langs);
	free(p->lines);
	free(p->tags);
	free(p->anchors);
}

int doc_pdf(const struct doc *d, struct buf *out)
{
	struct pdf p = {0};
	struct buf raw = BUF_INIT;
	setup(&p, d, &raw);
	tag_open(&p, "Document", NULL);
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];
		const char *lang = block_lang(&p, k);
		switch (k->kind) {
		case DOC_HEADING:
			heading(&p, k, i, lang);
			break;
		case DOC_PARAGRAPH:
			paragraph(&p, k, lang);
			break;
		case DOC_LIST:
			list(&p, k, lang);
			break;
		case DOC_TABLE:
			table(&p, k, lang);
			break;
		case DOC_CHART:
			figure(&p, k, lang);
			break;
		}
	}
	tag_close(&p, "Document");
	footer(&p);
	int rc = LIA_EIO;
	cairo_status_t st = cairo_status(p.cr);
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	buf_reset(&p.scratch);
	if (st == CAIRO_STATUS_SUCCESS)
		rc = finish(&p, &raw, out);
	teardown(&p);
	buf_free(&raw);
	return rc;
}
