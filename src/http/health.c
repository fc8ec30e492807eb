/*
 * health: GET /healthz, for the reverse proxy and the service manager. It
 * answers 200 "ok" while lia can do its work (the database answers a query
 * and its file is still in place, and the data folder can be written: SQLite
 * writes its journal there; on SQLite every other municipality's file too),
 * else 503 with one line that says what is wrong (a municipality by its
 * CBS code).
 * It is answered before the route table, without a session, a cookie or a
 * template, so it stays cheap and says nothing about anyone.
 */
#include "http/internal.h"

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* SQLite: why one of the other municipalities' files cannot be used, or
 * NULL: each is there, writable, and answers on its data-version watcher
 * (the pool keeps it open; opening it checks that the file is that
 * municipality's). A stat and a PRAGMA each, so a deployment of hundreds
 * stays in milliseconds. all: the registry. */
static const char *municipality_problem(struct http_exchange *x, json_t *all)
{
	const struct http_pipeline *p = x->pipe;
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		long long id = (long long)json_integer_value(json_object_get(m, "id"));
		const char *code = json_string_value(json_object_get(m, "code"));
		if (id == 1 || !code)
			continue;
		char *file = store_municipality_location(p->db_path, code);
		struct stat st;
		const char *why = !file ? NULL
			: stat(file, &st) != 0 ? "database file is missing"
			: access(file, R_OK | W_OK) != 0 ? "database file is not writable" : NULL;
		free(file);
		unsigned long long v;
		if (!why && store_data_version_for(p->pool, id, &v) != 0)
			why = "database does not answer";
		if (why)
			return arena_printf(x->req.arena, "%s: %s", code, why);
	}
	return NULL;
}

/* Why lia cannot work, or NULL when it can. */
static const char *problem(struct http_exchange *x)
{
	const struct http_pipeline *p = x->pipe;
	struct store *s = store_pool_acquire(p->pool);
	if (!s)
		return "database does not answer";
	int version = store_schema_version(s);
	json_t *all = NULL;
	bool several = p->db_path && !store_is_server(p->db_path);
	if (version > 0 && several && store_municipalities(s, &all) != 0)
		version = 0;
	store_pool_release(p->pool, s);
	const char *why = NULL;
	struct stat st;
	if (version <= 0)
		why = "database does not answer";
	else if (p->db_path && stat(p->db_path, &st) != 0)
		why = "database file is missing";
	else if (p->data_dir && access(p->data_dir, W_OK) != 0)
		why = "data folder is not writable";
	else if (json_array_size(all) > 1)
		why = municipality_problem(x, all);
	json_decref(all);
	return why;
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
	const char *why = problem(x);
	const char *body = why ? arena_printf(x->req.arena, "%s\n", why) : "ok\n";
	respond_body(x, why ? 503 : 200, "text/plain; charset=utf-8", body, strlen(body), false, "no-store", NULL, NULL);
	return true;
}
