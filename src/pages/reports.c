/*
 * reports: the progress report of a period in the browser, and its files
 * (report, cover letter, easy-read summary; HTML, PDF, Markdown; the figures
 * as CSV and JSON) at stable addresses:
 *   /periods/{id}/report           the report inside the site
 *   /reports/{id}/{document}-{lang}.{format}, e.g. /reports/2/report-nl.pdf
 * A published period's files are the ones frozen when it was published,
 * byte for byte, with their SHA-256 checksum; an open period's are made on
 * the spot and only signed-in users see them.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "report/doc.h"
#include "report/report.h"
#include "store/report.h"

#include <stdlib.h>
#include <string.h>

static const char *const no_report = N_("There is no published report for this period. See the list of reports.");

/* The period, if this request may see it (open periods: signed in only). */
static int period_of(struct req *r, struct resp *out, long long id, json_t **p)
{
	struct viewer v = page_viewer(r);
	return page_found(r, out, store_period(r->store, &v, id, p), no_report);
}

static bool is_published(json_t *p)
{
	const char *s = json_string_value(json_object_get(p, "state"));
	return s && strcmp(s, "published") == 0;
}

/* The bytes of one file: as frozen when its period was published, else made
 * now (report_bytes); *sha is the checksum of a frozen file, else NULL. */
static int file_bytes(struct req *r, long long id, enum report_document doc, const char *lang, enum report_format f,
                      struct buf *b, const char **sha)
{
	char today[11], sum[65];
	snprintf(today, sizeof(today), "%.10s", r->now);
	struct report_options o = {.period_id = id, .lang = lang, .document = doc, .today = today};
	int rc = report_bytes(r->store, &o, f, b, sum);
	*sha = rc == 0 && sum[0] ? arena_strdup(r->arena, sum) : NULL;
	return rc;
}

/* "report-nl.pdf" -> document, language, format. */
static bool parse_file(const char *name, enum report_document *doc, const char **lang, enum report_format *f)
{
	const char *dash = strrchr(name, '-'), *dot = strrchr(name, '.');
	if (!dash || !dot || dot < dash || dot - dash != 3)
		return false;
	char dname[16];
	size_t n = (size_t)(dash - name);
	if (n >= sizeof(dname))
		return false;
	memcpy(dname, name, n);
	dname[n] = '\0';
	if (!report_document_parse(dname, doc) || !report_format_parse(dot + 1, f))
		return false;
	if (strncmp(dash + 1, "nl", 2) == 0)
		*lang = "nl";
	else if (strncmp(dash + 1, "en", 2) == 0)
		*lang = "en";
	else
		return false;
	/* The figures are the report's. */
	return *doc == REPORT_FULL || (*f != REPORT_CSV && *f != REPORT_JSON);
}

int page_report_file(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, &id);
	if (rc)
		return rc;
	enum report_document doc;
	enum report_format f;
	const char *lang;
	if (!parse_file(r->params[1], &doc, &lang, &f)) {
		out->detail = TR(r->lang, N_("There is no such file. Choose one of the downloads on the report's page, like report-nl.pdf."));
		return LIA_ENOTFOUND;
	}
	json_t *p = NULL;
	if ((rc = period_of(r, out, id, &p)) != 0) /* open periods: signed-in users only */
		return rc;
	json_decref(p);
	struct buf b = BUF_INIT;
	const char *sha = NULL;
	rc = file_bytes(r, id, doc, lang, f, &b, &sha);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	char *body = arena_alloc(r->arena, b.len + 1);
	memcpy(body, b.data ? b.data : "", b.len);
	out->body = body;
	out->body_len = b.len;
	buf_free(&b);
	out->content_type = report_content_type(f);
	out->language = lang;
	if (f == REPORT_HTML)
		out->style_hash = doc_html_style_hash();
	if (f != REPORT_HTML)
		out->download = arena_printf(r->arena, "lia-%lld-%s", id, r->params[1]);
	if (sha) {
		out->etag = arena_printf(r->arena, "\"%s\"", sha);
		out->cache_control = "public, max-age=300";
	} else {
		out->cache_control = "no-store";
	}
	return 0;
}

static json_t *downloads(struct req *r, long long id, bool published)
{
	json_t *list = json_array();
	json_t *frozen = NULL;
	if (published && store_report_frozen_list(r->store, id, &frozen) != 0)
		frozen = NULL;
	static const struct {
		enum report_document doc;
		const char *title;
	} docs[] = {
		{REPORT_FULL, N_("The report")},
		{REPORT_LETTER, N_("The letter to the council")},
		{REPORT_EASY, N_("Summary in easy language")},
	};
	static const struct {
		enum report_format f;
		const char *label;
	} formats[] = {
		{REPORT_HTML, N_("Web page (HTML)")},
		{REPORT_PDF, N_("PDF")},
		{REPORT_MD, N_("Text (Markdown)")},
		{REPORT_CSV, N_("Figures as a spreadsheet (CSV)")},
		{REPORT_JSON, N_("Figures as JSON")},
	};
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		json_t *files = json_array();
		for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
			if (docs[d].doc != REPORT_FULL && (formats[k].f == REPORT_CSV || formats[k].f == REPORT_JSON))
				continue;
			const char *name = arena_printf(r->arena, "%s-%s.%s", report_document_name(docs[d].doc), r->lang,
			                                report_format_name(formats[k].f));
			const char *sha = NULL;
			size_t i;
			json_t *x;
			json_array_foreach(frozen, i, x)
				if (strcmp(json_string_value(json_object_get(x, "document")), report_document_name(docs[d].doc)) == 0 &&
				    strcmp(json_string_value(json_object_get(x, "lang")), r->lang) == 0 &&
				    strcmp(json_string_value(json_object_get(x, "format")), report_format_name(formats[k].f)) == 0)
					sha = json_string_value(json_object_get(x, "sha256"));
			json_array_append_new(files, json_pack("{s:s, s:s, s:s?}", "href",
			                                       arena_printf(r->arena, "/reports/%lld/%s", id, name), "label",
			                                       TR(r->lang, formats[k].label), "sha256", sha));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "title", TR(r->lang, docs[d].title), "files", files));
	}
	json_decref(frozen);
	return list;
}

/* The inside of a standalone HTML document (what is in <main>). */
static const char *main_of(struct req *r, const struct buf *b)
{
	const char *s = buf_cstr(b);
	/* "<main id=\"main\" tabindex=\"-1\">\n" (doc_html): the page has its own main and skip link. */
	const char *a = strstr(s, "<main"), *z = a ? strstr(a, "</main>") : NULL;
	a = a ? strstr(a, ">\n") : NULL;
	if (!a || !z || a > z)
		return arena_strdup(r->arena, s);
	a += 2;
	char *out = arena_alloc(r->arena, (size_t)(z - a) + 1);
	memcpy(out, a, (size_t)(z - a));
	out[z - a] = '\0';
	return out;
}

int page_report(struct req *r, struct resp *out)
{
	long long id;
	json_t *p = NULL;
	int rc = page_record(r, out, store_period, N_("reporting period"), no_report, &id, &p);
	if (rc)
		return rc;
	bool published = is_published(p);
	struct buf b = BUF_INIT;
	const char *sha = NULL;
	/* The page shows the same document as the HTML file: frozen once published. */
	rc = file_bytes(r, id, REPORT_FULL, r->lang, REPORT_HTML, &b, &sha);
	if (rc) {
		buf_free(&b);
		json_decref(p);
		return rc;
	}
	json_t *data = json_pack("{s:o, s:b, s:o, s:s?}", "period", p, "is_published", published, "downloads",
	                         downloads(r, id, published), "sha256", sha);
	out->template = "report";
	out->title = arena_printf(r->arena, TR(r->lang, N_("Progress report: %s")),
	                          json_string_value(json_object_get(p, "name")));
	out->data = data;
	if (!r->want_json) {
		/* The report's title and first line, then the downloads, then the rest. */
		const char *html = main_of(r, &b);
		const char *cut = strstr(html, "</p>\n");
		size_t head = cut ? (size_t)(cut - html) + 5 : 0;
		out->extra = json_pack("{s:s%, s:s}", "report_head", html, head, "report_body", html + head);
	} else {
		/* The figures as the JSON file has them (frozen once published). */
		struct buf j = BUF_INIT;
		const char *jsha = NULL;
		if ((rc = file_bytes(r, id, REPORT_FULL, r->lang, REPORT_JSON, &j, &jsha)) == 0) {
			json_t *fig = json_loadb(j.data ? j.data : "", j.len, 0, NULL);
			if (fig)
				json_object_set_new(data, "figures", fig);
			else
				rc = LIA_EINTERNAL;
		}
		buf_free(&j);
	}
	buf_free(&b);
	return rc;
}
