/*
 * Unit tests: csvread, the CSV reader for the expense import. Files as Dutch
 * Excel and financial systems write them: ';' or ',', UTF-8 with or without
 * BOM, Windows-1252, quoted fields, CRLF, blank lines; and the dates in them.
 */
#include "core/csvread.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>

static struct csvread_table *parse_ok(const char *s)
{
	struct csvread_table *t = NULL;
	struct csvread_error err = {0};
	int rc = csvread_parse(s, strlen(s), &t, &err);
	cr_assert_eq(rc, CSVREAD_OK, "rc %d, line %zu: %s", rc, err.line, err.msgid ? err.msgid : "");
	cr_assert_not_null(t);
	return t;
}

static int parse_fail(const char *s, size_t len, struct csvread_error *err)
{
	struct csvread_table *t = (struct csvread_table *)1;
	int rc = csvread_parse(s, len, &t, err);
	cr_assert_lt(rc, 0);
	cr_assert_null(t);
	cr_assert_not_null(err->msgid);
	return rc;
}

Test(csvread, semicolon_file)
{
	struct csvread_table *t = parse_ok("Datum;Omschrijving;Bedrag\n31-12-2023;Koffie;1.234,56\n1-2-2024;Thee;12,50\n");
	cr_assert_eq(csvread_separator(t), ';');
	cr_assert_eq(csvread_encoding(t), CSVREAD_UTF8);
	cr_assert_eq(csvread_rows(t), 3);
	cr_assert_eq(csvread_fields(t, 1), 3);
	cr_assert_str_eq(csvread_field(t, 0, 2), "Bedrag");
	cr_assert_str_eq(csvread_field(t, 1, 2), "1.234,56");
	cr_assert_str_eq(csvread_field(t, 2, 1), "Thee");
	cr_assert_null(csvread_field(t, 2, 3));
	cr_assert_null(csvread_field(t, 3, 0));
	cr_assert_eq(csvread_fields(t, 3), 0);
	cr_assert_eq(csvread_line(t, 3), 0);
	csvread_free(t);
}

/* A small file and what the reader must make of it: the separator it
 * detects (0: not checked), the encoding (when check_encoding), the number
 * of rows and of fields in row 1 (0: not checked) and up to three fields. */
struct small_file {
	const char *what, *csv;
	char separator;
	bool check_encoding;
	enum csvread_encoding encoding;
	size_t rows, fields_in_row_1;
	struct {
		size_t row, col;
		const char *text; /* NULL: the end of the list */
	} fields[3];
};

static const struct small_file small_files[] = {
	/* The header decides: data lines may hold more commas inside quotes. */
	{"a comma file with quoted decimal commas", "date,description,amount\n2023-12-31,\"a, b, c\",\"1,5\"\n", ',', false,
	 0, 0, 3, {{1, 1, "a, b, c"}, {1, 2, "1,5"}}},
	{"tab separated", "a\tb\tc\n1\t\t3\n", '\t', false, 0, 0, 3, {{1, 1, ""}, {1, 2, "3"}}},
	{"commas in amounts under a semicolon header", "a;b\n1,5;2,25\n", ';', false, 0, 0, 0,
	 {{1, 0, "1,5"}, {1, 1, "2,25"}}},
	{"a separator inside the quoted header is ignored", "\"Bedrag (EUR; incl.)\",Datum,Naam\nx,y,z\n", ',', false, 0,
	 0, 0, {{0, 0, "Bedrag (EUR; incl.)"}}},
	{"UTF-8 with BOM (the BOM must be stripped)", "\xEF\xBB\xBFNaam;Plaats\nZoë;Den Haag\n", 0, true,
	 CSVREAD_UTF8_BOM, 0, 0, {{0, 0, "Naam"}, {1, 0, "Zoë"}}},
	{"UTF-8 without BOM", "Naam;Bedrag\nCafé;€ 5\n", 0, true, CSVREAD_UTF8, 0, 0, {{1, 0, "Café"}, {1, 1, "€ 5"}}},
	/* 0x80 is the euro sign, 0xEB is e-diaeresis in Windows-1252. */
	{"Windows-1252 converted", "Naam;Bedrag\r\nZo\xEB;\x80 12,50\r\n", 0, true, CSVREAD_CP1252, 0, 0,
	 {{1, 0, "Zo\xC3\xAB"}, {1, 1, "\xE2\x82\xAC 12,50"}}},
	/* C0 AF is an overlong '/': not UTF-8, so read as Windows-1252 (À¯). */
	{"overlong UTF-8 is not UTF-8", "a\n\xC0\xAF\n", 0, true, CSVREAD_CP1252, 0, 0, {{1, 0, "\xC3\x80\xC2\xAF"}}},
	{"spaces trimmed around unquoted fields only", "a;b\n  x  ;\"  y  \"\n", 0, false, 0, 0, 0,
	 {{1, 0, "x"}, {1, 1, "  y  "}}},
	{"last line without a newline", "a;b\n1;2", 0, false, 0, 2, 0, {{1, 1, "2"}}},
};

Test(csvread, small_files)
{
	for (size_t i = 0; i < sizeof(small_files) / sizeof(small_files[0]); i++) {
		const struct small_file *f = &small_files[i];
		struct csvread_table *t = parse_ok(f->csv);
		if (f->separator)
			cr_expect_eq(csvread_separator(t), f->separator, "%s", f->what);
		if (f->check_encoding)
			cr_expect_eq(csvread_encoding(t), f->encoding, "%s", f->what);
		if (f->rows)
			cr_expect_eq(csvread_rows(t), f->rows, "%s", f->what);
		if (f->fields_in_row_1)
			cr_expect_eq(csvread_fields(t, 1), f->fields_in_row_1, "%s", f->what);
		for (size_t k = 0; k < 3 && f->fields[k].text; k++)
			cr_expect_str_eq(csvread_field(t, f->fields[k].row, f->fields[k].col), f->fields[k].text,
			                 "%s: row %zu, field %zu", f->what, f->fields[k].row, f->fields[k].col);
		csvread_free(t);
	}
}

Test(csvread, undefined_cp1252_byte_refused_with_line)
{
	const char s[] = "Naam;Bedrag\nZo\xEB;1\nfoo\x81;2\n";
	struct csvread_error err;
	cr_assert_eq(parse_fail(s, sizeof(s) - 1, &err), CSVREAD_E_UNDEFINED);
	cr_assert_eq(err.line, 3);
	cr_assert(strstr(err.msgid, "Windows-1252"));
}

Test(csvread, bom_then_bad_utf8_refused)
{
	const char s[] = "\xEF\xBB\xBFNaam\nZo\xEB\n";
	struct csvread_error err;
	cr_assert_eq(parse_fail(s, sizeof(s) - 1, &err), CSVREAD_E_BAD_UTF8);
	cr_assert_eq(err.line, 2);
}

Test(csvread, utf16_and_binary_refused)
{
	struct csvread_error err;
	cr_assert_eq(parse_fail("\xFF\xFEN\0a\0", 6, &err), CSVREAD_E_UTF16);
	cr_assert_eq(parse_fail("a;b\nc\0d\n", 8, &err), CSVREAD_E_ENCODING);
	cr_assert_eq(err.line, 2);
}

Test(csvread, quoted_fields)
{
	struct csvread_table *t = parse_ok("a;b;c\n\"x;y\";\"zeg \"\"hoi\"\"\";\"regel 1\nregel 2\"\n");
	cr_assert_eq(csvread_rows(t), 2);
	cr_assert_str_eq(csvread_field(t, 1, 0), "x;y");
	cr_assert_str_eq(csvread_field(t, 1, 1), "zeg \"hoi\"");
	cr_assert_str_eq(csvread_field(t, 1, 2), "regel 1\nregel 2");
	csvread_free(t);
}

Test(csvread, crlf_line_ends)
{
	struct csvread_table *t = parse_ok("a;b\r\n1;2\r\n3;4\r\n");
	cr_assert_eq(csvread_rows(t), 3);
	cr_assert_str_eq(csvread_field(t, 1, 1), "2", "no CR left in the last field");
	cr_assert_str_eq(csvread_field(t, 2, 1), "4");
	cr_assert_eq(csvread_line(t, 2), 3);
	csvread_free(t);
}

Test(csvread, quoted_crlf_kept)
{
	struct csvread_table *t = parse_ok("a;b\r\n\"x\r\ny\";2\r\n3;4\r\n");
	cr_assert_str_eq(csvread_field(t, 1, 0), "x\r\ny");
	cr_assert_eq(csvread_line(t, 1), 2);
	cr_assert_eq(csvread_line(t, 2), 4);
	csvread_free(t);
}

Test(csvread, empty_lines_skipped)
{
	struct csvread_table *t = parse_ok("\n\na;b\n\n   \n;;\n1;2\r\n\r\n;\n");
	cr_assert_eq(csvread_rows(t), 2);
	cr_assert_str_eq(csvread_field(t, 0, 0), "a");
	cr_assert_eq(csvread_line(t, 0), 3);
	cr_assert_str_eq(csvread_field(t, 1, 0), "1");
	cr_assert_eq(csvread_line(t, 1), 7);
	csvread_free(t);
}

Test(csvread, line_numbers_after_quoted_newline)
{
	struct csvread_table *t = parse_ok("kop;tekst\n1;\"een\ntwee\ndrie\"\n\n2;x\n\"begin\nvan rij\";y\n3;z\n");
	cr_assert_eq(csvread_rows(t), 5);
	cr_assert_eq(csvread_line(t, 0), 1);
	cr_assert_eq(csvread_line(t, 1), 2);
	cr_assert_eq(csvread_line(t, 2), 6);
	cr_assert_eq(csvread_line(t, 3), 7, "a row whose first field spans lines starts where it starts");
	cr_assert_eq(csvread_line(t, 4), 9);
	csvread_free(t);
}

Test(csvread, unclosed_quote_refused_with_line)
{
	const char *s = "a;b\n1;2\n3;\"open\n4;5\n";
	struct csvread_error err;
	cr_assert_eq(parse_fail(s, strlen(s), &err), CSVREAD_E_QUOTE);
	cr_assert_eq(err.line, 3);
}

Test(csvread, empty_file)
{
	struct csvread_error err;
	cr_assert_eq(parse_fail("", 0, &err), CSVREAD_E_EMPTY);
	cr_assert_eq(parse_fail(NULL, 0, &err), CSVREAD_E_EMPTY);
	cr_assert_eq(parse_fail("\xEF\xBB\xBF", 3, &err), CSVREAD_E_EMPTY);
	cr_assert_eq(parse_fail("\r\n\n;;;\n", 7, &err), CSVREAD_E_EMPTY);
	cr_assert_eq(err.line, 0);
}

static void date_ok(const char *in, const char *iso)
{
	char out[11];
	cr_assert_eq(csvread_date(in, out), CSVREAD_DATE_OK, "%s", in);
	cr_assert_str_eq(out, iso, "%s", in);
}

static void date_bad(const char *in, int want)
{
	char out[11] = "unchanged";
	cr_assert_eq(csvread_date(in, out), want, "%s", in);
	cr_assert_str_eq(out, "unchanged", "%s", in);
	cr_assert_str_neq(csvread_date_error_text(want), "");
}

Test(csvread, dates_accepted)
{
	date_ok("31-12-2023", "2023-12-31");
	date_ok("2023-12-31", "2023-12-31");
	date_ok("31/12/2023", "2023-12-31");
	date_ok("1-2-2024", "2024-02-01");
	date_ok("01-02-2024", "2024-02-01");
	date_ok("2024/2/1", "2024-02-01");
	date_ok(" 29-02-2024 ", "2024-02-29");
	date_ok("29-02-2000", "2000-02-29");
	date_ok("31-12-9999", "9999-12-31");
}

Test(csvread, dates_refused)
{
	date_bad("", CSVREAD_DATE_EMPTY);
	date_bad("   ", CSVREAD_DATE_EMPTY);
	date_bad("31-12-23", CSVREAD_DATE_SHORT_YEAR);
	date_bad("1/2/24", CSVREAD_DATE_SHORT_YEAR);
	date_bad("31-02-2024", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("29-02-2023", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("29-02-1900", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("31-04-2024", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("0-1-2024", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("1-13-2024", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("2024-00-10", CSVREAD_DATE_NO_SUCH_DAY);
	date_bad("31-12/2023", CSVREAD_DATE_FORMAT);
	date_bad("31.12.2023", CSVREAD_DATE_FORMAT);
	date_bad("31-12-2023 10:00", CSVREAD_DATE_FORMAT);
	date_bad("2023-12-31x", CSVREAD_DATE_FORMAT);
	date_bad("123-1-2024", CSVREAD_DATE_FORMAT);
	date_bad("1-123-2024", CSVREAD_DATE_FORMAT);
	date_bad("1-1-20245", CSVREAD_DATE_FORMAT);
	date_bad("2023-12-2023", CSVREAD_DATE_FORMAT);
	date_bad("1-1-0999", CSVREAD_DATE_FORMAT);
	date_bad("31 december 2023", CSVREAD_DATE_FORMAT);
	date_bad("-1-1-2024", CSVREAD_DATE_FORMAT);
	date_bad("99999999999999999999-1-1", CSVREAD_DATE_FORMAT);
}
