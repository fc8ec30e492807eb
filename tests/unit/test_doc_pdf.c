/*
 * Unit tests: the tagged PDF (doc_pdf), read back with the tools a reviewer
 * would use. poppler (pdfinfo, pdftotext, pdffonts) says it is tagged, has
 * its title, fonts embedded, the structure elements and all text in block
 * order; qpdf checks the file strictly (every xref offset of the
 * incremental update must be right, poppler would silently repair it) and
 * shows the objects as a reader resolves them, so the Catalog's /Lang,
 * the figure's /Alt, a paragraph's own /Lang and the header cells' scopes
 * are checked where a screen reader would find them. Also: bookmarks nested
 * by heading level, links with the base URL, an empty document, and a
 * document of 1,000 action points.
 */
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "report/doc.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Runs a shell command; returns its output (caller frees) and exit status. */
static char *sh(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *sh(int *status, const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *f = popen(buf_cstr(&cmd), "r");
	cr_assert(f, "popen %s", buf_cstr(&cmd));
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&out, chunk, n);
	int st = pclose(f);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	buf_free(&cmd);
	return buf_release(&out);
}

/* Writes pdf to a new temporary file; returns its path (caller frees, and
 * unlinks, or calls done). LIA_TEST_PDF_KEEP=dir: keep a copy there, as
 * name.pdf, to look at. */
static char *save_pdf(const struct buf *pdf, const char *name)
{
	char *path = strdup("/tmp/lia-test-pdf-XXXXXX");
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	const char *keep = getenv("LIA_TEST_PDF_KEEP");
	if (keep) {
		int st;
		free(sh(&st, "cp %s %s/%s.pdf", path, keep, name));
	}
	return path;
}

/* Writes the PDF of d into pdf and to a new temporary file; returns its path
 * (as save_pdf). */
static char *write_pdf(const struct doc *d, struct buf *pdf)
{
	cr_assert_eq(doc_pdf(d, pdf), 0);
	return save_pdf(pdf, criterion_current_test->name);
}

/* The end of a test: the file at path removed, and path, the PDF's bytes and
 * the arena freed. */
static void done(char *path, struct buf *pdf, struct arena *a)
{
	unlink(path);
	free(path);
	buf_free(pdf);
	arena_free(a);
}

static void format_euro(long long v, const char *lang, char *out, size_t n)
{
	snprintf(out, n, "\u20ac %lld", v);
}

static const char *const chart_rows[] = {"Werk", "Onderwijs", "Bouwen en wonen"};
static const struct chart_series chart_series[] = {{"Besteed", "#1f5fa8"}, {"Nog over", "#8a4b08"}};
static const long long chart_values[] = {120000, 30000, 50000, 50000, 20000, 80000};
static const struct chart chart = {
	"c1", "Geld per thema",
	"Werk kreeg \u20ac 150.000, waarvan \u20ac 120.000 besteed; onderwijs \u20ac 100.000; bouwen en wonen \u20ac 100.000.",
	chart_rows, 3, chart_series, 2, chart_values, format_euro, "nl",
};

/* The sample: every kind of block, a table of 60 rows (more than a page),
 * a long paragraph, and a paragraph in English in a Dutch document. */
static struct doc *sample(struct arena *a)
{
	struct doc *d = doc_new(a, "Voortgangsrapportage 2023", "nl");
	d->author = "Gemeente Nijmegen";
	d->subject = "Tweede voortgangsrapportage van het Actieprogramma Inclusie";
	d->date = "2024-05-01";
	d->base_url = "https://lia.example.org";
	doc_heading(d, 1, "h-top", "Voortgangsrapportage 2023");
	struct doc_text t = doc_text_new();
	doc_text_add(d, &t, "Dit is de ", NULL, false);
	doc_text_add(d, &t, "tweede", NULL, true);
	doc_text_add(d, &t, " rapportage. Zie ", NULL, false);
	doc_text_add(d, &t, "de actiepunten", "/actions", false);
	doc_text_add(d, &t, " en ", NULL, false);
	doc_text_add(d, &t, "het VN-verdrag", "https://www.example.org/vn-verdrag?a=1&b=(2)", false);
	doc_text_add(d, &t, ", of lees eerst over ", NULL, false);
	doc_text_add(d, &t, "de middelen", "#h-funds", false);
	doc_text_add(d, &t, ".", NULL, false);
	doc_paragraph_text(d, t);
	doc_heading(d, 2, "h-funds", "Middelen");
	const char *items[] = {"Werk: meer mensen met een beperking aan het werk.", "Onderwijs voor iedereen.",
	                       "Bouwen en wonen: toegankelijke woningen."};
	doc_list(d, false, items, 3);
	const char *steps[] = {"Eerste stap", "Tweede stap"};
	doc_list(d, true, steps, 2);
	const char *head[] = {"Thema", "Beschikbaar", "Besteed", "Opmerking"};
	const bool numeric[] = {false, true, true, false};
	const char *cells[60 * 4];
	for (int r = 0; r < 60; r++) {
		cells[r * 4] = arena_printf(a, "Thema %d", r + 1);
		cells[r * 4 + 1] = arena_printf(a, "\u20ac %d.000", 100 + r);
		cells[r * 4 + 2] = arena_printf(a, "\u20ac %d.500", 50 + r);
		cells[r * 4 + 3] = r % 7 == 0 ? "Een langere opmerking die over meer dan een regel in de cel loopt." : "";
	}
	doc_table(d, "Uitgaven per thema", 4, head, 60, cells, numeric);
	doc_heading(d, 3, "h-chart", "Grafiek");
	doc_chart(d, &chart);
	doc_paragraph(d, "This paragraph is in English.");
	doc_last_lang(d, "en");
	doc_heading(d, 2, "h-outlook", "Vooruitkijken");
	struct buf long_text = BUF_INIT;
	for (int i = 0; i < 120; i++)
		buf_printf(&long_text, "Zin %d van een lange tekst over wat er komt. ", i + 1);
	doc_paragraph(d, buf_cstr(&long_text));
	buf_free(&long_text);
	struct doc_text end = doc_text_new();
	doc_text_add(d, &end, "Einde van het verslag, ", NULL, false);
	doc_text_add(d, &end, "terug naar boven", "#h-top", true);
	doc_paragraph_text(d, end);
	return d;
}

/* The value of a "Key:   value" line of pdfinfo, as a pointer into info. */
static const char *field(const char *info, const char *key)
{
	size_t n = strlen(key);
	for (const char *l = info; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, n) == 0 && l[n] == ':') {
			l += n + 1;
			while (*l == ' ')
				l++;
			return l;
		}
	return "";
}

static void expect_field(const char *info, const char *key, const char *value)
{
	const char *v = field(info, key);
	cr_expect(strncmp(v, value, strlen(value)) == 0 && (v[strlen(value)] == '\n' || v[strlen(value)] == '\0'),
	          "%s: \"%.60s\", not \"%s\"", key, v, value);
}

/* The positions of each needle in hay, which must appear in this order. */
static void expect_in_order(const char *hay, const char *const *needles, size_t n)
{
	const char *at = hay;
	for (size_t i = 0; i < n; i++) {
		const char *f = strstr(at, needles[i]);
		cr_expect(f, "\"%s\" missing, or not after \"%s\"", needles[i], i ? needles[i - 1] : "(start)");
		if (f)
			at = f + strlen(needles[i]);
	}
}

/* The text of "N 0 obj ... endobj" that contains needle (the first one
 * from `from` on), in a QDF file. */
static char *object_from(const char *qdf, const char *from, const char *needle)
{
	const char *f = strstr(from, needle);
	if (!f)
		return NULL;
	const char *start = f;
	while (start > qdf && strncmp(start, " 0 obj", 6) != 0)
		start--;
	const char *end = strstr(f, "endobj");
	return end ? strndup(start, (size_t)(end - start)) : NULL;
}

static char *object_with(const char *qdf, const char *needle)
{
	return object_from(qdf, qdf, needle);
}

/* Each string of the NULL-terminated wants is in text; what names text in
 * the message. */
static void expect_holds(const char *text, const char *what, const char *const *wants)
{
	for (; *wants; wants++)
		cr_expect(strstr(text, *wants), "%s lacks %s:\n%.2000s", what, *wants, text);
}

/* The object of qdf that holds key (the latest version, as a reader
 * resolves it) exists and holds each of wants. */
static void expect_object(const char *qdf, const char *key, const char *const *wants)
{
	char *obj = object_with(qdf, key);
	cr_assert(obj, "no object with %s", key);
	expect_holds(obj, key, wants);
	free(obj);
}

/* The title of the outline item whose /Title is (title)'s /Parent, in a QDF
 * file; "(the root)" for a top item. */
static const char *outline_parent(const char *qdf, const char *title)
{
	static char found[128];
	char needle[160];
	snprintf(needle, sizeof(needle), "/Title (%s)", title);
	int num = 0;
	for (const char *at = strstr(qdf, needle); at && !num; at = strstr(at + 1, needle)) {
		char *item = object_from(qdf, at, needle); /* the Info dictionary has a /Title too */
		const char *par = item ? strstr(item, "/Parent ") : NULL;
		num = par ? atoi(par + 8) : 0;
		free(item);
	}
	if (!num)
		return "(no such item)";
	snprintf(needle, sizeof(needle), "\n%d 0 obj\n", num);
	const char *obj = strstr(qdf, needle);
	const char *end = obj ? strstr(obj, "endobj") : NULL;
	if (!obj || !end)
		return "(no parent)";
	const char *t = strstr(obj, "/Title (");
	if (!t || t > end)
		return strstr(obj, "/Type /Outlines") && strstr(obj, "/Type /Outlines") < end ? "(the root)" : "(no title)";
	t += 8;
	size_t n = strcspn(t, ")");
	snprintf(found, sizeof(found), "%.*s", (int)n, t);
	return found;
}

/* The page numbers are translated ("Pagina N"). */
static void setup(void)
{
	i18n_init(NULL);
}

Test(doc_pdf, tagged_titled_and_checked_by_poppler_and_qpdf, .init = setup)
{
	struct arena *a = arena_new();
	struct buf pdf = BUF_INIT;
	char *path = write_pdf(sample(a), &pdf);
	int st;

	char *info = sh(&st, "pdfinfo %s 2>&1", path);
	cr_assert_eq(st, 0, "%s", info);
	expect_field(info, "Tagged", "yes");
	expect_field(info, "Title", "Voortgangsrapportage 2023");
	expect_field(info, "Author", "Gemeente Nijmegen");
	expect_field(info, "Subject", "Tweede voortgangsrapportage van het Actieprogramma Inclusie");
	expect_field(info, "Creator", "lia");
	cr_expect(strstr(field(info, "CreationDate"), "May  1 00:00:00 2024"), "the date from d->date: %s", info);
	expect_field(info, "Page size", "595.276 x 841.89 pts (A4)");
	cr_expect(!strstr(info, "Syntax Error"), "%s", info);
	cr_expect_gt(atoi(field(info, "Pages")), 2, "%s", info);
	expect_field(info, "Metadata Stream", "yes");
	free(info);
	char *meta = sh(&st, "pdfinfo -meta %s", path);
	expect_holds(meta, "the XMP metadata",
	             (const char *const[]){"<rdf:li xml:lang=\"x-default\">Voortgangsrapportage 2023</rdf:li>",
	                                   "<rdf:li>nl-NL</rdf:li>", "<xmp:CreateDate>2024-05-01</xmp:CreateDate>", NULL});
	free(meta);

	/* qpdf is strict about the xref of the incremental update. */
	char *check = sh(&st, "qpdf --check %s 2>&1", path);
	cr_expect_eq(st, 0, "%s", check);
	cr_expect(strstr(check, "No syntax or stream encoding errors found"), "%s", check);
	free(check);

	/* The update comes after cairo's own %%EOF and keeps its xref as /Prev. */
	const char *eof = memmem(pdf.data, pdf.len, "%%EOF", 5);
	cr_assert(eof && (size_t)(eof - pdf.data) + 6 < pdf.len);
	expect_holds(eof, "the incremental update",
	             (const char *const[]){"/Lang (nl-NL)", "/DisplayDocTitle true", "/Prev ", "/Type /Metadata", NULL});

	/* The objects as a reader resolves them (the latest version of each). */
	char qpath[64];
	snprintf(qpath, sizeof(qpath), "%s.qdf", path);
	free(sh(&st, "qpdf --qdf --object-streams=disable %s %s 2>&1", path, qpath));
	cr_assert_eq(st, 0);
	char *qdf = sh(&st, "cat %s", qpath);
	expect_object(qdf, "/Type /Catalog",
	              (const char *const[]){"/Lang (nl-NL)", "/Marked true", "/DisplayDocTitle true", "/StructTreeRoot",
	                                    "/Outlines", NULL});
	/* "Geld per thema: Werk kreeg € ..." in UTF-16BE. */
	expect_object(qdf, "/S /Figure",
	              (const char *const[]){"/Alt <feff00470065006c006400200070006500720020007400680065006d0061003a0020",
	                                    NULL});
	/* The English paragraph has its own language; table header cells their
	 * scope; a path link gets the base URL, and parentheses in a URL are
	 * encoded. */
	expect_holds(qdf, "the QDF file",
	             (const char *const[]){"/Lang (en-GB)", "/Scope /Column", "/Scope /Row", "/ListNumbering /Decimal",
	                                   "/ListNumbering /Disc", "/URI (https://lia.example.org/actions)",
	                                   "/URI (https://www.example.org/vn-verdrag?a=1&b=%282%29)", NULL});
	/* A link's annotation describes it; tab order by structure on a page
	 * with links. */
	expect_object(qdf, "/URI (https://lia.example.org/actions)", (const char *const[]){"/Contents (de actiepunten)", NULL});
	expect_object(qdf, "/Annots", (const char *const[]){"/Tabs /S", NULL});
	/* Bookmarks nested by heading level: H3 under H2 under H1. */
	cr_expect_str_eq(outline_parent(qdf, "Grafiek"), "Middelen");
	cr_expect_str_eq(outline_parent(qdf, "Middelen"), "Voortgangsrapportage 2023");
	cr_expect_str_eq(outline_parent(qdf, "Vooruitkijken"), "Voortgangsrapportage 2023");
	cr_expect_str_eq(outline_parent(qdf, "Voortgangsrapportage 2023"), "(the root)");
	char *outl = sh(&st, "qpdf --json --json-key=outlines %s", path);
	cr_assert_eq(st, 0);
	cr_expect(strstr(outl, "\"destpageposfrom1\": 3"), "a bookmark points past page 2: %s", outl);
	free(outl);
	free(qdf);
	unlink(qpath);


	char *tree = sh(&st, "pdfinfo -struct %s", path);
	cr_assert_eq(st, 0);
	const char *tags[] = {"Document", "H1", "P", "Span", "Link", "H2", "L", "LI", "Lbl", "LBody",
	                      "Table", "Caption", "TR", "TH", "TD", "H3", "Figure"};
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		char needle[32];
		snprintf(needle, sizeof(needle), "%s%s", i ? "  " : "", tags[i]);
		cr_expect(strstr(tree, needle), "no %s in the structure tree:\n%.2000s", tags[i], tree);
	}
	free(tree);

	char *text = sh(&st, "pdftotext -enc UTF-8 %s -", path);
	cr_assert_eq(st, 0);
	const char *order[] = {"Voortgangsrapportage 2023", "Dit is de tweede rapportage", "de actiepunten",
	                       "Middelen", "Werk: meer mensen", "1.", "Eerste stap", "Uitgaven per thema",
	                       "Thema", "Beschikbaar", "Thema 1", "\u20ac 100.000", "Thema 59", "Thema 60",
	                       "Grafiek", "Geld per thema", "Besteed", "Nog over",
	                       "This paragraph is in English.", "Vooruitkijken", "Zin 1 van", "Zin 120 van",
	                       "terug naar boven"};
	expect_in_order(text, order, sizeof(order) / sizeof(order[0]));
	cr_expect(strstr(text, "Pagina 1"), "page numbers");
	cr_expect(strstr(text, "Pagina 3"), "page numbers");
	free(text);

	char *fonts = sh(&st, "pdffonts %s", path);
	cr_assert_eq(st, 0);
	/* name type encoding emb sub uni object ID: every font embedded. */
	int nfonts = 0;
	for (char *line = strstr(fonts, "\n---"); line && (line = strchr(line + 1, '\n')) && line[1];) {
		nfonts++;
		cr_expect(strstr(line, " yes yes "), "not embedded: %.80s", line + 1);
		cr_expect(strstr(line, "DejaVuSans"), "%.80s", line + 1);
	}
	cr_expect_geq(nfonts, 2, "%s", fonts); /* regular and bold at least */
	free(fonts);

	done(path, &pdf, a);
}

Test(doc_pdf, english_document, .init = setup)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "Progress report", "en");
	doc_heading(d, 1, NULL, "Progress report");
	doc_paragraph(d, "Een alinea in het Nederlands.");
	doc_last_lang(d, "nl");
	struct buf pdf = BUF_INIT;
	char *path = write_pdf(d, &pdf);
	int st;
	char *text = sh(&st, "pdftotext %s -", path);
	cr_expect(strstr(text, "Page 1"), "%s", text);
	free(text);
	char *qdf = sh(&st, "qpdf --qdf --object-streams=disable %s - 2>&1", path);
	cr_assert_eq(st, 0, "%s", qdf);
	expect_object(qdf, "/Type /Catalog", (const char *const[]){"/Lang (en-GB)", NULL});
	cr_expect(strstr(qdf, "/Lang (nl-NL)"), "the Dutch paragraph has its own language");
	free(qdf);
	done(path, &pdf, a);
}

/* Dutch quoted inside an English sentence (an assessment, a title): each
 * quote is a Span with /Lang (nl-NL), the English around it is not marked,
 * and the sentence reads in order. A quote that is also a link keeps its
 * language on the Link. */
Test(doc_pdf, quoted_dutch_in_english_text, .init = setup)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "Progress report", "en");
	doc_heading(d, 1, NULL, "Progress report");
	static const char *const quotes[] = {"Gaat goed, maar het duurt lang", "Nog niet toegankelijk"};
	doc_paragraph_quoting(d, "The dossier holder says: \u201c" DOC_Q0 "\u201d. The expert by experience says: \u201c" DOC_Q1
	                         "\u201d.", "nl", quotes, 2);
	struct doc_text t = doc_text_new();
	doc_text_add(d, &t, "See ", NULL, false);
	struct doc_run *r = NULL;
	doc_text_add(d, &t, "Werkgeversservicepunt", "https://example.org/actions/1", false);
	r = &t.runs[t.n - 1];
	r->lang = "nl";
	doc_text_add(d, &t, " for more.", NULL, false);
	doc_paragraph_text(d, t);
	struct buf pdf = BUF_INIT;
	char *path = write_pdf(d, &pdf);
	int st;
	char *text = sh(&st, "pdftotext %s -", path);
	cr_expect(strstr(text, "The dossier holder says: \u201cGaat goed, maar het duurt lang\u201d. The expert by experience says:"),
	          "%s", text);
	free(text);
	char *qdf = sh(&st, "qpdf --qdf --object-streams=disable %s - 2>&1", path);
	cr_assert_eq(st, 0, "%s", qdf);
	size_t spans = 0, links = 0, other = 0;
	for (const char *p = qdf; (p = strstr(p, "/Lang (nl-NL)")); p++) {
		char *obj = object_from(qdf, p, "/Lang (nl-NL)");
		cr_assert(obj);
		if (strstr(obj, "/S /Span"))
			spans++;
		else if (strstr(obj, "/S /Link"))
			links++;
		else
			other++;
		free(obj);
	}
	cr_expect_eq(spans, 2, "each Dutch quote is a Span with /Lang (nl-NL): %zu", spans);
	cr_expect_eq(links, 1, "the Dutch link carries /Lang (nl-NL): %zu", links);
	cr_expect_eq(other, 0, "nothing else is marked Dutch: %zu", other);
	free(qdf);
	done(path, &pdf, a);
}

/* A table column of quoted Dutch titles in an English document: each of its
 * body cells (TD or the row's TH) carries /Lang, the header cells do not. */
Test(doc_pdf, column_language, .init = setup)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "Progress report", "en");
	doc_heading(d, 1, NULL, "Progress report");
	static const char *const head[] = {"Action point", "Status"};
	static const char *const cells[] = {"WRK-01 Werkgeversservicepunt", "In progress", "WRK-02 Vacatures in makkelijke taal",
	                                    "Completed"};
	doc_table(d, "Action points", 2, head, 2, cells, NULL);
	doc_last_col_lang(d, 0, "nl");
	struct buf pdf = BUF_INIT;
	char *path = write_pdf(d, &pdf);
	int st;
	char *qdf = sh(&st, "qpdf --qdf --object-streams=disable %s - 2>&1", path);
	cr_assert_eq(st, 0, "%s", qdf);
	size_t n = 0;
	for (const char *p = qdf; (p = strstr(p, "/Lang (nl-NL)")); p++)
		n++;
	cr_expect_eq(n, 2, "the two cells of the Dutch column have /Lang (nl-NL), nothing else: %zu", n);
	free(qdf);
	done(path, &pdf, a);
}

Test(doc_pdf, empty_document_and_odd_text, .init = setup)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "", "nl");
	struct buf pdf = BUF_INIT;
	char *path = write_pdf(d, &pdf);
	int st;
	char *check = sh(&st, "qpdf --check %s 2>&1", path);
	cr_expect_eq(st, 0, "%s", check);
	free(check);
	unlink(path);
	free(path);
	buf_reset(&pdf);

	/* Invalid UTF-8, control characters, an unsafe link, an unknown anchor,
	 * empty cells and an empty list: all drawn, nothing broken. */
	d = doc_new(a, "Vreemde (tekst) \\ met haakjes", "nl");
	struct doc_text t = doc_text_new();
	doc_text_add(d, &t, "bad \xff\xfe bytes\x01 and ", NULL, false);
	doc_text_add(d, &t, "script", "javascript:alert(1)", false);
	doc_text_add(d, &t, " and ", NULL, false);
	doc_text_add(d, &t, "nowhere", "#no-such-heading", false);
	doc_paragraph_text(d, t);
	const char *head[] = {"A", ""};
	const char *cells[] = {"", ""};
	doc_table(d, NULL, 2, head, 1, cells, NULL);
	doc_list(d, false, NULL, 0);
	doc_heading(d, 2, "empty", "");
	doc_paragraph(d, "");
	doc_markdown(d, "## A [linked](https://example.org) heading\n\nText *em* and **strong**.\n", 2, NULL);
	static const struct chart empty_chart = {"c0", "", "", NULL, 0, NULL, 0, NULL, NULL, NULL};
	doc_chart(d, &empty_chart);
	path = write_pdf(d, &pdf);
	check = sh(&st, "qpdf --check %s 2>&1", path);
	cr_expect_eq(st, 0, "%s", check);
	free(check);
	char *info = sh(&st, "pdfinfo %s", path);
	expect_field(info, "Title", "Vreemde (tekst) \\ met haakjes");
	free(info);
	cr_expect(!memmem(pdf.data, pdf.len, "javascript", 10), "an unsafe link is left out");
	done(path, &pdf, a);
}

static void *render(void *arg)
{
	struct arena *a = arena_new();
	int rc = doc_pdf(sample(a), arg);
	arena_free(a);
	return (void *)(intptr_t)rc;
}

/* The server renders reports on its worker threads: several at once share
 * nothing but fontconfig, and each gets the whole document. */
Test(doc_pdf, threads_at_once, .init = setup)
{
	pthread_t t[4];
	struct buf out[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, render, &out[i]), 0);
	for (int i = 0; i < 4; i++) {
		void *rc;
		pthread_join(t[i], &rc);
		cr_expect_eq((intptr_t)rc, 0);
	}
	for (int i = 1; i < 4; i++)
		cr_expect_eq(out[i].len, out[0].len, "the same document, the same size");
	cr_expect_gt(out[0].len, 10000);
	for (int i = 0; i < 4; i++)
		buf_free(&out[i]);
}

/* A programme of 1,000 action points (5,000 blocks): renders, and the
 * update still matches every structure element. The time is reported, not
 * asserted (bench/ is for timing). */
Test(doc_pdf, thousand_action_points, .init = setup, .timeout = 240)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "Alle actiepunten", "nl");
	doc_heading(d, 1, "top", "Alle actiepunten");
	for (int i = 0; i < 1000; i++) {
		if (i % 100 == 0)
			doc_heading(d, 2, arena_printf(a, "theme-%d", i / 100), arena_printf(a, "Thema %d", i / 100 + 1));
		doc_heading(d, 3, arena_printf(a, "a-%d", i), arena_printf(a, "A%d.%d Toegankelijke informatie", i / 100, i));
		struct doc_text t = doc_text_new();
		doc_text_add(d, &t, "Status: ", NULL, false);
		doc_text_add(d, &t, "in uitvoering", NULL, true);
		doc_text_add(d, &t, ". De dossierhouder meldt dat het werk op schema ligt; zie ", NULL, false);
		doc_text_add(d, &t, "het actiepunt", arena_printf(a, "/actions/%d", i), false);
		doc_text_add(d, &t, " voor de geschiedenis.", NULL, false);
		doc_paragraph_text(d, t);
		const char *items[] = {"Oorzaak: de planning van de partners.", "Wat we doen: een extra overleg."};
		doc_list(d, false, items, 2);
		doc_paragraph(d, "De ervaringsdeskundige ziet vooruitgang, maar vraagt om meer aandacht voor "
		                 "mensen die slecht zien en voor eenvoudige taal in de brieven van de gemeente.");
		if (i % 2)
			doc_last_lang(d, "en");
		doc_paragraph(d, "Sinds de vorige rapportage is de werkgroep twee keer bij elkaar geweest.");
		if (i % 50 == 0) {
			const char *head[] = {"Jaar", "Begroot", "Besteed"};
			const char *cells[] = {"2023", "€ 10.000", "€ 8.000", "2024", "€ 12.000", "€ 3.000"};
			const bool num[] = {false, true, true};
			doc_table(d, "Geld", 3, head, 2, cells, num);
		}
	}
	cr_assert_geq(d->n, 5000);
	struct buf pdf = BUF_INIT;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(doc_pdf(d, &pdf), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_log_info("%zu blocks: %.2f s, %zu bytes", d->n, secs, pdf.len);
	char *path = save_pdf(&pdf, "big");
	int st;
	char *check = sh(&st, "qpdf --check %s 2>&1 | tail -3", path);
	cr_expect(strstr(check, "No syntax or stream encoding errors found"), "%s", check);
	free(check);
	char *info = sh(&st, "pdfinfo %s", path);
	cr_expect_gt(atoi(field(info, "Pages")), 100, "%s", info);
	free(info);
	done(path, &pdf, a);
}

/* A link whose text has a line break: every part of it links to the URL.
 * The break's run used to keep cmark's pointer to the URL, freed with the
 * cmark tree before the HTML was written (found by fuzz_letter). Many links,
 * so that freed memory is reused and a dangling href shows. */
Test(doc_pdf, link_with_line_break_keeps_its_url, .init = setup)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "t", "nl");
	struct buf md = BUF_INIT;
	for (int i = 0; i < 50; i++)
		buf_printf(&md, "[een\ntwee](https://example.org/pagina-%d) en [drie  \nvier](/acties/%d)\n\n", i, i);
	doc_markdown(d, buf_cstr(&md), 1, "nl");
	struct buf html = BUF_INIT;
	doc_html(d, false, &html);
	for (int i = 0; i < 50; i++) {
		char want[128];
		snprintf(want, sizeof(want), "href=\"https://example.org/pagina-%d\"", i);
		const char *first = strstr(buf_cstr(&html), want);
		cr_assert(first, "link %d lost its URL: %s", i, buf_cstr(&html));
		/* The text before and after the break, and the break itself, each link to it. */
		cr_assert(strstr(first + 1, want), "the second part of link %d lost its URL", i);
		snprintf(want, sizeof(want), "href=\"/acties/%d\"", i);
		cr_assert(strstr(buf_cstr(&html), want), "link /acties/%d lost its URL", i);
	}
	const char *p = buf_cstr(&html);
	size_t links = 0;
	while ((p = strstr(p, "<a href=\"")) != NULL) {
		p += 9;
		cr_assert(strncmp(p, "https://example.org/pagina-", 27) == 0 || strncmp(p, "/acties/", 8) == 0,
		          "a link to something else: %.40s", p);
		links++;
	}
	cr_assert(links >= 100);
	buf_free(&html);
	buf_free(&md);
	arena_free(a);
}

/* --- Layouts kept between documents (doc_pdf_cache.c) --------------------- */

static const char *const kept_texts[] = {
	"De werkgroep toegankelijkheid is in deze periode drie keer bij elkaar geweest en heeft de gemeente "
	"gevraagd om de brieven in eenvoudige taal te schrijven en de website beter te laten werken met een "
	"schermlezer. Daarnaast zijn de ervaringsdeskundigen uitgenodigd voor een rondgang door het stadhuis, "
	"waar zij de ingangen, de liften, de balies en de bewegwijzering hebben bekeken; hun bevindingen staan "
	"in een verslag dat aan de raad wordt gestuurd, samen met een planning voor de verbouwing van de hal.",
	"Sinds de vorige rapportage",
	"€ 10.000",
};

/* The texts of kept_texts as plain paragraphs and in a table with a
 * numeric column: what the test compares. */
static struct doc *kept_plain(struct arena *a)
{
	struct doc *d = doc_new(a, "Bewaard", "nl");
	d->date = "2024-05-01";
	for (size_t i = 0; i < 3; i++)
		doc_paragraph(d, kept_texts[i]);
	const char *head[] = {"Wat", "Bedrag"};
	const char *cells[] = {kept_texts[1], kept_texts[2], kept_texts[2], kept_texts[2]};
	const bool num[] = {false, true};
	doc_table(d, kept_texts[1], 2, head, 2, cells, num);
	return d;
}

/* The same texts laid out otherwise, before kept_plain lays them out: as
 * headings (another font), list items (narrower), bold and linked (other
 * attributes), in a table whose column is not numeric (another alignment)
 * and in one whose numeric column is wider (another width). A key that left one of these out would hand kept_plain a layout of these. */
static struct doc *kept_other(struct arena *a)
{
	struct doc *d = doc_new(a, "Anders", "nl");
	d->date = "2024-05-01";
	for (size_t i = 0; i < 3; i++) {
		doc_heading(d, 2, arena_printf(a, "h%zu", i), kept_texts[i]);
		struct doc_text t = doc_text_new();
		doc_text_add(d, &t, kept_texts[i], NULL, true);
		doc_paragraph_text(d, t);
		t = doc_text_new();
		doc_text_add(d, &t, kept_texts[i], "https://example.org/", false);
		doc_paragraph_text(d, t);
	}
	doc_list(d, false, kept_texts, 3);
	doc_list(d, true, kept_texts, 3);
	const char *head[] = {"Wat", "Bedrag"};
	const char *cells[] = {kept_texts[1], kept_texts[2], kept_texts[2], kept_texts[2]};
	const bool num[] = {false, false};
	doc_table(d, kept_texts[1], 2, head, 2, cells, num);
	/* Numeric, so right-aligned, but in a wider column. */
	const char *wide[] = {"Wat", "Bedrag in euro over het hele jaar samen"};
	doc_table(d, kept_texts[1], 2, wide, 2, cells, (const bool[]){false, true});
	return d;
}

/* cairo's own /CreationDate (the time it ran) blanked out. */
static void blank_cairo_date(struct buf *pdf)
{
	static const char key[] = "/CreationDate (D:";
	for (char *s = memmem(pdf->data, pdf->len, key, sizeof(key) - 1); s;
	     s = memmem(s + 1, pdf->len - (size_t)(s + 1 - pdf->data), key, sizeof(key) - 1))
		for (char *c = s + sizeof(key) - 1; c < pdf->data + pdf->len && *c != ')'; c++)
			*c = '0';
}

static void *render_kept_plain(void *arg)
{
	struct arena *a = arena_new();
	int rc = doc_pdf(kept_plain(a), arg);
	arena_free(a);
	return (void *)(intptr_t)rc;
}

/* A document drawn with the layouts a thread kept from other documents is
 * byte for byte the one a fresh thread draws (but for cairo's clock), and
 * so is the same document drawn again. */
Test(doc_pdf, kept_layouts_change_nothing, .init = setup)
{
	struct buf fresh = BUF_INIT, kept = BUF_INIT, again = BUF_INIT, other = BUF_INIT;
	pthread_t t;
	void *rc;
	cr_assert_eq(pthread_create(&t, NULL, render_kept_plain, &fresh), 0);
	pthread_join(t, &rc);
	cr_assert_eq((intptr_t)rc, 0);

	struct arena *a = arena_new();
	cr_assert_eq(doc_pdf(kept_other(a), &other), 0);
	cr_assert_eq(doc_pdf(kept_plain(a), &kept), 0);
	cr_assert_eq(doc_pdf(kept_plain(a), &again), 0);
	blank_cairo_date(&fresh);
	blank_cairo_date(&kept);
	blank_cairo_date(&again);
	cr_expect_gt(fresh.len, 1000);
	cr_expect(kept.len == fresh.len && memcmp(kept.data, fresh.data, kept.len) == 0,
	          "drawn after other documents: %zu bytes, fresh: %zu", kept.len, fresh.len);
	cr_expect(again.len == fresh.len && memcmp(again.data, fresh.data, again.len) == 0, "drawn again");
	buf_free(&fresh);
	buf_free(&kept);
	buf_free(&again);
	buf_free(&other);
	arena_free(a);
}
