/*
 * cli: lia's subcommands. Each command lives in its own file with its help
 * text next to its code, and is listed once in the table in main.c.
 * Exit codes: 0 success, 1 the command failed, 2 the command line is wrong.
 */
#ifndef LIA_CLI_CLI_H
#define LIA_CLI_CLI_H

#include <stdbool.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli_command {
	const char *name;
	const char *summary; /* msgid: one line for `lia --help` */
	const char *usage;   /* msgid: the full help of `lia NAME --help` */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cli_command cli_commands[];

/* The language for terminal output: Dutch if the locale says so, else English. */
const char *cli_lang(void);

/* Print "lia NAME: message" and a hint to --help on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "lia: message" on stderr; returns CLI_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a TCP port (0-65535) from s into *port. Returns false if s is not one. */
bool cli_parse_port(const char *s, unsigned *port);

/* Open (creating if needed) and prepare a database: migrate, load reference
 * data. Returns 0 or CLI_FAIL after printing why. The store is closed. */
int cli_prepare_db(const char *path, bool with_demo, bool *created);

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_routes(int argc, char **argv);

#endif
