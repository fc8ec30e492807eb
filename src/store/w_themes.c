/*
 * w_themes: writing themes (see w_themes.h), through the store's one
 * audited write (db_write).
 */
#include "store/w_themes.h"

#include "core/err.h"
#include "store/db.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static json_t *theme_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, position, slug, name_nl, name_en, description_nl, description_en FROM theme"
	                 " WHERE id = ?", "i", id);
}

static const struct db_record theme_record = {"theme", theme_row};

/* The address name of a theme: its Dutch name in lower case ASCII letters
 * and digits, other characters as single hyphens ("Wonen & zorg" ->
 * "wonen-zorg"); "thema" when nothing is left. */
static void slug_of(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = name; *p && n + 1 < size; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) && c < 128)
			out[n++] = (char)tolower(c);
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (!n)
		snprintf(out, size, "thema");
}

static int refuse(const char **field, const char **why, const char *f, const char *w)
{
	*field = f;
	*why = w;
	return LIA_EINVAL;
}

static int apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                 const char **field, const char **why)
{
	const struct theme_input *in = arg;
	if (in->position < 0)
		return refuse(field, why, "position", "range");
	char slug[64];
	slug_of(in->name_nl, slug, sizeof(slug));
	int e = 0;
	long long taken = db_int(s, &e, 0, "SELECT count(*) FROM theme WHERE id <> ? AND (lower(name_nl) = lower(?)"
	                                   " OR (? = 0 AND slug = ?))", "itit", *id, in->name_nl, *id, slug);
	if (e)
		return LIA_EDB;
	if (taken)
		return refuse(field, why, "name_nl", "exists");
	long long position = in->position;
	if (!position) {
		position = db_int(s, &e, 1, "SELECT coalesce(max(position), 0) + 1 FROM theme", NULL);
		if (e)
			return LIA_EDB;
	}
	if (!*id) {
		long long programme = db_programme(s);
		if (!programme || db_exec(s, "INSERT INTO theme (programme_id, position, slug, name_nl, name_en,"
		                             " description_nl, description_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
		                          "iittttt", programme, position, slug, in->name_nl, in->name_en,
		                          db_or_empty(in->description_nl), db_or_empty(in->description_en)) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	return db_exec(s, "UPDATE theme SET position = ?, name_nl = ?, name_en = ?, description_nl = ?,"
	                  " description_en = ? WHERE id = ?", "itttti", position, in->name_nl, in->name_en,
	               db_or_empty(in->description_nl), db_or_empty(in->description_en), *id) != 0 ? LIA_EDB : 0;
}

int store_theme_create(struct store *s, const struct actor *a, const struct theme_input *in, const char **field,
                       const char **why, long long *id)
{
	*id = 0;
	return db_write(s, a, &theme_record, id, apply, in, field, why);
}

int store_theme_update(struct store *s, const struct actor *a, long long id, const struct theme_input *in,
                       const char **field, const char **why)
{
	return db_write(s, a, &theme_record, &id, apply, in, field, why);
}

int store_theme_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &theme_record, id, out);
}
