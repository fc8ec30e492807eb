/*
 * Unit tests: the store's SQL helpers (db.h) on each engine. The same tests
 * run on SQLite (make unit) and on PostgreSQL (make unit-pg, LIA_TEST_DB=pg):
 * placeholders, the typing of results, bytes, large integers, the names a
 * URI is shown by, and a statement that fails inside a write.
 */
#include "core/err.h"
#include "store/db.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(db, .init = fixture_schema, .fini = fixture_close);

/* A ? inside a string literal or a comment is text, not a parameter;
 * ?N are numbered parameters (PostgreSQL gets $N). */
Test(db, placeholders_outside_literals_only)
{
	json_t *row = db_row(fixture_db,
		"SELECT 'a ? b' AS lit, 'it''s ?' AS quoted, ?2 AS second, ?1 AS first -- a ? here too\n", "ii", 1LL, 2LL);
	cr_assert(row && json_is_object(row));
	cr_assert_str_eq(json_string_value(json_object_get(row, "lit")), "a ? b");
	cr_assert_str_eq(json_string_value(json_object_get(row, "quoted")), "it's ?");
	cr_assert_eq(json_integer_value(json_object_get(row, "second")), 2);
	cr_assert_eq(json_integer_value(json_object_get(row, "first")), 1);
	json_decref(row);
}

/* Integers stay integers, is_* and *_checked become booleans, other
 * comparisons 0 or 1 (PostgreSQL has booleans, SQLite does not). */
Test(db, results_are_typed_as_on_sqlite)
{
	json_t *row = db_row(fixture_db, "SELECT 1 = 1 AS same, 1 = 2 AS differ, 1 AS is_on, 0 AS nl_checked,"
	                                 " 7 AS n, 'x' AS t, NULL AS empty, count(*) AS c FROM crpd_article", NULL);
	cr_assert(row && json_is_object(row));
	cr_assert(json_is_integer(json_object_get(row, "same")));
	cr_assert_eq(json_integer_value(json_object_get(row, "same")), 1);
	cr_assert_eq(json_integer_value(json_object_get(row, "differ")), 0);
	cr_assert(json_is_true(json_object_get(row, "is_on")));
	cr_assert(json_is_false(json_object_get(row, "nl_checked")));
	cr_assert_eq(json_integer_value(json_object_get(row, "n")), 7);
	cr_assert_str_eq(json_string_value(json_object_get(row, "t")), "x");
	cr_assert(json_is_null(json_object_get(row, "empty")));
	cr_assert(json_is_integer(json_object_get(row, "c")));
	json_decref(row);
}

/* Bytes go in and come back whole, NUL bytes included. */
Test(db, bytes_round_trip)
{
	static const char bytes[] = {'%', 'P', 'D', 'F', 0, 1, (char)0xff, 0, 'x'};
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO expense_import (created_at, content, digest) VALUES (?, ?, ?)",
	                     "tbt", "2024-01-01T00:00:00Z", bytes, sizeof(bytes), "d"), 0);
	long long id = db_last_id(fixture_db);
	cr_assert_gt(id, 0);
	char *data = NULL;
	size_t len = 0;
	cr_assert_eq(db_blob(fixture_db, &data, &len, "SELECT content FROM expense_import WHERE id = ?", "i", id), 0);
	cr_assert_eq(len, sizeof(bytes));
	cr_assert_eq(memcmp(data, bytes, len), 0);
	cr_assert_eq(data[len], '\0');
	free(data);
	cr_assert_eq(db_blob(fixture_db, &data, &len, "SELECT content FROM expense_import WHERE id = ?", "i", id + 1),
	             LIA_ENOTFOUND);
	cr_assert_null(data);
}

/* A 64-bit id is an id that is not there, not a database error; a 64-bit
 * amount is stored whole. */
Test(db, large_integers)
{
	json_t *row = db_row(fixture_db, "SELECT id FROM theme WHERE id = ?", "i", 100000000000LL);
	cr_assert(row && json_is_null(row));
	json_decref(row);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('municipality', 'G')", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO programme (organisation_id, title, start_year, end_year, lia_phase)"
	                                 " VALUES (?, 'P', 2021, 2024, 'vastgesteld')", "i", db_last_id(fixture_db)), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO fund_source (programme_id, name, year, amount_cents) VALUES (?, 'F', 2024, ?)",
	                     "ii", db_last_id(fixture_db), 5000000000000LL), 0);
	cr_assert_eq(fixture_count("SELECT sum(amount_cents) FROM fund_source"), 5000000000000LL);
}

/* A write that fails half-way leaves nothing, and the connection works on. */
Test(db, a_failed_statement_rolls_the_write_back)
{
	cr_assert_eq(db_begin(fixture_db), 0);
	cr_assert(db_in_tx(fixture_db));
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'A')", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('no such kind', 'B')", NULL), LIA_EDB);
	db_rollback(fixture_db);
	cr_assert_not(db_in_tx(fixture_db));
	cr_assert_eq(fixture_count("SELECT count(*) FROM organisation"), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'C')", NULL), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM organisation"), 1);
}

/* Which --db values are servers, and how they are shown. */
Test(db, uri_names_without_password)
{
	cr_assert(store_is_server("postgresql://h/db"));
	cr_assert(store_is_server("postgres://h/db"));
	cr_assert_not(store_is_server("lia.db"));
	cr_assert_not(store_is_server("./postgresql://x.db"));
	const struct {
		const char *in, *out;
	} cases[] = {
		{"postgresql://lia:geheim@db.example.org:5432/lia?sslmode=require", "postgresql://lia@db.example.org:5432/lia?sslmode=require"},
		{"postgres://lia@localhost/lia", "postgres://lia@localhost/lia"},
		{"postgresql://localhost/lia", "postgresql://localhost/lia"},
		{"postgresql:///lia?host=/run/postgresql", "postgresql:///lia?host=/run/postgresql"},
		{"demo.db", "demo.db"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *shown = store_display_name(cases[i].in);
		cr_assert_str_eq(shown, cases[i].out);
		free(shown);
	}
}

/* The text PostgreSQL gets for the store's placeholders. */
Test(db, placeholders_become_dollar_numbers)
{
	const struct {
		const char *in, *out;
		int n;
	} cases[] = {
		{"SELECT 1", "SELECT 1", 0},
		{"SELECT ? + ?", "SELECT $1 + $2", 2},
		{"WHERE ?1 = 0 OR a = ?1 AND b = ?2", "WHERE $1 = 0 OR a = $1 AND b = $2", 2},
		{"VALUES (?3, ?)", "VALUES ($3, $4)", 4},
		{"SELECT '?', 'it''s ?', \"q?\" FROM t WHERE x = ?", "SELECT '?', 'it''s ?', \"q?\" FROM t WHERE x = $1", 1},
		{"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
		{"SELECT 'open", "SELECT 'open", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = -1;
		char *out = db_sql_dollar(cases[i].in, &n);
		cr_assert_str_eq(out, cases[i].out, "%s", cases[i].in);
		cr_assert_eq(n, cases[i].n, "%s", cases[i].in);
		free(out);
	}
}

/* A commit says what happened: after a failed statement, PostgreSQL writes
 * nothing and the commit must fail; SQLite keeps the statements that worked
 * and the commit succeeds. Either way no write is lost or invented. */
Test(db, a_commit_after_a_failed_statement_says_what_it_did)
{
	cr_assert_eq(db_begin(fixture_db), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'A')", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('no such kind', 'B')", NULL), LIA_EDB);
	int rc = db_commit(fixture_db);
	db_rollback(fixture_db);
	cr_assert_not(db_in_tx(fixture_db));
	cr_assert_eq(fixture_count("SELECT count(*) FROM organisation"), rc == 0 ? 1 : 0, "commit returned %d", rc);
	if (fixture_on_pg())
		cr_assert_eq(rc, LIA_EDB);
}
