/*
 * Unit tests: the expense import engine (w_import) on a real SQLite file with
 * the demo programme, whose allocations get the codes KP1001..KP1015 here.
 * What a spreadsheet may hand us (separators, encodings, BOM, CRLF, quotes,
 * Dutch amounts and dates), every kind of wrong line with its line number,
 * files that are not a table, duplicates, all-or-nothing apply with one audit
 * entry per expense, and a large generated file whose total is counted three
 * ways (in C, by the check, and by SQL over the imported rows).
 */
#include "core/csvread.h"
#include "core/err.h"
#include "core/money.h"
#include "store/db.h"
#include "store/w_import.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2024-05-01T10:00:00Z"};
static const struct import_options en = {.lang = "en"};

static void open_demo(void)
{
	fixture_demo();
	cr_assert_eq(db_exec(fixture_db, "UPDATE allocation SET code = 'KP' || (1000 + id)", NULL), 0);
}

TestSuite(import, .init = open_demo, .fini = fixture_close);

/* sql (a literal: statements are cached by its address) with one integer parameter. */
static long long count_i(const char *sql, long long v)
{
	int e = 0;
	long long n = db_int(fixture_db, &e, -1, sql, "i", v);
	cr_assert_eq(e, 0);
	return n;
}

static long long num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	cr_assert(json_is_integer(v), "%s is an integer", key);
	return (long long)json_integer_value(v);
}

static const char *str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	cr_assert_not_null(v, "%s is a string", key);
	return v;
}

/* Check len bytes; the result must be a table (rc 0). Caller releases it. */
static json_t *check_n(const char *csv, size_t len)
{
	json_t *res = NULL;
	int rc = store_expense_import_check(fixture_db, csv, len, &en, &res);
	cr_assert_eq(rc, 0, "check returned %d: %s", rc, res ? json_dumps(res, 0) : "");
	cr_assert_not_null(res);
	return res;
}

static json_t *check(const char *csv)
{
	return check_n(csv, strlen(csv));
}

/* The first listed error on line, or NULL. */
static json_t *error_on(json_t *res, long long line)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(res, "error"), i, e)
		if (num(e, "line") == line)
			return e;
	return NULL;
}

/* An error on line, in column (NULL: none), whose message names the line and holds each of want. */
static void assert_error(json_t *res, long long line, const char *column, const char *want1, const char *want2)
{
	json_t *e = error_on(res, line);
	cr_assert_not_null(e, "an error on line %lld", line);
	const char *col = json_string_value(json_object_get(e, "column"));
	if (column)
		cr_assert(col && strcmp(col, column) == 0, "line %lld: column %s expected, got %s", line, column,
		          col ? col : "(none)");
	else
		cr_assert_null(col, "line %lld: no column expected, got %s", line, col);
	const char *m = str(e, "message");
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "Line %lld", line);
	cr_assert(strncmp(m, prefix, strlen(prefix)) == 0, "message starts with '%s': %s", prefix, m);
	if (want1)
		cr_assert(strstr(m, want1), "line %lld: '%s' in: %s", line, want1, m);
	if (want2)
		cr_assert(strstr(m, want2), "line %lld: '%s' in: %s", line, want2, m);
}

static const char *add_field(json_t *res, size_t i, const char *key)
{
	json_t *a = json_array_get(json_object_get(res, "add"), i);
	cr_assert_not_null(a, "add[%zu]", i);
	return str(a, key);
}

static long long add_num(json_t *res, size_t i, const char *key)
{
	json_t *a = json_array_get(json_object_get(res, "add"), i);
	cr_assert_not_null(a, "add[%zu]", i);
	return num(a, key);
}

/* --- formats --------------------------------------------------------------- */

Test(import, semicolon_utf8_dutch_amounts_and_dates)
{
	json_t *res = check("datum;bedrag;omschrijving;toewijzing;referentie\n"
	                    "31-12-2023;€ 1.234,56;Zaal en koffie;KP1001;R-1\n"
	                    "2023-12-31;1234,56;Café De Hemel;kp1002;R-2\n"
	                    "15-6-2023;-250,00;Creditnota;3;R-3\n");
	cr_assert_str_eq(str(res, "separator"), ";");
	cr_assert_str_eq(str(res, "encoding"), "UTF-8");
	cr_assert_eq(num(res, "lines"), 3);
	cr_assert_eq(num(res, "to_add"), 3);
	cr_assert_eq(num(res, "errors"), 0);
	cr_assert_eq(num(res, "duplicates"), 0);
	cr_assert_eq(num(res, "total_cents"), 123456 + 123456 - 25000);
	cr_assert_str_eq(add_field(res, 0, "spent_on"), "2023-12-31");
	cr_assert_str_eq(add_field(res, 1, "spent_on"), "2023-12-31");
	cr_assert_str_eq(add_field(res, 2, "spent_on"), "2023-06-15");
	cr_assert_eq(add_num(res, 0, "amount_cents"), 123456);
	cr_assert_eq(add_num(res, 2, "amount_cents"), -25000);
	cr_assert_eq(add_num(res, 0, "allocation_id"), 1);
	cr_assert_eq(add_num(res, 1, "allocation_id"), 2, "codes match whatever their case");
	cr_assert_eq(add_num(res, 2, "allocation_id"), 3, "a number names the allocation too");
	cr_assert_str_eq(add_field(res, 2, "allocation_code"), "KP1003");
	cr_assert_str_eq(add_field(res, 1, "description"), "Café De Hemel");
	cr_assert_eq(add_num(res, 0, "line"), 2);
	json_t *cols = json_object_get(res, "columns");
	cr_assert_str_eq(str(cols, "date"), "datum");
	cr_assert_str_eq(str(cols, "reference"), "referentie");
	cr_assert_eq(json_array_size(json_object_get(res, "ignored_columns")), 0);
	cr_assert(json_is_false(json_object_get(res, "more_listed")));
	json_decref(res);
}

Test(import, comma_crlf_and_quoted_separators)
{
	json_t *res = check("Date,Amount,Description,Allocation,Reference\r\n"
	                    "31-12-2023,\"1.234,56\",\"Zaal, koffie en thee\",KP1001,\"F,1\"\r\n"
	                    "2023-12-30,\"€ -250,00\",\"Zei \"\"ja\"\"; toch\",KP1002,F2\r\n");
	cr_assert_str_eq(str(res, "separator"), ",");
	cr_assert_eq(num(res, "to_add"), 2);
	cr_assert_eq(num(res, "errors"), 0);
	cr_assert_str_eq(add_field(res, 0, "description"), "Zaal, koffie en thee");
	cr_assert_str_eq(add_field(res, 0, "reference"), "F,1");
	cr_assert_eq(add_num(res, 0, "amount_cents"), 123456);
	cr_assert_str_eq(add_field(res, 1, "description"), "Zei \"ja\"; toch");
	cr_assert_str_eq(add_field(res, 1, "reference"), "F2", "no CR left at the end of a CRLF line");
	cr_assert_eq(add_num(res, 1, "amount_cents"), -25000);
	cr_assert_eq(add_num(res, 1, "line"), 3);
	json_decref(res);
}

Test(import, utf8_with_bom)
{
	json_t *res = check("\xEF\xBB\xBF" "datum;bedrag;omschrijving;toewijzing\n"
	                    "31-12-2023;12,50;Café;KP1001\n");
	cr_assert_str_eq(str(res, "encoding"), "UTF-8");
	cr_assert_str_eq(str(json_object_get(res, "columns"), "date"), "datum", "the byte order mark is not part of the name");
	cr_assert_eq(num(res, "to_add"), 1);
	cr_assert_str_eq(add_field(res, 0, "description"), "Café");
	json_decref(res);
}

Test(import, windows_1252)
{
	static const char csv[] = "datum;bedrag;omschrijving;toewijzing\r\n"
	                          "31-12-2023;\x80 12,50;Caf\xE9 \x80 koffie;KP1001\r\n";
	json_t *res = check_n(csv, sizeof(csv) - 1);
	cr_assert_str_eq(str(res, "encoding"), "Windows-1252");
	cr_assert_eq(num(res, "to_add"), 1);
	cr_assert_eq(add_num(res, 0, "amount_cents"), 1250, "0x80 is the euro sign");
	cr_assert_str_eq(add_field(res, 0, "description"), "Café € koffie");
	json_decref(res);
}

Test(import, header_names_and_ignored_columns)
{
	json_t *res = check("Boekdatum;Bedrag (EUR);Omschrijving;Kostenplaats;Factuurnummer;Grootboek;Boek datum\n"
	                    "31-12-2023;10,00;Zaal;KP1004;F-9;4400;1-1-2024\n");
	json_t *cols = json_object_get(res, "columns");
	cr_assert_str_eq(str(cols, "date"), "Boekdatum");
	cr_assert_str_eq(str(cols, "amount"), "Bedrag (EUR)");
	cr_assert_str_eq(str(cols, "allocation"), "Kostenplaats");
	cr_assert_str_eq(str(cols, "reference"), "Factuurnummer");
	json_t *ign = json_object_get(res, "ignored_columns");
	cr_assert_eq(json_array_size(ign), 2);
	cr_assert_str_eq(json_string_value(json_array_get(ign, 0)), "Grootboek");
	cr_assert_str_eq(json_string_value(json_array_get(ign, 1)), "Boek datum", "a second date column is not used");
	cr_assert_str_eq(add_field(res, 0, "spent_on"), "2023-12-31");
	cr_assert_str_eq(add_field(res, 0, "reference"), "F-9");
	json_decref(res);
}

Test(import, no_reference_column)
{
	json_t *res = check("datum;bedrag;omschrijving;toewijzing\n31-12-2023;10,00;Zaal;KP1004\n");
	cr_assert_null(json_object_get(json_object_get(res, "columns"), "reference"));
	cr_assert_str_eq(add_field(res, 0, "reference"), "");
	json_decref(res);
}

Test(import, the_screens_and_ledger_names_whatever_case_accents_and_punctuation)
{
	/* "Kenmerk" and "Toekenning" are what lia's own screens call them. */
	json_t *res = check("DATUM;Bedrag:;Omschrijving;Toekenning;Kenmerk;Grootboekrekening\n"
	                    "31-12-2023;10,00;Zaal;KP1004;K-77;4400\n");
	json_t *cols = json_object_get(res, "columns");
	cr_assert_str_eq(str(cols, "date"), "DATUM");
	cr_assert_str_eq(str(cols, "amount"), "Bedrag:");
	cr_assert_str_eq(str(cols, "allocation"), "Toekenning");
	cr_assert_str_eq(str(cols, "reference"), "Kenmerk");
	cr_assert_str_eq(add_field(res, 0, "reference"), "K-77", "the Kenmerk column is read, not dropped");
	cr_assert_eq(json_array_size(json_object_get(res, "ignored_columns")), 1);
	json_decref(res);
	res = check("Boekingsdatum,Référence,Kostendrager,Boekingsomschrijving,Totaalbedrag\n"
	            "2023-12-31,B-1,KP1004,Zaal,\"10,00\"\n");
	cols = json_object_get(res, "columns");
	cr_assert_str_eq(str(cols, "date"), "Boekingsdatum");
	cr_assert_str_eq(str(cols, "reference"), "Référence", "accents are ignored");
	cr_assert_str_eq(str(cols, "allocation"), "Kostendrager");
	cr_assert_str_eq(str(cols, "description"), "Boekingsomschrijving");
	cr_assert_str_eq(str(cols, "amount"), "Totaalbedrag");
	cr_assert_eq(json_array_size(json_object_get(res, "ignored_columns")), 0);
	json_decref(res);
}

Test(import, one_allocation_chosen_for_a_file_without_an_allocation_column)
{
	const char *csv = "Boekdatum;Bedrag;Omschrijving;Kenmerk\n31-12-2023;10,00;Zaal;K-1\n30-12-2023;5,00;Koffie;K-2\n";
	json_t *res = NULL;
	/* Without a choice the file is refused as a whole, and the message says how to choose. */
	cr_assert_eq(store_expense_import_check(fixture_db, csv, strlen(csv), &en, &res), LIA_EINVAL);
	cr_assert(strstr(str(res, "message"), "Choose the allocation for all lines"), "%s", str(res, "message"));
	json_decref(res);
	struct import_options o = {.lang = "en", .allocation = "kp1004"};
	cr_assert_eq(store_expense_import_check(fixture_db, csv, strlen(csv), &o, &res), 0);
	cr_assert_eq(num(res, "to_add"), 2);
	cr_assert_eq(add_num(res, 0, "allocation_id"), 4);
	cr_assert_eq(add_num(res, 1, "allocation_id"), 4);
	json_t *ch = json_object_get(res, "chosen_allocation");
	cr_assert_eq(num(ch, "id"), 4);
	cr_assert_str_eq(str(ch, "code"), "KP1004");
	json_decref(res);
	/* A line that names its own allocation keeps it; an empty cell takes the chosen one. */
	const char *mixed = "datum;bedrag;omschrijving;toekenning\n31-12-2023;10,00;Zaal;KP1005\n31-12-2023;10,00;Zaal;\n";
	cr_assert_eq(store_expense_import_check(fixture_db, mixed, strlen(mixed), &o, &res), 0);
	cr_assert_eq(add_num(res, 0, "allocation_id"), 5);
	cr_assert_eq(add_num(res, 1, "allocation_id"), 4);
	json_decref(res);
	/* An allocation that does not exist refuses the file, naming it. */
	o.allocation = "NOPE-9";
	cr_assert_eq(store_expense_import_check(fixture_db, csv, strlen(csv), &o, &res), LIA_EINVAL);
	cr_assert(strstr(str(res, "message"), "'NOPE-9'"), "%s", str(res, "message"));
	json_decref(res);
	/* Apply with the choice adds both lines on allocation 4. */
	long long before = count_i("SELECT count(*) FROM expense WHERE allocation_id = ?", 4);
	o.allocation = "4";
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, 0, csv, strlen(csv), &o, &res), 0);
	cr_assert_eq(num(res, "added"), 2);
	json_decref(res);
	cr_assert_eq(count_i("SELECT count(*) FROM expense WHERE allocation_id = ?", 4), before + 2);
}

/* --- wrong lines -------------------------------------------------------------- */

Test(import, each_kind_of_wrong_line_with_its_line_number)
{
	char longdesc[260], longref[120];
	memset(longdesc, 'x', 201);
	longdesc[201] = '\0';
	memset(longref, 'r', 101);
	longref[101] = '\0';
	char csv[2048];
	snprintf(csv, sizeof(csv),
	         "datum;bedrag;omschrijving;toewijzing;referentie\n" /* 1 */
	         "31-13-2023;10,00;Zaal;KP1001;A\n"                  /* 2: no such month */
	         "31-12-2023;12,3,4;Zaal;KP1001;B\n"                 /* 3: not an amount */
	         "31-12-2023;0,00;Zaal;KP1001;C\n"                   /* 4: zero */
	         "31-12-2023;10,00; ;KP1001;D\n"                     /* 5: no description */
	         "31-12-2023;10,00;Zaal;XX999;E\n"                   /* 6: unknown allocation */
	         "31-12-2023;10,00;Zaal;;F\n"                        /* 7: no allocation */
	         "31-12-2023;10,00;%s;KP1001;G\n"                    /* 8: description too long */
	         "31-12-2023;10,00;Zaal;KP1001;%s\n"                 /* 9: reference too long */
	         "31-12-2023;10,00\n"                                /* 10: too few values */
	         ";;;;\n"                                            /* 11: blank (skipped) */
	         "31-12-23;10,00;Zaal;KP1001;H\n"                    /* 12: two-digit year */
	         ";10,00;Zaal;KP1001;I\n"                            /* 13: no date */
	         "31-12-2023;;Zaal;KP1001;J\n"                       /* 14: no amount */
	         "31-12-2023;10,00;Zaal;KP1001;K;extra\n"            /* 15: one value too many */
	         "31-12-2023;10,00;Zaal;KP1001;L;\n"                 /* 16: an empty extra value is fine */
	         "morgen;1,2345;;;M\n",                              /* 17: four things wrong */
	         longdesc, longref);
	json_t *res = check(csv);
	long long c;
	enum money_error me = money_parse("12,3,4", &c);
	cr_assert_neq(me, MONEY_OK);
	char date_out[11];

	assert_error(res, 2, "date", "'31-13-2023'", csvread_date_error_text(csvread_date("31-13-2023", date_out)));
	assert_error(res, 3, "amount", "'12,3,4'", money_error_text(me));
	assert_error(res, 4, "amount", "0", NULL);
	assert_error(res, 5, "description", "description", NULL);
	assert_error(res, 6, "allocation", "'XX999'", NULL);
	assert_error(res, 7, "allocation", "missing", NULL);
	assert_error(res, 8, "description", "201", "200");
	assert_error(res, 9, "reference", "101", "100");
	assert_error(res, 10, NULL, "2 values", "5 columns");
	cr_assert_null(error_on(res, 11));
	assert_error(res, 12, "date", "'31-12-23'", csvread_date_error_text(CSVREAD_DATE_SHORT_YEAR));
	assert_error(res, 13, "date", csvread_date_error_text(CSVREAD_DATE_EMPTY), NULL);
	assert_error(res, 14, "amount", money_error_text(MONEY_EMPTY), NULL);
	assert_error(res, 15, NULL, "6 values", "5 columns");
	cr_assert_null(error_on(res, 16));
	/* Every problem of a line is listed, not only the first. */
	size_t on17 = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(res, "error"), i, e)
		on17 += num(e, "line") == 17;
	cr_assert_eq(on17, 4, "line 17 has four problems, %zu listed", on17);

	cr_assert_eq(num(res, "lines"), 15, "the blank line is not counted");
	cr_assert_eq(num(res, "to_add"), 1);
	cr_assert_eq(num(res, "total_cents"), 1000);
	cr_assert_eq(num(res, "errors"), (long long)json_array_size(json_object_get(res, "error")));
	cr_assert_eq(num(res, "errors"), 14 + 3);
	json_decref(res);
}

Test(import, messages_cut_long_values)
{
	char csv[512];
	snprintf(csv, sizeof(csv), "datum;bedrag;omschrijving;toewijzing\n31-12-2023;10,00;Zaal;%s\n",
	         "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ");
	json_t *res = check(csv);
	const char *m = str(error_on(res, 2), "message");
	cr_assert(strstr(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN…"), "%s", m);
	cr_assert_null(strstr(m, "OPQRSTUVWXYZ'"), "%s", m);
	json_decref(res);
}

static void assert_not_a_table(const char *csv, size_t len, const char *want)
{
	json_t *res = NULL;
	cr_assert_eq(store_expense_import_check(fixture_db, csv, len, &en, &res), LIA_EINVAL, "not a table: %.60s", csv);
	cr_assert_not_null(res);
	const char *m = str(res, "message");
	cr_assert(strstr(m, want), "'%s' in: %s", want, m);
	cr_assert_eq(json_object_size(res), 1, "only a message");
	json_decref(res);
}

Test(import, files_that_are_not_a_table)
{
	/* A file, its length in bytes (0: strlen), and what the message must say. */
	static const struct {
		const char *csv;
		size_t len;
		const char *want;
	} files[] = {
		{"datum;omschrijving;toewijzing\n31-12-2023;Zaal;KP1001\n", 0, "no column for the amount"},
		{"bedrag;omschrijving;toewijzing\n10,00;Zaal;KP1001\n", 0, "no column for the date"},
		{"datum;bedrag;toewijzing\n31-12-2023;10,00;KP1001\n", 0, "no column for the description"},
		{"datum;bedrag;omschrijving\n31-12-2023;10,00;Zaal\n", 0, "no column for the allocation"},
		{"31-12-2023;10,00;Zaal;KP1001\n", 0, "first line"},
		{"datum;bedrag;omschrijving;toewijzing\n", 0, "no expenses"},
		{"", 0, "no rows"},
		{"datum;bedrag;omschrijving;toewijzing\n31-12-2023;10,00;\"Zaal;KP1001\n", 0, "Line 2"},
		{"\xFF\xFE" "d\0a\0", 6, "UTF-16"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		assert_not_a_table(files[i].csv, files[i].len ? files[i].len : strlen(files[i].csv), files[i].want);
}

Test(import, an_amount_above_the_largest_lia_records_is_refused_on_its_line)
{
	/* Each amount is at most EUR 1.000.000.000 (MONEY_MAX_CENTS), so no sum of lines can overflow. */
	json_t *res = check("datum;bedrag;omschrijving;toewijzing;referentie\n"
	                    "31-12-2023;50.000.000.000.000.000,00;Veel;KP1001;A\n"
	                    "31-12-2023;1.000.000.000,01;Net te veel;KP1001;B\n"
	                    "31-12-2023;1.000.000.000,00;Net genoeg;KP1001;C\n"
	                    "31-12-2023;-1,00;Weinig;KP1001;D\n");
	cr_assert_eq(num(res, "to_add"), 2);
	cr_assert_eq(num(res, "total_cents"), 100000000000LL - 100);
	assert_error(res, 2, "amount", "too large", NULL);
	assert_error(res, 3, "amount", "too large", NULL);
	json_decref(res);
}

Test(import, check_inside_a_read_snapshot_of_the_caller)
{
	/* The server reads each GET request in one snapshot; the check joins it. */
	cr_assert_eq(store_read_begin(fixture_db), 0);
	json_t *res = check("datum;bedrag;omschrijving;toewijzing\n31-12-2023;10,00;Zaal;KP1001\n");
	cr_assert_eq(num(res, "to_add"), 1);
	store_read_end(fixture_db);
	json_decref(res);
}

/* --- duplicates -------------------------------------------------------------- */

Test(import, duplicates_of_existing_expenses_and_of_earlier_lines)
{
	/* Demo expense 1: allocation 1, 2023-03-31, 14.250,00, FAC-2023-0112. */
	json_t *res = check("datum;bedrag;omschrijving;toewijzing;referentie\n"
	                    "31-03-2023;14.250,00;Andere tekst;KP1001;FAC-2023-0112\n" /* 2: in lia */
	                    "31-03-2023;14.250,00;Andere tekst;KP1001;FAC-2023-9999\n" /* 3: other reference: new */
	                    "01-04-2023;99,00;Nieuw;KP1001;N-1\n"                      /* 4: new */
	                    "2023-04-01;99,00;Nog eens;kp1001;N-1\n"                   /* 5: line 4 again */
	                    "01-04-2023;99,00;Nieuw;KP1002;N-1\n"                      /* 6: other allocation: new */
	                    "01-04-2023;-99,00;Nieuw;KP1001;N-1\n");                   /* 7: other amount: new */
	cr_assert_eq(num(res, "duplicates"), 2);
	cr_assert_eq(num(res, "to_add"), 4);
	cr_assert_eq(num(res, "total_cents"), 1425000 + 9900 + 9900 - 9900);
	json_t *d = json_object_get(res, "duplicate");
	cr_assert_eq(json_array_size(d), 2);
	cr_assert_eq(num(json_array_get(d, 0), "line"), 2);
	cr_assert_eq(num(json_array_get(d, 0), "expense_id"), 1);
	cr_assert_null(json_object_get(json_array_get(d, 0), "of_line"));
	cr_assert_str_eq(str(json_array_get(d, 0), "allocation_code"), "KP1001");
	cr_assert_eq(num(json_array_get(d, 1), "line"), 5);
	cr_assert_eq(num(json_array_get(d, 1), "of_line"), 4);
	cr_assert_null(json_object_get(json_array_get(d, 1), "expense_id"));
	json_decref(res);
}

/* --- apply ----------------------------------------------------------------- */

static long long save(const char *csv)
{
	long long id = 0;
	cr_assert_eq(store_expense_import_save(fixture_db, &who, "uitgaven.csv", csv, strlen(csv), &id), 0);
	cr_assert_gt(id, 0);
	return id;
}

Test(import, apply_adds_nothing_when_one_line_is_wrong)
{
	const char *csv = "datum;bedrag;omschrijving;toewijzing;referentie\n"
	                  "31-12-2023;10,00;Zaal;KP1001;A\n"
	                  "31-12-2023;20,00;Zaal;KP1001;B\n"
	                  "31-12-2023;12,3,4;Zaal;KP1001;C\n"
	                  "31-12-2023;30,00;Zaal;KP1001;D\n";
	long long id = save(csv);
	long long expenses = fixture_count("SELECT count(*) FROM expense");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	json_t *res = NULL;
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, id, csv, strlen(csv), &en, &res), LIA_EINVAL);
	cr_assert_not_null(res);
	cr_assert_eq(num(res, "added"), 0);
	cr_assert_eq(num(res, "errors"), 1);
	cr_assert_eq(num(res, "to_add"), 3);
	assert_error(res, 4, "amount", "'12,3,4'", NULL);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense"), expenses);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense_import WHERE imported_at IS NULL AND added = 0"), 1);
	json_decref(res);
}

Test(import, apply_adds_all_with_one_audit_entry_each)
{
	const char *csv = "datum;bedrag;omschrijving;toewijzing;referentie\n"
	                  "31-12-2023;10,00;Zaal;KP1001;A\n"
	                  "31-03-2023;14.250,00;Al in lia;KP1001;FAC-2023-0112\n"
	                  "30-12-2023;-2,50;Creditnota;KP1002;B\n"
	                  "29-12-2023;€ 1.000,-;Tolk;KP1003;\n";
	long long id = save(csv);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense_import' AND action = 'create'"), 1);
	cr_assert_eq(count_i("SELECT lines FROM expense_import WHERE id = ? AND added = 0 AND imported_at IS NULL", id), 4,
	             "a kept file knows its data lines before it is imported");
	long long expenses = fixture_count("SELECT count(*) FROM expense");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense'");
	json_t *res = NULL;
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, id, csv, strlen(csv), &en, &res), 0);
	cr_assert_eq(num(res, "added"), 3);
	cr_assert_eq(num(res, "duplicates"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense"), expenses + 3);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense'"), audits + 3);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry e JOIN expense x ON x.id = e.entity_id"
	                           " WHERE e.entity = 'expense' AND e.action = 'create' AND e.before_json IS NULL"
	                           " AND e.request_id = 'test' AND x.import_id IS NOT NULL"
	                           " AND CAST(json_extract(e.after_json, '$.amount_cents') AS TEXT) = CAST(x.amount_cents AS TEXT)"
	                           " AND CAST(json_extract(e.after_json, '$.import_id') AS TEXT) = CAST(x.import_id AS TEXT)"), 3);
	cr_assert_eq(count_i("SELECT count(*) FROM expense WHERE import_id = ?", id), 3);
	cr_assert_eq(count_i("SELECT sum(amount_cents) FROM expense WHERE import_id = ?", id), 1000 - 250 + 100000);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense WHERE reference = '' AND description = 'Tolk'"
	                           " AND spent_on = '2023-12-29' AND allocation_id = 3"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense_import' AND action = 'update'"
	                           " AND CAST(json_extract(after_json, '$.added') AS TEXT) = '3'"), 1);

	/* The kept file and its record. */
	json_t *meta = NULL;
	char *data = NULL;
	size_t len = 0;
	cr_assert_eq(store_expense_import_get(fixture_db, id, &meta, &data, &len), 0);
	cr_assert_eq(len, strlen(csv));
	cr_assert_eq(memcmp(data, csv, len), 0);
	cr_assert_eq(num(meta, "lines"), 4);
	cr_assert_eq(num(meta, "added"), 3);
	cr_assert_str_eq(str(meta, "imported_at"), who.now);
	cr_assert_str_eq(str(meta, "file_name"), "uitgaven.csv");
	cr_assert_eq(strlen(str(meta, "digest")), 64);
	free(data);
	json_decref(meta);
	json_decref(res);
	cr_assert_eq(store_expense_import_get(fixture_db, id + 100, &meta, &data, &len), LIA_ENOTFOUND);

	/* Importing the same kept file again adds nothing. */
	res = NULL;
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, id, csv, strlen(csv), &en, &res), LIA_ECONFLICT);
	cr_assert_not_null(json_object_get(res, "message"));
	json_decref(res);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense"), expenses + 3);
	/* And checking it again finds every line in lia. */
	res = check(csv);
	cr_assert_eq(num(res, "to_add"), 0);
	cr_assert_eq(num(res, "duplicates"), 4);
	json_decref(res);
}

Test(import, date_outside_the_year_is_a_warning_and_still_added)
{
	/* Allocation 11 is paid from the 2024 funds. */
	const char *csv = "datum;bedrag;omschrijving;toewijzing\n"
	                  "15-06-2023;100,00;Te vroeg;KP1011\n"
	                  "15-06-2024;100,00;Op tijd;KP1011\n";
	json_t *res = check(csv);
	cr_assert_eq(num(res, "warnings"), 1);
	cr_assert_eq(num(res, "errors"), 0);
	cr_assert_eq(num(res, "to_add"), 2);
	json_t *w = json_array_get(json_object_get(res, "warning"), 0);
	cr_assert_eq(num(w, "line"), 2);
	cr_assert(strstr(str(w, "message"), "2024"), "%s", str(w, "message"));
	cr_assert(strncmp(str(w, "message"), "Line 2", 6) == 0, "%s", str(w, "message"));
	json_decref(res);
	long long expenses = fixture_count("SELECT count(*) FROM expense");
	res = NULL;
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, save(csv), csv, strlen(csv), &en, &res), 0);
	cr_assert_eq(num(res, "added"), 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM expense"), expenses + 2);
	json_decref(res);
}

/* --- a large file -------------------------------------------------------------- */

struct progress_seen {
	size_t calls, last_done, last_total;
	bool backwards;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
	struct progress_seen *p = ctx;
	if (p->calls && done < p->last_done)
		p->backwards = true;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

/* A random amount of cents, never 0, up to ± € 100.000. */
static long long random_cents(unsigned *seed)
{
	long long v = (long long)(rand_r(seed) % 10000000) + 1;
	return rand_r(seed) % 4 == 0 ? -v : v;
}

/* Cents as the files write them, in several of the accepted ways. */
static void amount_text(long long c, int how, char *out, size_t n)
{
	long long a = c < 0 ? -c : c;
	switch (how % 4) {
	case 0: money_format(c, "nl", out, n); break;                                  /* € -1.234,56 / € 300 */
	case 1: snprintf(out, n, "%s%lld,%02lld", c < 0 ? "-" : "", a / 100, a % 100); break; /* -1234,56 */
	case 2: snprintf(out, n, "%s%lld.%02lld", c < 0 ? "-" : "", a / 100, a % 100); break; /* -1234.56 */
	default: snprintf(out, n, "%s€ %lld,%02lld", c < 0 ? "-" : "", a / 100, a % 100); break;
	}
}

Test(import, twenty_thousand_lines_summed_three_ways, .timeout = 300)
{
	enum { N = 20000, REPEATS = 100 };
	size_t cap = (N + REPEATS + 1) * 96, len = 0;
	char *csv = malloc(cap);
	cr_assert_not_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "datum;bedrag;omschrijving;toewijzing;referentie\r\n");
	unsigned seed = 20240501;
	long long sum = 0;
	for (int i = 0; i < N; i++) {
		long long c = random_cents(&seed);
		sum += c;
		char amount[MONEY_TEXT_MAX];
		amount_text(c, i, amount, sizeof(amount));
		/* Allocations 1-10 are paid from 2023 funds: dates in 2023, no warnings. */
		int alloc = 1 + rand_r(&seed) % 10, month = 1 + rand_r(&seed) % 12, day = 1 + rand_r(&seed) % 28;
		if (i % 2)
			len += (size_t)snprintf(csv + len, cap - len, "%02d-%02d-2023;\"%s\";Regel %d;KP%d;GEN-%06d\r\n", day,
			                        month, amount, i, 1000 + alloc, i);
		else
			len += (size_t)snprintf(csv + len, cap - len, "2023-%02d-%02d;\"%s\";Regel %d;%d;GEN-%06d\r\n", month,
			                        day, amount, i, alloc, i);
	}
	/* The first REPEATS lines again, word for word: duplicates of earlier lines. */
	const char *second = strchr(csv, '\n') + 1;
	const char *p = second;
	for (int i = 0; i < REPEATS; i++)
		p = strchr(p, '\n') + 1;
	size_t again = (size_t)(p - second);
	memcpy(csv + len, second, again);
	len += again;
	cr_assert_lt(len, cap);

	struct progress_seen seen = {0};
	struct import_options o = {.lang = "en", .progress = on_progress, .progress_ctx = &seen};
	json_t *res = NULL;
	cr_assert_eq(store_expense_import_check(fixture_db, csv, len, &o, &res), 0);
	cr_assert_eq(num(res, "lines"), N + REPEATS);
	cr_assert_eq(num(res, "errors"), 0, "%s", json_dumps(json_object_get(res, "error"), 0));
	cr_assert_eq(num(res, "warnings"), 0);
	cr_assert_eq(num(res, "duplicates"), REPEATS);
	cr_assert_eq(num(res, "to_add"), N);
	cr_assert_eq(num(res, "total_cents"), sum, "the check's total equals the sum in C");
	cr_assert_eq(json_array_size(json_object_get(res, "add")), 100, "the default list length");
	cr_assert_eq(num(json_array_get(json_object_get(res, "duplicate"), 0), "of_line"), 2);
	cr_assert(json_is_true(json_object_get(res, "more_listed")));
	cr_assert_gt(seen.calls, 10);
	cr_assert(!seen.backwards);
	cr_assert_eq(seen.last_done, seen.last_total);
	cr_assert_eq(seen.last_total, N + REPEATS);
	json_decref(res);

	long long id = 0;
	cr_assert_eq(store_expense_import_save(fixture_db, &who, "groot.csv", csv, len, &id), 0);
	long long audits = fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense'");
	seen = (struct progress_seen){0};
	res = NULL;
	cr_assert_eq(store_expense_import_apply(fixture_db, &who, id, csv, len, &o, &res), 0);
	cr_assert_eq(num(res, "added"), N);
	cr_assert_eq(num(res, "total_cents"), sum);
	cr_assert_eq(count_i("SELECT sum(amount_cents) FROM expense WHERE import_id = ?", id), sum,
	             "SQL's sum of the imported rows equals the sum in C");
	cr_assert_eq(count_i("SELECT count(*) FROM expense WHERE import_id = ?", id), N);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'expense'"), audits + N);
	cr_assert(!seen.backwards);
	cr_assert_eq(seen.last_done, seen.last_total);
	json_decref(res);
	free(csv);
}
