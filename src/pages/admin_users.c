/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_users(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_user_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_user_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_user_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_user_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_token_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_token_revoke(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

