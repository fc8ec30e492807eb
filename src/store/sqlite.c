/*
 * sqlite: the SQLite backend of the store: opening a hardened connection, the
 * per-connection statement cache, and turning rows into JSON.
 *
 * Hardening follows Fossil: defensive mode, no trusted schema, no
 * double-quoted string literals, no extension loading, foreign keys on, a
 * busy timeout; WAL so readers never wait for a writer.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *errdup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *errdup(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = mem_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

int store_open(const char *path, int flags, struct store **out, char **err)
{
	*out = NULL;
	if (!(flags & STORE_OPEN_CREATE) && access(path, F_OK) != 0) {
		if (err)
			*err = errdup("database file %s does not exist (create one with 'lia init --db %s')", path, path);
		return LIA_ENOTFOUND;
	}
	int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (flags & STORE_OPEN_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE | ((flags & STORE_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			*err = errdup("cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return LIA_EDB;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
	sqlite3_busy_timeout(db, 5000);
	const char *pragmas = (flags & STORE_OPEN_READONLY)
		? "PRAGMA foreign_keys = ON;"
		: "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
	char *msg = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = errdup("cannot use %s as a database: %s", path, msg ? msg : "unknown error");
		sqlite3_free(msg);
		sqlite3_close(db);
		return LIA_EDB;
	}
	struct store *s = mem_calloc(1, sizeof(*s));
	s->db = db;
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->nstmt; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s);
}

/* A prepared statement for sql, reset and with bindings cleared. Cached
 * statements stay owned by the store; *transient tells the caller to
 * finalize an uncached one. */
static sqlite3_stmt *stmt_get(struct store *s, const char *sql, int *transient)
{
	*transient = 0;
	for (unsigned i = 0; i < s->nstmt; i++) {
		if (s->stmt_sql[i] == sql) {
			sqlite3_reset(s->stmt[i]);
			sqlite3_clear_bindings(s->stmt[i]);
			return s->stmt[i];
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_error("sql prepare failed: %s; in: %.200s", sqlite3_errmsg(s->db), sql);
		return NULL;
	}
	if (s->nstmt < DB_STMT_CACHE) {
		s->stmt_sql[s->nstmt] = sql;
		s->stmt[s->nstmt++] = st;
	} else {
		*transient = 1;
	}
	return st;
}

static void stmt_done(sqlite3_stmt *st, int transient)
{
	if (transient)
		sqlite3_finalize(st);
	else
		sqlite3_reset(st);
}

static int bind_all(struct store *s, sqlite3_stmt *st, const char *types, va_list ap)
{
	int idx = 1;
	for (const char *t = types ? types : ""; *t; t++, idx++) {
		int rc;
		switch (*t) {
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, long long));
			break;
		case 't': {
			const char *v = va_arg(ap, const char *);
			rc = v ? sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, idx);
			break;
		}
		case 'z': { /* an optional reference: 0 means none */
			long long v = va_arg(ap, long long);
			rc = v ? sqlite3_bind_int64(st, idx, v) : sqlite3_bind_null(st, idx);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, idx);
			break;
		default:
			mem_die("db: unknown bind type '%c'", *t);
		}
		if (rc != SQLITE_OK) {
			log_error("sql bind %d failed: %s", idx, sqlite3_errmsg(s->db));
			return LIA_EDB;
		}
	}
	return 0;
}

/* Flag columns (is_*, *_checked) hold 0/1 and become JSON booleans. */
static bool is_flag(const char *name)
{
	size_t n = strlen(name);
	return strncmp(name, "is_", 3) == 0 || (n > 8 && strcmp(name + n - 8, "_checked") == 0);
}

static json_t *row_object(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = is_flag(sqlite3_column_name(st, i)) ? json_boolean(sqlite3_column_int64(st, i))
			                                        : json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default:
			v = json_stringn((const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
			if (!v) /* not valid UTF-8: never expected, but never crash on it */
				v = json_string("");
			break;
		}
		json_object_set_new(o, sqlite3_column_name(st, i), v);
	}
	return o;
}

/* The statement for sql with the parameters bound, ready to step, or NULL
 * (logged) when it cannot be prepared or bound. Give it back with stmt_done. */
static sqlite3_stmt *stmt_bound(struct store *s, const char *sql, int *transient, const char *types, va_list ap)
{
	sqlite3_stmt *st = stmt_get(s, sql, transient);
	if (st && bind_all(s, st, types, ap) != 0) {
		stmt_done(st, *transient);
		return NULL;
	}
	return st;
}

/* Runs sql and collects up to `limit` rows (0: all). */
static json_t *run_rows(struct store *s, size_t limit, const char *sql, const char *types, va_list ap)
{
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return NULL;
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_array_append_new(rows, row_object(st));
		if (limit && json_array_size(rows) >= limit)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("sql step failed: %s; in: %.200s", sqlite3_errmsg(s->db), sql);
		json_decref(rows);
		rows = NULL;
	}
	stmt_done(st, transient);
	return rows;
}

json_t *db_rows(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *rows = run_rows(s, 0, sql, types, ap);
	va_end(ap);
	return rows;
}

json_t *db_row(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *rows = run_rows(s, 1, sql, types, ap);
	va_end(ap);
	if (!rows)
		return NULL;
	json_t *row = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	return row;
}

/* Run sql once: 0, or LIA_EDB (logged) when it fails. When it gives a row
 * whose first column is not NULL, *v becomes that column's integer. */
static int run_once(struct store *s, long long *v, const char *sql, const char *types, va_list ap)
{
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return LIA_EDB;
	int rc = 0, step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_count(st) > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*v = sqlite3_column_int64(st, 0);
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		log_error("sql exec failed: %s; in: %.200s", sqlite3_errmsg(s->db), sql);
		rc = LIA_EDB;
	}
	stmt_done(st, transient);
	return rc;
}

int db_exec(struct store *s, const char *sql, const char *types, ...)
{
	long long ignored;
	va_list ap;
	va_start(ap, types);
	int rc = run_once(s, &ignored, sql, types, ap);
	va_end(ap);
	return rc;
}

long long db_int(struct store *s, int *err, long long dflt, const char *sql, const char *types, ...)
{
	long long v = dflt;
	va_list ap;
	va_start(ap, types);
	int rc = run_once(s, &v, sql, types, ap);
	va_end(ap);
	if (rc)
		*err = rc;
	return v;
}

int db_script(struct store *s, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = errdup("%s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return LIA_EDB;
	}
	return 0;
}

int store_read_begin(struct store *s)
{
	return db_exec(s, "BEGIN", NULL);
}

void store_read_end(struct store *s)
{
	db_rollback(s); /* nothing was written: ending it either way is the same */
}

long long db_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

int db_begin(struct store *s)
{
	/* IMMEDIATE takes the write lock now, so a transaction never fails
	 * half-way on a lock upgrade. */
	return db_exec(s, "BEGIN IMMEDIATE", NULL);
}

int db_commit(struct store *s)
{
	return db_exec(s, "COMMIT", NULL);
}

void db_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		db_exec(s, "ROLLBACK", NULL);
}

json_t *db_group(json_t *rows, const char *key)
{
	json_t *groups = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		json_t *k = json_object_get(row, key);
		char kbuf[32];
		const char *ks;
		if (json_is_integer(k)) {
			snprintf(kbuf, sizeof(kbuf), "%lld", (long long)json_integer_value(k));
			ks = kbuf;
		} else if (json_is_string(k)) {
			ks = json_string_value(k);
		} else {
			continue;
		}
		json_t *arr = json_object_get(groups, ks);
		if (!arr) {
			arr = json_array();
			json_object_set_new(groups, ks, arr);
		}
		json_array_append(arr, row);
	}
	return groups;
}

void db_attach(json_t *rows, const char *key, json_t *grouped, const char *field)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		char k[32];
		snprintf(k, sizeof(k), "%lld", (long long)json_integer_value(json_object_get(r, key)));
		json_t *g = json_object_get(grouped, k);
		json_object_set_new(r, field, g ? json_incref(g) : json_array());
	}
}
