-- summary-en: a change counter for this database, so ready pages are dropped only when its own data changes
-- summary-nl: een teller van wijzigingen in deze database, zodat klaargezette pagina's alleen vervallen als de eigen gegevens veranderen
-- 0017 (PostgreSQL): the data version the cache of ready bytes is keyed by
-- (store_data_version, version.c). Before, it was the cluster's WAL position,
-- which moves with every other database on the server, autovacuum and
-- checkpoints: on a shared server the cache was dropped all the time. Now a
-- one-row counter that every committed write of this database moves, once
-- per transaction and inside it, so a reader sees the new number exactly
-- when it sees the new data (never a new number with old data).
CREATE TABLE lia_data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);
INSERT INTO lia_data_version (id, n) VALUES (1, 0);

-- Once per transaction, at its commit: the trigger is deferred, so the row
-- is locked only for the moment the transaction commits (two writers never
-- wait on each other for it halfway, which could deadlock), and the first
-- changed row bumps the counter; the rest skip it. The mark is a setting
-- local to the transaction.
CREATE FUNCTION lia_bump_data_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_setting('lia.data_version_tx', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE lia_data_version SET n = n + 1 WHERE id = 1;
    PERFORM set_config('lia.data_version_tx', txid_current()::text, true);
  END IF;
  RETURN NULL;
END $$;

-- Every table gets the trigger, also tables later migrations add: lia runs
-- this after each migration on PostgreSQL (migrate.c). Left out: what no
-- cached page shows and what changes on every signed-in request (sessions,
-- sign-in attempts, API tokens' last use) or by bookkeeping.
CREATE FUNCTION lia_data_version_triggers() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tablename FROM pg_tables t
           WHERE t.schemaname = current_schema()
             AND t.tablename NOT IN ('lia_data_version', 'lia_migration', 'session', 'sign_in_attempt', 'api_token')
             AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                             WHERE c.relname = t.tablename AND c.relnamespace = current_schema()::regnamespace
                               AND g.tgname = 'lia_data_version')
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER lia_data_version AFTER INSERT OR UPDATE OR DELETE ON %I '
                   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lia_bump_data_version()',
                   r.tablename);
  END LOOP;
END $$;
