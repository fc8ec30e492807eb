/*
 * assets: lookup in the embedded file table.
 */
#include "core/assets.h"

#include <string.h>

const struct asset *assets_find(const char *name)
{
	for (unsigned i = 0; i < assets_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}
