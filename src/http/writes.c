/*
 * writes: the change requests' threads (see writes.h). Jobs wait in a
 * singly linked FIFO of small nodes; the threads sleep on a condition
 * variable while it is empty.
 */
#include "http/writes.h"

#include "core/mem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct job {
	struct job *next;
	void *arg;
};

struct http_writes {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct job *head, *tail;
	bool stopping;
	void (*run)(void *job, void *ctx);
	void *ctx;
	unsigned n;
	pthread_t *threads;
};

static void *serve(void *arg)
{
	struct http_writes *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->more, &w->lock);
		struct job *j = w->head;
		if (!j)
			break; /* stopping, and nothing left */
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		w->run(j->arg, w->ctx);
		free(j);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct http_writes *http_writes_new(unsigned n, void (*run)(void *job, void *ctx), void *ctx)
{
	struct http_writes *w = mem_calloc(1, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	w->run = run;
	w->ctx = ctx;
	w->threads = mem_calloc(n, sizeof(*w->threads));
	for (; w->n < n; w->n++) {
		int rc = pthread_create(&w->threads[w->n], NULL, serve, w);
		if (rc != 0)
			mem_die("cannot start a thread for changes: %s", strerror(rc));
	}
	return w;
}

void http_writes_push(struct http_writes *w, void *arg)
{
	struct job *j = mem_calloc(1, sizeof(*j));
	j->arg = arg;
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
}

void http_writes_free(struct http_writes *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->lock);
	for (unsigned i = 0; i < w->n; i++)
		pthread_join(w->threads[i], NULL);
	pthread_cond_destroy(&w->more);
	pthread_mutex_destroy(&w->lock);
	free(w->threads);
	free(w);
}
