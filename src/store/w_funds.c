/*
 * w_funds: writing funding sources, allocations, expenses and explanations
 * of warnings (see funds.h). Every write is one transaction with an audit
 * entry holding the row before and after. Checks that the database would
 * refuse anyway are made here first, so the caller can name the field.
 */
#include "store/funds.h"

#include "core/err.h"
#include "core/vocab.h"
#include "store/db.h"

#include <string.h>

static json_t *source_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, name, year, amount_cents, note FROM fund_source WHERE id = ?", "i", id);
}

static json_t *allocation_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, source_id, action_point_id, purpose, code, amount_cents, allocated_on, note"
	                 " FROM allocation WHERE id = ?", "i", id);
}

static json_t *expense_row(struct store *s, long long id)
{
	return db_row(s, "SELECT id, allocation_id, spent_on, amount_cents, description, reference, import_id"
	                 " FROM expense WHERE id = ?", "i", id);
}

static const struct db_record source_record = {"fund_source", source_row};
static const struct db_record allocation_record = {"allocation", allocation_row};
static const struct db_record expense_record = {"expense", expense_row};

static int fail(const char **field, const char **why, const char *f, const char *w)
{
	*field = f;
	*why = w;
	return LIA_EINVAL;
}

static bool exists(struct store *s, int *err, const char *sql, long long id)
{
	return db_int(s, err, 0, sql, "i", id) > 0;
}

/* --- sources --------------------------------------------------------------- */

static int check_source(struct store *s, long long id, const struct source_input *in, const char **field,
                        const char **why)
{
	if (in->year < 2000 || in->year > 2100)
		return fail(field, why, "year", "range");
	if (in->amount_cents < 0)
		return fail(field, why, "amount", "range");
	int e = 0;
	long long n = db_int(s, &e, 0, "SELECT count(*) FROM fund_source WHERE name = ? AND year = ? AND id <> ?",
	                     "tii", in->name, in->year, id);
	if (e)
		return LIA_EDB;
	return n ? fail(field, why, "name", "exists") : 0;
}

static int source_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                        const char **field, const char **why)
{
	const struct source_input *in = arg;
	int rc = check_source(s, *id, in, field, why);
	if (rc)
		return rc;
	if (!*id) {
		long long programme = db_programme(s);
		if (!programme || db_exec(s, "INSERT INTO fund_source (programme_id, name, year, amount_cents, note)"
		                             " VALUES (?, ?, ?, ?, ?)", "itiit", programme, in->name, in->year,
		                          in->amount_cents, db_or_empty(in->note)) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	if (db_exec(s, "UPDATE fund_source SET name = ?, year = ?, amount_cents = ?, note = ? WHERE id = ?", "tiiti",
	            in->name, in->year, in->amount_cents, db_or_empty(in->note), *id) != 0)
		return LIA_EDB;
	return 0;
}

int store_source_create(struct store *s, const struct actor *a, const struct source_input *in, const char **field,
                        const char **why, long long *id)
{
	*id = 0;
	return db_write(s, a, &source_record, id, source_apply, in, field, why);
}

int store_source_update(struct store *s, const struct actor *a, long long id, const struct source_input *in,
                        const char **field, const char **why)
{
	return db_write(s, a, &source_record, &id, source_apply, in, field, why);
}

int store_source_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &source_record, id, out);
}

/* --- allocations ----------------------------------------------------------- */

static int check_allocation(struct store *s, long long id, const struct allocation_input *in, const char **field,
                            const char **why)
{
	int e = 0;
	if (!exists(s, &e, "SELECT count(*) FROM fund_source WHERE id = ?", in->source_id))
		return e ? LIA_EDB : fail(field, why, "source_id", "missing");
	if (in->action_point_id && !exists(s, &e, "SELECT count(*) FROM action_point WHERE id = ?", in->action_point_id))
		return e ? LIA_EDB : fail(field, why, "action_point_id", "missing");
	if (db_or_null(in->purpose) && !vocab_has("purpose", in->purpose))
		return fail(field, why, "purpose", "missing");
	if (!in->action_point_id && !db_or_null(in->purpose))
		return fail(field, why, "purpose", "neither");
	if (in->amount_cents < 0)
		return fail(field, why, "amount", "range");
	if (db_or_null(in->code)) {
		long long n = db_int(s, &e, 0, "SELECT count(*) FROM allocation WHERE lower(code) = lower(?) AND id <> ?",
		                     "ti", in->code, id);
		if (e)
			return LIA_EDB;
		if (n)
			return fail(field, why, "code", "exists");
	}
	return 0;
}

static int allocation_apply(struct store *s, const struct actor *a, const void *arg, json_t *before,
                            long long *id, const char **field, const char **why)
{
	const struct allocation_input *in = arg;
	int rc = check_allocation(s, *id, in, field, why);
	if (rc)
		return rc;
	if (!*id) {
		if (db_exec(s, "INSERT INTO allocation (source_id, action_point_id, purpose, code, amount_cents, allocated_on,"
		               " note) VALUES (?, ?, ?, ?, ?, ?, ?)", "izttitt", in->source_id, in->action_point_id,
		            db_or_null(in->purpose), db_or_null(in->code), in->amount_cents, in->allocated_on,
		            db_or_empty(in->note)) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	if (db_exec(s, "UPDATE allocation SET source_id = ?, action_point_id = ?, purpose = ?, code = ?,"
	               " amount_cents = ?, allocated_on = ?, note = ? WHERE id = ?",
	            "izttitti", in->source_id, in->action_point_id, db_or_null(in->purpose), db_or_null(in->code),
	            in->amount_cents, in->allocated_on, db_or_empty(in->note), *id) != 0)
		return LIA_EDB;
	return 0;
}

int store_allocation_create(struct store *s, const struct actor *a, const struct allocation_input *in,
                            const char **field, const char **why, long long *id)
{
	*id = 0;
	return db_write(s, a, &allocation_record, id, allocation_apply, in, field, why);
}

int store_allocation_update(struct store *s, const struct actor *a, long long id,
                            const struct allocation_input *in, const char **field, const char **why)
{
	return db_write(s, a, &allocation_record, &id, allocation_apply, in, field, why);
}

int store_allocation_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &allocation_record, id, out);
}

/* --- expenses -------------------------------------------------------------- */

static int expense_apply(struct store *s, const struct actor *a, const void *arg, json_t *before, long long *id,
                         const char **field, const char **why)
{
	const struct expense_input *in = arg;
	int e = 0;
	if (!exists(s, &e, "SELECT count(*) FROM allocation WHERE id = ?", in->allocation_id))
		return e ? LIA_EDB : fail(field, why, "allocation_id", "missing");
	if (in->amount_cents == 0)
		return fail(field, why, "amount", "zero");
	if (!*id) {
		if (db_exec(s, "INSERT INTO expense (allocation_id, spent_on, amount_cents, description, reference)"
		               " VALUES (?, ?, ?, ?, ?)", "ititt", in->allocation_id, in->spent_on, in->amount_cents,
		            in->description, db_or_empty(in->reference)) != 0)
			return LIA_EDB;
		*id = db_last_id(s);
		return 0;
	}
	if (db_exec(s, "UPDATE expense SET allocation_id = ?, spent_on = ?, amount_cents = ?, description = ?,"
	               " reference = ? WHERE id = ?", "ititti", in->allocation_id, in->spent_on, in->amount_cents,
	            in->description, db_or_empty(in->reference), *id) != 0)
		return LIA_EDB;
	return 0;
}

int store_expense_create(struct store *s, const struct actor *a, const struct expense_input *in,
                         const char **field, const char **why, long long *id)
{
	*id = 0;
	return db_write(s, a, &expense_record, id, expense_apply, in, field, why);
}

int store_expense_update(struct store *s, const struct actor *a, long long id, const struct expense_input *in,
                         const char **field, const char **why)
{
	return db_write(s, a, &expense_record, &id, expense_apply, in, field, why);
}

int store_expense_get(struct store *s, long long id, json_t **out)
{
	return db_get(s, &expense_record, id, out);
}

/* --- explanations of warnings ------------------------------------------------ */

static json_t *note_of(struct store *s, const char *kind, long long subject)
{
	return db_row(s, "SELECT kind, subject_id, explanation, user_id, created_at FROM fund_warning_note"
	                 " WHERE kind = ? AND subject_id = ?", "ti", kind, subject);
}

static int explain_tx(struct store *s, const struct actor *a, const char *kind, long long subject,
                      const char *explanation)
{
	json_t *before = note_of(s, kind, subject);
	if (!before)
		return LIA_EDB;
	int rc = db_exec(s, "INSERT INTO fund_warning_note (kind, subject_id, explanation, user_id, created_at)"
	                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, subject_id) DO UPDATE SET"
	                    " explanation = excluded.explanation, user_id = excluded.user_id,"
	                    " created_at = excluded.created_at", "titzt", kind, subject, explanation, a->user_id,
	                 a->now) != 0 ? LIA_EDB : 0;
	json_t *after = rc ? NULL : note_of(s, kind, subject);
	if (!rc)
		rc = after ? db_audit(s, a, json_is_null(before) ? "create" : "update", "fund_warning", subject,
		                      json_is_null(before) ? NULL : before, after)
		           : LIA_EDB;
	json_decref(before);
	json_decref(after);
	return rc;
}

int store_fund_warning_explain(struct store *s, const struct actor *a, const char *kind, long long subject_id,
                               const char *explanation, const char **field)
{
	*field = !vocab_has("warning_kind", kind) ? "kind" : !db_or_null(explanation) ? "explanation" : NULL;
	if (*field)
		return LIA_EINVAL;
	WITH_TX(s, explain_tx(s, a, kind, subject_id, explanation));
}

/* --- choices ----------------------------------------------------------------- */

int store_fund_choices(struct store *s, const struct viewer *v, json_t **out)
{
	json_t *sources = db_rows(s, "SELECT CAST(id AS TEXT) AS value, year || ': ' || name AS label FROM fund_source"
	                             " ORDER BY year DESC, name", NULL);
	json_t *actions = db_rows(s, "SELECT CAST(p.id AS TEXT) AS value, p.code || ' ' || p.title AS label"
	                             " FROM action_point p JOIN theme t ON t.id = p.theme_id ORDER BY t.position, p.code",
	                          NULL);
	json_t *allocations = db_rows(s,
		"SELECT CAST(a.id AS TEXT) AS value, f.year || ': ' || coalesce(a.code || ' ', '')"
		" || coalesce(p.code || ' ' || p.title, substr(a.note, 1, 60)) AS label"
		" FROM allocation a JOIN fund_source f ON f.id = a.source_id LEFT JOIN action_point p ON p.id = a.action_point_id"
		" ORDER BY f.year DESC, a.code, a.id", NULL);
	(void)v;
	if (DB_ALL_READ(&sources, &actions, &allocations))
		return LIA_EDB;
	*out = json_pack("{s:o, s:o, s:o}", "sources", sources, "actions", actions, "allocations", allocations);
	return 0;
}
