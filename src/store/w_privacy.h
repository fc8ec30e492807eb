/*
 * w_privacy: erasure (AVG art. 17), a person's data as one document (art.
 * 15 and 20), the consent to be named in publications, and keeping the
 * database file free of erased text. Every change runs in one transaction
 * and is audited without the content of sensitive fields (sensitive.c).
 */
#ifndef LIA_STORE_W_PRIVACY_H
#define LIA_STORE_W_PRIVACY_H

#include "store/store.h"

/*
 * Replace person id by a tombstone: the name becomes "Persoon ID", contact
 * details, job title, communication needs and consents are cleared; their
 * accounts get an address that cannot be signed in with, no password, and
 * are disabled, with their sessions ended and tokens revoked; their failed
 * and successful sign-in attempts are removed; the digest keys of the
 * person and their accounts are removed. The person's id stays, so
 * interviews, action points and updates keep their shape. The audit entry
 * ("erase") names the fields, never their content.
 * *frozen (may be NULL) gets the published reports (period_id, document,
 * lang, format) whose text still holds the old name: frozen reports never
 * change (docs/privacy/README.md). Returns 0, LIA_ENOTFOUND, LIA_ECONFLICT
 * (already erased) or LIA_EDB.
 */
STORE_MUST_CHECK int store_person_erase(struct store *s, const struct actor *a, long long id, json_t **frozen);

/*
 * Erase the restricted notes of interview id, whatever the state of its
 * period (the only change a published period allows, see 0016), and remove
 * the key of their digests. Returns 0, LIA_ENOTFOUND or LIA_EDB.
 */
STORE_MUST_CHECK int store_notes_erase(struct store *s, const struct actor *a, long long id);

/* Person id as the privacy page shows them: {id, name, named_in_publications
 * (0/1), erased_at}. 0, LIA_ENOTFOUND or LIA_EDB. */
STORE_MUST_CHECK int store_person_privacy(struct store *s, long long id, json_t **out);

/* Record whether person id agreed to be named in published reports
 * (audited when it changes). 0, LIA_ENOTFOUND, LIA_ECONFLICT (erased) or LIA_EDB. */
STORE_MUST_CHECK int store_person_set_named(struct store *s, const struct actor *a, long long id, bool named);

/*
 * Every row that refers to person id or one of their accounts, as
 * {"person": ..., "tables": {"TABLE": [rows]...}}, from the list of
 * references in privacy_refs (password hashes and token digests left out).
 * Returns 0, LIA_ENOTFOUND or LIA_EDB.
 */
STORE_MUST_CHECK int store_person_export(struct store *s, long long id, json_t **out);

/* The columns that refer to people or accounts, as the export knows them:
 * table, column and what it refers to ("person" or "user_account"). Ends
 * with a NULL table. The unit test checks it against the schema. */
struct privacy_ref {
	const char *table, *column, *refers;
	const char *sql; /* its rows for one person id (a literal: the statement cache keys on it) */
};
extern const struct privacy_ref privacy_refs[];

/* Make erased text unreadable in the files too: SQLite checkpoints the WAL
 * into the database (TRUNCATE) and rebuilds the file (VACUUM; with
 * secure_delete on, freed pages are zeroed); PostgreSQL vacuums the tables
 * erasure writes. Outside a transaction. Returns 0 or LIA_EDB. */
STORE_MUST_CHECK int store_compact(struct store *s);

#endif
