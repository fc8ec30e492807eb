/*
 * cmd_import: `lia import expenses FILE`, the expenses in a CSV export of the
 * financial system (or a spreadsheet) added to the allocations they were
 * booked on. The rules and the columns are the import engine's
 * (store/w_import.h). The file is checked first; with --dry-run that is all,
 * otherwise a file without errors is kept in expense_import and imported in
 * one transaction. A file with errors adds nothing: every wrong line is listed
 * with what to change. On a terminal a progress bar on stderr shows how far a
 * large file is; it is never drawn into a pipe or a log. A file kept before
 * but never imported (an import broken off) is continued, not kept twice;
 * `lia import clean [--keep-days N]` removes such files after N days.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/ledger.h"
#include "core/mem.h"
#include "core/money.h"
#include "store/store.h"
#include "store/w_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LISTED 1000          /* errors and warnings printed per kind */
#define BAR_WIDTH 30
#define BAR_FIRST_NS 200000000LL /* a bar only for work that takes longer than this */
#define BAR_EVERY_NS 100000000LL /* at most ten redraws a second */

struct import_opts {
	const char *db, *user, *file;
	const char *allocation; /* for lines that name none (--allocation), or NULL */
	bool dry_run;
	bool clean;             /* `lia import clean`: remove files never imported */
	long long keep_days;    /* with clean: keep files saved this many days ago or later */
};

static int parse(int argc, char **argv, struct import_opts *o)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct import_opts, db),
		CLI_OPT("user", CLI_TEXT, struct import_opts, user),
		CLI_OPT("dry-run", CLI_SET, struct import_opts, dry_run),
		CLI_OPT("allocation", CLI_TEXT, struct import_opts, allocation),
		CLI_OPT_NUMBER("keep-days", struct import_opts, keep_days, 0, 3650,
		 N_("--keep-days needs a number of days from 0 to 3650, not '%s'")),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	int first;
	int rc = cli_getopt("import", argc, argv, options, o, &first);
	if (rc != CLI_OK)
		return rc;
	/* What to import and the file, in any order among the options. */
	if (first >= argc)
		return cli_usage_error("import", "%s", TR(lang, N_("say what to import: lia import expenses FILE")));
	if (strcmp(argv[first], "clean") == 0) {
		o->clean = true;
		if (first + 1 < argc)
			return cli_usage_error("import", TR(lang, N_("unexpected argument '%s'")), argv[first + 1]);
		return CLI_OK;
	}
	if (strcmp(argv[first], "expenses") != 0)
		return cli_usage_error("import", TR(lang, N_("lia cannot import '%s'; it can import expenses")), argv[first]);
	if (first + 1 >= argc)
		return cli_usage_error("import", "%s", TR(lang, N_("name the CSV file to import")));
	o->file = argv[first + 1];
	if (first + 2 < argc)
		return cli_usage_error("import", TR(lang, N_("unexpected argument '%s'")), argv[first + 2]);
	return CLI_OK;
}

/* The whole file into *data (malloc'd, caller frees). Returns 0 or errno. */
static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno;
	size_t cap = 1 << 16, n = 0;
	char *buf = mem_alloc(cap);
	for (;;) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		buf = mem_realloc(buf, cap);
	}
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*len = n;
	return 0;
}

/* The account that imports: its id, or CLI_FAIL with a message. */
static int find_user(struct store *s, const char *email, long long *id)
{
	const char *lang = cli_lang();
	json_t *u = NULL;
	if (store_user_by_email(s, email, &u) != 0)
		return cli_fail(TR(lang, N_("there is no account with the e-mail address %s")), email);
	bool disabled = !json_is_null(json_object_get(u, "disabled_at"));
	*id = (long long)json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	if (disabled)
		return cli_fail(TR(lang, N_("the account %s is disabled; import in the name of another account")), email);
	return CLI_OK;
}

/* --- progress bar (stderr, terminals only) -------------------------------- */

struct bar {
	const char *label;
	long long start, last; /* monotonic ns */
	bool drawn;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void bar_begin(struct bar *b, const char *label)
{
	*b = (struct bar){.label = label, .start = now_ns()};
}

static void bar_progress(void *ctx, size_t done, size_t total)
{
	struct bar *b = ctx;
	long long t = now_ns();
	if (t - b->start < BAR_FIRST_NS || (b->drawn && t - b->last < BAR_EVERY_NS))
		return;
	if (done > total)
		done = total;
	int fill = total ? (int)((double)done / (double)total * BAR_WIDTH) : BAR_WIDTH;
	int pct = total ? (int)((double)done / (double)total * 100) : 100;
	static const char hashes[] = "##############################", dots[] = "..............................";
	fprintf(stderr, "\r%s [%.*s%.*s] %3d%%", b->label, fill, hashes, BAR_WIDTH - fill, dots, pct);
	fflush(stderr);
	b->drawn = true;
	b->last = t;
}

static void bar_end(struct bar *b)
{
	if (b->drawn)
		fputs("\r\033[K", stderr);
	b->drawn = false;
}

/* --- output --------------------------------------------------------------- */

/* Which header was used for what, the allocation chosen for all lines, and
 * the columns that were left alone. */
static void print_columns(json_t *res)
{
	const char *lang = cli_lang();
	static const char *const words[LEDGER_COLS] = {N_("date"), N_("amount"), N_("description"), N_("allocation"),
	                                               N_("reference")};
	json_t *cols = json_object_get(res, "columns");
	printf("%s", TR(lang, N_("  columns:   ")));
	for (int c = 0, n = 0; c < LEDGER_COLS; c++) {
		const char *h = json_string_value(json_object_get(cols, ledger_column_key((enum ledger_col)c)));
		if (h)
			printf("%s '%s' = %s", n++ ? "," : "", h, TR(lang, words[c]));
	}
	printf("\n");
	json_t *chosen = json_object_get(res, "chosen_allocation");
	if (chosen) {
		const char *code = json_string_value(json_object_get(chosen, "code"));
		if (code)
			printf(TR(lang, N_("  allocation: %s for every line that names none\n")), code);
		else
			printf(TR(lang, N_("  allocation: number %lld for every line that names none\n")), jnum(chosen, "id"));
	}
	json_t *ign = json_object_get(res, "ignored_columns");
	if (json_array_size(ign)) {
		printf("%s", TR(lang, N_("  not used:  ")));
		size_t i;
		json_t *h;
		json_array_foreach(ign, i, h)
			printf("%s '%s'", i ? "," : "", json_string_value(h));
		printf("\n");
	}
}

static void print_summary(const char *file, json_t *res)
{
	const char *lang = cli_lang();
	const char *sep = json_string_value(json_object_get(res, "separator"));
	const char *sep_name = !sep ? "?" : strcmp(sep, "\t") == 0 ? TR(lang, N_("tab")) : sep;
	char money[MONEY_TEXT_MAX];
	money_format(jnum(res, "total_cents"), lang, money, sizeof(money));
	printf(TR(lang, N_("lia: checked %s (%s, separator %s)\n")), file,
	       json_string_value(json_object_get(res, "encoding")), sep_name);
	print_columns(res);
	printf(TR(lang, N_("  lines:      %lld\n")), jnum(res, "lines"));
	printf(TR(lang, N_("  to add:     %lld, together %s\n")), jnum(res, "to_add"), money);
	printf(TR(lang, N_("  duplicates: %lld (already in lia or earlier in the file; these are skipped)\n")),
	       jnum(res, "duplicates"));
	printf(TR(lang, N_("  errors:     %lld\n")), jnum(res, "errors"));
	printf(TR(lang, N_("  warnings:   %lld\n")), jnum(res, "warnings"));
}

/* The listed messages of one kind, and how many more there are. */
static void print_list(json_t *res, const char *list, const char *count, const char *heading)
{
	json_t *items = json_object_get(res, list);
	long long n = jnum(res, count);
	if (n == 0)
		return;
	printf("\n%s\n", heading);
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e)
		printf("  %s\n", json_string_value(json_object_get(e, "message")));
	long long more = n - (long long)json_array_size(items);
	if (more > 0)
		printf(TR(cli_lang(), N_("  ... and %lld more (fix these first and check again to see the rest)\n")), more);
}

static void print_problems(json_t *res)
{
	const char *lang = cli_lang();
	print_list(res, "error", "errors", TR(lang, N_("Errors (change these lines in the file and try again):")));
	print_list(res, "warning", "warnings", TR(lang, N_("Warnings (check these lines; they can be imported):")));
}

/* The message of a result that is not a table ({"message"}), or a fallback. */
static int fail_with(json_t *res, const char *fallback)
{
	const char *m = json_string_value(json_object_get(res, "message"));
	return cli_fail("%s", m ? m : fallback);
}

static int run_import(struct store *s, const struct import_opts *o, const char *data, size_t len)
{
	const char *lang = cli_lang();
	long long user_id = 0;
	int rc;
	if (o->user && (rc = find_user(s, o->user, &user_id)) != CLI_OK)
		return rc;
	struct bar bar;
	struct import_options io = {.lang = lang, .max_listed = LISTED,
	                            .progress = isatty(STDERR_FILENO) ? bar_progress : NULL, .progress_ctx = &bar,
	                            .allocation = o->allocation};
	json_t *res = NULL;
	bar_begin(&bar, TR(lang, N_("Checking")));
	int e = store_expense_import_check(s, data, len, &io, &res);
	bar_end(&bar);
	if (e == LIA_EINVAL) {
		rc = fail_with(res, "the file cannot be read as a table");
		goto out;
	}
	if (e) {
		rc = cli_fail("%s", TR(lang, N_("could not read the allocations and expenses from the database")));
		goto out;
	}
	print_summary(o->file, res);
	print_problems(res);
	if (jnum(res, "errors")) {
		fflush(stdout);
		if (o->dry_run)
			rc = cli_fail("%s", TR(lang, N_("the file cannot be imported yet. Change the lines listed above and"
			                                " check again.")));
		else
			rc = cli_fail("%s", TR(lang, N_("nothing was imported, because the file has errors. Change the lines"
			                                " listed above and run the command again.")));
		goto out;
	}
	if (o->dry_run) {
		printf("%s\n", TR(lang, N_("lia: dry run: nothing was added. Run the command without --dry-run to add the"
		                           " new lines.")));
		rc = CLI_OK;
		goto out;
	}
	if (jnum(res, "to_add") == 0) { /* keep no file that adds nothing */
		printf("%s\n", TR(lang, N_("lia: nothing was added: every line of the file is in lia already.")));
		rc = CLI_OK;
		goto out;
	}
	json_decref(res);
	res = NULL;

	char now[24];
	cli_utc_time(false, now, sizeof(now));
	struct actor a = {.user_id = user_id, .request_id = "cli", .now = now};
	const char *base = strrchr(o->file, '/');
	long long import_id = 0;
	/* The same file kept before and never imported (that import broke off):
	 * continue it, rather than keep the file a second time. */
	if (store_expense_import_open_for(s, data, len, &import_id) != 0) {
		rc = cli_fail("%s", TR(lang, N_("could not read the kept files from the database; nothing was imported")));
		goto out;
	}
	if (import_id)
		printf(TR(lang, N_("lia: continuing import number %lld of this file, which was not finished\n")), import_id);
	if (!import_id && store_expense_import_save(s, &a, base ? base + 1 : o->file, data, len, &import_id) != 0) {
		rc = cli_fail("%s", TR(lang, N_("could not keep the file in the database; nothing was imported")));
		goto out;
	}
	bar_begin(&bar, TR(lang, N_("Importing")));
	e = store_expense_import_apply(s, &a, import_id, data, len, &io, &res);
	bar_end(&bar);
	if (e == LIA_EINVAL && json_object_get(res, "errors")) {
		/* Changed since the check (someone else imported at the same time). */
		print_problems(res);
		fflush(stdout);
		rc = cli_fail("%s", TR(lang, N_("nothing was imported, because the file has errors. Change the lines"
		                                " listed above and run the command again.")));
	} else if (e == LIA_EINVAL || e == LIA_ECONFLICT || e == LIA_ENOTFOUND) {
		rc = fail_with(res, "the file could not be imported");
	} else if (e) {
		rc = cli_fail("%s", TR(lang, N_("the database failed during the import; nothing was imported")));
	} else {
		printf(TR(lang, N_("lia: expenses added from %s: %lld (import number %lld)\n")), o->file, jnum(res, "added"),
		       import_id);
		rc = CLI_OK;
	}
out:
	json_decref(res);
	return rc;
}

/* `lia import clean`: remove the files never imported that were saved more
 * than o->keep_days ago (lia serve does the same at start and daily). */
static int run_clean(const struct import_opts *o)
{
	const char *lang = cli_lang();
	struct store *s = NULL;
	int rc = cli_open_db(o->db, &s);
	if (rc != CLI_OK)
		return rc;
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	long long removed = 0;
	if (store_expense_import_expire(s, now, (unsigned)o->keep_days, &removed) != 0)
		rc = cli_fail("%s", TR(lang, N_("the database failed while removing files; nothing was removed")));
	else
		printf(TR(lang, N_("lia: removed %lld uploaded files that were not imported within %lld days\n")), removed,
		       o->keep_days);
	store_close(s);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *lang = cli_lang();
	struct import_opts o = {.db = "lia-demo.db", .keep_days = STORE_IMPORT_KEEP_DAYS};
	int rc = parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc;
	if (o.clean)
		return run_clean(&o);
	char *data = NULL;
	size_t len = 0;
	int err = read_file(o.file, &data, &len);
	if (err)
		return cli_fail(TR(lang, N_("cannot read %s: %s")), o.file, strerror(err));
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) == CLI_OK)
		rc = run_import(s, &o, data, len);
	store_close(s);
	free(data);
	return rc;
}
