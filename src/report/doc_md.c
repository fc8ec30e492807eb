/*
 * doc_md: a document as Markdown (CommonMark, with GitHub-style tables for
 * the tables). A chart becomes its title and text alternative; its numbers
 * are in the table next to it.
 */
#include "report/doc.h"

#include <string.h>

/* Escape what Markdown would read as markup. */
static void esc(struct buf *b, const char *s, bool in_table)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#", *s) || (in_table && *s == '|'))
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_putc(b, ' ');
			continue;
		}
		buf_putc(b, *s);
	}
}

static void text(struct buf *b, const struct doc *d, const struct doc_text *t, bool in_table)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct doc_run *r = &t->runs[i];
		if (r->href)
			buf_putc(b, '[');
		if (r->strong)
			buf_puts(b, "**");
		if (r->em)
			buf_putc(b, '*');
		esc(b, r->text, in_table);
		if (r->em)
			buf_putc(b, '*');
		if (r->strong)
			buf_puts(b, "**");
		if (r->href) {
			buf_puts(b, "](");
			if (d->base_url && r->href[0] == '/')
				buf_puts(b, d->base_url);
			for (const char *p = r->href; *p; p++) {
				if (*p == ' ' || *p == '(' || *p == ')')
					buf_printf(b, "%%%02X", (unsigned char)*p);
				else
					buf_putc(b, *p);
			}
			buf_putc(b, ')');
		}
	}
}

void doc_md(const struct doc *d, struct buf *b)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];
		switch (k->kind) {
		case DOC_HEADING:
			for (int l = 0; l < k->level; l++)
				buf_putc(b, '#');
			buf_putc(b, ' ');
			text(b, d, &k->text, false);
			buf_puts(b, "\n\n");
			break;
		case DOC_PARAGRAPH:
			text(b, d, &k->text, false);
			buf_puts(b, "\n\n");
			break;
		case DOC_LIST:
			for (size_t j = 0; j < k->nitems; j++) {
				if (k->ordered)
					buf_printf(b, "%zu. ", j + 1);
				else
					buf_puts(b, "- ");
				text(b, d, &k->items[j], false);
				buf_putc(b, '\n');
			}
			buf_putc(b, '\n');
			break;
		case DOC_TABLE:
			buf_puts(b, "**");
			esc(b, k->caption, false);
			buf_puts(b, "**\n\n|");
			for (size_t c = 0; c < k->ncols; c++) {
				buf_putc(b, ' ');
				esc(b, k->head[c], true);
				buf_puts(b, " |");
			}
			buf_puts(b, "\n|");
			for (size_t c = 0; c < k->ncols; c++)
				buf_puts(b, k->numeric[c] ? " ---: |" : " --- |");
			buf_putc(b, '\n');
			for (size_t r = 0; r < k->nrows; r++) {
				buf_putc(b, '|');
				for (size_t c = 0; c < k->ncols; c++) {
					buf_putc(b, ' ');
					esc(b, k->cells[r * k->ncols + c], true);
					buf_puts(b, " |");
				}
				buf_putc(b, '\n');
			}
			buf_putc(b, '\n');
			break;
		case DOC_CHART:
			buf_putc(b, '*');
			esc(b, k->chart->title, false);
			buf_puts(b, ".* ");
			esc(b, k->chart->desc, false);
			buf_puts(b, "\n\n");
			break;
		}
	}
}
