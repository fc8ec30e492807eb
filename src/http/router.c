/*
 * router: segment-by-segment matching of request paths to route patterns.
 * The table is small and static, so a linear scan is both simple and fast.
 */
#include "http/router.h"

#include <string.h>

/* Match path against pattern; on success fill params (arena copies). */
static bool match(struct arena *a, const char *pattern, const char *path, const char **params, unsigned *n)
{
	*n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || *n >= REQ_MAX_PARAMS)
				return false;
			params[(*n)++] = arena_strndup(a, s, len);
			p = close + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

static bool method_ok(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return true;
	/* HEAD is served by every GET route (the server sends no body). */
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

enum router_result router_match(struct arena *a, const char *method, const char *path,
                                const struct route **out, const char **params, unsigned *nparams,
                                const char **allow)
{
	char allowed[128] = "";
	bool path_seen = false;
	const struct route *best = NULL;
	const char *best_caps[REQ_MAX_PARAMS];
	unsigned best_n = REQ_MAX_PARAMS + 1;
	for (unsigned i = 0; i < routes_count; i++) {
		const char *caps[REQ_MAX_PARAMS];
		unsigned ncaps;
		if (!match(a, routes[i].pattern, path, caps, &ncaps))
			continue;
		if (method_ok(routes[i].method, method)) {
			/* The most literal pattern wins: /actions/new before /actions/{id}. */
			if (ncaps < best_n) {
				best = &routes[i];
				best_n = ncaps;
				memcpy(best_caps, caps, sizeof(caps[0]) * ncaps);
			}
			continue;
		}
		path_seen = true;
		if (strlen(allowed) + strlen(routes[i].method) + 8 < sizeof(allowed)) {
			if (allowed[0])
				strcat(allowed, ", ");
			strcat(allowed, routes[i].method);
			if (strcmp(routes[i].method, "GET") == 0)
				strcat(allowed, ", HEAD");
		}
	}
	if (best) {
		*out = best;
		memcpy(params, best_caps, sizeof(best_caps[0]) * best_n);
		*nparams = best_n;
		return ROUTER_FOUND;
	}
	if (path_seen) {
		*allow = arena_strdup(a, allowed);
		return ROUTER_BAD_METHOD;
	}
	return ROUTER_NOT_FOUND;
}

int router_role_level(const char *role)
{
	if (!role)
		return 0;
	if (strcmp(role, "coordinator") == 0)
		return PERM_COORDINATOR;
	if (strcmp(role, "project_member") == 0)
		return PERM_MEMBER;
	if (strcmp(role, "dossier_holder") == 0)
		return PERM_DOSSIER;
	if (strcmp(role, "reader") == 0)
		return PERM_READER;
	return 0;
}
