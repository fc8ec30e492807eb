/*
 * doc: building a document's blocks (see doc.h), including narrative texts
 * written in Markdown, read with cmark into the same blocks.
 */
#include "report/doc.h"

#include <cmark.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

struct doc *doc_new(struct arena *a, const char *title, const char *lang)
{
	struct doc *d = arena_zalloc(a, sizeof(*d));
	d->arena = a;
	d->title = arena_strdup(a, title ? title : "");
	d->lang = lang;
	return d;
}

static struct doc_block *add(struct doc *d, enum doc_kind kind)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct doc_block *b = arena_alloc(d->arena, cap * sizeof(*b));
		if (d->n)
			memcpy(b, d->blocks, d->n * sizeof(*b));
		d->blocks = b;
		d->cap = cap;
	}
	struct doc_block *b = &d->blocks[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

struct doc_text doc_text_new(void)
{
	return (struct doc_text){NULL, 0};
}

/* Runs grow by copying into a bigger array: texts are short. */
static void text_push(struct doc *d, struct doc_text *t, struct doc_run run)
{
	struct doc_run *r = arena_alloc(d->arena, (t->n + 1) * sizeof(*r));
	if (t->n)
		memcpy(r, t->runs, t->n * sizeof(*r));
	r[t->n] = run;
	t->runs = r;
	t->n++;
}

void doc_text_add(struct doc *d, struct doc_text *t, const char *text, const char *href, bool strong)
{
	text_push(d, t, (struct doc_run){arena_strdup(d->arena, text ? text : ""), href ? arena_strdup(d->arena, href) : NULL,
	                                 strong, false, NULL});
}

void doc_text_add_lang(struct doc *d, struct doc_text *t, const char *text, const char *lang)
{
	text_push(d, t, (struct doc_run){arena_strdup(d->arena, text ? text : ""), NULL, false, false, lang});
}

void doc_text_quoting(struct doc *d, struct doc_text *t, const char *text, const char *lang, const char *const *quotes,
                      size_t n)
{
	const char *p = text;
	for (;;) {
		const char *m = strchr(p, '\x01');
		size_t i = m && m[1] >= '0' && m[1] <= '9' ? (size_t)(m[1] - '0') : n;
		if (!m) {
			if (*p)
				doc_text_add(d, t, p, NULL, false);
			return;
		}
		if (m > p)
			doc_text_add(d, t, arena_strndup(d->arena, p, (size_t)(m - p)), NULL, false);
		if (i < n && quotes[i] && *quotes[i])
			doc_text_add_lang(d, t, quotes[i], d->lang && lang && strcmp(d->lang, lang) == 0 ? NULL : lang);
		p = m[1] ? m + 2 : m + 1;
	}
}

void doc_paragraph_quoting(struct doc *d, const char *text, const char *lang, const char *const *quotes, size_t n)
{
	struct doc_text t = doc_text_new();
	doc_text_quoting(d, &t, text, lang, quotes, n);
	doc_paragraph_text(d, t);
}

static struct doc_text plain(struct doc *d, const char *text)
{
	struct doc_text t = doc_text_new();
	doc_text_add(d, &t, text, NULL, false);
	return t;
}

void doc_heading(struct doc *d, int level, const char *id, const char *text)
{
	struct doc_block *b = add(d, DOC_HEADING);
	b->level = level < 1 ? 1 : level > 4 ? 4 : level;
	b->id = id ? arena_strdup(d->arena, id) : NULL;
	b->text = plain(d, text);
}

void doc_paragraph(struct doc *d, const char *text)
{
	add(d, DOC_PARAGRAPH)->text = plain(d, text);
}

void doc_paragraph_text(struct doc *d, struct doc_text t)
{
	add(d, DOC_PARAGRAPH)->text = t;
}

void doc_list_text(struct doc *d, bool ordered, struct doc_text *items, size_t n)
{
	struct doc_block *b = add(d, DOC_LIST);
	b->ordered = ordered;
	b->items = arena_alloc(d->arena, (n ? n : 1) * sizeof(*b->items));
	if (n)
		memcpy(b->items, items, n * sizeof(*items));
	b->nitems = n;
}

void doc_list(struct doc *d, bool ordered, const char *const *items, size_t n)
{
	struct doc_text *t = arena_alloc(d->arena, (n ? n : 1) * sizeof(*t));
	for (size_t i = 0; i < n; i++)
		t[i] = plain(d, items[i]);
	doc_list_text(d, ordered, t, n);
}

void doc_table(struct doc *d, const char *caption, size_t ncols, const char *const *head, size_t nrows,
               const char *const *cells, const bool *numeric)
{
	struct doc_block *b = add(d, DOC_TABLE);
	b->caption = arena_strdup(d->arena, caption ? caption : "");
	b->ncols = ncols;
	b->nrows = nrows;
	const char **h = arena_alloc(d->arena, (ncols ? ncols : 1) * sizeof(*h));
	for (size_t c = 0; c < ncols; c++)
		h[c] = arena_strdup(d->arena, head[c] ? head[c] : "");
	b->head = h;
	const char **cl = arena_alloc(d->arena, (nrows * ncols > 0 ? nrows * ncols : 1) * sizeof(*cl));
	for (size_t i = 0; i < nrows * ncols; i++)
		cl[i] = arena_strdup(d->arena, cells[i] ? cells[i] : "");
	b->cells = cl;
	bool *num = arena_zalloc(d->arena, (ncols ? ncols : 1) * sizeof(*num));
	if (numeric)
		memcpy(num, numeric, ncols * sizeof(*num));
	b->numeric = num;
}

void doc_chart(struct doc *d, const struct chart *c)
{
	add(d, DOC_CHART)->chart = c;
}

void doc_last_lang(struct doc *d, const char *lang)
{
	if (d->n)
		d->blocks[d->n - 1].lang = lang;
}

void doc_last_col_lang(struct doc *d, size_t col, const char *lang)
{
	struct doc_block *b = d->n ? &d->blocks[d->n - 1] : NULL;
	if (!b || b->kind != DOC_TABLE || col >= b->ncols)
		return;
	if (!b->col_lang)
		b->col_lang = arena_zalloc(d->arena, b->ncols * sizeof(*b->col_lang));
	b->col_lang[col] = lang;
}

void doc_contents(struct doc *d, size_t at, const char *title)
{
	if (at > d->n)
		at = d->n;
	size_t n = 0;
	for (size_t i = at; i < d->n; i++)
		n += d->blocks[i].kind == DOC_HEADING && d->blocks[i].level == 2 && d->blocks[i].id;
	if (!n)
		return;
	struct doc_text *items = arena_alloc(d->arena, n * sizeof(*items));
	size_t k = 0;
	for (size_t i = at; i < d->n; i++) {
		const struct doc_block *h = &d->blocks[i];
		if (h->kind != DOC_HEADING || h->level != 2 || !h->id)
			continue;
		items[k] = doc_text_new();
		/* The heading's words, as one link to its anchor. */
		size_t len = 0;
		for (size_t r = 0; r < h->text.n; r++)
			len += strlen(h->text.runs[r].text);
		char *words = arena_alloc(d->arena, len + 1);
		words[0] = '\0';
		for (size_t r = 0; r < h->text.n; r++)
			strcat(words, h->text.runs[r].text);
		doc_text_add(d, &items[k], words, arena_printf(d->arena, "#%s", h->id), false);
		k++;
	}
	/* Added at the end, then moved to at: the two blocks, then what followed. */
	size_t old = d->n;
	doc_heading(d, 2, "h-contents", title);
	doc_list_text(d, false, items, n);
	struct doc_block moved[2] = {d->blocks[old], d->blocks[old + 1]};
	memmove(&d->blocks[at + 2], &d->blocks[at], (old - at) * sizeof(*d->blocks));
	d->blocks[at] = moved[0];
	d->blocks[at + 1] = moved[1];
}

/* --- Markdown ------------------------------------------------------------- */

/* Only links a reader can follow safely: web, mail, and local paths. */
static const char *safe_href(const char *url)
{
	if (!url || !*url)
		return NULL;
	if (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "mailto:", 7) == 0 || url[0] == '/' || url[0] == '#')
		return url;
	/* A relative path without a scheme ("page.html") is fine too. */
	for (const char *p = url; *p && *p != '/'; p++)
		if (*p == ':')
			return NULL;
	return url;
}

struct style {
	bool strong, em;
	const char *href;
};

static void inlines(struct doc *d, cmark_node *n, struct style st, struct doc_text *t)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		struct style s = st;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			text_push(d, t, (struct doc_run){arena_strdup(d->arena, cmark_node_get_literal(c)), s.href, s.strong,
			                                 s.em, NULL});
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			text_push(d, t, (struct doc_run){" ", s.href, s.strong, s.em, NULL});
			break;
		case CMARK_NODE_EMPH:
			s.em = true;
			inlines(d, c, s, t);
			break;
		case CMARK_NODE_STRONG:
			s.strong = true;
			inlines(d, c, s, t);
			break;
		case CMARK_NODE_LINK:
			/* The document's own copy: the URL belongs to the cmark tree,
			 * which is freed before the document is written (a line break
			 * inside a link kept cmark's pointer: found by fuzz_letter). */
			s.href = safe_href(cmark_node_get_url(c));
			if (s.href)
				s.href = arena_strdup(d->arena, s.href);
			inlines(d, c, s, t);
			break;
		case CMARK_NODE_IMAGE: /* its description stands in for it */
			inlines(d, c, s, t);
			break;
		default: /* raw HTML and anything else: left out */
			break;
		}
	}
}

static void blocks(struct doc *d, cmark_node *n, int base_level, const char *lang);

static void list_block(struct doc *d, cmark_node *list, int base_level, const char *lang)
{
	size_t cap = 0;
	for (cmark_node *i = cmark_node_first_child(list); i; i = cmark_node_next(i))
		cap++;
	struct doc_text *items = arena_alloc(d->arena, (cap ? cap : 1) * sizeof(*items));
	size_t k = 0;
	cmark_node *nested[16];
	size_t nn = 0;
	for (cmark_node *i = cmark_node_first_child(list); i; i = cmark_node_next(i)) {
		struct doc_text t = doc_text_new();
		for (cmark_node *c = cmark_node_first_child(i); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
				if (nn < 16)
					nested[nn++] = c;
				continue;
			}
			if (t.n)
				text_push(d, &t, (struct doc_run){" ", NULL, false, false, NULL});
			inlines(d, c, (struct style){0}, &t);
		}
		items[k++] = t;
	}
	doc_list_text(d, cmark_node_get_list_type(list) == CMARK_ORDERED_LIST, items, k);
	doc_last_lang(d, lang);
	for (size_t i = 0; i < nn; i++)
		list_block(d, nested[i], base_level, lang);
}

static void blocks(struct doc *d, cmark_node *n, int base_level, const char *lang)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_PARAGRAPH: {
			struct doc_text t = doc_text_new();
			inlines(d, c, (struct style){0}, &t);
			if (t.n) {
				doc_paragraph_text(d, t);
				doc_last_lang(d, lang);
			}
			break;
		}
		case CMARK_NODE_HEADING: {
			struct doc_block *b = add(d, DOC_HEADING);
			int level = base_level + cmark_node_get_heading_level(c) - 1;
			b->level = level > 4 ? 4 : level;
			inlines(d, c, (struct style){0}, &b->text);
			b->lang = lang;
			break;
		}
		case CMARK_NODE_LIST:
			list_block(d, c, base_level, lang);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			blocks(d, c, base_level, lang);
			break;
		case CMARK_NODE_CODE_BLOCK:
			doc_paragraph(d, cmark_node_get_literal(c));
			doc_last_lang(d, lang);
			break;
		default: /* raw HTML, rules: left out */
			break;
		}
	}
}

void doc_markdown(struct doc *d, const char *md, int base_level, const char *lang)
{
	if (!md || !*md)
		return;
	cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	if (!root)
		return;
	blocks(d, root, base_level, lang);
	cmark_node_free(root);
}
