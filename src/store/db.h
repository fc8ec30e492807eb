/*
 * db: the store's private SQL helpers, shared by the files in src/store/.
 * Statements are prepared once per connection and cached by their SQL text's
 * address (always a string literal). Parameters are bound from a type string:
 * 'i' long long, 'z' long long where 0 binds NULL (optional references),
 * 't' const char * (NULL binds SQL NULL), 'n' NULL (takes no argument).
 * Results become jansson values: a row is an object keyed by column name;
 * integer columns named is_* or *_checked become booleans.
 */
#ifndef LIA_STORE_DB_H
#define LIA_STORE_DB_H

#include "store/store.h"

#include <jansson.h>
#include <sqlite3.h>

#define DB_STMT_CACHE 96

struct store {
	sqlite3 *db;
	const char *stmt_sql[DB_STMT_CACHE];
	sqlite3_stmt *stmt[DB_STMT_CACHE];
	unsigned nstmt;
};

/* All rows as a JSON array of objects (new reference), or NULL on error (logged). */
json_t *db_rows(struct store *s, const char *sql, const char *types, ...);
/* The first row as an object, json_null() if there is none, NULL on error. */
json_t *db_row(struct store *s, const char *sql, const char *types, ...);
/* Run a statement that returns no rows. Returns 0 or LIA_EDB. */
int db_exec(struct store *s, const char *sql, const char *types, ...);
/* The first column of the first row as an integer; dflt if no row. LIA_EDB sets *err. */
long long db_int(struct store *s, int *err, long long dflt, const char *sql, const char *types, ...);
/* Run a script of several statements (no parameters). Returns 0 or LIA_EDB with *err. */
int db_script(struct store *s, const char *sql, char **err);

int db_begin(struct store *s);
int db_commit(struct store *s);
void db_rollback(struct store *s);

/* Group rows by a key: returns an object mapping the string form of each
 * row's `key` column to an array of its rows (the key column is kept). */
json_t *db_group(json_t *rows, const char *key);

/* For each row, set row[field] to grouped[string of row[key]] (an array from
 * db_group), or to an empty array when the group is missing. */
void db_attach(json_t *rows, const char *key, json_t *grouped, const char *field);

/* Current state of action points: the public sees the state of the latest
 * published update, signed-in users the latest of all. A query that needs it
 * is written as a macro of the view's name and kept in both versions:
 *   static const char *const sql_x[2] = DB_STATE_SQL(SQL_X);
 *   db_rows(s, sql_x[DB_STATE(v)], ...);                                   */
#define DB_STATE_SQL(m) {m("action_point_published"), m("action_point_current")}
#define DB_STATE(v) ((v)->drafts ? 1 : 0)

/* Return from the enclosing function with the result of `body` (an int
 * expression) run inside a write transaction: committed when it is 0, rolled
 * back otherwise, so a refused or failed write leaves nothing behind. */
#define WITH_TX(s, body) \
	do { \
		if (db_begin(s) != 0) \
			return LIA_EDB; \
		int rc_ = (body); \
		if (rc_ == 0) \
			rc_ = db_commit(s); \
		if (rc_ != 0) \
			db_rollback(s); \
		return rc_; \
	} while (0)

/* Record an audit entry for a change (inside the caller's transaction).
 * before/after may be NULL (create/delete); they are serialised, not kept. */
int db_audit(struct store *s, const struct actor *a, const char *action, const char *entity, long long id,
             json_t *before, json_t *after);

/* The id of the last inserted row. */
long long db_last_id(struct store *s);

#endif
