/*
 * proxy: what lia believes about where a request came from, which behind a
 * reverse proxy is what the proxy says (only with --trust-proxy): the
 * client's address (X-Forwarded-For, counted from the right), the scheme and
 * host the browser used (X-Forwarded-Proto, X-Forwarded-Host), and the
 * Origin check of unsafe requests that compares them with the Origin the
 * browser sent. Stage one of the pipeline (dispatch.c) calls these.
 */
#include "http/internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* The last value a trusted proxy gave for name: the proxy sets these
 * headers itself (proxy_set_header), so a client's own copy comes first or
 * was replaced. With trust_proxy 0 none is trusted: NULL. */
const char *http_forwarded(struct http_exchange *x, const char *name)
{
	if (!x->pipe->trust_proxy)
		return NULL;
	const char *v = NULL;
	for (unsigned i = 0; i < x->headers.n; i++)
		if (strcasecmp(x->headers.v[i].name, name) == 0)
			v = x->headers.v[i].value;
	if (v && strchr(v, ','))
		v = strrchr(v, ',') + 1;
	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v && *v ? v : NULL;
}

/* host[:port] without the port a scheme implies (80 for http, 443 for
 * https), as browsers leave it out of Origin while a Host header may carry it. */
static size_t host_len(const char *host, bool https)
{
	size_t n = strlen(host);
	const char *dflt = https ? ":443" : ":80";
	size_t d = strlen(dflt);
	if (n > d && strcmp(host + n - d, dflt) == 0)
		return n - d;
	return n;
}

/* If the browser names the page's origin, it must be this server as the
 * browser reached it: the same scheme, and the same host and port. Behind a
 * trusted proxy (which may send its own Host, such as nginx's default
 * $proxy_host) those are the ones it forwarded. */
bool http_origin_ok(struct http_exchange *x)
{
	struct req *r = &x->req;
	const char *origin = req_header(r, "Origin");
	if (!origin || strcmp(origin, "null") == 0)
		return origin == NULL;
	const char *host = http_forwarded(x, "X-Forwarded-Host");
	if (!host)
		host = req_header(r, "Host");
	if (!host)
		return false;
	const char *scheme = x->secure ? "https://" : "http://";
	size_t sl = strlen(scheme);
	if (strncasecmp(origin, scheme, sl) != 0)
		return false;
	const char *ohost = origin + sl;
	size_t on = host_len(ohost, x->secure), hn = host_len(host, x->secure);
	return on == hn && strncasecmp(ohost, host, on) == 0;
}

/* Behind trust_proxy proxies the client is the address the farthest of
 * them added to X-Forwarded-For: each proxy appends the peer it got the
 * request from, so that is the trust_proxy'th address from the right.
 * Anything left of it is what the client sent and may be made up. All
 * X-Forwarded-For headers count, in order, as one list. Without a trusted
 * proxy, or when that entry is not an IP address, the client is the peer
 * the server gave (http_request_client). */
void http_client_address(struct http_exchange *x)
{
	struct req *r = &x->req;
	unsigned hops = x->pipe->trust_proxy;
	const char *found = NULL;
	size_t found_len = 0;
	/* From the last header back, from the right within each. */
	for (unsigned i = x->headers.n; hops && i-- > 0;) {
		if (strcasecmp(x->headers.v[i].name, "X-Forwarded-For") != 0 || !x->headers.v[i].value)
			continue;
		const char *v = x->headers.v[i].value;
		const char *end = v + strlen(v);
		while (hops && end > v) {
			const char *start = end;
			while (start > v && start[-1] != ',')
				start--;
			const char *a = start, *b = end;
			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			found = a;
			found_len = (size_t)(b - a);
			hops--;
			end = start > v ? start - 1 : v;
		}
	}
	if (found && found_len && found_len < INET6_ADDRSTRLEN) {
		char ip[INET6_ADDRSTRLEN];
		unsigned char bin[sizeof(struct in6_addr)];
		memcpy(ip, found, found_len);
		ip[found_len] = '\0';
		if (inet_pton(AF_INET, ip, bin) == 1 || inet_pton(AF_INET6, ip, bin) == 1) {
			r->client_ip = arena_strdup(r->arena, ip);
			return;
		}
	}
	if (!r->client_ip)
		r->client_ip = "unknown";
}
