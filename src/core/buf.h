/*
 * buf: the one growable, length-carrying string type. A buf owns its bytes
 * (malloc'd); the data is always NUL-terminated so it can be passed to C APIs.
 * Change it only through these functions. buf_release() hands the bytes to
 * the caller and leaves the buf empty.
 */
#ifndef LIA_CORE_BUF_H
#define LIA_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct buf {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);  /* length 0, keeps capacity */
void buf_free(struct buf *b);   /* releases memory; buf is BUF_INIT again */
char *buf_release(struct buf *b); /* caller owns the returned string ("" if empty) */
const char *buf_cstr(const struct buf *b); /* "" if empty, never NULL */

/* len bytes of data: inline, as the writers of pages call it for every
 * piece of every row. */
static inline void buf_append(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap)
		buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/* One byte: inline, as writers of JSON and CSV call it for many bytes. */
static inline void buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* v in decimal, as "%lld" writes it, into out (at least BUF_LL_CHARS
 * bytes, NUL added); returns the length. For the numbers of every row of
 * a list, where snprintf costs more than the rest of the number's way. */
#define BUF_LL_CHARS 21
size_t buf_format_ll(char *out, long long v);

#ifdef __SSE2__
/* For the escapers, which look at sixteen bytes at a time: the bytes of s
 * (len in all) from i on, sixteen of them, or the last few copied into a
 * block of their own (never read past the text); *real gets the mask of
 * the bytes that are the text's. */
static inline __m128i buf_block16(const char *s, size_t len, size_t i, unsigned *real)
{
	if (len - i >= 16) {
		*real = 0xffff;
		return _mm_loadu_si128((const __m128i *)(const void *)(s + i));
	}
	char block[16] = {0};
	memcpy(block, s + i, len - i);
	*real = (1u << (len - i)) - 1;
	return _mm_loadu_si128((const __m128i *)(const void *)block);
}
#endif

/* Escaping appenders: the only way HTML and attribute text is written. */
void buf_html_escape(struct buf *b, const char *s, size_t len); /* & < > " ' */
void buf_url_escape(struct buf *b, const char *s, size_t len);  /* RFC 3986 unreserved kept */

#endif
