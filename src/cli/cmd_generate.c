/*
 * cmd_generate: example municipalities at scale. `lia generate --db FILE`
 * fills one empty database with one generated municipality (store/generate.h)
 * and freezes the reports of its published periods the way `lia demo` does;
 * `lia demo --municipalities N` registers N-1 of them in the demo's
 * deployment (is_example) and generates each into its own scope
 * (cli_generate_many: on SQLite its own file, as the registry makes it; on
 * PostgreSQL the same database), on as many processes as --jobs says.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "report/report.h"
#include "store/generate.h"
#include "store/report.h"
#include "store/store.h"

#include <stdatomic.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int generate_in(struct store *s, const struct cli_generate *g, unsigned index, bool verbose);

/* A process that only generates keeps the memory it freed rather than give
 * it back to the system and fault it in again: a PDF's buffers, cairo's
 * pages and zlib's streams are a few hundred kilobytes to megabytes each,
 * which glibc would map and unmap every time (some 100,000 page faults for
 * one municipality's reports, a twentieth of its time; 5,000 with this).
 * Such a process stays at the size of its largest document. */
static void keep_freed_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
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
	keep_freed_memory();
	rc = generate_in(s, g, index, verbose);
	store_close(s);
	return rc;
}

/* Generate example municipality index into s (empty). */
static int generate_in(struct store *s, const struct cli_generate *g, unsigned index, bool verbose)
{
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

/* Generate example municipality index into municipality id of the
 * deployment at db (already registered, its scope empty). On PostgreSQL a
 * worker's one connection (*conn, kept between calls; the caller closes it)
 * serves every municipality it makes, each in turn (store_scope): a new
 * connection for each would start a server process with cold caches, its
 * statements parsed and planned again. On SQLite each has its own file,
 * opened in turn. */
static int generate_into(const char *db, struct store **conn, long long id, const struct cli_generate *g,
                         unsigned index)
{
	struct store *s = *conn;
	if (s && store_scope(s, id) != 0) {
		store_close(s);
		s = *conn = NULL;
	}
	if (!s) {
		char *err = NULL;
		if (store_open_municipality(db, id, STORE_OPEN_EXISTING, &s, &err) != 0) {
			int rc = cli_fail("%s", err ? err : "cannot open the municipality's database");
			free(err);
			return rc;
		}
	}
	int rc = generate_in(s, g, index, g->verbose);
	if (rc != CLI_OK) {
		store_close(s);
		s = NULL;
	}
	*conn = s;
	return rc;
}

int cli_generate_many(const char *db, const struct cli_generate *g)
{
	if (g->municipalities <= 1)
		return CLI_OK;
	/* First register every municipality in the deployment (one writer, in
	 * this process); then generate each into its own scope on --jobs worker
	 * processes. One already registered keeps what it holds: `lia demo`
	 * serves what is there. */
	unsigned n = (unsigned)g->municipalities - 1;
	long long *ids = calloc(n, sizeof(*ids));
	if (!ids)
		return CLI_FAIL;
	struct store *s = NULL;
	/* The deployment itself (municipality 1, holding the registry). */
	int rc = cli_open_db_as_is(db, false, &s);
	if (rc != CLI_OK) {
		free(ids);
		return rc;
	}
	char now[24];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	for (unsigned i = 0; rc == CLI_OK && i < n; i++) {
		char code[16], name[96], slug[96];
		if (!gen_municipality(i + 1, code, sizeof(code), name, sizeof(name), slug, sizeof(slug))) {
			rc = cli_fail("%s", "the list of municipalities is missing from this build");
			break;
		}
		int e = store_municipality_add(s, &a, code, slug, name, NULL, true, &ids[i]);
		if (e == LIA_ECONFLICT)
			ids[i] = 0; /* there already */
		else if (e != 0)
			rc = cli_fail(TR(cli_lang(), N_("cannot register example municipality %u")), i + 1);
	}
	store_close(s);
	if (rc != CLI_OK) {
		free(ids);
		return rc;
	}
	/* One worker per processor unless --jobs says: making the set is
	 * rendering reports, which keeps a processor busy. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = g->jobs > 0 ? (unsigned)g->jobs : cpus < 1 ? 1 : cpus > 64 ? 64 : (unsigned)cpus;
	/* Each worker process takes the next municipality not yet taken (a
	 * counter in memory the workers share), so none idles at the end while
	 * another still has several left: generated municipalities differ in
	 * size (a few seconds to none at all). */
	atomic_uint *next = mmap(NULL, sizeof(*next), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED) {
		free(ids);
		return cli_fail("%s", "cannot share the list of municipalities with the workers");
	}
	atomic_init(next, 0);
	pid_t pids[64];
	unsigned started = 0;
	fflush(stdout);
	for (unsigned w = 0; w < jobs && w < 64; w++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			int r = CLI_OK;
			struct store *conn = NULL;
			keep_freed_memory();
			for (unsigned i; r == CLI_OK && (i = atomic_fetch_add(next, 1)) < n;)
				if (ids[i])
					r = generate_into(db, &conn, ids[i], g, i + 1);
			store_close(conn);
			fflush(stdout);
			_exit(r);
		}
		pids[started++] = pid;
	}
	free(ids);
	int result = started == jobs || started == 64 ? CLI_OK : CLI_FAIL;
	for (unsigned w = 0; w < started; w++) {
		int status = 0;
		if (waitpid(pids[w], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = CLI_FAIL;
	}
	munmap(next, sizeof(*next));
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
