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
 * PDF into memory first, the writer records every structure element it
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
 *
 * This file makes the document and finishes it; the drawing is in
 * doc_pdf_text.c, doc_pdf_flow.c, doc_pdf_blocks.c and doc_pdf_figure.c,
 * which share doc_pdf_internal.h; the fonts, contexts and laid-out text a
 * thread keeps between documents are in doc_pdf_cache.c.
 */
#include "report/doc_pdf_internal.h"

#include "core/err.h"
#include "core/mem.h"
#include "report/pdf_patch.h"

#include <stdlib.h>
#include <string.h>

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
	const char *lang = pdf_lang_tag(p->d->lang);
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

	/* This thread's context for the document's language (doc_pdf_cache.c):
	 * one thread's documents share the fonts it loaded and the text it laid
	 * out. */
	const char *lang = pdf_lang_tag(d->lang);
	p->pc_lang = lang ? lang : "nl-NL";
	p->pc = pdf_cache_context(p->cr, p->pc_lang);
	for (int f = 0; f < F_COUNT; f++) {
		p->fd[f] = pango_font_description_new();
		pango_font_description_set_family(p->fd[f], FAMILY);
		pango_font_description_set_size(p->fd[f], (gint)(pdf_fonts[f].size * PANGO_SCALE));
		pango_font_description_set_weight(p->fd[f], pdf_fonts[f].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
	p->foot = pango_layout_new(p->pc);
	pango_layout_set_wrap(p->foot, PANGO_WRAP_WORD_CHAR);
	pdf_set_font(p, p->foot, F_SMALL, WIDTH, PANGO_ALIGN_RIGHT);

	/* Heading ids, sorted, for links to "#id". */
	p->anchors = mem_calloc(d->n ? d->n : 1, sizeof(*p->anchors));
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i].kind == DOC_HEADING && d->blocks[i].id && *d->blocks[i].id)
			p->anchors[p->nanchors++] = (struct anchor){d->blocks[i].id, i};
	qsort(p->anchors, p->nanchors, sizeof(*p->anchors), pdf_anchor_cmp);
}

static void teardown(struct pdf *p)
{
	PangoLayout *ls[] = {p->layout, p->aux, p->foot};
	for (size_t i = 0; i < ARRAY_LEN(ls); i++)
		if (ls[i])
			g_object_unref(ls[i]);
	for (size_t c = 0; c < p->ncells; c++)
		if (p->cells[c])
			g_object_unref(p->cells[c]);
	free(p->cells);
	for (int f = 0; f < F_COUNT; f++)
		if (p->fd[f])
			pango_font_description_free(p->fd[f]);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	buf_free(&p->text);
	buf_free(&p->hrefs);
	buf_free(&p->scratch);
	buf_free(&p->strs);
	buf_free(&p->attrkey);
	buf_free(&p->key);
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
	pdf_tag_open(&p, "Document", NULL);
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];
		const char *lang = pdf_block_lang(&p, k);
		switch (k->kind) {
		case DOC_HEADING:
			pdf_heading(&p, k, i, lang);
			break;
		case DOC_PARAGRAPH:
			pdf_paragraph(&p, k, lang);
			break;
		case DOC_LIST:
			pdf_list(&p, k, lang);
			break;
		case DOC_TABLE:
			pdf_table(&p, k, lang);
			break;
		case DOC_CHART:
			pdf_figure(&p, k, lang);
			break;
		}
	}
	pdf_tag_close(&p, "Document");
	pdf_footer(&p);
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
