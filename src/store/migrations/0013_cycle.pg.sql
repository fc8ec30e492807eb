-- 0013 (PostgreSQL): the twin of 0013_cycle.sqlite.sql. The rules of a
-- correction (see 0013_cycle.sql): it replaces the newest row of its
-- action point in its period, keeps action point, period, author and
-- interview, is made by the author of the text it corrects and changes only
-- that text. A published period refuses it through
-- lia_progress_update_period_open (0002).
CREATE FUNCTION lia_progress_update_correction() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.corrects IS NULL THEN
    IF NEW.corrected_part IS NOT NULL OR NEW.corrected_by IS NOT NULL THEN
      RAISE EXCEPTION 'only a correction says what it corrected and who corrected it'
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM progress_update o
    WHERE o.id = NEW.corrects
      AND o.action_point_id = NEW.action_point_id
      AND o.period_id = NEW.period_id
      AND NEW.author_id IS NOT DISTINCT FROM o.author_id
      AND NEW.interview_id IS NOT DISTINCT FROM o.interview_id
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
        ELSE false END)
  THEN
    RAISE EXCEPTION 'a correction replaces the newest version of its own author''s text, in an open period'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER progress_update_correction BEFORE INSERT ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_progress_update_correction();

-- The one UPDATE 0005 allows (an expert adds an empty assessment) now also
-- keeps the correction columns, and is refused on a version already corrected.
CREATE OR REPLACE FUNCTION lia_progress_update_expert_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NOT (
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
    AND NEW.author_id IS NOT DISTINCT FROM OLD.author_id
    AND NEW.interview_id IS NOT DISTINCT FROM OLD.interview_id
    AND NEW.created_at = OLD.created_at
    AND NEW.corrects IS NOT DISTINCT FROM OLD.corrects
    AND NEW.corrected_part IS NOT DISTINCT FROM OLD.corrected_part
    AND NEW.corrected_by IS NOT DISTINCT FROM OLD.corrected_by
    AND NOT EXISTS (SELECT 1 FROM progress_update c WHERE c.corrects = OLD.id)
    AND (SELECT state FROM reporting_period WHERE id = OLD.period_id) = 'open'
  ) THEN
    RAISE EXCEPTION 'progress updates cannot be changed; add a new one (only an empty expert assessment may be added while the period is open)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

-- The search index holds current versions only: a correction takes the
-- version it replaces out of the index.
CREATE FUNCTION lia_search_corrected() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM search_index WHERE doc = NEW.corrects * 4 + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER search_update_corrected AFTER INSERT ON progress_update
  FOR EACH ROW WHEN (NEW.corrects IS NOT NULL) EXECUTE FUNCTION lia_search_corrected();
