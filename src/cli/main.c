/*
 * main: entry point and the command table. `lia COMMAND [OPTIONS]`.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "core/secret.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The options `lia demo` and `lia serve` share, after their own help. */
static const char *const serve_options =
	N_("  --port N       TCP port (default: 8080; 0 picks a free port)\n"
	   "  --listen ADDR  address to listen on (default: 127.0.0.1)\n"
	   "  --threads N    worker threads (default: 8)\n"
	   "  --cache-size MB  memory for ready public pages (default: 32; 0: none)\n"
	   "  --quiet        no access log\n"
	   "  --log FILE     write the log to FILE instead of the terminal;\n"
	   "                 SIGHUP opens it again (after logrotate moved it)\n"
	   "  --trust-proxy [N]\n"
	   "                 behind N reverse proxies (default 1, such as nginx):\n"
	   "                 the client's address is the one the nearest proxy added to\n"
	   "                 X-Forwarded-For (counted from the right), the scheme and\n"
	   "                 host come from X-Forwarded-Proto and X-Forwarded-Host\n"
	   "                 (cookies get Secure over https). Use it only when lia can\n"
	   "                 be reached through the proxy alone.\n"
	   "  --migrate      on PostgreSQL: bring the database up to date on start\n"
	   "                 (lia cannot back it up itself: run pg_dump first). A\n"
	   "                 SQLite file is always brought up to date, after a\n"
	   "                 backup next to it (FILE.before-NNNN.bak)\n"
	   "  --keep-imports DAYS\n"
	   "                 remove uploaded expense files that were not imported\n"
	   "                 within DAYS days (default 7), at start and once a day\n"
	   "  --public-url URL the site's address (https://lia.example.nl), for links in\n"
	   "                 e-mail; without it links point to this server's own address\n"
	   "  --smtp-url URL the municipality's SMTP relay: smtp://HOST:PORT (always\n"
	   "                 encrypted with STARTTLS) or smtps://HOST:PORT; without it\n"
	   "                 the relay set on the mail page (/mail), if any\n"
	   "  --smtp-from ADDRESS  the sender of lia's e-mail (with --smtp-url)\n"
	   "  --smtp-user NAME     user name at the relay, if it asks for one\n"
	   "  --smtp-password-file FILE\n"
	   "                 the relay's password: the first line of FILE (or the\n"
	   "                 environment variable LIA_SMTP_PASSWORD)\n"
	   "  --smtp-plain   send to an smtp:// relay without encryption, for a relay\n"
	   "                 on a trusted network only: anyone on the way can read\n"
	   "                 the messages and their links; never with --smtp-user\n"
	   "  --smtp-relay-hosts HOST[,HOST...]\n"
	   "                 the relays a municipality may set on its mail page;\n"
	   "                 without it only the deployment's first municipality may\n"
	   "                 set one (lia connects to no host a tenant names)\n"
	   "  --mail-interval SECONDS\n"
	   "                 how often the outbox is sent (default 30); a message the\n"
	   "                 relay refuses is tried again later, waiting longer each time\n"
	   "  --remind-days DAYS\n"
	   "                 reminders start DAYS days before the due date (default 7)\n"
	   "  --no-reminders send no reminders (they are queued every hour otherwise;\n"
	   "                 see 'lia remind')\n");

const struct cli_command cli_commands[] = {
	{"demo", N_("create the demo programme (if needed) and serve it"),
	 N_("Usage: lia demo [--db FILE] [--port N] [--listen ADDR]\n"
	    "                [--municipalities N [--jobs N] [--actions N] [--periods N] [--seed N]]\n"
	    "\n"
	    "Creates the demo database with the example programme of Nijmegen, if the\n"
	    "file does not exist yet, and serves it.\n"
	    "\n"
	    "  --db FILE      database file (default: lia-demo.db in this folder)\n"
	    "  --municipalities N\n"
	    "                 also make N-1 generated example municipalities (made-up\n"
	    "                 programmes, labelled as example data), each in its own\n"
	    "                 file next to FILE (FILE-NAME.db); files that exist are kept\n"
	    "  --jobs N       make them on N processes at once (default: one per processor)\n"
	    "  --actions N    action points per municipality, on average (default 100)\n"
	    "  --periods N    reporting periods at most, all but the last published (default 8)\n"
	    "  --seed N       another seed gives other programmes (default 1)\n"),
	 &serve_options, cmd_demo},
	{"generate", N_("fill an empty database with a generated example municipality"),
	 N_("Usage: lia generate --db FILE [--index N] [--actions N] [--periods N] [--seed N] [--uniform]\n"
	    "\n"
	    "Makes the database (if needed) and fills it with one made-up example\n"
	    "municipality: themes, action points, reporting periods with progress\n"
	    "updates (all but the last published, with their reports), interviews and\n"
	    "money, all labelled as example data. The same options give the same\n"
	    "programme. Says how long the data and the reports took.\n"
	    "\n"
	    "  --db FILE    database file or PostgreSQL URI (required; must hold no programme)\n"
	    "  --index N    which municipality: its name and CBS code (default 1)\n"
	    "  --actions N  action points, on average (default 100)\n"
	    "  --periods N  reporting periods at most (default 8)\n"
	    "  --seed N     another seed gives another programme (default 1)\n"
	    "  --uniform    exactly --actions action points and --periods periods, in execution\n"),
	 NULL, cmd_generate},
	{"init", N_("create an empty database"),
	 N_("Usage: lia init --db FILE\n"
	    "\n"
	    "Creates a new lia database with the 50 articles of the UN Convention and\n"
	    "the national survey figures, but no programme. If FILE is already a lia\n"
	    "database, brings its structure up to date.\n"
	    "\n"
	    "  --db FILE  database file (required)\n"),
	 NULL, cmd_init},
	{"import", N_("import expenses from a CSV file of the financial system"),
	 N_("Usage: lia import expenses FILE [--db FILE] [--dry-run] [--allocation CODE]\n"
	    "                               [--user EMAIL]\n"
	    "       lia import clean [--db FILE] [--keep-days N]\n"
	    "\n"
	    "Adds the expenses in FILE, a CSV file from the financial system or a\n"
	    "spreadsheet, to the allocations they were booked on. The first line names\n"
	    "the columns: date, amount, description, allocation (the code of the\n"
	    "allocation, such as its cost centre or order number, or its number) and,\n"
	    "if you have it, reference. Names as the screens and ledgers write them work\n"
	    "too, in any case and with or without accents: datum, boekdatum, bedrag,\n"
	    "omschrijving, toekenning, kostenplaats, ordernummer, kenmerk, factuurnummer,\n"
	    "boekstuk and others. The file may be UTF-8 or Windows-1252, with ; or ,\n"
	    "between the values.\n"
	    "\n"
	    "Lines that are in lia already are skipped. If any line is wrong, nothing\n"
	    "is added: lia says which line is wrong and what to change. A file that\n"
	    "was kept before but not imported (the import was broken off) is\n"
	    "continued, not kept twice.\n"
	    "\n"
	    "'lia import clean' removes uploaded files that were not imported within\n"
	    "N days (default 7); 'lia serve' does this at start and once a day.\n"
	    "\n"
	    "  --db FILE          database file (default: lia-demo.db in this folder)\n"
	    "  --dry-run          only check the file and show what would be added\n"
	    "  --allocation CODE  book every line that names no allocation on this one\n"
	    "                     (its code or number): for an export of one cost centre\n"
	    "                     without an allocation column\n"
	    "  --user EMAIL       import in the name of this account (default: the system)\n"
	    "  --keep-days N      with clean: keep files uploaded in the last N days\n"
	    "\n"
	    "Exit code: 0 imported (with --dry-run: the file can be imported), 1 the\n"
	    "file has errors or cannot be read, 2 the command line is wrong.\n"),
	 NULL, cmd_import},
	{"serve", N_("serve a database over HTTP"),
	 N_("Usage: lia serve --db FILE [--port N] [--listen ADDR] [--threads N] [--quiet]\n"
	    "                 [--cache-size MB] [--log FILE] [--trust-proxy [N]]\n"
	    "                 [--keep-imports DAYS] [--migrate]\n"
	    "\n"
	    "Serves the programme in FILE as web pages and as JSON under /api/v1/.\n"
	    "A database made by an older lia is first backed up next to itself\n"
	    "(FILE.before-NNNN.bak) and then brought up to date; if the backup cannot\n"
	    "be written, lia does not start (exit code 3) and changes nothing. A\n"
	    "PostgreSQL database is brought up to date only with --migrate or by\n"
	    "'lia migrate' (see 'lia migrate --help').\n"
	    "Stops cleanly on Ctrl+C (SIGINT) or SIGTERM. /healthz answers 200 'ok'\n"
	    "while the database can be read and its folder written, else 503.\n"
	    "\n"
	    "  --db FILE      database file (required)\n"),
	 &serve_options, cmd_serve},
	{"user", N_("manage accounts: add, list, passwd, disable, token, totp-reset"),
	 N_("Usage: lia user add --db FILE --email ADDRESS --role ROLE [--name NAME] [--person ID] [--password-stdin]\n"
	    "       lia user list --db FILE\n"
	    "       lia user passwd --db FILE --email ADDRESS [--password-stdin]\n"
	    "       lia user disable --db FILE --email ADDRESS\n"
	    "       lia user token --db FILE --email ADDRESS [--token-name NAME] [--write]\n"
	    "       lia user totp-reset --db FILE --email ADDRESS\n"
	    "\n"
	    "ROLE is coordinator, project_member, dossier_holder or reader. Passwords are\n"
	    "asked for without showing them, or read from the first line of standard input\n"
	    "with --password-stdin; they must be at least 12 characters long and not easy\n"
	    "to guess. 'token' makes a personal API token that ends after 90 days and\n"
	    "may only read unless --write is given, and prints it once. 'totp-reset'\n"
	    "removes the account's second factor (a lost phone): it is set up again at\n"
	    "the next sign-in.\n"),
	 NULL, cmd_user},
	{"remind", N_("send reminders about updates and assessments that are due"),
	 N_("Usage: lia remind --db FILE (--dry-run | --public-url URL) [--remind-days DAYS]\n"
	    "                  [--smtp-url URL --smtp-from ADDRESS [--smtp-user NAME]\n"
	    "                  [--smtp-password-file FILE] [--smtp-plain]]\n"
	    "\n"
	    "Finds who needs a reminder in each open reporting period: dossier holders\n"
	    "whose action points still need a progress update, and experience experts\n"
	    "with updates waiting for their assessment. From DAYS days before the due\n"
	    "date they get one reminder, and after the due date one more: at most one\n"
	    "per person, period and kind, however often this runs. The messages go to\n"
	    "the outbox and, when a relay is set, are sent at once; 'lia serve' does\n"
	    "the same every hour.\n"
	    "\n"
	    "  --db FILE           database file (required)\n"
	    "  --dry-run           only list who would get what: nothing is sent or recorded\n"
	    "  --public-url URL    the site's address, for the link in the message\n"
	    "                      (required, except with --dry-run)\n"
	    "  --remind-days DAYS  the first reminder DAYS days before the due date (default 7)\n"
	    "  --smtp-url, --smtp-from, --smtp-user, --smtp-password-file, --smtp-plain,\n"
	    "  --smtp-relay-hosts  the relay, as for 'lia serve'\n"
	    "\n"
	    "Exit code: 0 done, 1 a message could not be delivered or the database\n"
	    "failed, 2 the command line is wrong.\n"),
	 NULL, cmd_remind},
	{"report", N_("write a period's progress report to a file"),
	 N_("Usage: lia report --db FILE [--period ID] --format FORMAT --output FILE\n"
	    "                  [--document report|letter|easy] [--lang nl|en]\n"
	    "\n"
	    "Writes the progress report of a reporting period (default: the latest\n"
	    "published one) and says what it wrote where.\n"
	    "A published period gives the report as it was frozen when it was published;\n"
	    "an open period gives a draft made from the data as it is now.\n"
	    "\n"
	    "  --db FILE        database file (required)\n"
	    "  --period ID      number of the reporting period (default: the latest\n"
	    "                   published one)\n"
	    "  --format FORMAT  html, pdf, md (Markdown), csv or json (the figures)\n"
	    "  --output FILE    where to write it; - writes to the terminal\n"
	    "  --document DOC   report (default), letter (to the council) or easy\n"
	    "                   (summary in easy language)\n"
	    "  --lang LANG      nl or en (default: nl, the language of the programme)\n"),
	 NULL, cmd_report},
	{"backup", N_("make a checked copy of the database while lia runs"),
	 N_("Usage: lia backup --db FILE --output FILE [--municipality CODE|SLUG]\n"
	    "\n"
	    "Writes a consistent copy of the database to the output file while the\n"
	    "server goes on reading and writing (SQLite's online backup), checks it\n"
	    "and only then puts it in place: the output is a whole backup or as it was.\n"
	    "With several municipalities (a file each) it copies every file: the first\n"
	    "to the output file, each other one to OUTPUT.d/gmNNNN.sqlite, as lia keeps\n"
	    "them; with --municipality only that municipality's file, to the output.\n"
	    "A PostgreSQL database is backed up with pg_dump.\n"
	    "\n"
	    "  --db FILE      database file (required)\n"
	    "  --output FILE  where the backup goes (required)\n"
	    "  --municipality CODE|SLUG  only this municipality's file\n"),
	 NULL, cmd_backup},
	{"restore", N_("put a backup back, after checking it"),
	 N_("Usage: lia restore --db FILE --input FILE\n"
	    "\n"
	    "Checks the backup (integrity, a lia database, a schema this lia knows)\n"
	    "and only then puts it in the place of the database. The database it\n"
	    "replaces is kept beside it as FILE.before-restore-TIME. Stop the server\n"
	    "first, and start it again afterwards.\n"
	    "A PostgreSQL database is restored with pg_restore.\n"
	    "\n"
	    "  --db FILE     database file to replace (required)\n"
	    "  --input FILE  the backup (required)\n"),
	 NULL, cmd_restore},
	{"migrate", N_("show or apply what an upgrade changes in the database"),
	 N_("Usage: lia migrate --db FILE|URI [--dry-run] [--backup FILE]\n"
	    "\n"
	    "Says which migrations the database needs after an upgrade of lia: their\n"
	    "number, name, what they are for, and the tables, columns, views,\n"
	    "triggers, indexes and functions they add, replace or remove. Without\n"
	    "--dry-run it then applies them, each in one transaction. A SQLite file is\n"
	    "first backed up next to itself (FILE.before-NNNN.bak, NNNN the first\n"
	    "migration; only its owner can read it). With several municipalities on\n"
	    "SQLite every municipality's file is shown and migrated, each after its\n"
	    "own backup. A PostgreSQL database lia cannot back up itself: make a\n"
	    "backup with pg_dump first.\n"
	    "\n"
	    "  --db FILE|URI  database file or PostgreSQL URI (required)\n"
	    "  --dry-run      only say what would change; change nothing\n"
	    "  --backup FILE  where the backup of a SQLite file goes\n"
	    "                 (default: FILE.before-NNNN.bak next to it)\n"
	    "\n"
	    "Exit code: 0 the database is up to date, 1 it failed (the message says\n"
	    "why; the database is at the last migration that worked), 2 the command\n"
	    "line is wrong, 3 with --dry-run: migrations are needed, nothing was\n"
	    "changed.\n"),
	 NULL, cmd_migrate},
	{"person", N_("erase a person, or print all their data (AVG)"),
	 N_("Usage: lia person erase --db FILE ID\n"
	    "       lia person export --db FILE ID\n"
	    "\n"
	    "'erase' replaces person ID by \"Persoon ID\" everywhere: name, job title,\n"
	    "e-mail, phone and communication needs are removed, their accounts can no\n"
	    "longer sign in, and the database file keeps no readable copy. The audit\n"
	    "log keeps that the person was erased, by whom and when, not what was\n"
	    "removed. Published reports do not change: lia says which ones still name\n"
	    "the person.\n"
	    "'export' prints every row that refers to the person or their accounts,\n"
	    "and who read their data, as JSON (for a request under AVG art. 15 or 20).\n"
	    "\n"
	    "  --db FILE  database file (required)\n"),
	 NULL, cmd_person},
	{"interview", N_("erase an interview's restricted notes"),
	 N_("Usage: lia interview erase-notes --db FILE ID\n"
	    "\n"
	    "Erases the restricted notes of interview ID, also when its reporting\n"
	    "period is published (the only change a published period allows). The\n"
	    "audit log keeps that they were erased, by whom and when, not the text.\n"
	    "\n"
	    "  --db FILE  database file (required)\n"),
	 NULL, cmd_interview},
	{"export-all", N_("hand over all data at the end of a contract"),
	 N_("Usage: lia export-all --db FILE --output DIR|FILE\n"
	    "\n"
	    "Writes all of the municipality's data: every table as JSON, and the\n"
	    "published reports as the files they were published as. Password hashes,\n"
	    "session and token digests and the audit log's digest keys stay behind.\n"
	    "Into a folder (one that exists, or a name ending in /): TABLE.json for\n"
	    "each table and reports/PERIOD-DOCUMENT-LANG.FORMAT; into a file: one\n"
	    "JSON document with the reports in base64.\n"
	    "\n"
	    "  --db FILE            database file (required)\n"
	    "  --output DIR|FILE    where to write it (required)\n"),
	 NULL, cmd_export_all},
	{"purge", N_("remove what is past its retention period"),
	 N_("Usage: lia purge --db FILE [--dry-run] [--municipality CODE|SLUG]\n"
	    "\n"
	    "Removes what is past the retention period the coordinator set on the\n"
	    "page Retention (/retention): sign-in attempts, ended sessions, the\n"
	    "restricted notes of published periods, uploaded files that were not\n"
	    "imported, and access log entries. Says how many of each went, and\n"
	    "records in the audit log that it ran (the numbers only). Run it daily:\n"
	    "lia-purge.timer does. With several municipalities it does this for each\n"
	    "one, by its own retention periods, unless --municipality names one.\n"
	    "\n"
	    "  --db FILE   database file (required)\n"
	    "  --dry-run   only say how many would be removed\n"
	    "  --municipality CODE|SLUG  only this municipality\n"),
	 NULL, cmd_purge},
	{"municipality", N_("add and list the municipalities of a deployment"),
	 N_("Usage: lia municipality list --db FILE [--json]\n"
	    "       lia municipality add --db FILE --code GMNNNN --slug NAME --name NAME\n"
	    "                            [--host HOST] [--example]\n"
	    "                            [--coordinator EMAIL --coordinator-name NAME\n"
	    "                             [--lang nl|en] [--public-url URL]]\n"
	    "       lia municipality set --db FILE --municipality CODE|SLUG [--code GMNNNN]\n"
	    "                            [--slug NAME] [--name NAME] [--host HOST]\n"
	    "       lia municipality admin --db FILE --email EMAIL [--remove]\n"
	    "\n"
	    "One lia can serve many municipalities, each with its own programme,\n"
	    "people, accounts, funds, periods and reports. A deployment with one\n"
	    "municipality keeps its paths; with several, each is reached under its\n"
	    "short name (/arnhem/...) or its own host name.\n"
	    "'list' shows them; 'add' registers one (on SQLite it gets its own file:\n"
	    "FILE.d/gmNNNN.sqlite) and can invite its first coordinator by e-mail;\n"
	    "'set' changes one (the first, made by 'lia init', is GM0000 until then);\n"
	    "'admin' makes an account of the first municipality a hosting\n"
	    "administrator, who may add municipalities on the page /hosting.\n"
	    "\n"
	    "  --db FILE          database file or PostgreSQL URI (required)\n"
	    "  --code GMNNNN      the CBS code (GM and four digits)\n"
	    "  --slug NAME        the short name in paths: a-z, 0-9 and -\n"
	    "  --name NAME        the municipality's name\n"
	    "  --host HOST        its own host name (optional)\n"
	    "  --example          it holds example data, not a real programme\n"
	    "  --coordinator EMAIL, --coordinator-name NAME\n"
	    "                     invite its first coordinator (sent by 'lia serve')\n"
	    "  --lang nl|en       the language of the invitation (default nl)\n"
	    "  --public-url URL   the site's address, for the link in the invitation\n"
	    "  --json             'list' as JSON\n"
	    "  --remove           'admin': take the flag away again\n"),
	 NULL, cmd_municipality},
	{"routes", N_("print the route table as JSON"),
	 N_("Usage: lia routes\n"
	    "\n"
	    "Prints every route the server answers as JSON: method, path, the\n"
	    "permission it needs, its flags (html, json, raw, upload) and the name of\n"
	    "the JSON Schema of its answer.\n"),
	 NULL, cmd_routes},
	{NULL, NULL, NULL, NULL, NULL},
};

static void print_help(FILE *f)
{
	const char *lang = cli_lang();
	fprintf(f, "%s\n\n", TR(lang, N_("lia: the Local Inclusion Agenda of a municipality, in one program.")));
	fprintf(f, "%s\n\n", TR(lang, N_("Usage: lia COMMAND [OPTIONS]")));
	fprintf(f, "%s\n", TR(lang, N_("Commands:")));
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, TR(lang, c->summary));
	fprintf(f, "\n%s\n", TR(lang, N_("Run 'lia COMMAND --help' for the options of a command.")));
	fprintf(f, "%s\n", TR(lang, N_("Other options: --help, --version")));
	fprintf(f, "%s\n", TR(lang, N_("In a deployment with several municipalities, every command that works on\n"
	                                "one municipality's data takes --municipality CODE|SLUG (see 'lia municipality').")));
}

int main(int argc, char **argv)
{
	/* Everything lia creates (the database with its WAL and SHM files,
	 * backups, uploaded import files, reports written to a file) is
	 * readable and writable by its owner only: it holds personal and health
	 * data (AVG art. 32, BIO 9.4). */
	umask(S_IRWXG | S_IRWXO);
	setlocale(LC_ALL, "");
	/* Numbers in SVG coordinates, JSON and scores always use a decimal point,
	 * whatever the server's locale (the words are translated per request). */
	setlocale(LC_NUMERIC, "C");
	i18n_init(NULL);
	if (secret_init() != 0) {
		fputs("lia: libsodium could not start\n", stderr);
		return CLI_FAIL;
	}
	if (argc < 2) {
		print_help(stderr);
		return CLI_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		print_help(stdout);
		return CLI_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("lia %s\n", LIA_VERSION);
		return CLI_OK;
	}
	/* --municipality CODE|SLUG, for every command that works on one
	 * municipality's data (cli_open_db): taken out here, so no command
	 * needs it in its own table. */
	int kept = 2;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--municipality") == 0 && i + 1 < argc) {
			cli_municipality = argv[++i];
		} else if (strncmp(argv[i], "--municipality=", 15) == 0) {
			cli_municipality = argv[i] + 15;
		} else if (strcmp(argv[i], "--municipality") == 0) {
			return cli_usage_error(cmd, "%s", TR(cli_lang(), N_("--municipality needs the CBS code or the short name of a municipality")));
		} else {
			argv[kept++] = argv[i];
		}
	}
	argc = kept;
	argv[argc] = NULL;
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, cmd) != 0)
			continue;
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				fputs(TR(cli_lang(), c->usage), stdout);
				if (c->options)
					fputs(TR(cli_lang(), *c->options), stdout);
				return CLI_OK;
			}
		}
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, TR(cli_lang(), N_("lia: unknown command '%s'. Run 'lia --help' to see the commands.\n")), cmd);
	return CLI_USAGE;
}
