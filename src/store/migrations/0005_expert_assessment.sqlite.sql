-- summary-en: an experience expert may add their assessment to a progress update once, later
-- summary-nl: een ervaringsdeskundige mag later één keer een oordeel toevoegen aan een voortgangsbericht
-- 0005 (SQLite): progress updates stay append-only, with one exception: an
-- experience expert may add their assessment once, later than the update
-- itself (the second voice often comes after the interview). So an UPDATE is
-- allowed only when it changes nothing but expert_assessment and expert_id,
-- the assessment was still empty, and the update's period is still open.
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
  AND (SELECT state FROM reporting_period WHERE id = OLD.period_id) = 'open'
)
BEGIN SELECT RAISE(ABORT, 'progress updates cannot be changed; add a new one (only an empty expert assessment may be added while the period is open)'); END;
