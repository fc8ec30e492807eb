/*
 * pool: a fixed set of connections shared by the server's worker threads.
 * The pool owns every connection; a thread borrows one for the length of a
 * request and gives it back. One more connection, the watcher, only reads
 * the data version (store/version.c).
 */
#include "store/db.h"

#include "core/err.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>

struct store_pool {
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
	pthread_mutex_destroy(&p->watch_lock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->all);
	free(p->free_list);
	free(p);
}

struct store *store_pool_acquire(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct store *s = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return s;
}

void store_pool_release(struct store_pool *p, struct store *s)
{
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
