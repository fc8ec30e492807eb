/*
 * w_events: writing events (see w_events.h). Themes and partners of an event
 * are replaced as a whole on every change.
 */
#include "store/w_events.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

/* The id column of rows as an array of strings (as a form holds them). */
static json_t *id_strings(json_t *rows)
{
	json_t *list = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
		json_array_append(list, json_object_get(e, "id"));
	json_decref(rows);
	return list;
}

static json_t *event_row(struct store *s, long long id)
{
	json_t *row = db_row(s, "SELECT id, programme_id, name, starts_on, ends_on, location, description, accessibility,"
	                        " participants FROM event WHERE id = ?", "i", id);
	if (!row || json_is_null(row))
		return row;
	json_t *t = db_rows(s, "SELECT CAST(theme_id AS TEXT) AS id FROM event_theme WHERE event_id = ?"
	                       " ORDER BY theme_id", "i", id);
	json_t *p = db_rows(s, "SELECT CAST(organisation_id AS TEXT) AS id FROM event_partner WHERE event_id = ?"
	                       " ORDER BY organisation_id", "i", id);
	if (!t || !p) {
		json_decref(t);
		json_decref(p);
		json_decref(row);
		return NULL;
	}
	json_object_set_new(row, "theme_ids", id_strings(t));
	json_object_set_new(row, "partner_ids", id_strings(p));
	return row;
}

static int check_ids(struct store *s, const char *sql, struct id_list l)
{
	int e = 0;
	for (size_t i = 0; i < l.n; i++)
		if (db_int(s, &e, 0, sql, "i", l.v[i]) == 0)
			return e ? LIA_EDB : LIA_EINVAL;
	return e ? LIA_EDB : 0;
}

static int check_event(struct store *s, const struct event_input *in, const char **field)
{
	int rc;
	*field = "ends_on";
	if (in->ends_on && *in->ends_on && strcmp(in->ends_on, in->starts_on) < 0)
		return LIA_EINVAL;
	*field = "participants";
	if (in->participants < -1)
		return LIA_EINVAL;
	*field = "theme_ids";
	if ((rc = check_ids(s, "SELECT count(*) FROM theme WHERE id = ?", in->themes)))
		return rc;
	*field = "partner_ids";
	if ((rc = check_ids(s, "SELECT count(*) FROM organisation WHERE id = ?", in->partners)))
		return rc;
	*field = NULL;
	return 0;
}

static int write_links(struct store *s, long long id, const struct event_input *in)
{
	if (db_exec(s, "DELETE FROM event_theme WHERE event_id = ?", "i", id) != 0 ||
	    db_exec(s, "DELETE FROM event_partner WHERE event_id = ?", "i", id) != 0)
		return LIA_EDB;
	for (size_t i = 0; i < in->themes.n; i++)
		if (db_exec(s, "INSERT OR IGNORE INTO event_theme (event_id, theme_id) VALUES (?, ?)", "ii", id,
		            in->themes.v[i]) != 0)
			return LIA_EDB;
	for (size_t i = 0; i < in->partners.n; i++)
		if (db_exec(s, "INSERT OR IGNORE INTO event_partner (event_id, organisation_id) VALUES (?, ?)", "ii", id,
		            in->partners.v[i]) != 0)
			return LIA_EDB;
	return 0;
}

static const char *or_null(const char *v)
{
	return v && *v ? v : NULL;
}

static const char *or_empty(const char *v)
{
	return v ? v : "";
}

static int create_tx(struct store *s, const struct actor *a, const struct event_input *in, const char **field,
                     long long *id)
{
	int rc = check_event(s, in, field);
	if (rc)
		return rc;
	int e = 0;
	long long programme = db_int(s, &e, 0, "SELECT id FROM programme ORDER BY id LIMIT 1", NULL);
	if (e || !programme)
		return LIA_EDB;
	/* participants: -1 binds NULL through a separate statement shape. */
	if (db_exec(s, "INSERT INTO event (programme_id, name, starts_on, ends_on, location, description, accessibility,"
	               " participants) VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? < 0 THEN NULL ELSE ? END)",
	            "ittttt" "tii", programme, in->name, in->starts_on, or_null(in->ends_on), or_empty(in->location),
	            or_empty(in->description), or_empty(in->accessibility), in->participants, in->participants) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	if ((rc = write_links(s, *id, in)))
		return rc;
	json_t *after = event_row(s, *id);
	rc = after ? db_audit(s, a, "create", "event", *id, NULL, after) : LIA_EDB;
	json_decref(after);
	return rc;
}

int store_event_create(struct store *s, const struct actor *a, const struct event_input *in, const char **field,
                       long long *id)
{
	*field = NULL;
	WITH_TX(s, create_tx(s, a, in, field, id));
}

static int update_tx(struct store *s, const struct actor *a, long long id, const struct event_input *in,
                     const char **field)
{
	json_t *before = event_row(s, id);
	if (!before)
		return LIA_EDB;
	if (json_is_null(before)) {
		json_decref(before);
		return LIA_ENOTFOUND;
	}
	int rc = check_event(s, in, field);
	if (!rc && db_exec(s, "UPDATE event SET name = ?, starts_on = ?, ends_on = ?, location = ?, description = ?,"
	                      " accessibility = ?, participants = CASE WHEN ? < 0 THEN NULL ELSE ? END WHERE id = ?",
	                   "tttttt" "iii", in->name, in->starts_on, or_null(in->ends_on), or_empty(in->location),
	                   or_empty(in->description), or_empty(in->accessibility), in->participants, in->participants,
	                   id) != 0)
		rc = LIA_EDB;
	if (!rc)
		rc = write_links(s, id, in);
	json_t *after = rc ? NULL : event_row(s, id);
	if (!rc)
		rc = after ? db_audit(s, a, "update", "event", id, before, after) : LIA_EDB;
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_event_update(struct store *s, const struct actor *a, long long id, const struct event_input *in,
                       const char **field)
{
	*field = NULL;
	WITH_TX(s, update_tx(s, a, id, in, field));
}

int store_event_get(struct store *s, long long id, json_t **out)
{
	json_t *row = event_row(s, id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}

int store_event_choices(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *themes = db_rows(s, "SELECT CAST(id AS TEXT) AS value, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END"
	                            " AS label FROM theme ORDER BY position, id", "t", v->lang);
	json_t *partners = db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM organisation"
	                              " ORDER BY CASE kind WHEN 'municipality' THEN 0 ELSE 1 END, name", NULL);
	if (!themes || !partners) {
		json_decref(themes);
		json_decref(partners);
		return LIA_EDB;
	}
	*out = json_pack("{s:o, s:o}", "themes", themes, "partners", partners);
	return 0;
}
