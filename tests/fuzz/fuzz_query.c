/*
 * fuzz_query: what every GET route reads from the address and the cookies,
 * with a real database behind it: query arguments (the list filters, years,
 * pages, the audit log's cursor, the search words, where to go after
 * signing in, the language), path parameters in place of ids, and cookies
 * (the session, the form token, any other), through the whole request
 * pipeline in-process (http/pipeline.h), as the public or signed in as the
 * coordinator (who may see every route). The demo database is made once, in
 * a temporary folder, by the code `lia demo` runs.
 *
 * The input: byte 0 picks a GET route of the table, byte 1 how to ask (bit 0
 * JSON, bit 1 signed in, bit 2 under /api/v1), then lines: "Q name=value" a
 * query argument, "C name=value" a cookie, "H name: value" a header, "P text"
 * the next path parameter (the others are 1). Values hold any byte but NUL
 * and newline, as libmicrohttpd hands them over after decoding.
 *
 * What must hold: nothing reads outside its memory (ASan, UBSan); every
 * request gets an answer, and never a 5xx: bad input is the client's error
 * (4xx), never the server's.
 *
 * Real fuzzing: tools/fuzz.sh query 600 (the whole library instrumented).
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/i18n.h"
#include "core/secret.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "store/store.h"
#include "view/view.h"

#include <liboath/oath.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct http_pipeline pipe_;
static char *session; /* the coordinator's session cookie */
static const struct route *gets[256];
static unsigned ngets;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_query: %s\n", what);
	abort();
}

static const char *now_iso(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

/* The value of the first Set-Cookie for name (malloc'd), or NULL. */
static char *set_cookie(const struct http_response *resp, const char *name)
{
	size_t n = strlen(name);
	for (unsigned i = 0; i < resp->headers.n; i++) {
		const struct http_pair *p = &resp->headers.v[i];
		if (strcasecmp(p->name, "Set-Cookie") == 0 && strncmp(p->value, name, n) == 0 && p->value[n] == '=')
			return strndup(p->value + n + 1, strcspn(p->value + n + 1, ";"));
	}
	return NULL;
}

/* Sign the coordinator in as a browser does: the sign-in page's form token
 * and pre-session cookie, then the form. */
static void sign_in(void)
{
	char now[24];
	struct http_exchange *x = http_exchange_new(&pipe_, "GET", "/sign-in", "fuzz", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	http_request_client(x, "127.0.0.1", false);
	http_exchange_run(x);
	const struct http_response *resp = http_exchange_response(x);
	char *pre = set_cookie(resp, "__Host-lia_csrf");
	char *body = strndup(resp->body, resp->body_len);
	const char *m = strstr(body, "name=\"csrf\" value=\"");
	char *token = m ? strndup(m + 19, strcspn(m + 19, "\"")) : NULL;
	free(body);
	http_exchange_free(x);
	if (!pre || !token)
		die("the sign-in page has no form token");
	x = http_exchange_new(&pipe_, "POST", "/sign-in", "fuzz", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	http_request_add(x, HTTP_COOKIE, "__Host-lia_csrf", pre);
	http_request_client(x, "127.0.0.1", false);
	http_body_set(x, json_pack("{s:s, s:s, s:s}", "csrf", token, "email", "coordinator@example.org", "password",
	                           "tulp molen fiets klomp"));
	http_exchange_run(x);
	/* The coordinator has a second factor (the demo's key): the code step. */
	char *pending = set_cookie(http_exchange_response(x), "__Host-lia_pending");
	http_exchange_free(x);
	if (!pending)
		die("the coordinator's password was not taken");
	char code[8];
	char *key = NULL;
	size_t len = 0;
	if (oath_init() != OATH_OK || oath_base32_decode("LIADEMOLIADEMOLIADEMOLIADEMOLIAD", 32, &key, &len) != OATH_OK ||
	    oath_totp_generate(key, len, time(NULL), 30, 0, 6, code) != OATH_OK)
		die("oath could not make a code");
	free(key);
	x = http_exchange_new(&pipe_, "POST", "/sign-in/code", "fuzz", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	http_request_add(x, HTTP_COOKIE, "__Host-lia_csrf", pre);
	http_request_add(x, HTTP_COOKIE, "__Host-lia_pending", pending);
	http_request_client(x, "127.0.0.1", false);
	http_body_set(x, json_pack("{s:s, s:s}", "csrf", token, "code", code));
	http_exchange_run(x);
	session = set_cookie(http_exchange_response(x), "__Host-lia_session");
	http_exchange_free(x);
	free(pending);
	free(pre);
	free(token);
	if (!session)
		die("the coordinator could not sign in");
}

static char dir[] = "/tmp/lia-fuzz-query-XXXXXX";
static char path[64]; /* the pipeline keeps it, for /healthz */

/* At exit: the temporary folder and the database in it. */
static void cleanup(void)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char f[80];
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", path, ends[i]);
		unlink(f);
	}
	rmdir(dir);
}

/* Once: the demo database in a temporary folder, the pipeline, a session. */
static void setup(void)
{
	if (!mkdtemp(dir))
		die("mkdtemp failed");
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	atexit(cleanup);
	i18n_init(NULL);
	if (secret_init() != 0)
		die("libsodium does not start");
	bool created;
	if (cli_prepare_db(path, CLI_DB_DEMO, NULL, &created) != CLI_OK)
		die("cannot make the demo database");
	char *err = NULL;
	if (store_pool_open(path, 1, &pipe_.pool, &err) != 0)
		die(err ? err : "cannot open the demo database");
	if (view_init() != 0)
		die("view_init failed");
	pipe_.example = true;
	pipe_.db_path = path;
	pipe_.data_dir = dir;
	for (unsigned i = 0; i < routes_count && ngets < sizeof(gets) / sizeof(gets[0]); i++)
		if (strcmp(routes[i].method, "GET") == 0)
			gets[ngets++] = &routes[i];
	sign_in();
}

/* The route's pattern with its captures filled: the next "P" value, else 1. */
static void fill(const char *pattern, char **params, unsigned nparams, char *out, size_t n)
{
	size_t o = 0;
	unsigned k = 0;
	for (const char *p = pattern; *p && o + 1 < n;) {
		if (*p == '{') {
			const char *v = k < nparams ? params[k] : "1";
			k++;
			o += (size_t)snprintf(out + o, n - o, "%s", v);
			if (o >= n)
				o = n - 1;
			const char *close = strchr(p, '}');
			p = close ? close + 1 : p + strlen(p);
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!pipe_.pool)
		setup();
	if (size < 2)
		return 0;
	const struct route *rt = gets[data[0] % ngets];
	uint8_t how = data[1];
	char *text = strndup((const char *)data + 2, size - 2); /* up to a NUL: values hold none */
	char *const text_end = text + strlen(text);
	char *params[4];
	unsigned nparams = 0;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == 'P' && line[1] == ' ' && nparams < 4)
			params[nparams++] = line + 2;
	}
	char url[LIMIT_URL_BYTES + 64];
	fill(rt->pattern, params, nparams, url + 7, sizeof(url) - 7);
	const char *u = url + 7;
	if (how & 4) {
		memcpy(url, "/api/v1", 7);
		u = url;
	}
	char now[24];
	struct http_exchange *x = http_exchange_new(&pipe_, "GET", u, "fuzz", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	if (how & 1)
		http_request_add(x, HTTP_HEADER, "Accept", "application/json");
	if (how & 2)
		http_request_add(x, HTTP_COOKIE, "__Host-lia_session", session);
	http_request_client(x, "127.0.0.1", false);
	/* The lines again, now each ended by a NUL (the newlines cut above). */
	for (char *line = text; line <= text_end;) {
		size_t len = strlen(line);
		if (len >= 2 && line[1] == ' ' && (line[0] == 'Q' || line[0] == 'C' || line[0] == 'H')) {
			char *name = line + 2;
			char *sep = strchr(name, line[0] == 'H' ? ':' : '=');
			if (sep) {
				*sep = '\0';
				const char *value = sep + 1;
				while (line[0] == 'H' && *value == ' ')
					value++;
				http_request_add(x, line[0] == 'Q' ? HTTP_QUERY : line[0] == 'C' ? HTTP_COOKIE : HTTP_HEADER, name,
				                 value);
			}
		}
		line += len + 1;
	}
	http_exchange_run(x);
	unsigned status = http_exchange_response(x)->status;
	if (status < 200 || status >= 500) {
		fprintf(stderr, "fuzz_query: GET %s answered %u\n", u, status);
		abort();
	}
	http_exchange_free(x);
	free(text);
	return 0;
}
