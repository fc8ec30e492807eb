/*
 * Unit tests: the import of action points (w_import_actions) on the demo
 * programme: headers in English or Dutch, any separator, Windows-1252, Dutch
 * dates, the export's formula guard taken off, partners compared as a set,
 * each change listed field by field (old -> new), each wrong line with its
 * number and column, files that are not a table, and apply: all or none,
 * each action point audited once.
 */
#include "core/err.h"
#include "core/i18n.h"
#include "store/db.h"
#include "store/w_import_actions.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct actor who = {.user_id = 0, .request_id = "test", .now = "2026-12-02T10:00:00Z"};

/* The Dutch headers and messages come from the catalogue. */
static void setup(void)
{
	i18n_init(NULL);
	fixture_demo();
}

TestSuite(import_actions, .init = setup, .fini = fixture_close);

/* Action point 1 as one CSV line with sep (English export columns up to
 * Partners; no status or health). Caller frees. */
static char *line_of_1(char sep, const char *title)
{
	json_t *a = db_row(fixture_db,
		"SELECT a.code, a.title, a.description, t.name_en AS theme, COALESCE(p.name, '') AS holder,"
		" COALESCE(a.starts_on, '') AS starts_on, COALESCE(a.due_on, '') AS due_on,"
		" (SELECT group_concat(n, ', ') FROM (SELECT CAST(article_number AS TEXT) AS n FROM action_article"
		"  WHERE action_point_id = a.id ORDER BY article_number) x) AS articles,"
		" (SELECT group_concat(name, ', ') FROM (SELECT o.name FROM action_partner ap JOIN organisation o"
		"  ON o.id = ap.organisation_id WHERE ap.action_point_id = a.id ORDER BY o.name DESC) x) AS partners"
		" FROM action_point a JOIN theme t ON t.id = a.theme_id LEFT JOIN person p ON p.id = a.dossier_holder_id"
		" WHERE a.id = 1", NULL);
	cr_assert(json_is_object(a));
	char *out = NULL;
#define F(k) (json_string_value(json_object_get(a, k)) ? json_string_value(json_object_get(a, k)) : "")
	cr_assert(asprintf(&out, "1%c%s%c\"%s\"%c\"%s\"%c%s%c%s%c%s%c%s%c\"%s\"%c\"%s\"\r\n", sep, F("code"), sep,
	                   title ? title : F("title"), sep, F("description"), sep, F("theme"), sep, F("holder"), sep,
	                   F("starts_on"), sep, F("due_on"), sep, F("articles"), sep, F("partners")) > 0);
#undef F
	json_decref(a);
	return out;
}

static json_t *check(const char *csv, int want)
{
	json_t *out = NULL;
	int rc = store_action_import_check(fixture_db, csv, strlen(csv), "en", &out);
	cr_assert_eq(rc, want, "check gives %d, not %d: %s", rc, want, json_dumps(out, 0));
	cr_assert_not_null(out);
	return out;
}

static long long num(json_t *o, const char *key)
{
	cr_assert(json_is_integer(json_object_get(o, key)), "%s", key);
	return (long long)json_integer_value(json_object_get(o, key));
}

#define HEADER_EN(sep) "Action number" sep "Code" sep "Title" sep "Description" sep "Theme" sep "Dossier holder" sep \
	"Start" sep "Ready by" sep "Articles of the UN Convention" sep "Partners\r\n"

Test(import_actions, unchanged_line_in_english_with_commas_and_partners_in_another_order)
{
	char *l = line_of_1(',', NULL), *csv = NULL;
	cr_assert(asprintf(&csv, HEADER_EN(",") "%s", l) > 0);
	json_t *r = check(csv, 0);
	cr_assert_eq(num(r, "errors"), 0, "%s", json_dumps(r, 0));
	cr_assert_eq(num(r, "unchanged"), 1);
	cr_assert_eq(json_array_size(json_object_get(r, "change")), 0);
	cr_assert_str_eq(json_string_value(json_object_get(r, "separator")), ",");
	json_decref(r);
	free(l);
	free(csv);
}

Test(import_actions, a_changed_title_is_one_field_old_and_new_and_the_formula_guard_is_taken_off)
{
	char *l = line_of_1(';', "'=Meer banen"), *csv = NULL;
	cr_assert(asprintf(&csv, HEADER_EN(";") "%s", l) > 0);
	json_t *r = check(csv, 0);
	cr_assert_eq(num(r, "changed"), 1, "%s", json_dumps(r, 0));
	json_t *fields = json_object_get(json_array_get(json_object_get(r, "change"), 0), "fields");
	cr_assert_eq(json_array_size(fields), 1);
	json_t *f = json_array_get(fields, 0);
	cr_assert_str_eq(json_string_value(json_object_get(f, "field")), "title");
	cr_assert_str_eq(json_string_value(json_object_get(f, "new")), "=Meer banen");
	json_t *old = db_row(fixture_db, "SELECT title FROM action_point WHERE id = 1", NULL);
	cr_assert_str_eq(json_string_value(json_object_get(f, "old")), json_string_value(json_object_get(old, "title")));
	json_decref(old);
	json_decref(r);
	free(l);
	free(csv);
}

Test(import_actions, windows_1252_and_dutch_dates_in_a_new_line)
{
	/* "Café" in Windows-1252 (é = 0xE9), a Dutch date without leading zeros. */
	const char *csv = "Nummer;Code;Titel;Thema;Begin;Uiterlijk klaar\r\n;NEW-1;Caf\xe9 voor iedereen;Werk;1-2-2027;31-12-2027\r\n";
	json_t *r = check(csv, 0);
	cr_assert_eq(num(r, "new"), 1, "%s", json_dumps(r, 0));
	cr_assert_str_eq(json_string_value(json_object_get(r, "encoding")), "Windows-1252");
	json_t *c = json_array_get(json_object_get(r, "change"), 0);
	cr_assert(json_is_true(json_object_get(c, "is_new")));
	cr_assert(json_is_null(json_object_get(c, "id")));
	size_t i;
	json_t *f;
	bool title = false, start = false;
	json_array_foreach(json_object_get(c, "fields"), i, f) {
		const char *k = json_string_value(json_object_get(f, "field"));
		const char *v = json_string_value(json_object_get(f, "new"));
		title = title || (strcmp(k, "title") == 0 && strcmp(v, "Café voor iedereen") == 0);
		start = start || (strcmp(k, "starts_on") == 0 && strcmp(v, "2027-02-01") == 0);
	}
	cr_assert(title && start, "%s", json_dumps(c, 0));
	json_decref(r);
}

Test(import_actions, every_wrong_cell_is_an_error_on_its_line_and_column)
{
	const char *csv = "Nummer;Code;Titel;Thema;Dossierhouder;Artikelen van het VN-verdrag;Partners;Uiterlijk klaar;Status\r\n"
	                  ";A-1;Een;Ruimtevaart;;;;;\r\n"          /* line 2: theme */
	                  ";A-2;Twee;Werk;Niemand Bekend;;;;\r\n"  /* line 3: person */
	                  ";A-3;Drie;Werk;;9, 51;;;\r\n"          /* line 4: article */
	                  ";A-4;Vier;Werk;;;Nergens BV;;\r\n"     /* line 5: organisation */
	                  ";A-5;Vijf;Werk;;;;30-02-2027;\r\n"     /* line 6: date */
	                  ";A-6;Zes;Werk;;;;;Bijna\r\n"           /* line 7: status word */
	                  ";A-7;Zeven;Werk;;;;;In uitvoering\r\n" /* line 8: a new one starts not started */
	                  "777;A-8;Acht;Werk;;;;;\r\n"             /* line 9: no such number */
	                  ";;Negen;Werk;;;;;\r\n";                 /* line 10: no code */
	json_t *r = check(csv, 0);
	cr_assert_eq(num(r, "errors"), 9, "%s", json_dumps(r, JSON_INDENT(1)));
	static const char *const col[] = {"Thema", "Dossierhouder", "Artikelen van het VN-verdrag", "Partners",
	                                  "Uiterlijk klaar", "Status", "Status", "Nummer", "Code"};
	json_t *errs = json_object_get(r, "error");
	for (size_t i = 0; i < 9; i++) {
		json_t *e = json_array_get(errs, i);
		cr_assert_eq(num(e, "line"), (long long)i + 2, "%s", json_dumps(e, 0));
		cr_assert_str_eq(json_string_value(json_object_get(e, "column")), col[i]);
		cr_assert(strstr(json_string_value(json_object_get(e, "message")), "Line ") != NULL);
	}
	cr_assert_eq(json_array_size(json_object_get(r, "change")), 0);
	json_decref(r);
}

Test(import_actions, a_file_that_is_no_table_of_action_points)
{
	json_t *r = check("Datum;Bedrag\r\n1-1-2025;12,00\r\n", LIA_EINVAL);
	cr_assert(strstr(json_string_value(json_object_get(r, "message")), "\"Code\"") != NULL);
	json_decref(r);
	r = check("Code;Title;Theme\r\n", LIA_EINVAL);
	json_decref(r);
}

Test(import_actions, apply_is_all_or_none_and_audits_each_action_point)
{
	long long actions = fixture_count("SELECT count(*) FROM action_point");
	long long audits = fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_point'");
	const char *bad = "Code;Title;Theme\r\nN-1;Een;Werk\r\nN-2;Twee;Ruimtevaart\r\n";
	long long id = 0;
	cr_assert_eq(store_action_import_save(fixture_db, &who, "bad.csv", bad, strlen(bad), &id), 0);
	json_t *out = NULL;
	cr_assert_eq(store_action_import_apply(fixture_db, &who, id, bad, strlen(bad), "en", &out), LIA_EINVAL);
	json_decref(out);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), actions, "nothing written");
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_import WHERE applied_at IS NOT NULL"), 0);

	const char *good = "Code;Title;Theme;Ready by\r\nN-1;Een;Werk;31-12-2027\r\nN-2;Twee;Work;\r\n";
	cr_assert_eq(store_action_import_save(fixture_db, &who, "good.csv", good, strlen(good), &id), 0);
	cr_assert_eq(store_action_import_apply(fixture_db, &who, id, good, strlen(good), "en", &out), 0);
	cr_assert_eq(num(out, "applied"), 2);
	json_decref(out);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), actions + 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point WHERE code = 'N-1' AND due_on = '2027-12-31'"), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_point'"), audits + 2);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry WHERE entity = 'action_import' AND action = 'import'"), 1);
	/* The same file again: the codes are taken now, so each line is an error and nothing changes. */
	cr_assert_eq(store_action_import_apply(fixture_db, &who, id, good, strlen(good), "en", &out), LIA_EINVAL);
	cr_assert_eq(num(out, "errors"), 2);
	json_decref(out);
	cr_assert_eq(fixture_count("SELECT count(*) FROM action_point"), actions + 2);
}
