-- summary-en: a change counter for this file that sessions do not move, so ready pages stay ready while people are signed in
-- summary-nl: een teller van wijzigingen in dit bestand die sessies niet verzetten, zodat klaargezette pagina's blijven staan terwijl mensen ingelogd zijn
-- 0021 (SQLite): the data version the cache of ready bytes is keyed by
-- (store_data_version, version.c). Before, it was PRAGMA data_version, which
-- moves on every commit to the file: also when a signed-in request records
-- the session's activity (once a minute per person), a sign-in attempt or an
-- API token's last use, so every ready page of the municipality was made
-- again once a minute while anyone was signed in. Now a one-row counter,
-- like PostgreSQL's (0017_data_version.pg.sql), moved in the same
-- transaction by every change to every table but those. The triggers are
-- made by lia after each migration (migrate.c, data_version_triggers), so a
-- table a later migration adds gets them too.
CREATE TABLE lia_data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO lia_data_version (id, n) VALUES (1, 0);
