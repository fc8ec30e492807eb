/*
 * buf: growable strings and the escaping routines for HTML and URLs.
 */
#include "core/buf.h"

#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t need = b->len + extra + 1, cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > ((size_t)-1) / 2)
			mem_die("buf_grow: %zu bytes is too large", b->len + extra);
		cap *= 2;
	}
	/* Doubling past the size that gets a memory map of its own, for bytes
	 * that fit below it: stay below. A page of 2.2 MB (a list of 5,000
	 * rows) took 4 MB, a fresh map each time and some 580 page faults; just
	 * under 4 MB it reuses the arena's memory, as smaller pages do. */
	if (cap >= MEM_MAP_THRESHOLD && need <= MEM_MAP_THRESHOLD - 4096)
		cap = MEM_MAP_THRESHOLD - 4096;
	b->data = mem_realloc(b->data, cap);
	b->cap = cap;
}

size_t buf_format_ll(char *out, long long v)
{
	char rev[BUF_LL_CHARS];
	size_t n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		rev[n++] = (char)('0' + u % 10);
	while (u /= 10);
	size_t len = 0;
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = rev[--n];
	out[len] = '\0';
	return len;
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	size_t n = mem_vprintf_len("buf_vprintf", fmt, ap);
	buf_grow(b, n);
	vsnprintf(b->data + b->len, n + 1, fmt, ap);
	b->len += n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *buf_release(struct buf *b)
{
	char *s = b->data ? b->data : mem_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* The entity for byte c, which is one of & < > " ' */
static const char *html_entity(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	default: return "&#39;";
	}
}

#ifdef __SSE2__
/* A mask of the bytes of v that HTML writes otherwise. */
static unsigned html_special_mask(__m128i v)
{
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
	                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
	                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
	                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

void buf_html_escape(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;
#ifdef __SSE2__
	/* Sixteen bytes at a time: a text with none of the special bytes is
	 * one pass and one copy. */
	for (size_t i = 0; i < len; i += 16) {
		unsigned real;
		unsigned bits = html_special_mask(buf_block16(s, len, i, &real)) & real;
		for (; bits; bits &= bits - 1) {
			size_t at = i + (size_t)__builtin_ctz(bits);
			buf_append(b, s + start, at - start);
			buf_puts(b, html_entity(s[at]));
			start = at + 1;
		}
	}
#else
	static const bool special[256] = {['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true, ['\''] = true};
	for (size_t i = 0; i < len; i++) {
		if (!special[(unsigned char)s[i]])
			continue;
		buf_append(b, s + start, i - start);
		buf_puts(b, html_entity(s[i]));
		start = i + 1;
	}
#endif
	buf_append(b, s + start, len - start);
}

void buf_url_escape(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
}
