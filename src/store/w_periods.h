/*
 * w_periods: writing reporting periods (open, publish) and narratives
 * (highlights and outlook). Every write runs in one transaction and records
 * an audit entry with before and after. A published period is frozen: its
 * progress updates are guarded by database triggers (0002), its narratives
 * by the checks here, inside the same transaction as the write.
 */
#ifndef LIA_STORE_W_PERIODS_H
#define LIA_STORE_W_PERIODS_H

#include "store/store.h"

/* Open a new period in the (first) programme with seq = the next number.
 * LIA_EINVAL if ends_on is before starts_on or it clashes with another
 * period (store_period_clash says which), LIA_ENOTFOUND if there is no
 * programme. Sets *id. */
STORE_MUST_CHECK int store_period_create(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                        const char *ends_on, long long *id);

/* The same with due dates (0012): by when the progress updates
 * (updates_due_on) and the experience experts' assessments
 * (assessments_due_on) are due, YYYY-MM-DD, NULL or "" for none. A due
 * date may lie inside the period or after it, never before its first day;
 * assessments are not due before updates. A broken rule is LIA_EINVAL with
 * *field the column and *why "before_start" or "before_updates"
 * (store_period_due_check). */
STORE_MUST_CHECK int store_period_create_due(struct store *s, const struct actor *a, const char *name,
                                             const char *starts_on, const char *ends_on, const char *updates_due_on,
                                             const char *assessments_due_on, const char **field, const char **why,
                                             long long *id);

/* Change an open period's due dates (audited as an update of the period).
 * LIA_ENOTFOUND if there is no such period, LIA_ECONFLICT if it is
 * published, LIA_EINVAL (with *field, *why) as store_period_create_due. */
STORE_MUST_CHECK int store_period_set_due(struct store *s, const struct actor *a, long long id,
                                          const char *updates_due_on, const char *assessments_due_on,
                                          const char **field, const char **why);

/* The due-date rules alone, without the database, for a form that checks
 * before it saves: 0, or LIA_EINVAL with *field and *why as above. */
int store_period_due_check(const char *starts_on, const char *updates_due_on, const char *assessments_due_on,
                           const char **field, const char **why);

/* One period as stored (id, programme_id, seq, name, starts_on, ends_on,
 * state, published_at, updates_due_on, assessments_due_on), whatever its
 * state. LIA_ENOTFOUND if there is none. */
STORE_MUST_CHECK int store_period_row(struct store *s, long long id, json_t **out);

/* Periods follow each other in time. The period a new one from starts_on to
 * ends_on (YYYY-MM-DD) would clash with: the first one it overlaps
 * (clash "overlap"), or else the latest one that ends on or after starts_on
 * (clash "earlier": the new one would go back in time). Sets *out to
 * {id, name, starts_on, ends_on, clash} (new reference), or NULL when the
 * new period may be opened. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_period_clash(struct store *s, const char *starts_on, const char *ends_on, json_t **out);

/* Publish an open period (state published, published_at = a->now), audited
 * as 'publish'. LIA_ENOTFOUND if it does not exist, LIA_ECONFLICT if it is
 * already published or an earlier period is still open (nothing changes). */
STORE_MUST_CHECK int store_period_publish(struct store *s, const struct actor *a, long long id);
/* The same, and inside the same transaction, after the period is marked
 * published, hook(s, id, ctx): it freezes the period's reports. If the hook
 * fails, nothing is published. */
STORE_MUST_CHECK int store_period_publish_with(struct store *s, const struct actor *a, long long id,
                              int (*hook)(struct store *s, long long id, void *ctx), void *ctx);

/* The open periods ({id, seq, name}), oldest first. */
STORE_MUST_CHECK int store_open_periods(struct store *s, json_t **out);

/* The latest open period, whose updates are being written now, with its due
 * dates: {id, name, updates_due_on, assessments_due_on} (dates NULL when
 * not set), or json null when no period is open. New reference. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_open_period_due(struct store *s, json_t **out);

/* One narrative with its period's state (period_state, period_name), or
 * LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_narrative(struct store *s, long long id, json_t **out);

/* A period's narratives in order: {"highlights": [...], "outlooks": [...]}.
 * With published_only, an open period gives empty lists (the public sees
 * narratives only once the period is published). */
STORE_MUST_CHECK int store_period_narratives(struct store *s, long long period_id, bool published_only, json_t **out);

/* Add or change a narrative (kind 'highlight' or 'outlook'). LIA_ENOTFOUND
 * if the period (or narrative) does not exist, LIA_ECONFLICT if its period
 * is published. store_narrative_create sets *id; a negative position puts
 * the new narrative after the others. */
STORE_MUST_CHECK int store_narrative_create(struct store *s, const struct actor *a, long long period_id, const char *kind,
                           const char *title, const char *body_md, long long position, long long *id);
STORE_MUST_CHECK int store_narrative_update(struct store *s, const struct actor *a, long long id, const char *kind,
                           const char *title, const char *body_md, long long position);

#endif
