/*
 * cmd_person: `lia person erase|export` and `lia interview erase-notes`, a
 * person's rights under the AVG from the command line: erasure (art. 17)
 * replaces the person by a tombstone and leaves no readable copy in the
 * database file; export (art. 15 and 20) prints every row that refers to
 * the person, and the reads of their data, as JSON. The coordinator can do
 * the same in the browser (/people/ID/erase).
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "store/w_privacy.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct person_opts {
	const char *db;
};

/* The one operand ID of `lia NAME ACTION --db FILE ID`. CLI_OK with *id. */
static int parse(const char *name, int argc, char **argv, struct person_opts *o, long long *id)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct person_opts, db),
		CLI_OPT_END,
	};
	const char *lang = cli_lang();
	int first = 0;
	int rc = cli_getopt(name, argc, argv, options, o, &first);
	if (rc != CLI_OK)
		return rc;
	if (!o->db)
		return cli_usage_error(name, "%s", TR(lang, N_("--db FILE is required")));
	if (first != argc - 1 || !cli_parse_number(argv[first], 1, (long long)1 << 53, id))
		return cli_usage_error(name, "%s", TR(lang, N_("give one number: the id of the person or interview")));
	return CLI_OK;
}

/* Checkpoint and rebuild the file, so the erased text is gone from it too. */
static int compact(struct store *s)
{
	if (store_compact(s) == 0)
		return CLI_OK;
	return cli_fail("%s", TR(cli_lang(), N_("erased, but the database file could not be compacted: run the command"
	                                        " again when the server is quiet")));
}

static int erase(struct store *s, const struct actor *a, long long id)
{
	const char *lang = cli_lang();
	json_t *frozen = NULL;
	int e = store_person_erase(s, a, id, &frozen);
	if (e == LIA_ENOTFOUND)
		return cli_fail(TR(lang, N_("there is no person %lld")), id);
	if (e == LIA_ECONFLICT)
		return cli_fail(TR(lang, N_("person %lld was erased already")), id);
	if (e)
		return cli_fail("%s", TR(lang, N_("could not erase the person; nothing was changed")));
	printf(TR(lang, N_("lia: person %lld is erased; lia now shows them as \"Persoon %lld\"\n")), id, id);
	size_t i;
	json_t *r;
	json_array_foreach(frozen, i, r)
		printf(TR(lang, N_("lia: note: the published report of period %lld (%s, %s, %s) still names them:"
		                   " published reports do not change\n")),
		       (long long)json_integer_value(json_object_get(r, "period_id")),
		       json_string_value(json_object_get(r, "document")), json_string_value(json_object_get(r, "lang")),
		       json_string_value(json_object_get(r, "format")));
	json_decref(frozen);
	return compact(s);
}

static int export(struct store *s, long long id)
{
	json_t *doc = NULL;
	int e = store_person_export(s, id, &doc);
	if (e == LIA_ENOTFOUND)
		return cli_fail(TR(cli_lang(), N_("there is no person %lld")), id);
	if (e)
		return cli_fail("%s", TR(cli_lang(), N_("could not read the person's data")));
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS) == 0 && fputc('\n', stdout) != EOF ? CLI_OK
	         : cli_fail("%s", TR(cli_lang(), N_("could not write the export")));
	json_decref(doc);
	return rc;
}

int cmd_person(int argc, char **argv)
{
	const char *lang = cli_lang();
	if (argc < 2 || (strcmp(argv[1], "erase") != 0 && strcmp(argv[1], "export") != 0))
		return cli_usage_error("person", "%s", TR(lang, N_("say what to do: erase or export")));
	struct person_opts o = {0};
	long long id = 0;
	int rc = parse("person", argc - 1, argv + 1, &o, &id);
	if (rc != CLI_OK)
		return rc;
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	rc = strcmp(argv[1], "erase") == 0 ? erase(s, &a, id) : export(s, id);
	store_close(s);
	return rc;
}

int cmd_interview(int argc, char **argv)
{
	const char *lang = cli_lang();
	if (argc < 2 || strcmp(argv[1], "erase-notes") != 0)
		return cli_usage_error("interview", "%s", TR(lang, N_("say what to do: erase-notes")));
	struct person_opts o = {0};
	long long id = 0;
	int rc = parse("interview", argc - 1, argv + 1, &o, &id);
	if (rc != CLI_OK)
		return rc;
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK)
		return rc;
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	int e = store_notes_erase(s, &a, id);
	if (e == LIA_ENOTFOUND)
		rc = cli_fail(TR(lang, N_("there is no interview %lld")), id);
	else if (e)
		rc = cli_fail("%s", TR(lang, N_("could not erase the notes; nothing was changed")));
	else {
		printf(TR(lang, N_("lia: the restricted notes of interview %lld are erased\n")), id);
		rc = compact(s);
	}
	store_close(s);
	return rc;
}
