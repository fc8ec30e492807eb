/*
 * openapi (pages): GET /api/v1/openapi.json, the API described as OpenAPI 3.1,
 * made at run time from the route table and the data contract (the JSON
 * Schemas in src/pages/schemas/, compiled in).
 */
#ifndef LIA_PAGES_OPENAPI_H
#define LIA_PAGES_OPENAPI_H

#include "pages/pages.h"

int page_openapi(struct req *r, struct resp *out);

/* The OpenAPI 3.1 document of the routes (new reference, caller owns; NULL if
 * a compiled-in schema does not parse, which the build's tests prevent). */
json_t *openapi_document(const struct route *table, unsigned n);

#endif
