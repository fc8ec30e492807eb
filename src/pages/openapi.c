/*
 * openapi: the API described as OpenAPI 3.1 (GET /api/v1/openapi.json). It is
 * made from what the server really does, not written by hand: every route
 * with ROUTE_JSON is a path under /api/v1 (its {captures} are path
 * parameters), the permission column says who may call it (in words and as
 * x-lia-permission, with the bearer token as security), and the route's
 * schema (src/pages/schemas/NAME.json, compiled in) is its answer, under
 * components/schemas. Errors are application/problem+json (problem.json).
 * References between schema files ("common.json#/$defs/form") become
 * references inside the document ("#/components/schemas/common/$defs/form").
 * The document is sent as it is made: present() adds nothing to it.
 */
#include "pages/openapi.h"

#include "core/assets.h"
#include "core/err.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_PREFIX "schemas/"
#define SCHEMA_SUFFIX ".json"
#define COMPONENTS "#/components/schemas/"

static const char *const perm_names[] = {"public", "reader", "dossier_holder", "project_member", "coordinator"};
_Static_assert(sizeof(perm_names) / sizeof(perm_names[0]) == PERM_COORDINATOR + 1, "a name per permission level");

/* Who may call a route, in words, for its description. */
static const char *const perm_words[] = {
	"Anyone. Signed-in users (a bearer token or a session) also see drafts: the open reporting period.",
	"Any signed-in user (role reader or higher).",
	"A dossier holder, project group member or the coordinator. A dossier holder only for their own action points.",
	"A project group member or the coordinator.",
	"The coordinator only.",
};
_Static_assert(sizeof(perm_words) / sizeof(perm_words[0]) == PERM_COORDINATOR + 1, "words per permission level");

/* The component name of a schema file: "theme.json" -> "theme" (arena-free:
 * written into buf, which has room for size bytes). */
static void component_name(const char *file, char *buf, size_t size)
{
	size_t n = strcspn(file, "#");
	size_t sl = strlen(SCHEMA_SUFFIX);
	if (n >= sl && memcmp(file + n - sl, SCHEMA_SUFFIX, sl) == 0)
		n -= sl;
	snprintf(buf, size, "%.*s", (int)n, file);
}

/* Rewrites the references of schema `self` in place so that they point into
 * components/schemas, and drops the keywords that only make sense for a file
 * on its own ($id, $schema, x-lia-template). */
static void rewrite_refs(json_t *v, const char *self)
{
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			rewrite_refs(e, self);
		return;
	}
	if (!json_is_object(v))
		return;
	json_object_del(v, "$id");
	json_object_del(v, "$schema");
	json_object_del(v, "x-lia-template");
	const char *ref = json_string_value(json_object_get(v, "$ref"));
	if (ref) {
		char name[128];
		const char *frag = strchr(ref, '#');
		if (ref[0] == '#')
			snprintf(name, sizeof(name), "%s", self);
		else
			component_name(ref, name, sizeof(name));
		json_object_set_new(v, "$ref", json_sprintf(COMPONENTS "%s%s", name, frag ? frag + 1 : ""));
	}
	const char *key;
	json_t *e;
	json_object_foreach(v, key, e)
		rewrite_refs(e, self);
}

/* Every compiled-in schema as components/schemas; NULL if one does not parse. */
static json_t *component_schemas(void)
{
	json_t *all = json_object();
	size_t plen = strlen(SCHEMA_PREFIX);
	for (unsigned i = 0; i < assets_count; i++) {
		if (strncmp(assets[i].name, SCHEMA_PREFIX, plen) != 0)
			continue;
		json_t *s = json_loadb(assets[i].data, assets[i].len, 0, NULL);
		if (!json_is_object(s)) {
			json_decref(s);
			json_decref(all);
			return NULL;
		}
		char name[128];
		component_name(assets[i].name + plen, name, sizeof(name));
		rewrite_refs(s, name);
		json_object_set_new(all, name, s);
	}
	return all;
}

/* "/themes/{id}" -> [{name: id, in: path, ...}], ids as positive integers. */
static json_t *path_parameters(const char *pattern)
{
	json_t *params = json_array();
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		bool number = strcmp(name, "id") == 0 || strcmp(name, "number") == 0;
		json_t *schema = number ? json_pack("{s:s, s:i}", "type", "integer", "minimum", 1)
		                        : json_pack("{s:s}", "type", "string");
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "path",
		                                        "required", 1, "schema", schema));
	}
	return params;
}

/* "GET /themes/{id}" -> "get_themes_id": unique per route, as OpenAPI wants. */
static json_t *operation_id(const struct route *rt)
{
	char id[160];
	size_t n = 0;
	for (const char *m = rt->method; *m && n < sizeof(id) - 1; m++)
		id[n++] = (char)(*m >= 'A' && *m <= 'Z' ? *m - 'A' + 'a' : *m);
	for (const char *p = rt->pattern; *p && n < sizeof(id) - 1; p++) {
		char c = *p;
		if (c == '/' || c == '-' || c == '.')
			c = '_';
		if (c == '{' || c == '}')
			continue;
		if (c == '_' && id[n - 1] == '_')
			continue;
		id[n++] = c;
	}
	while (n > 0 && id[n - 1] == '_')
		n--;
	id[n] = '\0';
	return json_string(id);
}

/* The answers of one operation: its schema for 2XX, problem details else. */
static json_t *responses(const struct route *rt)
{
	json_t *ok;
	if (rt->schema) {
		char name[128];
		component_name(rt->schema, name, sizeof(name));
		ok = json_pack("{s:s, s:{s:{s:{s:o}}}}", "description",
		               strcmp(rt->method, "GET") == 0 ? "The resource." : "Done: the changed or created resource (201 for a create), or where to see it.",
		               "content", "application/json", "schema", "$ref", json_sprintf(COMPONENTS "%s", name));
	} else {
		ok = json_pack("{s:s}", "description", "Done.");
	}
	return json_pack("{s:o, s:{s:s}, s:{s:s}}", "2XX", ok, "4XX", "$ref", "#/components/responses/problem", "5XX", "$ref",
	                 "#/components/responses/problem");
}

/* The GET route whose answer describes the form a POST route takes: its
 * /edit ("/actions/{id}"), its /new ("/actions", "/actions/{id}/updates"),
 * or the same path ("/updates/{id}/assessment"); NULL if there is none. */
static const struct route *form_route(const struct route *table, unsigned n, const char *pattern)
{
	static const char *const suffixes[] = {"/edit", "/new", ""};
	for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
		for (unsigned i = 0; i < n; i++) {
			size_t plen = strlen(pattern);
			if (strcmp(table[i].method, "GET") == 0 && strncmp(table[i].pattern, pattern, plen) == 0 &&
			    strcmp(table[i].pattern + plen, suffixes[k]) == 0)
				return &table[i];
		}
	return NULL;
}

/* What a POST takes: the form's fields by name (a string each, or a list of
 * strings for a field with several values), as JSON or as a form; the GET of
 * the form (x-lia-form) describes the fields. Uploads are multipart with one
 * file. */
static json_t *request_body(const struct route *rt, const struct route *form)
{
	if (rt->flags & ROUTE_UPLOAD)
		return json_pack("{s:b, s:{s:{s:{s:s, s:{s:{s:s, s:s}}}}}}", "required", 1, "content", "multipart/form-data",
		                 "schema", "type", "object", "properties", "file", "type", "string", "contentMediaType",
		                 "application/octet-stream");
	json_t *value = json_pack("{s:[{s:s}, {s:s, s:{s:s}}]}", "anyOf", "type", "string", "type", "array", "items", "type",
	                          "string");
	json_t *schema = json_pack("{s:s, s:o}", "type", "object", "additionalProperties", value);
	json_t *body = json_pack("{s:o, s:{s:{s:O}, s:{s:O}}}", "description",
	                         json_sprintf("The form's fields by name%s%s%s. JSON clients with a session send the "
	                                      "X-CSRF-Token header; bearer-token clients need no token.",
	                                      form ? ", as GET " : "", form ? form->pattern : "",
	                                      form ? " describes them (form.fields)" : ""),
	                         "content", "application/json", "schema", schema, "application/x-www-form-urlencoded",
	                         "schema", schema);
	if (form)
		json_object_set_new(body, "x-lia-form", json_string(form->pattern));
	json_decref(schema); /* the two uses above hold their own references */
	return body;
}

json_t *openapi_document(const struct route *table, unsigned n)
{
	json_t *schemas = component_schemas();
	if (!schemas)
		return NULL;
	json_t *paths = json_object();
	for (unsigned i = 0; i < n; i++) {
		const struct route *rt = &table[i];
		if (!(rt->flags & ROUTE_JSON))
			continue;
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char method[8];
		size_t k = 0;
		for (; rt->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(rt->method[k] - 'A' + 'a');
		method[k] = '\0';
		json_t *op = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o}", "operationId", operation_id(rt), "summary",
		                       rt->pattern, "description", perm_words[rt->perm], "x-lia-permission",
		                       perm_names[rt->perm], "parameters", path_parameters(rt->pattern), "responses",
		                       responses(rt));
		/* Public routes work with and without a token; the others need one. */
		json_object_set_new(op, "security", rt->perm == PERM_PUBLIC ? json_pack("[{}, {s:[]}]", "bearer")
		                                                            : json_pack("[{s:[]}]", "bearer"));
		if (strcmp(rt->method, "POST") == 0)
			json_object_set_new(op, "requestBody", request_body(rt, form_route(table, n, rt->pattern)));
		json_object_set_new(item, method, op);
	}
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:s, s:[{s:s}], s:o, s:{s:o, s:{s:{s:s, s:s, s:s}}, s:{s:{s:s, s:{s:{s:{s:s}}}}}}}",
		"openapi", "3.1.0",
		"info", "title", "lia: the Local Inclusion Agenda", "version", LIA_VERSION, "description",
		"Every page of lia is also JSON: the same path under /api/v1. Texts are in Dutch or English "
		"(Accept-Language, or ?lang=en). Errors are problem details (RFC 9457) with a message that says what to do.",
		"jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema",
		"servers", "url", "/api/v1",
		"paths", paths,
		"components", "schemas", schemas,
		"securitySchemes", "bearer", "type", "http", "scheme", "bearer", "description",
		"A personal API token: 'lia user token' or the account page (coordinator).",
		"responses", "problem", "description", "Refused or failed: problem details.", "content",
		"application/problem+json", "schema", "$ref", COMPONENTS "problem");
	return doc;
}

/* The document depends only on the route table and the schemas, both part
 * of the binary: it is made once, on the first request, and kept for the
 * life of the process (owned here, never changed after). */
static char *document;
static size_t document_len;
static pthread_once_t document_once = PTHREAD_ONCE_INIT;

static void make_document(void)
{
	json_t *doc = openapi_document(routes, routes_count);
	document = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	document_len = document ? strlen(document) : 0;
	json_decref(doc);
}

int page_openapi(struct req *r, struct resp *out)
{
	pthread_once(&document_once, make_document);
	if (!document)
		return LIA_EINTERNAL;
	/* A raw body, so that present() adds no words and a browser gets JSON too. */
	out->body = document;
	out->body_len = document_len;
	/* A municipality under its short name: the API is under it too. */
	static const char server[] = "\"servers\":[{\"url\":\"/api/v1\"}]";
	const char *at = r->base && r->base[0] ? strstr(document, server) : NULL;
	if (at) {
		size_t head = (size_t)(at - document) + strlen("\"servers\":[{\"url\":\"");
		char *copy = arena_printf(r->arena, "%.*s%s%s", (int)head, document, r->base, document + head);
		out->body = copy;
		out->body_len = strlen(copy);
	}
	out->content_type = "application/json";
	out->cache_control = "no-cache";
	out->etag = page_etag(r, out->body, out->body_len); /* about 0.1 ms for 160 KB */
	return 0;
}
