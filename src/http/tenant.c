/*
 * tenant: which municipality a request is for, decided before anything else
 * (issue 10). A deployment with one municipality keeps its paths. With
 * several, a registered host name is that municipality at the same paths;
 * otherwise the first path segment is a municipality's short name
 * (/arnhem/actions), taken off before routing and put back in front of every
 * local link of the answer (its base). The root of such a deployment holds
 * what belongs to all of them: the list of municipalities (/), the hosting
 * page, static files, and signing in for the hosting administrators, who
 * are accounts of municipality 1 (served with its data and no base).
 *
 * The registry is read from the database at most every few seconds (and
 * again at once, at most once a second, for a short name it does not know),
 * so a municipality added by `lia municipality add` or /hosting is served
 * without a restart.
 */
#include "http/internal.h"

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TENANTS_MAX 1024
#define TENANTS_FRESH_S 5

struct tenant {
	long long id;
	char *slug, *host;
	bool example;
};

struct http_tenants {
	pthread_mutex_t lock;
	struct store_pool *pool;
	struct tenant v[TENANTS_MAX];
	unsigned n;
	time_t loaded;
	unsigned long long generation; /* store_registry_generation() when loaded */
};

static void clear(struct http_tenants *t)
{
	for (unsigned i = 0; i < t->n; i++) {
		free(t->v[i].slug);
		free(t->v[i].host);
	}
	t->n = 0;
}

/* With t->lock held. Keeps what it had when the database does not answer. */
static void load(struct http_tenants *t)
{
	struct store *s = store_pool_acquire_for(t->pool, 1);
	if (!s)
		return;
	t->generation = store_registry_generation();
	json_t *all = NULL;
	int rc = store_municipalities(s, &all);
	store_pool_release(t->pool, s);
	t->loaded = time(NULL);
	if (rc != 0) {
		log_error("the municipalities of the deployment cannot be read");
		return;
	}
	clear(t);
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		if (t->n == TENANTS_MAX)
			break;
		const char *host = json_string_value(json_object_get(m, "host"));
		t->v[t->n++] = (struct tenant){
			.id = (long long)json_integer_value(json_object_get(m, "id")),
			.slug = mem_strdup(json_string_value(json_object_get(m, "slug"))),
			.host = host ? mem_strdup(host) : NULL,
			.example = json_is_true(json_object_get(m, "is_example")),
		};
	}
	json_decref(all);
}

struct http_tenants *http_tenants_new(struct store_pool *pool)
{
	struct http_tenants *t = mem_calloc(1, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	t->pool = pool;
	pthread_mutex_lock(&t->lock);
	load(t);
	pthread_mutex_unlock(&t->lock);
	return t;
}

void http_tenants_free(struct http_tenants *t)
{
	if (!t)
		return;
	clear(t);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The request's host name, lower case, without the port (forwarded by a
 * trusted proxy, else the Host header); "" if none. */
static const char *host_of(struct http_exchange *x)
{
	const char *h = http_forwarded(x, "X-Forwarded-Host");
	if (!h)
		h = req_header(&x->req, "Host");
	if (!h)
		return "";
	size_t n = h[0] == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":");
	char *lower = arena_strndup(x->req.arena, h, n);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return lower;
}

/* One of the deployment's own pages (store_deployment_page: the list that
 * no short name may take), also under the API prefix? */
static bool deployment_path(const char *url)
{
	size_t api = strlen(API_PREFIX);
	if (strncmp(url, API_PREFIX, api) == 0 && url[api] == '/')
		url += api;
	if (url[0] != '/')
		return false;
	return store_deployment_page(url + 1, strcspn(url + 1, "/?"));
}

bool http_tenant_resolve(struct http_exchange *x, const char **url)
{
	struct req *r = &x->req;
	r->municipality_id = 1;
	r->base = "";
	r->deployment = false;
	r->example = x->pipe->example;
	struct http_tenants *t = x->pipe->tenants;
	if (!t)
		return true;
	const char *host = host_of(x);
	const char *u = *url;
	const char *seg_end = u[0] == '/' ? u + 1 + strcspn(u + 1, "/") : u;
	size_t seg_len = u[0] == '/' ? (size_t)(seg_end - u - 1) : 0;
	bool found = false;
	pthread_mutex_lock(&t->lock);
	time_t now = time(NULL);
	if (now - t->loaded >= TENANTS_FRESH_S || t->generation != store_registry_generation())
		load(t);
	/* A registered host name is that municipality, whatever the path: its
	 * origin never serves another municipality under a short name. */
	for (unsigned i = 0; i < t->n && *host && !found; i++) {
		const struct tenant *m = &t->v[i];
		if (m->host && strcmp(m->host, host) == 0) {
			found = true;
			r->site = arena_printf(r->arena, "https://%s", m->host);
			r->municipality_id = m->id;
			r->example = m->example;
		}
	}
	/* The deployment's own pages before short names (a short name made
	 * before the list grew must not take /password over). */
	bool own = !found && t->n > 1 && (deployment_path(u) || strcmp(u, "/") == 0);
	for (int attempt = 0; attempt < 2 && !found && !own && seg_len; attempt++) {
		for (unsigned i = 0; i < t->n && t->n > 1 && !found; i++) {
			const struct tenant *m = &t->v[i];
			if (strlen(m->slug) == seg_len && strncmp(m->slug, u + 1, seg_len) == 0) {
				found = true;
				r->municipality_id = m->id;
				r->example = m->example;
				r->base = arena_printf(r->arena, "/%s", m->slug);
				*url = *seg_end ? seg_end : "/";
			}
		}
		/* A short name it does not know may have been added a moment ago. */
		if (!found && attempt == 0 && now - t->loaded >= 1)
			load(t);
		else
			break;
	}
	if (!found && t->n == 1) {
		r->municipality_id = t->v[0].id;
		found = true;
	}
	pthread_mutex_unlock(&t->lock);
	if (found)
		return true;
	/* The deployment's own pages, served with municipality 1's data (the
	 * hosting administrators' accounts). */
	r->example = false; /* the deployment's own pages are no programme's */
	if (strcmp(u, "/") == 0 || strcmp(u, API_PREFIX) == 0 || strcmp(u, API_PREFIX "/") == 0) {
		r->deployment = true;
		*url = strcmp(u, "/") == 0 ? "/municipalities" : API_PREFIX "/municipalities";
		return true;
	}
	if (deployment_path(u)) {
		r->deployment = true;
		return true;
	}
	r->path = u;
	respond_problem(x, 404, NULL, NULL, NULL);
	return false;
}

/* Does an attribute value at p (just after its opening quote) need the base:
 * a local path, not the shared static files, not //host? */
static bool needs_base(const char *p, const char *end)
{
	if (p >= end || *p != '/')
		return false;
	if (p + 1 < end && p[1] == '/')
		return false;
	return !((size_t)(end - p) >= 8 && memcmp(p, "/static/", 8) == 0);
}

/* Does the attribute whose value starts at value (just after its opening
 * quote, preceded by name=") hold a link: href, action, src or formaction? */
static bool link_attribute(const char *html, const char *value)
{
	static const char *const names[] = {" href=\"", " action=\"", " src=\"", " formaction=\""};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		if ((size_t)(value - html) >= n && memcmp(value - n, names[i], n) == 0)
			return true;
	}
	return false;
}

/* Is base a safe prefix of a link: "/" and a short name (a-z, 0-9, -)?
 * Anything else (a registry row written behind lia's back, an old
 * migration) would go into href unescaped. */
static bool safe_base(const char *base)
{
	if (base[0] != '/' || !base[1])
		return false;
	for (const char *p = base + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

char *http_tenant_rebase_html(const char *base, const char *html, size_t len, size_t *out_len)
{
	if (!safe_base(base)) {
		log_error("short name %s is not a-z, 0-9 and -: its links are not rebased", base);
		base = "";
	}
	/* One pass over the page: every ="/ is looked at once. */
	struct buf b = BUF_INIT;
	buf_grow(&b, len + len / 16);
	const char *p = html, *end = html + len;
	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), "=\"/", 3);
		if (!q) {
			buf_append(&b, p, (size_t)(end - p));
			break;
		}
		const char *value = q + 2;
		buf_append(&b, p, (size_t)(value - p));
		if (link_attribute(html, value) && needs_base(value, end))
			buf_puts(&b, base);
		p = value;
	}
	*out_len = b.len;
	return buf_release(&b);
}

/* Keys whose string values are links wherever they are: href, *_href and
 * the pagination links (src/pages/schemas). "location" is a link only in
 * the redirect answer ({"location": ...}, http_tenant_rebase_redirect);
 * in a page's data it is an event's place, free text. */
static bool link_key(const char *k)
{
	size_t n = strlen(k);
	return strcmp(k, "href") == 0 || strcmp(k, "older") == 0 || strcmp(k, "newest") == 0 ||
	       (n > 5 && strcmp(k + n - 5, "_href") == 0);
}

static void rebase_json(const char *base, json_t *v, bool redirect)
{
	const char *k;
	json_t *c;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach(v, k, c) {
			const char *s = json_string_value(c);
			if (s && (link_key(k) || (redirect && strcmp(k, "location") == 0)) && needs_base(s, s + strlen(s))) {
				char *joined = mem_alloc(strlen(base) + strlen(s) + 1);
				strcpy(joined, base);
				strcat(joined, s);
				json_object_set_new(v, k, json_string(joined));
				free(joined);
			} else {
				rebase_json(base, c, false);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			rebase_json(base, c, false);
	}
}

void http_tenant_rebase_json(const char *base, json_t *v)
{
	if (!safe_base(base)) {
		log_error("short name %s is not a-z, 0-9 and -: its links are not rebased", base);
		return;
	}
	rebase_json(base, v, false);
}

void http_tenant_rebase_redirect(const char *base, json_t *loc)
{
	if (!safe_base(base)) {
		log_error("short name %s is not a-z, 0-9 and -: its links are not rebased", base);
		return;
	}
	rebase_json(base, loc, true);
}
