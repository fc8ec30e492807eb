/*
 * cli: lia's subcommands. Each command lives in its own file with its help
 * text next to its code, and is listed once in the table in main.c.
 * Exit codes: 0 success, 1 the command failed, 2 the command line is wrong,
 * 3 the database needs migrations that were not applied (`lia migrate
 * --dry-run`, or a start that could not make the backup first): nothing
 * was changed.
 */
#ifndef LIA_CLI_CLI_H
#define LIA_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

struct store;

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_PENDING = 3 };

struct cli_command {
	const char *name;
	const char *summary; /* msgid: one line for `lia --help` */
	const char *usage;   /* msgid: the full help of `lia NAME --help` */
	const char *const *options; /* msgid of the options it shares with another command, printed after usage; or NULL */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cli_command cli_commands[];

/* The language for terminal output: Dutch if the locale says so, else English. */
const char *cli_lang(void);

/* Print "lia NAME: message" and a hint to --help on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "lia: message" on stderr; returns CLI_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What a long option holds, and so what cli_getopt stores for it. */
enum cli_opt_type {
	CLI_TEXT,   /* --name VALUE: the value, as const char * (borrowed from argv) */
	CLI_NUMBER, /* --name N: a whole number from min to max, as long long */
	CLI_SET,    /* --name: the bool becomes true */
	CLI_CLEAR,  /* --name: the bool becomes false */
};

/* One long option of a command: its name without "--", its type, and where
 * its value goes (offsetof in the command's options struct). A command
 * declares its options in a table of these, ended by {NULL}, instead of
 * parsing them itself. */
struct cli_opt {
	const char *name;
	enum cli_opt_type type;
	size_t at;
	long long min, max; /* CLI_NUMBER: the range */
	const char *bad;    /* CLI_NUMBER: msgid of the usage error, %s is the value */
};

/* The rows of such a table: text and flags, numbers with their range and
 * the msgid of their usage error, and the end. */
#define CLI_OPT(name, type, st, field) {name, type, offsetof(st, field), 0, 0, NULL}
#define CLI_OPT_NUMBER(name, st, field, min, max, bad) {name, CLI_NUMBER, offsetof(st, field), min, max, bad}
#define CLI_OPT_END {NULL, CLI_TEXT, 0, 0, 0, NULL}

/* At most this many options in one table. */
#define CLI_OPTS_MAX 40

/* Parse the long options of `lia cmd` (argv[0] is the command name) with the
 * table opts, storing each value into the struct at dst. An option without
 * its value, a number out of range or an option not in the table is a usage
 * error, reported here. The other arguments (operands) go after the options:
 * with operands NULL any is a usage error, else *operands is the index in
 * argv of the first one (argc if none). Returns CLI_OK or CLI_USAGE after
 * printing why. */
int cli_getopt(const char *cmd, int argc, char **argv, const struct cli_opt *opts, void *dst, int *operands);

/* Parse a whole decimal number from min to max from s into *out. Returns
 * false (and leaves *out alone) if s is empty, not a number or out of range. */
bool cli_parse_number(const char *s, long long min, long long max, long long *out);

/* The current UTC time as "2024-05-01T10:00:00Z" (an actor's now), or with
 * date_only as "2024-05-01", into out (n bytes; 21 hold either). */
void cli_utc_time(bool date_only, char *out, size_t n);

/* Open an existing database whose structure is up to date, serving the
 * municipality --municipality names (cli_municipality), or the only one of
 * the deployment; with several and no --municipality it fails and lists
 * them. Returns CLI_OK with *s open (the caller closes it), or CLI_FAIL with
 * *s NULL after printing why (a missing file, not a database, older than
 * this lia, no such municipality). */
int cli_open_db(const char *path, struct store **s);

/* Open an existing lia database whatever its schema's age (a newer lia's is
 * refused), read-only if asked: for `lia backup` and `lia migrate`, which
 * must work on a database before it is migrated. As cli_open_db. */
int cli_open_db_as_is(const char *path, bool readonly, struct store **s);

/* cli_prepare_db's flags. */
enum {
	CLI_DB_DEMO = 1,    /* load the demo programme into an empty database */
	CLI_DB_MIGRATE = 2, /* the operator asked to migrate (`lia migrate`, --migrate): on
	                       PostgreSQL, which lia cannot back up, migrate anyway */
};

/* Open (creating if needed) and prepare a database: migrate, load reference
 * data. An existing database that needs migrations is migrated only after a
 * backup: a SQLite file is backed up first to backup (NULL: FILE.before-NNNN.bak
 * next to it, NNNN the first migration); a PostgreSQL database only with
 * CLI_DB_MIGRATE. Returns 0, CLI_FAIL after printing why, or CLI_PENDING
 * after printing why it did not migrate (nothing changed). The store is closed. */
int cli_prepare_db(const char *path, int flags, const char *backup, bool *created);

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_remind(int argc, char **argv);

/* The mail options `lia serve`, `lia demo` and `lia remind` share
 * (cmd_remind.c): the SMTP relay (--smtp-url, --smtp-from, --smtp-user,
 * --smtp-password-file or LIA_SMTP_PASSWORD) and the reminders. */
struct cli_mail {
	const char *url, *from, *user, *password_file;
	char *password; /* read from the file or the environment (cli_mail_check) */
	long long interval_s, remind_days;
	bool remind;
	bool plain; /* --smtp-plain: smtp:// without TLS (never with a user name) */
	const char *relay_hosts; /* --smtp-relay-hosts: the relays municipalities may set */
};
#define CLI_MAIL_DEFAULTS {.interval_s = 30, .remind_days = 7, .remind = true}
#define CLI_MAIL_OPTS(st, m) \
	CLI_OPT("smtp-url", CLI_TEXT, st, m.url), CLI_OPT("smtp-from", CLI_TEXT, st, m.from), \
	CLI_OPT("smtp-user", CLI_TEXT, st, m.user), CLI_OPT("smtp-password-file", CLI_TEXT, st, m.password_file), \
	CLI_OPT("smtp-plain", CLI_SET, st, m.plain), CLI_OPT("smtp-relay-hosts", CLI_TEXT, st, m.relay_hosts), \
	CLI_OPT_NUMBER("remind-days", st, m.remind_days, 0, 60, \
	 N_("--remind-days needs a number of days from 0 to 60, not '%s'"))
/* Check the options and read the password: CLI_OK or CLI_USAGE/CLI_FAIL after saying why. */
int cli_mail_check(const char *cmd, struct cli_mail *m);
/* Hand them to the mail module (mail_configure), with the base of links. */
void cli_mail_configure(const struct cli_mail *m, const char *base_url);
/* Example municipalities at scale (cmd_generate.c): `lia demo
 * --municipalities N` and `lia generate`. municipalities counts the demo's
 * own (Nijmegen) as the first; 0 means none asked for. */
struct cli_generate {
	long long municipalities, jobs, actions, periods, seed;
	bool uniform; /* every one exactly actions x periods, in execution */
	bool verbose; /* a line with the times of each */
};
#define CLI_GENERATE_DEFAULTS {.jobs = 0, .actions = 100, .periods = 8, .seed = 1}
#define CLI_GENERATE_OPTS(st, g) \
	CLI_OPT_NUMBER("municipalities", st, g.municipalities, 1, 1000, \
	 N_("--municipalities needs a number from 1 to 1000, not '%s'")), \
	CLI_OPT_NUMBER("jobs", st, g.jobs, 1, 64, N_("--jobs needs a number from 1 to 64, not '%s'")), \
	CLI_OPT_NUMBER("actions", st, g.actions, 1, 5000, N_("--actions needs a number from 1 to 5000, not '%s'")), \
	CLI_OPT_NUMBER("periods", st, g.periods, 0, 40, N_("--periods needs a number from 0 to 40, not '%s'")), \
	CLI_OPT_NUMBER("seed", st, g.seed, 0, 1000000000, N_("--seed needs a number from 0 to 1000000000, not '%s'"))
/* Fill the empty database at path with generated municipality index and
 * freeze its reports: CLI_OK or CLI_FAIL after saying why. */
int cli_generate(const char *path, const struct cli_generate *g, unsigned index, bool verbose);
/* Municipalities 2 to g->municipalities registered in the deployment db (the
 * demo's, municipality 1) as examples, each generated into its own scope
 * (SQLite: its own file; PostgreSQL: the same database), on g->jobs
 * processes. One already registered is left as it is. */
int cli_generate_many(const char *db, const struct cli_generate *g);
int cmd_generate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_person(int argc, char **argv);
int cmd_interview(int argc, char **argv);
int cmd_export_all(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_municipality(int argc, char **argv);

/* Links in mail written with s (cli_open_db's) lead to its municipality's
 * pages: its host name, or its short name when the deployment has several. */
void cli_mail_scope(struct store *s);

/* --municipality CODE|SLUG as given to any command (main.c), or NULL. */
extern const char *cli_municipality;

#endif
