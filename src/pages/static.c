/*
 * static: CSS and icons compiled into the binary, served with an ETag so
 * browsers revalidate cheaply. Only names present in the asset table exist.
 */
#include "pages/pages.h"

#include "core/arena.h"
#include "core/assets.h"
#include "core/err.h"

#include <string.h>

/* The types of the assets there are, by file name extension. */
static const struct {
	const char *ext, *type;
} types[] = {
	{".css", "text/css; charset=utf-8"}, {".svg", "image/svg+xml"}, {".ico", "image/x-icon"},
	{".png", "image/png"}, {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

const char *page_etag(struct req *r, const char *data, size_t len)
{
	/* FNV-1a: a content hash for the ETag (not for security). */
	unsigned long long h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ULL;
	}
	return arena_printf(r->arena, "\"%016llx\"", h);
}

int page_static(struct req *r, struct resp *out)
{
	const char *name = r->params[0];
	const struct asset *a = NULL;
	if (name && !strchr(name, '/'))
		a = assets_find(arena_printf(r->arena, "static/%s", name));
	if (!a)
		return LIA_ENOTFOUND;
	out->body = a->data;
	out->body_len = a->len;
	out->content_type = content_type(name);
	out->cache_control = "public, max-age=3600";
	out->etag = page_etag(r, a->data, a->len);
	return 0;
}
