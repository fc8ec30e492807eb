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
 * new data. The pool reads it on a connection of its own that never
 * writes (the watcher): each read is a transaction of its own, so it sees
 * every commit, in this process or another.
 */
#include "store/db.h"

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
