/*
 * w_import_actions: the check and the all-or-none apply of a CSV file of
 * new and changed action points (see w_import_actions.h). The file is read
 * by core/csvread.c (as the expense import reads its files); names are
 * looked up in tables loaded once per run; each line becomes an action_input
 * and a list of the fields it changes, old -> new, compared with the action
 * point as stored. Apply checks again inside its transaction and writes
 * through store_action_put_in_tx, so each action point is checked and
 * audited exactly as the form would.
 */
#include "store/w_import_actions.h"
#include "store/import_actions_run.h"

#include "core/csvread.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "core/vocab.h"
#include "store/db.h"
#include "store/w_actions.h"
#include "store/w_import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const store_action_columns[ACOL_COUNT] = {
	N_("Action number"), N_("Code"), N_("Title"), N_("Description"), N_("Theme"), N_("Dossier holder"), N_("Start"),
	N_("Ready by"), N_("Articles of the UN Convention"), N_("Partners"), N_("Status"), N_("Health"), N_("Overdue"),
};

/* The compared fields, in the export's order: the column each comes from. */
static const enum action_col compared[] = {ACOL_CODE, ACOL_TITLE, ACOL_DESCRIPTION, ACOL_THEME, ACOL_HOLDER,
                                           ACOL_STARTS, ACOL_DUE, ACOL_ARTICLES, ACOL_PARTNERS};
static const char *const compared_keys[] = {"code", "title", "description", "theme", "dossier_holder",
                                            "starts_on", "due_on", "articles", "partners"};

/* s trimmed and with ASCII letters in lower case (malloc'd). */
static char *fold(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *f = mem_alloc(n + 1);
	for (size_t i = 0; i < n; i++)
		f[i] = (char)tolower((unsigned char)s[i]);
	f[n] = '\0';
	return f;
}

/* Add name -> id to map (a second id for the same name makes it null). */
static void map_put(json_t *map, const char *name, long long id)
{
	if (!name || !*name)
		return;
	char *k = fold(name);
	json_t *old = json_object_get(map, k);
	if (!old)
		json_object_set_new(map, k, json_integer(id));
	else if (json_is_integer(old) && json_integer_value(old) != id)
		json_object_set_new(map, k, json_null());
	free(k);
}

/* The id of name in map: > 0, 0 when unknown, -1 when more than one. */
static long long map_get(json_t *map, const char *name)
{
	char *k = fold(name);
	json_t *v = json_object_get(map, k);
	free(k);
	return !v ? 0 : json_is_null(v) ? -1 : json_integer_value(v);
}

static void name_put(json_t *names, long long id, const char *name)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	json_object_set_new(names, key, json_string(name ? name : ""));
}

static const char *name_of(json_t *names, long long id)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	const char *v = json_string_value(json_object_get(names, key));
	return v ? v : "";
}

static json_t *action_of(struct run *r, long long id)
{
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	return json_object_get(r->actions, key);
}

/* Append each row's n of rows (grouped by column a) to the action's key list. */
static void attach(struct run *r, json_t *rows, const char *key)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		json_t *a = action_of(r, json_integer_value(json_object_get(row, "a")));
		if (a)
			json_array_append(json_object_get(a, key), json_object_get(row, "n"));
	}
}

/* Everything the lines are checked against. 0 or LIA_EDB. */
static int load(struct run *r)
{
	json_t *themes = db_rows(r->s, "SELECT id, name_nl, name_en FROM theme ORDER BY position, id", NULL);
	json_t *people = db_rows(r->s, "SELECT id, name FROM person ORDER BY id", NULL);
	json_t *orgs = db_rows(r->s, "SELECT id, name FROM organisation ORDER BY id", NULL);
	json_t *actions = db_rows(r->s,
		"SELECT a.id, a.code, a.title, a.description, a.theme_id, COALESCE(a.dossier_holder_id, 0) AS holder,"
		" COALESCE(a.starts_on, '') AS starts_on, COALESCE(a.due_on, '') AS due_on, c.status, c.health"
		" FROM action_point a JOIN action_point_current c ON c.action_point_id = a.id", NULL);
	json_t *arts = db_rows(r->s, "SELECT action_point_id AS a, article_number AS n FROM action_article"
	                             " ORDER BY action_point_id, article_number", NULL);
	json_t *parts = db_rows(r->s, "SELECT ap.action_point_id AS a, ap.organisation_id AS n FROM action_partner ap"
	                              " JOIN organisation o ON o.id = ap.organisation_id ORDER BY ap.action_point_id, o.name", NULL);
	int rc = DB_ALL_READ(&themes, &people, &orgs, &actions, &arts, &parts) ? LIA_EDB : 0;
	if (rc == 0) {
		size_t i;
		json_t *row;
		bool en = strcmp(r->lang, "en") == 0;
		json_array_foreach(themes, i, row) {
			long long id = json_integer_value(json_object_get(row, "id"));
			map_put(r->themes, json_string_value(json_object_get(row, "name_nl")), id);
			map_put(r->themes, json_string_value(json_object_get(row, "name_en")), id);
			name_put(r->theme_names, id, json_string_value(json_object_get(row, en ? "name_en" : "name_nl")));
		}
		json_array_foreach(people, i, row) {
			long long id = json_integer_value(json_object_get(row, "id"));
			map_put(r->people, json_string_value(json_object_get(row, "name")), id);
			name_put(r->person_names, id, json_string_value(json_object_get(row, "name")));
		}
		json_array_foreach(orgs, i, row) {
			long long id = json_integer_value(json_object_get(row, "id"));
			map_put(r->orgs, json_string_value(json_object_get(row, "name")), id);
			name_put(r->org_names, id, json_string_value(json_object_get(row, "name")));
		}
		json_array_foreach(actions, i, row) {
			char key[24];
			long long id = json_integer_value(json_object_get(row, "id"));
			snprintf(key, sizeof(key), "%lld", id);
			json_object_set_new(row, "articles", json_array());
			json_object_set_new(row, "partners", json_array());
			json_object_set(r->actions, key, row);
			map_put(r->codes, json_string_value(json_object_get(row, "code")), id);
		}
		attach(r, arts, "articles");
		attach(r, parts, "partners");
	}
	json_decref(themes);
	json_decref(people);
	json_decref(orgs);
	json_decref(actions);
	json_decref(arts);
	json_decref(parts);
	return rc;
}

static json_t *vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static json_t *vmsg(const char *fmt, va_list ap)
{
	char *text = NULL;
	if (vasprintf(&text, fmt, ap) < 0)
		mem_die("out of memory");
	json_t *j = json_string(text);
	free(text);
	return j ? j : json_string("");
}

/* Count an error on line, about column c (ACOL_COUNT: the line). */
void import_actions_line_error(struct run *r, size_t line, enum action_col c, const char *fmt, ...)
{
	r->errors++;
	va_list ap;
	va_start(ap, fmt);
	json_t *e = json_pack("{s:I, s:o}", "line", (json_int_t)line, "message", vmsg(fmt, ap));
	va_end(ap);
	if (c < ACOL_COUNT && r->col[c] >= 0)
		json_object_set_new(e, "column", json_string(csvread_field(r->t, 0, (size_t)r->col[c])));
	json_array_append_new(r->err, e);
}

/* The cell of column c on row, "" when the file has no such column; a
 * leading apostrophe that the export put before =, +, -, @ (so a spreadsheet
 * never runs a formula) is taken off again. */
static const char *cell(const struct run *r, size_t row, enum action_col c)
{
	if (r->col[c] < 0)
		return "";
	const char *v = csvread_field(r->t, row, (size_t)r->col[c]);
	if (!v)
		return "";
	if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
		return v + 1;
	return v;
}

static bool blank(const char *v)
{
	for (; v && *v; v++)
		if (!isspace((unsigned char)*v))
			return false;
	return true;
}

/* Which file column holds each of ours (by its header in Dutch or English). */
static void find_columns(struct run *r)
{
	for (int c = 0; c < ACOL_COUNT; c++)
		r->col[c] = -1;
	size_t n = csvread_fields(r->t, 0);
	for (size_t f = 0; f < n; f++) {
		const char *h = csvread_field(r->t, 0, f);
		char *fh = fold(h);
		int found = -1;
		for (int c = 0; c < ACOL_COUNT && found < 0; c++) {
			char *en = fold(store_action_columns[c]), *nl = fold(i18n_text("nl", store_action_columns[c]));
			if (strcmp(fh, en) == 0 || strcmp(fh, nl) == 0)
				found = c;
			free(en);
			free(nl);
		}
		if (found >= 0 && r->col[found] < 0)
			r->col[found] = (int)f;
		else if (*fh)
			json_array_append_new(r->ignored, json_string(h));
		free(fh);
	}
}

/* The list of names or numbers in v (separated by commas or semicolons). On
 * a part that is not known, an error names it; returns false. */
static bool read_list(struct run *r, struct row_in *in, enum action_col c, const char *v, long long *out, size_t *n)
{
	*n = 0;
	char *copy = mem_strdup(v);
	bool ok = true;
	for (char *save = NULL, *part = strtok_r(copy, ",;", &save); part; part = strtok_r(NULL, ",;", &save)) {
		if (blank(part))
			continue;
		while (isspace((unsigned char)*part))
			part++;
		for (size_t k = strlen(part); k && isspace((unsigned char)part[k - 1]); k--)
			part[k - 1] = '\0';
		long long id = 0;
		if (c == ACOL_ARTICLES) {
			char *end = NULL, *f = fold(part);
			long num = strtol(f, &end, 10);
			id = (end && !*end && num >= 1 && num <= 50) ? num : 0;
			free(f);
			if (!id) {
				import_actions_line_error(r, in->line, c, i18n_text(r->lang, N_("Line %zu: \"%s\" is not an article of the UN Convention. Write the numbers of the articles (1 to 50), separated by commas, such as \"9, 27\".")), in->line, part);
				ok = false;
				continue;
			}
		} else {
			id = map_get(r->orgs, part);
			if (id <= 0) {
				import_actions_line_error(r, in->line, c, id < 0 ? i18n_text(r->lang, N_("Line %zu: there are several organisations called \"%s\". Give them different names on the Organisation page first."))
				                                  : i18n_text(r->lang, N_("Line %zu: there is no organisation called \"%s\". Write the name as on the Organisation page, or add the organisation there first.")),
				           in->line, part);
				ok = false;
				continue;
			}
		}
		bool dup = false;
		for (size_t i = 0; i < *n; i++)
			dup = dup || out[i] == id;
		if (!dup && *n < IDS_MAX)
			out[(*n)++] = id;
	}
	free(copy);
	return ok;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* status or health (list) from its label in either language or its code;
 * NULL (with an error) when unknown. */
static const char *read_vocab(struct run *r, size_t line, enum action_col c, const char *list, const char *v)
{
	char *f = fold(v);
	const char *found = NULL;
	for (size_t i = 0; i < vocab_count(list) && !found; i++) {
		const char *code = vocab_code(list, i);
		char *nl = fold(vocab_label(list, code, "nl")), *en = fold(vocab_label(list, code, "en"));
		if (strcmp(f, code) == 0 || strcmp(f, nl) == 0 || strcmp(f, en) == 0)
			found = code;
		free(nl);
		free(en);
	}
	free(f);
	if (!found) {
		char *choices = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&choices, &len);
		for (size_t i = 0; i < vocab_count(list); i++)
			fprintf(m, "%s\"%s\"", i ? ", " : "", vocab_label(list, vocab_code(list, i), r->lang));
		fclose(m);
		import_actions_line_error(r, line, c, i18n_text(r->lang, N_("Line %zu: \"%s\" is not known in the column %s. Use one of: %s.")),
		           line, v, csvread_field(r->t, 0, (size_t)r->col[c]), choices);
		free(choices);
	}
	return found;
}

/* The text of a list of ids for the preview: article numbers, or names. */
static char *list_text(struct run *r, enum action_col c, const long long *ids, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	for (size_t i = 0; i < n; i++) {
		if (c == ACOL_ARTICLES)
			fprintf(m, "%s%lld", i ? ", " : "", ids[i]);
		else
			fprintf(m, "%s%s", i ? ", " : "", name_of(r->org_names, ids[i]));
	}
	fclose(m);
	return text;
}

/* The stored action point's value of compared field k, as text. */
static char *old_text(struct run *r, json_t *a, size_t k)
{
	const char *key = compared_keys[k];
	if (compared[k] == ACOL_THEME)
		return mem_strdup(name_of(r->theme_names, json_integer_value(json_object_get(a, "theme_id"))));
	if (compared[k] == ACOL_HOLDER) {
		long long h = json_integer_value(json_object_get(a, "holder"));
		return mem_strdup(h ? name_of(r->person_names, h) : "");
	}
	if (compared[k] == ACOL_ARTICLES || compared[k] == ACOL_PARTNERS) {
		json_t *arr = json_object_get(a, key);
		long long ids[IDS_MAX];
		size_t n = 0, i;
		json_t *v;
		json_array_foreach(arr, i, v)
			if (n < IDS_MAX)
				ids[n++] = json_integer_value(v);
		if (compared[k] == ACOL_ARTICLES)
			qsort(ids, n, sizeof(ids[0]), cmp_ll);
		return list_text(r, compared[k], ids, n);
	}
	const char *v = json_string_value(json_object_get(a, key));
	return mem_strdup(v ? v : "");
}

/* The line's value of compared field k, as text. */
static char *new_text(struct run *r, const struct row_in *in, size_t k)
{
	switch (compared[k]) {
	case ACOL_CODE: return mem_strdup(in->in.code);
	case ACOL_TITLE: return mem_strdup(in->in.title);
	case ACOL_DESCRIPTION: return mem_strdup(in->in.description);
	case ACOL_THEME: return mem_strdup(name_of(r->theme_names, in->in.theme_id));
	case ACOL_HOLDER: return mem_strdup(in->in.dossier_holder_id ? name_of(r->person_names, in->in.dossier_holder_id) : "");
	case ACOL_STARTS: return mem_strdup(in->starts);
	case ACOL_DUE: return mem_strdup(in->due);
	case ACOL_ARTICLES: return list_text(r, ACOL_ARTICLES, in->articles, in->in.narticles);
	default: return list_text(r, ACOL_PARTNERS, in->partners, in->in.npartners);
	}
}

/* Compare a line without errors with what is stored; list what changes. */
static void diff_line(struct run *r, struct row_in *in)
{
	json_t *a = in->id ? action_of(r, in->id) : NULL;
	json_t *fields = json_array();
	for (size_t k = 0; k < sizeof(compared) / sizeof(compared[0]); k++) {
		char *nv = new_text(r, in, k);
		char *ov = a ? old_text(r, a, k) : mem_strdup("");
		/* Partners compare as sets: the order of names in a cell is no change. */
		bool same = strcmp(ov, nv) == 0;
		if (!same && a && compared[k] == ACOL_PARTNERS) {
			json_t *arr = json_object_get(a, "partners");
			same = json_array_size(arr) == in->in.npartners;
			for (size_t i = 0; same && i < in->in.npartners; i++) {
				bool has = false;
				size_t j;
				json_t *v;
				json_array_foreach(arr, j, v)
					has = has || json_integer_value(v) == in->partners[i];
				same = has;
			}
		}
		if (!same && (a || *nv))
			json_array_append_new(fields, json_pack("{s:s, s:s, s:s, s:s}", "field", compared_keys[k], "label",
			                                        i18n_text(r->lang, store_action_columns[compared[k]]),
			                                        "old", ov, "new", nv));
		free(nv);
		free(ov);
	}
	if (a && json_array_size(fields) == 0) {
		r->unchanged++;
		json_decref(fields);
		return;
	}
	in->changes = true;
	if (a)
		r->changed++;
	else
		r->news++;
	json_array_append_new(r->change, json_pack("{s:I, s:o, s:s, s:b, s:o}", "line", (json_int_t)in->line, "id",
	                                           in->id ? json_integer(in->id) : json_null(), "code", in->in.code,
	                                           "is_new", !a, "fields", fields));
}

/* Read row (a data row of the table) into in; errors are counted. */
static void read_line(struct run *r, size_t row, struct row_in *in)
{
	size_t line = in->line = csvread_line(r->t, row);
	size_t before = r->errors;
	const char *id = cell(r, row, ACOL_ID);
	if (!blank(id)) {
		char *end = NULL;
		long long n = strtoll(id, &end, 10);
		while (end && isspace((unsigned char)*end))
			end++;
		if (!end || *end || n <= 0 || !action_of(r, n))
			import_actions_line_error(r, line, ACOL_ID, i18n_text(r->lang, N_("Line %zu: there is no action point with number \"%s\". Leave the number empty for a new action point, or use the number from the export.")), line, id);
		else
			in->id = n;
	}
	in->in.code = cell(r, row, ACOL_CODE);
	in->in.title = cell(r, row, ACOL_TITLE);
	in->in.description = cell(r, row, ACOL_DESCRIPTION);
	if (blank(in->in.code))
		import_actions_line_error(r, line, ACOL_CODE, i18n_text(r->lang, N_("Line %zu: the code is empty. Give every action point a code, such as \"WRK-04\".")), line);
	else {
		long long owner = map_get(r->codes, in->in.code);
		char *f = fold(in->in.code);
		json_t *seen = json_object_get(r->seen, f);
		if (seen)
			import_actions_line_error(r, line, ACOL_CODE, i18n_text(r->lang, N_("Line %zu: the code \"%s\" is also on line %lld. Every action point needs its own code.")), line, in->in.code, (long long)json_integer_value(seen));
		else if (owner != 0 && owner != in->id && (in->id || blank(id)))
			import_actions_line_error(r, line, ACOL_CODE, i18n_text(r->lang, N_("Line %zu: the code \"%s\" belongs to another action point already. Choose another code, or give the number of that action point.")), line, in->in.code);
		json_object_set_new(r->seen, f, json_integer((json_int_t)line));
		free(f);
	}
	if (blank(in->in.title))
		import_actions_line_error(r, line, ACOL_TITLE, i18n_text(r->lang, N_("Line %zu: the title is empty. Write what the action point is about.")), line);
	const char *theme = cell(r, row, ACOL_THEME);
	long long t = map_get(r->themes, theme);
	if (t <= 0)
		import_actions_line_error(r, line, ACOL_THEME, i18n_text(r->lang, N_("Line %zu: there is no theme called \"%s\". Write the name of a theme as on the Themes page.")), line, theme);
	in->in.theme_id = t > 0 ? t : 0;
	const char *holder = cell(r, row, ACOL_HOLDER);
	if (!blank(holder)) {
		long long h = map_get(r->people, holder);
		if (h <= 0)
			import_actions_line_error(r, line, ACOL_HOLDER, h < 0 ? i18n_text(r->lang, N_("Line %zu: there are several people called \"%s\". Give them different names on the People page first, or leave the dossier holder empty and choose in the form."))
			                                       : i18n_text(r->lang, N_("Line %zu: there is no person called \"%s\". Write the name of the dossier holder as on the People page, or leave it empty.")), line, holder);
		in->in.dossier_holder_id = h > 0 ? h : 0;
	}
	const enum action_col dcols[2] = {ACOL_STARTS, ACOL_DUE};
	char *douts[2] = {in->starts, in->due};
	for (int d = 0; d < 2; d++) {
		const char *v = cell(r, row, dcols[d]);
		douts[d][0] = '\0';
		int ds = blank(v) ? CSVREAD_DATE_OK : csvread_date(v, douts[d]);
		if (ds != CSVREAD_DATE_OK)
			import_actions_line_error(r, line, dcols[d], i18n_text(r->lang, N_("Line %zu, column %s: %s")), line,
			           csvread_field(r->t, 0, (size_t)r->col[dcols[d]]), i18n_text(r->lang, csvread_date_error_text(ds)));
	}
	if (in->starts[0] && in->due[0] && strcmp(in->due, in->starts) < 0)
		import_actions_line_error(r, line, ACOL_DUE, i18n_text(r->lang, N_("Line %zu: the date ready by is before the start. Check both dates.")), line);
	in->in.starts_on = in->starts;
	in->in.due_on = in->due;
	(void)read_list(r, in, ACOL_ARTICLES, cell(r, row, ACOL_ARTICLES), in->articles, &in->in.narticles);
	qsort(in->articles, in->in.narticles, sizeof(in->articles[0]), cmp_ll);
	(void)read_list(r, in, ACOL_PARTNERS, cell(r, row, ACOL_PARTNERS), in->partners, &in->in.npartners);
	in->in.articles = in->articles;
	in->in.partners = in->partners;
	/* Status and health: known words, and unchanged (a progress update
	 * changes them, with its explanation). */
	static const enum action_col vcols[2] = {ACOL_STATUS, ACOL_HEALTH};
	static const char *const lists[2] = {"action_status", "health"};
	static const char *const fresh[2] = {"niet_gestart", "grijs"};
	json_t *a = in->id ? action_of(r, in->id) : NULL;
	bool unknown_id = !blank(id) && !a; /* its error is said; nothing to compare with */
	for (int k = 0; k < 2; k++) {
		const char *v = cell(r, row, vcols[k]);
		if (blank(v))
			continue;
		const char *code = read_vocab(r, line, vcols[k], lists[k], v);
		const char *now = a ? json_string_value(json_object_get(a, k ? "health" : "status")) : fresh[k];
		if (code && now && !unknown_id && strcmp(code, now) != 0) {
			/* The column's name inside a sentence: "de status", "the health". */
			char *name = mem_strdup(csvread_field(r->t, 0, (size_t)r->col[vcols[k]]));
			name[0] = (char)tolower((unsigned char)name[0]);
			import_actions_line_error(r, line, vcols[k], i18n_text(r->lang, N_("Line %zu: the %s changes only with a progress update, which also says why. Write \"%s\" here, and write a progress update for the change.")),
			           line, name, vocab_label(lists[k], now, r->lang));
			free(name);
		}
	}
	if (r->errors == before)
		diff_line(r, in);
}

void import_actions_run_free(struct run *r)
{
	csvread_free(r->t);
	json_decref(r->themes);
	json_decref(r->people);
	json_decref(r->orgs);
	json_decref(r->theme_names);
	json_decref(r->person_names);
	json_decref(r->org_names);
	json_decref(r->actions);
	json_decref(r->codes);
	json_decref(r->seen);
	json_decref(r->change);
	json_decref(r->err);
	json_decref(r->ignored);
	free(r->rows);
}

/* Read and check the file; LIA_EINVAL with *fatal set when it is no table
 * of action points at all. */
int import_actions_run_check(struct run *r, const char *data, size_t len, json_t **fatal)
{
	struct csvread_error e = {0};
	int st = csvread_parse(data, len, &r->t, &e);
	if (st != CSVREAD_OK) {
		*fatal = json_pack("{s:s}", "message", i18n_text(r->lang, e.msgid ? e.msgid : N_("This file cannot be read as a table. Save it as CSV and try again.")));
		return LIA_EINVAL;
	}
	find_columns(r);
	static const enum action_col required[] = {ACOL_CODE, ACOL_TITLE, ACOL_THEME};
	for (size_t i = 0; i < 3; i++)
		if (r->col[required[i]] < 0) {
			char *text = NULL;
			if (asprintf(&text, i18n_text(r->lang, N_("The column \"%s\" is missing. Start from the export of the action points: its first line names the columns.")),
			             i18n_text(r->lang, store_action_columns[required[i]])) < 0)
				mem_die("out of memory");
			*fatal = json_pack("{s:s}", "message", text);
			free(text);
			return LIA_EINVAL;
		}
	size_t rows = csvread_rows(r->t);
	if (rows < 2) {
		*fatal = json_pack("{s:s}", "message", i18n_text(r->lang, N_("The file has a first line with the columns, but no action points under it.")));
		return LIA_EINVAL;
	}
	int rc = load(r);
	if (rc)
		return rc;
	r->nrows = rows - 1;
	r->rows = mem_calloc(r->nrows, sizeof(r->rows[0]));
	for (size_t row = 1; row < rows; row++) {
		r->lines++;
		read_line(r, row, &r->rows[row - 1]);
	}
	return 0;
}

void import_actions_run_init(struct run *r, struct store *s, const char *lang)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->lang = lang && strcmp(lang, "en") == 0 ? "en" : "nl";
	r->themes = json_object();
	r->people = json_object();
	r->orgs = json_object();
	r->theme_names = json_object();
	r->person_names = json_object();
	r->org_names = json_object();
	r->actions = json_object();
	r->codes = json_object();
	r->seen = json_object();
	r->change = json_array();
	r->err = json_array();
	r->ignored = json_array();
}

json_t *import_actions_run_result(struct run *r)
{
	char sep[2] = {csvread_separator(r->t), '\0'};
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:O, s:O, s:O}", "lines", (json_int_t)r->lines, "new",
	                 (json_int_t)r->news, "changed", (json_int_t)r->changed, "unchanged", (json_int_t)r->unchanged,
	                 "errors", (json_int_t)r->errors, "encoding",
	                 csvread_encoding(r->t) == CSVREAD_CP1252 ? "Windows-1252" : "UTF-8", "separator", sep,
	                 "ignored_columns", r->ignored, "change", r->change, "error", r->err);
}

int store_action_import_check(struct store *s, const char *data, size_t len, const char *lang, json_t **out)
{
	struct run r;
	import_actions_run_init(&r, s, lang);
	json_t *fatal = NULL;
	int rc = import_actions_run_check(&r, data, len, &fatal);
	*out = rc == 0 ? import_actions_run_result(&r) : fatal;
	import_actions_run_free(&r);
	return rc;
}
