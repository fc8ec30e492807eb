/*
 * w_people: writing people and partner organisations, and reading them whole
 * for the members-only people page and the forms. Every write runs in one
 * transaction and records an audit entry with before and after.
 *
 * Contact details (e-mail, phone) and communication needs are personal data:
 * the functions here return them, so only members-only pages may call them.
 * Communication needs are stored only together with recorded consent.
 */
#ifndef LIA_STORE_W_PEOPLE_H
#define LIA_STORE_W_PEOPLE_H

#include "store/store.h"

struct person_input {
	const char *name;
	long long organisation_id;       /* 0: none */
	const char *job_title;
	const char *email;               /* NULL or "": none */
	const char *phone;
	bool is_municipal;
	bool is_experience_expert;
	const char *communication_needs; /* NULL or "": none */
	bool consent;                    /* the person agreed that needs are recorded */
};

/*
 * Create or change a person. Consent is recorded as consent_recorded_on: kept
 * when it was already recorded, else today (the date of a->now); cleared when
 * there are no needs and no consent. Returns 0, LIA_ENOTFOUND (update),
 * LIA_EINVAL with *field "organisation_id" (no such organisation) or
 * "communication_needs" (needs without consent), or LIA_EDB.
 */
STORE_MUST_CHECK int store_person_create(struct store *s, const struct actor *a, const struct person_input *in, const char **field,
                        long long *id);
STORE_MUST_CHECK int store_person_update(struct store *s, const struct actor *a, long long id, const struct person_input *in,
                        const char **field);

/* One person with every column and organisation name; LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_person_get(struct store *s, long long id, json_t **out);

/* All people with organisation, contact details, communication needs and
 * roles (role in the project group, account_role, action_count, interview_count). */
STORE_MUST_CHECK int store_people(struct store *s, json_t **out);

/* Organisations as choices: [{value, label}], municipalities first. */
STORE_MUST_CHECK int store_organisation_choices(struct store *s, json_t **out);

struct organisation_input {
	const char *kind;        /* municipality, partner, national */
	const char *name;
	const char *cbs_code;    /* NULL or "": none */
	const char *website;     /* NULL or "": none */
	const char *description;
};

/* Create or change an organisation. LIA_ECONFLICT with *field "cbs_code"
 * when another organisation has the code; LIA_EINVAL with *field "kind". */
STORE_MUST_CHECK int store_organisation_create(struct store *s, const struct actor *a, const struct organisation_input *in,
                              const char **field, long long *id);
STORE_MUST_CHECK int store_organisation_update(struct store *s, const struct actor *a, long long id,
                              const struct organisation_input *in, const char **field);
STORE_MUST_CHECK int store_organisation_get(struct store *s, long long id, json_t **out);

#endif
