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
 * first needed; at most MUNI_IDLE wait idle per municipality, and at most
 * MUNI_OPEN_MAX connections (idle ones and data-version watchers) stay open
 * across all municipalities: beyond that the least recently used are closed
 * (a deployment of 342 municipalities would otherwise keep thousands of
 * descriptors). The table grows as municipalities are asked for. */
#define MUNI_IDLE 4
#define MUNI_OPEN_MAX 96
struct muni_pool {
	long long id;
	unsigned nidle;
	struct store *idle[MUNI_IDLE];
	struct store *watch;      /* its data version (never writes) */
	unsigned long long epoch; /* which opening of the watcher (its versions start again) */
	unsigned long long used;  /* p->tick when last used */
};

struct store_pool {
	char *path;
	bool server;
	bool bypass; /* PostgreSQL: the role skips row-level security */
	pthread_mutex_t muni_lock;
	unsigned nmuni, cap_muni;
	struct muni_pool *muni;
	unsigned nopen;             /* idle connections and watchers of other municipalities */
	unsigned long long tick;    /* LRU clock */
	unsigned long long epochs;  /* watchers opened so far */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned n, nfree;
	struct store **all;
	struct store **free_list;
	pthread_mutex_t watch_lock; /* the watcher is used by one thread at a time */
	struct store *watch;        /* never writes: its data_version sees every commit */
};

unsigned store_pool_open_files(struct store_pool *p)
{
	pthread_mutex_lock(&p->muni_lock);
	unsigned n = p->nopen;
	pthread_mutex_unlock(&p->muni_lock);
	return n;
}

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
	if (rc == 0 && p->server && store_bypasses_rls(p->watch, &p->bypass) != 0) {
		if (err)
			*err = mem_strdup("cannot read whether the role skips row-level security");
		rc = LIA_EDB;
	}
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
	free(p->muni);
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

/* Municipality 1's connection; NULL when it cannot be had (never one
 * scoped to another municipality). */
struct store *store_pool_acquire(struct store_pool *p)
{
	return store_pool_acquire_for(p, 1);
}

/* SQLite: the pool of municipality id (made when first asked for); with
 * muni_lock held. */
static struct muni_pool *muni_find(struct store_pool *p, long long id)
{
	for (unsigned i = 0; i < p->nmuni; i++)
		if (p->muni[i].id == id) {
			p->muni[i].used = ++p->tick;
			return &p->muni[i];
		}
	if (p->nmuni == p->cap_muni) {
		unsigned cap = p->cap_muni ? p->cap_muni * 2 : 16;
		p->muni = mem_realloc(p->muni, cap * sizeof(*p->muni));
		p->cap_muni = cap;
	}
	struct muni_pool *m = &p->muni[p->nmuni++];
	*m = (struct muni_pool){.id = id, .used = ++p->tick};
	return m;
}

/* Close the least recently used idle connections and watchers of other
 * municipalities while more than MUNI_OPEN_MAX are open, sparing keep;
 * with muni_lock held. */
static void muni_trim(struct store_pool *p, const struct muni_pool *keep)
{
	while (p->nopen > MUNI_OPEN_MAX) {
		struct muni_pool *lru = NULL;
		for (unsigned i = 0; i < p->nmuni; i++) {
			struct muni_pool *m = &p->muni[i];
			if (m != keep && (m->nidle || m->watch) && (!lru || m->used < lru->used))
				lru = m;
		}
		if (!lru)
			return;
		while (lru->nidle) {
			store_close(lru->idle[--lru->nidle]);
			p->nopen--;
		}
		if (lru->watch) {
			store_close(lru->watch);
			lru->watch = NULL;
			p->nopen--;
		}
	}
}

struct store *store_pool_acquire_for(struct store_pool *p, long long municipality_id)
{
	if (p->bypass && municipality_id != 1) {
		/* Row-level security would not separate it from the others. */
		log_error("municipality %lld is not served: the database role skips row-level security "
		          "(connect as an ordinary role)", municipality_id);
		return NULL;
	}
	if (p->server || municipality_id == 1) {
		struct store *s = acquire_shared(p);
		if (p->bypass) {
			/* Municipality 1 alone: with a second one its rows would
			 * show the other's too. */
			int e = 0;
			long long n = db_int(s, &e, 0, "SELECT count(*) FROM municipality", NULL);
			if (e || n != 1) {
				log_error("no municipality is served: the database role skips row-level security and the "
				          "deployment has several municipalities (connect as an ordinary role)");
				store_pool_release(p, s);
				return NULL;
			}
		}
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
	struct store *s = NULL;
	if (m->nidle) {
		s = m->idle[--m->nidle];
		p->nopen--;
	}
	pthread_mutex_unlock(&p->muni_lock);
	if (s)
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
		if (m->nidle < MUNI_IDLE) {
			m->idle[m->nidle++] = s;
			p->nopen++;
			s = NULL;
			muni_trim(p, m);
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

/* SQLite: the watcher of municipality id, opened if need be; with
 * muni_lock held. NULL when its file cannot be opened (logged). */
static struct store *muni_watch(struct store_pool *p, long long municipality_id, struct muni_pool **out)
{
	struct muni_pool *m = muni_find(p, municipality_id);
	*out = m;
	if (!m->watch) {
		char *err = NULL;
		if (store_open_municipality(p->path, municipality_id, STORE_OPEN_EXISTING, &m->watch, &err) != 0) {
			log_error("municipality %lld: %s", municipality_id, err ? err : "cannot open its database");
			m->watch = NULL;
		} else {
			/* A watcher opened again counts from its own start: the
			 * epoch keeps its numbers apart from the closed one's. */
			m->epoch = ++p->epochs;
			p->nopen++;
			muni_trim(p, m);
		}
		free(err);
	}
	return m->watch;
}

int store_data_version_for(struct store_pool *p, long long municipality_id, unsigned long long *out)
{
	if (p->server || municipality_id == 1)
		return store_data_version(p, out);
	*out = 0;
	long long v = 0;
	int rc = LIA_ENOTFOUND;
	pthread_mutex_lock(&p->muni_lock);
	struct muni_pool *m;
	struct store *w = muni_watch(p, municipality_id, &m);
	if (w)
		rc = db_data_version(w, &v);
	unsigned long long epoch = m->epoch;
	pthread_mutex_unlock(&p->muni_lock);
	*out = rc == 0 ? (epoch << 40) + (unsigned long long)v : 0;
	return rc;
}

/* SQLite: the counter of what the national picture reads from one file
 * (lia_national_version, 0020), read on watcher w. */
static int national_counter(struct store *w, unsigned long long *out)
{
	int e = 0;
	long long n = db_int(w, &e, -1, "SELECT n FROM lia_national_version WHERE id = 1", NULL);
	if (e || n < 0)
		return LIA_EDB;
	*out = (unsigned long long)n;
	return 0;
}

int store_national_version(struct store_pool *p, unsigned long long *out)
{
	*out = 0;
	if (p->server)
		return store_data_version(p, out);
	/* The registry first, on the deployment's watcher (it never writes:
	 * each read is a transaction of its own, so it sees every commit). */
	pthread_mutex_lock(&p->watch_lock);
	json_t *ids = db_rows(p->watch, "SELECT id FROM municipality ORDER BY id", NULL);
	unsigned long long sum = 0;
	int rc = ids ? national_counter(p->watch, &sum) : LIA_EDB;
	pthread_mutex_unlock(&p->watch_lock);
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row) {
		long long id = json_integer_value(json_object_get(row, "id"));
		if (rc != 0 || id == 1)
			continue;
		unsigned long long n = 0;
		pthread_mutex_lock(&p->muni_lock);
		struct muni_pool *m;
		struct store *w = muni_watch(p, id, &m);
		rc = w ? national_counter(w, &n) : LIA_ENOTFOUND;
		pthread_mutex_unlock(&p->muni_lock);
		sum += n;
	}
	json_decref(ids);
	*out = rc == 0 ? sum : 0;
	return rc;
}
