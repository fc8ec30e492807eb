/*
 * doc_pdf_text: languages, structure elements and their records, links,
 * and laying text out with pango (see doc_pdf.c), through the layouts kept
 * per thread (doc_pdf_cache.c).
 */
#include "report/doc_pdf_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fonts, by use. */
const struct pdf_font pdf_fonts[F_COUNT] = {
	[F_BODY] = {10.5, false, 1.2},  [F_H1] = {20, true, 0},        [F_H2] = {16, true, 0},
	[F_H3] = {13, true, 0},         [F_H4] = {11, true, 0},        [F_CAPTION] = {10.5, true, 0},
	[F_CELL] = {9.5, false, 0},     [F_CELL_HEAD] = {9.5, true, 0}, [F_SMALL] = {8.5, false, 0},
	[F_SMALL_BOLD] = {8.5, true, 0},
};

void *pdf_grow(void *p, size_t *cap, size_t need, size_t size)
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
const char *pdf_lang_tag(const char *lang)
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
const char *pdf_block_lang(const struct pdf *p, const struct doc_block *k)
{
	if (!k->lang || (p->d->lang && strcmp(k->lang, p->d->lang) == 0))
		return NULL;
	const char *t = pdf_lang_tag(k->lang);
	const char *doc = pdf_lang_tag(p->d->lang);
	return t && (!doc || strcmp(t, doc) != 0) ? t : NULL;
}

/* --- Tags -------------------------------------------------------------------- */

/* Begins a structure element and records it; returns its index in p->tags. */
size_t pdf_tag_open(struct pdf *p, const char *name, const char *lang)
{
	p->tags = pdf_grow(p->tags, &p->captags, p->ntags + 1, sizeof(*p->tags));
	p->tags[p->ntags] = (struct tagrec){name, lang, NULL, 0, 0};
	cairo_tag_begin(p->cr, name, NULL);
	return p->ntags++;
}

void pdf_tag_close(struct pdf *p, const char *name)
{
	cairo_tag_end(p->cr, name);
}

/* A link is a structure element too (/S /Link) with its annotation, whose
 * /Contents (its description for assistive technology) will be text. */
void pdf_link_open(struct pdf *p, const char *attrs, const char *text, size_t len, const char *lang)
{
	p->tags = pdf_grow(p->tags, &p->captags, p->ntags + 1, sizeof(*p->tags));
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

int pdf_anchor_cmp(const void *a, const void *b)
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
			p->nanchors ? bsearch(&key, p->anchors, p->nanchors, sizeof(*p->anchors), pdf_anchor_cmp) : NULL;
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

/* Adds a to al for bytes [start, end) and describes it in key (what it
 * is: "b" bold, "i" italic, "c" the link colour, "l" and a language tag). */
static void add_attr(struct buf *key, PangoAttrList *al, PangoAttribute *a, size_t start, size_t end, const char *what)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(al, a);
	buf_printf(key, "%s %zu %zu;", what, start, end);
}

void pdf_set_font(struct pdf *p, PangoLayout *l, enum font f, double width, PangoAlignment align)
{
	pango_layout_set_font_description(l, p->fd[f]);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_alignment(l, align);
	pango_layout_set_line_spacing(l, (float)pdf_fonts[f].spacing);
}

/* Points *slot at the layout of text (len bytes) with the attributes al
 * (NULL: none) described by attrs (NULL: none) in font f, width (<= 0:
 * unwrapped) and align: the one this thread keeps, or a new one, kept. The
 * key holds everything the layout depends on; the context is the
 * document's language's. */
static void use_layout(struct pdf *p, PangoLayout **slot, const char *text, size_t len, PangoAttrList *al,
                       const struct buf *attrs, enum font f, double width, PangoAlignment align)
{
	struct buf *k = &p->key;
	buf_reset(k);
	buf_printf(k, "%s|%d|%d|%d|", p->pc_lang, (int)f, width > 0 ? (int)(width * PANGO_SCALE) : -1, (int)align);
	buf_append(k, text, len);
	buf_putc(k, '\0');
	if (attrs && attrs->len)
		buf_append(k, attrs->data, attrs->len);
	PangoLayout *l = pdf_cache_get(k->data, k->len);
	if (!l) {
		l = pango_layout_new(p->pc);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pdf_set_font(p, l, f, width, align);
		pango_layout_set_text(l, text, (int)len);
		pango_layout_set_attributes(l, al);
		pdf_cache_put(k->data, k->len, l);
	}
	if (*slot)
		g_object_unref(*slot);
	*slot = l;
}

/* Reads the lines of the main layout into p->lines. */
static void collect_lines(struct pdf *p)
{
	PangoLayoutIter *it = pango_layout_get_iter(p->layout);
	p->nlines = 0;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		p->lines = pdf_grow(p->lines, &p->caplines, p->nlines + 1, sizeof(*p->lines));
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

bool pdf_same_lang(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Records run bytes [start, end) in lang (a doc_run's, may be NULL) as a
 * langrange when it is not the document's language, and gives pango the
 * language too: it then lays the run out in items of its own (so each is
 * drawn in its own Span) and hyphenates it as that language. */
static void lang_range(struct pdf *p, PangoAttrList *al, const char *lang, size_t start, size_t end)
{
	const char *tag = pdf_lang_tag(lang), *doc = pdf_lang_tag(p->d->lang);
	if (!tag || (doc && strcmp(tag, doc) == 0))
		return;
	char what[48];
	snprintf(what, sizeof(what), "l%s", tag);
	add_attr(&p->attrkey, al, pango_attr_language_new(pango_language_from_string(tag)), start, end, what);
	struct langrange *prev = p->nlangs ? &p->langs[p->nlangs - 1] : NULL;
	if (prev && prev->end == start && pdf_same_lang(prev->tag, tag)) {
		prev->end = end;
		return;
	}
	p->langs = pdf_grow(p->langs, &p->caplangs, p->nlangs + 1, sizeof(*p->langs));
	p->langs[p->nlangs++] = (struct langrange){start, end, tag};
}

/* Lays out a text of runs in the main layout: strong and em as pango
 * attributes, links recorded (and coloured, which also makes pango keep
 * them in runs of their own), runs in another language recorded. */
void pdf_text_layout(struct pdf *p, const struct doc_text *t, enum font f, double width)
{
	buf_reset(&p->text);
	buf_reset(&p->hrefs);
	buf_reset(&p->attrkey);
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
			add_attr(&p->attrkey, al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end, "b");
		if (r->em)
			add_attr(&p->attrkey, al, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end, "i");
		lang_range(p, al, r->lang, start, end);
		size_t attr = p->hrefs.len;
		if (!link_attrs(p, r->href))
			continue;
		add_attr(&p->attrkey, al, pango_attr_foreground_new(0x0b0b, 0x4f4f, 0x9c9c), start, end, "c");
		struct link *prev = p->nlinks ? &p->links[p->nlinks - 1] : NULL;
		if (prev && prev->end == start && strcmp(p->hrefs.data + prev->attr, p->hrefs.data + attr) == 0) {
			prev->end = end; /* the same link in another style: one link */
			p->hrefs.len = attr;
			p->hrefs.data[attr] = '\0';
			continue;
		}
		p->links = pdf_grow(p->links, &p->caplinks, p->nlinks + 1, sizeof(*p->links));
		p->links[p->nlinks++] = (struct link){start, end, attr};
	}
	use_layout(p, &p->layout, buf_cstr(&p->text), p->text.len, al, &p->attrkey, f, width, PANGO_ALIGN_LEFT);
	pango_attr_list_unref(al);
	collect_lines(p);
}

void pdf_text_layout_plain(struct pdf *p, const char *s, enum font f, double width)
{
	struct doc_run run = {s ? s : "", NULL, false, false, NULL};
	pdf_text_layout(p, &(struct doc_text){&run, 1}, f, width);
}

/* Points *l (p->aux, a table cell) at the layout of a plain text. */
void pdf_plain(struct pdf *p, PangoLayout **l, const char *s, enum font f, double width, PangoAlignment align)
{
	buf_reset(&p->scratch);
	put_text(&p->scratch, s ? s : "");
	use_layout(p, l, buf_cstr(&p->scratch), p->scratch.len, NULL, NULL, f, width, align);
}

double pdf_layout_width(PangoLayout *l)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	return (double)log.width / PANGO_SCALE;
}

double pdf_layout_height(PangoLayout *l)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	return (double)log.height / PANGO_SCALE;
}
