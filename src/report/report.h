/*
 * report: the progress report to the council, its cover letter and its
 * easy-read summary, for one reporting period, in every format. The figures
 * come from the store (store/report.h), the words from here and the
 * narratives; the document is built once (doc.h) and written as HTML, PDF or
 * Markdown. The numbers behind it are CSV and JSON.
 *
 * A published period's documents are frozen when it is published
 * (report_freeze_all, run inside the publishing transaction) and served as
 * stored from then on.
 */
#ifndef LIA_REPORT_REPORT_H
#define LIA_REPORT_REPORT_H

#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"

#include <stdbool.h>

/* In the order of the vocabulary's lists "report_document" and
 * "report_format" (core/vocab.c): a value is its code's position there. */
enum report_document { REPORT_FULL, REPORT_LETTER, REPORT_EASY };
enum report_format { REPORT_HTML, REPORT_PDF, REPORT_MD, REPORT_CSV, REPORT_JSON };

struct report_options {
	long long period_id;
	const char *lang;            /* "nl" or "en" */
	enum report_document document;
	const char *base_url;        /* links to lia's pages: "https://lia.example.nl"; NULL: paths */
	const char *today;           /* YYYY-MM-DD: the date the document is made */
	bool in_page;                /* HTML: only the blocks (inside a page of the site) */
};

/* Write a document (or, for CSV and JSON, the figures behind it). Returns 0,
 * LIA_ENOTFOUND (no such period), LIA_EDB or LIA_EIO. */
int report_write(struct store *s, const struct report_options *o, enum report_format f, struct buf *out);

/* The bytes of a file: as frozen when its period was published (sha256 set
 * to its checksum), or, when none was frozen (an open period), made now
 * (sha256 ""). Returns as report_write. */
int report_bytes(struct store *s, const struct report_options *o, enum report_format f, struct buf *out,
                 char sha256[65]);

/* The figures of a period's report, as JSON (also what report_write gives
 * for REPORT_JSON): counts per status, health and theme, changes since the
 * previous report, money per year, interviews. */
int report_figures(struct store *s, long long period_id, const char *lang, json_t **out);

/* Where the money comes from, each source by its name, so extra money is
 * never confused with a regular budget: "The money comes from Coalitieakkoord:
 * extra middelen: € 300.000 a year from 2023 to 2026, € 1.200.000 in all;
 * Regulier budget sociaal domein: € 75.000 in 2023." fig holds "fund_sources"
 * ([{name, year, amount_cents}] by name, then year), as the report's figures
 * do. page: for a page, "€" joined to its amount by a no-break space (as
 * money_format_nbsp). In the arena; NULL when there is no money recorded. The report, the
 * letter and the site's pages all say it with these words. */
const char *report_money_words(struct arena *a, json_t *fig, const char *lang, bool page);

/* Freeze every document of a published period (report, letter, easy-read;
 * nl and en; every format) in the store. A store_period_publish_with hook:
 * ctx is the date-time of publishing (const char *). */
int report_freeze_all(struct store *s, long long period_id, void *ctx);

/* Names used in file names and on the command line. */
bool report_format_parse(const char *name, enum report_format *f);
bool report_document_parse(const char *name, enum report_document *d);
const char *report_format_name(enum report_format f);
const char *report_document_name(enum report_document d);
const char *report_content_type(enum report_format f);

/* The cover letter's default template and its named fields, for the editor:
 * [{name, description (translated), value (now)}]. */
const char *report_letter_default(const char *lang);
/* The letter filled from fig (report_figures) with template_md, as HTML for
 * inside a page. LIA_EINVAL if the template cannot be read. */
int report_letter_preview(json_t *fig, const char *template_md, const struct report_options *o, struct buf *out);
int report_letter_fields(struct store *s, long long period_id, const char *lang, const char *today, json_t **out);

#endif
