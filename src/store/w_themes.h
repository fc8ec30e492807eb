/*
 * w_themes: the coordinator writes the programme's themes (names in Dutch
 * and English, description, position in the list). Every write is one
 * transaction with an audit entry holding the theme before and after.
 */
#ifndef LIA_STORE_W_THEMES_H
#define LIA_STORE_W_THEMES_H

#include "store/store.h"

struct theme_input {
	const char *name_nl;
	const char *name_en;
	const char *description_nl;
	const char *description_en;
	long long position; /* 1 or more; 0: a new theme after the last, a changed one where it is */
};

/* Create or change a theme. Refusals are LIA_EINVAL with *field and *why:
 * "name_nl" "exists" (another theme has this name, or its address),
 * "position" "range" (less than 1). LIA_ENOTFOUND (update); LIA_EDB. A new
 * theme's address name (slug) is made from its Dutch name and never changes. */
STORE_MUST_CHECK int store_theme_create(struct store *s, const struct actor *a, const struct theme_input *in, const char **field,
                       const char **why, long long *id);
STORE_MUST_CHECK int store_theme_update(struct store *s, const struct actor *a, long long id, const struct theme_input *in,
                       const char **field, const char **why);

/* One theme as stored (both languages); LIA_ENOTFOUND. */
STORE_MUST_CHECK int store_theme_get(struct store *s, long long id, json_t **out);

#endif
