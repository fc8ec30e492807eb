/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_period_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_period_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_period_publish_form(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_period_publish(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_narrative_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_narrative_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_narrative_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_narrative_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

