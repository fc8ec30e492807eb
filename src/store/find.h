/*
 * find: reads that help people find things: action points by filter
 * (q_actions.c), full-text search (q_search.c) and the published updates and
 * reports that the Atom feeds show (q_feeds.c). Kept apart from store.h so
 * that these reads can grow without touching the store's main header.
 */
#ifndef LIA_STORE_FIND_H
#define LIA_STORE_FIND_H

#include "core/row.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>

/* What an action point list is narrowed to; zero, NULL and false mean "any".
 * Every filter applies to what the viewer sees (the public: the published
 * state). needs_update is a signed-in notion (it tells whether a draft
 * update exists): for the public it matches nothing. */
struct action_filter {
	long long theme_id;
	const char *status;  /* a code of the vocabulary list "action_status" */
	const char *health;  /* a code of the list "health" */
	long long holder_id; /* the dossier holder (a person) */
	long long article;   /* a CRPD article number, 1-50 */
	bool overdue;        /* past its due date (v->now) and not finished */
	bool needs_update;   /* no update yet in the latest open period */
};

/* The action points that match f, per theme, as an array of rows (new
 * reference): each with is_overdue, and for signed-in viewers
 * is_needs_update. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_actions_find(struct store *s, const struct viewer *v, const struct action_filter *f,
                                        json_t **out);

/* The same action points one row at a time, without a tree (the list's
 * page, its JSON and its export): *out is the caller's (store_actions_close,
 * before any other read on s and before its transaction ends), *count how
 * many rows it gives. store_actions_next gives each row (the list's until
 * the next call) with the fields of a store_actions_find row, in the order
 * of its keys: 1, 0 when there are no more, or LIA_EDB. */
struct store_action_rows;
STORE_MUST_CHECK int store_actions_open(struct store *s, const struct viewer *v, const struct action_filter *f,
                                        struct store_action_rows **out, long long *count);
int store_actions_next(struct store_action_rows *l, struct row **row);
void store_actions_close(struct store_action_rows *l);

/* The texts of every action point that a list leaves out, for the CSV
 * export: an object keyed by the action point's id as text, each {description,
 * articles ("4, 9, 27": CRPD article numbers), partners ("A, B": names)}.
 * New reference. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_actions_texts(struct store *s, json_t **out);

/* What the filters offer: {"themes": [{id, name}], "holders": [{id, name}]
 * (people who hold an action point), "articles": [{number, title}] (articles
 * some action point works on)}, a new reference. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_action_filter_choices(struct store *s, const struct viewer *v, json_t **out);

/* Full-text search for the words of q (as typed; the store turns them into
 * its engine's query) over action points, progress updates, public interview
 * summaries and events, as the viewer may see them (the public: published
 * periods only). *out is a new array of hits, best first, at most `limit`:
 * {kind ("action", "update", "interview", "event"), id, title, snippet,
 * action_id (updates), period (updates)}, where snippet marks each matched
 * word with the bytes STORE_MARK_OPEN and STORE_MARK_CLOSE (never in stored
 * text). q without a word gives an empty array. 0 or LIA_EDB. */
#define STORE_MARK_OPEN '\x01'
#define STORE_MARK_CLOSE '\x02'
STORE_MUST_CHECK int store_search(struct store *s, const struct viewer *v, const char *q, int limit, json_t **out);

/* Published progress updates for a feed, newest first, at most limit: the
 * whole programme (both ids 0), one theme or one action point. Rows: {id,
 * action_id, code, title, theme_id, theme, period, status, health,
 * progress_md, published_at, created_at}. Only published periods, whoever
 * asks: a feed reader is never signed in. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_feed_updates(struct store *s, const char *lang, long long theme_id, long long action_id,
                                        int limit, json_t **out);

/* Published reports for a feed, newest first: {id, name, starts_on,
 * ends_on, published_at}. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_feed_reports(struct store *s, json_t **out);

#endif
