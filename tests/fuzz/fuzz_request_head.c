/*
 * fuzz_request_head: what stage one of the pipeline reads from a request
 * before any route (http/dispatch.c, http/proxy.c): the path, X-Forwarded-For (counted
 * from the right behind trusted proxies), X-Forwarded-Proto and -Host, the
 * language from the query, the cookie and Accept-Language, and the access
 * log's escaping of what the client sent (core/log.c). The input is: one
 * byte for the number of trusted proxies (0 to 3), then lines; the first is
 * the path, the others "H name: value" (a header), "C name=value" (a
 * cookie) or "Q name=value" (a query argument). The path is sent to a route
 * that does not exist unless it is /static/..., so no database is needed.
 *
 * What must hold: nothing reads outside the input (ASan); the client's
 * address is an IP address or the peer's; the answer has a status; the log
 * escape of the path and every value holds no control character and no
 * raw 0x80-0x9F byte, and is no longer than its buffer.
 *
 * Real fuzzing: as in fuzz_body.c, with tests/fuzz/fuzz_request_head.c and
 * src/http/dispatch.c, src/http/proxy.c, src/http/request.c, src/core/log.c.
 */
#include "core/log.h"
#include "http/internal.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void escaped_ok(const char *s)
{
	char out[256];
	size_t n = log_escape(out, sizeof(out), s);
	if (n >= sizeof(out) || strlen(out) != n)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f && (i == 0 || (unsigned char)out[i - 1] == 0xc2)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct http_pipeline pipe = {.trust_proxy = data[0] % 4};
	char *text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	char *save = NULL, *line = strtok_r(text, "\n", &save);
	const char *path = line && line[0] == '/' ? line : "/";
	/* Only /static/... reaches a handler without a database; the rest 404. */
	char url[512];
	snprintf(url, sizeof(url), "%s%s", strncmp(path, "/static/", 8) == 0 ? "" : "/no-such-page", path);
	struct http_exchange *x = http_exchange_new(&pipe, "GET", url, "fuzz", "2026-01-01T00:00:00Z");
	http_request_add(x, HTTP_HEADER, "Accept", "application/json");
	http_request_client(x, "192.0.2.1", false);
	escaped_ok(url);
	while ((line = strtok_r(NULL, "\n", &save))) {
		if (strlen(line) < 2 || line[1] != ' ')
			continue;
		char *name = line + 2;
		char *sep = strpbrk(name, line[0] == 'H' ? ":" : "=");
		if (!sep)
			continue;
		*sep = '\0';
		const char *value = sep + 1;
		while (*value == ' ')
			value++;
		escaped_ok(value);
		if (line[0] == 'H')
			http_request_add(x, HTTP_HEADER, name, value);
		else if (line[0] == 'C')
			http_request_add(x, HTTP_COOKIE, name, value);
		else if (line[0] == 'Q')
			http_request_add(x, HTTP_QUERY, name, value);
	}
	http_exchange_run(x);
	const struct req *r = http_exchange_req(x);
	unsigned char bin[16];
	if (!r->client_ip || !(inet_pton(AF_INET, r->client_ip, bin) == 1 || inet_pton(AF_INET6, r->client_ip, bin) == 1))
		abort();
	if (http_exchange_response(x)->status < 200)
		abort();
	http_exchange_free(x);
	free(text);
	return 0;
}
