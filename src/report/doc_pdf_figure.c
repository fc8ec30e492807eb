/*
 * doc_pdf_figure: a chart as a Figure, drawn as vector bars with its
 * alternative text (see doc_pdf.c).
 */
#include "report/doc_pdf_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void pdf_figure_measure(struct pdf *p, const struct chart *c, struct fig *f)
{
	pdf_plain(p, &p->aux, c->title, F_CAPTION, WIDTH, PANGO_ALIGN_LEFT);
	f->title_h = pdf_layout_height(p->aux);
	f->label_w = 0;
	for (size_t r = 0; r < c->nrows; r++) {
		pdf_plain(p, &p->aux, c->rows[r], F_SMALL, -1, PANGO_ALIGN_LEFT);
		double lw = pdf_layout_width(p->aux);
		if (lw > f->label_w)
			f->label_w = lw;
	}
	f->label_w = f->label_w + 8 < WIDTH * 0.35 ? f->label_w + 8 : WIDTH * 0.35;
	f->row_h = mem_calloc(c->nrows ? c->nrows : 1, sizeof(*f->row_h));
	double bars_h = 0;
	for (size_t r = 0; r < c->nrows; r++) {
		pdf_plain(p, &p->aux, c->rows[r], F_SMALL, f->label_w - 8, PANGO_ALIGN_RIGHT);
		double lh = pdf_layout_height(p->aux);
		f->row_h[r] = (lh > BAR_H ? lh : BAR_H) + BAR_GAP;
		bars_h += f->row_h[r];
	}
	f->legend_h = 0;
	for (size_t s = 0; s < c->nseries; s += 3) {
		double lh = 10;
		for (size_t j = s; j < s + 3 && j < c->nseries; j++) {
			pdf_plain(p, &p->aux, c->series[j].label, F_SMALL, WIDTH / 3 - 20, PANGO_ALIGN_LEFT);
			double h = pdf_layout_height(p->aux);
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
void pdf_figure(struct pdf *p, const struct doc_block *k, const char *lang)
{
	const struct chart *c = k->chart;
	if (!c)
		return;
	cairo_t *cr = p->cr;
	struct fig f;
	pdf_figure_measure(p, c, &f);
	double title_h = f.title_h, label_w = f.label_w, total_h = f.total_h, col_w = WIDTH / 3;
	double *row_h = f.row_h;
	if (!pdf_at_top(p) && p->y + total_h > BOTTOM)
		pdf_new_page(p);
	/* A chart taller than a page is drawn smaller rather than cut off. */
	double scale = total_h > BOTTOM - TOP ? (BOTTOM - TOP) / total_h : 1;

	size_t t = pdf_tag_open(p, "Figure", lang);
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
	pdf_plain(p, &p->aux, c->title, F_CAPTION, WIDTH, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(cr, RGB_TEXT);
	cairo_move_to(cr, 0, 0);
	pango_cairo_show_layout(cr, p->aux);

	long long max = chart_max_total(c);
	char text[64];
	chart_value_text(c, max, text, sizeof(text));
	pdf_plain(p, &p->aux, text, F_SMALL, -1, PANGO_ALIGN_LEFT);
	double room = pdf_layout_width(p->aux) + 10;
	double bars_w = WIDTH - label_w - room;
	double unit = (bars_w > 60 ? bars_w : 60) / (double)max;

	double y = title_h + 6;
	for (size_t r = 0; r < c->nrows; r++) {
		double bar_y = y + (row_h[r] - BAR_GAP - BAR_H) / 2;
		pdf_plain(p, &p->aux, c->rows[r], F_SMALL, label_w - 8, PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, 0, y + (row_h[r] - BAR_GAP - pdf_layout_height(p->aux)) / 2);
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
			pdf_plain(p, &p->aux, text, F_SMALL_BOLD, -1, PANGO_ALIGN_LEFT);
			double tw = pdf_layout_width(p->aux), th = pdf_layout_height(p->aux);
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
		pdf_plain(p, &p->aux, text, F_SMALL, -1, PANGO_ALIGN_LEFT);
		cairo_set_source_rgb(cr, RGB_TEXT);
		cairo_move_to(cr, x + 5, bar_y + (BAR_H - pdf_layout_height(p->aux)) / 2);
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
			pdf_plain(p, &p->aux, c->series[j].label, F_SMALL, col_w - 20, PANGO_ALIGN_LEFT);
			cairo_move_to(cr, lx + 15, y);
			pango_cairo_show_layout(cr, p->aux);
			double h = pdf_layout_height(p->aux);
			if (h > lh)
				lh = h;
		}
		y += lh + 5;
	}
	cairo_restore(cr);
	pdf_tag_close(p, "Figure");
	free(row_h);
	p->y += total_h * scale + PARA_GAP + 4;
}
