/*
 * Unit tests: the data version the HTTP cache files its pages under
 * (store/version.c, store_data_version in store/pool.c). It must move with
 * every commit, by a pool connection or by a connection the pool does not
 * know (another process), and only then. On PostgreSQL the pool learns of
 * other processes' commits by notification (a moment later) and of its own
 * at once, and it knows the version without asking the database.
 */
#include "core/err.h"
#include "store/db.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

TestSuite(data_version, .init = fixture_schema, .fini = fixture_close);

static void sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* The version once it moved from old: at once on SQLite, within 5 s on
 * PostgreSQL (another process's commit comes by notification). */
static unsigned long long moved_from(struct store_pool *pool, unsigned long long old)
{
	unsigned long long v = old;
	for (int i = 0; i < 5000; i++) {
		cr_assert_eq(store_data_version(pool, &v), 0);
		if (v != old || !fixture_on_pg())
			break;
		sleep_ms(1);
	}
	return v;
}

/* The version after a notification, had there been one, would have come. */
static unsigned long long settled(struct store_pool *pool)
{
	if (fixture_on_pg())
		sleep_ms(200);
	unsigned long long v = 0;
	cr_assert_eq(store_data_version(pool, &v), 0);
	return v;
}

/* A write transaction of the server's (sql on a pool connection, given
 * back to the pool as a request does), and the version right after it. */
static unsigned long long server_write(struct store_pool *pool, const char *sql)
{
	struct store *s = store_pool_acquire(pool);
	cr_assert_eq(db_begin(s), 0);
	cr_assert_eq(db_exec(s, sql, NULL), 0);
	cr_assert_eq(db_commit(s), 0);
	store_pool_release(pool, s);
	unsigned long long v = 0;
	cr_assert_eq(store_data_version(pool, &v), 0);
	return v;
}

Test(data_version, moves_with_every_commit_and_only_then)
{
	struct store_pool *pool = NULL;
	char *err = NULL;
	cr_assert_eq(store_pool_open(fixture_database(), 2, &pool, &err), 0, "%s", err ? err : "");
	unsigned long long v0, v1, v2, v3;
	cr_assert_eq(store_data_version(pool, &v0), 0);
	v1 = settled(pool);
	cr_assert_eq(v1, v0, "no commit, no change");

	/* A commit by a pool connection (the server's own writes), seen at
	 * once: the page a saved form leads to is made anew. */
	v2 = server_write(pool, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Versie 1')");
	cr_assert_neq(v2, v1, "a commit by the server moves it at once");

	/* A read changes nothing. */
	v2 = settled(pool);
	struct store *s = store_pool_acquire(pool);
	int e = 0;
	cr_assert_eq(db_int(s, &e, -1, "SELECT count(*) FROM organisation WHERE name = 'Versie 1'", NULL), 1);
	store_pool_release(pool, s);
	v3 = settled(pool);
	cr_assert_eq(v3, v2, "a read does not move it");

	/* A commit by a connection outside the pool (the fixture's: another
	 * process, as far as the pool can tell). */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Versie 2')", NULL), 0);
	v3 = moved_from(pool, v2);
	cr_assert_neq(v3, v2, "a commit elsewhere moves it");
	v3 = settled(pool);

	/* What changes on signed-in requests moves it not: a session, its
	 * activity, its end (else every ready page would be made again once a
	 * minute while anyone is signed in). A new account does. */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO user_account (email, role, created_at)"
	                                 " VALUES ('versie@example.org', 'reader', '2026-01-01T00:00:00Z')", NULL), 0);
	v2 = moved_from(pool, v3);
	cr_assert_neq(v2, v3, "a new account moves it");
	v2 = settled(pool);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO session (user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at)"
	                                 " SELECT id, 'versie-token', 'versie-csrf', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
	                                 " '2026-01-02T00:00:00Z' FROM user_account WHERE email = 'versie@example.org'", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "UPDATE session SET last_seen_at = '2026-01-01T00:05:00Z' WHERE token_hash = 'versie-token'", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "UPDATE session SET ended_at = '2026-01-01T00:06:00Z' WHERE token_hash = 'versie-token'", NULL), 0);
	v3 = settled(pool);
	cr_assert_eq(v3, v2, "a session, its activity and its end do not move it");
	/* Nor does a write transaction of the server's that changes only what
	 * is not counted (the daily housekeeping, a session's activity). */
	v3 = server_write(pool, "UPDATE session SET last_seen_at = '2026-01-01T00:07:00Z' WHERE token_hash = 'versie-token'");
	cr_assert_eq(v3, v2, "a write of the server's that changes nothing counted does not move it");
	v3 = settled(pool);
	cr_assert_eq(v3, v2, "nor when its notification would have come");
	/* Every other table does. */
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO lia_survey (round, year, respondents, phase) VALUES (99, 2026, 1, 'versie')", NULL), 0);
	v2 = moved_from(pool, v3);
	cr_assert_neq(v2, v3, "a change to the survey moves it");
	store_pool_close(pool);
}

/* Every table of the schema but the few left out moves the data version on
 * SQLite: a migration that adds a table gets its triggers (migrate.c). */
Test(data_version, every_table_has_its_triggers)
{
	if (fixture_on_pg())
		return; /* lia_data_version_triggers() in 0017_data_version.pg.sql */
	int e = 0;
	long long missing = db_int(fixture_db, &e, -1,
		"SELECT count(*) FROM pragma_table_list l WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite_%'"
		" AND l.name NOT IN ('lia_data_version', 'lia_migration', 'lia_national_version', 'session', 'sign_in_attempt', 'api_token')"
		" AND (SELECT count(*) FROM sqlite_schema t WHERE t.type = 'trigger' AND t.tbl_name = l.name"
		" AND t.name LIKE 'lia_data_version_%') <> 3", NULL);
	cr_assert_eq(e, 0);
	long long tables = db_int(fixture_db, &e, -1, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
	                                              " AND name LIKE 'lia_data_version_%'", NULL);
	cr_assert_gt(tables, 3 * 20, "triggers on the tables (%lld)", tables);
	cr_assert_eq(missing, 0, "%lld tables lack their data version triggers", missing);
}

struct asker {
	struct store_pool *pool;
	atomic_bool done;
	int rc;
};

static void *ask(void *arg)
{
	struct asker *a = arg;
	unsigned long long v;
	a->rc = store_data_version(a->pool, &v);
	atomic_store(&a->done, true);
	return NULL;
}

/* Does the pool give the version while the counter's table is locked by
 * another connection, so that any read of it waits? Only if it asks no one. */
static bool known_without_asking(struct store_pool *pool)
{
	cr_assert_eq(db_exec(fixture_db, "BEGIN", NULL), 0);
	cr_assert_eq(db_exec(fixture_db, "LOCK TABLE lia_data_version IN ACCESS EXCLUSIVE MODE", NULL), 0);
	struct asker a = {.pool = pool};
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, ask, &a), 0);
	for (int i = 0; i < 2000 && !atomic_load(&a.done); i++)
		sleep_ms(1);
	bool answered = atomic_load(&a.done);
	db_rollback(fixture_db); /* lets a waiting read go on */
	pthread_join(t, NULL);
	cr_assert_eq(a.rc, 0);
	return answered;
}

/* The listener's backend, or 0 when none LISTENs. */
static long long listener_pid(void)
{
	int e = 0;
	long long pid = db_int(fixture_db, &e, 0,
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
		" AND application_name = 'lia: data version' ORDER BY backend_start DESC LIMIT 1", NULL);
	cr_assert_eq(e, 0);
	return pid;
}

/* PostgreSQL: a ready page costs no round trip for its version, and when the
 * listening connection is lost the version is still right (read from the
 * database) until the listener is back. */
Test(data_version, postgresql_knows_it_without_asking)
{
	if (!fixture_on_pg())
		return; /* SQLite reads its counter from the file itself */
	struct store_pool *pool = NULL;
	char *err = NULL;
	cr_assert_eq(store_pool_open(fixture_database(), 2, &pool, &err), 0, "%s", err ? err : "");
	cr_assert(known_without_asking(pool), "the version was read from the database");

	/* Its backend ended (an administrator, a restart), and a commit made
	 * before it LISTENs again, whose notification nobody gets: the
	 * listener counts once when it is back, so the commit is not lost. */
	unsigned long long v0 = settled(pool);
	long long pid = listener_pid();
	cr_assert_gt(pid, 0, "a connection listens");
	cr_assert_eq(db_exec(fixture_db, "SELECT pg_terminate_backend(CAST(? AS integer))", "i", pid), 0);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Zonder luisteraar')", NULL), 0);
	cr_assert_neq(moved_from(pool, v0), v0, "a commit while the listener was gone moves it");

	/* Back after its moment of waiting (and the time to connect). */
	long long again = 0;
	for (int i = 0; i < 50 && ((again = listener_pid()) == 0 || again == pid); i++)
		sleep_ms(100);
	cr_assert(again > 0 && again != pid, "the listener connects again");
	for (int i = 0; i < 50 && !known_without_asking(pool); i++)
		sleep_ms(100);
	cr_assert(known_without_asking(pool), "known without asking again");
	unsigned long long v1 = settled(pool);
	cr_assert_eq(db_exec(fixture_db, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Weer met luisteraar')", NULL), 0);
	cr_assert_neq(moved_from(pool, v1), v1, "a commit after it came back moves it");
	store_pool_close(pool);
}
