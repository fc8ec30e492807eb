-- summary-en: a published report can never be changed or removed
-- summary-nl: een gepubliceerde rapportage kan nooit meer veranderen of verdwijnen
-- 0009 (PostgreSQL): the twin of 0009_reports_frozen.sqlite.sql: a published
-- report never changes and is never removed (lia_refuse is from 0002).
CREATE TRIGGER published_report_no_update BEFORE UPDATE ON published_report
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('a published report cannot be changed');
CREATE TRIGGER published_report_no_delete BEFORE DELETE ON published_report
  FOR EACH ROW EXECUTE FUNCTION lia_refuse('a published report cannot be removed');
CREATE TRIGGER published_report_no_truncate BEFORE TRUNCATE ON published_report
  FOR EACH STATEMENT EXECUTE FUNCTION lia_refuse('a published report cannot be removed');
