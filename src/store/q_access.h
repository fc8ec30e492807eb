/*
 * q_access: the access log (BIO 12.4.1, ASVS V7): who read which sensitive
 * data, or was refused, when and from which address; never the content. And
 * who may read an interview's restricted notes: the coordinator, the
 * interview's duo (the accounts of its interviewers), and accounts the
 * coordinator granted them to (interview_grant, audited).
 */
#ifndef LIA_STORE_Q_ACCESS_H
#define LIA_STORE_Q_ACCESS_H

#include "store/store.h"

struct access_entry {
	const char *at;         /* UTC ISO 8601 */
	long long user_id;      /* 0: nobody signed in */
	const char *address;    /* the client's address */
	const char *request_id;
	const char *what;       /* restricted_notes, people, person, audit, sign_in, lock_out, forbidden, role */
	const char *entity;     /* NULL or the record read (interview, person, a path for forbidden) */
	long long entity_id;    /* 0: none */
	long long person_id;    /* 0, or whose data it is */
	bool allowed;
};

/* Append one entry (its own statement, outside any read snapshot). 0 or LIA_EDB. */
STORE_MUST_CHECK int store_access_record(struct store *s, const struct access_entry *e);

/* The reads of person id's data, newest first, at most limit:
 * [{id, read_at, user_id, user_email, address, what, entity, entity_id, allowed}]. */
STORE_MUST_CHECK int store_access_about(struct store *s, long long person_id, long long limit, json_t **out);

/* May account user_id (role, linked to person_id or 0) read interview id's
 * restricted notes? Sets *may. 0 or LIA_EDB. */
STORE_MUST_CHECK int store_notes_may_read(struct store *s, long long user_id, const char *role, long long person_id,
                                          long long interview_id, bool *may);

/* Let account user_id read interview id's notes, or no longer (audited as
 * grant / revoke). 0, LIA_ENOTFOUND (no such interview or account) or LIA_EDB. */
STORE_MUST_CHECK int store_notes_grant(struct store *s, const struct actor *a, long long interview_id, long long user_id,
                                       bool grant);

/* The accounts granted interview id's notes: [{user_id, email, display_name, granted_at}]. */
STORE_MUST_CHECK int store_notes_grants(struct store *s, long long interview_id, json_t **out);

#endif
