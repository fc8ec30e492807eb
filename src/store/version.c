/*
 * version: the data version of a database, for the HTTP cache of ready
 * bytes (http/cache.c). It must change whenever anyone commits a change to
 * what a page may show: this server's own connections, or another process
 * (a `lia import` run while the server serves). On both engines it is a
 * one-row counter, lia_data_version, that every change to every table
 * moves in the same transaction (PostgreSQL: 0017_data_version.pg.sql;
 * SQLite: 0021_data_version.sqlite.sql and migrate.c), except the tables
 * that change on signed-in requests (sessions, sign-in attempts, API
 * tokens' last use). A reader sees the new number exactly when it sees the
 * new data.
 *
 * SQLite: the pool reads it on a connection of its own that never writes
 * (the watcher): each read is a transaction of its own, so it sees every
 * commit, in this process or another. That read costs microseconds.
 *
 * PostgreSQL: a read is a round trip to the server, on every request for a
 * ready page. So the counter's trigger also sends a notification
 * (0025_data_version_notify.pg.sql), and the listener here, on a connection
 * and a thread of its own, counts what tells it the data changed. Its count
 * is the version while it listens (a number of this process only: the top
 * bit keeps it apart from the counter's numbers, which the pool reads
 * while it does not):
 *   - PostgreSQL delivers a notification after its transaction committed
 *     and once that commit is visible, so a reader that sees the new count
 *     sees the new data.
 *   - The server's own writes do not wait for their notification (a form
 *     saved, then the page it leads to): when the pool takes back a
 *     connection that began a write transaction (or ran db_exec outside
 *     one), after the commit and
 *     before the answer leaves, it reads the counter on that connection
 *     and counts a change if the number is not the last one known
 *     (store_pool_release, version_listener_wrote). A write transaction
 *     that changed nothing counted (the daily housekeeping of 342
 *     municipalities at the start, a session's activity) leaves the number
 *     as it was, and so the ready pages.
 *   - The count moves before the last number known does, everywhere: who
 *     sees that number sees the count that goes with it.
 *   - Another process's commit (an import, a second server) is counted
 *     when its notification arrives: well under a millisecond on one
 *     machine.
 *   - Without its connection (a restart of PostgreSQL), the listener is not
 *     live and the pool reads the counter on each request, until the
 *     listener has connected again, LISTENs and counts once more (what
 *     changed in between is not known).
 *   - Every LISTEN_CHECK_MS without a notification the listener reads the
 *     counter itself: a connection that died without a word is found, and a
 *     change whose notification was lost with it is counted.
 *   - The listener confirms it still hears the server with every
 *     notification and every check; a version it has not confirmed for
 *     LISTEN_STALE_MS is not given (the pool reads the counter), so a
 *     connection that hangs without a word cannot keep old pages.
 * The count only grows. A database put back from an older backup, whose
 * counter goes back, is counted as changed, except for a commit that
 * brings the counter back to exactly the number last known: stop the
 * server while a backup is put back, as docs/install.md says.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define LISTEN_CHANNEL "lia_data_version"
#define LISTEN_RETRY_MS 1000
#define LISTEN_CHECK_MS 10000
#define LISTEN_STALE_MS (3 * LISTEN_CHECK_MS)

int db_data_version(struct store *s, long long *out)
{
	/* The statement is cached; db_int() resets it after the row, which ends
	 * its read transaction, so the next call sees later commits. */
	int err = 0;
	long long v = db_int(s, &err, -1, "SELECT n FROM lia_data_version WHERE id = 1", NULL);
	if (err)
		return err;
	*out = v;
	return 0;
}

struct version_listener {
	char *uri;
	pthread_t thread;
	int wake[2];                    /* a pipe: written to stop the thread */
	struct store *s;                /* the thread's own connection; NULL while it has none */
	_Atomic long long last;         /* the counter as last read or sent */
	_Atomic unsigned long long gen; /* changes counted so far */
	atomic_bool live;               /* s listens: gen follows every commit */
	_Atomic long long heard_ms;     /* when the server was last heard (now_ms) */
};

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The counter is v now: counted if that is news. */
static void counter_is(struct version_listener *l, long long v)
{
	if (v != atomic_load(&l->last)) {
		atomic_fetch_add(&l->gen, 1);
		atomic_store(&l->last, v);
	}
}

void version_listener_wrote(struct version_listener *l, struct store *s)
{
	long long v = 0;
	if (db_data_version(s, &v) == 0)
		counter_is(l, v);
	else /* not known: counted, to be sure */
		atomic_fetch_add(&l->gen, 1);
}

bool version_listener_get(struct version_listener *l, unsigned long long *out)
{
	if (!atomic_load(&l->live) || now_ms() - atomic_load(&l->heard_ms) > LISTEN_STALE_MS)
		return false;
	*out = (1ULL << 63) | atomic_load(&l->gen);
	return true;
}

/* The counter read on the listener's connection: counted if it moved. */
static int check_counter(struct version_listener *l)
{
	long long v = 0;
	/* Never a statement on a lost connection: it would connect again,
	 * without the LISTEN. */
	int rc = db_pg_connected(l->s) ? db_data_version(l->s, &v) : LIA_EDB;
	if (rc == 0) {
		counter_is(l, v);
		atomic_store(&l->heard_ms, now_ms());
	}
	return rc;
}

/* Connect, LISTEN, read the counter: a commit before the LISTEN is in what
 * is read, one after it is sent. Counted once (nothing was known while not
 * listening), and only then live. */
static int listen_again(struct version_listener *l)
{
	char *err = NULL;
	long long v = 0;
	int rc = store_open(l->uri, STORE_OPEN_EXISTING, &l->s, &err);
	free(err);
	if (rc != 0) {
		l->s = NULL;
		return rc;
	}
	/* Named, for whoever looks at pg_stat_activity; never ended by the
	 * server for being idle (PostgreSQL 14 on), nor held up for long. */
	if ((rc = db_script(l->s, "SET application_name = 'lia: data version'; SET statement_timeout = '5s';"
	                          " DO $$ BEGIN PERFORM set_config('idle_session_timeout', '0', false);"
	                          " EXCEPTION WHEN undefined_object THEN NULL; END $$", NULL)) != 0 ||
	    (rc = db_pg_listen(l->s, LISTEN_CHANNEL)) != 0 || (rc = db_data_version(l->s, &v)) != 0) {
		store_close(l->s);
		l->s = NULL;
		return rc;
	}
	atomic_fetch_add(&l->gen, 1);
	atomic_store(&l->last, v);
	atomic_store(&l->heard_ms, now_ms());
	atomic_store(&l->live, true);
	return 0;
}

static void drop(struct version_listener *l)
{
	atomic_store(&l->live, false);
	store_close(l->s);
	l->s = NULL;
}

static void *listen_main(void *arg)
{
	struct version_listener *l = arg;
	bool lost_said = false;
	for (;;) {
		if (!l->s) {
			if (listen_again(l) != 0) {
				if (!lost_said)
					log_warn("the data version is read from the database on each request until the connection "
					         "to it can be made again");
				lost_said = true;
				struct pollfd w = {.fd = l->wake[0], .events = POLLIN};
				if (poll(&w, 1, LISTEN_RETRY_MS) > 0)
					break;
				continue;
			}
			if (lost_said)
				log_info("the data version is known without asking the database again");
			lost_said = false;
		}
		long long sent = -1; /* the counter is never negative */
		int rc = db_pg_wait(l->s, l->wake[0], LISTEN_CHECK_MS, &sent);
		if (rc == DB_WAIT_WOKEN)
			break;
		if (rc == DB_WAIT_NOTIFIED) {
			if (sent >= 0)
				counter_is(l, sent); /* not if this process's write was counted already */
			else
				atomic_fetch_add(&l->gen, 1); /* a payload that is no number: counted, to be sure */
			atomic_store(&l->heard_ms, now_ms());
		} else if (rc == DB_WAIT_TIMEOUT || rc == DB_WAIT_OTHER) {
			rc = check_counter(l);
		}
		if (rc < 0) {
			log_warn("the connection that listens for changes to the data was lost: the data version is read from "
			         "the database on each request until it is back");
			lost_said = true;
			drop(l);
			/* A moment before connecting again, so that a connection
			 * that fails at once does not make a loop. */
			struct pollfd w = {.fd = l->wake[0], .events = POLLIN};
			if (poll(&w, 1, LISTEN_RETRY_MS / 10) > 0)
				break;
		}
	}
	drop(l);
	return NULL;
}

struct version_listener *version_listener_start(const char *uri)
{
	struct version_listener *l = mem_calloc(1, sizeof(*l));
	l->uri = mem_strdup(uri);
	if (pipe2(l->wake, O_CLOEXEC) != 0) {
		log_error("the data version is read from the database on each request: no pipe for its listener");
		free(l->uri);
		free(l);
		return NULL;
	}
	/* The first LISTEN here, so the server is live from its first request
	 * when the database answers (else the thread tries again). */
	(void)listen_again(l);
	/* The thread takes no signals: the server's main thread waits for
	 * them (http/server.c), and a SIGTERM here would end the process. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int made = pthread_create(&l->thread, NULL, listen_main, l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (made != 0) {
		log_error("the data version is read from the database on each request: no thread for its listener");
		drop(l);
		close(l->wake[0]);
		close(l->wake[1]);
		free(l->uri);
		free(l);
		return NULL;
	}
	return l;
}

void version_listener_stop(struct version_listener *l)
{
	if (!l)
		return;
	char c = 0;
	while (write(l->wake[1], &c, 1) < 0 && errno == EINTR)
		;
	pthread_join(l->thread, NULL);
	close(l->wake[0]);
	close(l->wake[1]);
	free(l->uri);
	free(l);
}
