/*
 * cmd_purge: `lia purge --db FILE [--dry-run] [--municipality CODE|SLUG]`,
 * removing what is past its retention period (AVG art. 5(1)(e)): the
 * periods are set by each municipality's coordinator on /retention. In a
 * deployment of several municipalities it purges every one of them, each
 * by its own periods, unless --municipality names one. Meant to run daily from a timer
 * (dist/lia-purge.timer). Prints per kind how many went (or, with
 * --dry-run, would go); a real run is recorded in the audit log with the
 * counts, never content.
 *
 * For tests only: LIA_TEST_NOW (UTC ISO 8601) replaces the clock, so a test
 * can move time forward without waiting.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "store/w_privacy.h"
#include "store/w_retention.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct purge_opts {
	const char *db;
	bool dry_run;
};

/* Purge one municipality's data (s); label names it when there are
 * several. Compacts its file (SQLite) unless told not to. */
static int purge_one(struct store *s, const char *label, const char *now, bool dry_run, bool compact)
{
	const char *lang = cli_lang();
	struct actor a = {.user_id = 0, .request_id = "purge", .now = now};
	json_t *counts = NULL;
	int e = store_purge(s, &a, dry_run, &counts);
	if (label)
		printf(TR(lang, N_("lia: municipality %s:\n")), label);
	if (e == LIA_EINVAL)
		return cli_fail(TR(lang, N_("the time %s cannot be read")), now);
	if (e)
		return cli_fail("%s", TR(lang, N_("could not remove what is past its retention period; nothing was removed")));
	const struct vocab_list *l = vocab_list("retention_kind");
	for (const struct vocab_word *w = l->words; w->code; w++)
		printf(TR(lang, dry_run ? N_("lia: %s: %lld would be removed\n") : N_("lia: %s: %lld removed\n")),
		       TR(lang, w->msgid), (long long)json_integer_value(json_object_get(counts, w->code)));
	json_decref(counts);
	/* Erased notes leave no copy in the file either. */
	if (!dry_run && compact && store_compact(s) != 0)
		return cli_fail("%s", TR(lang, N_("removed, but the database file could not be compacted")));
	return CLI_OK;
}

/* Without --municipality in a deployment of several: every municipality in
 * turn, each on its own connection (SQLite: its own file; PostgreSQL:
 * scoped to it), going on after one that fails. */
static int purge_all(const char *db, struct store *dep, json_t *all, const char *now, bool dry_run)
{
	bool bypass = false;
	if (store_bypasses_rls(dep, &bypass) != 0 || bypass)
		return cli_fail("%s", TR(cli_lang(), N_("this deployment has several municipalities, and this database role skips "
		                                        "row-level security (a superuser or BYPASSRLS): connect as an ordinary "
		                                        "role (docs/postgresql.md)")));
	bool server = store_is_server(db);
	int rc = CLI_OK;
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		long long id = (long long)json_integer_value(json_object_get(m, "id"));
		const char *code = json_string_value(json_object_get(m, "code"));
		char label[200];
		snprintf(label, sizeof(label), "%s (%s)", code, json_string_value(json_object_get(m, "name")));
		struct store *s = NULL;
		char *err = NULL;
		int one = id == 1 ? CLI_OK : store_open_municipality(db, id, STORE_OPEN_EXISTING, &s, &err) == 0 ? CLI_OK
			: cli_fail("%s: %s", label, err ? err : "cannot open its database");
		free(err);
		if (one == CLI_OK)
			one = purge_one(id == 1 ? dep : s, label, now, dry_run, !server);
		store_close(s);
		if (one != CLI_OK)
			rc = one;
	}
	/* PostgreSQL: the tables are shared, so compacted once. */
	if (server && !dry_run && store_compact(dep) != 0)
		rc = cli_fail("%s", TR(cli_lang(), N_("removed, but the database file could not be compacted")));
	return rc;
}

int cmd_purge(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct purge_opts, db),
		CLI_OPT("dry-run", CLI_SET, struct purge_opts, dry_run),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	struct purge_opts o = {0};
	int rc = cli_getopt("purge", argc, argv, options, &o, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("purge", "%s", TR(lang, N_("--db FILE is required")));
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	const char *fake = getenv("LIA_TEST_NOW");
	if (fake && *fake)
		snprintf(now, sizeof(now), "%s", fake);
	/* Every municipality of the deployment, unless --municipality names one. */
	json_t *all = NULL;
	if (!cli_municipality) {
		struct store *dep = NULL;
		if ((rc = cli_open_db_as_is(o.db, false, &dep)) != CLI_OK)
			return rc;
		if (store_schema_version(dep) >= store_schema_latest() && store_municipalities(dep, &all) != 0) {
			store_close(dep);
			return cli_fail("%s", TR(lang, N_("cannot read the municipalities of this deployment")));
		}
		if (json_array_size(all) > 1) {
			rc = purge_all(o.db, dep, all, now, o.dry_run);
			json_decref(all);
			store_close(dep);
			return rc;
		}
		json_decref(all);
		store_close(dep);
	}
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	rc = purge_one(s, NULL, now, o.dry_run, true);
	store_close(s);
	return rc;
}
