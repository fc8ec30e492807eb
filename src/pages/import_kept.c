/*
 * import_kept: a kept upload of an import for a page (see import_kept.h).
 */
#include "pages/import_kept.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"

#include <stdlib.h>

int page_kept_file(struct req *r, struct resp *out, enum store_kept kind, long long id, json_t **meta, char **file,
                   size_t *len)
{
	*file = NULL;
	int rc = store_kept_get(r->store, kind, id, meta, file, len);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no import with this number. Upload the file again."));
	if (rc)
		return rc;
	req_own(r, *meta);
	arena_defer(r->arena, free, *file);
	return 0;
}
