/*
 * national: the national picture (pages/national.c), the published state of
 * every municipality of a deployment side by side, with the totals next to
 * the national survey and the CRPD articles each municipality works on.
 */
#ifndef LIA_PAGES_NATIONAL_H
#define LIA_PAGES_NATIONAL_H

#include <jansson.h>

/* The page's data from the parts, all borrowed:
 *   items: [{municipality: {id, code, slug, name, is_example}, summary}],
 *     summary as store_published_summary gives it (store/national.h),
 *     in the order to show;
 *   survey: store_survey_latest's answer (or json null);
 *   articles: [{number, title}] of the CRPD, in the reader's language;
 *   lang: "nl" or "en" for the labels.
 * Returns a new object: {municipalities: [...], count, totals: {...},
 * phases: [...], survey, articles: [{number, title, count, percent}]}. */
json_t *national_picture(json_t *items, json_t *survey, json_t *articles, const char *lang);

#endif
