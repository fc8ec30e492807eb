-- summary-en: rules the database itself keeps: the audit log never changes, a published period stays published
-- summary-nl: regels die de database zelf bewaakt: het logboek verandert nooit, een gepubliceerde periode blijft gepubliceerd
-- 0002 (SQLite): rules the database itself enforces, whatever the caller.
-- The PostgreSQL backend has the same rules as trigger functions.

-- The audit log is never changed and never emptied.
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;

-- Progress updates are append-only.
CREATE TRIGGER progress_update_no_update BEFORE UPDATE ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress updates cannot be changed; add a new one'); END;
CREATE TRIGGER progress_update_no_delete BEFORE DELETE ON progress_update
BEGIN SELECT RAISE(ABORT, 'progress updates cannot be deleted'); END;

-- A published period is frozen: no new updates in it.
CREATE TRIGGER progress_update_period_open BEFORE INSERT ON progress_update
WHEN (SELECT state FROM reporting_period WHERE id = NEW.period_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'this reporting period is published and cannot change'); END;

-- A published period cannot be reopened.
CREATE TRIGGER reporting_period_stays_published BEFORE UPDATE OF state ON reporting_period
WHEN OLD.state = 'published' AND NEW.state <> 'published'
BEGIN SELECT RAISE(ABORT, 'a published reporting period cannot be reopened'); END;
