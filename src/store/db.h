/*
 * db: the store's private SQL helpers, shared by the files in src/store/.
 * Two engines sit behind them, SQLite (sqlite.c) and PostgreSQL (pg.c); only
 * those two files know their engine's API, and db.c picks one per connection.
 * Statements are prepared once per connection and cached by their SQL text's
 * address (always a string literal). SQL is written with `?` (or `?N`)
 * placeholders; the PostgreSQL engine turns them into $N once, when it
 * prepares a statement. Parameters are bound from a type string:
 * 'i' long long, 'z' long long where 0 binds NULL (optional references),
 * 't' const char * (NULL binds SQL NULL), 'n' NULL (takes no argument),
 * 'b' bytes: two arguments, const void * and size_t (a BLOB / bytea).
 * Results become jansson values: a row is an object keyed by column name;
 * integer columns named is_* or *_checked become booleans (other booleans,
 * which only PostgreSQL has, become 0 or 1 as SQLite gives them).
 */
#ifndef LIA_STORE_DB_H
#define LIA_STORE_DB_H

#include "core/row.h"
#include "store/ids.h"
#include "store/store.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define DB_STMT_CACHE 96

enum db_kind { DB_SQLITE, DB_PG };
/* What a transaction may do (db_engine.begin). */
enum db_tx { DB_TX_READ, DB_TX_WRITE, DB_TX_DEPLOYMENT };

/* A SQLite file that is lia's carries this application_id ("lia!"). */
#define DB_LIA_APPLICATION_ID 0x6c696121

/* What an engine does; the va_lists hold the parameters of `types`. */
struct db_engine {
	/* Up to limit rows (0: all) as an array of objects; NULL on error (logged). */
	json_t *(*rows)(struct store *s, size_t limit, const char *sql, const char *types, va_list ap);
	/* Run once; when a row comes back with a non-NULL first column, *v is it. */
	int (*once)(struct store *s, long long *v, const char *sql, const char *types, va_list ap);
	/* Run once without waiting for another connection's write: 0,
	 * LIA_ECONFLICT (not logged) while one holds the writer, LIA_EDB.
	 * NULL: once (the engine's row updates need no writer lock). */
	int (*once_nowait)(struct store *s, const char *sql, const char *types, va_list ap);
	/* The first column of the first row as bytes (malloc'd, NUL-terminated). */
	int (*blob)(struct store *s, char **data, size_t *len, const char *sql, const char *types, va_list ap);
	int (*script)(struct store *s, const char *sql, char **err);
	/* Start a read-only snapshot, a write transaction (serialised: waits
	 * for the other writers of its municipality) or a write transaction of
	 * the whole deployment (waits for every writer, as a migration must). */
	int (*begin)(struct store *s, enum db_tx mode);
	bool (*in_tx)(struct store *s);
	/* A statement's rows one at a time (db_open, db_next, db_close). */
	struct db_cursor *(*cursor_open)(struct store *s, const char *sql, const char *types, va_list ap);
	int (*cursor_next)(struct db_cursor *c, struct row *row);
	void (*cursor_close)(struct db_cursor *c);
	long long (*last_id)(struct store *s);
	void (*close)(struct store *s);
};

/* An open statement whose rows are read one at a time. Each engine's own
 * cursor starts with this one. */
struct db_cursor {
	const struct db_engine *engine;
	unsigned long long shape; /* of its rows (row.h), from the first; 0 before it */
};

/* One connection. Each engine's own struct starts with this one. */
struct store {
	const struct db_engine *engine;
	enum db_kind kind;
	long long municipality_id; /* the municipality it serves (1 unless store_open_municipality says) */
	char *deployment;          /* --db of the deployment: the registry's file or URI (malloc'd) */
	bool wrote;                /* began a write transaction, or ran db_exec outside one, since the pool last looked (store_pool_release) */
};

/* PostgreSQL: serve another municipality on this connection (sets
 * lia.municipality unless it is already right). 0 or LIA_EDB (logged).
 * Outside a transaction only. */
int db_pg_scope(struct store *s, long long municipality_id);
/* PostgreSQL, inside the caller's transaction: read as another
 * municipality until the transaction ends (set_config(..., true)), when the
 * connection's own municipality applies again; the connection still
 * serves its own. Outside a transaction it is db_pg_scope. 0 or LIA_EDB. */
int db_pg_scope_tx(struct store *s, long long municipality_id);

/* PostgreSQL: LISTEN on channel on this connection (store/version.c keeps
 * one connection doing only that). 0 or LIA_EDB (logged). */
int db_pg_listen(struct store *s, const char *channel);
/* What db_pg_wait saw. */
enum { DB_WAIT_NOTIFIED = 0, DB_WAIT_TIMEOUT = 1, DB_WAIT_WOKEN = 2, DB_WAIT_OTHER = 3 };
/* PostgreSQL: wait up to timeout_ms (-1: no end) for notifications on s,
 * or until wake_fd (-1: none) can be read. The payload of the last one, if
 * it is a number, is put in *last. DB_WAIT_NOTIFIED, DB_WAIT_TIMEOUT,
 * DB_WAIT_WOKEN (nothing read from wake_fd), DB_WAIT_OTHER (the server sent
 * something else: ask whether the connection still works), or LIA_EDB when
 * the connection is lost (or LIA_EIO). */
int db_pg_wait(struct store *s, int wake_fd, int timeout_ms, long long *last);
/* PostgreSQL: is the connection still up, as far as libpq knows? (A
 * statement on a lost one would connect again, without its LISTEN.) */
bool db_pg_connected(struct store *s);

/* PostgreSQL, as a connection leaves the pool: a session the server ended
 * while it sat idle (an administrator's pg_terminate_backend, a restart) is
 * found now, by what the server sent before it closed, and made again, so
 * the request does not fail on it. One poll when nothing came. */
void db_pg_check_idle(struct store *s);

/* The migrations this lia knows for an engine (migrate.c), in the order they
 * run: by number, the portable file of a number before the engine's own.
 * Fills list (at most max) and returns the count. db_migration_number is a
 * migration's number (its file name's NNNN). */
#define MIGRATIONS_MAX 64
struct asset;
unsigned db_migrations(enum db_kind kind, const struct asset **list, unsigned max);
int db_migration_number(const struct asset *a);

/* The engines' constructors, called by store_open (db.c) only. */
int db_sqlite_open(const char *path, int flags, struct store **out, char **err);
int db_pg_open(const char *uri, int flags, struct store **out, char **err);
/* SQLite: the bytes of s's database as a file of it would hold them
 * (sqlite3_serialize: what is committed, the WAL's pages included), in
 * *data (malloc'd) and *len. 0, or LIA_EDB when s is not SQLite or SQLite
 * cannot make them. */
int db_sqlite_image(struct store *s, void **data, size_t *len);

/* Where SQLite and PostgreSQL cannot share one text, both are written next
 * to each other and this picks one: DB_SQL(s, "strftime(...)", "to_char(...)").
 * Both must be string literals (the statement cache keys on the address). */
#define DB_SQL(s, sqlite_text, pg_text) ((s)->kind == DB_PG ? (pg_text) : (sqlite_text))

/* malloc'd printf, for error messages (db.c). */
char *db_errdup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sql with its ? and ?N placeholders written as $N, as PostgreSQL wants
 * them (malloc'd); string literals, quoted names and -- comments are left
 * alone. *nparams is the highest number used. A bare ? is one more than the
 * highest so far, as in SQLite. */
char *db_sql_dollar(const char *sql, int *nparams);

/* Flag columns (is_*, *_checked) become JSON booleans (db.c). */
bool db_is_flag(const char *name);

/* Is the connection inside a transaction (then a caller's snapshot or write
 * is already there)? */
bool db_in_tx(struct store *s);

/* The first column of the first row as bytes into *data (malloc'd, with a
 * NUL after the len bytes, so text callers may use it as a string): 0,
 * LIA_ENOTFOUND without a row, LIA_EDB. */
STORE_MUST_CHECK int db_blob(struct store *s, char **data, size_t *len, const char *sql, const char *types, ...);

/* All rows as a JSON array of objects (new reference), or NULL on error (logged). */
json_t *db_rows(struct store *s, const char *sql, const char *types, ...);
/* The rows of sql one at a time, without a JSON tree: db_open runs it (NULL
 * on error, logged); each db_next puts the next row in *row (reset first;
 * the same types as db_rows: flags as booleans) and returns 1, or 0 when
 * there is none left, or LIA_EDB (logged). The row's values are the
 * cursor's until the next db_next or db_close. db_close (NULL: no-op) must
 * come before any other statement on the connection, and before the
 * transaction ends. SQLite steps the statement; PostgreSQL holds one result. */
struct db_cursor *db_open(struct store *s, const char *sql, const char *types, ...);
int db_next(struct db_cursor *c, struct row *row);
void db_close(struct db_cursor *c);
/* The first row as an object, json_null() if there is none, NULL on error. */
json_t *db_row(struct store *s, const char *sql, const char *types, ...);
/* Run a statement that returns no rows. Returns 0 or LIA_EDB. */
int db_exec(struct store *s, const char *sql, const char *types, ...);
/* As db_exec, but when another connection holds the writer (SQLite), it
 * gives up at once with LIA_ECONFLICT and logs nothing: for writes that may
 * be left out (a session's last activity) rather than hold a thread. */
int db_exec_nowait(struct store *s, const char *sql, const char *types, ...);
/* The first column of the first row as an integer; dflt if no row. LIA_EDB sets *err. */
long long db_int(struct store *s, int *err, long long dflt, const char *sql, const char *types, ...);
/* Run a script of several statements (no parameters). Returns 0 or LIA_EDB with *err. */
STORE_MUST_CHECK int db_script(struct store *s, const char *sql, char **err);

/* The deployment's version of what the national picture reads (pool.c):
 * on SQLite the sum over all municipalities' files of their
 * lia_national_version counters (0020), so it moves with any commit that
 * changes what the page shows, from any process; each counter is read on
 * its file's watcher when the file was written since it was last read (an
 * inotify watch on their folder; without one, every time). On PostgreSQL
 * store_data_version. 0, LIA_EDB or LIA_ENOTFOUND (a file that cannot be
 * opened, logged). */
STORE_MUST_CHECK int store_national_version(struct store_pool *p, unsigned long long *out);

/* The database's data version (lia_data_version) as this connection reads
 * it now (version.c): changes when anyone commits a change. 0 or LIA_EDB. */
STORE_MUST_CHECK int db_data_version(struct store *s, long long *out);

/*
 * PostgreSQL: a connection that LISTENs for changes to the data (version.c),
 * with a thread of its own, so the server knows the data version without
 * asking the database each time. Its numbers are its own (the top bit set),
 * apart from lia_data_version's.
 */
struct version_listener;
/* Starts listening on a connection to uri; NULL if no thread can be made
 * (logged). While it cannot connect it tries again every second. */
struct version_listener *version_listener_start(const char *uri);
void version_listener_stop(struct version_listener *l);
/* The version, when the listener is connected and listening (true). */
bool version_listener_get(struct version_listener *l, unsigned long long *out);
/* s, a connection of this process, began a write transaction and has
 * ended it: the counter is read on s, and the version moves now if it
 * changed (else the listener may count it only when it is notified). */
void version_listener_wrote(struct version_listener *l, struct store *s);

STORE_MUST_CHECK int db_begin(struct store *s);
/* A write transaction no other write of the deployment runs beside: on
 * PostgreSQL, where a write waits only for the writers of its own
 * municipality, this one waits for all of them and they for it (migrations).
 * On SQLite it is db_begin: each file has one writer anyway. */
STORE_MUST_CHECK int db_begin_deployment(struct store *s);
STORE_MUST_CHECK int db_commit(struct store *s);
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
/* A person's name (alias p) as the viewer may see it: signed in (the
 * viewer who sees drafts), every name; the public only the names of people
 * who agreed to be named (person.named_in_publications, AVG art. 6 and 21,
 * as in a published report) and '' for the others, which pages show as
 * "(name not published)". Its parameter is DB_NAMES(v), an "i". */
#define DB_SEEN(p, col) DB_SEEN_AT(p, col, "?")
/* The same with the parameter named (a numbered one, such as "?3"). */
#define DB_SEEN_AT(p, col, param) \
	"CASE WHEN " param " = 1 OR " DB_NAMED(p) " THEN " p "." col " ELSE '' END"
#define DB_NAMED(p) p ".named_in_publications = 1"
#define DB_SEEN_NAME(p) DB_SEEN(p, "name")
#define DB_NAMES(v) ((long long)((v)->drafts ? 1 : 0))
/* For ORDER BY: the named first (its parameter too is DB_NAMES(v)). */
#define DB_UNSEEN(p) "CASE WHEN ? = 1 OR " DB_NAMED(p) " THEN 0 ELSE 1 END"
/* A progress update row (alias u) is current when no correction replaced it
 * (migration 0013): counts, lists and feeds show current versions only. */
#define DB_UPDATE_CURRENT(u) "NOT EXISTS (SELECT 1 FROM progress_update cx WHERE cx.corrects = " u ".id)"

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
STORE_MUST_CHECK int db_audit(struct store *s, const struct actor *a, const char *action, const char *entity, long long id,
             json_t *before, json_t *after);

/* --- sensitive fields (sensitive.c) ------------------------------------------ */

/* Does field of an entity's record hold personal or health data (the one list)? */
bool db_is_sensitive(const char *entity, const char *field);
/* Replace every sensitive string field of doc (a record of entity id, as the
 * audit log keeps it) by "digest:" and its keyed digest, and drop joined
 * names, in place. Makes the record's key if needed. Returns 0 or LIA_EDB. */
STORE_MUST_CHECK int db_protect(struct store *s, const char *entity, long long id, json_t *doc);
/* Remove the digest key of a record: its old digests can no longer be
 * matched with anything. Returns 0 or LIA_EDB. */
STORE_MUST_CHECK int db_forget_key(struct store *s, const char *entity, long long id);

/* The id of the last inserted row. */
long long db_last_id(struct store *s);

/* --- one audited write of one record (write.c) ------------------------------ */

/* A record the store writes with an audit entry. row reads it whole, as the
 * audit log and the API show it: a new reference, json_null() when there is
 * no such record, NULL when the database failed. */
struct db_record {
	const char *entity; /* the audit log's entity: "event" */
	json_t *(*row)(struct store *s, long long id);
};

/* A record's own part of a write: check `in` (the caller's input struct)
 * and INSERT when *id is 0 (then set *id to the new id) or UPDATE record
 * *id, whose row before the change is `before` (NULL on create). A refusal
 * is LIA_EINVAL or LIA_ECONFLICT with *field (and *why) naming it. */
typedef int (*db_apply_fn)(struct store *s, const struct actor *a, const void *in, json_t *before, long long *id,
                           const char **field, const char **why);

/* Create (*id == 0) or change record *id in one transaction: read the row
 * before (LIA_ENOTFOUND when there is none), apply, read the row after and
 * record "create" or "update" in the audit log with both. Committed when
 * all went well, rolled back otherwise, so a refusal changes nothing.
 * field and why may be NULL; they are set to NULL before apply runs. */
STORE_MUST_CHECK int db_write(struct store *s, const struct actor *a, const struct db_record *rec, long long *id, db_apply_fn apply,
             const void *in, const char **field, const char **why);

/* db_write's work inside the caller's transaction (several records written
 * all or none, such as an import): the row before, apply, the audit entry.
 * field and why must not be NULL. */
STORE_MUST_CHECK int db_write_in_tx(struct store *s, const struct actor *a, const struct db_record *rec, long long *id,
                                    db_apply_fn apply, const void *in, const char **field, const char **why);

/* db_write creating a record: *id is set only when it succeeds, so a
 * refusal leaves the caller's variable as it was. */
STORE_MUST_CHECK int db_create(struct store *s, const struct actor *a, const struct db_record *rec, long long *id, db_apply_fn apply,
              const void *in, const char **field, const char **why);

/* The audit entry of a write that db_write does not make itself (publishing,
 * a record written as part of another's change), inside the caller's
 * transaction: record `action` on record id with before (borrowed; NULL for
 * a create) and the row as it is now, with extra (borrowed, may be NULL:
 * what the row cannot show, like "password_changed") merged into it. */
STORE_MUST_CHECK int db_audit_record(struct store *s, const struct actor *a, const struct db_record *rec, const char *action,
                    long long id, json_t *before, json_t *extra);

/* One record whole (rec->row) into *out (new reference): 0, LIA_ENOTFOUND
 * or LIA_EDB. */
STORE_MUST_CHECK int db_get(struct store *s, const struct db_record *rec, long long id, json_t **out);

/* Does every id satisfy `sql` (a count query with one id parameter)? 0,
 * LIA_EINVAL when one does not, LIA_EDB. */
STORE_MUST_CHECK int db_ids_exist(struct store *s, const char *sql, struct id_list l);

/* A list of ids a record refers to, as a form holds them: the form's field,
 * the count query (one id parameter) every id must satisfy, the ids, and
 * whether an empty list is refused too. */
struct db_refs {
	const char *field, *sql;
	struct id_list ids;
	bool required;
};

/* Check n lists in order: 0 when every one holds ids that satisfy its query;
 * otherwise *field names the first that does not (or is empty but required)
 * with LIA_EINVAL, or LIA_EDB. Written as
 *   rc = DB_REFS_EXIST(s, field, {"theme_ids", SQL_THEME, in->themes}, ...); */
STORE_MUST_CHECK int db_refs_exist(struct store *s, const struct db_refs *refs, size_t n, const char **field);
#define DB_REFS_EXIST(s, field, ...) \
	db_refs_exist(s, (const struct db_refs[]){__VA_ARGS__}, \
	              sizeof((const struct db_refs[]){__VA_ARGS__}) / sizeof(struct db_refs), field)

/* One kind of link of a record (its themes, its partners): delete_sql
 * (parameter: the record's id) removes them all, insert_sql (parameters: the
 * record's id, a linked id) adds one for each id of ids. */
struct db_link {
	const char *delete_sql, *insert_sql;
	struct id_list ids;
};

/* Replace the n kinds of links of record id, in order. 0 or LIA_EDB.
 * Written as
 *   return DB_RELINK(s, id, {SQL_DELETE_THEMES, SQL_ADD_THEME, in->themes}, ...); */
STORE_MUST_CHECK int db_relink(struct store *s, long long id, const struct db_link *links, size_t n);
#define DB_RELINK(s, id, ...) \
	db_relink(s, id, (const struct db_link[]){__VA_ARGS__}, \
	          sizeof((const struct db_link[]){__VA_ARGS__}) / sizeof(struct db_link))

/* Column `col` of rows as an array ([{"id": "3"}, ...] -> ["3", ...]), as a
 * form holds an id list. Takes rows (and releases them); NULL stays NULL, so
 * a failed read never looks like an empty list. */
json_t *db_column(json_t *rows, const char *col);

/* One id list of a record's row: its key in the row, and the query (one
 * parameter: the record's id) whose column "id" gives the ids, as text. */
struct db_list {
	const char *key, *sql;
};

/* A record's row (from db_row; taken) with each of its n id lists set on it,
 * as the forms and the audit log see it: the row, json null when there is
 * no such record, or NULL when a read failed (the row is released, so a
 * failed read never looks like an empty list). Written as
 *   return DB_WITH_LISTS(s, row, id, {"theme_ids", SQL_THEMES}, ...);      */
json_t *db_with_lists(struct store *s, json_t *row, long long id, const struct db_list *lists, size_t n);
#define DB_WITH_LISTS(s, row, id, ...) \
	db_with_lists(s, row, id, (const struct db_list[]){__VA_ARGS__}, \
	              sizeof((const struct db_list[]){__VA_ARGS__}) / sizeof(struct db_list))

/* The programme new records belong to (the first one), or 0 when the
 * database failed or holds none. */
long long db_programme(struct store *s);

/* Several reads that count only together: 0 when every one succeeded;
 * otherwise all are released (and set to NULL) and LIA_EDB. Written as
 *   if (DB_ALL_READ(&themes, &partners)) return LIA_EDB;                   */
STORE_MUST_CHECK int db_all_read(json_t **const *v, size_t n);
#define DB_ALL_READ(...) \
	db_all_read((json_t **const[]){__VA_ARGS__}, sizeof((json_t **const[]){__VA_ARGS__}) / sizeof(json_t **))

/* Optional text: "" and NULL are stored as NULL ... */
static inline const char *db_or_null(const char *v)
{
	return v && *v ? v : NULL;
}

/* ... or NULL as "" (columns that are NOT NULL DEFAULT ''). */
static inline const char *db_or_empty(const char *v)
{
	return v ? v : "";
}

#endif
