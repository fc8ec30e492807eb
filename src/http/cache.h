/*
 * cache: ready response bytes, kept for answers whose data has not changed.
 * An entry holds one answer (status, headers, ETag) and its body in every
 * coding worth having (identity, gzip, brotli), made once when the entry is
 * stored. Entries are found by a key the caller makes from everything the
 * bytes depend on (dispatch.c: path, query, language, representation, who
 * may see drafts) and are valid for one data version (store_data_version)
 * of their municipality, the key's leading number ("2 /actions..."; none: 0):
 * the first request that sees a newer version of a municipality drops that
 * municipality's entries at once, and no other's.
 * Memory is bounded: the least recently used entries go first. Safe to use
 * from every worker thread; entries are reference-counted, so one can be
 * sent while another thread drops it from the cache.
 */
#ifndef LIA_HTTP_CACHE_H
#define LIA_HTTP_CACHE_H

#include "http/compress.h"

#include <stdbool.h>
#include <stddef.h>

struct http_cache;
struct http_cache_entry;

struct http_cache_header {
	const char *name, *value;
};

/* A cache that keeps at most max_bytes of entries (bodies, keys, headers). */
struct http_cache *http_cache_new(size_t max_bytes);
void http_cache_free(struct http_cache *c);

/* The entry for key made at version, with a reference the caller gives back
 * with http_cache_unref(); NULL if there is none. A newer version than any
 * seen before for the key's municipality drops its entries first. */
struct http_cache_entry *http_cache_get(struct http_cache *c, const char *key, unsigned long long version);

/* Store an answer: status, headers (copied; none of them Set-Cookie,
 * ETag, Content-Encoding or X-Request-Id), etag (copied, quoted) and body
 * (malloc'd; taken, also on failure). Compressed codings are made here, for
 * compressible types (ctype; NULL: keep the bytes as they are only). Returns the entry with a reference for the
 * caller, whether or not the cache kept it (too large, or made from an older
 * version than the cache now holds). Never NULL. */
struct http_cache_entry *http_cache_put(struct http_cache *c, const char *key, unsigned long long version,
                                        unsigned status, const struct http_cache_header *headers,
                                        unsigned nheaders, const char *ctype, const char *etag, char *body,
                                        size_t len);

void http_cache_unref(struct http_cache_entry *e);

/* What an entry holds. The pointers live as long as the caller's reference. */
unsigned http_cache_status(const struct http_cache_entry *e);
const char *http_cache_etag(const struct http_cache_entry *e);
unsigned http_cache_headers(const struct http_cache_entry *e, const struct http_cache_header **headers);
/* The body in coding enc, or NULL when the entry has none in it (too small,
 * not compressible, or compression did not pay): send identity then. */
const char *http_cache_body(const struct http_cache_entry *e, enum http_enc enc, size_t *len);

/* Bytes held and entries, for tests and the log. */
size_t http_cache_used(struct http_cache *c);
unsigned http_cache_count(struct http_cache *c);

#endif
