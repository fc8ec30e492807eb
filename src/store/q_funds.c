/*
 * q_funds: reading the extra money (see funds.h). Sums are taken in SQL over
 * integer cents, each table in one pass (UNION ALL then GROUP BY), never by
 * a subquery per row.
 */
#include "store/funds.h"

#include "core/err.h"
#include "store/db.h"
#include "store/q_result.h"

#include <limits.h>
#include <string.h>

/* available, allocated and spent per row → also unallocated and left. */
static void add_differences(json_t *rows, const char *have, const char *used, const char *out)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		json_int_t a = json_integer_value(json_object_get(r, have));
		json_int_t b = json_integer_value(json_object_get(r, used));
		json_object_set_new(r, out, json_integer(a - b));
	}
}

int store_funds_years(struct store *s, json_t **out)
{
	json_t *years = db_rows(s,
		"SELECT year, sum(avail) AS available_cents, sum(alloc) AS allocated_cents, sum(spent) AS spent_cents"
		" FROM (SELECT year, amount_cents AS avail, 0 AS alloc, 0 AS spent FROM fund_source"
		"  UNION ALL SELECT f.year, 0, a.amount_cents, 0 FROM allocation a JOIN fund_source f ON f.id = a.source_id"
		"  UNION ALL SELECT f.year, 0, 0, e.amount_cents FROM expense e"
		"   JOIN allocation a ON a.id = e.allocation_id JOIN fund_source f ON f.id = a.source_id) t"
		" GROUP BY year ORDER BY year", NULL);
	if (!years)
		return LIA_EDB;
	add_differences(years, "available_cents", "allocated_cents", "unallocated_cents");
	add_differences(years, "available_cents", "spent_cents", "left_cents");
	*out = years;
	return 0;
}

static json_t *total_of(json_t *years)
{
	static const char *const keys[] = {"available_cents", "allocated_cents", "spent_cents", "unallocated_cents",
	                                   "left_cents"};
	json_t *t = json_object();
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_int_t sum = 0;
		size_t i;
		json_t *y;
		json_array_foreach(years, i, y)
			sum += json_integer_value(json_object_get(y, keys[k]));
		json_object_set_new(t, keys[k], json_integer(sum));
	}
	return t;
}

/* Allocated and spent per allocation, limited to a year (0: all). */
#define MONEY_PER_ALLOCATION \
	"SELECT a.id AS allocation_id, a.action_point_id, a.purpose, a.amount_cents AS alloc," \
	"  coalesce(x.spent, 0) AS spent" \
	" FROM allocation a JOIN fund_source f ON f.id = a.source_id" \
	" LEFT JOIN (SELECT allocation_id, sum(amount_cents) AS spent FROM expense GROUP BY allocation_id) x" \
	"  ON x.allocation_id = a.id" \
	" WHERE ?1 = 0 OR f.year = ?1"

static const char sql_themes[] =
	"SELECT t.id AS theme_id, CASE WHEN ?2 = 'en' THEN t.name_en ELSE t.name_nl END AS name,"
	" sum(m.alloc) AS allocated_cents, sum(m.spent) AS spent_cents"
	" FROM (" MONEY_PER_ALLOCATION ") m"
	" LEFT JOIN action_point p ON p.id = m.action_point_id LEFT JOIN theme t ON t.id = p.theme_id"
	" GROUP BY t.id ORDER BY t.id IS NULL, t.position, t.id";

static const char sql_purposes[] =
	"SELECT m.purpose, sum(m.alloc) AS allocated_cents, sum(m.spent) AS spent_cents"
	" FROM (" MONEY_PER_ALLOCATION ") m GROUP BY m.purpose"
	" ORDER BY m.purpose IS NULL, sum(m.alloc) DESC, m.purpose";

static const char sql_actions[] =
	"SELECT p.id, p.code, p.title, CASE WHEN ?2 = 'en' THEN t.name_en ELSE t.name_nl END AS theme_name,"
	" sum(m.alloc) AS allocated_cents, sum(m.spent) AS spent_cents"
	" FROM (" MONEY_PER_ALLOCATION ") m"
	" JOIN action_point p ON p.id = m.action_point_id JOIN theme t ON t.id = p.theme_id"
	" GROUP BY p.id, t.id ORDER BY t.position, p.code";

static const char sql_sources[] =
	"SELECT f.id, f.name, f.year, f.amount_cents, coalesce(sum(a.amount_cents), 0) AS allocated_cents, f.note"
	" FROM fund_source f LEFT JOIN allocation a ON a.source_id = f.id"
	" WHERE ?1 = 0 OR f.year = ?1 GROUP BY f.id ORDER BY f.year, f.name";

#define ALLOCATION_COLUMNS \
	"SELECT a.id, a.code, a.source_id, f.name AS source_name, f.year, a.action_point_id," \
	" p.code AS action_code, p.title AS action_title, a.purpose, a.amount_cents," \
	" coalesce(x.spent, 0) AS spent_cents, a.amount_cents - coalesce(x.spent, 0) AS left_cents," \
	" a.allocated_on, a.note, coalesce(x.n, 0) AS expense_count" \
	" FROM allocation a JOIN fund_source f ON f.id = a.source_id" \
	" LEFT JOIN action_point p ON p.id = a.action_point_id" \
	" LEFT JOIN (SELECT allocation_id, sum(amount_cents) AS spent, count(*) AS n FROM expense" \
	"  GROUP BY allocation_id) x ON x.allocation_id = a.id"

static const char sql_allocations[] =
	ALLOCATION_COLUMNS " WHERE ?1 = 0 OR f.year = ?1 ORDER BY f.year, a.allocated_on, a.id";

int store_funds(struct store *s, const struct viewer *v, long long year, json_t **out)
{
	json_t *years = NULL;
	if (store_funds_years(s, &years) != 0)
		return LIA_EDB;
	json_t *themes = db_rows(s, sql_themes, "it", year, v->lang);
	json_t *purposes = db_rows(s, sql_purposes, "i", year);
	json_t *actions = db_rows(s, sql_actions, "it", year, v->lang);
	json_t *sources = db_rows(s, sql_sources, "i", year);
	json_t *allocations = db_rows(s, sql_allocations, "i", year);
	if (!themes || !purposes || !actions || !sources || !allocations) {
		json_decref(years);
		json_decref(themes);
		json_decref(purposes);
		json_decref(actions);
		json_decref(sources);
		json_decref(allocations);
		return LIA_EDB;
	}
	add_differences(actions, "allocated_cents", "spent_cents", "left_cents");
	add_differences(sources, "amount_cents", "allocated_cents", "unallocated_cents");
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "total", total_of(years), "years", years,
	                 "themes", themes, "purposes", purposes, "actions", actions, "sources", sources,
	                 "allocations", allocations, "year", (json_int_t)year);
	return 0;
}

int store_action_money(struct store *s, long long action_point_id, json_t **out)
{
	json_t *rows = db_rows(s, ALLOCATION_COLUMNS " WHERE a.action_point_id = ? ORDER BY f.year, a.id", "i",
	                       action_point_id);
	if (!rows)
		return LIA_EDB;
	json_int_t alloc = 0, spent = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		alloc += json_integer_value(json_object_get(r, "amount_cents"));
		spent += json_integer_value(json_object_get(r, "spent_cents"));
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "allocations", rows, "allocated_cents", alloc, "spent_cents", spent,
	                 "left_cents", alloc - spent);
	return 0;
}

int store_allocation(struct store *s, const struct viewer *v, long long id, json_t **out)
{
	(void)v;
	json_t *row = db_row(s, ALLOCATION_COLUMNS " WHERE a.id = ?", "i", id);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row))
		return LIA_ENOTFOUND;
	*out = row;
	return 0;
}

/* --- warnings -------------------------------------------------------------- */

#define NOTE_JOIN(kind, subject) \
	" LEFT JOIN fund_warning_note n ON n.kind = '" kind "' AND n.subject_id = " subject \
	" LEFT JOIN user_account u ON u.id = n.user_id"
#define NOTE_COLUMNS \
	" n.explanation, n.created_at AS explained_at," \
	" nullif(u.display_name, '') AS explained_by"

static const char sql_over_allocated[] =
	"SELECT 'over_allocated' AS kind, f.id AS subject_id, f.name AS source_name, f.year,"
	" f.amount_cents AS available_cents, sum(a.amount_cents) AS allocated_cents," NOTE_COLUMNS
	" FROM fund_source f JOIN allocation a ON a.source_id = f.id" NOTE_JOIN("over_allocated", "f.id")
	" WHERE (?1 = 0 OR n.subject_id IS NULL)"
	/* One note (and its author) per source at most: grouping by them changes
	 * nothing, and PostgreSQL wants every column grouped or aggregated. */
	" GROUP BY f.id, n.explanation, n.created_at, u.display_name"
	" HAVING sum(a.amount_cents) > f.amount_cents ORDER BY f.year, f.name";

static const char sql_overspent[] =
	"SELECT 'overspent' AS kind, a.id AS subject_id, a.id AS allocation_id, a.code AS allocation_code,"
	" a.amount_cents, x.spent AS spent_cents, coalesce(p.code || ' ' || p.title, a.note) AS allocation_label,"
	NOTE_COLUMNS
	" FROM allocation a JOIN (SELECT allocation_id, sum(amount_cents) AS spent FROM expense"
	"  GROUP BY allocation_id) x ON x.allocation_id = a.id"
	" LEFT JOIN action_point p ON p.id = a.action_point_id" NOTE_JOIN("overspent", "a.id")
	" WHERE x.spent > a.amount_cents AND (?1 = 0 OR n.subject_id IS NULL) ORDER BY a.id";

static const char sql_outside_year[] =
	"SELECT 'outside_year' AS kind, e.id AS subject_id, e.id AS expense_id, e.spent_on, e.amount_cents,"
	" e.description, f.year, a.id AS allocation_id, a.code AS allocation_code," NOTE_COLUMNS
	" FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source f ON f.id = a.source_id"
	NOTE_JOIN("outside_year", "e.id")
	" WHERE substr(e.spent_on, 1, 4) <> CAST(f.year AS TEXT) AND (?1 = 0 OR n.subject_id IS NULL)"
	" ORDER BY e.spent_on, e.id LIMIT ?2";

#define SQL_WITHDRAWN(view) \
	"SELECT 'withdrawn_action' AS kind, a.id AS subject_id, a.id AS allocation_id, a.code AS allocation_code," \
	" a.amount_cents, p.id AS action_point_id, p.code AS action_code, p.title AS action_title," NOTE_COLUMNS \
	" FROM allocation a JOIN action_point p ON p.id = a.action_point_id" \
	" JOIN " view " st ON st.action_point_id = p.id" NOTE_JOIN("withdrawn_action", "a.id") \
	" WHERE st.status = 'vervallen' AND (?1 = 0 OR n.subject_id IS NULL) ORDER BY p.code, a.id"

static const char *const sql_withdrawn[2] = DB_STATE_SQL(SQL_WITHDRAWN);

static const char sql_outside_count[] =
	"SELECT count(*) AS all_, count(n.subject_id) AS explained"
	" FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source f ON f.id = a.source_id"
	" LEFT JOIN fund_warning_note n ON n.kind = 'outside_year' AND n.subject_id = e.id"
	" WHERE substr(e.spent_on, 1, 4) <> CAST(f.year AS TEXT)";

static void count_kind(json_t *counts, const char *kind, json_int_t all, json_int_t open)
{
	json_object_set_new(counts, kind, json_pack("{s:I, s:I}", "all", all, "open", open));
}

static json_int_t open_of(json_t *rows)
{
	json_int_t n = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		n += json_is_null(json_object_get(r, "explanation")) ? 1 : 0;
	return n;
}

/* Keep at most limit rows of a list (0: all). */
static void cut(json_t *rows, unsigned limit)
{
	while (limit && json_array_size(rows) > limit)
		json_array_remove(rows, json_array_size(rows) - 1);
}

int store_fund_warnings(struct store *s, const struct viewer *v, unsigned limit, bool open_only, json_t **out,
                        json_t **counts)
{
	long long open = open_only ? 1 : 0;
	json_t *lists[4] = {
		db_rows(s, sql_over_allocated, "i", open),
		db_rows(s, sql_overspent, "i", open),
		db_rows(s, sql_outside_year, "ii", open, limit ? (long long)limit : LLONG_MAX),
		db_rows(s, sql_withdrawn[DB_STATE(v)], "i", open),
	};
	json_t *oc = db_row(s, sql_outside_count, NULL);
	if (!lists[0] || !lists[1] || !lists[2] || !lists[3] || !oc) {
		for (int k = 0; k < 4; k++)
			json_decref(lists[k]);
		json_decref(oc);
		return LIA_EDB;
	}
	if (counts) {
		json_t *c = json_object();
		count_kind(c, "over_allocated", (json_int_t)json_array_size(lists[0]), open_of(lists[0]));
		count_kind(c, "overspent", (json_int_t)json_array_size(lists[1]), open_of(lists[1]));
		json_int_t all = json_integer_value(json_object_get(oc, "all_"));
		count_kind(c, "outside_year", all, all - json_integer_value(json_object_get(oc, "explained")));
		count_kind(c, "withdrawn_action", (json_int_t)json_array_size(lists[3]), open_of(lists[3]));
		*counts = c;
	}
	json_decref(oc);
	json_t *all = json_array();
	for (int k = 0; k < 4; k++) {
		cut(lists[k], limit);
		json_array_extend(all, lists[k]);
		json_decref(lists[k]);
	}
	*out = all;
	return 0;
}

/* --- expenses -------------------------------------------------------------- */

static const char sql_expenses[] =
	"SELECT e.id, e.spent_on, e.amount_cents, e.description, e.reference, e.allocation_id,"
	" a.code AS allocation_code, f.year, e.import_id"
	" FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source f ON f.id = a.source_id"
	" WHERE (?1 = 0 OR e.allocation_id = ?1) AND (?2 = 0 OR f.year = ?2)"
	"  AND (?3 = 0 OR substr(e.spent_on, 1, 4) <> CAST(f.year AS TEXT)) AND (?6 = 0 OR e.import_id = ?6)"
	" ORDER BY e.spent_on DESC, e.id DESC LIMIT ?4 OFFSET ?5";

static const char sql_expenses_sum[] =
	"SELECT count(*) AS count, coalesce(sum(e.amount_cents), 0) AS sum_cents"
	" FROM expense e JOIN allocation a ON a.id = e.allocation_id JOIN fund_source f ON f.id = a.source_id"
	" WHERE (?1 = 0 OR e.allocation_id = ?1) AND (?2 = 0 OR f.year = ?2)"
	"  AND (?3 = 0 OR substr(e.spent_on, 1, 4) <> CAST(f.year AS TEXT)) AND (?4 = 0 OR e.import_id = ?4)";

int store_expenses(struct store *s, const struct expense_filter *f, json_t **out)
{
	long long outside = f->outside_year ? 1 : 0;
	json_t *items = db_rows(s, sql_expenses, "iiiiii", f->allocation_id, f->year, outside,
	                        f->limit > 0 ? f->limit : LLONG_MAX, f->offset > 0 ? f->offset : 0LL, f->import_id);
	json_t *sum = db_row(s, sql_expenses_sum, "iiii", f->allocation_id, f->year, outside, f->import_id);
	if (Q_FAILED(items, sum))
		return LIA_EDB;
	json_object_set_new(sum, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(sum, "items", items);
	*out = sum;
	return 0;
}
