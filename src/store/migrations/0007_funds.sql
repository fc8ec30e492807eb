-- summary-en: money in daily use: codes of the financial system on allocations, imported expense files, notes on warnings
-- summary-nl: geld in het dagelijks werk: codes uit het financiële systeem, ingelezen bestanden met uitgaven, uitleg bij waarschuwingen
-- 0007: the extra funds in daily use.
-- * allocation.code: the cost centre or order number the municipality's
--   financial system books expenses on; an import matches lines by it.
-- * expense_import: an uploaded export of the financial system, kept from its
--   preview until it is imported (all lines or none), with who and when.
-- * fund_warning_note: an explanation for a warning about the money (for
--   example why more was spent than allocated); an explained warning no
--   longer shows on the dashboard, and stays listed with its explanation.

ALTER TABLE allocation ADD COLUMN code TEXT;
CREATE UNIQUE INDEX allocation_code ON allocation (lower(code)) WHERE code IS NOT NULL;

CREATE TABLE expense_import (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES user_account(id),
  created_at  TEXT NOT NULL,
  file_name   TEXT NOT NULL DEFAULT '',
  content     BLOB NOT NULL,
  digest      TEXT NOT NULL,
  lines       INTEGER NOT NULL DEFAULT 0,
  added       INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT
);

ALTER TABLE expense ADD COLUMN import_id INTEGER REFERENCES expense_import(id);
CREATE INDEX expense_allocation ON expense (allocation_id, spent_on);
CREATE INDEX expense_reference ON expense (reference);
CREATE INDEX allocation_source ON allocation (source_id);

CREATE TABLE fund_warning_note (
  kind        TEXT NOT NULL CHECK (kind IN ('over_allocated', 'overspent', 'outside_year', 'withdrawn_action')),
  subject_id  INTEGER NOT NULL,
  explanation TEXT NOT NULL CHECK (length(explanation) > 0),
  user_id     INTEGER REFERENCES user_account(id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (kind, subject_id)
);
