/*
 * cache: the LRU of ready answers (see cache.h). A hash table of chains
 * finds entries by key; a doubly linked list orders them from most to least
 * recently used. One mutex guards both; compression runs outside it. An
 * entry in the cache holds one reference, each user one more; the last
 * reference frees it.
 */
#include "http/cache.h"

#include "core/mem.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 4096 /* a power of two */

struct http_cache_entry {
	atomic_uint refs;
	struct http_cache_entry *chain;      /* next in its bucket */
	struct http_cache_entry *prev, *next; /* LRU list; prev is more recent */
	uint64_t hash;
	char *key;
	long long scope; /* its municipality (the key's leading number) */
	unsigned long long version;
	unsigned status;
	unsigned nheaders;
	struct http_cache_header *headers; /* names and values in one block with the array */
	char *etag;
	char *body[HTTP_ENC_COUNT];
	size_t len[HTTP_ENC_COUNT];
	size_t cost; /* bytes charged against the bound */
};

struct http_cache {
	pthread_mutex_t lock;
	size_t max, used;
	unsigned count;
	/* The newest data version seen, per municipality: their versions are
	 * unrelated numbers (a SQLite file each), so one municipality's write
	 * must not empty the others' entries. */
	struct cache_scope {
		long long id;
		unsigned long long version;
	} *scopes;
	unsigned nscopes, cap_scopes;
	struct http_cache_entry *buckets[CACHE_BUCKETS];
	struct http_cache_entry *head, *tail; /* most and least recently used */
};

/* FNV-1a, 64 bits. */
static uint64_t hash_key(const char *k)
{
	uint64_t h = 1469598103934665603ull;
	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ull;
	}
	return h;
}

struct http_cache *http_cache_new(size_t max_bytes)
{
	struct http_cache *c = mem_calloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->max = max_bytes;
	return c;
}

static void entry_free(struct http_cache_entry *e)
{
	for (int i = 0; i < HTTP_ENC_COUNT; i++)
		free(e->body[i]);
	free(e->headers);
	free(e->etag);
	free(e->key);
	free(e);
}

void http_cache_unref(struct http_cache_entry *e)
{
	if (e && atomic_fetch_sub(&e->refs, 1) == 1)
		entry_free(e);
}

/* Take e out of the table and the list and drop the cache's reference.
 * Called with the lock held. */
static void unlink_entry(struct http_cache *c, struct http_cache_entry *e)
{
	struct http_cache_entry **p = &c->buckets[e->hash & (CACHE_BUCKETS - 1)];
	while (*p != e) {
		assert(*p);
		p = &(*p)->chain;
	}
	*p = e->chain;
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	c->used -= e->cost;
	c->count--;
	http_cache_unref(e);
}

static void flush(struct http_cache *c)
{
	while (c->head)
		unlink_entry(c, c->head);
	assert(c->used == 0 && c->count == 0);
}

/* The municipality a key is for: its leading number ("12 /actions..."),
 * 0 for a key without one. */
static long long scope_of(const char *key)
{
	long long id = 0;
	const char *p = key;
	for (; *p >= '0' && *p <= '9' && id < 1000000000000LL; p++)
		id = id * 10 + (*p - '0');
	return p > key && *p == ' ' ? id : 0;
}

/* Record version for scope; true if it is current (older ones neither
 * read nor store). A newer one drops that scope's entries. With the lock
 * held. */
static bool see_version(struct http_cache *c, long long scope, unsigned long long version)
{
	struct cache_scope *sc = NULL;
	for (unsigned i = 0; i < c->nscopes && !sc; i++)
		if (c->scopes[i].id == scope)
			sc = &c->scopes[i];
	if (!sc) {
		if (c->nscopes == c->cap_scopes) {
			c->cap_scopes = c->cap_scopes ? c->cap_scopes * 2 : 8;
			c->scopes = mem_realloc(c->scopes, c->cap_scopes * sizeof(*c->scopes));
		}
		sc = &c->scopes[c->nscopes++];
		*sc = (struct cache_scope){.id = scope, .version = version};
	}
	if (version > sc->version) {
		for (struct http_cache_entry *e = c->head, *next; e; e = next) {
			next = e->next;
			if (e->scope == scope)
				unlink_entry(c, e);
		}
		sc->version = version;
	}
	return version == sc->version;
}

static void to_front(struct http_cache *c, struct http_cache_entry *e)
{
	if (c->head == e)
		return;
	e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = NULL;
	e->next = c->head;
	c->head->prev = e;
	c->head = e;
}

static struct http_cache_entry *find(struct http_cache *c, const char *key, uint64_t h)
{
	for (struct http_cache_entry *e = c->buckets[h & (CACHE_BUCKETS - 1)]; e; e = e->chain)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

struct http_cache_entry *http_cache_get(struct http_cache *c, const char *key, unsigned long long version)
{
	uint64_t h = hash_key(key);
	struct http_cache_entry *e = NULL;
	pthread_mutex_lock(&c->lock);
	if (see_version(c, scope_of(key), version)) {
		e = find(c, key, h);
		if (e) {
			to_front(c, e);
			atomic_fetch_add(&e->refs, 1);
		}
	}
	pthread_mutex_unlock(&c->lock);
	return e;
}

/* A copy of the headers in one malloc'd block: the array, then the strings. */
static struct http_cache_header *copy_headers(const struct http_cache_header *h, unsigned n, size_t *bytes)
{
	size_t size = sizeof(*h) * n;
	for (unsigned i = 0; i < n; i++)
		size += strlen(h[i].name) + strlen(h[i].value) + 2;
	struct http_cache_header *out = mem_alloc(size ? size : 1);
	char *p = (char *)(out + n);
	for (unsigned i = 0; i < n; i++) {
		size_t ln = strlen(h[i].name) + 1, lv = strlen(h[i].value) + 1;
		out[i].name = memcpy(p, h[i].name, ln);
		p += ln;
		out[i].value = memcpy(p, h[i].value, lv);
		p += lv;
	}
	*bytes = size;
	return out;
}

struct http_cache_entry *http_cache_put(struct http_cache *c, const char *key, unsigned long long version,
                                        unsigned status, const struct http_cache_header *headers,
                                        unsigned nheaders, const char *ctype, const char *etag, char *body,
                                        size_t len)
{
	struct http_cache_entry *e = mem_calloc(1, sizeof(*e));
	atomic_init(&e->refs, 1); /* the caller's */
	e->key = mem_strdup(key);
	e->hash = hash_key(key);
	e->scope = scope_of(key);
	e->version = version;
	e->status = status;
	e->etag = mem_strdup(etag);
	size_t hbytes;
	e->headers = copy_headers(headers, nheaders, &hbytes);
	e->nheaders = nheaders;
	e->body[HTTP_ENC_IDENTITY] = body;
	e->len[HTTP_ENC_IDENTITY] = len;
	if (http_compressible(ctype, len))
		for (int enc = HTTP_ENC_GZIP; enc < HTTP_ENC_COUNT; enc++)
			if (http_compress((enum http_enc)enc, body, len, true, &e->body[enc], &e->len[enc]) != 0)
				e->body[enc] = NULL;
	e->cost = sizeof(*e) + strlen(key) + strlen(etag) + hbytes;
	for (int enc = 0; enc < HTTP_ENC_COUNT; enc++)
		e->cost += e->len[enc];

	pthread_mutex_lock(&c->lock);
	if (see_version(c, e->scope, version) && e->cost <= c->max) {
		struct http_cache_entry *old = find(c, key, e->hash);
		if (old)
			unlink_entry(c, old);
		while (c->used + e->cost > c->max)
			unlink_entry(c, c->tail);
		size_t b = e->hash & (CACHE_BUCKETS - 1);
		e->chain = c->buckets[b];
		c->buckets[b] = e;
		e->next = c->head;
		if (c->head)
			c->head->prev = e;
		c->head = e;
		if (!c->tail)
			c->tail = e;
		c->used += e->cost;
		c->count++;
		atomic_fetch_add(&e->refs, 1); /* the cache's */
	}
	pthread_mutex_unlock(&c->lock);
	return e;
}

void http_cache_free(struct http_cache *c)
{
	if (!c)
		return;
	flush(c);
	pthread_mutex_destroy(&c->lock);
	free(c->scopes);
	free(c);
}

unsigned http_cache_status(const struct http_cache_entry *e)
{
	return e->status;
}

const char *http_cache_etag(const struct http_cache_entry *e)
{
	return e->etag;
}

unsigned http_cache_headers(const struct http_cache_entry *e, const struct http_cache_header **headers)
{
	*headers = e->headers;
	return e->nheaders;
}

const char *http_cache_body(const struct http_cache_entry *e, enum http_enc enc, size_t *len)
{
	*len = e->len[enc];
	return e->body[enc];
}

size_t http_cache_used(struct http_cache *c)
{
	pthread_mutex_lock(&c->lock);
	size_t n = c->used;
	pthread_mutex_unlock(&c->lock);
	return n;
}

unsigned http_cache_count(struct http_cache *c)
{
	pthread_mutex_lock(&c->lock);
	unsigned n = c->count;
	pthread_mutex_unlock(&c->lock);
	return n;
}
