/*
 * fuzz_pdf_patch: the reader of cairo's PDF and the incremental update
 * (report/pdf_patch.c, report/pdf_read.c). The input is cairo's raw output,
 * optionally after one line "%lia-tags NAME NAME ...\n" that lists the
 * structure elements as the layout would have begun them (the corpus files
 * made by cairo carry theirs, so the whole walk and the writer run); without
 * it the list is "Document H1 P". Each element gets what the layout would
 * give it: a Link its description, a Figure its alternative text, a TH its
 * scope, an L its numbering, every seventh a language of its own.
 *
 * Each input runs twice: as it is, and with its cross-reference table
 * rebuilt from where each "num gen obj" now starts, so that a mutation
 * inside an object reaches the structure walk and the writer instead of
 * failing at the first offset it moved.
 *
 * What must hold: pdf_patch never reads outside the input (ASan); on
 * failure it returns LIA_EIO and leaves out as it was; on success out is
 * the input unchanged followed by an update that this reader can open
 * again: a trailer with /Prev pointing at the old table, every object of the
 * new table a dictionary written after the old bytes, /Size above them all.
 *
 * Real fuzzing (libclang-rt-14-dev), from the top of the repository:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -D_GNU_SOURCE -Isrc $(pkg-config --cflags glib-2.0) -o /tmp/fuzz_pdf_patch \
 *     tests/fuzz/fuzz_pdf_patch.c src/report/pdf_patch.c src/report/pdf_read.c \
 *     src/core/buf.c src/core/mem.c $(pkg-config --libs glib-2.0)
 *   mkdir -p /tmp/pdf_patch_corpus && /tmp/fuzz_pdf_patch -max_total_time=600 \
 *     /tmp/pdf_patch_corpus tests/fuzz/corpus/pdf_patch
 */
#include "core/buf.h"
#include "core/err.h"
#include "report/pdf_patch.h"
#include "report/pdf_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEADER "%lia-tags "
#define MAX_ELEMS 4096

/* The elements named on the header line [s, e), each with what the layout
 * would give it; names point into names (a copy of the line, NUL-separated). */
static size_t elements(char *names, struct pdf_patch_elem *el)
{
	size_t n = 0;
	for (char *tok = strtok(names, " "); tok && n < MAX_ELEMS; tok = strtok(NULL, " ")) {
		struct pdf_patch_elem e = {tok, NULL, NULL, NULL, NULL};
		if (strcmp(tok, "Link") == 0)
			e.contents = n % 2 ? "de actiepunten" : "\u20ac 120.000 (\u00e9\u00e9n) \\ \xF0\x9F\x98\x80";
		else if (strcmp(tok, "Figure") == 0)
			e.alt = "Geld per thema: werk kreeg \u20ac 150.000";
		else if (strcmp(tok, "TH") == 0)
			e.attrs = "<< /O /Table /Scope /Column >>";
		else if (strcmp(tok, "L") == 0)
			e.attrs = "<< /O /List /ListNumbering /Disc >>";
		if (n % 7 == 3)
			e.lang = "en-GB";
		el[n++] = e;
	}
	return n;
}

/* Checks the update pdf_patch appended after the len bytes of raw. */
static void check_update(const char *raw, size_t len, const struct buf *out)
{
	if (out->len <= len || memcmp(out->data, raw, len) != 0)
		abort();
	struct pdf_read in = {out->data, out->len, NULL, 0, 0};
	size_t xref, tds, tde, vs, ve, prev, size, j;
	if (pdf_read_open(&in, &xref, &tds, &tde) < 0 || xref < len)
		abort();
	if (!pdf_read_dict_get(in.s, tds, tde, "Prev", &vs, &ve) || !pdf_read_uint(in.s, (j = vs, &j), ve, &prev) ||
	    prev >= len || memcmp(raw + prev, "xref", 4) != 0)
		abort();
	if (!pdf_read_dict_get(in.s, tds, tde, "Size", &vs, &ve) || !pdf_read_uint(in.s, (j = vs, &j), ve, &size) ||
	    size < in.nobj)
		abort();
	for (size_t num = 0; num < in.nobj; num++) {
		size_t ds, de, gen;
		if (in.off[num] && (in.off[num] < len || !pdf_read_obj_dict(&in, num, &ds, &de, &gen)))
			abort();
	}
	pdf_read_free(&in);
}

/* Where the last needle starts in s[0..n), or SIZE_MAX. */
static size_t last_of(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), at = SIZE_MAX;
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			at = i;
	return at;
}

/* s with the last cross-reference table replaced by one that gives each
 * object below the trailer's /Size the offset of the last line that starts
 * "num gen obj" (malloc'd, *outlen bytes), or NULL if there is no table,
 * trailer or /Size to rebuild around. */
static char *rebuild_xref(const char *s, size_t n, size_t *outlen)
{
	size_t x = last_of(s, n, "\nxref"), t, sx, z, size = 0;
	if (x == SIZE_MAX || (t = last_of(s + x, n - x, "trailer")) == SIZE_MAX)
		return NULL;
	t += x;
	if ((sx = last_of(s + t, n - t, "startxref")) == SIZE_MAX)
		return NULL;
	sx += t;
	if ((z = last_of(s + t, sx - t, "/Size ")) == SIZE_MAX)
		return NULL;
	z += t;
	for (z += 6; z < sx && s[z] >= '0' && s[z] <= '9' && size < 100000; z++)
		size = size * 10 + (size_t)(s[z] - '0');
	if (size == 0 || size >= 100000)
		return NULL;
	size_t *off = calloc(size, sizeof(*off));
	for (size_t i = 1; i <= x; i++) {
		if (s[i - 1] != '\n' && s[i - 1] != '\r')
			continue;
		size_t j = i, num = 0, gen = 0;
		while (j < x && s[j] >= '0' && s[j] <= '9' && num < size)
			num = num * 10 + (size_t)(s[j++] - '0');
		if (j == i || j >= x || s[j++] != ' ' || num >= size)
			continue;
		size_t g = j;
		while (j < x && s[j] >= '0' && s[j] <= '9' && gen < 100000)
			gen = gen * 10 + (size_t)(s[j++] - '0');
		if (j > g && x - j >= 4 && memcmp(s + j, " obj", 4) == 0)
			off[num] = i;
	}
	struct buf b = BUF_INIT;
	buf_append(&b, s, x + 1);
	buf_printf(&b, "xref\n0 %zu\n", size);
	for (size_t i = 0; i < size; i++)
		buf_printf(&b, off[i] ? "%010zu 00000 n \n" : "%010zu 65535 f \n", off[i]);
	buf_append(&b, s + t, sx - t);
	buf_printf(&b, "startxref\n%zu\n%%%%EOF\n", x + 1);
	free(off);
	*outlen = b.len;
	return buf_release(&b);
}

/* pdf_patch on exactly len bytes (a copy, so ASan sees any read past them),
 * and the checks above. */
static void run(const char *raw, size_t len, const struct pdf_patch_elem *el, size_t n)
{
	static const struct pdf_patch_meta meta = {
		"nl-NL", "Voortgangsrapportage <2024> & \u00e9\u00e9n\x01", "Gemeente Nijmegen",
		"Tweede \"rapportage\"", "2024-05-01",
	};
	char *pdf = malloc(len ? len : 1);
	memcpy(pdf, raw, len);
	struct buf out = BUF_INIT;
	int rc = pdf_patch(len ? pdf : NULL, len, el, n, &meta, &out);
	if (rc == 0)
		check_update(pdf, len, &out);
	else if (rc != LIA_EIO || out.len != 0)
		abort();
	buf_free(&out);
	free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	size_t len = size, hl = strlen(HEADER);
	char *names;
	if (size >= hl && memcmp(data, HEADER, hl) == 0) {
		const char *nl = memchr(data, '\n', size);
		size_t line = nl ? (size_t)(nl - raw) : size;
		names = strndup(raw + hl, line - hl);
		raw += nl ? line + 1 : size;
		len -= nl ? line + 1 : size;
	} else {
		names = strdup("Document H1 P");
	}
	struct pdf_patch_elem *el = calloc(MAX_ELEMS, sizeof(*el));
	size_t n = elements(names, el);

	run(raw, len, el, n);
	size_t flen;
	char *fixed = rebuild_xref(raw, len, &flen);
	if (fixed)
		run(fixed, flen, el, n);
	free(fixed);
	free(el);
	free(names);
	return 0;
}
