/*
 * Unit tests: the HTTP layer's content codings (Accept-Encoding with
 * q-values, gzip and brotli that decompress to the same bytes) and the
 * cache of ready answers (versions, LRU order, the memory bound, entries
 * that outlive their eviction while someone sends them).
 */
#include "http/cache.h"
#include "http/compress.h"

#include <brotli/decode.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

Test(compress, accept_encoding)
{
	static const struct {
		const char *ae;
		enum http_enc want;
	} cases[] = {
		{NULL, HTTP_ENC_IDENTITY},
		{"", HTTP_ENC_IDENTITY},
		{"identity", HTTP_ENC_IDENTITY},
		{"gzip", HTTP_ENC_GZIP},
		{"br", HTTP_ENC_BR},
		{"gzip, deflate, br", HTTP_ENC_BR},
		{"br;q=0, gzip", HTTP_ENC_GZIP},
		{"br;q=0.5, gzip;q=0.8", HTTP_ENC_GZIP},
		{"br;q=0.8, gzip;q=0.8", HTTP_ENC_BR},
		{"gzip;q=0", HTTP_ENC_IDENTITY},
		{"gzip;q=0.000", HTTP_ENC_IDENTITY},
		{"*", HTTP_ENC_BR},
		{"*;q=0.5, br;q=0", HTTP_ENC_GZIP},
		{"identity;q=1, gzip;q=0.5", HTTP_ENC_IDENTITY},
		{"gzip;q=1.0, identity;q=0.5", HTTP_ENC_GZIP},
		{"deflate", HTTP_ENC_IDENTITY},
		{"x-gzip", HTTP_ENC_GZIP},
		{"GZip ; q=0.3", HTTP_ENC_GZIP},
		{"brotli, gzipx", HTTP_ENC_IDENTITY},
		{",,;q=1, ;", HTTP_ENC_IDENTITY},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(http_enc_choose(cases[i].ae), cases[i].want, "Accept-Encoding: %s", cases[i].ae ? cases[i].ae : "(none)");
}

Test(compress, compressible)
{
	cr_assert(http_compressible("text/html; charset=utf-8", 5000));
	cr_assert(http_compressible("application/json", 5000));
	cr_assert(http_compressible("image/svg+xml", 5000));
	cr_assert_not(http_compressible("text/html", HTTP_COMPRESS_MIN - 1), "small bodies stay as they are");
	cr_assert_not(http_compressible("application/pdf", 5000));
	cr_assert_not(http_compressible("image/png", 5000));
	cr_assert_not(http_compressible(NULL, 5000));
}

static char *sample(size_t *len)
{
	size_t cap = 200000, n = 0;
	char *s = malloc(cap);
	for (int i = 0; n + 100 < cap; i++)
		n += (size_t)snprintf(s + n, cap - n, "<tr><td>Actiepunt %d</td><td>loopt</td><td>%d</td></tr>\n", i, i * 7919 % 1000);
	*len = n;
	return s;
}

Test(compress, gzip_and_brotli_round_trip)
{
	size_t len;
	char *in = sample(&len);
	for (int thorough = 0; thorough < 2; thorough++) {
		char *z;
		size_t zlen;
		cr_assert_eq(http_compress(HTTP_ENC_GZIP, in, len, thorough, &z, &zlen), 0);
		cr_assert_lt(zlen, len / 4);
		char *back = malloc(len);
		z_stream s = {0};
		cr_assert_eq(inflateInit2(&s, 15 + 16), Z_OK, "a gzip stream, not bare zlib");
		s.next_in = (Bytef *)z;
		s.avail_in = (uInt)zlen;
		s.next_out = (Bytef *)back;
		s.avail_out = (uInt)len;
		cr_assert_eq(inflate(&s, Z_FINISH), Z_STREAM_END);
		cr_assert_eq(s.total_out, len);
		inflateEnd(&s);
		cr_assert_eq(memcmp(back, in, len), 0);
		free(z);

		cr_assert_eq(http_compress(HTTP_ENC_BR, in, len, thorough, &z, &zlen), 0);
		cr_assert_lt(zlen, len / 4);
		size_t blen = len;
		cr_assert_eq(BrotliDecoderDecompress(zlen, (const uint8_t *)z, &blen, (uint8_t *)back), BROTLI_DECODER_RESULT_SUCCESS);
		cr_assert_eq(blen, len);
		cr_assert_eq(memcmp(back, in, len), 0);
		free(z);
		free(back);
	}
	char *z = NULL;
	size_t zlen;
	cr_assert_neq(http_compress(HTTP_ENC_GZIP, "ab", 2, false, &z, &zlen), 0, "bytes that do not shrink are refused");
	cr_assert_null(z);
	free(in);
}

static const struct http_cache_header hdrs[] = {{"Content-Type", "text/plain"}, {"Cache-Control", "no-cache"}};

/* An entry of about n bytes of incompressible body under key k. */
static struct http_cache_entry *put(struct http_cache *c, const char *k, unsigned long long v, size_t n)
{
	char *body = malloc(n);
	for (size_t i = 0; i < n; i++)
		body[i] = (char)('a' + (i * 7 + i / 13) % 26);
	return http_cache_put(c, k, v, 200, hdrs, 2, "application/octet-stream", "\"e\"", body, n);
}

Test(cache, hit_and_headers)
{
	struct http_cache *c = http_cache_new(1 << 20);
	http_cache_unref(put(c, "/a", 1, 100));
	struct http_cache_entry *e = http_cache_get(c, "/a", 1);
	cr_assert_not_null(e);
	size_t len;
	cr_assert_not_null(http_cache_body(e, HTTP_ENC_IDENTITY, &len));
	cr_assert_eq(len, 100);
	cr_assert_null(http_cache_body(e, HTTP_ENC_GZIP, &len), "not a compressible type");
	const struct http_cache_header *h;
	cr_assert_eq(http_cache_headers(e, &h), 2);
	cr_assert_str_eq(h[1].value, "no-cache");
	cr_assert_str_eq(http_cache_etag(e), "\"e\"");
	http_cache_unref(e);
	cr_assert_null(http_cache_get(c, "/b", 1));
	http_cache_free(c);
}

Test(cache, text_is_kept_in_every_coding)
{
	struct http_cache *c = http_cache_new(4 << 20);
	size_t len;
	char *in = sample(&len);
	char *copy = malloc(len);
	memcpy(copy, in, len);
	http_cache_unref(http_cache_put(c, "/t", 1, 200, hdrs, 2, "text/html; charset=utf-8", "\"t\"", copy, len));
	struct http_cache_entry *e = http_cache_get(c, "/t", 1);
	size_t n;
	for (int enc = 0; enc < HTTP_ENC_COUNT; enc++)
		cr_assert_not_null(http_cache_body(e, (enum http_enc)enc, &n), "coding %d", enc);
	const char *id = http_cache_body(e, HTTP_ENC_IDENTITY, &n);
	cr_assert_eq(n, len);
	cr_assert_eq(memcmp(id, in, len), 0);
	http_cache_unref(e);
	http_cache_free(c);
	free(in);
}

Test(cache, a_newer_version_empties_it)
{
	struct http_cache *c = http_cache_new(1 << 20);
	http_cache_unref(put(c, "/a", 5, 100));
	http_cache_unref(put(c, "/b", 5, 100));
	cr_assert_eq(http_cache_count(c), 2);
	cr_assert_null(http_cache_get(c, "/a", 6), "an entry of an older version is never served");
	cr_assert_eq(http_cache_count(c), 0);
	cr_assert_eq(http_cache_used(c), 0);
	/* A page made from version 5 that finishes after version 6 was seen is not stored. */
	http_cache_unref(put(c, "/a", 5, 100));
	cr_assert_eq(http_cache_count(c), 0);
	cr_assert_null(http_cache_get(c, "/a", 5));
	cr_assert_null(http_cache_get(c, "/a", 6));
	http_cache_free(c);
}

Test(cache, the_bound_holds_and_the_least_recent_go_first)
{
	size_t max = 64 << 10;
	struct http_cache *c = http_cache_new(max);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "/p/%d", i);
		http_cache_unref(put(c, key, 1, 5000));
		cr_assert_leq(http_cache_used(c), max, "after %d entries", i + 1);
		/* keep /p/0 in use: it is read after every store */
		struct http_cache_entry *first = http_cache_get(c, "/p/0", 1);
		cr_assert_not_null(first, "the most recently used entry stays (%d)", i);
		http_cache_unref(first);
	}
	cr_assert_gt(http_cache_count(c), 5);
	cr_assert_lt(http_cache_count(c), 14);
	cr_assert_null(http_cache_get(c, "/p/1", 1), "the least recently used went");
	struct http_cache_entry *last = http_cache_get(c, "/p/99", 1);
	cr_assert_not_null(last);
	http_cache_unref(last);
	/* Too large for the bound: served to its maker, never kept. */
	struct http_cache_entry *big = put(c, "/big", 1, max + 1);
	size_t n;
	cr_assert_eq(http_cache_body(big, HTTP_ENC_IDENTITY, &n)[0], 'a');
	http_cache_unref(big);
	cr_assert_null(http_cache_get(c, "/big", 1));
	cr_assert_leq(http_cache_used(c), max);
	http_cache_free(c);
}

Test(cache, an_entry_outlives_its_eviction_while_in_use)
{
	struct http_cache *c = http_cache_new(1 << 20);
	http_cache_unref(put(c, "/a", 1, 1000));
	struct http_cache_entry *e = http_cache_get(c, "/a", 1);
	cr_assert_null(http_cache_get(c, "/a", 2)); /* drops it from the cache */
	size_t n;
	const char *b = http_cache_body(e, HTTP_ENC_IDENTITY, &n);
	cr_assert_eq(n, 1000);
	cr_assert_eq(b[999], (char)('a' + (999 * 7 + 999 / 13) % 26), "the bytes are still there");
	http_cache_unref(e);
	/* replacing a key keeps one entry */
	http_cache_unref(put(c, "/k", 2, 10));
	http_cache_unref(put(c, "/k", 2, 20));
	cr_assert_eq(http_cache_count(c), 1);
	e = http_cache_get(c, "/k", 2);
	http_cache_body(e, HTTP_ENC_IDENTITY, &n);
	cr_assert_eq(n, 20);
	http_cache_unref(e);
	http_cache_free(c);
}

Test(cache, a_newer_version_of_one_municipality_keeps_the_others)
{
	/* SQLite: a file each, so their versions are unrelated numbers. */
	struct http_cache *c = http_cache_new(1 << 20);
	http_cache_unref(put(c, "1 /actions", 40, 100));
	http_cache_unref(put(c, "2 /actions", 7, 100));
	cr_assert_eq(http_cache_count(c), 2);
	/* A write in municipality 1. */
	cr_assert_null(http_cache_get(c, "1 /actions", 41));
	struct http_cache_entry *e = http_cache_get(c, "2 /actions", 7);
	cr_assert_not_null(e, "municipality 2's entry stays at its own version");
	http_cache_unref(e);
	cr_assert_eq(http_cache_count(c), 1);
	/* A lower number in another municipality is no older version. */
	http_cache_unref(put(c, "1 /actions", 41, 100));
	e = http_cache_get(c, "1 /actions", 41);
	cr_assert_not_null(e);
	http_cache_unref(e);
	cr_assert_null(http_cache_get(c, "2 /actions", 8));
	e = http_cache_get(c, "1 /actions", 41);
	cr_assert_not_null(e, "municipality 2's write leaves municipality 1's entries");
	http_cache_unref(e);
	http_cache_free(c);
}
