/*
 * health: GET /healthz, for the reverse proxy and the service manager. It
 * answers 200 "ok" while lia can do its work (the database answers a query
 * and its file is still in place, and the data folder can be written: SQLite
 * writes its journal there), else 503 with one line that says what is wrong.
 * It is answered before the route table, without a session, a cookie or a
 * template, so it stays cheap and says nothing about anyone.
 */
#include "http/internal.h"

#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why lia cannot work, or NULL when it can. */
static const char *problem(const struct http_pipeline *p)
{
	struct store *s = store_pool_acquire(p->pool);
	if (!s)
		return "database does not answer";
	int version = store_schema_version(s);
	store_pool_release(p->pool, s);
	if (version <= 0)
		return "database does not answer";
	struct stat st;
	if (p->db_path && stat(p->db_path, &st) != 0)
		return "database file is missing";
	if (p->data_dir && access(p->data_dir, W_OK) != 0)
		return "data folder is not writable";
	return NULL;
}

bool http_health(struct http_exchange *x)
{
	if (strcmp(x->url, "/healthz") != 0)
		return false;
	if (strcmp(x->req.method, "GET") != 0 && strcmp(x->req.method, "HEAD") != 0) {
		static const char msg[] = "method not allowed\n";
		respond_body(x, 405, "text/plain; charset=utf-8", msg, sizeof(msg) - 1, false, "no-store", NULL, "GET, HEAD");
		return true;
	}
	const char *why = problem(x->pipe);
	const char *body = why ? arena_printf(x->req.arena, "%s\n", why) : "ok\n";
	respond_body(x, why ? 503 : 200, "text/plain; charset=utf-8", body, strlen(body), false, "no-store", NULL, NULL);
	return true;
}
