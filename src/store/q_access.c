/*
 * q_access: the access log and who may read restricted notes (see q_access.h).
 */
#include "store/q_access.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

int store_access_record(struct store *s, const struct access_entry *e)
{
	return db_exec(s, "INSERT INTO access_log (at, user_id, address, request_id, what, entity, entity_id, person_id,"
	                  " allowed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "tzttttzzi", e->at, e->user_id, e->address ? e->address : "", e->request_id, e->what, e->entity,
	               e->entity_id, e->person_id, (long long)e->allowed);
}

int store_access_about(struct store *s, long long person_id, long long limit, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT l.id, l.at AS read_at, l.user_id, u.email AS user_email, l.address, l.what, l.entity,"
	                          " l.entity_id, l.allowed FROM access_log l LEFT JOIN user_account u ON u.id = l.user_id"
	                          " WHERE l.person_id = ? ORDER BY l.id DESC LIMIT ?", "ii", person_id, limit);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_notes_may_read(struct store *s, long long user_id, const char *role, long long person_id,
                         long long interview_id, bool *may)
{
	*may = false;
	if (!user_id)
		return 0;
	if (role && strcmp(role, "coordinator") == 0) {
		*may = true;
		return 0;
	}
	int e = 0;
	long long n = db_int(s, &e, 0,
		"SELECT (SELECT count(*) FROM interview_participant WHERE interview_id = ?1 AND person_id = ?2 AND ?2 > 0"
		"  AND role IN ('interviewer_municipal', 'interviewer_expert'))"
		" + (SELECT count(*) FROM interview_grant WHERE interview_id = ?1 AND user_id = ?3)",
		"iii", interview_id, person_id, user_id);
	if (e)
		return LIA_EDB;
	*may = n > 0;
	return 0;
}

static int grant_tx(struct store *s, const struct actor *a, long long interview_id, long long user_id, bool grant)
{
	int e = 0;
	long long n = db_int(s, &e, 0, "SELECT (SELECT count(*) FROM interview WHERE id = ?1)"
	                               " * (SELECT count(*) FROM user_account WHERE id = ?2 AND disabled_at IS NULL)",
	                     "ii", interview_id, user_id);
	if (e)
		return LIA_EDB;
	if (n == 0)
		return LIA_ENOTFOUND;
	int rc = grant ? db_exec(s, "INSERT INTO interview_grant (interview_id, user_id, granted_at) VALUES (?, ?, ?)"
	                            " ON CONFLICT DO NOTHING", "iit", interview_id, user_id, a->now)
	               : db_exec(s, "DELETE FROM interview_grant WHERE interview_id = ? AND user_id = ?", "ii",
	                         interview_id, user_id);
	if (rc)
		return LIA_EDB;
	json_t *after = json_pack("{s:I, s:b}", "user_id", (json_int_t)user_id, "may_read_notes", grant);
	rc = db_audit(s, a, grant ? "grant" : "revoke", "interview", interview_id, NULL, after);
	json_decref(after);
	return rc;
}

int store_notes_grant(struct store *s, const struct actor *a, long long interview_id, long long user_id, bool grant)
{
	WITH_TX(s, grant_tx(s, a, interview_id, user_id, grant));
}

int store_notes_grants(struct store *s, long long interview_id, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT g.user_id, u.email, u.display_name, g.granted_at FROM interview_grant g"
	                          " JOIN user_account u ON u.id = g.user_id WHERE g.interview_id = ? ORDER BY u.email",
	                       "i", interview_id);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}
