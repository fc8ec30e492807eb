/*
 * q_national_all: the published summaries of every municipality of a
 * deployment, for the national picture at its root (see national.h).
 *
 * A summary is four queries on one municipality's data (q_national.c);
 * 342 of them on every page would be 1,368 round trips on PostgreSQL. So
 * each is kept here with the data version it was read at, and read again
 * only when that version moved:
 *   - PostgreSQL: the deployment's one counter (lia_data_version), read in
 *     the same snapshot as the summaries, on the request's own connection,
 *     scoped to each municipality in turn and back (row-level security
 *     stays on; nothing here reads across municipalities). Any write in
 *     the deployment renews every summary at the next page (once).
 *   - SQLite: each municipality's own file's national counter (0020, as
 *     the pool knows it: store_national_counter_for), or its data version
 *     when the pool has no watch on the files, read before its summary on
 *     a connection of its own (so a change in between only renews it
 *     again). Municipality 1 is the request's connection, whose snapshot
 *     may be older than the version: it is read every time (0.1 ms).
 */
#include "store/national.h"

#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>

struct kept {
	const struct store_pool *pool;
	long long id;
	unsigned long long version;
	json_t *summary; /* owned; copied out under the lock */
};

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kept *kept;
static size_t nkept, kept_cap;

static struct kept *kept_find(const struct store_pool *p, long long id)
{
	for (size_t i = 0; i < nkept; i++)
		if (kept[i].pool == p && kept[i].id == id)
			return &kept[i];
	return NULL;
}

/* A copy of the summary kept for (p, id) at version, or NULL. */
static json_t *kept_get(const struct store_pool *p, long long id, unsigned long long version)
{
	pthread_mutex_lock(&kept_lock);
	struct kept *k = kept_find(p, id);
	json_t *out = k && k->version == version ? json_deep_copy(k->summary) : NULL;
	pthread_mutex_unlock(&kept_lock);
	return out;
}

static void kept_put(const struct store_pool *p, long long id, unsigned long long version, json_t *summary)
{
	json_t *copy = json_deep_copy(summary);
	pthread_mutex_lock(&kept_lock);
	struct kept *k = kept_find(p, id);
	if (!k) {
		if (nkept == kept_cap) {
			kept_cap = kept_cap ? kept_cap * 2 : 64;
			kept = mem_realloc(kept, kept_cap * sizeof(*kept));
		}
		k = &kept[nkept++];
		*k = (struct kept){.pool = p, .id = id};
	}
	json_decref(k->summary);
	k->summary = copy;
	k->version = version;
	pthread_mutex_unlock(&kept_lock);
}

/* A municipality without a programme yet: nothing published. */
static json_t *empty_summary(void)
{
	return json_pack("{s:s, s:[], s:i, s:n, s:n, s:i, s:{}, s:{}, s:[]}", "phase", "in_ontwikkeling", "themes",
	                 "reports", 0, "last_reported", "as_of", "actions", 0, "by_status", "by_health", "articles");
}

static int summary_on(struct store *c, json_t **out)
{
	int rc = store_published_summary(c, out);
	if (rc == LIA_ENOTFOUND) {
		*out = empty_summary();
		rc = 0;
	}
	return rc;
}

/* SQLite: the summary of municipality id (not s's), kept per its file's
 * national counter (what the summary reads moves it, nothing else does), or
 * without the pool's watch on the files per its data version (which a
 * watcher closed and opened again also moves: at 342 municipalities the
 * pool keeps 96, so nearly all would be read again); the top bit keeps the
 * two kinds apart. s is the deployment's connection. */
static int summary_sqlite(struct store *s, struct store_pool *p, long long id, json_t **out)
{
	unsigned long long v = 0;
	bool keep = store_national_counter_for(p, id, &v) == 0;
	if (keep)
		v |= 1ULL << 63;
	else
		keep = store_data_version_for(p, id, &v) == 0;
	if (keep && (*out = kept_get(p, id, v)))
		return 0;
	struct store *c = store_pool_acquire_for(p, id);
	int rc;
	if (c) {
		rc = summary_on(c, out);
		store_pool_release(p, c);
	} else { /* past the pool's bound of municipalities (store/pool.c): a connection of its own */
		char *err = NULL;
		rc = store_open_municipality(store_deployment(s), id, STORE_OPEN_EXISTING, &c, &err);
		free(err);
		if (rc == 0) {
			rc = summary_on(c, out);
			store_close(c);
		}
	}
	if (rc == 0 && keep)
		kept_put(p, id, v, *out);
	return rc;
}

/* PostgreSQL: the summary of municipality id read on s (scoped to it for
 * these queries), kept per the deployment's version v. */
static int summary_pg(struct store *s, struct store_pool *p, long long id, unsigned long long v, json_t **out)
{
	if ((*out = kept_get(p, id, v)))
		return 0;
	int rc = db_pg_scope_tx(s, id);
	if (rc == 0)
		rc = summary_on(s, out);
	if (rc == 0)
		kept_put(p, id, v, *out);
	return rc;
}

int store_published_summaries(struct store *s, struct store_pool *p, json_t *registry, json_t **out)
{
	long long home = s->municipality_id;
	unsigned long long v = 0;
	if (s->kind == DB_PG) {
		/* The counter in this connection's snapshot, the one the summaries
		 * are read in. Each is read as its municipality for the rest of the
		 * page's transaction only (db_pg_scope_tx), and home is put back
		 * below, so the page and the connection go on as they began. */
		int e = 0;
		v = (unsigned long long)db_int(s, &e, 0, "SELECT n FROM lia_data_version WHERE id = 1", NULL);
		if (e)
			return LIA_EDB;
	}
	json_t *items = json_array();
	int rc = 0;
	size_t i;
	json_t *m;
	json_array_foreach(registry, i, m) {
		long long id = json_integer_value(json_object_get(m, "id"));
		json_t *summary = NULL;
		if (s->kind == DB_PG)
			rc = summary_pg(s, p, id, v, &summary);
		else if (id == home)
			rc = summary_on(s, &summary);
		else
			rc = summary_sqlite(s, p, id, &summary);
		if (rc != 0) {
			log_error("the published summary of municipality %lld cannot be read", id);
			break;
		}
		json_array_append_new(items, json_pack("{s:O, s:o}", "municipality", m, "summary", summary));
	}
	if (s->kind == DB_PG && db_pg_scope_tx(s, home) != 0)
		rc = LIA_EDB;
	if (rc != 0) {
		json_decref(items);
		return rc;
	}
	*out = items;
	return 0;
}

int store_deployment_version(struct store_pool *p, unsigned long long *out)
{
	return store_national_version(p, out);
}
