/*
 * w_people: writing people and partner organisations (see w_people.h).
 */
#include "store/w_people.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

#define PERSON_COLS \
	"p.id, p.name, p.organisation_id, o.name AS organisation, p.job_title, p.email, p.phone, p.is_municipal," \
	" p.is_experience_expert, p.communication_needs, p.consent_recorded_on"

static json_t *person_row(struct store *s, long long id)
{
	return db_row(s, "SELECT " PERSON_COLS " FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id"
	                 " WHERE p.id = ?", "i", id);
}

static const char *or_null(const char *v)
{
	return v && *v ? v : NULL;
}

/* Check the references and the consent rule; set *consent_on (arena-free: a
 * copy in buf) to the date to record, or NULL. */
static int check_person(struct store *s, const struct actor *a, const struct person_input *in, json_t *before,
                        const char **field, char buf[11], const char **consent_on)
{
	int e = 0;
	if (in->organisation_id &&
	    db_int(s, &e, 0, "SELECT count(*) FROM organisation WHERE id = ?", "i", in->organisation_id) == 0) {
		*field = "organisation_id";
		return e ? LIA_EDB : LIA_EINVAL;
	}
	bool needs = or_null(in->communication_needs) != NULL;
	if (needs && !in->consent) {
		*field = "communication_needs";
		return LIA_EINVAL;
	}
	const char *old = before ? json_string_value(json_object_get(before, "consent_recorded_on")) : NULL;
	*consent_on = NULL;
	if (in->consent) {
		if (old) {
			*consent_on = old;
		} else {
			memcpy(buf, a->now, 10);
			buf[10] = '\0';
			*consent_on = buf;
		}
	}
	return 0;
}

static int person_create_tx(struct store *s, const struct actor *a, const struct person_input *in,
                            const char **field, long long *id)
{
	char buf[11];
	const char *consent_on;
	int rc = check_person(s, a, in, NULL, field, buf, &consent_on);
	if (rc)
		return rc;
	if (db_exec(s, "INSERT INTO person (name, organisation_id, job_title, email, phone, is_municipal,"
	               " is_experience_expert, communication_needs, consent_recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	            "tzttt" "iitt", in->name, in->organisation_id, in->job_title ? in->job_title : "",
	            or_null(in->email), or_null(in->phone), (long long)in->is_municipal,
	            (long long)in->is_experience_expert, or_null(in->communication_needs), consent_on) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = person_row(s, *id);
	rc = after ? db_audit(s, a, "create", "person", *id, NULL, after) : LIA_EDB;
	json_decref(after);
	return rc;
}

int store_person_create(struct store *s, const struct actor *a, const struct person_input *in, const char **field,
                        long long *id)
{
	*field = NULL;
	WITH_TX(s, person_create_tx(s, a, in, field, id));
}

static int person_update_tx(struct store *s, const struct actor *a, long long id, const struct person_input *in,
                            const char **field)
{
	json_t *before = person_row(s, id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	char buf[11];
	const char *consent_on;
	int rc = check_person(s, a, in, before, field, buf, &consent_on);
	if (!rc && db_exec(s, "UPDATE person SET name = ?, organisation_id = ?, job_title = ?, email = ?, phone = ?,"
	                      " is_municipal = ?, is_experience_expert = ?, communication_needs = ?,"
	                      " consent_recorded_on = ? WHERE id = ?",
	                   "tzttt" "iitti", in->name, in->organisation_id, in->job_title ? in->job_title : "",
	                   or_null(in->email), or_null(in->phone), (long long)in->is_municipal,
	                   (long long)in->is_experience_expert, or_null(in->communication_needs), consent_on, id) != 0)
		rc = LIA_EDB;
	json_t *after = rc ? NULL : person_row(s, id);
	if (!rc)
		rc = after ? db_audit(s, a, "update", "person", id, before, after) : LIA_EDB;
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_person_update(struct store *s, const struct actor *a, long long id, const struct person_input *in,
                        const char **field)
{
	*field = NULL;
	WITH_TX(s, person_update_tx(s, a, id, in, field));
}

int store_person_get(struct store *s, long long id, json_t **out)
{
	json_t *row = person_row(s, id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}

int store_people(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT " PERSON_COLS ", m.role AS role, u.role AS account_role,"
		" (SELECT count(*) FROM action_point a WHERE a.dossier_holder_id = p.id) AS action_count,"
		" (SELECT count(DISTINCT ip.interview_id) FROM interview_participant ip WHERE ip.person_id = p.id)"
		" AS interview_count"
		" FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id"
		" LEFT JOIN project_member m ON m.person_id = p.id"
		" LEFT JOIN user_account u ON u.person_id = p.id AND u.disabled_at IS NULL"
		" GROUP BY p.id ORDER BY p.name, p.id", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_organisation_choices(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM organisation"
	                          " ORDER BY CASE kind WHEN 'municipality' THEN 0 ELSE 1 END, name", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

static json_t *org_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, kind, name, cbs_code, website, description FROM organisation WHERE id = ?", "i", id);
}

static int check_org(struct store *s, const struct organisation_input *in, long long self, const char **field)
{
	static const char *const kinds[] = {"municipality", "partner", "national"};
	bool known = false;
	for (size_t i = 0; i < 3; i++)
		known = known || (in->kind && strcmp(in->kind, kinds[i]) == 0);
	if (!known) {
		*field = "kind";
		return LIA_EINVAL;
	}
	int e = 0;
	if (or_null(in->cbs_code) &&
	    db_int(s, &e, 0, "SELECT count(*) FROM organisation WHERE cbs_code = ? AND id <> ?", "ti", in->cbs_code,
	           self) > 0) {
		*field = "cbs_code";
		return LIA_ECONFLICT;
	}
	return e ? LIA_EDB : 0;
}

static int org_create_tx(struct store *s, const struct actor *a, const struct organisation_input *in,
                         const char **field, long long *id)
{
	int rc = check_org(s, in, 0, field);
	if (rc)
		return rc;
	if (db_exec(s, "INSERT INTO organisation (kind, name, cbs_code, website, description) VALUES (?, ?, ?, ?, ?)",
	            "ttttt", in->kind, in->name, or_null(in->cbs_code), or_null(in->website),
	            in->description ? in->description : "") != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = org_row(s, *id);
	rc = after ? db_audit(s, a, "create", "organisation", *id, NULL, after) : LIA_EDB;
	json_decref(after);
	return rc;
}

int store_organisation_create(struct store *s, const struct actor *a, const struct organisation_input *in,
                              const char **field, long long *id)
{
	*field = NULL;
	WITH_TX(s, org_create_tx(s, a, in, field, id));
}

static int org_update_tx(struct store *s, const struct actor *a, long long id, const struct organisation_input *in,
                         const char **field)
{
	json_t *before = org_row(s, id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	int rc = check_org(s, in, id, field);
	if (!rc && db_exec(s, "UPDATE organisation SET kind = ?, name = ?, cbs_code = ?, website = ?, description = ?"
	                      " WHERE id = ?", "ttttti", in->kind, in->name, or_null(in->cbs_code),
	                   or_null(in->website), in->description ? in->description : "", id) != 0)
		rc = LIA_EDB;
	json_t *after = rc ? NULL : org_row(s, id);
	if (!rc)
		rc = after ? db_audit(s, a, "update", "organisation", id, before, after) : LIA_EDB;
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_organisation_update(struct store *s, const struct actor *a, long long id,
                              const struct organisation_input *in, const char **field)
{
	*field = NULL;
	WITH_TX(s, org_update_tx(s, a, id, in, field));
}

int store_organisation_get(struct store *s, long long id, json_t **out)
{
	json_t *row = org_row(s, id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}
