/*
 * w_retention: how long each kind of data is kept (AVG art. 5(1)(e)), set by
 * the coordinator, and `lia purge`, which removes what is past its period
 * and records that it ran (counts, never content).
 */
#ifndef LIA_STORE_W_RETENTION_H
#define LIA_STORE_W_RETENTION_H

#include "store/store.h"

/* The periods: [{kind, days}] in the vocabulary's order of "retention_kind". 0 or LIA_EDB. */
STORE_MUST_CHECK int store_retention(struct store *s, json_t **out);

/* Set the period of kind (a code of "retention_kind") to days (1..3650),
 * audited. 0, LIA_EINVAL (unknown kind or days out of range) or LIA_EDB. */
STORE_MUST_CHECK int store_retention_set(struct store *s, const struct actor *a, const char *kind, long long days);

/*
 * Remove what is past its period at a->now: sign-in attempts; sessions that
 * ended or expired; the restricted notes of interviews whose period was
 * published (erased, their digest keys removed); uploaded files never
 * imported; access log entries. *counts gets {kind: number}. With dry_run
 * nothing changes and nothing is recorded; otherwise an audit entry
 * ("purge", entity "retention") holds the counts. 0, LIA_EINVAL (a->now
 * unreadable) or LIA_EDB (nothing removed then).
 */
STORE_MUST_CHECK int store_purge(struct store *s, const struct actor *a, bool dry_run, json_t **counts);

#endif
