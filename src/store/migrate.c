/*
 * migrate: numbered schema migrations, compiled into the binary from
 * src/store/migrations/. A file NNNN_name.sql is portable SQL; a file
 * NNNN_name.sqlite.sql is for this backend only. Each runs once, in order,
 * in its own transaction, and is recorded in lia_migration. The file is
 * stamped with lia's application_id so lia never migrates a foreign database.
 */
#include "store/db.h"

#include "core/assets.h"
#include "core/err.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIA_APPLICATION_ID 0x6c696121 /* "lia!" */
#define MIGRATION_PREFIX "store/"

/* Migrations for this backend, sorted by name. Returns the count. */
static unsigned migrations(const struct asset **list, unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < assets_count && n < max; i++) {
		const char *name = assets[i].name;
		if (strncmp(name, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)) != 0)
			continue;
		const char *base = name + strlen(MIGRATION_PREFIX);
		size_t len = strlen(base);
		if (len < 9 || strcmp(base + len - 4, ".sql") != 0)
			continue;
		/* backend-specific files name their backend before .sql */
		const char *dot = strchr(base, '.');
		if (dot && strcmp(dot, ".sql") != 0 && strcmp(dot, ".sqlite.sql") != 0)
			continue;
		unsigned j = n++;
		while (j > 0 && strcmp(list[j - 1]->name, name) > 0) {
			list[j] = list[j - 1];
			j--;
		}
		list[j] = &assets[i];
	}
	return n;
}

static int version_of(const struct asset *a)
{
	return atoi(a->name + strlen(MIGRATION_PREFIX));
}

int store_schema_latest(void)
{
	const struct asset *list[64];
	unsigned n = migrations(list, ARRAY_LEN(list));
	return n ? version_of(list[n - 1]) : 0;
}

int store_schema_version(struct store *s)
{
	int err = 0;
	long long has = db_int(s, &err, 0,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'lia_migration'", NULL);
	if (err || !has)
		return 0;
	return (int)db_int(s, &err, 0, "SELECT max(version) FROM lia_migration", NULL);
}

int store_migrate(struct store *s, char **err)
{
	int e = 0;
	long long app = db_int(s, &e, 0, "PRAGMA application_id", NULL);
	long long tables = db_int(s, &e, 0, "SELECT count(*) FROM sqlite_schema", NULL);
	if (e) {
		*err = mem_strdup("cannot read the database (is it a SQLite file?)");
		return LIA_EDB;
	}
	if (app != LIA_APPLICATION_ID && (app != 0 || tables > 0)) {
		*err = mem_strdup("this file is not a lia database");
		return LIA_EINVAL;
	}
	if (app == 0 && db_script(s, "PRAGMA application_id = 1818845473", err) != 0)
		return LIA_EDB;
	if (db_script(s, "CREATE TABLE IF NOT EXISTS lia_migration ("
	                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", err) != 0)
		return LIA_EDB;

	const struct asset *list[64];
	unsigned n = migrations(list, ARRAY_LEN(list));
	int current = store_schema_version(s);
	for (unsigned i = 0; i < n; i++) {
		int v = version_of(list[i]);
		if (v <= current)
			continue;
		if (db_begin(s) != 0 ||
		    db_script(s, list[i]->data, err) != 0 ||
		    db_exec(s, "INSERT INTO lia_migration (version, name, applied_at)"
		               " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
		            "it", (long long)v, list[i]->name) != 0 ||
		    db_commit(s) != 0) {
			db_rollback(s);
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
