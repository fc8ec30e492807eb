/*
 * conns: the header deadline (see conns.h): a list of open connections
 * under one lock, each with the bytes it had received when it last waited
 * for a request and, once more came, the time its headers became due.
 *
 * Late is the client's fault only if its headers are not all there.
 * libmicrohttpd serves the connections of one worker thread one at a time,
 * so while a handler of that thread waits (a form waiting for the writer
 * during an import, the import itself) a request on another of its
 * connections, a reader's kept-alive one, sits whole in the socket, unread.
 * Each sweep looks (MSG_PEEK, nothing is taken) at the connections whose
 * clock runs, and starts the clock again for one whose headers are
 * complete: it is answered when the thread is free, and is not shut down
 * in the moment between the thread taking the bytes and saying the
 * headers are in.
 */
#include "http/conns.h"

#include "core/mem.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* How much of a waiting request the sweep looks at for the end of its
 * headers (libmicrohttpd keeps no more than 64 KiB per connection). */
#define PEEK_BYTES (64u << 10)

struct http_conn {
	struct http_conn *prev, *next;
	int fd;
	uint64_t base;    /* bytes received when it began to wait for a request */
	time_t due_since; /* monotonic seconds; meaningful once started */
	bool waiting;     /* between requests: headers not yet in */
	bool started;     /* a byte of the next request came: the clock runs */
	bool shut;        /* shut down by a sweep already */
};

struct http_conns {
	pthread_mutex_t lock;
	struct http_conn *head;
	char *peek; /* PEEK_BYTES, for the sweep (under the lock) */
};

/* Bytes received on the socket so far, or UINT64_MAX when the kernel does
 * not say (the clock then starts at once). */
static uint64_t bytes_received(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received))
		return UINT64_MAX;
	return ti.tcpi_bytes_received;
}

/* True if a request's headers are complete in the socket's receive queue,
 * not yet read by libmicrohttpd (its thread is busy with another request).
 * buf has PEEK_BYTES. */
static bool headers_waiting(int fd, char *buf)
{
	ssize_t n = recv(fd, buf, PEEK_BYTES, MSG_PEEK | MSG_DONTWAIT);
	return n > 0 && (memmem(buf, (size_t)n, "\r\n\r\n", 4) || memmem(buf, (size_t)n, "\n\n", 2));
}

static time_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct http_conns *http_conns_new(void)
{
	struct http_conns *cs = mem_calloc(1, sizeof(*cs));
	cs->peek = mem_calloc(1, PEEK_BYTES);
	pthread_mutex_init(&cs->lock, NULL);
	return cs;
}

void http_conns_free(struct http_conns *cs)
{
	if (!cs)
		return;
	while (cs->head) {
		struct http_conn *c = cs->head;
		cs->head = c->next;
		free(c);
	}
	pthread_mutex_destroy(&cs->lock);
	free(cs->peek);
	free(cs);
}

struct http_conn *http_conns_add(struct http_conns *cs, int fd)
{
	struct http_conn *c = mem_calloc(1, sizeof(*c));
	c->fd = fd;
	c->waiting = true;
	pthread_mutex_lock(&cs->lock);
	c->next = cs->head;
	if (cs->head)
		cs->head->prev = c;
	cs->head = c;
	pthread_mutex_unlock(&cs->lock);
	return c;
}

void http_conns_headers_in(struct http_conns *cs, struct http_conn *c)
{
	pthread_mutex_lock(&cs->lock);
	c->waiting = false;
	pthread_mutex_unlock(&cs->lock);
}

void http_conns_answered(struct http_conns *cs, struct http_conn *c)
{
	uint64_t base = bytes_received(c->fd);
	pthread_mutex_lock(&cs->lock);
	c->waiting = true;
	c->started = false;
	c->base = base;
	pthread_mutex_unlock(&cs->lock);
}

void http_conns_remove(struct http_conns *cs, struct http_conn *c)
{
	pthread_mutex_lock(&cs->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		cs->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&cs->lock);
	free(c);
}

unsigned http_conns_sweep(struct http_conns *cs, unsigned deadline_s)
{
	unsigned n = 0;
	time_t now = now_s();
	pthread_mutex_lock(&cs->lock);
	for (struct http_conn *c = cs->head; c; c = c->next) {
		if (!c->waiting || c->shut)
			continue;
		if (!c->started) {
			uint64_t got = bytes_received(c->fd);
			if (got > c->base || got == UINT64_MAX || c->base == UINT64_MAX) {
				c->started = true;
				c->due_since = now;
			}
			continue;
		}
		/* Headers all in the socket: the clock starts again (the thread may
		 * take them between two sweeps, before it says they are in). */
		if (headers_waiting(c->fd, cs->peek)) {
			c->due_since = now;
			continue;
		}
		if (now - c->due_since > (time_t)deadline_s) {
			/* The socket is still open: remove() runs before it is
			 * closed and waits for this lock. */
			shutdown(c->fd, SHUT_RDWR);
			c->shut = true;
			n++;
		}
	}
	pthread_mutex_unlock(&cs->lock);
	return n;
}
