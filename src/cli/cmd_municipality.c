/*
 * cmd_municipality: `lia municipality list|add|set|admin`, the registry of the
 * municipalities one lia serves (store/municipality.c). Adding one can
 * invite its first coordinator through the outbox, as the coordinator's
 * invitation page does (pages/mail.c); `lia serve` sends it.
 */
#include "cli/cli.h"

#include "core/err.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "store/mail.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct municipality_opts {
	const char *db, *code, *slug, *name, *host, *coordinator, *coordinator_name, *lang, *public_url, *email;
	bool json, example, remove;
};

static int parse(int argc, char **argv, struct municipality_opts *o)
{
	static const struct cli_opt options[] = {
		CLI_OPT("db", CLI_TEXT, struct municipality_opts, db),
		CLI_OPT("code", CLI_TEXT, struct municipality_opts, code),
		CLI_OPT("slug", CLI_TEXT, struct municipality_opts, slug),
		CLI_OPT("name", CLI_TEXT, struct municipality_opts, name),
		CLI_OPT("host", CLI_TEXT, struct municipality_opts, host),
		CLI_OPT("coordinator", CLI_TEXT, struct municipality_opts, coordinator),
		CLI_OPT("coordinator-name", CLI_TEXT, struct municipality_opts, coordinator_name),
		CLI_OPT("lang", CLI_TEXT, struct municipality_opts, lang),
		CLI_OPT("public-url", CLI_TEXT, struct municipality_opts, public_url),
		CLI_OPT("email", CLI_TEXT, struct municipality_opts, email),
		CLI_OPT("json", CLI_SET, struct municipality_opts, json),
		CLI_OPT("example", CLI_SET, struct municipality_opts, example),
		CLI_OPT("remove", CLI_SET, struct municipality_opts, remove),
		CLI_OPT_END,
	};
	int rc = cli_getopt("municipality", argc, argv, options, o, NULL);
	if (rc == CLI_OK && !o->db)
		return cli_usage_error("municipality", "%s", TR(cli_lang(), N_("--db FILE is required")));
	return rc;
}

static int list(struct store *s, bool as_json)
{
	json_t *all = NULL;
	if (store_municipalities(s, &all) != 0)
		return cli_fail("%s", TR(cli_lang(), N_("cannot read the municipalities of this deployment")));
	if (as_json) {
		char *text = json_dumps(all, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
	} else {
		size_t i;
		json_t *m;
		json_array_foreach(all, i, m) {
			const char *host = json_string_value(json_object_get(m, "host"));
			printf("%-4lld %s  %-20s %-30s %s%s\n", (long long)json_integer_value(json_object_get(m, "id")),
			       json_string_value(json_object_get(m, "code")), json_string_value(json_object_get(m, "slug")),
			       json_string_value(json_object_get(m, "name")), host ? host : "-",
			       json_is_true(json_object_get(m, "is_example")) ? TR(cli_lang(), N_(" (example)")) : "");
		}
	}
	json_decref(all);
	return CLI_OK;
}

/* Invite the first coordinator of municipality id (its own connection). */
static int invite(const char *path, long long id, const struct municipality_opts *o, const char *now)
{
	const char *lang = cli_lang();
	struct store *m = NULL;
	char *err = NULL;
	if (store_open_municipality(path, id, STORE_OPEN_EXISTING, &m, &err) != 0) {
		int rc = cli_fail("%s", err ? err : "cannot open the municipality's database");
		free(err);
		return rc;
	}
	/* Links in its mail lead to its own pages: its host, or its path. */
	char base[1024];
	if (o->host)
		snprintf(base, sizeof(base), "https://%s", o->host);
	else
		snprintf(base, sizeof(base), "%s/%s", o->public_url ? o->public_url : "http://127.0.0.1:8080", o->slug);
	struct mail_config c = {.base_url = base};
	mail_configure(&c);
	const char *mlang = o->lang && strcmp(o->lang, "en") == 0 ? "en" : "nl";
	struct mail_invite inv;
	mail_invite_make(mlang, o->coordinator, o->coordinator_name, "first coordinator of a new municipality", &inv);
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	long long uid = 0;
	int e = store_user_invite(m, &a, o->coordinator, o->coordinator_name, "coordinator", 0, mlang, inv.digest,
	                          inv.expires, &inv.mail, &uid);
	mail_invite_free(&inv);
	store_close(m);
	if (e != 0)
		return cli_fail(TR(lang, N_("the municipality is added, but the invitation of %s failed")), o->coordinator);
	printf(TR(lang, N_("lia: invited %s as its coordinator (the invitation is sent by 'lia serve')\n")), o->coordinator);
	return CLI_OK;
}

static int add(struct store *s, const struct municipality_opts *o, const char *now)
{
	const char *lang = cli_lang();
	if (!o->code || !o->slug || !o->name)
		return cli_usage_error("municipality", "%s", TR(lang, N_("add needs --code, --slug and --name")));
	if (!o->coordinator != !o->coordinator_name)
		return cli_usage_error("municipality", "%s",
		                       TR(lang, N_("--coordinator and --coordinator-name go together")));
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	long long id = 0;
	int e = store_municipality_add(s, &a, o->code, o->slug, o->name, o->host, o->example, &id);
	if (e == LIA_EFORBIDDEN)
		return cli_fail("%s", TR(lang, N_("this database role skips row-level security (a superuser or BYPASSRLS), "
		                                  "which keeps municipalities apart: connect as an ordinary role")));
	if (e == LIA_EINVAL)
		return cli_usage_error("municipality", "%s",
		                       TR(lang, N_("the code must be GM and four digits, the short name a-z, 0-9 and - "
		                                   "(not static, hosting or api), the host name a-z, 0-9, - and .")));
	if (e == LIA_ECONFLICT)
		return cli_fail("%s", TR(lang, N_("a municipality with that code, short name or host name is there already")));
	if (e != 0)
		return cli_fail("%s", TR(lang, N_("could not add the municipality")));
	printf(TR(lang, N_("lia: added %s (%s) as municipality %lld, at /%s\n")), o->name, o->code, id, o->slug);
	return o->coordinator ? invite(o->db, id, o, now) : CLI_OK;
}

/* Change the municipality --municipality names (its code, short name,
 * name or host name): the first one made by `lia init` gets its own. */
static int set(struct store *s, const struct municipality_opts *o, const char *now)
{
	const char *lang = cli_lang();
	if (!cli_municipality)
		return cli_usage_error("municipality", "%s", TR(lang, N_("set needs --municipality CODE|SLUG: the one to change")));
	json_t *m = NULL;
	if (store_municipality_find(s, cli_municipality, false, &m) != 0)
		return cli_fail(TR(lang, N_("there is no municipality %s")), cli_municipality);
	long long id = (long long)json_integer_value(json_object_get(m, "id"));
	json_decref(m);
	struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
	int e = store_municipality_set(s, &a, id, o->code, o->slug, o->name, o->host);
	if (e == LIA_EINVAL)
		return cli_usage_error("municipality", "%s",
		                       TR(lang, N_("the code must be GM and four digits, the short name a-z, 0-9 and - "
		                                   "(not static, hosting or api), the host name a-z, 0-9, - and .")));
	if (e == LIA_ECONFLICT)
		return cli_fail("%s", TR(lang, N_("a municipality with that code, short name or host name is there already")));
	if (e != 0)
		return cli_fail("%s", TR(lang, N_("could not change the municipality")));
	printf(TR(lang, N_("lia: municipality %lld is changed\n")), id);
	return CLI_OK;
}

int cmd_municipality(int argc, char **argv)
{
	const char *lang = cli_lang();
	if (argc < 2)
		return cli_usage_error("municipality", "%s", TR(lang, N_("say what to do: list, add, set or admin")));
	const char *what = argv[1];
	if (strcmp(what, "list") && strcmp(what, "add") && strcmp(what, "set") && strcmp(what, "admin"))
		return cli_usage_error("municipality", TR(lang, N_("unknown action '%s': use list, add, set or admin")), what);
	struct municipality_opts o = {0};
	int rc = parse(argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc;
	if (strcmp(what, "admin") == 0 && !o.email)
		return cli_usage_error("municipality", "%s", TR(lang, N_("--email ADDRESS is required")));
	struct store *s = NULL;
	/* The registry and the hosting administrators live with municipality 1. */
	if ((rc = cli_open_db_as_is(o.db, false, &s)) != CLI_OK)
		return rc;
	if (store_schema_version(s) < store_schema_latest()) {
		store_close(s);
		return cli_fail("%s", TR(lang, N_("the database is older than this lia: run 'lia migrate' first")));
	}
	char now[24];
	cli_utc_time(false, now, sizeof(now));
	if (strcmp(what, "list") == 0) {
		rc = list(s, o.json);
	} else if (strcmp(what, "add") == 0) {
		rc = add(s, &o, now);
	} else if (strcmp(what, "set") == 0) {
		rc = set(s, &o, now);
	} else {
		struct actor a = {.user_id = 0, .request_id = "cli", .now = now};
		int e = store_user_set_host_admin(s, &a, o.email, !o.remove);
		if (e == LIA_ENOTFOUND)
			rc = cli_fail(TR(lang, N_("there is no account with the e-mail address %s")), o.email);
		else if (e != 0)
			rc = cli_fail("%s", TR(lang, N_("could not change the account")));
		else
			printf(o.remove ? TR(lang, N_("lia: %s is no longer a hosting administrator\n"))
			                : TR(lang, N_("lia: %s is a hosting administrator now\n")),
			       o.email);
	}
	store_close(s);
	return rc;
}
