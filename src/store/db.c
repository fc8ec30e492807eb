/*
 * db: the engine-independent half of the store's SQL helpers (db.h). It
 * decides which engine a --db value names (store_open: a postgresql:// or
 * postgres:// URI is PostgreSQL, anything else a SQLite file) and passes
 * every db_* call on to that connection's engine; what is the same for both
 * (grouping rows, transactions as the store uses them) lives here once.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *db_errdup(const char *fmt, ...)
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

bool store_is_server(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

char *store_display_name(const char *path)
{
	if (!path)
		return mem_strdup("");
	if (!store_is_server(path))
		return mem_strdup(path);
	/* scheme://user:password@host/...: keep the user, drop the password */
	const char *auth = strstr(path, "://") + 3;
	const char *at = strchr(auth, '@');
	const char *slash = strchr(auth, '/');
	if (!at || (slash && slash < at))
		return mem_strdup(path);
	const char *colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon)
		return mem_strdup(path);
	return db_errdup("%.*s%s", (int)(colon - path), path, at);
}

int store_open(const char *path, int flags, struct store **out, char **err)
{
	*out = NULL;
	int rc = store_is_server(path) ? db_pg_open(path, flags, out, err) : db_sqlite_open(path, flags, out, err);
	if (rc == 0) {
		(*out)->municipality_id = 1;
		(*out)->deployment = mem_strdup(path);
	}
	return rc;
}

void store_close(struct store *s)
{
	if (s) {
		free(s->deployment);
		s->engine->close(s);
	}
}

char *db_sql_dollar(const char *sql, int *nparams)
{
	size_t len = strlen(sql);
	char *out = mem_alloc(len * 12 + 1); /* one "?" becomes "$" and an int at most */
	char *o = out;
	int max = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p) {
				if (*p == q && p[1] == q) { /* '' inside a literal */
					*o++ = *p++;
					*o++ = *p++;
				} else if (*p == q) {
					*o++ = *p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			p++;
			int n;
			if (*p >= '0' && *p <= '9') {
				long v = strtol(p, (char **)&p, 10);
				n = v > 65535 ? 65535 : (int)v; /* PostgreSQL's own limit; no int overflow */
			} else {
				n = max + 1;
			}
			if (n > max)
				max = n;
			o += sprintf(o, "$%d", n);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

bool db_is_flag(const char *name)
{
	size_t n = strlen(name);
	return strncmp(name, "is_", 3) == 0 || (n > 8 && strcmp(name + n - 8, "_checked") == 0);
}

json_t *db_rows(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *rows = s->engine->rows(s, 0, sql, types, ap);
	va_end(ap);
	return rows;
}

struct db_cursor *db_open(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_cursor *c = s->engine->cursor_open(s, sql, types, ap);
	va_end(ap);
	return c;
}

int db_next(struct db_cursor *c, struct row *row)
{
	row_reset(row);
	int got = c->engine->cursor_next(c, row);
	if (got > 0) {
		/* Every row of a statement has its columns, in their order (a
		 * NULL is a field too). */
		if (!c->shape)
			c->shape = row_shape_new();
		row->shape = c->shape;
		row->nshape = row->n;
	}
	return got;
}

void db_close(struct db_cursor *c)
{
	if (c)
		c->engine->cursor_close(c);
}

json_t *db_row(struct store *s, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	json_t *rows = s->engine->rows(s, 1, sql, types, ap);
	va_end(ap);
	if (!rows)
		return NULL;
	json_t *row = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	return row;
}

int db_exec(struct store *s, const char *sql, const char *types, ...)
{
	/* A change outside a transaction is a write too (store_pool_release). */
	if (!s->engine->in_tx(s))
		s->wrote = true;
	long long ignored;
	va_list ap;
	va_start(ap, types);
	int rc = s->engine->once(s, &ignored, sql, types, ap);
	va_end(ap);
	return rc;
}

int db_exec_nowait(struct store *s, const char *sql, const char *types, ...)
{
	if (!s->engine->in_tx(s))
		s->wrote = true;
	long long ignored;
	va_list ap;
	va_start(ap, types);
	int rc = s->engine->once_nowait ? s->engine->once_nowait(s, sql, types, ap)
	                                : s->engine->once(s, &ignored, sql, types, ap);
	va_end(ap);
	return rc;
}

long long db_int(struct store *s, int *err, long long dflt, const char *sql, const char *types, ...)
{
	long long v = dflt;
	va_list ap;
	va_start(ap, types);
	int rc = s->engine->once(s, &v, sql, types, ap);
	va_end(ap);
	if (rc)
		*err = rc;
	return v;
}

int db_blob(struct store *s, char **data, size_t *len, const char *sql, const char *types, ...)
{
	*data = NULL;
	*len = 0;
	va_list ap;
	va_start(ap, types);
	int rc = s->engine->blob(s, data, len, sql, types, ap);
	va_end(ap);
	return rc;
}

int db_script(struct store *s, const char *sql, char **err)
{
	return s->engine->script(s, sql, err);
}

bool db_in_tx(struct store *s)
{
	return s->engine->in_tx(s);
}

int store_read_begin(struct store *s)
{
	return s->engine->begin(s, DB_TX_READ);
}

void store_read_end(struct store *s)
{
	db_rollback(s); /* nothing was written: ending it either way is the same */
}

long long db_last_id(struct store *s)
{
	return s->engine->last_id(s);
}

int db_begin(struct store *s)
{
	s->wrote = true;
	return s->engine->begin(s, DB_TX_WRITE);
}

int db_begin_deployment(struct store *s)
{
	s->wrote = true;
	return s->engine->begin(s, DB_TX_DEPLOYMENT);
}

int db_commit(struct store *s)
{
	return db_exec(s, "COMMIT", NULL);
}

void db_rollback(struct store *s)
{
	if (s->engine->in_tx(s) && db_exec(s, "ROLLBACK", NULL) != 0)
		return; /* logged by the engine; the connection ends the transaction when it closes */
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
