/*
 * cli: helpers shared by the commands: language, error messages, database
 * preparation.
 */
#include "cli/cli.h"

#include "core/i18n.h"
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cli_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return (strncmp(v, "nl", 2) == 0) ? "nl" : "en";
	}
	return "en";
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "lia %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, TR(cli_lang(), N_("Run 'lia %s --help' to see the options.\n")), cmd);
	return CLI_USAGE;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("lia: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

bool cli_parse_port(const char *s, unsigned *port)
{
	char *end = NULL;
	if (!s || !*s)
		return false;
	long v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 65535)
		return false;
	*port = (unsigned)v;
	return true;
}

int cli_prepare_db(const char *path, bool with_demo, bool *created)
{
	const char *lang = cli_lang();
	*created = access(path, F_OK) != 0;
	struct store *s = NULL;
	char *err = NULL;
	int rc = store_open(path, STORE_OPEN_CREATE, &s, &err);
	if (rc == 0)
		rc = store_migrate(s, &err);
	if (rc == 0)
		rc = store_load_reference(s, &err);
	if (rc == 0 && with_demo && !store_has_programme(s))
		rc = store_load_demo(s, &err);
	store_close(s);
	if (rc != 0) {
		cli_fail(TR(lang, N_("cannot prepare the database %s: %s")), path, err ? err : "unknown error");
		free(err);
		if (*created)
			unlink(path); /* never leave a half-made database behind */
		return CLI_FAIL;
	}
	return CLI_OK;
}
