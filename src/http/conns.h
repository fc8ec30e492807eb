/*
 * conns: the header deadline. A client gets LIMIT_HEADER_S seconds to send
 * a request's headers, counted from the first byte of the request (seen by
 * the kernel's count of bytes received on the socket, TCP_INFO). Connections
 * that take longer (slowloris: one header byte every few seconds, which
 * resets libmicrohttpd's idle timeout each time) are shut down, so a few
 * hundred of them cannot hold the server's connection slots and file
 * descriptors for good. A connection whose headers are all in its socket,
 * unread because its worker thread is busy with another request, is not
 * late: it waits for the thread (conns.c). A connection that sends nothing, new or kept alive
 * between requests, is libmicrohttpd's idle timeout's business
 * (CONN_TIMEOUT_S): closing idle keep-alive connections early would race
 * with clients that reuse them.
 *
 * The server registers each connection by its socket and says when the
 * headers are in and when an answer was sent; http_conns_sweep(), called
 * about once a second from the main thread, starts the clock of connections
 * that received bytes and shuts down the sockets that are late. shutdown()
 * leaves closing the socket to libmicrohttpd (its next read ends), and
 * entries are removed under the same lock before libmicrohttpd closes the
 * socket, so a sweep never touches a descriptor that was reused. No
 * libmicrohttpd here: server.c feeds it.
 */
#ifndef LIA_HTTP_CONNS_H
#define LIA_HTTP_CONNS_H

struct http_conns;
struct http_conn;

/* A registry for one server; free with http_conns_free() once the server
 * stopped (no connection left). Never NULL. */
struct http_conns *http_conns_new(void);
void http_conns_free(struct http_conns *cs);

/* A connection on socket fd opened: the clock starts with its first byte.
 * The entry belongs to the registry until http_conns_remove(). */
struct http_conn *http_conns_add(struct http_conns *cs, int fd);
/* The request's headers are in: no deadline until the answer is sent. */
void http_conns_headers_in(struct http_conns *cs, struct http_conn *c);
/* The answer was sent: the clock starts again with the next byte. Called
 * on the connection's own thread. */
void http_conns_answered(struct http_conns *cs, struct http_conn *c);
/* The connection is about to be closed: forget it (c is freed). Must come
 * before the socket is closed. */
void http_conns_remove(struct http_conns *cs, struct http_conn *c);

/* Start the clock of connections that received bytes since they opened or
 * were last answered, and shut down every connection whose headers are more
 * than deadline_s seconds late and still not all received. Returns how many
 * were shut down. */
unsigned http_conns_sweep(struct http_conns *cs, unsigned deadline_s);

#endif
