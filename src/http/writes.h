/*
 * writes: threads of their own for the requests that change something.
 *
 * A change waits for the one writer (SQLite's write lock, PostgreSQL's
 * advisory lock) for as long as it is held: a web import of 100,000 expense
 * lines holds it for tens of seconds. libmicrohttpd serves the connections
 * of one worker thread one at a time, so a change made on that thread would
 * keep every other connection of the thread unread all that time, and
 * libmicrohttpd's idle timeout, which it checks before it reads, would then
 * close a kept-alive connection whose next request sat whole in the socket.
 * So the server suspends a change's connection once its body is in and
 * hands the rest (stage two) to these threads; they resume the connection
 * when the answer is made, and the worker thread serves its other
 * connections meanwhile.
 *
 * A FIFO queue under one lock, served by a fixed number of threads. No
 * libmicrohttpd here: the job's run function does the suspending party's
 * part (server.c).
 */
#ifndef LIA_HTTP_WRITES_H
#define LIA_HTTP_WRITES_H

struct http_writes;

/* n threads that call run(job, ctx) for each job pushed, in the order they
 * were pushed. Never NULL (dies when a thread cannot start). */
struct http_writes *http_writes_new(unsigned n, void (*run)(void *job, void *ctx), void *ctx);
/* Queue a job; a free thread runs it. */
void http_writes_push(struct http_writes *w, void *job);
/* Run every job already queued, then stop the threads and free w (NULL:
 * nothing). No push may come after or during this call. */
void http_writes_free(struct http_writes *w);

#endif
