-- summary-en: PostgreSQL: every table of a municipality gets its municipality and row-level security, so no query shows or changes another municipality's rows
-- summary-nl: PostgreSQL: elke tabel van een gemeente krijgt de gemeente erbij en beveiliging per rij, zodat geen enkele vraag rijen van een andere gemeente toont of wijzigt
-- Municipality 1's short name made safe for links (as 0018_municipalities.sqlite.sql).
UPDATE municipality SET slug = 'gemeente'
WHERE id = 1
  AND (slug !~ '^[a-z0-9][a-z0-9-]{0,59}$' OR slug ~ '^gm[0-9]{4}$'
       OR slug IN ('hosting', 'sign-in', 'sign-out', 'session', 'static', 'accessibility', 'privacy',
                   'forgot-password', 'password', 'account', 'municipalities', 'national', 'healthz', 'api',
                   'health', 'openapi.json', 'robots.txt', 'favicon.ico'));

-- 0018 (PostgreSQL): all municipalities share one database. Every tenant
-- table (all but the global ones below) gets municipality_id, filled from
-- the connection's setting lia.municipality (store_open_municipality sets
-- it), and a forced row-level security policy on that setting: a query that
-- forgets to filter still sees and changes only its own municipality's rows,
-- and a connection without the setting sees nothing and cannot insert.
-- Superusers and BYPASSRLS roles skip every policy: lia serve refuses to
-- serve several municipalities as one (docs/postgresql.md).
--
-- Migrations see every municipality: apply() in migrate.c sets lia.scope to
-- 'deployment' for the migration's own transaction only.

-- Tables shared by the whole deployment: the registry, lia's bookkeeping and
-- reference data that is the same for every municipality.
CREATE FUNCTION lia_global_tables() RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT ARRAY['municipality', 'lia_migration', 'lia_data_version', 'crpd_article', 'lia_survey'] $$;

-- Scope one table to the municipality of the connection (idempotent).
-- Existing rows belong to municipality 1. Later migrations need not call it:
-- lia runs lia_tenant_scope_all() after each (migrate.c), so a new table is
-- scoped unless it is added to lia_global_tables(). A UNIQUE constraint that
-- holds per municipality must name municipality_id itself.
CREATE FUNCTION lia_tenant_scope(tbl text) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = tbl AND column_name = 'municipality_id') THEN
    EXECUTE format('ALTER TABLE %I ADD COLUMN municipality_id integer NOT NULL DEFAULT 1 REFERENCES municipality(id)', tbl);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN municipality_id SET DEFAULT current_setting(''lia.municipality'')::integer', tbl);
    EXECUTE format('CREATE INDEX %I ON %I (municipality_id)', tbl || '_municipality', tbl);
  END IF;
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = tbl
                 AND policyname = 'lia_municipality') THEN
    EXECUTE format('CREATE POLICY lia_municipality ON %I'
                   ' USING (municipality_id = nullif(current_setting(''lia.municipality'', true), '''')::integer'
                   '        OR current_setting(''lia.scope'', true) = ''deployment'')'
                   ' WITH CHECK (municipality_id = nullif(current_setting(''lia.municipality'', true), '''')::integer'
                   '        OR current_setting(''lia.scope'', true) = ''deployment'')', tbl);
  END IF;
END $$;

CREATE FUNCTION lia_tenant_scope_all() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tablename FROM pg_tables t
           WHERE t.schemaname = current_schema() AND NOT (t.tablename = ANY (lia_global_tables()))
           ORDER BY t.tablename
  LOOP
    PERFORM lia_tenant_scope(r.tablename);
  END LOOP;
END $$;

SELECT lia_tenant_scope_all();

-- What was unique in the one programme is unique per municipality.
ALTER TABLE organisation DROP CONSTRAINT organisation_cbs_code_key;
ALTER TABLE organisation ADD CONSTRAINT organisation_cbs_code_key UNIQUE (municipality_id, cbs_code);
ALTER TABLE user_account DROP CONSTRAINT user_account_email_key;
ALTER TABLE user_account ADD CONSTRAINT user_account_email_key UNIQUE (municipality_id, email);
ALTER TABLE action_point DROP CONSTRAINT action_point_code_key;
ALTER TABLE action_point ADD CONSTRAINT action_point_code_key UNIQUE (municipality_id, code);
DROP INDEX allocation_code;
CREATE UNIQUE INDEX allocation_code ON allocation (municipality_id, lower(code)) WHERE code IS NOT NULL;
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_dedupe_key_key;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_dedupe_key_key UNIQUE (municipality_id, dedupe_key);
-- One row of settings per municipality.
ALTER TABLE mail_setting DROP CONSTRAINT mail_setting_pkey;
ALTER TABLE mail_setting ADD PRIMARY KEY (municipality_id, id);
ALTER TABLE retention_setting DROP CONSTRAINT retention_setting_pkey;
ALTER TABLE retention_setting ADD PRIMARY KEY (municipality_id, kind);

-- Ids stay unique across municipalities (the sequences are shared). Moving
-- a sequence to after the largest id a connection can see would move it back
-- below another municipality's ids: it only ever moves forward now.
CREATE OR REPLACE FUNCTION lia_sync_identities() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.table_name, c.column_name,
                  pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
           FROM information_schema.columns c
           WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
  LOOP
    EXECUTE format('SELECT setval(%L, GREATEST(COALESCE((SELECT max(%I) FROM %I), 0),'
                   ' (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s)) + 1, false)',
                   r.seq, r.column_name, r.table_name, r.seq);
  END LOOP;
END $$;
