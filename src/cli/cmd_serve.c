/*
 * cmd_serve: `lia serve` and `lia demo`, which share their options.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "http/server.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct serve_opts {
	const char *db;
	struct server_config cfg;
};

static int on_option(const char *cmd, void *ctx, int opt, const char *arg)
{
	struct serve_opts *o = ctx;
	const char *lang = cli_lang();
	long long n;
	switch (opt) {
	case 'd':
		o->db = arg;
		break;
	case 'p':
		if (!cli_parse_number(arg, 0, 65535, &n))
			return cli_usage_error(cmd, TR(lang, N_("--port needs a number from 0 to 65535, not '%s'")), arg);
		o->cfg.port = (unsigned)n;
		break;
	case 'l':
		o->cfg.listen = arg;
		break;
	case 't':
		if (!cli_parse_number(arg, 1, 256, &n))
			return cli_usage_error(cmd, TR(lang, N_("--threads needs a number from 1 to 256, not '%s'")), arg);
		o->cfg.threads = (unsigned)n;
		break;
	case 'q':
		o->cfg.access_log = false;
		break;
	case 'x':
		o->cfg.trust_proxy = true;
		break;
	}
	return CLI_OK;
}

static int parse(const char *cmd, int argc, char **argv, struct serve_opts *o)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"port", required_argument, NULL, 'p'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"trust-proxy", no_argument, NULL, 'x'},
		{NULL, 0, NULL, 0},
	};
	return cli_getopt(cmd, argc, argv, longopts, on_option, o, NULL);
}

static int serve(struct serve_opts *o)
{
	o->cfg.db_path = o->db;
	return server_run(&o->cfg) == 0 ? CLI_OK : CLI_FAIL;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = {.cfg = {.port = 8080, .access_log = true}};
	int rc = parse("serve", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("serve", "%s", TR(cli_lang(), N_("--db FILE is required")));
	if (access(o.db, F_OK) != 0)
		return cli_fail(TR(cli_lang(), N_("the database %s does not exist. Make one with 'lia init --db %s', or try 'lia demo'.")),
		                o.db, o.db);
	/* Bring an older database up to date before serving it. */
	bool created;
	if ((rc = cli_prepare_db(o.db, false, &created)) != CLI_OK)
		return rc;
	return serve(&o);
}

int cmd_demo(int argc, char **argv)
{
	struct serve_opts o = {.db = "lia-demo.db", .cfg = {.port = 8080, .access_log = true}};
	int rc = parse("demo", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	bool created;
	if ((rc = cli_prepare_db(o.db, true, &created)) != CLI_OK)
		return rc;
	if (created)
		printf(TR(cli_lang(), N_("lia: created the demo database %s\n")), o.db);
	return serve(&o);
}
