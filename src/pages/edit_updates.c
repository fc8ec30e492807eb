/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_action_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_update_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_update_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_assessment_form(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_assessment_save(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

