/*
 * The database fixture every unit test links: a fresh SQLite file in its own
 * temporary folder, with or without the schema, the reference data and the
 * demo programme, and the small query helper the tests assert with.
 *
 *   TestSuite(w_admin, .init = fixture_demo, .fini = fixture_close);
 *   ... store_period_create(fixture_db, ...) ... fixture_count("SELECT ...") ...
 *
 * LIA_TEST_DB=pg runs the same tests on PostgreSQL: each database is then a
 * new database in the cluster named by LIA_TEST_PG (tests/lib/pg.sh).
 *
 * Criterion runs each test in its own process, so the one store and folder
 * the fixture keeps per process belong to the test that is running.
 */
#ifndef LIA_TESTS_FIXTURE_H
#define LIA_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* The running test's database: set by fixture_fresh or fixture_demo, owned
 * by the fixture, NULL again after fixture_close. */
extern struct store *fixture_db;

/* A new, empty database file (no schema) in fixture_db. Any failure fails
 * the running test. For a suite's .init. */
void fixture_fresh(void);

/* Like fixture_fresh, then migrated: the schema without any rows. For a
 * suite's .init. */
void fixture_schema(void);

/* Like fixture_schema, with the reference data and the demo programme. For
 * a suite's .init. */
void fixture_demo(void);

/* Closes fixture_db and removes the temporary folder. For a suite's .fini. */
void fixture_close(void);

/* Do the tests run on PostgreSQL (LIA_TEST_DB=pg)? */
bool fixture_on_pg(void);

/* Where a new database goes, as --db takes it, into out (n bytes): a file
 * in folder, or the URI of a new, empty PostgreSQL database. For tests that
 * open a database by name themselves (test_routes). */
void fixture_new_database(char *out, size_t n, const char *folder);

/* fixture_db as --db names it: its file or its URI (valid until fixture_close). */
const char *fixture_database(void);

/* The temporary folder of the running test (valid until fixture_close). */
const char *fixture_dir(void);

/* The first column of the first row of sql (no parameters) in fixture_db,
 * -1 without a row; a query error fails the running test. sql should be a
 * literal: the store caches statements by its address. */
long long fixture_count(const char *sql);

#endif
