/*
 * cmd_backup: `lia backup --db FILE --output FILE [--municipality CODE|SLUG]`,
 * a consistent copy of a SQLite database while the server runs and writes
 * (in a deployment of several municipalities: the one --municipality names,
 * or every file, the others to OUTPUT.d/ as the deployment keeps them), and `lia restore --db
 * FILE --input BACKUP`, which puts a backup back only after checking it
 * (integrity, lia's own file, a schema this lia knows) and keeps the
 * database it replaces beside it, so a restore never loses anything either.
 * A PostgreSQL database is backed up and restored with pg_dump and
 * pg_restore (docs/postgresql.md): the commands say so.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct backup_opts {
	const char *db, *output, *input;
};

static int need(const char *cmd, const char *value, const char *what)
{
	if (value)
		return CLI_OK;
	return cli_usage_error(cmd, TR(cli_lang(), N_("%s is required")), what);
}

static int refuse_server(const char *db)
{
	if (!store_is_server(db))
		return CLI_OK;
	return cli_fail("%s", TR(cli_lang(), N_("a PostgreSQL database is backed up with pg_dump and restored with "
	                                        "pg_restore (see docs/postgresql.md)")));
}

/* Back up the open database s to output, and say so. */
static int backup_to(struct store *s, const char *from, const char *output)
{
	char *err = NULL;
	int brc = store_backup(s, output, &err);
	if (brc != 0) {
		int rc = cli_fail(TR(cli_lang(), N_("the backup failed, %s is as it was: %s")), output, err ? err : "");
		free(err);
		return rc;
	}
	printf(TR(cli_lang(), N_("lia: wrote a checked backup of %s to %s\n")), from, output);
	return CLI_OK;
}

/* A deployment of several municipalities (SQLite, a file each): the one
 * --municipality names to output, or else every file, the first to output
 * and each other one to OUTPUT.d/gmNNNN.sqlite, the deployment's own
 * layout (so the backup can be served or restored file by file). Each
 * file is a consistent copy of itself. */
static int backup_municipalities(const char *db, const char *output, struct store *dep, json_t *all)
{
	const char *lang = cli_lang();
	long long only = 0;
	if (cli_municipality) {
		json_t *m = NULL;
		if (store_municipality_find(dep, cli_municipality, false, &m) != 0)
			return cli_fail(TR(lang, N_("there is no municipality %s")), cli_municipality);
		only = (long long)json_integer_value(json_object_get(m, "id"));
		json_decref(m);
	}
	char *dir = NULL;
	int rc = CLI_OK;
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		long long id = (long long)json_integer_value(json_object_get(m, "id"));
		if ((only && id != only) || rc != CLI_OK)
			continue;
		const char *code = json_string_value(json_object_get(m, "code"));
		if (id == 1) {
			rc = backup_to(dep, db, output);
			continue;
		}
		char *file = store_municipality_location(db, code);
		char *out = only ? NULL : store_municipality_location(output, code);
		if (!only && !dir) {
			size_t n = strlen(output) + 3;
			dir = malloc(n);
			snprintf(dir, n, "%s.d", output);
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				rc = cli_fail(TR(lang, N_("cannot make the folder %s: %s")), dir, strerror(errno));
		}
		struct store *s = NULL;
		char *err = NULL;
		if (rc == CLI_OK && store_open_municipality(db, id, STORE_OPEN_EXISTING, &s, &err) != 0)
			rc = cli_fail("%s", err ? err : file);
		if (rc == CLI_OK)
			rc = backup_to(s, file, only ? output : out);
		store_close(s);
		free(err);
		free(file);
		free(out);
	}
	free(dir);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct backup_opts, db),
		CLI_OPT("output", CLI_TEXT, struct backup_opts, output),
		CLI_OPT_END,
	};
	struct backup_opts o = {0};
	int rc = cli_getopt("backup", argc, argv, options, &o, NULL);
	if (rc == CLI_OK)
		rc = need("backup", o.db, "--db FILE");
	if (rc == CLI_OK)
		rc = need("backup", o.output, "--output FILE");
	if (rc == CLI_OK)
		rc = refuse_server(o.db);
	if (rc != CLI_OK)
		return rc;
	if (strcmp(o.db, o.output) == 0)
		return cli_usage_error("backup", "%s", TR(cli_lang(), N_("--output must be another file than --db")));
	struct store *s;
	/* A database that still needs migrations can be backed up too: before them. */
	if ((rc = cli_open_db_as_is(o.db, false, &s)) != CLI_OK)
		return rc;
	json_t *all = NULL;
	if (store_municipalities(s, &all) != 0) {
		store_close(s);
		return cli_fail("%s", TR(cli_lang(), N_("cannot read the municipalities of this deployment")));
	}
	if (cli_municipality || json_array_size(all) > 1)
		rc = backup_municipalities(o.db, o.output, s, all);
	else
		rc = backup_to(s, o.db, o.output);
	json_decref(all);
	store_close(s);
	return rc;
}

/* Move path+suffix to keep+suffix when it exists. 0, or -1 with errno. */
static int move_along(const char *path, const char *keep, const char *suffix)
{
	char from[4096], to[4096];
	int nf = snprintf(from, sizeof(from), "%s%s", path, suffix);
	int nt = snprintf(to, sizeof(to), "%s%s", keep, suffix);
	if (nf < 0 || nt < 0 || (size_t)nf >= sizeof(from) || (size_t)nt >= sizeof(to)) {
		errno = ENAMETOOLONG; /* never a rename to a cut-off name */
		return -1;
	}
	if (access(from, F_OK) != 0)
		return 0;
	return rename(from, to);
}

/* Copy the file from to the new file to (not there yet), synced to disk. */
static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	FILE *out = in ? fopen(to, "wbx") : NULL;
	int rc = in && out ? 0 : -1;
	char buf[65536];
	size_t n;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in && ferror(in))
		rc = -1;
	if (out && (fflush(out) != 0 || fsync(fileno(out)) != 0))
		rc = -1;
	if (out && fclose(out) != 0)
		rc = -1;
	if (in)
		fclose(in);
	if (rc != 0 && out)
		unlink(to);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct backup_opts, db),
		CLI_OPT("input", CLI_TEXT, struct backup_opts, input),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	struct backup_opts o = {0};
	int rc = cli_getopt("restore", argc, argv, options, &o, NULL);
	if (rc == CLI_OK)
		rc = need("restore", o.db, "--db FILE");
	if (rc == CLI_OK)
		rc = need("restore", o.input, "--input FILE");
	if (rc == CLI_OK)
		rc = refuse_server(o.db);
	if (rc != CLI_OK)
		return rc;
	/* Check the backup first: a damaged or foreign file changes nothing. */
	int version;
	char *err = NULL;
	if (store_check_copy(o.input, &version, &err) != 0) {
		rc = cli_fail(TR(lang, N_("nothing was restored: %s")), err ? err : o.input);
		free(err);
		return rc;
	}
	if (version > store_schema_latest())
		return cli_fail(TR(lang, N_("nothing was restored: the backup %s was made by a newer version of lia "
		                            "(schema %d; this lia knows up to %d)")),
		                o.input, version, store_schema_latest());
	/* The copy goes next to the database (same file system, so the rename
	 * below is atomic), then the database it replaces is kept beside it. */
	char tmp[4096], keep[4096], stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(tmp, sizeof(tmp), "%s.restore-tmp", o.db);
	snprintf(keep, sizeof(keep), "%s.before-restore-%s", o.db, stamp);
	unlink(tmp);
	if (copy_file(o.input, tmp) != 0)
		return cli_fail(TR(lang, N_("nothing was restored: cannot copy %s next to %s: %s")), o.input, o.db,
		                strerror(errno));
	bool had = access(o.db, F_OK) == 0;
	if (had && (move_along(o.db, keep, "") != 0 || move_along(o.db, keep, "-wal") != 0 ||
	            move_along(o.db, keep, "-shm") != 0)) {
		int e = errno;
		unlink(tmp);
		return cli_fail(TR(lang, N_("nothing was restored: cannot move %s aside: %s")), o.db, strerror(e));
	}
	if (rename(tmp, o.db) != 0) {
		int e = errno;
		unlink(tmp);
		return cli_fail(TR(lang, N_("the restore failed (%s); the database it replaced is %s")), strerror(e),
		                had ? keep : "-");
	}
	printf(TR(lang, N_("lia: restored %s from %s (schema %d)\n")), o.db, o.input, version);
	if (had)
		printf(TR(lang, N_("lia: the database it replaced is kept as %s\n")), keep);
	return CLI_OK;
}
