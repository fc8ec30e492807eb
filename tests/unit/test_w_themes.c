/*
 * Unit tests: writing themes (w_themes) and with them the store's one
 * audited write (db_write in store/write.c): a create and a change are each
 * one audit entry with the theme before and after, a refused write changes
 * nothing, and a change of a missing theme is "not found".
 */
#include "core/err.h"
#include "store/db.h"
#include "store/w_themes.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const struct actor actor = {.user_id = 0, .request_id = "test", .now = "2024-04-02T10:00:00Z"};

static long long fingerprint(void)
{
	return fixture_count("SELECT (SELECT count(*) FROM theme) * 1000000 + (SELECT count(*) FROM audit_entry) * 100"
	             " + (SELECT sum(position) FROM theme)");
}

TestSuite(w_themes, .init = fixture_demo, .fini = fixture_close);

Test(w_themes, create_and_change_are_audited)
{
	struct theme_input in = {.name_nl = "Sport en bewegen!", .name_en = "Sport", .description_nl = NULL};
	const char *field = NULL, *why = NULL;
	long long id = -1, last = fixture_count("SELECT max(position) FROM theme");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &id), 0);
	cr_assert_gt(id, 0);
	json_t *row = NULL;
	cr_assert_eq(store_theme_get(fixture_db, id, &row), 0);
	cr_assert_str_eq(json_string_value(json_object_get(row, "slug")), "sport-en-bewegen");
	cr_assert_eq(json_integer_value(json_object_get(row, "position")), last + 1);
	cr_assert_str_eq(json_string_value(json_object_get(row, "description_nl")), "");
	json_decref(row);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE action = 'create' AND entity = 'theme'"
	                   " AND before_json IS NULL AND after_json LIKE '%Sport en bewegen!%'"), 1);

	in.name_nl = "Sport";
	in.position = 2;
	cr_assert_eq(store_theme_update(fixture_db, &actor, id, &in, &field, &why), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE action = 'update' AND entity = 'theme'"
	                   " AND before_json LIKE '%Sport en bewegen!%' AND after_json LIKE '%\"name_nl\":\"Sport\"%'"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM theme WHERE slug = 'sport-en-bewegen' AND position = 2"), 1);
}

Test(w_themes, refused_writes_change_nothing)
{
	long long before = fingerprint();
	const char *field = NULL, *why = NULL;
	long long id = 0;
	json_t *first = NULL;
	cr_assert_eq(store_theme_get(fixture_db, 1, &first), 0);
	char upper[200];
	snprintf(upper, sizeof(upper), "%s", json_string_value(json_object_get(first, "name_nl")));
	for (char *p = upper; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	json_decref(first);

	struct theme_input dup = {.name_nl = upper, .name_en = "Again"};
	cr_assert_eq(store_theme_create(fixture_db, &actor, &dup, &field, &why, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "name_nl");
	cr_assert_str_eq(why, "exists");
	cr_assert_eq(store_theme_update(fixture_db, &actor, 2, &dup, &field, &why), LIA_EINVAL);

	struct theme_input negative = {.name_nl = "Nieuw", .name_en = "New", .position = -1};
	cr_assert_eq(store_theme_create(fixture_db, &actor, &negative, &field, &why, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "position");
	cr_assert_str_eq(why, "range");

	struct theme_input ok = {.name_nl = "Nieuw", .name_en = "New"};
	cr_assert_eq(store_theme_update(fixture_db, &actor, 99999, &ok, &field, &why), LIA_ENOTFOUND);
	json_t *none = NULL;
	cr_assert_eq(store_theme_get(fixture_db, 99999, &none), LIA_ENOTFOUND);
	cr_assert_eq(fingerprint(), before);
}

static const char *slug_of_theme(long long id)
{
	static char slug[80];
	json_t *row = NULL;
	cr_assert_eq(store_theme_get(fixture_db, id, &row), 0);
	snprintf(slug, sizeof(slug), "%s", json_string_value(json_object_get(row, "slug")));
	json_decref(row);
	return slug;
}

/* Only a name that exists is refused: a slug that another theme has (after a
 * rename, or from a name that differs only in signs or accents) gets a
 * number, and accents are folded rather than dropped. */
Test(w_themes, a_slug_is_made_unique_and_only_the_name_must_be_new)
{
	const char *field = NULL, *why = NULL;
	long long a = 0, b = 0, c = 0, d = 0;
	struct theme_input in = {.name_nl = "Wonen & zorg", .name_en = "Housing and care"};
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &a), 0);
	cr_assert_str_eq(slug_of_theme(a), "wonen-zorg");
	in.name_nl = "Wonen zorg";
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &b), 0, "refused: %s %s", field, why);
	cr_assert_str_eq(slug_of_theme(b), "wonen-zorg-2");
	/* Renamed, its slug stays; the old name is free again. */
	in.name_nl = "Wonen en zorg thuis";
	cr_assert_eq(store_theme_update(fixture_db, &actor, a, &in, &field, &why), 0);
	cr_assert_str_eq(slug_of_theme(a), "wonen-zorg");
	in.name_nl = "Wonen & zorg";
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &c), 0, "refused: %s %s", field, why);
	cr_assert_str_eq(slug_of_theme(c), "wonen-zorg-3");
	in.name_nl = "Cultuur én sport";
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &d), 0);
	cr_assert_str_eq(slug_of_theme(d), "cultuur-en-sport");
	/* The same name again (in other capitals) is refused. */
	long long before = fingerprint(), e = -1;
	in.name_nl = "cultuur én sport";
	cr_assert_eq(store_theme_create(fixture_db, &actor, &in, &field, &why, &e), LIA_EINVAL);
	cr_assert_str_eq(field, "name_nl");
	cr_assert_eq(e, -1, "a refused create leaves the id alone");
	cr_assert_eq(fingerprint(), before);
}

/* A change that leaves the place empty keeps the theme where it is. */
Test(w_themes, an_empty_place_keeps_a_changed_theme_in_place)
{
	const char *field = NULL, *why = NULL;
	long long before = fixture_count("SELECT position FROM theme WHERE id = 2");
	struct theme_input in = {.name_nl = "Nieuwe naam", .name_en = "New name", .position = 0};
	cr_assert_eq(store_theme_update(fixture_db, &actor, 2, &in, &field, &why), 0);
	cr_assert_eq(store_theme_update(fixture_db, &actor, 2, &in, &field, &why), 0);
	cr_assert_eq(fixture_count("SELECT position FROM theme WHERE id = 2"), before);
}
