/*
 * cmd_migrate: `lia migrate --db FILE|URI [--dry-run] [--backup FILE]`, the
 * operator's way to bring a database up to date after an upgrade. It says
 * which migrations the database needs (number, name, a plain summary and
 * the tables, columns, views, triggers, indexes and functions each adds,
 * replaces or removes, read from the migrations themselves) and, without
 * --dry-run, applies them: a SQLite file after a backup next to it (or at
 * --backup), a PostgreSQL database at once (the operator ran pg_dump; lia
 * cannot back one up itself). With --dry-run nothing is changed: the
 * database is opened read-only.
 *
 * Exit codes: 0 up to date (nothing was needed, or everything was applied),
 * 1 failed (not a lia database, made by a newer lia, the backup or a
 * migration failed: each migration is one transaction, so the database is
 * at the last one that worked), 2 the command line is wrong, 3 with
 * --dry-run: migrations are needed (nothing was changed).
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct migrate_opts {
	const char *db, *backup;
	bool dry_run;
};

/* The word for what a migration does to a kind of object, as one line's
 * start: "adds tables:", "removes views:", ... */
static const char *change_words(const char *lang, const char *change, const char *kind)
{
	static const struct {
		const char *change, *kind, *msgid;
	} words[] = {
		{"add", "table", N_("adds tables:")},         {"add", "column", N_("adds columns:")},
		{"add", "view", N_("adds views:")},           {"add", "trigger", N_("adds triggers:")},
		{"add", "index", N_("adds indexes:")},        {"add", "function", N_("adds functions:")},
		{"replace", "table", N_("replaces tables:")}, {"replace", "column", N_("replaces columns:")},
		{"replace", "view", N_("replaces views:")},   {"replace", "trigger", N_("replaces triggers:")},
		{"replace", "index", N_("replaces indexes:")}, {"replace", "function", N_("replaces functions:")},
		{"remove", "table", N_("removes tables:")},   {"remove", "column", N_("removes columns:")},
		{"remove", "view", N_("removes views:")},     {"remove", "trigger", N_("removes triggers:")},
		{"remove", "index", N_("removes indexes:")},  {"remove", "function", N_("removes functions:")},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].change, change) == 0 && strcmp(words[i].kind, kind) == 0)
			return TR(lang, words[i].msgid);
	return change;
}

/* One line per kind of change of a migration, names after each other. */
static void print_changes(const char *lang, json_t *changes)
{
	static const char *const order[][2] = {
		{"add", "table"},    {"add", "column"},     {"add", "view"},     {"add", "trigger"},
		{"add", "index"},    {"add", "function"},   {"replace", "table"}, {"replace", "column"},
		{"replace", "view"}, {"replace", "trigger"}, {"replace", "index"}, {"replace", "function"},
		{"remove", "table"}, {"remove", "column"},  {"remove", "view"},  {"remove", "trigger"},
		{"remove", "index"}, {"remove", "function"},
	};
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		bool any = false;
		size_t i;
		json_t *c;
		json_array_foreach(changes, i, c) {
			if (strcmp(json_string_value(json_object_get(c, "change")), order[k][0]) != 0 ||
			    strcmp(json_string_value(json_object_get(c, "kind")), order[k][1]) != 0)
				continue;
			if (!any)
				printf("        %s", change_words(lang, order[k][0], order[k][1]));
			printf("%s %s", any ? "," : "", json_string_value(json_object_get(c, "name")));
			any = true;
		}
		if (any)
			printf("\n");
	}
}

/* The list of migrations a database needs, as `lia migrate` shows it. */
static void print_pending(const char *lang, json_t *pending)
{
	size_t i;
	json_t *m;
	json_array_foreach(pending, i, m) {
		const char *summary = json_string_value(json_object_get(m, strcmp(lang, "nl") == 0 ? "summary_nl" : "summary_en"));
		printf("  %04d %s: %s\n", (int)json_integer_value(json_object_get(m, "version")),
		       json_string_value(json_object_get(m, "name")), summary);
		print_changes(lang, json_object_get(m, "changes"));
	}
}

/* Say what the database at path needs; *n the number of migrations.
 * registry (if asked): the municipalities it lists. CLI_OK or CLI_FAIL. */
static int report_one(const char *lang, const char *path, bool dry_run, size_t *n, json_t **registry)
{
	*n = 0;
	struct store *s;
	int rc = cli_open_db_as_is(path, dry_run, &s);
	if (rc != CLI_OK)
		return rc;
	char *name = store_display_name(path); /* a URI without its password */
	int from = store_schema_version(s), to = store_schema_latest();
	if (from == 0) {
		store_close(s);
		rc = cli_fail(TR(lang, N_("the database %s holds no lia data yet: make a new database with 'lia init --db %s'")),
		              name, name);
		free(name);
		return rc;
	}
	if (registry && store_municipalities(s, registry) != 0) {
		store_close(s);
		free(name);
		return cli_fail("%s", TR(lang, N_("cannot read the municipalities of this deployment")));
	}
	json_t *pending = store_migrations_pending(s);
	store_close(s);
	*n = json_array_size(pending);
	if (*n == 0)
		printf(TR(lang, N_("lia: the database %s is up to date (schema %d)\n")), name, from);
	else {
		printf(TR(lang, N_("lia: the database %s has schema %d; this lia needs %d. It needs %zu migration(s):\n")), name,
		       from, to, *n);
		print_pending(lang, pending);
	}
	json_decref(pending);
	free(name);
	return CLI_OK;
}

int cmd_migrate(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct migrate_opts, db),
		CLI_OPT("dry-run", CLI_SET, struct migrate_opts, dry_run),
		CLI_OPT("backup", CLI_TEXT, struct migrate_opts, backup),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	struct migrate_opts o = {0};
	int rc = cli_getopt("migrate", argc, argv, options, &o, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("migrate", "%s", TR(lang, N_("--db FILE is required")));
	if (o.backup && store_is_server(o.db))
		return cli_usage_error("migrate", "%s", TR(lang, N_("--backup is for a SQLite file; back up a PostgreSQL "
		                                                     "database with pg_dump first")));
	if (o.backup && strcmp(o.backup, o.db) == 0)
		return cli_usage_error("migrate", "%s", TR(lang, N_("--backup must be another file than --db")));

	/* The deployment's file or database, then (SQLite) every other
	 * municipality's file: each says what it needs. */
	json_t *registry = NULL;
	size_t n = 0;
	if ((rc = report_one(lang, o.db, o.dry_run, &n, store_is_server(o.db) ? NULL : &registry)) != CLI_OK)
		return rc;
	size_t i;
	json_t *m;
	json_array_foreach(registry, i, m) {
		if (json_integer_value(json_object_get(m, "id")) == 1)
			continue;
		char *file = store_municipality_location(o.db, json_string_value(json_object_get(m, "code")));
		size_t more = 0;
		rc = report_one(lang, file, o.dry_run, &more, NULL);
		free(file);
		n += more;
		if (rc != CLI_OK)
			break;
	}
	json_decref(registry);
	char *name = store_display_name(o.db); /* a URI without its password */
	if (rc != CLI_OK || n == 0) {
		free(name);
		return rc;
	}
	if (o.dry_run) {
		printf(TR(lang, N_("lia: nothing was changed (--dry-run). Run it without --dry-run to apply them.\n")));
		free(name);
		return CLI_PENDING;
	}
	if (store_is_server(o.db))
		printf("%s\n", TR(lang, N_("lia: no backup is made of a PostgreSQL database (lia cannot do that itself): it goes "
		                           "on, as you asked; make sure you have a backup from pg_dump.")));
	fflush(stdout);
	bool created;
	rc = cli_prepare_db(o.db, CLI_DB_MIGRATE, o.backup, &created);
	if (rc == CLI_OK)
		printf(TR(lang, N_("lia: the database %s is up to date (schema %d)\n")), name, store_schema_latest());
	free(name);
	return rc == CLI_PENDING ? CLI_FAIL : rc;
}
