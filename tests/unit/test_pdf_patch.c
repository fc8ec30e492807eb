/*
 * Unit tests: the PDF reader (pdf_read) and the incremental update
 * (pdf_patch) on their own, without cairo. A small PDF shaped like cairo's
 * (classic cross-reference table, a structure tree with a paragraph, a link
 * with its annotation and a figure, a page with annotations, an Info
 * dictionary) is built here with exact offsets; the update must add each
 * key where a screen reader looks for it, keep what was there, pass
 * qpdf --check (which verifies every offset of the new table), and refuse,
 * leaving the output as it was, whatever does not match what was tagged.
 * test_doc_pdf.c checks the same through cairo, end to end.
 */
#include "core/buf.h"
#include "core/err.h"
#include "report/pdf_patch.h"
#include "report/pdf_read.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The objects of the small PDF, numbered from 1. */
static const char *const base_objs[] = {
	/* 1 */ "<< /Type /Catalog\n   /Pages 2 0 R\n   /StructTreeRoot 5 0 R\n>>",
	/* 2 */ "<< /Type /Pages\n   /Kids [ 3 0 R ]\n   /Count 1\n>>",
	/* 3 */ "<< /Type /Page\n   /Parent 2 0 R\n   /MediaBox [ 0 0 595 842 ]\n   /Annots [ 4 0 R ]\n>>",
	/* 4 */ "<< /Type /Annot\n   /Subtype /Link\n   /Rect [ 10 10 50 20 ]\n"
	        "   /A << /S /URI /URI (https://example.org/\\(a\\)) >>\n>>",
	/* 5 */ "<< /Type /StructTreeRoot\n   /ParentTree 9 0 R\n   /K [ 6 0 R ]\n>>",
	/* 6 */ "<< /Type /StructElem\n   /S /Document\n   /P 5 0 R\n   /K [ 7 0 R 8 0 R 11 0 R ]\n>>",
	/* 7 */ "<< /Type /StructElem\n   /S /P\n   /P 6 0 R\n   /Pg 3 0 R\n   /K 0\n>>",
	/* 8 */ "<< /Type /StructElem\n   /S /Link\n   /P 6 0 R\n   /Pg 3 0 R\n"
	        "   /K [ 1 << /Type /OBJR /Pg 3 0 R /Obj 4 0 R >> ]\n>>",
	/* 9 */ "<< /Nums [ 0 [ 7 0 R 8 0 R 11 0 R ] ] >>",
	/* 10 */ "<< /Title (Klein) /Creator (lia) /CreationDate (20240501000000) >>",
	/* 11 */ "<< /Type /StructElem\n   /S /Figure\n   /P 6 0 R\n   /Pg 3 0 R\n   /K 2\n>>",
};
#define NOBJS (sizeof(base_objs) / sizeof(base_objs[0]))

/* Writes a PDF of objs (numbered from 1) with a correct table; trailer_keys
 * are added to its trailer. Returns the table's offset. */
static size_t mkpdf(struct buf *b, const char *const *objs, size_t n, const char *trailer_keys)
{
	size_t off[64];
	cr_assert(n <= 64);
	buf_puts(b, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
	for (size_t i = 0; i < n; i++) {
		off[i] = b->len;
		buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t xref = b->len;
	buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%010zu 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<< /Size %zu\n   /Root 1 0 R\n   /Info 10 0 R\n   /ID [<0123> <4567>]\n%s>>\n"
	              "startxref\n%zu\n%%%%EOF\n",
	           n + 1, trailer_keys, xref);
	return xref;
}

static const struct pdf_patch_elem base_elems[] = {
	{"Document", NULL, NULL, NULL, NULL},
	{"P", "en-GB", NULL, NULL, NULL},
	{"Link", NULL, NULL, NULL, "naar \u20ac"},
	{"Figure", NULL, "Geld: (veel)", "<< /O /Layout /Placement /Block >>", NULL},
};
#define NELEMS (sizeof(base_elems) / sizeof(base_elems[0]))

static const struct pdf_patch_meta base_meta = {"nl-NL", "A & B", "Gemeente", NULL, "2024-05-01"};

/* The text of object num as last written in pdf ("num 0 obj" to "endobj"),
 * or NULL; caller frees. */
static char *last_obj(const char *pdf, size_t num)
{
	char head[32];
	snprintf(head, sizeof(head), "\n%zu 0 obj\n", num);
	const char *at = NULL;
	for (const char *f = strstr(pdf, head); f; f = strstr(f + 1, head))
		at = f;
	const char *end = at ? strstr(at, "endobj") : NULL;
	return end ? strndup(at + 1, (size_t)(end - at - 1)) : NULL;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *f = strstr(hay, needle); f; f = strstr(f + 1, needle))
		n++;
	return n;
}

/* qpdf --check on the bytes: exit status, output in *log (caller frees). */
static int qpdf_check(const struct buf *pdf, char **log)
{
	char path[] = "/tmp/lia-test-patch-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "qpdf --check %s 2>&1", path);
	FILE *f = popen(cmd, "r");
	cr_assert(f);
	struct buf out = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&out, chunk, n);
	int st = pclose(f);
	unlink(path);
	*log = buf_release(&out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(pdf_patch, adds_every_key_where_a_reader_looks)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	size_t xref = mkpdf(&raw, base_objs, NOBJS, "");
	cr_assert_eq(pdf_patch(raw.data, raw.len, base_elems, NELEMS, &base_meta, &out), 0);
	cr_assert_gt(out.len, raw.len);
	cr_assert(memcmp(out.data, raw.data, raw.len) == 0, "cairo's bytes come first, unchanged");
	const char *upd = out.data + raw.len - 1; /* from cairo's last line break: each object starts a line */

	char *p = last_obj(upd, 7), *link = last_obj(upd, 4), *fig = last_obj(upd, 11), *page = last_obj(upd, 3);
	char *cat = last_obj(upd, 1), *info = last_obj(upd, 10), *xmp = last_obj(upd, 12);
	cr_assert(p && link && fig && page && cat && info && xmp, "every patched object is in the update");
	cr_expect(strstr(p, "/S /P") && strstr(p, "   /Lang (en-GB)\n>>"), "%s", p);
	cr_expect(strstr(link, "   /Contents <FEFF006E006100610072002020AC>\n>>"), "%s", link);
	cr_expect(strstr(fig, "/Alt (Geld: \\(veel\\))") && strstr(fig, "/A << /O /Layout /Placement /Block >>"), "%s",
	          fig);
	cr_expect(strstr(page, "/Tabs /S"), "%s", page);
	cr_expect(strstr(cat, "/Lang (nl-NL)") && strstr(cat, "/ViewerPreferences << /DisplayDocTitle true >>") &&
	              strstr(cat, "/MarkInfo << /Marked true >>") && strstr(cat, "/Metadata 12 0 R"),
	          "%s", cat);
	cr_expect(strstr(info, "/CreationDate (D:20240501)") && !strstr(info, "20240501000000"), "%s", info);
	cr_expect(strstr(xmp, "/Type /Metadata") && strstr(xmp, "<rdf:li xml:lang=\"x-default\">A &amp; B</rdf:li>") &&
	              strstr(xmp, "<dc:creator><rdf:Seq><rdf:li>Gemeente</rdf:li>") && !strstr(xmp, "dc:description") &&
	              strstr(xmp, "<dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li>") &&
	              strstr(xmp, "<xmp:CreateDate>2024-05-01</xmp:CreateDate>"),
	          "%s", xmp);
	/* Elements with nothing to add are not written again. */
	cr_expect_null(last_obj(upd, 6));
	cr_expect_null(last_obj(upd, 8));
	free(p), free(link), free(fig), free(page), free(cat), free(info), free(xmp);

	char want[64];
	snprintf(want, sizeof(want), "   /Prev %zu\n>>", xref);
	cr_expect(strstr(upd, want), "the trailer points back at cairo's table");
	cr_expect(strstr(upd, "<< /Size 13\n") && strstr(upd, "   /Root 1 0 R\n   /Info 10 0 R\n   /ID [<0123> <4567>]\n"));

	/* This reader finds every object of the new table where it says. */
	struct pdf_read in = {out.data, out.len, NULL, 0, 0};
	size_t x, tds, tde, ds, de, gen, nfound = 0;
	cr_assert_eq(pdf_read_open(&in, &x, &tds, &tde), 0);
	cr_expect_gt(x, raw.len);
	for (size_t num = 0; num < in.nobj; num++)
		if (in.off[num]) {
			cr_expect(pdf_read_obj_dict(&in, num, &ds, &de, &gen), "object %zu", num);
			nfound++;
		}
	cr_expect_eq(nfound, 7); /* 1, 3, 4, 7, 10, 11, 12 */
	pdf_read_free(&in);

	char *log;
	int st = qpdf_check(&out, &log);
	cr_expect_eq(st, 0, "qpdf --check: %s", log);
	cr_expect(strstr(log, "No syntax or stream encoding errors"), "%s", log);
	free(log);
	buf_free(&raw);
	buf_free(&out);
}

Test(pdf_patch, keeps_what_cairo_wrote)
{
	const char *objs[NOBJS];
	memcpy(objs, base_objs, sizeof(objs));
	objs[0] = "<< /Type /Catalog\n   /Pages 2 0 R\n   /StructTreeRoot 5 0 R\n   /Lang (de-DE)\n>>";
	objs[6] = "<< /Type /StructElem\n   /S /P\n   /Lang (fr)\n   /P 6 0 R\n   /Pg 3 0 R\n   /K 0\n>>";
	objs[9] = "<< /Title (Klein) >>";
	struct buf raw = BUF_INIT, out = BUF_INIT;
	mkpdf(&raw, objs, NOBJS, "");
	cr_assert_eq(pdf_patch(raw.data, raw.len, base_elems, NELEMS, &base_meta, &out), 0);
	const char *upd = out.data + raw.len - 1; /* from cairo's last line break: each object starts a line */
	char *p = last_obj(upd, 7), *cat = last_obj(upd, 1), *info = last_obj(upd, 10);
	cr_expect_null(p, "a paragraph that has its /Lang is left alone");
	cr_assert(cat && info);
	cr_expect_eq(count(cat, "/Lang"), 1, "%s", cat);
	cr_expect(strstr(cat, "/Lang (de-DE)"), "%s", cat);
	cr_expect(strstr(info, "/Title (Klein) \n   /CreationDate (D:20240501)\n>>"), "%s", info);
	free(p), free(cat), free(info);

	/* No date: the Info dictionary is not written again, the XMP has none. */
	struct pdf_patch_meta undated = base_meta;
	undated.date = "1 May 2024";
	buf_free(&out);
	cr_assert_eq(pdf_patch(raw.data, raw.len, base_elems, NELEMS, &undated, &out), 0);
	cr_expect_null(last_obj(out.data + raw.len - 1, 10));
	cr_expect_null(strstr(out.data + raw.len, "CreateDate"));
	buf_free(&raw);
	buf_free(&out);
}

/* Runs pdf_patch on raw with elems; it must fail and leave out as it was. */
static void expect_refused(const struct buf *raw, const struct pdf_patch_elem *elems, size_t n, const char *why)
{
	struct buf out = BUF_INIT;
	buf_puts(&out, "before");
	cr_expect_eq(pdf_patch(raw->data, raw->len, elems, n, &base_meta, &out), LIA_EIO, "%s", why);
	cr_expect_str_eq(buf_cstr(&out), "before", "%s", why);
	buf_free(&out);
}

Test(pdf_patch, refuses_what_was_not_tagged)
{
	struct buf raw = BUF_INIT;
	mkpdf(&raw, base_objs, NOBJS, "");
	struct pdf_patch_elem e[NELEMS + 1];
	memcpy(e, base_elems, sizeof(base_elems));
	e[3].name = "Fig";
	expect_refused(&raw, e, NELEMS, "an element's name differs");
	expect_refused(&raw, base_elems, NELEMS - 1, "fewer elements begun than in the tree");
	e[3] = base_elems[3];
	e[4] = (struct pdf_patch_elem){"P", NULL, NULL, NULL, NULL};
	expect_refused(&raw, e, NELEMS + 1, "more elements begun than in the tree");

	struct buf cut = BUF_INIT;
	for (size_t n = 0; n + 7 < raw.len; n += 37) { /* up to the last digit of startxref's offset */
		buf_reset(&cut);
		buf_append(&cut, raw.data, n);
		expect_refused(&cut, base_elems, NELEMS, "a truncated file");
	}
	buf_free(&cut);

	struct buf updated = BUF_INIT;
	mkpdf(&updated, base_objs, NOBJS, "   /Prev 9\n");
	expect_refused(&updated, base_elems, NELEMS, "a file that already has an update");

	const char *objs[NOBJS];
	memcpy(objs, base_objs, sizeof(objs));
	objs[0] = "<< /Type /Pages\n   /Pages 2 0 R\n   /StructTreeRoot 5 0 R\n>>";
	buf_reset(&updated);
	mkpdf(&updated, objs, NOBJS, "");
	expect_refused(&updated, base_elems, NELEMS, "a Root that is not a Catalog");
	buf_free(&updated);
	buf_free(&raw);
}

/* A page tree whose every level names the next level's node twice: walked
 * as a tree, the one page is reached 2^31 times. It must be refused at once. */
Test(pdf_patch, page_tree_that_is_not_a_tree, .timeout = 10)
{
	enum { LEVELS = 30 }; /* the page at depth 31: within what the walk allows */
	const char *objs[NOBJS + LEVELS];
	char node[LEVELS][80];
	memcpy(objs, base_objs, sizeof(base_objs));
	objs[1] = "<< /Type /Pages\n   /Kids [ 12 0 R 12 0 R ]\n   /Count 1\n>>";
	for (size_t k = 0; k < LEVELS; k++) {
		size_t kid = k + 1 < LEVELS ? NOBJS + 2 + k : 3;
		snprintf(node[k], sizeof(node[k]), "<< /Type /Pages /Kids [ %zu 0 R %zu 0 R ] >>", kid, kid);
		objs[NOBJS + k] = node[k];
	}
	struct buf raw = BUF_INIT;
	mkpdf(&raw, objs, NOBJS + LEVELS, "");
	expect_refused(&raw, base_elems, NELEMS, "a page tree that is not a tree");
	buf_free(&raw);
}

Test(pdf_read, tokens_objects_and_dictionaries)
{
	const char *s = "<< /A [ (a\\)b(c)) <41 42> /N 1 0 R 2.5 true ] % comment >>\n /B << /C 12 0 R >> /Lang(nl)>> x";
	size_t n = strlen(s), i = 0, vs, ve, num;
	cr_assert(pdf_read_skip_obj(s, &i, n));
	cr_expect_eq(s[i - 1], '>');
	cr_expect_str_eq(s + i, " x");
	size_t de = i;
	cr_assert(pdf_read_dict_get(s, 0, de, "A", &vs, &ve));
	cr_expect_eq(s[vs], '[');
	cr_expect_eq(s[ve - 1], ']');
	/* The array's items one by one: string, hex string, name, reference, number, keyword. */
	static const char *const items[] = {"(a\\)b(c))", "<41 42>", "/N", "1 0 R", "2.5", "true"};
	size_t j = vs + 1, is, ie, k = 0;
	int r;
	while ((r = pdf_read_array_next(s, &j, ve, &is, &ie)) > 0) {
		cr_assert_lt(k, 6);
		cr_expect(ie - is == strlen(items[k]) && memcmp(s + is, items[k], ie - is) == 0, "item %zu", k);
		k++;
	}
	cr_expect_eq(r, 0);
	cr_expect_eq(k, 6);
	cr_assert(pdf_read_dict_get(s, 0, de, "B", &vs, &ve));
	cr_assert(pdf_read_dict_get(s, vs, ve, "C", &vs, &ve));
	cr_expect(pdf_read_ref(s, vs, ve, &num));
	cr_expect_eq(num, 12);
	cr_assert(pdf_read_dict_get(s, 0, de, "Lang", &vs, &ve));
	cr_expect(ve - vs == 4 && memcmp(s + vs, "(nl)", 4) == 0);
	cr_expect_not(pdf_read_dict_has(s, 0, de, "L"), "a key is matched whole");
	cr_expect_not(pdf_read_dict_has(s, 0, de, "comment"), "a comment is not a key");

	/* Malformed: unterminated string, dictionary, array; too deep. */
	static const char *const bad[] = {"(abc", "(a\\", "<< /A 1", "[ 1 2", "<41", ")", "<< 1 2 >>x"};
	for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		i = 0;
		bool ok = pdf_read_skip_obj(bad[b], &i, strlen(bad[b]));
		if (b == 6) /* a dictionary is skipped as a whole; its keys are checked only when read */
			cr_expect(ok && i == 9);
		else
			cr_expect_not(ok, "\"%s\"", bad[b]);
	}
	char deep[200];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	i = 0;
	cr_expect_not(pdf_read_skip_obj(deep, &i, sizeof(deep)), "nesting is limited");
	i = 0;
	cr_expect(pdf_read_skip_obj(deep + 40, &i, 120), "60 deep is fine");

	/* Numbers and references. */
	size_t v;
	i = 0;
	cr_expect(pdf_read_uint("123 ", &i, 4, &v) && v == 123 && i == 3);
	i = 0;
	cr_expect_not(pdf_read_uint("99999999999999999999999 ", &i, 24, &v), "too large for a size_t");
	i = 0;
	cr_expect_not(pdf_read_uint("12a", &i, 3, &v), "a number ends at a delimiter");
	cr_expect(pdf_read_ref("3 0 R", 0, 5, &num) && num == 3);
	cr_expect_not(pdf_read_ref("3 0 R ", 0, 6, &num), "exactly a reference");
	cr_expect_not(pdf_read_ref("3 R", 0, 3, &num));
	cr_expect_eq(pdf_read_skip_ws(" % c\r\n\t x", 0, 9), 8);
}

Test(pdf_read, cross_reference_table)
{
	struct buf raw = BUF_INIT;
	size_t xref = mkpdf(&raw, base_objs, NOBJS, "");
	struct pdf_read in = {raw.data, raw.len, NULL, 0, 0};
	size_t x, tds, tde, ds, de, gen;
	cr_assert_eq(pdf_read_open(&in, &x, &tds, &tde), 0);
	cr_expect_eq(x, xref);
	cr_expect_eq(in.nobj, NOBJS + 1);
	cr_expect_eq(in.off[0], 0, "object 0 is free");
	cr_assert(pdf_read_obj_dict(&in, 11, &ds, &de, &gen));
	cr_expect(strncmp(raw.data + ds, "<< /Type /StructElem\n   /S /Figure", 34) == 0);
	cr_expect_not(pdf_read_obj_dict(&in, 0, &ds, &de, &gen));
	cr_expect_not(pdf_read_obj_dict(&in, NOBJS + 1, &ds, &de, &gen));
	cr_expect(pdf_read_dict_has(raw.data, tds, tde, "Root"));
	pdf_read_free(&in);

	/* A table that claims more objects than its bytes could hold. */
	struct buf big = BUF_INIT;
	buf_puts(&big, "xref\n0 99999999\n0000000000 65535 f \ntrailer\n<< >>\nstartxref\n0\n%%EOF\n");
	in = (struct pdf_read){big.data, big.len, NULL, 0, 0};
	cr_expect_eq(pdf_read_open(&in, &x, &tds, &tde), LIA_EIO);
	cr_expect_eq(in.nobj, 0);
	pdf_read_free(&in);
	buf_free(&big);
	buf_free(&raw);
}
