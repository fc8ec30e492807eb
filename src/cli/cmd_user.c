/*
 * cmd_user: `lia user add|list|passwd|disable|token|totp-reset`, managing accounts from
 * the command line (the coordinator can do the same in the browser).
 * Passwords are read from the terminal without echo, or with
 * --password-stdin from the first line of standard input (for scripts).
 */
#include "cli/cli.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/secret.h"
#include "core/vocab.h"
#include "store/store.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct user_opts {
	const char *db, *email, *name, *role, *token_name;
	long long person;
	bool password_stdin, write;
};

/* Read a line into buf; without echo when reading from a terminal. */
static bool read_password(const char *prompt, bool from_stdin, char *buf, size_t n)
{
	bool tty = !from_stdin && isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	bool ok = fgets(buf, (int)n, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (ok)
		buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

static int get_password(const struct user_opts *o, char *hash)
{
	const char *lang = cli_lang();
	char pw[1024];
	if (!read_password(TR(lang, N_("New password: ")), o->password_stdin, pw, sizeof(pw)))
		return cli_fail("%s", TR(lang, N_("no password given")));
	/* The same rules as every other place a password is set. */
	const char *context[] = {o->email, o->name, NULL};
	const char *why = password_check(pw, context, lang);
	if (why) {
		memset(pw, 0, sizeof(pw));
		return cli_fail("%s", why);
	}
	int rc = secret_password_hash(pw, hash);
	memset(pw, 0, sizeof(pw));
	return rc == 0 ? CLI_OK : cli_fail("%s", TR(lang, N_("could not hash the password (out of memory?)")));
}

static int parse(int argc, char **argv, struct user_opts *o)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct user_opts, db),
		CLI_OPT("email", CLI_TEXT, struct user_opts, email),
		CLI_OPT("name", CLI_TEXT, struct user_opts, name),
		CLI_OPT("role", CLI_TEXT, struct user_opts, role),
		CLI_OPT_NUMBER("person", struct user_opts, person, 1, LLONG_MAX,
		 N_("--person needs the number of a person, not '%s'")),
		CLI_OPT("token-name", CLI_TEXT, struct user_opts, token_name),
		CLI_OPT("password-stdin", CLI_SET, struct user_opts, password_stdin),
		CLI_OPT("write", CLI_SET, struct user_opts, write),
		CLI_OPT_END,
	};
	int rc = cli_getopt("user", argc, argv, options, o, NULL);
	if (rc == CLI_OK && !o->db)
		return cli_usage_error("user", "%s", TR(cli_lang(), N_("--db FILE is required")));
	return rc;
}

/* The account's id by e-mail, or CLI_FAIL with a message. */
static int find_user(struct store *s, const char *email, long long *id)
{
	json_t *u = NULL;
	if (store_user_by_email(s, email, &u) != 0)
		return cli_fail(TR(cli_lang(), N_("there is no account with the e-mail address %s")), email);
	*id = (long long)json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	return CLI_OK;
}

int cmd_user(int argc, char **argv)
{
	const char *lang = cli_lang();
	if (argc < 2)
		return cli_usage_error("user", "%s", TR(lang, N_("say what to do: add, list, passwd, disable, token or totp-reset")));
	const char *what = argv[1];
	struct user_opts o = {0};
	int rc = parse(argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc;
	bool needs_email = strcmp(what, "list") != 0;
	if (strcmp(what, "add") && strcmp(what, "list") && strcmp(what, "passwd") && strcmp(what, "disable") &&
	    strcmp(what, "token") && strcmp(what, "totp-reset"))
		return cli_usage_error("user", TR(lang, N_("unknown action '%s': use add, list, passwd, disable, token or totp-reset")), what);
	if (needs_email && !o.email)
		return cli_usage_error("user", "%s", TR(lang, N_("--email ADDRESS is required")));
	if (strcmp(what, "add") == 0 && (!o.role || !vocab_has("user_role", o.role)))
		return cli_usage_error("user", "%s", TR(lang, N_("--role must be coordinator, project_member, dossier_holder or reader")));

	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	long long id = 0;
	char hash[SECRET_HASH_MAX];

	if (strcmp(what, "list") == 0) {
		json_t *users = NULL;
		if (store_users(s, &users) != 0) {
			rc = cli_fail("%s", TR(lang, N_("could not read the accounts")));
		} else {
			size_t i;
			json_t *u;
			json_array_foreach(users, i, u)
				printf("%-4lld %-36s %-15s %s%s\n", (long long)json_integer_value(json_object_get(u, "id")),
				       json_string_value(json_object_get(u, "email")),
				       json_string_value(json_object_get(u, "role")),
				       json_string_value(json_object_get(u, "display_name")),
				       json_is_null(json_object_get(u, "disabled_at")) ? "" : TR(lang, N_(" (disabled)")));
			json_decref(users);
		}
	} else if (strcmp(what, "add") == 0) {
		if ((rc = get_password(&o, hash)) == CLI_OK) {
			int e = store_user_create(s, &a, o.email, o.name, o.role, o.person, hash, &id);
			if (e == 0)
				printf(TR(lang, N_("lia: added %s as %s (account %lld)\n")), o.email, o.role, id);
			else
				rc = cli_fail(e == LIA_ECONFLICT ? TR(lang, N_("an account with the e-mail address %s already exists"))
				                      : TR(lang, N_("could not add the account %s (is --person right?)")), o.email);
		}
	} else if (strcmp(what, "passwd") == 0) {
		if ((rc = find_user(s, o.email, &id)) == CLI_OK && (rc = get_password(&o, hash)) == CLI_OK) {
			if (store_user_set_password(s, &a, id, hash) == 0)
				printf(TR(lang, N_("lia: the password of %s is changed\n")), o.email);
			else
				rc = cli_fail("%s", TR(lang, N_("could not change the password")));
		}
	} else if (strcmp(what, "disable") == 0) {
		if ((rc = find_user(s, o.email, &id)) == CLI_OK) {
			if (store_user_disable(s, &a, id) == 0)
				printf(TR(lang, N_("lia: the account %s is disabled; it can no longer sign in\n")), o.email);
			else
				rc = cli_fail("%s", TR(lang, N_("could not disable the account")));
		}
	} else if (strcmp(what, "totp-reset") == 0) {
		/* A lost phone: the account sets up a new second factor at its
		 * next sign-in (or on its account page); its sessions end. */
		if ((rc = find_user(s, o.email, &id)) == CLI_OK) {
			if (store_totp_reset(s, &a, id) == 0)
				printf(TR(lang, N_("lia: the second factor of %s is removed; it is set up again at the next sign-in\n")), o.email);
			else
				rc = cli_fail("%s", TR(lang, N_("could not remove the second factor")));
		}
	} else { /* token */
		if ((rc = find_user(s, o.email, &id)) == CLI_OK) {
			char token[SECRET_TOKEN_LEN + 1], digest[SECRET_DIGEST_LEN + 1];
			secret_token(token);
			secret_digest(token, digest);
			long long tid;
			/* As on the account page: 90 days, read-only unless --write. */
			char expires[24];
			cli_utc_time(false, expires, sizeof(expires));
			clock_iso_offset(90L * 86400, expires, sizeof(expires));
			if (store_token_create(s, &a, id, o.token_name ? o.token_name : "cli", digest, expires, o.write, &tid) == 0) {
				printf(TR(lang, N_("lia: new API token for %s (shown only now; keep it secret):\n")), o.email);
				printf("%s\n", token);
			} else {
				rc = cli_fail("%s", TR(lang, N_("could not make the token")));
			}
		}
	}
	store_close(s);
	return rc;
}
