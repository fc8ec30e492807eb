/*
 * cmd_init: `lia init --db FILE`, an empty database with reference data.
 */
#include "cli/cli.h"

#include "core/i18n.h"

#include <getopt.h>
#include <stdio.h>

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *lang = cli_lang();
	const char *db = NULL;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case ':':
			return cli_usage_error("init", TR(lang, N_("option %s needs a value")), argv[optind - 1]);
		default:
			return cli_usage_error("init", TR(lang, N_("unknown option '%s'")), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", TR(lang, N_("unexpected argument '%s'")), argv[optind]);
	if (!db)
		return cli_usage_error("init", "%s", TR(lang, N_("--db FILE is required")));
	bool created;
	int rc = cli_prepare_db(db, false, &created);
	if (rc == CLI_OK)
		printf(created ? TR(lang, N_("lia: created the empty database %s\n"))
		               : TR(lang, N_("lia: the database %s is up to date\n")), db);
	return rc;
}
