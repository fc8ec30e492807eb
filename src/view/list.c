/*
 * list: a page's list streamed row by row (view.h, struct view_list), to
 * HTML as a Mustache feed and to JSON by hand. Each row gets present's
 * words (present_row) on its way, and is written as the bytes jansson
 * would write for the object present would have made (compact, keys in
 * their order, the same escapes), so the streamed answer is the one a
 * tree would have given, without the tree.
 */
#include "view/view.h"

#include "core/log.h"
#include "view/present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string as jansson's json_dumps writes it (without
 * JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH): '"', '\\' and control
 * characters escaped, everything else, UTF-8 included, as it is. */
#ifndef __SSE2__
#define ESC4(n) [n] = true, [n + 1] = true, [n + 2] = true, [n + 3] = true
static const bool json_escaped[256] = {ESC4(0), ESC4(4), ESC4(8), ESC4(12), ESC4(16), ESC4(20), ESC4(24), ESC4(28),
                                       ['"'] = true, ['\\'] = true};
#endif

/* The escape of a byte that JSON escapes (put_string). */
static void put_escape(struct buf *b, unsigned char c)
{
	static const char two[] = {['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};
	static const char hex[] = "0123456789ABCDEF";
	if (c < sizeof(two) && two[c]) {
		char e[2] = {'\\', two[c]};
		buf_append(b, e, sizeof(e));
	} else {
		char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		buf_append(b, u, sizeof(u));
	}
}

#ifdef __SSE2__
/* A mask of the bytes of v that JSON escapes (a control character is one
 * that max(byte, 0x1f) leaves 0x1f). */
static unsigned json_escaped_mask(__m128i v)
{
	const __m128i control = _mm_set1_epi8(0x1f);
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
	                         _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

static void put_string(struct buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	size_t from = 0;
#ifdef __SSE2__
	/* Sixteen bytes at a time (buf_block16). */
	for (size_t i = 0; i < len; i += 16) {
		unsigned real;
		unsigned bits = json_escaped_mask(buf_block16(s, len, i, &real)) & real;
		for (; bits; bits &= bits - 1) {
			size_t at = i + (size_t)__builtin_ctz(bits);
			buf_append(b, s + from, at - from);
			put_escape(b, (unsigned char)s[at]);
			from = at + 1;
		}
	}
#else
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!json_escaped[c])
			continue;
		buf_append(b, s + from, i - from);
		put_escape(b, c);
		from = i + 1;
	}
#endif
	buf_append(b, s + from, len - from);
	buf_putc(b, '"');
}

/* The keys of the fields of a row's shape (row.h), as written ("name":),
 * worked out for its first row and kept per thread for the others. */
#define KEYS_TEXT 2048
struct keys {
	unsigned long long shape; /* 0: none */
	unsigned n;
	unsigned end[ROW_FIELDS]; /* where key i ends in text */
	char text[KEYS_TEXT];
};

/* The keys of r's shape, or NULL when it has none (or they do not fit). */
static const struct keys *keys_of(const struct row *r)
{
	static _Thread_local struct keys kept;
	if (!r->shape || !r->nshape)
		return NULL;
	if (kept.shape == r->shape)
		return &kept;
	kept.shape = 0;
	struct buf one = BUF_INIT;
	size_t used = 0;
	for (unsigned i = 0; i < r->nshape; i++) {
		buf_reset(&one);
		put_string(&one, r->f[i].name, strlen(r->f[i].name));
		buf_putc(&one, ':');
		if (used + one.len > KEYS_TEXT) {
			buf_free(&one);
			return NULL;
		}
		memcpy(kept.text + used, one.data, one.len);
		used += one.len;
		kept.end[i] = (unsigned)used;
	}
	buf_free(&one);
	kept.n = r->nshape;
	kept.shape = r->shape;
	return &kept;
}

int view_row_json(struct buf *b, const struct row *r)
{
	buf_putc(b, '{');
	const struct keys *k = keys_of(r);
	for (unsigned i = 0; i < r->n; i++) {
		const struct row_field *f = &r->f[i];
		if (i)
			buf_putc(b, ',');
		if (k && i < k->n) {
			buf_append(b, k->text + (i ? k->end[i - 1] : 0), k->end[i] - (i ? k->end[i - 1] : 0));
		} else {
			put_string(b, f->name, strlen(f->name));
			buf_putc(b, ':');
		}
		switch (f->type) {
		case ROW_NULL:
			buf_puts(b, "null");
			break;
		case ROW_BOOL:
			buf_puts(b, f->i ? "true" : "false");
			break;
		case ROW_INT: {
			char num[BUF_LL_CHARS];
			buf_append(b, num, buf_format_ll(num, f->i));
			break;
		}
		case ROW_TEXT:
			put_string(b, f->s, f->len);
			break;
		case ROW_REAL: {
			/* Rare in a list: jansson's own way with the digits. */
			json_t *v = json_real(f->d);
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			json_decref(v);
			if (!s)
				return -1;
			buf_puts(b, s);
			free(s);
			break;
		}
		}
	}
	buf_putc(b, '}');
	return 0;
}

int view_list_next(const struct view_list *list, const char *lang, struct row **row)
{
	int got = list->next(list->ctx, row);
	if (got > 0)
		present_row(*row, lang, true);
	return got;
}

int view_list_json(json_t *data, const struct view_list *list, const char *lang, struct buf *out)
{
	if (json_object_del(data, list->key) != 0)
		return -1;
	char *rest = json_dumps(data, JSON_COMPACT);
	if (!rest)
		return -1;
	buf_putc(out, '{');
	put_string(out, list->key, strlen(list->key));
	buf_puts(out, ":[");
	struct row *row;
	int got, rows = 0;
	while ((got = view_list_next(list, lang, &row)) > 0) {
		if (rows++)
			buf_putc(out, ',');
		if (view_row_json(out, row) != 0) {
			got = -1;
			break;
		}
	}
	buf_putc(out, ']');
	/* The rest of the resource after the list, as if the list were its first key. */
	if (strcmp(rest, "{}") == 0) {
		buf_putc(out, '}');
	} else {
		buf_putc(out, ',');
		buf_puts(out, rest + 1);
	}
	free(rest);
	return got < 0 ? -1 : 0;
}
