-- summary-en: the current state of every action point is kept when it changes, so pages read it faster
-- summary-nl: de stand van elk actiepunt wordt bewaard als die verandert, zodat pagina's sneller laden
-- 0006 (PostgreSQL): the twin of 0006_state_cache.sqlite.sql. The current
-- state of every action point is stored when an update is written or a period
-- published, and the views action_point_current and action_point_published
-- read it (same names and columns as before).

CREATE TABLE action_point_state (
  action_point_id INTEGER PRIMARY KEY REFERENCES action_point(id),
  update_id       INTEGER REFERENCES progress_update(id),
  status          TEXT NOT NULL DEFAULT 'niet_gestart',
  health          TEXT NOT NULL DEFAULT 'grijs',
  period_id       INTEGER REFERENCES reporting_period(id),
  pub_update_id   INTEGER REFERENCES progress_update(id),
  pub_status      TEXT NOT NULL DEFAULT 'niet_gestart',
  pub_health      TEXT NOT NULL DEFAULT 'grijs',
  pub_period_id   INTEGER REFERENCES reporting_period(id)
);

-- The latest update of an action point (of all periods, or published only).
CREATE VIEW action_point_latest AS
SELECT a.id AS action_point_id,
  (SELECT u.id FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
   WHERE u.action_point_id = a.id ORDER BY p.seq DESC, u.id DESC LIMIT 1) AS update_id,
  (SELECT u.id FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
   WHERE u.action_point_id = a.id AND p.state = 'published' ORDER BY p.seq DESC, u.id DESC LIMIT 1) AS pub_update_id
FROM action_point a;

-- Recompute the rows of the action points `ids` (both states, or only what
-- the public sees) from their latest updates.
CREATE FUNCTION lia_state_refresh(ids integer[], published_only boolean) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NOT published_only THEN
    UPDATE action_point_state SET
      update_id = l.update_id,
      status = COALESCE((SELECT status FROM progress_update WHERE id = l.update_id), 'niet_gestart'),
      health = COALESCE((SELECT health FROM progress_update WHERE id = l.update_id), 'grijs'),
      period_id = (SELECT period_id FROM progress_update WHERE id = l.update_id)
    FROM action_point_latest l
    WHERE l.action_point_id = action_point_state.action_point_id
      AND action_point_state.action_point_id = ANY (ids);
  END IF;
  UPDATE action_point_state SET
    pub_update_id = l.pub_update_id,
    pub_status = COALESCE((SELECT status FROM progress_update WHERE id = l.pub_update_id), 'niet_gestart'),
    pub_health = COALESCE((SELECT health FROM progress_update WHERE id = l.pub_update_id), 'grijs'),
    pub_period_id = (SELECT period_id FROM progress_update WHERE id = l.pub_update_id)
  FROM action_point_latest l
  WHERE l.action_point_id = action_point_state.action_point_id
    AND action_point_state.action_point_id = ANY (ids);
END $$;

CREATE FUNCTION lia_state_new() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN INSERT INTO action_point_state (action_point_id) VALUES (NEW.id); RETURN NULL; END $$;
CREATE TRIGGER action_point_state_new AFTER INSERT ON action_point
  FOR EACH ROW EXECUTE FUNCTION lia_state_new();

CREATE FUNCTION lia_state_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM lia_state_refresh(ARRAY[NEW.action_point_id], false); RETURN NULL; END $$;
CREATE TRIGGER action_point_state_update AFTER INSERT ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_state_update();

-- Publishing a period changes what the public sees for its action points.
CREATE FUNCTION lia_state_publish() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM lia_state_refresh(ARRAY(SELECT action_point_id FROM progress_update WHERE period_id = NEW.id), true);
  RETURN NULL;
END $$;
CREATE TRIGGER action_point_state_publish AFTER UPDATE OF state ON reporting_period
  FOR EACH ROW WHEN (NEW.state <> OLD.state) EXECUTE FUNCTION lia_state_publish();

-- Fill it for the data that is already there.
INSERT INTO action_point_state (action_point_id) SELECT id FROM action_point;
SELECT lia_state_refresh(ARRAY(SELECT id FROM action_point), false);

-- The views now read the stored state.
DROP VIEW action_point_current;
CREATE VIEW action_point_current AS
SELECT action_point_id, status, health, update_id, period_id FROM action_point_state;
DROP VIEW action_point_published;
CREATE VIEW action_point_published AS
SELECT action_point_id, pub_status AS status, pub_health AS health, pub_update_id AS update_id,
       pub_period_id AS period_id FROM action_point_state;
