-- summary-en: the list of action points and its filter choices are read in order from indexes, so long lists load faster
-- summary-nl: de lijst met actiepunten en de keuzes om te filteren komen op volgorde uit indexen, zodat lange lijsten sneller laden
-- 0026 (PostgreSQL): the indexes of 0026_list_order.sqlite.sql for the
-- filter's choices (the dossier holders and CRPD articles that occur: a
-- look-up per person and article instead of a DISTINCT over every action
-- point), and the list's order (theme, then code). Not the title in the
-- index as on SQLite: PostgreSQL refuses an index entry over some 2,700
-- bytes, and a title has no limit in the database.
DROP INDEX IF EXISTS action_point_theme;
CREATE INDEX action_point_theme ON action_point (theme_id, code);
CREATE INDEX IF NOT EXISTS theme_position ON theme (position, id);
CREATE INDEX IF NOT EXISTS action_point_holder ON action_point (dossier_holder_id);
CREATE INDEX IF NOT EXISTS action_article_article ON action_article (article_number);
