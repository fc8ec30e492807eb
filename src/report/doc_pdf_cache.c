/*
 * doc_pdf_cache: what the PDF writer keeps per thread between documents
 * (see doc_pdf.c): the font map, one pango context per document language,
 * and the text laid out in them. A period's publication makes six PDFs and
 * the next period's six more, and they lay out the same texts again: the
 * same action points, theme names, table headers, status labels and dates.
 * Shaping them (pango and harfbuzz) was about half of a PDF's time, and
 * about nine in ten of the layouts were ones made before in the same
 * process. A layout depends only on its context, font, width, alignment,
 * text and attributes, and is never changed once kept, so drawing a kept one
 * draws exactly what a new one would: the PDF bytes are the same.
 *
 * Threads rendering at once share nothing but fontconfig. Each thread keeps
 * at most CACHE_BYTES of keys (text and attributes); past that it drops them
 * all and starts again (a layout a document still holds stays alive through
 * its own reference). Everything is released when the thread ends.
 */
#include "report/doc_pdf_internal.h"

#include "core/mem.h"

#include <pthread.h>
#include <string.h>

/* More than the distinct text of one municipality's seven published
 * periods (about 150 KB), and at most some 13 MB of layouts behind it (about
 * 50 bytes for each byte of key): the server has eight threads. */
#define CACHE_BYTES (256 * 1024)

struct pdf_cache {
	PangoFontMap *fm;
	GHashTable *contexts; /* language tag (owned) -> PangoContext (owned) */
	GHashTable *layouts;  /* GBytes key (owned) -> PangoLayout (owned reference) */
	size_t bytes;         /* the keys' length */
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_release(void *v)
{
	struct pdf_cache *c = v;
	/* Layouts first: they hold their context, contexts the font map. */
	g_hash_table_destroy(c->layouts);
	g_hash_table_destroy(c->contexts);
	g_object_unref(c->fm);
	free(c);
}

static void cache_key_make(void)
{
	if (pthread_key_create(&cache_key, cache_release) != 0)
		mem_die("doc_pdf: no thread key for the layout cache");
}

static struct pdf_cache *thread_cache(void)
{
	pthread_once(&cache_once, cache_key_make);
	struct pdf_cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = mem_calloc(1, sizeof(*c));
		c->fm = pango_cairo_font_map_new();
		c->contexts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
		c->layouts = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, g_object_unref);
		if (pthread_setspecific(cache_key, c) != 0)
			mem_die("doc_pdf: cannot keep the layout cache");
	}
	return c;
}

PangoContext *pdf_cache_context(cairo_t *cr, const char *lang)
{
	struct pdf_cache *c = thread_cache();
	PangoContext *pc = g_hash_table_lookup(c->contexts, lang);
	if (pc) {
		/* A PDF surface's options and an untransformed cr, as when it was
		 * made: this changes nothing (and so keeps the layouts made in it). */
		pango_cairo_update_context(cr, pc);
		return pc;
	}
	pc = pango_font_map_create_context(c->fm);
	pango_cairo_update_context(cr, pc);
	pango_cairo_context_set_resolution(pc, 72); /* sizes in points = PDF units */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(pc, pango_language_from_string(lang));
	g_hash_table_insert(c->contexts, g_strdup(lang), pc);
	return pc;
}

PangoLayout *pdf_cache_get(const char *key, size_t len)
{
	struct pdf_cache *c = thread_cache();
	GBytes *k = g_bytes_new_static(key, len);
	PangoLayout *l = g_hash_table_lookup(c->layouts, k);
	g_bytes_unref(k);
	return l ? g_object_ref(l) : NULL;
}

void pdf_cache_put(const char *key, size_t len, PangoLayout *l)
{
	struct pdf_cache *c = thread_cache();
	if (len > CACHE_BYTES)
		return;
	if (c->bytes + len > CACHE_BYTES) {
		g_hash_table_remove_all(c->layouts);
		c->bytes = 0;
	}
	g_hash_table_replace(c->layouts, g_bytes_new(key, len), g_object_ref(l));
	c->bytes += len;
}
