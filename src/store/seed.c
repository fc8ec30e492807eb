/*
 * seed: reference data shipped with lia (the 50 CRPD articles and the national
 * LIA survey figures, from the TSV files in data/) and the demo programme (data/demo.sql).
 * Both are compiled into the binary, so `lia init` and `lia demo` need no files,
 * and both are portable SQL: they load on SQLite and PostgreSQL alike.
 */
#include "store/db.h"

#include "core/assets.h"
#include "core/err.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSV_MAX_FIELDS 8

/* Split one TSV line (modified in place) into fields; returns the count. */
static int tsv_fields(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	return n;
}

typedef int (*tsv_row_fn)(struct store *s, char **f, int n);

/* Calls fn for every data line of an embedded TSV (the header is skipped). */
static int tsv_each(struct store *s, const char *asset_name, tsv_row_fn fn, char **err)
{
	const struct asset *a = assets_find(asset_name);
	if (!a) {
		*err = mem_strdup("reference data is missing from this build");
		return LIA_EINTERNAL;
	}
	char *copy = mem_strndup(a->data, a->len);
	int rc = 0, lineno = 0;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (lineno++ == 0 || *line == '\0')
			continue;
		char *f[TSV_MAX_FIELDS];
		int n = tsv_fields(line, f, TSV_MAX_FIELDS);
		if ((rc = fn(s, f, n)) != 0) {
			size_t len = strlen(asset_name) + 64;
			*err = mem_alloc(len);
			snprintf(*err, len, "%s line %d could not be loaded", asset_name, lineno);
			break;
		}
	}
	free(copy);
	return rc;
}

static int crpd_row(struct store *s, char **f, int n)
{
	if (n < 4)
		return LIA_EINVAL;
	return db_exec(s, "INSERT INTO crpd_article (number, title_nl, title_en, nl_checked) VALUES (?, ?, ?, ?)",
	               "itti", atoll(f[0]), f[1], f[2], (long long)(strcmp(f[3], "yes") == 0));
}

/* share_percent is empty where the source gives no figure: stored as NULL. */
static int survey_row(struct store *s, char **f, int n)
{
	if (n < 6)
		return LIA_EINVAL;
	if (f[4][0] == '\0')
		return db_exec(s, "INSERT INTO lia_survey (round, year, respondents, phase, share_percent, source_note)"
		                  " VALUES (?, ?, ?, ?, NULL, ?)",
		               "iiitt", atoll(f[0]), atoll(f[1]), atoll(f[2]), f[3], f[5]);
	return db_exec(s, "INSERT INTO lia_survey (round, year, respondents, phase, share_percent, source_note)"
	                  " VALUES (?, ?, ?, ?, ?, ?)",
	               "iiitit", atoll(f[0]), atoll(f[1]), atoll(f[2]), f[3], atoll(f[4]), f[5]);
}

int store_load_reference(struct store *s, char **err)
{
	int e = 0;
	long long have = db_int(s, &e, 0, "SELECT count(*) FROM crpd_article", NULL);
	if (e)
		return LIA_EDB;
	if (have > 0)
		return 0;
	if (db_begin(s) != 0)
		return LIA_EDB;
	int rc = tsv_each(s, "data/crpd-articles.tsv", crpd_row, err);
	if (rc == 0)
		rc = tsv_each(s, "data/lia-survey.tsv", survey_row, err);
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	return rc;
}

bool store_has_programme(struct store *s)
{
	int e = 0;
	return db_int(s, &e, 0, "SELECT count(*) FROM programme", NULL) > 0 && !e;
}

int store_load_demo(struct store *s, char **err)
{
	const struct asset *a = assets_find("data/demo.sql");
	if (!a) {
		*err = mem_strdup("the demo data is missing from this build");
		return LIA_EINTERNAL;
	}
	if (store_has_programme(s)) {
		*err = mem_strdup("the database already holds a programme; the demo needs an empty database");
		return LIA_ECONFLICT;
	}
	if (db_begin(s) != 0)
		return LIA_EDB;
	int rc = db_script(s, a->data, err);
	/* The demo brings its own ids; PostgreSQL's identities must move past
	 * them (SQLite takes the largest id + 1 by itself). */
	if (rc == 0 && s->kind == DB_PG)
		rc = db_script(s, "SELECT lia_sync_identities()", err);
	/* A municipality registered before its programme (lia init, then the
	 * demo) takes the programme's CBS code and name (0018). */
	if (rc == 0 && s->municipality_id == 1)
		rc = db_script(s,
			"UPDATE municipality SET code = o.cbs_code, name = replace(o.name, 'Gemeente ', ''),"
			" slug = lower(replace(replace(o.name, 'Gemeente ', ''), ' ', '-')), is_example = 1"
			" FROM (SELECT og.cbs_code, og.name FROM programme pg JOIN organisation og ON og.id = pg.organisation_id"
			"       WHERE og.kind = 'municipality' AND og.cbs_code IS NOT NULL ORDER BY pg.id LIMIT 1) o"
			" WHERE municipality.id = 1 AND municipality.code = 'GM0000'"
			" AND NOT EXISTS (SELECT 1 FROM municipality m2 WHERE m2.code = o.cbs_code)", err);
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	return rc;
}
