-- summary-en: saving a progress update keeps the action point's state in a fraction of the time, and example data is loaded in bulk
-- summary-nl: een voortgangsupdate opslaan houdt de stand van het actiepunt bij in een fractie van de tijd, en voorbeeldgegevens worden in één keer geladen
-- 0023 (PostgreSQL): lia_state_refresh (0006) joined action_point_state
-- with the view action_point_latest, which PostgreSQL made for every action
-- point of the municipality before it kept the one asked for: about 2 ms for
-- each progress update saved, half the time of making an example
-- municipality. Now it looks up the latest update of each action point
-- asked for, by its index (progress_update_action), and nothing else. The
-- states it writes are the same: the latest update by the periods' order,
-- then by id; of all periods, or of the published ones.
CREATE OR REPLACE FUNCTION lia_state_refresh(ids integer[], published_only boolean) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NOT published_only THEN
    UPDATE action_point_state s SET
      update_id = l.id,
      status = COALESCE(l.status, 'niet_gestart'),
      health = COALESCE(l.health, 'grijs'),
      period_id = l.period_id
    FROM (SELECT DISTINCT x AS action_point_id FROM unnest(ids) x) a
    LEFT JOIN LATERAL (SELECT u.id, u.status, u.health, u.period_id
                       FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
                       WHERE u.action_point_id = a.action_point_id
                       ORDER BY p.seq DESC, u.id DESC LIMIT 1) l ON true
    WHERE s.action_point_id = a.action_point_id;
  END IF;
  UPDATE action_point_state s SET
    pub_update_id = l.id,
    pub_status = COALESCE(l.status, 'niet_gestart'),
    pub_health = COALESCE(l.health, 'grijs'),
    pub_period_id = l.period_id
  FROM (SELECT DISTINCT x AS action_point_id FROM unnest(ids) x) a
  LEFT JOIN LATERAL (SELECT u.id, u.status, u.health, u.period_id
                     FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
                     WHERE u.action_point_id = a.action_point_id AND p.state = 'published'
                     ORDER BY p.seq DESC, u.id DESC LIMIT 1) l ON true
  WHERE s.action_point_id = a.action_point_id;
END $$;

-- Loading a whole municipality at once (the example municipalities of
-- `lia demo --municipalities`, src/store/generate.c): the kept state and the
-- search index are derived from the rows, so instead of keeping them row by
-- row (a trigger call, two updates and a search document for each of some
-- 1,400 progress updates) the loader says lia.bulk = 'on' for its
-- transaction and calls lia_bulk_done() before it commits, which makes both
-- for the municipality at once. The triggers that guard the data (append
-- only, frozen periods) are not among these: they run as always.
DROP TRIGGER action_point_state_update ON progress_update;
CREATE TRIGGER action_point_state_update AFTER INSERT ON progress_update
  FOR EACH ROW WHEN (current_setting('lia.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION lia_state_update();
DROP TRIGGER action_point_state_publish ON reporting_period;
CREATE TRIGGER action_point_state_publish AFTER UPDATE OF state ON reporting_period
  FOR EACH ROW WHEN (NEW.state <> OLD.state AND current_setting('lia.bulk', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION lia_state_publish();
DROP TRIGGER search_action ON action_point;
CREATE TRIGGER search_action AFTER INSERT OR UPDATE OR DELETE ON action_point
  FOR EACH ROW WHEN (current_setting('lia.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION lia_search_changed('0');
DROP TRIGGER search_update ON progress_update;
CREATE TRIGGER search_update AFTER INSERT OR UPDATE OR DELETE ON progress_update
  FOR EACH ROW WHEN (current_setting('lia.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION lia_search_changed('1');
DROP TRIGGER search_interview ON interview;
CREATE TRIGGER search_interview AFTER INSERT OR UPDATE OR DELETE ON interview
  FOR EACH ROW WHEN (current_setting('lia.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION lia_search_changed('2');
DROP TRIGGER search_event ON event;
CREATE TRIGGER search_event AFTER INSERT OR UPDATE OR DELETE ON event
  FOR EACH ROW WHEN (current_setting('lia.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION lia_search_changed('3');

-- The text of every search document, by kind and record (as 0010's
-- lia_search_put had it): the one place both lia_search_put (a record, for
-- the triggers) and lia_bulk_done (every record) read it from.
CREATE VIEW lia_search_source AS
  SELECT 0 AS kind, id, code || ' ' || title AS title, description AS body FROM action_point
  UNION ALL
  SELECT 1, id, '', progress_md || ' ' || health_cause || ' ' || health_consequence || ' ' ||
         health_measures || ' ' || holder_assessment || ' ' || expert_assessment
  FROM progress_update
  UNION ALL
  SELECT 2, id, '', public_summary FROM interview
  UNION ALL
  SELECT 3, id, name, description || ' ' || location || ' ' || accessibility FROM event;

CREATE OR REPLACE FUNCTION lia_search_put(kind integer, rid bigint) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM search_index WHERE doc = rid * 4 + kind;
  INSERT INTO search_index (doc, title, body, words)
  SELECT rid * 4 + s.kind, s.title, s.body, to_tsvector('lia_search', s.title || ' ' || s.body)
  FROM lia_search_source s
  WHERE s.kind = lia_search_put.kind AND s.id = rid AND s.title IS NOT NULL AND s.body IS NOT NULL;
END $$;

-- The end of a bulk load, inside its transaction: the triggers keep both
-- again, and the state of every action point and the search index of the
-- municipality (row-level security: of the connection's) are made anew, in
-- one statement each. The index holds current versions only, as
-- search_update_corrected keeps it. (NOT IN over a hashed list: the
-- tables have no statistics yet for what this transaction wrote, and NOT
-- EXISTS became a nested loop over all of it.)
CREATE FUNCTION lia_bulk_done() RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM set_config('lia.bulk', '', true);
  PERFORM lia_state_refresh(ARRAY(SELECT id FROM action_point), false);
  DELETE FROM search_index;
  INSERT INTO search_index (doc, title, body, words)
  SELECT s.id::bigint * 4 + s.kind, s.title, s.body, to_tsvector('lia_search', s.title || ' ' || s.body)
  FROM lia_search_source s
  WHERE s.title IS NOT NULL AND s.body IS NOT NULL
    AND NOT (s.kind = 1 AND s.id IN (SELECT c.corrects FROM progress_update c WHERE c.corrects IS NOT NULL));
END $$;
