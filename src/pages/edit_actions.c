/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_action_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_action_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_action_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_action_withdraw_form(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_action_withdraw(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

