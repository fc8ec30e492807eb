/*
 * cmd_report: `lia report --db FILE [--period ID] --format F --output FILE`,
 * a period's progress report (or its letter or easy-read summary) written to
 * a file. A published period gives the report frozen at publishing; an open
 * one is made from the data as it is now. Without --period it is the latest
 * published period (what the council has), without --lang the programme's
 * language; on success it says what it wrote where.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "report/report.h"
#include "store/report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	int rc = (n == len && fflush(f) == 0) ? 0 : -1;
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	return rc;
}

/* The language a programme's texts are entered in (action points,
 * assessments, narratives): a report in it quotes nothing in another. */
#define PROGRAMME_LANG "nl"

struct report_opts {
	const char *db, *output, *lang, *format, *document;
	long long period;
};

int cmd_report(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct report_opts, db),
		CLI_OPT_NUMBER("period", struct report_opts, period, 1, LLONG_MAX,
		 N_("--period needs the number of a reporting period, like 2; not '%s'")),
		CLI_OPT("format", CLI_TEXT, struct report_opts, format),
		CLI_OPT("output", CLI_TEXT, struct report_opts, output),
		CLI_OPT("lang", CLI_TEXT, struct report_opts, lang),
		CLI_OPT("document", CLI_TEXT, struct report_opts, document),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	struct report_opts ro = {.lang = PROGRAMME_LANG, .document = "report"};
	int rc = cli_getopt("report", argc, argv, options, &ro, NULL);
	if (rc != CLI_OK)
		return rc;
	const char *db = ro.db, *output = ro.output, *rlang = ro.lang, *fmt = ro.format, *docname = ro.document;
	long long period = ro.period;
	if (!db)
		return cli_usage_error("report", "%s", TR(lang, N_("--db FILE is required")));
	if (!output)
		return cli_usage_error("report", "%s", TR(lang, N_("--output FILE is required (- writes to the terminal)")));
	enum report_format f;
	if (!fmt || !report_format_parse(fmt, &f))
		return cli_usage_error("report", "%s", TR(lang, N_("--format must be html, pdf, md, csv or json")));
	enum report_document doc;
	if (!report_document_parse(docname, &doc))
		return cli_usage_error("report", "%s", TR(lang, N_("--document must be report, letter or easy")));
	if (strcmp(rlang, "nl") != 0 && strcmp(rlang, "en") != 0)
		return cli_usage_error("report", "%s", TR(lang, N_("--lang must be nl or en")));
	if (doc != REPORT_FULL && (f == REPORT_CSV || f == REPORT_JSON))
		return cli_usage_error("report", "%s", TR(lang, N_("the figures (csv, json) belong to the report: use --document report")));

	struct store *s = NULL;
	if ((rc = cli_open_db(db, &s)) != CLI_OK)
		return rc;
	if (!period)
		period = store_report_latest_period(s, true);
	if (!period) {
		store_close(s);
		return cli_fail("%s", TR(lang, N_("this database has no published reporting period yet; --period ID writes the draft of an open one")));
	}
	struct buf b = BUF_INIT;
	char today[11], sum[65];
	cli_utc_time(true, today, sizeof(today));
	struct report_options o = {.period_id = period, .lang = rlang, .document = doc, .today = today};
	rc = report_bytes(s, &o, f, &b, sum); /* frozen if published, else made now */
	store_close(s);
	if (rc == LIA_ENOTFOUND) {
		buf_free(&b);
		return cli_fail(TR(lang, N_("there is no reporting period %lld")), period);
	}
	if (rc != 0 || write_file(output, b.data ? b.data : "", b.len) != 0) {
		buf_free(&b);
		return cli_fail(TR(lang, N_("cannot write the report to %s")), output);
	}
	/* What was written where: on stderr when the report itself went to stdout. */
	static const char *const what[] = {N_("the progress report"), N_("the letter to the council"),
	                                   N_("the summary in easy language")};
	fprintf(strcmp(output, "-") == 0 ? stderr : stdout, TR(lang, N_("Wrote %s of period %lld (%s), in %s as %s, to %s: %zu bytes.\n")),
	        TR(lang, what[doc]), period, sum[0] ? TR(lang, N_("published")) : TR(lang, N_("draft")), rlang,
	        report_format_name(f), strcmp(output, "-") == 0 ? TR(lang, N_("the terminal")) : output, b.len);
	buf_free(&b);
	return CLI_OK;
}
