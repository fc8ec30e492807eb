/*
 * migrate_plan: what the migrations a database still needs would change,
 * for `lia migrate --dry-run` and the messages of commands that refuse to
 * migrate. Read from the migrations themselves: each number's one-line
 * summaries (a comment line "-- summary-en: ..." and "-- summary-nl: ..." in
 * one of its files), and the objects its SQL creates, alters or drops
 * (tables, columns, views, triggers, indexes, functions), found by reading
 * the statements outside comments, quoted text and PostgreSQL's dollar-quoted
 * function bodies. Nothing here changes the database.
 */
#include "store/db.h"

#include "core/assets.h"
#include "core/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WORD_MAX 128
#define WORDS_MAX 8

/* A cursor over one migration's SQL. */
struct sql_words {
	const char *p, *end;
};

/* Skip what is not a statement word: blanks, comments, quoted text and
 * dollar-quoted bodies ($$ ... $$, $tag$ ... $tag$). */
static void skip_noise(struct sql_words *w)
{
	for (;;) {
		const char *p = w->p;
		while (p < w->end && (isspace((unsigned char)*p) || *p == ',' || *p == '(' || *p == ')'))
			p++;
		if (p + 1 < w->end && p[0] == '-' && p[1] == '-') {
			while (p < w->end && *p != '\n')
				p++;
		} else if (p + 1 < w->end && p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : w->end;
		} else if (p < w->end && *p == '\'') {
			for (p++; p < w->end; p++)
				if (*p == '\'' && !(p + 1 < w->end && p[1] == '\'' && p++))
					break;
			if (p < w->end)
				p++;
		} else if (p < w->end && *p == '$') {
			const char *q = p + 1;
			while (q < w->end && (isalnum((unsigned char)*q) || *q == '_'))
				q++;
			if (q < w->end && *q == '$') {
				size_t tag = (size_t)(q - p + 1);
				const char *e = q + 1;
				while (e + tag <= w->end && strncmp(e, p, tag) != 0)
					e++;
				p = e + tag <= w->end ? e + tag : w->end;
			} else {
				p = q;
			}
		} else if (p < w->end && !(isalnum((unsigned char)*p) || *p == '_' || *p == '"' || *p == ';')) {
			p++;
		} else {
			w->p = p;
			return;
		}
		w->p = p;
	}
}

/* The next word (a name, a keyword, a "quoted name" without its quotes, or
 * ";") into out; false at the end. A name with a dot keeps it. */
static bool next_word(struct sql_words *w, char out[WORD_MAX])
{
	skip_noise(w);
	if (w->p >= w->end)
		return false;
	size_t n = 0;
	if (*w->p == ';') {
		w->p++;
		out[n++] = ';';
	} else {
		while (w->p < w->end && (isalnum((unsigned char)*w->p) || *w->p == '_' || *w->p == '"' || *w->p == '.')) {
			if (*w->p != '"' && n + 1 < WORD_MAX)
				out[n++] = *w->p;
			w->p++;
		}
	}
	out[n] = '\0';
	return true;
}

static void add_change(json_t *changes, const char *change, const char *kind, const char *name)
{
	/* A drop and a create of the same object in one migration is a replacement. */
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c) {
		if (strcmp(json_string_value(json_object_get(c, "kind")), kind) == 0 &&
		    strcmp(json_string_value(json_object_get(c, "name")), name) == 0) {
			const char *was = json_string_value(json_object_get(c, "change"));
			if (strcmp(was, change) != 0)
				json_object_set_new(c, "change", json_string("replace"));
			return;
		}
	}
	json_array_append_new(changes, json_pack("{s:s, s:s, s:s}", "change", change, "kind", kind, "name", name));
}

static bool is(const char *word, const char *keyword)
{
	return strcasecmp(word, keyword) == 0;
}

/* Read one statement's first words (up to WORDS_MAX) and note what it
 * changes. Returns false at the end of the SQL. */
static bool statement(struct sql_words *w, json_t *changes)
{
	char words[WORDS_MAX + 2][WORD_MAX];
	int n = 0;
	char word[WORD_MAX];
	bool more;
	while ((more = next_word(w, word)) && strcmp(word, ";") != 0) {
		if (n < WORDS_MAX + 2)
			strcpy(words[n++], word);
		/* A trigger's body holds statements of its own, up to its END. */
		if (n >= 2 && is(words[0], "CREATE") && is(word, "BEGIN") && n > 2) {
			char inner[WORD_MAX];
			while (next_word(w, inner) && !is(inner, "END"))
				;
		}
	}
	if (n == 0)
		return more;
	int i = 1;
	if (is(words[0], "CREATE")) {
		if (i + 1 < n && is(words[i], "OR") && is(words[i + 1], "REPLACE"))
			i += 2;
		while (i < n && (is(words[i], "UNIQUE") || is(words[i], "TEMP") || is(words[i], "TEMPORARY") ||
		                 is(words[i], "VIRTUAL")))
			i++;
		const char *kind = i < n ? words[i] : "";
		i++;
		if (i + 2 < n && is(words[i], "IF") && is(words[i + 1], "NOT") && is(words[i + 2], "EXISTS"))
			i += 3;
		if (i < n) {
			if (is(kind, "TABLE"))
				add_change(changes, "add", "table", words[i]);
			else if (is(kind, "VIEW"))
				add_change(changes, "add", "view", words[i]);
			else if (is(kind, "TRIGGER"))
				add_change(changes, "add", "trigger", words[i]);
			else if (is(kind, "INDEX"))
				add_change(changes, "add", "index", words[i]);
			else if (is(kind, "FUNCTION"))
				add_change(changes, "add", "function", words[i]);
		}
	} else if (is(words[0], "DROP") && n >= 3) {
		const char *kind = words[1];
		i = 2;
		if (i + 1 < n && is(words[i], "IF") && is(words[i + 1], "EXISTS"))
			i += 2;
		if (i < n) {
			if (is(kind, "TABLE"))
				add_change(changes, "remove", "table", words[i]);
			else if (is(kind, "VIEW"))
				add_change(changes, "remove", "view", words[i]);
			else if (is(kind, "TRIGGER"))
				add_change(changes, "remove", "trigger", words[i]);
			else if (is(kind, "INDEX"))
				add_change(changes, "remove", "index", words[i]);
			else if (is(kind, "FUNCTION"))
				add_change(changes, "remove", "function", words[i]);
		}
	} else if (is(words[0], "ALTER") && n >= 5 && is(words[1], "TABLE")) {
		/* ALTER TABLE t ADD [COLUMN] c, DROP [COLUMN] c, RENAME ... */
		const char *table = words[2];
		i = 3;
		const char *verb = words[i++];
		if (i < n && is(words[i], "COLUMN"))
			i++;
		if (i < n && (is(verb, "ADD") || is(verb, "DROP"))) {
			char name[2 * WORD_MAX + 1];
			snprintf(name, sizeof(name), "%s.%s", table, words[i]);
			add_change(changes, is(verb, "ADD") ? "add" : "remove", "column", name);
		}
	}
	return more;
}

/* The text after "-- summary-LANG: " in a migration, up to its line's end,
 * into out (n bytes); false if it has none. */
static bool summary(const char *sql, const char *lang, char *out, size_t n)
{
	char key[32];
	snprintf(key, sizeof(key), "-- summary-%s:", lang);
	const char *p = strstr(sql, key);
	if (!p)
		return false;
	p += strlen(key);
	while (*p == ' ')
		p++;
	size_t len = strcspn(p, "\r\n");
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return true;
}

json_t *store_migrations_pending(struct store *s)
{
	const struct asset *list[MIGRATIONS_MAX];
	unsigned n = db_migrations(s->kind, list, MIGRATIONS_MAX);
	int current = store_schema_version(s);
	json_t *out = json_array();
	for (unsigned i = 0, j; i < n; i = j) {
		int v = db_migration_number(list[i]);
		for (j = i + 1; j < n && db_migration_number(list[j]) == v;)
			j++;
		if (v <= current)
			continue;
		/* "store/0011_signatories.sql" -> "signatories" */
		const char *base = list[i]->name + strlen("store/");
		const char *us = strchr(base, '_');
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(us ? us + 1 : base, "."), us ? us + 1 : base);
		char en[512] = "", nl[512] = "";
		json_t *changes = json_array();
		for (unsigned k = i; k < j; k++) {
			if (!en[0])
				summary(list[k]->data, "en", en, sizeof(en));
			if (!nl[0])
				summary(list[k]->data, "nl", nl, sizeof(nl));
			struct sql_words w = {list[k]->data, list[k]->data + list[k]->len};
			while (statement(&w, changes))
				;
		}
		json_array_append_new(out, json_pack("{s:i, s:s, s:s, s:s, s:o}", "version", v, "name", name, "summary_en",
		                                     en, "summary_nl", nl[0] ? nl : en, "changes", changes));
	}
	return out;
}
