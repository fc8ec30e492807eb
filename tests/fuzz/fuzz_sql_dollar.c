/*
 * fuzz_sql_dollar: the placeholder translation for PostgreSQL (db.c). Any
 * text: no overflow of its output, no ? left outside quotes and comments,
 * and everything that is not a placeholder kept as it was (so the text with
 * each $N and ?/?N removed is the same on both sides).
 */
#include "store/db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s without its placeholders ("?", "?12" or "$12") outside quotes and
 * comments, into a new string. */
static char *strip(const char *s, char mark)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	char quote = 0;
	for (const char *p = s; *p;) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p++;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == mark) {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	if (strchr(in, '$')) { /* a $ of its own would read as a placeholder below */
		free(in);
		return 0;
	}
	int n = -1;
	char *out = db_sql_dollar(in, &n);
	char *a = strip(in, '?'), *b = strip(out, '$');
	if (n < 0 || strcmp(a, b) != 0)
		abort();
	char *c = strip(out, '?');
	if (strcmp(c, out) != 0) /* a ? left outside quotes and comments */
		abort();
	free(a);
	free(b);
	free(c);
	free(out);
	free(in);
	return 0;
}
