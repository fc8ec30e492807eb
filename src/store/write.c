/*
 * write: what every audited write of one record shares (see db.h): the
 * transaction, the row before (a change of a missing record is
 * LIA_ENOTFOUND), the change itself (the record's own apply function), the
 * row after, and the audit entry with both; and the small helpers the
 * w_*.c files used to write again each (existing ids, id lists, optional
 * text, the programme a new record belongs to).
 */
#include "store/db.h"

#include "core/err.h"

int db_write_in_tx(struct store *s, const struct actor *a, const struct db_record *rec, long long *id,
                   db_apply_fn apply, const void *in, const char **field, const char **why)
{
	json_t *before = NULL;
	if (*id) {
		before = rec->row(s, *id);
		if (!before)
			return LIA_EDB;
		if (json_is_null(before))
			return LIA_ENOTFOUND;
	}
	bool create = *id == 0;
	int rc = apply(s, a, in, before, id, field, why);
	if (!rc)
		rc = db_audit_record(s, a, rec, create ? "create" : "update", *id, before, NULL);
	json_decref(before);
	return rc;
}

int db_create(struct store *s, const struct actor *a, const struct db_record *rec, long long *id, db_apply_fn apply,
              const void *in, const char **field, const char **why)
{
	long long new_id = 0;
	int rc = db_write(s, a, rec, &new_id, apply, in, field, why);
	if (rc == 0)
		*id = new_id;
	return rc;
}

int db_audit_record(struct store *s, const struct actor *a, const struct db_record *rec, const char *action,
                    long long id, json_t *before, json_t *extra)
{
	json_t *after = rec->row(s, id);
	/* Written in this transaction: a record that is not there is a failure. */
	int rc = after && !json_is_null(after) ? 0 : LIA_EDB;
	if (!rc && extra)
		json_object_update(after, extra);
	if (!rc)
		rc = db_audit(s, a, action, rec->entity, id, before, after);
	json_decref(after);
	return rc;
}

int db_write(struct store *s, const struct actor *a, const struct db_record *rec, long long *id, db_apply_fn apply,
             const void *in, const char **field, const char **why)
{
	const char *ignored_field, *ignored_why;
	field = field ? field : &ignored_field;
	why = why ? why : &ignored_why;
	*field = *why = NULL;
	WITH_TX(s, db_write_in_tx(s, a, rec, id, apply, in, field, why));
}

int db_get(struct store *s, const struct db_record *rec, long long id, json_t **out)
{
	json_t *row = rec->row(s, id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

int db_ids_exist(struct store *s, const char *sql, struct id_list l)
{
	int e = 0;
	for (size_t i = 0; i < l.n; i++)
		if (db_int(s, &e, 0, sql, "i", l.v[i]) == 0)
			return e ? LIA_EDB : LIA_EINVAL;
	return e ? LIA_EDB : 0;
}

int db_refs_exist(struct store *s, const struct db_refs *refs, size_t n, const char **field)
{
	for (size_t i = 0; i < n; i++) {
		int rc = refs[i].required && refs[i].ids.n == 0 ? LIA_EINVAL : db_ids_exist(s, refs[i].sql, refs[i].ids);
		if (rc != 0) {
			*field = refs[i].field;
			return rc;
		}
	}
	return 0;
}

int db_relink(struct store *s, long long id, const struct db_link *links, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (db_exec(s, links[k].delete_sql, "i", id) != 0)
			return LIA_EDB;
		for (size_t i = 0; i < links[k].ids.n; i++)
			if (db_exec(s, links[k].insert_sql, "ii", id, links[k].ids.v[i]) != 0)
				return LIA_EDB;
	}
	return 0;
}

json_t *db_column(json_t *rows, const char *col)
{
	if (!rows)
		return NULL;
	json_t *list = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
		json_array_append(list, json_object_get(e, col));
	json_decref(rows);
	return list;
}

json_t *db_with_lists(struct store *s, json_t *row, long long id, const struct db_list *lists, size_t n)
{
	for (size_t i = 0; row && !json_is_null(row) && i < n; i++) {
		json_t *ids = db_column(db_rows(s, lists[i].sql, "i", id), "id");
		if (!ids) {
			json_decref(row);
			return NULL;
		}
		json_object_set_new(row, lists[i].key, ids);
	}
	return row;
}

int db_all_read(json_t **const *v, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok = ok && *v[i];
	if (ok)
		return 0;
	for (size_t i = 0; i < n; i++) {
		json_decref(*v[i]);
		*v[i] = NULL;
	}
	return LIA_EDB;
}

long long db_programme(struct store *s)
{
	int e = 0;
	long long programme = db_int(s, &e, 0, "SELECT id FROM programme ORDER BY id LIMIT 1", NULL);
	return e ? 0 : programme;
}
