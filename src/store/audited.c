/*
 * audited: the audited-update pattern and the small checks every store
 * write shares (see audited.h).
 */
#include "store/audited.h"

#include "core/err.h"

int audited_record(struct store *s, const struct actor *a, const struct audited_entity *e, const char *action,
                   long long id, json_t *before, json_t *extra)
{
	json_t *after = NULL;
	int rc = e->read(s, id, &after);
	/* The row was written in this transaction: not finding it is a failure. */
	if (rc == LIA_ENOTFOUND)
		rc = LIA_EDB;
	if (rc == 0 && extra)
		json_object_update(after, extra);
	if (rc == 0)
		rc = db_audit(s, a, action, e->name, id, before, after);
	json_decref(after);
	return rc;
}

int audited_update(struct store *s, const struct actor *a, const struct audited_entity *e, const char *action,
                   long long id, audited_change_fn change, void *ctx)
{
	json_t *before = NULL;
	int rc = e->read(s, id, &before);
	if (rc != 0)
		return rc;
	rc = change(s, id, before, ctx);
	if (rc == 0)
		rc = audited_record(s, a, e, action, id, before, NULL);
	json_decref(before);
	return rc;
}

int audited_found(json_t *row, json_t **out)
{
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}

int audited_list(json_t *rows, json_t **out)
{
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

json_t *audited_column(json_t *rows, const char *col)
{
	if (!rows)
		return NULL;
	json_t *list = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_array_append(list, json_object_get(row, col));
	json_decref(rows);
	return list;
}

int audited_all_exist(struct store *s, const char *sql, const long long *ids, size_t n)
{
	int e = 0;
	for (size_t i = 0; i < n; i++)
		if (db_int(s, &e, 0, sql, "i", ids[i]) <= 0)
			return e ? LIA_EDB : LIA_EINVAL;
	return 0;
}
