/*
 * assets: files compiled into the binary by tools/embed.c (templates, CSS,
 * icons, migrations, reference data). Read-only, owned by the program image.
 */
#ifndef LIA_CORE_ASSETS_H
#define LIA_CORE_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* e.g. "templates/layout.mustache", "static/lia.css" */
	const char *data; /* NUL-terminated after len bytes */
	size_t len;
};

extern const struct asset assets[];
extern const unsigned assets_count;

/* The asset with exactly this name, or NULL. */
const struct asset *assets_find(const char *name);

#endif
