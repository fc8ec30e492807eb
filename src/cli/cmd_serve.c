/*
 * cmd_serve: `lia serve` and `lia demo`, which share their options. Both
 * remove uploaded expense files that were not imported within
 * --keep-imports days, at start and once a day.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "core/log.h"
#include "http/server.h"
#include "mail/mail.h"
#include "pages/govsite.h"
#include "store/store.h"
#include "store/w_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The cache of ready public pages unless --cache-size says otherwise: room
 * for the overview, the lists and the API answers of a large programme in
 * every coding and both languages, well under the 64 MB the server may use. */
#define SERVE_CACHE_MB 32

struct serve_opts {
	const char *db;
	const char *log;
	long long port, threads, cache_mb;
	long long keep_imports; /* days an upload that is not imported is kept */
	bool trust_proxy;
	bool migrate; /* --migrate: migrate a PostgreSQL database on start (after pg_dump) */
	struct cli_mail mail; /* the SMTP relay and the reminders */
	struct server_config cfg;
	struct govsite site; /* the municipality's facts for /accessibility, /privacy, security.txt */
	struct cli_generate gen; /* lia demo --municipalities N */
};

static const struct cli_opt serve_options[] = {
	CLI_OPT("db", CLI_TEXT, struct serve_opts, db),
	CLI_OPT_NUMBER("port", struct serve_opts, port, 0, 65535,
	 N_("--port needs a number from 0 to 65535, not '%s'")),
	CLI_OPT("listen", CLI_TEXT, struct serve_opts, cfg.listen),
	CLI_OPT_NUMBER("threads", struct serve_opts, threads, 1, 256,
	 N_("--threads needs a number from 1 to 256, not '%s'")),
	CLI_OPT_NUMBER("cache-size", struct serve_opts, cache_mb, 0, 4096,
	 N_("--cache-size needs a number of megabytes from 0 to 4096, not '%s'")),
	CLI_OPT("quiet", CLI_CLEAR, struct serve_opts, cfg.access_log),
	CLI_OPT("trust-proxy", CLI_SET, struct serve_opts, trust_proxy),
	CLI_OPT("migrate", CLI_SET, struct serve_opts, migrate),
	CLI_OPT("log", CLI_TEXT, struct serve_opts, log),
	CLI_OPT("contact-email", CLI_TEXT, struct serve_opts, site.contact_email),
	CLI_OPT("privacy-email", CLI_TEXT, struct serve_opts, site.privacy_email),
	CLI_OPT("statement-status", CLI_TEXT, struct serve_opts, site.statement_status),
	CLI_OPT("statement-date", CLI_TEXT, struct serve_opts, site.statement_date),
	CLI_OPT("statement-url", CLI_TEXT, struct serve_opts, site.statement_url),
	CLI_OPT("security-contact", CLI_TEXT, struct serve_opts, site.security_contact),
	CLI_OPT("security-expires", CLI_TEXT, struct serve_opts, site.security_expires),
	CLI_OPT("public-url", CLI_TEXT, struct serve_opts, site.public_url),
	CLI_OPT_NUMBER("keep-imports", struct serve_opts, keep_imports, 0, 3650,
	 N_("--keep-imports needs a number of days from 0 to 3650, not '%s'")),
	CLI_MAIL_OPTS(struct serve_opts, mail),
	CLI_OPT_NUMBER("mail-interval", struct serve_opts, mail.interval_s, 1, 3600,
	 N_("--mail-interval needs a number of seconds from 1 to 3600, not '%s'")),
	CLI_OPT("no-reminders", CLI_CLEAR, struct serve_opts, mail.remind),
	CLI_GENERATE_OPTS(struct serve_opts, gen),
	CLI_OPT_END,
};

/* `--trust-proxy N` takes an optional number (the proxies in front; 1
 * without it), which getopt cannot: the number is taken out of argv here,
 * into *hops, before the options are parsed. argv is changed in place. */
static int take_proxy_hops(int *argc, char **argv, unsigned *hops)
{
	*hops = 1;
	for (int i = 1; i + 1 < *argc; i++) {
		if (strcmp(argv[i], "--trust-proxy") != 0 || argv[i + 1][0] < '0' || argv[i + 1][0] > '9')
			continue;
		long long n;
		if (!cli_parse_number(argv[i + 1], 1, 16, &n))
			return cli_usage_error(argv[0], TR(cli_lang(), N_("--trust-proxy needs a number of proxies from 1 to 16, not '%s'")),
			                       argv[i + 1]);
		*hops = (unsigned)n;
		memmove(&argv[i + 1], &argv[i + 2], sizeof(char *) * (size_t)(*argc - i - 1));
		(*argc)--;
	}
	return CLI_OK;
}

static int parse(const char *cmd, int argc, char **argv, struct serve_opts *o)
{
	unsigned hops;
	int rc = take_proxy_hops(&argc, argv, &hops);
	if (rc == CLI_OK)
		rc = cli_getopt(cmd, argc, argv, serve_options, o, NULL);
	o->cfg.trust_proxy = o->trust_proxy ? hops : 0;
	if (rc != CLI_OK)
		return rc;
	char today[24];
	const char *why, *bad;
	cli_utc_time(true, today, sizeof(today));
	if (govsite_check(&o->site, today, &why, &bad) != 0)
		return cli_usage_error(cmd, TR(cli_lang(), N_("%s, not '%s'")), TR(cli_lang(), why), bad);
	govsite_configure(&o->site);
	return cli_mail_check(cmd, &o->mail);
}

/* The daily housekeeping (server_config.daily): remove uploaded files that
 * were not imported within o->keep_imports days. */
static void expire_imports(struct store *s, void *ctx)
{
	const struct serve_opts *o = ctx;
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	long long removed = 0;
	if (store_expense_import_expire(s, now, (unsigned)o->keep_imports, &removed) != 0)
		log_error("could not remove uploaded files that were not imported");
	else if (removed)
		log_info("removed %lld uploaded file%s not imported within %lld days", removed, removed == 1 ? "" : "s",
		         o->keep_imports);
}

/* Once the server listens (server_config.listening): the address links in
 * mail point to (--public-url, else this server), and the mail worker. */
static void start_mail(unsigned port, void *ctx)
{
	struct serve_opts *o = ctx;
	char here[128];
	const char *listen = o->cfg.listen ? o->cfg.listen : "127.0.0.1";
	snprintf(here, sizeof(here), strchr(listen, ':') ? "http://[%s]:%u" : "http://%s:%u", listen, port);
	cli_mail_configure(&o->mail, o->site.public_url ? o->site.public_url : here);
	if (mail_worker_start(o->db) != 0)
		log_error("mail: could not start the mail worker");
}

/* PostgreSQL: row-level security keeps municipalities apart only for a role
 * it applies to. A superuser or BYPASSRLS role would leave that to lia's own
 * filters alone: refused when there is more than one municipality. */
static int check_separation(const char *db)
{
	if (!store_is_server(db))
		return CLI_OK;
	struct store *s = NULL;
	char *err = NULL;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &err) != 0) {
		int rc = cli_fail("%s", err ? err : "cannot open the database");
		free(err);
		return rc;
	}
	json_t *all = NULL;
	bool bypass = false;
	int rc = store_municipalities(s, &all) != 0 || store_bypasses_rls(s, &bypass) != 0
		? cli_fail("%s", TR(cli_lang(), N_("cannot read the municipalities of this deployment")))
		: CLI_OK;
	if (rc == CLI_OK && bypass && json_array_size(all) > 1)
		rc = cli_fail("%s", TR(cli_lang(), N_("this deployment has several municipalities, and this database role skips "
		                                      "row-level security (a superuser or BYPASSRLS): connect as an ordinary "
		                                      "role (docs/postgresql.md)")));
	json_decref(all);
	store_close(s);
	return rc;
}

static int serve(struct serve_opts *o)
{
	int sep = check_separation(o->db);
	if (sep != CLI_OK)
		return sep;
	if (o->log && log_open(o->log) != 0)
		return cli_fail(TR(cli_lang(), N_("cannot write the log file %s: %s")), o->log, strerror(errno));
	o->cfg.db_path = o->db;
	o->cfg.port = (unsigned)o->port;
	o->cfg.threads = (unsigned)o->threads;
	o->cfg.cache_mb = (unsigned)o->cache_mb;
	o->cfg.daily = expire_imports;
	o->cfg.daily_ctx = o;
	o->cfg.listening = start_mail;
	o->cfg.listening_ctx = o;
	int rc = server_run(&o->cfg);
	mail_worker_stop();
	return rc == 0 ? CLI_OK : CLI_FAIL;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = {.port = 8080, .cache_mb = SERVE_CACHE_MB, .keep_imports = STORE_IMPORT_KEEP_DAYS,
	                       .mail = CLI_MAIL_DEFAULTS, .cfg = {.access_log = true}};
	int rc = parse("serve", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (o.gen.municipalities)
		return cli_usage_error("serve", "%s", TR(cli_lang(), N_("--municipalities is an option of 'lia demo'")));
	if (!o.db)
		return cli_usage_error("serve", "%s", TR(cli_lang(), N_("--db FILE is required")));
	if (!store_is_server(o.db) && access(o.db, F_OK) != 0)
		return cli_fail(TR(cli_lang(), N_("the database %s does not exist. Make one with 'lia init --db %s', or try 'lia demo'.")),
		                o.db, o.db);
	/* Bring an older database up to date before serving it: a SQLite file
	 * after a backup next to it, a PostgreSQL database with --migrate only. */
	bool created;
	if ((rc = cli_prepare_db(o.db, o.migrate ? CLI_DB_MIGRATE : 0, NULL, &created)) != CLI_OK)
		return rc;
	return serve(&o);
}

int cmd_demo(int argc, char **argv)
{
	struct serve_opts o = {.db = "lia-demo.db", .port = 8080, .cache_mb = SERVE_CACHE_MB, .keep_imports = STORE_IMPORT_KEEP_DAYS,
	                       .mail = CLI_MAIL_DEFAULTS, .cfg = {.access_log = true}, .gen = CLI_GENERATE_DEFAULTS};
	int rc = parse("demo", argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	bool created;
	if ((rc = cli_prepare_db(o.db, CLI_DB_DEMO | (o.migrate ? CLI_DB_MIGRATE : 0), NULL, &created)) != CLI_OK)
		return rc;
	if (created) {
		char *name = store_display_name(o.db); /* a URI without its password */
		printf(TR(cli_lang(), N_("lia: created the demo database %s\n")), name);
		free(name);
	}
	/* The other example municipalities, each in its own file for now. */
	if ((rc = cli_generate_many(o.db, &o.gen)) != CLI_OK)
		return rc;
	return serve(&o);
}
