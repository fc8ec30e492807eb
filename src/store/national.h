/*
 * national: what one municipality's database says about itself to the
 * national picture (q_national.c), published data only, and the national
 * survey figures to set the totals against. The national page
 * (pages/national.c) puts the summaries of every municipality together.
 */
#ifndef LIA_STORE_NATIONAL_H
#define LIA_STORE_NATIONAL_H

#include "store/store.h"

/* The published summary of the municipality of this store (a connection
 * scoped to one municipality):
 *   {organisation, cbs_code, title, is_example, phase (programme.lia_phase),
 *    themes: [{slug, name_nl, name_en}],
 *    reports: published periods, last_reported: published_at of the latest
 *    (null when none), as_of: {id, seq, name, ends_on} of the latest
 *    published period (null when none),
 *    actions: action points in all,
 *    by_status: {code: n} and by_health: {code: n}, every code of the
 *    vocabulary's lists, as of the latest published report (an action
 *    point without a published update counts as not started, grey),
 *    articles: [n, ...] the CRPD articles 5-30 of the action points that
 *    are in a published report, ascending}.
 * Drafts (open periods) change nothing in it. LIA_ENOTFOUND when the
 * database holds no programme; 0 or LIA_EDB otherwise. */
STORE_MUST_CHECK int store_published_summary(struct store *s, json_t **out);

/* The national survey figures (lia_survey, the flitspeiling of Movisie and
 * VNG): the latest round with phase shares, as {round, year, respondents,
 * source_note, phases: [{phase, share_percent}]}; json null when there is
 * none. */
STORE_MUST_CHECK int store_survey_latest(struct store *s, json_t **out);

/* Every municipality of registry (as store_municipalities lists it) with its
 * published summary, for the national picture: [{municipality, summary}]
 * in the registry's order; a municipality without a programme gets an
 * empty summary (phase in_ontwikkeling, nothing published). s is the
 * request's connection (municipality 1, may be inside the page's read
 * transaction; on PostgreSQL it is scoped to each municipality in turn and
 * given back as it came), p its pool. Summaries are kept per municipality
 * and data version, so a page reads only those that changed
 * (q_national_all.c). 0 or LIA_EDB. */
STORE_MUST_CHECK int store_published_summaries(struct store *s, struct store_pool *p, json_t *registry, json_t **out);

/* A number that moves whenever anything the national picture shows changes
 * in any municipality of the deployment served by p, committed by this
 * process or another, for the cache of that page (at the root): on
 * PostgreSQL store_data_version (one counter for the deployment); on SQLite
 * the sum of every file's lia_national_version (0020), which only grows and
 * moves with published data, the registry and the survey only (pool.c).
 * Its numbers are not the municipality 1's data versions: the page is
 * cached in a scope of its own. 0, LIA_EDB or LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_deployment_version(struct store_pool *p, unsigned long long *out);

#endif
