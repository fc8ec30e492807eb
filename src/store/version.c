/*
 * version: the data version of a database, for the HTTP cache of ready
 * bytes (http/cache.c). It must change whenever anyone commits a change to
 * the file: this server's own connections, or another process (a `lia
 * import` run while the server serves). SQLite's PRAGMA data_version does
 * exactly that, but only as seen from one connection and not for that
 * connection's own commits; so the pool keeps one extra connection that
 * never writes (the watcher), and its data_version moves on every commit
 * made by any other connection, in this process or another. A PostgreSQL
 * backend implements store_data_version() in its own way (a counter row
 * bumped in the writing transaction, say).
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"

int db_data_version(struct store *s, long long *out)
{
	/* Prepared afresh, not cached, and reset at once: a statement left
	 * unreset would keep its read transaction open and the value frozen. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	log_error("reading the data version failed: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return LIA_EDB;
}
