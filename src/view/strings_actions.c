/*
 * strings_actions: interface text for the pages about action points, progress updates and assessments, used by
 * templates as {{t.KEY}}. Keys are unique across all string tables.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_actions[] = {
	{NULL, NULL},
};
