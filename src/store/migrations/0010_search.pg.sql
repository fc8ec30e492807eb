-- summary-en: search in action points, progress updates, interviews and events
-- summary-nl: zoeken in actiepunten, voortgang, interviews en activiteiten
-- 0010 (PostgreSQL): full-text search over the same documents as
-- 0010_search.sqlite.sql: action points (code, title, description), progress
-- updates (all their texts), the public summaries of interviews (never the
-- restricted notes) and events. Who may see a hit is decided when searching
-- (store/q_search.c), not here.
--
-- A document's number is its record's id * 4 + its kind (0 action point,
-- 1 progress update, 2 interview, 3 event), as on SQLite. The words are kept
-- in a tsvector of the configuration lia_search: case and accents folded
-- (unaccent, a trusted extension the database's owner may create), no
-- stemming and no stop words, so a word is found as written, as on SQLite;
-- Dutch word forms are found by the query (Snowball stems as prefixes), the
-- same on both engines. Unlike SQLite's FTS5 table, the index is a plain
-- table, so the triggers keep it right in the writer's own transaction: no
-- queue.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION lia_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION lia_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

CREATE TABLE search_index (
  doc   bigint PRIMARY KEY,
  title text NOT NULL,
  body  text NOT NULL,
  words tsvector NOT NULL
);
CREATE INDEX search_index_words ON search_index USING gin (words);

-- Put document kind * of record rid into the index as it is now (or leave
-- it out when the record is gone).
CREATE FUNCTION lia_search_put(kind integer, rid bigint) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM search_index WHERE doc = rid * 4 + kind;
  INSERT INTO search_index (doc, title, body, words)
  SELECT rid * 4 + kind, s.title, s.body, to_tsvector('lia_search', s.title || ' ' || s.body)
  FROM (
    SELECT code || ' ' || title AS title, description AS body FROM action_point WHERE kind = 0 AND id = rid
    UNION ALL
    SELECT '', progress_md || ' ' || health_cause || ' ' || health_consequence || ' ' ||
           health_measures || ' ' || holder_assessment || ' ' || expert_assessment
    FROM progress_update WHERE kind = 1 AND id = rid
    UNION ALL
    SELECT '', public_summary FROM interview WHERE kind = 2 AND id = rid
    UNION ALL
    SELECT name, description || ' ' || location || ' ' || accessibility FROM event WHERE kind = 3 AND id = rid
  ) s
  WHERE s.title IS NOT NULL AND s.body IS NOT NULL;
END $$;

CREATE FUNCTION lia_search_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  kind integer := TG_ARGV[0]::integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_index WHERE doc = OLD.id * 4 + kind;
  ELSE
    IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
      DELETE FROM search_index WHERE doc = OLD.id * 4 + kind;
    END IF;
    PERFORM lia_search_put(kind, NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER search_action AFTER INSERT OR UPDATE OR DELETE ON action_point
  FOR EACH ROW EXECUTE FUNCTION lia_search_changed('0');
CREATE TRIGGER search_update AFTER INSERT OR UPDATE OR DELETE ON progress_update
  FOR EACH ROW EXECUTE FUNCTION lia_search_changed('1');
CREATE TRIGGER search_interview AFTER INSERT OR UPDATE OR DELETE ON interview
  FOR EACH ROW EXECUTE FUNCTION lia_search_changed('2');
CREATE TRIGGER search_event AFTER INSERT OR UPDATE OR DELETE ON event
  FOR EACH ROW EXECUTE FUNCTION lia_search_changed('3');

-- Everything that is already there.
SELECT lia_search_put(0, id) FROM action_point;
SELECT lia_search_put(1, id) FROM progress_update;
SELECT lia_search_put(2, id) FROM interview;
SELECT lia_search_put(3, id) FROM event;
