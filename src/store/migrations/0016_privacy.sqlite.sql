-- 0016 (SQLite): the audit log without the content of sensitive fields, the
-- actions erasure, purge and grants need, and the one change a published
-- period allows (erasing restricted notes). Same rules as 0016_privacy.pg.sql.

-- The audit log gets new actions: SQLite cannot change a CHECK, so the table
-- is made again. On the way, the sensitive fields of every existing entry
-- are scrubbed: the text goes, the field name stays with "digest:removed"
-- (no key existed for them), and joined names (person_name, author) go.
-- DROP TABLE does not fire the delete trigger; the triggers go with the table.
CREATE TABLE audit_entry_0016 (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES user_account(id),
  request_id  TEXT,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'publish', 'sign_in', 'import', 'erase', 'purge', 'grant', 'revoke')),
  entity      TEXT NOT NULL,
  entity_id   INTEGER,
  before_json TEXT,
  after_json  TEXT
);
INSERT INTO audit_entry_0016 (id, at, user_id, request_id, action, entity, entity_id, before_json, after_json)
SELECT id, at, user_id, request_id, action, entity, entity_id,
  CASE WHEN before_json IS NULL OR json_valid(before_json) = 0 THEN before_json
       WHEN entity = 'person' THEN json_remove(json_replace(before_json, '$.name', 'digest:removed',
         '$.job_title', 'digest:removed', '$.email', 'digest:removed', '$.phone', 'digest:removed',
         '$.communication_needs', 'digest:removed'), '$.person_name', '$.author')
       ELSE json_remove(json_replace(before_json, '$.email', 'digest:removed', '$.phone', 'digest:removed',
         '$.communication_needs', 'digest:removed', '$.restricted_notes', 'digest:removed',
         '$.display_name', 'digest:removed'), '$.person_name', '$.author') END,
  CASE WHEN after_json IS NULL OR json_valid(after_json) = 0 THEN after_json
       WHEN entity = 'person' THEN json_remove(json_replace(after_json, '$.name', 'digest:removed',
         '$.job_title', 'digest:removed', '$.email', 'digest:removed', '$.phone', 'digest:removed',
         '$.communication_needs', 'digest:removed'), '$.person_name', '$.author')
       ELSE json_remove(json_replace(after_json, '$.email', 'digest:removed', '$.phone', 'digest:removed',
         '$.communication_needs', 'digest:removed', '$.restricted_notes', 'digest:removed',
         '$.display_name', 'digest:removed'), '$.person_name', '$.author') END
FROM audit_entry;
DROP TABLE audit_entry;
ALTER TABLE audit_entry_0016 RENAME TO audit_entry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;

-- The access log is never changed; entries are removed only when their
-- retention period is over (lia purge), never one by one.
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access log entries cannot be changed'); END;

-- An interview of a published period is frozen, except for exactly one
-- change: its restricted notes may be erased (made empty). Nothing else of
-- it changes, and it is not removed.
CREATE TRIGGER interview_published_frozen BEFORE UPDATE ON interview
WHEN (SELECT state FROM reporting_period WHERE id = OLD.period_id) = 'published'
 AND NOT (NEW.restricted_notes = '' AND NEW.id IS OLD.id AND NEW.programme_id IS OLD.programme_id
          AND NEW.theme_id IS OLD.theme_id AND NEW.period_id IS OLD.period_id AND NEW.held_on IS OLD.held_on
          AND NEW.public_summary IS OLD.public_summary AND NEW.created_at IS OLD.created_at)
BEGIN SELECT RAISE(ABORT, 'this reporting period is published: only the restricted notes can be erased'); END;
CREATE TRIGGER interview_published_no_delete BEFORE DELETE ON interview
WHEN (SELECT state FROM reporting_period WHERE id = OLD.period_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'this reporting period is published and cannot change'); END;
