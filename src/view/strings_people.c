/*
 * strings_people: interface text for the pages about interviews, people, partner organisations and events, used by
 * templates as {{t.KEY}}. Keys are unique across all string tables.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_people[] = {
	{NULL, NULL},
};
