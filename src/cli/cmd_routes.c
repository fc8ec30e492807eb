/*
 * cmd_routes: `lia routes`, the route table as JSON on standard output: every
 * route's method, path pattern, permission, flags and the name of the JSON
 * Schema of its answer. For tests and tools that must know the routes from
 * the binary itself (the OpenAPI test checks the document against it), and
 * for people who want to see what the server answers.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "http/router.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* The permission levels of http/router.h, named as the roles that reach them. */
static const char *const perm_names[] = {"public", "reader", "dossier_holder", "project_member", "coordinator"};
_Static_assert(sizeof(perm_names) / sizeof(perm_names[0]) == PERM_COORDINATOR + 1, "a name per permission level");

int cmd_routes(int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("routes", TR(cli_lang(), N_("unexpected argument '%s'")), argv[1]);
	json_t *list = json_array();
	for (unsigned i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *flags = json_array();
		if (rt->flags & ROUTE_HTML)
			json_array_append_new(flags, json_string("html"));
		if (rt->flags & ROUTE_JSON)
			json_array_append_new(flags, json_string("json"));
		if (rt->flags & ROUTE_RAW)
			json_array_append_new(flags, json_string("raw"));
		if (rt->flags & ROUTE_UPLOAD)
			json_array_append_new(flags, json_string("upload"));
		if (rt->flags & ROUTE_PRIVATE_CACHE)
			json_array_append_new(flags, json_string("private_cache"));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:s?}", "method", rt->method, "path", rt->pattern,
		                                      "permission", perm_names[rt->perm], "flags", flags, "schema",
		                                      rt->schema));
	}
	char *s = json_dumps(list, JSON_INDENT(1));
	json_decref(list);
	if (!s)
		return cli_fail("%s", "out of memory");
	puts(s);
	free(s);
	return CLI_OK;
}
