/*
 * import_kept: a kept upload of an import (store_kept_get, w_import.h) for a
 * page, the same for the expense import (import_funds.c) and the import of
 * action points (import_actions.c).
 */
#ifndef LIA_PAGES_IMPORT_KEPT_H
#define LIA_PAGES_IMPORT_KEPT_H

#include "http/request.h"
#include "store/w_import.h"

#include <jansson.h>
#include <stddef.h>

/* Kept file id of this kind: *meta and *file (its bytes, *len of them)
 * belong to the request. With no such file, LIA_ENOTFOUND and out->detail
 * says to upload the file again. */
int page_kept_file(struct req *r, struct resp *out, enum store_kept kind, long long id, json_t **meta, char **file,
                   size_t *len);

#endif
