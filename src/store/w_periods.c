/*
 * w_periods: writing reporting periods and narratives (see w_periods.h).
 */
#include "store/w_periods.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

#define PERIOD_ROW "SELECT id, programme_id, seq, name, starts_on, ends_on, state, published_at" \
	" FROM reporting_period WHERE id = ?"
#define NARRATIVE_ROW "SELECT n.id, n.period_id, n.kind, n.position, n.title, n.body_md," \
	" r.state AS period_state, r.name AS period_name" \
	" FROM narrative n JOIN reporting_period r ON r.id = n.period_id WHERE n.id = ?"

/* A row by id: 0 with *out set, LIA_ENOTFOUND or LIA_EDB. */
static int row_by_id(struct store *s, const char *sql, long long id, json_t **out)
{
	json_t *row = db_row(s, sql, "i", id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}

static int period_create_tx(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                            const char *ends_on, long long *id)
{
	if (strcmp(ends_on, starts_on) < 0)
		return LIA_EINVAL;
	int e = 0;
	long long prog = db_int(s, &e, 0, "SELECT MIN(id) FROM programme", NULL);
	if (e)
		return LIA_EDB;
	if (prog == 0)
		return LIA_ENOTFOUND;
	long long seq = db_int(s, &e, 0, "SELECT COALESCE(MAX(seq), 0) + 1 FROM reporting_period WHERE programme_id = ?",
	                       "i", prog);
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO reporting_period (programme_id, seq, name, starts_on, ends_on, state)"
	               " VALUES (?, ?, ?, ?, ?, 'open')", "iittt", prog, seq, name, starts_on, ends_on) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = NULL;
	int rc = row_by_id(s, PERIOD_ROW, *id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "create", "reporting_period", *id, NULL, after);
	json_decref(after);
	return rc;
}

int store_period_create(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                        const char *ends_on, long long *id)
{
	WITH_TX(s, period_create_tx(s, a, name, starts_on, ends_on, id));
}

static int period_publish_tx(struct store *s, const struct actor *a, long long id,
                             int (*hook)(struct store *s, long long id, void *ctx), void *ctx)
{
	json_t *before = NULL, *after = NULL;
	int rc = row_by_id(s, PERIOD_ROW, id, &before);
	if (rc != 0)
		return rc;
	if (strcmp(json_string_value(json_object_get(before, "state")), "open") != 0) {
		json_decref(before);
		return LIA_ECONFLICT;
	}
	/* Periods are published in order: an earlier open period first. */
	int e = 0;
	long long earlier = db_int(s, &e, 0, "SELECT count(*) FROM reporting_period WHERE state = 'open' AND seq < ?", "i",
	                           (long long)json_integer_value(json_object_get(before, "seq")));
	if (e || earlier) {
		json_decref(before);
		return e ? LIA_EDB : LIA_ECONFLICT;
	}
	rc = db_exec(s, "UPDATE reporting_period SET state = 'published', published_at = ? WHERE id = ? AND state = 'open'",
	             "ti", a->now, id);
	if (rc == 0)
		rc = row_by_id(s, PERIOD_ROW, id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "publish", "reporting_period", id, before, after);
	if (rc == 0 && hook)
		rc = hook(s, id, ctx);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_period_publish(struct store *s, const struct actor *a, long long id)
{
	WITH_TX(s, period_publish_tx(s, a, id, NULL, NULL));
}

int store_period_publish_with(struct store *s, const struct actor *a, long long id,
                              int (*hook)(struct store *s, long long id, void *ctx), void *ctx)
{
	WITH_TX(s, period_publish_tx(s, a, id, hook, ctx));
}

int store_open_periods(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT id, seq, name FROM reporting_period WHERE state = 'open' ORDER BY seq", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_narrative(struct store *s, long long id, json_t **out)
{
	return row_by_id(s, NARRATIVE_ROW, id, out);
}

int store_period_narratives(struct store *s, long long period_id, bool published_only, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT n.id, n.period_id, n.kind, n.position, n.title, n.body_md FROM narrative n"
		" JOIN reporting_period r ON r.id = n.period_id"
		" WHERE n.period_id = ? AND (? = 0 OR r.state = 'published') ORDER BY n.position, n.id",
		"ii", period_id, (long long)published_only);
	if (!rows)
		return LIA_EDB;
	json_t *hl = json_array(), *ol = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		bool highlight = strcmp(json_string_value(json_object_get(row, "kind")), "highlight") == 0;
		json_array_append(highlight ? hl : ol, row);
	}
	json_decref(rows);
	*out = json_pack("{s:o, s:o}", "highlights", hl, "outlooks", ol);
	return 0;
}

/* The period must exist and be open. */
static int period_open(struct store *s, long long period_id)
{
	json_t *p = NULL;
	int rc = row_by_id(s, PERIOD_ROW, period_id, &p);
	if (rc != 0)
		return rc;
	rc = strcmp(json_string_value(json_object_get(p, "state")), "open") == 0 ? 0 : LIA_ECONFLICT;
	json_decref(p);
	return rc;
}

#define NARRATIVE_AUDIT "SELECT id, period_id, kind, position, title, body_md FROM narrative WHERE id = ?"

static int narrative_create_tx(struct store *s, const struct actor *a, long long period_id, const char *kind,
                               const char *title, const char *body_md, long long position, long long *id)
{
	int rc = period_open(s, period_id);
	if (rc != 0)
		return rc;
	int e = 0;
	if (position < 0)
		position = db_int(s, &e, 1, "SELECT COALESCE(MAX(position), 0) + 1 FROM narrative WHERE period_id = ?", "i",
		                  period_id);
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO narrative (period_id, kind, position, title, body_md) VALUES (?, ?, ?, ?, ?)",
	            "itit" "t", period_id, kind, position, title, body_md) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	json_t *after = NULL;
	rc = row_by_id(s, NARRATIVE_AUDIT, *id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "create", "narrative", *id, NULL, after);
	json_decref(after);
	return rc;
}

int store_narrative_create(struct store *s, const struct actor *a, long long period_id, const char *kind,
                           const char *title, const char *body_md, long long position, long long *id)
{
	WITH_TX(s, narrative_create_tx(s, a, period_id, kind, title, body_md, position, id));
}

static int narrative_update_tx(struct store *s, const struct actor *a, long long id, const char *kind,
                               const char *title, const char *body_md, long long position)
{
	json_t *before = NULL, *after = NULL;
	int rc = row_by_id(s, NARRATIVE_AUDIT, id, &before);
	if (rc != 0)
		return rc;
	rc = period_open(s, json_integer_value(json_object_get(before, "period_id")));
	if (rc == 0)
		rc = db_exec(s, "UPDATE narrative SET kind = ?, title = ?, body_md = ?, position = ? WHERE id = ?", "tttii",
		             kind, title, body_md, position, id);
	if (rc == 0)
		rc = row_by_id(s, NARRATIVE_AUDIT, id, &after);
	if (rc == 0)
		rc = db_audit(s, a, "update", "narrative", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_narrative_update(struct store *s, const struct actor *a, long long id, const char *kind,
                           const char *title, const char *body_md, long long position)
{
	WITH_TX(s, narrative_update_tx(s, a, id, kind, title, body_md, position));
}
