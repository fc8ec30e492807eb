/*
 * doc_html: a document as accessible HTML. Headings keep their levels and
 * anchors, tables have a caption and header cells with scope, charts are
 * figures whose SVG carries its own title and text alternative, and text in
 * another language than the page is marked with lang. The standalone form
 * is a whole page with a style that also prints well (A4, no navigation,
 * link targets written out).
 */
#include "report/doc.h"

#include "core/i18n.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void esc(struct buf *b, const char *s)
{
	buf_html_escape(b, s, strlen(s));
}

static void lang_attr(struct buf *b, const struct doc *d, const char *lang)
{
	if (lang && (!d->lang || strcmp(lang, d->lang) != 0))
		buf_printf(b, " lang=\"%s\"", lang);
}

static void href(struct buf *b, const struct doc *d, const char *h)
{
	if (d->base_url && h[0] == '/')
		esc(b, d->base_url);
	esc(b, h);
}

static void text(struct buf *b, const struct doc *d, const struct doc_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct doc_run *r = &t->runs[i];
		if (r->href) {
			buf_puts(b, "<a href=\"");
			href(b, d, r->href);
			buf_puts(b, "\">");
		}
		if (r->strong)
			buf_puts(b, "<strong>");
		if (r->em)
			buf_puts(b, "<em>");
		/* A span only where the language changes (a quote in the document's own language needs none). */
		bool other = r->lang && (!d->lang || strcmp(r->lang, d->lang) != 0);
		if (other) {
			buf_puts(b, "<span");
			lang_attr(b, d, r->lang);
			buf_putc(b, '>');
		}
		esc(b, r->text);
		if (other)
			buf_puts(b, "</span>");
		if (r->em)
			buf_puts(b, "</em>");
		if (r->strong)
			buf_puts(b, "</strong>");
		if (r->href)
			buf_puts(b, "</a>");
	}
}

static void table(struct buf *b, const struct doc *d, const struct doc_block *k, unsigned n)
{
	/* The box scrolls; the inner region is a tab stop only while the box
	 * does (see the style), so keyboard users can scroll a wide table and
	 * tables that fit add no stops. */
	buf_printf(b, "<div class=\"table-wrap\"><div class=\"table-focus\" role=\"region\" aria-labelledby=\"doc-t%u\""
	              " tabindex=\"0\">\n", n);
	buf_printf(b, "<table class=\"report-table\"%s><caption id=\"doc-t%u\">", "", n);
	esc(b, k->caption);
	buf_puts(b, "</caption>\n<thead><tr>");
	for (size_t c = 0; c < k->ncols; c++) {
		buf_printf(b, "<th scope=\"col\"%s>", k->numeric[c] ? " class=\"num\"" : "");
		esc(b, k->head[c]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < k->nrows; r++) {
		buf_puts(b, "<tr>");
		for (size_t c = 0; c < k->ncols; c++) {
			const char *cell = k->cells[r * k->ncols + c];
			const char *tag = c == 0 ? "th" : "td";
			buf_printf(b, "<%s%s%s", tag, c == 0 ? " scope=\"row\"" : "", k->numeric[c] ? " class=\"num\"" : "");
			if (k->col_lang)
				lang_attr(b, d, k->col_lang[c]);
			buf_putc(b, '>');
			esc(b, cell);
			buf_printf(b, "</%s>", tag);
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table>\n</div></div>\n");
}

static const char style[] =
	"body{overflow-wrap:break-word;hyphens:auto;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;font-size:1.0625rem;"
	"line-height:1.6;color:#1a1a1a;background:#fff;margin:0}"
	"main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}"
	"h1{font-size:2rem;line-height:1.25;hyphens:auto;overflow-wrap:anywhere}h2{font-size:1.5rem;margin-top:2.5rem;border-top:2px solid #1a1a1a;padding-top:1rem}"
	"h3{font-size:1.25rem;margin-top:1.75rem}h4{font-size:1.0625rem;margin-bottom:0.25rem}"
	"a{color:#0b4f9c}a:focus-visible{outline:3px solid #1a1a1a;background:#ffdd00}"
	".table-focus:focus-visible{outline:3px solid #1a1a1a;outline-offset:-3px;box-shadow:inset 0 0 0 6px #ffdd00}"
	".table-wrap{container-type:scroll-state}.table-focus{visibility:hidden}.table-focus>*{visibility:visible}"
	"@container scroll-state(scrollable:inline){.table-focus{visibility:visible}}"
	".skip{position:absolute;left:.5rem;top:-10rem;padding:.5rem 1rem;background:#ffdd00;color:#1a1a1a;font-weight:700}"
	".skip:focus{top:.5rem}main:focus{outline:none}"
	"table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}caption{text-align:left;font-weight:700;padding:0 0 .5rem}"
	"th,td{text-align:left;vertical-align:top;padding:.4rem .6rem .4rem 0;border-bottom:1px solid #767676}"
	"thead th{border-bottom:2px solid #1a1a1a}.num{text-align:right;font-variant-numeric:tabular-nums}"
	".table-wrap{overflow-x:auto}figure{margin:0 0 1.5rem}svg{max-width:100%;height:auto}"
	"svg.chart-narrow{display:none}@media (max-width:40rem){svg.chart-wide{display:none}svg.chart-narrow{display:block}}"
	"@media (max-width:22.5rem){h1{font-size:1.375rem}h2{font-size:1.25rem}h3{font-size:1.125rem}}"
	"@media print{@page{size:A4;margin:2cm}body{font-size:11pt}main{max-width:none;padding:0}"
	"h2{break-before:page}h2,h3,h4{break-after:avoid}tr,figure{break-inside:avoid}"
	"a[href^=\"http\"]::after{content:\" (\" attr(href) \")\";font-size:.85em}.table-wrap{overflow:visible}}";

static char style_hash[64];

/* The CSP source for the style: 'sha256-BASE64'. */
static void make_hash(void)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)style, sizeof(style) - 1);
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof(b64), d, sizeof(d), sodium_base64_VARIANT_ORIGINAL);
	snprintf(style_hash, sizeof(style_hash), "'sha256-%s'", b64);
}

const char *doc_html_style_hash(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_hash);
	return style_hash;
}

void doc_html(const struct doc *d, bool standalone, struct buf *b)
{
	if (standalone) {
		buf_printf(b, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		           d->lang ? d->lang : "nl");
		esc(b, d->title);
		buf_puts(b, "</title>\n");
		if (d->author) {
			buf_puts(b, "<meta name=\"author\" content=\"");
			esc(b, d->author);
			buf_puts(b, "\">\n");
		}
		if (d->subject) {
			buf_puts(b, "<meta name=\"description\" content=\"");
			esc(b, d->subject);
			buf_puts(b, "\">\n");
		}
		/* A skip link, as on every page of the site (WCAG 2.4.1): the
		 * document starts with its title, but a reader who knows it wants
		 * to reach the main text in one step from anywhere lia links from. */
		buf_printf(b, "<style>%s</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">", style);
		esc(b, TR(d->lang, N_("Skip to main content")));
		buf_puts(b, "</a>\n<main id=\"main\" tabindex=\"-1\">\n");
	}
	unsigned ntables = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *k = &d->blocks[i];
		switch (k->kind) {
		case DOC_HEADING:
			buf_printf(b, "<h%d", k->level);
			if (k->id) {
				buf_puts(b, " id=\"");
				esc(b, k->id);
				buf_putc(b, '"');
			}
			lang_attr(b, d, k->lang);
			buf_putc(b, '>');
			text(b, d, &k->text);
			buf_printf(b, "</h%d>\n", k->level);
			break;
		case DOC_PARAGRAPH:
			buf_puts(b, "<p");
			lang_attr(b, d, k->lang);
			buf_putc(b, '>');
			text(b, d, &k->text);
			buf_puts(b, "</p>\n");
			break;
		case DOC_LIST:
			buf_puts(b, k->ordered ? "<ol" : "<ul");
			lang_attr(b, d, k->lang);
			buf_puts(b, ">\n");
			for (size_t j = 0; j < k->nitems; j++) {
				buf_puts(b, "<li>");
				text(b, d, &k->items[j]);
				buf_puts(b, "</li>\n");
			}
			buf_puts(b, k->ordered ? "</ol>\n" : "</ul>\n");
			break;
		case DOC_TABLE:
			table(b, d, k, ++ntables);
			break;
		case DOC_CHART:
			buf_puts(b, "<figure class=\"chart-figure\">\n");
			chart_stacked_bars(k->chart, b);
			buf_puts(b, "\n</figure>\n");
			break;
		}
	}
	if (standalone)
		buf_puts(b, "</main>\n</body>\n</html>\n");
}
