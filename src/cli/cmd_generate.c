/*
 * cmd_generate: example municipalities at scale. `lia generate --db FILE`
 * fills one empty database with one generated municipality (store/generate.h)
 * and freezes the reports of its published periods the way `lia demo` does;
 * `lia demo --municipalities N` makes N-1 of them next to the demo
 * (cli_generate_many), on as many processes as --jobs says.
 *
 * Until one deployment holds several municipalities, each generated
 * municipality is its own SQLite file next to --db: FILE-SLUG.db.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "report/report.h"
#include "store/generate.h"
#include "store/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int cli_generate(const char *path, const struct cli_generate *g, unsigned index, bool verbose)
{
	bool created;
	int rc = cli_prepare_db(path, 0, NULL, &created);
	if (rc != CLI_OK)
		return rc;
	struct store *s = NULL;
	if ((rc = cli_open_db(path, &s)) != CLI_OK)
		return rc;
	struct gen_params p = {.seed = (unsigned long long)g->seed, .index = index, .actions = (unsigned)g->actions,
	                       .periods = (unsigned)g->periods, .uniform = g->uniform};
	char *err = NULL;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int e = store_load_generated(s, &p, &err);
	double t_data = seconds_since(&t0);
	/* The reports of the published periods, as `lia demo` freezes the demo's. */
	if (e == 0 && store_report_freeze_missing(s, report_freeze_all) != 0)
		e = -1;
	double t_all = seconds_since(&t0);
	store_close(s);
	if (e != 0) {
		cli_fail(TR(cli_lang(), N_("cannot generate example municipality %u: %s")), index,
		         err ? err : "the reports could not be made");
		free(err);
		return CLI_FAIL;
	}
	if (verbose) {
		char code[16], name[96], slug[96];
		if (gen_municipality(index, code, sizeof(code), name, sizeof(name), slug, sizeof(slug)))
			printf(TR(cli_lang(), N_("lia: example municipality %u, %s (%s): data %.3f s, reports %.3f s\n")), index,
			       name, code, t_data, t_all - t_data);
	}
	return CLI_OK;
}

/* Where generated municipality index goes next to db: FILE-SLUG.db (the
 * .db of FILE left out first). */
static char *municipality_path(const char *db, unsigned index)
{
	char code[16], name[96], slug[96];
	if (!gen_municipality(index, code, sizeof(code), name, sizeof(name), slug, sizeof(slug)))
		return NULL;
	size_t stem = strlen(db);
	if (stem > 3 && strcmp(db + stem - 3, ".db") == 0)
		stem -= 3;
	size_t n = stem + strlen(slug) + 8;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s-%s.db", (int)stem, db, slug);
	return p;
}

int cli_generate_many(const char *db, const struct cli_generate *g)
{
	if (g->municipalities <= 1)
		return CLI_OK;
	if (store_is_server(db))
		return cli_fail("%s", TR(cli_lang(), N_("--municipalities works with a SQLite file only in this version: on "
		                                        "PostgreSQL use 'lia generate' with a database per municipality")));
	unsigned jobs = g->jobs > 0 ? (unsigned)g->jobs : 1;
	/* Each worker process takes every jobs-th municipality: 2, 2 + jobs, ... */
	pid_t pids[64];
	unsigned started = 0;
	for (unsigned w = 0; w < jobs && w < 64; w++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			int rc = CLI_OK;
			for (unsigned i = 2 + w; rc == CLI_OK && i <= (unsigned)g->municipalities; i += jobs) {
				char *path = municipality_path(db, i - 1);
				if (!path)
					_exit(CLI_FAIL);
				/* An existing file keeps its municipality: `lia demo` serves what is there. */
				if (access(path, F_OK) != 0)
					rc = cli_generate(path, g, i - 1, g->verbose);
				free(path);
			}
			fflush(stdout);
			_exit(rc);
		}
		pids[started++] = pid;
	}
	int result = started == jobs || started == 64 ? CLI_OK : CLI_FAIL;
	for (unsigned w = 0; w < started; w++) {
		int status = 0;
		if (waitpid(pids[w], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = CLI_FAIL;
	}
	return result;
}

int cmd_generate(int argc, char **argv)
{
	struct gen_opts {
		const char *db;
		long long index;
		struct cli_generate g;
	};
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct gen_opts, db),
		CLI_OPT_NUMBER("index", struct gen_opts, index, 1, 100000,
		 N_("--index needs a number from 1 to 100000, not '%s'")),
		CLI_GENERATE_OPTS(struct gen_opts, g),
		CLI_OPT("uniform", CLI_SET, struct gen_opts, g.uniform),
		CLI_OPT_END,
	};
	struct gen_opts o = {.index = 1, .g = CLI_GENERATE_DEFAULTS};
	o.g.verbose = true;
	int rc = cli_getopt("generate", argc, argv, options, &o, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("generate", "%s", TR(cli_lang(), N_("--db FILE is required")));
	return cli_generate(o.db, &o.g, (unsigned)o.index, true);
}
