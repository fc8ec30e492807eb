/*
 * compress: content codings for responses (RFC 9110 8.4, 12.5.3): which one
 * a client accepts (Accept-Encoding with q-values), whether a body is worth
 * compressing, and gzip (zlib) or brotli (libbrotlienc) over a whole body.
 * Socket-free; used by respond.c and cache.c.
 */
#ifndef LIA_HTTP_COMPRESS_H
#define LIA_HTTP_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

enum http_enc { HTTP_ENC_IDENTITY, HTTP_ENC_GZIP, HTTP_ENC_BR, HTTP_ENC_COUNT };

/* Bodies shorter than this are sent as they are: the headers and the
 * coding's own overhead would eat what compression saves. */
#define HTTP_COMPRESS_MIN 1024

/* The coding to send for this Accept-Encoding (NULL: identity). brotli
 * before gzip when both are equally acceptable; identity when neither is,
 * or when the client prefers identity. */
enum http_enc http_enc_choose(const char *accept_encoding);
/* The Content-Encoding token ("gzip", "br"), NULL for identity. */
const char *http_enc_name(enum http_enc e);
/* True if a body of this type and length is worth compressing (text, JSON,
 * XML, SVG, CSV; not PDF, images or zip-based files, which are packed). */
bool http_compressible(const char *ctype, size_t len);
/* Compress len bytes of in with e (not identity). thorough: a slower, better
 * level for bytes that are kept (the cache); else a fast one. On success
 * returns 0 and *out is malloc'd (the caller frees it); LIA_EINVAL when the
 * coding failed or did not make the body smaller. */
int http_compress(enum http_enc e, const char *in, size_t len, bool thorough, char **out, size_t *out_len);

#endif
