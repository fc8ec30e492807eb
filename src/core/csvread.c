/*
 * csvread: turns the bytes of a CSV file into a table of UTF-8 strings. The
 * steps are: find the encoding (UTF-8, or else Windows-1252 converted with
 * iconv), find the separator from the header line, then let libcsv split the
 * text line by line so that each row knows the file line it starts on. The
 * table owns one text block with every field NUL-terminated in it, plus the
 * arrays that point into it; nothing else outlives csvread_parse.
 */
#include "core/csvread.h"

#include "core/i18n.h"
#include "core/mem.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 32 bits each, as the field offsets: see the limit in csvread_parse. */
struct csvread_row {
	uint32_t line;
	uint32_t first;   /* index of the first field in csvread_table.fields */
	uint32_t nfields;
};

struct csvread_table {
	char *text;                 /* every field, NUL-terminated, one after the other */
	uint32_t *fields;           /* where each field starts in text */
	struct csvread_row *rows;
	size_t nrows;
	char sep;
	enum csvread_encoding enc;
};

/* The state libcsv's callbacks build the table in. Offsets, not pointers,
 * because text moves as it grows. */
struct builder {
	char *text;
	size_t text_len, text_cap;
	uint32_t *offs;             /* start of each field in text */
	size_t noffs, offs_cap;
	struct csvread_row *rows;
	size_t nrows, rows_cap;
	size_t row_first;           /* first field of the row being read */
	bool row_has_text;          /* any field of that row not empty */
	size_t row_line;            /* line the row being read starts on, 0 if none */
	size_t line;                /* line being fed to libcsv */
};

/* libcsv's FIELD_BEGUN parser state (libcsv.c; unchanged since 3.0). Together
 * with the quoted flag at the end of input it means a quote was never closed. */
#define LIBCSV_FIELD_BEGUN 2

static int fail(struct csvread_error *err, int code, size_t line, const char *msgid)
{
	if (err) {
		err->line = line;
		err->msgid = msgid;
	}
	return code;
}

/* 1-based line of byte offset off in s. */
static size_t line_of(const char *s, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/* The well-formed UTF-8 sequences by their first byte (the Unicode
 * Standard's table 3-7): how long they are and the range of their second
 * byte; every later byte is 0x80 to 0xBF. Narrow second ranges refuse
 * overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF
 * (F4); first bytes not listed never start a sequence. */
static const struct {
	unsigned char first_lo, first_hi, len, lo, hi;
} utf8_forms[] = {
	{0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
	{0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
	{0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	for (size_t f = 0; f < sizeof(utf8_forms) / sizeof(utf8_forms[0]); f++) {
		if (s[0] < utf8_forms[f].first_lo || s[0] > utf8_forms[f].first_hi)
			continue;
		size_t len = utf8_forms[f].len;
		if (n < len || s[1] < utf8_forms[f].lo || s[1] > utf8_forms[f].hi)
			return 0;
		for (size_t i = 2; i < len; i++)
			if (s[i] < 0x80 || s[i] > 0xBF)
				return 0;
		return len;
	}
	return 0;
}

/* Offset of the first byte that is not valid UTF-8, or n if all are. */
static size_t utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(u + i, n - i);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

/* Convert n Windows-1252 bytes to UTF-8. Returns a new NUL-terminated string
 * (caller frees) and its length in *outlen, or NULL if iconv refuses. The
 * undefined bytes have been refused before this is called. */
static char *cp1252_to_utf8(const char *s, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 3 + 1;     /* no Windows-1252 character needs more than 3 bytes */
	char *out = mem_alloc(cap);
	char *in = (char *)s;       /* iconv's prototype lacks const; it does not write */
	char *o = out;
	size_t inleft = n, outleft = cap - 1;
	size_t r = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	if (r == (size_t)-1 || inleft) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* The separator of the first record (up to the first line break outside
 * quotes): the most frequent of ';', '\t' and ',' outside quotes, ';' on a
 * tie or when there is none (a one-column file reads the same either way). */
static char detect_separator(const char *s, size_t n)
{
	size_t semi = 0, tab = 0, comma = 0;
	bool quoted = false, seen = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"') {
			quoted = !quoted;
		} else if (quoted) {
			continue;
		} else if (c == '\n' || c == '\r') {
			if (seen)
				break;      /* blank lines before the header do not count */
		} else {
			if (c != ' ')
				seen = true;
			if (c == ';')
				semi++;
			else if (c == '\t')
				tab++;
			else if (c == ',')
				comma++;
		}
		if (c == '"')
			seen = true;
	}
	if (comma > semi && comma > tab)
		return ',';
	if (tab > semi)
		return '\t';
	return ';';
}

static void on_field(void *data, size_t len, void *arg)
{
	struct builder *b = arg;
	if (!b->row_line)
		b->row_line = b->line;
	if (b->noffs == b->offs_cap) {
		b->offs_cap = b->offs_cap ? b->offs_cap * 2 : 64;
		b->offs = mem_realloc(b->offs, b->offs_cap * sizeof(*b->offs));
	}
	if (b->text_len + len + 1 > b->text_cap) {
		size_t cap = b->text_cap ? b->text_cap : 256;
		while (cap < b->text_len + len + 1)
			cap *= 2;
		b->text = mem_realloc(b->text, cap);
		b->text_cap = cap;
	}
	b->offs[b->noffs++] = (uint32_t)b->text_len;
	if (len) {
		memcpy(b->text + b->text_len, data, len);
		b->row_has_text = true;
	}
	b->text_len += len;
	b->text[b->text_len++] = '\0';
}

static void on_row(int term, void *arg)
{
	struct builder *b = arg;
	size_t n = b->noffs - b->row_first;
	if (b->row_has_text) {
		if (b->nrows == b->rows_cap) {
			b->rows_cap = b->rows_cap ? b->rows_cap * 2 : 32;
			b->rows = mem_realloc(b->rows, b->rows_cap * sizeof(*b->rows));
		}
		b->rows[b->nrows++] = (struct csvread_row){
			.line = (uint32_t)(b->row_line ? b->row_line : b->line),
			.first = (uint32_t)b->row_first,
			.nfields = (uint32_t)n,
		};
	} else {
		/* A row of empty fields: drop its fields again. */
		b->noffs = b->row_first;
		if (n)
			b->text_len -= n;   /* each empty field took one NUL */
	}
	b->row_first = b->noffs;
	b->row_has_text = false;
	b->row_line = 0;
}

/* Length of the line at s[0..n), its terminator included (LF, CRLF or CR). */
static size_t line_len(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r')
			return (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return n;
}

static bool has_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return true;
	return false;
}

/* Split UTF-8 text into rows. Feeds libcsv one file line at a time, so the
 * row being started is always on b->line. Returns 0 or CSVREAD_E_QUOTE with
 * *bad_line set. */
static int split(const char *s, size_t n, char sep, struct builder *b, size_t *bad_line)
{
	struct csv_parser p;
	if (csv_init(&p, 0) != 0)
		mem_die("csvread: csv_init failed");
	csv_set_delim(&p, (unsigned char)sep);
	b->line = 1;
	size_t i = 0;
	while (i < n) {
		size_t k = line_len(s + i, n - i);
		if (!b->row_line && has_text(s + i, k))
			b->row_line = b->line;
		if (csv_parse(&p, s + i, k, on_field, on_row, b) != k)
			mem_die("csvread: libcsv: %s", csv_strerror(csv_error(&p)));
		i += k;
		if (s[i - 1] == '\n' || s[i - 1] == '\r')
			b->line++;
	}
	bool open_quote = p.quoted && p.pstate == LIBCSV_FIELD_BEGUN;
	size_t start = b->row_line;
	csv_fini(&p, on_field, on_row, b);
	csv_free(&p);
	if (open_quote) {
		*bad_line = start ? start : b->line;
		return CSVREAD_E_QUOTE;
	}
	return 0;
}

int csvread_parse(const char *data, size_t len, struct csvread_table **out,
		  struct csvread_error *err)
{
	*out = NULL;
	if (err) {
		err->line = 0;
		err->msgid = NULL;
	}
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
			 (data[0] == '\xFE' && data[1] == '\xFF')))
		return fail(err, CSVREAD_E_UTF16, 0,
			    N_("The file is saved as Unicode text (UTF-16). Save it as CSV (UTF-8) and try again."));
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	if (nul)
		return fail(err, CSVREAD_E_ENCODING, line_of(data, (size_t)(nul - data)),
			    N_("The file is not UTF-8 or Windows-1252 text. Save it as CSV (UTF-8) and try again."));
	/* Offsets into the converted text (up to 3 bytes per byte) are 32 bits:
	 * a table of a 33 MB file has some 3 million fields and 650,000 rows. */
	if (len > UINT32_MAX / 4)
		return fail(err, CSVREAD_E_TOO_LARGE, 0,
			    N_("The file is too large to read. Split it into smaller files and try again."));

	enum csvread_encoding enc = CSVREAD_UTF8;
	const char *text = data;
	size_t text_len = len;
	char *converted = NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		enc = CSVREAD_UTF8_BOM;
		text += 3;
		text_len -= 3;
	}
	size_t bad = utf8_invalid_at(text, text_len);
	if (bad < text_len) {
		if (enc == CSVREAD_UTF8_BOM)
			return fail(err, CSVREAD_E_BAD_UTF8, line_of(text, bad),
				    N_("The file says it is UTF-8, but this line contains characters that are not. Retype the special characters on this line, save the file as CSV (UTF-8) and try again."));
		for (size_t i = 0; i < text_len; i++) {
			unsigned char c = (unsigned char)text[i];
			if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
				return fail(err, CSVREAD_E_UNDEFINED, line_of(text, i),
					    N_("This line contains a character that is not UTF-8 or Windows-1252 text. Remove or retype the special characters on this line, save the file as CSV (UTF-8) and try again."));
		}
		converted = cp1252_to_utf8(text, text_len, &text_len);
		if (!converted)
			return fail(err, CSVREAD_E_ENCODING, 0,
				    N_("The file is not UTF-8 or Windows-1252 text. Save it as CSV (UTF-8) and try again."));
		text = converted;
		enc = CSVREAD_CP1252;
	}

	char sep = detect_separator(text, text_len);
	struct builder b = {0};
	size_t bad_line = 0;
	int rc = split(text, text_len, sep, &b, &bad_line);
	free(converted);
	if (rc == 0 && b.nrows == 0)
		rc = fail(err, CSVREAD_E_EMPTY, 0,
			  N_("The file has no rows. Check that you chose the right file and that it is not empty."));
	else if (rc == CSVREAD_E_QUOTE)
		rc = fail(err, CSVREAD_E_QUOTE, bad_line,
			  N_("A quoted field that starts on this line is never closed. Check the quote marks (\") on this line, save the file and try again."));
	if (rc) {
		free(b.text);
		free(b.offs);
		free(b.rows);
		return rc;
	}

	struct csvread_table *t = mem_calloc(1, sizeof(*t));
	t->text = b.text;
	t->fields = b.offs ? b.offs : mem_calloc(1, sizeof(*t->fields));
	t->rows = b.rows;
	t->nrows = b.nrows;
	t->sep = sep;
	t->enc = enc;
	*out = t;
	return CSVREAD_OK;
}

void csvread_free(struct csvread_table *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->fields);
	free(t->rows);
	free(t);
}

size_t csvread_rows(const struct csvread_table *t)
{
	return t->nrows;
}

size_t csvread_fields(const struct csvread_table *t, size_t row)
{
	return row < t->nrows ? t->rows[row].nfields : 0;
}

const char *csvread_field(const struct csvread_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->rows[row].nfields)
		return NULL;
	return t->text + t->fields[t->rows[row].first + col];
}

size_t csvread_line(const struct csvread_table *t, size_t row)
{
	return row < t->nrows ? t->rows[row].line : 0;
}

char csvread_separator(const struct csvread_table *t)
{
	return t->sep;
}

enum csvread_encoding csvread_encoding(const struct csvread_table *t)
{
	return t->enc;
}

/* Reads 1..max digits at *s into *v; returns how many were read (0 if none,
 * or more than max, which makes the caller refuse the date). */
static int digits(const char **s, int max, int *v)
{
	int n = 0, x = 0;
	while (**s >= '0' && **s <= '9') {
		if (n < 9)
			x = x * 10 + (**s - '0');
		n++;
		(*s)++;
	}
	*v = x;
	return n > max ? max + 1 : n;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int csvread_date(const char *text, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *s = text;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return CSVREAD_DATE_EMPTY;
	int a, b, c;
	int na = digits(&s, 4, &a);
	char sep = *s;
	if (!na || (sep != '-' && sep != '/'))
		return CSVREAD_DATE_FORMAT;
	s++;
	int nb = digits(&s, 2, &b);
	if (!nb || nb > 2 || *s != sep)
		return CSVREAD_DATE_FORMAT;
	s++;
	int nc = digits(&s, 4, &c);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!nc || nc > 4 || *s)
		return CSVREAD_DATE_FORMAT;
	int y, m, d;
	if (na == 4 && nc <= 2) {
		y = a, m = b, d = c;
	} else if (na <= 2 && nc == 4) {
		d = a, m = b, y = c;
	} else if (na <= 2 && nc <= 2) {
		return CSVREAD_DATE_SHORT_YEAR;
	} else {
		return CSVREAD_DATE_FORMAT;
	}
	if (y < 1000)
		return CSVREAD_DATE_FORMAT;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return CSVREAD_DATE_NO_SUCH_DAY;
	/* y <= 9999, m <= 12, d <= 31: exactly 10 characters. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return CSVREAD_DATE_OK;
}

const char *csvread_date_error_text(int status)
{
	switch (status) {
	case CSVREAD_DATE_OK:
		return "";
	case CSVREAD_DATE_EMPTY:
		return N_("The date is missing. Fill in a date like 31-12-2024.");
	case CSVREAD_DATE_SHORT_YEAR:
		return N_("The year has only two digits. Write the year in full, like 31-12-2024.");
	case CSVREAD_DATE_NO_SUCH_DAY:
		return N_("This date does not exist. Check the day and the month.");
	case CSVREAD_DATE_FORMAT:
	default:
		return N_("This is not a date. Write a date like 31-12-2024 or 2024-12-31.");
	}
}
