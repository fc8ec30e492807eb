-- summary-en: a change counter for this database (PostgreSQL only; SQLite has its own)
-- summary-nl: een teller van wijzigingen in deze database (alleen PostgreSQL; SQLite heeft er zelf een)
-- 0017 (SQLite): nothing to do. SQLite's PRAGMA data_version already moves on
-- every commit to this file and on nothing else (version.c); the PostgreSQL
-- twin makes the same for a database on a shared server.
SELECT 1;
