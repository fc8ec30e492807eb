/*
 * csvread: CSV files as Dutch spreadsheets and financial systems write them,
 * read into a table of UTF-8 strings for the expense import. The file may be
 * UTF-8 (with or without a byte order mark) or Windows-1252 (what Excel on
 * Windows writes for "CSV (gescheiden door lijstscheidingsteken)"); the
 * separator is ';' (Dutch Excel, because ',' is the decimal comma), ',' or a
 * tab, found from the header line. Every row remembers the file line it starts
 * on, so messages can say "regel 12: ...". Also the date formats found in
 * those files, turned into ISO dates.
 */
#ifndef LIA_CORE_CSVREAD_H
#define LIA_CORE_CSVREAD_H

#include <stddef.h>

/* The encoding the bytes turned out to be in. */
enum csvread_encoding {
	CSVREAD_UTF8,       /* valid UTF-8 without a byte order mark (or plain ASCII) */
	CSVREAD_UTF8_BOM,   /* valid UTF-8 after a byte order mark (stripped) */
	CSVREAD_CP1252,     /* not UTF-8: read as Windows-1252, converted to UTF-8 */
};

/* Why a file could not be read (csvread_parse returns one of these). */
enum csvread_status {
	CSVREAD_OK = 0,
	CSVREAD_E_EMPTY = -1,      /* no rows with any text */
	CSVREAD_E_ENCODING = -2,   /* not text (NUL bytes) or not convertible */
	CSVREAD_E_UTF16 = -3,      /* saved as UTF-16 ("Unicode text") */
	CSVREAD_E_BAD_UTF8 = -4,   /* a UTF-8 byte order mark, then bytes that are not UTF-8 */
	CSVREAD_E_UNDEFINED = -5,  /* a byte that Windows-1252 leaves undefined */
	CSVREAD_E_QUOTE = -6,      /* a quoted field that never ends */
	CSVREAD_E_TOO_LARGE = -7,  /* over 1 GB: too large to read (offsets are 32 bits) */
};

/* What went wrong and where: line is the 1-based line in the file, or 0 when
 * the problem is the file as a whole. msgid is an English msgid (N_()) that
 * says what is wrong and how to fix it; translate it with TR(). */
struct csvread_error {
	size_t line;
	const char *msgid;
};

struct csvread_table;

/* Read a whole CSV file (data, len bytes; data need not be NUL-terminated and
 * may be NULL when len is 0). On success returns CSVREAD_OK and sets *out to a
 * new table that the caller owns and releases with csvread_free; every string
 * reachable from it belongs to the table. On failure returns a negative
 * enum csvread_status, leaves *out NULL and fills *err (err may be NULL).
 *
 * Rules: a UTF-8 byte order mark is stripped; bytes that are not valid UTF-8
 * are read as Windows-1252, and the five bytes Windows-1252 leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) are refused with the line they are on rather
 * than guessed at. Lines end in LF, CRLF or CR. Rows with nothing but empty
 * fields (blank lines, and the ";;;" that Excel writes for blank rows) are
 * skipped. Spaces around unquoted fields are trimmed; quoted fields keep
 * everything inside the quotes, including separators, "" for a quote, and
 * line breaks. A file with no rows left is an error (CSVREAD_E_EMPTY). */
int csvread_parse(const char *data, size_t len, struct csvread_table **out,
		  struct csvread_error *err);

/* Release a table and all its strings. t may be NULL. */
void csvread_free(struct csvread_table *t);

/* Number of rows (the header row included; skipped blank rows not counted). */
size_t csvread_rows(const struct csvread_table *t);
/* Number of fields in row (0 if row is out of range). Rows may differ in width. */
size_t csvread_fields(const struct csvread_table *t, size_t row);
/* Field col of row as a NUL-terminated UTF-8 string owned by the table, or
 * NULL if row or col is out of range. */
const char *csvread_field(const struct csvread_table *t, size_t row, size_t col);
/* The 1-based file line on which row starts (0 if row is out of range). */
size_t csvread_line(const struct csvread_table *t, size_t row);
/* The separator found: ';', ',' or '\t'. */
char csvread_separator(const struct csvread_table *t);
/* The encoding found. */
enum csvread_encoding csvread_encoding(const struct csvread_table *t);

/* Why a text is not a date (csvread_date). */
enum csvread_date_status {
	CSVREAD_DATE_OK = 0,
	CSVREAD_DATE_EMPTY = -1,      /* nothing but spaces */
	CSVREAD_DATE_FORMAT = -2,     /* not one of the accepted forms */
	CSVREAD_DATE_SHORT_YEAR = -3, /* a two-digit year ("31-12-23") */
	CSVREAD_DATE_NO_SUCH_DAY = -4, /* a day that does not exist ("31-02-2024") */
};

/* Parse a date as Dutch files write it: "31-12-2023", "1-2-2024" (leading
 * zeros optional), "31/12/2023" (day first), or "2023-12-31" / "2023/12/31"
 * (year first). Spaces around the date are allowed; the year must have four
 * digits, because "23" could be 1923 or 2023. On success writes the ISO date
 * "YYYY-MM-DD" (NUL-terminated) to out and returns CSVREAD_DATE_OK; otherwise
 * returns a negative enum csvread_date_status and leaves out alone. */
int csvread_date(const char *text, char out[11]);

/* An English msgid that says what is wrong with a date and how to write it. */
const char *csvread_date_error_text(int status);

#endif
