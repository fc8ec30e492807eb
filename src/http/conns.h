/*
 * conns: the header deadline. A client gets LIMIT_HEADER_S seconds to send
 * a request's headers, counted from the moment the connection opened or the
 * previous answer on it was sent. Connections that take longer (slowloris:
 * one header byte every few seconds, which resets libmicrohttpd's idle
 * timeout each time) are shut down, so a few hundred of them cannot hold the
 * server's connection slots and file descriptors for good.
 *
 * The server registers each connection by its socket and says when the
 * headers are in and when an answer was sent; http_conns_sweep(), called
 * about once a second from the main thread, shuts down the sockets that are
 * late. shutdown() leaves closing the socket to libmicrohttpd (its next read
 * ends), and entries are removed under the same lock before libmicrohttpd
 * closes the socket, so a sweep never touches a descriptor that was reused.
 * No libmicrohttpd here: server.c feeds it.
 */
#ifndef LIA_HTTP_CONNS_H
#define LIA_HTTP_CONNS_H

struct http_conns;
struct http_conn;

/* A registry for one server; free with http_conns_free() once the server
 * stopped (no connection left). Never NULL. */
struct http_conns *http_conns_new(void);
void http_conns_free(struct http_conns *cs);

/* A connection on socket fd opened: its headers are due within the
 * deadline. The entry belongs to the registry until http_conns_remove(). */
struct http_conn *http_conns_add(struct http_conns *cs, int fd);
/* The request's headers are in: no deadline until the answer is sent. */
void http_conns_headers_in(struct http_conns *cs, struct http_conn *c);
/* The answer was sent: the next request's headers are due within the deadline. */
void http_conns_answered(struct http_conns *cs, struct http_conn *c);
/* The connection is about to be closed: forget it (c is freed). Must come
 * before the socket is closed. */
void http_conns_remove(struct http_conns *cs, struct http_conn *c);

/* Shut down every connection whose headers are more than deadline_s seconds
 * late. Returns how many. */
unsigned http_conns_sweep(struct http_conns *cs, unsigned deadline_s);

#endif
