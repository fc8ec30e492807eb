/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_event_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_event_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_event_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_event_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

