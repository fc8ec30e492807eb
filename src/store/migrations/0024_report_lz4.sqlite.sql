-- summary-en: frozen reports are compressed with LZ4 (PostgreSQL only; SQLite does not compress)
-- summary-nl: vastgelegde rapportages worden met LZ4 gecomprimeerd (alleen PostgreSQL; SQLite comprimeert niet)
-- 0024 (SQLite): nothing to do. SQLite stores a report's bytes as they are.
SELECT 1;
