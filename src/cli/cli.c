/*
 * cli: helpers shared by the commands: language, error messages, option
 * parsing, opening and preparing the database.
 */
#include "cli/cli.h"

#include "report/report.h"
#include "store/report.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "mail/mail.h"
#include "store/store.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return (strncmp(v, "nl", 2) == 0) ? "nl" : "en";
	}
	return "en";
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "lia %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, TR(cli_lang(), N_("Run 'lia %s --help' to see the options.\n")), cmd);
	return CLI_USAGE;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vsay(fmt, ap);
	va_end(ap);
	return CLI_FAIL;
}

/* getopt_long's val of opts[i]: past every character, so it never reads as
 * the ':' or '?' getopt_long answers with. */
#define OPT_VAL(i) (256 + (int)(i))

/* Store the value of option o found on the command line into dst. */
static int store_option(const char *cmd, const struct cli_opt *o, const char *arg, char *dst)
{
	switch (o->type) {
	case CLI_TEXT:
		*(const char **)(dst + o->at) = arg;
		break;
	case CLI_NUMBER:
		if (!cli_parse_number(arg, o->min, o->max, (long long *)(dst + o->at))) {
			/* o->bad is a msgid from a command's table with one %s: not a
			 * literal here, so the compiler cannot check it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			return cli_usage_error(cmd, TR(cli_lang(), o->bad), arg);
#pragma GCC diagnostic pop
		}
		break;
	case CLI_SET:
	case CLI_CLEAR:
		*(bool *)(dst + o->at) = o->type == CLI_SET;
		break;
	}
	return CLI_OK;
}

int cli_getopt(const char *cmd, int argc, char **argv, const struct cli_opt *opts, void *dst, int *operands)
{
	const char *lang = cli_lang();
	struct option longopts[CLI_OPTS_MAX + 1] = {{0}};
	size_t n = 0;
	for (; opts[n].name; n++) {
		if (n == CLI_OPTS_MAX)
			mem_die("cli: more than %d options for %s", CLI_OPTS_MAX, cmd);
		longopts[n] = (struct option){opts[n].name, opts[n].type <= CLI_NUMBER ? required_argument : no_argument,
		                              NULL, OPT_VAL(n)};
	}
	optind = 1;
	opterr = 0;
	int c, rc;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == ':')
			return cli_usage_error(cmd, TR(lang, N_("option %s needs a value")), argv[optind - 1]);
		if (c < OPT_VAL(0) || c >= OPT_VAL(n))
			return cli_usage_error(cmd, TR(lang, N_("unknown option '%s'")), argv[optind - 1]);
		if ((rc = store_option(cmd, &opts[c - OPT_VAL(0)], optarg, dst)) != CLI_OK)
			return rc;
	}
	if (operands)
		*operands = optind;
	else if (optind < argc)
		return cli_usage_error(cmd, TR(lang, N_("unexpected argument '%s'")), argv[optind]);
	return CLI_OK;
}

bool cli_parse_number(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	if (!s || !*s)
		return false;
	long long v = strtoll(s, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

void cli_utc_time(bool date_only, char *out, size_t n)
{
	time_t t = clock_now(); /* the test clock too, as the server's */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A database made by a newer lia (its schema has migrations this one does
 * not know) is refused: serving it would answer errors, or write what the
 * newer lia forbids. CLI_OK or CLI_FAIL with the message said. */
static int refuse_newer(const char *path, struct store *s)
{
	int v = store_schema_version(s);
	if (v <= store_schema_latest())
		return CLI_OK;
	char *name = store_display_name(path); /* a URI without its password */
	cli_fail(TR(cli_lang(), N_("the database %s was made by a newer version of lia (schema %d; this lia knows up to %d): "
	                           "use that version, or restore a backup made before the upgrade")),
	         name, v, store_schema_latest());
	free(name);
	return CLI_FAIL;
}

/* An empty file is no database: SQLite would take it for an empty one and
 * lia would make it a new database, hiding a copy or download that went
 * wrong. CLI_OK or CLI_FAIL with the message said. */
static int refuse_empty_file(const char *path)
{
	struct stat st;
	if (store_is_server(path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 0)
		return CLI_OK;
	return cli_fail(TR(cli_lang(), N_("the file %s is empty, so it is not a lia database (a copy that went wrong?): give "
	                                  "the right file, or remove this one to make a new database")),
	                path);
}

/* lia writes next to a SQLite file: its journal (-wal, -shm) and, before
 * migrating, a backup. In a folder it cannot write in, it could only fail
 * later with SQLite's "attempt to write a readonly database". CLI_OK or
 * CLI_FAIL with the message said. */
static int refuse_unwritable_folder(const char *path)
{
	if (store_is_server(path) || access(path, F_OK) != 0)
		return CLI_OK;
	char *dir = strdup(path);
	if (!dir)
		return cli_fail("out of memory");
	char *slash = strrchr(dir, '/');
	const char *folder = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
	int rc = CLI_OK;
	if (access(folder, W_OK) != 0 || access(path, W_OK) != 0)
		rc = cli_fail(TR(cli_lang(), N_("cannot write in the folder %s or in the database %s: lia needs to, for the "
		                                "database's journal and for a backup before an upgrade. Nothing was changed. "
		                                "Let the user lia runs as write there.")),
		              folder, path);
	free(dir);
	return rc;
}

int cli_open_db_as_is(const char *path, bool readonly, struct store **s)
{
	char *err = NULL;
	*s = NULL;
	if (refuse_empty_file(path) != CLI_OK)
		return CLI_FAIL;
	if (store_open(path, readonly ? STORE_OPEN_READONLY : STORE_OPEN_EXISTING, s, &err) != 0) {
		cli_fail("%s", err ? err : "cannot open the database");
		free(err);
		*s = NULL;
		return CLI_FAIL;
	}
	if (refuse_newer(path, *s) != CLI_OK) {
		store_close(*s);
		*s = NULL;
		return CLI_FAIL;
	}
	return CLI_OK;
}

const char *cli_municipality;

void cli_mail_scope(struct store *s)
{
	json_t *all = NULL;
	long long id = store_municipality_of(s);
	/* The deployment's registry: on SQLite another municipality's file
	 * holds a copy of its own row from when it was added, which `lia
	 * municipality set` does not change. */
	struct store *reg = NULL;
	const char *dep = store_deployment(s);
	char *err = NULL;
	if (id != 1 && dep && !store_is_server(dep) && store_open(dep, STORE_OPEN_EXISTING, &reg, &err) != 0)
		reg = NULL;
	free(err);
	int rc = store_municipalities(reg ? reg : s, &all);
	store_close(reg);
	if (rc != 0)
		return; /* logged; the links keep the configured base */
	/* Without the deployment's file, another municipality's file lists
	 * only itself. */
	bool several = json_array_size(all) > 1 || id != 1;
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		if (json_integer_value(json_object_get(m, "id")) != id)
			continue;
		const char *host = json_string_value(json_object_get(m, "host"));
		char where[300];
		if (host)
			snprintf(where, sizeof(where), "https://%s", host);
		else
			snprintf(where, sizeof(where), "/%s", json_string_value(json_object_get(m, "slug")));
		if (host || several)
			mail_scope(where);
	}
	json_decref(all);
}

/* *s (the deployment, municipality 1) replaced by a connection to the
 * municipality cli_municipality names, or the only one. */
static int scope_municipality(const char *path, struct store **s)
{
	const char *lang = cli_lang();
	json_t *all = NULL;
	if (store_municipalities(*s, &all) != 0)
		return cli_fail("%s", TR(lang, N_("cannot read the municipalities of this deployment")));
	long long id = 0;
	if (cli_municipality) {
		json_t *m = NULL;
		if (store_municipality_find(*s, cli_municipality, false, &m) == 0)
			id = (long long)json_integer_value(json_object_get(m, "id"));
		json_decref(m);
	} else if (json_array_size(all) <= 1) {
		id = 1;
	}
	if (id == 0) {
		fprintf(stderr, "%s", cli_municipality
			? TR(lang, N_("lia: there is no municipality with that code or short name. These are there:\n"))
			: TR(lang, N_("lia: this deployment has several municipalities: say which one with --municipality CODE|SLUG:\n")));
		size_t i;
		json_t *m;
		json_array_foreach(all, i, m)
			fprintf(stderr, "  %s  %-20s %s\n", json_string_value(json_object_get(m, "code")),
			        json_string_value(json_object_get(m, "slug")), json_string_value(json_object_get(m, "name")));
		json_decref(all);
		return CLI_FAIL;
	}
	size_t count = json_array_size(all);
	json_decref(all);
	/* PostgreSQL: a superuser or BYPASSRLS role sees every municipality's
	 * rows whatever lia.municipality says. */
	bool bypass = false;
	if (count > 1 && (store_bypasses_rls(*s, &bypass) != 0 || bypass))
		return cli_fail("%s", TR(lang, N_("this deployment has several municipalities, and this database role skips "
		                                  "row-level security (a superuser or BYPASSRLS): connect as an ordinary "
		                                  "role (docs/postgresql.md)")));
	if (id == 1)
		return CLI_OK;
	char *err = NULL;
	struct store *m = NULL;
	if (store_open_municipality(path, id, STORE_OPEN_EXISTING, &m, &err) != 0) {
		int rc = cli_fail("%s", err ? err : "cannot open the municipality's database");
		free(err);
		return rc;
	}
	store_close(*s);
	*s = m;
	return CLI_OK;
}

int cli_open_db(const char *path, struct store **s)
{
	int rc = cli_open_db_as_is(path, false, s);
	if (rc == CLI_OK && store_schema_version(*s) >= store_schema_latest()) {
		if ((rc = scope_municipality(path, s)) != CLI_OK) {
			store_close(*s);
			*s = NULL;
		}
		return rc;
	}
	if (rc != CLI_OK)
		return rc;
	store_close(*s);
	*s = NULL;
	char *name = store_display_name(path); /* a URI without its password */
	rc = cli_fail(TR(cli_lang(), N_("the database %s is older than this lia: run 'lia migrate --db %s' first "
	                                "(it backs the database up and brings it up to date)")),
	              name, name);
	free(name);
	return rc;
}

/* Where the backup before migrating goes: FILE.before-NNNN.bak (NNNN the
 * first migration it needs), or with the time added when that file is
 * there already (an earlier backup is never replaced). */
static void backup_name(const char *path, int first, char *out, size_t n)
{
	snprintf(out, n, "%s.before-%04d.bak", path, first);
	if (access(out, F_OK) != 0)
		return;
	char stamp[24];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, n, "%s.before-%04d-%s.bak", path, first, stamp);
}

/* An existing lia database needs migrations: only when it can be undone.
 * A SQLite file is backed up first (to backup, or next to it); a PostgreSQL
 * database, which lia cannot back up itself, only with CLI_DB_MIGRATE (the
 * operator ran `lia migrate`, or started with --migrate, after pg_dump).
 * CLI_OK to go on, or CLI_PENDING after saying why not; nothing changed. */
static int before_migrating(const char *path, struct store *s, int flags, const char *backup)
{
	const char *lang = cli_lang();
	json_t *pending = store_migrations_pending(s);
	int from = store_schema_version(s), to = store_schema_latest();
	int first = (int)json_integer_value(json_object_get(json_array_get(pending, 0), "version"));
	json_decref(pending);
	char *name = store_display_name(path); /* a URI without its password */
	int rc = CLI_OK;
	if (store_is_server(path)) {
		if (!(flags & CLI_DB_MIGRATE))
			rc = cli_fail(TR(lang, N_("the database %s has schema %d and this lia needs %d. lia cannot back up a "
			                          "PostgreSQL database itself, so it does not change its structure on its own. "
			                          "Nothing was changed. First make a backup with pg_dump, for example:\n"
			                          "  pg_dump --format=custom --file=lia-before-%04d.dump '%s'\n"
			                          "then run 'lia migrate --db URI' (or start with --migrate). "
			                          "'lia migrate --db URI --dry-run' shows what will change.")),
			              name, from, to, first, name);
		free(name);
		return rc == CLI_OK ? CLI_OK : CLI_PENDING;
	}
	char dest[4096];
	if (backup)
		snprintf(dest, sizeof(dest), "%s", backup);
	else
		backup_name(path, first, dest, sizeof(dest));
	char *err = NULL;
	if (store_backup(s, dest, &err) != 0) {
		cli_fail(TR(lang, N_("the database %s has schema %d and this lia needs %d, but lia could not make a backup "
		                     "of it first: %s. Nothing was changed. Make room on the disk or "
		                     "let lia write in the database's folder, or run 'lia migrate --db %s --backup FILE' "
		                     "with a place where the backup can go.")),
		         name, from, to, err ? err : "", name);
		free(err);
		free(name);
		return CLI_PENDING;
	}
	printf(TR(lang, N_("lia: the database %s goes from schema %d to %d; a backup from before is in %s\n")), name, from,
	       to, dest);
	fflush(stdout);
	free(name);
	return CLI_OK;
}

/* Demo accounts, one per role (example data: the README lists them). The
 * roles that need a second factor have this key (README: make a code with
 * `oathtool --totp -b DEMO_TOTP_SECRET`); never use it on a real server. */
#define DEMO_PASSWORD "tulp molen fiets klomp"
#define DEMO_TOTP_SECRET "LIADEMOLIADEMOLIADEMOLIADEMOLIAD"
static const struct {
	const char *email, *name, *role;
	long long person;
} demo_accounts[] = {
	{"coordinator@example.org", "Marloes Verhoeven", "coordinator", 1},
	{"projectgroep@example.org", "Youssef El Amrani", "project_member", 2},
	{"ervaringsdeskundige@example.org", "Anneke Lamers", "project_member", 16},
	{"dossierhouder@example.org", "Ruud van Dijk", "dossier_holder", 6},
	{"lezer@example.org", "Lezer", "reader", 0},
};

static bool second_factor_role(const char *role)
{
	return strcmp(role, "coordinator") == 0 || strcmp(role, "project_member") == 0;
}

static int add_demo_accounts(struct store *s, char **err)
{
	char hash[SECRET_HASH_MAX], now[24];
	cli_utc_time(false, now, sizeof(now));
	struct actor a = {.user_id = 0, .request_id = "demo", .now = now};
	if (secret_password_hash(DEMO_PASSWORD, hash) != 0) {
		*err = strdup("could not hash the demo password");
		return -1;
	}
	for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
		long long id;
		if (store_user_create(s, &a, demo_accounts[i].email, demo_accounts[i].name, demo_accounts[i].role,
		                      demo_accounts[i].person, hash, &id) != 0 ||
		    (second_factor_role(demo_accounts[i].role) && store_totp_set(s, &a, id, DEMO_TOTP_SECRET) != 0)) {
			*err = strdup("could not add the demo accounts");
			return -1;
		}
	}
	return 0;
}

/* PostgreSQL: the reports of published periods that have none, for every
 * municipality but the first (s, done by the caller), each on a connection
 * scoped to it: row-level security shows s the first one's rows only. A
 * role that skips row-level security is left alone (lia serve refuses it
 * when there are several). SQLite: each file is prepared on its own. */
static int freeze_others(const char *path, struct store *s)
{
	json_t *all = NULL;
	bool bypass = false;
	if (store_schema_version(s) < 18)
		return 0;
	if (store_municipalities(s, &all) != 0 || store_bypasses_rls(s, &bypass) != 0) {
		json_decref(all);
		return LIA_EDB;
	}
	int rc = 0;
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		long long id = (long long)json_integer_value(json_object_get(m, "id"));
		if (bypass || id == 1 || rc != 0)
			continue;
		struct store *one = NULL;
		char *err = NULL;
		rc = store_open_municipality(path, id, STORE_OPEN_EXISTING, &one, &err);
		if (rc == 0)
			rc = store_report_freeze_missing(one, report_freeze_all);
		if (rc != 0)
			log_error("municipality %lld: %s", id, err ? err : "the reports of its published periods could not be made");
		free(err);
		store_close(one);
	}
	json_decref(all);
	return rc;
}

/* cli_prepare_db for one file or database; *registry (if asked) the
 * municipalities it lists. */
static int prepare_one(const char *path, int flags, const char *backup, bool *created, json_t **registry)
{
	bool with_demo = flags & CLI_DB_DEMO;
	const char *lang = cli_lang();
	/* A file is new when it is not there yet; a PostgreSQL database (made
	 * beforehand with createdb) when it has no schema yet. */
	bool server = store_is_server(path);
	*created = !server && access(path, F_OK) != 0;
	if (refuse_empty_file(path) != CLI_OK || refuse_unwritable_folder(path) != CLI_OK)
		return CLI_FAIL;
	struct store *s = NULL;
	char *err = NULL;
	int rc = store_open(path, STORE_OPEN_CREATE, &s, &err);
	if (rc == 0 && server)
		*created = store_schema_version(s) == 0;
	if (rc == 0 && refuse_newer(path, s) != CLI_OK) {
		store_close(s);
		return CLI_FAIL;
	}
	/* A database with data that needs migrations: only after a backup. A
	 * new one (schema 0) is simply made. */
	if (rc == 0 && store_schema_version(s) > 0 && store_schema_version(s) < store_schema_latest()) {
		int g = before_migrating(path, s, flags, backup);
		if (g != CLI_OK) {
			store_close(s);
			return g;
		}
	}
	if (rc == 0)
		rc = store_migrate(s, &err);
	if (rc == 0)
		rc = store_load_reference(s, &err);
	if (rc == 0 && with_demo && !store_has_programme(s)) {
		rc = store_load_demo(s, &err);
		if (rc == 0)
			rc = add_demo_accounts(s, &err);
	}
	/* Published periods without frozen reports (the demo's, or published before
	 * lia kept reports) get them now, as if published in lia. */
	if (rc == 0 && (rc = store_report_freeze_missing(s, report_freeze_all)) != 0)
		err = strdup("the reports of the published periods could not be made");
	if (rc == 0 && server && (rc = freeze_others(path, s)) != 0)
		err = strdup("the reports of the published periods of the other municipalities could not be made");
	if (rc == 0 && registry && (rc = store_municipalities(s, registry)) != 0)
		err = strdup("the municipalities of the deployment could not be read");
	store_close(s);
	if (rc != 0) {
		char *name = store_display_name(path);
		cli_fail(TR(lang, N_("cannot prepare the database %s: %s")), name, err ? err : "unknown error");
		free(name);
		free(err);
		if (*created && !server)
			unlink(path); /* never leave a half-made file behind (each migration is a transaction) */
		return CLI_FAIL;
	}
	return CLI_OK;
}

int cli_prepare_db(const char *path, int flags, const char *backup, bool *created)
{
	json_t *registry = NULL;
	int rc = prepare_one(path, flags, backup, created, store_is_server(path) ? NULL : &registry);
	/* SQLite: every other municipality's file too, each after its own
	 * backup (FILE.d/gmNNNN.sqlite.before-NNNN.bak). */
	size_t i;
	json_t *m;
	json_array_foreach(registry, i, m) {
		if (rc != CLI_OK)
			break;
		if (json_integer_value(json_object_get(m, "id")) == 1)
			continue;
		char *file = store_municipality_location(path, json_string_value(json_object_get(m, "code")));
		bool ignored;
		rc = prepare_one(file, flags & ~CLI_DB_DEMO, NULL, &ignored, NULL);
		free(file);
	}
	json_decref(registry);
	return rc;
}
