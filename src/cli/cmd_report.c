/*
 * cmd_report: `lia report --db FILE [--period ID] --format F --output FILE`,
 * a period's progress report (or its letter or easy-read summary) written to
 * a file. A published period gives the report frozen at publishing; an open
 * one is made from the data as it is now.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "report/report.h"
#include "store/report.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"period", required_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"lang", required_argument, NULL, 'l'},
		{"document", required_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	const char *lang = cli_lang();
	const char *db = NULL, *output = NULL, *rlang = lang, *fmt = NULL, *docname = "report";
	long long period = 0;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'p': {
			char *end;
			period = strtoll(optarg, &end, 10);
			if (*end || period <= 0)
				return cli_usage_error("report", TR(lang, N_("--period needs the number of a reporting period, like 2; not '%s'")), optarg);
			break;
		}
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'l':
			rlang = optarg;
			break;
		case 'D':
			docname = optarg;
			break;
		case ':':
			return cli_usage_error("report", TR(lang, N_("option %s needs a value")), argv[optind - 1]);
		default:
			return cli_usage_error("report", TR(lang, N_("unknown option '%s'")), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("report", TR(lang, N_("unexpected argument '%s'")), argv[optind]);
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
	char *err = NULL;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &err) != 0) {
		int rc = cli_fail(TR(lang, N_("cannot open the database %s: %s")), db, err ? err : "");
		free(err);
		return rc;
	}
	if (!period)
		period = store_report_latest_period(s, false);
	if (!period) {
		store_close(s);
		return cli_fail("%s", TR(lang, N_("this database has no reporting periods yet")));
	}
	struct buf b = BUF_INIT;
	char today[11], sum[65];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	struct report_options o = {.period_id = period, .lang = rlang, .document = doc, .today = today};
	int rc = report_bytes(s, &o, f, &b, sum); /* frozen if published, else made now */
	store_close(s);
	if (rc == LIA_ENOTFOUND) {
		buf_free(&b);
		return cli_fail(TR(lang, N_("there is no reporting period %lld")), period);
	}
	if (rc != 0 || write_file(output, b.data ? b.data : "", b.len) != 0) {
		buf_free(&b);
		return cli_fail(TR(lang, N_("cannot write the report to %s")), output);
	}
	buf_free(&b);
	return CLI_OK;
}
