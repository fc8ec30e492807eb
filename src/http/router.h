/*
 * router: matches a method and path against lia's one route table
 * (pages/routes.c). Patterns are literal segments and {name} captures of one
 * segment each. A route also carries the permission it needs; the server
 * refuses a request before the handler runs when the permission is missing,
 * and a path that matches no route is not found: deny by default.
 */
#ifndef LIA_HTTP_ROUTER_H
#define LIA_HTTP_ROUTER_H

#include "http/request.h"

enum perm {
	PERM_PUBLIC = 0,  /* anyone, signed in or not */
	PERM_READER,      /* any signed-in user */
	PERM_DOSSIER,     /* dossier holder (own action points) and up */
	PERM_MEMBER,      /* project group member and up */
	PERM_COORDINATOR, /* the coordinator only */
};

enum route_flags {
	ROUTE_HTML = 1 << 0, /* has an HTML view (template) */
	ROUTE_JSON = 1 << 1, /* available as JSON and under /api/v1 */
	ROUTE_RAW = 1 << 2,  /* writes a raw body (static files): no template, no JSON */
	ROUTE_UPLOAD = 1 << 3, /* takes a multipart body with one large file (LIMIT_UPLOAD_BYTES) */
	ROUTE_OWN_TX = 1 << 4, /* a GET that opens its own transactions (search brings its index up to date first) */
	/* A GET whose answer to someone signed in may be kept in the cache of
	 * ready bytes for their session (http/finish.c): its handler writes
	 * nothing and puts nothing on record (req_access), so serving the bytes
	 * again skips nothing that had to happen. Allowed, never guessed. */
	ROUTE_PRIVATE_CACHE = 1 << 5,
};

struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/themes/{id}" */
	page_fn handler;
	enum perm perm;
	unsigned flags;
	const void *resource; /* what a generic handler works on (pages/resource.h), or NULL */
	const char *schema;   /* name of the JSON Schema of the answer (the data contract), or NULL */
};

extern const struct route routes[];
extern const unsigned routes_count;

/* The permission level a role has (PERM_READER .. PERM_COORDINATOR); 0 for
 * an unknown role. A route is open to a user whose level is at least its perm. */
int router_role_level(const char *role);

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/* Find the route for method and path. On ROUTER_FOUND sets *out and fills
 * params (pointers into arena copies). On ROUTER_BAD_METHOD the path exists
 * with other methods; allow receives them as "GET, HEAD" (arena string). */
enum router_result router_match(struct arena *a, const char *method, const char *path,
                                const struct route **out, const char **params, unsigned *nparams,
                                const char **allow);

#endif
