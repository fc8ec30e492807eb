/*
 * The database fixture of the unit tests (see fixture.h): one temporary
 * folder per test process holding t.db, opened through the store's own
 * functions so the tests see the database exactly as lia does. With
 * LIA_TEST_DB=pg the database is a new PostgreSQL database instead, made in
 * the throwaway cluster whose URI is in LIA_TEST_PG (tests/lib/pg.sh), and
 * dropped again by fixture_close; the folder is made all the same. There a
 * migrated database (with the demo or without) is made once per test program
 * and copied for every test (CREATE DATABASE ... TEMPLATE): migrating anew
 * for each test was most of unit-pg's time.
 */
#include "fixture.h"

#include "store/db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct store *fixture_db;
static char dir[64];
static char pg_name[64]; /* the running test's PostgreSQL database, "" on SQLite */

bool fixture_on_pg(void)
{
	const char *v = getenv("LIA_TEST_DB");
	return v && strcmp(v, "pg") == 0;
}

/* Run one statement on the cluster's administration database: 0, or the
 * store's error code (err, if given, gets the message; the caller frees it). */
static struct store *admin_open(void)
{
	const char *admin = getenv("LIA_TEST_PG");
	cr_assert_not_null(admin, "LIA_TEST_DB=pg needs LIA_TEST_PG (start a cluster with tests/lib/pg.sh)");
	struct store *s = NULL;
	char *err = NULL;
	cr_assert_eq(store_open(admin, STORE_OPEN_EXISTING, &s, &err), 0, "%s", err ? err : "");
	return s;
}

static int pg_admin_try(const char *statement, char **err)
{
	struct store *s = admin_open();
	int rc = db_script(s, statement, err);
	store_close(s);
	return rc;
}

static void pg_admin(const char *statement)
{
	char *err = NULL;
	cr_assert_eq(pg_admin_try(statement, &err), 0, "%s: %s", statement, err ? err : "");
}

/* Like pg_admin, tried again for a while when the database named in it is
 * still in use (a connection just closed is ended by the server a moment
 * later; another process may be copying the same template). A failure is
 * printed unless its message has expected in it. */
static int pg_admin_retry(const char *statement, const char *expected)
{
	for (int attempt = 0;; attempt++) {
		char *err = NULL;
		int rc = pg_admin_try(statement, &err);
		bool busy = rc != 0 && err && strstr(err, "is being accessed by other users");
		if (rc == 0 || !busy || attempt >= 100) {
			if (rc != 0 && !(expected && err && strstr(err, expected)))
				fprintf(stderr, "fixture: %s: %s\n", statement, err ? err : "");
			free(err);
			return rc;
		}
		free(err);
		nanosleep(&(struct timespec){.tv_nsec = 50 * 1000 * 1000}, NULL);
	}
}

static bool pg_database_exists(const char *name)
{
	struct store *s = admin_open();
	int e = 0;
	long long n = db_int(s, &e, 0, "SELECT count(*) FROM pg_database WHERE datname = ?", "t", name);
	store_close(s);
	cr_assert_eq(e, 0);
	return n > 0;
}

/* A new database (a copy of template when not NULL) in out: on SQLite a file
 * in folder, on PostgreSQL a database in the cluster. */
static void new_database(char *out, size_t n, const char *folder, const char *template)
{
	if (!fixture_on_pg()) {
		snprintf(out, n, "%s/t.db", folder);
		return;
	}
	static unsigned made;
	char name[64], statement[256];
	snprintf(name, sizeof(name), "lia_u_%ld_%u_%u", (long)getpid(), made++, (unsigned)rand());
	snprintf(statement, sizeof(statement), "CREATE DATABASE %s%s%s", name, template ? " TEMPLATE " : "",
	         template ? template : "");
	cr_assert_eq(pg_admin_retry(statement, NULL), 0, "%s", statement);
	const char *admin = getenv("LIA_TEST_PG");
	const char *slash = strrchr(admin, '/');
	snprintf(out, n, "%.*s/%s", (int)(slash - admin), admin, name);
	snprintf(pg_name, sizeof(pg_name), "%s", name);
}

void fixture_new_database(char *out, size_t n, const char *folder)
{
	new_database(out, n, folder, NULL);
}

static char path[256]; /* fixture_db's --db, for fixture_database() */

/* Removes the running test's temporary folder. */
static void remove_dir(void)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static void open_new(const char *template)
{
	snprintf(dir, sizeof(dir), "/tmp/lia-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	new_database(path, sizeof(path), dir, template);
	char *err = NULL;
	cr_assert_eq(store_open(path, template ? STORE_OPEN_EXISTING : STORE_OPEN_CREATE, &fixture_db, &err), 0,
	             "%s", err ? err : "");
}

void fixture_fresh(void)
{
	open_new(NULL);
}

static void fill(bool demo)
{
	char *err = NULL;
	cr_assert_eq(store_migrate(fixture_db, &err), 0, "%s", err ? err : "");
	if (!demo)
		return;
	cr_assert_eq(store_load_reference(fixture_db, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_demo(fixture_db, &err), 0, "%s", err ? err : "");
}

/* A migrated database, with the demo or without. On PostgreSQL a copy of
 * this test program's template of it, made by the first test that needs it
 * and renamed into place (another process sees all of it or none). */
static void made(bool demo)
{
	if (!fixture_on_pg()) {
		open_new(NULL);
		fill(demo);
		return;
	}
	struct stat st;
	cr_assert_eq(stat("/proc/self/exe", &st), 0);
	char template[64];
	snprintf(template, sizeof(template), "lia_u_tpl_%s_%lx_%llx", demo ? "demo" : "schema",
	         (unsigned long)st.st_ino, (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL + st.st_mtim.tv_nsec);
	if (!pg_database_exists(template)) {
		open_new(NULL);
		fill(demo);
		store_close(fixture_db);
		fixture_db = NULL;
		char statement[192];
		snprintf(statement, sizeof(statement), "ALTER DATABASE %s RENAME TO %s", pg_name, template);
		if (pg_admin_retry(statement, "already exists") != 0) {
			cr_assert(pg_database_exists(template), "%s", statement);
			snprintf(statement, sizeof(statement), "DROP DATABASE %s WITH (FORCE)", pg_name);
			pg_admin(statement); /* another process made it first */
		}
		pg_name[0] = '\0';
		remove_dir();
	}
	open_new(template);
}

void fixture_schema(void)
{
	made(false);
}

void fixture_demo(void)
{
	made(true);
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
	remove_dir();
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
