/*
 * pdf_read: the token and object reader under pdf_patch (see pdf_read.h).
 * Every function takes the end of the span it may look at and checks it
 * before each byte it reads; nesting is limited so that hostile bytes
 * cannot exhaust the stack.
 */
#include "report/pdf_read.h"

#include "core/err.h"
#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How deep dictionaries and arrays may nest (cairo writes at most 3). */
#define MAX_DEPTH 64

static bool is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
	return c != '\0' && strchr("()<>[]{}/%", c) != NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

size_t pdf_read_skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n) {
		if (is_ws(s[i])) {
			i++;
		} else if (s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else {
			break;
		}
	}
	return i;
}

static size_t token_end(const char *s, size_t i, size_t n)
{
	while (i < n && !is_ws(s[i]) && !is_delim(s[i]))
		i++;
	return i;
}

bool pdf_read_uint(const char *s, size_t *i, size_t n, size_t *v)
{
	size_t j = *i, x = 0;
	if (j >= n || !is_digit(s[j]))
		return false;
	for (; j < n && is_digit(s[j]); j++) {
		if (x > (SIZE_MAX - 9) / 10)
			return false;
		x = x * 10 + (size_t)(s[j] - '0');
	}
	if (j < n && !is_ws(s[j]) && !is_delim(s[j]))
		return false;
	*i = j;
	*v = x;
	return true;
}

static bool skip_obj(const char *s, size_t *i, size_t n, int depth)
{
	size_t j = pdf_read_skip_ws(s, *i, n);
	if (j >= n || depth > MAX_DEPTH)
		return false;
	char c = s[j];
	if (c == '(') {
		int nest = 0;
		for (; j < n; j++) {
			if (s[j] == '\\') {
				j++;
			} else if (s[j] == '(') {
				nest++;
			} else if (s[j] == ')' && --nest == 0) {
				*i = j + 1;
				return true;
			}
		}
		return false;
	}
	if (c == '<' && j + 1 < n && s[j + 1] == '<') {
		for (j += 2;;) {
			j = pdf_read_skip_ws(s, j, n);
			if (j + 1 < n && s[j] == '>' && s[j + 1] == '>') {
				*i = j + 2;
				return true;
			}
			if (j >= n || !skip_obj(s, &j, n, depth + 1))
				return false;
		}
	}
	if (c == '<') {
		const char *e = memchr(s + j, '>', n - j);
		if (!e)
			return false;
		*i = (size_t)(e - s) + 1;
		return true;
	}
	if (c == '[') {
		for (j++;;) {
			j = pdf_read_skip_ws(s, j, n);
			if (j < n && s[j] == ']') {
				*i = j + 1;
				return true;
			}
			if (j >= n || !skip_obj(s, &j, n, depth + 1))
				return false;
		}
	}
	if (c == '/') {
		*i = token_end(s, j + 1, n);
		return true;
	}
	if (is_delim(c))
		return false;
	size_t a = j, num, gen;
	if (pdf_read_uint(s, &a, n, &num)) {
		size_t b = pdf_read_skip_ws(s, a, n);
		if (pdf_read_uint(s, &b, n, &gen)) {
			size_t r = pdf_read_skip_ws(s, b, n);
			if (r < n && s[r] == 'R' && (r + 1 == n || is_ws(s[r + 1]) || is_delim(s[r + 1]))) {
				*i = r + 1;
				return true;
			}
		}
	}
	size_t e = token_end(s, j, n);
	if (e == j)
		return false;
	*i = e;
	return true;
}

bool pdf_read_skip_obj(const char *s, size_t *i, size_t n)
{
	return skip_obj(s, i, n, 0);
}

bool pdf_read_ref(const char *s, size_t vs, size_t ve, size_t *num)
{
	size_t j = vs, gen;
	if (!pdf_read_uint(s, &j, ve, num))
		return false;
	j = pdf_read_skip_ws(s, j, ve);
	if (!pdf_read_uint(s, &j, ve, &gen))
		return false;
	j = pdf_read_skip_ws(s, j, ve);
	return j + 1 == ve && s[j] == 'R';
}

bool pdf_read_dict_get(const char *s, size_t ds, size_t de, const char *key, size_t *vs, size_t *ve)
{
	size_t j = ds + 2, klen = strlen(key);
	for (;;) {
		j = pdf_read_skip_ws(s, j, de);
		if (j + 2 > de || (s[j] == '>' && s[j + 1] == '>') || s[j] != '/')
			return false;
		size_t ke = token_end(s, j + 1, de);
		bool match = ke - (j + 1) == klen && memcmp(s + j + 1, key, klen) == 0;
		size_t v = pdf_read_skip_ws(s, ke, de), e = v;
		if (!skip_obj(s, &e, de, 0))
			return false;
		if (match) {
			*vs = v;
			*ve = e;
			return true;
		}
		j = e;
	}
}

bool pdf_read_dict_has(const char *s, size_t ds, size_t de, const char *key)
{
	size_t vs, ve;
	return pdf_read_dict_get(s, ds, de, key, &vs, &ve);
}

int pdf_read_array_next(const char *s, size_t *j, size_t ve, size_t *is, size_t *ie)
{
	size_t k = pdf_read_skip_ws(s, *j, ve), e = k;
	if (k >= ve)
		return -1;
	if (s[k] == ']')
		return 0;
	if (!skip_obj(s, &e, ve, 0))
		return -1;
	*is = k;
	*ie = e;
	*j = e;
	return 1;
}

bool pdf_read_obj_dict(const struct pdf_read *in, size_t num, size_t *ds, size_t *de, size_t *gen)
{
	if (num >= in->nobj || !in->off[num])
		return false;
	const char *s = in->s;
	size_t j = in->off[num], v;
	if (!pdf_read_uint(s, &j, in->n, &v) || v != num)
		return false;
	j = pdf_read_skip_ws(s, j, in->n);
	if (!pdf_read_uint(s, &j, in->n, gen))
		return false;
	j = pdf_read_skip_ws(s, j, in->n);
	if (in->n - j < 3 || memcmp(s + j, "obj", 3) != 0)
		return false;
	j = pdf_read_skip_ws(s, j + 3, in->n);
	if (j + 1 >= in->n || s[j] != '<' || s[j + 1] != '<')
		return false;
	*ds = j;
	if (!skip_obj(s, &j, in->n, 0))
		return false;
	*de = j;
	return true;
}

/* Makes room for objects [0, need) in in->off, the new ones without an offset. */
static void want_objects(struct pdf_read *in, size_t need)
{
	if (need <= in->nobj)
		return;
	if (need > in->capobj) {
		size_t c = in->capobj ? in->capobj : 16;
		while (c < need)
			c *= 2;
		in->off = mem_realloc(in->off, c * sizeof(*in->off));
		in->capobj = c;
	}
	memset(in->off + in->nobj, 0, (need - in->nobj) * sizeof(*in->off));
	in->nobj = need;
}

/* cairo 1.16 writes one classic table, no cross-reference stream. An entry
 * takes 20 bytes, so a table that claims more than n / 18 objects cannot be
 * in n bytes: that bounds the memory hostile bytes can ask for. */
int pdf_read_open(struct pdf_read *in, size_t *xref, size_t *tds, size_t *tde)
{
	const char *s = in->s;
	size_t n = in->n, k = SIZE_MAX;
	for (size_t i = n > 1024 ? n - 1024 : 0; i + 9 <= n; i++)
		if (memcmp(s + i, "startxref", 9) == 0)
			k = i;
	if (k == SIZE_MAX)
		return LIA_EIO;
	size_t j = pdf_read_skip_ws(s, k + 9, n), x;
	if (!pdf_read_uint(s, &j, n, &x) || x >= n || n - x < 4 || memcmp(s + x, "xref", 4) != 0)
		return LIA_EIO;
	*xref = x;
	for (j = x + 4;;) {
		j = pdf_read_skip_ws(s, j, n);
		if (n - j >= 7 && memcmp(s + j, "trailer", 7) == 0)
			break;
		size_t first, count;
		if (!pdf_read_uint(s, &j, n, &first))
			return LIA_EIO;
		j = pdf_read_skip_ws(s, j, n);
		if (!pdf_read_uint(s, &j, n, &count) || count > n / 18 || first > n / 18 || first + count > n / 18)
			return LIA_EIO;
		want_objects(in, first + count);
		for (size_t e = 0; e < count; e++) {
			size_t off, gen;
			j = pdf_read_skip_ws(s, j, n);
			if (!pdf_read_uint(s, &j, n, &off))
				return LIA_EIO;
			j = pdf_read_skip_ws(s, j, n);
			if (!pdf_read_uint(s, &j, n, &gen) || (j = pdf_read_skip_ws(s, j, n)) >= n)
				return LIA_EIO;
			char type = s[j++];
			if (type == 'n') {
				if (off == 0 || off >= n)
					return LIA_EIO;
				in->off[first + e] = off;
			} else if (type != 'f') {
				return LIA_EIO;
			}
		}
	}
	j = pdf_read_skip_ws(s, j + 7, n);
	if (j + 1 >= n || s[j] != '<' || s[j + 1] != '<')
		return LIA_EIO;
	*tds = j;
	if (!skip_obj(s, &j, n, 0))
		return LIA_EIO;
	*tde = j;
	return 0;
}

void pdf_read_free(struct pdf_read *in)
{
	free(in->off);
	in->off = NULL;
	in->nobj = in->capobj = 0;
}
