/*
 * w_import_keep: the kept import files, one store for both imports: the
 * expense import's (table expense_import) and the action points' (table
 * action_import). Saving a file (with its digest and its number of data
 * lines, audited) and reading it back; finding an open import of the same
 * bytes, so that uploading or importing a file again continues the import
 * that was interrupted instead of keeping a second copy; and removing the
 * files that were never imported after a set time, so an abandoned upload
 * does not stay forever.
 */
#include "store/w_import.h"

#include "core/csvread.h"
#include "core/err.h"
#include "store/db.h"
#include "store/w_import_actions.h"

#include <sodium.h>
#include <stdio.h>
#include <time.h>

void store_expense_import_digest(const char *data, size_t len, char digest[65])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof(d), (const unsigned char *)(data ? data : ""), len, NULL, 0);
	sodium_bin2hex(digest, 65, d, sizeof(d));
}

int store_expense_import_open_for(struct store *s, const char *data, size_t len, long long *id)
{
	char digest[65];
	store_expense_import_digest(data, len, digest);
	int err = 0;
	*id = db_int(s, &err, 0, "SELECT id FROM expense_import WHERE digest = ? AND imported_at IS NULL"
	                         " ORDER BY id DESC LIMIT 1", "t", digest);
	return err ? LIA_EDB : 0;
}

/* Remove each open import saved before `before`, with an audit entry. */
static int purge_tx(struct store *s, const struct actor *a, const char *before, long long *removed)
{
	json_t *rows = db_rows(s, "SELECT id, user_id, created_at, file_name, digest, lines, added, imported_at"
	                          " FROM expense_import WHERE imported_at IS NULL AND created_at < ? ORDER BY id",
	                       "t", before);
	if (!rows)
		return LIA_EDB;
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		long long id = (long long)json_integer_value(json_object_get(row, "id"));
		/* An open import added nothing (apply is one transaction), so no
		 * expense points at it; the check keeps that true regardless. */
		if ((rc = db_exec(s, "DELETE FROM expense_import WHERE id = ? AND imported_at IS NULL"
		                     " AND NOT EXISTS (SELECT 1 FROM expense WHERE import_id = ?)", "ii", id, id)) != 0 ||
		    (rc = db_audit(s, a, "delete", "expense_import", id, row, NULL)) != 0)
			break;
		(*removed)++;
	}
	json_decref(rows);
	if (rc)
		return rc;
	/* Files of action points (w_import_actions.h) kept but never applied go
	 * the same way: they may name people, and nothing points at them. */
	rows = db_rows(s, "SELECT id, user_id, created_at, file_name, digest, lines, changed, applied_at"
	                  " FROM action_import WHERE applied_at IS NULL AND created_at < ? ORDER BY id", "t", before);
	if (!rows)
		return LIA_EDB;
	json_array_foreach(rows, i, row) {
		long long id = (long long)json_integer_value(json_object_get(row, "id"));
		if ((rc = db_exec(s, "DELETE FROM action_import WHERE id = ? AND applied_at IS NULL", "i", id)) != 0 ||
		    (rc = db_audit(s, a, "delete", "action_import", id, row, NULL)) != 0)
			break;
		(*removed)++;
	}
	json_decref(rows);
	return rc;
}

int store_expense_import_purge(struct store *s, const struct actor *a, const char *before, long long *removed)
{
	*removed = 0;
	WITH_TX(s, purge_tx(s, a, before, removed));
}

int store_expense_imports_open(struct store *s, json_t **out)
{
	*out = db_rows(s, "SELECT id, file_name, created_at, lines FROM expense_import WHERE imported_at IS NULL"
	                  " ORDER BY id DESC LIMIT 20", "");
	return *out ? 0 : LIA_EDB;
}

int store_expense_import_expire(struct store *s, const char *now, unsigned days, long long *removed)
{
	*removed = 0;
	struct tm tm = {0};
	const char *end = now ? strptime(now, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end)
		return LIA_EINVAL;
	time_t before = timegm(&tm) - (time_t)days * 86400;
	char cut[24];
	gmtime_r(&before, &tm);
	strftime(cut, sizeof(cut), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct actor a = {.request_id = "expire", .now = now};
	return store_expense_import_purge(s, &a, cut, removed);
}

/* --- saving and reading ----------------------------------------------------- */

/* The table a kind of kept file lives in, with the statements for it (whole
 * strings, one per table, rather than a table name pasted in). */
struct kept_table {
	const char *table;
	const char *insert;
	const char *row;     /* the file's meta, without its content */
	const char *content;
};

static const struct kept_table kept_tables[] = {
	[STORE_KEPT_EXPENSES] = {
		"expense_import",
		"INSERT INTO expense_import (user_id, created_at, file_name, content, digest, lines)"
		" VALUES (?, ?, ?, ?, ?, ?)",
		"SELECT id, user_id, created_at, file_name, digest, lines, added, imported_at"
		" FROM expense_import WHERE id = ?",
		"SELECT content FROM expense_import WHERE id = ?",
	},
	[STORE_KEPT_ACTIONS] = {
		"action_import",
		"INSERT INTO action_import (user_id, created_at, file_name, content, digest, lines)"
		" VALUES (?, ?, ?, ?, ?, ?)",
		"SELECT id, user_id, created_at, file_name, lines, changed, applied_at, result"
		" FROM action_import WHERE id = ?",
		"SELECT content FROM action_import WHERE id = ?",
	},
};

static int save_tx(struct store *s, const struct actor *a, const struct kept_table *k, const char *file_name,
                   const char *data, size_t len, long long *id)
{
	char digest[65];
	store_expense_import_digest(data, len, digest); /* the same digest for both kinds */
	/* Its data lines, as check and apply count them, so a list of kept files
	 * can say how large each is before it is imported (0 if it is no table). */
	struct csvread_table *t = NULL;
	long long lines = 0;
	if (csvread_parse(data, len, &t, NULL) == CSVREAD_OK)
		lines = (long long)csvread_rows(t) - 1;
	csvread_free(t);
	if (db_exec(s, k->insert, "zttbti", a->user_id, a->now, file_name ? file_name : "", data ? data : "", len,
	            digest, lines) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = db_row(s, k->row, "i", *id);
	int rc = after && !json_is_null(after) ? db_audit(s, a, "create", k->table, *id, NULL, after) : LIA_EDB;
	json_decref(after);
	return rc;
}

int store_kept_save(struct store *s, const struct actor *a, enum store_kept kind, const char *file_name,
                    const char *data, size_t len, long long *id)
{
	*id = 0;
	WITH_TX(s, save_tx(s, a, &kept_tables[kind], file_name, data, len, id));
}

int store_kept_get(struct store *s, enum store_kept kind, long long id, json_t **meta, char **data, size_t *len)
{
	const struct kept_table *k = &kept_tables[kind];
	*meta = NULL;
	*data = NULL;
	*len = 0;
	json_t *row = db_row(s, k->row, "i", id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	if (db_blob(s, data, len, k->content, "i", id) != 0) {
		json_decref(row);
		return LIA_EDB;
	}
	*meta = row;
	return 0;
}

int store_expense_import_save(struct store *s, const struct actor *a, const char *file_name, const char *data,
                              size_t len, long long *id)
{
	return store_kept_save(s, a, STORE_KEPT_EXPENSES, file_name, data, len, id);
}

int store_expense_import_get(struct store *s, long long id, json_t **meta, char **data, size_t *len)
{
	return store_kept_get(s, STORE_KEPT_EXPENSES, id, meta, data, len);
}

int store_action_import_save(struct store *s, const struct actor *a, const char *file_name, const char *data,
                             size_t len, long long *id)
{
	return store_kept_save(s, a, STORE_KEPT_ACTIONS, file_name, data, len, id);
}

int store_action_import_get(struct store *s, long long id, json_t **meta, char **data, size_t *len)
{
	return store_kept_get(s, STORE_KEPT_ACTIONS, id, meta, data, len);
}
