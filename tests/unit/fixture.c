/*
 * The database fixture of the unit tests (see fixture.h): one temporary
 * folder per test process holding t.db, opened through the store's own
 * functions so the tests see the database exactly as lia does. With
 * LIA_TEST_DB=pg the database is a new PostgreSQL database instead, made in
 * the throwaway cluster whose URI is in LIA_TEST_PG (tests/lib/pg.sh), and
 * dropped again by fixture_close; the folder is made all the same.
 */
#include "fixture.h"

#include "store/db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct store *fixture_db;
static char dir[64];
static char pg_name[64]; /* the running test's PostgreSQL database, "" on SQLite */

bool fixture_on_pg(void)
{
	const char *v = getenv("LIA_TEST_DB");
	return v && strcmp(v, "pg") == 0;
}

/* Run one statement on the cluster's administration database. */
static void pg_admin(const char *statement)
{
	const char *admin = getenv("LIA_TEST_PG");
	cr_assert_not_null(admin, "LIA_TEST_DB=pg needs LIA_TEST_PG (start a cluster with tests/lib/pg.sh)");
	struct store *s = NULL;
	char *err = NULL;
	cr_assert_eq(store_open(admin, STORE_OPEN_EXISTING, &s, &err), 0, "%s", err ? err : "");
	cr_assert_eq(db_script(s, statement, &err), 0, "%s: %s", statement, err ? err : "");
	store_close(s);
}

void fixture_new_database(char *out, size_t n, const char *folder)
{
	if (!fixture_on_pg()) {
		snprintf(out, n, "%s/t.db", folder);
		return;
	}
	static unsigned made;
	char name[64], statement[128];
	snprintf(name, sizeof(name), "lia_u_%ld_%u_%u", (long)getpid(), made++, (unsigned)rand());
	snprintf(statement, sizeof(statement), "CREATE DATABASE %s", name);
	pg_admin(statement);
	const char *admin = getenv("LIA_TEST_PG");
	const char *slash = strrchr(admin, '/');
	snprintf(out, n, "%.*s/%s", (int)(slash - admin), admin, name);
	snprintf(pg_name, sizeof(pg_name), "%s", name);
}

static char path[256]; /* fixture_db's --db, for fixture_database() */

void fixture_fresh(void)
{
	snprintf(dir, sizeof(dir), "/tmp/lia-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	fixture_new_database(path, sizeof(path), dir);
	char *err = NULL;
	cr_assert_eq(store_open(path, STORE_OPEN_CREATE, &fixture_db, &err), 0, "%s", err ? err : "");
}

void fixture_schema(void)
{
	fixture_fresh();
	char *err = NULL;
	cr_assert_eq(store_migrate(fixture_db, &err), 0, "%s", err ? err : "");
}

void fixture_demo(void)
{
	fixture_schema();
	char *err = NULL;
	cr_assert_eq(store_load_reference(fixture_db, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_demo(fixture_db, &err), 0, "%s", err ? err : "");
}

void fixture_close(void)
{
	store_close(fixture_db);
	fixture_db = NULL;
	if (pg_name[0]) {
		char statement[128];
		snprintf(statement, sizeof(statement), "DROP DATABASE %s WITH (FORCE)", pg_name);
		pg_admin(statement);
		pg_name[0] = '\0';
	}
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

const char *fixture_database(void)
{
	return path;
}

const char *fixture_dir(void)
{
	return dir;
}

long long fixture_count(const char *sql)
{
	int e = 0;
	long long n = db_int(fixture_db, &e, -1, sql, NULL);
	cr_assert_eq(e, 0, "%s", sql);
	return n;
}
