/*
 * report (store): what a progress report is made of (q_report.c), the
 * reports frozen when their period is published, and the cover letter's
 * template (w_report.c).
 */
#ifndef LIA_STORE_REPORT_H
#define LIA_STORE_REPORT_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * The data of the report of one period:
 * {"period", "previous" (the period before it, or null), "programme",
 *  "actions": [{id, code, title, theme_id, theme_name, created_at, status, health,
 *               is_updated (an update in this period), progress_md, health_cause,
 *               health_consequence, health_measures, holder_assessment,
 *               expert_assessment, holder_name, prev_status, prev_health}],
 *  "themes": [{id, name}], "interviews": [{id, held_on, theme_name, municipal,
 *  experts, holder_count}], "project_group": [{name, role, organisation}],
 *  "partners": [{name, kind}], "narratives": [{kind, title, body_md}],
 *  "survey": {round, year, respondents, share_percent, source_note} or null,
 *  "funds": [per year, as store_funds_years, up to the period's last year],
 *  "interview_holders": the number of different dossier holders interviewed,
 *  "events": [{id, name, starts_on, ends_on, location, participants}] that start in the period,
 *  "action_articles": [{action_point_id, number, title}] (the CRPD articles of each action point),
 *  "fund_sources": [{name, year, amount_cents}] of every year (commitments too), by name and year,
 *  "first_report": {id, name, ends_on, published_at} of the first published period, or null}
 * Action points created after the period's end are not part of it.
 * The state of an action point is the one at this period (later updates do
 * not count, nor those of another period that is still open); prev_* is its
 * state at the previous published period. Never restricted
 * interview notes. LIA_ENOTFOUND if there is no such period.
 */
STORE_MUST_CHECK int store_report_data(struct store *s, long long period_id, const char *lang, json_t **out);

/* The latest period: published only (published_only) or any. 0 if none. */
long long store_report_latest_period(struct store *s, bool published_only);

/* Keep a published report's bytes (inside the publishing transaction).
 * document: report, letter, easy; format: html, pdf, md, csv, json. */
STORE_MUST_CHECK int store_report_freeze(struct store *s, long long period_id, const char *document, const char *lang,
                        const char *format, const char *created_at, const void *data, size_t len);
/* A frozen report: *meta = {period_id, document, lang, format, created_at,
 * sha256}; *data (malloc'd) and *len. LIA_ENOTFOUND if it was not frozen. */
STORE_MUST_CHECK int store_report_frozen(struct store *s, long long period_id, const char *document, const char *lang,
                        const char *format, json_t **meta, char **data, size_t *len);
/* The frozen documents of a period: [{document, lang, format, created_at, sha256, bytes}]. */
STORE_MUST_CHECK int store_report_frozen_list(struct store *s, long long period_id, json_t **out);

/* Published periods without frozen reports (published before lia kept
 * them, or loaded as demo data): freeze(s, id, published_at) for each, in a
 * transaction per period. Returns 0 or the first error. */
STORE_MUST_CHECK int store_report_freeze_missing(struct store *s, int (*freeze)(struct store *s, long long id, void *ctx));

/* The cover letter's template in a language: {body_md, updated_at} or
 * json_null() when none was saved (then lia's default is used). */
STORE_MUST_CHECK int store_letter_template(struct store *s, const char *lang, json_t **out);
/* Saves the template of lang; with signatories (not NULL) also who signs
 * every letter (one per line, "name, function"; "" for none), in the same
 * transaction, each change audited. NULL leaves the signatories as they are. */
STORE_MUST_CHECK int store_letter_template_save(struct store *s, const struct actor *a, const char *lang, const char *body_md,
                                                const char *signatories);
/* Who signs the letter, as saved ("" when nobody is recorded); *out is the
 * caller's (json string). */
STORE_MUST_CHECK int store_letter_signatories(struct store *s, json_t **out);

#endif
