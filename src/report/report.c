/*
 * report: writing a period's documents in a format, the figures behind them
 * as CSV, and freezing them all when the period is published (see report.h).
 */
#include "report/report_internal.h"

#include "core/csvwrite.h"
#include "core/err.h"
#include "core/jsonget.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "store/report.h"

#include <stdlib.h>
#include <string.h>

/* The enums follow the order of the vocabulary's lists "report_format" and
 * "report_document" (report.h says so), so a code's position is its value. */
bool report_format_parse(const char *name, enum report_format *f)
{
	int i = vocab_index("report_format", name);
	if (i >= 0)
		*f = (enum report_format)i;
	return i >= 0;
}

bool report_document_parse(const char *name, enum report_document *d)
{
	int i = vocab_index("report_document", name);
	if (i >= 0)
		*d = (enum report_document)i;
	return i >= 0;
}

const char *report_format_name(enum report_format f)
{
	return vocab_code("report_format", (size_t)f);
}

const char *report_document_name(enum report_document d)
{
	return vocab_code("report_document", (size_t)d);
}

const char *report_content_type(enum report_format f)
{
	switch (f) {
	case REPORT_HTML: return "text/html; charset=utf-8";
	case REPORT_PDF: return "application/pdf";
	case REPORT_MD: return "text/markdown; charset=utf-8";
	case REPORT_CSV: return "text/csv; charset=utf-8";
	case REPORT_JSON: return "application/json";
	}
	return "application/octet-stream";
}

void report_csv(json_t *fig, const char *lang, struct buf *b)
{
	static const char *const head[] = {N_("Action point"), N_("Title"), N_("Theme"), N_("Status"), N_("Health"),
	                                   N_("Since the previous report"), N_("Previous status"), N_("Previous health"),
	                                   N_("Overdue"), N_("Updated in this period")};
	csvwrite_bom(b);
	for (size_t c = 0; c < sizeof(head) / sizeof(head[0]); c++) {
		if (c)
			csvwrite_sep(b);
		csvwrite_text(b, TR(lang, head[c]), false);
	}
	csvwrite_eol(b);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(fig, "actions"), i, a) {
		const char *cells[] = {jstr(a, "code"), jstr(a, "title"), jstr(a, "theme_name"), jstr(a, "status_label"),
		                       jstr(a, "health_label"), jstr(a, "change_label"), jstr(a, "prev_status_label"),
		                       jstr(a, "prev_health_label"),
		                       json_is_true(json_object_get(a, "is_overdue")) ? TR(lang, N_("yes")) : TR(lang, N_("no")),
		                       json_is_true(json_object_get(a, "is_updated")) ? TR(lang, N_("yes")) : TR(lang, N_("no"))};
		for (size_t c = 0; c < sizeof(cells) / sizeof(cells[0]); c++) {
			if (c)
				csvwrite_sep(b);
			csvwrite_text(b, cells[c], true);
		}
		csvwrite_eol(b);
	}
}

/* The template of the letter: the coordinator's, else lia's default. */
static char *letter_template(struct store *s, const char *lang)
{
	json_t *row = NULL;
	if (store_letter_template(s, lang, &row) != 0)
		return NULL;
	const char *t = json_is_object(row) ? json_string_value(json_object_get(row, "body_md")) : NULL;
	char *out = strdup(t ? t : report_letter_default(lang));
	json_decref(row);
	return out;
}

/* Write one document or the figures from figures already made (the letter
 * reads its template from the store). */
static int write_from(struct store *s, json_t *fig, const struct report_options *o, enum report_format f,
                      struct buf *out)
{
	if (f == REPORT_JSON) {
		char *j = json_dumps(fig, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
		if (!j)
			return LIA_EIO;
		buf_puts(out, j);
		buf_putc(out, '\n');
		free(j);
		return 0;
	}
	if (f == REPORT_CSV) {
		report_csv(fig, o->lang, out);
		return 0;
	}
	int rc = 0;
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "", o->lang);
	d->base_url = o->base_url;
	d->date = o->today;
	switch (o->document) {
	case REPORT_FULL:
		report_build_full(d, fig, o);
		break;
	case REPORT_EASY:
		report_build_easy(d, fig, o);
		break;
	case REPORT_LETTER: {
		char *t = letter_template(s, o->lang);
		rc = t ? report_build_letter(d, fig, t, o) : LIA_EDB;
		free(t);
		break;
	}
	}
	if (rc == 0) {
		if (f == REPORT_HTML)
			doc_html(d, !o->in_page, out);
		else if (f == REPORT_MD)
			doc_md(d, out);
		else
			rc = doc_pdf(d, out);
	}
	arena_free(a);
	return rc;
}

int report_write(struct store *s, const struct report_options *o, enum report_format f, struct buf *out)
{
	json_t *fig = NULL;
	int rc = report_figures(s, o->period_id, o->lang, &fig);
	if (rc == 0)
		rc = write_from(s, fig, o, f, out);
	json_decref(fig);
	return rc;
}

int report_bytes(struct store *s, const struct report_options *o, enum report_format f, struct buf *out,
                 char sha256[65])
{
	sha256[0] = '\0';
	json_t *meta = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = store_report_frozen(s, o->period_id, report_document_name(o->document), o->lang, report_format_name(f),
	                             &meta, &data, &len);
	if (rc == 0) {
		buf_append(out, data, len);
		snprintf(sha256, 65, "%s", json_string_value(json_object_get(meta, "sha256")));
		free(data);
		json_decref(meta);
		return 0;
	}
	return rc == LIA_ENOTFOUND ? report_write(s, o, f, out) : rc;
}

int report_letter_preview(json_t *fig, const char *template_md, const struct report_options *o, struct buf *out)
{
	struct arena *a = arena_new();
	struct doc *d = doc_new(a, "", o->lang);
	int rc = report_build_letter(d, fig, template_md, o);
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i].kind == DOC_HEADING)
			d->blocks[i].level = d->blocks[i].level + 2 > 6 ? 6 : d->blocks[i].level + 2;
	if (rc == 0)
		doc_html(d, false, out);
	arena_free(a);
	return rc;
}

int report_freeze_all(struct store *s, long long period_id, void *ctx)
{
	const char *now = ctx;
	char today[11] = "";
	if (now)
		snprintf(today, sizeof(today), "%.10s", now);
	const char *lang;
	for (size_t l = 0; (lang = vocab_code("language", l)); l++) {
		/* The figures once per language: every document and format is written from them. */
		json_t *fig = NULL;
		int rc = report_figures(s, period_id, lang, &fig);
		for (int doc = 0; rc == 0 && doc < 3; doc++) {
			for (int f = 0; rc == 0 && f < 5; f++) {
				/* The figures (CSV, JSON) belong to the report, not to each document. */
				if (doc != REPORT_FULL && (f == REPORT_CSV || f == REPORT_JSON))
					continue;
				struct report_options o = {.period_id = period_id, .lang = lang,
				                           .document = (enum report_document)doc, .today = today};
				struct buf b = BUF_INIT;
				rc = write_from(s, fig, &o, (enum report_format)f, &b);
				if (rc == 0)
					rc = store_report_freeze(s, period_id, report_document_name(o.document), lang,
					                         report_format_name((enum report_format)f), now ? now : "",
					                         b.data ? b.data : "", b.len);
				buf_free(&b);
			}
		}
		json_decref(fig);
		if (rc)
			return rc;
	}
	return 0;
}

int report_letter_fields(struct store *s, long long period_id, const char *lang, const char *today, json_t **out)
{
	json_t *fig = NULL;
	int rc = report_figures(s, period_id, lang, &fig);
	if (rc)
		return rc;
	struct arena *a = arena_new();
	struct report_options o = {.period_id = period_id, .lang = lang, .today = today};
	json_t *values = report_letter_values(fig, &o, a);
	static const char *const names[][2] = {
		{"municipality", N_("The name of the municipality")},
		{"place", N_("The name of the place, without \"Gemeente\": \"Nijmegen\"")},
		{"programme", N_("The name of the programme")},
		{"period", N_("The name of the reporting period")},
		{"period_start", N_("The first day of the period")},
		{"period_end", N_("The last day of the period")},
		{"previous_period", N_("The name of the previous reporting period")},
		{"date", N_("The date the letter is made")},
		{"partners", N_("The partner organisations, separated by commas")},
		{"events", N_("The events of this period with their dates, separated by commas; empty if there were none")},
		{"actions_total", N_("The number of action points")},
		{"actions_completed", N_("The number of completed action points")},
		{"actions_attention", N_("The number of action points that need attention (orange or red)")},
		{"actions_withdrawn", N_("The number of withdrawn action points")},
		{"actions_completed_since", N_("The number of action points completed since the previous report")},
		{"interviews", N_("The number of interviews in this period")},
		{"interview_themes", N_("The number of themes with an interview")},
		{"interview_holders", N_("The number of dossier holders interviewed")},
		{"interviews_text", N_("The interviews in words: \"1 interview\", \"10 interviews\"")},
		{"interview_themes_text", N_("The themes with an interview in words: \"1 theme\", \"7 themes\"")},
		{"interview_holders_text", N_("The dossier holders interviewed in words: \"1 dossier holder\", \"14 dossier holders\"")},
		{"first_report", N_("The day the council was first informed (the first published report); empty in the first report")},
		{"money", N_("Sentences about the money: each source apart, then what is allocated and spent")},
		{"highlights", N_("The good developments of this period, as a list")},
		{"outlook", N_("Looking ahead: the texts of this period")},
	};
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		json_t *v = json_object_get(values, names[i][0]);
		const char *text = json_is_string(v) ? json_string_value(v) : NULL;
		/* A field that is empty now ({{events}} in a period without events)
		 * says so, rather than showing nothing. */
		const char *value = !text ? arena_printf(a, "%lld", (long long)json_integer_value(v))
		                    : *text ? text : TR(lang, N_("(empty for this period)"));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "name", names[i][0], "description",
		                                      TR(lang, names[i][1]), "value", value));
	}
	json_decref(values);
	json_decref(fig);
	arena_free(a);
	*out = list;
	return 0;
}
