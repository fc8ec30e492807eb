/*
 * The database fixture every unit test links: a fresh SQLite file in its own
 * temporary folder, with or without the schema, the reference data and the
 * demo programme, and the small query helper the tests assert with. Criterion
 * runs each test in its own process, so the one folder the fixture keeps per
 * process belongs to the test that is running; fixture_close removes it.
 */
#ifndef LIA_TESTS_FIXTURE_H
#define LIA_TESTS_FIXTURE_H

struct store;

/* Opens a new, empty database file (no schema): the caller owns the store
 * until fixture_close. Any failure fails the running test. */
struct store *fixture_open_fresh(void);

/* Like fixture_open_fresh, then migrates and loads the reference data and
 * the demo programme. */
struct store *fixture_open_demo(void);

/* Closes *s, sets it to NULL and removes the temporary folder. */
void fixture_close(struct store **s);

/* The temporary folder of the running test (valid until fixture_close). */
const char *fixture_dir(void);

/* The first column of the first row of sql (no parameters), -1 without a
 * row; a query error fails the running test. */
long long fixture_count(struct store *s, const char *sql);

#endif
