/*
 * cmd_init: `lia init --db FILE`, an empty database with reference data.
 */
#include "cli/cli.h"

#include "core/i18n.h"

#include <stdio.h>

static int on_option(const char *cmd, void *ctx, int opt, const char *arg)
{
	(void)cmd;
	(void)opt; /* only --db */
	*(const char **)ctx = arg;
	return CLI_OK;
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *lang = cli_lang();
	const char *db = NULL;
	int rc = cli_getopt("init", argc, argv, longopts, on_option, &db, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!db)
		return cli_usage_error("init", "%s", TR(lang, N_("--db FILE is required")));
	bool created;
	rc = cli_prepare_db(db, false, &created);
	if (rc == CLI_OK)
		printf(created ? TR(lang, N_("lia: created the empty database %s\n"))
		               : TR(lang, N_("lia: the database %s is up to date\n")), db);
	return rc;
}
