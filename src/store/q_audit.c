/*
 * q_audit: writing and reading the audit log. Entries are only ever
 * inserted (the database refuses changes and deletions, see 0002), and
 * sensitive fields only as keyed digests (sensitive.c, 0016).
 */
#include "store/db.h"

#include "core/err.h"

#include <stdlib.h>

int db_audit(struct store *s, const struct actor *a, const char *action, const char *entity, long long id,
             json_t *before, json_t *after)
{
	/* Sensitive fields are kept as digests only (sensitive.c): on copies,
	 * the caller's rows stay as they are. */
	json_t *bc = before ? json_deep_copy(before) : NULL, *ac = after ? json_deep_copy(after) : NULL;
	if (db_protect(s, entity, id, bc) != 0 || db_protect(s, entity, id, ac) != 0) {
		json_decref(bc);
		json_decref(ac);
		return LIA_EDB;
	}
	char *b = bc ? json_dumps(bc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *f = ac ? json_dumps(ac, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(bc);
	json_decref(ac);
	int rc = db_exec(s,
		"INSERT INTO audit_entry (at, user_id, request_id, action, entity, entity_id, before_json, after_json)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		"tztttztt", a->now, a->user_id, a->request_id, action, entity, id, b, f);
	free(b);
	free(f);
	return rc;
}

int store_audit(struct store *s, const char *entity, long long user_id, const char *since, long long limit,
                json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT e.id, e.at, e.user_id, u.email AS user_email, u.display_name AS user_name, e.request_id,"
		" e.action, e.entity, e.entity_id, e.before_json, e.after_json"
		" FROM audit_entry e LEFT JOIN user_account u ON u.id = e.user_id"
		" WHERE (? IS NULL OR e.entity = ?) AND (? = 0 OR e.user_id = ?) AND (? IS NULL OR e.at >= ?)"
		" ORDER BY e.id DESC LIMIT ?",
		"ttiitti", entity, entity, user_id, user_id, since, since, limit > 0 ? limit : 200);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_audit_event(struct store *s, const struct actor *a, const char *action, const char *entity, long long id)
{
	return db_audit(s, a, action, entity, id, NULL, NULL);
}

int store_audit_page(struct store *s, const struct audit_filter *f, json_t **out)
{
	long long limit = f->limit > 0 ? f->limit : 50;
	json_t *rows = db_rows(s,
		"SELECT e.id, e.at AS changed_at, e.user_id, u.email AS user_email, u.display_name AS user_name,"
		" e.request_id, e.action, e.entity, e.entity_id, e.before_json, e.after_json"
		" FROM audit_entry e LEFT JOIN user_account u ON u.id = e.user_id"
		" WHERE (? IS NULL OR e.entity = ?) AND (? = 0 OR e.user_id = ?)"
		" AND (? IS NULL OR substr(e.at, 1, 10) >= ?) AND (? IS NULL OR substr(e.at, 1, 10) <= ?) AND (? = 0 OR e.id < ?)"
		" ORDER BY e.id DESC LIMIT ?",
		"ttiitttt" "iii", f->entity, f->entity, f->user_id, f->user_id, f->since, f->since, f->until, f->until,
		f->before_id, f->before_id, limit);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_audit_choices(struct store *s, json_t **entities, json_t **users)
{
	*entities = db_rows(s, "SELECT DISTINCT entity FROM audit_entry ORDER BY entity", NULL);
	*users = db_rows(s, "SELECT id, email, display_name FROM user_account ORDER BY email", NULL);
	if (!*entities || !*users) {
		json_decref(*entities);
		json_decref(*users);
		*entities = *users = NULL;
		return LIA_EDB;
	}
	return 0;
}
