/*
 * migrate: numbered schema migrations, compiled into the binary from
 * src/store/migrations/. A file NNNN_name.sql is portable SQL, run on both
 * engines; a file NNNN_name.sqlite.sql or NNNN_name.pg.sql is for that engine
 * only: either a twin (the same change in the engine's own words, as
 * triggers are) or a companion of the portable file of the same number (what
 * only that engine needs, as PostgreSQL's bigint money). All files of one
 * number run once, in order (the portable one first), in one transaction,
 * and are recorded in lia_migration under that number. A SQLite file is
 * stamped with lia's application_id, and a PostgreSQL database with tables
 * but no lia_migration is refused, so lia never migrates a foreign database.
 */
#include "store/db.h"

#include "core/assets.h"
#include "core/err.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIGRATION_PREFIX "store/"

int db_migration_number(const struct asset *a)
{
	return atoi(a->name + strlen(MIGRATION_PREFIX));
}

/* The highest migration this lia knows: all of them, unless the environment
 * variable LIA_TEST_SCHEMA_MAX makes it act as an older lia that knows up to
 * that number. Only the tests set it, to make a database at an older schema
 * the way an older lia would have made it (tests/http/migrate.test.mjs). */
static int known_max(void)
{
	const char *v = getenv("LIA_TEST_SCHEMA_MAX");
	return v && *v ? atoi(v) : MIGRATIONS_MAX * 1000;
}

/* 0 portable, 1 this engine's own, -1 another engine's or no migration. */
static int migration_kind(const char *name, enum db_kind kind)
{
	if (strncmp(name, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)) != 0)
		return -1;
	const char *base = name + strlen(MIGRATION_PREFIX);
	size_t len = strlen(base);
	if (len < 9 || strcmp(base + len - 4, ".sql") != 0)
		return -1;
	const char *dot = strchr(base, '.');
	if (strcmp(dot, ".sql") == 0)
		return 0;
	return strcmp(dot, kind == DB_PG ? ".pg.sql" : ".sqlite.sql") == 0 ? 1 : -1;
}

unsigned db_migrations(enum db_kind kind, const struct asset **list, unsigned max)
{
	int order[MIGRATIONS_MAX];
	unsigned n = 0;
	int upto = known_max();
	for (unsigned i = 0; i < assets_count && n < max && n < MIGRATIONS_MAX; i++) {
		int k = migration_kind(assets[i].name, kind);
		if (k < 0 || db_migration_number(&assets[i]) > upto)
			continue;
		int key = db_migration_number(&assets[i]) * 2 + k;
		unsigned j = n++;
		while (j > 0 && order[j - 1] > key) {
			list[j] = list[j - 1];
			order[j] = order[j - 1];
			j--;
		}
		list[j] = &assets[i];
		order[j] = key;
	}
	return n;
}

int store_schema_latest(void)
{
	const struct asset *list[MIGRATIONS_MAX];
	unsigned n = db_migrations(DB_SQLITE, list, MIGRATIONS_MAX);
	return n ? db_migration_number(list[n - 1]) : 0;
}

int store_schema_version(struct store *s)
{
	int err = 0;
	long long has = db_int(s, &err, 0, DB_SQL(s,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'lia_migration'",
		"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
		" AND table_name = 'lia_migration'"), NULL);
	if (err || !has)
		return 0;
	return (int)db_int(s, &err, 0, "SELECT max(version) FROM lia_migration", NULL);
}

/* Is this database lia's, or empty (then it becomes lia's)? 0, or an error
 * with *err. */
static int claim(struct store *s, char **err)
{
	int e = 0;
	if (s->kind == DB_PG) {
		long long tables = db_int(s, &e, 0, "SELECT count(*) FROM information_schema.tables"
		                                    " WHERE table_schema = current_schema()", NULL);
		if (e) {
			*err = mem_strdup("cannot read the database");
			return LIA_EDB;
		}
		if (tables > 0 && store_schema_version(s) == 0) {
			*err = mem_strdup("this database is not a lia database (it holds other tables)");
			return LIA_EINVAL;
		}
		return 0;
	}
	long long app = db_int(s, &e, 0, "PRAGMA application_id", NULL);
	long long tables = db_int(s, &e, 0, "SELECT count(*) FROM sqlite_schema", NULL);
	if (e) {
		*err = mem_strdup("cannot read the database (is it a SQLite file?)");
		return LIA_EDB;
	}
	if (app != DB_LIA_APPLICATION_ID && (app != 0 || tables > 0)) {
		*err = mem_strdup("this file is not a lia database");
		return LIA_EINVAL;
	}
	if (app == 0 && db_script(s, "PRAGMA application_id = 1818845473", err) != 0)
		return LIA_EDB;
	return 0;
}

/* SQLite: the triggers that move lia_data_version (0021_data_version.sqlite.sql)
 * on every table that lacks them, one per kind of change; inside the
 * migration's transaction. Left out, as on PostgreSQL (lia_data_version_triggers,
 * 0017_data_version.pg.sql): what no cached page shows and what changes on
 * signed-in requests (sessions, sign-in attempts, API tokens' last use), and
 * the bookkeeping. Virtual tables and their shadow tables (full-text search)
 * take no triggers; the tables they index move it. */
static int data_version_triggers(struct store *s, char **err)
{
	static const char *const kinds[] = {"INSERT", "UPDATE", "DELETE"};
	json_t *tables = db_rows(s, "SELECT l.name FROM pragma_table_list l WHERE l.schema = 'main' AND l.type = 'table'"
	                            " AND l.name NOT LIKE 'sqlite_%' AND l.name NOT IN ('lia_data_version', 'lia_migration',"
	                            " 'lia_national_version', 'session', 'sign_in_attempt', 'api_token')"
	                            " AND NOT EXISTS (SELECT 1 FROM sqlite_schema t WHERE t.type = 'trigger'"
	                            " AND t.tbl_name = l.name AND t.name LIKE 'lia\\_data\\_version\\_%' ESCAPE '\\')"
	                            " ORDER BY l.name", NULL);
	if (!tables) {
		*err = mem_strdup("cannot list the tables for the data version");
		return LIA_EDB;
	}
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(tables, i, row) {
		const char *t = json_string_value(json_object_get(row, "name"));
		for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds) && rc == 0; k++) {
			char sql[512];
			int n = snprintf(sql, sizeof(sql), "CREATE TRIGGER \"lia_data_version_%s_%s\" AFTER %s ON \"%s\""
			                 " BEGIN UPDATE lia_data_version SET n = n + 1 WHERE id = 1; END", t, kinds[k], kinds[k], t);
			if (n < 0 || (size_t)n >= sizeof(sql)) {
				*err = db_errdup("a table name too long for its data version trigger: %.64s", t);
				rc = LIA_EINTERNAL;
			} else {
				rc = db_script(s, sql, err);
			}
		}
	}
	json_decref(tables);
	return rc;
}

/* Run the files list[from, to) (one number) and record the number. */
static int apply(struct store *s, const struct asset **list, unsigned from, unsigned to, char **err)
{
	char now[24];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (db_begin_deployment(s) != 0)
		return LIA_EDB;
	/* PostgreSQL: a migration sees and changes the rows of every
	 * municipality (the row-level security of 0018_municipalities.pg.sql
	 * lets lia.scope 'deployment' through), for this transaction only. */
	if (s->kind == DB_PG && db_script(s, "SELECT set_config('lia.scope', 'deployment', true)", err) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	for (unsigned i = from; i < to; i++) {
		if (db_script(s, list[i]->data, err) != 0) {
			db_rollback(s);
			return LIA_EDB;
		}
	}
	/* PostgreSQL: every new `id INTEGER PRIMARY KEY` becomes an identity
	 * (lia_identities, 0001_domain.pg.sql), so portable migrations need no
	 * PostgreSQL file for their tables' ids. */
	if (s->kind == DB_PG && db_script(s, "SELECT lia_identities()", err) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	/* PostgreSQL: every table (also a new one) belongs to a municipality
	 * unless lia_global_tables() names it (lia_tenant_scope_all,
	 * 0018_municipalities.pg.sql). */
	if (s->kind == DB_PG && db_migration_number(list[from]) >= 18 &&
	    db_script(s, "SELECT lia_tenant_scope_all()", err) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	/* PostgreSQL: every table (also a new one) moves the data version
	 * (lia_data_version_triggers, 0017_data_version.pg.sql). */
	if (s->kind == DB_PG && db_migration_number(list[from]) >= 17 &&
	    db_script(s, "SELECT lia_data_version_triggers()", err) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	/* SQLite: the same from 0021 on (data_version_triggers). */
	if (s->kind == DB_SQLITE && db_migration_number(list[from]) >= 21 && data_version_triggers(s, err) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	if (db_exec(s, "INSERT INTO lia_migration (version, name, applied_at) VALUES (?, ?, ?)", "itt",
	            (long long)db_migration_number(list[from]), list[from]->name, now) != 0 ||
	    db_commit(s) != 0) {
		db_rollback(s);
		return LIA_EDB;
	}
	return 0;
}

int store_migrate(struct store *s, char **err)
{
	int rc = claim(s, err);
	if (rc != 0)
		return rc;
	if (db_script(s, "CREATE TABLE IF NOT EXISTS lia_migration ("
	                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", err) != 0)
		return LIA_EDB;

	const struct asset *list[MIGRATIONS_MAX];
	unsigned n = db_migrations(s->kind, list, MIGRATIONS_MAX);
	int current = store_schema_version(s);
	/* A newer lia changed the schema in ways this one does not know: serving
	 * it would answer errors or, worse, write what the newer one forbids. */
	if (current > store_schema_latest()) {
		*err = db_errdup("this database was made by a newer version of lia (schema %d; this lia knows up to %d): "
		                 "use that version, or restore a backup made before the upgrade",
		                 current, store_schema_latest());
		return LIA_ECONFLICT;
	}
	for (unsigned i = 0, j; i < n; i = j) {
		int v = db_migration_number(list[i]);
		for (j = i + 1; j < n && db_migration_number(list[j]) == v;)
			j++;
		if (v <= current)
			continue;
		if (apply(s, list, i, j, err) != 0) {
			if (!*err)
				*err = mem_strdup("could not record the migration");
			char *detail = *err;
			size_t len = strlen(detail) + strlen(list[i]->name) + 32;
			*err = mem_alloc(len);
			snprintf(*err, len, "migration %s failed: %s", list[i]->name, detail);
			free(detail);
			return LIA_EDB;
		}
		current = v;
	}
	return 0;
}
