-- 0016 (PostgreSQL): the audit log without the content of sensitive fields,
-- the actions erasure, purge and grants need, and the one change a published
-- period allows (erasing restricted notes). Same rules as 0016_privacy.sqlite.sql.

ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_action_check;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_action_check
  CHECK (action IN ('create', 'update', 'delete', 'publish', 'sign_in', 'import', 'erase', 'purge', 'grant', 'revoke'));

-- Scrub the sensitive fields of every existing entry: the text goes, the
-- field name stays with "digest:removed" (no key existed for them), and
-- joined names (person_name, author) go. Only this migration may change
-- audit entries: the guard is off for this one statement.
CREATE FUNCTION lia_scrub_0016(doc text, ent text) RETURNS text
  LANGUAGE plpgsql AS $$
DECLARE
  j jsonb;
  k text;
BEGIN
  IF doc IS NULL THEN RETURN NULL; END IF;
  j := doc::jsonb;
  IF jsonb_typeof(j) <> 'object' THEN RETURN doc; END IF;
  FOREACH k IN ARRAY CASE WHEN ent = 'person'
      THEN ARRAY['name', 'job_title', 'email', 'phone', 'communication_needs']
      ELSE ARRAY['email', 'phone', 'communication_needs', 'restricted_notes', 'display_name'] END LOOP
    IF j ? k THEN j := jsonb_set(j, ARRAY[k], '"digest:removed"'::jsonb, false); END IF;
  END LOOP;
  RETURN (j - 'person_name' - 'author')::text;
END $$;
ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update;
UPDATE audit_entry SET before_json = lia_scrub_0016(before_json, entity), after_json = lia_scrub_0016(after_json, entity)
 WHERE before_json IS NOT NULL OR after_json IS NOT NULL;
ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update;
DROP FUNCTION lia_scrub_0016(text, text);

-- The access log is never changed; entries are removed only when their
-- retention period is over (lia purge).
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('access log entries cannot be changed');

-- An interview of a published period is frozen, except for exactly one
-- change: its restricted notes may be erased (made empty).
CREATE FUNCTION lia_interview_frozen() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT state FROM reporting_period WHERE id = OLD.period_id) IS DISTINCT FROM 'published' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.restricted_notes = '' AND NEW.id = OLD.id
     AND NEW.programme_id IS NOT DISTINCT FROM OLD.programme_id AND NEW.theme_id IS NOT DISTINCT FROM OLD.theme_id
     AND NEW.period_id IS NOT DISTINCT FROM OLD.period_id AND NEW.held_on IS NOT DISTINCT FROM OLD.held_on
     AND NEW.public_summary IS NOT DISTINCT FROM OLD.public_summary
     AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'this reporting period is published: only the restricted notes can be erased'
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER interview_published_frozen BEFORE UPDATE OR DELETE ON interview
  FOR EACH ROW EXECUTE FUNCTION lia_interview_frozen();
