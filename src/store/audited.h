/*
 * audited: what every audited write in the store does, written once. A
 * change reads the row before, checks, writes, reads the row after and
 * records both with db_audit, all inside the caller's WITH_TX, so a refused
 * write leaves neither a change nor an audit entry. Next to it the small
 * helpers each write file needs: a row that may be missing, optional text
 * bound as NULL or "", a column of rows as a list of ids, and "do these ids
 * exist". Private to src/store/ (it includes db.h).
 */
#ifndef LIA_STORE_AUDITED_H
#define LIA_STORE_AUDITED_H

#include "store/db.h"

#include <stddef.h>

/* How an entity appears in the audit log: its name there, and how its row
 * is read (the row the log shows before and after a change). read returns
 * 0 with a new reference in *out, LIA_ENOTFOUND or LIA_EDB. */
struct audited_entity {
	const char *name; /* "action_point" */
	int (*read)(struct store *s, long long id, json_t **out);
};

/* A write to make between reading the row before and after. before is
 * borrowed (the row as read by the entity's reader); ctx is the caller's.
 * Returns 0 or a negative LIA_E* code (the caller's transaction rolls back). */
typedef int (*audited_change_fn)(struct store *s, long long id, json_t *before, void *ctx);

/* Audit `action` on row id of e: reads the row as it is now and records it
 * against before (borrowed; NULL for a create). extra (borrowed, may be
 * NULL) is merged into the after row: what the row cannot show, like
 * "password_changed". Inside the caller's transaction. */
__attribute__((warn_unused_result))
int audited_record(struct store *s, const struct actor *a, const struct audited_entity *e, const char *action,
                   long long id, json_t *before, json_t *extra);

/* The whole audited update: read row id of e (LIA_ENOTFOUND if there is
 * none), run change, then audited_record with the row before. Inside the
 * caller's transaction (WITH_TX). */
__attribute__((warn_unused_result))
int audited_update(struct store *s, const struct actor *a, const struct audited_entity *e, const char *action,
                   long long id, audited_change_fn change, void *ctx);

/* A row from db_row as a result: 0 with *out set (the reference moves to
 * the caller), LIA_ENOTFOUND when there was no row, LIA_EDB when row is
 * NULL (the query failed). */
__attribute__((warn_unused_result))
int audited_found(json_t *row, json_t **out);

/* Rows from db_rows as a result: 0 with *out set (the reference moves to
 * the caller), or LIA_EDB when rows is NULL (the query failed). */
__attribute__((warn_unused_result))
int audited_list(json_t *rows, json_t **out);

/* The value of column col of every row, in order, as a new array. Takes
 * the reference to rows (NULL gives NULL: the query failed). */
json_t *audited_column(json_t *rows, const char *col);

/* sql counts the rows that match one id ("SELECT count(*) FROM theme WHERE
 * id = ?"): 0 when each of the n ids matches, LIA_EINVAL at the first that
 * does not, LIA_EDB when a query fails. */
__attribute__((warn_unused_result))
int audited_all_exist(struct store *s, const char *sql, const long long *ids, size_t n);

/* The same for one id. */
__attribute__((warn_unused_result))
static inline int audited_exists(struct store *s, const char *sql, long long id)
{
	return audited_all_exist(s, sql, &id, 1);
}

/* Optional text: empty binds SQL NULL (dates); NULL is stored as "". */
static inline const char *audited_or_null(const char *v)
{
	return v && *v ? v : NULL;
}

static inline const char *audited_or_empty(const char *v)
{
	return v ? v : "";
}

#endif
