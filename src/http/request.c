/*
 * request: the exchange's life (made, filled by the server or a test, freed)
 * and what handlers read of a request: query arguments, headers and fields,
 * from the lists the server copied in. No socket is involved: the same
 * functions serve libmicrohttpd and the in-process tests.
 */
#include "http/internal.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void http_pairs_add(struct arena *a, struct http_pairs *list, const char *name, const char *value)
{
	if (list->n == list->cap) {
		unsigned cap = list->cap ? list->cap * 2 : 16;
		struct http_pair *v = arena_alloc(a, sizeof(*v) * cap);
		if (list->n)
			memcpy(v, list->v, sizeof(*v) * list->n);
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n].name = arena_strdup(a, name);
	/* A query argument without a value (?page) stays NULL: absent, as
	 * libmicrohttpd reports it, not "". */
	list->v[list->n].value = value ? arena_strdup(a, value) : NULL;
	list->n++;
}

const char *http_pairs_get(const struct http_pairs *list, const char *name)
{
	for (unsigned i = 0; i < list->n; i++)
		if (strcasecmp(list->v[i].name, name) == 0)
			return list->v[i].value;
	return NULL;
}

struct http_exchange *http_exchange_new(const struct http_pipeline *p, const char *method, const char *url,
                                        const char *id, const char *now)
{
	struct http_exchange *x = mem_calloc(1, sizeof(*x));
	struct arena *a = arena_new();
	x->pipe = p;
	x->req.arena = a;
	x->req.conn = x;
	snprintf(x->id, sizeof(x->id), "%s", id ? id : "-");
	snprintf(x->now, sizeof(x->now), "%s", now ? now : "1970-01-01T00:00:00Z");
	x->req.id = x->id;
	x->file_fd = -1; /* no upload (body.c) */
	x->req.now = x->now;
	x->req.method = arena_strdup(a, method);
	x->req.municipality_id = 1; /* until http_tenant_resolve says otherwise */
	x->req.base = "";
	x->url = arena_strdup(a, url);
	return x;
}

void http_exchange_free(struct http_exchange *x)
{
	if (!x)
		return;
	json_decref(x->req.body);
	buf_free(&x->raw);
	http_body_release(x);
	if (x->resp.body_owned)
		free((char *)x->resp.body);
	arena_free(x->req.arena);
	free(x);
}

void http_request_add(struct http_exchange *x, enum http_kind kind, const char *name, const char *value)
{
	struct http_pairs *list = kind == HTTP_QUERY ? &x->query : kind == HTTP_HEADER ? &x->headers : &x->cookies;
	http_pairs_add(x->req.arena, list, name, value);
}

void http_request_client(struct http_exchange *x, const char *ip, bool tls)
{
	x->req.client_ip = arena_strdup(x->req.arena, ip ? ip : "unknown");
	x->tls = tls;
}

struct req *http_exchange_req(struct http_exchange *x)
{
	return &x->req;
}

const struct http_response *http_exchange_response(struct http_exchange *x)
{
	return &x->resp;
}

const char *http_response_header(const struct http_response *resp, const char *name)
{
	return http_pairs_get(&resp->headers, name);
}

char *http_response_take_body(struct http_exchange *x)
{
	if (!x->resp.body_owned)
		return NULL;
	x->resp.body_owned = false;
	return (char *)x->resp.body;
}

const char *req_query(struct req *r, const char *name)
{
	struct http_exchange *x = r->conn;
	return http_pairs_get(&x->query, name);
}

const char *req_header(struct req *r, const char *name)
{
	struct http_exchange *x = r->conn;
	return http_pairs_get(&x->headers, name);
}

void req_access(struct req *r, const char *what, const char *entity, long long entity_id, long long person_id,
                bool allowed)
{
	if (r->naccess < REQ_MAX_ACCESS)
		r->access[r->naccess++] = (struct req_access){what, entity, entity_id, person_id, allowed};
}

json_t *req_own(struct req *r, json_t *v)
{
	if (v)
		arena_defer(r->arena, (void (*)(void *))json_decref, v);
	return v;
}

const char *req_field(struct req *r, const char *name)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int req_param_id(struct req *r, unsigned idx, const char *what, struct resp *out, long long *id)
{
	const char *s = idx < r->nparams ? r->params[idx] : NULL;
	long long v = 0;
	bool ok = s && *s && strlen(s) <= 15;
	for (const char *p = s; ok && *p; p++) {
		if (*p < '0' || *p > '9')
			ok = false;
		else
			v = v * 10 + (*p - '0');
	}
	if (!ok || v <= 0) {
		out->detail = arena_printf(r->arena, TR(r->lang, N_("The number of the %s in the address must be a whole number of 1 or more, like 12. You used: %s")),
		                           what, s ? s : "");
		return LIA_EINVAL;
	}
	*id = v;
	return 0;
}
