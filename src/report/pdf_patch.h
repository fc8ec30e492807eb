/*
 * pdf_patch: what cairo 1.16 cannot write into a tagged PDF, added
 * afterwards as a PDF incremental update (ISO 32000-1, 7.5.6). The layout
 * (doc_pdf.c) draws with cairo into memory and records, in the order it
 * began them, the structure elements it tagged; pdf_patch reads cairo's
 * bytes back (pdf_read.h), checks that the structure tree holds exactly
 * those elements in that order, and appends the objects again with the
 * missing keys: /Lang, /Alt and /A on structure elements, /Contents on link
 * annotations, /Tabs /S on pages with annotations, /Lang, /MarkInfo,
 * /ViewerPreferences and /Metadata (XMP) in the Catalog, a PDF creation date
 * in the Info dictionary, then a new cross-reference section and a trailer
 * pointing back with /Prev. cairo's bytes are kept as they are, first.
 */
#ifndef LIA_REPORT_PDF_PATCH_H
#define LIA_REPORT_PDF_PATCH_H

#include "core/buf.h"

#include <stddef.h>

/* One structure element, in the order it was begun (depth first, as
 * cairo_tag_begin was called). Strings are borrowed for the call; NULL
 * means "nothing to add". Keys cairo already wrote are left as they are. */
struct pdf_patch_elem {
	const char *name;     /* its tag, as given to cairo_tag_begin ("P", "Link"): must equal its /S */
	const char *lang;     /* BCP 47 tag for its /Lang ("en-GB") */
	const char *alt;      /* its alternative text (/Alt): a Figure's */
	const char *attrs;    /* its attribute dictionary (/A) in PDF syntax: a TH's scope, a list's numbering */
	const char *contents; /* a Link: its annotation's /Contents, the link described for assistive technology */
};

/* The document as a whole: Catalog, Info and XMP. */
struct pdf_patch_meta {
	const char *lang;    /* BCP 47 tag of the document ("nl-NL"); required */
	const char *title;   /* for the XMP; cairo already has them in the Info dictionary */
	const char *author;  /* or NULL */
	const char *subject; /* or NULL */
	const char *date;    /* "YYYY-MM-DD" it was made, or NULL: becomes /CreationDate and xmp:CreateDate */
};

/* Appends cairo's PDF (raw, len bytes) and the incremental update to out.
 * Returns 0, or LIA_EIO (out unchanged) if raw is not what cairo 1.16 writes
 * or its structure tree is not exactly elems[0..n) in order: a file that
 * lied about its structure would be worse than none. Never reads outside
 * raw[0..len), whatever the bytes. */
int pdf_patch(const char *raw, size_t len, const struct pdf_patch_elem *elems, size_t n,
              const struct pdf_patch_meta *meta, struct buf *out);

#endif
