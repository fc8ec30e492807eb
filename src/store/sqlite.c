/*
 * sqlite: the SQLite engine of the store (db.h): opening a hardened connection, the
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

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* How long a write waits for the one writer before it fails with "database
 * is locked" (the busy timeout). A web import of 100,000 expense lines holds
 * the write lock for seconds (all or nothing, one transaction); a form sent
 * meanwhile waits its turn and is saved, it never fails because of that. */
#define WRITE_WAIT_MS 60000
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sqlite_store {
	struct store base; /* first: a struct store * is a struct sqlite_store * */
	sqlite3 *db;
	const char *stmt_sql[DB_STMT_CACHE];
	sqlite3_stmt *stmt[DB_STMT_CACHE];
	unsigned nstmt;
};

static const struct db_engine sqlite_engine;

static struct sqlite_store *lite(struct store *s)
{
	return (struct sqlite_store *)s;
}

int db_sqlite_open(const char *path, int flags, struct store **out, char **err)
{
	*out = NULL;
	if (!(flags & STORE_OPEN_CREATE) && access(path, F_OK) != 0) {
		if (err)
			*err = db_errdup("database file %s does not exist (create one with 'lia init --db %s')", path, path);
		return LIA_ENOTFOUND;
	}
	/* SQLite takes an empty file for an empty database and would make it
	 * one; an empty file is more likely a copy or a download that went wrong,
	 * so it is refused rather than silently turned into a new database. */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
		if (err)
			*err = db_errdup("the file %s is empty, so it is not a lia database (a copy that went wrong?): "
			                 "give the right file, or remove this one to make a new database", path);
		return LIA_EINVAL;
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
			*err = db_errdup("cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return LIA_EDB;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
	sqlite3_busy_timeout(db, WRITE_WAIT_MS);
	const char *pragmas = (flags & STORE_OPEN_READONLY)
		? "PRAGMA foreign_keys = ON;"
		: "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		  /* Erased text is overwritten with zeros, not left in free pages (AVG art. 17). */
		  " PRAGMA secure_delete = ON;";
	char *msg = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = db_errdup("cannot use %s as a database: %s", path, msg ? msg : "unknown error");
		sqlite3_free(msg);
		sqlite3_close(db);
		return LIA_EDB;
	}
	struct sqlite_store *s = mem_calloc(1, sizeof(*s));
	s->base.engine = &sqlite_engine;
	s->base.kind = DB_SQLITE;
	s->db = db;
	*out = &s->base;
	return 0;
}

static void lite_close(struct store *base)
{
	struct sqlite_store *s = lite(base);
	for (unsigned i = 0; i < s->nstmt; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s);
}

/* A prepared statement for sql, reset and with bindings cleared. Cached
 * statements stay owned by the store; *transient tells the caller to
 * finalize an uncached one. */
static sqlite3_stmt *stmt_get(struct sqlite_store *s, const char *sql, int *transient)
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

static int bind_all(struct sqlite_store *s, sqlite3_stmt *st, const char *types, va_list ap)
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
		case 'b': {
			const void *v = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(st, idx, n ? v : "", n, SQLITE_TRANSIENT);
			break;
		}
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

/* The columns of a statement's rows, read once per statement run rather
 * than once per row: their names and which are flags (db_is_flag). */
#define ROW_COLS_MAX 64
struct row_cols {
	int n;
	const char *name[ROW_COLS_MAX];
	bool flag[ROW_COLS_MAX];
};

static void row_cols_read(sqlite3_stmt *st, struct row_cols *c)
{
	c->n = sqlite3_column_count(st);
	for (int i = 0; i < c->n && i < ROW_COLS_MAX; i++) {
		c->name[i] = sqlite3_column_name(st, i);
		c->flag[i] = db_is_flag(c->name[i]);
	}
}

static json_t *row_object(sqlite3_stmt *st, const struct row_cols *c)
{
	json_t *o = json_object();
	for (int i = 0; i < c->n; i++) {
		const char *name = i < ROW_COLS_MAX ? c->name[i] : sqlite3_column_name(st, i);
		bool flag = i < ROW_COLS_MAX ? c->flag[i] : db_is_flag(name);
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = flag ? json_boolean(sqlite3_column_int64(st, i)) : json_integer(sqlite3_column_int64(st, i));
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
		/* A column's name is SQL text lia wrote: plain ASCII. */
		json_object_set_new_nocheck(o, name, v);
	}
	return o;
}

/* The statement for sql with the parameters bound, ready to step, or NULL
 * (logged) when it cannot be prepared or bound. Give it back with stmt_done. */
static sqlite3_stmt *stmt_bound(struct sqlite_store *s, const char *sql, int *transient, const char *types, va_list ap)
{
	sqlite3_stmt *st = stmt_get(s, sql, transient);
	if (st && bind_all(s, st, types, ap) != 0) {
		stmt_done(st, *transient);
		return NULL;
	}
	return st;
}

/* Runs sql and collects up to `limit` rows (0: all). */
static json_t *lite_rows(struct store *base, size_t limit, const char *sql, const char *types, va_list ap)
{
	struct sqlite_store *s = lite(base);
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return NULL;
	json_t *rows = json_array();
	struct row_cols cols = {.n = -1};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cols.n < 0) /* after the first step: it may have prepared the statement again */
			row_cols_read(st, &cols);
		json_array_append_new(rows, row_object(st, &cols));
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

/* A statement read row by row (db_open). */
struct lite_cursor {
	struct db_cursor base;
	struct sqlite_store *s;
	sqlite3_stmt *st;
	int transient;
	const char *sql;
	struct row_cols cols;
};

static const struct db_engine sqlite_engine;

static struct db_cursor *lite_cursor_open(struct store *base, const char *sql, const char *types, va_list ap)
{
	struct sqlite_store *s = lite(base);
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return NULL;
	struct lite_cursor *c = mem_alloc(sizeof(*c));
	*c = (struct lite_cursor){.base = {&sqlite_engine}, .s = s, .st = st, .transient = transient, .sql = sql,
	                          .cols = {.n = -1}};
	return &c->base;
}

static int lite_cursor_next(struct db_cursor *base, struct row *row)
{
	struct lite_cursor *c = (struct lite_cursor *)base;
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		log_error("sql step failed: %s; in: %.200s", sqlite3_errmsg(c->s->db), c->sql);
		return LIA_EDB;
	}
	if (c->cols.n < 0) /* after the first step: it may have prepared the statement again */
		row_cols_read(c->st, &c->cols);
	if (c->cols.n > ROW_COLS_MAX)
		mem_die("db: a row of %d columns read row by row", c->cols.n);
	/* Each column's value is read once and then asked for its type and
	 * contents (sqlite3_column_value: "unprotected", which only means
	 * without the connection's mutex; this connection is opened NOMUTEX and
	 * is this thread's alone while the cursor is open). Three sqlite3_column_
	 * calls a column, each checking the statement and row again, cost twice
	 * as much at a list's 12 columns and 5,000 rows. */
	for (int i = 0; i < c->cols.n; i++) {
		const char *name = c->cols.name[i];
		sqlite3_value *v = sqlite3_column_value(c->st, i);
		switch (sqlite3_value_type(v)) {
		case SQLITE_INTEGER:
			if (c->cols.flag[i])
				row_add_bool(row, name, sqlite3_value_int64(v) != 0);
			else
				row_add_int(row, name, sqlite3_value_int64(v));
			break;
		case SQLITE_FLOAT:
			row_add_real(row, name, sqlite3_value_double(v));
			break;
		case SQLITE_NULL:
			row_add_null(row, name);
			break;
		default: {
			const char *t = (const char *)sqlite3_value_text(v);
			row_add_text(row, name, t ? t : "", t ? (size_t)sqlite3_value_bytes(v) : 0);
			break;
		}
		}
	}
	return 1;
}

static void lite_cursor_close(struct db_cursor *base)
{
	struct lite_cursor *c = (struct lite_cursor *)base;
	stmt_done(c->st, c->transient);
	free(c);
}

/* Run sql once: 0, or LIA_EDB (logged) when it fails. When it gives a row
 * whose first column is not NULL, *v becomes that column's integer. */
static int lite_once(struct store *base, long long *v, const char *sql, const char *types, va_list ap)
{
	struct sqlite_store *s = lite(base);
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

/* As lite_once, but without waiting for another connection's write: when
 * one holds the writer, LIA_ECONFLICT at once and nothing logged. */
static int lite_once_nowait(struct store *base, const char *sql, const char *types, va_list ap)
{
	struct sqlite_store *s = lite(base);
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return LIA_EDB;
	sqlite3_busy_timeout(s->db, 0);
	int rc = 0, step = sqlite3_step(st);
	sqlite3_busy_timeout(s->db, WRITE_WAIT_MS);
	if ((step & 0xff) == SQLITE_BUSY || (step & 0xff) == SQLITE_LOCKED) {
		rc = LIA_ECONFLICT;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		log_error("sql exec failed: %s; in: %.200s", sqlite3_errmsg(s->db), sql);
		rc = LIA_EDB;
	}
	stmt_done(st, transient);
	return rc;
}

static int lite_blob(struct store *base, char **data, size_t *len, const char *sql, const char *types, va_list ap)
{
	struct sqlite_store *s = lite(base);
	int transient;
	sqlite3_stmt *st = stmt_bound(s, sql, &transient, types, ap);
	if (!st)
		return LIA_EDB;
	int rc = 0, step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		*data = mem_alloc(n + 1);
		if (n)
			memcpy(*data, sqlite3_column_blob(st, 0), n);
		(*data)[n] = '\0';
		*len = n;
	} else if (step == SQLITE_DONE) {
		rc = LIA_ENOTFOUND;
	} else {
		log_error("sql step failed: %s; in: %.200s", sqlite3_errmsg(s->db), sql);
		rc = LIA_EDB;
	}
	stmt_done(st, transient);
	return rc;
}

static int lite_script(struct store *base, const char *sql, char **err)
{
	struct sqlite_store *s = lite(base);
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = db_errdup("%s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return LIA_EDB;
	}
	return 0;
}

static long long lite_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(lite(s)->db);
}

/* A write takes the write lock at once (IMMEDIATE), so a transaction never
 * fails half-way on a lock upgrade; the busy timeout makes it wait. A read
 * snapshot is a deferred transaction (WAL: readers never wait). */
static int lite_begin(struct store *s, enum db_tx mode)
{
	return db_exec(s, mode != DB_TX_READ ? "BEGIN IMMEDIATE" : "BEGIN", NULL);
}

static bool lite_in_tx(struct store *s)
{
	return !sqlite3_get_autocommit(lite(s)->db);
}

int db_sqlite_image(struct store *base, void **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (base->kind != DB_SQLITE)
		return LIA_EDB;
	sqlite3_int64 n = 0;
	unsigned char *image = sqlite3_serialize(lite(base)->db, "main", &n, 0);
	if (!image || n <= 0) {
		sqlite3_free(image);
		return LIA_EDB;
	}
	*data = mem_alloc((size_t)n);
	memcpy(*data, image, (size_t)n);
	*len = (size_t)n;
	sqlite3_free(image);
	return 0;
}

static const struct db_engine sqlite_engine = {
	.rows = lite_rows,
	.once = lite_once,
	.once_nowait = lite_once_nowait,
	.blob = lite_blob,
	.script = lite_script,
	.begin = lite_begin,
	.in_tx = lite_in_tx,
	.cursor_open = lite_cursor_open,
	.cursor_next = lite_cursor_next,
	.cursor_close = lite_cursor_close,
	.last_id = lite_last_id,
	.close = lite_close,
};

/* --- backups (store_backup, store_check_copy) ------------------------------ */

/* The integrity check, application id and schema version of the SQLite file
 * at path, opened read-only: 0 when it is a whole lia database, else an
 * error with *err (malloc'd). */
static int check_file(const char *path, int *version, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	*version = 0;
	if (rc != SQLITE_OK) {
		why = sqlite3_errstr(rc);
	} else if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		why = sqlite3_errmsg(db); /* "file is not a database" */
	} else if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		why = "its integrity check failed (the file is damaged)";
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!why && (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK ||
	             sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 0) != DB_LIA_APPLICATION_ID))
		why = "it is not a lia database";
	sqlite3_finalize(st);
	st = NULL;
	if (!why && (sqlite3_prepare_v2(db, "SELECT max(version) FROM lia_migration", -1, &st, NULL) != SQLITE_OK ||
	             sqlite3_step(st) != SQLITE_ROW))
		why = "it holds no schema version";
	else if (!why)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (why && err)
		*err = db_errdup("%s cannot be used: %s", path, why);
	sqlite3_close(db);
	return why ? LIA_EINVAL : 0;
}

int store_check_copy(const char *path, int *version, char **err)
{
	if (store_is_server(path)) {
		*err = db_errdup("%s", "a PostgreSQL database is checked and restored with pg_restore");
		return LIA_EINVAL;
	}
	return check_file(path, version, err);
}

/* SQLite's online backup: every page of the source, read in one snapshot
 * (step -1), so the copy is one consistent state while writers go on (WAL:
 * a reader holds no writer back). Written to dest.tmp, checked, then renamed
 * over dest, so dest is always a whole database or left as it was. */
int store_backup(struct store *s, const char *dest, char **err)
{
	if (s->kind != DB_SQLITE) {
		*err = db_errdup("%s", "back up a PostgreSQL database with pg_dump (see docs/postgresql.md)");
		return LIA_EINVAL;
	}
	size_t n = strlen(dest) + 5;
	char *tmp = mem_alloc(n);
	snprintf(tmp, n, "%s.tmp", dest);
	unlink(tmp);
	/* Made here, readable by its owner only: SQLite would make it 0644. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (err)
			*err = db_errdup("cannot write the backup %s: %s", tmp, strerror(errno));
		free(tmp);
		return LIA_EDB;
	}
	close(fd);
	sqlite3 *out = NULL;
	int rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	const char *why = NULL;
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(out, "main", lite(s)->db, "main");
		if (!b) {
			why = sqlite3_errmsg(out);
		} else {
			do {
				rc = sqlite3_backup_step(b, -1);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(50);
			} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
			if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE)
				why = sqlite3_errmsg(out);
			/* One file, with no -wal or -shm beside it (the copy has the
			 * source's WAL mode; opening it again would make them). */
			else if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
				why = sqlite3_errmsg(out);
		}
	} else {
		why = sqlite3_errstr(rc);
	}
	if (why && err)
		*err = db_errdup("cannot write the backup %s: %s", tmp, why);
	sqlite3_close(out);
	int version;
	if (!why && check_file(tmp, &version, err) != 0)
		why = "check";
	if (!why && rename(tmp, dest) != 0) {
		why = "rename";
		if (err)
			*err = db_errdup("cannot put the backup in place as %s: %s", dest, strerror(errno));
	}
	if (why)
		unlink(tmp);
	free(tmp);
	return why ? LIA_EDB : 0;
}
