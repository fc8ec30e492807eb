/*
 * cmd_purge: `lia purge --db FILE [--dry-run]`, removing what is past its
 * retention period (AVG art. 5(1)(e)): the periods are set by the
 * coordinator on /retention. Meant to run daily from a timer
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
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	struct actor a = {.user_id = 0, .request_id = "purge", .now = now};
	json_t *counts = NULL;
	int e = store_purge(s, &a, o.dry_run, &counts);
	if (e == LIA_EINVAL)
		rc = cli_fail(TR(lang, N_("the time %s cannot be read")), now);
	else if (e)
		rc = cli_fail("%s", TR(lang, N_("could not remove what is past its retention period; nothing was removed")));
	else {
		const struct vocab_list *l = vocab_list("retention_kind");
		for (const struct vocab_word *w = l->words; w->code; w++)
			printf(TR(lang, o.dry_run ? N_("lia: %s: %lld would be removed\n") : N_("lia: %s: %lld removed\n")),
			       TR(lang, w->msgid), (long long)json_integer_value(json_object_get(counts, w->code)));
		json_decref(counts);
		/* Erased notes leave no copy in the file either. */
		if (!o.dry_run && store_compact(s) != 0)
			rc = cli_fail("%s", TR(lang, N_("removed, but the database file could not be compacted")));
	}
	store_close(s);
	return rc;
}
