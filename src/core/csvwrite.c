/*
 * csvwrite: see csvwrite.h. Quoting is libcsv's.
 */
#include "core/csvwrite.h"

#include <csv.h>
#include <string.h>

void csvwrite_bom(struct buf *b)
{
	buf_puts(b, "\xEF\xBB\xBF");
}

void csvwrite_text(struct buf *b, const char *text, bool guard)
{
	if (!text)
		text = "";
	size_t n = strlen(text);
	struct buf tmp = BUF_INIT;
	if (guard && n && strchr("=+-@\t\r", text[0]))
		buf_putc(&tmp, '\'');
	buf_append(&tmp, text, n);
	const char *src = tmp.data ? tmp.data : "";
	size_t need = csv_write2(NULL, 0, src, tmp.len, '"');
	buf_grow(b, need + 1);
	b->len += csv_write2(b->data + b->len, need, src, tmp.len, '"');
	b->data[b->len] = '\0'; /* a buf always ends in a NUL */
	buf_free(&tmp);
}

void csvwrite_cents(struct buf *b, long long c)
{
	unsigned long long u = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
	buf_printf(b, "%s%llu,%02llu", c < 0 ? "-" : "", u / 100, u % 100);
}

void csvwrite_sep(struct buf *b)
{
	buf_putc(b, ';');
}

void csvwrite_eol(struct buf *b)
{
	buf_puts(b, "\r\n");
}
