/*
 * w_events: writing events (see w_events.h). Themes and partners of an event
 * are replaced as a whole on every change.
 */
#include "store/w_events.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

static json_t *event_row(struct store *s, long long id)
{
	json_t *row = db_row(s, "SELECT id, programme_id, name, starts_on, ends_on, location, description, accessibility,"
	                        " participants FROM event WHERE id = ?", "i", id);
	return DB_WITH_LISTS(s, row, id,
		{"theme_ids", "SELECT CAST(theme_id AS TEXT) AS id FROM event_theme WHERE event_id = ? ORDER BY theme_id"},
		{"partner_ids", "SELECT CAST(organisation_id AS TEXT) AS id FROM event_partner"
		                " WHERE event_id = ? ORDER BY organisation_id"});
}

static int check_event(struct store *s, const struct event_input *in, const char **field)
{
	*field = "ends_on";
	if (in->ends_on && *in->ends_on && strcmp(in->ends_on, in->starts_on) < 0)
		return LIA_EINVAL;
	*field = "participants";
	if (in->participants < -1)
		return LIA_EINVAL;
	*field = NULL;
	return DB_REFS_EXIST(s, field, {"theme_ids", "SELECT count(*) FROM theme WHERE id = ?", in->themes, false},
	                     {"partner_ids", "SELECT count(*) FROM organisation WHERE id = ?", in->partners, false});
}

static int write_links(struct store *s, long long id, const struct event_input *in)
{
	return DB_RELINK(s, id,
		{"DELETE FROM event_theme WHERE event_id = ?",
		 "INSERT INTO event_theme (event_id, theme_id) VALUES (?, ?) ON CONFLICT DO NOTHING", in->themes},
		{"DELETE FROM event_partner WHERE event_id = ?",
		 "INSERT INTO event_partner (event_id, organisation_id) VALUES (?, ?) ON CONFLICT DO NOTHING", in->partners});
}

static const struct db_record event_record = {"event", event_row};

/* The change itself (db_apply_fn): check, then INSERT or UPDATE and links. */
static int apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                 const char **field, const char **why)
{
	const struct event_input *in = arg;
	int rc = check_event(s, in, field);
	if (rc)
		return rc;
	if (!*id) {
		long long programme = db_programme(s);
		/* participants: -1 binds NULL through a separate statement shape. */
		if (!programme ||
		    db_exec(s, "INSERT INTO event (programme_id, name, starts_on, ends_on, location, description,"
		               " accessibility, participants) VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? < 0 THEN NULL ELSE ? END)",
		            "ittttt" "tii", programme, in->name, in->starts_on, db_or_null(in->ends_on),
		            db_or_empty(in->location), db_or_empty(in->description), db_or_empty(in->accessibility),
		            in->participants, in->participants) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
	} else if (db_exec(s, "UPDATE event SET name = ?, starts_on = ?, ends_on = ?, location = ?, description = ?,"
	                      " accessibility = ?, participants = CASE WHEN ? < 0 THEN NULL ELSE ? END WHERE id = ?",
	                   "tttttt" "iii", in->name, in->starts_on, db_or_null(in->ends_on), db_or_empty(in->location),
	                   db_or_empty(in->description), db_or_empty(in->accessibility), in->participants,
	                   in->participants, *id) != 0) {
		return LIA_EDB;
	}
	return write_links(s, *id, in);
}

int store_event_create(struct store *s, const struct actor *a, const struct event_input *in, const char **field,
                       long long *id)
{
	*id = 0;
	return db_write(s, a, &event_record, id, apply, in, field, NULL);
}

int store_event_update(struct store *s, const struct actor *a, long long id, const struct event_input *in,
                       const char **field)
{
	return db_write(s, a, &event_record, &id, apply, in, field, NULL);
}

int store_event_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &event_record, id, out);
}
int store_event_choices(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *themes = db_rows(s, "SELECT CAST(id AS TEXT) AS value, CASE WHEN ? = 'en' THEN name_en ELSE name_nl END"
	                            " AS label FROM theme ORDER BY position, id", "t", v->lang);
	json_t *partners = db_rows(s, "SELECT CAST(id AS TEXT) AS value, name AS label FROM organisation"
	                              " ORDER BY CASE kind WHEN 'municipality' THEN 0 ELSE 1 END, name", NULL);
	if (DB_ALL_READ(&themes, &partners))
		return LIA_EDB;
	*out = json_pack("{s:o, s:o}", "themes", themes, "partners", partners);
	return 0;
}
