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

	/* A copy of exactly the PDF's bytes, so ASan sees any read past them. */
	char *pdf = malloc(len ? len : 1);
	memcpy(pdf, raw, len);
	static const struct pdf_patch_meta meta = {
		"nl-NL", "Voortgangsrapportage <2024> & \u00e9\u00e9n\x01", "Gemeente Nijmegen",
		"Tweede \"rapportage\"", "2024-05-01",
	};
	struct buf out = BUF_INIT;
	int rc = pdf_patch(len ? pdf : NULL, len, el, n, &meta, &out);
	if (rc == 0)
		check_update(pdf, len, &out);
	else if (rc != LIA_EIO || out.len != 0)
		abort();
	buf_free(&out);
	free(pdf);
	free(el);
	free(names);
	return 0;
}
