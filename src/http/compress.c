/*
 * compress: Accept-Encoding negotiation and whole-body gzip and brotli (see
 * compress.h). Bodies are at most a few megabytes and made in memory
 * already, so each is compressed in one call into one buffer.
 */
#include "http/compress.h"

#include "core/err.h"
#include "core/mem.h"

#include <brotli/encode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The q-value after a coding's parameters (";q=0.5"), 1.0 without one, in
 * thousandths. p points after the coding name; end is the end of its item. */
static int qvalue(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			int q = 0, scale = 1000;
			if (p < end && *p == '1')
				return 1000;
			if (p < end && *p == '0')
				p++;
			if (p < end && *p == '.') {
				p++;
				while (p < end && *p >= '0' && *p <= '9' && scale > 1) {
					scale /= 10;
					q += (*p - '0') * scale;
					p++;
				}
			}
			return q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return 1000;
}

enum http_enc http_enc_choose(const char *ae)
{
	if (!ae)
		return HTTP_ENC_IDENTITY;
	/* -1: not named in the header */
	int q_gzip = -1, q_br = -1, q_identity = -1, q_any = -1;
	const char *p = ae;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *item = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		const char *name_end = item;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		size_t n = (size_t)(name_end - item);
		if (n == 0)
			continue;
		int q = qvalue(name_end, end);
		if ((n == 4 && strncasecmp(item, "gzip", 4) == 0) || (n == 6 && strncasecmp(item, "x-gzip", 6) == 0))
			q_gzip = q;
		else if (n == 2 && strncasecmp(item, "br", 2) == 0)
			q_br = q;
		else if (n == 8 && strncasecmp(item, "identity", 8) == 0)
			q_identity = q;
		else if (n == 1 && *item == '*')
			q_any = q;
	}
	if (q_gzip < 0)
		q_gzip = q_any < 0 ? 0 : q_any;
	if (q_br < 0)
		q_br = q_any < 0 ? 0 : q_any;
	/* identity is acceptable unless excluded by name or by "*;q=0" */
	if (q_identity < 0)
		q_identity = q_any == 0 ? 0 : 1;
	enum http_enc best = q_br >= q_gzip ? HTTP_ENC_BR : HTTP_ENC_GZIP;
	int q_best = best == HTTP_ENC_BR ? q_br : q_gzip;
	/* An explicit preference for identity over both codings wins; the
	 * implicit identity (q 1 thousandth) never beats a named coding. */
	if (q_best <= 0 || q_identity > q_best)
		return HTTP_ENC_IDENTITY;
	return best;
}

const char *http_enc_name(enum http_enc e)
{
	switch (e) {
	case HTTP_ENC_GZIP:
		return "gzip";
	case HTTP_ENC_BR:
		return "br";
	default:
		return NULL;
	}
}

bool http_compressible(const char *ctype, size_t len)
{
	if (!ctype || len < HTTP_COMPRESS_MIN)
		return false;
	static const char *const types[] = {
		"text/", "application/json", "application/problem+json", "application/xml", "application/atom+xml",
		"application/rss+xml", "image/svg+xml", "application/javascript", "application/schema+json",
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strncasecmp(ctype, types[i], strlen(types[i])) == 0)
			return true;
	return false;
}

static int gzip(const char *in, size_t len, int level, char **out, size_t *out_len)
{
	z_stream z = {0};
	/* 15 + 16: a gzip header and trailer rather than zlib's */
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return LIA_EINVAL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *buf = mem_alloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || n >= len) {
		free(buf);
		return LIA_EINVAL;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

static int brotli(const char *in, size_t len, int quality, char **out, size_t *out_len)
{
	size_t cap = BrotliEncoderMaxCompressedSize(len);
	if (cap == 0)
		return LIA_EINVAL;
	char *buf = mem_alloc(cap);
	size_t n = cap;
	if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, (const uint8_t *)in, &n,
	                           (uint8_t *)buf) ||
	    n >= len) {
		free(buf);
		return LIA_EINVAL;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

int http_compress(enum http_enc e, const char *in, size_t len, bool thorough, char **out, size_t *out_len)
{
	/* zlib counts in uInt: bodies are far smaller, but say so. */
	if (len > (1u << 30))
		return LIA_EINVAL;
	switch (e) {
	case HTTP_ENC_GZIP:
		return gzip(in, len, thorough ? 6 : 1, out, out_len);
	case HTTP_ENC_BR:
		return brotli(in, len, thorough ? 5 : 1, out, out_len);
	default:
		return LIA_EINVAL;
	}
}
