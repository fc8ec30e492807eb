/*
 * finish: the last step of every successful answer to GET and HEAD, and the
 * first chance to skip the work. After a handler answered: an ETag (the
 * handler's, or a digest of the bytes), 304 Not Modified when the client's
 * If-None-Match holds it, and the body compressed as Accept-Encoding allows;
 * the ETag names the coding too ("abc-br"), since each coding is a
 * different string of bytes (RFC 9110 8.8.3). Before a handler runs: a
 * public page asked for by someone not signed in may be answered from the
 * cache of ready bytes (http/cache.h), and if it is not there, the answer
 * made for it is stored once it is finished.
 *
 * What may be stored: a 200 to a request with no session, no bearer token,
 * no flash message, that sets no cookie and whose bytes do not hold the
 * visitor's CSRF token (the sign-in form). Such bytes depend only on the
 * key: the path, the query, the language, HTML or JSON, http or https, the
 * Host, the day (pages that count days to a deadline), and the data version
 * the database reports before the handler's snapshot begins, so the bytes
 * are at least as new as the version they are filed under.
 *
 * A signed-in user's own page is kept too (the private part: same cache,
 * same bound), on routes that allow it (ROUTE_PRIVATE_CACHE: they write and
 * record nothing), looked up only after the session was found, so a session
 * that ended, by signing out, a new password, a reset second factor, a
 * disabled account or time, gets nothing from the cache. Its key adds the
 * session's digest (the account, and the CSRF token in the page's forms),
 * the account, role and expert flag, and when the session ends (the page
 * says so). Not stored: with a bearer token, a flash message, a pending
 * sign-in, a cookie set, a read put on record, or when the request wrote
 * the session's activity (its end moves). The headers stay those of a
 * signed-in page (Cache-Control: private, no-cache).
 */
#include "http/internal.h"

#include "core/buf.h"
#include "core/mem.h"
#include "http/cache.h"
#include "http/compress.h"
#include "http/router.h"
#include "store/national.h"
#include "store/store.h"

#include <xxhash.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_read(const struct http_exchange *x)
{
	return strcmp(x->req.method, "GET") == 0 || strcmp(x->req.method, "HEAD") == 0;
}

/* A strong ETag from the bytes: 128 bits of XXH3, quoted. Arena string.
 * An ETag tells a client that the bytes it has are still the ones it would
 * get; it protects nothing (whoever may see the page has the bytes), so it
 * needs a hash that two different pages do not share by accident, not one
 * that resists someone who makes them on purpose. Every made page is
 * hashed: a list of 2 MB took BLAKE2b 10.9 million instructions, XXH3 2.5. */
static const char *body_etag(struct http_exchange *x, const char *body, size_t len)
{
	XXH128_hash_t h = XXH3_128bits(body, len);
	return arena_printf(x->req.arena, "\"%016llx%016llx\"", (unsigned long long)h.high64,
	                    (unsigned long long)h.low64);
}

/* The ETag of the body in coding e: "abc" becomes "abc-br" (W/ kept). */
static const char *coded_etag(struct http_exchange *x, const char *etag, enum http_enc e)
{
	const char *name = http_enc_name(e);
	size_t n = strlen(etag);
	if (!name || n < 2 || etag[n - 1] != '"')
		return etag;
	return arena_printf(x->req.arena, "%.*s-%s\"", (int)(n - 1), etag, name);
}

static void set_header(struct http_exchange *x, const char *name, const char *value)
{
	struct http_pairs *h = &x->resp.headers;
	for (unsigned i = 0; i < h->n; i++) {
		if (strcasecmp(h->v[i].name, name) == 0) {
			h->v[i].value = arena_strdup(x->req.arena, value);
			return;
		}
	}
	http_pairs_add(x->req.arena, h, name, value);
}

static void drop_header(struct http_exchange *x, const char *name)
{
	struct http_pairs *h = &x->resp.headers;
	unsigned j = 0;
	for (unsigned i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) != 0)
			h->v[j++] = h->v[i];
	h->n = j;
}

/* The answer becomes 304: no body, and no headers that describe one. */
static void not_modified(struct http_exchange *x)
{
	if (x->resp.body_owned)
		free((char *)x->resp.body);
	x->resp.body = "";
	x->resp.body_len = 0;
	x->resp.body_owned = false;
	x->resp.status = 304;
	drop_header(x, "Content-Type");
	drop_header(x, "Content-Disposition");
	drop_header(x, "Content-Encoding");
}

static void unref_entry(void *e)
{
	http_cache_unref(e);
}

/* Answer from a cache entry (the caller's reference passes to the
 * exchange, which gives it back when it is freed, after the last byte). */
static void send_entry(struct http_exchange *x, struct http_cache_entry *e, bool hit)
{
	struct req *r = &x->req;
	arena_defer(r->arena, unref_entry, e);
	enum http_enc enc = http_enc_choose(req_header(r, "Accept-Encoding"));
	size_t len;
	const char *body = http_cache_body(e, enc, &len);
	if (!body) {
		enc = HTTP_ENC_IDENTITY;
		body = http_cache_body(e, enc, &len);
	}
	if (x->resp.body_owned)
		free((char *)x->resp.body);
	x->resp = (struct http_response){.status = http_cache_status(e), .body = body, .body_len = len};
	const struct http_cache_header *h;
	unsigned n = http_cache_headers(e, &h);
	for (unsigned i = 0; i < n; i++)
		http_pairs_add(r->arena, &x->resp.headers, h[i].name, h[i].value);
	http_pairs_add(r->arena, &x->resp.headers, "X-Request-Id", x->id);
	/* Says where the bytes came from, for tests and whoever measures. */
	http_pairs_add(r->arena, &x->resp.headers, "X-Cache", hit ? "hit" : "miss");
	const char *etag = coded_etag(x, http_cache_etag(e), enc);
	http_pairs_add(r->arena, &x->resp.headers, "ETag", etag);
	if (enc != HTTP_ENC_IDENTITY)
		http_pairs_add(r->arena, &x->resp.headers, "Content-Encoding", http_enc_name(enc));
	x->answered = true;
	x->finished = true;
	if (respond_etag_matches(r, etag))
		not_modified(x);
}

/* The headers of the answer that belong in the cache: all but those made
 * per request or per coding. Arena array. */
static unsigned cache_headers(struct http_exchange *x, struct http_cache_header **out)
{
	const struct http_pairs *h = &x->resp.headers;
	struct http_cache_header *v = arena_alloc(x->req.arena, sizeof(*v) * (h->n ? h->n : 1));
	unsigned n = 0;
	static const char *const skip[] = {"X-Request-Id", "ETag", "Content-Encoding", "Set-Cookie", "X-Cache"};
	for (unsigned i = 0; i < h->n; i++) {
		bool keep = h->v[i].value != NULL;
		for (size_t k = 0; keep && k < sizeof(skip) / sizeof(skip[0]); k++)
			keep = strcasecmp(h->v[i].name, skip[k]) != 0;
		if (keep)
			v[n++] = (struct http_cache_header){h->v[i].name, h->v[i].value};
	}
	*out = v;
	return n;
}

/* True if the finished answer depends on nothing but its cache key. */
static bool storable(struct http_exchange *x)
{
	const struct req *r = &x->req;
	if (!x->cache_key || x->ncookies || x->recorded)
		return false;
	/* A signed-in page holds its session's CSRF token, which its key names. */
	if (x->cache_private)
		return r->user && r->user->session && !x->session_touched;
	if (r->user)
		return false;
	/* A page with a form carries this visitor's own CSRF token. */
	return !(r->csrf && memmem(x->resp.body, x->resp.body_len, r->csrf, strlen(r->csrf)));
}

/* The national picture at the deployment's root shows every municipality. */
static bool is_national(const struct req *r)
{
	return r->deployment && strcmp(r->route->pattern, "/municipalities") == 0;
}

/* The data version the bytes of this request are filed under: its
 * municipality's, or for the national picture every municipality's (a
 * change in any of them makes it anew). false: no version (logged); the
 * page is made as if there were no cache. */
static bool cache_version(struct http_exchange *x, unsigned long long *version)
{
	struct req *r = &x->req;
	int vrc = is_national(r) ? store_deployment_version(x->pipe->pool, version)
	                         : store_data_version_for(x->pipe->pool, r->municipality_id, version);
	return vrc == 0;
}

/* The part of the key every cached answer has: its scope, path, query,
 * language, HTML or JSON, http or https, Host (and a trusted
 * X-Forwarded-Host) and the day. The scope is the municipality (its short
 * name is in the address, or its host name in Host, but the key says it
 * outright); the national picture's version is the deployment's, not
 * municipality 1's, so it is kept in a scope of its own (0: no
 * municipality), where neither empties the other. */
static void cache_key_common(struct http_exchange *x, struct buf *k)
{
	struct req *r = &x->req;
	buf_printf(k, "%lld %s\n", is_national(r) ? 0LL : r->municipality_id, x->url);
	for (unsigned i = 0; i < x->query.n; i++) {
		const struct http_pair *p = &x->query.v[i];
		buf_url_escape(k, p->name, strlen(p->name));
		if (p->value) {
			buf_putc(k, '=');
			buf_url_escape(k, p->value, strlen(p->value));
		}
		buf_putc(k, '&');
	}
	const char *host = req_header(r, "Host");
	const char *fhost = http_forwarded(x, "X-Forwarded-Host");
	buf_printf(k, "\n%s %s %s %.10s %s %s", r->lang, r->want_json ? "json" : "html", x->secure ? "https" : "http",
	           x->now, host ? host : "", fhost ? fhost : "");
}

/* Look key up: answer from it (true), or note it for http_finish (false). */
static bool cache_lookup(struct http_exchange *x, struct buf *k, unsigned long long version, bool private)
{
	const char *key = arena_strdup(x->req.arena, buf_cstr(k));
	buf_free(k);
	struct http_cache_entry *e = http_cache_get(x->pipe->cache, key, version);
	if (!e) {
		x->cache_key = key;
		x->cache_version = version;
		x->cache_private = private;
		return false;
	}
	send_entry(x, e, true);
	return true;
}

bool http_cache_try(struct http_exchange *x)
{
	struct req *r = &x->req;
	const struct route *route = r->route;
	if (!x->pipe->cache || !is_read(x) || (route->flags & ROUTE_RAW) || route->perm != PERM_PUBLIC ||
	    x->ncookies || req_header(r, "Authorization") || http_pairs_get(&x->cookies, SESSION_COOKIE) ||
	    http_pairs_get(&x->cookies, PENDING_COOKIE) || http_pairs_get(&x->cookies, FLASH_COOKIE))
		return false;
	unsigned long long version;
	if (!cache_version(x, &version))
		return false;
	struct buf k = BUF_INIT;
	cache_key_common(x, &k);
	return cache_lookup(x, &k, version, false);
}

bool http_cache_try_private(struct http_exchange *x)
{
	struct req *r = &x->req;
	const struct user *u = r->user;
	if (!x->pipe->cache || !is_read(x) || !(r->route->flags & ROUTE_PRIVATE_CACHE) || !u || u->via_token ||
	    !u->session || !u->session_ends || x->session_touched || x->ncookies || x->flash ||
	    req_header(r, "Authorization") || http_pairs_get(&x->cookies, PENDING_COOKIE) ||
	    http_pairs_get(&x->cookies, FLASH_COOKIE))
		return false;
	/* Read after the session was found: a change to the account or the
	 * session committed before this point is in the version or the key. */
	unsigned long long version;
	if (!cache_version(x, &version))
		return false;
	struct buf k = BUF_INIT;
	cache_key_common(x, &k);
	/* Whose page: the session (its digest: the account, and the CSRF token
	 * in the page's forms), the account, role and whether an experience
	 * expert (also in the version, but said outright), and when the
	 * session ends, which the page shows: on PostgreSQL a session's
	 * activity does not move the data version (migration 0017). */
	buf_printf(&k, "\nsession %s %lld %s %d %s", u->session, u->id, u->role ? u->role : "", u->expert ? 1 : 0,
	           u->session_ends);
	return cache_lookup(x, &k, version, true);
}

void http_finish(struct http_exchange *x)
{
	struct req *r = &x->req;
	struct http_response *h = &x->resp;
	if (x->finished || !x->answered || !is_read(x) || h->status != 200)
		return;
	x->finished = true;
	const char *cc = http_pairs_get(&h->headers, "Cache-Control");
	if (cc && strstr(cc, "no-store"))
		return; /* kept nowhere, so nothing to validate */
	const char *ctype = http_pairs_get(&h->headers, "Content-Type");
	const char *etag = http_pairs_get(&h->headers, "ETag");
	/* A handler's own ETag names exactly these bytes (a frozen report's is
	 * its published sha256, which readers check): such answers are sent as
	 * they are, never in another coding. */
	bool as_is = etag != NULL || http_pairs_get(&h->headers, "Content-Encoding");
	if (!etag)
		etag = body_etag(x, h->body, h->body_len);
	if (storable(x)) {
		char *body = (char *)h->body;
		/* A page's bytes grew by doubling: kept, the buffer's unused end
		 * would stay in memory without being counted in the cache's size
		 * (a list of 2.2 MB sits in 4 MB). Made to fit, in place. */
		if (h->body_owned) {
			h->body_owned = false;
			body = mem_realloc(body, h->body_len ? h->body_len : 1);
			h->body = body;
		} else {
			body = memcpy(mem_alloc(h->body_len ? h->body_len : 1), h->body, h->body_len);
		}
		struct http_cache_header *hv;
		unsigned n = cache_headers(x, &hv);
		send_entry(x, http_cache_put(x->pipe->cache, x->cache_key, x->cache_version, h->status, hv, n,
		                             as_is ? NULL : ctype, etag, body, h->body_len),
		           false);
		return;
	}
	enum http_enc enc = !as_is && http_compressible(ctype, h->body_len)
	                        ? http_enc_choose(req_header(r, "Accept-Encoding"))
	                        : HTTP_ENC_IDENTITY;
	const char *tag = coded_etag(x, etag, enc);
	set_header(x, "ETag", tag);
	if (respond_etag_matches(r, tag)) {
		not_modified(x);
		return;
	}
	if (enc == HTTP_ENC_IDENTITY)
		return;
	char *z;
	size_t zlen;
	if (http_compress(enc, h->body, h->body_len, false, &z, &zlen) != 0) {
		set_header(x, "ETag", etag);
		return;
	}
	if (h->body_owned)
		free((char *)h->body);
	h->body = z;
	h->body_len = zlen;
	h->body_owned = true;
	set_header(x, "Content-Encoding", http_enc_name(enc));
}
