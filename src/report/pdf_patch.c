/*
 * pdf_patch: the incremental update that makes cairo's PDF accessible (see
 * pdf_patch.h). Two passes over cairo's bytes: the walk (the structure tree
 * in the order the elements were begun, then the page tree) decides which
 * objects get which keys and collects them as patches; the writer appends
 * those objects again with their keys, the Info dictionary with a real PDF
 * date, the XMP stream, a cross-reference section for just those objects
 * and a trailer with /Prev. Nothing is appended unless the walk succeeded.
 */
#include "report/pdf_patch.h"

#include "core/err.h"
#include "core/mem.h"
#include "report/pdf_read.h"

#include <glib.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How deep the structure tree and the page tree may nest (cairo's are a few
 * levels deep; this bounds the recursion on hostile bytes). */
#define MAX_ELEM_DEPTH 64
#define MAX_PAGES_DEPTH 32

/* An object rewritten with keys added: its dictionary [ds, de) in cairo's
 * bytes and the keys, extra bytes at offset extra of walk.keys. */
struct patch {
	size_t num, gen, ds, de;
	size_t extra, nextra;
};

struct walk {
	const struct pdf_read *in;
	const struct pdf_patch_elem *elems;
	size_t nelems;
	size_t next;     /* index in elems of the next element */
	bool *seen;      /* in->nobj: page tree nodes walked */
	struct buf keys; /* the keys of all patches, one after the other */
	struct patch *patches;
	size_t npatches, cappatches;
};

/* A PDF text string: literal if printable ASCII, else UTF-16BE in hex. */
static void pdf_text(struct buf *b, const char *s)
{
	bool ascii = true;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c >= 0x7f)
			ascii = false;
	if (ascii) {
		buf_putc(b, '(');
		for (; *s; s++) {
			if (*s == '(' || *s == ')' || *s == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
		buf_putc(b, ')');
		return;
	}
	gchar *v = g_utf8_make_valid(s, -1);
	buf_puts(b, "<FEFF");
	for (const char *q = v; *q; q = g_utf8_next_char(q)) {
		gunichar u = g_utf8_get_char(q);
		if (u < 0x20)
			u = ' ';
		if (u >= 0x10000) {
			u -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800u + (u >> 10), 0xDC00u + (u & 0x3FF));
		} else {
			buf_printf(b, "%04X", u);
		}
	}
	buf_putc(b, '>');
	g_free(v);
}

/* "   /Key value\n" with value as a PDF text string. */
static void put_key_text(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, "   /%s ", key);
	pdf_text(b, value);
	buf_putc(b, '\n');
}

/* Records object num (its dictionary [ds, de)) to be written again with
 * the keys appended to w->keys since extra, if any were. */
static void add_patch(struct walk *w, size_t num, size_t gen, size_t ds, size_t de, size_t extra)
{
	if (w->keys.len == extra)
		return;
	if (w->npatches == w->cappatches) {
		w->cappatches = w->cappatches ? 2 * w->cappatches : 16;
		w->patches = mem_realloc(w->patches, w->cappatches * sizeof(*w->patches));
	}
	w->patches[w->npatches++] = (struct patch){num, gen, ds, de, extra, w->keys.len - extra};
}

/* What a structure element's dictionary gains: /Lang, /Alt, its attributes. */
static void elem_extra(struct walk *w, const struct pdf_patch_elem *e, size_t ds, size_t de)
{
	const char *s = w->in->s;
	if (e->lang && !pdf_read_dict_has(s, ds, de, "Lang"))
		put_key_text(&w->keys, "Lang", e->lang);
	if (e->alt && !pdf_read_dict_has(s, ds, de, "Alt"))
		put_key_text(&w->keys, "Alt", e->alt);
	if (e->attrs && !pdf_read_dict_has(s, ds, de, "A"))
		buf_printf(&w->keys, "   /A %s\n", e->attrs);
}

/* A link's annotation (the OBJR among the Link element's kids [vs, ve))
 * gets text as its /Contents. */
static bool link_contents(struct walk *w, size_t vs, size_t ve, const char *text)
{
	const char *s = w->in->s;
	size_t j = vs + 1, is, ie, ovs, ove, num, ds, de, gen;
	int r;
	if (s[vs] != '[')
		return true;
	while ((r = pdf_read_array_next(s, &j, ve, &is, &ie)) > 0) {
		if (s[is] != '<' || !pdf_read_dict_get(s, is, ie, "Obj", &ovs, &ove) || !pdf_read_ref(s, ovs, ove, &num))
			continue;
		if (!pdf_read_obj_dict(w->in, num, &ds, &de, &gen))
			return false;
		if (pdf_read_dict_has(s, ds, de, "Contents"))
			continue;
		size_t extra = w->keys.len;
		put_key_text(&w->keys, "Contents", text);
		add_patch(w, num, gen, ds, de, extra);
	}
	return r == 0;
}

static bool walk_kids(struct walk *w, size_t vs, size_t ve, int depth);

/* One structure element: its /S must be the name of the next element begun. */
static bool walk_elem(struct walk *w, size_t num, int depth)
{
	const char *s = w->in->s;
	size_t ds, de, gen, vs, ve;
	if (depth > MAX_ELEM_DEPTH || !pdf_read_obj_dict(w->in, num, &ds, &de, &gen))
		return false;
	if (!pdf_read_dict_get(s, ds, de, "S", &vs, &ve) || s[vs] != '/' || w->next >= w->nelems)
		return false;
	const struct pdf_patch_elem *e = &w->elems[w->next++];
	size_t nl = strlen(e->name);
	if (ve - vs - 1 != nl || memcmp(s + vs + 1, e->name, nl) != 0)
		return false;
	size_t extra = w->keys.len;
	elem_extra(w, e, ds, de);
	add_patch(w, num, gen, ds, de, extra);
	if (!pdf_read_dict_get(s, ds, de, "K", &vs, &ve))
		return true;
	if (e->contents && !link_contents(w, vs, ve, e->contents))
		return false;
	return walk_kids(w, vs, ve, depth + 1);
}

/* The kids in /K [vs, ve), in order: element references (walked),
 * marked-content ids and MCR/OBJR dictionaries (content, skipped). */
static bool walk_kids(struct walk *w, size_t vs, size_t ve, int depth)
{
	const char *s = w->in->s;
	size_t num, j = vs + 1, is, ie;
	int r;
	if (s[vs] != '[')
		return pdf_read_ref(s, vs, ve, &num) ? walk_elem(w, num, depth) : true;
	while ((r = pdf_read_array_next(s, &j, ve, &is, &ie)) > 0)
		if (pdf_read_ref(s, is, ie, &num) && !walk_elem(w, num, depth))
			return false;
	return r == 0;
}

/* Pages with annotations get /Tabs /S: the tab order follows the structure.
 * A node reached twice means the page tree is not a tree: refused, as
 * walking it again and again could take 2^32 steps (/Kids [n n] on every
 * level). */
static bool walk_pages(struct walk *w, size_t num, int depth)
{
	const char *s = w->in->s;
	size_t ds, de, gen, vs, ve, j, is, ie, kid;
	int r;
	if (depth > MAX_PAGES_DEPTH || !pdf_read_obj_dict(w->in, num, &ds, &de, &gen) || w->seen[num])
		return false;
	w->seen[num] = true;
	if (pdf_read_dict_get(s, ds, de, "Kids", &vs, &ve)) {
		if (s[vs] != '[')
			return false;
		for (j = vs + 1; (r = pdf_read_array_next(s, &j, ve, &is, &ie)) > 0;)
			if (!pdf_read_ref(s, is, ie, &kid) || !walk_pages(w, kid, depth + 1))
				return false;
		return r == 0;
	}
	if (pdf_read_dict_has(s, ds, de, "Annots") && !pdf_read_dict_has(s, ds, de, "Tabs")) {
		size_t extra = w->keys.len;
		buf_puts(&w->keys, "   /Tabs /S\n");
		add_patch(w, num, gen, ds, de, extra);
	}
	return true;
}

/* "YYYY-MM-DD" as a PDF date "D:YYYYMMDD", or false. */
static bool pdf_date(const char *date, char out[16])
{
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(date[i]))
			return false;
	snprintf(out, 16, "D:%.4s%.2s%.2s", date, date + 5, date + 8);
	return true;
}

/* Object num again: its dictionary [ds, de) of s without the closing ">>",
 * then the keys, then ">>". */
static void put_obj(struct buf *out, size_t num, size_t gen, const char *s, size_t ds, size_t de, const char *keys,
                    size_t nkeys)
{
	buf_printf(out, "%zu %zu obj\n", num, gen);
	buf_append(out, s + ds, de - ds - 2);
	buf_putc(out, '\n');
	buf_append(out, keys, nkeys);
	buf_puts(out, ">>\nendobj\n");
}

/* s as XML character data: valid UTF-8, control characters other than a
 * line break (which XML 1.0 does not allow) as spaces, markup escaped. */
static void xml_text(struct buf *b, const char *s)
{
	gchar *v = g_utf8_make_valid(s ? s : "", -1);
	for (char *c = v; *c; c++)
		if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7f)
			*c = ' ';
	buf_html_escape(b, v, strlen(v));
	g_free(v);
}

/* The XMP metadata packet: title, author, subject, language, date, as
 * PDF/UA asks for them besides the Info dictionary. */
static void xmp(const struct pdf_patch_meta *m, const char *date, struct buf *b)
{
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	            "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
	            "<dc:format>application/pdf</dc:format>\n"
	            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(b, m->title);
	buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
	if (m->author && *m->author) {
		buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, m->author);
		buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m->subject && *m->subject) {
		buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, m->subject);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
	xml_text(b, m->lang);
	buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
	buf_puts(b, "<xmp:CreatorTool>lia</xmp:CreatorTool>\n");
	if (date)
		buf_printf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n", date);
	buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

/* An object written in the update, for the new xref section. */
struct entry {
	size_t num, gen, off;
};

static int entry_cmp(const void *a, const void *b)
{
	size_t x = ((const struct entry *)a)->num, y = ((const struct entry *)b)->num;
	return x < y ? -1 : x > y;
}

int pdf_patch(const char *raw, size_t len, const struct pdf_patch_elem *elems, size_t n,
              const struct pdf_patch_meta *meta, struct buf *out)
{
	struct pdf_read in = {raw, len, NULL, 0, 0};
	struct walk w = {&in, elems, n, 0, NULL, BUF_INIT, NULL, 0, 0};
	struct buf o = BUF_INIT, *b = &w.keys;
	struct entry *ent = NULL;
	const char *s = raw;
	int rc = LIA_EIO;
	size_t xref, tds, tde, vs, ve, root, info = 0, size, j;
	size_t cds, cde, cgen, ids = 0, ide = 0, igen = 0, sds, sde, sgen, tree, pages;

	/* Read back the trailer, the Catalog, the structure tree and the pages. */
	if (!s || len < 16 || pdf_read_open(&in, &xref, &tds, &tde) < 0 || pdf_read_dict_has(s, tds, tde, "Prev"))
		goto out;
	if (!pdf_read_dict_get(s, tds, tde, "Root", &vs, &ve) || !pdf_read_ref(s, vs, ve, &root))
		goto out;
	bool has_info = pdf_read_dict_get(s, tds, tde, "Info", &vs, &ve) && pdf_read_ref(s, vs, ve, &info) &&
	                pdf_read_obj_dict(&in, info, &ids, &ide, &igen);
	if (!pdf_read_dict_get(s, tds, tde, "Size", &vs, &ve) || !pdf_read_uint(s, (j = vs, &j), ve, &size) ||
	    size != in.nobj)
		goto out;
	if (!pdf_read_obj_dict(&in, root, &cds, &cde, &cgen) || !pdf_read_dict_get(s, cds, cde, "Type", &vs, &ve) ||
	    ve - vs != 8 || memcmp(s + vs, "/Catalog", 8) != 0)
		goto out;
	if (!pdf_read_dict_get(s, cds, cde, "StructTreeRoot", &vs, &ve) || !pdf_read_ref(s, vs, ve, &tree) ||
	    !pdf_read_obj_dict(&in, tree, &sds, &sde, &sgen) || !pdf_read_dict_get(s, sds, sde, "K", &vs, &ve) ||
	    !walk_kids(&w, vs, ve, 0) || w.next != n)
		goto out;
	w.seen = mem_calloc(in.nobj, sizeof(*w.seen));
	if (!pdf_read_dict_get(s, cds, cde, "Pages", &vs, &ve) || !pdf_read_ref(s, vs, ve, &pages) ||
	    !walk_pages(&w, pages, 0))
		goto out;

	/* The Catalog: the language, the title shown instead of the file name,
	 * marked content, and the XMP metadata (a new object, number `size`). */
	size_t cextra = b->len;
	if (!pdf_read_dict_has(s, cds, cde, "Lang"))
		put_key_text(b, "Lang", meta->lang);
	if (!pdf_read_dict_has(s, cds, cde, "ViewerPreferences"))
		buf_puts(b, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
	if (!pdf_read_dict_has(s, cds, cde, "MarkInfo"))
		buf_puts(b, "   /MarkInfo << /Marked true >>\n");
	bool metadata = !pdf_read_dict_has(s, cds, cde, "Metadata");
	if (metadata)
		buf_printf(b, "   /Metadata %zu 0 R\n", size);
	add_patch(&w, root, cgen, cds, cde, cextra);

	/* cairo 1.16 writes a creation date it is given without the "D:" of a
	 * PDF date: so it is not given one, and the document's date goes into
	 * the Info dictionary here. */
	char date[16];
	bool dated = pdf_date(meta->date, date);

	buf_append(&o, s, len);
	if (s[len - 1] != '\n')
		buf_putc(&o, '\n');
	size_t nent = 0;
	ent = mem_calloc(w.npatches + 2, sizeof(*ent));
	for (size_t i = 0; i < w.npatches; i++) {
		const struct patch *pt = &w.patches[i];
		ent[nent++] = (struct entry){pt->num, pt->gen, o.len};
		put_obj(&o, pt->num, pt->gen, s, pt->ds, pt->de, b->data + pt->extra, pt->nextra);
	}
	if (has_info && dated) {
		ent[nent++] = (struct entry){info, igen, o.len};
		buf_printf(&o, "%zu %zu obj\n", info, igen);
		if (pdf_read_dict_get(s, ids, ide, "CreationDate", &vs, &ve)) {
			buf_append(&o, s + ids, vs - ids);
			buf_printf(&o, "(%s)", date);
			buf_append(&o, s + ve, ide - ve);
		} else {
			buf_append(&o, s + ids, ide - ids - 2);
			buf_printf(&o, "\n   /CreationDate (%s)\n>>", date);
		}
		buf_puts(&o, "\nendobj\n");
	}
	if (metadata) {
		struct buf x = BUF_INIT;
		xmp(meta, dated ? meta->date : NULL, &x);
		ent[nent++] = (struct entry){size, 0, o.len};
		buf_printf(&o, "%zu 0 obj\n<< /Type /Metadata\n   /Subtype /XML\n   /Length %zu\n>>\nstream\n", size, x.len);
		buf_append(&o, x.data, x.len);
		buf_puts(&o, "\nendstream\nendobj\n");
		buf_free(&x);
	}

	/* The new xref section: the objects written, in runs of consecutive numbers. */
	qsort(ent, nent, sizeof(*ent), entry_cmp);
	for (size_t i = 1; i < nent; i++)
		if (ent[i].num == ent[i - 1].num) /* one object rewritten twice: never write that */
			goto out;
	size_t xref_at = o.len;
	buf_puts(&o, "xref\n");
	for (size_t i = 0; i < nent;) {
		size_t k = i;
		while (k + 1 < nent && ent[k + 1].num == ent[k].num + 1)
			k++;
		buf_printf(&o, "%zu %zu\n", ent[i].num, k - i + 1);
		for (size_t e = i; e <= k; e++)
			buf_printf(&o, "%010zu %05zu n \n", ent[e].off, ent[e].gen);
		i = k + 1;
	}
	buf_printf(&o, "trailer\n<< /Size %zu\n   /Root %zu %zu R\n", metadata ? size + 1 : size, root, cgen);
	if (has_info)
		buf_printf(&o, "   /Info %zu %zu R\n", info, igen);
	if (pdf_read_dict_get(s, tds, tde, "ID", &vs, &ve)) {
		buf_puts(&o, "   /ID ");
		buf_append(&o, s + vs, ve - vs);
		buf_putc(&o, '\n');
	}
	buf_printf(&o, "   /Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", xref, xref_at);
	buf_append(out, o.data, o.len);
	rc = 0;
out:
	buf_free(&o);
	buf_free(&w.keys);
	free(ent);
	free(w.patches);
	free(w.seen);
	pdf_read_free(&in);
	return rc;
}
