/*
 * w_import: the expense import engine (see w_import.h). One pass over the
 * table csvread made: find the columns by their header, check each line,
 * look for duplicates (of existing expenses through the expense_allocation
 * index, of earlier lines through a hash of the lines to add), and describe
 * the outcome as JSON. Apply makes the same pass inside its write transaction
 * and then inserts what that pass found, so what was checked is what is
 * written. A run (struct run) owns everything a pass makes; the strings of
 * the lines stay in the csvread table it owns, nothing is copied per line.
 */
#include "store/w_import.h"

#include "core/csvread.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/ledger.h"
#include "core/mem.h"
#include "core/money.h"
#include "store/db.h"

#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESCRIPTION_MAX 200 /* characters; what the expense form allows for a text */
#define REFERENCE_MAX 100
#define ECHO_MAX 40         /* characters of a wrong value repeated in a message */
#define LISTED_DEFAULT 100
#define PROGRESS_EVERY 1024 /* lines between progress calls */

/* The columns, in ledger.h's order (which header names which: ledger_column). */
enum col {
	COL_DATE = LEDGER_DATE,
	COL_AMOUNT = LEDGER_AMOUNT,
	COL_DESCRIPTION = LEDGER_DESCRIPTION,
	COL_ALLOCATION = LEDGER_ALLOCATION,
	COL_REFERENCE = LEDGER_REFERENCE,
	COL_COUNT = LEDGER_COLS
};

/* One allocation a line may name. code points into struct allocs.rows. */
struct alloc {
	long long id;
	long long year; /* of its funding source */
	const char *code; /* NULL when it has none */
};

struct allocs {
	json_t *rows;            /* owns the code strings */
	struct alloc *v;         /* by id, ascending */
	const struct alloc **by_code; /* those with a code, by code (ASCII case ignored) */
	size_t n, ncode;
};

enum line_kind { LINE_ERROR, LINE_ADD, LINE_DUPLICATE };

/* A data line after checking. Strings belong to the csvread table. Kept
 * small (48 bytes): a file of 33 MB has some 650,000 lines, and the check
 * holds all of them. */
struct line {
	const struct alloc *alloc;
	long long cents;
	const char *description, *reference;
	uint32_t line;     /* in the file, 1-based (csvread_parse counts fewer than 2^32) */
	uint8_t kind;      /* enum line_kind */
	char date[11];
};

/* Everything one check makes; released by run_free. */
struct run {
	struct store *s;
	const char *lang;
	size_t max_listed;
	const struct import_options *o;
	struct csvread_table *t;
	int col[COL_COUNT];     /* field index of each column, -1 if absent */
	size_t need;            /* fields a line must have: up to the last required column */
	size_t width;           /* fields in the header line */
	struct allocs al;
	const struct alloc *chosen; /* for lines that name no allocation, or NULL */
	struct line *lines;
	size_t nlines;
	uint32_t *slots;        /* hash of the lines to add: index + 1 into lines, 0 empty */
	size_t nslots;          /* a power of two */
	size_t to_add, duplicates, errors, warnings;
	long long total;
	json_t *add, *dup, *err, *warn, *ignored;
	bool more;
	/* Progress: this pass reports base + done out of total. */
	size_t progress_base, progress_total;
	json_t *fatal;          /* {"message"} when the file is not a table */
};

static void run_init(struct run *r, struct store *s, const struct import_options *o)
{
	*r = (struct run){.s = s, .o = o};
	r->lang = o && o->lang ? o->lang : "nl";
	r->max_listed = o && o->max_listed ? o->max_listed : LISTED_DEFAULT;
	for (int c = 0; c < COL_COUNT; c++)
		r->col[c] = -1;
	r->add = json_array();
	r->dup = json_array();
	r->err = json_array();
	r->warn = json_array();
	r->ignored = json_array();
}

static void run_free(struct run *r)
{
	csvread_free(r->t);
	json_decref(r->al.rows);
	free(r->al.v);
	free(r->al.by_code);
	free(r->lines);
	free(r->slots);
	json_decref(r->add);
	json_decref(r->dup);
	json_decref(r->err);
	json_decref(r->warn);
	json_decref(r->ignored);
	json_decref(r->fatal);
}

static void progress(struct run *r, size_t done)
{
	if (r->o && r->o->progress)
		r->o->progress(r->o->progress_ctx, r->progress_base + done, r->progress_total);
}

/* --- small text helpers ------------------------------------------------- */

static json_t *vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static json_t *vmsg(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return json_string("");
	char *buf = mem_alloc((size_t)n + 1);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	json_t *j = json_string(buf);
	free(buf);
	return j ? j : json_string(""); /* every part is UTF-8; never expected */
}

/* A message for the file as a whole: {"message": "..."}. */
static json_t *file_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *file_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *m = vmsg(fmt, ap);
	va_end(ap);
	return json_pack("{s:o}", "message", m);
}

/* True when one more entry fits in list; otherwise notes that a list was cut. */
static bool room(struct run *r, json_t *list)
{
	if (json_array_size(list) < r->max_listed)
		return true;
	r->more = true;
	return false;
}

/* Count an error on line (column may be NULL) and list it while there is room. */
static void line_error(struct run *r, size_t line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void line_error(struct run *r, size_t line, const char *column, const char *fmt, ...)
{
	r->errors++;
	if (!room(r, r->err))
		return;
	va_list ap;
	va_start(ap, fmt);
	json_t *e = json_pack("{s:I, s:o}", "line", (json_int_t)line, "message", vmsg(fmt, ap));
	va_end(ap);
	if (column)
		json_object_set_new(e, "column", json_string(column));
	json_array_append_new(r->err, e);
}

static void line_warning(struct run *r, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line_warning(struct run *r, size_t line, const char *fmt, ...)
{
	r->warnings++;
	if (!room(r, r->warn))
		return;
	va_list ap;
	va_start(ap, fmt);
	json_array_append_new(r->warn, json_pack("{s:I, s:o}", "line", (json_int_t)line, "message", vmsg(fmt, ap)));
	va_end(ap);
}

static bool is_space(const char *p, size_t *len)
{
	unsigned char c = (unsigned char)p[0];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*len = 1;
		return true;
	}
	if (c == 0xC2 && (unsigned char)p[1] == 0xA0) { /* no-break space */
		*len = 2;
		return true;
	}
	return false;
}

/* The text of v without surrounding white space, as start and length. */
static const char *trimmed(const char *v, size_t *n)
{
	size_t k;
	while (*v && is_space(v, &k))
		v += k;
	size_t len = strlen(v);
	while (len) {
		if (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r' || v[len - 1] == '\n')
			len--;
		else if (len >= 2 && (unsigned char)v[len - 2] == 0xC2 && (unsigned char)v[len - 1] == 0xA0)
			len -= 2;
		else
			break;
	}
	*n = len;
	return v;
}

static bool blank(const char *v)
{
	size_t n;
	trimmed(v, &n);
	return n == 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* v as a message repeats it: at most ECHO_MAX characters (then "…"), line
 * breaks and tabs as spaces. buf holds ECHO_MAX * 4 + 4 bytes. */
#define ECHO_BUF (ECHO_MAX * 4 + 4)
static const char *echo(const char *v, char *buf)
{
	size_t n;
	v = trimmed(v, &n);
	size_t o = 0, chars = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c & 0xC0) != 0x80 && chars++ == ECHO_MAX) {
			memcpy(buf + o, "\xE2\x80\xA6", 3);
			o += 3;
			break;
		}
		buf[o++] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : (char)c;
	}
	buf[o] = '\0';
	return buf;
}

/* ASCII case-insensitive comparison of a[0..an) and the string b. */
static int code_cmp(const char *a, size_t an, const char *b)
{
	size_t i = 0;
	for (; i < an && b[i]; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return x - y;
	}
	if (i < an)
		return 1;
	return b[i] ? -1 : 0;
}

/* --- allocations ---------------------------------------------------------- */

static int by_code_cmp(const void *a, const void *b)
{
	const struct alloc *x = *(const struct alloc *const *)a, *y = *(const struct alloc *const *)b;
	return code_cmp(x->code, strlen(x->code), y->code);
}

struct code_key {
	const char *p;
	size_t n;
};

static int code_key_cmp(const void *key, const void *elem)
{
	const struct code_key *k = key;
	const struct alloc *a = *(const struct alloc *const *)elem;
	return code_cmp(k->p, k->n, a->code);
}

static int id_key_cmp(const void *key, const void *elem)
{
	long long id = *(const long long *)key, other = ((const struct alloc *)elem)->id;
	return (id > other) - (id < other);
}

static int load_allocs(struct run *r)
{
	struct allocs *al = &r->al;
	al->rows = db_rows(r->s, "SELECT a.id, a.code, f.year FROM allocation a JOIN fund_source f ON f.id = a.source_id"
	                         " ORDER BY a.id", NULL);
	if (!al->rows)
		return LIA_EDB;
	al->n = json_array_size(al->rows);
	al->v = mem_calloc(al->n ? al->n : 1, sizeof(*al->v));
	al->by_code = mem_calloc(al->n ? al->n : 1, sizeof(*al->by_code));
	for (size_t i = 0; i < al->n; i++) {
		json_t *row = json_array_get(al->rows, i);
		const char *code = json_string_value(json_object_get(row, "code"));
		al->v[i] = (struct alloc){.id = json_integer_value(json_object_get(row, "id")),
		                          .year = json_integer_value(json_object_get(row, "year")),
		                          .code = code && *code ? code : NULL};
		if (al->v[i].code)
			al->by_code[al->ncode++] = &al->v[i];
	}
	qsort(al->by_code, al->ncode, sizeof(*al->by_code), by_code_cmp);
	return 0;
}

/* The allocation a line names by code (case ignored) or, failing that, by number. */
static const struct alloc *find_alloc(const struct allocs *al, const char *p, size_t n)
{
	struct code_key k = {p, n};
	const struct alloc *const *hit = al->ncode ? bsearch(&k, al->by_code, al->ncode, sizeof(*al->by_code),
	                                                      code_key_cmp) : NULL;
	if (hit)
		return *hit;
	if (n == 0 || n > 18)
		return NULL;
	long long id = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return NULL;
		id = id * 10 + (p[i] - '0');
	}
	return al->n ? bsearch(&id, al->v, al->n, sizeof(*al->v), id_key_cmp) : NULL;
}

/* --- the lines to add, hashed by what makes a duplicate --------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t line_hash(const struct line *l)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv(h, &l->alloc->id, sizeof(l->alloc->id));
	h = fnv(h, l->date, 10);
	h = fnv(h, &l->cents, sizeof(l->cents));
	/* Without a reference, the description tells two expenses apart. */
	if (!*l->reference)
		return fnv(h, l->description, strlen(l->description));
	return fnv(h, l->reference, strlen(l->reference));
}

static bool same_key(const struct line *a, const struct line *b)
{
	return a->alloc == b->alloc && a->cents == b->cents && memcmp(a->date, b->date, 10) == 0 &&
	       strcmp(a->reference, b->reference) == 0 && (*a->reference || strcmp(a->description, b->description) == 0);
}

/* The slot of the line to add that l repeats, or the empty slot where l goes. */
static size_t find_slot(const struct run *r, const struct line *l)
{
	size_t mask = r->nslots - 1;
	for (size_t k = (size_t)line_hash(l) & mask;; k = (k + 1) & mask)
		if (!r->slots[k] || same_key(&r->lines[r->slots[k] - 1], l))
			return k;
}

/* --- checking ------------------------------------------------------------- */

static const char *field(const struct run *r, size_t row, enum col c)
{
	if (r->col[c] < 0)
		return "";
	const char *v = csvread_field(r->t, row, (size_t)r->col[c]);
	return v ? v : "";
}

static json_t *alloc_code_json(const struct alloc *a)
{
	return a->code ? json_string(a->code) : json_null();
}

static json_t *line_json(const struct line *l)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:o}", "line", (json_int_t)l->line, "spent_on", l->date,
	                 "amount_cents", (json_int_t)l->cents, "description", l->description, "reference", l->reference,
	                 "allocation_code", alloc_code_json(l->alloc));
}

/* Check the data line in row; its record goes to r->lines[r->nlines++]. */
static int check_line(struct run *r, size_t row)
{
	size_t idx = r->nlines++;
	struct line *l = &r->lines[idx];
	*l = (struct line){.line = csvread_line(r->t, row), .kind = LINE_ERROR};
	const char *lang = r->lang;
	size_t ln = l->line, nf = csvread_fields(r->t, row);
	char e1[ECHO_BUF];

	if (nf < r->need) {
		line_error(r, ln, NULL, TR(lang, N_("Line %zu has %zu values, but the first line names %zu columns. Check that"
		                                    " no value is missing on this line, and put values that contain the"
		                                    " separator between quotes (\").")), ln, nf, r->width);
		return 0;
	}
	for (size_t c = r->width; c < nf; c++) {
		if (!blank(csvread_field(r->t, row, c))) {
			line_error(r, ln, NULL, TR(lang, N_("Line %zu has %zu values, but the first line names only %zu columns."
			                                    " Put values that contain the separator between quotes (\"), or"
			                                    " remove the extra values.")), ln, nf, r->width);
			return 0;
		}
	}
	size_t before = r->errors;

	const char *date = field(r, row, COL_DATE);
	int ds = csvread_date(date, l->date);
	if (ds != CSVREAD_DATE_OK) {
		if (ds == CSVREAD_DATE_EMPTY)
			line_error(r, ln, "date", TR(lang, N_("Line %zu: %s")), ln, TR(lang, csvread_date_error_text(ds)));
		else
			line_error(r, ln, "date", TR(lang, N_("Line %zu: the date '%s' is not right. %s")), ln, echo(date, e1),
			           TR(lang, csvread_date_error_text(ds)));
	}

	const char *amount = field(r, row, COL_AMOUNT);
	enum money_error me = money_parse(amount, &l->cents);
	if (me == MONEY_EMPTY && blank(amount))
		line_error(r, ln, "amount", TR(lang, N_("Line %zu: %s")), ln, TR(lang, money_error_text(me)));
	else if (me != MONEY_OK)
		line_error(r, ln, "amount", TR(lang, N_("Line %zu: the amount '%s' is not right. %s")), ln,
		           echo(amount, e1), TR(lang, money_error_text(me)));
	else if (l->cents == 0)
		line_error(r, ln, "amount", TR(lang, N_("Line %zu: the amount is 0. Fill in the amount that was spent, or"
		                                        " remove the line.")), ln);
	else if (l->cents > MONEY_MAX_CENTS || l->cents < -MONEY_MAX_CENTS)
		line_error(r, ln, "amount", TR(lang, N_("Line %zu: the amount is too large: lia records amounts up to"
		                                        " € 1.000.000.000. Check the number of digits.")), ln);

	l->description = field(r, row, COL_DESCRIPTION);
	size_t chars;
	if (blank(l->description))
		line_error(r, ln, "description", TR(lang, N_("Line %zu: the description is empty. Write what the money was"
		                                             " spent on.")), ln);
	else if ((chars = utf8_chars(l->description)) > DESCRIPTION_MAX)
		line_error(r, ln, "description", TR(lang, N_("Line %zu: the description is too long (%zu characters). Make"
		                                             " it %d characters or shorter.")), ln, chars, DESCRIPTION_MAX);

	l->reference = field(r, row, COL_REFERENCE);
	if ((chars = utf8_chars(l->reference)) > REFERENCE_MAX)
		line_error(r, ln, "reference", TR(lang, N_("Line %zu: the reference is too long (%zu characters). Make it"
		                                           " %d characters or shorter.")), ln, chars, REFERENCE_MAX);

	const char *alloc = field(r, row, COL_ALLOCATION);
	size_t an;
	const char *ap = trimmed(alloc, &an);
	if (an == 0 && r->chosen)
		l->alloc = r->chosen;
	else if (an == 0)
		line_error(r, ln, "allocation", TR(lang, N_("Line %zu: the allocation is missing. Fill in the code of the"
		                                            " allocation (cost centre or order number) or its number.")), ln);
	else if (!(l->alloc = find_alloc(&r->al, ap, an)))
		line_error(r, ln, "allocation", TR(lang, N_("Line %zu: there is no allocation '%s'. Use the code (cost centre"
		                                            " or order number) or the number of an allocation in lia, or"
		                                            " first give the allocation this code.")), ln, echo(alloc, e1));

	if (r->errors != before)
		return 0;

	/* An earlier line to add has no match in the database, so neither has this one then. */
	size_t slot = find_slot(r, l);
	const struct line *earlier = r->slots[slot] ? &r->lines[r->slots[slot] - 1] : NULL;
	long long existing = 0;
	if (!earlier) {
		int e = 0;
		existing = db_int(r->s, &e, 0, "SELECT id FROM expense WHERE allocation_id = ? AND spent_on = ?"
		                                " AND amount_cents = ? AND reference = ? AND (reference <> '' OR description = ?)"
		                                " ORDER BY id LIMIT 1",
		                  "ititt", l->alloc->id, l->date, l->cents, l->reference, l->description);
		if (e)
			return LIA_EDB;
	}
	if (existing || earlier) {
		l->kind = LINE_DUPLICATE;
		r->duplicates++;
		if (room(r, r->dup)) {
			json_t *d = line_json(l);
			if (existing)
				json_object_set_new(d, "expense_id", json_integer(existing));
			else
				json_object_set_new(d, "of_line", json_integer((json_int_t)earlier->line));
			json_array_append_new(r->dup, d);
		}
		return 0;
	}
	long long total;
	if (__builtin_add_overflow(r->total, l->cents, &total)) { /* far beyond any real file: refuse, never miscount */
		line_error(r, ln, "amount", TR(lang, N_("Line %zu: with this amount the total of the file is too large to"
		                                        " count. Check the amount, or split the file into smaller files.")),
		           ln);
		return 0;
	}
	r->slots[slot] = idx + 1;
	r->total = total;
	l->kind = LINE_ADD;
	r->to_add++;
	if (room(r, r->add)) {
		json_t *a = line_json(l);
		json_object_set_new(a, "allocation_id", json_integer(l->alloc->id));
		json_array_append_new(r->add, a);
	}
	long long year = (l->date[0] - '0') * 1000 + (l->date[1] - '0') * 100 + (l->date[2] - '0') * 10 + (l->date[3] - '0');
	if (year != l->alloc->year) {
		char shown[32];
		if (!i18n_date(lang, l->date, shown, sizeof(shown)))
			snprintf(shown, sizeof(shown), "%s", l->date);
		line_warning(r, ln, TR(lang, N_("Line %zu: the date %s is not in %lld, the year of the funds of this"
		                                " allocation. Check the date; the expense is added anyway.")),
		             ln, shown, l->alloc->year);
	}
	return 0;
}

/* Find the columns in the header row; 0, or LIA_EINVAL with r->fatal set. */
static int find_columns(struct run *r)
{
	const char *lang = r->lang;
	r->width = csvread_fields(r->t, 0);
	bool any = false;
	for (size_t c = 0; c < r->width; c++) {
		const char *h = csvread_field(r->t, 0, c);
		int hit = ledger_column(h);
		if (hit >= 0 && r->col[hit] < 0 && c <= INT_MAX) {
			r->col[hit] = (int)c;
			any = true;
		} else if (!blank(h)) {
			json_array_append_new(r->ignored, json_string(h));
		}
	}
	if (!any) {
		r->fatal = file_msg("%s", TR(lang, N_("The first line of the file does not name the columns. Put the column"
		                                      " names on the first line: date, amount, description and allocation"
		                                      " (and reference, if you have it), then try again.")));
		return LIA_EINVAL;
	}
	static const char *const missing[] = {
		[COL_DATE] = N_("The file has no column for the date. Call the column with the date of each expense 'date'"
		                " on the first line, then try again."),
		[COL_AMOUNT] = N_("The file has no column for the amount. Call the column with the amount of each expense"
		                  " 'amount' on the first line, then try again."),
		[COL_DESCRIPTION] = N_("The file has no column for the description. Call the column that says what the"
		                       " money was spent on 'description' on the first line, then try again."),
		[COL_ALLOCATION] = N_("The file has no column for the allocation. Choose the allocation for all lines, or"
		                      " add a column 'toekenning' with the code of the allocation (cost centre or order"
		                      " number) on each line, then try again."),
	};
	bool chosen = r->o && r->o->allocation && *r->o->allocation;
	for (int k = 0; k < COL_REFERENCE; k++) {
		if (r->col[k] < 0 && k == COL_ALLOCATION && chosen)
			continue;
		if (r->col[k] < 0) {
			r->fatal = file_msg("%s", TR(lang, missing[k]));
			return LIA_EINVAL;
		}
		if ((size_t)r->col[k] + 1 > r->need)
			r->need = (size_t)r->col[k] + 1;
	}
	if (csvread_rows(r->t) < 2) {
		r->fatal = file_msg("%s", TR(lang, N_("The file has column names, but no expenses below them. Check that you"
		                                      " chose the right file.")));
		return LIA_EINVAL;
	}
	return 0;
}

/* Read and check the whole file. passes: how many times the lines are
 * counted in the progress total (check 1, apply 2: checking and writing).
 * Returns 0, LIA_EINVAL with r->fatal, or LIA_EDB. */
static int run_check(struct run *r, const char *data, size_t len, size_t passes)
{
	const char *lang = r->lang;
	struct csvread_error ce;
	/* Line numbers and line indexes are 32 bits (struct line, slots): a
	 * file of 4 GB is far beyond any export (the web takes 32 MB). */
	if (len >= UINT32_MAX) {
		r->fatal = file_msg("%s", TR(lang, N_("The file is too large to read. Split it into smaller files and try again.")));
		return LIA_EINVAL;
	}
	if (csvread_parse(data, len, &r->t, &ce) != CSVREAD_OK) {
		if (ce.line)
			r->fatal = file_msg(TR(lang, N_("Line %zu: %s")), ce.line, TR(lang, ce.msgid));
		else
			r->fatal = file_msg("%s", TR(lang, ce.msgid));
		return LIA_EINVAL;
	}
	int rc = find_columns(r);
	if (rc)
		return rc;
	if ((rc = load_allocs(r)))
		return rc;
	const char *want = r->o ? r->o->allocation : NULL;
	if (want && *want) {
		size_t n;
		const char *p = trimmed(want, &n);
		char e1[ECHO_BUF];
		if (!(r->chosen = find_alloc(&r->al, p, n))) {
			r->fatal = file_msg(TR(lang, N_("There is no allocation '%s'. Choose an allocation that exists in lia"
			                                " (by its code or number), then try again.")), echo(want, e1));
			json_object_set_new(r->fatal, "field", json_string("allocation"));
			return LIA_EINVAL;
		}
	}
	size_t rows = csvread_rows(r->t), n = rows - 1;
	r->lines = mem_calloc(n, sizeof(*r->lines));
	r->nslots = 16;
	while (r->nslots < 2 * n)
		r->nslots *= 2;
	r->slots = mem_calloc(r->nslots, sizeof(*r->slots));
	r->progress_total = passes * n;
	progress(r, 0);
	for (size_t row = 1; row < rows; row++) {
		if ((rc = check_line(r, row)))
			return rc;
		if (row % PROGRESS_EVERY == 0)
			progress(r, row);
	}
	progress(r, n);
	r->progress_base = n;
	return 0;
}

static const char *encoding_name(enum csvread_encoding e)
{
	return e == CSVREAD_CP1252 ? "Windows-1252" : "UTF-8";
}

/* The result object (see w_import.h); r keeps its own references. */
static json_t *run_result(struct run *r)
{
	json_t *cols = json_object();
	for (int k = 0; k < COL_COUNT; k++)
		if (r->col[k] >= 0)
			json_object_set_new(cols, ledger_column_key((enum ledger_col)k), json_string(csvread_field(r->t, 0, (size_t)r->col[k])));
	char sep[2] = {csvread_separator(r->t), '\0'};
	json_t *res = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:o, s:O, s:O, s:O, s:O, s:O, s:b}",
	                        "lines", (json_int_t)r->nlines, "to_add", (json_int_t)r->to_add,
	                        "duplicates", (json_int_t)r->duplicates, "errors", (json_int_t)r->errors,
	                        "warnings", (json_int_t)r->warnings, "total_cents", (json_int_t)r->total,
	                        "encoding", encoding_name(csvread_encoding(r->t)), "separator", sep,
	                        "columns", cols, "ignored_columns", r->ignored, "add", r->add, "duplicate", r->dup,
	                        "error", r->err, "warning", r->warn, "more_listed", r->more);
	if (r->chosen)
		json_object_set_new(res, "chosen_allocation", json_pack("{s:I, s:o}", "id", (json_int_t)r->chosen->id,
		                                                        "code", alloc_code_json(r->chosen)));
	return res;
}

int store_expense_import_check(struct store *s, const char *data, size_t len, const struct import_options *o,
                               json_t **out)
{
	*out = NULL;
	/* One snapshot for the whole file, unless the caller holds one already
	 * (the server reads each GET request in one). */
	bool own = !db_in_tx(s);
	if (own && store_read_begin(s) != 0)
		return LIA_EDB;
	struct run r;
	run_init(&r, s, o);
	int rc = run_check(&r, data, len, 1);
	if (own)
		store_read_end(s);
	if (rc == 0)
		*out = run_result(&r);
	else if (rc == LIA_EINVAL)
		*out = json_incref(r.fatal);
	run_free(&r);
	return rc;
}

/* --- applying ----------------------------------------------------------- */

#define IMPORT_ROW "SELECT id, user_id, created_at, file_name, digest, lines, added, imported_at" \
	" FROM expense_import WHERE id = ?"

static int insert_lines(struct run *r, const struct actor *a, long long import_id, size_t *added)
{
	*added = 0;
	for (size_t i = 0; i < r->nlines; i++) {
		const struct line *l = &r->lines[i];
		if (l->kind != LINE_ADD)
			continue;
		if (db_exec(r->s, "INSERT INTO expense (allocation_id, spent_on, amount_cents, description, reference,"
		                  " import_id) VALUES (?, ?, ?, ?, ?, ?)", "itittz", l->alloc->id, l->date, l->cents,
		            l->description, l->reference, import_id) != 0)
			return LIA_EDB;
		long long id = db_last_id(r->s);
		json_t *after = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)id,
		                          "allocation_id", (json_int_t)l->alloc->id, "spent_on", l->date,
		                          "amount_cents", (json_int_t)l->cents, "description", l->description,
		                          "reference", l->reference,
		                          "import_id", import_id ? json_integer(import_id) : json_null());
		int rc = db_audit(r->s, a, "create", "expense", id, NULL, after);
		json_decref(after);
		if (rc)
			return rc;
		++*added;
		if (i % PROGRESS_EVERY == 0)
			progress(r, i);
	}
	progress(r, r->nlines);
	return 0;
}

static int apply_tx(struct store *s, const struct actor *a, long long import_id, struct run *r, const char *data,
                    size_t len, json_t **out)
{
	const char *lang = r->lang;
	json_t *before = NULL;
	size_t added = 0;
	int rc = 0;
	if (import_id) {
		before = db_row(s, IMPORT_ROW, "i", import_id);
		if (!before)
			return LIA_EDB;
		if (json_is_null(before)) {
			json_decref(before);
			*out = file_msg(TR(lang, N_("There is no uploaded file number %lld. Upload the file again.")), import_id);
			return LIA_ENOTFOUND;
		}
		if (!json_is_null(json_object_get(before, "imported_at"))) {
			json_decref(before);
			*out = file_msg("%s", TR(lang, N_("This file has been imported already. Nothing was added again.")));
			return LIA_ECONFLICT;
		}
	}
	rc = run_check(r, data, len, 2);
	if (rc == LIA_EINVAL)
		*out = json_incref(r->fatal);
	if (rc)
		goto out;
	if (r->errors)
		rc = LIA_EINVAL;
	else
		rc = insert_lines(r, a, import_id, &added);
	if (!rc && import_id) {
		rc = db_exec(s, "UPDATE expense_import SET lines = ?, added = ?, imported_at = ? WHERE id = ?", "iiti",
		             (long long)r->nlines, (long long)added, a->now, import_id);
		json_t *after = rc ? NULL : db_row(s, IMPORT_ROW, "i", import_id);
		if (!rc)
			rc = after ? db_audit(s, a, "update", "expense_import", import_id, before, after) : LIA_EDB;
		json_decref(after);
	}
	if (!rc || rc == LIA_EINVAL) {
		*out = run_result(r);
		json_object_set_new(*out, "added", json_integer((json_int_t)added));
	}
out:
	json_decref(before);
	return rc;
}

static int apply_in_tx(struct store *s, const struct actor *a, long long import_id, struct run *r, const char *data,
                       size_t len, json_t **out)
{
	WITH_TX(s, apply_tx(s, a, import_id, r, data, len, out));
}

int store_expense_import_apply(struct store *s, const struct actor *a, long long import_id, const char *data,
                               size_t len, const struct import_options *o, json_t **out)
{
	*out = NULL;
	struct run r;
	run_init(&r, s, o);
	json_t *res = NULL;
	int rc = apply_in_tx(s, a, import_id, &r, data, len, &res);
	if (rc == LIA_EDB) /* e.g. the commit failed after the result was made */
		json_decref(res);
	else
		*out = res;
	run_free(&r);
	return rc;
}
