/*
 * w_interviews: writing interviews with their participants and action
 * points, and reading one interview whole (for its page and its form).
 * Every write runs in one transaction and records an audit entry with
 * before and after.
 *
 * The seed's method is enforced here, whatever the caller: an interview is
 * held by a duo, at least one municipal employee (person.is_municipal) and
 * at least one experience expert (person.is_experience_expert), with one or
 * more dossier holders. A refused write changes nothing.
 */
#ifndef LIA_STORE_W_INTERVIEWS_H
#define LIA_STORE_W_INTERVIEWS_H

#include "store/ids.h"
#include "store/store.h"

struct interview_input {
	long long theme_id;
	long long period_id;          /* 0: no reporting period */
	const char *held_on;          /* YYYY-MM-DD */
	const char *public_summary;
	const char *restricted_notes; /* may hold health data */
	struct id_list municipal;     /* interviewers from the municipality */
	struct id_list experts;       /* interviewers with lived experience */
	struct id_list holders;       /* dossier holders interviewed */
	struct id_list actions;       /* action points discussed */
	bool keep_notes;              /* update: leave restricted_notes as they are (the editor may not read them) */
};

/*
 * Create or change an interview. Returns 0, LIA_ENOTFOUND (update: no such
 * interview), LIA_EINVAL with *field set to the name of the input that is
 * wrong ("theme_id", "period_id", "municipal_ids", "expert_ids",
 * "holder_ids", "action_ids": an id that does not exist or does not fit, or
 * a missing half of the duo), LIA_ECONFLICT with *field "period_id" when the
 * interview's period (old or new) is published and so frozen, or LIA_EDB.
 * *field is a static string or NULL.
 */
STORE_MUST_CHECK int store_interview_create(struct store *s, const struct actor *a, const struct interview_input *in,
                           const char **field, long long *id);
STORE_MUST_CHECK int store_interview_update(struct store *s, const struct actor *a, long long id,
                           const struct interview_input *in, const char **field);

/*
 * One interview: its fields, period (name, state), theme, interviewers,
 * dossier_holders and actions, plus the id lists municipal_ids, expert_ids,
 * holder_ids, action_ids (strings, as a form holds them). restricted_notes
 * only when `restricted` is true. LIA_ENOTFOUND when it does not exist or,
 * for a viewer without drafts, does not belong to a published period.
 */
STORE_MUST_CHECK int store_interview_get(struct store *s, const struct viewer *v, long long id, bool restricted, json_t **out);

/*
 * The choices for the interview form: {"themes", "periods" (open ones),
 * "municipal", "experts", "holders": [{value, label}], "action_groups":
 * [{theme_id, theme, actions: [{value, label}]}]}.
 */
STORE_MUST_CHECK int store_interview_choices(struct store *s, const struct viewer *v, json_t **out);

#endif
