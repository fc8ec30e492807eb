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

/* The ASCII letter a Latin-1 letter with an accent stands for (é -> e), for
 * the second byte of its UTF-8 form after 0xC3; 0 if it has none. */
static char unaccent(unsigned char c2)
{
	static const char map[] = "AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";
	char c = c2 >= 0x80 && c2 <= 0xbf ? map[c2 - 0x80] : 0;
	return c && c != 'x' && c != '/' ? c : 0;
}

/* The address name of a theme: its Dutch name in lower case ASCII letters
 * and digits (accents folded: "Cultuur én sport" -> "cultuur-en-sport"),
 * other characters as single hyphens ("Wonen & zorg" -> "wonen-zorg");
 * "thema" when nothing is left. */
static void slug_of(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < size; p++) {
		char c = 0;
		if (*p < 128 && isalnum(*p))
			c = (char)tolower(*p);
		else if (*p == 0xc3 && p[1] && (c = unaccent(p[1])) != 0)
			c = (char)tolower((unsigned char)c), p++;
		if (c)
			out[n++] = c;
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (!n)
		snprintf(out, size, "thema");
}

/* A slug no other theme has: the name's, or with -2, -3, ... added. The
 * slug is made once, when the theme is added, and then never changes, so
 * links to the theme keep working after it is renamed. */
static int unique_slug(struct store *s, const char *name, char *out, size_t size)
{
	char base[56];
	slug_of(name, base, sizeof(base));
	snprintf(out, size, "%s", base);
	for (int k = 2;; k++) {
		int e = 0;
		long long taken = db_int(s, &e, 0, "SELECT count(*) FROM theme WHERE slug = ?", "t", out);
		if (e)
			return LIA_EDB;
		if (!taken)
			return 0;
		int n = snprintf(out, size, "%s-%d", base, k);
		if (n < 0 || (size_t)n >= size)
			return LIA_EINVAL; /* out cannot hold a short name with its number */
	}
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
	/* Only the name must be new; the slug is made unique by itself. */
	int e = 0;
	long long taken = db_int(s, &e, 0, "SELECT count(*) FROM theme WHERE id <> ? AND lower(name_nl) = lower(?)", "it",
	                         *id, in->name_nl);
	if (e)
		return LIA_EDB;
	if (taken)
		return refuse(field, why, "name_nl", "exists");
	/* An empty place: a new theme goes last, a changed one stays where it is. */
	long long position = in->position;
	if (!position && before)
		position = (long long)json_integer_value(json_object_get(before, "position"));
	if (!position) {
		position = db_int(s, &e, 1, "SELECT coalesce(max(position), 0) + 1 FROM theme", NULL);
		if (e)
			return LIA_EDB;
	}
	if (!*id) {
		char slug[64];
		if (unique_slug(s, in->name_nl, slug, sizeof(slug)) != 0)
			return LIA_EDB;
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
	return db_create(s, a, &theme_record, id, apply, in, field, why);
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
