/*
 * strings_admin: interface text for the pages about reporting periods, highlights and outlook, accounts, API tokens and the audit log, used by
 * templates as {{t.KEY}}. Keys are unique across all string tables.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_admin[] = {
	{NULL, NULL},
};
