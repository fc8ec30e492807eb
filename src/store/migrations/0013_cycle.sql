-- summary-en: corrections of progress updates and assessments, and uploads of action points in bulk
-- summary-nl: correcties van voortgang en beoordelingen, en het uploaden van veel actiepunten tegelijk
-- 0013: corrections of progress updates. Updates stay append-only at the row
-- level: a correction is a new row in the same period for the same action
-- point, whose `corrects` points at the row it replaces. The replaced row is
-- kept as it was (the history shows it, marked as corrected); reads show the
-- newest version only (a row is current when no row corrects it).
-- corrected_part says what was corrected: the dossier holder's update
-- ('update') or the experience expert's assessment ('assessment');
-- corrected_by is who did it: always that text's own author. The rules are
-- enforced by triggers (0013_cycle.sqlite.sql and .pg.sql).
ALTER TABLE progress_update ADD COLUMN corrects INTEGER REFERENCES progress_update(id);
ALTER TABLE progress_update ADD COLUMN corrected_part TEXT CHECK (corrected_part IN ('update', 'assessment'));
ALTER TABLE progress_update ADD COLUMN corrected_by INTEGER REFERENCES person(id);
-- A version is corrected at most once: the history is a chain, not a tree.
CREATE UNIQUE INDEX progress_update_corrects ON progress_update(corrects);

-- Action points in bulk: an uploaded CSV of new and changed action points,
-- kept from its upload until it is applied (the preview reads it again), as
-- expense_import keeps a financial export. applied_at, changed and result
-- are set once, when every line was applied in one transaction.
CREATE TABLE action_import (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES user_account(id),
  created_at  TEXT NOT NULL,
  file_name   TEXT NOT NULL DEFAULT '',
  content     BLOB NOT NULL,
  digest      TEXT NOT NULL,
  lines       INTEGER NOT NULL DEFAULT 0,
  changed     INTEGER NOT NULL DEFAULT 0,
  applied_at  TEXT,
  result      TEXT -- what was applied (JSON: the preview's changes), for the page afterwards
);
