/*
 * mustache: lia's template engine (https://mustache.github.io/mustache.5.html).
 * Templates are compiled once into a tree and rendered many times, from any
 * number of threads at once (a compiled template is read-only).
 *
 * Data is jansson JSON. Rendering looks names up in a context stack: the
 * caller passes the bottom frames (for example site-wide strings and the page
 * resource) and sections push more. {{name}} is HTML-escaped when
 * opts->html_escape is set; {{{name}}} and {{&name}} never are, and lia uses
 * them only for HTML it produced itself (rendered Markdown, SVG charts).
 *
 * Supported: variables, dotted names, implicit iterator, sections, inverted
 * sections, comments, set delimiters, partials (with standalone indentation),
 * and template inheritance (parents {{<name}} and blocks {{$name}}). An empty
 * block alone on its line ("  {{$body}}{{/body}}") is a slot: what fills it is
 * indented like the tag, and an unfilled slot leaves no blank line.
 * Falsey values: false, null, empty array, empty string.
 */
#ifndef LIA_VIEW_MUSTACHE_H
#define LIA_VIEW_MUSTACHE_H

#include "core/buf.h"
#include "core/row.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct mu_template;

/* Looks up a partial (also used for parents) by name. Returns NULL when there
 * is none; a missing partial renders as empty text, as the spec requires. The
 * template stays owned by the callback's side and must outlive the render;
 * when one compiled template is rendered from several threads, the callback
 * is called from all of them. */
typedef const struct mu_template *(*mu_partial_fn)(void *ctx, const char *name);

/* Strict mode: may name be absent from the data? (It is declared as a key
 * that a resource may leave out.) Called only for names that resolve nowhere. */
typedef bool (*mu_known_fn)(void *ctx, const char *name);

/* The name of a template, for messages; NULL if unknown. */
typedef const char *(*mu_name_fn)(void *partial_ctx, const struct mu_template *t);

/* An integer interpolated as {{name}} (name: the last part of a dotted
 * name): write it to out (size bytes, NUL-terminated) and return its length,
 * or return 0 to have it written as plain digits. For grouping counts in the
 * reader's language ("20.000") while ids and years stay digits. */
typedef size_t (*mu_number_fn)(void *ctx, const char *name, long long n, char *out, size_t size);

/* A list fed row by row: a section whose value is the JSON value `at` (by
 * identity; an object stands in for the list, so it is truthy) is rendered
 * once per row that next(ctx, &row) gives (1: *row is the next row, which
 * stays the feed's and need only last until the next call; 0: no more;
 * negative: stop the render with -1). Names inside the section look in the
 * row's fields first, then outwards as usual. The rows are read once: a
 * template that has two sections on `at` fails. Put an empty array at the
 * list's place instead when it has no rows ({{^name}} then renders). */
struct mu_feed {
	const json_t *at;
	int (*next)(void *ctx, struct row **row);
	void *ctx;
};

struct mu_opts {
	bool html_escape;      /* escape & < > " ' in {{name}} */
	mu_partial_fn partial; /* may be NULL: no partials */
	void *partial_ctx;
	/* Strict mode (off when false; the spec's rule is that a missing name is
	 * empty): a variable or section name, or a part of a dotted name, that
	 * resolves nowhere in the context stack stops the render with -1, unless
	 * known(known_ctx, that part) says it may be absent. The message
	 * ("template NAME, line N: 'a.b' is not in the data ...") is appended to
	 * err if it is not NULL, with the template named by template_name
	 * (called with partial_ctx) if that is not NULL. */
	bool strict;
	mu_known_fn known;
	void *known_ctx;
	mu_name_fn template_name;
	struct buf *err;
	mu_number_fn number; /* may be NULL: integers as plain digits (the spec's way) */
	void *number_ctx;
	const struct mu_feed *feed; /* may be NULL: no list is fed row by row */
};

/* Compile src (len bytes, need not be NUL-terminated; not referenced after the
 * call). On success returns 0 and sets *out (caller owns it; free with mu_free).
 * On a syntax error (unclosed or mismatched section, unclosed tag, bad name or
 * set-delimiter tag) returns -1, sets *out to NULL and, if err is not NULL,
 * sets *err to a malloc'd message naming the line, e.g.
 * "line 3: section 'items' is not closed"; the caller frees it. */
int mu_compile(const char *src, size_t len, struct mu_template **out, char **err);
/* NULL is a no-op. */
void mu_free(struct mu_template *t);

/* Render t, appending to out. stack[0] is the outermost frame and stack[n-1]
 * the innermost; lookups search from the innermost out, and {{.}} outside any
 * section is stack[n-1]. Strings, numbers (integers as integers, reals in the
 * shortest form that reads back exactly) and booleans interpolate; null,
 * objects and arrays render as nothing. opts may be NULL: escaping on, no
 * partials, not strict. Returns 0, or -1 if partials, parents or block
 * arguments nest deeper than 64 (a loop) or a strict render meets an unknown
 * name, with out unspecified. Safe to call concurrently on
 * one template; the data must not change while it is rendered. */
int mu_render(const struct mu_template *t, json_t *const *stack, size_t n,
              const struct mu_opts *opts, struct buf *out);

#endif
