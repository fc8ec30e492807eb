/*
 * doc_pdf_blocks: headings (with bookmarks), paragraphs, lists and tables
 * (see doc_pdf.c).
 */
#include "report/doc_pdf_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Blocks ---------------------------------------------------------------- */


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
			pdf_figure_measure(p, k->chart, &f);
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

void pdf_heading(struct pdf *p, const struct doc_block *k, size_t block, const char *lang)
{
	static const char *const tags[] = {"H1", "H2", "H3", "H4"};
	int level = k->level < 1 ? 1 : k->level > 4 ? 4 : k->level;
	double next = next_need(p, block);
	pdf_text_layout(p, &k->text, (enum font)(F_H1 + level - 1), WIDTH);
	double before = pdf_at_top(p) ? 0 : level <= 2 ? 16 : 11;
	/* Keep with the next block. */
	if (!pdf_at_top(p) && p->y + before + pdf_text_height(p) + next > BOTTOM)
		pdf_new_page(p);
	else
		p->y += before;
	char dest[40];
	snprintf(dest, sizeof(dest), "name='h%zu'", block);
	pdf_flow(p, tags[level - 1], lang, dest, MARGIN);
	if (level <= 3)
		bookmark(p, level, block);
	p->y += level <= 2 ? 7 : 5;
}

void pdf_paragraph(struct pdf *p, const struct doc_block *k, const char *lang)
{
	pdf_text_layout(p, &k->text, F_BODY, WIDTH);
	pdf_flow(p, "P", lang, NULL, MARGIN);
	p->y += PARA_GAP;
}

void pdf_list(struct pdf *p, const struct doc_block *k, const char *lang)
{
	if (!k->nitems)
		return;
	char label[32];
	double indent = 16;
	if (k->ordered) {
		snprintf(label, sizeof(label), "%zu.", k->nitems);
		pdf_plain(p, &p->aux, label, F_BODY, -1, PANGO_ALIGN_LEFT);
		double w = pdf_layout_width(p->aux) + 7;
		if (w > indent)
			indent = w;
	}
	size_t l = pdf_tag_open(p, "L", lang);
	p->tags[l].attrs = k->ordered ? "<< /O /List /ListNumbering /Decimal >>" : "<< /O /List /ListNumbering /Disc >>";
	for (size_t j = 0; j < k->nitems; j++) {
		pdf_text_layout(p, &k->items[j], F_BODY, WIDTH - indent);
		/* A short item stays whole; a long one starts with two lines. */
		double need = p->nlines <= 3 ? pdf_text_height(p) : pdf_lead_height(p, 2);
		if (!pdf_at_top(p) && p->y + need > BOTTOM)
			pdf_new_page(p);
		pdf_tag_open(p, "LI", NULL);
		pdf_tag_open(p, "Lbl", NULL);
		if (k->ordered)
			snprintf(label, sizeof(label), "%zu.", j + 1);
		else
			snprintf(label, sizeof(label), "\u2022");
		pdf_plain(p, &p->aux, label, F_BODY, -1, PANGO_ALIGN_LEFT);
		double baseline = p->y - p->lines[0].top + p->lines[0].baseline;
		cairo_set_source_rgb(p->cr, RGB_TEXT);
		/* Numbers end at the same place ("9." over "10."), bullets are indented a little. */
		double lx = k->ordered ? MARGIN + indent - 7 - pdf_layout_width(p->aux) : MARGIN + 3;
		cairo_move_to(p->cr, lx, baseline - (double)pango_layout_get_baseline(p->aux) / PANGO_SCALE);
		pango_cairo_show_layout(p->cr, p->aux);
		pdf_tag_close(p, "Lbl");
		pdf_flow(p, "LBody", NULL, NULL, MARGIN + indent);
		pdf_tag_close(p, "LI");
		p->y += 3;
	}
	pdf_tag_close(p, "L");
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
		pdf_plain(p, &p->aux, k->head[c], F_CELL_HEAD, -1, PANGO_ALIGN_LEFT);
		double m = pdf_layout_width(p->aux);
		for (size_t r = 0; r < k->nrows; r++) {
			pdf_plain(p, &p->aux, k->cells[r * nc + c], F_CELL, -1, PANGO_ALIGN_LEFT);
			double cw = pdf_layout_width(p->aux);
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
		pdf_plain(p, &p->cells[c], cells[c], head ? F_CELL_HEAD : F_CELL, w[c] - 2 * CELL_PADX,
		      k->numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		double ch = pdf_layout_height(p->cells[c]);
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
		pdf_tag_open(p, "TR", NULL);
	double x = MARGIN;
	for (size_t c = 0; c < k->ncols; c++) {
		bool th = head || c == 0;
		if (tagged) {
			/* A column of quoted texts (Dutch titles in an English report) carries its language. */
			const char *cl = k->col_lang && k->col_lang[c] && (!p->d->lang || strcmp(k->col_lang[c], p->d->lang) != 0)
			                         ? pdf_lang_tag(k->col_lang[c])
			                         : NULL;
			size_t t = pdf_tag_open(p, th ? "TH" : "TD", head ? NULL : cl); /* before indexing: it may move p->tags */
			p->tags[t].attrs = !th ? NULL : head ? "<< /O /Table /Scope /Column >>" : "<< /O /Table /Scope /Row >>";
		}
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, x + CELL_PADX, p->y + CELL_PADY);
		pango_cairo_show_layout(cr, p->cells[c]);
		if (tagged)
			pdf_tag_close(p, th ? "TH" : "TD");
		x += w[c];
	}
	if (tagged)
		pdf_tag_close(p, "TR");
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
void pdf_table(struct pdf *p, const struct doc_block *k, const char *lang)
{
	size_t nc = k->ncols;
	if (!nc)
		return;
	if (p->ncells < nc) {
		p->cells = mem_realloc(p->cells, nc * sizeof(*p->cells));
		for (size_t c = p->ncells; c < nc; c++)
			p->cells[c] = NULL; /* set by lay_row */
		p->ncells = nc;
	}
	double *w = mem_calloc(nc, sizeof(*w));
	col_widths(p, k, w);
	bool caption = k->caption && *k->caption;
	double need = 0;
	if (caption) {
		pdf_text_layout_plain(p, k->caption, F_CAPTION, WIDTH);
		need += pdf_text_height(p) + 4;
	}
	double hhead = lay_row(p, k, k->head, true, w);
	need += hhead;
	if (k->nrows)
		need += lay_row(p, k, k->cells, false, w);
	if (!pdf_at_top(p) && p->y + need > BOTTOM)
		pdf_new_page(p);
	pdf_tag_open(p, "Table", lang);
	if (caption) {
		pdf_flow(p, "Caption", NULL, NULL, MARGIN);
		p->y += 4;
	}
	hhead = lay_row(p, k, k->head, true, w);
	draw_row(p, k, true, true, w, hhead);
	for (size_t r = 0; r < k->nrows; r++) {
		const char *const *row = &k->cells[r * nc];
		double h = lay_row(p, k, row, false, w);
		if (p->y + h > BOTTOM && !pdf_at_top(p)) {
			pdf_new_page(p);
			draw_row(p, k, true, false, w, lay_row(p, k, k->head, true, w));
			h = lay_row(p, k, row, false, w);
		}
		draw_row(p, k, false, true, w, h);
	}
	pdf_tag_close(p, "Table");
	free(w);
	p->y += PARA_GAP + 4;
}
