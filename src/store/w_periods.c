/*
 * w_periods: writing reporting periods and narratives (see w_periods.h).
 * Every write reads, checks, writes and audits inside one transaction
 * (db_write, store/write.c).
 */
#include "store/w_periods.h"

#include "core/err.h"
#include "store/db.h"

#include <string.h>

static json_t *period_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, programme_id, seq, name, starts_on, ends_on, state, published_at,"
	                 " updates_due_on, assessments_due_on FROM reporting_period WHERE id = ?", "i", id);
}

/* A narrative as the audit log shows it (without its period's columns). */
static json_t *narrative_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, period_id, kind, position, title, body_md FROM narrative WHERE id = ?", "i", id);
}

/* A narrative with its period's name and state, as the pages show it. */
static json_t *narrative_view_row(struct store *s, long long id)
{
	return db_row(s, "SELECT n.id, n.period_id, n.kind, n.position, n.title, n.body_md,"
	                 " r.state AS period_state, r.name AS period_name"
	                 " FROM narrative n JOIN reporting_period r ON r.id = n.period_id WHERE n.id = ?", "i", id);
}

static const struct db_record narrative_view = {"narrative", narrative_view_row};
static const struct db_record period_record = {"reporting_period", period_row};
static const struct db_record narrative_record = {"narrative", narrative_row};

struct period_input {
	const char *name, *starts_on, *ends_on;
	const char *updates_due_on, *assessments_due_on; /* NULL or "": none */
};

static const char *due_or_null(const char *d)
{
	return d && *d ? d : NULL;
}

/* The rules of the due dates (see store_period_due_check in w_periods.h). */
static int due_check(const char *starts_on, const char *updates_due_on, const char *assessments_due_on,
                     const char **field, const char **why)
{
	updates_due_on = due_or_null(updates_due_on);
	assessments_due_on = due_or_null(assessments_due_on);
	if (updates_due_on && strcmp(updates_due_on, starts_on) < 0) {
		*field = "updates_due_on";
		*why = "before_start";
	} else if (assessments_due_on && strcmp(assessments_due_on, starts_on) < 0) {
		*field = "assessments_due_on";
		*why = "before_start";
	} else if (updates_due_on && assessments_due_on && strcmp(assessments_due_on, updates_due_on) < 0) {
		*field = "assessments_due_on";
		*why = "before_updates";
	} else {
		return 0;
	}
	return LIA_EINVAL;
}

int store_period_due_check(const char *starts_on, const char *updates_due_on, const char *assessments_due_on,
                           const char **field, const char **why)
{
	return due_check(starts_on, updates_due_on, assessments_due_on, field, why);
}

/* The clash of a new period in programme prog (see w_periods.h); NULL in
 * *out when none. */
static int period_clash(struct store *s, long long prog, const char *starts_on, const char *ends_on, json_t **out)
{
	*out = NULL;
	json_t *rows = db_rows(s, "SELECT id, name, starts_on, ends_on, 'overlap' AS clash FROM reporting_period"
	                          " WHERE programme_id = ? AND starts_on <= ? AND ends_on >= ? ORDER BY seq LIMIT 1",
	                       "itt", prog, ends_on, starts_on);
	if (rows && json_array_size(rows) == 0) {
		json_decref(rows);
		rows = db_rows(s, "SELECT id, name, starts_on, ends_on, 'earlier' AS clash FROM reporting_period"
		                  " WHERE programme_id = ? AND ends_on >= ? ORDER BY ends_on DESC, seq DESC LIMIT 1",
		               "it", prog, starts_on);
	}
	if (!rows)
		return LIA_EDB;
	if (json_array_size(rows))
		*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

/* The programme new periods belong to (the first), or 0. */
static long long period_programme(struct store *s, int *e)
{
	return db_int(s, e, 0, "SELECT MIN(id) FROM programme", NULL);
}

int store_period_clash(struct store *s, const char *starts_on, const char *ends_on, json_t **out)
{
	*out = NULL;
	int e = 0;
	long long prog = period_programme(s, &e);
	if (e)
		return LIA_EDB;
	return prog ? period_clash(s, prog, starts_on, ends_on, out) : 0;
}

static int period_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct period_input *in = arg;
	if (strcmp(in->ends_on, in->starts_on) < 0)
		return LIA_EINVAL;
	int rc = due_check(in->starts_on, in->updates_due_on, in->assessments_due_on, field, why);
	if (rc != 0)
		return rc;
	int e = 0;
	long long prog = period_programme(s, &e);
	if (e)
		return LIA_EDB;
	if (prog == 0)
		return LIA_ENOTFOUND;
	/* Periods follow each other: none overlaps another or goes back in time. */
	json_t *clash = NULL;
	rc = period_clash(s, prog, in->starts_on, in->ends_on, &clash);
	if (rc != 0)
		return rc;
	if (clash) {
		*field = "starts_on";
		*why = strcmp(json_string_value(json_object_get(clash, "clash")), "overlap") == 0 ? "overlap" : "earlier";
		json_decref(clash);
		return LIA_EINVAL;
	}
	long long seq = db_int(s, &e, 0, "SELECT COALESCE(MAX(seq), 0) + 1 FROM reporting_period WHERE programme_id = ?",
	                       "i", prog);
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO reporting_period (programme_id, seq, name, starts_on, ends_on, state,"
	               " updates_due_on, assessments_due_on) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)", "iittttt", prog, seq,
	               in->name, in->starts_on, in->ends_on, due_or_null(in->updates_due_on),
	               due_or_null(in->assessments_due_on)) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return 0;
}

int store_period_create(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                        const char *ends_on, long long *id)
{
	struct period_input in = {name, starts_on, ends_on, NULL, NULL};
	return db_create(s, a, &period_record, id, period_apply, &in, NULL, NULL);
}

int store_period_create_due(struct store *s, const struct actor *a, const char *name, const char *starts_on,
                            const char *ends_on, const char *updates_due_on, const char *assessments_due_on,
                            const char **field, const char **why, long long *id)
{
	struct period_input in = {name, starts_on, ends_on, updates_due_on, assessments_due_on};
	return db_create(s, a, &period_record, id, period_apply, &in, field, why);
}

/* A change of the due dates: the period must be open (a published
 * period's dates are history), and the dates follow the rules. */
static int due_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                     const char **field, const char **why)
{
	const struct period_input *in = arg;
	if (strcmp(json_string_value(json_object_get(before, "state")), "open") != 0)
		return LIA_ECONFLICT;
	int rc = due_check(json_string_value(json_object_get(before, "starts_on")), in->updates_due_on,
	                   in->assessments_due_on, field, why);
	if (rc != 0)
		return rc;
	return db_exec(s, "UPDATE reporting_period SET updates_due_on = ?, assessments_due_on = ? WHERE id = ?", "tti",
	               due_or_null(in->updates_due_on), due_or_null(in->assessments_due_on), *id);
}

int store_period_set_due(struct store *s, const struct actor *a, long long id, const char *updates_due_on,
                         const char *assessments_due_on, const char **field, const char **why)
{
	struct period_input in = {NULL, NULL, NULL, updates_due_on, assessments_due_on};
	return db_write(s, a, &period_record, &id, due_apply, &in, field, why);
}

int store_period_row(struct store *s, long long id, json_t **out)
{
	return db_get(s, &period_record, id, out);
}

/* Publishing is not an ordinary change: its own audit action, and the
 * hook (freezing the reports) in the same transaction. */
static int period_publish_tx(struct store *s, const struct actor *a, long long id,
                             int (*hook)(struct store *s, long long id, void *ctx), void *ctx)
{
	json_t *before = NULL;
	int rc = db_get(s, &period_record, id, &before);
	if (rc != 0)
		return rc;
	int e = 0;
	if (strcmp(json_string_value(json_object_get(before, "state")), "open") != 0)
		rc = LIA_ECONFLICT;
	/* Periods are published in order: an earlier open period first. */
	else if (db_int(s, &e, 0, "SELECT count(*) FROM reporting_period WHERE state = 'open' AND seq < ?", "i",
	                (long long)json_integer_value(json_object_get(before, "seq"))) > 0 || e)
		rc = e ? LIA_EDB : LIA_ECONFLICT;
	else
		rc = db_exec(s, "UPDATE reporting_period SET state = 'published', published_at = ? WHERE id = ?"
		                " AND state = 'open'", "ti", a->now, id);
	if (rc == 0)
		rc = db_audit_record(s, a, &period_record, "publish", id, before, NULL);
	if (rc == 0 && hook)
		rc = hook(s, id, ctx);
	json_decref(before);
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
	*out = db_rows(s, "SELECT id, seq, name FROM reporting_period WHERE state = 'open' ORDER BY seq", NULL);
	return *out ? 0 : LIA_EDB;
}

int store_open_period_due(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT id, name, updates_due_on, assessments_due_on FROM reporting_period"
	                          " WHERE state = 'open' ORDER BY seq DESC LIMIT 1", NULL);
	if (!rows)
		return LIA_EDB;
	*out = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	return 0;
}

int store_narrative(struct store *s, long long id, json_t **out)
{
	return db_get(s, &narrative_view, id, out);
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
	int rc = db_get(s, &period_record, period_id, &p);
	if (rc != 0)
		return rc;
	rc = strcmp(json_string_value(json_object_get(p, "state")), "open") == 0 ? 0 : LIA_ECONFLICT;
	json_decref(p);
	return rc;
}

struct narrative_input {
	long long period_id; /* a new narrative's */
	const char *kind, *title, *body_md;
	long long position; /* negative: after the others (create only) */
};

static int narrative_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                           const char **field, const char **why)
{
	const struct narrative_input *in = arg;
	long long period_id = before ? json_integer_value(json_object_get(before, "period_id")) : in->period_id;
	int rc = period_open(s, period_id);
	if (rc != 0)
		return rc;
	if (*id)
		return db_exec(s, "UPDATE narrative SET kind = ?, title = ?, body_md = ?, position = ? WHERE id = ?", "tttii",
		               in->kind, in->title, in->body_md, in->position, *id);
	int e = 0;
	long long position = in->position;
	if (position < 0)
		position = db_int(s, &e, 1, "SELECT COALESCE(MAX(position), 0) + 1 FROM narrative WHERE period_id = ?", "i",
		                  period_id);
	if (e)
		return LIA_EDB;
	if (db_exec(s, "INSERT INTO narrative (period_id, kind, position, title, body_md) VALUES (?, ?, ?, ?, ?)",
	            "itit" "t", period_id, in->kind, position, in->title, in->body_md) != 0)
		return LIA_EDB;
	*id = db_last_id(s);
	return 0;
}

int store_narrative_create(struct store *s, const struct actor *a, long long period_id, const char *kind,
                           const char *title, const char *body_md, long long position, long long *id)
{
	struct narrative_input in = {period_id, kind, title, body_md, position};
	return db_create(s, a, &narrative_record, id, narrative_apply, &in, NULL, NULL);
}

int store_narrative_update(struct store *s, const struct actor *a, long long id, const char *kind,
                           const char *title, const char *body_md, long long position)
{
	struct narrative_input in = {0, kind, title, body_md, position};
	return db_write(s, a, &narrative_record, &id, narrative_apply, &in, NULL, NULL);
}
