/*
 * cmd_init: `lia init --db FILE`, an empty database with reference data.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_init(int argc, char **argv)
{
	struct init_opts {
		const char *db;
	};
	static const struct cli_opt options[] = {CLI_OPT("db", CLI_TEXT, struct init_opts, db), CLI_OPT_END};
	const char *lang = cli_lang();
	struct init_opts o = {NULL};
	int rc = cli_getopt("init", argc, argv, options, &o, NULL);
	const char *db = o.db;
	if (rc != CLI_OK)
		return rc;
	if (!db)
		return cli_usage_error("init", "%s", TR(lang, N_("--db FILE is required")));
	bool created;
	rc = cli_prepare_db(db, 0, NULL, &created);
	if (rc == CLI_OK) {
		char *name = store_display_name(db); /* a URI without its password */
		printf(created ? TR(lang, N_("lia: created the empty database %s\n"))
		               : TR(lang, N_("lia: the database %s is up to date\n")), name);
		free(name);
	}
	return rc;
}
