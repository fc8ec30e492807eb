/*
 * fuzz_csvread: the CSV reader. Whatever it accepts must be a well-formed
 * table: every field valid NUL-terminated UTF-8 with no NUL inside, every row
 * non-empty with a line number that never goes back and lies within the file.
 * Each field is also fed to the date parser, whose ISO output must parse again.
 */
#include "core/csvread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True if s is valid UTF-8 (same rules as csvread: no overlongs, surrogates). */
static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned char c = *s;
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			s++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else {
			return 0;
		}
		if (s[1] < lo || s[1] > hi)
			return 0;
		for (size_t i = 2; i < n; i++)
			if (s[i] < 0x80 || s[i] > 0xBF)
				return 0;
		s += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvread_table *t;
	struct csvread_error err;
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	int rc = csvread_parse((const char *)data, size, &t, &err);
	if (rc != CSVREAD_OK) {
		if (rc > 0 || t || !err.msgid || err.line > lines)
			abort();
		return 0;
	}
	if (csvread_rows(t) == 0)
		abort();
	char sep = csvread_separator(t);
	if (sep != ';' && sep != ',' && sep != '\t')
		abort();
	size_t prev = 0;
	for (size_t r = 0; r < csvread_rows(t); r++) {
		size_t line = csvread_line(t, r);
		if (line == 0 || line < prev || line > lines || csvread_fields(t, r) == 0)
			abort();
		prev = line;
		int any = 0;
		for (size_t c = 0; c < csvread_fields(t, r); c++) {
			const char *f = csvread_field(t, r, c);
			if (!f || !valid_utf8((const unsigned char *)f))
				abort();
			any |= f[0] != '\0';
			char iso[11], again[11];
			if (csvread_date(f, iso) == CSVREAD_DATE_OK &&
			    (csvread_date(iso, again) != CSVREAD_DATE_OK || strcmp(iso, again) != 0))
				abort();
		}
		if (!any || csvread_field(t, r, csvread_fields(t, r)))
			abort();
	}
	csvread_free(t);
	return 0;
}
