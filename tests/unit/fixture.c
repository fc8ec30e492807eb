/*
 * The database fixture of the unit tests (see fixture.h): one temporary
 * folder per test process holding t.db, opened through the store's own
 * functions so the tests see the database exactly as lia does.
 */
#include "fixture.h"

#include "store/db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

struct store *fixture_db;
static char dir[64];

void fixture_fresh(void)
{
	snprintf(dir, sizeof(dir), "/tmp/lia-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/t.db", dir);
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
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
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
