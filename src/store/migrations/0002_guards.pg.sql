-- summary-en: rules the database itself keeps: the audit log never changes, a published period stays published
-- summary-nl: regels die de database zelf bewaakt: het logboek verandert nooit, een gepubliceerde periode blijft gepubliceerd
-- 0002 (PostgreSQL): rules the database itself enforces, whatever the caller.
-- The same rules as 0002_guards.sqlite.sql, as PL/pgSQL trigger functions.

CREATE FUNCTION lia_refuse() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation'; END $$;

-- The audit log is never changed and never emptied.
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('audit entries cannot be changed');
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('audit entries cannot be deleted');
-- TRUNCATE skips row triggers: refuse it as well.
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION lia_refuse('audit entries cannot be deleted');

-- Progress updates are append-only.
CREATE TRIGGER progress_update_no_update BEFORE UPDATE ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('progress updates cannot be changed; add a new one');
CREATE TRIGGER progress_update_no_delete BEFORE DELETE ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('progress updates cannot be deleted');
CREATE TRIGGER progress_update_no_truncate BEFORE TRUNCATE ON progress_update
  FOR EACH STATEMENT EXECUTE FUNCTION lia_refuse('progress updates cannot be deleted');

-- A published period is frozen: no new updates in it.
CREATE FUNCTION lia_progress_update_period_open() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (SELECT state FROM reporting_period WHERE id = NEW.period_id) = 'published' THEN
    RAISE EXCEPTION 'this reporting period is published and cannot change' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER progress_update_period_open BEFORE INSERT ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_progress_update_period_open();

-- A published period cannot be reopened.
CREATE TRIGGER reporting_period_stays_published BEFORE UPDATE OF state ON reporting_period
  FOR EACH ROW WHEN (OLD.state = 'published' AND NEW.state <> 'published')
  EXECUTE FUNCTION lia_refuse('a published reporting period cannot be reopened');
