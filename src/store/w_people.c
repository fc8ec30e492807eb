/*
 * w_people: writing people and partner organisations (see w_people.h).
 */
#include "store/w_people.h"

#include "core/err.h"
#include "core/vocab.h"
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
	bool needs = db_or_null(in->communication_needs) != NULL;
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

static const struct db_record person_record = {"person", person_row};

static int person_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct person_input *in = arg;
	char buf[11];
	const char *consent_on;
	int rc = check_person(s, a, in, before, field, buf, &consent_on);
	if (rc)
		return rc;
	if (!*id) {
		if (db_exec(s, "INSERT INTO person (name, organisation_id, job_title, email, phone, is_municipal,"
		               " is_experience_expert, communication_needs, consent_recorded_on)"
		               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		            "tzttt" "iitt", in->name, in->organisation_id, db_or_empty(in->job_title),
		            db_or_null(in->email), db_or_null(in->phone), (long long)in->is_municipal,
		            (long long)in->is_experience_expert, db_or_null(in->communication_needs), consent_on) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	if (db_exec(s, "UPDATE person SET name = ?, organisation_id = ?, job_title = ?, email = ?, phone = ?,"
	               " is_municipal = ?, is_experience_expert = ?, communication_needs = ?,"
	               " consent_recorded_on = ? WHERE id = ?",
	            "tzttt" "iitti", in->name, in->organisation_id, db_or_empty(in->job_title), db_or_null(in->email),
	            db_or_null(in->phone), (long long)in->is_municipal, (long long)in->is_experience_expert,
	            db_or_null(in->communication_needs), consent_on, *id) != 0)
		return LIA_EDB;
	return 0;
}

int store_person_create(struct store *s, const struct actor *a, const struct person_input *in, const char **field,
                        long long *id)
{
	*id = 0;
	return db_write(s, a, &person_record, id, person_apply, in, field, NULL);
}

int store_person_update(struct store *s, const struct actor *a, long long id, const struct person_input *in,
                        const char **field)
{
	return db_write(s, a, &person_record, &id, person_apply, in, field, NULL);
}

int store_person_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &person_record, id, out);
}

int store_people(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s,
		/* A person is in one programme and has one active account at most;
		 * min() says which one otherwise (PostgreSQL wants every column
		 * grouped or aggregated). */
		"SELECT " PERSON_COLS ", min(m.role) AS role, min(u.role) AS account_role,"
		" (SELECT count(*) FROM action_point a WHERE a.dossier_holder_id = p.id) AS action_count,"
		" (SELECT count(DISTINCT ip.interview_id) FROM interview_participant ip WHERE ip.person_id = p.id)"
		" AS interview_count"
		" FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id"
		" LEFT JOIN project_member m ON m.person_id = p.id"
		" LEFT JOIN user_account u ON u.person_id = p.id AND u.disabled_at IS NULL"
		" GROUP BY p.id, o.id ORDER BY p.name, p.id", NULL);
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
	if (!vocab_has("organisation_kind", in->kind)) {
		*field = "kind";
		return LIA_EINVAL;
	}
	int e = 0;
	if (db_or_null(in->cbs_code) &&
	    db_int(s, &e, 0, "SELECT count(*) FROM organisation WHERE cbs_code = ? AND id <> ?", "ti", in->cbs_code,
	           self) > 0) {
		*field = "cbs_code";
		return LIA_ECONFLICT;
	}
	return e ? LIA_EDB : 0;
}

static const struct db_record org_record = {"organisation", org_row};

static int org_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                     const char **field, const char **why)
{
	const struct organisation_input *in = arg;
	int rc = check_org(s, in, *id, field);
	if (rc)
		return rc;
	if (!*id) {
		if (db_exec(s, "INSERT INTO organisation (kind, name, cbs_code, website, description) VALUES (?, ?, ?, ?, ?)",
		            "ttttt", in->kind, in->name, db_or_null(in->cbs_code), db_or_null(in->website),
		            db_or_empty(in->description)) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	if (db_exec(s, "UPDATE organisation SET kind = ?, name = ?, cbs_code = ?, website = ?, description = ?"
	               " WHERE id = ?", "ttttti", in->kind, in->name, db_or_null(in->cbs_code), db_or_null(in->website),
	            db_or_empty(in->description), *id) != 0)
		return LIA_EDB;
	return 0;
}

int store_organisation_create(struct store *s, const struct actor *a, const struct organisation_input *in,
                              const char **field, long long *id)
{
	*id = 0;
	return db_write(s, a, &org_record, id, org_apply, in, field, NULL);
}

int store_organisation_update(struct store *s, const struct actor *a, long long id,
                              const struct organisation_input *in, const char **field)
{
	return db_write(s, a, &org_record, &id, org_apply, in, field, NULL);
}

int store_organisation_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &org_record, id, out);
}
