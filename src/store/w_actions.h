/*
 * w_actions: writing action points and progress updates (with the
 * experience expert's assessment), plus the few reads the forms for them
 * need (choices, open periods, the raw rows to fill a form). Every write runs
 * in one transaction and records an audit entry with before and after, so a
 * refused write leaves nothing behind. Nothing is ever deleted: withdrawing
 * an action point appends a progress update with status 'vervallen', and
 * progress updates are append-only (the one change allowed is adding the
 * expert's assessment once, while the period is open; migration 0005).
 *
 * Refusals that belong to one field of a form come back as LIA_EINVAL (a
 * reference that does not exist, a missing explanation) or LIA_ECONFLICT (a
 * duplicate code, a published period, an assessment already given), with
 * *field set to the field's name, so pages can show the error next to it.
 */
#ifndef LIA_STORE_W_ACTIONS_H
#define LIA_STORE_W_ACTIONS_H

#include "store/store.h"

#include <stddef.h>

/* An action point as written. Strings are borrowed; "" or NULL for empty
 * optional text and dates; 0 for no dossier holder. */
struct action_input {
	const char *code;
	const char *title;
	const char *description;
	long long theme_id;
	long long dossier_holder_id;
	const char *starts_on; /* YYYY-MM-DD or empty */
	const char *due_on;    /* YYYY-MM-DD or empty; not before starts_on */
	const long long *partners; /* organisation ids */
	size_t npartners;
	const long long *articles; /* CRPD article numbers */
	size_t narticles;
};

/* Create (*id 0: sets *id) or change action point *id inside the caller's
 * transaction, audited as store_action_create and store_action_edit are; the
 * same refusals. For writes of many action points at once (the import). */
STORE_MUST_CHECK int store_action_put_in_tx(struct store *s, const struct actor *a, long long *id,
                                            const struct action_input *in, const char **field);

/* A progress update as written. author_id and expert_id may be 0 (none);
 * expert_id must be set when expert_assessment is not empty. Orange and red
 * health need cause, consequence and measures. */
struct update_input {
	long long action_point_id;
	long long period_id; /* must be open */
	const char *status;
	const char *health;
	const char *progress_md;
	const char *health_cause;
	const char *health_consequence;
	const char *health_measures;
	const char *holder_assessment;
	const char *expert_assessment;
	long long author_id;
	long long expert_id;
};

/* Create an action point; sets *id. Refusals (with *field): code taken
 * (ECONFLICT), theme, person, organisation or article unknown, due date
 * before start date (EINVAL). */
STORE_MUST_CHECK int store_action_create(struct store *s, const struct actor *a, const struct action_input *in, long long *id,
                        const char **field);
/* Change every field of action point id (partners and articles replaced).
 * LIA_ENOTFOUND if there is no such action point. */
STORE_MUST_CHECK int store_action_edit(struct store *s, const struct actor *a, long long id, const struct action_input *in,
                      const char **field);

/* Append a progress update; sets *id. Refusals (with *field): action point
 * unknown (ENOTFOUND), period unknown or published (period_id), a status or
 * health code unknown, orange/red without its explanation (the first missing
 * of health_cause, health_consequence, health_measures). */
STORE_MUST_CHECK int store_update_create(struct store *s, const struct actor *a, const struct update_input *in, long long *id,
                        const char **field);

/* Withdraw an action point: append an update with status 'vervallen',
 * health 'grijs' and the reason as its text, in period_id (must be open).
 * Never deletes. Sets *update_id. */
STORE_MUST_CHECK int store_action_withdraw(struct store *s, const struct actor *a, long long action_id, long long period_id,
                          long long author_id, const char *reason, long long *update_id, const char **field);

/* Add the experience expert's assessment to update id. LIA_ECONFLICT (field
 * "expert_assessment") when it already has one or its period is published;
 * LIA_ENOTFOUND when there is no such update. */
STORE_MUST_CHECK int store_update_assess(struct store *s, const struct actor *a, long long id, long long expert_id,
                        const char *text, const char **field);

/* A correction of one's own text in update_id: part "update" (the dossier
 * holder's update: status, health, progress, explanation, holder's
 * assessment) or "assessment" (the expert's assessment). */
struct correction_input {
	long long update_id; /* the version corrected */
	long long person_id; /* who corrects: must be that text's author */
	const char *part;    /* "update" or "assessment" */
	const char *status;
	const char *health;
	const char *progress_md;
	const char *health_cause;
	const char *health_consequence;
	const char *health_measures;
	const char *holder_assessment;
	const char *expert_assessment;
};

/* Append the corrected version of update in->update_id (a new row whose
 * corrects points at it; the old row never changes) and audit
 * the old version (an "update" whose after has corrected_in: the new id) and
 * "create" on the new one; sets *id to the new row.
 * Refusals set *field and *why: LIA_EFORBIDDEN "not_author" (only the
 * text's own author corrects it), LIA_ECONFLICT "published", "not_newest"
 * (a later version or update exists), "withdrawal", "no_assessment";
 * LIA_EINVAL with *field for a wrong value; LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_update_correct(struct store *s, const struct actor *a, const struct correction_input *in,
                                          long long *id, const char **field, const char **why);

/* The earlier versions of update id, newest first (empty when it was never
 * corrected): [{id, texts..., created_at, corrected_part, corrected_at,
 * corrected_by (a name)}]; a new reference in *out. */
STORE_MUST_CHECK int store_update_versions(struct store *s, long long id, json_t **out);

/* Reads for the forms; each returns 0 and a new reference in *out, or LIA_EDB.
 * The action point as stored: its columns (dates as "" when empty), with
 * partners (organisation ids) and articles (numbers) as arrays of integers,
 * and its current status; LIA_ENOTFOUND if there is none. */
STORE_MUST_CHECK int store_action_raw(struct store *s, long long id, json_t **out);
/* One progress update with its period's name and state and its action
 * point's code, title and dossier_holder_id; LIA_ENOTFOUND if none. */
STORE_MUST_CHECK int store_update_raw(struct store *s, long long id, json_t **out);
/* The current version of update id after its author's corrections, in
 * *by; 0 when id itself is the current version. */
STORE_MUST_CHECK int store_update_corrected_by(struct store *s, long long id, long long *by);
/* Options for the action point form, in lang: {"theme_id", "dossier_holder_id",
 * "partners", "articles"}, each an array of {value, label} (values as text). */
STORE_MUST_CHECK int store_action_choices(struct store *s, const char *lang, json_t **out);
/* The open reporting periods, latest first: [{value, label}] (may be empty). */
STORE_MUST_CHECK int store_update_periods(struct store *s, json_t **out);

#endif
