/*
 * cmd_remind: `lia remind`, the reminders of today queued (and sent, when a
 * relay is set), or with --dry-run only listed; and the mail options that
 * `lia serve` shares (struct cli_mail, cli.h).
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "core/mem.h"
#include "core/smtp.h"
#include "mail/mail.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first line of a file, without its line end (malloc'd), or NULL. */
static char *first_line(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return mem_strdup("");
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

int cli_mail_check(const char *cmd, struct cli_mail *m)
{
	const char *lang = cli_lang();
	if (m->url && !smtp_url_ok(m->url))
		return cli_usage_error(cmd, TR(lang, N_("--smtp-url needs an address such as smtp://mail.example.nl:587 or smtps://mail.example.nl, not '%s'")),
		                       m->url);
	if (m->url && (!m->from || !strchr(m->from, '@') || strpbrk(m->from, "<>\r\n ")))
		return cli_usage_error(cmd, "%s", TR(lang, N_("--smtp-from needs the sender's e-mail address, such as lia@example.nl")));
	if (!m->url && (m->from || m->user || m->password_file || m->plain))
		return cli_usage_error(cmd, "%s", TR(lang, N_("--smtp-from, --smtp-user, --smtp-password-file and --smtp-plain need --smtp-url too")));
	if (m->plain && strncmp(m->url, "smtp://", 7) != 0)
		return cli_usage_error(cmd, "%s", TR(lang, N_("--smtp-plain is for an smtp:// address only: smtps:// is always encrypted. Leave out --smtp-plain.")));
	if (m->plain && (m->user || m->password_file))
		return cli_usage_error(cmd, "%s", TR(lang, N_("--smtp-plain cannot be used with --smtp-user or --smtp-password-file: the password would cross the network unencrypted. Use a relay with TLS (smtps://, or smtp:// with STARTTLS), or leave out the user name and password.")));
	if (m->password_file) {
		m->password = first_line(m->password_file);
		if (!m->password)
			return cli_fail(TR(lang, N_("cannot read the password file %s: %s")), m->password_file, strerror(errno));
	} else if (getenv("LIA_SMTP_PASSWORD")) {
		m->password = mem_strdup(getenv("LIA_SMTP_PASSWORD"));
	}
	return CLI_OK;
}

void cli_mail_configure(const struct cli_mail *m, const char *base_url)
{
	struct mail_config c = {
		.relay = {.url = m->url, .from = m->from, .user = m->user, .password = m->password, .plain = m->plain},
		.base_url = base_url,
		.interval_s = (unsigned)m->interval_s,
		.remind_days = (unsigned)m->remind_days,
		.remind = m->remind,
		.relay_hosts = m->relay_hosts,
	};
	mail_configure(&c);
}

/* An address such as https://lia.example.nl: http or https, a host, no
 * spaces and no / at the end (the links add their own path). */
static bool site_address_ok(const char *s)
{
	size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	size_t n = strlen(s);
	return skip && n > skip && s[n - 1] != '/' && !strpbrk(s, " \t\r\n\"<>");
}

struct remind_opts {
	const char *db, *public_url;
	bool dry_run;
	struct cli_mail mail;
};

static const struct cli_opt remind_options[] = {
	CLI_OPT("db", CLI_TEXT, struct remind_opts, db),
	CLI_OPT("dry-run", CLI_SET, struct remind_opts, dry_run),
	CLI_OPT("public-url", CLI_TEXT, struct remind_opts, public_url),
	CLI_MAIL_OPTS(struct remind_opts, mail),
	CLI_OPT_END,
};

static int remind(struct store *s, struct remind_opts *o)
{
	const char *lang = cli_lang();
	char today[24], now[24];
	cli_utc_time(true, today, sizeof(today));
	cli_utc_time(false, now, sizeof(now));
	json_t *list = NULL;
	if (mail_remind(s, today, now, (unsigned)o->mail.remind_days, o->dry_run, &list) != 0)
		return cli_fail("%s", TR(lang, N_("could not read or write the reminders")));
	size_t i;
	json_t *r;
	printf(o->dry_run ? TRN(lang, "lia: %zu reminder would be sent (nothing is sent or recorded)\n",
	                        "lia: %zu reminders would be sent (nothing is sent or recorded)\n", json_array_size(list))
	                  : TRN(lang, "lia: %zu reminder queued\n", "lia: %zu reminders queued\n", json_array_size(list)),
	       json_array_size(list));
	json_array_foreach(list, i, r)
		printf("  %s\t%s\t%s\t%s\t%s\t%lld%s\n", json_string_value(json_object_get(r, "kind")),
		       json_string_value(json_object_get(r, "email")), json_string_value(json_object_get(r, "name")),
		       json_string_value(json_object_get(r, "period_name")), json_string_value(json_object_get(r, "due_on")),
		       (long long)json_integer_value(json_object_get(r, "count")),
		       json_is_true(json_object_get(r, "easy_read")) ? "\teasy-read" : "");
	json_decref(list);
	if (o->dry_run)
		return CLI_OK;
	struct smtp_relay relay;
	json_t *hold = NULL;
	if (!mail_relay(s, &relay, &hold)) {
		printf("%s", TR(lang, N_("lia: no SMTP relay that lia may use is set (--smtp-url, the mail page, --smtp-relay-hosts): the messages wait in the outbox for 'lia serve'\n")));
		return CLI_OK;
	}
	unsigned sent = 0, failed = 0;
	int rc = mail_send_due(s, &relay, 60, &sent, &failed);
	json_decref(hold);
	if (rc != 0)
		return cli_fail("%s", TR(lang, N_("could not read or update the outbox")));
	printf(TR(lang, N_("lia: sent %u, not delivered %u (see the mail page)\n")), sent, failed);
	return failed ? CLI_FAIL : CLI_OK;
}

int cmd_remind(int argc, char **argv)
{
	const char *lang = cli_lang();
	struct remind_opts o = {.mail = CLI_MAIL_DEFAULTS};
	int rc = cli_getopt("remind", argc, argv, remind_options, &o, NULL);
	if (rc != CLI_OK)
		return rc;
	if (!o.db)
		return cli_usage_error("remind", "%s", TR(lang, N_("--db FILE is required")));
	if ((rc = cli_mail_check("remind", &o.mail)) != CLI_OK)
		return rc;
	/* The link in every message starts with the site's address: without it
	 * the messages would point at a guess (this machine), which no one who
	 * reads them can open. A dry run writes no message. */
	if (!o.public_url && !o.dry_run)
		return cli_usage_error("remind", "%s", TR(lang, N_("--public-url is needed for the link in the messages: the site's address, such as https://lia.example.nl")));
	if (o.public_url && !site_address_ok(o.public_url))
		return cli_usage_error("remind", TR(lang, N_("--public-url needs the site's address like https://lia.example.nl (no / at the end), not '%s'")),
		                       o.public_url);
	cli_mail_configure(&o.mail, o.public_url);
	struct store *s = NULL;
	if ((rc = cli_open_db(o.db, &s)) != CLI_OK) {
		free(o.mail.password);
		return rc;
	}
	cli_mail_scope(s);
	rc = remind(s, &o);
	store_close(s);
	free(o.mail.password);
	return rc;
}
