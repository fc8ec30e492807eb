-- summary-en: search in action points, progress updates, interviews and events
-- summary-nl: zoeken in actiepunten, voortgang, interviews en activiteiten
-- 0010 (SQLite): full-text search over what people look for: action points
-- (code, title, description), progress updates (all their texts), the public
-- summaries of interviews (never the restricted notes) and events. Who may see
-- a hit is decided when searching (store/q_search.c), not here.
--
-- search_index is an FTS5 table; unicode61 with remove_diacritics 2 folds
-- case and accents ("cafe" finds "café"). Dutch word forms are found by the
-- query (Snowball stems with prefix matching, see q_search.c), not by the
-- tokenizer: FTS5's porter tokenizer is English only.
--
-- A document's rowid is its record's id * 4 + its kind (0 action point,
-- 1 progress update, 2 interview, 3 event); search_source gives every
-- document's text as it is now.
--
-- Why a queue: lia's connections run with trusted_schema off (hardening), and
-- then SQLite refuses a trigger that writes into a virtual table ("unsafe use
-- of virtual table"). So the triggers below only note which documents
-- changed, in search_dirty (a plain table, in the writer's transaction);
-- every search first brings those documents into search_index, in one
-- transaction, before it reads. A search therefore always sees every write
-- committed before it.

CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE search_dirty (doc INTEGER PRIMARY KEY);

CREATE VIEW search_source AS
SELECT id * 4 AS doc, code || ' ' || title AS title, description AS body FROM action_point
UNION ALL
SELECT id * 4 + 1, '', progress_md || ' ' || health_cause || ' ' || health_consequence || ' ' ||
       health_measures || ' ' || holder_assessment || ' ' || expert_assessment
FROM progress_update
UNION ALL
SELECT id * 4 + 2, '', public_summary FROM interview
UNION ALL
SELECT id * 4 + 3, name, description || ' ' || location || ' ' || accessibility FROM event;

CREATE TRIGGER search_action_new AFTER INSERT ON action_point
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (NEW.id * 4); END;
CREATE TRIGGER search_action_changed AFTER UPDATE ON action_point
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4), (NEW.id * 4); END;
CREATE TRIGGER search_action_gone AFTER DELETE ON action_point
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4); END;

CREATE TRIGGER search_update_new AFTER INSERT ON progress_update
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (NEW.id * 4 + 1); END;
CREATE TRIGGER search_update_changed AFTER UPDATE ON progress_update
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 1), (NEW.id * 4 + 1); END;
CREATE TRIGGER search_update_gone AFTER DELETE ON progress_update
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 1); END;

CREATE TRIGGER search_interview_new AFTER INSERT ON interview
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (NEW.id * 4 + 2); END;
CREATE TRIGGER search_interview_changed AFTER UPDATE ON interview
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 2), (NEW.id * 4 + 2); END;
CREATE TRIGGER search_interview_gone AFTER DELETE ON interview
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 2); END;

CREATE TRIGGER search_event_new AFTER INSERT ON event
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (NEW.id * 4 + 3); END;
CREATE TRIGGER search_event_changed AFTER UPDATE ON event
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 3), (NEW.id * 4 + 3); END;
CREATE TRIGGER search_event_gone AFTER DELETE ON event
BEGIN INSERT OR IGNORE INTO search_dirty (doc) VALUES (OLD.id * 4 + 3); END;

-- Everything that is already there goes in with the first search.
INSERT INTO search_dirty (doc) SELECT doc FROM search_source;
