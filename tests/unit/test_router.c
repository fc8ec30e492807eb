/*
 * Unit tests: route matching against lia's real route table.
 */
#include "http/router.h"

#include <criterion/criterion.h>
#include <string.h>

static struct arena *a;
static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }

TestSuite(router, .init = setup, .fini = teardown);

static enum router_result match(const char *method, const char *path, const struct route **r,
                                const char **params, unsigned *n, const char **allow)
{
	return router_match(a, method, path, r, params, n, allow);
}

Test(router, literal_paths)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("GET", "/", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->pattern, "/");
	cr_assert_eq(n, 0);
	cr_assert_eq(match("GET", "/themes", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->pattern, "/themes");
}

Test(router, captures_one_segment)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("GET", "/actions/12", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->pattern, "/actions/{id}");
	cr_assert_eq(n, 1);
	cr_assert_str_eq(params[0], "12");
	/* A capture never spans a slash, and is never empty. */
	cr_assert_eq(match("GET", "/actions/12/x", &r, params, &n, &allow), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/actions/", &r, params, &n, &allow), ROUTER_NOT_FOUND);
}

Test(router, deny_by_default)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("GET", "/admin", &r, params, &n, &allow), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/themes/", &r, params, &n, &allow), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "", &r, params, &n, &allow), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/Themes", &r, params, &n, &allow), ROUTER_NOT_FOUND);
}

Test(router, wrong_method_lists_allowed)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("POST", "/themes", &r, params, &n, &allow), ROUTER_BAD_METHOD);
	cr_assert_str_eq(allow, "GET, HEAD");
	cr_assert_eq(match("DELETE", "/actions/3", &r, params, &n, &allow), ROUTER_BAD_METHOD);
}

Test(router, head_is_served_by_get)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("HEAD", "/crpd/5", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->method, "GET");
}

Test(router, every_route_has_a_handler_and_a_permission)
{
	for (unsigned i = 0; i < routes_count; i++) {
		cr_assert_not_null(routes[i].handler, "route %s has no handler", routes[i].pattern);
		cr_assert(routes[i].pattern[0] == '/', "route %s must start with /", routes[i].pattern);
		/* Anything that changes data needs a signed-in user; the one
		 * exception is signing in itself. */
		if (strcmp(routes[i].method, "GET") != 0 && strcmp(routes[i].pattern, "/sign-in") != 0)
			cr_assert_neq(routes[i].perm, PERM_PUBLIC, "unsafe route %s is public", routes[i].pattern);
	}
}

Test(router, literal_beats_capture)
{
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("GET", "/actions/new", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->pattern, "/actions/new");
	cr_assert_eq(n, 0);
	cr_assert_eq(match("GET", "/actions/7/edit", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert_str_eq(r->pattern, "/actions/{id}/edit");
	cr_assert_str_eq(params[0], "7");
}

/* The large body limit (LIMIT_UPLOAD_BYTES) is chosen by this flag before the
 * body is read: it belongs only on signed-in POST routes, and the import of
 * expenses has it. */
Test(router, upload_flag_only_on_signed_in_posts)
{
	unsigned uploads = 0;
	for (unsigned i = 0; i < routes_count; i++) {
		if (!(routes[i].flags & ROUTE_UPLOAD))
			continue;
		uploads++;
		cr_assert_str_eq(routes[i].method, "POST", "%s %s takes uploads", routes[i].method, routes[i].pattern);
		cr_assert_gt(routes[i].perm, PERM_PUBLIC, "public route %s takes uploads", routes[i].pattern);
	}
	const struct route *r;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned n;
	cr_assert_eq(match("POST", "/funds/import", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert(r->flags & ROUTE_UPLOAD);
	cr_assert_eq(match("POST", "/funds/allocations", &r, params, &n, &allow), ROUTER_FOUND);
	cr_assert(!(r->flags & ROUTE_UPLOAD));
	cr_assert_geq(uploads, 1);
}
