/*
 * Unit tests: the vocabulary table (core/vocab.c) against the database. A
 * fresh database is migrated and every list is compared, both ways, with the
 * CHECK (column IN (...)) list of its column as the schema in sqlite_master
 * holds it; every such text list of the schema must belong to a list. The
 * data contract (the compiled-in JSON Schemas) says the same: an "enum" of
 * codes in a schema is exactly one list's codes. Also the lookups that forms
 * and present() use.
 */
#include "core/assets.h"
#include "core/i18n.h"
#include "store/db.h"
#include "view/present.h"
#include "core/vocab.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *tables; /* [{"name", "sql"}] of the migrated schema */

static void open_migrated(void)
{
	fixture_schema();
	tables = db_rows(fixture_db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL", NULL);
	cr_assert_not_null(tables);
	cr_assert_gt(json_array_size(tables), 10);
}

static void close_all(void)
{
	json_decref(tables);
	fixture_close();
}

static const char *table_sql(const char *table)
{
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")), table) == 0)
			return json_string_value(json_object_get(t, "sql"));
	return NULL;
}

/* The quoted codes of the first "CHECK (column IN ('a', 'b'))" after p, as a
 * JSON object used as a set (each code a key), and where the list ends in
 * *end; NULL if there is none. Only text lists count: "IN (0, 1)" is a flag,
 * not a word list. The caller decrefs the set. */
static json_t *check_list(const char *p, const char *column, const char **end)
{
	char pat[96];
	snprintf(pat, sizeof(pat), "CHECK (%s IN (", column ? column : "");
	for (const char *at = p; (at = strstr(at, column ? pat : "CHECK (")); at++) {
		const char *q = at + strlen("CHECK (");
		if (!column) { /* any column: "CHECK (name IN (" */
			const char *sp = q;
			while (*sp == '_' || (*sp >= 'a' && *sp <= 'z'))
				sp++;
			if (sp == q || strncmp(sp, " IN (", 5) != 0)
				continue;
			q = sp + 5;
		} else {
			q = at + strlen(pat);
		}
		if (*q != '\'')
			continue;
		json_t *codes = json_object();
		while (*q == '\'') {
			const char *close = strchr(q + 1, '\'');
			cr_assert_not_null(close);
			json_object_setn_new(codes, q + 1, (size_t)(close - q - 1), json_true());
			q = close + 1;
			while (*q == ',' || *q == ' ')
				q++;
		}
		cr_assert_eq(*q, ')', "unexpected text in a CHECK list: %.20s", q);
		*end = q;
		return codes;
	}
	return NULL;
}

TestSuite(vocab, .init = open_migrated, .fini = close_all);

Test(vocab, every_list_matches_its_check_constraint_both_ways)
{
	unsigned compared = 0;
	for (const struct vocab_list *l = vocab_lists; l->name; l++) {
		if (!l->table)
			continue;
		const char *sql = table_sql(l->table);
		cr_assert_not_null(sql, "list %s: no table %s in the schema", l->name, l->table);
		const char *end;
		json_t *codes = check_list(sql, l->column, &end);
		cr_assert_not_null(codes, "list %s: %s.%s has no CHECK (%s IN (...))", l->name, l->table, l->column,
		                   l->column);
		for (const struct vocab_word *w = l->words; w->code; w++)
			cr_expect(json_object_get(codes, w->code), "list %s has '%s', which %s.%s does not allow", l->name,
			          w->code, l->table, l->column);
		const char *c;
		json_t *yes;
		json_object_foreach(codes, c, yes)
			cr_expect(vocab_has(l->name, c), "%s.%s allows '%s', which list %s lacks", l->table, l->column, c,
			          l->name);
		json_decref(codes);
		compared++;
	}
	cr_assert_geq(compared, 10);
}

Test(vocab, every_check_list_of_words_has_a_list)
{
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t) {
		const char *table = json_string_value(json_object_get(t, "name"));
		const char *sql = json_string_value(json_object_get(t, "sql"));
		const char *p = sql, *end;
		json_t *codes;
		while ((codes = check_list(p, NULL, &end))) {
			/* The column is the word before " IN (": find it back. */
			const char *in = end;
			while (in > sql && strncmp(in, " IN (", 5) != 0)
				in--;
			const char *col = in;
			while (col > sql && (col[-1] == '_' || (col[-1] >= 'a' && col[-1] <= 'z')))
				col--;
			bool found = false;
			for (const struct vocab_list *l = vocab_lists; l->name && !found; l++)
				found = l->table && strcmp(l->table, table) == 0 && strlen(l->column) == (size_t)(in - col) &&
				        strncmp(l->column, col, (size_t)(in - col)) == 0;
			cr_expect(found, "%s.%.*s has a CHECK list of codes but no list in core/vocab.c", table,
			          (int)(in - col), col);
			json_decref(codes);
			p = end;
		}
	}
}

Test(vocab, lookups)
{
	cr_assert(vocab_has("action_status", "in_uitvoering"));
	cr_assert_not(vocab_has("action_status", "groen"));
	cr_assert_not(vocab_has("no_such_list", "groen"));
	cr_assert_not(vocab_has("health", NULL));
	cr_assert_str_eq(vocab_label("health", "rood", "en"), "Problem");
	cr_assert_null(vocab_label("health", "paars", "en"));
	cr_assert_null(vocab_label("report_format", "pdf", "en")); /* a code without words */
	cr_assert_str_eq(vocab_label("audit_action", "create", "en"), "Added");
	cr_assert_str_eq(vocab_label("audit_entity", "theme", "en"), "Theme");
	/* present() labels by JSON key: a role of an account and of a member */
	cr_assert_str_eq(present_label("role", "secretaris", "en"), "Secretary");
	cr_assert_str_eq(present_label("role", "reader", "en"), "Reader");
	cr_assert_str_eq(present_label("kind", "overspent", "en"), "More spent than allocated");
	cr_assert_null(present_label("kind", "highlight", "en"));
}

Test(vocab, options_in_order_with_words)
{
	json_t *o = vocab_options("purpose", "en");
	cr_assert_eq(json_array_size(o), 6);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(o, 0), "value")), "inhoudelijke_verdieping");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(o, 5), "label")), "Other");
	json_decref(o);
	o = vocab_options("report_format", "en");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(o, 1), "label")), "pdf");
	json_decref(o);
	o = vocab_options("nonsense", "en");
	cr_assert_eq(json_array_size(o), 0);
	json_decref(o);
	json_t *all = vocab_all("en");
	cr_assert_eq(json_array_size(json_object_get(all, "health")), 4);
	json_decref(all);
}

/* The list whose codes are exactly the strings of enum (nulls aside), or
 * NULL; *touches is set when some list shares a code with it. */
static const struct vocab_list *list_of_enum(json_t *en, bool *touches)
{
	*touches = false;
	for (const struct vocab_list *l = vocab_lists; l->name; l++) {
		size_t n = 0, shared = 0, strings = 0;
		for (const struct vocab_word *w = l->words; w->code; w++)
			n++;
		size_t i;
		json_t *v;
		json_array_foreach(en, i, v) {
			if (!json_is_string(v))
				continue;
			strings++;
			shared += vocab_has(l->name, json_string_value(v));
		}
		if (shared)
			*touches = true;
		if (shared == n && strings == n)
			return l;
	}
	return NULL;
}

static void check_enums(json_t *sch, const char *file, unsigned *seen)
{
	if (json_is_array(sch)) {
		size_t i;
		json_t *v;
		json_array_foreach(sch, i, v)
			check_enums(v, file, seen);
		return;
	}
	if (!json_is_object(sch))
		return;
	json_t *en = json_object_get(sch, "enum");
	if (json_is_array(en)) {
		bool touches;
		const struct vocab_list *l = list_of_enum(en, &touches);
		char *shown = json_dumps(en, JSON_COMPACT);
		cr_expect(l || !touches, "%s: enum %s has codes of the vocabulary but is no list of core/vocab.c", file, shown);
		free(shown);
		*seen += l != NULL;
	}
	const char *k;
	json_t *v;
	json_object_foreach(sch, k, v)
		check_enums(v, file, seen);
}

Test(vocab, schema_enums_are_vocabulary_lists)
{
	unsigned seen = 0;
	for (unsigned i = 0; i < assets_count; i++) {
		if (strncmp(assets[i].name, "schemas/", 8) != 0)
			continue;
		json_error_t e;
		json_t *doc = json_loadb(assets[i].data, assets[i].len, 0, &e);
		cr_assert_not_null(doc, "%s: %s", assets[i].name, e.text);
		check_enums(doc, assets[i].name, &seen);
		json_decref(doc);
	}
	cr_assert_geq(seen, 10, "the schemas use the vocabulary's lists as enums");
}

/* present() finds a list by its field through a hash (vocab_init): every
 * field and word gives what a walk over the lists in order gives, in both
 * languages, and keys that are no field give nothing. */
Test(vocab, field_labels_after_init_are_those_of_the_first_list_with_the_word)
{
	vocab_init();
	static const char *const langs[] = {"nl", "en"};
	unsigned checked = 0;
	for (const struct vocab_list *l = vocab_lists; l->name; l++) {
		if (!l->field)
			continue;
		for (const struct vocab_word *w = l->words; w->code; w++)
			for (int k = 0; k < 2; k++) {
				const char *want = NULL;
				for (const struct vocab_list *m = vocab_lists; m->name && !want; m++)
					if (m->field && strcmp(m->field, l->field) == 0)
						want = vocab_label(m->name, w->code, langs[k]);
				const char *got = vocab_field_label(l->field, w->code, langs[k]);
				if (want)
					cr_assert_str_eq(got, want, "%s %s %s", l->field, w->code, langs[k]);
				else
					cr_assert_null(got, "%s %s %s", l->field, w->code, langs[k]);
				checked++;
			}
	}
	cr_assert_gt(checked, 40);
	cr_assert_str_eq(vocab_field_label("status", "in_uitvoering", "en"), "In progress");
	cr_assert_str_eq(vocab_field_label("role", "reader", "en"), "Reader");
	cr_assert_str_eq(vocab_field_label("kind", "overspent", "en"), "More spent than allocated");
	cr_assert_str_eq(vocab_field_label("health", "rood", "en"), "Problem");
	cr_assert_null(vocab_field_label("status", "groen", "en"));
	cr_assert_null(vocab_field_label("title", "in_uitvoering", "en"));
	cr_assert_null(vocab_field_label("", "in_uitvoering", "en"));
	cr_assert_null(vocab_field_label("statu", "in_uitvoering", "en"));
	cr_assert_null(vocab_field_label("statuses", "in_uitvoering", "en"));
}
