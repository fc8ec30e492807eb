/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_audit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

