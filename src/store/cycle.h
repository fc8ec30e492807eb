/*
 * cycle: where the reporting cycle of one period stands (q_cycle.c). One
 * computation of "what is still missing" (progress updates, the experience
 * experts' assessments, highlights, outlook, interviews per theme, money
 * warnings nobody has explained), read by both the coordinator's part of
 * My work on the home page and the checklist before publishing, so the two
 * never disagree. Plus the two personal lists of My work: a dossier
 * holder's action points and the updates that wait for an expert.
 */
#ifndef LIA_STORE_CYCLE_H
#define LIA_STORE_CYCLE_H

#include "store/store.h"

#include <jansson.h>

/*
 * What period period_id still misses, as the people who work on it see it
 * (drafts count). An action point is expected to have an update in the
 * period when it existed by the period's last day and either has one there
 * or is not completed or withdrawn (the /actions filter "needs an update"
 * uses the same rule). *out (new reference):
 *   period: {id, name, state, starts_on, ends_on, updates_due_on, assessments_due_on}
 *   updates_expected, updates_received, updates_missing, assessments_missing,
 *   highlights, outlooks, themes_without_interview, money_warnings_open: counts
 *   themes: [{id, name, expected, received, missing, interviews}] in theme order
 *   holders: [{id (person, null: no dossier holder), name (null), expected,
 *             received, missing}] by name, those without one last
 *   missing_updates: [{id, code, title, theme_id, theme, dossier_holder_id,
 *                      dossier_holder, due_on}] (action points)
 *   missing_assessments: [{id (update), action_id, code, title, theme, author,
 *                          created_at}]
 *   missing_interviews: [{id, name}] (themes without an interview in the period)
 *   money_warnings: the open warnings as store_fund_warnings lists them
 *                   (open_only; at most 50 per kind)
 * lang ("nl"/"en") picks the theme names. LIA_ENOTFOUND if there is no such
 * period; 0 or LIA_EDB.
 */
STORE_MUST_CHECK int store_cycle_missing(struct store *s, long long period_id, const char *lang, json_t **out);

/*
 * What store_cycle_missing counts, without its lists of action points,
 * interviews and money warnings (My work shows only the counts): the
 * counts are computed in SQL, so the cost hardly grows with the number of
 * action points. *out has store_cycle_missing's keys in its order, except
 * missing_updates, missing_interviews and money_warnings, and
 * missing_assessments only when assessments is true (an experience expert
 * sees that list). Same results as store_cycle_missing.
 */
STORE_MUST_CHECK int store_cycle_progress(struct store *s, long long period_id, const char *lang, bool assessments,
                                          json_t **out);

/*
 * A dossier holder's action points (person_id) with where they stand in
 * period period_id: [{id, code, title, theme, status, health, due_on,
 * is_overdue (past its own due date on the day of now, not finished),
 * is_received (has an update in the period), is_needed (no update yet and
 * not completed or withdrawn), update_id (the newest in the period, or
 * null)}], needed first, then by code. New reference. 0 or LIA_EDB.
 */
STORE_MUST_CHECK int store_cycle_holder(struct store *s, long long period_id, long long person_id, const char *lang,
                                        const char *now, json_t **out);

#endif
