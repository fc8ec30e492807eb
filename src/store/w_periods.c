/*
 * w_periods: writing reporting periods and narratives (see w_periods.h).
 * Every write reads, checks, writes and audits inside one transaction
 * (store/audited.h).
 */
#include "store/w_periods.h"

#include "core/err.h"
#include "store/audited.h"

#include <string.h>

static int period_read(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT id, programme_id, seq, name, starts_on, ends_on, state, published_at"
	                               " FROM reporting_period WHERE id = ?", "i", id), out);
}

/* A narrative as the audit log shows it (without its period's columns). */
static int narrative_read(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT id, period_id, kind, position, title, body_md FROM narrative"
	                               " WHERE id = ?", "i", id), out);
}

static const struct audited_entity period_entity = {"reporting_period", period_read};
static const struct audited_entity narrative_entity = {"narrative", narrative_read};

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
	return audited_record(s, a, &period_entity, "create", *id, NULL, NULL);
}

int store_period_create(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                        const char *ends_on, long long *id)
{
	WITH_TX(s, period_create_tx(s, a, name, starts_on, ends_on, id));
}

static int publish_change(struct store *s, long long id, json_t *before, void *ctx)
{
	if (strcmp(json_string_value(json_object_get(before, "state")), "open") != 0)
		return LIA_ECONFLICT;
	/* Periods are published in order: an earlier open period first. */
	int e = 0;
	long long earlier = db_int(s, &e, 0, "SELECT count(*) FROM reporting_period WHERE state = 'open' AND seq < ?", "i",
	                           (long long)json_integer_value(json_object_get(before, "seq")));
	if (e || earlier)
		return e ? LIA_EDB : LIA_ECONFLICT;
	return db_exec(s, "UPDATE reporting_period SET state = 'published', published_at = ? WHERE id = ?"
	                  " AND state = 'open'", "ti", ((const struct actor *)ctx)->now, id);
}

static int period_publish_tx(struct store *s, const struct actor *a, long long id,
                             int (*hook)(struct store *s, long long id, void *ctx), void *ctx)
{
	int rc = audited_update(s, a, &period_entity, "publish", id, publish_change, (void *)a);
	return rc == 0 && hook ? hook(s, id, ctx) : rc;
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
	return audited_list(db_rows(s, "SELECT id, seq, name FROM reporting_period WHERE state = 'open' ORDER BY seq",
	                            NULL), out);
}

int store_narrative(struct store *s, long long id, json_t **out)
{
	return audited_found(db_row(s, "SELECT n.id, n.period_id, n.kind, n.position, n.title, n.body_md,"
	                               " r.state AS period_state, r.name AS period_name"
	                               " FROM narrative n JOIN reporting_period r ON r.id = n.period_id WHERE n.id = ?",
	                            "i", id), out);
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
	int rc = period_read(s, period_id, &p);
	if (rc != 0)
		return rc;
	rc = strcmp(json_string_value(json_object_get(p, "state")), "open") == 0 ? 0 : LIA_ECONFLICT;
	json_decref(p);
	return rc;
}

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
	return audited_record(s, a, &narrative_entity, "create", *id, NULL, NULL);
}

int store_narrative_create(struct store *s, const struct actor *a, long long period_id, const char *kind,
                           const char *title, const char *body_md, long long position, long long *id)
{
	WITH_TX(s, narrative_create_tx(s, a, period_id, kind, title, body_md, position, id));
}

struct narrative_change {
	const char *kind, *title, *body_md;
	long long position;
};

static int narrative_write(struct store *s, long long id, json_t *before, void *ctx)
{
	const struct narrative_change *c = ctx;
	int rc = period_open(s, json_integer_value(json_object_get(before, "period_id")));
	return rc ? rc : db_exec(s, "UPDATE narrative SET kind = ?, title = ?, body_md = ?, position = ? WHERE id = ?",
	                         "tttii", c->kind, c->title, c->body_md, c->position, id);
}

int store_narrative_update(struct store *s, const struct actor *a, long long id, const char *kind,
                           const char *title, const char *body_md, long long position)
{
	struct narrative_change c = {kind, title, body_md, position};
	WITH_TX(s, audited_update(s, a, &narrative_entity, "update", id, narrative_write, &c));
}
