-- summary-en: progress reports: the reports of published periods, kept as they were, and the cover letter's template
-- summary-nl: voortgangsrapportages: de rapportages van gepubliceerde periodes, bewaard zoals ze waren, en het sjabloon van de brief
-- 0008: progress reports.
-- * published_report: a report as it was when its period was published, one
--   row per document (report, cover letter, easy-read summary), language and
--   format, with a SHA-256 checksum of the bytes. Never changed afterwards
--   (0009 adds the triggers that refuse it).
-- * letter_template: the cover letter to the council (brief aan de raad) as a
--   Markdown template with named fields, edited by the coordinator; one per
--   programme and language. Without a row, lia's own default is used.

CREATE TABLE published_report (
  period_id  INTEGER NOT NULL REFERENCES reporting_period(id),
  document   TEXT NOT NULL CHECK (document IN ('report', 'letter', 'easy')),
  lang       TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
  format     TEXT NOT NULL CHECK (format IN ('html', 'pdf', 'md', 'csv', 'json')),
  created_at TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  content    BLOB NOT NULL,
  PRIMARY KEY (period_id, document, lang, format)
);

CREATE TABLE letter_template (
  programme_id INTEGER NOT NULL REFERENCES programme(id),
  lang         TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
  body_md      TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  user_id      INTEGER REFERENCES user_account(id),
  PRIMARY KEY (programme_id, lang)
);
