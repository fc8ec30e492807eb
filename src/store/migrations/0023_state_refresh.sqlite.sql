-- summary-en: saving a progress update keeps the action point's state in a fraction of the time (PostgreSQL only)
-- summary-nl: een voortgangsupdate opslaan houdt de stand van het actiepunt bij in een fractie van de tijd (alleen PostgreSQL)
-- 0023 (SQLite): nothing to do. SQLite's triggers (0006_state_cache.sqlite.sql)
-- already look up the one action point's latest update.
SELECT 1;
