/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_interview_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_interview_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_interview(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_interview_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_interview_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

