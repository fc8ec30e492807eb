-- summary-en: a register of the municipalities in this installation; the existing programme becomes municipality 1, and accounts can be hosting administrators
-- summary-nl: een lijst van de gemeenten in deze installatie; het bestaande programma wordt gemeente 1, en accounts kunnen hostingbeheerder zijn
-- 0018: many municipalities in one deployment (issue 10). Every lia
-- database is a deployment with this registry; each municipality has its own
-- programme, people, accounts, funds, periods and reports. On SQLite every
-- municipality but the first has a file of its own next to this one (the
-- registry lives in the first file only; the others hold an empty copy); on
-- PostgreSQL they share the tables, separated by row-level security
-- (0018_municipalities.pg.sql).
CREATE TABLE municipality (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE CHECK (length(code) = 6 AND substr(code, 1, 2) = 'GM'), -- CBS code, GM0268
  slug       TEXT NOT NULL UNIQUE CHECK (slug <> ''),                                    -- the path: /nijmegen/...
  name       TEXT NOT NULL CHECK (name <> ''),
  host       TEXT UNIQUE,                                                                -- its own host name, if any
  is_example INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0, 1)),
  created_at TEXT NOT NULL
);

-- The existing programme is municipality 1: its organisation's CBS code and
-- name when it has them (the demo: GM0268, Nijmegen), else a placeholder the
-- hosting administrator can recognise.
INSERT INTO municipality (id, code, slug, name, is_example, created_at)
SELECT 1,
       coalesce(o.cbs_code, 'GM0000'),
       coalesce(lower(replace(replace(o.name, 'Gemeente ', ''), ' ', '-')), 'gemeente'),
       coalesce(replace(o.name, 'Gemeente ', ''), 'Gemeente'),
       coalesce((SELECT max(p2.is_example) FROM programme p2), 0),
       coalesce((SELECT max(applied_at) FROM lia_migration), '2000-01-01T00:00:00Z')
FROM (SELECT 1 AS one) x
LEFT JOIN (SELECT og.cbs_code, og.name FROM programme pg JOIN organisation og ON og.id = pg.organisation_id
           WHERE og.kind = 'municipality' ORDER BY pg.id LIMIT 1) o ON 1 = 1;

-- A hosting administrator adds municipalities (/hosting); only the command
-- line makes one (lia municipality admin), and only in municipality 1.
ALTER TABLE user_account ADD COLUMN is_host_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_host_admin IN (0, 1));
