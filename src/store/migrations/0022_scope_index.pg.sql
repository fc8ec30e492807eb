-- summary-en: the separation of municipalities can use its index, so a municipality's pages do not slow down as the deployment grows
-- summary-nl: de scheiding tussen gemeenten kan haar index gebruiken, zodat de pagina's van een gemeente niet trager worden als er meer gemeenten bij komen
-- 0022 (PostgreSQL): the row-level security policy of 0018 was
--   municipality_id = <lia.municipality> OR <lia.scope> = 'deployment'
-- An OR with a condition on no column is no index condition: PostgreSQL read
-- every municipality's rows of a table and threw away all but one. A
-- report's query of the action points' states scanned reporting_period for
-- each update it looked at, so at 342 municipalities it took ten times as
-- long as at 34. Now the policy is one range on municipality_id, which the
-- index municipality_id (0018) answers: the municipality's own id at both
-- ends, or every id while a migration runs (lia.scope 'deployment'). Who
-- sees what is unchanged: no setting (or an empty one) is no rows.
CREATE FUNCTION lia_scope_low() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN current_setting('lia.scope', true) = 'deployment' THEN -2147483647
                    ELSE nullif(current_setting('lia.municipality', true), '')::integer END $$;
CREATE FUNCTION lia_scope_high() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN current_setting('lia.scope', true) = 'deployment' THEN 2147483647
                    ELSE nullif(current_setting('lia.municipality', true), '')::integer END $$;

-- Scope one table to the municipality of the connection (idempotent), as
-- 0018's, with the policy above. Tables of later migrations get it through
-- lia_tenant_scope_all(), which migrate.c runs after each migration.
CREATE OR REPLACE FUNCTION lia_tenant_scope(tbl text) RETURNS void
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
  EXECUTE format('DROP POLICY IF EXISTS lia_municipality ON %I', tbl);
  EXECUTE format('CREATE POLICY lia_municipality ON %I'
                 ' USING (municipality_id >= lia_scope_low() AND municipality_id <= lia_scope_high())'
                 ' WITH CHECK (municipality_id >= lia_scope_low() AND municipality_id <= lia_scope_high())', tbl);
END $$;

SELECT lia_tenant_scope_all();
