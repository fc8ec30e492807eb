/*
 * PLACEHOLDER: to be written (see docs/forms.md). Every handler here answers
 * 404 until it is implemented.
 */
#include "pages/pages.h"

#include "core/err.h"

int page_people(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_person_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_person_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_person_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_person_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_organisation_new(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_organisation_create(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_organisation_edit(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

int page_organisation_update(struct req *r, struct resp *out)
{
	return LIA_ENOTFOUND;
}

