/*
 * cmd_export_all: `lia export-all --db FILE --output DIR|FILE`, the whole
 * municipality's data at the end of a contract (AVG art. 20 and 28(3)(g)):
 * every table as JSON rows (q_export.c lists them; secrets stay behind), and
 * the published reports' own files, byte for byte. Into a folder: one
 * TABLE.json per table and reports/PERIOD-DOCUMENT-LANG.FORMAT; into a file:
 * one JSON document with the tables and the reports in base64.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "store/q_export.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct export_opts {
	const char *db, *output;
};

static bool is_folder(const char *path)
{
	struct stat st;
	size_t n = strlen(path);
	return (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) || (n > 0 && path[n - 1] == '/');
}

static int write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return cli_fail(TR(cli_lang(), N_("cannot write %s: %s")), path, strerror(errno));
	bool ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	return ok ? CLI_OK : cli_fail(TR(cli_lang(), N_("cannot write %s: %s")), path, strerror(errno));
}

static int write_json(const char *path, json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	int rc = text ? write_bytes(path, text, strlen(text)) : CLI_FAIL;
	free(text);
	return rc;
}

/* The reports as {period_id, document, lang, format, content_base64}; into
 * folder (when not NULL) as files instead. */
static int reports(struct store *s, const char *folder, json_t *into)
{
	json_t *list = NULL;
	if (store_export_reports(s, &list) != 0)
		return cli_fail("%s", TR(cli_lang(), N_("could not read the published reports")));
	int rc = CLI_OK;
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r) {
		long long period = json_integer_value(json_object_get(r, "period_id"));
		const char *doc = json_string_value(json_object_get(r, "document")),
		           *lang = json_string_value(json_object_get(r, "lang")),
		           *fmt = json_string_value(json_object_get(r, "format"));
		char *data = NULL;
		size_t len = 0;
		if (store_export_report_bytes(s, period, doc, lang, fmt, &data, &len) != 0) {
			rc = cli_fail("%s", TR(cli_lang(), N_("could not read the published reports")));
			break;
		}
		if (folder) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/reports/%lld-%s-%s.%s", folder, period, doc, lang, fmt);
			rc = write_bytes(path, data, len);
		} else {
			size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
			char *b64 = malloc(n);
			if (!b64)
				abort();
			sodium_bin2base64(b64, n, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
			json_object_set_new(r, "content_base64", json_string(b64));
			free(b64);
		}
		free(data);
		if (rc != CLI_OK)
			break;
	}
	if (!folder)
		json_object_set(into, "reports", list);
	json_decref(list);
	return rc;
}

static int export_all(struct store *s, const char *out)
{
	const char *lang = cli_lang();
	bool folder = is_folder(out);
	char path[4096];
	if (folder) {
		snprintf(path, sizeof(path), "%s/reports", out);
		if ((mkdir(out, 0700) != 0 && errno != EEXIST) || (mkdir(path, 0700) != 0 && errno != EEXIST))
			return cli_fail(TR(lang, N_("cannot make the folder %s: %s")), path, strerror(errno));
	}
	json_t *tables = json_object();
	int rc = CLI_OK;
	unsigned n = 0;
	for (const struct export_table *t = export_tables; t->name && rc == CLI_OK; t++, n++) {
		json_t *rows = NULL;
		if (store_export_table(s, t, &rows) != 0) {
			rc = cli_fail(TR(lang, N_("could not read the table %s")), t->name);
			break;
		}
		if (folder) {
			snprintf(path, sizeof(path), "%s/%s.json", out, t->name);
			rc = write_json(path, rows);
			json_decref(rows);
		} else {
			json_object_set_new(tables, t->name, rows);
		}
	}
	json_t *doc = json_pack("{s:o}", "tables", tables);
	if (rc == CLI_OK)
		rc = reports(s, folder ? out : NULL, doc);
	if (rc == CLI_OK && !folder)
		rc = write_json(out, doc);
	json_decref(doc);
	if (rc == CLI_OK)
		printf(TR(lang, N_("lia: wrote %u tables and the published reports to %s\n")), n, out);
	return rc;
}

int cmd_export_all(int argc, char **argv)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct export_opts, db),
		CLI_OPT("output", CLI_TEXT, struct export_opts, output),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	struct export_opts o = {0};
	int rc = cli_getopt("export-all", argc, argv, options, &o, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("export-all", "%s", TR(lang, N_("--db FILE is required")));
	if (!o.output)
		return cli_usage_error("export-all", "%s", TR(lang, N_("--output DIR or FILE is required")));
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	rc = export_all(s, o.output);
	store_close(s);
	return rc;
}
