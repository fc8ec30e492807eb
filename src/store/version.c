/*
 * version: the data version of a database, for the HTTP cache of ready
 * bytes (http/cache.c). It must change whenever anyone commits a change to
 * the file: this server's own connections, or another process (a `lia
 * import` run while the server serves). SQLite's PRAGMA data_version does
 * exactly that, but only as seen from one connection and not for that
 * connection's own commits; so the pool keeps one extra connection that
 * never writes (the watcher), and its data_version moves on every commit
 * made by any other connection, in this process or another. On PostgreSQL
 * the version is a counter every committed write of this database moves
 * (0017_data_version.pg.sql): the cluster's WAL position, used before, also
 * moved with other databases, autovacuum and checkpoints.
 */
#include "store/db.h"

int db_data_version(struct store *s, long long *out)
{
	/* The statement is cached; db_int() resets it after the row, which ends
	 * its read transaction, so the next call sees later commits. */
	int err = 0;
	long long v = db_int(s, &err, -1, DB_SQL(s, "PRAGMA data_version",
	                                         "SELECT n FROM lia_data_version WHERE id = 1"), NULL);
	if (err)
		return err;
	*out = v;
	return 0;
}
