-- summary-en: a published report can never be changed or removed
-- summary-nl: een gepubliceerde rapportage kan nooit meer veranderen of verdwijnen
-- 0009 (SQLite): a published report never changes and is never removed.
CREATE TRIGGER published_report_no_update BEFORE UPDATE ON published_report
BEGIN
  SELECT RAISE(ABORT, 'a published report cannot be changed');
END;

CREATE TRIGGER published_report_no_delete BEFORE DELETE ON published_report
BEGIN
  SELECT RAISE(ABORT, 'a published report cannot be removed');
END;
