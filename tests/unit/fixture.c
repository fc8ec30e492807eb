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

static char dir[64];

struct store *fixture_open_fresh(void)
{
	snprintf(dir, sizeof(dir), "/tmp/lia-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/t.db", dir);
	struct store *s = NULL;
	char *err = NULL;
	cr_assert_eq(store_open(path, STORE_OPEN_CREATE, &s, &err), 0, "%s", err ? err : "");
	return s;
}

struct store *fixture_open_demo(void)
{
	struct store *s = fixture_open_fresh();
	char *err = NULL;
	cr_assert_eq(store_migrate(s, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_reference(s, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_demo(s, &err), 0, "%s", err ? err : "");
	return s;
}

void fixture_close(struct store **s)
{
	store_close(*s);
	*s = NULL;
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

const char *fixture_dir(void)
{
	return dir;
}

long long fixture_count(struct store *s, const char *sql)
{
	int e = 0;
	long long n = db_int(s, &e, -1, sql, NULL);
	cr_assert_eq(e, 0, "%s", sql);
	return n;
}
