/*
 * q_feeds: what the Atom feeds show (pages/feeds.c): progress updates and
 * reports of published periods only. A feed reader is never signed in, so
 * these reads take no viewer: drafts never reach a feed.
 */
#include "store/db.h"
#include "store/find.h"

#include "core/err.h"

int store_feed_updates(struct store *s, const char *lang, long long theme_id, long long action_id, int limit,
                       json_t **out)
{
	/* ?2 and ?3 narrow to a theme or an action point; 0 (NULL) means all. */
	json_t *rows = db_rows(s,
		"SELECT u.id, a.id AS action_id, a.code, a.title, t.id AS theme_id,"
		" CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_nl END AS theme,"
		" r.name AS period, u.status, u.health, u.progress_md, r.published_at, u.created_at"
		" FROM progress_update u JOIN reporting_period r ON r.id = u.period_id"
		" JOIN action_point a ON a.id = u.action_point_id JOIN theme t ON t.id = a.theme_id"
		" WHERE r.state = 'published' AND " DB_UPDATE_CURRENT("u") " AND (?2 IS NULL OR t.id = ?2) AND (?3 IS NULL OR a.id = ?3)"
		" ORDER BY r.published_at DESC, u.id DESC LIMIT ?4",
		"tzzi", lang, theme_id, action_id, (long long)limit);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_feed_reports(struct store *s, json_t **out)
{
	json_t *rows = db_rows(s,
		"SELECT id, name, starts_on, ends_on, published_at FROM reporting_period"
		" WHERE state = 'published' ORDER BY published_at DESC, seq DESC", NULL);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}
