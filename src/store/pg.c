/*
 * pg: the PostgreSQL backend of the store (libpq): connecting to a
 * postgresql:// URI, the per-connection statement cache (the store's `?`
 * placeholders become $N when a statement is prepared: db_sql_dollar), and turning
 * rows into the same JSON the SQLite backend gives (integers stay integers,
 * is_* and *_checked become booleans, other booleans 0 or 1).
 *
 * Transactions: a write first takes its municipality's advisory lock, so the
 * writers of one municipality wait for each other as SQLite's BEGIN
 * IMMEDIATE makes the writers of its file do (never a serialization failure
 * half-way), while those of other municipalities go on, as other files'
 * writers do; a migration takes the deployment's lock, which every write
 * shares. A read is one REPEATABLE READ READ ONLY snapshot.
 * docs/postgresql.md lists what differs from SQLite and why.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <libpq-fe.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs from PostgreSQL's catalog (pg_type.dat); stable across versions. */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

#define PG_MAX_PARAMS 32
/* The advisory locks of writes: (class, municipality id) for the writers of
 * one municipality, (class, 0) for the deployment: every write holds it
 * shared, a migration alone. Any class will do, as long as all writers use
 * the same one ("lia!"). Always the deployment's first, so two writers never
 * wait for each other crosswise. */
#define PG_WRITE_LOCK "1818845473"

/* Statements prepared per connection. Larger than SQLite's cache: a
 * statement that does not fit is parsed on every use, which costs a round
 * of planning on the server each time. */
#define PG_STMT_CACHE 512

struct pg_stmt {
	const char *sql; /* the store's text, the cache key (by address) */
	int nparams;
};

struct pg_store {
	struct store base; /* first: a struct store * is a struct pg_store * */
	PGconn *conn;
	struct pg_stmt stmt[PG_STMT_CACHE];
	unsigned nstmt;
	char *name; /* the URI without its password, for messages */
	bool readonly;
	bool tx; /* inside a transaction, as of the last statement */
};

static const struct db_engine pg_engine;
static void pg_close(struct store *base);

static struct pg_store *pgs(struct store *s)
{
	return (struct pg_store *)s;
}

/* The first line of libpq's message (they end in a newline, sometimes with
 * a DETAIL line after it), so errors stay one line. */
static char *first_line(const char *msg)
{
	size_t n = strcspn(msg ? msg : "", "\n");
	return mem_strndup(msg ? msg : "", n);
}

/* Notices (a DROP ... IF EXISTS that had nothing to drop) are not errors:
 * keep them off stderr. */
static void quiet_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/* Settings of a new (or reconnected) session: NULL, or why they failed
 * (malloc'd). Times are ISO text made by lia itself; the time zone only
 * keeps what the server prints for its own values predictable. */
static char *pg_set_municipality(struct pg_store *s, long long id);

static char *session_setup(struct pg_store *s)
{
	PQsetNoticeReceiver(s->conn, quiet_notice, NULL);
	const char *setup = s->readonly
		? "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET default_transaction_read_only = on"
		: "SET client_min_messages = warning; SET TIME ZONE 'UTC'";
	PGresult *res = PQexec(s->conn, setup);
	char *why = PQresultStatus(res) == PGRES_COMMAND_OK ? NULL : first_line(PQresultErrorMessage(res));
	PQclear(res);
	if (!why)
		why = pg_set_municipality(s, s->base.municipality_id);
	return why;
}

/* The municipality whose rows this session sees (row-level security,
 * 0018_municipalities.pg.sql), at session level: NULL, or why it failed
 * (malloc'd). 0 leaves it unset: then no tenant row is visible. */
static char *pg_set_municipality(struct pg_store *s, long long id)
{
	if (id <= 0)
		return NULL;
	char v[24];
	snprintf(v, sizeof(v), "%lld", id);
	const char *const vals[] = {v};
	PGresult *res = PQexecParams(s->conn, "SELECT set_config('lia.municipality', $1, false)", 1, NULL, vals, NULL,
	                             NULL, 0);
	char *why = PQresultStatus(res) == PGRES_TUPLES_OK ? NULL : first_line(PQresultErrorMessage(res));
	PQclear(res);
	return why;
}

int db_pg_scope(struct store *base, long long municipality_id)
{
	struct pg_store *s = pgs(base);
	/* Only between transactions: a setting made inside one goes back with
	 * its rollback while the remembered id stays, and a connection left in
	 * a transaction is not the one to hand to another municipality. */
	PGTransactionStatusType t = PQtransactionStatus(s->conn);
	if (t != PQTRANS_IDLE) {
		log_error("cannot serve municipality %lld on %s: the connection is %s", municipality_id, s->name,
		          t == PQTRANS_UNKNOWN ? "lost" : "inside a transaction");
		if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) {
			PQclear(PQexec(s->conn, "ROLLBACK"));
			s->tx = false;
		}
		return LIA_EDB;
	}
	if (base->municipality_id == municipality_id)
		return 0;
	char *why = pg_set_municipality(s, municipality_id);
	if (why) {
		log_error("cannot serve municipality %lld on %s: %s", municipality_id, s->name, why);
		free(why);
		return LIA_EDB;
	}
	base->municipality_id = municipality_id;
	return 0;
}

int db_pg_scope_tx(struct store *base, long long municipality_id)
{
	struct pg_store *s = pgs(base);
	if (PQtransactionStatus(s->conn) != PQTRANS_INTRANS)
		return db_pg_scope(base, municipality_id);
	if (municipality_id <= 0)
		return LIA_EDB;
	char v[24];
	snprintf(v, sizeof(v), "%lld", municipality_id);
	const char *const vals[] = {v};
	PGresult *res = PQexecParams(s->conn, "SELECT set_config('lia.municipality', $1, true)", 1, NULL, vals, NULL,
	                             NULL, 0);
	int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : LIA_EDB;
	if (rc != 0)
		log_error("cannot read municipality %lld on %s: %s", municipality_id, s->name,
		          PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

/* Is the session inside a transaction now? (Kept, because a lost
 * connection no longer says.) */
static void note_tx(struct pg_store *s)
{
	PGTransactionStatusType t = PQtransactionStatus(s->conn);
	if (t != PQTRANS_UNKNOWN)
		s->tx = t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

int db_pg_listen(struct store *base, const char *channel)
{
	struct pg_store *s = pgs(base);
	char *ident = PQescapeIdentifier(s->conn, channel, strlen(channel));
	if (!ident)
		return LIA_EDB;
	char sql[128];
	int n = snprintf(sql, sizeof(sql), "LISTEN %s", ident);
	PQfreemem(ident);
	if (n < 0 || (size_t)n >= sizeof(sql))
		return LIA_EDB;
	PGresult *res = PQexec(s->conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : LIA_EDB;
	if (rc != 0)
		log_error("cannot listen on %s: %s", s->name, PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

/* The notifications libpq holds already, the last number into *last. */
static bool take_notifications(struct pg_store *s, long long *last)
{
	bool got = false;
	PGnotify *note;
	while ((note = PQnotifies(s->conn))) {
		char *end = NULL;
		errno = 0;
		long long v = strtoll(note->extra, &end, 10);
		if (errno == 0 && end != note->extra && *end == '\0')
			*last = v;
		got = true;
		PQfreemem(note);
	}
	return got;
}

int db_pg_wait(struct store *base, int wake_fd, int timeout_ms, long long *last)
{
	struct pg_store *s = pgs(base);
	/* A notification that came with the answer to the last statement is
	 * held by libpq already: the socket will not say so again. */
	if (take_notifications(s, last))
		return DB_WAIT_NOTIFIED;
	int sock = PQsocket(s->conn);
	if (sock < 0 || PQstatus(s->conn) != CONNECTION_OK)
		return LIA_EDB;
	struct pollfd fds[2] = {{.fd = sock, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
	int n = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? DB_WAIT_TIMEOUT : LIA_EIO;
	if (wake_fd >= 0 && (fds[1].revents & POLLIN))
		return DB_WAIT_WOKEN;
	if (n == 0)
		return DB_WAIT_TIMEOUT;
	/* Readable, or the server hung up: PQconsumeInput tells which. */
	if (!PQconsumeInput(s->conn) || PQstatus(s->conn) != CONNECTION_OK)
		return LIA_EDB;
	if (take_notifications(s, last))
		return DB_WAIT_NOTIFIED;
	/* Something else came: a notice, a changed setting, or the error the
	 * server sends before it ends the session (an administrator's
	 * pg_terminate_backend, a shutdown). The caller asks the connection. */
	return DB_WAIT_OTHER;
}

bool db_pg_connected(struct store *s)
{
	return PQstatus(pgs(s)->conn) == CONNECTION_OK;
}

/* A connection the server dropped (a restart, an administrator) is made
 * again before the next statement outside a transaction, or before the
 * next transaction starts, with an empty statement cache (prepared
 * statements die with their session). Never inside a transaction: its
 * statements would run on without it. The request that met the loss has
 * failed; the ones after it work. */
static void reconnect_if_lost(struct pg_store *s, bool starting)
{
	if (PQstatus(s->conn) == CONNECTION_OK || (s->tx && !starting))
		return;
	PQreset(s->conn);
	s->nstmt = 0;
	s->tx = false;
	char *why = PQstatus(s->conn) == CONNECTION_OK ? session_setup(s) : first_line(PQerrorMessage(s->conn));
	if (why) {
		log_error("the connection to %s was lost and cannot be made again: %s", s->name, why);
		free(why);
	} else {
		log_info("the connection to %s was lost and is made again", s->name);
	}
}

/* At most this many reads of what an idle connection was sent (a FATAL
 * message, then the end of the stream) before it is used. */
#define PG_IDLE_READS 4

void db_pg_check_idle(struct store *base)
{
	struct pg_store *s = pgs(base);
	if (s->tx)
		return;
	for (int i = 0; i < PG_IDLE_READS && PQstatus(s->conn) == CONNECTION_OK; i++) {
		struct pollfd fd = {.fd = PQsocket(s->conn), .events = POLLIN};
		if (fd.fd < 0 || poll(&fd, 1, 0) <= 0)
			break;
		/* Readable, or hung up: a notice, a changed setting, or the error
		 * the server sends before it ends the session. PQconsumeInput
		 * marks the connection bad when the stream has ended. */
		if (!PQconsumeInput(s->conn))
			break;
		PGnotify *note;
		while ((note = PQnotifies(s->conn)))
			PQfreemem(note);
	}
	reconnect_if_lost(s, true);
}

int db_pg_open(const char *uri, int flags, struct store **out, char **err)
{
	*out = NULL;
	char *name = store_display_name(uri);
	/* Defaults first, so the URI's own options win: a server that does not
	 * answer is an error after 10 seconds, not a command that hangs. */
	/* TCP keepalives: a server gone without a word (its host, a firewall)
	 * is found within about a minute, not the kernel's 15. */
	const char *const keys[] = {"connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
	                            "keepalives_count", "dbname", NULL};
	const char *const vals[] = {"10", "lia", "30", "10", "3", uri, NULL};
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char *why = first_line(conn ? PQerrorMessage(conn) : "out of memory");
		if (err)
			*err = db_errdup("cannot connect to the PostgreSQL database %s: %s", name, why);
		free(why);
		free(name);
		PQfinish(conn);
		return LIA_EDB;
	}
	struct pg_store *s = mem_calloc(1, sizeof(*s));
	s->base.engine = &pg_engine;
	s->base.kind = DB_PG;
	s->conn = conn;
	s->name = name;
	s->readonly = flags & STORE_OPEN_READONLY;
	s->base.municipality_id = 1;
	char *why = session_setup(s);
	if (why) {
		if (err)
			*err = db_errdup("cannot use %s as a database: %s", name, why);
		free(why);
		pg_close(&s->base);
		return LIA_EDB;
	}
	*out = &s->base;
	return 0;
}

static void pg_close(struct store *base)
{
	struct pg_store *s = pgs(base);
	PQfinish(s->conn);
	free(s->name);
	free(s);
}

/* The parameter types a statement is prepared with. Integers are always
 * bigint (SQLite's integers are 64 bits: an id of 10^11 must be "no such
 * record", not an error). Text is left to the server at first (0: inferred
 * from where it is used, so "3" fits an integer column, as SQLite's loose
 * typing lets it); the second try, after the server could not infer one
 * (`? IS NULL`), names it text. */
static void param_types(const char *types, Oid *oids, int n, bool named)
{
	for (int i = 0; i < n; i++)
		oids[i] = 0;
	int i = 0;
	for (const char *t = types ? types : ""; *t && i < n; t++, i++) {
		if (*t == 'b')
			oids[i] = OID_BYTEA;
		else if (*t == 'i' || *t == 'z')
			oids[i] = OID_INT8;
		else if (named && (*t == 't' || *t == 'n'))
			oids[i] = OID_TEXT;
	}
}

static bool type_unknown(const PGresult *res)
{
	const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* indeterminate_datatype, undefined_function, datatype_mismatch */
	return code && (strcmp(code, "42P18") == 0 || strcmp(code, "42883") == 0 || strcmp(code, "42804") == 0);
}

/* The cache slot of sql, prepared on this connection as "liaN", or -1
 * (logged), or PG_STMT_CACHE when the cache is full (then run() sends the
 * text each time). */
static int stmt_get(struct pg_store *s, const char *sql, const char *types)
{
	reconnect_if_lost(s, false);
	for (unsigned i = 0; i < s->nstmt; i++)
		if (s->stmt[i].sql == sql)
			return (int)i;
	if (s->nstmt >= PG_STMT_CACHE)
		return PG_STMT_CACHE;
	int n;
	char *text = db_sql_dollar(sql, &n);
	if (n > PG_MAX_PARAMS)
		mem_die("db: a statement with more than %d parameters: %.80s", PG_MAX_PARAMS, sql);
	unsigned slot = s->nstmt;
	char name[16];
	snprintf(name, sizeof(name), "lia%u", slot);
	Oid oids[PG_MAX_PARAMS];
	PGresult *res = NULL;
	/* A failed prepare would end the caller's transaction: inside one, the
	 * first try runs under a savepoint. */
	bool in_tx = PQtransactionStatus(s->conn) == PQTRANS_INTRANS;
	for (int named = 0; named < 2; named++) {
		param_types(types, oids, n, named);
		PQclear(res);
		if (in_tx && !named)
			PQclear(PQexec(s->conn, "SAVEPOINT lia_prepare"));
		res = PQprepare(s->conn, name, text, n, oids);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (in_tx && !named)
			PQclear(PQexec(s->conn, ok ? "RELEASE SAVEPOINT lia_prepare" : "ROLLBACK TO SAVEPOINT lia_prepare"));
		if (ok || !type_unknown(res))
			break;
	}
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_error("sql prepare failed: %s; in: %.200s", PQresultErrorMessage(res), sql);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	s->stmt[slot] = (struct pg_stmt){sql, n};
	s->nstmt++;
	return (int)slot;
}

/* Values of the parameters as libpq takes them: text, except bytes. The
 * numbers are written into num (one slot of 24 per parameter). */
struct pg_params {
	const char *val[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS], fmt[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][24];
	int n;
};

static void bind_all(struct pg_params *p, const char *types, va_list ap)
{
	memset(p, 0, sizeof(*p));
	for (const char *t = types ? types : ""; *t; t++) {
		int i = p->n++;
		if (i >= PG_MAX_PARAMS)
			mem_die("db: more than %d parameters", PG_MAX_PARAMS);
		switch (*t) {
		case 'i':
			snprintf(p->num[i], sizeof(p->num[i]), "%lld", va_arg(ap, long long));
			p->val[i] = p->num[i];
			break;
		case 'z': {
			long long v = va_arg(ap, long long);
			if (v) {
				snprintf(p->num[i], sizeof(p->num[i]), "%lld", v);
				p->val[i] = p->num[i];
			}
			break;
		}
		case 't':
			p->val[i] = va_arg(ap, const char *);
			break;
		case 'n':
			break;
		case 'b': {
			const void *v = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			if (n > (size_t)0x7fffffff)
				mem_die("db: a value of %zu bytes", n);
			p->val[i] = n ? v : "";
			p->len[i] = (int)n;
			p->fmt[i] = 1;
			break;
		}
		default:
			mem_die("db: unknown bind type '%c'", *t);
		}
	}
}

/* Run sql with the parameters of types: the result (the caller clears it),
 * or NULL (logged) when it failed. binary asks for binary values (bytes). */
static PGresult *run(struct pg_store *s, const char *sql, const char *types, va_list ap, bool binary)
{
	int slot = stmt_get(s, sql, types);
	if (slot < 0)
		return NULL;
	struct pg_params p;
	bind_all(&p, types, ap);
	PGresult *res;
	if (slot < PG_STMT_CACHE) {
		if (p.n < s->stmt[slot].nparams)
			mem_die("db: %d parameters bound, the statement has %d: %.80s", p.n, s->stmt[slot].nparams, sql);
		char name[16];
		snprintf(name, sizeof(name), "lia%d", slot);
		res = PQexecPrepared(s->conn, name, s->stmt[slot].nparams, p.val, p.len, p.fmt, binary ? 1 : 0);
	} else {
		int n;
		char *text = db_sql_dollar(sql, &n);
		Oid oids[PG_MAX_PARAMS];
		param_types(types, oids, n, true);
		res = PQexecParams(s->conn, text, n, oids, p.val, p.len, p.fmt, binary ? 1 : 0);
		free(text);
	}
	note_tx(s);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		char *why = first_line(PQresultErrorMessage(res));
		log_error("sql failed: %s; in: %.200s", why, sql);
		free(why);
		PQclear(res);
		return NULL;
	}
	/* COMMIT of a transaction in which a statement failed ends it with a
	 * rollback and no error: that is a failed commit, not a done one. */
	if (strncmp(sql, "COMMIT", 6) == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		log_error("sql commit failed: a statement of the transaction had failed; nothing was written");
		PQclear(res);
		return NULL;
	}
	return res;
}

/* One value as SQLite would give it: integers and numbers without a
 * fraction as integers, booleans as 0/1 (true/false for flag columns). */
static json_t *value(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return json_null();
	const char *v = PQgetvalue(res, row, col);
	const char *name = PQfname(res, col);
	switch (PQftype(res, col)) {
	case OID_BOOL:
		return db_is_flag(name) ? json_boolean(v[0] == 't') : json_integer(v[0] == 't');
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return db_is_flag(name) ? json_boolean(strtoll(v, NULL, 10) != 0) : json_integer(strtoll(v, NULL, 10));
	case OID_NUMERIC:
		if (!strchr(v, '.'))
			return json_integer(strtoll(v, NULL, 10));
		return json_real(strtod(v, NULL));
	case OID_FLOAT4:
	case OID_FLOAT8:
		return json_real(strtod(v, NULL));
	default: {
		json_t *j = json_stringn(v, (size_t)PQgetlength(res, row, col));
		return j ? j : json_string(""); /* not valid UTF-8: never expected, but never crash on it */
	}
	}
}

static json_t *pg_rows(struct store *base, size_t limit, const char *sql, const char *types, va_list ap)
{
	PGresult *res = run(pgs(base), sql, types, ap, false);
	if (!res)
		return NULL;
	json_t *rows = json_array();
	int nrows = PQntuples(res), ncols = PQnfields(res);
	for (int r = 0; r < nrows && (!limit || (size_t)r < limit); r++) {
		json_t *o = json_object();
		for (int c = 0; c < ncols; c++)
			json_object_set_new(o, PQfname(res, c), value(res, r, c));
		json_array_append_new(rows, o);
	}
	PQclear(res);
	return rows;
}

/* A statement's rows read one at a time (db_open), from one result. */
struct pg_cursor {
	struct db_cursor base;
	PGresult *res;
	int next, nrows, ncols;
};

static const struct db_engine pg_engine;

static struct db_cursor *pg_cursor_open(struct store *base, const char *sql, const char *types, va_list ap)
{
	PGresult *res = run(pgs(base), sql, types, ap, false);
	if (!res)
		return NULL;
	struct pg_cursor *c = mem_alloc(sizeof(*c));
	*c = (struct pg_cursor){.base = {&pg_engine}, .res = res, .nrows = PQntuples(res), .ncols = PQnfields(res)};
	return &c->base;
}

/* As value() gives them, without the JSON. */
static int pg_cursor_next(struct db_cursor *base, struct row *row)
{
	struct pg_cursor *c = (struct pg_cursor *)base;
	if (c->next >= c->nrows)
		return 0;
	int r = c->next++;
	for (int col = 0; col < c->ncols; col++) {
		const char *name = PQfname(c->res, col);
		if (PQgetisnull(c->res, r, col)) {
			row_add_null(row, name);
			continue;
		}
		const char *v = PQgetvalue(c->res, r, col);
		switch (PQftype(c->res, col)) {
		case OID_BOOL:
			if (db_is_flag(name))
				row_add_bool(row, name, v[0] == 't');
			else
				row_add_int(row, name, v[0] == 't');
			break;
		case OID_INT2:
		case OID_INT4:
		case OID_INT8:
			if (db_is_flag(name))
				row_add_bool(row, name, strtoll(v, NULL, 10) != 0);
			else
				row_add_int(row, name, strtoll(v, NULL, 10));
			break;
		case OID_NUMERIC:
			if (!strchr(v, '.'))
				row_add_int(row, name, strtoll(v, NULL, 10));
			else
				row_add_real(row, name, strtod(v, NULL));
			break;
		case OID_FLOAT4:
		case OID_FLOAT8:
			row_add_real(row, name, strtod(v, NULL));
			break;
		default:
			row_add_text(row, name, v, (size_t)PQgetlength(c->res, r, col));
			break;
		}
	}
	return 1;
}

static void pg_cursor_close(struct db_cursor *base)
{
	struct pg_cursor *c = (struct pg_cursor *)base;
	PQclear(c->res);
	free(c);
}

static int pg_once(struct store *base, long long *v, const char *sql, const char *types, va_list ap)
{
	PGresult *res = run(pgs(base), sql, types, ap, false);
	if (!res)
		return LIA_EDB;
	if (PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0)) {
		const char *t = PQgetvalue(res, 0, 0);
		*v = PQftype(res, 0) == OID_BOOL ? (t[0] == 't') : strtoll(t, NULL, 10);
	}
	PQclear(res);
	return 0;
}

static int pg_blob(struct store *base, char **data, size_t *len, const char *sql, const char *types, va_list ap)
{
	PGresult *res = run(pgs(base), sql, types, ap, true);
	if (!res)
		return LIA_EDB;
	int rc = 0;
	if (PQntuples(res) == 0 || PQnfields(res) == 0) {
		rc = LIA_ENOTFOUND;
	} else {
		size_t n = (size_t)PQgetlength(res, 0, 0);
		*data = mem_alloc(n + 1);
		if (n)
			memcpy(*data, PQgetvalue(res, 0, 0), n);
		(*data)[n] = '\0';
		*len = n;
	}
	PQclear(res);
	return rc;
}

static int script(struct pg_store *s, const char *sql, char **err, bool starting)
{
	reconnect_if_lost(s, starting);
	PGresult *res = PQexec(s->conn, sql);
	note_tx(s);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		if (err)
			*err = first_line(PQresultErrorMessage(res));
		rc = LIA_EDB;
	}
	PQclear(res);
	return rc;
}

static int pg_script(struct store *s, const char *sql, char **err)
{
	return script(pgs(s), sql, err, false);
}

static int pg_begin(struct store *s, enum db_tx mode)
{
	if (mode == DB_TX_READ)
		return script(pgs(s), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL, true);
	/* READ COMMITTED after the lock: every statement sees what the writers
	 * before this one committed, as in SQLite, where a writer holds its
	 * file's only write lock. Connections that serve no municipality (no
	 * id) share one lock, -1. */
	char sql[256];
	if (mode == DB_TX_DEPLOYMENT)
		snprintf(sql, sizeof(sql),
		         "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ", 0)");
	else
		snprintf(sql, sizeof(sql),
		         "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock_shared(" PG_WRITE_LOCK ", 0),"
		         " pg_advisory_xact_lock(" PG_WRITE_LOCK ", %d)",
		         s->municipality_id > 0 && s->municipality_id <= INT_MAX ? (int)s->municipality_id : -1);
	char *err = NULL;
	int rc = script(pgs(s), sql, &err, true);
	if (rc != 0) {
		log_error("sql begin failed: %s", err ? err : "");
		db_rollback(s);
	}
	free(err);
	return rc;
}

/* A transaction on a lost connection is gone with it: nothing to end, and
 * the next statement may connect again (the caller has given up on it). */
static bool pg_in_tx(struct store *base)
{
	struct pg_store *s = pgs(base);
	if (PQstatus(s->conn) != CONNECTION_OK)
		s->tx = false;
	else
		note_tx(s);
	return s->tx;
}

/* The id the last INSERT gave (its table's identity sequence). Triggers in
 * lia's schema insert only into tables without one, so this is the
 * caller's row, as SQLite's last_insert_rowid is. */
static long long pg_last_id(struct store *s)
{
	int e = 0;
	return db_int(s, &e, 0, "SELECT lastval()", NULL);
}

static const struct db_engine pg_engine = {
	.rows = pg_rows,
	.once = pg_once,
	.blob = pg_blob,
	.script = pg_script,
	.begin = pg_begin,
	.in_tx = pg_in_tx,
	.cursor_open = pg_cursor_open,
	.cursor_next = pg_cursor_next,
	.cursor_close = pg_cursor_close,
	.last_id = pg_last_id,
	.close = pg_close,
};
