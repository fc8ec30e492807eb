-- 0013 (SQLite): the rules of a correction (see 0013_cycle.sql).
--
-- A correction is allowed only when it replaces the newest row of its action
-- point in its period (so it never jumps ahead of a later update, and a row
-- is corrected once), keeps action point, period, author and interview, is
-- made by the author of the text it corrects, and changes only that text:
-- an update's correction leaves the expert's assessment empty (the expert
-- judged the earlier text: the new one waits for their assessment, and the
-- earlier assessment stays in the history), an assessment's correction keeps
-- everything else. The period must be open: the existing
-- trigger progress_update_period_open (0002) refuses any row in a published
-- period, corrections included.
CREATE TRIGGER progress_update_correction BEFORE INSERT ON progress_update
WHEN NEW.corrects IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM progress_update o
  WHERE o.id = NEW.corrects
    AND o.action_point_id = NEW.action_point_id
    AND o.period_id = NEW.period_id
    AND NEW.author_id IS o.author_id
    AND NEW.interview_id IS o.interview_id
    AND NEW.corrected_by IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM progress_update l
                    WHERE l.action_point_id = o.action_point_id AND l.period_id = o.period_id AND l.id > o.id)
    AND CASE NEW.corrected_part
      WHEN 'update' THEN NEW.corrected_by = o.author_id
        AND NEW.expert_assessment = '' AND NEW.expert_id IS NULL
      WHEN 'assessment' THEN NEW.corrected_by = o.expert_id
        AND o.expert_assessment <> '' AND NEW.expert_assessment <> '' AND NEW.expert_id = o.expert_id
        AND NEW.status = o.status AND NEW.health = o.health AND NEW.progress_md = o.progress_md
        AND NEW.health_cause = o.health_cause AND NEW.health_consequence = o.health_consequence
        AND NEW.health_measures = o.health_measures AND NEW.holder_assessment = o.holder_assessment
      ELSE 0 END)
BEGIN SELECT RAISE(ABORT, 'a correction replaces the newest version of its own author''s text, in an open period'); END;

CREATE TRIGGER progress_update_correction_marks BEFORE INSERT ON progress_update
WHEN NEW.corrects IS NULL AND (NEW.corrected_part IS NOT NULL OR NEW.corrected_by IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'only a correction says what it corrected and who corrected it'); END;

-- The one UPDATE 0005 allows (an expert adds an empty assessment) now also
-- keeps the correction columns, and is refused on a version already corrected.
DROP TRIGGER progress_update_no_update;
CREATE TRIGGER progress_update_no_update BEFORE UPDATE ON progress_update
WHEN NOT (
  OLD.expert_assessment = ''
  AND NEW.expert_assessment <> ''
  AND NEW.expert_id IS NOT NULL
  AND NEW.id = OLD.id
  AND NEW.action_point_id = OLD.action_point_id
  AND NEW.period_id = OLD.period_id
  AND NEW.status = OLD.status
  AND NEW.health = OLD.health
  AND NEW.progress_md = OLD.progress_md
  AND NEW.health_cause = OLD.health_cause
  AND NEW.health_consequence = OLD.health_consequence
  AND NEW.health_measures = OLD.health_measures
  AND NEW.holder_assessment = OLD.holder_assessment
  AND NEW.author_id IS OLD.author_id
  AND NEW.interview_id IS OLD.interview_id
  AND NEW.created_at = OLD.created_at
  AND NEW.corrects IS OLD.corrects
  AND NEW.corrected_part IS OLD.corrected_part
  AND NEW.corrected_by IS OLD.corrected_by
  AND NOT EXISTS (SELECT 1 FROM progress_update c WHERE c.corrects = OLD.id)
  AND (SELECT state FROM reporting_period WHERE id = OLD.period_id) = 'open'
)
BEGIN SELECT RAISE(ABORT, 'progress updates cannot be changed; add a new one (only an empty expert assessment may be added while the period is open)'); END;

-- The search index holds current versions only: a corrected version leaves
-- it (search_source below no longer gives it, so the next search drops it).
CREATE TRIGGER search_update_corrected AFTER INSERT ON progress_update
WHEN NEW.corrects IS NOT NULL
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (NEW.corrects * 4 + 1); END;

DROP VIEW search_source;
CREATE VIEW search_source AS
SELECT id * 4 AS doc, code || ' ' || title AS title, description AS body FROM action_point
UNION ALL
SELECT u.id * 4 + 1, '', u.progress_md || ' ' || u.health_cause || ' ' || u.health_consequence || ' ' ||
       u.health_measures || ' ' || u.holder_assessment || ' ' || u.expert_assessment
FROM progress_update u WHERE NOT EXISTS (SELECT 1 FROM progress_update c WHERE c.corrects = u.id)
UNION ALL
SELECT id * 4 + 2, '', public_summary FROM interview
UNION ALL
SELECT id * 4 + 3, name, description || ' ' || location || ' ' || accessibility FROM event;
