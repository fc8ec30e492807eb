/*
 * pool: a fixed set of connections shared by the server's worker threads.
 * The pool owns every connection; a thread borrows one for the length of a
 * request and gives it back. One more connection, the watcher, only reads
 * the data version (store/version.c).
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>

/* SQLite: the connections to one other municipality's file, opened when
 * first needed; at most MUNI_IDLE wait idle, more are closed on release. */
#define MUNI_IDLE 4
#define MUNI_MAX 256
struct muni_pool {
	long long id;
	unsigned nidle;
	struct store *idle[MUNI_IDLE];
	struct store *watch; /* its data version (never writes) */
};

struct store_pool {
	char *path;
	bool server;
	pthread_mutex_t muni_lock;
	unsigned nmuni;
	struct muni_pool muni[MUNI_MAX];
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned n, nfree;
	struct store **all;
	struct store **free_list;
	pthread_mutex_t watch_lock; /* the watcher is used by one thread at a time */
	struct store *watch;        /* never writes: its data_version sees every commit */
};

int store_pool_open(const char *path, unsigned n, struct store_pool **out, char **err)
{
	struct store_pool *p = mem_calloc(1, sizeof(*p));
	p->path = mem_strdup(path);
	p->server = store_is_server(path);
	pthread_mutex_init(&p->muni_lock, NULL);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	pthread_mutex_init(&p->watch_lock, NULL);
	p->all = mem_calloc(n, sizeof(*p->all));
	p->free_list = mem_calloc(n, sizeof(*p->free_list));
	for (unsigned i = 0; i < n; i++) {
		int rc = store_open(path, STORE_OPEN_EXISTING, &p->all[i], err);
		if (rc != 0) {
			store_pool_close(p);
			*out = NULL;
			return rc;
		}
		p->n++;
		p->free_list[p->nfree++] = p->all[i];
	}
	int rc = store_open(path, STORE_OPEN_EXISTING, &p->watch, err);
	if (rc != 0) {
		store_pool_close(p);
		*out = NULL;
		return rc;
	}
	*out = p;
	return 0;
}

void store_pool_close(struct store_pool *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < p->n; i++)
		store_close(p->all[i]);
	store_close(p->watch);
	for (unsigned i = 0; i < p->nmuni; i++) {
		for (unsigned j = 0; j < p->muni[i].nidle; j++)
			store_close(p->muni[i].idle[j]);
		store_close(p->muni[i].watch);
	}
	pthread_mutex_destroy(&p->muni_lock);
	free(p->path);
	pthread_mutex_destroy(&p->watch_lock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->all);
	free(p->free_list);
	free(p);
}

static struct store *acquire_shared(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct store *s = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return s;
}

struct store *store_pool_acquire(struct store_pool *p)
{
	struct store *s = store_pool_acquire_for(p, 1);
	return s ? s : acquire_shared(p);
}

/* SQLite: the pool of municipality id (made when first asked for), or NULL
 * when there are too many; with muni_lock held. */
static struct muni_pool *muni_find(struct store_pool *p, long long id)
{
	for (unsigned i = 0; i < p->nmuni; i++)
		if (p->muni[i].id == id)
			return &p->muni[i];
	if (p->nmuni == MUNI_MAX)
		return NULL;
	struct muni_pool *m = &p->muni[p->nmuni++];
	m->id = id;
	return m;
}

struct store *store_pool_acquire_for(struct store_pool *p, long long municipality_id)
{
	if (p->server || municipality_id == 1) {
		struct store *s = acquire_shared(p);
		if (p->server && s->municipality_id != municipality_id) {
			int e = 0;
			long long known = municipality_id == 1 ? 1 : db_int(s, &e, 0,
				"SELECT count(*) FROM municipality WHERE id = ?", "i", municipality_id);
			if (e || !known || db_pg_scope(s, municipality_id) != 0) {
				store_pool_release(p, s);
				return NULL;
			}
		}
		return s;
	}
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m = muni_find(p, municipality_id);
	struct store *s = m && m->nidle ? m->idle[--m->nidle] : NULL;
	pthread_mutex_unlock(&p->muni_lock);
	if (s || !m)
		return s;
	char *err = NULL;
	if (store_open_municipality(p->path, municipality_id, STORE_OPEN_EXISTING, &s, &err) != 0) {
		log_error("municipality %lld: %s", municipality_id, err ? err : "cannot open its database");
		free(err);
		return NULL;
	}
	return s;
}

void store_pool_release(struct store_pool *p, struct store *s)
{
	if (!p->server && s->municipality_id != 1) {
		pthread_mutex_lock(&p->muni_lock);
		struct muni_pool *m = muni_find(p, s->municipality_id);
		if (m && m->nidle < MUNI_IDLE) {
			m->idle[m->nidle++] = s;
			s = NULL;
		}
		pthread_mutex_unlock(&p->muni_lock);
		store_close(s);
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->free_list[p->nfree++] = s;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int store_data_version(struct store_pool *p, unsigned long long *out)
{
	long long v = 0;
	pthread_mutex_lock(&p->watch_lock);
	int rc = db_data_version(p->watch, &v);
	pthread_mutex_unlock(&p->watch_lock);
	*out = (unsigned long long)v;
	return rc;
}

int store_data_version_for(struct store_pool *p, long long municipality_id, unsigned long long *out)
{
	if (p->server || municipality_id == 1)
		return store_data_version(p, out);
	*out = 0;
	long long v = 0;
	int rc = LIA_ENOTFOUND;
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m = muni_find(p, municipality_id);
	if (m && !m->watch) {
		char *err = NULL;
		if (store_open_municipality(p->path, municipality_id, STORE_OPEN_EXISTING, &m->watch, &err) != 0) {
			log_error("municipality %lld: %s", municipality_id, err ? err : "cannot open its database");
			m->watch = NULL;
		}
		free(err);
	}
	if (m && m->watch)
		rc = db_data_version(m->watch, &v);
	pthread_mutex_unlock(&p->muni_lock);
	*out = (unsigned long long)v;
	return rc;
}
