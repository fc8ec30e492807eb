-- summary-en: a change to the data is announced to the running server at once (PostgreSQL only; SQLite's server watches its files)
-- summary-nl: een wijziging in de gegevens wordt direct aan de draaiende server gemeld (alleen PostgreSQL; bij SQLite let de server op de bestanden)
-- 0025 (SQLite): nothing to do. The server reads the counter from the file
-- itself, which costs no round trip to another process (version.c).
SELECT 1;
