-- summary-en: a change counter that sessions do not move (SQLite only; PostgreSQL has had one since 0017)
-- summary-nl: een teller van wijzigingen die sessies niet verzetten (alleen SQLite; PostgreSQL heeft die sinds 0017)
-- 0021 (PostgreSQL): nothing to do. 0017_data_version.pg.sql made the same
-- counter here, with the same tables left out.
SELECT 1;
