-- 0012: due dates per reporting period. The coordinator sets by when the
-- dossier holders' progress updates are due and by when the experience
-- experts' assessments are due (YYYY-MM-DD, both optional: a period opened
-- before 0012 has none). The rules (on or after the period's first day,
-- assessments not before updates) are checked by the store (w_periods.c)
-- with messages that say what to fix. Plain ADD COLUMN: SQLite and
-- PostgreSQL alike.

ALTER TABLE reporting_period ADD COLUMN updates_due_on TEXT;
ALTER TABLE reporting_period ADD COLUMN assessments_due_on TEXT;
