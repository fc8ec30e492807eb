/*
 * q_search: full-text search on both engines. The index is made by
 * migration 0010: an FTS5 table with a queue on SQLite
 * (0010_search.sqlite.sql), a tsvector table its triggers keep right on
 * PostgreSQL (0010_search.pg.sql). All search SQL is here; the two engines
 * differ only in the index's query language, the snippet function and the
 * ranking, so the words of a query are turned into either syntax by one
 * function and the same visibility rules are written twice side by side.
 *
 * Dutch word forms: both indexes keep words as written (folding case and
 * accents). Each word of the query is looked up as itself and as its
 * Snowball Dutch stem, both as a prefix: "woningen" finds "woning",
 * "woningen" and "woningbouw"; "toegankelijke" finds "toegankelijkheid".
 * Limits: a stem is not always a prefix of every form ("huizen" does not
 * find "huis", "liep" does not find "lopen"), and prefixes find some words
 * that are not related ("won" also finds "wonder"). The one-letter ligature
 * "ĳ" (U+0133) is not folded to "ij" by unicode61: text written with it is
 * found only by words written with it (it is rare; people type "ij").
 * Snippets differ slightly: FTS5 marks an elided start or end with "…",
 * PostgreSQL's ts_headline does not.
 */
#include "store/db.h"
#include "store/find.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"

#include <ctype.h>
#include <libstemmer.h>
#include <string.h>

#define SEARCH_MAX_WORDS 8
#define SEARCH_MAX_WORD 64
#define SEARCH_MIN_PREFIX 3

/* Bring search_index up to date with the documents the triggers queued, in
 * a transaction of its own. The caller must not be inside a transaction
 * (the route has ROUTE_OWN_TX). 0 or LIA_EDB. */
static int search_sync(struct store *s)
{
	if (s->kind == DB_PG)
		return 0; /* its triggers write the index itself */
	int err = 0;
	long long dirty = db_int(s, &err, 0, "SELECT EXISTS (SELECT 1 FROM search_dirty)", NULL);
	if (err)
		return LIA_EDB;
	if (!dirty)
		return 0;
	if (db_begin(s) != 0)
		return LIA_EDB;
	int rc = db_exec(s, "DELETE FROM search_index WHERE rowid IN (SELECT doc FROM search_dirty)", NULL);
	if (rc == 0)
		rc = db_exec(s, "INSERT INTO search_index (rowid, title, body) SELECT doc, title, body FROM search_source"
		                " WHERE doc IN (SELECT doc FROM search_dirty)", NULL);
	if (rc == 0)
		rc = db_exec(s, "DELETE FROM search_dirty", NULL);
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	return rc;
}

/* One word (only word bytes: no quotes, no operators) as a term of the
 * engine's query language, a prefix when long enough: "word"* for FTS5,
 * 'word':* for PostgreSQL's to_tsquery. */
static void put_term(struct buf *b, bool pg, const char *w, size_t n)
{
	buf_putc(b, pg ? '\'' : '"');
	for (size_t i = 0; i < n; i++)
		buf_putc(b, w[i]);
	buf_putc(b, pg ? '\'' : '"');
	if (n >= SEARCH_MIN_PREFIX)
		buf_puts(b, pg ? ":*" : "*");
}

/* A byte that belongs to a word: ASCII letters and digits, and every byte of
 * a multi-byte UTF-8 character (é, ë, ĳ). */
static bool word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* The query for the words of q into b, in FTS5's language or (pg) in
 * to_tsquery's: every word must occur, as itself or by its stem. Returns
 * the number of words (0: nothing to find). */
static int fts_query(const char *q, bool pg, struct buf *b)
{
	struct sb_stemmer *st = sb_stemmer_new("dutch", "UTF_8");
	int words = 0;
	for (const char *p = q; *p && words < SEARCH_MAX_WORDS;) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - w);
		if (n == 0)
			continue;
		if (n > SEARCH_MAX_WORD)
			n = SEARCH_MAX_WORD;
		char low[SEARCH_MAX_WORD + 1];
		for (size_t i = 0; i < n; i++)
			low[i] = (char)tolower((unsigned char)w[i]);
		low[n] = '\0';
		const char *stem = st ? (const char *)sb_stemmer_stem(st, (const sb_symbol *)low, (int)n) : NULL;
		size_t sn = stem ? (size_t)sb_stemmer_length(st) : 0;
		if (words++)
			buf_puts(b, pg ? " & " : " AND ");
		buf_puts(b, "(");
		put_term(b, pg, low, n);
		if (stem && sn >= SEARCH_MIN_PREFIX && (sn != n || memcmp(stem, low, n) != 0)) {
			buf_puts(b, pg ? " | " : " OR ");
			put_term(b, pg, stem, sn);
		}
		buf_puts(b, ")");
	}
	sb_stemmer_delete(st);
	return words;
}

/* A document is id * 4 + kind (migration 0010). Who sees what: action
 * points and events everyone; updates and interviews of published periods,
 * and of open ones for signed-in viewers (?2). Interviews show their public
 * summary only: the restricted notes are never indexed. The two texts differ
 * in how the index is matched, ranked and quoted from; the joins are one. */
#define SQL_SEARCH_JOINS(doc) \
	" LEFT JOIN action_point a ON " doc " % 4 = 0 AND a.id = " doc " / 4" \
	" LEFT JOIN progress_update u ON " doc " % 4 = 1 AND u.id = " doc " / 4" \
	" LEFT JOIN action_point ua ON ua.id = u.action_point_id" \
	" LEFT JOIN reporting_period up ON up.id = u.period_id" \
	" LEFT JOIN interview i ON " doc " % 4 = 2 AND i.id = " doc " / 4" \
	" LEFT JOIN theme it ON it.id = i.theme_id" \
	" LEFT JOIN reporting_period ip ON ip.id = i.period_id" \
	" LEFT JOIN event e ON " doc " % 4 = 3 AND e.id = " doc " / 4"
#define SQL_SEARCH_COLUMNS(doc) \
	"SELECT CASE " doc " % 4 WHEN 0 THEN 'action' WHEN 1 THEN 'update' WHEN 2 THEN 'interview' ELSE 'event' END AS kind," \
	" " doc " / 4 AS id," \
	" CASE " doc " % 4 WHEN 0 THEN a.code || ': ' || a.title WHEN 1 THEN ua.code || ': ' || ua.title" \
	"  WHEN 2 THEN CASE WHEN ?3 = 'en' THEN it.name_en ELSE it.name_nl END ELSE e.name END AS title," \
	" u.action_point_id AS action_id, COALESCE(up.name, ip.name) AS period," \
	" COALESCE(i.held_on, e.starts_on) AS held_on,"
#define SQL_SEARCH_VISIBLE(doc) \
	" AND (" doc " % 4 IN (0, 3) OR ?2 = 1 OR COALESCE(up.state, ip.state) = 'published')"

static const char *const sql_search =
	SQL_SEARCH_COLUMNS("d.rowid")
	" snippet(search_index, -1, char(1), char(2), '…', 24) AS snippet"
	" FROM search_index d"
	SQL_SEARCH_JOINS("d.rowid")
	" WHERE search_index MATCH ?1"
	SQL_SEARCH_VISIBLE("d.rowid")
	" ORDER BY rank LIMIT ?4";

/* ts_headline marks the match with the same two bytes as FTS5's snippet.
 * Its parser takes "<...>" for markup and leaves it out of the headline, but
 * the snippet must hold the text as stored (the page escapes it): so "<" is
 * hidden as byte 3 while the headline is made, and given back after. */
static const char *const sql_search_pg =
	SQL_SEARCH_COLUMNS("d.doc")
	" replace(ts_headline('lia_search', replace(d.title || ' ' || d.body, '<', chr(3)), q.q,"
	"  'StartSel=\"' || chr(1) || '\", StopSel=\"' || chr(2) || '\", MaxFragments=1, MaxWords=24, MinWords=12'),"
	"  chr(3), '<') AS snippet"
	" FROM search_index d CROSS JOIN to_tsquery('lia_search', ?1) AS q(q)"
	SQL_SEARCH_JOINS("d.doc")
	" WHERE d.words @@ q.q"
	SQL_SEARCH_VISIBLE("d.doc")
	" ORDER BY ts_rank(d.words, q.q) DESC, d.doc LIMIT ?4";

int store_search(struct store *s, const struct viewer *v, const char *q, int limit, json_t **out)
{
	*out = NULL;
	int rc = search_sync(s);
	if (rc != 0)
		return rc;
	struct buf b = BUF_INIT;
	if (fts_query(q ? q : "", s->kind == DB_PG, &b) == 0) {
		buf_free(&b);
		*out = json_array();
		return 0;
	}
	/* One snapshot for the read, as the pipeline gives other pages. */
	if (store_read_begin(s) != 0) {
		buf_free(&b);
		return LIA_EDB;
	}
	json_t *rows = db_rows(s, DB_SQL(s, sql_search, sql_search_pg), "titi", buf_cstr(&b), (long long)v->drafts, v->lang, (long long)limit);
	store_read_end(s);
	if (!rows)
		log_error("search failed for the query %s", buf_cstr(&b));
	buf_free(&b);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}
